//! Answers as text: aligned tables, evidence chains (`why`), conflicts and checks, written
//! to an `io::Write` a row at a time ([`Out`]); [`Answer::table`] is that writer writing into a
//! buffer.

use std::borrow::Cow;
use std::io;
use std::ops::{Deref, DerefMut};

use super::answer::{Answer, Body, Evidence, ValueRow};
use super::listing;
use super::rows::Rows;
use crate::model::Date;

impl Answer<'_> {
    /// The answer as an aligned table, with at most `max_rows` rows and a line that says how
    /// many were left out: what [`Answer::write_table`] writes, collected into a `String`.
    ///
    /// Cost: O(size of the answer): linear in its rows (and, with `why`, their evidence),
    /// formatted on each call; the whole text is held. To print a large answer, write it with
    /// [`Answer::write_table`] instead.
    pub fn table(&self, max_rows: Option<usize>) -> String {
        let mut text = String::new();
        // Writing into a `String` cannot fail.
        let _ = self.write_to(Out::to(Target::Fmt(&mut text)), max_rows);
        text
    }

    /// Writes the answer as an aligned table to `out`, with at most `max_rows` rows and a line
    /// that says how many were left out: the same bytes as [`Answer::table`], without ever
    /// holding them all.
    ///
    /// Entity rows not rendered yet are rendered one at a time from their ids and dropped once
    /// written (see [`Rows::rendered`](super::Rows::rendered)): with `why`, each row and its
    /// evidence in turn; a table's columns are aligned, so its cells (names, ids, dates,
    /// source ids: no statement is built) are read twice, once to measure the columns and
    /// once to write the lines. Memory: the answer as ids (which it is already), one row, and
    /// a buffer of about 8 KiB that is handed to `out` between rows, so `out` needs no buffer
    /// of its own.
    ///
    /// Cost: O(size of the answer) time, like [`Answer::table`]; a table without `why` reads
    /// each row's cells twice.
    ///
    /// `out` is not flushed: flush it (or drop a `BufWriter`) when the answer should be seen.
    ///
    /// # Errors
    ///
    /// The first error `out` returns (a closed pipe, a full disk); writing stops there, and
    /// what was written before it stays written.
    ///
    /// ```
    /// let graph = annals::bundled();
    /// let answer = graph.query("why members of cc-1917 executed in 1938")?;
    /// let mut out = Vec::new();
    /// answer.write_table(&mut out, None)?;
    /// assert_eq!(String::from_utf8(out).unwrap(), answer.table(None));
    /// assert_eq!(answer.to_string(), answer.table(None)); // `Display` writes the same
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_table<W: io::Write>(&self, mut out: W, max_rows: Option<usize>) -> io::Result<()> {
        self.write_to(Out::new(&mut out), max_rows)
    }

    /// The table into a formatter: what [`Answer::write_table`] writes, as `Display` shows
    /// it. Cost: as [`Answer::table`], without holding the whole text twice.
    pub(super) fn format_table(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(Out::to(Target::Fmt(f)), None)
            .map_err(|_| std::fmt::Error)
    }

    fn write_to(&self, mut out: Out<'_>, max_rows: Option<usize>) -> io::Result<()> {
        self.body_lines(&mut out, max_rows.unwrap_or(usize::MAX))?;
        // `as of`: say which sources could not be placed before the date.
        if let Some(as_of) = self.as_of.as_ref().filter(|a| !a.left_out.is_empty()) {
            out.push_str(&format!("{as_of}\n"));
        }
        out.finish()
    }

    fn body_lines(&self, out: &mut Out<'_>, limit: usize) -> io::Result<()> {
        match &self.body {
            Body::Rows { rows } => entity_table(out, rows, self.why, limit),
            Body::Values { rows } => value_table(out, rows, self.why, limit),
            Body::Sources { rows } => listing::sources_table(out, rows, limit),
            Body::CountEach { rows } => listing::counts_table(out, rows, limit),
            Body::Claims { rows } => listing::claims_list(out, rows, limit),
            Body::Quotes { rows } => listing::quotes_table(out, rows, self.why, limit),
            Body::Connections { from, to, chains } => {
                listing::chains_list(out, from, to, chains, self.why)
            }
            Body::Conflicts { conflicts } => conflict_lines(out, conflicts, self.why, limit),
            Body::Check { checks } => check_lines(out, checks, self.why, limit),
            Body::Count { count, split, rows } => {
                match split {
                    Some(split) => out.push_str(&format!("{count} of {}: {split}\n", split.whole)),
                    None => out.push_str(&format!("{count}\n")),
                }
                if self.why {
                    entity_table(out, rows, true, limit)?;
                }
                Ok(())
            }
            Body::CountByYear { years, rows } => {
                let table: Vec<Vec<String>> = years
                    .iter()
                    .map(|y| {
                        let possibly = if y.possibly > 0 {
                            format!("+{} possibly", y.possibly)
                        } else {
                            String::new()
                        };
                        vec![y.year.clone(), y.count.to_string(), possibly]
                    })
                    .collect();
                aligned(out, &["year", "count", ""], &table, usize::MAX)?;
                if years.iter().all(|y| y.year == "undated") && !years.is_empty() {
                    out.push_str("(no row has a date to group by)\n");
                }
                if self.why {
                    entity_table(out, rows, true, limit)?;
                }
                Ok(())
            }
            Body::CountPer { per, groups } => {
                // Names and ids borrowed from the graph, the count formatted per row.
                aligned_by(
                    out,
                    &[per.as_str(), "id", "count"],
                    groups.len(),
                    limit,
                    &mut |row| {
                        groups.each(limit, |name, id, count| {
                            row(&[name, id, count.to_string().as_str()])
                        })
                    },
                )
            }
            Body::Share {
                part,
                whole,
                percent,
                split,
                rows,
            } => {
                out.push_str(&format!("{} of {}", part, whole));
                if let Some(p) = percent {
                    out.push_str(&format!(" ({p:.1}%)"));
                }
                out.push_str(&format!(": {split}\n"));
                if self.why {
                    entity_table(out, rows, true, limit)?;
                }
                Ok(())
            }
        }
    }
}

/// Text on its way to a writer: the table code pushes pieces into a `String` (`Out`
/// dereferences to it), and [`Out::spill`], called between rows, hands the text to the writer
/// once it holds [`SPILL`] bytes. A line is always whole in the buffer when it is pushed, so
/// the code that cuts a line's trailing white space can read it back.
pub(super) struct Out<'w> {
    text: String,
    to: Target<'w>,
}

/// Where [`Out`] writes: a writer, or a formatter (`Display`, `to_string`), which takes the
/// text as it is, with no copy into bytes to check back into a `String`.
enum Target<'w> {
    Io(&'w mut dyn io::Write),
    Fmt(&'w mut dyn std::fmt::Write),
}

impl Target<'_> {
    fn write(&mut self, text: &str) -> io::Result<()> {
        match self {
            Target::Io(to) => to.write_all(text.as_bytes()),
            Target::Fmt(to) => to.write_str(text).map_err(io::Error::other),
        }
    }
}

/// How much text [`Out`] gathers before writing it: large enough that a writer without a
/// buffer of its own is written in few pieces, small beside any answer worth streaming.
const SPILL: usize = 8 * 1024;

impl<'w> Out<'w> {
    fn new(to: &'w mut dyn io::Write) -> Self {
        Out::to(Target::Io(to))
    }

    fn to(to: Target<'w>) -> Self {
        // Grown as text comes: a small answer allocates only what it needs.
        Out {
            text: String::new(),
            to,
        }
    }

    /// Between rows: writes the text gathered if there is enough of it.
    pub(super) fn spill(&mut self) -> io::Result<()> {
        if self.text.len() >= SPILL {
            self.to.write(&self.text)?;
            self.text.clear();
        }
        Ok(())
    }

    /// Writes what is left (the writer is not flushed: that is its owner's call).
    fn finish(mut self) -> io::Result<()> {
        self.to.write(&self.text)?;
        self.text.clear();
        Ok(())
    }
}

impl Deref for Out<'_> {
    type Target = String;

    fn deref(&self) -> &String {
        &self.text
    }
}

impl DerefMut for Out<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.text
    }
}

fn sources_cell(evidence: &[Evidence]) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for e in evidence.iter().filter(|e| !e.set_aside) {
        for s in &e.sources {
            if !ids.contains(&s.id.as_str()) {
                ids.push(&s.id);
            }
        }
    }
    ids.join(", ")
}

/// The entity rows as a table, or with `why` each with its evidence; only the rows shown are
/// rendered, one at a time.
fn entity_table(out: &mut Out<'_>, rows: &Rows<'_>, why: bool, limit: usize) -> io::Result<()> {
    if why {
        if rows.is_empty() {
            out.push_str("(no rows)\n");
        }
        for row in rows.rendered().take(limit) {
            out.push_str(&format!("{} ({}): {}", row.name, row.id, row.status.word()));
            if let Some(date) = &row.date {
                out.push_str(&format!(", {date}"));
            }
            out.push('\n');
            if row.evidence.is_empty() {
                out.push_str("  (no claim needed: it is named in the query)\n");
            }
            for e in &row.evidence {
                evidence_lines(out, e);
            }
            out.spill()?;
        }
        more(out, rows.len(), limit);
        return Ok(());
    }
    // Rows not rendered yet give their cells from ids: a table shows no statement.
    const HEADER: [&str; 5] = ["name", "id", "status", "date", "sources"];
    aligned_by(out, &HEADER, rows.len(), limit, &mut |row| {
        if let Some(result) = rows.each_cells(limit, |cells| row(&cells)) {
            return result;
        }
        for r in rows.rendered().take(limit) {
            let date = r.date.as_ref().map(Date::to_string).unwrap_or_default();
            let sources = sources_cell(&r.evidence);
            row(&[r.name.as_str(), &r.id, r.status.word(), &date, &sources])?;
        }
        Ok(())
    })
}

pub(super) fn evidence_lines(out: &mut String, e: &Evidence) {
    evidence_at(out, e, 1);
}

/// One claim of a row's evidence at an indentation `depth`; an inferred claim shows its rule
/// and, one level deeper, the claims it rests on.
fn evidence_at(out: &mut String, e: &Evidence, depth: usize) {
    let pad = "  ".repeat(depth);
    let mut tags = e.certainty.to_string();
    if let Some(rank) = &e.rank {
        tags.push_str(&format!(", {rank}"));
    }
    if e.set_aside {
        tags.push_str(", set aside");
    }
    out.push_str(&format!("{pad}- {} [{tags}]\n", e.statement));
    if let Some(inference) = &e.inferred {
        out.push_str(&format!(
            "{pad}    inferred by rule {} from:\n",
            inference.rule
        ));
        for premise in &inference.from {
            evidence_at(out, premise, depth + 2);
        }
        return;
    }
    for s in &e.sources {
        out.push_str(&format!("{pad}    {} ({})", s.name, s.id));
        if let Some(via) = &s.via {
            out.push_str(&format!(", via {via}"));
        }
        if let Some(locator) = &s.locator {
            out.push_str(&format!(", {locator}"));
        }
        out.push('\n');
        if let Some(quote) = &s.quote {
            out.push_str(&format!("{pad}    \"{quote}\"\n"));
        }
    }
    if let Some(note) = &e.note {
        out.push_str(&format!("{pad}    note: {note}\n"));
    }
}

fn conflict_lines(
    out: &mut Out<'_>,
    conflicts: &[super::conflicts::Conflict],
    why: bool,
    limit: usize,
) -> io::Result<()> {
    if conflicts.is_empty() {
        out.push_str("(no conflicts)\n");
        return Ok(());
    }
    for c in conflicts.iter().take(limit) {
        out.push_str(&format!("{} ({}): {}\n", c.name, c.id, c.what));
        for side in &c.sides {
            if why {
                out.push_str(&format!("  {}\n", side.value));
                for e in &side.evidence {
                    evidence_at(out, e, 2);
                }
            } else {
                out.push_str(&format!(
                    "  {}  [{}]\n",
                    side.value,
                    sources_cell(&side.evidence)
                ));
            }
        }
        out.spill()?;
    }
    more(out, conflicts.len(), limit);
    Ok(())
}

fn check_lines(
    out: &mut Out<'_>,
    checks: &[super::check::Check],
    why: bool,
    limit: usize,
) -> io::Result<()> {
    if checks.is_empty() {
        out.push_str("(no figures to check)\n");
        return Ok(());
    }
    for c in checks.iter().take(limit) {
        let mut head = format!("{} {}: {}", c.name, c.relation, c.figure);
        if let Some(scope) = &c.scope {
            head.push_str(&format!(" ({scope})"));
        }
        if let Some(at) = &c.at {
            head.push_str(&format!(" at {at}"));
        }
        out.push_str(&format!(
            "{head} [{}]: {}\n",
            sources_cell(std::slice::from_ref(&c.claim)),
            c.verdict.word()
        ));
        if let Some(counted) = &c.counted {
            out.push_str(&format!("  counted: {counted}\n"));
        }
        out.push_str(&format!("  {}\n", c.reason));
        if why {
            out.push_str("  the figure:\n");
            evidence_at(out, &c.claim, 2);
            if !c.against.is_empty() {
                out.push_str("  settled against it:\n");
                for row in &c.against {
                    out.push_str(&format!("    {} ({})\n", row.name, row.id));
                    for e in &row.evidence {
                        evidence_at(out, e, 3);
                    }
                }
            }
            if !c.compared.is_empty() {
                out.push_str("  other figures:\n");
                for e in &c.compared {
                    evidence_at(out, e, 2);
                }
            }
        }
        out.spill()?;
    }
    more(out, checks.len(), limit);
    Ok(())
}

fn value_table(out: &mut Out<'_>, rows: &[ValueRow], why: bool, limit: usize) -> io::Result<()> {
    if why {
        if rows.is_empty() {
            out.push_str("(no rows)\n");
        }
        for row in rows.iter().take(limit) {
            out.push_str(&format!("{} {}: {}", row.name, row.relation, row.value));
            if let Some(at) = &row.at {
                out.push_str(&format!(" ({at})"));
            }
            out.push('\n');
            evidence_lines(out, &row.evidence);
            out.spill()?;
        }
        more(out, rows.len(), limit);
        return Ok(());
    }
    let header = [
        "name",
        "value",
        "scope",
        "at",
        "certainty",
        "status",
        "sources",
    ];
    aligned_map(out, &header, rows, limit, |r| {
        let value = match &r.unit {
            Some(unit) if !r.value.ends_with('%') && !r.value.contains(" of ") => {
                format!("{} {unit}", r.value)
            }
            _ => r.value.clone(),
        };
        vec![
            r.name.clone(),
            value,
            r.scope.clone().unwrap_or_default(),
            r.at.as_ref().map(Date::to_string).unwrap_or_default(),
            r.evidence.certainty.to_string(),
            r.status.word().to_owned(),
            sources_cell(std::slice::from_ref(&r.evidence)),
        ]
    })
}

/// Prints a table with columns padded to their widest cell; empty columns are left out.
pub(super) fn aligned(
    out: &mut Out<'_>,
    header: &[&str],
    rows: &[Vec<String>],
    limit: usize,
) -> io::Result<()> {
    aligned_map(out, header, rows, limit, Clone::clone)
}

/// [`aligned`] of `items`, each row's cells made by `cells` when it is measured and again when
/// it is written, so that no table of strings is held.
pub(super) fn aligned_map<T>(
    out: &mut Out<'_>,
    header: &[&str],
    items: &[T],
    limit: usize,
    cells: impl Fn(&T) -> Vec<String>,
) -> io::Result<()> {
    aligned_by(out, header, items.len(), limit, &mut |row| {
        for item in items.iter().take(limit) {
            let cells = cells(item);
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(&cells)?;
        }
        Ok(())
    })
}

/// What [`aligned_by`] reads a table from: called with a function to give each row's cells
/// to, it gives it the cells of the first `limit` rows in order, and stops at the first error
/// it returns. It is called twice: to measure the columns, then to write the lines.
type Visit<'a> = dyn FnMut(&mut dyn FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> + 'a;

/// The most rows [`aligned_by`] keeps from its first pass to its second (their escaped cells
/// in one buffer) instead of making them again: a table this small is written from one pass,
/// as cheaply as before answers were streamed; a larger one holds only its columns' widths.
const KEPT_ROWS: usize = 1_024;

/// A table of the first rows of `total` (at most `limit`; the rest left out and said so),
/// with columns padded to their widest cell and empty columns left out. Up to [`KEPT_ROWS`]
/// rows are read once and their cells kept; more are read twice, from `rows`: a first pass
/// measures every cell and keeps only each column's width, the second writes the lines,
/// handing the text to the writer between rows, so that no cell is kept from one pass to the
/// next. Cost: one pass over the rows' cells, or two past [`KEPT_ROWS`].
pub(super) fn aligned_by(
    out: &mut Out<'_>,
    header: &[&str],
    total: usize,
    limit: usize,
    rows: &mut Visit<'_>,
) -> io::Result<()> {
    aligned_keeping(out, header, total, limit, rows, KEPT_ROWS)
}

/// About how many bytes a table's cell takes, to reserve room for the cells kept.
const CELL_BYTES: usize = 16;

/// [`aligned_by`], keeping the cells of up to `most_kept` rows.
fn aligned_keeping(
    out: &mut Out<'_>,
    header: &[&str],
    total: usize,
    limit: usize,
    rows: &mut Visit<'_>,
    most_kept: usize,
) -> io::Result<()> {
    // Control characters and reordering marks in names are escaped, not sent raw. Each
    // column's widest cell in characters; a row's missing cells are empty.
    let columns = header.len();
    let mut widest = vec![0; columns];
    let mut shown = 0;
    let keeps = total.min(limit) <= most_kept;
    // With `keeps`: every cell escaped, in one buffer, as (end in `text`, width) in order.
    let mut text = String::new();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    if keeps {
        // Room for every cell at once, rather than grown by doublings (each a copy).
        let cells = total.min(limit).saturating_mul(columns);
        kept.reserve(cells);
        text.reserve(cells.saturating_mul(CELL_BYTES));
    }
    rows(&mut |row| {
        shown += 1;
        for (c, widest) in widest.iter_mut().enumerate() {
            let width = match row.get(c) {
                Some(cell) if keeps => {
                    let (escaped, width) = crate::text::escape_with_width(cell);
                    text.push_str(&escaped);
                    width
                }
                Some(cell) => crate::text::escape_with_width(cell).1,
                None => 0,
            };
            if keeps {
                kept.push((text.len(), width));
            }
            *widest = width.max(*widest);
        }
        Ok(())
    })?;
    if shown == 0 {
        out.push_str("(no rows)\n");
        return Ok(());
    }
    let keep: Vec<usize> = (0..columns).filter(|c| widest[*c] > 0).collect();
    let widths: Vec<usize> = keep
        .iter()
        .map(|c| widest[*c].max(header[*c].chars().count()))
        .collect();
    let header: Vec<(&str, usize)> = keep
        .iter()
        .map(|c| (header[*c], header[*c].chars().count()))
        .collect();
    push_line(out, &widths, &mut header.iter().copied());
    out.spill()?;
    if keeps {
        let mut start = 0;
        let cells: Vec<(&str, usize)> = kept
            .iter()
            .map(|&(end, width)| {
                let cell = (&text[start..end], width);
                start = end;
                cell
            })
            .collect();
        for row in cells.chunks(columns) {
            push_line(out, &widths, &mut keep.iter().map(|c| row[*c]));
        }
    } else {
        rows(&mut |row| {
            let cells: Vec<(Cow<'_, str>, usize)> = keep
                .iter()
                .map(|c| {
                    row.get(*c).map_or((Cow::Borrowed(""), 0), |cell| {
                        crate::text::escape_with_width(cell)
                    })
                })
                .collect();
            push_line(
                out,
                &widths,
                &mut cells.iter().map(|(cell, n)| (&**cell, *n)),
            );
            out.spill()
        })?;
    }
    more(out, total, limit);
    Ok(())
}

/// One line of a table: each cell padded to its column's width in characters, two spaces
/// between, the line's trailing white space cut.
fn push_line(out: &mut String, widths: &[usize], cells: &mut dyn Iterator<Item = (&str, usize)>) {
    const SPACES: &str = "                                                                ";
    let last = widths.len().saturating_sub(1);
    let start = out.len();
    for (i, ((cell, n), w)) in cells.zip(widths).enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        out.push_str(cell);
        // The last column is not padded: the line's trailing white space is cut.
        let mut pad = if i == last { 0 } else { w.saturating_sub(n) };
        while pad > 0 {
            let step = pad.min(SPACES.len());
            out.push_str(&SPACES[..step]);
            pad -= step;
        }
    }
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
    out.push('\n');
}

fn more(out: &mut String, total: usize, limit: usize) {
    if total > limit {
        out.push_str(&format!("… {} more rows ({total} in all)\n", total - limit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table written from one pass with its cells kept is the table written from two.
    #[test]
    fn kept_and_streamed_tables_are_the_same() {
        let header = ["name", "id", "empty", "note"];
        let rows: Vec<Vec<String>> = (0..300)
            .map(|i| {
                vec![
                    format!("Name {}", "x".repeat(i % 17)),
                    format!("id-{i}"),
                    String::new(),
                    if i % 3 == 0 {
                        "ünïcödé\u{202e}".to_owned()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let table = |most_kept: usize, limit: usize| {
            let mut bytes = Vec::new();
            let mut out = Out::new(&mut bytes);
            let mut visit = |row: &mut dyn FnMut(&[&str]) -> io::Result<()>| {
                for r in rows.iter().take(limit) {
                    let cells: Vec<&str> = r.iter().map(String::as_str).collect();
                    row(&cells)?;
                }
                Ok(())
            };
            aligned_keeping(&mut out, &header, rows.len(), limit, &mut visit, most_kept).unwrap();
            out.finish().unwrap();
            String::from_utf8(bytes).unwrap()
        };
        for limit in [0, 1, 50, 300, usize::MAX] {
            let kept = table(usize::MAX, limit);
            assert_eq!(kept, table(0, limit), "limit {limit}");
        }
        assert!(table(usize::MAX, usize::MAX).contains("id-299"));
    }
}
