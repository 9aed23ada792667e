//! The RDF export (feature `sparql`, which brings `rdf` and an in-memory Oxigraph store):
//! the Turtle and N-Triples parse back to the same triples, and questions asked in SPARQL
//! over the export give the same rows as annals.
//!
//! Run with `cargo test --features sparql --test rdf`.
#![cfg(feature = "sparql")]

use std::collections::BTreeSet;
use std::path::Path;

use annals::Graph;
use annals::export::{self, Iris};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

fn graph() -> Graph {
    annals::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("the bundled data")
}

fn turtle(graph: &Graph) -> Vec<u8> {
    export::write_turtle(graph, &Iris::default(), Vec::new()).expect("written to memory")
}

fn store(graph: &Graph) -> Store {
    let store = Store::new().expect("an in-memory store");
    store
        .load_from_reader(RdfFormat::Turtle, turtle(graph).as_slice())
        .expect("the export loads");
    store
}

const PREFIXES: &str = "\
PREFIX ent: <urn:annals:entity/>
PREFIX p: <urn:annals:prop/>
PREFIX ps: <urn:annals:prop/statement/>
PREFIX kind: <urn:annals:kind/>
PREFIX annals: <urn:annals:vocab#>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
";

/// The slugs bound to `?x` by a SPARQL SELECT (entity IRIs under `ent:`).
fn slugs(store: &Store, query: &str) -> BTreeSet<String> {
    let text = format!("{PREFIXES}{query}");
    let results = SparqlEvaluator::new()
        .parse_query(&text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .on_store(store)
        .execute()
        .expect("the query runs");
    let QueryResults::Solutions(solutions) = results else {
        panic!("a SELECT")
    };
    solutions
        .map(|s| {
            let s = s.expect("a solution");
            match s.get("x") {
                Some(Term::NamedNode(n)) => n
                    .as_str()
                    .strip_prefix("urn:annals:entity/")
                    .expect("an entity")
                    .to_owned(),
                other => panic!("?x is {other:?}"),
            }
        })
        .collect()
}

fn annals_rows(graph: &Graph, query: &str) -> BTreeSet<String> {
    let answer = graph
        .query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    answer.rows().iter().map(|r| r.id.clone()).collect()
}

#[test]
fn turtle_and_ntriples_parse_back_to_the_exported_triples() {
    let graph = graph();
    let triples = export::triples(&graph, &Iris::default());
    let ttl = turtle(&graph);
    let parsed: Vec<_> = oxttl::TurtleParser::new()
        .for_slice(&ttl)
        .collect::<Result<_, _>>()
        .expect("the Turtle parses");
    assert_eq!(parsed.len(), triples.len());
    let nt = export::write_ntriples(&graph, &Iris::default(), Vec::new()).expect("written");
    let parsed_nt: Vec<_> = oxttl::NTriplesParser::new()
        .for_slice(&nt)
        .collect::<Result<_, _>>()
        .expect("the N-Triples parse");
    assert_eq!(parsed_nt.len(), triples.len());
    // Without blank nodes (time values), the triples are the same.
    let named = |t: &&oxrdf::Triple| !t.to_string().contains("_:");
    let a: BTreeSet<String> = triples
        .iter()
        .filter(named)
        .map(|t| t.to_string())
        .collect();
    let b: BTreeSet<String> = parsed_nt
        .iter()
        .filter(named)
        .map(|t| t.to_string())
        .collect();
    assert_eq!(a, b);
    // Every recorded claim is a statement with a rank and at least one reference.
    let store = store(&graph);
    let statements = slugs_count(
        &store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a wikibase:Statement ; wikibase:rank ?r ; prov:wasDerivedFrom ?ref . ?ref pr:P248 ?source }",
    );
    assert_eq!(statements, graph.n_recorded_claims());
}

fn slugs_count(store: &Store, query: &str) -> usize {
    let text = format!("{PREFIXES}{query}");
    let QueryResults::Solutions(mut s) = SparqlEvaluator::new()
        .parse_query(&text)
        .expect("parses")
        .on_store(store)
        .execute()
        .expect("runs")
    else {
        panic!("a SELECT")
    };
    let row = s.next().expect("one row").expect("a solution");
    match row.get("n") {
        Some(Term::Literal(l)) => l.value().parse().expect("a count"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dates_keep_precision_calendar_and_the_sources_words() {
    let graph = graph();
    let store = store(&graph);
    // The storming of the Winter Palace, 25 October 1917 Old Style: a day, Julian calendar,
    // with the Gregorian time value 1917-11-07 as Wikidata's RDF writes it.
    let text = format!(
        "{PREFIXES}SELECT ?t ?p ?c ?text WHERE {{ ?e p:occurred ?s . ?s annals:dateText ?text ; pqv:P585 [ wikibase:timeValue ?t ; wikibase:timePrecision ?p ; wikibase:timeCalendarModel ?c ] . FILTER(CONTAINS(?text, \"OS\")) }} LIMIT 1"
    );
    let QueryResults::Solutions(mut s) = SparqlEvaluator::new()
        .parse_query(&text)
        .expect("parses")
        .on_store(&store)
        .execute()
        .expect("runs")
    else {
        panic!("a SELECT")
    };
    let row = s.next().expect("an Old Style date").expect("a solution");
    let text = row.get("text").expect("text").to_string();
    let date: annals::model::Date = text.trim_matches('"').parse().expect("a date");
    assert_eq!(date.calendar(), annals::model::Calendar::Julian);
    assert_eq!(
        row.get("c").expect("calendar").to_string(),
        "<http://www.wikidata.org/entity/Q1985786>"
    );
    let (y, m, d) = date.earliest().expect("a day").to_gregorian();
    assert!(
        row.get("t")
            .expect("time")
            .to_string()
            .starts_with(&format!("\"{y:04}-{m:02}-{d:02}T00:00:00Z\""))
    );
}

/// The statements of a membership in `body` that are not deprecated.
fn members(body: &str) -> String {
    format!(
        "?x p:member_of ?m . ?m ps:member_of ent:{body} ; wikibase:rank ?mr . FILTER(?mr != wikibase:DeprecatedRank)"
    )
}

/// `?x` underwent an event of `kind` as its subject, by a statement that is not deprecated.
fn underwent(kind: &str) -> String {
    format!(
        "?e a kind:{kind} ; p:participant ?ps . ?ps ps:participant ?x ; pq:P3831 \"subject\" ; wikibase:rank ?pr . FILTER(?pr != wikibase:DeprecatedRank)"
    )
}

#[test]
fn sparql_over_the_export_answers_as_annals_does() {
    let graph = graph();
    let store = store(&graph);
    let cases = [
        (
            "members of cc-1917",
            format!("SELECT DISTINCT ?x WHERE {{ {} }}", members("cc-1917")),
        ),
        (
            "members of cc-1934",
            format!("SELECT DISTINCT ?x WHERE {{ {} }}", members("cc-1934")),
        ),
        (
            "members of cc-1917 executed as recorded",
            format!(
                "SELECT DISTINCT ?x WHERE {{ {} {} }}",
                members("cc-1917"),
                underwent("execution")
            ),
        ),
        (
            "members of cc-1934 executed as recorded",
            format!(
                "SELECT DISTINCT ?x WHERE {{ {} {} }}",
                members("cc-1934"),
                underwent("execution")
            ),
        ),
        (
            "members of cc-1917 and members of cc-1934",
            format!(
                "SELECT DISTINCT ?x WHERE {{ {} {} }}",
                members("cc-1917"),
                members("cc-1934")
                    .replace("?m", "?m2")
                    .replace("?mr", "?mr2")
            ),
        ),
        (
            "members of cc-1917 except members of cc-1934",
            format!(
                "SELECT DISTINCT ?x WHERE {{ {} FILTER NOT EXISTS {{ {} }} }}",
                members("cc-1917"),
                members("cc-1934")
                    .replace("?m", "?m2")
                    .replace("?mr", "?mr2")
            ),
        ),
    ];
    for (question, sparql) in cases {
        assert_eq!(
            slugs(&store, &sparql),
            annals_rows(&graph, question),
            "{question}\n{sparql}"
        );
    }
}

#[test]
fn a_date_window_splits_into_settled_and_possible_rows_as_annals_does() {
    let graph = graph();
    let store = store(&graph);
    // Executed in 1938: settled when every deciding date's bounds fall in the year, possible
    // when some overlap it. Compare the settled rows and the union.
    let window = |cond: &str| {
        format!(
            "SELECT DISTINCT ?x WHERE {{ {} {} ?e p:occurred ?d . ?d wikibase:rank ?dr ; annals:certainty ?dc . FILTER(?dr != wikibase:DeprecatedRank && ?dc IN (\"asserted\", \"probable\")) ?d annals:earliest ?a ; annals:latest ?b . FILTER({cond}) }}",
            members("cc-1917"),
            underwent("execution")
        )
    };
    let settled = slugs(
        &store,
        &window("?a >= \"1938-01-01\"^^xsd:date && ?b <= \"1938-12-31\"^^xsd:date"),
    );
    let overlapping = slugs(
        &store,
        &window("?a <= \"1938-12-31\"^^xsd:date && ?b >= \"1938-01-01\"^^xsd:date"),
    );
    let answer = graph
        .query("members of cc-1917 executed in 1938 as recorded")
        .expect("runs");
    let yes: BTreeSet<String> = answer
        .rows()
        .iter()
        .filter(|r| r.status == annals::query::Status::Yes)
        .map(|r| r.id.clone())
        .collect();
    let all: BTreeSet<String> = answer.rows().iter().map(|r| r.id.clone()).collect();
    assert_eq!(settled, yes);
    assert_eq!(overlapping, all);
}

/// A compiled query's row: the `?x` slug, and `?value` for figures.
struct Compiled {
    x: String,
    value: Option<String>,
}

/// Runs a compiled query: its rows (a count as one row `count N`).
fn run_compiled(store: &Store, sparql: &str) -> Vec<Compiled> {
    let results = SparqlEvaluator::new()
        .parse_query(sparql)
        .unwrap_or_else(|e| panic!("{e}\n{sparql}"))
        .on_store(store)
        .execute()
        .expect("the query runs");
    let QueryResults::Solutions(solutions) = results else {
        panic!("a SELECT")
    };
    let literal = |t: Option<&Term>| match t {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    };
    solutions
        .map(|s| {
            let s = s.expect("a solution");
            if let (Some(part), Some(whole)) = (literal(s.get("part")), literal(s.get("whole"))) {
                return Compiled {
                    x: format!("share {part} of {whole}"),
                    value: None,
                };
            }
            if let Some(n) = literal(s.get("count")) {
                return Compiled {
                    x: format!("count {n}"),
                    value: None,
                };
            }
            let x = match s.get("x") {
                Some(Term::NamedNode(n)) => n
                    .as_str()
                    .strip_prefix("urn:annals:entity/")
                    .expect("an entity")
                    .to_owned(),
                other => panic!("?x is {other:?}"),
            };
            Compiled {
                x,
                value: literal(s.get("value")),
            }
        })
        .collect()
}

/// Every query of the corpus that compiles: Oxigraph's rows over the export are annals' own
/// rows with rules off (the export holds recorded claims); for a count, the same number; for a
/// share, the same part and whole; for figures, the same entity and value pairs.
/// A window's rows are compared as a whole (settled and possible together), since the
/// compiled query keeps every row whose date may fall in it.
#[test]
fn compiled_corpus_queries_agree_with_annals() {
    let graph = graph();
    let store = store(&graph);
    let corpus = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/queries/answers.txt"),
    )
    .expect("the corpus");
    let options = annals::query::Options {
        rules: false,
        ..annals::query::Options::default()
    };
    let (mut compiled, mut total) = (0, 0);
    for line in corpus.lines() {
        let Some(text) = line.strip_prefix("> ") else {
            continue;
        };
        total += 1;
        let Ok(query) = graph.prepare(text) else {
            continue;
        };
        let Ok(sparql) = query.to_sparql(&graph) else {
            continue;
        };
        compiled += 1;
        let answer = query
            .run_with(&graph, options)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let rows = run_compiled(&store, &sparql);
        if let annals::query::Body::Count { count, .. } = &answer.body {
            let n = count.yes + count.possibly + count.no_record;
            assert_eq!(rows[0].x, format!("count {n}"), "{text}\n{sparql}");
            continue;
        }
        if let annals::query::Body::Share { part, whole, .. } = &answer.body {
            let n = |t: &annals::query::Tally| t.yes + t.possibly + t.no_record;
            assert_eq!(
                rows[0].x,
                format!("share {} of {}", n(part), n(whole)),
                "{text}\n{sparql}"
            );
            continue;
        }
        if let annals::query::Body::Values { rows: values } = &answer.body {
            // Figures: the same (entity, value) pairs, possible ones included.
            let ours: BTreeSet<(String, String)> = rows
                .into_iter()
                .map(|r| (r.x, r.value.expect("?value")))
                .collect();
            let theirs: BTreeSet<(String, String)> = values
                .iter()
                .map(|v| (v.id.clone(), v.value.clone()))
                .collect();
            assert_eq!(ours, theirs, "{text}\n{sparql}");
            continue;
        }
        let ours: BTreeSet<String> = rows.into_iter().map(|r| r.x).collect();
        let theirs: BTreeSet<String> = answer.rows().iter().map(|r| r.id.clone()).collect();
        assert_eq!(ours, theirs, "{text}\n{sparql}");
    }
    eprintln!("{compiled} of {total} corpus queries compile to SPARQL and agree");
    assert!(compiled >= 89, "only {compiled} queries compiled (89 did)");
}
