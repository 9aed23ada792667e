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

/// Whether `text` has a byte other than printable ASCII, a newline or a tab: only then can it
/// hold an [`is_unsafe`] character or one of more than one byte. The test reads every byte
/// without stopping early, which the compiler vectorizes.
fn any_odd(text: &str) -> bool {
    let odd = |b: u8| (b < b' ' && b != b'\n' && b != b'\t') || b > b'~';
    text.bytes().fold(false, |seen, b| seen | odd(b))
}

/// [`escape`] and the width of the result in characters, for a table's cell: a cell of
/// printable ASCII (most of them) is read once.
pub(crate) fn escape_with_width(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    if !any_odd(text) {
        return (std::borrow::Cow::Borrowed(text), text.len());
    }
    let cell = escape(text);
    let width = cell.chars().count();
    (cell, width)
}

/// `text` with every [`is_unsafe`] character written as `\u{…}`, for messages and tables.
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, newlines and tabs (most cells of a table) need no look at characters.
    if !any_odd(text) || !text.chars().any(is_unsafe) {
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
