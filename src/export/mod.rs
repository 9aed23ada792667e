//! RDF export (feature `rdf`): a graph's claims as statement nodes in Wikidata's pattern, so that
//! every claim keeps its sources, rank and certainty, written as Turtle or N-Triples with
//! Oxigraph's `oxrdf`/`oxttl`.
//!
//! # The shape
//!
//! For a claim `bukharin member_of cc-1917 as full member during 1917-08/1918-03`, cited to a
//! source at a locator:
//!
//! ```text
//! ent:bukharin p:member_of stmt:c42 .
//! stmt:c42 a wikibase:Statement ; ps:member_of ent:cc-1917 ;
//!     pq:P3831 "full member" ;                       # object has role
//!     pqv:P580 [ wikibase:timeValue "1917-08-01T00:00:00Z"^^xsd:dateTime ;
//!                wikibase:timePrecision 10 ; wikibase:timeCalendarModel wd:Q1985727 ] ;
//!     pqv:P582 [ … "1918-03-01T00:00:00Z" … ] ;    # a month: its first day, precision 10
//!     annals:duringText "1917-08/1918-03" ; annals:earliest "1917-08-01"^^xsd:date ;
//!     annals:latest "1918-03-31"^^xsd:date ;
//!     wikibase:rank wikibase:NormalRank ; annals:certainty "asserted" ;
//!     prov:wasDerivedFrom ref:c42-0 .
//! ref:c42-0 pr:P248 ent:org1917-biografie ; pr:P304 "Biografie_Rykov" .
//! ```
//!
//! - The structure (`p:`/`ps:`/`pq:`/`pqv:`, `wikibase:rank`, time values with precision and
//!   calendar model, `prov:wasDerivedFrom` references) is Wikibase's RDF model; qualifiers and
//!   reference properties that Wikidata has are Wikidata's: P580 start time, P582 end time,
//!   P585 point in time, P1319 earliest date, P1326 latest date, P3831 object has role,
//!   P248 stated in, P304 page(s), P1683 quotation, with Wikidata's calendar items
//!   (Q1985727 proleptic Gregorian, Q1985786 proleptic Julian). Time values are Gregorian,
//!   as in Wikidata's RDF, with the calendar the source used as the model.
//! - The dataset's own vocabulary (its relations, `occurred`, `participant`, kinds and event
//!   kinds) lives under the base IRI, since no mapping to Wikidata properties exists for it.
//! - Every date also carries its text as the source gave it (`annals:…Text`) and its first and
//!   last possible day (`annals:earliest`, `annals:latest`, absent when open): three-valued
//!   date questions need both bounds, which Wikidata's time values do not give.
//! - `wdt:`-style direct triples (`wdt:member_of`, under the base IRI) are written for every
//!   claim that is not deprecated (Wikidata's "truthy" triples keep only the best rank; here a
//!   normal claim beside a preferred one keeps its direct triple, and the ranks are on the
//!   statements).
//! - Sources carry `dct:title`, `dct:creator`, `dct:publisher`, `dct:issued` and
//!   `schema:url` (and `annals:issuedEarliest`, `annals:issuedLatest`); an entity's period
//!   (a body's term) its `annals:periodText`, `annals:periodEarliest` and `annals:periodLatest`.
//!
//! Inferred claims (the reasoned layer) are not exported: the export is of what sources say.

mod sparql;

use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxttl::{NTriplesSerializer, TurtleSerializer};

use crate::Graph;
use crate::model::{Calendar, Citation, Claim, ClaimId, Date, Fact, Precision, Rank, Value};

pub use sparql::{SparqlError, to_sparql};

/// Namespaces of the export.
pub mod ns {
    /// Wikibase's ontology.
    pub const WIKIBASE: &str = "http://wikiba.se/ontology#";
    /// Wikidata's entities (calendar models).
    pub const WD: &str = "http://www.wikidata.org/entity/";
    /// Wikidata's qualifier properties.
    pub const PQ: &str = "http://www.wikidata.org/prop/qualifier/";
    /// Wikidata's qualifier value properties (full time values).
    pub const PQV: &str = "http://www.wikidata.org/prop/qualifier/value/";
    /// Wikidata's reference properties.
    pub const PR: &str = "http://www.wikidata.org/prop/reference/";
    /// W3C PROV.
    pub const PROV: &str = "http://www.w3.org/ns/prov#";
    /// Dublin Core terms.
    pub const DCT: &str = "http://purl.org/dc/terms/";
    /// schema.org.
    pub const SCHEMA: &str = "http://schema.org/";
    /// The default base IRI of a dataset's own vocabulary and entities.
    pub const DEFAULT_BASE: &str = "urn:annals:";
}

/// Where the dataset's own names go: entities, statements, its properties and kinds.
#[derive(Clone, Debug)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    fn default() -> Self {
        Iris::new(ns::DEFAULT_BASE)
    }
}

impl Iris {
    /// Names under `base` (`urn:annals:`, `https://example.org/annals/`). Cost: O(1).
    pub fn new(base: impl Into<String>) -> Iris {
        Iris { base: base.into() }
    }

    /// The base IRI. Cost: O(1).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The prefixes of the export: name and IRI. Cost: O(1) (sixteen short strings, built on each
    /// call).
    pub fn prefixes(&self) -> Vec<(&'static str, String)> {
        let b = &self.base;
        vec![
            ("ent", format!("{b}entity/")),
            ("stmt", format!("{b}statement/")),
            ("ref", format!("{b}reference/")),
            ("p", format!("{b}prop/")),
            ("ps", format!("{b}prop/statement/")),
            ("wdt", format!("{b}prop/direct/")),
            ("kind", format!("{b}kind/")),
            ("annals", format!("{b}vocab#")),
            ("wikibase", ns::WIKIBASE.into()),
            ("wd", ns::WD.into()),
            ("pq", ns::PQ.into()),
            ("pqv", ns::PQV.into()),
            ("pr", ns::PR.into()),
            ("prov", ns::PROV.into()),
            ("dct", ns::DCT.into()),
            ("schema", ns::SCHEMA.into()),
            (
                "rdfs",
                rdfs::LABEL.as_str().trim_end_matches("label").into(),
            ),
            (
                "xsd",
                xsd::STRING.as_str().trim_end_matches("string").into(),
            ),
        ]
    }

    fn iri(&self, path: &str, name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{path}{}", self.base, encode(name)))
    }
    /// An entity's IRI, by slug. Cost: O(length of the IRI).
    pub fn entity(&self, slug: &str) -> NamedNode {
        self.iri("entity/", slug)
    }
    /// A claim's statement node. Cost: O(length of the IRI).
    pub fn statement(&self, claim: ClaimId) -> NamedNode {
        self.iri("statement/", &format!("c{}", claim.index()))
    }
    /// `p:NAME`: from an entity to its statements. Cost: O(length of the IRI).
    pub fn p(&self, name: &str) -> NamedNode {
        self.iri("prop/", name)
    }
    /// `ps:NAME`: from a statement to its value. Cost: O(length of the IRI).
    pub fn ps(&self, name: &str) -> NamedNode {
        self.iri("prop/statement/", name)
    }
    /// `wdt:NAME`: the direct triple of a claim that counts. Cost: O(length of the IRI).
    pub fn direct(&self, name: &str) -> NamedNode {
        self.iri("prop/direct/", name)
    }
    /// A kind or event kind as a class. Cost: O(length of the IRI).
    pub fn kind(&self, name: &str) -> NamedNode {
        self.iri("kind/", name)
    }
    /// A term of annals' own vocabulary (`certainty`, `earliest`). Cost: O(length of the IRI).
    pub fn vocab(&self, name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}vocab#{name}", self.base))
    }
}

/// Percent-encodes what may not stand in an IRI path segment.
fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || "-_.~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn named(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// The graph's entities, claims and sources as RDF triples (see the module docs for the
/// shape). Recorded claims only. Cost: O(size of the graph).
///
/// ```
/// let graph = annals::load("data")?;
/// let triples = annals::export::triples(&graph, &annals::export::Iris::default());
/// assert!(triples.len() > graph.n_claims());
/// # Ok::<_, annals::Error>(())
/// ```
pub fn triples(graph: &Graph, iris: &Iris) -> Vec<Triple> {
    let mut out = Vec::new();
    let schema = graph.schema();
    let t = |out: &mut Vec<Triple>, s: NamedOrBlankNode, p: NamedNode, o: Term| {
        out.push(Triple::new(s, p, o));
    };
    for (_, entity) in graph.entity_views() {
        let s: NamedOrBlankNode = iris.entity(entity.slug).into();
        let kind = &schema.kind_def(entity.kind).name;
        t(
            &mut out,
            s.clone(),
            rdf::TYPE.into(),
            iris.kind(kind).into(),
        );
        if let Some(ek) = entity.event_kind {
            let name = &schema.event_kind_def(ek).name;
            t(
                &mut out,
                s.clone(),
                rdf::TYPE.into(),
                iris.kind(name).into(),
            );
        }
        t(
            &mut out,
            s.clone(),
            rdfs::LABEL.into(),
            Literal::new_simple_literal(entity.name).into(),
        );
        for alias in entity.aliases {
            t(
                &mut out,
                s.clone(),
                named(ns::SCHEMA, "alternateName"),
                Literal::new_simple_literal(alias).into(),
            );
        }
        if let Some(d) = entity.description {
            t(
                &mut out,
                s.clone(),
                named(ns::SCHEMA, "description"),
                Literal::new_simple_literal(d).into(),
            );
        }
        // The time an entity existed (a body's term), which a walk in a time falls back on when
        // a link gives no time of its own.
        if let Some(period) = entity.period {
            let lit = Literal::new_simple_literal(period.to_string());
            t(&mut out, s.clone(), iris.vocab("periodText"), lit.into());
            date_bounds(&mut out, &s, iris, period, "period");
        }
        if let Some(info) = entity.source {
            t(
                &mut out,
                s.clone(),
                named(ns::DCT, "title"),
                Literal::new_simple_literal(entity.name).into(),
            );
            if let Some(a) = &info.author {
                let lit = Literal::new_simple_literal(a);
                t(&mut out, s.clone(), named(ns::DCT, "creator"), lit.into());
            }
            if let Some(p) = &info.published {
                let lit = Literal::new_simple_literal(p);
                t(&mut out, s.clone(), named(ns::DCT, "publisher"), lit.into());
            }
            if let Some(d) = &info.date {
                let lit = Literal::new_simple_literal(d.to_string());
                t(&mut out, s.clone(), named(ns::DCT, "issued"), lit.into());
                date_bounds(&mut out, &s, iris, d, "issued");
            }
            if let Some(u) = &info.url {
                let lit = Literal::new_simple_literal(u);
                t(&mut out, s.clone(), named(ns::SCHEMA, "url"), lit.into());
            }
        }
    }
    for (id, claim) in graph.claim_views() {
        if graph.derivation(id).is_some() {
            continue;
        }
        // Built for its statement and dropped: exporting fills no cache of `Graph::claim`.
        statement(&mut out, graph, iris, id, &claim.to_claim());
    }
    out
}

/// Whether a claim gets a direct triple: it is not deprecated.
fn counts(claim: &Claim) -> bool {
    claim.rank != Rank::Deprecated
}

fn statement(out: &mut Vec<Triple>, graph: &Graph, iris: &Iris, id: ClaimId, claim: &Claim) {
    let schema = graph.schema();
    let stmt: NamedOrBlankNode = iris.statement(id).into();
    let ent = |e| iris.entity(graph.slug_of(e));
    let push = |out: &mut Vec<Triple>, s: &NamedOrBlankNode, p: NamedNode, o: Term| {
        out.push(Triple::new(s.clone(), p, o));
    };
    // (subject, property, value, qualifiers)
    let (subject, property, value): (NamedNode, String, Term) = match &claim.fact {
        Fact::Link {
            subject,
            relation,
            object,
            ..
        } => (
            ent(*subject),
            schema.relation_def(*relation).name.clone(),
            ent(*object).into(),
        ),
        Fact::Value {
            subject,
            relation,
            value,
            ..
        } => {
            let lit = match value {
                Value::Number(q) => Literal::new_simple_literal(q.to_string()),
                Value::Text(t) => Literal::new_simple_literal(t),
                Value::Date(d) => Literal::new_simple_literal(d.to_string()),
            };
            (
                ent(*subject),
                schema.relation_def(*relation).name.clone(),
                lit.into(),
            )
        }
        Fact::Occurred { event, date } => (
            ent(*event),
            "occurred".into(),
            Literal::new_simple_literal(date.to_string()).into(),
        ),
        Fact::Participation {
            event, participant, ..
        } => (ent(*event), "participant".into(), ent(*participant).into()),
        Fact::Never {
            subject,
            event_kind,
            ..
        } => (
            ent(*subject),
            "never".into(),
            iris.kind(&schema.event_kind_def(*event_kind).name).into(),
        ),
        Fact::Said { speaker, words, .. } => (
            ent(*speaker),
            "said".into(),
            Literal::new_simple_literal(words).into(),
        ),
    };
    // The subject's triples, then the statement's, then its references: Turtle groups
    // consecutive triples of one subject.
    push(
        out,
        &subject.clone().into(),
        iris.p(&property),
        iris.statement(id).into(),
    );
    if counts(claim) {
        push(
            out,
            &subject.clone().into(),
            iris.direct(&property),
            value.clone(),
        );
    }
    let start = out.len();
    push(
        out,
        &stmt,
        rdf::TYPE.into(),
        named(ns::WIKIBASE, "Statement").into(),
    );
    push(out, &stmt, iris.ps(&property), value);
    let rank = match claim.rank {
        Rank::Preferred => "PreferredRank",
        Rank::Normal => "NormalRank",
        Rank::Deprecated => "DeprecatedRank",
    };
    push(
        out,
        &stmt,
        named(ns::WIKIBASE, "rank"),
        named(ns::WIKIBASE, rank).into(),
    );
    let lit = |s: &str| -> Term { Literal::new_simple_literal(s).into() };
    push(
        out,
        &stmt,
        iris.vocab("certainty"),
        lit(claim.certainty.name()),
    );
    if let Some(r) = &claim.rank_reason {
        push(out, &stmt, iris.vocab("rankReason"), lit(r));
    }
    if let Some(n) = &claim.note {
        push(out, &stmt, iris.vocab("note"), lit(n));
    }
    if let Some(l) = &claim.label {
        push(out, &stmt, iris.vocab("label"), lit(l));
    }
    match &claim.fact {
        Fact::Link { role, during, .. } => {
            if let Some(role) = role {
                push(out, &stmt, named(ns::PQ, "P3831"), lit(role));
            }
            if let Some(d) = during {
                qualify_date(out, &stmt, iris, d, "during");
            }
        }
        Fact::Value { role, at, .. } => {
            if let Some(role) = role {
                push(out, &stmt, iris.vocab("scope"), lit(role));
            }
            if let Some(d) = at {
                qualify_date(out, &stmt, iris, d, "at");
            }
        }
        Fact::Occurred { date, .. } => qualify_date(out, &stmt, iris, date, "date"),
        Fact::Participation { role, .. } => {
            push(out, &stmt, named(ns::PQ, "P3831"), lit(role));
        }
        Fact::Never { during, .. } => {
            if let Some(d) = during {
                qualify_date(out, &stmt, iris, d, "during");
            }
        }
        Fact::Said { date, occasion, .. } => {
            if let Some(d) = date {
                qualify_date(out, &stmt, iris, d, "date");
            }
            if let Some(o) = occasion {
                push(out, &stmt, iris.vocab("occasion"), ent(*o).into());
            }
        }
    }
    let mut references = Vec::new();
    for (i, citation) in claim.citations.iter().enumerate() {
        let node = iris.iri("reference/", &format!("c{}-{i}", id.index()));
        push(
            out,
            &stmt,
            named(ns::PROV, "wasDerivedFrom"),
            node.clone().into(),
        );
        reference(&mut references, graph, iris, node, citation);
    }
    // The statement's own triples together, then its time values.
    let tail = out.split_off(start);
    let (own, values): (Vec<Triple>, Vec<Triple>) =
        tail.into_iter().partition(|t| t.subject == stmt);
    out.extend(own);
    out.extend(values);
    out.append(&mut references);
}

fn reference(out: &mut Vec<Triple>, graph: &Graph, iris: &Iris, iri: NamedNode, c: &Citation) {
    let node: NamedOrBlankNode = iri.into();
    out.push(Triple::new(
        node.clone(),
        rdf::TYPE,
        named(ns::WIKIBASE, "Reference"),
    ));
    let source = iris.entity(graph.slug_of(c.source));
    out.push(Triple::new(node.clone(), named(ns::PR, "P248"), source));
    if let Some(v) = c.via {
        let via = iris.entity(graph.slug_of(v));
        out.push(Triple::new(node.clone(), iris.vocab("via"), via));
    }
    if let Some(l) = &c.locator {
        out.push(Triple::new(
            node.clone(),
            named(ns::PR, "P304"),
            Literal::new_simple_literal(l),
        ));
    }
    if let Some(q) = &c.quote {
        out.push(Triple::new(
            node,
            named(ns::PR, "P1683"),
            Literal::new_simple_literal(q),
        ));
    }
}

/// Wikidata's precision codes.
fn precision_code(p: Precision) -> i64 {
    match p {
        Precision::Day => 11,
        Precision::Month => 10,
        Precision::Year => 9,
        Precision::Decade => 8,
        Precision::Century => 7,
    }
}

fn calendar_item(c: Calendar) -> NamedNode {
    named(
        ns::WD,
        match c {
            Calendar::Gregorian => "Q1985727",
            Calendar::Julian => "Q1985786",
        },
    )
}

fn xsd_date(day: crate::model::Day) -> (String, String) {
    let (y, m, d) = day.to_gregorian();
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!("{y:04}-{m:02}-{d:02}T00:00:00Z"),
    )
}

/// A Wikibase timestamp: the day cut to the precision (a month's value is its first day, as
/// Wikidata writes them).
fn stamp(day: crate::model::Day, precision: Precision) -> String {
    let (y, m, d) = day.to_gregorian();
    let (y, m, d) = match precision {
        Precision::Day => (y, m, d),
        Precision::Month => (y, m, 1),
        Precision::Year => (y, 1, 1),
        Precision::Decade => (y - y.rem_euclid(10), 1, 1),
        Precision::Century => (y - y.rem_euclid(100), 1, 1),
    };
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

/// A Wikibase time value node for `day` at `precision`.
fn time_value(
    out: &mut Vec<Triple>,
    day: crate::model::Day,
    precision: Precision,
    calendar: Calendar,
    name: String,
) -> BlankNode {
    // Named after its statement and qualifier, so that the export is the same every time.
    let node = BlankNode::new_unchecked(name);
    let stamp = stamp(day, precision);
    out.push(Triple::new(
        node.clone(),
        rdf::TYPE,
        named(ns::WIKIBASE, "TimeValue"),
    ));
    out.push(Triple::new(
        node.clone(),
        named(ns::WIKIBASE, "timeValue"),
        Literal::new_typed_literal(stamp, xsd::DATE_TIME),
    ));
    out.push(Triple::new(
        node.clone(),
        named(ns::WIKIBASE, "timePrecision"),
        Literal::from(precision_code(precision)),
    ));
    out.push(Triple::new(
        node.clone(),
        named(ns::WIKIBASE, "timeCalendarModel"),
        calendar_item(calendar),
    ));
    node
}

/// The date of a statement as Wikidata qualifiers (point in time; start and end; earliest
/// and latest date) plus its text and its bounds.
fn qualify_date(
    out: &mut Vec<Triple>,
    stmt: &NamedOrBlankNode,
    iris: &Iris,
    date: &Date,
    what: &str,
) {
    let (first, last) = (date.earliest(), date.latest());
    let (precision, calendar) = (date.precision(), date.calendar());
    let qualifier = |out: &mut Vec<Triple>, pid: &str, day| {
        out.push(Triple::new(
            stmt.clone(),
            named(ns::PQ, pid),
            Literal::new_typed_literal(stamp(day, precision), xsd::DATE_TIME),
        ));
        let name = match stmt {
            NamedOrBlankNode::NamedNode(n) => n.as_str().rsplit('/').next().unwrap_or(""),
            NamedOrBlankNode::BlankNode(b) => b.as_str(),
        };
        let node = time_value(out, day, precision, calendar, format!("{name}{pid}"));
        out.push(Triple::new(stmt.clone(), named(ns::PQV, pid), node));
    };
    match (first, last) {
        (Some(a), Some(_)) if date.is_point() => qualifier(out, "P585", a),
        (Some(a), Some(b)) => {
            qualifier(out, "P580", a);
            qualifier(out, "P582", b);
        }
        (Some(a), None) => qualifier(out, "P1319", a),
        (None, Some(b)) => qualifier(out, "P1326", b),
        (None, None) => {}
    }
    out.push(Triple::new(
        stmt.clone(),
        iris.vocab(&format!("{what}Text")),
        Literal::new_simple_literal(date.to_string()),
    ));
    date_bounds(out, stmt, iris, date, "");
}

/// `annals:earliest` and `annals:latest` as `xsd:date`, where the date is not open.
fn date_bounds(
    out: &mut Vec<Triple>,
    s: &NamedOrBlankNode,
    iris: &Iris,
    date: &Date,
    prefix: &str,
) {
    let name = |n: &str| {
        if prefix.is_empty() {
            n.to_owned()
        } else {
            let mut c = n.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('e');
            format!("{prefix}{first}{}", c.as_str())
        }
    };
    if let Some(a) = date.earliest() {
        out.push(Triple::new(
            s.clone(),
            iris.vocab(&name("earliest")),
            Literal::new_typed_literal(xsd_date(a).0, xsd::DATE),
        ));
    }
    if let Some(b) = date.latest() {
        out.push(Triple::new(
            s.clone(),
            iris.vocab(&name("latest")),
            Literal::new_typed_literal(xsd_date(b).0, xsd::DATE),
        ));
    }
}

/// Writes the graph as Turtle, with the export's prefixes. Cost: O(size of the graph): the triples
/// of [`triples`], built in memory, then written.
///
/// # Errors
///
/// Any error of `writer`.
///
/// ```
/// let graph = annals::load("data")?;
/// let mut turtle = Vec::new();
/// annals::export::write_turtle(&graph, &annals::export::Iris::default(), &mut turtle)?;
/// assert!(String::from_utf8(turtle)?.contains("prov:wasDerivedFrom"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn write_turtle<W: Write>(graph: &Graph, iris: &Iris, writer: W) -> std::io::Result<W> {
    let mut serializer = TurtleSerializer::new();
    for (name, iri) in iris.prefixes() {
        serializer = serializer
            .with_prefix(name, iri)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    }
    let mut serializer = serializer.for_writer(writer);
    for triple in triples(graph, iris) {
        serializer.serialize_triple(&triple)?;
    }
    serializer.finish()
}

/// Writes the graph as N-Triples, one triple a line. Cost: O(size of the graph): the triples of
/// [`triples`], built in memory, then written.
///
/// # Errors
///
/// Any error of `writer`.
pub fn write_ntriples<W: Write>(graph: &Graph, iris: &Iris, writer: W) -> std::io::Result<W> {
    let mut serializer = NTriplesSerializer::new().for_writer(writer);
    for triple in triples(graph, iris) {
        serializer.serialize_triple(&triple)?;
    }
    Ok(serializer.finish())
}
