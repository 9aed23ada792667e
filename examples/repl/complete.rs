//! Tab completion: words, phrases, names, ids and commands.

use super::*;

/// One thing Tab can insert.
pub(crate) struct Candidate {
    /// What the typed prefix is matched against: lowercase, without quotes.
    pub(crate) key: String,
    /// The text inserted (quoted if the name needs it).
    pub(crate) replacement: String,
    /// A name (rather than a word of the language): offered only after a typed prefix.
    pub(crate) is_name: bool,
}

/// rustyline's helper: completes words, phrases, names, ids and commands.
pub(crate) struct ReplHelper {
    /// Vocabulary, then names, aliases and ids, without duplicates.
    pub(crate) candidates: Vec<Candidate>,
    /// For `:load DIR`.
    pub(crate) files: FilenameCompleter,
}

impl ReplHelper {
    pub(crate) fn new(graph: &Graph) -> ReplHelper {
        let mut helper = ReplHelper {
            candidates: Vec::new(),
            files: FilenameCompleter::new(),
        };
        let mut seen = std::collections::HashSet::new();
        let words = annals::query::vocabulary(graph)
            .into_iter()
            .map(|w| (w, false));
        let names = graph.entities().flat_map(|(_, entity)| {
            entity
                .names()
                .map(str::to_owned)
                .chain(std::iter::once(entity.slug.to_string()))
                .map(|n| (n, true))
                .collect::<Vec<_>>()
        });
        for (text, is_name) in words.chain(names) {
            let text = text.trim().to_owned();
            if text.is_empty() || !seen.insert(text.to_lowercase()) {
                continue;
            }
            let replacement = if is_name && needs_quotes(&text) {
                format!("\"{text}\"")
            } else {
                text.clone()
            };
            helper.candidates.push(Candidate {
                key: text.to_lowercase(),
                replacement,
                is_name,
            });
        }
        helper
            .candidates
            .sort_by(|a, b| a.key.cmp(&b.key).then(a.replacement.cmp(&b.replacement)));
        helper
    }

    /// Completions of a query whose text starts at `start` of `line`, for the cursor at `pos`.
    pub(crate) fn complete_query(
        &self,
        line: &str,
        start: usize,
        pos: usize,
    ) -> (usize, Vec<Pair>) {
        let text = &line[start..pos];
        // Inside an open quote: complete a name and close the quote.
        if text.matches('"').count() % 2 == 1 {
            let quote = start + text.rfind('"').unwrap_or(0);
            let prefix = line[quote + 1..pos].to_lowercase();
            let pairs = self
                .candidates
                .iter()
                .filter(|c| c.is_name && c.key.starts_with(&prefix))
                .map(|c| {
                    let name = c.replacement.trim_matches('"');
                    pair(&format!("\"{name}\""))
                })
                .collect();
            return (quote, pairs);
        }
        // Try the longest run of trailing words first, so that phrases and names of several
        // words complete as a whole (`industrial o` → `industrial output`).
        let starts = word_starts(line, start, pos);
        for &from in starts.iter().rev().take(6).rev() {
            let prefix = line[from..pos].to_lowercase();
            if prefix.is_empty() {
                // After a space: offer the words of the language, not every name.
                let pairs = self
                    .candidates
                    .iter()
                    .filter(|c| !c.is_name)
                    .map(|c| pair(&c.replacement))
                    .collect();
                return (pos, pairs);
            }
            let matches: Vec<&Candidate> = self
                .candidates
                .iter()
                .filter(|c| c.key.starts_with(&prefix))
                .collect();
            if matches.is_empty() {
                continue;
            }
            if let Some(extended) = extend_ignoring_case(&line[from..pos], &matches) {
                return (from, vec![pair(&extended)]);
            }
            return (from, matches.iter().map(|c| pair(&c.replacement)).collect());
        }
        (pos, Vec::new())
    }
}

/// What `typed` can be extended to when every match begins with the same letters, ignoring
/// case and quotes. rustyline extends only by a prefix common byte for byte, so `Kir` would
/// not become `Kirov` with `kirov-1933-text` and `"Kirov's words of 1933"` among the matches.
/// The extension keeps what was typed and takes the rest from the first match; it is offered
/// only if it can stand unquoted in a query.
pub(crate) fn extend_ignoring_case(typed: &str, matches: &[&Candidate]) -> Option<String> {
    let first = matches.first()?;
    // Quoted names only: rustyline's own extension keeps the opening quote.
    if matches.len() < 2 || matches.iter().all(|c| c.replacement.starts_with('"')) {
        return None;
    }
    let texts: Vec<Vec<char>> = matches
        .iter()
        .map(|c| c.replacement.trim_matches('"').chars().collect())
        .collect();
    let same = |a: char, b: char| a.to_lowercase().eq(b.to_lowercase());
    let mut common = texts[0].len();
    for text in &texts[1..] {
        common = common.min(
            texts[0]
                .iter()
                .zip(text)
                .take_while(|(a, b)| same(**a, **b))
                .count(),
        );
    }
    let typed_chars = typed.chars().count();
    if common <= typed_chars || typed.starts_with('"') {
        return None;
    }
    let rest: String = first
        .replacement
        .trim_matches('"')
        .chars()
        .skip(typed_chars)
        .take(common - typed_chars)
        .collect();
    let extended = format!("{typed}{rest}");
    let clean = !extended.contains(['(', ')', '"', '“', '”']) && !needs_quotes(extended.trim_end());
    clean.then_some(extended)
}

/// A completion shown and inserted as `text`.
pub(crate) fn pair(text: &str) -> Pair {
    Pair {
        display: text.to_owned(),
        replacement: text.to_owned(),
    }
}

/// Where words start in `line[start..pos]`, in order; `pos` itself if the cursor follows a
/// space. Brackets separate words.
pub(crate) fn word_starts(line: &str, start: usize, pos: usize) -> Vec<usize> {
    let is_break = |c: char| c.is_whitespace() || c == '(' || c == ')';
    let mut starts = Vec::new();
    let mut previous_break = true;
    for (i, c) in line[start..pos].char_indices() {
        if !is_break(c) && previous_break {
            starts.push(start + i);
        }
        previous_break = is_break(c);
    }
    if previous_break {
        starts.push(pos);
    }
    starts
}

/// Whether a name must be quoted in a query: it holds a connective (`Party of the Soviet
/// Union`) or a character that cannot be part of a word.
pub(crate) fn needs_quotes(name: &str) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '\'' | '’' | '.');
    name.split_whitespace().any(|word| {
        RESERVED_WORDS.contains(&word.to_lowercase().as_str()) || !word.chars().all(word_char)
    }) || name.split_whitespace().next().is_some_and(|first| {
        // A leading command word would be read as the command.
        ["count", "why", "share"].contains(&first.to_lowercase().as_str())
    })
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = &line[..pos];
        let lead = head.len() - head.trim_start().len();
        let Some(command) = head[lead..].strip_prefix(':') else {
            return Ok(self.complete_query(line, 0, pos));
        };
        match command.split_once(char::is_whitespace) {
            // The command's name.
            None => {
                let pairs = COMMANDS
                    .iter()
                    .filter(|c| c.starts_with(&head[lead..]))
                    .map(|c| match *c {
                        // Commands that take an argument get the space before it.
                        ":load" | ":format" | ":explain" | ":draw" | ":timeline" => {
                            pair(&format!("{c} "))
                        }
                        _ => pair(c),
                    })
                    .collect();
                Ok((lead, pairs))
            }
            Some(("explain", _)) => {
                let start = lead + 1 + "explain".len();
                Ok(self.complete_query(line, start, pos))
            }
            Some((c @ ("draw" | "timeline"), _)) => {
                let start = lead + 1 + c.len();
                Ok(self.complete_query(line, start, pos))
            }
            Some(("format", arg)) => {
                let arg = arg.trim_start();
                let pairs = ["table", "json"]
                    .iter()
                    .filter(|f| f.starts_with(arg))
                    .map(|f| pair(f))
                    .collect();
                Ok((pos - arg.len(), pairs))
            }
            Some(("load", _)) => self.files.complete(line, pos, ctx),
            Some(_) => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}
