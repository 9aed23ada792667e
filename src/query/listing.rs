//! The rows of the answers that are not sets of entities: the sources behind a set with how
//! many claims each, quotations, and chains of claims between two entities; their tables.

use std::io;

use serde::Serialize;

use super::answer::{Evidence, Status};
use super::table::{Out, aligned_map, evidence_lines};

/// A source with how many claims about the set it backs.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct SourceRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many claims about the set cite it (directly or as `via`).
    pub claims: usize,
}

/// An entity with how many rows a walk from it gives (`count co-members of each …`).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct CountRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Rows the claims settle.
    pub count: usize,
    /// Rows they leave open.
    pub possibly: usize,
}

/// A quotation.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct QuoteRow {
    /// The speaker's id.
    pub id: String,
    /// The speaker's name.
    pub name: String,
    /// The words.
    pub words: String,
    /// When, as the source gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The occasion, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occasion: Option<String>,
    /// How sure, given the query's time.
    pub status: Status,
    /// The claim.
    pub evidence: Evidence,
}

/// A chain of claims between two entities, hop by hop.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Chain {
    /// The hops in order, from the first entity to the second.
    pub hops: Vec<Hop>,
}

/// One claim of a chain: from whom, to whom, and the claim with its sources.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Hop {
    /// The entity the hop starts from, by name.
    pub from: String,
    /// The entity it reaches, by name.
    pub to: String,
    /// The claim.
    pub evidence: Evidence,
}

pub(super) fn sources_table(out: &mut Out<'_>, rows: &[SourceRow], limit: usize) -> io::Result<()> {
    aligned_map(out, &["name", "id", "claims"], rows, limit, |r| {
        vec![r.name.clone(), r.id.clone(), r.claims.to_string()]
    })
}

pub(super) fn counts_table(out: &mut Out<'_>, rows: &[CountRow], limit: usize) -> io::Result<()> {
    aligned_map(out, &["name", "id", "count", ""], rows, limit, |r| {
        let possibly = if r.possibly > 0 {
            format!("+{} possibly", r.possibly)
        } else {
            String::new()
        };
        vec![r.name.clone(), r.id.clone(), r.count.to_string(), possibly]
    })
}

pub(super) fn claims_list(out: &mut Out<'_>, rows: &[Evidence], limit: usize) -> io::Result<()> {
    if rows.is_empty() {
        out.push_str("(no rows)\n");
    }
    for e in rows.iter().take(limit) {
        evidence_lines(out, e);
        out.spill()?;
    }
    if rows.len() > limit {
        out.push_str(&format!(
            "… {} more claims ({} in all)\n",
            rows.len() - limit,
            rows.len()
        ));
    }
    Ok(())
}

pub(super) fn quotes_table(
    out: &mut Out<'_>,
    rows: &[QuoteRow],
    why: bool,
    limit: usize,
) -> io::Result<()> {
    if why {
        if rows.is_empty() {
            out.push_str("(no rows)\n");
        }
        for row in rows.iter().take(limit) {
            out.push_str(&format!("{} ({}): \"{}\"\n", row.name, row.id, row.words));
            evidence_lines(out, &row.evidence);
            out.spill()?;
        }
        return Ok(());
    }
    let header = ["speaker", "date", "words", "status", "sources"];
    aligned_map(out, &header, rows, limit, |r| {
        let mut ids: Vec<&str> = Vec::new();
        for s in &r.evidence.sources {
            if !ids.contains(&s.id.as_str()) {
                ids.push(&s.id);
            }
        }
        vec![
            r.name.clone(),
            r.date.clone().unwrap_or_default(),
            format!("\"{}\"", r.words),
            r.status.word().to_owned(),
            ids.join(", "),
        ]
    })
}

pub(super) fn chains_list(
    out: &mut Out<'_>,
    from: &str,
    to: &str,
    chains: &[Chain],
    why: bool,
) -> io::Result<()> {
    if chains.is_empty() {
        out.push_str(&format!(
            "(no chain of claims connects {from} and {to} within {} claims)\n",
            super::special::MAX_HOPS
        ));
        return Ok(());
    }
    for (i, chain) in chains.iter().enumerate() {
        let mut names = vec![from.to_owned()];
        names.extend(chain.hops.iter().map(|h| h.to.clone()));
        out.push_str(&format!(
            "{}. {} ({} claims)\n",
            i + 1,
            names.join(" — "),
            chain.hops.len()
        ));
        for hop in &chain.hops {
            if why {
                evidence_lines(out, &hop.evidence);
            } else {
                let mut ids: Vec<&str> = Vec::new();
                for s in &hop.evidence.sources {
                    if !ids.contains(&s.id.as_str()) {
                        ids.push(&s.id);
                    }
                }
                // A hop that rests on a weak claim says so.
                let mark = match hop.evidence.certainty {
                    crate::model::Certainty::Asserted => String::new(),
                    other => format!(" ({other})"),
                };
                out.push_str(&format!(
                    "   {}  [{}]{mark}\n",
                    hop.evidence.statement,
                    ids.join(", ")
                ));
            }
        }
        out.spill()?;
    }
    Ok(())
}
