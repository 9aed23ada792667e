//! Planning filters: participles with their qualifiers (a time, who else took part, where),
//! filter groups (`(arrested or shot) by 1940`), `with NAME`, `alive`, and times given by an
//! event (`at assassination-of-kirov`).
//!
//! How a qualifier binds: it narrows the participle right before it, or each participle of the
//! group right before it that has no qualifier of its kind; a qualifier after no participle
//! narrows the set itself (a walk's links, events). `A arrested by 1940 or shot by 1940` is
//! `(A arrested by 1940) or (everyone shot by 1940)`: write `A (arrested or shot) by 1940`.

use super::ast::{self, Qualifier, RefOp, SetOp, Span, TimeOp};
use super::error::{QueryError, QueryErrorKind};
use super::plan::{Agent, Op, Participle, Planner, Set};
use crate::model::{Date, EntityId};
use crate::text::article;

/// What narrows one participle: when, who else, where.
#[derive(Default)]
struct Quals {
    window: Option<(Date, Span)>,
    by: Vec<Agent>,
    places: Vec<EntityId>,
    /// For `with NAME`: the shared events named by `in EVENT`.
    events: Vec<EntityId>,
}

/// A filter waiting to be applied, in order.
enum Pending {
    Participle {
        negated: bool,
        participle: Participle,
        quals: Quals,
    },
    Group {
        negated: bool,
        first: Box<Pending>,
        rest: Vec<(SetOp, Pending)>,
        span: Span,
    },
    With {
        negated: bool,
        other: EntityId,
        quals: Quals,
        span: Span,
    },
}

/// What a resolved qualifier says.
enum Resolved {
    Window(Date),
    Agent(Agent),
    Place(EntityId),
    Event(EntityId),
}

impl Planner<'_> {
    /// Applies a term's filters (after the participles that ended its base words) to `set`.
    pub(super) fn apply_filters(
        &self,
        mut set: Set,
        base_participles: Vec<Participle>,
        filters: &[ast::Filter],
    ) -> Result<Set, QueryError> {
        let mut pending: Vec<Pending> = base_participles
            .into_iter()
            .map(|participle| Pending::Participle {
                negated: false,
                participle,
                quals: Quals::default(),
            })
            .collect();
        let mut on_set: Vec<(bool, Resolved, Span)> = Vec::new();
        for filter in filters {
            if filter.words.is_some() || filter.group.is_some() || filter.with.is_some() {
                let mut item = self.pending(filter)?;
                for q in &filter.qualifiers {
                    let resolved = self.resolve(q)?;
                    self.qualify(&mut item, resolved, q.span(), true)?;
                }
                pending.push(item);
                continue;
            }
            // Qualifiers alone: they narrow the participle right before them if it has none of
            // their kind (and the qualifier is not negated on its own), else the set.
            for q in &filter.qualifiers {
                let resolved = self.resolve(q)?;
                let span = q.span();
                match pending.last_mut() {
                    Some(last)
                        if (!filter.negated || is_negated(last)) && accepts(last, &resolved) =>
                    {
                        self.qualify(last, resolved, span, false)?;
                    }
                    _ => on_set.push((filter.negated, resolved, span)),
                }
            }
        }
        for (negated, resolved, span) in on_set {
            set = self.set_qualifier(set, negated, resolved, span)?;
        }
        for item in pending {
            set = self.apply_pending(set, item)?;
        }
        Ok(set)
    }

    /// A filter's participles, group or `with`, without its qualifiers; participles given
    /// together (`arrested shot`) become one per participle, the qualifiers on the last.
    fn pending(&self, filter: &ast::Filter) -> Result<Pending, QueryError> {
        if let Some(group) = &filter.group {
            let first = Box::new(self.group_member(&group.first)?);
            let rest = group
                .rest
                .iter()
                .map(|(op, member)| Ok((*op, self.group_member(member)?)))
                .collect::<Result<Vec<_>, QueryError>>()?;
            return Ok(Pending::Group {
                negated: filter.negated,
                first,
                rest,
                span: group.span,
            });
        }
        if let Some(name) = &filter.with {
            let other = self.one_entity(name)?;
            return Ok(Pending::With {
                negated: filter.negated,
                other,
                quals: Quals::default(),
                span: name.span,
            });
        }
        let words = filter.words.as_ref().ok_or_else(|| {
            self.error(
                QueryErrorKind::Syntax,
                filter.span,
                "internal error: an empty filter",
            )
        })?;
        let mut participles = self.participles(words)?;
        let last = participles.pop().ok_or_else(|| {
            self.error(
                QueryErrorKind::Syntax,
                words.span,
                "internal error: no participle",
            )
        })?;
        let mut items: Vec<Pending> = participles
            .into_iter()
            .map(|participle| Pending::Participle {
                negated: filter.negated,
                participle,
                quals: Quals::default(),
            })
            .collect();
        let last = Pending::Participle {
            negated: filter.negated,
            participle: last,
            quals: Quals::default(),
        };
        if items.is_empty() {
            return Ok(last);
        }
        // Several participles in one filter: all must hold, the qualifiers bind to the last.
        items.push(last);
        let mut items = items.into_iter();
        let first = Box::new(items.next().expect("at least two"));
        Ok(Pending::Group {
            negated: false,
            first,
            rest: items.map(|p| (SetOp::And, p)).collect(),
            span: words.span,
        })
    }

    /// A member of a filter group, with its own qualifiers.
    fn group_member(&self, member: &ast::Filter) -> Result<Pending, QueryError> {
        let mut item = self.pending(member)?;
        for q in &member.qualifiers {
            let resolved = self.resolve(q)?;
            self.qualify(&mut item, resolved, q.span(), true)?;
        }
        Ok(item)
    }

    /// Reads a qualifier: a time; a name after `by`, `in`, `at`, `when`, `before`, `after`.
    fn resolve(&self, q: &Qualifier) -> Result<Resolved, QueryError> {
        match q {
            Qualifier::Time(time) => Ok(Resolved::Window(self.window(time)?)),
            Qualifier::Between(_, _, span) => Err(self.misuse(
                *span,
                "`between` takes dates here",
                "`between A and B` with names follows `connections`: `connections between yezhov and bukharin`",
            )),
            Qualifier::Reference(reference) => {
                let name = &reference.target;
                let event_kind = self.graph.schema().event_kind();
                // A kind plural after `by`: anyone of that kind (`shot by institutions`).
                if reference.op == RefOp::By
                    && let Some(crate::model::Phrase::Kind(kind)) =
                        self.graph.schema().phrase(&crate::model::normalize(&name.text))
                {
                    return Ok(Resolved::Agent(Agent::Kind(kind)));
                }
                let id = self.one_entity(name)?;
                let entity = self.graph.entity_ref(id);
                if entity.kind == event_kind {
                    let date = self.event_date(id, name.span)?;
                    let op = match reference.op {
                        RefOp::By => TimeOp::By(date),
                        RefOp::Before => TimeOp::Before(date),
                        RefOp::After => TimeOp::After(date),
                        RefOp::In | RefOp::At | RefOp::When => {
                            return Ok(Resolved::Event(id));
                        }
                    };
                    let time = ast::Time {
                        op,
                        span: reference.span,
                    };
                    return Ok(Resolved::Window(self.window(&time)?));
                }
                match reference.op {
                    RefOp::By => Ok(Resolved::Agent(Agent::Entity(id))),
                    RefOp::In => Ok(Resolved::Place(id)),
                    op => Err(self
                        .error(
                            QueryErrorKind::WrongKind,
                            name.span,
                            format!(
                                "`{}` takes an event, but {} is {}",
                                ref_word(op),
                                entity.name,
                                article(self.kind_name(entity.kind))
                            ),
                        )
                        .with_hint("name an event: `at assassination-of-kirov`")),
                }
            }
        }
    }

    /// The date of an event named as a time: its first date claim.
    fn event_date(&self, event: EntityId, span: Span) -> Result<Date, QueryError> {
        match self.graph.dates_of(event).next() {
            Some((_, date)) => Ok(date.clone()),
            None => Err(self
                .error(
                    QueryErrorKind::Misuse,
                    span,
                    format!("{} has no date to give a time", self.graph.name_of(event)),
                )
                .with_hint("give a date instead: `in 1934`")),
        }
    }

    /// One entity by name or id, for `by`, `in`, `with` and the ends of a connection.
    pub(super) fn one_entity(&self, name: &ast::Name) -> Result<EntityId, QueryError> {
        match self.named(name, None)?.op {
            Op::Entity(id) => Ok(id),
            _ => Err(self.unknown(&name.text, name.span, None)),
        }
    }

    /// Adds a qualifier to a pending filter. With `own`, the qualifier was written on the
    /// filter itself; otherwise it came after it and fills only what is missing.
    fn qualify(
        &self,
        item: &mut Pending,
        resolved: Resolved,
        span: Span,
        own: bool,
    ) -> Result<(), QueryError> {
        match item {
            Pending::Participle {
                quals, participle, ..
            } => {
                if participle.kind.is_none() {
                    return match resolved {
                        Resolved::Window(w) => {
                            quals.window = Some((w, span));
                            Ok(())
                        }
                        Resolved::Event(e) => {
                            quals.window = Some((self.event_date(e, span)?, span));
                            Ok(())
                        }
                        _ => {
                            Err(self.misuse(span, "`alive` takes a time", "`people alive in 1938`"))
                        }
                    };
                }
                add(self, quals, resolved, span, false)
            }
            Pending::With { quals, .. } => add(self, quals, resolved, span, true),
            Pending::Group { first, rest, .. } => {
                // Every member without a qualifier of this kind gets it.
                let kind = resolved_kind(&resolved);
                let mut members: Vec<&mut Pending> = vec![first.as_mut()];
                members.extend(rest.iter_mut().map(|(_, p)| p));
                for member in members {
                    if own || !has(member, kind) {
                        let copy = copy_resolved(&resolved);
                        self.qualify(member, copy, span, own)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// A qualifier on the set itself: a walk's or events' time, events' place or agent.
    fn set_qualifier(
        &self,
        set: Set,
        negated: bool,
        resolved: Resolved,
        span: Span,
    ) -> Result<Set, QueryError> {
        let event_kind = self.graph.schema().event_kind();
        let only_events = set.kinds == [event_kind];
        match resolved {
            Resolved::Window(window) => self.time_filter(set, negated, window, span),
            Resolved::Event(event) => {
                let window = self.event_date(event, span)?;
                self.time_filter(set, negated, window, span)
            }
            Resolved::Agent(agent) if only_events => Ok(self.events_where(set, vec![agent], Vec::new(), negated)),
            Resolved::Place(place) if only_events => Ok(self.events_where(set, Vec::new(), vec![place], negated)),
            Resolved::Agent(_) | Resolved::Place(_) => Err(self.misuse(
                span,
                "nothing here happened somewhere or was done by someone",
                "`by NAME` and `in PLACE` follow a participle (`shot in Moscow`) or events (`executions in Moscow`)",
            )),
        }
    }

    fn events_where(&self, set: Set, by: Vec<Agent>, places: Vec<EntityId>, negated: bool) -> Set {
        Set {
            op: Op::EventsWhere {
                input: Box::new(set.op),
                by,
                places,
                negated,
            },
            kinds: set.kinds,
            values: None,
        }
    }

    fn apply_pending(&self, set: Set, item: Pending) -> Result<Set, QueryError> {
        if set.values.is_some() {
            return Err(self.misuse(
                pending_span(&item),
                "a figure cannot be filtered by a participle",
                "filter the entities before asking for the figure",
            ));
        }
        let kinds = set.kinds.clone();
        let op = self.pending_op(set.op, item)?;
        Ok(Set {
            op,
            kinds,
            values: None,
        })
    }

    fn pending_op(&self, input: Op, item: Pending) -> Result<Op, QueryError> {
        Ok(match item {
            Pending::Participle {
                negated,
                participle,
                quals,
            } => {
                let window = quals.window.map(|(w, _)| w);
                match participle.kind {
                    None => {
                        let window = window.ok_or_else(|| {
                            self.misuse(
                                participle.span,
                                "`alive` needs a time",
                                "`people alive in 1938`",
                            )
                        })?;
                        Op::Alive {
                            input: Box::new(input),
                            window,
                            negated,
                        }
                    }
                    Some(kind) if quals.by.is_empty() && quals.places.is_empty() => Op::Underwent {
                        input: Box::new(input),
                        kind,
                        window,
                        negated,
                    },
                    Some(kind) => Op::Took {
                        input: Box::new(input),
                        kind,
                        window,
                        by: quals.by,
                        places: quals.places,
                        negated,
                    },
                }
            }
            Pending::With {
                negated,
                other,
                quals,
                ..
            } => {
                let with = Op::With {
                    input: Box::new(input.clone()),
                    other,
                    events: quals.events,
                    window: quals.window.map(|(w, _)| w),
                };
                if negated {
                    Op::Combine {
                        op: SetOp::Except,
                        lhs: Box::new(input),
                        rhs: Box::new(with),
                    }
                } else {
                    with
                }
            }
            Pending::Group {
                negated,
                first,
                rest,
                ..
            } => {
                let mut op = self.pending_op(input.clone(), *first)?;
                for (set_op, member) in rest {
                    let rhs = self.pending_op(input.clone(), member)?;
                    op = Op::Combine {
                        op: set_op,
                        lhs: Box::new(op),
                        rhs: Box::new(rhs),
                    };
                }
                if negated {
                    Op::Combine {
                        op: SetOp::Except,
                        lhs: Box::new(input),
                        rhs: Box::new(op),
                    }
                } else {
                    op
                }
            }
        })
    }
}

/// Adds a resolved qualifier to a participle's or `with`'s qualifiers.
fn add(
    planner: &Planner<'_>,
    quals: &mut Quals,
    resolved: Resolved,
    span: Span,
    with: bool,
) -> Result<(), QueryError> {
    match resolved {
        Resolved::Window(w) => {
            if let Some((_, first)) = &quals.window {
                return Err(planner.misuse(
                    span,
                    "two times for one event",
                    &format!(
                        "keep one of them (the other is at column {})",
                        first.start + 1
                    ),
                ));
            }
            quals.window = Some((w, span));
        }
        Resolved::Agent(agent) if !with => quals.by.push(agent),
        Resolved::Place(place) if !with => quals.places.push(place),
        Resolved::Event(event) if with => quals.events.push(event),
        Resolved::Event(event) => {
            let date = planner.event_date(event, span)?;
            if quals.window.is_some() {
                return Err(planner.misuse(span, "two times for one event", "keep one of them"));
            }
            quals.window = Some((date, span));
        }
        Resolved::Agent(_) | Resolved::Place(_) => {
            return Err(planner.misuse(
                span,
                "`with NAME` takes an event after `in`",
                "`people with bukharin in trial-of-the-twenty-one`",
            ));
        }
    }
    Ok(())
}

/// The kind of a qualifier, for "has none of its kind": 0 time, 1 agent, 2 place.
fn resolved_kind(resolved: &Resolved) -> u8 {
    match resolved {
        Resolved::Window(_) | Resolved::Event(_) => 0,
        Resolved::Agent(_) => 1,
        Resolved::Place(_) => 2,
    }
}

fn copy_resolved(resolved: &Resolved) -> Resolved {
    match resolved {
        Resolved::Window(w) => Resolved::Window(w.clone()),
        Resolved::Agent(a) => Resolved::Agent(*a),
        Resolved::Place(p) => Resolved::Place(*p),
        Resolved::Event(e) => Resolved::Event(*e),
    }
}

/// Whether a pending filter already has a qualifier of this kind (a group: every member has).
fn has(item: &Pending, kind: u8) -> bool {
    match item {
        Pending::Participle { quals, .. } | Pending::With { quals, .. } => match kind {
            0 => quals.window.is_some(),
            1 => !quals.by.is_empty(),
            _ => !quals.places.is_empty(),
        },
        Pending::Group { first, rest, .. } => {
            has(first, kind) && rest.iter().all(|(_, member)| has(member, kind))
        }
    }
}

/// Whether a qualifier written after a filter narrows it rather than the set: a time binds to
/// a participle without one; a place or agent to a participle; an event to `with`.
fn accepts(item: &Pending, resolved: &Resolved) -> bool {
    let kind = resolved_kind(resolved);
    match item {
        Pending::Participle { participle, .. } if participle.kind.is_none() => {
            kind == 0 && !has(item, 0)
        }
        Pending::Participle { .. } => kind != 0 || !has(item, 0),
        Pending::With { .. } => kind == 0 && !has(item, 0),
        Pending::Group { .. } => !has(item, kind) || kind != 0,
    }
}

fn is_negated(item: &Pending) -> bool {
    match item {
        Pending::Participle { negated, .. }
        | Pending::Group { negated, .. }
        | Pending::With { negated, .. } => *negated,
    }
}

fn pending_span(item: &Pending) -> Span {
    match item {
        Pending::Participle { participle, .. } => participle.span,
        Pending::Group { span, .. } | Pending::With { span, .. } => *span,
    }
}

fn ref_word(op: RefOp) -> &'static str {
    match op {
        RefOp::By => "by",
        RefOp::In => "in",
        RefOp::Before => "before",
        RefOp::After => "after",
        RefOp::At => "at",
        RefOp::When => "when",
    }
}
