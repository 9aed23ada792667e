//! A query past its budget stops before it gathers, or asks for, more than the budget: the
//! heap it takes is bounded by the budget, not by what the query would have made. (A walk
//! from rows with long evidence copies that evidence into every hit; at a million people,
//! `members of memberships of members of memberships of members of institutions` once asked
//! for 2.5 TB in one reservation and aborted the process; `co-members of members of body-0`
//! was killed for memory.)
//!
//! This file is its own test binary because it counts the heap (peak_alloc).

use annals::Graph;
use annals::generate::{Config, Prosopography};
use annals::model::{Claim, Entity, Fact};
use annals::query::{Options, QueryErrorKind};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

#[test]
fn a_walk_past_its_budget_stops_within_it() {
    let graph = Prosopography::new(&Config {
        people: 20_000,
        seed: 1,
    })
    .graph();
    // A claim id is 4 bytes, a hit 16: a budget of a million rows and claims is at most
    // tens of MiB however the walk goes. The query would make hundreds of millions.
    let options = Options {
        budget: 1_000_000,
        ..Options::default()
    };
    for query in [
        "members of memberships of members of memberships of members of institutions",
        "events of members of memberships of members of memberships of members of institutions",
        "count members of memberships of members of memberships of members of institutions per institution",
        // Each of the large body's 4,000 members is a co-member of every other: 16 million
        // pairs. At a million people this one was killed for memory (23 GB resident).
        "co-members of members of body-0",
        "count co-members of each member of institutions",
    ] {
        HEAP.reset_peak_usage();
        let before = HEAP.current_usage();
        let error = graph.query_with(query, options).unwrap_err();
        let peak = HEAP.peak_usage().saturating_sub(before);
        assert_eq!(error.kind, QueryErrorKind::OverBudget, "{query}");
        assert!(
            peak < 64 << 20,
            "{query}: the heap grew by {} MiB",
            peak >> 20
        );
    }
}

/// A transitive relation's closure gives every entity reached its whole chain: along a chain
/// of n places that is n²/2 claims, gathered in the store before the query sees them. It stops
/// at the budget too.
#[test]
fn a_transitive_reach_past_its_budget_stops_within_it() {
    let schema = annals::io::schema_from_str(
        &std::fs::read_to_string("data/schema.toml").unwrap(),
        "data/schema.toml",
    )
    .unwrap();
    let place = schema.kind("place").unwrap();
    let source = schema.kind("source").unwrap();
    let part_of = schema.relation("part_of").unwrap();
    let mut graph = Graph::new(schema);
    let cited = graph
        .add_entity(Entity::new("roll".parse().unwrap(), source, "A roll"))
        .unwrap();
    // 12,000 places, each part of the next: the top one's parts are all the others, the
    // last of them 12,000 claims from it (72 million claims in all).
    let n = 12_000;
    let places: Vec<_> = (0..n)
        .map(|i| {
            let slug = format!("place-{i}").parse().unwrap();
            graph
                .add_entity(Entity::new(slug, place, format!("Place {i}")))
                .unwrap()
        })
        .collect();
    // From the bottom up, so that the cycle check of each link finds nothing above it.
    for i in 0..n - 1 {
        let link = Fact::Link {
            subject: places[i],
            relation: part_of,
            object: places[i + 1],
            role: None,
            during: None,
        };
        graph.add_claim(Claim::new(link, cited)).unwrap();
    }
    let options = Options {
        budget: 1_000_000,
        ..Options::default()
    };
    HEAP.reset_peak_usage();
    let before = HEAP.current_usage();
    let query = format!("parts of place-{}", n - 1);
    let error = graph.query_with(&query, options).unwrap_err();
    let peak = HEAP.peak_usage().saturating_sub(before);
    assert_eq!(error.kind, QueryErrorKind::OverBudget);
    assert!(peak < 64 << 20, "the heap grew by {} MiB", peak >> 20);
    // Within the budget, the same question on a short chain answers.
    let short = graph.query_with("parts of place-10", options).unwrap();
    assert_eq!(short.len(), 10);
}
