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
mod claims;
#[cfg(all(test, feature = "proptest"))]
mod clone_tests;
mod debug;
mod entities;
mod error;
mod events;
mod index;
mod lineage;
mod names;
mod network;
mod order;
mod read;
mod shared;
mod write;

use std::sync::OnceLock;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use rustc_hash::FxHashMap as HashMap;

use crate::model::{ClaimId, EntityId, Schema};

pub use check::{Violation, ViolationKind};
pub(crate) use claims::{ClaimRef, FactRef};
pub(crate) use entities::EntityRef;
pub(crate) use events::{ClaimBits, EventDate, Events, Undergone};
pub(crate) use index::Targets;

pub(crate) fn set_inferred(graph: &mut Graph, inferred: Inferred) {
    graph.inferred = Some(Box::new(inferred));
    graph.events = OnceLock::new();
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
    /// The entities, as compact columns with a cache of the `Entity`s read
    /// ([`entities::Entities`]).
    entities: entities::Entities,
    /// Each entity's kind, apart from the entities, for the kind checks of every write:
    /// reading 2 bytes from a compact array instead of a 224-byte entity halves what a
    /// snapshot load's checks cost in cache misses.
    kinds: shared::Shared<crate::model::KindId>,
    /// The claims, as compact columns with a cache of the `Claim`s read ([`claims::Claims`]).
    claims: claims::Claims,
    /// Entities by slug and by normalized name, as positions into `entities`.
    by_slug: names::Slugs,
    by_name: names::Names,
    by_kind: Vec<Vec<EntityId>>,
    labels: HashMap<String, ClaimId>,
    /// Per entity, the claims that mention it, by the part it plays.
    index: index::Index,
    /// While entities and claims are added in bulk (a load), the number of entities the graph
    /// had when it began: the index and the names of the entities added since are then built
    /// once at the end ([`Graph::end_bulk`]) instead of on every write.
    bulk: Option<usize>,
    /// Per entity, its chronological key if it is an event (the smallest key among its date
    /// claims, [`UNDATED`] without one).
    keys: shared::Shared<EventKey>,
    /// Per event kind, its events ordered by their earliest dated claim (then by handle):
    /// sorted from `keys` on first use, dropped by a write that adds an event or moves one.
    events_by_kind: OnceLock<Vec<Vec<EntityId>>>,
    /// The most words in a normalized name or alias, which bounds name matching in queries.
    longest_name: usize,
    /// The entities ordered by name ([`Graph::name_rank`]): built at the end of a load and by
    /// [`Graph::compact`], else on first use; set aside by every write that adds an entity.
    name_order: OnceLock<order::NameOrder>,
    /// The last order set aside, of the entities there were then: the next one extends it.
    name_order_before: Option<order::NameOrder>,
    /// The same graph with what the schema's rules imply, built on first use by
    /// [`Graph::reasoned`] and dropped by every write.
    pub(crate) reasoned: OnceLock<Box<Graph>>,
    /// The events each entity underwent and every claim's rank and certainty, in dense
    /// arrays ([`events::Events`]): built on first use and dropped by every write.
    events: OnceLock<events::Events>,
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
            kinds: self.kinds.clone(),
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
            name_order: self.name_order.clone(),
            name_order_before: self.name_order_before.clone(),
            reasoned: self.reasoned.clone(),
            // A clone rebuilds it when asked: it is cheap next to the claims it describes.
            events: OnceLock::new(),
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

impl Graph {
    /// An empty graph over `schema`. Cost: O(kinds + event kinds), for the empty per-kind
    /// indexes.
    pub fn new(schema: Schema) -> Graph {
        let n_kinds = schema.kinds().len();
        Graph {
            lineage: lineage::Lineage::new(),
            schema,
            edges: OnceLock::new(),
            entities: entities::Entities::default(),
            kinds: shared::Shared::default(),
            claims: claims::Claims::default(),
            by_slug: names::Slugs::default(),
            by_name: names::Names::default(),
            by_kind: vec![Vec::new(); n_kinds],
            labels: HashMap::default(),
            index: index::Index::default(),
            bulk: None,
            keys: shared::Shared::default(),
            events_by_kind: OnceLock::new(),
            longest_name: 0,
            name_order: OnceLock::new(),
            name_order_before: None,
            reasoned: OnceLock::new(),
            events: OnceLock::new(),
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
}

fn node(id: EntityId) -> NodeIndex {
    NodeIndex::new(id.index())
}

/// Adds claim `id`'s edge to the petgraph copy, if it is a link or a participation.
fn add_edge(edges: &mut StableDiGraph<(), ClaimId>, id: ClaimId, claim: ClaimRef<'_>) {
    match claim.fact() {
        FactRef::Link {
            subject, object, ..
        } => {
            edges.add_edge(node(subject), node(object), id);
        }
        FactRef::Participation {
            event, participant, ..
        } => {
            edges.add_edge(node(participant), node(event), id);
        }
        _ => {}
    }
}

impl Graph {
    /// Per event kind, its events in chronological order, sorted on first use: O(events ×
    /// log events) once after a write that added or moved an event, then O(1).
    fn events_by_kind(&self) -> &[Vec<EntityId>] {
        self.events_by_kind.get_or_init(|| {
            let mut lists: Vec<Vec<(EventKey, EntityId)>> =
                vec![Vec::new(); self.schema.event_kinds().len()];
            for i in 0..self.entities.len() {
                if let Some(ek) = self.entities.event_kind(i)
                    && let Some(list) = lists.get_mut(ek.index())
                {
                    list.push((self.keys[i], self.entity_handle(i)));
                }
            }
            lists
                .into_iter()
                .map(|mut list| {
                    list.sort_unstable();
                    list.into_iter().map(|(_, id)| id).collect()
                })
                .collect()
        })
    }

    /// The links and participations as a petgraph graph, built from the claims on first use:
    /// O(entities + claims) once, then kept up to date by writes.
    fn edges(&self) -> &StableDiGraph<(), ClaimId> {
        self.edges.get_or_init(|| {
            let mut edges = StableDiGraph::with_capacity(self.entities.len(), 0);
            for _ in 0..self.entities.len() {
                edges.add_node(());
            }
            for (id, claim) in self.claim_views() {
                add_edge(&mut edges, id, claim);
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
