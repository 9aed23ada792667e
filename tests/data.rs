//! The bundled dataset: exact counts, invariants every claim keeps, and spot checks of claims
//! with their dates and sources.

use annals::Graph;
use annals::model::{Calendar, Certainty, ClaimId, Date, Day, EntityId, Fact, Rank, Value};

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
            ("event", 255),
            ("place", 20),
            ("source", 203)
        ]
    );
    assert_eq!(g.n_entities(), 658);
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
    assert_eq!(by_fact, [330, 233, 275, 287, 9, 20]);
    assert_eq!(g.n_claims(), 1154);
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
            expect("at least 53", "enwiki"),
        ]
    );
}

/// An event's dates as (date, sources) text, in claim order.
fn dates(g: &Graph, slug: &str) -> Vec<(String, Vec<String>)> {
    g.dates_of(id(g, slug))
        .map(|(c, d)| (d.to_string(), sources_of(g, c)))
        .collect()
}

fn sources_of(g: &Graph, claim: ClaimId) -> Vec<String> {
    g.claim(claim)
        .citations
        .iter()
        .map(|s| g.entity(s.source).slug.to_string())
        .collect()
}

fn labelled(g: &Graph, label: &str) -> ClaimId {
    g.by_label(label)
        .unwrap_or_else(|| panic!("no claim labelled {label}"))
}

fn owned(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(d, s)| (d.to_string(), s.iter().map(|s| s.to_string()).collect()))
        .collect()
}

#[test]
fn october_revolution_is_the_articles_month_and_the_reference_day() {
    let g = graph();
    // The article says "October 1917" (Old Style): cited for the month only; the day is the
    // encyclopedia's.
    assert_eq!(
        dates(&g, "october-revolution"),
        owned(&[
            ("1917-10 OS", &["orsag"]),
            ("1917-10-25 OS", &["enwiki-october-revolution"]),
        ])
    );
    let (_, day) = g
        .dates_of(id(&g, "october-revolution"))
        .find(|(c, _)| *c == labelled(&g, "october-revolution-day"))
        .unwrap();
    assert_eq!(day.calendar(), Calendar::Julian);
    assert_eq!(day.earliest(), Day::from_gregorian(1917, 11, 7));
}

#[test]
fn uritsky_has_one_day_in_two_calendars() {
    let g = graph();
    let days: Vec<(Option<Day>, Option<Day>, Certainty)> = g
        .dates_of(id(&g, "assassination-of-uritsky"))
        .map(|(c, d)| (d.earliest(), d.latest(), g.claim(c).certainty))
        .collect();
    assert_eq!(days.len(), 2);
    let aug30 = Day::from_gregorian(1918, 8, 30);
    for (earliest, latest, certainty) in days {
        assert_eq!((earliest, latest), (aug30, aug30));
        assert_eq!(certainty, Certainty::Asserted, "not a dispute");
    }
}

#[test]
fn bubnovs_falsified_death_date_is_deprecated_with_its_reason() {
    let g = graph();
    for label in ["bubnov-falsified-death-date", "bubnov-falsified-cause"] {
        let claim = g.claim(labelled(&g, label));
        assert_eq!(claim.rank, Rank::Deprecated, "{label}");
        assert!(
            claim.rank_reason.as_deref().unwrap().contains("falsified"),
            "{label}"
        );
    }
    assert_eq!(
        dates(&g, "execution-of-bubnov"),
        owned(&[
            ("1938-08-01", &["enwiki-bubnov", "memorial-moscow"]),
            ("1940-01-12", &["org1917-biografie"]),
        ])
    );
}

#[test]
fn the_articles_undated_events_are_bounded() {
    let g = graph();
    let horizon = (
        Day::from_gregorian(1900, 1, 1),
        Day::from_gregorian(1990, 1, 1),
    );
    for slug in [
        "stalinist-counter-revolution",
        "forced-collectivisation",
        "industrialisation",
        "one-man-management",
        "trade-unions-stripped",
        "work-norms",
        "strike-ban",
        "internal-passport-system",
        "abortion-divorce-withdrawal",
        "forced-labour",
        "destalinization",
        "moscow-trials",
        "trial-of-the-sixteen",
        "novocherkassk-massacre",
        "novocherkassk-second-gathering",
        "novocherkassk-trials",
        "food-price-rise-1962",
        "nevz-quota-rise-1962",
    ] {
        // At least one date bounded at both ends, inside the horizon; an open-ended one (the
        // article's "after March 1953") may stand beside it only if it is the article's.
        let found: Vec<_> = g.dates_of(id(&g, slug)).collect();
        let bounded = |d: &Date| matches!((d.earliest(), d.latest()), (Some(a), Some(b)) if Some(a) >= horizon.0 && Some(b) < horizon.1);
        assert!(
            found.iter().any(|(_, d)| bounded(d)),
            "{slug} has no bounded date"
        );
        for (c, d) in found {
            assert!(
                bounded(d) || sources_of(&g, c) == ["orsag"],
                "{slug}: {d} is open-ended"
            );
        }
    }
    assert_eq!(
        dates(&g, "trial-of-the-sixteen"),
        owned(&[("1936-08-19/1936-08-24", &["trial-1936-report"])])
    );
    assert_eq!(
        dates(&g, "socialism-in-one-country"),
        owned(&[
            ("1924-01", &["orsag"]),
            ("1924-12", &["enwiki-socialism-in-one-country"]),
        ])
    );
    let orsag = g.claim(labelled(&g, "socialism-in-one-country-date-orsag"));
    assert_eq!(orsag.certainty, Certainty::Disputed);
}

#[test]
fn one_claim_per_source_for_the_98_of_139() {
    let g = graph();
    let found = values(&g, "cc-1934", "arrested_and_shot");
    let ninety_eight: Vec<_> = found.iter().filter(|(v, _, _)| v == "98 of 139").collect();
    assert_eq!(
        ninety_eight,
        [
            &(
                "98 of 139".to_owned(),
                "by 1940".to_owned(),
                vec!["orsag".to_owned()]
            ),
            &(
                "98 of 139".to_owned(),
                "before 1956-02-25".to_owned(),
                vec!["secret-speech".to_owned()]
            ),
        ]
    );
    let speech = g.claim(labelled(&g, "cc1934-98-of-139-secret-speech"));
    assert_eq!(
        speech.citations[0].quote.as_deref(),
        Some("arrested and shot (mostly in 1937-1938)")
    );
    assert!(!found.iter().any(|(v, _, _)| v.contains("per cent")));
}

#[test]
fn the_article_is_read_at_its_precision() {
    let g = graph();
    assert_eq!(
        values(&g, "russia", "munitions_share")[0].0,
        "up to 46%",
        "as much as 46% is a bound"
    );
    assert_eq!(values(&g, "cc-1917", "executed")[0].0, "18 of 21");
    let member_of = g.schema().relation("member_of").unwrap();
    assert!(
        g.links_to(id(&g, "factory-troikas"), member_of)
            .all(|(_, member)| member != id(&g, "cpsu")),
        "the party's members, not the party, sat on the troikas"
    );
    assert_eq!(
        values(&g, "novocherkassk-second-gathering", "arrests"),
        [("116".to_owned(), String::new(), vec!["orsag".to_owned()])]
    );
    // The strike as a whole keeps only Wikipedia's "about 240".
    assert!(
        values(&g, "novocherkassk-strike", "arrests")
            .iter()
            .all(|(_, _, sources)| sources != &["orsag"])
    );
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

#[test]
fn every_source_has_a_title_and_an_author_or_publisher() {
    let g = graph();
    let source_kind = g.schema().source_kind();
    for (_, entity) in g.entities().filter(|(_, e)| e.kind == source_kind) {
        assert!(
            !entity.name.trim().is_empty(),
            "{} has no title",
            entity.slug
        );
        let info = entity.source.as_ref();
        let named = |f: Option<&String>| f.is_some_and(|s| !s.trim().is_empty());
        assert!(
            info.is_some_and(|i| named(i.author.as_ref()) || named(i.published.as_ref())),
            "{} has neither an author or body nor a publisher",
            entity.slug
        );
    }
}

#[test]
fn conquests_english_and_russian_editions_are_two_sources() {
    let g = graph();
    let russian = id(&g, "conquest-bolshoi-terror");
    assert!(!g.claims_citing(russian).is_empty());
    for (_, claim) in g.claims() {
        for c in &claim.citations {
            if g.entity(c.source).slug.as_str() == "conquest-great-terror" {
                assert!(
                    !c.locator.as_deref().unwrap_or("").contains("Bol'shoi"),
                    "a Russian-edition page cited as the English book"
                );
            }
        }
    }
}

#[test]
fn filled_fates_cite_their_sources() {
    let g = graph();
    for (event, date, source) in [
        ("execution-of-yakir", "1937-06-12", "enwiki-yakir"),
        ("execution-of-kabakov", "1937-10-03", "ruwiki-kabakov"),
        ("execution-of-balitsky", "1937-11-27", "enwiki-balitsky"),
        (
            "execution-of-mirzoyan",
            "1939-02-26",
            "enwiki-mirzoyan-2014",
        ),
        (
            "death-of-menzhinsky",
            "1934-05-10",
            "enwiki-menzhinsky-2017",
        ),
    ] {
        assert!(
            dates(&g, event)
                .iter()
                .any(|(d, s)| d == date && s.iter().any(|s| s == source)),
            "{event}: {:?}",
            dates(&g, event)
        );
    }
    let trial = id(&g, "trial-of-the-twenty-one");
    for defendant in [
        "yagoda",
        "rozengolts",
        "grinko",
        "chernov",
        "zelensky",
        "ivanov",
    ] {
        assert!(
            g.participations(id(&g, defendant))
                .any(|(_, _, event)| event == trial),
            "{defendant} is not linked to the Trial of the Twenty-One"
        );
    }
}

/// data/ARTICLE.md maps the article's statements to claims: every name it gives exists, and at
/// least 95% of the statements are structured.
#[test]
fn the_article_table_names_real_claims() {
    let g = graph();
    let table = std::fs::read_to_string("data/ARTICLE.md").expect("data/ARTICLE.md");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 100, "{} rows", rows.len());
    let structured = rows.iter().filter(|r| r[4] == "S").count();
    assert!(structured * 100 >= rows.len() * 95);
    for row in &rows {
        if row[4] != "S" {
            assert!(row[4].starts_with("N: "), "row {} says why not", row[1]);
            continue;
        }
        assert!(
            !row[3].is_empty() && row[3] != "—",
            "row {} names no claim",
            row[1]
        );
        for token in row[3].split([',', ' ', '(', ')']) {
            let token = token
                .trim_start_matches("event:")
                .trim_start_matches("quote:");
            let is_slug = token.len() > 3
                && token.contains('-')
                && token.starts_with(|c: char| c.is_ascii_lowercase())
                && token
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if is_slug {
                assert!(
                    g.by_label(token).is_some() || g.by_slug(token).is_some(),
                    "row {}: {token} is neither a claim label nor an entity",
                    row[1]
                );
            }
        }
    }
}

#[test]
fn more_fates_and_statuses_cite_their_sources() {
    let g = graph();
    for (event, date, source) in [
        (
            "execution-of-zatonsky",
            "1938-07-29",
            "encyclopedia-of-ukraine",
        ),
        ("execution-of-eliava", "1937-12-03", "enwiki-eliava"),
        ("death-of-bykin", "1938-02-10", "enwiki-bykin"),
        ("death-of-tovstukha", "1935-08-09", "enwiki-tovstukha"),
        ("arrest-of-alekseyev", "1937-06-29", "dewiki"),
        ("death-of-alekseyev", "1937-09-06", "dewiki"),
    ] {
        assert!(
            dates(&g, event)
                .iter()
                .any(|(d, s)| d == date && s.iter().any(|s| s == source)),
            "{event}: {:?}",
            dates(&g, event)
        );
    }
    // Sokolnikov's place of death: the sources disagree, and both places are kept.
    let killing = id(&g, "killing-of-sokolnikov");
    let places: Vec<String> = g
        .claims_about(killing)
        .iter()
        .filter_map(|c| match &g.claim(*c).fact {
            Fact::Link { object, .. }
                if g.entity(*object).kind == g.schema().kind("place").unwrap() =>
            {
                Some(g.entity(*object).slug.to_string())
            }
            _ => None,
        })
        .collect();
    assert!(places.contains(&"tobolsk".to_owned()), "{places:?}");
    assert!(places.contains(&"verkhneuralsk".to_owned()), "{places:?}");
    for (label, role) in [
        ("yakir-full-member", "full member"),
        ("tovstukha-candidate-member", "candidate member"),
    ] {
        let Fact::Link { role: Some(r), .. } = &g.claim(labelled(&g, label)).fact else {
            panic!("{label} has no role")
        };
        assert_eq!(r, role);
    }
}
