//! `as of DATE` over the bundled data: only sources published by then count, an inferred claim
//! stands only when its premises do, evidence shows only the sources published by then, and an
//! answer names the sources it could not place.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use annals::Graph;
use annals::query::{Evidence, Status};

fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| annals::load("data").expect("bundled data loads"))
}

fn ids(query: &str) -> BTreeSet<String> {
    let answer = graph()
        .query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    answer.rows().iter().map(|r| r.id.clone()).collect()
}

/// Every source an evidence tree shows, premises included.
fn sources(evidence: &Evidence, out: &mut BTreeSet<String>) {
    out.extend(evidence.sources.iter().map(|s| s.id.clone()));
    if let Some(inferred) = &evidence.inferred {
        for premise in &inferred.from {
            sources(premise, out);
        }
    }
}

/// The year a source was published, when its date is known to the year.
fn published(id: &str) -> Option<i32> {
    let g = graph();
    let date = g.entity(g.by_slug(id)?).source.as_ref()?.date.as_ref()?;
    date.latest().map(|d| d.to_gregorian().0)
}

#[test]
fn the_archives_opening_in_1991_changes_the_gulag_figures() {
    let g = graph();
    let before = g.query("prisoners of gulag in 1933 as of 1990").unwrap();
    let after = g.query("prisoners of gulag in 1933 as of 1991").unwrap();
    assert!(before.values().is_empty(), "{before}");
    assert_eq!(after.values().len(), 1, "{after}");
    let row = &after.values()[0];
    assert_eq!(row.value, "334300");
    // The reason is visible: the figure rests on Zemskov's 1991 article.
    let why = g
        .query("why prisoners of gulag in 1933 as of 1991")
        .unwrap();
    assert!(why.to_string().contains("zemskov"), "{why}");
    assert_eq!(published("zemskov"), Some(1991));
}

#[test]
fn before_the_secret_speech_its_figure_is_not_known() {
    let g = graph();
    let before = g.query("victims of cc-1934 as of 1955").unwrap();
    let after = g.query("victims of cc-1934 as of 1956").unwrap();
    assert!(before.values().is_empty(), "{before}");
    assert_eq!(after.values().len(), 1, "{after}");
    assert_eq!(after.values()[0].value, "98 of 139");
    let why = g.query("why victims of cc-1934 as of 1956").unwrap();
    assert!(
        why.to_string().contains("Secret Speech (secret-speech)"),
        "{why}"
    );
    // Without `as of`, the article's undated figure is there too.
    let all = g.query("victims of cc-1934").unwrap();
    assert!(all.values().len() > after.values().len(), "{all}");
}

#[test]
fn an_inferred_claim_stands_as_of_a_year_only_when_its_premises_do() {
    let g = graph();
    // Zinoviev's arrest is inferred from his execution, which the sources published by 2008
    // record only in Execution of the Day (2008-08-25).
    assert!(ids("zinoviev arrested as of 2007").is_empty());
    let answer = g.query("why zinoviev arrested as of 2008").unwrap();
    assert_eq!(answer.rows().len(), 1, "{answer}");
    let row = &answer.rows()[0];
    assert_eq!(row.status, Status::Yes);
    assert!(
        row.evidence.iter().any(|e| e.inferred.is_some()),
        "{answer}"
    );
    let mut shown = BTreeSet::new();
    for e in &row.evidence {
        sources(e, &mut shown);
    }
    assert_eq!(shown, BTreeSet::from(["eotd-zinoviev".to_owned()]));
    // As recorded, no arrest is known at all.
    assert!(ids("zinoviev arrested as of 2008 as recorded").is_empty());
}

#[test]
fn evidence_shows_only_sources_published_by_then_and_rows_only_grow() {
    let queries = [
        "people executed",
        "people arrested",
        "members of cc-1917 executed",
        "members of cc-1934",
    ];
    // (Not a date window: an event whose date claims are all left out is undated, and an
    // undated event possibly falls in any window, so such rows may shrink as sources come.)
    for query in queries {
        let mut last: BTreeSet<String> = BTreeSet::new();
        for year in [1936, 1956, 1970, 1991, 2005, 2010, 2020, 2030] {
            let text = format!("why {query} as of {year}");
            let answer = graph().query(&text).unwrap();
            let rows: BTreeSet<String> = answer.rows().iter().map(|r| r.id.clone()).collect();
            assert!(
                last.is_subset(&rows),
                "{text}: rows of an earlier year are gone"
            );
            for row in answer.rows() {
                let mut shown = BTreeSet::new();
                for e in &row.evidence {
                    sources(e, &mut shown);
                }
                for source in shown {
                    let by = published(&source);
                    assert!(
                        by.is_some_and(|y| y <= year),
                        "{text}: {} shows {source}, published {by:?}",
                        row.id
                    );
                }
            }
            last = rows;
        }
        assert!(last.is_subset(&ids(query)), "{query}");
    }
}

#[test]
fn an_answer_names_the_undated_sources_it_left_out() {
    let g = graph();
    let answer = g.query("prisoners of gulag as of 1991").unwrap();
    let as_of = answer.as_of.as_ref().expect("an as-of answer says so");
    assert_eq!(as_of.date, "1991");
    let orsag = as_of
        .left_out
        .iter()
        .find(|s| s.id == "orsag")
        .expect("the undated article is named");
    assert!(orsag.claims > 0 && orsag.date.is_none());
    assert!(answer.to_string().contains("orsag (undated,"), "{answer}");
    // The JSON form carries it too, and reads back.
    let back: annals::query::Answer = serde_json::from_str(&answer.to_json()).unwrap();
    assert_eq!(back.as_of, answer.as_of);
    // Without `as of`, nothing is said.
    assert!(g.query("prisoners of gulag").unwrap().as_of.is_none());
}

#[test]
fn as_of_composes_with_according_to() {
    // The Secret Speech's own figure, as of its date; the undated article's, never.
    assert_eq!(
        graph()
            .query("victims of cc-1934 according to \"Secret Speech\" as of 1956")
            .unwrap()
            .values()
            .len(),
        1
    );
    assert!(
        graph()
            .query("victims of cc-1934 according to orsag as of 2030")
            .unwrap()
            .values()
            .is_empty()
    );
}
