//! A stable radix sort on a 32-bit key, for the sorts evaluation does on dense integers: a
//! walk's hits by entity position ([`super::set::Reached`]) and an answer's rows by name rank
//! (when they are first read, `rows::Pending::ordered`). At a million people these sort tens
//! of thousands of items whose keys span a million values, where a comparison sort's
//! O(n log n) costs several times the one or two linear passes of this one.

/// Below this many items, [`sort_by_u32`] is the standard library's stable sort: a radix
/// sort's counts cost more than it saves.
pub(super) const RADIX_MIN: usize = 256;

/// The fewest bits of the key sorted on in one pass of [`sort_by_u32`].
const NARROW_BITS: u32 = 11;

/// The most bits of the key sorted on in one pass, when there are items enough to pay for
/// the counts of that many buckets.
const WIDE_BITS: u32 = 16;

/// Sorts `items` by `key`, stably (items with equal keys stay in the order they came), as
/// `items.sort_by_key(key)` does. Cost: O(n) for a least-significant-digit radix sort, a
/// copy of the items and `key` called once per item per pass plus once; O(n log n) below
/// [`RADIX_MIN`] items.
///
/// As few passes as the items pay for: one per 16 bits of the largest key where a pass's
/// buckets are no more than twice the items (Q3's 19,684 hits on keys of 14 bits: one pass
/// of 16,384 counts, where two passes of 2,048 moved every hit twice), else one per 11 bits
/// (two passes for keys below two million, three for any `u32`).
pub(super) fn sort_by_u32<T: Copy>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    if items.len() < RADIX_MIN {
        items.sort_by_key(key);
        return;
    }
    let max = items.iter().map(&key).max().unwrap_or(0);
    let bits = u32::BITS - max.leading_zeros();
    if bits == 0 {
        // Every key is 0: the items are in order already.
        return;
    }
    // The widest passes: as few as 16 bits each allow, of equal width.
    let wide = bits.div_ceil(bits.div_ceil(WIDE_BITS));
    let width = if 1usize << wide <= items.len().saturating_mul(2) {
        wide
    } else {
        NARROW_BITS
    };
    let passes = bits.div_ceil(width) as usize;
    let buckets = 1usize << width;
    let mask = (buckets - 1) as u32;
    // The counts of every pass, from one read of the items.
    let mut counts = vec![0u32; passes * buckets];
    for item in items.iter() {
        let k = key(item);
        for (p, count) in counts.chunks_exact_mut(buckets).enumerate() {
            count[((k >> (p as u32 * width)) & mask) as usize] += 1;
        }
    }
    let mut other: Vec<T> = items.clone();
    for (p, count) in counts.chunks_exact_mut(buckets).enumerate() {
        let shift = p as u32 * width;
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

    /// Sorts items keyed by `keys` both ways; each item is its key and where it came, so that
    /// stability shows.
    fn sorts_as_the_standard_stable_sort(keys: Vec<u32>) -> Result<(), TestCaseError> {
        let items: Vec<(u32, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        let mut sorted = items;
        sort_by_u32(&mut sorted, |item| item.0);
        prop_assert_eq!(sorted, expected);
        Ok(())
    }

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
            sorts_as_the_standard_stable_sort(keys)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// The same with items enough for wide passes: one pass of 14 bits (a walk's hits on
        /// the first ten thousand entities), two of 16 bits (any `u32`, past 32,768 items),
        /// and narrow passes below that.
        #[test]
        fn wide_passes_are_the_standard_stable_sort(
            keys in prop_oneof![
                prop::collection::vec(0u32..(1 << 14), 9_000..20_000),
                prop::collection::vec(any::<u32>(), 20_000..40_000),
                prop::collection::vec(0u32..(1 << 21), 300..3_000),
            ]
        ) {
            sorts_as_the_standard_stable_sort(keys)?;
        }
    }
}
