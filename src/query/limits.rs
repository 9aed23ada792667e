//! Limits on what one query may cost: its length, its nesting depth and the rows its
//! evaluation may touch. A query past a limit is refused with an error that names the limit;
//! nothing a query says can overflow the stack, exhaust memory or run forever.

use std::cell::Cell;

/// The default longest query, in bytes.
pub const MAX_QUERY_LEN: usize = 16 * 1024;
/// The default deepest nesting.
pub const MAX_DEPTH: usize = 500;
/// The default number of rows one evaluation may touch.
pub const BUDGET: u64 = 20_000_000;

/// The rows an evaluation has touched, against its budget. Once spent, evaluation steps
/// return empty sets and the caller turns the answer into an error.
#[derive(Debug)]
pub(crate) struct Budget {
    limit: u64,
    spent: Cell<u64>,
    /// Set by [`Budget::stop`]: a step would have gathered more than the budget has left.
    stopped: Cell<bool>,
}

/// The most rows and claims one evaluation may touch, whatever budget is asked for: a set
/// keeps its rows' evidence as 32-bit spans of one buffer, which this keeps every set's
/// buffer within, and no machine holds that many claims in a walk anyway (16 GiB of ids).
const MOST: u64 = 1 << 31;

impl Budget {
    pub(crate) fn new(limit: u64) -> Budget {
        Budget {
            limit,
            spent: Cell::new(0),
            stopped: Cell::new(false),
        }
    }

    /// Charges `rows`; false once the budget is exceeded.
    pub(crate) fn charge(&self, rows: usize) -> bool {
        let spent = self.spent.get().saturating_add(rows as u64);
        self.spent.set(spent);
        !self.exceeded()
    }

    /// Whether the budget is exceeded.
    pub(crate) fn exceeded(&self) -> bool {
        let spent = self.spent.get();
        spent > self.limit || spent > MOST || self.stopped.get()
    }

    /// What is left to touch (0 once spent): a step that gathers rows or claims before it
    /// is charged ([`Budget::charge`]) gathers at most this many, and reserves no more.
    pub(crate) fn left(&self) -> usize {
        let left = self.limit.min(MOST).saturating_sub(self.spent.get());
        if self.stopped.get() {
            0
        } else {
            usize::try_from(left).unwrap_or(usize::MAX)
        }
    }

    /// Ends the evaluation as over the budget: a step found that it would gather more than
    /// [`Budget::left`] before its charge.
    pub(crate) fn stop(&self) {
        self.stopped.set(true);
    }

    pub(crate) fn limit(&self) -> u64 {
        self.limit
    }
}

/// The stack one level of nesting may need in parsing, planning, evaluation, explaining and
/// dropping, generously (unoptimized builds use several KiB).
const STACK_PER_LEVEL: usize = 16 * 1024;
/// What every stage needs besides its levels.
const STACK_BASE: usize = 128 * 1024;

/// Runs `f`, which recurses at most `depth` levels, on a stack big enough for it: the current
/// one if it has room, else a fresh segment. This is what lets a library caller's thread with a
/// small stack (256 KiB) run a query at the depth limit.
pub(crate) fn with_stack<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    let need = STACK_BASE.saturating_add(depth.saturating_mul(STACK_PER_LEVEL));
    stacker::maybe_grow(need, need.saturating_mul(2), f)
}
