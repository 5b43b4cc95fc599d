//! Windowed counts over the columns: Sigma's `count() [by f] > N` within a `timeframe` and the
//! correlation rules `event_count` / `value_count`. The rows a search matched are grouped by
//! the `by` fields' values, each group is walked in time order with a sliding window, and a
//! hit is raised where the count first passes the threshold; while it stays over, later
//! events join that hit, so each hit names every event that made its count.

use super::sigma::AggSpec;
use crate::model::{record_bytes, EventStore, Hit, RecordSource, UNDATED};
use crate::query::program::{path_values, target, Target};
use std::collections::HashMap;
use std::sync::Arc;

/// Reads one field's value per row: columns straight from the store, JSON paths from the
/// record bytes (each source's content fetched once).
struct Values<'a> {
    store: &'a EventStore,
    src: &'a dyn RecordSource,
    content: HashMap<u32, Option<Arc<[u8]>>>,
}

impl Values<'_> {
    fn get(&mut self, field: &str, row: usize) -> String {
        let s = self.store;
        match target(field) {
            Target::Column(c) => s.str(c, row).to_string(),
            Target::Id(false) => s.event_id.get(row).to_string(),
            Target::Id(true) => s.request_id.get(row).to_string(),
            Target::ReadOnly => s.read_only(row).map(|b| b.to_string()).unwrap_or_default(),
            Target::Path(p) => {
                let src_i = s.loc[row].source;
                let src = self.src;
                let c = self
                    .content
                    .entry(src_i)
                    .or_insert_with(|| src.content(s, src_i).ok());
                let Some(c) = c else {
                    return String::new();
                };
                match record_bytes(s, row, c) {
                    Ok(b) => path_values(&b, &p).into_iter().next().unwrap_or_default(),
                    Err(_) => String::new(),
                }
            }
        }
    }
}

/// The hits of `spec` over `rows` (the rows the search matched, any order).
pub fn hits(store: &EventStore, src: &dyn RecordSource, rows: &[u32], spec: &AggSpec) -> Vec<Hit> {
    let mut vals = Values {
        store,
        src,
        content: HashMap::new(),
    };
    // Group by the `by` values (undated events cannot be placed in a window).
    let mut groups: HashMap<Vec<String>, Vec<(i64, u32, String)>> = HashMap::new();
    for &r in rows {
        let t = store.time[r as usize];
        if t == UNDATED {
            continue;
        }
        let key: Vec<String> = spec
            .by
            .iter()
            .map(|f| vals.get(f, r as usize).to_lowercase())
            .collect();
        let v = match &spec.field {
            Some(f) => vals.get(f, r as usize).to_lowercase(),
            None => String::new(),
        };
        groups.entry(key).or_default().push((t, r, v));
    }
    let mut out = Vec::new();
    let mut keys: Vec<&Vec<String>> = groups.keys().collect();
    keys.sort();
    for key in keys {
        let mut evs = groups[key].clone();
        evs.sort_unstable_by_key(|&(t, r, _)| (t, r));
        let label = (!spec.by.is_empty()).then(|| {
            spec.by
                .iter()
                .zip(key)
                .map(|(f, v)| format!("{f}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        });
        window(&evs, spec, label, &mut out);
    }
    out.sort_by_key(|h| h.row);
    out
}

/// Slides the window over one group's events (in time order).
fn window(evs: &[(i64, u32, String)], spec: &AggSpec, label: Option<String>, out: &mut Vec<Hit>) {
    let mut lo = 0usize;
    let mut distinct: HashMap<&str, usize> = HashMap::new();
    let mut active: Option<Hit> = None;
    for hi in 0..evs.len() {
        let (t, row, ref v) = evs[hi];
        if spec.field.is_some() && !v.is_empty() {
            *distinct.entry(v.as_str()).or_insert(0) += 1;
        }
        if let Some(w) = spec.window_ms {
            while evs[lo].0 < t.saturating_sub(w) {
                if spec.field.is_some() && !evs[lo].2.is_empty() {
                    let k = evs[lo].2.as_str();
                    if let Some(c) = distinct.get_mut(k) {
                        *c -= 1;
                        if *c == 0 {
                            distinct.remove(k);
                        }
                    }
                }
                lo += 1;
            }
        }
        let count = match spec.field {
            Some(_) => distinct.len() as u64,
            None => (hi - lo + 1) as u64,
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
        let evs: Vec<(i64, u32, String)> = [0, 2, 4, 6, 100, 101]
            .iter()
            .enumerate()
            .map(|(i, &t)| (t * 1000, i as u32, String::new()))
            .collect();
        let mut out = Vec::new();
        window(&evs, &spec(2, Some(10_000), false), None, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].row, 2, "the third event passes > 2");
        assert_eq!(out[0].events, vec![0, 1, 2, 3]);
        let mut out = Vec::new();
        window(&evs, &spec(5, None, false), None, &mut out);
        assert_eq!(out.len(), 1, "no timeframe: everything is one window");
        assert_eq!(out[0].row, 5);
        let mut out = Vec::new();
        window(&evs, &spec(4, Some(10_000), false), None, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn value_count_counts_distinct_values() {
        let evs: Vec<(i64, u32, String)> = ["a", "a", "b", "a", "c"]
            .iter()
            .enumerate()
            .map(|(i, v)| (i as i64 * 1000, i as u32, v.to_string()))
            .collect();
        let mut out = Vec::new();
        window(&evs, &spec(2, Some(60_000), true), None, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].row, 4);
    }
}
