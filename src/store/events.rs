//! The events index: for every entity, the events it underwent (its participations as the
//! patient of an event, with the event's kind and what its date claims allow deciding from the
//! index alone), and for every claim its rank and certainty, all in contiguous arrays indexed
//! by position.
//!
//! It exists for the `underwent` filters and the grouped counts (`count … per KIND`), which
//! otherwise read several large structs per person (the participation claim, the event entity,
//! its date claims, the person's denials) at random places in memory. Built on first use from
//! the graph's own reads ([`Graph::participations`], [`Graph::dates_of`], [`Graph::nevers`]),
//! in their order, and dropped by every write, like the reasoned graph.
//!
//! The index only describes; what a query makes of it is decided in `query::filters`, which
//! falls back to reading the claims wherever an entry says [`EventDate::Other`] or an entity
//! carries a flag.

use super::{ClaimRef, FactRef};
use crate::model::{ClaimId, EntityId, EventKindId, Rank};

use super::Graph;

/// A claim's rank and certainty as two bits: what `admits` and `strength` read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClaimBits(u8);

impl ClaimBits {
    const DEPRECATED: u8 = 1;
    const WEAK: u8 = 2;

    pub(crate) fn of(claim: ClaimRef<'_>) -> ClaimBits {
        let mut bits = 0;
        if claim.rank() == Rank::Deprecated {
            bits |= Self::DEPRECATED;
        }
        if claim.is_weak() {
            bits |= Self::WEAK;
        }
        ClaimBits(bits)
    }

    /// Whether the claim's rank is [`Rank::Deprecated`].
    pub(crate) fn deprecated(self) -> bool {
        self.0 & Self::DEPRECATED != 0
    }

    /// Whether the claim is weak ([`Claim::is_weak`]: disputed or unverified).
    pub(crate) fn weak(self) -> bool {
        self.0 & Self::WEAK != 0
    }
}

/// What an event's date claims allow deciding from the index alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventDate {
    /// The event has no date claim at all.
    Undated,
    /// The event has exactly one date claim, and it is not deprecated: the claim, its date's
    /// [`Date::sort_key`](crate::model::Date::sort_key) and whether it is weak.
    One {
        claim: ClaimId,
        key: (i64, i64),
        weak: bool,
    },
    /// Anything else (several date claims, a deprecated one): read the claims.
    Other,
}

/// One event an entity underwent: a participation claim whose role is the patient of its
/// event's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Undergone {
    /// The event's kind.
    pub(crate) kind: EventKindId,
    /// The participation claim.
    pub(crate) participation: ClaimId,
    /// The participation claim's rank and certainty.
    pub(crate) bits: ClaimBits,
    /// The event's date claims, as far as the index can tell.
    pub(crate) date: EventDate,
}

/// The events index of a graph: see the module documentation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Events {
    /// Entity `e`'s events are `undergone[offsets[e]..offsets[e + 1]]`, in the order of
    /// [`Graph::participations`].
    offsets: Vec<u32>,
    undergone: Vec<Undergone>,
    /// Per entity, [`Events::NEVERS`], [`Events::MAY_END_LIFE`] and [`Events::PLAIN`].
    flags: Vec<u8>,
    /// The positions of the entities whose entry says something (see [`Events::marked`]),
    /// in order.
    marked: Vec<u32>,
    /// Per claim, its rank and certainty.
    claims: Vec<ClaimBits>,
}

impl Events {
    /// The entity has a claim that it never underwent some kind of event ([`Graph::nevers`]).
    pub(crate) const NEVERS: u8 = 1;
    /// The entity underwent, as its patient, an event of a kind that ends a life (whatever
    /// the claim's rank): [`Graph::end_of_life`] may find something.
    pub(crate) const MAY_END_LIFE: u8 = 2;
    /// Every claim that mentions the entity ([`Graph::claims_about`]) is neither deprecated
    /// nor weak: its links need not be looked at one by one.
    pub(crate) const PLAIN: u8 = 4;

    /// The index of `graph`. Cost: O(entities + claims), reading every entity's
    /// participations, nevers, and its events' date claims.
    fn build(graph: &Graph) -> Events {
        let schema = graph.schema();
        let n = graph.n_entities();
        let claims: Vec<ClaimBits> = graph.claim_views().map(|(_, c)| ClaimBits::of(c)).collect();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut undergone = Vec::new();
        let mut flags = Vec::with_capacity(n);
        let mut marked = Vec::new();
        offsets.push(0);
        for i in 0..n {
            let entity = graph.entity_handle(i);
            let mut flag = 0;
            for (claim, role, event) in graph.participations(entity) {
                let Some(kind) = graph.event_kind_of(event) else {
                    continue;
                };
                let def = schema.event_kind_def(kind);
                if role != def.patient {
                    continue;
                }
                if def.ends_life {
                    flag |= Self::MAY_END_LIFE;
                }
                undergone.push(Undergone {
                    kind,
                    participation: claim,
                    bits: ClaimBits::of(graph.claim_ref(claim)),
                    date: event_date(graph, event),
                });
            }
            if graph.nevers(entity).next().is_some() {
                flag |= Self::NEVERS;
            }
            let plain = graph
                .claims_about(entity)
                .iter()
                .all(|c| claims.get(c.index()) == Some(&ClaimBits(0)));
            if plain {
                flag |= Self::PLAIN;
            }
            flags.push(flag);
            if undergone.len() > offsets.last().map_or(0, |&o| o as usize)
                || flag & (Self::NEVERS | Self::MAY_END_LIFE) != 0
            {
                // A position fits: handles keep positions in 32 bits.
                marked.push(i as u32);
            }
            // Past `u32::MAX` events in all (billions of claims) the index is left empty,
            // and every read falls back to the claims: slower, not wrong.
            let Ok(end) = u32::try_from(undergone.len()) else {
                return Events::default();
            };
            offsets.push(end);
        }
        Events {
            offsets,
            undergone,
            flags,
            marked,
            claims,
        }
    }

    /// The events the entity at position `i` underwent, with its flags, as
    /// [`Graph::undergone`] gives them for the entity's handle; `None` past the end (an index
    /// left empty). A position needs no lineage check: for a caller that walks the positions
    /// of the graph the index was read from (`0..n_entities`). Cost: O(1).
    pub(crate) fn undergone(&self, i: usize) -> Option<(&[Undergone], u8)> {
        let (start, end) = (*self.offsets.get(i)?, *self.offsets.get(i + 1)?);
        Some((&self.undergone[start as usize..end as usize], self.flags[i]))
    }

    /// The number of entities the index describes: the graph's, or 0 for an index left
    /// empty. Cost: O(1).
    pub(crate) fn len(&self) -> usize {
        self.flags.len()
    }

    /// The positions, in order, of the entities whose entry says something: some event, or
    /// [`Events::NEVERS`] or [`Events::MAY_END_LIFE`]. Every other entity's entry is no
    /// events and at most [`Events::PLAIN`], so that a reader that looks only at events and
    /// those two flags finds the same in each of them. Cost: O(1).
    pub(crate) fn marked(&self) -> &[u32] {
        &self.marked
    }
}

/// What `event`'s date claims allow deciding from the index.
fn event_date(graph: &Graph, event: EntityId) -> EventDate {
    let mut dates = graph.dates_of(event);
    match (dates.next(), dates.next()) {
        (None, _) => EventDate::Undated,
        (Some((claim, date)), None) => {
            let recorded = graph.claim_ref(claim);
            debug_assert!(matches!(recorded.fact(), FactRef::Occurred { .. }));
            if recorded.rank() == Rank::Deprecated {
                EventDate::Other
            } else {
                EventDate::One {
                    claim,
                    key: date.sort_key(),
                    weak: recorded.is_weak(),
                }
            }
        }
        _ => EventDate::Other,
    }
}

impl Graph {
    /// The events index, built on first use: O(entities + claims) once, then O(1); dropped by
    /// every write.
    fn events(&self) -> &Events {
        self.events.get_or_init(|| Events::build(self))
    }

    /// The events index itself, for a caller that reads it by entity position
    /// ([`Events::undergone`]) over many entities. Cost: O(1) (O(entities + claims) on first
    /// use after a write).
    pub(crate) fn events_index(&self) -> &Events {
        self.events()
    }

    /// The events `entity` underwent as their patient, in the order of
    /// [`Graph::participations`], with the entity's flags ([`Events::NEVERS`],
    /// [`Events::MAY_END_LIFE`], [`Events::PLAIN`]); `None` for a handle of another graph, or an index too large
    /// to build. Cost: O(1) (O(entities + claims) on first use after a write).
    pub(crate) fn undergone(&self, entity: EntityId) -> Option<(&[Undergone], u8)> {
        if !self.owns_entity(entity) {
            return None;
        }
        self.events().undergone(entity.index())
    }

    /// The rank and certainty of `claim` from the dense array; `None` for a handle of another
    /// graph. Cost: O(1) (O(entities + claims) on first use after a write).
    pub(crate) fn claim_bits(&self, claim: ClaimId) -> Option<ClaimBits> {
        if !self.owns_claim(claim) {
            return None;
        }
        self.events().claims.get(claim.index()).copied()
    }
}
