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
mod as_of;
pub mod ast;
mod check;
mod conflicts;
mod error;
mod eval;
mod eval_forms;
mod evidence;
mod explain;
mod filters;
mod forms;
mod grouping;
mod groups;
mod limits;
mod listing;
mod localize;
mod plain;
pub mod plan;
mod radix;
mod render;
mod resolve;
mod rows;
mod set;
mod special;
mod syntax;
mod table;
mod walks;

pub use answer::{
    Answer, Body, EntityRow, Evidence, GroupCount, Inference, SourceRef, Split, Status, Tally,
    ValueRow, YearCount,
};
pub use as_of::{AsOf, LeftOut};
pub use check::{Check, Verdict};
pub use conflicts::{Conflict, Side};
pub use error::{QueryError, QueryErrorKind};
pub use groups::Groups;
pub use limits::{BUDGET, MAX_DEPTH, MAX_QUERY_LEN};
pub use listing::{Chain, CountRow, Hop, QuoteRow, SourceRow};
pub use rows::Rows;
pub use syntax::parse;

use crate::Graph;
use crate::model::RESERVED_WORDS;
use ast::Span;
use limits::{Budget, with_stack};

/// A parsed and planned query, to run again and again against the graph it was planned for
/// (or a clone of it, or one that only grew since).
#[derive(Clone, Debug)]
pub struct Query {
    text: String,
    ast: ast::Query,
    plan: plan::Plan,
    /// The nesting depth, which sizes the stack that planning, running and dropping need.
    depth: usize,
    /// The tag of the graph it was planned on, and the entities and claims it had then.
    graph: (u32, usize, usize),
}

impl Query {
    /// The query text. Cost: O(1).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax tree. Cost: O(1).
    pub fn ast(&self) -> &ast::Query {
        &self.ast
    }

    /// The plan. Cost: O(1).
    pub fn plan(&self) -> &plan::Plan {
        &self.plan
    }

    /// The query as SPARQL over the RDF export (feature `rdf`); see
    /// [`crate::export::to_sparql`] for what compiles and how dates are handled.
    ///
    /// Cost: as [`crate::export::to_sparql`], built on each call.
    ///
    /// # Errors
    ///
    /// [`crate::export::SparqlError`] for a construct with no SPARQL form.
    #[cfg(feature = "rdf")]
    pub fn to_sparql(&self, graph: &Graph) -> Result<String, crate::export::SparqlError> {
        crate::export::to_sparql(graph, self, &crate::export::Iris::default())
    }

    /// The plan in words, for `:explain`. `graph` names the schema items and entities; it
    /// should be the graph the query was prepared on. Cost: O(plan size), built on each call
    /// (not when the query is prepared).
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1917 executed")?;
    /// assert_eq!(
    ///     query.explain(&graph),
    ///     "count\n  the subject of an execution event\n    subjects of member_of (walk from objects)\n      entity cc-1917\n  split within\n    subjects of member_of (walk from objects)\n      entity cc-1917\n"
    /// );
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn explain(&self, graph: &Graph) -> String {
        if self.check_graph(graph).is_err() {
            return "(the query was prepared on another graph)\n".to_owned();
        }
        with_stack(self.depth, || self.plan.explain(graph))
    }

    /// Runs the query with the default [`Options`]: rules on, certainty and rank counted,
    /// the default budget.
    ///
    /// Cost: the first query after a write also runs the schema's rules
    /// ([`Graph::reasoned`]).
    ///
    /// # Errors
    /// [`QueryErrorKind::ForeignGraph`] when `graph` is not the graph the query was prepared
    /// on (nor a clone of it, nor one that only grew since); [`QueryErrorKind::OverBudget`]
    /// when the evaluation touches more rows than [`Options::budget`].
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1917")?;
    /// println!("{}", query.run(&graph)?);
    /// let other = annals::load("data")?;
    /// assert!(query.run(&other).is_err());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<Answer<'g>, QueryError> {
        self.run_with(graph, Options::default())
    }

    /// Runs the query with `options`; the query's own `as recorded` and `with all claims`
    /// win over them. The length and depth limits were applied when it was prepared.
    ///
    /// Cost: O(1) to check the graph, then the evaluation of the plan, which depends on the
    /// query and the data; it touches at most [`Options::budget`] rows before it stops. The
    /// first query after a write also runs the schema's rules ([`Graph::reasoned`]).
    ///
    /// # Errors
    /// As [`Query::run`].
    ///
    /// ```
    /// use annals::query::Options;
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1934 arrested by 1940")?;
    /// let reasoned = query.run(&graph)?;
    /// let recorded = query.run_with(&graph, Options { rules: false, ..Options::default() })?;
    /// assert!(reasoned.rows().len() > recorded.rows().len());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn run_with<'g>(
        &self,
        graph: &'g Graph,
        options: Options,
    ) -> Result<Answer<'g>, QueryError> {
        self.check_graph(graph)?;
        let budget = Budget::new(options.budget);
        let answer = with_stack(self.depth, || {
            let rules = self.plan.rules && options.rules;
            let all_claims = self.plan.all_claims || options.all_claims;
            // The plan is copied only when the options change it (a copy is an allocation
            // per operation: two of Q1's ten).
            if rules == self.plan.rules && all_claims == self.plan.all_claims {
                return eval::run(graph, &self.plan, &self.text, &budget);
            }
            let mut plan = self.plan.clone();
            plan.rules = rules;
            plan.all_claims = all_claims;
            eval::run(graph, &plan, &self.text, &budget)
        });
        if budget.exceeded() {
            return Err(QueryError::new(
                QueryErrorKind::OverBudget,
                &self.text,
                self.whole(),
                format!(
                    "the query touched more than {} rows, its budget",
                    budget.limit()
                ),
            )
            .with_hint(
                "narrow it, or raise the budget (Options::budget, `:limit budget N` in the REPL)",
            ));
        }
        Ok(answer)
    }

    fn whole(&self) -> Span {
        Span {
            start: 0,
            end: self.text.len(),
        }
    }

    fn check_graph(&self, graph: &Graph) -> Result<(), QueryError> {
        let (tag, n_entities, n_claims) = self.graph;
        if graph.covers(tag, n_entities, n_claims) {
            return Ok(());
        }
        Err(QueryError::new(
            QueryErrorKind::ForeignGraph,
            &self.text,
            self.whole(),
            "the query was prepared on another graph",
        )
        .with_hint("prepare it again on the graph it is to run on"))
    }
}

impl Drop for Query {
    /// Drops the trees on a stack big enough for their depth.
    fn drop(&mut self) {
        let ast = std::mem::replace(&mut self.ast, ast::Query::empty());
        let plan = std::mem::replace(&mut self.plan, plan::Plan::empty());
        if self.depth > 32 {
            with_stack(self.depth, move || drop((ast, plan)));
        }
    }
}

/// How a query weighs the claims, and the limits it runs under.
///
/// ```
/// use annals::query::Options;
/// let graph = annals::load("data")?;
/// let tight = Options { budget: 10, ..Options::default() };
/// let error = graph.query_with("members of cc-1934", tight).unwrap_err();
/// assert!(error.message.contains("budget"));
/// # Ok::<_, annals::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Whether what the schema's rules infer counts (a query may say `as recorded`).
    pub rules: bool,
    /// Whether every claim counts alike, whatever its certainty or rank (a query may say
    /// `with all claims`); otherwise a row resting only on disputed or unverified claims is
    /// *possibly* and deprecated claims are left out.
    pub all_claims: bool,
    /// The longest query text, in bytes ([`MAX_QUERY_LEN`] by default).
    pub max_len: usize,
    /// The deepest nesting ([`MAX_DEPTH`] by default): each `and`/`or`/`except` operand after
    /// the first, each walk (`members of`), each filter, each word of a filter or base and
    /// each pair of parentheses adds one level along its path.
    pub max_depth: usize,
    /// How many rows the evaluation may touch, summed over its steps ([`BUDGET`] by default).
    pub budget: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rules: true,
            all_claims: false,
            max_len: MAX_QUERY_LEN,
            max_depth: MAX_DEPTH,
            budget: BUDGET,
        }
    }
}

impl Graph {
    /// Parses and plans a query for repeated use, under the default [`Options`].
    ///
    /// Cost: parsing, bounded by [`Options::max_len`] and [`Options::max_depth`], then
    /// planning, O(words × names) for the name lookups (see [`plan::plan`]), plus the
    /// suggestions of an error. The graph is not evaluated.
    ///
    /// # Errors
    /// A [`QueryError`] with the line and column of what does not fit: the grammar, the
    /// schema, the data, or the length and depth limits.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let query = graph.prepare("count members of cc-1917")?;
    /// println!("{}", query.explain(&graph));
    /// println!("{}", query.run(&graph)?);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn prepare(&self, text: &str) -> Result<Query, QueryError> {
        self.prepare_with(text, Options::default())
    }

    /// Parses and plans a query under `options`' length and depth limits. Cost: as
    /// [`Graph::prepare`].
    ///
    /// # Errors
    /// As [`Graph::prepare`].
    pub fn prepare_with(&self, text: &str, options: Options) -> Result<Query, QueryError> {
        let (ast, depth) =
            syntax::parse_with(text, &options).map_err(|e| localize::localize(e, self))?;
        let planned = with_stack(depth, || plan::plan(self, text, &ast));
        let plan = match planned {
            Ok(plan) => plan,
            Err(error) => {
                with_stack(depth, move || drop(ast));
                return Err(localize::localize(error, self));
            }
        };
        Ok(Query {
            text: text.to_owned(),
            ast,
            plan,
            depth,
            graph: (self.tag(), self.n_entities(), self.n_claims()),
        })
    }

    /// Runs a query once, with the default [`Options`]. Cost: [`Graph::prepare`] then
    /// [`Query::run`].
    ///
    /// # Errors
    /// As [`Graph::prepare`] and [`Query::run`].
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let answer = graph.query("population of Petrograd")?;
    /// println!("{answer}");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn query(&self, text: &str) -> Result<Answer<'_>, QueryError> {
        self.query_with(text, Options::default())
    }

    /// Runs a query once with `options`. Cost: [`Graph::prepare_with`] then
    /// [`Query::run_with`].
    ///
    /// # Errors
    /// As [`Graph::query`].
    ///
    /// ```
    /// use annals::query::Options;
    /// let graph = annals::load("data")?;
    /// let all = Options { all_claims: true, ..Options::default() };
    /// let answer = graph.query_with("members of cc-1934 and akulov", all)?;
    /// assert_eq!(answer.rows()[0].status.word(), "yes");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn query_with(&self, text: &str, options: Options) -> Result<Answer<'_>, QueryError> {
        self.prepare_with(text, options)?.run_with(self, options)
    }
}

/// The words and phrases a query over `graph` can use, for completion and help: connectives,
/// kind plurals, relation phrases, event kinds' plurals and participles.
///
/// Cost: O(w log w) where w is the number of words: the reserved words plus the schema's
/// kinds, relation phrases and event-kind words (not the data), sorted and deduplicated.
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
