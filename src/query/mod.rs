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
mod check;
mod conflicts;
mod error;
mod eval;
mod eval_forms;
mod explain;
mod forms;
mod listing;
pub mod plan;
mod special;
mod syntax;

pub use answer::{
    Answer, Body, EntityRow, Evidence, GroupCount, Inference, SourceRef, Split, Status, Tally,
    ValueRow, YearCount,
};
pub use check::{Check, Verdict};
pub use conflicts::{Conflict, Side};
pub use error::{QueryError, QueryErrorKind};
pub use listing::{Chain, CountRow, Hop, QuoteRow, SourceRow};
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
    ///     "count\n  the subject of an execution event\n    subjects of member_of (walk from objects)\n      entity cc-1917\n  split within\n    subjects of member_of (walk from objects)\n      entity cc-1917\n"
    /// );
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        self.explanation.clone()
    }

    /// Runs the query with the default [`Options`]: rules on, certainty and rank counted.
    /// `graph` must be the graph it was prepared with (or a clone, or one that only grew
    /// since).
    ///
    /// Cost: the first query after a write also runs the schema's rules
    /// ([`Graph::reasoned`]).
    pub fn run(&self, graph: &Graph) -> Answer {
        self.run_with(graph, Options::default())
    }

    /// Runs the query with `options`; the query's own `as recorded` and `with all claims`
    /// win over them.
    ///
    /// ```
    /// use annals::query::Options;
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1934 arrested by 1940")?;
    /// let reasoned = query.run(&graph);
    /// let recorded = query.run_with(&graph, Options { rules: false, ..Options::default() });
    /// assert!(reasoned.rows().len() > recorded.rows().len());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn run_with(&self, graph: &Graph, options: Options) -> Answer {
        let mut plan = self.plan.clone();
        plan.rules &= options.rules;
        plan.all_claims |= options.all_claims;
        eval::run(graph, &plan, &self.text)
    }
}

/// How a query weighs the claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Whether what the schema's rules infer counts (a query may say `as recorded`).
    pub rules: bool,
    /// Whether every claim counts alike, whatever its certainty or rank (a query may say
    /// `with all claims`); otherwise a row resting only on disputed or unverified claims is
    /// *possibly* and deprecated claims are left out.
    pub all_claims: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rules: true,
            all_claims: false,
        }
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

    /// Runs a query once with `options`.
    ///
    /// ```
    /// use annals::query::Options;
    /// let graph = annals::load("data")?;
    /// let all = Options { all_claims: true, ..Options::default() };
    /// let answer = graph.query_with("members of cc-1934 and akulov", all)?;
    /// assert_eq!(answer.rows()[0].status.word(), "yes");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn query_with(&self, text: &str, options: Options) -> Result<Answer, QueryError> {
        Ok(self.prepare(text)?.run_with(self, options))
    }
}

/// The words and phrases a query over `graph` can use, for completion and help: connectives,
/// kind plurals, relation phrases, event kinds' plurals and participles.
pub fn vocabulary(graph: &Graph) -> Vec<String> {
    let schema = graph.schema();
    let mut words: Vec<String> = RESERVED_WORDS.iter().map(|w| (*w).to_owned()).collect();
    words.extend(
        [
            "count",
            "share of",
            "why",
            "according to",
            "by year",
            "conflicts",
            "about",
            "check",
            "as recorded",
            "with all claims",
            "by date",
            "first",
            "latest",
            "earliest",
            "quotes of",
            "claims of",
            "connections between",
            "path from",
            "co-participants",
            "alive",
            "per",
        ]
        .map(str::to_owned),
    );
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
