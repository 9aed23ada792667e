//! A column a graph shares with its clones: a frozen part behind an `Arc`, never changed once
//! frozen, and an owned tail that pushes go to.
//!
//! A load freezes its columns at its end ([`Shared::freeze`]), so a clone of a loaded graph
//! (a reasoned graph, the copy an all-or-nothing load works on) copies no element of them: it
//! shares the frozen part and owns only what it adds. Nothing in the frozen part is ever
//! written, so no write to one graph can reach another.
//!
//! A read of position `i` looks in the frozen part first and in the tail only past its end:
//! one comparison more than a `Vec` index, which a loaded graph (everything frozen) always
//! decides the same way. The frozen part is an `Arc<[T]>`, whose pointer and length sit in
//! the column itself, so a read takes no more steps than from a `Vec` (an `Arc<Vec<T>>`
//! costs one more dependent load per read, which the hot paths measured).
//!
//! [`Cache`] holds the values a graph builds when asked for one (a `&Claim`, a `&Entity`):
//! its slots are allocated on the first such read, not by a load or a clone, which read the
//! columns and build nothing.

use std::sync::{Arc, OnceLock};

/// A column: positions `0..frozen.len()` in the shared part, the rest in the owned tail.
#[derive(Debug)]
pub(super) struct Shared<T> {
    frozen: Arc<[T]>,
    tail: Vec<T>,
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared {
            frozen: Arc::new([]),
            tail: Vec::new(),
        }
    }
}

/// A clone shares the frozen part and copies the tail. Cost: O(tail).
impl<T: Clone> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            frozen: Arc::clone(&self.frozen),
            tail: self.tail.clone(),
        }
    }
}

impl<T> Shared<T> {
    /// The number of elements. Cost: O(1).
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.frozen.len() + self.tail.len()
    }

    /// Element `i`, or `None` past the end. Cost: O(1).
    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<&T> {
        match self.frozen.get(i) {
            Some(item) => Some(item),
            None => self.tail.get(i - self.frozen.len()),
        }
    }

    /// Appends `item` to the tail. Cost: O(1) amortized.
    pub(super) fn push(&mut self, item: T) {
        self.tail.push(item);
    }

    /// Makes room for `n` more elements in the tail. Cost: O(tail), to move it.
    pub(super) fn reserve(&mut self, n: usize) {
        self.tail.reserve_exact(n);
    }

    /// The elements in order. Cost: O(1) per element.
    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.frozen.iter().chain(&self.tail)
    }

    /// The bytes the column holds on the heap, the shared part included (for measurements).
    pub(super) fn heap_bytes(&self) -> usize {
        (self.frozen.len() + self.tail.capacity()) * std::mem::size_of::<T>()
    }

    /// Whether `other` shares this column's frozen part (for tests).
    #[cfg(test)]
    pub(super) fn shares(&self, other: &Shared<T>) -> bool {
        !self.frozen.is_empty() && Arc::ptr_eq(&self.frozen, &other.frozen)
    }
}

impl<T: Clone> Shared<T> {
    /// Moves the tail into the frozen part when that is empty or no clone shares it, else
    /// only gives back the room the tail grew into: freezing never copies a part that a clone
    /// shares. Cost: O(len) when the tail holds anything (a new frozen part, allocated once
    /// at its size: the end of a load copies each column once), else O(1).
    pub(super) fn freeze(&mut self) {
        if self.tail.is_empty() {
            self.tail = Vec::new();
        } else if self.frozen.is_empty() {
            self.frozen = std::mem::take(&mut self.tail).into();
        } else if Arc::get_mut(&mut self.frozen).is_some() {
            let tail = std::mem::take(&mut self.tail);
            self.frozen = self.frozen.iter().cloned().chain(tail).collect();
        } else {
            self.tail.shrink_to_fit();
        }
    }

    /// Sets element `i`. Cost: O(1) in the tail or in a frozen part no clone shares; else
    /// O(len) once, to copy the frozen part (copy on write), which the clones keep.
    pub(super) fn set(&mut self, i: usize, item: T) {
        let n = self.frozen.len();
        if i < n {
            Arc::make_mut(&mut self.frozen)[i] = item;
        } else {
            self.tail[i - n] = item;
        }
    }
}

/// Per element of a column, a value built on its first read; the slots themselves are
/// allocated on the first read of any element. A clone starts empty: it shares nothing
/// mutable with the original.
#[derive(Debug)]
pub(super) struct Cache<T> {
    slots: OnceLock<Vec<OnceLock<Box<T>>>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            slots: OnceLock::new(),
        }
    }
}

impl<T> Clone for Cache<T> {
    fn clone(&self) -> Self {
        Cache::default()
    }
}

impl<T> Cache<T> {
    /// Element `i`'s value, built by `build` on its first read; `len` is the column's length.
    /// Cost: O(1), plus `build` the first time, plus O(len) on the first read of any element.
    pub(super) fn get(&self, i: usize, len: usize, build: impl FnOnce() -> T) -> &T {
        let slots = self.slots.get_or_init(|| {
            let mut slots = Vec::with_capacity(len);
            slots.resize_with(len, OnceLock::new);
            slots
        });
        slots[i].get_or_init(|| Box::new(build()))
    }

    /// Records that the column grew by one element. Cost: O(1) amortized.
    pub(super) fn push(&mut self) {
        if let Some(slots) = self.slots.get_mut() {
            slots.push(OnceLock::new());
        }
    }

    /// Drops every value built, and the slots. Cost: O(values built).
    pub(super) fn clear(&mut self) {
        self.slots = OnceLock::new();
    }

    /// How many values have been built. Cost: O(len).
    pub(super) fn built(&self) -> usize {
        self.slots
            .get()
            .map_or(0, |s| s.iter().filter(|v| v.get().is_some()).count())
    }

    /// The bytes the slots and the built values hold on the heap, apart from what the values
    /// own (for measurements). Cost: O(len).
    pub(super) fn heap_bytes(&self) -> usize {
        self.slots.get().map_or(0, |s| {
            s.capacity() * std::mem::size_of::<OnceLock<Box<T>>>()
                + self.built() * std::mem::size_of::<T>()
        })
    }
}

impl<T> std::ops::Index<usize> for Shared<T> {
    type Output = T;

    /// Element `i`. Panics past the end, as a `Vec` does.
    #[inline]
    fn index(&self, i: usize) -> &T {
        match self.frozen.get(i) {
            Some(item) => item,
            None => &self.tail[i - self.frozen.len()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    /// A clone reads like a deep copy, and pushes and freezes on either side never show in
    /// the other.
    #[test]
    fn clones_share_the_frozen_part_and_nothing_else() {
        let mut a = Shared::default();
        for i in 0..10 {
            a.push(i);
        }
        a.freeze();
        a.push(10);
        let mut b = a.clone();
        assert!(a.shares(&b));
        a.push(11);
        b.push(100);
        b.freeze();
        assert!(a.shares(&b), "freezing does not copy a shared part");
        a.freeze();
        assert_eq!(
            a.iter().copied().collect::<Vec<_>>(),
            (0..12).collect::<Vec<_>>()
        );
        let mut expected: Vec<_> = (0..11).collect();
        expected.push(100);
        assert_eq!(b.iter().copied().collect::<Vec<_>>(), expected);
        assert_eq!((a.len(), b.len()), (12, 12));
        assert_eq!(
            (a[11], b[11], a.get(12), b.get(11)),
            (11, 100, None, Some(&100))
        );
        // A write into the shared part copies it for the writer only.
        let c = b.clone();
        b.set(3, 33);
        b.set(11, 111);
        assert!(!b.shares(&c));
        assert_eq!((a[3], b[3], c[3], b[11], c[11]), (3, 33, 3, 111, 100));
    }
}
