//! Pictures of answers: the subgraph behind an answer as Graphviz DOT ([`dot()`]) and its dated
//! rows as an SVG timeline or per-year bar chart ([`timeline()`]).
//!
//! Both are plain text written here, with no renderer needed: DOT becomes SVG with Graphviz's
//! `dot -Tsvg` where it is installed (the REPL's `:draw` does that when it finds `dot`), and
//! the timeline is SVG already. The DOT is written by hand rather than with petgraph's `Dot`,
//! because it needs per-node shapes, per-edge styles and tooltips built from claims, and
//! petgraph types stay inside `store`.

mod dot;
mod timeline;

pub use dot::dot;
pub use timeline::timeline;

/// Why an answer cannot be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrawError {
    /// The answer holds nothing of the kind the picture draws.
    #[error(
        "nothing to draw: the answer has no entities or claims (:draw) or no dated rows (:timeline)"
    )]
    Nothing,
}
