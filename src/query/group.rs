//! Group-by (facets): the distinct values of a field over a set of rows, with how many rows
//! have each, optionally nested under a first field (`who` → `name`, `key` → `ip`).
//!
//! A field is any registered field ([`super::fields::FIELDS`]) that holds a value per event —
//! the interned columns, `resource` (every ARN of the event), `id`, `request`, `readonly` — or
//! any JSON path into the record (`requestParameters.roleArn`; a path that crosses arrays yields
//! every element's value, `requestParameters.createVolumePermission.add.items.userId`).
//!
//! Interned columns are a scan of the `u32` column into a dense counts table indexed by `Sym`:
//! no string work per row. JSON paths read the records' bytes one source at a time, in parallel
//! across sources (and across parts of a big source), checking the cancel flag every few
//! thousand records; a record is parsed only when the path's last key appears in its text.
//!
//! Counts are of events: an event with several values (resources, array elements) counts once
//! under each distinct value it has. An event with no value is counted under the missing value
//! (`value: None`), a group of its own. Nested, each outer group carries its inner groups and
//! their number (`distinct`), so "keys used from more than one IP" is a sort by `distinct`.

use super::bits::Bits;
use super::cifind::CiFinder;
use super::fields::{self, Kind};
use super::parse::{parse_path, PathSeg};
use super::scan::{group_by_source, json_safe, walk_path, PathLeaf, PathWalk, Seen, CANCEL_EVERY};
use super::QueryError;
use crate::model::{record_bytes, EventStore, RecordSource, SymField};
use rayon::prelude::*;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cmp::Ordering as Cmp;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Most fields one group-by nests.
pub const MAX_GROUP_FIELDS: usize = 2;

/// What a group-by field reads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// An interned column.
    Column(SymField),
    /// Every `resources[].ARN`.
    Resource,
    /// `eventID` (`requestID` is read from the record, as a path: the store keeps only its
    /// fingerprint).
    EventId,
    /// `readOnly`.
    ReadOnly,
    /// The verdict of the row's file (`verify`).
    Verified,
    /// A JSON path into the record.
    Path(Vec<PathSeg>),
}

/// A field to group by: a registered name or alias, or a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupField {
    name: String,
    source: Source,
}

impl GroupField {
    /// Reads a field name as typed (`who`, `ip`, `requestParameters.roleArn`). Registered
    /// names are ASCII case-insensitive and shown by their canonical name; time fields
    /// (`after`, `before`, `last`) hold no value to group by.
    pub fn parse(text: &str) -> Result<GroupField, GroupFieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GroupFieldError::Empty);
        }
        if !text.contains(['.', '[']) {
            if let Some(f) = fields::lookup(text) {
                let source = match f.kind {
                    Kind::Column { cols, .. } => Source::Column(cols[0]),
                    Kind::Resource => Source::Resource,
                    Kind::Id { request: false } => Source::EventId,
                    Kind::Id { request: true } => Source::Path(vec![PathSeg::Key(f.reads.into())]),
                    Kind::ReadOnly => Source::ReadOnly,
                    Kind::Verified => Source::Verified,
                    Kind::After | Kind::Before | Kind::Last => {
                        return Err(GroupFieldError::Time(f.name))
                    }
                    Kind::Lineage | Kind::Flag | Kind::Insight => {
                        return Err(GroupFieldError::Condition(f.name))
                    }
                    Kind::Detect(_) => return Err(GroupFieldError::Detect(f.name)),
                };
                return Ok(GroupField {
                    name: f.name.to_string(),
                    source,
                });
            }
        }
        Ok(GroupField {
            name: text.to_string(),
            source: Source::Path(parse_path(text)?),
        })
    }

    /// Its name: the registry's name for a registered field, else the path as typed.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when grouping reads record bytes (a JSON path).
    pub fn needs_raw(&self) -> bool {
        matches!(self.source, Source::Path(_))
    }

    /// The interned column it reads, if it is one.
    pub fn column(&self) -> Option<SymField> {
        match self.source {
            Source::Column(c) => Some(c),
            _ => None,
        }
    }
}

/// Why a `--by` field list cannot be grouped by.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GroupFieldError {
    /// An empty name (`--by who,`).
    #[error("empty field name")]
    Empty,
    /// `after`, `before`, `last`: conditions, not values.
    #[error("'{0}' is a time condition, not a value to group by")]
    Time(&'static str),
    /// `lineage`, `flag`: conditions on the credential graph, not values.
    #[error("'{0}' is a condition, not a value to group by")]
    Condition(&'static str),
    /// `rule`, `level`, `tactic`, …: conditions on detection hits.
    #[error("'{0}' is a detection condition, not a value to group by")]
    Detect(&'static str),
    /// A JSON path that does not parse.
    #[error(transparent)]
    Path(#[from] super::parse::PathError),
    /// More fields than the nesting supports.
    #[error("at most {MAX_GROUP_FIELDS} fields (an outer and an inner one), got {0}")]
    TooMany(usize),
}

/// Parses a comma-separated list of at most [`MAX_GROUP_FIELDS`] fields (`key,ip`).
pub fn parse_fields(text: &str) -> Result<Vec<GroupField>, GroupFieldError> {
    let fields = text
        .split(',')
        .map(GroupField::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if fields.len() > MAX_GROUP_FIELDS {
        return Err(GroupFieldError::TooMany(fields.len()));
    }
    Ok(fields)
}

/// How groups are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Most events first (ties by value). In every order the missing value comes last.
    #[default]
    Count,
    /// Most distinct inner values first (ties by count, then value); the inner level, and a
    /// single level, by count.
    Distinct,
    /// By value, in byte order, the missing value last.
    Value,
}

/// An order: the key, and whether it is reversed (`rare`: fewest first, or Z→A for values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// What to sort by.
    pub key: SortKey,
    /// Reverse the order (rarest first).
    pub rare: bool,
}

/// One distinct value and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The value; `None` is the missing value.
    pub value: Option<String>,
    /// Events with this value (under the outer group's value, for an inner group).
    pub count: u32,
    /// Number of distinct inner values, the missing one not counted (0 for a single level and
    /// for inner groups).
    pub distinct: u32,
    /// The inner groups, sorted (empty for a single level).
    pub inner: Vec<Group>,
}

/// The result of a group-by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupOutcome {
    /// The (outer) groups, sorted, all of them.
    pub groups: Vec<Group>,
    /// Rows counted (the given rows minus those whose bytes could not be read).
    pub rows: usize,
    /// Sources whose bytes were needed but could not be read, with why; their rows are not
    /// counted.
    pub unreadable: Vec<(u32, String)>,
}

/// The values of one field over the rows: dense ids (0 = missing) into `dict`.
struct Vals<'s> {
    dict: Dict<'s>,
    /// For multi-valued fields, `ids[off[i]..off[i + 1]]` are row `i`'s (deduplicated, never
    /// empty: the missing value is id 0); `None`: one id per row.
    off: Option<Vec<u32>>,
    ids: Vec<u32>,
    /// Positions (into the given rows) whose bytes could not be read: not counted.
    bad: Option<Vec<bool>>,
}

enum Dict<'s> {
    /// `Sym` ids of the store's strings.
    Store(&'s EventStore),
    /// Local strings; index 0 is the missing value (unused string).
    Local(Vec<String>),
    /// `readOnly`: 0 missing, 1 true, 2 false.
    Bool,
}

impl Dict<'_> {
    fn len(&self) -> usize {
        match self {
            Dict::Store(s) => s.strings.len() + s.objects.len(),
            Dict::Local(v) => v.len(),
            Dict::Bool => 3,
        }
    }
    /// The value of `id`. A store's S3 object ARNs (resources) come after its strings.
    fn get(&self, id: u32) -> Option<Cow<'_, str>> {
        if id == 0 {
            return None;
        }
        Some(match self {
            Dict::Store(s) => match (id as usize).checked_sub(s.strings.len()) {
                Some(o) => Cow::Owned(s.objects.text(o as u32)),
                None => Cow::Borrowed(s.strings.resolve(crate::model::Sym(id))),
            },
            Dict::Local(v) => Cow::Borrowed(&v[id as usize]),
            Dict::Bool => Cow::Borrowed(["", "true", "false"][id as usize]),
        })
    }
}

impl Vals<'_> {
    fn of(&self, i: usize) -> &[u32] {
        match &self.off {
            None => std::slice::from_ref(&self.ids[i]),
            Some(off) => &self.ids[off[i] as usize..off[i + 1] as usize],
        }
    }
    fn is_bad(&self, i: usize) -> bool {
        self.bad.as_ref().is_some_and(|b| b[i])
    }
}

/// Builds local dense ids for per-row string lists (id 0 is the missing value); each string is
/// kept once, the table holding only ids.
#[derive(Default)]
struct LocalDict {
    map: hashbrown::HashTable<u32>,
    strings: Vec<String>,
    /// The last id given: neighbouring records often share a value (a principal's burst).
    last: u32,
}

fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(b)
}

impl LocalDict {
    fn new() -> LocalDict {
        LocalDict {
            map: hashbrown::HashTable::new(),
            strings: vec![String::new()],
            last: 0,
        }
    }
    fn id(&mut self, s: &str) -> u32 {
        self.id_bytes(s.as_bytes()).expect("a str is UTF-8")
    }
    /// The id of the text `b`; `None` when it is not UTF-8 (checked only for a new text).
    fn id_bytes(&mut self, b: &[u8]) -> Option<u32> {
        if self.last != 0 && self.strings[self.last as usize].as_bytes() == b {
            return Some(self.last);
        }
        let h = hash_bytes(b);
        let strings = &self.strings;
        if let Some(&i) = self.map.find(h, |&i| strings[i as usize].as_bytes() == b) {
            self.last = i;
            return Some(i);
        }
        let s = std::str::from_utf8(b).ok()?;
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        let strings = &self.strings;
        self.map
            .insert_unique(h, i, |&i| hash_bytes(strings[i as usize].as_bytes()));
        self.last = i;
        Some(i)
    }
}

/// Counts the distinct values of `fields` (one, or an outer and an inner one) over `rows`
/// (typically a filter's result), sorted by `sort`. Record bytes (JSON paths) come through
/// `src`; sources that cannot be read are reported and their rows left out.
pub fn group(
    store: &EventStore,
    rows: &[u32],
    fields: &[GroupField],
    sort: Sort,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<GroupOutcome, QueryError> {
    group_with_progress(store, rows, fields, sort, src, cancel, &AtomicUsize::new(0))
}

/// Records a group-by will read: `rows` once per JSON path field (0 when every field is
/// indexed). [`group_with_progress`] counts up to it.
pub fn records_to_read(rows: &[u32], fields: &[GroupField]) -> usize {
    rows.len() * fields.iter().filter(|f| f.needs_raw()).count()
}

/// [`group`], adding to `done` as records are read (for JSON paths; see [`records_to_read`]),
/// so a caller on another thread can show progress.
pub fn group_with_progress(
    store: &EventStore,
    rows: &[u32],
    fields: &[GroupField],
    sort: Sort,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    done: &AtomicUsize,
) -> Result<GroupOutcome, QueryError> {
    assert!(
        (1..=MAX_GROUP_FIELDS).contains(&fields.len()),
        "group-by takes one or two fields"
    );
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    // Fast path: one interned column, a scan of the u32 column into a dense table.
    if let [GroupField {
        source: Source::Column(c),
        ..
    }] = fields
    {
        let col = store.col(*c);
        let mut counts = vec![0u32; store.strings.len()];
        for &r in rows {
            counts[col[r as usize].0 as usize] += 1;
        }
        let dict = Dict::Store(store);
        let mut groups = dense_groups(&counts, &dict);
        sort_groups(&mut groups, sort);
        return Ok(GroupOutcome {
            groups,
            rows: rows.len(),
            unreadable: Vec::new(),
        });
    }

    // One JSON path: counted as the records are read.
    if let [GroupField {
        source: Source::Path(path),
        ..
    }] = fields
    {
        let mut o = path_counts(store, rows, path, src, cancel, done)?;
        if cancel.load(Ordering::Relaxed) {
            return Err(QueryError::Cancelled);
        }
        sort_groups(&mut o.groups, sort);
        return Ok(o);
    }
    let mut unreadable = Vec::new();
    let mut vals = Vec::with_capacity(fields.len());
    for f in fields {
        let (v, u) = values(store, rows, &f.source, src, cancel, done)?;
        unreadable.extend(u);
        vals.push(v);
    }
    unreadable.sort();
    unreadable.dedup();
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    let bad = |i: usize| vals.iter().any(|v| v.is_bad(i));
    let counted = (0..rows.len()).filter(|&i| !bad(i)).count();

    let mut groups = if let [v] = &vals[..] {
        let mut counts = vec![0u32; v.dict.len()];
        for i in 0..rows.len() {
            if !v.is_bad(i) {
                for &id in v.of(i) {
                    counts[id as usize] += 1;
                }
            }
        }
        dense_groups(&counts, &v.dict)
    } else {
        let (o, n) = (&vals[0], &vals[1]);
        let mut pairs: Vec<u64> = Vec::with_capacity(rows.len());
        for i in 0..rows.len() {
            if bad(i) {
                continue;
            }
            for &a in o.of(i) {
                for &b in n.of(i) {
                    pairs.push((a as u64) << 32 | b as u64);
                }
            }
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(QueryError::Cancelled);
        }
        pairs.par_sort_unstable();
        nested_groups(&pairs, o, n, rows, &bad)
    };
    sort_groups(&mut groups, sort);
    Ok(GroupOutcome {
        groups,
        rows: counted,
        unreadable,
    })
}

/// The groups of a dense counts table (ids with a count).
fn dense_groups(counts: &[u32], dict: &Dict<'_>) -> Vec<Group> {
    counts
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(id, &c)| Group {
            value: dict.get(id as u32).map(Cow::into_owned),
            count: c,
            distinct: 0,
            inner: Vec::new(),
        })
        .collect()
}

/// Outer groups from sorted `(outer << 32 | inner)` pairs (one per event and value pair).
fn nested_groups(
    pairs: &[u64],
    o: &Vals<'_>,
    n: &Vals<'_>,
    rows: &[u32],
    bad: &dyn Fn(usize) -> bool,
) -> Vec<Group> {
    // Outer counts are events, not pairs: an event with two inner values counts once.
    let mut outer_counts = vec![0u32; o.dict.len()];
    for i in 0..rows.len() {
        if !bad(i) {
            for &a in o.of(i) {
                outer_counts[a as usize] += 1;
            }
        }
    }
    let mut out: Vec<Group> = Vec::new();
    let mut cur: Option<u32> = None;
    let mut k = 0;
    while k < pairs.len() {
        let p = pairs[k];
        let mut e = k + 1;
        while e < pairs.len() && pairs[e] == p {
            e += 1;
        }
        let (a, b) = ((p >> 32) as u32, p as u32);
        if cur != Some(a) {
            cur = Some(a);
            out.push(Group {
                value: o.dict.get(a).map(Cow::into_owned),
                count: outer_counts[a as usize],
                distinct: 0,
                inner: Vec::new(),
            });
        }
        let g = out.last_mut().expect("pushed above");
        g.inner.push(Group {
            value: n.dict.get(b).map(Cow::into_owned),
            count: (e - k) as u32,
            distinct: 0,
            inner: Vec::new(),
        });
        // The events without an inner value are not another value: a key used from one IP
        // and in some events from none was used from one IP.
        if b != 0 {
            g.distinct += 1;
        }
        k = e;
    }
    out
}

/// Missing values after every present one; present ones in byte order.
fn cmp_value(a: &Option<String>, b: &Option<String>) -> Cmp {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Cmp::Less,
        (None, Some(_)) => Cmp::Greater,
        (None, None) => Cmp::Equal,
    }
}

/// Orders `groups` (and each one's inner groups) by `sort`, as [`group`] does. The missing
/// value comes last in every order, reversed ones too: the events without a value are noise
/// beside the values (most often the biggest group, or the one with the most distinct inner
/// values), never what a sort is for.
pub fn sort_groups(groups: &mut [Group], sort: Sort) {
    let by = |a: &Group, b: &Group, key: SortKey| -> Cmp {
        let (x, y) = if sort.rare { (a, b) } else { (b, a) };
        let missing = a.value.is_none().cmp(&b.value.is_none());
        if missing != Cmp::Equal {
            return missing;
        }
        match key {
            SortKey::Count => x.count.cmp(&y.count).then(cmp_value(&a.value, &b.value)),
            SortKey::Distinct => x
                .distinct
                .cmp(&y.distinct)
                .then(x.count.cmp(&y.count))
                .then(cmp_value(&a.value, &b.value)),
            SortKey::Value => {
                let c = cmp_value(&a.value, &b.value);
                if sort.rare {
                    c.reverse()
                } else {
                    c
                }
            }
        }
    };
    groups.par_sort_unstable_by(|a, b| by(a, b, sort.key));
    let inner_key = match sort.key {
        SortKey::Distinct => SortKey::Count,
        k => k,
    };
    for g in groups.iter_mut() {
        g.inner.sort_unstable_by(|a, b| by(a, b, inner_key));
    }
}

/// The values of `source` for each of `rows`, and the sources that could not be read.
#[allow(clippy::type_complexity)]
fn values<'s>(
    store: &'s EventStore,
    rows: &[u32],
    source: &Source,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    done: &AtomicUsize,
) -> Result<(Vals<'s>, Vec<(u32, String)>), QueryError> {
    let single = |dict, ids| Vals {
        dict,
        off: None,
        ids,
        bad: None,
    };
    Ok(match source {
        Source::Column(c) => {
            let col = store.col(*c);
            let ids = rows.iter().map(|&r| col[r as usize].0).collect();
            (single(Dict::Store(store), ids), Vec::new())
        }
        Source::ReadOnly => {
            let ids = rows
                .iter()
                .map(|&r| match store.read_only(r as usize) {
                    None => 0,
                    Some(true) => 1,
                    Some(false) => 2,
                })
                .collect();
            (single(Dict::Bool, ids), Vec::new())
        }
        Source::Verified => {
            let mut d = LocalDict::new();
            let ids = rows
                .iter()
                .map(|&r| {
                    let s = store.loc.get(r as usize).source as usize;
                    d.id(store.sources.get(s).map_or("pending", |x| x.verdict.name()))
                })
                .collect();
            (single(Dict::Local(d.strings), ids), Vec::new())
        }
        Source::EventId => {
            let col = &store.event_id;
            let mut d = LocalDict::new();
            let mut s = String::new();
            let ids = rows
                .iter()
                .map(|&r| {
                    let r = r as usize;
                    if col.is_none(r) {
                        return 0;
                    }
                    s.clear();
                    col.write(r, &mut s);
                    if s.is_empty() {
                        0
                    } else {
                        d.id(&s)
                    }
                })
                .collect();
            (single(Dict::Local(d.strings), ids), Vec::new())
        }
        Source::Resource => {
            let mut off = Vec::with_capacity(rows.len() + 1);
            let mut ids = Vec::with_capacity(rows.len());
            off.push(0u32);
            for &r in rows {
                let start = ids.len();
                let strings = store.strings.len() as u32;
                ids.extend(store.resources(r as usize).iter().map(|&s| {
                    match crate::model::objects::is_object(s) {
                        true => strings + (s.0 & !crate::model::objects::OBJECT),
                        false => s.0,
                    }
                }));
                let mine = &mut ids[start..];
                mine.sort_unstable();
                let mut keep = start;
                for j in start..ids.len() {
                    if ids[j] != 0 && (keep == start || ids[keep - 1] != ids[j]) {
                        ids[keep] = ids[j];
                        keep += 1;
                    }
                }
                ids.truncate(keep);
                if ids.len() == start {
                    ids.push(0);
                }
                off.push(ids.len() as u32);
            }
            (
                Vals {
                    dict: Dict::Store(store),
                    off: Some(off),
                    ids,
                    bad: None,
                },
                Vec::new(),
            )
        }
        Source::Path(path) => path_values(store, rows, path, src, cancel, done)?,
    })
}

/// What one worker read: `(position in rows, local id)` pairs into its own `dict` (or,
/// counting, how many events have each local id), unreadable records and why.
///
/// One per rayon fold (a worker's run of sources), not one per source: the values repeat
/// across sources (a principal's calls fill many files), so a worker meets a value once,
/// interns it once (one allocation) and the merge at the end looks up a few dictionaries'
/// values instead of every source's.
struct PartOut {
    pairs: Vec<(u32, u32)>,
    /// Counting only: events per local id (0: no value), each event once per distinct value.
    counts: Vec<u32>,
    dict: LocalDict,
    /// Positions (in rows) of the records that could not be read; counting, only their
    /// number is kept track of (positions are 0).
    bad: Vec<u32>,
    /// Per source: why its records could not be read, and how many.
    errors: Vec<(u32, String, usize)>,
    /// The folds of a big source's parts (read in parallel), merged like this one.
    more: Vec<PartOut>,
}

impl PartOut {
    fn new() -> PartOut {
        PartOut {
            pairs: Vec::new(),
            counts: Vec::new(),
            dict: LocalDict::new(),
            bad: Vec::new(),
            errors: Vec::new(),
            more: Vec::new(),
        }
    }
}

/// Reads the values at `path` of `rows`: each worker walks its sources' records with a
/// [`PathWalk`] made once (stopping at the value where the loader saw the path's keys only
/// once: `flags::UNIQUE_TOP`, `UNIQUE_IDENTITY`) and interns the values in a dictionary of its
/// own (a value already seen costs a hash lookup, no allocation, no UTF-8 check). `count`:
/// each worker also counts its events per value, so that a single-field group-by needs no
/// per-row layout. Sources bigger than [`CANCEL_EVERY`] records are read in parts, in
/// parallel too.
fn read_parts(
    store: &EventStore,
    rows: &[u32],
    path: &[PathSeg],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    done: &AtomicUsize,
    count: bool,
) -> Result<Vec<PartOut>, QueryError> {
    use crate::model::flags;
    let n = store.len();
    let mut need = Bits::zeros(n);
    for &r in rows {
        need.set(r as usize);
    }
    // Store row → position in `rows`, for the per-row layout only: counting needs no
    // positions, and this table (4 bytes per event, read in the sources' order, not the
    // store's) would cost a cache miss per record.
    let pos: Vec<u32> = if count {
        Vec::new()
    } else {
        let mut pos = vec![u32::MAX; n];
        for (i, &r) in rows.iter().enumerate() {
            pos[r as usize] = i as u32;
        }
        pos
    };
    let at = |row: u32| pos.get(row as usize).copied().unwrap_or(0);
    let by_source = group_by_source(store, &need);
    // The last key must appear in the text of a record that has a value there.
    let key = path.iter().rev().find_map(|p| match p {
        PathSeg::Key(k) => Some(k.as_str()),
        PathSeg::Index(_) => None,
    });
    let must = key
        .filter(|k| json_safe(k) && !k.is_empty())
        .map(|k| CiFinder::new(k.as_bytes()));
    let walk = PathWalk::new(path);
    // `userIdentity.X` where the loader saw userIdentity and its keys once: the walk ends in
    // the record's second member, sooner than a search for the key.
    let short = |fl: u8| walk.known() == 2 && fl & flags::UNIQUE_IDENTITY != 0;
    // One part of source `s`: its records read into `out`.
    let read = |out: &mut PartOut, s: u32, chunk: &[u32], content: &[u8]| {
        if cancel.load(Ordering::Relaxed) {
            return Err(QueryError::Cancelled);
        }
        let mut seen = Seen::new();
        let mut ids: Vec<u32> = Vec::new();
        let mut text = String::new();
        let mut error: Option<(String, usize)> = None;
        for &row in chunk {
            let p = at(row);
            let bytes = match record_bytes(store, row as usize, content) {
                Ok(b) => b,
                Err(e) => {
                    out.bad.push(p);
                    match &mut error {
                        Some((_, c)) => *c += 1,
                        None => error = Some((e.to_string(), 1)),
                    }
                    continue;
                }
            };
            let fl = store.flags[row as usize];
            if short(fl) || must.as_ref().is_none_or(|f| f.find(&bytes).is_some()) {
                let mut leaf = Intern {
                    dict: &mut out.dict,
                    pairs: &mut out.pairs,
                    pos: p,
                    text: &mut text,
                };
                walk.walk(&bytes, fl, &mut seen, &mut leaf);
            }
            if count {
                count_event(&mut out.counts, &out.pairs, &mut ids);
                out.pairs.clear();
            }
        }
        note_error(&mut out.errors, s, error);
        done.fetch_add(chunk.len(), Ordering::Relaxed);
        Ok(())
    };

    by_source
        .into_par_iter()
        .try_fold(PartOut::new, |mut out, (s, srows)| {
            if cancel.load(Ordering::Relaxed) {
                return Err(QueryError::Cancelled);
            }
            let content = match src.content(store, s) {
                Ok(c) => c,
                Err(e) => {
                    done.fetch_add(srows.len(), Ordering::Relaxed);
                    out.bad.extend(srows.iter().map(|&r| at(r)));
                    note_error(&mut out.errors, s, Some((e.to_string(), 1)));
                    return Ok(out);
                }
            };
            if srows.len() <= CANCEL_EVERY {
                read(&mut out, s, &srows, &content)?;
            } else {
                // Big sources (one huge file, stdin) are split so both cores work on them too.
                let parts = srows
                    .par_chunks(CANCEL_EVERY)
                    .try_fold(PartOut::new, |mut part, chunk| {
                        read(&mut part, s, chunk, &content)?;
                        Ok(part)
                    })
                    .collect::<Result<Vec<_>, QueryError>>()?;
                out.more.extend(parts);
            }
            Ok(out)
        })
        .collect::<Result<Vec<PartOut>, QueryError>>()
        .map(|outs| {
            let mut all = Vec::with_capacity(outs.len());
            let mut stack = outs;
            while let Some(mut o) = stack.pop() {
                stack.append(&mut o.more);
                all.push(o);
            }
            all
        })
}

/// Counts one event whose values are `pairs` (local ids): once under each distinct value, or
/// under the missing value (id 0) when it has none.
fn count_event(counts: &mut Vec<u32>, pairs: &[(u32, u32)], ids: &mut Vec<u32>) {
    match pairs {
        [] => add(counts, 0, 1),
        [(_, a)] => add(counts, *a, 1),
        _ => {
            ids.clear();
            ids.extend(pairs.iter().map(|&(_, id)| id));
            ids.sort_unstable();
            ids.dedup();
            for &a in ids.iter() {
                add(counts, a, 1);
            }
        }
    }
}

/// Adds `n` to `counts[id]`, growing it.
#[inline]
fn add(counts: &mut Vec<u32>, id: u32, n: u32) {
    let i = id as usize;
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    counts[i] += n;
}

/// The sources' errors, one per source (`(n records)` when several).
fn source_errors(errors: Vec<(u32, String, usize)>) -> Vec<(u32, String)> {
    errors
        .into_iter()
        .map(|(s, reason, count)| {
            if count > 1 {
                (s, format!("{reason} ({count} records)"))
            } else {
                (s, reason)
            }
        })
        .collect()
}

/// Adds a part's error to `errors`, one entry per source.
fn note_error(errors: &mut Vec<(u32, String, usize)>, s: u32, error: Option<(String, usize)>) {
    if let Some((reason, count)) = error {
        match errors.iter_mut().find(|(t, _, _)| *t == s) {
            Some((_, _, c)) => *c += count,
            None => errors.push((s, reason, count)),
        }
    }
}

/// A single JSON path field's groups (unsorted) counted straight from the parts (no per-row
/// layout).
fn path_counts(
    store: &EventStore,
    rows: &[u32],
    path: &[PathSeg],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    done: &AtomicUsize,
) -> Result<GroupOutcome, QueryError> {
    let outs = read_parts(store, rows, path, src, cancel, done, true)?;
    let mut dict = LocalDict::new();
    let mut counts: Vec<u32> = vec![0];
    let mut errors: Vec<(u32, String, usize)> = Vec::new();
    let mut bad = 0usize;
    for out in outs {
        bad += out.bad.len();
        for (lid, &c) in out.counts.iter().enumerate() {
            if c > 0 {
                let g = if lid == 0 {
                    0
                } else {
                    dict.id(&out.dict.strings[lid])
                };
                add(&mut counts, g, c);
            }
        }
        for (s, reason, c) in out.errors {
            note_error(&mut errors, s, Some((reason, c)));
        }
    }
    errors.sort_by_key(|e| e.0);
    let d = Dict::Local(dict.strings);
    Ok(GroupOutcome {
        groups: dense_groups(&counts, &d),
        rows: rows.len() - bad,
        unreadable: source_errors(errors),
    })
}

/// The values at `path` of each of `rows`, read from the records' bytes ([`read_parts`]); the
/// parts' dictionaries are merged at the end (a lookup per distinct value per part) and the
/// rows' values laid out by a counting sort on their position.
#[allow(clippy::type_complexity)]
fn path_values<'s>(
    store: &'s EventStore,
    rows: &[u32],
    path: &[PathSeg],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    done: &AtomicUsize,
) -> Result<(Vals<'s>, Vec<(u32, String)>), QueryError> {
    let outs = read_parts(store, rows, path, src, cancel, done, false)?;

    let mut bad = vec![false; rows.len()];
    let mut any_bad = false;
    let mut dict = LocalDict::new();
    let mut errors: Vec<(u32, String, usize)> = Vec::new();
    // Values per position, then each position's values (a counting sort by position).
    let mut per = vec![0u32; rows.len() + 1];
    let mut all: Vec<(u32, u32)> = Vec::new();
    for out in outs {
        // Local id 0 is the missing value, 0 everywhere.
        let local: Vec<u32> = std::iter::once(0)
            .chain(out.dict.strings[1..].iter().map(|v| dict.id(v)))
            .collect();
        for (p, id) in out.pairs {
            per[p as usize] += 1;
            all.push((p, local[id as usize]));
        }
        for p in out.bad {
            bad[p as usize] = true;
            any_bad = true;
        }
        for (s, reason, c) in out.errors {
            note_error(&mut errors, s, Some((reason, c)));
        }
    }
    errors.sort_by_key(|e| e.0);
    // off[i]..off[i + 1]: position i's slots (at least one: the missing value is id 0).
    let mut off = Vec::with_capacity(rows.len() + 1);
    let mut total = 0u32;
    for c in &per[..rows.len()] {
        off.push(total);
        total += (*c).max(1);
    }
    off.push(total);
    let mut ids = vec![0u32; total as usize];
    let mut fill: Vec<u32> = off[..rows.len()].to_vec();
    for (p, id) in all {
        let f = &mut fill[p as usize];
        ids[*f as usize] = id;
        *f += 1;
    }
    // Deduplicate each position's values (an event counts once under each distinct value),
    // compacting in place.
    let mut w = 0usize;
    let mut start = 0usize;
    for i in 0..rows.len() {
        let end = off[i + 1] as usize;
        let mine = &mut ids[start..end];
        if mine.len() > 1 {
            mine.sort_unstable();
        }
        off[i] = w as u32;
        let mut last = None;
        for k in start..end {
            let v = ids[k];
            if last != Some(v) {
                ids[w] = v;
                w += 1;
                last = Some(v);
            }
        }
        start = end;
    }
    off[rows.len()] = w as u32;
    ids.truncate(w);
    let unreadable = source_errors(errors);
    Ok((
        Vals {
            dict: Dict::Local(dict.strings),
            off: Some(off),
            ids,
            bad: any_bad.then_some(bad),
        },
        unreadable,
    ))
}

/// The leaf of [`path_values`]: each value's text(s) interned, paired with the row's position.
struct Intern<'a> {
    dict: &'a mut LocalDict,
    pairs: &'a mut Vec<(u32, u32)>,
    pos: u32,
    /// Scratch for strings with escapes.
    text: &'a mut String,
}

impl PathLeaf for Intern<'_> {
    fn value(&mut self, raw: &[u8]) -> ControlFlow<()> {
        let (dict, pairs, pos) = (&mut *self.dict, &mut *self.pairs, self.pos);
        value_texts(raw, self.text, &mut |t| {
            if let Some(id) = dict.id_bytes(t) {
                pairs.push((pos, id));
            }
        });
        ControlFlow::Continue(())
    }

    fn string(&mut self, quoted: &[u8], escaped: bool) -> ControlFlow<()> {
        if escaped {
            return self.value(quoted);
        }
        // No escape: the text is what lies between the quotes (empty: no value).
        let inner = &quoted[1..quoted.len() - 1];
        if !inner.is_empty() {
            if let Some(id) = self.dict.id_bytes(inner) {
                self.pairs.push((self.pos, id));
            }
        }
        ControlFlow::Continue(())
    }
}

/// Every value at `path` in the JSON `record` (keys compared ASCII case-insensitively; an
/// array along the way or at the end gives each element's value, unless the path says `[n]`).
/// Strings are their text, numbers and booleans as written, objects as their JSON text; `null`
/// and `""` are no value. Not JSON: no value.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn record_path_values(record: &[u8], path: &[PathSeg]) -> Vec<String> {
    let mut c = Collect(Vec::new(), String::new());
    walk_path(record, path, &mut c);
    c.0
}

/// The leaf of [`record_path_values`]: the text(s) of each value at the end of the path.
#[cfg_attr(not(test), allow(dead_code))]
struct Collect(Vec<String>, String);

impl PathLeaf for Collect {
    fn value(&mut self, raw: &[u8]) -> ControlFlow<()> {
        let out = &mut self.0;
        value_texts(raw, &mut self.1, &mut |t| {
            if let Ok(t) = std::str::from_utf8(t) {
                out.push(t.to_string());
            }
        });
        ControlFlow::Continue(())
    }
}

/// The text(s) of a value at the end of a path (its JSON text `raw`), each handed to `take` as
/// bytes that are its text only if they are UTF-8 (the taker checks, so a text seen before is
/// not checked again): a string's text (unescaped; empty: none), an array's elements' texts,
/// `null`: none, anything else as written. `scratch` holds an unescaped string.
fn value_texts(raw: &[u8], scratch: &mut String, take: &mut dyn FnMut(&[u8])) {
    let t = raw.trim_ascii();
    match t.first() {
        Some(b'"') => {
            let inner = &t[1..t.len().saturating_sub(1).max(1)];
            if memchr::memchr(b'\\', inner).is_none() {
                if !inner.is_empty() {
                    take(inner);
                }
            } else if let Ok(s) = serde_json::from_slice::<String>(t) {
                *scratch = s;
                if !scratch.is_empty() {
                    take(scratch.as_bytes());
                }
            }
        }
        Some(b'[') => {
            if let Ok(items) = serde_json::from_slice::<Vec<&RawValue>>(t) {
                for i in items {
                    value_texts(i.get().as_bytes(), scratch, take);
                }
            }
        }
        Some(b'n') | None => {}
        Some(_) => take(t),
    }
}

/// The values of one field for each of some rows: the cells of a `--fields` column
/// (`trailscope query --format table|csv`), read the way group-by reads them.
pub struct RowValues<'s>(Vals<'s>);

impl RowValues<'_> {
    /// The values of the `i`th of the rows given (none when missing; several for `resource`
    /// and paths that cross arrays).
    pub fn get(&self, i: usize) -> impl Iterator<Item = Cow<'_, str>> {
        self.0.of(i).iter().filter_map(|&id| self.0.dict.get(id))
    }

    /// True when the `i`th row's record could not be read (its value is unknown).
    pub fn unreadable(&self, i: usize) -> bool {
        self.0.is_bad(i)
    }
}

/// The values of `field` for each of `rows`, and the sources whose bytes could not be read.
pub fn row_values<'s>(
    store: &'s EventStore,
    rows: &[u32],
    field: &GroupField,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<(RowValues<'s>, Vec<(u32, String)>), QueryError> {
    let (v, unreadable) = values(
        store,
        rows,
        &field.source,
        src,
        cancel,
        &std::sync::atomic::AtomicUsize::new(0),
    )?;
    Ok((RowValues(v), unreadable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{run, Filter};
    use crate::testkit::{load_memory, small};
    use std::sync::Arc;

    fn seg(p: &str) -> Vec<PathSeg> {
        parse_path(p).unwrap()
    }

    #[test]
    fn path_values_cross_arrays_and_skip_absent() {
        let j = br#"{"requestParameters":{"roleArn":"arn:r","n":5,"b":true,"z":null,"e":"",
            "add":{"items":[{"userId":"111"},{"userId":"222"},{"other":1},{"userId":["333",null]}]},
            "obj":{"a":1},"esc":"q\"uote","ARR":[["x"],"y"]}}"#;
        let v = |p: &str| record_path_values(j, &seg(p));
        assert_eq!(v("requestParameters.roleArn"), ["arn:r"]);
        assert_eq!(v("REQUESTPARAMETERS.ROLEARN"), ["arn:r"]);
        assert_eq!(v("requestParameters.n"), ["5"]);
        assert_eq!(v("requestParameters.b"), ["true"]);
        assert!(v("requestParameters.z").is_empty());
        assert!(v("requestParameters.e").is_empty());
        assert!(v("requestParameters.missing").is_empty());
        assert!(v("requestParameters.roleArn.deeper").is_empty());
        assert_eq!(
            v("requestParameters.add.items.userId"),
            ["111", "222", "333"]
        );
        assert_eq!(v("requestParameters.add.items[1].userId"), ["222"]);
        assert_eq!(v("requestParameters.obj"), [r#"{"a":1}"#]);
        assert_eq!(v("requestParameters.esc"), ["q\"uote"]);
        assert_eq!(v("requestParameters.arr"), ["x", "y"]);
        assert!(record_path_values(b"not json", &seg("a.b")).is_empty());
    }

    #[test]
    fn fields_parse_by_registry_or_as_paths() {
        let f = GroupField::parse("User").unwrap();
        assert_eq!(f.name(), "who");
        assert!(!f.needs_raw());
        let p = GroupField::parse("requestParameters.roleArn").unwrap();
        assert_eq!(p.name(), "requestParameters.roleArn");
        assert!(p.needs_raw());
        assert!(GroupField::parse("after").is_err());
        assert!(GroupField::parse("").is_err());
        assert!(GroupField::parse("a..b").is_err());
        assert_eq!(parse_fields("key,ip").unwrap().len(), 2);
        assert!(parse_fields("key,ip,who").is_err());
    }

    fn all(store: &EventStore) -> Vec<u32> {
        (0..store.len() as u32).collect()
    }

    fn flat(o: &GroupOutcome) -> Vec<(Option<&str>, u32)> {
        o.groups
            .iter()
            .map(|g| (g.value.as_deref(), g.count))
            .collect()
    }

    /// Counts `field` the slow way: each row's string.
    fn naive(store: &EventStore, rows: &[u32], f: SymField) -> Vec<(Option<String>, u32)> {
        let mut m: std::collections::BTreeMap<Option<String>, u32> = Default::default();
        for &r in rows {
            let s = store.str(f, r as usize);
            *m.entry((!s.is_empty()).then(|| s.to_string())).or_default() += 1;
        }
        let mut v: Vec<_> = m.into_iter().collect();
        // Most events first, the missing value last.
        v.sort_by(|a, b| {
            (a.0.is_none().cmp(&b.0.is_none()))
                .then(b.1.cmp(&a.1))
                .then(cmp_value(&a.0, &b.0))
        });
        v
    }

    #[test]
    fn indexed_columns_match_a_per_row_count_under_a_filter() {
        let (store, src) = small();
        let no = AtomicBool::new(false);
        for filter in ["", "error:*", "-name:Get*"] {
            let rows = run(&store, &Filter::parse(filter).unwrap(), &src, &no).unwrap();
            for c in SymField::ALL {
                let f = GroupField {
                    name: "x".into(),
                    source: Source::Column(c),
                };
                let o = group(&store, &rows, &[f], Sort::default(), &src, &no).unwrap();
                let got: Vec<(Option<String>, u32)> = o
                    .groups
                    .iter()
                    .map(|g| (g.value.clone(), g.count))
                    .collect();
                assert_eq!(got, naive(&store, &rows, c), "{c:?} under {filter:?}");
                assert_eq!(o.rows, rows.len());
            }
        }
    }

    /// A JSON path on a column's path gives the same groups as the column.
    #[test]
    fn a_path_agrees_with_its_column() {
        let (store, src) = small();
        let no = AtomicBool::new(false);
        let rows = all(&store);
        for (name, path) in [("ip", "sourceIPAddress"), ("name", "eventName")] {
            let a = group(
                &store,
                &rows,
                &[GroupField::parse(name).unwrap()],
                Sort::default(),
                &src,
                &no,
            )
            .unwrap();
            let b = group(
                &store,
                &rows,
                &[GroupField::parse(path).unwrap()],
                Sort::default(),
                &src,
                &no,
            )
            .unwrap();
            assert_eq!(flat(&a), flat(&b), "{name}");
        }
    }

    fn rec(i: usize, key: &str, ip: &str, extra: &str) -> String {
        format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:{i:02}Z","eventSource":"sts.amazonaws.com","eventName":"E{i}","awsRegion":"us-east-1","sourceIPAddress":"{ip}","eventID":"id-{i}","userIdentity":{{"type":"IAMUser","accessKeyId":"{key}"}}{extra}}}"#
        )
    }

    fn load(recs: &[String]) -> (EventStore, crate::testkit::MemSource) {
        let body = format!("{{\"Records\":[{}]}}", recs.join(","));
        load_memory(vec![("t.json".into(), Arc::from(body.into_bytes()))])
    }

    #[test]
    fn nested_counts_distinct_inner_values_and_sorts_by_them() {
        let recs = vec![
            rec(0, "AKIA1", "1.1.1.1", ""),
            rec(1, "AKIA1", "2.2.2.2", ""),
            rec(2, "AKIA1", "2.2.2.2", ""),
            rec(3, "AKIA2", "3.3.3.3", ""),
            rec(4, "AKIA2", "3.3.3.3", ""),
            rec(5, "AKIA2", "3.3.3.3", ""),
            rec(6, "AKIA2", "3.3.3.3", ""),
            rec(7, "", "4.4.4.4", ""),
        ];
        let (store, src) = load(&recs);
        let no = AtomicBool::new(false);
        let f = parse_fields("key,ip").unwrap();
        let rows = all(&store);
        let o = group(&store, &rows, &f, Sort::default(), &src, &no).unwrap();
        let outer: Vec<(Option<&str>, u32, u32)> = o
            .groups
            .iter()
            .map(|g| (g.value.as_deref(), g.count, g.distinct))
            .collect();
        assert_eq!(
            outer,
            [(Some("AKIA2"), 4, 1), (Some("AKIA1"), 3, 2), (None, 1, 1)]
        );
        let inner: Vec<(Option<&str>, u32)> = o.groups[1]
            .inner
            .iter()
            .map(|g| (g.value.as_deref(), g.count))
            .collect();
        assert_eq!(inner, [(Some("2.2.2.2"), 2), (Some("1.1.1.1"), 1)]);
        let by_distinct = Sort {
            key: SortKey::Distinct,
            rare: false,
        };
        let d = group(&store, &rows, &f, by_distinct, &src, &no).unwrap();
        assert_eq!(d.groups[0].value.as_deref(), Some("AKIA1"));
        // Rarest first, then by value.
        let rare = Sort {
            key: SortKey::Count,
            rare: true,
        };
        let r = group(&store, &rows, &f[1..], rare, &src, &no).unwrap();
        assert_eq!(
            flat(&r),
            [
                (Some("1.1.1.1"), 1),
                (Some("4.4.4.4"), 1),
                (Some("2.2.2.2"), 2),
                (Some("3.3.3.3"), 4)
            ]
        );
        let by_value = Sort {
            key: SortKey::Value,
            rare: false,
        };
        let v = group(&store, &rows, &f[..1], by_value, &src, &no).unwrap();
        assert_eq!(
            flat(&v),
            [(Some("AKIA1"), 3), (Some("AKIA2"), 4), (None, 1)]
        );
    }

    /// The events without a value are the biggest group here, with the most distinct inner
    /// values, at both levels: every order (each way) still puts them last.
    #[test]
    fn the_missing_value_sorts_last_in_every_order() {
        let recs = vec![
            rec(0, "AKIA1", "1.1.1.1", ""),
            rec(1, "AKIA1", "1.1.1.1", ""),
            rec(2, "AKIA2", "2.2.2.2", ""),
            rec(3, "", "1.1.1.1", ""),
            rec(4, "", "2.2.2.2", ""),
            rec(5, "", "3.3.3.3", ""),
            rec(6, "", "4.4.4.4", ""),
        ];
        let (store, src) = load(&recs);
        let no = AtomicBool::new(false);
        let rows = all(&store);
        let recs_no_ip: Vec<String> = (0..5)
            .map(|i| rec(i, "K", if i < 2 { "1.1.1.1" } else { "" }, ""))
            .collect();
        let (store2, src2) = load(&recs_no_ip);
        for key in [SortKey::Count, SortKey::Value, SortKey::Distinct] {
            for rare in [false, true] {
                let sort = Sort { key, rare };
                for by in ["key", "key,ip", "userIdentity.accessKeyId,ip"] {
                    let o =
                        group(&store, &rows, &parse_fields(by).unwrap(), sort, &src, &no).unwrap();
                    let values: Vec<Option<&str>> =
                        o.groups.iter().map(|g| g.value.as_deref()).collect();
                    assert_eq!(values.len(), 3, "{by} {sort:?}");
                    assert_eq!(values[2], None, "{by} {sort:?}: {values:?}");
                }
                // Inner groups: the events of key K without an IP are 3 of its 5.
                let o = group(
                    &store2,
                    &all(&store2),
                    &parse_fields("key,ip").unwrap(),
                    sort,
                    &src2,
                    &no,
                )
                .unwrap();
                let inner: Vec<Option<&str>> = o.groups[0]
                    .inner
                    .iter()
                    .map(|g| g.value.as_deref())
                    .collect();
                assert_eq!(inner, [Some("1.1.1.1"), None], "{sort:?}");
                // Used from one IP (and in some events from none): one distinct IP.
                assert_eq!(o.groups[0].distinct, 1);
            }
        }
        // Among the present values the order is still the asked one.
        let rare = Sort {
            key: SortKey::Count,
            rare: true,
        };
        let o = group(
            &store,
            &rows,
            &parse_fields("key").unwrap(),
            rare,
            &src,
            &no,
        )
        .unwrap();
        assert_eq!(
            flat(&o),
            [(Some("AKIA2"), 1), (Some("AKIA1"), 2), (None, 4)]
        );
        let za = Sort {
            key: SortKey::Value,
            rare: true,
        };
        let o = group(&store, &rows, &parse_fields("key").unwrap(), za, &src, &no).unwrap();
        assert_eq!(
            flat(&o),
            [(Some("AKIA2"), 1), (Some("AKIA1"), 2), (None, 4)]
        );
    }

    #[test]
    fn array_paths_count_each_event_once_per_value_and_missing_is_a_group() {
        let items = |ids: &[&str]| {
            let v: Vec<String> = ids
                .iter()
                .map(|i| format!(r#"{{"userId":"{i}"}}"#))
                .collect();
            format!(
                r#","requestParameters":{{"createVolumePermission":{{"add":{{"items":[{}]}}}}}}"#,
                v.join(",")
            )
        };
        let recs = vec![
            rec(0, "K", "1.1.1.1", &items(&["111", "222", "111"])),
            rec(1, "K", "1.1.1.1", &items(&["222"])),
            rec(2, "K", "1.1.1.1", ""),
        ];
        let (store, src) = load(&recs);
        let no = AtomicBool::new(false);
        let f = parse_fields("requestParameters.createVolumePermission.add.items.userId").unwrap();
        let o = group(&store, &all(&store), &f, Sort::default(), &src, &no).unwrap();
        assert_eq!(flat(&o), [(Some("222"), 2), (Some("111"), 1), (None, 1)]);
        // Nested under a path: the outer count is events, not pairs; the distinct inner values
        // are 111 and 222 (the event without one adds none).
        let f =
            parse_fields("key,requestParameters.createVolumePermission.add.items.userId").unwrap();
        let o = group(&store, &all(&store), &f, Sort::default(), &src, &no).unwrap();
        assert_eq!((o.groups[0].count, o.groups[0].distinct), (3, 2));
    }

    #[test]
    fn unreadable_sources_are_reported_and_not_counted() {
        let (store, _) = load(&[rec(0, "K", "1.1.1.1", "")]);
        let gone = crate::testkit::MemSource(vec![None]);
        let no = AtomicBool::new(false);
        let f = parse_fields("eventVersion").unwrap();
        assert!(f[0].needs_raw());
        let o = group(&store, &all(&store), &f, Sort::default(), &gone, &no).unwrap();
        assert!(o.groups.is_empty());
        assert_eq!(o.rows, 0);
        assert_eq!(o.unreadable.len(), 1);
        // An indexed field needs no bytes.
        let f = parse_fields("name").unwrap();
        let o = group(&store, &all(&store), &f, Sort::default(), &gone, &no).unwrap();
        assert_eq!(flat(&o), [(Some("E0"), 1)]);
    }

    #[test]
    fn s3_object_arns_are_shared_by_directory_and_read_back_whole_everywhere() {
        let obj = |i: usize| format!("arn:aws:s3:::logs/2026/11/{}/part-{i}.gz", i % 2);
        let res = |a: &[String]| {
            let list: Vec<String> = a.iter().map(|x| format!(r#"{{"ARN":"{x}"}}"#)).collect();
            format!(r#","resources":[{}]"#, list.join(","))
        };
        let mut recs: Vec<String> = (0..6)
            .map(|i| {
                let arns = [obj(i % 4), "arn:aws:s3:::logs".to_string()];
                rec(i, "K", "1.1.1.1", &res(&arns))
            })
            .collect();
        // A forged record: an S3 object ARN as the identity's ARN and as a resource.
        recs.push(format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:09Z","eventName":"Forged","eventID":"id-9","userIdentity":{{"type":"IAMUser","arn":"{}"}}{}}}"#,
            obj(1),
            res(&[obj(1)])
        ));
        let (store, src) = load(&recs);
        // Four distinct objects in two directories, none of them in the string table but the
        // forged identity ARN (a plain column).
        assert_eq!(store.objects.len(), 4);
        for i in [0, 2, 3] {
            assert_eq!(store.strings.lookup(&obj(i)), None, "{}", obj(i));
        }
        assert!(store.strings.lookup(&obj(1)).is_some());
        assert!(store
            .lookup_resource(&obj(1))
            .is_some_and(crate::model::objects::is_object));
        let forged = (0..store.len())
            .find(|&r| store.str(SymField::Name, r) == "Forged")
            .unwrap();
        assert_eq!(store.str(SymField::Arn, forged), obj(1));
        assert_eq!(store.resource_text(store.resources(forged)[0]), obj(1));

        let no = AtomicBool::new(false);
        let q = |f: &str| {
            let filter = crate::query::Filter::parse(f).unwrap();
            crate::query::run(&store, &filter, &src, &no).unwrap().len()
        };
        assert_eq!(q(&format!("resource:{}", obj(1))), 3);
        assert_eq!(q(&format!("resource:{}", obj(1).to_uppercase())), 3);
        assert_eq!(q("resource:arn:aws:s3:::logs/2026/11/0/*"), 3);
        assert_eq!(q("resource:*part-3.gz"), 1);
        assert_eq!(q("resource:arn:aws:s3:::logs"), 6);
        assert_eq!(q("resource:arn:aws:s3:::logs/2026/11/1/"), 0);
        assert_eq!(q(&format!("arn:{}", obj(1))), 1);

        let g = group(
            &store,
            &all(&store),
            &parse_fields("resource").unwrap(),
            Sort::default(),
            &src,
            &no,
        )
        .unwrap();
        let (o0, o1, o2, o3) = (obj(0), obj(1), obj(2), obj(3));
        assert_eq!(
            flat(&g),
            [
                (Some("arn:aws:s3:::logs"), 6),
                (Some(o1.as_str()), 3),
                (Some(o0.as_str()), 2),
                (Some(o2.as_str()), 1),
                (Some(o3.as_str()), 1),
            ]
        );
        let menu = crate::query::pivot::pivot_menu(&store, forged);
        assert!(
            menu.iter()
                .any(|p| p.term == format!("resource:\"{}\"", obj(1))),
            "{:?}",
            menu.iter().map(|p| &p.term).collect::<Vec<_>>()
        );
    }

    #[test]
    fn registered_non_column_fields() {
        let recs = vec![
            rec(
                0,
                "K",
                "1.1.1.1",
                r#","readOnly":true,"resources":[{"ARN":"arn:a"},{"ARN":"arn:b"}]"#,
            ),
            rec(
                1,
                "K",
                "1.1.1.1",
                r#","readOnly":false,"resources":[{"ARN":"arn:a"}]"#,
            ),
            rec(2, "K", "1.1.1.1", ""),
        ];
        let (store, src) = load(&recs);
        let no = AtomicBool::new(false);
        let g = |f: &str| {
            group(
                &store,
                &all(&store),
                &parse_fields(f).unwrap(),
                Sort::default(),
                &src,
                &no,
            )
            .unwrap()
        };
        assert_eq!(
            flat(&g("resource")),
            [(Some("arn:a"), 2), (Some("arn:b"), 1), (None, 1)]
        );
        assert_eq!(
            flat(&g("readonly")),
            [(Some("false"), 1), (Some("true"), 1), (None, 1)]
        );
        assert_eq!(
            flat(&g("id")),
            [(Some("id-0"), 1), (Some("id-1"), 1), (Some("id-2"), 1)]
        );
    }

    /// The loader's note on unique keys lets the walk stop early: the values are those of a
    /// full walk all the same, and records with a key twice (in any case) are walked in full.
    #[test]
    fn unique_key_flags_give_the_values_of_a_full_walk() {
        use crate::model::flags;
        let mk = |i: usize, ident: &str, tail: &str| {
            format!(
                r#"{{"eventVersion":"1.08","userIdentity":{ident},"eventTime":"2024-01-01T00:00:{i:02}Z","eventSource":"s3.amazonaws.com","eventName":"E{i}","eventID":"id-{i}"{tail}}}"#
            )
        };
        let recs = vec![
            // Plain: both flags.
            mk(
                0,
                r#"{"type":"IAMUser","arn":"arn:a","sessionContext":{"sessionIssuer":{"arn":"arn:deep"}}}"#,
                "",
            ),
            // A second top-level userIdentity (another case): walked to the end.
            mk(
                1,
                r#"{"arn":"arn:b"}"#,
                r#","USERIDENTITY":{"ARN":"arn:b2"}"#,
            ),
            // arn twice inside userIdentity.
            mk(2, r#"{"arn":"arn:c","ARN":"arn:c2"}"#, ""),
            // userIdentity spelled otherwise: the loader did not read it.
            format!(
                r#"{{"eventVersion":"1.08","UserIdentity":{{"arn":"arn:d","Arn":"arn:d2"}},"eventTime":"2024-01-01T00:00:03Z","eventName":"E3","eventID":"id-3"}}"#
            ),
            // An array where an object is expected: every element.
            mk(4, r#"[{"arn":"arn:e"},{"arn":"arn:e2"}]"#, ""),
            // No identity at all.
            mk(5, "null", ""),
        ];
        let (store, src) = load(&recs);
        let want_flags = [
            flags::UNIQUE_TOP | flags::UNIQUE_IDENTITY,
            0,
            flags::UNIQUE_TOP,
            flags::UNIQUE_TOP,
            flags::UNIQUE_TOP | flags::UNIQUE_IDENTITY,
            flags::UNIQUE_TOP | flags::UNIQUE_IDENTITY,
        ];
        let no = AtomicBool::new(false);
        for r in 0..store.len() {
            let id = store.event_id.get(r);
            let i: usize = id.trim_start_matches("id-").parse().unwrap();
            let mask = flags::UNIQUE_TOP | flags::UNIQUE_IDENTITY;
            assert_eq!(store.flags[r] & mask, want_flags[i], "record {i}");
        }
        for path in [
            "userIdentity.arn",
            "userIdentity",
            "eventName",
            "userIdentity.sessionContext.sessionIssuer.arn",
        ] {
            let f = parse_fields(path).unwrap();
            let got = group(&store, &all(&store), &f, Sort::default(), &src, &no).unwrap();
            // The same counted the slow way: every value of a full walk of each record.
            let mut m: std::collections::BTreeMap<Option<String>, u32> = Default::default();
            for r in 0..store.len() {
                let content = src.content(&store, store.loc.get(r).source).unwrap();
                let b = record_bytes(&store, r, &content).unwrap();
                let mut v = record_path_values(&b, &seg(path));
                v.sort();
                v.dedup();
                if v.is_empty() {
                    *m.entry(None).or_default() += 1;
                }
                for x in v {
                    *m.entry(Some(x)).or_default() += 1;
                }
            }
            let mut want: Vec<(Option<String>, u32)> = m.into_iter().collect();
            // Most events first, the missing value last.
            want.sort_by(|a, b| {
                (a.0.is_none().cmp(&b.0.is_none()))
                    .then(b.1.cmp(&a.1))
                    .then(cmp_value(&a.0, &b.0))
            });
            let got: Vec<(Option<String>, u32)> = got
                .groups
                .iter()
                .map(|g| (g.value.clone(), g.count))
                .collect();
            assert_eq!(got, want, "{path}");
        }
        // The doubled keys are all found.
        let f = parse_fields("userIdentity.arn").unwrap();
        let o = group(&store, &all(&store), &f, Sort::default(), &src, &no).unwrap();
        for v in ["arn:b2", "arn:c2", "arn:d2", "arn:e2"] {
            assert!(
                o.groups.iter().any(|g| g.value.as_deref() == Some(v)),
                "{v}"
            );
        }
    }

    /// Many sources read by several workers, one of them big enough to be read in parts, one
    /// unreadable: the merged counts (one field, and nested) are those of a per-record count,
    /// escaped values are unescaped, progress reaches every record, and the unreadable source
    /// is reported once with its rows left out.
    #[test]
    fn worker_dictionaries_merge_to_a_per_record_count() {
        let arn = |i: usize| match i % 41 {
            0 => None,
            // Escaped: `\/` is `/`, `\u0041` is `A`.
            7 => Some((
                r#"arn:aws:iam::1:user\/esc\u0041"#.to_string(),
                "arn:aws:iam::1:user/escA".to_string(),
            )),
            k => Some((
                format!("arn:aws:iam::{}:user/u{k}", k % 3),
                format!("arn:aws:iam::{}:user/u{k}", k % 3),
            )),
        };
        let mk = |i: usize| {
            let ident = arn(i).map_or(r#"{"type":"Root"}"#.to_string(), |(raw, _)| {
                format!(r#"{{"type":"IAMUser","arn":"{raw}"}}"#)
            });
            format!(
                r#"{{"eventVersion":"1.08","userIdentity":{ident},"eventTime":"2024-01-01T00:{:02}:{:02}Z","eventName":"E{}","eventID":"id-{i}"}}"#,
                (i / 60) % 60,
                i % 60,
                i % 3
            )
        };
        let sizes = [CANCEL_EVERY * 2 + 17, 5, 300, 1, 40, 64, 7];
        let mut sources = Vec::new();
        let mut i = 0;
        for (k, &n) in sizes.iter().enumerate() {
            let recs: Vec<String> = (i..i + n).map(mk).collect();
            i += n;
            let body = format!("{{\"Records\":[{}]}}", recs.join(","));
            sources.push((format!("s{k}.json"), Arc::from(body.into_bytes())));
        }
        let (store, mut src) = load_memory(sources);
        assert_eq!(store.len(), i);
        // The 40-record source cannot be read.
        let gone = store
            .sources
            .iter()
            .position(|x| x.name().ends_with("s4.json"))
            .unwrap();
        src.0[gone] = None;
        let mut want: std::collections::BTreeMap<Option<String>, u32> = Default::default();
        let mut want_nested: std::collections::BTreeMap<(Option<String>, String), u32> =
            Default::default();
        for r in 0..store.len() {
            if store.loc.get(r).source as usize == gone {
                continue;
            }
            let id = store.event_id.get(r);
            let i: usize = id.trim_start_matches("id-").parse().unwrap();
            let v = arn(i).map(|(_, text)| text);
            *want.entry(v.clone()).or_default() += 1;
            *want_nested.entry((v, format!("E{}", i % 3))).or_default() += 1;
        }
        let no = AtomicBool::new(false);
        let rows = all(&store);
        let f = parse_fields("userIdentity.arn").unwrap();
        let done = AtomicUsize::new(0);
        let o = group_with_progress(&store, &rows, &f, Sort::default(), &src, &no, &done).unwrap();
        assert_eq!(done.load(Ordering::Relaxed), records_to_read(&rows, &f));
        assert_eq!(o.rows, store.len() - 40);
        assert_eq!(o.unreadable.len(), 1, "{:?}", o.unreadable);
        assert_eq!(o.unreadable[0].0 as usize, gone);
        let got: std::collections::BTreeMap<Option<String>, u32> = o
            .groups
            .iter()
            .map(|g| (g.value.clone(), g.count))
            .collect();
        assert_eq!(got, want);
        assert!(got.contains_key(&Some("arn:aws:iam::1:user/escA".to_string())));
        // Nested under the path (the per-row layout of the same reads).
        let f = parse_fields("userIdentity.arn,name").unwrap();
        let o = group(&store, &rows, &f, Sort::default(), &src, &no).unwrap();
        assert_eq!(o.unreadable.len(), 1);
        let mut got = std::collections::BTreeMap::new();
        for g in &o.groups {
            for n in &g.inner {
                got.insert((g.value.clone(), n.value.clone().unwrap()), n.count);
            }
        }
        assert_eq!(got, want_nested);
    }

    #[test]
    fn cancel_stops_it() {
        let (store, src) = small();
        let yes = AtomicBool::new(true);
        let f = parse_fields("requestParameters.bucketName").unwrap();
        assert_eq!(
            group(&store, &all(&store), &f, Sort::default(), &src, &yes),
            Err(QueryError::Cancelled)
        );
    }
}
