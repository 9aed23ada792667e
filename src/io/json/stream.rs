//! Reading a JSON document entity by entity and claim by claim, adding each to the graph as
//! soon as it is parsed, so that the parsed document is never held whole beside the graph
//! (at a million people it was 4 GiB on top of a graph of 1.5 GiB).
//!
//! Streaming needs the fields in the order [`to_json`](super::to_json) writes them: `format`,
//! `schema`, `entities`, `claims`. A document in another order is reported as
//! [`Stop::OutOfOrder`], and read whole instead.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::convert::{doc_to_claim, doc_to_entity, doc_to_schema};
use super::types::{ClaimJson, EntityJson, SchemaJson};
use super::{FORMAT, Place};
use crate::Graph;
use crate::model::{Slug, SlugError};
use crate::store::GraphError;

/// Why a streamed read stopped, other than bad JSON.
pub(super) enum Stop {
    /// The `format` field names another format.
    Format(String),
    /// An entity's id is not a valid id.
    Slug(usize, SlugError),
    /// The graph refused a part of the document.
    Graph(Place, GraphError),
    /// The fields are not in the order streaming needs.
    OutOfOrder,
}

/// Reads `text` as a graph document, adding to the graph as it goes. `Err` is serde_json's
/// error for text that is not such a document; `Ok(Err(stop))` says why reading stopped
/// otherwise.
pub(super) fn read(text: &str) -> Result<Result<Graph, Stop>, serde_json::Error> {
    let mut stop = None;
    // Each claim has one `"fact":` key, and the sequence cannot occur inside a JSON string
    // (a quote there is escaped): counting them sizes the table of claims once, instead of
    // doubling it near the end of the load, when the graph is nearly whole and the old and
    // new tables would be alive together. Cost: one scan of the text. A claim written out
    // takes more than 64 bytes, which bounds what a document full of such keys can reserve.
    let claims = text.matches("\"fact\":").count().min(text.len() / 64);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Document {
        stop: &mut stop,
        claims,
    }
    .deserialize(&mut de);
    match (result, stop) {
        (_, Some(stop)) => Ok(Err(stop)),
        (Err(error), None) => Err(error),
        (Ok(graph), None) => {
            de.end()?;
            Ok(Ok(graph))
        }
    }
}

const FIELDS: &[&str] = &["format", "schema", "entities", "claims"];

/// The whole document; `stop` receives why it stopped when it stops for a reason of its own
/// (the error returned to serde then only unwinds the parse).
struct Document<'s> {
    stop: &'s mut Option<Stop>,
    /// How many claims the document holds, to reserve room for them.
    claims: usize,
}

fn halt<E: de::Error>(stop: &mut Option<Stop>, why: Stop) -> E {
    *stop = Some(why);
    E::custom("stopped")
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = Graph;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Graph, D::Error> {
        deserializer.deserialize_struct("GraphJson", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Graph;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct GraphJson")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Graph, A::Error> {
        let (stop, n_claims) = (self.stop, self.claims);
        let mut format = false;
        let mut graph: Option<Graph> = None;
        let (mut entities, mut claims) = (false, false);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => {
                    if format {
                        return Err(de::Error::duplicate_field("format"));
                    }
                    let name: String = map.next_value()?;
                    if name != FORMAT {
                        return Err(halt(stop, Stop::Format(name)));
                    }
                    format = true;
                }
                "schema" => {
                    if !format || graph.is_some() {
                        return Err(halt(stop, Stop::OutOfOrder));
                    }
                    let doc: SchemaJson = map.next_value()?;
                    let schema = doc_to_schema(&doc)
                        .map_err(|error| halt(stop, Stop::Graph(Place::Schema, error)))?;
                    let mut new = Graph::new(schema);
                    new.begin_bulk();
                    graph = Some(new);
                }
                "entities" => {
                    let Some(graph) = graph.as_mut().filter(|_| !entities && !claims) else {
                        return Err(halt(stop, Stop::OutOfOrder));
                    };
                    map.next_value_seed(Entities { graph, stop })?;
                    entities = true;
                }
                "claims" => {
                    let Some(graph) = graph.as_mut().filter(|_| entities && !claims) else {
                        return Err(halt(stop, Stop::OutOfOrder));
                    };
                    graph.reserve(0, n_claims);
                    map.next_value_seed(Claims { graph, stop })?;
                    claims = true;
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if !format {
            return Err(de::Error::missing_field("format"));
        }
        let Some(mut graph) = graph else {
            return Err(de::Error::missing_field("schema"));
        };
        if !entities {
            return Err(de::Error::missing_field("entities"));
        }
        if !claims {
            return Err(de::Error::missing_field("claims"));
        }
        graph.end_bulk();
        Ok(graph)
    }
}

/// The `entities` array, each added to the graph as it is read.
struct Entities<'g, 's> {
    graph: &'g mut Graph,
    stop: &'s mut Option<Stop>,
}

impl<'de> DeserializeSeed<'de> for Entities<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entities<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(doc) = seq.next_element::<EntityJson>()? {
            if let Err(error) = doc.id.parse::<Slug>() {
                return Err(halt(self.stop, Stop::Slug(i, error)));
            }
            let added = doc_to_entity(self.graph, &doc).and_then(|e| self.graph.add_entity(e));
            if let Err(error) = added {
                return Err(halt(self.stop, Stop::Graph(Place::Entity(i), error)));
            }
            i += 1;
        }
        Ok(())
    }
}

/// The `claims` array, each added to the graph as it is read.
struct Claims<'g, 's> {
    graph: &'g mut Graph,
    stop: &'s mut Option<Stop>,
}

impl<'de> DeserializeSeed<'de> for Claims<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Claims<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(doc) = seq.next_element::<ClaimJson>()? {
            let added = doc_to_claim(self.graph, &doc).and_then(|c| self.graph.add_claim(c));
            if let Err(error) = added {
                return Err(halt(self.stop, Stop::Graph(Place::Claim(i), error)));
            }
            i += 1;
        }
        Ok(())
    }
}
