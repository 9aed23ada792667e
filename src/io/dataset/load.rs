//! The load of a dataset's data files: each file cut into groups of tables (`chunks`) or read
//! whole, its entities added first, then its claims.

use super::*;

/// A data file as the load holds it: cut into groups of tables, parsed one at a time
/// ([`chunks`]), or parsed whole when it cannot be cut (or the load reads whole files).
struct Layout<'a> {
    path: &'a Path,
    text: &'a str,
    /// The groups of tables, when cut (its defaults, if any, are already in `defaults`).
    groups: Vec<Group>,
    /// The whole file's tables, when not cut.
    whole: Option<DataDoc<'a>>,
    /// The file's `[defaults]` and where the text they were parsed from starts.
    defaults: Option<(usize, DefaultsDoc<'a>)>,
}

impl<'a> Layout<'a> {
    /// The file, for the tables of a text parsed from byte `base` on.
    fn file(&self, base: usize) -> File<'_> {
        File {
            path: self.path,
            text: self.text,
            base,
            defaults: self.defaults.as_ref().map(|(at, d)| (*at, d)),
        }
    }

    fn groups(&self, kinds: &[Kind]) -> impl Iterator<Item = &Group> {
        kinds
            .iter()
            .flat_map(|kind| self.groups.iter().filter(move |g| g.kind == *kind))
    }
}

/// How a load reads its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Cut each file into groups of tables where it can be ([`chunks`]).
    Cut,
    /// Parse each file whole: slower, and holding every file's tables at once, but the
    /// reference whose errors a cut load reports by starting again this way.
    Whole,
}

/// Adds the data files to `graph`: first every entity and event of every file, so that claims
/// may refer to entities defined later or elsewhere, then every claim.
///
/// The files are cut into groups of tables ([`Mode::Cut`]). If a group does not parse, the
/// load starts again on `fresh()` with every file parsed whole ([`Mode::Whole`]), so that the
/// errors are those of whole files (a cut group's own error could name a table it only lacks
/// the rest of the file for).
pub(in crate::io) fn load_data(
    graph: &mut Graph,
    files: &[(PathBuf, String)],
    progress: &Report,
    fresh: impl FnOnce() -> Graph,
) -> Result<(), LoadError> {
    match load_files(graph, files, progress, Mode::Cut) {
        Ok(()) => Ok(()),
        Err(Some(error)) => Err(error),
        Err(None) => {
            *graph = fresh();
            load_files(graph, files, progress, Mode::Whole).map_err(|error| {
                // Whole files are never cut, so no group can fail to parse.
                error.unwrap_or_else(|| LoadError::Shape {
                    location: Location::at(Path::new(""), "", 0),
                    message:
                        "a part of a data file failed to parse, and then the whole file did not"
                            .into(),
                })
            })
        }
    }
}

/// [`load_data`] in one mode: `Err(None)` when a group of a cut file does not parse (the
/// caller starts again with whole files), else as [`load_data`].
pub(super) fn load_files(
    graph: &mut Graph,
    files: &[(PathBuf, String)],
    progress: &Report,
    mode: Mode,
) -> Result<(), Option<LoadError>> {
    // Each file is lexed for its headers (or parsed whole) one after the other; the groups
    // are parsed on a second thread while this one converts them (`chunks::with_parsed`).
    // Parsing whole files in parallel (rayon, measured at 100,000 people on two cores) kept
    // two large files' trees alive at once and grew the heap's peak from 594 to 836 MiB.
    let total_bytes: u64 = files.iter().map(|(_, text)| text.len() as u64).sum();
    let mut parsed_bytes = 0;
    progress(Progress::new(Stage::Parsing, 0, total_bytes));
    let mut layouts = Vec::new();
    let mut errors = Errors::default();
    for (path, text) in files {
        let mut layout = Layout {
            path,
            text,
            groups: Vec::new(),
            whole: None,
            defaults: None,
        };
        let groups = match mode {
            Mode::Cut => chunks::split(text),
            Mode::Whole => None,
        };
        if let Some(groups) = groups {
            layout.groups = groups;
            if let Some(group) = layout.groups.iter().find(|g| g.kind == Kind::Defaults) {
                let doc = chunks::parse(text, group).ok_or(None)?;
                layout.defaults = doc.defaults.map(|d| (group.start, d));
            }
        } else {
            match parse_toml::<DataDoc>(path, text) {
                Ok(mut doc) => {
                    layout.defaults = doc.defaults.take().map(|d| (0, d));
                    layout.whole = Some(doc);
                }
                Err(error) => {
                    if errors.note(Err(error)) {
                        break;
                    }
                    continue;
                }
            }
        }
        layouts.push(layout);
        parsed_bytes += text.len() as u64;
        progress(Progress::new(Stage::Parsing, parsed_bytes, total_bytes));
    }
    let tables =
        |layout: &Layout, kinds: &[Kind]| -> usize { layout.groups(kinds).map(|g| g.tables).sum() };
    let n_entities: usize = layouts
        .iter()
        .map(|l| match &l.whole {
            Some(doc) => doc.entity.len() + doc.event.len(),
            None => tables(l, &[Kind::Entity, Kind::Event]),
        })
        .sum();
    let n_tables: usize = layouts
        .iter()
        .map(|l| match &l.whole {
            Some(doc) => doc.event.len() + doc.claim.len() + doc.quote.len(),
            None => tables(l, &[Kind::Event, Kind::Claim, Kind::Quote]),
        })
        .sum();
    graph.reserve(n_entities, 0);
    // An event table makes a claim for its date, its place and each participant: counting
    // them sizes the table of claims once, where the count of tables fell short and doubled
    // it (and then shrank it) near the end of a load.
    let mut n_claims: usize = layouts
        .iter()
        .map(|l| match &l.whole {
            Some(doc) => claims_of_events(&doc.event) + doc.claim.len() + doc.quote.len(),
            None => tables(l, &[Kind::Claim, Kind::Quote]),
        })
        .sum();
    let mut done = 0;
    let entities = |done: usize| {
        progress(Progress::new(
            Stage::Entities,
            done as u64,
            n_entities as u64,
        ));
    };
    let entity_jobs = jobs(&layouts, &[Kind::Entity, Kind::Event]);
    chunks::with_parsed(&entity_jobs, |parsed| -> Result<(), Option<LoadError>> {
        let mut parsed = parsed.peekable();
        for (at, layout) in layouts.iter().enumerate() {
            if let Some(doc) = &layout.whole {
                add_entities(graph, &layout.file(0), doc, &mut errors);
                done += doc.entity.len() + doc.event.len();
                entities(done);
                continue;
            }
            let mut stopped = false;
            while let Some((job, doc)) = parsed.next_if(|(job, _)| job.file == at) {
                let doc = doc.ok_or(None)?;
                n_claims += claims_of_events(&doc.event);
                if !stopped {
                    stopped = add_entities(graph, &layout.file(job.group.start), &doc, &mut errors);
                }
                done += job.group.tables;
                entities(done);
            }
        }
        Ok(())
    })?;
    // Claims about entities that failed (or files that did not parse) would only repeat
    // those errors.
    errors
        .finish(|error| first_definition(error, &layouts))
        .map_err(Some)?;
    graph.reserve(0, n_claims);
    // The `[[entity]]` tables have made their entities: their parsed form (a million tables
    // at a million people, in a file read whole) need not live through the claims.
    for layout in &mut layouts {
        if let Some(doc) = &mut layout.whole {
            doc.entity = Vec::new();
        }
    }
    let mut done = 0u64;
    let mut tick = || {
        done += 1;
        if done.is_multiple_of(8192) || done == n_tables as u64 {
            progress(Progress::new(Stage::Claims, done, n_tables as u64));
        }
    };
    // The `[[event]]` groups are parsed again for their claims. Keeping them from the
    // entities instead (measured at a million people, A/B) took the same CPU time and left
    // the resident set 440 MiB larger: kept across the stages, they pinned the parsing
    // thread's pages.
    let claim_jobs = jobs(&layouts, &[Kind::Event, Kind::Claim, Kind::Quote]);
    chunks::with_parsed(&claim_jobs, |parsed| -> Result<(), Option<LoadError>> {
        let mut parsed = parsed.peekable();
        for (at, layout) in layouts.iter().enumerate() {
            if let Some(doc) = &layout.whole {
                add_claims(graph, &layout.file(0), doc, &mut errors, &mut tick);
                continue;
            }
            let mut stopped = false;
            while let Some((job, doc)) = parsed.next_if(|(job, _)| job.file == at) {
                let doc = doc.ok_or(None)?;
                if !stopped {
                    let file = layout.file(job.group.start);
                    stopped = add_claims(graph, &file, &doc, &mut errors, &mut tick);
                }
            }
        }
        Ok(())
    })?;
    errors.finish(|error| error).map_err(Some)
}

/// The claims the `[[event]]` tables make: one for a date, one for a place, one for each
/// participant.
fn claims_of_events(events: &[Spanned<EventDoc>]) -> usize {
    events
        .iter()
        .map(|t| {
            let e = t.get_ref();
            usize::from(e.date.is_some())
                + usize::from(e.place.is_some())
                + e.participants.values().map(Vec::len).sum::<usize>()
        })
        .sum()
}

/// The groups of `kinds` of every cut file, file by file and, in each, kind by kind.
fn jobs<'a>(layouts: &[Layout<'a>], kinds: &[Kind]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for (file, layout) in layouts.iter().enumerate() {
        for group in layout.groups(kinds) {
            jobs.push(Job {
                file,
                text: layout.text,
                group: *group,
            });
        }
    }
    jobs
}

/// A duplicate id, told where its first definition in these files is.
fn first_definition(error: LoadError, layouts: &[Layout]) -> LoadError {
    let LoadError::Graph { location, error } = error else {
        return error;
    };
    let GraphError::DuplicateId { slug, first: None } = *error else {
        return LoadError::Graph { location, error };
    };
    // The definitions of `slug` in one file or group, where they are.
    let defined = |file: File, doc: &DataDoc| -> Vec<Location> {
        let ids = doc.entity.iter().map(|t| &t.get_ref().id);
        let ids = ids.chain(doc.event.iter().map(|t| &t.get_ref().id));
        ids.filter(|id| **id.get_ref() == *slug)
            .map(|id| file.at(id.span()))
            .collect()
    };
    // Only an error's way: the groups of a cut file are parsed again to look.
    let first = layouts.iter().find_map(|layout| {
        let places = match &layout.whole {
            Some(doc) => defined(layout.file(0), doc),
            None => layout
                .groups(&[Kind::Entity, Kind::Event])
                .filter_map(|g| {
                    Some(defined(
                        layout.file(g.start),
                        &chunks::parse(layout.text, g)?,
                    ))
                })
                .flatten()
                .collect(),
        };
        places.into_iter().find(|at| *at != location)
    });
    LoadError::Graph {
        location,
        error: Box::new(GraphError::DuplicateId {
            slug,
            first: first.map(|at| at.to_string()),
        }),
    }
}
