//! Wikidata entity JSON import (`src/import/wikidata.rs`) on a real entity: Q42 as the
//! Wikidata API returned it (`tests/import/wikidata/`, whose README names the repository and
//! commit it was taken from). Dates keep their precision, links their start and end time,
//! claims their rank, and every reference becomes a citation; a bad file or mapping changes
//! nothing.

use std::path::Path;

use annals::Graph;
use annals::import::{self, WikidataMapping};
use annals::model::{Certainty, Fact, Rank};

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/wikidata")
}

fn fixture() -> String {
    std::fs::read_to_string(dir().join("Q42.json")).expect("the fixture")
}

fn graph() -> Graph {
    annals::load(dir().join("dataset")).expect("the fixture's schema")
}

fn mapping() -> WikidataMapping {
    std::fs::read_to_string(dir().join("Q42.toml"))
        .expect("the mapping")
        .parse()
        .expect("a mapping")
}

/// The graph with Q42 imported.
fn imported() -> (Graph, import::ImportReport) {
    let mut graph = graph();
    let report = import::wikidata(&mut graph, &fixture(), "Q42.json", &mapping()).expect("imports");
    (graph, report)
}

/// The raw JSON of Q42's statements of `property`, read with serde_json, not the importer.
fn statements(property: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(&fixture()).expect("JSON");
    doc["entities"]["Q42"]["claims"][property]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The claims whose locator names the statement `id`.
fn claims_of(graph: &Graph, id: &str) -> Vec<annals::model::ClaimId> {
    graph
        .claims()
        .filter(|(_, c)| {
            c.citations.iter().any(|cite| {
                cite.locator
                    .as_deref()
                    .is_some_and(|l| l.contains(&format!("statement {id}")))
            })
        })
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn the_item_becomes_a_person_with_its_birth_and_death_to_the_day() {
    let (graph, report) = imported();
    let adams = graph.lookup("Douglas Adams")[0];
    assert!(graph.entity(adams).aliases.iter().any(|a| a == "Q42"));
    let born = graph.query("\"Douglas Adams\" born in 1952-03-11").unwrap();
    assert_eq!(born.rows().len(), 1, "{born}");
    let died = graph.query("\"Douglas Adams\" died in 2001-05-11").unwrap();
    assert_eq!(died.rows().len(), 1, "{died}");
    // Day precision: not on the day before.
    assert!(
        graph
            .query("\"Douglas Adams\" died in 2001-05-10")
            .unwrap()
            .rows()
            .is_empty()
    );
    assert!(report.rows > 0 && !report.claims.is_empty());
}

#[test]
fn every_reference_is_a_citation_stated_in_an_item_through_wikidata() {
    let (graph, _) = imported();
    for raw in statements("P570") {
        let id = raw["id"].as_str().unwrap();
        let claims = claims_of(&graph, id);
        let dated = claims
            .iter()
            .find(|c| matches!(graph.claim(**c).fact, Fact::Occurred { .. }))
            .expect("the date of death");
        let claim = graph.claim(*dated);
        let references = raw["references"].as_array().unwrap();
        assert_eq!(claim.citations.len(), references.len());
        let wikidata = graph.by_slug("wikidata").unwrap();
        for (citation, reference) in claim.citations.iter().zip(references) {
            match reference["snaks"]["P248"][0]["datavalue"]["value"]["id"].as_str() {
                Some(q) => {
                    let source = graph.entity(citation.source);
                    assert_eq!(
                        source.slug.as_str(),
                        format!("wikidata-{}", q.to_lowercase())
                    );
                    assert_eq!(citation.via, Some(wikidata));
                }
                None => assert_eq!(citation.source, wikidata),
            }
            if let Some(url) = reference["snaks"]["P854"][0]["datavalue"]["value"].as_str() {
                assert!(citation.locator.as_deref().unwrap().contains(url));
            }
        }
    }
}

#[test]
fn start_and_end_time_qualifiers_become_the_period_a_link_held() {
    let (graph, _) = imported();
    let cases = [
        // Educated at, with start and end years (precision 9).
        ("P69", "Q691283", Some("1971/1974")),
        ("P69", "Q4961791", Some("1959/1970")),
        // Spouse, to the day.
        ("P26", "Q14623681", Some("1991-11-25/2001-05-11")),
        // Residence with an end only: no period, the end kept in the note.
        ("P551", "Q159288", None),
    ];
    for (property, object, during_text) in cases {
        let raw = statements(property)
            .into_iter()
            .find(|s| s["mainsnak"]["datavalue"]["value"]["id"] == object)
            .expect("the statement");
        let claims = claims_of(&graph, raw["id"].as_str().unwrap());
        assert_eq!(claims.len(), 1, "{property} {object}");
        let claim = graph.claim(claims[0]);
        let Fact::Link { during, object, .. } = &claim.fact else {
            panic!("a link")
        };
        assert!(
            graph
                .entity(*object)
                .aliases
                .iter()
                .any(|a| a == object_q(&raw))
        );
        assert_eq!(
            during.as_ref().map(|d| d.to_string()).as_deref(),
            during_text,
            "{property} {object:?}"
        );
        if during_text.is_none() {
            assert!(
                claim
                    .note
                    .as_deref()
                    .unwrap()
                    .contains("end time (P582) 2001-05-11")
            );
        }
    }
}

fn object_q(raw: &serde_json::Value) -> &str {
    raw["mainsnak"]["datavalue"]["value"]["id"]
        .as_str()
        .unwrap()
}

#[test]
fn ranks_and_missing_references_are_kept() {
    let (graph, _) = imported();
    for property in ["P551", "P1695", "P108"] {
        for raw in statements(property) {
            let claims = claims_of(&graph, raw["id"].as_str().unwrap());
            assert_eq!(claims.len(), 1, "{property}");
            let claim = graph.claim(claims[0]);
            let rank = match raw["rank"].as_str().unwrap() {
                "preferred" => Rank::Preferred,
                "deprecated" => Rank::Deprecated,
                _ => Rank::Normal,
            };
            assert_eq!(claim.rank, rank, "{property} {}", raw["id"]);
            let unreferenced = raw["references"].as_array().is_none_or(|r| r.is_empty());
            assert_eq!(claim.certainty == Certainty::Unverified, unreferenced);
        }
    }
    // The deprecated NLP id is left out of answers unless asked for.
    let ids = graph.query("nlp ids of \"Douglas Adams\"").unwrap();
    let all = graph
        .query("nlp ids of \"Douglas Adams\" with all claims")
        .unwrap();
    assert_eq!(ids.values().len() + 1, all.values().len(), "{ids}\n{all}");
}

#[test]
fn unmapped_properties_are_reported_not_guessed() {
    let (_, report) = imported();
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.contains("P31 is not mapped"))
    );
}

#[test]
fn a_bad_file_or_mapping_changes_nothing() {
    let mut graph = graph();
    let before = graph.n_claims();
    let text = fixture();
    let cut = &text[..text.len() / 2];
    let error = import::wikidata(&mut graph, cut, "Q42.json", &mapping()).unwrap_err();
    assert_eq!(error.file, "Q42.json");
    assert!(error.line > 0, "{error}");
    let mut bad = mapping();
    bad.properties[0].event = Some("coronation".into());
    let error = import::wikidata(&mut graph, &text, "Q42.json", &bad).unwrap_err();
    assert!(error.message.contains("coronation"), "{error}");
    assert_eq!(graph.n_claims(), before);
    assert!(graph.lookup("Douglas Adams").is_empty());
}
