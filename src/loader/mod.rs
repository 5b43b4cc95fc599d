//! The loader: inputs → discovered sources → decompressed bytes → records extracted into the
//! column store, on all cores, with progress published through atomics and cancellation.
//!
//! One bad file never stops a load: each failure is reported with its path and reason.

pub mod decode;
pub mod discover;
pub mod error;
pub mod extract;
pub mod fields;
pub mod heap;
pub mod reread;
pub mod s3;

use crate::model::{EventStore, SourceInfo};
use extract::{ExtractLimits, Shape};
use heap::release_freed_memory;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// One thing to load.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file or a folder (walked recursively).
    Path(PathBuf),
    /// Standard input, read whole.
    Stdin,
    /// Bytes already in memory (the bundled demo trail, tests).
    Memory {
        /// How to name it.
        name: String,
        /// Its bytes, gzip or not.
        bytes: Arc<[u8]>,
    },
    /// An `s3://` input already listed ([`s3::prepare`]): fetched into the cache while the
    /// workers decode what has arrived.
    S3(Arc<s3::Prepared>),
}

/// Documented bounds; every one can be raised from the command line.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Largest decompressed size of one file (`--max-file-bytes`).
    pub max_file_bytes: u64,
    /// Largest single record (`--max-record-bytes`).
    pub max_record_bytes: u64,
    /// Most events to hold (`--max-events`); files past it are reported, not loaded.
    pub max_events: u64,
    /// Follow symbolic links found inside folders (`-L/--follow`); paths given are always
    /// followed.
    pub follow_links: bool,
}

/// Default `--max-file-bytes`: 1 GiB (a real delivery file is a few MB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;
/// Default `--max-events`: 200 million (about 20 GB of memory at 100 bytes per event).
pub const DEFAULT_MAX_EVENTS: u64 = 200_000_000;
/// The most events a store can index (row ids are 32-bit).
pub const MAX_EVENTS_LIMIT: u64 = u32::MAX as u64 - 1;
/// Default `--max-record-bytes`: 256 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 256 << 20;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            max_events: DEFAULT_MAX_EVENTS,
            follow_links: false,
        }
    }
}

/// Live counters of a load, readable from any thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to read (known once discovery is done).
    pub files_total: AtomicU64,
    /// Files finished (read, skipped or failed).
    pub files_done: AtomicU64,
    /// Bytes on disk of all files to read.
    pub bytes_total: AtomicU64,
    /// Bytes on disk of finished files.
    pub bytes_done: AtomicU64,
    /// Events extracted so far (before duplicate removal).
    pub events: AtomicU64,
    /// Files that failed so far.
    pub failed: AtomicU64,
    /// Set to stop the load early.
    pub cancel: AtomicBool,
    /// Set once discovery is finished and `files_total` is final.
    pub discovered: AtomicBool,
}

/// A file that could not be read (or only partly), or that had something odd about it, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileProblem {
    /// The path as given / found.
    pub path: String,
    /// Lower-case reason.
    pub reason: String,
    /// Whether events may be lost (serialised as `"failure"` / `"warning"`).
    pub kind: ProblemKind,
}

/// Whether a [`FileProblem`] may have lost events: the exit status says "incomplete" (2) only
/// for failures; warnings are reported and counted, nothing more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// Events may be lost: the file, or a part of it, was not read.
    #[default]
    Failure,
    /// Nothing lost: something that is not log data was ignored (zero padding or garbage after
    /// the gzip data).
    Warning,
}

impl FileProblem {
    /// A problem that may have lost events.
    pub fn failure(path: String, reason: String) -> Self {
        FileProblem {
            path,
            reason,
            kind: ProblemKind::Failure,
        }
    }

    /// True when events may be lost.
    pub fn loses_events(&self) -> bool {
        self.kind == ProblemKind::Failure
    }
}

/// What a load did.
#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    /// Files found (read, skipped as digests, or failed); other files skipped quietly are not counted.
    pub files_found: usize,
    /// Files that gave records (fully or partly).
    pub files_read: usize,
    /// Digest files skipped.
    pub skipped_digests: usize,
    /// Non-log files skipped quietly (READMEs, licences).
    pub skipped_other: usize,
    /// Symbolic links inside folders not followed (no `-L/--follow`).
    pub skipped_links: usize,
    /// Files that could not be read, with the reason.
    pub failed: Vec<FileProblem>,
    /// Files that gave records but had a problem: read only in part (`kind` failure: events may
    /// be lost), or with something odd ignored (`kind` warning: nothing lost).
    pub warnings: Vec<FileProblem>,
    /// Events loaded (after duplicate removal).
    pub events: usize,
    /// Duplicate deliveries dropped.
    pub duplicates: usize,
    /// Events without a parseable time.
    pub undated: usize,
    /// Events dated after the wall clock (beyond [`crate::model::time::FUTURE_SKEW_MS`]):
    /// forged or broken times, kept and shown, never the anchor of `last:`.
    pub future: usize,
    /// Files and events per shape.
    pub shapes: BTreeMap<&'static str, (usize, usize)>,
    /// Wall time of the load.
    pub elapsed: Duration,
    /// True when the load was cancelled.
    pub cancelled: bool,
    /// Row renumbering done by finalize: `remap[old] = new` or `u32::MAX` (dropped duplicate).
    pub remap: Vec<u32>,
}

/// Messages from a running load.
#[derive(Debug)]
pub enum LoadEvent {
    /// New rows were appended to the shared store.
    Appended,
    /// A file failed (or was read in part).
    Problem(FileProblem),
    /// The load finished. The store is NOT finalized yet: the receiver calls
    /// [`finalize_store`] when no row number of its own can be in use (then `remap`,
    /// `duplicates` and `events` of the report are filled from its result).
    Done(Box<LoadReport>),
}

/// A load running in the background.
pub struct LoadHandle {
    /// Live counters (and the cancel flag).
    pub progress: Arc<Progress>,
    /// Events from the load.
    pub rx: mpsc::Receiver<LoadEvent>,
    /// The loader thread.
    pub thread: std::thread::JoinHandle<()>,
}

enum Src {
    File(discover::Candidate),
    /// Bytes in memory, raw (gzip or not) or already `decoded` (standard input, read and
    /// inflated as it streamed in, with what was odd about it).
    Mem {
        name: String,
        bytes: Arc<[u8]>,
        decoded: Option<Vec<String>>,
    },
    /// An S3 object, read from the cache once fetched.
    Remote(s3::Pending),
}

impl Src {
    /// How the source is named to the user.
    fn name(&self) -> String {
        match self {
            Src::File(c) => discover::path_name(&c.path),
            Src::Mem { name, .. } => name.clone(),
            Src::Remote(p) => p.name.clone(),
        }
    }
}

/// A worker's string table. It outlives the batches the worker produces, so each string is
/// stored, hashed into a fresh table and sent to the merging thread once per worker, not once
/// per file. The strings live back to back in an [`Interner`](crate::model::Interner) (no
/// allocation per string: a record with ten million distinct resource ARNs must not cost ten
/// million heap blocks twice).
struct LocalStrings {
    /// Identifies the table to the merging thread, which keeps its local → global remap.
    id: u32,
    table: crate::model::Interner,
    /// Strings below this local id were sent already.
    sent: u32,
}

/// Strings new to a worker's table, in local-id order, packed back to back.
#[derive(Default)]
struct Fresh {
    bytes: String,
    ends: Vec<usize>,
}

impl Fresh {
    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(a, b)| &self.bytes[a..b])
    }
}

impl LocalStrings {
    fn new(id: u32) -> Self {
        LocalStrings {
            id,
            table: Default::default(),
            sent: 1, // 0 is the empty string, everywhere
        }
    }

    fn intern(&mut self, s: &str) -> crate::model::Sym {
        self.table.intern(s)
    }

    /// Starts a new table under a new id (from `next_id`) once this one holds more than
    /// [`LOCAL_STRINGS_MAX`] bytes, and returns the retired id: the merging thread drops its remap.
    /// Without this every worker would keep a copy of every string it ever met until the load
    /// ends, which at the peak cost about two string tables more than the store (~60 bytes per
    /// event at 1M).
    fn renew_if_big(&mut self, next_id: impl FnOnce() -> u32) -> Option<u32> {
        if self.table.heap_bytes() <= LOCAL_STRINGS_MAX {
            return None;
        }
        let old = self.id;
        *self = LocalStrings::new(next_id());
        Some(old)
    }

    /// The strings added since the last call.
    fn take_fresh(&mut self) -> Fresh {
        let mut f = Fresh::default();
        for s in self.table.iter_from(self.sent) {
            f.bytes.push_str(s);
            f.ends.push(f.bytes.len());
        }
        self.sent = self.table.len() as u32;
        f
    }
}

/// Heap bytes past which a worker's string table is started afresh (see
/// [`LocalStrings::renew_if_big`]).
const LOCAL_STRINGS_MAX: usize = 4 << 20;

struct FileResult {
    source: u32,
    /// A `LocalStrings::id` no later batch uses: its remap can go.
    retired: Option<u32>,
    /// `LocalStrings::id` the batch's symbols belong to.
    strings_id: u32,
    /// New strings of that table, to append to its remap before this batch.
    fresh: Fresh,
    batch: EventStore,
    ex: extract::Extracted,
    /// What decoding ignored without losing anything (trailing bytes after the gzip data).
    notes: Vec<String>,
    mem: Option<Arc<[u8]>>,
    mtime: Option<std::time::SystemTime>,
    size: u64,
}

fn process(
    source: u32,
    src: &Src,
    opts: &LoadOptions,
    strings: &mut LocalStrings,
    cancel: &AtomicBool,
) -> FileResult {
    let limits = ExtractLimits {
        max_record_bytes: opts.max_record_bytes,
    };
    let mut batch = EventStore::default();
    let mut ex = extract::Extracted::default();
    let mut mem = None;
    let mut notes = Vec::new();
    let mut mtime = None;
    let mut size = 0;
    let fetched = match src {
        Src::Remote(p) => p.ready.wait(cancel).map(|()| p.path.as_path()),
        Src::File(c) => Ok(c.path.as_path()),
        Src::Mem { .. } => Ok(std::path::Path::new("")),
    };
    let content = match (src, fetched) {
        (Src::Remote(_), Err(reason)) => Err(error::LoadErrorKind::Fetch(reason)),
        (Src::File(_) | Src::Remote(_), Ok(path)) => {
            let meta = std::fs::metadata(path);
            if let Ok(m) = &meta {
                mtime = m.modified().ok();
                size = m.len();
            }
            match meta {
                Ok(m) if m.is_dir() => Err(error::LoadErrorKind::IsDirectory),
                // A FIFO or device would block or never end: only regular files are read.
                Ok(m) if !m.is_file() => Err(error::LoadErrorKind::NotRegular),
                _ => decode::decode_file_or_cancel(path, opts.max_file_bytes, cancel),
            }
        }
        (
            Src::Mem {
                bytes,
                decoded: Some(warnings),
                ..
            },
            _,
        ) => {
            size = bytes.len() as u64;
            mem = Some(bytes.clone());
            Ok(decode::Decoded {
                bytes: Vec::new(),
                warnings: warnings.clone(),
            })
        }
        (Src::Mem { bytes, .. }, _) => {
            size = bytes.len() as u64;
            decode::decode_bytes_or_cancel(bytes.to_vec(), opts.max_file_bytes, cancel)
        }
        (Src::File(_), Err(_)) => unreachable!("a file needs no fetch"),
    };
    match content {
        Err(e) => ex.fatal = Some(e.to_string()),
        Ok(decoded) => {
            let content: &[u8] = match &mem {
                Some(m) => m,
                None => &decoded.bytes,
            };
            ex = extract::extract_or_cancel(
                content,
                source,
                &mut batch,
                &mut |s| strings.intern(s),
                limits,
                cancel,
            );
            notes = decoded.warnings;
            if matches!(src, Src::Mem { .. }) && mem.is_none() {
                mem = Some(Arc::from(decoded.bytes));
            } else {
                decode::recycle(decoded.bytes);
            }
        }
    }
    FileResult {
        source,
        retired: None,
        strings_id: strings.id,
        fresh: strings.take_fresh(),
        batch,
        ex,
        notes,
        mem,
        mtime,
        size,
    }
}

/// Starts loading `inputs` into `store` on a background thread.
pub fn spawn(inputs: Vec<Input>, opts: LoadOptions, store: Arc<RwLock<EventStore>>) -> LoadHandle {
    let progress = Arc::new(Progress::default());
    let (tx, rx) = mpsc::channel();
    let p = progress.clone();
    let thread = std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let report = run(inputs, &opts, &store, &p, false, &|ev| {
                let _ = tx.send(ev);
            });
            let _ = tx.send(LoadEvent::Done(Box::new(report)));
        })
        .expect("spawn loader thread");
    LoadHandle {
        progress,
        rx,
        thread,
    }
}

/// Loads `inputs` on all cores and returns the finalized store and the report.
pub fn load(
    inputs: Vec<Input>,
    opts: &LoadOptions,
    progress: &Progress,
) -> (EventStore, LoadReport) {
    let store = Arc::new(RwLock::new(EventStore::default()));
    let report = run(inputs, opts, &store, progress, true, &|_| {});
    let store = Arc::try_unwrap(store)
        .map(|l| l.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_else(|a| a.read().unwrap().clone());
    (store, report)
}

/// Sorts and deduplicates a loaded store (see [`EventStore::plan_finalize`]), then gives back the
/// memory the load no longer needs.
pub fn finalize_store(st: &mut EventStore) -> crate::model::FinalizeReport {
    finalize_store_or_cancel(st, &AtomicBool::new(false)).expect("not cancelled")
}

/// Like [`finalize_store`], but gives up (store unchanged, `None`) as soon as `cancel` is set.
pub fn finalize_store_or_cancel(
    st: &mut EventStore,
    cancel: &AtomicBool,
) -> Option<crate::model::FinalizeReport> {
    let plan = plan_finalize(st, cancel)?;
    let fin = st.apply_finalize(plan)?;
    st.shrink_to_fit();
    decode::drop_spares();
    release_freed_memory();
    heap::for_queries();
    Some(fin)
}

/// Finalizes a store that others read meanwhile (the explorer draws from it): the slow plan
/// runs under a read lock, only the permutation under the write lock, so frames and quitting
/// never wait on the duplicate search's re-reads. `None` when `cancel` was set (store unchanged).
pub fn finalize_shared(
    store: &RwLock<EventStore>,
    cancel: &AtomicBool,
) -> Option<crate::model::FinalizeReport> {
    let plan = {
        let st = store.read().unwrap_or_else(|e| e.into_inner());
        plan_finalize(&st, cancel)?
    };
    let mut st = store.write().unwrap_or_else(|e| e.into_inner());
    // Nothing appends after the load ends, so the plan still fits; if it does not, plan again
    // under the write lock rather than apply a stale one.
    let fin = match st.apply_finalize(plan) {
        Some(fin) => fin,
        None => {
            let plan = plan_finalize(&st, cancel)?;
            st.apply_finalize(plan)?
        }
    };
    st.shrink_to_fit();
    drop(st);
    decode::drop_spares();
    release_freed_memory();
    heap::for_queries();
    Some(fin)
}

/// The slow part of finalizing (sort, duplicate search, re-reading sources where contents must
/// be compared), which only needs to read the store: a caller sharing the store can run it under
/// a read lock and take the write lock only for [`EventStore::apply_finalize`] (then call
/// [`EventStore::shrink_to_fit`]). `None` when `cancel` was set.
pub fn plan_finalize(st: &EventStore, cancel: &AtomicBool) -> Option<crate::model::FinalizePlan> {
    st.plan_finalize(&mut reread::Reparse::default(), cancel)
}

/// Reads standard input, inflating it as it streams in and stopping at `limit` decompressed
/// bytes (an endless pipe is an error, not an OOM).
fn read_stdin(limit: u64, cancel: &AtomicBool) -> Result<decode::Decoded, error::LoadErrorKind> {
    decode::decode_stream_or_cancel(std::io::stdin().lock(), None, limit, cancel)
}

/// Write-locks the store for a merge without ever parking in the lock: std's `RwLock` makes new
/// readers wait behind a waiting writer, and the explorer's jobs take nested read locks (a pool
/// worker waiting in a `join` while holding one may run another job that takes one too), so a
/// parked writer could stop the jobs, the frames and so the load for good. Retrying instead
/// lets readers in; the merge gets the lock as soon as no job holds it. Headless loads have no
/// readers: the first try succeeds.
fn write_yielding(store: &RwLock<EventStore>) -> std::sync::RwLockWriteGuard<'_, EventStore> {
    loop {
        match store.try_write() {
            Ok(g) => return g,
            Err(std::sync::TryLockError::Poisoned(e)) => return e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(Duration::from_micros(200))
            }
        }
    }
}

/// Loads into `store`. With `finalize`, also sorts and deduplicates it (renumbering rows); a live
/// reader (the explorer) leaves that to the thread that renders, so that it never draws row
/// numbers from before the renumbering against the store after it.
fn run(
    inputs: Vec<Input>,
    opts: &LoadOptions,
    store: &RwLock<EventStore>,
    progress: &Progress,
    finalize: bool,
    notify: &(dyn Fn(LoadEvent) + Sync),
) -> LoadReport {
    heap::for_load();
    let start = Instant::now();
    let mut report = LoadReport::default();
    let mut srcs: Vec<Src> = Vec::new();
    // Running S3 fetches: dropped (stopping what has not started) when the load ends.
    let mut fetches: Vec<s3::Fetch> = Vec::new();
    let problem = |report: &mut LoadReport, path: String, reason: String| {
        progress.failed.fetch_add(1, Relaxed);
        let fp = FileProblem::failure(path, reason);
        notify(LoadEvent::Problem(fp.clone()));
        report.failed.push(fp);
    };
    // Discovery, in input order (paths grouped so each folder walk is sorted).
    for input in inputs {
        match input {
            Input::Path(p) => {
                let d = discover::discover(&[p], opts.follow_links);
                report.skipped_links += d.links;
                report.skipped_other += d.other;
                for (path, reason) in d.problems {
                    problem(&mut report, path, reason);
                }
                srcs.extend(d.files.into_iter().map(Src::File));
            }
            Input::Stdin => match read_stdin(opts.max_file_bytes, &progress.cancel) {
                Ok(d) => srcs.push(Src::Mem {
                    name: "<stdin>".into(),
                    bytes: Arc::from(d.bytes),
                    decoded: Some(d.warnings),
                }),
                Err(e) => problem(&mut report, "<stdin>".into(), e.to_string()),
            },
            Input::Memory { name, bytes } => srcs.push(Src::Mem {
                name,
                bytes,
                decoded: None,
            }),
            Input::S3(p) => {
                let f = p.start();
                srcs.extend(f.items.iter().cloned().map(Src::Remote));
                fetches.push(f);
            }
        }
    }
    let bytes_total: u64 = srcs
        .iter()
        .map(|s| match s {
            Src::File(c) => c.size,
            Src::Mem { bytes, .. } => bytes.len() as u64,
            Src::Remote(p) => p.size,
        })
        .sum();
    progress.files_total.store(srcs.len() as u64, Relaxed);
    progress.bytes_total.store(bytes_total, Relaxed);
    progress.discovered.store(true, Relaxed);
    {
        let mut st = write_yielding(store);
        // Nobody reads a store finalized here before it is sorted: no time order to keep.
        st.track_time_order(!finalize);
        st.sources = srcs
            .iter()
            .map(|s| match s {
                Src::File(c) => SourceInfo {
                    label: String::new(),
                    path: Some(c.path.clone()),
                    mem: None,
                    size: c.size,
                    mtime: None,
                    verdict: Default::default(),
                },
                Src::Mem { name, bytes, .. } => SourceInfo {
                    label: name.clone(),
                    path: None,
                    mem: None,
                    size: bytes.len() as u64,
                    mtime: None,
                    verdict: Default::default(),
                },
                Src::Remote(p) => SourceInfo {
                    label: p.name.clone(),
                    path: Some(p.path.clone()),
                    mem: None,
                    size: p.size,
                    mtime: None,
                    verdict: Default::default(),
                },
            })
            .collect();
    }
    report.files_found = srcs.len();

    // Parse on all cores; merge batches on this thread as they arrive.
    let (tx, rx) = mpsc::sync_channel::<FileResult>(64);
    let next_id = std::sync::atomic::AtomicU32::new(0);
    let next_id = &next_id;
    let cancelled = std::thread::scope(|scope| {
        let srcs = &srcs;
        scope.spawn(move || {
            srcs.par_iter().enumerate().for_each_init(
                || (tx.clone(), LocalStrings::new(next_id.fetch_add(1, Relaxed))),
                |(tx, strings), (i, s)| {
                    if progress.cancel.load(Relaxed) {
                        return;
                    }
                    let retired = strings.renew_if_big(|| next_id.fetch_add(1, Relaxed));
                    let mut r = process(i as u32, s, opts, strings, &progress.cancel);
                    r.retired = retired;
                    let _ = tx.send(r);
                },
            );
            drop(tx);
        });
        // Per worker table: local symbol → global symbol.
        let mut remaps: rustc_hash::FxHashMap<u32, Vec<crate::model::Sym>> = Default::default();
        let mut next_trim = 1usize << 16;
        for r in rx {
            if let Some(old) = r.retired {
                // Every batch of the old table came before this one, on the same sender.
                remaps.remove(&old);
            }
            // Grow this worker's remap even for a batch we drop: later batches use its symbols.
            let remap = remaps
                .entry(r.strings_id)
                .or_insert_with(|| vec![crate::model::Sym::NONE]);
            if !r.fresh.is_empty() {
                let mut st = write_yielding(store);
                remap.extend(r.fresh.iter().map(|s| st.intern_resource(s)));
                drop(st);
            }
            let name = srcs[r.source as usize].name();
            progress.files_done.fetch_add(1, Relaxed);
            progress.bytes_done.fetch_add(r.size, Relaxed);
            let mut ex = r.ex;
            if ex.events == 0 && ex.fatal.is_none() && !ex.problems.is_empty() {
                // Nothing of it loaded: that is a failed file, not a partial one.
                ex.fatal = Some(std::mem::take(&mut ex.problems).join("; "));
            }
            if ex.shape == Some(Shape::Digest) {
                report.skipped_digests += 1;
                continue;
            }
            let mut notes = r.notes;
            if let Some(reason) = &ex.fatal {
                let mut reason = reason.clone();
                for n in notes.drain(..) {
                    reason.push_str("; ");
                    reason.push_str(&n);
                }
                problem(&mut report, name.clone(), reason);
            }
            if !ex.problems.is_empty() || !notes.is_empty() {
                // Events may be lost only where extraction skipped something.
                let kind = if ex.problems.is_empty() {
                    ProblemKind::Warning
                } else {
                    ProblemKind::Failure
                };
                let mut all = std::mem::take(&mut ex.problems);
                all.extend(notes);
                let fp = FileProblem {
                    path: name.clone(),
                    reason: all.join("; "),
                    kind,
                };
                notify(LoadEvent::Problem(fp.clone()));
                report.warnings.push(fp);
            }
            if ex.events > 0 && progress.events.load(Relaxed) + ex.events as u64 > opts.max_events {
                let kind = error::LoadErrorKind::EventLimit {
                    events: ex.events,
                    loaded: progress.events.load(Relaxed),
                    limit: opts.max_events,
                };
                problem(&mut report, name.clone(), kind.to_string());
                continue;
            }
            if ex.events > 0 {
                report.files_read += 1;
                let shape = ex.shape.unwrap_or(Shape::Object).name();
                let e = report.shapes.entry(shape).or_default();
                e.0 += 1;
                e.1 += ex.events;
                progress.events.fetch_add(ex.events as u64, Relaxed);
                let mut st = write_yielding(store);
                let info = &mut st.sources[r.source as usize];
                info.mtime = r.mtime;
                if r.size > 0 {
                    info.size = r.size;
                }
                info.mem = r.mem;
                st.append_remapped(r.batch, remap);
                let rows = st.len();
                drop(st);
                if rows >= next_trim {
                    // Each doubling of the columns left their old copies free in the heap
                    // (below glibc's mmap threshold, a grown Vec is copied, not remapped): hand
                    // them back now, not only at the end, or they count in the load's peak.
                    release_freed_memory();
                    next_trim = rows.saturating_mul(2);
                }
                notify(LoadEvent::Appended);
            }
        }
        progress.cancel.load(Relaxed)
    });
    drop(fetches);
    report.cancelled = cancelled;

    if finalize && !report.cancelled {
        match finalize_store_or_cancel(&mut store.write().unwrap(), &progress.cancel) {
            Some(fin) => {
                report.duplicates = fin.duplicates;
                report.remap = fin.remap;
            }
            None => report.cancelled = true,
        }
    }
    let st = store.read().unwrap();
    report.events = st.len();
    report.undated = st.undated();
    report.future = st.future(crate::model::time::now_ms());
    drop(st);
    report.elapsed = start.elapsed();
    report
}
