//! The entities as compact columns: each entity's slug and name in one text buffer (two
//! 32-bit offsets per entity), its event kind in a 4-byte column, and its rare parts (aliases,
//! description, period, source details) in a side table keyed by position. Its kind lives in
//! the graph's `kinds` array.
//!
//! An `Entity` value (224 bytes, plus its strings on the heap) is built only when
//! [`Graph::entity`](super::Graph::entity) reads it, into the entity's cache slot
//! (`OnceLock<Box<Entity>>`, 16 bytes, empty until then). Inside the crate, loading, indexing,
//! saving and querying read the columns through [`EntityRef`] and the graph's `slug_of`,
//! `name_of` and `event_kind_of`, which build nothing.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

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

/// The entities' columns and the cache of the `Entity` values read.
#[derive(Default)]
pub(super) struct Entities {
    /// Every entity's slug then name, one after the other.
    text: String,
    /// Per entity, where its slug starts in `text`, then one more entry: the end of the last.
    starts: Vec<u32>,
    /// Per entity, where its name starts (its slug's end).
    names: Vec<u32>,
    event_kinds: Vec<Option<EventKindId>>,
    /// The rare parts, by position, of the entities that have any.
    rare: HashMap<u32, Box<Rare>>,
    cache: Vec<OnceLock<Box<Entity>>>,
}

/// A clone starts with an empty cache.
impl Clone for Entities {
    fn clone(&self) -> Entities {
        let mut cache = Vec::with_capacity(self.cache.len());
        cache.resize_with(self.cache.len(), OnceLock::new);
        Entities {
            text: self.text.clone(),
            starts: self.starts.clone(),
            names: self.names.clone(),
            event_kinds: self.event_kinds.clone(),
            rare: self.rare.clone(),
            cache,
        }
    }
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
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.text.push_str(entity.slug.as_str());
        self.names.push(self.text.len() as u32);
        self.text.push_str(&entity.name);
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
        self.cache.push(OnceLock::new());
    }

    pub(super) fn slug(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.names[i] as usize]
    }

    pub(super) fn name(&self, i: usize) -> &str {
        &self.text[self.names[i] as usize..self.starts[i + 1] as usize]
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
        self.cache[i].get_or_init(|| Box::new(self.view(i, kind).build()))
    }

    /// Drops every built `Entity`. Cost: O(entities).
    pub(super) fn shrink_cache(&mut self) {
        for slot in &mut self.cache {
            slot.take();
        }
    }

    /// How many entities have been built into the cache. Cost: O(entities).
    #[cfg(test)]
    pub(super) fn built(&self) -> usize {
        self.cache.iter().filter(|s| s.get().is_some()).count()
    }

    pub(super) fn reserve(&mut self, more: usize) {
        self.starts.reserve_exact(more + 1);
        self.names.reserve_exact(more);
        self.event_kinds.reserve_exact(more);
        self.cache.reserve_exact(more);
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.names.shrink_to_fit();
        self.event_kinds.shrink_to_fit();
        self.rare.shrink_to_fit();
        self.cache.shrink_to_fit();
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
