//! A query past its budget stops before it gathers, or asks for, more than the budget: the
//! heap it takes is bounded by the budget, not by what the query would have made. (A walk
//! from rows with long evidence copies that evidence into every hit; at a million people,
//! `members of memberships of members of memberships of members of institutions` once asked
//! for 2.5 TB in one reservation and aborted the process; `co-members of members of body-0`
//! was killed for memory.)
//!
//! This file is its own test binary because it counts the heap (peak_alloc).

use annals::generate::{Config, Prosopography};
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
