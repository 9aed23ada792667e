//! Strategies for property tests over annals graphs, for users and for annals itself (cargo
//! feature `proptest`).
//!
//! Every strategy generates values that are valid by construction, and shrinks to smaller
//! values that are still valid: a graph shrinks by dropping entities and claims (a claim whose
//! entities are gone is dropped with them), a query shrinks towards a kind plural.
//!
//! ```
//! use annals::arb;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let schema = annals::bundled().schema().clone();
//! let mut runner = TestRunner::default();
//! runner.run(&arb::graph(&schema), |graph| {
//!     // An invariant of your own: every claim cites a source.
//!     prop_assert!(graph.claims().all(|(_, c)| !c.citations.is_empty()));
//!     Ok(())
//! }).unwrap();
//! ```
//!
//! In a test file, with `proptest!`:
//!
//! ```no_run
//! use proptest::prelude::*;
//!
//! proptest! {
//!     #[test]
//!     fn answers_are_never_no(
//!         (graph, query) in annals::arb::schema()
//!             .prop_flat_map(|schema| annals::arb::graph(&schema))
//!             .prop_flat_map(|graph| (Just(graph.clone()), annals::arb::query(&graph)))
//!     ) {
//!         let answer = graph.query(&query).unwrap();
//!         prop_assert!(answer.rows().iter().all(|row| row.status.word() != "no"));
//!     }
//! }
//! ```

use proptest::prelude::*;
use proptest::sample::Index;

use crate::Graph;
use crate::model::{
    Calendar, Certainty, Citation, Claim, Date, Entity, EntityId, EventKindId, EventKindSpec, Fact,
    KindId, LiteralType, Order, Quantity, Rank, RelationId, RelationSpec, Rule, RuleForm, Schema,
    Slug, SourceInfo, Target, Value,
};
use crate::store::GraphError;

// ---------------------------------------------------------------------------------------------
// Dates

/// A point date of any precision (day, month, year, decade, century) between the years
/// `from` and `to`, in the Gregorian or (for a fifth of them) the Julian calendar. Cost: O(1) to
/// build the strategy and O(1) per date drawn (a draw that is no valid day is rejected and drawn
/// again).
///
/// # Panics
///
/// If `from > to` or either lies outside `1..=9999`.
pub fn point_between(from: i32, to: i32) -> impl Strategy<Value = Date> + Clone {
    assert!(1 <= from && from <= to && to <= 9999, "years in 1..=9999");
    (0..5u8, from..=to, 1..=12u8, 1..=31u8, 0..5u8).prop_filter_map(
        "a valid point",
        move |(kind, year, month, day, calendar)| {
            let date = match kind {
                0 => Date::day(year, month, day.min(28)),
                1 => Date::month(year, month),
                2 => Date::year(year),
                3 => Date::decade((year - year % 10).max(10)),
                _ => Date::century(((year - 1) / 100 + 1) as u32),
            }
            .ok()?;
            if calendar == 0 {
                date.with_calendar(Calendar::Julian).ok()
            } else {
                Some(date)
            }
        },
    )
}

/// A date of any form between the years `from` and `to`: a point of any precision, a range,
/// `before`, `by` or `after` a point, or an approximate (`c.`) point; Old Style or New Style. Cost:
/// O(1) to build the strategy and O(1) per date drawn (invalid draws are rejected and drawn again).
///
/// # Panics
///
/// If `from > to` or either lies outside `1..=9999`.
pub fn date_between(from: i32, to: i32) -> impl Strategy<Value = Date> + Clone {
    let point = point_between(from, to);
    (0..6u8, point.clone(), point).prop_filter_map("a valid date", |(form, a, b)| match form {
        0 | 1 => Some(a),
        2 => {
            let (a, b) = if a.sort_key() <= b.sort_key() {
                (a, b)
            } else {
                (b, a)
            };
            Date::range(a, b).ok()
        }
        3 => Date::before(a).ok(),
        4 => Date::by(a).ok(),
        _ => {
            if b.sort_key() < a.sort_key() {
                Date::after(a).ok()
            } else {
                Date::circa(a).ok()
            }
        }
    })
}

/// A date of any precision and form, in any year from 1 to 9999. Cost: as [`date_between`].
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::default();
/// let date = annals::arb::date().new_tree(&mut runner).unwrap().current();
/// assert_eq!(date.to_string().parse::<annals::model::Date>(), Ok(date));
/// ```
pub fn date() -> impl Strategy<Value = Date> + Clone {
    date_between(1, 9999)
}

// ---------------------------------------------------------------------------------------------
// Schemas

/// A made-up word, unique within one schema: random syllables, then `q` and letters that
/// encode `n`. No syllable contains `q`, so the part after the last `q` tells words apart, and
/// no word is a connective of the query language or a month.
fn word(seed: u32, n: usize) -> String {
    const SYLLABLES: [&str; 12] = [
        "ka", "lo", "mi", "ru", "te", "zan", "vo", "pe", "shi", "dra", "bu", "gel",
    ];
    let mut out = String::new();
    let mut s = seed;
    for _ in 0..(2 + s % 2) {
        out.push_str(SYLLABLES[(s % 12) as usize]);
        s /= 12;
    }
    out.push('q');
    let mut n = n;
    loop {
        out.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out
}

/// Hands out unique words.
struct Words {
    seeds: Vec<u32>,
    next: usize,
}

impl Words {
    fn next(&mut self) -> String {
        let seed = self.seeds.get(self.next % self.seeds.len().max(1)).copied();
        let w = word(seed.unwrap_or(0), self.next);
        self.next += 1;
        w
    }

    /// One or two words, the last unique.
    fn phrase(&mut self, two: bool) -> String {
        let last = self.next();
        if two {
            // The first word is no phrase of its own (it ends in `x`, not `q` and letters), so
            // no shorter phrase is hidden inside a longer one.
            let seed = self.seeds.get(self.next % self.seeds.len().max(1)).copied();
            let first = word(seed.unwrap_or(0).rotate_left(7), 0);
            format!("{}x {last}", first.trim_end_matches("qa"))
        } else {
            last
        }
    }
}

/// A link relation's choices: subject kinds, object kinds (as flags), how many forward and
/// inverse phrases and roles.
type LinkSeed = (Vec<bool>, Vec<bool>, u8, u8, u8);

/// Rules' choices: life bounds, implications (premise and implied kind by index, `before` or
/// `by`) and an exclusion of two kinds.
type RulesSeed = (bool, Vec<(u8, u8, bool)>, Option<(u8, u8)>);

/// The random choices a schema is built from.
#[derive(Clone, Debug)]
struct SchemaSeed {
    n_plain: usize,
    links: Vec<LinkSeed>,
    literals: Vec<(Vec<bool>, u8, u8)>,
    events: Vec<(u8, bool, bool, u8)>,
    words: Vec<u32>,
    rules: RulesSeed,
}

/// A schema: one to three plain kinds, a source kind and an event kind; one to four relations
/// between entities (with forward and inverse phrases and roles), up to two literal relations
/// (number, text or date values), and one to four event kinds with participles (some of two
/// words), plurals, a second role and the life flags; and sometimes rules (life bounds,
/// implications between event kinds that never loop, an exclusion). Every phrase is a made-up
/// word, unique within the schema, so queries over it are never ambiguous. Cost: O(1) to build the
/// strategy; each schema drawn costs O(its size), a few dozen definitions at most.
pub fn schema() -> impl Strategy<Value = Schema> {
    let kinds = prop::collection::vec(any::<bool>(), 5);
    (
        1..=3usize,
        prop::collection::vec(
            (kinds.clone(), kinds.clone(), 0..3u8, 0..3u8, 0..3u8),
            1..=4,
        ),
        prop::collection::vec((kinds, 0..3u8, 0..3u8), 0..=2),
        prop::collection::vec((0..3u8, any::<bool>(), any::<bool>(), 0..4u8), 1..=4),
        prop::collection::vec(any::<u32>(), 8),
        (
            prop::bool::weighted(0.3),
            prop::collection::vec((0..4u8, 0..4u8, any::<bool>()), 0..=2),
            prop::option::weighted(0.2, (0..4u8, 0..4u8)),
        ),
    )
        .prop_map(|(n_plain, links, literals, events, words, rules)| {
            build_schema(&SchemaSeed {
                n_plain,
                links,
                literals,
                events,
                words,
                rules,
            })
        })
}

fn build_schema(seed: &SchemaSeed) -> Schema {
    let mut words = Words {
        seeds: seed.words.clone(),
        next: 0,
    };
    let mut builder = Schema::builder();
    let mut plain = Vec::new();
    for i in 0..seed.n_plain {
        let name = format!("kind{i}");
        builder = builder.kind(&name, words.next());
        plain.push(name);
    }
    builder = builder
        .event_kind("event", words.next())
        .source_kind("source", words.next());
    let mut subjects: Vec<String> = plain.clone();
    subjects.push("event".to_owned());
    // A non-empty subset of `from`, chosen by the flags (the first when none is set).
    let pick = |flags: &[bool], from: &[String]| -> Vec<String> {
        let mut out: Vec<String> = from
            .iter()
            .zip(flags.iter().chain(std::iter::repeat(&false)))
            .filter(|(_, on)| **on)
            .map(|(k, _)| k.clone())
            .collect();
        if out.is_empty() {
            out.push(from[0].clone());
        }
        out
    };
    for (i, (subject, object, n_forward, n_inverse, n_roles)) in seed.links.iter().enumerate() {
        let mut spec = RelationSpec::link(
            format!("link{i}"),
            pick(subject, &subjects),
            pick(object, &plain),
        );
        for j in 0..*n_forward {
            spec = spec.forward([words.phrase(j == 1)]);
        }
        // At least one walk per relation, so that queries can use it.
        for _ in 0..(*n_inverse).max(u8::from(*n_forward == 0)) {
            spec = spec.inverse([words.phrase(false)]);
        }
        for r in 0..*n_roles {
            spec = spec.roles([format!("role {r}")]);
        }
        builder = builder.relation(spec);
    }
    for (i, (subject, value, n_roles)) in seed.literals.iter().enumerate() {
        let value = [LiteralType::Number, LiteralType::Text, LiteralType::Date][*value as usize];
        let mut spec = RelationSpec::literal(format!("value{i}"), pick(subject, &subjects), value)
            .forward([words.next()]);
        for r in 0..*n_roles {
            spec = spec.roles([format!("scope {r}")]);
        }
        if value == LiteralType::Number {
            spec = spec.unit("units");
        }
        builder = builder.relation(spec);
    }
    for (i, (life, plural, second_role, n_participles)) in seed.events.iter().enumerate() {
        let mut spec = EventKindSpec::new(format!("happening{i}"));
        for j in 0..(*n_participles).clamp(1, 2) {
            spec = spec.participles([words.phrase(j == 1 || *n_participles == 3)]);
        }
        if *plural {
            spec = spec.plural(words.next());
        }
        if *second_role {
            spec = spec.roles(["subject", "agent"]);
        }
        spec = match life {
            1 => spec.ends_life(),
            2 => spec.starts_life(),
            _ if *n_participles == 0 => spec.posthumous(),
            _ => spec,
        };
        builder = builder.event(spec);
    }
    // Names are unique and phrases are unique made-up words: the checks cannot fail.
    let schema = builder
        .build()
        .unwrap_or_else(|e| unreachable!("generated schema: {e}"));
    let n_events = schema.event_kinds().len();
    let (life_bounds, implications, exclusive) = &seed.rules;
    let mut rules = Vec::new();
    if *life_bounds {
        rules.push(Rule {
            name: "life-bounds".to_owned(),
            description: None,
            form: RuleForm::LifeBounds,
        });
    }
    for (i, (a, b, before)) in implications.iter().enumerate() {
        // From a lower kind to a higher one only, so that implications never loop.
        let (a, b) = (usize::from(*a) % n_events, usize::from(*b) % n_events);
        if a >= b {
            continue;
        }
        rules.push(Rule {
            name: format!("implies-{i}"),
            description: None,
            form: RuleForm::Implies {
                when: EventKindId::new(a),
                role: schema.event_kind_def(EventKindId::new(a)).patient.clone(),
                place: None,
                implies: EventKindId::new(b),
                order: if *before { Order::Before } else { Order::By },
            },
        });
    }
    if let Some((a, b)) = exclusive {
        let (a, b) = (usize::from(*a) % n_events, usize::from(*b) % n_events);
        if a != b {
            rules.push(Rule {
                name: "exclusive".to_owned(),
                description: None,
                form: RuleForm::Exclusive {
                    kinds: vec![EventKindId::new(a), EventKindId::new(b)],
                },
            });
        }
    }
    schema
        .with_rules(rules, Vec::new())
        .unwrap_or_else(|e| unreachable!("generated rules: {e}"))
}

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

fn writes_sized(
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

// ---------------------------------------------------------------------------------------------
// Queries

/// Reads choices off a tape of random numbers; past its end every choice is 0, the simplest.
struct Tape<'a> {
    numbers: &'a [u32],
    at: usize,
}

impl Tape<'_> {
    fn choose(&mut self, n: usize) -> usize {
        let x = self.numbers.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { x as usize % n }
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> Option<&'b T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.choose(items.len())])
        }
    }
}

/// What a query writer knows about a graph: its schema and its entities' ids and kinds.
struct Vocabulary {
    schema: Schema,
    entities: Vec<(String, KindId)>,
}

/// The kinds a set can hold, and whether its outermost operation is a walk that a time can
/// still narrow, as the planner tracks them.
struct Typed {
    text: String,
    kinds: Vec<KindId>,
    open_walk: bool,
    /// Whether it is a single term with at least one filter (what `share of` needs).
    filtered_term: bool,
}

/// Well-formed queries over `graph`'s vocabulary that plan without error: kind and event
/// plurals, entity ids, walks along relations (forward and inverse) and to linked kinds,
/// participles with and without times, `not`, times on walks and events, `and`, `or`,
/// `except`, groups, `count`, `count … by year`, `share of`, figures of literal relations
/// (with a window), `according to`, `as recorded` and `with all claims`. Cost: O(entities + schema
/// size) to collect the vocabulary when the strategy is built; each query drawn reads at most 48
/// numbers and may scan the entities to pick among them, O(entities) at worst per pick.
///
/// A query is rendered from a tape of random numbers read left to right, with kinds checked
/// as the planner checks them; shrinking the tape towards zeros shrinks the query towards a
/// kind plural.
pub fn query(graph: &Graph) -> impl Strategy<Value = String> + use<> {
    let vocabulary = Vocabulary::of(graph);
    prop::collection::vec(any::<u32>(), 0..48).prop_map(move |numbers| {
        let mut tape = Tape {
            numbers: &numbers,
            at: 0,
        };
        vocabulary.query(&mut tape)
    })
}

/// A set expression over `graph`'s vocabulary, as [`query`] makes them but without a command
/// or a source scope: to combine in a test (`({a}) and ({b})`) or to prefix with a command. Cost:
/// as [`query`]: O(entities + schema size) to build; at most 40 numbers read per expression
/// drawn, with scans of the entities to pick among them.
pub fn set(graph: &Graph) -> impl Strategy<Value = String> + use<> {
    let vocabulary = Vocabulary::of(graph);
    prop::collection::vec(any::<u32>(), 0..40).prop_map(move |numbers| {
        let mut tape = Tape {
            numbers: &numbers,
            at: 0,
        };
        vocabulary.expr(&mut tape, 2).text
    })
}

/// A proptest configuration with `default_cases` cases, unless the environment variable
/// `PROPTEST_CASES` says otherwise. Cost: O(1) (one environment variable read).
///
/// `ProptestConfig::with_cases(n)` ignores `PROPTEST_CASES` (it overrides the default that
/// reads it), so a test that fixes its case count for CI could not be run longer. Use
/// `#![proptest_config(annals::arb::config(64))]` instead: 64 cases in CI,
/// `PROPTEST_CASES=10000 cargo test` for a long run.
///
/// ```
/// let config = annals::arb::config(64);
/// if std::env::var_os("PROPTEST_CASES").is_none() {
///     assert_eq!(config.cases, 64);
/// }
/// ```
pub fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

impl Vocabulary {
    fn of(graph: &Graph) -> Vocabulary {
        Vocabulary {
            schema: graph.schema().clone(),
            entities: graph
                .entities()
                .map(|(_, e)| (e.slug.to_string(), e.kind))
                .collect(),
        }
    }

    fn all_kinds(&self) -> Vec<KindId> {
        (0..self.schema.kinds().len()).map(KindId::new).collect()
    }

    fn query(&self, tape: &mut Tape) -> String {
        let set = self.expr(tape, 2);
        let mut text = match tape.choose(7) {
            1 | 2 => format!("count {}", set.text),
            3 => format!("count {} by year", set.text),
            4 if set.filtered_term => format!("share of {}", set.text),
            5 => self.values(tape, set),
            _ => set.text,
        };
        match tape.choose(8) {
            6 => text.push_str(" as recorded"),
            7 => text.push_str(" with all claims"),
            _ => {}
        }
        if tape.choose(5) == 4 {
            let sources: Vec<&String> = self
                .entities
                .iter()
                .filter(|(_, k)| *k == self.schema.source_kind())
                .map(|(s, _)| s)
                .collect();
            if let Some(source) = tape.pick(&sources) {
                text.push_str(&format!(" according to {source}"));
            }
        }
        text
    }

    /// The figures (or texts, or dates) of a literal relation for the set, optionally in a
    /// window: `population of (SET) in 1937`. The set is grouped, since a figure takes no
    /// filters and no set algebra.
    fn values(&self, tape: &mut Tape, set: Typed) -> String {
        let phrases: Vec<&String> = self
            .schema
            .relations()
            .iter()
            .filter(|r| r.literal().is_some() && set.kinds.iter().any(|k| r.subject.contains(k)))
            .flat_map(|r| &r.forward)
            .collect();
        match tape.pick(&phrases) {
            Some(phrase) => {
                let time = self.time(tape, true);
                format!("{phrase} of ({}){time}", set.text)
            }
            None => set.text,
        }
    }

    fn expr(&self, tape: &mut Tape, depth: usize) -> Typed {
        let lhs = self.term(tape, depth);
        if depth == 0 || tape.choose(3) != 2 {
            return lhs;
        }
        let rhs = self.term(tape, depth - 1);
        let (op, kinds) = match tape.choose(3) {
            0 => (
                "and",
                lhs.kinds
                    .iter()
                    .copied()
                    .filter(|k| rhs.kinds.contains(k))
                    .collect(),
            ),
            1 => {
                let mut kinds = lhs.kinds.clone();
                kinds.extend(rhs.kinds.iter().copied().filter(|k| !lhs.kinds.contains(k)));
                ("or", kinds)
            }
            _ => ("except", lhs.kinds.clone()),
        };
        Typed {
            text: format!("{} {op} {}", lhs.text, rhs.text),
            kinds,
            open_walk: false,
            filtered_term: false,
        }
    }

    /// Walks from `kinds`: (phrase, kinds reached, whether it is a relation walk).
    fn walks_from(&self, kinds: &[KindId]) -> Vec<(String, Vec<KindId>, bool)> {
        let schema = &self.schema;
        let mut out = Vec::new();
        for def in schema.relations() {
            let Target::Kinds(objects) = &def.target else {
                continue;
            };
            if kinds.iter().any(|k| def.subject.contains(k)) {
                for p in &def.forward {
                    out.push((p.clone(), objects.clone(), true));
                }
            }
            if kinds.iter().any(|k| objects.contains(k)) {
                for p in &def.inverse {
                    out.push((p.clone(), def.subject.clone(), true));
                }
            }
        }
        // The source kind's plural as a walk lists the sources that cite a set's claims
        // (`sources of X`), a listing rather than a set, so walks leave it out.
        for (i, kind) in schema.kinds().iter().enumerate() {
            if KindId::new(i) != schema.source_kind() {
                out.push((kind.plural.clone(), vec![KindId::new(i)], false));
            }
        }
        for kind in schema.event_kinds() {
            if let Some(plural) = &kind.plural {
                out.push((plural.clone(), vec![schema.event_kind()], false));
            }
        }
        out
    }

    fn term(&self, tape: &mut Tape, depth: usize) -> Typed {
        let schema = &self.schema;
        let event = schema.event_kind();
        let mut set = match tape.choose(if depth > 0 { 5 } else { 4 }) {
            1 if !self.entities.is_empty() => {
                let (slug, kind) = &self.entities[tape.choose(self.entities.len())];
                typed(slug.clone(), vec![*kind])
            }
            2 => {
                let plurals: Vec<&String> = schema
                    .event_kinds()
                    .iter()
                    .filter_map(|k| k.plural.as_ref())
                    .collect();
                match tape.pick(&plurals) {
                    Some(plural) => typed((*plural).clone(), vec![event]),
                    None => self.kind_plural(tape),
                }
            }
            3 if self.has_participles() => {
                // Participles alone: everyone who underwent such an event.
                let participle = self.participle(tape);
                let time = self.time(tape, true);
                return Typed {
                    text: format!("{participle}{time}"),
                    kinds: self.all_kinds(),
                    open_walk: false,
                    filtered_term: false,
                };
            }
            4 => {
                let inner = self.expr(tape, depth - 1);
                Typed {
                    text: format!("({})", inner.text),
                    ..inner
                }
            }
            _ => self.kind_plural(tape),
        };
        let mut walks = Vec::new();
        for _ in 0..tape.choose(3) {
            let options = self.walks_from(&set.kinds);
            let Some((phrase, kinds, relation)) = tape.pick(&options) else {
                break;
            };
            walks.push(phrase.clone());
            set.kinds = kinds.clone();
            set.open_walk = *relation;
        }
        for phrase in &walks {
            set.text = format!("{phrase} of {}", set.text);
        }
        let mut filtered = false;
        // A time alone comes first, so that it cannot date a participle.
        if tape.choose(3) == 2 {
            if set.open_walk {
                set.text.push_str(&self.time(tape, false));
                filtered = true;
            } else if set.kinds == [event] {
                let not = if tape.choose(3) == 2 { " not" } else { "" };
                set.text
                    .push_str(&format!("{not}{}", self.time(tape, false)));
                filtered = true;
            }
        }
        let n_participles = if self.has_participles() {
            tape.choose(3)
        } else {
            0
        };
        for _ in 0..n_participles {
            let not = if tape.choose(3) == 2 { " not" } else { "" };
            let participle = self.participle(tape);
            let time = self.time(tape, true);
            set.text.push_str(&format!("{not} {participle}{time}"));
            filtered = true;
        }
        set.open_walk = set.open_walk && !filtered;
        set.filtered_term = filtered;
        set
    }

    fn kind_plural(&self, tape: &mut Tape) -> Typed {
        let i = tape.choose(self.schema.kinds().len());
        typed(self.schema.kinds()[i].plural.clone(), vec![KindId::new(i)])
    }

    /// A participle of the schema; a schema without any gets a kind plural instead, which
    /// plans as a walk-free base only where a participle stood alone, so callers check
    /// [`Vocabulary::has_participles`] first.
    fn participle(&self, tape: &mut Tape) -> String {
        let all: Vec<&String> = self
            .schema
            .event_kinds()
            .iter()
            .flat_map(|k| &k.participles)
            .collect();
        tape.pick(&all).map_or_else(String::new, |p| (*p).clone())
    }

    fn has_participles(&self) -> bool {
        self.schema
            .event_kinds()
            .iter()
            .any(|k| !k.participles.is_empty())
    }

    /// ` in 1937`, ` by 1938-03 OS`, ` between … and …`, or nothing when `optional` and the
    /// tape says so.
    fn time(&self, tape: &mut Tape, optional: bool) -> String {
        if optional && tape.choose(2) == 0 {
            return String::new();
        }
        let keyword = tape.choose(5);
        let point = |tape: &mut Tape, circa: bool| -> Date {
            let year = 1900 + tape.choose(61) as i32;
            let month = 1 + tape.choose(12) as u8;
            let day = 1 + tape.choose(28) as u8;
            let date = match tape.choose(3) {
                0 => Date::year(year),
                1 => Date::month(year, month),
                _ => Date::day(year, month, day),
            }
            .unwrap_or_else(|_| unreachable!("years 1900-1960 are valid"));
            let date = if tape.choose(5) == 4 {
                date.clone().with_calendar(Calendar::Julian).unwrap_or(date)
            } else {
                date
            };
            if circa && tape.choose(4) == 3 {
                Date::circa(date.clone()).unwrap_or(date)
            } else {
                date
            }
        };
        match keyword {
            0 => format!(" in {}", query_date(&point(tape, true))),
            1 => format!(" by {}", query_date(&point(tape, false))),
            2 => format!(" before {}", query_date(&point(tape, false))),
            3 => format!(" after {}", query_date(&point(tape, false))),
            _ => {
                let (a, b) = (point(tape, false), point(tape, false));
                let (a, b) = if b.is_before(&a) == crate::model::Truth::Yes
                    || a.is_after(&b) == crate::model::Truth::Yes
                {
                    (b, a)
                } else {
                    (a, b)
                };
                format!(" between {} and {}", query_date(&a), query_date(&b))
            }
        }
    }
}

fn typed(text: String, kinds: Vec<KindId>) -> Typed {
    Typed {
        text,
        kinds,
        open_walk: false,
        filtered_term: false,
    }
}

/// A date as the query language writes it: the data format's text, which is the same for
/// points (`1937`, `1937-03-05 OS`, `c. 1930`).
fn query_date(date: &Date) -> String {
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::test_runner::TestRunner;

    #[test]
    fn generated_writes_without_mistakes_all_fit() {
        let mut runner = TestRunner::deterministic();
        let strategy = schema().prop_flat_map(|s| {
            let schema = s.clone();
            writes_sized(&s, Size::default(), false).prop_map(move |w| (schema.clone(), w))
        });
        runner
            .run(&strategy, |(schema, writes)| {
                let mut graph = Graph::new(schema);
                for write in &writes {
                    write
                        .apply(&mut graph)
                        .map_err(|e| TestCaseError::fail(format!("{write:?}: {e}")))?;
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn generated_queries_plan() {
        let mut runner = TestRunner::deterministic();
        let strategy = schema()
            .prop_flat_map(|s| graph(&s))
            .prop_flat_map(|g| (query(&g), Just(g)));
        runner
            .run(&strategy, |(text, graph)| {
                graph
                    .prepare(&text)
                    .map_err(|e| TestCaseError::fail(format!("{text}: {}", e.render(&text))))?;
                Ok(())
            })
            .unwrap();
    }
}
