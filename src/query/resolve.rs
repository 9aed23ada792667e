//! Words to schema items and entities for the planner: names (with kind-guided
//! disambiguation and suggestions), sources, participles, relation phrases and the walks
//! they make, and times as date windows.

use super::ast::{self, Span, TimeOp};
use super::error::{QueryError, QueryErrorKind};
use super::plan::{Op, Participle, Planner, Set};
use crate::model::{Date, EntityId, KindId, Phrase, Target, nearest, normalize};
use crate::text::article;

impl Planner<'_> {
    /// A name, id, kind plural or event-kind plural, if the text is one.
    pub(super) fn base_item(
        &self,
        text: &str,
        span: Span,
        expected: &[KindId],
    ) -> Result<Option<Set>, QueryError> {
        let normalized = normalize(text);
        if let Some(noun) = self.graph.schema().phrase(&normalized) {
            match noun {
                Phrase::Kind(kind) => {
                    return Ok(Some(Set {
                        op: Op::Kind(kind),
                        kinds: vec![kind],
                        values: None,
                    }));
                }
                Phrase::EventKind(ek) => {
                    return Ok(Some(Set {
                        op: Op::Events(ek),
                        kinds: vec![self.graph.schema().event_kind()],
                        values: None,
                    }));
                }
                Phrase::Relation { .. } => {}
            }
        }
        if let Some(id) = self.graph.by_slug(text) {
            return Ok(Some(self.entity_set(id)));
        }
        if !self.graph.has_name(&normalized) {
            return Ok(None);
        }
        self.pick(text, span, self.graph.lookup(text), expected)
            .map(Some)
    }

    pub(super) fn entity_set(&self, id: EntityId) -> Set {
        Set {
            op: Op::Entity(id),
            kinds: vec![self.graph.kind_of(id)],
            values: None,
        }
    }

    /// One of several same-named entities: the only one, or the only one of an expected kind.
    fn pick(
        &self,
        text: &str,
        span: Span,
        found: &[EntityId],
        expected: &[KindId],
    ) -> Result<Set, QueryError> {
        let fitting: Vec<EntityId> = found
            .iter()
            .copied()
            .filter(|id| expected.contains(&self.graph.kind_of(*id)))
            .collect();
        match (found, fitting.as_slice()) {
            ([one], _) | (_, [one]) => Ok(self.entity_set(*one)),
            _ => {
                let candidates: Vec<String> = found
                    .iter()
                    .map(|id| {
                        let e = self.graph.entity_ref(*id);
                        format!("{} ({}, id {})", e.name, self.kind_name(e.kind), e.slug)
                    })
                    .collect();
                Err(self
                    .error(
                        QueryErrorKind::AmbiguousName,
                        span,
                        format!(
                            "{text:?} names {} entities: {}",
                            found.len(),
                            candidates.join("; ")
                        ),
                    )
                    .with_hint("use an id to pick one"))
            }
        }
    }

    /// A quoted name: exact id or name lookup, no splitting.
    pub(super) fn named(
        &self,
        name: &ast::Name,
        expected: Option<&[KindId]>,
    ) -> Result<Set, QueryError> {
        if let Some(id) = self.graph.by_slug(&name.text) {
            return Ok(self.entity_set(id));
        }
        let found = self.graph.lookup(&name.text);
        if found.is_empty() {
            return Err(self.unknown(&name.text, name.span, None));
        }
        self.pick(&name.text, name.span, found, expected.unwrap_or(&[]))
    }

    /// The source of `according to`.
    pub(super) fn source(&self, name: &ast::Name) -> Result<EntityId, QueryError> {
        let source_kind = self.graph.schema().source_kind();
        let set = self.named(name, Some(&[source_kind]))?;
        match set.op {
            Op::Entity(id) if self.graph.kind_of(id) == source_kind => Ok(id),
            Op::Entity(id) => Err(self
                .error(
                    QueryErrorKind::WrongKind,
                    name.span,
                    format!(
                        "`according to` takes a source, but {} is {}",
                        self.graph.name_of(id),
                        article(self.kind_name(self.graph.kind_of(id)))
                    ),
                )
                .with_hint("list them with `sources`")),
            _ => Err(self.unknown(&name.text, name.span, Some(&[source_kind]))),
        }
    }

    /// An unknown name, with the nearest names of `expected` kinds, or of every kind but
    /// sources (whose long titles are noise where no source is wanted).
    pub(super) fn unknown(
        &self,
        text: &str,
        span: Span,
        expected: Option<&[KindId]>,
    ) -> QueryError {
        let source_kind = self.graph.schema().source_kind();
        let not_sources: Vec<KindId> = self
            .all_kinds()
            .into_iter()
            .filter(|k| *k != source_kind)
            .collect();
        let kinds = match expected {
            Some(kinds) if !kinds.is_empty() => kinds,
            _ => &not_sources,
        };
        let near: Vec<String> = self
            .graph
            .suggest(text, Some(kinds), 3)
            .into_iter()
            .map(|id| {
                let e = self.graph.entity_ref(id);
                format!("{} ({})", e.name, e.slug)
            })
            .collect();
        let error = self.error(
            QueryErrorKind::UnknownName,
            span,
            format!("no entity is named {text:?}"),
        );
        // `arrested by 999`: a query's year has four digits, so it was read as a name.
        if !text.is_empty() && text.len() != 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return error.with_hint(
                "a year in a query has four digits (0999 for the year 999; none past 9999): \
                 `members of cc-1934 arrested by 1940`",
            );
        }
        // `executed in 1937 or 1938`: `or` joins sets, so the second date was read as a name.
        if text.parse::<crate::model::Date>().is_ok() {
            let before = self.text.get(..span.start).unwrap_or("").to_lowercase();
            let joined = before
                .split_whitespace()
                .last()
                .filter(|w| matches!(*w, "or" | "and" | "except"));
            let hint = match joined {
                Some(op) => format!(
                    "`{op}` joins two sets, not two dates: write a span as `between 1937 and \
                     1938`, or repeat the set and its filter after `{op}`"
                ),
                None => "a date follows `by`, `before`, `after`, `in` or `between`: \
                         `members of cc-1934 arrested by 1940`"
                    .to_owned(),
            };
            return error.with_hint(hint);
        }
        if near.is_empty() {
            let plurals: Vec<String> = self
                .graph
                .schema()
                .kinds()
                .iter()
                .map(|k| format!("`{}`", k.plural))
                .collect();
            let listed = match plurals.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => "a kind's plural".to_owned(),
            };
            error.with_hint(format!("list names with {listed}"))
        } else {
            error.with_hint(format!("did you mean {}?", near.join(", ")))
        }
    }

    /// Unknown words in a base. The suggestions are not limited to the kinds a walk expects:
    /// a mistyped name is more often the one meant than a name of the right kind.
    pub(super) fn unknown_name(&self, words: &ast::Words) -> QueryError {
        let text = self
            .text
            .get(words.span.start..words.span.end)
            .unwrap_or("");
        self.unknown(text, words.span, None)
    }

    /// Resolves a whole run of words as participles, longest match first.
    pub(super) fn participle_run(&self, words: &[ast::Word]) -> Result<Vec<Participle>, Span> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let longest = self
                .graph
                .schema()
                .longest_participle()
                .min(words.len() - i);
            let found = if normalize(&words[i].text) == "alive" {
                Some((1, None))
            } else {
                (1..=longest).rev().find_map(|len| {
                    let text: Vec<&str> =
                        words[i..i + len].iter().map(|w| w.text.as_str()).collect();
                    self.graph
                        .schema()
                        .participle(&normalize(&text.join(" ")))
                        .map(|kind| (len, Some(kind)))
                })
            };
            match found {
                Some((len, kind)) => {
                    out.push(Participle {
                        kind,
                        span: words[i].span.to(words[i + len - 1].span),
                    });
                    i += len;
                }
                None => return Err(words[i].span),
            }
        }
        Ok(out)
    }

    pub(super) fn participles(&self, words: &ast::Words) -> Result<Vec<Participle>, QueryError> {
        self.participle_run(&words.words)
            .map_err(|span| self.not_a_participle(span))
    }

    pub(super) fn not_a_participle(&self, span: Span) -> QueryError {
        let text = self.text.get(span.start..span.end).unwrap_or("");
        let all = self.graph.schema().participles();
        let near = nearest(text, all, 3);
        let error = self.error(
            QueryErrorKind::UnknownPhrase,
            span,
            format!("{text:?} is not a participle of the schema"),
        );
        if near.is_empty() {
            error.with_hint("participles name events: arrested, shot, died…; see :schema")
        } else {
            error.with_hint(format!("did you mean {}?", near.join(", ")))
        }
    }

    pub(super) fn noun(&self, phrase: &ast::Words) -> Result<(Phrase, Span), QueryError> {
        // From the words, which the planner may have rewritten (`each member` → `members`).
        let joined: Vec<&str> = phrase.words.iter().map(|w| w.text.as_str()).collect();
        let text = joined.join(" ");
        let text = text.as_str();
        match self.graph.schema().phrase(&normalize(text)) {
            Some(noun) => Ok((noun, phrase.span)),
            None => {
                let all = self.graph.schema().phrases();
                let near = nearest(text, all, 3);
                let error = self.error(
                    QueryErrorKind::UnknownPhrase,
                    phrase.span,
                    format!("{text:?} is no relation phrase or kind of the schema"),
                );
                Err(
                    if joined.last().is_some_and(|w| w.eq_ignore_ascii_case("as")) {
                        // `… as of soon`: `as` read as a word of a walk.
                        error.with_hint("`as of` takes a date: `members of cc-1934 as of 1956`")
                    } else if let Some(first) = phrase.words.first().filter(|w| {
                        matches!(w.text.to_lowercase().as_str(), "count" | "share" | "why")
                    }) {
                        // `why count members of …`: one command only, first.
                        self.error(
                            QueryErrorKind::UnknownPhrase,
                            first.span,
                            format!(
                                "`{}` begins a query, and a query takes one command",
                                first.text.to_lowercase()
                            ),
                        )
                        .with_hint(
                            "`why` shows the claims behind a set's rows, the rows a count \
                             counts: `why members of cc-1934 arrested by 1940`",
                        )
                    } else if matches!(
                        normalize(text).as_str(),
                        "connections" | "connection" | "path" | "paths"
                    ) {
                        error.with_hint(
                            "`connections between A and B` (or `path from A to B`) gives the \
                             chains of claims between two entities: `connections between \
                             yezhov and bukharin`",
                        )
                    } else if near.is_empty() {
                        error.with_hint("see :schema for the phrases")
                    } else {
                        error.with_hint(format!("did you mean {}?", near.join(", ")))
                    },
                )
            }
        }
    }

    /// The kinds a walk starts from, or `None` for any.
    pub(super) fn walk_input_kinds(&self, (noun, _): (Phrase, Span)) -> Option<Vec<KindId>> {
        match noun {
            Phrase::Relation { relation, inverse } => {
                let def = self.graph.schema().relation_def(relation);
                match (&def.target, inverse) {
                    (_, false) => Some(def.subject.clone()),
                    (Target::Kinds(kinds), true) => Some(kinds.clone()),
                    (Target::Literal(_), true) => Some(Vec::new()),
                }
            }
            Phrase::Kind(_) | Phrase::EventKind(_) => None,
        }
    }

    pub(super) fn walk(&self, set: Set, phrase: &ast::Words) -> Result<Set, QueryError> {
        if let Some(co) = self.co_phrase(phrase) {
            return self.co_walk(set, co, phrase.span);
        }
        let (noun, span) = self.noun(phrase)?;
        if set.values.is_some() {
            return Err(self.misuse(
                span,
                "a figure has no relations to walk",
                "put the figure's phrase outermost: `population of Petrograd`",
            ));
        }
        let schema = self.graph.schema();
        match noun {
            Phrase::Kind(kind) => Ok(Set {
                op: Op::Adjacent {
                    input: Box::new(if kind == schema.event_kind() {
                        self.with_insides(set.op)
                    } else {
                        set.op
                    }),
                    kind,
                    event_kind: None,
                },
                kinds: vec![kind],
                values: None,
            }),
            Phrase::EventKind(ek) => Ok(Set {
                op: Op::Adjacent {
                    input: Box::new(self.with_insides(set.op)),
                    kind: schema.event_kind(),
                    event_kind: Some(ek),
                },
                kinds: vec![schema.event_kind()],
                values: None,
            }),
            Phrase::Relation { relation, inverse } => {
                let def = schema.relation_def(relation);
                let from = self.walk_input_kinds((noun, span)).unwrap_or_default();
                if !set.kinds.iter().any(|k| from.contains(k)) {
                    return Err(self.wrong_walk(span, &set, &from));
                }
                match (&def.target, inverse) {
                    (Target::Literal(_), _) => Ok(Set {
                        op: set.op,
                        kinds: set.kinds,
                        values: Some((relation, None)),
                    }),
                    (Target::Kinds(objects), false) if def.transitive => Ok(Set {
                        op: Op::Reach {
                            input: Box::new(set.op),
                            relation,
                            inverse: false,
                        },
                        kinds: objects.clone(),
                        values: None,
                    }),
                    (Target::Kinds(_), true) if def.transitive => Ok(Set {
                        op: Op::Reach {
                            input: Box::new(set.op),
                            relation,
                            inverse: true,
                        },
                        kinds: def.subject.clone(),
                        values: None,
                    }),
                    (Target::Kinds(objects), false) => Ok(Set {
                        op: Op::Walk {
                            input: Box::new(set.op),
                            relation,
                            inverse: false,
                            window: None,
                        },
                        kinds: objects.clone(),
                        values: None,
                    }),
                    (Target::Kinds(_), true) => Ok(Set {
                        op: Op::Walk {
                            input: Box::new(set.op),
                            relation,
                            inverse: true,
                            window: None,
                        },
                        kinds: def.subject.clone(),
                        values: None,
                    }),
                }
            }
        }
    }

    fn wrong_walk(&self, span: Span, set: &Set, from: &[KindId]) -> QueryError {
        let phrase = self.text.get(span.start..span.end).unwrap_or("");
        let what = match &set.op {
            Op::Entity(id) => {
                let e = self.graph.entity_ref(*id);
                format!("{} is {}", e.name, article(self.kind_name(e.kind)))
            }
            _ => format!("this set holds {}", self.kinds_text(&set.kinds)),
        };
        // Phrases that would fit what the set holds.
        let mut fitting: Vec<String> = Vec::new();
        for def in self.graph.schema().relations() {
            if set.kinds.iter().any(|k| def.subject.contains(k)) {
                fitting.extend(def.forward.iter().cloned());
            }
            if let Target::Kinds(objects) = &def.target
                && set.kinds.iter().any(|k| objects.contains(k))
            {
                fitting.extend(def.inverse.iter().cloned());
            }
        }
        fitting.sort();
        fitting.dedup();
        fitting.truncate(8);
        let error = self.error(
            QueryErrorKind::WrongKind,
            span,
            format!(
                "`{phrase} of` walks from {}, but {what}",
                self.kinds_text(from)
                    .split(" or ")
                    .map(article)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        );
        if fitting.is_empty() {
            error
        } else {
            error.with_hint(format!("phrases that fit: {}", fitting.join(", ")))
        }
    }

    pub(super) fn window(&self, time: &ast::Time) -> Result<Date, QueryError> {
        let result = match &time.op {
            TimeOp::In(d) => Ok(d.clone()),
            TimeOp::By(d) => Date::by(d.clone()),
            TimeOp::Before(d) => Date::before(d.clone()),
            TimeOp::After(d) => Date::after(d.clone()),
            TimeOp::Between(a, b) => Date::range(a.clone(), b.clone()),
        };
        result.map_err(|e| self.error(QueryErrorKind::BadDate, time.span, e.to_string()))
    }

    /// A time that dates no participle: the membership of a walk, a figure, or events.
    pub(super) fn time_filter(
        &self,
        mut set: Set,
        negated: bool,
        window: Date,
        span: Span,
    ) -> Result<Set, QueryError> {
        if let Some((_, slot)) = &mut set.values {
            if negated {
                return Err(self.misuse(
                    span,
                    "`not` does not apply to a figure's date",
                    "drop `not`",
                ));
            }
            *slot = Some(window);
            return Ok(set);
        }
        if let Op::Walk {
            window: slot @ None,
            ..
        } = &mut set.op
            && !negated
        {
            *slot = Some(window);
            return Ok(set);
        }
        let event_kind = self.graph.schema().event_kind();
        if set.kinds == [event_kind] {
            return Ok(Set {
                op: Op::Dated {
                    input: Box::new(set.op),
                    window,
                    negated,
                },
                kinds: set.kinds,
                values: None,
            });
        }
        Err(self.misuse(
            span,
            "nothing here is dated by this time",
            "a time follows a participle (`arrested in 1937`), events (`events in 1953`) or a walk (`members of cc-1934 in 1938`)",
        ))
    }
}
