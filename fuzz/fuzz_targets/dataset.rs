//! Any text as a data file added to the bundled data: loaded, or refused with a located error
//! and the graph unchanged; never a panic.
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
    let mut copy = graph().clone();
    let before = (copy.n_entities(), copy.n_claims());
    if copy
        .extend_from_texts(&[("fuzz.toml".into(), text.to_owned())])
        .is_err()
    {
        assert_eq!((copy.n_entities(), copy.n_claims()), before);
    }
    // The schema reader too.
    let _ = annals::io::schema_from_str(text, "schema.toml");
});
