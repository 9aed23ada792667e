//! Grouped counts: per year of each row's date, per entity of a kind (`per`), per entity of a
//! set (`each`).

use std::collections::BTreeMap;

use super::answer::{GroupCount, Tally, YearCount};
use super::eval::{Eval, Row, Set, distinct};
use super::plan::Op;
use crate::model::{Date, EntityId, Fact, Truth};

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
            matches!(&graph.claim(*c).fact, Fact::Participation { participant, .. } if *participant == id)
        });
        if through_event {
            return None;
        }
        distinct(&row.evidence)
            .iter()
            .rev()
            .find_map(|c| match &graph.claim(*c).fact {
                Fact::Link {
                    subject,
                    object,
                    during: Some(during),
                    ..
                } if *subject == id || *object == id => during
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
        groups.sort_by_cached_key(|(t, id)| {
            (
                key(t),
                crate::model::normalize(&graph.entity(*id).name),
                *id,
            )
        });
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
    /// from the kind: the filters are run once over everyone the walk reaches from any entity
    /// of the kind, instead of once per entity, and each entity's count then takes the best
    /// truth of its own links, met with the filters' truth. This is the same answer, since a
    /// filter meets its input's truth with its own (`and`, the minimum) and drops only what its
    /// own truth rules out. `None` for any other shape.
    pub(super) fn count_per_walk(
        &self,
        set: &Op,
        group: crate::model::KindId,
    ) -> Option<Vec<(Tally, EntityId)>> {
        let graph = self.graph;
        let mut filters = Vec::new();
        let mut op = set;
        while let Op::Underwent { input, .. } | Op::Dated { input, .. } = op {
            filters.push(op);
            op = input;
        }
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
        // Each entity's links that count, with the truth of each.
        let links = |from: EntityId| {
            graph
                .links(from, *relation, *inverse)
                .filter(|(claim, _)| self.admits(*claim))
                .filter_map(move |(claim, to)| {
                    let held = match window {
                        None => Truth::Yes,
                        Some(window) => self.link_held(claim, window),
                    };
                    let truth = held.and(self.strength(claim));
                    (truth != Truth::No).then_some((to, truth))
                })
        };
        let mut reached = Vec::new();
        for &from in graph.of_kind(group) {
            for (to, _) in links(from) {
                reached.push(to);
            }
        }
        let reached = Set::of_ids(reached);
        // Charged to the budget as `Eval::op` charges each step.
        if !self.budget.charge(reached.len()) {
            return Some(Vec::new());
        }
        let mut passed = reached;
        for filter in filters.iter().rev() {
            passed = self.filter(filter, passed);
            let touched = passed.values().map(|row| 1 + row.evidence.len()).sum();
            if !self.budget.charge(touched) {
                return Some(Vec::new());
            }
        }
        let mut mine: Vec<(EntityId, Truth)> = Vec::new();
        let counts = graph
            .of_kind(group)
            .iter()
            .map(|&from| {
                mine.clear();
                mine.extend(links(from));
                // Per member, its best link: sorted by member, best truth first.
                mine.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                mine.dedup_by_key(|(to, _)| *to);
                self.budget.charge(mine.len());
                let mut count = Tally::default();
                for (to, walked) in &mine {
                    let Some(row) = passed.get(to) else {
                        continue;
                    };
                    match (walked.and(row.truth), row.no_record) {
                        (Truth::No, _) => {}
                        (Truth::Yes, true) => count.no_record += 1,
                        (Truth::Yes, false) => count.yes += 1,
                        _ => count.possibly += 1,
                    }
                }
                (count, from)
            })
            .collect();
        Some(counts)
    }
}

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
