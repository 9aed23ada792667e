//! The adjacency index: for every entity, the claims that mention it, by the part it plays, in
//! contiguous arrays (compressed sparse rows: one offsets array and one items array per list),
//! plus a small write buffer.
//!
//! A graph loaded in bulk builds the arrays once ([`Index::build`]): two passes over the claims,
//! one to count, one to fill. A write after that copies the lists of the entities it touches
//! into the write buffer (a map from entity to owned lists) and appends there; reads look in
//! the buffer first, so every list stays a slice. When the buffer holds more than a quarter of
//! the entities, the graph rebuilds the arrays from its claims and empties the buffer, which
//! keeps writes amortized O(1) beyond the copy of the lists they touch.
//!
//! The link lists keep the entity at the other end beside the claim, so walking a relation
//! never reads the claims themselves.
//!
//! *Architecture invariant*: the arrays never change once built. Each is an `Arc<[T]>`, so a
//! clone of the graph (a reasoned graph, the copy an all-or-nothing load works on) shares them
//! and owns only its write buffer; a write to either graph goes into its own buffer, and a
//! rebuild replaces that graph's arrays only. An `Arc<[T]>` keeps its pointer and length in
//! the index itself, so a read takes no more steps than from a `Vec`; the build allocates each
//! array once, at its final size, and fills it in place.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::claims::Claims;
use super::lineage::Lineage;
use super::{ClaimRef, FactRef};
use crate::model::{ClaimId, EntityId, RelationId};

/// A link claim seen from one of its ends: the relation, the claim and the entity at the other
/// end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Link {
    pub(super) relation: RelationId,
    pub(super) claim: ClaimId,
    pub(super) other: EntityId,
}

/// One list in compressed-sparse-row form: entity `e`'s items are
/// `items[offsets[e]..offsets[e + 1]]`.
#[derive(Clone, Debug)]
struct Column<T> {
    offsets: Arc<[u32]>,
    items: Arc<[T]>,
}

impl<T> Default for Column<T> {
    fn default() -> Self {
        Column {
            offsets: Arc::new([0]),
            items: Arc::new([]),
        }
    }
}

impl<T: Copy> Column<T> {
    fn get(&self, entity: usize) -> &[T] {
        match (self.offsets.get(entity), self.offsets.get(entity + 1)) {
            (Some(&start), Some(&end)) => &self.items[start as usize..end as usize],
            _ => &[],
        }
    }

    /// A column for `n` entities from per-entity counts, with the items still to be written:
    /// returns the column (items filled with `fill`) and a cursor per entity.
    /// Each array is allocated once (`repeat_n` has an exact length) and not yet shared,
    /// so `make_mut` fills it in place.
    fn with_counts(counts: &[u32], fill: T) -> (Column<T>, Vec<u32>) {
        let mut offsets: Arc<[u32]> = std::iter::repeat_n(0, counts.len() + 1).collect();
        let mut total = 0u32;
        for (offset, &count) in Arc::make_mut(&mut offsets)[1..].iter_mut().zip(counts) {
            total += count;
            *offset = total;
        }
        let cursors = offsets[..counts.len()].to_vec();
        let column = Column {
            offsets,
            items: std::iter::repeat_n(fill, total as usize).collect(),
        };
        (column, cursors)
    }

    fn heap_bytes(&self) -> usize {
        self.offsets.len() * 4 + self.items.len() * std::mem::size_of::<T>()
    }
}

/// One entity's link list (`out` or `inward`) at a glance, read without reading the list:
/// the relation of all its links, where they are all of one relation, and whether their
/// targets' positions then strictly increase. A reader of one relation's targets
/// ([`Index::link_targets`]) then needs neither a search nor the first and last links (a
/// grouped count reads ten thousand lists, and the last link of each was a cache miss), and
/// a count over them needs no marks against repeated targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape(u16);

impl Shape {
    /// Set when the targets strictly increase.
    const INCREASING: u16 = 1 << 15;
    /// The low bits when the list is empty or holds several relations, or a relation whose
    /// id does not fit below `INCREASING` (a schema with 32,767 relations).
    const MIXED: u16 = Self::INCREASING - 1;

    /// The shape of `links` (one entity's list, sorted by relation) with targets `targets`.
    fn of(links: &[Link], targets: &[u32]) -> Shape {
        let relation = match (links.first(), links.last()) {
            (Some(first), Some(last)) if first.relation == last.relation => {
                u16::try_from(first.relation.index())
                    .ok()
                    .filter(|r| *r < Self::MIXED)
            }
            _ => None,
        };
        let Some(relation) = relation else {
            return Shape(Self::MIXED);
        };
        let increasing = targets.windows(2).all(|pair| pair[0] < pair[1]);
        Shape(relation | if increasing { Self::INCREASING } else { 0 })
    }

    /// Whether every link is of `relation`: the list is all of it.
    fn is_all(self, relation: RelationId) -> bool {
        let own = self.0 & Self::MIXED;
        own != Self::MIXED && usize::from(own) == relation.index()
    }

    fn increasing(self) -> bool {
        self.0 & Self::INCREASING != 0
    }
}

/// One relation's targets in an entity's link list ([`Graph::link_targets`](super::Graph::link_targets)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Targets<'a> {
    /// The positions ([`EntityId::index`]) of the entities at the other end, in the order of
    /// the links.
    pub(crate) ids: &'a [u32],
    /// Whether `ids` strictly increases (each target once), where the store knows it;
    /// `None` where it does not (a list of several relations).
    pub(crate) increasing: Option<bool>,
}

impl Targets<'_> {
    /// No targets.
    pub(crate) const NONE: Targets<'static> = Targets {
        ids: &[],
        increasing: Some(true),
    };
}

/// The owned lists of one entity in the write buffer, with the same order as the columns.
#[derive(Clone, Debug, Default)]
struct Lists {
    about: Vec<ClaimId>,
    citing: Vec<ClaimId>,
    out: Vec<Link>,
    inward: Vec<Link>,
    values: Vec<(RelationId, ClaimId)>,
    dates: Vec<ClaimId>,
    participants: Vec<ClaimId>,
    participations: Vec<ClaimId>,
    nevers: Vec<ClaimId>,
}

/// What one claim adds to one entity's lists.
#[derive(Clone, Copy)]
enum Entry {
    About(ClaimId),
    Citing(ClaimId),
    Out(Link),
    Inward(Link),
    Value(RelationId, ClaimId),
    Date(ClaimId),
    Participant(ClaimId),
    Participation(ClaimId),
    Never(ClaimId),
}

/// Every entry claim `id` adds, with the entity it goes to, in the order the lists keep. An
/// entity mentioned twice by a claim, or a source cited twice, gets the claim once.
fn entries(id: ClaimId, claim: ClaimRef<'_>, mut add: impl FnMut(usize, Entry)) {
    let mut mentioned: [Option<EntityId>; 2] = [None, None];
    let mut mention = |entity: EntityId, add: &mut dyn FnMut(usize, Entry)| {
        if !mentioned.contains(&Some(entity)) {
            add(entity.index(), Entry::About(id));
            let slot = usize::from(mentioned[0].is_some());
            mentioned[slot] = Some(entity);
        }
    };
    let fact = claim.fact();
    for entity in fact.entities() {
        mention(entity, &mut add);
    }
    // Each source once, without a set: a claim has a citation or two.
    for (i, citation) in claim.citations().enumerate() {
        let earlier = |source: EntityId| {
            claim
                .citations()
                .take(i)
                .any(|c| c.source == source || c.via == Some(source))
        };
        if !earlier(citation.source) {
            add(citation.source.index(), Entry::Citing(id));
        }
        if let Some(via) = citation.via
            && via != citation.source
            && !earlier(via)
        {
            add(via.index(), Entry::Citing(id));
        }
    }
    match fact {
        FactRef::Link {
            subject,
            relation,
            object,
            ..
        } => {
            add(
                subject.index(),
                Entry::Out(Link {
                    relation,
                    claim: id,
                    other: object,
                }),
            );
            add(
                object.index(),
                Entry::Inward(Link {
                    relation,
                    claim: id,
                    other: subject,
                }),
            );
        }
        FactRef::Value {
            subject, relation, ..
        } => add(subject.index(), Entry::Value(relation, id)),
        FactRef::Occurred { event, .. } => add(event.index(), Entry::Date(id)),
        FactRef::Participation {
            event, participant, ..
        } => {
            add(event.index(), Entry::Participant(id));
            add(participant.index(), Entry::Participation(id));
        }
        FactRef::Never { subject, .. } => add(subject.index(), Entry::Never(id)),
        FactRef::Said { .. } => {}
    }
}

/// The number of lists per entity.
const LISTS: usize = 9;

fn slot(entry: &Entry) -> usize {
    match entry {
        Entry::About(_) => 0,
        Entry::Citing(_) => 1,
        Entry::Out(_) => 2,
        Entry::Inward(_) => 3,
        Entry::Value(..) => 4,
        Entry::Date(_) => 5,
        Entry::Participant(_) => 6,
        Entry::Participation(_) => 7,
        Entry::Never(_) => 8,
    }
}

/// The adjacency index of a graph; see the module docs.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    about: Column<ClaimId>,
    citing: Column<ClaimId>,
    out: Column<Link>,
    inward: Column<Link>,
    values: Column<(RelationId, ClaimId)>,
    dates: Column<ClaimId>,
    participants: Column<ClaimId>,
    participations: Column<ClaimId>,
    nevers: Column<ClaimId>,
    /// The position of the entity at the other end of each item of `out`, item for item
    /// (same offsets), for a reader that needs only the targets ([`Graph::link_targets`]):
    /// a quarter of the bytes of the links to stream.
    out_targets: Arc<[u32]>,
    /// The same for `inward`: the subjects' positions.
    inward_targets: Arc<[u32]>,
    /// Each entity's `out` list at a glance, entity by entity.
    out_shapes: Arc<[Shape]>,
    /// The same for `inward`.
    inward_shapes: Arc<[Shape]>,
    /// The write buffer, this graph's own: entities whose lists changed since the arrays were
    /// built.
    buffer: HashMap<u32, Lists>,
}

macro_rules! read {
    ($(#[$doc:meta])* $name:ident: $t:ty) => {
        $(#[$doc])*
        pub(super) fn $name(&self, entity: EntityId) -> &[$t] {
            if !self.buffer.is_empty()
                && let Some(lists) = self.buffer.get(&(entity.index() as u32))
            {
                return &lists.$name;
            }
            self.$name.get(entity.index())
        }
    };
}

impl Index {
    /// The index of `claims` over `n_entities` entities (claim `i`'s handle is `handle(i)`),
    /// built in bulk: O(entities + claims),
    /// with the relation-sorted lists sorted per entity. Fails (with the number of entries)
    /// when a list would hold more than `u32::MAX` entries in all.
    pub(super) fn build(
        n_entities: usize,
        claims: &Claims,
        lineage: &Lineage,
    ) -> Result<Index, usize> {
        let handle = |i| ClaimId::new(i, lineage.claim_tag(i));
        let mut counts = vec![vec![0u32; n_entities]; LISTS];
        let mut total = [0usize; LISTS];
        for i in 0..claims.len() {
            entries(handle(i), claims.view(i, lineage), |entity, entry| {
                let slot = slot(&entry);
                if let Some(count) = counts[slot].get_mut(entity) {
                    *count += 1;
                    total[slot] += 1;
                }
            });
            if let Some(&most) = total.iter().max()
                && most >= u32::MAX as usize
            {
                return Err(most);
            }
        }
        let none = ClaimId::detached();
        let no_link = Link {
            relation: RelationId::detached(),
            claim: none,
            other: EntityId::detached(),
        };
        let (mut about, mut c_about) = Column::with_counts(&counts[0], none);
        let (mut citing, mut c_citing) = Column::with_counts(&counts[1], none);
        let (mut out, mut c_out) = Column::with_counts(&counts[2], no_link);
        let (mut inward, mut c_inward) = Column::with_counts(&counts[3], no_link);
        let (mut values, mut c_values) =
            Column::with_counts(&counts[4], (RelationId::detached(), none));
        let (mut dates, mut c_dates) = Column::with_counts(&counts[5], none);
        let (mut participants, mut c_participants) = Column::with_counts(&counts[6], none);
        let (mut participations, mut c_participations) = Column::with_counts(&counts[7], none);
        let (mut nevers, mut c_nevers) = Column::with_counts(&counts[8], none);
        drop(counts);
        fn put<T>(items: &mut [T], cursors: &mut [u32], entity: usize, item: T) {
            let at = &mut cursors[entity];
            items[*at as usize] = item;
            *at += 1;
        }
        let m_about = Arc::make_mut(&mut about.items);
        let m_citing = Arc::make_mut(&mut citing.items);
        let m_out = Arc::make_mut(&mut out.items);
        let m_inward = Arc::make_mut(&mut inward.items);
        let m_values = Arc::make_mut(&mut values.items);
        let m_dates = Arc::make_mut(&mut dates.items);
        let m_participants = Arc::make_mut(&mut participants.items);
        let m_participations = Arc::make_mut(&mut participations.items);
        let m_nevers = Arc::make_mut(&mut nevers.items);
        for i in 0..claims.len() {
            entries(handle(i), claims.view(i, lineage), |e, entry| {
                if e >= n_entities {
                    return;
                }
                match entry {
                    Entry::About(c) => put(m_about, &mut c_about, e, c),
                    Entry::Citing(c) => put(m_citing, &mut c_citing, e, c),
                    Entry::Out(l) => put(m_out, &mut c_out, e, l),
                    Entry::Inward(l) => put(m_inward, &mut c_inward, e, l),
                    Entry::Value(r, c) => put(m_values, &mut c_values, e, (r, c)),
                    Entry::Date(c) => put(m_dates, &mut c_dates, e, c),
                    Entry::Participant(c) => put(m_participants, &mut c_participants, e, c),
                    Entry::Participation(c) => put(m_participations, &mut c_participations, e, c),
                    Entry::Never(c) => put(m_nevers, &mut c_nevers, e, c),
                }
            });
        }
        // Sorted by relation; a stable sort keeps equal relations in claim order, as the
        // write buffer's insertions do.
        for e in 0..n_entities {
            let range = |offsets: &[u32]| offsets[e] as usize..offsets[e + 1] as usize;
            m_out[range(&out.offsets)].sort_by_key(|l| l.relation);
            m_inward[range(&inward.offsets)].sort_by_key(|l| l.relation);
            m_values[range(&values.offsets)].sort_by_key(|(relation, _)| *relation);
        }
        // Positions fit: handles keep them in 32 bits.
        let targets = |column: &Column<Link>| -> Arc<[u32]> {
            column
                .items
                .iter()
                .map(|l| l.other.index() as u32)
                .collect()
        };
        let (out_targets, inward_targets) = (targets(&out), targets(&inward));
        let shapes = |column: &Column<Link>, targets: &[u32]| -> Arc<[Shape]> {
            (0..n_entities)
                .map(|e| {
                    let range = column.offsets[e] as usize..column.offsets[e + 1] as usize;
                    Shape::of(&column.items[range.clone()], &targets[range])
                })
                .collect()
        };
        let out_shapes = shapes(&out, &out_targets);
        let inward_shapes = shapes(&inward, &inward_targets);
        Ok(Index {
            about,
            citing,
            out,
            inward,
            values,
            dates,
            participants,
            participations,
            nevers,
            out_targets,
            inward_targets,
            out_shapes,
            inward_shapes,
            buffer: HashMap::default(),
        })
    }

    /// Adds claim `id` through the write buffer. Cost: O(degree) of each entity it mentions
    /// on its first write since the last build (a copy of its lists), then O(1) amortized,
    /// plus a sorted insertion into the relation-sorted lists.
    pub(super) fn add(&mut self, id: ClaimId, claim: ClaimRef<'_>) {
        entries(id, claim, |entity, entry| {
            let lists = self.lists_mut(entity);
            match entry {
                Entry::About(c) => lists.about.push(c),
                Entry::Citing(c) => lists.citing.push(c),
                Entry::Out(l) => {
                    let at = lists.out.partition_point(|x| x.relation <= l.relation);
                    lists.out.insert(at, l);
                }
                Entry::Inward(l) => {
                    let at = lists.inward.partition_point(|x| x.relation <= l.relation);
                    lists.inward.insert(at, l);
                }
                Entry::Value(r, c) => {
                    let at = lists.values.partition_point(|(x, _)| *x <= r);
                    lists.values.insert(at, (r, c));
                }
                Entry::Date(c) => lists.dates.push(c),
                Entry::Participant(c) => lists.participants.push(c),
                Entry::Participation(c) => lists.participations.push(c),
                Entry::Never(c) => lists.nevers.push(c),
            }
        });
    }

    /// The entities in the write buffer.
    pub(super) fn buffered(&self) -> usize {
        self.buffer.len()
    }

    fn lists_mut(&mut self, entity: usize) -> &mut Lists {
        let Index {
            about,
            citing,
            out,
            inward,
            values,
            dates,
            participants,
            participations,
            nevers,
            buffer,
            ..
        } = self;
        buffer.entry(entity as u32).or_insert_with(|| Lists {
            about: about.get(entity).to_vec(),
            citing: citing.get(entity).to_vec(),
            out: out.get(entity).to_vec(),
            inward: inward.get(entity).to_vec(),
            values: values.get(entity).to_vec(),
            dates: dates.get(entity).to_vec(),
            participants: participants.get(entity).to_vec(),
            participations: participations.get(entity).to_vec(),
            nevers: nevers.get(entity).to_vec(),
        })
    }

    /// The bytes the index holds on the heap, for measurements: its write buffer, and the
    /// arrays it may share with clones.
    pub(super) fn heap_bytes(&self) -> usize {
        let lists: usize = self
            .buffer
            .values()
            .map(|l| {
                (l.about.capacity()
                    + l.citing.capacity()
                    + l.dates.capacity()
                    + l.participants.capacity()
                    + l.participations.capacity()
                    + l.nevers.capacity())
                    * std::mem::size_of::<ClaimId>()
                    + (l.out.capacity() + l.inward.capacity()) * std::mem::size_of::<Link>()
                    + l.values.capacity() * std::mem::size_of::<(RelationId, ClaimId)>()
                    + std::mem::size_of::<Lists>()
            })
            .sum();
        self.about.heap_bytes()
            + self.citing.heap_bytes()
            + self.out.heap_bytes()
            + self.inward.heap_bytes()
            + self.values.heap_bytes()
            + self.dates.heap_bytes()
            + self.participants.heap_bytes()
            + self.participations.heap_bytes()
            + self.nevers.heap_bytes()
            + (self.out_targets.len() + self.inward_targets.len()) * 4
            + (self.out_shapes.len() + self.inward_shapes.len()) * std::mem::size_of::<Shape>()
            + lists
    }

    /// The positions of the entities at the other end of `entity`'s links of `relation`
    /// (the objects, or with `inverse` the subjects), in the order of [`Index::out`] or
    /// [`Index::inward`]; `None` for an entity in the write buffer, whose lists are not in
    /// the arrays. Cost: O(1) for a list all of one relation (read from its [`Shape`], not
    /// its links), else O(log degree).
    fn link_targets(
        &self,
        entity: usize,
        relation: RelationId,
        inverse: bool,
    ) -> Option<Targets<'_>> {
        if !self.buffer.is_empty() && self.buffer.contains_key(&(entity as u32)) {
            return None;
        }
        let (column, targets, shapes) = if inverse {
            (&self.inward, &self.inward_targets, &self.inward_shapes)
        } else {
            (&self.out, &self.out_targets, &self.out_shapes)
        };
        let (Some(&start), Some(&end)) =
            (column.offsets.get(entity), column.offsets.get(entity + 1))
        else {
            return Some(Targets::NONE);
        };
        let (start, end) = (start as usize, end as usize);
        if let Some(shape) = shapes.get(entity)
            && shape.is_all(relation)
        {
            return Some(Targets {
                ids: targets.get(start..end)?,
                increasing: Some(shape.increasing()),
            });
        }
        let links = column.items.get(start..end)?;
        if links.is_empty() {
            return Some(Targets::NONE);
        }
        // As `of_relation` in `read`: no search at an end that is of the relation already.
        let first = match links.first() {
            Some(first) if first.relation >= relation => 0,
            _ => links.partition_point(|l| l.relation < relation),
        };
        let last = match links.last() {
            Some(last) if last.relation <= relation => links.len(),
            _ => links.partition_point(|l| l.relation <= relation),
        };
        Some(Targets {
            ids: targets.get(start + first..start + last.max(first))?,
            increasing: None,
        })
    }

    read!(
        /// Every claim that mentions the entity, in claim order.
        about: ClaimId
    );
    read!(
        /// Claims that cite the entity as a source (directly or as `via`), in claim order.
        citing: ClaimId
    );
    read!(
        /// Links with the entity as subject, sorted by relation, then claim order.
        out: Link
    );
    read!(
        /// Links with the entity as object, sorted by relation, then claim order.
        inward: Link
    );
    read!(
        /// Value claims about the entity, sorted by relation, then claim order.
        values: (RelationId, ClaimId)
    );
    read!(
        /// An event's date claims.
        dates: ClaimId
    );
    read!(
        /// An event's participation claims.
        participants: ClaimId
    );
    read!(
        /// The participation claims in which the entity takes part.
        participations: ClaimId
    );
    read!(
        /// Claims that the entity never underwent some kind of event.
        nevers: ClaimId
    );
}

impl super::Graph {
    /// The positions ([`EntityId::index`]) of the entities at the other end of `entity`'s
    /// links of `relation`, as [`Graph::links`](super::Graph::links) gives them in the same
    /// order, without their claims: for a reader that walks many lists and needs only the
    /// targets (a grouped count whose links are all settled), which streams a quarter of the
    /// bytes, with whether they are known to strictly increase. `None` where the arrays do
    /// not hold the list (an entity written to since they were built); the caller reads
    /// `links` then. An empty list for a handle of another graph. Cost: O(1) for a list all
    /// of one relation, else O(log degree).
    pub(crate) fn link_targets(
        &self,
        entity: EntityId,
        relation: RelationId,
        inverse: bool,
    ) -> Option<Targets<'_>> {
        if !self.owns_entity(entity) {
            return Some(Targets::NONE);
        }
        self.index.link_targets(entity.index(), relation, inverse)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::Graph;
    use crate::model::{EntityId, Fact, Target};

    /// Every list of `graph`'s entities, by positions, to compare graphs whose handles differ.
    pub(in crate::store) fn lists(graph: &Graph) -> Vec<String> {
        let schema = graph.schema();
        let ix = |ids: &[crate::model::ClaimId]| ids.iter().map(|c| c.index()).collect::<Vec<_>>();
        graph
            .entities()
            .map(|(e, _)| {
                let mut text = format!(
                    "{} about {:?} citing {:?} neighbors {:?}",
                    e.index(),
                    ix(graph.claims_about(e)),
                    ix(graph.claims_citing(e)),
                    graph
                        .neighbors(e)
                        .iter()
                        .map(|n| n.index())
                        .collect::<Vec<_>>()
                );
                for (r, def) in schema.relations().iter().enumerate() {
                    let relation = schema.relation(&def.name).expect("declared");
                    match def.target {
                        Target::Kinds(_) => {
                            for inverse in [false, true] {
                                let links: Vec<_> = graph
                                    .links(e, relation, inverse)
                                    .map(|(c, o)| (c.index(), o.index()))
                                    .collect();
                                if let Some(targets) = graph.link_targets(e, relation, inverse) {
                                    let others: Vec<_> = links.iter().map(|l| l.1).collect();
                                    let ids: Vec<_> =
                                        targets.ids.iter().map(|&t| t as usize).collect();
                                    assert_eq!(ids, others, "the targets are the links'");
                                    if let Some(increasing) = targets.increasing {
                                        assert_eq!(
                                            ids.windows(2).all(|p| p[0] < p[1]),
                                            increasing,
                                            "the targets' order as the shape says"
                                        );
                                    }
                                }
                                text += &format!(" {r}/{inverse} {links:?}");
                            }
                        }
                        Target::Literal(_) => {
                            let values: Vec<_> =
                                graph.values_of(e, relation).map(|c| c.index()).collect();
                            text += &format!(" {r} {values:?}");
                        }
                    }
                }
                let dates: Vec<_> = graph.dates_of(e).map(|(c, _)| c.index()).collect();
                let parts: Vec<_> = graph
                    .participants(e)
                    .map(|(c, role, p)| (c.index(), role.to_owned(), p.index()))
                    .collect();
                let took: Vec<_> = graph
                    .participations(e)
                    .map(|(c, role, p)| (c.index(), role.to_owned(), p.index()))
                    .collect();
                let nevers: Vec<_> = graph.nevers(e).map(|(c, ..)| c.index()).collect();
                text + &format!(" {dates:?} {parts:?} {took:?} {nevers:?}")
            })
            .chain(std::iter::once(format!(
                "{:?}",
                graph
                    .events_by_date()
                    .iter()
                    .map(|e| e.index())
                    .collect::<Vec<_>>()
            )))
            .collect()
    }

    /// The bundled graph is loaded in bulk (arrays built once); the same entities and claims
    /// added one by one go through the write buffer; compacting folds the buffer into arrays.
    /// All three must read the same, list by list.
    #[test]
    fn bulk_buffered_and_compacted_indexes_read_the_same() {
        let bulk = crate::bundled();
        let mut buffered = Graph::new(bulk.schema().clone());
        for (_, entity) in bulk.entities() {
            buffered.add_entity(entity.clone()).expect("valid");
        }
        for (_, claim) in bulk.claims() {
            let mut claim = claim.clone();
            let bind = |id: EntityId| buffered.entity_handle(id.index());
            match &mut claim.fact {
                Fact::Link {
                    subject, object, ..
                } => (*subject, *object) = (bind(*subject), bind(*object)),
                Fact::Value { subject, .. } | Fact::Never { subject, .. } => {
                    *subject = bind(*subject)
                }
                Fact::Occurred { event, .. } => *event = bind(*event),
                Fact::Participation {
                    event, participant, ..
                } => (*event, *participant) = (bind(*event), bind(*participant)),
                Fact::Said {
                    speaker, occasion, ..
                } => (*speaker, *occasion) = (bind(*speaker), occasion.map(bind)),
            }
            for citation in &mut claim.citations {
                citation.source = bind(citation.source);
                citation.via = citation.via.map(bind);
            }
            buffered.add_claim(claim).expect("valid");
        }
        assert!(
            buffered.index.buffered() > 0,
            "the writes went through the buffer"
        );
        let mut compacted = buffered.clone();
        compacted.compact();
        assert_eq!(compacted.index.buffered(), 0);
        let expected = lists(&bulk);
        assert_eq!(lists(&buffered), expected);
        assert_eq!(lists(&compacted), expected);
    }
}
