//! Dated rows as an SVG timeline, counts per year as an SVG bar chart, written by hand (a few
//! hundred elements do not need a plotting crate).

use std::fmt::Write as _;

use super::DrawError;
use crate::model::Date;
use crate::query::{Answer, Body, EntityRow, Status, YearCount};

const FONT: &str = "Helvetica, Arial, sans-serif";
/// Width of one character of the 12px label font, a little generous so that labels never
/// run into each other.
const CHAR: f64 = 7.0;
const ROW: f64 = 20.0;
const PLOT: f64 = 760.0;
const YES: &str = "#b22222";
const MAYBE: &str = "#e8a0a0";

/// Draws the dated rows of `answer` as an SVG document: for a list, one line per row on a
/// common time axis, a day as a dot and a coarser or open date (a month, a year, a range,
/// `c. 1937`, `before 1940`) as a bar over every day it allows, open ends fading out to the
/// edge; for `… by year`, a bar per year (settled part solid, *possibly* part light) and a
/// bracket under the axis for rows whose date spans several years. Rows with no date are
/// named under the picture. A *possibly* row is drawn light.
///
/// Cost: linear in the rows.
///
/// # Errors
///
/// [`DrawError::Nothing`] if the answer has no dated rows (a figure, a count without `by
/// year`, a list with no dates); [`DrawError::TooMuch`] if it has more rows than
/// [`MAX_DRAWN`](super::MAX_DRAWN) (a count by year is drawn whatever it counts).
///
/// ```
/// let graph = annals::load("data")?;
/// let answer = graph.query("members of cc-1917 executed")?;
/// let svg = annals::draw::timeline(&answer)?;
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("Alexei Rykov"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn timeline(answer: &Answer) -> Result<String, DrawError> {
    match &answer.body {
        Body::CountByYear { years, .. } => bars(&answer.query, years),
        _ => {
            super::within_limit(answer.len(), "rows")?;
            rows(&answer.query, answer.rows())
        }
    }
}

/// A row placed on the axis: first and last day (open ends `None`).
struct Mark<'a> {
    row: &'a EntityRow,
    text: String,
    first: Option<i64>,
    last: Option<i64>,
}

fn rows(query: &str, rows: &[EntityRow]) -> Result<String, DrawError> {
    let mut marks = Vec::new();
    let mut undated = Vec::new();
    for row in rows {
        match &row.date {
            Some(date) => {
                let (a, b) = date.sort_key();
                marks.push(Mark {
                    row,
                    text: date.to_string(),
                    first: (a != i64::MIN).then_some(a),
                    last: (b != i64::MAX).then_some(b),
                });
            }
            None => undated.push(row),
        }
    }
    if marks.is_empty() {
        return Err(DrawError::Nothing);
    }
    marks.sort_by_key(|m| (m.first.or(m.last), m.last.or(m.first)));
    let known = marks.iter().flat_map(|m| [m.first, m.last]).flatten();
    let (lo, hi) = known.fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
    // Whole years around the data, so that the axis starts and ends on a tick.
    let (y0, y1) = (year_of(lo), year_of(hi));
    let (start, end) = (jan1(y0), jan1(y1 + 1));
    let name_w = marks
        .iter()
        .map(|m| m.row.name.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR
        + 16.0;
    let date_w = 16.0 * CHAR;
    let left = name_w;
    let top = 50.0;
    let width = (left + PLOT + date_w + 20.0).max(900.0);
    let x = |day: i64| left + (day - start) as f64 / (end - start).max(1) as f64 * PLOT;
    let plot_h = marks.len() as f64 * ROW;
    let undated_h = if undated.is_empty() { 0.0 } else { 40.0 };
    let height = top + plot_h + 50.0 + undated_h;

    let mut out = header(width, height, query);
    out.push_str(
        "<defs><linearGradient id=\"fade-right\"><stop offset=\"0\" stop-color=\"#b22222\"/><stop offset=\"1\" stop-color=\"#b22222\" stop-opacity=\"0\"/></linearGradient>\
<linearGradient id=\"fade-left\"><stop offset=\"0\" stop-color=\"#b22222\" stop-opacity=\"0\"/><stop offset=\"1\" stop-color=\"#b22222\"/></linearGradient></defs>\n",
    );
    // Year ticks and grid.
    let step = tick_step(y1 - y0 + 1);
    let axis_y = top + plot_h + 6.0;
    let _ = writeln!(
        out,
        "<line x1=\"{left:.1}\" y1=\"{axis_y:.1}\" x2=\"{:.1}\" y2=\"{axis_y:.1}\" stroke=\"#333\"/>",
        left + PLOT
    );
    let mut year = y0;
    while year <= y1 + 1 {
        let tx = x(jan1(year));
        let _ = writeln!(
            out,
            "<line x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/>",
            top - 6.0,
            axis_y
        );
        let _ = writeln!(
            out,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{year}</text>",
            axis_y + 16.0
        );
        year += step;
    }
    for (i, m) in marks.iter().enumerate() {
        let cy = top + i as f64 * ROW + ROW / 2.0;
        let light = m.row.status != Status::Yes;
        let color = if light { MAYBE } else { YES };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            cy + 4.0,
            esc(&m.row.name)
        );
        let title = format!("{}: {} ({})", m.row.name, m.text, m.row.status.word());
        let end_x = match (m.first, m.last) {
            (Some(a), Some(b)) if a == b => {
                let cx = x(a);
                let _ = writeln!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4\" fill=\"{color}\"><title>{}</title></circle>",
                    esc(&title)
                );
                cx + 4.0
            }
            (a, b) => {
                let x1 = a.map_or(left, &x);
                // A range covers its last day too.
                let x2 = b.map_or(left + PLOT, |b| x(b + 1));
                let w = (x2 - x1).max(3.0);
                let fill = match (a, b, light) {
                    (None, _, _) => "url(#fade-left)",
                    (_, None, _) => "url(#fade-right)",
                    (_, _, true) => MAYBE,
                    _ => YES,
                };
                let _ = writeln!(
                    out,
                    "<rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"8\" rx=\"3\" fill=\"{fill}\" fill-opacity=\"0.55\" stroke=\"{color}\"><title>{}</title></rect>",
                    cy - 4.0,
                    esc(&title)
                );
                x1 + w
            }
        };
        let label = if light {
            format!("{} (possibly)", m.text)
        } else {
            m.text.clone()
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{}</text>",
            end_x + 5.0,
            cy + 3.5,
            esc(&label)
        );
    }
    if !undated.is_empty() {
        let names: Vec<&str> = undated.iter().map(|r| r.name.as_str()).collect();
        let _ = writeln!(
            out,
            "<text x=\"10\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">no date: {}</text>",
            axis_y + 40.0,
            esc(&names.join(", "))
        );
    }
    out.push_str(&legend(
        10.0,
        height - 8.0,
        "a day: a dot · a month, a year, a range or an open date (by, before, after): a bar over every day it allows, fading where it is open · light: possibly",
    ));
    out.push_str("</svg>\n");
    Ok(out)
}

/// A year's entry of a count by year: a single year, a span of years, or undated.
enum Slot {
    Year(i32),
    Span(i32, i32),
    Undated,
}

fn slot(text: &str) -> Slot {
    if let Ok(y) = text.parse() {
        return Slot::Year(y);
    }
    let mut parts = text.split(['–', '-']);
    match (
        parts.next().and_then(|a| a.trim().parse().ok()),
        parts.next().and_then(|b| b.trim().parse().ok()),
    ) {
        (Some(a), Some(b)) => Slot::Span(a, b),
        _ => Slot::Undated,
    }
}

fn bars(query: &str, years: &[YearCount]) -> Result<String, DrawError> {
    let slots: Vec<(Slot, &YearCount)> = years.iter().map(|y| (slot(&y.year), y)).collect();
    let bounds = slots.iter().flat_map(|(s, _)| match s {
        Slot::Year(y) => vec![*y],
        Slot::Span(a, b) => vec![*a, *b],
        Slot::Undated => vec![],
    });
    let (y0, y1) = bounds.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if y0 > y1 {
        return Err(DrawError::Nothing);
    }
    let n = (y1 - y0 + 1) as f64;
    let slot_w = (PLOT / n).clamp(4.0, 60.0);
    let plot_w = slot_w * n;
    let max = years
        .iter()
        .map(|y| y.count + y.possibly)
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.08;
    let (left, top, plot_h) = (50.0, 50.0, 300.0);
    let spans: Vec<&(Slot, &YearCount)> = slots
        .iter()
        .filter(|(s, _)| matches!(s, Slot::Span(..)))
        .collect();
    let undated: usize = slots
        .iter()
        .filter(|(s, _)| matches!(s, Slot::Undated))
        .map(|(_, y)| y.count + y.possibly)
        .sum();
    let axis_y = top + plot_h;
    let spans_top = axis_y + 34.0;
    let height =
        spans_top + spans.len() as f64 * 22.0 + if undated > 0 { 30.0 } else { 0.0 } + 30.0;
    let width = (left + plot_w + 40.0).max(640.0);
    let mut out = header(width, height, query);
    let h = |count: f64| count / max * plot_h;
    // Count ticks: about five.
    let step = nice_step(max);
    let mut t = 0.0;
    while t <= max {
        let ty = axis_y - h(t);
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\" stroke=\"#eee\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{t}</text>",
            left + plot_w,
            left - 6.0,
            ty + 3.5
        );
        t += step;
    }
    let _ = writeln!(
        out,
        "<line x1=\"{left}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#333\"/>",
        left + plot_w
    );
    let label_every = tick_step(y1 - y0 + 1).max(((CHAR * 5.0) / slot_w).ceil() as i32);
    for year in y0..=y1 {
        let sx = left + (year - y0) as f64 * slot_w;
        if (year - y0) % label_every == 0 {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{year}</text>",
                sx + slot_w / 2.0,
                axis_y + 16.0
            );
        }
    }
    for (s, y) in &slots {
        let Slot::Year(year) = s else { continue };
        let sx = left + (year - y0) as f64 * slot_w + slot_w * 0.1;
        let bw = slot_w * 0.8;
        let yes_h = h(y.count as f64);
        let maybe_h = h(y.possibly as f64);
        let title = if y.possibly > 0 {
            format!("{year}: {} (+{} possibly)", y.count, y.possibly)
        } else {
            format!("{year}: {}", y.count)
        };
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{sx:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{yes_h:.1}\" fill=\"{YES}\"/>",
            esc(&title),
            axis_y - yes_h
        );
        if y.possibly > 0 {
            let _ = writeln!(
                out,
                "<rect x=\"{sx:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{maybe_h:.1}\" fill=\"{MAYBE}\" stroke=\"{YES}\" stroke-dasharray=\"3,2\"/>",
                axis_y - yes_h - maybe_h
            );
        }
        out.push_str("</g>\n");
        if slot_w >= CHAR * 3.0 {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                sx + bw / 2.0,
                axis_y - yes_h - maybe_h - 4.0,
                if y.possibly > 0 {
                    format!("{}+{}", y.count, y.possibly)
                } else {
                    y.count.to_string()
                }
            );
        }
    }
    // Rows whose date spans years: a bracket over the years they may fall in.
    for (i, (s, y)) in spans.iter().enumerate() {
        let Slot::Span(a, b) = s else { continue };
        let x1 = left + (a - y0) as f64 * slot_w + 2.0;
        let x2 = left + (b - y0 + 1) as f64 * slot_w - 2.0;
        let sy = spans_top + i as f64 * 22.0;
        let text = format!("{} in {}", y.count + y.possibly, y.year);
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"3\" fill=\"{MAYBE}\" stroke=\"{YES}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{}</text></g>",
            esc(&format!("{text}: the date leaves the year open")),
            sy - 4.0,
            x2 - x1,
            x2 + 6.0,
            sy + 4.0,
            esc(&text)
        );
    }
    if undated > 0 {
        let _ = writeln!(
            out,
            "<text x=\"{left}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">undated: {undated}</text>",
            spans_top + spans.len() as f64 * 22.0 + 10.0
        );
    }
    out.push_str(&legend(
        10.0,
        height - 8.0,
        "solid: settled · light: possibly · bars under the axis: a date open over several years",
    ));
    out.push_str("</svg>\n");
    Ok(out)
}

fn header(width: f64, height: f64, query: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"{FONT}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">annals&gt; {}</text>\n",
        esc(query)
    )
}

fn legend(left: f64, y: f64, text: &str) -> String {
    format!(
        "<text x=\"{left:.1}\" y=\"{y:.1}\" font-size=\"10\" fill=\"#777\">{}</text>\n",
        esc(text)
    )
}

fn year_of(day: i64) -> i32 {
    // Day numbers are not exposed; find the year by the Gregorian calendar's Jan 1sts.
    let mut year = 1900;
    while year > 100 && jan1(year) > day {
        year -= 100;
    }
    while year < 9999 && jan1(year + 1) <= day {
        year += 1;
    }
    year
}

fn jan1(year: i32) -> i64 {
    Date::year(year).map_or(0, |d| d.sort_key().0)
}

/// Years between labelled ticks so that there are at most about twelve.
fn tick_step(years: i32) -> i32 {
    match years {
        ..=12 => 1,
        13..=25 => 2,
        26..=60 => 5,
        61..=120 => 10,
        _ => 25,
    }
}

fn nice_step(max: f64) -> f64 {
    let raw = max / 5.0;
    [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
    ]
    .into_iter()
    .find(|s| *s >= raw)
    .unwrap_or(raw.ceil())
}

/// Text escaped for XML content and attributes.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
