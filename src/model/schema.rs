//! The schema: the kinds, relations and event kinds a dataset declares. annals has no built-in
//! vocabulary; queries read their phrases from here.

use std::collections::HashMap;

use super::id::{EventKindId, KindId, RelationId};
use super::name::normalize;
use super::rule::{Aggregate, Rule};

/// The connectives of the query language. Schema phrases may not contain them, since a query
/// reads them as structure: `members of X` ends the phrase `members` at `of`.
pub const RESERVED_WORDS: [&str; 20] = [
    "of",
    "and",
    "or",
    "except",
    "not",
    "by",
    "before",
    "after",
    "in",
    "between",
    "according",
    "at",
    "when",
    "with",
    // Words the planner reads itself: `quotes of X`, `claims of X`, `connections between A
    // and B`, `path from A to B`, `people alive in 1938`.
    "quotes",
    "claims",
    "connections",
    "path",
    "alive",
    "per",
];

/// A kind of entity (`person`, `institution`, `ship`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindDef {
    /// The singular name used in data files (`person`).
    pub name: String,
    /// The plural that queries use for all entities of the kind (`people`).
    pub plural: String,
    /// What the kind is for.
    pub description: Option<String>,
}

/// The type of a literal relation's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LiteralType {
    /// A [`Quantity`](super::Quantity).
    Number,
    /// Free text.
    Text,
    /// A [`Date`](super::Date).
    Date,
}

impl LiteralType {
    /// The name used in schema files. Cost: O(1).
    pub fn name(self) -> &'static str {
        match self {
            LiteralType::Number => "number",
            LiteralType::Text => "text",
            LiteralType::Date => "date",
        }
    }

    /// Parses a schema file's name for the type. Cost: O(1) (three short names compared).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "number" => Some(LiteralType::Number),
            "text" => Some(LiteralType::Text),
            "date" => Some(LiteralType::Date),
            _ => None,
        }
    }
}

/// What a relation points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Entities of these kinds.
    Kinds(Vec<KindId>),
    /// A literal value of this type.
    Literal(LiteralType),
}

/// A relation (`member_of`, `population`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationDef {
    /// The name used in data files.
    pub name: String,
    /// The kinds allowed as subject.
    pub subject: Vec<KindId>,
    /// The kinds allowed as object, or the literal type of its values.
    pub target: Target,
    /// Phrases that walk from a subject to its objects or values (`population`).
    pub forward: Vec<String>,
    /// Phrases that walk from an object to its subjects (`members`).
    pub inverse: Vec<String>,
    /// The roles (or, for a literal relation, scopes) its claims may carry.
    pub roles: Vec<String>,
    /// The unit of its values, unless a claim gives its own.
    pub unit: Option<String>,
    /// Whether an event's `place` is a claim of this relation.
    pub event_place: bool,
    /// Whether the relation is followed through chains (`part_of`, `located_in`): a site of a
    /// site of Paris is in Paris. Walks and `in PLACE` follow it; a cycle is refused.
    pub transitive: bool,
    /// Whether a subject holds many values of it at once (`thesis`: a source's several
    /// arguments), so that two different values are no disagreement; otherwise a subject has
    /// one value for a scope and a time, and `conflicts` sets different ones against each other.
    pub many_values: bool,
    /// What the relation means.
    pub description: Option<String>,
}

impl RelationDef {
    /// The literal type if this is a literal relation. Cost: O(1).
    pub fn literal(&self) -> Option<LiteralType> {
        match self.target {
            Target::Literal(t) => Some(t),
            Target::Kinds(_) => None,
        }
    }
}

/// An event kind (`arrest`, `execution`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventKindDef {
    /// The name used in data files.
    pub name: String,
    /// The past participles that name it in queries (`shot`, `executed`).
    pub participles: Vec<String>,
    /// The plural that names events of this kind (`arrests`).
    pub plural: Option<String>,
    /// The roles its participants may have.
    pub roles: Vec<String>,
    /// The role a participle describes: `arrested` = the `subject` of an arrest.
    pub patient: String,
    /// After such an event its patient takes part in nothing (death, execution).
    pub ends_life: bool,
    /// Before such an event its patient takes part in nothing (birth).
    pub starts_life: bool,
    /// Such an event may come after its patient's death (rehabilitation).
    pub posthumous: bool,
}

/// What a noun phrase of a query names: a kind's plural, an event kind's plural, or a
/// relation phrase in one direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phrase {
    /// All entities of a kind (`people`).
    Kind(KindId),
    /// All events of an event kind (`executions`).
    EventKind(EventKindId),
    /// A walk along a relation: to its objects, or with `inverse` to its subjects.
    Relation {
        /// The relation.
        relation: RelationId,
        /// From objects to subjects (`members`).
        inverse: bool,
    },
}

/// The vocabulary of a graph. Build it with [`Schema::new`], which checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    kinds: Vec<KindDef>,
    relations: Vec<RelationDef>,
    event_kinds: Vec<EventKindDef>,
    source_kind: KindId,
    event_kind: KindId,
    /// Normalized noun phrases, for queries.
    nouns: HashMap<String, Phrase>,
    /// Normalized participles, for queries.
    participles: HashMap<String, EventKindId>,
    /// The most words in one participle.
    longest_participle: usize,
    /// The dataset's own invariants (see `invariant.rs`).
    pub(super) invariants: Vec<super::Invariant>,
    /// Rules of inference, in declaration order (see [`Schema::with_rules`]).
    rules: Vec<Rule>,
    /// What aggregate figures count.
    aggregates: Vec<Aggregate>,
}

/// Why a schema is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// Two declarations that cannot hold together, named in the message.
    #[error("{message}")]
    Conflict {
        /// What conflicts with what.
        message: String,
        /// The name or phrase where the conflict shows, for locating it in a file.
        at: String,
    },
    /// Two kinds, relations or event kinds share a name.
    #[error("{what} {name:?} is declared twice")]
    Duplicate {
        /// `kind`, `relation` or `event kind`.
        what: &'static str,
        /// The repeated name.
        name: String,
    },
    /// Not exactly one kind is marked as the source kind (or the event kind).
    #[error("exactly one kind must be marked `{flag} = true`, found {found}")]
    SpecialKind {
        /// `source` or `event`.
        flag: &'static str,
        /// How many kinds carry the flag.
        found: usize,
    },
    /// Two vocabulary items share a query phrase, so a query could not tell them apart.
    #[error("the phrase {phrase:?} is used by both {first} and {second}")]
    AmbiguousPhrase {
        /// The phrase, normalized.
        phrase: String,
        /// The first user.
        first: String,
        /// The second user.
        second: String,
    },
    /// A query phrase contains a word the query language reserves as a connective.
    #[error("the phrase {phrase:?} contains {word:?}, a connective of the query language")]
    ReservedWord {
        /// The phrase.
        phrase: String,
        /// The reserved word.
        word: &'static str,
    },
    /// A relation names a kind the schema does not declare.
    #[error("relation {relation:?} names the undeclared kind {kind:?}")]
    UnknownKind {
        /// The kind's name.
        kind: String,
        /// The relation.
        relation: String,
    },
    /// A rule names a role its event kind does not have.
    #[error("rule {rule:?}: event kind {kind:?} has no role {role:?}")]
    UnknownRole {
        /// The rule.
        rule: String,
        /// The event kind.
        kind: String,
        /// The role.
        role: String,
    },
    /// An exclusion names fewer than two event kinds: nothing to exclude.
    #[error("rule {rule:?}: `exclusive` lists two or more event kinds")]
    TooFewExclusive {
        /// The rule.
        rule: String,
    },
    /// Rules of implication loop: a kind implies itself through them.
    #[error("rules loop, so an inference would rest on itself: {rules}")]
    RuleCycle {
        /// The rules along the loop.
        rules: String,
    },
    /// An event kind's patient is not one of its roles.
    #[error("event kind {kind:?}: patient role {role:?} is not among its roles")]
    UnknownPatient {
        /// The event kind.
        kind: String,
        /// The role.
        role: String,
    },
}

impl Schema {
    /// Checks and builds a schema. `source_kind` and `event_kind` say which kinds are sources and
    /// events. To declare one by names, without ids, use [`Schema::builder`].
    ///
    /// Cost: O(n log n) in the number of phrases.
    ///
    /// # Errors
    ///
    /// [`SchemaError::Duplicate`] for a name declared twice, [`SchemaError::UnknownPatient`]
    /// for a patient that is not among its event kind's roles, [`SchemaError::ReservedWord`]
    /// for a phrase with a connective in it, [`SchemaError::AmbiguousPhrase`] for a phrase
    /// two items share, and [`SchemaError::Conflict`] for declarations that cannot hold
    /// together (one kind as both the source and the event kind, an empty phrase, …).
    pub fn new(
        kinds: Vec<KindDef>,
        relations: Vec<RelationDef>,
        event_kinds: Vec<EventKindDef>,
        source_kind: KindId,
        event_kind: KindId,
    ) -> Result<Schema, SchemaError> {
        check_unique("kind", kinds.iter().map(|k| &k.name))?;
        check_unique("relation", relations.iter().map(|r| &r.name))?;
        check_unique("event kind", event_kinds.iter().map(|k| &k.name))?;
        for ek in &event_kinds {
            if !ek.roles.contains(&ek.patient) {
                return Err(SchemaError::UnknownPatient {
                    kind: ek.name.clone(),
                    role: ek.patient.clone(),
                });
            }
        }
        let mut schema = Schema {
            kinds,
            relations,
            event_kinds,
            source_kind,
            event_kind,
            nouns: HashMap::new(),
            participles: HashMap::new(),
            longest_participle: 1,
            invariants: Vec::new(),
            rules: Vec::new(),
            aggregates: Vec::new(),
        };
        // Nouns (kind and event plurals, relation phrases) and participles stand in different
        // places of a query, so only phrases of the same class can clash.
        let mut phrases: Vec<(bool, String, String)> = schema.all_phrases().collect();
        schema.check_conflicts(&phrases)?;
        for (_, phrase, _) in &phrases {
            if let Some(word) = phrase
                .split(' ')
                .find_map(|w| RESERVED_WORDS.iter().find(|r| **r == w))
            {
                return Err(SchemaError::ReservedWord {
                    phrase: phrase.clone(),
                    word,
                });
            }
        }
        phrases.sort();
        for pair in phrases.windows(2) {
            if pair[0].0 == pair[1].0 && pair[0].1 == pair[1].1 && pair[0].2 != pair[1].2 {
                return Err(SchemaError::AmbiguousPhrase {
                    phrase: pair[0].1.clone(),
                    first: pair[0].2.clone(),
                    second: pair[1].2.clone(),
                });
            }
        }
        schema.index_phrases();
        Ok(schema)
    }

    /// Conflicts that would make the schema fail later with an unrelated message, or make
    /// a query unable to say something: each named.
    fn check_conflicts(&self, phrases: &[(bool, String, String)]) -> Result<(), SchemaError> {
        let conflict = |message: String, at: &str| {
            Err(SchemaError::Conflict {
                message,
                at: at.to_owned(),
            })
        };
        let n_kinds = self.kinds.len();
        for (flag, kind) in [("source", self.source_kind), ("event", self.event_kind)] {
            if kind.index() >= n_kinds {
                return conflict(
                    format!(
                        "the {flag} kind is kind {} of {n_kinds}: no such kind",
                        kind.index()
                    ),
                    "",
                );
            }
        }
        if self.source_kind == self.event_kind {
            let name = &self.kinds[self.source_kind.index()].name;
            return conflict(
                format!("kind {name:?} cannot be both the source kind and the event kind"),
                name,
            );
        }
        let places: Vec<&str> = self
            .relations
            .iter()
            .filter(|r| r.event_place)
            .map(|r| r.name.as_str())
            .collect();
        if let [first, second, ..] = places.as_slice() {
            return conflict(
                format!(
                    "relations {first:?} and {second:?} are both marked `event_place = true`; an event has one place relation"
                ),
                second,
            );
        }
        // The words that start a command cannot start a set.
        const COMMANDS: [&str; 5] = ["count", "share", "why", "conflicts", "check"];
        for (participle, phrase, owner) in phrases {
            if phrase.is_empty() {
                let name = owner.split(' ').nth(1).unwrap_or("");
                return conflict(
                    format!("{owner} has an empty phrase: a phrase needs a letter or digit"),
                    name,
                );
            }
            let first = phrase.split(' ').next().unwrap_or("");
            if !participle && COMMANDS.contains(&first) {
                return conflict(
                    format!(
                        "the phrase {phrase:?} of {owner} starts with {first:?}, a command word of the query language"
                    ),
                    phrase,
                );
            }
        }
        for (_, participle, owner) in phrases.iter().filter(|p| p.0) {
            if let Some((_, _, kind)) = phrases
                .iter()
                .find(|(p, phrase, o)| !p && phrase == participle && o.starts_with("kind "))
            {
                return conflict(
                    format!(
                        "the participle {participle:?} of {owner} is also the plural of {kind}"
                    ),
                    participle,
                );
            }
        }
        Ok(())
    }

    /// Fills the phrase tables that queries resolve words against.
    fn index_phrases(&mut self) {
        for (i, kind) in self.kinds.iter().enumerate() {
            self.nouns
                .insert(normalize(&kind.plural), Phrase::Kind(KindId::new(i)));
        }
        for (i, kind) in self.event_kinds.iter().enumerate() {
            let id = EventKindId::new(i);
            if let Some(plural) = &kind.plural {
                self.nouns.insert(normalize(plural), Phrase::EventKind(id));
            }
            for p in &kind.participles {
                self.participles.insert(normalize(p), id);
            }
        }
        for (i, relation) in self.relations.iter().enumerate() {
            let relation_id = RelationId::new(i);
            let directions = [(&relation.forward, false), (&relation.inverse, true)];
            for (phrases, inverse) in directions {
                for p in phrases {
                    let phrase = Phrase::Relation {
                        relation: relation_id,
                        inverse,
                    };
                    self.nouns.insert(normalize(p), phrase);
                }
            }
        }
        self.longest_participle = self
            .participles
            .keys()
            .map(|p| p.split(' ').count())
            .max()
            .unwrap_or(1);
    }

    /// What a normalized noun phrase names. Cost: O(1) expected.
    pub fn phrase(&self, normalized: &str) -> Option<Phrase> {
        self.nouns.get(normalized).copied()
    }

    /// The event kind a normalized participle names. Cost: O(1) expected.
    pub fn participle(&self, normalized: &str) -> Option<EventKindId> {
        self.participles.get(normalized).copied()
    }

    /// Every normalized noun phrase, for suggestions, in no set order. Cost: O(1) per item.
    pub fn phrases(&self) -> impl Iterator<Item = &str> {
        self.nouns.keys().map(String::as_str)
    }

    /// Every normalized participle, for suggestions, in no set order. Cost: O(1) per item.
    pub fn participles(&self) -> impl Iterator<Item = &str> {
        self.participles.keys().map(String::as_str)
    }

    /// The most words in one participle (`went on strike`: 3). Cost: O(1), computed when the
    /// schema is built.
    pub fn longest_participle(&self) -> usize {
        self.longest_participle
    }

    /// Every query phrase with whether it is a participle and what it names.
    fn all_phrases(&self) -> impl Iterator<Item = (bool, String, String)> + '_ {
        let kinds = self
            .kinds
            .iter()
            .map(|k| (false, normalize(&k.plural), format!("kind {}", k.name)));
        let relations = self.relations.iter().flat_map(|r| {
            let forward = r
                .forward
                .iter()
                .map(move |p| (false, normalize(p), format!("relation {}", r.name)));
            let inverse = r.inverse.iter().map(move |p| {
                (
                    false,
                    normalize(p),
                    format!("relation {} (inverse)", r.name),
                )
            });
            forward.chain(inverse)
        });
        let events = self.event_kinds.iter().flat_map(|k| {
            let participles = k
                .participles
                .iter()
                .map(move |p| (true, normalize(p), format!("event kind {}", k.name)));
            participles.chain(
                k.plural
                    .iter()
                    .map(move |p| (false, normalize(p), format!("event kind {}", k.name))),
            )
        });
        kinds.chain(relations).chain(events)
    }

    pub(super) fn set_rules(&mut self, rules: Vec<Rule>, aggregates: Vec<Aggregate>) {
        self.rules = rules;
        self.aggregates = aggregates;
    }

    /// The rules of inference, in declaration order. Cost: O(1).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The meanings of aggregate figures. Cost: O(1).
    pub fn aggregates(&self) -> &[Aggregate] {
        &self.aggregates
    }

    /// What the figures of `relation` count, if the schema says. Cost: O(aggregates).
    pub fn aggregate(&self, relation: RelationId) -> Option<&Aggregate> {
        self.aggregates.iter().find(|a| a.relation == relation)
    }

    /// All kinds, in declaration order; a [`KindId`] indexes this slice. Cost: O(1).
    pub fn kinds(&self) -> &[KindDef] {
        &self.kinds
    }

    /// All relations; a [`RelationId`] indexes this slice. Cost: O(1).
    pub fn relations(&self) -> &[RelationDef] {
        &self.relations
    }

    /// All event kinds; an [`EventKindId`] indexes this slice. Cost: O(1).
    pub fn event_kinds(&self) -> &[EventKindDef] {
        &self.event_kinds
    }

    /// The kind whose entities can be cited. Cost: O(1).
    pub fn source_kind(&self) -> KindId {
        self.source_kind
    }

    /// The kind whose entities are events. Cost: O(1).
    pub fn event_kind(&self) -> KindId {
        self.event_kind
    }

    /// A kind by id. Cost: O(1).
    pub fn kind_def(&self, id: KindId) -> &KindDef {
        &self.kinds[id.index()]
    }

    /// A relation by id. Cost: O(1).
    pub fn relation_def(&self, id: RelationId) -> &RelationDef {
        &self.relations[id.index()]
    }

    /// An event kind by id. Cost: O(1).
    pub fn event_kind_def(&self, id: EventKindId) -> &EventKindDef {
        &self.event_kinds[id.index()]
    }

    /// A kind by singular name. Cost: O(kinds).
    pub fn kind(&self, name: &str) -> Option<KindId> {
        self.kinds
            .iter()
            .position(|k| k.name == name)
            .map(KindId::new)
    }

    /// A relation by name. Cost: O(relations).
    pub fn relation(&self, name: &str) -> Option<RelationId> {
        self.relations
            .iter()
            .position(|r| r.name == name)
            .map(RelationId::new)
    }

    /// An event kind by name. Cost: O(event kinds).
    pub fn event_kind_named(&self, name: &str) -> Option<EventKindId> {
        self.event_kinds
            .iter()
            .position(|k| k.name == name)
            .map(EventKindId::new)
    }

    /// The relations marked transitive, in declaration order. Cost: O(relations).
    pub fn transitive_relations(&self) -> Vec<RelationId> {
        (0..self.relations.len())
            .filter(|i| self.relations[*i].transitive)
            .map(RelationId::new)
            .collect()
    }

    /// The relation whose claims give an event's place, if the schema marks one. Cost:
    /// O(relations), a scan for the first one marked.
    pub fn event_place_relation(&self) -> Option<RelationId> {
        self.relations
            .iter()
            .position(|r| r.event_place)
            .map(RelationId::new)
    }

    /// The kind names allowed by a list of kind ids, for messages. Cost: O(length of the
    /// result), O(1) per kind.
    pub fn kind_names(&self, kinds: &[KindId]) -> String {
        let names: Vec<&str> = kinds
            .iter()
            .map(|k| self.kind_def(*k).name.as_str())
            .collect();
        names.join(" or ")
    }
}

fn check_unique<'a>(
    what: &'static str,
    names: impl Iterator<Item = &'a String>,
) -> Result<(), SchemaError> {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        if !seen.insert(name.as_str()) {
            return Err(SchemaError::Duplicate {
                what,
                name: name.clone(),
            });
        }
    }
    Ok(())
}
