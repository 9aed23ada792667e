//! Wikidata's entity JSON (the format of `Special:EntityData/Q….json`, of the `wbgetentities`
//! API and of the dumps) into claims, by a small TOML mapping of properties onto the schema.
//!
//! Each item becomes an entity of the mapping's kind (found again by its id in
//! `[items]`, or made from its label). Each statement of a mapped property becomes claims:
//! an item value a link (`relation`), a time value an event of a kind (`event`: the item took
//! part in it as its patient, and it happened at that time), a string a text value. The
//! statement's rank becomes the claim's rank; qualifiers start time (P580) and end time (P582)
//! together, or point in time (P585), become the time the link held (a start or end alone is
//! kept in the note: annals has no half-open period); a time value keeps its precision (day,
//! month, year, decade) and calendar (Julian as Old Style). Each reference is a citation:
//! of the item it is stated in (P248), known through Wikidata, or of Wikidata itself when it
//! has none; its reference URL (P854) and the statement's id are the locator. A statement with
//! no reference cites Wikidata and is *unverified*. What cannot be mapped (a value of another
//! type, a time coarser than a decade, a BCE year, an unmapped property) is counted in the
//! report's `skipped`, never guessed.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;
use serde_json::Value as Json;

use super::{ImportError, ImportReport, capitalize, unique_slug};
use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, Date, Entity, EntityId, Fact, Rank, SourceInfo, Value,
};

/// Gregorian and Julian, as Wikidata's calendar models name them.
const GREGORIAN: &str = "http://www.wikidata.org/entity/Q1985727";
const JULIAN: &str = "http://www.wikidata.org/entity/Q1985786";

/// How Wikidata's properties map onto a dataset's schema: a TOML file.
///
/// ```toml
/// language = "en"              # labels and aliases in this language (default "en")
/// kind = "person"              # the kind of the items the file describes
/// [items]                      # items that are already entities of the dataset
/// Q1394 = "lenin"
/// [[property]]
/// id = "P570"                  # date of death
/// event = "death"
/// [[property]]
/// id = "P463"                  # member of
/// relation = "member_of"
/// object_kind = "institution"  # the kind of an item value not yet in the dataset
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WikidataMapping {
    /// The language of labels and aliases.
    #[serde(default = "english")]
    pub language: String,
    /// The kind of the items described.
    pub kind: String,
    /// Wikidata ids of items that are entities of the dataset already, with their ids there.
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    /// The mapped properties.
    #[serde(default, rename = "property")]
    pub properties: Vec<PropertySpec>,
}

fn english() -> String {
    "en".into()
}

/// One property: a relation (item or string values) or an event kind (time values).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertySpec {
    /// The property's id (`P570`).
    pub id: String,
    /// The relation its item or string values give.
    pub relation: Option<String>,
    /// The event kind its time values date.
    pub event: Option<String>,
    /// The kind of an item value not yet in the dataset (default: the items' kind).
    pub object_kind: Option<String>,
}

impl FromStr for WikidataMapping {
    type Err = ImportError;

    /// Cost: O(length of the text).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        super::mapping_from_toml(text)
    }
}

#[derive(Deserialize)]
struct Item {
    id: String,
    #[serde(default)]
    labels: BTreeMap<String, Term>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<Term>>,
    #[serde(default)]
    claims: BTreeMap<String, Vec<Statement>>,
}

#[derive(Deserialize)]
struct Term {
    value: String,
}

#[derive(Deserialize)]
struct Statement {
    id: Option<String>,
    mainsnak: Snak,
    #[serde(default)]
    qualifiers: BTreeMap<String, Vec<Snak>>,
    #[serde(default)]
    references: Vec<Reference>,
    rank: String,
}

#[derive(Deserialize)]
struct Snak {
    snaktype: String,
    datavalue: Option<DataValue>,
}

#[derive(Deserialize)]
struct DataValue {
    #[serde(rename = "type")]
    kind: String,
    value: Json,
}

#[derive(Deserialize)]
struct Reference {
    #[serde(default)]
    snaks: BTreeMap<String, Vec<Snak>>,
}

/// Imports the items of `json` (an `{"entities": {…}}` document, one entity, or a dump's array
/// of entities) into `graph` by `mapping`, citing `file` (the name the locators give).
/// All or nothing: on an error the graph is unchanged.
///
/// Cost: O(size of the JSON) to parse, plus a copy of the graph (the import works on it and
/// swaps it in on success) and O(name lookups) per statement.
///
/// # Errors
///
/// [`ImportError`] at the JSON's line and column when it does not parse or is not entity
/// JSON; at the mapping when it names a kind, relation, event kind or entity the dataset does
/// not have, or a property with neither `relation` nor `event`; and when the graph refuses a
/// claim (a kind a relation does not allow).
///
/// ```
/// // Q42 as the Wikidata API returned it (tests/import/wikidata/README.md says from where).
/// let mut graph = annals::load("tests/import/wikidata/dataset")?;
/// let json = std::fs::read_to_string("tests/import/wikidata/Q42.json")?;
/// let mapping: annals::import::WikidataMapping = r#"
/// kind = "person"
/// [[property]]
/// id = "P570"
/// event = "death"
/// "#.parse()?;
/// let report = annals::import::wikidata(&mut graph, &json, "Q42.json", &mapping)?;
/// assert_eq!(graph.query("\"Douglas Adams\" died in 2001")?.rows().len(), 1);
/// assert!(report.skipped.iter().any(|s| s.contains("P31 is not mapped")));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn wikidata(
    graph: &mut Graph,
    json: &str,
    file: &str,
    mapping: &WikidataMapping,
) -> Result<ImportReport, ImportError> {
    let mut work = graph.clone();
    let report = import(&mut work, json, file, mapping)?;
    *graph = work;
    Ok(report)
}

fn items(json: &str, file: &str) -> Result<Vec<Item>, ImportError> {
    let doc: Json = serde_json::from_str(json)
        .map_err(|e| ImportError::at(file, e.line(), e.column(), &e.to_string()))?;
    let not_entities = |e: serde_json::Error| ImportError::at(file, 0, 0, &e.to_string());
    match doc {
        Json::Object(mut map) if map.contains_key("entities") => {
            let entities = map.remove("entities").unwrap_or(Json::Null);
            let items: BTreeMap<String, Item> =
                serde_json::from_value(entities).map_err(not_entities)?;
            Ok(items.into_values().collect())
        }
        Json::Array(_) => serde_json::from_value(doc).map_err(not_entities),
        _ => Ok(vec![serde_json::from_value(doc).map_err(not_entities)?]),
    }
}

fn import(
    graph: &mut Graph,
    json: &str,
    file: &str,
    m: &WikidataMapping,
) -> Result<ImportReport, ImportError> {
    let items = items(json, file)?;
    let schema = graph.schema().clone();
    let mapping_error = |message: String| ImportError::at("mapping", 0, 0, &message);
    let kind_named = |name: &str| {
        schema
            .kind(name)
            .ok_or_else(|| mapping_error(format!("unknown kind {name:?}")))
    };
    let kind = kind_named(&m.kind)?;
    let mut report = ImportReport::default();
    let mut known: BTreeMap<String, EntityId> = BTreeMap::new();
    for (qid, slug) in &m.items {
        let id = graph
            .by_slug(slug)
            .ok_or_else(|| mapping_error(format!("no entity {slug:?} for {qid}")))?;
        known.insert(qid.clone(), id);
    }
    let label = |item: &Item| {
        item.labels
            .get(&m.language)
            .map(|t| t.value.clone())
            .unwrap_or_else(|| item.id.clone())
    };
    // The items themselves first, so that a statement about one may name another.
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    for item in &items {
        labels.insert(item.id.clone(), label(item));
    }
    for item in &items {
        if known.contains_key(&item.id) {
            continue;
        }
        let name = label(item);
        let mut entity = Entity::new(unique_slug(graph, &name), kind, name);
        entity.aliases = item
            .aliases
            .get(&m.language)
            .map(|a| a.iter().map(|t| t.value.clone()).collect())
            .unwrap_or_default();
        entity.aliases.push(item.id.clone());
        entity.description = Some(format!("Wikidata item {}", item.id));
        let id = graph
            .add_entity(entity)
            .map_err(|e| ImportError::at(file, 0, 0, &e.to_string()))?;
        report.created.push(id);
        known.insert(item.id.clone(), id);
    }
    let wikidata = source(graph, &mut report, "wikidata", "Wikidata", |info| {
        info.url = Some("https://www.wikidata.org/".into());
    })?;
    for item in &items {
        let subject = known[&item.id];
        for (property, statements) in &item.claims {
            let Some(spec) = m.properties.iter().find(|p| &p.id == property) else {
                report
                    .skipped
                    .push(format!("{}: {property} is not mapped", item.id));
                continue;
            };
            for statement in statements {
                report.rows += 1;
                let at = statement.id.clone().unwrap_or_else(|| item.id.clone());
                let skip = |report: &mut ImportReport, why: &str| {
                    report.skipped.push(format!("{at} ({property}): {why}"));
                };
                let Some(value) = statement
                    .mainsnak
                    .datavalue
                    .as_ref()
                    .filter(|_| statement.mainsnak.snaktype == "value")
                else {
                    skip(&mut report, "no value (unknown or none)");
                    continue;
                };
                // Citations: one per reference.
                let mut citations = Vec::new();
                for reference in &statement.references {
                    let stated_in = first_item(reference.snaks.get("P248"));
                    let url = reference
                        .snaks
                        .get("P854")
                        .and_then(|s| s.first())
                        .and_then(|s| s.datavalue.as_ref())
                        .and_then(|v| v.value.as_str().map(str::to_owned));
                    let mut locator = format!("{file}, statement {at}");
                    if let Some(url) = &url {
                        locator.push_str(&format!(", reference URL {url}"));
                    }
                    let mut citation = match stated_in {
                        Some(q) => {
                            let slug = format!("wikidata-{}", q.to_lowercase());
                            let name = format!("Wikidata item {q}");
                            let id = source(graph, &mut report, &slug, &name, |info| {
                                info.url = Some(format!("https://www.wikidata.org/wiki/{q}"));
                            })?;
                            let mut c = Citation::new(id);
                            c.via = Some(wikidata);
                            c
                        }
                        None => Citation::new(wikidata),
                    };
                    citation.locator = Some(locator);
                    citations.push(citation);
                }
                let unreferenced = citations.is_empty();
                if unreferenced {
                    let mut c = Citation::new(wikidata);
                    c.locator = Some(format!("{file}, statement {at} (no reference)"));
                    citations.push(c);
                }
                let rank = match statement.rank.as_str() {
                    "preferred" => Rank::Preferred,
                    "deprecated" => Rank::Deprecated,
                    _ => Rank::Normal,
                };
                let mut notes: Vec<String> = Vec::new();
                let time_of = |p: &str| {
                    statement
                        .qualifiers
                        .get(p)
                        .and_then(|s| s.first())
                        .and_then(|s| s.datavalue.as_ref())
                        .filter(|v| v.kind == "time")
                        .map(|v| time(&v.value))
                };
                let during = match (time_of("P580"), time_of("P582"), time_of("P585")) {
                    (_, _, Some(Ok(point))) => Some(point),
                    (Some(Ok(start)), Some(Ok(end)), _) => {
                        match format!("{start}/{end}").parse::<Date>() {
                            Ok(period) => Some(period),
                            Err(_) => {
                                notes.push(format!(
                                    "start time (P580) {start}, end time (P582) {end}"
                                ));
                                None
                            }
                        }
                    }
                    (start, end, _) => {
                        if let Some(Ok(start)) = start {
                            notes.push(format!("start time (P580) {start}, no end given"));
                        }
                        if let Some(Ok(end)) = end {
                            notes.push(format!("end time (P582) {end}, no start given"));
                        }
                        None
                    }
                };
                let claim = |fact: Fact, notes: &[String]| {
                    let mut claim = Claim::new(fact, wikidata);
                    claim.citations = citations.clone();
                    claim.rank = rank;
                    if rank == Rank::Deprecated {
                        claim.rank_reason = Some("deprecated in Wikidata".into());
                    }
                    if unreferenced {
                        claim.certainty = Certainty::Unverified;
                    }
                    let mut notes = notes.to_vec();
                    if unreferenced {
                        notes.push("Wikidata gives no reference".into());
                    }
                    if !notes.is_empty() {
                        claim.note = Some(notes.join("; "));
                    }
                    claim
                };
                let refused = |e: crate::store::GraphError| {
                    ImportError::at(file, 0, 0, &format!("{at}: {e}"))
                };
                match (value.kind.as_str(), &spec.event, &spec.relation) {
                    ("time", Some(event_kind), _) => {
                        let date = match time(&value.value) {
                            Ok(d) => d,
                            Err(why) => {
                                skip(&mut report, &why);
                                continue;
                            }
                        };
                        let ek = schema.event_kind_named(event_kind).ok_or_else(|| {
                            mapping_error(format!("unknown event kind {event_kind:?}"))
                        })?;
                        let patient = schema.event_kind_def(ek).patient.clone();
                        let existing = graph
                            .participations(subject)
                            .find(|(_, role, event)| {
                                graph.event_kind_of(*event) == Some(ek) && *role == patient
                            })
                            .map(|(_, _, event)| event);
                        let event = match existing {
                            Some(e) => e,
                            None => {
                                let base = format!("{event_kind}-of-{}", graph.slug_of(subject));
                                let name = format!(
                                    "{} of {}",
                                    capitalize(event_kind),
                                    graph.name_of(subject)
                                );
                                let mut entity = Entity::new(
                                    unique_slug(graph, &base),
                                    schema.event_kind(),
                                    name,
                                );
                                entity.event_kind = Some(ek);
                                let id = graph.add_entity(entity).map_err(refused)?;
                                report.created.push(id);
                                let part = Fact::Participation {
                                    event: id,
                                    role: patient,
                                    participant: subject,
                                };
                                report
                                    .claims
                                    .push(graph.add_claim(claim(part, &[])).map_err(refused)?);
                                id
                            }
                        };
                        let fact = Fact::Occurred { event, date };
                        report
                            .claims
                            .push(graph.add_claim(claim(fact, &notes)).map_err(refused)?);
                    }
                    ("wikibase-entityid", _, Some(relation_name)) => {
                        let relation = schema.relation(relation_name).ok_or_else(|| {
                            mapping_error(format!("unknown relation {relation_name:?}"))
                        })?;
                        let Some(q) = value.value.get("id").and_then(Json::as_str) else {
                            skip(&mut report, "an entity value without an id");
                            continue;
                        };
                        let object = match known.get(q) {
                            Some(id) => *id,
                            None => {
                                let object_kind = match &spec.object_kind {
                                    Some(k) => kind_named(k)?,
                                    None => kind,
                                };
                                let name = labels.get(q).cloned().unwrap_or_else(|| q.to_owned());
                                let mut entity =
                                    Entity::new(unique_slug(graph, &name), object_kind, name);
                                entity.aliases.push(q.to_owned());
                                entity.description = Some(format!("Wikidata item {q}"));
                                let id = graph.add_entity(entity).map_err(refused)?;
                                report.created.push(id);
                                known.insert(q.to_owned(), id);
                                id
                            }
                        };
                        let fact = Fact::Link {
                            subject,
                            relation,
                            object,
                            role: None,
                            during: during.clone(),
                        };
                        report
                            .claims
                            .push(graph.add_claim(claim(fact, &notes)).map_err(refused)?);
                    }
                    ("string" | "monolingualtext", _, Some(relation_name)) => {
                        let relation = schema.relation(relation_name).ok_or_else(|| {
                            mapping_error(format!("unknown relation {relation_name:?}"))
                        })?;
                        let text = match &value.value {
                            Json::String(s) => s.clone(),
                            other => other
                                .get("text")
                                .and_then(Json::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        };
                        let fact = Fact::Value {
                            subject,
                            relation,
                            value: Value::Text(text),
                            role: None,
                            at: during.clone(),
                        };
                        report
                            .claims
                            .push(graph.add_claim(claim(fact, &notes)).map_err(refused)?);
                    }
                    (kind, None, None) => {
                        return Err(mapping_error(format!(
                            "property {} needs `relation` or `event` (its values are {kind})",
                            spec.id
                        )));
                    }
                    (kind, _, _) => skip(
                        &mut report,
                        &format!("a value of type {kind} does not fit the mapping"),
                    ),
                }
            }
        }
    }
    Ok(report)
}

/// The first item named by a reference's snaks (`P248` stated in).
fn first_item(snaks: Option<&Vec<Snak>>) -> Option<String> {
    snaks?
        .iter()
        .filter_map(|s| s.datavalue.as_ref())
        .find_map(|v| v.value.get("id").and_then(Json::as_str).map(str::to_owned))
}

/// A source entity by id, made with `name` (and `fill`) when the dataset has none.
fn source(
    graph: &mut Graph,
    report: &mut ImportReport,
    slug: &str,
    name: &str,
    fill: impl FnOnce(&mut SourceInfo),
) -> Result<EntityId, ImportError> {
    if let Some(id) = graph.by_slug(slug) {
        return Ok(id);
    }
    let parsed = slug
        .parse()
        .map_err(|e: crate::model::SlugError| ImportError::at("mapping", 0, 0, &e.to_string()))?;
    let mut entity = Entity::new(parsed, graph.schema().source_kind(), name);
    let mut info = SourceInfo::default();
    fill(&mut info);
    entity.source = Some(info);
    let id = graph
        .add_entity(entity)
        .map_err(|e| ImportError::at("mapping", 0, 0, &e.to_string()))?;
    report.created.push(id);
    Ok(id)
}

/// A Wikidata time value as a [`Date`] of the same precision and calendar: `+1952-03-11T…`
/// at precision 11 is `1952-03-11`, at 9 `1952`, at 8 the decade `1950s`; a Julian one is Old
/// Style. Coarser precisions and years before 1 have no [`Date`]. Cost: O(1).
fn time(value: &Json) -> Result<Date, String> {
    let text = value
        .get("time")
        .and_then(Json::as_str)
        .ok_or("a time value without a time")?;
    let precision = value
        .get("precision")
        .and_then(Json::as_u64)
        .ok_or("a time value without a precision")?;
    let calendar = value
        .get("calendarmodel")
        .and_then(Json::as_str)
        .unwrap_or(GREGORIAN);
    let Some(rest) = text.strip_prefix('+') else {
        return Err(format!("{text}: a year before 1 has no date here"));
    };
    let (year, rest) = rest.split_once('-').ok_or("a time without a year")?;
    let (month, rest) = rest.split_once('-').ok_or("a time without a month")?;
    let day = rest.get(..2).ok_or("a time without a day")?;
    let year: u32 = year.parse().map_err(|_| format!("{text}: no year"))?;
    let date = match precision {
        11 => format!("{year:04}-{month}-{day}"),
        10 => format!("{year:04}-{month}"),
        9 => format!("{year:04}"),
        8 => format!("{:04}s", year - year % 10),
        _ => {
            return Err(format!(
                "{text}: precision {precision} is coarser than a decade"
            ));
        }
    };
    let date = match calendar {
        GREGORIAN => date,
        JULIAN if precision >= 9 => format!("{date} OS"),
        JULIAN => date,
        other => {
            return Err(format!(
                "{text}: calendar model {other} is neither Gregorian nor Julian"
            ));
        }
    };
    date.parse()
        .map_err(|e: crate::model::DateError| e.to_string())
}
