//! The workload of issue 10 on generated prosopographies (`annals::generate`): each workload
//! query at 10,000 and 100,000 people (and 1,000,000 with `ANNALS_BENCH_1M=1`), loading the
//! generated folder from its JSON snapshot and from TOML, and the memory a graph takes per
//! claim (resident-set growth, printed; Linux only).
//!
//! `cargo bench --bench scale` (the comparison with SQLite and Oxigraph is `compare/`).

use std::hint::black_box;
use std::time::Duration;

use annals::generate::{Config, Prosopography};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("ANNALS_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

/// Resident memory of this process, from /proc (Linux); 0 elsewhere.
fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn workload(c: &mut Criterion) {
    for people in sizes() {
        let data = Prosopography::new(&Config { people, seed: 1 });
        let before = rss_bytes();
        let graph = data.graph();
        let grown = rss_bytes().saturating_sub(before);
        println!(
            "memory at {people} people: {:.1} MiB for {} claims, {:.0} B per claim (resident-set growth)",
            grown as f64 / 1048576.0,
            graph.n_claims(),
            grown as f64 / graph.n_claims() as f64
        );
        let (small, large) = (data.small_slug(), data.large_slug());
        let name = &data.people[people / 2].name;
        let queries = [
            ("q1-small", format!("members of {small} arrested by 1940")),
            ("q1-large", format!("members of {large} arrested by 1940")),
            (
                "q2",
                "count members of institutions arrested by 1940 per institution".to_owned(),
            ),
            (
                "q3",
                format!("memberships of members of {large} except {large}"),
            ),
            ("name", format!("\"{name}\"")),
        ];
        let mut group = c.benchmark_group("workload");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(3));
        for (label, text) in &queries {
            let query = graph.prepare(text).expect("plans");
            group.bench_function(BenchmarkId::new(*label, people), |b| {
                // The rows read once, as in the comparison: they are put in name order when
                // first read.
                b.iter(|| {
                    let answer = query.run(&graph);
                    if let Ok(annals::query::Answer {
                        body: annals::query::Body::Rows { rows },
                        ..
                    }) = &answer
                    {
                        black_box(rows.entities().next());
                    }
                    black_box(answer)
                })
            });
        }
        group.finish();
    }
}

fn loading(c: &mut Criterion) {
    for people in sizes() {
        let data = Prosopography::new(&Config { people, seed: 1 });
        let dir =
            std::env::temp_dir().join(format!("annals-bench-{people}-{}", std::process::id()));
        data.write(&dir).expect("writes");
        let json = std::fs::read_to_string(dir.join("snapshot.json")).expect("reads");
        let mut group = c.benchmark_group("load");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
        group.bench_function(BenchmarkId::new("api", people), |b| {
            b.iter(|| black_box(data.graph()))
        });
        group.bench_function(BenchmarkId::new("json", people), |b| {
            b.iter(|| black_box(annals::io::from_json(&json, "snapshot.json").expect("loads")))
        });
        group.bench_function(BenchmarkId::new("toml", people), |b| {
            b.iter(|| black_box(annals::load(&dir).expect("loads")))
        });
        group.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, workload, loading);
criterion_main!(benches);
