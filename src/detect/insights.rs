//! Local Insights: what CloudTrail Insights does, offline, over the store's columns — trailscope's
//! own estimate, not AWS's.
//!
//! For each region and API (event source + event name), two per-minute series: write calls
//! (`readOnly: false`) and calls returning an `errorCode`. Each minute (and each aligned
//! 10-minute window, which catches a slow burst no single minute shows) is tested against a
//! baseline: the rate over the preceding 7 days when the trail holds them, else over the
//! minutes loaded (at most 7 days; [`Insights::short_baseline`] says so). Minutes that are very
//! unlikely under the baseline — a Poisson upper tail below [`Config::max_log10_p`], with at
//! least [`Config::min_count`] calls and [`Config::min_ratio`] times the baseline — are merged
//! into [`Episode`]s with their top principals, user agents and error codes.
//!
//! The baseline is kept honest three ways: minutes within [`Config::guard_minutes`] of the one
//! tested are left out of it (a burst does not raise its own baseline); minutes found unusual
//! by a first pass are left out by the second (a long burst does not either); and the Poisson
//! is widened by the series' own dispersion (variance over mean, when above 1: diurnal swings
//! and bursty clients are ordinary, not insights). The baseline's minutes are those of the
//! hours the trail holds any event in, so a gap in the logs or one forged far-away timestamp
//! does not dilute it.
//!
//! Layer: reads `model` only; the result is stored on the store (`EventStore::insights`), where
//! the filter term `insight:` and the explorer find it.

use crate::model::insights::{BaselineSpan, Episode, InsightKind, Insights};
use crate::model::{EventStore, Sym, SymField, UNDATED};
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

const MINUTE_MS: i64 = 60_000;
const WEEK_MIN: i64 = 7 * 24 * 60;

/// The knobs of the test; [`Config::default`] is what the explorer and the CLI use.
#[derive(Clone, Debug)]
pub struct Config {
    /// Fewest calls in a minute for it to be unusual.
    pub min_count: u32,
    /// Fewest calls in a wider window (a handful of calls of a rare API in ten minutes is a
    /// batch job, not an insight).
    pub min_window_count: u32,
    /// At least this many times the baseline rate.
    pub min_ratio: f64,
    /// Largest log10 tail probability that is unusual (-8: one in a hundred million).
    pub max_log10_p: f64,
    /// Minutes either side of the tested one left out of its baseline.
    pub guard_minutes: i64,
    /// Unusual minutes at most this many minutes apart are one episode.
    pub merge_gap_minutes: i64,
    /// Fewest baseline minutes needed to test at all.
    pub min_baseline_minutes: i64,
    /// Window widths tested, in minutes (1 = each minute).
    pub windows: Vec<i64>,
    /// How many top principals / agents / error codes an episode keeps.
    pub top: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_count: 5,
            min_window_count: 12,
            min_ratio: 5.0,
            max_log10_p: -8.0,
            guard_minutes: 30,
            merge_gap_minutes: 5,
            min_baseline_minutes: 120,
            windows: vec![1, 10],
            top: 3,
        }
    }
}

/// Computes the Local Insights of `store` with the default [`Config`] and keeps them on it
/// (`EventStore::insights`), for the filter term `insight:`.
pub fn compute_into(store: &mut EventStore) {
    if let Some(ins) = compute(store, &Config::default(), &AtomicBool::new(false)) {
        store.insights = ins;
    }
}

/// Computes the Local Insights of `store` (sorted or not). `None` when `cancel` was raised.
pub fn compute(store: &EventStore, cfg: &Config, cancel: &AtomicBool) -> Option<Insights> {
    let n = store.len();
    let time = &store.time;
    let (region, source, name) = (
        store.col(SymField::Region),
        store.col(SymField::Source),
        store.col(SymField::Name),
    );
    let err = store.col(SymField::Error);
    let mut out = Insights {
        rows: n,
        computed: true,
        ..Insights::default()
    };
    // Hours holding any event: the minutes a baseline may count.
    let mut hours: Vec<i64> = Vec::new();
    let mut last_hour = i64::MIN;
    for t in time {
        if t == UNDATED {
            continue;
        }
        let h = t.div_euclid(60 * MINUTE_MS);
        if h != last_hour {
            hours.push(h);
            last_hour = h;
        }
    }
    hours.sort_unstable();
    hours.dedup();
    let Some((&h0, &h1)) = hours.first().zip(hours.last()) else {
        return Some(out);
    };
    let cover = Coverage { hours };
    out.minutes = cover.minutes(i64::MIN / 4, i64::MAX / 4) as u64;
    let first_min = h0 * 60;
    let last_min = h1 * 60 + 59;
    if cancel.load(Relaxed) {
        return None;
    }

    // (series, minute) of every counted call; series = key * 2 + kind.
    let mut keys: FxHashMap<(Sym, Sym, Sym), u32> = FxHashMap::default();
    let mut key_syms: Vec<(Sym, Sym, Sym)> = Vec::new();
    let mut pairs: Vec<(u32, i64)> = Vec::new();
    let mut key_of = |r: usize| -> u32 {
        let k = (region[r], source[r], name[r]);
        *keys.entry(k).or_insert_with(|| {
            key_syms.push(k);
            key_syms.len() as u32 - 1
        })
    };
    let mut row_series: Vec<(u32, u32)> = Vec::new(); // (row, series) of counted calls
    for r in 0..n {
        let t = time.get(r);
        if t == UNDATED {
            continue;
        }
        let write = store.read_only(r) == Some(false);
        let error = err[r] != Sym::NONE;
        if !write && !error {
            continue;
        }
        let k = key_of(r);
        let m = t.div_euclid(MINUTE_MS);
        for (on, kind) in [(write, 0u32), (error, 1u32)] {
            if on {
                let s = k * 2 + kind;
                pairs.push((s, m));
                row_series.push((r as u32, s));
            }
        }
        if r % 65_536 == 0 && cancel.load(Relaxed) {
            return None;
        }
    }
    pairs.sort_unstable();
    if cancel.load(Relaxed) {
        return None;
    }

    let bounds = Bounds {
        first: first_min,
        last: last_min,
    };
    // Per series: its flagged minute spans (merged), with their best test.
    let mut found: FxHashMap<u32, Vec<Span>> = FxHashMap::default();
    let mut i = 0;
    while i < pairs.len() {
        let s = pairs[i].0;
        let mut j = i;
        let mut series: Vec<(i64, u32)> = Vec::new();
        while j < pairs.len() && pairs[j].0 == s {
            let m = pairs[j].1;
            match series.last_mut() {
                Some((lm, c)) if *lm == m => *c += 1,
                _ => series.push((m, 1)),
            }
            j += 1;
        }
        i = j;
        let mut flagged: Vec<Flag> = Vec::new();
        for &w in &cfg.windows {
            flagged.extend(scan_series(&series, w, &cover, bounds, cfg));
        }
        if !flagged.is_empty() {
            found.insert(s, merge(flagged, cfg.merge_gap_minutes));
        }
        if cancel.load(Relaxed) {
            return None;
        }
    }

    // The rows of each span.
    let mut rows: FxHashMap<(u32, usize), Vec<u32>> = FxHashMap::default();
    for &(r, s) in &row_series {
        if let Some(spans) = found.get(&s) {
            let m = time.get(r as usize).div_euclid(MINUTE_MS);
            let k = spans.partition_point(|sp| sp.end <= m);
            if k < spans.len() && spans[k].start <= m {
                rows.entry((s, k)).or_default().push(r);
            }
        }
    }
    for (s, spans) in &found {
        let (reg, src, nam) = key_syms[(*s / 2) as usize];
        let kind = if s % 2 == 0 {
            InsightKind::WriteRate
        } else {
            InsightKind::ErrorRate
        };
        for (k, sp) in spans.iter().enumerate() {
            let mut rs = rows.remove(&(*s, k)).unwrap_or_default();
            rs.sort_unstable();
            if sp.best.span == BaselineSpan::Loaded {
                out.short_baseline = true;
            }
            out.episodes.push(Episode {
                kind,
                region: reg,
                source: src,
                name: nam,
                start: sp.start * MINUTE_MS,
                end: sp.end * MINUTE_MS,
                minutes: (sp.end - sp.start) as u32,
                count: rs.len() as u32,
                peak: sp.peak,
                baseline: sp.best.lambda_per_minute,
                baseline_minutes: sp.best.baseline_minutes,
                span: sp.best.span,
                log10_p: sp.best.log10_p,
                top_who: top(store, SymField::Who, &rs, cfg.top),
                top_agents: top(store, SymField::Agent, &rs, cfg.top),
                top_errors: top(store, SymField::Error, &rs, cfg.top),
                rows: rs,
            });
        }
    }
    out.episodes.sort_by(|a, b| {
        (a.start, a.kind, a.region, a.source, a.name)
            .cmp(&(b.start, b.kind, b.region, b.source, b.name))
    });
    Some(out)
}

/// Where the trail's dated minutes are (first and last, inclusive).
#[derive(Clone, Copy, Debug)]
struct Bounds {
    first: i64,
    last: i64,
}

/// The hours the trail holds events in.
#[derive(Debug)]
struct Coverage {
    hours: Vec<i64>,
}

impl Coverage {
    /// Minutes of `[a, b)` inside covered hours.
    fn minutes(&self, a: i64, b: i64) -> i64 {
        if a >= b {
            return 0;
        }
        let (ha, hb) = (a.div_euclid(60), (b - 1).div_euclid(60));
        let i = self.hours.partition_point(|&h| h < ha);
        let j = self.hours.partition_point(|&h| h <= hb);
        if i >= j {
            return 0;
        }
        let mut total = (j - i) as i64 * 60;
        // Clip the partial first and last hours.
        if self.hours[i] == ha {
            total -= a - ha * 60;
        }
        if self.hours[j - 1] == hb {
            total -= hb * 60 + 60 - b;
        }
        total
    }
}

/// One unusual window of a series.
#[derive(Clone, Copy, Debug)]
struct Flag {
    /// First minute and end minute (exclusive) of the window's calls.
    start: i64,
    end: i64,
    count: u32,
    test: Test,
}

/// The outcome of one test.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Test {
    log10_p: f64,
    lambda_per_minute: f64,
    baseline_minutes: u32,
    span: BaselineSpan,
}

/// Merged flags.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: i64,
    end: i64,
    peak: u32,
    best: Test,
}

/// Flags of `series` (ascending minutes with counts) at window width `w` minutes.
fn scan_series(
    series: &[(i64, u32)],
    w: i64,
    cover: &Coverage,
    b: Bounds,
    cfg: &Config,
) -> Vec<Flag> {
    // Bins of width w: (bin, count, first minute, last minute).
    let mut bins: Vec<(i64, u64, i64, i64)> = Vec::new();
    for &(m, c) in series {
        let bin = m.div_euclid(w);
        match bins.last_mut() {
            Some((lb, lc, _, le)) if *lb == bin => {
                *lc += c as u64;
                *le = m;
            }
            _ => bins.push((bin, c as u64, m, m)),
        }
    }
    let min = if w > 1 {
        cfg.min_window_count
    } else {
        cfg.min_count
    } as u64;
    if !bins.iter().any(|x| x.1 >= min) {
        return Vec::new();
    }
    let pre = Prefix::new(bins.iter().map(|x| (x.0, x.1)));
    let mut flags: Vec<bool> = vec![false; bins.len()];
    let mut tests: Vec<Option<Test>> = vec![None; bins.len()];
    // Pass 1 with the guard band only; pass 2 also leaves pass 1's unusual bins out.
    for pass in 0..2 {
        let excluded = (pass == 1).then(|| {
            Prefix::new(
                bins.iter()
                    .zip(&flags)
                    .map(|(x, &f)| (x.0, if f { x.1 } else { 0 })),
            )
        });
        let excluded_bins: Vec<i64> = bins
            .iter()
            .zip(&flags)
            .filter(|(_, &f)| f)
            .map(|(x, _)| x.0)
            .collect();
        let mut next = vec![false; bins.len()];
        for (i, &(bin, c, ..)) in bins.iter().enumerate() {
            if c < min {
                continue;
            }
            let t = test_bin(
                bin,
                c,
                w,
                &pre,
                excluded.as_ref(),
                &excluded_bins,
                cover,
                b,
                cfg,
            );
            // Pass 1 only finds what to leave out of the baselines: bins far above their
            // guarded baseline (by the ratio alone: a burst also widens the dispersion, which
            // would hide it from the full test).
            next[i] = if pass == 0 { t.far } else { t.test.is_some() };
            tests[i] = t.test;
        }
        flags = next;
    }
    bins.iter()
        .zip(tests)
        .filter_map(|(x, t)| {
            t.map(|test| Flag {
                start: x.2,
                end: x.3 + 1,
                count: x.1.min(u32::MAX as u64) as u32,
                test,
            })
        })
        .collect()
}

/// Sums of counts and squared counts over bins, by bin index.
struct Prefix {
    bins: Vec<i64>,
    sum: Vec<f64>,
    sq: Vec<f64>,
}

impl Prefix {
    fn new(it: impl Iterator<Item = (i64, u64)>) -> Prefix {
        let mut p = Prefix {
            bins: Vec::new(),
            sum: vec![0.0],
            sq: vec![0.0],
        };
        for (b, c) in it {
            let c = c as f64;
            p.bins.push(b);
            p.sum.push(p.sum.last().unwrap() + c);
            p.sq.push(p.sq.last().unwrap() + c * c);
        }
        p
    }
    /// (Σ count, Σ count²) over bins in `[a, b)`.
    fn range(&self, a: i64, b: i64) -> (f64, f64) {
        if a >= b {
            return (0.0, 0.0);
        }
        let i = self.bins.partition_point(|&x| x < a);
        let j = self.bins.partition_point(|&x| x < b);
        (self.sum[j] - self.sum[i], self.sq[j] - self.sq[i])
    }
}

/// What [`test_bin`] found.
struct Verdict {
    /// At least the minimum count and ratio above the baseline.
    far: bool,
    /// The full test's outcome when unusual.
    test: Option<Test>,
}

/// Tests one bin.
#[allow(clippy::too_many_arguments)]
fn test_bin(
    bin: i64,
    c: u64,
    w: i64,
    pre: &Prefix,
    excluded: Option<&Prefix>,
    excluded_bins: &[i64],
    cover: &Coverage,
    b: Bounds,
    cfg: &Config,
) -> Verdict {
    let m0 = bin * w; // first minute of the bin
    let guard = cfg.guard_minutes.max(0);
    let gbins = (guard + w - 1) / w;
    // The baseline's bins: [lo, hi) minus the guard [glo, ghi).
    let (lo, hi, span) = if m0 - WEEK_MIN >= b.first {
        (
            (m0 - WEEK_MIN).div_euclid(w),
            bin - gbins,
            BaselineSpan::Preceding7d,
        )
    } else {
        let end = (b.first + WEEK_MIN).min(b.last + 1);
        (
            b.first.div_euclid(w),
            (end + w - 1).div_euclid(w),
            BaselineSpan::Loaded,
        )
    };
    let (glo, ghi) = (bin - gbins, bin + gbins + 1);
    let part = |p: &Prefix| {
        let (s1, q1) = p.range(lo, hi.min(glo));
        let (s2, q2) = p.range(lo.max(ghi), hi);
        (s1 + s2, q1 + q2)
    };
    let (mut s, mut q) = part(pre);
    let mut minutes =
        cover.minutes(lo * w, hi.min(glo) * w) + cover.minutes(lo.max(ghi) * w, hi * w);
    if let Some(ex) = excluded {
        let (es, eq) = part(ex);
        s -= es;
        q -= eq;
        for &eb in excluded_bins {
            let inside = eb >= lo && eb < hi && !(eb >= glo && eb < ghi);
            if inside {
                minutes -= cover.minutes(eb * w, eb * w + w);
            }
        }
    }
    let none = Verdict {
        far: false,
        test: None,
    };
    if minutes < cfg.min_baseline_minutes {
        return none;
    }
    let nbins = minutes as f64 / w as f64;
    let mean = s.max(0.0) / nbins;
    let var = (q.max(0.0) / nbins - mean * mean).max(0.0);
    // Half a call of prior: an API never seen before still has a finite baseline.
    let lambda = (s.max(0.0) + 0.5) / nbins;
    let phi = if mean > 0.0 {
        (var / mean).max(1.0)
    } else {
        1.0
    };
    let c = c as f64;
    if c < cfg.min_ratio * lambda {
        return none;
    }
    let k = (c / phi).ceil() as u64;
    let log10_p = ln_poisson_sf(k, lambda / phi) / std::f64::consts::LN_10;
    Verdict {
        far: true,
        test: (log10_p <= cfg.max_log10_p).then_some(Test {
            log10_p,
            lambda_per_minute: lambda / w as f64,
            baseline_minutes: minutes.clamp(0, u32::MAX as i64) as u32,
            span,
        }),
    }
}

/// Merges flags (any order) into spans at most `gap` minutes apart.
fn merge(mut flags: Vec<Flag>, gap: i64) -> Vec<Span> {
    flags.sort_by_key(|f| (f.start, f.end));
    let mut out: Vec<Span> = Vec::new();
    for f in flags {
        match out.last_mut() {
            Some(sp) if f.start <= sp.end + gap => {
                sp.end = sp.end.max(f.end);
                if f.end - f.start <= 1 {
                    sp.peak = sp.peak.max(f.count);
                }
                if f.test.log10_p < sp.best.log10_p {
                    sp.best = f.test;
                }
            }
            _ => out.push(Span {
                start: f.start,
                end: f.end,
                peak: if f.end - f.start <= 1 { f.count } else { 0 },
                best: f.test,
            }),
        }
    }
    out
}

/// The `n` most frequent values of `field` among `rows`, most first (ties by string order).
fn top(store: &EventStore, field: SymField, rows: &[u32], n: usize) -> Vec<(Sym, u32)> {
    let col = store.col(field);
    let mut counts: FxHashMap<Sym, u32> = FxHashMap::default();
    for &r in rows {
        *counts.entry(col[r as usize]).or_default() += 1;
    }
    let mut v: Vec<(Sym, u32)> = counts.into_iter().collect();
    v.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| store.strings.resolve(a.0).cmp(store.strings.resolve(b.0)))
    });
    v.truncate(n);
    v
}

/// `ln(k!)`: exact sums up to 256, Stirling's series beyond (error below 1e-12).
pub fn ln_factorial(k: u64) -> f64 {
    if k < 256 {
        (2..=k).map(|i| (i as f64).ln()).sum()
    } else {
        let x = k as f64;
        x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x)
            - 1.0 / (360.0 * x * x * x)
    }
}

/// `ln P(X >= k)` for `X ~ Poisson(lambda)`.
pub fn ln_poisson_sf(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if lambda <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let ln_term = |i: u64| -lambda + i as f64 * lambda.ln() - ln_factorial(i);
    let kf = k as f64;
    if kf <= lambda + 3.0 * lambda.sqrt() + 1.0 {
        // Not far in the tail: 1 - P(X < k), summed term by term.
        let mut cdf = 0.0;
        let mut t = (-lambda).exp();
        let mut lt = -lambda;
        for i in 0..k {
            if i > 0 {
                lt += lambda.ln() - (i as f64).ln();
                t = lt.exp();
            }
            cdf += t;
        }
        return (1.0 - cdf).max(f64::MIN_POSITIVE).ln();
    }
    // Far in the tail: P(X = k) (1 + λ/(k+1) + λ²/((k+1)(k+2)) + …), ratio below one.
    let mut sum = 1.0;
    let mut t = 1.0;
    let mut i = k;
    while i < k + 100_000 {
        i += 1;
        t *= lambda / i as f64;
        sum += t;
        if t < 1e-17 * sum {
            break;
        }
    }
    ln_term(k) + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn factorials() {
        assert_eq!(ln_factorial(0), 0.0);
        assert_eq!(ln_factorial(1), 0.0);
        assert!(close(ln_factorial(5), 120f64.ln(), 1e-12));
        // Stirling agrees with the exact sum where they meet.
        let exact: f64 = (2..=300u64).map(|i| (i as f64).ln()).sum();
        assert!(close(ln_factorial(300), exact, 1e-12));
    }

    #[test]
    fn poisson_tails_match_known_values() {
        // Values computed independently (Python, math.lgamma and exact sums).
        let cases = [
            (1, 1.0, 0.6321205588285577),
            (3, 0.5, 0.014387677966970713),
            (10, 1.0, 1.1142547833872079e-07),
            (50, 10.0, 1.8547268838697978e-19),
            (30, 0.02, 3.9703992496244166e-84),
            (20, 20.0, 0.52974273316076),
            (200, 100.0, 9.343150072989587e-19),
        ];
        for (k, l, want) in cases {
            let got = ln_poisson_sf(k, l).exp();
            assert!(close(got, want, 1e-6), "P(X>={k}|{l}) = {got}, want {want}");
        }
        assert_eq!(ln_poisson_sf(0, 3.0), 0.0);
        assert_eq!(ln_poisson_sf(1, 0.0), f64::NEG_INFINITY);
        // Monotone in k.
        let mut prev = 0.0;
        for k in 0..60 {
            let v = ln_poisson_sf(k, 7.5);
            assert!(v <= prev + 1e-12, "{k}");
            prev = v;
        }
    }

    #[test]
    fn coverage_counts_minutes_of_held_hours() {
        let c = Coverage {
            hours: vec![0, 1, 5],
        };
        assert_eq!(c.minutes(0, 120), 120);
        assert_eq!(c.minutes(30, 90), 60);
        assert_eq!(c.minutes(0, 1000), 180);
        assert_eq!(c.minutes(130, 300), 0);
        assert_eq!(c.minutes(310, 320), 10);
        assert_eq!(c.minutes(5, 5), 0);
    }

    fn cfg() -> Config {
        Config::default()
    }

    /// A steady series: `per` calls every minute for `len` minutes, plus `extra` at minute `at`.
    fn steady(len: i64, per: u32, at: i64, extra: u32) -> Vec<(i64, u32)> {
        (0..len)
            .filter_map(|m| {
                let c = per + if m == at { extra } else { 0 };
                (c > 0).then_some((m, c))
            })
            .collect()
    }

    fn scan(series: &[(i64, u32)], len: i64) -> Vec<Flag> {
        let cover = Coverage {
            hours: (0..(len + 59) / 60).collect(),
        };
        let b = Bounds {
            first: 0,
            last: len - 1,
        };
        scan_series(series, 1, &cover, b, &cfg())
    }

    #[test]
    fn a_spike_over_a_steady_rate_is_flagged_and_the_rate_itself_is_not() {
        assert!(scan(&steady(600, 2, 0, 0), 600).is_empty());
        let f = scan(&steady(600, 2, 300, 40), 600);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].start, f[0].count), (300, 42));
        assert_eq!(f[0].test.span, BaselineSpan::Loaded);
        assert!(close(f[0].test.lambda_per_minute, 2.0, 0.01));
        // Twice the rate is not unusual enough.
        assert!(scan(&steady(600, 2, 300, 2), 600).is_empty());
    }

    #[test]
    fn the_minimum_count_holds_even_where_the_api_is_never_called() {
        // Four calls of an API never seen: improbable, but under the minimum count.
        assert!(scan(&[(300, 4)], 600).is_empty());
        assert_eq!(scan(&[(300, 5)], 600).len(), 1);
    }

    #[test]
    fn too_short_a_trail_has_no_baseline() {
        assert!(scan(&[(30, 50)], 60).is_empty());
    }

    #[test]
    fn a_long_burst_does_not_hide_in_its_own_baseline() {
        // 90 minutes at 20/min over a background of 1/min for 10 hours: the guard band alone
        // would leave most of the burst in the baseline; the second pass takes it out.
        let mut s = steady(600, 1, -1, 0);
        for x in s.iter_mut().filter(|x| (200..290).contains(&x.0)) {
            x.1 = 20;
        }
        let f = scan(&s, 600);
        assert!(f.len() >= 85, "{} of 90 minutes", f.len());
        assert!(f.iter().all(|x| (200..290).contains(&x.start)));
    }

    #[test]
    fn a_full_week_before_is_the_baseline() {
        let len = WEEK_MIN + 600;
        let s = steady(len, 1, WEEK_MIN + 300, 60);
        let f = scan(&s, len);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].test.span, BaselineSpan::Preceding7d);
        // The week before, minus the guard band.
        assert_eq!(f[0].test.baseline_minutes as i64, WEEK_MIN - 30);
    }

    #[test]
    fn overdispersed_series_need_more() {
        // Alternating 0 and 10 calls a minute (mean 5, variance 25): 25 is ordinary for it,
        // though a Poisson of mean 5 would call it one in a billion.
        let s: Vec<(i64, u32)> = (0..600)
            .filter(|m| m % 2 == 0)
            .map(|m| (m, if m == 300 { 25 } else { 10 }))
            .collect();
        assert!(scan(&s, 600).is_empty());
        assert!(ln_poisson_sf(25, 5.0) / std::f64::consts::LN_10 < -7.0);
    }

    #[test]
    fn a_slow_burst_shows_in_ten_minute_windows() {
        // 2 calls a minute for 40 minutes where the API is called twice an hour.
        let mut s: Vec<(i64, u32)> = (0..600).filter(|m| m % 30 == 0).map(|m| (m, 1)).collect();
        s.retain(|x| !(300..340).contains(&x.0));
        s.extend((300..340).map(|m| (m, 2)));
        s.sort_unstable();
        let cover = Coverage {
            hours: (0..10).collect(),
        };
        let b = Bounds {
            first: 0,
            last: 599,
        };
        assert!(scan_series(&s, 1, &cover, b, &cfg()).is_empty());
        let f = scan_series(&s, 10, &cover, b, &cfg());
        assert_eq!(f.len(), 4);
        let spans = merge(f, 5);
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].start, spans[0].end), (300, 340));
    }
}
