//! Filter evaluation over the column store.
//!
//! Indexed leaves are compiled against the *distinct* values (each interned string is tested at
//! most once, memoised in a table indexed by `Sym`), then the `u32` column is scanned through
//! that table into a row bitset. Time leaves binary-search when rows are in time order.
//! AND/OR/NOT are word-wise bitset operations.
//!
//! Raw leaves (bare words, JSON paths) come last: a first walk over the tree works out, for each
//! raw leaf, the rows where its value can still change the result (an AND whose indexed
//! siblings already fail, or an OR whose indexed siblings already match, does not need it).
//! Only those rows are read, one source at a time (each source's content fetched once for all
//! raw leaves), in parallel across sources, checking the cancel flag between sources and every
//! few thousand records.

use super::bits::Bits;
use super::parse::{Leaf, Node, Parsed};
use super::pattern::{lower, Alt, Pattern};
use super::scan::{self, RawLeaves};
use super::{QueryError, QueryOutcome};
use crate::model::ids::{encode_inline, fingerprint, IdColumn};
use crate::model::{EventStore, RecordSource, Sym, SymField, UNDATED};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Evaluates a parsed filter.
pub(crate) fn run(
    store: &EventStore,
    parsed: &Parsed,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<QueryOutcome, QueryError> {
    let n = store.len();
    let ev = Eval {
        store,
        parsed,
        cancel,
        cache: None,
        narrow: narrow_slots(parsed.leaves.len()),
    };
    let mut unreadable = Vec::new();
    let mut raw_vals: Vec<Option<Bits>> = vec![None; parsed.leaves.len()];
    let mut bad_rows: Option<Bits> = None;

    if parsed.leaves.iter().any(Leaf::is_raw) {
        // Rows where each raw leaf matters.
        let mut needed: Vec<Option<Bits>> = vec![None; parsed.leaves.len()];
        ev.needs(&parsed.root, &Bits::ones(n), &mut needed);
        let jobs: Vec<(usize, Bits)> = needed
            .into_iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|b| (i, b)))
            .collect();
        let out = scan::eval(
            store,
            &RawLeaves {
                leaves: &parsed.leaves,
                jobs: &jobs,
                reads: None,
            },
            src,
            cancel,
        )?;
        for (i, b) in out.values {
            raw_vals[i] = Some(b);
        }
        unreadable = out.unreadable;
        bad_rows = out.bad_rows;
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    let mut result = ev.eval(&parsed.root, &raw_vals);
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    if let Some(bad) = &bad_rows {
        // Rows whose verdict needed bytes that could not be read are left out.
        result.and_not(bad);
    }
    // While loading, row numbers are in arrival order: a merge of the store's sorted runs.
    let rows = store.time_order(result.to_rows());
    Ok(QueryOutcome { rows, unreadable })
}

/// Per root its rows, and the unreadable sources.
pub(crate) type ManyOut = (Vec<Vec<u32>>, Vec<(u32, String)>, Vec<Vec<(u32, String)>>);

/// Evaluates several filters sharing one set of leaves (`roots` index `leaves`) together: each
/// indexed leaf is one pass over the rows whatever the number of filters using it, and the raw
/// leaves of all of them are one read of the records they are needed for. Only rows from
/// `from_row` on are considered. Returns each root's rows in row order.
pub(crate) fn run_many(
    store: &EventStore,
    leaves: &[Leaf],
    roots: &[Node],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
    from_row: usize,
    reads: Option<&super::program::Reads>,
) -> Result<ManyOut, QueryError> {
    let n = store.len();
    let parsed = Parsed {
        root: Node::All,
        leaves: leaves.to_vec(),
        bare: Vec::new(),
        notes: Vec::new(),
    };
    let cache: Vec<std::sync::OnceLock<Bits>> = (0..leaves.len())
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let ev = Eval {
        store,
        parsed: &parsed,
        cancel,
        cache: Some(&cache),
        narrow: narrow_slots(leaves.len()),
    };
    let scope = Bits::range(n, from_row, n);
    let mut unreadable = Vec::new();
    let mut raw_vals: Vec<Option<Bits>> = vec![None; leaves.len()];
    let mut bad_rows: Option<Bits> = None;
    let mut read = Vec::new();
    let reads = reads.filter(|r| !r.paths.is_empty() && !r.rows.is_empty());
    if leaves.iter().any(Leaf::is_raw) || reads.is_some() {
        let mut needed: Vec<Option<Bits>> = vec![None; leaves.len()];
        for root in roots {
            ev.needs(root, &scope, &mut needed);
        }
        let jobs: Vec<(usize, Bits)> = needed
            .into_iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|b| (i, b)))
            .collect();
        if !jobs.is_empty() || reads.is_some() {
            let out = scan::eval(
                store,
                &RawLeaves {
                    leaves,
                    jobs: &jobs,
                    reads,
                },
                src,
                cancel,
            )?;
            for (i, b) in out.values {
                raw_vals[i] = Some(b);
            }
            unreadable = out.unreadable;
            bad_rows = out.bad_rows;
            read = out.read;
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    let rows: Vec<Vec<u32>> = roots
        .par_iter()
        .map(|root| {
            let mut b = ev.eval(root, &raw_vals);
            b.and(&scope);
            if let Some(bad) = &bad_rows {
                b.and_not(bad);
            }
            b.to_rows()
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return Err(QueryError::Cancelled);
    }
    Ok((rows, unreadable, read))
}

struct Eval<'a> {
    store: &'a EventStore,
    parsed: &'a Parsed,
    /// Looked at before each leaf; once raised, leaves evaluate to nothing and `run` errs.
    cancel: &'a AtomicBool,
    /// Indexed leaves' rows, computed once (many filters evaluated together share leaves).
    cache: Option<&'a [std::sync::OnceLock<Bits>]>,
    /// Each raw leaf's [`candidates`], computed once (`needs` and `upper` both ask).
    narrow: Vec<std::sync::OnceLock<Option<Bits>>>,
}

fn narrow_slots(n: usize) -> Vec<std::sync::OnceLock<Option<Bits>>> {
    (0..n).map(|_| std::sync::OnceLock::new()).collect()
}

impl Eval<'_> {
    fn n(&self) -> usize {
        self.store.len()
    }

    /// The rows leaf `i` can match at all, known from the index ([`candidates`]).
    fn narrowed(&self, i: usize) -> Option<&Bits> {
        self.narrow[i]
            .get_or_init(|| candidates(self.store, &self.parsed.leaves[i]))
            .as_ref()
    }

    fn has_raw(&self, node: &Node) -> bool {
        match node {
            Node::All => false,
            Node::Leaf(i) => self.parsed.leaves[*i].is_raw(),
            Node::Not(x) => self.has_raw(x),
            Node::And(v) | Node::Or(v) => v.iter().any(|x| self.has_raw(x)),
        }
    }

    /// Marks, for each raw leaf under `node`, the rows (within `ctx`) where its value matters.
    fn needs(&self, node: &Node, ctx: &Bits, needed: &mut [Option<Bits>]) {
        if ctx.is_empty() {
            return;
        }
        match node {
            Node::All => {}
            Node::Leaf(i) => {
                let leaf = &self.parsed.leaves[*i];
                if leaf.is_raw() {
                    // Rows the index already rules out need no read (their value is false).
                    let narrowed = self.narrowed(*i).map(|c| {
                        let mut c = c.clone();
                        c.and(ctx);
                        c
                    });
                    let ctx = narrowed.as_ref().unwrap_or(ctx);
                    match &mut needed[*i] {
                        Some(b) => b.or(ctx),
                        slot => *slot = Some(ctx.clone()),
                    }
                }
            }
            Node::Not(x) => self.needs(x, ctx, needed),
            Node::And(v) | Node::Or(v) => {
                let and = matches!(node, Node::And(_));
                let mut sub = ctx.clone();
                // The indexed siblings together (one node, so like terms merge into one pass).
                let fixed: Vec<Node> = v.iter().filter(|c| !self.has_raw(c)).cloned().collect();
                if !fixed.is_empty() {
                    let val = if and {
                        self.eval(&Node::And(fixed), &[])
                    } else {
                        self.eval(&Node::Or(fixed), &[])
                    };
                    if and {
                        sub.and(&val);
                    } else {
                        sub.and_not(&val);
                    }
                }
                if and {
                    // What the indexed terms inside the other children already rule out:
                    // `(name:X and path:…) and not path:…` reads records of X events only.
                    for c in v.iter().filter(|c| self.has_raw(c)) {
                        if sub.is_empty() {
                            return;
                        }
                        if let Some(u) = self.upper(c) {
                            sub.and(&u);
                        }
                    }
                }
                for c in v.iter().filter(|c| self.has_raw(c)) {
                    self.needs(c, &sub, needed);
                }
            }
        }
    }

    /// A superset of the rows matching `node` known from its indexed leaves alone (`None`:
    /// every row may match).
    fn upper(&self, node: &Node) -> Option<Bits> {
        if !self.has_raw(node) {
            return Some(self.eval(node, &[]));
        }
        match node {
            Node::Leaf(i) => self.narrowed(*i).cloned(),
            Node::All | Node::Not(_) => None,
            Node::And(v) => {
                let mut out: Option<Bits> = None;
                for c in v {
                    if let Some(u) = self.upper(c) {
                        match &mut out {
                            Some(o) => o.and(&u),
                            slot => *slot = Some(u),
                        }
                    }
                }
                out
            }
            Node::Or(v) => {
                let mut out = Bits::zeros(self.n());
                for c in v {
                    out.or(&self.upper(c)?);
                }
                Some(out)
            }
        }
    }

    /// The rows matching `node`; raw leaves take their values from `raw` (absent: no rows).
    fn eval(&self, node: &Node, raw: &[Option<Bits>]) -> Bits {
        let n = self.n();
        match node {
            Node::All => Bits::ones(n),
            Node::Leaf(i) => match &self.parsed.leaves[*i] {
                l if l.is_raw() => raw
                    .get(*i)
                    .and_then(|b| b.clone())
                    .unwrap_or_else(|| Bits::zeros(n)),
                l => match self.cache.and_then(|c| c.get(*i)) {
                    Some(slot) => slot.get_or_init(|| self.leaf(l)).clone(),
                    None => self.leaf(l),
                },
            },
            Node::Not(x) => {
                let mut b = self.eval(x, raw);
                b.not();
                b
            }
            Node::And(v) => {
                // Negated column terms of the same columns are one pass (`-name:A -name:B …`
                // is `-(name:A|B|…)`), like ORs below.
                let mut merged: Vec<(Column<'_>, Vec<Alt>)> = Vec::new();
                let mut rest: Vec<&Node> = Vec::new();
                for c in v {
                    if let Node::Not(x) = c {
                        if let Node::Leaf(i) = **x {
                            if let Some((col, pat)) = column_of(&self.parsed.leaves[i]) {
                                merge(&mut merged, col, pat);
                                continue;
                            }
                        }
                    }
                    rest.push(c);
                }
                // Cheap, selective children first would be nicer; a bitset AND is cheap anyway.
                let mut acc = match rest.first() {
                    Some(first) => self.eval(first, raw),
                    None => Bits::ones(n),
                };
                for c in rest.iter().skip(1) {
                    if acc.is_empty() {
                        break;
                    }
                    acc.and(&self.eval(c, raw));
                }
                for (col, alts) in merged {
                    if acc.is_empty() || self.cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    acc.and_not(&self.column(col, &Pattern { alts }));
                }
                acc
            }
            Node::Or(v) => {
                // Column terms of the same columns are one pass with their alternatives
                // together (`name:A OR name:B OR …` pasted a thousand times costs one pass,
                // not a thousand).
                let mut acc = Bits::zeros(n);
                let mut merged: Vec<(Column<'_>, Vec<Alt>)> = Vec::new();
                for c in v {
                    if let Node::Leaf(i) = c {
                        if let Some((col, pat)) = column_of(&self.parsed.leaves[*i]) {
                            merge(&mut merged, col, pat);
                            continue;
                        }
                    }
                    acc.or(&self.eval(c, raw));
                }
                for (col, alts) in merged {
                    if self.cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    acc.or(&self.column(col, &Pattern { alts }));
                }
                acc
            }
        }
    }

    /// The rows where `col` matches `pat`.
    fn column(&self, col: Column<'_>, pat: &Pattern) -> Bits {
        let s = self.store;
        match col {
            Column::Sym(cols) => sym_leaf(s, cols, pat),
            Column::EventId => id_leaf(&s.event_id, s.len(), pat),
        }
    }

    fn leaf(&self, leaf: &Leaf) -> Bits {
        let s = self.store;
        let n = self.n();
        if self.cancel.load(Ordering::Relaxed) {
            return Bits::zeros(n);
        }
        match leaf {
            Leaf::Sym { cols, pat } => sym_leaf(s, cols, pat),
            Leaf::Resource(pat) => {
                let table = SymTable::for_resources(s, pat);
                let empty = pat.matches_empty();
                Bits::from_fn(n, |r| {
                    let res = s.resources(r);
                    if res.is_empty() {
                        empty
                    } else {
                        res.iter().any(|&x| table.test_resource(x))
                    }
                })
            }
            Leaf::Id {
                request: false,
                pat,
            } => id_leaf(&s.event_id, n, pat),
            Leaf::ReadOnly(want) => {
                use crate::model::flags::{READONLY, READONLY_KNOWN};
                let (mask, val) = match want {
                    None => (READONLY_KNOWN, 0),
                    Some(true) => (READONLY_KNOWN | READONLY, READONLY_KNOWN | READONLY),
                    Some(false) => (READONLY_KNOWN | READONLY, READONLY_KNOWN),
                };
                let f = &s.flags;
                Bits::from_fn(n, |r| f[r] & mask == val)
            }
            Leaf::Verified(mask) => {
                // One verdict per source: test each source once, then each row's source.
                let ok: Vec<bool> = s
                    .sources
                    .iter()
                    .map(|x| mask & (1 << (x.verdict as u8)) != 0)
                    .collect();
                let loc = &s.loc;
                Bits::from_fn(n, |r| {
                    ok.get(loc.get(r).source as usize).copied().unwrap_or(false)
                })
            }
            Leaf::After(t) => time_range(s, *t, UNDATED),
            Leaf::Before(t) => time_range(s, i64::MIN, *t),
            Leaf::Last(d) => match newest(s) {
                Some(hi) => time_range(s, hi.saturating_sub(*d), UNDATED),
                None => Bits::zeros(n),
            },
            Leaf::Lineage { keys, ids } => lineage_leaf(s, keys, ids),
            Leaf::Flag(mask) => {
                let mut b = Bits::zeros(n);
                for r in s.lineage().flagged_rows(s, *mask) {
                    b.set(r as usize);
                }
                b
            }
            Leaf::Detect { key, pat } => detect_leaf(s, *key, pat),
            Leaf::Insight(pat) => insight_leaf(s, pat),
            Leaf::Text(_)
            | Leaf::Path { .. }
            | Leaf::PathEq(..)
            | Leaf::Id { request: true, .. } => Bits::zeros(n),
        }
    }
}

/// Does a rule's `key` match `pat`?
pub(crate) fn rule_matches(
    r: &crate::model::RuleMeta,
    key: super::fields::DetectKey,
    pat: &Pattern,
) -> bool {
    use super::fields::DetectKey as K;
    let any = |v: &[String]| v.iter().any(|t| pat.matches(t));
    match key {
        K::Rule => pat.matches(&r.id) || pat.matches(&r.title),
        K::Level => pat.matches(r.level.name()),
        K::Tactic => any(&r.tactics),
        K::Technique => any(&r.techniques),
        K::Any => {
            pat.matches(&r.id)
                || pat.matches(&r.title)
                || pat.matches(r.level.name())
                || any(&r.tactics)
                || any(&r.techniques)
                || pat.matches(r.origin.name())
        }
    }
}

/// The rows flagged by a rule whose `key` matches `pat`.
fn detect_leaf(s: &EventStore, key: super::fields::DetectKey, pat: &Pattern) -> Bits {
    let n = s.len();
    let mut b = Bits::zeros(n);
    for r in s.hits().rows_where(|r| rule_matches(r, key, pat)) {
        if (r as usize) < n {
            b.set(r as usize);
        }
    }
    b
}

/// The rows counted by Local Insights episodes whose kind name matches `pat`, and (when `aws`
/// matches) CloudTrail's own Insights events.
fn insight_leaf(s: &EventStore, pat: &Pattern) -> Bits {
    use crate::model::insights::{InsightKind, AWS_INSIGHT_EVENT_TYPE};
    let n = s.len();
    let mut b = Bits::zeros(n);
    for kind in InsightKind::ALL {
        if !pat.matches(kind.name()) {
            continue;
        }
        for e in s.insights.episodes.iter().filter(|e| e.kind == kind) {
            for &r in &e.rows {
                if (r as usize) < n {
                    b.set(r as usize);
                }
            }
        }
    }
    if pat.matches("aws") {
        if let Some(sym) = s.strings.lookup(AWS_INSIGHT_EVENT_TYPE) {
            let col = s.col(SymField::EventType);
            for (r, &v) in col.iter().enumerate() {
                if v == sym {
                    b.set(r);
                }
            }
        }
    }
    b
}

/// A column a pattern is tested against, for merging like terms into one pass.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column<'a> {
    Sym(&'a [SymField]),
    /// `eventID`.
    EventId,
}

/// The column and pattern of a leaf that tests one value per row.
fn column_of(leaf: &Leaf) -> Option<(Column<'_>, &Pattern)> {
    match leaf {
        Leaf::Sym { cols, pat } => Some((Column::Sym(cols), pat)),
        Leaf::Id {
            request: false,
            pat,
        } => Some((Column::EventId, pat)),
        _ => None,
    }
}

/// The rows a raw leaf can match at all, known from the index: for `request:` with exact
/// values, the rows whose `requestID` fingerprint is one of theirs (`None`: any row may).
fn candidates(s: &EventStore, leaf: &Leaf) -> Option<Bits> {
    let Leaf::Id { request: true, pat } = leaf else {
        return None;
    };
    let mut want = Vec::with_capacity(pat.alts.len());
    for a in &pat.alts {
        match a {
            // The fingerprint folds ASCII case only: other text is compared from the record.
            Alt::Exact(e) if e.is_ascii() => want.push(fingerprint(e)),
            Alt::Empty => want.push(0),
            _ => return None,
        }
    }
    want.sort_unstable();
    want.dedup();
    let fp = &s.request_fp;
    Some(match want.as_slice() {
        [one] => Bits::from_fn_par(fp.len(), |r| fp[r] == *one),
        _ => Bits::from_fn_par(fp.len(), |r| want.binary_search(&fp[r]).is_ok()),
    })
}

/// Adds `pat`'s alternatives to the group of `col`.
fn merge<'a>(groups: &mut Vec<(Column<'a>, Vec<Alt>)>, col: Column<'a>, pat: &Pattern) {
    match groups.iter_mut().find(|(c, _)| *c == col) {
        Some((_, alts)) => alts.extend(pat.alts.iter().cloned()),
        None => groups.push((col, pat.alts.clone())),
    }
}

/// The exact alternatives of `pat` as a set, and a pattern of the others, when there are
/// enough exact ones for a hash lookup to beat comparing each.
fn exact_set(pat: &Pattern) -> Option<(HashSet<&str>, Pattern)> {
    let exacts = pat
        .alts
        .iter()
        .filter(|a| matches!(a, Alt::Exact(_)))
        .count();
    (exacts > 8).then(|| {
        let mut set = HashSet::with_capacity(exacts);
        let mut rest = Vec::new();
        for a in &pat.alts {
            match a {
                Alt::Exact(e) => {
                    set.insert(e.as_str());
                }
                other => rest.push(other.clone()),
            }
        }
        (set, Pattern { alts: rest })
    })
}

/// A per-`Sym` memo of a pattern's verdict: 0 no, 1 yes, 2 not tested yet. A pattern with
/// many exact alternatives tests them with one hash lookup (a value costs the same with 4,096
/// alternatives as with one).
pub(crate) struct SymTable<'a> {
    store: &'a EventStore,
    pat: &'a Pattern,
    /// The exact alternatives, when there are many, and the pattern of the others.
    exact: Option<(HashSet<&'a str>, Pattern)>,
    /// Per symbol: 0 no, 1 yes, 2 not tested yet. Atomic so that threads scanning parts of a
    /// column share it; two threads testing one symbol at once both store the same answer.
    memo: Vec<AtomicU8>,
    /// The same for the store's S3 object ARNs (resources only; empty otherwise).
    objects: Vec<AtomicU8>,
}

impl<'a> SymTable<'a> {
    /// A table for resource symbols: string-table ones and S3 object ones
    /// ([`SymTable::test_resource`]).
    pub fn for_resources(store: &'a EventStore, pat: &'a Pattern) -> SymTable<'a> {
        let mut t = SymTable::new(store, pat);
        t.objects = std::iter::repeat_with(|| AtomicU8::new(2))
            .take(store.objects.len())
            .collect();
        t
    }

    /// [`SymTable::test`] for a symbol of `EventStore::resources`.
    #[inline]
    pub fn test_resource(&self, s: Sym) -> bool {
        if !crate::model::objects::is_object(s) {
            return self.test(s);
        }
        let i = (s.0 & !crate::model::objects::OBJECT) as usize;
        let m = self.objects[i].load(Ordering::Relaxed);
        if m != 2 {
            return m == 1;
        }
        let v = self.verdict(&self.store.objects.text(i as u32));
        self.objects[i].store(v as u8, Ordering::Relaxed);
        v
    }

    pub fn new(store: &'a EventStore, pat: &'a Pattern) -> SymTable<'a> {
        let exact = exact_set(pat);
        SymTable {
            store,
            pat,
            exact,
            memo: std::iter::repeat_with(|| AtomicU8::new(2))
                .take(store.strings.len())
                .collect(),
            objects: Vec::new(),
        }
    }

    #[inline]
    pub fn test(&self, s: Sym) -> bool {
        let m = self.memo[s.0 as usize].load(Ordering::Relaxed);
        if m != 2 {
            return m == 1;
        }
        self.slow(s)
    }

    #[cold]
    fn slow(&self, s: Sym) -> bool {
        let v = self.verdict(self.store.strings.resolve(s));
        self.memo[s.0 as usize].store(v as u8, Ordering::Relaxed);
        v
    }

    fn verdict(&self, text: &str) -> bool {
        match &self.exact {
            Some((set, rest)) => {
                (!text.is_empty() && set.contains(lower(text).as_ref())) || rest.matches(text)
            }
            _ => self.pat.matches(text),
        }
    }
}

/// The rows whose value in one of `cols` matches `pat`: each distinct value tested once, the
/// rows scanned in parallel chunks.
fn sym_leaf(s: &EventStore, cols: &[SymField], pat: &Pattern) -> Bits {
    let n = s.len();
    let table = SymTable::new(s, pat);
    match cols {
        [c] => {
            let col = s.col(*c);
            Bits::from_fn_par(n, |r| table.test(col[r]))
        }
        _ => {
            let cs: Vec<&crate::model::SymCol> = cols.iter().map(|&c| s.col(c)).collect();
            Bits::from_fn_par(n, |r| cs.iter().any(|c| table.test(c[r])))
        }
    }
}

/// Rows with `lo <= time < hi`, undated rows excluded.
fn time_range(s: &EventStore, lo: i64, hi: i64) -> Bits {
    let n = s.len();
    if s.is_sorted() {
        let t = &s.time;
        let a = t.partition_point(|x| x < lo);
        let b = t.partition_point(|x| x < hi);
        Bits::range(n, a, b)
    } else {
        let t = &s.time;
        Bits::from_fn(n, |r| (lo..hi).contains(&t.get(r)))
    }
}

/// How far after the wall clock an event may be dated and still anchor `last:` (clock skew
/// between the machines that logged and the one reading). Later events are suspect (a forged
/// `eventTime` of 9999-12-31 must not make `last:7d` empty); they still match `last:` terms,
/// being after the anchor.
pub const LAST_ANCHOR_SKEW_MS: i64 = 15 * 60 * 1000;

/// The anchor of `last:` now: see [`last_anchor`].
pub(crate) fn newest(s: &EventStore) -> Option<i64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    last_anchor(s, now)
}

/// The newest dated time not after `now_ms` + [`LAST_ANCHOR_SKEW_MS`]; when every dated event
/// is later than that (a machine whose clock is behind), the newest dated time.
pub(crate) fn last_anchor(s: &EventStore, now_ms: i64) -> Option<i64> {
    let limit = now_ms.saturating_add(LAST_ANCHOR_SKEW_MS);
    if s.is_sorted() {
        let dated = s.time.partition_point(|x| x < UNDATED);
        let k = s.time.partition_point(|x| x <= limit && x < UNDATED);
        if k > 0 {
            Some(s.time.get(k - 1))
        } else {
            (dated > 0).then(|| s.time.get(dated - 1))
        }
    } else {
        let dated = s.time.iter().filter(|&t| t != UNDATED);
        let past = dated.clone().filter(|&t| t <= limit).max();
        past.or_else(|| dated.max())
    }
}

/// `lineage:` (see `Leaf::Lineage`): the starting keys are the known keys matching `keys` and
/// the keys issued by the events whose id matches `ids`; those events match too.
fn lineage_leaf(s: &EventStore, keys: &Pattern, ids: &Pattern) -> Bits {
    let n = s.len();
    let lin = s.lineage();
    let mut start: Vec<Sym> = Vec::new();
    if !keys.alts.is_empty() {
        // Keys used, and keys only issued (never used in the loaded events).
        let used = lin.keys().iter().map(|k| k.key);
        let issued = lin.edges().iter().map(|e| e.key);
        start.extend(
            used.chain(issued)
                .filter(|&k| keys.matches(s.strings.resolve(k))),
        );
        start.sort_unstable();
        start.dedup();
    }
    let mut out = Bits::zeros(n);
    if !ids.alts.is_empty() {
        for r in id_leaf(&s.event_id, n, ids).iter() {
            out.set(r);
            start.extend(lin.issued_by(r));
        }
    }
    for r in lin.rows(s, &start) {
        out.set(r as usize);
    }
    out
}

fn id_leaf(col: &IdColumn, n: usize, pat: &Pattern) -> Bits {
    // Fast path: one exact value, compared in its compact encoding.
    if let Some(want) = pat.single_exact() {
        // `want` is lowercase; a UUID matches either stored case.
        if let Some((bits, tag)) = encode_inline(want) {
            if tag & 7 == 1 {
                return Bits::from_fn(n, |r| {
                    let (b, t) = col.key(r);
                    b == bits && (t & 7 == 1 || t & 7 == 2)
                });
            }
            if tag & 7 == 3 {
                let len = (tag >> 3) as usize;
                let wb = want.as_bytes();
                let mut buf = String::new();
                return Bits::from_fn(n, |r| {
                    let (b, t) = col.key(r);
                    match t & 7 {
                        3 => t >> 3 == len as u8 && b.to_le_bytes()[..len].eq_ignore_ascii_case(wb),
                        4 => {
                            buf.clear();
                            col.write(r, &mut buf);
                            buf.as_bytes().eq_ignore_ascii_case(wb)
                        }
                        _ => false,
                    }
                });
            }
        }
    }
    let mut buf = String::new();
    if let Some((set, rest)) = exact_set(pat) {
        return Bits::from_fn(n, |r| {
            buf.clear();
            col.write(r, &mut buf);
            (!buf.is_empty() && set.contains(lower(&buf).as_ref())) || rest.matches(&buf)
        });
    }
    Bits::from_fn(n, |r| {
        buf.clear();
        col.write(r, &mut buf);
        pat.matches(&buf)
    })
}
