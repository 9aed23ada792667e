//! Walks: the links of a set's rows followed to what they reach ([`Eval::walk`]), and the rows
//! of a walk handed one at a time to the step it feeds ([`Eval::each_row`]), without
//! gathering them in a set.

use std::cell::Cell;

use super::eval::{Eval, Reached, Row};
use super::filters::{Sieve, Sieved};
use super::plan::Op;
use super::set::Set;
use crate::model::{ClaimId, Date, EntityId, RelationId, Truth};

/// Up to this many links of a walk's first row are taken for the number of links of each of
/// its rows when the walk reserves room for what it reaches.
const FEW_LINKS: usize = 4;

impl Eval<'_> {
    /// A walk ([`Op::Walk`]) along the links of its input's rows, leaving out the entities of
    /// `skip`. Cost: O(links walked × log), one sort of what they reach.
    pub(super) fn walk(
        &self,
        input: &Op,
        relation: RelationId,
        inverse: bool,
        window: Option<&Date>,
        skip: &[EntityId],
    ) -> Set {
        self.reached(input, relation, inverse, window, skip, None)
            .into_set()
    }

    /// What a walk reaches, before its rows are made ([`Eval::walk`]). With a `sieve`, a link
    /// to an entity the sieve's filter certainly drops ([`Eval::passes`]) is left out before
    /// its claim is read, and charged to the budget as the row it could have made (one, plus
    /// its path's claims), whether or not its claim counts. The sieve decides by entity, so
    /// an entity keeps all its hits or none, and a row made of the hits kept is the row made
    /// of them all.
    pub(super) fn reached(
        &self,
        input: &Op,
        relation: RelationId,
        inverse: bool,
        window: Option<&Date>,
        skip: &[EntityId],
        mut sieve: Option<&mut Sieve<'_>>,
    ) -> Reached {
        let graph = self.graph;
        let mut out = Reached::within(self.budget.left());
        // What the hits the sieve left out would have cost.
        let mut dropped = 0;
        let most = Cell::new(0);
        let mut first = true;
        // The hits and their paths are gathered before the rows they make are charged: no
        // more than the budget has left (a walk from rows with long evidence copies it into
        // every hit), so that a query past its budget stops here instead of asking for more
        // memory than there is.
        self.each_row_sized(input, None, &most, |from, row, evidence, _| {
            if out.is_full() {
                return;
            }
            let links = graph.links(from, relation, inverse);
            let mut hits = links.size_hint().0;
            if first {
                // Room for the input's rows with about as many links each as the first
                // (up to a few), once, rather than grown by doublings.
                first = false;
                hits = hits.max(most.get().saturating_mul(hits.min(FEW_LINKS)));
                if let Some(sieve) = sieve.as_deref_mut() {
                    // A filter keeps a part of a walk's hits (Q1: 23 of 143): room for a
                    // quarter, grown past that, rather than from four.
                    sieve.reserve((hits / 4 + 4).min(self.budget.left()));
                }
            }
            out.reserve(hits, evidence.len() + 1);
            // Checked hit by hit only when this row's hits could fill what the budget left.
            let at_most = links.size_hint().1.unwrap_or(usize::MAX);
            let checked = out.may_fill(at_most, evidence.len() + 1);
            for (claim, to) in links {
                if !skip.is_empty() && skip.contains(&to) {
                    continue;
                }
                // The entity first: the sieve reads the events index at its place, and the
                // entities it drops (most of a body's members) are then read no further.
                if let Some(sieve) = sieve.as_deref_mut()
                    && !self.passes(sieve, to)
                {
                    dropped += 2 + evidence.len();
                    continue;
                }
                let Some(truth) = self.link_truth(row.truth, claim, window) else {
                    continue;
                };
                out.push(to, truth, evidence, claim);
                if checked && out.is_full() {
                    return;
                }
            }
        });
        self.overflows(&out);
        if dropped > 0 {
            // Once spent, the rows kept are not made (see `Eval::each_row`).
            self.budget.charge(dropped);
        }
        out
    }

    /// The rows of `op`'s set one at a time, in id order, charged to the budget as
    /// [`Eval::op`] charges them, for a step that reads each row once (a walk, a filter). A
    /// walk's rows are made one at a time and never gathered in a set (Q3's first hop, a
    /// count's whole).
    /// Once the budget is spent it stops, and the caller's own charge (in [`Eval::op`]) then
    /// finds it spent and yields nothing, as if this step had yielded nothing.
    ///
    /// With a `sieve` (the filter `f` applies, when it is one), a walk leaves out the entities
    /// the filter certainly drops before their rows are made ([`Eval::reached`]): Q1 on a
    /// 20,000-member body makes the rows of the 15% arrested by 1940, not of all 20,000. `f`
    /// is called with every row the filter may keep, and with what the sieve found for its
    /// entity where it found something ([`Sieve::take`]). Any other input ignores the sieve.
    pub(super) fn each_row(
        &self,
        op: &Op,
        sieve: Option<&mut Sieve<'_>>,
        f: impl FnMut(EntityId, Row, &[ClaimId], Option<Sieved>),
    ) {
        self.each_row_sized(op, sieve, &Cell::new(0), f);
    }

    /// [`Eval::each_row`], setting `most`, before the first row, to how many rows it may
    /// yield at most (the rows of a walk's hits), for a caller that gathers them to reserve
    /// room once (each doubling of a vector of rows is a copy).
    pub(super) fn each_row_sized(
        &self,
        op: &Op,
        mut sieve: Option<&mut Sieve<'_>>,
        most: &Cell<usize>,
        mut f: impl FnMut(EntityId, Row, &[ClaimId], Option<Sieved>),
    ) {
        let Op::Walk {
            input,
            relation,
            inverse,
            window,
        } = op
        else {
            if let Op::Entity(id) = op {
                // One row, charged as `Eval::op` charges it, without a set.
                if self.budget.exceeded() || !self.budget.charge(1) {
                    return;
                }
                most.set(1);
                f(*id, Row::yes(), &[], None);
                return;
            }
            let set = self.op(op);
            most.set(set.len());
            set.for_each(|id, row, evidence| {
                f(id, row, evidence, None);
                true
            });
            return;
        };
        if self.budget.exceeded() {
            return;
        }
        if sieve.is_none()
            && let Op::Entity(from) = **input
            && self.walk_one(from, *relation, *inverse, window.as_ref(), most, &mut f)
        {
            return;
        }
        let reached = self.reached(
            input,
            *relation,
            *inverse,
            window.as_ref(),
            &[],
            sieve.as_deref_mut(),
        );
        if let Some(sieve) = sieve.as_deref_mut() {
            sieve.settle();
        }
        most.set(reached.hits());
        reached.for_each(|id, row, evidence| {
            // A row costs one, plus the evidence it carries, as `Eval::charged` counts.
            if !self.budget.charge(1 + evidence.len()) {
                return false;
            }
            let sieved = sieve.as_deref_mut().and_then(|s| s.take(id));
            f(id, row, evidence, sieved);
            true
        });
    }

    /// [`Eval::each_row_sized`] for a walk from one entity whose links of `relation` reach
    /// strictly increasing positions (a body's members, as the store keeps them): each link
    /// kept is a row of its own, already in id order, so the rows are made as the links are
    /// read instead of being gathered as hits, checked for order and grouped (Q3's first hop:
    /// 20,000 members). The entity's row, the rows and their claims are charged as
    /// [`Eval::each_row_sized`] charges the walk's (the entity 1, each row 1 plus its claim),
    /// so that a budget that stops one stops the other. `false`, having done nothing, for
    /// any other list. Cost: O(links).
    fn walk_one(
        &self,
        from: EntityId,
        relation: RelationId,
        inverse: bool,
        window: Option<&Date>,
        most: &Cell<usize>,
        f: &mut impl FnMut(EntityId, Row, &[ClaimId], Option<Sieved>),
    ) -> bool {
        let graph = self.graph;
        let one_each = graph
            .link_targets(from, relation, inverse)
            .is_some_and(|targets| targets.increasing == Some(true));
        if !one_each {
            return false;
        }
        // The entity's row, as `each_row_sized` charges an `Op::Entity`.
        if !self.budget.charge(1) {
            return true;
        }
        let links = graph.links(from, relation, inverse);
        most.set(links.size_hint().0);
        for (claim, to) in links {
            let Some(truth) = self.link_truth(Truth::Yes, claim, window) else {
                continue;
            };
            if !self.budget.charge(2) {
                return true;
            }
            f(to, Row::with_truth(truth), &[claim], None);
        }
        true
    }

    /// The truth of a row reached with truth `from` through the link `claim`: `None` for a
    /// claim that does not count (deprecated, outside `according to` or `as of`) or a link
    /// that certainly did not hold within `window`; else `from`, and *possibly* for a link
    /// with no time in a window or a weak claim. `admits` and `strength` come from one read
    /// of the claim's byte. Inlined into the walks' loops. Cost: O(1) without a scope or a
    /// window.
    #[inline(always)]
    fn link_truth(&self, from: Truth, claim: ClaimId, window: Option<&Date>) -> Option<Truth> {
        let bits = self.bits(claim);
        if !self.admits_bits(bits) || !self.in_scope(claim) {
            return None;
        }
        let held = match window {
            None => Truth::Yes,
            Some(window) => self.link_held(claim, window),
        };
        let truth = from.and(held).and(self.strength_bits(bits));
        (truth != Truth::No).then_some(truth)
    }
}
