//! Entity rows that render when they are read. Evaluation ends with each row as ids (the
//! entity, the claims it rests on and those set aside) plus its status and date; names,
//! statements, dates in words and source strings are built only when the rows are read
//! (`answer.rows()`, JSON, a table, `why`), so that a count, a share or a query whose answer is
//! only counted or cut pays nothing for the words. Rows that go by name come in id order and
//! are put in name order when their order is first read, so that a count, which reads only
//! their statuses, never sorts them. The rows' evidence stays in the one buffer their set had
//! ([`super::evidence`]), each row a span of it.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::answer::{EntityRow, Status, Tally};
use super::evidence::{Evidence, Span};
use super::render;
use crate::Graph;
use crate::model::{ClaimId, Date, EntityId};
use crate::store::FactRef;

/// A row as evaluation leaves it: ids, status and date, no words.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) entity: EntityId,
    pub(crate) status: Status,
    /// The matched date, or an event's own date.
    pub(crate) date: Option<Date>,
    /// The claims it rests on, each once, in the order they were met: a span of its rows'
    /// buffer.
    pub(crate) evidence: Span,
    /// Claims shown in `why` but not deciding, each once, none of them in `evidence`.
    pub(crate) aside: super::set::Aside,
}

/// What the rows are rendered from: the graph they were evaluated on (the reasoned one unless
/// `as recorded`) and the source an `according to` limits their evidence to.
#[derive(Clone)]
struct Pending<'g> {
    graph: &'g Graph,
    scope: Option<EntityId>,
    /// `as of`: evidence shows only the sources published by then.
    as_of: Option<Date>,
    /// The rows: in answer order, or, where `by_name` is set, in id order.
    found: Vec<Found>,
    /// For rows in answer order by name: their name ranks and places in `found`, in that
    /// order, sorted the first time the order is read. A count reads only the rows'
    /// statuses, so it never sorts them (`count people not arrested by 1940` at a million
    /// people: 700,000 rows, each read at a random place to sort them).
    by_name: Option<OnceLock<Vec<(u32, u32)>>>,
    /// The claims the rows' evidence spans.
    evidence: Evidence,
}

/// Rows as evaluation hands them over ([`Rows::pending`]).
pub(crate) struct Evaluated {
    pub(crate) found: Vec<Found>,
    /// Whether `found` is in id order, to be put in name order when it is read, rather than
    /// in answer order.
    pub(crate) by_name: bool,
    pub(crate) evidence: Evidence,
}

/// The entity rows of an answer: a `Vec<EntityRow>` to read (it dereferences to one), built
/// from the graph the first time it is read and kept. Its length and its tally need no
/// rendering.
///
/// ```
/// let graph = annals::bundled();
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// let annals::query::Body::Rows { rows } = &answer.body else { unreachable!() };
/// assert_eq!(rows.len(), answer.len()); // counted without rendering
/// assert_eq!(rows[0].name, "Alexei Rykov"); // rendered here, once
/// # Ok::<_, annals::Error>(())
/// ```
#[derive(Clone)]
pub struct Rows<'g> {
    pending: Option<Pending<'g>>,
    rendered: OnceLock<Vec<EntityRow>>,
}

impl<'g> Rows<'g> {
    /// Rows still to render, their evidence spans of `evidence`: in answer order, or in id
    /// order to be put in name order when first read.
    pub(crate) fn pending(
        graph: &'g Graph,
        scope: Option<EntityId>,
        as_of: Option<Date>,
        evaluated: Evaluated,
    ) -> Self {
        Rows {
            pending: Some(Pending {
                graph,
                scope,
                as_of,
                found: evaluated.found,
                by_name: evaluated.by_name.then(OnceLock::new),
                evidence: evaluated.evidence,
            }),
            rendered: OnceLock::new(),
        }
    }

    /// The number of rows. Cost: O(1), without rendering.
    pub fn len(&self) -> usize {
        match (self.rendered.get(), &self.pending) {
            (Some(rows), _) => rows.len(),
            (None, Some(p)) => p.found.len(),
            (None, None) => 0,
        }
    }

    /// Whether there are no rows. Cost: O(1), without rendering.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows by status. Cost: O(rows), without rendering.
    pub fn tally(&self) -> Tally {
        match (self.rendered.get(), &self.pending) {
            (Some(rows), _) => Tally::of(rows.iter().map(|r| r.status)),
            (None, Some(p)) => Tally::of(p.found.iter().map(|f| f.status)),
            (None, None) => Tally::default(),
        }
    }

    /// The rows' entities, in answer order, without rendering the rows. Cost: O(1) per row.
    ///
    /// ```
    /// let graph = annals::bundled();
    /// let answer = graph.query("members of cc-1917 executed in 1938")?;
    /// let annals::query::Body::Rows { rows } = &answer.body else { unreachable!() };
    /// let first = rows.entities().next().unwrap();
    /// assert_eq!(graph.entity(first).slug.as_str(), "rykov");
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn entities(&self) -> impl Iterator<Item = EntityId> + '_ {
        let (rendered, pending) = match (self.rendered.get(), &self.pending) {
            (Some(rows), _) => (rows.as_slice(), None),
            (None, pending) => (&[][..], pending.as_ref()),
        };
        rendered.iter().map(|r| r.entity).chain(
            pending
                .into_iter()
                .flat_map(Pending::ordered)
                .map(|f| f.entity),
        )
    }

    /// The rows in words, in answer order, one at a time: borrowed when the rows are rendered
    /// already, else each rendered from its ids when the iterator reaches it and handed over
    /// (not kept), so that a caller that shows or writes each row and drops it never holds
    /// the whole answer in words. `answer.write_table` and `answer.write_json` read the rows
    /// this way.
    ///
    /// Cost: O(1) per row when rendered, else one row's rendering per row (its name, the
    /// statements and sources of its evidence) each time it is called; memory O(one row).
    ///
    /// ```
    /// let graph = annals::bundled();
    /// let answer = graph.query("members of cc-1917 executed in 1938")?;
    /// let annals::query::Body::Rows { rows } = &answer.body else { unreachable!() };
    /// let names: Vec<String> = rows.rendered().map(|row| row.name.clone()).collect();
    /// assert_eq!(names.len(), rows.len());
    /// assert_eq!(names[0], "Alexei Rykov");
    /// assert_eq!(names, answer.rows().iter().map(|r| r.name.clone()).collect::<Vec<_>>());
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn rendered(&self) -> impl Iterator<Item = Cow<'_, EntityRow>> + '_ {
        let (rendered, pending) = match (self.rendered.get(), &self.pending) {
            (Some(rows), _) => (rows.as_slice(), None),
            (None, Some(p)) => (&[][..], Some(p)),
            (None, None) => (&[][..], None),
        };
        rendered.iter().map(Cow::Borrowed).chain(
            pending
                .into_iter()
                .flat_map(|p| p.ordered().map(move |f| Cow::Owned(p.row(f)))),
        )
    }

    /// Calls `f` with the cells of each of the first `n` rows of a table without `why`
    /// (name, id, status, date, sources), read straight from the ids: the table shows no
    /// statement, certainty or quotation, so none is built. The date and a list of several
    /// sources are written into one buffer, cleared for each row; the names and ids are
    /// borrowed from the graph. `None` (and `f` never called) when the rows are rendered
    /// already: the table reads them. Stops at the first error `f` returns.
    /// Cost: O(n × their evidence's citations), two allocations.
    pub(crate) fn each_cells<E>(
        &self,
        n: usize,
        mut f: impl FnMut([&str; 5]) -> Result<(), E>,
    ) -> Option<Result<(), E>> {
        if self.rendered.get().is_some() {
            return None;
        }
        let p = self.pending.as_ref()?;
        let mut sources: Vec<EntityId> = Vec::new();
        let mut text = String::new();
        for found in p.ordered().take(n) {
            text.clear();
            let row = p.cells(found, &mut sources, &mut text);
            let cells = row.map(|cell| match cell {
                Cell::Str(s) => s,
                Cell::Text(start, end) => &text[start..end],
            });
            if let Err(error) = f(cells) {
                return Some(Err(error));
            }
        }
        Some(Ok(()))
    }

    /// Applies `f` to the unrendered rows, or to the rendered ones with their dates, so that
    /// ordering and cutting (`by date`, `first 5`) render nothing.
    pub(crate) fn reorder(
        &mut self,
        pending: impl FnOnce(&mut Vec<Found>),
        rendered: impl FnOnce(&mut Vec<EntityRow>),
    ) {
        match (self.rendered.get_mut(), &mut self.pending) {
            (Some(rows), _) => rendered(rows),
            (None, Some(p)) => {
                p.settle();
                pending(&mut p.found)
            }
            (None, None) => {}
        }
    }

    /// The rows as owned values, rendered. Cost: renders them if not done yet.
    pub fn into_vec(mut self) -> Vec<EntityRow> {
        self.force();
        self.rendered.take().unwrap_or_default()
    }

    fn force(&self) -> &Vec<EntityRow> {
        self.rendered.get_or_init(|| match &self.pending {
            Some(p) => p.ordered().map(|f| p.row(f)).collect(),
            None => Vec::new(),
        })
    }
}

impl<'g> Pending<'g> {
    /// A row's table cells, as `table.rs` would make them from the rendered row: the same
    /// name, id, status word and date, and the ids of the sources its evidence (not the
    /// claims set aside) shows, each once in the order met, kept by [`render::source_shown`]
    /// as [`render::scoped_evidence`] keeps them. The date and a
    /// list of several sources are written at the end of `text`; `sources` is scratch space.
    fn cells(
        &self,
        found: &Found,
        sources: &mut Vec<EntityId>,
        text: &mut String,
    ) -> [Cell<'g>; 5] {
        let graph = self.graph;
        sources.clear();
        for claim in self.evidence.get(found.evidence) {
            for (source, via) in graph.claim_ref(*claim).cited_sources() {
                let shown =
                    render::source_shown(graph, self.scope, self.as_of.as_ref(), source, via);
                if shown && !sources.contains(&source) {
                    sources.push(source);
                }
            }
        }
        let date = match &found.date {
            Some(date) => {
                let start = text.len();
                date.push_to(text);
                Cell::Text(start, text.len())
            }
            None => Cell::Str(""),
        };
        let cell = match sources.as_slice() {
            [] => Cell::Str(""),
            [one] => Cell::Str(graph.slug_of(*one)),
            several => {
                let start = text.len();
                for (i, source) in several.iter().enumerate() {
                    if i > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(graph.slug_of(*source));
                }
                Cell::Text(start, text.len())
            }
        };
        [
            Cell::Str(graph.name_of(found.entity)),
            Cell::Str(graph.slug_of(found.entity)),
            Cell::Str(found.status.word()),
            date,
            cell,
        ]
    }
}

/// One cell of a row of [`Rows::each_cells`].
#[derive(Clone, Copy)]
enum Cell<'g> {
    Str(&'g str),
    /// `text[start..end]` of the row's buffer.
    Text(usize, usize),
}

impl Pending<'_> {
    /// The rows in answer order: sorted by name on the first read where they are in id order
    /// (the graph's name order, [`Graph::name_rank`], then id: a radix sort of the ranks).
    /// Cost: O(1) per row once sorted; the sort O(n) reads of ranks at random places.
    fn ordered(&self) -> impl Iterator<Item = &Found> + '_ {
        let order = self
            .by_name
            .as_ref()
            .map(|order| order.get_or_init(|| by_name(self.graph, &self.found)));
        let (in_order, sorted) = match order {
            Some(order) => (&[][..], order.as_slice()),
            None => (self.found.as_slice(), &[][..]),
        };
        in_order
            .iter()
            .chain(sorted.iter().map(|&(_, i)| &self.found[i as usize]))
    }

    /// Puts `found` itself in answer order, for a caller that reorders or cuts it. Cost: O(n)
    /// moves, after the sort if it was not made.
    fn settle(&mut self) {
        let Some(order) = self.by_name.take() else {
            return;
        };
        let order = order
            .into_inner()
            .unwrap_or_else(|| by_name(self.graph, &self.found));
        let mut rows: Vec<Option<Found>> = std::mem::take(&mut self.found)
            .into_iter()
            .map(Some)
            .collect();
        // Each place once: the order is a permutation of the rows.
        let mut found = Vec::with_capacity(rows.len());
        found.extend(
            order
                .iter()
                .filter_map(|&(_, i)| rows.get_mut(i as usize).and_then(Option::take)),
        );
        self.found = found;
    }

    /// One row in words.
    fn row(&self, found: &Found) -> EntityRow {
        let graph = self.graph;
        let claims = self.evidence.get(found.evidence);
        let evidence = |claim: ClaimId, set_aside: bool| super::answer::Evidence {
            set_aside,
            ..render::scoped_evidence(graph, self.scope, self.as_of.as_ref(), claim)
        };
        EntityRow {
            entity: found.entity,
            // From the columns: rendering a million rows builds and keeps no `Entity`.
            id: graph.slug_of(found.entity).to_owned(),
            name: graph.name_of(found.entity).to_owned(),
            kind: graph
                .schema()
                .kind_def(graph.kind_of(found.entity))
                .name
                .clone(),
            status: found.status,
            date: found.date.clone(),
            roles: link_roles(graph, found.entity, claims),
            evidence: claims
                .iter()
                .map(|c| evidence(*c, false))
                .chain(found.aside.iter().map(|c| evidence(*c, true)))
                .collect(),
        }
    }
}

/// The name ranks of `found` (rows in id order) and their places in it, in answer order: the
/// graph's name order ([`Graph::name_rank`]), then id, by a radix sort of the ranks. Cost:
/// O(n) reads of ranks at random places, and the sort.
fn by_name(graph: &Graph, found: &[Found]) -> Vec<(u32, u32)> {
    let mut keyed: Vec<(u32, u32)> = found
        .iter()
        .enumerate()
        // A place fits: rows are entities, whose positions fit in 32 bits.
        .map(|(i, f)| (graph.name_rank(f.entity), i as u32))
        .collect();
    super::radix::sort_by_u32(&mut keyed, |(rank, _)| *rank);
    keyed
}

/// The roles of the link claims among `evidence` that end at `entity`, each once.
fn link_roles(graph: &Graph, entity: EntityId, evidence: &[ClaimId]) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for claim in evidence {
        if let FactRef::Link {
            subject,
            object,
            role: Some(role),
            ..
        } = graph.claim_ref(*claim).fact()
            && (subject == entity || object == entity)
            && !roles.iter().any(|r| r == role)
        {
            roles.push(role.to_owned());
        }
    }
    roles
}

impl Default for Rows<'_> {
    fn default() -> Self {
        Rows::from(Vec::new())
    }
}

/// Rows already in words (an answer read back from JSON, or built by hand).
impl From<Vec<EntityRow>> for Rows<'_> {
    fn from(rows: Vec<EntityRow>) -> Self {
        Rows {
            pending: None,
            rendered: OnceLock::from(rows),
        }
    }
}

impl Deref for Rows<'_> {
    type Target = Vec<EntityRow>;

    /// Renders the rows the first time. Cost: O(rows × their evidence) once, then O(1).
    fn deref(&self) -> &Vec<EntityRow> {
        self.force()
    }
}

impl DerefMut for Rows<'_> {
    fn deref_mut(&mut self) -> &mut Vec<EntityRow> {
        self.force();
        self.rendered.get_mut().expect("rendered just above")
    }
}

impl<'a> IntoIterator for &'a Rows<'_> {
    type Item = &'a EntityRow;
    type IntoIter = std::slice::Iter<'a, EntityRow>;

    fn into_iter(self) -> Self::IntoIter {
        self.force().iter()
    }
}

impl fmt::Debug for Rows<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.force().fmt(f)
    }
}

impl PartialEq for Rows<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.force() == other.force()
    }
}

/// A sequence of [`EntityRow`]s, as the `Vec` would be, written element by element: rows not
/// rendered yet are rendered one at a time (see [`Rows::rendered`]) and not kept, so that
/// `serde_json::to_writer` writes a million rows holding one in words.
impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for row in self.rendered() {
            seq.serialize_element(&*row)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Rows<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<EntityRow>::deserialize(deserializer).map(Rows::from)
    }
}
