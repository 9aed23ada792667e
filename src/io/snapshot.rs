//! A whole graph as a compact binary snapshot, for loading large graphs fast; the JSON
//! document stays the format for interchange.
//!
//! The layout, all integers little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 16 | the magic `ANNALS-SNAPSHOT\n` |
//! | 4 | the format version ([`SNAPSHOT_VERSION`]) |
//! | 8 | the length of the body in bytes |
//! | 8 | a checksum of the body (64-bit FNV-1a over 8-byte words) |
//! | … | the body, in postcard's encoding: the schema as its JSON document, the number of entities, each entity, the number of claims, each claim |
//!
//! Entities are referred to by their position in the snapshot and schema items by their
//! position in the schema, so loading resolves no names; dates and figures are kept in their
//! text forms (their documented `Display`/`FromStr`). Every entity and claim is checked by the
//! graph as it is added, and a truncated or corrupt file is an error naming the file and what
//! is wrong, never a panic.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{LoadError, Progress, Report, SaveError, Stage};
use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, Date, Entity, EntityId, EventKindId, Fact, KindId, Quantity, Rank,
    RelationId, SourceInfo, Value,
};
use crate::store::FactRef;

/// The first bytes of every snapshot.
const MAGIC: &[u8; 16] = b"ANNALS-SNAPSHOT\n";

/// The version of the snapshot format this build reads and writes.
pub const SNAPSHOT_VERSION: u32 = 1;

const HEADER: usize = 16 + 4 + 8 + 8;

#[derive(Serialize, Deserialize)]
struct EntitySnap<'a> {
    slug: &'a str,
    kind: u16,
    name: &'a str,
    aliases: Vec<&'a str>,
    description: Option<&'a str>,
    period: Option<&'a str>,
    event_kind: Option<u16>,
    source: Option<SourceSnap<'a>>,
}

#[derive(Serialize, Deserialize)]
struct SourceSnap<'a> {
    author: Option<&'a str>,
    published: Option<&'a str>,
    date: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
struct ClaimSnap<'a> {
    #[serde(borrow)]
    fact: FactSnap<'a>,
    citations: Vec<CitationSnap<'a>>,
    certainty: &'a str,
    note: Option<&'a str>,
    label: Option<&'a str>,
    rank: &'a str,
    rank_reason: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
enum FactSnap<'a> {
    Link {
        subject: u32,
        relation: u16,
        object: u32,
        role: Option<&'a str>,
        during: Option<&'a str>,
    },
    Value {
        subject: u32,
        relation: u16,
        #[serde(borrow)]
        value: ValueSnap<'a>,
        role: Option<&'a str>,
        at: Option<&'a str>,
    },
    Occurred {
        event: u32,
        date: &'a str,
    },
    Participation {
        event: u32,
        role: &'a str,
        participant: u32,
    },
    Never {
        subject: u32,
        event_kind: u16,
        during: Option<&'a str>,
    },
    Said {
        speaker: u32,
        words: &'a str,
        date: Option<&'a str>,
        occasion: Option<u32>,
    },
}

#[derive(Serialize, Deserialize)]
enum ValueSnap<'a> {
    /// A figure's text form and its unit, which the text form leaves out.
    Number(&'a str, Option<&'a str>),
    Text(&'a str),
    Date(&'a str),
}

#[derive(Serialize, Deserialize)]
struct CitationSnap<'a> {
    source: u32,
    via: Option<u32>,
    locator: Option<&'a str>,
    quote: Option<&'a str>,
}

/// 64-bit FNV-1a over 8-byte little-endian words (the tail padded with zeros): fast enough to
/// check a file of hundreds of megabytes in a fraction of its load, and any flipped bit
/// changes it.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut word = [0u8; 8];
    word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The graph as a binary snapshot (see the module docs for the layout).
///
/// Cost: O(size of the graph): every entity and claim encoded once, dates and figures in
/// their text forms.
///
/// ```
/// let graph = annals::bundled();
/// let bytes = annals::io::to_snapshot(&graph);
/// let again = annals::io::from_snapshot(&bytes, "bundled.snapshot")?;
/// assert_eq!(annals::io::to_json(&again), annals::io::to_json(&graph));
/// # Ok::<_, annals::Error>(())
/// ```
pub fn to_snapshot(graph: &Graph) -> Vec<u8> {
    let mut body = Vec::new();
    put(&mut body, &super::json::schema_json(graph.schema()));
    put(&mut body, &(graph.n_entities() as u64));
    let position = |id: EntityId| id.index() as u32;
    let text = |d: &Option<Date>| d.as_ref().map(Date::to_string);
    for (_, e) in graph.entity_views() {
        let period = e.period.map(Date::to_string);
        let source_date = e.source.and_then(|s| text(&s.date));
        let item = EntitySnap {
            slug: e.slug,
            kind: e.kind.index() as u16,
            name: e.name,
            aliases: e.aliases.iter().map(String::as_str).collect(),
            description: e.description,
            period: period.as_deref(),
            event_kind: e.event_kind.map(|k| k.index() as u16),
            source: e.source.map(|s| SourceSnap {
                author: s.author.as_deref(),
                published: s.published.as_deref(),
                date: source_date.as_deref(),
                url: s.url.as_deref(),
            }),
        };
        put(&mut body, &item);
    }
    put(&mut body, &(graph.n_claims() as u64));
    for (_, c) in graph.claim_views() {
        let text = |d: Option<&Date>| d.map(Date::to_string);
        // Dates and figures are written in their text forms; they live until the claim is
        // encoded.
        let (during, value) = match c.fact() {
            FactRef::Link { during, .. } => (text(during), None),
            FactRef::Value { value, at, .. } => (
                text(at),
                Some(match value {
                    Value::Number(q) => q.to_string(),
                    Value::Text(t) => t.clone(),
                    Value::Date(d) => d.to_string(),
                }),
            ),
            FactRef::Occurred { date, .. } => (Some(date.to_string()), None),
            FactRef::Never { during, .. } => (text(during), None),
            FactRef::Said { date, .. } => (text(date), None),
            _ => (None, None),
        };
        let fact = match c.fact() {
            FactRef::Link {
                subject,
                relation,
                object,
                role,
                ..
            } => FactSnap::Link {
                subject: position(subject),
                relation: relation.index() as u16,
                object: position(object),
                role,
                during: during.as_deref(),
            },
            FactRef::Value {
                subject,
                relation,
                value: v,
                role,
                ..
            } => {
                let text = value.as_deref().unwrap_or_default();
                FactSnap::Value {
                    subject: position(subject),
                    relation: relation.index() as u16,
                    value: match v {
                        Value::Number(q) => ValueSnap::Number(text, q.unit()),
                        Value::Text(_) => ValueSnap::Text(text),
                        Value::Date(_) => ValueSnap::Date(text),
                    },
                    role,
                    at: during.as_deref(),
                }
            }
            FactRef::Occurred { event, .. } => FactSnap::Occurred {
                event: position(event),
                date: during.as_deref().unwrap_or_default(),
            },
            FactRef::Participation {
                event,
                role,
                participant,
            } => FactSnap::Participation {
                event: position(event),
                role,
                participant: position(participant),
            },
            FactRef::Never {
                subject,
                event_kind,
                ..
            } => FactSnap::Never {
                subject: position(subject),
                event_kind: event_kind.index() as u16,
                during: during.as_deref(),
            },
            FactRef::Said {
                speaker,
                words,
                occasion,
                ..
            } => FactSnap::Said {
                speaker: position(speaker),
                words,
                date: during.as_deref(),
                occasion: occasion.map(position),
            },
        };
        let certainty = c.certainty().to_string();
        let rank = c.rank().to_string();
        let item = ClaimSnap {
            fact,
            citations: c
                .citations()
                .map(|cit| CitationSnap {
                    source: position(cit.source),
                    via: cit.via.map(position),
                    locator: cit.locator,
                    quote: cit.quote,
                })
                .collect(),
            certainty: &certainty,
            note: c.note(),
            label: c.label(),
            rank: &rank,
            rank_reason: c.rank_reason(),
        };
        put(&mut body, &item);
    }
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&SNAPSHOT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&checksum(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    bytes
}

/// Appends one item's encoding to the body. Encoding strings, integers and sequences of known
/// length into bytes cannot fail; were it to, the item would be missing and the snapshot would
/// be refused when read, never misread.
fn put<T: Serialize>(body: &mut Vec<u8>, item: &T) {
    if let Ok(bytes) = postcard::to_allocvec(item) {
        body.extend_from_slice(&bytes);
    }
}

/// Writes the graph as a binary snapshot to `path`, atomically as [`save_json`](super::save_json)
/// does. Cost: O(size of the graph).
///
/// # Errors
///
/// As [`save_json`](super::save_json): [`SaveError`] naming the temporary file or `path`;
/// `path` keeps its old content.
pub fn save_snapshot(graph: &Graph, path: impl AsRef<Path>) -> Result<(), SaveError> {
    super::save::write_atomically(path.as_ref(), &to_snapshot(graph))
}

/// Whether `bytes` start like a snapshot (its magic), to tell one from a JSON document or a
/// folder. Cost: O(1).
pub fn is_snapshot(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Reads a graph from a snapshot file written by [`save_snapshot`].
///
/// Cost: reading the file, then as [`from_snapshot`].
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read, and every error of [`from_snapshot`].
pub fn load_snapshot(path: impl AsRef<Path>) -> Result<Graph, LoadError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    from_snapshot(&bytes, path)
}

/// Reads a graph from the bytes of a snapshot made by [`to_snapshot`]; `name` names it in
/// errors.
///
/// Cost: O(size of the snapshot): the checksum, then every entity and claim decoded (strings
/// borrowed from `bytes` until they are copied into the graph), checked and added as
/// [`Graph::add_entity`] and [`Graph::add_claim`] do, with the adjacency index built once at
/// the end.
///
/// # Errors
///
/// [`LoadError::Snapshot`] for bytes that are not a snapshot, one of another version, a
/// truncated or corrupt one (its length or checksum does not match, or its content does not
/// decode), an entity or schema item referred to by a position that does not exist, or an
/// entity or claim the graph refuses; the message says which entity or claim.
///
/// ```
/// let bytes = annals::io::to_snapshot(&annals::bundled());
/// let error = annals::io::from_snapshot(&bytes[..bytes.len() - 1], "cut.snapshot").unwrap_err();
/// assert!(error.to_string().contains("truncated"), "{error}");
/// # Ok::<_, annals::Error>(())
/// ```
pub fn from_snapshot(bytes: &[u8], name: impl AsRef<Path>) -> Result<Graph, LoadError> {
    decode(bytes, name.as_ref(), &|_| {})
}

/// Reads a graph from a snapshot file as [`load_snapshot`] does, calling `progress` as it
/// goes, for a progress bar.
///
/// Cost: as [`load_snapshot`], plus one call per 65,536 entities or claims.
///
/// # Errors
///
/// As [`load_snapshot`].
pub fn load_snapshot_with_progress(
    path: impl AsRef<Path>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Graph, LoadError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    decode(&bytes, path, progress)
}

fn decode(bytes: &[u8], name: &Path, progress: &Report) -> Result<Graph, LoadError> {
    let fail = |message: String| LoadError::Snapshot {
        path: name.to_owned(),
        message,
    };
    if bytes.len() < HEADER || !bytes.starts_with(MAGIC) {
        return Err(fail(
            "not an annals snapshot (it does not start with the snapshot header)".to_owned(),
        ));
    }
    let word = |at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let mut version = [0u8; 4];
    version.copy_from_slice(&bytes[16..20]);
    let version = u32::from_le_bytes(version);
    if version != SNAPSHOT_VERSION {
        return Err(fail(format!(
            "snapshot format version {version}, but this build reads version {SNAPSHOT_VERSION}"
        )));
    }
    let (length, sum) = (word(20), word(28));
    let body = &bytes[HEADER..];
    if (body.len() as u64) < length {
        return Err(fail(format!(
            "truncated: the header promises {length} bytes of content, the file has {}",
            body.len()
        )));
    }
    if body.len() as u64 > length {
        return Err(fail(format!(
            "{} bytes after the end of the content the header announces",
            body.len() as u64 - length
        )));
    }
    if checksum(body) != sum {
        return Err(fail(
            "corrupt: the checksum of the content does not match the header's".to_owned(),
        ));
    }
    let mut rest = body;
    // Decoding goes item by item, so the whole document is never held apart from the graph.
    macro_rules! next {
        ($t:ty, $what:expr) => {
            match postcard::take_from_bytes::<$t>(rest) {
                Ok((item, after)) => {
                    rest = after;
                    item
                }
                Err(error) => return Err(fail(format!("{}: does not decode: {error}", $what))),
            }
        };
    }
    let schema_text: &str = next!(&str, "the schema");
    let schema = super::json::schema_from_json(schema_text)
        .map_err(|error| fail(format!("the schema: {error}")))?;
    let kinds: Vec<KindId> = schema
        .kinds()
        .iter()
        .filter_map(|k| schema.kind(&k.name))
        .collect();
    let relations: Vec<RelationId> = schema
        .relations()
        .iter()
        .filter_map(|r| schema.relation(&r.name))
        .collect();
    let event_kinds: Vec<EventKindId> = schema
        .event_kinds()
        .iter()
        .filter_map(|k| schema.event_kind_named(&k.name))
        .collect();
    let mut graph = Graph::new(schema);
    graph.begin_bulk();
    let n_entities: u64 = next!(u64, "the number of entities");
    // Counts read from the file only size what is reserved when the rest of the file could
    // hold that many (an entity takes at least 6 bytes, a claim at least 8), so that a
    // damaged count cannot ask for terabytes.
    let fits = |n: u64, least: u64| n.min(rest.len() as u64 / least) as usize;
    graph.reserve(fits(n_entities, 6), 0);
    let mut ids: Vec<EntityId> = Vec::with_capacity(fits(n_entities, 6));
    for i in 0..n_entities {
        if i.is_multiple_of(65536) {
            progress(Progress::new(Stage::Entities, i, n_entities));
        }
        let what = || format!("entity {i}");
        let e: EntitySnap = next!(EntitySnap, what());
        let date = |text: Option<&str>| -> Result<Option<Date>, LoadError> {
            text.map(|t| {
                t.parse::<Date>()
                    .map_err(|error| fail(format!("{}: {error}", what())))
            })
            .transpose()
        };
        let kind = *kinds
            .get(usize::from(e.kind))
            .ok_or_else(|| fail(format!("{}: kind {} does not exist", what(), e.kind)))?;
        let slug = e
            .slug
            .parse()
            .map_err(|error| fail(format!("{}: {error}", what())))?;
        let mut entity = Entity::new(slug, kind, e.name);
        entity.aliases = e.aliases.iter().map(|a| (*a).to_owned()).collect();
        entity.description = e.description.map(str::to_owned);
        entity.period = date(e.period)?;
        entity.event_kind = match e.event_kind {
            Some(k) => Some(
                *event_kinds
                    .get(usize::from(k))
                    .ok_or_else(|| fail(format!("{}: event kind {k} does not exist", what())))?,
            ),
            None => None,
        };
        entity.source = match e.source {
            Some(s) => Some(SourceInfo {
                author: s.author.map(str::to_owned),
                published: s.published.map(str::to_owned),
                date: date(s.date)?,
                url: s.url.map(str::to_owned),
            }),
            None => None,
        };
        let id = graph
            .add_entity(entity)
            .map_err(|error| fail(format!("{}: {error}", what())))?;
        ids.push(id);
    }
    let n_claims: u64 = next!(u64, "the number of claims");
    graph.reserve(0, fits(n_claims, 8));
    for i in 0..n_claims {
        if i.is_multiple_of(65536) {
            progress(Progress::new(Stage::Claims, i, n_claims));
        }
        let what = || format!("claim {i}");
        let c: ClaimSnap = next!(ClaimSnap, what());
        let entity = |position: u32| -> Result<EntityId, LoadError> {
            ids.get(position as usize)
                .copied()
                .ok_or_else(|| fail(format!("{}: entity {position} does not exist", what())))
        };
        let relation = |position: u16| -> Result<RelationId, LoadError> {
            relations
                .get(usize::from(position))
                .copied()
                .ok_or_else(|| fail(format!("{}: relation {position} does not exist", what())))
        };
        let date = |text: Option<&str>| -> Result<Option<Date>, LoadError> {
            text.map(|t| {
                t.parse::<Date>()
                    .map_err(|error| fail(format!("{}: {error}", what())))
            })
            .transpose()
        };
        let fact = match c.fact {
            FactSnap::Link {
                subject,
                relation: r,
                object,
                role,
                during,
            } => Fact::Link {
                subject: entity(subject)?,
                relation: relation(r)?,
                object: entity(object)?,
                role: role.map(str::to_owned),
                during: date(during)?,
            },
            FactSnap::Value {
                subject,
                relation: r,
                value,
                role,
                at,
            } => Fact::Value {
                subject: entity(subject)?,
                relation: relation(r)?,
                value: match value {
                    ValueSnap::Number(t, unit) => {
                        let figure = t
                            .parse::<Quantity>()
                            .map_err(|error| fail(format!("{}: {error}", what())))?;
                        Value::Number(match unit {
                            Some(unit) => figure.with_unit(unit),
                            None => figure,
                        })
                    }
                    ValueSnap::Text(t) => Value::Text(t.to_owned()),
                    ValueSnap::Date(t) => Value::Date(date(Some(t))?.ok_or_else(|| fail(what()))?),
                },
                role: role.map(str::to_owned),
                at: date(at)?,
            },
            FactSnap::Occurred { event, date: d } => Fact::Occurred {
                event: entity(event)?,
                date: date(Some(d))?.ok_or_else(|| fail(what()))?,
            },
            FactSnap::Participation {
                event,
                role,
                participant,
            } => Fact::Participation {
                event: entity(event)?,
                role: role.to_owned(),
                participant: entity(participant)?,
            },
            FactSnap::Never {
                subject,
                event_kind,
                during,
            } => Fact::Never {
                subject: entity(subject)?,
                event_kind: *event_kinds.get(usize::from(event_kind)).ok_or_else(|| {
                    fail(format!(
                        "{}: event kind {event_kind} does not exist",
                        what()
                    ))
                })?,
                during: date(during)?,
            },
            FactSnap::Said {
                speaker,
                words,
                date: d,
                occasion,
            } => Fact::Said {
                speaker: entity(speaker)?,
                words: words.to_owned(),
                date: date(d)?,
                occasion: occasion.map(entity).transpose()?,
            },
        };
        let mut citations = Vec::with_capacity(c.citations.len());
        for cit in &c.citations {
            citations.push(Citation {
                source: entity(cit.source)?,
                via: cit.via.map(entity).transpose()?,
                locator: cit.locator.map(str::to_owned),
                quote: cit.quote.map(str::to_owned),
            });
        }
        let claim = Claim {
            fact,
            citations,
            certainty: c
                .certainty
                .parse::<Certainty>()
                .map_err(|error| fail(format!("{}: {error}", what())))?,
            note: c.note.map(str::to_owned),
            label: c.label.map(str::to_owned),
            rank: c
                .rank
                .parse::<Rank>()
                .map_err(|error| fail(format!("{}: {error}", what())))?,
            rank_reason: c.rank_reason.map(str::to_owned),
        };
        graph
            .add_claim(claim)
            .map_err(|error| fail(format!("{}: {error}", what())))?;
    }
    if !rest.is_empty() {
        return Err(fail(format!("{} bytes after the last claim", rest.len())));
    }
    progress(Progress::new(Stage::Indexing, 0, 1));
    graph.end_bulk();
    progress(Progress::new(Stage::Indexing, 1, 1));
    Ok(graph)
}
