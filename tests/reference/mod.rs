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
use annals::model::{
    Certainty, Claim, ClaimId, Date, EntityId, EventKindId, Fact, Rank, RelationId, RuleForm, Truth,
};
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

/// What the reference computes for a plan: each row's status, by entity; for figures, each
/// value claim's status, by entity id and claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rows: BTreeMap<EntityId, Status>,
    pub values: BTreeMap<(String, ClaimId), Status>,
    /// A count's or a share's split of its whole (when it has filters): no, no record, whole.
    pub split: Option<(usize, usize, usize)>,
}

// ---------------------------------------------------------------------------------------------
// The semantic decisions (as of issue 6: rules, certainty and rank that count)

/// Which graph a plan reads: the reasoned one (recorded claims plus what the schema's rules
/// infer, each inferred claim with its derivation) unless the query says `as recorded`.
/// Inference itself is not re-derived here: the reference checks evaluation.
fn rule_graph<'g>(graph: &'g Graph, plan: &Plan) -> &'g Graph {
    if plan.rules { graph.reasoned() } else { graph }
}

/// Whether a claim counts: a deprecated claim does not unless `with all claims`; under
/// `according to S`, a recorded claim counts if it cites S (as source or `via`), an inferred
/// one if every premise counts.
fn rule_admits(graph: &Graph, claim: ClaimId, scope: Option<EntityId>, all_claims: bool) -> bool {
    let c = graph.claim(claim);
    if c.rank == Rank::Deprecated && !all_claims {
        return false;
    }
    let Some(source) = scope else {
        return true;
    };
    match graph.derivation(claim) {
        Some(d) => d
            .premises
            .iter()
            .all(|p| rule_admits(graph, *p, scope, all_claims)),
        None => c
            .citations
            .iter()
            .any(|c| c.source == source || c.via == Some(source)),
    }
}

/// How far one claim can settle a row (its weight by certainty): a disputed or unverified
/// claim alone gives at most *possibly*, unless `with all claims`.
fn rule_strength(claim: &Claim, all_claims: bool) -> Truth {
    if !all_claims && matches!(claim.certainty, Certainty::Disputed | Certainty::Unverified) {
        Truth::Possibly
    } else {
        Truth::Yes
    }
}

/// The date claims of an event that decide, by rank: all of them `with all claims`;
/// otherwise the non-deprecated ones, and only the preferred ones where any is preferred.
fn rule_deciding_dates(graph: &Graph, event: EntityId, all_claims: bool) -> Vec<(ClaimId, Date)> {
    let dates: Vec<(ClaimId, Date)> = graph
        .claims()
        .filter_map(|(id, c)| match &c.fact {
            Fact::Occurred { event: e, date } if *e == event => Some((id, date.clone())),
            _ => None,
        })
        .filter(|(id, _)| all_claims || graph.claim(*id).rank != Rank::Deprecated)
        .collect();
    if all_claims {
        return dates;
    }
    let preferred = |id: &ClaimId| graph.claim(*id).rank == Rank::Preferred;
    if dates.iter().any(|(id, _)| preferred(id)) {
        dates.into_iter().filter(|(id, _)| preferred(id)).collect()
    } else {
        dates
    }
}

/// How several date claims combine into whether an event happened within `window`. Of the
/// admitted deciding dates: recorded ones set inferred ones aside where any is recorded;
/// strong (asserted, probable) recorded ones set weak ones aside; a weak date's *yes* about a
/// window is only *possibly* (with no window the date does not matter). Then: yes when some say yes and none no; no when some say no and none yes;
/// possibly when they disagree or none settles it; an undated event is possibly in any window
/// (and yes when no window is asked).
fn rule_combine_dates(
    graph: &Graph,
    dates: &[(ClaimId, Date)],
    window: Option<&Date>,
    all_claims: bool,
) -> Truth {
    let inferred = |id: ClaimId| graph.derivation(id).is_some();
    let weak = |id: ClaimId| rule_strength(graph.claim(id), all_claims) != Truth::Yes;
    let recorded = dates.iter().any(|(id, _)| !inferred(*id));
    let strong = dates.iter().any(|(id, _)| !weak(*id) && !inferred(*id));
    let mut verdicts = Vec::new();
    for (id, date) in dates {
        if (recorded && inferred(*id)) || (strong && weak(*id)) {
            continue;
        }
        let verdict = window.map_or(Truth::Yes, |w| date.is_within(w));
        // With no window the date does not matter: the event happened, whatever its date.
        verdicts.push(if weak(*id) && verdict == Truth::Yes && window.is_some() {
            Truth::Possibly
        } else {
            verdict
        });
    }
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

/// The answer to "did it happen", with whether a *no* settles the question (a denial by a
/// strong claim, a kind that happens once in a life, a death before the window) rather than
/// only failing to show it.
#[derive(Clone, Copy, Debug)]
struct Found {
    truth: Truth,
    conclusive: bool,
}

/// How the best event and the denials combine: a settled event against a denial is a
/// disagreement (possibly); an unsettled one is overruled (no); denials alone say no. A denial
/// makes a *no* conclusive if some denying claim is strong.
fn rule_weigh_denials(best: Option<Found>, denials: &[Truth]) -> Option<Found> {
    if denials.is_empty() {
        return best;
    }
    let settles = denials.contains(&Truth::Yes);
    Some(match best {
        Some(found) => Found {
            truth: if found.truth == Truth::Yes {
                Truth::Possibly
            } else {
                Truth::No
            },
            conclusive: found.conclusive || settles,
        },
        None => Found {
            truth: Truth::No,
            conclusive: settles,
        },
    })
}

/// Life bounds (the schema's `life_bounds` rule, with rules on): nothing but a posthumous
/// kind happens after a life ends, so a window wholly after the recorded death settles
/// "did it happen then" as a conclusive *no* when no event says otherwise.
fn rule_life_bounds_on(graph: &Graph, plan: &Plan) -> bool {
    plan.rules
        && graph
            .schema()
            .rules()
            .iter()
            .any(|r| matches!(r.form, RuleForm::LifeBounds))
}

/// The set that `Underwent` filters when its input is `Everything` and it is not negated:
/// everyone who is the patient of such an event, whatever their kind (sources and events
/// included), not the `Everything` set.
fn rule_everything_underwent_starts_from_patients() -> bool {
    true
}

/// A negated filter over a row the claims do not settle: no claim at all, or only records
/// outside the window that do not settle it (not conclusive), is *no record*, not *yes*.
fn rule_negation_without_proof(found: Option<Found>) -> bool {
    match found {
        None => true,
        Some(f) => f.truth == Truth::No && !f.conclusive,
    }
}

/// Under `according to`, a bare kind (or event kind, or everything) is what the source names:
/// only the entities some admitted claim mentions. Without a scope, all of them.
fn rule_scoped_base(
    graph: &Graph,
    id: EntityId,
    scope: Option<EntityId>,
    all_claims: bool,
) -> bool {
    scope.is_none()
        || graph.claims().any(|(c, claim)| {
            claim.fact.entities().contains(&id) && rule_admits(graph, c, scope, all_claims)
        })
}

/// A count's split: a member of the whole that the filters left out is *no* when one of those
/// filters, negated over the member as a settled row (its own truth in the whole does not
/// weigh), keeps it as certainly in; otherwise *no record*. A weak denial leaves it *possibly*
/// there, hence *no record* in the split (README, "Aggregates").
fn rule_split_settles(negated_over_settled: Option<&Row>) -> bool {
    negated_over_settled.is_some_and(|row| row.truth == Truth::Yes && !row.no_record)
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
    all_claims: bool,
    life_bounds: bool,
}

/// Runs `plan` over `graph` by scanning.
pub fn run(graph: &Graph, plan: &Plan) -> Outcome {
    let graph = rule_graph(graph, plan);
    let r = Reference {
        graph,
        scope: plan.scope,
        all_claims: plan.all_claims,
        life_bounds: rule_life_bounds_on(graph, plan),
    };
    let mut split = None;
    let set = match &plan.output {
        Output::Count {
            set: part_op,
            whole: Some(whole_op),
        } => {
            let part = r.op(part_op);
            split = Some(r.split(part_op, whole_op, &part, &r.op(whole_op)));
            part
        }
        Output::Rows(op) | Output::Count { set: op, .. } | Output::CountByYear(op) => r.op(op),
        Output::Share {
            part: part_op,
            whole: whole_op,
        } => {
            let whole = r.op(whole_op);
            let part = r
                .op(part_op)
                .into_iter()
                .filter(|(id, _)| whole.contains_key(id))
                .collect();
            split = Some(r.split(part_op, whole_op, &part, &whole));
            part
        }
        Output::Values {
            input,
            relation,
            window,
        } => {
            let values = r.values(&r.op(input), *relation, window.as_ref());
            return Outcome {
                rows: BTreeMap::new(),
                values,
                split: None,
            };
        }
        // Conflicts and checks answer no entity rows.
        Output::Conflicts { .. } | Output::Check { .. } => Set::new(),
        // The outputs of the language's second round (issue 7) are not modelled yet, and
        // `arb::query` does not generate them: reaching this is a test bug, said loudly.
        other => panic!("the reference does not model the output {other:?}"),
    };
    Outcome {
        rows: set
            .into_iter()
            .map(|(id, row)| (id, rule_status(row)))
            .collect(),
        values: BTreeMap::new(),
        split,
    }
}

/// Whether a value claim's date (`at`) falls in the query's window: by its date, or possibly
/// when it has none.
fn rule_value_in_window(at: Option<&Date>, window: Option<&Date>) -> Truth {
    match (window, at) {
        (None, _) => Truth::Yes,
        (Some(w), Some(at)) => at.is_within(w),
        (Some(_), None) => Truth::Possibly,
    }
}

fn yes() -> Row {
    Row {
        truth: Truth::Yes,
        no_record: false,
    }
}

impl Reference<'_> {
    fn admits(&self, claim: ClaimId) -> bool {
        rule_admits(self.graph, claim, self.scope, self.all_claims)
    }

    fn strength(&self, claim: ClaimId) -> Truth {
        rule_strength(self.graph.claim(claim), self.all_claims)
    }

    /// The entities that pass `keep`, as settled rows, as far as the scope names them.
    fn base(&self, keep: impl Fn(&annals::model::Entity) -> bool) -> Set {
        self.graph
            .entities()
            .filter(|(id, e)| {
                keep(e) && rule_scoped_base(self.graph, *id, self.scope, self.all_claims)
            })
            .map(|(id, _)| (id, yes()))
            .collect()
    }

    /// Every admitted claim, by scanning.
    fn claims(&self) -> impl Iterator<Item = (ClaimId, &Claim)> + '_ {
        self.graph.claims().filter(|(id, _)| self.admits(*id))
    }

    fn op(&self, op: &Op) -> Set {
        let graph = self.graph;
        let schema = graph.schema();
        match op {
            Op::Entity(id) => Set::from([(*id, yes())]),
            Op::Kind(kind) => self.base(|e| e.kind == *kind),
            Op::Events(ek) => self.base(|e| e.event_kind == Some(*ek)),
            Op::Everything => {
                self.base(|e| e.kind != schema.source_kind() && e.kind != schema.event_kind())
            }
            Op::Walk {
                input,
                relation,
                inverse,
                window,
            } => {
                let input = self.op(input);
                let mut out = Set::new();
                for (id, claim) in self.claims() {
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
                    reach(&mut out, to, row.truth.and(held).and(self.strength(id)));
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
                for (id, claim) in self.claims() {
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
                            reach(&mut out, to, row.truth.and(self.strength(id)));
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
                self.underwent_over(input, *kind, window.as_ref(), *negated)
            }
            Op::Dated {
                input,
                window,
                negated,
            } => self.dated_over(self.op(input), window, *negated),
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
            // The operations of the language's second round (issue 7: `Took`, `EventsWhere`,
            // `Alive`, `With`, `Reach`, co-participants, `each`) are not modelled yet, and
            // `arb::query` does not generate them.
            other => panic!("the reference does not model the operation {other:?}"),
        }
    }

    /// How a count's or a share's whole splits beyond its part (see [`rule_split_settles`]):
    /// each filter between them, negated, over each member left out, by itself. `part` and
    /// `whole` are the rows of `part_op` and `whole_op` (the part's within the whole).
    fn split(&self, part_op: &Op, whole_op: &Op, part: &Set, whole: &Set) -> (usize, usize, usize) {
        let mut filters = Vec::new();
        let mut op = part_op;
        while op != whole_op {
            match op {
                Op::Underwent { input, .. } | Op::Dated { input, .. } => {
                    filters.push(op);
                    op = input;
                }
                // The filters that end the part, up to any other step (a part that is `A and
                // B` is no filter of its whole: nothing settles its members *no*).
                _ => break,
            }
        }
        let mut no = 0;
        let mut missing = 0;
        for id in whole.keys().filter(|id| !part.contains_key(id)) {
            missing += 1;
            let settled = filters.iter().any(|filter| {
                let one = Set::from([(*id, yes())]);
                let negated = match filter {
                    Op::Underwent {
                        kind,
                        window,
                        negated,
                        ..
                    } => self.underwent_over(one, *kind, window.as_ref(), !negated),
                    Op::Dated {
                        window, negated, ..
                    } => self.dated_over(one, window, !negated),
                    _ => unreachable!("only filters are gathered"),
                };
                rule_split_settles(negated.get(id))
            });
            no += usize::from(settled);
        }
        (no, missing - no, whole.len())
    }

    /// `underwent` (`not` if `negated`) over the rows of `input`.
    fn underwent_over(
        &self,
        input: Set,
        kind: EventKindId,
        window: Option<&Date>,
        negated: bool,
    ) -> Set {
        let mut out = Set::new();
        for (id, row) in input {
            let found = self.underwent(id, kind, window);
            if !negated {
                if let Some(f) = found
                    && f.truth != Truth::No
                {
                    out.insert(
                        id,
                        Row {
                            truth: row.truth.and(f.truth),
                            ..row
                        },
                    );
                }
            } else if rule_negation_without_proof(found) {
                out.insert(
                    id,
                    Row {
                        no_record: true,
                        ..row
                    },
                );
            } else if let Some(f) = found {
                let truth = row.truth.and(f.truth.not());
                if truth != Truth::No {
                    out.insert(id, Row { truth, ..row });
                }
            }
        }
        out
    }

    /// `dated` (`not` if `negated`) over the rows of `input`.
    fn dated_over(&self, input: Set, window: &Date, negated: bool) -> Set {
        let mut out = Set::new();
        for (id, row) in input {
            let dated = self.event_within(id, Some(window));
            let dated = if negated { dated.not() } else { dated };
            let truth = row.truth.and(dated);
            if truth != Truth::No {
                out.insert(id, Row { truth, ..row });
            }
        }
        out
    }

    /// The value claims of `relation` about the members of `input`, with their statuses.
    fn values(
        &self,
        input: &Set,
        relation: RelationId,
        window: Option<&Date>,
    ) -> BTreeMap<(String, ClaimId), Status> {
        let mut out = BTreeMap::new();
        for (id, claim) in self.claims() {
            let Fact::Value {
                subject,
                relation: r,
                at,
                ..
            } = &claim.fact
            else {
                continue;
            };
            let Some(row) = input.get(subject) else {
                continue;
            };
            if *r != relation {
                continue;
            }
            let truth = row
                .truth
                .and(rule_value_in_window(at.as_ref(), window))
                .and(self.strength(id));
            if truth != Truth::No {
                let slug = self.graph.entity(*subject).slug.to_string();
                out.insert(
                    (slug, id),
                    rule_status(Row {
                        truth,
                        no_record: false,
                    }),
                );
            }
        }
        out
    }

    /// Everyone who is the patient of an event of `kind`, by scanning participations (of any
    /// rank or scope: the filter that follows weighs them).
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

    /// Whether `entity` underwent an event of `kind` within `window`, weighed against denials
    /// and life bounds; `None` when no claim says either.
    fn underwent(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
    ) -> Option<Found> {
        let def = self.graph.schema().event_kind_def(kind);
        let once = def.ends_life || def.starts_life;
        let mut best: Option<Found> = None;
        let mut denials = Vec::new();
        for (id, claim) in self.claims() {
            match &claim.fact {
                Fact::Participation {
                    event,
                    role,
                    participant,
                } if *participant == entity
                    && *role == def.patient
                    && self.graph.entity(*event).event_kind == Some(kind) =>
                {
                    let dated = self.event_within(*event, window);
                    let truth = if dated == Truth::No {
                        Truth::No
                    } else {
                        dated.and(self.strength(id))
                    };
                    if best.is_none_or(|b| truth > b.truth) {
                        best = Some(Found {
                            truth,
                            conclusive: once,
                        });
                    }
                }
                Fact::Never {
                    subject,
                    event_kind,
                    during,
                } if *subject == entity
                    && *event_kind == kind
                    && rule_denial_applies(during.as_ref(), window) =>
                {
                    denials.push(self.strength(id));
                }
                _ => {}
            }
        }
        if self.life_bounds
            && !def.posthumous
            && best.is_none_or(|b| b.truth == Truth::No)
            && let Some(window) = window
            && self.died_before(entity, window)
        {
            best = Some(Found {
                truth: Truth::No,
                conclusive: true,
            });
        }
        rule_weigh_denials(best, &denials)
    }

    /// Whether the end of `entity`'s life (the latest life-ending event it is the patient of,
    /// by its latest deciding date, the participation not deprecated) is certainly before
    /// `window`, and both claims count.
    fn died_before(&self, entity: EntityId, window: &Date) -> bool {
        let schema = self.graph.schema();
        let mut end: Option<(ClaimId, ClaimId, Date)> = None;
        for (id, claim) in self.graph.claims() {
            let Fact::Participation {
                event,
                role,
                participant,
            } = &claim.fact
            else {
                continue;
            };
            let Some(kind) = self.graph.entity(*event).event_kind else {
                continue;
            };
            let def = schema.event_kind_def(kind);
            if *participant != entity
                || !def.ends_life
                || *role != def.patient
                || claim.rank == Rank::Deprecated
            {
                continue;
            }
            // The event's deciding date that ends latest (the first such claim at a tie).
            let latest = rule_deciding_dates(self.graph, *event, false)
                .into_iter()
                .rev()
                .max_by_key(|(_, d)| d.sort_key().1);
            if let Some((date_claim, date)) = latest
                && end
                    .as_ref()
                    .is_none_or(|(_, _, e)| date.sort_key().1 > e.sort_key().1)
            {
                end = Some((id, date_claim, date));
            }
        }
        match end {
            Some((participation, date_claim, date)) => {
                self.admits(participation)
                    && self.admits(date_claim)
                    && date.is_before(window) == Truth::Yes
            }
            None => false,
        }
    }

    fn event_within(&self, event: EntityId, window: Option<&Date>) -> Truth {
        let dates: Vec<(ClaimId, Date)> = rule_deciding_dates(self.graph, event, self.all_claims)
            .into_iter()
            .filter(|(id, _)| self.admits(*id))
            .collect();
        rule_combine_dates(self.graph, &dates, window, self.all_claims)
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
