//! Evaluating the forms of the second round: events narrowed by who else took part and where
//! (following transitive relations from the event's place), `alive`, `with NAME`, chains along
//! a transitive relation, co-participants and co-members.

use std::collections::BTreeMap;

use super::answer::{Answer, Body, Status};
use super::ast::LimitEnd;
use super::eval::{Eval, Reached, Set};
use super::listing::{Chain, CountRow, Hop, QuoteRow, SourceRow};
use super::plan::{Agent, Op, Output, Plan};
use super::rows::Rows;
use crate::model::{ClaimId, Date, EntityId, Truth};
use crate::store::FactRef;

/// The best event found for a filter: its truth and the claims it rests on.
struct Found {
    truth: Truth,
    evidence: Vec<ClaimId>,
    date: Option<Date>,
}

impl Eval<'_> {
    /// The outputs that `run` hands over: sources, claims, quotes, connections.
    pub(super) fn listing(&self, output: &Output) -> Body<'static> {
        let graph = self.graph;
        match output {
            Output::Sources(op) => {
                let mut counts: BTreeMap<EntityId, usize> = BTreeMap::new();
                // What sources say: each recorded claim once. An inferred claim copies its
                // premises' citations, so it counts through the recorded claims it rests on
                // (an inferred arrest through the execution record), never as a claim of its
                // own: a source is not counted again for what a rule concluded.
                let mut recorded: Vec<ClaimId> = Vec::new();
                let mut pending = self.claims_about(op);
                while let Some(claim) = pending.pop() {
                    match graph.derivation(claim) {
                        Some(derivation) => pending.extend(&derivation.premises),
                        None => recorded.push(claim),
                    }
                }
                recorded.sort_unstable();
                recorded.dedup();
                for claim in recorded {
                    let mut cited: Vec<EntityId> = Vec::new();
                    for c in graph.claim_ref(claim).citations() {
                        for source in std::iter::once(c.source).chain(c.via) {
                            let scoped =
                                self.scope.is_none_or(|s| s == source) && self.shows_source(source);
                            if scoped && !cited.contains(&source) {
                                cited.push(source);
                            }
                        }
                    }
                    for source in cited {
                        *counts.entry(source).or_default() += 1;
                    }
                }
                let mut rows: Vec<SourceRow> = counts
                    .into_iter()
                    .map(|(id, claims)| {
                        let e = graph.entity_ref(id);
                        SourceRow {
                            id: e.slug.to_string(),
                            name: e.name.to_owned(),
                            claims,
                        }
                    })
                    .collect();
                rows.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.id.cmp(&b.id)));
                Body::Sources { rows }
            }
            Output::Claims(op) => Body::Claims {
                rows: self
                    .claims_about(op)
                    .into_iter()
                    .map(|c| self.evidence(c))
                    .collect(),
            },
            Output::Quotes { speakers, window } => {
                let speakers: Option<Set> = speakers.as_ref().map(|op| self.op(op));
                let mut found: Vec<(Truth, ClaimId)> = Vec::new();
                for (id, claim) in graph.claim_views() {
                    let FactRef::Said { speaker, date, .. } = claim.fact() else {
                        continue;
                    };
                    let speaker_truth = match &speakers {
                        None => Truth::Yes,
                        Some(set) => match set.get(&speaker) {
                            Some(row) => row.truth,
                            None => continue,
                        },
                    };
                    let when = match (window, date) {
                        (None, _) => Truth::Yes,
                        (Some(w), Some(d)) => d.is_within(w),
                        (Some(_), None) => Truth::Possibly,
                    };
                    // A quotation by someone else or outside the window is not looked at:
                    // `as of` does not count it among what it left out.
                    if when == Truth::No || !self.admits(id) {
                        continue;
                    }
                    let truth = speaker_truth.and(when);
                    if truth != Truth::No {
                        found.push((truth, id));
                    }
                }
                // By date, undated last; then in the data's order.
                found.sort_by_key(|(_, c)| match graph.claim_ref(*c).fact() {
                    FactRef::Said { date: Some(d), .. } => (d.sort_key(), *c),
                    _ => ((i64::MAX, i64::MAX), *c),
                });
                let rows = found
                    .into_iter()
                    .filter_map(|(truth, claim)| {
                        let FactRef::Said {
                            speaker,
                            words,
                            date,
                            occasion,
                        } = graph.claim_ref(claim).fact()
                        else {
                            return None;
                        };
                        let e = graph.entity_ref(speaker);
                        Some(QuoteRow {
                            id: e.slug.to_string(),
                            name: e.name.to_owned(),
                            words: words.to_owned(),
                            date: date.map(Date::to_string),
                            occasion: occasion.map(|o| graph.name_of(o).to_owned()),
                            status: Status::from_truth(truth),
                            evidence: self.evidence(claim),
                        })
                    })
                    .collect();
                Body::Quotes { rows }
            }
            Output::Connections { from, to, max_hops } => {
                let chains = graph
                    .connections(*from, *to, *max_hops, |c| self.admits(c))
                    .into_iter()
                    .map(|chain| {
                        let mut at = *from;
                        let hops = chain
                            .into_iter()
                            .map(|(claim, next)| {
                                let hop = Hop {
                                    from: graph.name_of(at).to_owned(),
                                    to: graph.name_of(next).to_owned(),
                                    evidence: self.evidence(claim),
                                };
                                at = next;
                                hop
                            })
                            .collect();
                        Chain { hops }
                    })
                    .collect();
                Body::Connections {
                    from: graph.name_of(*from).to_owned(),
                    to: graph.name_of(*to).to_owned(),
                    chains,
                }
            }
            Output::CountEach { each, per } => {
                let mut rows: Vec<CountRow> = self
                    .op(each)
                    .into_keys()
                    .map(|id| {
                        let set = self.op(&per.with_entity(&|op| matches!(op, Op::Each), id));
                        let yes = set.values().filter(|r| r.truth == Truth::Yes).count();
                        let e = graph.entity_ref(id);
                        CountRow {
                            id: e.slug.to_string(),
                            name: e.name.to_owned(),
                            count: yes,
                            possibly: set.len() - yes,
                        }
                    })
                    .collect();
                // Most first, then by name.
                rows.sort_by(|a, b| {
                    b.count.cmp(&a.count).then_with(|| {
                        crate::model::normalize(&a.name).cmp(&crate::model::normalize(&b.name))
                    })
                });
                Body::CountEach { rows }
            }
            // `run` handles every other output itself.
            _ => Body::Rows {
                rows: Rows::default(),
            },
        }
    }

    /// Every admitted claim about an entity of the set (or reporting it as a source), each
    /// once, in the graph's order.
    fn claims_about(&self, op: &Op) -> Vec<ClaimId> {
        let mut claims: Vec<ClaimId> = Vec::new();
        for id in self.op(op).keys() {
            claims.extend(
                self.graph
                    .claims_about(*id)
                    .iter()
                    .copied()
                    .filter(|c| self.admits(*c)),
            );
        }
        claims.sort_unstable();
        claims.dedup();
        claims
    }

    /// The forms that `Eval::op` hands over.
    pub(super) fn op_form(&self, op: &Op) -> Set {
        match op {
            Op::EventsWhere {
                input,
                by,
                places,
                negated,
            } => self.op(input).filter_rows(|id, row| {
                let (truth, evidence) = self.event_matches(id, None, by, places);
                let truth = if *negated { truth.not() } else { truth };
                let truth = row.truth.and(truth);
                if truth == Truth::No {
                    return false;
                }
                row.truth = truth;
                if !negated {
                    row.add_evidence(evidence);
                }
                true
            }),
            Op::Alive {
                input,
                window,
                negated,
            } => self.op(input).filter_rows(|id, row| {
                let (truth, evidence) = self.alive(id, window);
                let truth = if *negated { truth.not() } else { truth };
                let truth = row.truth.and(truth);
                if truth == Truth::No {
                    return false;
                }
                row.truth = truth;
                row.add_evidence(evidence);
                true
            }),
            Op::With {
                input,
                other,
                events,
                window,
            } => {
                let partners = self.partners(*other, events, window.as_ref());
                self.op(input).filter_rows(|id, row| {
                    let Some(found) = partners.get(&id).filter(|_| id != *other) else {
                        return false;
                    };
                    row.truth = row.truth.and(found.truth);
                    row.add_evidence(found.evidence.iter().copied());
                    row.date = found.date.clone().or(row.date.take());
                    true
                })
            }
            Op::Reach {
                input,
                relation,
                inverse,
            } => {
                let mut out = Reached::within(self.budget.left());
                let mut path = Vec::new();
                let input = self.op(input);
                for (&from, row) in &input {
                    let Some(reached) =
                        self.graph
                            .reach_within(from, &[*relation], *inverse, self.budget.left())
                    else {
                        // More than the budget has left, as a walk stops.
                        self.budget.stop();
                        return Set::new();
                    };
                    for (to, chain) in reached {
                        if chain.iter().all(|c| self.admits(*c)) {
                            path.clear();
                            path.extend_from_slice(input.evidence(row));
                            path.extend(chain.iter().copied().take(chain.len().saturating_sub(1)));
                            if let Some(last) = chain.last() {
                                out.push(to, row.truth, &path, *last);
                            }
                            if self.overflows(&out) {
                                return Set::new();
                            }
                        }
                    }
                }
                out.into_set()
            }
            Op::CoParticipants { input, role } => {
                let mut out = Reached::within(self.budget.left());
                let mut path = Vec::new();
                let input = self.op(input);
                for (from, row) in &input {
                    for (claim, own_role, event) in self.graph.participations(*from) {
                        if !self.admits(claim) || role.as_deref().is_some_and(|r| r != own_role) {
                            continue;
                        }
                        for (other_claim, other_role, who) in self.graph.participants(event) {
                            let fits = who != *from
                                && self.admits(other_claim)
                                && role.as_deref().is_none_or(|r| r == other_role);
                            if fits {
                                path.clear();
                                path.extend_from_slice(input.evidence(row));
                                path.push(claim);
                                out.push(who, row.truth, &path, other_claim);
                                if self.overflows(&out) {
                                    return Set::new();
                                }
                            }
                        }
                    }
                }
                let mut out = out.into_set();
                out.retain(|id, _| !input.contains_key(id));
                out
            }
            Op::CoLinked { input, relation } => {
                let mut out = Reached::within(self.budget.left());
                let mut path = Vec::new();
                let input = self.op(input);
                for (from, row) in &input {
                    for (claim, object) in self.graph.links(*from, *relation, false) {
                        if !self.admits(claim) {
                            continue;
                        }
                        for (other_claim, who) in self.graph.links(object, *relation, true) {
                            if who != *from && self.admits(other_claim) {
                                path.clear();
                                path.extend_from_slice(input.evidence(row));
                                path.push(claim);
                                out.push(who, row.truth, &path, other_claim);
                                if self.overflows(&out) {
                                    return Set::new();
                                }
                            }
                        }
                    }
                }
                let mut out = out.into_set();
                out.retain(|id, _| !input.contains_key(id));
                out
            }
            // `Eval::op` handles every other operation itself.
            _ => Set::new(),
        }
    }

    /// The best event of `kind` with `entity` as patient that matches the window, the agents
    /// and the places; `None` when no such event is recorded at all.
    /// Whether an event has each agent among its participants (other than `patient`) and took
    /// place at one of `places` or inside one; the claims that show it.
    pub(super) fn event_matches(
        &self,
        event: EntityId,
        patient: Option<EntityId>,
        by: &[Agent],
        places: &[EntityId],
    ) -> (Truth, Vec<ClaimId>) {
        let graph = self.graph;
        let mut evidence = Vec::new();
        for agent in by {
            let found = graph.participants(event).find(|(claim, _, who)| {
                Some(*who) != patient
                    && self.admits(*claim)
                    && match agent {
                        Agent::Entity(id) => who == id,
                        Agent::Kind(kind) => graph.kind_of(*who) == *kind,
                    }
            });
            match found {
                Some((claim, _, _)) => evidence.push(claim),
                None => return (Truth::No, Vec::new()),
            }
        }
        if !places.is_empty() {
            let Some(chain) = self.placed(event, places) else {
                return (Truth::No, Vec::new());
            };
            evidence.extend(chain);
        }
        (Truth::Yes, evidence)
    }

    /// The claims that put an event at one of `places`: its place claim, then the chain of
    /// transitive links from that place up to the one named.
    fn placed(&self, event: EntityId, places: &[EntityId]) -> Option<Vec<ClaimId>> {
        let graph = self.graph;
        let schema = graph.schema();
        let place_relation = schema.event_place_relation()?;
        let transitive = schema.transitive_relations();
        let mut best: Option<Vec<ClaimId>> = None;
        for (claim, at) in graph.links(event, place_relation, false) {
            if !self.admits(claim) {
                continue;
            }
            for target in places {
                let Some(chain) = graph.chain(at, *target, &transitive) else {
                    continue;
                };
                if !chain.iter().all(|c| self.admits(*c)) {
                    continue;
                }
                let mut claims = vec![claim];
                claims.extend(chain);
                if best.as_ref().is_none_or(|b| claims.len() < b.len()) {
                    best = Some(claims);
                }
            }
        }
        best
    }

    /// Whether `entity` was alive at some time within `window`: born by its end (or no record
    /// of birth, when a death within it settles that), not dead before its start. With no
    /// record of either, its `period` decides, else it is *possibly*.
    fn alive(&self, entity: EntityId, window: &Date) -> (Truth, Vec<ClaimId>) {
        let graph = self.graph;
        let schema = graph.schema();
        let mut birth: Option<(Date, Vec<ClaimId>)> = None;
        let mut death: Option<(Date, Vec<ClaimId>)> = None;
        let mut undated_death: Option<Vec<ClaimId>> = None;
        for (claim, role, event) in graph.participations(entity) {
            let Some(kind) = graph.event_kind_of(event) else {
                continue;
            };
            let def = schema.event_kind_def(kind);
            if role != def.patient || !(def.starts_life || def.ends_life) || !self.admits(claim) {
                continue;
            }
            let date = graph
                .dates_of(event)
                .find(|(c, _)| self.admits(*c))
                .map(|(c, d)| (d.clone(), vec![claim, c]));
            match (def.starts_life, date) {
                (true, Some(found)) => birth = birth.or(Some(found)),
                (false, Some(found)) => death = death.or(Some(found)),
                (false, None) => undated_death = undated_death.or(Some(vec![claim])),
                (true, None) => {}
            }
        }
        let mut evidence = Vec::new();
        if birth.is_none() && death.is_none() {
            if let Some(claims) = undated_death {
                return (Truth::Possibly, claims);
            }
            let truth = match &graph.entity_ref(entity).period {
                Some(period) => period.overlaps(window),
                None => Truth::Possibly,
            };
            return (truth, evidence);
        }
        let not_dead = match &death {
            Some((date, claims)) => {
                evidence.extend(claims);
                date.is_before(window).not()
            }
            None => Truth::Possibly,
        };
        let born = match &birth {
            Some((date, claims)) => {
                evidence.extend(claims);
                date.is_after(window).not()
            }
            // Dead within the window, or recorded in an event or link before it ended: born
            // by then.
            None => match &death {
                Some((date, _)) if date.is_within(window) == Truth::Yes => Truth::Yes,
                _ => match self.seen_by(entity, window) {
                    Some(claim) => {
                        evidence.push(claim);
                        Truth::Yes
                    }
                    None => Truth::Possibly,
                },
            },
        };
        (born.and(not_dead), evidence)
    }

    /// A claim that shows `entity` existing before `window` ended: a dated event it took part
    /// in, or a link of it with a time span, that did not begin after the window.
    fn seen_by(&self, entity: EntityId, window: &Date) -> Option<ClaimId> {
        let graph = self.graph;
        for claim in graph.claims_about(entity) {
            if !self.admits(*claim) {
                continue;
            }
            match graph.claim_ref(*claim).fact() {
                FactRef::Participation { event, .. } => {
                    let early = graph
                        .dates_of(event)
                        .any(|(c, d)| self.admits(c) && d.is_after(window) == Truth::No);
                    if early {
                        return Some(*claim);
                    }
                }
                FactRef::Link {
                    during: Some(during),
                    ..
                } if during.is_after(window) == Truth::No => return Some(*claim),
                _ => {}
            }
        }
        None
    }

    /// Everyone who took part in an event together with `other` (in `events` if any, within
    /// `window`), with the two participation claims and the event's date.
    fn partners(
        &self,
        other: EntityId,
        events: &[EntityId],
        window: Option<&Date>,
    ) -> BTreeMap<EntityId, Found> {
        let graph = self.graph;
        let mut out: BTreeMap<EntityId, Found> = BTreeMap::new();
        for (claim, _, event) in graph.participations(other) {
            if !self.admits(claim) || (!events.is_empty() && !events.contains(&event)) {
                continue;
            }
            let dated = self.event_within(event, window);
            if dated.truth == Truth::No {
                continue;
            }
            for (their_claim, _, who) in graph.participants(event) {
                if who == other || !self.admits(their_claim) {
                    continue;
                }
                let mut evidence = vec![their_claim, claim];
                evidence.extend(dated.claims.iter().copied());
                let candidate = Found {
                    truth: dated.truth,
                    evidence,
                    date: dated.date.clone(),
                };
                match out.get(&who) {
                    Some(best) if best.truth >= candidate.truth => {}
                    _ => {
                        out.insert(who, candidate);
                    }
                }
            }
        }
        out
    }
}

/// Orders and cuts an answer's rows for `by date`, `first N`, `latest N`, `earliest N`:
/// rows by their date (undated last; `latest` from the end), then the first N.
pub(super) fn shape(answer: &mut Answer<'_>, plan: &Plan) {
    let by_date =
        plan.by_date || matches!(plan.limit, Some((LimitEnd::Latest | LimitEnd::Earliest, _)));
    let latest = matches!(plan.limit, Some((LimitEnd::Latest, _)));
    let count = plan.limit.map(|(_, n)| n);
    // Nothing to order or cut (`latest` comes with a count): every body stays as it is, and
    // entity rows not yet in name order are put in it only when first read.
    if !by_date && count.is_none() {
        return;
    }
    match &mut answer.body {
        Body::Rows { rows } => rows.reorder(
            |found| {
                order(
                    found,
                    |r| r.date.as_ref().map(Date::sort_key),
                    by_date,
                    latest,
                    count,
                )
            },
            |rows| {
                order(
                    rows,
                    |r| r.date.as_ref().map(Date::sort_key),
                    by_date,
                    latest,
                    count,
                )
            },
        ),
        Body::Values { rows } => order(
            rows,
            |r| r.at.as_ref().map(Date::sort_key),
            by_date,
            latest,
            count,
        ),
        // Quotes are listed by date already: only whether each is dated matters.
        Body::Quotes { rows } => order(
            rows,
            |r| r.date.as_ref().map(|_| (0, 0)),
            false,
            latest,
            count,
        ),
        Body::Sources { rows } => cut(rows, count),
        Body::Claims { rows } => cut(rows, count),
        Body::Connections { chains, .. } => cut(chains, count),
        Body::CountPer { groups, .. } => {
            if let Some(n) = count {
                groups.truncate(n);
            }
        }
        Body::CountEach { rows } => cut(rows, count),
        Body::Conflicts { conflicts } => cut(conflicts, count),
        Body::Check { checks } => cut(checks, count),
        Body::Count { .. } | Body::CountByYear { .. } | Body::Share { .. } => {}
    }
}

/// Sorts `rows` by the chronological key of their date if asked (undated last), puts the
/// latest first if asked, and keeps the first `count`.
fn order<T>(
    rows: &mut Vec<T>,
    date: impl Fn(&T) -> Option<(i64, i64)>,
    by_date: bool,
    latest: bool,
    count: Option<usize>,
) {
    if by_date {
        rows.sort_by_key(|r| match date(r) {
            Some(key) => (false, key),
            None => (true, (i64::MAX, i64::MAX)),
        });
    }
    if latest {
        // Latest first, undated still last.
        let dated = rows.iter().filter(|r| date(r).is_some()).count();
        rows[..dated].reverse();
    }
    cut(rows, count);
}

/// Keeps the first `count` rows, if a count is given.
fn cut<T>(rows: &mut Vec<T>, count: Option<usize>) {
    if let Some(n) = count {
        rows.truncate(n);
    }
}
