//! The reference evaluator: a deliberately simple evaluator of query plans, with no indexes.
//! Every step scans all entities and all claims of the graph (`Graph::entities`,
//! `Graph::claims`), so it shares nothing with `src/query/eval.rs` but the plan it runs and the
//! date and truth arithmetic of the model. The real evaluator must agree with it on random
//! graphs and random queries (`tests/generated.rs`).
//!
//! Each semantic decision is a small function of its own, named `rule_*`, so that a change of
//! semantics is a change of one function here and of the evaluator, side by side.

use std::collections::BTreeMap;

use annals::Graph;
use annals::model::{Claim, ClaimId, Date, EntityId, EventKindId, Fact, KindId, Truth};
use annals::query::Status;
use annals::query::ast::SetOp;
use annals::query::plan::{Op, Output, Plan};

/// A row of a set: its truth and whether it stands for lack of any record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub truth: Truth,
    pub no_record: bool,
}

type Set = BTreeMap<EntityId, Row>;

/// What the reference computes for a plan: each row's status, by entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rows: BTreeMap<EntityId, Status>,
}

// ---------------------------------------------------------------------------------------------
// The semantic decisions

/// A claim's weight by its certainty and rank. On this main every claim weighs the same:
/// certainty is shown, not weighed, and ranks are data that evaluation does not read yet
/// (issue 6 changes this; then a deprecated claim stops counting and a preferred one
/// outweighs normal ones).
fn rule_claim_counts(claim: &Claim) -> bool {
    let _ = (claim.certainty, claim.rank);
    true
}

/// Whether inferred claims are admitted. This main has no rules, so every claim is recorded.
fn rule_inferred_admitted() -> bool {
    true
}

/// Whether a claim counts at all: under `according to S`, only claims citing S (as source or
/// as `via`), and only claims that [`rule_claim_counts`] weighs.
fn rule_admits(claim: &Claim, scope: Option<EntityId>) -> bool {
    if !rule_claim_counts(claim) || !rule_inferred_admitted() {
        return false;
    }
    match scope {
        None => true,
        Some(source) => claim
            .citations
            .iter()
            .any(|c| c.source == source || c.via == Some(source)),
    }
}

/// Whether an event happened within `window`, from the verdicts of its admitted date claims:
/// yes when some say yes and none no; no when some say no and none yes; possibly when they
/// disagree or none settles it; an undated event is possibly in any window (and yes when no
/// window is asked).
fn rule_combine_dates(verdicts: &[Truth], window: Option<&Date>) -> Truth {
    let yes = verdicts.contains(&Truth::Yes);
    let no = verdicts.contains(&Truth::No);
    match (yes, no) {
        (true, false) => Truth::Yes,
        (false, true) => Truth::No,
        (true, true) => Truth::Possibly,
        (false, false) if verdicts.is_empty() && window.is_none() => Truth::Yes,
        (false, false) => Truth::Possibly,
    }
}

/// Whether a link held within `window`: by its own `during`; without one, possibly, as long
/// as the object's period (if any) meets the window.
fn rule_link_held(graph: &Graph, during: Option<&Date>, object: EntityId, window: &Date) -> Truth {
    match during {
        Some(during) => during.overlaps(window),
        None => match &graph.entity(object).period {
            Some(period) => period.overlaps(window).and(Truth::Possibly),
            None => Truth::Possibly,
        },
    }
}

/// Whether a "never" claim (`during`) denies an event within `window`: one for all time
/// always does; one for a time does when the window lies certainly within it.
fn rule_denial_applies(during: Option<&Date>, window: Option<&Date>) -> bool {
    match (during, window) {
        (None, _) => true,
        (Some(during), Some(window)) => window.is_within(during) == Truth::Yes,
        (Some(_), None) => false,
    }
}

/// How the best event and the denials combine: a settled event against a denial is a
/// disagreement (possibly); an unsettled one is overruled (no); denials alone say no.
fn rule_weigh_denials(best: Option<Truth>, denied: bool) -> Option<Truth> {
    match (best, denied) {
        (best, false) => best,
        (Some(Truth::Yes), true) => Some(Truth::Possibly),
        (Some(_), true) | (None, true) => Some(Truth::No),
    }
}

/// The set that `Underwent` filters when its input is `Everything` and it is not negated:
/// everyone who is the patient of such an event, whatever their kind (sources and events
/// included), not the `Everything` set.
fn rule_everything_underwent_starts_from_patients() -> bool {
    true
}

/// A row's status from its truth and its no-record mark.
fn rule_status(row: Row) -> Status {
    match row.truth {
        Truth::Yes if row.no_record => Status::NoRecord,
        Truth::Yes => Status::Yes,
        _ => Status::Possibly,
    }
}

// ---------------------------------------------------------------------------------------------
// The evaluator

struct Reference<'g> {
    graph: &'g Graph,
    scope: Option<EntityId>,
}

/// Runs `plan` over `graph` by scanning.
pub fn run(graph: &Graph, plan: &Plan) -> Outcome {
    let r = Reference {
        graph,
        scope: plan.scope,
    };
    let set = match &plan.output {
        Output::Rows(op) | Output::Count(op) | Output::CountByYear(op) => r.op(op),
        Output::Share { part, whole } => {
            let whole = r.op(whole);
            r.op(part)
                .into_iter()
                .filter(|(id, _)| whole.contains_key(id))
                .collect()
        }
        Output::Values { input, .. } => r.op(input),
    };
    Outcome {
        rows: set
            .into_iter()
            .map(|(id, row)| (id, rule_status(row)))
            .collect(),
    }
}

fn yes() -> Row {
    Row {
        truth: Truth::Yes,
        no_record: false,
    }
}

impl Reference<'_> {
    /// Every admitted claim, by scanning.
    fn claims(&self) -> impl Iterator<Item = (ClaimId, &Claim)> + '_ {
        self.graph
            .claims()
            .filter(|(_, c)| rule_admits(c, self.scope))
    }

    fn all_of_kind(&self, kind: KindId) -> Set {
        self.graph
            .entities()
            .filter(|(_, e)| e.kind == kind)
            .map(|(id, _)| (id, yes()))
            .collect()
    }

    fn op(&self, op: &Op) -> Set {
        let graph = self.graph;
        let schema = graph.schema();
        match op {
            Op::Entity(id) => Set::from([(*id, yes())]),
            Op::Kind(kind) => self.all_of_kind(*kind),
            Op::Events(ek) => graph
                .entities()
                .filter(|(_, e)| e.event_kind == Some(*ek))
                .map(|(id, _)| (id, yes()))
                .collect(),
            Op::Everything => graph
                .entities()
                .filter(|(_, e)| e.kind != schema.source_kind() && e.kind != schema.event_kind())
                .map(|(id, _)| (id, yes()))
                .collect(),
            Op::Walk {
                input,
                relation,
                inverse,
                window,
            } => {
                let input = self.op(input);
                let mut out = Set::new();
                for (_, claim) in self.claims() {
                    let Fact::Link {
                        subject,
                        relation: r,
                        object,
                        during,
                        ..
                    } = &claim.fact
                    else {
                        continue;
                    };
                    if r != relation {
                        continue;
                    }
                    let (from, to) = if *inverse {
                        (*object, *subject)
                    } else {
                        (*subject, *object)
                    };
                    let Some(row) = input.get(&from) else {
                        continue;
                    };
                    let held = window.as_ref().map_or(Truth::Yes, |w| {
                        rule_link_held(graph, during.as_ref(), *object, w)
                    });
                    reach(&mut out, to, row.truth.and(held));
                }
                out
            }
            Op::Adjacent {
                input,
                kind,
                event_kind,
            } => {
                let input = self.op(input);
                let mut out = Set::new();
                for (_, claim) in self.claims() {
                    let ends = match &claim.fact {
                        Fact::Link {
                            subject, object, ..
                        } => [*subject, *object],
                        Fact::Participation {
                            event, participant, ..
                        } => [*event, *participant],
                        _ => continue,
                    };
                    for (from, to) in [(ends[0], ends[1]), (ends[1], ends[0])] {
                        let Some(row) = input.get(&from) else {
                            continue;
                        };
                        let e = graph.entity(to);
                        let fits = to != from
                            && e.kind == *kind
                            && event_kind.is_none_or(|ek| e.event_kind == Some(ek));
                        if fits {
                            reach(&mut out, to, row.truth);
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
                let input = if matches!(**input, Op::Everything)
                    && !negated
                    && rule_everything_underwent_starts_from_patients()
                {
                    self.patients(*kind)
                } else {
                    self.op(input)
                };
                let mut out = Set::new();
                for (id, row) in input {
                    let found = self.underwent(id, *kind, window.as_ref());
                    match (negated, found) {
                        (false, Some(t)) if t != Truth::No => {
                            out.insert(
                                id,
                                Row {
                                    truth: row.truth.and(t),
                                    ..row
                                },
                            );
                        }
                        (false, _) => {}
                        (true, None) => {
                            out.insert(
                                id,
                                Row {
                                    no_record: true,
                                    ..row
                                },
                            );
                        }
                        (true, Some(t)) => {
                            let truth = row.truth.and(t.not());
                            if truth != Truth::No {
                                out.insert(id, Row { truth, ..row });
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
                for (id, row) in self.op(input) {
                    let dated = self.event_within(id, Some(window));
                    let dated = if *negated { dated.not() } else { dated };
                    let truth = row.truth.and(dated);
                    if truth != Truth::No {
                        out.insert(id, Row { truth, ..row });
                    }
                }
                out
            }
            Op::Combine { op, lhs, rhs } => {
                let (lhs, rhs) = (self.op(lhs), self.op(rhs));
                match op {
                    SetOp::And => lhs
                        .into_iter()
                        .filter_map(|(id, a)| {
                            let b = rhs.get(&id)?;
                            Some((
                                id,
                                Row {
                                    truth: a.truth.and(b.truth),
                                    no_record: a.no_record || b.no_record,
                                },
                            ))
                        })
                        .collect(),
                    SetOp::Or => {
                        let mut out = rhs;
                        for (id, a) in lhs {
                            let truth = out.get(&id).map_or(a.truth, |b| a.truth.or(b.truth));
                            // The left row's no-record mark wins where both have the row.
                            out.insert(id, Row { truth, ..a });
                        }
                        out
                    }
                    SetOp::Except => lhs
                        .into_iter()
                        .filter_map(|(id, a)| {
                            let truth = match rhs.get(&id) {
                                None => a.truth,
                                Some(b) => a.truth.and(b.truth.not()),
                            };
                            (truth != Truth::No).then_some((id, Row { truth, ..a }))
                        })
                        .collect(),
                }
            }
        }
    }

    /// Everyone who is the patient of an event of `kind`, by scanning participations.
    fn patients(&self, kind: EventKindId) -> Set {
        let patient = &self.graph.schema().event_kind_def(kind).patient;
        let mut out = Set::new();
        for (_, claim) in self.graph.claims() {
            if let Fact::Participation {
                event,
                role,
                participant,
            } = &claim.fact
                && role == patient
                && self.graph.entity(*event).event_kind == Some(kind)
            {
                out.insert(*participant, yes());
            }
        }
        out
    }

    /// The best truth that `entity` underwent an event of `kind` within `window`, weighed
    /// against denials; `None` when no claim says either.
    fn underwent(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
    ) -> Option<Truth> {
        let patient = &self.graph.schema().event_kind_def(kind).patient;
        let mut best: Option<Truth> = None;
        let mut denied = false;
        for (_, claim) in self.claims() {
            match &claim.fact {
                Fact::Participation {
                    event,
                    role,
                    participant,
                } if *participant == entity
                    && role == patient
                    && self.graph.entity(*event).event_kind == Some(kind) =>
                {
                    let t = self.event_within(*event, window);
                    best = Some(best.map_or(t, |b| b.max(t)));
                }
                Fact::Never {
                    subject,
                    event_kind,
                    during,
                } if *subject == entity && *event_kind == kind => {
                    denied |= rule_denial_applies(during.as_ref(), window);
                }
                _ => {}
            }
        }
        rule_weigh_denials(best, denied)
    }

    fn event_within(&self, event: EntityId, window: Option<&Date>) -> Truth {
        let verdicts: Vec<Truth> = self
            .claims()
            .filter_map(|(_, c)| match &c.fact {
                Fact::Occurred { event: e, date } if *e == event => {
                    Some(window.map_or(Truth::Yes, |w| date.is_within(w)))
                }
                _ => None,
            })
            .collect();
        rule_combine_dates(&verdicts, window)
    }
}

/// Adds `to` reached with `truth`; a row reached twice keeps its best truth. A certainly-out
/// path adds nothing.
fn reach(out: &mut Set, to: EntityId, truth: Truth) {
    if truth == Truth::No {
        return;
    }
    let row = out.entry(to).or_insert(Row {
        truth: Truth::No,
        no_record: false,
    });
    row.truth = row.truth.or(truth);
}
