//! `:help` and `:schema`: the language and the loaded vocabulary.

use super::*;

/// The language, examples, the loaded schema's vocabulary and the commands.
pub(crate) fn help(graph: &Graph) -> String {
    let schema = graph.schema();
    let mut out = String::from(
        "\
A query names a set of entities, walks from it, filters and combines it.

  names      Joseph Stalin · an alias: Stalin · an id: cc-1917
             \"quoted\" for names with connectives or brackets: \"Central Committee (1934)\"
  kinds      people · institutions · events · every entity of a kind
  walks      PHRASE of SET            members of cc-1917 · events of Khrushchev
  filters    SET PARTICIPLE [TIME]    people arrested in 1937 · members of cc-1917 not shot
  who        PARTICIPLE by NAME       people assassinated by nikolaev (by + a date: a time)
  where      PARTICIPLE in PLACE      executions in moscow · events in russia (places inside too)
  groups     SET (P or P) TIME        members of cc-1934 (arrested or shot) by 1940
  times      by 1940 · before 1938 · after 1953-03 · in 1937 · between 1936 and 1938
             dates: 1937 · 1937-03 · 1937-03-05 · March 1937 · c. 1930 · 1917-10-25 OS
             an event's date: at EVENT · when EVENT · after EVENT · before EVENT · by EVENT
  alive      SET alive in TIME        people alive in 1938
  with       SET with NAME [in EVENT] people with bukharin in trial-of-the-twenty-one
  sets       A and B · A or B · A except B · (A or B) and C
  figures    population of Petrograd
  commands   count SET · count SET by year · share of SET FILTER · why SET
  order      SET by date · first 10 SET · latest SET · earliest 3 SET
             (default: events and figures by date, everything else by name)
  reasoning  conflicts · conflicts about SET · conflicts in EVENTS · check FIGURES
             why check FIGURES · … as recorded (no rules) · … with all claims
  sources    SET according to SOURCE  (only that source's claims)
             SET as of DATE  (only sources published by then; undated ones are named)
             sources of SET (recorded claims each, inferred ones through their premises) · claims of SET
  quotes     quotes [of SET] [TIME]   quotes of stalin · quotes in 1931
  networks   co-ROLE of SET · co-participants of SET · co-members of SET
             connections between A and B · path from A to B  (shortest chains of claims)
             count co-members of each member of SET  (per entity, most first)

examples (on the bundled dataset)
  members of cc-1917
  members of cc-1917 shot
  count members of cc-1917 shot
  share of members of cc-1917 shot by 1941
  why members of cc-1917 shot in 1937
  members of cc-1917 except (members of cc-1917 shot)
  events of Khrushchev
  population of Petrograd
  people according to orsag
  people tried by military-collegium
  sources of bukharin
  co-defendants of bukharin
  connections between yezhov and bukharin
  count members of cc-1934 arrested by 1940 as recorded
  prisoners of gulag as of 1991
  conflicts about yezhov
  why check number executed of cc-1917
",
    );

    out.push_str("\nvocabulary of this dataset\n");
    let kinds: Vec<&str> = schema.kinds().iter().map(|k| k.plural.as_str()).collect();
    out.push_str(&wrap("  kinds        ", &kinds));
    let mut phrases: Vec<String> = Vec::new();
    for relation in schema.relations() {
        for phrase in relation.forward.iter().chain(&relation.inverse) {
            phrases.push(format!("{phrase} of"));
        }
    }
    let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
    out.push_str(&wrap("  walks        ", &phrases));
    let participles: Vec<&str> = schema
        .event_kinds()
        .iter()
        .flat_map(|e| e.participles.iter().map(String::as_str))
        .collect();
    out.push_str(&wrap("  participles  ", &participles));
    let events: Vec<&str> = schema
        .event_kinds()
        .iter()
        .filter_map(|e| e.plural.as_deref())
        .collect();
    out.push_str(&wrap("  event kinds  ", &events));

    out.push_str(
        "\
\ncommands
  :help                 this text
  :schema               the kinds, relations and event kinds of the dataset
  :load DIR             load another dataset (the current one stays if it fails)
  :format table|json    how answers print
  :explain QUERY        the plan of a query, without running it
  :draw [FILE] QUERY    the answer's claims as a Graphviz DOT graph, printed or written to
                        FILE.dot, or to FILE.svg through Graphviz's `dot` if it is installed
  :timeline [FILE] QUERY  the answer's dates as an SVG timeline (a count `by year` as bars),
                        printed or written to FILE.svg
  :export FILE          the whole graph as RDF, Turtle (FILE.ttl) or N-Triples (FILE.nt),
                        claims as Wikidata-style statements (needs the `rdf` feature)
  :sparql QUERY         the query as SPARQL over the export (needs the `rdf` feature)
  :import CSV MAPPING   add a CSV's rows as claims, by a TOML mapping (see tests/import/);
                        each claim cites the file at its row and column
  :import JSON MAPPING  add Wikidata entity JSON, properties mapped to relations and events
                        (see tests/import/wikidata/); ranks, qualifiers and references kept
  :rules [on|off]       what the schema's rules infer counts (on) or not; alone, lists them
  :certainty best|all   best: disputed and unverified claims give at most possibly and
                        deprecated ones are left out; all: every claim counts alike
  :check                the data's violations: historical ones and broken invariants
  :limit [KIND N]       show the limits, or set one: length (bytes), depth or budget (rows)
  :quit                 leave (also Ctrl-D)
Tab completes words, phrases, names and ids; ↑ and ↓ walk the history.
",
    );
    out
}

/// Joins `items` with `·`, wrapping lines at about 96 columns under `label`.
pub(crate) fn wrap(label: &str, items: &[&str]) -> String {
    const WIDTH: usize = 96;
    let indent = " ".repeat(label.chars().count());
    let mut out = String::new();
    let mut line = label.to_owned();
    let mut first = true;
    for item in items {
        let piece = if first {
            item.to_string()
        } else {
            format!(" · {item}")
        };
        if !first && line.chars().count() + piece.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{indent}{item}");
        } else {
            line.push_str(&piece);
        }
        first = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The schema: kinds, relations with their kinds and phrases, event kinds with participles
/// and roles.
pub(crate) fn schema(graph: &Graph) -> String {
    let schema = graph.schema();
    let kinds = |ids: &[KindId]| -> String {
        let names: Vec<&str> = ids
            .iter()
            .map(|k| schema.kind_def(*k).name.as_str())
            .collect();
        names.join(" | ")
    };
    let mut out = String::from("kinds (with the plural that queries use)\n");
    for kind in schema.kinds() {
        out.push_str(&format!("  {} ({})", kind.name, kind.plural));
        if let Some(description) = &kind.description {
            out.push_str(&format!(": {description}"));
        }
        out.push('\n');
    }

    out.push_str("\nrelations\n");
    for relation in schema.relations() {
        let target = match &relation.target {
            Target::Kinds(ids) => kinds(ids),
            Target::Literal(literal) => match &relation.unit {
                Some(unit) => format!("{} ({unit})", literal.name()),
                None => literal.name().to_owned(),
            },
        };
        out.push_str(&format!(
            "  {}: {} -> {target}",
            relation.name,
            kinds(&relation.subject)
        ));
        if relation.event_place {
            out.push_str("  [an event's place]");
        }
        out.push('\n');
        if let Some(description) = &relation.description {
            out.push_str(&format!("      {description}\n"));
        }
        let of = |phrases: &[String]| -> String {
            let phrases: Vec<String> = phrases.iter().map(|p| format!("{p} of")).collect();
            phrases.join(", ")
        };
        if !relation.forward.is_empty() {
            out.push_str(&format!("      forward: {}\n", of(&relation.forward)));
        }
        if !relation.inverse.is_empty() {
            out.push_str(&format!("      inverse: {}\n", of(&relation.inverse)));
        }
        if !relation.roles.is_empty() {
            let label = if relation.literal().is_some() {
                "scopes"
            } else {
                "roles"
            };
            out.push_str(&format!("      {label}: {}\n", relation.roles.join(", ")));
        }
    }

    out.push_str("\nevent kinds\n");
    for event in schema.event_kinds() {
        out.push_str(&format!("  {}", event.name));
        if let Some(plural) = &event.plural {
            out.push_str(&format!(" ({plural})"));
        }
        if event.participles.is_empty() {
            out.push_str(": no participle");
        } else {
            out.push_str(&format!(": {}", event.participles.join(", ")));
        }
        out.push_str(&format!(
            "; roles {} (a participle describes the {})",
            event.roles.join(", "),
            event.patient
        ));
        let flags: Vec<&str> = [
            (event.starts_life, "starts life"),
            (event.ends_life, "ends life"),
            (event.posthumous, "may be posthumous"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        if !flags.is_empty() {
            out.push_str(&format!(" [{}]", flags.join(", ")));
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Completion
