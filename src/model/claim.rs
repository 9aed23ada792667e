//! Claims: every fact in a graph is a claim that cites its sources.

use std::fmt;
use std::str::FromStr;

use super::date::Date;
use super::id::{EntityId, EventKindId, RelationId};
use super::quantity::Quantity;

/// One sourced statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// What it states.
    pub fact: Fact,
    /// Who states it; never empty in a graph.
    pub citations: Vec<Citation>,
    /// How sure the sources (or the compiler of the data) are.
    pub certainty: Certainty,
    /// A remark by whoever entered the claim.
    pub note: Option<String>,
    /// An optional label, unique in the graph, to refer to the claim.
    pub label: Option<String>,
    /// Its rank among the claims about the same thing, as Wikidata ranks statements: answers
    /// use the best-ranked claims and show the others in `why`.
    pub rank: Rank,
    /// Why the claim is ranked as it is (a Soviet-era falsified date, a later correction).
    pub rank_reason: Option<String>,
}

impl Claim {
    /// A claim of `fact` citing `source`, asserted, with no note. Cost: O(1).
    pub fn new(fact: Fact, source: EntityId) -> Claim {
        Claim {
            fact,
            citations: vec![Citation::new(source)],
            certainty: Certainty::Asserted,
            note: None,
            label: None,
            rank: Rank::Normal,
            rank_reason: None,
        }
    }

    /// The same claim with another citation. Citing a source the claim already cites (through
    /// the same `via`) adds nothing new: the citation is merged into the existing one, which
    /// gains the locator and quote it lacked. Only the same source at another place (a
    /// different locator) is kept as a second citation.
    ///
    /// Cost: O(citations), a scan for one to merge into.
    ///
    /// ```
    /// use annals::model::{Citation, Claim, Fact};
    /// let graph = annals::bundled();
    /// let (stalin, cc) = (graph.by_slug("stalin").unwrap(), graph.by_slug("cc-1934").unwrap());
    /// let orsag = graph.by_slug("orsag").unwrap();
    /// let member_of = graph.schema().relation("member_of").unwrap();
    /// let fact = Fact::Link { subject: stalin, relation: member_of, object: cc, role: None, during: None };
    /// let mut page = Citation::new(orsag);
    /// page.locator = Some("para. 3".into());
    /// let claim = Claim::new(fact, orsag).cite(Citation::new(orsag)).cite(page.clone());
    /// assert_eq!(claim.citations, [page.clone()]);
    /// let mut other_page = page.clone();
    /// other_page.locator = Some("para. 9".into());
    /// assert_eq!(claim.cite(other_page).citations.len(), 2);
    /// ```
    pub fn cite(mut self, citation: Citation) -> Claim {
        let same = self.citations.iter_mut().find(|c| {
            c.source == citation.source
                && c.via == citation.via
                && (c.locator.is_none()
                    || citation.locator.is_none()
                    || c.locator == citation.locator)
        });
        match same {
            Some(existing) => {
                if existing.locator.is_none() {
                    existing.locator = citation.locator;
                }
                if existing.quote.is_none() {
                    existing.quote = citation.quote;
                }
            }
            None => self.citations.push(citation),
        }
        self
    }

    /// The same claim with another certainty. Cost: O(1).
    pub fn with_certainty(mut self, certainty: Certainty) -> Claim {
        self.certainty = certainty;
        self
    }

    /// The same claim with another rank and the reason for it. Cost: O(1) (the reason is
    /// converted into a `String`).
    pub fn with_rank(mut self, rank: Rank, reason: impl Into<String>) -> Claim {
        self.rank = rank;
        self.rank_reason = Some(reason.into());
        self
    }

    /// Whether the claim is weak: disputed or unverified (not asserted or probable). A weak
    /// claim alone makes a row *possibly*. The rank plays no part here: a deprecated claim is
    /// left out of answers, unless a query asks `with all claims`, by its [`Rank`]. Cost: O(1).
    pub fn is_weak(&self) -> bool {
        matches!(self.certainty, Certainty::Disputed | Certainty::Unverified)
    }

    /// Whether the claim cites `source`, directly or as the source that reports it (`via`).
    ///
    /// Cost: O(citations).
    pub fn cites(&self, source: EntityId) -> bool {
        self.citations
            .iter()
            .any(|c| c.source == source || c.via == Some(source))
    }

    /// The same claim with a note. Cost: O(1) (the note is converted into a `String`).
    pub fn with_note(mut self, note: impl Into<String>) -> Claim {
        self.note = Some(note.into());
        self
    }
}

/// What a claim states. New kinds of fact may come (inferred facts, for instance), so matches
/// outside the crate need a wildcard arm.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fact {
    /// `subject` stands in `relation` to `object`, in a role, during a time.
    Link {
        /// The subject.
        subject: EntityId,
        /// The relation, which must point at entities.
        relation: RelationId,
        /// The object.
        object: EntityId,
        /// One of the relation's roles (`candidate member`).
        role: Option<String>,
        /// When it held.
        during: Option<Date>,
    },
    /// `subject` has `value` for a literal relation, at a time.
    Value {
        /// The subject.
        subject: EntityId,
        /// The relation, which must be literal.
        relation: RelationId,
        /// The value.
        value: Value,
        /// One of the relation's roles; for figures, their scope.
        role: Option<String>,
        /// The time the value refers to.
        at: Option<Date>,
    },
    /// An event happened at `date`.
    Occurred {
        /// The event.
        event: EntityId,
        /// When.
        date: Date,
    },
    /// `participant` took part in `event` in `role`.
    Participation {
        /// The event.
        event: EntityId,
        /// One of the event kind's roles.
        role: String,
        /// Who or what took part.
        participant: EntityId,
    },
    /// `subject` never underwent an event of `event_kind` (in its patient role), or not
    /// `during` a time: a source's explicit "was not arrested", which is not the same as no
    /// record of an arrest.
    Never {
        /// Who or what.
        subject: EntityId,
        /// The event kind.
        event_kind: EventKindId,
        /// The time it holds for; `None` for ever.
        during: Option<Date>,
    },
    /// `speaker` said `words`.
    Said {
        /// Who spoke or wrote.
        speaker: EntityId,
        /// The words, as the source gives them.
        words: String,
        /// When.
        date: Option<Date>,
        /// The event at which they were said.
        occasion: Option<EntityId>,
    },
}

impl Fact {
    /// The entity the fact is chiefly about: the subject, event or speaker. Cost: O(1).
    pub fn subject(&self) -> EntityId {
        match self {
            Fact::Link { subject, .. }
            | Fact::Value { subject, .. }
            | Fact::Never { subject, .. } => *subject,
            Fact::Occurred { event, .. } | Fact::Participation { event, .. } => *event,
            Fact::Said { speaker, .. } => *speaker,
        }
    }

    /// Every entity the fact mentions, the subject first. Cost: O(1) (at most two, in a new
    /// vector).
    pub fn entities(&self) -> Vec<EntityId> {
        match self {
            Fact::Link {
                subject, object, ..
            } => vec![*subject, *object],
            Fact::Value { subject, .. } | Fact::Never { subject, .. } => vec![*subject],
            Fact::Occurred { event, .. } => vec![*event],
            Fact::Participation {
                event, participant, ..
            } => vec![*event, *participant],
            Fact::Said {
                speaker, occasion, ..
            } => std::iter::once(*speaker).chain(*occasion).collect(),
        }
    }

    /// Replaces every entity handle the fact holds by `f` of it (binds `arb`'s positional
    /// handles). Cost: O(1).
    #[cfg(feature = "proptest")]
    pub(crate) fn map_entities(&mut self, mut f: impl FnMut(EntityId) -> EntityId) {
        match self {
            Fact::Link {
                subject, object, ..
            } => {
                *subject = f(*subject);
                *object = f(*object);
            }
            Fact::Value { subject, .. } | Fact::Never { subject, .. } => *subject = f(*subject),
            Fact::Occurred { event, .. } => *event = f(*event),
            Fact::Participation {
                event, participant, ..
            } => {
                *event = f(*event);
                *participant = f(*participant);
            }
            Fact::Said {
                speaker, occasion, ..
            } => {
                *speaker = f(*speaker);
                *occasion = occasion.map(&mut f);
            }
        }
    }

    /// The relation, for links and values. Cost: O(1).
    pub fn relation(&self) -> Option<RelationId> {
        match self {
            Fact::Link { relation, .. } | Fact::Value { relation, .. } => Some(*relation),
            _ => None,
        }
    }
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A figure, as the source gave it.
    Number(Quantity),
    /// Text.
    Text(String),
    /// A date.
    Date(Date),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(q) => q.fmt(f),
            Value::Text(t) => f.write_str(t),
            Value::Date(d) => d.fmt(f),
        }
    }
}

/// A reference to a source in support of a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// The source that makes the statement.
    pub source: EntityId,
    /// The source through which it is known (an article reporting a speech).
    pub via: Option<EntityId>,
    /// Where in the source: page, paragraph, table row.
    pub locator: Option<String>,
    /// The source's own words.
    pub quote: Option<String>,
}

impl Citation {
    /// A citation of a whole source. Cost: O(1).
    pub fn new(source: EntityId) -> Citation {
        Citation {
            source,
            via: None,
            locator: None,
            quote: None,
        }
    }
}

/// How certain a claim is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Certainty {
    /// The source states it as fact.
    #[default]
    Asserted,
    /// Likely but not stated outright.
    Probable,
    /// Other sources contradict it.
    Disputed,
    /// Not confirmed by any source seen.
    Unverified,
}

impl Certainty {
    /// All values, in order.
    pub const ALL: [Certainty; 4] = [
        Certainty::Asserted,
        Certainty::Probable,
        Certainty::Disputed,
        Certainty::Unverified,
    ];

    /// The lowercase name used in data files. Cost: O(1).
    pub fn name(self) -> &'static str {
        match self {
            Certainty::Asserted => "asserted",
            Certainty::Probable => "probable",
            Certainty::Disputed => "disputed",
            Certainty::Unverified => "unverified",
        }
    }
}

impl serde::Serialize for Certainty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Certainty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Certainty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The text is not a certainty name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown certainty {0:?}: expected asserted, probable, disputed or unverified")]
pub struct CertaintyError(pub String);

impl FromStr for Certainty {
    type Err = CertaintyError;

    /// Reads a certainty's lowercase name. Cost: O(1).
    ///
    /// # Errors
    ///
    /// [`CertaintyError`] for any other text.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Certainty::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| CertaintyError(s.to_owned()))
    }
}

/// The rank of a claim among the claims about the same thing, after Wikidata's statement ranks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rank {
    /// The best of several claims about the same thing: where one exists, the normal ones
    /// are shown in `why` but do not decide.
    Preferred,
    /// The default.
    #[default]
    Normal,
    /// Known to be wrong (a falsified date), kept because a source states it: left out of
    /// answers unless a query asks `with all claims`, and shown in `why`.
    Deprecated,
}

impl Rank {
    /// All values, best first.
    pub const ALL: [Rank; 3] = [Rank::Preferred, Rank::Normal, Rank::Deprecated];

    /// The lowercase name used in data files. Cost: O(1).
    pub fn name(self) -> &'static str {
        match self {
            Rank::Preferred => "preferred",
            Rank::Normal => "normal",
            Rank::Deprecated => "deprecated",
        }
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Rank {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The text is not a rank name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown rank {0:?}: expected preferred, normal or deprecated")]
pub struct RankError(pub String);

impl FromStr for Rank {
    type Err = RankError;

    /// Reads a rank's lowercase name. Cost: O(1).
    ///
    /// # Errors
    ///
    /// [`RankError`] for any other text.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rank::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| RankError(s.to_owned()))
    }
}
