//! The query corpus: every query in `tests/queries/*.txt` with the answer (or error) it must
//! give over the bundled `data/` (`terror.txt`: over the second dataset,
//! `tests/datasets/terror/`, whose schema shares no vocabulary with the bundled one). Each case is a line `> QUERY` followed by the expected output
//! up to the next `> ` line; lines starting with `#` before a case are comments.
//!
//! `UPDATE_EXPECT=1 cargo test --test queries` rewrites the files with the actual output, for
//! review with `git diff`. The same corpus feeds the benchmarks.

use annals::Graph;

/// One corpus case.
struct Case {
    comments: Vec<String>,
    query: String,
    expected: String,
}

fn read_corpus(path: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut cases = Vec::new();
    let mut comments = Vec::new();
    let mut current: Option<Case> = None;
    for line in text.lines() {
        if let Some(query) = line.strip_prefix("> ") {
            cases.extend(current.take());
            current = Some(Case {
                comments: std::mem::take(&mut comments),
                query: query.to_owned(),
                expected: String::new(),
            });
        } else if line.starts_with("# ") || line == "#" {
            // A comment belongs to the next case.
            comments.push(line.to_owned());
        } else if let Some(case) = current.as_mut() {
            case.expected.push_str(line);
            case.expected.push('\n');
        } else {
            comments.push(line.to_owned());
        }
    }
    cases.extend(current);
    cases
}

/// The corpus as the rewriter lays it out: each case's comments, its query, its answer as
/// `answer` gives it, and one blank line.
fn corpus_text(cases: &[Case], answer: impl Fn(&Case) -> String) -> String {
    let mut out = String::new();
    for case in cases {
        for comment in &case.comments {
            out.push_str(comment);
            out.push('\n');
        }
        out.push_str(&format!(
            "> {}\n{}\n\n",
            case.query,
            answer(case).trim_end()
        ));
    }
    out.trim_end().to_owned() + "\n"
}

/// Answers print as their table; errors as their rendered message with the caret.
fn output(graph: &Graph, query: &str) -> String {
    match graph.query(query) {
        Ok(answer) => answer.to_string(),
        Err(error) => error.render(query),
    }
}

fn check_corpus(path: &str) {
    check_corpus_over(path, "data");
}

fn check_corpus_over(path: &str, data: &str) {
    let graph = annals::load(data).unwrap();
    let cases = read_corpus(path);
    assert!(!cases.is_empty(), "{path} has no cases");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let out = corpus_text(&cases, |case| output(&graph, &case.query));
        std::fs::write(path, out).unwrap();
        return;
    }
    // The file is as the rewriter writes it, so that `UPDATE_EXPECT=1` changes only answers.
    let text = std::fs::read_to_string(path).unwrap();
    let canonical = corpus_text(&cases, |case| case.expected.clone());
    assert!(
        text == canonical,
        "{path} is not laid out as `UPDATE_EXPECT=1` writes it (a blank line between a \
         comment and its case, or a missing one after an answer): the first difference is at \
         line {}",
        text.lines()
            .zip(canonical.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(text.lines().count().min(canonical.lines().count()))
            + 1
    );
    let mut failures = Vec::new();
    for case in &cases {
        let got = output(&graph, &case.query);
        if got.trim_end() != case.expected.trim_end() {
            failures.push(format!(
                "> {}\n--- expected\n{}\n--- got\n{}",
                case.query,
                case.expected.trim_end(),
                got.trim_end()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ in {path}:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn answers() {
    check_corpus("tests/queries/answers.txt");
}

#[test]
fn terror() {
    check_corpus_over("tests/queries/terror.txt", "tests/datasets/terror");
}

#[test]
fn reasoning() {
    check_corpus("tests/queries/reasoning.txt");
}

#[test]
fn errors() {
    check_corpus("tests/queries/errors.txt");
    // Every case in the error corpus is an error, and every one has a place.
    let graph = annals::load("data").unwrap();
    for case in read_corpus("tests/queries/errors.txt") {
        let error = graph.query(&case.query).expect_err(&case.query);
        assert!(error.line >= 1 && error.column >= 1);
        assert!(error.span.end <= case.query.len(), "{}", case.query);
    }
}

#[test]
fn answers_serialize_to_json() {
    let graph = annals::load("data").unwrap();
    for case in read_corpus("tests/queries/answers.txt") {
        let answer = graph.query(&case.query).expect(&case.query);
        let json: serde_json::Value = serde_json::from_str(&answer.to_json()).unwrap();
        assert_eq!(json["query"], case.query.as_str());
    }
}

#[test]
fn prepared_queries_give_the_same_answer() {
    let graph = annals::load("data").unwrap();
    for case in read_corpus("tests/queries/answers.txt") {
        let prepared = graph.prepare(&case.query).unwrap();
        assert_eq!(
            prepared.run(&graph).unwrap(),
            graph.query(&case.query).unwrap()
        );
    }
}
