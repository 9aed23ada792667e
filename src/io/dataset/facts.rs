//! Claim tables to facts: which shape a `[[claim]]` table has (a link, a value, a date, a
//! place), its literal values, and suggestions for names that are not in the schema.

use std::ops::Range;

use toml::Spanned;

use super::*;

pub(super) fn place_fact(
    graph: &Graph,
    file: &File,
    event: EntityId,
    place: &Spanned<Text>,
) -> Result<Fact, LoadError> {
    let relation = graph
        .schema()
        .event_place_relation()
        .ok_or_else(|| LoadError::Shape {
            location: file.at(place.span()),
            message: "the schema marks no relation `event_place = true`, so events have no place"
                .into(),
        })?;
    Ok(Fact::Link {
        subject: event,
        relation,
        object: file.entity(graph, place)?,
        role: None,
        during: None,
    })
}

const CLAIM_SHAPES: &str = "a claim needs `subject`, `relation` and one of `object` or `value`; \
     or `event` with one of `date`, `place` or `participant` and `role`; \
     or `subject` and `never` (an event kind)";

pub(super) fn claim_fact(
    graph: &Graph,
    file: &File,
    doc: &ClaimDoc,
    span: Range<usize>,
) -> Result<Fact, LoadError> {
    let shape_error = |message: String| LoadError::Shape {
        location: file.at(span.clone()),
        message,
    };
    let role = doc.role.as_ref().map(|r| r.get_ref().owned());
    if let Some(never) = &doc.never {
        let extra = doc.relation.is_some()
            || doc.object.is_some()
            || doc.value.is_some()
            || doc.event.is_some()
            || doc.role.is_some()
            || doc.at.is_some();
        let (Some(subject), false) = (&doc.subject, extra) else {
            return Err(shape_error(format!(
                "a `never` claim has `subject`, `never` and optionally `during`: {CLAIM_SHAPES}"
            )));
        };
        let schema = graph.schema();
        let event_kind = schema.event_kind_named(never.get_ref()).ok_or_else(|| {
            let names = schema.event_kinds().iter().map(|k| k.name.as_str());
            file.graph_error(
                never.span(),
                unknown_name("event kind", never.get_ref(), names),
            )
        })?;
        return Ok(Fact::Never {
            subject: file.entity(graph, subject)?,
            event_kind,
            during: doc.during.as_ref().map(|d| file.date(d)).transpose()?,
        });
    }
    if let Some(relation_name) = &doc.relation {
        if doc.event.is_some() || doc.date.is_some() || doc.participant.is_some() {
            return Err(shape_error(format!(
                "a relation claim has no `event`, `date` or `participant`: {CLAIM_SHAPES}"
            )));
        }
        let subject_name = doc
            .subject
            .as_ref()
            .ok_or_else(|| shape_error(format!("missing `subject`: {CLAIM_SHAPES}")))?;
        let subject = file.entity(graph, subject_name)?;
        let relation = file.relation(graph, relation_name)?;
        match (&doc.object, &doc.value) {
            (Some(object), None) => {
                if doc.at.is_some() {
                    return Err(shape_error(
                        "a link's time span is `during`, not `at`".into(),
                    ));
                }
                Ok(Fact::Link {
                    subject,
                    relation,
                    object: file.entity(graph, object)?,
                    role,
                    during: doc.during.as_ref().map(|d| file.date(d)).transpose()?,
                })
            }
            (None, Some(value)) => {
                if doc.during.is_some() {
                    return Err(shape_error("a value's date is `at`, not `during`".into()));
                }
                let def = graph.schema().relation_def(relation);
                let value = literal(file, def, value, doc.unit.as_deref())?;
                Ok(Fact::Value {
                    subject,
                    relation,
                    value,
                    role,
                    at: doc.at.as_ref().map(|d| file.date(d)).transpose()?,
                })
            }
            _ => Err(shape_error(format!(
                "give exactly one of `object` or `value`: {CLAIM_SHAPES}"
            ))),
        }
    } else if let Some(event_name) = &doc.event {
        if doc.subject.is_some() || doc.object.is_some() || doc.value.is_some() {
            return Err(shape_error(format!(
                "an event claim has no `subject`, `object` or `value`: {CLAIM_SHAPES}"
            )));
        }
        let event = file.entity(graph, event_name)?;
        match (&doc.date, &doc.place, &doc.participant) {
            (Some(date), None, None) => Ok(Fact::Occurred {
                event,
                date: file.date(date)?,
            }),
            (None, Some(place), None) => place_fact(graph, file, event, place),
            (None, None, Some(participant)) => Ok(Fact::Participation {
                event,
                role: role.ok_or_else(|| shape_error("a participation needs a `role`".into()))?,
                participant: file.entity(graph, participant)?,
            }),
            _ => Err(shape_error(format!(
                "give exactly one of `date`, `place` or `participant`: {CLAIM_SHAPES}"
            ))),
        }
    } else {
        Err(shape_error(CLAIM_SHAPES.into()))
    }
}

pub(super) fn literal(
    file: &File,
    def: &RelationDef,
    value: &Spanned<toml::Value>,
    unit: Option<&str>,
) -> Result<Value, LoadError> {
    let location = || file.at(value.span());
    let Some(kind) = def.literal() else {
        return Err(LoadError::Graph {
            location: location(),
            error: Box::new(GraphError::WrongTarget {
                relation: def.name.clone(),
                problem: "links to an entity: give `object`, not `value`".into(),
            }),
        });
    };
    let wrong_type = |found: &str| LoadError::Shape {
        location: location(),
        message: format!(
            "relation {:?} takes a {} value, found {found}",
            def.name,
            kind.name()
        ),
    };
    match (kind, value.get_ref()) {
        (LiteralType::Number, raw) => {
            let quantity = match raw {
                toml::Value::Integer(n) if *n < 0 => Quantity::exact(*n as f64),
                toml::Value::Integer(n) => n.to_string().parse::<Quantity>(),
                toml::Value::Float(x) => Quantity::exact(*x),
                toml::Value::String(s) => s.parse::<Quantity>(),
                other => return Err(wrong_type(other.type_str())),
            }
            .map_err(|error| LoadError::Quantity {
                location: location(),
                error,
            })?;
            Ok(Value::Number(match unit.or(def.unit.as_deref()) {
                Some(unit) => quantity.with_unit(unit),
                None => quantity,
            }))
        }
        (LiteralType::Text, toml::Value::String(s)) => Ok(Value::Text(s.clone())),
        (LiteralType::Date, toml::Value::String(s)) => {
            s.parse().map(Value::Date).map_err(|error| LoadError::Date {
                location: location(),
                error,
            })
        }
        (_, other) => Err(wrong_type(other.type_str())),
    }
}

pub(super) fn unknown_name<'a>(
    what: &str,
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> GraphError {
    GraphError::UnknownName {
        what: what.to_owned(),
        name: name.to_owned(),
        suggestions: nearest(name, candidates, 3)
            .into_iter()
            .map(str::to_owned)
            .collect(),
    }
}
