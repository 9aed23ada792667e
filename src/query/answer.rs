//! Answers: rows with their status and the evidence they rest on. An answer borrows the
//! graph it was evaluated on: its entity rows ([`Rows`]) are kept as ids and put in words
//! (names, statements, sources) only when read, shown or serialized. Everything else in it is
//! in words already; an answer read back from JSON ([`Answer::from_json`]) needs no graph.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::groups::Groups;
use super::listing::{Chain, CountRow, QuoteRow, SourceRow};
use super::rows::Rows;
use crate::model::{Certainty, ClaimId, Date, EntityId, Quantity, Truth};

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
    pub(crate) fn of(statuses: impl Iterator<Item = Status>) -> Tally {
        let mut tally = Tally::default();
        for status in statuses {
            match status {
                Status::Yes => tally.yes += 1,
                Status::Possibly => tally.possibly += 1,
                Status::NoRecord => tally.no_record += 1,
            }
        }
        tally
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
pub enum Body<'g> {
    /// Entities.
    Rows {
        /// The rows.
        rows: Rows<'g>,
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
        rows: Rows<'g>,
    },
    /// A count per year.
    CountByYear {
        /// Per year, in order, `undated` last.
        years: Vec<YearCount>,
        /// The rows counted.
        rows: Rows<'g>,
    },
    /// A count per entity of a kind (`per institution`).
    CountPer {
        /// The kind grouped by.
        per: String,
        /// Per entity, most first; entities that count nothing are left out. Rendered when
        /// read.
        groups: Groups<'g>,
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
        rows: Rows<'g>,
    },
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer<'g> {
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
    pub body: Body<'g>,
}

impl Answer<'_> {
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
    pub fn from_json(text: &str) -> Result<Answer<'static>, serde_json::Error> {
        let mut answer: Answer<'static> = serde_json::from_str(text)?;
        if let Body::Values { rows } = &mut answer.body {
            for row in rows {
                row.figure = row.value.parse().ok();
            }
        }
        Ok(answer)
    }

    /// The answer as pretty JSON: what [`Answer::write_json`] writes, collected into a
    /// `String`. Cost: O(size of the answer), serialized on each call; the whole text is held.
    /// To print a large answer, write it with [`Answer::write_json`] instead.
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        // Strings, numbers and enums into a `Vec`: serializing cannot fail.
        let _ = self.write_json(&mut bytes);
        String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    /// Writes the answer as pretty JSON to `out`: the same bytes as [`Answer::to_json`],
    /// without ever holding them all. The JSON is `serde_json::to_writer_pretty` of the
    /// answer, whose entity rows ([`Rows`]) and groups serialize element by element: rows not
    /// rendered yet are rendered one at a time from their ids and dropped once written.
    /// Memory: the answer as ids (which it is already), one row in words, and a buffer of 8 KiB
    /// in front of `out`, so `out` needs no buffer of its own.
    ///
    /// Cost: O(size of the answer) time, like [`Answer::to_json`]. `out` is not flushed: flush
    /// it (or drop a `BufWriter`) when the answer should be seen.
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
    /// answer.write_json(&mut out)?;
    /// assert_eq!(String::from_utf8(out).unwrap(), answer.to_json());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        // serde_json writes each token on its own: gather them.
        let mut out = std::io::BufWriter::with_capacity(8 * 1024, out);
        if let Err(error) = serde_json::to_writer_pretty(&mut out, self) {
            // Not written again when dropped: `out` has failed once already.
            let _ = out.into_parts();
            return Err(error.into());
        }
        // What is left, without flushing `out` itself.
        match out.into_inner() {
            Ok(_) => Ok(()),
            Err(error) => {
                let (error, out) = error.into_parts();
                let _ = out.into_parts();
                Err(error)
            }
        }
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
impl<'a> IntoIterator for &'a Answer<'_> {
    type Item = &'a EntityRow;
    type IntoIter = std::slice::Iter<'a, EntityRow>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows().iter()
    }
}

impl fmt::Display for Answer<'_> {
    /// The table ([`Answer::table`]), written into the formatter as it is made.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.format_table(f)
    }
}
