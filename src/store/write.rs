//! Writes to a [`Graph`]: adding entities and claims, each checked against the schema and the
//! graph before anything changes, and the bulk loading and compaction of the adjacency index.

use std::sync::OnceLock;

use super::{
    ClaimField, EventKey, FactRef, Graph, GraphError, UNDATED, add_edge, claims, entities, index,
    lineage, names, order,
};
use crate::model::{
    Claim, ClaimId, Entity, EntityId, Fact, KindId, LiteralType, RelationId, Target, Value,
    nearest, normalize,
};

impl Graph {
    // ------------------------------------------------------------------------------------------
    // Writing

    /// Adds an entity. Refuses a duplicate id, a kind from another schema, and an event without
    /// an event kind (or a non-event with one).
    ///
    /// Cost: O(total length of its names) expected and amortized, to normalize and index them,
    /// plus a scan of the entities already indexed under each of those names, and O(log
    /// events of its kind) for an event.
    ///
    /// # Errors
    ///
    /// [`GraphError::DuplicateId`], [`GraphError::ForeignHandle`] for a kind or event kind of
    /// another schema, [`GraphError::EventKind`] (an event without an event kind or a
    /// non-event with one, an empty name or alias, source details on a non-source), or
    /// [`GraphError::Full`]; the graph is then unchanged.
    pub fn add_entity(&mut self, entity: Entity) -> Result<EntityId, GraphError> {
        if self
            .by_slug
            .get(&self.entities, entity.slug.as_str())
            .is_some()
        {
            return Err(GraphError::DuplicateId {
                slug: entity.slug.to_string(),
                first: None,
            });
        }
        if entity.kind.index() >= self.schema.kinds().len() {
            return Err(GraphError::ForeignHandle {
                what: "kind",
                index: entity.kind.index(),
            });
        }
        // What the data files refuse, the API refuses too.
        if entity.name.trim().is_empty() {
            return Err(GraphError::EventKind {
                slug: entity.slug.to_string(),
                problem: "an entity needs a name that is not empty".into(),
            });
        }
        if entity.aliases.iter().any(|a| a.trim().is_empty()) {
            return Err(GraphError::EventKind {
                slug: entity.slug.to_string(),
                problem: "an alias cannot be empty".into(),
            });
        }
        if entity.source.is_some() && entity.kind != self.schema.source_kind() {
            return Err(GraphError::EventKind {
                slug: entity.slug.to_string(),
                problem: "only sources have author, published, date or url".into(),
            });
        }
        let is_event = entity.kind == self.schema.event_kind();
        match entity.event_kind {
            Some(ek) if ek.index() >= self.schema.event_kinds().len() => {
                return Err(GraphError::ForeignHandle {
                    what: "event kind",
                    index: ek.index(),
                });
            }
            Some(_) if !is_event => {
                return Err(GraphError::EventKind {
                    slug: entity.slug.to_string(),
                    problem: "only events have an event kind".into(),
                });
            }
            None if is_event => {
                return Err(GraphError::EventKind {
                    slug: entity.slug.to_string(),
                    problem: "an event needs an event kind".into(),
                });
            }
            _ => {}
        }
        if self.entities.len() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full {
                what: "entities",
                limit: u32::MAX as usize - 1,
            });
        }
        if !self.entities.has_room(&entity) {
            return Err(GraphError::Full {
                what: "bytes of slugs and names",
                limit: u32::MAX as usize - 1,
            });
        }
        self.reasoned = OnceLock::new();
        self.events = OnceLock::new();
        if let Some(order) = self.name_order.take() {
            self.name_order_before = Some(order);
        }
        let id = EntityId::new(self.entities.len(), self.lineage.tag());
        if let Some(edges) = self.edges.get_mut() {
            let node = edges.add_node(());
            debug_assert_eq!(node.index(), id.index());
        }
        self.by_slug.insert(entity.slug.as_str(), id.index());
        self.by_kind[entity.kind.index()].push(id);
        if entity.event_kind.is_some() {
            self.events_by_kind = OnceLock::new();
        }
        self.keys.push(UNDATED);
        self.kinds.push(entity.kind);
        // The name table compares with the entities' own names, so the entity goes in first.
        self.entities.push(entity);
        if self.bulk.is_none() {
            let name = normalize(self.entities.name(id.index()));
            let longest = add_names(&mut self.by_name, &self.entities, id.index(), |_| id, &name);
            self.longest_name = self.longest_name.max(longest);
        }
        Ok(id)
    }

    /// Adds a claim after checking it against the schema: the relation's kinds at both ends,
    /// its roles and literal type, the event kind's roles, and that every citation names a
    /// source entity. Historical sanity is not checked here: see [`Graph::check`].
    ///
    /// Cost: O(degree) of the entities it mentions (a sorted insertion into their adjacency
    /// lists), plus O(citations), O(log events of its kind) when it dates an event, and the
    /// suggestions of an error. A link of a transitive relation also looks for the cycle it
    /// would close, as [`Graph::chain`] does: O((V + E) log V) at worst.
    ///
    /// # Errors
    ///
    /// A [`GraphError`] saying which part of the claim does not fit: a handle of another graph
    /// ([`GraphError::ForeignHandle`]), no citation ([`GraphError::NoSource`]), an entity of
    /// the wrong kind ([`GraphError::WrongKind`], with the claim field), a relation used with
    /// the wrong target or value type ([`GraphError::WrongTarget`]), an undeclared role
    /// ([`GraphError::UnknownRole`]), a duplicate label ([`GraphError::DuplicateLabel`]), a
    /// link that closes a cycle of a transitive relation ([`GraphError::Cycle`]), an event
    /// that takes part in itself ([`GraphError::EventKind`]), or a full graph
    /// ([`GraphError::Full`]); the graph is then unchanged.
    pub fn add_claim(&mut self, claim: Claim) -> Result<ClaimId, GraphError> {
        self.validate(&claim)?;
        if self.claims.len() >= u32::MAX as usize - 1 {
            return Err(GraphError::Full {
                what: "claims",
                limit: u32::MAX as usize - 1,
            });
        }
        let id = ClaimId::new(self.claims.len(), self.lineage.tag());
        let key = match &claim.fact {
            Fact::Occurred { event, date } => Some((*event, date.sort_key())),
            _ => None,
        };
        let label = claim.label.clone();
        self.claims.push(claim)?;
        self.reasoned = OnceLock::new();
        self.events = OnceLock::new();
        let view = self.claims.view(id.index(), &self.lineage);
        if let Some(edges) = self.edges.get_mut() {
            add_edge(edges, id, view);
        }
        if self.bulk.is_none() {
            self.index.add(id, view);
        }
        if let Some((event, key)) = key {
            self.rekey_event(event, key);
        }
        if let Some(label) = label {
            self.labels.insert(label, id);
        }
        if self.bulk.is_none() && self.index.buffered() > (self.entities.len() / 4).max(1024) {
            self.rebuild_index();
        }
        Ok(id)
    }

    /// Rebuilds the adjacency arrays from the claims and empties the write buffer.
    /// Cost: O(entities + claims).
    fn rebuild_index(&mut self) {
        self.index = build_index(self.entities.len(), &self.claims, &self.lineage);
    }

    /// Starts adding claims in bulk (a load): the adjacency index is not kept up to date until
    /// [`Graph::end_bulk`], which rebuilds it once. Between the two, only writes and the
    /// reads a write's checks make (names, slugs, labels, chains) are allowed.
    pub(crate) fn begin_bulk(&mut self) {
        self.bulk = Some(self.entities.len());
    }

    /// Makes room for `entities` more entities and `claims` more claims, so that a load of
    /// known size does not grow its tables step by step. Cost: O(entities + claims).
    pub(crate) fn reserve(&mut self, entities: usize, claims: usize) {
        self.entities.reserve(entities);
        self.keys.reserve(entities);
        self.kinds.reserve(entities);
        self.by_slug.reserve(entities);
        self.by_name.reserve(entities);
        self.claims.reserve(claims);
    }

    /// Ends a bulk load: rebuilds the adjacency arrays over every claim. Cost: O(entities +
    /// claims).
    ///
    /// The names of the entities added in bulk are indexed here too, and the order of all
    /// entities by name built, from the same normalized names, on a second thread while this
    /// one builds the adjacency arrays (they read different tables), or one after the other if
    /// no thread can be started.
    pub(crate) fn end_bulk(&mut self) {
        let from = self.bulk.take().unwrap_or(self.entities.len());
        let Graph {
            entities,
            claims,
            lineage,
            by_name,
            index,
            ..
        } = self;
        let (entities, claims, lineage) = (&*entities, &*claims, &*lineage);
        let handle = |i| EntityId::new(i, lineage.entity_tag(i));
        // The name order too, so that the first query after a load does not wait for it.
        let names = |by_name: &mut names::Names| {
            let normalized = order::Names::of(entities.len(), |i| entities.name(i));
            let mut longest = 0;
            for at in from..entities.len() {
                let name = normalized.name(at);
                longest = longest.max(add_names(by_name, entities, at, handle, name));
            }
            (longest, order::NameOrder::of(&normalized))
        };
        let (built, named) = std::thread::scope(|s| {
            let worker = std::thread::Builder::new().spawn_scoped(s, || names(by_name));
            let built = build_index(entities.len(), claims, lineage);
            let named = match worker {
                Ok(worker) => Some(
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                ),
                Err(_) => None,
            };
            (built, named)
        });
        *index = built;
        let (longest, order) = named.unwrap_or_else(|| names(by_name));
        self.name_order = OnceLock::from(order);
        self.name_order_before = None;
        self.longest_name = self.longest_name.max(longest);
        // Growth by doubling leaves up to half of each table unused after a load.
        self.shrink_tables();
    }

    /// Packs the claims added one by one since the last load into the graph's compact
    /// adjacency arrays, so that reads no longer look in the write buffer first. Writes do
    /// this by themselves when the buffer grows past a quarter of the entities; call it after
    /// building a large graph through [`Graph::add_claim`] to read it at full speed.
    ///
    /// It also gives back the room the tables of entities and claims grew into beyond their
    /// length, and builds the order of the entities by name that answers are sorted by (else
    /// built by the first query that needs it). Cost: O(entities + claims), and, if an entity
    /// was added since the order was last made, extending it with the names added or, past a
    /// quarter of those it placed, a radix sort of every name.
    pub fn compact(&mut self) {
        self.shrink_tables();
        if self.index.buffered() > 0 {
            self.rebuild_index();
        }
        self.name_order();
        self.name_order_before = None;
    }

    /// Gives back the room the tables grew into beyond what they hold.
    /// Cost: O(entities + claims) at worst, to move them.
    pub(crate) fn shrink_tables(&mut self) {
        self.claims.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.keys.freeze();
        self.kinds.freeze();
        for list in &mut self.by_kind {
            list.shrink_to_fit();
        }
        self.by_slug.freeze();
        self.by_name.freeze();
    }

    /// The bytes the graph's adjacency index holds on the heap (for measurements). Cost:
    /// O(entities in the write buffer).
    #[doc(hidden)]
    pub fn index_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// The bytes the graph's entities hold on the heap: their columns, and the entities
    /// built by reads (for measurements). Cost: O(entities).
    #[doc(hidden)]
    pub fn entity_bytes(&self) -> usize {
        self.entities.heap_bytes()
    }

    /// The bytes the graph's claims hold on the heap: their columns, and the claims built by
    /// reads (for measurements). Cost: O(claims).
    #[doc(hidden)]
    pub fn claim_bytes(&self) -> usize {
        self.claims.heap_bytes()
    }

    /// Moves an event in its kind's chronological order if `key` sorts before its current key
    /// (the order is sorted again on its next use).
    fn rekey_event(&mut self, event: EntityId, key: EventKey) {
        if self.entities.event_kind(event.index()).is_none() {
            return;
        }
        if key < self.keys[event.index()] {
            self.keys.set(event.index(), key);
            self.events_by_kind = OnceLock::new();
        }
    }

    fn validate(&self, claim: &Claim) -> Result<(), GraphError> {
        self.validate_with(claim, true)
    }

    /// Whether a claim fits the schema and this graph's entities, as [`Graph::add_claim`]
    /// checks it, but without the label check (a claim already in the graph holds its label).
    pub(crate) fn fits(&self, claim: &Claim) -> Result<(), GraphError> {
        self.validate_with(claim, false)
    }

    fn validate_with(&self, claim: &Claim, check_label: bool) -> Result<(), GraphError> {
        let (first, second) = match &claim.fact {
            Fact::Link {
                subject, object, ..
            } => (*subject, Some(*object)),
            Fact::Value { subject, .. } | Fact::Never { subject, .. } => (*subject, None),
            Fact::Occurred { event, .. } => (*event, None),
            Fact::Participation {
                event, participant, ..
            } => (*event, Some(*participant)),
            Fact::Said {
                speaker, occasion, ..
            } => (*speaker, *occasion),
        };
        for entity in std::iter::once(first).chain(second) {
            self.check_handle(entity)?;
        }
        if claim.citations.is_empty() {
            return Err(GraphError::NoSource);
        }
        for citation in &claim.citations {
            // A handle from a larger graph would index past this one's tables.
            self.check_handle(citation.source)?;
            if let Some(via) = citation.via {
                self.check_handle(via)?;
            }
            self.expect_kinds(
                citation.source,
                &[self.schema.source_kind()],
                ClaimField::Source,
                || "what a claim cites".to_owned(),
            )?;
            if let Some(via) = citation.via {
                self.expect_kinds(
                    via,
                    &[self.schema.source_kind()],
                    ClaimField::Source,
                    || "what a citation's `via` names".to_owned(),
                )?;
            }
        }
        if let Some(label) = &claim.label
            && check_label
            && self.labels.contains_key(label)
        {
            return Err(GraphError::DuplicateLabel {
                label: label.clone(),
            });
        }
        match &claim.fact {
            Fact::Link {
                subject,
                relation,
                object,
                role,
                ..
            } => {
                let def = self.relation_with_subject(*relation, *subject)?;
                match &def.target {
                    Target::Kinds(kinds) => {
                        self.expect_kinds(*object, kinds, ClaimField::Object, || {
                            format!("the object of {}", def.name)
                        })?
                    }
                    Target::Literal(t) => {
                        return Err(GraphError::WrongTarget {
                            relation: def.name.clone(),
                            problem: format!("takes a {} value, not an entity", t.name()),
                        });
                    }
                }
                self.check_role(role.as_deref(), &def.roles, &def.name)?;
                if def.transitive
                    && let Some(back) = self.chain(*object, *subject, &[*relation])
                {
                    // The new link closes the chain from its object back to its subject.
                    let mut path = vec![self.entity_ref(*subject).slug.to_string()];
                    let mut at = *object;
                    path.push(self.entity_ref(at).slug.to_string());
                    for claim in back {
                        if let FactRef::Link { object: next, .. } = self.claim_ref(claim).fact() {
                            at = next;
                            path.push(self.entity_ref(at).slug.to_string());
                        }
                    }
                    return Err(GraphError::Cycle {
                        relation: def.name.clone(),
                        path,
                    });
                }
                Ok(())
            }
            Fact::Value {
                subject,
                relation,
                value,
                role,
                ..
            } => {
                let def = self.relation_with_subject(*relation, *subject)?;
                let expected = match &def.target {
                    Target::Literal(t) => *t,
                    Target::Kinds(kinds) => {
                        return Err(GraphError::WrongTarget {
                            relation: def.name.clone(),
                            problem: format!(
                                "links to an entity ({}), not a value",
                                self.schema.kind_names(kinds)
                            ),
                        });
                    }
                };
                let found = match value {
                    Value::Number(_) => LiteralType::Number,
                    Value::Text(_) => LiteralType::Text,
                    Value::Date(_) => LiteralType::Date,
                };
                if found != expected {
                    return Err(GraphError::WrongTarget {
                        relation: def.name.clone(),
                        problem: format!(
                            "takes a {} value, not a {}",
                            expected.name(),
                            found.name()
                        ),
                    });
                }
                self.check_role(role.as_deref(), &def.roles, &def.name)
            }
            Fact::Occurred { event, .. } => self.expect_kinds(
                *event,
                &[self.schema.event_kind()],
                ClaimField::Event,
                || "a dated event".to_owned(),
            ),
            Fact::Participation {
                event,
                role,
                participant,
            } => {
                if participant == event {
                    return Err(GraphError::EventKind {
                        slug: self.entities.slug(event.index()).to_owned(),
                        problem: "an event cannot take part in itself".into(),
                    });
                }
                self.expect_kinds(
                    *event,
                    &[self.schema.event_kind()],
                    ClaimField::Event,
                    || "an event".to_owned(),
                )?;
                // Every event has an event kind: add_entity refuses one without.
                let ek = self.entities.event_kind(event.index()).ok_or_else(|| {
                    GraphError::EventKind {
                        slug: self.entities.slug(event.index()).to_owned(),
                        problem: "an event needs an event kind".into(),
                    }
                })?;
                let def = self.schema.event_kind_def(ek);
                self.check_role(Some(role), &def.roles, &format!("a {} event", def.name))
            }
            Fact::Never { event_kind, .. } => {
                if event_kind.index() < self.schema.event_kinds().len() {
                    Ok(())
                } else {
                    Err(GraphError::ForeignHandle {
                        what: "event kind",
                        index: event_kind.index(),
                    })
                }
            }
            Fact::Said { occasion, .. } => {
                if let Some(occasion) = occasion {
                    self.expect_kinds(
                        *occasion,
                        &[self.schema.event_kind()],
                        ClaimField::Occasion,
                        || "an occasion".to_owned(),
                    )?;
                }
                Ok(())
            }
        }
    }

    fn check_handle(&self, entity: EntityId) -> Result<(), GraphError> {
        if self.owns_entity(entity) {
            Ok(())
        } else {
            Err(GraphError::ForeignHandle {
                what: "entity",
                index: entity.index(),
            })
        }
    }

    /// The schema's `relation`, once `subject` is of a kind it takes as its subject.
    fn relation_with_subject(
        &self,
        relation: RelationId,
        subject: EntityId,
    ) -> Result<&crate::model::RelationDef, GraphError> {
        let def = self.relation_checked(relation)?;
        self.expect_kinds(subject, &def.subject, ClaimField::Subject, || {
            format!("the subject of {}", def.name)
        })?;
        Ok(def)
    }

    fn relation_checked(
        &self,
        relation: RelationId,
    ) -> Result<&crate::model::RelationDef, GraphError> {
        self.schema
            .relations()
            .get(relation.index())
            .ok_or(GraphError::ForeignHandle {
                what: "relation",
                index: relation.index(),
            })
    }

    fn expect_kinds(
        &self,
        entity: EntityId,
        kinds: &[KindId],
        field: ClaimField,
        place: impl FnOnce() -> String,
    ) -> Result<(), GraphError> {
        // Citations reach here without the fact's handle check: a foreign handle is an error,
        // not a panic.
        self.check_handle(entity)?;
        if kinds.contains(&self.kinds[entity.index()]) {
            Ok(())
        } else {
            Err(GraphError::WrongKind {
                field,
                place: place(),
                expected: crate::text::article(&self.schema.kind_names(kinds)),
                slug: self.entities.slug(entity.index()).to_owned(),
                found: crate::text::article(&self.schema.kind_def(self.kinds[entity.index()]).name),
            })
        }
    }

    fn check_role(
        &self,
        role: Option<&str>,
        roles: &[String],
        what: &str,
    ) -> Result<(), GraphError> {
        match role {
            Some(role) if !roles.iter().any(|r| r == role) => Err(GraphError::UnknownRole {
                role: role.to_owned(),
                of: what.to_owned(),
                roles: roles.to_vec(),
                suggestions: nearest(role, roles.iter().map(String::as_str), 3)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            }),
            _ => Ok(()),
        }
    }
}

/// Indexes the names of entity `at` (already in `entities`) under its handle `handle(at)`:
/// its name, given `name` normalized, and its aliases; returns the most words in one of them.
/// Cost: O(total length of its names) expected.
fn add_names(
    by_name: &mut names::Names,
    entities: &entities::Entities,
    at: usize,
    handle: impl Fn(usize) -> EntityId,
    name: &str,
) -> usize {
    let id = handle(at);
    let mut index = |name: &str, slot| {
        by_name.insert(entities, name, id, slot);
        name.split(' ').count()
    };
    let mut longest = index(name, 0);
    for (slot, alias) in entities.aliases(at).iter().enumerate() {
        longest = longest.max(index(&normalize(alias), slot + 1));
    }
    longest
}

/// The adjacency arrays of `claims` over `n_entities` entities. Cost: O(entities + claims).
fn build_index(
    n_entities: usize,
    claims: &claims::Claims,
    lineage: &lineage::Lineage,
) -> index::Index {
    let handle = |i| ClaimId::new(i, lineage.claim_tag(i));
    // Past `u32::MAX` entries in one list (billions of claims) the arrays cannot be
    // addressed: every list then lives in the write buffer, which is slower, not wrong.
    index::Index::build(n_entities, claims, lineage).unwrap_or_else(|_| {
        let mut index = index::Index::default();
        for i in 0..claims.len() {
            index.add(handle(i), claims.view(i, lineage));
        }
        index
    })
}
