//! The commands: `stats` and `query` (headless), and the explorer's inputs. Every command
//! returns a [`Status`] or a typed [`CommandError`]; [`finish`] turns either into the exit code.

use crate::cli::OutFormat;
use crate::escape::sanitize;
use crate::export::{self, Format};
use crate::format::thousands;
use crate::loader::{self, reread::StoreSource, Input, LoadOptions, LoadReport, Progress};
use crate::model::{time::format_utc, EventStore, SymField};
use crate::output::{terminal::TerminalJson, AtomicFile, OutputError, Target};
use crate::query::{self, Filter, ParseError, QueryError};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Exit codes (documented in the README, "Commands and exit codes").
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Nothing matched.
    pub const NO_MATCH: u8 = 1;
    /// An error: bad filter, no input, an input that could not be read (in whole or in part:
    /// reported after doing all that could be done), a write failure.
    pub const ERROR: u8 = 2;
}

/// How a command that ran to its end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything was read, and (for `query`) something matched.
    Ok,
    /// `query` matched nothing.
    NoMatch,
    /// Some input could not be read, in whole or in part: the output covers the rest (exit 2,
    /// as ripgrep does when any error happened).
    Incomplete,
}

impl Status {
    /// The exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => exit::OK,
            Status::NoMatch => exit::NO_MATCH,
            Status::Incomplete => exit::ERROR,
        }
    }
}

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A headless command with no PATH and a terminal as stdin.
    #[error("no input (give a path, or - for stdin)")]
    NoInput,
    /// `--demo` and PATHs together.
    #[error("--demo takes no PATH (the demo trail is the input)")]
    DemoWithPaths,
    /// Nothing could be read at all.
    #[error("no readable CloudTrail input")]
    NothingReadable,
    /// The filter does not parse (shown with the text and a caret under the position).
    #[error("bad filter: {error}\n  {}\n  {}^", sanitize(.text), caret_pad(.text, .error))]
    BadFilter {
        /// The filter as given.
        text: String,
        /// Why and where.
        error: ParseError,
    },
    /// The query did not finish.
    #[error("query failed: {0}")]
    Query(#[from] QueryError),
    /// Writing the output failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A command's arguments do not make sense together (said as is).
    #[error("{0}")]
    Usage(String),
    /// The explorer's terminal failed.
    #[error("{0}")]
    Explorer(io::Error),
}

fn caret_pad(text: &str, e: &ParseError) -> String {
    let mut end = e.offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    " ".repeat(sanitize(&text[..end]).chars().count())
}

/// Writes `msg` to stderr as one line, `trailscope: <msg>`, with unsafe characters (newlines
/// too: a file name may hold one) escaped. A failing stderr is ignored: there is nowhere left to
/// report it.
pub fn say(msg: &str) {
    let _ = writeln!(io::stderr().lock(), "trailscope: {}", sanitize(msg));
}

/// The exit code for a command's result; errors are said on stderr first. A closed pipe
/// (`| head`) ends quietly with 0, as ripgrep does.
pub fn finish(result: Result<Status, CommandError>) -> ExitCode {
    match result {
        Ok(s) => ExitCode::from(s.code()),
        Err(CommandError::Output(e)) if e.is_broken_pipe() => ExitCode::from(exit::OK),
        Err(e @ CommandError::BadFilter { .. }) => {
            // Three lines (message, filter, caret), each already escaped where it holds data.
            for line in e.to_string().lines() {
                say(line);
            }
            ExitCode::from(exit::ERROR)
        }
        Err(e) => {
            say(&e.to_string());
            ExitCode::from(exit::ERROR)
        }
    }
}

/// What to load, and what to call it.
pub struct Chosen {
    /// The loader inputs.
    pub inputs: Vec<Input>,
    /// A title for the explorer.
    pub title: String,
}

/// Turns PATH arguments into loader inputs (`-` is stdin). With no PATH: `--demo`, or standard
/// input when it is not a terminal, or else the demo trail for the explorer and
/// [`CommandError::NoInput`] for a headless command.
pub fn choose_inputs(
    paths: &[PathBuf],
    demo: bool,
    explorer: bool,
) -> Result<Chosen, CommandError> {
    let demo_trail = || Chosen {
        inputs: crate::demo::inputs(),
        title: "bundled demo trail".into(),
    };
    if demo {
        if !paths.is_empty() {
            return Err(CommandError::DemoWithPaths);
        }
        return Ok(demo_trail());
    }
    if paths.is_empty() {
        if !io::stdin().is_terminal() {
            return Ok(Chosen {
                inputs: vec![Input::Stdin],
                title: "standard input".into(),
            });
        }
        return if explorer {
            Ok(demo_trail())
        } else {
            Err(CommandError::NoInput)
        };
    }
    let inputs = paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(p.clone())
            }
        })
        .collect();
    let title = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Chosen { inputs, title })
}

/// Resident set size of this process in bytes (Linux; 0 elsewhere).
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// Peak resident set size of this process so far in bytes (`VmHWM`; Linux, 0 elsewhere): the
/// high-water mark of a load.
pub fn peak_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// A loaded store with its report and the memory it took.
pub struct Loaded {
    /// The events.
    pub store: EventStore,
    /// What the load did.
    pub report: LoadReport,
    /// Resident bytes added by the load.
    pub rss_delta: u64,
    /// The process's peak resident bytes over what it held before the load (`VmHWM` less the
    /// resident set at the start): the load's high-water mark.
    pub peak_delta: u64,
}

/// Loads inputs, printing every failure to stderr as `trailscope: <path>: <reason>`.
pub fn load_reporting(inputs: Vec<Input>, opts: &LoadOptions) -> Loaded {
    let before = rss_bytes();
    let progress = Progress::default();
    let done = AtomicBool::new(false);
    let (store, report) = std::thread::scope(|s| {
        if std::io::stderr().is_terminal() {
            s.spawn(|| show_progress(&progress, &done));
        }
        let r = loader::load(inputs, opts, &progress);
        done.store(true, Relaxed);
        r
    });
    let after = rss_bytes();
    for p in report.failed.iter().chain(report.warnings.iter()) {
        say(&format!("{}: {}", p.path, p.reason));
    }
    Loaded {
        store,
        report,
        rss_delta: after.saturating_sub(before),
        peak_delta: peak_rss_bytes().saturating_sub(before),
    }
}

/// Draws a one-line progress display on stderr (a terminal) until `done`, then erases it.
fn show_progress(p: &Progress, done: &AtomicBool) {
    let start = std::time::Instant::now();
    let mut shown = false;
    while !done.load(Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if start.elapsed().as_millis() < 300 {
            continue; // small loads finish before a display would help
        }
        let (fd, ft) = (p.files_done.load(Relaxed), p.files_total.load(Relaxed));
        let ev = p.events.load(Relaxed);
        let secs = start.elapsed().as_secs_f64();
        let pct = (p.bytes_done.load(Relaxed) * 100)
            .checked_div(p.bytes_total.load(Relaxed))
            .unwrap_or(0);
        // Progress is a courtesy: a failing stderr is ignored.
        let _ = write!(
            io::stderr(),
            "\r\x1b[Kloading {pct:>3}%  {}/{} files  {} events  {}/s  {} failed",
            thousands(fd),
            thousands(ft),
            thousands(ev),
            thousands((ev as f64 / secs) as u64),
            thousands(p.failed.load(Relaxed))
        );
        shown = true;
    }
    if shown {
        let _ = write!(io::stderr(), "\r\x1b[K");
    }
}

/// Counts per value of `field`, most frequent first.
pub fn top(store: &EventStore, field: SymField, n: usize) -> Vec<(String, u64)> {
    let mut counts = vec![0u64; store.strings.len()];
    for s in store.col(field) {
        counts[s.0 as usize] += 1;
    }
    let mut v: Vec<(usize, u64)> = counts
        .into_iter()
        .enumerate()
        .filter(|&(i, c)| i != 0 && c > 0)
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v.into_iter()
        .map(|(i, c)| {
            (
                store
                    .strings
                    .resolve(crate::model::Sym(i as u32))
                    .to_string(),
                c,
            )
        })
        .collect()
}

/// Writes `bytes` to standard output and flushes.
fn to_stdout(bytes: &[u8]) -> Result<(), OutputError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| OutputError::write(&Target::Stdout, e))
}

/// Whether the load may have lost events: a file that failed or was read only in part. A
/// warning (something ignored, nothing lost: zero padding after the gzip data) is reported
/// and counted, but is no reason for exit status 2.
pub fn incomplete(r: &LoadReport) -> bool {
    r.failed.iter().chain(&r.warnings).any(|p| p.loses_events())
}

/// `trailscope stats`.
pub fn stats(
    inputs: Vec<Input>,
    json: bool,
    prefs: &crate::table::Prefs,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    let l = load_reporting(inputs, opts);
    let r = &l.report;
    let st = &l.store;
    let secs = r.elapsed.as_secs_f64();
    let eps = if secs > 0.0 {
        r.events as f64 / secs
    } else {
        0.0
    };
    let bpe = if r.events > 0 {
        l.rss_delta as f64 / r.events as f64
    } else {
        0.0
    };
    let store_bpe = if r.events > 0 {
        st.heap_bytes() as f64 / r.events as f64
    } else {
        0.0
    };
    let peak_bpe = if r.events > 0 {
        l.peak_delta as f64 / r.events as f64
    } else {
        0.0
    };
    let span = st.time_span();
    let tops = [
        ("event names", "names", SymField::Name),
        ("who", "who", SymField::Who),
        ("sources", "sources", SymField::Source),
        ("error codes", "errors", SymField::Error),
    ];
    if json {
        let top_json: serde_json::Map<String, serde_json::Value> = tops
            .iter()
            .map(|(_, k, f)| {
                let v: Vec<serde_json::Value> = top(st, *f, 10)
                    .into_iter()
                    .map(|(s, c)| serde_json::json!({"value": s, "count": c}))
                    .collect();
                (k.to_string(), serde_json::Value::Array(v))
            })
            .collect();
        let shapes: serde_json::Map<String, serde_json::Value> = r
            .shapes
            .iter()
            .map(|(k, (f, e))| (k.to_string(), serde_json::json!({"files": f, "events": e})))
            .collect();
        let v = serde_json::json!({
            "events": r.events,
            "duplicates": r.duplicates,
            "undated": r.undated,
            "future": r.future,
            "files": {
                "found": r.files_found,
                "read": r.files_read,
                "skipped": r.skipped_digests,
                "skipped_other": r.skipped_other,
                "skipped_links": r.skipped_links,
                "failed": r.failed,
                "partial": r.warnings,
                "warnings": r.warnings.iter().filter(|p| !p.loses_events()).count(),
            },
            "shapes": shapes,
            "time_span": span.map(|(a, b)| serde_json::json!({"first": format_utc(a), "last": format_utc(b)})),
            "top": top_json,
            "load_seconds": secs,
            "events_per_second": eps.round(),
            "bytes_per_event": bpe.round(),
            "store_bytes_per_event": store_bpe.round(),
            "peak_bytes_per_event": peak_bpe.round(),
            "memory": st.memory().to_json(),
        });
        // Pretty for a person at a terminal, one compact line for a script.
        let terminal = io::stdout().is_terminal();
        let mut text = if terminal {
            serde_json::to_vec_pretty(&v)
        } else {
            serde_json::to_vec(&v)
        }
        .expect("a JSON value always serialises");
        text.push(b'\n');
        if terminal {
            // Exact for a pipe; on a terminal, what it would obey is \u-escaped (same JSON).
            text = crate::output::terminal::escape_json(&text);
        }
        to_stdout(&text)?;
    } else {
        let mut o = String::new();
        use std::fmt::Write as _;
        let partial = r.warnings.iter().filter(|p| p.loses_events()).count();
        let warned = r.warnings.len() - partial;
        let mut also = String::new();
        if partial > 0 {
            also.push_str(&format!(", {} read in part", thousands(partial as u64)));
        }
        if warned > 0 {
            also.push_str(&format!(
                ", {} with warnings (nothing lost)",
                thousands(warned as u64)
            ));
        }
        let _ = writeln!(
            o,
            "files    {} found, {} read, {} digests skipped, {} failed{also}{}",
            thousands(r.files_found as u64),
            thousands(r.files_read as u64),
            thousands(r.skipped_digests as u64),
            thousands(r.failed.len() as u64),
            if r.skipped_other > 0 {
                format!(" ({} other files ignored)", r.skipped_other)
            } else {
                String::new()
            }
        );
        if r.skipped_links > 0 {
            let _ = writeln!(
                o,
                "links    {} symbolic links in folders not followed (follow them with -L)",
                thousands(r.skipped_links as u64)
            );
        }
        let _ = writeln!(
            o,
            "events   {} ({} duplicate deliveries dropped, {} without a time)",
            thousands(r.events as u64),
            thousands(r.duplicates as u64),
            thousands(r.undated as u64)
        );
        if let Some((a, b)) = span {
            let t = |ms| crate::table::print_time(ms, prefs.time_zone);
            let _ = writeln!(o, "span     {} .. {}", t(a), t(b));
        }
        if r.future > 0 {
            let _ = writeln!(
                o,
                "future   {} events dated after now (forged or broken times; not used as the anchor of last:)",
                thousands(r.future as u64)
            );
        }
        let shapes: Vec<String> = r
            .shapes
            .iter()
            .map(|(k, (f, e))| format!("{k} {f} files/{} events", thousands(*e as u64)))
            .collect();
        let _ = writeln!(o, "shapes   {}", shapes.join(", "));
        let _ = writeln!(
            o,
            "load     {secs:.2} s, {} events/s, {} resident bytes/event ({} in columns), peak {}",
            thousands(eps as u64),
            thousands(bpe as u64),
            thousands(store_bpe as u64),
            thousands(peak_bpe as u64)
        );
        for (title, _, f) in tops {
            let _ = writeln!(o, "\ntop {title}:");
            for (s, c) in top(st, f, 10) {
                let _ = writeln!(o, "  {:>9}  {}", thousands(c), sanitize(&s));
            }
        }
        let lists = [
            ("failed files", r.failed.iter().collect::<Vec<_>>()),
            (
                "files read in part (events may be lost)",
                r.warnings.iter().filter(|p| p.loses_events()).collect(),
            ),
            (
                "warnings (nothing lost)",
                r.warnings.iter().filter(|p| !p.loses_events()).collect(),
            ),
        ];
        for (title, list) in lists {
            if !list.is_empty() {
                let _ = writeln!(o, "\n{title}:");
                for p in list {
                    let _ = writeln!(o, "  {}: {}", sanitize(&p.path), sanitize(&p.reason));
                }
            }
        }
        to_stdout(o.as_bytes())?;
    }
    if (r.events == 0 && r.files_read == 0) || incomplete(r) {
        return Ok(Status::Incomplete);
    }
    Ok(Status::Ok)
}

/// Writes the default aligned table of `rows` (UTC, no colour).
pub fn write_table(store: &EventStore, rows: &[u32], out: &mut dyn Write) -> std::io::Result<()> {
    crate::table::write_table(store, rows, &crate::table::Style::plain_table(), out)
        .map(|_| ())
        .map_err(|e| e.into_io().unwrap_or_else(io::Error::other))
}

/// Where `query` writes: standard output (escaped for a terminal) or an [`AtomicFile`].
enum Sink {
    Stdout,
    File(AtomicFile),
}

/// Writes `rows` in `format` to `out` (going to `target`); returns the sources a table or CSV
/// column could not read.
fn write_rows(
    st: &EventStore,
    rows: &[u32],
    format: OutFormat,
    style: &crate::table::Style,
    out: &mut dyn Write,
    target: &Target,
) -> Result<Vec<(u32, String)>, CommandError> {
    let src = StoreSource(st);
    let io = |e| OutputError::write(target, e);
    let table = |e: crate::table::TableError| match e.into_io() {
        Ok(e) => CommandError::Output(io(e)),
        Err(q) => CommandError::Query(q),
    };
    let none = |r: Result<(), OutputError>| r.map(|()| Vec::new()).map_err(CommandError::from);
    match format {
        OutFormat::Count => none(writeln!(out, "{}", rows.len()).map_err(io)),
        OutFormat::Table => crate::table::write_table(st, rows, style, out).map_err(table),
        OutFormat::Csv => crate::table::write_csv(st, rows, style, out).map_err(table),
        OutFormat::Json => {
            none(export::write_records(st, rows, &src, Format::Records, out, target).map(|_| ()))
        }
        OutFormat::Jsonl => {
            none(export::write_records(st, rows, &src, Format::JsonLines, out, target).map(|_| ()))
        }
    }
}

/// Says the filter's notes, loads `inputs` (reporting as it goes), computes what the filter
/// needs (Local Insights, digest verdicts) and runs it; the sources it needed but could not
/// re-read are said (their rows' verdicts are unknown).
pub fn load_and_select(
    inputs: Vec<Input>,
    filter: &Filter,
    opts: &LoadOptions,
) -> Result<(Loaded, query::QueryOutcome), CommandError> {
    for note in filter.notes() {
        say(&format!("note: {note}"));
    }
    let mut l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    if filter.needs_insights() {
        crate::detect::insights::compute_into(&mut l.store);
    }
    if filter.needs_detections() {
        // The bundled pack and the config folder's rules (`trailscope detect --rules DIR -f …`
        // for other rules).
        crate::detect_cmd::add_hits(&mut l.store, &crate::detect_cmd::RuleArgs::default())?;
    }
    if filter.text().to_ascii_lowercase().contains("verified:") {
        set_verdicts(&mut l.store, opts.max_file_bytes);
    }
    let st = &l.store;
    let outcome = query::run_detailed(st, filter, &StoreSource(st), &AtomicBool::new(false))?;
    for (s, reason) in &outcome.unreadable {
        say(&format!("{}: {reason}", st.sources[*s as usize].name()));
    }
    Ok((l, outcome))
}

/// `trailscope query`: the events of `inputs` matching `filter_text`, in `format`, to `output`
/// (a file, `-` or none for stdout).
// The command's arguments, each its own flag; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn query(
    inputs: Vec<Input>,
    filter_text: &str,
    format: OutFormat,
    output: Option<&Path>,
    force: bool,
    prefs: &crate::table::Prefs,
    opts: &LoadOptions,
    manifest: Option<&crate::evidence::manifest::Context>,
) -> Result<Status, CommandError> {
    // A bad filter, bad columns or an output that cannot be written is an error before any
    // (long) load.
    let filter = Filter::parse(filter_text).map_err(|error| CommandError::BadFilter {
        text: filter_text.to_string(),
        error,
    })?;
    let sort = match &prefs.sort {
        None => None,
        Some(s) => Some(
            query::ListSort::parse(s).map_err(|e| CommandError::Usage(format!("--sort: {e}")))?,
        ),
    };
    if let Some(cx) = manifest {
        if sort.as_ref().is_some_and(|s| !s.is_time_order()) {
            return Err(CommandError::Usage(
                "--sort: not with --manifest (an evidence export keeps time order)".into(),
            ));
        }
        return query_with_manifest(inputs, &filter, format, output, force, opts, cx);
    }
    let columns = match &prefs.fields {
        Some(f) if matches!(format, OutFormat::Table | OutFormat::Csv) => {
            crate::table::parse_columns(f)
                .map_err(|e| CommandError::Usage(format!("--fields: {e}")))?
        }
        _ => crate::table::default_columns(format == OutFormat::Csv),
    };
    let mut sink = match output.map(Target::from_arg) {
        None | Some(Target::Stdout) => Sink::Stdout,
        Some(Target::File(p)) => Sink::File(AtomicFile::create(&p, force)?),
    };
    let (l, outcome) = load_and_select(inputs, &filter, opts)?;
    let st = &l.store;
    let rows = match sort.filter(|s| !s.is_time_order()) {
        None => outcome.rows,
        Some(s) => {
            let sorted = query::sort_rows(
                st,
                outcome.rows,
                &s,
                &StoreSource(st),
                &AtomicBool::new(false),
            )?;
            for (s, reason) in &sorted.unreadable {
                say(&format!("{}: {reason}", st.sources[*s as usize].name()));
            }
            sorted.rows
        }
    };
    let to_terminal = matches!(sink, Sink::Stdout) && io::stdout().is_terminal();
    let style = crate::table::Style {
        columns,
        zone: prefs.time_zone,
        color: format == OutFormat::Table && prefs.color.enabled(to_terminal),
        escape: to_terminal,
    };
    let unreadable = match &mut sink {
        Sink::Stdout => {
            let stdout = io::stdout();
            let mut w = io::BufWriter::with_capacity(1 << 20, stdout.lock());
            let target = Target::Stdout;
            let err = |e| OutputError::write(&Target::Stdout, e);
            if stdout.is_terminal() && matches!(format, OutFormat::Json | OutFormat::Jsonl) {
                // Never let record text drive the terminal: escape what it would obey, as JSON.
                let mut t = TerminalJson::new(&mut w);
                let u = write_rows(st, &rows, format, &style, &mut t, &target)?;
                t.into_inner().map_err(err)?;
                w.flush().map_err(err)?;
                u
            } else {
                // The table escapes its cells itself (and CSV on a terminal); a count is digits.
                let u = write_rows(st, &rows, format, &style, &mut w, &target)?;
                w.flush().map_err(err)?;
                u
            }
        }
        Sink::File(file) => {
            let target = file.target();
            write_rows(st, &rows, format, &style, file.writer(), &target)?
        }
    };
    for (s, reason) in &unreadable {
        if !outcome.unreadable.iter().any(|(t, _)| t == s) {
            say(&format!("{}: {reason}", st.sources[*s as usize].name()));
        }
    }
    if let Sink::File(file) = sink {
        let target = file.target();
        file.commit()?;
        if matches!(format, OutFormat::Json | OutFormat::Jsonl) {
            say(&format!("wrote {} events to {target}", rows.len()));
        }
    }
    Ok(
        if incomplete(&l.report) || !outcome.unreadable.is_empty() || !unreadable.is_empty() {
            Status::Incomplete
        } else if rows.is_empty() {
            Status::NoMatch
        } else {
            Status::Ok
        },
    )
}

/// `query -o FILE --manifest`: the export and its manifest, each source's verify state found
/// first (the trail's digests among the inputs are what it is checked against).
fn query_with_manifest(
    inputs: Vec<Input>,
    filter: &Filter,
    format: OutFormat,
    output: Option<&Path>,
    force: bool,
    opts: &LoadOptions,
    cx: &crate::evidence::manifest::Context,
) -> Result<Status, CommandError> {
    let path = match output.map(Target::from_arg) {
        Some(Target::File(p)) => p,
        _ => {
            return Err(CommandError::Usage(
                "--manifest needs -o FILE (the manifest is written beside it)".into(),
            ))
        }
    };
    let fmt = match format {
        OutFormat::Json => Format::Records,
        OutFormat::Jsonl => Format::JsonLines,
        _ => {
            return Err(CommandError::Usage(
                "--manifest needs --format json or jsonl (records, not a table or a count)".into(),
            ))
        }
    };
    for p in [
        path.clone(),
        crate::evidence::manifest::manifest_path(&path),
    ] {
        if !force && std::fs::symlink_metadata(&p).is_ok() {
            return Err(CommandError::Output(OutputError::Exists(p)));
        }
    }
    for note in filter.notes() {
        say(&format!("note: {note}"));
    }
    let mut l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    set_verdicts(&mut l.store, opts.max_file_bytes);
    let st = &l.store;
    let outcome = query::run_detailed(st, filter, &StoreSource(st), &AtomicBool::new(false))?;
    for (s, reason) in &outcome.unreadable {
        say(&format!("{}: {reason}", st.sources[*s as usize].name()));
    }
    let rows = outcome.rows;
    let (n, mpath) =
        export::export_with_manifest(st, &rows, &StoreSource(st), fmt, &path, force, cx)?;
    say(&format!(
        "wrote {n} events to {} and its manifest {}",
        path.display(),
        mpath.display()
    ));
    Ok(if incomplete(&l.report) || !outcome.unreadable.is_empty() {
        Status::Incomplete
    } else if rows.is_empty() {
        Status::NoMatch
    } else {
        Status::Ok
    })
}

/// Verifies the store's file sources against the digests among them and sets each source's
/// verdict.
pub fn set_verdicts(store: &mut EventStore, max_file_bytes: u64) {
    let files: Vec<PathBuf> = store
        .sources
        .iter()
        .filter_map(|s| s.path.clone())
        .collect();
    let opts = crate::evidence::Options {
        max_file_bytes,
        ..Default::default()
    };
    let rep = crate::evidence::verify_files(&files, &opts);
    crate::evidence::apply_verdicts(store, &rep);
}
