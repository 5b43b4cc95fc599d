//! The detection terms (`rule:`, `level:`, `tactic:`, `technique:`, `detect:`) over hits set
//! on a small store by hand.

use super::*;
use crate::model::{Hit, Hits, Level, RuleHits, RuleMeta, RuleOrigin};
use crate::testkit::small;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn rule(id: &str, title: &str, level: Level, tactic: &str, tech: &str) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: id.into(),
        title: title.into(),
        level,
        tactics: vec![tactic.into()],
        techniques: vec![tech.into()],
        origin: RuleOrigin::Trailscope,
        ..RuleMeta::default()
    })
}

fn hits(rows: &[u32]) -> Vec<Hit> {
    rows.iter()
        .map(|&row| Hit {
            row,
            ..Hit::default()
        })
        .collect()
}

fn rows(store: &crate::model::EventStore, src: &crate::testkit::MemSource, f: &str) -> Vec<u32> {
    let filter = Filter::parse(f).unwrap_or_else(|e| panic!("{f}: {e}"));
    assert!(!filter.needs_raw(), "{f}");
    run(store, &filter, src, &AtomicBool::new(false)).unwrap()
}

#[test]
fn detection_terms_select_the_flagged_rows_of_the_matching_rules() {
    let (mut store, src) = small();
    assert!(store.len() >= 10);
    store.set_hits(Hits::new(vec![
        RuleHits {
            rule: rule(
                "ts-trail-stop",
                "CloudTrail logging stopped",
                Level::High,
                "stealth",
                "T1562.008",
            ),
            hits: hits(&[1, 4]),
        },
        RuleHits {
            rule: rule(
                "ts-user-new",
                "IAM user created",
                Level::Medium,
                "persistence",
                "T1136.003",
            ),
            hits: hits(&[4, 6]),
        },
        RuleHits {
            rule: rule(
                "ts-pe",
                "Policy attached",
                Level::Critical,
                "privilege-escalation",
                "T1098.003",
            ),
            hits: vec![Hit {
                row: 9,
                events: vec![7, 8, 9],
                group: None,
            }],
        },
        RuleHits {
            rule: rule("ts-none", "Never fires", Level::High, "impact", "T1485"),
            hits: vec![],
        },
    ]));
    let cases: &[(&str, &[u32])] = &[
        ("detect:*", &[1, 4, 6, 7, 8, 9]),
        ("-detect:*", &[0, 2, 3, 5, 10, 11]),
        ("rule:ts-trail-stop", &[1, 4]),
        ("rule:\"*logging stopped\"", &[1, 4]),
        ("rule:TS-USER*", &[4, 6]),
        ("level:high", &[1, 4]),
        ("level:high+", &[1, 4, 7, 8, 9]),
        ("level:medium+ -level:critical", &[1, 4, 6]),
        ("level:low", &[]),
        ("tactic:persistence", &[4, 6]),
        ("tactic:privilege_escalation", &[7, 8, 9]),
        ("tactic:\"privilege escalation\"", &[7, 8, 9]),
        ("technique:T1098*", &[7, 8, 9]),
        ("technique:t1562.008|T1136.003", &[1, 4, 6]),
        ("detect:trailscope", &[1, 4, 6, 7, 8, 9]),
        ("detect:sigma", &[]),
        ("detect:impact", &[]),
        ("detect:high", &[1, 4]),
        ("rule:ts-trail-stop OR tactic:persistence", &[1, 4, 6]),
    ];
    for (f, want) in cases {
        let got: Vec<u32> = rows(&store, &src, f);
        // The small store is finalized: rows are in time order, so the row set is the answer.
        let mut got_sorted = got.clone();
        got_sorted.sort_unstable();
        assert_eq!(&got_sorted, want, "{f}");
    }
}

#[test]
fn detection_terms_match_nothing_before_detection_ran() {
    let (store, src) = small();
    assert!(rows(&store, &src, "detect:*").is_empty());
    assert_eq!(rows(&store, &src, "-detect:*").len(), store.len());
    assert!(GroupField::parse("level").is_err());
}
