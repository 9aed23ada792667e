//! Writes a seeded synthetic prosopography (see `annals::generate`): `schema.toml`, the data
//! files and `snapshot.json`, then loads the folder back and prints what it took.
//!
//! `cargo run --release --features generate --example generate -- --people 100000 --out /tmp/p100k [--seed 1]`

use std::process::ExitCode;
use std::time::Instant;

use annals::generate::{Config, Prosopography};

fn main() -> ExitCode {
    let mut people = 10_000;
    let mut seed = 1;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--people", Some(v)) if v.parse::<usize>().is_ok() => {
                people = v.parse().unwrap_or(people)
            }
            ("--seed", Some(v)) if v.parse::<u64>().is_ok() => seed = v.parse().unwrap_or(seed),
            ("--out", Some(v)) => out = Some(v),
            _ => {
                eprintln!("usage: generate --people N --out DIR [--seed S]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: generate --people N --out DIR [--seed S]");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let data = Prosopography::new(&Config { people, seed });
    if let Err(error) = data.write(&out) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {out}: {} people, {} institutions, {} memberships, {} arrests, {} claims in {:.1?}",
        data.people.len(),
        data.institutions.len(),
        data.memberships.len(),
        data.arrests.len(),
        data.n_claims(),
        started.elapsed()
    );
    eprintln!(
        "the workload: Q1 `members of {} arrested by 1940` (143 members), on `{}` ({} members)",
        data.small_slug(),
        data.large_slug(),
        data.memberships.iter().filter(|(_, b)| *b == 0).count()
    );
    drop(data);
    // Load what was written back, both ways, and say what it took.
    let started = Instant::now();
    let from_toml = match annals::load(&out) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "loaded the TOML folder: {} claims in {:.1?}",
        from_toml.n_claims(),
        started.elapsed()
    );
    drop(from_toml);
    let started = Instant::now();
    let path = std::path::Path::new(&out).join("snapshot.json");
    match annals::io::load_json(&path) {
        Ok(graph) => eprintln!(
            "loaded the JSON snapshot: {} claims in {:.1?}",
            graph.n_claims(),
            started.elapsed()
        ),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
