//! From the graph to the words of an answer: a claim as a statement and as evidence with its
//! sources and derivation.

use super::answer::{Evidence, Inference, SourceRef};
use crate::Graph;
use crate::model::{ClaimId, Date, EntityId, Rank};
use crate::store::FactRef;

/// A claim in words, for evidence. Read from the graph's columns ([`Graph::claim_ref`]), so
/// that rendering a million rows builds and keeps no `Claim` in the graph's cache.
pub(crate) fn statement(graph: &Graph, claim: ClaimId) -> String {
    let name = |e: EntityId| graph.name_of(e);
    let schema = graph.schema();
    match graph.claim_ref(claim).fact() {
        FactRef::Link {
            subject,
            relation,
            object,
            role,
            during,
        } => {
            let mut s = format!(
                "{} {} {}",
                name(subject),
                schema.relation_def(relation).name,
                name(object)
            );
            if let Some(role) = role {
                s.push_str(&format!(" as {role}"));
            }
            s.push_str(&time_phrase(during));
            s
        }
        FactRef::Value {
            subject,
            relation,
            value,
            role,
            at,
        } => {
            let mut s = format!(
                "{} {} = {value}",
                name(subject),
                schema.relation_def(relation).name
            );
            if let Some(role) = role {
                s.push_str(&format!(" ({role})"));
            }
            if let Some(at) = at {
                s.push_str(&format!(" at {at}"));
            }
            s
        }
        FactRef::Occurred { event, date } => format!("{} happened {date}", name(event)),
        FactRef::Participation {
            event,
            role,
            participant,
        } => format!(
            "{} took part in {} as {role}",
            name(participant),
            name(event)
        ),
        FactRef::Never {
            subject,
            event_kind,
            during,
        } => {
            let def = schema.event_kind_def(event_kind);
            let what = def.participles.first().map_or_else(
                || format!("the {} of a {}", def.patient, def.name),
                Clone::clone,
            );
            format!("{} was not {what}{}", name(subject), time_phrase(during))
        }
        FactRef::Said {
            speaker,
            words,
            date,
            ..
        } => {
            let mut s = format!("{} said \"{words}\"", name(speaker));
            if let Some(date) = date {
                s.push_str(&format!(" ({date})"));
            }
            s
        }
    }
}

/// ` during 1934/1938`, or ` by 1940` for a date that says its own preposition.
fn time_phrase(date: Option<&Date>) -> String {
    match date {
        None => String::new(),
        Some(date) => {
            let text = date.to_string();
            if ["by ", "before ", "after "]
                .iter()
                .any(|p| text.starts_with(p))
            {
                format!(" {text}")
            } else {
                format!(" during {text}")
            }
        }
    }
}

/// A claim as evidence: statement, certainty, rank, sources, and for an inferred claim the
/// rule and its premises, recursively (premises come before what rests on them, so this ends).
pub(crate) fn evidence(graph: &Graph, claim: ClaimId) -> Evidence {
    // From the columns, as `statement`: no `Claim` is built and kept.
    let c = graph.claim_ref(claim);
    let inferred = graph.derivation(claim).map(|d| {
        let rule = &graph.schema().rules()[d.rule];
        Inference {
            rule: rule.name.clone(),
            description: rule.description.clone(),
            from: d.premises.iter().map(|p| evidence(graph, *p)).collect(),
        }
    });
    Evidence {
        rank: (c.rank() != Rank::Normal).then(|| match c.rank_reason() {
            Some(reason) => format!("{}: {reason}", c.rank()),
            None => c.rank().to_string(),
        }),
        inferred,
        set_aside: false,
        claim,
        statement: statement(graph, claim),
        certainty: c.certainty(),
        sources: c
            .citations()
            .map(|cit| SourceRef {
                id: graph.slug_of(cit.source).to_string(),
                name: graph.name_of(cit.source).to_owned(),
                via: cit.via.map(|v| graph.slug_of(v).to_string()),
                locator: cit.locator.map(str::to_owned),
                quote: cit.quote.map(str::to_owned),
            })
            .collect(),
        note: c.note().map(str::to_owned),
    }
}

/// A claim as evidence; under `according to` (`scope`), citing only the scoped source, so
/// that a row of a scoped answer shows no other source; `as of` a date, only the sources
/// published by then, premises included.
pub(crate) fn scoped_evidence(
    graph: &Graph,
    scope: Option<EntityId>,
    as_of: Option<&Date>,
    claim: ClaimId,
) -> Evidence {
    let mut evidence = evidence(graph, claim);
    if scope.is_some() || as_of.is_some() {
        evidence.sources.retain(|s| {
            graph.by_slug(&s.id).is_some_and(|source| {
                let via = s.via.as_deref().and_then(|via| graph.by_slug(via));
                source_shown(graph, scope, as_of, source, via)
            })
        });
    }
    if let (Some(date), Some(inferred)) = (as_of, &mut evidence.inferred) {
        for premise in &mut inferred.from {
            published_only(graph, date, premise);
        }
    }
    evidence
}

/// Whether a citation of `source` (through `via`) is shown under `according to scope` (it
/// cites that source, or cites through it) and `as of` (its source is known to be published
/// by then): the one rule for a rendered row's evidence and a table's sources read from ids.
/// Cost: O(1).
pub(crate) fn source_shown(
    graph: &Graph,
    scope: Option<EntityId>,
    as_of: Option<&Date>,
    source: EntityId,
    via: Option<EntityId>,
) -> bool {
    scope.is_none_or(|scope| source == scope || via == Some(scope))
        && as_of.is_none_or(|date| super::as_of::published_by(graph, source, date) == Some(true))
}

/// The sources of `evidence`, and of the premises it was inferred from, published by `date`.
fn published_only(graph: &Graph, date: &Date, evidence: &mut Evidence) {
    evidence.sources.retain(|s| {
        graph
            .by_slug(&s.id)
            .is_some_and(|source| super::as_of::published_by(graph, source, date) == Some(true))
    });
    if let Some(inferred) = &mut evidence.inferred {
        for premise in &mut inferred.from {
            published_only(graph, date, premise);
        }
    }
}
