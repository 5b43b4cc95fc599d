//! Evidence (issue 13): checking a local copy of a trail against its CloudTrail digest files,
//! offline, and the manifest that ties an export to the files its records came from.
//!
//! A layer beside `query`: it imports only `loader` (walk, decode) and `model`. As AWS documents
//! ("CloudTrail digest file structure", "Custom implementations of CloudTrail log file
//! integrity validation"), and as `aws cloudtrail validate-logs` does it:
//!
//! * a digest's `logFiles[].hashValue` is the hex SHA-256 of the log file's **uncompressed**
//!   content (so a gunzipped copy still verifies);
//! * `previousDigestHashValue` is the hex SHA-256 of the previous digest's uncompressed content;
//! * the signature (S3 metadata `x-amz-meta-signature`, hex) is RSA PKCS#1 v1.5 with SHA-256
//!   over `digestEndTime\ndigestS3Bucket/digestS3Object\n<hex SHA-256 of this digest's
//!   uncompressed content>\npreviousDigestSignature` (`null` at the start of a chain).
//!
//! [`scan`] hashes every file on all cores (gzip inflated as it streams into the hasher);
//! [`check::check`] is pure.

pub mod check;
pub mod digest;
pub mod hash;
pub mod manifest;
pub mod signature;

use crate::loader::discover::{discover, path_name};
use check::{DigestFact, LogFact, Report};
use rayon::prelude::*;
use std::path::PathBuf;

/// What to verify with.
#[derive(Clone, Debug)]
pub struct Options {
    /// Largest uncompressed file (`--max-file-bytes`).
    pub max_file_bytes: u64,
    /// Follow symbolic links inside folders.
    pub follow_links: bool,
    /// The region's public key, to check signatures kept in sidecars.
    pub public_key: Option<rsa::RsaPublicKey>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_bytes: crate::loader::DEFAULT_MAX_FILE_BYTES,
            follow_links: false,
            public_key: None,
        }
    }
}

/// True for files `verify` reads beside others rather than as evidence: signature sidecars and
/// export manifests.
pub fn is_side_file(p: &std::path::Path) -> bool {
    let n = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    n.ends_with(".sig") || n.ends_with(manifest::SUFFIX)
}

/// Walks `paths` (as the loader does) and verifies what it finds.
pub fn verify_paths(paths: &[PathBuf], opts: &Options) -> Report {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let d = discover(std::slice::from_ref(p), opts.follow_links);
        errors.extend(d.problems);
        files.extend(d.files.into_iter().map(|c| c.path));
    }
    let mut rep = verify_files(&files, opts);
    rep.errors.splice(0..0, errors);
    rep
}

/// Verifies exactly `files` (the explorer passes its sources).
pub fn verify_files(files: &[PathBuf], opts: &Options) -> Report {
    let (logs, digests, errors, warnings) = scan(files, opts.max_file_bytes);
    let mut rep = check::check(&logs, &digests, opts.public_key.as_ref());
    rep.errors.extend(errors);
    rep.warnings.extend(warnings);
    rep
}

enum Scanned {
    Log(LogFact),
    Digest(Box<DigestFact>),
    Skip,
    Error(String, String),
}

type ScanOut = (
    Vec<LogFact>,
    Vec<DigestFact>,
    Vec<(String, String)>,
    Vec<(String, String)>,
);

/// Hashes each file (all cores) and parses the digests; side files are passed over.
pub fn scan(files: &[PathBuf], limit: u64) -> ScanOut {
    let out: Vec<(Scanned, Vec<String>)> = files
        .par_iter()
        .with_max_len(1)
        .map(|p| {
            if is_side_file(p) {
                return (Scanned::Skip, Vec::new());
            }
            let name = path_name(p);
            let h = match hash::hash_file(p, limit, false) {
                Ok(h) => h,
                // Bytes that no longer inflate: not what was delivered, if a digest lists it.
                Err(e @ crate::loader::error::LoadErrorKind::CorruptGzip(_)) => {
                    return (
                        Scanned::Log(LogFact {
                            name,
                            content_sha: [0; 32],
                            broken: Some(e.to_string()),
                        }),
                        Vec::new(),
                    )
                }
                Err(e) => return (Scanned::Error(name, e.to_string()), Vec::new()),
            };
            let warnings = h.warnings;
            if let Some(doc) = h.content.as_deref().and_then(digest::parse) {
                let sig = std::fs::read_to_string(signature::sidecar_path(p))
                    .ok()
                    .and_then(|t| signature::parse_sidecar(&t));
                return (
                    Scanned::Digest(Box::new(DigestFact {
                        name,
                        doc,
                        content_sha: h.content_sha,
                        sig,
                    })),
                    warnings,
                );
            }
            (
                Scanned::Log(LogFact {
                    name,
                    content_sha: h.content_sha,
                    broken: None,
                }),
                warnings,
            )
        })
        .collect();
    let (mut logs, mut digests, mut errors, mut warns) = (vec![], vec![], vec![], vec![]);
    for (s, w) in out {
        let name = match &s {
            Scanned::Log(l) => Some(l.name.clone()),
            Scanned::Digest(d) => Some(d.name.clone()),
            _ => None,
        };
        if let Some(n) = name {
            warns.extend(w.into_iter().map(|w| (n.clone(), w)));
        }
        match s {
            Scanned::Log(l) => logs.push(l),
            Scanned::Digest(d) => digests.push(*d),
            Scanned::Skip => {}
            Scanned::Error(n, e) => errors.push((n, e)),
        }
    }
    (logs, digests, errors, warns)
}

/// Sets each source's verdict in `store` from a report (sources matched by name).
pub fn apply_verdicts(store: &mut crate::model::EventStore, rep: &Report) {
    let by_name: rustc_hash::FxHashMap<&str, crate::model::Verdict> = rep
        .logs
        .iter()
        .map(|l| (l.path.as_str(), l.state.verdict()))
        .collect();
    for s in &mut store.sources {
        if let Some(v) = by_name.get(s.name().as_ref()) {
            s.verdict = *v;
        }
    }
}
