//! Byte-faithful export: the selected records' original bytes written as CloudTrail's own
//! `{"Records":[…]}` or as JSON Lines. Files are written through [`crate::output::AtomicFile`]
//! (renamed into place only when complete; an existing file is never replaced unless asked).

use crate::model::{record_bytes, EventStore, RecordSource};
use crate::output::{AtomicFile, OutputError, Target};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::io::{self, Write};
use std::path::Path;
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

/// Why an export failed: the program's one output error.
pub use crate::output::OutputError as ExportError;

/// Why an export asked for in the explorer did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailed {
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The load finished meanwhile: the rows asked for were renumbered.
    #[error("the load finished while exporting (events were renumbered); export again")]
    Renumbered,
    /// A newer export was asked for before this one started.
    #[error("not exported to {}: a newer export replaced it", .0.display())]
    Replaced(std::path::PathBuf),
}

pub(crate) type Content = Result<Arc<[u8]>, crate::model::SourceError>;

/// Rows are written in chunks; each chunk's sources are inflated once, in parallel.
const CHUNK: usize = 16_384;

/// Writes the records of `rows` (in that order) to `out` (which writes to `target`, named in
/// errors); returns how many were written.
pub fn write_records(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    out: &mut dyn Write,
    target: &Target,
) -> Result<usize, OutputError> {
    write_records_with(store, rows, src, format, out, target, &mut |_, _| {})
}

/// Like [`write_records`], calling `each(row, bytes)` with each record's bytes as written (the
/// export manifest hashes them).
pub fn write_records_with(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    out: &mut dyn Write,
    target: &Target,
    each: &mut dyn FnMut(u32, &[u8]),
) -> Result<usize, OutputError> {
    let io = |e: io::Error| OutputError::write(target, e);
    if format == Format::Records {
        out.write_all(b"{\"Records\":[").map_err(io)?;
    }
    let mut n = 0;
    let mut map = FxHashMap::default();
    for chunk in rows.chunks(CHUNK) {
        read_sources(store, chunk, src, &mut map);
        for &row in chunk {
            let bytes = row_bytes(store, row, &map)?;
            if format == Format::Records && n > 0 {
                out.write_all(b",\n").map_err(io)?;
            }
            let written =
                if format == Format::JsonLines && memchr::memchr2(b'\n', b'\r', &bytes).is_some() {
                    // A pretty-printed source record: one line needs its layout whitespace removed.
                    std::borrow::Cow::Owned(compact_json(&bytes))
                } else {
                    bytes
                };
            out.write_all(&written).map_err(io)?;
            each(row, &written);
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

/// Reads the sources of `rows` into `cache`, in parallel: those already there are kept, those
/// no row needs are dropped.
pub(crate) fn read_sources(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    cache: &mut FxHashMap<u32, Content>,
) {
    let mut needed: Vec<u32> = rows
        .iter()
        .map(|&r| store.loc.get(r as usize).source)
        .collect();
    needed.sort_unstable();
    needed.dedup();
    cache.retain(|s, _| needed.binary_search(s).is_ok());
    let missing: Vec<u32> = needed
        .into_iter()
        .filter(|s| !cache.contains_key(s))
        .collect();
    cache.extend(
        missing
            .par_iter()
            .map(|&s| (s, src.content(store, s)))
            .collect::<Vec<_>>(),
    );
}

/// The original bytes of `row`, from its source in `cache` (see [`read_sources`]).
pub(crate) fn row_bytes<'c>(
    store: &EventStore,
    row: u32,
    cache: &'c FxHashMap<u32, Content>,
) -> Result<std::borrow::Cow<'c, [u8]>, OutputError> {
    let s = store.loc.get(row as usize).source;
    let content = cache[&s]
        .as_ref()
        .map_err(|e| OutputError::Source(e.to_string()))?;
    record_bytes(store, row as usize, content)
        .map_err(|e| OutputError::Source(format!("{}: {e}", store.sources[s as usize].name())))
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

/// Exports to `path` through [`AtomicFile`] (without replacing an existing file unless `force`;
/// nothing is left behind on failure).
pub fn export_to_file(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    path: &Path,
    force: bool,
) -> Result<usize, OutputError> {
    let mut file = AtomicFile::create(path, force)?;
    let target = file.target();
    let n = write_records(store, rows, src, format, file.writer(), &target)?;
    file.commit()?;
    Ok(n)
}

/// A writer that hashes (SHA-256) and counts what passes through it.
struct HashWriter<'a> {
    inner: &'a mut dyn Write,
    sha: sha2::Sha256,
    n: u64,
}

impl Write for HashWriter<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        use sha2::Digest as _;
        let k = self.inner.write(b)?;
        self.sha.update(&b[..k]);
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Exports to `path` as [`export_to_file`] does, and writes its manifest beside it
/// (`PATH.manifest.json`, through [`AtomicFile`] too: both are refused before anything is
/// written when either exists and `force` is not given). Returns the events written and the
/// manifest's path.
pub fn export_with_manifest(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    format: Format,
    path: &Path,
    force: bool,
    cx: &crate::evidence::manifest::Context,
) -> Result<(usize, std::path::PathBuf), OutputError> {
    use crate::evidence::manifest::{manifest_path, Builder, ExportEntry};
    use sha2::Digest as _;
    let mpath = manifest_path(path);
    let mut mfile = AtomicFile::create(&mpath, force)?;
    let mut file = AtomicFile::create(path, force)?;
    let target = file.target();
    let mut b = Builder::default();
    let mut hw = HashWriter {
        inner: file.writer(),
        sha: sha2::Sha256::new(),
        n: 0,
    };
    let n = write_records_with(
        store,
        rows,
        src,
        format,
        &mut hw,
        &target,
        &mut |row, bytes| b.record(store, row, bytes),
    )?;
    let (sha, size) = (hw.sha.finalize(), hw.n);
    file.commit()?;
    let export = ExportEntry {
        path: crate::loader::discover::path_name(path),
        format: match format {
            Format::Records => "json".into(),
            Format::JsonLines => "jsonl".into(),
        },
        size,
        sha256: crate::evidence::hash::hex(&sha),
        records: n,
    };
    let m = b.finish(
        cx,
        export,
        crate::loader::DEFAULT_MAX_FILE_BYTES.max(u32::MAX as u64),
    );
    let mut json = serde_json::to_vec_pretty(&m).expect("a manifest always serialises");
    json.push(b'\n');
    let mtarget = mfile.target();
    mfile
        .writer()
        .write_all(&json)
        .map_err(|e| OutputError::write(&mtarget, e))?;
    mfile.commit()?;
    Ok((n, mpath))
}
