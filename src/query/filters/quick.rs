//! The filters' fast path: an `underwent` with no `by` or place decided from the events index
//! (`crate::store::Events`) without reading a claim, where the index gives the answer the claims
//! give, and the rows filters run over (a full `Row`, or a `BareRow` for counts).

use super::{Match, Op};
use crate::model::date::Within;
use crate::model::{ClaimId, Date, EntityId, EventKindId, Truth};
use crate::query::eval::{Aside, Claims, Eval, RowMut};
use crate::store::{ClaimBits, EventDate, Events, Undergone};

impl Eval<'_> {
    /// [`Eval::underwent_where`] with no condition (no `by`, no place), decided from the
    /// events index without reading a claim, or `None` when it cannot be, and the caller asks
    /// `underwent_where`. `within` is `window` read once ([`Within::new`]).
    ///
    /// Where it answers, it is `underwent_where`'s answer, step by step:
    /// - Without `according to` or `as of`, `in_scope` holds for every claim, so `admits` and
    ///   `strength` read only a claim's rank and certainty, which the index keeps.
    /// - The index lists, in the order of `participations`, exactly the participations whose
    ///   role is the patient of their event's kind, which are the ones the loop looks at; with
    ///   no condition, `event_matches` is (yes, no claims) for every event.
    /// - Each event's date is decided as `event_within` decides it (see [`lone_date`]) when
    ///   it has no date claim or a single one that is not deprecated; any other event of the
    ///   kind (`EventDate::Other`) sends the whole question to `underwent_where`.
    /// - The best candidate is chosen as the loop chooses it: the best truth, the first at
    ///   equal truth, with the same evidence (the participation, then the date claim).
    /// - Without the `NEVERS` flag, `nevers` lists nothing, so no denial weighs in; with it,
    ///   `underwent_quick` reads the entity's denials and clears it when none is of `kind`,
    ///   the only ones `underwent_where` keeps. Without
    ///   `MAY_END_LIFE`, `end_of_life` finds no event (it looks only at the patient
    ///   participations of kinds that end a life, which the flag records whatever their
    ///   rank); with it, when the life's end could decide, the question goes to
    ///   `underwent_where`. It cannot for a window open towards the past (`by 1940`,
    ///   `before 1938`): `is_before` says yes only of a date that ends before the window's
    ///   first day, and such a window has none.
    pub(in crate::query) fn underwent_quick(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
        within: Option<Within>,
    ) -> Option<Option<Quick>> {
        if self.scope.is_some() || self.cutoff.is_some() {
            return None;
        }
        let entry = self.graph.undergone(entity)?;
        self.underwent_entry(entity, entry, kind, window, within)
    }

    /// [`Eval::underwent_quick`] from the entity's entry in the events index, as
    /// [`Graph::undergone`](crate::store::Graph::undergone) gives it, for a caller that has
    /// checked that every claim is in scope. Cost: O(1), inline, for an entity with no event
    /// and neither flag (most of a body's members at a million people: no event is found);
    /// else O(events of the entity).
    #[inline(always)]
    fn underwent_entry(
        &self,
        entity: EntityId,
        (undergone, mut flags): (&[Undergone], u8),
        kind: EventKindId,
        window: Option<&Date>,
        within: Option<Within>,
    ) -> Option<Option<Quick>> {
        if undergone.is_empty() && flags & (Events::NEVERS | Events::MAY_END_LIFE) == 0 {
            return Some(None);
        }
        // `underwent_where` weighs only the denials of `kind`: those of other kinds (a rule's
        // "one death excludes the other ends of a life") change nothing here.
        if flags & Events::NEVERS != 0
            && self
                .graph
                .nevers(entity)
                .all(|(_, never_kind, _)| never_kind != kind)
        {
            flags &= !Events::NEVERS;
        }
        self.underwent_indexed(undergone, flags, kind, window, within)
    }

    /// [`Eval::underwent_quick`] from an entity's entry in the events index (its events and
    /// flags, as [`Graph::undergone`](crate::store::Graph::undergone) gives them), for a caller
    /// that has already checked that every claim is in scope (no `according to`, no `as of`)
    /// and read the entry by position. Cost: O(events of the entity).
    pub(in crate::query) fn underwent_indexed(
        &self,
        undergone: &[Undergone],
        flags: u8,
        kind: EventKindId,
        window: Option<&Date>,
        within: Option<Within>,
    ) -> Option<Option<Quick>> {
        self.underwent_inlined(undergone, flags, kind, window, within)
    }

    /// [`Eval::underwent_indexed`], always inlined: for the loop of a grouped count that
    /// decides every entity with an event from the index (Q2 at a million people: 300,858
    /// calls, 0.5 ms less than through a call). Other callers take the call.
    #[inline(always)]
    pub(in crate::query) fn underwent_inlined(
        &self,
        undergone: &[Undergone],
        flags: u8,
        kind: EventKindId,
        window: Option<&Date>,
        within: Option<Within>,
    ) -> Option<Option<Quick>> {
        debug_assert!(self.scope.is_none() && self.cutoff.is_none());
        let graph = self.graph;
        if flags & Events::NEVERS != 0 {
            return None;
        }
        let mut best: Option<(Truth, &Undergone)> = None;
        for event in undergone {
            if event.kind() != kind || !self.admits_bits(event.bits()) {
                continue;
            }
            let dated = match event.date() {
                EventDate::Undated => undated(window),
                EventDate::One { key, weak, .. } => self.lone_date(key, weak, within),
                EventDate::Other => return None,
            };
            // No branch on `dated`: it varies at random from entity to entity.
            let truth = dated.and(self.strength_bits(event.bits()));
            if best.is_none_or(|b| truth > b.0) {
                best = Some((truth, event));
            }
        }
        // The kind's definition only where it is read, and the window's earliest day last:
        // it is computed from the date, not stored.
        if self.life_bounds
            && flags & Events::MAY_END_LIFE != 0
            && best.is_none_or(|b| b.0 == Truth::No)
            && !graph.schema().event_kind_def(kind).posthumous
            && window.is_some_and(|w| w.earliest().is_some())
        {
            return None;
        }
        Some(best.map(|(truth, event)| Quick {
            truth,
            kind,
            participation: event.participation(),
            date_claim: match event.date() {
                EventDate::One { claim, .. } => Some(claim),
                _ => None,
            },
        }))
    }

    /// The [`Match`] `underwent_where` makes of the event `quick` found: the participation
    /// then the date claim as evidence, nothing set aside, and (if `dates`, and the event
    /// does not rule the row out) the date claim's date. A finding of *no* keeps no date:
    /// a filter reads a finding's date only to date a row it keeps (`Eval::filter_row`), and
    /// reading it is a read at a random place in memory at a million people.
    pub(in crate::query) fn quick_match(&self, quick: Quick, dates: bool) -> Match {
        let mut evidence = Claims::new();
        evidence.push(quick.participation);
        evidence.extend(quick.date_claim);
        let date = match quick.date_claim {
            Some(claim) if dates && quick.truth != Truth::No => {
                self.graph.claim_date(claim).cloned()
            }
            _ => None,
        };
        Match {
            truth: quick.truth,
            evidence,
            date,
            conclusive: self.conclusive(quick.kind),
            aside: Aside::new(),
        }
    }

    /// What [`Eval::filter_row`] makes of `row` under an `underwent` with no `by` or place
    /// (`not` if `negated`) whose event [`Eval::underwent_quick`] found (`found`), without the
    /// [`Match`] that [`Eval::quick_match`] would build: the same truth, the same evidence
    /// (the participation, then the date claim), nothing set aside, and, for a row that keeps
    /// dates ([`Filtered::DATES`]) that `underwent` keeps, the date claim's date in place of
    /// the row's (the date is read only then: a read at a random place in memory at a
    /// million people). `false` when the filter drops the row. Cost: O(evidence).
    pub(in crate::query) fn meet_quick<R: Filtered>(
        &self,
        row: &mut R,
        negated: bool,
        found: Option<Quick>,
    ) -> bool {
        // The participation, then the date claim: as a slice of an array, not a chain of
        // iterators.
        let add_evidence = |row: &mut R, q: &Quick| {
            let claims = [q.participation, q.date_claim.unwrap_or(q.participation)];
            let n = 1 + usize::from(q.date_claim.is_some());
            row.add_evidence(claims[..n].iter().copied());
        };
        match (negated, found) {
            (false, Some(q)) if q.truth != Truth::No => {
                row.set_truth(row.truth().and(q.truth));
                add_evidence(row, &q);
                if R::DATES
                    && let Some(claim) = q.date_claim
                {
                    row.or_date(self.graph.claim_date(claim).cloned());
                }
                true
            }
            (false, _) => false,
            (true, None) => {
                row.set_no_record();
                true
            }
            // As `filter_row`: a record outside the window is no proof that nothing
            // happened in it, unless it settles the question.
            (true, Some(q)) if q.truth == Truth::No && !self.conclusive(q.kind) => {
                row.set_no_record();
                add_evidence(row, &q);
                true
            }
            (true, Some(q)) => {
                let truth = row.truth().and(q.truth.not());
                if truth == Truth::No {
                    return false;
                }
                row.set_truth(truth);
                add_evidence(row, &q);
                true
            }
        }
    }

    /// [`Eval::admits`] from a claim's rank alone: what it is without `according to` or `as
    /// of`, where every claim is in scope.
    pub(in crate::query) fn admits_bits(&self, bits: ClaimBits) -> bool {
        self.all_claims || !bits.deprecated()
    }

    /// [`Eval::strength`] from a claim's certainty alone.
    pub(in crate::query) fn strength_bits(&self, bits: ClaimBits) -> Truth {
        if !self.all_claims && bits.weak() {
            Truth::Possibly
        } else {
            Truth::Yes
        }
    }

    /// Whether a *no* about an event of `kind` settles the question (the kind ends or starts
    /// a life: it happens once), as `underwent_where` marks a match `conclusive`. Cost: O(1).
    fn conclusive(&self, kind: EventKindId) -> bool {
        let def = self.graph.schema().event_kind_def(kind);
        def.ends_life || def.starts_life
    }

    /// What [`Eval::event_within`] decides for an event whose one date claim is not
    /// deprecated, with sort key `key`, when every claim is in scope: that claim is then all
    /// of `dates` whether or not the query takes all claims (`deciding_dates` keeps it, a
    /// preferred one or not), so nothing is set aside for another, and its verdict alone is
    /// the truth, made *possibly* if the claim is weak and the query has a window.
    pub(in crate::query) fn lone_date(
        &self,
        key: (i64, i64),
        weak: bool,
        within: Option<Within>,
    ) -> Truth {
        let verdict = within.map_or(Truth::Yes, |w| w.test(key));
        let weak = weak && !self.all_claims;
        if weak && verdict == Truth::Yes && within.is_some() {
            Truth::Possibly
        } else {
            verdict
        }
    }
}

impl Quick {
    /// The truth of what was found.
    pub(in crate::query) fn truth(&self) -> Truth {
        self.truth
    }

    /// The number of its claims as evidence: the participation, and the date claim if it has
    /// one and that is another claim (as [`Eval::meet_quick`] adds them to a row, each once).
    pub(in crate::query) fn claims(&self) -> usize {
        1 + usize::from(
            self.date_claim
                .is_some_and(|date| date != self.participation),
        )
    }
}

/// The best event [`Eval::underwent_quick`] found: its truth, its kind (whether a *no*
/// settles the question is read from it, [`Eval::conclusive`], only where a negated filter
/// asks), and its claims.
#[derive(Clone, Copy, Debug)]
pub(in crate::query) struct Quick {
    truth: Truth,
    kind: EventKindId,
    participation: ClaimId,
    date_claim: Option<ClaimId>,
}

/// A filter read once for the many rows it runs over: its window's keys.
#[derive(Clone, Copy)]
pub(in crate::query) struct Filter {
    pub(in crate::query) within: Option<Within>,
}

impl Filter {
    /// `op` as a filter (`Underwent`, `Took` or `Dated`), or `None` for any other step.
    pub(in crate::query) fn of(op: &Op) -> Option<Filter> {
        let window = match op {
            Op::Underwent { window, .. } | Op::Took { window, .. } => window.as_ref(),
            Op::Dated { window, .. } => Some(window),
            _ => return None,
        };
        Some(Filter {
            within: window.map(Within::new),
        })
    }
}

/// An `underwent` filter with no `by` or place, read once for a walk it runs over, so that
/// the walk leaves out the entities the filter certainly drops before it makes their rows
/// ([`Eval::sieve`], [`Eval::passes`]), and meets the rows it makes with what it found for
/// their entities instead of asking the index again ([`Sieve::take`]).
///
/// *Invariant*: `found` holds what the quick path found for every entity it kept (one entry
/// per hit, so an entity reached along several paths has several equal entries), in the
/// order the hits came; [`Sieve::settle`] sorts them by entity once the walk is done.
pub(in crate::query) struct Sieve<'a> {
    kind: EventKindId,
    window: Option<&'a Date>,
    within: Option<Within>,
    negated: bool,
    found: Vec<(EntityId, Option<Quick>)>,
    /// Whether `found` came in entity order (a walk from one entity mostly does).
    sorted: bool,
    /// Where [`Sieve::take`] looks next in `found`.
    next: usize,
}

/// What a [`Sieve`] found for an entity it kept: [`Eval::underwent_quick`]'s finding, to be
/// met with the entity's row ([`Eval::meet_sieved`]).
#[derive(Clone, Copy)]
pub(in crate::query) struct Sieved {
    negated: bool,
    found: Option<Quick>,
}

impl Eval<'_> {
    /// `op` as a [`Sieve`]: an `underwent` (or a `took` with no `by` and no place) with its
    /// [`Filter`] `filter`, in a query with no `according to` and no `as of`, where
    /// [`Eval::underwent_quick`] may answer; `None` for any other filter. Cost: O(1).
    pub(in crate::query) fn sieve<'o>(&self, op: &'o Op, filter: Filter) -> Option<Sieve<'o>> {
        if self.scope.is_some() || self.cutoff.is_some() {
            return None;
        }
        let (kind, window, negated) = match op {
            Op::Underwent {
                kind,
                window,
                negated,
                ..
            } => (kind, window, negated),
            Op::Took {
                kind,
                window,
                negated,
                by,
                places,
                ..
            } if by.is_empty() && places.is_empty() => (kind, window, negated),
            _ => return None,
        };
        Some(Sieve {
            kind: *kind,
            window: window.as_ref(),
            within: filter.within,
            negated: *negated,
            found: Vec::new(),
            sorted: true,
            next: 0,
        })
    }

    /// Whether the row of `entity` may pass the filter `sieve` is made of: `false` only when
    /// [`Eval::underwent_quick`] answers for the entity and its finding rules the row out
    /// whatever the row is, as [`Eval::filter_row`] would rule it out. That finding depends on
    /// the entity alone, and the row's own truth never decides: a row is never *no*, and
    /// `underwent` meets it with a finding of *yes* or *possibly* (never *no*), `not
    /// underwent` drops it exactly when the finding is *yes*. `true` where the quick path
    /// declines (a denial of the kind, several date claims, a life's end that may decide):
    /// the row is then made and filtered as any other. What it found for an entity it keeps
    /// is kept in the sieve. Cost: as `underwent_quick`, O(events of the entity).
    // Always inlined: a walk asks it of every entity it reaches (Q1), and with a second
    // caller (`Eval::filter_kind`) it was no longer inlined there, which made Q1 6-8% slower.
    #[inline(always)]
    pub(in crate::query) fn passes(&self, sieve: &mut Sieve<'_>, entity: EntityId) -> bool {
        // By position: the walk reached the entity in this graph, whose index it is (the
        // lineage check of `Graph::undergone` is left out). `Sieve` is made only where every
        // claim is in scope.
        debug_assert!(self.graph.owns_entity(entity));
        let found = self
            .graph
            .events_index()
            .undergone(entity.index())
            .and_then(|entry| {
                self.underwent_entry(entity, entry, sieve.kind, sieve.window, sieve.within)
            });
        let Some(found) = found else {
            return true;
        };
        let kept = if sieve.negated {
            found.is_none_or(|q| q.truth != Truth::Yes)
        } else {
            found.is_some_and(|q| q.truth != Truth::No)
        };
        if kept {
            if sieve.found.last().is_some_and(|(last, _)| *last > entity) {
                sieve.sorted = false;
            }
            sieve.found.push((entity, found));
        }
        kept
    }

    /// [`Eval::filter_row`] for a row whose entity a sieve kept, from what it found
    /// ([`Sieve::take`]), in place: the same row as `filter_row` makes of it, and `false`
    /// where `filter_row` drops it ([`Eval::meet_quick`]). Cost: O(evidence), and one read of
    /// the date claim's date.
    pub(in crate::query) fn meet_sieved(&self, row: &mut RowMut<'_>, sieved: Sieved) -> bool {
        self.meet_quick(row, sieved.negated, sieved.found)
    }
}

impl Sieve<'_> {
    /// Room for what the sieve finds of `entities` more entities it keeps.
    pub(in crate::query) fn reserve(&mut self, entities: usize) {
        self.found.reserve(entities);
    }

    /// Sorts what the sieve found by entity, once every hit is decided, for
    /// [`Sieve::take`]. Cost: O(1) when the hits came in entity order, else O(k log k).
    pub(in crate::query) fn settle(&mut self) {
        if !self.sorted {
            self.found.sort_unstable_by_key(|(entity, _)| *entity);
            self.sorted = true;
        }
        self.next = 0;
    }

    /// What the sieve found for `entity`, if it found anything (`None` where the quick path
    /// declined), for entities asked in increasing order after [`Sieve::settle`]. Cost:
    /// O(1) amortized over the entities asked.
    pub(in crate::query) fn take(&mut self, entity: EntityId) -> Option<Sieved> {
        while let Some((at, found)) = self.found.get(self.next) {
            if *at > entity {
                return None;
            }
            self.next += 1;
            if *at == entity {
                return Some(Sieved {
                    negated: self.negated,
                    found: *found,
                });
            }
        }
        None
    }
}

/// What [`Eval::event_within`] decides for an event with no date claim: with no claims there
/// are no verdicts, so *yes* without a window (it happened, whenever) and *possibly* within
/// one; nothing decides and nothing is set aside.
pub(super) fn undated(window: Option<&Date>) -> Truth {
    if window.is_none() {
        Truth::Yes
    } else {
        Truth::Possibly
    }
}

/// What a filter reads and writes of a row ([`Eval::filter_row`]): a [`Row`], or a
/// [`BareRow`] where only truths and the number of claims matter.
pub(in crate::query) trait Filtered {
    /// Whether the row keeps the date its filters matched.
    const DATES: bool;
    fn truth(&self) -> Truth;
    fn set_truth(&mut self, truth: Truth);
    fn set_no_record(&mut self);
    /// Adds evidence, each claim once.
    fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>);
    fn add_aside(&mut self, claims: Aside);
    /// The filter's date, if it has one, in place of the row's.
    fn or_date(&mut self, date: Option<Date>);
}

impl Filtered for RowMut<'_> {
    const DATES: bool = true;
    fn truth(&self) -> Truth {
        self.truth
    }
    fn set_truth(&mut self, truth: Truth) {
        self.truth = truth;
    }
    fn set_no_record(&mut self) {
        self.no_record = true;
    }
    fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        RowMut::add_evidence(self, claims);
    }
    fn add_aside(&mut self, claims: Aside) {
        crate::query::eval::Row::add_aside(self, claims);
    }
    fn or_date(&mut self, date: Option<Date>) {
        self.date = date.or(self.date.take());
    }
}

/// A row lent to a filter: the row it lends to.
impl<R: Filtered> Filtered for &mut R {
    const DATES: bool = R::DATES;
    fn truth(&self) -> Truth {
        R::truth(self)
    }
    fn set_truth(&mut self, truth: Truth) {
        R::set_truth(self, truth);
    }
    fn set_no_record(&mut self) {
        R::set_no_record(self);
    }
    fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        R::add_evidence(self, claims);
    }
    fn add_aside(&mut self, claims: Aside) {
        R::add_aside(self, claims);
    }
    fn or_date(&mut self, date: Option<Date>) {
        R::or_date(self, date);
    }
}

/// A row as a count sees it: its truth, whether it has no record, and its evidence (each
/// claim once, as [`RowMut::add_evidence`] keeps it) for what it costs the budget; no dates, no
/// claims set aside.
#[derive(Clone, Debug)]
pub(in crate::query) struct BareRow {
    pub(in crate::query) truth: Truth,
    pub(in crate::query) no_record: bool,
    pub(in crate::query) evidence: Claims,
}

impl BareRow {
    /// A settled row with no evidence, as [`Row::yes`].
    pub(in crate::query) fn yes() -> BareRow {
        BareRow {
            truth: Truth::Yes,
            no_record: false,
            evidence: Claims::new(),
        }
    }
}

impl Filtered for BareRow {
    const DATES: bool = false;
    fn truth(&self) -> Truth {
        self.truth
    }
    fn set_truth(&mut self, truth: Truth) {
        self.truth = truth;
    }
    fn set_no_record(&mut self) {
        self.no_record = true;
    }
    fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        crate::query::set::add_distinct(&mut self.evidence, claims);
    }
    fn add_aside(&mut self, _: Aside) {}
    fn or_date(&mut self, _: Option<Date>) {}
}
