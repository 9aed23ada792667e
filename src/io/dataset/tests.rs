//! A load that cuts its files into groups of tables gives what a load of whole files gives:
//! the same graph, or the same errors.

use std::path::{Path, PathBuf};

use super::{Mode, load_files};
use crate::Graph;

fn schema_of(dir: &str) -> crate::model::Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(dir)
        .join("schema.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    super::parse_schema(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn texts_of(dir: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        p.extension().is_some_and(|e| e == "toml")
            && p.file_name().is_some_and(|n| n != "schema.toml")
    });
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

/// What a load in `mode` gives: the graph as JSON, or the error; `None` if a cut load must
/// start again with whole files.
fn outcome(base: &Graph, files: &[(PathBuf, String)], mode: Mode) -> Option<String> {
    let mut graph = base.clone();
    graph.begin_bulk();
    match load_files(&mut graph, files, &|_| {}, mode) {
        Ok(()) => {
            graph.end_bulk();
            Some(crate::io::to_json(&graph))
        }
        Err(Some(error)) => Some(format!("error: {error}")),
        Err(None) => None,
    }
}

/// Both ways give the same; returns whether the cut load went through without starting again.
fn same_both_ways(base: &Graph, files: &[(PathBuf, String)]) -> bool {
    let whole = outcome(base, files, Mode::Whole);
    assert!(whole.is_some(), "a whole load never starts again");
    match outcome(base, files, Mode::Cut) {
        Some(cut) => {
            assert_eq!(Some(cut), whole, "{:?}", files.last().map(|f| &f.0));
            true
        }
        None => false,
    }
}

#[test]
fn the_bundled_and_test_datasets_load_the_same_cut() {
    for dir in [
        "data",
        "tests/datasets/terror",
        "tests/datasets/broken-invariant",
    ] {
        let base = Graph::new(schema_of(dir));
        assert!(same_both_ways(&base, &texts_of(dir)), "{dir} was not cut");
    }
}

#[test]
fn every_broken_file_fails_the_same_cut() {
    let base = Graph::new(schema_of("data"));
    let data = texts_of("data");
    let mut cut = 0;
    for broken in texts_of("tests/broken") {
        let mut files = data.clone();
        files.push(broken);
        cut += usize::from(same_both_ways(&base, &files));
    }
    // Most broken files parse and fail later, in the graph: those must fail cut too.
    assert!(cut > 10, "only {cut} broken files went through cut");
}

#[test]
fn tricky_files_load_the_same_cut() {
    let base = Graph::new(schema_of("data"));
    let data = texts_of("data");
    let cases = [
        // Defaults after the claims they apply to, comments, indented headers, a header's
        // look-alike in multi-line strings and arrays.
        "# c\n[[claim]]\nsubject = \"yezhov\"\nrelation = \"member_of\"\nobject = \"cc-1934\"\nnote = \"\"\"\n[[entity]]\nid = \"x\"\n\"\"\"\n  [[entity]] # a person\nid = \"cut-a\"\nkind = \"person\"\nname = \"A\"\naliases = [\n  \"[[claim]]\",\n]\n[defaults]\nsources = [\"orsag\"]\ncertainty = \"probable\"\n",
        // Not cut: a dotted header, a key before the first header.
        "[[claim]]\nsubject = \"yezhov\"\nrelation = \"member_of\"\nobject = \"cc-1934\"\n[[claim.cite]]\nsource = \"orsag\"\nat = \"p. 1\"\n",
        "defaults = { sources = [\"orsag\"] }\n[[claim]]\nsubject = \"yezhov\"\nrelation = \"member_of\"\nobject = \"cc-1934\"\n",
        // Errors: a duplicate defaults table, an entity table defined twice, a syntax error
        // in the last of many groups, an unknown source in the defaults.
        "[defaults]\nsources = [\"orsag\"]\n[defaults]\ncertainty = \"probable\"\n",
        "[[entity]]\nid = \"cut-b\"\nkind = \"person\"\nname = \"B\"\n[entity]\nid = \"c\"\n",
        "[defaults]\nsources = [\"nobody\"]\n[[claim]]\nsubject = \"yezhov\"\nrelation = \"member_of\"\nobject = \"cc-1934\"\n",
    ];
    for (i, case) in cases.iter().enumerate() {
        let mut files = data.clone();
        files.push((format!("case-{i}.toml").into(), (*case).to_owned()));
        same_both_ways(&base, &files);
    }
    let mut many = String::from("[defaults]\nsources = [\"orsag\"]\n");
    for i in 0..3000 {
        many.push_str(&format!(
            "[[entity]]\nid = \"many-{i}\"\nkind = \"person\"\nname = \"Person {i}\"\n\n[[claim]]\nsubject = \"many-{i}\"\nrelation = \"member_of\"\nobject = \"cc-1934\"\n\n"
        ));
    }
    let mut files = data.clone();
    files.push(("many.toml".into(), many.clone()));
    assert!(same_both_ways(&base, &files), "many.toml was not cut");
    for broken in [
        many.replace("many-2999\"\nrelation", "many-2999\nrelation"),
        many.replace("id = \"many-1500\"", "id = \"many-1499\""),
        many.replace("object = \"cc-1934\"", "object = \"nowhere\""),
    ] {
        let mut files = data.clone();
        files.push(("many.toml".into(), broken));
        same_both_ways(&base, &files);
    }
}
