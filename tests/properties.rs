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
