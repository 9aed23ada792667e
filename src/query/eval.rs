//! Plan → answer. A step yields a [`Set`]: per entity, a row state (a three-valued truth,
//! never *no*: a row that is certainly out is dropped), the claims it rests on, and the date
//! the filters matched.

use std::cell::Cell;

use super::answer::{self, Answer, Body, EntityRow, Status, ValueRow};
use super::as_of::{Cutoff, published_by};
use super::ast::SetOp;
use super::filters::{Filter, Sieve};
use super::grouping::by_year;
use super::groups::Groups;
use super::limits::Budget;
use super::plan::{Op, Output, Plan};
use super::render;
use super::rows::{Evaluated, Found, Rows};
use crate::Graph;
use crate::model::{ClaimId, Date, EntityId, Truth, Value};
use crate::store::{ClaimBits, FactRef};

/// Up to this many entities certainly on the right of an `except` are left out of the walk on
/// its left as it is made (each entity the walk reaches is compared with each of them).
const FEW: usize = 8;

pub(super) use super::set::{Aside, Claims, Reached, Row, RowMut, Set, distinct};

pub(super) struct Eval<'g> {
    pub(super) graph: &'g Graph,
    pub(super) scope: Option<EntityId>,
    /// Every claim counts alike, whatever its certainty or rank (`with all claims`).
    pub(super) all_claims: bool,
    /// Whether the schema's `life_bounds` rule is on: nothing happens after a death.
    pub(super) life_bounds: bool,
    /// The rows the evaluation may still touch.
    pub(super) budget: &'g Budget,
    /// `as of DATE`: only claims citing a source published by then count.
    pub(super) cutoff: Option<&'g Cutoff>,
}

/// Runs a plan: over the reasoned graph (what the rules infer) unless the plan says `as
/// recorded`. Cost: depends on the plan and the data, with `budget` bounding the rows it
/// touches; plus running the rules first when the plan has them on and the graph was written
/// since ([`Graph::reasoned`]).
pub fn run<'g>(graph: &'g Graph, plan: &Plan, text: &str, budget: &Budget) -> Answer<'g> {
    let graph = if plan.rules { graph.reasoned() } else { graph };
    let cutoff = plan.as_of.clone().map(Cutoff::new);
    let eval = Eval {
        graph,
        scope: plan.scope,
        budget,
        cutoff: cutoff.as_ref(),
        all_claims: plan.all_claims,
        life_bounds: plan.rules
            && graph
                .schema()
                .rules()
                .iter()
                .any(|r| matches!(r.form, crate::model::RuleForm::LifeBounds)),
    };
    // Rows in answer order, rendered from `graph` when read.
    let pending = |set: Set| Rows::pending(graph, plan.scope, plan.as_of.clone(), eval.found(set));
    let body = match &plan.output {
        Output::Rows(op) => Body::Rows {
            rows: pending(eval.op(op)),
        },
        Output::Count { set, whole } => {
            let (part, split) = match whole {
                Some(whole_op) => {
                    // The whole is only split: its rows are not gathered.
                    let (part, split) = eval.within(set, whole_op, None);
                    (part, Some(split))
                }
                None => (eval.op(set), None),
            };
            let rows = pending(part);
            Body::Count {
                count: rows.tally(),
                split,
                rows,
            }
        }
        Output::Conflicts { about } => {
            let about = about.as_ref().map(|op| eval.op(op));
            Body::Conflicts {
                conflicts: super::conflicts::find(&eval, about.as_ref()),
            }
        }
        Output::Check { input, relation } => {
            let input = eval.op(input);
            Body::Check {
                checks: super::check::run(&eval, &input, *relation),
            }
        }
        Output::CountByYear(op) => {
            let set = eval.op(op);
            let years = by_year(&set, |id, row, evidence| eval.year_span(id, row, evidence));
            Body::CountByYear {
                years,
                rows: pending(set),
            }
        }
        Output::CountPer { set, group } => Body::CountPer {
            per: graph.schema().kind_def(*group).name.clone(),
            groups: Groups::pending(graph, eval.count_per(set, *group)),
        },
        Output::Share { part, whole } => {
            let (part_op, whole_op) = (part, whole);
            let whole = eval.op(whole_op);
            // The part is taken within the whole, so that `possibly` in the whole carries over.
            let (part, split) = eval.within(part_op, whole_op, Some(&whole));
            // Members of the whole only (the split counts the whole's members left out).
            let mut part = part;
            part.retain(|id, _| whole.contains_key(id));
            let rows = pending(part);
            let part = rows.tally();
            let whole = super::grouping::tally(&whole);
            let percent = (whole.yes > 0).then(|| part.yes as f64 * 100.0 / whole.yes as f64);
            Body::Share {
                part,
                whole,
                percent,
                split,
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
        // The outputs of the second round live in `eval_forms`.
        other => eval.listing(other),
    };
    let mut answer = Answer {
        query: text.to_owned(),
        according_to: plan.scope.map(|s| graph.slug_of(s).to_string()),
        as_of: cutoff.map(|c| c.report(graph)),
        why: plan.why,
        body,
    };
    super::eval_forms::shape(&mut answer, plan);
    answer
}

impl Eval<'_> {
    /// Whether a claim counts: in the query's scope ([`Eval::in_scope`]), and not deprecated
    /// unless the query asks `with all claims`.
    pub(super) fn admits(&self, claim: ClaimId) -> bool {
        (self.all_claims || !self.bits(claim).deprecated()) && self.in_scope(claim)
    }

    /// A claim's rank and certainty from the events index's dense array (one byte per claim,
    /// instead of a read of the whole claim at random), or from the claim itself for a handle
    /// the index does not cover. Cost: O(1) (the index is built on first use after a write).
    pub(super) fn bits(&self, claim: ClaimId) -> ClaimBits {
        self.graph
            .claim_bits(claim)
            .unwrap_or_else(|| ClaimBits::of(self.graph.claim_ref(claim)))
    }

    /// Whether a claim is cited by the query's `according to` source and, `as of` a date, by
    /// a source published by then (an inferred claim: when all its premises are), whatever its
    /// rank.
    ///
    /// Cost: O(1), inline, without `according to` and `as of` (most queries: a walk asks at
    /// each of its links, about 60,000 in Q3 at 1M); else [`Eval::cited_in_scope`]'s.
    #[inline]
    pub(super) fn in_scope(&self, claim: ClaimId) -> bool {
        (self.scope.is_none() && self.cutoff.is_none()) || self.cited_in_scope(claim)
    }

    /// [`Eval::in_scope`] under `according to` or `as of`: the claim's citations, or its
    /// premises' when it is inferred. Cost: O(citations), O(premises' citations) inferred.
    fn cited_in_scope(&self, claim: ClaimId) -> bool {
        match self.graph.derivation(claim) {
            Some(derivation) => derivation.premises.iter().all(|p| self.in_scope(*p)),
            None => {
                let recorded = self.graph.claim_ref(claim);
                let cites = |source: EntityId, via: Option<EntityId>| {
                    self.scope.is_none_or(|s| source == s || via == Some(s))
                };
                match self.cutoff {
                    Some(cutoff) => cutoff.stands(self.graph, claim, recorded, cites),
                    None => recorded.citations().any(|c| cites(c.source, c.via)),
                }
            }
        }
    }

    /// Whether a source may be shown as evidence: `as of` a date, only one published by then.
    pub(super) fn shows_source(&self, source: EntityId) -> bool {
        self.cutoff
            .is_none_or(|c| published_by(self.graph, source, &c.date) == Some(true))
    }

    /// Every entity of `ids` as a settled row. Under `according to`, only those the source
    /// says something about, each with the source's claims about it as evidence: a bare kind
    /// is then "the people this source names", not everyone. Cost: O(n) for n ids in id
    /// order (O(n log n) otherwise, a sort), plus, under `according to`, the claims about
    /// each.
    pub(super) fn all_of(&self, ids: impl Iterator<Item = EntityId>) -> Set {
        let Some(_) = self.scope else {
            return Set::of_ids(ids.collect());
        };
        // In id order, so that each row is added past the last (a kind's entities may come in
        // another order, and a row added in the middle moves all after it: O(n²)).
        let mut ids: Vec<EntityId> = ids.collect();
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
        let mut out = Set::new();
        for id in ids {
            let said: Vec<ClaimId> = self
                .graph
                .claims_about(id)
                .iter()
                .copied()
                .filter(|c| self.admits(*c))
                .collect();
            if !said.is_empty() {
                out.keep(id, Row::yes(), &[], |row| {
                    row.add_evidence(said);
                    true
                });
            }
        }
        out
    }

    /// A claim as evidence; under `according to`, citing only the scoped source, so that a
    /// row of a scoped answer shows no other source.
    pub(super) fn evidence(&self, claim: ClaimId) -> answer::Evidence {
        render::scoped_evidence(self.graph, self.scope, self.cutoff.map(|c| &c.date), claim)
    }

    /// How far a claim alone can settle a row: *yes*, or *possibly* for a disputed or
    /// unverified claim (unless `with all claims`).
    pub(super) fn strength(&self, claim: ClaimId) -> Truth {
        if !self.all_claims && self.bits(claim).weak() {
            Truth::Possibly
        } else {
            Truth::Yes
        }
    }

    /// Evaluates one step, charging the rows it yields and their evidence to the budget; once
    /// the budget is spent every step yields nothing, and the caller reports the overrun.
    pub(super) fn op(&self, op: &Op) -> Set {
        // A filter over a kind, apart from `Eval::step`: there, beside the filter step over a
        // walk, it made Q1 6-8% slower.
        if let Op::Underwent { input, .. } | Op::Took { input, .. } = op
            && let Op::Kind(kind) = **input
            && let Some(filter) = Filter::of(op)
            && let Some(sieve) = self.sieve(op, filter)
            && self.graph.of_kind(kind).is_sorted()
        {
            return self.charged(|| self.filter_kind(op, filter, kind, sieve));
        }
        self.charged(|| self.step(op))
    }

    /// `step` run unless the budget is spent, with the rows it yields charged as [`Eval::op`]
    /// charges them.
    fn charged(&self, step: impl FnOnce() -> Set) -> Set {
        if self.budget.exceeded() {
            return Set::new();
        }
        let set = step();
        // A row costs one, plus the evidence it carries (copied at every walk).
        let touched = set.values().map(|row| 1 + row.evidence.len()).sum();
        if !self.budget.charge(touched) {
            return Set::new();
        }
        set
    }

    /// Whether `out` has gathered more than the budget left it ([`Reached::is_full`]); if
    /// so, the evaluation is over its budget (the step then yields nothing, as a walk does).
    pub(super) fn overflows(&self, out: &Reached) -> bool {
        let full = out.is_full();
        if full {
            self.budget.stop();
        }
        full
    }

    pub(super) fn step(&self, op: &Op) -> Set {
        let graph = self.graph;
        match op {
            Op::Entity(id) => Set::one(*id),
            Op::Kind(kind) => self.all_of(graph.of_kind(*kind).iter().copied()),
            Op::Events(kind) => self.all_of(graph.events_of_kind(*kind)),
            Op::Everything => {
                let schema = graph.schema();
                self.all_of(
                    graph
                        .entity_views()
                        .filter(|(_, e)| {
                            e.kind != schema.source_kind() && e.kind != schema.event_kind()
                        })
                        .map(|(id, _)| id),
                )
            }
            Op::Walk {
                input,
                relation,
                inverse,
                window,
            } => self.walk(input, *relation, *inverse, window.as_ref(), &[]),
            Op::Adjacent {
                input,
                kind,
                event_kind,
            } => {
                let input = self.op(input);
                let mut out = Reached::with_capacity(input.len(), self.budget.left());
                for (&from, row) in &input {
                    for claim in graph.claims_about(from) {
                        if !self.admits(*claim) {
                            continue;
                        }
                        let fact = graph.claim_ref(*claim).fact();
                        if !matches!(fact, FactRef::Link { .. } | FactRef::Participation { .. }) {
                            continue;
                        }
                        for to in fact.entities() {
                            let fits = to != from
                                && graph.kind_of(to) == *kind
                                && event_kind.is_none_or(|ek| graph.event_kind_of(to) == Some(ek));
                            if fits {
                                let truth = row.truth.and(self.strength(*claim));
                                out.push(to, truth, input.evidence(row), *claim);
                                if self.overflows(&out) {
                                    return Set::new();
                                }
                            }
                        }
                    }
                }
                out.into_set()
            }
            Op::Underwent {
                input,
                negated: false,
                kind,
                ..
            } if matches!(**input, Op::Everything) => {
                // Everyone who underwent it: start from the events, not from everything.
                self.filter(op, self.patients(*kind))
            }
            Op::Underwent { input, .. } | Op::Took { input, .. } | Op::Dated { input, .. } => {
                let Some(filter) = Filter::of(op) else {
                    return self.filter(op, self.op(input));
                };
                // Row by row as the input makes them: a walk's rows are not gathered first,
                // and those of the entities the filter certainly drops are not made at all.
                let mut sieve = self.sieve(op, filter);
                let mut out = Set::new();
                // Room for the rows of the hits a sieve kept, nearly all of which the filter
                // keeps (not without a sieve: a filter may keep few of a walk's hits).
                let (most, sieving) = (Cell::new(0), sieve.is_some());
                self.each_row_sized(input, sieve.as_mut(), &most, |id, row, claims, sieved| {
                    if sieving && out.len() == 0 {
                        // Each with about the first row's claims and the filter's (the
                        // participation, the date claim).
                        let left = self.budget.left();
                        out.reserve(
                            most.get().min(left),
                            most.get().saturating_mul(claims.len() + 2).min(left),
                        );
                    }
                    // A row is moved once, into the set, and met there (dropped again if
                    // the filter drops it): each move of a row is a copy.
                    match sieved {
                        Some(sieved) => {
                            out.keep(id, row, claims, |row| self.meet_sieved(row, sieved))
                        }
                        None => out.keep(id, row, claims, |row| {
                            self.filter_row(op, filter, id, row).is_some()
                        }),
                    };
                });
                out
            }
            // `WALK except FEW` (`memberships of members of X except X`): what is certainly
            // in the few is left out of the walk as it is made, instead of being gathered
            // (X reached back from each of its 20,000 members) and then dropped. `except`
            // drops exactly those rows, so the answer is the same.
            Op::Combine {
                op: SetOp::Except,
                lhs,
                rhs,
            } if let Op::Walk {
                input,
                relation,
                inverse,
                window,
            } = &**lhs =>
            {
                let rhs = self.op(rhs);
                let out: Vec<EntityId> = (&rhs)
                    .into_iter()
                    .filter(|(_, row)| row.truth == Truth::Yes)
                    .map(|(id, _)| *id)
                    .take(FEW + 1)
                    .collect();
                let skip = if out.len() <= FEW { &out[..] } else { &[] };
                let lhs =
                    self.charged(|| self.walk(input, *relation, *inverse, window.as_ref(), skip));
                combine(SetOp::Except, lhs, rhs)
            }
            Op::Combine { op, lhs, rhs } => {
                let (lhs, rhs) = (self.op(lhs), self.op(rhs));
                combine(*op, lhs, rhs)
            }
            // The forms of the second round live in `eval_forms`.
            other => self.op_form(other),
        }
    }

    /// A filter `op` that `sieve` is made of, over the kind `kind`, whose members are in id
    /// order (`Eval::op` asks this only then, as `Eval::pass_kind` does): the kind's rows,
    /// each settled with no evidence, as the kind's set has them, and charged as
    /// [`Eval::op`] charges that set; but the rows of the members the sieve certainly drops
    /// are not made, and those it keeps are met with what it found, as a sieved walk's are
    /// (the filter step of [`Eval::step`]). `people arrested by 1940` at a million people
    /// made a million rows to keep 300,000. Cost: O(members of the kind) reads of the events
    /// index, plus the rows kept.
    #[inline(never)]
    fn filter_kind(
        &self,
        op: &Op,
        filter: Filter,
        kind: crate::model::KindId,
        mut sieve: Sieve<'_>,
    ) -> Set {
        let members = self.graph.of_kind(kind);
        if self.budget.exceeded() || !self.budget.charge(members.len()) {
            return Set::new();
        }
        let kept: Vec<EntityId> = members
            .iter()
            .copied()
            .filter(|&member| self.passes(&mut sieve, member))
            .collect();
        sieve.settle();
        let mut out = Set::new();
        // Room for the rows kept, each with the filter's claims (the participation, the date
        // claim), within what the budget has left.
        let left = self.budget.left();
        out.reserve(kept.len().min(left), kept.len().saturating_mul(2).min(left));
        for member in kept {
            match sieve.take(member) {
                Some(sieved) => {
                    out.keep(member, Row::yes(), &[], |row| self.meet_sieved(row, sieved))
                }
                None => out.keep(member, Row::yes(), &[], |row| {
                    self.filter_row(op, filter, member, row).is_some()
                }),
            };
        }
        out
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
                let FactRef::Value { at, .. } = graph.claim_ref(claim).fact() else {
                    continue;
                };
                let truth = match (window, at) {
                    (None, _) => Truth::Yes,
                    (Some(w), Some(at)) => at.is_within(w),
                    (Some(_), None) => Truth::Possibly,
                };
                // A value outside the window is not looked at: `as of` does not count it
                // among what it left out.
                if truth == Truth::No || !self.admits(claim) {
                    continue;
                }
                let truth = row.truth.and(truth).and(self.strength(claim));
                if truth != Truth::No {
                    found.push((truth, claim));
                }
            }
            // Chronological, then in the order the data gives them.
            found.sort_by_key(|a| value_at(graph, a.1));
            for (truth, claim) in found {
                let FactRef::Value {
                    value, role, at, ..
                } = graph.claim_ref(claim).fact()
                else {
                    continue;
                };
                let entity = graph.entity_ref(*id);
                rows.push(ValueRow {
                    id: entity.slug.to_string(),
                    name: entity.name.to_owned(),
                    relation: graph.schema().relation_def(relation).name.clone(),
                    value: value.to_string(),
                    figure: match value {
                        Value::Number(q) => Some(q.clone()),
                        _ => None,
                    },
                    unit: match value {
                        Value::Number(q) => q.unit().map(str::to_owned),
                        _ => None,
                    },
                    scope: role.map(str::to_owned),
                    at: at.cloned(),
                    status: Status::from_truth(truth),
                    evidence: self.evidence(claim),
                });
            }
        }
        rows
    }

    /// Rows in answer order, in words (for answers that hold them inside other rows).
    pub(super) fn rows(&self, set: Set) -> Vec<EntityRow> {
        Rows::pending(
            self.graph,
            self.scope,
            self.cutoff.map(|c| c.date.clone()),
            self.found(set),
        )
        .into_vec()
    }

    /// Rows as ids, for [`Rows::pending`]: events in answer order, by date; everything else
    /// in id order, put in name order (the graph's, [`Graph::name_rank`]) when first read, so
    /// that an answer that only counts its rows never sorts them. Rows of equal keys in id
    /// order.
    ///
    /// Cost: O(n), each row moved once, in id order; events: O(n log n), a sort by date, and
    /// each row moved from the set straight to its place (a `Found` is 56 bytes).
    pub(super) fn found(&self, set: Set) -> Evaluated {
        let graph = self.graph;
        let event_kind = graph.schema().event_kind();
        let (mut rows, claims) = set.into_parts();
        // Stops at the first row that is not an event: one read for most answers.
        let all_events = rows.iter().all(|(id, _)| graph.kind_of(*id) == event_kind);
        // Events: each row's position in the set, in answer order (unstable with the
        // position last, so that equal keys keep id order); the others as they are.
        let by_date: Option<Vec<u32>> = all_events.then(|| {
            let mut keyed: Vec<((i64, i64), u32)> = rows
                .iter()
                .enumerate()
                .map(|(i, (id, row))| (event_key(graph, *id, row), i as u32))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, i)| i).collect()
        });
        let n = rows.len() as u32;
        let mut take = |i: u32| {
            // Taken out of the set, leaving an empty row (nothing allocated) to drop.
            let (id, row) = &mut rows[i as usize];
            let id = *id;
            let row = std::mem::replace(row, Row::yes());
            // A row's evidence holds each claim once already (`set`'s invariant).
            let evidence = row.evidence;
            let mut aside = row.aside;
            if !aside.is_empty() {
                aside = distinct(&aside)
                    .into_iter()
                    .filter(|c| !claims.get(evidence).contains(c))
                    .collect();
            }
            let status = if row.no_record && row.truth == Truth::Yes {
                Status::NoRecord
            } else {
                Status::from_truth(row.truth)
            };
            let date = row.date.or_else(|| {
                // An event's own date, when no filter matched one.
                let event = all_events || graph.kind_of(id) == event_kind;
                event
                    .then(|| graph.dates_of(id).next().map(|(_, d)| d.clone()))
                    .flatten()
            });
            Found {
                entity: id,
                status,
                date,
                evidence,
                aside,
            }
        };
        let found: Vec<Found> = match by_date {
            Some(order) => order.into_iter().map(&mut take).collect(),
            None => (0..n).map(&mut take).collect(),
        };
        Evaluated {
            found,
            by_name: !all_events,
            evidence: claims,
        }
    }
}

fn event_key(graph: &Graph, id: EntityId, row: &Row) -> (i64, i64) {
    row.date
        .as_ref()
        .map(Date::sort_key)
        .or_else(|| graph.dates_of(id).map(|(_, d)| d.sort_key()).min())
        .unwrap_or((i64::MAX, i64::MAX))
}

fn value_at(graph: &Graph, claim: ClaimId) -> ((i64, i64), ClaimId) {
    match graph.claim_ref(claim).fact() {
        FactRef::Value { at: Some(at), .. } => (at.sort_key(), claim),
        _ => ((i64::MAX, i64::MAX), claim),
    }
}

fn combine(op: SetOp, lhs: Set, rhs: Set) -> Set {
    match op {
        SetOp::And => lhs.and(&rhs),
        SetOp::Or => lhs.or(rhs, |row, other, other_evidence| {
            // The date of the better side, or the sharper one: `(arrested or shot) by 1940`
            // shows the execution's day rather than an undated arrest's none or an inferred
            // arrest's "by" that day.
            let point = |d: &Option<Date>| d.as_ref().is_some_and(Date::is_point);
            let sharper = other.truth == row.truth && point(&other.date) && !point(&row.date);
            if other.truth > row.truth || row.date.is_none() || sharper {
                row.date = other.date.or(row.date.take());
            }
            row.truth = row.truth.or(other.truth);
            row.add_evidence(other_evidence.iter().copied());
        }),
        SetOp::Except => lhs.except(&rhs),
    }
}
