//! Reads of a [`Graph`]: entities by handle, id, name and kind, events by date, claims by
//! handle and label, and the adjacency lists of each entity.

use super::{ClaimRef, Derivation, EntityRef, EventKey, Graph, GraphError, index};
use crate::model::{
    Claim, ClaimId, Date, Entity, EntityId, EventKindId, KindId, RelationId, nearest, normalize,
};

/// The claims of one relation in a relation-sorted list.
fn of_relation<T>(list: &[T], relation: RelationId, of: impl Fn(&T) -> RelationId) -> &[T] {
    // A list that starts or ends with the relation (an institution's members: all of one
    // relation) needs no search at that end, which saves a cache miss per step of it.
    let start = match list.first() {
        Some(first) if of(first) >= relation => 0,
        _ => list.partition_point(|x| of(x) < relation),
    };
    let end = match list.last() {
        Some(last) if of(last) <= relation => list.len(),
        _ => list.partition_point(|x| of(x) <= relation),
    };
    &list[start..end]
}

impl Graph {
    // ------------------------------------------------------------------------------------------
    // Reading entities

    /// The number of entities. Cost: O(1).
    pub fn n_entities(&self) -> usize {
        self.entities.len()
    }

    /// The number of claims. Cost: O(1).
    pub fn n_claims(&self) -> usize {
        self.claims.len()
    }

    /// An entity. Cost: O(1) (O(ancestors) for a clone of a clone), after building it on its
    /// first read: entities are stored as compact columns, and the `Entity` read is kept (a
    /// few hundred bytes) until [`Graph::shrink_cache`].
    ///
    /// # Panics
    /// If `id` is not from this graph (or from the graph it was cloned from, for what the clone
    /// inherited); see [`Graph::try_entity`].
    pub fn entity(&self, id: EntityId) -> &Entity {
        match self.try_entity(id) {
            Some(entity) => entity,
            None => panic!("{id:?} is a handle of another graph"),
        }
    }

    /// An entity, or `None` for a handle from another graph, even one whose position falls
    /// inside this graph's table. Cost: O(1) (O(ancestors) for a clone of a clone), after
    /// building it on its first read as [`Graph::entity`] does.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let other = annals::load("data")?;
    /// let stalin = graph.by_slug("stalin").expect("bundled");
    /// assert!(graph.try_entity(stalin).is_some());
    /// assert!(other.try_entity(stalin).is_none());
    /// // A clone shares what it inherited.
    /// assert_eq!(graph.clone().entity(stalin).name, graph.entity(stalin).name);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn try_entity(&self, id: EntityId) -> Option<&Entity> {
        if self.owns_entity(id) {
            Some(self.entities.get(id.index(), self.kinds[id.index()]))
        } else {
            None
        }
    }

    /// All entities with their handles, in insertion order. Cost: O(1) per item, after
    /// building each entity on its first read as [`Graph::entity`] does: iterating over every
    /// entity builds and keeps them all.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = (EntityId, &Entity)> {
        (0..self.entities.len())
            .map(|i| (self.entity_handle(i), self.entities.get(i, self.kinds[i])))
    }

    /// Entity `i` (a position) read from the columns, building nothing.
    fn entity_at(&self, i: usize) -> EntityRef<'_> {
        self.entities.view(i, self.kinds[i])
    }

    /// An entity of this graph read from its columns, building nothing. Cost: O(1) expected.
    ///
    /// # Panics
    /// If `id` is past this graph's entities. A handle of another graph within them is caught
    /// only by a debug assertion: callers pass handles this graph gave out.
    pub(crate) fn entity_ref(&self, id: EntityId) -> EntityRef<'_> {
        debug_assert!(self.owns_entity(id), "an entity handle of another graph");
        self.entity_at(id.index())
    }

    /// Every entity read from its columns, with its handle, building nothing. Cost: O(1) per
    /// item.
    pub(crate) fn entity_views(&self) -> impl ExactSizeIterator<Item = (EntityId, EntityRef<'_>)> {
        (0..self.entities.len()).map(|i| (self.entity_handle(i), self.entity_at(i)))
    }

    /// An entity's slug, from the columns. Cost: O(1).
    ///
    /// # Panics
    /// If `id` is past this graph's entities, as [`Graph::entity_ref`].
    pub(crate) fn slug_of(&self, id: EntityId) -> &str {
        debug_assert!(self.owns_entity(id), "an entity handle of another graph");
        self.entities.slug(id.index())
    }

    /// An entity's name, from the columns. Cost: O(1).
    ///
    /// # Panics
    /// If `id` is past this graph's entities, as [`Graph::entity_ref`].
    pub(crate) fn name_of(&self, id: EntityId) -> &str {
        debug_assert!(self.owns_entity(id), "an entity handle of another graph");
        self.entities.name(id.index())
    }

    /// An entity's event kind, from a 4-byte column. Cost: O(1).
    ///
    /// # Panics
    /// If `id` is past this graph's entities, as [`Graph::entity_ref`].
    pub(crate) fn event_kind_of(&self, id: EntityId) -> Option<EventKindId> {
        debug_assert!(self.owns_entity(id), "an entity handle of another graph");
        self.entities.event_kind(id.index())
    }

    /// The entity with this id (slug). Cost: O(1) expected.
    pub fn by_slug(&self, slug: &str) -> Option<EntityId> {
        self.by_slug
            .get(&self.entities, slug)
            .map(|at| self.entity_handle(at))
    }

    /// The entity with this id, or an error that suggests near ids. Cost: O(1) when found,
    /// O(entities) to suggest.
    ///
    /// # Errors
    ///
    /// [`GraphError::UnknownEntity`] when no entity has this id (or `slug` is not a valid id),
    /// with up to three near ids as suggestions.
    pub fn resolve_slug(&self, slug: &str) -> Result<EntityId, GraphError> {
        self.by_slug(slug).ok_or_else(|| GraphError::UnknownEntity {
            slug: slug.to_owned(),
            suggestions: nearest(
                slug,
                (0..self.entities.len()).map(|i| self.entities.slug(i)),
                3,
            )
            .into_iter()
            .map(str::to_owned)
            .collect(),
        })
    }

    /// Entities whose name or an alias matches `name` after [`normalize`]: case-, accent- and
    /// punctuation-insensitive. Cost: O(len of name) expected.
    pub fn lookup(&self, name: &str) -> &[EntityId] {
        self.by_name.get(&self.entities, &normalize(name))
    }

    /// The most words in any name or alias, normalized: a longer run of words names nothing.
    /// Cost: O(1).
    pub fn longest_name(&self) -> usize {
        self.longest_name
    }

    /// Whether some name or alias, normalized, equals `normalized`. Cost: O(1) expected.
    pub fn has_name(&self, normalized: &str) -> bool {
        self.by_name.contains(&self.entities, normalized)
    }

    /// The entities whose name, alias or id is nearest to `name`, best first, for "did you
    /// mean" hints; only of `kinds` if given. Cost: O(names), each normalized and compared as
    /// [`nearest`] does (linear in names of bounded length), plus sorting the near ones.
    pub fn suggest(&self, name: &str, kinds: Option<&[KindId]>, most: usize) -> Vec<EntityId> {
        let names = (0..self.entities.len())
            .map(|i| self.entity_at(i))
            .filter(|e| kinds.is_none_or(|kinds| kinds.contains(&e.kind)))
            .flat_map(|e| e.names().chain(std::iter::once(e.slug)));
        let mut found = Vec::new();
        for near in nearest(name, names, most * 3) {
            for id in self.lookup(near).iter().copied().chain(self.by_slug(near)) {
                let fits = kinds.is_none_or(|kinds| kinds.contains(&self.kind_of(id)));
                if fits && !found.contains(&id) && found.len() < most {
                    found.push(id);
                }
            }
        }
        found
    }

    /// The kind of one of this graph's entities, from the compact kind array instead of the
    /// whole entity (a query that asks it of thousands of rows reads 2 bytes of each, not a
    /// random 224-byte record). Cost: O(1).
    ///
    /// # Panics
    /// If `id` is not one of this graph's entities, as [`Graph::entity`] does.
    pub(crate) fn kind_of(&self, id: EntityId) -> KindId {
        match self.kinds.get(id.index()) {
            Some(kind) if self.owns_entity(id) => *kind,
            _ => self.entity(id).kind,
        }
    }

    /// The entities of a kind, in insertion order. Cost: O(1).
    pub fn of_kind(&self, kind: KindId) -> &[EntityId] {
        self.by_kind
            .get(kind.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The events of a kind, ordered by date (undated last). Cost: O(1) per item, after
    /// sorting the events once (O(events × log events)) on the first call since a write
    /// added or dated an event.
    pub fn events_of_kind(&self, kind: EventKindId) -> impl Iterator<Item = EntityId> + '_ {
        self.events_by_kind()
            .get(kind.index())
            .into_iter()
            .flatten()
            .copied()
    }

    /// All events ordered by date (undated last). Cost: O(events × log events): every kind's
    /// events are gathered and sorted together.
    pub fn events_by_date(&self) -> Vec<EntityId> {
        let mut all: Vec<(EventKey, EntityId)> = self
            .events_by_kind()
            .iter()
            .flatten()
            .map(|id| (self.keys[id.index()], *id))
            .collect();
        all.sort_unstable();
        all.into_iter().map(|(_, id)| id).collect()
    }

    /// Entities linked to `entity` by any link or participation, in either direction, each
    /// once. Cost: O(degree × log degree), to sort and deduplicate them.
    pub fn neighbors(&self, entity: EntityId) -> Vec<EntityId> {
        if !self.owns_entity(entity) {
            return Vec::new();
        }
        let index = &self.index;
        let mut seen: Vec<EntityId> = index
            .out(entity)
            .iter()
            .chain(index.inward(entity))
            .map(|l| l.other)
            .collect();
        for claim in index
            .participants(entity)
            .iter()
            .chain(index.participations(entity))
        {
            if let Some((event, _, participant)) = self.claim_ref(*claim).participation() {
                seen.push(if event == entity { participant } else { event });
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen
    }

    // ------------------------------------------------------------------------------------------
    // Reading claims

    /// How a claim was inferred, or `None` for a recorded claim. Only a [`Graph::reasoned`]
    /// graph holds inferred claims. Cost: O(1).
    pub fn derivation(&self, id: ClaimId) -> Option<&Derivation> {
        let inferred = self.inferred.as_ref().filter(|_| self.owns_claim(id))?;
        id.index()
            .checked_sub(inferred.claims)
            .and_then(|i| inferred.derivations.get(i))
    }

    /// Whether an entity was inferred (an event a rule implies). Cost: O(1).
    pub fn is_inferred_entity(&self, id: EntityId) -> bool {
        self.inferred
            .as_ref()
            .is_some_and(|i| id.index() >= i.entities && self.owns_entity(id))
    }

    /// The number of recorded claims: in a reasoned graph, the claims from this index on are
    /// inferred. Cost: O(1).
    pub fn n_recorded_claims(&self) -> usize {
        self.inferred
            .as_ref()
            .map_or(self.claims.len(), |i| i.claims)
    }

    /// A claim. Cost: O(1) (O(ancestors) for a clone of a clone) once the claim has been
    /// read; the first read of each claim builds it from the graph's compact columns
    /// (allocating the claim, its citations and their strings, a few hundred bytes) and keeps
    /// it for the graph's life, so the memory a graph holds grows with the claims read through
    /// `claim`, `try_claim` and `claims`. Queries, loads and saves read the columns and fill
    /// nothing; [`Graph::shrink_cache`] gives the built claims back.
    ///
    /// # Panics
    /// If `id` is not from this graph (or inherited by this clone); see [`Graph::try_claim`].
    pub fn claim(&self, id: ClaimId) -> &Claim {
        match self.try_claim(id) {
            Some(claim) => claim,
            None => panic!("{id:?} is a handle of another graph"),
        }
    }

    /// A claim, or `None` for a handle from another graph, even one whose position falls inside
    /// this graph's table. Cost: O(1) (O(ancestors) for a clone of a clone), after a first
    /// read that builds the claim, as [`Graph::claim`] says.
    pub fn try_claim(&self, id: ClaimId) -> Option<&Claim> {
        if self.owns_claim(id) {
            Some(self.claims.get(id.index(), &self.lineage))
        } else {
            None
        }
    }

    /// All claims with their handles, in insertion order. Cost: O(1) per item, after building
    /// each claim on its first read as [`Graph::claim`] does: iterating over every claim
    /// builds and keeps them all.
    pub fn claims(&self) -> impl ExactSizeIterator<Item = (ClaimId, &Claim)> {
        (0..self.claims.len()).map(|i| (self.claim_handle(i), self.claims.get(i, &self.lineage)))
    }

    /// Gives back the memory of the claims and entities built by reads ([`Graph::claim`],
    /// [`Graph::entity`]); the next read of each builds it again. Cost: O(claims + entities).
    ///
    /// ```
    /// let mut graph = annals::bundled();
    /// let (id, _) = graph.claims().next().expect("bundled");
    /// let before = graph.claim(id).clone();
    /// graph.shrink_cache();
    /// assert_eq!(graph.claim(id), &before);
    /// ```
    pub fn shrink_cache(&mut self) {
        self.claims.clear_cache();
        self.entities.shrink_cache();
    }

    /// A claim of this graph read from its columns, building nothing. Cost: O(1).
    ///
    /// # Panics
    /// If `id` is past this graph's claims. A handle of another graph within them is caught
    /// only by a debug assertion: callers pass handles this graph gave out.
    #[inline]
    pub(crate) fn claim_ref(&self, id: ClaimId) -> ClaimRef<'_> {
        debug_assert!(self.owns_claim(id), "a claim handle of another graph");
        self.claims.view(id.index(), &self.lineage)
    }

    /// The date a claim of this graph holds (an event's date, a link's `during`, a value's
    /// `at`, a quotation's date, a denial's time), read without the rest of the claim.
    /// Cost: O(1).
    ///
    /// # Panics
    /// If `id` is past this graph's claims.
    #[inline]
    pub(crate) fn claim_date(&self, id: ClaimId) -> Option<&Date> {
        debug_assert!(self.owns_claim(id), "a claim handle of another graph");
        self.claims.date(id.index())
    }

    /// Every claim read from the columns, with its handle. Cost: O(1) per item.
    pub(crate) fn claim_views(&self) -> impl ExactSizeIterator<Item = (ClaimId, ClaimRef<'_>)> {
        (0..self.claims.len()).map(|i| (self.claim_handle(i), self.claims.view(i, &self.lineage)))
    }

    /// The claim with this label. Cost: O(1) expected.
    pub fn by_label(&self, label: &str) -> Option<ClaimId> {
        self.labels.get(label).copied()
    }

    /// One of the index's lists for `entity`, empty for a handle of another graph.
    fn list<'a, T>(
        &'a self,
        entity: EntityId,
        read: impl FnOnce(&'a index::Index, EntityId) -> &'a [T],
    ) -> &'a [T] {
        if self.owns_entity(entity) {
            read(&self.index, entity)
        } else {
            &[]
        }
    }

    /// Every claim that mentions `entity`, in insertion order. Cost: O(1).
    pub fn claims_about(&self, entity: EntityId) -> &[ClaimId] {
        self.list(entity, index::Index::about)
    }

    /// Claims that cite `source`, directly or as `via`. Cost: O(1).
    pub fn claims_citing(&self, source: EntityId) -> &[ClaimId] {
        self.list(source, index::Index::citing)
    }

    /// Link claims of `relation` at `entity`, with the entity at their other end: `entity` as
    /// subject and the objects, or with `inverse` as object and the subjects.
    /// Cost: O(log degree) plus O(1) per item.
    pub fn links(
        &self,
        entity: EntityId,
        relation: RelationId,
        inverse: bool,
    ) -> impl Iterator<Item = (ClaimId, EntityId)> + '_ {
        let list = if inverse {
            self.list(entity, index::Index::inward)
        } else {
            self.list(entity, index::Index::out)
        };
        of_relation(list, relation, |l| l.relation)
            .iter()
            .map(|l| (l.claim, l.other))
    }

    /// Link claims of `relation` with `subject` as subject, with their objects.
    /// Cost: O(log degree) plus O(1) per item.
    pub fn links_from(
        &self,
        subject: EntityId,
        relation: RelationId,
    ) -> impl Iterator<Item = (ClaimId, EntityId)> + '_ {
        self.links(subject, relation, false)
    }

    /// Link claims of `relation` with `object` as object, with their subjects.
    /// Cost: O(log degree) plus O(1) per item.
    pub fn links_to(
        &self,
        object: EntityId,
        relation: RelationId,
    ) -> impl Iterator<Item = (ClaimId, EntityId)> + '_ {
        self.links(object, relation, true)
    }

    /// Value claims of a literal `relation` about `subject`. Cost: O(log degree) plus O(1) per
    /// item.
    pub fn values_of(
        &self,
        subject: EntityId,
        relation: RelationId,
    ) -> impl Iterator<Item = ClaimId> + '_ {
        of_relation(
            self.list(subject, index::Index::values),
            relation,
            |(r, _)| *r,
        )
        .iter()
        .map(|(_, c)| *c)
    }

    /// The date claims of an event, with their dates. Cost: O(1) per item.
    pub fn dates_of(&self, event: EntityId) -> impl Iterator<Item = (ClaimId, &Date)> + '_ {
        self.list(event, index::Index::dates)
            .iter()
            .filter_map(|c| Some((*c, self.claims.date(c.index())?)))
    }

    /// The participation claims of an event, with role and participant. Cost: O(1) per item.
    pub fn participants(
        &self,
        event: EntityId,
    ) -> impl Iterator<Item = (ClaimId, &str, EntityId)> + '_ {
        self.list(event, index::Index::participants)
            .iter()
            .filter_map(|c| {
                let (_, role, participant) = self.claim_ref(*c).participation()?;
                Some((*c, role, participant))
            })
    }

    /// Claims that `entity` never underwent an event of some kind, with the kind and the time
    /// they hold for. Cost: O(1) per item.
    pub fn nevers(
        &self,
        entity: EntityId,
    ) -> impl Iterator<Item = (ClaimId, EventKindId, Option<&Date>)> + '_ {
        self.list(entity, index::Index::nevers)
            .iter()
            .filter_map(|c| {
                let (event_kind, during) = self.claim_ref(*c).never()?;
                Some((*c, event_kind, during))
            })
    }

    /// The participation claims in which `entity` takes part, with role and event.
    /// Cost: O(1) per item.
    pub fn participations(
        &self,
        entity: EntityId,
    ) -> impl Iterator<Item = (ClaimId, &str, EntityId)> + '_ {
        self.list(entity, index::Index::participations)
            .iter()
            .filter_map(|c| {
                let (event, role, _) = self.claim_ref(*c).participation()?;
                Some((*c, role, event))
            })
    }
}
