//! Strategies for queries, rendered from a tape of random numbers with the planner's kind
//! checks.

use proptest::prelude::*;

use crate::Graph;
use crate::model::{Calendar, Date, KindId, Schema, Target};

// ---------------------------------------------------------------------------------------------
// Queries

/// Reads choices off a tape of random numbers; past its end every choice is 0, the simplest.
struct Tape<'a> {
    numbers: &'a [u32],
    at: usize,
}

impl Tape<'_> {
    fn choose(&mut self, n: usize) -> usize {
        let x = self.numbers.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { x as usize % n }
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> Option<&'b T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.choose(items.len())])
        }
    }
}

/// What a query writer knows about a graph: its schema and its entities' ids and kinds.
struct Vocabulary {
    schema: Schema,
    entities: Vec<(String, KindId)>,
}

/// The kinds a set can hold, and whether its outermost operation is a walk that a time can
/// still narrow, as the planner tracks them.
struct Typed {
    text: String,
    kinds: Vec<KindId>,
    open_walk: bool,
    /// Whether it is a single term with at least one filter (what `share of` needs).
    filtered_term: bool,
}

/// Well-formed queries over `graph`'s vocabulary that plan without error: kind and event
/// plurals, entity ids, walks along relations (forward and inverse) and to linked kinds,
/// participles with and without times, `not`, times on walks and events, `and`, `or`,
/// `except`, groups, `count`, `count … by year`, `share of`, figures of literal relations
/// (with a window), `according to`, `as recorded` and `with all claims`. Cost: O(entities + schema
/// size) to collect the vocabulary when the strategy is built; each query drawn reads at most 48
/// numbers and may scan the entities to pick among them, O(entities) at worst per pick.
///
/// A query is rendered from a tape of random numbers read left to right, with kinds checked
/// as the planner checks them; shrinking the tape towards zeros shrinks the query towards a
/// kind plural.
pub fn query(graph: &Graph) -> impl Strategy<Value = String> + use<> {
    let vocabulary = Vocabulary::of(graph);
    prop::collection::vec(any::<u32>(), 0..48).prop_map(move |numbers| {
        let mut tape = Tape {
            numbers: &numbers,
            at: 0,
        };
        vocabulary.query(&mut tape)
    })
}

/// A set expression over `graph`'s vocabulary, as [`query`] makes them but without a command
/// or a source scope: to combine in a test (`({a}) and ({b})`) or to prefix with a command. Cost:
/// as [`query`]: O(entities + schema size) to build; at most 40 numbers read per expression
/// drawn, with scans of the entities to pick among them.
pub fn set(graph: &Graph) -> impl Strategy<Value = String> + use<> {
    let vocabulary = Vocabulary::of(graph);
    prop::collection::vec(any::<u32>(), 0..40).prop_map(move |numbers| {
        let mut tape = Tape {
            numbers: &numbers,
            at: 0,
        };
        vocabulary.expr(&mut tape, 2).text
    })
}

impl Vocabulary {
    fn of(graph: &Graph) -> Vocabulary {
        Vocabulary {
            schema: graph.schema().clone(),
            entities: graph
                .entities()
                .map(|(_, e)| (e.slug.to_string(), e.kind))
                .collect(),
        }
    }

    fn all_kinds(&self) -> Vec<KindId> {
        (0..self.schema.kinds().len()).map(KindId::new).collect()
    }

    fn query(&self, tape: &mut Tape) -> String {
        let set = self.expr(tape, 2);
        let mut text = match tape.choose(7) {
            1 | 2 => format!("count {}", set.text),
            3 => format!("count {} by year", set.text),
            4 if set.filtered_term => format!("share of {}", set.text),
            5 => self.values(tape, set),
            _ => set.text,
        };
        match tape.choose(8) {
            6 => text.push_str(" as recorded"),
            7 => text.push_str(" with all claims"),
            _ => {}
        }
        if tape.choose(5) == 4 {
            let sources: Vec<&String> = self
                .entities
                .iter()
                .filter(|(_, k)| *k == self.schema.source_kind())
                .map(|(s, _)| s)
                .collect();
            if let Some(source) = tape.pick(&sources) {
                text.push_str(&format!(" according to {source}"));
            }
        }
        text
    }

    /// The figures (or texts, or dates) of a literal relation for the set, optionally in a
    /// window: `population of (SET) in 1937`. The set is grouped, since a figure takes no
    /// filters and no set algebra.
    fn values(&self, tape: &mut Tape, set: Typed) -> String {
        let phrases: Vec<&String> = self
            .schema
            .relations()
            .iter()
            .filter(|r| r.literal().is_some() && set.kinds.iter().any(|k| r.subject.contains(k)))
            .flat_map(|r| &r.forward)
            .collect();
        match tape.pick(&phrases) {
            Some(phrase) => {
                let time = self.time(tape, true);
                format!("{phrase} of ({}){time}", set.text)
            }
            None => set.text,
        }
    }

    fn expr(&self, tape: &mut Tape, depth: usize) -> Typed {
        let lhs = self.term(tape, depth);
        if depth == 0 || tape.choose(3) != 2 {
            return lhs;
        }
        let rhs = self.term(tape, depth - 1);
        let (op, kinds) = match tape.choose(3) {
            0 => (
                "and",
                lhs.kinds
                    .iter()
                    .copied()
                    .filter(|k| rhs.kinds.contains(k))
                    .collect(),
            ),
            1 => {
                let mut kinds = lhs.kinds.clone();
                kinds.extend(rhs.kinds.iter().copied().filter(|k| !lhs.kinds.contains(k)));
                ("or", kinds)
            }
            _ => ("except", lhs.kinds.clone()),
        };
        Typed {
            text: format!("{} {op} {}", lhs.text, rhs.text),
            kinds,
            open_walk: false,
            filtered_term: false,
        }
    }

    /// Walks from `kinds`: (phrase, kinds reached, whether it is a relation walk).
    fn walks_from(&self, kinds: &[KindId]) -> Vec<(String, Vec<KindId>, bool)> {
        let schema = &self.schema;
        let mut out = Vec::new();
        for def in schema.relations() {
            let Target::Kinds(objects) = &def.target else {
                continue;
            };
            if kinds.iter().any(|k| def.subject.contains(k)) {
                for p in &def.forward {
                    out.push((p.clone(), objects.clone(), true));
                }
            }
            if kinds.iter().any(|k| objects.contains(k)) {
                for p in &def.inverse {
                    out.push((p.clone(), def.subject.clone(), true));
                }
            }
        }
        // The source kind's plural as a walk lists the sources that cite a set's claims
        // (`sources of X`), a listing rather than a set, so walks leave it out.
        for (i, kind) in schema.kinds().iter().enumerate() {
            if KindId::new(i) != schema.source_kind() {
                out.push((kind.plural.clone(), vec![KindId::new(i)], false));
            }
        }
        for kind in schema.event_kinds() {
            if let Some(plural) = &kind.plural {
                out.push((plural.clone(), vec![schema.event_kind()], false));
            }
        }
        out
    }

    fn term(&self, tape: &mut Tape, depth: usize) -> Typed {
        let schema = &self.schema;
        let event = schema.event_kind();
        let mut set = match tape.choose(if depth > 0 { 5 } else { 4 }) {
            1 if !self.entities.is_empty() => {
                let (slug, kind) = &self.entities[tape.choose(self.entities.len())];
                typed(slug.clone(), vec![*kind])
            }
            2 => {
                let plurals: Vec<&String> = schema
                    .event_kinds()
                    .iter()
                    .filter_map(|k| k.plural.as_ref())
                    .collect();
                match tape.pick(&plurals) {
                    Some(plural) => typed((*plural).clone(), vec![event]),
                    None => self.kind_plural(tape),
                }
            }
            3 if self.has_participles() => {
                // Participles alone: everyone who underwent such an event.
                let participle = self.participle(tape);
                let time = self.time(tape, true);
                return Typed {
                    text: format!("{participle}{time}"),
                    kinds: self.all_kinds(),
                    open_walk: false,
                    filtered_term: false,
                };
            }
            4 => {
                let inner = self.expr(tape, depth - 1);
                Typed {
                    text: format!("({})", inner.text),
                    ..inner
                }
            }
            _ => self.kind_plural(tape),
        };
        let mut walks = Vec::new();
        for _ in 0..tape.choose(3) {
            let options = self.walks_from(&set.kinds);
            let Some((phrase, kinds, relation)) = tape.pick(&options) else {
                break;
            };
            walks.push(phrase.clone());
            set.kinds = kinds.clone();
            set.open_walk = *relation;
        }
        for phrase in &walks {
            set.text = format!("{phrase} of {}", set.text);
        }
        let mut filtered = false;
        // A time alone comes first, so that it cannot date a participle.
        if tape.choose(3) == 2 {
            if set.open_walk {
                set.text.push_str(&self.time(tape, false));
                filtered = true;
            } else if set.kinds == [event] {
                let not = if tape.choose(3) == 2 { " not" } else { "" };
                set.text
                    .push_str(&format!("{not}{}", self.time(tape, false)));
                filtered = true;
            }
        }
        let n_participles = if self.has_participles() {
            tape.choose(3)
        } else {
            0
        };
        for _ in 0..n_participles {
            let not = if tape.choose(3) == 2 { " not" } else { "" };
            let participle = self.participle(tape);
            let time = self.time(tape, true);
            set.text.push_str(&format!("{not} {participle}{time}"));
            filtered = true;
        }
        set.open_walk = set.open_walk && !filtered;
        set.filtered_term = filtered;
        set
    }

    fn kind_plural(&self, tape: &mut Tape) -> Typed {
        let i = tape.choose(self.schema.kinds().len());
        typed(self.schema.kinds()[i].plural.clone(), vec![KindId::new(i)])
    }

    /// A participle of the schema; a schema without any gets a kind plural instead, which
    /// plans as a walk-free base only where a participle stood alone, so callers check
    /// [`Vocabulary::has_participles`] first.
    fn participle(&self, tape: &mut Tape) -> String {
        let all: Vec<&String> = self
            .schema
            .event_kinds()
            .iter()
            .flat_map(|k| &k.participles)
            .collect();
        tape.pick(&all).map_or_else(String::new, |p| (*p).clone())
    }

    fn has_participles(&self) -> bool {
        self.schema
            .event_kinds()
            .iter()
            .any(|k| !k.participles.is_empty())
    }

    /// ` in 1937`, ` by 1938-03 OS`, ` between … and …`, or nothing when `optional` and the
    /// tape says so.
    fn time(&self, tape: &mut Tape, optional: bool) -> String {
        if optional && tape.choose(2) == 0 {
            return String::new();
        }
        let keyword = tape.choose(5);
        let point = |tape: &mut Tape, circa: bool| -> Date {
            let year = 1900 + tape.choose(61) as i32;
            let month = 1 + tape.choose(12) as u8;
            let day = 1 + tape.choose(28) as u8;
            let date = match tape.choose(3) {
                0 => Date::year(year),
                1 => Date::month(year, month),
                _ => Date::day(year, month, day),
            }
            .unwrap_or_else(|_| unreachable!("years 1900-1960 are valid"));
            let date = if tape.choose(5) == 4 {
                date.clone().with_calendar(Calendar::Julian).unwrap_or(date)
            } else {
                date
            };
            if circa && tape.choose(4) == 3 {
                Date::circa(date.clone()).unwrap_or(date)
            } else {
                date
            }
        };
        match keyword {
            0 => format!(" in {}", query_date(&point(tape, true))),
            1 => format!(" by {}", query_date(&point(tape, false))),
            2 => format!(" before {}", query_date(&point(tape, false))),
            3 => format!(" after {}", query_date(&point(tape, false))),
            _ => {
                let (a, b) = (point(tape, false), point(tape, false));
                let (a, b) = if b.is_before(&a) == crate::model::Truth::Yes
                    || a.is_after(&b) == crate::model::Truth::Yes
                {
                    (b, a)
                } else {
                    (a, b)
                };
                format!(" between {} and {}", query_date(&a), query_date(&b))
            }
        }
    }
}

fn typed(text: String, kinds: Vec<KindId>) -> Typed {
    Typed {
        text,
        kinds,
        open_walk: false,
        filtered_term: false,
    }
}

/// A date as the query language writes it: the data format's text, which is the same for
/// points (`1937`, `1937-03-05 OS`, `c. 1930`).
fn query_date(date: &Date) -> String {
    date.to_string()
}
