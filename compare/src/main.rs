//! The same generated prosopography and the same questions on annals, on SQLite (in memory,
//! indexed as a DBA would), on Oxigraph's in-memory store (SPARQL) and on hand-written
//! compressed-sparse-row arrays (the baseline, `csr.rs`), in one process: answers checked
//! equal, times and ratios printed side by side.
//!
//! `cargo run --release -p annals-compare -- --people 100000 [--seed 1] [--rounds 3]`
//!
//! Each query runs once to warm up, then repeatedly for about half a second (at least 3
//! times); the median is reported, per round, and the rounds side by side so that noise from
//! other processes on the machine shows. The ratios are taken within one round. Before any
//! of that, right after the builds, the first question is asked once from its text in each
//! engine and timed: the first query a user waits for, which pays for whatever an engine
//! builds on first use.

mod csr;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use annals::generate::{Config, Prosopography};
use annals::query::Body;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use peak_alloc::PeakAlloc;
use rusqlite::Connection;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// The system allocator, counting the bytes live (the peak_alloc crate) while the engines are
/// built: what annals' graph and Oxigraph's store hold once built, apart from what their builds
/// allocated and freed. The resident set cannot tell that apart: SQLite, built after annals,
/// reuses the pages annals' build freed, and showed 2 MiB. Counting costs two atomic operations
/// per allocation and one per free, which SQLite, allocating through C, never pays: it is
/// turned off ([`Counting::stop`]) before the questions are timed, so that the Rust engines
/// (annals, Oxigraph) are timed on the plain system allocator, as SQLite is.
#[global_allocator]
static ALLOCATOR: Counting = Counting {
    counting: AtomicBool::new(true),
};

/// [`PeakAlloc`] until [`Counting::stop`], then the system allocator. PeakAlloc allocates from
/// the system allocator, so a block counted when allocated may be freed uncounted.
struct Counting {
    counting: AtomicBool,
}

impl Counting {
    /// The bytes live on the heap, as counted until [`Counting::stop`].
    fn current_usage(&self) -> usize {
        PeakAlloc.current_usage()
    }

    /// Stops counting for good: what is allocated from now on is neither counted nor taxed.
    fn stop(&self) {
        self.counting.store(false, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to PeakAlloc or to System, and PeakAlloc allocates and frees
// through System, so a block from either may be freed or grown by either.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.counting.load(Ordering::Relaxed) {
            unsafe { PeakAlloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if self.counting.load(Ordering::Relaxed) {
            unsafe { PeakAlloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.counting.load(Ordering::Relaxed) {
            unsafe { PeakAlloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if self.counting.load(Ordering::Relaxed) {
            unsafe { PeakAlloc.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

const IRI: &str = "http://annals.example/";

/// An answer, normalized for comparison: sorted ids, or sorted (id, count) pairs.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Ids(Vec<String>),
    Counts(Vec<(String, u64)>),
}

impl Answer {
    fn ids(mut ids: Vec<String>) -> Answer {
        ids.sort();
        Answer::Ids(ids)
    }

    fn counts(mut counts: Vec<(String, u64)>) -> Answer {
        counts.sort();
        Answer::Counts(counts)
    }

    fn size(&self) -> usize {
        match self {
            Answer::Ids(ids) => ids.len(),
            Answer::Counts(counts) => counts.len(),
        }
    }
}

/// One workload question in the three languages, and as a loop over the baseline's arrays.
struct Question {
    label: &'static str,
    annals: String,
    sql: String,
    sparql: String,
    csr: Baseline,
}

/// A question as the baseline asks it.
enum Baseline {
    Q1(String),
    Q2,
    Q3(String),
    Lookup(String),
}

/// The baseline's answer in ids (what is timed), and in slugs to check it against the others.
fn csr_ids(csr: &csr::Csr, question: &Baseline) -> (Vec<u32>, Vec<(u32, u64)>) {
    let body = |slug: &str| csr.body(slug).unwrap_or(u32::MAX);
    match question {
        Baseline::Q1(slug) => (csr.q1(body(slug)), Vec::new()),
        Baseline::Q2 => (Vec::new(), csr.q2()),
        Baseline::Q3(slug) => (csr.q3(body(slug)), Vec::new()),
        Baseline::Lookup(name) => (csr.lookup(name).to_vec(), Vec::new()),
    }
}

/// The baseline's answer as annals shows it (rows in name order with their claims), for the
/// questions whose rows carry evidence.
fn csr_shown(csr: &csr::Csr, question: &Baseline) -> Option<csr::Shown> {
    let body = |slug: &str| csr.body(slug).unwrap_or(u32::MAX);
    match question {
        Baseline::Q1(slug) => Some(csr.q1_shown(body(slug))),
        Baseline::Q3(slug) => Some(csr.q3_shown(body(slug))),
        Baseline::Q2 | Baseline::Lookup(_) => None,
    }
}

/// An answer as shown, in slugs and claim positions: each row's id and its claims sorted.
type ShownRows = Vec<(String, Vec<usize>)>;

fn csr_shown_rows(data: &Prosopography, question: &Baseline, shown: &csr::Shown) -> ShownRows {
    let slug = |i: u32| match question {
        Baseline::Q3(_) => data.institutions[i as usize].slug.clone(),
        _ => data.people[i as usize].slug.clone(),
    };
    shown
        .rows
        .iter()
        .map(|&(i, start, end)| {
            let mut claims: Vec<usize> = shown.claims[start as usize..end as usize]
                .iter()
                .map(|c| *c as usize)
                .collect();
            claims.sort_unstable();
            (slug(i), claims)
        })
        .collect()
}

fn annals_shown_rows(
    graph: &annals::Graph,
    query: &annals::query::Query,
) -> Result<ShownRows, Failure> {
    let answer = query.run(graph)?;
    Ok(answer
        .rows()
        .iter()
        .map(|r| {
            let mut claims: Vec<usize> = r.evidence.iter().map(|e| e.claim.index()).collect();
            claims.sort_unstable();
            (r.id.clone(), claims)
        })
        .collect())
}

fn csr_answer(data: &Prosopography, csr: &csr::Csr, question: &Baseline) -> Answer {
    let (ids, counts) = csr_ids(csr, question);
    let person = |i: u32| data.people[i as usize].slug.clone();
    let body = |i: u32| data.institutions[i as usize].slug.clone();
    match question {
        Baseline::Q1(_) | Baseline::Lookup(_) => Answer::ids(ids.into_iter().map(person).collect()),
        Baseline::Q3(_) => Answer::ids(ids.into_iter().map(body).collect()),
        Baseline::Q2 => Answer::counts(counts.into_iter().map(|(b, n)| (body(b), n)).collect()),
    }
}

fn questions(data: &Prosopography) -> Vec<Question> {
    let (small, large) = (data.small_slug(), data.large_slug());
    let name = &data.people[data.people.len() / 2].name;
    let q1 = |label, body: &str| Question {
        label,
        annals: format!("members of {body} arrested by 1940"),
        sql: format!(
            "SELECT DISTINCT p.slug FROM membership m JOIN institution i ON i.id = m.institution \
             JOIN arrest a ON a.person = m.person JOIN person p ON p.id = m.person \
             WHERE i.slug = '{body}' AND a.date <= '1940-12-31'"
        ),
        sparql: format!(
            "SELECT DISTINCT ?p WHERE {{ ?p <{IRI}member_of> <{IRI}{body}> . \
             ?p <{IRI}arrested> ?d . FILTER(?d <= \"1940-12-31\"^^<{}>) }}",
            xsd::DATE.as_str()
        ),
        csr: Baseline::Q1(body.to_owned()),
    };
    vec![
        q1("Q1 members of a 143-member body arrested by 1940", small),
        q1("Q1 on the large body", large),
        Question {
            label: "Q2 that count per institution",
            annals: "count members of institutions arrested by 1940 per institution".to_owned(),
            sql: "SELECT i.slug, count(DISTINCT m.person) FROM membership m \
                  JOIN arrest a ON a.person = m.person JOIN institution i ON i.id = m.institution \
                  WHERE a.date <= '1940-12-31' GROUP BY m.institution"
                .to_owned(),
            sparql: format!(
                "SELECT ?b (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p <{IRI}member_of> ?b . \
                 ?p <{IRI}arrested> ?d . FILTER(?d <= \"1940-12-31\"^^<{}>) }} GROUP BY ?b",
                xsd::DATE.as_str()
            ),
            csr: Baseline::Q2,
        },
        Question {
            label: "Q3 memberships of members of the large body (two hops)",
            annals: format!("memberships of members of {large} except {large}"),
            sql: format!(
                "SELECT DISTINCT j.slug FROM institution i JOIN membership m1 ON m1.institution = i.id \
                 JOIN membership m2 ON m2.person = m1.person JOIN institution j ON j.id = m2.institution \
                 WHERE i.slug = '{large}' AND j.id <> i.id"
            ),
            sparql: format!(
                "SELECT DISTINCT ?b WHERE {{ ?p <{IRI}member_of> <{IRI}{large}> . \
                 ?p <{IRI}member_of> ?b . FILTER(?b != <{IRI}{large}>) }}"
            ),
            csr: Baseline::Q3(large.to_owned()),
        },
        Question {
            label: "name lookup",
            annals: format!("\"{name}\""),
            sql: format!("SELECT slug FROM person WHERE name = '{name}'"),
            sparql: format!("SELECT ?p WHERE {{ ?p <{IRI}name> \"{name}\" }}"),
            csr: Baseline::Lookup(name.clone()),
        },
    ]
}

/// An answer with its rows in answer order: annals puts rows in name order when they are first
/// read (a count never reads them), so the timing reads the first to include that sort, as
/// the answer that is shown or compared would.
fn in_order(answer: annals::query::Answer<'_>) -> annals::query::Answer<'_> {
    if let Body::Rows { rows } = &answer.body {
        std::hint::black_box(rows.entities().next());
    }
    answer
}

fn annals_answer(graph: &annals::Graph, query: &annals::query::Query) -> Result<Answer, Failure> {
    let answer = query.run(graph)?;
    Ok(match &answer.body {
        Body::CountPer { groups, .. } => Answer::counts(
            groups
                .iter()
                .map(|g| (g.id.clone(), g.count.yes as u64))
                .collect(),
        ),
        _ => Answer::ids(answer.rows().iter().map(|r| r.id.clone()).collect()),
    })
}

fn sqlite(data: &Prosopography) -> rusqlite::Result<Connection> {
    let db = Connection::open_in_memory()?;
    db.execute_batch(
        "CREATE TABLE person (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL);
         CREATE TABLE institution (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT NOT NULL);
         CREATE TABLE membership (person INTEGER NOT NULL, institution INTEGER NOT NULL,
                                  source TEXT NOT NULL);
         CREATE TABLE arrest (person INTEGER NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL,
                              locator TEXT NOT NULL);",
    )?;
    let tx = db.unchecked_transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO person VALUES (?1, ?2, ?3)")?;
        for (i, p) in data.people.iter().enumerate() {
            insert.execute((i as i64, &p.slug, &p.name))?;
        }
        let mut insert = tx.prepare("INSERT INTO institution VALUES (?1, ?2, ?3)")?;
        for (i, b) in data.institutions.iter().enumerate() {
            insert.execute((i as i64, &b.slug, &b.name))?;
        }
        let mut insert = tx.prepare("INSERT INTO membership VALUES (?1, ?2, 'rolls')")?;
        for (p, b) in &data.memberships {
            insert.execute((*p as i64, *b as i64))?;
        }
        let mut insert = tx.prepare("INSERT INTO arrest VALUES (?1, ?2, 'register', ?3)")?;
        for a in &data.arrests {
            let (y, m, d) = a.date;
            insert.execute((
                a.person as i64,
                format!("{y:04}-{m:02}-{d:02}"),
                format!("case {}", a.person),
            ))?;
        }
    }
    tx.commit()?;
    // What a DBA would add for these questions: both directions of the membership table,
    // arrests by person, lookups by slug and by name.
    db.execute_batch(
        "CREATE UNIQUE INDEX person_slug ON person (slug);
         CREATE INDEX person_name ON person (name);
         CREATE UNIQUE INDEX institution_slug ON institution (slug);
         CREATE INDEX membership_institution ON membership (institution, person);
         CREATE INDEX membership_person ON membership (person, institution);
         CREATE INDEX arrest_person ON arrest (person, date);
         ANALYZE;",
    )?;
    Ok(db)
}

fn sqlite_answer(db: &Connection, sql: &str) -> rusqlite::Result<Answer> {
    let mut statement = db.prepare_cached(sql)?;
    if statement.column_count() == 2 {
        let rows = statement.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(Answer::counts(rows.collect::<Result<_, _>>()?))
    } else {
        let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
        Ok(Answer::ids(rows.collect::<Result<_, _>>()?))
    }
}

type Failure = Box<dyn std::error::Error>;

fn oxigraph(data: &Prosopography) -> Result<Store, Failure> {
    let store = Store::new()?;
    let node = |s: &str| NamedNode::new_unchecked(format!("{IRI}{s}"));
    let (name, member_of, arrested) = (node("name"), node("member_of"), node("arrested"));
    let people: Vec<NamedNode> = data.people.iter().map(|p| node(&p.slug)).collect();
    let bodies: Vec<NamedNode> = data.institutions.iter().map(|b| node(&b.slug)).collect();
    let quad = |s: &NamedNode, p: &NamedNode, o: Term| {
        Quad::new(s.clone(), p.clone(), o, GraphName::DefaultGraph)
    };
    let names = data
        .people
        .iter()
        .zip(&people)
        .map(|(p, n)| quad(n, &name, Literal::new_simple_literal(&p.name).into()));
    let memberships = data.memberships.iter().map(|(p, b)| {
        quad(
            &people[*p as usize],
            &member_of,
            bodies[*b as usize].clone().into(),
        )
    });
    let arrests = data.arrests.iter().map(|a| {
        let (y, m, d) = a.date;
        let date = Literal::new_typed_literal(format!("{y:04}-{m:02}-{d:02}"), xsd::DATE);
        quad(&people[a.person as usize], &arrested, date.into())
    });
    let mut loader = store.bulk_loader();
    loader.load_quads(names.chain(memberships).chain(arrests))?;
    loader.commit()?;
    Ok(store)
}

fn oxigraph_answer(store: &Store, sparql: &str) -> Result<Answer, Failure> {
    let query = SparqlEvaluator::new().parse_query(sparql)?;
    let QueryResults::Solutions(solutions) = query.on_store(store).execute()? else {
        return Err("not a SELECT".into());
    };
    let slug = |t: Option<&Term>| match t {
        Some(Term::NamedNode(n)) => n.as_str().trim_start_matches(IRI).to_owned(),
        other => format!("{other:?}"),
    };
    let mut ids = Vec::new();
    let mut counts = Vec::new();
    for solution in solutions {
        let solution = solution?;
        match solution.get("n") {
            Some(Term::Literal(n)) => counts.push((slug(solution.get("b")), n.value().parse()?)),
            _ => ids.push(slug(solution.values().first().and_then(|v| v.as_ref()))),
        }
    }
    Ok(if counts.is_empty() {
        Answer::ids(ids)
    } else {
        Answer::counts(counts)
    })
}

/// The time of one run of `f` (its result dropped within it).
fn once<T>(f: impl FnOnce() -> T) -> Duration {
    let t = Instant::now();
    drop(std::hint::black_box(f()));
    t.elapsed()
}

/// The median time of `f`, run for about half a second after one warm-up run.
fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 3 || (started.elapsed() < Duration::from_millis(500) && times.len() < 200) {
        let t = Instant::now();
        std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// The bytes live on the heap now (Rust allocations; SQLite allocates through its own calls
/// to the C allocator, so its size is read from the database).
fn heap_bytes() -> u64 {
    ALLOCATOR.current_usage() as u64
}

/// The size of SQLite's in-memory database: its pages (tables and indexes), from
/// `PRAGMA page_count` and `PRAGMA page_size`.
fn sqlite_bytes(db: &Connection) -> rusqlite::Result<u64> {
    let pages: i64 = db.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let size: i64 = db.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok((pages * size).max(0) as u64)
}

fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.1} µs")
    } else if us < 1_000_000.0 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

fn main() -> Result<(), Failure> {
    let mut people = 100_000;
    let mut seed = 1;
    let mut rounds = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or("every option takes a value")?;
        match arg.as_str() {
            "--people" => people = value.parse()?,
            "--seed" => seed = value.parse()?,
            "--rounds" => rounds = value.parse()?,
            _ => {
                return Err(
                    format!("unknown option {arg}; use --people N --seed S --rounds R").into(),
                );
            }
        }
    }
    let data = Prosopography::new(&Config { people, seed });
    println!(
        "{people} people, {} institutions, {} memberships, {} arrests: {} claims (seed {seed})",
        data.institutions.len(),
        data.memberships.len(),
        data.arrests.len(),
        data.n_claims()
    );

    let before = heap_bytes();
    let t = Instant::now();
    let graph = data.graph();
    let annals_build = t.elapsed();
    let annals_memory = heap_bytes().saturating_sub(before);

    let t = Instant::now();
    let db = sqlite(&data)?;
    let sqlite_build = t.elapsed();
    let sqlite_memory = sqlite_bytes(&db)?;

    let before = heap_bytes();
    let t = Instant::now();
    let store = oxigraph(&data)?;
    let oxigraph_build = t.elapsed();
    let oxigraph_memory = heap_bytes().saturating_sub(before);

    let t = Instant::now();
    let mut baseline = csr::Csr::new(&data);
    let csr_build = t.elapsed();
    let t = Instant::now();
    baseline.rank_names(&data);
    let csr_ranks = t.elapsed();

    // The builds are measured; from here on the questions are timed on the plain allocator.
    ALLOCATOR.stop();

    let questions = questions(&data);
    // The first question, asked once from its text right after the builds: what a user waits
    // for the first time, before any warm-up (annals builds what its evaluator reads on first
    // use; SQLite compiles the statement; Oxigraph parses the query, as it always does).
    let first = &questions[0];
    let csr_first = once(|| csr_ids(&baseline, &first.csr));
    let annals_first = once(|| graph.query(&first.annals));
    let sqlite_first = once(|| sqlite_answer(&db, &first.sql));
    let oxigraph_first = once(|| oxigraph_answer(&store, &first.sparql));

    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "\n| build | CSR | annals | SQLite | Oxigraph |\n|---|---|---|---|---|\n| time | {} | {} | {} | {} |\n| memory (live heap; SQLite: its pages; CSR: its arrays) | {:.0} MiB | {:.0} MiB ({:.0} B/claim) | {:.0} MiB | {:.0} MiB |\n| then the first query (Q1, from text, once) | {} | {} | {} | {} |",
        show(csr_build),
        show(annals_build),
        show(sqlite_build),
        show(oxigraph_build),
        mib(baseline.bytes() as u64),
        mib(annals_memory),
        annals_memory as f64 / data.n_claims() as f64,
        mib(sqlite_memory),
        mib(oxigraph_memory),
        show(csr_first),
        show(annals_first),
        show(sqlite_first),
        show(oxigraph_first),
    );

    println!(
        "\n(the CSR's ranks by name, for its loops that answer as annals does: {} more)",
        show(csr_ranks)
    );

    let prepared: Vec<_> = questions
        .iter()
        .map(|q| graph.prepare(&q.annals))
        .collect::<Result<_, _>>()?;
    for (q, p) in questions.iter().zip(&prepared) {
        let expected = annals_answer(&graph, p)?;
        let from_sql = sqlite_answer(&db, &q.sql)?;
        let from_sparql = oxigraph_answer(&store, &q.sparql)?;
        let from_csr = csr_answer(&data, &baseline, &q.csr);
        if expected != from_sql || expected != from_sparql || expected != from_csr {
            return Err(format!(
                "{}: answers differ: annals {} rows, SQLite {}, Oxigraph {}, CSR {}",
                q.label,
                expected.size(),
                from_sql.size(),
                from_sparql.size(),
                from_csr.size()
            )
            .into());
        }
        println!(
            "{}: {} rows, the same in all four",
            q.label,
            expected.size()
        );
        if let Some(shown) = csr_shown(&baseline, &q.csr) {
            let from_csr = csr_shown_rows(&data, &q.csr, &shown);
            if annals_shown_rows(&graph, p)? != from_csr {
                return Err(format!(
                    "{}: the loop that answers as annals does answers otherwise",
                    q.label
                )
                .into());
            }
            println!(
                "{}: the same rows, in the same order, with the same claims from the loop that answers as annals does",
                q.label
            );
        }
    }

    let mut table: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for round in 1..=rounds {
        for (i, (q, p)) in questions.iter().zip(&prepared).enumerate() {
            let a = time(|| p.run(&graph).map(in_order));
            let a_text = time(|| graph.query(&q.annals).map(in_order));
            let s = time(|| sqlite_answer(&db, &q.sql));
            let o = time(|| oxigraph_answer(&store, &q.sparql));
            let c = time(|| csr_ids(&baseline, &q.csr));
            let shown = matches!(q.csr, Baseline::Q1(_) | Baseline::Q3(_))
                .then(|| time(|| csr_shown(&baseline, &q.csr)));
            let ratio = |x: Duration| x.as_secs_f64() / a.as_secs_f64();
            let (shown, shown_ratio) = match shown {
                Some(d) => (
                    show(d),
                    format!("{:.1}×", a.as_secs_f64() / d.as_secs_f64()),
                ),
                None => ("".to_owned(), "".to_owned()),
            };
            table.entry(i).or_default().push(format!(
                "| {} | {round} | {} | {} | {} | {} | {} | {} | {:.1}× | {} | {:.1}× | {:.1}× |",
                q.label,
                show(c),
                shown,
                show(a),
                show(a_text),
                show(s),
                show(o),
                a.as_secs_f64() / c.as_secs_f64(),
                shown_ratio,
                ratio(s),
                ratio(o)
            ));
        }
    }
    println!(
        "\n| question | round | CSR | CSR, as annals answers | annals (prepared) | annals (from text) | SQLite | Oxigraph | annals / CSR | annals / CSR as annals answers | SQLite / annals | Oxigraph / annals |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for lines in table.values() {
        for line in lines {
            println!("{line}");
        }
    }
    Ok(())
}
