//! Building a [`Schema`] in code, by names: the kinds a relation joins are named as in a schema
//! file and resolved when the schema is built, so no [`KindId`] is needed beforehand.

use super::id::KindId;
use super::schema::{EventKindDef, KindDef, LiteralType, RelationDef, Schema, SchemaError, Target};

/// Builds a [`Schema`] from names; [`SchemaBuilder::build`] resolves them and runs every check
/// of [`Schema::new`].
///
/// ```
/// use annals::model::{EventKindSpec, LiteralType, RelationSpec, Schema};
///
/// let schema = Schema::builder()
///     .kind("person", "people")
///     .kind("institution", "institutions")
///     .source_kind("source", "sources")
///     .event_kind("event", "events")
///     .relation(RelationSpec::link("member_of", ["person"], ["institution"])
///         .forward(["memberships"])
///         .inverse(["members"])
///         .roles(["candidate member"]))
///     .relation(RelationSpec::literal("size", ["institution"], LiteralType::Number)
///         .forward(["size"]))
///     .event(EventKindSpec::new("arrest").participles(["arrested"]).plural("arrests"))
///     .event(EventKindSpec::new("death").participles(["died"]).ends_life())
///     .build()?;
/// assert_eq!(schema.kinds().len(), 4);
/// assert!(schema.relation("member_of").is_some());
/// # Ok::<_, annals::model::SchemaError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct SchemaBuilder {
    kinds: Vec<KindDef>,
    source_kind: Vec<usize>,
    event_kind: Vec<usize>,
    relations: Vec<RelationSpec>,
    event_kinds: Vec<EventKindDef>,
}

impl Schema {
    /// A builder for a schema declared in code. See [`SchemaBuilder`]. Cost: O(1).
    pub fn builder() -> SchemaBuilder {
        SchemaBuilder::default()
    }
}

impl SchemaBuilder {
    /// Declares a kind with its singular name and the plural that queries use. Cost: O(1)
    /// amortized.
    #[must_use]
    pub fn kind(mut self, name: impl Into<String>, plural: impl Into<String>) -> Self {
        self.kinds.push(KindDef {
            name: name.into(),
            plural: plural.into(),
            description: None,
        });
        self
    }

    /// Declares the kind whose entities claims cite. Cost: O(1) amortized.
    #[must_use]
    pub fn source_kind(mut self, name: impl Into<String>, plural: impl Into<String>) -> Self {
        self.source_kind.push(self.kinds.len());
        self.kind(name, plural)
    }

    /// Declares the kind whose entities are events. Cost: O(1) amortized.
    #[must_use]
    pub fn event_kind(mut self, name: impl Into<String>, plural: impl Into<String>) -> Self {
        self.event_kind.push(self.kinds.len());
        self.kind(name, plural)
    }

    /// Declares a relation. Cost: O(1) amortized.
    #[must_use]
    pub fn relation(mut self, relation: RelationSpec) -> Self {
        self.relations.push(relation);
        self
    }

    /// Declares an event kind. Cost: O(1) amortized.
    #[must_use]
    pub fn event(mut self, event: EventKindSpec) -> Self {
        self.event_kinds.push(event.0);
        self
    }

    /// Resolves the kind names and checks the schema.
    ///
    /// Cost: O(n log n) in the number of phrases.
    ///
    /// # Errors
    ///
    /// [`SchemaError::UnknownKind`] for a relation that names an undeclared kind,
    /// [`SchemaError::SpecialKind`] unless exactly one source kind and one event kind were
    /// declared, and every error of [`Schema::new`].
    pub fn build(self) -> Result<Schema, SchemaError> {
        let special = |flag: &'static str, marked: &[usize]| match marked {
            [one] => Ok(KindId::new(*one)),
            _ => Err(SchemaError::SpecialKind {
                flag,
                found: marked.len(),
            }),
        };
        let source_kind = special("source", &self.source_kind)?;
        let event_kind = special("event", &self.event_kind)?;
        let find = |relation: &str, name: &str| {
            self.kinds
                .iter()
                .position(|k| k.name == name)
                .map(KindId::new)
                .ok_or_else(|| SchemaError::UnknownKind {
                    kind: name.to_owned(),
                    relation: relation.to_owned(),
                })
        };
        let mut relations = Vec::new();
        for spec in &self.relations {
            let subject = spec
                .subject
                .iter()
                .map(|k| find(&spec.def.name, k))
                .collect::<Result<Vec<_>, _>>()?;
            let target = match &spec.object {
                Some(objects) => Target::Kinds(
                    objects
                        .iter()
                        .map(|k| find(&spec.def.name, k))
                        .collect::<Result<Vec<_>, _>>()?,
                ),
                None => spec.def.target.clone(),
            };
            relations.push(RelationDef {
                subject,
                target,
                ..spec.def.clone()
            });
        }
        Schema::new(
            self.kinds,
            relations,
            self.event_kinds,
            source_kind,
            event_kind,
        )
    }
}

/// A relation for [`SchemaBuilder::relation`], with its kinds by name.
#[derive(Clone, Debug)]
pub struct RelationSpec {
    def: RelationDef,
    subject: Vec<String>,
    /// `None` for a literal relation.
    object: Option<Vec<String>>,
}

impl RelationSpec {
    fn with(
        name: String,
        subject: Vec<String>,
        object: Option<Vec<String>>,
        target: Target,
    ) -> Self {
        RelationSpec {
            def: RelationDef {
                name,
                subject: Vec::new(),
                target,
                forward: Vec::new(),
                inverse: Vec::new(),
                roles: Vec::new(),
                unit: None,
                event_place: false,
                transitive: false,
                many_values: false,
                description: None,
            },
            subject,
            object,
        }
    }

    /// A relation from entities of the `subject` kinds to entities of the `object` kinds. Cost:
    /// O(kinds named).
    pub fn link<S: Into<String>, O: Into<String>>(
        name: impl Into<String>,
        subject: impl IntoIterator<Item = S>,
        object: impl IntoIterator<Item = O>,
    ) -> Self {
        let object = object.into_iter().map(Into::into).collect();
        Self::with(
            name.into(),
            subject.into_iter().map(Into::into).collect(),
            Some(object),
            Target::Kinds(Vec::new()),
        )
    }

    /// A relation from entities of the `subject` kinds to literal values. Cost: O(kinds named).
    pub fn literal<S: Into<String>>(
        name: impl Into<String>,
        subject: impl IntoIterator<Item = S>,
        value: LiteralType,
    ) -> Self {
        Self::with(
            name.into(),
            subject.into_iter().map(Into::into).collect(),
            None,
            Target::Literal(value),
        )
    }

    /// The phrases that walk from subjects to objects or values. Cost: O(phrases given).
    #[must_use]
    pub fn forward<P: Into<String>>(mut self, phrases: impl IntoIterator<Item = P>) -> Self {
        self.def.forward.extend(phrases.into_iter().map(Into::into));
        self
    }

    /// The phrases that walk from objects to subjects. Cost: O(phrases given).
    #[must_use]
    pub fn inverse<P: Into<String>>(mut self, phrases: impl IntoIterator<Item = P>) -> Self {
        self.def.inverse.extend(phrases.into_iter().map(Into::into));
        self
    }

    /// The roles (for a literal relation, scopes) its claims may carry. Cost: O(roles given).
    #[must_use]
    pub fn roles<P: Into<String>>(mut self, roles: impl IntoIterator<Item = P>) -> Self {
        self.def.roles.extend(roles.into_iter().map(Into::into));
        self
    }

    /// The unit of its values. Cost: O(1).
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.def.unit = Some(unit.into());
        self
    }

    /// Marks it as the relation that gives an event's place. Cost: O(1).
    #[must_use]
    pub fn event_place(mut self) -> Self {
        self.def.event_place = true;
        self
    }

    /// Marks it transitive (`part_of`): chains along it are followed. Cost: O(1).
    #[must_use]
    pub fn transitive(mut self) -> Self {
        self.def.transitive = true;
        self
    }

    /// Marks it as holding many values at once (`thesis`): different values do not disagree.
    /// Cost: O(1).
    #[must_use]
    pub fn many_values(mut self) -> Self {
        self.def.many_values = true;
        self
    }

    /// What it means. Cost: O(1).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.def.description = Some(description.into());
        self
    }
}

/// An event kind for [`SchemaBuilder::event`]. Its roles are `subject` and its patient is
/// `subject` unless set otherwise.
#[derive(Clone, Debug)]
pub struct EventKindSpec(EventKindDef);

impl EventKindSpec {
    /// An event kind with the role and patient `subject`, no participles and no flags. Cost: O(1).
    pub fn new(name: impl Into<String>) -> Self {
        EventKindSpec(EventKindDef {
            name: name.into(),
            participles: Vec::new(),
            plural: None,
            roles: vec!["subject".to_owned()],
            patient: "subject".to_owned(),
            ends_life: false,
            starts_life: false,
            posthumous: false,
        })
    }

    /// The past participles that name it in queries. Cost: O(participles given).
    #[must_use]
    pub fn participles<P: Into<String>>(
        mut self,
        participles: impl IntoIterator<Item = P>,
    ) -> Self {
        self.0
            .participles
            .extend(participles.into_iter().map(Into::into));
        self
    }

    /// The plural that names its events. Cost: O(1).
    #[must_use]
    pub fn plural(mut self, plural: impl Into<String>) -> Self {
        self.0.plural = Some(plural.into());
        self
    }

    /// Replaces its roles; the patient must be among them. Cost: O(roles given).
    #[must_use]
    pub fn roles<P: Into<String>>(mut self, roles: impl IntoIterator<Item = P>) -> Self {
        self.0.roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// The role a participle describes. Cost: O(1).
    #[must_use]
    pub fn patient(mut self, role: impl Into<String>) -> Self {
        self.0.patient = role.into();
        self
    }

    /// After such an event its patient takes part in nothing. Cost: O(1).
    #[must_use]
    pub fn ends_life(mut self) -> Self {
        self.0.ends_life = true;
        self
    }

    /// Before such an event its patient takes part in nothing. Cost: O(1).
    #[must_use]
    pub fn starts_life(mut self) -> Self {
        self.0.starts_life = true;
        self
    }

    /// Such an event may come after its patient's death. Cost: O(1).
    #[must_use]
    pub fn posthumous(mut self) -> Self {
        self.0.posthumous = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kind_and_missing_special_kinds_are_errors() {
        let error = Schema::builder()
            .kind("person", "people")
            .source_kind("source", "sources")
            .event_kind("event", "events")
            .relation(RelationSpec::link("member_of", ["person"], ["body"]))
            .build();
        assert_eq!(
            error,
            Err(SchemaError::UnknownKind {
                kind: "body".into(),
                relation: "member_of".into()
            })
        );
        let error = Schema::builder().kind("person", "people").build();
        assert!(matches!(error, Err(SchemaError::SpecialKind { .. })));
    }
}
