//! `--same-second-runs MIN..MAX`: runs of consecutive events share one second, for loading
//! benchmarks with heavy timestamp ties (issue 8) against the same events with distinct times
//! (`--same-second-runs 1..1`).
//!
//! Events are numbered in file order (files are planned in window order, then by stream);
//! that sequence is cut into runs whose sizes are drawn log-uniformly from MIN..=MAX, from an
//! RNG of their own so that nothing else drawn changes. The event numbered `i` gets the time
//! `start + s` where `s` is the number of the first event of its run: with `1..1` every event
//! has its own second, with larger runs the same events collapse onto the first second of
//! their run. Everything else in the records (ids, identities, bodies) is what the same seed
//! gives without the option, except the values derived from the event's time. The log files
//! keep their names and digests; `digest*EventTime` follow the new times.

use crate::plan::Gen;
use crate::rng::Rng;

/// A `MIN..MAX` run-size range (both inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSizes {
    pub min: u64,
    pub max: u64,
}

impl std::str::FromStr for RunSizes {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (a, b) = s
            .split_once("..")
            .ok_or_else(|| format!("{s:?}: expected MIN..MAX, e.g. 1..100000"))?;
        let num = |v: &str| {
            v.trim()
                .replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{v:?}: {e}"))
        };
        let (min, max) = (num(a)?, num(b)?);
        if min == 0 || min > max {
            return Err(format!("{s:?}: need 1 <= MIN <= MAX"));
        }
        Ok(RunSizes { min, max })
    }
}

/// The time plan of `--same-second-runs`: where each file's events start in the sequence,
/// and where each run starts.
pub struct Ties {
    file_base: Vec<u64>,
    run_starts: Vec<u64>,
    total: u64,
}

impl Ties {
    pub fn plan(g: &Gen, sizes: RunSizes, seed: u64) -> Ties {
        let mut file_base = Vec::with_capacity(g.files.len());
        let mut total = 0u64;
        for f in &g.files {
            file_base.push(total);
            total += f.n as u64;
        }
        let mut rng = Rng::of(&[seed, 0x7153_5EC5]);
        let (lo, hi) = (sizes.min.ilog2(), sizes.max.ilog2());
        let mut run_starts = Vec::new();
        let mut at = 0u64;
        while at < total {
            run_starts.push(at);
            // Log-uniform without floating point: a power of two, then uniform within it.
            let b = rng.range(lo as u64, hi as u64) as u32;
            let from = sizes.min.max(1u64 << b);
            let to = sizes.max.min((1u64 << b).saturating_mul(2) - 1);
            at += rng.range(from, to);
        }
        Ties {
            file_base,
            run_starts,
            total,
        }
    }

    /// The time of event `k` of file `fi`.
    pub fn time(&self, start: i64, fi: usize, k: u32) -> i64 {
        let i = self.file_base[fi] + k as u64;
        let run = self.run_starts.partition_point(|&s| s <= i) - 1;
        start + self.run_starts[run] as i64
    }

    /// (runs, smallest run, largest run) for the summary.
    pub fn stats(&self) -> (usize, u64, u64) {
        let ends = self.run_starts[1..].iter().copied().chain([self.total]);
        let sizes = self.run_starts.iter().zip(ends).map(|(s, e)| e - s);
        let (min, max) = sizes.fold((u64::MAX, 0), |(lo, hi), n| (lo.min(n), hi.max(n)));
        (self.run_starts.len(), min, max)
    }
}

impl Gen {
    /// The time a record is written with: `t`, or its run's second under
    /// `--same-second-runs`.
    pub fn retime(&self, fi: usize, k: u32, t: i64) -> i64 {
        match &self.ties {
            Some(ties) => ties.time(self.start, fi, k),
            None => t,
        }
    }
}
