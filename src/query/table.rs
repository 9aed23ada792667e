//! Answers as text: aligned tables, evidence chains (`why`), conflicts and checks.

use super::answer::{Answer, Body, Evidence, ValueRow};
use super::listing;
use super::rows::Rows;
use crate::model::Date;
use std::borrow::Cow;

impl Answer<'_> {
    /// The answer as an aligned table, with at most `max_rows` rows and a line that says how
    /// many were left out.
    ///
    /// Cost: O(size of the answer): linear in its rows (and, with `why`, their evidence),
    /// formatted on each call.
    pub fn table(&self, max_rows: Option<usize>) -> String {
        let mut out = String::new();
        let limit = max_rows.unwrap_or(usize::MAX);
        match &self.body {
            Body::Rows { rows } => entity_table(&mut out, rows, self.why, limit),
            Body::Values { rows } => value_table(&mut out, rows, self.why, limit),
            Body::Sources { rows } => listing::sources_table(&mut out, rows, limit),
            Body::CountEach { rows } => listing::counts_table(&mut out, rows, limit),
            Body::Claims { rows } => listing::claims_list(&mut out, rows, limit),
            Body::Quotes { rows } => listing::quotes_table(&mut out, rows, self.why, limit),
            Body::Connections { from, to, chains } => {
                listing::chains_list(&mut out, from, to, chains, self.why)
            }
            Body::Conflicts { conflicts } => conflict_lines(&mut out, conflicts, self.why, limit),
            Body::Check { checks } => check_lines(&mut out, checks, self.why, limit),
            Body::Count { count, split, rows } => {
                match split {
                    Some(split) => out.push_str(&format!("{count} of {}: {split}\n", split.whole)),
                    None => out.push_str(&format!("{count}\n")),
                }
                if self.why {
                    entity_table(&mut out, rows, true, limit);
                }
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
                aligned(&mut out, &["year", "count", ""], &table, usize::MAX);
                if years.iter().all(|y| y.year == "undated") && !years.is_empty() {
                    out.push_str("(no row has a date to group by)\n");
                }
                if self.why {
                    entity_table(&mut out, rows, true, limit);
                }
            }
            Body::CountPer { per, groups } => {
                let table: Vec<Vec<String>> = groups
                    .iter()
                    .map(|g| vec![g.name.clone(), g.id.clone(), g.count.to_string()])
                    .collect();
                aligned(&mut out, &[per.as_str(), "id", "count"], &table, limit);
                more(&mut out, groups.len(), limit);
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
                    entity_table(&mut out, rows, true, limit);
                }
            }
        }
        // `as of`: say which sources could not be placed before the date.
        if let Some(as_of) = self.as_of.as_ref().filter(|a| !a.left_out.is_empty()) {
            out.push_str(&format!("{as_of}\n"));
        }
        out
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
/// rendered.
fn entity_table(out: &mut String, rows: &Rows<'_>, why: bool, limit: usize) {
    if why {
        let shown = rows.first(limit);
        if rows.is_empty() {
            out.push_str("(no rows)\n");
        }
        for row in shown.iter() {
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
        }
        more(out, rows.len(), limit);
        return;
    }
    // Rows not rendered yet give their cells from ids: a table shows no statement.
    const HEADER: [&str; 5] = ["name", "id", "status", "date", "sources"];
    if let Some(cells) = rows.first_cells(limit) {
        let table: Vec<[&str; 5]> = cells.rows().collect();
        aligned_of(out, &HEADER, &table, rows.len(), limit);
        return;
    }
    let shown = rows.first(limit);
    let table: Vec<[Cow<'_, str>; 5]> = shown
        .iter()
        .map(|r| {
            [
                Cow::Borrowed(r.name.as_str()),
                Cow::Borrowed(r.id.as_str()),
                Cow::Borrowed(r.status.word()),
                Cow::Owned(r.date.as_ref().map(Date::to_string).unwrap_or_default()),
                Cow::Owned(sources_cell(&r.evidence)),
            ]
        })
        .collect();
    aligned_of(out, &HEADER, &table, rows.len(), limit);
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
    out: &mut String,
    conflicts: &[super::conflicts::Conflict],
    why: bool,
    limit: usize,
) {
    if conflicts.is_empty() {
        out.push_str("(no conflicts)\n");
        return;
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
    }
    more(out, conflicts.len(), limit);
}

fn check_lines(out: &mut String, checks: &[super::check::Check], why: bool, limit: usize) {
    if checks.is_empty() {
        out.push_str("(no figures to check)\n");
        return;
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
    }
    more(out, checks.len(), limit);
}

fn value_table(out: &mut String, rows: &[ValueRow], why: bool, limit: usize) {
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
        }
        more(out, rows.len(), limit);
        return;
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
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
        .collect();
    aligned(
        out,
        &[
            "name",
            "value",
            "scope",
            "at",
            "certainty",
            "status",
            "sources",
        ],
        &table,
        limit,
    );
}

/// Prints a table with columns padded to their widest cell; empty columns are left out.
pub(super) fn aligned(out: &mut String, header: &[&str], rows: &[Vec<String>], limit: usize) {
    aligned_of(out, header, rows, rows.len(), limit);
}

/// [`aligned`] for the first rows of `total`, the rest left out.
fn aligned_of<S: AsRef<str>, R: AsRef<[S]>>(
    out: &mut String,
    header: &[&str],
    rows: &[R],
    total: usize,
    limit: usize,
) {
    let rows = &rows[..rows.len().min(limit)];
    if rows.is_empty() {
        out.push_str("(no rows)\n");
        return;
    }
    // Control characters and reordering marks in names are escaped, not sent raw. The cells
    // in one vector, `header.len()` a row, each with its width in characters; a row's
    // missing cells are empty. Each column's widest cell is kept on the way.
    let columns = header.len();
    let mut cells: Vec<(Cow<'_, str>, usize)> = Vec::with_capacity(rows.len() * columns);
    let mut widest = vec![0; columns];
    for row in rows {
        let row = row.as_ref();
        for (c, widest) in widest.iter_mut().enumerate() {
            let (cell, width) = row.get(c).map_or((Cow::Borrowed(""), 0), |cell| {
                crate::text::escape_with_width(cell.as_ref())
            });
            *widest = width.max(*widest);
            cells.push((cell, width));
        }
    }
    let keep: Vec<usize> = (0..columns).filter(|c| widest[*c] > 0).collect();
    let widths: Vec<usize> = keep
        .iter()
        .map(|c| widest[*c].max(header[*c].chars().count()))
        .collect();
    let width: usize = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
    out.reserve(width * (rows.len() + 1));
    // Each cell padded to its column's width in characters, two spaces between, the line's
    // trailing white space cut; written straight into `out`.
    const SPACES: &str = "                                                                ";
    let last = widths.len().saturating_sub(1);
    let push_line = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, usize)>| {
        let start = out.len();
        for (i, ((cell, n), w)) in cells.zip(&widths).enumerate() {
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
    };
    push_line(
        out,
        &mut keep
            .iter()
            .map(|c| (header[*c], header[*c].chars().count())),
    );
    for row in cells.chunks(columns) {
        push_line(out, &mut keep.iter().map(|c| (&*row[*c].0, row[*c].1)));
    }
    more(out, total, limit);
}

fn more(out: &mut String, total: usize, limit: usize) {
    if total > limit {
        out.push_str(&format!("… {} more rows ({total} in all)\n", total - limit));
    }
}
