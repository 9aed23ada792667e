//! Loads a dataset and prints what it holds: counts per kind, claims, sources and warnings.
//!
//! `cargo run --example stats [DIR]`

fn main() -> std::process::ExitCode {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "data".to_owned());
    let graph = match annals::load(&dir) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let schema = graph.schema();
    for (i, kind) in schema.kinds().iter().enumerate() {
        let id = schema
            .kind(&kind.name)
            .unwrap_or_else(|| unreachable!("kind {i} exists"));
        println!("{:>6} {}", graph.of_kind(id).len(), kind.plural);
    }
    println!("{:>6} claims", graph.n_claims());
    for warning in graph.warnings() {
        println!("warning: {warning}");
    }
    std::process::ExitCode::SUCCESS
}
