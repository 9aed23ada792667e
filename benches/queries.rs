//! Benchmarks, one group per stage, over the query corpus that the tests check
//! (`tests/queries/answers.txt`): loading the bundled dataset, parsing, planning, evaluating,
//! rendering.
//!
//! `cargo bench --bench queries`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

/// The queries of the answer corpus.
fn corpus() -> Vec<String> {
    let text = std::fs::read_to_string("tests/queries/answers.txt").expect("corpus");
    text.lines()
        .filter_map(|l| l.strip_prefix("> "))
        .map(str::to_owned)
        .collect()
}

fn load(c: &mut Criterion) {
    c.bench_function("load/data", |b| {
        b.iter(|| annals::load(black_box("data")).expect("loads"))
    });
}

fn stages(c: &mut Criterion) {
    let graph = annals::load("data").expect("loads");
    let queries = corpus();
    let mut group = c.benchmark_group("query");
    group.bench_function("parse/corpus", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(annals::query::parse(q).expect("parses"));
            }
        })
    });
    group.bench_function("parse+plan/corpus", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(graph.prepare(q).expect("plans"));
            }
        })
    });
    let prepared: Vec<_> = queries
        .iter()
        .map(|q| graph.prepare(q).expect("plans"))
        .collect();
    group.bench_function("eval/corpus", |b| {
        b.iter(|| {
            for q in &prepared {
                black_box(q.run(&graph).expect("runs"));
            }
        })
    });
    let answers: Vec<_> = prepared
        .iter()
        .map(|q| q.run(&graph).expect("answers"))
        .collect();
    group.bench_function("render/corpus", |b| {
        b.iter(|| {
            for a in &answers {
                black_box(a.to_string());
                black_box(a.to_json());
            }
        })
    });
    group.bench_function("end-to-end/flagship", |b| {
        b.iter(|| {
            black_box(
                graph
                    .query("members of 1934 Central Committee arrested by 1940")
                    .expect("answers")
                    .to_string(),
            )
        })
    });
    group.bench_function("eval/flagship", |b| {
        let q = graph
            .prepare("members of 1934 Central Committee arrested by 1940")
            .expect("plans");
        b.iter(|| black_box(q.run(&graph).expect("runs")))
    });
    group.finish();
}

criterion_group!(benches, load, stages);
criterion_main!(benches);
