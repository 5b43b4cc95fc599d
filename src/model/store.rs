//! The event store: one column per indexed field (struct of arrays), interned strings, and where
//! each record's original bytes live. Pure data: no I/O, no terminal.

use super::column::SymCol;
use super::ids::IdColumn;
use super::intern::{Interner, Sym};
use super::lineage::Lineage;
use super::time::UNDATED;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

/// The interned (string) columns, in a fixed order. `SymField as usize` indexes
/// [`EventStore::syms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SymField {
    /// `eventName`.
    Name,
    /// `eventSource`.
    Source,
    /// `awsRegion`.
    Region,
    /// `sourceIPAddress`.
    Ip,
    /// `userAgent`.
    Agent,
    /// `errorCode`.
    Error,
    /// `userIdentity.type`.
    IdentityType,
    /// The normalised display name of the principal (see `loader::extract::who`).
    Who,
    /// `userIdentity.arn`.
    Arn,
    /// `recipientAccountId`.
    Account,
    /// `userIdentity.accountId`.
    PrincipalAccount,
    /// `userIdentity.accessKeyId`.
    Key,
    /// `userIdentity.sessionContext.sessionIssuer.arn` (the role behind a session).
    Issuer,
    /// `userIdentity.principalId` (identifies an assumed-role session).
    Principal,
    /// `eventType`.
    EventType,
    /// `eventCategory`.
    Category,
    /// `errorMessage`.
    ErrorMessage,
}

impl SymField {
    /// Number of interned columns.
    pub const COUNT: usize = 17;
    /// Every interned column, in column order.
    pub const ALL: [SymField; Self::COUNT] = [
        SymField::Name,
        SymField::Source,
        SymField::Region,
        SymField::Ip,
        SymField::Agent,
        SymField::Error,
        SymField::IdentityType,
        SymField::Who,
        SymField::Arn,
        SymField::Account,
        SymField::PrincipalAccount,
        SymField::Key,
        SymField::Issuer,
        SymField::Principal,
        SymField::EventType,
        SymField::Category,
        SymField::ErrorMessage,
    ];

    /// A short name of the column (`name`, `event_type`, …), as the memory report shows it.
    pub const fn key(self) -> &'static str {
        match self {
            SymField::Name => "name",
            SymField::Source => "source",
            SymField::Region => "region",
            SymField::Ip => "ip",
            SymField::Agent => "agent",
            SymField::Error => "error",
            SymField::IdentityType => "identity_type",
            SymField::Who => "who",
            SymField::Arn => "arn",
            SymField::Account => "account",
            SymField::PrincipalAccount => "principal_account",
            SymField::Key => "key",
            SymField::Issuer => "issuer",
            SymField::Principal => "principal",
            SymField::EventType => "event_type",
            SymField::Category => "category",
            SymField::ErrorMessage => "error_message",
        }
    }

    /// The CloudTrail JSON path this column is read from (the field registry,
    /// `query::fields`, shows it as what a field reads).
    pub const fn json_path(self) -> &'static str {
        match self {
            SymField::Name => "eventName",
            SymField::Source => "eventSource",
            SymField::Region => "awsRegion",
            SymField::Ip => "sourceIPAddress",
            SymField::Agent => "userAgent",
            SymField::Error => "errorCode",
            SymField::IdentityType => "userIdentity.type",
            SymField::Who => "userIdentity (who)",
            SymField::Arn => "userIdentity.arn",
            SymField::Account => "recipientAccountId",
            SymField::PrincipalAccount => "userIdentity.accountId",
            SymField::Key => "userIdentity.accessKeyId",
            SymField::Issuer => "userIdentity.sessionContext.sessionIssuer.arn",
            SymField::Principal => "userIdentity.principalId",
            SymField::EventType => "eventType",
            SymField::Category => "eventCategory",
            SymField::ErrorMessage => "errorMessage",
        }
    }
}

/// Bits of [`EventStore::flags`].
pub mod flags {
    /// `readOnly` was present (true or false).
    pub const READONLY_KNOWN: u8 = 1;
    /// `readOnly` was true.
    pub const READONLY: u8 = 2;
    /// The record's bytes are a JSON string's contents (lookup-events `CloudTrailEvent`) and
    /// must be unescaped to give the original record.
    pub const ESCAPED: u8 = 4;
    /// `managementEvent` was true.
    pub const MANAGEMENT: u8 = 8;
    /// No key of [`crate::model::keyset::TOP_KEYS`] appears twice at the record's top level (ASCII
    /// case-insensitively).
    pub const UNIQUE_TOP: u8 = 16;
    /// As [`UNIQUE_TOP`], and the one `userIdentity` has no key of
    /// [`crate::model::keyset::IDENTITY_KEYS`] twice.
    pub const UNIQUE_IDENTITY: u8 = 32;
}

/// Where a record's original bytes are: a range of the *decompressed* content of a source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawLoc {
    /// Index into [`EventStore::sources`].
    pub source: u32,
    /// Length in bytes.
    pub len: u32,
    /// Byte offset in the decompressed content (a source is at most 4 GiB decompressed).
    pub offset: u32,
}

/// One input the events came from.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    /// How to name it to the user when that is not its path (`<stdin>`, `<demo>`, an S3 key);
    /// empty for a file, named by [`SourceInfo::name`] from its path (a path per file is
    /// enough: tens of thousands of files at 10M events).
    pub label: String,
    /// The file to re-read record bytes from; `None` for in-memory sources.
    pub path: Option<PathBuf>,
    /// The decompressed bytes of an in-memory source (stdin, the bundled demo).
    pub mem: Option<Arc<[u8]>>,
    /// File size on disk when it was indexed (to notice a rewritten file).
    pub size: u64,
    /// Modification time when it was indexed.
    pub mtime: Option<SystemTime>,
    /// What verification against the digest files found (set after the load by `verify`).
    pub verdict: super::source::Verdict,
}

impl SourceInfo {
    /// How to name it to the user: its label, else its path (bytes that are not UTF-8 as
    /// `\xNN`).
    pub fn name(&self) -> Cow<'_, str> {
        match (&self.path, self.label.is_empty()) {
            (Some(p), true) => Cow::Owned(path_name(p)),
            _ => Cow::Borrowed(&self.label),
        }
    }
}

/// How a path is named to the user: its bytes as they are where they are UTF-8, and each byte
/// that is not shown as `\xNN` (so the file can still be found: `ls $'bad\xff.json'`), never
/// replaced by U+FFFD.
pub fn path_name(p: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in p.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// All loaded events, one column per field. Row `i` of every column is the same event.
/// After [`EventStore::finalize`] rows are in time order (undated last).
#[derive(Debug, Default, Clone)]
pub struct EventStore {
    /// The string table shared by every interned column.
    pub strings: Interner,
    /// The S3 object ARNs of `res` (symbols tagged [`super::objects::OBJECT`]), shared by
    /// directory.
    pub objects: super::Objects,
    /// `eventTime` in UTC milliseconds; [`UNDATED`] when missing or unparseable (4 bytes a
    /// row, see [`super::times`]).
    pub time: super::times::Times,
    /// Interned columns, indexed by `SymField as usize`.
    pub syms: [SymCol; SymField::COUNT],
    /// `eventID`.
    pub event_id: IdColumn,
    /// A 32-bit fingerprint of each `requestID` ([`super::ids::fingerprint`]; 0 when absent).
    /// The ids themselves stay in the records: a `request:` term tests only the rows whose
    /// fingerprint agrees, reading their records (4 bytes a row instead of 17).
    pub request_fp: Vec<u32>,
    /// Bit flags, see [`flags`].
    pub flags: Vec<u8>,
    /// `resources[].ARN` of row `i` are `res[res_off.get(i)..res_off.get(i + 1)]` (`res.len()`
    /// for the last row).
    pub res_off: super::starts::Starts,
    /// Resource ARNs, see `res_off`.
    pub res: Vec<Sym>,
    /// Where each record's bytes live.
    pub loc: super::locs::Locs,
    /// xxh3 of each record's raw bytes (as stored at `loc`), folded to 32 bits
    /// ([`super::source::fold_hash`]): verifies re-reads, finds duplicates.
    pub hash: Vec<u32>,
    /// Access keys issued by the event's response (`AssumeRole`, `GetSessionToken`, …):
    /// sorted by row. The lineage of a key is found by looking its issuer up here.
    pub issued: Vec<(u32, Sym)>,
    /// `responseElements.credentials.expiration` of the credentials `issued[i]`, in seconds
    /// since the epoch (0: none or unparseable); one per entry of `issued`.
    pub expiry: Vec<u32>,
    /// `sessionContext.attributes.creationDate` of temporary keys used by an `IAMUser` or
    /// `Root` identity (console sessions, whose sign-in issues no key in its response): one
    /// entry per key and batch at least, in no order (the lineage dedupes).
    pub key_created: Vec<(Sym, i64)>,
    /// The inputs; `RawLoc::source` indexes it.
    pub sources: Vec<SourceInfo>,
    /// Local Insights computed for these rows (`detect::insights`); cleared when rows are
    /// renumbered.
    pub insights: super::insights::Insights,
    /// What the detection rules flagged (empty until `crate::detect` ran); renumbered with the
    /// rows by [`EventStore::apply_finalize`].
    hits: super::hits::Hits,
    sorted: bool,
    /// While rows are not in time order: the time order of the batches appended so far.
    runs: super::order::TimeRuns,
    /// Set when no one reads the store before it is sorted: `runs` are not kept.
    no_runs: bool,
    /// The credential graph, built on first use and dropped when rows change.
    lineage: OnceLock<Lineage>,
}

/// One record's indexed fields, borrowed from the parse; the input of [`EventStore::push`].
#[derive(Debug, Default, Clone)]
pub struct NewEvent<'a> {
    /// Parsed time or [`UNDATED`].
    pub time: i64,
    /// Interned fields, indexed by `SymField as usize`.
    pub syms: [&'a str; SymField::COUNT],
    /// `eventID`.
    pub event_id: &'a str,
    /// `requestID`.
    pub request_id: &'a str,
    /// Flags, see [`flags`].
    pub flags: u8,
    /// `resources[].ARN`.
    pub resources: Vec<&'a str>,
    /// Access key issued in `responseElements.credentials.accessKeyId` (or
    /// `responseElements.accessKey.accessKeyId`), or empty.
    pub issued_key: &'a str,
    /// The issued credentials' `expiration`, ms since the epoch.
    pub issued_expiry: Option<i64>,
    /// `sessionContext.attributes.creationDate` of the key this event was made with, when it
    /// is worth keeping (see [`EventStore::key_created`]), ms since the epoch.
    pub key_created: Option<i64>,
    /// Where the bytes are.
    pub loc: RawLoc,
    /// xxh3 of the raw bytes.
    pub hash: u64,
}

/// What [`EventStore::finalize`] did.
#[derive(Debug, Default, Clone)]
pub struct FinalizeReport {
    /// Rows dropped as duplicate deliveries (same eventID, same content).
    pub duplicates: usize,
    /// `remap[old_row]` = new row, or `u32::MAX` for a dropped duplicate.
    pub remap: Vec<u32>,
}

/// A key of a record's content (see [`ContentCheck::keys`]).
pub type ContentKey = [u8; 32];

/// Decides which records with the same eventID and time but different bytes are the same
/// record (a delivery reformatted, a lookup-events copy of a logged event). Implemented by the
/// loader, which re-reads sources; the store only asks.
pub trait ContentCheck {
    /// A key of each of `rows`' records that is equal for equal content whatever the formatting
    /// (`None`: unreadable, never treated as a duplicate). Should read each source once and
    /// stop early when `cancel` is set.
    fn keys(
        &mut self,
        store: &EventStore,
        rows: &[u32],
        cancel: &AtomicBool,
    ) -> Vec<Option<ContentKey>>;
    /// True when equal [`ContentCheck::keys`] mean equal content (a collision-resistant digest
    /// of a canonical form): then [`ContentCheck::same`] is never asked, so N copies of one
    /// record cost N keys, not N comparisons that each re-read two sources.
    fn keys_are_exact(&self) -> bool {
        false
    }
    /// Rows `a` and `b` share eventID, time and key: do they hold the same record?
    fn same(&mut self, store: &EventStore, a: usize, b: usize) -> bool;
    /// A collision-resistant digest (SHA-256) of each of `rows`' record bytes (`None`:
    /// unreadable). Rows whose 64-bit load hashes are equal are dropped as duplicates only when
    /// these agree too, so a forged hash collision cannot make an event vanish. Should read
    /// each source once and stop early when `cancel` is set.
    fn digests(
        &mut self,
        store: &EventStore,
        rows: &[u32],
        cancel: &AtomicBool,
    ) -> Vec<Option<[u8; 32]>>;
    /// A collision-resistant digest (SHA-256) of each of `sources` as stored, whole (`None`:
    /// unreadable, changed size since it was indexed, or not supported). Two sources with equal
    /// digests hold the same content, so rows at the same place in both are the same bytes:
    /// a byte-identical second delivery of a file is confirmed with one hash of each file,
    /// without inflating it or hashing its records. Should stop early when `cancel` is set.
    fn file_digests(
        &mut self,
        _store: &EventStore,
        sources: &[u32],
        _cancel: &AtomicBool,
    ) -> Vec<Option<[u8; 32]>> {
        vec![None; sources.len()]
    }
    /// [`ContentCheck::digests`] of `digest_rows` and [`ContentCheck::keys`] of `key_rows`
    /// (either may be empty), which the loader takes in one read of each source.
    fn digests_and_keys(
        &mut self,
        store: &EventStore,
        digest_rows: &[u32],
        key_rows: &[u32],
        cancel: &AtomicBool,
    ) -> (Vec<Option<[u8; 32]>>, Vec<Option<ContentKey>>) {
        let d = if digest_rows.is_empty() {
            Vec::new()
        } else {
            self.digests(store, digest_rows, cancel)
        };
        let k = if key_rows.is_empty() {
            Vec::new()
        } else {
            self.keys(store, key_rows, cancel)
        };
        (d, k)
    }
}

/// The outcome of [`EventStore::plan_finalize`], applied by [`EventStore::apply_finalize`].
#[derive(Debug, Clone)]
pub struct FinalizePlan {
    /// New row `i` is old row `perm[i]` (duplicates left out).
    perm: Vec<u32>,
    duplicates: usize,
    /// Rows when the plan was made.
    len: usize,
}

impl FinalizePlan {
    /// Rows that will be dropped as duplicate deliveries.
    pub fn duplicates(&self) -> usize {
        self.duplicates
    }
}

impl EventStore {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// True when no event is loaded.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// True once `finalize` ran and no row was added since: rows are in time order.
    pub fn is_sorted(&self) -> bool {
        self.sorted
    }

    /// What the detection rules flagged.
    pub fn hits(&self) -> &super::hits::Hits {
        &self.hits
    }

    /// Replaces the detection hits (rows are this store's current rows).
    pub fn set_hits(&mut self, hits: super::hits::Hits) {
        self.hits = hits;
    }

    /// The detection hits, to add to (hits of rows that arrived later).
    pub fn hits_mut(&mut self) -> &mut super::hits::Hits {
        &mut self.hits
    }

    /// The column of `f`.
    pub fn col(&self, f: SymField) -> &SymCol {
        &self.syms[f as usize]
    }

    /// The string of field `f` for `row`.
    pub fn str(&self, f: SymField, row: usize) -> &str {
        self.strings.resolve(self.syms[f as usize][row])
    }

    /// Resource ARNs of `row`.
    pub fn resources(&self, row: usize) -> &[Sym] {
        let a = self.res_off.get(row) as usize;
        let b = if row + 1 == self.res_off.len() {
            self.res.len()
        } else {
            self.res_off.get(row + 1) as usize
        };
        &self.res[a..b]
    }

    /// `readOnly` of `row`: `None` when absent.
    pub fn read_only(&self, row: usize) -> Option<bool> {
        let f = self.flags[row];
        (f & flags::READONLY_KNOWN != 0).then_some(f & flags::READONLY != 0)
    }

    /// The credential graph (see [`super::lineage`]): built on first use after rows change
    /// (the loader's finalize builds it at once).
    pub fn lineage(&self) -> &Lineage {
        let l = self.lineage.get_or_init(|| Lineage::build(self));
        debug_assert_eq!(l.rows_built(), self.len());
        l
    }

    /// The access key issued by `row`'s response, if any.
    pub fn issued_key(&self, row: usize) -> Option<Sym> {
        self.issued
            .binary_search_by_key(&(row as u32), |&(r, _)| r)
            .ok()
            .map(|i| self.issued[i].1)
    }

    /// Appends one event.
    pub fn push(&mut self, ev: &NewEvent<'_>) {
        let mut strings = std::mem::replace(&mut self.strings, Interner::placeholder());
        let first = self.res.len();
        self.push_with(ev, &mut |s| strings.intern(s));
        self.strings = strings;
        for i in first..self.res.len() {
            let text = self.strings.resolve(self.res[i]);
            if super::objects::split(text).is_some() {
                let text = text.to_string();
                self.res[i] = self.intern_resource(&text);
            }
        }
    }

    /// The symbol of `s` as a resource ARN: an [`super::Objects`] symbol for an S3 object ARN,
    /// else the string table's. (The loader's merge sends every new string here: a resource
    /// column takes either, and [`EventStore::append_remapped`] gives any other column that
    /// meets an object symbol the string table's instead.)
    pub fn intern_resource(&mut self, s: &str) -> Sym {
        match super::objects::split(s) {
            Some(at) => Sym(super::objects::OBJECT | self.objects.intern(s, at)),
            None => self.strings.intern(s),
        }
    }

    /// The text of a resource symbol (of [`EventStore::resources`]).
    pub fn resource_text(&self, s: Sym) -> Cow<'_, str> {
        match super::objects::is_object(s) {
            true => Cow::Owned(self.objects.text(s.0 & !super::objects::OBJECT)),
            false => Cow::Borrowed(self.strings.resolve(s)),
        }
    }

    /// The resource symbol of `s` if the store holds it.
    pub fn lookup_resource(&self, s: &str) -> Option<Sym> {
        match super::objects::split(s) {
            Some(_) => self
                .objects
                .lookup(s)
                .map(|i| Sym(super::objects::OBJECT | i)),
            None => self.strings.lookup(s),
        }
    }

    /// Appends one event, interning its strings with `intern` instead of [`EventStore::strings`]
    /// (the loader's workers intern into a table of their own that outlives one batch).
    pub fn push_with(&mut self, ev: &NewEvent<'_>, intern: &mut dyn FnMut(&str) -> Sym) {
        self.push_with_resources(ev, &mut ev.resources.iter().copied(), intern);
    }

    /// Like [`EventStore::push_with`], with the resource ARNs given by `resources` instead of
    /// `ev.resources` (so a record with millions of them needs no second list of them).
    pub fn push_with_resources<'r>(
        &mut self,
        ev: &NewEvent<'_>,
        resources: &mut dyn Iterator<Item = &'r str>,
        intern: &mut dyn FnMut(&str) -> Sym,
    ) {
        let row = self.time.len() as u32;
        self.time.push(ev.time);
        for (i, s) in ev.syms.iter().enumerate() {
            self.syms[i].push(intern(s));
        }
        self.event_id.push(ev.event_id);
        self.request_fp.push(super::ids::fingerprint(ev.request_id));
        self.flags.push(ev.flags);
        self.res_off.push(self.res.len() as u32);
        for r in resources {
            self.res.push(intern(r));
        }
        if !ev.issued_key.is_empty() {
            self.issued.push((row, intern(ev.issued_key)));
            let secs = ev
                .issued_expiry
                .filter(|&t| t >= 1000)
                .map_or(0, |t| (t / 1000).min(u32::MAX as i64) as u32);
            self.expiry.push(secs);
        }
        if let Some(created) = ev.key_created {
            let key = self.syms[SymField::Key as usize][row as usize];
            // A session's events mostly come in runs: one entry per run, not per event.
            let recent = self.key_created.iter().rev().take(8);
            if !key.is_none() && !recent.clone().any(|&(k, _)| k == key) {
                self.key_created.push((key, created));
            }
        }
        self.loc.push(ev.loc);
        self.hash.push(super::source::fold_hash(ev.hash));
        self.sorted = false;
        self.lineage = OnceLock::new();
    }

    /// Appends every row of `other` (a batch built with its own string table).
    /// `other.sources` is ignored: `RawLoc::source` is global already.
    pub fn append(&mut self, other: EventStore) {
        if other.is_empty() {
            return;
        }
        let mut remap: Vec<Sym> = other
            .strings
            .iter()
            .map(|(_, s)| self.intern_resource(s))
            .collect();
        // `other`'s own object symbols (from its `push`) come after its strings'.
        let base = remap.len() as u32;
        for i in 0..other.objects.len() as u32 {
            let s = self.intern_resource(&other.objects.text(i));
            remap.push(s);
        }
        let mut other = other;
        for s in other.res.iter_mut() {
            if super::objects::is_object(*s) {
                *s = Sym(base + (s.0 & !super::objects::OBJECT));
            }
        }
        self.append_remapped(other, &remap);
    }

    /// Appends every row of `other`, whose symbols are translated by `remap` (its string
    /// table is ignored).
    pub fn append_remapped(&mut self, other: EventStore, remap: &[Sym]) {
        if other.is_empty() {
            return;
        }
        // `remap` may give object symbols (see `intern_resource`): fine for `res`, but any other
        // column (a forged record can put an S3 object ARN anywhere) gets the string table's.
        let fixed;
        let plain = match self.plain_remap(&other, remap) {
            Some(p) => {
                fixed = p;
                &fixed[..]
            }
            None => remap,
        };
        let base = self.time.len() as u32;
        self.time.extend(&other.time);
        for (dst, src) in self.syms.iter_mut().zip(other.syms.iter()) {
            dst.extend_remapped(src, plain);
        }
        self.event_id.extend(&other.event_id);
        self.request_fp.extend_from_slice(&other.request_fp);
        self.flags.extend_from_slice(&other.flags);
        let res_base = self.res.len() as u32;
        self.res
            .extend(other.res.iter().map(|s| remap[s.0 as usize]));
        for r in 0..other.res_off.len() {
            self.res_off.push(other.res_off.get(r) + res_base);
        }
        self.issued.extend(
            other
                .issued
                .iter()
                .map(|&(r, s)| (r + base, plain[s.0 as usize])),
        );
        self.expiry.extend_from_slice(&other.expiry);
        self.key_created.extend(
            other
                .key_created
                .iter()
                .map(|&(k, t)| (plain[k.0 as usize], t)),
        );
        self.loc.extend(&other.loc);
        self.hash.extend_from_slice(&other.hash);
        self.sorted = false;
        self.lineage = OnceLock::new();
        if !self.no_runs {
            let t = &self.time;
            self.runs.add(t.len(), |r| (t.get(r as usize), r));
        }
    }

    /// `remap` with its object symbols replaced by string-table ones, when a column of `other`
    /// other than `res` uses one (else `None`: nothing to fix, the common case).
    fn plain_remap(&mut self, other: &EventStore, remap: &[Sym]) -> Option<Vec<Sym>> {
        use super::objects::{is_object, OBJECT};
        let mut used = Vec::new();
        let mut check = |s: Sym| {
            if is_object(remap[s.0 as usize]) {
                used.push(s.0);
            }
        };
        for c in &other.syms {
            c.for_each_value(&mut check);
        }
        other.issued.iter().for_each(|&(_, s)| check(s));
        other.key_created.iter().for_each(|&(k, _)| check(k));
        if used.is_empty() {
            return None;
        }
        let mut plain = remap.to_vec();
        for i in used {
            let s = plain[i as usize];
            if is_object(s) {
                let text = self.objects.text(s.0 & !OBJECT);
                plain[i as usize] = self.strings.intern(&text);
            }
        }
        Some(plain)
    }

    /// Whether to keep the time order of appended batches while the store is unsorted (on by
    /// default: a reader may ask for rows in time order mid-load, see
    /// [`EventStore::time_order`]). A store nobody reads before it is finalized turns it off.
    pub fn track_time_order(&mut self, on: bool) {
        self.no_runs = !on;
        if !on {
            self.runs.clear();
        }
    }

    /// `rows` (ascending) in time order, ties by row: as they are once the store is sorted;
    /// while it loads, a merge of the sorted runs of the batches (no sort of every row).
    pub fn time_order(&self, rows: Vec<u32>) -> Vec<u32> {
        if self.sorted {
            return rows;
        }
        let t = &self.time;
        self.runs.order(rows, t.len(), |r| (t.get(r as usize), r))
    }

    /// Sorts rows by (time, source, offset) and drops duplicate deliveries. `same_content(a, b)`
    /// is asked only for rows that share an eventID and a time but whose bytes differ (it may
    /// compare them as parsed JSON). The loader uses [`EventStore::plan_finalize`] instead, which
    /// asks for one content key per record rather than one comparison per pair.
    pub fn finalize(
        &mut self,
        same_content: impl FnMut(&EventStore, usize, usize) -> bool,
    ) -> FinalizeReport {
        /// Every record gets the same key, so `same` decides (pairwise among the distinct byte
        /// contents of one eventID: fine for tests and small stores).
        struct Pairwise<F>(F);
        impl<F: FnMut(&EventStore, usize, usize) -> bool> ContentCheck for Pairwise<F> {
            fn keys(
                &mut self,
                _: &EventStore,
                rows: &[u32],
                _: &AtomicBool,
            ) -> Vec<Option<ContentKey>> {
                vec![Some([0; 32]); rows.len()]
            }
            fn same(&mut self, st: &EventStore, a: usize, b: usize) -> bool {
                (self.0)(st, a, b)
            }
            /// Equal load hashes are taken as equal bytes (tests and small stores).
            fn digests(
                &mut self,
                _: &EventStore,
                rows: &[u32],
                _: &AtomicBool,
            ) -> Vec<Option<[u8; 32]>> {
                vec![Some([0; 32]); rows.len()]
            }
        }
        let plan = self
            .plan_finalize(&mut Pairwise(same_content), &AtomicBool::new(false))
            .expect("not cancelled");
        self.apply_finalize(plan).expect("the store did not change")
    }

    /// Works out the time order and the duplicate deliveries without changing the store (so a
    /// read lock is enough while it runs), in O(n log n) whatever the times and ids look like:
    /// rows are grouped by (time, eventID); within a group, equal hashes of the bytes taken at
    /// load are the same delivery, and only groups with several distinct contents ask `check`
    /// for one key per content. `None` when `cancel` was set (checked throughout).
    pub fn plan_finalize(
        &self,
        check: &mut dyn ContentCheck,
        cancel: &AtomicBool,
    ) -> Option<FinalizePlan> {
        let cancelled = || cancel.load(Relaxed);
        let n = self.len();
        let mut perm: Vec<u32> = (0..n as u32).collect();
        perm.sort_unstable_by_key(|&r| {
            let l = self.loc.get(r as usize);
            (self.time.get(r as usize), l.source, l.offset)
        });
        if cancelled() {
            return None;
        }
        // Duplicate deliveries: equal time, equal (present) eventID, equal content. The first
        // in (time, source, offset) order is kept.
        let mut keep = vec![true; n];
        let mut duplicates = 0;
        // Positions in `perm` of the distinct contents of each (time, id) group that has more
        // than one: `reps[groups[g].0..groups[g].1]`, ascending.
        let mut reps: Vec<u32> = Vec::new();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut scratch: Vec<(u128, u8, u32, u32)> = Vec::new();
        // (kept row, row with an equal load hash): dropped once their digests agree.
        let mut confirm: Vec<(u32, u32)> = Vec::new();
        let mut work = 0usize;
        let mut i = 0;
        while i < n {
            let t = self.time.get(perm[i] as usize);
            let mut j = i + 1;
            while j < n && self.time.get(perm[j] as usize) == t {
                j += 1;
            }
            work += j - i;
            if work >= 1 << 16 {
                work = 0;
                if cancelled() {
                    return None;
                }
            }
            if j - i > 1 {
                scratch.clear();
                for (pos, &r) in perm.iter().enumerate().take(j).skip(i) {
                    let r = r as usize;
                    if !self.event_id.is_none(r) {
                        let (bits, tag) = self.event_id.key(r);
                        scratch.push((bits, tag, self.hash[r], pos as u32));
                    }
                }
                // By id, then hash, then order: each id's run, split in runs of equal bytes.
                scratch.sort_unstable();
                let mut a = 0;
                while a < scratch.len() {
                    let id = (scratch[a].0, scratch[a].1);
                    let mut b = a + 1;
                    while b < scratch.len() && (scratch[b].0, scratch[b].1) == id {
                        b += 1;
                    }
                    if b - a > 1 {
                        let start = reps.len();
                        let mut h = a;
                        while h < b {
                            let mut e = h + 1;
                            while e < b && scratch[e].2 == scratch[h].2 {
                                // Equal load hashes: a duplicate once the bytes' digests agree.
                                confirm.push((
                                    perm[scratch[h].3 as usize],
                                    perm[scratch[e].3 as usize],
                                ));
                                e += 1;
                            }
                            reps.push(scratch[h].3);
                            h = e;
                        }
                        if reps.len() - start > 1 {
                            reps[start..].sort_unstable();
                            groups.push((start, reps.len()));
                        } else {
                            reps.truncate(start);
                        }
                    }
                    a = b;
                }
            }
            i = j;
        }
        // Same id and time, different bytes: the same record only if the contents are equal.
        // One key per content, then a real comparison only where two keys tie.
        let key_rows: Vec<u32> = reps.iter().map(|&p| perm[p as usize]).collect();
        let mut keys = Vec::new();
        if !confirm.is_empty() {
            // Pairs in two byte-identical files, at the same place in both: confirmed by one
            // digest of each file. The rest: by a digest of each record's bytes (taken in the
            // same pass over the sources as the keys).
            let whole = self.whole_file_pairs(&confirm, check, cancel)?;
            let mut rows: Vec<u32> = confirm
                .iter()
                .zip(&whole)
                .filter(|(_, &w)| !w)
                .flat_map(|(&(a, b), _)| [a, b])
                .collect();
            rows.sort_unstable();
            rows.dedup();
            let digests;
            (digests, keys) = check.digests_and_keys(self, &rows, &key_rows, cancel);
            if cancelled() {
                return None;
            }
            let digest = |r: u32| rows.binary_search(&r).ok().and_then(|i| digests[i]);
            for (&(a, b), &w) in confirm.iter().zip(&whole) {
                let same = w || matches!((digest(a), digest(b)), (Some(x), Some(y)) if x == y);
                if same && keep[b as usize] {
                    keep[b as usize] = false;
                    duplicates += 1;
                }
            }
        }
        if !groups.is_empty() {
            let rows = key_rows;
            if keys.len() != rows.len() {
                keys = check.keys(self, &rows, cancel);
            }
            if cancelled() {
                return None;
            }
            let exact = check.keys_are_exact();
            let mut by_key: Vec<(ContentKey, u32)> = Vec::new();
            for &(a, b) in &groups {
                by_key.clear();
                // Unreadable contents (no key) are kept: never drop what cannot be compared.
                by_key.extend((a..b).filter_map(|k| keys[k].map(|key| (key, k as u32))));
                by_key.sort_unstable();
                let mut x = 0;
                while x < by_key.len() {
                    let mut y = x + 1;
                    while y < by_key.len() && by_key[y].0 == by_key[x].0 {
                        y += 1;
                    }
                    // by_key[x..y] share a key, in load order: each is a duplicate of the first
                    // earlier one it really equals.
                    for k in x + 1..y {
                        let rb = rows[by_key[k].1 as usize] as usize;
                        // Exact keys: the same content as the first, which is kept.
                        let dup = exact
                            || (x..k).any(|m| {
                                let ra = rows[by_key[m].1 as usize] as usize;
                                keep[ra] && check.same(self, ra, rb)
                            });
                        if dup && keep[rb] {
                            keep[rb] = false;
                            duplicates += 1;
                        }
                    }
                    x = y;
                }
                work += b - a;
                if work >= 1 << 16 {
                    work = 0;
                    if cancelled() {
                        return None;
                    }
                }
            }
            // The other deliveries of a dropped content's bytes were counted as duplicates of
            // it above: they go with it.
        }
        if duplicates > 0 {
            perm.retain(|&r| keep[r as usize]);
        }
        Some(FinalizePlan {
            perm,
            duplicates,
            len: n,
        })
    }

    /// For each (kept, duplicate) pair of rows with equal load hashes: true when both lie at the
    /// same place in two different sources of the same size whose whole digests
    /// ([`ContentCheck::file_digests`]) agree, i.e. the same bytes. `None` when cancelled.
    fn whole_file_pairs(
        &self,
        confirm: &[(u32, u32)],
        check: &mut dyn ContentCheck,
        cancel: &AtomicBool,
    ) -> Option<Vec<bool>> {
        let candidate = |&(a, b): &(u32, u32)| {
            let (la, lb) = (self.loc.get(a as usize), self.loc.get(b as usize));
            la.source != lb.source
                && (la.offset, la.len) == (lb.offset, lb.len)
                && self.sources.get(la.source as usize).map(|s| s.size)
                    == self.sources.get(lb.source as usize).map(|s| s.size)
        };
        let mut sources: Vec<u32> = confirm
            .iter()
            .filter(|p| candidate(p))
            .flat_map(|&(a, b)| {
                [
                    self.loc.get(a as usize).source,
                    self.loc.get(b as usize).source,
                ]
            })
            .collect();
        if sources.is_empty() {
            return Some(vec![false; confirm.len()]);
        }
        sources.sort_unstable();
        sources.dedup();
        let digests = check.file_digests(self, &sources, cancel);
        if cancel.load(Relaxed) {
            return None;
        }
        let digest = |r: u32| {
            let s = self.loc.get(r as usize).source;
            sources.binary_search(&s).ok().and_then(|i| digests[i])
        };
        Some(
            confirm
                .iter()
                .map(|p| {
                    candidate(p)
                        && matches!((digest(p.0), digest(p.1)), (Some(x), Some(y)) if x == y)
                })
                .collect(),
        )
    }

    /// Applies a plan made by [`EventStore::plan_finalize`]: renumbers every column into time
    /// order without the duplicates. `None` (nothing changed) when rows were added since the
    /// plan was made.
    pub fn apply_finalize(&mut self, plan: FinalizePlan) -> Option<FinalizeReport> {
        if plan.len != self.len() {
            return None;
        }
        let mut remap = vec![u32::MAX; plan.len];
        for (new, &old) in plan.perm.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        self.runs.clear(); // before the columns' copies are made: the peak
        self.permute(plan.perm, &remap);
        self.insights = Default::default();
        if !self.hits.rules.is_empty() {
            self.hits.remap(&remap);
        }
        self.sorted = true;
        // Built now, with the rows in their final order, so queries find it ready.
        self.lineage = OnceLock::new();
        self.lineage();
        Some(FinalizeReport {
            duplicates: plan.duplicates,
            remap,
        })
    }

    /// Puts every column in the order `perm` (new row `i` is old row `perm[i]`), in place (the
    /// resource lists, of varying length, are gathered anew): no fixed-width column is copied,
    /// so the reorder adds its list of cycles (4 bytes a row) to the peak, not a column.
    fn permute(&mut self, perm: Vec<u32>, remap: &[u32]) {
        let mut res = Vec::with_capacity(self.res.len());
        let mut res_off = super::starts::Starts::default();
        for &p in &perm {
            res_off.push(res.len() as u32);
            res.extend_from_slice(self.resources(p as usize));
        }
        let order = super::reorder::Reorder::new(perm, self.len());
        self.time.permute(&order);
        for c in self.syms.iter_mut() {
            c.permute(&order);
        }
        self.event_id.permute(&order);
        order.apply(&mut self.request_fp);
        order.apply(&mut self.flags);
        self.loc.permute(&order);
        order.apply(&mut self.hash);
        drop(order);
        self.res = res;
        self.res_off = res_off;
        let mut issued: Vec<(u32, Sym, u32)> = self
            .issued
            .iter()
            .zip(self.expiry.iter().chain(std::iter::repeat(&0)))
            .filter(|((r, _), _)| remap[*r as usize] != u32::MAX)
            .map(|(&(r, s), &t)| (remap[r as usize], s, t))
            .collect();
        issued.sort_unstable_by_key(|&(r, _, _)| r);
        self.expiry = issued.iter().map(|x| x.2).collect();
        self.issued = issued.into_iter().map(|(r, s, _)| (r, s)).collect();
        self.key_created.sort_unstable();
        self.key_created.dedup_by_key(|c| c.0);
    }

    /// First and last dated times, if any event is dated.
    pub fn time_span(&self) -> Option<(i64, i64)> {
        let dated = self.time.iter().filter(|&t| t != UNDATED);
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut any = false;
        for t in dated {
            any = true;
            lo = lo.min(t);
            hi = hi.max(t);
        }
        any.then_some((lo, hi))
    }

    /// Number of dated events later than `now` plus [`FUTURE_SKEW_MS`](super::time::FUTURE_SKEW_MS):
    /// forged or broken times.
    pub fn future(&self, now: i64) -> usize {
        let limit = now.saturating_add(super::time::FUTURE_SKEW_MS);
        if self.sorted {
            let dated = self.time.partition_point(|t| t != UNDATED);
            return dated - self.time.partition_point(|t| t <= limit && t != UNDATED);
        }
        self.time
            .iter()
            .filter(|&t| t != UNDATED && t > limit)
            .count()
    }

    /// The latest event time that is not after `now` plus
    /// [`FUTURE_SKEW_MS`](super::time::FUTURE_SKEW_MS): the anchor of relative ranges
    /// (`last:7d`), which one forged far-future time must not move.
    pub fn newest_plausible_time(&self, now: i64) -> Option<i64> {
        let limit = now.saturating_add(super::time::FUTURE_SKEW_MS);
        if self.sorted {
            let k = self.time.partition_point(|t| t <= limit);
            return k.checked_sub(1).map(|i| self.time.get(i));
        }
        self.time.iter().filter(|&t| t <= limit).max()
    }

    /// Number of events with no parseable time.
    pub fn undated(&self) -> usize {
        self.time.iter().filter(|&t| t == UNDATED).count()
    }

    /// Heap bytes held by the store: the sum of [`EventStore::memory`]'s parts.
    pub fn heap_bytes(&self) -> usize {
        self.column_bytes().iter().map(|p| p.1).sum()
    }

    /// Heap bytes of each part of the store, in column order then the structures (what
    /// [`EventStore::memory`] reports).
    pub(crate) fn column_bytes(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of;
        let mut v = vec![("time", self.time.heap_bytes())];
        for f in SymField::ALL {
            v.push((f.key(), self.syms[f as usize].heap_bytes()));
        }
        v.extend([
            ("event_id", self.event_id.heap_bytes()),
            ("request_id", self.request_fp.capacity() * 4),
            ("flags", self.flags.capacity()),
            (
                "resources",
                self.res_off.heap_bytes() + self.res.capacity() * 4,
            ),
            ("loc", self.loc.heap_bytes()),
            ("hash", self.hash.capacity() * 4),
            (
                "issued",
                self.issued.capacity() * size_of::<(u32, Sym)>() + self.expiry.capacity() * 4,
            ),
            (
                "key_created",
                self.key_created.capacity() * size_of::<(Sym, i64)>(),
            ),
            ("strings", self.strings.heap_bytes()),
            ("objects", self.objects.heap_bytes()),
            ("lineage", self.lineage.get().map_or(0, Lineage::heap_bytes)),
            ("time_runs", self.runs.heap_bytes()),
            ("hits", self.hits.heap_bytes()),
            ("insights", self.insights.heap_bytes()),
            (
                "sources",
                self.sources.capacity() * size_of::<SourceInfo>()
                    + self
                        .sources
                        .iter()
                        .map(|s| {
                            s.label.capacity()
                                + s.path.as_ref().map_or(0, |p| p.capacity())
                                + s.mem.as_ref().map_or(0, |m| m.len())
                        })
                        .sum::<usize>(),
            ),
        ]);
        v
    }

    /// Shrinks every column to its length (after the load).
    pub fn shrink_to_fit(&mut self) {
        self.strings.shrink_to_fit();
        self.objects.shrink_to_fit();
        self.time.shrink_to_fit();
        for c in self.syms.iter_mut() {
            c.shrink_to_fit();
        }
        self.event_id.shrink_to_fit();
        self.request_fp.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.res.shrink_to_fit();
        self.res_off.shrink_to_fit();
        self.loc.shrink_to_fit();
        self.hash.shrink_to_fit();
        self.issued.shrink_to_fit();
        self.expiry.shrink_to_fit();
        self.key_created.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev<'a>(time: i64, name: &'a str, id: &'a str, hash: u64, off: u64) -> NewEvent<'a> {
        let mut e = NewEvent {
            time,
            event_id: id,
            hash,
            loc: RawLoc {
                source: 0,
                len: 1,
                offset: off as u32,
            },
            ..Default::default()
        };
        e.syms[SymField::Name as usize] = name;
        e
    }

    #[test]
    fn append_sort_dedupe() {
        let mut a = EventStore::default();
        a.push(&ev(30, "C", "id-3", 3, 0));
        a.push(&ev(10, "A", "id-1", 1, 1));
        let mut b = EventStore::default();
        b.push(&ev(UNDATED, "U", "", 9, 2));
        b.push(&ev(10, "A", "id-1", 1, 3)); // duplicate delivery
        b.push(&ev(10, "A2", "id-1", 2, 4)); // same id, other content: kept
        b.push(&ev(20, "B", "", 5, 5));
        a.append(b);
        let r = a.finalize(|_, _, _| false);
        assert_eq!(r.duplicates, 1);
        let names: Vec<&str> = (0..a.len()).map(|i| a.str(SymField::Name, i)).collect();
        assert_eq!(names, ["A", "A2", "B", "C", "U"]);
        assert_eq!(a.undated(), 1);
        assert_eq!(a.time_span(), Some((10, 30)));
        assert_eq!(r.remap[3], u32::MAX);
    }

    /// Times of every kind (whole seconds, fractions, undated, before 1970, far in the future)
    /// come back exact, each with its own row, through an append and the finalize's reorder;
    /// whole seconds cost the memory report 4 bytes a row.
    #[test]
    fn times_stay_exact_through_append_and_finalize() {
        let base = 1_700_000_000_000i64;
        let times: Vec<i64> = (0..300i64)
            .map(|i| match i % 6 {
                0 => base + (i * 37 % 100) * 1000,
                1 => base + (i * 37 % 100) * 1000 + i,
                2 => UNDATED,
                3 => -i * 1000 - 7,
                4 => i64::MAX - 1 - i,
                _ => base - i * 1000,
            })
            .collect();
        let names: Vec<String> = (0..times.len()).map(|i| format!("e{i}")).collect();
        let (mut a, mut b) = (EventStore::default(), EventStore::default());
        for (i, &t) in times.iter().enumerate() {
            let st = if i % 3 == 0 { &mut a } else { &mut b };
            st.push(&ev(t, &names[i], &names[i], i as u64, i as u64));
        }
        a.append(b);
        let r = a.finalize(|_, _, _| false);
        assert_eq!(r.duplicates, 0);
        let mut want = times.clone();
        want.sort();
        assert_eq!(a.time.iter().collect::<Vec<_>>(), want);
        for row in 0..a.len() {
            let i: usize = a.str(SymField::Name, row)[1..].parse().unwrap();
            assert_eq!(a.time.get(row), times[i], "row {row} (event {i})");
        }
        assert_eq!(a.undated(), 50);
        assert_eq!(a.time_span(), Some((want[0], want[249])));

        let mut whole = EventStore::default();
        for i in 0..1000 {
            whole.push(&ev(base + i * 1000, "A", "", i as u64, i as u64));
        }
        whole.finalize(|_, _, _| false);
        whole.shrink_to_fit();
        let parts = whole.column_bytes();
        assert_eq!(parts[0], ("time", 4000));
    }

    /// A checker whose digests differ for every row: equal load hashes are not enough.
    struct Distinct;
    impl ContentCheck for Distinct {
        fn keys(
            &mut self,
            _: &EventStore,
            rows: &[u32],
            _: &AtomicBool,
        ) -> Vec<Option<ContentKey>> {
            rows.iter().map(|&r| Some([r as u8; 32])).collect()
        }
        fn same(&mut self, _: &EventStore, _: usize, _: usize) -> bool {
            false
        }
        fn digests(
            &mut self,
            _: &EventStore,
            rows: &[u32],
            _: &AtomicBool,
        ) -> Vec<Option<[u8; 32]>> {
            rows.iter().map(|&r| Some([r as u8; 32])).collect()
        }
    }

    #[test]
    fn equal_load_hashes_are_duplicates_only_when_the_bytes_agree() {
        let mut a = EventStore::default();
        a.push(&ev(10, "A", "id-1", 7, 0));
        a.push(&ev(10, "Forged", "id-1", 7, 1)); // same id, time and 64-bit hash
        let plan = a
            .plan_finalize(&mut Distinct, &AtomicBool::new(false))
            .unwrap();
        let r = a.apply_finalize(plan).unwrap();
        assert_eq!(r.duplicates, 0, "a hash collision never drops an event");
        let names: Vec<&str> = (0..a.len()).map(|i| a.str(SymField::Name, i)).collect();
        assert_eq!(names, ["A", "Forged"]);
    }

    /// Record digests all differ (as for a forged collision); file digests are given per source.
    struct Files(Vec<Option<[u8; 32]>>, usize);
    impl ContentCheck for Files {
        fn keys(
            &mut self,
            st: &EventStore,
            rows: &[u32],
            c: &AtomicBool,
        ) -> Vec<Option<ContentKey>> {
            Distinct.keys(st, rows, c)
        }
        fn same(&mut self, _: &EventStore, _: usize, _: usize) -> bool {
            false
        }
        fn digests(
            &mut self,
            st: &EventStore,
            rows: &[u32],
            c: &AtomicBool,
        ) -> Vec<Option<[u8; 32]>> {
            self.1 += rows.len();
            Distinct.digests(st, rows, c)
        }
        fn file_digests(
            &mut self,
            _: &EventStore,
            sources: &[u32],
            _: &AtomicBool,
        ) -> Vec<Option<[u8; 32]>> {
            sources.iter().map(|&s| self.0[s as usize]).collect()
        }
    }

    /// Rows at the same place in two sources of one size with equal whole digests are the same
    /// bytes: dropped without a digest of their own. Elsewhere, or when the files differ, the
    /// record digests decide.
    #[test]
    fn identical_files_confirm_their_duplicates_with_one_digest_each() {
        let at = |time, id, hash, source, off| {
            let mut e = ev(time, "N", id, hash, off);
            e.loc.source = source;
            e
        };
        let store = |sizes: [u64; 3]| {
            let mut a = EventStore {
                sources: sizes
                    .iter()
                    .map(|&size| SourceInfo {
                        label: String::new(),
                        path: None,
                        mem: None,
                        size,
                        mtime: None,
                        verdict: Default::default(),
                    })
                    .collect(),
                ..Default::default()
            };
            for (source, off) in [(0, 0), (1, 0), (2, 5)] {
                a.push(&at(10, "id-1", 7, source, off)); // source 2: elsewhere in its file
                a.push(&at(20, "id-2", 8, source, off + 1));
            }
            a
        };
        let plan = |a: &EventStore, files: Vec<Option<[u8; 32]>>| {
            let mut c = Files(files, 0);
            let p = a.plan_finalize(&mut c, &AtomicBool::new(false)).unwrap();
            (p.duplicates(), c.1)
        };
        let same = Some([1; 32]);
        // 0 and 1 identical: their two pairs confirmed whole; source 2's pairs are asked per
        // record (4 rows) and differ.
        assert_eq!(plan(&store([9, 9, 9]), vec![same, same, same]), (2, 4));
        // Files that differ, or differ in size, or cannot be hashed: every pair asked per record.
        let other = Some([2; 32]);
        assert_eq!(plan(&store([9, 9, 9]), vec![same, other, same]), (0, 6));
        assert_eq!(plan(&store([9, 8, 9]), vec![same, same, same]), (0, 6));
        assert_eq!(plan(&store([9, 9, 9]), vec![None, None, None]), (0, 6));
    }

    #[test]
    fn future_times_are_counted_and_never_the_anchor() {
        let now = 1_000_000_000;
        let skew = crate::model::time::FUTURE_SKEW_MS;
        for sorted in [false, true] {
            let mut a = EventStore::default();
            a.push(&ev(now - 5, "A", "1", 1, 0));
            a.push(&ev(now + skew, "B", "2", 2, 1)); // within the skew: plausible
            a.push(&ev(now + skew + 1, "C", "3", 3, 2));
            a.push(&ev(i64::MAX - 1, "D", "4", 4, 3)); // 9999-12-31 and beyond
            a.push(&ev(UNDATED, "E", "5", 5, 4));
            if sorted {
                a.finalize(|_, _, _| false);
            }
            assert_eq!(a.future(now), 2);
            assert_eq!(a.newest_plausible_time(now), Some(now + skew));
            assert_eq!(a.newest_plausible_time(now - skew - 10), None);
        }
    }
}
