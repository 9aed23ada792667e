//! The bundled dataset: exact counts, invariants every claim keeps, and spot checks of claims
//! with their dates and sources.

use annals::Graph;
use annals::model::{Calendar, Date, Day, EntityId, Fact, Value};

fn graph() -> Graph {
    annals::load("data").expect("bundled data loads")
}

fn id(graph: &Graph, slug: &str) -> EntityId {
    graph
        .by_slug(slug)
        .unwrap_or_else(|| panic!("no entity {slug}"))
}

fn count_of_kind(graph: &Graph, kind: &str) -> usize {
    graph.of_kind(graph.schema().kind(kind).unwrap()).len()
}

#[test]
fn counts() {
    let g = graph();
    let counts: Vec<(&str, usize)> = ["person", "institution", "event", "place", "source"]
        .into_iter()
        .map(|k| (k, count_of_kind(&g, k)))
        .collect();
    assert_eq!(
        counts,
        [
            ("person", 159),
            ("institution", 21),
            ("event", 245),
            ("place", 19),
            ("source", 178)
        ]
    );
    assert_eq!(g.n_entities(), 622);
    let mut by_fact = [0usize; 6];
    for (_, claim) in g.claims() {
        let i = match claim.fact {
            Fact::Link { .. } => 0,
            Fact::Value { .. } => 1,
            Fact::Occurred { .. } => 2,
            Fact::Participation { .. } => 3,
            Fact::Said { .. } => 4,
            Fact::Never { .. } => 5,
            _ => unreachable!("a new kind of fact needs a count here"),
        };
        by_fact[i] += 1;
    }
    // links, values, event dates, participations, quotations, "never" statements
    assert_eq!(by_fact, [322, 184, 248, 272, 7, 20]);
    assert_eq!(g.n_claims(), 1053);
}

#[test]
fn every_claim_cites_a_source_entity() {
    let g = graph();
    let source_kind = g.schema().source_kind();
    for (claim_id, claim) in g.claims() {
        assert!(!claim.citations.is_empty(), "{claim_id:?} cites nothing");
        for citation in &claim.citations {
            assert_eq!(g.entity(citation.source).kind, source_kind);
            if let Some(via) = citation.via {
                assert_eq!(g.entity(via).kind, source_kind);
            }
        }
    }
}

#[test]
fn every_entity_is_found_by_its_name_and_aliases() {
    let g = graph();
    for (id, entity) in g.entities() {
        for name in entity.names() {
            assert!(
                g.lookup(name).contains(&id),
                "{name:?} does not find {}",
                entity.slug
            );
        }
    }
}

#[test]
fn lookup_ignores_case_accents_and_punctuation() {
    let g = graph();
    let cc = id(&g, "cc-1934");
    for name in [
        "1934 central committee",
        "CENTRAL COMMITTEE (1934)",
        "Central Committee 1934",
    ] {
        assert_eq!(g.lookup(name), &[cc], "{name}");
    }
    let yezhov = id(&g, "yezhov");
    for name in ["Ежов", "Ezhov", "YEZHOV", "Nikolai Yezhov"] {
        assert_eq!(g.lookup(name), &[yezhov], "{name}");
    }
}

/// The values of a literal relation about an entity, as (value, at, sources) text.
fn values(g: &Graph, slug: &str, relation: &str) -> Vec<(String, String, Vec<String>)> {
    let relation = g.schema().relation(relation).unwrap();
    g.values_of(id(g, slug), relation)
        .map(|c| {
            let claim = g.claim(c);
            let Fact::Value { value, at, .. } = &claim.fact else {
                unreachable!()
            };
            let sources = claim
                .citations
                .iter()
                .map(|s| g.entity(s.source).slug.to_string())
                .collect();
            (
                value.to_string(),
                at.as_ref().map(Date::to_string).unwrap_or_default(),
                sources,
            )
        })
        .collect()
}

#[test]
fn petrograd_population_with_dates_and_source() {
    let g = graph();
    let s = |v: &str, at: &str| (v.to_owned(), at.to_owned(), vec!["orsag".to_owned()]);
    assert_eq!(
        values(&g, "petrograd", "population"),
        [s("2.5 million", "1917"), s("574000", "1920-08")]
    );
    let claim = g.values_of(
        id(&g, "petrograd"),
        g.schema().relation("population").unwrap(),
    );
    for c in claim {
        let Fact::Value {
            value: Value::Number(q),
            ..
        } = &g.claim(c).fact
        else {
            unreachable!()
        };
        assert_eq!(q.unit(), Some("people"));
    }
}

#[test]
fn vorkuta_death_toll_keeps_every_source_apart() {
    let g = graph();
    let found: Vec<(String, Vec<String>)> = values(&g, "vorkuta-shooting", "killed")
        .into_iter()
        .map(|(v, _, s)| (v, s))
        .collect();
    let expect = |v: &str, s: &str| (v.to_owned(), vec![s.to_owned()]);
    assert_eq!(
        found,
        [
            expect("over 66", "orsag"),
            expect("66", "enwiki-vorkuta-2017"),
            expect("57", "enwiki-vorkuta-later"),
            expect("at least 53", "enow-vorkuta"),
        ]
    );
}

#[test]
fn october_revolution_is_old_style_and_compares_in_new_style() {
    let g = graph();
    let event = id(&g, "october-revolution");
    let dates: Vec<&Date> = g.dates_of(event).map(|(_, d)| d).collect();
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].to_string(), "1917-10-25 OS");
    assert_eq!(dates[0].calendar(), Calendar::Julian);
    assert_eq!(dates[0].earliest(), Day::from_gregorian(1917, 11, 7));
}

#[test]
fn the_1917_central_committee_has_21_members_each_sourced() {
    let g = graph();
    let member_of = g.schema().relation("member_of").unwrap();
    let members: Vec<_> = g.links_to(id(&g, "cc-1917"), member_of).collect();
    let mut people: Vec<EntityId> = members.iter().map(|(_, p)| *p).collect();
    people.sort();
    people.dedup();
    assert_eq!(people.len(), 21);
}

#[test]
fn article_quotes_are_attributed() {
    let g = graph();
    let stalin = id(&g, "stalin");
    let said: Vec<String> = g
        .claims_about(stalin)
        .iter()
        .filter_map(|c| match &g.claim(*c).fact {
            Fact::Said {
                speaker,
                words,
                date,
                ..
            } if *speaker == stalin => Some(format!(
                "{} {words}",
                date.as_ref().map(Date::to_string).unwrap_or_default()
            )),
            _ => None,
        })
        .collect();
    assert!(
        said.iter()
            .any(|s| s.starts_with("1931 ") && s.contains("Either we do it or they crush us")),
        "{said:?}"
    );
}

#[test]
fn the_1934_central_committee_roster() {
    let g = graph();
    let member_of = g.schema().relation("member_of").unwrap();
    let mut everyone: Vec<EntityId> = g
        .links_to(id(&g, "cc-1934"), member_of)
        .map(|(_, person)| person)
        .collect();
    everyone.sort();
    everyone.dedup();
    // 135 of 139 named (reference-facts.md section 6 and the additions).
    assert_eq!(everyone.len(), 135);
    // Postyshev: arrested February 1938, shot 26 February 1939 (Memorial).
    let postyshev = id(&g, "postyshev");
    let executions: Vec<String> = g
        .participations(postyshev)
        .flat_map(|(_, _, event)| g.dates_of(event).map(move |(_, d)| (event, d)))
        .filter(|(event, _)| g.entity(*event).slug.as_str() == "execution-of-postyshev")
        .map(|(_, d)| d.to_string())
        .collect();
    assert_eq!(executions, ["1939-02-26"]);
}

#[test]
fn warnings_flag_the_disputed_berzin_date() {
    let g = graph();
    let warnings: Vec<String> = g.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["Jan Berzin (Jānis Bērziņš-Ziemelis): arrest (1937-12-24) after execution (1935)"]
    );
}

#[test]
fn events_are_indexed_in_date_order() {
    let g = graph();
    let order = g.events_by_date();
    assert_eq!(order.len(), count_of_kind(&g, "event"));
    let position = |slug: &str| order.iter().position(|e| *e == id(&g, slug)).unwrap();
    assert!(position("october-revolution") < position("assassination-of-kirov"));
    assert!(position("assassination-of-kirov") < position("vorkuta-uprising"));
    // Dated events come in chronological order of their earliest date; undated ones last.
    let keys: Vec<(i64, i64)> = order
        .iter()
        .map(|e| {
            g.dates_of(*e)
                .map(|(_, d)| d.sort_key())
                .min()
                .unwrap_or((i64::MAX, i64::MAX))
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
    // The per-kind index agrees.
    let executions: Vec<EntityId> = g
        .events_of_kind(g.schema().event_kind_named("execution").unwrap())
        .collect();
    let in_order: Vec<EntityId> = order
        .iter()
        .copied()
        .filter(|e| executions.contains(e))
        .collect();
    assert_eq!(executions, in_order);
}
