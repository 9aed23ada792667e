//! The graph algorithms behind the network queries (`src/store/network.rs`): chains along a
//! transitive relation, the cycle check on writes, and the shortest connections between two
//! entities, checked for every pair of a sample over both datasets.

use annals::Graph;
use annals::model::{Claim, ClaimId, EntityId, Fact};

/// The entities a claim mentions.
fn mentions(graph: &Graph, claim: ClaimId) -> Vec<EntityId> {
    graph.claim(claim).fact.entities()
}

/// Every chain links its two ends hop by hop, all chains of an answer are equally long (the
/// shortest), and none is longer than the limit.
fn check_connections(graph: &Graph, slugs: &[&str]) {
    let ids: Vec<EntityId> = slugs
        .iter()
        .map(|s| graph.by_slug(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    let mut connected = 0;
    for &a in &ids {
        for &b in &ids {
            let chains = graph.connections(a, b, 6, |_| true);
            if a == b {
                assert!(chains.is_empty());
                continue;
            }
            assert!(chains.len() <= annals::store::MAX_CONNECTIONS);
            let Some(first) = chains.first() else {
                continue;
            };
            connected += 1;
            for chain in &chains {
                assert_eq!(chain.len(), first.len(), "all chains are shortest");
                assert!(chain.len() <= 6);
                let mut at = a;
                for (claim, next) in chain {
                    let m = mentions(graph, *claim);
                    assert!(
                        m.contains(&at) && m.contains(next),
                        "a hop links its two ends"
                    );
                    at = *next;
                }
                assert_eq!(at, b, "a chain ends at the other end");
            }
            // The reverse direction is as long.
            let back = graph.connections(b, a, 6, |_| true);
            assert_eq!(back.first().map(Vec::len), Some(first.len()));
        }
    }
    assert!(connected > 0, "the sample has connected pairs");
}

#[test]
fn connections_over_the_bundled_data() {
    let graph = annals::load("data").unwrap();
    check_connections(
        &graph,
        &[
            "stalin",
            "bukharin",
            "yezhov",
            "kollontai",
            "kirov",
            "uritsky",
            "cc-1934",
            "smolny",
        ],
    );
}

#[test]
fn connections_over_the_terror_data() {
    let graph = annals::load("tests/datasets/terror").unwrap();
    check_connections(
        &graph,
        &[
            "robespierre",
            "danton",
            "carnot",
            "fouquier",
            "marie-antoinette",
            "cps",
            "paris",
        ],
    );
}

#[test]
fn chains_follow_the_transitive_relation_and_reach_agrees() {
    let graph = annals::load("tests/datasets/terror").unwrap();
    let lies_in = graph.schema().relation("lies_in").unwrap();
    let paris = graph.by_slug("paris").unwrap();
    let inside = graph.reach(paris, &[lies_in], true);
    assert!(inside.len() >= 4, "{inside:?}");
    for (site, chain) in inside {
        // The chain from the site up to Paris is as long as the one reach found down.
        let up = graph.chain(site, paris, &[lies_in]).expect("a chain up");
        assert_eq!(up.len(), chain.len());
        assert!(graph.chain(paris, site, &[lies_in]).is_none());
    }
}

#[test]
fn a_link_that_closes_a_cycle_is_refused_and_changes_nothing() {
    let mut graph = annals::load("tests/datasets/terror").unwrap();
    let lies_in = graph.schema().relation("lies_in").unwrap();
    let paris = graph.by_slug("paris").unwrap();
    let conciergerie = graph.by_slug("conciergerie").unwrap();
    let source = graph.by_slug("enwiki").unwrap();
    let n_claims = graph.n_claims();
    let fact = Fact::Link {
        subject: paris,
        relation: lies_in,
        object: conciergerie,
        role: None,
        during: None,
    };
    let error = graph.add_claim(Claim::new(fact, source)).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("paris → conciergerie → ile-de-la-cite → paris"),
        "{error}"
    );
    assert_eq!(graph.n_claims(), n_claims);
    // A place inside itself is a cycle too.
    let itself = Fact::Link {
        subject: paris,
        relation: lies_in,
        object: paris,
        role: None,
        during: None,
    };
    assert!(graph.add_claim(Claim::new(itself, source)).is_err());
    assert_eq!(graph.n_claims(), n_claims);
}

/// The shortest connections as a plain breadth-first search from each end over every claim
/// would find them: the distances of every entity from `a` and from `b`, then every chain
/// whose steps go one further from `a` and one nearer `b`, spelled out in the order of their
/// claims (between two entities, the first claim that joins them), the first
/// `MAX_CONNECTIONS`.
fn connections_by_full_search(
    graph: &Graph,
    a: EntityId,
    b: EntityId,
    max_hops: usize,
    admit: &dyn Fn(ClaimId) -> bool,
) -> Vec<Vec<(ClaimId, EntityId)>> {
    use std::collections::{HashMap, VecDeque};
    let edges = |x: EntityId| -> Vec<(ClaimId, EntityId)> {
        let mut out = Vec::new();
        for c in graph.claims_about(x) {
            let other = match &graph.claim(*c).fact {
                Fact::Link {
                    subject, object, ..
                } => {
                    if *subject == x {
                        *object
                    } else {
                        *subject
                    }
                }
                Fact::Participation {
                    event, participant, ..
                } => {
                    if *event == x {
                        *participant
                    } else {
                        *event
                    }
                }
                _ => continue,
            };
            if other != x && admit(*c) {
                out.push((*c, other));
            }
        }
        out
    };
    let distances = |from: EntityId| {
        let mut dist = HashMap::from([(from.index(), 0usize)]);
        let mut queue = VecDeque::from([from]);
        while let Some(x) = queue.pop_front() {
            let d = dist[&x.index()];
            for (_, y) in edges(x) {
                if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(y.index()) {
                    e.insert(d + 1);
                    queue.push_back(y);
                }
            }
        }
        dist
    };
    if a == b || max_hops == 0 {
        return Vec::new();
    }
    let (from_a, from_b) = (distances(a), distances(b));
    let Some(&hops) = from_a.get(&b.index()).filter(|h| **h <= max_hops) else {
        return Vec::new();
    };
    fn spell(
        x: EntityId,
        chain: &mut Vec<(ClaimId, EntityId)>,
        out: &mut Vec<Vec<(ClaimId, EntityId)>>,
        next: &dyn Fn(EntityId, usize) -> Vec<(ClaimId, EntityId)>,
        hops: usize,
    ) {
        if chain.len() == hops {
            out.push(chain.clone());
            return;
        }
        for (c, y) in next(x, chain.len()) {
            if out.len() >= annals::store::MAX_CONNECTIONS {
                return;
            }
            chain.push((c, y));
            spell(y, chain, out, next, hops);
            chain.pop();
        }
    }
    let next = |x: EntityId, at: usize| {
        let mut steps: Vec<(ClaimId, EntityId)> = edges(x)
            .into_iter()
            .filter(|(_, y)| {
                from_a.get(&y.index()) == Some(&(at + 1))
                    && from_b.get(&y.index()) == Some(&(hops - at - 1))
            })
            .collect();
        steps.sort();
        let mut seen = std::collections::HashSet::new();
        steps.retain(|(_, y)| seen.insert(y.index()));
        steps
    };
    let mut out = Vec::new();
    spell(a, &mut Vec::new(), &mut out, &next, hops);
    out
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(annals::arb::config(64))]

    /// The two-ended search gives the chains a full search from each end gives, for every
    /// pair of a random graph, every limit and with some claims refused.
    #[test]
    fn connections_agree_with_a_full_search(
        graph in annals::arb::schema().prop_flat_map(|schema| annals::arb::graph(&schema)),
        max_hops in 1usize..6,
        refuse in 0usize..4,
    ) {
        let admit = |c: ClaimId| refuse == 0 || c.index() % 4 != refuse;
        let ids: Vec<EntityId> = graph.entities().map(|(id, _)| id).collect();
        for &a in &ids {
            for &b in &ids {
                let expected = connections_by_full_search(&graph, a, b, max_hops, &admit);
                let found = graph.connections(a, b, max_hops, admit);
                prop_assert_eq!(found, expected, "{:?} to {:?} within {}", a, b, max_hops);
            }
        }
    }
}
