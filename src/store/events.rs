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
/// event's kind. Kept small (28 bytes), for a filter reads one per member at a random place
/// in memory: the date's sort key narrowed to two `i32` (day numbers fit; a key that does not
/// is kept as [`EventDate::Other`], which reads the claims), the date's kind in one byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Undergone {
    participation: ClaimId,
    /// The event's one date claim, for [`Undergone::ONE`] and [`Undergone::ONE_WEAK`].
    date_claim: ClaimId,
    /// That claim's date's sort key, narrowed ([`narrow`]).
    key: (i32, i32),
    kind: EventKindId,
    bits: ClaimBits,
    /// [`Undergone::UNDATED`], [`Undergone::ONE`], [`Undergone::ONE_WEAK`] or
    /// [`Undergone::OTHER`]: what [`Undergone::date`] gives back.
    date: u8,
}

impl Undergone {
    const UNDATED: u8 = 0;
    const ONE: u8 = 1;
    const ONE_WEAK: u8 = 2;
    const OTHER: u8 = 3;

    fn new(kind: EventKindId, participation: ClaimId, bits: ClaimBits, date: EventDate) -> Self {
        let (tag, date_claim, key) = match date {
            EventDate::Undated => (Self::UNDATED, ClaimId::detached(), (0, 0)),
            EventDate::One { claim, key, weak } => match (narrow(key.0), narrow(key.1)) {
                (Some(first), Some(last)) => (
                    if weak { Self::ONE_WEAK } else { Self::ONE },
                    claim,
                    (first, last),
                ),
                _ => (Self::OTHER, ClaimId::detached(), (0, 0)),
            },
            EventDate::Other => (Self::OTHER, ClaimId::detached(), (0, 0)),
        };
        Undergone {
            participation,
            date_claim,
            key,
            kind,
            bits,
            date: tag,
        }
    }

    /// The event's kind. Cost: O(1).
    pub(crate) fn kind(&self) -> EventKindId {
        self.kind
    }

    /// The participation claim. Cost: O(1).
    pub(crate) fn participation(&self) -> ClaimId {
        self.participation
    }

    /// The participation claim's rank and certainty. Cost: O(1).
    pub(crate) fn bits(&self) -> ClaimBits {
        self.bits
    }

    /// The event's date claims, as far as the index can tell. Cost: O(1).
    pub(crate) fn date(&self) -> EventDate {
        match self.date {
            Self::UNDATED => EventDate::Undated,
            Self::ONE | Self::ONE_WEAK => EventDate::One {
                claim: self.date_claim,
                key: (widen(self.key.0), widen(self.key.1)),
                weak: self.date == Self::ONE_WEAK,
            },
            _ => EventDate::Other,
        }
    }
}

/// A sort key's half in 32 bits: the open ends (`i64::MIN`, `i64::MAX`) as `i32::MIN` and
/// `i32::MAX`, a day number strictly between them as itself; `None` for any other.
fn narrow(key: i64) -> Option<i32> {
    match key {
        i64::MIN => Some(i32::MIN),
        i64::MAX => Some(i32::MAX),
        _ => i32::try_from(key)
            .ok()
            .filter(|&k| k != i32::MIN && k != i32::MAX),
    }
}

/// What [`narrow`] narrowed, back: the same `i64`.
fn widen(key: i32) -> i64 {
    match key {
        i32::MIN => i64::MIN,
        i32::MAX => i64::MAX,
        _ => i64::from(key),
    }
}

/// The events index of a graph: see the module documentation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Events {
    /// Per entity, and one past the last: where its events start in `undergone` (the low
    /// [`Events::SHIFT`] bits) and its flags ([`Events::NEVERS`], [`Events::MAY_END_LIFE`],
    /// [`Events::PLAIN`]) above them, in one word so that one read at a random place gives
    /// both. Entity `e`'s events are `undergone[start(e)..start(e + 1)]`, in the order of
    /// [`Graph::participations`].
    heads: Vec<u32>,
    undergone: Vec<Undergone>,
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
    /// The flags sit above this many bits of a head; the start below them.
    const SHIFT: u32 = 29;

    /// The index of `graph`. Cost: O(entities + claims), reading every entity's
    /// participations, nevers, and its events' date claims.
    fn build(graph: &Graph) -> Events {
        let schema = graph.schema();
        let n = graph.n_entities();
        let claims: Vec<ClaimBits> = graph.claim_views().map(|(_, c)| ClaimBits::of(c)).collect();
        let mut heads = Vec::with_capacity(n + 1);
        let mut undergone = Vec::new();
        let mut marked = Vec::new();
        for i in 0..n {
            // Past 2^29 events in all (hundreds of millions of claims) the index is left
            // empty, and every read falls back to the claims: slower, not wrong.
            let start = match u32::try_from(undergone.len()) {
                Ok(start) if start >> Self::SHIFT == 0 => start,
                _ => return Events::default(),
            };
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
                undergone.push(Undergone::new(
                    kind,
                    claim,
                    ClaimBits::of(graph.claim_ref(claim)),
                    event_date(graph, event),
                ));
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
            heads.push(start | u32::from(flag) << Self::SHIFT);
            if undergone.len() > start as usize || flag & (Self::NEVERS | Self::MAY_END_LIFE) != 0 {
                // A position fits: handles keep positions in 32 bits.
                marked.push(i as u32);
            }
        }
        match u32::try_from(undergone.len()) {
            Ok(end) if end >> Self::SHIFT == 0 => heads.push(end),
            _ => return Events::default(),
        }
        Events {
            heads,
            undergone,
            marked,
            claims,
        }
    }

    /// The events the entity at position `i` underwent, with its flags, as
    /// [`Graph::undergone`] gives them for the entity's handle; `None` past the end (an index
    /// left empty). A position needs no lineage check: for a caller that walks the positions
    /// of the graph the index was read from (`0..n_entities`). Cost: O(1).
    pub(crate) fn undergone(&self, i: usize) -> Option<(&[Undergone], u8)> {
        let (head, next) = (*self.heads.get(i)?, *self.heads.get(i + 1)?);
        let mask = (1 << Self::SHIFT) - 1;
        let (start, end) = ((head & mask) as usize, (next & mask) as usize);
        // The flags are three bits: the cast keeps them all.
        Some((&self.undergone[start..end], (head >> Self::SHIFT) as u8))
    }

    /// The number of entities the index describes: the graph's, or 0 for an index left
    /// empty. Cost: O(1).
    pub(crate) fn len(&self) -> usize {
        self.heads.len().saturating_sub(1)
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

#[cfg(test)]
mod tests {
    use super::{narrow, widen};

    #[test]
    fn a_narrowed_key_widens_back_to_itself_or_is_refused() {
        for key in [i64::MIN, i64::MAX, 0, -1, 1, 711_000, -711_000] {
            assert_eq!(narrow(key).map(widen), Some(key));
        }
        for key in [
            i64::from(i32::MIN),
            i64::from(i32::MAX),
            i64::from(i32::MAX) + 1,
            i64::MIN + 1,
        ] {
            assert_eq!(narrow(key), None);
        }
    }
}
