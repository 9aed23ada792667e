//! DOT to SVG with Graphviz's `dot` program, which annals does not bundle: run as a child
//! process with its input and output on pipes, and stopped if it takes too long.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::DrawError;

/// How long [`svg`] lets Graphviz lay a picture out. A picture within
/// [`MAX_DRAWN`](super::MAX_DRAWN) entities takes seconds; this bounds the rest.
pub const LAYOUT_TIME: Duration = Duration::from_secs(60);

/// The DOT text `dot` (as [`dot()`](super::dot()) writes it) rendered as SVG by Graphviz's
/// `dot -Tsvg`, found on the `PATH`, given at most [`LAYOUT_TIME`].
///
/// Cost: Graphviz's layout, superlinear in the picture's size; this waits for it, polling
/// every 20 ms, and kills it at the deadline.
///
/// # Errors
///
/// [`DrawError::Renderer`] when `dot` cannot be started, fails, or writes no SVG;
/// [`DrawError::TooSlow`] when it has not finished within [`LAYOUT_TIME`] (it is killed).
///
/// ```no_run
/// let graph = annals::load("data")?;
/// let answer = graph.query("members of cc-1917 executed in 1938")?;
/// let svg = annals::draw::svg(&annals::draw::dot(&graph, &answer)?)?;
/// assert!(svg.starts_with(b"<?xml"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn svg(dot: &str) -> Result<Vec<u8>, DrawError> {
    svg_with(Path::new("dot"), dot, LAYOUT_TIME)
}

/// [`svg`] with another Graphviz program (a path, or a name looked up on the `PATH`) and
/// another time limit.
///
/// # Errors
///
/// As [`svg`].
pub fn svg_with(program: &Path, dot: &str, limit: Duration) -> Result<Vec<u8>, DrawError> {
    let renderer = |message: String| DrawError::Renderer { message };
    let mut child = Command::new(program)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| renderer(format!("cannot run {} ({e})", program.display())))?;
    // The input is written, and the outputs read, on threads of their own, so that neither
    // side waits on a full pipe while the other waits on it.
    let input = child.stdin.take().map(|mut stdin| {
        let text = dot.to_owned();
        std::thread::spawn(move || {
            // `dot` may end before reading it all (an error): its message tells why.
            let _ = stdin.write_all(text.as_bytes());
        })
    });
    let output = child.stdout.take().map(drain);
    let errors = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(DrawError::TooSlow {
                    seconds: limit.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(renderer(format!("{} failed: {e}", program.display()))),
        }
    };
    if let Some(input) = input {
        let _ = input.join();
    }
    let output = output.and_then(|t| t.join().ok()).unwrap_or_default();
    let errors = errors.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() || output.is_empty() {
        return Err(renderer(format!(
            "{} failed: {}",
            program.display(),
            String::from_utf8_lossy(&errors).trim()
        )));
    }
    Ok(output)
}

/// Reads `pipe` to its end on a thread of its own.
fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}
