//! Plan → answer. Sets are maps from entity to a row state: a three-valued truth (never
//! *no*: a row that is certainly out is dropped), the claims it rests on, and the date the
//! filters matched.

use std::collections::BTreeMap;

use super::answer::{
    self, Answer, Body, EntityRow, GroupCount, Split, Status, Tally, ValueRow, YearCount,
};
use super::ast::SetOp;
use super::limits::Budget;
use super::plan::{Op, Output, Plan};
use crate::Graph;
use crate::model::{ClaimId, Date, EntityId, EventKindId, Fact, Rank, Truth, Value};

/// The state of one row while a set is computed.
#[derive(Clone, Debug)]
pub(super) struct Row {
    pub(super) truth: Truth,
    pub(super) no_record: bool,
    pub(super) evidence: Vec<ClaimId>,
    /// Claims about the same thing that did not decide (weaker, lower-ranked or inferred where
    /// a record exists), shown in `why`.
    pub(super) aside: Vec<ClaimId>,
    pub(super) date: Option<Date>,
    /// The claims of `evidence` as a set, once it holds more than [`SCAN`] of them, so that a
    /// row reached by many walks (a body reached back from each of its 20,000 members) adds
    /// each claim in constant time instead of scanning all it has.
    seen: Option<Box<rustc_hash::FxHashSet<ClaimId>>>,
}

/// Up to this many claims, a row's evidence is searched by a scan.
const SCAN: usize = 32;

impl Row {
    pub(super) fn yes() -> Row {
        Row {
            truth: Truth::Yes,
            no_record: false,
            evidence: Vec::new(),
            aside: Vec::new(),
            date: None,
            seen: None,
        }
    }

    fn add_aside(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        for c in claims {
            if !self.aside.contains(&c) {
                self.aside.push(c);
            }
        }
    }

    /// Adds evidence, each claim once. Cost: O(1) per claim amortized (a scan of at most
    /// [`SCAN`] claims, then a hash set).
    pub(super) fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        for c in claims {
            match &mut self.seen {
                Some(seen) => {
                    if seen.insert(c) {
                        self.evidence.push(c);
                    }
                }
                None => {
                    if !self.evidence.contains(&c) {
                        self.evidence.push(c);
                        if self.evidence.len() > SCAN {
                            self.seen = Some(Box::new(self.evidence.iter().copied().collect()));
                        }
                    }
                }
            }
        }
    }
}

/// `claims` without repeats, each kept where it first appears. Cost: O(n) (a hash set past a
/// few dozen claims, a scan below).
pub(super) fn distinct(claims: &[ClaimId]) -> Vec<ClaimId> {
    if claims.len() <= 32 {
        let mut out = Vec::with_capacity(claims.len());
        for c in claims {
            if !out.contains(c) {
                out.push(*c);
            }
        }
        return out;
    }
    let mut seen =
        rustc_hash::FxHashSet::with_capacity_and_hasher(claims.len(), Default::default());
    claims.iter().copied().filter(|c| seen.insert(*c)).collect()
}

pub(super) type Set = BTreeMap<EntityId, Row>;

pub(super) struct Eval<'g> {
    pub(super) graph: &'g Graph,
    pub(super) scope: Option<EntityId>,
    /// Every claim counts alike, whatever its certainty or rank (`with all claims`).
    all_claims: bool,
    /// Whether the schema's `life_bounds` rule is on: nothing happens after a death.
    life_bounds: bool,
    /// The rows the evaluation may still touch.
    budget: &'g Budget,
}

/// Runs a plan: over the reasoned graph (what the rules infer) unless the plan says `as
/// recorded`.
pub fn run(graph: &Graph, plan: &Plan, text: &str, budget: &Budget) -> Answer {
    let graph = if plan.rules { graph.reasoned() } else { graph };
    let eval = Eval {
        graph,
        scope: plan.scope,
        budget,
        all_claims: plan.all_claims,
        life_bounds: plan.rules
            && graph
                .schema()
                .rules()
                .iter()
                .any(|r| matches!(r.form, crate::model::RuleForm::LifeBounds)),
    };
    let body = match &plan.output {
        Output::Rows(op) => Body::Rows {
            rows: eval.rows(eval.op(op)),
        },
        Output::Count { set, whole } => {
            let part = eval.op(set);
            let split = whole.as_ref().map(|whole| eval.split(set, whole, &part));
            let rows = eval.rows(part);
            Body::Count {
                count: Tally::of(&rows),
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
            let years = by_year(&set, |id, row| eval.year_span(id, row));
            Body::CountByYear {
                years,
                rows: eval.rows(set),
            }
        }
        Output::CountPer { set, group } => Body::CountPer {
            per: graph.schema().kind_def(*group).name.clone(),
            groups: eval.count_per(set, *group),
        },
        Output::Share { part, whole } => {
            let (part_op, whole_op) = (part, whole);
            let whole = eval.op(whole);
            // The part is taken within the whole, so that `possibly` in the whole carries over.
            let part: Set = eval
                .op(part)
                .into_iter()
                .filter(|(id, _)| whole.contains_key(id))
                .collect();
            let split = eval.split(part_op_of(part_op), whole_op_of(whole_op), &part);
            let rows = eval.rows(part);
            let part = Tally::of(&rows);
            let whole = Tally::of(&eval.rows(whole));
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
        according_to: plan.scope.map(|s| graph.entity(s).slug.to_string()),
        why: plan.why,
        body,
    };
    super::eval_forms::shape(&mut answer, plan);
    answer
}

fn part_op_of(op: &Op) -> &Op {
    op
}

fn whole_op_of(op: &Op) -> &Op {
    op
}

impl Eval<'_> {
    /// Whether a claim counts: cited by the query's `according to` source (an inferred claim:
    /// every premise), and not deprecated unless the query asks `with all claims`.
    pub(super) fn admits(&self, claim: ClaimId) -> bool {
        let c = self.graph.claim(claim);
        if c.rank == Rank::Deprecated && !self.all_claims {
            return false;
        }
        let Some(source) = self.scope else {
            return true;
        };
        match self.graph.derivation(claim) {
            Some(derivation) => derivation.premises.iter().all(|p| self.admits(*p)),
            None => c
                .citations
                .iter()
                .any(|c| c.source == source || c.via == Some(source)),
        }
    }

    /// Whether a claim is cited by the query's `according to` source, whatever its rank.
    fn in_scope(&self, claim: ClaimId) -> bool {
        match self.scope {
            None => true,
            Some(_) if self.graph.derivation(claim).is_some() => false,
            Some(source) => self
                .graph
                .claim(claim)
                .citations
                .iter()
                .any(|c| c.source == source || c.via == Some(source)),
        }
    }

    /// Every entity of `ids` as a settled row. Under `according to`, only those the source
    /// says something about, each with the source's claims about it as evidence: a bare kind
    /// is then "the people this source names", not everyone.
    fn all_of(&self, ids: impl Iterator<Item = EntityId>) -> Set {
        let Some(_) = self.scope else {
            return ids.map(|id| (id, Row::yes())).collect();
        };
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
                let mut row = Row::yes();
                row.add_evidence(said);
                out.insert(id, row);
            }
        }
        out
    }

    /// A claim as evidence; under `according to`, citing only the scoped source, so that a
    /// row of a scoped answer shows no other source.
    pub(super) fn evidence(&self, claim: ClaimId) -> answer::Evidence {
        let mut evidence = answer::evidence(self.graph, claim);
        if let Some(scope) = self.scope {
            let slug = self.graph.entity(scope).slug.to_string();
            evidence
                .sources
                .retain(|s| s.id == slug || s.via.as_deref() == Some(slug.as_str()));
        }
        evidence
    }

    /// The years a row counts under in `count … by year`: the date its filters matched, else
    /// its own date (an event's date, or the start of the membership or other link that brought
    /// it into the set, unless an event filter matched it undated); `None` when it has none.
    fn year_span(&self, id: EntityId, row: &Row) -> Option<(i32, i32)> {
        if let Some(date) = &row.date {
            return open_span(date);
        }
        let graph = self.graph;
        if graph.entity(id).kind == graph.schema().event_kind() {
            let dates: Vec<&Date> = graph
                .dates_of(id)
                .filter(|(c, _)| self.admits(*c))
                .map(|(_, d)| d)
                .collect();
            // The earliest claim's date, as the answer's date column shows it.
            return dates
                .into_iter()
                .min_by(|a, b| a.cmp_chronological(b))
                .and_then(open_span);
        }
        // A row that passed an event filter without a date stays undated: the start of its
        // membership says nothing about when the event happened.
        let through_event = row.evidence.iter().any(|c| {
            matches!(&graph.claim(*c).fact, Fact::Participation { participant, .. } if *participant == id)
        });
        if through_event {
            return None;
        }
        distinct(&row.evidence)
            .iter()
            .rev()
            .find_map(|c| match &graph.claim(*c).fact {
                Fact::Link {
                    subject,
                    object,
                    during: Some(during),
                    ..
                } if *subject == id || *object == id => during
                    .earliest()
                    .map(|day| day.to_gregorian().0)
                    .map(|year| (year, year)),
                _ => None,
            })
    }

    /// How far a claim alone can settle a row: *yes*, or *possibly* for a disputed or
    /// unverified claim (unless `with all claims`).
    pub(super) fn strength(&self, claim: ClaimId) -> Truth {
        if !self.all_claims && self.graph.claim(claim).is_weak() {
            Truth::Possibly
        } else {
            Truth::Yes
        }
    }

    /// How the whole splits beyond the part: members that a negated filter settles as *not*
    /// are *no*; the others left out are *no record*.
    fn split(&self, part_op: &Op, whole_op: &Op, part: &Set) -> Split {
        self.split_rows(part_op, whole_op, part).0
    }

    /// The same evaluation over every source's claims: `check` selects the figures it checks
    /// by `according to`, but sets them beside all the records.
    pub(super) fn unscoped(&self) -> Eval<'_> {
        Eval {
            graph: self.graph,
            scope: None,
            all_claims: self.all_claims,
            life_bounds: self.life_bounds,
            budget: self.budget,
        }
    }

    /// A count over the records split four ways, with the rows settled *no*.
    pub(super) fn records(&self, part_op: &Op, whole_op: &Op) -> Records {
        let part = self.op(part_op);
        let (split, no_rows) = self.split_rows(part_op, whole_op, &part);
        let yes = part.values().filter(|r| r.truth == Truth::Yes).count();
        Records {
            yes,
            possibly: part.len() - yes,
            no: split.no,
            no_record: split.no_record,
            whole: split.whole,
            no_rows,
        }
    }

    fn split_rows(&self, part_op: &Op, whole_op: &Op, part: &Set) -> (Split, Set) {
        let whole = self.op(whole_op);
        // What the filters say of each member left out, whatever its place in the whole.
        let missing: Set = whole
            .keys()
            .filter(|id| !part.contains_key(*id))
            .map(|id| (*id, Row::yes()))
            .collect();
        let mut no = Set::new();
        // The filters between the whole and the part, each negated over the missing members.
        let mut op = part_op;
        while op != whole_op {
            let (input, negated_filter) = match op {
                Op::Underwent {
                    input,
                    kind,
                    window,
                    negated,
                } => (
                    input,
                    Op::Underwent {
                        input: Box::new(Op::Everything),
                        kind: *kind,
                        window: window.clone(),
                        negated: !negated,
                    },
                ),
                Op::Took {
                    input,
                    kind,
                    window,
                    by,
                    places,
                    negated,
                } => (
                    input,
                    Op::Took {
                        input: Box::new(Op::Everything),
                        kind: *kind,
                        window: window.clone(),
                        by: by.clone(),
                        places: places.clone(),
                        negated: !negated,
                    },
                ),
                Op::Dated {
                    input,
                    window,
                    negated,
                } => (
                    input,
                    Op::Dated {
                        input: Box::new(Op::Everything),
                        window: window.clone(),
                        negated: !negated,
                    },
                ),
                _ => break,
            };
            for (id, row) in self.filter(&negated_filter, missing.clone()) {
                if row.truth == Truth::Yes && !row.no_record && !no.contains_key(&id) {
                    no.insert(id, row);
                }
            }
            op = input;
        }
        let split = Split {
            whole: whole.len(),
            no: no.len(),
            no_record: missing.len() - no.len(),
        };
        (split, no)
    }

    /// Evaluates one step, charging the rows it yields and their evidence to the budget; once
    /// the budget is spent every step yields nothing, and the caller reports the overrun.
    pub(super) fn op(&self, op: &Op) -> Set {
        if self.budget.exceeded() {
            return Set::new();
        }
        let set = self.step(op);
        // A row costs one, plus the evidence it carries (copied at every walk).
        let touched = set.values().map(|row| 1 + row.evidence.len()).sum();
        if !self.budget.charge(touched) {
            return Set::new();
        }
        set
    }

    fn step(&self, op: &Op) -> Set {
        let graph = self.graph;
        match op {
            Op::Entity(id) => BTreeMap::from([(*id, Row::yes())]),
            Op::Kind(kind) => self.all_of(graph.of_kind(*kind).iter().copied()),
            Op::Events(kind) => self.all_of(graph.events_of_kind(*kind)),
            Op::Everything => {
                let schema = graph.schema();
                self.all_of(
                    graph
                        .entities()
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
                        let truth = row.truth.and(held).and(self.strength(claim));
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
                                let truth = row.truth.and(self.strength(*claim));
                                merge(&mut out, to, truth, &row.evidence, *claim);
                            }
                        }
                    }
                }
                out
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
                self.filter(op, self.op(input))
            }
            Op::Combine { op, lhs, rhs } => {
                let (lhs, rhs) = (self.op(lhs), self.op(rhs));
                combine(*op, lhs, rhs)
            }
            // The forms of the second round live in `eval_forms`.
            other => self.op_form(other),
        }
    }

    /// Runs a filter (`Underwent` or `Dated`) over a given input set instead of its own.
    fn filter(&self, op: &Op, input: Set) -> Set {
        let mut out = Set::new();
        match op {
            Op::Underwent {
                kind,
                window,
                negated,
                ..
            }
            | Op::Took {
                kind,
                window,
                negated,
                ..
            } => {
                let (by, places): (&[_], &[_]) = match op {
                    Op::Took { by, places, .. } => (by, places),
                    _ => (&[], &[]),
                };
                for (id, mut row) in input {
                    let condition = |event| self.event_matches(event, Some(id), by, places);
                    let found = self.underwent_where(id, *kind, window.as_ref(), &condition);
                    match (negated, found) {
                        (false, Some(m)) if m.truth != Truth::No => {
                            row.truth = row.truth.and(m.truth);
                            row.add_evidence(m.evidence);
                            row.add_aside(m.aside);
                            row.date = m.date.or(row.date);
                            out.insert(id, row);
                        }
                        (false, _) => {}
                        (true, None) => {
                            row.no_record = true;
                            out.insert(id, row);
                        }
                        // A record outside the window is no proof that nothing happened in
                        // it, unless it settles the question (a denial, a life's one end).
                        (true, Some(m)) if m.truth == Truth::No && !m.conclusive => {
                            row.no_record = true;
                            row.add_evidence(m.evidence);
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
            }
            Op::Dated {
                window, negated, ..
            } => {
                for (id, mut row) in input {
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
                        row.add_aside(dated.aside);
                        row.date = dated.date.or(row.date);
                        out.insert(id, row);
                    }
                }
            }
            _ => return self.op(op),
        }
        out
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

    /// The best evidence that `entity` underwent an event of `kind` within `window` that meets
    /// `condition` (who else took part, where: a truth and the claims that show it), weighed
    /// against claims that it never did; `None` when no claim says either.
    pub(super) fn underwent_where(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
        condition: &dyn Fn(EntityId) -> (Truth, Vec<ClaimId>),
    ) -> Option<Match> {
        let graph = self.graph;
        let def = graph.schema().event_kind_def(kind);
        let patient = &def.patient;
        // A kind that happens once in a life: a dated record outside the window settles it.
        let once = def.ends_life || def.starts_life;
        let mut best: Option<Match> = None;
        for (claim, role, event) in graph.participations(entity) {
            if role != patient
                || graph.entity(event).event_kind != Some(kind)
                || !self.admits(claim)
            {
                continue;
            }
            let (meets, shown) = condition(event);
            if meets == Truth::No {
                continue;
            }
            let dated = self.event_within(event, window);
            let mut evidence = vec![claim];
            evidence.extend(dated.claims);
            evidence.extend(shown);
            let truth = if dated.truth == Truth::No {
                Truth::No
            } else {
                dated.truth.and(self.strength(claim)).and(meets)
            };
            let candidate = Match {
                truth,
                evidence,
                date: dated.date,
                conclusive: once,
                aside: dated.aside,
            };
            // The best truth wins; at equal truth the first (recorded before inferred).
            best = Some(match best {
                Some(b) if b.truth >= candidate.truth => b,
                _ => candidate,
            });
        }
        // Nothing happens after a life ends: a window wholly after the death settles it.
        if self.life_bounds
            && !def.posthumous
            && best.as_ref().is_none_or(|b| b.truth == Truth::No)
            && let Some(window) = window
            && let Some(end) = graph.end_of_life(entity)
            && self.admits(end.participation)
            && self.admits(end.date_claim)
            && end.date.is_before(window) == Truth::Yes
        {
            let mut evidence = best.map(|b| b.evidence).unwrap_or_default();
            evidence.extend([end.participation, end.date_claim]);
            best = Some(Match {
                truth: Truth::No,
                evidence,
                date: None,
                conclusive: true,
                aside: Vec::new(),
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
        // A denial settles the question only if some asserted or probable claim makes it.
        let settles = denials.iter().any(|c| self.strength(*c) == Truth::Yes);
        Some(match best {
            Some(mut m) => {
                m.truth = if m.truth == Truth::Yes {
                    Truth::Possibly
                } else {
                    Truth::No
                };
                m.conclusive |= settles;
                m.evidence.extend(denials);
                m
            }
            None => Match {
                truth: Truth::No,
                evidence: denials,
                date: None,
                conclusive: settles,
                aside: Vec::new(),
            },
        })
    }

    /// Whether an event happened within `window`, by its date claims taken together: *yes*
    /// when some claim says yes and none says no (a vaguer date that leaves it open does not
    /// undo a precise one), *no* likewise, *possibly* when claims disagree or none settles it.
    /// An undated event possibly happened in any window. Returns the claims that decided, the
    /// first of them with its date.
    pub(super) fn event_within(&self, event: EntityId, window: Option<&Date>) -> DateMatch {
        let dates: Vec<(ClaimId, &Date)> = if self.all_claims {
            self.graph.dates_of(event).collect()
        } else {
            crate::reason::deciding_dates(self.graph, event)
        };
        let dates: Vec<(ClaimId, &Date)> =
            dates.into_iter().filter(|(c, _)| self.admits(*c)).collect();
        // Recorded dates decide where there are any; asserted or probable ones over weak ones.
        let recorded = dates
            .iter()
            .any(|(c, _)| self.graph.derivation(*c).is_none());
        let strong = dates
            .iter()
            .any(|(c, _)| self.strength(*c) == Truth::Yes && self.graph.derivation(*c).is_none());
        let mut verdicts: Vec<(Truth, ClaimId, &Date)> = Vec::new();
        let deciding: Vec<ClaimId> = dates.iter().map(|(c, _)| *c).collect();
        let mut aside: Vec<ClaimId> = self
            .graph
            .dates_of(event)
            .map(|(c, _)| c)
            .filter(|c| !deciding.contains(c) && self.in_scope(*c))
            .collect();
        for (claim, date) in dates {
            if recorded && self.graph.derivation(claim).is_some() {
                aside.push(claim);
                continue;
            }
            let weak = self.strength(claim) != Truth::Yes;
            if strong && weak {
                aside.push(claim);
                continue;
            }
            let verdict = window.map_or(Truth::Yes, |w| date.is_within(w));
            // With no window the date does not matter: the event happened, whatever its date.
            let verdict = if weak && verdict == Truth::Yes && window.is_some() {
                Truth::Possibly
            } else {
                verdict
            };
            verdicts.push((verdict, claim, date));
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
            aside,
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
                let truth = row.truth.and(truth).and(self.strength(claim));
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
                    figure: match value {
                        Value::Number(q) => Some(q.clone()),
                        _ => None,
                    },
                    unit: match value {
                        Value::Number(q) => q.unit().map(str::to_owned),
                        _ => None,
                    },
                    scope: role.clone(),
                    at: at.clone(),
                    status: Status::from_truth(truth),
                    evidence: self.evidence(claim),
                });
            }
        }
        rows
    }

    /// The count of `set` for each entity of `group` in place of every `Kind(group)` the set
    /// starts from: most first, then by name; groups that count nothing are left out.
    fn count_per(&self, set: &Op, group: crate::model::KindId) -> Vec<GroupCount> {
        let graph = self.graph;
        let mut groups: Vec<(Tally, EntityId)> = match self.count_per_walk(set, group) {
            Some(groups) => groups,
            None => graph
                .of_kind(group)
                .iter()
                .map(|&entity| (tally(&self.op(&with_entity(set, group, entity))), entity))
                .collect(),
        };
        groups.retain(|(tally, _)| *tally != Tally::default());
        let key = |t: &Tally| std::cmp::Reverse((t.yes, t.possibly, t.no_record));
        groups.sort_by_cached_key(|(t, id)| {
            (
                key(t),
                crate::model::normalize(&graph.entity(*id).name),
                *id,
            )
        });
        groups
            .into_iter()
            .map(|(count, id)| {
                let entity = graph.entity(id);
                GroupCount {
                    id: entity.slug.to_string(),
                    name: entity.name.clone(),
                    count,
                }
            })
            .collect()
    }

    /// [`Eval::count_per`] for its common shape, filters (`Underwent`, `Dated`) over one walk
    /// from the kind: the filters are run once over everyone the walk reaches from any entity
    /// of the kind, instead of once per entity, and each entity's count then takes the best
    /// truth of its own links, met with the filters' truth. This is the same answer, since a
    /// filter meets its input's truth with its own (`and`, the minimum) and drops only what its
    /// own truth rules out. `None` for any other shape.
    fn count_per_walk(
        &self,
        set: &Op,
        group: crate::model::KindId,
    ) -> Option<Vec<(Tally, EntityId)>> {
        let graph = self.graph;
        let mut filters = Vec::new();
        let mut op = set;
        while let Op::Underwent { input, .. } | Op::Dated { input, .. } = op {
            filters.push(op);
            op = input;
        }
        let Op::Walk {
            input,
            relation,
            inverse,
            window,
        } = op
        else {
            return None;
        };
        if **input != Op::Kind(group) {
            return None;
        }
        // Each entity's links that count, with the truth of each.
        let links = |from: EntityId| {
            graph
                .links(from, *relation, *inverse)
                .filter(|(claim, _)| self.admits(*claim))
                .filter_map(move |(claim, to)| {
                    let held = match window {
                        None => Truth::Yes,
                        Some(window) => self.link_held(claim, window),
                    };
                    let truth = held.and(self.strength(claim));
                    (truth != Truth::No).then_some((to, truth))
                })
        };
        let mut reached = Set::new();
        for &from in graph.of_kind(group) {
            for (to, _) in links(from) {
                reached.entry(to).or_insert_with(Row::yes);
            }
        }
        // Charged to the budget as `Eval::op` charges each step.
        if !self.budget.charge(reached.len()) {
            return Some(Vec::new());
        }
        let mut passed = reached;
        for filter in filters.iter().rev() {
            passed = self.filter(filter, passed);
            let touched = passed.values().map(|row| 1 + row.evidence.len()).sum();
            if !self.budget.charge(touched) {
                return Some(Vec::new());
            }
        }
        let mut mine: Vec<(EntityId, Truth)> = Vec::new();
        let counts = graph
            .of_kind(group)
            .iter()
            .map(|&from| {
                mine.clear();
                mine.extend(links(from));
                // Per member, its best link: sorted by member, best truth first.
                mine.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                mine.dedup_by_key(|(to, _)| *to);
                self.budget.charge(mine.len());
                let mut count = Tally::default();
                for (to, walked) in &mine {
                    let Some(row) = passed.get(to) else {
                        continue;
                    };
                    match (walked.and(row.truth), row.no_record) {
                        (Truth::No, _) => {}
                        (Truth::Yes, true) => count.no_record += 1,
                        (Truth::Yes, false) => count.yes += 1,
                        _ => count.possibly += 1,
                    }
                }
                (count, from)
            })
            .collect();
        Some(counts)
    }

    /// Rows in answer order: events by date, everything else by name.
    pub(super) fn rows(&self, set: Set) -> Vec<EntityRow> {
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
                let evidence = distinct(&row.evidence);
                let aside = distinct(&row.aside);
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
                    date: row.date.clone().or_else(|| {
                        // An event's own date, when no filter matched one.
                        (entity.kind == event_kind)
                            .then(|| graph.dates_of(id).next().map(|(_, d)| d.clone()))
                            .flatten()
                    }),
                    roles: link_roles(graph, id, &evidence),
                    evidence: evidence
                        .iter()
                        .map(|c| self.evidence(*c))
                        .chain(aside.iter().filter(|c| !evidence.contains(c)).map(|c| {
                            answer::Evidence {
                                set_aside: true,
                                ..self.evidence(*c)
                            }
                        }))
                        .collect(),
                }
            })
            .collect()
    }
}

/// `op` with `Entity(entity)` in place of every `Kind(kind)`.
fn with_entity(op: &Op, kind: crate::model::KindId, entity: EntityId) -> Op {
    fn replace(op: &mut Op, kind: crate::model::KindId, entity: EntityId) {
        match op {
            Op::Kind(k) if *k == kind => *op = Op::Entity(entity),
            Op::Combine { lhs, rhs, .. } => {
                replace(lhs, kind, entity);
                replace(rhs, kind, entity);
            }
            _ => {
                if let Some(input) = op.input_mut() {
                    replace(input, kind, entity);
                }
            }
        }
    }
    let mut op = op.clone();
    replace(&mut op, kind, entity);
    op
}

/// The tally of a set, as [`Tally::of`] counts its rows, without building them.
fn tally(set: &Set) -> Tally {
    let mut tally = Tally::default();
    for row in set.values() {
        match (row.truth, row.no_record) {
            (Truth::Yes, true) => tally.no_record += 1,
            (Truth::Yes, false) => tally.yes += 1,
            _ => tally.possibly += 1,
        }
    }
    tally
}

/// A count over the records, split four ways: see [`Eval::records`].
pub(super) struct Records {
    pub(super) yes: usize,
    pub(super) possibly: usize,
    pub(super) no: usize,
    pub(super) no_record: usize,
    pub(super) whole: usize,
    pub(super) no_rows: Set,
}

/// What an event's date claims say about a window.
pub(super) struct DateMatch {
    pub(super) truth: Truth,
    pub(super) claims: Vec<ClaimId>,
    pub(super) date: Option<Date>,
    /// Date claims in scope that did not decide.
    pub(super) aside: Vec<ClaimId>,
}

/// The best event found by [`Eval::underwent_where`].
pub(super) struct Match {
    truth: Truth,
    evidence: Vec<ClaimId>,
    date: Option<Date>,
    /// Whether a *no* settles the question (a denial, a life's one end, a death before the
    /// window) rather than only failing to show it.
    conclusive: bool,
    /// Claims about the same event that did not decide.
    aside: Vec<ClaimId>,
}

/// The roles of the link claims among `evidence` that end at `entity`, each once.
fn link_roles(graph: &Graph, entity: EntityId, evidence: &[ClaimId]) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for claim in evidence {
        if let Fact::Link {
            subject,
            object,
            role: Some(role),
            ..
        } = &graph.claim(*claim).fact
            && (*subject == entity || *object == entity)
            && !roles.contains(role)
        {
            roles.push(role.clone());
        }
    }
    roles
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
pub(super) fn merge(out: &mut Set, to: EntityId, truth: Truth, path: &[ClaimId], claim: ClaimId) {
    let row = out.entry(to).or_insert_with(|| Row {
        truth: Truth::No,
        ..Row::yes()
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
                row.add_aside(other.aside);
                row.date = row.date.or(other.date);
                Some((id, row))
            })
            .collect(),
        SetOp::Or => {
            let mut out = lhs;
            for (id, other) in rhs {
                match out.get_mut(&id) {
                    Some(row) => {
                        // The date of the better side, or the sharper one: `(arrested or
                        // shot) by 1940` shows the execution's day rather than an undated
                        // arrest's none or an inferred arrest's "by" that day.
                        let point = |d: &Option<Date>| d.as_ref().is_some_and(Date::is_point);
                        let sharper =
                            other.truth == row.truth && point(&other.date) && !point(&row.date);
                        if other.truth > row.truth || row.date.is_none() || sharper {
                            row.date = other.date.or(row.date.take());
                        }
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

/// The years of a date, with an open end as `i32::MIN` or `i32::MAX` (`by 1793` is
/// `(MIN, 1793)`): an inferred bound counts under `by 1793`, not as undated.
fn open_span(date: &Date) -> Option<(i32, i32)> {
    date.year_span().or_else(|| {
        let year = |d: crate::model::Day| d.to_gregorian().0;
        match (date.earliest(), date.latest()) {
            (None, Some(last)) => Some((i32::MIN, year(last))),
            (Some(first), None) => Some((year(first), i32::MAX)),
            _ => None,
        }
    })
}

/// Counts rows per year of their date (`year_span` gives it: the matched date or the row's
/// own): a date within one year counts there, a date spanning years counts under its span as
/// *possibly*, no date under `undated` (settled rows as settled).
fn by_year(set: &Set, year_span: impl Fn(EntityId, &Row) -> Option<(i32, i32)>) -> Vec<YearCount> {
    let mut years: BTreeMap<(i32, i32), (usize, usize)> = BTreeMap::new();
    let mut undated = (0, 0);
    for (id, row) in set {
        let settled = row.truth == Truth::Yes;
        let span = year_span(*id, row);
        let (slot, precise) = match span {
            Some((from, to)) => (years.entry((from, to)).or_default(), from == to),
            None => (&mut undated, true),
        };
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
            } else if from == i32::MIN {
                format!("by {to}")
            } else if to == i32::MAX {
                format!("after {from}")
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
