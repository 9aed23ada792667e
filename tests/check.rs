//! `Graph::check`: structural and historical violations as values with their claims, and the
//! invariants a schema declares, on the bundled data and on small made-up datasets.

use std::path::PathBuf;

use annals::model::Invariant;
use annals::store::{Violation, ViolationKind};
use annals::{Graph, LoadError};

/// The bundled schema with no data, and `data` added: made-up people in made-up events, for
/// the checks only (these files cite the bundled source `orsag` as a placeholder and are
/// never part of a dataset).
fn with(data: &str) -> Graph {
    let schema = annals::bundled()
        .schema()
        .clone()
        .with_invariants(Vec::new());
    let mut graph = Graph::new(schema);
    let sources = r#"
[[entity]]
id = "orsag"
kind = "source"
name = "a source"

[[entity]]
id = "a"
kind = "person"
name = "Person A"

[[entity]]
id = "moscow"
kind = "place"
name = "Moscow"

[[entity]]
id = "kyiv"
kind = "place"
name = "Kyiv"

[[entity]]
id = "body"
kind = "institution"
name = "A body"
period = "1930/1935"

[defaults]
sources = ["orsag"]
"#;
    graph
        .extend_from_texts(&[
            (PathBuf::from("base.toml"), sources.to_owned()),
            (
                PathBuf::from("case.toml"),
                format!("[defaults]\nsources = [\"orsag\"]\n{data}"),
            ),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    graph
}

fn event(id: &str, kind: &str, date: &str, place: &str) -> String {
    format!(
        "[[event]]\nid = \"{id}\"\nkind = \"{kind}\"\nname = \"{id}\"\ndate = \"{date}\"\nplace = \"{place}\"\nparticipants = {{ subject = [\"a\"] }}\n\n"
    )
}

fn kinds(violations: &[Violation]) -> Vec<ViolationKind> {
    violations.iter().map(|v| v.kind.clone()).collect()
}

#[test]
fn the_bundled_data_keeps_its_invariants() {
    let graph = annals::bundled();
    assert!(graph.schema().invariants().len() >= 5);
    let broken = graph.check_invariants();
    assert!(broken.is_empty(), "{broken:?}");
    assert!(annals::load_strict("data").is_ok());
    // Every violation of the bundled data is historical, and names its claims.
    for v in graph.check() {
        assert!(!v.claims.is_empty(), "{v}");
        assert_ne!(v.kind, ViolationKind::Structure, "{v}");
    }
}

#[test]
fn death_before_birth_and_event_after_death_name_their_claims() {
    let mut data = event("born", "birth", "1900-05-01", "moscow");
    data += &event("shot", "execution", "1899", "moscow");
    data += &event("arrested", "arrest", "1901", "moscow");
    data += &event("rehabilitated", "rehabilitation", "1956", "moscow");
    let graph = with(&data);
    let violations = graph.check();
    let found = kinds(&violations);
    assert!(
        found.contains(&ViolationKind::DeathBeforeBirth),
        "{found:?}"
    );
    let after: Vec<&Violation> = violations
        .iter()
        .filter(|v| v.kind == ViolationKind::EventAfterDeath)
        .collect();
    // The arrest after the execution, and the birth; the posthumous rehabilitation is fine.
    assert!(
        after
            .iter()
            .any(|v| v.message.contains("arrest (1901) after execution (1899)"))
    );
    assert!(after.iter().all(|v| !v.message.contains("rehabilitation")));
    for v in &violations {
        assert_eq!(v.claims.len(), 2, "{v}");
        for claim in &v.claims {
            assert!(graph.try_claim(*claim).is_some());
        }
    }
}

#[test]
fn two_places_on_one_day_unless_the_places_are_linked() {
    let mut data = event("speech-1", "speech", "1937-03-05", "moscow");
    data = data.replace("subject = [", "speaker = [");
    data += &event("arrest-1", "arrest", "1937-03-05", "kyiv");
    let graph = with(&data);
    let two: Vec<Violation> = graph
        .check()
        .into_iter()
        .filter(|v| v.kind == ViolationKind::TwoPlacesOnOneDay)
        .collect();
    assert_eq!(two.len(), 1, "{two:?}");
    assert_eq!(two[0].claims.len(), 4);
    assert!(two[0].message.contains("Moscow"), "{}", two[0]);
    // A place inside the other is no contradiction.
    let linked = format!(
        "{data}[[claim]]\nsubject = \"kyiv\"\nrelation = \"located_in\"\nobject = \"moscow\"\n"
    );
    let graph = with(&linked);
    assert!(!kinds(&graph.check()).contains(&ViolationKind::TwoPlacesOnOneDay));
    // A day that is only a month is no contradiction either.
    let vague = data.replace(
        "date = \"1937-03-05\"\nplace = \"kyiv\"",
        "date = \"1937-03\"\nplace = \"kyiv\"",
    );
    assert!(!kinds(&with(&vague).check()).contains(&ViolationKind::TwoPlacesOnOneDay));
}

#[test]
fn membership_outside_the_body() {
    let data = "[[claim]]\nsubject = \"a\"\nrelation = \"member_of\"\nobject = \"body\"\nduring = \"1940\"\n";
    let violations = with(data).check();
    assert_eq!(kinds(&violations), [ViolationKind::MembershipOutsideBody]);
    assert_eq!(violations[0].claims.len(), 1);
}

#[test]
fn invariants_report_their_rows_and_claims() {
    let data = "[[claim]]\nsubject = \"a\"\nrelation = \"member_of\"\nobject = \"body\"\n";
    let graph = with(data);
    let mut at_most = Invariant::no_rows("at most none", "members of body");
    at_most.at_most = Some(0);
    let schema = graph.schema().clone().with_invariants(vec![
        Invariant::no_rows("no members", "members of body"),
        Invariant::no_rows("fine", "members of body except people"),
        Invariant::no_rows("broken query", "members of nowhere"),
    ]);
    let json = annals::io::to_json(&graph).replace(
        "\"event_kind\": \"event\"",
        &format!(
            "\"event_kind\": \"event\",\n\"invariants\": {}",
            invariants_json(schema.invariants())
        ),
    );
    let graph = annals::io::from_json(&json, "x.json").unwrap();
    assert_eq!(graph.schema().invariants(), schema.invariants());
    let broken = graph.check_invariants();
    let names: Vec<String> = broken
        .iter()
        .map(|v| match &v.kind {
            ViolationKind::Invariant { name } => name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["no members", "broken query"]);
    assert_eq!(broken[0].entities, [graph.by_slug("a").unwrap()]);
    assert_eq!(broken[0].claims.len(), 1);
    assert!(broken[1].message.contains("does not run"), "{}", broken[1]);
    // The invariants survive a JSON round trip.
    let again = annals::io::from_json(&annals::io::to_json(&graph), "y.json").unwrap();
    assert_eq!(again.schema().invariants(), schema.invariants());
}

fn invariants_json(invariants: &[Invariant]) -> String {
    let items: Vec<String> = invariants
        .iter()
        .map(|i| format!("{{\"name\": {:?}, \"query\": {:?}}}", i.name, i.query))
        .collect();
    format!("[{}]", items.join(", "))
}

#[test]
fn a_strict_load_refuses_a_dataset_that_breaks_an_invariant() {
    let dir = "tests/datasets/broken-invariant";
    let (graph, report) = annals::load_with_report(dir).unwrap();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(graph.check_invariants().len(), 1);
    match annals::load_strict(dir) {
        Err(LoadError::Invariants { violations, .. }) => {
            assert_eq!(violations.len(), 1);
            let message = violations[0].to_string();
            assert!(
                message.contains("at most 1 rows, but answers 2"),
                "{message}"
            );
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}
