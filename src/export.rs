//! Byte-faithful export: the selected records' original bytes written as CloudTrail's own
//! `{"Records":[…]}` or as JSON Lines, into a temporary file in the target folder that is
//! renamed into place only when complete. An existing file is never replaced unless asked.

use crate::model::{record_bytes, EventStore, RecordSource};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Output shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `{"Records":[…]}`.
    Records,
    /// One record per line.
    JsonLines,
}

impl Format {
    /// JSON Lines for `.jsonl`/`.ndjson` names, else Records.
    pub fn from_path(p: &Path) -> Format {
        let n = p.to_string_lossy().to_ascii_lowercase();
        if n.ends_with(".jsonl") || n.ends_with(".ndjson") {
            Format::JsonLines
        } else {
            Format::Records
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target exists and overwriting was not allowed.
    #[error("{0}: already exists (use --force to replace it)")]
    Exists(PathBuf),
    /// Writing failed.
    #[error("{path}: {reason}")]
    Io {
        /// The target.
        path: PathBuf,
        /// Lower-case reason.
        reason: String,
    },
    /// A record could not be read back from its source.
    #[error("{0}")]
    Source(String),
}

type Content = Result<Arc<[u8]>, String>;

/// Rows are written in chunks; each chunk's sources are inflated once, in parallel.
const CHUNK: usize = 16_384;

/// Writes the records of `rows` (in that order) to `out`; returns how many were written.
pub fn write_records(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let io = |e: io::Error| ExportError::Io {
        path: PathBuf::from("<output>"),
        reason: crate::loader::decode::io_reason(&e),
    };
    if format == Format::Records {
        out.write_all(b"{\"Records\":[").map_err(io)?;
    }
    let mut n = 0;
    for chunk in rows.chunks(CHUNK) {
        let mut needed: Vec<u32> = chunk
            .iter()
            .map(|&r| store.loc[r as usize].source)
            .collect();
        needed.sort_unstable();
        needed.dedup();
        let map: FxHashMap<u32, Content> = needed
            .par_iter()
            .map(|&s| (s, src.content(store, s)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        for &row in chunk {
            let s = store.loc[row as usize].source;
            let content = map[&s]
                .as_ref()
                .map_err(|e| ExportError::Source(e.clone()))?;
            let bytes = record_bytes(store, row as usize, content).map_err(|e| {
                ExportError::Source(format!("{}: {e}", store.sources[s as usize].name))
            })?;
            if format == Format::Records && n > 0 {
                out.write_all(b",\n").map_err(io)?;
            }
            if format == Format::JsonLines && memchr::memchr2(b'\n', b'\r', &bytes).is_some() {
                // A pretty-printed source record: one line needs its layout whitespace removed.
                out.write_all(&compact_json(&bytes)).map_err(io)?;
            } else {
                out.write_all(&bytes).map_err(io)?;
            }
            if format == Format::JsonLines {
                out.write_all(b"\n").map_err(io)?;
            }
            n += 1;
        }
    }
    if format == Format::Records {
        out.write_all(b"]}\n").map_err(io)?;
    }
    Ok(n)
}

/// `json` without whitespace outside strings (JSON strings cannot hold raw newlines, so this
/// changes layout only, never a value).
pub fn compact_json(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let mut in_str = false;
    let mut esc = false;
    for &b in json {
        if in_str {
            out.push(b);
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if b == b'"' {
            in_str = true;
            out.push(b);
        } else if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            out.push(b);
        }
    }
    out
}

/// Exports to `path` atomically: a temporary file beside it, synced, then renamed (without
/// replacing an existing file unless `force`). Nothing is left behind on failure.
pub fn export_to_file(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    path: &Path,
    force: bool,
) -> Result<usize, ExportError> {
    let ioe = |e: io::Error| ExportError::Io {
        path: path.to_path_buf(),
        reason: crate::loader::decode::io_reason(&e),
    };
    if !force && path.symlink_metadata().is_ok() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = tempfile_in(&dir, &name).map_err(ioe)?;
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .map_err(ioe)?;
        let mut w = io::BufWriter::with_capacity(1 << 20, file);
        let n = write_records(store, rows, src, format, &mut w).map_err(|e| match e {
            ExportError::Io { reason, .. } => ExportError::Io {
                path: path.to_path_buf(),
                reason,
            },
            e => e,
        })?;
        let file = w.into_inner().map_err(|e| ioe(e.into_error()))?;
        file.sync_all().map_err(ioe)?;
        if force {
            std::fs::rename(&tmp, path).map_err(ioe)?;
        } else {
            // hard_link fails if the target appeared meanwhile: no silent overwrite.
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&tmp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(ExportError::Exists(path.to_path_buf()))
                }
                Err(_) => std::fs::rename(&tmp, path).map_err(ioe)?,
            }
        }
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates a new empty hidden temporary file in `dir`.
fn tempfile_in(dir: &Path, name: &str) -> io::Result<PathBuf> {
    for i in 0..1000u32 {
        let p = dir.join(format!(".{name}.{}.{i}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a temporary file"))
}
