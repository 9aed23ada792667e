//! Historical sanity checks. Sources can be wrong, so these are warnings about the data, never
//! refusals: a death before a birth, an event after a death, a membership outside the body's
//! existence.

use std::fmt;

use super::Graph;
use crate::model::{ClaimId, Date, EntityId, Fact, Truth};

/// What a [`Warning`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// A life-ending event dated before a life-starting one.
    DeathBeforeBirth,
    /// An event (other than a posthumous kind) dated after a life-ending one.
    EventAfterDeath,
    /// A membership whose time span lies outside the body's existence.
    MembershipOutsideBody,
}

/// A claim that is historically implausible next to another, for a human to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// The entity concerned.
    pub entity: EntityId,
    /// The two claims that disagree.
    pub claims: [ClaimId; 2],
    /// A sentence for people.
    pub message: String,
}

impl fmt::Display for Warning {
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
    /// Checks the whole graph for historically implausible claims and returns them in entity
    /// order. Only a comparison that is certainly wrong (three-valued *yes*) warns: a date whose
    /// precision leaves it open does not.
    ///
    /// Cost: O(Σ per entity of dated participations²), small in practice.
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// for warning in graph.warnings() {
    ///     println!("{warning}");
    /// }
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        for (id, _) in self.entities() {
            self.check_life(id, &mut warnings);
            self.check_memberships(id, &mut warnings);
        }
        warnings
    }

    fn dated_participations(&self, entity: EntityId) -> Vec<Dated<'_>> {
        let mut out = Vec::new();
        for (_, role, event) in self.participations(entity) {
            let Some(ek) = self.entity(event).event_kind else {
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

    fn check_life(&self, entity: EntityId, warnings: &mut Vec<Warning>) {
        let dated = self.dated_participations(entity);
        let name = &self.entity(entity).name;
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
                        WarningKind::DeathBeforeBirth,
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
                        WarningKind::EventAfterDeath,
                        format!(
                            "{name}: {} ({}) after {} ({})",
                            other.kind_name, other.date, end.kind_name, end.date
                        ),
                    )
                };
                warnings.push(Warning {
                    kind,
                    entity,
                    claims: [end.date_claim, other.date_claim],
                    message,
                });
            }
        }
    }

    fn check_memberships(&self, entity: EntityId, warnings: &mut Vec<Warning>) {
        for claim_id in self.claims_about(entity) {
            let Fact::Link {
                subject,
                object,
                during: Some(during),
                relation,
                ..
            } = &self.claim(*claim_id).fact
            else {
                continue;
            };
            if *subject != entity {
                continue;
            }
            let body = self.entity(*object);
            let Some(period) = &body.period else {
                continue;
            };
            if during.overlaps(period) == Truth::No {
                warnings.push(Warning {
                    kind: WarningKind::MembershipOutsideBody,
                    entity,
                    claims: [*claim_id, *claim_id],
                    message: format!(
                        "{}: {} {} during {during}, but {} existed {period}",
                        self.entity(entity).name,
                        self.schema().relation_def(*relation).name,
                        body.name,
                        body.name
                    ),
                });
            }
        }
    }
}
