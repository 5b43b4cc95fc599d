//! The commands that hand work to the engines CloudTrail already sits in: `query --sql`
//! (print the filter as Athena or DuckDB SQL), `query --objects-from RESULT.csv` (load only the
//! log objects an Athena result names) and `export --parquet DIR`.

use crate::commands::{say, CommandError, Status};
use crate::format::thousands;
use crate::loader::{reread::StoreSource, Input, LoadOptions};
use crate::output::{OutputError, Target};
use crate::query::sql::{self, Dialect};
use crate::query::Filter;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// `query --sql`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlEngine {
    /// Athena (Trino SQL) over CloudTrail's standard Athena table (`--ddl` prints it).
    Athena,
    /// DuckDB over the Parquet folder of `export --parquet` (the PATH, if one is given).
    Duckdb,
}

impl SqlEngine {
    fn dialect(self) -> Dialect {
        match self {
            SqlEngine::Athena => Dialect::Athena,
            SqlEngine::Duckdb => Dialect::DuckDb,
        }
    }
}

fn parse(filter_text: &str) -> Result<Filter, CommandError> {
    Filter::parse(filter_text).map_err(|error| CommandError::BadFilter {
        text: filter_text.to_string(),
        error,
    })
}

fn print(text: &str) -> Result<Status, CommandError> {
    let out = io::stdout();
    // The filter's own text is in the SQL: on a terminal nothing in it may act as a control
    // sequence.
    let shown = if out.is_terminal() {
        crate::escape::sanitize(text).into_owned()
    } else {
        text.to_string()
    };
    let mut w = out.lock();
    w.write_all(shown.as_bytes())
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush())
        .map_err(|e| CommandError::Output(OutputError::write(&Target::Stdout, e)))?;
    Ok(Status::Ok)
}

/// `query --sql ENGINE [-f FILTER] [--table T] [--ddl] [PARQUET_DIR]`: prints the SQL (or the
/// table it is written against); loads nothing.
pub fn print_sql(
    filter_text: &str,
    engine: SqlEngine,
    table: Option<&str>,
    paths: &[PathBuf],
    ddl: bool,
) -> Result<Status, CommandError> {
    let d = engine.dialect();
    if paths.len() > 1 || (d == Dialect::Athena && !paths.is_empty()) {
        return Err(CommandError::Usage(
            "--sql reads no logs: --sql athena takes no PATH, --sql duckdb at most one (the export --parquet folder)".into(),
        ));
    }
    let dir = paths.first().map(|p| p.to_string_lossy().into_owned());
    let from = table.map_or_else(|| sql::default_table(d, dir.as_deref()), str::to_string);
    if ddl {
        return print(&match d {
            Dialect::Athena => sql::table::athena_ddl(),
            Dialect::DuckDb => format!("CREATE VIEW cloudtrail AS SELECT * FROM {from}"),
        });
    }
    let filter = parse(filter_text)?;
    let text = sql::to_sql(&filter, d, &from).map_err(|e| {
        CommandError::Usage(format!(
            "--sql {}: cannot translate {e}",
            match d {
                Dialect::Athena => "athena",
                Dialect::DuckDb => "duckdb",
            }
        ))
    })?;
    print(&text)
}

/// The part of an object key from `AWSLogs/` on (where CloudTrail's own layout starts: the
/// same under any bucket prefix and in a synced copy), or the whole key.
fn logs_suffix(key: &str) -> &str {
    match key.find("AWSLogs/") {
        Some(i) => &key[i..],
        None => key,
    }
}

/// Where an S3 object named in a result is read from when no folder holds it. The S3 input
/// (being built separately) plugs in here; until then such objects are reported as missing.
fn s3_input(_uri: &str) -> Option<Input> {
    None
}

/// `query --objects-from RESULT.csv ROOT…`: the log objects an Athena result names in its
/// `"$path"` column (`s3://bucket/…/AWSLogs/…` or a local path), each found under the ROOT
/// folders by its `AWSLogs/…` suffix (an `aws s3 sync` copy, say). Objects found nowhere are
/// reported; none found at all is an error.
pub fn objects_inputs(csv_path: &Path, roots: &[PathBuf]) -> Result<Vec<Input>, CommandError> {
    let name = csv_path.display();
    let bad = |why: String| CommandError::Usage(format!("--objects-from {name}: {why}"));
    let mut rd = csv::Reader::from_path(csv_path).map_err(|e| bad(e.to_string()))?;
    let headers = rd.headers().map_err(|e| bad(e.to_string()))?.clone();
    let Some(col) = headers
        .iter()
        .position(|h| h.trim() == "$path" || h.trim().eq_ignore_ascii_case("path"))
    else {
        return Err(bad(
            "no \"$path\" column (select \"$path\" in the query, as --sql athena does)".into(),
        ));
    };
    let mut wanted = BTreeSet::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| bad(format!("line {}: {e}", i + 2)))?;
        if let Some(p) = rec.get(col).map(str::trim).filter(|p| !p.is_empty()) {
            wanted.insert(p.to_string());
        }
    }
    // Every file under the roots, by its AWSLogs/… suffix.
    let mut by_suffix: HashMap<String, PathBuf> = HashMap::new();
    for root in roots {
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            if e.file_type().is_file() {
                let p = e.path();
                let s = p.to_string_lossy();
                let rel = p
                    .strip_prefix(root)
                    .map(|r| r.to_string_lossy().into_owned())
                    .unwrap_or_else(|_| s.to_string());
                let key = if s.contains("AWSLogs/") {
                    logs_suffix(&s).to_string()
                } else {
                    rel
                };
                by_suffix.entry(key).or_insert_with(|| p.to_path_buf());
            }
        }
    }
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for w in &wanted {
        let found = if let Some(rest) = w.strip_prefix("s3://") {
            let key = rest.split_once('/').map_or("", |(_, k)| k);
            by_suffix
                .get(logs_suffix(key))
                .map(|p| Input::Path(p.clone()))
                .or_else(|| s3_input(w))
        } else if Path::new(w).is_file() {
            Some(Input::Path(PathBuf::from(w)))
        } else {
            by_suffix
                .get(logs_suffix(w))
                .map(|p| Input::Path(p.clone()))
        };
        match found {
            Some(i) => inputs.push(i),
            None => missing.push(w.clone()),
        }
    }
    for m in missing.iter().take(10) {
        say(&format!(
            "{name}: {m}: not found under {} (give the folder the objects were synced to)",
            if roots.is_empty() {
                "any PATH (none given)".to_string()
            } else {
                roots
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ));
    }
    if missing.len() > 10 {
        say(&format!(
            "{name}: {} more objects not found",
            missing.len() - 10
        ));
    }
    if inputs.is_empty() {
        return Err(bad(format!(
            "none of its {} objects found (S3 objects are read from a synced folder given as PATH)",
            wanted.len()
        )));
    }
    Ok(inputs)
}

/// `export --parquet DIR [-f FILTER] PATH…`.
pub fn export_parquet(
    inputs: Vec<Input>,
    filter_text: &str,
    dir: &Path,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    let filter = parse(filter_text)?;
    if std::fs::symlink_metadata(dir).is_ok() {
        // Said before a long load; the export checks again when it claims the name.
        return Err(CommandError::Usage(format!(
            "{}: already exists (export --parquet writes a new folder, never into one)",
            dir.display()
        )));
    }
    let (l, outcome) = crate::commands::load_and_select(inputs, &filter, opts)?;
    let st = &l.store;
    let rows = outcome.rows;
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let start = std::time::Instant::now();
    let report = std::thread::scope(|s| {
        if io::stderr().is_terminal() {
            s.spawn(|| {
                let mut shown = false;
                while !finished.load(Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    if start.elapsed().as_millis() < 500 {
                        continue;
                    }
                    let n = done.load(Relaxed);
                    let pct = (n * 100).checked_div(rows.len()).unwrap_or(0);
                    let _ = write!(
                        io::stderr(),
                        "\r\x1b[Kwriting Parquet {pct:>3}%  {}/{} events",
                        thousands(n as u64),
                        thousands(rows.len() as u64)
                    );
                    shown = true;
                }
                if shown {
                    let _ = write!(io::stderr(), "\r\x1b[K");
                }
            });
        }
        let r = crate::parquet_export::export_parquet(st, &rows, &StoreSource(st), dir, &done);
        finished.store(true, Relaxed);
        r
    })?;
    say(&format!(
        "wrote {} events in {} Parquet files ({} bytes, {:.1} s) to {}",
        thousands(report.events as u64),
        thousands(report.files as u64),
        thousands(report.bytes),
        start.elapsed().as_secs_f64(),
        dir.display()
    ));
    Ok(
        if crate::commands::incomplete(&l.report) || !outcome.unreadable.is_empty() {
            Status::Incomplete
        } else if rows.is_empty() {
            Status::NoMatch
        } else {
            Status::Ok
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_keys_match_by_their_awslogs_suffix() {
        assert_eq!(
            logs_suffix("prefix/AWSLogs/1/CloudTrail/us-east-1/2023/07/10/f.json.gz"),
            "AWSLogs/1/CloudTrail/us-east-1/2023/07/10/f.json.gz"
        );
        assert_eq!(logs_suffix("other/f.json"), "other/f.json");
    }

    #[test]
    fn objects_from_a_result_csv() {
        let d = tempfile::tempdir().unwrap();
        let logs = d
            .path()
            .join("sync/AWSLogs/1/CloudTrail/us-east-1/2023/07/10");
        std::fs::create_dir_all(&logs).unwrap();
        std::fs::write(logs.join("a.json"), "{\"Records\":[]}").unwrap();
        std::fs::write(logs.join("b.json"), "{\"Records\":[]}").unwrap();
        let csv = d.path().join("result.csv");
        std::fs::write(
            &csv,
            "\"$path\",\"eventid\"\n\
\"s3://bkt/p/AWSLogs/1/CloudTrail/us-east-1/2023/07/10/a.json\",\"1\"\n\
\"s3://bkt/p/AWSLogs/1/CloudTrail/us-east-1/2023/07/10/a.json\",\"2\"\n\
\"s3://bkt/p/AWSLogs/1/CloudTrail/us-east-1/2023/07/10/gone.json\",\"3\"\n",
        )
        .unwrap();
        let inputs = objects_inputs(&csv, &[d.path().join("sync")]).unwrap();
        assert_eq!(
            inputs.len(),
            1,
            "the same object once; the missing one reported"
        );
        assert!(matches!(&inputs[0], Input::Path(p) if p.ends_with("a.json")));
        let e = objects_inputs(&csv, &[]).unwrap_err().to_string();
        assert!(e.contains("none of its 2 objects found"), "{e}");
        std::fs::write(&csv, "eventid\n1\n").unwrap();
        let e = objects_inputs(&csv, &[]).unwrap_err().to_string();
        assert!(e.contains("no \"$path\" column"), "{e}");
    }
}
