//! `as of DATE`: answers from what was published by then. A recorded claim stands when one of
//! its citations (under `according to`, one that cites that source) names a source whose
//! publication date falls on or before the last day `DATE` allows; an inferred claim stands
//! when all its premises do, so a rule's conclusion is known no earlier than what it rests on.
//! A source without a date, or whose date may fall either side (`1930s` as of 1935), cannot be
//! placed: its citations are left out and the answer names it ([`AsOf`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::Graph;
use crate::model::{ClaimId, Date, EntityId, Truth};

/// What an `as of` answer rests on: the date, and the sources left out because they could not
/// be placed before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AsOf {
    /// The date of `as of`, as written back (`1955`).
    pub date: String,
    /// Sources without a publication date, or whose date may fall after `date`, that a claim
    /// looked at by the answer cites; by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// A source an `as of` answer left out, and how many of the claims it looked at cite it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The source's id.
    pub id: String,
    /// Its publication date, when it has one that may fall either side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The claims left out that cite it (and no source known to be published by then).
    pub claims: usize,
}

impl std::fmt::Display for AsOf {
    /// `as of 1955: left out, undated or possibly later: orsag (12 claims), …`, or nothing
    /// when no source was left out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.left_out.is_empty() {
            return Ok(());
        }
        write!(
            f,
            "as of {}: left out, not known to be published by then: ",
            self.date
        )?;
        for (i, source) in self.left_out.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let plural = if source.claims == 1 { "" } else { "s" };
            match &source.date {
                Some(date) => write!(
                    f,
                    "{} (dated {date}, {} claim{plural})",
                    source.id, source.claims
                )?,
                None => write!(
                    f,
                    "{} (undated, {} claim{plural})",
                    source.id, source.claims
                )?,
            }
        }
        Ok(())
    }
}

/// Whether a source is known to be published by the end of `date`: `Some(true)` or
/// `Some(false)` when its date settles it, `None` when it has no date or its date may fall
/// either side. Cost: O(1).
pub(crate) fn published_by(graph: &Graph, source: EntityId, date: &Date) -> Option<bool> {
    let published = graph.entity_ref(source).source.as_ref()?.date.as_ref()?;
    match published.is_by(date) {
        Truth::Yes => Some(true),
        Truth::No => Some(false),
        Truth::Possibly => None,
    }
}

/// The `as of` side of an evaluation: the date, and the sources it could not place, collected
/// as claims are looked at.
pub(crate) struct Cutoff {
    pub(crate) date: Date,
    /// (source, claim) pairs: a claim left out that cites a source that cannot be placed.
    unplaced: RefCell<BTreeSet<(EntityId, ClaimId)>>,
}

impl Cutoff {
    pub(crate) fn new(date: Date) -> Cutoff {
        Cutoff {
            date,
            unplaced: RefCell::new(BTreeSet::new()),
        }
    }

    /// Whether a recorded claim stands as of the date, through a citation that `cites` admits
    /// (every citation, or those of the `according to` source). A claim that does not stand
    /// records the sources it cites that could not be placed. Cost: O(citations).
    pub(crate) fn stands(
        &self,
        graph: &Graph,
        id: ClaimId,
        claim: crate::store::ClaimRef<'_>,
        cites: impl Fn(EntityId, Option<EntityId>) -> bool,
    ) -> bool {
        let mut unplaced = Vec::new();
        for citation in claim.citations() {
            if !cites(citation.source, citation.via) {
                continue;
            }
            match published_by(graph, citation.source, &self.date) {
                Some(true) => return true,
                Some(false) => {}
                None => unplaced.push(citation.source),
            }
        }
        let mut set = self.unplaced.borrow_mut();
        for source in unplaced {
            set.insert((source, id));
        }
        false
    }

    /// The answer's account of the cutoff. Cost: O(sources left out × log).
    pub(crate) fn report(&self, graph: &Graph) -> AsOf {
        let mut counts: BTreeMap<EntityId, usize> = BTreeMap::new();
        for (source, _) in self.unplaced.borrow().iter() {
            *counts.entry(*source).or_default() += 1;
        }
        let mut left_out: Vec<LeftOut> = counts
            .into_iter()
            .map(|(source, claims)| {
                let entity = graph.entity_ref(source);
                LeftOut {
                    id: entity.slug.to_string(),
                    date: entity
                        .source
                        .as_ref()
                        .and_then(|s| s.date.as_ref())
                        .map(Date::to_string),
                    claims,
                }
            })
            .collect();
        left_out.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.id.cmp(&b.id)));
        AsOf {
            date: self.date.to_string(),
            left_out,
        }
    }
}
