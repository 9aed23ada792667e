//! The dataset folder format: `schema.toml` and data files (see `data/README.md`); the
//! schema's own types are in `schema.rs`.
//!
//! The `*Doc` types mirror the files, with [`Spanned`] on every value an error can point at;
//! converting them to the model is where names become handles and every check happens.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, Range};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{LoadError, Location, Progress, Report, Stage};
use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, Date, Entity, EntityId, Fact, KindId, LiteralType, Quantity, Rank,
    RelationDef, RelationId, Slug, SourceInfo, Value, nearest,
};
use crate::store::{ClaimField, GraphError};

mod chunks;
mod facts;
mod load;
mod schema;
#[cfg(test)]
mod tests;

use chunks::{Group, Job, Kind};
pub(super) use load::load_data;
#[cfg(test)]
use load::{Mode, load_files};

use facts::unknown_name;
use facts::{claim_fact, place_fact};
pub(super) use schema::parse_schema;
use schema::{deepest_line, nesting_of};

// ---------------------------------------------------------------------------------------------
// Data files

/// A string of a data file, borrowed from the file's text where the TOML reader can give it
/// so (a string with no escape to decode, as slugs, kinds and most names are), else owned.
/// Parsed into `String`s instead, every table made an allocation per string on the parsing
/// thread and a free on the converting one, for values that are only looked up or copied.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Text<'a>(Cow<'a, str>);

impl Text<'_> {
    /// The string, copied.
    fn owned(&self) -> String {
        String::from(&*self.0)
    }
}

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;

            // The words of `String`'s own visitor, so that errors read as they did.
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }

            fn visit_str<E>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_string(Visitor)
    }
}

/// A data file's tables, borrowing their strings from its text (see [`Text`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct DataDoc<'a> {
    defaults: Option<DefaultsDoc<'a>>,
    #[serde(default)]
    entity: Vec<Spanned<EntityDoc<'a>>>,
    #[serde(default)]
    event: Vec<Spanned<EventDoc<'a>>>,
    #[serde(default)]
    claim: Vec<Spanned<ClaimDoc<'a>>>,
    #[serde(default)]
    quote: Vec<Spanned<QuoteDoc<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct DefaultsDoc<'a> {
    sources: Option<Vec<Spanned<Text<'a>>>>,
    certainty: Option<Spanned<Text<'a>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct EntityDoc<'a> {
    id: Spanned<Text<'a>>,
    kind: Spanned<Text<'a>>,
    name: Text<'a>,
    #[serde(default)]
    aliases: Vec<Text<'a>>,
    description: Option<Text<'a>>,
    period: Option<Spanned<Text<'a>>>,
    author: Option<Text<'a>>,
    published: Option<Text<'a>>,
    date: Option<Spanned<Text<'a>>>,
    url: Option<Text<'a>>,
}

/// The citation fields that every claim-making table has. serde's `flatten` would lose the
/// spans and the unknown-field check, so each table repeats the fields and lends them here.
struct Support<'a, 't> {
    sources: &'a Option<Vec<Spanned<Text<'t>>>>,
    cite: &'a Option<Vec<Spanned<CiteDoc<'t>>>>,
    quote: &'a Option<Text<'t>>,
    certainty: &'a Option<Spanned<Text<'t>>>,
    note: &'a Option<Text<'t>>,
    rank: &'a Option<Spanned<Text<'t>>>,
    rank_reason: &'a Option<Text<'t>>,
}

macro_rules! support {
    ($doc:expr) => {
        Support {
            sources: &$doc.sources,
            cite: &$doc.cite,
            quote: &$doc.quote,
            certainty: &$doc.certainty,
            note: &$doc.note,
            rank: &$doc.rank,
            rank_reason: &$doc.rank_reason,
        }
    };
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct CiteDoc<'a> {
    source: Spanned<Text<'a>>,
    via: Option<Spanned<Text<'a>>>,
    at: Option<Text<'a>>,
    quote: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct EventDoc<'a> {
    id: Spanned<Text<'a>>,
    kind: Spanned<Text<'a>>,
    name: Text<'a>,
    #[serde(default)]
    aliases: Vec<Text<'a>>,
    description: Option<Text<'a>>,
    date: Option<Spanned<Text<'a>>>,
    place: Option<Spanned<Text<'a>>>,
    #[serde(default)]
    participants: BTreeMap<Text<'a>, Vec<Spanned<Text<'a>>>>,
    sources: Option<Vec<Spanned<Text<'a>>>>,
    cite: Option<Vec<Spanned<CiteDoc<'a>>>>,
    quote: Option<Text<'a>>,
    certainty: Option<Spanned<Text<'a>>>,
    note: Option<Text<'a>>,
    rank: Option<Spanned<Text<'a>>>,
    rank_reason: Option<Text<'a>>,
}

/// A `[[claim]]` table. A file parsed whole holds all of its tables (millions, in a large
/// dataset that cannot be cut into groups) until the claims phase, so the ten fields a claim
/// of one shape leaves out are boxed, 8 bytes each instead of 24 to 48 (456 bytes a table with
/// its span, instead of about 770).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct ClaimDoc<'a> {
    id: Option<Box<Spanned<Text<'a>>>>,
    subject: Option<Spanned<Text<'a>>>,
    relation: Option<Spanned<Text<'a>>>,
    object: Option<Spanned<Text<'a>>>,
    value: Option<Box<Spanned<toml::Value>>>,
    unit: Option<Box<str>>,
    role: Option<Box<Spanned<Text<'a>>>>,
    during: Option<Spanned<Text<'a>>>,
    at: Option<Box<Spanned<Text<'a>>>>,
    event: Option<Box<Spanned<Text<'a>>>>,
    date: Option<Box<Spanned<Text<'a>>>>,
    place: Option<Box<Spanned<Text<'a>>>>,
    participant: Option<Box<Spanned<Text<'a>>>>,
    never: Option<Box<Spanned<Text<'a>>>>,
    sources: Option<Vec<Spanned<Text<'a>>>>,
    cite: Option<Vec<Spanned<CiteDoc<'a>>>>,
    quote: Option<Text<'a>>,
    certainty: Option<Spanned<Text<'a>>>,
    note: Option<Text<'a>>,
    rank: Option<Spanned<Text<'a>>>,
    rank_reason: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'a"))]
struct QuoteDoc<'a> {
    id: Option<Spanned<Text<'a>>>,
    speaker: Spanned<Text<'a>>,
    words: Text<'a>,
    date: Option<Spanned<Text<'a>>>,
    occasion: Option<Spanned<Text<'a>>>,
    sources: Option<Vec<Spanned<Text<'a>>>>,
    cite: Option<Vec<Spanned<CiteDoc<'a>>>>,
    quote: Option<Text<'a>>,
    certainty: Option<Spanned<Text<'a>>>,
    note: Option<Text<'a>>,
    rank: Option<Spanned<Text<'a>>>,
    rank_reason: Option<Text<'a>>,
}

/// The citations, certainty, note and rank of a claim-making table.
struct Supported {
    citations: Vec<Citation>,
    certainty: Certainty,
    note: Option<String>,
    rank: Rank,
    rank_reason: Option<String>,
}

impl Supported {
    fn claim(&self, fact: Fact, label: Option<String>) -> Claim {
        Claim {
            fact,
            citations: self.citations.clone(),
            certainty: self.certainty,
            note: self.note.clone(),
            label,
            rank: self.rank,
            rank_reason: self.rank_reason.clone(),
        }
    }

    /// [`Supported::claim`] for the only claim of a table, which takes its citations.
    fn into_claim(self, fact: Fact, label: Option<String>) -> Claim {
        Claim {
            fact,
            citations: self.citations,
            certainty: self.certainty,
            note: self.note,
            label,
            rank: self.rank,
            rank_reason: self.rank_reason,
        }
    }
}

/// A data file, or the part of it being converted, and what it needs to report errors: the
/// spans of the tables in hand count from `base`, those of the file's defaults from theirs.
#[derive(Clone, Copy)]
struct File<'a> {
    path: &'a Path,
    text: &'a str,
    base: usize,
    defaults: Option<(usize, &'a DefaultsDoc<'a>)>,
}

impl File<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        Location::at(self.path, self.text, self.base + span.start)
    }

    /// This file, for the spans of its defaults.
    fn of_defaults(&self) -> Self {
        File {
            base: self.defaults.map_or(0, |(base, _)| base),
            ..*self
        }
    }

    fn graph_error(&self, span: Range<usize>, error: GraphError) -> LoadError {
        LoadError::Graph {
            location: self.at(span),
            error: Box::new(error),
        }
    }

    fn entity(&self, graph: &Graph, slug: &Spanned<Text>) -> Result<EntityId, LoadError> {
        graph
            .resolve_slug(slug.get_ref())
            .map_err(|error| self.graph_error(slug.span(), error))
    }

    fn date(&self, text: &Spanned<Text>) -> Result<Date, LoadError> {
        text.get_ref().parse().map_err(|error| LoadError::Date {
            location: self.at(text.span()),
            error,
        })
    }

    fn slug(&self, text: &Spanned<Text>) -> Result<Slug, LoadError> {
        text.get_ref().parse().map_err(|error| LoadError::Slug {
            location: self.at(text.span()),
            error,
        })
    }

    fn certainty(&self, text: &Spanned<Text>) -> Result<Certainty, LoadError> {
        text.get_ref()
            .parse()
            .map_err(|error: crate::model::CertaintyError| LoadError::Shape {
                location: self.at(text.span()),
                message: error.to_string(),
            })
    }

    /// The citations, certainty, note and label of a claim-making table, with the file's
    /// defaults filling in what it leaves out.
    fn support(
        &self,
        graph: &Graph,
        support: Support,
        span: Range<usize>,
    ) -> Result<Supported, LoadError> {
        let defaults = self.defaults.map(|(_, d)| d);
        let (sources, from) = match (support.sources, support.cite) {
            (None, None) => (
                defaults.and_then(|d| d.sources.as_ref()),
                self.of_defaults(),
            ),
            (sources, _) => (sources.as_ref(), *self),
        };
        // Sized exactly: the claim keeps this vector as it is.
        let n = sources.map_or(0, Vec::len) + support.cite.as_ref().map_or(0, Vec::len);
        let mut citations = Vec::with_capacity(n);
        for source in sources.into_iter().flatten() {
            let mut citation = Citation::new(from.entity(graph, source)?);
            citation.quote = support.quote.as_deref().map(String::from);
            citations.push(citation);
        }
        for cite in support.cite.iter().flatten() {
            let c = cite.get_ref();
            citations.push(Citation {
                source: self.entity(graph, &c.source)?,
                via: c.via.as_ref().map(|v| self.entity(graph, v)).transpose()?,
                locator: c.at.as_deref().map(String::from),
                quote: c
                    .quote
                    .as_ref()
                    .or(support.quote.as_ref())
                    .map(|q| q.owned()),
            });
        }
        if citations.is_empty() {
            return Err(self.graph_error(span, GraphError::NoSource));
        }
        let certainty = match (
            &support.certainty,
            defaults.and_then(|d| d.certainty.as_ref()),
        ) {
            (Some(text), _) => self.certainty(text)?,
            (None, Some(text)) => self.of_defaults().certainty(text)?,
            (None, None) => Certainty::Asserted,
        };
        let rank = match support.rank {
            Some(text) => text
                .get_ref()
                .parse()
                .map_err(|error: crate::model::RankError| LoadError::Shape {
                    location: self.at(text.span()),
                    message: error.to_string(),
                })?,
            None => Rank::Normal,
        };
        if support.rank_reason.is_some() && support.rank.is_none() {
            return Err(LoadError::Shape {
                location: self.at(span),
                message: "`rank_reason` explains a `rank`: give the rank too".into(),
            });
        }
        Ok(Supported {
            citations,
            certainty,
            note: support.note.as_deref().map(String::from),
            rank,
            rank_reason: support.rank_reason.as_deref().map(String::from),
        })
    }

    fn relation(&self, graph: &Graph, name: &Spanned<Text>) -> Result<RelationId, LoadError> {
        let schema = graph.schema();
        schema.relation(name.get_ref()).ok_or_else(|| {
            let names = schema.relations().iter().map(|r| r.name.as_str());
            self.graph_error(name.span(), unknown_name("relation", name.get_ref(), names))
        })
    }
}

/// The most errors one load reports; past it the load stops.
pub const MAX_ERRORS: usize = 20;

/// The errors of a load so far, in file order.
#[derive(Default)]
struct Errors {
    list: Vec<LoadError>,
}

impl Errors {
    /// Keeps the error of `result`, if any; true once [`MAX_ERRORS`] are kept.
    fn note(&mut self, result: Result<(), LoadError>) -> bool {
        if let Err(error) = result {
            self.list.push(error);
        }
        self.list.len() >= MAX_ERRORS
    }

    /// Fails with the errors kept (one alone as itself, several as [`LoadError::Many`]),
    /// each first passed through `refine`.
    fn finish(&mut self, refine: impl Fn(LoadError) -> LoadError) -> Result<(), LoadError> {
        let mut list: Vec<LoadError> = self.list.drain(..).map(refine).collect();
        match list.len() {
            0 => Ok(()),
            1 => Err(list.remove(0)),
            _ => Err(LoadError::Many {
                capped: list.len() >= MAX_ERRORS,
                errors: list,
            }),
        }
    }
}

/// Adds the entities and events of `doc`, a file or a group of its tables; true once the
/// load has as many errors as it reports (the file's other tables are then skipped).
fn add_entities(graph: &mut Graph, file: &File, doc: &DataDoc, errors: &mut Errors) -> bool {
    // The strings are copied on this thread rather than taken from the parsed tables, which
    // the parsing thread allocated among the trees it frees: the graph's strings stay out of
    // that thread's pages.
    for table in &doc.entity {
        let result = (|| -> Result<(), LoadError> {
            let doc = table.get_ref();
            let kind = kind_of(graph, file, &doc.kind)?;
            if kind == graph.schema().event_kind() {
                return Err(LoadError::Shape {
                    location: file.at(doc.kind.span()),
                    message: "events are written as [[event]] tables, with an event kind".into(),
                });
            }
            let mut entity = Entity::new(file.slug(&doc.id)?, kind, doc.name.owned());
            entity.aliases = doc.aliases.iter().map(|a| a.owned()).collect();
            entity.description = doc.description.as_deref().map(String::from);
            entity.period = doc.period.as_ref().map(|p| file.date(p)).transpose()?;
            let has_source_info = doc.author.is_some()
                || doc.published.is_some()
                || doc.date.is_some()
                || doc.url.is_some();
            if has_source_info {
                if kind != graph.schema().source_kind() {
                    return Err(LoadError::Shape {
                        location: file.at(table.span()),
                        message: "only sources have author, published, date or url".into(),
                    });
                }
                entity.source = Some(SourceInfo {
                    author: doc.author.as_deref().map(String::from),
                    published: doc.published.as_deref().map(String::from),
                    date: doc.date.as_ref().map(|d| file.date(d)).transpose()?,
                    url: doc.url.as_deref().map(String::from),
                });
            }
            graph
                .add_entity(entity)
                .map_err(|error| file.graph_error(doc.id.span(), error))?;
            Ok(())
        })();
        if errors.note(result) {
            return true;
        }
    }
    for table in &doc.event {
        let result = (|| -> Result<(), LoadError> {
            let doc = table.get_ref();
            let schema = graph.schema();
            let event_kind = schema.event_kind_named(doc.kind.get_ref()).ok_or_else(|| {
                let names = schema.event_kinds().iter().map(|k| k.name.as_str());
                file.graph_error(
                    doc.kind.span(),
                    unknown_name("event kind", doc.kind.get_ref(), names),
                )
            })?;
            let mut entity =
                Entity::new(file.slug(&doc.id)?, schema.event_kind(), doc.name.owned());
            entity.aliases = doc.aliases.iter().map(|a| a.owned()).collect();
            entity.description = doc.description.as_deref().map(String::from);
            entity.event_kind = Some(event_kind);
            graph
                .add_entity(entity)
                .map_err(|error| file.graph_error(doc.id.span(), error))?;
            Ok(())
        })();
        if errors.note(result) {
            return true;
        }
    }
    false
}

fn kind_of(graph: &Graph, file: &File, name: &Spanned<Text>) -> Result<KindId, LoadError> {
    let schema = graph.schema();
    schema.kind(name.get_ref()).ok_or_else(|| {
        let names = schema.kinds().iter().map(|k| k.name.as_str());
        file.graph_error(name.span(), unknown_name("kind", name.get_ref(), names))
    })
}

/// Adds the claims of `doc`, a file or a group of its tables: its events' dates, places and
/// participants, its claims and its quotes; true once the load has as many errors as it
/// reports (the file's other tables are then skipped).
fn add_claims(
    graph: &mut Graph,
    file: &File,
    doc: &DataDoc,
    errors: &mut Errors,
    tick: &mut dyn FnMut(),
) -> bool {
    for table in &doc.event {
        tick();
        let result = (|| -> Result<(), LoadError> {
            let doc = table.get_ref();
            let event = file.entity(graph, &doc.id)?;
            let supported = file.support(graph, support!(doc), table.span())?;
            let claim = |fact| supported.claim(fact, None);
            if let Some(date) = &doc.date {
                let fact = Fact::Occurred {
                    event,
                    date: file.date(date)?,
                };
                add(graph, file, date.span(), claim(fact))?;
            }
            if let Some(place) = &doc.place {
                let fact = place_fact(graph, file, event, place)?;
                add(graph, file, place.span(), claim(fact))?;
            }
            for (role, participants) in &doc.participants {
                for participant in participants {
                    let fact = Fact::Participation {
                        event,
                        role: role.owned(),
                        participant: file.entity(graph, participant)?,
                    };
                    add(graph, file, participant.span(), claim(fact))?;
                }
            }
            Ok(())
        })();
        if errors.note(result) {
            return true;
        }
    }
    for table in &doc.claim {
        tick();
        let result = (|| -> Result<(), LoadError> {
            let doc = table.get_ref();
            let fact = claim_fact(graph, file, doc, table.span())?;
            let supported = file.support(graph, support!(doc), table.span())?;
            let label = doc.id.as_ref().map(|id| id.get_ref().owned());
            let claim = supported.into_claim(fact, label);
            let spans = FieldSpans {
                table: table.span(),
                id: span_of(&doc.id),
                subject: span_of(&doc.subject).or(span_of(&doc.event)),
                object: span_of(&doc.object).or(span_of(&doc.place)),
                relation: span_of(&doc.relation),
                role: span_of(&doc.role),
                value: doc.value.as_ref().map(|v| v.span()),
                citation: first_citation(&doc.sources, &doc.cite),
            };
            graph
                .add_claim(claim)
                .map_err(|error| file.graph_error(spans.pick(&error), error))?;
            Ok(())
        })();
        if errors.note(result) {
            return true;
        }
    }
    for table in &doc.quote {
        tick();
        let result = (|| -> Result<(), LoadError> {
            let doc = table.get_ref();
            let fact = Fact::Said {
                speaker: file.entity(graph, &doc.speaker)?,
                words: doc.words.owned(),
                date: doc.date.as_ref().map(|d| file.date(d)).transpose()?,
                occasion: doc
                    .occasion
                    .as_ref()
                    .map(|o| file.entity(graph, o))
                    .transpose()?,
            };
            let supported = file.support(graph, support!(doc), table.span())?;
            let claim = supported.into_claim(fact, doc.id.as_ref().map(|id| id.get_ref().owned()));
            let spans = FieldSpans {
                table: table.span(),
                id: span_of(&doc.id),
                subject: Some(doc.speaker.span()),
                object: span_of(&doc.occasion),
                citation: first_citation(&doc.sources, &doc.cite),
                ..FieldSpans::default()
            };
            graph
                .add_claim(claim)
                .map_err(|error| file.graph_error(spans.pick(&error), error))?;
            Ok(())
        })();
        if errors.note(result) {
            return true;
        }
    }
    false
}

/// Where the fields of a claim-making table are, so that a refused claim is reported at the
/// field that caused it rather than at the table.
#[derive(Default)]
struct FieldSpans {
    table: Range<usize>,
    id: Option<Range<usize>>,
    subject: Option<Range<usize>>,
    object: Option<Range<usize>>,
    relation: Option<Range<usize>>,
    role: Option<Range<usize>>,
    value: Option<Range<usize>>,
    citation: Option<Range<usize>>,
}

impl FieldSpans {
    fn pick(&self, error: &GraphError) -> Range<usize> {
        let field = match error {
            GraphError::WrongKind { field, .. } => match field {
                ClaimField::Subject | ClaimField::Event => &self.subject,
                ClaimField::Object | ClaimField::Occasion => &self.object,
                ClaimField::Source => &self.citation,
            },
            GraphError::UnknownRole { .. } => &self.role,
            GraphError::WrongTarget { .. } => {
                if self.value.is_some() {
                    &self.value
                } else if self.object.is_some() {
                    &self.object
                } else {
                    &self.relation
                }
            }
            GraphError::DuplicateLabel { .. } => &self.id,
            _ => &None,
        };
        field.clone().unwrap_or_else(|| self.table.clone())
    }
}

fn span_of<T, S: std::borrow::Borrow<Spanned<T>>>(field: &Option<S>) -> Option<Range<usize>> {
    field.as_ref().map(|s| s.borrow().span())
}

fn first_citation(
    sources: &Option<Vec<Spanned<Text>>>,
    cite: &Option<Vec<Spanned<CiteDoc>>>,
) -> Option<Range<usize>> {
    let source = sources.as_ref().and_then(|s| s.first()).map(Spanned::span);
    source.or_else(|| cite.as_ref().and_then(|c| c.first()).map(Spanned::span))
}

fn add(graph: &mut Graph, file: &File, span: Range<usize>, claim: Claim) -> Result<(), LoadError> {
    graph
        .add_claim(claim)
        .map(|_| ())
        .map_err(|error| file.graph_error(span, error))
}

fn parse_toml<'a, T: Deserialize<'a>>(path: &Path, text: &'a str) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|error| {
        let message = error.message().trim_end();
        // The reader gives no place when it gives up on depth: find the deepest line.
        if error.span().is_none() && message.contains("recursion limit") {
            let (offset, line) = deepest_line(text);
            return LoadError::Syntax {
                location: Location::at(path, text, offset),
                message: format!(
                    "keys or values nested too deeply ({} levels on this line): the TOML reader stops at its recursion limit",
                    nesting_of(line)
                ),
            };
        }
        LoadError::Syntax {
            location: Location::at(path, text, error.span().map_or(0, |s| s.start)),
            message: message.to_owned(),
        }
    })
}
