//! On-disk formats: dataset folders of TOML files (read), and whole graphs as JSON (read and
//! write).
//!
//! *Architecture invariant*: the types that serde reads and writes live here and nowhere else;
//! they are converted to and from [`model`](crate::model) types, so the files can keep their
//! shape while the model changes.
//!
//! *Architecture invariant*: loading is all-or-nothing. A load works on a copy and replaces the
//! graph only when every file was read without error.

mod dataset;
mod json;
mod save;
mod snapshot;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::Graph;
use crate::model::{DateError, QuantityError, Schema, SchemaError, SlugError};
use crate::store::{GraphError, Violation};

pub use dataset::MAX_ERRORS;
pub use json::{from_json, load_json, save_json, to_json};
pub use save::SaveError;
pub use snapshot::{
    SNAPSHOT_VERSION, from_snapshot, is_snapshot, load_snapshot, load_snapshot_with_progress,
    save_snapshot, to_snapshot,
};

/// A place in a data file: file, 1-based line and 1-based column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, read from `file`. Cost: O(`offset`), a scan of
    /// the text before it for line breaks and characters.
    pub fn at(file: &Path, text: &str, offset: usize) -> Location {
        let (line, column) = crate::text::line_column(text, offset);
        Location {
            file: file.to_owned(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Why a dataset or JSON file could not be loaded. Every variant but `Io` and `NoSchema` names
/// the file, line and column of the offending text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder has no `schema.toml`.
    #[error("{}: no schema.toml in this folder; a dataset needs one", path.display())]
    NoSchema {
        /// The folder.
        path: PathBuf,
    },
    /// The text is not valid TOML or JSON, or has a field of the wrong type, a missing field or
    /// an unknown one.
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What was expected.
        message: String,
    },
    /// The schema is inconsistent.
    #[error("{location}: {error}")]
    Schema {
        /// Where.
        location: Location,
        /// What is wrong.
        error: SchemaError,
    },
    /// The store refused a claim or entity: unknown id, wrong kind, no source, duplicate id…
    #[error("{location}: {error}")]
    Graph {
        /// Where.
        location: Location,
        /// What is wrong (boxed: it is the largest of the stage errors).
        error: Box<GraphError>,
    },
    /// A date that does not parse.
    #[error("{location}: {error}")]
    Date {
        /// Where.
        location: Location,
        /// What is wrong.
        error: DateError,
    },
    /// A figure that does not parse.
    #[error("{location}: {error}")]
    Quantity {
        /// Where.
        location: Location,
        /// What is wrong.
        error: QuantityError,
    },
    /// An id that is not a valid slug.
    #[error("{location}: {error}")]
    Slug {
        /// Where.
        location: Location,
        /// What is wrong.
        error: SlugError,
    },
    /// Several errors in the files of one load, in file order (at most
    /// [`MAX_ERRORS`]; `capped` when the load stopped there).
    #[error("{}", many(errors, *capped))]
    Many {
        /// The errors, each with its place.
        errors: Vec<LoadError>,
        /// Whether more errors may follow the ones shown.
        capped: bool,
    },
    /// A table whose fields fit no claim shape (a claim with both `object` and `value`…).
    #[error("{location}: {message}")]
    Shape {
        /// Where.
        location: Location,
        /// What was expected.
        message: String,
    },
    /// A binary snapshot that cannot be read: not a snapshot, another version, truncated,
    /// corrupt, or with an entity or claim the graph refuses (the message says which).
    #[error("{}: {message}", path.display())]
    Snapshot {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A strict load ([`load_strict`]) of a dataset that breaks its schema's invariants.
    #[error("{}: the data breaks {} invariant(s) of its schema:\n{}", path.display(), violations.len(), lines(violations))]
    Invariants {
        /// The folder.
        path: PathBuf,
        /// The broken invariants.
        violations: Vec<Violation>,
    },
}

fn lines(violations: &[Violation]) -> String {
    let lines: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
    lines.join("\n")
}

impl LoadError {
    /// Where in which file, when the error has a place. Cost: O(1).
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadError::Io { .. }
            | LoadError::NoSchema { .. }
            | LoadError::Invariants { .. }
            | LoadError::Snapshot { .. } => None,
            LoadError::Many { errors, .. } => errors.first().and_then(LoadError::location),
            LoadError::Syntax { location, .. }
            | LoadError::Schema { location, .. }
            | LoadError::Graph { location, .. }
            | LoadError::Date { location, .. }
            | LoadError::Quantity { location, .. }
            | LoadError::Slug { location, .. }
            | LoadError::Shape { location, .. } => Some(location),
        }
    }
}

fn many(errors: &[LoadError], capped: bool) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let mut text = lines.join("\n");
    if capped {
        text.push_str(&format!("\n(stopped after {} errors)", dataset::MAX_ERRORS));
    }
    text
}

/// How far a load has come, for a progress bar: a stage and how much of it is done, in the
/// stage's unit (bytes while parsing, entities, claims).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// What the load is doing.
    pub stage: Stage,
    /// How much of the stage is done.
    pub done: u64,
    /// How much there is in all.
    pub total: u64,
}

impl Progress {
    fn new(stage: Stage, done: u64, total: u64) -> Progress {
        Progress { stage, done, total }
    }
}

/// The stages of a load that [`Progress`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Parsing the files' text (counted in bytes).
    Parsing,
    /// Adding entities.
    Entities,
    /// Adding claims (a dataset folder counts its claim-making tables).
    Claims,
    /// Building the indexes and checking the whole graph.
    Indexing,
}

impl Stage {
    /// The stage in a word or two, for a progress bar. Cost: O(1).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parsing => "parsing",
            Stage::Entities => "entities",
            Stage::Claims => "claims",
            Stage::Indexing => "indexing",
        }
    }
}

/// What a load calls with its [`Progress`]; it may be called from several threads.
pub(crate) type Report<'a> = dyn Fn(Progress) + Sync + 'a;

/// What a successful load added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// Entities added.
    pub entities: usize,
    /// Claims added.
    pub claims: usize,
    /// Every violation [`Graph::check`] finds in the whole graph after the load: historical
    /// implausibilities and broken invariants of the schema.
    pub warnings: Vec<Violation>,
}

/// Loads a dataset folder: `schema.toml` and every other `*.toml` file in it, in name order.
/// To see what the load found (files, counts, violations), use [`load_with_report`].
///
/// `dir` is relative to the current directory: in a client crate, use
/// `concat!(env!("CARGO_MANIFEST_DIR"), "/data")` for a folder of its own, or
/// [`bundled`](crate::bundled) for annals's own dataset.
///
/// Cost: reading, parsing and adding every file, O(size of the data); then [`Graph::check`]
/// over the whole graph for the report (its warnings, and one query per invariant the schema
/// declares), and planning the `place` query of each rule that has one.
///
/// # Errors
///
/// [`LoadError`]: the file, line and column of the first problem, or [`LoadError::Many`]
/// with the problems of several files; [`LoadError::NoSchema`] for a folder without
/// `schema.toml` and [`LoadError::Io`] for one that cannot be read. Nothing is loaded then.
///
/// ```
/// let graph = annals::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))?;
/// assert!(graph.by_slug("orsag").is_some());
/// # Ok::<_, annals::Error>(())
/// ```
pub fn load(dir: impl AsRef<Path>) -> Result<Graph, LoadError> {
    load_with_report(dir).map(|(graph, _)| graph)
}

/// The default largest file a load reads, in bytes (1 GiB).
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// Limits on what a load reads.
///
/// ```
/// use annals::io::LoadOptions;
/// let tiny = LoadOptions { max_file_size: 100 };
/// let error = annals::io::load_with("data", &tiny).unwrap_err();
/// assert!(error.to_string().contains("larger than the limit"));
/// # Ok::<_, annals::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// The largest file read, in bytes ([`MAX_FILE_SIZE`] by default); a larger one is an
    /// error, as is anything but a regular file (a FIFO, a device, a link to one).
    pub max_file_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: MAX_FILE_SIZE,
        }
    }
}

/// Loads a dataset folder under `options`. Cost: as [`load`].
///
/// # Errors
/// As [`load`], and [`LoadError::Io`] for a file that is not a regular file or is larger than
/// [`LoadOptions::max_file_size`].
pub fn load_with(dir: impl AsRef<Path>, options: &LoadOptions) -> Result<Graph, LoadError> {
    load_report_with(dir.as_ref(), options).map(|(graph, _)| graph)
}

/// Loads a dataset folder as [`load`] does, and returns what it found too: the files read,
/// the entities and claims added, and every violation of [`Graph::check`] (historical
/// implausibilities and broken invariants), which do not stop the load.
///
/// Cost: as [`load`], which already computes the report.
///
/// # Errors
///
/// As [`load`].
///
/// ```
/// let (graph, report) = annals::load_with_report("data")?;
/// assert_eq!(report.entities, graph.n_entities());
/// for warning in &report.warnings {
///     println!("{warning}");
/// }
/// # Ok::<_, annals::Error>(())
/// ```
pub fn load_with_report(dir: impl AsRef<Path>) -> Result<(Graph, LoadReport), LoadError> {
    load_report_with(dir.as_ref(), &LoadOptions::default())
}

/// Loads a dataset folder as [`load_with_report`] does, calling `progress` as it goes, for a
/// progress bar. Today the calls come from the calling thread; `progress` is `Sync` so that a
/// parallel load may call it from several, so it must not wait for anything the calling
/// thread holds (a locked stderr, say).
///
/// Cost: as [`load`], plus the calls: one per file parsed and per file of entities, one per
/// 8192 claim-making tables.
///
/// # Errors
///
/// As [`load`].
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// let calls = AtomicU64::new(0);
/// let (graph, _) = annals::io::load_with_progress("data", &|_| {
///     calls.fetch_add(1, Ordering::Relaxed);
/// })?;
/// assert!(calls.load(Ordering::Relaxed) > 0);
/// # Ok::<_, annals::Error>(())
/// ```
pub fn load_with_progress(
    dir: impl AsRef<Path>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Graph, LoadReport), LoadError> {
    load_report_progress(dir.as_ref(), &LoadOptions::default(), progress)
}

fn load_report_with(dir: &Path, options: &LoadOptions) -> Result<(Graph, LoadReport), LoadError> {
    load_report_progress(dir, options, &|_| {})
}

fn load_report_progress(
    dir: &Path,
    options: &LoadOptions,
    progress: &Report,
) -> Result<(Graph, LoadReport), LoadError> {
    let schema_path = dir.join("schema.toml");
    if !schema_path.is_file() {
        if !dir.is_dir() {
            return Err(LoadError::Io {
                path: dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            });
        }
        return Err(LoadError::NoSchema {
            path: dir.to_owned(),
        });
    }
    let text = read(&schema_path, options)?;
    let schema = dataset::parse_schema(&schema_path, &text)?;
    let mut graph = Graph::new(schema);
    let texts = read_dir_texts(dir, options)?;
    let report = graph.extend_with_progress(Cow::Owned(texts), progress)?;
    check_rule_queries(&graph, &schema_path, &text)?;
    Ok((graph, report))
}

/// Loads a dataset folder as [`load_with_report`] does, but refuses one whose data breaks an
/// invariant its schema declares (`[[invariant]]`).
///
/// Cost: as [`load_with_report`], plus O(warnings) to pick out the broken invariants.
///
/// # Errors
///
/// As [`load`], and [`LoadError::Invariants`] with every broken invariant.
///
/// ```
/// let (graph, report) = annals::load_strict("data")?;
/// assert!(!graph.schema().invariants().is_empty());
/// # Ok::<_, annals::Error>(())
/// ```
pub fn load_strict(dir: impl AsRef<Path>) -> Result<(Graph, LoadReport), LoadError> {
    let dir = dir.as_ref();
    let (graph, report) = load_with_report(dir)?;
    let violations: Vec<Violation> = report
        .warnings
        .iter()
        .filter(|v| matches!(v.kind, crate::store::ViolationKind::Invariant { .. }))
        .cloned()
        .collect();
    if violations.is_empty() {
        Ok((graph, report))
    } else {
        Err(LoadError::Invariants {
            path: dir.to_owned(),
            violations,
        })
    }
}

/// Refuses a rule whose `place` query does not plan over the loaded data.
fn check_rule_queries(graph: &Graph, path: &Path, text: &str) -> Result<(), LoadError> {
    for rule in graph.schema().rules() {
        if let crate::model::RuleForm::Implies {
            place: Some(query), ..
        } = &rule.form
            && let Err(error) = graph.prepare(query)
        {
            let offset = text.find(query.as_str()).unwrap_or(0);
            return Err(LoadError::Shape {
                location: Location::at(path, text, offset),
                message: format!(
                    "rule {:?}: its place query {query:?} fails: {}",
                    rule.name, error.message
                ),
            });
        }
    }
    Ok(())
}

impl Graph {
    /// Adds the data files of a dataset folder (every `*.toml` but `schema.toml`, in name
    /// order) to this graph. Entities may be referred to before, or in another file than, the
    /// one that defines them. On error the graph is unchanged.
    ///
    /// Cost: as [`Graph::extend_from_texts`] over the folder's files: O(size of the graph) for
    /// the copy, plus the files, plus [`Graph::check`] for the report.
    ///
    /// # Errors
    ///
    /// As [`load_with`] under the default [`LoadOptions`]: [`LoadError::Io`] for a folder or
    /// file that cannot be read, or one too large, and the syntax, schema and graph errors of
    /// the files' contents ([`LoadError::Many`] when there are several).
    pub fn extend_from_dir(&mut self, dir: impl AsRef<Path>) -> Result<LoadReport, LoadError> {
        self.extend_from_dir_with(dir, &LoadOptions::default())
    }

    /// [`Graph::extend_from_dir`] under `options`. Cost: as [`Graph::extend_from_dir`].
    ///
    /// # Errors
    /// As [`load_with`].
    pub fn extend_from_dir_with(
        &mut self,
        dir: impl AsRef<Path>,
        options: &LoadOptions,
    ) -> Result<LoadReport, LoadError> {
        let texts = read_dir_texts(dir.as_ref(), options)?;
        self.extend_with_progress(Cow::Owned(texts), &|_| {})
    }

    /// Adds data files given as `(path, text)` pairs; the paths are used in messages only.
    /// On error the graph is unchanged.
    ///
    /// Cost: O(size of the graph) to copy it (the graph is staged, so an error leaves it
    /// unchanged), plus parsing and adding the texts, O(their size), plus [`Graph::check`]
    /// over the whole graph for the report.
    ///
    /// # Errors
    ///
    /// [`LoadError::Syntax`] for a text that is not valid TOML or has a field of the wrong
    /// type, a missing or unknown field; [`LoadError::Graph`] for an entity or claim the graph
    /// refuses (an unknown entity, a duplicate id, a wrong kind, ...); [`LoadError::Shape`] for
    /// a table that fits no claim shape; [`LoadError::Many`] when there are several. Each
    /// names the path, line and column.
    ///
    /// ```
    /// let mut graph = annals::load("data")?;
    /// let text = r#"
    /// [[entity]]
    /// id = "ryutin"
    /// kind = "person"
    /// name = "Martemyan Ryutin"
    ///
    /// [[claim]]
    /// subject = "ryutin"
    /// relation = "member_of"
    /// object = "cpsu"
    /// sources = ["orsag"]
    /// "#;
    /// graph.extend_from_texts(&[("ryutin.toml".into(), text.into())])?;
    /// assert!(graph.by_slug("ryutin").is_some());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn extend_from_texts(
        &mut self,
        files: &[(PathBuf, String)],
    ) -> Result<LoadReport, LoadError> {
        self.extend_with_progress(Cow::Borrowed(files), &|_| {})
    }

    /// Adds `files` as [`Graph::extend_from_texts`] does; texts it owns are freed as soon as
    /// their claims are added, before the indexes are built.
    fn extend_with_progress(
        &mut self,
        files: Cow<'_, [(PathBuf, String)]>,
        progress: &Report,
    ) -> Result<LoadReport, LoadError> {
        let (n_entities, n_claims) = (self.n_entities(), self.n_claims());
        let mut staged = self.clone();
        staged.begin_bulk();
        // A load that must start again (see `dataset::load_data`) starts from a fresh copy.
        let fresh = || {
            let mut staged = self.clone();
            staged.begin_bulk();
            staged
        };
        dataset::load_data(&mut staged, &files, progress, fresh)?;
        let paths = files.iter().map(|(p, _)| p.clone()).collect();
        // Past this point nothing points into the texts. A folder's texts (a third of the
        // graph's size at a million people) would otherwise be alive, for nothing, at the
        // peak of the load: the building of the adjacency arrays.
        drop(files);
        progress(Progress::new(Stage::Indexing, 0, 1));
        staged.end_bulk();
        let report = LoadReport {
            files: paths,
            entities: staged.n_entities() - n_entities,
            claims: staged.n_claims() - n_claims,
            warnings: staged.check(),
        };
        progress(Progress::new(Stage::Indexing, 1, 1));
        *self = staged;
        // The columns `staged` shared with this graph's previous state are its own now:
        // what the load added joins them, so that a clone shares it too.
        self.shrink_tables();
        Ok(report)
    }
}

/// The data files of a dataset folder (every `*.toml` but `schema.toml`), in name order, read.
fn read_dir_texts(dir: &Path, options: &LoadOptions) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| LoadError::Io {
                path: dir.to_owned(),
                source,
            })?
            .path();
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        let is_schema = path.file_name().is_some_and(|n| n == "schema.toml");
        if is_toml && !is_schema {
            files.push(path);
        }
    }
    files.sort();
    let mut texts = Vec::new();
    for path in files {
        let text = read(&path, options)?;
        texts.push((path, text));
    }
    Ok(texts)
}

/// Reads a schema file's text; `name` names it in errors.
///
/// Cost: O(size of the text) to parse, then checking the definitions against each other,
/// with a scan of the kinds, O(kinds), for each kind name a definition refers to.
///
/// # Errors
///
/// [`LoadError::Syntax`] for text that is not a valid schema document (TOML, field types,
/// missing or unknown fields), [`LoadError::Shape`] for a table that fits no definition,
/// [`LoadError::Graph`] for a reference to a kind the schema does not define, and
/// [`LoadError::Schema`] for an inconsistent schema; each with its line and column.
///
/// ```
/// let text = std::fs::read_to_string("data/schema.toml")?;
/// let schema = annals::io::schema_from_str(&text, "data/schema.toml")?;
/// assert!(schema.kind("person").is_some());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn schema_from_str(text: &str, name: impl AsRef<Path>) -> Result<Schema, LoadError> {
    dataset::parse_schema(name.as_ref(), text)
}

/// Reads a regular file of at most `options.max_file_size` bytes as UTF-8. Anything else (a
/// FIFO, which would block; a device such as `/dev/zero`, which never ends) is refused before
/// it is opened, and the size is checked again while reading.
fn read(path: &Path, options: &LoadOptions) -> Result<String, LoadError> {
    use std::io::Read;
    let fail = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let other = |message: String| {
        fail(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            message,
        ))
    };
    let limit = options.max_file_size;
    let too_large = || {
        other(format!(
            "the file is larger than the limit of {limit} bytes (LoadOptions::max_file_size)"
        ))
    };
    let metadata = std::fs::metadata(path).map_err(fail)?;
    if !metadata.is_file() {
        return Err(other("not a regular file".to_owned()));
    }
    if metadata.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(fail)?;
    // Sized from the file's length: grown by doubling instead, the buffer of a 150 MB file
    // ends with 256 MiB of room, and a folder's texts are held through its parse (184 MiB
    // more than they need at a million people). A full buffer is not grown to see the end
    // (`read_to_end` probes on the stack first); a file that grew since is read all the same,
    // up to the limit. If the room cannot be had at once, the read grows as it goes.
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(usize::try_from(metadata.len()).unwrap_or(usize::MAX));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let text =
            String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let location = Location::at(path, &text, text.len());
        LoadError::Syntax {
            location,
            message: "the file is not valid UTF-8 here".to_owned(),
        }
    })
}
