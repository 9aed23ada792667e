//! Schema files: `schema.toml`'s document types (with [`Spanned`] on every value an error
//! can point at) and their conversion to a [`Schema`], with errors placed in the file.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{parse_toml, unknown_name};
use crate::io::{LoadError, Location};
use crate::model::{
    Aggregate, EventKindDef, Invariant, KindDef, KindId, LiteralType, Order, OrderError,
    RelationDef, Rule, RuleForm, Schema, SchemaError, Target,
};

// ---------------------------------------------------------------------------------------------
// Schema files

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaDoc {
    #[serde(default)]
    kind: Vec<Spanned<KindDoc>>,
    #[serde(default)]
    relation: Vec<Spanned<RelationDoc>>,
    #[serde(default)]
    event_kind: Vec<Spanned<EventKindDoc>>,
    #[serde(default)]
    rule: Vec<Spanned<RuleDoc>>,
    #[serde(default)]
    aggregate: Vec<Spanned<AggregateDoc>>,
    #[serde(default)]
    invariant: Vec<InvariantDoc>,
}

/// `[[invariant]]`: a query that must answer no rows, or between `at_least` and `at_most`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvariantDoc {
    name: String,
    query: String,
    at_least: Option<usize>,
    at_most: Option<usize>,
    /// Why it must hold: documents the file; the name and query say it in messages.
    #[allow(dead_code)]
    description: Option<String>,
}

/// A `[[rule]]` table: an implication (`when`, `implies`, `date`, optional `role` and
/// `place`), an exclusion (`exclusive`) or `life_bounds = true`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    name: String,
    description: Option<String>,
    when: Option<Spanned<String>>,
    role: Option<Spanned<String>>,
    place: Option<String>,
    implies: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    exclusive: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    life_bounds: bool,
}

/// An `[[aggregate]]` table: what the figures of a literal relation count.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AggregateDoc {
    relation: Spanned<String>,
    counts: String,
    of: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindDoc {
    name: String,
    plural: String,
    description: Option<String>,
    #[serde(default)]
    source: bool,
    #[serde(default)]
    event: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationDoc {
    name: String,
    subject: Vec<Spanned<String>>,
    object: Option<Vec<Spanned<String>>>,
    value: Option<Spanned<String>>,
    #[serde(default)]
    forward: Vec<String>,
    #[serde(default)]
    inverse: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    unit: Option<String>,
    #[serde(default)]
    event_place: bool,
    #[serde(default)]
    transitive: bool,
    #[serde(default)]
    many_values: bool,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventKindDoc {
    name: String,
    #[serde(default)]
    participles: Vec<String>,
    plural: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    patient: Option<String>,
    #[serde(default)]
    ends_life: bool,
    #[serde(default)]
    starts_life: bool,
    #[serde(default)]
    posthumous: bool,
}

/// Reads a schema file.
pub(crate) fn parse_schema(path: &Path, text: &str) -> Result<Schema, LoadError> {
    let doc: SchemaDoc = parse_toml(path, text)?;
    let at = |span: Range<usize>| Location::at(path, text, span.start);
    let file_start = Location::at(path, text, 0);

    let kind_names: Vec<&str> = doc.kind.iter().map(|k| k.get_ref().name.as_str()).collect();
    let find_kind = |name: &Spanned<String>| -> Result<KindId, LoadError> {
        kind_names
            .iter()
            .position(|k| *k == name.get_ref())
            .map(KindId::new)
            .ok_or_else(|| LoadError::Graph {
                location: at(name.span()),
                error: Box::new(unknown_name(
                    "kind",
                    name.get_ref(),
                    kind_names.iter().copied(),
                )),
            })
    };
    let special = |flag: &'static str, pick: fn(&KindDoc) -> bool| {
        let marked: Vec<usize> = (0..doc.kind.len())
            .filter(|i| pick(doc.kind[*i].get_ref()))
            .collect();
        match marked.as_slice() {
            [one] => Ok(KindId::new(*one)),
            _ => Err(LoadError::Schema {
                location: marked
                    .get(1)
                    .map_or(file_start.clone(), |i| at(doc.kind[*i].span())),
                error: SchemaError::SpecialKind {
                    flag,
                    found: marked.len(),
                },
            }),
        }
    };
    let source_kind = special("source", |k| k.source)?;
    let event_kind = special("event", |k| k.event)?;

    let mut relations = Vec::new();
    for relation in &doc.relation {
        let r = relation.get_ref();
        let subject = r.subject.iter().map(find_kind).collect::<Result<_, _>>()?;
        let target = match (&r.object, &r.value) {
            (Some(object), None) => {
                Target::Kinds(object.iter().map(find_kind).collect::<Result<_, _>>()?)
            }
            (None, Some(value)) => {
                Target::Literal(LiteralType::from_name(value.get_ref()).ok_or_else(|| {
                    LoadError::Shape {
                        location: at(value.span()),
                        message: format!(
                            "unknown value type {:?}: expected number, text or date",
                            value.get_ref()
                        ),
                    }
                })?)
            }
            _ => {
                return Err(LoadError::Shape {
                    location: at(relation.span()),
                    message: format!(
                        "relation {:?} needs exactly one of `object` (kinds) or `value` (a literal type)",
                        r.name
                    ),
                });
            }
        };
        relations.push(RelationDef {
            name: r.name.clone(),
            subject,
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
    let event_kinds = doc
        .event_kind
        .iter()
        .map(|k| {
            let k = k.get_ref();
            let roles = if k.roles.is_empty() {
                vec!["subject".to_owned()]
            } else {
                k.roles.clone()
            };
            EventKindDef {
                name: k.name.clone(),
                participles: k.participles.clone(),
                plural: k.plural.clone(),
                patient: k.patient.clone().unwrap_or_else(|| "subject".to_owned()),
                roles,
                ends_life: k.ends_life,
                starts_life: k.starts_life,
                posthumous: k.posthumous,
            }
        })
        .collect();
    let kinds = doc
        .kind
        .iter()
        .map(|k| {
            let k = k.get_ref();
            KindDef {
                name: k.name.clone(),
                plural: k.plural.clone(),
                description: k.description.clone(),
            }
        })
        .collect();
    let schema_error = |error: SchemaError| {
        // Point at the first mention of the offending name where there is one.
        // A duplicate is reported where it is declared the second time.
        let nth = if matches!(error, SchemaError::Duplicate { .. }) {
            2
        } else {
            1
        };
        let location = schema_error_name(&error)
            .and_then(|name| find_outside_comments(text, &format!("\"{name}\""), nth))
            .map_or(file_start.clone(), |offset| {
                Location::at(path, text, offset)
            });
        LoadError::Schema { location, error }
    };
    let schema = Schema::new(kinds, relations, event_kinds, source_kind, event_kind)
        .map_err(schema_error)?;
    let (rules, aggregates) = rules(&schema, &doc, path, text)?;
    let invariants = doc
        .invariant
        .iter()
        .map(|i| Invariant {
            name: i.name.clone(),
            query: i.query.clone(),
            at_least: i.at_least,
            at_most: i.at_most,
        })
        .collect();
    schema
        .with_rules(rules, aggregates)
        .map(|s| s.with_invariants(invariants))
        .map_err(schema_error)
}

/// The `[[rule]]` and `[[aggregate]]` tables of a schema file.
fn rules(
    schema: &Schema,
    doc: &SchemaDoc,
    path: &Path,
    text: &str,
) -> Result<(Vec<Rule>, Vec<Aggregate>), LoadError> {
    let at = |span: Range<usize>| Location::at(path, text, span.start);
    let event_kind = |name: &Spanned<String>| {
        schema
            .event_kind_named(name.get_ref())
            .ok_or_else(|| LoadError::Graph {
                location: at(name.span()),
                error: Box::new(unknown_name(
                    "event kind",
                    name.get_ref(),
                    schema.event_kinds().iter().map(|k| k.name.as_str()),
                )),
            })
    };
    let mut rules = Vec::new();
    for table in &doc.rule {
        let r = table.get_ref();
        let shape = |message: String| LoadError::Shape {
            location: at(table.span()),
            message: format!("rule {:?}: {message}", r.name),
        };
        let form = match (&r.when, &r.implies, &r.exclusive, r.life_bounds) {
            (Some(when), Some(implies), None, false) => {
                let when = event_kind(when)?;
                let order = match &r.date {
                    None => Order::By,
                    Some(date) => {
                        date.get_ref()
                            .parse()
                            .map_err(|e: OrderError| LoadError::Shape {
                                location: at(date.span()),
                                message: format!("rule {:?}: {e}", r.name),
                            })?
                    }
                };
                RuleForm::Implies {
                    when,
                    role: r.role.as_ref().map_or_else(
                        || schema.event_kind_def(when).patient.clone(),
                        |role| role.get_ref().clone(),
                    ),
                    place: r.place.clone(),
                    implies: event_kind(implies)?,
                    order,
                }
            }
            (None, None, Some(kinds), false) => RuleForm::Exclusive {
                kinds: kinds.iter().map(event_kind).collect::<Result<_, _>>()?,
            },
            (None, None, None, true) => RuleForm::LifeBounds,
            _ => {
                return Err(shape(
                    "give `when` and `implies` (an implication), `exclusive` (event kinds of \
                     which one at most), or `life_bounds = true`"
                        .into(),
                ));
            }
        };
        let has_extra = !matches!(form, RuleForm::Implies { .. })
            && (r.role.is_some() || r.place.is_some() || r.date.is_some());
        if has_extra {
            return Err(shape(
                "`role`, `place` and `date` belong to implications".into(),
            ));
        }
        rules.push(Rule {
            name: r.name.clone(),
            description: r.description.clone(),
            form,
        });
    }
    let mut aggregates = Vec::new();
    for table in &doc.aggregate {
        let a = table.get_ref();
        let relation = schema
            .relation(a.relation.get_ref())
            .ok_or_else(|| LoadError::Graph {
                location: at(a.relation.span()),
                error: Box::new(unknown_name(
                    "relation",
                    a.relation.get_ref(),
                    schema.relations().iter().map(|r| r.name.as_str()),
                )),
            })?;
        if schema.relation_def(relation).literal() != Some(LiteralType::Number) {
            return Err(LoadError::Shape {
                location: at(a.relation.span()),
                message: format!(
                    "aggregate: relation {:?} does not hold figures (its value is not a number)",
                    a.relation.get_ref()
                ),
            });
        }
        aggregates.push(Aggregate {
            relation,
            counts: a.counts.clone(),
            of: a.of.clone(),
        });
    }
    Ok((rules, aggregates))
}

/// The offset of the `nth` (from 1) `needle` on lines that are not comments.
fn find_outside_comments(text: &str, needle: &str, nth: usize) -> Option<usize> {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#')
            && let Some(i) = line.find(needle)
        {
            seen += 1;
            if seen == nth {
                return Some(offset + i);
            }
        }
        offset += line.len();
    }
    None
}

/// How deeply a line nests: dots in keys plus open brackets and braces.
pub(super) fn nesting_of(line: &str) -> usize {
    line.chars()
        .filter(|c| matches!(c, '.' | '[' | '{'))
        .count()
}

/// The byte offset and text of the line that nests most deeply.
pub(super) fn deepest_line(text: &str) -> (usize, &str) {
    let mut offset = 0;
    let mut deepest = (0, "", 0);
    for line in text.split_inclusive('\n') {
        let depth = nesting_of(line);
        if depth > deepest.2 {
            deepest = (offset, line, depth);
        }
        offset += line.len();
    }
    (deepest.0, deepest.1)
}

fn schema_error_name(error: &SchemaError) -> Option<&str> {
    match error {
        SchemaError::Duplicate { name, .. } => Some(name),
        SchemaError::UnknownPatient { role, .. } => Some(role),
        SchemaError::UnknownKind { kind, .. } => Some(kind),
        SchemaError::AmbiguousPhrase { phrase, .. } | SchemaError::ReservedWord { phrase, .. } => {
            Some(phrase)
        }
        SchemaError::UnknownRole { rule, .. } | SchemaError::TooFewExclusive { rule } => Some(rule),
        SchemaError::Conflict { at, .. } if !at.is_empty() => Some(at),
        SchemaError::RuleCycle { .. }
        | SchemaError::SpecialKind { .. }
        | SchemaError::Conflict { .. } => None,
    }
}
