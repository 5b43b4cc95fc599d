//! Finding the inputs: folders walked recursively, files, stdin; files that are plainly not logs
//! (READMEs, licences) skipped and counted. Digest files are recognised by their content, like
//! every other shape, never by their name or folder.
//!
//! Symbolic links found in a folder are not followed unless asked (`-L/--follow`, as ripgrep and
//! fd do): `/proc` or a link to `/` must not send the walk into other trees. Paths named on the
//! command line are always followed. Only regular files are read; an empty one found in a
//! folder is reported without being opened (a `/proc` file says it is empty and may block).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use crate::model::store::path_name;

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
    /// Symbolic links in folders not followed (no `--follow`).
    pub links: usize,
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

/// True when the file starts like JSON (after whitespace / BOM) or gzip, or like another
/// compression, archive or text encoding (read, to be reported as what it is rather than
/// skipped unseen).
fn starts_like_log(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let Ok(mut f) = super::decode::open_nonblocking(path) else {
        return false;
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let h = &head[..n];
    if super::decode::is_gzip(h) || super::decode::sniff_other_format(h).is_some() {
        return true;
    }
    let h = h.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(h);
    h.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{' || b == b'[')
}

/// Walks `paths` (folders recursively; links inside them followed only with `follow`, with
/// loop detection).
pub fn discover(paths: &[PathBuf], follow: bool) -> Discovery {
    let mut d = Discovery::default();
    for root in paths {
        let meta = match fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                d.problems
                    .push((path_name(root), super::decode::io_reason(&e)));
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
            .follow_links(follow)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(path_name).unwrap_or_else(|| path_name(root));
                    let reason = if let Some(anc) = e.loop_ancestor() {
                        format!("symlink loop back to {}; not followed", path_name(anc))
                    } else if let Some(io) = e.io_error() {
                        super::decode::io_reason(io)
                    } else {
                        e.to_string()
                    };
                    d.problems.push((path, reason));
                    continue;
                }
            };
            if entry.path_is_symlink() && !follow && entry.depth() > 0 {
                // Not followed; but a link to nothing is a log gone missing: say so.
                match fs::metadata(entry.path()) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => d.problems.push((
                        path_name(entry.path()),
                        format!("{} (broken symbolic link)", super::decode::io_reason(&e)),
                    )),
                    _ => d.links += 1,
                }
                continue;
            }
            // FIFOs, sockets and devices are never read from a folder.
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            // Looking inside an empty file could block (`/proc/kmsg`): an empty log-named file
            // is reported as such by the reader without reading; anything else is not a log.
            if !log_named(path) && (size == 0 || !starts_like_log(path)) {
                d.other += 1;
                continue;
            }
            d.files.push(Candidate {
                path: path.to_path_buf(),
                explicit: false,
                size,
            });
        }
    }
    d
}
