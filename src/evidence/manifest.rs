//! The export manifest: what an export holds and where each record came from, so that whoever
//! receives it can check it, and check it against the delivered files.
//!
//! Written beside the export as `EXPORT.manifest.json` (through `crate::output`, atomically):
//! the tool and version, the command line or filter, the time, the inputs, the export's own
//! SHA-256, each source file (path, size, SHA-256 of its bytes as read and of its uncompressed
//! content, its verify state) and, per exported record, its source, its byte range in that
//! source's uncompressed content and the SHA-256 of the bytes the export holds for it.

use super::hash::hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};

/// What a manifest's name adds to its export's.
pub const SUFFIX: &str = ".manifest.json";
/// The manifest format's name and version.
pub const FORMAT: &str = "trailscope-export-manifest/1";

/// `EXPORT.manifest.json` beside `export`.
pub fn manifest_path(export: &Path) -> PathBuf {
    let mut s = export.as_os_str().to_owned();
    s.push(SUFFIX);
    PathBuf::from(s)
}

/// A manifest.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// [`FORMAT`].
    pub manifest: String,
    /// `trailscope`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// The command line (headless) or `explorer export`.
    pub command: Vec<String>,
    /// The filter the records matched (empty: all, or marked events in the explorer).
    pub filter: String,
    /// When it was written (UTC, RFC 3339).
    pub created: String,
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// The export.
    pub export: ExportEntry,
    /// The files the records came from.
    pub sources: Vec<SourceEntry>,
    /// Each exported record, in export order.
    pub records: Vec<RecordEntry>,
}

/// The export file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExportEntry {
    /// Its path as written.
    pub path: String,
    /// `json` (`{"Records":[…]}`) or `jsonl`.
    pub format: String,
    /// Its size.
    pub size: u64,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// How many records it holds.
    pub records: usize,
}

/// A source file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SourceEntry {
    /// Its path (absolute when it was known).
    pub path: String,
    /// Size on disk when read.
    pub size: u64,
    /// SHA-256 of its bytes as read (what `sha256sum` gives); empty for in-memory sources.
    pub sha256: String,
    /// SHA-256 of its uncompressed content (what a digest lists).
    pub content_sha256: String,
    /// What `verify` found: verified, modified, not covered, no digest, pending.
    pub verify: String,
}

/// An exported record.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RecordEntry {
    /// Index into `sources`.
    pub source: usize,
    /// Byte offset of the record in the source's uncompressed content.
    pub offset: u64,
    /// Its length there.
    pub len: u64,
    /// The record's `eventID` (to name it).
    pub event_id: String,
    /// SHA-256 of the record's bytes as the export holds them.
    pub sha256: String,
    /// The source holds the record as a JSON string (lookup-events): unescaped on export.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub escaped: bool,
}

/// The bytes an export holds for a record whose source bytes are `raw`: unescaped when the
/// source holds it as a JSON string, layout whitespace removed for JSON Lines when it has
/// newlines (as [`crate::export::write_records`] does).
pub fn exported_bytes(raw: &[u8], escaped: bool, jsonl: bool) -> Option<Vec<u8>> {
    let b = if escaped {
        crate::model::source::unescape_json_string(raw)
            .ok()?
            .into_bytes()
    } else {
        raw.to_vec()
    };
    if jsonl && memchr::memchr2(b'\n', b'\r', &b).is_some() {
        return Some(crate::export::compact_json(&b));
    }
    Some(b)
}

/// Hex SHA-256 of `b`.
pub fn sha_hex(b: &[u8]) -> String {
    hex(&Sha256::digest(b))
}

/// The outcome of `verify --manifest`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ManifestCheck {
    /// The export's bytes are the ones the manifest records.
    pub export_intact: bool,
    /// Records whose bytes in the export differ: `(index, eventID, why)`.
    pub export_changed: Vec<(usize, String, String)>,
    /// Sources whose bytes are unchanged.
    pub sources_intact: usize,
    /// Sources not present (their records not checked against them).
    pub sources_absent: Vec<String>,
    /// Records whose bytes in their source differ now: `(index, eventID, source, why)`.
    pub source_changed: Vec<(usize, String, String, String)>,
    /// Sources present but unreadable: `(path, reason)`.
    pub errors: Vec<(String, String)>,
}

impl ManifestCheck {
    /// True when nothing changed.
    pub fn ok(&self) -> bool {
        self.export_intact && self.export_changed.is_empty() && self.source_changed.is_empty()
    }
}

/// Splits an export into its records' bytes.
fn split_export(bytes: &[u8], jsonl: bool) -> Option<Vec<Vec<u8>>> {
    if jsonl {
        return Some(
            bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .map(<[u8]>::to_vec)
                .collect(),
        );
    }
    #[derive(Deserialize)]
    struct Env<'a> {
        #[serde(rename = "Records", borrow)]
        records: Vec<&'a serde_json::value::RawValue>,
    }
    let e: Env = serde_json::from_slice(bytes).ok()?;
    Some(
        e.records
            .into_iter()
            .map(|r| r.get().as_bytes().to_vec())
            .collect(),
    )
}

/// Re-checks an export against its manifest (`base`: the manifest's folder, where a relative
/// export path is looked for) and, where the sources are present, against them.
pub fn check(m: &Manifest, base: &Path, limit: u64) -> Result<ManifestCheck, String> {
    let mut out = ManifestCheck::default();
    let jsonl = m.export.format == "jsonl";
    let mut export_path = PathBuf::from(&m.export.path);
    if !export_path.exists() {
        if let Some(name) = export_path.file_name() {
            export_path = base.join(name);
        }
    }
    let bytes = std::fs::read(&export_path).map_err(|e| {
        format!(
            "{}: {}",
            export_path.display(),
            crate::loader::decode::io_reason(&e)
        )
    })?;
    out.export_intact = sha_hex(&bytes).eq_ignore_ascii_case(&m.export.sha256);
    if !out.export_intact {
        match split_export(&bytes, jsonl) {
            None => {
                out.export_changed
                    .push((0, String::new(), "the export no longer parses".into()))
            }
            Some(recs) => {
                for (i, r) in m.records.iter().enumerate() {
                    match recs.get(i) {
                        None => out.export_changed.push((
                            i,
                            r.event_id.clone(),
                            "no longer in the export".into(),
                        )),
                        Some(b) if !sha_hex(b).eq_ignore_ascii_case(&r.sha256) => out
                            .export_changed
                            .push((i, r.event_id.clone(), "its bytes differ".into())),
                        _ => {}
                    }
                }
                if recs.len() > m.records.len() {
                    out.export_changed.push((
                        m.records.len(),
                        String::new(),
                        format!(
                            "{} records the manifest does not list",
                            recs.len() - m.records.len()
                        ),
                    ));
                }
            }
        }
    }
    for (si, s) in m.sources.iter().enumerate() {
        let p = Path::new(&s.path);
        if s.sha256.is_empty() || !p.exists() {
            out.sources_absent.push(s.path.clone());
            continue;
        }
        let raw = match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                out.errors
                    .push((s.path.clone(), crate::loader::decode::io_reason(&e)));
                continue;
            }
        };
        if sha_hex(&raw).eq_ignore_ascii_case(&s.sha256) {
            out.sources_intact += 1;
            continue;
        }
        // Changed: which records?
        let content = crate::loader::decode::decompress(raw, limit);
        for (i, r) in m.records.iter().enumerate().filter(|(_, r)| r.source == si) {
            let why = match &content {
                Err(e) => Some(format!("its source changed and cannot be read: {e}")),
                Ok(c) => {
                    let slice = c.get(r.offset as usize..(r.offset + r.len) as usize);
                    match slice.and_then(|b| exported_bytes(b, r.escaped, jsonl)) {
                        None => Some("its source changed: the record is no longer there".into()),
                        Some(b) if !sha_hex(&b).eq_ignore_ascii_case(&r.sha256) => {
                            Some("its bytes in the source differ".into())
                        }
                        Some(_) => None,
                    }
                }
            };
            if let Some(why) = why {
                out.source_changed
                    .push((i, r.event_id.clone(), s.path.clone(), why));
            }
        }
    }
    Ok(out)
}

/// Reads a manifest.
pub fn read(path: &Path) -> Result<Manifest, String> {
    let b = std::fs::read(path).map_err(|e| {
        format!(
            "{}: {}",
            path.display(),
            crate::loader::decode::io_reason(&e)
        )
    })?;
    let m: Manifest = serde_json::from_slice(&b)
        .map_err(|e| format!("{}: not a trailscope manifest: {e}", path.display()))?;
    if m.manifest != FORMAT {
        return Err(format!(
            "{}: manifest format {:?}, expected {FORMAT:?}",
            path.display(),
            m.manifest
        ));
    }
    Ok(m)
}

/// Where an export came from, for its manifest.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The command line, or what the explorer did.
    pub command: Vec<String>,
    /// The filter.
    pub filter: String,
    /// The inputs as given.
    pub inputs: Vec<String>,
}

/// Collects a manifest while an export is written: one [`Builder::record`] per record written.
#[derive(Debug, Default)]
pub struct Builder {
    sources: Vec<SourceEntry>,
    /// Store source → index in `sources`; with the file to hash.
    index: rustc_hash::FxHashMap<u32, usize>,
    files: Vec<Option<PathBuf>>,
    mem: Vec<Option<std::sync::Arc<[u8]>>>,
    records: Vec<RecordEntry>,
}

impl Builder {
    /// Notes that `row` was written as `written`.
    pub fn record(&mut self, store: &crate::model::EventStore, row: u32, written: &[u8]) {
        let loc = store.loc.get(row as usize);
        let next = self.sources.len();
        let si = *self.index.entry(loc.source).or_insert(next);
        if si == next {
            let info = &store.sources[loc.source as usize];
            let path = info
                .path
                .as_ref()
                .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()));
            self.sources.push(SourceEntry {
                path: path
                    .as_deref()
                    .map(crate::loader::discover::path_name)
                    .unwrap_or_else(|| info.name().into_owned()),
                size: info.size,
                sha256: String::new(),
                content_sha256: String::new(),
                verify: info.verdict.name().to_string(),
            });
            self.files.push(path);
            self.mem.push(info.mem.clone());
        }
        self.records.push(RecordEntry {
            source: si,
            offset: u64::from(loc.offset),
            len: u64::from(loc.len),
            event_id: store.event_id.get(row as usize),
            sha256: sha_hex(written),
            escaped: store.flags[row as usize] & crate::model::store::flags::ESCAPED != 0,
        });
    }

    /// The manifest, once the export (`export`) is complete; each source file is read again
    /// to hash its bytes (all cores).
    pub fn finish(mut self, cx: &Context, export: ExportEntry, limit: u64) -> Manifest {
        use rayon::prelude::*;
        let hashes: Vec<(String, String, u64)> = self
            .files
            .par_iter()
            .zip(self.mem.par_iter())
            .map(|(f, m)| match (f, m) {
                (_, Some(m)) => (String::new(), sha_hex(m), m.len() as u64),
                (Some(p), None) => match super::hash::hash_file(p, limit, true) {
                    Ok(h) => (
                        h.raw_sha.map(|s| hex(&s)).unwrap_or_default(),
                        hex(&h.content_sha),
                        h.raw_size,
                    ),
                    Err(_) => (String::new(), String::new(), 0),
                },
                (None, None) => (String::new(), String::new(), 0),
            })
            .collect();
        for (s, (raw, content, size)) in self.sources.iter_mut().zip(hashes) {
            s.sha256 = raw;
            s.content_sha256 = content;
            if size > 0 {
                s.size = size;
            }
        }
        Manifest {
            manifest: FORMAT.to_string(),
            tool: "trailscope".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            command: cx.command.clone(),
            filter: cx.filter.clone(),
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            inputs: cx.inputs.clone(),
            export,
            sources: self.sources,
            records: self.records,
        }
    }
}
