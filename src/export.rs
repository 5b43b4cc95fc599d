//! Byte-faithful export of events: each record is written as its original bytes (via
//! [`model::record_bytes`]), into a temp file in the target directory that is then renamed into
//! place, never replacing an existing file unless asked. No terminal.

use crate::model::{record_bytes, EventStore, RecordSource};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The shape of an export file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// `{"Records":[…]}` like a CloudTrail delivery file.
    Json,
    /// One record per line.
    JsonLines,
}

impl ExportFormat {
    /// The format an extension asks for: `.jsonl` / `.ndjson` are JSON Lines, anything else JSON.
    pub fn from_path(p: &Path) -> ExportFormat {
        match p.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson") => {
                ExportFormat::JsonLines
            }
            _ => ExportFormat::Json,
        }
    }

    /// A short description for prompts.
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Json => "JSON {\"Records\":[…]}",
            ExportFormat::JsonLines => "JSON Lines",
        }
    }
}

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target exists and overwriting was not allowed.
    #[error("{} exists", .0.display())]
    Exists(PathBuf),
    /// A record's bytes could not be read back.
    #[error("cannot read the record of event {row}: {reason}")]
    Record {
        /// Store row.
        row: u32,
        /// Why.
        reason: String,
    },
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Cancelled.
    #[error("export cancelled")]
    Cancelled,
}

/// Writes the records of `rows` (in order) to `path` in `format`; returns how many were written.
///
/// The records are written as their original bytes; for JSON Lines, line breaks between tokens
/// of a pretty-printed record are dropped so each record stays on one line (JSON strings cannot
/// contain raw line breaks, so nothing else changes).
pub fn write(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    path: &Path,
    format: ExportFormat,
    overwrite: bool,
    cancel: &AtomicBool,
) -> Result<usize, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !overwrite && path.exists() {
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
    let tmp = unique_temp(&dir, &name).map_err(io)?;
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let mut cache = ContentCache::default();
        if format == ExportFormat::Json {
            w.write_all(b"{\"Records\":[").map_err(io)?;
        }
        for (i, &row) in rows.iter().enumerate() {
            if i % 4096 == 0 && cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            let source = store.loc[row as usize].source;
            let content = cache.get(src, source).map_err(|reason| ExportError::Record { row, reason })?;
            let bytes = record_bytes(store, row as usize, &content)
                .map_err(|reason| ExportError::Record { row, reason })?;
            match format {
                ExportFormat::Json => {
                    if i > 0 {
                        w.write_all(b",\n").map_err(io)?;
                    } else {
                        w.write_all(b"\n").map_err(io)?;
                    }
                    w.write_all(&bytes).map_err(io)?;
                }
                ExportFormat::JsonLines => {
                    if memchr::memchr2(b'\n', b'\r', &bytes).is_some() {
                        let one: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'\n' && b != b'\r').collect();
                        w.write_all(&one).map_err(io)?;
                    } else {
                        w.write_all(&bytes).map_err(io)?;
                    }
                    w.write_all(b"\n").map_err(io)?;
                }
            }
        }
        if format == ExportFormat::Json {
            w.write_all(b"\n]}\n").map_err(io)?;
        }
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        if overwrite {
            std::fs::rename(&tmp, path).map_err(io)?;
        } else {
            // A hard link fails if the target appeared meanwhile: no clobbering, even racing.
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&tmp);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(ExportError::Exists(path.to_path_buf()));
                }
                Err(_) => {
                    // File systems without hard links: check, then rename.
                    if path.exists() {
                        return Err(ExportError::Exists(path.to_path_buf()));
                    }
                    std::fs::rename(&tmp, path).map_err(io)?;
                }
            }
        }
        Ok(rows.len())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn unique_temp(dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    for i in 0..1000u32 {
        let p = dir.join(format!(".{name}.{pid}.{i}.tmp"));
        if !p.exists() {
            return Ok(p);
        }
    }
    Err(std::io::Error::other("no free temp file name"))
}

/// The last few sources' contents: rows in time order hop between files.
#[derive(Default)]
struct ContentCache {
    items: Vec<(u32, Arc<[u8]>)>,
}

impl ContentCache {
    fn get(&mut self, src: &dyn RecordSource, s: u32) -> Result<Arc<[u8]>, String> {
        if let Some(i) = self.items.iter().position(|(k, _)| *k == s) {
            let it = self.items.remove(i);
            let c = it.1.clone();
            self.items.push(it);
            return Ok(c);
        }
        let c = src.content(s)?;
        if self.items.len() >= 8 {
            self.items.remove(0);
        }
        self.items.push((s, c.clone()));
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixture;

    #[test]
    fn json_and_jsonl_are_byte_faithful_and_never_clobber() {
        let (store, src) = fixture::small();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        let rows: Vec<u32> = (0..store.len() as u32).collect();
        let no = AtomicBool::new(false);
        let n = write(&store, &rows, &src, &p, ExportFormat::Json, false, &no).unwrap();
        assert_eq!(n, store.len());
        let text = std::fs::read(&p).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(v["Records"].as_array().unwrap().len(), store.len());
        // each record's bytes appear verbatim
        let c = src.content(0).unwrap();
        let first = record_bytes(&store, 0, &c).unwrap();
        assert!(text.windows(first.len()).any(|w| w == &first[..]));
        assert!(matches!(
            write(&store, &rows, &src, &p, ExportFormat::Json, false, &no),
            Err(ExportError::Exists(_))
        ));
        let p2 = dir.path().join("out.jsonl");
        write(&store, &rows[..2], &src, &p2, ExportFormat::JsonLines, false, &no).unwrap();
        let t2 = std::fs::read_to_string(&p2).unwrap();
        assert_eq!(t2.lines().count(), 2);
        write(&store, &rows[..1], &src, &p2, ExportFormat::JsonLines, true, &no).unwrap();
        assert_eq!(std::fs::read_to_string(&p2).unwrap().lines().count(), 1);
        // no temp files left behind
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2);
    }
}
