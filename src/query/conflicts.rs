//! `conflicts`: the facts on which sources disagree, each side with its value and sources.
//!
//! A disagreement is a pair of claims that cannot both be true: two dates of one event that
//! cannot meet (a difference of precision, 1938 against 1938-07-29, or of calendar, a date Old
//! Style against the same day New Style, is agreement), two figures of the same scope and time
//! whose wording cannot describe one value, two causes of which neither contains the other,
//! two places neither of which lies in the other, two ends of one life of the same kind that
//! cannot be the same day, and a source's "was not" against a recorded event.

use std::collections::BTreeMap;

use serde::Serialize;

use super::answer::Evidence;
use super::eval::{Eval, Set};
use crate::model::{ClaimId, Date, EntityId, RelationId, Truth, Value, normalize};
use crate::store::FactRef;

/// One disagreement: what it is about and each side.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Conflict {
    /// The entity the disagreement is about, by id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What is disputed: `date`, a relation's name, `place`, or an event kind (`execution`).
    pub what: String,
    /// The sides: each value with the claims that give it.
    pub sides: Vec<Side>,
    /// The entities involved (the thing itself and, for an event, its participants).
    #[serde(skip)]
    pub involves: Vec<EntityId>,
}

/// One side of a disagreement.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Side {
    /// The value as the sources give it.
    pub value: String,
    /// The claims that give it.
    pub evidence: Vec<Evidence>,
}

/// Every conflict in the graph, or only those involving the members of `about`. Cost: O(claims)
/// plus, per entity, the square of its claims of one kind.
pub(super) fn find(eval: &Eval, about: Option<&Set>) -> Vec<Conflict> {
    let graph = eval.graph;
    let mut found: Vec<Conflict> = Vec::new();
    let event_kind = graph.schema().event_kind();
    let place_relation = graph.schema().event_place_relation();
    for (id, entity) in graph.entity_views() {
        if entity.kind == event_kind {
            event_dates(eval, id, &mut found);
            if let Some(place) = place_relation {
                event_places(eval, id, place, &mut found);
            }
        }
        values(eval, id, &mut found);
        lives(eval, id, &mut found);
        denials(eval, id, &mut found);
    }
    if let Some(about) = about {
        found.retain(|c| c.involves.iter().any(|e| about.contains_key(e)));
    }
    found
}

fn conflict(
    eval: &Eval,
    about: EntityId,
    what: &str,
    sides: Vec<(String, Vec<ClaimId>)>,
) -> Conflict {
    let graph = eval.graph;
    let entity = graph.entity_ref(about);
    let mut involves = vec![about];
    for (_, _, who) in graph.participants(about) {
        involves.push(who);
    }
    Conflict {
        id: entity.slug.to_string(),
        name: entity.name.to_owned(),
        what: what.to_owned(),
        sides: sides
            .into_iter()
            .map(|(value, claims)| Side {
                value,
                evidence: claims
                    .iter()
                    .map(|c| super::render::evidence(graph, *c))
                    .collect(),
            })
            .collect(),
        involves,
    }
}

/// Groups claims by a key (their value), keeping the order of first appearance: each group
/// is a side, with the text of its first claim.
fn sides_of<K: PartialEq>(
    items: impl IntoIterator<Item = (K, String, ClaimId)>,
) -> Vec<(K, String, Vec<ClaimId>)> {
    let mut sides: Vec<(K, String, Vec<ClaimId>)> = Vec::new();
    for (key, text, claim) in items {
        match sides.iter_mut().find(|side| side.0 == key) {
            Some(side) => side.2.push(claim),
            None => sides.push((key, text, vec![claim])),
        }
    }
    sides
}

/// Whether some pair of sides cannot both be true.
fn any_pair<T>(sides: &[T], clash: impl Fn(&T, &T) -> bool) -> bool {
    sides
        .iter()
        .enumerate()
        .any(|(i, a)| sides[i + 1..].iter().any(|b| clash(a, b)))
}

fn event_dates(eval: &Eval, event: EntityId, found: &mut Vec<Conflict>) {
    let graph = eval.graph;
    // One side per day or period, whatever the calendar it was written in.
    let sides = sides_of(
        graph
            .dates_of(event)
            .filter(|(c, _)| eval.admits(*c) && graph.derivation(*c).is_none())
            .map(|(c, d)| (d.gregorian(), d.to_string(), c)),
    );
    if any_pair(&sides, |a, b| a.0.overlaps(&b.0) == Truth::No) {
        let sides = sides.into_iter().map(|(_, t, c)| (t, c)).collect();
        found.push(conflict(eval, event, "date", sides));
    }
}

fn event_places(eval: &Eval, event: EntityId, relation: RelationId, found: &mut Vec<Conflict>) {
    let graph = eval.graph;
    let sides = sides_of(
        graph
            .links(event, relation, false)
            .filter(|(c, _)| eval.admits(*c))
            .map(|(c, place)| (place, graph.name_of(place).to_owned(), c)),
    );
    // Two places clash unless one is linked to the other (a site inside a city).
    let linked = |a: EntityId, b: EntityId| graph.neighbors(a).contains(&b);
    if any_pair(&sides, |a, b| !linked(a.0, b.0)) {
        let sides = sides.into_iter().map(|(_, t, c)| (t, c)).collect();
        found.push(conflict(eval, event, "place", sides));
    }
}

fn values(eval: &Eval, subject: EntityId, found: &mut Vec<Conflict>) {
    let graph = eval.graph;
    // Claims of one relation, scope and time.
    let mut groups: BTreeMap<(RelationId, Option<String>), Vec<ClaimId>> = BTreeMap::new();
    for claim in graph.claims_about(subject) {
        if !eval.admits(*claim) {
            continue;
        }
        if let FactRef::Value {
            subject: s,
            relation,
            role,
            ..
        } = graph.claim_ref(*claim).fact()
            && s == subject
        {
            groups
                .entry((relation, role.map(str::to_owned)))
                .or_default()
                .push(*claim);
        }
    }
    for ((relation, _), claims) in groups {
        // A relation of many values at once (a source's several theses) has no disagreement
        // in two different values.
        if claims.len() < 2 || graph.schema().relation_def(relation).many_values {
            continue;
        }
        // Each figure with the time it refers to.
        let figures: Vec<(ClaimId, Option<&Date>, &Value)> = claims
            .iter()
            .filter_map(|c| match graph.claim_ref(*c).fact() {
                FactRef::Value { value, at, .. } => Some((*c, at, value)),
                _ => None,
            })
            .collect();
        let clash = |a: &(ClaimId, Option<&Date>, &Value), b: &(ClaimId, Option<&Date>, &Value)| {
            same_time(a.1, b.1) && values_clash(a.2, b.2)
        };
        // Where some pair clashes, every figure given for the same time is a side: the reader
        // sees all the values, including those that agree with several.
        let disputed = |a: &(ClaimId, Option<&Date>, &Value)| {
            figures
                .iter()
                .any(|b| same_time(a.1, b.1) && figures.iter().any(|c| clash(b, c)))
        };
        if figures.iter().any(|a| figures.iter().any(|b| clash(a, b))) {
            let sides = sides_of(
                figures
                    .iter()
                    .filter(|a| disputed(a))
                    .map(|(c, at, value)| {
                        let text = match at {
                            Some(at) => format!("{value} (at {at})"),
                            None => value.to_string(),
                        };
                        ((normalize(&value.to_string()), *at), text, *c)
                    }),
            )
            .into_iter()
            .map(|(_, t, c)| (t, c))
            .collect();
            let name = graph.schema().relation_def(relation).name.clone();
            found.push(conflict(eval, subject, &name, sides));
        }
    }
}

/// Whether two figures refer to the same time: the same date, or overlapping dates of which
/// one at least is a single point (a count over 1936–1940 and one over June–October 1937 are
/// different counts; a stock in 1942 and one in 1942–1943 are the same stock).
fn same_time(a: Option<&Date>, b: Option<&Date>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            x.gregorian() == y.gregorian()
                || ((x.is_point() || y.is_point()) && x.overlaps(y) == Truth::Yes)
        }
        (None, None) => true,
        _ => false,
    }
}

/// Whether two values cannot both be right.
fn values_clash(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // A whole percentage was rounded or cut from the exact share: 70% agrees with 98 of
        // 139 (70.5%), with anything from 69.5% up to 71% (`Quantity::percentage_step`).
        (Value::Number(x), Value::Number(y)) => x.compare(y) == Truth::No,
        (Value::Text(x), Value::Text(y)) => texts_clash(x, y),
        (Value::Date(x), Value::Date(y)) => x.overlaps(y) == Truth::No,
        _ => false,
    }
}

/// Two descriptions in words clash when neither contains the other and they share no word
/// stem of five letters or more ("natural" and "died naturally" agree; "suicide" and "natural
/// (heart failure)" do not).
fn texts_clash(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    if a.contains(&b) || b.contains(&a) {
        return false;
    }
    let stems = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 5)
            .map(|w| w.chars().take(5).collect())
            .collect()
    };
    let sa = stems(&a);
    !stems(&b).iter().any(|w| sa.contains(w))
}

/// Two recorded ends of one life of the same kind (two executions) that cannot be one day.
fn lives(eval: &Eval, person: EntityId, found: &mut Vec<Conflict>) {
    let graph = eval.graph;
    let schema = graph.schema();
    let mut by_kind: BTreeMap<usize, Vec<(EntityId, ClaimId)>> = BTreeMap::new();
    for (claim, role, event) in graph.participations(person) {
        let Some(kind) = graph.event_kind_of(event) else {
            continue;
        };
        let def = schema.event_kind_def(kind);
        if def.ends_life
            && role == def.patient
            && eval.admits(claim)
            && graph.derivation(claim).is_none()
        {
            by_kind
                .entry(kind.index())
                .or_default()
                .push((event, claim));
        }
    }
    for (kind, events) in by_kind {
        if events.len() < 2 {
            continue;
        }
        let dated: Vec<(EntityId, Vec<(ClaimId, Date)>)> = events
            .iter()
            .map(|(e, _)| {
                let dates = graph
                    .dates_of(*e)
                    .filter(|(c, _)| eval.admits(*c))
                    .map(|(c, d)| (c, d.clone()))
                    .collect();
                (*e, dates)
            })
            .collect();
        let clash = |a: &(EntityId, Vec<(ClaimId, Date)>), b: &(EntityId, Vec<(ClaimId, Date)>)| {
            !a.1.is_empty()
                && !b.1.is_empty()
                && a.1
                    .iter()
                    .all(|(_, x)| b.1.iter().all(|(_, y)| x.overlaps(y) == Truth::No))
        };
        if any_pair(&dated, clash) {
            let sides = dated
                .iter()
                .zip(&events)
                .map(|((event, dates), (_, participation))| {
                    let text = dates
                        .iter()
                        .map(|(_, d)| d.to_string())
                        .collect::<Vec<_>>()
                        .join(" or ");
                    let mut claims = vec![*participation];
                    claims.extend(dates.iter().map(|(c, _)| *c));
                    (format!("{}, {text}", graph.name_of(*event)), claims)
                })
                .collect();
            let name = schema.event_kinds()[kind].name.clone();
            found.push(conflict(eval, person, &name, sides));
        }
    }
}

/// A source's "was not" against a recorded event in the time it covers.
fn denials(eval: &Eval, subject: EntityId, found: &mut Vec<Conflict>) {
    let graph = eval.graph;
    for (never, kind, during) in graph.nevers(subject) {
        if !eval.admits(never) || graph.derivation(never).is_some() {
            continue;
        }
        let def = graph.schema().event_kind_def(kind);
        let mut recorded: Vec<(String, Vec<ClaimId>)> = Vec::new();
        for (claim, role, event) in graph.participations(subject) {
            if role != def.patient
                || graph.event_kind_of(event) != Some(kind)
                || !eval.admits(claim)
                || graph.derivation(claim).is_some()
            {
                continue;
            }
            let dated = eval.event_within(event, during);
            if dated.truth != Truth::No {
                let mut claims = vec![claim];
                claims.extend(dated.claims);
                recorded.push((graph.name_of(event).to_owned(), claims));
            }
        }
        if !recorded.is_empty() {
            let what = def
                .participles
                .first()
                .cloned()
                .unwrap_or_else(|| def.name.clone());
            let mut sides = vec![(format!("not {what}"), vec![never])];
            sides.extend(recorded);
            found.push(conflict(eval, subject, &def.name, sides));
        }
    }
}
