//! An answer's subgraph as Graphviz DOT.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::DrawError;
use crate::Graph;
use crate::model::{Certainty, ClaimId, EntityId, Fact, Rank};
use crate::query::{Answer, Body, Evidence, Status};

/// A node of the picture: an entity with the row status that put it there, if any.
struct Node {
    entity: EntityId,
    /// `Some` for an answer row; `None` for an entity reached through a row's claims.
    status: Option<Status>,
    /// The dates that decide an event's date, as the sources give them.
    dates: Vec<String>,
    /// Dates from claims set aside or deprecated, shown apart.
    aside: Vec<String>,
}

/// Writes the subgraph behind `answer` as a DOT `digraph`: the answer's rows and every entity
/// their claims mention are nodes (shaped by kind: people as ellipses, events as hexagons,
/// places as houses, sources as notes, bodies and everything else as boxes), and every claim
/// that links two of them is an edge labelled with its relation (or role) and date, its sources
/// in the tooltip; an event's node shows its date (and, in parentheses, dates from claims set
/// aside: weaker, lower-ranked or deprecated). A row that is only *possibly* in the answer has a dashed outline; a weak
/// claim (disputed, unverified) or one set aside is a dashed edge, a deprecated one dotted and
/// grey, an inferred one blue with its rule.
///
/// `graph` must be the graph the answer came from (claims are looked up by handle in its
/// reasoned form, where inferred claims live). Cost: linear in the answer's evidence.
///
/// # Errors
///
/// [`DrawError::Nothing`] if the answer holds no entities or claims to draw (a figure, a
/// count of sources, a conflict listing); [`DrawError::TooMuch`] if it has more rows, or its
/// claims more entities, than [`MAX_DRAWN`](super::MAX_DRAWN) (checked before its rows are
/// read, then before any text is written).
///
/// ```
/// let graph = annals::load("data")?;
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// let dot = annals::draw::dot(&graph, &answer)?;
/// assert!(dot.starts_with("digraph answer {"));
/// assert!(dot.contains("\"rykov\" -> \"cc-1917\""));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn dot(graph: &Graph, answer: &Answer) -> Result<String, DrawError> {
    super::within_limit(answer.len(), "rows")?;
    let graph = graph.reasoned();
    let mut evidence: Vec<&Evidence> = Vec::new();
    let mut nodes: BTreeMap<EntityId, Node> = BTreeMap::new();
    let mut order: Vec<EntityId> = Vec::new();
    let mut add_node =
        |nodes: &mut BTreeMap<EntityId, Node>, id: EntityId, status: Option<Status>| {
            let node = nodes.entry(id).or_insert_with(|| {
                order.push(id);
                Node {
                    entity: id,
                    status: None,
                    dates: Vec::new(),
                    aside: Vec::new(),
                }
            });
            if status.is_some() {
                node.status = status;
            }
        };
    for row in answer.rows() {
        add_node(&mut nodes, row.entity, Some(row.status));
        evidence.extend(&row.evidence);
    }
    match &answer.body {
        Body::Claims { rows } => evidence.extend(rows),
        Body::Connections { chains, .. } => evidence.extend(
            chains
                .iter()
                .flat_map(|c| c.hops.iter().map(|h| &h.evidence)),
        ),
        _ => {}
    }
    // Inferred claims: draw the premises too, so the picture shows what the rule rests on.
    let mut all: Vec<&Evidence> = Vec::new();
    let mut stack: Vec<&Evidence> = evidence.into_iter().rev().collect();
    while let Some(e) = stack.pop() {
        all.push(e);
        if let Some(inf) = &e.inferred {
            stack.extend(inf.from.iter().rev());
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut edges: Vec<String> = Vec::new();
    for e in all {
        if !seen.insert(e.claim) {
            continue;
        }
        let Some(claim) = graph.try_claim(e.claim) else {
            continue;
        };
        for id in claim.fact.entities() {
            add_node(&mut nodes, id, None);
        }
        match &claim.fact {
            Fact::Occurred { event, date } => {
                let text = date.to_string();
                if let Some(node) = nodes.get_mut(event) {
                    let list = if e.set_aside || claim.rank == Rank::Deprecated {
                        &mut node.aside
                    } else {
                        &mut node.dates
                    };
                    if !list.contains(&text) {
                        list.push(text);
                    }
                }
            }
            Fact::Link {
                subject,
                relation,
                object,
                role,
                during,
            } => {
                let mut label = graph.schema().relation_def(*relation).name.clone();
                if let Some(role) = role {
                    label.push_str(&format!(" ({role})"));
                }
                if let Some(date) = during {
                    label.push_str(&format!("\n{date}"));
                }
                edges.push(edge(graph, *subject, *object, &label, e.claim, e));
            }
            Fact::Participation {
                event,
                role,
                participant,
            } => {
                edges.push(edge(graph, *participant, *event, role, e.claim, e));
            }
            Fact::Said {
                speaker,
                occasion: Some(occasion),
                date,
                ..
            } => {
                let label = match date {
                    Some(d) => format!("said\n{d}"),
                    None => "said".to_owned(),
                };
                edges.push(edge(graph, *speaker, *occasion, &label, e.claim, e));
            }
            _ => {}
        }
    }
    if nodes.is_empty() {
        return Err(DrawError::Nothing);
    }
    super::within_limit(nodes.len(), "entities")?;
    let mut out = String::new();
    out.push_str("digraph answer {\n");
    let _ = writeln!(
        out,
        "  label={};",
        quote(&format!("annals> {}", answer.query))
    );
    // Room between nodes and ranks keeps edge labels clear of crossing edges (checked on
    // renders of the README picture).
    out.push_str(
        "  labelloc=t;\n  rankdir=LR;\n  nodesep=0.5;\n  ranksep=1.0;\n  fontname=\"Helvetica\";\n",
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11, style=filled];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for id in &order {
        let node = &nodes[id];
        out.push_str(&node_line(graph, node));
    }
    for line in edges {
        out.push_str(&line);
    }
    out.push_str("}\n");
    Ok(out)
}

fn node_line(graph: &Graph, node: &Node) -> String {
    let entity = graph.entity(node.entity);
    let kind = graph.schema().kind_def(entity.kind).name.as_str();
    let (shape, fill) = if entity.event_kind.is_some() || entity.kind == graph.schema().event_kind()
    {
        ("hexagon", "#fde2e2")
    } else if entity.kind == graph.schema().source_kind() {
        ("note", "#eeeeee")
    } else {
        match kind {
            "person" => ("ellipse", "#fff4cc"),
            "place" => ("house", "#e3f4e1"),
            _ => ("box", "#dde8f8"),
        }
    };
    let mut label = entity.name.clone();
    for date in &node.dates {
        label.push('\n');
        label.push_str(date);
    }
    for date in node.aside.iter().filter(|d| !node.dates.contains(d)) {
        label.push_str(&format!("\n(set aside: {date})"));
    }
    let mut tooltip = format!("{} ({kind})", entity.slug);
    if let Some(d) = &entity.description {
        tooltip.push_str(": ");
        tooltip.push_str(d);
    }
    let mut style = "filled".to_owned();
    if node.status == Some(Status::Possibly) || node.status == Some(Status::NoRecord) {
        style.push_str(",dashed");
    }
    let pen = if node.status.is_some() { 2 } else { 1 };
    format!(
        "  {} [label={}, shape={shape}, fillcolor=\"{fill}\", style=\"{style}\", penwidth={pen}, tooltip={}];\n",
        quote(entity.slug.as_str()),
        quote(&label),
        quote(&tooltip)
    )
}

fn edge(
    graph: &Graph,
    from: EntityId,
    to: EntityId,
    label: &str,
    claim: ClaimId,
    e: &Evidence,
) -> String {
    let c = graph.claim(claim);
    let weak = matches!(c.certainty, Certainty::Disputed | Certainty::Unverified);
    let mut attrs = vec![format!("label={}", quote(label))];
    if c.rank == Rank::Deprecated {
        attrs.push("style=dotted".into());
        attrs.push("color=\"#999999\"".into());
        attrs.push("fontcolor=\"#999999\"".into());
    } else if e.inferred.is_some() {
        attrs.push("style=dashed".into());
        attrs.push("color=\"#1f5fbf\"".into());
        attrs.push("fontcolor=\"#1f5fbf\"".into());
    } else if weak || e.set_aside {
        attrs.push("style=dashed".into());
    }
    let mut tooltip = e.statement.clone();
    tooltip.push_str(&format!(" [{}]", e.certainty));
    if let Some(inf) = &e.inferred {
        tooltip.push_str(&format!("\ninferred by rule {}", inf.rule));
    }
    for s in &e.sources {
        tooltip.push_str(&format!("\n{} ({})", s.name, s.id));
        if let Some(l) = &s.locator {
            tooltip.push_str(&format!(", {l}"));
        }
    }
    attrs.push(format!("tooltip={}", quote(&tooltip)));
    format!(
        "  {} -> {} [{}];\n",
        quote(graph.slug_of(from)),
        quote(graph.slug_of(to)),
        attrs.join(", ")
    )
}

/// A DOT double-quoted string: quotes and backslashes escaped, newlines as `\n` (centred
/// lines).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
