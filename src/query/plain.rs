//! The parser's fast path for the plainest queries, which are most of what is typed and the
//! whole of the flagship question: an optional `count` or `why`, walks joined by `of`, a base
//! of words, and filters of participles (`not` before them if negated) with times `by`,
//! `before`, `after` or `in` an ISO date (`count members of 1934 Central Committee arrested by
//! 1940`). Read here in one pass over the words, it gives the very tree (spans and depth
//! included) that the pest grammar and `syntax.rs`'s builder give, for a fraction of their
//! cost; anything else — another connective, quotes, parentheses, a character outside ASCII
//! words, a date in another form, a query past the depth limit or one that does not parse —
//! returns `None` and goes to the grammar, which also makes every error. The tests below
//! check on every query of the corpora and the README, in several spacings, that the two
//! agree wherever this one answers.
//!
//! *Architecture invariant*: `parse` returns `Some` only with the grammar's tree. It declines
//! every word it is not sure of; a construct it should take is added here and to the
//! agreement test together.

use super::ast::*;
use crate::model::Date;

/// The connectives: a word that is one of them ends a run of words (the grammar's `keyword`).
const KEYWORDS: [&str; 15] = [
    "of",
    "and",
    "or",
    "except",
    "not",
    "by",
    "before",
    "after",
    "in",
    "between",
    "according",
    "at",
    "when",
    "with",
    "per",
];

/// The connectives this path reads: walks joined by `of`, `not` before a filter, and the
/// times `by`, `before`, `after` and `in`. Every other connective is left to the grammar.
const READ: [&str; 6] = ["of", "not", "by", "before", "after", "in"];

/// Other words this path leaves to the grammar wherever they appear: the start of `as
/// recorded` and `as of`, limits, `share of`, `conflicts` and `check`.
const DECLINED: [&str; 8] = [
    "as",
    "first",
    "latest",
    "earliest",
    "share",
    "conflicts",
    "check",
    "about",
];

/// Whether a word sends the whole query to the grammar: a connective this path does not
/// read, or one of [`DECLINED`].
fn declined(word: &str) -> bool {
    (is_one_of(word, &KEYWORDS) && !is_one_of(word, &READ)) || is_one_of(word, &DECLINED)
}

/// What follows a date in the grammar's `date` rule: a calendar.
const CALENDARS: [&str; 4] = ["os", "ns", "o.s.", "n.s."];

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// A character of a word, as the grammar's `word_char`, for ASCII.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'\'' | b'.')
}

/// The grammar's `WHITESPACE`.
fn space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The tree of a plain query with its depth, or `None` for the grammar to parse.
/// Cost: O(length of the text), with one allocation per word and node.
pub(super) fn parse(text: &str, max_depth: usize) -> Option<(Query, usize)> {
    let bytes = text.as_bytes();
    // The words as spans; any byte that is neither a word's nor white space declines.
    let mut tokens: Vec<Span> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if space_byte(b) {
            at += 1;
        } else if word_byte(b) {
            let start = at;
            while at < bytes.len() && word_byte(bytes[at]) {
                at += 1;
            }
            tokens.push(Span { start, end: at });
        } else {
            return None;
        }
    }
    let word = |i: usize| -> &str { &text[tokens[i].start..tokens[i].end] };
    if (0..tokens.len()).any(|i| declined(word(i))) {
        return None;
    }
    let keyword = |i: usize| i < tokens.len() && is_one_of(word(i), &KEYWORDS);
    let is = |i: usize, k: &str| i < tokens.len() && word(i).eq_ignore_ascii_case(k);
    // After a rule that ends in an optional part which matched nothing, the grammar's span
    // takes in the white space it skipped before trying that part.
    let skip = |mut end: usize| {
        while end < bytes.len() && space_byte(bytes[end]) {
            end += 1;
        }
        end
    };
    // A run of words that are no connectives, from `i`.
    let run = |i: usize| -> Option<Words> {
        let mut j = i;
        while j < tokens.len() && !keyword(j) {
            j += 1;
        }
        (j > i).then(|| Words {
            words: (i..j)
                .map(|k| Word {
                    text: word(k).to_owned(),
                    span: tokens[k],
                })
                .collect(),
            span: tokens[i].to(tokens[j - 1]),
        })
    };

    let mut i = 0;
    let command = if is(0, "count") {
        i = 1;
        Some(Command::Count)
    } else if is(0, "why") {
        i = 1;
        Some(Command::Why)
    } else {
        None
    };
    // The chain: runs of words each followed by `of`, then the base.
    let mut walks = Vec::new();
    let base = loop {
        let words = run(i)?;
        i += words.words.len();
        if is(i, "of") {
            i += 1;
            walks.push(words);
        } else {
            break words;
        }
    };
    let term_start = walks
        .first()
        .map_or(base.span.start, |w: &Words| w.span.start);
    // The filters: `not`, participles, then times.
    let mut filters = Vec::new();
    while i < tokens.len() {
        let start = tokens[i].start;
        let negated = is(i, "not");
        if negated {
            i += 1;
        }
        let words = run(i);
        if let Some(words) = &words {
            i += words.words.len();
        }
        let mut qualifiers = Vec::new();
        while i < tokens.len() && ["by", "before", "after", "in"].iter().any(|k| is(i, k)) {
            let date = i + 1;
            if date >= tokens.len()
                || !iso_date(word(date))
                || (date + 1 < tokens.len() && is_one_of(word(date + 1), &CALENDARS))
            {
                return None;
            }
            let parsed: Date = word(date).parse().ok()?;
            let op = match word(i).to_ascii_lowercase().as_str() {
                "by" => TimeOp::By(parsed),
                "before" => TimeOp::Before(parsed),
                "after" => TimeOp::After(parsed),
                _ => TimeOp::In(parsed),
            };
            qualifiers.push(Qualifier::Time(Time {
                op,
                span: tokens[i].to(tokens[date]),
            }));
            i = date + 1;
        }
        // The grammar reads `qualifier+` as one qualifier, then any number more: after a lone
        // one its span takes in the white space skipped before looking for another.
        let end = match (qualifiers.as_slice(), &words) {
            ([one], None) => skip(one.span().end),
            ([.., last], _) => last.span().end,
            ([], Some(words)) => skip(words.span.end),
            // `not` alone, or a connective where a filter should start.
            ([], None) => return None,
        };
        filters.push(Filter {
            negated,
            words,
            group: None,
            with: None,
            qualifiers,
            span: Span { start, end },
        });
    }
    let term_end = filters
        .last()
        .map_or_else(|| skip(base.span.end), |f: &Filter| f.span.end);
    let depth = filters
        .iter()
        .map(|f| 1 + f.words.as_ref().map_or(0, |w| w.words.len()) + f.qualifiers.len())
        .sum::<usize>()
        + 1
        + walks.len()
        + base.words.len();
    if depth > max_depth {
        return None;
    }
    let expr = Expr {
        kind: ExprKind::Term {
            walks,
            base: Box::new(Base::Words(base)),
            filters,
        },
        span: Span {
            start: term_start,
            end: term_end,
        },
    };
    Some((
        Query {
            command,
            expr,
            ..Query::empty()
        },
        depth,
    ))
}

/// The grammar's `iso_date`, a whole word: `1937`, `1937-03`, `1937-03-05`.
fn iso_date(word: &str) -> bool {
    let b = word.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::limits::MAX_DEPTH;
    use super::super::syntax::parse_by_grammar;

    /// Every query of the corpora and the README, and hand-made ones around the edges of
    /// what this path reads.
    fn queries() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut out = Vec::new();
        for file in ["answers.txt", "errors.txt", "reasoning.txt", "terror.txt"] {
            let text = std::fs::read_to_string(format!("{root}/tests/queries/{file}"))
                .expect("the corpus is there");
            out.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("> "))
                    .map(str::to_owned),
            );
        }
        let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README");
        out.extend(
            readme
                .lines()
                .filter_map(|l| l.strip_prefix("annals> "))
                .map(str::to_owned),
        );
        out.extend(
            [
                "members of cc-1934 not executed not arrested",
                "members of cc-1934 not executed",
                "members of cc-1934 executed by 1940 arrested",
                "members of cc-1934 by 1940 by 1941",
                "members of cc-1934 not by 1940",
                "members of cc-1934 not not arrested",
                "members of cc-1934 arrested by 1940 OS",
                "members of cc-1934 arrested by 1940 os.",
                "members of cc-1934 arrested by 1940-02-30",
                "members of cc-1934 arrested by 19400",
                "members of cc-1934 arrested by 1940-3",
                "members of cc-1934 arrested by date",
                "members of cc-1934 arrested of x",
                "members of of cc-1934",
                "count",
                "why",
                "count of x",
                "COUNT Members OF cc-1934 Arrested BY 1940",
                "counted members of cc-1934",
                "why members of cc-1934 arrested in 1937-03",
                "people executed after 1937-03-05 not arrested before 1937",
                "members of cc-1934 arrested by",
                "members of cc-1934 not",
                "x.y of a_b-c 'd",
            ]
            .map(str::to_owned),
        );
        out
    }

    /// The query with its spaces changed: doubled, as tabs and newlines, around it.
    fn spacings(query: &str) -> Vec<String> {
        vec![
            query.to_owned(),
            format!("  {query}  "),
            format!("{query} "),
            format!("\t{query}\n"),
            query.replace(' ', "  "),
            query.replace(' ', " \n\t"),
            query.replace(' ', "\r\n"),
        ]
    }

    /// Panics unless the grammar parses `text` to `plain`, the plain path's tree and depth.
    fn assert_the_grammar_agrees(text: &str, plain: (super::Query, usize)) {
        match parse_by_grammar(text, MAX_DEPTH) {
            Ok(grammar) => assert_eq!(plain, grammar, "{text:?}"),
            Err(error) => panic!("{text:?}: the grammar refuses it: {error}"),
        }
    }

    #[test]
    fn the_plain_path_gives_the_grammars_tree() {
        let mut taken = 0;
        for query in queries() {
            for text in spacings(&query) {
                let Some(plain) = super::parse(&text, MAX_DEPTH) else {
                    continue;
                };
                taken += 1;
                assert_the_grammar_agrees(&text, plain);
            }
        }
        // The path is taken often enough for the comparison to mean something.
        assert!(taken > 500, "only {taken} texts took the plain path");
    }

    /// The grammar's text, from which the checks below take its words.
    const GRAMMAR: &str = include_str!("../../grammar/query.pest");

    /// The case-insensitive literals (`^"of"`) of the grammar's rule `name`.
    fn literals_of(rule: &str) -> Vec<String> {
        let start = GRAMMAR
            .find(&format!("\n{rule} = "))
            .unwrap_or_else(|| panic!("the grammar has a rule `{rule}`"));
        let body = &GRAMMAR[start..];
        let body = &body[..body
            .find("\n}")
            .or_else(|| body[1..].find('\n'))
            .unwrap_or(body.len())];
        literals(body)
    }

    fn literals(text: &str) -> Vec<String> {
        text.split("^\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    /// The plain path's connectives are the grammar's: a connective added to the grammar
    /// and not here would be read here as a word of a name. Each is also a reserved word.
    #[test]
    fn the_connectives_are_the_grammars() {
        let mut grammar = literals_of("keyword");
        let mut plain: Vec<String> = super::KEYWORDS.iter().map(|k| k.to_string()).collect();
        grammar.sort();
        plain.sort();
        assert_eq!(plain, grammar);
        // And a schema may not use them in its phrases, which they would cut.
        for keyword in &grammar {
            assert!(
                crate::model::RESERVED_WORDS.contains(&keyword.as_str()),
                "`{keyword}` is a connective of the grammar but not a reserved word"
            );
        }
    }

    /// Wherever the plain path answers, on random texts made of every word the grammar knows
    /// (its literals, so that a word added to the grammar is drawn here too), names, dates in
    /// and out of the forms the path reads, and marks, its tree is the grammar's. The texts
    /// come from proptest's deterministic runner, the same on every run, and enough of them
    /// take the path for the comparison to mean something (246 of 2,000 when written).
    #[test]
    fn on_random_texts_the_plain_path_gives_the_grammars_tree() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut vocabulary = literals(GRAMMAR);
        vocabulary.extend(
            [
                "members",
                "arrested",
                "executed",
                "cc-1934",
                "1934",
                "Central",
                "Committee",
                "1940",
                "1937-03",
                "1937-03-05",
                "1940-02-30",
                "19400",
                "1940-3",
                "O'Brien",
                "G.",
                "x_y",
                "count",
                "why",
                "people",
                "Kirov",
                "c.",
                "1930s",
                "\"cc\"",
                "(",
                ")",
                "’",
                "Ж",
                "-",
                "'",
                ".",
            ]
            .map(str::to_owned),
        );
        // The words of plain queries, drawn more often, so that many texts take the path.
        let plain = [
            "of", "by", "before", "after", "in", "not", "members", "arrested", "cc-1934", "1940",
            "1937-03", "count", "why",
        ];
        for _ in 0..6 {
            vocabulary.extend(plain.map(str::to_owned));
        }
        let spaces = [" ", "  ", "\t", "\n", " \r\n"];
        let strategy = proptest::collection::vec((0..vocabulary.len(), 0..spaces.len()), 1..12);
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut taken = 0;
        for _ in 0..2000 {
            let picks = strategy.new_tree(&mut runner).expect("a text").current();
            let mut text = String::new();
            for (word, space) in picks {
                text.push_str(&vocabulary[word]);
                text.push_str(spaces[space]);
            }
            let Some(plain) = super::parse(&text, MAX_DEPTH) else {
                continue;
            };
            taken += 1;
            assert_the_grammar_agrees(&text, plain);
        }
        assert!(taken > 100, "only {taken} random texts took the plain path");
    }

    #[test]
    fn the_flagship_takes_the_plain_path() {
        for text in [
            "members of 1934 Central Committee arrested by 1940",
            "count members of 1934 Central Committee arrested by 1940",
        ] {
            assert!(super::parse(text, MAX_DEPTH).is_some(), "{text}");
        }
    }

    #[test]
    fn past_the_depth_limit_the_grammar_decides() {
        let text = "members of cc-1934 arrested by 1940";
        assert!(super::parse(text, 3).is_none());
        assert!(parse_by_grammar(text, 3).is_err());
    }
}
