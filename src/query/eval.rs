//! Plan → answer. Sets are maps from entity to a row state: a three-valued truth (never
//! *no*: a row that is certainly out is dropped), the claims it rests on, and the date the
//! filters matched.

use std::collections::BTreeMap;

use super::answer::{self, Answer, Body, EntityRow, Status, Tally, ValueRow, YearCount};
use super::ast::SetOp;
use super::limits::Budget;
use super::plan::{Op, Output, Plan};
use crate::Graph;
use crate::model::{ClaimId, Date, EntityId, EventKindId, Fact, Truth, Value};

/// The state of one row while a set is computed.
#[derive(Clone, Debug)]
struct Row {
    truth: Truth,
    no_record: bool,
    evidence: Vec<ClaimId>,
    date: Option<Date>,
}

impl Row {
    fn yes() -> Row {
        Row {
            truth: Truth::Yes,
            no_record: false,
            evidence: Vec::new(),
            date: None,
        }
    }

    fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        for c in claims {
            if !self.evidence.contains(&c) {
                self.evidence.push(c);
            }
        }
    }
}

type Set = BTreeMap<EntityId, Row>;

struct Eval<'g> {
    graph: &'g Graph,
    scope: Option<EntityId>,
    budget: &'g Budget,
}

/// Runs a plan.
pub fn run(graph: &Graph, plan: &Plan, text: &str, budget: &Budget) -> Answer {
    let eval = Eval {
        graph,
        scope: plan.scope,
        budget,
    };
    let body = match &plan.output {
        Output::Rows(op) => Body::Rows {
            rows: eval.rows(eval.op(op)),
        },
        Output::Count(op) => {
            let rows = eval.rows(eval.op(op));
            Body::Count {
                count: Tally::of(&rows),
                rows,
            }
        }
        Output::CountByYear(op) => {
            let set = eval.op(op);
            let years = by_year(&set);
            Body::CountByYear {
                years,
                rows: eval.rows(set),
            }
        }
        Output::Share { part, whole } => {
            let whole = eval.op(whole);
            // The part is taken within the whole, so that `possibly` in the whole carries over.
            let part: Set = eval
                .op(part)
                .into_iter()
                .filter(|(id, _)| whole.contains_key(id))
                .collect();
            let rows = eval.rows(part);
            let part = Tally::of(&rows);
            let whole = Tally::of(&eval.rows(whole));
            let percent = (whole.yes > 0).then(|| part.yes as f64 * 100.0 / whole.yes as f64);
            Body::Share {
                part,
                whole,
                percent,
                rows,
            }
        }
        Output::Values {
            input,
            relation,
            window,
        } => Body::Values {
            rows: eval.values(eval.op(input), *relation, window.as_ref()),
        },
    };
    Answer {
        query: text.to_owned(),
        according_to: plan.scope.map(|s| graph.entity(s).slug.to_string()),
        why: plan.why,
        body,
    }
}

impl Eval<'_> {
    /// Whether a claim counts under the query's `according to`.
    fn admits(&self, claim: ClaimId) -> bool {
        match self.scope {
            None => true,
            Some(source) => self
                .graph
                .claim(claim)
                .citations
                .iter()
                .any(|c| c.source == source || c.via == Some(source)),
        }
    }

    /// Evaluates one step, charging the rows it yields to the budget; once the budget is
    /// spent every step yields nothing, and the caller reports the overrun.
    fn op(&self, op: &Op) -> Set {
        if self.budget.exceeded() {
            return Set::new();
        }
        let set = self.step(op);
        if !self.budget.charge(set.len()) {
            return Set::new();
        }
        set
    }

    fn step(&self, op: &Op) -> Set {
        let graph = self.graph;
        match op {
            Op::Entity(id) => BTreeMap::from([(*id, Row::yes())]),
            Op::Kind(kind) => graph
                .of_kind(*kind)
                .iter()
                .map(|id| (*id, Row::yes()))
                .collect(),
            Op::Events(kind) => graph
                .events_of_kind(*kind)
                .map(|id| (id, Row::yes()))
                .collect(),
            Op::Everything => {
                let schema = graph.schema();
                graph
                    .entities()
                    .filter(|(_, e)| {
                        e.kind != schema.source_kind() && e.kind != schema.event_kind()
                    })
                    .map(|(id, _)| (id, Row::yes()))
                    .collect()
            }
            Op::Walk {
                input,
                relation,
                inverse,
                window,
            } => {
                let mut out = Set::new();
                for (from, row) in self.op(input) {
                    for (claim, to) in graph.links(from, *relation, *inverse) {
                        if !self.admits(claim) {
                            continue;
                        }
                        let held = match window {
                            None => Truth::Yes,
                            Some(window) => self.link_held(claim, window),
                        };
                        let truth = row.truth.and(held);
                        if truth == Truth::No {
                            continue;
                        }
                        merge(&mut out, to, truth, &row.evidence, claim);
                    }
                }
                out
            }
            Op::Adjacent {
                input,
                kind,
                event_kind,
            } => {
                let mut out = Set::new();
                for (from, row) in self.op(input) {
                    for claim in graph.claims_about(from) {
                        if !self.admits(*claim) {
                            continue;
                        }
                        let fact = &graph.claim(*claim).fact;
                        if !matches!(fact, Fact::Link { .. } | Fact::Participation { .. }) {
                            continue;
                        }
                        for to in fact.entities() {
                            let e = graph.entity(to);
                            let fits = to != from
                                && e.kind == *kind
                                && event_kind.is_none_or(|ek| e.event_kind == Some(ek));
                            if fits {
                                merge(&mut out, to, row.truth, &row.evidence, *claim);
                            }
                        }
                    }
                }
                out
            }
            Op::Underwent {
                input,
                kind,
                window,
                negated,
            } => {
                let input = match (input.as_ref(), negated) {
                    // Everyone who underwent it: start from the events, not from everything.
                    (Op::Everything, false) => self.patients(*kind),
                    _ => self.op(input),
                };
                let mut out = Set::new();
                for (id, mut row) in input {
                    let found = self.underwent(id, *kind, window.as_ref());
                    match (negated, found) {
                        (false, Some(m)) if m.truth != Truth::No => {
                            row.truth = row.truth.and(m.truth);
                            row.add_evidence(m.evidence);
                            row.date = m.date.or(row.date);
                            out.insert(id, row);
                        }
                        (false, _) => {}
                        (true, None) => {
                            row.no_record = true;
                            out.insert(id, row);
                        }
                        (true, Some(m)) => {
                            let truth = row.truth.and(m.truth.not());
                            if truth != Truth::No {
                                row.truth = truth;
                                row.add_evidence(m.evidence);
                                out.insert(id, row);
                            }
                        }
                    }
                }
                out
            }
            Op::Dated {
                input,
                window,
                negated,
            } => {
                let mut out = Set::new();
                for (id, mut row) in self.op(input) {
                    let dated = self.event_within(id, Some(window));
                    let truth = if *negated {
                        dated.truth.not()
                    } else {
                        dated.truth
                    };
                    let truth = row.truth.and(truth);
                    if truth != Truth::No {
                        row.truth = truth;
                        row.add_evidence(dated.claims);
                        row.date = dated.date.or(row.date);
                        out.insert(id, row);
                    }
                }
                out
            }
            Op::Combine { op, lhs, rhs } => {
                let (lhs, rhs) = (self.op(lhs), self.op(rhs));
                combine(*op, lhs, rhs)
            }
        }
    }

    /// Whether a link held within `window`: by its own `during`, or else possibly while the
    /// object existed.
    fn link_held(&self, claim: ClaimId, window: &Date) -> Truth {
        let Fact::Link { object, during, .. } = &self.graph.claim(claim).fact else {
            return Truth::No;
        };
        match during {
            Some(during) => during.overlaps(window),
            None => match &self.graph.entity(*object).period {
                Some(period) => period.overlaps(window).and(Truth::Possibly),
                None => Truth::Possibly,
            },
        }
    }

    /// Everyone who is the patient of some event of `kind`.
    fn patients(&self, kind: EventKindId) -> Set {
        let patient = &self.graph.schema().event_kind_def(kind).patient;
        let mut out = Set::new();
        for event in self.graph.events_of_kind(kind) {
            for (_, role, who) in self.graph.participants(event) {
                if role == patient {
                    out.insert(who, Row::yes());
                }
            }
        }
        out
    }

    /// The best evidence that `entity` underwent an event of `kind` within `window`, weighed
    /// against claims that it never did; `None` when no claim says either.
    fn underwent(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
    ) -> Option<Match> {
        let graph = self.graph;
        let patient = &graph.schema().event_kind_def(kind).patient;
        let mut best: Option<Match> = None;
        for (claim, role, event) in graph.participations(entity) {
            if role != patient
                || graph.entity(event).event_kind != Some(kind)
                || !self.admits(claim)
            {
                continue;
            }
            let dated = self.event_within(event, window);
            let mut evidence = vec![claim];
            evidence.extend(dated.claims);
            let candidate = Match {
                truth: dated.truth,
                evidence,
                date: dated.date,
            };
            best = Some(match best {
                Some(b) if b.truth >= candidate.truth => b,
                _ => candidate,
            });
        }
        // A source's explicit "was not" weighs against the events: with a settled event it
        // is a disagreement (possibly), otherwise it settles the question as no.
        let denials: Vec<ClaimId> = graph
            .nevers(entity)
            .filter(|(claim, never_kind, during)| {
                *never_kind == kind
                    && self.admits(*claim)
                    && match (during, window) {
                        (None, _) => true,
                        (Some(during), Some(window)) => window.is_within(during) == Truth::Yes,
                        (Some(_), None) => false,
                    }
            })
            .map(|(claim, _, _)| claim)
            .collect();
        if denials.is_empty() {
            return best;
        }
        Some(match best {
            Some(mut m) => {
                m.truth = if m.truth == Truth::Yes {
                    Truth::Possibly
                } else {
                    Truth::No
                };
                m.evidence.extend(denials);
                m
            }
            None => Match {
                truth: Truth::No,
                evidence: denials,
                date: None,
            },
        })
    }

    /// Whether an event happened within `window`, by its date claims taken together: *yes*
    /// when some claim says yes and none says no (a vaguer date that leaves it open does not
    /// undo a precise one), *no* likewise, *possibly* when claims disagree or none settles it.
    /// An undated event possibly happened in any window. Returns the claims that decided, the
    /// first of them with its date.
    fn event_within(&self, event: EntityId, window: Option<&Date>) -> DateMatch {
        let mut verdicts: Vec<(Truth, ClaimId, &Date)> = Vec::new();
        for (claim, date) in self.graph.dates_of(event) {
            if self.admits(claim) {
                verdicts.push((
                    window.map_or(Truth::Yes, |w| date.is_within(w)),
                    claim,
                    date,
                ));
            }
        }
        let any = |t: Truth| verdicts.iter().any(|(v, _, _)| *v == t);
        let truth = match (any(Truth::Yes), any(Truth::No)) {
            (true, false) => Truth::Yes,
            (false, true) => Truth::No,
            (true, true) => Truth::Possibly,
            (false, false) if verdicts.is_empty() && window.is_none() => Truth::Yes,
            (false, false) => Truth::Possibly,
        };
        // Evidence: the claims that agree with the verdict, or all of them when they disagree.
        let deciding: Vec<&(Truth, ClaimId, &Date)> = verdicts
            .iter()
            .filter(|(v, _, _)| truth == Truth::Possibly || *v == truth)
            .collect();
        DateMatch {
            truth,
            claims: deciding.iter().map(|(_, c, _)| *c).collect(),
            date: deciding.first().map(|(_, _, d)| (*d).clone()),
        }
    }

    fn values(
        &self,
        input: Set,
        relation: crate::model::RelationId,
        window: Option<&Date>,
    ) -> Vec<ValueRow> {
        let graph = self.graph;
        let mut rows = Vec::new();
        for (id, row) in &input {
            let mut found: Vec<(Truth, ClaimId)> = Vec::new();
            for claim in graph.values_of(*id, relation) {
                if !self.admits(claim) {
                    continue;
                }
                let Fact::Value { at, .. } = &graph.claim(claim).fact else {
                    continue;
                };
                let truth = match (window, at) {
                    (None, _) => Truth::Yes,
                    (Some(w), Some(at)) => at.is_within(w),
                    (Some(_), None) => Truth::Possibly,
                };
                let truth = row.truth.and(truth);
                if truth != Truth::No {
                    found.push((truth, claim));
                }
            }
            // Chronological, then in the order the data gives them.
            found.sort_by_key(|a| value_at(graph, a.1));
            for (truth, claim) in found {
                let Fact::Value {
                    value, role, at, ..
                } = &graph.claim(claim).fact
                else {
                    continue;
                };
                let entity = graph.entity(*id);
                rows.push(ValueRow {
                    id: entity.slug.to_string(),
                    name: entity.name.clone(),
                    relation: graph.schema().relation_def(relation).name.clone(),
                    value: value.to_string(),
                    unit: match value {
                        Value::Number(q) => q.unit().map(str::to_owned),
                        _ => None,
                    },
                    scope: role.clone(),
                    at: at.as_ref().map(Date::to_string),
                    status: Status::from_truth(truth),
                    evidence: answer::evidence(graph, claim),
                });
            }
        }
        rows
    }

    /// Rows in answer order: events by date, everything else by name.
    fn rows(&self, set: Set) -> Vec<EntityRow> {
        let graph = self.graph;
        let event_kind = graph.schema().event_kind();
        let mut rows: Vec<(EntityId, Row)> = set.into_iter().collect();
        let all_events = rows
            .iter()
            .all(|(id, _)| graph.entity(*id).kind == event_kind);
        if all_events {
            rows.sort_by_key(|(id, row)| (event_key(graph, *id, row), *id));
        } else {
            rows.sort_by_cached_key(|(id, _)| {
                (crate::model::normalize(&graph.entity(*id).name), *id)
            });
        }
        rows.into_iter()
            .map(|(id, row)| {
                let entity = graph.entity(id);
                EntityRow {
                    entity: id,
                    id: entity.slug.to_string(),
                    name: entity.name.clone(),
                    kind: graph.schema().kind_def(entity.kind).name.clone(),
                    status: if row.no_record && row.truth == Truth::Yes {
                        Status::NoRecord
                    } else {
                        Status::from_truth(row.truth)
                    },
                    date: row.date.as_ref().map(Date::to_string).or_else(|| {
                        // An event's own date, when no filter matched one.
                        (entity.kind == event_kind)
                            .then(|| graph.dates_of(id).next().map(|(_, d)| d.to_string()))
                            .flatten()
                    }),
                    evidence: row
                        .evidence
                        .iter()
                        .map(|c| answer::evidence(graph, *c))
                        .collect(),
                }
            })
            .collect()
    }
}

/// What an event's date claims say about a window.
struct DateMatch {
    truth: Truth,
    claims: Vec<ClaimId>,
    date: Option<Date>,
}

/// The best event found by [`Eval::underwent`].
struct Match {
    truth: Truth,
    evidence: Vec<ClaimId>,
    date: Option<Date>,
}

fn event_key(graph: &Graph, id: EntityId, row: &Row) -> (i64, i64) {
    row.date
        .as_ref()
        .map(Date::sort_key)
        .or_else(|| graph.dates_of(id).map(|(_, d)| d.sort_key()).min())
        .unwrap_or((i64::MAX, i64::MAX))
}

fn value_at(graph: &Graph, claim: ClaimId) -> ((i64, i64), ClaimId) {
    match &graph.claim(claim).fact {
        Fact::Value { at: Some(at), .. } => (at.sort_key(), claim),
        _ => ((i64::MAX, i64::MAX), claim),
    }
}

/// Adds `to` reached with `truth` through `claim` after `path`; a row reached twice keeps its
/// best truth and all its evidence.
fn merge(out: &mut Set, to: EntityId, truth: Truth, path: &[ClaimId], claim: ClaimId) {
    let row = out.entry(to).or_insert_with(|| Row {
        truth: Truth::No,
        no_record: false,
        evidence: Vec::new(),
        date: None,
    });
    row.truth = row.truth.or(truth);
    row.add_evidence(path.iter().copied().chain([claim]));
}

fn combine(op: SetOp, lhs: Set, mut rhs: Set) -> Set {
    match op {
        SetOp::And => lhs
            .into_iter()
            .filter_map(|(id, mut row)| {
                let other = rhs.remove(&id)?;
                row.truth = row.truth.and(other.truth);
                row.no_record |= other.no_record;
                row.add_evidence(other.evidence);
                row.date = row.date.or(other.date);
                Some((id, row))
            })
            .collect(),
        SetOp::Or => {
            let mut out = lhs;
            for (id, other) in rhs {
                match out.get_mut(&id) {
                    Some(row) => {
                        row.truth = row.truth.or(other.truth);
                        row.add_evidence(other.evidence);
                    }
                    None => {
                        out.insert(id, other);
                    }
                }
            }
            out
        }
        SetOp::Except => lhs
            .into_iter()
            .filter_map(|(id, mut row)| match rhs.get(&id) {
                None => Some((id, row)),
                Some(other) => {
                    let truth = row.truth.and(other.truth.not());
                    (truth != Truth::No).then(|| {
                        row.truth = truth;
                        (id, row)
                    })
                }
            })
            .collect(),
    }
}

/// Counts rows per year of their matched date: a date within one year counts there, a date
/// spanning years counts under its span as *possibly*, no date under `undated`.
fn by_year(set: &Set) -> Vec<YearCount> {
    let mut years: BTreeMap<(i32, i32), (usize, usize)> = BTreeMap::new();
    let mut undated = (0, 0);
    for row in set.values() {
        let settled = row.truth == Truth::Yes;
        let span = row.date.as_ref().and_then(Date::year_span);
        let slot = match span {
            Some((from, to)) => years.entry((from, to)).or_default(),
            None => &mut undated,
        };
        let precise = span.is_some_and(|(a, b)| a == b);
        if settled && precise {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
    }
    let mut out: Vec<YearCount> = years
        .into_iter()
        .map(|((from, to), (count, possibly))| YearCount {
            year: if from == to {
                from.to_string()
            } else {
                format!("{from}–{to}")
            },
            count,
            possibly,
        })
        .collect();
    if undated != (0, 0) {
        out.push(YearCount {
            year: "undated".to_owned(),
            count: undated.0,
            possibly: undated.1,
        });
    }
    out
}
