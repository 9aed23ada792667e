//! The entities as compact columns: each entity's slug and name in one text buffer (two
//! 32-bit offsets per entity), its event kind in a 4-byte column, and its rare parts (aliases,
//! description, period, source details) in a side table keyed by position. Its kind lives in
//! the graph's `kinds` array.
//!
//! The text and the three columns are [`Shared`] with the graph's clones (a clone copies only
//! the side table of rare parts).
//!
//! An `Entity` value (224 bytes, plus its strings on the heap) is built only when
//! [`Graph::entity`](super::Graph::entity) reads it, into the entity's cache slot
//! (`OnceLock<Box<Entity>>`, 16 bytes, allocated for every entity on the first such read). Inside the crate, loading, indexing,
//! saving and querying read the columns through [`EntityRef`] and the graph's `slug_of`,
//! `name_of` and `event_kind_of`, which build nothing.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::shared::{Cache, Shared};

use crate::model::{Date, Entity, EventKindId, KindId, SourceInfo};

/// What few entities have: aliases, a description, a period, source details.
#[derive(Clone, Debug, Default)]
struct Rare {
    aliases: Vec<String>,
    description: Option<String>,
    period: Option<Date>,
    source: Option<SourceInfo>,
}

/// An entity read from the columns, borrowing them: what an `Entity` holds, without building
/// one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EntityRef<'a> {
    pub(crate) slug: &'a str,
    pub(crate) kind: KindId,
    pub(crate) name: &'a str,
    pub(crate) aliases: &'a [String],
    pub(crate) description: Option<&'a str>,
    pub(crate) period: Option<&'a Date>,
    pub(crate) event_kind: Option<EventKindId>,
    pub(crate) source: Option<&'a SourceInfo>,
}

impl<'a> EntityRef<'a> {
    /// Its name, then its aliases.
    pub(crate) fn names(self) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once(self.name).chain(self.aliases.iter().map(String::as_str))
    }

    /// The `Entity` it describes. Cost: O(its text), allocating.
    fn build(&self) -> Entity {
        let slug = self
            .slug
            .parse()
            .unwrap_or_else(|e| unreachable!("a stored slug was valid when added: {e:?}"));
        Entity {
            slug,
            kind: self.kind,
            name: self.name.to_owned(),
            aliases: self.aliases.to_vec(),
            description: self.description.map(str::to_owned),
            period: self.period.cloned(),
            event_kind: self.event_kind,
            source: self.source.cloned(),
        }
    }
}

/// Text in two parts, as [`Shared`] keeps a column: a frozen part shared with clones, then an
/// owned tail. An entity's text lies wholly in one of them (the tail is frozen whole).
#[derive(Clone)]
struct Text {
    frozen: Arc<str>,
    tail: String,
}

impl Default for Text {
    fn default() -> Self {
        Text {
            frozen: Arc::from(""),
            tail: String::new(),
        }
    }
}

impl Text {
    fn len(&self) -> usize {
        self.frozen.len() + self.tail.len()
    }

    /// The text from byte `from` to byte `to`, which lie in the same part.
    #[inline]
    fn get(&self, from: usize, to: usize) -> &str {
        let n = self.frozen.len();
        if to <= n {
            &self.frozen[from..to]
        } else {
            &self.tail[from - n..to - n]
        }
    }

    /// As [`Shared::freeze`].
    fn freeze(&mut self) {
        if self.tail.is_empty() {
            self.tail = String::new();
        } else if self.frozen.is_empty() {
            self.frozen = Arc::from(std::mem::take(&mut self.tail));
        } else if Arc::get_mut(&mut self.frozen).is_some() {
            let mut all = String::with_capacity(self.len());
            all.push_str(&self.frozen);
            all.push_str(&std::mem::take(&mut self.tail));
            self.frozen = Arc::from(all);
        } else {
            self.tail.shrink_to_fit();
        }
    }

    fn heap_bytes(&self) -> usize {
        self.frozen.len() + self.tail.capacity()
    }
}

/// The entities' columns and the cache of the `Entity` values read; a clone starts with an
/// empty cache.
#[derive(Clone, Default)]
pub(super) struct Entities {
    /// Every entity's slug then name, one after the other.
    text: Text,
    /// Per entity, where its slug starts in `text`, then one more entry: the end of the last.
    starts: Shared<u32>,
    /// Per entity, where its name starts (its slug's end).
    names: Shared<u32>,
    event_kinds: Shared<Option<EventKindId>>,
    /// The rare parts, by position, of the entities that have any.
    rare: HashMap<u32, Box<Rare>>,
    cache: Cache<Entity>,
}

impl Entities {
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether `entity`'s slug and name fit in the text buffer's 32-bit offsets.
    pub(super) fn has_room(&self, entity: &Entity) -> bool {
        self.text.len() + entity.slug.as_str().len() + entity.name.len() < u32::MAX as usize
    }

    /// Adds `entity` (checked by the graph, and with room: [`Entities::has_room`]). Cost:
    /// O(its text), amortized.
    pub(super) fn push(&mut self, entity: Entity) {
        let at = self.len() as u32;
        if self.starts.len() == 0 {
            self.starts.push(0);
        }
        self.text.tail.push_str(entity.slug.as_str());
        self.names.push(self.text.len() as u32);
        self.text.tail.push_str(&entity.name);
        self.starts.push(self.text.len() as u32);
        self.event_kinds.push(entity.event_kind);
        let Entity {
            aliases,
            description,
            period,
            source,
            ..
        } = entity;
        if !aliases.is_empty() || description.is_some() || period.is_some() || source.is_some() {
            self.rare.insert(
                at,
                Box::new(Rare {
                    aliases,
                    description,
                    period,
                    source,
                }),
            );
        }
        self.cache.push();
    }

    pub(super) fn slug(&self, i: usize) -> &str {
        self.text
            .get(self.starts[i] as usize, self.names[i] as usize)
    }

    pub(super) fn name(&self, i: usize) -> &str {
        self.text
            .get(self.names[i] as usize, self.starts[i + 1] as usize)
    }

    pub(super) fn event_kind(&self, i: usize) -> Option<EventKindId> {
        self.event_kinds[i]
    }

    /// The aliases of entity `i`.
    pub(super) fn aliases(&self, i: usize) -> &[String] {
        self.rare
            .get(&(i as u32))
            .map_or(&[][..], |r| r.aliases.as_slice())
    }

    /// Entity `i` read from the columns; `kind` is its kind. Cost: O(1) expected.
    pub(super) fn view(&self, i: usize, kind: KindId) -> EntityRef<'_> {
        let rare = self.rare.get(&(i as u32));
        EntityRef {
            slug: self.slug(i),
            kind,
            name: self.name(i),
            aliases: rare.map_or(&[][..], |r| r.aliases.as_slice()),
            description: rare.and_then(|r| r.description.as_deref()),
            period: rare.and_then(|r| r.period.as_ref()),
            event_kind: self.event_kinds[i],
            source: rare.and_then(|r| r.source.as_ref()),
        }
    }

    /// Entity `i` as an `Entity`, built into its cache slot on first read. Cost: O(1), or
    /// O(its text) the first time.
    pub(super) fn get(&self, i: usize, kind: KindId) -> &Entity {
        self.cache.get(i, self.len(), || self.view(i, kind).build())
    }

    /// Drops every built `Entity`. Cost: O(entities built).
    pub(super) fn shrink_cache(&mut self) {
        self.cache.clear();
    }

    /// How many entities have been built into the cache. Cost: O(entities).
    #[cfg(test)]
    pub(super) fn built(&self) -> usize {
        self.cache.built()
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.starts.reserve(more + 1);
        self.names.reserve(more);
        self.event_kinds.reserve(more);
    }

    /// Gives back the room the columns grew into and freezes them ([`Shared::freeze`]).
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.freeze();
        self.starts.freeze();
        self.names.freeze();
        self.event_kinds.freeze();
        self.rare.shrink_to_fit();
    }

    /// The bytes the columns and the cache hold on the heap, apart from the rare parts' own
    /// strings (for measurements). Cost: O(entities).
    pub(super) fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.starts.heap_bytes()
            + self.names.heap_bytes()
            + self.event_kinds.heap_bytes()
            + self.rare.capacity() * (8 + std::mem::size_of::<Rare>())
            + self.cache.heap_bytes()
    }

    /// Whether `other` shares this one's columns (for tests).
    #[cfg(test)]
    pub(super) fn shares(&self, other: &Entities) -> bool {
        Arc::ptr_eq(&self.text.frozen, &other.text.frozen) && self.names.shares(&other.names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entity of the bundled graph reads back from the columns as it went in, and a
    /// clone starts with an empty cache.
    #[test]
    fn entities_read_back_as_they_went_in() {
        let graph = crate::bundled();
        let mut again = Entities::default();
        let mut kinds = Vec::new();
        for (_, entity) in graph.entities() {
            kinds.push(entity.kind);
            again.push(entity.clone());
        }
        for (i, (_, entity)) in graph.entities().enumerate() {
            assert_eq!(again.get(i, kinds[i]), entity);
        }
        assert_eq!(again.clone().built(), 0);
    }
}
