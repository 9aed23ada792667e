//! Seeded synthetic prosopographies, for benchmarks and for trying annals at scale: `N`
//! people, `N / 100` institutions, one to three memberships each, about 30% arrested between
//! 1920 and 1960, every fact a claim citing a source. Behind the `generate` feature.
//! [`Prosopography::with_executions`] adds executions and the rules that reason over them
//! (an execution implies an arrest), for measuring reasoning at the same sizes.
//!
//! The same seed and size give the same records, graph and files on every machine (the random
//! numbers come from a fixed SplitMix64 stream, not from the operating system). Two bodies are
//! planted for the workload: [`Prosopography::large_slug`] with 20,000 members (or a fifth of the
//! people, if fewer) and [`Prosopography::small_slug`] with 143.
//!
//! ```
//! use annals::generate::{Config, Prosopography};
//! let data = Prosopography::new(&Config { people: 2_000, seed: 7 });
//! let graph = data.graph();
//! let answer = graph.query(&format!("members of {}", data.small_slug()))?;
//! assert_eq!(answer.rows().len(), 143);
//! # Ok::<_, annals::Error>(())
//! ```
//! The written folder loads like any dataset:
//! ```no_run
//! use annals::generate::{Config, Prosopography};
//! let data = Prosopography::new(&Config { people: 10_000, seed: 1 });
//! data.write("/tmp/prosopography")?; // schema.toml, data files and the two snapshots
//! let graph = annals::load("/tmp/prosopography")?;
//! # Ok::<_, annals::Error>(())
//! ```

use std::fmt::Write as _;
use std::path::Path;

use crate::io::{LoadError, save_json, schema_from_str};
use crate::model::{Citation, Claim, Date, Entity, EntityId, Fact};
use crate::{Error, Graph};

/// The schema of a generated dataset: people, institutions, sources and arrests.
pub const SCHEMA: &str = r#"# The vocabulary of a generated prosopography (annals::generate).

[[kind]]
name = "person"
plural = "people"
description = "a human being"

[[kind]]
name = "institution"
plural = "institutions"
description = "a party cell, committee, factory or other body"

[[kind]]
name = "event"
plural = "events"
event = true
description = "something that happened"

[[kind]]
name = "source"
plural = "sources"
source = true
description = "a register or roll that claims cite"

[[relation]]
name = "member_of"
subject = ["person"]
object = ["institution"]
forward = ["memberships"]
inverse = ["members"]
description = "membership of a body"

[[event_kind]]
name = "arrest"
participles = ["arrested"]
plural = "arrests"
roles = ["subject"]
"#;

/// What [`Prosopography::with_executions`] adds to [`SCHEMA`]: the execution event kind and
/// two rules of the bundled schema (`data/schema.toml`), so that an execution without an
/// arrest record implies an arrest by its day, and nothing happens to a person after it.
pub const RULES: &str = r#"
[[event_kind]]
name = "execution"
participles = ["shot", "executed"]
plural = "executions"
roles = ["subject"]
ends_life = true

[[rule]]
name = "execution-implies-arrest"
description = "a person who was executed had been arrested, on or before the day of the execution"
when = "execution"
implies = "arrest"
date = "by"

[[rule]]
name = "nothing-after-death"
description = "nothing happens to a person after the event that ends their life"
life_bounds = true
"#;

/// How big a dataset to make, and from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// The number of people.
    pub people: usize,
    /// The seed of the random stream.
    pub seed: u64,
}

/// One generated person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Their slug, `p` and their index.
    pub slug: String,
    /// Their name, unique in the dataset.
    pub name: String,
}

/// One generated institution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Institution {
    /// Its slug, `body-` and its index.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// An arrest, or an execution: whose (an index into [`Prosopography::people`]) and on which
/// day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrest {
    /// The person's index.
    pub person: u32,
    /// Year, month and day (Gregorian).
    pub date: (i32, u8, u8),
}

/// The records of a generated dataset, before they become a graph or files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prosopography {
    /// The people.
    pub people: Vec<Person>,
    /// The institutions; index 0 is the large body, index 1 the small one.
    pub institutions: Vec<Institution>,
    /// Memberships: (person, institution) indexes, each pair once.
    pub memberships: Vec<(u32, u32)>,
    /// Arrests, in person order.
    pub arrests: Vec<Arrest>,
    /// Executions, in person order: none unless [`Prosopography::with_executions`] added them.
    pub executions: Vec<Arrest>,
}

/// The sources every generated claim cites: the membership rolls and the arrest register.
const ROLLS: (&str, &str) = ("rolls", "Membership rolls (generated)");
const REGISTER: (&str, &str) = ("register", "Arrest register (generated)");
/// The source of the executions [`Prosopography::with_executions`] adds.
const LISTS: (&str, &str) = ("lists", "Execution lists (generated)");

const FIRST: [&str; 32] = [
    "Ivan", "Pyotr", "Nikolai", "Sergei", "Mikhail", "Aleksei", "Grigory", "Yakov", "Andrei",
    "Boris", "Dmitry", "Fyodor", "Lev", "Pavel", "Semyon", "Vasily", "Anna", "Maria", "Olga",
    "Yelena", "Nadezhda", "Vera", "Tatyana", "Zinaida", "Klavdia", "Lyubov", "Irina", "Galina",
    "Yevgenia", "Sofia", "Lidia", "Raisa",
];
const SYLLABLES: [&str; 24] = [
    "ko", "ra", "vi", "lo", "ne", "so", "ba", "tu", "mi", "de", "ga", "za", "pe", "shi", "cher",
    "vo", "ly", "du", "ro", "sta", "kha", "ze", "bo", "ni",
];
const ENDINGS: [&str; 4] = ["v", "nko", "vich", "kin"];
const BODIES: [&str; 8] = [
    "Party cell",
    "Factory committee",
    "Trade union branch",
    "District committee",
    "Artel",
    "Soviet",
    "Kolkhoz board",
    "Editorial board",
];

/// SplitMix64: a tiny, well-mixed stream that is the same everywhere.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A surname from an index, distinct for distinct indexes below 24³.
fn surname(mut i: usize) -> String {
    let mut s = String::new();
    for _ in 0..3 {
        s.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
    }
    s.push_str(ENDINGS[i % ENDINGS.len()]);
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A unique person name for index `i`: a first name, a surname and, past the first
/// 32 × 24³ × 4 names, a number.
fn person_name(i: usize) -> String {
    let first = FIRST[i % FIRST.len()];
    let rest = i / FIRST.len();
    let limit = SYLLABLES.len().pow(3) * ENDINGS.len();
    if rest < limit {
        format!("{first} {}", surname(rest))
    } else {
        format!("{first} {} {}", surname(rest % limit), rest / limit)
    }
}

impl Prosopography {
    /// Generates the records. Cost: O(people).
    pub fn new(config: &Config) -> Prosopography {
        let n = config.people;
        let mut rng = Stream(config.seed);
        let n_bodies = (n / 100).max(2);
        let people: Vec<Person> = (0..n)
            .map(|i| Person {
                slug: format!("p{i}"),
                // Names are spread over the people so that a body's members are not all
                // of one surname.
                name: person_name((i * 7_919 + 13) % n.max(1)),
            })
            .collect();
        let institutions: Vec<Institution> = (0..n_bodies)
            .map(|j| Institution {
                slug: format!("body-{j}"),
                name: format!("{} No. {j}", BODIES[j % BODIES.len()]),
            })
            .collect();
        let large = 20_000.min(n / 5);
        let small = 143.min(n.saturating_sub(large));
        let mut memberships = Vec::with_capacity(n * 2);
        for i in 0..n {
            let mut mine: Vec<u32> = Vec::with_capacity(3);
            if i < large {
                mine.push(0);
            } else if i < large + small {
                mine.push(1);
            }
            let k = 1 + rng.below(3) as usize;
            while mine.len() < k && n_bodies > 2 {
                let body = 2 + rng.below(n_bodies as u64 - 2) as u32;
                if !mine.contains(&body) {
                    mine.push(body);
                }
            }
            memberships.extend(mine.into_iter().map(|b| (i as u32, b)));
        }
        let mut arrests = Vec::new();
        for i in 0..n {
            if rng.below(100) < 30 {
                let year = 1920 + rng.below(41) as i32;
                let month = 1 + rng.below(12) as u8;
                let day = 1 + rng.below(28) as u8;
                arrests.push(Arrest {
                    person: i as u32,
                    date: (year, month, day),
                });
            }
        }
        Prosopography {
            people,
            institutions,
            memberships,
            arrests,
            executions: Vec::new(),
        }
    }

    /// The same records plus executions, and the schema with [`RULES`]: a third of the
    /// arrested are executed one or two years after their arrest (in a later year, so after
    /// it), and one in twenty of the others in 1937 or 1938 with no arrest on record, which
    /// the rule `execution-implies-arrest` infers. The executions come from their own stream
    /// (seeded from `seed`), so the other records stay those of [`Prosopography::new`].
    ///
    /// Cost: O(people).
    ///
    /// ```
    /// use annals::generate::{Config, Prosopography};
    /// let data = Prosopography::new(&Config { people: 2_000, seed: 7 }).with_executions(7);
    /// let graph = data.graph();
    /// let count = |query: &str| match graph.query(query).map(|a| a.body) {
    ///     Ok(annals::query::Body::Count { count, .. }) => count.yes,
    ///     other => panic!("not a count: {other:?}"),
    /// };
    /// let unrecorded = data.executions.iter().filter(|e| {
    ///     !data.arrests.iter().any(|a| a.person == e.person)
    /// }).count();
    /// assert!(unrecorded > 0);
    /// assert_eq!(count("count people arrested"), count("count people arrested as recorded") + unrecorded);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn with_executions(mut self, seed: u64) -> Prosopography {
        let mut rng = Stream(seed ^ 0x5EED_0FE7_EC00_u64);
        let mut arrested = self.arrests.iter().peekable();
        let mut executions = Vec::new();
        for person in 0..self.people.len() as u32 {
            let arrest = arrested.next_if(|a| a.person == person);
            let year = match arrest {
                Some(a) if rng.below(3) == 0 => a.date.0 + 1 + rng.below(2) as i32,
                None if rng.below(20) == 0 => 1937 + rng.below(2) as i32,
                _ => continue,
            };
            let month = 1 + rng.below(12) as u8;
            let day = 1 + rng.below(28) as u8;
            executions.push(Arrest {
                person,
                date: (year, month, day),
            });
        }
        self.executions = executions;
        self
    }

    /// The dataset's schema: [`SCHEMA`], with [`RULES`] when it has executions. Cost: O(1)
    /// without executions, else a copy of the text.
    pub fn schema(&self) -> std::borrow::Cow<'static, str> {
        if self.executions.is_empty() {
            SCHEMA.into()
        } else {
            format!("{SCHEMA}{RULES}").into()
        }
    }

    /// The slug of the large body (20,000 members, or a fifth of the people). Cost: O(1).
    pub fn large_slug(&self) -> &str {
        &self.institutions[0].slug
    }

    /// The slug of the small body (143 members). Cost: O(1).
    pub fn small_slug(&self) -> &str {
        &self.institutions[1].slug
    }

    /// The number of claims the dataset records: a membership is one, an arrest or an
    /// execution two (its date and its subject). Cost: O(1).
    pub fn n_claims(&self) -> usize {
        self.memberships.len() + 2 * (self.arrests.len() + self.executions.len())
    }

    /// Builds the graph through the public API. Cost: O(claims) insertions.
    pub fn graph(&self) -> Graph {
        // The schema and the generated records are fixed and valid: a failure is a bug here.
        self.try_graph()
            .unwrap_or_else(|e| unreachable!("generated data is valid: {e}"))
    }

    fn try_graph(&self) -> Result<Graph, Error> {
        let schema = schema_from_str(&self.schema(), "schema.toml")?;
        let kind = |name: &str| schema.kind(name).expect("declared above");
        let (person, institution, event, source) = (
            kind("person"),
            kind("institution"),
            kind("event"),
            kind("source"),
        );
        let member_of = schema.relation("member_of").expect("declared above");
        let arrest = schema.event_kind_named("arrest").expect("declared above");
        let mut graph = Graph::new(schema);
        let add = |graph: &mut Graph, s: &str, k, name: &str| -> Result<EntityId, Error> {
            let slug = s
                .parse()
                .unwrap_or_else(|e| unreachable!("generated slugs are valid: {e:?}"));
            Ok(graph.add_entity(Entity::new(slug, k, name))?)
        };
        let rolls = add(&mut graph, ROLLS.0, source, ROLLS.1)?;
        let register = add(&mut graph, REGISTER.0, source, REGISTER.1)?;
        let mut bodies = Vec::with_capacity(self.institutions.len());
        for b in &self.institutions {
            bodies.push(add(&mut graph, &b.slug, institution, &b.name)?);
        }
        let mut people = Vec::with_capacity(self.people.len());
        for p in &self.people {
            people.push(add(&mut graph, &p.slug, person, &p.name)?);
        }
        for &(p, b) in &self.memberships {
            graph.add_claim(Claim::new(
                Fact::Link {
                    subject: people[p as usize],
                    relation: member_of,
                    object: bodies[b as usize],
                    role: None,
                    during: None,
                },
                rolls,
            ))?;
        }
        let lists = match self.executions.is_empty() {
            true => None,
            false => Some(add(&mut graph, LISTS.0, source, LISTS.1)?),
        };
        let executions = lists.map(|lists| {
            let kind = graph.schema().event_kind_named("execution");
            (
                self.executions.as_slice(),
                "execution",
                "Execution",
                lists,
                kind,
            )
        });
        let arrests = (
            self.arrests.as_slice(),
            "arrest",
            "Arrest",
            register,
            Some(arrest),
        );
        for (events, slug, name, cited, kind) in std::iter::once(arrests).chain(executions) {
            for a in events {
                let who = &self.people[a.person as usize];
                let slug = format!("{slug}-{}", who.slug);
                let mut entity = Entity::new(
                    slug.parse()
                        .unwrap_or_else(|e| unreachable!("generated slugs are valid: {e:?}")),
                    event,
                    format!("{name} of {}", who.name),
                );
                entity.event_kind = kind;
                let id = graph.add_entity(entity)?;
                let (y, m, d) = a.date;
                let cite = Citation {
                    locator: Some(format!("case {}", a.person)),
                    ..Citation::new(cited)
                };
                let date = Date::day(y, m, d)
                    .unwrap_or_else(|e| unreachable!("generated dates are valid: {e}"));
                let mut claim = Claim::new(Fact::Occurred { event: id, date }, cited);
                claim.citations = vec![cite.clone()];
                graph.add_claim(claim)?;
                let mut claim = Claim::new(
                    Fact::Participation {
                        event: id,
                        role: "subject".to_owned(),
                        participant: people[a.person as usize],
                    },
                    cited,
                );
                claim.citations = vec![cite];
                graph.add_claim(claim)?;
            }
        }
        graph.compact();
        Ok(graph)
    }

    /// The data files, as (file name, TOML text), in the normal dataset format. Cost: O(size of the
    /// dataset): its texts, built on each call.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut sources = String::from("# Generated by annals::generate.\n");
        let lists = (!self.executions.is_empty()).then_some(LISTS);
        for (slug, name) in [ROLLS, REGISTER].into_iter().chain(lists) {
            let _ = write!(
                sources,
                "\n[[entity]]\nid = \"{slug}\"\nkind = \"source\"\nname = \"{name}\"\n"
            );
        }
        let mut bodies = String::from("# Generated by annals::generate.\n");
        for b in &self.institutions {
            let _ = write!(
                bodies,
                "\n[[entity]]\nid = \"{}\"\nkind = \"institution\"\nname = \"{}\"\n",
                b.slug, b.name
            );
        }
        let mut people = String::from("# Generated by annals::generate.\n");
        for p in &self.people {
            let _ = write!(
                people,
                "\n[[entity]]\nid = \"{}\"\nkind = \"person\"\nname = \"{}\"\n",
                p.slug, p.name
            );
        }
        let mut members =
            String::from("# Generated by annals::generate.\n\n[defaults]\nsources = [\"rolls\"]\n");
        for &(p, b) in &self.memberships {
            let _ = write!(
                members,
                "\n[[claim]]\nsubject = \"{}\"\nrelation = \"member_of\"\nobject = \"{}\"\n",
                self.people[p as usize].slug, self.institutions[b as usize].slug
            );
        }
        let events = |events: &[Arrest], kind: &str, name: &str, source: &str| {
            let mut text = String::from("# Generated by annals::generate.\n");
            for a in events {
                let who = &self.people[a.person as usize];
                let (y, m, d) = a.date;
                let _ = write!(
                    text,
                    "\n[[event]]\nid = \"{kind}-{}\"\nkind = \"{kind}\"\nname = \"{name} of {}\"\n\
                     date = \"{y:04}-{m:02}-{d:02}\"\nparticipants = {{ subject = [\"{}\"] }}\n\
                     cite = [{{ source = \"{source}\", at = \"case {}\" }}]\n",
                    who.slug, who.name, who.slug, a.person
                );
            }
            text
        };
        let arrests = events(&self.arrests, "arrest", "Arrest", REGISTER.0);
        let mut files = vec![
            ("sources.toml".to_owned(), sources),
            ("institutions.toml".to_owned(), bodies),
            ("people.toml".to_owned(), people),
            ("memberships.toml".to_owned(), members),
            ("arrests.toml".to_owned(), arrests),
        ];
        if !self.executions.is_empty() {
            let executions = events(&self.executions, "execution", "Execution", LISTS.0);
            files.push(("executions.toml".to_owned(), executions));
        }
        files
    }

    /// Writes the dataset folder: `schema.toml`, the data files, `snapshot.json` (the graph as
    /// [`crate::io::to_json`] writes it) and `graph.snapshot` (as [`crate::io::to_snapshot`]
    /// writes it), each saved atomically. Creates `dir` if needed.
    ///
    /// Cost: O(size of the dataset) for the texts, plus building the graph for the snapshot
    /// (as [`Prosopography::graph`]) and writing it, O(claims) each.
    ///
    /// # Errors
    ///
    /// [`Error::Load`] ([`LoadError::Io`]) when a data file cannot be written, [`Error::Save`]
    /// when a snapshot cannot.
    pub fn write(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        let io = |path: &Path, source| LoadError::Io {
            path: path.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let schema = dir.join("schema.toml");
        std::fs::write(&schema, self.schema().as_bytes()).map_err(|e| io(&schema, e))?;
        for (name, text) in self.files() {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        }
        let graph = self.graph();
        save_json(&graph, dir.join("snapshot.json"))?;
        crate::io::save_snapshot(&graph, dir.join("graph.snapshot"))?;
        Ok(())
    }
}
