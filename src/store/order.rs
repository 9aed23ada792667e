//! The order of entities by name, which answers sort their rows by, so that sorting a row
//! costs a lookup instead of normalizing its name: built at the end of a load (on the thread
//! that indexes the names, while the adjacency arrays are built) and by `Graph::compact`, else
//! on first use; dropped by every write that adds an entity.
//!
//! The names are normalized into one buffer and radix-sorted, most significant byte first:
//! a comparison sort of a million names took 0.3 s, most of it comparing names that share
//! their first sixteen bytes ("Arrest of …") at random places in that buffer.

use super::Graph;
use super::entities::Entities;
use crate::model::{EntityId, normalize_into};

/// Per entity (by position), its place among all entities ordered by [`normalize`]d name,
/// then by position.
///
/// [`normalize`]: crate::model::normalize
#[derive(Clone, Debug, Default)]
pub(crate) struct NameOrder {
    rank: Vec<u32>,
}

impl NameOrder {
    /// The order of `entities`. Cost: O(L + n) for n entities whose names total L bytes,
    /// with no allocation per name: normalizing them, then a radix sort in which a name is
    /// moved at most once per byte it shares with more than [`SMALL`] others, and groups of
    /// at most [`SMALL`] are sorted with comparisons. See [`Names::ranks`].
    pub(super) fn build(entities: &Entities) -> NameOrder {
        NameOrder::of(&Names::of(entities.len(), |i| entities.name(i)))
    }

    /// The order of names already normalized. Cost: as [`NameOrder::build`], less the
    /// normalizing.
    pub(super) fn of(names: &Names) -> NameOrder {
        NameOrder {
            rank: names.ranks(),
        }
    }
}

/// Names normalized into one buffer: for the order, and for a load that indexes them too.
pub(super) struct Names {
    text: String,
    /// Where each name ends in `text` (name `i` starts where name `i - 1` ends).
    ends: Vec<usize>,
}

impl Names {
    /// The `n` names `name(0)`, `name(1)`, … normalized. Cost: O(total length), one
    /// allocation for them all.
    pub(super) fn of<'a>(n: usize, name: impl Fn(usize) -> &'a str) -> Names {
        // Normalizing shortens an ASCII name or keeps its length.
        let mut names = Names {
            text: String::with_capacity((0..n).map(|i| name(i).len()).sum()),
            ends: Vec::with_capacity(n),
        };
        for i in 0..n {
            normalize_into(name(i), &mut names.text);
            names.ends.push(names.text.len());
        }
        names
    }

    /// Name `i`, normalized. Cost: O(1).
    pub(super) fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn get(&self, i: u32) -> &[u8] {
        self.name(i as usize).as_bytes()
    }

    /// Per name, its place among them all ordered by normalized name, then by position.
    fn ranks(&self) -> Vec<u32> {
        let n = self.ends.len();
        let mut items: Vec<Item> = (0..n)
            .map(|i| {
                let at = to_u32(i);
                Item {
                    key: window(self.get(at), 0),
                    at,
                }
            })
            .collect();
        sort(&mut items, self);
        let mut rank = vec![0; n];
        for (place, item) in items.iter().enumerate() {
            rank[item.at as usize] = to_u32(place);
        }
        rank
    }
}

/// The bytes of a name a sort key holds.
const WINDOW: usize = 16;

/// Groups of at most this many names are sorted with comparisons rather than radix passes
/// (each of which costs two arrays of 256 counts): at a million names, 256 took half the CPU
/// time of the comparison sort it replaced, 32 four fifths.
const SMALL: usize = 256;

/// A name being sorted: bytes `from..from + WINDOW` of the normalized name (zero past its
/// end, which orders a name before any longer one it begins: a normalized name holds only
/// letters, digits and spaces, never a zero byte), and its position.
#[derive(Clone, Copy, Default)]
struct Item {
    key: [u8; WINDOW],
    at: u32,
}

/// Bytes `from..from + WINDOW` of `name`, zero-padded.
fn window(name: &[u8], from: usize) -> [u8; WINDOW] {
    let mut key = [0; WINDOW];
    let rest = name.get(from..).unwrap_or_default();
    let head = rest.len().min(WINDOW);
    key[..head].copy_from_slice(&rest[..head]);
    key
}

/// Sorts `items`, given in position order with their first windows, by (normalized name,
/// position).
///
/// A most-significant-byte radix sort: a group of items that share their names' first bytes
/// is distributed by the first byte where they differ into buckets, stably, so that each
/// bucket stays in position order and a bucket of names that all end there (byte zero) is
/// done. A group that shares its whole window reads the names' next window; a small group is
/// sorted with comparisons of its keys, then of the rest of the names where keys are equal.
fn sort(items: &mut [Item], names: &Names) {
    let mut scratch = vec![Item::default(); items.len()];
    // Groups to sort: items[start..end], sharing their names' first `from + depth` bytes,
    // their keys holding the window at `from`. A stack, not recursion: a long shared prefix
    // makes many levels.
    let mut groups = vec![(0, items.len(), 0, 0)];
    while let Some((start, end, mut from, mut depth)) = groups.pop() {
        let group = &mut items[start..end];
        if group.len() <= SMALL {
            sort_small(group, names, from);
            continue;
        }
        // The first byte where the keys differ; none if every name ends in a window they
        // share: they are equal, and in position order.
        let Some(depth) = (loop {
            if depth == WINDOW {
                // The whole window is shared and holds no end: on to the next.
                from += WINDOW;
                for item in group.iter_mut() {
                    item.key = window(names.get(item.at), from);
                }
            }
            // The bytes every key of the group shares: one pass instead of one per byte.
            let first = u128::from_be_bytes(group[0].key);
            let differ = group.iter().fold(0, |differ, item| {
                differ | (u128::from_be_bytes(item.key) ^ first)
            });
            if differ != 0 {
                break Some((differ.leading_zeros() / 8) as usize);
            }
            if first & 0xff == 0 {
                break None;
            }
            depth = WINDOW;
        }) else {
            continue;
        };
        let mut counts = [0usize; 256];
        for item in group.iter() {
            counts[usize::from(item.key[depth])] += 1;
        }
        let mut next = [0usize; 256];
        let mut at = 0;
        for (byte, count) in counts.iter().enumerate() {
            next[byte] = at;
            at += count;
        }
        let out = &mut scratch[start..end];
        for item in group.iter() {
            let slot = &mut next[usize::from(item.key[depth])];
            out[*slot] = *item;
            *slot += 1;
        }
        group.copy_from_slice(out);
        let mut bucket = start;
        for (byte, &count) in counts.iter().enumerate() {
            // Byte zero: names that end here, equal, in position order.
            if byte != 0 && count > 1 {
                groups.push((bucket, bucket + count, from, depth + 1));
            }
            bucket += count;
        }
    }
}

/// Sorts a small group whose keys hold the window at `from`: by key and position, then the
/// runs of equal keys whose names go on past the window by the rest of the names.
fn sort_small(group: &mut [Item], names: &Names, from: usize) {
    group.sort_unstable_by_key(|item| (u128::from_be_bytes(item.key), item.at));
    let mut run = 0;
    while run < group.len() {
        let key = group[run].key;
        let end = run
            + group[run..]
                .iter()
                .take_while(|item| item.key == key)
                .count();
        if end - run > 1 && key[WINDOW - 1] != 0 {
            let rest = |item: &Item| names.get(item.at).get(from + WINDOW..).unwrap_or_default();
            group[run..end].sort_unstable_by(|a, b| rest(a).cmp(rest(b)).then(a.at.cmp(&b.at)));
        }
        run = end;
    }
}

/// A position as 32 bits: a graph holds fewer than `u32::MAX` entities (`add_entity` refuses
/// more).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Graph {
    /// The place of `id` among all entities ordered by [`normalize`]d name, then by handle:
    /// sorting by it sorts by `(normalize(name), id)`. Cost: O(1); the first call after an
    /// entity was added, unless a load or [`Graph::compact`] ended since, builds the order over
    /// all entities ([`NameOrder::build`]: a radix sort of their normalized names).
    ///
    /// [`normalize`]: crate::model::normalize
    pub(crate) fn name_rank(&self, id: EntityId) -> u32 {
        let order = self
            .name_order
            .get_or_init(|| NameOrder::build(&self.entities));
        order.rank.get(id.index()).copied().unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::{Names, SMALL, WINDOW};
    use crate::model::normalize;
    use proptest::prelude::*;

    /// Per name (in the order given), its place among them all ordered by normalized name,
    /// then by the order given, as the order computes it.
    fn ranks(names: &[String]) -> Vec<u32> {
        Names::of(names.len(), |i| &names[i]).ranks()
    }

    /// Per name, its place when the names are sorted by (normalized name, position): what
    /// [`ranks`] must give, computed the plain way.
    fn expected(names: &[String]) -> Vec<u32> {
        let mut by_name: Vec<(String, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (normalize(name), i))
            .collect();
        by_name.sort();
        let mut rank = vec![0; names.len()];
        for (place, (_, i)) in by_name.into_iter().enumerate() {
            rank[i] = place as u32;
        }
        rank
    }

    /// A name: one of a few beginnings, two of them sharing more than a window once
    /// normalized, one non-ASCII (which normalization decomposes and lowercases), then a
    /// few letters, spaces, accents and punctuation; sometimes nothing at all.
    fn name() -> impl Strategy<Value = String> {
        let beginnings = prop::sample::select(vec![
            "",
            "Arrest of Aleksandr Kovalenko",
            "Arrest of Aleksandr Kovalenkova",
            "Ежов Николай Иванович, нарком",
            "Kollontái",
            "a",
        ]);
        (beginnings, "[aAbé Ж,.'ÁĲ-]{0,20}").prop_map(|(head, tail)| format!("{head}{tail}"))
    }

    proptest! {
        // Lists of hundreds of names: fewer cases than the default keep the debug build quick.
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The radix sort gives every name the place that sorting by (normalized name,
        /// position) gives it. Lists reach well past `SMALL`, so that groups sharing a whole
        /// window are radix-sorted on the next one, and many names are equal or empty.
        #[test]
        fn the_rank_is_the_place_by_normalized_name_then_position(
            names in prop::collection::vec(name(), 0..(4 * SMALL))
        ) {
            prop_assert_eq!(ranks(&names), expected(&names));
        }
    }

    /// Many names sharing several windows, differing only far in, and all alike but for
    /// their position: every radix path at once.
    #[test]
    fn long_shared_prefixes_are_sorted_window_by_window() {
        let prefix = "x".repeat(3 * WINDOW + 5);
        let mut names = Vec::new();
        for i in 0..(4 * SMALL) {
            names.push(format!("{prefix}{}", (i * 7919) % 97));
            names.push(prefix.clone());
            names.push(format!("{prefix}{}{prefix}", i % 3));
        }
        assert_eq!(ranks(&names), expected(&names));
    }

    /// The graph's order is that of its entities' normalized names, then handles.
    #[test]
    fn the_bundled_graph_sorts_by_normalized_name_then_handle() {
        let graph = crate::load("data").expect("bundled data loads");
        let mut by_rank: Vec<_> = graph.entities().map(|(id, _)| id).collect();
        by_rank.sort_by_key(|&id| graph.name_rank(id));
        let mut by_name: Vec<_> = graph
            .entities()
            .map(|(id, e)| (normalize(&e.name), id))
            .collect();
        by_name.sort();
        let by_name: Vec<_> = by_name.into_iter().map(|(_, id)| id).collect();
        assert_eq!(by_rank, by_name);
    }
}
