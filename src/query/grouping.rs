//! Grouped counts: per year of each row's date, per entity of a kind (`per`), per entity of a
//! set (`each`).

use std::collections::BTreeMap;

use super::answer::{Tally, YearCount};
use super::eval::{Eval, Row, Set, distinct};
use super::filters::{BareRow, Filter};
use super::plan::Op;
use crate::model::{ClaimId, Date, EntityId, Truth};
use crate::store::{Events, FactRef};

impl Eval<'_> {
    /// The years a row counts under in `count … by year`: the date its filters matched, else
    /// its own date (an event's date, or the start of the membership or other link that brought
    /// it into the set, unless an event filter matched it undated); `None` when it has none.
    pub(super) fn year_span(
        &self,
        id: EntityId,
        row: &Row,
        evidence: &[ClaimId],
    ) -> Option<(i32, i32)> {
        if let Some(date) = &row.date {
            return open_span(date);
        }
        let graph = self.graph;
        if graph.kind_of(id) == graph.schema().event_kind() {
            let dates: Vec<&Date> = graph
                .dates_of(id)
                .filter(|(c, _)| self.admits(*c))
                .map(|(_, d)| d)
                .collect();
            // The earliest claim's date, as the answer's date column shows it.
            return dates
                .into_iter()
                .min_by(|a, b| a.cmp_chronological(b))
                .and_then(open_span);
        }
        // A row that passed an event filter without a date stays undated: the start of its
        // membership says nothing about when the event happened.
        let through_event = evidence.iter().any(|c| {
            matches!(graph.claim_ref(*c).fact(), FactRef::Participation { participant, .. } if participant == id)
        });
        if through_event {
            return None;
        }
        distinct(evidence)
            .iter()
            .rev()
            .find_map(|c| match graph.claim_ref(*c).fact() {
                FactRef::Link {
                    subject,
                    object,
                    during: Some(during),
                    ..
                } if subject == id || object == id => during
                    .earliest()
                    .map(|day| day.to_gregorian().0)
                    .map(|year| (year, year)),
                _ => None,
            })
    }

    /// The count of `set` for each entity of `group` in place of every `Kind(group)` the set
    /// starts from: most first, then by name; groups that count nothing are left out.
    pub(super) fn count_per(
        &self,
        set: &Op,
        group: crate::model::KindId,
    ) -> Vec<(EntityId, Tally)> {
        let graph = self.graph;
        let groups: Vec<(Tally, EntityId)> = match self.count_per_walk(set, group) {
            Some(groups) => groups,
            None => graph
                .of_kind(group)
                .iter()
                .map(|&entity| {
                    let one = set.with_entity(&|op| *op == Op::Kind(group), entity);
                    (tally(&self.op(&one)), entity)
                })
                .collect(),
        };
        // Each group's sort key read once, not at every comparison, and packed into one
        // integer beside the group's place (comparing tuples and moving the groups themselves
        // made this sort a twentieth of Q2): most first by settled count, then *possibly*,
        // then with no record, then by name (the name rank sorts as `(normalize(name), id)`
        // does, and no two groups share one). A count fits in 32 bits (it counts entities);
        // were it not, it would sort as `u32::MAX`.
        let most = |n: usize| u128::from(u32::MAX - u32::try_from(n).unwrap_or(u32::MAX));
        let mut keyed: Vec<(u128, u32)> = groups
            .iter()
            .enumerate()
            .filter(|(_, (tally, _))| *tally != Tally::default())
            .map(|(at, (t, id))| {
                let key = most(t.yes) << 96
                    | most(t.possibly) << 64
                    | most(t.no_record) << 32
                    | u128::from(graph.name_rank(*id));
                // A group's place fits: groups are entities, whose positions fit in 32 bits.
                (key, at as u32)
            })
            .collect();
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|(_, at)| {
                let (count, id) = groups[at as usize];
                (id, count)
            })
            .collect()
    }

    /// [`Eval::count_per`] for its common shape, filters (`Underwent`, `Dated`) over one walk
    /// from the kind: each entity the walk reaches is filtered once, however many groups
    /// reach it, instead of once per group, and each group's count then takes the best truth
    /// of its own links to each member, met with the filters' truth. This is the same answer,
    /// since a filter meets its input's truth with its own (`and`, the minimum) and drops only
    /// what its own truth rules out. `None` for any other shape.
    ///
    /// Everything lives in one byte per entity position (see `CLASS`), not in maps: what the
    /// filters made of the entity (or that they are still to be asked), whether some group
    /// reached it, and, while a group's links are read, whether that group reaches it and
    /// whether by a settled link. Where every filter is an `underwent` and every claim is in
    /// scope, the filters are first decided from the events index for every entity, in the
    /// order of the index ([`Eval::filter_quick`]); the others are asked (`filter_one`) when
    /// some group first reaches them. Then each group's links are read once, and each member
    /// is counted from its byte, with no list of members kept: one random read of a small
    /// array per link, as a hand-written loop over adjacency arrays makes. A group whose links
    /// are all settled (`Events::PLAIN`) reads only its links' targets
    /// ([`Graph::link_targets`](crate::store::Graph::link_targets)) and counts each member in
    /// the same pass ([`count_settled`]).
    ///
    /// It charges the budget what walking from every group at once, filtering that set stage by
    /// stage and then counting each group's members would charge: the rows reached, each
    /// stage's rows and their evidence, and each group's distinct members. Cost: O(entities)
    /// for the bytes and the index, plus O(links of the groups), plus the filters once per
    /// entity the index cannot decide that some group reaches.
    pub(super) fn count_per_walk(
        &self,
        set: &Op,
        group: crate::model::KindId,
    ) -> Option<Vec<(Tally, EntityId)>> {
        let graph = self.graph;
        let mut filters = Vec::new();
        let mut op = set;
        while let Op::Underwent { input, .. } | Op::Dated { input, .. } = op {
            filters.push((op, Filter::of(op)?));
            op = input;
        }
        // Innermost first, as they run.
        filters.reverse();
        let Op::Walk {
            input,
            relation,
            inverse,
            window,
        } = op
        else {
            return None;
        };
        if **input != Op::Kind(group) {
            return None;
        }
        // A link's truth as the walk weighs it (`Eval::step`), *no* when it does not count:
        // from the claims' rank and certainty alone where every claim is in scope and no
        // window asks for the link's own dates.
        let quick = self.scope.is_none() && self.cutoff.is_none() && window.is_none();
        let link = |claim: ClaimId| match graph.claim_bits(claim).filter(|_| quick) {
            Some(bits) if self.admits_bits(bits) => self.strength_bits(bits),
            Some(_) => Truth::No,
            None if !self.admits(claim) => Truth::No,
            None => {
                let held = match window {
                    None => Truth::Yes,
                    Some(window) => self.link_held(claim, window),
                };
                held.and(self.strength(claim))
            }
        };
        // A group whose claims are all plain (`Events::PLAIN`) has every link settled.
        let plain = |from: EntityId| {
            quick
                && graph
                    .undergone(from)
                    .is_some_and(|(_, flags)| flags & Events::PLAIN != 0)
        };
        let n = graph.n_entities();
        // Each entity's `State`; all `UNDECIDED` until the index decides them.
        let mut states = vec![0u8; n];
        let indexed = self.indexed_filters(&filters);
        if let Some(indexed) = &indexed {
            self.decide_from_index(indexed, &mut states);
        }
        // An entity the index left undecided, first reached: `filter_quick` from its entry
        // where it decides it now (its charge did not fit in the byte), else `filter_one`.
        let decide = |i: usize| {
            indexed
                .as_ref()
                .and_then(|indexed| {
                    let (events, flags) = graph.events_index().undergone(i)?;
                    self.filter_quick(indexed, events, flags)
                })
                .unwrap_or_else(|| self.filter_one(&filters, graph.entity_handle(i)))
        };
        let groups = graph.of_kind(group);
        // Each plain group's link targets, read up front: the first reads of the lists miss
        // the cache, and in a loop of their own those misses overlap. `None` for a group whose
        // links are read one by one.
        let settled: Vec<Option<crate::store::Targets>> = groups
            .iter()
            .map(|&from| {
                if plain(from) {
                    graph.link_targets(from, *relation, *inverse)
                } else {
                    None
                }
            })
            .collect();
        // The members of the group being read, each once.
        let mut mine: Vec<u32> = Vec::new();
        let (mut reached, mut touched, mut members) = (0usize, 0usize, 0usize);
        let mut counts = Vec::with_capacity(groups.len());
        for (&from, targets) in groups.iter().zip(settled) {
            if let Some(targets) = targets {
                let counted = count_settled(targets, &mut states, decide);
                reached += counted.reached;
                touched += counted.touched;
                members += counted.members;
                counts.push((counted.tally, from));
                continue;
            }
            let plain = plain(from);
            mine.clear();
            for (claim, to) in graph.links(from, *relation, *inverse) {
                let truth = if plain { Truth::Yes } else { link(claim) };
                if truth == Truth::No {
                    continue;
                }
                let i = to.index();
                let state = &mut states[i];
                if truth == Truth::Yes {
                    *state |= LINK_YES;
                }
                if *state & VISITED == 0 {
                    *state |= VISITED;
                    // A position fits: handles keep positions in 32 bits.
                    mine.push(i as u32);
                }
            }
            members += mine.len();
            // Per class, the members the group reaches by a settled link (the upper four),
            // or not.
            let mut by_class = [0usize; 8];
            for &i in &mine {
                let state = &mut states[i as usize];
                let (s, first, charge) = reach(*state, i as usize, &decide);
                reached += first;
                touched += charge;
                by_class[usize::from(s & LINK_YES != 0) << 2 | usize::from(s & CLASS)] += 1;
                *state = (s | REACHED) & !(VISITED | LINK_YES);
            }
            // A link's truth met with the filters' (`and`): a settled link leaves the
            // filters' truth, any other makes every kept member *possibly*.
            let (unsettled, settled) = by_class.split_at(4);
            let count = Tally {
                yes: settled[YES as usize],
                no_record: settled[YES_NO_RECORD as usize],
                possibly: settled[POSSIBLY as usize]
                    + unsettled[POSSIBLY as usize]
                    + unsettled[YES as usize]
                    + unsettled[YES_NO_RECORD as usize],
            };
            counts.push((count, from));
        }
        // Charged as `Eval::op` charges the walk from every group at once, then each filter,
        // then as the count of each group charges its members, each once.
        if !self.budget.charge(reached) || !self.budget.charge(touched) {
            return Some(Vec::new());
        }
        self.budget.charge(members);
        Some(counts)
    }

    /// The filters as [`Eval::filter_quick`] reads them, where every filter is an
    /// `underwent` and every claim is in scope (no `according to`, no `as of`); `None`
    /// otherwise.
    fn indexed_filters<'o>(&self, filters: &[(&'o Op, Filter)]) -> Option<Vec<QuickFilter<'o>>> {
        if self.scope.is_some() || self.cutoff.is_some() {
            return None;
        }
        filters
            .iter()
            .map(|(op, filter)| match op {
                Op::Underwent {
                    kind,
                    window,
                    negated,
                    ..
                } => Some(QuickFilter {
                    kind: *kind,
                    window: window.as_ref(),
                    filter: *filter,
                    negated: *negated,
                }),
                _ => None,
            })
            .collect()
    }

    /// Decides each entity from its entry in the events index, in the index's order, as
    /// [`Eval::filter_quick`] decides it with `indexed`: its class and the charge of its
    /// stages, in `states` (see `CLASS`). Entities the index cannot decide, and those whose
    /// charge does not fit in the byte, are left `UNDECIDED`. An entity with no events and
    /// no flags is decided alike whichever it is (the entry is all `filter_quick` reads, and
    /// of the flags it reads only `NEVERS` and `MAY_END_LIFE`), so that is decided once, and
    /// only the others (`Events::marked`) one by one. Cost: O(entities) to fill the bytes,
    /// plus the filters once per marked entity.
    fn decide_from_index(&self, indexed: &[QuickFilter], states: &mut [u8]) {
        // A decided entity's byte: its class and its charge, if the charge fits.
        let decided = |(filtered, charge): (u8, usize)| {
            let how = u8::try_from(charge)
                .ok()
                .and_then(|c| c.checked_add(DECIDED))
                .filter(|how| *how <= HOW >> HOW_SHIFT)?;
            Some(class(filtered) | how << HOW_SHIFT)
        };
        let index = self.graph.events_index();
        if index.len() != states.len() {
            // An index left empty decides nothing.
            return;
        }
        // An entity with no events and neither `NEVERS` nor `MAY_END_LIFE` (all those not
        // `marked`) is decided alike whichever it is: no events and no flags is all
        // `filter_quick` reads of its entry.
        if let Some(empty) = self.filter_quick(indexed, &[], 0).and_then(decided) {
            states.fill(empty);
        }
        if let [f] = indexed
            && !f.negated
        {
            // One filter that is not negated (Q2), in a loop of its own: its charge always
            // fits in the byte, and each entity's byte is made without the general path's
            // options (Q2 at a million people, 300,858 entities: 0.3 ms less).
            for &i in index.marked() {
                let i = i as usize;
                let Some((events, flags)) = index.undergone(i) else {
                    continue;
                };
                let within = f.filter.within;
                states[i] = match self.underwent_inlined(events, flags, f.kind, f.window, within) {
                    // The charge is at most three (see `lone`): it fits, and the branch is
                    // always taken.
                    Some(found) => match lone(found) {
                        (filtered, charge) if charge <= CHARGE_MAX => {
                            class(filtered) | (DECIDED + charge as u8) << HOW_SHIFT
                        }
                        _ => UNDECIDED << HOW_SHIFT,
                    },
                    None => UNDECIDED << HOW_SHIFT,
                };
            }
            return;
        }
        for &i in index.marked() {
            let i = i as usize;
            let Some((events, flags)) = index.undergone(i) else {
                continue;
            };
            states[i] = self
                .filter_quick(indexed, events, flags)
                .and_then(decided)
                .unwrap_or(UNDECIDED << HOW_SHIFT);
        }
    }

    /// Runs `filters` (innermost first) over a settled row of `entity`, as [`Eval::filter`]
    /// runs them over a set: what they made of it (`OUT`, or `PASSED` with its truth and
    /// whether it has no record), and what the stages it passed touched (each one row and its
    /// evidence, as `Eval::op` charges a step).
    fn filter_one(&self, filters: &[(&Op, Filter)], entity: EntityId) -> (u8, usize) {
        let mut row = BareRow::yes();
        let mut touched = 0;
        for (op, filter) in filters {
            match self.filter_row(op, *filter, entity, row) {
                Some(passed) => row = passed,
                None => return (OUT, touched),
            }
            touched += 1 + row.evidence.len();
        }
        (passed(row.truth, row.no_record), touched)
    }
}

/// An `underwent` filter with no `by` or place, read once for [`Eval::filter_quick`].
struct QuickFilter<'a> {
    kind: crate::model::EventKindId,
    window: Option<&'a Date>,
    filter: Filter,
    negated: bool,
}

impl Eval<'_> {
    /// [`Eval::filter_one`] where every filter is an `underwent` and every claim is in scope,
    /// from an entity's entry in the events index (`undergone`, `flags`): each filter is
    /// decided by [`Eval::underwent_indexed`] (`underwent_quick`'s answer) and met with the
    /// row by [`Eval::meet_quick`] (`filter_row`'s), so the result and the charge are
    /// `filter_one`'s; `None` where the index cannot decide a filter. Cost: O(filters ×
    /// events of the entity).
    // Always inlined: a grouped count with other filters than one `underwent` calls it once
    // per entity with events (`decide_from_index`).
    #[inline(always)]
    fn filter_quick(
        &self,
        filters: &[QuickFilter],
        undergone: &[crate::store::Undergone],
        flags: u8,
    ) -> Option<(u8, usize)> {
        let mut row = BareRow::yes();
        let mut touched = 0;
        for f in filters {
            let found =
                self.underwent_indexed(undergone, flags, f.kind, f.window, f.filter.within)?;
            if !self.meet_quick(&mut row, f.negated, found) {
                return Some((OUT, touched));
            }
            touched += 1 + row.evidence.len();
        }
        Some((passed(row.truth, row.no_record), touched))
    }
}

/// What one `underwent` filter that is not negated makes of an entity from what
/// [`Eval::underwent_indexed`] found: the state and charge [`Eval::filter_quick`] gives, where
/// `meet_quick` keeps a row met with what it found, as found, unless that is *no*. Here the
/// same without a branch on the truth, which varies at random from entity to entity (a
/// mispredicted branch costs more than the rest), and with the row's claims counted, not
/// kept. The charge is at most three: the stage's row, the participation and the date claim.
#[inline(always)]
fn lone(found: Option<super::filters::Quick>) -> (u8, usize) {
    let (truth, claims) = found.map_or((Truth::No, 0), |q| (q.truth(), q.claims()));
    let kept = truth != Truth::No;
    let filtered = [OUT, passed(truth, false)][usize::from(kept)];
    (filtered, usize::from(kept) * (1 + claims))
}

/// A member's byte `s` as a group reaches it, with 1 if no group reached it before and the
/// charge of its filters' stages then (0 otherwise): a member first reached that the index
/// left undecided is filtered now (`decide`); one reached before, or decided by the index with
/// its charge, is read without a branch, since about half the members were reached before.
/// Always inlined: called as a function, once per member, it made Q2 at a million people 70%
/// slower (17 ms against 29, in the profiling driver).
#[inline(always)]
fn reach(s: u8, i: usize, decide: &impl Fn(usize) -> (u8, usize)) -> (u8, usize, usize) {
    if s & (REACHED | HOW) == 0 {
        let (filtered, charge) = decide(i);
        return (s | class(filtered), 1, charge);
    }
    let first = s & REACHED == 0;
    let charge = usize::from(((s & HOW) >> HOW_SHIFT).wrapping_sub(DECIDED));
    (s, usize::from(first), if first { charge } else { 0 })
}

/// What [`count_settled`] counted of one group.
struct Counted {
    tally: Tally,
    /// Members first reached by this group, and the charge of their filters' stages.
    reached: usize,
    touched: usize,
    /// The group's distinct members.
    members: usize,
}

/// One group's count in [`Eval::count_per_walk`] where every link of the group is settled
/// (*yes*), from its links' targets (entity positions) alone, in one pass: each member
/// counted once, under its class, by its byte in `states` (`decide` filters a member first
/// reached that the index left undecided, with its charge); where the targets may repeat
/// (not in increasing order), `VISITED` marks the members already counted and is cleared
/// again by a second pass over the targets, which are then in the cache. The same count as
/// the general loop makes of settled links.
///
/// What a member adds is read from [`SETTLED`] by its byte, into one packed sum, instead of
/// adding to five counters: with counters, the loop kept them in memory (the `decide` call
/// takes the registers), and each member waited for the last one's store, which made this
/// loop most of Q2 at a million people. Cost: O(targets), plus `decide` per undecided member
/// first reached.
fn count_settled(
    targets: crate::store::Targets,
    states: &mut [u8],
    decide: impl Fn(usize) -> (u8, usize),
) -> Counted {
    // Targets in increasing order hold each member once (a body's members, recorded one
    // after another, usually are): none needs marking as counted, nor unmarking after. The
    // store knows it of most lists; else the list is read in order to tell; the marks are
    // writes at random places.
    let increasing = targets
        .increasing
        .unwrap_or_else(|| targets.ids.windows(2).all(|pair| pair[0] < pair[1]));
    let targets = targets.ids;
    if increasing {
        return count_targets::<false>(targets, states, decide);
    }
    let counted = count_targets::<true>(targets, states, decide);
    for &i in targets {
        states[i as usize] &= !VISITED;
    }
    counted
}

/// [`count_settled`]'s pass over `targets`, marking each member `VISITED` and passing over
/// those marked if `MARK`, for targets that may repeat.
fn count_targets<const MARK: bool>(
    targets: &[u32],
    states: &mut [u8],
    decide: impl Fn(usize) -> (u8, usize),
) -> Counted {
    let (mut reached, mut touched) = (0usize, 0usize);
    let mut total = [0usize; LANES];
    // A lane holds at most `CHARGE_MAX` per target: a chunk this long cannot carry into the
    // next lane.
    for chunk in targets.chunks(CHUNK) {
        let mut sum: u128 = 0;
        for &i in chunk {
            let i = i as usize;
            let state = &mut states[i];
            let mut s = *state;
            if MARK && s & VISITED != 0 {
                // Reached twice by the group: counted once.
                continue;
            }
            if s & (REACHED | HOW) == 0 {
                // First reached, and left undecided by the index: filtered now, and read
                // below as reached before (its class only).
                let (filtered, charge) = decide(i);
                reached += 1;
                touched += charge;
                s |= class(filtered) | REACHED;
            }
            sum += SETTLED[usize::from(s)];
            *state = s | REACHED | if MARK { VISITED } else { 0 };
        }
        for (lane, total) in total.iter_mut().enumerate() {
            *total += ((sum >> (lane as u32 * LANE_BITS)) & LANE_MASK) as usize;
        }
    }
    Counted {
        // A settled link leaves the filters' truth.
        tally: Tally {
            yes: total[YES as usize],
            no_record: total[YES_NO_RECORD as usize],
            possibly: total[POSSIBLY as usize],
        },
        reached: reached + total[FIRST],
        touched: touched + total[CHARGED],
        members: total[MEMBERS],
    }
}

/// The lanes of [`SETTLED`]'s packed sums: a member of each class but `EXCLUDED` (lanes
/// `POSSIBLY`, `YES`, `YES_NO_RECORD`), first reached, its charge if first reached, and
/// every member.
const FIRST: usize = 4;
const CHARGED: usize = 5;
const MEMBERS: usize = 6;
const LANES: usize = 7;
const LANE_BITS: u32 = 18;
const LANE_MASK: u128 = (1 << LANE_BITS) - 1;
/// The most a member adds to a lane (a charge: `HOW` less `DECIDED`).
const CHARGE_MAX: usize = (HOW >> HOW_SHIFT) as usize - DECIDED as usize;
/// Targets summed before the lanes are read out: no lane can reach `LANE_MASK`.
const CHUNK: usize = LANE_MASK as usize / CHARGE_MAX;

/// One in `lane` of a packed sum.
const fn lane(lane: usize) -> u128 {
    1 << (lane as u32 * LANE_BITS)
}

/// What a member adds to [`count_settled`]'s sum, by its byte (with `VISITED` clear and
/// `REACHED` or a `HOW` set), in lanes of `LANE_BITS`: one in its class's lane, one in
/// `FIRST` and its charge in `CHARGED` if no group reached it before, one in `MEMBERS`.
const SETTLED: [u128; 256] = {
    let mut table = [0u128; 256];
    let mut s = 0;
    while s < 256 {
        let byte = s as u8;
        let mut add = lane(MEMBERS);
        let class = byte & CLASS;
        if class != EXCLUDED {
            add += lane(class as usize);
        }
        let how = (byte & HOW) >> HOW_SHIFT;
        if byte & REACHED == 0 && how >= DECIDED {
            add += lane(FIRST) + (how - DECIDED) as u128 * lane(CHARGED);
        }
        table[s] = add;
        s += 1;
    }
    table
};

/// What [`Eval::count_per_walk`] knows of an entity, one byte to an entity position:
/// - `CLASS`: what the filters made of it (a class: `EXCLUDED` … `YES_NO_RECORD`);
/// - `HOW`: `UNDECIDED` (the filters are still to be asked), or `DECIDED` plus the charge
///   of the stages it passed, when the events index decided it;
/// - `REACHED`: some group reached it (it is filtered and charged once);
/// - `VISITED`, `LINK_YES`: the group being read reaches it, by a settled link.
const CLASS: u8 = 0b11;
const HOW: u8 = 0b111 << HOW_SHIFT;
const HOW_SHIFT: u8 = 2;
const UNDECIDED: u8 = 0;
const DECIDED: u8 = 1;
const REACHED: u8 = 1 << 5;
const VISITED: u8 = 1 << 6;
const LINK_YES: u8 = 1 << 7;

/// A reached entity as a group's count sees it (two bits): ruled out by the filters, or
/// kept as *possibly* (with or without a record, which a *possibly* does not count apart),
/// as *yes*, or as *yes* with no record.
const EXCLUDED: u8 = 0;
const POSSIBLY: u8 = 1;
const YES: u8 = 2;
const YES_NO_RECORD: u8 = 3;

/// The class of what the filters made of an entity (`filter_one`'s state).
fn class(filtered: u8) -> u8 {
    // Read from a table, not decided by branches: the state varies at random from entity to
    // entity.
    const CLASSES: [u8; 16] = {
        let mut table = [EXCLUDED; 16];
        let mut filtered = 0;
        while filtered < 16 {
            table[filtered] = if filtered as u8 == OUT {
                EXCLUDED
            } else if filtered as u8 & PASSED_YES == 0 {
                POSSIBLY
            } else if filtered as u8 & NO_RECORD != 0 {
                YES_NO_RECORD
            } else {
                YES
            };
            filtered += 1;
        }
        table
    };
    CLASSES[usize::from(filtered & 15)]
}

/// Reached, and ruled out by the filters.
const OUT: u8 = 1;
/// Reached and kept by the filters: *possibly*, unless with `PASSED_YES`.
const PASSED: u8 = 2;
/// Kept as *yes*.
const PASSED_YES: u8 = 4;
/// Kept with no record (a negated filter that found nothing).
const NO_RECORD: u8 = 8;

/// The tally of a set, as [`Tally::of`] counts its rows, without building them.
pub(super) fn tally(set: &Set) -> Tally {
    let mut tally = Tally::default();
    for row in set.values() {
        match (row.truth, row.no_record) {
            (Truth::Yes, true) => tally.no_record += 1,
            (Truth::Yes, false) => tally.yes += 1,
            _ => tally.possibly += 1,
        }
    }
    tally
}

/// The years of a date, with an open end as `i32::MIN` or `i32::MAX` (`by 1793` is
/// `(MIN, 1793)`): an inferred bound counts under `by 1793`, not as undated.
pub(super) fn open_span(date: &Date) -> Option<(i32, i32)> {
    date.year_span().or_else(|| {
        let year = |d: crate::model::Day| d.to_gregorian().0;
        match (date.earliest(), date.latest()) {
            (None, Some(last)) => Some((i32::MIN, year(last))),
            (Some(first), None) => Some((year(first), i32::MAX)),
            _ => None,
        }
    })
}

/// Counts rows per year of their date (`year_span` gives it: the matched date or the row's
/// own): a date within one year counts there, a date spanning years counts under its span as
/// *possibly*, no date under `undated` (settled rows as settled).
pub(super) fn by_year(
    set: &Set,
    year_span: impl Fn(EntityId, &Row, &[ClaimId]) -> Option<(i32, i32)>,
) -> Vec<YearCount> {
    let mut years: BTreeMap<(i32, i32), (usize, usize)> = BTreeMap::new();
    let mut undated = (0, 0);
    for (id, row) in set {
        let settled = row.truth == Truth::Yes;
        let span = year_span(*id, row, set.evidence(row));
        let (slot, precise) = match span {
            Some((from, to)) => (years.entry((from, to)).or_default(), from == to),
            None => (&mut undated, true),
        };
        if settled && precise {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
    }
    let mut out: Vec<YearCount> = years
        .into_iter()
        .map(|((from, to), (count, possibly))| YearCount {
            year: if from == to {
                from.to_string()
            } else if from == i32::MIN {
                format!("by {to}")
            } else if to == i32::MAX {
                format!("after {from}")
            } else {
                format!("{from}–{to}")
            },
            count,
            possibly,
        })
        .collect();
    if undated != (0, 0) {
        out.push(YearCount {
            year: "undated".to_owned(),
            count: undated.0,
            possibly: undated.1,
        });
    }
    out
}

/// The state of a row that passed every filter: `PASSED`, with `PASSED_YES` when it is
/// settled and `NO_RECORD` when it has no record.
fn passed(truth: Truth, no_record: bool) -> u8 {
    // Arithmetic, not branches: the truth varies at random from row to row.
    PASSED | (PASSED_YES * u8::from(truth == Truth::Yes)) | (NO_RECORD * u8::from(no_record))
}
