//! Checks of a whole graph, returned as [`Violation`] values with the claims involved.
//!
//! Structural ones (a claim that no longer fits the schema, a dangling handle) cannot arise
//! through the store's checked writes, and are checked anyway. Historical ones are about the
//! data, never refusals, since sources can be wrong: a death before a birth, an event after a
//! death, a membership outside the body's existence, a person in two places on one day. The
//! schema's own invariants, written in the query language, are checked by
//! [`Graph::check`](crate::Graph::check) on top of these.

use std::fmt;

use super::FactRef;
use super::Graph;
use crate::model::{ClaimId, Date, EntityId, Truth};

/// What a [`Violation`] is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A claim that does not fit the schema or names an entity the graph does not hold.
    Structure,
    /// A life-ending event dated before a life-starting one.
    DeathBeforeBirth,
    /// An event (other than a posthumous kind) dated after a life-ending one.
    EventAfterDeath,
    /// A membership whose time span lies outside the body's existence.
    MembershipOutsideBody,
    /// Someone took part in events at two different places on the same day.
    TwoPlacesOnOneDay,
    /// A query the schema declares as an invariant answers what it must not.
    Invariant {
        /// The invariant's name.
        name: String,
    },
}

/// Something wrong with a graph, for a human to look at: what kind of problem, the entities and
/// the claims involved, and a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// What kind of problem.
    pub kind: ViolationKind,
    /// The entities concerned, the chief one first.
    pub entities: Vec<EntityId>,
    /// The claims involved: the two that disagree, the claim that does not fit, or the
    /// evidence of an invariant's offending rows.
    pub claims: Vec<ClaimId>,
    /// A sentence for people.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One dated participation of an entity.
struct Dated<'g> {
    event: EntityId,
    date_claim: ClaimId,
    date: &'g Date,
    kind_name: &'g str,
    ends_life: bool,
    starts_life: bool,
    posthumous: bool,
}

impl Graph {
    /// The structural and historical violations of [`Graph::check`], without the schema's
    /// invariants, in entity order. Only a comparison that is certainly wrong (three-valued
    /// *yes*) counts: a date whose precision leaves it open does not.
    ///
    /// Cost: O(claims) for the structure, plus O(Σ per entity of dated participations²), small
    /// in practice.
    ///
    /// ```
    /// let graph = annals::bundled();
    /// for warning in graph.warnings() {
    ///     println!("{warning}");
    /// }
    /// ```
    pub fn warnings(&self) -> Vec<Violation> {
        let mut warnings = Vec::new();
        self.check_structure(&mut warnings);
        for (id, _) in self.entity_views() {
            self.check_life(id, &mut warnings);
            self.check_memberships(id, &mut warnings);
            self.check_places(id, &mut warnings);
        }
        warnings
    }

    /// Every claim re-checked against the schema and the entities, as a write is checked.
    fn check_structure(&self, out: &mut Vec<Violation>) {
        for (id, claim) in self.claim_views() {
            // Built for the check and dropped: the cache of `Graph::claim` stays empty.
            if let Err(error) = self.fits(&claim.to_claim()) {
                out.push(Violation {
                    kind: ViolationKind::Structure,
                    entities: claim
                        .fact()
                        .entities()
                        .filter(|e| self.owns_entity(*e))
                        .collect(),
                    claims: vec![id],
                    message: format!("claim {}: {error}", id.index()),
                });
            }
        }
    }

    /// Two events on the same certain day at two places that no claim links to each other.
    fn check_places(&self, entity: EntityId, out: &mut Vec<Violation>) {
        let Some(place_relation) = self.schema().event_place_relation() else {
            return;
        };
        // (event, its date claim, the day, its place claim, the place)
        let mut days: Vec<(EntityId, ClaimId, &Date, ClaimId, EntityId)> = Vec::new();
        for (_, _, event) in self.participations(entity) {
            for (date_claim, date) in self.dates_of(event) {
                if date.precision() != crate::model::Precision::Day || !date.is_point() {
                    continue;
                }
                for (place_claim, place) in self.links(event, place_relation, false) {
                    days.push((event, date_claim, date, place_claim, place));
                }
            }
        }
        let linked = |a: EntityId, b: EntityId| {
            self.claims_about(a)
                .iter()
                .any(|c| self.claim_ref(*c).fact().entities().any(|e| e == b))
        };
        for (i, a) in days.iter().enumerate() {
            for b in &days[i + 1..] {
                let same_day = a.2.is_within(b.2) == Truth::Yes && b.2.is_within(a.2) == Truth::Yes;
                if a.0 == b.0 || a.4 == b.4 || !same_day || linked(a.4, b.4) {
                    continue;
                }
                out.push(Violation {
                    kind: ViolationKind::TwoPlacesOnOneDay,
                    entities: vec![entity, a.0, b.0],
                    claims: vec![a.1, a.3, b.1, b.3],
                    message: format!(
                        "{}: at {} ({}) and at {} ({}) on {}",
                        self.entity_ref(entity).name,
                        self.entity_ref(a.4).name,
                        self.entity_ref(a.0).name,
                        self.entity_ref(b.4).name,
                        self.entity_ref(b.0).name,
                        a.2
                    ),
                });
            }
        }
    }

    fn dated_participations(&self, entity: EntityId) -> Vec<Dated<'_>> {
        let mut out = Vec::new();
        for (_, role, event) in self.participations(entity) {
            let Some(ek) = self.event_kind_of(event) else {
                continue;
            };
            let def = self.schema().event_kind_def(ek);
            for (date_claim, date) in self.dates_of(event) {
                out.push(Dated {
                    event,
                    date_claim,
                    date,
                    kind_name: &def.name,
                    ends_life: def.ends_life && role == def.patient,
                    starts_life: def.starts_life && role == def.patient,
                    posthumous: def.posthumous,
                });
            }
        }
        out
    }

    fn check_life(&self, entity: EntityId, warnings: &mut Vec<Violation>) {
        let dated = self.dated_participations(entity);
        let name = &self.entity_ref(entity).name;
        for end in dated.iter().filter(|d| d.ends_life) {
            for other in &dated {
                if other.event == end.event || other.posthumous {
                    continue;
                }
                let (kind, message) = if other.starts_life {
                    if end.date.is_before(other.date) != Truth::Yes {
                        continue;
                    }
                    (
                        ViolationKind::DeathBeforeBirth,
                        format!(
                            "{name}: {} ({}) before {} ({})",
                            end.kind_name, end.date, other.kind_name, other.date
                        ),
                    )
                } else {
                    // Two life-ending claims about one person are a disagreement between
                    // sources (shot on one date, died on another), not an event after death.
                    if other.ends_life {
                        continue;
                    }
                    if other.date.is_after(end.date) != Truth::Yes {
                        continue;
                    }
                    (
                        ViolationKind::EventAfterDeath,
                        format!(
                            "{name}: {} ({}) after {} ({})",
                            other.kind_name, other.date, end.kind_name, end.date
                        ),
                    )
                };
                warnings.push(Violation {
                    kind,
                    entities: vec![entity, end.event, other.event],
                    claims: vec![end.date_claim, other.date_claim],
                    message,
                });
            }
        }
    }

    fn check_memberships(&self, entity: EntityId, warnings: &mut Vec<Violation>) {
        for claim_id in self.claims_about(entity) {
            let FactRef::Link {
                subject,
                object,
                during: Some(during),
                relation,
                ..
            } = self.claim_ref(*claim_id).fact()
            else {
                continue;
            };
            if subject != entity {
                continue;
            }
            let body = self.entity_ref(object);
            let Some(period) = &body.period else {
                continue;
            };
            if during.overlaps(period) == Truth::No {
                warnings.push(Violation {
                    kind: ViolationKind::MembershipOutsideBody,
                    entities: vec![entity, object],
                    claims: vec![*claim_id],
                    message: format!(
                        "{}: {} {} during {during}, but {} existed {period}",
                        self.entity_ref(entity).name,
                        self.schema().relation_def(relation).name,
                        body.name,
                        body.name
                    ),
                });
            }
        }
    }
}
