//! Finding the inputs: folders walked recursively, files, stdin; digest files and files that are
//! plainly not logs (READMEs, licences) skipped and counted.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a candidate file was considered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its path.
    pub path: PathBuf,
    /// Named on the command line (always read) rather than found in a folder.
    pub explicit: bool,
    /// Size on disk.
    pub size: u64,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to read, in a stable order.
    pub files: Vec<Candidate>,
    /// Digest files skipped.
    pub digests: usize,
    /// Other files skipped quietly (not named like logs and not starting like JSON or gzip).
    pub other: usize,
    /// Paths that could not be walked, with the reason.
    pub problems: Vec<(String, String)>,
}

/// True for names a trail or an export uses.
fn log_named(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [".json", ".jsonl", ".ndjson", ".log", ".gz"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// True for the digest files CloudTrail writes beside the logs.
pub fn is_digest_path(path: &Path) -> bool {
    path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("CloudTrail-Digest"))
    }) || path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.contains("_CloudTrail-Digest_"))
}

/// True when the file starts like JSON (after whitespace / BOM) or gzip.
fn starts_like_log(path: &Path) -> bool {
    let mut head = [0u8; 64];
    let Ok(mut f) = fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let h = &head[..n];
    if h.len() >= 2 && h[0] == 0x1f && h[1] == 0x8b {
        return true;
    }
    let h = h.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(h);
    h.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{' || b == b'[')
}

/// Walks `paths` (folders recursively, following links with loop detection).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    for root in paths {
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                d.problems
                    .push((root.display().to_string(), super::decode::io_reason(&e)));
                continue;
            }
        };
        if !meta.is_dir() {
            d.files.push(Candidate {
                path: root.clone(),
                explicit: true,
                size: meta.len(),
            });
            continue;
        }
        let walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let reason = if let Some(anc) = e.loop_ancestor() {
                        format!("symlink loop back to {}; not followed", anc.display())
                    } else if let Some(io) = e.io_error() {
                        super::decode::io_reason(io)
                    } else {
                        e.to_string()
                    };
                    d.problems.push((path, reason));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            if is_digest_path(path) {
                d.digests += 1;
                continue;
            }
            if !log_named(path) && !starts_like_log(path) {
                d.other += 1;
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            d.files.push(Candidate {
                path: path.to_path_buf(),
                explicit: false,
                size,
            });
        }
    }
    d
}
