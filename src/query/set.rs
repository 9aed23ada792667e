//! The sets evaluation computes with: [`Set`], rows of entities kept in a vector sorted by
//! entity id, and [`Row`], one entity's state while a set is computed. A set's rows keep
//! their evidence in one buffer the set owns ([`Evidence`]), each row a [`Span`] of it, so
//! that making, moving and dropping a row allocates nothing of its own.
//!
//! *Architecture invariant*: a `Set`'s rows are sorted by [`EntityId`], each id once, and a
//! `Row`'s evidence holds each claim once, in the order it was met. Sets are built unsorted
//! where the ids come in any order ([`Reached`]) and sorted once; `and`, `or` and `except`
//! are merge-joins; a lookup is a binary search. A row passed on its own, from one step to
//! the next ([`Set::for_each`], [`Reached::for_each`]), comes with its evidence as a slice;
//! its own span is not read, and [`Set::keep`] writes it anew.

use std::ops::{Deref, DerefMut};

use super::evidence::{Evidence, Span};
use crate::model::{ClaimId, Date, EntityId, Truth};

/// The state of one row while a set is computed.
#[derive(Clone, Debug)]
pub(super) struct Row {
    pub(super) truth: Truth,
    pub(super) no_record: bool,
    /// The claims it rests on, each once, in the order they were met: a span of its set's
    /// buffer ([`Set::evidence`]).
    pub(super) evidence: Span,
    /// Claims about the same thing that did not decide (weaker, lower-ranked or inferred where
    /// a record exists), shown in `why`.
    pub(super) aside: Aside,
    pub(super) date: Option<Date>,
}

/// A list of claims made while a row is decided (a filter's finding): a few claims, inline.
pub(super) type Claims = smallvec::SmallVec<[ClaimId; 4]>;

/// Claims set aside: almost every row has none, so the empty list is one pointer (8 bytes,
/// to a shared empty header, no allocation) instead of a `Vec`'s 24, which every row, match
/// and answer row would carry and move.
pub(super) type Aside = thin_vec::ThinVec<ClaimId>;

/// Up to this many claims, a list is made distinct by a scan; past it, by a hash set.
const SCAN: usize = 32;

/// Up to this many claims, a row reached along several paths (or one long one) drops repeated
/// claims by a scan; past it, by a sort of their positions ([`keep_first`]).
const FEW_CLAIMS: usize = 8;

impl Row {
    pub(super) fn yes() -> Row {
        Row {
            truth: Truth::Yes,
            no_record: false,
            evidence: Span::default(),
            aside: Aside::new(),
            date: None,
        }
    }

    pub(super) fn with_truth(truth: Truth) -> Row {
        Row {
            truth,
            ..Row::yes()
        }
    }

    pub(super) fn add_aside(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        for c in claims {
            if !self.aside.contains(&c) {
                self.aside.push(c);
            }
        }
    }
}

/// A row of a set, to change: the row, and the buffer its evidence is a span of. It reads as
/// the [`Row`] (`row.truth`, `row.date`).
pub(super) struct RowMut<'s> {
    row: &'s mut Row,
    evidence: &'s mut Evidence,
}

impl RowMut<'_> {
    /// The claims it rests on. Cost: O(1).
    pub(super) fn evidence(&self) -> &[ClaimId] {
        self.evidence.get(self.row.evidence)
    }

    /// Adds evidence, each claim once ([`Evidence::add`]: O(1) per claim for a row made
    /// last, as filters make them).
    pub(super) fn add_evidence(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        self.evidence.add(&mut self.row.evidence, claims);
    }
}

impl Deref for RowMut<'_> {
    type Target = Row;

    fn deref(&self) -> &Row {
        self.row
    }
}

impl DerefMut for RowMut<'_> {
    fn deref_mut(&mut self) -> &mut Row {
        self.row
    }
}

/// Appends to `evidence` (a row's own list: a count's bare row) each of `claims` it does not
/// hold yet, in order, as [`Evidence::add`] does to a span. Cost: O(1) per claim while
/// `evidence` has at most [`SCAN`] claims; past that O(evidence) once per call (a hash set of
/// what it has) and O(1) per claim.
pub(super) fn add_distinct(evidence: &mut Claims, claims: impl IntoIterator<Item = ClaimId>) {
    let mut seen: Option<rustc_hash::FxHashSet<ClaimId>> = None;
    for c in claims {
        match &mut seen {
            Some(seen) => {
                if seen.insert(c) {
                    evidence.push(c);
                }
            }
            None if evidence.len() <= SCAN => {
                if !evidence.contains(&c) {
                    evidence.push(c);
                }
            }
            None => {
                let mut all: rustc_hash::FxHashSet<ClaimId> = evidence.iter().copied().collect();
                if all.insert(c) {
                    evidence.push(c);
                }
                seen = Some(all);
            }
        }
    }
}

/// `claims` without repeats, each kept where it first appears. Cost: O(n) (a hash set past a
/// few dozen claims, a scan below).
pub(super) fn distinct(claims: &[ClaimId]) -> Vec<ClaimId> {
    if claims.len() <= SCAN {
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

/// Rows by entity: a vector sorted by id, each id once (see the module's invariant), and the
/// buffer of their evidence. Reads like an ordered map: iteration is in id order, a lookup is
/// O(log n), a row past the last id is added in O(1) (anywhere else O(n): build unsorted sets
/// with [`Reached`]).
#[derive(Clone, Debug, Default)]
pub(super) struct Set {
    rows: Vec<(EntityId, Row)>,
    evidence: Evidence,
}

impl Set {
    pub(super) fn new() -> Set {
        Set::default()
    }

    /// Room for `rows` rows resting on `claims` claims in all.
    pub(super) fn with_capacity(rows: usize, claims: usize) -> Set {
        Set {
            rows: Vec::with_capacity(rows),
            evidence: Evidence::with_capacity(claims),
        }
    }

    /// One settled row for each of `ids`, in any order and with repeats. Cost: O(n log n),
    /// O(n) when sorted already.
    pub(super) fn of_ids(mut ids: Vec<EntityId>) -> Set {
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
        ids.dedup();
        Set {
            rows: ids.into_iter().map(|id| (id, Row::yes())).collect(),
            evidence: Evidence::default(),
        }
    }

    /// The one settled row of `id`. Cost: one allocation.
    pub(super) fn one(id: EntityId) -> Set {
        Set {
            rows: vec![(id, Row::yes())],
            evidence: Evidence::default(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The claims `row`, one of this set's rows, rests on. Cost: O(1).
    pub(super) fn evidence(&self, row: &Row) -> &[ClaimId] {
        self.evidence.get(row.evidence)
    }

    fn position(&self, id: &EntityId) -> Result<usize, usize> {
        self.rows.binary_search_by(|(k, _)| k.cmp(id))
    }

    /// Cost: O(log n).
    pub(super) fn get(&self, id: &EntityId) -> Option<&Row> {
        self.position(id).ok().map(|i| &self.rows[i].1)
    }

    /// Cost: O(log n).
    pub(super) fn contains_key(&self, id: &EntityId) -> bool {
        self.position(id).is_ok()
    }

    /// Room for `rows` more rows resting on `claims` claims in all. Cost: O(n) when it grows.
    pub(super) fn reserve(&mut self, rows: usize, claims: usize) {
        self.rows.reserve(rows);
        self.evidence.reserve(claims);
    }

    /// Adds the row of `id` (its evidence `evidence`; its own span is ignored) and lets
    /// `decide` change it: it stays if `decide` returns true, else it is dropped with the
    /// claims added for it. A row of an id the set has replaces it (and is dropped if
    /// `decide` drops it). Cost: O(evidence) and `decide`'s, past the last id (rows in id
    /// order, as a set or a walk yields them); O(n) elsewhere.
    pub(super) fn keep(
        &mut self,
        id: EntityId,
        row: Row,
        evidence: &[ClaimId],
        decide: impl FnOnce(&mut RowMut<'_>) -> bool,
    ) -> bool {
        let span = self.evidence.push(evidence);
        let at = if self.rows.last().is_none_or(|(last, _)| *last < id) {
            if self.rows.capacity() == 0 {
                // Sets built row by row are rarely tiny: skip the first doublings.
                self.rows.reserve(16);
            }
            // The row is moved into its slot alone, and its span written there, rather than
            // an (id, row) pair with the span built on the stack and copied: the copy read
            // the pair back in 16-byte pieces offset from the smaller stores that wrote it,
            // which stalls (failed store-to-load forwarding; the hottest two instructions of
            // Q1's filter step).
            self.rows.push((id, Row::yes()));
            let at = self.rows.len() - 1;
            self.rows[at].1 = row;
            at
        } else {
            self.place(id, row)
        };
        self.rows[at].1.evidence = span;
        let mut row = RowMut {
            row: &mut self.rows[at].1,
            evidence: &mut self.evidence,
        };
        if decide(&mut row) {
            return true;
        }
        let (_, row) = self.rows.remove(at);
        self.evidence.pop(row.evidence);
        false
    }

    /// Puts the row of `id` in its place (not past the last id), replacing the row of `id`
    /// if there is one; returns where. Cost: O(n).
    #[inline(never)]
    fn place(&mut self, id: EntityId, row: Row) -> usize {
        match self.position(&id) {
            Ok(i) => {
                self.rows[i].1 = row;
                i
            }
            Err(i) => {
                self.rows.insert(i, (id, row));
                i
            }
        }
    }

    /// Adds the row of `id` with its evidence `evidence`, as [`Set::keep`] keeping it.
    pub(super) fn insert(&mut self, id: EntityId, row: Row, evidence: &[ClaimId]) {
        self.keep(id, row, evidence, |_| true);
    }

    /// Keeps the rows `keep` accepts. Cost: O(n).
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&EntityId, &Row) -> bool) {
        self.rows.retain(|(id, row)| keep(id, row));
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &EntityId> {
        self.rows.iter().map(|(id, _)| id)
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().map(|(_, row)| row)
    }

    pub(super) fn into_keys(self) -> impl Iterator<Item = EntityId> {
        self.rows.into_iter().map(|(id, _)| id)
    }

    /// The rows, in id order, and the buffer their evidence is in.
    pub(super) fn into_parts(self) -> (Vec<(EntityId, Row)>, Evidence) {
        (self.rows, self.evidence)
    }

    /// Each row in id order, moved out with its evidence, until `f` returns false.
    pub(super) fn for_each(self, mut f: impl FnMut(EntityId, Row, &[ClaimId]) -> bool) {
        let Set { rows, evidence } = self;
        for (id, row) in rows {
            let claims = evidence.get(row.evidence);
            if !f(id, row, claims) {
                return;
            }
        }
    }

    /// Each row that `decide` keeps, into a new set, in id order: `decide` changes it as
    /// [`Set::keep`] lets it. Cost: O(n + evidence) and `decide`'s, two allocations.
    pub(super) fn filter_rows(
        self,
        mut decide: impl FnMut(EntityId, &mut RowMut<'_>) -> bool,
    ) -> Set {
        let mut out = Set::with_capacity(self.len(), self.evidence.len());
        self.for_each(|id, row, claims| {
            out.keep(id, row, claims, |row| decide(id, row));
            true
        });
        out
    }

    /// `and`: the rows in both, each with both sides' truth, evidence and set-aside claims
    /// (the date of the left side, else the right's). Cost: O(n + m), a merge-join that
    /// gallops over the longer side; the rows kept are not copied to a new set, their
    /// evidence is, to a new buffer.
    pub(super) fn and(mut self, rhs: &Set) -> Set {
        let mut at = 0;
        let room = self.evidence.len() + rhs.evidence.len();
        let old = std::mem::replace(&mut self.evidence, Evidence::with_capacity(room));
        let evidence = &mut self.evidence;
        self.rows.retain_mut(|(id, row)| {
            at = seek(&rhs.rows, at, id);
            let Some((_, other)) = rhs.rows.get(at).filter(|(r, _)| r == id) else {
                return false;
            };
            row.truth = row.truth.and(other.truth);
            row.no_record |= other.no_record;
            row.evidence = evidence.push(old.get(row.evidence));
            evidence.add(&mut row.evidence, rhs.evidence(other).iter().copied());
            row.add_aside(other.aside.iter().copied());
            row.date = row.date.take().or_else(|| other.date.clone());
            true
        });
        self
    }

    /// `except`: the rows not certainly in `rhs`, each as true as it is and `rhs` is not.
    /// Cost: O(n + m), a merge-join that gallops over the longer side, in place (the claims
    /// of the rows dropped stay in the buffer until the set is dropped).
    pub(super) fn except(mut self, rhs: &Set) -> Set {
        let mut at = 0;
        self.rows.retain_mut(|(id, row)| {
            at = seek(&rhs.rows, at, id);
            match rhs.rows.get(at).filter(|(r, _)| r == id) {
                None => true,
                Some((_, other)) => {
                    let truth = row.truth.and(other.truth.not());
                    row.truth = truth;
                    truth != Truth::No
                }
            }
        });
        self
    }

    /// `or`: the rows of either; a row in both gets `merge(left, right, right's evidence)`.
    /// Cost: O(n + m + evidence), a merge-join into a new set.
    pub(super) fn or(
        self,
        rhs: Set,
        mut merge: impl FnMut(&mut RowMut<'_>, Row, &[ClaimId]),
    ) -> Set {
        let mut out = Set::with_capacity(
            self.len().max(rhs.len()),
            self.evidence.len() + rhs.evidence.len(),
        );
        let Set { rows, evidence } = self;
        let Set {
            rows: right_rows,
            evidence: right_evidence,
        } = rhs;
        let mut right = right_rows.into_iter().peekable();
        for (id, row) in rows {
            let mut both = None;
            while let Some((other, _)) = right.peek() {
                if *other > id {
                    break;
                }
                let (other, other_row) = right.next().expect("peeked");
                if other == id {
                    both = Some(other_row);
                    break;
                }
                let claims = right_evidence.get(other_row.evidence);
                out.insert(other, other_row, claims);
            }
            let claims = evidence.get(row.evidence);
            out.keep(id, row, claims, |row| {
                if let Some(other) = both {
                    let claims = right_evidence.get(other.evidence);
                    merge(row, other, claims);
                }
                true
            });
        }
        for (other, other_row) in right {
            let claims = right_evidence.get(other_row.evidence);
            out.insert(other, other_row, claims);
        }
        out
    }
}

/// The first position at or after `from` whose id is not less than `id`: a galloping search,
/// O(log distance).
fn seek(rows: &[(EntityId, Row)], from: usize, id: &EntityId) -> usize {
    let mut step = 1;
    let mut lo = from;
    let mut hi = from;
    while hi < rows.len() && rows[hi].0 < *id {
        lo = hi + 1;
        hi = hi.saturating_add(step).min(rows.len());
        step *= 2;
    }
    lo + rows[lo..hi.min(rows.len())].partition_point(|(r, _)| r < id)
}

type Pair<'a> = (&'a EntityId, &'a Row);

impl<'a> IntoIterator for &'a Set {
    type Item = Pair<'a>;
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (EntityId, Row)>, fn(&'a (EntityId, Row)) -> Pair<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter().map(|(id, row)| (id, row))
    }
}

/// Drops the repeats of `claims[from..]`, each claim kept where it first appears. Cost:
/// O(n²) compares up to [`FEW_CLAIMS`] claims; past that O(n log n), a sort of their
/// positions into `scratch` that shows whether any repeats (paths rarely share a claim), and
/// only then a hash set.
fn keep_first(claims: &mut Vec<ClaimId>, from: usize, scratch: &mut Vec<u32>) {
    let mut kept = from;
    if claims.len() - from <= FEW_CLAIMS {
        for k in from..claims.len() {
            let c = claims[k];
            if !claims[from..kept].contains(&c) {
                claims[kept] = c;
                kept += 1;
            }
        }
        claims.truncate(kept);
        return;
    }
    scratch.clear();
    scratch.extend(claims[from..].iter().map(|c| c.index() as u32));
    scratch.sort_unstable();
    if scratch.windows(2).any(|w| w[0] == w[1]) {
        let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(
            claims.len() - from,
            Default::default(),
        );
        for k in from..claims.len() {
            let c = claims[k];
            if seen.insert(c) {
                claims[kept] = c;
                kept += 1;
            }
        }
        claims.truncate(kept);
    }
}

/// Rows reached by walks, in any order and with repeats, each with the claims of its path:
/// sorted and merged into a [`Set`] once ([`Reached::into_set`]). The paths share one vector,
/// so reaching a row allocates nothing of its own.
pub(super) struct Reached {
    hits: Vec<Hit>,
    claims: Vec<ClaimId>,
    /// The most hits and claims it gathers ([`Reached::push`] says when it has more): what
    /// the budget had left, since they are charged only once they make rows.
    room: usize,
}

#[derive(Clone, Copy)]
struct Hit {
    to: EntityId,
    truth: Truth,
    /// Its path: `claims[start..end]`.
    start: u32,
    end: u32,
}

impl Reached {
    /// Hits gathered up to `room` hits and claims in all ([`Eval`]'s `Budget::left`).
    pub(super) fn within(room: usize) -> Reached {
        Reached::with_capacity(0, room)
    }

    /// [`Reached::within`], with room reserved for about `rows` rows reached along short
    /// paths (no more than `room` allows).
    pub(super) fn with_capacity(rows: usize, room: usize) -> Reached {
        Reached {
            hits: Vec::with_capacity(rows.min(room)),
            claims: Vec::with_capacity(rows.saturating_mul(2).min(room)),
            room,
        }
    }

    /// The number of hits: as many rows or more. Cost: O(1).
    pub(super) fn hits(&self) -> usize {
        self.hits.len()
    }

    /// Room for `hits` more rows reached along paths of `claims` claims each, within the
    /// room left ([`Reached::within`]).
    pub(super) fn reserve(&mut self, hits: usize, claims: usize) {
        let left = self.room.saturating_sub(self.size());
        self.hits.reserve(hits.min(left));
        self.claims.reserve(hits.saturating_mul(claims).min(left));
    }

    /// The hits and the claims of their paths. Cost: O(1).
    fn size(&self) -> usize {
        self.hits.len() + self.claims.len()
    }

    /// Whether it holds more than its room: the evaluation is then over its budget.
    pub(super) fn is_full(&self) -> bool {
        self.size() > self.room
    }

    /// Whether `hits` more hits along paths of `claims` claims each could fill it: a caller
    /// that knows how many it may push checks [`Reached::is_full`] only then, and pushes
    /// unchecked otherwise (a walk's hot loop).
    pub(super) fn may_fill(&self, hits: usize, claims: usize) -> bool {
        let more = hits.saturating_mul(claims.saturating_add(1));
        self.size().saturating_add(more) > self.room
    }

    /// `to` reached with `truth` through `claim` after `path`. The caller checks
    /// [`Reached::is_full`] after it (or knows, by [`Reached::may_fill`], that it cannot be),
    /// and stops then, ending the evaluation as over its budget.
    pub(super) fn push(&mut self, to: EntityId, truth: Truth, path: &[ClaimId], claim: ClaimId) {
        let start = self.claims.len();
        // Claim by claim: a path is a few claims long, shorter than a copy's setup.
        for c in path {
            self.claims.push(*c);
        }
        self.claims.push(claim);
        self.hits.push(Hit {
            to,
            truth,
            // A set's claims are far fewer than 2^32: the row budget stops an evaluation
            // long before.
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(self.claims.len()).unwrap_or(u32::MAX),
        });
    }

    /// The rows: a row reached more than once keeps its best truth and the claims of all its
    /// paths (each once, in the order they were reached). Cost: as [`Reached::for_each`];
    /// each row's claims are gathered straight into the set's buffer.
    pub(super) fn into_set(mut self) -> Set {
        self.sort();
        // Room for exactly the rows: a row reached along many paths would leave most of a
        // vector sized by the hits untouched (Q3: 8,557 rows from several times as many hits).
        let distinct = match self.hits.first() {
            None => 0,
            Some(_) => 1 + self.hits.windows(2).filter(|w| w[0].to != w[1].to).count(),
        };
        // The paths' claims are as many as the rows' or more (a repeat is dropped).
        let mut set = Set::with_capacity(distinct, self.claims.len());
        let mut scratch = Vec::new();
        let Reached { hits, claims, .. } = self;
        each_row(&hits, |group, truth| {
            let evidence = set
                .evidence
                .push_with(|out| gather(group, &claims, out, &mut scratch));
            set.rows.push((
                group[0].to,
                Row {
                    evidence,
                    ..Row::with_truth(truth)
                },
            ));
            true
        });
        set
    }

    /// Sorts the hits by row, then in the order reached, unless they came so.
    fn sort(&mut self) {
        if !self.hits.is_sorted_by_key(|h| h.to) {
            // Two entities of one graph differ by position: sorting by it sorts by id.
            super::radix::sort_by_u32(&mut self.hits, |h| h.to.index() as u32);
        }
    }

    /// The rows [`Reached::into_set`] makes, one at a time in id order, each with its
    /// evidence, without the set: for a step that only feeds the next (a walk from a walk, a
    /// filter of a walk). Stops when `f` returns false. Cost: O(n) for n hits (a radix sort
    /// of the hits by entity position, [`super::radix::sort_by_u32`]; none when they came in
    /// id order), plus, for each row not reached along one path, O(its claims) to gather them
    /// and [`keep_first`]'s cost to drop repeats.
    pub(super) fn for_each(mut self, f: impl FnMut(EntityId, Row, &[ClaimId]) -> bool) {
        self.sort();
        self.for_each_sorted(f);
    }

    /// [`Reached::for_each`] once the hits are sorted ([`Reached::sort`]).
    fn for_each_sorted(self, mut f: impl FnMut(EntityId, Row, &[ClaimId]) -> bool) {
        let Reached { hits, claims, .. } = self;
        // The claims of a row reached along several paths, gathered to drop repeats.
        let mut gathered: Vec<ClaimId> = Vec::new();
        // What a row's claims are checked against past `FEW_CLAIMS`: their positions.
        let mut scratch: Vec<u32> = Vec::new();
        each_row(&hits, |group, truth| {
            let evidence = match group {
                // A row reached once along one claim (a walk's first step): nothing to check.
                [hit] if hit.end == hit.start + 1 => &claims[hit.start as usize..][..1],
                _ => {
                    gathered.clear();
                    gather(group, &claims, &mut gathered, &mut scratch);
                    &gathered[..]
                }
            };
            f(group[0].to, Row::with_truth(truth), evidence)
        });
    }
}

/// The hits of each row in turn, sorted by row ([`Reached::sort`]), with the row's truth:
/// the best of its hits'. Stops when `f` returns false.
fn each_row(hits: &[Hit], mut f: impl FnMut(&[Hit], Truth) -> bool) {
    let mut i = 0;
    while i < hits.len() {
        let first = &hits[i];
        let mut truth = first.truth;
        let mut j = i + 1;
        while j < hits.len() && hits[j].to == first.to {
            truth = truth.or(hits[j].truth);
            j += 1;
        }
        if !f(&hits[i..j], truth) {
            return;
        }
        i = j;
    }
}

/// Appends to `out` the claims of a row's paths (`group`, its hits, their claims in
/// `claims`), each once, in the order reached ([`keep_first`]). Claim by claim, as
/// `Reached::push` writes them: a path is a claim or two, and a copy per path was a `memcpy`
/// call per hit (Q3: 3.5% of its evaluation, 40,000 hits).
fn gather(group: &[Hit], claims: &[ClaimId], out: &mut Vec<ClaimId>, scratch: &mut Vec<u32>) {
    let from = out.len();
    for hit in group {
        for c in &claims[hit.start as usize..hit.end as usize] {
            out.push(*c);
        }
    }
    if out.len() - from > 1 {
        keep_first(out, from, scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::{FEW_CLAIMS, keep_first};
    use crate::model::ClaimId;
    use proptest::prelude::*;

    /// The sizes the docs give (a row moved is a copy of this many bytes).
    #[test]
    fn a_row_is_48_bytes_and_an_answer_row_56() {
        assert_eq!(std::mem::size_of::<super::Row>(), 48);
        assert_eq!(std::mem::size_of::<crate::query::rows::Found>(), 56);
    }

    proptest! {
        /// `keep_first` keeps each claim where it first appears, as a scan of what was kept
        /// does, on both sides of `FEW_CLAIMS` and with or without repeats.
        #[test]
        fn keep_first_keeps_each_claim_where_it_first_appears(
            positions in prop::collection::vec(
                prop_oneof![0usize..6, 0usize..1_000],
                0..(4 * FEW_CLAIMS),
            )
        ) {
            let claims: Vec<ClaimId> = positions.iter().map(|&p| ClaimId::new(p, 0)).collect();
            // Behind claims of another row, which stay as they are.
            let before = [ClaimId::new(7, 0), ClaimId::new(7, 0)];
            let mut expected: Vec<ClaimId> = Vec::new();
            for c in &claims {
                if !expected.contains(c) {
                    expected.push(*c);
                }
            }
            let mut kept = before.to_vec();
            kept.extend(claims);
            keep_first(&mut kept, before.len(), &mut Vec::new());
            prop_assert_eq!(&kept[..before.len()], &before[..]);
            prop_assert_eq!(&kept[before.len()..], &expected[..]);
        }
    }
}
