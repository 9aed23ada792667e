//! The REPL's scriptable interface, end to end: each case spawns the built `repl` example with
//! arguments and stdin and checks stdout, stderr and the exit code. Answers are checked only
//! for stable substrings; the query corpus checks the answers themselves.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The `repl` example binary, built by Cargo before integration tests run: the test binary
/// is `target/debug/deps/repl-…`, the example `target/debug/examples/repl`.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/debug");
    let binary = debug
        .join("examples")
        .join(format!("repl{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} not built", binary.display());
    binary
}

/// Runs the REPL from the crate's folder with `args` and `stdin`; stdout, stderr, exit code.
fn run(args: &[&str], stdin: &str) -> (String, String, i32) {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the repl starts");
    let mut input = child.stdin.take().expect("stdin");
    // The REPL may exit before reading (`-e`, `--help`): a closed pipe is no failure.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let output = child.wait_with_output().expect("the repl ends");
    (
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
        output.status.code().expect("an exit code, not a signal"),
    )
}

/// What a case expects: the exit code and substrings of stdout and stderr (and substrings
/// that must not appear in stdout).
struct Expect {
    code: i32,
    stdout: &'static [&'static str],
    stderr: &'static [&'static str],
    not_stdout: &'static [&'static str],
}

const fn ok(stdout: &'static [&'static str]) -> Expect {
    Expect {
        code: 0,
        stdout,
        stderr: &[],
        not_stdout: &[],
    }
}

const fn fails(
    code: i32,
    stdout: &'static [&'static str],
    stderr: &'static [&'static str],
) -> Expect {
    Expect {
        code,
        stdout,
        stderr,
        not_stdout: &[],
    }
}

/// The cases: a name, the arguments, stdin and what to expect.
fn cases() -> Vec<(&'static str, Vec<&'static str>, &'static str, Expect)> {
    vec![
        ("eval", vec!["-e", "people"], "", ok(&["Joseph Stalin"])),
        (
            "eval ignores stdin",
            vec!["-e", "count people"],
            "people\n",
            ok(&[]),
        ),
        (
            "eval several in order",
            vec!["-e", "count people", "-e", "members of cc-1917"],
            "",
            ok(&["Nikolai Bukharin"]),
        ),
        (
            "eval --eval=",
            vec!["--eval=members of cc-1917 shot"],
            "",
            ok(&["Nikolai Bukharin"]),
        ),
        (
            "eval a command",
            vec!["-e", ":schema"],
            "",
            ok(&["member_of"]),
        ),
        (
            "eval error",
            vec!["-e", "members of Stalinn"],
            "",
            fails(1, &[], &["error", "Stalinn", "^^^^^^^"]),
        ),
        (
            "eval error caret under the span",
            vec!["-e", "members of Stalinn"],
            "",
            fails(1, &[], &["\n  |            ^^^^^^^\n"]),
        ),
        (
            "eval error in the README's form: place and hint",
            vec!["-e", "members of Stalinn"],
            "",
            fails(
                1,
                &[],
                &[
                    " --> 1:12\n",
                    "  = hint: did you mean Joseph Stalin (stalin)?",
                ],
            ),
        ),
        (
            "eval error says which -e",
            vec!["-e", "people", "-e", "members of Stalinn"],
            "",
            fails(1, &[], &[" --> -e #2, 1:12\n"]),
        ),
        (
            "several eval answers are separated by a blank line",
            vec!["-e", "count people", "-e", "count members of cc-1917"],
            "",
            ok(&["159\n\n21\n"]),
        ),
        (
            "eval error does not stop the others",
            vec!["-e", "members of Stalinn", "-e", "people"],
            "",
            fails(1, &["Joseph Stalin"], &["-e #1"]),
        ),
        (
            "stdin",
            vec![],
            "# a comment\npeople\n\n   \ncount people\n",
            ok(&["Joseph Stalin"]),
        ),
        (
            "stdin no banner or prompt",
            vec![],
            "people\n",
            Expect {
                not_stdout: &["annals>", ":help"],
                ..ok(&["Joseph Stalin"])
            },
        ),
        (
            "stdin comment not run",
            vec![],
            "# members of Stalinn\npeople\n",
            ok(&["Joseph Stalin"]),
        ),
        (
            "stdin bad line",
            vec![],
            "count people\nmembers of Stalinn\npeople\n",
            fails(1, &["Joseph Stalin"], &["<stdin>:2:12", "^^^^^^^"]),
        ),
        (
            "stdin :quit stops",
            vec![],
            "count people\n:quit\nmembers of Stalinn\n",
            ok(&[]),
        ),
        (
            "stdin :schema",
            vec![],
            ":schema\n",
            ok(&["member_of", "people", "arrested", "members of"]),
        ),
        (
            "stdin :help",
            vec![],
            ":help\n",
            ok(&[
                "members of cc-1917",
                "according to",
                "people",
                "arrested",
                ":schema",
            ]),
        ),
        (
            "stdin :explain",
            vec![],
            ":explain members of cc-1917 shot\n",
            ok(&["walk"]),
        ),
        (
            "stdin :explain error",
            vec![],
            ":explain members of Stalinn\n",
            fails(1, &[], &["Stalinn", "^^^^^^^"]),
        ),
        (
            "stdin :explain nothing",
            vec![],
            ":explain\n",
            fails(1, &[], &[":explain"]),
        ),
        (
            "stdin :format json",
            vec![],
            ":format json\ncount people\n",
            ok(&["\"count\""]),
        ),
        (
            "stdin :format back to table",
            vec![],
            ":format json\n:format table\npeople\n",
            Expect {
                not_stdout: &["{"],
                ..ok(&["Joseph Stalin"])
            },
        ),
        (
            "stdin :format bad",
            vec![],
            ":format xml\n",
            fails(1, &[], &["xml", "table", "json"]),
        ),
        (
            "stdin unknown command",
            vec![],
            ":frobnicate\npeople\n",
            fails(
                1,
                &["Joseph Stalin"],
                &[
                    "unknown command :frobnicate",
                    ":help",
                    ":schema",
                    ":load",
                    ":format",
                    ":explain",
                    ":quit",
                ],
            ),
        ),
        (
            "stdin :load missing keeps the graph",
            vec![],
            ":load no-such-folder\npeople\n",
            fails(1, &["Joseph Stalin"], &["no-such-folder"]),
        ),
        (
            "stdin :load broken keeps the graph",
            vec![],
            ":load tests/broken\npeople\n",
            fails(1, &["Joseph Stalin"], &["schema.toml"]),
        ),
        (
            "stdin :load data",
            vec![],
            ":load data\npeople\n",
            ok(&["Joseph Stalin"]),
        ),
        (
            "--data data",
            vec!["--data", "data", "-e", "people"],
            "",
            ok(&["Joseph Stalin"]),
        ),
        (
            "--data=data",
            vec!["--data=data", "-e", "people"],
            "",
            ok(&["Joseph Stalin"]),
        ),
        (
            "--data missing",
            vec!["--data", "no-such-folder", "-e", "people"],
            "",
            fails(2, &[], &["error", "no-such-folder"]),
        ),
        (
            "--data broken",
            vec!["--data", "tests/broken", "-e", "people"],
            "",
            fails(2, &[], &["tests/broken"]),
        ),
        (
            "--data without a folder",
            vec!["--data"],
            "",
            fails(2, &[], &["--data"]),
        ),
        (
            "--format bad",
            vec!["--format", "xml", "-e", "people"],
            "",
            fails(2, &[], &["xml"]),
        ),
        (
            "unknown option",
            vec!["--frobnicate"],
            "",
            fails(2, &[], &["--frobnicate", "usage"]),
        ),
        ("stray argument", vec!["people"], "", fails(2, &[], &["-e"])),
        (
            "--help",
            vec!["--help"],
            "",
            ok(&["usage", "--data", "--format", "-e"]),
        ),
        ("-h", vec!["-h"], "", ok(&["usage"])),
        (
            ":rules off then on",
            vec![],
            ":rules off\ncount members of cc-1934 arrested by 1940\n:rules on\ncount members of cc-1934 arrested by 1940\n",
            ok(&["29 (+16 possibly) of 135", "84 (+7 possibly) of 135"]),
        ),
        (
            ":rules lists the rules",
            vec!["-e", ":rules"],
            "",
            ok(&[
                "rules: on",
                "execution-implies-arrest",
                "nothing-after-death",
            ]),
        ),
        (
            ":rules bad",
            vec!["-e", ":rules maybe"],
            "",
            fails(1, &[], &["`:rules` takes `on` or `off`"]),
        ),
        (
            ":certainty all",
            vec![],
            ":certainty all\nmembers of cc-1934 and akulov\n",
            Expect {
                code: 0,
                stdout: &["yes"],
                stderr: &[],
                not_stdout: &["possibly"],
            },
        ),
        (
            ":draw prints DOT",
            vec!["-e", ":draw members of cc-1917 executed in 1938"],
            "",
            ok(&[
                "digraph answer {",
                "\"rykov\" -> \"cc-1917\"",
                "shape=hexagon",
            ]),
        ),
        (
            ":timeline prints SVG",
            vec!["-e", ":timeline members of cc-1917 arrested"],
            "",
            ok(&[
                "<svg xmlns=\"http://www.w3.org/2000/svg\"",
                "by 1938-03-15",
                "</svg>",
            ]),
        ),
        (
            ":draw without a query",
            vec!["-e", ":draw"],
            "",
            fails(1, &[], &["`:draw` needs a query"]),
        ),
        (
            ":timeline of undated figures",
            vec!["-e", ":timeline population of Petrograd"],
            "",
            fails(1, &[], &["nothing to draw"]),
        ),
        (
            ":draw a bad query",
            vec!["-e", ":draw members of Stalinn"],
            "",
            fails(1, &[], &["Stalinn", "^^^^^^^"]),
        ),
        (
            ":import the roster",
            vec![
                "-e",
                ":import tests/import/cc1934-roster.csv tests/import/cc1934-roster.toml",
                "-e",
                "why arrests of kabakov according to cc1934-roster",
            ],
            "",
            ok(&["cc1934-roster.csv, row 19, column arrested"]),
        ),
        (
            ":import Wikidata JSON",
            vec![
                "--data",
                "tests/import/wikidata/dataset",
                "-e",
                ":import tests/import/wikidata/Q42.json tests/import/wikidata/Q42.toml",
                "-e",
                "why schools of \"Douglas Adams\"",
            ],
            "",
            ok(&["educated_at Q691283 during 1971/1974", "via wikidata"]),
        ),
        (
            ":import Wikidata JSON with a CSV mapping",
            vec![
                "--data",
                "tests/import/wikidata/dataset",
                "-e",
                ":import tests/import/wikidata/Q42.json tests/import/cc1934-roster.toml",
            ],
            "",
            fails(1, &[], &["cc1934-roster.toml"]),
        ),
        (
            ":import without a mapping",
            vec!["-e", ":import tests/import/cc1934-roster.csv"],
            "",
            fails(1, &[], &["`:import` needs a CSV file and a mapping"]),
        ),
        (
            ":export needs a .ttl or .nt file",
            vec!["-e", ":export annals.rdf"],
            "",
            fails(1, &[], &["`:export` needs a file ending in .ttl"]),
        ),
        (
            ":certainty bad",
            vec!["-e", ":certainty some"],
            "",
            fails(1, &[], &["`:certainty` takes `best`"]),
        ),
    ]
}

#[test]
fn cases_behave() {
    let mut failures = Vec::new();
    for (name, args, stdin, expect) in cases() {
        let (stdout, stderr, code) = run(&args, stdin);
        let mut problems = Vec::new();
        if code != expect.code {
            problems.push(format!("exit code {code}, expected {}", expect.code));
        }
        for want in expect.stdout {
            if !stdout.contains(want) {
                problems.push(format!("stdout lacks {want:?}"));
            }
        }
        for want in expect.stderr {
            if !stderr.contains(want) {
                problems.push(format!("stderr lacks {want:?}"));
            }
        }
        for unwanted in expect.not_stdout {
            if stdout.contains(unwanted) {
                problems.push(format!("stdout has {unwanted:?}"));
            }
        }
        if expect.code == 0 && !stderr.is_empty() {
            problems.push("stderr is not empty".to_owned());
        }
        if stderr.contains("panicked") {
            problems.push("it panicked".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{name} {args:?}:\n  {}\n  stdout: {stdout:?}\n  stderr: {stderr:?}",
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Parses a stream of JSON documents.
fn json_documents(text: &str) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<serde_json::Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON documents: {e}\n{text}"))
}

#[test]
fn json_format_is_one_document_per_query() {
    let (stdout, stderr, code) = run(&["--format", "json", "-e", "people"], "");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert!(answer.to_string().contains("Joseph Stalin"));

    let (stdout, _, code) = run(&["--format=json"], "people\n# skip\ncount people\n");
    assert_eq!(code, 0);
    assert_eq!(json_documents(&stdout).len(), 2);

    let (stdout, _, code) = run(&[], "count people\n:format json\npeople\ncount people\n");
    assert_eq!(code, 0);
    let (table, json) = stdout.split_at(stdout.find('{').expect("JSON after :format json"));
    assert!(!table.trim().is_empty(), "the table answer comes first");
    assert_eq!(json_documents(json).len(), 2);
}

#[test]
fn query_errors_go_to_stderr_only() {
    let (stdout, stderr, code) = run(&["--format", "json"], "members of Stalinn\n");
    assert_eq!(code, 1);
    assert_eq!(stdout, "", "nothing on stdout for a failed query");
    let caret = stderr
        .lines()
        .find(|l| l.contains('^'))
        .expect("a caret line");
    let query = stderr
        .lines()
        .find(|l| l.contains("members of Stalinn"))
        .expect("the query line");
    // The carets stand under `Stalinn`, as many as it has characters.
    let column = query.find("Stalinn").expect("the name");
    assert_eq!(caret.find('^'), Some(column));
    assert_eq!(caret.trim_end().len() - column, "Stalinn".len());
}

#[test]
fn caret_columns_count_characters() {
    // A name after non-ASCII text: the caret is placed by characters, not bytes.
    let (_, stderr, code) = run(&["-e", "“Ramón Mercader” and Stalinn"], "");
    assert_eq!(code, 1, "{stderr}");
    let query = stderr
        .lines()
        .find(|l| l.contains("Mercader"))
        .expect("the query line");
    let caret = stderr
        .lines()
        .find(|l| l.contains('^'))
        .expect("a caret line");
    let byte = caret.find('^').expect("a caret");
    assert!(query.is_char_boundary(byte), "{stderr}");
    let column = query[..query.find("Stalinn").expect("name")]
        .chars()
        .count();
    assert_eq!(caret[..byte].chars().count(), column, "{stderr}");
}

#[test]
fn check_lists_violations_and_fails_on_a_broken_invariant() {
    let (stdout, stderr, code) = run(&[], ":check\n");
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    assert!(stdout.contains("Jan Berzin"), "{stdout}");
    let (stdout, _, code) = run(&["--data", "tests/datasets/broken-invariant"], ":check\n");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("invariant \"one member\""), "{stdout}");
}

/// Runs the REPL with raw bytes on stdin; stdout, stderr, exit code.
fn run_bytes(args: &[&str], stdin: &[u8]) -> (String, String, i32) {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the repl starts");
    let mut input = child.stdin.take().expect("stdin");
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().expect("the repl ends");
    (
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
        output.status.code().expect("an exit code, not a signal"),
    )
}

#[test]
fn an_invalid_utf8_line_is_reported_and_the_rest_runs() {
    let (stdout, stderr, code) = run_bytes(
        &[],
        b"count members of cc-1917\n\xff\xfe bad\ncount members of cc-1934\n",
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("<stdin>:2: error: the line is not valid UTF-8"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
}

#[test]
fn limits_can_be_shown_and_set() {
    let (stdout, stderr, code) = run(
        &[],
        ":limit\n:limit budget 10\nmembers of cc-1917\n:limit depth 0\n",
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("length 16384 bytes, depth 500, budget 20000000 rows"),
        "{stdout}"
    );
    assert!(
        stderr.contains("the query touched more than 10 rows, its budget"),
        "{stderr}"
    );
    assert!(stderr.contains("`:limit` takes"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn load_refuses_a_fifo_instead_of_blocking() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("repl-fifo");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("data/schema.toml", dir.join("schema.toml")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("x.toml")).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let (_, stderr, code) = run(&[], &format!(":load {}\n", dir.display()));
    assert_eq!(code, 1);
    assert!(stderr.contains("x.toml: not a regular file"), "{stderr}");
}

#[test]
fn a_graph_saved_as_a_snapshot_or_json_loads_with_data_and_answers_the_same() {
    let dir = std::env::temp_dir().join(format!("annals-repl-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let graph = annals::load(concat!(env!("CARGO_MANIFEST_DIR"), "/data")).unwrap();
    let (snapshot, json) = (dir.join("graph.snapshot"), dir.join("graph.json"));
    annals::io::save_snapshot(&graph, &snapshot).unwrap();
    annals::io::save_json(&graph, &json).unwrap();
    let query = "why members of cc-1934 arrested by 1940 and mezhlauk";
    let from_folder = run(&["--data", "data", "-e", query], "");
    assert_eq!(from_folder.2, 0, "{}", from_folder.1);
    for file in [&snapshot, &json] {
        let path = file.to_str().unwrap();
        // Piped, a load shows no progress and no figures: the output is the folder's.
        assert_eq!(
            run(&["--data", path, "-e", query], ""),
            from_folder,
            "{path}"
        );
    }
    // A file that is neither is refused with its name, as a bad folder is.
    let bad = dir.join("bad.snapshot");
    std::fs::write(&bad, "not a snapshot").unwrap();
    let (out, err, code) = run(&["--data", bad.to_str().unwrap(), "-e", query], "");
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(
        err.contains("bad.snapshot: not an annals snapshot"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// On a terminal, `:load` draws a progress bar on stderr (from the loader's worker threads when
/// parsing was parallel); the REPL once held stderr locked while it ran a command, and the load
/// never ended. `script`
/// (util-linux, in every Debian) gives the REPL a terminal; the REPL is killed after a minute.
#[cfg(target_os = "linux")]
#[test]
fn loading_on_a_terminal_shows_progress_and_ends() {
    let command = format!(
        "{} -e ':load data' -e ':load tests/datasets/terror' -e 'count individuals'",
        binary().display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("HOME")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs (Debian's bsdutils)");
    // Read while it runs: the progress bar's redraws fill a pipe's buffer.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut bytes);
        bytes
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's state") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the REPL did not finish loading on a terminal within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let bytes = reader.join().expect("the reader");
    let text = String::from_utf8_lossy(&bytes);
    assert!(status.success(), "{text}");
    assert!(text.contains("loading"), "no progress bar: {text}");
    assert!(
        text.contains("loaded tests/datasets/terror: 84 entities"),
        "{text}"
    );
    assert!(text.contains("\n18\r") || text.contains("\n18\n"), "{text}");
}

/// The scripted output is the library's text, byte for byte: each table (or JSON document)
/// ended with exactly one newline, tables of several `-e` queries with a blank line between,
/// whether an answer is written whole or, being long, in many pieces.
#[test]
fn scripted_output_is_the_answers_text() {
    let graph = annals::load("data").unwrap();
    let queries = [
        "why members of institutions",
        "members of institutions",
        "count members of institutions arrested per institution",
        "share of members of cc-1934 executed",
        "members of Stalinn except people",
    ];
    let block = |text: String| text.trim_end_matches('\n').to_owned() + "\n";
    let mut want_table = String::new();
    let mut want_json = String::new();
    let mut args = Vec::new();
    for query in queries {
        let Ok(answer) = graph.query(query) else {
            continue;
        };
        if !want_table.is_empty() {
            want_table.push('\n');
        }
        want_table.push_str(&block(answer.table(None)));
        want_json.push_str(&block(answer.to_json()));
        args.extend(["-e", query]);
    }
    assert!(
        want_table.len() > 64 * 1024,
        "an answer longer than the buffer"
    );
    let (stdout, stderr, code) = run(&args, "");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout == want_table, "the tables differ");
    let mut json_args = vec!["--format", "json"];
    json_args.extend(&args);
    let (stdout, stderr, code) = run(&json_args, "");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout == want_json, "the JSON differs");
    let stdin: String = queries.iter().map(|q| format!("{q}\n")).collect();
    let (stdout, _, code) = run(&["--format", "json"], &stdin);
    assert_eq!(code, 1, "one query fails");
    assert!(stdout == want_json, "the JSON from stdin differs");
}

/// When the reader of the output goes away (`repl … | head -1`), the REPL stops at its next
/// write, quietly: no message, and the exit code of what ran before (0 here).
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let query = "why members of institutions";
    let mut args = Vec::new();
    for _ in 0..200 {
        args.extend(["-e", query]);
    }
    let mut child = Command::new(binary())
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the repl starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0; 100];
    stdout
        .read_exact(&mut first)
        .expect("the start of the answer");
    drop(stdout);
    let output = child.wait_with_output().expect("the repl ends");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0), "{:?}", output.status);
}
