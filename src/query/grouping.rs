//! Grouped counts: per year of each row's date, per entity of a kind (`per`), per entity of a
//! set (`each`).

use std::collections::BTreeMap;

use super::answer::{GroupCount, Tally, YearCount};
use super::eval::{Eval, Row, Set, distinct};
use super::filters::{BareRow, Filter};
use super::plan::Op;
use crate::model::{ClaimId, Date, EntityId, Truth};
use crate::store::{Events, FactRef};

impl Eval<'_> {
    /// The years a row counts under in `count … by year`: the date its filters matched, else
    /// its own date (an event's date, or the start of the membership or other link that brought
    /// it into the set, unless an event filter matched it undated); `None` when it has none.
    pub(super) fn year_span(&self, id: EntityId, row: &Row) -> Option<(i32, i32)> {
        if let Some(date) = &row.date {
            return open_span(date);
        }
        let graph = self.graph;
        if graph.entity(id).kind == graph.schema().event_kind() {
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
        let through_event = row.evidence.iter().any(|c| {
            matches!(graph.claim_ref(*c).fact(), FactRef::Participation { participant, .. } if participant == id)
        });
        if through_event {
            return None;
        }
        distinct(&row.evidence)
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
    pub(super) fn count_per(&self, set: &Op, group: crate::model::KindId) -> Vec<GroupCount> {
        let graph = self.graph;
        let mut groups: Vec<(Tally, EntityId)> = match self.count_per_walk(set, group) {
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
        groups.retain(|(tally, _)| *tally != Tally::default());
        let key = |t: &Tally| std::cmp::Reverse((t.yes, t.possibly, t.no_record));
        // The name rank sorts as `(normalize(name), id)` does.
        groups.sort_unstable_by_key(|(t, id)| (key(t), graph.name_rank(*id)));
        groups
            .into_iter()
            .map(|(count, id)| {
                let entity = graph.entity(id);
                GroupCount {
                    id: entity.slug.to_string(),
                    name: entity.name.clone(),
                    count,
                }
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
    /// Everything lives in bit arrays indexed by entity position, not in maps: three bits
    /// per entity while the groups' links are read (whether some group reaches it, whether
    /// the group being read does, by a settled link), then two for what the filters made of
    /// it, small enough that the random reads of the walk and the count stay in cache. It
    /// charges the budget what walking from every group at once, filtering that set stage by
    /// stage and then counting each group's members would charge: the rows reached, each
    /// stage's rows and their evidence, and each group's distinct members. Cost: O(entities) for the arrays, plus
    /// O(links of the groups) and the filters once per entity reached.
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
        // Past 2^31 entities a position does not leave room for `MEMBER_YES`.
        if n > MEMBER_YES as usize {
            return None;
        }
        // Per entity, as bits (64 entities to a `Walked`, so that the walk's random reads
        // stay in cache): whether some group reaches it, and while a group's links are read,
        // whether that group reaches it and whether by a settled link.
        let mut walked = vec![Walked::default(); n.div_ceil(64)];
        let groups = graph.of_kind(group);
        // Each group's members, each once, with `MEMBER_YES` when by a settled link: group
        // `g`'s are `members[ends[g - 1]..ends[g]]`, so that each group's links are read once.
        let mut members: Vec<u32> = Vec::new();
        let mut ends: Vec<usize> = Vec::with_capacity(groups.len());
        for &from in groups {
            let plain = plain(from);
            let start = members.len();
            for (claim, to) in graph.links(from, *relation, *inverse) {
                let truth = if plain { Truth::Yes } else { link(claim) };
                if truth == Truth::No {
                    continue;
                }
                let i = to.index();
                let (word, bit) = (&mut walked[i / 64], 1u64 << (i % 64));
                if truth == Truth::Yes {
                    word.yes |= bit;
                }
                if word.visited & bit == 0 {
                    word.visited |= bit;
                    word.reached |= bit;
                    members.push(i as u32);
                }
            }
            for member in &mut members[start..] {
                let i = *member as usize;
                let (word, bit) = (&mut walked[i / 64], 1u64 << (i % 64));
                if word.yes & bit != 0 {
                    *member |= MEMBER_YES;
                }
                word.visited &= !bit;
                word.yes &= !bit;
            }
            ends.push(members.len());
        }
        // The filters run once per entity reached, in the order of the entities, so that the
        // index they read is read from start to end.
        // Where every filter is an `underwent` and every claim is in scope, each of them is
        // decided from the events index (`underwent_quick`), which decides an entity with no
        // events and no flags from that alone: all such entities come out alike, so the
        // first one's result stands for the others.
        let uniform = self.scope.is_none()
            && self.cutoff.is_none()
            && filters
                .iter()
                .all(|(op, _)| matches!(op, Op::Underwent { .. }));
        // There, each entity's entry is read by position, with no handle built, and run
        // through the filters as `filter_one` runs it (`filter_quick`); an entry the index
        // cannot decide goes to `filter_one`.
        let quick: Vec<QuickFilter> = if uniform {
            filters
                .iter()
                .filter_map(|(op, filter)| match op {
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
        } else {
            Vec::new()
        };
        let index = uniform.then(|| graph.events_index());
        let mut bare = None;
        let (mut reached, mut touched) = (0, 0);
        // What the filters made of each entity, two bits to an entity (a `Class`), 32 to a
        // word: the count's random reads stay in cache.
        let mut classes = vec![0u64; n.div_ceil(32)];
        for (w, word) in walked.iter().enumerate() {
            let mut bits = word.reached;
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let entry = index.and_then(|index| index.undergone(i));
                let empty = entry.is_some_and(|(events, flags)| {
                    events.is_empty() && flags & (Events::NEVERS | Events::MAY_END_LIFE) == 0
                });
                let quick = || {
                    let (events, flags) = entry?;
                    self.filter_quick(&quick, events, flags)
                };
                let (filtered, charge) = if empty {
                    *bare.get_or_insert_with(|| {
                        quick().unwrap_or_else(|| self.filter_one(&filters, graph.entity_handle(i)))
                    })
                } else {
                    quick().unwrap_or_else(|| self.filter_one(&filters, graph.entity_handle(i)))
                };
                classes[i / 32] |= u64::from(class(filtered)) << (2 * (i % 32));
                reached += 1;
                touched += charge;
            }
        }
        // Charged as `Eval::op` charges the walk from every group at once, then each filter.
        if !self.budget.charge(reached) || !self.budget.charge(touched) {
            return Some(Vec::new());
        }
        let mut counts = Vec::with_capacity(groups.len());
        let mut start = 0;
        for (&from, &end) in groups.iter().zip(&ends) {
            let mine = &members[start..end];
            start = end;
            // Each group's members, each once, as the count of each group charges them.
            self.budget.charge(mine.len());
            // Per `Class`, the members the group reaches by a settled link, or not.
            let mut by_class = [[0usize; 4]; 2];
            for &member in mine {
                let i = (member & !MEMBER_YES) as usize;
                let class = (classes[i / 32] >> (2 * (i % 32))) & 3;
                by_class[usize::from(member & MEMBER_YES != 0)][class as usize] += 1;
            }
            // A link's truth met with the filters' (`and`): a settled link leaves the
            // filters' truth, any other makes every kept member *possibly*.
            let [unsettled, settled] = by_class;
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
        Some(counts)
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
        (passed(&row), touched)
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
        Some((passed(&row), touched))
    }
}

/// Per 64 entities (entity `i` is bit `i % 64` of word `i / 64`), what
/// [`Eval::count_per_walk`]'s walk knows of them: whether some group reaches them, and
/// whether the group being read reaches them (`visited`), by a settled link (`yes`).
#[derive(Clone, Copy, Default)]
struct Walked {
    reached: u64,
    visited: u64,
    yes: u64,
}

/// A reached entity as a group's count sees it (two bits): ruled out by the filters, or
/// kept as *possibly* (with or without a record, which a *possibly* does not count apart),
/// as *yes*, or as *yes* with no record.
const EXCLUDED: u8 = 0;
const POSSIBLY: u8 = 1;
const YES: u8 = 2;
const YES_NO_RECORD: u8 = 3;

/// The class of what the filters made of an entity (`filter_one`'s state).
fn class(filtered: u8) -> u8 {
    if filtered == OUT {
        EXCLUDED
    } else if filtered & PASSED_YES == 0 {
        POSSIBLY
    } else if filtered & NO_RECORD != 0 {
        YES_NO_RECORD
    } else {
        YES
    }
}

/// Reached, and ruled out by the filters.
const OUT: u8 = 1;
/// Reached and kept by the filters: *possibly*, unless with `PASSED_YES`.
const PASSED: u8 = 2;
/// Kept as *yes*.
const PASSED_YES: u8 = 4;
/// Kept with no record (a negated filter that found nothing).
const NO_RECORD: u8 = 8;
/// In a group's list of members: the group reaches it by a settled link.
const MEMBER_YES: u32 = 1 << 31;

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
    year_span: impl Fn(EntityId, &Row) -> Option<(i32, i32)>,
) -> Vec<YearCount> {
    let mut years: BTreeMap<(i32, i32), (usize, usize)> = BTreeMap::new();
    let mut undated = (0, 0);
    for (id, row) in set {
        let settled = row.truth == Truth::Yes;
        let span = year_span(*id, row);
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
fn passed(row: &BareRow) -> u8 {
    let mut state = PASSED;
    if row.truth == Truth::Yes {
        state |= PASSED_YES;
    }
    if row.no_record {
        state |= NO_RECORD;
    }
    state
}
