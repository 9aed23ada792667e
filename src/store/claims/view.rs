//! Reading a stored claim without building a [`Claim`]: [`ClaimRef`], a view that copies
//! small values out of its row and borrows dates and strings from the columns, its
//! [`FactRef`] and [`CitationRef`], and the rebuilding of a whole `Claim` for the public API.

use super::*;

/// A claim read from the columns: small values copied out, dates and strings borrowed.
#[derive(Clone, Copy)]
pub(crate) struct ClaimRef<'a> {
    pub(super) claims: &'a Claims,
    pub(super) lineage: &'a Lineage,
    pub(super) row: &'a Row,
    pub(super) at: usize,
}

/// A claim's fact as [`ClaimRef::fact`] reads it: [`Fact`] with handles by value and dates,
/// values and strings borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FactRef<'a> {
    /// [`Fact::Link`].
    Link {
        subject: EntityId,
        relation: RelationId,
        object: EntityId,
        role: Option<&'a str>,
        during: Option<&'a Date>,
    },
    /// [`Fact::Value`].
    Value {
        subject: EntityId,
        relation: RelationId,
        value: &'a Value,
        role: Option<&'a str>,
        at: Option<&'a Date>,
    },
    /// [`Fact::Occurred`].
    Occurred { event: EntityId, date: &'a Date },
    /// [`Fact::Participation`].
    Participation {
        event: EntityId,
        role: &'a str,
        participant: EntityId,
    },
    /// [`Fact::Never`].
    Never {
        subject: EntityId,
        event_kind: EventKindId,
        during: Option<&'a Date>,
    },
    /// [`Fact::Said`].
    Said {
        speaker: EntityId,
        words: &'a str,
        date: Option<&'a Date>,
        occasion: Option<EntityId>,
    },
}

impl FactRef<'_> {
    /// As [`Fact::subject`]. Cost: O(1).
    pub(crate) fn subject(&self) -> EntityId {
        match *self {
            FactRef::Link { subject, .. }
            | FactRef::Value { subject, .. }
            | FactRef::Never { subject, .. } => subject,
            FactRef::Occurred { event, .. } | FactRef::Participation { event, .. } => event,
            FactRef::Said { speaker, .. } => speaker,
        }
    }

    /// The entities the fact mentions, the subject first, as [`Fact::entities`] without the
    /// vector. Cost: O(1).
    pub(crate) fn entities(&self) -> impl Iterator<Item = EntityId> + use<> {
        let second = match *self {
            FactRef::Link { object, .. } => Some(object),
            FactRef::Participation { participant, .. } => Some(participant),
            FactRef::Said { occasion, .. } => occasion,
            _ => None,
        };
        std::iter::once(self.subject()).chain(second)
    }

    /// The owned [`Fact`]. Cost: O(1) plus its strings, dates and value.
    pub(crate) fn to_fact(self) -> Fact {
        match self {
            FactRef::Link {
                subject,
                relation,
                object,
                role,
                during,
            } => Fact::Link {
                subject,
                relation,
                object,
                role: role.map(str::to_owned),
                during: during.cloned(),
            },
            FactRef::Value {
                subject,
                relation,
                value,
                role,
                at,
            } => Fact::Value {
                subject,
                relation,
                value: value.clone(),
                role: role.map(str::to_owned),
                at: at.cloned(),
            },
            FactRef::Occurred { event, date } => Fact::Occurred {
                event,
                date: date.clone(),
            },
            FactRef::Participation {
                event,
                role,
                participant,
            } => Fact::Participation {
                event,
                role: role.to_owned(),
                participant,
            },
            FactRef::Never {
                subject,
                event_kind,
                during,
            } => Fact::Never {
                subject,
                event_kind,
                during: during.cloned(),
            },
            FactRef::Said {
                speaker,
                words,
                date,
                occasion,
            } => Fact::Said {
                speaker,
                words: words.to_owned(),
                date: date.cloned(),
                occasion,
            },
        }
    }
}

/// A citation as [`ClaimRef::citations`] reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CitationRef<'a> {
    pub(crate) source: EntityId,
    pub(crate) via: Option<EntityId>,
    pub(crate) locator: Option<&'a str>,
    pub(crate) quote: Option<&'a str>,
}

impl CitationRef<'_> {
    /// The owned [`Citation`]. Cost: O(length of its strings).
    pub(crate) fn to_citation(self) -> Citation {
        Citation {
            source: self.source,
            via: self.via,
            locator: self.locator.map(str::to_owned),
            quote: self.quote.map(str::to_owned),
        }
    }
}

impl<'a> ClaimRef<'a> {
    #[inline]
    fn entity(&self, at: u32) -> EntityId {
        let at = at as usize;
        EntityId::new(at, self.lineage.entity_tag(at))
    }

    #[inline]
    fn role(&self) -> Option<&'a str> {
        let role = self.row.role as usize;
        (role != 0).then(|| &*self.claims.roles[role - 1])
    }

    #[inline]
    fn date(&self) -> Option<&'a Date> {
        self.claims.date(self.at)
    }

    /// The event, role and participant of a [`Fact::Participation`] claim, `None` for any
    /// other fact. Cost: O(1).
    #[inline]
    pub(crate) fn participation(&self) -> Option<(EntityId, &'a str, EntityId)> {
        (self.row.shape == PARTICIPATION).then(|| {
            (
                self.entity(self.row.a),
                self.role().unwrap_or_default(),
                self.entity(self.row.b),
            )
        })
    }

    /// The event kind and time of a [`Fact::Never`] claim, `None` for any other fact.
    /// Cost: O(1).
    #[inline]
    pub(crate) fn never(&self) -> Option<(EventKindId, Option<&'a Date>)> {
        (self.row.shape == NEVER).then(|| (EventKindId::new(self.row.c as usize), self.date()))
    }

    /// What it states. Cost: O(1) (O(ancestors) for a clone of a clone, to make handles).
    #[inline]
    pub(crate) fn fact(&self) -> FactRef<'a> {
        let row = self.row;
        match row.shape {
            LINK => FactRef::Link {
                subject: self.entity(row.a),
                relation: RelationId::new(row.c as usize),
                object: self.entity(row.b),
                role: self.role(),
                during: self.date(),
            },
            VALUE => FactRef::Value {
                subject: self.entity(row.a),
                relation: RelationId::new(row.c as usize),
                value: &self.claims.values[row.b as usize],
                role: self.role(),
                at: self.date(),
            },
            OCCURRED => FactRef::Occurred {
                event: self.entity(row.a),
                // Every occurred claim has its date.
                date: self.date().unwrap_or_else(|| &self.claims.dates[0]),
            },
            PARTICIPATION => FactRef::Participation {
                event: self.entity(row.a),
                role: self.role().unwrap_or_default(),
                participant: self.entity(row.b),
            },
            NEVER => FactRef::Never {
                subject: self.entity(row.a),
                event_kind: EventKindId::new(row.c as usize),
                during: self.date(),
            },
            _ => FactRef::Said {
                speaker: self.entity(row.a),
                words: self.claims.texts.get(row.c),
                date: self.date(),
                occasion: (row.b != NONE).then(|| self.entity(row.b)),
            },
        }
    }

    /// The entity the fact is chiefly about, as [`Fact::subject`]. Cost: O(1).
    pub(crate) fn subject(&self) -> EntityId {
        self.entity(self.row.a)
    }

    /// Its rank. Cost: O(1).
    pub(crate) fn rank(&self) -> Rank {
        match self.row.bits & 3 {
            0 => Rank::Preferred,
            1 => Rank::Normal,
            _ => Rank::Deprecated,
        }
    }

    /// Its certainty. Cost: O(1).
    pub(crate) fn certainty(&self) -> Certainty {
        match (self.row.bits >> 2) & 3 {
            0 => Certainty::Asserted,
            1 => Certainty::Probable,
            2 => Certainty::Disputed,
            _ => Certainty::Unverified,
        }
    }

    /// As [`Claim::is_weak`]. Cost: O(1).
    pub(crate) fn is_weak(&self) -> bool {
        matches!(
            self.certainty(),
            Certainty::Disputed | Certainty::Unverified
        )
    }

    /// Its citations, in order. Cost: O(1) per item.
    pub(crate) fn citations(&self) -> impl ExactSizeIterator<Item = CitationRef<'a>> + 'a {
        let claims = self.claims;
        let lineage = self.lineage;
        let id = self.row.cites as usize;
        let list = &claims.cites[claims.starts[id] as usize..claims.starts[id + 1] as usize];
        let entity = move |at: u32| EntityId::new(at as usize, lineage.entity_tag(at as usize));
        list.iter().map(move |c| CitationRef {
            source: entity(c.source),
            via: (c.via != NONE).then(|| entity(c.via)),
            locator: claims.texts.opt(c.locator),
            quote: claims.texts.opt(c.quote),
        })
    }

    /// Its citations' sources and the sources they were read through (`via`), in order,
    /// without their locators and quotations (a table shows only the sources). Cost: O(1) per
    /// item.
    pub(crate) fn cited_sources(
        &self,
    ) -> impl ExactSizeIterator<Item = (EntityId, Option<EntityId>)> + 'a {
        let claims = self.claims;
        let lineage = self.lineage;
        let id = self.row.cites as usize;
        let list = &claims.cites[claims.starts[id] as usize..claims.starts[id + 1] as usize];
        let entity = move |at: u32| EntityId::new(at as usize, lineage.entity_tag(at as usize));
        list.iter()
            .map(move |c| (entity(c.source), (c.via != NONE).then(|| entity(c.via))))
    }

    fn rare(&self) -> Option<&'a Rare> {
        if self.row.bits & RARE == 0 {
            return None;
        }
        let rare = &self.claims.rare;
        let at = self.at as u32;
        rare.binary_search_by_key(&at, |(i, _)| *i)
            .ok()
            .map(|i| &*rare[i].1)
    }

    /// Its note. Cost: O(log rare claims).
    pub(crate) fn note(&self) -> Option<&'a str> {
        self.rare().and_then(|r| r.note.as_deref())
    }

    /// Its label. Cost: O(log rare claims).
    pub(crate) fn label(&self) -> Option<&'a str> {
        self.rare().and_then(|r| r.label.as_deref())
    }

    /// Why it is ranked as it is. Cost: O(log rare claims).
    pub(crate) fn rank_reason(&self) -> Option<&'a str> {
        self.rare().and_then(|r| r.rank_reason.as_deref())
    }

    /// The owned [`Claim`]. Cost: O(citations) plus its strings, dates and value.
    pub(crate) fn to_claim(self) -> Claim {
        let rare = self.rare();
        let text = |f: fn(&Rare) -> &Option<String>| rare.and_then(|r| f(r).clone());
        Claim {
            fact: self.fact().to_fact(),
            citations: self.citations().map(CitationRef::to_citation).collect(),
            certainty: self.certainty(),
            note: text(|r| &r.note),
            label: text(|r| &r.label),
            rank: self.rank(),
            rank_reason: text(|r| &r.rank_reason),
        }
    }
}
