//! Hints in the words of the dataset at hand. Messages and hints quote example queries in
//! backticks, written in the bundled data's words (`members of cc-1934 arrested by 1940`). On
//! another dataset those words mean nothing, so before an error leaves
//! [`Graph::prepare`](crate::Graph::prepare), every example word the graph does not know is
//! replaced by one of the graph's own words in the same role: a body that has members, the
//! phrase for its members, a participle, two people, an event one of them took part in, a
//! figure. A word the graph knows is kept, so on the bundled data nothing changes; a role the
//! graph has no word for keeps the bundled word.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;

use crate::Graph;
use crate::model::{EntityId, KindId, LiteralType, RelationId, Target};
use crate::store::FactRef;

use super::error::QueryError;
use super::special::singular;

/// The roles that example words play, each with the bundled words that play it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// An entity with members (`cc-1934`).
    Body,
    /// The plural phrase for its members (`members`).
    Members,
    /// The same, singular (`member`, in `each member of`).
    Member,
    /// `co-members`.
    CoMembers,
    /// A participle (`arrested`).
    Participle,
    /// A second participle (`executed`, `shot`).
    OtherParticiple,
    /// A person (`yezhov`, `stalin`).
    Person,
    /// Another person (`bukharin`).
    OtherPerson,
    /// The kind plural of people (`people`).
    People,
    /// The kind plural of bodies (`institutions`).
    Bodies,
    /// Its singular (`institution`).
    BodyKind,
    /// An event the other person took part in (`trial-of-the-twenty-one`).
    Event,
    /// The phrase of a figure (`victims`).
    Figure,
    /// The plural of the event kind (`events`).
    Events,
    /// A year (`1940`), replaced only when the graph's dated events all lie elsewhere.
    Year,
}

/// The bundled words the hints use, by role.
const WORDS: &[(&str, Role)] = &[
    ("cc-1934", Role::Body),
    ("cc-1917", Role::Body),
    ("members", Role::Members),
    ("member", Role::Member),
    ("co-members", Role::CoMembers),
    ("arrested", Role::Participle),
    ("executed", Role::OtherParticiple),
    ("shot", Role::OtherParticiple),
    ("yezhov", Role::Person),
    ("stalin", Role::Person),
    ("bukharin", Role::OtherPerson),
    ("people", Role::People),
    ("institutions", Role::Bodies),
    ("institution", Role::BodyKind),
    ("trial-of-the-twenty-one", Role::Event),
    ("victims", Role::Figure),
    ("events", Role::Events),
];

/// How many claims, and entities, the examples are chosen from.
const SCAN: usize = 100_000;

/// Years the hints quote.
const YEARS: &[&str] = &[
    "1931", "1933", "1934", "1937", "1938", "1940", "1953", "1956",
];

/// The graph's own words for the roles, where it has one.
#[derive(Debug, Default)]
struct Examples {
    body: Option<String>,
    members: Option<String>,
    member: Option<String>,
    participles: Vec<String>,
    people: Vec<String>,
    people_plural: Option<String>,
    bodies: Option<String>,
    body_kind: Option<String>,
    event: Option<String>,
    figure: Option<(String, String)>,
    events: Option<String>,
    /// The first and last years of the graph's dated events.
    years: Option<(i32, i32)>,
    /// The middle year of its dated events, for examples.
    middle_year: Option<i32>,
}

impl Examples {
    /// Chooses the examples: the relation with entity targets and the most claims, and its
    /// most linked object; the event kind with the most events; the two entities of the
    /// commonest kind with the most claims; an event the second took part in; the figure
    /// relation with the most claims; the years of dated events. Only the first [`SCAN`]
    /// claims and entities are read, so that an error costs the same on a graph of millions.
    /// Cost: O(min(claims, SCAN) + min(entities, SCAN)), paid only when an error is shown.
    fn of(graph: &Graph) -> Examples {
        let schema = graph.schema();
        let mut examples = Examples::default();
        // One pass over the claims: per relation, its claims and its objects' links; the
        // first subject of each literal relation; the years of dated events.
        let mut per_relation = vec![0usize; schema.relations().len()];
        let mut objects: FxHashMap<(RelationId, EntityId), usize> = FxHashMap::default();
        let mut first_subject: FxHashMap<RelationId, EntityId> = FxHashMap::default();
        let mut years: Vec<i32> = Vec::new();
        for (_, claim) in graph.claim_views().take(SCAN) {
            match claim.fact() {
                FactRef::Link {
                    relation, object, ..
                } => {
                    per_relation[relation.index()] += 1;
                    *objects.entry((relation, object)).or_default() += 1;
                }
                FactRef::Value {
                    relation, subject, ..
                } => {
                    per_relation[relation.index()] += 1;
                    first_subject.entry(relation).or_insert(subject);
                }
                FactRef::Occurred { date, .. } => {
                    years.extend(date.year_span().map(|(from, _)| from))
                }
                _ => {}
            }
        }
        let busiest = |keep: &dyn Fn(RelationId) -> bool| {
            (0..per_relation.len())
                .map(|i| (RelationId::new(i), per_relation[i]))
                .filter(|(r, n)| *n > 0 && keep(*r))
                .max_by_key(|(r, n)| (*n, std::cmp::Reverse(*r)))
                .map(|(r, _)| r)
        };
        let linking = busiest(&|r| {
            let def = schema.relation_def(r);
            matches!(def.target, Target::Kinds(_)) && !def.inverse.is_empty()
        });
        if let Some(relation) = linking {
            let def = schema.relation_def(relation);
            examples.members = def.inverse.first().cloned();
            examples.member = examples.members.as_deref().map(singular);
            let body = objects
                .iter()
                .filter(|((r, _), _)| *r == relation)
                .max_by_key(|((_, o), n)| (**n, std::cmp::Reverse(*o)))
                .map(|((_, o), _)| *o);
            if let Some(body) = body {
                let entity = graph.entity_ref(body);
                examples.body = Some(entity.slug.to_string());
                let kind = schema.kind_def(entity.kind);
                examples.bodies = Some(kind.plural.clone());
                examples.body_kind = Some(kind.name.clone());
            }
        }
        // One pass over the entities: events per event kind, entities per kind.
        let mut events: Vec<(usize, usize)> =
            (0..schema.event_kinds().len()).map(|i| (i, 0)).collect();
        let mut per_kind = vec![0usize; schema.kinds().len()];
        for (_, entity) in graph.entity_views().take(SCAN) {
            per_kind[entity.kind.index()] += 1;
            if let Some(kind) = entity.event_kind {
                events[kind.index()].1 += 1;
            }
        }
        // Events that start a life make odd examples (`born by 1940`): they go last.
        events.sort_by_key(|(i, n)| {
            (
                schema.event_kinds()[*i].starts_life,
                std::cmp::Reverse(*n),
                *i,
            )
        });
        examples.participles = events
            .iter()
            .filter_map(|(i, _)| schema.event_kinds()[*i].participles.first().cloned())
            .take(2)
            .collect();
        let plain = |kind| kind != schema.source_kind() && kind != schema.event_kind();
        let commonest = (0..per_kind.len())
            .map(KindId::new)
            .filter(|k| per_kind[k.index()] > 0 && plain(*k))
            .max_by_key(|k| (per_kind[k.index()], std::cmp::Reverse(*k)));
        if let Some(kind) = commonest {
            examples.people_plural = Some(schema.kind_def(kind).plural.clone());
            let mut people: Vec<(usize, EntityId)> = graph
                .of_kind(kind)
                .iter()
                .take(SCAN)
                .map(|id| (graph.claims_about(*id).len(), *id))
                .collect();
            people.sort_by_key(|(n, id)| (std::cmp::Reverse(*n), *id));
            let chosen: Vec<EntityId> = people.iter().take(2).map(|(_, id)| *id).collect();
            examples.people = chosen
                .iter()
                .map(|id| graph.slug_of(*id).to_string())
                .collect();
            examples.event = chosen.last().and_then(|person| {
                graph
                    .claims_about(*person)
                    .iter()
                    .find_map(|c| match graph.claim_ref(*c).fact() {
                        FactRef::Participation {
                            event, participant, ..
                        } if participant == *person => Some(graph.slug_of(event).to_string()),
                        _ => None,
                    })
            });
        }
        let figure = busiest(&|r| schema.relation_def(r).literal() == Some(LiteralType::Number));
        examples.figure = figure.and_then(|relation| {
            let phrase = schema.relation_def(relation).forward.first()?.clone();
            let subject = first_subject.get(&relation)?;
            Some((phrase, graph.slug_of(*subject).to_string()))
        });
        examples.events = Some(schema.kind_def(schema.event_kind()).plural.clone());
        years.sort_unstable();
        examples.years = years.first().zip(years.last()).map(|(a, b)| (*a, *b));
        examples.middle_year = years.get(years.len() / 2).copied();
        examples
    }

    /// The graph's word for `role`, in a snippet that quotes a figure when `figure` is set
    /// (there the body is the figure's subject).
    fn word(&self, role: Role, figure: bool) -> Option<String> {
        match role {
            Role::Body if figure => self.figure.as_ref().map(|(_, subject)| subject.clone()),
            Role::Body => self.body.clone(),
            Role::Members => self.members.clone(),
            Role::Member => self.member.clone(),
            Role::CoMembers => self.members.as_ref().map(|m| format!("co-{m}")),
            Role::Participle => self.participles.first().cloned(),
            Role::OtherParticiple => self
                .participles
                .get(1)
                .or(self.participles.first())
                .cloned(),
            Role::Person => self.people.first().cloned(),
            Role::OtherPerson => self.people.get(1).or(self.people.first()).cloned(),
            Role::People => self.people_plural.clone(),
            Role::Bodies => self.bodies.clone(),
            Role::BodyKind => self.body_kind.clone(),
            Role::Event => self.event.clone(),
            Role::Figure => self.figure.as_ref().map(|(phrase, _)| phrase.clone()),
            Role::Events => self.events.clone(),
            Role::Year => self.middle_year.map(|year| year.to_string()),
        }
    }
}

/// Rewrites the examples in an error's message and hint in `graph`'s words. Cost: O(length of
/// the texts) when every quoted word is known; O(entities + claims) once otherwise.
pub(crate) fn localize(mut error: QueryError, graph: &Graph) -> QueryError {
    let known = super::vocabulary(graph);
    let examples: OnceCell<Examples> = OnceCell::new();
    let examples = || examples.get_or_init(|| Examples::of(graph));
    let knows = |word: &str| {
        if YEARS.contains(&word) {
            // A year is known when it lies within (or shortly after) the graph's dated events.
            let year: i32 = word.parse().unwrap_or(i32::MAX);
            return examples()
                .years
                .is_none_or(|(first, last)| first <= year && year <= last + 10);
        }
        // `vocabulary` is sorted.
        known.binary_search_by(|k| k.as_str().cmp(word)).is_ok() || graph.by_slug(word).is_some()
    };
    error.message = rewrite(&error.message, &knows, &examples);
    error.hint = error.hint.map(|hint| rewrite(&hint, &knows, &examples));
    error
}

/// `text` with every unknown example word inside backticks replaced.
fn rewrite<'e>(
    text: &str,
    knows: &dyn Fn(&str) -> bool,
    examples: &dyn Fn() -> &'e Examples,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    // Odd parts are inside backticks.
    for (i, part) in parts.enumerate() {
        out.push('`');
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let figure = part
            .split(' ')
            .any(|w| WORDS.contains(&(w, Role::Figure)) && !knows(w));
        let words: Vec<String> = part
            .split(' ')
            .map(|word| {
                let role = WORDS
                    .iter()
                    .find(|(w, _)| *w == word)
                    .map(|(_, r)| *r)
                    .or_else(|| YEARS.contains(&word).then_some(Role::Year));
                match role {
                    Some(role) if !knows(word) => examples()
                        .word(role, figure)
                        .unwrap_or_else(|| word.to_owned()),
                    _ => word.to_owned(),
                }
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}
