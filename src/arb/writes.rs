//! Strategies for write sequences and the graphs they build.

use proptest::prelude::*;
use proptest::sample::Index;

use super::dates::date_between;
use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, Date, Entity, EntityId, EventKindId, Fact, KindId, LiteralType,
    Quantity, Rank, RelationId, Schema, Slug, SourceInfo, Target, Value,
};
use crate::store::GraphError;

// ---------------------------------------------------------------------------------------------
// Writes and graphs

/// One write to a [`Graph`], as [`writes`] generates them: the entities are numbered in the
/// order they are written, so a write applies to a graph that got the writes before it. The
/// handles a generated claim holds are such positions, bound to the graph by [`Write::apply`];
/// a position past the graph's end stays a foreign handle, which the graph refuses.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    /// [`Graph::add_entity`].
    Entity(Entity),
    /// [`Graph::add_claim`].
    Claim(Claim),
}

impl Write {
    /// Applies the write to `graph`. Cost: that of [`Graph::add_entity`] or [`Graph::add_claim`],
    /// plus cloning the entity or claim.
    ///
    /// # Errors
    ///
    /// Whatever [`Graph::add_entity`] or [`Graph::add_claim`] refuses; the graph is then
    /// unchanged.
    pub fn apply(&self, graph: &mut Graph) -> Result<(), GraphError> {
        match self {
            Write::Entity(entity) => graph.add_entity(entity.clone()).map(drop),
            Write::Claim(claim) => {
                let mut claim = claim.clone();
                let bind = |id: EntityId| {
                    if id.graph() == 0 && id.index() < graph.n_entities() {
                        graph.entity_handle(id.index())
                    } else {
                        id
                    }
                };
                claim.fact.map_entities(bind);
                for citation in &mut claim.citations {
                    citation.source = bind(citation.source);
                    citation.via = citation.via.map(bind);
                }
                graph.add_claim(claim).map(drop)
            }
        }
    }
}

/// The random choices of one entity.
#[derive(Clone, Debug)]
struct EntitySeed {
    kind: Index,
    event_kind: Index,
    period: Option<Date>,
    alias: bool,
}

/// The random choices of one claim: which fact, and indexes into whatever fits.
#[derive(Clone, Debug)]
struct ClaimSeed {
    shape: u8,
    picks: [Index; 4],
    date: Date,
    has_date: bool,
    certainty: Index,
    sources: Vec<Index>,
    via: bool,
    figure: (u32, u8),
    /// For a broken write: which mistake.
    mistake: u8,
    /// 0 normal, 1 preferred, 2 deprecated.
    rank: u8,
}

fn entity_seed() -> impl Strategy<Value = EntitySeed> {
    (
        any::<Index>(),
        any::<Index>(),
        prop::option::weighted(0.3, graph_date()),
        any::<bool>(),
    )
        .prop_map(|(kind, event_kind, period, alias)| EntitySeed {
            kind,
            event_kind,
            period,
            alias,
        })
}

/// Dates in graphs cluster in a few decades, so that queries' windows meet them.
fn graph_date() -> impl Strategy<Value = Date> + Clone {
    date_between(1900, 1960)
}

fn claim_seed() -> impl Strategy<Value = ClaimSeed> {
    (
        (0..10u8, any::<[Index; 4]>(), graph_date(), any::<bool>()),
        (
            any::<Index>(),
            prop::collection::vec(any::<Index>(), 1..=2),
            prop::bool::weighted(0.2),
            (any::<u32>(), 0..6u8),
            0..8u8,
            prop_oneof![4 => Just(0u8), 1 => 1..3u8],
        ),
    )
        .prop_map(
            |((shape, picks, date, has_date), (certainty, sources, via, figure, mistake, rank))| {
                ClaimSeed {
                    shape,
                    picks,
                    date,
                    has_date,
                    certainty,
                    sources,
                    via,
                    figure,
                    mistake,
                    rank,
                }
            },
        )
}

/// Turns seeds into writes over `schema`: entities first (sources among them), then claims.
/// With `broken`, every claim seed whose `mistake` is 0 makes a write the store refuses.
fn build_writes(
    schema: &Schema,
    entities: &[EntitySeed],
    sources: usize,
    claims: &[ClaimSeed],
    broken: bool,
) -> Vec<Write> {
    let mut writes = Vec::new();
    let n_kinds = schema.kinds().len();
    // Events need an event kind: without any, the event kind gets no entities.
    let no_events = schema.event_kinds().is_empty();
    let plain: Vec<KindId> = (0..n_kinds)
        .map(KindId::new)
        .filter(|k| *k != schema.source_kind() && !(no_events && *k == schema.event_kind()))
        .collect();
    let mut kinds: Vec<KindId> = Vec::new();
    let mut event_kinds: Vec<Option<EventKindId>> = Vec::new();
    for i in 0..sources {
        let mut entity = Entity::new(
            slug(&format!("s{i}")),
            schema.source_kind(),
            format!("Source {i}"),
        );
        entity.source = Some(SourceInfo {
            author: Some(format!("Author {i}")),
            ..SourceInfo::default()
        });
        kinds.push(schema.source_kind());
        event_kinds.push(None);
        writes.push(Write::Entity(entity));
    }
    for (i, seed) in entities.iter().enumerate() {
        let Some(kind) = (!plain.is_empty()).then(|| *seed.kind.get(&plain)) else {
            break;
        };
        let mut entity = Entity::new(slug(&format!("e{i}")), kind, format!("Entity {i}"));
        if kind == schema.event_kind() {
            let ek = EventKindId::new(seed.event_kind.index(schema.event_kinds().len()));
            entity.event_kind = Some(ek);
        }
        if seed.alias {
            entity.aliases.push(format!("Alias {i}"));
        }
        entity.period = seed.period.clone();
        kinds.push(kind);
        event_kinds.push(entity.event_kind);
        writes.push(Write::Entity(entity));
    }
    let of_kinds = |allowed: &[KindId]| -> Vec<EntityId> {
        (0..kinds.len())
            .filter(|i| allowed.contains(&kinds[*i]))
            .map(|i| EntityId::new(i, 0))
            .collect()
    };
    let source_ids = of_kinds(&[schema.source_kind()]);
    let events = of_kinds(&[schema.event_kind()]);
    let non_sources = of_kinds(&plain);
    for seed in claims {
        let mut fact = None;
        let when = seed.has_date.then(|| seed.date.clone());
        let [a, b, c, d] = &seed.picks;
        let relations = schema.relations();
        match seed.shape {
            // Links.
            0 | 1 | 9 => {
                let links: Vec<usize> = (0..relations.len())
                    .filter(|r| relations[*r].literal().is_none())
                    .collect();
                if !links.is_empty() {
                    let r = RelationId::new(*a.get(&links));
                    let def = schema.relation_def(r);
                    let subjects = of_kinds(&def.subject);
                    let objects = match &def.target {
                        Target::Kinds(k) => of_kinds(k),
                        Target::Literal(_) => Vec::new(),
                    };
                    if !subjects.is_empty() && !objects.is_empty() {
                        fact = Some(Fact::Link {
                            subject: *b.get(&subjects),
                            relation: r,
                            object: *c.get(&objects),
                            role: pick_role(&def.roles, d),
                            during: when,
                        });
                    }
                }
            }
            2 => {
                let literals: Vec<usize> = (0..relations.len())
                    .filter(|r| relations[*r].literal().is_some())
                    .collect();
                if !literals.is_empty() {
                    let r = RelationId::new(*a.get(&literals));
                    let def = schema.relation_def(r);
                    let subjects = of_kinds(&def.subject);
                    if !subjects.is_empty() {
                        let value = match def.literal() {
                            Some(LiteralType::Number) => Value::Number(figure(seed.figure)),
                            Some(LiteralType::Date) => Value::Date(seed.date.clone()),
                            _ => Value::Text(format!("text {}", seed.figure.0 % 100)),
                        };
                        fact = Some(Fact::Value {
                            subject: *b.get(&subjects),
                            relation: r,
                            value,
                            role: pick_role(&def.roles, d),
                            at: when,
                        });
                    }
                }
            }
            // Dates: an event may get several, which then disagree.
            3 | 4 => {
                if !events.is_empty() {
                    fact = Some(Fact::Occurred {
                        event: *a.get(&events),
                        date: seed.date.clone(),
                    });
                }
            }
            5..=7 => {
                if !events.is_empty() && !non_sources.is_empty() {
                    let event = *a.get(&events);
                    if let Some(ek) = event_kinds[event.index()] {
                        let def = schema.event_kind_def(ek);
                        // Mostly the patient, which participles ask about.
                        let role = if seed.shape < 7 {
                            def.patient.clone()
                        } else {
                            d.get(&def.roles).clone()
                        };
                        // An event cannot take part in itself (the graph refuses it).
                        let participant = *b.get(&non_sources);
                        if participant != event {
                            fact = Some(Fact::Participation {
                                event,
                                role,
                                participant,
                            });
                        }
                    }
                }
            }
            _ => {
                if !non_sources.is_empty() && !schema.event_kinds().is_empty() {
                    fact = Some(Fact::Never {
                        subject: *b.get(&non_sources),
                        event_kind: EventKindId::new(c.index(schema.event_kinds().len())),
                        during: when,
                    });
                }
            }
        }
        let Some(fact) = fact else { continue };
        if source_ids.is_empty() {
            continue;
        }
        let mut citations: Vec<Citation> = Vec::new();
        for s in &seed.sources {
            let source = *s.get(&source_ids);
            if citations.iter().all(|c| c.source != source) {
                let mut citation = Citation::new(source);
                if seed.via {
                    citation.via = Some(*d.get(&source_ids)).filter(|v| *v != source);
                    citation.locator = Some(format!("p. {}", seed.figure.0 % 400));
                }
                citations.push(citation);
            }
        }
        let mut claim = Claim {
            fact,
            citations,
            certainty: *seed.certainty.get(&Certainty::ALL),
            note: None,
            label: None,
            rank: Rank::Normal,
            rank_reason: None,
        };
        claim = match seed.rank {
            1 => claim.with_rank(Rank::Preferred, "a later, archival source"),
            2 => claim.with_rank(Rank::Deprecated, "a falsified date"),
            _ => claim,
        };
        if broken && seed.mistake == 0 {
            claim = break_claim(claim, seed, kinds.len(), &non_sources);
        }
        writes.push(Write::Claim(claim));
    }
    if broken && claims.iter().any(|c| c.mistake == 1) {
        // A second entity with an id already taken.
        writes.push(Write::Entity(Entity::new(
            slug("s0"),
            schema.source_kind(),
            "Again",
        )));
    }
    writes
}

/// Makes a claim the store must refuse.
fn break_claim(
    mut claim: Claim,
    seed: &ClaimSeed,
    n_entities: usize,
    non_sources: &[EntityId],
) -> Claim {
    match seed.figure.1 % 3 {
        0 => claim.citations.clear(),
        1 => {
            // A handle past the end of the graph.
            claim.citations = vec![Citation::new(EntityId::new(n_entities + 5, 0))];
        }
        _ => {
            // A non-source cited as a source.
            match non_sources.first() {
                Some(not_a_source) => claim.citations = vec![Citation::new(*not_a_source)],
                None => claim.citations.clear(),
            }
        }
    }
    claim
}

fn pick_role(roles: &[String], index: &Index) -> Option<String> {
    if roles.is_empty() || index.index(3) == 0 {
        None
    } else {
        Some(index.get(roles).clone())
    }
}

fn figure((n, form): (u32, u8)) -> Quantity {
    let amount = f64::from(n % 1_000_000);
    let q = match form {
        0 => Quantity::percent(f64::from(n % 100)),
        1 => Quantity::out_of(f64::from(n % 100), 100.0),
        _ => Quantity::exact(amount),
    };
    q.unwrap_or_else(|_| unreachable!("small figures are valid"))
}

fn slug(text: &str) -> Slug {
    text.parse()
        .unwrap_or_else(|_| unreachable!("generated ids are valid"))
}

/// How big a generated graph may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// The most entities besides sources.
    pub entities: usize,
    /// The most sources (at least one is always made).
    pub sources: usize,
    /// The most claims.
    pub claims: usize,
}

impl Default for Size {
    /// Up to 12 entities, 3 sources and 60 claims: small enough to shrink well, big enough for
    /// conflicts.
    fn default() -> Self {
        Size {
            entities: 12,
            sources: 3,
            claims: 60,
        }
    }
}

/// A sequence of writes over `schema`, most of them valid, some refused by the store: claims
/// without a source, citing a non-source or a handle past the end, and a duplicate id.
/// Apply them in order with [`Write::apply`]. Cost: O(schema size) to build the strategy; each
/// sequence drawn is O(its length), at most the default [`Size`].
pub fn writes(schema: &Schema) -> impl Strategy<Value = Vec<Write>> + use<> {
    writes_sized(schema, Size::default(), true)
}

pub(super) fn writes_sized(
    schema: &Schema,
    size: Size,
    broken: bool,
) -> impl Strategy<Value = Vec<Write>> + use<> {
    let schema = schema.clone();
    (
        prop::collection::vec(entity_seed(), 0..=size.entities),
        1..=size.sources.max(1),
        prop::collection::vec(claim_seed(), 0..=size.claims),
    )
        .prop_map(move |(entities, sources, claims)| {
            build_writes(&schema, &entities, sources, &claims, broken)
        })
}

/// A valid graph over `schema`, of the [default size](Size::default): entities of every kind
/// (events with their event kinds, periods, aliases), sources, links with roles and times,
/// values, events with zero, one or several (disagreeing) dates and participants, claims that
/// someone never underwent an event, citations with `via` and locators, every certainty and
/// every rank. Cost: as [`graph_sized`] with the default [`Size`].
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let schema = annals::bundled().schema().clone();
/// let mut runner = TestRunner::default();
/// let graph = annals::arb::graph(&schema).new_tree(&mut runner).unwrap().current();
/// assert!(graph.n_entities() >= 1);
/// ```
pub fn graph(schema: &Schema) -> impl Strategy<Value = Graph> + use<> {
    graph_sized(schema, Size::default())
}

/// A valid graph over `schema` of at most `size`. Cost: O(schema size) to build the strategy; each
/// graph drawn costs its writes, at most `size.entities` entities and `size.claims` claims, each
/// added as [`Graph::add_claim`] does.
pub fn graph_sized(schema: &Schema, size: Size) -> impl Strategy<Value = Graph> + use<> {
    let empty = Graph::new(schema.clone());
    writes_sized(schema, size, false).prop_map(move |writes| {
        let mut graph = empty.clone();
        for write in &writes {
            // Generated without mistakes: every write fits. A refusal would leave the graph
            // unchanged, so the graph is valid either way.
            let _ = write.apply(&mut graph);
        }
        graph
    })
}
