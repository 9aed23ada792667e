//! The query language: text → [`ast`] (pest, with spans) → [`plan`] (resolved against the
//! schema) → evaluation → [`Answer`].
//!
//! The grammar (`grammar/query.pest`) holds only connectives; phrases, participles, kind
//! plurals and names come from the loaded data, so one grammar serves every dataset.
//!
//! ```
//! let graph = annals::load("data")?;
//! let answer = graph.query("members of cc-1917 executed")?;
//! assert!(answer.rows().iter().any(|row| row.id == "bukharin"));
//! # Ok::<_, annals::Error>(())
//! ```

mod answer;
pub mod ast;
mod error;
mod eval;
mod eval_forms;
mod forms;
mod listing;
pub mod plan;
mod special;
mod syntax;

pub use answer::{
    Answer, Body, EntityRow, Evidence, SourceRef, Status, Tally, ValueRow, YearCount,
};
pub use error::{QueryError, QueryErrorKind};
pub use listing::{Chain, Hop, QuoteRow, SourceRow};
pub use syntax::parse;

use crate::Graph;
use crate::model::RESERVED_WORDS;

/// A parsed and planned query, to run again and again against the graph it was planned for.
#[derive(Clone, Debug)]
pub struct Query {
    text: String,
    ast: ast::Query,
    plan: plan::Plan,
    explanation: String,
}

impl Query {
    /// The query text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax tree.
    pub fn ast(&self) -> &ast::Query {
        &self.ast
    }

    /// The plan.
    pub fn plan(&self) -> &plan::Plan {
        &self.plan
    }

    /// The plan in words, for `:explain`.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1917 executed")?;
    /// assert_eq!(
    ///     query.explain(),
    ///     "count\n  the subject of an execution event\n    subjects of member_of (walk from objects)\n      entity cc-1917\n"
    /// );
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        self.explanation.clone()
    }

    /// Runs the query. `graph` must be the graph it was prepared with (or a clone, or one that
    /// only grew since).
    pub fn run(&self, graph: &Graph) -> Answer {
        eval::run(graph, &self.plan, &self.text)
    }
}

impl Graph {
    /// Parses and plans a query for repeated use.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1917")?;
    /// println!("{}", query.explain());
    /// println!("{}", query.run(&graph));
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn prepare(&self, text: &str) -> Result<Query, QueryError> {
        let ast = syntax::parse(text)?;
        let plan = plan::plan(self, text, &ast)?;
        Ok(Query {
            text: text.to_owned(),
            ast,
            explanation: plan.explain(self),
            plan,
        })
    }

    /// Runs a query once.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let answer = graph.query("population of Petrograd")?;
    /// println!("{answer}");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn query(&self, text: &str) -> Result<Answer, QueryError> {
        Ok(self.prepare(text)?.run(self))
    }
}

/// The words and phrases a query over `graph` can use, for completion and help: connectives,
/// kind plurals, relation phrases, event kinds' plurals and participles.
pub fn vocabulary(graph: &Graph) -> Vec<String> {
    let schema = graph.schema();
    let mut words: Vec<String> = RESERVED_WORDS.iter().map(|w| (*w).to_owned()).collect();
    words.extend(["count", "share of", "why", "according to", "by year"].map(str::to_owned));
    words.extend(schema.kinds().iter().map(|k| k.plural.clone()));
    for relation in schema.relations() {
        words.extend(relation.forward.iter().cloned());
        words.extend(relation.inverse.iter().cloned());
    }
    for kind in schema.event_kinds() {
        words.extend(kind.participles.iter().cloned());
        words.extend(kind.plural.iter().cloned());
    }
    words.sort();
    words.dedup();
    words
}
