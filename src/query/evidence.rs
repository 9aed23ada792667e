//! Rows' evidence kept together: each row's claims are a [`Span`] of one [`Evidence`] buffer
//! that its set (or its answer's rows) owns, so that making, moving and dropping a row
//! allocates nothing of its own (a row reached along several paths rests on many claims: Q3
//! at a million people has 8,557 such rows, each a heap allocation while evidence was a list
//! per row).
//!
//! *Invariant*: a span holds each claim once, in the order it was met ([`Evidence::add`]).
//! Spans of one buffer do not overlap; a buffer may hold claims no span covers any more (a
//! row dropped, a span moved to the end to grow), freed with the buffer.

use std::ops::Range;

use crate::model::ClaimId;

/// Up to this many claims, a span is searched by a scan; past it, a call that adds evidence
/// hashes what the span has once.
const SCAN: usize = 32;

/// A row's claims: `start..start + len` of its buffer. Eight bytes, `Copy`; the empty span
/// reads nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// The number of claims. Cost: O(1).
    pub(super) fn len(self) -> usize {
        self.len as usize
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }

    fn end(self) -> usize {
        self.start as usize + self.len as usize
    }
}

/// The claims of a set's rows, one buffer for all of them (see the module's invariant).
#[derive(Clone, Debug, Default)]
pub(crate) struct Evidence {
    claims: Vec<ClaimId>,
}

/// A position of a buffer as a span's: a buffer's claims are far fewer than 2^32, since the
/// row budget (`limits::BUDGET`, rows plus the claims they carry) stops an evaluation long
/// before.
fn position(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Evidence {
    /// An empty buffer with room for `claims` claims.
    pub(super) fn with_capacity(claims: usize) -> Evidence {
        Evidence {
            claims: Vec::with_capacity(claims),
        }
    }

    /// The claims in the buffer, those no span covers included. Cost: O(1).
    pub(super) fn len(&self) -> usize {
        self.claims.len()
    }

    /// The claims of `span`. Cost: O(1).
    pub(super) fn get(&self, span: Span) -> &[ClaimId] {
        &self.claims[span.range()]
    }

    /// A new span holding `claims` as they are: the caller knows them distinct (another
    /// span's claims). Cost: O(claims), claim by claim (a row's evidence is a few claims,
    /// shorter than a copy's setup).
    pub(super) fn push(&mut self, claims: &[ClaimId]) -> Span {
        let start = self.claims.len();
        for c in claims {
            self.claims.push(*c);
        }
        Span {
            start: position(start),
            len: position(claims.len()),
        }
    }

    /// A new span holding the claims `fill` appends to the buffer (and only appends: what
    /// is there already belongs to other spans), each once: for a caller that makes them
    /// distinct in place. Cost: `fill`'s.
    pub(super) fn push_with(&mut self, fill: impl FnOnce(&mut Vec<ClaimId>)) -> Span {
        let start = self.claims.len();
        fill(&mut self.claims);
        Span {
            start: position(start),
            len: position(self.claims.len() - start),
        }
    }

    /// Appends to `span` each of `claims` it does not hold yet, in order, moving the span to
    /// the end of the buffer first unless it is there already (a row made last, as a filter
    /// or a walk makes them, grows in place). Cost: O(1) per claim while the span has at
    /// most [`SCAN`] claims, past that O(span) once per call (a hash set of what it has) and
    /// O(1) per claim; plus O(span) for a move.
    pub(super) fn add(&mut self, span: &mut Span, claims: impl IntoIterator<Item = ClaimId>) {
        let mut claims = claims.into_iter();
        // Nothing added, nothing moved: a span moved is never left empty past the end of a
        // span given back after it.
        let Some(first) = claims.next() else {
            return;
        };
        if span.end() != self.claims.len() {
            let start = self.claims.len();
            self.claims.extend_from_within(span.range());
            span.start = position(start);
        }
        let start = span.start as usize;
        let mut next = Some(first);
        while let Some(c) = next {
            if self.claims.len() - start > SCAN {
                self.add_hashed(start, c, claims);
                break;
            }
            if !self.claims[start..].contains(&c) {
                self.claims.push(c);
            }
            next = claims.next();
        }
        span.len = position(self.claims.len() - start);
    }

    /// [`Evidence::add`] past [`SCAN`] claims: `first` and then `rest` added to the claims
    /// from `start` on, each once, checked against a hash set of them.
    #[inline(never)]
    fn add_hashed(&mut self, start: usize, first: ClaimId, rest: impl Iterator<Item = ClaimId>) {
        let mut seen: rustc_hash::FxHashSet<ClaimId> =
            self.claims[start..].iter().copied().collect();
        for c in std::iter::once(first).chain(rest) {
            if seen.insert(c) {
                self.claims.push(c);
            }
        }
    }

    /// Room for `claims` more claims.
    pub(super) fn reserve(&mut self, claims: usize) {
        self.claims.reserve(claims);
    }

    /// Gives back the room of `span` if it is the last in the buffer (a row dropped right
    /// after it was made): the buffer holds only what its rows keep. Cost: O(1).
    pub(super) fn pop(&mut self, span: Span) {
        if span.end() == self.claims.len() {
            self.claims.truncate(span.start as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Evidence, SCAN, Span};
    use crate::model::ClaimId;
    use proptest::prelude::*;

    /// What a test does to the buffer: a new span from claims (made distinct first, as
    /// callers do), claims added to a span, or the last span made dropped.
    #[derive(Clone, Debug)]
    enum Step {
        Push(Vec<usize>),
        Add(usize, Vec<usize>),
        Pop,
    }

    fn claims(positions: &[usize]) -> Vec<ClaimId> {
        positions.iter().map(|&p| ClaimId::new(p, 0)).collect()
    }

    fn step() -> impl Strategy<Value = Step> {
        // Few distinct claims (repeats within and across spans) and long lists (past `SCAN`).
        let list = prop_oneof![
            prop::collection::vec(0usize..6, 0..6),
            prop::collection::vec(0usize..100, 0..(2 * SCAN)),
        ];
        prop_oneof![
            list.clone().prop_map(Step::Push),
            (0usize..8, list).prop_map(|(at, l)| Step::Add(at, l)),
            Just(Step::Pop),
        ]
    }

    proptest! {
        /// Spans of one buffer read as lists of their own would, each claim once in the order
        /// added, whichever span grows, and whether or not it is the last.
        #[test]
        fn spans_read_as_separate_lists(steps in prop::collection::vec(step(), 0..40)) {
            let mut buffer = Evidence::default();
            let mut spans: Vec<Span> = Vec::new();
            let mut model: Vec<Vec<ClaimId>> = Vec::new();
            for step in steps {
                match step {
                    Step::Push(positions) => {
                        let mut distinct: Vec<ClaimId> = Vec::new();
                        for c in claims(&positions) {
                            if !distinct.contains(&c) {
                                distinct.push(c);
                            }
                        }
                        spans.push(buffer.push(&distinct));
                        model.push(distinct);
                    }
                    Step::Add(at, positions) if !spans.is_empty() => {
                        let at = at % spans.len();
                        buffer.add(&mut spans[at], claims(&positions));
                        for c in claims(&positions) {
                            if !model[at].contains(&c) {
                                model[at].push(c);
                            }
                        }
                    }
                    Step::Pop => {
                        if let Some(span) = spans.pop() {
                            buffer.pop(span);
                            model.pop();
                        }
                    }
                    Step::Add(..) => {}
                }
                for (span, list) in spans.iter().zip(&model) {
                    prop_assert_eq!(buffer.get(*span), list.as_slice());
                }
            }
            prop_assert!(spans.iter().all(|s| s.range().end <= buffer.len()));
        }
    }
}
