//! Rules: what the records imply, declared in a dataset's schema (data, not code), and the
//! meanings of aggregate figures (which query a figure such as "98 of 139" counts).
//!
//! Three forms of rule, each readable as a sentence:
//!
//! - **implication**: an event of one kind, for the participant in a role, implies an event of
//!   another kind for the same participant, on or before (`by`) or strictly `before` its date
//!   ("an execution implies an arrest on or before it"); optionally only where the premise took
//!   place in one of the places a query answers ("a death in a camp implies an arrest");
//! - **exclusion**: a life ends once, so a recorded end of one kind rules out the others
//!   ("an assassination rules out an execution");
//! - **life bounds**: nothing happens to a person after the event that ends their life (or
//!   before their birth), unless its kind is posthumous; an undated arrest of someone shot in
//!   1939 is dated "by 1939".
//!
//! Implications may chain (a rule's conclusion is another's premise) but not loop:
//! [`Schema::with_rules`] refuses a cycle, so every inference rests on recorded claims in a
//! finite number of steps and never on itself.

use std::fmt;

use super::id::{EventKindId, RelationId};
use super::schema::{Schema, SchemaError};

/// A rule of inference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Its name, shown in `why` (`execution-implies-arrest`).
    pub name: String,
    /// What it says, in words.
    pub description: Option<String>,
    /// What it infers.
    pub form: RuleForm,
}

/// The forms of rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleForm {
    /// An event of kind `when`, for its participant in `role`, implies an event of kind
    /// `implies` for the same participant (in the implied kind's patient role), dated `order`
    /// the premise's date.
    Implies {
        /// The premise's event kind.
        when: EventKindId,
        /// The premise's role (default: its kind's patient).
        role: String,
        /// Only premises that took place in one of the places this query answers.
        place: Option<String>,
        /// The implied event kind.
        implies: EventKindId,
        /// How the implied event's date relates to the premise's.
        order: Order,
    },
    /// A person undergoes at most one of these kinds (as their patient): a recorded one rules
    /// out the others.
    Exclusive {
        /// The kinds, of which one at most.
        kinds: Vec<EventKindId>,
    },
    /// Nothing happens to a participant after an event that ends their life (unless the event
    /// kind is posthumous) or before their birth.
    LifeBounds,
}

/// How an implied event's date relates to its premise's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// On or before: "by 1938-07-29".
    By,
    /// Strictly before: "before 1938-03-02".
    Before,
}

impl Order {
    /// `by` or `before`. Cost: O(1).
    pub fn name(self) -> &'static str {
        match self {
            Order::By => "by",
            Order::Before => "before",
        }
    }
}

/// The text is not `by` or `before`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a rule's `date` is \"by\" (on or before) or \"before\", not {0:?}")]
pub struct OrderError(pub String);

impl std::str::FromStr for Order {
    type Err = OrderError;

    /// `by` or `before`. Cost: O(1).
    ///
    /// # Errors
    /// [`OrderError`] for any other text.
    fn from_str(s: &str) -> Result<Order, OrderError> {
        match s {
            "by" => Ok(Order::By),
            "before" => Ok(Order::Before),
            other => Err(OrderError(other.to_owned())),
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an aggregate figure counts: for claims of `relation` (such as "98 of 139" members
/// arrested and shot), the query whose rows the figure counts, with `{subject}` standing for
/// the claim's subject and `{at}` for a time taken from the claim's date (`by 1940`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregate {
    /// The literal relation whose figures are counts.
    pub relation: RelationId,
    /// The query template.
    pub counts: String,
    /// The template for the whole the figure is a part of (`members of {subject}`); by default
    /// the counted query without its filters.
    pub of: Option<String>,
}

impl Schema {
    /// The same schema with rules and aggregate meanings. Refuses two rules of one name, an
    /// exclusion of fewer than two kinds, a role that the premise's event kind lacks, and
    /// implications that loop (a kind that
    /// implies itself, directly or through other rules).
    ///
    /// Cost: O(rules²).
    ///
    /// # Errors
    /// [`SchemaError::Duplicate`], [`SchemaError::TooFewExclusive`],
    /// [`SchemaError::UnknownRole`] or [`SchemaError::RuleCycle`].
    pub fn with_rules(
        mut self,
        rules: Vec<Rule>,
        aggregates: Vec<Aggregate>,
    ) -> Result<Schema, SchemaError> {
        let mut names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|p| p[0] == p[1]) {
            return Err(SchemaError::Duplicate {
                what: "rule",
                name: pair[0].to_owned(),
            });
        }
        for rule in &rules {
            if let RuleForm::Exclusive { kinds } = &rule.form
                && kinds.len() < 2
            {
                return Err(SchemaError::TooFewExclusive {
                    rule: rule.name.clone(),
                });
            }
            if let RuleForm::Implies { when, role, .. } = &rule.form {
                let def = self.event_kind_def(*when);
                if !def.roles.contains(role) {
                    return Err(SchemaError::UnknownRole {
                        rule: rule.name.clone(),
                        kind: def.name.clone(),
                        role: role.clone(),
                    });
                }
            }
        }
        // A loop: following implications from a kind leads back to it.
        let edges: Vec<(EventKindId, EventKindId, &str)> = rules
            .iter()
            .filter_map(|r| match &r.form {
                RuleForm::Implies { when, implies, .. } => Some((*when, *implies, r.name.as_str())),
                _ => None,
            })
            .collect();
        for (start, _, _) in &edges {
            let mut path: Vec<&str> = Vec::new();
            if let Some(cycle) = reaches(&edges, *start, *start, &mut path, 0) {
                return Err(SchemaError::RuleCycle {
                    rules: cycle.join(" → "),
                });
            }
        }
        self.set_rules(rules, aggregates);
        Ok(self)
    }
}

/// The rule names along a path of implications from `from` back to `target`, if there is one.
fn reaches<'a>(
    edges: &[(EventKindId, EventKindId, &'a str)],
    from: EventKindId,
    target: EventKindId,
    path: &mut Vec<&'a str>,
    depth: usize,
) -> Option<Vec<&'a str>> {
    if depth > edges.len() {
        return None;
    }
    for (when, implies, name) in edges {
        if *when != from {
            continue;
        }
        path.push(name);
        if *implies == target {
            return Some(path.clone());
        }
        if let Some(found) = reaches(edges, *implies, target, path, depth + 1) {
            return Some(found);
        }
        path.pop();
    }
    None
}
