//! Writes a seeded synthetic prosopography (see `annals::generate`): `schema.toml`, the data
//! files, `snapshot.json` and `graph.snapshot`, then loads each back and prints what it took
//! (with a progress bar when stderr is a terminal).
//!
//! `cargo run --release --features generate --example generate -- --people 100000 --out /tmp/p100k [--seed 1] [--executions]`
//!
//! `--executions` adds executions and the rules that reason over them
//! (`Prosopography::with_executions`).

use std::process::ExitCode;
use std::time::Instant;

use annals::generate::{Config, Prosopography};

fn main() -> ExitCode {
    let mut people = 10_000;
    let mut seed = 1;
    let mut out = None;
    let mut executions = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--executions" {
            executions = true;
            continue;
        }
        let value = args.next();
        match (arg.as_str(), value) {
            ("--people", Some(v)) if v.parse::<usize>().is_ok() => {
                people = v.parse().unwrap_or(people)
            }
            ("--seed", Some(v)) if v.parse::<u64>().is_ok() => seed = v.parse().unwrap_or(seed),
            ("--out", Some(v)) => out = Some(v),
            _ => {
                eprintln!("usage: generate --people N --out DIR [--seed S] [--executions]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: generate --people N --out DIR [--seed S] [--executions]");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let mut data = Prosopography::new(&Config { people, seed });
    if executions {
        data = data.with_executions(seed);
    }
    if let Err(error) = data.write(&out) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {out}: {} people, {} institutions, {} memberships, {} arrests, {} executions, {} claims in {:.1?}",
        data.people.len(),
        data.institutions.len(),
        data.memberships.len(),
        data.arrests.len(),
        data.executions.len(),
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
    // Load what was written back, every way, and say what it took (with a progress bar on a
    // terminal).
    let dir = std::path::Path::new(&out);
    let loads: [(&str, &Load); 3] = [
        ("the TOML folder", &|bar| {
            annals::io::load_with_progress(dir, &|p| bar.show(p)).map(|(graph, _)| graph)
        }),
        ("the JSON snapshot", &|_| {
            annals::io::load_json(dir.join("snapshot.json"))
        }),
        ("the binary snapshot", &|bar| {
            annals::io::load_snapshot_with_progress(dir.join("graph.snapshot"), &|p| bar.show(p))
        }),
    ];
    for (what, load) in loads {
        let started = Instant::now();
        let bar = Bar::new();
        let loaded = load(&bar);
        bar.finish();
        match loaded {
            Ok(graph) => eprintln!(
                "loaded {what}: {} entities, {} claims in {:.1?}",
                graph.n_entities(),
                graph.n_claims(),
                started.elapsed()
            ),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// One way to load the folder back.
type Load<'a> = dyn Fn(&Bar) -> Result<annals::Graph, annals::io::LoadError> + 'a;

/// A progress bar on stderr when it is a terminal; nothing otherwise.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        use std::io::IsTerminal;
        Bar(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "loading {msg:>8} [{bar:30}] {pos}/{len} ({elapsed})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        }))
    }

    fn show(&self, progress: annals::io::Progress) {
        if let Some(bar) = &self.0 {
            bar.set_message(progress.stage.name());
            bar.set_length(progress.total);
            bar.set_position(progress.done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
