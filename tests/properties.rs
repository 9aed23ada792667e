//! Property tests over the bundled data: bad input never panics and never changes the graph;
//! the set algebra of queries keeps its laws; counts agree with rows.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use annals::Graph;
use annals::query::Status;
use proptest::prelude::*;

fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| annals::load("data").expect("bundled data loads"))
}

/// Simple sets to combine: walks, filters, kinds.
const SETS: &[&str] = &[
    "members of cc-1917",
    "members of cc-1934",
    "members of cc-1934 executed",
    "members of cc-1934 arrested by 1940",
    "members of cc-1917 executed in 1938",
    "people",
    "people died",
    "people committed suicide",
    "members of cc-1934 not executed",
    "(members of cc-1917 or members of cc-1934) shot before 1938",
];

/// The ids of the rows that are settled (yes or no record), and of all rows.
fn ids(query: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let answer = graph()
        .query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let all = answer.rows().iter().map(|r| r.id.clone()).collect();
    let settled = answer
        .rows()
        .iter()
        .filter(|r| r.status != Status::Possibly)
        .map(|r| r.id.clone())
        .collect();
    (settled, all)
}

/// Query-like text: words from the vocabulary, names, connectives, dates and noise.
fn query_text() -> impl Strategy<Value = String> {
    let mut words: Vec<String> = annals::query::vocabulary(graph());
    words.extend(
        [
            "Stalin",
            "cc-1934",
            "\"Central Committee (1934)\"",
            "1937",
            "March 1938",
            "(",
            ")",
        ]
        .map(str::to_owned),
    );
    words.extend(
        [
            "1917-10-25 OS",
            "c. 1930",
            "\"",
            "“",
            "é",
            "1940-13",
            "by year",
        ]
        .map(str::to_owned),
    );
    prop::collection::vec(prop::sample::select(words), 0..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_text_gets_an_answer_or_an_error_with_a_place(text in "\\PC{0,40}") {
        if let Err(error) = graph().query(&text) {
            prop_assert!(error.span.start <= error.span.end && error.span.end <= text.len());
            prop_assert!(error.line >= 1 && error.column >= 1);
            let _ = error.render(&text);
        }
    }

    #[test]
    fn query_like_text_never_panics(text in query_text()) {
        match graph().query(&text) {
            Ok(answer) => {
                let _ = answer.to_json();
                let _ = answer.to_string();
            }
            Err(error) => prop_assert!(error.span.end <= text.len()),
        }
    }

    #[test]
    fn set_algebra_laws(a in prop::sample::select(SETS), b in prop::sample::select(SETS)) {
        let (a_settled, a_all) = ids(a);
        let (_, b_all) = ids(b);
        let (b_settled, _) = ids(b);
        let (_, and) = ids(&format!("({a}) and ({b})"));
        let (_, or) = ids(&format!("({a}) or ({b})"));
        let (_, except) = ids(&format!("({a}) except ({b})"));
        prop_assert!(and.is_subset(&a_all) && and.is_subset(&b_all));
        prop_assert!(a_all.is_subset(&or) && b_all.is_subset(&or));
        prop_assert!(or.is_subset(&a_all.union(&b_all).cloned().collect()));
        prop_assert!(except.is_subset(&a_all));
        // What B settles is certainly out of A except B; what A settles and B does not hold
        // stays in.
        prop_assert!(except.is_disjoint(&b_settled));
        for id in a_settled.difference(&b_all) {
            prop_assert!(except.contains(id), "{id} lost from {a} except {b}");
        }
    }

    #[test]
    fn counts_agree_with_rows(a in prop::sample::select(SETS)) {
        let answer = graph().query(a).unwrap();
        let count = graph().query(&format!("count {a}")).unwrap();
        let annals::query::Body::Count { count, .. } = count.body else {
            panic!("count gives a count");
        };
        prop_assert_eq!(count.yes + count.possibly + count.no_record, answer.len());
    }

    #[test]
    fn broken_data_never_panics_or_changes_the_graph(text in data_text()) {
        let mut copy = graph().clone();
        let before = (copy.n_entities(), copy.n_claims());
        if copy.extend_from_texts(&[("fuzz.toml".into(), text)]).is_err() {
            prop_assert_eq!((copy.n_entities(), copy.n_claims()), before);
        }
    }
}

/// The bundled data loaded with a schema stripped of its rules: what a graph records.
fn recorded_graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        let schema = std::fs::read_to_string("data/schema.toml").unwrap();
        // Drop every [[rule]] table: from each `[[rule]]` to the next table header.
        let mut kept = String::new();
        let mut in_rule = false;
        for line in schema.lines() {
            if line.starts_with("[[") {
                in_rule = line == "[[rule]]";
            }
            if !in_rule {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        let schema = annals::io::schema_from_str(&kept, "schema.toml").unwrap();
        assert!(schema.rules().is_empty());
        let mut graph = Graph::new(schema);
        let mut files: Vec<_> = std::fs::read_dir("data")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("schema.toml"))
            .collect();
        files.sort();
        let texts: Vec<_> = files
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect();
        graph.extend_from_texts(&texts).unwrap();
        graph
    })
}

/// Positive sets (no `not`, no `except`): what rules add can only make them larger or surer.
const POSITIVE: &[&str] = &[
    "members of cc-1917",
    "members of cc-1934",
    "members of cc-1934 executed",
    "members of cc-1934 arrested by 1940",
    "members of cc-1934 arrested in 1937",
    "members of cc-1917 executed in 1938",
    "people arrested",
    "people arrested before 1939",
    "people died",
    "arrests in 1938",
    "events in 1936",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rules never turn a *yes* into anything less (a *possibly* row may go: a death bounds an
    /// undated arrest out of a window).
    #[test]
    fn rules_never_weaken_an_answer(
        a in prop::sample::select(POSITIVE),
        b in prop::sample::select(POSITIVE),
        op in prop::sample::select(&["and", "or"][..]),
    ) {
        let query = format!("({a}) {op} ({b})");
        let recorded = graph().query(&format!("{query} as recorded")).unwrap();
        let reasoned = graph().query(&query).unwrap();
        for row in recorded.rows().iter().filter(|r| r.status == Status::Yes) {
            let with_rules = reasoned.rows().iter().find(|r| r.id == row.id);
            prop_assert!(with_rules.is_some(), "{} lost from {query}", row.id);
            prop_assert_eq!(with_rules.unwrap().status, Status::Yes, "{} in {}", row.id, query);
        }
    }

    /// Rules off is the graph without rules: the same answer, row for row.
    #[test]
    fn rules_off_gives_the_recorded_answer(
        a in prop::sample::select(SETS),
        b in prop::sample::select(SETS),
        op in prop::sample::select(&["and", "or", "except"][..]),
        count in any::<bool>(),
    ) {
        let query = format!("{}({a}) {op} ({b})", if count { "count " } else { "" });
        let off = annals::query::Options { rules: false, ..Default::default() };
        let a = graph().query_with(&query, off).unwrap().to_string();
        let b = recorded_graph().query(&query).unwrap().to_string();
        prop_assert_eq!(a, b, "{}", query);
    }
}

/// TOML-like text built from the data format's keys and the bundled ids.
fn data_text() -> impl Strategy<Value = String> {
    let lines = [
        "[[entity]]",
        "[[event]]",
        "[[claim]]",
        "[[quote]]",
        "[defaults]",
        "id = \"fuzz-1\"",
        "id = \"stalin\"",
        "kind = \"person\"",
        "kind = \"arrest\"",
        "name = \"Fuzz\"",
        "subject = \"stalin\"",
        "subject = \"petrograd\"",
        "relation = \"member_of\"",
        "relation = \"population\"",
        "object = \"cpsu\"",
        "value = \"over 66\"",
        "value = 12",
        "value = true",
        "at = \"1937\"",
        "during = \"1937/1936\"",
        "role = \"candidate member\"",
        "sources = [\"orsag\"]",
        "sources = [\"stalin\"]",
        "event = \"october-revolution\"",
        "date = \"1917-10-25 OS\"",
        "participant = \"lenin\"",
        "speaker = \"kirov\"",
        "words = \"…\"",
        "certainty = \"disputed\"",
        "participants = { subject = [\"lenin\"] }",
        "place = \"petrograd\"",
        "= =",
        "[[",
    ];
    prop::collection::vec(prop::sample::select(lines.to_vec()), 0..12).prop_map(|l| l.join("\n"))
}

/// Cases per property: `PROPTEST_CASES` if set, else 256 (`ProptestConfig::with_cases` would
/// otherwise override the variable).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}
