//! Plans in words, for `:explain`: the output, then the operations as an indented tree, naming
//! schema items and entities as the graph does.

use super::ast::SetOp;
use super::plan::{Agent, Op, Output, Plan};
use crate::Graph;
use crate::text::article;

impl Plan {
    /// The plan as an indented tree, naming schema items and entities as `graph` does. Cost: O(plan
    /// size), built on each call.
    pub fn explain(&self, graph: &Graph) -> String {
        let mut out = String::new();
        if let Some(scope) = self.scope {
            out.push_str(&format!("only claims citing {}\n", graph.slug_of(scope)));
        }
        let schema = graph.schema();
        match &self.output {
            Output::Rows(op) => {
                out.push_str(if self.why {
                    "rows with evidence\n"
                } else {
                    "rows\n"
                });
                explain_op(graph, &mut out, op, 1);
            }
            Output::Values {
                input,
                relation,
                window,
            } => {
                out.push_str(&format!(
                    "values of {}",
                    schema.relation_def(*relation).name
                ));
                if let Some(w) = window {
                    out.push_str(&format!(" dated within {w}"));
                }
                out.push('\n');
                explain_op(graph, &mut out, input, 1);
            }
            Output::Count { set, whole } => {
                out.push_str("count\n");
                explain_op(graph, &mut out, set, 1);
                if let Some(whole) = whole {
                    out.push_str("  split within\n");
                    explain_op(graph, &mut out, whole, 2);
                }
            }
            Output::Conflicts { about } => {
                out.push_str("conflicts between claims\n");
                if let Some(about) = about {
                    out.push_str("  involving\n");
                    explain_op(graph, &mut out, about, 2);
                }
            }
            Output::Check { input, relation } => {
                match relation {
                    Some(r) => out.push_str(&format!(
                        "check figures of {} against the records\n",
                        schema.relation_def(*r).name
                    )),
                    None => out.push_str("check every figure with a meaning against the records\n"),
                }
                explain_op(graph, &mut out, input, 1);
            }
            Output::CountByYear(op) => {
                out.push_str("count by year of each row's date\n");
                explain_op(graph, &mut out, op, 1);
            }
            Output::CountPer { set, group } => {
                let name = &schema.kind_def(*group).name;
                out.push_str(&format!(
                    "count per {name}, each in place of every {name}\n"
                ));
                explain_op(graph, &mut out, set, 1);
            }
            Output::Sources(op) => {
                out.push_str("sources of claims about\n");
                explain_op(graph, &mut out, op, 1);
            }
            Output::Claims(op) => {
                out.push_str("claims about\n");
                explain_op(graph, &mut out, op, 1);
            }
            Output::Quotes { speakers, window } => {
                out.push_str("quotes");
                if let Some(w) = window {
                    out.push_str(&format!(" said within {w}"));
                }
                out.push('\n');
                match speakers {
                    Some(op) => explain_op(graph, &mut out, op, 1),
                    None => out.push_str("  by anyone\n"),
                }
            }
            Output::CountEach { each, per } => {
                out.push_str("count for each\n");
                explain_op(graph, &mut out, each, 1);
                out.push_str("  the rows of\n");
                explain_op(graph, &mut out, per, 2);
            }
            Output::Connections { from, to, max_hops } => {
                out.push_str(&format!(
                    "shortest chains of claims between {} and {}, at most {max_hops} long\n",
                    graph.slug_of(*from),
                    graph.slug_of(*to)
                ));
            }
            Output::Share { part, whole } => {
                out.push_str("share\n  part\n");
                explain_op(graph, &mut out, part, 2);
                out.push_str("  of the whole\n");
                explain_op(graph, &mut out, whole, 2);
            }
        }
        out
    }
}

fn explain_op(graph: &Graph, out: &mut String, op: &Op, depth: usize) {
    let schema = graph.schema();
    let pad = "  ".repeat(depth);
    let line = match op {
        Op::Each => "the entity counted for".to_owned(),
        Op::Entity(id) => format!("entity {}", graph.slug_of(*id)),
        Op::Kind(k) => format!("every {}", schema.kind_def(*k).name),
        Op::Events(k) => format!("every {} event, by date", schema.event_kind_def(*k).name),
        Op::Everything => "every entity but sources and events".to_owned(),
        Op::Walk {
            relation,
            inverse,
            window,
            ..
        } => {
            let name = &schema.relation_def(*relation).name;
            let mut s = if *inverse {
                format!("subjects of {name} (walk from objects)")
            } else {
                format!("objects of {name} (walk from subjects)")
            };
            if let Some(w) = window {
                s.push_str(&format!(", holding within {w}"));
            }
            s
        }
        Op::Adjacent {
            kind, event_kind, ..
        } => match event_kind {
            Some(ek) => format!("linked {} events", schema.event_kind_def(*ek).name),
            None => format!("linked entities of kind {}", schema.kind_def(*kind).name),
        },
        Op::Underwent {
            kind,
            window,
            negated,
            ..
        } => {
            let def = schema.event_kind_def(*kind);
            let mut s = format!(
                "{} {} of {} event",
                if *negated { "not the" } else { "the" },
                def.patient,
                article(&def.name)
            );
            if let Some(w) = window {
                s.push_str(&format!(" dated within {w}"));
            }
            s
        }
        Op::Dated {
            window, negated, ..
        } => format!(
            "{}dated within {window}",
            if *negated { "not " } else { "" }
        ),
        Op::Took {
            kind,
            window,
            by,
            places,
            negated,
            ..
        } => {
            let def = schema.event_kind_def(*kind);
            let mut s = format!(
                "{} {} of {} event",
                if *negated { "not the" } else { "the" },
                def.patient,
                article(&def.name)
            );
            if let Some(w) = window {
                s.push_str(&format!(" dated within {w}"));
            }
            for agent in by {
                s.push_str(&format!(" with {}", agent_name(graph, *agent)));
            }
            for place in places {
                s.push_str(&format!(" at {} or inside it", graph.slug_of(*place)));
            }
            s
        }
        Op::EventsWhere {
            by,
            places,
            negated,
            ..
        } => {
            let mut parts: Vec<String> = by
                .iter()
                .map(|a| format!("with {}", agent_name(graph, *a)))
                .collect();
            parts.extend(
                places
                    .iter()
                    .map(|p| format!("at {} or inside it", graph.slug_of(*p))),
            );
            format!(
                "{}events {}",
                if *negated { "not " } else { "" },
                parts.join(" ")
            )
        }
        Op::Alive {
            window, negated, ..
        } => format!(
            "{}alive within {window}",
            if *negated { "not " } else { "" }
        ),
        Op::With {
            other,
            events,
            window,
            ..
        } => {
            let mut s = format!("took part in an event with {}", graph.slug_of(*other));
            for e in events {
                s.push_str(&format!(" in {}", graph.slug_of(*e)));
            }
            if let Some(w) = window {
                s.push_str(&format!(" dated within {w}"));
            }
            s
        }
        Op::Reach {
            relation, inverse, ..
        } => {
            let name = &schema.relation_def(*relation).name;
            if *inverse {
                format!("subjects of {name}, through every chain")
            } else {
                format!("objects of {name}, through every chain")
            }
        }
        Op::CoParticipants { role, .. } => match role {
            Some(role) => format!("others in the {role} role of the same events"),
            None => "others who took part in the same events".to_owned(),
        },
        Op::CoLinked { relation, .. } => format!(
            "others with the same {} object",
            schema.relation_def(*relation).name
        ),
        Op::Combine { op, .. } => match op {
            SetOp::And => "both".to_owned(),
            SetOp::Or => "either".to_owned(),
            SetOp::Except => "the first except the second".to_owned(),
        },
    };
    out.push_str(&format!("{pad}{line}\n"));
    for input in op.inputs() {
        explain_op(graph, out, input, depth + 1);
    }
}

fn agent_name(graph: &Graph, agent: Agent) -> String {
    match agent {
        Agent::Entity(id) => graph.slug_of(id).to_string(),
        Agent::Kind(kind) => format!("any {}", graph.schema().kind_def(kind).name),
    }
}
