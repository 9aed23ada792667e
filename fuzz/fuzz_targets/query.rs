//! Any text as a query over the bundled data: an answer or a located error, never a panic,
//! an abort or a hang (the default limits bound the length, depth and rows touched).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn graph() -> &'static annals::Graph {
    static GRAPH: OnceLock<annals::Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        annals::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data")).expect("bundled data loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match graph().prepare(text) {
        Ok(query) => {
            let _ = query.explain(graph());
            if let Ok(answer) = query.run(graph()) {
                let _ = answer.to_json();
                let _ = answer.to_string();
            }
        }
        Err(error) => {
            assert!(error.span.start <= error.span.end && error.span.end <= text.len());
            let _ = error.render(text);
        }
    }
});
