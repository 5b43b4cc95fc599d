//! `--logging-off FROM..TO`: the trail stops logging FROM minutes after `--start` and starts
//! again TO minutes after it, as CloudTrail does after `StopLogging` / `StartLogging`
//! (issue 13's "an hour with logging off"):
//!
//! * no log file is delivered meanwhile (the planned files whose delivery falls in the span
//!   are not written: their events are not logged);
//! * each account/region's digest chain ends with a final digest whose `digestEndTime` is
//!   the stop, listing the files delivered up to it; no digest is delivered meanwhile;
//! * at the restart a starting digest opens a new chain (its `previousDigest*` are null).
//!
//! No StopLogging / StartLogging record is written for it.

use crate::plan::Gen;

/// A `FROM..TO` span in minutes after `--start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minutes {
    pub from: u64,
    pub to: u64,
}

impl std::str::FromStr for Minutes {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (a, b) = s
            .split_once("..")
            .ok_or_else(|| format!("{s:?}: expected FROM..TO in minutes, e.g. 120..180"))?;
        let num = |v: &str| v.trim().parse::<u64>().map_err(|e| format!("{v:?}: {e}"));
        let (from, to) = (num(a)?, num(b)?);
        if from == 0 || from >= to {
            return Err(format!("{s:?}: need 0 < FROM < TO"));
        }
        Ok(Minutes { from, to })
    }
}

impl Gen {
    /// The span (stop, restart) in seconds, when logging is turned off.
    pub fn off_span(&self) -> Option<(i64, i64)> {
        self.logging_off.map(|m| {
            (
                self.start + m.from as i64 * 60,
                self.start + m.to as i64 * 60,
            )
        })
    }

    /// True when a file delivered at `t` is not delivered because logging is off.
    pub fn logging_is_off(&self, t: i64) -> bool {
        self.off_span().is_some_and(|(a, b)| t >= a && t < b)
    }
}
