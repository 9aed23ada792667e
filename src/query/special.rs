//! Planning the phrases and outputs the planner reads itself rather than the schema:
//! `co-ROLE of X` (`co-defendants`, `co-participants`) and `co-PHRASE of X` (`co-members`),
//! `sources of X` and `claims of X`, `quotes`, `connections between A and B` and
//! `path from A to B`; and `events of PLACE` reaching the places inside it.

use super::ast::{self, Base, ExprKind, Qualifier, Span};
use super::error::{QueryError, QueryErrorKind};
use super::plan::{Op, Output, Planner, Set};
use crate::model::{Phrase, RelationId, Target, normalize};

/// The longest chain `connections` looks for, in claims.
pub const MAX_HOPS: usize = 6;

/// A `co-` phrase.
pub(super) enum Co {
    /// `co-participants` (any role) or `co-defendants` (that role).
    Participants(Option<String>),
    /// `co-members`: the same object of a relation whose inverse phrase follows `co-`.
    Linked(RelationId),
}

impl Planner<'_> {
    /// Reads `co-…` phrases: a role of an event kind (singular or plural), `participants`, or
    /// an inverse relation phrase (`co-members`).
    pub(super) fn co_phrase(&self, phrase: &ast::Words) -> Option<Co> {
        let text = self.text.get(phrase.span.start..phrase.span.end)?;
        let normalized = normalize(text);
        let rest = normalized
            .strip_prefix("co ")
            .or_else(|| normalized.strip_prefix("co-"))
            .or_else(|| normalized.strip_prefix("co"))?
            .trim();
        if rest == "participants" || rest == "participant" {
            return Some(Co::Participants(None));
        }
        let schema = self.graph.schema();
        if let Some(Phrase::Relation {
            relation,
            inverse: true,
        }) = schema.phrase(rest)
        {
            return Some(Co::Linked(relation));
        }
        let singular = rest.strip_suffix('s').unwrap_or(rest);
        schema
            .event_kinds()
            .iter()
            .flat_map(|k| k.roles.iter())
            .find(|role| normalize(role) == rest || normalize(role) == singular)
            .map(|role| Co::Participants(Some(role.clone())))
    }

    /// The walk of a `co-` phrase.
    pub(super) fn co_walk(&self, set: Set, co: Co, span: Span) -> Result<Set, QueryError> {
        if set.values.is_some() {
            return Err(self.misuse(
                span,
                "a figure has no relations to walk",
                "put the figure's phrase outermost: `population of Petrograd`",
            ));
        }
        let kinds = set.kinds.clone();
        Ok(match co {
            Co::Participants(role) => Set {
                op: Op::CoParticipants {
                    input: Box::new(set.op),
                    role,
                },
                kinds: self.all_kinds(),
                values: None,
            },
            Co::Linked(relation) => {
                let def = self.graph.schema().relation_def(relation);
                if !kinds.iter().any(|k| def.subject.contains(k)) {
                    return Err(self.error(
                        QueryErrorKind::WrongKind,
                        span,
                        format!(
                            "co-… of {} pairs subjects of {}, but this set holds {}",
                            def.name,
                            def.name,
                            self.kinds_text(&kinds)
                        ),
                    ));
                }
                Set {
                    op: Op::CoLinked {
                        input: Box::new(set.op),
                        relation,
                    },
                    kinds: def.subject.clone(),
                    values: None,
                }
            }
        })
    }

    /// A set with everything inside it along the transitive relations (the sites of a city,
    /// their sites…), so that `events of Paris` finds the events at the Conciergerie.
    pub(super) fn with_insides(&self, op: Op) -> Op {
        let schema = self.graph.schema();
        let mut out = op.clone();
        for relation in schema.transitive_relations() {
            let fits = matches!(&schema.relation_def(relation).target, Target::Kinds(_));
            if fits {
                out = Op::Combine {
                    op: ast::SetOp::Or,
                    lhs: Box::new(out),
                    rhs: Box::new(Op::Reach {
                        input: Box::new(op.clone()),
                        relation,
                        inverse: true,
                    }),
                };
            }
        }
        out
    }

    /// The outputs that are not a set's rows: `sources of`, `claims of`, `quotes`,
    /// `connections between`, `path from … to`. `None` for every other query.
    pub(super) fn special_output(&self, query: &ast::Query) -> Result<Option<Output>, QueryError> {
        let ExprKind::Term {
            walks,
            base,
            filters,
        } = &query.expr.kind
        else {
            return Ok(None);
        };
        let schema = self.graph.schema();
        // `quotes …`, `connections between A and B`, `path from A to B` as the base.
        if walks.is_empty()
            && let Base::Words(words) = base.as_ref()
        {
            let first = words.words.first().map(|w| normalize(&w.text));
            match first.as_deref() {
                Some("quotes") if words.words.len() == 1 => {
                    let window = self.quote_window(filters)?;
                    self.no_command(query, words.span)?;
                    return Ok(Some(Output::Quotes {
                        speakers: None,
                        window,
                    }));
                }
                Some("connections") if words.words.len() == 1 => {
                    self.no_command(query, words.span)?;
                    let [filter] = filters.as_slice() else {
                        return Err(self.connections_usage(words.span));
                    };
                    let [Qualifier::Between(a, b, _)] = filter.qualifiers.as_slice() else {
                        return Err(self.connections_usage(filter.span));
                    };
                    return Ok(Some(Output::Connections {
                        from: self.one_entity(a)?,
                        to: self.one_entity(b)?,
                        max_hops: MAX_HOPS,
                    }));
                }
                Some("path") => {
                    self.no_command(query, words.span)?;
                    return self.path(words, filters).map(Some);
                }
                _ => {}
            }
        }
        let Some(outer) = walks.first() else {
            return Ok(None);
        };
        let text = self
            .text
            .get(outer.span.start..outer.span.end)
            .unwrap_or("");
        let outer_word = normalize(text);
        let source_plural = &schema.kind_def(schema.source_kind()).plural;
        let kind = if outer_word == "quotes" {
            0
        } else if outer_word == "claims" {
            1
        } else if outer_word == normalize(source_plural) {
            2
        } else {
            return Ok(None);
        };
        self.no_command(query, outer.span)?;
        // The rest of the chain is the set asked about; a time after it dates the quotes.
        let (inner_filters, window) = if kind == 0 {
            (&[][..], self.quote_window(filters)?)
        } else {
            (filters.as_slice(), None)
        };
        let inner = self.term(&walks[1..], base, inner_filters, true)?;
        if inner.values.is_some() {
            return Err(self.misuse(
                outer.span,
                "a figure has no claims of its own to list here",
                "ask for the figure itself: `population of Petrograd`",
            ));
        }
        Ok(Some(match kind {
            0 => Output::Quotes {
                speakers: Some(inner.op),
                window,
            },
            1 => Output::Claims(inner.op),
            _ => Output::Sources(inner.op),
        }))
    }

    /// The time of `quotes … in 1931`: the only filter a quotation takes.
    fn quote_window(
        &self,
        filters: &[ast::Filter],
    ) -> Result<Option<crate::model::Date>, QueryError> {
        let mut window = None;
        for filter in filters {
            let time = match filter.qualifiers.as_slice() {
                [Qualifier::Time(time)]
                    if filter.words.is_none()
                        && filter.group.is_none()
                        && filter.with.is_none()
                        && !filter.negated
                        && window.is_none() =>
                {
                    time
                }
                _ => {
                    return Err(self.misuse(
                        filter.span,
                        "quotes take one time",
                        "`quotes of stalin in 1931`, `quotes in 1931`",
                    ));
                }
            };
            window = Some(self.window(time)?);
        }
        Ok(window)
    }

    fn no_command(&self, query: &ast::Query, span: Span) -> Result<(), QueryError> {
        match query.command {
            Some(ast::Command::Why) | None if query.by_year.is_none() => Ok(()),
            _ => Err(self.misuse(
                span,
                "this lists what it finds; it cannot be counted or grouped",
                "drop `count`, `share of` or `by year`",
            )),
        }
    }

    fn connections_usage(&self, span: Span) -> QueryError {
        self.misuse(
            span,
            "`connections` needs two names",
            "`connections between yezhov and bukharin`",
        )
    }

    /// `path from A to B`: the words after `path`, split at `from` and `to`.
    fn path(&self, words: &ast::Words, filters: &[ast::Filter]) -> Result<Output, QueryError> {
        let usage = |span| {
            self.misuse(
                span,
                "`path` needs two names",
                "`path from yezhov to bukharin`",
            )
        };
        if !filters.is_empty() {
            return Err(usage(filters[0].span));
        }
        let parts = &words.words[1..];
        let is = |w: &ast::Word, s: &str| normalize(&w.text) == s;
        let (Some(first), Some(to)) = (parts.first(), parts.iter().position(|w| is(w, "to")))
        else {
            return Err(usage(words.span));
        };
        if !is(first, "from") || to < 2 || to + 1 >= parts.len() {
            return Err(usage(words.span));
        }
        let name = |slice: &[ast::Word]| {
            let span = slice[0].span.to(slice[slice.len() - 1].span);
            ast::Name {
                text: self.text.get(span.start..span.end).unwrap_or("").to_owned(),
                span,
            }
        };
        Ok(Output::Connections {
            from: self.one_entity(&name(&parts[1..to]))?,
            to: self.one_entity(&name(&parts[to + 1..]))?,
            max_hops: MAX_HOPS,
        })
    }

    /// `count PHRASE of each SET`: the walks before `each` counted for every entity of the set
    /// after it (`count co-members of each member of cc-1934`). `None` without `each`.
    pub(super) fn count_each(&self, query: &ast::Query) -> Result<Option<Output>, QueryError> {
        let ExprKind::Term {
            walks,
            base,
            filters,
        } = &query.expr.kind
        else {
            return Ok(None);
        };
        let Some(at) = walks.iter().position(|w| {
            w.words
                .first()
                .is_some_and(|x| normalize(&x.text) == "each")
        }) else {
            return Ok(None);
        };
        if at == 0 || walks[at].words.len() < 2 {
            return Err(self.misuse(
                walks[at].span,
                "`each` goes between what to count and the set",
                "`count co-members of each member of cc-1934`",
            ));
        }
        if query.by_year.is_some() {
            return Err(self.misuse(
                walks[at].span,
                "`count … of each …` is not grouped by year",
                "drop `by year`",
            ));
        }
        // The phrase after `each` starts the set counted for; `each member` reads as the plural
        // phrase (`members`) when the schema has it.
        let mut rest = walks[at].words[1..].to_vec();
        let text: Vec<String> = rest.iter().map(|w| normalize(&w.text)).collect();
        let (init, last) = text.split_at(text.len() - 1);
        if let Some(plural) = plurals(&last[0]).find(|p| {
            let phrase = [init, std::slice::from_ref(p)].concat().join(" ");
            self.graph.schema().phrase(&phrase).is_some()
        }) && let Some(word) = rest.last_mut()
        {
            word.text = plural.clone();
        }
        let mut inner_walks = vec![ast::Words {
            span: rest[0].span.to(rest[rest.len() - 1].span),
            words: rest,
        }];
        inner_walks.extend(walks[at + 1..].iter().cloned());
        let each = self.term(&inner_walks, base, filters, true)?;
        if each.values.is_some() {
            return Err(self.misuse(
                walks[at].span,
                "figures cannot be counted for each",
                "count entities: `count co-members of each member of cc-1934`",
            ));
        }
        let mut per = Set {
            op: Op::Each,
            kinds: each.kinds.clone(),
            values: None,
        };
        for phrase in walks[..at].iter().rev() {
            per = self.walk(per, phrase)?;
        }
        if per.values.is_some() {
            return Err(self.misuse(
                walks[0].span,
                "figures cannot be counted for each",
                "count entities: `count co-members of each member of cc-1934`",
            ));
        }
        Ok(Some(Output::CountEach {
            each: each.op,
            per: per.op,
        }))
    }
}

/// The plurals `each` tries for a singular word: `member` → `members`, `deputy` → `deputies`.
fn plurals(word: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(format!("{word}s")).chain(
        word.strip_suffix('y')
            .filter(|stem| !stem.is_empty())
            .map(|stem| format!("{stem}ies")),
    )
}

/// The singular that `each` takes for a plural phrase, the inverse of [`plurals`]:
/// `members` → `member`, `deputies` → `deputy`.
pub(super) fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = plural.strip_suffix('s') {
        stem.to_owned()
    } else {
        plural.to_owned()
    }
}
