//! Errors of writes to a [`Graph`](super::Graph): what the store refuses to hold.

use crate::model::SchemaError;

/// A write the store refused. The graph is unchanged after any of these.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// The schema itself is inconsistent.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A link of a transitive relation that would close a cycle (a place inside itself).
    #[error("{relation} is transitive, and this claim would close a cycle: {}", path.join(" → "))]
    Cycle {
        /// The relation.
        relation: String,
        /// The ids around the cycle, from the claim's subject back to it.
        path: Vec<String>,
    },
    /// Two entities share an id.
    #[error(
        "duplicate id {slug:?}: an entity with this id already exists{}",
        first.as_ref().map_or(String::new(), |at| format!(" (first defined at {at})"))
    )]
    DuplicateId {
        /// The id.
        slug: String,
        /// Where the first definition is, when the loader knows (`file:line:column`).
        first: Option<String>,
    },
    /// Two claims share a label.
    #[error("duplicate claim id {label:?}")]
    DuplicateLabel {
        /// The label.
        label: String,
    },
    /// No entity has this id.
    #[error("unknown entity {slug:?}{}", hint(suggestions))]
    UnknownEntity {
        /// The id looked for.
        slug: String,
        /// Near ids.
        suggestions: Vec<String>,
    },
    /// A handle from another graph, or a kind, relation or event kind from another schema.
    #[error("{what} handle {index} does not belong to this graph")]
    ForeignHandle {
        /// `entity`, `kind`, `relation` or `event kind`.
        what: &'static str,
        /// The handle's index.
        index: usize,
    },
    /// The schema declares no such kind, relation, event kind or role.
    #[error("unknown {what} {name:?}{}", hint(suggestions))]
    UnknownName {
        /// `kind`, `relation`, `event kind` or `role of …`.
        what: String,
        /// The name looked for.
        name: String,
        /// Near names.
        suggestions: Vec<String>,
    },
    /// A role (or scope) that the relation or event kind does not declare.
    #[error("unknown role {role:?} for {of}{}", role_hint(roles, suggestions))]
    UnknownRole {
        /// The role given.
        role: String,
        /// The relation or event kind (`member_of`, `a speech event`).
        of: String,
        /// The roles it declares.
        roles: Vec<String>,
        /// Near roles.
        suggestions: Vec<String>,
    },
    /// An entity of the wrong kind at one end of a relation, event or citation.
    #[error("{place} must be {expected}, but {slug:?} is {found}")]
    WrongKind {
        /// Which part of the claim holds the entity.
        field: ClaimField,
        /// That part in words: `the subject of member_of`, `what a claim cites`…
        place: String,
        /// The allowed kinds, `person or institution`.
        expected: String,
        /// The entity.
        slug: String,
        /// Its kind.
        found: String,
    },
    /// A literal relation used with an object, or an entity relation with a value, or a value
    /// of the wrong type.
    #[error("relation {relation:?} {problem}")]
    WrongTarget {
        /// The relation.
        relation: String,
        /// What is wrong, as a phrase.
        problem: String,
    },
    /// A claim with no citation.
    #[error("a claim must cite at least one source")]
    NoSource,
    /// An entity that cannot be as given: an event without an event kind (or another entity
    /// with one), an empty name or alias, source details on a non-source, an event taking
    /// part in itself.
    #[error("{slug:?}: {problem}")]
    EventKind {
        /// The entity.
        slug: String,
        /// What is wrong.
        problem: String,
    },
    /// The graph is full: more entities or claims than its handles can address.
    #[error("the graph cannot hold more than {limit} {what}")]
    Full {
        /// What ran out: `entities`, `claims`, `bytes of slugs and names` (the entities'
        /// text), `strings or citations` or `roles` (the claims' columns).
        what: &'static str,
        /// The limit.
        limit: usize,
    },
}

/// The part of a claim that holds an entity of the wrong kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClaimField {
    /// A relation's subject.
    Subject,
    /// A relation's object.
    Object,
    /// A citation's source or `via`.
    Source,
    /// The event of a date, place or participation.
    Event,
    /// The occasion of a quotation.
    Occasion,
}

fn role_hint(roles: &[String], suggestions: &[String]) -> String {
    if roles.is_empty() {
        "; it takes no role".to_owned()
    } else if suggestions.is_empty() {
        let quoted: Vec<String> = roles.iter().map(|s| format!("{s:?}")).collect();
        format!("; expected one of {}", quoted.join(", "))
    } else {
        hint(suggestions)
    }
}

fn hint(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one:?}?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("{s:?}")).collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}
