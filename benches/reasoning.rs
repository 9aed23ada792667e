//! Benchmarks of reasoning over the bundled data: building the reasoned graph (what a first
//! query after a write pays), and the flagship count with the rules, as recorded, and with the
//! four-way split; conflicts and check.
//!
//! `cargo bench --bench reasoning`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn reasoning(c: &mut Criterion) {
    let graph = annals::load("data").expect("loads");
    let mut group = c.benchmark_group("reasoning");
    group.bench_function("infer/bundled", |b| {
        // `graph` has not reasoned yet, so each clone runs the rules from scratch (the figure
        // includes the clone of the recorded graph).
        b.iter(|| black_box(graph.clone().reasoned().n_claims()))
    });
    let _ = graph.reasoned();
    for (name, text) in [
        (
            "flagship/rows",
            "members of 1934 Central Committee arrested by 1940",
        ),
        (
            "flagship/rows-as-recorded",
            "members of 1934 Central Committee arrested by 1940 as recorded",
        ),
        (
            "flagship/count-split",
            "count members of 1934 Central Committee arrested by 1940",
        ),
        ("conflicts/all", "conflicts"),
        ("check/cc-1934", "check cc-1934"),
    ] {
        let query = graph.prepare(text).expect("plans");
        group.bench_function(name, |b| {
            b.iter(|| black_box(query.run(&graph).expect("runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, reasoning);
criterion_main!(benches);
