//! A data file cut at its top-level tables, so that each run of tables is parsed on its own
//! and dropped once converted, instead of the whole file held as one document.
//!
//! The toml crate parses a text into a span-annotated tree of the whole document before serde
//! reads it: at a million people that tree was the whole peak of a load (4.6× the graph) and
//! most of its time. Here the file is first lexed with `toml_parser` (the toml crate's own
//! lexer, without building anything) to find where its `[[entity]]`, `[[event]]`, `[[claim]]`,
//! `[[quote]]` and `[defaults]` headers are; each run of consecutive tables of one kind, up to
//! [`GROUP_BYTES`], is then parsed by the toml crate as a document of its own.
//!
//! This gives the same tables as parsing the whole file whenever every group parses, because
//! every table the cut separates is one that TOML keeps apart anyway: only the five headers
//! above cut, `[defaults]` may appear once, and nothing but comments may come before the first
//! header. A file with anything else (a key before the first header, a dotted header such as
//! `[[claim.cite]]`, a quoted or spaced key in a header) is not cut, and a group that does not
//! parse makes the load start again with whole files; so every error is the one the whole-file
//! parse reports.

use std::sync::mpsc;

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

use super::DataDoc;

/// The size a group of tables grows to before the next table starts a new one: large enough
/// that a parse's fixed cost is spread over many tables, small enough that its tree stays in
/// the cache and is freed at once.
const GROUP_BYTES: usize = 32 * 1024;

/// What the tables of a group are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Defaults,
    Entity,
    Event,
    Claim,
    Quote,
}

/// A run of consecutive tables of one kind: bytes `start..end` of its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Group {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// How many tables (headers) it holds.
    pub tables: usize,
}

/// The groups of `text`, in order, or `None` when the file must be parsed whole (see the
/// module's comment). Cost: one pass of the lexer over the text, no allocation but the list.
pub(super) fn split(text: &str) -> Option<Vec<Group>> {
    let mut groups: Vec<Group> = Vec::new();
    // Open `[` and `{` of the value being read: a newline inside one does not end it.
    let mut depth = 0usize;
    let mut line_start = true;
    let mut seen_defaults = false;
    let mut tokens = Source::new(text).lex();
    while let Some(token) = tokens.next() {
        match token.kind() {
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::Newline => line_start |= depth == 0,
            TokenKind::Eof => break,
            TokenKind::LeftSquareBracket if line_start && depth == 0 => {
                let start = token.span().start();
                let mut end = token.span().end();
                // The header runs to the end of its line (a comment may follow it).
                for token in tokens.by_ref() {
                    match token.kind() {
                        TokenKind::Newline | TokenKind::Eof => break,
                        TokenKind::Whitespace | TokenKind::Comment => {}
                        _ => end = token.span().end(),
                    }
                }
                let kind = match text.get(start..end)? {
                    "[[entity]]" => Kind::Entity,
                    "[[event]]" => Kind::Event,
                    "[[claim]]" => Kind::Claim,
                    "[[quote]]" => Kind::Quote,
                    "[defaults]" if !seen_defaults => {
                        seen_defaults = true;
                        Kind::Defaults
                    }
                    _ => return None,
                };
                match groups.last_mut() {
                    Some(last)
                        if last.kind == kind
                            && kind != Kind::Defaults
                            && start - last.start < GROUP_BYTES =>
                    {
                        last.tables += 1;
                    }
                    last => {
                        if let Some(last) = last {
                            last.end = start;
                        }
                        groups.push(Group {
                            start,
                            end: text.len(),
                            kind,
                            tables: 1,
                        });
                    }
                }
                line_start = true;
            }
            kind => {
                // A key and value before the first header belongs to the root table, which
                // a cut file has no place for.
                if groups.is_empty() {
                    return None;
                }
                line_start = false;
                match kind {
                    TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
                    TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                        depth = depth.saturating_sub(1)
                    }
                    _ => {}
                }
            }
        }
    }
    Some(groups)
}

/// Parses one group of `text`; `None` if it does not parse (the whole file's parse then says
/// why, with the message a reader expects).
pub(super) fn parse<'t>(text: &'t str, group: &Group) -> Option<DataDoc<'t>> {
    toml::from_str(text.get(group.start..group.end)?).ok()
}

/// A group to parse: which file (its place in the load's list), its text, the group.
#[derive(Clone, Copy)]
pub(super) struct Job<'t> {
    pub file: usize,
    pub text: &'t str,
    pub group: Group,
}

/// Calls `body` with `jobs` parsed, in order. The parsing runs on a second thread, a bounded
/// distance ahead of `body`, when the machine has a core for it and a thread can be started;
/// else on this one as `body` asks. The second thread does nothing but parse: it reports no
/// progress and touches no stream, so it cannot wait on anything the caller holds (a locked
/// stderr, say). If `body` stops early, the thread stops at its next group.
pub(super) fn with_parsed<'t, R>(
    jobs: &[Job<'t>],
    body: impl FnOnce(&mut dyn Iterator<Item = (Job<'t>, Option<DataDoc<'t>>)>) -> R,
) -> R {
    let here = |job: &Job<'t>| (*job, parse(job.text, &job.group));
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !parallel || jobs.len() < 2 {
        return body(&mut jobs.iter().map(here));
    }
    std::thread::scope(|scope| {
        // A few groups ahead: enough to keep both threads busy, few enough that the parsed
        // tables waiting never weigh on the peak.
        let (sender, receiver) = mpsc::sync_channel(16);
        let spawned = std::thread::Builder::new()
            .name("annals-parse".into())
            .spawn_scoped(scope, move || {
                for job in jobs {
                    if sender.send(here(job)).is_err() {
                        return;
                    }
                }
            });
        match spawned {
            Ok(_) => body(&mut receiver.into_iter()),
            Err(_) => body(&mut jobs.iter().map(here)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Option<Vec<(Kind, usize)>> {
        split(text).map(|groups| groups.iter().map(|g| (g.kind, g.tables)).collect())
    }

    #[test]
    fn cuts_at_top_level_headers_only() {
        let text = "# a comment\n\n[defaults]\nsources = [\"a\"]\n\n[[entity]]\nid = \"x\"\naliases = [\n  [1],\n]\n  [[entity]] # indented\nid = \"y\"\n[[claim]]\nquote = '''\n[[event]]\n'''\nnote = \"\"\"\n[[quote]]\"\"\"\n";
        assert_eq!(
            kinds(text),
            Some(vec![
                (Kind::Defaults, 1),
                (Kind::Entity, 2),
                (Kind::Claim, 1)
            ])
        );
        let groups = split(text).unwrap_or_default();
        assert_eq!(groups[0].start, text.find("[defaults]").unwrap_or(0));
        assert_eq!(groups[1].end, groups[2].start);
        assert_eq!(groups[2].end, text.len());
    }

    #[test]
    fn leaves_whole_what_a_cut_could_change() {
        for text in [
            "x = 1\n[[claim]]\n",
            "[[claim]]\n[[claim.cite]]\nsource = \"a\"\n",
            "[defaults]\n[defaults]\n",
            "[[ claim ]]\n",
            "[\"defaults\"]\n",
            "[entity]\n",
        ] {
            assert_eq!(kinds(text), None, "{text:?}");
        }
        assert_eq!(kinds("# nothing\n"), Some(vec![]));
    }

    #[test]
    fn groups_many_tables_of_one_kind() {
        let mut text = String::new();
        for i in 0..5000 {
            text.push_str(&format!("[[claim]]\nsubject = \"p{i}\"\n\n"));
        }
        let groups = split(&text).unwrap_or_default();
        assert!(groups.len() > 1);
        assert_eq!(groups.iter().map(|g| g.tables).sum::<usize>(), 5000);
        assert!(groups.windows(2).all(|w| w[0].end == w[1].start));
    }
}
