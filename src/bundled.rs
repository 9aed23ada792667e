//! The bundled dataset (`data/`), compiled into the crate so that a client needs no files.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::Graph;

/// The files of `data/`, schema first; `tests/load.rs` checks that no file is missing.
#[doc(hidden)]
pub const FILES: [(&str, &str); 7] = [
    ("data/schema.toml", include_str!("../data/schema.toml")),
    ("data/article.toml", include_str!("../data/article.toml")),
    ("data/cc1917.toml", include_str!("../data/cc1917.toml")),
    ("data/cc1934.toml", include_str!("../data/cc1934.toml")),
    ("data/gulag.toml", include_str!("../data/gulag.toml")),
    (
        "data/reference.toml",
        include_str!("../data/reference.toml"),
    ),
    ("data/sources.toml", include_str!("../data/sources.toml")),
];

/// The bundled dataset: Orsag's article, its sources, the 1917 and 1934 Central Committees
/// and the gulag figures, as `annals::load("data")` reads them from a checkout, but compiled
/// into the crate, so it works from any directory and any crate that depends on annals.
///
/// Cost: the first call parses and checks the dataset (milliseconds in a release build);
/// later calls clone the parsed graph, O(size of the graph).
///
/// ```
/// let graph = annals::bundled();
/// assert!(graph.by_slug("cc-1934").is_some());
/// ```
pub fn bundled() -> Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH
        .get_or_init(|| {
            let (schema_path, schema_text) = FILES[0];
            // The files are compiled in and checked by the test suite: they load.
            let schema = crate::io::schema_from_str(schema_text, schema_path)
                .unwrap_or_else(|e| panic!("the bundled schema is broken: {e}"));
            let mut graph = Graph::new(schema);
            let texts: Vec<(PathBuf, String)> = FILES[1..]
                .iter()
                .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
                .collect();
            graph
                .extend_from_texts(&texts)
                .unwrap_or_else(|e| panic!("the bundled data is broken: {e}"));
            graph
        })
        .clone()
}
