//! Reading a JSON file in pieces: the file is read a chunk at a time, and each entity and
//! claim is parsed from the chunk that holds it and added to the graph at once, so neither the
//! file's text nor its parsed document is ever held whole (at a million people the text alone
//! was 838 MB, 1.5 times the graph it makes, and made the load's peak 3 times the graph).
//!
//! Only the layout [`to_json`](super::to_json) writes is read this way: an object with
//! `format`, `schema`, `entities` and `claims` in that order, each key once. Anything else
//! (another order, bad JSON, a refused entity or claim, a file that cannot be read or is not
//! UTF-8) makes [`read`] give up with `None`, having added nothing anyone sees, and the caller
//! reads the whole file as before: so every error is the one the whole text gives, with its
//! file, line and column, and the load stays all-or-nothing.
//!
//! Each value is parsed by serde_json from a slice of the chunk; JSON's objects and strings
//! end with their own closing byte, so a value cut by the chunk's end is seen as one (an
//! end-of-input error), and parsed again once the next chunk is read. The pieces parsed this
//! way, with the commas and brackets checked between them, are exactly the document's values.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::FORMAT;
use super::convert::{doc_to_claim, doc_to_entity, doc_to_schema};
use super::types::{ClaimJson, EntityJson, SchemaJson};
use crate::Graph;
use crate::model::Slug;

/// How much of the file is read at a time: a value longer than this grows the buffer.
const CHUNK: usize = 1 << 20;

/// The graph in the JSON file at `path`, read in pieces, or `None` when the file is anything
/// but a readable document in [`to_json`](super::to_json)'s layout whose every entity and
/// claim the graph accepts (the caller then reads the whole file to say why).
///
/// Cost: two reads of the file (one to count its claims and check that it is UTF-8, one to
/// parse it) and O(size of the graph), holding about two chunks of the text at a time.
pub(super) fn read(path: &Path) -> Option<Graph> {
    read_with(path, CHUNK)
}

/// [`read`] with chunks of `chunk` bytes (small in tests, to cut values everywhere).
fn read_with(path: &Path, chunk: usize) -> Option<Graph> {
    let claims = count_claims(path, chunk)?;
    let mut pieces = Pieces {
        file: File::open(path).ok()?,
        buf: Vec::new(),
        pos: 0,
        eof: false,
        chunk,
    };
    // A byte-order mark, as `from_json` accepts it (the first chunk may be shorter).
    while pieces.buf.len() < 3 && pieces.more().is_some() {}
    if pieces.buf.starts_with("\u{feff}".as_bytes()) {
        pieces.pos = 3;
    }
    pieces.expect(b'{')?;
    pieces.key("format")?;
    (pieces.value::<String>()? == FORMAT).then_some(())?;
    pieces.expect(b',')?;
    pieces.key("schema")?;
    let schema = doc_to_schema(&pieces.value::<SchemaJson>()?).ok()?;
    let mut graph = Graph::new(schema);
    graph.begin_bulk();
    pieces.expect(b',')?;
    pieces.key("entities")?;
    pieces.each(|doc: EntityJson| {
        doc.id.parse::<Slug>().ok()?;
        let entity = doc_to_entity(&graph, &doc).ok()?;
        graph.add_entity(entity).ok().map(drop)
    })?;
    pieces.expect(b',')?;
    pieces.key("claims")?;
    graph.reserve(0, claims);
    pieces.each(|doc: ClaimJson| {
        let claim = doc_to_claim(&graph, &doc).ok()?;
        graph.add_claim(claim).ok().map(drop)
    })?;
    pieces.expect(b'}')?;
    // Nothing but whitespace may follow.
    pieces.next_byte().is_none().then_some(())?;
    graph.end_bulk();
    Some(graph)
}

/// How many `"fact":` keys the file holds: one per claim, and the sequence cannot occur inside
/// a JSON string (a quote there is escaped), so the table of claims is sized once instead of
/// doubled near the end of the load, when the old and new tables would be alive together.
/// `None` if the file cannot be read or is not UTF-8 (which the whole read reports).
fn count_claims(path: &Path, chunk: usize) -> Option<usize> {
    const KEY: &str = "\"fact\":";
    let mut file = File::open(path).ok()?;
    let (mut buf, mut count, mut total) = (Vec::new(), 0, 0);
    loop {
        buf.reserve(chunk);
        let read = (&mut file).take(chunk as u64).read_to_end(&mut buf).ok()?;
        total += read;
        // The text up to a character cut by the chunk's end.
        let text = match std::str::from_utf8(&buf) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() && read > 0 => {
                std::str::from_utf8(&buf[..e.valid_up_to()]).ok()?
            }
            Err(_) => return None,
        };
        count += text.matches(KEY).count();
        if read == 0 {
            // A claim written out takes more than 64 bytes, which bounds what a document
            // full of such keys can reserve.
            return Some(count.min(total / 64));
        }
        // Keep what a key cut by the chunk's end may have started: fewer bytes than the key,
        // from a character's start (the key is ASCII, so no match lies wholly inside them),
        // and the bytes of a cut character.
        let mut keep = text.len().saturating_sub(KEY.len() - 1);
        while !text.is_char_boundary(keep) {
            keep -= 1;
        }
        buf.drain(..keep);
    }
}

/// The file being read: `buf[pos..]` is read but not yet parsed.
struct Pieces {
    file: File,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    chunk: usize,
}

impl Pieces {
    /// Reads more of the file after what is left unparsed; `None` at the file's end or if it
    /// cannot be read.
    fn more(&mut self) -> Option<()> {
        if self.eof {
            return None;
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        // A value longer than a chunk doubles what is read at once.
        let want = self.chunk.max(self.buf.len());
        // Room for it at once: `read_to_end` would otherwise grow the buffer step by step.
        self.buf.reserve(want);
        let read = (&mut self.file)
            .take(want as u64)
            .read_to_end(&mut self.buf)
            .ok()?;
        self.eof = read == 0;
        (!self.eof).then_some(())
    }

    /// The next byte that is not JSON whitespace, consumed; `None` at the end.
    fn next_byte(&mut self) -> Option<u8> {
        loop {
            match self.buf[self.pos..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            {
                Some(at) => {
                    self.pos += at + 1;
                    return Some(self.buf[self.pos - 1]);
                }
                None => {
                    self.pos = self.buf.len();
                    self.more()?;
                }
            }
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next_byte()? == byte).then_some(())
    }

    /// The key `name` and its colon.
    fn key(&mut self, name: &str) -> Option<()> {
        (self.value::<String>()? == name).then_some(())?;
        self.expect(b':')
    }

    /// The next value, as `T`; `None` if it is not one, or the file ends first.
    fn value<T: DeserializeOwned>(&mut self) -> Option<T> {
        loop {
            let mut values =
                serde_json::Deserializer::from_slice(&self.buf[self.pos..]).into_iter::<T>();
            match values.next() {
                Some(Ok(value)) => {
                    self.pos += values.byte_offset();
                    return Some(value);
                }
                // Only whitespace, or a value cut by the chunk's end: read on.
                None => self.more()?,
                Some(Err(e)) if e.is_eof() => self.more()?,
                Some(Err(_)) => return None,
            }
        }
    }

    /// An array of `T`, each given to `add` as soon as it is parsed.
    fn each<T: DeserializeOwned>(&mut self, mut add: impl FnMut(T) -> Option<()>) -> Option<()> {
        self.expect(b'[')?;
        // An empty array.
        if self.next_byte()? == b']' {
            return Some(());
        }
        self.pos -= 1;
        loop {
            add(self.value::<T>()?)?;
            match self.next_byte()? {
                b',' => {}
                b']' => return Some(()),
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::convert::graph_to_doc;
    use super::*;

    /// The bundled graph, written as `to_json` writes it, altered by `edit`, in a file; read in
    /// pieces of `chunk` bytes and whole (`from_json`).
    fn both(
        edit: impl Fn(String) -> String,
        chunk: usize,
    ) -> (Option<Graph>, Result<Graph, crate::io::LoadError>) {
        let text = edit(super::super::to_json(&crate::bundled()));
        // A file of its own for each call (the tests run in parallel).
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("annals-pieces-{}-{call}.json", std::process::id()));
        std::fs::write(&path, &text).expect("writes");
        let pieces = read_with(&path, chunk);
        let whole = super::super::from_json(&text, &path);
        std::fs::remove_file(&path).expect("removes");
        (pieces, whole)
    }

    #[test]
    fn reads_the_graph_that_the_whole_text_gives() {
        let keep = |text: String| text;
        let bom = |text: String| format!("\u{feff}{text}");
        // Compact, as serde_json writes the document without indenting it.
        let compact =
            |_: String| serde_json::to_string(&graph_to_doc(&crate::bundled())).expect("writes");
        let empty = |text: String| {
            let at = text.find("\"claims\": [").expect("has claims");
            format!("{}\"claims\": []\n}}", &text[..at])
        };
        let edits = [&keep as &dyn Fn(String) -> String, &bom, &compact, &empty];
        for (i, edit) in edits.iter().enumerate() {
            // Chunks cut values everywhere, at one byte (slow: once), at a few, and as loads do.
            for chunk in [1, 7, 300, CHUNK].into_iter().filter(|c| i == 0 || *c > 1) {
                let (pieces, whole) = both(edit, chunk);
                let Some(pieces) = pieces else {
                    panic!("edit {i}, chunk {chunk}: not read in pieces");
                };
                let whole = whole.expect("reads");
                assert_eq!(
                    super::super::to_json(&pieces),
                    super::super::to_json(&whole)
                );
                assert_eq!(pieces.n_claims(), whole.n_claims());
            }
        }
    }

    #[test]
    fn gives_up_on_what_the_whole_text_reads_otherwise() {
        let edits: [&dyn Fn(String) -> String; 8] = [
            // Bad JSON: a missing comma, a trailing comma, text after the document, a cut.
            &|t| t.replacen("},\n    {", "}\n    {", 1),
            &|t| t.replacen("}\n  ],\n  \"claims\"", "},\n  ],\n  \"claims\"", 1),
            &|t| format!("{t} x"),
            &|t| t[..t.len() / 2].to_owned(),
            // Another format, an unknown entity in a claim, another order of the fields.
            &|t| t.replacen("annals-graph/1", "annals-graph/2", 1),
            &|t| t.replacen("\"subject\": \"", "\"subject\": \"no-such-", 1),
            // (serde_json's map sorts the keys: claims, entities, format, schema)
            &|t| {
                let value: serde_json::Value = serde_json::from_str(&t).expect("parses");
                serde_json::to_string_pretty(&value).expect("writes")
            },
            // A bad id.
            &|t| t.replacen("\"id\": \"", "\"id\": \"Not An Id ", 1),
        ];
        for (i, edit) in edits.iter().enumerate() {
            for chunk in [7, CHUNK] {
                let (pieces, whole) = both(edit, chunk);
                assert!(pieces.is_none(), "edit {i}, chunk {chunk}");
                // The reordered document is one the whole read accepts; the others are not.
                assert_eq!(whole.is_ok(), i == 6, "edit {i}");
            }
        }
    }
}
