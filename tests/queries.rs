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

/// A writer that takes at most 7 bytes a call, so that every write of the streaming writers
/// is cut at odd places (inside a character too), and counts the calls.
#[derive(Default)]
struct Trickle {
    bytes: Vec<u8>,
    calls: usize,
}

impl std::io::Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.calls += 1;
        let n = buf.len().min(7);
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the streaming writers give for `answer`, written through [`Trickle`]: the table in
/// full, the table cut at 3 rows, the JSON.
fn streamed(answer: &annals::query::Answer<'_>) -> [String; 3] {
    let text = |write: &dyn Fn(&mut Trickle) -> std::io::Result<()>| {
        let mut out = Trickle::default();
        write(&mut out).unwrap();
        String::from_utf8(out.bytes).unwrap()
    };
    [
        text(&|out| answer.write_table(out, None)),
        text(&|out| answer.write_table(out, Some(3))),
        text(&|out| answer.write_json(out)),
    ]
}

/// For every query of the corpora and both formats, the streaming writers (`write_table`,
/// `write_json`), which render rows one at a time from their ids, give the bytes of the
/// strings made from the same answer with its rows rendered first and kept (the way every
/// answer was printed before the writers): tables, tables cut short and JSON, with and
/// without `why`; and the JSON's rows are those of `rows()` serialized as a `Vec`.
#[test]
fn streamed_answers_equal_their_strings() {
    let corpora = [
        ("tests/queries/answers.txt", "data"),
        ("tests/queries/reasoning.txt", "data"),
        ("tests/queries/terror.txt", "tests/datasets/terror"),
    ];
    let mut compared = 0;
    for (path, data) in corpora {
        let graph = annals::load(data).unwrap();
        for case in read_corpus(path) {
            let Ok(answer) = graph.query(&case.query) else {
                continue;
            };
            // Streamed while the rows are still ids.
            let got = streamed(&answer);
            // The same answer with its rows rendered and kept, then made into strings.
            let rendered = answer.clone();
            let _ = rendered.rows();
            let want = [
                rendered.table(None),
                rendered.table(Some(3)),
                serde_json::to_string_pretty(&rendered).unwrap(),
            ];
            for ((got, want), what) in got.iter().zip(&want).zip(["table", "cut", "json"]) {
                assert!(
                    got == want,
                    "> {} ({what}): streamed\n{got}\n--- but the string is\n{want}",
                    case.query
                );
            }
            // Written again from the rendered rows, the same bytes.
            assert_eq!(streamed(&rendered), want, "> {}", case.query);
            // The rows in the JSON are `rows()` as a `Vec`.
            let json: serde_json::Value = serde_json::from_str(&got[2]).unwrap();
            if let Some(rows) = json.get("rows").filter(|_| !answer.rows().is_empty()) {
                assert_eq!(rows, &serde_json::to_value(answer.rows()).unwrap());
            }
            compared += 1;
        }
    }
    assert!(compared > 200, "only {compared} answers compared");
}

/// A writer that fails once it has taken `budget` bytes, and counts the calls after that.
struct Failing {
    budget: usize,
    failed: bool,
    calls_after: usize,
}

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            self.calls_after += 1;
        }
        if self.budget == 0 {
            self.failed = true;
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed {
            self.calls_after += 1;
        }
        Ok(())
    }
}

/// A writer that fails (the reader of a pipe went away) stops the writing: the error comes
/// back with its kind, and nothing more is written to the writer once it has failed.
#[test]
fn a_failing_writer_stops_the_writing() {
    let graph = annals::load("data").unwrap();
    for query in [
        "members of institutions",
        "why members of institutions",
        "count members of institutions arrested per institution",
    ] {
        let answer = graph.query(query).unwrap();
        for format in ["table", "json"] {
            let mut out = Failing {
                budget: 100,
                failed: false,
                calls_after: 0,
            };
            let result = match format {
                "table" => answer.write_table(&mut out, None),
                _ => answer.write_json(&mut out),
            };
            let error = result.expect_err(query);
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{query}");
            assert!(out.failed, "{query} ({format})");
            assert_eq!(out.calls_after, 0, "{query} ({format})");
        }
    }
}
