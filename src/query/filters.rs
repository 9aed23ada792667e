//! Filters: whether each row underwent an event (in a window, by someone, somewhere), an
//! event's date claims read together, and how a count's whole splits into yes, possibly, no
//! and no record.

mod quick;

pub(super) use quick::{BareRow, Filter, Filtered, Sieve, Sieved};

use super::answer::Split;
use super::eval::{Aside, Claims, Eval, Row, Set};
use super::plan::Op;
use crate::model::date::Within;
use crate::model::{ClaimId, Date, EntityId, EventKindId, Truth};
use crate::store::FactRef;
use quick::undated;
use smallvec::SmallVec;

impl Eval<'_> {
    /// How the whole splits beyond the part: members that a negated filter settles as *not*
    /// are *no*; the others left out are *no record*.
    pub(super) fn split(&self, part_op: &Op, whole_op: &Op, whole: &Set, part: &Set) -> Split {
        self.split_rows(part_op, whole_op, whole, part).0
    }

    /// `part_op` evaluated, as [`Eval::op`] would, from `whole` (`whole_op` evaluated) when
    /// `part_op` is filters over `whole_op`, as a count's or a share's part is over its whole:
    /// the whole is then walked once, not twice. Cost: the filters over a copy of `whole`;
    /// otherwise `self.op(part_op)`.
    pub(super) fn within(&self, part_op: &Op, whole_op: &Op, whole: &Set) -> Set {
        // What the filters find for the members they leave out is kept for the split, in a
        // table sized once for the whole.
        *self.memo.borrow_mut() = Some(Memo::with_capacity_and_hasher(
            whole.len().min(MEMO),
            Default::default(),
        ));
        let mut filters = Vec::new();
        let mut op = part_op;
        while op != whole_op {
            match op {
                Op::Underwent { input, .. } | Op::Took { input, .. } | Op::Dated { input, .. } => {
                    filters.push(op);
                    op = input;
                }
                _ => return self.op(part_op),
            }
        }
        // From everything, `Eval::step` starts at the events instead.
        if filters.is_empty() || matches!(whole_op, Op::Everything) {
            return self.op(part_op);
        }
        let mut set = whole.clone();
        for filter in filters.iter().rev() {
            if self.budget.exceeded() {
                return Set::new();
            }
            set = self.filter(filter, set);
            // Charged as `Eval::op` charges a step.
            let touched = set.values().map(|row| 1 + row.evidence.len()).sum();
            if !self.budget.charge(touched) {
                return Set::new();
            }
        }
        set
    }

    /// The same evaluation over every source's claims: `check` selects the figures it checks
    /// by `according to`, but sets them beside all the records (those published by then, `as
    /// of` a date).
    pub(super) fn unscoped(&self) -> Eval<'_> {
        Eval {
            graph: self.graph,
            scope: None,
            all_claims: self.all_claims,
            life_bounds: self.life_bounds,
            budget: self.budget,
            cutoff: self.cutoff,
            memo: Default::default(),
        }
    }

    /// A count over the records split four ways, with the rows settled *no*.
    pub(super) fn records(&self, part_op: &Op, whole_op: &Op) -> Records {
        let part = self.op(part_op);
        let whole = self.op(whole_op);
        let (split, no_rows) = self.split_rows(part_op, whole_op, &whole, &part);
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

    /// [`Eval::split`], with the rows settled *no*. `whole` and `part` are `whole_op` and
    /// `part_op` evaluated (the caller has them already).
    pub(super) fn split_rows(
        &self,
        part_op: &Op,
        whole_op: &Op,
        whole: &Set,
        part: &Set,
    ) -> (Split, Set) {
        // What the filters say of each member left out, whatever its place in the whole.
        let missing: Set = whole
            .keys()
            .filter(|id| !part.contains_key(id))
            .map(|id| (*id, Row::yes()))
            .collect();
        let mut no = Set::new();
        // The filters between the whole and the part, each negated over the missing members
        // (from what `within` found for them, where it kept it in the memo).
        let mut op = part_op;
        while op != whole_op {
            let (Op::Underwent { input, .. } | Op::Took { input, .. } | Op::Dated { input, .. }) =
                op
            else {
                break;
            };
            let Some(filter) = Filter::of(op) else {
                break;
            };
            let mut settled = Set::new();
            for (id, row) in &missing {
                if let Some(row) = self.filter_row_as(op, true, filter, *id, row.clone()) {
                    settled.insert(*id, row);
                }
            }
            settled.retain(|_, row| row.truth == Truth::Yes && !row.no_record);
            // A member settled by an earlier filter keeps that filter's row.
            no = no.or(settled, |_, _| {});
            op = input;
        }
        *self.memo.borrow_mut() = None;
        let split = Split {
            whole: whole.len(),
            no: no.len(),
            no_record: missing.len() - no.len(),
        };
        (split, no)
    }

    /// Runs a filter (`Underwent` or `Dated`) over a given input set instead of its own.
    pub(super) fn filter(&self, op: &Op, input: Set) -> Set {
        let Some(within) = Filter::of(op) else {
            return self.op(op);
        };
        let mut out = Set::new();
        for (id, row) in input {
            if let Some(row) = self.filter_row(op, within, id, row) {
                out.insert(id, row);
            }
        }
        out
    }

    /// What filter `op` makes of one row: the row with its truth met with the filter's (and
    /// the claims that show it), or `None` when the filter rules it out. `filter` is `op`'s
    /// [`Filter`]. The row is a [`Row`], or a [`BareRow`] that keeps only what a count reads
    /// (no dates: the claim that dates an event is then not read), through the same steps.
    pub(super) fn filter_row<R: Filtered>(
        &self,
        op: &Op,
        filter: Filter,
        id: EntityId,
        row: R,
    ) -> Option<R> {
        self.filter_row_as(op, false, filter, id, row)
    }

    /// [`Eval::filter_row`], with the filter negated if `flip` (a count's split asks each
    /// filter the other way round). An `underwent` filter's finding for a full row is taken
    /// from [`Eval::memo`] where `within` left it, and left there when it rules the row out.
    fn filter_row_as<R: Filtered>(
        &self,
        op: &Op,
        flip: bool,
        filter: Filter,
        id: EntityId,
        mut row: R,
    ) -> Option<R> {
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
                let negated = *negated != flip;
                // The memo holds findings for full rows only, keyed by the filter's node.
                let key = (op as *const Op as usize, id);
                // A count's `BareRow`s (the grouped count's hot loop) never touch the memo.
                let remembered = if R::DATES {
                    self.memo
                        .borrow_mut()
                        .as_mut()
                        .and_then(|memo| memo.remove(&key))
                } else {
                    None
                };
                // What leaves a row out of `underwent` is what the split will ask.
                let remember = |found: &Option<Match>| {
                    if R::DATES
                        && !negated
                        && found.as_ref().is_none_or(|m| m.truth == Truth::No)
                        && let Some(memo) = self.memo.borrow_mut().as_mut()
                        && memo.len() < MEMO
                    {
                        memo.insert(key, found.clone());
                    }
                };
                let found = match remembered {
                    Some(found) => found,
                    None => {
                        let quick = match (by, places) {
                            ([], []) => {
                                self.underwent_quick(id, *kind, window.as_ref(), filter.within)
                            }
                            _ => None,
                        };
                        if let Some(quick) = quick {
                            // Met directly, as the `Match` below would meet it, with no
                            // `Match` made but for the memo.
                            if self.meet_quick(&mut row, negated, quick) {
                                return Some(row);
                            }
                            remember(&quick.map(|q| self.quick_match(q, false)));
                            return None;
                        }
                        let condition = |event| self.event_matches(event, Some(id), by, places);
                        let found = self.underwent_where(id, *kind, window.as_ref(), &condition);
                        remember(&found);
                        found
                    }
                };
                match (negated, found) {
                    (false, Some(m)) if m.truth != Truth::No => {
                        row.set_truth(row.truth().and(m.truth));
                        row.add_evidence(m.evidence);
                        row.add_aside(m.aside);
                        row.or_date(m.date);
                        Some(row)
                    }
                    (false, _) => None,
                    (true, None) => {
                        row.set_no_record();
                        Some(row)
                    }
                    // A record outside the window is no proof that nothing happened in
                    // it, unless it settles the question (a denial, a life's one end).
                    (true, Some(m)) if m.truth == Truth::No && !m.conclusive => {
                        row.set_no_record();
                        row.add_evidence(m.evidence);
                        Some(row)
                    }
                    (true, Some(m)) => {
                        let truth = row.truth().and(m.truth.not());
                        (truth != Truth::No).then(|| {
                            row.set_truth(truth);
                            row.add_evidence(m.evidence);
                            row
                        })
                    }
                }
            }
            Op::Dated {
                window, negated, ..
            } => {
                let dated = self.event_within(id, Some(window));
                let truth = if *negated != flip {
                    dated.truth.not()
                } else {
                    dated.truth
                };
                let truth = row.truth().and(truth);
                (truth != Truth::No).then(|| {
                    row.set_truth(truth);
                    row.add_evidence(dated.claims);
                    row.add_aside(dated.aside);
                    row.or_date(dated.date);
                    row
                })
            }
            _ => None,
        }
    }

    /// Whether a link held within `window`: by its own `during`, or else possibly while the
    /// object existed.
    pub(super) fn link_held(&self, claim: ClaimId, window: &Date) -> Truth {
        let FactRef::Link { object, during, .. } = self.graph.claim_ref(claim).fact() else {
            return Truth::No;
        };
        match during {
            Some(during) => during.overlaps(window),
            None => match &self.graph.entity_ref(object).period {
                Some(period) => period.overlaps(window).and(Truth::Possibly),
                None => Truth::Possibly,
            },
        }
    }

    /// Everyone who is the patient of some event of `kind`.
    pub(super) fn patients(&self, kind: EventKindId) -> Set {
        let patient = &self.graph.schema().event_kind_def(kind).patient;
        let mut out = Vec::new();
        for event in self.graph.events_of_kind(kind) {
            for (_, role, who) in self.graph.participants(event) {
                if role == patient {
                    out.push(who);
                }
            }
        }
        Set::of_ids(out)
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
            if graph.event_kind_of(event) != Some(kind) || role != patient || !self.admits(claim) {
                continue;
            }
            let (meets, shown) = condition(event);
            if meets == Truth::No {
                continue;
            }
            let dated = self.event_within(event, window);
            let mut evidence = Claims::new();
            evidence.push(claim);
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
                aside: Aside::new(),
            });
        }
        // A source's explicit "was not" weighs against the events: with a settled event it
        // is a disagreement (possibly), otherwise it settles the question as no.
        let denials: Claims = graph
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
                aside: Aside::new(),
            },
        })
    }

    /// Whether an event happened within `window`, by its date claims taken together: *yes*
    /// when some claim says yes and none says no (a vaguer date that leaves it open does not
    /// undo a precise one), *no* likewise, *possibly* when claims disagree or none settles it.
    /// An undated event possibly happened in any window. Returns the claims that decided, the
    /// first of them with its date.
    pub(super) fn event_within(&self, event: EntityId, window: Option<&Date>) -> DateMatch {
        // Most events have one date claim or none: decided here as the general case below
        // decides them, without gathering lists (see `lone_date` and `undated`).
        let mut all = self.graph.dates_of(event);
        match (all.next(), all.next()) {
            (None, _) => {
                return DateMatch {
                    truth: undated(window),
                    claims: Claims::new(),
                    date: None,
                    aside: Aside::new(),
                };
            }
            (Some((claim, date)), None)
                if self.scope.is_none()
                    && self.cutoff.is_none()
                    && !self.bits(claim).deprecated() =>
            {
                let weak = self.bits(claim).weak();
                let within = window.map(Within::new);
                let mut claims = Claims::new();
                claims.push(claim);
                return DateMatch {
                    truth: self.lone_date(date.sort_key(), weak, within),
                    claims,
                    date: Some(date.clone()),
                    aside: Aside::new(),
                };
            }
            _ => {}
        }
        // An event has a few date claims: the lists below stay inline, not on the heap.
        let mut dates: SmallVec<[(ClaimId, &Date); 4]> = if self.all_claims {
            self.graph.dates_of(event).collect()
        } else {
            crate::reason::deciding_dates(self.graph, event)
        };
        dates.retain(|(c, _)| self.admits(*c));
        // Recorded dates decide where there are any; asserted or probable ones over weak ones.
        let recorded = dates
            .iter()
            .any(|(c, _)| self.graph.derivation(*c).is_none());
        let strong = dates
            .iter()
            .any(|(c, _)| self.strength(*c) == Truth::Yes && self.graph.derivation(*c).is_none());
        let mut verdicts: SmallVec<[(Truth, ClaimId, &Date); 4]> = SmallVec::new();
        let mut aside: Aside = self
            .graph
            .dates_of(event)
            .map(|(c, _)| c)
            .filter(|c| !dates.iter().any(|(d, _)| d == c) && self.in_scope(*c))
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
        let mut deciding = verdicts
            .iter()
            .filter(|(v, _, _)| truth == Truth::Possibly || *v == truth);
        let first = deciding.next();
        DateMatch {
            truth,
            claims: first
                .into_iter()
                .chain(deciding)
                .map(|(_, c, _)| *c)
                .collect(),
            date: first.map(|(_, _, d)| (*d).clone()),
            aside,
        }
    }
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
    pub(super) claims: Claims,
    pub(super) date: Option<Date>,
    /// Date claims in scope that did not decide.
    pub(super) aside: Aside,
}

/// What `underwent` filters found for the rows they left out, by filter node and entity.
pub(super) type Memo = rustc_hash::FxHashMap<(usize, EntityId), Option<Match>>;

/// At most this many findings are kept in a [`Memo`]; past it the split looks again.
const MEMO: usize = 65_536;

/// The best event found by [`Eval::underwent_where`].
#[derive(Clone)]
pub(super) struct Match {
    truth: Truth,
    evidence: Claims,
    date: Option<Date>,
    /// Whether a *no* settles the question (a denial, a life's one end, a death before the
    /// window) rather than only failing to show it.
    conclusive: bool,
    /// Claims about the same event that did not decide.
    aside: Aside,
}
