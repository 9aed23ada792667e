//! Filters: whether each row underwent an event (in a window, by someone, somewhere), an
//! event's date claims read together, and how a count's whole splits into yes, possibly, no
//! and no record.

mod quick;

pub(super) use quick::{BareRow, Filter, Filtered, Quick, Sieve, Sieved};

use super::answer::Split;
use super::eval::{Aside, Claims, Eval, Row, Set};
use super::plan::Op;
use crate::model::date::Within;
use crate::model::{ClaimId, Date, EntityId, EventKindId, Truth};
use crate::store::FactRef;
use quick::undated;
use smallvec::SmallVec;

impl Eval<'_> {
    /// How the whole splits beyond the part: members that a negated filter settles as *not*
    /// are *no*; the others left out are *no record*.
    pub(super) fn split(&self, part_op: &Op, whole_op: &Op, whole: &Set, part: &Set) -> Split {
        self.split_rows(part_op, whole_op, whole, part).0
    }

    /// `part_op` evaluated, as [`Eval::op`] would, from the whole (`whole_op` evaluated: the
    /// caller's `whole` if it has it, else made here), and how the whole splits beyond it
    /// ([`Eval::split`]), as a count or a share needs them. When `part_op` is filters over
    /// `whole_op` (not over everything), both come from one pass over the whole, its rows
    /// taken one at a time as a walk makes them when the caller has no `whole`
    /// (`Eval::each_row`): each filter asks once of each member, and a member a filter
    /// leaves out is settled *no* or *no record* from that same finding (the filters outside
    /// it are asked of it then, negated). Cost: O(whole × filters), the whole never copied
    /// as a set (a share's rows copied one at a time, a count's not at all); otherwise
    /// `self.op(part_op)` and [`Eval::split`].
    pub(super) fn within(&self, part_op: &Op, whole_op: &Op, whole: Option<&Set>) -> (Set, Split) {
        let (mut filters, over) = filters_over(part_op, whole_op);
        // From everything, `Eval::step` starts at the events instead.
        if !over || filters.is_empty() || matches!(whole_op, Op::Everything) {
            let made;
            let whole = match whole {
                Some(whole) => whole,
                None => {
                    made = self.op(whole_op);
                    &made
                }
            };
            let part = self.op(part_op);
            let split = self.split(part_op, whole_op, whole, &part);
            return (part, split);
        }
        filters.reverse();
        let mut pass = Pass {
            filters,
            part: Set::new(),
            touched: SmallVec::new(),
            whole: 0,
            no: 0,
        };
        pass.touched.resize(pass.filters.len(), 0);
        match whole {
            Some(whole) => {
                if !self.budget.exceeded() {
                    for (id, row) in whole {
                        self.pass_member(&mut pass, *id, row.clone(), whole.evidence(row));
                    }
                }
            }
            None => {
                let by_index = match whole_op {
                    Op::Kind(kind) => self.pass_kind(&mut pass, *kind),
                    _ => false,
                };
                if !by_index {
                    self.each_row(whole_op, None, |id, row, evidence, _| {
                        self.pass_member(&mut pass, id, row, evidence)
                    });
                }
            }
        }
        let Pass {
            mut part,
            touched,
            whole,
            no,
            ..
        } = pass;
        // Charged as `Eval::op` charges each filter's step.
        for touched in touched {
            if self.budget.exceeded() || !self.budget.charge(touched) {
                part = Set::new();
            }
        }
        let split = Split {
            whole,
            no,
            no_record: whole.saturating_sub(part.len() + no),
        };
        (part, split)
    }

    /// [`Eval::within`]'s pass over the members of `kind`, where every filter is an
    /// `underwent` and every claim is in scope: only the members with something in the events
    /// index (`Events::marked`) and the first without go through [`Eval::pass_member`]; what
    /// it made of that one is repeated for each other member without (counted in the whole,
    /// as *no*, in the filters' charges, and its row kept if it was), since every filter
    /// finds the same of each of them: no event and no denial. `count people arrested by
    /// 1940` at a million people made a finding for each of a million members. `false`,
    /// having done nothing, where this does not apply. Cost: O(members of the kind), plus
    /// `pass_member` per marked member.
    fn pass_kind(&self, pass: &mut Pass<'_>, kind: crate::model::KindId) -> bool {
        let graph = self.graph;
        let index = graph.events_index();
        let applies = self.scope.is_none()
            && self.cutoff.is_none()
            && pass
                .filters
                .iter()
                .all(|(op, _)| matches!(op, Op::Underwent { .. }))
            && index.len() == graph.n_entities()
            && graph.of_kind(kind).is_sorted();
        if !applies {
            return false;
        }
        let members = graph.of_kind(kind);
        // Charged as `Eval::op` charges the kind's set.
        if self.budget.exceeded() || !self.budget.charge(members.len()) {
            return true;
        }
        // What `pass_member` made of the first member without a mark: `None` until it is
        // met, `Some(None)` if it cannot be repeated (its row holds more than a truth).
        let mut unmarked: Option<Option<Unmarked>> = None;
        // Both in position order: the marked members are found by a merge.
        let mut marked = index.marked().iter().copied().peekable();
        for &member in members {
            // A position fits: handles keep positions in 32 bits.
            let at = member.index() as u32;
            while marked.next_if(|&m| m < at).is_some() {}
            if marked.next_if_eq(&at).is_some() {
                self.pass_member(pass, member, Row::yes(), &[]);
                continue;
            }
            match &unmarked {
                Some(Some(same)) => same.repeat(pass, member),
                Some(None) => self.pass_member(pass, member, Row::yes(), &[]),
                None => unmarked = Some(self.pass_unmarked(pass, member)),
            }
        }
        true
    }

    /// [`Eval::pass_member`] for the first member of a kind with nothing in the events index,
    /// and what it made of it, to repeat: `None` if its row holds claims, claims set aside or
    /// a date (it cannot, finding nothing; then each is passed as any other).
    fn pass_unmarked(&self, pass: &mut Pass<'_>, member: EntityId) -> Option<Unmarked> {
        let (touched, no, rows) = (pass.touched.clone(), pass.no, pass.part.len());
        self.pass_member(pass, member, Row::yes(), &[]);
        let kept = match pass.part.get(&member).filter(|_| pass.part.len() > rows) {
            None => None,
            Some(row) => {
                let bare = pass.part.evidence(row).is_empty()
                    && row.aside.is_empty()
                    && row.date.is_none();
                if !bare {
                    return None;
                }
                Some((row.truth, row.no_record))
            }
        };
        Some(Unmarked {
            touched: pass
                .touched
                .iter()
                .zip(&touched)
                .map(|(after, before)| after - before)
                .collect(),
            no: pass.no - no,
            kept,
        })
    }

    /// One member of the whole through [`Eval::within`]'s pass: into the part if every
    /// filter keeps it, else counted *no* if the filter that left it out, or one outside
    /// it, settles the question the other way. A filter it passed cannot: what keeps a row
    /// never settles its negation.
    fn pass_member(&self, pass: &mut Pass<'_>, id: EntityId, row: Row, evidence: &[ClaimId]) {
        pass.whole += 1;
        let Pass {
            filters,
            part,
            touched,
            no,
            ..
        } = pass;
        part.keep(id, row, evidence, |row| {
            for (at, (op, filter)) in filters.iter().enumerate() {
                let negated = is_negated(op);
                let Some(found) = self.finding(op, *filter, id, !negated) else {
                    return false;
                };
                match meet(negated, found, &mut *row) {
                    Ok(kept) => touched[at] += 1 + kept.evidence().len(),
                    Err(found) => {
                        let settled = settles(!negated, found)
                            || filters[at + 1..].iter().any(|(op, filter)| {
                                self.finding(op, *filter, id, false)
                                    .is_some_and(|found| settles(!is_negated(op), found))
                            });
                        *no += usize::from(settled);
                        return false;
                    }
                }
            }
            true
        });
    }

    /// The same evaluation over every source's claims: `check` selects the figures it checks
    /// by `according to`, but sets them beside all the records (those published by then, `as
    /// of` a date).
    pub(super) fn unscoped(&self) -> Eval<'_> {
        Eval {
            graph: self.graph,
            scope: None,
            all_claims: self.all_claims,
            life_bounds: self.life_bounds,
            budget: self.budget,
            cutoff: self.cutoff,
        }
    }

    /// A count over the records split four ways, with the rows settled *no*.
    pub(super) fn records(&self, part_op: &Op, whole_op: &Op) -> Records {
        let part = self.op(part_op);
        let whole = self.op(whole_op);
        let (split, no_rows) = self.split_rows(part_op, whole_op, &whole, &part);
        let yes = part.values().filter(|r| r.truth == Truth::Yes).count();
        Records {
            yes,
            possibly: part.len() - yes,
            no: split.no,
            no_record: split.no_record,
            whole: split.whole,
            no_rows,
        }
    }

    /// [`Eval::split`], with the rows settled *no*: each member of `whole` not in `part`
    /// (`whole_op` and `part_op` evaluated: the caller has them already) is *no* where one
    /// of the filters between them, negated, settles it (the outermost such filter gives its
    /// row). Cost: O(whole + part) and O(filters) findings per member left out.
    pub(super) fn split_rows(
        &self,
        part_op: &Op,
        whole_op: &Op,
        whole: &Set,
        part: &Set,
    ) -> (Split, Set) {
        let (filters, _) = filters_over(part_op, whole_op);
        let mut no = Set::new();
        let mut missing = 0;
        // Both sets are sorted by id: the members left out are found by a merge.
        let mut kept = part.keys().peekable();
        for id in whole.keys() {
            while kept.next_if(|k| *k < id).is_some() {}
            if kept.next_if_eq(&id).is_some() {
                continue;
            }
            missing += 1;
            for (op, filter) in &filters {
                let negated = !is_negated(op);
                let Some(found) = self.finding(op, *filter, *id, !negated) else {
                    continue;
                };
                let settled = no.keep(*id, Row::yes(), &[], |row| {
                    meet(negated, found, row)
                        .is_ok_and(|row| row.truth == Truth::Yes && !row.no_record)
                });
                if settled {
                    break;
                }
            }
        }
        let split = Split {
            whole: whole.len(),
            no: no.len(),
            no_record: missing - no.len(),
        };
        (split, no)
    }

    /// Runs a filter (`Underwent` or `Dated`) over a given input set instead of its own.
    pub(super) fn filter(&self, op: &Op, input: Set) -> Set {
        let Some(within) = Filter::of(op) else {
            return self.op(op);
        };
        input.filter_rows(|id, row| self.filter_row(op, within, id, row).is_some())
    }

    /// What filter `op` makes of one row: the row with its truth met with the filter's (and
    /// the claims that show it), or `None` when the filter rules it out. `filter` is `op`'s
    /// [`Filter`]. The row is a [`Row`], or a [`BareRow`] that keeps only what a count reads
    /// (no dates: the claim that dates an event is then not read), through the same steps.
    pub(super) fn filter_row<R: Filtered>(
        &self,
        op: &Op,
        filter: Filter,
        id: EntityId,
        row: R,
    ) -> Option<R> {
        let negated = is_negated(op);
        let found = self.finding(op, filter, id, R::DATES && !negated)?;
        meet(negated, found, row).ok()
    }

    /// What filter `op` (`Underwent`, `Took` or `Dated`; `None` for any other step) finds
    /// of `id`, before it is met with a row ([`meet`]); whether the filter is negated does
    /// not change it. `filter` is `op`'s [`Filter`]; with `dates`, a finding from the events
    /// index that may keep a row carries its date (see `quick_match`).
    fn finding(&self, op: &Op, filter: Filter, id: EntityId, dates: bool) -> Option<Finding> {
        match op {
            Op::Underwent { kind, window, .. } | Op::Took { kind, window, .. } => {
                let (by, places): (&[_], &[_]) = match op {
                    Op::Took { by, places, .. } => (by, places),
                    _ => (&[], &[]),
                };
                let quick = match (by, places) {
                    ([], []) => self.underwent_quick(id, *kind, window.as_ref(), filter.within),
                    _ => None,
                };
                Some(Finding::Event(match quick {
                    // The date is read only for a row it may date (the others' findings
                    // leave it unread: see `quick_match`).
                    Some(quick) => quick.map(|q| self.quick_match(q, dates)),
                    None => {
                        let condition = |event| self.event_matches(event, Some(id), by, places);
                        self.underwent_where(id, *kind, window.as_ref(), &condition)
                    }
                }))
            }
            Op::Dated { window, .. } => Some(Finding::Dated(self.event_within(id, Some(window)))),
            _ => None,
        }
    }
    /// Whether a link held within `window`: by its own `during`, or else possibly while the
    /// object existed.
    pub(super) fn link_held(&self, claim: ClaimId, window: &Date) -> Truth {
        let FactRef::Link { object, during, .. } = self.graph.claim_ref(claim).fact() else {
            return Truth::No;
        };
        match during {
            Some(during) => during.overlaps(window),
            None => match &self.graph.entity_ref(object).period {
                Some(period) => period.overlaps(window).and(Truth::Possibly),
                None => Truth::Possibly,
            },
        }
    }

    /// Everyone who is the patient of some event of `kind`.
    pub(super) fn patients(&self, kind: EventKindId) -> Set {
        let patient = &self.graph.schema().event_kind_def(kind).patient;
        let mut out = Vec::new();
        for event in self.graph.events_of_kind(kind) {
            for (_, role, who) in self.graph.participants(event) {
                if role == patient {
                    out.push(who);
                }
            }
        }
        Set::of_ids(out)
    }

    /// The best evidence that `entity` underwent an event of `kind` within `window` that meets
    /// `condition` (who else took part, where: a truth and the claims that show it), weighed
    /// against claims that it never did; `None` when no claim says either.
    pub(super) fn underwent_where(
        &self,
        entity: EntityId,
        kind: EventKindId,
        window: Option<&Date>,
        condition: &dyn Fn(EntityId) -> (Truth, Vec<ClaimId>),
    ) -> Option<Match> {
        let graph = self.graph;
        let def = graph.schema().event_kind_def(kind);
        let patient = &def.patient;
        // A kind that happens once in a life: a dated record outside the window settles it.
        let once = def.ends_life || def.starts_life;
        let mut best: Option<Match> = None;
        for (claim, role, event) in graph.participations(entity) {
            if graph.event_kind_of(event) != Some(kind) || role != patient || !self.admits(claim) {
                continue;
            }
            let (meets, shown) = condition(event);
            if meets == Truth::No {
                continue;
            }
            let dated = self.event_within(event, window);
            let mut evidence = Claims::new();
            evidence.push(claim);
            evidence.extend(dated.claims);
            evidence.extend(shown);
            let truth = if dated.truth == Truth::No {
                Truth::No
            } else {
                dated.truth.and(self.strength(claim)).and(meets)
            };
            let candidate = Match {
                truth,
                evidence,
                date: dated.date,
                conclusive: once,
                aside: dated.aside,
            };
            // The best truth wins; at equal truth the first (recorded before inferred).
            best = Some(match best {
                Some(b) if b.truth >= candidate.truth => b,
                _ => candidate,
            });
        }
        // Nothing happens after a life ends: a window wholly after the death settles it.
        if self.life_bounds
            && !def.posthumous
            && best.as_ref().is_none_or(|b| b.truth == Truth::No)
            && let Some(window) = window
            && let Some(end) = graph.end_of_life(entity)
            && self.admits(end.participation)
            && self.admits(end.date_claim)
            && end.date.is_before(window) == Truth::Yes
        {
            let mut evidence = best.map(|b| b.evidence).unwrap_or_default();
            evidence.extend([end.participation, end.date_claim]);
            best = Some(Match {
                truth: Truth::No,
                evidence,
                date: None,
                conclusive: true,
                aside: Aside::new(),
            });
        }
        // A source's explicit "was not" weighs against the events: with a settled event it
        // is a disagreement (possibly), otherwise it settles the question as no.
        let denials: Claims = graph
            .nevers(entity)
            .filter(|(claim, never_kind, during)| {
                *never_kind == kind
                    && self.admits(*claim)
                    && match (during, window) {
                        (None, _) => true,
                        (Some(during), Some(window)) => window.is_within(during) == Truth::Yes,
                        (Some(_), None) => false,
                    }
            })
            .map(|(claim, _, _)| claim)
            .collect();
        if denials.is_empty() {
            return best;
        }
        // A denial settles the question only if some asserted or probable claim makes it.
        let settles = denials.iter().any(|c| self.strength(*c) == Truth::Yes);
        Some(match best {
            Some(mut m) => {
                m.truth = if m.truth == Truth::Yes {
                    Truth::Possibly
                } else {
                    Truth::No
                };
                m.conclusive |= settles;
                m.evidence.extend(denials);
                m
            }
            None => Match {
                truth: Truth::No,
                evidence: denials,
                date: None,
                conclusive: settles,
                aside: Aside::new(),
            },
        })
    }

    /// Whether an event happened within `window`, by its date claims taken together: *yes*
    /// when some claim says yes and none says no (a vaguer date that leaves it open does not
    /// undo a precise one), *no* likewise, *possibly* when claims disagree or none settles it.
    /// An undated event possibly happened in any window. Returns the claims that decided, the
    /// first of them with its date.
    pub(super) fn event_within(&self, event: EntityId, window: Option<&Date>) -> DateMatch {
        // Most events have one date claim or none: decided here as the general case below
        // decides them, without gathering lists (see `lone_date` and `undated`).
        let mut all = self.graph.dates_of(event);
        match (all.next(), all.next()) {
            (None, _) => {
                return DateMatch {
                    truth: undated(window),
                    claims: Claims::new(),
                    date: None,
                    aside: Aside::new(),
                };
            }
            (Some((claim, date)), None)
                if self.scope.is_none()
                    && self.cutoff.is_none()
                    && !self.bits(claim).deprecated() =>
            {
                let weak = self.bits(claim).weak();
                let within = window.map(Within::new);
                let mut claims = Claims::new();
                claims.push(claim);
                return DateMatch {
                    truth: self.lone_date(date.sort_key(), weak, within),
                    claims,
                    date: Some(date.clone()),
                    aside: Aside::new(),
                };
            }
            _ => {}
        }
        // An event has a few date claims: the lists below stay inline, not on the heap.
        let mut dates: SmallVec<[(ClaimId, &Date); 4]> = if self.all_claims {
            self.graph.dates_of(event).collect()
        } else {
            crate::reason::deciding_dates(self.graph, event)
        };
        dates.retain(|(c, _)| self.admits(*c));
        // Recorded dates decide where there are any; asserted or probable ones over weak ones.
        let recorded = dates
            .iter()
            .any(|(c, _)| self.graph.derivation(*c).is_none());
        let strong = dates
            .iter()
            .any(|(c, _)| self.strength(*c) == Truth::Yes && self.graph.derivation(*c).is_none());
        let mut verdicts: SmallVec<[(Truth, ClaimId, &Date); 4]> = SmallVec::new();
        let mut aside: Aside = self
            .graph
            .dates_of(event)
            .map(|(c, _)| c)
            .filter(|c| !dates.iter().any(|(d, _)| d == c) && self.in_scope(*c))
            .collect();
        for (claim, date) in dates {
            if recorded && self.graph.derivation(claim).is_some() {
                aside.push(claim);
                continue;
            }
            let weak = self.strength(claim) != Truth::Yes;
            if strong && weak {
                aside.push(claim);
                continue;
            }
            let verdict = window.map_or(Truth::Yes, |w| date.is_within(w));
            // With no window the date does not matter: the event happened, whatever its date.
            let verdict = if weak && verdict == Truth::Yes && window.is_some() {
                Truth::Possibly
            } else {
                verdict
            };
            verdicts.push((verdict, claim, date));
        }
        let any = |t: Truth| verdicts.iter().any(|(v, _, _)| *v == t);
        let truth = match (any(Truth::Yes), any(Truth::No)) {
            (true, false) => Truth::Yes,
            (false, true) => Truth::No,
            (true, true) => Truth::Possibly,
            (false, false) if verdicts.is_empty() && window.is_none() => Truth::Yes,
            (false, false) => Truth::Possibly,
        };
        // Evidence: the claims that agree with the verdict, or all of them when they disagree.
        let mut deciding = verdicts
            .iter()
            .filter(|(v, _, _)| truth == Truth::Possibly || *v == truth);
        let first = deciding.next();
        DateMatch {
            truth,
            claims: first
                .into_iter()
                .chain(deciding)
                .map(|(_, c, _)| *c)
                .collect(),
            date: first.map(|(_, _, d)| (*d).clone()),
            aside,
        }
    }
}

/// A count over the records, split four ways: see [`Eval::records`].
pub(super) struct Records {
    pub(super) yes: usize,
    pub(super) possibly: usize,
    pub(super) no: usize,
    pub(super) no_record: usize,
    pub(super) whole: usize,
    pub(super) no_rows: Set,
}

/// What an event's date claims say about a window.
pub(super) struct DateMatch {
    pub(super) truth: Truth,
    pub(super) claims: Claims,
    pub(super) date: Option<Date>,
    /// Date claims in scope that did not decide.
    pub(super) aside: Aside,
}

/// [`Eval::within`]'s pass over a whole: its filters (the innermost first), the part so far,
/// what each filter's step would charge (the rows it keeps and their evidence), the members
/// seen and those settled *no*.
struct Pass<'o> {
    filters: SmallVec<[(&'o Op, Filter); 4]>,
    part: Set,
    touched: SmallVec<[usize; 4]>,
    whole: usize,
    no: usize,
}

/// What [`Eval::pass_member`] made of a member with nothing in the events index
/// ([`Eval::pass_kind`]): what it added to each filter's charge and to the members settled
/// *no*, and the truth and lack of record of its row if it kept one.
struct Unmarked {
    touched: SmallVec<[usize; 4]>,
    no: usize,
    kept: Option<(Truth, bool)>,
}

impl Unmarked {
    /// The same for `member`. Cost: O(filters).
    fn repeat(&self, pass: &mut Pass<'_>, member: EntityId) {
        pass.whole += 1;
        pass.no += self.no;
        for (touched, more) in pass.touched.iter_mut().zip(&self.touched) {
            *touched += more;
        }
        if let Some((truth, no_record)) = self.kept {
            pass.part.keep(member, Row::yes(), &[], |row| {
                row.truth = truth;
                row.no_record = no_record;
                true
            });
        }
    }
}

/// What a filter found of one entity ([`Eval::finding`]), before it is met with a row.
enum Finding {
    /// An `underwent` filter's best event (or denial), if any claim says either.
    Event(Option<Match>),
    /// A `dated` filter's reading of the entity's date claims.
    Dated(DateMatch),
}

/// The row `row` met with what a filter (`not` if `negated`) found (`found`): its truth met
/// with the filter's, with the claims that show it, or `Err` with the finding when the
/// filter rules the row out (a count's split reads it again, negated). Cost: O(evidence).
fn meet<R: Filtered>(negated: bool, found: Finding, mut row: R) -> Result<R, Finding> {
    let m = match found {
        Finding::Event(m) => m,
        Finding::Dated(dated) => {
            let truth = if negated {
                dated.truth.not()
            } else {
                dated.truth
            };
            let truth = row.truth().and(truth);
            if truth == Truth::No {
                return Err(Finding::Dated(dated));
            }
            row.set_truth(truth);
            row.add_evidence(dated.claims);
            row.add_aside(dated.aside);
            row.or_date(dated.date);
            return Ok(row);
        }
    };
    match (negated, m) {
        (false, Some(m)) if m.truth != Truth::No => {
            row.set_truth(row.truth().and(m.truth));
            row.add_evidence(m.evidence);
            row.add_aside(m.aside);
            row.or_date(m.date);
            Ok(row)
        }
        (false, m) => Err(Finding::Event(m)),
        (true, None) => {
            row.set_no_record();
            Ok(row)
        }
        // A record outside the window is no proof that nothing happened in it, unless it
        // settles the question (a denial, a life's one end).
        (true, Some(m)) if m.truth == Truth::No && !m.conclusive => {
            row.set_no_record();
            row.add_evidence(m.evidence);
            Ok(row)
        }
        (true, Some(m)) => {
            let truth = row.truth().and(m.truth.not());
            if truth == Truth::No {
                return Err(Finding::Event(Some(m)));
            }
            row.set_truth(truth);
            row.add_evidence(m.evidence);
            Ok(row)
        }
    }
}

/// Whether a filter (`not` if `negated`) settles a member as certainly in on what it found:
/// what a count's split asks of the members a filter left out, with the filter negated.
fn settles(negated: bool, found: Finding) -> bool {
    meet(negated, found, BareRow::yes()).is_ok_and(|row| row.truth == Truth::Yes && !row.no_record)
}

/// Whether a filter step is negated (`not arrested`).
fn is_negated(op: &Op) -> bool {
    matches!(
        op,
        Op::Underwent { negated: true, .. }
            | Op::Took { negated: true, .. }
            | Op::Dated { negated: true, .. }
    )
}

/// The filters between `part_op` and `whole_op`, the outermost first, each with its
/// [`Filter`], and whether they lead down to `whole_op` (no other step between).
fn filters_over<'o>(part_op: &'o Op, whole_op: &Op) -> (SmallVec<[(&'o Op, Filter); 4]>, bool) {
    let mut filters = SmallVec::new();
    let mut op = part_op;
    while op != whole_op {
        let (Op::Underwent { input, .. } | Op::Took { input, .. } | Op::Dated { input, .. }) = op
        else {
            return (filters, false);
        };
        let Some(filter) = Filter::of(op) else {
            return (filters, false);
        };
        filters.push((op, filter));
        op = input;
    }
    (filters, true)
}

/// The best event found by [`Eval::underwent_where`].
#[derive(Clone)]
pub(super) struct Match {
    truth: Truth,
    evidence: Claims,
    date: Option<Date>,
    /// Whether a *no* settles the question (a denial, a life's one end, a death before the
    /// window) rather than only failing to show it.
    conclusive: bool,
    /// Claims about the same event that did not decide.
    aside: Aside,
}
