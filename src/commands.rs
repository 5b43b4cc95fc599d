//! The commands: `stats` and `query` (headless), and the explorer.

use crate::cli::OutFormat;
use crate::escape::sanitize;
use crate::export::{self, Format};
use crate::format::thousands;
use crate::loader::{self, reread::StoreSource, Input, LoadOptions, LoadReport, Progress};
use crate::model::{time::format_utc, EventStore, SymField};
use crate::query::{self, Filter};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Exit codes (documented in the README).
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// Nothing matched.
    pub const NO_MATCH: i32 = 1;
    /// An error: bad filter, no readable input, write failure.
    pub const ERROR: i32 = 2;
}

/// Turns PATH arguments into loader inputs; none means the bundled demo trail.
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    if paths.is_empty() {
        return crate::demo::inputs();
    }
    paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(p.clone())
            }
        })
        .collect()
}

/// Resident set size of this process in bytes (Linux; 0 elsewhere).
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// A loaded store with its report and the memory it took.
pub struct Loaded {
    /// The events.
    pub store: EventStore,
    /// What the load did.
    pub report: LoadReport,
    /// Resident bytes added by the load.
    pub rss_delta: u64,
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
    let stderr = std::io::stderr();
    let mut e = stderr.lock();
    for p in report.failed.iter().chain(report.warnings.iter()) {
        let _ = writeln!(
            e,
            "trailscope: {}: {}",
            sanitize(&p.path),
            sanitize(&p.reason)
        );
    }
    Loaded {
        store,
        report,
        rss_delta: after.saturating_sub(before),
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
        eprint!(
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
        eprint!("\r\x1b[K");
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

/// `trailscope stats`.
pub fn stats(paths: &[PathBuf], json: bool, opts: &LoadOptions) -> i32 {
    let l = load_reporting(inputs(paths), opts);
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
            "files": {
                "found": r.files_found,
                "read": r.files_read,
                "skipped": r.skipped_digests,
                "skipped_other": r.skipped_other,
                "failed": r.failed,
                "partial": r.warnings,
            },
            "shapes": shapes,
            "time_span": span.map(|(a, b)| serde_json::json!({"first": format_utc(a), "last": format_utc(b)})),
            "top": top_json,
            "load_seconds": secs,
            "events_per_second": eps.round(),
            "bytes_per_event": bpe.round(),
            "store_bytes_per_event": store_bpe.round(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap());
    } else {
        let mut o = String::new();
        use std::fmt::Write as _;
        let _ = writeln!(
            o,
            "files    {} found, {} read, {} digests skipped, {} failed{}",
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
        let _ = writeln!(
            o,
            "events   {} ({} duplicate deliveries dropped, {} without a time)",
            thousands(r.events as u64),
            thousands(r.duplicates as u64),
            thousands(r.undated as u64)
        );
        if let Some((a, b)) = span {
            let _ = writeln!(o, "span     {} .. {}", format_utc(a), format_utc(b));
        }
        let shapes: Vec<String> = r
            .shapes
            .iter()
            .map(|(k, (f, e))| format!("{k} {f} files/{} events", thousands(*e as u64)))
            .collect();
        let _ = writeln!(o, "shapes   {}", shapes.join(", "));
        let _ = writeln!(
            o,
            "load     {secs:.2} s, {} events/s, {} resident bytes/event ({} in columns)",
            thousands(eps as u64),
            thousands(bpe as u64),
            thousands(store_bpe as u64)
        );
        for (title, _, f) in tops {
            let _ = writeln!(o, "\ntop {title}:");
            for (s, c) in top(st, f, 10) {
                let _ = writeln!(o, "  {:>9}  {}", thousands(c), sanitize(&s));
            }
        }
        if !r.failed.is_empty() {
            let _ = writeln!(o, "\nfailed files:");
            for p in &r.failed {
                let _ = writeln!(o, "  {}: {}", sanitize(&p.path), sanitize(&p.reason));
            }
        }
        print!("{o}");
    }
    if r.events == 0 && r.files_read == 0 {
        return exit::ERROR;
    }
    exit::OK
}

fn short_source(s: &str) -> &str {
    s.strip_suffix(".amazonaws.com").unwrap_or(s)
}

/// Writes the aligned table of `rows`.
pub fn write_table(store: &EventStore, rows: &[u32], out: &mut dyn Write) -> std::io::Result<()> {
    let cols = [
        ("WHO", SymField::Who, 32usize),
        ("EVENT", SymField::Name, 32),
        ("SOURCE", SymField::Source, 20),
        ("REGION", SymField::Region, 14),
        ("SOURCE IP", SymField::Ip, 18),
        ("ERROR", SymField::Error, 24),
    ];
    // Width per column: the widest value (capped), measured on the rows printed.
    let widths: Vec<usize> = cols
        .iter()
        .map(|(h, f, cap)| {
            rows.iter()
                .map(|&r| {
                    let s = store.str(*f, r as usize);
                    let s = if *f == SymField::Source {
                        short_source(s)
                    } else {
                        s
                    };
                    sanitize(s).chars().count()
                })
                .max()
                .unwrap_or(0)
                .max(h.len())
                .min(*cap)
        })
        .collect();
    let mut line = format!("{:<20}", "TIME");
    for ((h, _, _), w) in cols.iter().zip(&widths) {
        line.push_str(&format!("  {h:<w$}"));
    }
    writeln!(out, "{}", line.trim_end())?;
    for &r in rows {
        let r = r as usize;
        let mut line = format!("{:<20}", format_utc(store.time[r]));
        for ((_, f, _), w) in cols.iter().zip(&widths) {
            let s = store.str(*f, r);
            let s = if *f == SymField::Source {
                short_source(s)
            } else {
                s
            };
            let s = sanitize(if s.is_empty() { "-" } else { s });
            let mut cell: String = s.chars().take(*w).collect();
            if s.chars().count() > *w {
                cell.pop();
                cell.push('…');
            }
            line.push_str(&format!("  {cell:<w$}"));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `trailscope query`.
pub fn query(
    paths: &[PathBuf],
    filter_text: &str,
    format: OutFormat,
    output: Option<&PathBuf>,
    force: bool,
    opts: &LoadOptions,
) -> i32 {
    // Parse the filter first: a bad filter is an error before any loading.
    let filter = match Filter::parse(filter_text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("trailscope: bad filter: {e}");
            eprintln!("trailscope:   {}", sanitize(filter_text));
            eprintln!(
                "trailscope:   {}^",
                " ".repeat(
                    sanitize(&filter_text[..e.offset.min(filter_text.len())])
                        .chars()
                        .count()
                )
            );
            return exit::ERROR;
        }
    };
    for note in filter.notes() {
        eprintln!("trailscope: note: {}", sanitize(note));
    }
    let l = load_reporting(inputs(paths), opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        eprintln!("trailscope: no readable CloudTrail input");
        return exit::ERROR;
    }
    let st = &l.store;
    let src = StoreSource(st);
    let rows = match query::run(st, &filter, &src, &AtomicBool::new(false)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("trailscope: query failed: {e}");
            return exit::ERROR;
        }
    };
    let code = if rows.is_empty() {
        exit::NO_MATCH
    } else {
        exit::OK
    };
    let result: Result<(), String> = match (format, output) {
        (OutFormat::Count, None) => {
            println!("{}", rows.len());
            Ok(())
        }
        (OutFormat::Jsonl | OutFormat::Json, Some(path)) => {
            let f = if format == OutFormat::Json {
                Format::Records
            } else {
                Format::JsonLines
            };
            export::export_to_file(st, &rows, &src, f, path, force)
                .map(|n| eprintln!("trailscope: wrote {n} events to {}", path.display()))
                .map_err(|e| e.to_string())
        }
        (OutFormat::Table | OutFormat::Count, Some(path)) => {
            let mut buf = Vec::new();
            if format == OutFormat::Count {
                let _ = writeln!(buf, "{}", rows.len());
            } else {
                let _ = write_table(st, &rows, &mut buf);
            }
            write_small_file(path, &buf, force)
        }
        (_, None) => {
            let stdout = std::io::stdout();
            let tty = stdout.is_terminal();
            let mut w = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            let r = match format {
                OutFormat::Table => write_table(st, &rows, &mut w).map_err(|e| e.to_string()),
                _ => {
                    let f = if format == OutFormat::Json {
                        Format::Records
                    } else {
                        Format::JsonLines
                    };
                    if tty {
                        // Never let record text drive the terminal: escape what it would obey.
                        let mut buf = Vec::new();
                        export::write_records(st, &rows, &src, f, &mut buf)
                            .map_err(|e| e.to_string())
                            .and_then(|_| {
                                w.write_all(
                                    sanitize_keep_newlines(&String::from_utf8_lossy(&buf))
                                        .as_bytes(),
                                )
                                .map_err(|e| e.to_string())
                            })
                    } else {
                        export::write_records(st, &rows, &src, f, &mut w)
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    }
                }
            };
            r.and_then(|_| w.flush().map_err(|e| e.to_string()))
        }
    };
    match result {
        Ok(()) => code,
        Err(e) if e.contains("broken pipe") || e.contains("Broken pipe") => code,
        Err(e) => {
            eprintln!("trailscope: {e}");
            exit::ERROR
        }
    }
}

fn sanitize_keep_newlines(s: &str) -> String {
    s.split('\n')
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_small_file(path: &std::path::Path, bytes: &[u8], force: bool) -> Result<(), String> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(format!(
            "{}: already exists (use --force to replace it)",
            path.display()
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".trailscope.{}.tmp", std::process::id()));
    let r = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = r {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!(
            "{}: {}",
            path.display(),
            crate::loader::decode::io_reason(&e)
        ));
    }
    Ok(())
}
