//! The order of entities by name, which answers sort their rows by: built from the names on
//! first use and dropped by every write that adds an entity, so that sorting a row costs a
//! lookup instead of normalizing its name.

use super::Graph;
use crate::model::{EntityId, normalize};

/// Per entity (by position), its place among all entities ordered by [`normalize`]d name,
/// then by position.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameOrder {
    rank: Vec<u32>,
}

impl NameOrder {
    /// Cost: O(n log n) comparisons for n entities, most of them of a 16-byte prefix.
    fn build(graph: &Graph) -> NameOrder {
        let n = graph.entities.len();
        // The normalized names in one buffer, each with its first sixteen bytes as a number
        // (zero-padded, which orders a shorter name first as comparing the text would), so
        // that most comparisons read no text.
        let mut text = String::new();
        let mut ends: Vec<usize> = Vec::with_capacity(n);
        let mut keys: Vec<(u128, u32)> = Vec::with_capacity(n);
        for i in 0..n {
            let start = text.len();
            text.push_str(&normalize(graph.entities.name(i)));
            let name = &text.as_bytes()[start..];
            let mut prefix = [0u8; 16];
            let head = name.len().min(16);
            prefix[..head].copy_from_slice(&name[..head]);
            ends.push(text.len());
            keys.push((u128::from_be_bytes(prefix), to_u32(i)));
        }
        let name = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &text.as_bytes()[start..ends[i]]
        };
        keys.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| name(a.1).cmp(name(b.1)))
                .then(a.1.cmp(&b.1))
        });
        let mut rank = vec![0; n];
        for (place, (_, i)) in keys.into_iter().enumerate() {
            rank[i as usize] = to_u32(place);
        }
        NameOrder { rank }
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
    /// entity was added builds the order, O(n log n) over all entities.
    pub(crate) fn name_rank(&self, id: EntityId) -> u32 {
        let order = self.name_order.get_or_init(|| NameOrder::build(self));
        order.rank.get(id.index()).copied().unwrap_or(u32::MAX)
    }
}
