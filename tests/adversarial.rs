//! Adversarial inputs: each shape that once crashed, hung or answered wrongly, with the error
//! or answer it must give now. Large inputs are generated here rather than stored.
//!
//! The random-query property test runs 256 cases by default; `PROPTEST_CASES=10000 cargo test
//! --test adversarial` runs 10,000 (the count is read here, because
//! `ProptestConfig::with_cases` would otherwise override the variable).

use std::sync::{Arc, OnceLock};

use annals::Graph;
use annals::model::{Citation, Claim, Fact};
use annals::query::{Options, QueryErrorKind};
use proptest::prelude::*;

fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| annals::load("data").expect("bundled data loads"))
}

/// No limit but the budget, for inputs that must pass the parser and planner.
fn unlimited() -> Options {
    Options {
        max_len: usize::MAX,
        max_depth: usize::MAX,
        budget: u64::MAX,
        ..Options::default()
    }
}

/// The error kind and `line:column` of a query under `options`, or its row count.
fn outcome(graph: &Graph, text: &str, options: &Options) -> String {
    match graph.query_with(text, *options) {
        Ok(answer) => format!("ok {} rows", answer.len()),
        Err(error) => format!("{:?} at {}:{}", error.kind, error.line, error.column),
    }
}

/// The shapes of query that overflowed the stack: long chains of set operators, long walks,
/// many filters and deep parentheses, each at `n` steps.
fn deep_queries(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("and chain", vec!["stalin"; n].join(" and ")),
        ("or chain", vec!["stalin"; n].join(" or ")),
        (
            "except chain",
            format!("people{}", " except stalin".repeat(n)),
        ),
        (
            "walk",
            format!("{}stalin", "members of memberships of ".repeat(n / 2)),
        ),
        (
            "filters",
            format!("members of cc-1917{}", " died".repeat(n)),
        ),
        (
            "parentheses",
            format!("{}stalin{}", "(".repeat(n), ")".repeat(n)),
        ),
    ]
}

/// Runs `f` on a thread with a 256 KiB stack, as a host might; an overflow would abort the
/// whole test process rather than fail.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawns")
        .join()
        .expect("no panic")
}

#[test]
fn deep_queries_are_refused_with_a_place_by_default() {
    let expected = [
        ("and chain", "TooLong at 1:16385"),
        ("or chain", "TooLong at 1:16385"),
        ("except chain", "TooLong at 1:16385"),
        ("walk", "TooLong at 1:16385"),
        ("filters", "TooLong at 1:16385"),
        ("parentheses", "TooLong at 1:16385"),
    ];
    for ((name, text), (name2, want)) in deep_queries(10_000).into_iter().zip(expected) {
        assert_eq!(name, name2);
        let got = on_small_stack(move || outcome(graph(), &text, &Options::default()));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn deep_queries_past_the_depth_limit_are_refused_where_they_cross_it() {
    let expected = [
        ("and chain", "TooDeep at 1:5490"),
        ("or chain", "TooDeep at 1:4991"),
        ("except chain", "TooDeep at 1:6987"),
        ("walk", "TooDeep at 1:1"),
        ("filters", "TooDeep at 1:1"),
        ("parentheses", "TooDeep at 1:501"),
    ];
    let options = Options {
        max_len: usize::MAX,
        ..Options::default()
    };
    let got: Vec<(&str, String)> = deep_queries(10_000)
        .into_iter()
        .map(|(name, text)| {
            (
                name,
                on_small_stack(move || outcome(graph(), &text, &options)),
            )
        })
        .collect();
    let want: Vec<(&str, String)> = expected
        .iter()
        .map(|(n, w)| (*n, (*w).to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn deep_queries_without_limits_run_on_a_small_stack() {
    // 200 steps: a 256 KiB thread overflowed at 64 (a 2 MiB one at about 3,000). Walks carry
    // their evidence, so their time grows with the square of the steps (see the budget test).
    let expected = [
        ("and chain", "ok 1 rows"),
        ("or chain", "ok 1 rows"),
        ("except chain", "ok 158 rows"),
        ("walk", "ok 151 rows"),
        ("filters", "ok 8 rows"),
        ("parentheses", "ok 1 rows"),
    ];
    let graph = Arc::new(graph().clone());
    let mut got = Vec::new();
    for (name, text) in deep_queries(200) {
        let graph = Arc::clone(&graph);
        let outcome = on_small_stack(move || {
            // Prepare, explain, run and drop: each stage walks the whole depth.
            let query = graph.prepare_with(&text, unlimited()).expect("plans");
            assert!(!query.explain(&graph).is_empty());
            let answer = query.run(&graph).expect("runs");
            drop(query);
            format!("ok {} rows", answer.len())
        });
        got.push((name, outcome));
    }
    let want: Vec<(&str, String)> = expected
        .iter()
        .map(|(n, w)| (*n, (*w).to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn parentheses_are_counted_by_nesting_outside_quotes() {
    // Sixty-five sibling groups nest one level deep.
    let siblings = vec!["(stalin)"; 65].join(" or ");
    assert_eq!(
        outcome(graph(), &siblings, &Options::default()),
        "ok 1 rows"
    );
    // Parentheses inside a quoted name are text.
    let quoted = format!("\"{}\"", "(".repeat(600));
    assert_eq!(
        outcome(graph(), &quoted, &Options::default()),
        "UnknownName at 1:1"
    );
    let deep = format!("{}stalin{}", "(".repeat(501), ")".repeat(501));
    assert_eq!(
        outcome(graph(), &deep, &Options::default()),
        "TooDeep at 1:501"
    );
}

#[test]
fn runaway_cost_ends_with_an_error_naming_the_limit() {
    // One unknown word of 1 MB: no "did you mean" search over it.
    let word = format!("members of {}", "x".repeat(1_000_000));
    assert_eq!(outcome(graph(), &word, &unlimited()), "UnknownName at 1:12");
    // A run of 50,000 words is split in linear time.
    let words = vec!["zzz"; 50_000].join(" ");
    assert_eq!(outcome(graph(), &words, &unlimited()), "UnknownName at 1:1");
    let names = vec!["stalin"; 50_000].join(" ");
    assert_eq!(
        outcome(graph(), &names, &unlimited()),
        "UnknownPhrase at 1:8"
    );
    // The budget.
    let tight = Options {
        budget: 100,
        ..Options::default()
    };
    let error = graph().query_with("people", tight).unwrap_err();
    assert_eq!(error.kind, QueryErrorKind::OverBudget);
    assert_eq!(
        error.message,
        "the query touched more than 100 rows, its budget"
    );
    // A long walk copies ever longer evidence: the budget counts it and ends the walk.
    let walk = format!("{}stalin", "members of memberships of ".repeat(240));
    let budget = Options {
        budget: 1_000_000,
        ..Options::default()
    };
    assert_eq!(outcome(graph(), &walk, &budget), "OverBudget at 1:1");
    let query = graph().prepare("members of cc-1934 died").unwrap();
    assert_eq!(
        query
            .run_with(
                graph(),
                Options {
                    budget: 10,
                    ..Options::default()
                }
            )
            .unwrap_err()
            .kind,
        QueryErrorKind::OverBudget
    );
    assert!(
        query
            .run_with(
                graph(),
                Options {
                    budget: 1_000_000,
                    ..Options::default()
                }
            )
            .is_ok()
    );
}

#[test]
fn foreign_handles_are_errors() {
    let small = annals::load("data").unwrap();
    // A query prepared on one graph, run on another.
    let query = graph().prepare("members of cc-1917").unwrap();
    assert_eq!(
        query.run(&small).unwrap_err().kind,
        QueryErrorKind::ForeignGraph
    );
    // A clone is the same graph.
    let clone = graph().clone();
    assert_eq!(query.run(&clone).unwrap().len(), 21);
    // A citation handle past the end of the graph it is added to.
    let mut big = annals::load("data").unwrap();
    let person = big.schema().kind("person").unwrap();
    let mut foreign_source = None;
    for i in 0..3 {
        let slug = format!("extra-{i}").parse().unwrap();
        foreign_source = Some(
            big.add_entity(annals::model::Entity::new(slug, person, "Extra"))
                .unwrap(),
        );
    }
    // A fact of the graph's own entities, cited to the other graph's new entity.
    let mut graph = annals::load("data").unwrap();
    let fact = Fact::Link {
        subject: graph.by_slug("stalin").unwrap(),
        relation: graph.schema().relation("member_of").unwrap(),
        object: graph.by_slug("cpsu").unwrap(),
        role: None,
        during: None,
    };
    let mut claim = Claim::new(fact, graph.by_slug("orsag").unwrap());
    claim.citations = vec![Citation::new(foreign_source.unwrap())];
    let before = graph.n_claims();
    let error = graph.add_claim(claim).unwrap_err();
    assert!(
        error.to_string().contains("does not belong to this graph"),
        "{error}"
    );
    assert_eq!(graph.n_claims(), before);
    assert!(graph.try_entity(foreign_source.unwrap()).is_none());
}

/// A handle from another graph whose position falls inside this graph's tables names nothing
/// here: reads answer `None` or nothing, writes refuse it, and a clone accepts exactly what it
/// inherited.
#[test]
fn in_range_foreign_handles_are_refused() {
    let one = annals::load("data").unwrap();
    let other = annals::load("data").unwrap();
    let stalin = one.by_slug("stalin").unwrap();
    assert!(stalin.index() < other.n_entities());
    assert!(other.try_entity(stalin).is_none());
    assert!(other.claims_about(stalin).is_empty());
    assert!(other.neighbors(stalin).is_empty());
    let (claim, _) = one.claims().next().unwrap();
    assert!(other.try_claim(claim).is_none());
    assert!(other.derivation(claim).is_none());
    let panic = std::panic::catch_unwind(|| other.entity(stalin).name.clone()).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("another graph"), "{message}");

    // A write naming an in-range foreign entity is refused, and changes nothing.
    let mut other = other;
    let member_of = other.schema().relation("member_of").unwrap();
    let fact = Fact::Link {
        subject: stalin,
        relation: member_of,
        object: other.by_slug("cpsu").unwrap(),
        role: None,
        during: None,
    };
    let before = other.n_claims();
    let error = other
        .add_claim(Claim::new(fact, other.by_slug("orsag").unwrap()))
        .unwrap_err();
    assert!(
        error.to_string().contains("does not belong to this graph"),
        "{error}"
    );
    assert_eq!(other.n_claims(), before);

    // Two clones that grow apart: each keeps what it inherited and refuses what the other
    // added at the same position.
    let person = one.schema().kind("person").unwrap();
    let mut left = one.clone();
    let mut right = one.clone();
    assert_eq!(left.entity(stalin).name, one.entity(stalin).name);
    let new_left = left
        .add_entity(annals::model::Entity::new(
            "left".parse().unwrap(),
            person,
            "Left",
        ))
        .unwrap();
    let new_right = right
        .add_entity(annals::model::Entity::new(
            "right".parse().unwrap(),
            person,
            "Right",
        ))
        .unwrap();
    assert_eq!(new_left.index(), new_right.index());
    assert_eq!(left.entity(new_left).name, "Left");
    assert!(right.try_entity(new_left).is_none());
    assert!(left.try_entity(new_right).is_none());
    assert!(one.try_entity(new_left).is_none());
    // A query prepared on one clone after it grew does not run on the other.
    let query = left.prepare("Left").unwrap();
    assert_eq!(
        query.run(&right).unwrap_err().kind,
        QueryErrorKind::ForeignGraph
    );
    assert_eq!(query.run(&left).unwrap().len(), 1);
    // One prepared before they grew runs on both.
    let early = one.prepare("members of cc-1917").unwrap();
    assert_eq!(
        early.run(&left).unwrap().len(),
        early.run(&right).unwrap().len()
    );
}

/// Query-like text: vocabulary, names, connectives, dates, control characters and noise.
fn query_text() -> impl Strategy<Value = String> {
    let mut words: Vec<String> = annals::query::vocabulary(graph());
    words.extend(
        [
            "Stalin",
            "cc-1934",
            "\"Central Committee (1934)\"",
            "1937",
            "1938-13",
            "March 1938",
            "(",
            ")",
            "\"",
            "“",
            "\u{0}",
            "\u{1b}[31m",
            "\u{202e}",
            "not not",
            "count",
            "why",
            "share of",
            "by year",
            "according to orsag",
        ]
        .map(str::to_owned),
    );
    prop::collection::vec(prop::sample::select(words), 0..12).prop_map(|w| w.join(" "))
}

/// Cases for the whole-pipeline property test: `PROPTEST_CASES` if set, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_queries_through_the_whole_pipeline(text in query_text()) {
        match graph().prepare(&text) {
            Ok(query) => {
                let _ = query.explain(graph());
                match query.run(graph()) {
                    Ok(answer) => {
                        let _ = answer.to_json();
                        let _ = answer.to_string();
                    }
                    Err(error) => prop_assert_eq!(error.kind, QueryErrorKind::OverBudget),
                }
            }
            Err(error) => {
                prop_assert!(error.span.start <= error.span.end && error.span.end <= text.len());
                prop_assert!(error.line >= 1 && error.column >= 1);
                let _ = error.render(&text);
            }
        }
    }
}

/// A scratch copy of the bundled dataset in a fresh folder under the target directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("adversarial-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    // A link to /dev/zero would be read forever.
    let dir = scratch("zero");
    std::os::unix::fs::symlink("/dev/zero", dir.join("x.toml")).unwrap();
    let error = annals::load(&dir).unwrap_err().to_string();
    assert!(error.ends_with("x.toml: not a regular file"), "{error}");
    // A FIFO would block on open.
    let dir = scratch("fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("y.toml"))
        .status();
    if status.is_ok_and(|s| s.success()) {
        let error = annals::load(&dir).unwrap_err().to_string();
        assert!(error.ends_with("y.toml: not a regular file"), "{error}");
    }
}

#[test]
fn files_past_the_size_cap_are_refused() {
    let dir = scratch("size");
    let tiny = annals::io::LoadOptions {
        max_file_size: 1_000,
    };
    let error = annals::io::load_with(&dir, &tiny).unwrap_err().to_string();
    assert!(
        error.ends_with(
            "schema.toml: the file is larger than the limit of 1000 bytes (LoadOptions::max_file_size)"
        ),
        "{error}"
    );
}

#[test]
fn a_non_utf8_file_is_refused_at_its_line_and_column() {
    let dir = scratch("utf8");
    std::fs::write(dir.join("z.toml"), b"# fine\n# also \xff fine\n").unwrap();
    let error = annals::load(&dir).unwrap_err().to_string();
    assert!(
        error.ends_with("z.toml:2:8: the file is not valid UTF-8 here"),
        "{error}"
    );
}

#[test]
fn concurrent_saves_to_one_path_all_succeed_and_leave_a_whole_file() {
    let dir = scratch("save");
    let path = dir.join("graph.json");
    let graph = Arc::new(graph().clone());
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (graph, path) = (Arc::clone(&graph), path.clone());
            std::thread::spawn(move || {
                for _ in 0..20 {
                    annals::io::save_json(&graph, &path).expect("saves");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let again = annals::io::from_json(&text, &path).unwrap();
    assert_eq!(again.n_claims(), graph.n_claims());
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert_eq!(names, Vec::<String>::new());
}

#[cfg(target_os = "linux")]
#[test]
fn a_stale_temporary_file_of_a_dead_process_is_removed() {
    let dir = scratch("stale");
    let path = dir.join("graph.json");
    // No process has pid 4194304 on Linux (pids stay below 2^22).
    let stale = dir.join(".graph.json.tmp-4194304-0-0");
    std::fs::write(&stale, "half a graph").unwrap();
    annals::io::save_json(graph(), &path).unwrap();
    assert!(!stale.exists());
    assert!(path.exists());
}

#[test]
fn a_failed_save_names_the_temporary_file() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("adversarial-no-such-folder")
        .join("graph.json");
    let error = annals::io::save_json(graph(), &path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("/.graph.json.tmp-"), "{error}");
}

#[test]
fn control_characters_are_escaped_in_messages_and_tables() {
    for text in [
        "members of \u{1b}[31mred",
        "members of \u{0}",
        "members of x\u{202e}y",
    ] {
        let error = graph().query(text).unwrap_err();
        let rendered = error.render(text);
        assert!(
            !rendered.contains(['\u{1b}', '\u{0}', '\u{202e}']),
            "{rendered:?}"
        );
        assert!(rendered.contains("\\u{"), "{rendered}");
        let shown = error.to_string();
        assert!(
            !shown.contains(['\u{1b}', '\u{0}', '\u{202e}']),
            "{shown:?}"
        );
    }
    let mut graph = graph().clone();
    let person = graph.schema().kind("person").unwrap();
    graph
        .add_entity(annals::model::Entity::new(
            "evil".parse().unwrap(),
            person,
            "Evil\u{1b}[2J\u{202e}Name",
        ))
        .unwrap();
    let table = graph.query("evil").unwrap().table(None);
    assert!(table.contains("Evil\\u{1b}[2J\\u{202e}Name"), "{table}");
}

#[test]
fn hints_fit_the_mistake() {
    let hint = |text: &str| graph().query(text).unwrap_err().hint.unwrap_or_default();
    assert_eq!(
        hint("members of cc-1917 not not executed"),
        "`not` negates the one filter after it, and twice means nothing: drop both `not`s"
    );
    assert_eq!(
        hint("count by year"),
        "`by year` groups a count of a set: `count members of cc-1917 executed by year`"
    );
    let error = graph().query("people died in 1938-13").unwrap_err();
    assert_eq!(
        error.message,
        "month 13 does not exist: expected a month from 1 to 12"
    );
}

/// A hint's examples are queries of the dataset at hand: the same mistake made on the bundled
/// data and on the second dataset (another revolution, other words for everything) gets hints
/// whose quoted examples each run on the graph they are shown for.
#[test]
fn hints_quote_queries_of_the_dataset_at_hand() {
    let terror = annals::load("tests/datasets/terror").unwrap();
    let quoted = |hint: &str| -> Vec<String> {
        hint.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let mistakes = [
        ("not people", "not individuals"),
        ("count by year", "count by year"),
        ("share of people", "share of individuals"),
        ("count people per institution", "count individuals per body"),
        (
            "people between yezhov and bukharin",
            "individuals between herault and couthon",
        ),
        ("path from yezhov", "path from herault"),
        ("people alive", "individuals alive"),
        ("co-defendants", "co-defendants"),
        ("quotes in 1931 in 1932", "quotes in 1793 in 1794"),
        ("count each member of cc-1934", "count each deputy of cps"),
        ("cc-1934 in 1938", "cps in 1794"),
    ];
    let mut checked = 0;
    for (bundled, other) in mistakes {
        let here = graph().query(bundled).unwrap_err().hint.unwrap_or_default();
        let there = terror.query(other).unwrap_err().hint.unwrap_or_default();
        let (here, there) = (quoted(&here), quoted(&there));
        assert_eq!(here.len(), there.len(), "{bundled}: {here:?} vs {there:?}");
        for (example, localized) in here.iter().zip(&there) {
            // Only what is a whole query on the bundled data must be one there too.
            if graph().prepare(example).is_err() {
                continue;
            }
            checked += 1;
            if let Err(error) = terror.prepare(localized) {
                panic!(
                    "the hint for {other:?} quotes {localized:?}, which the dataset cannot answer:\n{}",
                    error.render(localized)
                );
            }
        }
    }
    assert!(checked >= 12, "only {checked} examples checked");
    // On the bundled data, where every example word is known, nothing is rewritten.
    assert_eq!(
        graph().query("not people").unwrap_err().hint.unwrap(),
        "`not` negates a filter after a set: `members of cc-1917 not executed`"
    );
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[test]
fn json_snapshot_errors_point_at_the_offending_entity_or_claim() {
    let json = annals::io::to_json(graph());
    // A byte-order mark is accepted.
    let with_bom = format!("\u{feff}{json}");
    assert!(annals::io::from_json(&with_bom, "bom.json").is_ok());
    // A bad id is reported as a bad id, at its entity.
    let at = json.find("\"id\": \"stalin\"").unwrap();
    let entity_line = line_of(&json, json[..at].rfind('{').unwrap());
    let bad = json.replacen("\"id\": \"stalin\"", "\"id\": \"Stalin!\"", 1);
    let error = annals::io::from_json(&bad, "g.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(&format!("g.json:{entity_line}:")) && error.contains("invalid id"),
        "{error}"
    );
    // A claim about an unknown entity is placed at that claim.
    let claims = json.find("\"claims\"").unwrap();
    let at = claims + json[claims..].find("\"stalin\"").unwrap();
    // Claims are the items of a top-level array, indented by four spaces.
    let claim_line = line_of(&json, json[..at].rfind("\n    {").unwrap() + 1);
    let mut bad = json.clone();
    bad.replace_range(at..at + "\"stalin\"".len(), "\"nobody-at-all\"");
    let error = annals::io::from_json(&bad, "g.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with(&format!("g.json:{claim_line}:5:")) && error.contains("nobody-at-all"),
        "{error}"
    );
}

#[test]
fn the_api_refuses_what_data_files_refuse() {
    let mut graph = graph().clone();
    let person = graph.schema().kind("person").unwrap();
    let before = (graph.n_entities(), graph.n_claims());
    let refused = |result: Result<annals::model::EntityId, annals::store::GraphError>| {
        result.unwrap_err().to_string()
    };
    let empty = annals::model::Entity::new("nameless".parse().unwrap(), person, " ");
    assert_eq!(
        refused(graph.add_entity(empty)),
        "\"nameless\": an entity needs a name that is not empty"
    );
    let mut with_source = annals::model::Entity::new("sourced".parse().unwrap(), person, "Sourced");
    with_source.source = Some(annals::model::SourceInfo::default());
    assert_eq!(
        refused(graph.add_entity(with_source)),
        "\"sourced\": only sources have author, published, date or url"
    );
    let event = graph.by_slug("october-revolution").unwrap();
    let fact = Fact::Participation {
        event,
        role: "subject".into(),
        participant: event,
    };
    let orsag = graph.by_slug("orsag").unwrap();
    assert_eq!(
        graph
            .add_claim(Claim::new(fact, orsag))
            .unwrap_err()
            .to_string(),
        "\"october-revolution\": an event cannot take part in itself"
    );
    assert_eq!(
        annals::model::Quantity::out_of(98.0, 0.0)
            .unwrap_err()
            .to_string(),
        "98 of 0: the part is larger than the whole"
    );
    assert_eq!((graph.n_entities(), graph.n_claims()), before);
}

#[test]
fn a_load_reports_every_error_with_its_place() {
    let dir = scratch("many");
    std::fs::write(
        dir.join("y1.toml"),
        "[[entity]]\nid = \"Bad Id\"\nkind = \"person\"\nname = \"A\"\n\n[[entity]]\nid = \"fine-one\"\nkind = \"nobody-kind\"\nname = \"B\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("y2.toml"), "[[entity]\n").unwrap();
    let error = annals::load(&dir).unwrap_err();
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("y2.toml:1:"), "{text}");
    assert!(lines[1].contains("y1.toml:2:6: invalid id"), "{text}");
    assert!(lines[2].contains("y1.toml:8:8: unknown kind"), "{text}");
    // Many small errors stop at the cap.
    let many: String = (0..30)
        .map(|i| format!("[[entity]]\nid = \"x{i}\"\nkind = \"nobody\"\nname = \"X\"\n\n"))
        .collect();
    std::fs::write(dir.join("y1.toml"), many).unwrap();
    std::fs::remove_file(dir.join("y2.toml")).unwrap();
    let text = annals::load(&dir).unwrap_err().to_string();
    assert_eq!(text.lines().count(), annals::io::MAX_ERRORS + 1, "{text}");
    assert!(text.ends_with("(stopped after 20 errors)"), "{text}");
}

/// Re-seals a snapshot's header (length and checksum) over a changed body, so that the
/// decoder itself, not the checksum, meets the damage. The checksum as the module documents
/// it: 64-bit FNV-1a over little-endian 8-byte words, the tail padded with zeros.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let body = bytes[36..].to_vec();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in body.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    if body.len().is_multiple_of(8) {
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    bytes[20..28].copy_from_slice(&(body.len() as u64).to_le_bytes());
    bytes[28..36].copy_from_slice(&hash.to_le_bytes());
    bytes
}

#[test]
fn a_snapshot_round_trips_and_damaged_snapshots_are_errors_not_panics() {
    let graph = graph();
    let bytes = annals::io::to_snapshot(graph);
    let again = annals::io::from_snapshot(&bytes, "good.snapshot").expect("reads back");
    let (a, b) = (annals::io::to_json(&again), annals::io::to_json(graph));
    assert!(a == b, "the snapshot reads back as another graph");
    let message = |bytes: &[u8]| match annals::io::from_snapshot(bytes, "bad.snapshot") {
        Ok(_) => None,
        Err(error) => Some(error.to_string()),
    };
    // Not a snapshot at all, or another version.
    assert!(message(b"{}").unwrap().contains("not an annals snapshot"));
    let mut other = bytes.clone();
    other[16] = 99;
    assert!(message(&other).unwrap().contains("version 99"));
    // Cut anywhere: the header's length says so.
    for cut in [36, 37, bytes.len() / 2, bytes.len() - 1] {
        let error = message(&bytes[..cut]).expect("a cut snapshot is refused");
        assert!(error.contains("truncated"), "{error}");
        assert!(error.starts_with("bad.snapshot: "), "{error}");
    }
    // A byte changed anywhere in the body: the checksum says so.
    for at in [36, bytes.len() / 3, bytes.len() - 1] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x40;
        assert!(message(&flipped).unwrap().contains("checksum"));
    }
    // Damage behind a valid header: every byte of the body in turn set to 0xff (a huge
    // varint, an out-of-range position or kind, invalid UTF-8...), then cut short, resealed.
    // Each is an error or, where the change is harmless, an equal-sized graph; never a panic.
    let step = (bytes.len() / 120).max(1);
    for at in (36..bytes.len()).step_by(step) {
        let mut damaged = bytes.clone();
        damaged[at] = 0xff;
        let _ = message(&reseal(damaged));
        let _ = message(&reseal(bytes[..at].to_vec()));
    }
}
