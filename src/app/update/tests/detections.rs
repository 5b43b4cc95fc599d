//! The detections job (`Cmd::Detect`) and the detections view, driven through `update`.

use super::*;
use crate::model::time::format_utc;

/// Four hours of one read a minute, with 20 `GetUser` errors in one minute at 01:40.
fn burst_store() -> (EventStore, MemSource) {
    let base = 1_793_491_200_000i64;
    let mut recs = Vec::new();
    for m in 0..240i64 {
        recs.push(format!(
            r#"{{"eventTime":"{}","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","readOnly":true,"eventID":"r{m}"}}"#,
            format_utc(base + m * 60_000 + 7_000)
        ));
    }
    for i in 0..20i64 {
        recs.push(format!(
            r#"{{"eventTime":"{}","eventSource":"iam.amazonaws.com","eventName":"GetUser","awsRegion":"us-east-1","errorCode":"NoSuchEntityException","readOnly":true,"eventID":"e{i}"}}"#,
            format_utc(base + 100 * 60_000 + i * 3_000)
        ));
    }
    let f = Fixture::new(&recs);
    (f.store(), f.source())
}

#[test]
fn the_job_runs_when_the_explorer_opens_and_its_results_filter() {
    let (st, src) = burst_store();
    let mut h = H::with_store(st, src, false);
    assert!(!h.app.detections.running);
    assert_eq!(h.app.detections.computed_rows, 260);
    assert_eq!(h.app.read_store().insights.episodes.len(), 1);
    h.act(Action::Detections);
    assert_eq!(h.app.mode, Mode::Detections);
    // The episode is the first selectable line; Enter filters to its 20 calls.
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(h
        .app
        .filter
        .shown
        .starts_with("insight:error-rate region:us-east-1"));
    assert_eq!(h.app.rows.len(), 20);
}

#[test]
fn a_stale_answer_is_dropped_and_a_new_one_reruns_an_insight_filter() {
    let (st, src) = burst_store();
    let mut h = H::with_store(st, src, false);
    let g = h.app.detections.generation;
    h.send(Msg::DetectDone {
        generation: g - 1,
        rows: 7,
    });
    assert_eq!(h.app.detections.computed_rows, 260);
    // Clear the results behind the app's back, filter on them: nothing; the next job's
    // answer brings them back and re-runs the filter.
    crate::sync::write(&h.app.store).insights = Default::default();
    h.act(Action::EditFilter);
    h.typ("insight:*");
    h.act(Action::Apply);
    assert!(h.app.rows.is_empty());
    let mut cmds = Vec::new();
    h.app.request_detect(&mut cmds);
    h.pump(cmds);
    assert_eq!(h.app.rows.len(), 20);
}
