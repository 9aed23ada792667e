//! Name normalization for lookups: case-, accent- and punctuation-insensitive.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a name for lookup: compatibility-decomposes it, drops accents, lowercases, turns
/// punctuation into spaces and collapses runs of spaces. Cost: O(length of `name`).
///
/// Scripts are kept apart: `Ежов` does not become `Ezhov`; transliterations are aliases.
///
/// ```
/// use annals::model::normalize;
/// assert_eq!(normalize("  Ordzhonikidze, G. K. "), "ordzhonikidze g k");
/// assert_eq!(normalize("Kollontái"), "kollontai");
/// assert_eq!(normalize("Central Committee (1934)"), "central committee 1934");
/// ```
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalize_into(name, &mut out);
    out
}

/// [`normalize`], appending to `out` instead of allocating: for a caller that normalizes many
/// names into one buffer. Cost: O(length of `name`).
pub(crate) fn normalize_into(name: &str, out: &mut String) {
    // Where this name starts in `out`: a space goes between words of this name only.
    let start = out.len();
    let mut pending_space = false;
    if name.is_ascii() {
        // The same steps without decomposition, which leaves ASCII as it is: sorting rows by
        // name normalizes every row's name, and most names are ASCII.
        for b in name.bytes() {
            if matches!(b, b'\'' | b'`') {
                continue;
            }
            if b.is_ascii_alphanumeric() {
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_space = true;
            }
        }
        return;
    }
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        // Apostrophes and soft signs inside words are transliteration noise (Ob'edinenie).
        if matches!(c, '\'' | '’' | 'ʼ' | '`') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
}

/// The longest name, in characters, that [`nearest`] looks for: a longer text is no mistyped
/// name, and comparing it with every candidate would take seconds.
pub const MAX_SUGGESTED_LEN: usize = 200;

/// The candidates nearest to `name` (normalized Jaro-Winkler similarity of at least 0.8 and
/// within 0.08 of the best, best first), for "did you mean" hints; none for a name longer
/// than 200 (`MAX_SUGGESTED_LEN`) characters. Cost: for each candidate, normalizing it, O(its
/// length), and comparing it with `name`, O(product of the two lengths) at worst; then sorting the
/// matches, O(m log m) for m matches. O(candidates) overall for names of bounded length.
///
/// ```
/// use annals::model::nearest;
/// let names = ["yezhov", "yagoda", "beria"];
/// assert_eq!(nearest("yezhof", names.iter().copied(), 3), vec!["yezhov"]);
/// ```
pub fn nearest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    if name.chars().count() > MAX_SUGGESTED_LEN {
        return Vec::new();
    }
    let wanted = normalize(name);
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::jaro_winkler(&wanted, &normalize(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    // Far worse than the best match is noise next to it.
    let best = scored.first().map_or(0.0, |(score, _)| *score);
    scored
        .into_iter()
        .take_while(|(score, _)| *score >= best - 0.08)
        .take(most)
        .map(|(_, c)| c)
        .collect()
}
