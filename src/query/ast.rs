//! The syntax tree: faithful to the text, with a byte span on every node. Words are not yet
//! resolved against the schema; [`super::plan`] does that.

use crate::model::Date;

/// A byte range in the query text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span from the start of `self` to the end of `other`. Cost: O(1).
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A whole query.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// `count`, `share of` or `why`.
    pub command: Option<Command>,
    /// `first 10`, `latest`, `earliest 3` before the set.
    pub limit: Option<Limit>,
    /// The set asked about.
    pub expr: Expr,
    /// `by date` after the set, with its span.
    pub by_date: Option<Span>,
    /// `by year` at the end, with its span.
    pub by_year: Option<Span>,
    /// `according to SOURCE`.
    pub scope: Option<Name>,
    /// `why` before `conflicts` or `check`: show the evidence.
    pub why: bool,
    /// `as recorded`: no inferred facts.
    pub recorded: bool,
    /// `with all claims`: every claim counts alike, whatever its certainty or rank.
    pub all_claims: bool,
    /// `as of DATE`: only sources published by then, with the span of the option.
    pub as_of: Option<(Date, Span)>,
    /// `per KIND` at the end: a count for each entity of that kind.
    pub per: Option<Words>,
}

impl Query {
    /// A placeholder that owns nothing deep, for taking a tree apart.
    pub(crate) fn empty() -> Query {
        Query {
            command: None,
            limit: None,
            by_date: None,
            expr: Expr {
                kind: ExprKind::Term {
                    walks: Vec::new(),
                    base: Box::new(Base::Words(Words {
                        words: Vec::new(),
                        span: Span { start: 0, end: 0 },
                    })),
                    filters: Vec::new(),
                },
                span: Span { start: 0, end: 0 },
            },
            by_year: None,
            scope: None,
            why: false,
            recorded: false,
            all_claims: false,
            as_of: None,
            per: None,
        }
    }
}

/// What to do with the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `count`.
    Count,
    /// `share of`.
    Share,
    /// `why`.
    Why,
    /// `conflicts`: where sources disagree; the set, if any, narrows it (`about` a set's
    /// members, `in` a set of events).
    Conflicts,
    /// `check`: figures set beside the records.
    Check,
}

/// How many rows to keep, and from which end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Which rows.
    pub end: LimitEnd,
    /// How many (`latest` alone: 1).
    pub count: usize,
    /// Where it is.
    pub span: Span,
}

/// Which end of the answer a limit keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitEnd {
    /// `first N`: the first rows in the answer's order.
    First,
    /// `latest N`: the rows with the latest dates.
    Latest,
    /// `earliest N`: the rows with the earliest dates.
    Earliest,
}

/// A set expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The forms of a set expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `lhs and rhs`, `lhs or rhs`, `lhs except rhs`.
    Binary {
        /// The operator.
        op: SetOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// Walks, a base and filters: `members of X arrested by 1940`.
    Term {
        /// The phrases before each `of`, outermost first.
        walks: Vec<Words>,
        /// What the walks start from.
        base: Box<Base>,
        /// The filters after the base, in order.
        filters: Vec<Filter>,
    },
}

/// A set operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOp {
    /// Both.
    And,
    /// Either.
    Or,
    /// The first without the second.
    Except,
}

/// What a chain of walks starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    /// A parenthesized set.
    Group(Expr),
    /// A quoted name.
    Quoted(Name),
    /// Unquoted words: a name, id or kind plural, possibly followed by participles.
    Words(Words),
    /// Everything (only `conflicts` alone makes it: there are no words for it).
    Everything,
}

/// A quoted name or source.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// The text between the quotes, or the words.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A run of unquoted words.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    /// The words with their spans.
    pub words: Vec<Word>,
    /// The whole run.
    pub span: Span,
}

/// One word.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Its text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A filter after a base: participles, a group of them, or `with NAME`, then qualifiers; or
/// qualifiers alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// Whether `not` precedes it.
    pub negated: bool,
    /// Participles, if any.
    pub words: Option<Words>,
    /// `(arrested or shot)`, if the filter is a group.
    pub group: Option<FilterGroup>,
    /// `with NAME`, if the filter is one.
    pub with: Option<Name>,
    /// Times, agents, places, in order.
    pub qualifiers: Vec<Qualifier>,
    /// Where it is.
    pub span: Span,
}

/// Participle filters joined by `and` and `or` in parentheses, left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterGroup {
    /// The first member.
    pub first: Box<Filter>,
    /// The others, each with the operator before it.
    pub rest: Vec<(SetOp, Filter)>,
    /// Where it is.
    pub span: Span,
}

/// What narrows a filter: a time, or a connective with a name.
#[derive(Clone, Debug, PartialEq)]
pub enum Qualifier {
    /// `by 1940`, `in 1938`, ….
    Time(Time),
    /// `by NKVD`, `in Moscow`, `after assassination-of-kirov`.
    Reference(Reference),
    /// `between A and B` with names.
    Between(Name, Name, Span),
}

impl Qualifier {
    /// Where it is. Cost: O(1).
    pub fn span(&self) -> Span {
        match self {
            Qualifier::Time(t) => t.span,
            Qualifier::Reference(r) => r.span,
            Qualifier::Between(_, _, span) => *span,
        }
    }
}

/// A connective with a name; the planner reads it by what the name is.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The connective.
    pub op: RefOp,
    /// The name.
    pub target: Name,
    /// Where it is.
    pub span: Span,
}

/// The connective of a [`Reference`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefOp {
    /// `by`: who did it, or by the time of an event.
    By,
    /// `in`: where, or within an event's time.
    In,
    /// `before` an event.
    Before,
    /// `after` an event.
    After,
    /// `at` an event: within its time.
    At,
    /// `when` an event happened: within its time.
    When,
}

/// A time constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    /// How the date constrains.
    pub op: TimeOp,
    /// Where it is.
    pub span: Span,
}

/// The forms of a time constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeOp {
    /// `by D`: on or before the end of D.
    By(Date),
    /// `before D`: before D begins.
    Before(Date),
    /// `after D`: after D ends.
    After(Date),
    /// `in D`: within D.
    In(Date),
    /// `between A and B`: within A's start and B's end.
    Between(Date, Date),
}

// ---------------------------------------------------------------------------------------------
// Printing: a tree prints as query text that parses back to the same tree (up to spans).

use std::fmt;

impl fmt::Display for Query {
    /// ```
    /// let ast = annals::query::parse("count  members of CC-1934 arrested  by 1940")?;
    /// assert_eq!(ast.to_string(), "count members of CC-1934 arrested by 1940");
    /// # Ok::<_, annals::query::QueryError>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.why {
            f.write_str("why ")?;
        }
        let everything = matches!(
            &self.expr.kind,
            ExprKind::Term { base, walks, filters }
                if matches!(**base, Base::Everything) && walks.is_empty() && filters.is_empty()
        );
        match self.command {
            Some(Command::Count) => f.write_str("count ")?,
            Some(Command::Share) => f.write_str("share of ")?,
            Some(Command::Why) => f.write_str("why ")?,
            // The tree does not keep `about` apart from `in`: both narrow to the set.
            Some(Command::Conflicts) if everything => f.write_str("conflicts")?,
            Some(Command::Conflicts) => f.write_str("conflicts about ")?,
            Some(Command::Check) => f.write_str("check ")?,
            None => {}
        }
        if let Some(limit) = &self.limit {
            let end = match limit.end {
                LimitEnd::First => "first",
                LimitEnd::Latest => "latest",
                LimitEnd::Earliest => "earliest",
            };
            write!(f, "{end} {} ", limit.count)?;
        }
        if !everything {
            write!(f, "{}", self.expr)?;
        }
        if self.by_date.is_some() {
            f.write_str(" by date")?;
        }
        if self.by_year.is_some() {
            f.write_str(" by year")?;
        }
        if let Some(scope) = &self.scope {
            write!(f, " according to {}", quote(&scope.text))?;
        }
        if self.recorded {
            f.write_str(" as recorded")?;
        }
        if self.all_claims {
            f.write_str(" with all claims")?;
        }
        if let Some((date, _)) = &self.as_of {
            write!(f, " as of {date}")?;
        }
        Ok(())
    }
}

/// A name in quotes: straight ones, or curly ones if it holds a straight quote.
fn quote(text: &str) -> String {
    if text.contains('"') {
        format!("“{text}”")
    } else {
        format!("\"{text}\"")
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Binary { op, lhs, rhs } => {
                let op = match op {
                    SetOp::And => "and",
                    SetOp::Or => "or",
                    SetOp::Except => "except",
                };
                // Operators group left to right: a combination on the right needs parentheses.
                match rhs.kind {
                    ExprKind::Binary { .. } => write!(f, "{lhs} {op} ({rhs})"),
                    ExprKind::Term { .. } => write!(f, "{lhs} {op} {rhs}"),
                }
            }
            ExprKind::Term {
                walks,
                base,
                filters,
            } => {
                for walk in walks {
                    write!(f, "{walk} of ")?;
                }
                write!(f, "{base}")?;
                for filter in filters {
                    write!(f, " {filter}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base::Group(expr) => write!(f, "({expr})"),
            Base::Quoted(name) => f.write_str(&quote(&name.text)),
            Base::Words(words) => write!(f, "{words}"),
            // Only `conflicts` alone makes it, and prints it as nothing.
            Base::Everything => Ok(()),
        }
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        f.write_str(&words.join(" "))
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.negated {
            parts.push("not".to_owned());
        }
        if let Some(group) = &self.group {
            parts.push(group.to_string());
        }
        if let Some(with) = &self.with {
            parts.push(format!("with {}", quote(&with.text)));
        }
        if let Some(words) = &self.words {
            parts.push(words.to_string());
        }
        for qualifier in &self.qualifiers {
            parts.push(qualifier.to_string());
        }
        f.write_str(&parts.join(" "))
    }
}

impl fmt::Display for FilterGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}", self.first)?;
        for (op, filter) in &self.rest {
            let op = match op {
                SetOp::And => "and",
                SetOp::Or => "or",
                SetOp::Except => "except",
            };
            write!(f, " {op} {filter}")?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Qualifier::Time(time) => write!(f, "{time}"),
            Qualifier::Reference(reference) => {
                let op = match reference.op {
                    RefOp::By => "by",
                    RefOp::In => "in",
                    RefOp::Before => "before",
                    RefOp::After => "after",
                    RefOp::At => "at",
                    RefOp::When => "when",
                };
                write!(f, "{op} {}", quote(&reference.target.text))
            }
            Qualifier::Between(a, b, _) => {
                write!(f, "between {} and {}", quote(&a.text), quote(&b.text))
            }
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.op {
            TimeOp::By(d) => write!(f, "by {d}"),
            TimeOp::Before(d) => write!(f, "before {d}"),
            TimeOp::After(d) => write!(f, "after {d}"),
            TimeOp::In(d) => write!(f, "in {d}"),
            TimeOp::Between(a, b) => write!(f, "between {a} and {b}"),
        }
    }
}
