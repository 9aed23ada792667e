//! [`Graph::check`]: every violation in a graph, the store's structural and historical checks
//! and the schema's invariants, which are queries and so live above the store.

use crate::Graph;
use crate::query::Status;
use crate::store::{Violation, ViolationKind};

impl Graph {
    /// Every violation in the graph, as values with the entities and claims involved:
    /// structural ones (a claim that does not fit the schema), historical ones (an event after
    /// a participant's death unless posthumous, a death before a birth, a membership outside
    /// the body's existence, a person in two places on one day) and the schema's invariants.
    ///
    /// Cost: that of [`Graph::warnings`] plus one query per invariant.
    ///
    /// ```
    /// let graph = annals::bundled();
    /// for violation in graph.check() {
    ///     println!("{violation}");
    /// }
    /// assert!(graph.check_invariants().is_empty());
    /// ```
    pub fn check(&self) -> Vec<Violation> {
        let mut out = self.warnings();
        out.extend(self.check_invariants());
        out
    }

    /// The schema's invariants that the graph breaks, one violation each, with the offending
    /// rows' entities and evidence. An invariant whose query does not run is broken, with the
    /// query's error as its message.
    ///
    /// Cost: one query per invariant.
    pub fn check_invariants(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        for invariant in self.schema().invariants() {
            let kind = ViolationKind::Invariant {
                name: invariant.name.clone(),
            };
            let answer = match self.query(&invariant.query) {
                Ok(answer) => answer,
                Err(error) => {
                    out.push(Violation {
                        kind,
                        entities: Vec::new(),
                        claims: Vec::new(),
                        message: format!(
                            "invariant {:?}: `{}` does not run: {error}",
                            invariant.name, invariant.query
                        ),
                    });
                    continue;
                }
            };
            let settled: Vec<_> = answer
                .rows()
                .iter()
                .filter(|row| row.status != Status::Possibly)
                .collect();
            // A query of values (`population of X`) has no entity rows: its values count.
            let n = if answer.rows().is_empty() {
                answer.len()
            } else {
                settled.len()
            };
            if invariant.holds(n) {
                continue;
            }
            let mut claims = Vec::new();
            for row in &settled {
                for e in &row.evidence {
                    if !claims.contains(&e.claim) {
                        claims.push(e.claim);
                    }
                }
            }
            let names: Vec<&str> = settled.iter().take(5).map(|r| r.id.as_str()).collect();
            let more = if settled.len() > 5 { ", …" } else { "" };
            out.push(Violation {
                kind,
                entities: settled.iter().map(|r| r.entity).collect(),
                claims,
                message: format!(
                    "invariant {:?}: `{}` must answer {}, but answers {n} ({}{more})",
                    invariant.name,
                    invariant.query,
                    invariant.expectation(),
                    names.join(", ")
                ),
            });
        }
        out
    }
}
