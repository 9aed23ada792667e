//! Pictures (`src/draw/`): the DOT of an answer's subgraph is parsed by a small DOT reader
//! here and compared with a snapshot in `tests/draw/` (rewritten by `UPDATE_EXPECT=1`); the
//! SVG timelines and bar charts are parsed as XML and their marks checked against the answer.
//! Nothing here needs Graphviz; where `dot` is installed, the DOT is also rendered by it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use annals::Graph;
use annals::draw::{self, DrawError};
use annals::model::Fact;

/// The queries drawn, with the snapshot's file name.
const DOT_CASES: [(&str, &str); 5] = [
    ("executed-1938", "members of cc-1917 executed in 1938"),
    (
        "arrested-inferred",
        "why members of cc-1934 arrested by 1940 and mezhlauk",
    ),
    ("possibly", "members of cc-1934 and (akulov or nikolayeva)"),
    (
        "deprecated",
        "members of cc-1917 executed in 1938 and bubnov with all claims",
    ),
    ("connections", "connections between yezhov and bukharin"),
];

fn graph() -> Graph {
    annals::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("the bundled data")
}

/// A DOT statement as read back: a node with its attributes or an edge with its ends.
#[derive(Debug)]
enum Statement {
    Node(String, BTreeMap<String, String>),
    Edge(String, String, BTreeMap<String, String>),
}

/// Reads a double-quoted DOT string at the start of `text`: the string (unescaped) and the
/// rest. Panics on anything else: the writer only ever writes quoted ids and values.
fn quoted(text: &str) -> (String, &str) {
    let text = text.trim_start();
    assert!(text.starts_with('"'), "a quoted string at {text:?}");
    let mut out = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, &text[i + 2..]),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, c @ ('"' | '\\'))) => out.push(c),
                other => panic!("unknown escape {other:?} in {text:?}"),
            },
            '\n' => panic!("a raw newline inside a string: {text:?}"),
            c => out.push(c),
        }
    }
    panic!("an unterminated string: {text:?}")
}

/// Reads `[key=value, …];`: the attributes and what follows.
fn attributes(text: &str) -> BTreeMap<String, String> {
    let mut rest = text
        .trim_start()
        .strip_prefix('[')
        .expect("an attribute list");
    let mut map = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("];") {
            assert!(
                after.trim().is_empty(),
                "nothing after a statement: {after:?}"
            );
            return map;
        }
        let eq = rest.find('=').expect("key=value");
        let key = rest[..eq].trim().to_owned();
        assert!(
            key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{key}"
        );
        rest = &rest[eq + 1..];
        let value = if rest.starts_with('"') {
            let (v, r) = quoted(rest);
            rest = r;
            v
        } else {
            let end = rest.find([',', ']']).expect("the end of a value");
            let v = rest[..end].trim().to_owned();
            rest = &rest[end..];
            v
        };
        assert!(map.insert(key.clone(), value).is_none(), "{key} twice");
        rest = rest.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// Parses the subset of DOT the writer produces: a `digraph` with graph attributes, default
/// node and edge attributes, node statements and edge statements, one per line.
fn parse_dot(dot: &str) -> Vec<Statement> {
    let mut lines = dot.lines();
    assert_eq!(lines.next(), Some("digraph answer {"));
    let mut statements = Vec::new();
    let mut closed = false;
    for line in lines {
        assert!(!closed, "nothing after the closing brace");
        if line == "}" {
            closed = true;
            continue;
        }
        let line = line.strip_prefix("  ").expect("statements are indented");
        if line.starts_with("node [") || line.starts_with("edge [") {
            attributes(&line[5..]);
        } else if line.starts_with('"') {
            let (id, rest) = quoted(line);
            if let Some(rest) = rest.trim_start().strip_prefix("->") {
                let (to, rest) = quoted(rest);
                statements.push(Statement::Edge(id, to, attributes(rest)));
            } else {
                statements.push(Statement::Node(id, attributes(rest)));
            }
        } else {
            // A graph attribute: `key=value;`.
            let (key, value) = line.split_once('=').expect("key=value;");
            assert!(key.chars().all(|c| c.is_ascii_alphanumeric()), "{key}");
            let value = value.strip_suffix(';').expect("ends with ;");
            if value.starts_with('"') {
                let (_, rest) = quoted(value);
                assert!(rest.is_empty());
            }
        }
    }
    assert!(closed, "the graph is closed");
    statements
}

#[test]
fn dot_parses_and_shows_every_row_and_claim() {
    let graph = graph();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/draw");
    let mut stale = Vec::new();
    for (name, query) in DOT_CASES {
        let answer = graph
            .query(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let dot = draw::dot(&graph, &answer).unwrap_or_else(|e| panic!("{query}: {e}"));
        let statements = parse_dot(&dot);
        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        for s in &statements {
            match s {
                Statement::Node(id, attrs) => {
                    assert!(nodes.insert(id.clone(), attrs).is_none(), "{id} twice");
                }
                Statement::Edge(a, b, attrs) => edges.push((a, b, attrs)),
            }
        }
        for (a, b, attrs) in &edges {
            assert!(
                nodes.contains_key(*a) && nodes.contains_key(*b),
                "{query}: {a} -> {b}"
            );
            assert!(attrs.contains_key("label") && attrs.contains_key("tooltip"));
        }
        // Every row is a node, drawn thick, dashed when only possibly.
        for row in answer.rows() {
            let attrs = nodes
                .get(&row.id)
                .unwrap_or_else(|| panic!("{query}: {}", row.id));
            assert_eq!(attrs["penwidth"], "2");
            assert_eq!(
                attrs["style"].contains("dashed"),
                row.status != annals::query::Status::Yes,
                "{query}: {}",
                row.id
            );
        }
        // Every link and participation behind a row is an edge, its sources in the tooltip.
        let reasoned = graph.reasoned();
        let evidence = answer.rows().iter().flat_map(|r| &r.evidence);
        for e in evidence {
            let claim = reasoned.claim(e.claim);
            let ends = match &claim.fact {
                Fact::Link {
                    subject, object, ..
                } => (*subject, *object),
                Fact::Participation {
                    event, participant, ..
                } => (*participant, *event),
                _ => continue,
            };
            let (a, b) = (
                reasoned.entity(ends.0).slug.to_string(),
                reasoned.entity(ends.1).slug.to_string(),
            );
            let found = edges.iter().any(|(x, y, attrs)| {
                **x == a
                    && **y == b
                    && attrs["tooltip"].starts_with(&e.statement)
                    && e.sources.iter().all(|s| attrs["tooltip"].contains(&s.id))
            });
            assert!(found, "{query}: no edge for {}", e.statement);
        }
        let path = dir.join(format!("{name}.dot"));
        if update {
            std::fs::write(&path, &dot).expect("write the snapshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(dot.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots differ (UPDATE_EXPECT=1 rewrites them; review the diff): {stale:?}"
    );
}

#[test]
fn dot_styles_weak_deprecated_and_inferred_claims() {
    let graph = graph();
    let dot = |q: &str| draw::dot(&graph, &graph.query(q).expect(q)).expect(q);
    let all = dot("why members of cc-1934 arrested by 1940 and mezhlauk");
    assert!(
        all.contains("color=\"#1f5fbf\""),
        "an inferred arrest is blue"
    );
    assert!(all.contains("inferred by rule"));
    // Bubnov's falsified Soviet-era death date is deprecated: shown apart, not as his date.
    let executed = dot("members of cc-1917 executed in 1938");
    assert!(executed.contains("Execution of Bubnov\\n1938-08-01\\n(set aside: 1940-01-12)"));
    let possibly = dot("members of cc-1934 and (akulov or nikolayeva)");
    assert!(possibly.contains("style=\"filled,dashed\""));
}

#[test]
fn nothing_to_draw_is_an_error() {
    let graph = graph();
    let figures = graph.query("population of Petrograd").expect("a figure");
    assert_eq!(draw::dot(&graph, &figures), Err(DrawError::Nothing));
    assert_eq!(draw::timeline(&figures), Err(DrawError::Nothing));
    let count = graph.query("count members of cc-1917").expect("a count");
    assert_eq!(draw::timeline(&count), Err(DrawError::Nothing), "no dates");
}

#[test]
fn too_much_to_draw_is_an_error_found_before_drawing() {
    use annals::generate::{Config, Prosopography};
    let data = Prosopography::new(&Config {
        people: 20_000,
        seed: 1,
    });
    let graph = data.graph();
    let too_much = |count, what| DrawError::TooMuch {
        count,
        what,
        limit: draw::MAX_DRAWN,
    };
    // 4,000 members: too many rows to draw or to place.
    let large = graph
        .query(&format!("members of {}", data.large_slug()))
        .unwrap();
    assert_eq!(draw::dot(&graph, &large), Err(too_much(4_000, "rows")));
    assert_eq!(draw::timeline(&large), Err(too_much(4_000, "rows")));
    // The other bodies of those members: under 200 rows, but their evidence names the
    // 4,000 members who reach them.
    let large = data.large_slug();
    let bodies = graph.query(&format!("memberships of members of {large} except {large}"));
    let bodies = bodies.unwrap();
    assert!(bodies.len() <= draw::MAX_DRAWN);
    match draw::dot(&graph, &bodies) {
        Err(DrawError::TooMuch { what, count, .. }) => {
            assert_eq!(what, "entities");
            assert!(count > draw::MAX_DRAWN);
        }
        other => panic!("{other:?}"),
    }
    // A count by year is a few bars, whatever it counts.
    let years = graph
        .query("count members of institutions arrested by year")
        .unwrap();
    assert!(draw::timeline(&years).is_ok());
    // Within the limit, both draw.
    let few = graph.query(&format!(
        "members of {} arrested by 1940",
        data.small_slug()
    ));
    let few = few.unwrap();
    assert!(draw::dot(&graph, &few).is_ok());
    assert!(draw::timeline(&few).is_ok());
}

/// Parses an SVG document, checking the root.
fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc
}

fn number(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("{attr} on {node:?}"))
        .parse()
        .unwrap_or_else(|e| panic!("{attr}: {e}"))
}

#[test]
fn timeline_marks_each_dated_row_a_day_as_a_dot_and_a_coarser_date_as_a_bar() {
    let graph = graph();
    for query in [
        "members of cc-1917 arrested",
        "members of cc-1917 executed",
        "members of cc-1934 executed",
        "members of cc-1934 arrested in 1937",
    ] {
        let answer = graph.query(query).expect(query);
        let svg = draw::timeline(&answer).expect(query);
        let doc = parse_svg(&svg);
        let root = doc.root_element();
        let width = number(root, "width");
        let height = number(root, "height");
        let marks: Vec<_> = doc
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "circle" | "rect"))
            .filter(|n| n.children().any(|c| c.tag_name().name() == "title"))
            .collect();
        let dated: Vec<_> = answer.rows().iter().filter(|r| r.date.is_some()).collect();
        assert_eq!(marks.len(), dated.len(), "{query}: one mark per dated row");
        let mut seen = BTreeSet::new();
        for mark in &marks {
            let title = mark
                .children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text())
                .expect("a title");
            let row = dated
                .iter()
                .find(|r| title.starts_with(&format!("{}: ", r.name)))
                .unwrap_or_else(|| panic!("{query}: {title}"));
            assert!(seen.insert(&row.id), "{query}: {} twice", row.id);
            let date: annals::model::Date = row.date.clone().expect("dated");
            let day = date.precision() == annals::model::Precision::Day && date.is_point();
            assert_eq!(mark.tag_name().name() == "circle", day, "{query}: {title}");
            // Inside the picture.
            let (x, y) = if day {
                (number(*mark, "cx"), number(*mark, "cy"))
            } else {
                assert!(number(*mark, "width") > 0.0);
                (number(*mark, "x"), number(*mark, "y"))
            };
            assert!(
                (0.0..width).contains(&x) && (0.0..height).contains(&y),
                "{title}"
            );
        }
        // The names down the left never share a line.
        let mut ys: Vec<f64> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "text" && n.attribute("text-anchor") == Some("end"))
            .map(|n| number(n, "y"))
            .collect();
        ys.sort_by(f64::total_cmp);
        assert!(
            ys.windows(2).all(|w| w[1] - w[0] >= 14.0),
            "{query}: labels overlap"
        );
    }
}

#[test]
fn bars_per_year_stack_the_possible_part() {
    let graph = graph();
    let query = "count members of cc-1934 executed by year";
    let answer = graph.query(query).expect(query);
    let annals::query::Body::CountByYear { years, .. } = &answer.body else {
        panic!("a count by year");
    };
    let svg = draw::timeline(&answer).expect(query);
    let doc = parse_svg(&svg);
    let groups: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "g")
        .collect();
    assert_eq!(
        groups.len(),
        years.len(),
        "one bar (or bracket) per year entry"
    );
    // Bar heights are proportional to the counts (written to a tenth of a pixel).
    let mut per_unit = None;
    for (g, year) in groups.iter().zip(years) {
        let title = g
            .children()
            .find(|c| c.tag_name().name() == "title")
            .and_then(|t| t.text())
            .expect("a title");
        assert!(title.starts_with(&year.year), "{title}");
        let rects: Vec<_> = g
            .children()
            .filter(|c| c.tag_name().name() == "rect")
            .collect();
        assert_eq!(rects.len(), 1 + usize::from(year.possibly > 0), "{title}");
        let height = number(rects[0], "height");
        let unit = *per_unit.get_or_insert(height / year.count as f64);
        assert!((height - unit * year.count as f64).abs() <= 0.1, "{title}");
        if year.possibly > 0 {
            let height = number(rects[1], "height");
            assert!(
                (height - unit * year.possibly as f64).abs() <= 0.1,
                "{title}"
            );
        }
    }
}

/// A stand-in for Graphviz: a shell script in a fresh folder, made executable.
#[cfg(unix)]
fn fake_graphviz(name: &str, script: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("annals-fake-dot-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dot");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn graphviz_that_hangs_is_stopped_and_one_that_fails_says_why() {
    use std::time::{Duration, Instant};
    let dot = "digraph answer { a -> b }";
    // Reads nothing and sleeps: stopped at the limit, not waited for.
    let slow = fake_graphviz("slow", "sleep 30");
    let started = Instant::now();
    let error = draw::svg_with(&slow, dot, Duration::from_millis(300)).unwrap_err();
    assert_eq!(error, DrawError::TooSlow { seconds: 0 });
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // Fails with a message: the message is kept.
    let failing = fake_graphviz(
        "failing",
        "cat > /dev/null; echo 'syntax error in line 1' >&2; exit 1",
    );
    match draw::svg_with(&failing, dot, Duration::from_secs(10)) {
        Err(DrawError::Renderer { message }) => {
            assert!(message.contains("syntax error in line 1"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // Echoes its input: what it writes is the SVG, even past a pipe's buffer.
    let echo = fake_graphviz("echo", "cat");
    let big = format!("digraph answer {{ {} }}", "a -> b; ".repeat(100_000));
    let out = draw::svg_with(&echo, &big, Duration::from_secs(10)).unwrap();
    assert_eq!(out, big.as_bytes());
    // Missing: cannot run.
    let missing = std::path::Path::new("/nonexistent/annals/dot");
    assert!(matches!(
        draw::svg_with(missing, dot, Duration::from_secs(1)),
        Err(DrawError::Renderer { .. })
    ));
    for p in [slow, failing, echo] {
        let _ = std::fs::remove_dir_all(p.parent().unwrap());
    }
}

#[test]
fn graphviz_renders_the_dot_where_installed() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("Graphviz's dot is not installed: rendering not checked (the DOT is)");
        return;
    }
    let graph = graph();
    for (_, query) in DOT_CASES {
        let dot = draw::dot(&graph, &graph.query(query).expect(query)).expect(query);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(dot.as_bytes())
            .expect("feed dot");
        let out = child.wait_with_output().expect("dot ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "{query}: {stderr}"
        );
        // Graphviz writes a DOCTYPE.
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let svg = std::str::from_utf8(&out.stdout).expect("utf-8");
        let doc = roxmltree::Document::parse_with_options(svg, options).expect("Graphviz's SVG");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        // The library's own runner gives the same SVG.
        assert_eq!(draw::svg(&dot).expect(query), out.stdout, "{query}");
    }
}
