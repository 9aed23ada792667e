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
//!   document per query. They are written as they are rendered, a row at a time
//!   (`Answer::write_table`, `Answer::write_json`), through a 64 KiB buffer flushed at the end
//!   of each query or line: a million-row answer is never held as text (an aligned table
//!   reads its rows once to measure its columns before its first line).
//! - When the reader of stdout goes away (`repl … | head -1`), the REPL stops at its next
//!   write, quietly (nothing on stderr), without running the queries after it, and exits
//!   with the code of what ran before: 0 unless a query or command had failed.
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

mod complete;
mod help;
mod render;
mod session;

use complete::*;
use help::*;
use render::*;
use session::*;

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
  --data DIR        the dataset folder (default: ./data, else the bundled data/), or a
                    graph saved as JSON (.json) or as a binary snapshot
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

/// Loads a dataset folder, or a graph saved as a snapshot (`.json`, or the binary snapshot
/// `annals::io::save_snapshot` writes). The message names the file (and line and column) at
/// fault. On a terminal, stderr shows a progress bar and then the load's figures; piped, it
/// shows nothing, so the scriptable interface's output does not change.
fn load(path: &Path) -> Result<Graph, String> {
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "loading {msg:>8} [{bar:30}] {pos}/{len} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    // The library may report from several threads (`Progress` callbacks are `Sync`), so
    // reports may arrive out of order: a stage starts its bar afresh, and within a stage the
    // bar only moves forward.
    let report = |progress: annals::io::Progress| {
        if let Some(bar) = &bar {
            if bar.message() != progress.stage.name() {
                bar.set_position(0);
                bar.set_message(progress.stage.name());
            }
            bar.set_length(progress.total);
            if progress.done > bar.position() {
                bar.set_position(progress.done);
            }
        }
    };
    let started = std::time::Instant::now();
    let graph = if path.is_dir() {
        annals::io::load_with_progress(path, &report).map(|(graph, _)| graph)
    } else if path.is_file() && path.extension().is_some_and(|e| e == "json") {
        annals::io::load_json(path)
    } else if path.is_file() {
        annals::io::load_snapshot_with_progress(path, &report)
    } else {
        return Err(format!("error: {}: no such dataset folder", path.display()));
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let graph = graph.map_err(|error| format!("error: {error}"))?;
    if bar.is_some() {
        eprintln!(
            "loaded {}: {} entities, {} claims in {:.2?}",
            path.display(),
            graph.n_entities(),
            graph.n_claims(),
            started.elapsed()
        );
    }
    Ok(graph)
}

// ---------------------------------------------------------------------------------------------
// Modes

/// How much of the scripted output stdout gathers before writing it: answers are written
/// as they are rendered, in pieces of this size, whatever their length.
const OUT_BUFFER: usize = 64 * 1024;

/// Runs the `-e` queries in order.
fn run_eval(session: &mut Session, queries: &[String]) -> io::Result<()> {
    // stderr is not held locked: a load's progress bar draws to it, possibly from the loader's
    // threads (parsing was parallel for a while), which would wait for the lock forever while
    // this thread waits for them.
    let (mut out, mut err) = (
        io::BufWriter::with_capacity(OUT_BUFFER, io::stdout().lock()),
        io::stderr(),
    );
    let mut written = 0;
    for (i, query) in queries.iter().enumerate() {
        let origin = Origin::Eval(i + 1, queries.len());
        // A blank line between answers, so that several tables do not run together (JSON
        // documents delimit themselves); written before an answer's first byte, so that the
        // answer itself streams.
        let mut answer = Separated {
            out: &mut out,
            blank: written > 0 && session.format == Format::Table,
            wrote: false,
        };
        let flow = session.handle(query, origin, &mut answer, &mut err)?;
        if answer.wrote {
            written += 1;
        }
        out.flush()?;
        if flow == Flow::Quit {
            break;
        }
    }
    out.flush()
}

/// A writer that writes a blank line before the first bytes written to it when `blank` is
/// set, and records whether anything was.
struct Separated<'a> {
    out: &'a mut dyn Write,
    blank: bool,
    wrote: bool,
}

impl Write for Separated<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if std::mem::take(&mut self.blank) {
            self.out.write_all(b"\n")?;
        }
        self.wrote = true;
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Runs every line of stdin. A line that is not UTF-8 is reported with its number and
/// skipped; the lines after it still run. Each line's output is flushed when it is done, so
/// that a program that writes a query and waits for its answer gets it.
fn run_stdin(session: &mut Session) -> io::Result<()> {
    // stderr is not held locked: a load's progress bar draws to it, possibly from the loader's
    // threads (parsing was parallel for a while), which would wait for the lock forever while
    // this thread waits for them.
    let (mut out, mut err) = (
        io::BufWriter::with_capacity(OUT_BUFFER, io::stdout().lock()),
        io::stderr(),
    );
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
        let flow = session.handle(line, Origin::Stdin(i + 1), &mut out, &mut err)?;
        out.flush()?;
        if flow == Flow::Quit {
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
                // Not locked: see `run_eval`.
                let (mut out, mut err) = (io::stdout().lock(), io::stderr());
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
