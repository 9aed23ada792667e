//! Strategies for property tests over annals graphs, for users and for annals itself (cargo
//! feature `proptest`).
//!
//! Every strategy generates values that are valid by construction, and shrinks to smaller
//! values that are still valid: a graph shrinks by dropping entities and claims (a claim whose
//! entities are gone is dropped with them), a query shrinks towards a kind plural.
//!
//! ```
//! use annals::arb;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let schema = annals::bundled().schema().clone();
//! let mut runner = TestRunner::default();
//! runner.run(&arb::graph(&schema), |graph| {
//!     // An invariant of your own: every claim cites a source.
//!     prop_assert!(graph.claims().all(|(_, c)| !c.citations.is_empty()));
//!     Ok(())
//! }).unwrap();
//! ```
//!
//! In a test file, with `proptest!`:
//!
//! ```no_run
//! use proptest::prelude::*;
//!
//! proptest! {
//!     #[test]
//!     fn answers_are_never_no(
//!         (graph, query) in annals::arb::schema()
//!             .prop_flat_map(|schema| annals::arb::graph(&schema))
//!             .prop_flat_map(|graph| (Just(graph.clone()), annals::arb::query(&graph)))
//!     ) {
//!         let answer = graph.query(&query).unwrap();
//!         prop_assert!(answer.rows().iter().all(|row| row.status.word() != "no"));
//!     }
//! }
//! ```

mod dates;
mod queries;
mod schemas;
mod writes;

pub use dates::{date, date_between, point_between};
pub use queries::{query, set};
pub use schemas::schema;
pub use writes::{Size, Write, graph, graph_sized, writes};

use proptest::prelude::*;

/// A proptest configuration with `default_cases` cases, unless the environment variable
/// `PROPTEST_CASES` says otherwise. Cost: O(1) (one environment variable read).
///
/// `ProptestConfig::with_cases(n)` ignores `PROPTEST_CASES` (it overrides the default that
/// reads it), so a test that fixes its case count for CI could not be run longer. Use
/// `#![proptest_config(annals::arb::config(64))]` instead: 64 cases in CI,
/// `PROPTEST_CASES=10000 cargo test` for a long run.
///
/// ```
/// let config = annals::arb::config(64);
/// if std::env::var_os("PROPTEST_CASES").is_none() {
///     assert_eq!(config.cases, 64);
/// }
/// ```
pub fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::writes::writes_sized;
    use super::*;
    use crate::Graph;
    use proptest::test_runner::TestRunner;

    #[test]
    fn generated_writes_without_mistakes_all_fit() {
        let mut runner = TestRunner::deterministic();
        let strategy = schema().prop_flat_map(|s| {
            let schema = s.clone();
            writes_sized(&s, Size::default(), false).prop_map(move |w| (schema.clone(), w))
        });
        runner
            .run(&strategy, |(schema, writes)| {
                let mut graph = Graph::new(schema);
                for write in &writes {
                    write
                        .apply(&mut graph)
                        .map_err(|e| TestCaseError::fail(format!("{write:?}: {e}")))?;
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn generated_queries_plan() {
        let mut runner = TestRunner::deterministic();
        let strategy = schema()
            .prop_flat_map(|s| graph(&s))
            .prop_flat_map(|g| (query(&g), Just(g)));
        runner
            .run(&strategy, |(text, graph)| {
                graph
                    .prepare(&text)
                    .map_err(|e| TestCaseError::fail(format!("{text}: {}", e.render(&text))))?;
                Ok(())
            })
            .unwrap();
    }
}
