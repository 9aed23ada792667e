//! Rendering for a terminal: query errors with carets, escaped text.

use super::*;

/// A query error for a terminal, in the form of `QueryError::render` and the README:
///
/// ```text
/// error: no entity is named "Stalinn"
///  --> <stdin>:3:12
///   | members of Stalinn
///   |            ^^^^^^^
///   = hint: did you mean Joseph Stalin (stalin)?
/// ```
///
/// The caret line copies the tabs of the query line so that it stays aligned; columns are
/// counted in characters. An empty span (the end of the text) gets one caret.
pub(crate) fn render_error(error: &QueryError, text: &str, location: String) -> String {
    let start = floor_boundary(text, error.span.start);
    let end = floor_boundary(text, error.span.end.max(start));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let before: String = escape(&text[line_start..start])
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = escape(&text[start..end.min(line_end)])
        .chars()
        .count()
        .max(1);

    let mut out = format!("error: {}\n", escape(&error.message));
    out.push_str(&format!(" --> {location}\n"));
    out.push_str(&format!("  | {}\n", escape(line)));
    out.push_str(&format!("  | {before}{}\n", "^".repeat(width)));
    if let Some(hint) = &error.hint {
        out.push_str(&format!("  = hint: {}\n", escape(hint)));
    }
    out
}

/// `text` with control characters (NUL, ESC, …) and the marks that reorder text
/// (right-to-left overrides and isolates) written as `\u{…}`, so that a query or a name can
/// neither drive the terminal nor scramble the line.
pub(crate) fn escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            let unsafe_char = c.is_control() && c != '\t'
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if unsafe_char {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The largest char boundary of `text` at or before `offset`.
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

// ---------------------------------------------------------------------------------------------
// :help and :schema
