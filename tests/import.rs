//! CSV import (`src/import/`): the 1934 roster (`tests/import/`) imported into the bundled data
//! by its mapping. Every claim cites the roster at a row and column that hold what it says, the
//! roster's own counts come back through queries `according to` it, and a bad cell fails with
//! its place and changes nothing.

use std::path::Path;

use annals::Graph;
use annals::import::{self, Mapping};
use annals::model::{Certainty, Fact};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/import")
            .join(name),
    )
    .expect("the fixture")
}

fn graph() -> Graph {
    annals::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("the bundled data")
}

fn mapping() -> Mapping {
    fixture("cc1934-roster.toml").parse().expect("the mapping")
}

/// The roster's rows as header → cell maps, read with a plain split (the roster's quoted
/// fields are only its last column, which holds no line breaks).
fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|line| {
            let mut fields: Vec<String> = Vec::new();
            let mut rest = line;
            while !rest.is_empty() {
                if let Some(q) = rest.strip_prefix('"') {
                    let end = q
                        .find("\",")
                        .or_else(|| q.strip_suffix('"').map(|s| s.len()));
                    let end = end.expect("a closing quote");
                    fields.push(q[..end].replace("\"\"", "\""));
                    rest = q.get(end + 2..).unwrap_or("");
                } else {
                    let end = rest.find(',').unwrap_or(rest.len());
                    fields.push(rest[..end].to_owned());
                    rest = rest.get(end + 1..).unwrap_or("");
                    if end == rest.len() && line.ends_with(',') && rest.is_empty() {
                        fields.push(String::new());
                    }
                }
            }
            fields
        })
        .collect()
}

#[test]
fn the_roster_imports_with_row_and_column_as_locator() {
    let mut graph = graph();
    let before = graph.n_claims();
    let csv = fixture("cc1934-roster.csv");
    let report = import::csv(&mut graph, &csv, &mapping()).expect("imports");
    assert_eq!(report.rows, 134);
    assert_eq!(graph.n_claims(), before + report.claims.len());
    let table = rows(&csv);
    let header = &table[0];
    let source = graph
        .by_slug("cc1934-roster")
        .expect("the roster as a source");
    for &id in &report.claims {
        let claim = graph.claim(id);
        assert_eq!(claim.citations.len(), 1);
        let citation = &claim.citations[0];
        assert_eq!(citation.source, source);
        let locator = citation.locator.as_deref().expect("a locator");
        // "cc1934-roster.csv, row N, column C"
        let rest = locator
            .strip_prefix("cc1934-roster.csv, row ")
            .expect(locator);
        let (row, column) = rest.split_once(", column ").expect(locator);
        let row: usize = row.parse().expect("a row number");
        let c = header.iter().position(|h| h == column).expect("a column");
        let cell = table[row - 1][c].as_str();
        assert!(
            !cell.is_empty() || column == "died",
            "{locator}: an empty cell"
        );
        let name = &table[row - 1][0];
        match &claim.fact {
            Fact::Occurred { date, .. } => assert_eq!(date.to_string(), cell, "{locator}"),
            Fact::Link { subject, role, .. } => {
                assert!(
                    graph.entity(*subject).names().any(|n| n == name),
                    "{locator}"
                );
                let expected = if cell == "full" {
                    "full member"
                } else {
                    "candidate member"
                };
                assert_eq!(role.as_deref(), Some(expected));
                let unverified = table[row - 1][7].contains("membership: UNVERIFIED");
                assert_eq!(
                    claim.certainty == Certainty::Unverified,
                    unverified,
                    "{locator}"
                );
            }
            Fact::Value { value, .. } => assert_eq!(value.to_string(), cell, "{locator}"),
            Fact::Participation { participant, .. } => {
                assert!(
                    graph.entity(*participant).names().any(|n| n == name),
                    "{locator}"
                );
            }
            other => panic!("{locator}: {other:?}"),
        }
        assert_eq!(
            claim
                .note
                .as_deref()
                .map(|n| n.contains(&table[row - 1][7])),
            Some(true)
        );
    }
}

#[test]
fn queries_according_to_the_roster_count_what_it_says() {
    let mut graph = graph();
    let csv = fixture("cc1934-roster.csv");
    import::csv(&mut graph, &csv, &mapping()).expect("imports");
    let table = rows(&csv);
    let count = |query: &str| {
        let answer = graph
            .query(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        answer.rows().len()
    };
    let shot = table[1..].iter().filter(|r| r[5] == "shot").count();
    assert_eq!(shot, 66);
    assert_eq!(
        count("members of cc-1934 executed as recorded according to cc1934-roster"),
        shot
    );
    let members = table.len() - 1;
    assert_eq!(
        count("members of cc-1934 according to cc1934-roster"),
        members
    );
}

#[test]
fn a_bad_cell_fails_with_its_place_and_changes_nothing() {
    let mut graph = graph();
    let before = graph.n_claims();
    let entities = graph.n_entities();
    let csv = "name_en,name_ru,membership,arrested,died,death_cause,rehabilitated,source\n\
               Andrei Andreyev,,full,,,,,\n\
               Someone New,,honorary,,,,,\n";
    let error = import::csv(&mut graph, csv, &mapping()).expect_err("honorary is not mapped");
    assert_eq!(
        (error.file.as_str(), error.line, error.column),
        ("cc1934-roster.csv", 3, 14)
    );
    assert!(error.message.contains("\"honorary\""), "{}", error.message);
    assert_eq!(graph.n_claims(), before);
    assert_eq!(graph.n_entities(), entities);
    let error = import::csv(&mut graph, "name_en\n\"open\n", &mapping()).expect_err("bad CSV");
    assert_eq!(error.line, 2);
}

#[test]
fn mapping_errors_have_a_place() {
    let error = "[source]\nid = \"x\"\nnmae = \"y\"\n"
        .parse::<Mapping>()
        .expect_err("an unknown key");
    assert_eq!(error.line, 3);
}
