//! Importing tables into claims: a CSV roster (one row per entity, columns mapped to relations
//! and events by a small TOML mapping file), every claim citing the file with its row and
//! column as the locator; and Wikidata's entity JSON ([`wikidata`]), statements mapped to
//! relations and events by property, with their ranks, qualifiers and references.
//!
//! ```
//! let mut graph = annals::load("data")?;
//! let mapping: annals::import::Mapping = r#"
//! [source]
//! id = "mini-roster"
//! name = "A two-row roster"
//! file = "mini.csv"
//! [rows]
//! kind = "person"
//! name = "name"
//! [[column]]
//! column = "died"
//! event = "death"
//! "#.parse()?;
//! let report = annals::import::csv(&mut graph, "name,died\nAndrei Zhdanov,1948-08-31\n", &mapping)?;
//! assert_eq!(report.rows, 1);
//! let claim = graph.claim(report.claims[0]);
//! assert_eq!(claim.citations[0].locator.as_deref(), Some("mini.csv, row 2, column died"));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod csv;
mod wikidata;

pub use wikidata::{PropertySpec, WikidataMapping, wikidata};

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;

use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, ClaimId, Date, Entity, EntityId, Fact, SourceInfo, Value,
};

/// Why an import failed. Nothing is changed in the graph when it does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ImportError {
    /// The file (the CSV, or the mapping).
    pub file: String,
    /// The line, 1-based (0 if the whole file).
    pub line: usize,
    /// The column in characters, 1-based (0 if the whole line).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    pub(crate) fn at(file: &str, line: usize, column: usize, message: &str) -> ImportError {
        ImportError {
            file: file.to_owned(),
            line,
            column,
            message: message.to_owned(),
        }
    }
}

/// How a CSV's rows and columns become claims. Read from TOML (see `tests/import/` for the
/// roster's mapping).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The source every claim cites: created if the graph has no entity with its id.
    pub source: SourceSpec,
    /// What a row is.
    pub rows: RowSpec,
    /// What each mapped column says; other columns are ignored.
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnSpec>,
}

/// The cited source.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The file name used in locators (`cc1934-roster.csv, row 7, column died`).
    pub file: String,
    /// Who compiled it.
    pub author: Option<String>,
    /// Where a copy can be read.
    pub url: Option<String>,
}

/// What a row stands for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// The kind of entity (`person`).
    pub kind: String,
    /// The column with its name; an entity of the kind with that name or alias is reused, else
    /// one is created.
    pub name: String,
    /// Columns with other names, added as aliases to created entities.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A column whose text becomes the note of every claim of the row (the roster's sources).
    pub note: Option<String>,
}

/// What one column says.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The column's header.
    pub column: String,
    /// A relation: to `object`, or (literal) with the cell as its value.
    pub relation: Option<String>,
    /// The object of an entity relation, by id.
    pub object: Option<String>,
    /// Cell text → the claim's role (`full` → `full member`); the cell must be one of them.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// An event kind: the row's entity undergoes it (in the kind's patient role), the cell
    /// being its date; a cell that is not a date is kept as the claim's note.
    pub event: Option<String>,
    /// Another column whose text picks the event kind through `kinds` (`death_cause`).
    pub kind_from: Option<String>,
    /// Text of `kind_from` → event kind (`shot` → `execution`); other texts keep `event`.
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    /// For a literal relation: put the value on the event made from this other column.
    pub on_event: Option<String>,
    /// The claim is *unverified* when the row's note contains this text.
    pub unverified_if_note_contains: Option<String>,
}

impl FromStr for Mapping {
    type Err = ImportError;

    /// Reads a mapping from its TOML text. Cost: O(length of the text).
    ///
    /// # Errors
    ///
    /// [`ImportError`] with the line and column in the `mapping` when the text is not valid
    /// TOML or does not fit the mapping's fields.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        mapping_from_toml(text)
    }
}

/// What an import added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows read (the header not counted); for Wikidata, statements of mapped properties.
    pub rows: usize,
    /// Entities created (people, events, the source).
    pub created: Vec<EntityId>,
    /// Claims added, in row order.
    pub claims: Vec<ClaimId>,
    /// What was read but not imported, and why (Wikidata: an unmapped property, a value of
    /// another type, a time coarser than a decade).
    pub skipped: Vec<String>,
}

/// Imports a CSV `text` into `graph` by `mapping`: all or nothing (the graph is changed only
/// if every row imports). Cost: O(size of the graph) to stage a copy (what makes it all or
/// nothing), plus linear in the cells, a name lookup per row, and each claim added as
/// [`Graph::add_claim`] does.
///
/// # Errors
///
/// [`ImportError`] with the file, line and column: a malformed CSV, a missing column, a cell
/// the mapping does not know (a role), an unknown kind, relation or event kind, or a claim the
/// graph refuses (its error's message).
pub fn csv(graph: &mut Graph, text: &str, mapping: &Mapping) -> Result<ImportReport, ImportError> {
    let mut work = graph.clone();
    let report = import(&mut work, text, mapping)?;
    *graph = work;
    Ok(report)
}

fn import(graph: &mut Graph, text: &str, m: &Mapping) -> Result<ImportReport, ImportError> {
    let file = m.source.file.as_str();
    let records = csv::records(file, text)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(ImportError::at(file, 0, 0, "the file is empty"));
    };
    let col = |name: &str| -> Result<usize, ImportError> {
        header
            .fields
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| ImportError::at(file, header.line, 0, &format!("no column {name:?}")))
    };
    let schema = graph.schema().clone();
    let mapping_error = |message: String| ImportError::at("mapping", 0, 0, &message);
    let kind = schema
        .kind(&m.rows.kind)
        .ok_or_else(|| mapping_error(format!("unknown kind {:?}", m.rows.kind)))?;
    let name_col = col(&m.rows.name)?;
    let alias_cols: Vec<usize> = m
        .rows
        .aliases
        .iter()
        .map(|a| col(a))
        .collect::<Result<_, _>>()?;
    let note_col = m.rows.note.as_deref().map(col).transpose()?;
    let mut report = ImportReport::default();

    // The source.
    let source = match graph.by_slug(&m.source.id) {
        Some(id) => id,
        None => {
            let slug = m
                .source
                .id
                .parse()
                .map_err(|e: crate::model::SlugError| mapping_error(e.to_string()))?;
            let mut entity = Entity::new(slug, schema.source_kind(), m.source.name.clone());
            entity.source = Some(SourceInfo {
                author: m.source.author.clone(),
                url: m.source.url.clone(),
                ..SourceInfo::default()
            });
            let id = graph
                .add_entity(entity)
                .map_err(|e| mapping_error(e.to_string()))?;
            report.created.push(id);
            id
        }
    };

    for row in rows {
        report.rows += 1;
        let cell = |i: usize| row.fields.get(i).map(|s| s.trim()).unwrap_or("");
        let place = |i: usize| {
            // The column of a field: 1 + the characters before it, near enough for a caret.
            let before: usize = row
                .fields
                .iter()
                .take(i)
                .map(|f| f.chars().count() + 1)
                .sum();
            before + 1
        };
        let err = |i: usize, message: String| ImportError::at(file, row.line, place(i), &message);
        let name = cell(name_col);
        if name.is_empty() {
            return Err(err(
                name_col,
                format!("no name in column {:?}", m.rows.name),
            ));
        }
        let note = note_col.map(cell).filter(|n| !n.is_empty());
        let subject = match graph
            .lookup(name)
            .iter()
            .copied()
            .find(|&e| graph.kind_of(e) == kind)
        {
            Some(id) => id,
            None => {
                let slug = unique_slug(graph, name);
                let mut entity = Entity::new(slug, kind, name.to_owned());
                entity.aliases = alias_cols
                    .iter()
                    .map(|&i| cell(i).to_owned())
                    .filter(|a| !a.is_empty())
                    .collect();
                let id = graph
                    .add_entity(entity)
                    .map_err(|e| err(name_col, e.to_string()))?;
                report.created.push(id);
                id
            }
        };
        let cite = |column: &str| {
            let mut c = Citation::new(source);
            c.locator = Some(format!("{file}, row {}, column {column}", row.line));
            c
        };
        let claim_of = |fact: Fact, spec: &ColumnSpec| {
            let mut claim = Claim::new(fact, source);
            claim.citations = vec![cite(&spec.column)];
            if let Some(n) = note {
                claim.note = Some(n.to_owned());
            }
            if let (Some(flag), Some(n)) = (&spec.unverified_if_note_contains, note)
                && n.contains(flag.as_str())
            {
                claim.certainty = Certainty::Unverified;
            }
            claim
        };
        // Events made from columns of this row, by column name.
        let mut events: BTreeMap<&str, EntityId> = BTreeMap::new();
        // Event columns first, so that literals can be put on their events.
        let mut specs: Vec<&ColumnSpec> = m.columns.iter().collect();
        specs.sort_by_key(|s| s.event.is_none());
        for spec in specs {
            let i = col(&spec.column)?;
            let text = cell(i);
            if let Some(event_kind) = &spec.event {
                let picked = match &spec.kind_from {
                    Some(other) => {
                        let t = cell(col(other)?);
                        if text.is_empty() && t.is_empty() {
                            continue;
                        }
                        spec.kinds.get(t).unwrap_or(event_kind)
                    }
                    None if text.is_empty() => continue,
                    None => event_kind,
                };
                let ek = schema
                    .event_kind_named(picked)
                    .ok_or_else(|| mapping_error(format!("unknown event kind {picked:?}")))?;
                let patient = schema.event_kind_def(ek).patient.clone();
                let date: Option<Date> = text.parse().ok();
                // Reuse the entity's one event of this kind if it has one.
                let mut existing: Vec<EntityId> = graph
                    .participations(subject)
                    .filter(|(_, role, event)| {
                        graph.event_kind_of(*event) == Some(ek) && *role == patient
                    })
                    .map(|(_, _, event)| event)
                    .collect();
                // Several claims may name the same event.
                existing.sort();
                existing.dedup();
                let event = match existing.as_slice() {
                    [one] => *one,
                    _ => {
                        let base = format!("{picked}-of-{}", graph.slug_of(subject));
                        let slug = unique_slug(graph, &base);
                        let label = format!("{} of {}", capitalize(picked), graph.name_of(subject));
                        let mut entity = Entity::new(slug, schema.event_kind(), label);
                        entity.event_kind = Some(ek);
                        let id = graph
                            .add_entity(entity)
                            .map_err(|e| err(i, e.to_string()))?;
                        report.created.push(id);
                        id
                    }
                };
                events.insert(spec.column.as_str(), event);
                let mut part = claim_of(
                    Fact::Participation {
                        event,
                        role: patient,
                        participant: subject,
                    },
                    spec,
                );
                if date.is_none() && !text.is_empty() {
                    let said = format!("the roster's {}: {text}", spec.column);
                    part.note = Some(match part.note {
                        Some(n) => format!("{said}; {n}"),
                        None => said,
                    });
                }
                report
                    .claims
                    .push(graph.add_claim(part).map_err(|e| err(i, e.to_string()))?);
                if let Some(date) = date {
                    let claim = claim_of(Fact::Occurred { event, date }, spec);
                    report
                        .claims
                        .push(graph.add_claim(claim).map_err(|e| err(i, e.to_string()))?);
                }
                continue;
            }
            if text.is_empty() {
                continue;
            }
            let Some(relation_name) = &spec.relation else {
                return Err(mapping_error(format!(
                    "column {:?} needs `relation` or `event`",
                    spec.column
                )));
            };
            let relation = schema
                .relation(relation_name)
                .ok_or_else(|| mapping_error(format!("unknown relation {relation_name:?}")))?;
            let role = if spec.roles.is_empty() {
                None
            } else {
                Some(spec.roles.get(text).cloned().ok_or_else(|| {
                    err(
                        i,
                        format!(
                            "{text:?} is not one of the mapped values of {}: {}",
                            spec.column,
                            spec.roles.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?)
            };
            let on = match &spec.on_event {
                Some(other) => match events.get(other.as_str()) {
                    Some(e) => *e,
                    None => continue,
                },
                None => subject,
            };
            let fact = if let Some(object) = &spec.object {
                let object = graph
                    .by_slug(object)
                    .ok_or_else(|| mapping_error(format!("no entity {object:?}")))?;
                Fact::Link {
                    subject: on,
                    relation,
                    object,
                    role,
                    during: None,
                }
            } else {
                let value = match schema.relation_def(relation).literal() {
                    Some(crate::model::LiteralType::Date) => Value::Date(
                        text.parse()
                            .map_err(|e: crate::model::DateError| err(i, e.to_string()))?,
                    ),
                    Some(crate::model::LiteralType::Number) => Value::Number(
                        text.parse()
                            .map_err(|e: crate::model::QuantityError| err(i, e.to_string()))?,
                    ),
                    _ => Value::Text(text.to_owned()),
                };
                Fact::Value {
                    subject: on,
                    relation,
                    value,
                    role,
                    at: None,
                }
            };
            let claim = claim_of(fact, spec);
            report
                .claims
                .push(graph.add_claim(claim).map_err(|e| err(i, e.to_string()))?);
        }
    }
    Ok(report)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// An id from a name: folded, non-alphanumerics as `-`.
fn slugify(name: &str) -> String {
    let folded = crate::model::normalize(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "entity".into() } else { out }
}

/// `base` made an id, with `-2`, `-3`… until no entity has it. Ends: a slugified base parses.
fn unique_slug(graph: &Graph, base: &str) -> crate::model::Slug {
    let base = slugify(base);
    let mut n = 1;
    loop {
        let text = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if graph.by_slug(&text).is_none()
            && let Ok(slug) = text.parse()
        {
            return slug;
        }
        n += 1;
    }
}

/// A mapping read from its TOML text, its errors placed by line and column in the `mapping`.
/// Cost: O(length of the text).
pub(crate) fn mapping_from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, ImportError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| crate::text::line_column(text, s.start))
            .unwrap_or((0, 0));
        ImportError::at("mapping", line, column, e.message())
    })
}
