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
    /// The span from the start of `self` to the end of `other`.
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
    /// The set asked about.
    pub expr: Expr,
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
}

impl Query {
    /// A placeholder that owns nothing deep, for taking a tree apart.
    pub(crate) fn empty() -> Query {
        Query {
            command: None,
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

/// A filter after a base.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// Whether `not` precedes it.
    pub negated: bool,
    /// Participles, if any.
    pub words: Option<Words>,
    /// A time, if any.
    pub time: Option<Time>,
    /// Where it is.
    pub span: Span,
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
