//! The tables that find entities by slug and by normalized name, holding positions rather
//! than copies of the strings: the strings live once, in the entities' columns.
//!
//! A map keyed by owned `String`s copied every slug and every normalized name (with a `Vec`
//! per name) beside the entities, about 100 bytes per entity at a million people; these
//! tables hold 8 bytes per slug and 24 per name, and compare against the entity's own slug or
//! name (normalized again) only when the 32-bit hashes agree.
//!
//! Each table is in two layers, as a [`Shared`](super::shared::Shared) column is: a frozen
//! one behind an `Arc`, shared with the graph's clones and never written, and an owned tail
//! that writes go to. A lookup reads the tail first (when it holds anything), then the frozen
//! layer. A name already in the frozen layer that a write adds an entity to is copied into the
//! tail with its entities, so the tail's entry is the whole answer and shadows the frozen one.

use std::hash::BuildHasher;
use std::sync::Arc;

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

/// One layer of [`Slugs`]: each entry is (hash of the slug, entity position).
#[derive(Clone, Default)]
struct SlugTable {
    table: HashTable<(u32, u32)>,
}

impl SlugTable {
    fn get(&self, entities: &Entities, slug: &str, h: u32) -> Option<usize> {
        self.table
            .find(spread(h), |&(eh, at)| {
                eh == h && entities.slug(at as usize) == slug
            })
            .map(|&(_, at)| at as usize)
    }

    fn insert(&mut self, h: u32, at: u32) {
        self.table
            .insert_unique(spread(h), (h, at), |&(eh, _)| spread(eh));
    }
}

/// Entities by slug, in a frozen layer and a tail (see the module docs).
#[derive(Clone, Default)]
pub(super) struct Slugs {
    frozen: Arc<SlugTable>,
    tail: SlugTable,
}

impl Slugs {
    /// The position of the entity with this slug. Cost: O(len of slug) expected.
    pub(super) fn get(&self, entities: &Entities, slug: &str) -> Option<usize> {
        let h = hash32(slug);
        if !self.tail.table.is_empty()
            && let Some(at) = self.tail.get(entities, slug, h)
        {
            return Some(at);
        }
        self.frozen.get(entities, slug, h)
    }

    /// Records that entity `at` has `slug`, which no other entity has. Cost: O(len of slug)
    /// expected, amortized.
    pub(super) fn insert(&mut self, slug: &str, at: usize) {
        self.tail.insert(hash32(slug), at as u32);
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.tail.table.reserve(more, |&(eh, _)| spread(eh));
    }

    /// Moves the tail into the frozen layer when that is empty or no clone shares it, else
    /// gives back the room the tail grew into: never copies a shared layer. Cost: O(tail),
    /// O(len) to shrink a table that grew past its need.
    pub(super) fn freeze(&mut self) {
        if self.frozen.table.is_empty() {
            self.frozen = Arc::new(std::mem::take(&mut self.tail));
        } else if let Some(frozen) = Arc::get_mut(&mut self.frozen) {
            for (h, at) in std::mem::take(&mut self.tail).table {
                frozen.insert(h, at);
            }
        }
        self.tail.table.shrink_to_fit(|&(eh, _)| spread(eh));
        if let Some(frozen) = Arc::get_mut(&mut self.frozen) {
            frozen.table.shrink_to_fit(|&(eh, _)| spread(eh));
        }
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

/// One layer of [`Names`].
#[derive(Clone, Default)]
struct NameTable {
    table: HashTable<NameEntry>,
    /// The lists of names that more than one entity answers to.
    shared: Vec<Vec<EntityId>>,
}

/// Entities by normalized name and alias, in a frozen layer and a tail (see the module docs).
#[derive(Clone, Default)]
pub(super) struct Names {
    frozen: Arc<NameTable>,
    tail: NameTable,
}

/// Name `slot` of entity `at`: its name, then its aliases.
fn name_at(entities: &Entities, at: u32, slot: u32) -> &str {
    match slot {
        0 => entities.name(at as usize),
        i => &entities.aliases(at as usize)[i as usize - 1],
    }
}

impl NameTable {
    fn find(&self, entities: &Entities, normalized: &str, h: u32) -> Option<&NameEntry> {
        self.table.find(spread(h), |e| {
            e.hash == h && normalize(name_at(entities, e.entity, e.slot)) == normalized
        })
    }

    /// The entities an entry of this table answers with.
    fn ids<'a>(&'a self, entry: &'a NameEntry) -> &'a [EntityId] {
        match &entry.ids {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(k) => &self.shared[*k as usize],
        }
    }

    /// Adds `entry` of `from` (a name this table does not hold), with its entities.
    fn adopt(&mut self, from: &NameTable, entry: &NameEntry) {
        let ids = match entry.ids {
            Ids::One(id) => Ids::One(id),
            Ids::Many(k) => {
                self.shared.push(from.shared[k as usize].clone());
                Ids::Many(self.shared.len() as u32 - 1)
            }
        };
        self.table
            .insert_unique(spread(entry.hash), NameEntry { ids, ..*entry }, |e| {
                spread(e.hash)
            });
    }

    fn insert(&mut self, entities: &Entities, normalized: &str, h: u32, id: EntityId, slot: usize) {
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

    fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit(|e| spread(e.hash));
        self.shared.shrink_to_fit();
    }
}

impl Names {
    fn find(&self, entities: &Entities, normalized: &str) -> Option<(&NameTable, &NameEntry)> {
        let h = hash32(normalized);
        if !self.tail.table.is_empty()
            && let Some(entry) = self.tail.find(entities, normalized, h)
        {
            return Some((&self.tail, entry));
        }
        let frozen = &*self.frozen;
        frozen.find(entities, normalized, h).map(|e| (frozen, e))
    }

    /// The entities with a name or alias that normalizes to `normalized`. Cost: O(len)
    /// expected.
    pub(super) fn get<'a>(&'a self, entities: &Entities, normalized: &str) -> &'a [EntityId] {
        self.find(entities, normalized)
            .map_or(&[], |(table, entry)| table.ids(entry))
    }

    /// Whether some name normalizes to `normalized`. Cost: O(len) expected.
    pub(super) fn contains(&self, entities: &Entities, normalized: &str) -> bool {
        self.find(entities, normalized).is_some()
    }

    /// Records that `id`, at position `at` of `entities` (already there), answers to its name
    /// `slot` once normalized as `normalized`. Cost: O(len) expected, amortized, plus a scan
    /// of the entities already sharing the name (a copy of them, the first time a name of the
    /// frozen layer gets another).
    pub(super) fn insert(
        &mut self,
        entities: &Entities,
        normalized: &str,
        id: EntityId,
        slot: usize,
    ) {
        let h = hash32(normalized);
        if self.tail.find(entities, normalized, h).is_none()
            && let Some(entry) = self.frozen.find(entities, normalized, h)
        {
            if self.frozen.ids(entry).contains(&id) {
                return;
            }
            self.tail.adopt(&self.frozen, entry);
        }
        self.tail.insert(entities, normalized, h, id, slot);
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.tail.table.reserve(more, |e| spread(e.hash));
    }

    /// Moves the tail into the frozen layer when that is empty or no clone shares it (a
    /// name in both takes the tail's entities, which include the frozen layer's), else gives
    /// back the room the tail grew into: never copies a shared layer. Cost: O(tail), O(len)
    /// to shrink a table that grew past its need.
    pub(super) fn freeze(&mut self) {
        if self.frozen.table.is_empty() {
            self.frozen = Arc::new(std::mem::take(&mut self.tail));
        } else if let Some(frozen) = Arc::get_mut(&mut self.frozen) {
            let tail = std::mem::take(&mut self.tail);
            for entry in &tail.table {
                let NameTable { table, shared } = frozen;
                // The same name is the same (entity, slot): `adopt` copied both.
                let old = table.find_mut(spread(entry.hash), |e| {
                    e.hash == entry.hash && e.entity == entry.entity && e.slot == entry.slot
                });
                match (old, tail.ids(entry)) {
                    (Some(old), ids) => match old.ids {
                        Ids::Many(k) => shared[k as usize] = ids.to_vec(),
                        Ids::One(_) => {
                            old.ids = Ids::Many(shared.len() as u32);
                            shared.push(ids.to_vec());
                        }
                    },
                    (None, _) => frozen.adopt(&tail, entry),
                }
            }
        }
        self.tail.shrink_to_fit();
        if let Some(frozen) = Arc::get_mut(&mut self.frozen) {
            frozen.shrink_to_fit();
        }
    }
}
