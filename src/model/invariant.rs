//! Invariants a dataset declares about itself, written in the query language.

use super::schema::Schema;

/// An invariant from the schema's `[[invariant]]` tables: a query whose settled rows (status
/// *yes* or *no record*) must number at least `at_least` and at most `at_most`. Neither bound
/// means "no rows". [`Graph::check`](crate::Graph::check) evaluates them.
///
/// Rows the sources leave open (*possibly*) do not count, as a historical warning needs a
/// certain *yes*: an invariant reports what the data certainly says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invariant {
    /// A short name for messages.
    pub name: String,
    /// The query, in the language of [`Graph::query`](crate::Graph::query).
    pub query: String,
    /// The fewest settled rows allowed.
    pub at_least: Option<usize>,
    /// The most settled rows allowed.
    pub at_most: Option<usize>,
}

impl Invariant {
    /// An invariant that `query` answers no rows. Cost: O(1).
    pub fn no_rows(name: impl Into<String>, query: impl Into<String>) -> Invariant {
        Invariant {
            name: name.into(),
            query: query.into(),
            at_least: None,
            at_most: None,
        }
    }

    /// Whether `settled` rows keep the invariant. Cost: O(1).
    ///
    /// ```
    /// use annals::model::Invariant;
    /// let mut bound = Invariant::no_rows("at most 139", "members of cc-1934");
    /// bound.at_most = Some(139);
    /// assert!(bound.holds(135));
    /// assert!(!bound.holds(140));
    /// assert!(!Invariant::no_rows("none", "sources").holds(1));
    /// ```
    pub fn holds(&self, settled: usize) -> bool {
        match (self.at_least, self.at_most) {
            (None, None) => settled == 0,
            (least, most) => {
                least.is_none_or(|n| settled >= n) && most.is_none_or(|n| settled <= n)
            }
        }
    }

    /// What the invariant expects, in words: `no rows`, `at most 139 rows`… Cost: O(1).
    pub fn expectation(&self) -> String {
        match (self.at_least, self.at_most) {
            (None, None) => "no rows".to_owned(),
            (Some(a), None) => format!("at least {a} rows"),
            (None, Some(b)) => format!("at most {b} rows"),
            (Some(a), Some(b)) => format!("between {a} and {b} rows"),
        }
    }
}

impl Schema {
    /// The invariants the schema declares. Cost: O(1).
    pub fn invariants(&self) -> &[Invariant] {
        &self.invariants
    }

    /// The same schema with these invariants (replacing any it had). Their queries are
    /// planned only when checked, against a graph's entities. Cost: O(1) (the old invariants are
    /// dropped).
    ///
    /// ```
    /// use annals::model::Invariant;
    /// let graph = annals::bundled();
    /// let schema = graph.schema().clone().with_invariants(vec![
    ///     Invariant::no_rows("members are people", "members of cc-1934 except people"),
    /// ]);
    /// assert_eq!(schema.invariants().len(), 1);
    /// ```
    #[must_use]
    pub fn with_invariants(mut self, invariants: Vec<Invariant>) -> Schema {
        self.invariants = invariants;
        self
    }
}
