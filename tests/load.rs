//! Loading: every broken file in `tests/broken/` and `tests/broken-schema/` yields its own error
//! at file:line:column, as written on the file's first line (`# expect: …`), and a failed load
//! leaves the graph as it was.

use std::path::{Path, PathBuf};

fn expected(text: &str) -> &str {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .unwrap_or("")
}

fn cases(dir: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {dir}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// Compares every case's message with its expectation and reports all mismatches at once, so
/// that a changed message is one run to review, not one per file. With `UPDATE_EXPECT=1` it
/// writes the messages into the files instead, for review with `git diff`.
fn check_all(cases: Vec<(PathBuf, String)>, mut error_of: impl FnMut(&Path, &str) -> String) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for (path, text) in &cases {
        let got = error_of(path, text);
        if update {
            let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
            std::fs::write(path, format!("# expect: {got}\n{rest}")).unwrap();
            continue;
        }
        if got != expected(text) {
            failures.push(format!(
                "{}\n  expected: {}\n  got:      {got}",
                path.display(),
                expected(text)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn broken_data_files_report_their_error_and_change_nothing() {
    let mut graph = annals::load("data").expect("bundled data loads");
    let before = annals::io::to_json(&graph);
    check_all(cases("tests/broken"), |path, text| {
        let error = graph
            .extend_from_texts(&[(path.to_owned(), text.to_owned())])
            .expect_err("a broken file must not load");
        assert!(error.location().is_some(), "{error} has no location");
        assert_eq!(
            annals::io::to_json(&graph),
            before,
            "{} changed the graph",
            path.display()
        );
        error.to_string()
    });
}

#[test]
fn broken_schemas_report_their_error() {
    check_all(cases("tests/broken-schema"), |path, text| {
        annals::io::schema_from_str(text, path)
            .expect_err("a broken schema must not load")
            .to_string()
    });
}

#[test]
fn missing_folder_and_missing_schema_are_errors() {
    let error = annals::load("no/such/folder").unwrap_err();
    assert_eq!(error.to_string(), "no/such/folder: no such folder");
    let error = annals::load("tests").unwrap_err();
    assert_eq!(
        error.to_string(),
        "tests: no schema.toml in this folder; a dataset needs one"
    );
}

#[test]
fn json_round_trip_is_lossless() {
    let graph = annals::load("data").unwrap();
    let json = annals::io::to_json(&graph);
    let again = annals::io::from_json(&json, "graph.json").unwrap();
    assert_eq!(annals::io::to_json(&again), json);
    assert_eq!(again.n_entities(), graph.n_entities());
    assert_eq!(again.n_claims(), graph.n_claims());
}

#[test]
fn save_json_writes_atomically_and_loads_back() {
    let graph = annals::load("data").unwrap();
    let dir = std::env::temp_dir().join(format!("annals-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("graph.json");
    annals::io::save_json(&graph, &path).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the saved file remains");
    let again = annals::io::load_json(&path).unwrap();
    assert_eq!(again.n_claims(), graph.n_claims());
    // Saving into a folder that does not exist fails and leaves nothing behind.
    let error = annals::io::save_json(&graph, dir.join("missing/graph.json")).unwrap_err();
    // The error names the temporary file it could not create.
    assert!(
        error.path.starts_with(dir.join("missing"))
            && error.path.to_string_lossy().contains("/.graph.json.tmp-"),
        "{}",
        error.path.display()
    );
    assert_eq!(error.source.kind(), std::io::ErrorKind::NotFound);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_json_names_line_and_column() {
    let error = annals::io::from_json("{\n  \"format\": 3\n}", "g.json").unwrap_err();
    assert_eq!(error.location().map(|l| (l.line, l.column)), Some((2, 13)));
}

#[test]
fn bundled_dataset_has_every_data_file_and_equals_the_folder() {
    let mut on_disk: Vec<String> = std::fs::read_dir("data")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    on_disk.sort();
    let mut compiled: Vec<String> = annals::BUNDLED_FILES
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    compiled.sort();
    assert_eq!(compiled, on_disk, "add the new data file to src/bundled.rs");
    let bundled = annals::bundled();
    let loaded = annals::load("data").unwrap();
    assert_eq!(annals::io::to_json(&bundled), annals::io::to_json(&loaded));
}
