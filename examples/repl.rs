//! An interactive shell for the annals query language, and its scriptable interface.
//!
//! ```text
//! cargo run --example repl                          # interactive, on the bundled data/
//! cargo run --example repl -- -e 'members of cc-1917 shot'
//! cargo run --example repl -- --format json -e 'count people'
//! echo 'people' | cargo run --example repl -- --data path/to/dataset
//! ```
//!
//! Interactive mode (stdin is a terminal, no `-e`): a banner, the prompt `annals> `, line
//! editing, history (also kept in `$HOME/.annals_history`) and tab completion of the schema's
//! words and phrases, entity names, aliases and ids, and `:` commands. Long answers are cut at
//! 50 rows.
//!
//! Scripted mode — a stable interface that scripts rely on:
//!
//! - `-e QUERY` (repeatable) runs each query in order, prints each answer and exits; stdin is
//!   not read.
//! - Otherwise, when stdin is not a terminal, every line of stdin is a query, except blank
//!   lines and lines starting with `#` (skipped) and lines starting with `:` (commands).
//!   There is no banner and no prompt.
//! - Answers are printed in full to stdout, as tables, or under `--format json` as one JSON
//!   document per query.
//! - A query error is printed to stderr with a caret under the offending words; the remaining
//!   queries still run and the exit code is 1. So do failed commands (an unknown `:command`,
//!   a `:load` that fails, which keeps the graph loaded before). Bad arguments, or a dataset that fails to load,
//!   exit with code 2. Success is 0.
//!
//! Commands (interactive or scripted): `:help`, `:schema`, `:load DIR`,
//! `:format table|json`, `:explain QUERY`, `:rules on|off`, `:certainty best|all`, `:check`,
//! `:limit [length|depth|budget N]`, `:quit`. `:check` prints every violation of the data (`Graph::check`) and fails (exit code
//! 1) when a schema invariant is broken.

#![forbid(unsafe_code)]

use std::io::{self, BufRead, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annals::Graph;
use annals::model::{KindId, RESERVED_WORDS, Target};
use annals::query::QueryError;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};

/// The prompt of interactive mode.
const PROMPT: &str = "annals> ";
/// How many rows an interactive answer shows before it is cut.
const INTERACTIVE_ROWS: usize = 50;
/// The history file, under `$HOME`.
const HISTORY_FILE: &str = ".annals_history";

/// Exit code for a query (or command) that failed.
const EXIT_QUERY: u8 = 1;
/// Exit code for bad arguments or a dataset that fails to load.
const EXIT_USAGE: u8 = 2;

/// The usage text of `--help`.
const USAGE: &str = "\
annals REPL: ask questions of a knowledge graph of sourced historical claims

usage: repl [--data DIR] [--format table|json] [-e QUERY]...

options:
  --data DIR        the dataset folder (default: ./data, else the bundled data/)
  --format FORMAT   print answers as `table` (default) or `json` (one document per query)
  -e, --eval QUERY  run QUERY, print its answer and exit; may be repeated (run in order)
  -h, --help        print this help

Without -e, the REPL is interactive when stdin is a terminal. Otherwise it reads one query per
line from stdin: blank lines and lines starting with # are skipped, lines starting with : are
commands (:help, :schema, :load DIR, :format table|json, :explain QUERY, :check, :limit,
:draw [FILE] QUERY, :timeline [FILE] QUERY, :export FILE.ttl|FILE.nt, :sparql QUERY,
:import FILE.csv MAPPING.toml, :quit).

exit codes: 0 success, 1 a query or command failed, 2 bad arguments or a dataset that fails
to load. Query errors go to stderr, with a caret under the offending words.
";

/// The `:` commands, for completion and for the message about an unknown one.
const COMMANDS: [&str; 15] = [
    ":help",
    ":schema",
    ":load",
    ":format",
    ":explain",
    ":draw",
    ":timeline",
    ":export",
    ":sparql",
    ":import",
    ":rules",
    ":certainty",
    ":check",
    ":limit",
    ":quit",
];

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Args::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Args::Run(options)) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: repl [--data DIR] [--format table|json] [-e QUERY]...  (see --help)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let dir = options.data.clone().unwrap_or_else(default_data_dir);
    let graph = match load(&dir) {
        Ok(graph) => graph,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let interactive = options.eval.is_empty() && io::stdin().is_terminal();
    let mut session = Session {
        graph,
        dir,
        format: options.format,
        interactive,
        failed: false,
        options: annals::query::Options::default(),
    };
    let result = if !options.eval.is_empty() {
        run_eval(&mut session, &options.eval)
    } else if interactive {
        run_interactive(&mut session)
    } else {
        run_stdin(&mut session)
    };
    match result {
        Ok(()) => {}
        // The reader of our output went away (`repl ... | head`): stop quietly.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {}
        Err(error) => {
            let _ = writeln!(io::stderr(), "error: {error}");
            return ExitCode::from(EXIT_QUERY);
        }
    }
    if session.failed {
        ExitCode::from(EXIT_QUERY)
    } else {
        ExitCode::SUCCESS
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// How answers are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// An aligned text table (or evidence chains for `why`).
    Table,
    /// Pretty JSON, one document per answer.
    Json,
}

impl Format {
    fn parse(text: &str) -> Option<Format> {
        match text {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
        }
    }
}

/// What the command line asks for.
enum Args {
    /// `--help`.
    Help,
    /// Run with these options.
    Run(Options),
}

/// The options of a run.
struct Options {
    /// `--data DIR`.
    data: Option<PathBuf>,
    /// `--format`.
    format: Format,
    /// The `-e` queries, in order.
    eval: Vec<String>,
}

/// Parses the arguments after the program name. Accepts `--opt VALUE` and `--opt=VALUE`.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut options = Options {
        data: None,
        format: Format::Table,
        eval: Vec::new(),
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Args::Help),
            "--data" => options.data = Some(PathBuf::from(value("a folder")?)),
            "--format" => {
                let text = value("`table` or `json`")?;
                options.format = Format::parse(&text)
                    .ok_or_else(|| format!("unknown format {text:?}: use `table` or `json`"))?;
            }
            "-e" | "--eval" => options.eval.push(value("a query")?),
            _ if name.starts_with('-') => return Err(format!("unknown option {name:?}")),
            _ => {
                return Err(format!(
                    "unexpected argument {arg:?}: give a query with -e, e.g. -e {arg:?}"
                ));
            }
        }
    }
    Ok(Args::Run(options))
}

/// `data` in the current directory if there is one, else the dataset bundled with the crate.
fn default_data_dir() -> PathBuf {
    let here = PathBuf::from("data");
    if here.is_dir() {
        here
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
    }
}

/// Loads a dataset. The message names the file (and line and column) at fault.
fn load(dir: &Path) -> Result<Graph, String> {
    if !dir.is_dir() {
        return Err(format!("error: {}: no such dataset folder", dir.display()));
    }
    annals::load(dir).map_err(|error| format!("error: {error}"))
}

// ---------------------------------------------------------------------------------------------
// Modes

/// Runs the `-e` queries in order.
fn run_eval(session: &mut Session, queries: &[String]) -> io::Result<()> {
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let mut written = 0;
    for (i, query) in queries.iter().enumerate() {
        let origin = Origin::Eval(i + 1, queries.len());
        // A blank line between answers, so that several tables do not run together (JSON
        // documents delimit themselves).
        let mut answer = Vec::new();
        let flow = session.handle(query, origin, &mut answer, &mut err)?;
        if !answer.is_empty() {
            if written > 0 && session.format == Format::Table {
                writeln!(out)?;
            }
            out.write_all(&answer)?;
            written += 1;
        }
        if flow == Flow::Quit {
            break;
        }
    }
    out.flush()
}

/// Runs every line of stdin. A line that is not UTF-8 is reported with its number and
/// skipped; the lines after it still run.
fn run_stdin(session: &mut Session) -> io::Result<()> {
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    for (i, line) in io::stdin().lock().split(b'\n').enumerate() {
        let bytes = match line {
            Ok(bytes) => bytes,
            Err(error) => {
                writeln!(err, "error: cannot read stdin: {error}")?;
                session.failed = true;
                break;
            }
        };
        let line = match String::from_utf8(bytes) {
            Ok(line) => line,
            Err(error) => {
                writeln!(
                    err,
                    "<stdin>:{}: error: the line is not valid UTF-8 (byte {}); skipped",
                    i + 1,
                    error.utf8_error().valid_up_to() + 1
                )?;
                session.failed = true;
                continue;
            }
        };
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if session.handle(line, Origin::Stdin(i + 1), &mut out, &mut err)? == Flow::Quit {
            break;
        }
    }
    out.flush()
}

/// The interactive loop: banner, prompt, completion, history.
fn run_interactive(session: &mut Session) -> io::Result<()> {
    println!("{}", session.banner());
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(true)
        .history_ignore_dups(true)
        .map_err(io::Error::other)?
        .max_history_size(1000)
        .map_err(io::Error::other)?
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> =
        Editor::with_config(config).map_err(io::Error::other)?;
    editor.set_helper(Some(ReplHelper::new(&session.graph)));
    let history = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(HISTORY_FILE));
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    loop {
        match editor.readline(PROMPT) {
            Ok(line) => {
                // Written line by line, so that a closed terminal loses nothing.
                if let Some(path) = &history {
                    let _ = editor.append_history(path);
                }
                let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
                let flow = session.handle(&line, Origin::Interactive, &mut out, &mut err)?;
                out.flush()?;
                match flow {
                    Flow::Quit => break,
                    Flow::Reloaded => editor.set_helper(Some(ReplHelper::new(&session.graph))),
                    Flow::Continue => {}
                }
            }
            // Ctrl-C abandons the line being typed.
            Err(ReadlineError::Interrupted) => continue,
            // Ctrl-D leaves.
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                eprintln!("error: cannot read input: {error}");
                break;
            }
        }
    }
    // A session's query errors say nothing about how it ended.
    session.failed = false;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The session: a graph and the commands and queries run against it

/// Where a line came from, for error messages.
#[derive(Clone, Copy, Debug)]
enum Origin {
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
    fn locate(self, error: &QueryError) -> String {
        let place = format!("{}:{}", error.line, error.column);
        match self {
            Origin::Interactive | Origin::Eval(_, 1) => place,
            Origin::Eval(n, _) => format!("-e #{n}, {place}"),
            Origin::Stdin(n) => format!("<stdin>:{}:{}", n + error.line - 1, error.column),
        }
    }

    /// The line number of a failed command in a script, as a prefix.
    fn prefix(self) -> String {
        match self {
            Origin::Stdin(n) => format!("<stdin>:{n}: "),
            Origin::Eval(n, m) if m > 1 => format!("-e #{n}: "),
            _ => String::new(),
        }
    }
}

/// What to do after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    /// Read the next line.
    Continue,
    /// Read the next line; the graph changed (completion must follow it).
    Reloaded,
    /// Stop.
    Quit,
}

impl Session {
    /// `:limit` shows the query limits; `:limit KIND N` sets one.
    fn limit(
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
struct Session {
    /// The loaded dataset.
    graph: Graph,
    /// Where it was loaded from.
    dir: PathBuf,
    /// How answers print.
    format: Format,
    /// Whether a person is typing (answers are cut at [`INTERACTIVE_ROWS`]).
    interactive: bool,
    /// Whether any query or command failed.
    failed: bool,
    /// How queries weigh claims: rules on or off (`:rules`), certainty counted or not
    /// (`:certainty`), and the limits
    /// they run under (`:limit`).
    options: annals::query::Options,
}

impl Session {
    /// The one-line banner of interactive mode.
    fn banner(&self) -> String {
        format!(
            "annals: {} ({} entities, {} claims). Type a query, :help for the language, :quit to leave.",
            self.dir.display(),
            self.graph.n_entities(),
            self.graph.n_claims()
        )
    }

    /// Runs one line: a `:` command or a query.
    fn handle(
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
    fn query(
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
            Ok(Ok(answer)) => {
                let rendered = match self.format {
                    Format::Json => answer.to_json(),
                    Format::Table if self.interactive => answer.table(Some(INTERACTIVE_ROWS)),
                    Format::Table => answer.table(None),
                };
                write_block(out, &rendered)
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
    fn command(
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
    fn picture(
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
            match graphviz_svg(&picture) {
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
    /// `:import FILE.csv MAPPING.toml`: the CSV's rows as claims, all or nothing.
    fn import(
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
            .and_then(|text| {
                text.parse::<annals::import::Mapping>()
                    .map_err(|e| format!("{mapping}: {e}"))
            })
            .and_then(|m| {
                let text =
                    std::fs::read_to_string(csv).map_err(|e| format!("cannot read {csv}: {e}"))?;
                annals::import::csv(&mut self.graph, &text, &m).map_err(|e| e.to_string())
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
    fn export(&mut self, arg: &str, origin: Origin, err: &mut dyn Write) -> io::Result<()> {
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
fn write_rdf(graph: &Graph, path: &str, turtle: bool) -> Result<(), String> {
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
fn sparql(graph: &Graph, text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("`:sparql` needs a query: `:sparql members of cc-1917 executed`".into());
    }
    let query = graph.prepare(text).map_err(|e| e.to_string())?;
    query.to_sparql(graph).map_err(|e| e.to_string())
}

#[cfg(not(feature = "rdf"))]
fn sparql(_graph: &Graph, _text: &str) -> Result<String, String> {
    Err("this REPL was built without RDF export: run it with `cargo run --features rdf --example repl`".into())
}

#[cfg(not(feature = "rdf"))]
fn write_rdf(_graph: &Graph, _path: &str, _turtle: bool) -> Result<(), String> {
    Err("this REPL was built without RDF export: run it with `cargo run --features rdf --example repl`".into())
}

/// DOT through Graphviz's `dot -Tsvg`, if it is installed.
fn graphviz_svg(dot: &str) -> Result<Vec<u8>, String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run Graphviz's `dot` ({e}); write a .dot file instead or install graphviz"
            )
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| format!("cannot feed `dot`: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`dot` failed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`dot` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// Runs `f`, turning a panic into an error message so that one bad query does not end a
/// session. (The panic hook has already printed the details.)
fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_owned())
    })
}

/// Writes `text`, ending it with exactly one newline.
fn write_block(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let text = text.trim_end_matches('\n');
    writeln!(out, "{text}")
}

// ---------------------------------------------------------------------------------------------
// Error rendering

/// A query error for a terminal, in the form of `QueryError::render` and the README:
///
/// ```text
/// error: no entity is named "Stalinn"
///  --> <stdin>:3:12
///   | members of Stalinn
///   |            ^^^^^^^
///   = hint: did you mean Joseph Stalin (stalin)?
/// ```
///
/// The caret line copies the tabs of the query line so that it stays aligned; columns are
/// counted in characters. An empty span (the end of the text) gets one caret.
fn render_error(error: &QueryError, text: &str, location: String) -> String {
    let start = floor_boundary(text, error.span.start);
    let end = floor_boundary(text, error.span.end.max(start));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let before: String = escape(&text[line_start..start])
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = escape(&text[start..end.min(line_end)])
        .chars()
        .count()
        .max(1);

    let mut out = format!("error: {}\n", escape(&error.message));
    out.push_str(&format!(" --> {location}\n"));
    out.push_str(&format!("  | {}\n", escape(line)));
    out.push_str(&format!("  | {before}{}\n", "^".repeat(width)));
    if let Some(hint) = &error.hint {
        out.push_str(&format!("  = hint: {}\n", escape(hint)));
    }
    out
}

/// `text` with control characters (NUL, ESC, …) and the marks that reorder text
/// (right-to-left overrides and isolates) written as `\u{…}`, so that a query or a name can
/// neither drive the terminal nor scramble the line.
fn escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            let unsafe_char = c.is_control() && c != '\t'
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if unsafe_char {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

// ---------------------------------------------------------------------------------------------
// :help and :schema

/// The language, examples, the loaded schema's vocabulary and the commands.
fn help(graph: &Graph) -> String {
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
             sources of SET (with how many claims) · claims of SET
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
fn wrap(label: &str, items: &[&str]) -> String {
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
fn schema(graph: &Graph) -> String {
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

/// One thing Tab can insert.
struct Candidate {
    /// What the typed prefix is matched against: lowercase, without quotes.
    key: String,
    /// The text inserted (quoted if the name needs it).
    replacement: String,
    /// A name (rather than a word of the language): offered only after a typed prefix.
    is_name: bool,
}

/// rustyline's helper: completes words, phrases, names, ids and commands.
struct ReplHelper {
    /// Vocabulary, then names, aliases and ids, without duplicates.
    candidates: Vec<Candidate>,
    /// For `:load DIR`.
    files: FilenameCompleter,
}

impl ReplHelper {
    fn new(graph: &Graph) -> ReplHelper {
        let mut helper = ReplHelper {
            candidates: Vec::new(),
            files: FilenameCompleter::new(),
        };
        let mut seen = std::collections::HashSet::new();
        let words = annals::query::vocabulary(graph)
            .into_iter()
            .map(|w| (w, false));
        let names = graph.entities().flat_map(|(_, entity)| {
            entity
                .names()
                .map(str::to_owned)
                .chain(std::iter::once(entity.slug.to_string()))
                .map(|n| (n, true))
                .collect::<Vec<_>>()
        });
        for (text, is_name) in words.chain(names) {
            let text = text.trim().to_owned();
            if text.is_empty() || !seen.insert(text.to_lowercase()) {
                continue;
            }
            let replacement = if is_name && needs_quotes(&text) {
                format!("\"{text}\"")
            } else {
                text.clone()
            };
            helper.candidates.push(Candidate {
                key: text.to_lowercase(),
                replacement,
                is_name,
            });
        }
        helper
            .candidates
            .sort_by(|a, b| a.key.cmp(&b.key).then(a.replacement.cmp(&b.replacement)));
        helper
    }

    /// Completions of a query whose text starts at `start` of `line`, for the cursor at `pos`.
    fn complete_query(&self, line: &str, start: usize, pos: usize) -> (usize, Vec<Pair>) {
        let text = &line[start..pos];
        // Inside an open quote: complete a name and close the quote.
        if text.matches('"').count() % 2 == 1 {
            let quote = start + text.rfind('"').unwrap_or(0);
            let prefix = line[quote + 1..pos].to_lowercase();
            let pairs = self
                .candidates
                .iter()
                .filter(|c| c.is_name && c.key.starts_with(&prefix))
                .map(|c| {
                    let name = c.replacement.trim_matches('"');
                    pair(&format!("\"{name}\""))
                })
                .collect();
            return (quote, pairs);
        }
        // Try the longest run of trailing words first, so that phrases and names of several
        // words complete as a whole (`industrial o` → `industrial output`).
        let starts = word_starts(line, start, pos);
        for &from in starts.iter().rev().take(6).rev() {
            let prefix = line[from..pos].to_lowercase();
            if prefix.is_empty() {
                // After a space: offer the words of the language, not every name.
                let pairs = self
                    .candidates
                    .iter()
                    .filter(|c| !c.is_name)
                    .map(|c| pair(&c.replacement))
                    .collect();
                return (pos, pairs);
            }
            let matches: Vec<&Candidate> = self
                .candidates
                .iter()
                .filter(|c| c.key.starts_with(&prefix))
                .collect();
            if matches.is_empty() {
                continue;
            }
            if let Some(extended) = extend_ignoring_case(&line[from..pos], &matches) {
                return (from, vec![pair(&extended)]);
            }
            return (from, matches.iter().map(|c| pair(&c.replacement)).collect());
        }
        (pos, Vec::new())
    }
}

/// What `typed` can be extended to when every match begins with the same letters, ignoring
/// case and quotes. rustyline extends only by a prefix common byte for byte, so `Kir` would
/// not become `Kirov` with `kirov-1933-text` and `"Kirov's words of 1933"` among the matches.
/// The extension keeps what was typed and takes the rest from the first match; it is offered
/// only if it can stand unquoted in a query.
fn extend_ignoring_case(typed: &str, matches: &[&Candidate]) -> Option<String> {
    let first = matches.first()?;
    // Quoted names only: rustyline's own extension keeps the opening quote.
    if matches.len() < 2 || matches.iter().all(|c| c.replacement.starts_with('"')) {
        return None;
    }
    let texts: Vec<Vec<char>> = matches
        .iter()
        .map(|c| c.replacement.trim_matches('"').chars().collect())
        .collect();
    let same = |a: char, b: char| a.to_lowercase().eq(b.to_lowercase());
    let mut common = texts[0].len();
    for text in &texts[1..] {
        common = common.min(
            texts[0]
                .iter()
                .zip(text)
                .take_while(|(a, b)| same(**a, **b))
                .count(),
        );
    }
    let typed_chars = typed.chars().count();
    if common <= typed_chars || typed.starts_with('"') {
        return None;
    }
    let rest: String = first
        .replacement
        .trim_matches('"')
        .chars()
        .skip(typed_chars)
        .take(common - typed_chars)
        .collect();
    let extended = format!("{typed}{rest}");
    let clean = !extended.contains(['(', ')', '"', '“', '”']) && !needs_quotes(extended.trim_end());
    clean.then_some(extended)
}

/// A completion shown and inserted as `text`.
fn pair(text: &str) -> Pair {
    Pair {
        display: text.to_owned(),
        replacement: text.to_owned(),
    }
}

/// Where words start in `line[start..pos]`, in order; `pos` itself if the cursor follows a
/// space. Brackets separate words.
fn word_starts(line: &str, start: usize, pos: usize) -> Vec<usize> {
    let is_break = |c: char| c.is_whitespace() || c == '(' || c == ')';
    let mut starts = Vec::new();
    let mut previous_break = true;
    for (i, c) in line[start..pos].char_indices() {
        if !is_break(c) && previous_break {
            starts.push(start + i);
        }
        previous_break = is_break(c);
    }
    if previous_break {
        starts.push(pos);
    }
    starts
}

/// Whether a name must be quoted in a query: it holds a connective (`Party of the Soviet
/// Union`) or a character that cannot be part of a word.
fn needs_quotes(name: &str) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '\'' | '’' | '.');
    name.split_whitespace().any(|word| {
        RESERVED_WORDS.contains(&word.to_lowercase().as_str()) || !word.chars().all(word_char)
    }) || name.split_whitespace().next().is_some_and(|first| {
        // A leading command word would be read as the command.
        ["count", "why", "share"].contains(&first.to_lowercase().as_str())
    })
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = &line[..pos];
        let lead = head.len() - head.trim_start().len();
        let Some(command) = head[lead..].strip_prefix(':') else {
            return Ok(self.complete_query(line, 0, pos));
        };
        match command.split_once(char::is_whitespace) {
            // The command's name.
            None => {
                let pairs = COMMANDS
                    .iter()
                    .filter(|c| c.starts_with(&head[lead..]))
                    .map(|c| match *c {
                        // Commands that take an argument get the space before it.
                        ":load" | ":format" | ":explain" | ":draw" | ":timeline" => {
                            pair(&format!("{c} "))
                        }
                        _ => pair(c),
                    })
                    .collect();
                Ok((lead, pairs))
            }
            Some(("explain", _)) => {
                let start = lead + 1 + "explain".len();
                Ok(self.complete_query(line, start, pos))
            }
            Some((c @ ("draw" | "timeline"), _)) => {
                let start = lead + 1 + c.len();
                Ok(self.complete_query(line, start, pos))
            }
            Some(("format", arg)) => {
                let arg = arg.trim_start();
                let pairs = ["table", "json"]
                    .iter()
                    .filter(|f| f.starts_with(arg))
                    .map(|f| pair(f))
                    .collect();
                Ok((pos - arg.len(), pairs))
            }
            Some(("load", _)) => self.files.complete(line, pos, ctx),
            Some(_) => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}
