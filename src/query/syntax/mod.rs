//! Text → [`ast`](super::ast): runs the pest grammar (`grammar/query.pest`) and turns its pairs
//! into the syntax tree in one place. Grammar errors become [`QueryError`]s that say what was
//! expected in words.

use pest::Parser as _;
use pest::iterators::Pair;

use super::Options as QueryOptions;
use super::ast::*;
use super::error::{QueryError, QueryErrorKind};
use super::limits::with_stack;
use crate::model::Date;

mod messages;
use messages::syntax_error;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/query.pest"]
struct Grammar;

/// Parses query text into a syntax tree, without looking at any graph: words stay words.
/// Refuses a query longer or deeper than [`Options::default`](super::Options::default) allows.
///
/// Cost: a scan of the text for nesting, O(length), then the grammar's parse and the tree
/// built from it, bounded by the length and depth limits. No graph is read.
///
/// # Errors
///
/// A [`QueryError`] with line and column: [`QueryErrorKind::TooLong`] or
/// [`QueryErrorKind::TooDeep`] past the limits, [`QueryErrorKind::Syntax`] for text that does
/// not fit the grammar, [`QueryErrorKind::BadDate`] for a date that does not parse, and
/// [`QueryErrorKind::Misuse`] for a construct used where it means nothing.
///
/// ```
/// let ast = annals::query::parse("members of cc-1934 arrested by 1940")?;
/// assert!(ast.command.is_none());
/// # Ok::<_, annals::query::QueryError>(())
/// ```
pub fn parse(text: &str) -> Result<Query, QueryError> {
    parse_with(text, &QueryOptions::default()).map(|(query, _)| query)
}

/// Parses under `options`, returning the tree with its depth (see [`Options::max_depth`](super::Options::max_depth)).
pub(crate) fn parse_with(text: &str, options: &QueryOptions) -> Result<(Query, usize), QueryError> {
    if text.len() > options.max_len {
        let mut start = options.max_len;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        return Err(QueryError::new(
            QueryErrorKind::TooLong,
            text,
            Span {
                start,
                end: text.len(),
            },
            format!(
                "the query is {} bytes long; the limit is {}",
                text.len(),
                options.max_len
            ),
        )
        .with_hint("split it into smaller queries, or raise the limit (Options::max_len, `:limit length N` in the REPL)"));
    }
    let nesting = nesting(text, options.max_depth)?;
    // The plainest queries are read without the grammar, to the same tree (`plain.rs`).
    if let Some(plain) = super::plain::parse(text, options.max_depth) {
        return Ok(plain);
    }
    with_stack(nesting, || parse_checked(text, options.max_depth))
}

/// [`parse_with`] through the grammar alone, never the fast path: what `plain.rs`'s
/// agreement test compares it with.
#[cfg(test)]
pub(crate) fn parse_by_grammar(text: &str, max_depth: usize) -> Result<(Query, usize), QueryError> {
    let nesting = nesting(text, max_depth)?;
    with_stack(nesting, || parse_checked(text, max_depth))
}

/// How deeply parentheses nest outside quotes; an error at the first one past `max`.
fn nesting(text: &str, max: usize) -> Result<usize, QueryError> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some('"'), '"') | (Some('“'), '”') => quote = None,
            (Some(_), _) => {}
            (None, '"' | '“') => quote = Some(c),
            (None, '(') => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > max {
                    return Err(too_deep(
                        text,
                        Span {
                            start: at,
                            end: at + 1,
                        },
                        max,
                    ));
                }
            }
            (None, ')') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
    }
    Ok(deepest)
}

fn too_deep(text: &str, span: Span, max: usize) -> QueryError {
    QueryError::new(
        QueryErrorKind::TooDeep,
        text,
        span,
        format!("the query nests more than {max} levels deep here"),
    )
    .with_hint("split it into smaller queries, or raise the limit (Options::max_depth, `:limit depth N` in the REPL)")
}

fn parse_checked(text: &str, max_depth: usize) -> Result<(Query, usize), QueryError> {
    let mut pairs = Grammar::parse(Rule::query, text).map_err(|e| syntax_error(text, e))?;
    let query = pairs.next().map(|p| p.into_inner());
    let builder = Builder { text, max_depth };
    let mut command = None;
    let mut limit = None;
    let mut expr = None;
    let mut by_date = None;
    let mut by_year = None;
    let mut scope = None;
    let mut recorded = false;
    let mut all_claims = false;
    let mut as_of = None;
    let mut conflicts_alone = false;
    let mut why = false;
    let mut per = None;
    for pair in query.into_iter().flatten() {
        match pair.as_rule() {
            Rule::command => command = builder.command(pair),
            Rule::limit => limit = Some(builder.limit(pair)?),
            Rule::expr => expr = Some(builder.expr(pair)?),
            Rule::order => by_date = Some(span(&pair)),
            Rule::by_year => by_year = Some(span(&pair)),
            Rule::scope => {
                if scope.is_some() {
                    return Err(QueryError::new(
                        QueryErrorKind::Syntax,
                        text,
                        span(&pair),
                        "`according to` is given twice",
                    ));
                }
                scope = builder.scope(pair)
            }
            Rule::option => {
                let Some(option) = pair.into_inner().next() else {
                    continue;
                };
                match option.as_rule() {
                    Rule::as_recorded => recorded = true,
                    Rule::as_of => {
                        if as_of.is_some() {
                            return Err(QueryError::new(
                                QueryErrorKind::Syntax,
                                text,
                                span(&option),
                                "`as of` is given twice",
                            )
                            .with_hint("keep one date: an answer is as of one time"));
                        }
                        let option_span = span(&option);
                        let date = option
                            .into_inner()
                            .find(|p| p.as_rule() == Rule::date)
                            .map(|d| builder.date(d))
                            .transpose()?;
                        as_of = date.map(|d| (d, option_span));
                    }
                    _ => all_claims = true,
                }
            }
            Rule::conflicts => {
                command = Some(Command::Conflicts);
                match pair.into_inner().find(|p| p.as_rule() == Rule::expr) {
                    Some(inner) => expr = Some(builder.expr(inner)?),
                    None => conflicts_alone = true,
                }
            }
            Rule::why_first => why = true,
            Rule::per => {
                per = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::words)
                    .map(words_of);
            }
            Rule::check => {
                command = Some(Command::Check);
                if let Some(inner) = pair.into_inner().find(|p| p.as_rule() == Rule::expr) {
                    expr = Some(builder.expr(inner)?);
                }
            }
            _ => {}
        }
    }
    if conflicts_alone {
        // `conflicts` alone looks at every claim: an empty term stands for everything.
        expr = Some((
            Expr {
                kind: ExprKind::Term {
                    walks: Vec::new(),
                    base: Box::new(Base::Everything),
                    filters: Vec::new(),
                },
                span: Span { start: 0, end: 0 },
            },
            1,
        ));
    }
    let expr = expr.ok_or_else(|| {
        QueryError::new(
            QueryErrorKind::Syntax,
            text,
            Span {
                start: 0,
                end: text.len(),
            },
            "expected a set such as `people` or `members of cc-1934`",
        )
    })?;
    let (expr, depth) = expr;
    Ok((
        Query {
            command,
            limit,
            expr,
            by_date,
            by_year,
            scope,
            why,
            recorded,
            all_claims,
            as_of,
            per,
        },
        depth,
    ))
}

fn span(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    Span {
        start: s.start(),
        end: s.end(),
    }
}

struct Builder<'a> {
    text: &'a str,
    max_depth: usize,
}

impl Builder<'_> {
    fn command(&self, pair: Pair<Rule>) -> Option<Command> {
        let inner = pair.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::count_kw => Command::Count,
            Rule::share_kw => Command::Share,
            _ => Command::Why,
        })
    }

    fn limit(&self, pair: Pair<Rule>) -> Result<Limit, QueryError> {
        let limit_span = span(&pair);
        let mut end = LimitEnd::First;
        let mut count = 1;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::latest_kw => end = LimitEnd::Latest,
                Rule::earliest_kw => end = LimitEnd::Earliest,
                Rule::row_count => {
                    count = part.as_str().parse().map_err(|_| {
                        QueryError::new(
                            QueryErrorKind::Misuse,
                            self.text,
                            span(&part),
                            "too many rows to ask for",
                        )
                    })?;
                }
                _ => {}
            }
        }
        Ok(Limit {
            end,
            count,
            span: limit_span,
        })
    }

    fn scope(&self, pair: Pair<Rule>) -> Option<Name> {
        let target = pair
            .into_inner()
            .find(|p| p.as_rule() != Rule::according_kw)?;
        Some(match target.as_rule() {
            Rule::quoted => quoted(target),
            _ => Name {
                text: target.as_str().to_owned(),
                span: span(&target),
            },
        })
    }

    /// An expression with its depth: its deepest operand plus one level per operand after the
    /// first (the tree is left-nested).
    fn expr(&self, pair: Pair<Rule>) -> Result<(Expr, usize), QueryError> {
        let mut inner = pair.into_inner();
        let Some(first) = inner.next() else {
            return Err(self.internal("empty expression"));
        };
        let (mut lhs, mut deepest) = self.term(first)?;
        let mut operands = 0;
        while let (Some(op), Some(rhs)) = (inner.next(), inner.next()) {
            let op = match op.into_inner().next().map(|p| p.as_rule()) {
                Some(Rule::and_kw) => SetOp::And,
                Some(Rule::or_kw) => SetOp::Or,
                _ => SetOp::Except,
            };
            let (rhs, depth) = self.term(rhs)?;
            operands += 1;
            deepest = deepest.max(depth);
            if deepest + operands > self.max_depth {
                return Err(too_deep(self.text, rhs.span, self.max_depth));
            }
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        Ok((lhs, deepest + operands))
    }

    /// A term with its depth: one level for itself, one per walk, per filter and per word
    /// or time in a filter, plus its base's depth.
    fn term(&self, pair: Pair<Rule>) -> Result<(Expr, usize), QueryError> {
        let term_span = span(&pair);
        let mut walks = Vec::new();
        let mut base = None;
        let mut filters = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::chain => {
                    for link in part.into_inner() {
                        match link.as_rule() {
                            Rule::phrase => {
                                if let Some(words) = link.into_inner().next() {
                                    walks.push(words_of(words));
                                }
                            }
                            Rule::base => base = Some(self.base(link)?),
                            _ => {}
                        }
                    }
                }
                Rule::filter => filters.push(self.filter(part)?),
                _ => {}
            }
        }
        let (base, base_depth) = base.ok_or_else(|| self.internal("a term without a base"))?;
        let depth = filters.iter().map(filter_depth).sum::<usize>() + 1 + walks.len() + base_depth;
        if depth > self.max_depth {
            return Err(too_deep(self.text, term_span, self.max_depth));
        }
        Ok((
            Expr {
                kind: ExprKind::Term {
                    walks,
                    base: Box::new(base),
                    filters,
                },
                span: term_span,
            },
            depth,
        ))
    }

    /// A base with its depth: a group's plus one, the number of words (trailing participles
    /// become filters), or nothing for a quoted name.
    fn base(&self, pair: Pair<Rule>) -> Result<(Base, usize), QueryError> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("an empty base"))?;
        Ok(match inner.as_rule() {
            Rule::group => {
                let expr = inner
                    .into_inner()
                    .next()
                    .ok_or_else(|| self.internal("an empty group"))?;
                let (expr, depth) = self.expr(expr)?;
                (Base::Group(expr), depth + 1)
            }
            Rule::quoted => (Base::Quoted(quoted(inner)), 0),
            _ => {
                let words = words_of(inner);
                let depth = words.words.len();
                (Base::Words(words), depth)
            }
        })
    }

    fn filter(&self, pair: Pair<Rule>) -> Result<Filter, QueryError> {
        let mut filter = Filter {
            negated: false,
            words: None,
            group: None,
            with: None,
            qualifiers: Vec::new(),
            span: span(&pair),
        };
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::not_kw => filter.negated = true,
                Rule::words => filter.words = Some(words_of(part)),
                Rule::filter_group => filter.group = Some(self.filter_group(part)?),
                Rule::with_filter => {
                    filter.with = part
                        .into_inner()
                        .find(|p| p.as_rule() != Rule::with_kw)
                        .map(name_of);
                }
                Rule::qualifier => filter.qualifiers.push(self.qualifier(part)?),
                _ => {}
            }
        }
        Ok(filter)
    }

    fn filter_group(&self, pair: Pair<Rule>) -> Result<FilterGroup, QueryError> {
        let group_span = span(&pair);
        let mut first = None;
        let mut rest = Vec::new();
        let mut op = SetOp::And;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::filter_op => {
                    op = match part.into_inner().next().map(|p| p.as_rule()) {
                        Some(Rule::or_kw) => SetOp::Or,
                        _ => SetOp::And,
                    };
                }
                Rule::filter_term => {
                    let term = self.filter(part)?;
                    match first {
                        None => first = Some(Box::new(term)),
                        Some(_) => rest.push((op, term)),
                    }
                }
                _ => {}
            }
        }
        let first = first.ok_or_else(|| self.internal("an empty filter group"))?;
        Ok(FilterGroup {
            first,
            rest,
            span: group_span,
        })
    }

    fn qualifier(&self, pair: Pair<Rule>) -> Result<Qualifier, QueryError> {
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| self.internal("an empty qualifier"))?;
        let qualifier_span = span(&inner);
        Ok(match inner.as_rule() {
            Rule::time => Qualifier::Time(self.time(inner)?),
            Rule::between_names => {
                let names: Vec<Name> = inner
                    .into_inner()
                    .filter(|p| matches!(p.as_rule(), Rule::quoted | Rule::words))
                    .map(name_of)
                    .collect();
                let [a, b] = names.as_slice() else {
                    return Err(self.internal("between without two names"));
                };
                Qualifier::Between(a.clone(), b.clone(), qualifier_span)
            }
            _ => {
                let mut op = RefOp::In;
                let mut target = None;
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::by_kw => op = RefOp::By,
                        Rule::in_kw => op = RefOp::In,
                        Rule::before_kw => op = RefOp::Before,
                        Rule::after_kw => op = RefOp::After,
                        Rule::at_kw => op = RefOp::At,
                        Rule::when_kw => op = RefOp::When,
                        Rule::quoted | Rule::words => target = Some(name_of(part)),
                        _ => {}
                    }
                }
                let target = target.ok_or_else(|| self.internal("a reference without a name"))?;
                Qualifier::Reference(Reference {
                    op,
                    target,
                    span: qualifier_span,
                })
            }
        })
    }

    fn time(&self, pair: Pair<Rule>) -> Result<Time, QueryError> {
        let time_span = span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().ok_or_else(|| self.internal("an empty time"))?;
        let op = if keyword.as_rule() == Rule::between {
            let dates: Vec<Pair<Rule>> = keyword
                .into_inner()
                .filter(|p| p.as_rule() == Rule::date)
                .collect();
            let [from, to] = dates.as_slice() else {
                return Err(self.internal("between without two dates"));
            };
            let (from, to) = (self.date(from.clone())?, self.date(to.clone())?);
            if from.is_after(&to) == crate::model::Truth::Yes {
                return Err(QueryError::new(
                    QueryErrorKind::BadDate,
                    self.text,
                    time_span,
                    format!("empty date range: {from} is after {to}"),
                )
                .with_hint(format!("write `between {to} and {from}`")));
            }
            TimeOp::Between(from, to)
        } else {
            let date = inner
                .next()
                .ok_or_else(|| self.internal("a time without a date"))?;
            let date = self.date(date)?;
            match keyword.as_rule() {
                Rule::by_kw => TimeOp::By(date),
                Rule::before_kw => TimeOp::Before(date),
                Rule::after_kw => TimeOp::After(date),
                _ => TimeOp::In(date),
            }
        };
        Ok(Time {
            op,
            span: time_span,
        })
    }

    /// Turns the date token into a [`Date`] through its documented text form.
    fn date(&self, pair: Pair<Rule>) -> Result<Date, QueryError> {
        let date_span = span(&pair);
        let mut circa = false;
        let mut calendar = "";
        let mut iso = String::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::circa => circa = true,
                Rule::calendar => calendar = part.as_str(),
                Rule::iso_date => iso = part.as_str().to_owned(),
                Rule::written_date => iso = written_to_iso(part),
                _ => {}
            }
        }
        let mut text = iso;
        if !calendar.is_empty() {
            text = format!("{text} {calendar}");
        }
        if circa {
            text = format!("c. {text}");
        }
        let date: Date = text.parse().map_err(|e: crate::model::DateError| {
            QueryError::new(QueryErrorKind::BadDate, self.text, date_span, e.to_string())
        })?;
        Ok(date)
    }

    fn internal(&self, what: &str) -> QueryError {
        QueryError::new(
            QueryErrorKind::Syntax,
            self.text,
            Span {
                start: 0,
                end: self.text.len(),
            },
            format!("internal error: {what}"),
        )
    }
}

/// How deep a filter makes a plan: one level, one per word and qualifier, one for `with`,
/// and a group's members in a chain above its deepest member. Recursion here follows
/// parentheses, whose nesting is limited before parsing.
fn filter_depth(filter: &Filter) -> usize {
    let group = filter.group.as_ref().map_or(0, |group| {
        let deepest = std::iter::once(group.first.as_ref())
            .chain(group.rest.iter().map(|(_, f)| f))
            .map(filter_depth)
            .max()
            .unwrap_or(0);
        deepest + group.rest.len() + 1
    });
    1 + filter.words.as_ref().map_or(0, |w| w.words.len())
        + filter.qualifiers.len()
        + usize::from(filter.with.is_some())
        + group
}

fn quoted(pair: Pair<Rule>) -> Name {
    let whole = span(&pair);
    let text = pair
        .into_inner()
        .next()
        .map_or(String::new(), |p| p.as_str().to_owned());
    Name { text, span: whole }
}

/// A quoted name, or words taken as a name.
fn name_of(pair: Pair<Rule>) -> Name {
    match pair.as_rule() {
        Rule::quoted => quoted(pair),
        _ => Name {
            text: pair.as_str().to_owned(),
            span: span(&pair),
        },
    }
}

fn words_of(pair: Pair<Rule>) -> Words {
    let whole = span(&pair);
    let words = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::word)
        .map(|p| Word {
            text: p.as_str().to_owned(),
            span: span(&p),
        })
        .collect();
    Words { words, span: whole }
}

/// `5 March 1937` → `1937-03-05`, `March 1937` → `1937-03`.
fn written_to_iso(pair: Pair<Rule>) -> String {
    let mut day = None;
    let mut month = 0;
    let mut year = "";
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::day_number => day = part.as_str().parse::<u8>().ok(),
            Rule::month_name => month = month_number(part.as_str()),
            Rule::year_number => year = part.as_str(),
            _ => {}
        }
    }
    match day {
        Some(day) => format!("{year}-{month:02}-{day:02}"),
        None => format!("{year}-{month:02}"),
    }
}

fn month_number(name: &str) -> u8 {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map_or(0, |i| i as u8 + 1)
}
