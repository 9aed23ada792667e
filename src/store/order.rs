//! The order of entities by name, which answers sort their rows by, so that sorting a row
//! costs a lookup instead of normalizing its name: built at the end of a load (on the thread
//! that indexes the names, while the adjacency arrays are built) and by `Graph::compact`, else
//! on first use. A write that adds an entity sets it aside; the next use then extends it with
//! the entities added since, where they are few next to it (a reasoned graph's inferred
//! events: 35,000 next to 1.4 million), rather than sorting every name again.
//!
//! The names are normalized into one buffer and radix-sorted, most significant byte first:
//! a comparison sort of a million names took 0.3 s, most of it comparing names that share
//! their first sixteen bytes ("Arrest of …") at random places in that buffer.

use std::sync::Arc;

use super::Graph;
use super::entities::Entities;
use crate::model::{EntityId, normalize_into};

/// Per entity (by position), its place among all entities ordered by [`normalize`]d name,
/// then by position. Shared by the clones of a graph (a reasoned graph, the copy a load
/// works on) rather than copied.
///
/// [`normalize`]: crate::model::normalize
#[derive(Clone, Debug, Default)]
pub(crate) struct NameOrder {
    rank: Arc<[u32]>,
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
            rank: names.ranks().into(),
        }
    }

    /// The number of entities the order places.
    pub(super) fn len(&self) -> usize {
        self.rank.len()
    }

    /// Whether [`NameOrder::extend`]ing this order to `n` entities costs less than building
    /// theirs: the entities added are at most a quarter of those it places.
    pub(super) fn extends_to(&self, n: usize) -> bool {
        n >= self.len() && n - self.len() <= self.len() / 4
    }

    /// The order of `entities` from this order of the first [`NameOrder::len`] of them: the
    /// others' names are normalized and sorted among themselves ([`Names::ranks`]), then
    /// merged in, each placed after the names that sort before it or equal it (equal names
    /// go by position, and every added entity comes after those placed). The same order as
    /// [`NameOrder::build`]. Cost: O(n) for the arrays of n places, plus O(a log a) to sort
    /// the a names added, plus O(a log(n / a)) names normalized again to merge them in
    /// (a galloping search from where the last one went).
    pub(super) fn extend(&self, entities: &Entities) -> NameOrder {
        self.extend_with(entities.len(), |i| entities.name(i))
    }

    fn extend_with<'a>(&self, n: usize, name: impl Fn(usize) -> &'a str) -> NameOrder {
        let placed = self.len();
        // The placed positions in order, and the added ones (from `placed`) in theirs.
        let mut before = vec![0u32; placed];
        for (at, &place) in self.rank.iter().enumerate() {
            before[place as usize] = to_u32(at);
        }
        let added = Names::of(n - placed, |i| name(placed + i));
        let mut after = vec![0u32; n - placed];
        for (i, place) in added.ranks().into_iter().enumerate() {
            after[place as usize] = to_u32(i);
        }
        let mut scratch = String::new();
        // Whether the placed name at position `at` sorts after `new` (an equal one does not:
        // it comes first, by position).
        let mut sorts_after = |at: u32, new: &[u8]| {
            scratch.clear();
            normalize_into(name(at as usize), &mut scratch);
            scratch.as_bytes() > new
        };
        let mut rank = vec![0u32; n];
        let mut place = 0u32;
        let mut from = 0;
        for i in after {
            let new = added.get(i);
            // The first placed name from `from` that sorts after `new`: probes at `from`,
            // `from + 1`, `from + 3`, … until one does, then a binary search below it.
            let (mut low, mut high) = (from, placed);
            let mut step = 1;
            while let Some(&at) = before.get(from + step - 1) {
                if sorts_after(at, new) {
                    high = from + step - 1;
                    break;
                }
                low = from + step;
                step *= 2;
            }
            low += before[low..high].partition_point(|&at| !sorts_after(at, new));
            for &at in &before[from..low] {
                rank[at as usize] = place;
                place += 1;
            }
            rank[placed + i as usize] = place;
            place += 1;
            from = low;
        }
        for &at in &before[from..] {
            rank[at as usize] = place;
            place += 1;
        }
        NameOrder { rank: rank.into() }
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
    /// entity was added, unless a load or [`Graph::compact`] ended since, extends the order
    /// set aside by the write with the entities added since ([`NameOrder::extend`]), or, if
    /// they are more than a quarter of those it placed, builds the order over all entities
    /// ([`NameOrder::build`]: a radix sort of their normalized names).
    ///
    /// [`normalize`]: crate::model::normalize
    pub(crate) fn name_rank(&self, id: EntityId) -> u32 {
        self.name_order()
            .rank
            .get(id.index())
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The order by name, made on first use as [`Graph::name_rank`] says.
    pub(super) fn name_order(&self) -> &NameOrder {
        self.name_order
            .get_or_init(|| match &self.name_order_before {
                Some(before) if before.extends_to(self.entities.len()) => {
                    before.extend(&self.entities)
                }
                _ => NameOrder::build(&self.entities),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::{NameOrder, Names, SMALL, WINDOW};
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

        /// The order of the first names, extended with the rest, is the order of them all,
        /// however many were placed first (none, all, or any number between).
        #[test]
        fn an_extended_order_is_the_order_of_all_the_names(
            names in prop::collection::vec(name(), 0..(2 * SMALL)),
            split in 0.0..=1.0f64,
        ) {
            let placed = ((names.len() as f64) * split) as usize;
            let first = NameOrder::of(&Names::of(placed, |i| &names[i]));
            let extended = first.extend_with(names.len(), |i| &names[i]);
            prop_assert_eq!(extended.rank.to_vec(), expected(&names));
        }
    }

    /// A graph that gains entities after its order was made orders them all, whether the
    /// order is extended (a few added) or made again (many added), as a graph loaded with
    /// them all would.
    #[test]
    fn entities_added_after_the_order_are_ordered_with_the_rest() {
        let loaded = crate::load("data").expect("bundled data loads");
        let person = loaded.schema().kind("person").expect("declared");
        for added in [3, loaded.n_entities() / 2] {
            let mut graph = loaded.clone();
            let names = ["Zinoviev", "", "Abakumov", "Ежов", "Bukharin", "kirov"];
            for i in 0..added {
                let name = format!("{} {}", names[i % names.len()], i % 7);
                let slug = format!("added-{i}").parse().expect("a slug");
                graph
                    .add_entity(crate::model::Entity::new(slug, person, name))
                    .expect("added");
            }
            assert!(graph.name_order_before.is_some(), "the order was set aside");
            assert_sorted_by_name(&graph, &format!("{added} added"));
        }
    }

    /// Checks that `graph`'s ranks order its entities by normalized name, then handle.
    fn assert_sorted_by_name(graph: &crate::Graph, what: &str) {
        let mut by_rank: Vec<_> = graph.entities().map(|(id, _)| id).collect();
        by_rank.sort_by_key(|&id| graph.name_rank(id));
        let mut by_name: Vec<_> = graph
            .entities()
            .map(|(id, e)| (normalize(&e.name), id))
            .collect();
        by_name.sort();
        let by_name: Vec<_> = by_name.into_iter().map(|(_, id)| id).collect();
        assert_eq!(by_rank, by_name, "{what}");
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
        assert_sorted_by_name(&graph, "the bundled graph");
    }
}
