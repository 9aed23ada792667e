//! Any text as a JSON snapshot: a graph or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = annals::io::from_json(text, "fuzz.json");
    }
});
