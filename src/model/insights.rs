//! Local Insights, as data: the episodes of unusual API activity trailscope estimated for a
//! store (computed by `detect::insights`), kept beside the store like the detection hits.
//! Pure data, no I/O.

use super::intern::Sym;

/// What rate an episode is about (CloudTrail Insights' two insight types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InsightKind {
    /// Write calls (`readOnly: false`) per minute: CloudTrail's `ApiCallRateInsight`.
    WriteRate,
    /// Calls returning an `errorCode` per minute: CloudTrail's `ApiErrorRateInsight`.
    ErrorRate,
}

impl InsightKind {
    /// Both kinds, in display order.
    pub const ALL: [InsightKind; 2] = [InsightKind::WriteRate, InsightKind::ErrorRate];

    /// The name in filter terms and output: `write-rate`, `error-rate`.
    pub const fn name(self) -> &'static str {
        match self {
            InsightKind::WriteRate => "write-rate",
            InsightKind::ErrorRate => "error-rate",
        }
    }

    /// What is counted, for people: "write calls", "errors".
    pub const fn counted(self) -> &'static str {
        match self {
            InsightKind::WriteRate => "write calls",
            InsightKind::ErrorRate => "errors",
        }
    }
}

/// The value of `eventType` of CloudTrail's own Insights events.
pub const AWS_INSIGHT_EVENT_TYPE: &str = "AwsCloudTrailInsight";

/// Where an episode's baseline came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaselineSpan {
    /// The 7 days before the episode (the trail holds them).
    Preceding7d,
    /// Less than 7 days precede it: the minutes loaded (at most 7 days of them), said so.
    Loaded,
}

/// One run of unusual minutes of one API in one region.
#[derive(Clone, Debug, PartialEq)]
pub struct Episode {
    /// What rate.
    pub kind: InsightKind,
    /// `awsRegion`.
    pub region: Sym,
    /// `eventSource`.
    pub source: Sym,
    /// `eventName`.
    pub name: Sym,
    /// Start of the first unusual minute (UTC ms, a whole minute).
    pub start: i64,
    /// End of the last unusual minute (exclusive, UTC ms).
    pub end: i64,
    /// Number of unusual minutes.
    pub minutes: u32,
    /// Calls counted (of `kind`) in the unusual minutes.
    pub count: u32,
    /// The largest count of one minute.
    pub peak: u32,
    /// The baseline: expected calls of `kind` per minute.
    pub baseline: f64,
    /// Minutes the baseline was measured over.
    pub baseline_minutes: u32,
    /// Where the baseline came from.
    pub span: BaselineSpan,
    /// log10 of the smallest tail probability of an unusual minute (or window) under the
    /// baseline: -9 is one in a billion.
    pub log10_p: f64,
    /// The counted calls, store rows in ascending order.
    pub rows: Vec<u32>,
    /// The principals (`who`) with most calls in it, most first, with their counts.
    pub top_who: Vec<(Sym, u32)>,
    /// The user agents with most calls in it.
    pub top_agents: Vec<(Sym, u32)>,
    /// The error codes with most calls in it (absent value: no error).
    pub top_errors: Vec<(Sym, u32)>,
}

impl Episode {
    /// How many times the baseline rate the episode's rate is.
    pub fn ratio(&self) -> f64 {
        let rate = self.count as f64 / self.minutes.max(1) as f64;
        rate / self.baseline.max(1e-9)
    }
}

/// All episodes of a store, and how they were computed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Insights {
    /// Episodes by start time (then kind, region, source, name).
    pub episodes: Vec<Episode>,
    /// Rows of the store when computed (a store that grew since has stale insights).
    pub rows: usize,
    /// Minutes of the trail that were looked at (first to last dated event).
    pub minutes: u64,
    /// True when some episode's baseline is less than the preceding 7 days.
    pub short_baseline: bool,
    /// True once computed (an empty result of a computation is not "not computed").
    pub computed: bool,
}

impl Insights {
    /// Heap bytes held (for the memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.episodes.capacity() * std::mem::size_of::<Episode>()
    }

    /// The rows counted by episodes of `kind`, ascending, without repeats.
    pub fn rows_of(&self, kind: InsightKind) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .episodes
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.rows.iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The episode of `kind` that counted `row`, if any.
    pub fn episodes_of_row(&self, row: u32) -> impl Iterator<Item = &Episode> {
        self.episodes
            .iter()
            .filter(move |e| e.rows.binary_search(&row).is_ok())
    }

    /// A one-line statement of what the baseline was: shown with the results.
    pub fn baseline_note(&self) -> String {
        if self.short_baseline {
            format!(
                "baseline: the {} loaded (less than the preceding 7 days)",
                human_minutes(self.minutes)
            )
        } else {
            "baseline: the preceding 7 days".to_string()
        }
    }
}

/// `90` → "1 h 30 min", `3000` → "2 d 2 h".
pub fn human_minutes(m: u64) -> String {
    let (d, h, mi) = (m / 1440, (m % 1440) / 60, m % 60);
    match (d, h, mi) {
        (0, 0, mi) => format!("{mi} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, mi) => format!("{h} h {mi} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_well() {
        assert_eq!(human_minutes(5), "5 min");
        assert_eq!(human_minutes(120), "2 h");
        assert_eq!(human_minutes(336), "5 h 36 min");
        assert_eq!(human_minutes(3000), "2 d 2 h");
        assert_eq!(human_minutes(2880), "2 d");
    }
}
