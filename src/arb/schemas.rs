//! Strategies for schemas, built from random choices with made-up words for every phrase.

use proptest::prelude::*;

use crate::model::{
    EventKindId, EventKindSpec, LiteralType, Order, RelationSpec, Rule, RuleForm, Schema,
};

// ---------------------------------------------------------------------------------------------
// Schemas

/// A made-up word, unique within one schema: random syllables, then `q` and letters that
/// encode `n`. No syllable contains `q`, so the part after the last `q` tells words apart, and
/// no word is a connective of the query language or a month.
fn word(seed: u32, n: usize) -> String {
    const SYLLABLES: [&str; 12] = [
        "ka", "lo", "mi", "ru", "te", "zan", "vo", "pe", "shi", "dra", "bu", "gel",
    ];
    let mut out = String::new();
    let mut s = seed;
    for _ in 0..(2 + s % 2) {
        out.push_str(SYLLABLES[(s % 12) as usize]);
        s /= 12;
    }
    out.push('q');
    let mut n = n;
    loop {
        out.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out
}

/// Hands out unique words.
struct Words {
    seeds: Vec<u32>,
    next: usize,
}

impl Words {
    fn next(&mut self) -> String {
        let seed = self.seeds.get(self.next % self.seeds.len().max(1)).copied();
        let w = word(seed.unwrap_or(0), self.next);
        self.next += 1;
        w
    }

    /// One or two words, the last unique.
    fn phrase(&mut self, two: bool) -> String {
        let last = self.next();
        if two {
            // The first word is no phrase of its own (it ends in `x`, not `q` and letters), so
            // no shorter phrase is hidden inside a longer one.
            let seed = self.seeds.get(self.next % self.seeds.len().max(1)).copied();
            let first = word(seed.unwrap_or(0).rotate_left(7), 0);
            format!("{}x {last}", first.trim_end_matches("qa"))
        } else {
            last
        }
    }
}

/// A link relation's choices: subject kinds, object kinds (as flags), how many forward and
/// inverse phrases and roles.
type LinkSeed = (Vec<bool>, Vec<bool>, u8, u8, u8);

/// Rules' choices: life bounds, implications (premise and implied kind by index, `before` or
/// `by`) and an exclusion of two kinds.
type RulesSeed = (bool, Vec<(u8, u8, bool)>, Option<(u8, u8)>);

/// The random choices a schema is built from.
#[derive(Clone, Debug)]
struct SchemaSeed {
    n_plain: usize,
    links: Vec<LinkSeed>,
    literals: Vec<(Vec<bool>, u8, u8)>,
    events: Vec<(u8, bool, bool, u8)>,
    words: Vec<u32>,
    rules: RulesSeed,
}

/// A schema: one to three plain kinds, a source kind and an event kind; one to four relations
/// between entities (with forward and inverse phrases and roles), up to two literal relations
/// (number, text or date values), and one to four event kinds with participles (some of two
/// words), plurals, a second role and the life flags; and sometimes rules (life bounds,
/// implications between event kinds that never loop, an exclusion). Every phrase is a made-up
/// word, unique within the schema, so queries over it are never ambiguous. Cost: O(1) to build the
/// strategy; each schema drawn costs O(its size), a few dozen definitions at most.
pub fn schema() -> impl Strategy<Value = Schema> {
    let kinds = prop::collection::vec(any::<bool>(), 5);
    (
        1..=3usize,
        prop::collection::vec(
            (kinds.clone(), kinds.clone(), 0..3u8, 0..3u8, 0..3u8),
            1..=4,
        ),
        prop::collection::vec((kinds, 0..3u8, 0..3u8), 0..=2),
        prop::collection::vec((0..3u8, any::<bool>(), any::<bool>(), 0..4u8), 1..=4),
        prop::collection::vec(any::<u32>(), 8),
        (
            prop::bool::weighted(0.3),
            prop::collection::vec((0..4u8, 0..4u8, any::<bool>()), 0..=2),
            prop::option::weighted(0.2, (0..4u8, 0..4u8)),
        ),
    )
        .prop_map(|(n_plain, links, literals, events, words, rules)| {
            build_schema(&SchemaSeed {
                n_plain,
                links,
                literals,
                events,
                words,
                rules,
            })
        })
}

fn build_schema(seed: &SchemaSeed) -> Schema {
    let mut words = Words {
        seeds: seed.words.clone(),
        next: 0,
    };
    let mut builder = Schema::builder();
    let mut plain = Vec::new();
    for i in 0..seed.n_plain {
        let name = format!("kind{i}");
        builder = builder.kind(&name, words.next());
        plain.push(name);
    }
    builder = builder
        .event_kind("event", words.next())
        .source_kind("source", words.next());
    let mut subjects: Vec<String> = plain.clone();
    subjects.push("event".to_owned());
    // A non-empty subset of `from`, chosen by the flags (the first when none is set).
    let pick = |flags: &[bool], from: &[String]| -> Vec<String> {
        let mut out: Vec<String> = from
            .iter()
            .zip(flags.iter().chain(std::iter::repeat(&false)))
            .filter(|(_, on)| **on)
            .map(|(k, _)| k.clone())
            .collect();
        if out.is_empty() {
            out.push(from[0].clone());
        }
        out
    };
    for (i, (subject, object, n_forward, n_inverse, n_roles)) in seed.links.iter().enumerate() {
        let mut spec = RelationSpec::link(
            format!("link{i}"),
            pick(subject, &subjects),
            pick(object, &plain),
        );
        for j in 0..*n_forward {
            spec = spec.forward([words.phrase(j == 1)]);
        }
        // At least one walk per relation, so that queries can use it.
        for _ in 0..(*n_inverse).max(u8::from(*n_forward == 0)) {
            spec = spec.inverse([words.phrase(false)]);
        }
        for r in 0..*n_roles {
            spec = spec.roles([format!("role {r}")]);
        }
        builder = builder.relation(spec);
    }
    for (i, (subject, value, n_roles)) in seed.literals.iter().enumerate() {
        let value = [LiteralType::Number, LiteralType::Text, LiteralType::Date][*value as usize];
        let mut spec = RelationSpec::literal(format!("value{i}"), pick(subject, &subjects), value)
            .forward([words.next()]);
        for r in 0..*n_roles {
            spec = spec.roles([format!("scope {r}")]);
        }
        if value == LiteralType::Number {
            spec = spec.unit("units");
        }
        builder = builder.relation(spec);
    }
    for (i, (life, plural, second_role, n_participles)) in seed.events.iter().enumerate() {
        let mut spec = EventKindSpec::new(format!("happening{i}"));
        for j in 0..(*n_participles).clamp(1, 2) {
            spec = spec.participles([words.phrase(j == 1 || *n_participles == 3)]);
        }
        if *plural {
            spec = spec.plural(words.next());
        }
        if *second_role {
            spec = spec.roles(["subject", "agent"]);
        }
        spec = match life {
            1 => spec.ends_life(),
            2 => spec.starts_life(),
            _ if *n_participles == 0 => spec.posthumous(),
            _ => spec,
        };
        builder = builder.event(spec);
    }
    // Names are unique and phrases are unique made-up words: the checks cannot fail.
    let schema = builder
        .build()
        .unwrap_or_else(|e| unreachable!("generated schema: {e}"));
    let n_events = schema.event_kinds().len();
    let (life_bounds, implications, exclusive) = &seed.rules;
    let mut rules = Vec::new();
    if *life_bounds {
        rules.push(Rule {
            name: "life-bounds".to_owned(),
            description: None,
            form: RuleForm::LifeBounds,
        });
    }
    for (i, (a, b, before)) in implications.iter().enumerate() {
        // From a lower kind to a higher one only, so that implications never loop.
        let (a, b) = (usize::from(*a) % n_events, usize::from(*b) % n_events);
        if a >= b {
            continue;
        }
        rules.push(Rule {
            name: format!("implies-{i}"),
            description: None,
            form: RuleForm::Implies {
                when: EventKindId::new(a),
                role: schema.event_kind_def(EventKindId::new(a)).patient.clone(),
                place: None,
                implies: EventKindId::new(b),
                order: if *before { Order::Before } else { Order::By },
            },
        });
    }
    if let Some((a, b)) = exclusive {
        let (a, b) = (usize::from(*a) % n_events, usize::from(*b) % n_events);
        if a != b {
            rules.push(Rule {
                name: "exclusive".to_owned(),
                description: None,
                form: RuleForm::Exclusive {
                    kinds: vec![EventKindId::new(a), EventKindId::new(b)],
                },
            });
        }
    }
    schema
        .with_rules(rules, Vec::new())
        .unwrap_or_else(|e| unreachable!("generated rules: {e}"))
}
