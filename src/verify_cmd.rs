//! `trailscope verify`: the trail against its digest files (issue 13), or an export against
//! its manifest. The checking is `crate::evidence`; this prints it and picks the exit code.

use crate::commands::{say, CommandError, Status};
use crate::escape::sanitize;
use crate::evidence::{self, check::Report, check::SigState, manifest};
use crate::format::thousands;
use crate::output::{OutputError, Target};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `verify --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyFormat {
    /// A summary, then one line per problem.
    Text,
    /// One JSON object: every file's state, the digests, what is missing.
    Json,
}

/// What `verify` was asked.
#[derive(Debug)]
pub struct VerifyArgs<'a> {
    /// Folders and files.
    pub paths: &'a [PathBuf],
    /// Output format.
    pub format: VerifyFormat,
    /// `--public-key FILE`.
    pub public_key: Option<&'a Path>,
    /// `--manifest FILE`.
    pub manifest: Option<&'a Path>,
    /// `--max-file-bytes`.
    pub max_file_bytes: u64,
    /// `-L`.
    pub follow: bool,
}

/// Exit 1: something did not verify.
fn failed() -> Result<Status, CommandError> {
    Ok(Status::NoMatch)
}

fn out(text: &str) -> Result<(), CommandError> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|()| o.flush())
        .map_err(|e| CommandError::Output(OutputError::write(&Target::Stdout, e)))
}

fn json_out(v: &serde_json::Value) -> Result<(), CommandError> {
    let mut text = serde_json::to_vec_pretty(v).expect("a JSON value always serialises");
    text.push(b'\n');
    if std::io::stdout().is_terminal() {
        text = crate::output::terminal::escape_json(&text);
    }
    out(&String::from_utf8_lossy(&text))
}

/// The text that says why signatures were not checked, once.
pub const SIGNATURE_NOTE: &str = "CloudTrail keeps each digest's signature in its S3 object metadata (x-amz-meta-signature), which a local copy does not have: the signatures cannot be checked from the files alone. Save it beside each digest as DIGEST.sig (aws s3api head-object output) and give the region's public key with --public-key";

/// `trailscope verify`.
pub fn verify(a: &VerifyArgs) -> Result<Status, CommandError> {
    if let Some(m) = a.manifest {
        return verify_manifest(m, a);
    }
    if a.paths.is_empty() {
        return Err(CommandError::NoInput);
    }
    let public_key = match a.public_key {
        None => None,
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| {
                CommandError::Usage(format!(
                    "{}: {}",
                    p.display(),
                    crate::loader::decode::io_reason(&e)
                ))
            })?;
            Some(
                evidence::signature::read_public_key(&bytes, &p.display().to_string())
                    .map_err(|e| CommandError::Usage(e.to_string()))?,
            )
        }
    };
    let opts = evidence::Options {
        max_file_bytes: a.max_file_bytes,
        follow_links: a.follow,
        public_key,
    };
    let rep = evidence::verify_paths(a.paths, &opts);
    for (p, e) in &rep.errors {
        say(&format!("{p}: {e}"));
    }
    for (p, w) in &rep.warnings {
        say(&format!("{p}: {w}"));
    }
    match a.format {
        VerifyFormat::Json => json_out(&report_json(&rep))?,
        VerifyFormat::Text => out(&report_text(&rep))?,
    }
    if !rep.errors.is_empty() || (rep.logs.is_empty() && rep.digests.is_empty()) {
        if rep.logs.is_empty() && rep.digests.is_empty() && rep.errors.is_empty() {
            say("nothing to verify: no log or digest files found");
        }
        return Ok(Status::Incomplete);
    }
    if rep.all_verified() {
        Ok(Status::Ok)
    } else {
        failed()
    }
}

/// The report as JSON.
pub fn report_json(r: &Report) -> serde_json::Value {
    let (v, m, n, d) = r.counts();
    serde_json::json!({
        "summary": {
            "log_files": r.logs.len(),
            "verified": v,
            "modified": m,
            "not_covered": n,
            "no_digest": d,
            "missing_log_files": r.missing.iter().filter(|x| !x.digest).count(),
            "missing_digests": r.missing.iter().filter(|x| x.digest).count(),
            "digests": r.digests.len(),
            "digests_modified": r.digests.iter().filter(|x| x.modified.is_some()).count(),
            "all_verified": r.all_verified(),
        },
        "logs": r.logs,
        "digests": r.digests,
        "missing": r.missing,
        "logging_off": r.logging_off,
        "gaps": r.gaps,
        "no_digest_folders": r.no_digest_folders().into_iter().map(|(f, n)| serde_json::json!({"folder": f, "log_files": n})).collect::<Vec<_>>(),
        "errors": r.errors.iter().map(|(p, e)| serde_json::json!({"path": p, "reason": e})).collect::<Vec<_>>(),
        "key_fingerprint": r.key_fingerprint,
        "signatures": if r.digests.iter().any(|d| matches!(d.signature, SigState::Good | SigState::Bad)) { "checked" } else { "not checked" },
    })
}

/// The report as text: a summary, then one line per problem.
pub fn report_text(r: &Report) -> String {
    let mut o = String::new();
    let (v, m, n, d) = r.counts();
    let _ = writeln!(
        o,
        "log files   {} verified, {} modified, {} not covered, {} without a digest",
        thousands(v as u64),
        thousands(m as u64),
        thousands(n as u64),
        thousands(d as u64)
    );
    let backfill = r.digests.iter().filter(|x| x.backfill).count();
    let _ = writeln!(
        o,
        "digests     {} ({} confirmed by the next in their chain, {} modified{})",
        thousands(r.digests.len() as u64),
        thousands(r.digests.iter().filter(|x| x.chained).count() as u64),
        thousands(r.digests.iter().filter(|x| x.modified.is_some()).count() as u64),
        if backfill > 0 {
            format!(", {backfill} backfill")
        } else {
            String::new()
        }
    );
    let (ml, md) = (
        r.missing.iter().filter(|x| !x.digest).count(),
        r.missing.iter().filter(|x| x.digest).count(),
    );
    if ml + md > 0 {
        let _ = writeln!(o, "missing     {ml} log files, {md} digests");
    }
    for s in &r.logging_off {
        let _ = writeln!(
            o,
            "chain       {}: logging off from {} to {} (the chain ends and starts again: not a gap)",
            sanitize(&s.stream),
            sanitize(&s.from),
            sanitize(&s.to)
        );
    }
    let checked = r
        .digests
        .iter()
        .filter(|x| matches!(x.signature, SigState::Good | SigState::Bad))
        .count();
    let good = r
        .digests
        .iter()
        .filter(|x| x.signature == SigState::Good)
        .count();
    if checked > 0 {
        let _ = writeln!(
            o,
            "signatures  {good} of {checked} checked good ({} digests without a sidecar not checked)",
            r.digests.len() - checked
        );
    } else if !r.digests.is_empty() {
        let _ = writeln!(o, "signatures  not checked. {SIGNATURE_NOTE}");
    }
    if let Some(mine) = &r.key_fingerprint {
        let mut other: Vec<&str> = r
            .digests
            .iter()
            .filter_map(|x| x.other_key.as_deref())
            .collect();
        other.sort_unstable();
        other.dedup();
        if other.is_empty() {
            let _ = writeln!(o, "key         fingerprint {mine}: no digest names another");
        } else {
            let named = other
                .iter()
                .map(|f| sanitize(f))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                o,
                "key         fingerprint {mine}, but {} digests name another key ({named})",
                thousands(r.digests.iter().filter(|x| x.other_key.is_some()).count() as u64)
            );
        }
    }
    let problems = r.problems();
    if !problems.is_empty() {
        let _ = writeln!(o, "\nproblems:");
        for (p, why) in problems {
            let _ = writeln!(o, "  {}: {}", sanitize(&p), sanitize(&why));
        }
    }
    if r.all_verified() && !r.logs.is_empty() {
        let _ = writeln!(o, "\nall {} log files verified", thousands(v as u64));
    }
    o
}

fn verify_manifest(path: &Path, a: &VerifyArgs) -> Result<Status, CommandError> {
    let m = manifest::read(path).map_err(CommandError::Usage)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let c = manifest::check(&m, base, a.max_file_bytes).map_err(CommandError::Usage)?;
    for (p, e) in &c.errors {
        say(&format!("{p}: {e}"));
    }
    match a.format {
        VerifyFormat::Json => json_out(&serde_json::json!({
            "manifest": path.display().to_string(),
            "records": m.records.len(),
            "ok": c.ok(),
            "check": c,
        }))?,
        VerifyFormat::Text => {
            let mut o = String::new();
            let _ = writeln!(
                o,
                "export      {}: {} records, {}",
                sanitize(&m.export.path),
                thousands(m.records.len() as u64),
                if c.export_intact {
                    "unchanged (SHA-256 as in the manifest)"
                } else {
                    "export changed since the manifest was written"
                }
            );
            let _ = writeln!(
                o,
                "sources     {} unchanged, {} changed, {} not present (not checked)",
                c.sources_intact,
                m.sources.len() - c.sources_intact - c.sources_absent.len() - c.errors.len(),
                c.sources_absent.len()
            );
            for (i, id, why) in &c.export_changed {
                let _ = writeln!(o, "  {}: in the export: {why}", record_name(*i, id));
            }
            for (i, id, src, why) in &c.source_changed {
                let _ = writeln!(o, "  {}: {why}: {}", record_name(*i, id), sanitize(src));
            }
            let _ = writeln!(
                o,
                "{}",
                if c.ok() {
                    "the export matches its manifest and its sources"
                } else {
                    "the export does NOT match"
                }
            );
            out(&o)?;
        }
    }
    if !c.errors.is_empty() {
        return Ok(Status::Incomplete);
    }
    if c.ok() {
        Ok(Status::Ok)
    } else {
        failed()
    }
}

/// `record 3 (eventID …)`, or `record 3` for a record without one.
fn record_name(i: usize, id: &str) -> String {
    if id.is_empty() {
        format!("record {i}")
    } else {
        format!("record {i} (eventID {})", sanitize(id))
    }
}
