//! A readable `Debug` for [`Graph`]: one line per entity and per claim, with ids and schema
//! names instead of handle numbers and index internals.

use std::fmt;

use super::Graph;
use crate::model::{Fact, Value};

impl fmt::Debug for Graph {
    /// ```
    /// use annals::model::{Claim, Entity, Fact, Schema};
    /// let schema = Schema::builder()
    ///     .kind("person", "people")
    ///     .source_kind("source", "sources")
    ///     .event_kind("event", "events")
    ///     .relation(annals::model::RelationSpec::link("knew", ["person"], ["person"]).forward(["friends"]))
    ///     .build()?;
    /// let mut graph = annals::Graph::new(schema.clone());
    /// let a = graph.add_entity(Entity::new("a".parse()?, schema.kind("person").unwrap(), "A"))?;
    /// let b = graph.add_entity(Entity::new("b".parse()?, schema.kind("person").unwrap(), "B"))?;
    /// let s = graph.add_entity(Entity::new("s".parse()?, schema.source_kind(), "S"))?;
    /// let knew = schema.relation("knew").unwrap();
    /// graph.add_claim(Claim::new(Fact::Link { subject: a, relation: knew, object: b, role: None, during: None }, s))?;
    /// assert_eq!(format!("{graph:?}"), "Graph (3 entities, 1 claims) {\n  a: person \"A\"\n  b: person \"B\"\n  s: source \"S\"\n  #0: a knew b [s]\n}");
    /// # Ok::<_, annals::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schema = self.schema();
        let slug = |id| {
            self.try_entity(id).map_or_else(
                || format!("#{}?", crate::model::EntityId::index(id)),
                |e| e.slug.to_string(),
            )
        };
        writeln!(
            f,
            "Graph ({} entities, {} claims) {{",
            self.n_entities(),
            self.n_claims()
        )?;
        for (_, e) in self.entities() {
            let kind = match e.event_kind {
                Some(ek) => schema.event_kind_def(ek).name.as_str(),
                None => schema.kind_def(e.kind).name.as_str(),
            };
            write!(f, "  {}: {kind} {:?}", e.slug, e.name)?;
            if let Some(period) = &e.period {
                write!(f, " ({period})")?;
            }
            writeln!(f)?;
        }
        for (id, c) in self.claim_views() {
            // Built for the line and dropped: printing fills no cache.
            let c = &c.to_claim();
            let fact = match &c.fact {
                Fact::Link {
                    subject,
                    relation,
                    object,
                    role,
                    during,
                } => {
                    let mut s = format!(
                        "{} {} {}",
                        slug(*subject),
                        schema.relation_def(*relation).name,
                        slug(*object)
                    );
                    if let Some(role) = role {
                        s.push_str(&format!(" as {role}"));
                    }
                    if let Some(during) = during {
                        s.push_str(&format!(" during {during}"));
                    }
                    s
                }
                Fact::Value {
                    subject,
                    relation,
                    value,
                    at,
                    ..
                } => {
                    let value = match value {
                        Value::Text(t) => format!("{t:?}"),
                        other => other.to_string(),
                    };
                    let mut s = format!(
                        "{} {} = {value}",
                        slug(*subject),
                        schema.relation_def(*relation).name
                    );
                    if let Some(at) = at {
                        s.push_str(&format!(" at {at}"));
                    }
                    s
                }
                Fact::Occurred { event, date } => format!("{} on {date}", slug(*event)),
                Fact::Participation {
                    event,
                    role,
                    participant,
                } => format!("{} in {} as {role}", slug(*participant), slug(*event)),
                Fact::Never {
                    subject,
                    event_kind,
                    during,
                } => {
                    let mut s = format!(
                        "{} never {}",
                        slug(*subject),
                        schema.event_kind_def(*event_kind).name
                    );
                    if let Some(during) = during {
                        s.push_str(&format!(" during {during}"));
                    }
                    s
                }
                Fact::Said { speaker, words, .. } => format!("{} said {words:?}", slug(*speaker)),
            };
            let sources: Vec<String> = c.citations.iter().map(|c| slug(c.source)).collect();
            write!(f, "  #{}: {fact} [{}]", id.index(), sources.join(", "))?;
            if c.certainty != crate::model::Certainty::Asserted {
                write!(f, " {}", c.certainty)?;
            }
            if c.rank != crate::model::Rank::Normal {
                write!(f, " {}", c.rank)?;
            }
            writeln!(f)?;
        }
        f.write_str("}")
    }
}
