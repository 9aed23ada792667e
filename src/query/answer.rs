//! Answers: rows with their status and the evidence they rest on, self-contained (names and
//! sources are copied in) so that they print and serialize without the graph.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::listing::{self, Chain, CountRow, QuoteRow, SourceRow};
use crate::Graph;
use crate::model::{Certainty, ClaimId, Date, EntityId, Fact, Quantity, Rank, Truth};

/// How sure a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The claims settle it.
    Yes,
    /// The claims leave it open: a date's precision, an undated event, a possible member.
    Possibly,
    /// Included by a negated filter because no claim records the event at all: no record is
    /// not a "no".
    NoRecord,
}

impl Status {
    pub(crate) fn from_truth(truth: Truth) -> Status {
        if truth == Truth::Yes {
            Status::Yes
        } else {
            Status::Possibly
        }
    }

    /// The word printed in tables. Cost: O(1).
    pub fn word(self) -> &'static str {
        match self {
            Status::Yes => "yes",
            Status::Possibly => "possibly",
            Status::NoRecord => "no record",
        }
    }
}

/// The word printed in tables: `yes`, `possibly`, `no record`.
///
/// ```
/// assert_eq!(annals::query::Status::NoRecord.to_string(), "no record");
/// ```
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A claim behind a row, with its sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The claim's handle in the graph; detached (naming no claim of any graph) in an answer
    /// read back from JSON.
    #[serde(skip, default = "ClaimId::detached")]
    pub claim: ClaimId,
    /// The claim in words.
    pub statement: String,
    /// Its certainty.
    pub certainty: Certainty,
    /// The sources it cites.
    pub sources: Vec<SourceRef>,
    /// The note on the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Its rank, when not normal, with the reason (`deprecated: a falsified date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// For an inferred claim: the rule and the claims it rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inference>,
    /// Shown for context but not deciding: a weaker or lower-ranked claim about the same
    /// thing as a deciding one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub set_aside: bool,
}

/// How an inferred claim was derived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inference {
    /// The rule's name.
    pub rule: String,
    /// What the rule says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The claims it rests on, down to recorded ones.
    pub from: Vec<Evidence>,
}

/// A cited source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The source that reports it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Where in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// The source's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// An entity in an answer, with typed fields: the matched date is a [`Date`], the roles of
/// the links that reached it are strings of their own (not only words in the evidence).
///
/// ```
/// use annals::model::Date;
/// let graph = annals::bundled();
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// let rykov = &answer.rows()[0];
/// assert_eq!(rykov.date, Some("1938-03-15".parse::<Date>()?));
/// let members = graph.query("members of cc-1934")?;
/// let lepa = members.rows().iter().find(|r| r.id == "lepa").unwrap();
/// assert_eq!(lepa.roles, ["candidate member"]);
/// # Ok::<_, annals::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    /// Its handle in the graph; detached (naming no entity of any graph) in an answer read
    /// back from JSON.
    #[serde(skip, default = "EntityId::detached")]
    pub entity: EntityId,
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// How sure.
    pub status: Status,
    /// The date the filters matched (an arrest's date, an event's date), as the source said it;
    /// in JSON, its text (`1938-03-15`, `1917-10-25 OS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The roles of the links that reached it (`candidate member`), each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The claims it rests on.
    pub evidence: Vec<Evidence>,
}

impl EntityRow {
    /// The sources the row rests on, each once, in the order of its evidence; set-aside
    /// claims (shown in `why` but not deciding) are left out. Cost: O(sources²), small.
    ///
    /// ```
    /// let graph = annals::bundled();
    /// let answer = graph.query("members of cc-1917 executed in 1938")?;
    /// let ids: Vec<&str> = answer.rows()[0].sources().iter().map(|s| s.id.as_str()).collect();
    /// assert_eq!(ids, ["org1917-biografie", "enwiki-rykov", "memorial-moscow"]);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn sources(&self) -> Vec<&SourceRef> {
        let mut out: Vec<&SourceRef> = Vec::new();
        for e in self.evidence.iter().filter(|e| !e.set_aside) {
            for s in &e.sources {
                if out.iter().all(|o| o.id != s.id) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// `Name (id): status`, then the matched date if any: `Alexei Rykov (rykov): yes, 1938-03-15`.
///
/// ```
/// let graph = annals::bundled();
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// assert_eq!(answer.rows()[0].to_string(), "Alexei Rykov (rykov): yes, 1938-03-15");
/// # Ok::<_, annals::Error>(())
/// ```
impl fmt::Display for EntityRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.name, self.id, self.status)?;
        if let Some(date) = &self.date {
            write!(f, ", {date}")?;
        }
        Ok(())
    }
}

/// A literal value in an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueRow {
    /// The entity's id.
    pub id: String,
    /// The entity's name.
    pub name: String,
    /// The relation.
    pub relation: String,
    /// The value as the source gave it.
    pub value: String,
    /// The value as a figure, for a relation of numbers; not in JSON (it is `value`), and
    /// rebuilt from `value` by [`Answer::from_json`].
    #[serde(skip)]
    pub figure: Option<Quantity>,
    /// Its unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Its scope (the claim's role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The date it refers to; in JSON, its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Date>,
    /// How sure, given the query's dates.
    pub status: Status,
    /// The claim.
    pub evidence: Evidence,
}

/// One year's count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCount {
    /// The year, a span of years (`1937–1938`) when a date's precision leaves it open, or
    /// `undated`.
    pub year: String,
    /// Rows settled in this year.
    pub count: usize,
    /// Rows possibly in this year.
    pub possibly: usize,
}

/// One group's count, in a count `per` a kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    /// The group entity's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The rows counted for it.
    pub count: Tally,
}

/// `1938: 5 (+1 possibly)`.
///
/// ```
/// let graph = annals::bundled();
/// let answer = graph.query("count members of cc-1917 executed by year")?;
/// let annals::query::Body::CountByYear { years, .. } = &answer.body else { unreachable!() };
/// assert_eq!(years[0].to_string(), "1918: 1");
/// # Ok::<_, annals::Error>(())
/// ```
impl fmt::Display for YearCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.year, self.count)?;
        if self.possibly > 0 {
            write!(f, " (+{} possibly)", self.possibly)?;
        }
        Ok(())
    }
}

/// A count with its uncertain part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Rows the claims settle.
    pub yes: usize,
    /// Rows the claims leave open.
    pub possibly: usize,
    /// Rows included for lack of any record.
    pub no_record: usize,
}

impl Tally {
    pub(crate) fn of(rows: &[EntityRow]) -> Tally {
        let count = |s| rows.iter().filter(|r| r.status == s).count();
        Tally {
            yes: count(Status::Yes),
            possibly: count(Status::Possibly),
            no_record: count(Status::NoRecord),
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.yes)?;
        let mut more = Vec::new();
        if self.possibly > 0 {
            more.push(format!("+{} possibly", self.possibly));
        }
        if self.no_record > 0 {
            more.push(format!("+{} with no record", self.no_record));
        }
        if !more.is_empty() {
            write!(f, " ({})", more.join(", "))?;
        }
        Ok(())
    }
}

/// How the whole a count or share was taken from splits, beyond the rows counted: every
/// member of the whole is *yes*, *possibly*, *no* (a source, or a rule from the records, says it
/// did not happen) or *no record* (nothing either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The size of the whole.
    pub whole: usize,
    /// Members settled as no.
    pub no: usize,
    /// Members with no record either way.
    pub no_record: usize,
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} no, {} no record", self.no, self.no_record)
    }
}

/// What a query answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Body {
    /// Entities.
    Rows {
        /// The rows.
        rows: Vec<EntityRow>,
    },
    /// Literal values, every source's side by side.
    Values {
        /// The rows.
        rows: Vec<ValueRow>,
    },
    /// A count.
    Count {
        /// The count.
        count: Tally,
        /// How the set before its last filters splits, when the query has filters.
        #[serde(skip_serializing_if = "Option::is_none")]
        split: Option<Split>,
        /// The rows counted.
        rows: Vec<EntityRow>,
    },
    /// A count per year.
    CountByYear {
        /// Per year, in order, `undated` last.
        years: Vec<YearCount>,
        /// The rows counted.
        rows: Vec<EntityRow>,
    },
    /// A count per entity of a kind (`per institution`).
    CountPer {
        /// The kind grouped by.
        per: String,
        /// Per entity, most first; entities that count nothing are left out.
        groups: Vec<GroupCount>,
    },
    /// The sources behind a set, with how many claims each, most first.
    Sources {
        /// The rows.
        rows: Vec<SourceRow>,
    },
    /// The claims about a set.
    Claims {
        /// The claims.
        rows: Vec<Evidence>,
    },
    /// Quotations.
    Quotes {
        /// The rows, by date (undated last).
        rows: Vec<QuoteRow>,
    },
    /// For each entity, how many rows a walk from it gives, most first.
    CountEach {
        /// The rows.
        rows: Vec<CountRow>,
    },
    /// The shortest chains of claims between two entities.
    Connections {
        /// One end, by name.
        from: String,
        /// The other end, by name.
        to: String,
        /// The chains.
        chains: Vec<Chain>,
    },
    /// Where sources disagree.
    Conflicts {
        /// The disagreements.
        conflicts: Vec<super::conflicts::Conflict>,
    },
    /// Figures set beside the records.
    Check {
        /// One per figure.
        checks: Vec<super::check::Check>,
    },
    /// A share: `part` of `whole`.
    Share {
        /// The rows that pass the filters.
        part: Tally,
        /// The rows before the filters.
        whole: Tally,
        /// `part.yes / whole.yes` in per cent, if `whole.yes` is not 0.
        percent: Option<f64>,
        /// How the whole splits beyond the part.
        split: Split,
        /// The rows that pass.
        rows: Vec<EntityRow>,
    },
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The query text.
    pub query: String,
    /// The source the answer is limited to, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub according_to: Option<String>,
    /// `as of DATE`: the date, and the sources left out because they could not be placed
    /// before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<super::as_of::AsOf>,
    /// Whether the evidence chain of each row is to be shown (`why`).
    pub why: bool,
    /// The answer itself.
    #[serde(flatten)]
    pub body: Body,
}

impl Answer {
    /// The number of rows. Cost: O(1).
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Rows { rows }
            | Body::Count { rows, .. }
            | Body::CountByYear { rows, .. }
            | Body::Share { rows, .. } => rows.len(),
            Body::Values { rows } => rows.len(),
            Body::Sources { rows } => rows.len(),
            Body::Claims { rows } => rows.len(),
            Body::Quotes { rows } => rows.len(),
            Body::Connections { chains, .. } => chains.len(),
            Body::CountEach { rows } => rows.len(),
            Body::Conflicts { conflicts } => conflicts.len(),
            Body::Check { checks } => checks.len(),
            Body::CountPer { groups, .. } => groups.len(),
        }
    }

    /// Whether there are no rows. Cost: O(1).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entity rows: every row of a list, count or share; empty for figures, whose rows
    /// are [`Answer::values`]. `len()` is the length of one or the other. Cost: O(1).
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let answer = graph.query("count members of cc-1917 executed")?;
    /// assert_eq!(answer.rows().len(), answer.len());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn rows(&self) -> &[EntityRow] {
        match &self.body {
            Body::Rows { rows }
            | Body::Count { rows, .. }
            | Body::CountByYear { rows, .. }
            | Body::Share { rows, .. } => rows,
            Body::Values { .. }
            | Body::Sources { .. }
            | Body::Claims { .. }
            | Body::Quotes { .. }
            | Body::Connections { .. }
            | Body::CountEach { .. }
            | Body::Conflicts { .. }
            | Body::Check { .. }
            | Body::CountPer { .. } => &[],
        }
    }

    /// The figure rows of an answer about a literal relation (`population of Petrograd`), each
    /// with its value, date, scope and claim; empty for other answers, whose rows are
    /// [`Answer::rows`]. Cost: O(1).
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let answer = graph.query("population of Petrograd")?;
    /// assert_eq!(answer.values().len(), answer.len());
    /// assert_eq!(answer.values()[0].value, "2.5 million");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn values(&self) -> &[ValueRow] {
        match &self.body {
            Body::Values { rows } => rows,
            _ => &[],
        }
    }

    /// Reads an answer back from the JSON of [`Answer::to_json`] (or `--format json`), with
    /// its typed fields rebuilt: dates from their text, figures from the values of rows that
    /// have a unit or read as a figure. Handles to entities and claims are detached: an answer
    /// read back belongs to no graph.
    ///
    /// Cost: O(length of `text`) to parse, plus reading each figure row's value.
    ///
    /// # Errors
    ///
    /// serde's error, with line and column, for text that is not such a document.
    ///
    /// ```
    /// use annals::query::Answer;
    /// let graph = annals::bundled();
    /// let answer = graph.query("population of Petrograd")?;
    /// let again = Answer::from_json(&answer.to_json()).unwrap();
    /// assert_eq!(again.to_json(), answer.to_json());
    /// let annals::query::Body::Values { rows } = &again.body else { unreachable!() };
    /// assert_eq!(rows[0].figure.as_ref().map(|f| f.value()), Some(2_500_000.0));
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Answer, serde_json::Error> {
        let mut answer: Answer = serde_json::from_str(text)?;
        if let Body::Values { rows } = &mut answer.body {
            for row in rows {
                row.figure = row.value.parse().ok();
            }
        }
        Ok(answer)
    }

    /// The answer as pretty JSON. Cost: O(size of the answer), serialized on each call.
    pub fn to_json(&self) -> String {
        // Strings, numbers and enums only: serializing cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

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

/// `for row in &answer` walks the entity rows (none for an answer of values).
///
/// ```
/// let graph = annals::bundled();
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// for row in &answer {
///     println!("{row}");
/// }
/// assert_eq!((&answer).into_iter().count(), answer.rows().len());
/// # Ok::<_, annals::Error>(())
/// ```
impl<'a> IntoIterator for &'a Answer {
    type Item = &'a EntityRow;
    type IntoIter = std::slice::Iter<'a, EntityRow>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows().iter()
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.table(None))
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

fn entity_table(out: &mut String, rows: &[EntityRow], why: bool, limit: usize) {
    if why {
        if rows.is_empty() {
            out.push_str("(no rows)\n");
        }
        for row in rows.iter().take(limit) {
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
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.id.clone(),
                r.status.word().to_owned(),
                r.date.as_ref().map(Date::to_string).unwrap_or_default(),
                sources_cell(&r.evidence),
            ]
        })
        .collect();
    aligned(
        out,
        &["name", "id", "status", "date", "sources"],
        &table,
        limit,
    );
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
    // Control characters and reordering marks in names are escaped, not sent raw.
    let escaped: Vec<Vec<String>> = rows[..rows.len().min(limit)]
        .iter()
        .map(|r| {
            r.iter()
                .map(|cell| crate::text::escape(cell).into_owned())
                .collect()
        })
        .collect();
    let shown = &escaped[..];
    let keep: Vec<usize> = (0..header.len())
        .filter(|c| {
            shown
                .iter()
                .any(|r| r.get(*c).is_some_and(|s| !s.is_empty()))
        })
        .collect();
    let width = |c: usize| {
        shown
            .iter()
            .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
            .chain(std::iter::once(header[c].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = keep.iter().map(|c| width(*c)).collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    if shown.is_empty() {
        out.push_str("(no rows)\n");
        return;
    }
    out.push_str(&line(keep.iter().map(|c| header[*c]).collect()));
    for row in shown {
        out.push_str(&line(
            keep.iter()
                .map(|c| row.get(*c).map_or("", String::as_str))
                .collect(),
        ));
    }
    more(out, rows.len(), limit);
}

fn more(out: &mut String, total: usize, limit: usize) {
    if total > limit {
        out.push_str(&format!("… {} more rows ({total} in all)\n", total - limit));
    }
}

/// A claim in words, for evidence.
pub(crate) fn statement(graph: &Graph, claim: ClaimId) -> String {
    let c = graph.claim(claim);
    let name = |e: EntityId| graph.entity(e).name.clone();
    let schema = graph.schema();
    match &c.fact {
        Fact::Link {
            subject,
            relation,
            object,
            role,
            during,
        } => {
            let mut s = format!(
                "{} {} {}",
                name(*subject),
                schema.relation_def(*relation).name,
                name(*object)
            );
            if let Some(role) = role {
                s.push_str(&format!(" as {role}"));
            }
            s.push_str(&time_phrase(during.as_ref()));
            s
        }
        Fact::Value {
            subject,
            relation,
            value,
            role,
            at,
        } => {
            let mut s = format!(
                "{} {} = {value}",
                name(*subject),
                schema.relation_def(*relation).name
            );
            if let Some(role) = role {
                s.push_str(&format!(" ({role})"));
            }
            if let Some(at) = at {
                s.push_str(&format!(" at {at}"));
            }
            s
        }
        Fact::Occurred { event, date } => format!("{} happened {date}", name(*event)),
        Fact::Participation {
            event,
            role,
            participant,
        } => format!(
            "{} took part in {} as {role}",
            name(*participant),
            name(*event)
        ),
        Fact::Never {
            subject,
            event_kind,
            during,
        } => {
            let def = schema.event_kind_def(*event_kind);
            let what = def.participles.first().map_or_else(
                || format!("the {} of a {}", def.patient, def.name),
                Clone::clone,
            );
            format!(
                "{} was not {what}{}",
                name(*subject),
                time_phrase(during.as_ref())
            )
        }
        Fact::Said {
            speaker,
            words,
            date,
            ..
        } => {
            let mut s = format!("{} said \"{words}\"", name(*speaker));
            if let Some(date) = date {
                s.push_str(&format!(" ({date})"));
            }
            s
        }
    }
}

/// ` during 1934/1938`, or ` by 1940` for a date that says its own preposition.
fn time_phrase(date: Option<&Date>) -> String {
    match date {
        None => String::new(),
        Some(date) => {
            let text = date.to_string();
            if ["by ", "before ", "after "]
                .iter()
                .any(|p| text.starts_with(p))
            {
                format!(" {text}")
            } else {
                format!(" during {text}")
            }
        }
    }
}

/// A claim as evidence: statement, certainty, rank, sources, and for an inferred claim the
/// rule and its premises, recursively (premises come before what rests on them, so this ends).
pub(crate) fn evidence(graph: &Graph, claim: ClaimId) -> Evidence {
    let c = graph.claim(claim);
    let inferred = graph.derivation(claim).map(|d| {
        let rule = &graph.schema().rules()[d.rule];
        Inference {
            rule: rule.name.clone(),
            description: rule.description.clone(),
            from: d.premises.iter().map(|p| evidence(graph, *p)).collect(),
        }
    });
    Evidence {
        rank: (c.rank != Rank::Normal).then(|| match &c.rank_reason {
            Some(reason) => format!("{}: {reason}", c.rank),
            None => c.rank.to_string(),
        }),
        inferred,
        set_aside: false,
        claim,
        statement: statement(graph, claim),
        certainty: c.certainty,
        sources: c
            .citations
            .iter()
            .map(|cit| SourceRef {
                id: graph.entity(cit.source).slug.to_string(),
                name: graph.entity(cit.source).name.clone(),
                via: cit.via.map(|v| graph.entity(v).slug.to_string()),
                locator: cit.locator.clone(),
                quote: cit.quote.clone(),
            })
            .collect(),
        note: c.note.clone(),
    }
}
