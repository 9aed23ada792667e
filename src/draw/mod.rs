//! Pictures of answers: the subgraph behind an answer as Graphviz DOT ([`dot()`]) and its dated
//! rows as an SVG timeline or per-year bar chart ([`timeline()`]); DOT rendered as SVG by
//! Graphviz, where it is installed, within a time limit ([`svg()`]).
//!
//! Both are plain text written here, with no renderer needed: DOT becomes SVG with Graphviz's
//! `dot -Tsvg` where it is installed (the REPL's `:draw` does that when it finds `dot`), and
//! the timeline is SVG already. The DOT is written by hand rather than with petgraph's `Dot`,
//! because it needs per-node shapes, per-edge styles and tooltips built from claims, and
//! petgraph types stay inside `store`.

mod dot;
mod graphviz;
mod timeline;

pub use dot::dot;
pub use graphviz::{LAYOUT_TIME, svg, svg_with};
pub use timeline::timeline;

/// The most entities [`dot()`] draws, and rows [`timeline()`] places: past a few hundred a
/// picture is no longer read, and Graphviz's layout of 20,000 nodes took six minutes. A
/// bigger answer is an error ([`DrawError::TooMuch`]) found before anything is drawn.
pub const MAX_DRAWN: usize = 1_000;

/// Why an answer cannot be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrawError {
    /// The answer holds nothing of the kind the picture draws.
    #[error(
        "nothing to draw: the answer has no entities or claims (:draw) or no dated rows (:timeline)"
    )]
    Nothing,
    /// The picture would hold more than [`MAX_DRAWN`] entities or rows.
    #[error(
        "too much to draw: {count} {what}, and a picture shows at most {limit}; narrow the query"
    )]
    TooMuch {
        /// How many the answer has.
        count: usize,
        /// Of what: `rows`, `entities`.
        what: &'static str,
        /// [`MAX_DRAWN`].
        limit: usize,
    },
    /// Graphviz could not be run, failed, or wrote nothing ([`svg()`]).
    #[error("{message}; write a .dot file instead, or install Graphviz")]
    Renderer {
        /// What went wrong, with Graphviz's own message.
        message: String,
    },
    /// Graphviz did not finish laying the picture out in time ([`svg()`]); it was stopped.
    #[error(
        "Graphviz took more than {seconds} s to lay the picture out, and was stopped; narrow the query, or write a .dot file"
    )]
    TooSlow {
        /// The time it was given.
        seconds: u64,
    },
}

/// [`DrawError::TooMuch`] when `count` is past [`MAX_DRAWN`].
fn within_limit(count: usize, what: &'static str) -> Result<(), DrawError> {
    if count > MAX_DRAWN {
        return Err(DrawError::TooMuch {
            count,
            what,
            limit: MAX_DRAWN,
        });
    }
    Ok(())
}
