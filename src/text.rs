//! Small text helpers shared by the stages.

/// The 1-based line and character column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The noun with its indefinite article: `a person`, `an institution`.
pub(crate) fn article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiou".contains(c.to_ascii_lowercase()));
    if vowel {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// Whether a character must not reach a terminal raw: control characters (NUL, ESC, …), and
/// the invisible marks that reorder text (right-to-left overrides and isolates).
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_unsafe`] character written as `\u{…}`, for messages and tables.
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, newlines and tabs (most cells of a table) need no look at characters.
    let plain = |b: &u8| matches!(b, b' '..=b'~' | b'\n' | b'\t');
    if text.bytes().all(|b| plain(&b)) || !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
