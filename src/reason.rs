//! Reasoning: what the records imply, by the schema's [`Rule`](crate::model::Rule)s, each inference with its
//! evidence.
//!
//! [`Graph::reasoned`] returns the recorded graph plus the inferred events and claims, built
//! once on first use (and again after a write). Inferred claims are ordinary claims of that
//! graph, past [`Graph::n_recorded_claims`], each with a [`Derivation`]: the rule and the
//! claims it rests on. Queries read the reasoned graph unless they ask `as recorded`.
//!
//! Evaluation order: implications run to a fixed point (rules may chain; the schema refuses
//! loops, and each premise fires a rule once, so it ends after at most one pass per rule in a
//! chain); then exclusions; then life bounds, which also bound the events implications
//! created. An inference never rests on itself: its premises existed before it.
//!
//! *Why not a Datalog crate* (datafrog, ascent, crepe): these rules create new events (an
//! arrest that no record names) and derive bounded dates ("by 1938-07-29") from dates of every
//! precision; Datalog derives tuples over existing constants and has neither existentials nor
//! three-valued interval dates. The fixed point here is a short loop over the rules, linear in
//! the events of the kinds they name.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::Graph;
use crate::model::{
    Certainty, Citation, Claim, ClaimId, Date, Entity, EntityId, EventKindId, Fact, Order, Rank,
    RuleForm, Slug,
};
use crate::store::{Derivation, Inferred, set_inferred};

impl Graph {
    /// The graph with what the schema's rules imply: the recorded entities and claims (same
    /// handles), then inferred events and claims, each with its [`Graph::derivation`]. A graph
    /// whose schema has no rules is its own reasoned graph.
    ///
    /// Cost: the first call after a write copies the graph and runs the rules (linear in the
    /// events of the kinds they name, times their participants); later calls are O(1).
    ///
    /// ```
    /// let graph = annals::load("data")?;
    /// let reasoned = graph.reasoned();
    /// let mezhlauk = graph.by_slug("mezhlauk").unwrap();
    /// // No record names Mezhlauk's arrest; his execution implies one.
    /// let arrests: Vec<_> = reasoned
    ///     .participations(mezhlauk)
    ///     .filter(|(claim, _, _)| reasoned.derivation(*claim).is_some())
    ///     .collect();
    /// assert_eq!(arrests.len(), 1);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn reasoned(&self) -> &Graph {
        if self.schema().rules().is_empty() || self.inferred.is_some() {
            return self;
        }
        self.reasoned.get_or_init(|| Box::new(infer(self)))
    }

    /// The rule name of an inferred claim. Cost: O(1).
    pub fn rule_name(&self, claim: ClaimId) -> Option<&str> {
        let derivation = self.derivation(claim)?;
        self.schema()
            .rules()
            .get(derivation.rule)
            .map(|r| r.name.as_str())
    }

    /// The end of `person`'s life as the records give it: the participation in an event of a
    /// kind that ends life (as its patient), that event's best date claim and the date. With
    /// several, the latest. Deprecated claims are left out.
    ///
    /// Cost: O(participations of the person + their date claims).
    pub fn end_of_life(&self, person: EntityId) -> Option<LifeEnd> {
        let schema = self.schema();
        let mut best: Option<LifeEnd> = None;
        for (claim, role, event) in self.participations(person) {
            let Some(kind) = self.event_kind_of(event) else {
                continue;
            };
            let def = schema.event_kind_def(kind);
            if !def.ends_life
                || role != def.patient
                || self.claim_ref(claim).rank() == Rank::Deprecated
            {
                continue;
            }
            if let Some((date_claim, date)) = latest_date(self, event) {
                let later = best
                    .as_ref()
                    .is_none_or(|b| date.sort_key().1 > b.date.sort_key().1);
                if later {
                    best = Some(LifeEnd {
                        participation: claim,
                        date_claim,
                        date,
                    });
                }
            }
        }
        best
    }
}

/// The end of a life: see [`Graph::end_of_life`].
#[derive(Clone, Debug, PartialEq)]
pub struct LifeEnd {
    /// The participation of the person in the event that ended their life.
    pub participation: ClaimId,
    /// The date claim of that event.
    pub date_claim: ClaimId,
    /// The date.
    pub date: Date,
}

/// The date claims of an event that decide: not deprecated, and only the preferred ones where
/// one exists. Cost: O(date claims).
pub(crate) fn deciding_dates(graph: &Graph, event: EntityId) -> Dates<'_> {
    let mut dates: Dates<'_> = graph
        .dates_of(event)
        .filter(|(c, _)| graph.claim_ref(*c).rank() != Rank::Deprecated)
        .collect();
    if dates
        .iter()
        .any(|(c, _)| graph.claim_ref(*c).rank() == Rank::Preferred)
    {
        dates.retain(|(c, _)| graph.claim_ref(*c).rank() == Rank::Preferred);
    }
    dates
}

/// An event's date claims: most events have one or two, kept inline.
pub(crate) type Dates<'g> = smallvec::SmallVec<[(ClaimId, &'g Date); 4]>;

/// The deciding date claim that ends latest, so that a bound derived from it holds whichever
/// of several disagreeing dates is right.
fn latest_date(graph: &Graph, event: EntityId) -> Option<(ClaimId, Date)> {
    deciding_dates(graph, event)
        .into_iter()
        .max_by_key(|(c, d)| (d.sort_key().1, std::cmp::Reverse(*c)))
        .map(|(c, d)| (c, d.clone()))
}

/// How certain a bound by the latest date is: as certain as the surest of the event's dates,
/// since each of them implies it.
fn bound_certainty(graph: &Graph, event: EntityId) -> Certainty {
    deciding_dates(graph, event)
        .into_iter()
        .map(|(c, _)| graph.claim_ref(c).certainty())
        .min()
        .unwrap_or(Certainty::Asserted)
}

/// Runs the rules over a copy of `recorded`.
fn infer(recorded: &Graph) -> Graph {
    let mut graph = recorded.clone();
    graph.reasoned = OnceLock::new();
    let mut reasoner = Reasoner {
        entities: recorded.n_entities(),
        claims: recorded.n_claims(),
        graph,
        derivations: Vec::new(),
        fired: HashSet::new(),
    };
    let rules = recorded.schema().rules().to_vec();
    // A rule's place query reads the recorded claims: run it once, not once per pass.
    let places: Vec<Option<HashSet<EntityId>>> = rules
        .iter()
        .map(|rule| match &rule.form {
            RuleForm::Implies {
                place: Some(query), ..
            } => Some(places_of(recorded, query)),
            _ => None,
        })
        .collect();
    // The kinds of event an implication starts from. Each premise fires once, so a pass
    // can fire only on events the passes before it inferred: when the last one inferred no
    // event of these kinds, another finds nothing (at a million people, a second pass that
    // read 135,536 executions again for nothing took 70 ms).
    let starts: Vec<EventKindId> = rules
        .iter()
        .filter_map(|rule| match rule.form {
            RuleForm::Implies { when, .. } => Some(when),
            _ => None,
        })
        .collect();
    loop {
        let mut feeds = false;
        for (i, rule) in rules.iter().enumerate() {
            if let RuleForm::Implies {
                when,
                role,
                implies,
                order,
                ..
            } = &rule.form
            {
                let inferred = reasoner.imply(i, *when, role, places[i].as_ref(), *implies, *order);
                feeds |= inferred && starts.contains(implies);
            }
        }
        if !feeds {
            break;
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        if let RuleForm::Exclusive { kinds } = &rule.form {
            reasoner.exclude(i, kinds);
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        if let RuleForm::LifeBounds = rule.form {
            reasoner.bound_lives(i);
        }
    }
    let Reasoner {
        mut graph,
        entities,
        claims,
        derivations,
        ..
    } = reasoner;
    set_inferred(
        &mut graph,
        Inferred {
            entities,
            claims,
            derivations,
        },
    );
    graph
}

/// The entities a rule's place query answers over the recorded claims; a query that fails
/// (the loader reports it) answers nothing.
fn places_of(recorded: &Graph, query: &str) -> HashSet<EntityId> {
    match recorded.query(&format!("{query} as recorded")) {
        Ok(answer) => answer.rows().iter().map(|r| r.entity).collect(),
        Err(_) => HashSet::new(),
    }
}

struct Reasoner {
    graph: Graph,
    entities: usize,
    claims: usize,
    derivations: Vec<Derivation>,
    /// (rule, premise claim) pairs already used, so that each premise fires a rule once.
    fired: HashSet<(usize, ClaimId)>,
}

impl Reasoner {
    /// Adds an inferred claim resting on `premises`: it cites their sources, and is as certain
    /// as the least certain of them.
    fn add(&mut self, rule: usize, fact: Fact, premises: Vec<ClaimId>) -> Option<ClaimId> {
        self.add_with(rule, fact, premises, &[])
    }

    /// [`Reasoner::add`], with date premises whose certainty is replaced: a bound by the latest
    /// of several dates is as sure as the surest of them.
    fn add_with(
        &mut self,
        rule: usize,
        fact: Fact,
        premises: Vec<ClaimId>,
        dates: &[(ClaimId, Certainty)],
    ) -> Option<ClaimId> {
        let mut certainty = Certainty::Asserted;
        let mut cited: Vec<Citation> = Vec::new();
        for p in &premises {
            let claim = self.graph.claim_ref(*p);
            let own = dates
                .iter()
                .find(|(c, _)| c == p)
                .map_or(claim.certainty(), |(_, k)| *k);
            certainty = certainty.max(own);
            cited.extend(claim.citations().map(|c| Citation {
                via: c.via,
                ..Citation::new(c.source)
            }));
        }
        // The premises' sources, each once (`Claim::cite` merges repeats).
        let (first, rest) = cited.split_first()?;
        let claim = Claim {
            citations: vec![first.clone()],
            certainty,
            ..Claim::new(fact, first.source)
        };
        let claim = rest.iter().cloned().fold(claim, Claim::cite);
        let id = self.graph.add_claim(claim).ok()?;
        debug_assert_eq!(id.index(), self.claims + self.derivations.len());
        self.derivations.push(Derivation { rule, premises });
        Some(id)
    }

    /// Whether `person` underwent an event of `kind` (as its patient) that may be the one a
    /// premise dated `bound` implies.
    fn has_compatible(
        &self,
        person: EntityId,
        kind: EventKindId,
        bound: Option<&Date>,
        order: Order,
    ) -> bool {
        let graph = &self.graph;
        let patient = &graph.schema().event_kind_def(kind).patient;
        graph.participations(person).any(|(claim, role, event)| {
            if role != patient
                || graph.event_kind_of(event) != Some(kind)
                || graph.claim_ref(claim).rank() == Rank::Deprecated
            {
                return false;
            }
            let dates = deciding_dates(graph, event);
            match bound {
                None => true,
                Some(_) if dates.is_empty() => true,
                Some(bound) => dates.iter().any(|(_, d)| {
                    let fits = match order {
                        Order::By => d.is_by(bound),
                        Order::Before => d.is_before(bound),
                    };
                    fits != crate::model::Truth::No
                }),
            }
        })
    }

    /// Applies an implication to every premise not yet used; whether anything was inferred.
    fn imply(
        &mut self,
        rule: usize,
        when: EventKindId,
        role: &str,
        places: Option<&HashSet<EntityId>>,
        implies: EventKindId,
        order: Order,
    ) -> bool {
        let schema = self.graph.schema();
        let place_relation = schema.event_place_relation();
        let event_kind = schema.event_kind();
        let implied = schema.event_kind_def(implies);
        let (patient, implied_name) = (implied.patient.clone(), implied.name.clone());
        let events: Vec<EntityId> = self.graph.events_of_kind(when).collect();
        let mut changed = false;
        for event in events {
            if let Some(places) = places {
                let there = place_relation.is_some_and(|r| {
                    self.graph
                        .links(event, r, false)
                        .any(|(c, place)| places.contains(&place) && self.usable(c))
                });
                if !there {
                    continue;
                }
            }
            let premises: Vec<(ClaimId, EntityId)> = self
                .graph
                .participants(event)
                .filter(|(c, r, _)| *r == role && self.usable(*c))
                .map(|(c, _, who)| (c, who))
                .collect();
            for (participation, person) in premises {
                if !self.fired.insert((rule, participation)) {
                    continue;
                }
                let date = latest_date(&self.graph, event);
                if self.has_compatible(person, implies, date.as_ref().map(|d| &d.1), order) {
                    continue;
                }
                let who = self.graph.entity_ref(person);
                let slug = self.fresh_slug(&format!("{}-{}-inferred", who.slug, implied_name));
                let mut entity = Entity::new(
                    slug,
                    event_kind,
                    format!("{} of {} (inferred)", capitalized(&implied_name), who.name),
                );
                entity.event_kind = Some(implies);
                let Ok(new_event) = self.graph.add_entity(entity) else {
                    continue;
                };
                let participation_fact = Fact::Participation {
                    event: new_event,
                    role: patient.clone(),
                    participant: person,
                };
                self.add(rule, participation_fact, vec![participation]);
                if let Some((date_claim, date)) = date
                    && let Some(bound) = bound(date, order)
                {
                    let fact = Fact::Occurred {
                        event: new_event,
                        date: bound,
                    };
                    let sure = bound_certainty(&self.graph, event);
                    self.add_with(
                        rule,
                        fact,
                        vec![participation, date_claim],
                        &[(date_claim, sure)],
                    );
                }
                changed = true;
            }
        }
        changed
    }

    /// A claim that may serve as a premise: not deprecated.
    fn usable(&self, claim: ClaimId) -> bool {
        self.graph.claim_ref(claim).rank() != Rank::Deprecated
    }

    /// For each recorded end of one of `kinds`, a claim that its patient never underwent the
    /// others (unless a record says they did: that is a conflict, not an inference).
    fn exclude(&mut self, rule: usize, kinds: &[EventKindId]) {
        let mut done: HashSet<(EntityId, EventKindId)> = HashSet::new();
        for kind in kinds {
            let patient = self.graph.schema().event_kind_def(*kind).patient.clone();
            let events: Vec<EntityId> = self.graph.events_of_kind(*kind).collect();
            for event in events {
                let premises: Vec<(ClaimId, EntityId)> = self
                    .graph
                    .participants(event)
                    .filter(|(c, r, _)| *r == patient && self.usable(*c))
                    .map(|(c, _, who)| (c, who))
                    .collect();
                for (participation, person) in premises {
                    for other in kinds.iter().filter(|k| *k != kind) {
                        let denied = self
                            .graph
                            .nevers(person)
                            .any(|(_, k, during)| k == *other && during.is_none());
                        if denied
                            || done.contains(&(person, *other))
                            || self.has_compatible(person, *other, None, Order::By)
                        {
                            continue;
                        }
                        done.insert((person, *other));
                        let fact = Fact::Never {
                            subject: person,
                            event_kind: *other,
                            during: None,
                        };
                        self.add(rule, fact, vec![participation]);
                    }
                }
            }
        }
    }

    /// Dates every undated event by the earliest end of life among its participants, unless
    /// its kind may come after death.
    fn bound_lives(&mut self, rule: usize) {
        let posthumous: Vec<bool> = self
            .graph
            .schema()
            .event_kinds()
            .iter()
            .map(|k| k.posthumous)
            .collect();
        let events: Vec<EntityId> = self
            .graph
            .entity_views()
            .filter(|(_, e)| e.event_kind.is_some())
            .map(|(id, _)| id)
            .collect();
        for event in events {
            let Some(kind) = self.graph.event_kind_of(event) else {
                continue;
            };
            if posthumous[kind.index()] || !deciding_dates(&self.graph, event).is_empty() {
                continue;
            }
            let mut best: Option<(ClaimId, crate::reason::LifeEnd)> = None;
            for (participation, _, person) in self.graph.participants(event) {
                if !self.usable(participation) {
                    continue;
                }
                let Some(end) = self.graph.end_of_life(person) else {
                    continue;
                };
                // The event that ends the life is not bounded by itself.
                if self.graph.claim_ref(end.participation).subject() == event {
                    continue;
                }
                let earlier = best
                    .as_ref()
                    .is_none_or(|(_, b)| end.date.sort_key().1 < b.date.sort_key().1);
                if earlier {
                    best = Some((participation, end));
                }
            }
            let Some((participation, end)) = best else {
                continue;
            };
            let Ok(bound) = Date::by(end.date.clone()) else {
                continue;
            };
            let fact = Fact::Occurred { event, date: bound };
            let death = self.graph.claim_ref(end.participation).subject();
            let sure = bound_certainty(&self.graph, death);
            self.add_with(
                rule,
                fact,
                vec![participation, end.participation, end.date_claim],
                &[(end.date_claim, sure)],
            );
        }
    }

    /// A slug not yet taken, from `base` made slug-safe.
    fn fresh_slug(&self, base: &str) -> Slug {
        let mut clean: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        while clean.contains("--") {
            clean = clean.replace("--", "-");
        }
        let clean = clean.trim_matches('-').to_owned();
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                clean.clone()
            } else {
                format!("{clean}-{n}")
            };
            let candidate = if candidate.parse::<Slug>().is_ok() {
                candidate
            } else {
                format!("inferred-{n}")
            };
            if self.graph.by_slug(&candidate).is_none()
                && let Ok(slug) = candidate.parse()
            {
                return slug;
            }
            n += 1;
        }
    }
}

/// The date an implied event has, from its premise's: `by` (on or before) or `before` the
/// premise, as a bound, never a day of its own. A point gives `by 1938-07-29`; an open premise
/// (`before 1794-01-15`) bounds the conclusion by itself; a range (a trial of 19–24 August
/// 1936) bounds it by its last day (`by`) or its first (`before`).
fn bound(date: Date, order: Order) -> Option<Date> {
    let day = |d: crate::model::Day| {
        let (y, m, d) = d.to_gregorian();
        Date::day(y, m, d).ok()
    };
    match order {
        _ if date.earliest().is_none() => Some(date),
        _ if date.is_point() => match order {
            Order::By => Date::by(date).ok(),
            Order::Before => Date::before(date).ok(),
        },
        Order::By => Date::by(day(date.latest()?)?).ok(),
        Order::Before => Date::before(day(date.earliest()?)?).ok(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
