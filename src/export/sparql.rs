//! Compiling a planned query to SPARQL 1.1 over the export ([`super::triples`]), so that the
//! same question runs on any SPARQL endpoint that holds it.
//!
//! What compiles: entities, kinds, event kinds, every entity (a bare participle such as `and
//! executed`), walks along relations that are not transitive (in a time or not: a link is kept
//! unless its own time, or else its object's period, is settled outside), chains along
//! transitive ones (a property path over the direct triples, which exist for the claims that
//! are not deprecated; not under `according to`, `as of` or `with all claims`, whose conditions
//! on each statement a path cannot carry), entities linked either way (`events of X`), events
//! undergone (`executed`, `arrested in 1937`, `not shot`), events dated within a time, the
//! figures of a literal relation (`population of Petrograd`, within a time or not: one row per
//! statement, `?value` its text), `and`/`or`/`except`, lists, counts and shares, `according to`
//! (statements whose reference cites the source directly or `via`), `as of` (statements with a
//! reference whose source's last possible day of publication is by then) and `with all claims`.
//! Events undergone `by` someone or something of a kind (`people tried by military-collegium`)
//! compile too. The rest (networks, connections, places of events and `in` a place, `alive`,
//! `with`, a negated filter with a time or `by`, ordering and limits, conflicts, checks, sources
//! and quotes) is refused with [`SparqlError::Unsupported`].
//!
//! Three-valued dates have no faithful form in SPARQL: a date window keeps every row whose date
//! *may* fall in it (its first and last possible day overlap the window, or it is undated or
//! open), and the query also returns `?earliest` and `?latest` of each deciding date so that a
//! client can tell the settled rows (every date inside the window) from the possible ones. The
//! compiled text says so in a comment. The export holds recorded claims only: what the schema's
//! rules infer is not in it, which a comment says when the query would use them.

use std::fmt::Write as _;

use crate::Graph;
use crate::model::{Date, EntityId};
use crate::query::Query;
use crate::query::ast::SetOp;
use crate::query::plan::{Agent, Op, Output};

use super::Iris;

/// Why a query does not compile to SPARQL.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SparqlError {
    /// The query uses a construct with no SPARQL form here.
    #[error("no SPARQL form for {0}")]
    Unsupported(String),
}

/// The SPARQL text of `query` (planned on `graph`) over an export of `graph` with `iris`. The
/// answer's rows are `?x`, entity IRIs; a count's is `?count`; a share's `?part ?whole`;
/// figures are `?x ?value ?statement`. Cost: O(size of the plan), built on
/// each call; the graph is read only for the names of schema items and entities, not for its data.
///
/// # Errors
///
/// [`SparqlError::Unsupported`] for a construct that does not compile (see the module docs).
///
/// ```
/// let graph = annals::load("data")?;
/// let query = graph.prepare("members of cc-1917 executed")?;
/// let sparql = annals::export::to_sparql(&graph, &query, &annals::export::Iris::default())?;
/// assert!(sparql.contains("SELECT DISTINCT ?x"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn to_sparql(graph: &Graph, query: &Query, iris: &Iris) -> Result<String, SparqlError> {
    let plan = query.plan();
    if plan.limit.is_some() || plan.by_date {
        return Err(SparqlError::Unsupported("ordering and limits".into()));
    }
    let as_of = plan.as_of.as_ref().map(published_by).transpose()?;
    let mut c = Compiler {
        graph,
        iris,
        scope: plan.scope,
        as_of,
        all_claims: plan.all_claims,
        possible: false,
        next: 0,
        windows: false,
    };
    let mut values = false;
    let mut share = false;
    let (body, count) = match &plan.output {
        Output::Rows(op) => (c.op(op, "?x")?, false),
        Output::Count { set, .. } => (c.op(set, "?x")?, true),
        Output::Values {
            input,
            relation,
            window,
        } => {
            values = true;
            (c.values(input, *relation, window.as_ref())?, false)
        }
        Output::Share { part, whole } => {
            // Two counts side by side, each in its own subquery; the part is taken within the
            // whole, as annals takes it.
            share = true;
            let whole_body = c.op(whole, "?x")?;
            let part_body = c.op(part, "?x")?;
            let within = c.op(whole, "?x")?;
            (
                format!(
                    "  {{ SELECT (COUNT(DISTINCT ?x) AS ?part) WHERE {{\n  {{\n{part_body}  }}\n  {{\n{within}  }}\n  }} }}\n  {{ SELECT (COUNT(DISTINCT ?x) AS ?whole) WHERE {{\n{whole_body}  }} }}\n"
                ),
                false,
            )
        }
        _ => return Err(SparqlError::Unsupported("this kind of answer".into())),
    };
    let mut out = String::new();
    let _ = writeln!(out, "# annals> {}", query.text());
    if plan.rules && !graph.schema().rules().is_empty() {
        out.push_str(
            "# The export holds recorded claims only: facts the schema's rules infer are not in it\n# (annals gives the same rows with `as recorded`).\n",
        );
    }
    if c.possible {
        out.push_str(
            "# Three-valued dates have no faithful form here: a walk in a time keeps every link that may\n# have held then (its own time, or else the period of what it links to, overlaps or is unknown).\n",
        );
    }
    if c.windows && (count || share) {
        out.push_str(
            "# Three-valued dates have no faithful form here: a date window keeps every row whose date\n# may fall in it (undated, open, or overlapping), so this counts the possible rows too; the\n# same query without the count returns ?earliest and ?latest to tell them apart.\n",
        );
    } else if c.windows {
        out.push_str(
            "# Three-valued dates have no faithful form here: a date window keeps every row whose date\n# may fall in it (undated, open, or overlapping). ?earliest and ?latest are returned so that\n# the settled rows (every deciding date inside the window) can be told from the possible ones.\n",
        );
    }
    for (name, iri) in iris.prefixes() {
        let _ = writeln!(out, "PREFIX {name}: <{iri}>");
    }
    if share {
        let _ = writeln!(out, "SELECT ?part ?whole WHERE {{");
    } else if count {
        let _ = writeln!(out, "SELECT (COUNT(DISTINCT ?x) AS ?count) WHERE {{");
    } else if values && c.windows {
        let _ = writeln!(
            out,
            "SELECT DISTINCT ?x ?value ?statement ?earliest ?latest WHERE {{"
        );
    } else if values {
        let _ = writeln!(out, "SELECT DISTINCT ?x ?value ?statement WHERE {{");
    } else if c.windows {
        let _ = writeln!(out, "SELECT DISTINCT ?x ?earliest ?latest WHERE {{");
    } else {
        let _ = writeln!(out, "SELECT DISTINCT ?x WHERE {{");
    }
    out.push_str(&body);
    out.push_str("}\n");
    Ok(out)
}

/// The last day a source may be published on to count `as of` `date`, as an `xsd:date`
/// literal: `as of 1955` is on or before 1955-12-31. An approximate or open date (`as of c.
/// 1955`), whose end is itself uncertain, is refused.
fn published_by(date: &Date) -> Result<String, SparqlError> {
    let refused = || SparqlError::Unsupported(format!("`as of {date}`, whose end is uncertain"));
    let last = date.latest().ok_or_else(refused)?;
    let (y, m, d) = last.to_gregorian();
    let text = format!("{y:04}-{m:02}-{d:02}");
    // Its last day is by the date only when the date ends on that day for certain.
    let day: Date = text.parse().map_err(|_| refused())?;
    if day.is_by(date) != crate::model::Truth::Yes {
        return Err(refused());
    }
    Ok(format!("\"{text}\"^^xsd:date"))
}

/// A day as an `xsd:date` literal.
fn day_literal(day: crate::model::Day) -> String {
    let (y, m, d) = day.to_gregorian();
    format!("\"{y:04}-{m:02}-{d:02}\"^^xsd:date")
}

struct Compiler<'a> {
    graph: &'a Graph,
    iris: &'a Iris,
    scope: Option<EntityId>,
    /// `as of`: the last publication day a cited source may have, as an `xsd:date` literal.
    as_of: Option<String>,
    /// `with all claims`: deprecated statements count, and every date of an event decides.
    all_claims: bool,
    /// Whether a time kept rows it leaves open (a walk in a time), which a comment says.
    possible: bool,
    next: usize,
    windows: bool,
}

impl Compiler<'_> {
    fn var(&mut self, stem: &str) -> String {
        self.next += 1;
        format!("?{stem}{}", self.next)
    }

    fn ent(&self, e: EntityId) -> String {
        format!("<{}>", self.iris.entity(self.graph.slug_of(e)).as_str())
    }

    /// A statement `s` that counts: not deprecated (unless `with all claims`), and citing the
    /// scope's source if any.
    fn counts(&mut self, s: &str) -> String {
        let mut out = if self.all_claims {
            format!("  {s} a wikibase:Statement .\n")
        } else {
            format!(
                "  {s} wikibase:rank ?rank{n} . FILTER(?rank{n} != wikibase:DeprecatedRank)\n",
                n = self.next
            )
        };
        self.next += 1;
        out += &self.cited(s);
        out
    }

    /// The reference a statement `s` needs: one citing the scope's source (directly or `via`)
    /// and, `as of` a date, whose source was published by then (its last possible day of
    /// publication, `annals:issuedLatest`, on or before the date's last day; an undated source
    /// has none and so never counts). Empty without either.
    fn cited(&mut self, s: &str) -> String {
        if self.scope.is_none() && self.as_of.is_none() {
            return String::new();
        }
        let reference = self.var("ref");
        let mut out = format!("  {s} prov:wasDerivedFrom {reference} .");
        if let Some(source) = self.scope {
            let _ = write!(
                out,
                " {reference} (pr:P248|annals:via) {} .",
                self.ent(source)
            );
        }
        if let Some(last) = self.as_of.clone() {
            let published = self.var("published");
            let _ = write!(
                out,
                " {reference} pr:P248/annals:issuedLatest {published} . FILTER({published} <= {last})"
            );
        }
        out.push('\n');
        out
    }

    /// Under `according to`, a bare kind is what the source names: `x` is the subject or the
    /// value of a statement that cites it.
    fn named_in_scope(&mut self, x: &str) -> String {
        if self.scope.is_none() {
            return String::new();
        }
        let (s, p) = (self.var("s"), self.var("p"));
        let mut out = format!(
            "  {{ {x} {p} {s} . {s} a wikibase:Statement . }} UNION {{ {s} {p} {x} . {s} a wikibase:Statement . }}\n"
        );
        out += &self.counts(&s);
        out
    }

    /// The values of a literal relation for the entities of `input`: one row per statement
    /// (`?value` its text, `?statement` the statement); within a window, a value whose time
    /// is settled outside it goes, one with no time stays (annals: *possibly*), and its
    /// bounds come back as `?earliest` and `?latest`.
    fn values(
        &mut self,
        input: &Op,
        relation: crate::model::RelationId,
        window: Option<&Date>,
    ) -> Result<String, SparqlError> {
        let def = self.graph.schema().relation_def(relation);
        let (p, ps) = (self.iris.p(&def.name), self.iris.ps(&def.name));
        let mut out = self.op(input, "?x")?;
        let _ = writeln!(
            out,
            "  ?x <{}> ?statement . ?statement <{}> ?value .",
            p.as_str(),
            ps.as_str()
        );
        out += &self.counts("?statement");
        if let Some(window) = window {
            if self.windows {
                return Err(SparqlError::Unsupported("two date windows".into()));
            }
            self.windows = true;
            let _ = writeln!(
                out,
                "  OPTIONAL {{ ?statement annals:earliest ?earliest }} OPTIONAL {{ ?statement annals:latest ?latest }}"
            );
            let mut outside = Vec::new();
            if let Some(start) = window.earliest().map(day_literal) {
                outside.push(format!("(BOUND(?latest) && ?latest < {start})"));
            }
            if let Some(end) = window.latest().map(day_literal) {
                outside.push(format!("(BOUND(?earliest) && ?earliest > {end})"));
            }
            if !outside.is_empty() {
                let _ = writeln!(out, "  FILTER(!({}))", outside.join(" || "));
            }
        }
        Ok(out)
    }

    /// Keeps a link `s` (to `object`) unless it is settled that it did not hold in `window`:
    /// its own time (`during`) lies wholly outside, or, with none, the object's period does.
    /// A link left open by either is kept: annals gives it as *possibly*.
    fn held(&mut self, s: &str, object: &str, window: &Date) -> String {
        self.possible = true;
        let (start, end) = (
            window.earliest().map(day_literal),
            window.latest().map(day_literal),
        );
        let (a, b, text, pa, pb) = (
            self.var("a"),
            self.var("b"),
            self.var("during"),
            self.var("a"),
            self.var("b"),
        );
        let outside = |a: &str, b: &str| {
            let mut out = Vec::new();
            if let Some(start) = &start {
                out.push(format!("(BOUND({b}) && {b} < {start})"));
            }
            if let Some(end) = &end {
                out.push(format!("(BOUND({a}) && {a} > {end})"));
            }
            if out.is_empty() {
                "false".to_owned()
            } else {
                out.join(" || ")
            }
        };
        format!(
            "  OPTIONAL {{ {s} annals:duringText {text} }} OPTIONAL {{ {s} annals:earliest {a} }} OPTIONAL {{ {s} annals:latest {b} }}\n  OPTIONAL {{ {object} annals:periodEarliest {pa} }} OPTIONAL {{ {object} annals:periodLatest {pb} }}\n  FILTER(IF(BOUND({text}), !({}), !({})))\n",
            outside(&a, &b),
            outside(&pa, &pb)
        )
    }

    /// Every entity that is neither a source nor an event: one of the schema's other kinds.
    fn everything(&mut self, x: &str) -> String {
        let schema = self.graph.schema();
        let kinds: Vec<String> = schema
            .kinds()
            .iter()
            .filter(|k| {
                let id = schema.kind(&k.name);
                id != Some(schema.source_kind()) && id != Some(schema.event_kind())
            })
            .map(|k| format!("<{}>", self.iris.kind(&k.name).as_str()))
            .collect();
        let k = self.var("k");
        format!("  VALUES {k} {{ {} }}\n  {x} a {k} .\n", kinds.join(" ")) + &self.named_in_scope(x)
    }

    fn op(&mut self, op: &Op, x: &str) -> Result<String, SparqlError> {
        let schema = self.graph.schema();
        Ok(match op {
            Op::Entity(e) => format!("  VALUES {x} {{ {} }}\n", self.ent(*e)),
            Op::Everything => self.everything(x),
            Op::Reach {
                input,
                relation,
                inverse,
            } => {
                // Chains of links that count: the direct triples, written for every claim that
                // is not deprecated. A chain's statements cannot be held to a source or a date
                // inside a property path, nor can deprecated ones be let in.
                if self.scope.is_some() || self.as_of.is_some() || self.all_claims {
                    return Err(SparqlError::Unsupported(
                        "a chain along a transitive relation with `according to`, `as of` or `with all claims`"
                            .into(),
                    ));
                }
                let def = schema.relation_def(*relation);
                let from = self.var("from");
                let mut out = self.op(input, &from)?;
                let (subject, object) = if *inverse { (x, &*from) } else { (&*from, x) };
                let _ = writeln!(
                    out,
                    "  {subject} <{}>+ {object} .",
                    self.iris.direct(&def.name).as_str()
                );
                out
            }
            Op::Adjacent {
                input,
                kind,
                event_kind,
            } => {
                // Linked either way by a link or a participation: a statement whose main value
                // is an entity of the kind (qualifiers and references are not `ps:`).
                let from = self.var("from");
                let (s, p, ps) = (self.var("s"), self.var("p"), self.var("ps"));
                let mut out = self.op(input, &from)?;
                let class = match event_kind {
                    Some(ek) => self.iris.kind(&schema.event_kind_def(*ek).name),
                    None => self.iris.kind(&schema.kind_def(*kind).name),
                };
                let prefix = self.iris.ps("");
                let _ = writeln!(
                    out,
                    "  {{ {from} {p} {s} . {s} {ps} {x} . }} UNION {{ {x} {p} {s} . {s} {ps} {from} . }}\n  {s} a wikibase:Statement . {x} a <{}> .\n  FILTER(STRSTARTS(STR({ps}), \"{}\") && {x} != {from})",
                    class.as_str(),
                    prefix.as_str()
                );
                out + &self.counts(&s)
            }
            Op::Kind(k) => {
                let class = self.iris.kind(&schema.kind_def(*k).name);
                format!("  {x} a <{}> .\n", class.as_str()) + &self.named_in_scope(x)
            }
            Op::Events(k) => {
                let class = self.iris.kind(&schema.event_kind_def(*k).name);
                format!("  {x} a <{}> .\n", class.as_str()) + &self.named_in_scope(x)
            }
            Op::Walk {
                input,
                relation,
                inverse,
                window,
            } => {
                let def = schema.relation_def(*relation);
                if def.transitive {
                    return Err(SparqlError::Unsupported(format!(
                        "a walk along the transitive relation {}",
                        def.name
                    )));
                }
                let from = self.var("from");
                let s = self.var("s");
                let mut out = self.op(input, &from)?;
                let (subject, object) = if *inverse { (x, &*from) } else { (&*from, x) };
                let _ = writeln!(
                    out,
                    "  {subject} <{}> {s} . {s} <{}> {object} .",
                    self.iris.p(&def.name).as_str(),
                    self.iris.ps(&def.name).as_str()
                );
                out += &self.counts(&s);
                if let Some(window) = window {
                    out += &self.held(&s, object, window);
                }
                out
            }
            Op::Underwent {
                input,
                kind,
                window,
                negated,
            }
            | Op::Took {
                input,
                kind,
                window,
                negated,
                ..
            } => {
                let agents: &[Agent] = match op {
                    Op::Took { by, places, .. } => {
                        if !places.is_empty() {
                            return Err(SparqlError::Unsupported(
                                "`in` a place on an event".into(),
                            ));
                        }
                        if *negated && !by.is_empty() {
                            return Err(SparqlError::Unsupported(
                                "a negated filter with `by`".into(),
                            ));
                        }
                        by
                    }
                    _ => &[],
                };
                if *negated && window.is_some() {
                    return Err(SparqlError::Unsupported(
                        "a negated filter with a time".into(),
                    ));
                }
                let def = schema.event_kind_def(*kind);
                let mut out = self.op(input, x)?;
                let e = self.var("e");
                let s = self.var("s");
                let mut inner = format!(
                    "  {e} a <{}> ; <{}> {s} . {s} <{}> {x} ; pq:P3831 \"{}\" .\n",
                    self.iris.kind(&def.name).as_str(),
                    self.iris.p("participant").as_str(),
                    self.iris.ps("participant").as_str(),
                    def.patient.replace('"', "\\\"")
                );
                inner += &self.counts(&s);
                // Each agent took part in the same event in some role, and is not the patient.
                for agent in agents {
                    let (sa, who) = (self.var("s"), self.var("who"));
                    let _ = writeln!(
                        inner,
                        "  {e} <{}> {sa} . {sa} <{}> {who} . FILTER({who} != {x})",
                        self.iris.p("participant").as_str(),
                        self.iris.ps("participant").as_str()
                    );
                    match agent {
                        Agent::Entity(id) => {
                            let _ = writeln!(inner, "  VALUES {who} {{ {} }}", self.ent(*id));
                        }
                        Agent::Kind(k) => {
                            let class = self.iris.kind(&schema.kind_def(*k).name);
                            let _ = writeln!(inner, "  {who} a <{}> .", class.as_str());
                        }
                    }
                    inner += &self.counts(&sa);
                }
                if let Some(w) = window {
                    inner += &self.window(&e, w)?;
                }
                if *negated {
                    let _ = writeln!(out, "  FILTER NOT EXISTS {{\n{inner}  }}");
                } else {
                    out += &inner;
                }
                out
            }
            Op::Dated {
                input,
                window,
                negated: false,
            } => {
                let mut out = self.op(input, x)?;
                out += &self.window(x, window)?;
                out
            }
            Op::Combine { op, lhs, rhs } => {
                let left = self.op(lhs, x)?;
                let right = self.op(rhs, x)?;
                match op {
                    SetOp::And => format!("  {{\n{left}  }}\n  {{\n{right}  }}\n"),
                    SetOp::Or => format!("  {{\n{left}  }} UNION {{\n{right}  }}\n"),
                    SetOp::Except => {
                        format!("  {{\n{left}  }}\n  FILTER NOT EXISTS {{\n{right}  }}\n")
                    }
                }
            }
            _ => return Err(SparqlError::Unsupported("this operation".into())),
        })
    }

    /// A deciding date statement `d` of event `e`, with its bounds in `a` and `b` (unbound when
    /// open): not deprecated, in scope, and no other date of the event better ranked, or as
    /// well ranked and stronger (a weak claim beside an asserted one is set aside, as annals
    /// does); `with all claims`, any date statement in scope.
    fn deciding(&mut self, e: &str, d: &str, a: &str, b: &str) -> String {
        let occurred = self.iris.p("occurred");
        let occurred = occurred.as_str();
        let mut out = format!("    {e} <{occurred}> {d} .\n");
        out += &self.counts(d).replace("  ", "    ");
        if self.all_claims {
            // Every date claim decides, whatever its rank or certainty.
            let _ = writeln!(
                out,
                "    OPTIONAL {{ {d} annals:earliest {a} }} OPTIONAL {{ {d} annals:latest {b} }}"
            );
            return out;
        }
        let (d2, r, r2, c, c2) = (
            self.var("d"),
            self.var("r"),
            self.var("r"),
            self.var("c"),
            self.var("c"),
        );
        let strong = "(\"asserted\", \"probable\")";
        // The better claim must count too: under `according to`, cite the source; `as of` a
        // date, a source published by then.
        let scope = self.cited(&d2).trim_end().replacen("  ", " ", 1);
        let _ = writeln!(
            out,
            "    {d} wikibase:rank {r} ; annals:certainty {c} .\n    FILTER NOT EXISTS {{\n      {e} <{occurred}> {d2} . {d2} wikibase:rank {r2} ; annals:certainty {c2} .{scope}\n      FILTER({r2} != wikibase:DeprecatedRank && (({r2} = wikibase:PreferredRank && {r} != wikibase:PreferredRank) || ({r2} = {r} && {c2} IN {strong} && !({c} IN {strong}))))\n    }}\n    OPTIONAL {{ {d} annals:earliest {a} }} OPTIONAL {{ {d} annals:latest {b} }}"
        );
        out
    }

    /// Keeps event `e` unless its deciding dates settle that it fell outside `window` and none
    /// settles that it fell inside (a precise date is not undone by a vaguer one; two that
    /// disagree leave it open). Returns `?earliest` and `?latest` of its deciding dates.
    fn window(&mut self, e: &str, window: &Date) -> Result<String, SparqlError> {
        if self.windows {
            return Err(SparqlError::Unsupported("two date windows".into()));
        }
        self.windows = true;
        let (start, end) = (
            window.earliest().map(day_literal),
            window.latest().map(day_literal),
        );
        let d = self.var("d");
        let mut out = format!(
            "  OPTIONAL {{\n{}  }}\n",
            self.deciding(e, &d, "?earliest", "?latest")
        );
        // Settled inside: both bounds known and within the window.
        let (dy, ay, by) = (self.var("d"), self.var("a"), self.var("b"));
        let mut inside = vec![format!("BOUND({ay})"), format!("BOUND({by})")];
        if let Some(start) = &start {
            inside.push(format!("{ay} >= {start}"));
        }
        if let Some(end) = &end {
            inside.push(format!("{by} <= {end}"));
        }
        let yes = format!(
            "EXISTS {{\n{}    FILTER({})\n  }}",
            self.deciding(e, &dy, &ay, &by),
            inside.join(" && ")
        );
        // Settled outside: it ends before the window starts or starts after it ends.
        let (dn, an, bn) = (self.var("d"), self.var("a"), self.var("b"));
        let mut outside = Vec::new();
        if let Some(start) = &start {
            outside.push(format!("(BOUND({bn}) && {bn} < {start})"));
        }
        if let Some(end) = &end {
            outside.push(format!("(BOUND({an}) && {an} > {end})"));
        }
        if outside.is_empty() {
            return Ok(out);
        }
        let no = format!(
            "EXISTS {{\n{}    FILTER({})\n  }}",
            self.deciding(e, &dn, &an, &bn),
            outside.join(" || ")
        );
        let _ = writeln!(out, "  FILTER({yes} || !{no})");
        Ok(out)
    }
}
