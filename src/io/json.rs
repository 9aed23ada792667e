//! A whole graph as one JSON document: schema, entities and claims, with entities named by
//! their ids. Saving then loading gives back an equal graph.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{LoadError, Location};
use crate::Graph;
use crate::model::{
    Aggregate, Certainty, Citation, Claim, Date, Entity, EntityId, EventKindDef, Fact, Invariant,
    KindDef, KindId, LiteralType, Order, Quantity, Rank, RelationDef, Rule, RuleForm, Schema,
    SourceInfo, Target, Value,
};
use crate::store::GraphError;

/// The format name written in every document, checked on reading.
const FORMAT: &str = "annals-graph/1";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphJson {
    format: String,
    schema: SchemaJson,
    entities: Vec<EntityJson>,
    claims: Vec<ClaimJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaJson {
    kinds: Vec<KindJson>,
    relations: Vec<RelationJson>,
    event_kinds: Vec<EventKindJson>,
    source_kind: String,
    event_kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    invariants: Vec<InvariantJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rules: Vec<RuleJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aggregates: Vec<AggregateJson>,
}

/// A rule, in the same fields as a `[[rule]]` table of `schema.toml`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleJson {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    implies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exclusive: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    life_bounds: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InvariantJson {
    name: String,
    query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_least: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_most: Option<usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AggregateJson {
    relation: String,
    counts: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    of: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindJson {
    name: String,
    plural: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationJson {
    name: String,
    subject: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    object: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    forward: Vec<String>,
    inverse: Vec<String>,
    roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(default)]
    event_place: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    transitive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventKindJson {
    name: String,
    participles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plural: Option<String>,
    roles: Vec<String>,
    patient: String,
    ends_life: bool,
    starts_life: bool,
    posthumous: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityJson {
    id: String,
    kind: String,
    name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<SourceJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimJson {
    fact: FactJson,
    citations: Vec<CitationJson>,
    certainty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rank_reason: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum FactJson {
    Link {
        subject: String,
        relation: String,
        object: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        during: Option<Date>,
    },
    Value {
        subject: String,
        relation: String,
        value: ValueJson,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Date>,
    },
    Occurred {
        event: String,
        date: Date,
    },
    Participation {
        event: String,
        role: String,
        participant: String,
    },
    Never {
        subject: String,
        event_kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        during: Option<Date>,
    },
    Said {
        speaker: String,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occasion: Option<String>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ValueJson {
    Number {
        figure: Quantity,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    Text(String),
    Date(Date),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationJson {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
}

/// The graph as a JSON document (pretty-printed). Cost: O(size of the graph), built on each
/// call.
///
/// ```
/// let graph = annals::load("data")?;
/// let json = annals::io::to_json(&graph);
/// let again = annals::io::from_json(&json, "graph.json")?;
/// assert_eq!(again.n_claims(), graph.n_claims());
/// # Ok::<_, annals::Error>(())
/// ```
pub fn to_json(graph: &Graph) -> String {
    let doc = graph_to_doc(graph);
    // Serializing plain strings, vectors and numbers into a String cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Writes the graph as JSON to `path` atomically: to a new temporary file in the same folder
/// (created exclusively, with a name no other save uses), synced to disk, then renamed over
/// `path`, so a crash or a concurrent save never leaves a half-written or mixed file. A
/// temporary file left by a process that was killed mid-save is removed.
///
/// Cost: O(size of the graph), one file written and renamed.
///
/// # Errors
///
/// [`SaveError`] naming the temporary file when writing it fails, or `path` when the rename
/// fails or `path` names no file; `path` keeps its old content either way.
///
/// ```
/// let graph = annals::bundled();
/// let error = annals::io::save_json(&graph, "/no/such/folder/graph.json").unwrap_err();
/// assert!(error.to_string().starts_with("cannot save /no/such/folder/.graph.json.tmp-"));
/// let error: annals::Error = error.into();
/// assert!(matches!(error, annals::Error::Save(_)));
/// ```
pub fn save_json(graph: &Graph, path: impl AsRef<Path>) -> Result<(), SaveError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SAVES: AtomicU64 = AtomicU64::new(0);
    let path = path.as_ref();
    let io_error = |at: &Path, source| SaveError {
        path: at.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path.file_name().ok_or_else(|| {
        io_error(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"),
        )
    })?;
    let prefix = format!(".{}.tmp-", file_name.to_string_lossy());
    remove_stale_temporaries(dir, &prefix);
    let text = to_json(graph);
    let pid = std::process::id();
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = SAVES.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!("{prefix}{pid}-{n}-{nanos}"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(io_error(&tmp, e)),
        }
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(&tmp, e));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(path, e));
    }
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Removes temporary files named `PREFIX{pid}-…` whose process no longer runs (where the
/// platform says so through `/proc`); a live process's save is left alone.
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().filter(|p| p.parse::<u32>().is_ok()) else {
            continue;
        };
        if !proc.join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Why a graph could not be saved.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {source}", path.display())]
pub struct SaveError {
    /// The file.
    pub path: std::path::PathBuf,
    /// The underlying error.
    pub source: std::io::Error,
}

/// Reads a graph from a JSON file written by [`save_json`].
///
/// Cost: reading the file and checking every claim, O(size of the graph).
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read, and every error of [`from_json`].
///
/// ```
/// let graph = annals::bundled();
/// let path = std::env::temp_dir().join(format!("annals-doc-{}.json", std::process::id()));
/// annals::io::save_json(&graph, &path)?;
/// let again = annals::io::load_json(&path)?;
/// assert_eq!(again.n_claims(), graph.n_claims());
/// std::fs::remove_file(&path)?;
/// # Ok::<_, annals::Error>(())
/// ```
pub fn load_json(path: impl AsRef<Path>) -> Result<Graph, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    from_json(&text, path)
}

/// Reads a graph from a JSON document made by [`to_json`]; `name` names it in errors. To read
/// a file, use [`load_json`].
///
/// Cost: O(size of the text) to parse, then adding each entity and claim as
/// [`Graph::add_entity`] and [`Graph::add_claim`] do: O(size of the graph) in all. The
/// document is read again to place an error, only when there is one.
///
/// # Errors
///
/// [`LoadError::Syntax`] (line and column) for text that is not such a document or has
/// another format, [`LoadError::Slug`] for an entity id that is not a valid id,
/// [`LoadError::Graph`] for a schema item, entity or claim the graph refuses.
pub fn from_json(text: &str, name: impl AsRef<Path>) -> Result<Graph, LoadError> {
    let name = name.as_ref();
    // A byte-order mark, as some editors write, is accepted as TOML loading accepts it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: GraphJson = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        location: Location {
            file: name.to_owned(),
            line: e.line(),
            column: e.column(),
        },
        message: e.to_string(),
    })?;
    // Where the offending part of the document starts, read again only on error.
    let locate = |place: Place| Places::of(text, name).get(place);
    let graph_error = |place: Place| {
        move |error: GraphError| LoadError::Graph {
            location: locate(place),
            error: Box::new(error),
        }
    };
    if doc.format != FORMAT {
        return Err(LoadError::Syntax {
            location: locate(Place::Format),
            message: format!("format {:?} is not {FORMAT:?}", doc.format),
        });
    }
    let schema = doc_to_schema(&doc.schema).map_err(graph_error(Place::Schema))?;
    let mut graph = Graph::new(schema);
    graph.begin_bulk();
    for (i, entity) in doc.entities.iter().enumerate() {
        if let Err(error) = entity.id.parse::<crate::model::Slug>() {
            return Err(LoadError::Slug {
                location: locate(Place::Entity(i)),
                error,
            });
        }
        let entity = doc_to_entity(&graph, entity).map_err(graph_error(Place::Entity(i)))?;
        graph
            .add_entity(entity)
            .map_err(graph_error(Place::Entity(i)))?;
    }
    for (i, claim) in doc.claims.iter().enumerate() {
        let claim = doc_to_claim(&graph, claim).map_err(graph_error(Place::Claim(i)))?;
        graph
            .add_claim(claim)
            .map_err(graph_error(Place::Claim(i)))?;
    }
    graph.end_bulk();
    Ok(graph)
}

/// A part of a JSON document.
#[derive(Clone, Copy)]
enum Place {
    Format,
    Schema,
    Entity(usize),
    Claim(usize),
}

/// The line and column where the format, the schema and each entity and claim of a document
/// start, read from the raw text (serde gives no positions for values it accepted).
struct Places {
    format: Location,
    schema: Location,
    entities: Vec<Location>,
    claims: Vec<Location>,
    start: Location,
}

impl Places {
    fn of(text: &str, name: &Path) -> Places {
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            format: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow)]
            schema: Option<&'a serde_json::value::RawValue>,
            #[serde(borrow, default)]
            entities: Vec<&'a serde_json::value::RawValue>,
            #[serde(borrow, default)]
            claims: Vec<&'a serde_json::value::RawValue>,
        }
        let start = Location {
            file: name.to_owned(),
            line: 1,
            column: 1,
        };
        // A raw value is a slice of `text`: its address gives its offset.
        let at = |raw: &serde_json::value::RawValue| {
            let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            Location::at(name, text, offset)
        };
        match serde_json::from_str::<Raw>(text) {
            Ok(raw) => Places {
                format: raw.format.map_or_else(|| start.clone(), at),
                schema: raw.schema.map_or_else(|| start.clone(), at),
                entities: raw.entities.into_iter().map(at).collect(),
                claims: raw.claims.into_iter().map(at).collect(),
                start,
            },
            Err(_) => Places {
                format: start.clone(),
                schema: start.clone(),
                entities: Vec::new(),
                claims: Vec::new(),
                start,
            },
        }
    }

    fn get(self, place: Place) -> Location {
        match place {
            Place::Format => self.format,
            Place::Schema => self.schema,
            Place::Entity(i) => self.entities.into_iter().nth(i).unwrap_or(self.start),
            Place::Claim(i) => self.claims.into_iter().nth(i).unwrap_or(self.start),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Graph → document

fn graph_to_doc(graph: &Graph) -> GraphJson {
    let schema = graph.schema();
    let kind = |k: KindId| schema.kind_def(k).name.clone();
    let kinds = |ks: &[KindId]| ks.iter().map(|k| kind(*k)).collect::<Vec<_>>();
    let slug = |e: EntityId| graph.entity(e).slug.to_string();
    GraphJson {
        format: FORMAT.to_owned(),
        schema: SchemaJson {
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
        },
        entities: graph
            .entities()
            .map(|(_, e)| EntityJson {
                id: e.slug.to_string(),
                kind: kind(e.kind),
                name: e.name.clone(),
                aliases: e.aliases.clone(),
                description: e.description.clone(),
                period: e.period.clone(),
                event_kind: e.event_kind.map(|k| schema.event_kind_def(k).name.clone()),
                source: e.source.as_ref().map(|s| SourceJson {
                    author: s.author.clone(),
                    published: s.published.clone(),
                    date: s.date.clone(),
                    url: s.url.clone(),
                }),
            })
            .collect(),
        claims: graph
            .claims()
            .map(|(_, c)| ClaimJson {
                fact: match &c.fact {
                    Fact::Link {
                        subject,
                        relation,
                        object,
                        role,
                        during,
                    } => FactJson::Link {
                        subject: slug(*subject),
                        relation: schema.relation_def(*relation).name.clone(),
                        object: slug(*object),
                        role: role.clone(),
                        during: during.clone(),
                    },
                    Fact::Value {
                        subject,
                        relation,
                        value,
                        role,
                        at,
                    } => FactJson::Value {
                        subject: slug(*subject),
                        relation: schema.relation_def(*relation).name.clone(),
                        value: match value {
                            Value::Number(q) => ValueJson::Number {
                                figure: q.clone(),
                                unit: q.unit().map(str::to_owned),
                            },
                            Value::Text(t) => ValueJson::Text(t.clone()),
                            Value::Date(d) => ValueJson::Date(d.clone()),
                        },
                        role: role.clone(),
                        at: at.clone(),
                    },
                    Fact::Occurred { event, date } => FactJson::Occurred {
                        event: slug(*event),
                        date: date.clone(),
                    },
                    Fact::Participation {
                        event,
                        role,
                        participant,
                    } => FactJson::Participation {
                        event: slug(*event),
                        role: role.clone(),
                        participant: slug(*participant),
                    },
                    Fact::Never {
                        subject,
                        event_kind,
                        during,
                    } => FactJson::Never {
                        subject: slug(*subject),
                        event_kind: schema.event_kind_def(*event_kind).name.clone(),
                        during: during.clone(),
                    },
                    Fact::Said {
                        speaker,
                        words,
                        date,
                        occasion,
                    } => FactJson::Said {
                        speaker: slug(*speaker),
                        words: words.clone(),
                        date: date.clone(),
                        occasion: occasion.map(slug),
                    },
                },
                citations: c
                    .citations
                    .iter()
                    .map(|cit| CitationJson {
                        source: slug(cit.source),
                        via: cit.via.map(slug),
                        locator: cit.locator.clone(),
                        quote: cit.quote.clone(),
                    })
                    .collect(),
                certainty: c.certainty.name().to_owned(),
                note: c.note.clone(),
                label: c.label.clone(),
                rank: (c.rank != Rank::Normal).then(|| c.rank.name().to_owned()),
                rank_reason: c.rank_reason.clone(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Document → graph

fn unknown(what: &str, name: &str) -> GraphError {
    GraphError::UnknownName {
        what: what.to_owned(),
        name: name.to_owned(),
        suggestions: Vec::new(),
    }
}

fn doc_to_schema(doc: &SchemaJson) -> Result<Schema, GraphError> {
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

fn rule_to_doc(schema: &Schema, rule: &Rule) -> RuleJson {
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

fn doc_to_entity(graph: &Graph, doc: &EntityJson) -> Result<Entity, GraphError> {
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

fn doc_to_claim(graph: &Graph, doc: &ClaimJson) -> Result<Claim, GraphError> {
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
