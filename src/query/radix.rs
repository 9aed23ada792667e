//! A stable radix sort on a 32-bit key, for the sorts evaluation does on dense integers: a
//! walk's hits by entity position ([`super::set::Reached`]) and an answer's rows by name rank
//! (when they are first read, `rows::Pending::ordered`). At a million people these sort tens of thousands of items
//! whose keys span a million values, where a comparison sort's O(n log n) costs several times
//! the two linear passes of this one.

/// Below this many items, [`sort_by_u32`] is the standard library's stable sort: a radix
/// sort's counts cost more than it saves.
pub(super) const RADIX_MIN: usize = 256;

/// Bits of the key sorted on in one pass of [`sort_by_u32`].
const RADIX_BITS: u32 = 11;

/// Sorts `items` by `key`, stably (items with equal keys stay in the order they came), as
/// `items.sort_by_key(key)` does. Cost: O(n) for a least-significant-digit radix sort of one
/// pass per 11 bits of the largest key (two passes for keys below two million, three for
/// any `u32`), a copy of the items and two thousand counts per pass, `key` called once per
/// item per pass plus once; O(n log n) below [`RADIX_MIN`] items.
pub(super) fn sort_by_u32<T: Copy>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    if items.len() < RADIX_MIN {
        items.sort_by_key(key);
        return;
    }
    let max = items.iter().map(&key).max().unwrap_or(0);
    let bits = u32::BITS - max.leading_zeros();
    let passes = bits.div_ceil(RADIX_BITS);
    const BUCKETS: usize = 1 << RADIX_BITS;
    let mask = (BUCKETS - 1) as u32;
    // The counts of every pass, from one read of the items.
    let mut counts = vec![[0u32; BUCKETS]; passes as usize];
    for item in items.iter() {
        let k = key(item);
        for (p, count) in counts.iter_mut().enumerate() {
            count[((k >> (p as u32 * RADIX_BITS)) & mask) as usize] += 1;
        }
    }
    let mut other: Vec<T> = items.clone();
    for (p, count) in counts.iter_mut().enumerate() {
        let shift = p as u32 * RADIX_BITS;
        // A pass where every item has the same digit keeps the order: skipped.
        if count.iter().any(|&c| c as usize == items.len()) {
            continue;
        }
        // Each digit's first place in the output: the counts of the smaller digits.
        let mut next = 0u32;
        for c in count.iter_mut() {
            let n = *c;
            *c = next;
            next += n;
        }
        // In input order, so that equal digits keep the order of the pass before: stable.
        for item in items.iter() {
            let d = ((key(item) >> shift) & mask) as usize;
            other[count[d] as usize] = *item;
            count[d] += 1;
        }
        std::mem::swap(items, &mut other);
    }
}

#[cfg(test)]
mod tests {
    use super::{RADIX_MIN, sort_by_u32};
    use proptest::prelude::*;

    proptest! {
        /// The radix sort is the standard library's stable sort by the same key: the same
        /// order, items of one key in the order they came. Sizes reach past `RADIX_MIN`, keys
        /// span one, two and three passes of bits, and many items share a key.
        #[test]
        fn it_is_the_standard_stable_sort(
            keys in prop::collection::vec(
                prop_oneof![0u32..40, 0u32..5_000, 0u32..(1 << 23), any::<u32>()],
                0..(4 * RADIX_MIN),
            )
        ) {
            // Each item is its key and where it came, so that stability shows.
            let items: Vec<(u32, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items;
            sort_by_u32(&mut sorted, |item| item.0);
            prop_assert_eq!(sorted, expected);
        }
    }
}
