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
}

impl Budget {
    pub(crate) fn new(limit: u64) -> Budget {
        Budget {
            limit,
            spent: Cell::new(0),
        }
    }

    /// Charges `rows`; false once the budget is exceeded.
    pub(crate) fn charge(&self, rows: usize) -> bool {
        let spent = self.spent.get().saturating_add(rows as u64);
        self.spent.set(spent);
        spent <= self.limit
    }

    /// Whether the budget is exceeded.
    pub(crate) fn exceeded(&self) -> bool {
        self.spent.get() > self.limit
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
