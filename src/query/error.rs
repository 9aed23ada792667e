//! Query errors: data with a span, a message and a hint. Drawing a caret under the span is the
//! caller's business (the REPL does it); [`QueryError::render`] is a plain default.

use std::fmt;

use super::ast::Span;
use crate::text::{escape, line_column};

/// What kind of mistake a query has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QueryErrorKind {
    /// The text does not fit the grammar.
    Syntax,
    /// A name that matches no entity.
    UnknownName,
    /// A name that matches several entities.
    AmbiguousName,
    /// Words that are no phrase, participle or kind of the schema.
    UnknownPhrase,
    /// A walk or filter applied to entities of a kind it does not fit.
    WrongKind,
    /// A date that does not parse, or a range that ends before it starts.
    BadDate,
    /// A construct used where it means nothing (`share of` without a filter…).
    Misuse,
    /// A query nested deeper than [`Options::max_depth`](super::Options::max_depth).
    TooDeep,
    /// A query longer than [`Options::max_len`](super::Options::max_len).
    TooLong,
    /// An evaluation that touched more rows than [`Options::budget`](super::Options::budget).
    OverBudget,
    /// A prepared query run on a graph other than the one it was prepared on.
    ForeignGraph,
}

/// A query that cannot be run, with the place and a hint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QueryError {
    /// What kind of mistake.
    pub kind: QueryErrorKind,
    /// The offending text's byte range in the query.
    pub span: Span,
    /// The line of the span's start, from 1.
    pub line: usize,
    /// The column of the span's start, from 1, in characters.
    pub column: usize,
    /// What is wrong, lowercase, no final period.
    pub message: String,
    /// What would fit, if something would.
    pub hint: Option<String>,
}

impl QueryError {
    /// An error at `span` of `text`.
    pub(crate) fn new(
        kind: QueryErrorKind,
        text: &str,
        span: Span,
        message: impl Into<String>,
    ) -> QueryError {
        let (line, column) = line_column(text, span.start);
        QueryError {
            kind,
            span,
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    /// The same error with a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> QueryError {
        self.hint = Some(hint.into());
        self
    }

    /// The error as lines for a terminal: the message, the query line with carets under the
    /// span, and the hint. Cost: O(length of `text`): finding the line and escaping it.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let error = graph.query("members of Stalinn").unwrap_err();
    /// println!("{}", error.render("members of Stalinn"));
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn render(&self, text: &str) -> String {
        let line_text = text.lines().nth(self.line.saturating_sub(1)).unwrap_or("");
        // Control characters and reordering marks are escaped, and the carets measured on
        // the escaped text, so that a query cannot drive the terminal or misplace them.
        let before: String = line_text
            .chars()
            .take(self.column.saturating_sub(1))
            .collect();
        let start = escape(&before).chars().count();
        let width = text
            .get(self.span.start..self.span.end.min(text.len()))
            .map_or(1, |s| {
                escape(s.lines().next().unwrap_or(""))
                    .chars()
                    .count()
                    .max(1)
            });
        let mut out = format!("error: {}\n", escape(&self.message));
        out.push_str(&format!(" --> {}:{}\n", self.line, self.column));
        out.push_str(&format!("  | {}\n", escape(line_text)));
        out.push_str(&format!("  | {}{}\n", " ".repeat(start), "^".repeat(width)));
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = hint: {}\n", escape(hint)));
        }
        out
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.line,
            self.column,
            escape(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " ({})", escape(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for QueryError {}
