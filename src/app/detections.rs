//! Detections in the explorer: the background job that computes them (Local Insights now, the
//! rules' hits through the same job when the engine runs there) and the detections view (key
//! `D`): the rules that fired by level with hit counts and first/last times, Local Insights
//! episodes (labelled as trailscope's estimate), CloudTrail's own Insights events; Enter filters
//! to an entry's events.
//!
//! State and pure derivations only; `update` changes it, `ui::detections` draws it.

use crate::model::hits::Level;
use crate::model::insights::{InsightKind, AWS_INSIGHT_EVENT_TYPE};
use crate::model::{EventStore, SymField, UNDATED};
use crate::query::filter_term;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The detection job and the view.
#[derive(Debug, Default)]
pub struct DetectionsState {
    /// Generation of the latest [`super::Cmd::Detect`]; older answers are dropped.
    pub generation: u64,
    /// A job is running.
    pub running: bool,
    /// Rows of the store the last finished job saw (a load recomputes when the store doubled).
    pub computed_rows: usize,
    /// The running job's cancel flag.
    pub cancel: Option<Arc<AtomicBool>>,
    /// The view's lines (built when it opens and when a job finishes while it is open).
    pub entries: Vec<DetEntry>,
    /// Index into `entries` of the selected line (never a heading).
    pub selected: usize,
    /// The detection rules the job runs (`None`: Local Insights only). Set by the runtime
    /// from `--rules`/`--no-default-rules`/`--all-rules` before the first job.
    pub rules: Option<Arc<crate::detect::RuleSet>>,
}

/// What a line of the detections view is.
#[derive(Clone, Debug, PartialEq)]
pub enum DetKind {
    /// A section heading (not selectable).
    Heading,
    /// A rule that fired.
    Rule(Level),
    /// A Local Insights episode.
    Insight(InsightKind),
    /// CloudTrail's own Insights events.
    AwsInsights,
    /// A line of explanation (not selectable).
    Note,
}

/// One line of the detections view. Text comes from rule files and the trail: escaped when drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct DetEntry {
    /// What it is.
    pub kind: DetKind,
    /// The text (a heading, a rule's title, an episode's API).
    pub label: String,
    /// More about it (the rule's tactics; an episode's rate and baseline).
    pub info: String,
    /// Events (hits of a rule, calls of an episode).
    pub count: usize,
    /// First and last event time.
    pub span: Option<(i64, i64)>,
    /// The filter that shows its events (`None`: not selectable).
    pub term: Option<String>,
}

impl DetEntry {
    fn note(kind: DetKind, label: impl Into<String>) -> DetEntry {
        DetEntry {
            kind,
            label: label.into(),
            info: String::new(),
            count: 0,
            span: None,
            term: None,
        }
    }
    /// Can be selected (and applied).
    pub fn selectable(&self) -> bool {
        self.term.is_some()
    }
}

fn span_of(st: &EventStore, rows: impl Iterator<Item = u32>) -> Option<(i64, i64)> {
    let mut out: Option<(i64, i64)> = None;
    for r in rows {
        let t = st.time.try_get(r as usize).unwrap_or(UNDATED);
        if t == UNDATED {
            continue;
        }
        out = Some(match out {
            Some((a, b)) => (a.min(t), b.max(t)),
            None => (t, t),
        });
    }
    out
}

/// The time as a filter value (UTC, RFC 3339: read the same in any zone).
fn utc(ms: i64) -> String {
    crate::model::time::format_utc(ms)
}

/// The lines of the detections view for `st`.
pub fn entries(st: &EventStore) -> Vec<DetEntry> {
    let mut out = Vec::new();
    // Rules, by level (highest first), then most hits.
    let hits = st.hits();
    let mut fired: Vec<_> = hits.rules.iter().filter(|r| !r.hits.is_empty()).collect();
    fired.sort_by(|a, b| {
        b.rule
            .level
            .cmp(&a.rule.level)
            .then(b.hits.len().cmp(&a.hits.len()))
            .then_with(|| a.rule.title.cmp(&b.rule.title))
    });
    out.push(DetEntry::note(
        DetKind::Heading,
        format!(
            "Detection rules · {} of {} fired · {} hits",
            fired.len(),
            hits.rules.len(),
            hits.hit_count()
        ),
    ));
    if hits.rules.is_empty() {
        out.push(DetEntry::note(DetKind::Note, "no rules ran"));
    }
    for r in fired {
        let rows = r.flagged_rows();
        out.push(DetEntry {
            kind: DetKind::Rule(r.rule.level),
            label: r.rule.title.clone(),
            info: r.rule.tactics.join(", "),
            count: r.hits.len(),
            span: span_of(st, rows.iter().copied()),
            term: Some(filter_term("rule", &r.rule.id)),
        });
    }
    if !hits.rules.is_empty() {
        // The full credit of the detail pane's notes on events no rule flags (what their API
        // is used for).
        out.push(DetEntry::note(
            DetKind::Note,
            crate::detect::traildiscover::CREDIT.to_string(),
        ));
    }
    // Local Insights.
    let ins = &st.insights;
    out.push(DetEntry::note(
        DetKind::Heading,
        if ins.computed {
            format!(
                "Local Insights · trailscope's estimate, not AWS's · {}",
                ins.baseline_note()
            )
        } else {
            "Local Insights · trailscope's estimate · not computed yet".to_string()
        },
    ));
    if ins.computed && ins.episodes.is_empty() {
        out.push(DetEntry::note(
            DetKind::Note,
            "no unusual write or error rates",
        ));
    }
    for e in &ins.episodes {
        let s = |x| st.strings.resolve(x);
        let label = format!(
            "{} {} {} {}",
            e.kind.name(),
            s(e.region),
            {
                let src = s(e.source);
                src.strip_suffix(".amazonaws.com").unwrap_or(src)
            },
            s(e.name)
        );
        let info = format!(
            "{} {} in {} min · {:.0}× the baseline of {}/min · p≈1e{:.0}",
            e.count,
            e.kind.counted(),
            e.minutes,
            e.ratio(),
            rate(e.baseline),
            e.log10_p.max(-999.0)
        );
        let mut term = filter_term("insight", e.kind.name());
        for (f, v) in [
            ("region", s(e.region)),
            ("source", s(e.source)),
            ("name", s(e.name)),
        ] {
            term.push(' ');
            term.push_str(&filter_term(f, v));
        }
        term.push_str(&format!(
            " {} {}",
            filter_term("after", &utc(e.start)),
            filter_term("before", &utc(e.end))
        ));
        out.push(DetEntry {
            kind: DetKind::Insight(e.kind),
            label,
            info,
            count: e.count as usize,
            span: Some((e.start, e.end - 1)),
            term: Some(term),
        });
    }
    // CloudTrail's own.
    let aws: Vec<u32> = match st.strings.lookup(AWS_INSIGHT_EVENT_TYPE) {
        Some(sym) => st
            .col(SymField::EventType)
            .iter()
            .enumerate()
            .filter(|(_, &v)| v == sym)
            .map(|(r, _)| r as u32)
            .collect(),
        None => Vec::new(),
    };
    out.push(DetEntry::note(
        DetKind::Heading,
        "CloudTrail Insights · AWS's own",
    ));
    if aws.is_empty() {
        out.push(DetEntry::note(
            DetKind::Note,
            "no CloudTrail Insights events in this trail",
        ));
    } else {
        out.push(DetEntry {
            kind: DetKind::AwsInsights,
            label: "CloudTrail Insights events (eventType AwsCloudTrailInsight)".into(),
            info: String::new(),
            count: aws.len(),
            span: span_of(st, aws.iter().copied()),
            term: Some("insight:aws".into()),
        });
    }
    out
}

/// A rate for people, two significant digits below one tenth: `12`, `0.48`, `0.0028`.
pub fn rate(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}")
    } else if x >= 0.1 || x <= 0.0 || !x.is_finite() {
        format!("{x:.2}")
    } else {
        let digits = (-x.log10()).floor() as usize + 2;
        format!("{x:.digits$}")
    }
}

/// The first selectable line at or after `from` going `down` (else before it), if any.
pub fn step(entries: &[DetEntry], from: usize, down: bool) -> Option<usize> {
    if down {
        (from..entries.len()).find(|&i| entries[i].selectable())
    } else {
        (0..=from.min(entries.len().saturating_sub(1)))
            .rev()
            .find(|&i| entries[i].selectable())
    }
}

/// A short tag of an ATT&CK tactic for the list's badge (`persistence` → `PER`).
pub fn tactic_tag(tactic: &str) -> &'static str {
    match tactic {
        "reconnaissance" => "REC",
        "resource-development" => "RES",
        "initial-access" => "INI",
        "execution" => "EXE",
        "persistence" => "PER",
        "privilege-escalation" => "PRV",
        "defense-evasion" | "stealth" | "defense-impairment" => "EVA",
        "credential-access" => "CRD",
        "discovery" => "DIS",
        "lateral-movement" => "LAT",
        "collection" => "COL",
        "command-and-control" => "C2",
        "exfiltration" => "EXF",
        "impact" => "IMP",
        _ => "DET",
    }
}

/// The badge of `row`: the highest level among the rules that flagged it and the first tactic
/// of a rule of that level; `None` when no rule flagged it.
pub fn badge(st: &EventStore, row: u32) -> Option<(Level, &'static str)> {
    let hits = st.hits();
    let level = hits.max_level_at(row)?;
    let tag = hits
        .rules_at(row)
        .map(|i| &hits.rules[i].rule)
        .filter(|r| r.level == level)
        .find_map(|r| r.tactics.first())
        .map_or("DET", |t| tactic_tag(t));
    Some((level, tag))
}

/// What TrailDiscover's map says about `row`'s API, for an event no rule flagged (issue 11):
/// `None` when rules did not run (nothing is known then), when a rule flagged the event (its
/// hits say more), or when the map does not list the event name. Text from it is shown with
/// its credit ([`crate::detect::traildiscover::ATTRIBUTION`]).
pub fn traildiscover_note(
    st: &EventStore,
    row: u32,
) -> Option<&'static crate::detect::traildiscover::Entry> {
    let hits = st.hits();
    if hits.rules.is_empty() || (row as usize) >= st.len() || hits.rules_at(row).next().is_some() {
        return None;
    }
    crate::detect::traildiscover::lookup(
        st.str(SymField::Name, row as usize),
        st.str(SymField::Source, row as usize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_well() {
        assert_eq!(rate(12.4), "12");
        assert_eq!(rate(0.48), "0.48");
        assert_eq!(rate(0.0028), "0.0028");
        assert_eq!(rate(0.048), "0.048");
        assert_eq!(rate(0.0), "0.00");
    }

    #[test]
    fn tags_are_short_and_known() {
        assert_eq!(tactic_tag("persistence"), "PER");
        assert_eq!(tactic_tag("stealth"), "EVA");
        assert_eq!(tactic_tag("whatever"), "DET");
        for t in ["privilege-escalation", "credential-access", "impact"] {
            assert!(tactic_tag(t).len() <= 3);
        }
    }

    #[test]
    fn selection_skips_headings_and_notes() {
        let h = DetEntry::note(DetKind::Heading, "h");
        let mut e = DetEntry::note(DetKind::AwsInsights, "x");
        e.term = Some("insight:aws".into());
        let v = vec![h.clone(), e.clone(), h, e];
        assert_eq!(step(&v, 0, true), Some(1));
        assert_eq!(step(&v, 2, true), Some(3));
        assert_eq!(step(&v, 2, false), Some(1));
        assert_eq!(step(&v, 0, false), None);
    }
}
