//! The claims of a graph, kept as compact rows instead of [`Claim`] values, and the cache that
//! hands out `&Claim` to those who ask for one.
//!
//! A [`Claim`] is 224 bytes plus a heap-allocated vector of 72-byte citations; a million
//! generated people make 2.6 million of them. Here each claim is one 20-byte [`Row`]: the
//! entities it names as `u32` positions, its relation or event kind, its role interned, its
//! date in a column of the dates that exist (found by a rank over one bit per claim, so that
//! reading a claim's date needs no read of its row), its rank and certainty in a byte,
//! and its citations as the id of a list in a table of the distinct citation lists (claims
//! citing the same sources at the same places share one). Values, quotations and the rare fields (note, label,
//! rank reason) live in side tables that only the claims having them use.
//!
//! The store and the query layer read claims through [`ClaimRef`], a view that copies small
//! values out of the row and borrows dates and strings from the columns: the index build, the
//! events index, the checks of writes, saving and evaluation build no `Claim`. The public
//! [`Graph::claim`](super::Graph::claim) builds the claim on its first read and keeps it in a
//! per-claim slot (`OnceLock<Box<Claim>>`, 16 bytes, empty until then), so what a graph holds
//! grows with what callers read, not with what queries walk.

use std::hash::{Hash, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::shared::{Cache, Shared};
use super::{GraphError, lineage::Lineage};

mod view;
use crate::model::{
    Certainty, Citation, Claim, Date, EntityId, EventKindId, Fact, Rank, RelationId, Value,
};
pub(crate) use view::{ClaimRef, FactRef};

/// Absent: no date, no `via`, no locator.
const NONE: u32 = u32::MAX;

/// What a [`Row`] holds, by the kind of its fact:
///
/// | shape | `a` | `b` | `c` | `role` | its date in `dates` |
/// |---|---|---|---|---|---|
/// | link | subject | object | relation | role or 0 | during |
/// | value | subject | position in `values` | relation | role or 0 | at |
/// | occurred | event | | | | date |
/// | participation | event | participant | | role | |
/// | never | subject | | event kind | | during |
/// | said | speaker | occasion or `NONE` | words in `texts` | | date |
const LINK: u8 = 0;
const VALUE: u8 = 1;
const OCCURRED: u8 = 2;
const PARTICIPATION: u8 = 3;
const NEVER: u8 = 4;
const SAID: u8 = 5;

/// Bit 4 of [`Row::bits`]: the claim has a note, label or rank reason in `rare`.
const RARE: u8 = 16;

/// One claim in 20 bytes; see the table above for what `a`, `b`, `c` mean.
#[derive(Clone, Copy, Debug)]
struct Row {
    a: u32,
    b: u32,
    c: u32,
    /// The id of its citation list.
    cites: u32,
    /// 0 for none, else `roles[role - 1]`.
    role: u16,
    shape: u8,
    /// Rank (bits 0–1), certainty (bits 2–3), [`RARE`].
    bits: u8,
}

/// The fields most claims lack.
#[derive(Clone, Debug)]
struct Rare {
    note: Option<String>,
    label: Option<String>,
    rank_reason: Option<String>,
}

/// One citation in a list: entity positions and text ids, `NONE` where absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cite {
    source: u32,
    via: u32,
    locator: u32,
    quote: u32,
}

/// Strings in one buffer: text `i` ends at `ends[i]` and starts where text `i - 1` ends.
#[derive(Clone, Debug, Default)]
struct Texts {
    buf: String,
    ends: Vec<usize>,
}

impl Texts {
    fn push(&mut self, text: &str) -> u32 {
        self.buf.push_str(text);
        self.ends.push(self.buf.len());
        (self.ends.len() - 1) as u32
    }

    fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.buf[start..self.ends[id]]
    }

    fn opt(&self, id: u32) -> Option<&str> {
        (id != NONE).then(|| self.get(id))
    }
}

/// The claims of a graph; see the module docs.
///
/// The rows, dates and values, which grow with the claims, are [`Shared`] with the graph's
/// clones; the citation lists, their strings and the date bits are copied by a clone (a few
/// bytes per distinct citation list, two bits per claim).
#[derive(Clone, Debug, Default)]
pub(super) struct Claims {
    rows: Shared<Row>,
    dates: Shared<Date>,
    /// Which claims have a date: bit `i % 64` of word `i / 64` for claim `i`.
    dated: Vec<u64>,
    /// Per word of `dated`, the dated claims before it: claim `i`'s date is
    /// `dates[before[i / 64] + dated claims before `i` in its word]`.
    before: Vec<u32>,
    values: Shared<Value>,
    /// Interned roles (a schema declares a few).
    roles: Vec<Box<str>>,
    /// Quotations' words, citations' locators and quotes.
    texts: Texts,
    /// The distinct citation lists: list `i` is `cites[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    cites: Vec<Cite>,
    /// The lists by content, as list ids, to find an equal list before adding one.
    lists: HashTable<u32>,
    /// The rare fields of the claims flagged [`RARE`], by claim position, in claim order.
    rare: Vec<(u32, Box<Rare>)>,
    /// Per claim, the `Claim` built on its first read through [`Claims::get`]; a clone
    /// starts with an empty one.
    cache: Cache<Claim>,
}

/// The hash of a citation list by content (positions and strings), the same for a list being
/// added and for the stored list it equals.
fn hash_list<'a>(items: impl Iterator<Item = (u32, u32, Option<&'a str>, Option<&'a str>)>) -> u64 {
    let mut hasher = FxHasher::default();
    for item in items {
        item.hash(&mut hasher);
    }
    hasher.finish()
}

fn position(id: Option<EntityId>) -> u32 {
    id.map_or(NONE, |id| id.index() as u32)
}

fn full(what: &'static str) -> GraphError {
    GraphError::Full {
        what,
        limit: NONE as usize - 1,
    }
}

impl Claims {
    /// The number of claims. Cost: O(1).
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Makes room for `n` more claims. Cost: O(claims), to move them.
    pub(super) fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// Gives back the room the columns grew into beyond what they hold, and freezes the
    /// shared ones ([`Shared::freeze`]).
    pub(super) fn shrink_to_fit(&mut self) {
        self.rows.freeze();
        self.dates.freeze();
        self.values.freeze();
        self.dated.shrink_to_fit();
        self.before.shrink_to_fit();
        self.texts.buf.shrink_to_fit();
        self.texts.ends.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.cites.shrink_to_fit();
        self.rare.shrink_to_fit();
        let Claims {
            starts,
            cites,
            texts,
            lists,
            ..
        } = self;
        lists.shrink_to_fit(|&id| self_hash(starts, cites, texts, id));
    }

    /// Empties every claim's cached `Claim`. Cost: O(claims).
    pub(super) fn clear_cache(&mut self) {
        self.cache.clear();
    }

    /// Appends `claim` (already checked against the graph). Cost: O(citations + length of its
    /// strings) expected.
    ///
    /// # Errors
    ///
    /// [`GraphError::Full`] when a column would outgrow its 32-bit positions (or the roles
    /// their 16 bits); the claims are then unchanged.
    pub(super) fn push(&mut self, claim: Claim) -> Result<(), GraphError> {
        let needed_texts = 1 + 2 * claim.citations.len();
        if self.texts.ends.len() + needed_texts >= NONE as usize
            || self.cites.len() + claim.citations.len() >= NONE as usize
        {
            return Err(full("strings or citations"));
        }
        let Claim {
            fact,
            citations,
            certainty,
            note,
            label,
            rank,
            rank_reason,
        } = claim;
        let role_of = |roles: &mut Vec<Box<str>>, role: Option<String>| -> Result<u16, _> {
            let Some(role) = role else { return Ok(0) };
            if let Some(at) = roles.iter().position(|r| **r == *role) {
                return Ok(at as u16 + 1);
            }
            if roles.len() >= u16::MAX as usize - 1 {
                return Err(full("roles"));
            }
            roles.push(role.into_boxed_str());
            Ok(roles.len() as u16)
        };
        let mut row = Row {
            a: 0,
            b: NONE,
            c: 0,
            cites: 0,
            role: 0,
            shape: 0,
            bits: rank as u8 | (certainty as u8) << 2,
        };
        let mut date = None;
        match fact {
            Fact::Link {
                subject,
                relation,
                object,
                role,
                during,
            } => {
                row.role = role_of(&mut self.roles, role)?;
                (row.shape, row.a, row.b, row.c) = (
                    LINK,
                    subject.index() as u32,
                    object.index() as u32,
                    relation.index() as u32,
                );
                date = during;
            }
            Fact::Value {
                subject,
                relation,
                value,
                role,
                at,
            } => {
                row.role = role_of(&mut self.roles, role)?;
                (row.shape, row.a, row.b, row.c) = (
                    VALUE,
                    subject.index() as u32,
                    self.values.len() as u32,
                    relation.index() as u32,
                );
                self.values.push(value);
                date = at;
            }
            Fact::Occurred { event, date: d } => {
                (row.shape, row.a) = (OCCURRED, event.index() as u32);
                date = Some(d);
            }
            Fact::Participation {
                event,
                role,
                participant,
            } => {
                row.role = role_of(&mut self.roles, Some(role))?;
                (row.shape, row.a, row.b) = (
                    PARTICIPATION,
                    event.index() as u32,
                    participant.index() as u32,
                );
            }
            Fact::Never {
                subject,
                event_kind,
                during,
            } => {
                (row.shape, row.a, row.c) =
                    (NEVER, subject.index() as u32, event_kind.index() as u32);
                date = during;
            }
            Fact::Said {
                speaker,
                words,
                date: d,
                occasion,
            } => {
                (row.shape, row.a, row.b) = (SAID, speaker.index() as u32, position(occasion));
                row.c = self.texts.push(&words);
                date = d;
            }
        }
        let at = self.rows.len();
        if at.is_multiple_of(64) {
            self.dated.push(0);
            self.before.push(self.dates.len() as u32);
        }
        if let Some(date) = date {
            self.dated[at / 64] |= 1 << (at % 64);
            self.dates.push(date);
        }
        row.cites = self.intern(&citations);
        if note.is_some() || label.is_some() || rank_reason.is_some() {
            row.bits |= RARE;
            self.rare.push((
                self.rows.len() as u32,
                Box::new(Rare {
                    note,
                    label,
                    rank_reason,
                }),
            ));
        }
        self.rows.push(row);
        self.cache.push();
        Ok(())
    }

    /// The id of the list equal to `citations`, added if there is none.
    fn intern(&mut self, citations: &[Citation]) -> u32 {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let hash = hash_list(citations.iter().map(|c| {
            (
                c.source.index() as u32,
                position(c.via),
                c.locator.as_deref(),
                c.quote.as_deref(),
            )
        }));
        let Claims {
            starts,
            cites,
            texts,
            lists,
            ..
        } = self;
        let same = |id: &u32| {
            let list = &cites[starts[*id as usize] as usize..starts[*id as usize + 1] as usize];
            list.len() == citations.len()
                && list.iter().zip(citations).all(|(have, c)| {
                    have.source == c.source.index() as u32
                        && have.via == position(c.via)
                        && texts.opt(have.locator) == c.locator.as_deref()
                        && texts.opt(have.quote) == c.quote.as_deref()
                })
        };
        if let Some(id) = lists.find(hash, same) {
            return *id;
        }
        let id = (starts.len() - 1) as u32;
        for c in citations {
            let locator = c.locator.as_deref().map_or(NONE, |t| texts.push(t));
            let quote = c.quote.as_deref().map_or(NONE, |t| texts.push(t));
            cites.push(Cite {
                source: c.source.index() as u32,
                via: position(c.via),
                locator,
                quote,
            });
        }
        starts.push(cites.len() as u32);
        lists.insert_unique(hash, id, |&id| self_hash(starts, cites, texts, id));
        id
    }

    /// Claim `at` as a view, whose entity handles `lineage` makes. Cost: O(1).
    #[inline]
    pub(super) fn view<'a>(&'a self, at: usize, lineage: &'a Lineage) -> ClaimRef<'a> {
        ClaimRef {
            claims: self,
            lineage,
            row: &self.rows[at],
            at,
        }
    }

    /// The date of claim `at` (an event's date, a link's `during`, a value's `at`, …), read
    /// without its row: a rank over `dated`, whose few hundred kilobytes at a million claims
    /// stay in cache, then the date itself. Cost: O(1).
    #[inline]
    pub(super) fn date(&self, at: usize) -> Option<&Date> {
        let word = self.dated[at / 64];
        let bit = 1u64 << (at % 64);
        if word & bit == 0 {
            return None;
        }
        let rank = self.before[at / 64] as usize + (word & (bit - 1)).count_ones() as usize;
        Some(&self.dates[rank])
    }

    /// Claim `at`, built on its first read and cached. Cost: O(1) once cached; the first read
    /// allocates the claim, its citations and their strings.
    pub(super) fn get(&self, at: usize, lineage: &Lineage) -> &Claim {
        self.cache
            .get(at, self.len(), || self.view(at, lineage).to_claim())
    }

    /// The bytes the columns and the filled cache slots hold on the heap (for measurements).
    /// Cost: O(claims), to count the filled slots.
    pub(super) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.rows.heap_bytes()
            + self.cache.heap_bytes()
            + self.dates.heap_bytes()
            + self.dated.capacity() * 8
            + self.before.capacity() * 4
            + self.values.heap_bytes()
            + self.texts.buf.capacity()
            + self.texts.ends.capacity() * size_of::<usize>()
            + self.starts.capacity() * 4
            + self.cites.capacity() * size_of::<Cite>()
            + self.lists.capacity() * 5
            + self.rare.capacity() * size_of::<(u32, Box<Rare>)>()
    }
}

/// The hash of stored list `id`.
fn self_hash(starts: &[u32], cites: &[Cite], texts: &Texts, id: u32) -> u64 {
    let list = &cites[starts[id as usize] as usize..starts[id as usize + 1] as usize];
    hash_list(
        list.iter()
            .map(|c| (c.source, c.via, texts.opt(c.locator), texts.opt(c.quote))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_20_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 20);
        assert_eq!(std::mem::size_of::<std::sync::OnceLock<Box<Claim>>>(), 16);
    }

    fn built(graph: &crate::Graph) -> usize {
        graph.claims.cache.built()
    }

    /// *Architecture invariant*: loading, reasoning, querying (without reading the rows in
    /// words) and saving read the rows and build no `Claim` and no `Entity`; a read through
    /// `Graph::claim` or `Graph::entity` builds one, and `shrink_cache` drops both.
    #[test]
    fn only_reads_through_claim_build_claims() {
        let mut graph = crate::bundled();
        for query in [
            "members of 1934 Central Committee arrested by 1940",
            "count members of 1934 Central Committee arrested by 1940",
            "members of 1934 Central Committee arrested by 1940 as recorded",
            "count members of 1934 Central Committee by year",
        ] {
            let answer = graph.query(query).expect("runs");
            drop(answer);
        }
        let _ = crate::io::to_json(&graph);
        let _ = crate::io::to_snapshot(&graph);
        assert_eq!(built(&graph), 0);
        assert_eq!(built(graph.reasoned()), 0);
        // Nor any `Entity`: those paths read the entities' columns.
        assert_eq!(graph.entities.built(), 0);
        assert_eq!(graph.reasoned().entities.built(), 0);
        // The store's checks read rows; the schema's invariants are queries whose rows are
        // read in words (their evidence), which builds the claims they show.
        let _ = graph.check();
        assert_eq!(built(&graph), 0);
        let (id, _) = graph.claim_views().nth(3).expect("bundled");
        let claim = graph.claim(id).clone();
        assert_eq!(built(&graph), 1);
        let (e, _) = graph.entity_views().nth(3).expect("bundled");
        let entity = graph.entity(e).clone();
        assert!(graph.entities.built() >= 1);
        assert_eq!(graph.clone().entities.built(), 0);
        graph.shrink_cache();
        assert_eq!(built(&graph), 0);
        assert_eq!(graph.entities.built(), 0);
        assert_eq!(graph.claim(id), &claim);
        assert_eq!(graph.entity(e), &entity);
    }

    /// Every claim of the bundled graph reads back from the columns as it went in.
    #[test]
    fn claims_read_back_as_they_went_in() {
        let graph = crate::bundled();
        let mut again = Claims::default();
        for (_, claim) in graph.claims() {
            again.push(claim.clone()).expect("room");
        }
        for (id, claim) in graph.claims() {
            let view = again.view(id.index(), &graph.lineage);
            assert_eq!(&view.to_claim(), claim);
            assert_eq!(view.fact().to_fact(), claim.fact);
        }
        // The bundled claims share their citation lists.
        assert!(again.starts.len() < graph.n_claims());
    }

    /// *Architecture invariant*: showing an answer in words (its rows, a table, `why`, JSON,
    /// written or as strings) reads the claims' and entities' columns and builds no `Claim`
    /// and no `Entity`: writing a million rows must not leave a million claims in the cache.
    #[test]
    fn answers_in_words_build_no_claims() {
        let graph = crate::bundled();
        for query in [
            "why members of 1934 Central Committee arrested by 1940",
            "members of cc-1917 executed in 1938",
            "count members of institutions executed per institution",
            "why conflicts",
            "share of members of cc-1934 executed",
            "population of Petrograd",
            "claims of Bukharin",
        ] {
            let answer = graph.query(query).expect("runs");
            answer.write_table(std::io::sink(), None).expect("a sink");
            answer.write_json(std::io::sink()).expect("a sink");
            let _ = (answer.to_json(), answer.table(None), answer.rows().len());
        }
        assert_eq!(built(&graph), 0);
        assert_eq!(built(graph.reasoned()), 0);
        assert_eq!(graph.entities.built(), 0);
        assert_eq!(graph.reasoned().entities.built(), 0);
    }
}
