//! The tables that find entities by slug and by normalized name, holding positions rather
//! than copies of the strings: the strings live once, in the entities' columns.
//!
//! A map keyed by owned `String`s copied every slug and every normalized name (with a `Vec`
//! per name) beside the entities, about 100 bytes per entity at a million people; these
//! tables hold 8 bytes per slug and 24 per name, and compare against the entity's own slug or
//! name (normalized again) only when the 32-bit hashes agree.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::entities::Entities;
use crate::model::{EntityId, normalize};

/// A string's 32-bit hash, kept in the tables so that growing them never reads the strings.
fn hash32(text: &str) -> u32 {
    let h = FxBuildHasher.hash_one(text);
    (h ^ (h >> 32)) as u32
}

/// The table's 64-bit hash of a kept 32-bit one (the table takes its bucket from the low bits
/// and a tag from the top ones, so both must vary).
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Entities by slug: each entry is (hash of the slug, entity position).
#[derive(Clone, Default)]
pub(super) struct Slugs {
    table: HashTable<(u32, u32)>,
}

impl Slugs {
    /// The position of the entity with this slug. Cost: O(len of slug) expected.
    pub(super) fn get(&self, entities: &Entities, slug: &str) -> Option<usize> {
        let h = hash32(slug);
        self.table
            .find(spread(h), |&(eh, at)| {
                eh == h && entities.slug(at as usize) == slug
            })
            .map(|&(_, at)| at as usize)
    }

    /// Records that entity `at` has `slug`, which no other entity has. Cost: O(len of slug)
    /// expected, amortized.
    pub(super) fn insert(&mut self, slug: &str, at: usize) {
        let h = hash32(slug);
        self.table
            .insert_unique(spread(h), (h, at as u32), |&(eh, _)| spread(eh));
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.table.reserve(more, |&(eh, _)| spread(eh));
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit(|&(eh, _)| spread(eh));
    }
}

/// The entities that answer to one normalized name: one inline, or a list in
/// [`Names::shared`].
#[derive(Clone, Copy)]
enum Ids {
    One(EntityId),
    Many(u32),
}

/// A normalized name: its hash, an entity and which of its names (0 its name, `i` its alias
/// `i - 1`) normalizes to it, and the entities that answer to it.
#[derive(Clone, Copy)]
struct NameEntry {
    hash: u32,
    entity: u32,
    slot: u32,
    ids: Ids,
}

/// Entities by normalized name and alias.
#[derive(Clone, Default)]
pub(super) struct Names {
    table: HashTable<NameEntry>,
    /// The lists of names that more than one entity answers to.
    shared: Vec<Vec<EntityId>>,
}

/// Name `slot` of entity `at`: its name, then its aliases.
fn name_at(entities: &Entities, at: u32, slot: u32) -> &str {
    match slot {
        0 => entities.name(at as usize),
        i => &entities.aliases(at as usize)[i as usize - 1],
    }
}

impl Names {
    fn find(&self, entities: &Entities, normalized: &str) -> Option<&NameEntry> {
        let h = hash32(normalized);
        self.table.find(spread(h), |e| {
            e.hash == h && normalize(name_at(entities, e.entity, e.slot)) == normalized
        })
    }

    /// The entities with a name or alias that normalizes to `normalized`. Cost: O(len)
    /// expected.
    pub(super) fn get<'a>(&'a self, entities: &Entities, normalized: &str) -> &'a [EntityId] {
        match self.find(entities, normalized) {
            None => &[],
            Some(NameEntry {
                ids: Ids::One(id), ..
            }) => std::slice::from_ref(id),
            Some(NameEntry {
                ids: Ids::Many(k), ..
            }) => &self.shared[*k as usize],
        }
    }

    /// Whether some name normalizes to `normalized`. Cost: O(len) expected.
    pub(super) fn contains(&self, entities: &Entities, normalized: &str) -> bool {
        self.find(entities, normalized).is_some()
    }

    /// Records that `id`, at position `at` of `entities` (already there), answers to its name
    /// `slot` once normalized as `normalized`. Cost: O(len) expected, amortized, plus a scan
    /// of the entities already sharing the name.
    pub(super) fn insert(
        &mut self,
        entities: &Entities,
        normalized: &str,
        id: EntityId,
        slot: usize,
    ) {
        let h = hash32(normalized);
        let found = self.table.find_mut(spread(h), |e| {
            e.hash == h && normalize(name_at(entities, e.entity, e.slot)) == normalized
        });
        match found {
            Some(entry) => match entry.ids {
                Ids::One(first) if first != id => {
                    entry.ids = Ids::Many(self.shared.len() as u32);
                    self.shared.push(vec![first, id]);
                }
                Ids::One(_) => {}
                Ids::Many(k) => {
                    let list = &mut self.shared[k as usize];
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
            },
            None => {
                self.table.insert_unique(
                    spread(h),
                    NameEntry {
                        hash: h,
                        entity: id.index() as u32,
                        slot: slot as u32,
                        ids: Ids::One(id),
                    },
                    |e| spread(e.hash),
                );
            }
        }
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.table.reserve(more, |e| spread(e.hash));
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit(|e| spread(e.hash));
        self.shared.shrink_to_fit();
    }
}
