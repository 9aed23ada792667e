//! The session: a graph, the options queries run with, and the `:` commands and queries run
//! against it.

use super::*;

/// Where a line came from, for error messages.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Origin {
    /// Typed at the prompt.
    Interactive,
    /// The n-th of m `-e` arguments.
    Eval(usize, usize),
    /// Line n of stdin.
    Stdin(usize),
}

impl Origin {
    /// Where the error is, as the README and `QueryError::render` write it: `1:12`
    /// (line:column of the query), `-e #2, 1:12` for the second of several `-e` queries,
    /// `<stdin>:3:12` for line 3 of standard input.
    pub(crate) fn locate(self, error: &QueryError) -> String {
        let place = format!("{}:{}", error.line, error.column);
        match self {
            Origin::Interactive | Origin::Eval(_, 1) => place,
            Origin::Eval(n, _) => format!("-e #{n}, {place}"),
            Origin::Stdin(n) => format!("<stdin>:{}:{}", n + error.line - 1, error.column),
        }
    }

    /// The line number of a failed command in a script, as a prefix.
    pub(crate) fn prefix(self) -> String {
        match self {
            Origin::Stdin(n) => format!("<stdin>:{n}: "),
            Origin::Eval(n, m) if m > 1 => format!("-e #{n}: "),
            _ => String::new(),
        }
    }
}

/// What to do after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Read the next line.
    Continue,
    /// Read the next line; the graph changed (completion must follow it).
    Reloaded,
    /// Stop.
    Quit,
}

impl Session {
    /// `:limit` shows the query limits; `:limit KIND N` sets one.
    pub(crate) fn limit(
        &mut self,
        arg: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let words: Vec<&str> = arg.split_whitespace().collect();
        let options = &mut self.options;
        let set = match words.as_slice() {
            [] => {
                return writeln!(
                    out,
                    "length {} bytes, depth {}, budget {} rows",
                    options.max_len, options.max_depth, options.budget
                );
            }
            [kind, n] => match (*kind, n.parse::<u64>()) {
                ("length", Ok(n)) if n > 0 => {
                    options.max_len = usize::try_from(n).unwrap_or(usize::MAX);
                    true
                }
                ("depth", Ok(n)) if n > 0 => {
                    options.max_depth = usize::try_from(n).unwrap_or(usize::MAX);
                    true
                }
                ("budget", Ok(n)) if n > 0 => {
                    options.budget = n;
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !set {
            self.failed = true;
            return writeln!(
                err,
                "{}error: `:limit` takes `length N`, `depth N` or `budget N` with N a positive whole number",
                origin.prefix()
            );
        }
        if self.interactive {
            writeln!(out, "limit set")?;
        }
        Ok(())
    }
}

/// The state of a session.
pub(crate) struct Session {
    /// The loaded dataset.
    pub(crate) graph: Graph,
    /// Where it was loaded from.
    pub(crate) dir: PathBuf,
    /// How answers print.
    pub(crate) format: Format,
    /// Whether a person is typing (answers are cut at [`INTERACTIVE_ROWS`]).
    pub(crate) interactive: bool,
    /// Whether any query or command failed.
    pub(crate) failed: bool,
    /// How queries weigh claims: rules on or off (`:rules`), certainty counted or not
    /// (`:certainty`), and the limits
    /// they run under (`:limit`).
    pub(crate) options: annals::query::Options,
}

impl Session {
    /// The one-line banner of interactive mode.
    pub(crate) fn banner(&self) -> String {
        format!(
            "annals: {} ({} entities, {} claims). Type a query, :help for the language, :quit to leave.",
            self.dir.display(),
            self.graph.n_entities(),
            self.graph.n_claims()
        )
    }

    /// Runs one line: a `:` command or a query.
    pub(crate) fn handle(
        &mut self,
        line: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Flow> {
        let text = line.trim();
        if text.is_empty() {
            return Ok(Flow::Continue);
        }
        if let Some(command) = text.strip_prefix(':') {
            return self.command(command, origin, out, err);
        }
        self.query(line, origin, out, err)?;
        Ok(Flow::Continue)
    }

    /// Runs a query and prints its answer, or its error with a caret.
    pub(crate) fn query(
        &mut self,
        text: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let graph = &self.graph;
        let options = self.options;
        let result = guard(|| graph.query_with(text, options));
        match result {
            // Written as it is rendered, a row at a time: a million-row answer is never
            // held as text.
            Ok(Ok(answer)) => {
                let mut block = Block::new(out);
                match self.format {
                    Format::Json => answer.write_json(&mut block)?,
                    Format::Table if self.interactive => {
                        answer.write_table(&mut block, Some(INTERACTIVE_ROWS))?
                    }
                    Format::Table => answer.write_table(&mut block, None)?,
                }
                block.finish()
            }
            Ok(Err(error)) => {
                self.failed = true;
                write_block(err, &render_error(&error, text, origin.locate(&error)))
            }
            Err(panic) => {
                self.failed = true;
                writeln!(
                    err,
                    "{}error: the query engine failed: {panic}",
                    origin.prefix()
                )
            }
        }
    }

    /// Runs a `:` command (given without its colon).
    pub(crate) fn command(
        &mut self,
        command: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Flow> {
        let (name, arg) = match command.split_once(char::is_whitespace) {
            Some((name, arg)) => (name, arg.trim()),
            None => (command, ""),
        };
        match name {
            "help" | "h" | "?" => write_block(out, &help(&self.graph))?,
            "schema" => write_block(out, &schema(&self.graph))?,
            "quit" | "q" | "exit" => return Ok(Flow::Quit),
            "format" => match Format::parse(arg) {
                Some(format) => {
                    self.format = format;
                    if self.interactive {
                        writeln!(out, "answers now print as {}", format.name())?;
                    }
                }
                None if arg.is_empty() => writeln!(out, "format: {}", self.format.name())?,
                None => {
                    self.failed = true;
                    writeln!(
                        err,
                        "{}error: unknown format {arg:?}: use `:format table` or `:format json`",
                        origin.prefix()
                    )?;
                }
            },
            "rules" => match arg {
                "on" | "off" => {
                    self.options.rules = arg == "on";
                    if self.interactive {
                        writeln!(out, "rules are {arg}")?;
                    }
                }
                "" => {
                    let state = if self.options.rules { "on" } else { "off" };
                    writeln!(out, "rules: {state}")?;
                    for rule in self.graph.schema().rules() {
                        let text = rule.description.as_deref().unwrap_or("");
                        writeln!(out, "  {}: {text}", rule.name)?;
                    }
                }
                _ => {
                    self.failed = true;
                    writeln!(
                        err,
                        "{}error: `:rules` takes `on` or `off`, not {arg:?}",
                        origin.prefix()
                    )?;
                }
            },
            "certainty" => match arg {
                "best" | "all" => {
                    self.options.all_claims = arg == "all";
                    if self.interactive {
                        writeln!(out, "claims counted: {arg}")?;
                    }
                }
                "" => writeln!(
                    out,
                    "certainty: {}",
                    if self.options.all_claims {
                        "all"
                    } else {
                        "best"
                    }
                )?,
                _ => {
                    self.failed = true;
                    writeln!(
                        err,
                        "{}error: `:certainty` takes `best` (disputed and unverified claims give at most possibly, deprecated ones are left out) or `all`, not {arg:?}",
                        origin.prefix()
                    )?;
                }
            },
            "load" => {
                if arg.is_empty() {
                    self.failed = true;
                    writeln!(
                        err,
                        "{}error: `:load` needs a folder: `:load DIR`",
                        origin.prefix()
                    )?;
                    return Ok(Flow::Continue);
                }
                let dir = PathBuf::from(arg);
                match load(&dir) {
                    Ok(graph) => {
                        self.graph = graph;
                        self.dir = dir;
                        if self.interactive {
                            writeln!(out, "{}", self.banner())?;
                        }
                        return Ok(Flow::Reloaded);
                    }
                    Err(message) => {
                        self.failed = true;
                        writeln!(err, "{}{message}", origin.prefix())?;
                        writeln!(err, "(still using {})", self.dir.display())?;
                    }
                }
            }
            "draw" | "timeline" => self.picture(name, arg, origin, out, err)?,
            "export" => self.export(arg, origin, err)?,
            "sparql" => match sparql(&self.graph, arg) {
                Ok(text) => write_block(out, &text)?,
                Err(message) => {
                    self.failed = true;
                    writeln!(err, "{}error: {message}", origin.prefix())?;
                }
            },
            "import" => self.import(arg, origin, out, err)?,
            "limit" => self.limit(arg, origin, out, err)?,
            "check" => {
                let violations = self.graph.check();
                if violations.is_empty() {
                    writeln!(out, "no violations")?;
                }
                for violation in &violations {
                    writeln!(out, "{violation}")?;
                    if matches!(
                        violation.kind,
                        annals::store::ViolationKind::Invariant { .. }
                    ) {
                        self.failed = true;
                    }
                }
            }
            "explain" => {
                if arg.is_empty() {
                    self.failed = true;
                    writeln!(
                        err,
                        "{}error: `:explain` needs a query: `:explain members of cc-1917 shot`",
                        origin.prefix()
                    )?;
                    return Ok(Flow::Continue);
                }
                let graph = &self.graph;
                let options = self.options;
                match guard(|| {
                    graph
                        .prepare_with(arg, options)
                        .map(|query| query.explain(graph))
                }) {
                    Ok(Ok(plan)) => write_block(out, &plan)?,
                    Ok(Err(error)) => {
                        self.failed = true;
                        write_block(err, &render_error(&error, arg, origin.locate(&error)))?;
                    }
                    Err(panic) => {
                        self.failed = true;
                        writeln!(
                            err,
                            "{}error: the query planner failed: {panic}",
                            origin.prefix()
                        )?;
                    }
                }
            }
            _ => {
                self.failed = true;
                writeln!(
                    err,
                    "{}error: unknown command :{name}; the commands are {}",
                    origin.prefix(),
                    COMMANDS.join(", ")
                )?;
            }
        }
        Ok(Flow::Continue)
    }
}

impl Session {
    /// `:draw [FILE] QUERY` and `:timeline [FILE] QUERY`: runs the query and prints its
    /// picture, or writes it to FILE (a first word ending in `.dot` or `.svg`).
    pub(crate) fn picture(
        &mut self,
        name: &str,
        arg: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let (file, text) = match arg.split_once(char::is_whitespace) {
            Some((first, rest)) if first.ends_with(".dot") || first.ends_with(".svg") => {
                (Some(first), rest.trim())
            }
            _ => (None, arg),
        };
        if text.is_empty() {
            self.failed = true;
            return writeln!(
                err,
                "{}error: `:{name}` needs a query: `:{name} [FILE] members of cc-1917 executed`",
                origin.prefix()
            );
        }
        let graph = &self.graph;
        let options = self.options;
        let picture = match guard(|| graph.query_with(text, options)) {
            Ok(Ok(answer)) => guard(|| {
                if name == "draw" {
                    annals::draw::dot(graph, &answer)
                } else {
                    annals::draw::timeline(&answer)
                }
            }),
            Ok(Err(error)) => {
                self.failed = true;
                // The query's columns count from its own start, after the command.
                return write_block(err, &render_error(&error, text, origin.locate(&error)));
            }
            Err(panic) => Err(panic),
        };
        let picture = match picture {
            Ok(Ok(picture)) => picture,
            Ok(Err(error)) => {
                self.failed = true;
                return writeln!(err, "{}error: {error}", origin.prefix());
            }
            Err(panic) => {
                self.failed = true;
                return writeln!(err, "{}error: drawing failed: {panic}", origin.prefix());
            }
        };
        let Some(file) = file else {
            return write_block(out, &picture);
        };
        let bytes = if name == "draw" && file.ends_with(".svg") {
            match annals::draw::svg(&picture) {
                Ok(svg) => svg,
                Err(message) => {
                    self.failed = true;
                    return writeln!(err, "{}error: {message}", origin.prefix());
                }
            }
        } else if name == "timeline" && file.ends_with(".dot") {
            self.failed = true;
            return writeln!(
                err,
                "{}error: a timeline is SVG: write it to a .svg file",
                origin.prefix()
            );
        } else {
            picture.into_bytes()
        };
        match std::fs::write(file, bytes) {
            Ok(()) => {
                if self.interactive {
                    writeln!(out, "wrote {file}")?;
                }
                Ok(())
            }
            Err(error) => {
                self.failed = true;
                writeln!(
                    err,
                    "{}error: cannot write {file}: {error}",
                    origin.prefix()
                )
            }
        }
    }
}

impl Session {
    /// `:import FILE.csv MAPPING.toml`: the CSV's rows as claims, all or nothing; a `.json`
    /// file is Wikidata entity JSON, its statements mapped by property.
    pub(crate) fn import(
        &mut self,
        arg: &str,
        origin: Origin,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let mut words = arg.split_whitespace();
        let (Some(csv), Some(mapping), None) = (words.next(), words.next(), words.next()) else {
            self.failed = true;
            return writeln!(
                err,
                "{}error: `:import` needs a CSV file and a mapping: `:import roster.csv roster.toml`",
                origin.prefix()
            );
        };
        let result = std::fs::read_to_string(mapping)
            .map_err(|e| format!("cannot read {mapping}: {e}"))
            .and_then(|mapping_text| {
                let text =
                    std::fs::read_to_string(csv).map_err(|e| format!("cannot read {csv}: {e}"))?;
                if csv.ends_with(".json") {
                    let m = mapping_text
                        .parse::<annals::import::WikidataMapping>()
                        .map_err(|e| format!("{mapping}: {e}"))?;
                    let name = std::path::Path::new(csv)
                        .file_name()
                        .map_or(csv.into(), |n| n.to_string_lossy());
                    annals::import::wikidata(&mut self.graph, &text, &name, &m)
                        .map_err(|e| e.to_string())
                } else {
                    let m = mapping_text
                        .parse::<annals::import::Mapping>()
                        .map_err(|e| format!("{mapping}: {e}"))?;
                    annals::import::csv(&mut self.graph, &text, &m).map_err(|e| e.to_string())
                }
            });
        match result {
            Ok(report) => {
                if self.interactive {
                    writeln!(
                        out,
                        "imported {} rows: {} claims, {} new entities",
                        report.rows,
                        report.claims.len(),
                        report.created.len()
                    )?;
                }
                Ok(())
            }
            Err(message) => {
                self.failed = true;
                writeln!(err, "{}error: {message}", origin.prefix())
            }
        }
    }

    /// `:export FILE.ttl|FILE.nt`: the graph as RDF (feature `rdf`).
    pub(crate) fn export(
        &mut self,
        arg: &str,
        origin: Origin,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let turtle = arg.ends_with(".ttl");
        if !turtle && !arg.ends_with(".nt") {
            self.failed = true;
            return writeln!(
                err,
                "{}error: `:export` needs a file ending in .ttl (Turtle) or .nt (N-Triples): `:export annals.ttl`",
                origin.prefix()
            );
        }
        match write_rdf(&self.graph, arg, turtle) {
            Ok(()) => Ok(()),
            Err(message) => {
                self.failed = true;
                writeln!(err, "{}error: {message}", origin.prefix())
            }
        }
    }
}

/// Writes the graph as RDF to `path`, through a temporary file renamed into place.
#[cfg(feature = "rdf")]
pub(crate) fn write_rdf(graph: &Graph, path: &str, turtle: bool) -> Result<(), String> {
    let iris = annals::export::Iris::default();
    let tmp = format!("{path}.tmp");
    let file = std::fs::File::create(&tmp).map_err(|e| format!("cannot write {tmp}: {e}"))?;
    let writer = io::BufWriter::new(file);
    let written = if turtle {
        annals::export::write_turtle(graph, &iris, writer)
    } else {
        annals::export::write_ntriples(graph, &iris, writer)
    };
    written
        .and_then(|mut w| w.flush())
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {path}: {e}")
        })
}

/// `:sparql QUERY`: the query compiled to SPARQL over the export.
#[cfg(feature = "rdf")]
pub(crate) fn sparql(graph: &Graph, text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("`:sparql` needs a query: `:sparql members of cc-1917 executed`".into());
    }
    let query = graph.prepare(text).map_err(|e| e.to_string())?;
    query.to_sparql(graph).map_err(|e| e.to_string())
}

#[cfg(not(feature = "rdf"))]
pub(crate) fn sparql(_graph: &Graph, _text: &str) -> Result<String, String> {
    Err("this REPL was built without RDF export: run it with `cargo run --features rdf --example repl`".into())
}

#[cfg(not(feature = "rdf"))]
pub(crate) fn write_rdf(_graph: &Graph, _path: &str, _turtle: bool) -> Result<(), String> {
    Err("this REPL was built without RDF export: run it with `cargo run --features rdf --example repl`".into())
}

/// Runs `f`, turning a panic into an error message so that one bad query does not end a
/// session. (The panic hook has already printed the details.)
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_owned())
    })
}

/// Writes `text`, ending it with exactly one newline.
pub(crate) fn write_block(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut block = Block::new(out);
    block.write_all(text.as_bytes())?;
    block.finish()
}

/// A writer that passes its text on as it comes but holds back the newlines at its end, so
/// that [`Block::finish`] ends the text with exactly one: what `write_block` does to a
/// string, for text written in pieces.
pub(crate) struct Block<'a> {
    out: &'a mut dyn Write,
    /// Newlines written last and not passed on yet.
    newlines: usize,
}

impl<'a> Block<'a> {
    pub(crate) fn new(out: &'a mut dyn Write) -> Self {
        Block { out, newlines: 0 }
    }

    /// Ends the text with one newline (dropping the others it ended with).
    pub(crate) fn finish(self) -> io::Result<()> {
        self.out.write_all(b"\n")
    }
}

impl Write for Block<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match buf.iter().rposition(|b| *b != b'\n') {
            None => self.newlines += buf.len(),
            Some(last) => {
                // Newlines held back are inside the text after all.
                while self.newlines > 0 {
                    let n = self.newlines.min(NEWLINES.len());
                    self.out.write_all(&NEWLINES[..n])?;
                    self.newlines -= n;
                }
                self.out.write_all(&buf[..=last])?;
                self.newlines = buf.len() - last - 1;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Newlines to write from, a few at a time.
const NEWLINES: &[u8] = b"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";

// ---------------------------------------------------------------------------------------------
// Error rendering
