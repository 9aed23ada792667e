//! Property tests on generated schemas, graphs, writes, dates and queries (`annals::arb`), not
//! only the bundled data: the indexes agree with the claims, saving and printing round-trip,
//! the three-valued time logic and the set algebra keep their laws, and the real evaluator
//! agrees with the reference evaluator (`tests/reference/`).
//!
//! Case counts fit CI; `PROPTEST_CASES=N cargo test --test generated` raises them (see
//! `annals::arb::config`).

mod reference;

use std::collections::{BTreeMap, BTreeSet};

use annals::Graph;
use annals::arb;
use annals::model::{Date, EntityId, Fact, KindId, RelationId, Truth};
use annals::query::{Body, Status};
use proptest::prelude::*;

/// A generated schema and a graph over it.
fn graph() -> impl Strategy<Value = Graph> {
    arb::schema().prop_flat_map(|schema| arb::graph(&schema))
}

/// A graph and a query over it.
fn graph_and_query() -> impl Strategy<Value = (Graph, String)> {
    graph().prop_flat_map(|g| (Just(g.clone()), arb::query(&g)))
}

/// A graph and two set expressions over it.
fn graph_and_sets() -> impl Strategy<Value = (Graph, String, String)> {
    graph().prop_flat_map(|g| (Just(g.clone()), arb::set(&g), arb::set(&g)))
}

fn statuses(graph: &Graph, query: &str) -> Result<BTreeMap<EntityId, Status>, TestCaseError> {
    let answer = graph
        .query(query)
        .map_err(|e| TestCaseError::fail(e.render(query)))?;
    Ok(answer.rows().iter().map(|r| (r.entity, r.status)).collect())
}

/// Checks every index of `graph` against a scan of its claims and entities.
fn indexes_agree(graph: &Graph) -> Result<(), TestCaseError> {
    let schema = graph.schema();
    for (id, entity) in graph.entities() {
        prop_assert_eq!(graph.by_slug(entity.slug.as_str()), Some(id));
        prop_assert!(graph.of_kind(entity.kind).contains(&id));
        for name in entity.names() {
            prop_assert!(
                graph.lookup(name).contains(&id),
                "{} by name {}",
                entity.slug,
                name
            );
        }
        let about: Vec<_> = graph
            .claims()
            .filter(|(_, c)| c.fact.entities().contains(&id))
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(graph.claims_about(id), about.as_slice());
        let citing: Vec<_> = graph
            .claims()
            .filter(|(_, c)| {
                c.citations
                    .iter()
                    .any(|cit| cit.source == id || cit.via == Some(id))
            })
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(graph.claims_citing(id), citing.as_slice());
        for r in 0..schema.relations().len() {
            let relation = schema
                .relation(&schema.relations()[r].name)
                .unwrap_or_else(|| unreachable!());
            for inverse in [false, true] {
                let found: Vec<_> = graph.links(id, relation, inverse).collect();
                let scanned: Vec<_> = graph
                    .claims()
                    .filter_map(|(c, claim)| match &claim.fact {
                        Fact::Link {
                            subject,
                            relation: r,
                            object,
                            ..
                        } if *r == relation => {
                            let (from, to) = if inverse {
                                (*object, *subject)
                            } else {
                                (*subject, *object)
                            };
                            (from == id).then_some((c, to))
                        }
                        _ => None,
                    })
                    .collect();
                prop_assert_eq!(found, scanned);
            }
            let values: Vec<_> = graph.values_of(id, relation).collect();
            let scanned: Vec<_> = graph
                .claims()
                .filter(|(_, c)| {
                    matches!(&c.fact, Fact::Value { subject, relation: r, .. }
                        if *subject == id && *r == relation)
                })
                .map(|(c, _)| c)
                .collect();
            prop_assert_eq!(values, scanned);
        }
        let dates: Vec<_> = graph.dates_of(id).map(|(c, _)| c).collect();
        let scanned: Vec<_> = graph
            .claims()
            .filter(|(_, c)| matches!(&c.fact, Fact::Occurred { event, .. } if *event == id))
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(dates, scanned);
        let participants: Vec<_> = graph.participants(id).map(|(c, _, _)| c).collect();
        let scanned: Vec<_> = graph
            .claims()
            .filter(|(_, c)| matches!(&c.fact, Fact::Participation { event, .. } if *event == id))
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(participants, scanned);
        let participations: Vec<_> = graph.participations(id).map(|(c, _, _)| c).collect();
        let scanned: Vec<_> = graph
            .claims()
            .filter(|(_, c)| {
                matches!(&c.fact, Fact::Participation { participant, .. } if *participant == id)
            })
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(participations, scanned);
        let nevers: Vec<_> = graph.nevers(id).map(|(c, _, _)| c).collect();
        let scanned: Vec<_> = graph
            .claims()
            .filter(|(_, c)| matches!(&c.fact, Fact::Never { subject, .. } if *subject == id))
            .map(|(c, _)| c)
            .collect();
        prop_assert_eq!(nevers, scanned);
    }
    for (k, _) in schema.kinds().iter().enumerate() {
        let kind = graph
            .entities()
            .map(|(_, e)| e.kind)
            .find(|kind| kind.index() == k);
        if let Some(kind) = kind {
            let scanned: Vec<_> = graph
                .entities()
                .filter(|(_, e)| e.kind == kind)
                .map(|(id, _)| id)
                .collect();
            prop_assert_eq!(graph.of_kind(kind), scanned.as_slice());
        }
    }
    // The events of each kind, by their earliest date (undated last).
    for (k, def) in schema.event_kinds().iter().enumerate() {
        let Some(kind) = schema.event_kind_named(&def.name) else {
            continue;
        };
        debug_assert_eq!(kind.index(), k);
        let listed: Vec<_> = graph.events_of_kind(kind).collect();
        let mut scanned: Vec<((i64, i64), EntityId)> = graph
            .entities()
            .filter(|(_, e)| e.event_kind == Some(kind))
            .map(|(id, _)| {
                let key = graph
                    .claims()
                    .filter_map(|(_, c)| match &c.fact {
                        Fact::Occurred { event, date } if *event == id => Some(date.sort_key()),
                        _ => None,
                    })
                    .min()
                    .unwrap_or((i64::MAX, i64::MAX));
                (key, id)
            })
            .collect();
        scanned.sort_unstable();
        let scanned: Vec<_> = scanned.into_iter().map(|(_, id)| id).collect();
        prop_assert_eq!(listed, scanned);
    }
    let _ = (KindId::index, RelationId::index);
    Ok(())
}

/// The ids of the rows whose status is `Yes`, and of all rows.
/// The `form`th way of saying a time around `year`: `in`, `by`, `after` it, or `between` it and
/// `span` years later.
fn window(year: i32, span: i32, form: usize) -> String {
    match form {
        0 => format!("in {year}"),
        1 => format!("by {year}"),
        2 => format!("after {year}"),
        _ => format!("between {year} and {}", year + span),
    }
}

/// Every walk phrase of the schema's relations between kinds, with the kinds it walks from:
/// a forward phrase from the subjects, an inverse one from the objects.
fn walk_phrases(schema: &annals::model::Schema) -> Vec<(&String, &Vec<annals::model::KindId>)> {
    let mut out = Vec::new();
    for relation in schema.relations() {
        let annals::model::Target::Kinds(objects) = &relation.target else {
            continue;
        };
        out.extend(relation.forward.iter().map(|p| (p, &relation.subject)));
        out.extend(relation.inverse.iter().map(|p| (p, objects)));
    }
    out
}

/// The `option`th way of saying how claims count: nothing, `as recorded`, `with all claims`,
/// `according to` the graph's first source, or `as of` the year given (nothing for a way
/// the graph or the caller has nothing for).
fn scope_option(graph: &Graph, option: usize, as_of: Option<i32>) -> String {
    let source = graph
        .entities()
        .find(|(_, e)| e.kind == graph.schema().source_kind())
        .map(|(_, e)| e.slug.to_string());
    match (option, source, as_of) {
        (1, _, _) => " as recorded".to_owned(),
        (2, _, _) => " with all claims".to_owned(),
        (3, Some(source), _) => format!(" according to {source}"),
        (4, _, Some(year)) => format!(" as of {year}"),
        _ => String::new(),
    }
}

/// A count's or a share's split (no, no record, whole), as `reference::Outcome` gives it.
fn split_of(body: &Body) -> Option<(usize, usize, usize)> {
    match body {
        Body::Count { split, .. } => split.map(|s| (s.no, s.no_record, s.whole)),
        Body::Share { split, .. } => Some((split.no, split.no_record, split.whole)),
        _ => None,
    }
}

fn yes_and_all(rows: &BTreeMap<EntityId, Status>) -> (BTreeSet<EntityId>, BTreeSet<EntityId>) {
    let yes = rows
        .iter()
        .filter(|(_, s)| **s == Status::Yes)
        .map(|(id, _)| *id)
        .collect();
    (yes, rows.keys().copied().collect())
}

proptest! {
    #![proptest_config(arb::config(48))]

    /// The real evaluator and the reference (a scan over all claims) give the same rows with
    /// the same statuses, and counts agree with them.
    #[test]
    fn reference_evaluator_agrees((graph, query) in graph_and_query()) {
        let prepared = graph.prepare(&query).map_err(|e| TestCaseError::fail(e.render(&query)))?;
        let answer = prepared.run(&graph).expect("runs within the budget");
        let expected = reference::run(&graph, prepared.plan());
        let got: BTreeMap<EntityId, Status> =
            answer.rows().iter().map(|r| (r.entity, r.status)).collect();
        prop_assert_eq!(&got, &expected.rows, "{}\n{}{:?}", query, prepared.explain(&graph), graph);
        prop_assert_eq!(got.len(), answer.rows().len(), "a row twice in {}", query);
        if let Body::Values { rows } = &answer.body {
            let got: BTreeMap<(String, annals::model::ClaimId), Status> = rows
                .iter()
                .map(|r| ((r.id.clone(), r.evidence.claim), r.status))
                .collect();
            prop_assert_eq!(got.len(), rows.len(), "a value twice in {}", query);
            prop_assert_eq!(&got, &expected.values, "{}", query);
        }
        let tally = |s| expected.rows.values().filter(|x| **x == s).count();
        match &answer.body {
            Body::Count { count, .. } | Body::Share { part: count, .. } => {
                prop_assert_eq!(count.yes, tally(Status::Yes));
                prop_assert_eq!(count.possibly, tally(Status::Possibly));
                prop_assert_eq!(count.no_record, tally(Status::NoRecord));
                prop_assert_eq!(split_of(&answer.body), expected.split, "the split of {}", query);
            }
            Body::CountByYear { years, .. } => {
                let total: usize = years.iter().map(|y| y.count + y.possibly).sum();
                prop_assert_eq!(total, expected.rows.len());
            }
            _ => {}
        }
    }

    /// The same agreement, densely over the filters: every kind and every participle, with
    /// and without `not`, in a window of random years, with rules on and off and with all
    /// claims, counted (with the split of the kind) and listed.
    #[test]
    fn reference_evaluator_agrees_on_every_filter(
        graph in graph(),
        year in 1895..1965i32,
        span in 0..6i32,
        form in 0..4usize,
    ) {
        let schema = graph.schema();
        let time = window(year, span, form);
        for kind in schema.kinds() {
            for relation in schema.relations().iter().filter(|r| r.literal().is_some()) {
                for phrase in &relation.forward {
                    for option in ["", " with all claims"] {
                        let query = format!("{phrase} of ({}) {time}{option}", kind.plural);
                        let Ok(prepared) = graph.prepare(&query) else {
                            // The kind is not a subject of the relation.
                            continue;
                        };
                        let Body::Values { rows } = &prepared.run(&graph).expect("runs").body else {
                            return Err(TestCaseError::fail(format!("{query}: values")));
                        };
                        let got: BTreeMap<(String, annals::model::ClaimId), Status> = rows
                            .iter()
                            .map(|r| ((r.id.clone(), r.evidence.claim), r.status))
                            .collect();
                        let expected = reference::run(&graph, prepared.plan());
                        prop_assert_eq!(&got, &expected.values, "{}", query);
                    }
                }
            }
            for event_kind in schema.event_kinds() {
                for participle in &event_kind.participles {
                    for not in ["", "not "] {
                        // Counted, and listed: a filter over a kind leaves out, before their
                        // rows are made, the members the events index rules out.
                        for (option, count) in ["", " as recorded", " with all claims"]
                            .into_iter()
                            .flat_map(|option| [(option, "count "), (option, "")])
                        {
                            let query = format!("{count}{} {not}{participle} {time}{option}", kind.plural);
                            let prepared = graph.prepare(&query).map_err(|e| TestCaseError::fail(e.render(&query)))?;
                            let answer = prepared.run(&graph).expect("runs");
                            let got: BTreeMap<EntityId, Status> =
                                answer.rows().iter().map(|r| (r.entity, r.status)).collect();
                            let expected = reference::run(&graph, prepared.plan());
                            prop_assert_eq!(&got, &expected.rows, "{}", query);
                            if count.is_empty() {
                                continue;
                            }
                            prop_assert_eq!(split_of(&answer.body), expected.split, "the split of {}", query);
                            // yes + possibly + no + no record partitions the kind asked about.
                            let Body::Count { count, split: Some(split), .. } = &answer.body else {
                                return Err(TestCaseError::fail(format!("{query}: a count with a split")));
                            };
                            prop_assert_eq!(
                                count.yes + count.possibly + count.no_record + split.no + split.no_record,
                                split.whole,
                                "{}", query
                            );
                        }
                    }
                }
            }
        }
    }

    /// `count WALK of KINDS FILTERS per KIND` counts, for each entity of the kind, what
    /// A walk from one entity that feeds another step (`memberships of (members of X)`):
    /// where the entity's links of the relation reach strictly increasing positions, each
    /// link is a row of its own, made as the links are read (`Eval::walk_one`) instead of
    /// gathered, sorted and grouped. The two-hop answers agree with the reference over every
    /// pair of walk phrases from a few entities of each kind, with and without a window on
    /// the first hop (memberships without a time hold only *possibly* in one), as recorded,
    /// with all claims and according to a source, on graphs compacted (whose lists know
    /// their order) and not.
    #[test]
    fn walks_from_one_entity_agree_with_the_reference(
        graph in graph(),
        compacted in any::<bool>(),
        year in 1895..1965i32,
        span in 0..6i32,
        form in 0..4usize,
        option in 0..4usize,
    ) {
        let mut graph = graph;
        if compacted {
            graph.compact();
        }
        let schema = graph.schema();
        // Not `as of`, which the reference does not model.
        let option = scope_option(&graph, option, None);
        let phrases = walk_phrases(schema);
        for time in [String::new(), format!(" {}", window(year, span, form))] {
            for (first, kinds) in &phrases {
                for &kind in *kinds {
                    for &entity in graph.of_kind(kind).iter().take(3) {
                        let slug = graph.entity(entity).slug.to_string();
                        for (second, _) in &phrases {
                            let query = format!("{second} of ({first} of {slug}{time}){option}");
                            let Ok(prepared) = graph.prepare(&query) else {
                                // The second walk does not start from what the first reaches.
                                continue;
                            };
                            let answer = prepared.run(&graph).expect("runs within the budget");
                            let expected = reference::run(&graph, prepared.plan());
                            let got: BTreeMap<EntityId, Status> =
                                answer.rows().iter().map(|r| (r.entity, r.status)).collect();
                            prop_assert_eq!(&got, &expected.rows, "{}", query);
                        }
                    }
                }
            }
        }
    }

    /// `count WALK of ENTITY FILTERS` counts: the grouped count (one walk from every group,
    /// each member filtered once, the events index read where it decides) agrees with one
    /// query per group, over every relation phrase, with one or two filters, with and without
    /// `not`, in every form of window, under every option and scope. The generated graphs
    /// hold denials, several and deprecated dates, weak and deprecated participations and
    /// lives that end, which is where the events index hands over to the claims. Half the
    /// graphs are compacted first, so that every list is read from the arrays (with what they
    /// know of each list: one relation, targets in order) rather than from the write buffer;
    /// their groups hold members twice and out of order.
    #[test]
    fn count_per_agrees_with_a_count_of_each_group(
        graph in graph(),
        compacted in any::<bool>(),
        year in 1895..1965i32,
        span in 0..6i32,
        form in 0..4usize,
        filters in (0..64usize, 0..2usize, 0..64usize, 0..3usize),
        option in 0..6usize,
    ) {
        let mut graph = graph;
        if compacted {
            graph.compact();
        }
        let schema = graph.schema();
        let time = window(year, span, form);
        let participles: Vec<&String> =
            schema.event_kinds().iter().flat_map(|k| &k.participles).collect();
        if participles.is_empty() {
            return Ok(());
        }
        let (first, not, second, second_form) = filters;
        let mut filter = format!(
            "{}{} {time}",
            ["", "not "][not],
            participles[first % participles.len()]
        );
        match second_form {
            1 => filter.push_str(&format!(" {}", participles[second % participles.len()])),
            2 => filter.push_str(&format!(" not {} by {}", participles[second % participles.len()], year + span)),
            _ => {}
        }
        let option = scope_option(&graph, option, Some(year + span));
        for (phrase, groups) in walk_phrases(schema) {
            for &group in groups {
                let kind = schema.kind_def(group);
                let query = format!("count {phrase} of {} {filter} per {}{option}", kind.plural, kind.name);
                let prepared = graph.prepare(&query).map_err(|e| TestCaseError::fail(e.render(&query)))?;
                let Body::CountPer { groups: counted, .. } = prepared.run(&graph).expect("runs").body else {
                    return Err(TestCaseError::fail(format!("{query}: a count per group")));
                };
                let got: BTreeMap<String, annals::query::Tally> =
                    counted.iter().map(|g| (g.id.clone(), g.count)).collect();
                prop_assert_eq!(got.len(), counted.len(), "a group twice in {}", query);
                // Most first: by settled count, then *possibly*, then with no record.
                let most = |t: &annals::query::Tally| std::cmp::Reverse((t.yes, t.possibly, t.no_record));
                prop_assert!(
                    counted.windows(2).all(|w| most(&w[0].count) <= most(&w[1].count)),
                    "most first in {}", query
                );
                let mut expected = BTreeMap::new();
                for &entity in graph.of_kind(group) {
                    let slug = graph.entity(entity).slug.to_string();
                    let one = format!("count {phrase} of {slug} {filter}{option}");
                    let prepared = graph.prepare(&one).map_err(|e| TestCaseError::fail(e.render(&one)))?;
                    let answer = prepared.run(&graph).expect("runs");
                    // The group's own count splits its members as the reference does.
                    // (The reference does not model `as of`.)
                    if !one.contains(" as of ") {
                        let reference = reference::run(&graph, prepared.plan());
                        prop_assert_eq!(split_of(&answer.body), reference.split, "the split of {}", one);
                    }
                    let Body::Count { count, .. } = answer.body else {
                        return Err(TestCaseError::fail(format!("{one}: a count")));
                    };
                    if count != annals::query::Tally::default() {
                        expected.insert(slug, count);
                    }
                }
                prop_assert_eq!(&got, &expected, "{}", query);
            }
        }
    }

    /// A filter over a walk decides each entity the walk reaches from the events index
    /// before its row is made (the walk's sieve, `Eval::passes`), and meets the rows it keeps
    /// with what it found; over any other input it filters row by row. `(W and W) FILTER` has
    /// the rows of `W FILTER` (a row met with itself is itself) but takes the row-by-row way,
    /// so the two answers agree in everything they show: rows, statuses, dates, evidence in
    /// its order and, under `why`, the claims set aside. Over every walk phrase, from a whole
    /// kind (entities reached along several paths) and from single entities, every
    /// participle with and without `not`, in every form of window, with rules on and off and
    /// with all claims; the generated graphs hold denials, several, weak and deprecated
    /// dates and lives that end, where the quick path declines and the row is filtered as
    /// any other.
    #[test]
    fn a_sieved_walk_answers_as_rows_filtered_one_by_one(
        graph in graph(),
        year in 1895..1965i32,
        span in 0..6i32,
        form in 0..4usize,
        option in 0..3usize,
    ) {
        let schema = graph.schema();
        let time = window(year, span, form);
        let option = ["", " as recorded", " with all claims"][option];
        let participles: Vec<&String> =
            schema.event_kinds().iter().flat_map(|k| &k.participles).collect();
        for (phrase, from_kinds) in walk_phrases(schema) {
            for &from in from_kinds {
                let starts = std::iter::once(schema.kind_def(from).plural.clone()).chain(
                    graph.of_kind(from).iter().take(3).map(|e| graph.entity(*e).slug.to_string()),
                );
                for start in starts {
                    let walk = format!("{phrase} of {start}");
                    for participle in &participles {
                        for not in ["", "not "] {
                            let filter = format!("{not}{participle} {time}{option}");
                            let sieved = format!("why {walk} {filter}");
                            let one_by_one = format!("why ({walk} and {walk}) {filter}");
                            let run = |query: &str| {
                                graph.query(query).map_err(|e| TestCaseError::fail(e.render(query)))
                            };
                            let (sieved_answer, one_by_one_answer) = (run(&sieved)?, run(&one_by_one)?);
                            prop_assert_eq!(sieved_answer.rows(), one_by_one_answer.rows(), "{}", sieved);
                            prop_assert_eq!(
                                sieved_answer.to_string(),
                                one_by_one_answer.to_string(),
                                "{}", sieved
                            );
                        }
                    }
                }
            }
        }
    }

    /// After any sequence of writes, some refused, every index agrees with a scan of the
    /// claims, and a refused write changed nothing.
    #[test]
    fn indexes_agree_with_claims_after_writes(
        (schema, writes) in arb::schema().prop_flat_map(|s| (Just(s.clone()), arb::writes(&s)))
    ) {
        let mut graph = Graph::new(schema);
        for write in &writes {
            let before = annals::io::to_json(&graph);
            if write.apply(&mut graph).is_err() {
                prop_assert_eq!(annals::io::to_json(&graph), before);
            }
        }
        indexes_agree(&graph)?;
    }

    /// Saving as JSON and loading again gives the same graph.
    #[test]
    fn json_round_trips(graph in graph()) {
        let json = annals::io::to_json(&graph);
        let again = annals::io::from_json(&json, "generated.json")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(annals::io::to_json(&again), json);
        prop_assert_eq!(again.n_entities(), graph.n_entities());
        prop_assert_eq!(again.n_claims(), graph.n_claims());
        // Handles belong to their graph, so the two are compared position by position; a
        // claim's Debug shows its handles' positions, not their graph.
        for ((_, claim), (_, read)) in graph.claims().zip(again.claims()) {
            prop_assert_eq!(format!("{read:?}"), format!("{claim:?}"));
        }
        for ((_, entity), (_, read)) in graph.entities().zip(again.entities()) {
            prop_assert_eq!(read, entity);
        }
        indexes_agree(&again)?;
    }

    /// A query's syntax tree printed and parsed again is the same tree (up to spans): the
    /// printed text is a fixpoint, and it plans to the same plan.
    #[test]
    fn query_syntax_round_trips((graph, query) in graph_and_query()) {
        let ast = annals::query::parse(&query).map_err(|e| TestCaseError::fail(e.render(&query)))?;
        let printed = ast.to_string();
        let again = annals::query::parse(&printed).map_err(|e| TestCaseError::fail(e.render(&printed)))?;
        prop_assert_eq!(again.to_string(), printed.clone());
        let plan = graph.prepare(&query).map_err(|e| TestCaseError::fail(e.render(&query)))?;
        let replanned = graph.prepare(&printed).map_err(|e| TestCaseError::fail(e.render(&printed)))?;
        prop_assert_eq!(plan.plan(), replanned.plan(), "{} printed as {}", query, printed);
    }

    /// `A and B` answers what `B and A` answers.
    #[test]
    fn and_commutes((graph, a, b) in graph_and_sets()) {
        let ab = statuses(&graph, &format!("({a}) and ({b})"))?;
        let ba = statuses(&graph, &format!("({b}) and ({a})"))?;
        prop_assert_eq!(ab, ba);
    }

    /// Where every row is settled, `count (A or B)` = `count A` + `count B` − `count (A and B)`.
    #[test]
    fn inclusion_exclusion_where_settled((graph, a, b) in graph_and_sets()) {
        let rows_a = statuses(&graph, &a)?;
        let rows_b = statuses(&graph, &b)?;
        let settled = |rows: &BTreeMap<EntityId, Status>| rows.values().all(|s| *s == Status::Yes);
        let or = statuses(&graph, &format!("({a}) or ({b})"))?;
        let and = statuses(&graph, &format!("({a}) and ({b})"))?;
        if settled(&rows_a) && settled(&rows_b) {
            prop_assert!(settled(&or) && settled(&and));
            prop_assert_eq!(or.len() + and.len(), rows_a.len() + rows_b.len());
        }
        // Whatever is settled: the yes rows of `A or B` include those of each side.
        let (yes_a, _) = yes_and_all(&rows_a);
        let (yes_or, all_or) = yes_and_all(&or);
        prop_assert!(yes_a.is_subset(&yes_or));
        prop_assert!(all_or.len() <= rows_a.len() + rows_b.len());
    }

    /// `PARTICIPLE by Y` is monotone in Y: a later Y keeps every row, and every settled row
    /// stays settled.
    #[test]
    fn by_is_monotone_in_the_year(
        (graph, set) in graph().prop_flat_map(|g| (Just(g.clone()), arb::set(&g))),
        y1 in 1890..1970i32,
        dy in 0..30i32,
    ) {
        let participle = graph.schema().event_kinds().iter().find_map(|k| k.participles.first().cloned());
        let Some(participle) = participle else { return Ok(()); };
        let early = statuses(&graph, &format!("({set}) {participle} by {y1}"))?;
        let late = statuses(&graph, &format!("({set}) {participle} by {}", y1 + dy))?;
        let (early_yes, early_all) = yes_and_all(&early);
        let (late_yes, late_all) = yes_and_all(&late);
        prop_assert!(early_all.is_subset(&late_all));
        prop_assert!(early_yes.is_subset(&late_yes));
    }

    /// Dates print and parse back to themselves, in every precision and form.
    #[test]
    fn dates_print_and_parse_back(date in arb::date()) {
        prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
    }

    /// Three-valued time: `a before b` yes makes `b before a` no; `by` is monotone in its
    /// bound; a finer precision of the same date never turns a yes into a no (nor a no into
    /// a yes) in the point comparisons.
    #[test]
    fn time_laws(
        a in arb::date_between(1800, 2000),
        b in arb::date_between(1800, 2000),
        year in 1800..2000i32,
        later in 0..50i32,
        month in 1..=12u8,
        day in 1..=28u8,
    ) {
        if a.is_before(&b) == Truth::Yes {
            prop_assert_eq!(b.is_before(&a), Truth::No);
        }
        let (y1, y2) = (Date::year(year).unwrap(), Date::year(year + later).unwrap());
        if a.is_by(&y1) == Truth::Yes {
            prop_assert_eq!(a.is_by(&y2), Truth::Yes);
        }
        if a.is_by(&y2) == Truth::No {
            prop_assert_eq!(a.is_by(&y1), Truth::No);
        }
        let coarse = [Date::year(year).unwrap(), Date::month(year, month).unwrap()];
        let fine = [Date::month(year, month).unwrap(), Date::day(year, month, day).unwrap()];
        type Compare = fn(&Date, &Date) -> Truth;
        // `overlaps` reads both dates as periods that hold on every day, not as one unknown
        // day, so a finer date is a shorter period there and the law is not about it.
        let comparisons: [Compare; 4] =
            [Date::is_before, Date::is_after, Date::is_by, Date::is_within];
        for (coarse, fine) in coarse.iter().zip(&fine) {
            for compare in comparisons {
                let (c, f) = (compare(coarse, &b), compare(fine, &b));
                prop_assert!(!(c == Truth::Yes && f == Truth::No), "{} vs {} against {}", coarse, fine, b);
                prop_assert!(!(c == Truth::No && f == Truth::Yes), "{} vs {} against {}", coarse, fine, b);
            }
        }
    }
}
