//! Entities: people, institutions, events, places, sources — whatever kinds the schema declares.

use super::date::Date;
use super::id::{EventKindId, KindId, Slug};

/// An entity. Facts about it are [`Claim`](super::Claim)s, not fields: only what identifies it
/// lives here.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// Its stable id.
    pub slug: Slug,
    /// Its kind.
    pub kind: KindId,
    /// Its display name.
    pub name: String,
    /// Other names: transliterations, spellings, short forms.
    pub aliases: Vec<String>,
    /// A short description.
    pub description: Option<String>,
    /// When it existed (a lifetime, a body's term); checked against memberships.
    pub period: Option<Date>,
    /// For an event, its event kind; `None` for every other kind.
    pub event_kind: Option<EventKindId>,
    /// For a source, its bibliographic details.
    pub source: Option<SourceInfo>,
}

impl Entity {
    /// A new entity with no aliases, description or period. Cost: O(1).
    pub fn new(slug: Slug, kind: KindId, name: impl Into<String>) -> Entity {
        Entity {
            slug,
            kind,
            name: name.into(),
            aliases: Vec::new(),
            description: None,
            period: None,
            event_kind: None,
            source: None,
        }
    }

    /// A new event of `event_kind`, of the schema's event kind, with no date or participants
    /// yet (those are claims: [`Fact::Occurred`](super::Fact::Occurred) and
    /// [`Fact::Participation`](super::Fact::Participation)). Cost: O(1).
    ///
    /// ```
    /// use annals::model::{Claim, Entity, Fact};
    /// let mut graph = annals::bundled();
    /// let arrest = graph.schema().event_kind_named("arrest").unwrap();
    /// let event = Entity::event("ryutin-arrest".parse()?, graph.schema(), arrest, "Arrest of Ryutin");
    /// let id = graph.add_entity(event)?;
    /// let orsag = graph.by_slug("orsag").unwrap();
    /// graph.add_claim(Claim::new(Fact::Occurred { event: id, date: "1932-09".parse()? }, orsag))?;
    /// assert_eq!(graph.dates_of(id).count(), 1);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn event(
        slug: Slug,
        schema: &super::Schema,
        event_kind: EventKindId,
        name: impl Into<String>,
    ) -> Entity {
        Entity {
            event_kind: Some(event_kind),
            ..Entity::new(slug, schema.event_kind(), name)
        }
    }

    /// All names it answers to: its name, then its aliases. Cost: O(1) per item.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// `Name (id)`: `Joseph Stalin (stalin)`.
///
/// ```
/// let graph = annals::bundled();
/// let stalin = graph.by_slug("stalin").unwrap();
/// assert_eq!(graph.entity(stalin).to_string(), "Joseph Stalin (stalin)");
/// ```
impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.slug)
    }
}

/// Bibliographic details of a source entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceInfo {
    /// Who wrote or said it.
    pub author: Option<String>,
    /// Where it appeared.
    pub published: Option<String>,
    /// When it appeared.
    pub date: Option<Date>,
    /// Where a copy can be read.
    pub url: Option<String>,
}
