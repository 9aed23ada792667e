//! `check`: a source's figures set beside the records, with a verdict and its reason.
//!
//! A figure of a relation the schema gives a meaning (an `[[aggregate]]`: "98 of 139" members
//! arrested and shot counts `members of cc-1934 arrested by 1940 shot by 1940`) is set beside
//! that count over the records: the records allow any number from the settled *yes* to the
//! sum of *yes*, *possibly*, *no record* and the members the figure's total has beyond those
//! named. The
//! figure is *supported* when the settled records fall within it, *contradicted* when it lies
//! outside what the records allow, and *undecided* otherwise.
//!
//! A figure with no such meaning (a camp population) is set beside the other sources' figures
//! of the same relation, scope and time; only asserted or probable ones decide. With none of
//! the same scope it is *undecided*, and the reason names what there is.

use serde::Serialize;

use super::answer::{EntityRow, Evidence};
use super::eval::{Eval, Set};
use super::plan::Output;
use crate::model::{ClaimId, Date, EntityId, Fact, Quantity, RelationId, Truth, Value};
use crate::store::FactRef;

/// The verdict on a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The records (or the other sources) bear it out.
    Supported,
    /// The records (or the other sources) rule it out.
    Contradicted,
    /// They neither bear it out nor rule it out.
    Undecided,
}

impl Verdict {
    /// The word printed in tables. Cost: O(1).
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Undecided => "undecided",
        }
    }
}

/// One figure checked.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Check {
    /// The entity the figure is about, by id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The relation.
    pub relation: String,
    /// The figure as the source gave it.
    pub figure: String,
    /// Its scope (the claim's role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The date it refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The claim that gives the figure.
    pub claim: Evidence,
    /// The query counted over the records, for a figure with a meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in words.
    pub reason: String,
    /// The records that decide: the members settled *no* (against the figure) or the other
    /// sources' figures.
    pub against: Vec<EntityRow>,
    /// Other sources' figures set beside this one.
    pub compared: Vec<Evidence>,
}

/// Checks the figures of `relation` (or of every relation with a meaning) of the entities of
/// `input`, as the evaluation's scope admits them.
pub(super) fn run(eval: &Eval, input: &Set, relation: Option<RelationId>) -> Vec<Check> {
    let graph = eval.graph;
    let schema = graph.schema();
    let mut out = Vec::new();
    for id in input.keys() {
        for claim in graph.claims_about(*id) {
            let FactRef::Value {
                subject,
                relation: r,
                value: Value::Number(figure),
                role,
                at,
            } = graph.claim_ref(*claim).fact()
            else {
                continue;
            };
            let wanted = match relation {
                Some(relation) => r == relation,
                None => schema.aggregate(r).is_some(),
            };
            if subject != *id || !wanted || !eval.admits(*claim) {
                continue;
            }
            let mut check = Check {
                id: graph.slug_of(*id).to_string(),
                name: graph.name_of(*id).to_owned(),
                relation: schema.relation_def(r).name.clone(),
                figure: figure.to_string(),
                scope: role.map(str::to_owned),
                at: at.map(Date::to_string),
                claim: super::render::evidence(graph, *claim),
                counted: None,
                verdict: Verdict::Undecided,
                reason: String::new(),
                against: Vec::new(),
                compared: Vec::new(),
            };
            match schema.aggregate(r) {
                Some(aggregate) => against_records(
                    eval,
                    &mut check,
                    *id,
                    figure,
                    role,
                    at,
                    &aggregate.counts,
                    aggregate.of.as_deref(),
                ),
                None => against_sources(eval, &mut check, *claim, figure),
            }
            out.push(check);
        }
    }
    out
}

/// The time phrase for a figure's date: `by 1940`, `in 1933`, `between 1936 and 1940`.
fn time_phrase(at: Option<&Date>) -> String {
    let Some(at) = at else {
        return String::new();
    };
    let text = at.to_string();
    if ["by ", "before ", "after "]
        .iter()
        .any(|p| text.starts_with(p))
    {
        text
    } else if let Some((a, b)) = text.split_once('/') {
        format!("between {a} and {b}")
    } else {
        format!("in {text}")
    }
}

fn fill(template: &str, subject: &str, at: &str) -> String {
    let text = template.replace("{subject}", subject).replace("{at}", at);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[allow(clippy::too_many_arguments)]
fn against_records(
    eval: &Eval,
    check: &mut Check,
    subject: EntityId,
    figure: &Quantity,
    role: Option<&str>,
    at: Option<&Date>,
    counts: &str,
    of: Option<&str>,
) {
    let graph = eval.graph;
    if role.is_some_and(|r| r != "total") {
        check.reason = format!(
            "the figure counts {} only, and the records are not counted by role",
            role.unwrap_or_default()
        );
        return;
    }
    let slug = graph.slug_of(subject).to_string();
    let text = fill(counts, &slug, &time_phrase(at));
    check.counted = Some(text.clone());
    let query = match graph.prepare(&format!("count {text}")) {
        Ok(query) => query,
        Err(error) => {
            check.reason = format!("the meaning `{text}` is not a valid query: {error}");
            return;
        }
    };
    let Output::Count {
        set,
        whole: Some(whole),
    } = &query.plan().output
    else {
        check.reason = format!("the meaning `{text}` has no filter to count by");
        return;
    };
    let whole = match of {
        Some(of) => match graph.prepare(&fill(of, &slug, "")) {
            Ok(q) => match &q.plan().output {
                Output::Rows(op) => op.clone(),
                _ => whole.clone(),
            },
            Err(_) => whole.clone(),
        },
        None => whole.clone(),
    };
    let all = eval.unscoped();
    let records = all.records(set, &whole);
    let named = records.whole;
    // Members the figure's total has beyond those the records name: unknown either way.
    let unnamed = figure
        .total()
        .map_or(0, |t| (t.round() as usize).saturating_sub(named));
    let low = records.yes;
    // Without a total, the figure may count members the records do not name at all: the
    // records bound it from below only.
    let bounded = figure.total().is_some() || figure.is_share();
    let high = records.yes + records.possibly + records.no_record + unnamed;
    let total = figure.total().unwrap_or(named as f64);
    let (flo, fhi) = figure.interval();
    let as_count = |x: Option<f64>| {
        x.map(|v| {
            if figure.is_share() && figure.total().is_none() {
                v * total / 100.0
            } else {
                v
            }
        })
    };
    let (flo, fhi) = (
        as_count(flo).unwrap_or(f64::NEG_INFINITY),
        as_count(fhi).unwrap_or(f64::INFINITY),
    );
    let (lo, hi) = (
        low as f64,
        if bounded { high as f64 } else { f64::INFINITY },
    );
    // An exact percentage's upper limit is not its own (`Quantity::percentage_step`: 70% is
    // a share below 71%): a count on that limit is outside it.
    let rounded = figure.percentage_step().is_some();
    let open = if rounded { -1e-9 } else { 1e-9 };
    check.verdict = if fhi + open < lo || flo > hi + 1e-9 {
        Verdict::Contradicted
    } else if flo <= lo + 1e-9 && lo < fhi + open {
        Verdict::Supported
    } else {
        Verdict::Undecided
    };
    let mut parts = vec![format!("{} yes", records.yes)];
    if records.possibly > 0 {
        parts.push(format!("{} possibly", records.possibly));
    }
    parts.push(format!("{} no", records.no));
    parts.push(format!("{} no record", records.no_record));
    let mut of_whole = format!("{named} named");
    if unnamed > 0 {
        of_whole.push_str(&format!(" (and {unnamed} of the {total} not named)"));
    }
    let range = if !bounded {
        format!("{low} or more (the figure gives no total, so unnamed ones may count)")
    } else if low == high {
        format!("exactly {low}")
    } else {
        format!("{low} to {high}")
    };
    let figure_text = if figure.is_share() && figure.total().is_none() {
        let rounded = if rounded {
            ", the percentage rounded or cut"
        } else {
            ""
        };
        format!("{figure} of {total} ({}{rounded})", fmt_count(flo, fhi))
    } else {
        figure.to_string()
    };
    check.reason = format!(
        "of the {of_whole}, the records give {}: they allow {range}; {figure_text} {}",
        parts.join(", "),
        match check.verdict {
            Verdict::Supported => "is reached by the settled records",
            Verdict::Contradicted => "lies outside that",
            Verdict::Undecided => "lies within it but is not reached by the settled records",
        }
    );
    check.against = all.rows(records.no_rows);
}

fn fmt_count(lo: f64, hi: f64) -> String {
    if (lo - hi).abs() < 1e-9 {
        format!("{lo:.1}")
    } else {
        format!("{lo:.1} to {hi:.1}")
    }
}

fn against_sources(eval: &Eval, check: &mut Check, claim: ClaimId, figure: &Quantity) {
    let graph = eval.graph;
    let FactRef::Value {
        subject,
        relation,
        role,
        at,
        ..
    } = graph.claim_ref(claim).fact()
    else {
        return;
    };
    let mut same_scope: Vec<(ClaimId, Truth)> = Vec::new();
    let mut other_scope: Vec<ClaimId> = Vec::new();
    for other in graph.values_of(subject, relation) {
        if other == claim || graph.claim_ref(other).rank() == crate::model::Rank::Deprecated {
            continue;
        }
        let FactRef::Value {
            value: Value::Number(theirs),
            role: their_role,
            at: their_at,
            ..
        } = graph.claim_ref(other).fact()
        else {
            continue;
        };
        let same_time = match (at, their_at) {
            (Some(a), Some(b)) => a.overlaps(b) == Truth::Yes,
            (None, None) => true,
            _ => false,
        };
        if !same_time {
            continue;
        }
        if their_role == role {
            same_scope.push((other, figure.compare(theirs)));
        } else {
            other_scope.push(other);
        }
    }
    let strong: Vec<&(ClaimId, Truth)> = same_scope
        .iter()
        .filter(|(c, _)| !graph.claim_ref(*c).is_weak())
        .collect();
    check.compared = same_scope
        .iter()
        .map(|(c, _)| *c)
        .chain(other_scope.iter().copied())
        .map(|c| super::render::evidence(graph, c))
        .collect();
    let scope = role.unwrap_or("no stated scope");
    let list = |claims: &mut dyn Iterator<Item = ClaimId>| {
        claims
            .map(|c| {
                let cl = graph.claim(c);
                let source = cl
                    .citations
                    .first()
                    .map(|s| graph.slug_of(s.source).to_string())
                    .unwrap_or_default();
                match &cl.fact {
                    Fact::Value {
                        value, role, at, ..
                    } => format!(
                        "{value} ({}{}) [{source}]",
                        role.as_deref().unwrap_or("no scope"),
                        at.as_ref().map(|a| format!(", {a}")).unwrap_or_default()
                    ),
                    _ => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if strong.is_empty() {
        check.verdict = Verdict::Undecided;
        let mut reason = format!("no asserted figure of the same scope ({scope}) for this time");
        if !same_scope.is_empty() {
            reason.push_str(&format!(
                "; only disputed or unverified ones: {}",
                list(&mut same_scope.iter().map(|(c, _)| *c))
            ));
        }
        if !other_scope.is_empty() {
            reason.push_str(&format!(
                "; of other scopes, not comparable: {}",
                list(&mut other_scope.iter().copied())
            ));
        }
        check.reason = reason;
        return;
    }
    let agree = strong.iter().filter(|(_, t)| *t != Truth::No).count();
    check.verdict = if agree == 0 {
        Verdict::Contradicted
    } else if agree == strong.len() {
        Verdict::Supported
    } else {
        Verdict::Undecided
    };
    check.reason = format!(
        "{} of {} figure(s) of the same scope ({scope}) and time can be the same value: {}",
        agree,
        strong.len(),
        list(&mut strong.iter().map(|(c, _)| *c))
    );
}
