//! Windowed counts over the columns: Sigma's `count() [by f] > N` within a `timeframe` and the
//! correlation rules `event_count` / `value_count`. The rows a search matched are grouped by
//! the `by` fields' values, each group is walked in time order with a sliding window, and a
//! hit is raised where the count first passes the threshold; while it stays over, later
//! events join that hit, so each hit names every event that made its count.

use super::sigma::AggSpec;
use crate::model::{record_bytes, EventStore, Hit, RecordSource, Sym, UNDATED};
use crate::query::program::{path_values, target, Target};
use rayon::prelude::*;
use std::collections::HashMap;

/// Values the program's pass over the records already read, per JSON path: `(row, value)` in
/// row order, for the rows of the rules in `covered`.
#[derive(Default)]
pub struct Prefetched<'a> {
    paths: Vec<(&'a str, &'a [(u32, String)])>,
    covered: Vec<usize>,
}

impl<'a> Prefetched<'a> {
    /// `read[i]` holds the values of `paths[i]`; `covered`: the roots whose rows were read.
    pub fn new(paths: &'a [String], read: &'a [Vec<(u32, String)>], covered: &[usize]) -> Self {
        Prefetched {
            paths: paths
                .iter()
                .zip(read)
                .map(|(p, v)| (p.as_str(), v.as_slice()))
                .collect(),
            covered: covered.to_vec(),
        }
    }

    /// What rule `root` may use (nothing when its rows were not read in the pass).
    pub fn for_root(&self, root: usize) -> Option<&Prefetched<'a>> {
        self.covered.contains(&root).then_some(self)
    }

    fn get(&self, path: &str) -> Option<&'a [(u32, String)]> {
        self.paths.iter().find(|(p, _)| *p == path).map(|(_, v)| *v)
    }
}

/// Lower-cased values, each kept once; `0` is the empty value (missing, null or "").
struct Dict {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Dict {
    fn new() -> Dict {
        Dict {
            ids: HashMap::new(),
            names: vec![String::new()],
        }
    }

    fn id(&mut self, v: &str) -> u32 {
        if v.is_empty() {
            return 0;
        }
        let low = v.to_lowercase();
        if let Some(&i) = self.ids.get(&low) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(low.clone());
        self.ids.insert(low, i);
        i
    }
}

/// One field's value for each of `rows` (ids into `dict`). Columns come from the store, one
/// lower-casing per distinct value; JSON paths from the record bytes, each source read once,
/// the sources in parallel, and none kept once its values are out.
fn values(
    store: &EventStore,
    src: &dyn RecordSource,
    rows: &[u32],
    field: &str,
    pre: Option<&Prefetched<'_>>,
    dict: &mut Dict,
) -> Vec<u32> {
    if let Some(read) = pre.and_then(|p| p.get(field)) {
        return rows
            .iter()
            .map(|r| match read.binary_search_by_key(r, |(row, _)| *row) {
                Ok(i) => dict.id(&read[i].1),
                Err(_) => 0,
            })
            .collect();
    }
    match target(field) {
        Target::Column(c) => {
            let col = store.col(c);
            let mut seen: HashMap<Sym, u32> = HashMap::new();
            rows.iter()
                .map(|&r| {
                    let sym = col[r as usize];
                    *seen
                        .entry(sym)
                        .or_insert_with(|| dict.id(store.strings.resolve(sym)))
                })
                .collect()
        }
        Target::EventId => rows
            .iter()
            .map(|&r| dict.id(&store.event_id.get(r as usize)))
            .collect(),
        Target::ReadOnly => rows
            .iter()
            .map(|&r| match store.read_only(r as usize) {
                Some(b) => dict.id(if b { "true" } else { "false" }),
                None => 0,
            })
            .collect(),
        Target::Path(p) => {
            // Positions in `rows`, by source (in offset order within one).
            let mut by: HashMap<u32, Vec<usize>> = HashMap::new();
            for (i, &r) in rows.iter().enumerate() {
                by.entry(store.loc.get(r as usize).source)
                    .or_default()
                    .push(i);
            }
            let mut jobs: Vec<(u32, Vec<usize>)> = by.into_iter().collect();
            jobs.sort_by_key(|(s, v)| (std::cmp::Reverse(v.len()), *s));
            let found: Vec<Vec<(usize, String)>> = jobs
                .into_par_iter()
                .map(|(s, mut at)| {
                    at.sort_by_key(|&i| store.loc.get(rows[i] as usize).offset);
                    let Ok(content) = src.content(store, s) else {
                        return Vec::new();
                    };
                    at.into_iter()
                        .filter_map(|i| {
                            let b = record_bytes(store, rows[i] as usize, &content).ok()?;
                            let v = path_values(&b, &p).into_iter().next()?;
                            Some((i, v))
                        })
                        .collect()
                })
                .collect();
            let mut out = vec![0u32; rows.len()];
            for (i, v) in found.into_iter().flatten() {
                out[i] = dict.id(&v);
            }
            out
        }
    }
}

/// The hits of `spec` over `rows` (the rows the search matched, any order); record values
/// come from `pre` when it has them, else from the records (read here).
pub fn hits(
    store: &EventStore,
    src: &dyn RecordSource,
    rows: &[u32],
    spec: &AggSpec,
    pre: Option<&Prefetched<'_>>,
) -> Vec<Hit> {
    // Undated events cannot be placed in a window.
    let rows: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&r| store.time.get(r as usize) != UNDATED)
        .collect();
    let mut dict = Dict::new();
    let by: Vec<Vec<u32>> = spec
        .by
        .iter()
        .map(|f| values(store, src, &rows, f, pre, &mut dict))
        .collect();
    let vals = match &spec.field {
        Some(f) => values(store, src, &rows, f, pre, &mut dict),
        None => vec![0; rows.len()],
    };
    // Group by the `by` values.
    let mut groups: HashMap<Vec<u32>, Vec<(i64, u32, u32)>> = HashMap::new();
    for (i, &r) in rows.iter().enumerate() {
        let key: Vec<u32> = by.iter().map(|col| col[i]).collect();
        groups
            .entry(key)
            .or_default()
            .push((store.time.get(r as usize), r, vals[i]));
    }
    let mut keys: Vec<(Vec<&str>, &Vec<u32>)> = groups
        .keys()
        .map(|k| {
            (
                k.iter().map(|&i| dict.names[i as usize].as_str()).collect(),
                k,
            )
        })
        .collect();
    keys.sort();
    let counted = spec.field.is_some();
    let mut out = Vec::new();
    for (names, key) in keys {
        let mut evs = groups[key].clone();
        evs.sort_unstable_by_key(|&(t, r, _)| (t, r));
        let label = (!spec.by.is_empty()).then(|| {
            spec.by
                .iter()
                .zip(&names)
                .map(|(f, v)| format!("{f}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        });
        window(&evs, spec, counted, label, &mut out);
    }
    out.sort_by_key(|h| h.row);
    out
}

/// Slides the window over one group's events (in time order).
/// `evs`: (time, row, value id; 0 = no value); `counted`: count distinct values, not events.
fn window(
    evs: &[(i64, u32, u32)],
    spec: &AggSpec,
    counted: bool,
    label: Option<String>,
    out: &mut Vec<Hit>,
) {
    let mut lo = 0usize;
    let mut distinct: HashMap<u32, usize> = HashMap::new();
    let mut active: Option<Hit> = None;
    for hi in 0..evs.len() {
        let (t, row, v) = evs[hi];
        if counted && v != 0 {
            *distinct.entry(v).or_insert(0) += 1;
        }
        if let Some(w) = spec.window_ms {
            while evs[lo].0 < t.saturating_sub(w) {
                let k = evs[lo].2;
                if counted && k != 0 {
                    if let Some(c) = distinct.get_mut(&k) {
                        *c -= 1;
                        if *c == 0 {
                            distinct.remove(&k);
                        }
                    }
                }
                lo += 1;
            }
        }
        let count = match counted {
            true => distinct.len() as u64,
            false => (hi - lo + 1) as u64,
        };
        if spec.op.test(count, spec.n) {
            match &mut active {
                Some(h) => h.events.push(row),
                None => {
                    active = Some(Hit {
                        row,
                        events: evs[lo..=hi].iter().map(|e| e.1).collect(),
                        group: label.clone(),
                    })
                }
            }
        } else if let Some(mut h) = active.take() {
            h.events.sort_unstable();
            out.push(h);
        }
    }
    if let Some(mut h) = active.take() {
        h.events.sort_unstable();
        out.push(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::condition::CmpOp;

    fn spec(n: u64, w: Option<i64>, field: bool) -> AggSpec {
        AggSpec {
            field: field.then(|| "f".to_string()),
            by: Vec::new(),
            op: CmpOp::Gt,
            n,
            window_ms: w,
        }
    }

    #[test]
    fn sliding_window_counts_and_names_the_events() {
        // Times in seconds: a burst of 4 within 10 s, a gap, then 2.
        let evs: Vec<(i64, u32, u32)> = [0, 2, 4, 6, 100, 101]
            .iter()
            .enumerate()
            .map(|(i, &t)| (t * 1000, i as u32, 0))
            .collect();
        let mut out = Vec::new();
        window(&evs, &spec(2, Some(10_000), false), false, None, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].row, 2, "the third event passes > 2");
        assert_eq!(out[0].events, vec![0, 1, 2, 3]);
        let mut out = Vec::new();
        window(&evs, &spec(5, None, false), false, None, &mut out);
        assert_eq!(out.len(), 1, "no timeframe: everything is one window");
        assert_eq!(out[0].row, 5);
        let mut out = Vec::new();
        window(&evs, &spec(4, Some(10_000), false), false, None, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn value_count_counts_distinct_values() {
        let evs: Vec<(i64, u32, u32)> = [1, 1, 2, 1, 3]
            .iter()
            .enumerate()
            .map(|(i, &v)| (i as i64 * 1000, i as u32, v))
            .collect();
        let mut out = Vec::new();
        window(&evs, &spec(2, Some(60_000), true), true, None, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].row, 4);
    }
}
