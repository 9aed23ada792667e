//! AST → plan: words become schema items and entities, kinds are checked, and times become
//! date windows. Plan names follow the meaning (`Walk`, `Underwent`), not the syntax.

use super::ast::{self, Base, Command, ExprKind, SetOp, Span};
use super::error::{QueryError, QueryErrorKind};
use crate::Graph;
use crate::model::{Date, EntityId, EventKindId, KindId, RelationId, normalize};

/// A planned query, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What to compute.
    pub output: Output,
    /// Only claims citing this source count.
    pub scope: Option<EntityId>,
    /// Whether to show the evidence chain of every row.
    pub why: bool,
    /// `first N`, `latest N`, `earliest N`.
    pub limit: Option<(ast::LimitEnd, usize)>,
    /// `by date`: rows in date order.
    pub by_date: bool,
    /// Whether inferred facts count (not `as recorded`).
    pub rules: bool,
    /// Whether every claim counts alike (`with all claims`), whatever its certainty or rank.
    pub all_claims: bool,
    /// `as of DATE`: only claims citing a source published by the end of this date count.
    pub as_of: Option<Date>,
}

/// What a plan computes from its set.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// The rows of the set.
    Rows(Op),
    /// The values of a literal relation for each entity of the set.
    Values {
        /// The entities.
        input: Op,
        /// The literal relation.
        relation: RelationId,
        /// Only values whose date falls in this window.
        window: Option<Date>,
    },
    /// How many rows; with `whole`, how the whole (the set before its last filters) splits
    /// into yes, possibly, no and no record.
    Count {
        /// The filtered set.
        set: Op,
        /// The set before its last filters, when it has filters.
        whole: Option<Op>,
    },
    /// Where sources disagree, about the members of a set if one is given.
    Conflicts {
        /// Only conflicts that involve these entities.
        about: Option<Op>,
    },
    /// Figures set beside the records: those of `relation` (or every figure with a meaning)
    /// of the entities of `input`.
    Check {
        /// The entities whose figures to check.
        input: Op,
        /// Only this relation's figures.
        relation: Option<RelationId>,
    },
    /// How many rows per year of each row's date.
    CountByYear(Op),
    /// How many rows for each entity of `group` (`count members of institutions arrested by
    /// 1940 per institution`): the set is computed once per entity, with that entity in
    /// place of every `Kind(group)` it starts from.
    CountPer {
        /// The set, starting from every entity of `group`.
        set: Op,
        /// The kind grouped by.
        group: KindId,
    },
    /// Every source that cites a claim about an entity of the set, with how many claims.
    Sources(Op),
    /// Every claim about an entity of the set.
    Claims(Op),
    /// Quotations: by the speakers of the set (or anyone), said within the window.
    Quotes {
        /// The speakers, or `None` for anyone.
        speakers: Option<Op>,
        /// When.
        window: Option<Date>,
    },
    /// `count … of each …`: for each entity of `each`, how many rows `per` (built over
    /// [`Op::Each`]) gives.
    CountEach {
        /// The entities to count for.
        each: Op,
        /// What to count for one of them.
        per: Op,
    },
    /// The shortest chains of claims between two entities.
    Connections {
        /// One end.
        from: EntityId,
        /// The other end.
        to: EntityId,
        /// The longest chain, in claims.
        max_hops: usize,
    },
    /// The share of `whole` that `part` (the same set with its last filters) keeps.
    Share {
        /// The filtered set.
        part: Op,
        /// The set before its last filters.
        whole: Op,
    },
}

/// A set operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// One entity.
    Entity(EntityId),
    /// Every entity of a kind.
    Kind(KindId),
    /// Every event of an event kind, by date.
    Events(EventKindId),
    /// Every entity that is neither a source nor an event.
    Everything,
    /// Along a relation: to objects (`forward`) or to subjects.
    Walk {
        /// Where to start.
        input: Box<Op>,
        /// The relation.
        relation: RelationId,
        /// From objects to subjects.
        inverse: bool,
        /// Only links that held within this window.
        window: Option<Date>,
    },
    /// To every entity of a kind linked in any way (`events of Khrushchev`).
    Adjacent {
        /// Where to start.
        input: Box<Op>,
        /// The kind to keep.
        kind: KindId,
        /// For events, only this event kind.
        event_kind: Option<EventKindId>,
    },
    /// Keeps entities that are the patient of an event of `kind` (within `window`); negated,
    /// keeps the others, marking those with no record at all.
    Underwent {
        /// The entities.
        input: Box<Op>,
        /// The event kind.
        kind: EventKindId,
        /// When.
        window: Option<Date>,
        /// `not`.
        negated: bool,
    },
    /// Keeps events dated within `window`.
    Dated {
        /// The events.
        input: Box<Op>,
        /// When.
        window: Date,
        /// `not`.
        negated: bool,
    },
    /// Keeps entities that are the patient of an event of `kind` that matches every condition:
    /// within `window`, with each of `by` among its other participants, at one of `places`
    /// (or a place inside one); negated, keeps the others. `Underwent` is the plain case.
    Took {
        /// The entities.
        input: Box<Op>,
        /// The event kind.
        kind: EventKindId,
        /// When.
        window: Option<Date>,
        /// Who else took part (the perpetrator, the court).
        by: Vec<Agent>,
        /// Where.
        places: Vec<EntityId>,
        /// `not`.
        negated: bool,
    },
    /// Keeps events with each of `by` among their participants and a place among `places` (or
    /// inside one).
    EventsWhere {
        /// The events.
        input: Box<Op>,
        /// Who took part.
        by: Vec<Agent>,
        /// Where.
        places: Vec<EntityId>,
        /// `not`.
        negated: bool,
    },
    /// Keeps those alive within `window`: no end of life before it, no start after it.
    Alive {
        /// The entities.
        input: Box<Op>,
        /// When.
        window: Date,
        /// `not`.
        negated: bool,
    },
    /// Keeps those who took part in an event together with `other` (in `events`, if given,
    /// and within `window`).
    With {
        /// The entities.
        input: Box<Op>,
        /// The one they took part with.
        other: EntityId,
        /// Only these events (`in trial-of-the-twenty-one`).
        events: Vec<EntityId>,
        /// When the shared event happened.
        window: Option<Date>,
    },
    /// Along a transitive relation, through every chain (`sites of Paris`: the sites of its
    /// sites too), each row with its chain of claims.
    Reach {
        /// Where to start.
        input: Box<Op>,
        /// The relation.
        relation: RelationId,
        /// From objects to subjects.
        inverse: bool,
    },
    /// Those who took part in the same events, in `role` on both sides if given
    /// (`co-defendants`), else in any role (`co-participants`).
    CoParticipants {
        /// The entities.
        input: Box<Op>,
        /// The shared role.
        role: Option<String>,
    },
    /// Those linked by `relation` to the same object (`co-members`: members of the same body).
    CoLinked {
        /// The entities.
        input: Box<Op>,
        /// The relation.
        relation: RelationId,
    },
    /// The entity being counted for, in `count … of each …`.
    Each,
    /// Set algebra.
    Combine {
        /// The operator.
        op: SetOp,
        /// The left set.
        lhs: Box<Op>,
        /// The right set.
        rhs: Box<Op>,
    },
}

/// Who took part in an event besides its patient: one entity, or any entity of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agent {
    /// This entity.
    Entity(EntityId),
    /// Any entity of this kind.
    Kind(KindId),
}

/// Turns a syntax tree into a plan over `graph`'s schema and data.
///
/// Cost: O(words × names) for the lookups, plus the suggestions of an error.
///
/// # Errors
///
/// A [`QueryError`] with the span of the words that do not resolve or do not fit: an unknown
/// name or phrase, an ambiguous name, a walk from the wrong kind, a misused command or time.
pub fn plan(graph: &Graph, text: &str, query: &ast::Query) -> Result<Plan, QueryError> {
    let planner = Planner { graph, text };
    let scope = query
        .scope
        .as_ref()
        .map(|name| planner.source(name))
        .transpose()?;
    let why = query.command == Some(Command::Why) || query.why;
    let limit = query.limit.map(|l| (l.end, l.count));
    let by_date = query.by_date.is_some();
    let counts_each = query.command == Some(Command::Count) && planner.count_each(query)?.is_some();
    if let Some(l) = &query.limit
        && matches!(query.command, Some(Command::Count | Command::Share))
        && !counts_each
    {
        return Err(planner.misuse(
            l.span,
            "`first`, `latest` and `earliest` pick rows to show, not rows to count",
            "drop `count`, or drop the limit",
        ));
    }
    if query.command == Some(Command::Count)
        && let Some(output) = planner.count_each(query)?
    {
        return Ok(Plan {
            output,
            scope,
            why,
            limit,
            by_date,
            rules: !query.recorded,
            all_claims: query.all_claims,
            as_of: query.as_of.as_ref().map(|(d, _)| d.clone()),
        });
    }
    let plain = matches!(query.command, None | Some(Command::Why));
    if let Some(output) = plain
        .then(|| planner.special_output(query))
        .transpose()?
        .flatten()
    {
        return Ok(Plan {
            output,
            scope,
            why,
            limit,
            by_date,
            rules: !query.recorded,
            all_claims: query.all_claims,
            as_of: query.as_of.as_ref().map(|(d, _)| d.clone()),
        });
    }
    let output = match query.command {
        Some(Command::Conflicts) => Output::Conflicts {
            about: match &query.expr.kind {
                ExprKind::Term { base, .. } if matches!(**base, Base::Everything) => None,
                _ => Some(planner.set(&query.expr)?.op),
            },
        },
        Some(Command::Check) => {
            let set = planner.set(&query.expr)?;
            let relation = match set.values {
                Some((relation, _)) => {
                    if graph.schema().aggregate(relation).is_none()
                        && graph.schema().relation_def(relation).literal()
                            != Some(crate::model::LiteralType::Number)
                    {
                        return Err(planner.misuse(
                            query.expr.span,
                            "`check` sets figures beside the records, and these are not figures",
                            "check a figure: `check victims of cc-1934`",
                        ));
                    }
                    Some(relation)
                }
                None => None,
            };
            Output::Check {
                input: set.op,
                relation,
            }
        }
        Some(Command::Share) => {
            if let Some(span) = query.by_year {
                return Err(planner.misuse(
                    span,
                    "`by year` groups a count, not a share",
                    "count the part instead: `count SET FILTER by year`",
                ));
            }
            if !matches!(query.expr.kind, ExprKind::Term { .. }) {
                return Err(planner.misuse(
                    query.expr.span,
                    "`share of` takes one set with filters, not a combination",
                    "write `share of members of cc-1934 arrested by 1940`",
                ));
            }
            let part = planner.set(&query.expr)?;
            let whole = planner.set_without_filters(&query.expr)?;
            // No filter (in the words or after them) leaves the part equal to the whole.
            if part.op == whole {
                return Err(planner.misuse(
                    query.expr.span,
                    "`share of` needs a filter that picks the part",
                    "add a filter: `share of members of cc-1934 arrested by 1940`",
                ));
            }
            Output::Share {
                part: part.op,
                whole,
            }
        }
        command => {
            // A count of one term splits the term before its filters: planned once, the
            // whole kept before the filters go on.
            let (set, unfiltered) = match &query.expr.kind {
                ExprKind::Term {
                    walks,
                    base,
                    filters,
                } if command == Some(Command::Count) => {
                    let (whole, participles) = planner.unfiltered(walks, base)?;
                    let unfiltered = whole.op.clone();
                    let set = planner.apply_filters(whole, participles, filters)?;
                    (set, Some(unfiltered))
                }
                _ => (planner.set(&query.expr)?, None),
            };
            match (set.values, command, query.by_year) {
                (Some((relation, window)), None | Some(Command::Why), None) => Output::Values {
                    input: set.op,
                    relation,
                    window,
                },
                (Some(_), _, _) => {
                    return Err(planner.misuse(
                        query.expr.span,
                        "figures cannot be counted or grouped by year",
                        "ask for the figures themselves: `population of Petrograd`",
                    ));
                }
                (None, Some(Command::Count), Some(_)) => Output::CountByYear(set.op),
                (None, _, Some(span)) => {
                    return Err(planner.misuse(
                        span,
                        "`by year` groups a count",
                        "start the query with `count`",
                    ));
                }
                (None, Some(Command::Count), None) => {
                    let whole = unfiltered.filter(|whole| *whole != set.op);
                    Output::Count { set: set.op, whole }
                }
                (None, _, None) => Output::Rows(set.op),
            }
        }
    };
    let output = match &query.per {
        None => output,
        Some(words) => planner.per(output, words)?,
    };
    Ok(Plan {
        output,
        scope,
        why,
        limit,
        by_date,
        rules: !query.recorded,
        all_claims: query.all_claims,
        as_of: query.as_of.as_ref().map(|(d, _)| d.clone()),
    })
}

/// Whether `op` starts (somewhere) from every entity of `kind`.
fn starts_from(op: &Op, kind: KindId) -> bool {
    match op {
        Op::Kind(k) => *k == kind,
        _ => op.inputs().any(|input| starts_from(input, kind)),
    }
}

impl Op {
    /// The sets this operation reads: none, one, or two for `Combine`.
    pub(super) fn inputs(&self) -> impl Iterator<Item = &Op> {
        let (first, second): (Option<&Op>, Option<&Op>) = match self {
            Op::Walk { input, .. }
            | Op::Adjacent { input, .. }
            | Op::Underwent { input, .. }
            | Op::Dated { input, .. }
            | Op::Took { input, .. }
            | Op::EventsWhere { input, .. }
            | Op::Alive { input, .. }
            | Op::With { input, .. }
            | Op::Reach { input, .. }
            | Op::CoParticipants { input, .. }
            | Op::CoLinked { input, .. } => (Some(input), None),
            Op::Combine { lhs, rhs, .. } => (Some(lhs), Some(rhs)),
            Op::Entity(_) | Op::Kind(_) | Op::Events(_) | Op::Everything | Op::Each => (None, None),
        };
        first.into_iter().chain(second)
    }

    /// A copy with `Entity(entity)` in place of every leaf that `replaced` picks (the `Each`
    /// of `count … of each`, the kind of `count … per KIND`).
    pub(super) fn with_entity(&self, replaced: &dyn Fn(&Op) -> bool, entity: EntityId) -> Op {
        let mut op = self.clone();
        substitute(&mut op, replaced, entity);
        op
    }
}

fn substitute(op: &mut Op, replaced: &dyn Fn(&Op) -> bool, entity: EntityId) {
    if replaced(op) {
        *op = Op::Entity(entity);
        return;
    }
    match op {
        Op::Walk { input, .. }
        | Op::Adjacent { input, .. }
        | Op::Underwent { input, .. }
        | Op::Dated { input, .. }
        | Op::Took { input, .. }
        | Op::EventsWhere { input, .. }
        | Op::Alive { input, .. }
        | Op::With { input, .. }
        | Op::Reach { input, .. }
        | Op::CoParticipants { input, .. }
        | Op::CoLinked { input, .. } => substitute(input, replaced, entity),
        Op::Combine { lhs, rhs, .. } => {
            substitute(lhs, replaced, entity);
            substitute(rhs, replaced, entity);
        }
        Op::Entity(_) | Op::Kind(_) | Op::Events(_) | Op::Everything | Op::Each => {}
    }
}

/// A planned set, with the kinds its members can have, and whether it ends in a literal walk.
pub(super) struct Set {
    pub(super) op: Op,
    pub(super) kinds: Vec<KindId>,
    pub(super) values: Option<(RelationId, Option<Date>)>,
}

/// One participle resolved from words, with its span; `kind: None` is `alive`.
pub(super) struct Participle {
    pub(super) kind: Option<EventKindId>,
    pub(super) span: Span,
}

pub(super) struct Planner<'g> {
    pub(super) graph: &'g Graph,
    pub(super) text: &'g str,
}

impl Planner<'_> {
    pub(super) fn error(
        &self,
        kind: QueryErrorKind,
        span: Span,
        message: impl Into<String>,
    ) -> QueryError {
        QueryError::new(kind, self.text, span, message)
    }

    /// `per KIND`: turns a count into a count per entity of a kind the set starts from.
    fn per(&self, output: Output, words: &ast::Words) -> Result<Output, QueryError> {
        let hint = "write `count members of institutions arrested by 1940 per institution`";
        let Output::Count { set, .. } = output else {
            return Err(self.misuse(words.span, "`per` groups a count", hint));
        };
        let text = normalize(&self.text[words.span.start..words.span.end]);
        let schema = self.graph.schema();
        let group = schema
            .kinds()
            .iter()
            .position(|k| normalize(&k.name) == text || normalize(&k.plural) == text)
            .map(KindId::new)
            .ok_or_else(|| {
                let error = self.error(
                    QueryErrorKind::UnknownName,
                    words.span,
                    format!("no kind called {text:?} to count per"),
                );
                if matches!(text.as_str(), "year" | "years") {
                    return error.with_hint(
                        "`by year` groups a count by the year of each row's date: \
                         `count members of cc-1934 executed by year`",
                    );
                }
                let kinds: Vec<&str> = schema.kinds().iter().map(|k| k.name.as_str()).collect();
                error.with_hint(format!("`per` takes a kind: {}", kinds.join(", ")))
            })?;
        if !starts_from(&set, group) {
            return Err(self.misuse(
                words.span,
                &format!(
                    "the set does not start from {}, so it cannot be counted per {}",
                    schema.kind_def(group).plural,
                    schema.kind_def(group).name
                ),
                hint,
            ));
        }
        Ok(Output::CountPer { set, group })
    }

    pub(super) fn misuse(&self, span: Span, message: &str, hint: &str) -> QueryError {
        self.error(QueryErrorKind::Misuse, span, message)
            .with_hint(hint)
    }

    pub(super) fn kind_name(&self, kind: KindId) -> &str {
        &self.graph.schema().kind_def(kind).name
    }

    pub(super) fn kinds_text(&self, kinds: &[KindId]) -> String {
        let mut names: Vec<&str> = kinds.iter().map(|k| self.kind_name(*k)).collect();
        names.sort_unstable();
        names.dedup();
        names.join(" or ")
    }

    pub(super) fn all_kinds(&self) -> Vec<KindId> {
        (0..self.graph.schema().kinds().len())
            .map(KindId::new)
            .collect()
    }

    pub(super) fn set(&self, expr: &ast::Expr) -> Result<Set, QueryError> {
        match &expr.kind {
            ExprKind::Binary { op, lhs, rhs } => {
                let (lhs, rhs) = (self.set(lhs)?, self.set(rhs)?);
                if lhs.values.is_some() || rhs.values.is_some() {
                    return Err(self.misuse(
                        expr.span,
                        "figures cannot be combined with `and`, `or` or `except`",
                        "ask for each figure on its own",
                    ));
                }
                let kinds = match op {
                    SetOp::And => lhs
                        .kinds
                        .iter()
                        .copied()
                        .filter(|k| rhs.kinds.contains(k))
                        .collect(),
                    SetOp::Or => {
                        let mut kinds = lhs.kinds.clone();
                        kinds.extend(rhs.kinds.iter().copied().filter(|k| !lhs.kinds.contains(k)));
                        kinds
                    }
                    SetOp::Except => lhs.kinds.clone(),
                };
                Ok(Set {
                    op: Op::Combine {
                        op: *op,
                        lhs: Box::new(lhs.op),
                        rhs: Box::new(rhs.op),
                    },
                    kinds,
                    values: None,
                })
            }
            ExprKind::Term {
                walks,
                base,
                filters,
            } => self.term(walks, base, filters, true),
        }
    }

    /// The whole of a `share of` query: its term without the trailing filters.
    fn set_without_filters(&self, expr: &ast::Expr) -> Result<Op, QueryError> {
        match &expr.kind {
            ExprKind::Term { walks, base, .. } => Ok(self.term(walks, base, &[], false)?.op),
            ExprKind::Binary { .. } => Ok(self.set(expr)?.op),
        }
    }

    pub(super) fn term(
        &self,
        walks: &[ast::Words],
        base: &Base,
        filters: &[ast::Filter],
        with_filters: bool,
    ) -> Result<Set, QueryError> {
        let (set, base_participles) = self.unfiltered(walks, base)?;
        if !with_filters {
            return Ok(set);
        }
        self.apply_filters(set, base_participles, filters)
    }

    /// A term's walks from its base, without its filters, and the participles that trailed
    /// the base's words (`1934 Central Committee arrested`), which are filters too.
    fn unfiltered(
        &self,
        walks: &[ast::Words],
        base: &Base,
    ) -> Result<(Set, Vec<Participle>), QueryError> {
        // The walks' expected kinds guide which of several same-named entities the base means.
        let expected = match walks.last() {
            Some(phrase) if self.co_phrase(phrase).is_some() => None,
            Some(phrase) => self.walk_input_kinds(self.noun(phrase).map_err(|error| {
                self.as_of_error(phrase, base)
                    .unwrap_or_else(|| self.quote_hint(error, walks, base))
            })?),
            None => None,
        };
        let (mut set, base_participles) = match base {
            Base::Group(expr) => (self.set(expr)?, Vec::new()),
            Base::Quoted(name) => (self.named(name, expected.as_deref())?, Vec::new()),
            Base::Everything => (
                Set {
                    op: Op::Everything,
                    kinds: self.all_kinds(),
                    values: None,
                },
                Vec::new(),
            ),
            Base::Words(words) => {
                let (set, participles) =
                    self.split_base(words, expected.as_deref().unwrap_or(&[]))?;
                (set, participles)
            }
        };
        for phrase in walks.iter().rev() {
            set = self.walk(set, phrase)?;
        }
        Ok((set, base_participles))
    }

    /// An unknown phrase that, with the words after it, is the name of something: the name
    /// contains a connective and needs quotes.
    /// `members of cc-1917 as of soon`: the grammar reads an `as of` whose date does not parse
    /// as the walk `cc-1917 as` of the base `soon`. When that walk is no phrase of the schema,
    /// the error is the date's, at the words where the date goes.
    fn as_of_error(&self, phrase: &ast::Words, base: &Base) -> Option<QueryError> {
        let ends_in_as = phrase
            .words
            .last()
            .is_some_and(|w| w.text.eq_ignore_ascii_case("as"));
        let Base::Words(date) = base else {
            return None;
        };
        if !ends_in_as || phrase.words.len() < 2 {
            return None;
        }
        let text = self.text.get(date.span.start..date.span.end).unwrap_or("");
        Some(
            self.error(
                QueryErrorKind::BadDate,
                date.span,
                format!("`{text}` is not a date: `as of` takes one"),
            )
            .with_hint(
                "`as of` takes a date, the last by which a source was published: `members of cc-1934 as of 1956`",
            ),
        )
    }

    fn quote_hint(&self, error: QueryError, walks: &[ast::Words], base: &Base) -> QueryError {
        let (Some(first), Base::Words(last)) = (walks.first(), base) else {
            return error;
        };
        let text = self.text.get(first.span.start..last.span.end).unwrap_or("");
        if self.graph.has_name(&normalize(text)) {
            error.with_hint(format!("names with connectives need quotes: \"{text}\""))
        } else {
            error
        }
    }

    /// Splits base words into the longest leading name, id or kind and trailing participles.
    fn split_base(
        &self,
        words: &ast::Words,
        expected: &[KindId],
    ) -> Result<(Set, Vec<Participle>), QueryError> {
        let n = words.words.len();
        // No name, id or plural is longer than the longest name or phrase: trying only those
        // lengths keeps splitting linear in the number of words.
        let schema = self.graph.schema();
        let longest = schema
            .kinds()
            .iter()
            .map(|k| k.plural.split_whitespace().count())
            .chain(schema.event_kinds().iter().flat_map(|k| {
                k.plural.iter().map(|p| p.split_whitespace().count())
            }))
            .fold(self.graph.longest_name().max(1), usize::max)
            // A word of punctuation alone (`-`) normalizes to nothing and adds no name word.
            + words
                .words
                .iter()
                .filter(|w| !w.text.chars().any(char::is_alphanumeric))
                .count();
        // The first word that is no participle after the longest name, for the error.
        let mut stray: Option<Span> = None;
        for end in (1..=n.min(longest)).rev() {
            let head = &words.words[..end];
            let rest = &words.words[end..];
            let span = head[0].span.to(head[end - 1].span);
            let text = self.text.get(span.start..span.end).unwrap_or("");
            let Some(set) = self.base_item(text, span, expected)? else {
                continue;
            };
            if rest.is_empty() {
                return Ok((set, Vec::new()));
            }
            match self.participle_run(rest) {
                Ok(participles) => return Ok((set, participles)),
                Err(span) => {
                    stray.get_or_insert(span);
                }
            }
        }
        if let Some(span) = stray {
            return Err(self.not_a_participle(span));
        }
        // No name starts the run: it may be participles alone (`arrested in 1937`).
        if let Ok(participles) = self.participle_run(&words.words) {
            let kinds = self.all_kinds();
            return Ok((
                Set {
                    op: Op::Everything,
                    kinds,
                    values: None,
                },
                participles,
            ));
        }
        Err(self.unknown_name(words))
    }
}

impl Plan {
    /// A placeholder that owns nothing deep, for taking a plan apart.
    pub(crate) fn empty() -> Plan {
        Plan {
            output: Output::Rows(Op::Everything),
            scope: None,
            why: false,
            limit: None,
            by_date: false,
            rules: false,
            all_claims: false,
            as_of: None,
        }
    }
}
