//! Loads a dataset folder, a JSON snapshot or a binary snapshot and prints what it took: the
//! time, the resident memory after the load and its peak, and bytes per claim; given a query
//! too, the time of its first run after the load (which pays for what the evaluator builds on
//! first use) and of a second run.
//!
//! `cargo run --release --example measure -- DIR|FILE.json|FILE.snapshot [QUERY]`
#![forbid(unsafe_code)]

use std::time::Instant;

use peak_alloc::PeakAlloc;

/// The system allocator, counting the bytes live and their peak (the peak_alloc crate, so that
/// no allocator code of our own needs `unsafe`): what the graph holds, apart from the
/// allocator's own overhead and fragmentation, which the resident set shows.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The CPU time this process has used so far (user and system, all threads), from
/// /proc/self/stat, in seconds: Linux counts it in ticks of 1/100 s.
fn cpu_seconds() -> f64 {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = text.rsplit_once(')').map_or("", |(_, rest)| rest);
    let field = |n: usize| {
        rest.split_whitespace()
            .nth(n)
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (field(11) + field(12)) / 100.0
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: measure DIR|FILE.json|FILE.snapshot [QUERY]");
        std::process::exit(2);
    };
    let before = status("VmRSS:");
    // The peak is over the process's life; before the load it holds only a few kilobytes.
    let heap_before = ALLOCATOR.current_usage();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let graph = if path.ends_with(".snapshot") {
        annals::io::load_snapshot(&path).map_err(annals::Error::from)
    } else if path.ends_with(".json") {
        annals::io::load_json(&path).map_err(annals::Error::from)
    } else {
        annals::load(&path).map_err(annals::Error::from)
    };
    let elapsed = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    let graph = match graph {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    let after = status("VmRSS:");
    let heap = ALLOCATOR.current_usage() - heap_before;
    let heap_peak = ALLOCATOR.peak_usage() - heap_before;
    let claims = graph.n_claims().max(1) as f64;
    println!(
        "heap: {:.1} MiB live ({:.0} B/claim; claims {:.0}, index {:.0} B/claim), peak {:.1} MiB ({:.2}x)",
        heap as f64 / 1048576.0,
        heap as f64 / claims,
        graph.claim_bytes() as f64 / claims,
        graph.index_bytes() as f64 / claims,
        heap_peak as f64 / 1048576.0,
        heap_peak as f64 / heap.max(1) as f64,
    );
    let peak = status("VmHWM:");
    let grown = after.saturating_sub(before);
    println!(
        "{path}: {} entities, {} claims in {elapsed:.2?} ({cpu:.2} s CPU); resident {:.1} MiB ({:.0} B/claim), peak {:.1} MiB ({:.2}x)",
        graph.n_entities(),
        graph.n_claims(),
        grown as f64 / 1048576.0,
        grown as f64 / graph.n_claims().max(1) as f64,
        peak as f64 / 1048576.0,
        peak as f64 / after.max(1) as f64,
    );
    // After the figures above, so that they describe the load alone (timed, like the load, on
    // the counting allocator, which adds a little to each allocation).
    if let Some(query) = std::env::args().nth(2) {
        let mut times = Vec::new();
        for _ in 0..2 {
            let started = Instant::now();
            match graph.query(&query) {
                Ok(answer) => {
                    // Rows are put in name order when first read: the first is read, so that
                    // the time includes it, as a shown answer's would.
                    if let annals::query::Body::Rows { rows } = &answer.body {
                        std::hint::black_box(rows.entities().next());
                    }
                    drop(std::hint::black_box(answer))
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::exit(1);
                }
            }
            times.push(started.elapsed());
        }
        println!(
            "first query after the load: {:.2?} (a second run: {:.2?}): {query}",
            times[0], times[1]
        );
    }
}
