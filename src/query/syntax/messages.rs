//! Grammar errors in words: what the parser expected, named for a user, with a hint where a
//! common slip is recognized (an option where a set goes, a connective inside a name, a
//! repeated `not`).

use super::Rule;
use crate::query::ast::Span;
use crate::query::error::{QueryError, QueryErrorKind};

/// A grammar error in words: where, what was expected, what was found.
pub(super) fn syntax_error(text: &str, error: pest::error::Error<Rule>) -> QueryError {
    let start = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let found_end = text
        .get(start..)
        .map(|rest| {
            let word = rest
                .char_indices()
                .find(|(_, c)| c.is_whitespace())
                .map_or(rest.len(), |(i, _)| i);
            start + word.max(rest.chars().next().map_or(0, char::len_utf8))
        })
        .unwrap_or(start);
    let found = text.get(start..found_end).unwrap_or("");
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
            words.sort_unstable();
            words.dedup();
            words
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // The grammar failed where it has nothing to say it expected (inside an option).
    let nothing_expected = expected.is_empty();
    let expected = match expected.as_slice() {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let before = text.get(..start).unwrap_or("").to_lowercase();
    let as_of = as_of_before(text, start);
    // `prisoners of as of 1990`: the grammar fails inside the date of an `as of` that stands
    // where a set was expected.
    if let Some(as_start) = as_of.filter(|_| nothing_expected && !found.is_empty()) {
        let end = found_end.max(start);
        // `… as of as of 1991`: the first has no date.
        if let Some(first) = as_of_before(text, as_start) {
            return QueryError::new(
                QueryErrorKind::Syntax,
                text,
                Span { start: first, end },
                "`as of` is given twice".to_owned(),
            )
            .with_hint("keep one `as of` and its date: `members of cc-1934 as of 1956`");
        }
        let option = text.get(as_start..end).unwrap_or("");
        return QueryError::new(
            QueryErrorKind::Syntax,
            text,
            Span {
                start: as_start,
                end,
            },
            format!("`{option}` cannot stand here: `as of` ends a query, after the set it limits"),
        )
        .with_hint("`as of` comes last: `members of cc-1934 as of 1956`");
    }
    // `… per as recorded`: an option where a word was expected.
    let rest = text.get(start..).unwrap_or("").to_lowercase();
    let rest: Vec<&str> = rest.split_whitespace().take(3).collect();
    let option = match rest.as_slice() {
        ["as", "recorded", ..] => Some("as recorded"),
        ["with", "all", "claims", ..] => Some("with all claims"),
        _ => None,
    };
    if let Some(option) = option.filter(|_| nothing_expected) {
        let words = if option == "as recorded" { 2 } else { 3 };
        let end = text
            .get(start..)
            .unwrap_or("")
            .split_whitespace()
            .take(words)
            .last()
            .and_then(|w| {
                text.get(start..)
                    .and_then(|r| r.find(w))
                    .map(|i| start + i + w.len())
            })
            .unwrap_or(found_end);
        let after_per = before.split_whitespace().last() == Some("per");
        let (message, hint) = if after_per {
            (
                format!("expected a kind after `per`, found `{option}`"),
                format!(
                    "`per` and a kind group a count: `count members of institutions executed per institution {option}`"
                ),
            )
        } else {
            (
                format!("expected a name, kind or phrase before `{option}`"),
                format!("options come last, after the set: `members of cc-1934 {option}`"),
            )
        };
        return QueryError::new(QueryErrorKind::Syntax, text, Span { start, end }, message)
            .with_hint(hint);
    }
    let message = if found.is_empty() {
        format!("expected {expected} at the end of the query")
    } else {
        format!("expected {expected}, found `{found}`")
    };
    let mut error = QueryError::new(
        QueryErrorKind::Syntax,
        text,
        Span {
            start,
            end: found_end.max(start),
        },
        message,
    );
    let word = found.to_lowercase();
    let previous = before.split_whitespace().last().unwrap_or("");
    let next = text
        .get(found_end..)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let hint = match (word.as_str(), previous, next.as_str()) {
        _ if as_of.is_some() => Some(
            "`as of` takes a date, the last by which a source was published: `members of cc-1934 as of 1956`"
                .to_owned(),
        ),
        ("not", "not", _) => Some(
            "`not` negates the one filter after it, and twice means nothing: drop both `not`s"
                .to_owned(),
        ),
        ("by", _, "year") => Some(
            "`by year` groups a count of a set: `count members of cc-1917 executed by year`"
                .to_owned(),
        ),
        ("not", "" | "count" | "why", _) => {
            Some("`not` negates a filter after a set: `members of cc-1917 not executed`".to_owned())
        }
        (
            "of" | "and" | "or" | "except" | "not" | "by" | "before" | "after" | "in" | "between"
            | "at" | "when" | "with",
            _,
            _,
        ) => Some(format!(
            "`{found}` is a connective; a name that contains it needs quotes: \"…\""
        )),
        _ => None,
    };
    if let Some(hint) = hint {
        error = error.with_hint(hint);
    }
    error
}

/// Where `as` begins when the last two words before `at` are `as of`, in any case.
fn as_of_before(text: &str, at: usize) -> Option<usize> {
    let mut end = at;
    for word in ["of", "as"] {
        let head = text.get(..end)?.trim_end();
        let start = head.len().checked_sub(word.len())?;
        let whole_word = head
            .get(..start)?
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        if !(whole_word && head.get(start..)?.eq_ignore_ascii_case(word)) {
            return None;
        }
        end = start;
    }
    Some(end)
}

/// Grammar rules in words, for messages; `None` hides a rule that says nothing to a user.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::query | Rule::expr | Rule::term | Rule::chain | Rule::base => {
            "a name, kind or phrase"
        }
        Rule::words | Rule::word | Rule::phrase => "a name, kind or phrase",
        Rule::quoted | Rule::quoted_text | Rule::curly_text => "a quoted name",
        Rule::group => "`(`",
        Rule::command | Rule::count_kw | Rule::share_kw | Rule::why_kw => {
            "`count`, `share of` or `why`"
        }
        Rule::set_op | Rule::and_kw | Rule::or_kw | Rule::except_kw => "`and`, `or` or `except`",
        Rule::filter | Rule::filter_term | Rule::filter_group | Rule::filter_op => {
            "a filter such as `arrested`"
        }
        Rule::with_filter | Rule::with_kw => "`with`",
        // A qualifier is a time or a name after a connective: each named once, so that the
        // list of what was expected does not say "a time" twice.
        Rule::qualifier => "a time such as `by 1940`",
        Rule::reference | Rule::at_kw | Rule::when_kw => {
            "a name after a connective (`by NKVD`, `after assassination-of-kirov`)"
        }
        Rule::between_names => "`between A and B`",
        // An optional prefix: naming it after `count` says nothing useful.
        Rule::limit | Rule::first_kw | Rule::latest_kw | Rule::earliest_kw => return None,
        Rule::row_count => "a number of rows",
        Rule::order => "`by date`",
        Rule::time
        | Rule::by_kw
        | Rule::before_kw
        | Rule::after_kw
        | Rule::in_kw
        | Rule::between_kw
        | Rule::between => "a time such as `by 1940`",
        Rule::date | Rule::iso_date | Rule::written_date | Rule::year_number => {
            "a date such as 1937, 1937-03 or 5 March 1937"
        }
        Rule::circa | Rule::day_number | Rule::month_name | Rule::calendar => return None,
        Rule::by_year => "`by year`",
        Rule::scope | Rule::according_kw => "`according to`",
        Rule::per | Rule::per_kw => "`per` and a kind",
        Rule::option | Rule::as_recorded | Rule::with_all_claims | Rule::as_of => {
            "`as recorded`, `with all claims` or `as of`"
        }
        Rule::conflicts | Rule::conflicts_kw | Rule::about_kw => "`conflicts`",
        Rule::check | Rule::check_kw => "`check`",
        Rule::why_first => "`why`",
        Rule::of_kw => "`of`",
        Rule::not_kw => "`not`",
        Rule::EOI => "the end of the query",
        Rule::keyword | Rule::word_char | Rule::WHITESPACE => return None,
    })
}
