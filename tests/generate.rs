//! The generator (`annals::generate`): deterministic, shaped as documented, the same graph
//! whether built through the API, loaded from its TOML folder or from its JSON snapshot; and
//! `count ... per KIND` agrees with one count per entity.

use annals::generate::{Config, Prosopography};
use annals::query::Body;

fn data(people: usize, seed: u64) -> Prosopography {
    Prosopography::new(&Config { people, seed })
}

#[test]
fn the_same_seed_gives_the_same_records() {
    assert_eq!(data(3_000, 5), data(3_000, 5));
    assert_ne!(data(3_000, 5), data(3_000, 6));
}

#[test]
fn the_records_have_the_documented_shape() {
    let d = data(10_000, 1);
    assert_eq!(d.people.len(), 10_000);
    assert_eq!(d.institutions.len(), 100);
    let members = |b: u32| d.memberships.iter().filter(|(_, x)| *x == b).count();
    assert_eq!(members(0), 2_000, "a fifth of the people below 100,000");
    assert_eq!(members(1), 143);
    let mut per_person = vec![0; d.people.len()];
    for (p, _) in &d.memberships {
        per_person[*p as usize] += 1;
    }
    assert!(per_person.iter().all(|n| (1..=3).contains(n)));
    let mut pairs = d.memberships.clone();
    pairs.sort_unstable();
    pairs.dedup();
    assert_eq!(pairs.len(), d.memberships.len(), "each membership once");
    let share = d.arrests.len() as f64 / d.people.len() as f64;
    assert!((0.27..0.33).contains(&share), "about 30% arrested: {share}");
    assert!(d.arrests.iter().all(|a| (1920..=1960).contains(&a.date.0)));
    let mut names: Vec<&str> = d.people.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), d.people.len(), "names are unique");
}

#[test]
fn api_toml_and_json_give_the_same_answers() {
    same_answers_every_way(data(3_000, 9), "plain", &[]);
}

#[test]
fn with_executions_the_same_records_reason_the_same_every_way() {
    let plain = data(3_000, 9);
    let d = plain.clone().with_executions(9);
    assert_eq!(
        (&d.people, &d.memberships, &d.arrests),
        (&plain.people, &plain.memberships, &plain.arrests)
    );
    let share = d.executions.len() as f64 / d.people.len() as f64;
    assert!(
        (0.10..0.16).contains(&share),
        "a third of 30% and a twentieth of 70%: {share}"
    );
    for e in &d.executions {
        if let Some(a) = d.arrests.iter().find(|a| a.person == e.person) {
            assert!(
                e.date.0 > a.date.0,
                "executed in a later year than arrested"
            );
        } else {
            assert!((1937..=1938).contains(&e.date.0));
        }
    }
    let graph = d.graph();
    assert_eq!(graph.schema().rules().len(), 2);
    let large = d.large_slug();
    same_answers_every_way(
        d.clone(),
        "executions",
        &[
            format!("why members of {} arrested by 1940", d.small_slug()),
            format!("count members of {large} arrested by 1940 as recorded"),
            format!("count members of {large} executed in 1937"),
        ],
    );
}

/// Builds, writes and loads back `d` (from its TOML folder and its JSON snapshot), and checks
/// that the workload's queries and `more` give the same answers every way.
fn same_answers_every_way(d: Prosopography, name: &str, more: &[String]) {
    let dir = std::env::temp_dir().join(format!("annals-generate-{name}-{}", std::process::id()));
    d.write(&dir).unwrap();
    let built = d.graph();
    let loaded = annals::load(&dir).unwrap();
    let text = std::fs::read_to_string(dir.join("snapshot.json")).unwrap();
    let snapshot = annals::io::from_json(&text, "snapshot.json").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(built.n_claims(), d.n_claims());
    for graph in [&loaded, &snapshot] {
        assert_eq!(graph.n_claims(), built.n_claims());
        assert_eq!(graph.n_entities(), built.n_entities());
    }
    let name = &d.people[17].name;
    let queries = [
        format!("members of {} arrested by 1940", d.small_slug()),
        format!("count members of {} arrested by 1940", d.large_slug()),
        format!("memberships of members of {0} except {0}", d.large_slug()),
        "count members of institutions arrested by 1940 per institution".to_owned(),
        format!("\"{name}\""),
    ];
    for q in queries.iter().chain(more) {
        let expected = built.query(q).unwrap().to_string();
        assert!(!expected.is_empty());
        assert_eq!(
            loaded.query(q).unwrap().to_string(),
            expected,
            "{q} from TOML"
        );
        assert_eq!(
            snapshot.query(q).unwrap().to_string(),
            expected,
            "{q} from JSON"
        );
    }
}

/// Checks `count SET per institution` against `count SET` with each institution in place of
/// `institutions`, over `graph`.
fn per_agrees_with_each(graph: &annals::Graph, set: &str) {
    let answer = graph
        .query(&format!("count {set} per institution"))
        .unwrap();
    let Body::CountPer { groups, .. } = &answer.body else {
        panic!("not a count per kind: {answer:?}");
    };
    let kind = graph.schema().kind("institution").unwrap();
    let mut counted = 0;
    for &body in graph.of_kind(kind) {
        let slug = graph.entity(body).slug.to_string();
        let one_set = set.replace("institutions", &slug);
        let one = graph.query(&format!("count {one_set}")).unwrap();
        let Body::Count { count, .. } = one.body else {
            panic!("not a count");
        };
        match groups.iter().find(|g| g.id == slug) {
            Some(group) => {
                assert_eq!(group.count, count, "{set}: {slug}");
                counted += 1;
            }
            None => assert_eq!(
                count.yes + count.possibly + count.no_record,
                0,
                "{set}: {slug}"
            ),
        }
    }
    assert_eq!(counted, groups.len(), "{set}");
}

#[test]
fn a_count_per_institution_agrees_on_the_bundled_data() {
    let graph = annals::load("data").unwrap();
    for set in [
        "members of institutions",
        "members of institutions executed",
        "members of institutions arrested by 1940",
        "members of institutions not executed",
        "members of institutions arrested between 1936 and 1938 not executed",
        "members of institutions in 1938 shot",
        "members of institutions arrested by 1940 according to memorial-moscow",
        "members of institutions executed with all claims",
        "members of institutions executed as recorded",
        "(members of institutions executed) or (members of institutions arrested in 1937)",
    ] {
        per_agrees_with_each(&graph, set);
    }
}

#[test]
fn a_count_per_institution_is_one_count_per_institution() {
    let d = data(4_000, 3);
    let graph = d.graph();
    let per = graph
        .query("count members of institutions arrested by 1940 per institution")
        .unwrap();
    let Body::CountPer { per, groups } = &per.body else {
        panic!("not a count per kind: {per:?}");
    };
    assert_eq!(per, "institution");
    let mut counted = 0;
    for body in &d.institutions {
        let one = graph
            .query(&format!("count members of {} arrested by 1940", body.slug))
            .unwrap();
        let Body::Count { count, .. } = one.body else {
            panic!("not a count");
        };
        match groups.iter().find(|g| g.id == body.slug) {
            Some(group) => {
                assert_eq!(group.count, count, "{}", body.slug);
                counted += 1;
            }
            None => assert_eq!(count.yes + count.possibly + count.no_record, 0),
        }
    }
    assert_eq!(counted, groups.len());
    assert!(groups.windows(2).all(|w| w[0].count.yes >= w[1].count.yes));
}

/// A member recorded twice (a second source for the same membership) is counted once by
/// `count … per institution`, whether the lists are read from the write buffer or from the
/// arrays a compaction builds (which note, list by list, whether the targets increase: a
/// repeated member is recorded after the others, so those lists do not).
#[test]
fn a_member_recorded_twice_is_counted_once_per_institution() {
    use annals::model::{Claim, Fact};
    let d = data(4_000, 3);
    let mut graph = d.graph();
    let q = "count members of institutions arrested by 1940 per institution";
    let before = graph.query(q).unwrap().to_string();
    let schema = graph.schema().clone();
    let member_of = schema.relation("member_of").unwrap();
    let rolls = graph.by_slug("rolls").unwrap();
    // Every tenth membership again, last one first.
    for &(p, b) in d.memberships.iter().step_by(10).rev() {
        let person = graph.by_slug(&d.people[p as usize].slug).unwrap();
        let body = graph.by_slug(&d.institutions[b as usize].slug).unwrap();
        let fact = Fact::Link {
            subject: person,
            relation: member_of,
            object: body,
            role: None,
            during: None,
        };
        graph.add_claim(Claim::new(fact, rolls)).unwrap();
    }
    assert_eq!(
        graph.query(q).unwrap().to_string(),
        before,
        "from the write buffer"
    );
    per_agrees_with_each(&graph, "members of institutions arrested by 1940");
    graph.compact();
    assert_eq!(
        graph.query(q).unwrap().to_string(),
        before,
        "from the arrays"
    );
    per_agrees_with_each(&graph, "members of institutions arrested by 1940");
}

/// The same where the bodies' lists hold another relation too (who chairs them), so that the
/// store cannot tell whether a body's members come in order and the count checks: a member
/// recorded twice is still counted once.
#[test]
fn a_member_recorded_twice_is_counted_once_beside_another_relation() {
    let d = data(4_000, 3);
    let q = "count members of institutions arrested by 1940 per institution";
    let before = d.graph().query(q).unwrap().to_string();
    let schema = format!(
        "{}\n[[relation]]\nname = \"chairs\"\nsubject = [\"person\"]\nobject = [\"institution\"]\n\
         forward = [\"chaired\"]\ninverse = [\"chairs\"]\n",
        d.schema()
    );
    let schema = annals::io::schema_from_str(&schema, "schema.toml").unwrap();
    let mut more = String::from("[defaults]\nsources = [\"rolls\"]\n");
    // Every tenth membership again, last one first, and its member chairing the body.
    for &(p, b) in d.memberships.iter().step_by(10).rev() {
        let (person, body) = (&d.people[p as usize].slug, &d.institutions[b as usize].slug);
        for relation in ["member_of", "chairs"] {
            more += &format!(
                "\n[[claim]]\nsubject = \"{person}\"\nrelation = \"{relation}\"\nobject = \"{body}\"\n"
            );
        }
    }
    let mut files: Vec<(std::path::PathBuf, String)> = d
        .files()
        .into_iter()
        .filter(|(name, _)| name != "schema.toml")
        .map(|(name, text)| (name.into(), text))
        .collect();
    files.push(("more.toml".into(), more));
    let mut graph = annals::Graph::new(schema);
    graph.extend_from_texts(&files).unwrap();
    assert_eq!(graph.query(q).unwrap().to_string(), before);
    per_agrees_with_each(&graph, "members of institutions arrested by 1940");
}
