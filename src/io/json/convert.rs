//! Conversions between the JSON document's types and the model: a graph to a document, and
//! a document's schema, entities and claims back to model values.

use super::FORMAT;
use super::types::*;
use crate::Graph;
use crate::model::{
    Aggregate, Certainty, Citation, Claim, Entity, EntityId, EventKindDef, Fact, Invariant,
    KindDef, KindId, LiteralType, Order, Rank, RelationDef, Rule, RuleForm, Schema, SourceInfo,
    Target, Value,
};
use crate::store::{FactRef, GraphError};

/// The schema as its JSON document, as the JSON snapshot and the binary one write it.
pub(super) fn schema_to_doc(schema: &Schema) -> SchemaJson {
    let kind = |k: KindId| schema.kind_def(k).name.clone();
    let kinds = |ks: &[KindId]| ks.iter().map(|k| kind(*k)).collect::<Vec<_>>();
    SchemaJson {
        kinds: schema
            .kinds()
            .iter()
            .map(|k| KindJson {
                name: k.name.clone(),
                plural: k.plural.clone(),
                description: k.description.clone(),
            })
            .collect(),
        relations: schema
            .relations()
            .iter()
            .map(|r| RelationJson {
                name: r.name.clone(),
                subject: kinds(&r.subject),
                object: match &r.target {
                    Target::Kinds(ks) => Some(kinds(ks)),
                    Target::Literal(_) => None,
                },
                value: r.literal().map(|t| t.name().to_owned()),
                forward: r.forward.clone(),
                inverse: r.inverse.clone(),
                roles: r.roles.clone(),
                unit: r.unit.clone(),
                event_place: r.event_place,
                transitive: r.transitive,
                many_values: r.many_values,
                description: r.description.clone(),
            })
            .collect(),
        event_kinds: schema
            .event_kinds()
            .iter()
            .map(|k| EventKindJson {
                name: k.name.clone(),
                participles: k.participles.clone(),
                plural: k.plural.clone(),
                roles: k.roles.clone(),
                patient: k.patient.clone(),
                ends_life: k.ends_life,
                starts_life: k.starts_life,
                posthumous: k.posthumous,
            })
            .collect(),
        source_kind: kind(schema.source_kind()),
        event_kind: kind(schema.event_kind()),
        invariants: schema
            .invariants()
            .iter()
            .map(|i| InvariantJson {
                name: i.name.clone(),
                query: i.query.clone(),
                at_least: i.at_least,
                at_most: i.at_most,
            })
            .collect(),
        rules: schema
            .rules()
            .iter()
            .map(|r| rule_to_doc(schema, r))
            .collect(),
        aggregates: schema
            .aggregates()
            .iter()
            .map(|a| AggregateJson {
                relation: schema.relation_def(a.relation).name.clone(),
                counts: a.counts.clone(),
                of: a.of.clone(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Graph → document

pub(super) fn graph_to_doc(graph: &Graph) -> GraphJson {
    let schema = graph.schema();
    let kind = |k: KindId| schema.kind_def(k).name.clone();
    let slug = |e: EntityId| graph.slug_of(e).to_string();
    GraphJson {
        format: FORMAT.to_owned(),
        schema: schema_to_doc(schema),
        entities: graph
            .entity_views()
            .map(|(_, e)| EntityJson {
                id: e.slug.to_owned(),
                kind: kind(e.kind),
                name: e.name.to_owned(),
                aliases: e.aliases.to_vec(),
                description: e.description.map(str::to_owned),
                period: e.period.cloned(),
                event_kind: e.event_kind.map(|k| schema.event_kind_def(k).name.clone()),
                source: e.source.map(|s| SourceJson {
                    author: s.author.clone(),
                    published: s.published.clone(),
                    date: s.date.clone(),
                    url: s.url.clone(),
                }),
            })
            .collect(),
        claims: graph
            .claim_views()
            .map(|(_, c)| ClaimJson {
                fact: match c.fact() {
                    FactRef::Link {
                        subject,
                        relation,
                        object,
                        role,
                        during,
                    } => FactJson::Link {
                        subject: slug(subject),
                        relation: schema.relation_def(relation).name.clone(),
                        object: slug(object),
                        role: role.map(str::to_owned),
                        during: during.cloned(),
                    },
                    FactRef::Value {
                        subject,
                        relation,
                        value,
                        role,
                        at,
                    } => FactJson::Value {
                        subject: slug(subject),
                        relation: schema.relation_def(relation).name.clone(),
                        value: match value {
                            Value::Number(q) => ValueJson::Number {
                                figure: q.clone(),
                                unit: q.unit().map(str::to_owned),
                            },
                            Value::Text(t) => ValueJson::Text(t.clone()),
                            Value::Date(d) => ValueJson::Date(d.clone()),
                        },
                        role: role.map(str::to_owned),
                        at: at.cloned(),
                    },
                    FactRef::Occurred { event, date } => FactJson::Occurred {
                        event: slug(event),
                        date: date.clone(),
                    },
                    FactRef::Participation {
                        event,
                        role,
                        participant,
                    } => FactJson::Participation {
                        event: slug(event),
                        role: role.to_owned(),
                        participant: slug(participant),
                    },
                    FactRef::Never {
                        subject,
                        event_kind,
                        during,
                    } => FactJson::Never {
                        subject: slug(subject),
                        event_kind: schema.event_kind_def(event_kind).name.clone(),
                        during: during.cloned(),
                    },
                    FactRef::Said {
                        speaker,
                        words,
                        date,
                        occasion,
                    } => FactJson::Said {
                        speaker: slug(speaker),
                        words: words.to_owned(),
                        date: date.cloned(),
                        occasion: occasion.map(slug),
                    },
                },
                citations: c
                    .citations()
                    .map(|cit| CitationJson {
                        source: slug(cit.source),
                        via: cit.via.map(slug),
                        locator: cit.locator.map(str::to_owned),
                        quote: cit.quote.map(str::to_owned),
                    })
                    .collect(),
                certainty: c.certainty().name().to_owned(),
                note: c.note().map(str::to_owned),
                label: c.label().map(str::to_owned),
                rank: (c.rank() != Rank::Normal).then(|| c.rank().name().to_owned()),
                rank_reason: c.rank_reason().map(str::to_owned),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Document → graph

pub(super) fn unknown(what: &str, name: &str) -> GraphError {
    GraphError::UnknownName {
        what: what.to_owned(),
        name: name.to_owned(),
        suggestions: Vec::new(),
    }
}

pub(super) fn doc_to_schema(doc: &SchemaJson) -> Result<Schema, GraphError> {
    let kind = |name: &String| {
        doc.kinds
            .iter()
            .position(|k| &k.name == name)
            .map(KindId::new)
            .ok_or_else(|| unknown("kind", name))
    };
    let kinds = |names: &[String]| names.iter().map(kind).collect::<Result<Vec<_>, _>>();
    let mut relations = Vec::new();
    for r in &doc.relations {
        let target = match (&r.object, &r.value) {
            (Some(object), None) => Target::Kinds(kinds(object)?),
            (None, Some(value)) => Target::Literal(
                LiteralType::from_name(value).ok_or_else(|| unknown("value type", value))?,
            ),
            _ => {
                return Err(GraphError::WrongTarget {
                    relation: r.name.clone(),
                    problem: "needs exactly one of object or value".into(),
                });
            }
        };
        relations.push(RelationDef {
            name: r.name.clone(),
            subject: kinds(&r.subject)?,
            target,
            forward: r.forward.clone(),
            inverse: r.inverse.clone(),
            roles: r.roles.clone(),
            unit: r.unit.clone(),
            event_place: r.event_place,
            transitive: r.transitive,
            many_values: r.many_values,
            description: r.description.clone(),
        });
    }
    let schema = Schema::new(
        doc.kinds
            .iter()
            .map(|k| KindDef {
                name: k.name.clone(),
                plural: k.plural.clone(),
                description: k.description.clone(),
            })
            .collect(),
        relations,
        doc.event_kinds
            .iter()
            .map(|k| EventKindDef {
                name: k.name.clone(),
                participles: k.participles.clone(),
                plural: k.plural.clone(),
                roles: k.roles.clone(),
                patient: k.patient.clone(),
                ends_life: k.ends_life,
                starts_life: k.starts_life,
                posthumous: k.posthumous,
            })
            .collect(),
        kind(&doc.source_kind)?,
        kind(&doc.event_kind)?,
    )?;
    let event_kind = |name: &String| {
        schema
            .event_kind_named(name)
            .ok_or_else(|| unknown("event kind", name))
    };
    let mut rules = Vec::new();
    for r in &doc.rules {
        let form = match (&r.when, &r.implies, &r.exclusive, r.life_bounds) {
            (Some(when), Some(implies), None, false) => {
                let when = event_kind(when)?;
                RuleForm::Implies {
                    when,
                    role: r
                        .role
                        .clone()
                        .unwrap_or_else(|| schema.event_kind_def(when).patient.clone()),
                    place: r.place.clone(),
                    implies: event_kind(implies)?,
                    order: match r.date.as_deref() {
                        None => Order::By,
                        Some(text) => text.parse().map_err(|_| unknown("rule date order", text))?,
                    },
                }
            }
            (None, None, Some(kinds), false) => RuleForm::Exclusive {
                kinds: kinds.iter().map(event_kind).collect::<Result<_, _>>()?,
            },
            (None, None, None, true) => RuleForm::LifeBounds,
            _ => return Err(unknown("rule form of", &r.name)),
        };
        rules.push(Rule {
            name: r.name.clone(),
            description: r.description.clone(),
            form,
        });
    }
    let mut aggregates = Vec::new();
    for a in &doc.aggregates {
        aggregates.push(Aggregate {
            relation: schema
                .relation(&a.relation)
                .ok_or_else(|| unknown("relation", &a.relation))?,
            counts: a.counts.clone(),
            of: a.of.clone(),
        });
    }
    let invariants = doc
        .invariants
        .iter()
        .map(|i| Invariant {
            name: i.name.clone(),
            query: i.query.clone(),
            at_least: i.at_least,
            at_most: i.at_most,
        })
        .collect();
    Ok(schema
        .with_rules(rules, aggregates)?
        .with_invariants(invariants))
}

pub(super) fn rule_to_doc(schema: &Schema, rule: &Rule) -> RuleJson {
    let name = |k: crate::model::EventKindId| schema.event_kind_def(k).name.clone();
    let mut doc = RuleJson {
        name: rule.name.clone(),
        description: rule.description.clone(),
        when: None,
        role: None,
        place: None,
        implies: None,
        date: None,
        exclusive: None,
        life_bounds: false,
    };
    match &rule.form {
        RuleForm::Implies {
            when,
            role,
            place,
            implies,
            order,
        } => {
            doc.when = Some(name(*when));
            doc.role = Some(role.clone());
            doc.place = place.clone();
            doc.implies = Some(name(*implies));
            doc.date = Some(order.name().to_owned());
        }
        RuleForm::Exclusive { kinds } => {
            doc.exclusive = Some(kinds.iter().map(|k| name(*k)).collect());
        }
        RuleForm::LifeBounds => doc.life_bounds = true,
    }
    doc
}

pub(super) fn doc_to_entity(graph: &Graph, doc: &EntityJson) -> Result<Entity, GraphError> {
    let schema = graph.schema();
    let kind = schema
        .kind(&doc.kind)
        .ok_or_else(|| unknown("kind", &doc.kind))?;
    let slug = doc.id.parse().map_err(|_| GraphError::UnknownEntity {
        slug: doc.id.clone(),
        suggestions: Vec::new(),
    })?;
    let mut entity = Entity::new(slug, kind, doc.name.clone());
    entity.aliases = doc.aliases.clone();
    entity.description = doc.description.clone();
    entity.period = doc.period.clone();
    entity.event_kind = doc
        .event_kind
        .as_ref()
        .map(|k| {
            schema
                .event_kind_named(k)
                .ok_or_else(|| unknown("event kind", k))
        })
        .transpose()?;
    entity.source = doc.source.as_ref().map(|s| SourceInfo {
        author: s.author.clone(),
        published: s.published.clone(),
        date: s.date.clone(),
        url: s.url.clone(),
    });
    Ok(entity)
}

pub(super) fn doc_to_claim(graph: &Graph, doc: &ClaimJson) -> Result<Claim, GraphError> {
    let entity = |slug: &String| graph.resolve_slug(slug);
    let relation = |name: &String| {
        graph
            .schema()
            .relation(name)
            .ok_or_else(|| unknown("relation", name))
    };
    let fact = match &doc.fact {
        FactJson::Link {
            subject,
            relation: r,
            object,
            role,
            during,
        } => Fact::Link {
            subject: entity(subject)?,
            relation: relation(r)?,
            object: entity(object)?,
            role: role.clone(),
            during: during.clone(),
        },
        FactJson::Value {
            subject,
            relation: r,
            value,
            role,
            at,
        } => Fact::Value {
            subject: entity(subject)?,
            relation: relation(r)?,
            value: match value {
                ValueJson::Number { figure, unit } => Value::Number(match unit {
                    Some(unit) => figure.clone().with_unit(unit.clone()),
                    None => figure.clone(),
                }),
                ValueJson::Text(t) => Value::Text(t.clone()),
                ValueJson::Date(d) => Value::Date(d.clone()),
            },
            role: role.clone(),
            at: at.clone(),
        },
        FactJson::Occurred { event, date } => Fact::Occurred {
            event: entity(event)?,
            date: date.clone(),
        },
        FactJson::Participation {
            event,
            role,
            participant,
        } => Fact::Participation {
            event: entity(event)?,
            role: role.clone(),
            participant: entity(participant)?,
        },
        FactJson::Never {
            subject,
            event_kind,
            during,
        } => Fact::Never {
            subject: entity(subject)?,
            event_kind: graph
                .schema()
                .event_kind_named(event_kind)
                .ok_or_else(|| unknown("event kind", event_kind))?,
            during: during.clone(),
        },
        FactJson::Said {
            speaker,
            words,
            date,
            occasion,
        } => Fact::Said {
            speaker: entity(speaker)?,
            words: words.clone(),
            date: date.clone(),
            occasion: occasion.as_ref().map(entity).transpose()?,
        },
    };
    // Exactly as many as there are: a `Vec` grown by pushes holds room for four, which at a
    // million claims is a couple of hundred megabytes of nothing.
    let mut citations = Vec::with_capacity(doc.citations.len());
    for c in &doc.citations {
        let mut citation = Citation::new(entity(&c.source)?);
        citation.via = c.via.as_ref().map(entity).transpose()?;
        citation.locator = c.locator.clone();
        citation.quote = c.quote.clone();
        citations.push(citation);
    }
    let certainty: Certainty = doc
        .certainty
        .parse()
        .map_err(|_| unknown("certainty", &doc.certainty))?;
    let rank: Rank = match &doc.rank {
        Some(rank) => rank.parse().map_err(|_| unknown("rank", rank))?,
        None => Rank::Normal,
    };
    Ok(Claim {
        fact,
        citations,
        certainty,
        note: doc.note.clone(),
        label: doc.label.clone(),
        rank,
        rank_reason: doc.rank_reason.clone(),
    })
}
