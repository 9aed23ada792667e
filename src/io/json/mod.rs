//! A whole graph as one JSON document: schema, entities and claims, with entities named by
//! their ids. Saving then loading gives back an equal graph.

mod convert;
mod pieces;
mod stream;
mod types;

use std::path::Path;

use serde::Deserialize;

use super::{LoadError, Location, SaveError};
use crate::Graph;
use crate::model::Schema;
use crate::store::GraphError;
use convert::{doc_to_claim, doc_to_entity, doc_to_schema, graph_to_doc, schema_to_doc};
use stream::Stop;
use types::GraphJson;

/// The format name written in every document, checked on reading.
pub(super) const FORMAT: &str = "annals-graph/1";

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
    super::save::write_atomically(path.as_ref(), to_json(graph).as_bytes())
}

/// Reads a graph from a JSON file written by [`save_json`].
///
/// Cost: reading the file twice (to count its claims, then to parse it a piece at a time,
/// adding each entity and claim as it is parsed) and checking every claim, O(size of the
/// graph), holding about a megabyte of the text at a time. A document in another layout than
/// [`to_json`]'s, or with an error, is then read whole as [`from_json`] reads it, to place the
/// error.
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
    // Read in pieces, never holding the text whole; anything but a clean success reads the
    // whole text, which says why (or reads a document in another layout).
    if let Some(graph) = pieces::read(path) {
        return Ok(graph);
    }
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    from_json(&text, path)
}

/// Reads a graph from a JSON document made by [`to_json`]; `name` names it in errors. To read
/// a file, use [`load_json`].
///
/// Cost: O(size of the text) to parse, adding each entity and claim as it is parsed, as
/// [`Graph::add_entity`] and [`Graph::add_claim`] do: O(size of the graph) in all, without
/// holding the parsed document (a document whose fields are not in the order `to_json`
/// writes them is parsed whole first). The document is read again to place an error, only
/// when there is one.
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
    let syntax = |e: serde_json::Error| LoadError::Syntax {
        location: Location {
            file: name.to_owned(),
            line: e.line(),
            column: e.column(),
        },
        message: e.to_string(),
    };
    // Where the offending part of the document starts, read again only on error.
    let locate = |place: Place| Places::of(text, name).get(place);
    let graph_error = |place: Place| {
        move |error: GraphError| LoadError::Graph {
            location: locate(place),
            error: Box::new(error),
        }
    };
    let format_error = |format: &str| LoadError::Syntax {
        location: locate(Place::Format),
        message: format!("format {format:?} is not {FORMAT:?}"),
    };
    match stream::read(text).map_err(syntax)? {
        Ok(graph) => return Ok(graph),
        Err(Stop::Format(format)) => return Err(format_error(&format)),
        Err(Stop::Slug(i, error)) => {
            return Err(LoadError::Slug {
                location: locate(Place::Entity(i)),
                error,
            });
        }
        Err(Stop::Graph(place, error)) => return Err(graph_error(place)(error)),
        Err(Stop::OutOfOrder) => {}
    }
    // Fields in another order than `to_json` writes them: the document is read whole.
    let doc: GraphJson = serde_json::from_str(text).map_err(syntax)?;
    if doc.format != FORMAT {
        return Err(format_error(&doc.format));
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

/// The schema as a compact JSON document, for the binary snapshot. Cost: O(size of the
/// schema).
pub(super) fn schema_json(schema: &Schema) -> String {
    // Serializing plain strings, vectors and numbers into a String cannot fail.
    serde_json::to_string(&schema_to_doc(schema)).unwrap_or_default()
}

/// A schema from the document [`schema_json`] writes. Cost: O(size of the text).
pub(super) fn schema_from_json(text: &str) -> Result<Schema, String> {
    let doc: types::SchemaJson = serde_json::from_str(text).map_err(|e| e.to_string())?;
    doc_to_schema(&doc).map_err(|e| e.to_string())
}
