//! The store: a [`Graph`] of entities and claims, and its indexes.
//!
//! *Architecture invariant*: this is the only module that names petgraph types. Everything it
//! hands out is a [`model`](crate::model) type or a handle ([`EntityId`], [`ClaimId`]), so the
//! representation can change (per-relation compact adjacency, date-sorted event arrays) without
//! touching the query layer.
//!
//! *Architecture invariant*: every claim in a graph fits the schema and cites at least one
//! source; every write is checked before anything changes, so a refused write leaves the graph
//! as it was.

mod check;
mod debug;
mod error;
mod index;
mod lineage;
mod network;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use rustc_hash::FxHashMap as HashMap;

use crate::model::{
    Claim, ClaimId, Date, Entity, EntityId, EventKindId, Fact, KindId, LiteralType, RelationId,
    Schema, Slug, Target, Value, nearest, normalize,
};

pub use check::{Violation, ViolationKind};

pub(crate) fn set_inferred(graph: &mut Graph, inferred: Inferred) {
    graph.inferred = Some(Box::new(inferred));
}
pub use error::{ClaimField, GraphError};
pub use network::MAX_CONNECTIONS;

/// A graph of entities and the claims about them, checked against a [`Schema`].
///
/// Reading is `Send + Sync`: share a graph between threads behind an `Arc`.
///
/// ```
/// use annals::Graph;
/// let graph = annals::load("data")?;
/// let cc = graph.by_slug("cc-1934").expect("bundled");
/// assert_eq!(graph.entity(cc).name, "Central Committee (1934)");
/// assert_eq!(graph.lookup("1934 central committee"), &[cc]);
/// # Ok::<_, annals::Error>(())
/// ```
pub struct Graph {
    /// This graph's tag and the graphs it was cloned from: what tells its handles, and the
    /// queries prepared on it, from those of every other graph in the process.
    lineage: lineage::Lineage,
    schema: Schema,
    /// Links and participations as petgraph edges (subject → object, participant → event),
    /// for the path algorithms only: built from the claims on first use and kept up to date
    /// by writes from then on. Node `i` is entity `i`; nothing is ever removed.
    edges: OnceLock<StableDiGraph<(), ClaimId>>,
    entities: Vec<Entity>,
    claims: Vec<Claim>,
    by_slug: HashMap<Slug, EntityId>,
    by_name: HashMap<String, Vec<EntityId>>,
    by_kind: Vec<Vec<EntityId>>,
    labels: HashMap<String, ClaimId>,
    /// Per entity, the claims that mention it, by the part it plays.
    index: index::Index,
    /// Whether claims are being added in bulk: the index is then rebuilt once at the end
    /// ([`Graph::end_bulk`]) instead of on every write.
    bulk: bool,
    /// Per entity, its chronological key if it is an event (the smallest key among its date
    /// claims, [`UNDATED`] without one).
    keys: Vec<EventKey>,
    /// Per event kind, its events ordered by their earliest dated claim.
    events_by_kind: Vec<BTreeSet<(EventKey, EntityId)>>,
    /// The most words in a normalized name or alias, which bounds name matching in queries.
    longest_name: usize,
    /// The same graph with what the schema's rules imply, built on first use by
    /// [`Graph::reasoned`] and dropped by every write.
    pub(crate) reasoned: OnceLock<Box<Graph>>,
    /// In a reasoned graph: which entities and claims are inferred, and from what.
    pub(crate) inferred: Option<Box<Inferred>>,
}

/// A clone is a new graph: it gets its own tag, and accepts the handles of the graph it was
/// cloned from for the entities and claims that graph had then (they name the same things in
/// both), but not for what either adds afterwards.
impl Clone for Graph {
    fn clone(&self) -> Graph {
        Graph {
            lineage: self.lineage.fork(self.entities.len(), self.claims.len()),
            schema: self.schema.clone(),
            edges: self.edges.clone(),
            entities: self.entities.clone(),
            claims: self.claims.clone(),
            by_slug: self.by_slug.clone(),
            by_name: self.by_name.clone(),
            by_kind: self.by_kind.clone(),
            labels: self.labels.clone(),
            index: self.index.clone(),
            bulk: self.bulk,
            keys: self.keys.clone(),
            events_by_kind: self.events_by_kind.clone(),
            longest_name: self.longest_name,
            reasoned: self.reasoned.clone(),
            inferred: self.inferred.clone(),
        }
    }
}

/// What a reasoned graph adds to the recorded one: entities and claims past the recorded
/// counts are inferred, each claim with its derivation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Inferred {
    /// The number of recorded entities: handles from here on are inferred events.
    pub(crate) entities: usize,
    /// The number of recorded claims: handles from here on are inferred.
    pub(crate) claims: usize,
    /// The derivation of inferred claim `claims + i`.
    pub(crate) derivations: Vec<Derivation>,
}

/// How an inferred claim was derived: by which rule, from which claims (recorded, or inferred
/// by an earlier rule; never from itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// The rule, an index into [`Schema::rules`].
    pub rule: usize,
    /// The claims it rests on.
    pub premises: Vec<ClaimId>,
}

/// The chronological sort key of an event: the smallest key among its date claims.
type EventKey = (i64, i64);
const UNDATED: EventKey = (i64::MAX, i64::MAX);

/// The claims of one relation in a relation-sorted list.
fn of_relation<T>(list: &[T], relation: RelationId, of: impl Fn(&T) -> RelationId) -> &[T] {
    let start = list.partition_point(|x| of(x) < relation);
    let end = list.partition_point(|x| of(x) <= relation);
    &list[start..end]
}

impl Graph {
    /// An empty graph over `schema`. Cost: O(kinds + event kinds), for the empty per-kind
    /// indexes.
    pub fn new(schema: Schema) -> Graph {
        let n_kinds = schema.kinds().len();
        let n_event_kinds = schema.event_kinds().len();
        Graph {
            lineage: lineage::Lineage::new(),
            schema,
            edges: OnceLock::new(),
            entities: Vec::new(),
            claims: Vec::new(),
            by_slug: HashMap::default(),
            by_name: HashMap::default(),
            by_kind: vec![Vec::new(); n_kinds],
            labels: HashMap::default(),
            index: index::Index::default(),
            bulk: false,
            keys: Vec::new(),
            events_by_kind: vec![BTreeSet::new(); n_event_kinds],
            longest_name: 0,
            reasoned: OnceLock::new(),
            inferred: None,
        }
    }

    /// This graph's tag, which the handles it makes carry.
    pub(crate) fn tag(&self) -> u32 {
        self.lineage.tag()
    }

    /// Whether the graph tagged `tag` with these counts is this graph at an earlier state, or
    /// an ancestor's state that this clone inherited. Cost: O(ancestors).
    pub(crate) fn covers(&self, tag: u32, entities: usize, claims: usize) -> bool {
        self.lineage.covers(
            tag,
            entities,
            claims,
            (self.entities.len(), self.claims.len()),
        )
    }

    /// The handle of entity `index` of this graph. Cost: O(ancestors).
    pub(crate) fn entity_handle(&self, index: usize) -> EntityId {
        EntityId::new(index, self.lineage.entity_tag(index))
    }

    /// The handle of claim `index` of this graph. Cost: O(ancestors).
    pub(crate) fn claim_handle(&self, index: usize) -> ClaimId {
        ClaimId::new(index, self.lineage.claim_tag(index))
    }

    /// Whether `id` is a handle of this graph (or of what a clone inherited). Cost: O(ancestors).
    pub(crate) fn owns_entity(&self, id: EntityId) -> bool {
        id.index() < self.entities.len() && id.graph() == self.lineage.entity_tag(id.index())
    }

    /// Whether `id` is a claim handle of this graph. Cost: O(ancestors).
    pub(crate) fn owns_claim(&self, id: ClaimId) -> bool {
        id.index() < self.claims.len() && id.graph() == self.lineage.claim_tag(id.index())
    }

    /// The schema. Cost: O(1).
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

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
        if self.by_slug.contains_key(&entity.slug) {
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
        self.reasoned = OnceLock::new();
        let id = EntityId::new(self.entities.len(), self.lineage.tag());
        if let Some(edges) = self.edges.get_mut() {
            let node = edges.add_node(());
            debug_assert_eq!(node.index(), id.index());
        }
        self.by_slug.insert(entity.slug.clone(), id);
        for name in entity.names() {
            let name = normalize(name);
            self.longest_name = self.longest_name.max(name.split(' ').count());
            let list = self.by_name.entry(name).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
        self.by_kind[entity.kind.index()].push(id);
        if let Some(ek) = entity.event_kind {
            self.events_by_kind[ek.index()].insert((UNDATED, id));
        }
        self.keys.push(UNDATED);
        self.entities.push(entity);
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
        self.reasoned = OnceLock::new();
        let id = ClaimId::new(self.claims.len(), self.lineage.tag());
        if let Some(edges) = self.edges.get_mut() {
            add_edge(edges, id, &claim);
        }
        if let Fact::Occurred { event, date } = &claim.fact {
            self.rekey_event(*event, date.sort_key());
        }
        if !self.bulk {
            self.index.add(id, &claim);
        }
        if let Some(label) = &claim.label {
            self.labels.insert(label.clone(), id);
        }
        self.claims.push(claim);
        if !self.bulk && self.index.buffered() > (self.entities.len() / 4).max(1024) {
            self.rebuild_index();
        }
        Ok(id)
    }

    /// Rebuilds the adjacency arrays from the claims and empties the write buffer.
    /// Cost: O(entities + claims).
    fn rebuild_index(&mut self) {
        // Past `u32::MAX` entries in one list (billions of claims) the arrays cannot be
        // addressed: every list then lives in the write buffer, which is slower, not wrong.
        let handle = |i| self.claim_handle(i);
        self.index =
            index::Index::build(self.entities.len(), &self.claims, handle).unwrap_or_else(|_| {
                let mut index = index::Index::default();
                for (i, claim) in self.claims.iter().enumerate() {
                    index.add(handle(i), claim);
                }
                index
            });
    }

    /// Starts adding claims in bulk (a load): the adjacency index is not kept up to date until
    /// [`Graph::end_bulk`], which rebuilds it once. Between the two, only writes and the
    /// reads a write's checks make (names, slugs, labels, chains) are allowed.
    pub(crate) fn begin_bulk(&mut self) {
        self.bulk = true;
    }

    /// Makes room for `entities` more entities and `claims` more claims, so that a load of
    /// known size does not grow its tables step by step. Cost: O(entities + claims).
    pub(crate) fn reserve(&mut self, entities: usize, claims: usize) {
        self.entities.reserve_exact(entities);
        self.keys.reserve_exact(entities);
        self.by_slug.reserve(entities);
        self.by_name.reserve(entities);
        self.claims.reserve_exact(claims);
    }

    /// Ends a bulk load: rebuilds the adjacency arrays over every claim. Cost: O(entities +
    /// claims).
    pub(crate) fn end_bulk(&mut self) {
        self.bulk = false;
        // Growth by doubling leaves up to half of each table unused after a load.
        self.claims.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.rebuild_index();
    }

    /// Packs the claims added one by one since the last load into the graph's compact
    /// adjacency arrays, so that reads no longer look in the write buffer first. Writes do
    /// this by themselves when the buffer grows past a quarter of the entities; call it after
    /// building a large graph through [`Graph::add_claim`] to read it at full speed.
    ///
    /// It also gives back the room the tables of entities and claims grew into beyond their
    /// length. Cost: O(entities + claims).
    pub fn compact(&mut self) {
        self.claims.shrink_to_fit();
        self.entities.shrink_to_fit();
        if self.index.buffered() > 0 {
            self.rebuild_index();
        }
    }

    /// The bytes the graph's adjacency index holds on the heap (for measurements). Cost:
    /// O(entities in the write buffer).
    #[doc(hidden)]
    pub fn index_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// Moves an event in its kind's chronological index if `key` sorts before its current key.
    fn rekey_event(&mut self, event: EntityId, key: EventKey) {
        let Some(ek) = self.entities[event.index()].event_kind else {
            return;
        };
        let old = self.keys[event.index()];
        if key < old {
            let index = &mut self.events_by_kind[ek.index()];
            index.remove(&(old, event));
            index.insert((key, event));
            self.keys[event.index()] = key;
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
                let def = self.relation_checked(*relation)?;
                self.expect_kinds(*subject, &def.subject, ClaimField::Subject, || {
                    format!("the subject of {}", def.name)
                })?;
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
                    let mut path = vec![self.entity(*subject).slug.to_string()];
                    let mut at = *object;
                    path.push(self.entity(at).slug.to_string());
                    for claim in back {
                        if let Fact::Link { object: next, .. } = &self.claims[claim.index()].fact {
                            at = *next;
                            path.push(self.entity(at).slug.to_string());
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
                let def = self.relation_checked(*relation)?;
                self.expect_kinds(*subject, &def.subject, ClaimField::Subject, || {
                    format!("the subject of {}", def.name)
                })?;
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
                        slug: self.entities[event.index()].slug.to_string(),
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
                let e = &self.entities[event.index()];
                let ek = e.event_kind.ok_or_else(|| GraphError::EventKind {
                    slug: e.slug.to_string(),
                    problem: "an event needs an event kind".into(),
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
        let e = &self.entities[entity.index()];
        if kinds.contains(&e.kind) {
            Ok(())
        } else {
            Err(GraphError::WrongKind {
                field,
                place: place(),
                expected: crate::text::article(&self.schema.kind_names(kinds)),
                slug: e.slug.to_string(),
                found: crate::text::article(&self.schema.kind_def(e.kind).name),
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

    /// An entity. Cost: O(1) (O(ancestors) for a clone of a clone).
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
    /// inside this graph's table. Cost: O(1) (O(ancestors) for a clone of a clone).
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
            Some(&self.entities[id.index()])
        } else {
            None
        }
    }

    /// All entities with their handles, in insertion order. Cost: O(1) per item.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = (EntityId, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (self.entity_handle(i), e))
    }

    /// The entity with this id (slug). Cost: O(1) expected.
    pub fn by_slug(&self, slug: &str) -> Option<EntityId> {
        let slug: Slug = slug.parse().ok()?;
        self.by_slug.get(&slug).copied()
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
            suggestions: nearest(slug, self.entities.iter().map(|e| e.slug.as_str()), 3)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        })
    }

    /// Entities whose name or an alias matches `name` after [`normalize`]: case-, accent- and
    /// punctuation-insensitive. Cost: O(len of name) expected.
    pub fn lookup(&self, name: &str) -> &[EntityId] {
        self.by_name
            .get(&normalize(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The most words in any name or alias, normalized: a longer run of words names nothing.
    /// Cost: O(1).
    pub fn longest_name(&self) -> usize {
        self.longest_name
    }

    /// Whether some name or alias, normalized, equals `normalized`. Cost: O(1) expected.
    pub fn has_name(&self, normalized: &str) -> bool {
        self.by_name.contains_key(normalized)
    }

    /// The entities whose name, alias or id is nearest to `name`, best first, for "did you
    /// mean" hints; only of `kinds` if given. Cost: O(names), each normalized and compared as
    /// [`nearest`] does (linear in names of bounded length), plus sorting the near ones.
    pub fn suggest(&self, name: &str, kinds: Option<&[KindId]>, most: usize) -> Vec<EntityId> {
        let names = self
            .entities
            .iter()
            .filter(|e| kinds.is_none_or(|kinds| kinds.contains(&e.kind)))
            .flat_map(|e| e.names().chain(std::iter::once(e.slug.as_str())));
        let mut found = Vec::new();
        for near in nearest(name, names, most * 3) {
            for id in self.lookup(near).iter().copied().chain(self.by_slug(near)) {
                let fits = kinds.is_none_or(|kinds| kinds.contains(&self.entity(id).kind));
                if fits && !found.contains(&id) && found.len() < most {
                    found.push(id);
                }
            }
        }
        found
    }

    /// The entities of a kind, in insertion order. Cost: O(1).
    pub fn of_kind(&self, kind: KindId) -> &[EntityId] {
        self.by_kind
            .get(kind.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The events of a kind, ordered by date (undated last). Cost: O(1) per item.
    pub fn events_of_kind(&self, kind: EventKindId) -> impl Iterator<Item = EntityId> + '_ {
        self.events_by_kind
            .get(kind.index())
            .into_iter()
            .flatten()
            .map(|(_, id)| *id)
    }

    /// All events ordered by date (undated last). Cost: O(events × log events): every kind's
    /// events, already in order, are gathered and sorted together.
    pub fn events_by_date(&self) -> Vec<EntityId> {
        let mut all: Vec<(EventKey, EntityId)> = self
            .events_by_kind
            .iter()
            .flat_map(|set| set.iter().copied())
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
            if let Fact::Participation {
                event, participant, ..
            } = &self.claims[claim.index()].fact
            {
                seen.push(if *event == entity {
                    *participant
                } else {
                    *event
                });
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

    /// A claim. Cost: O(1) (O(ancestors) for a clone of a clone).
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
    /// this graph's table. Cost: O(1) (O(ancestors) for a clone of a clone).
    pub fn try_claim(&self, id: ClaimId) -> Option<&Claim> {
        if self.owns_claim(id) {
            Some(&self.claims[id.index()])
        } else {
            None
        }
    }

    /// All claims with their handles, in insertion order. Cost: O(1) per item.
    pub fn claims(&self) -> impl ExactSizeIterator<Item = (ClaimId, &Claim)> {
        self.claims
            .iter()
            .enumerate()
            .map(|(i, c)| (self.claim_handle(i), c))
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
            .filter_map(|c| match &self.claims[c.index()].fact {
                Fact::Occurred { date, .. } => Some((*c, date)),
                _ => None,
            })
    }

    /// The participation claims of an event, with role and participant. Cost: O(1) per item.
    pub fn participants(
        &self,
        event: EntityId,
    ) -> impl Iterator<Item = (ClaimId, &str, EntityId)> + '_ {
        self.list(event, index::Index::participants)
            .iter()
            .filter_map(|c| match &self.claims[c.index()].fact {
                Fact::Participation {
                    role, participant, ..
                } => Some((*c, role.as_str(), *participant)),
                _ => None,
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
            .filter_map(|c| match &self.claims[c.index()].fact {
                Fact::Never {
                    event_kind, during, ..
                } => Some((*c, *event_kind, during.as_ref())),
                _ => None,
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
            .filter_map(|c| match &self.claims[c.index()].fact {
                Fact::Participation { role, event, .. } => Some((*c, role.as_str(), *event)),
                _ => None,
            })
    }
}

fn node(id: EntityId) -> NodeIndex {
    NodeIndex::new(id.index())
}

/// Adds claim `id`'s edge to the petgraph copy, if it is a link or a participation.
fn add_edge(edges: &mut StableDiGraph<(), ClaimId>, id: ClaimId, claim: &Claim) {
    match &claim.fact {
        Fact::Link {
            subject, object, ..
        } => {
            edges.add_edge(node(*subject), node(*object), id);
        }
        Fact::Participation {
            event, participant, ..
        } => {
            edges.add_edge(node(*participant), node(*event), id);
        }
        _ => {}
    }
}

impl Graph {
    /// The links and participations as a petgraph graph, built from the claims on first use:
    /// O(entities + claims) once, then kept up to date by writes.
    fn edges(&self) -> &StableDiGraph<(), ClaimId> {
        self.edges.get_or_init(|| {
            let mut edges = StableDiGraph::with_capacity(self.entities.len(), 0);
            for _ in 0..self.entities.len() {
                edges.add_node(());
            }
            for (i, claim) in self.claims.iter().enumerate() {
                add_edge(&mut edges, self.claim_handle(i), claim);
            }
            edges
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Graph>();
    }
}
