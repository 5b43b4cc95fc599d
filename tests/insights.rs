//! Local Insights (`detect::insights`) on generated trails: it finds the generator's bursts
//! (`--bursts`: a console brute force and an IAM enumeration) and stays quiet on a trail of
//! ordinary activity (`--no-attack`).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use trailscope::detect::insights::{compute, Config};
use trailscope::loader::{self, Input, LoadOptions, Progress};
use trailscope::model::insights::{InsightKind, Insights};
use trailscope::model::{EventStore, SymField};

/// The generator example, built by `cargo test` beside the test binaries.
fn gen_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let p = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("gen");
    assert!(p.exists(), "examples/gen is built by cargo test");
    p
}

fn generate(events: u64, out: &Path, extra: &[&str]) {
    let status = std::process::Command::new(gen_binary())
        .args([
            "--events",
            &events.to_string(),
            "--seed",
            "11",
            "--jsonl",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn load(dir: &Path) -> EventStore {
    let (store, report) = loader::load(
        vec![Input::Path(dir.to_path_buf())],
        &LoadOptions::default(),
        &Progress::default(),
    );
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    store
}

fn insights_of(extra: &[&str]) -> (EventStore, Insights) {
    let dir = tempfile::tempdir().unwrap();
    // TRAILSCOPE_INSIGHTS_EVENTS: a bigger trail, by hand (the default keeps the test quick).
    let events = std::env::var("TRAILSCOPE_INSIGHTS_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    generate(events, dir.path(), extra);
    let store = load(dir.path());
    let ins = compute(&store, &Config::default(), &AtomicBool::new(false)).unwrap();
    (store, ins)
}

/// One line per episode, for failure messages.
fn describe(store: &EventStore, ins: &Insights) -> String {
    let s = |x| store.strings.resolve(x).to_string();
    ins.episodes
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} start={} minutes={} count={} peak={} baseline={:.4}/min over {} min log10p={:.1} who={:?}\n",
                e.kind.name(),
                s(e.region),
                s(e.source),
                s(e.name),
                trailscope::model::time::format_utc(e.start),
                e.minutes,
                e.count,
                e.peak,
                e.baseline,
                e.baseline_minutes,
                e.log10_p,
                e.top_who.iter().map(|w| (s(w.0), w.1)).collect::<Vec<_>>(),
            )
        })
        .collect()
}

#[test]
fn finds_the_generators_brute_force_and_enumeration_bursts() {
    let (store, ins) = insights_of(&["--bursts"]);
    let d = describe(&store, &ins);
    eprintln!("{d}");
    let s = |x| store.strings.resolve(x);
    let brute = ins
        .episodes
        .iter()
        .find(|e| e.kind == InsightKind::WriteRate && s(e.name) == "ConsoleLogin")
        .unwrap_or_else(|| panic!("no brute force episode:\n{d}"));
    assert_eq!(s(brute.source), "signin.amazonaws.com");
    // Every failed sign-in of the burst is in it (90 in 3 minutes).
    let failed = brute
        .rows
        .iter()
        .filter(|&&r| store.str(SymField::ErrorMessage, r as usize) == "Failed authentication")
        .count();
    assert!(failed >= 90, "{failed}\n{d}");
    // With the slow brute force of the story around it: under an hour.
    assert!(brute.minutes <= 60, "{d}");
    for api in ["GetUser", "GetRole"] {
        let e = ins
            .episodes
            .iter()
            .find(|e| e.kind == InsightKind::ErrorRate && s(e.name) == api)
            .unwrap_or_else(|| panic!("no {api} enumeration episode:\n{d}"));
        assert!(e.count >= 60, "{d}");
        assert_eq!(s(e.top_errors[0].0), "NoSuchEntityException");
        // The leaked key's principal leads.
        assert!(s(e.top_who[0].0).contains("legacy"), "{d}");
    }
    // The baseline is what was loaded (5.6 hours), and it says so.
    assert!(ins.short_baseline);
    assert!(ins
        .baseline_note()
        .contains("less than the preceding 7 days"));
}

#[test]
fn stays_quiet_on_ordinary_activity() {
    let (store, ins) = insights_of(&["--no-attack"]);
    assert!(store.len() > 90_000);
    assert!(
        ins.episodes.is_empty(),
        "unusual minutes in ordinary activity:\n{}",
        describe(&store, &ins)
    );
}

/// Not a check: what the default attack story (no sharp bursts) shows.
#[test]
fn default_story() {
    let (store, ins) = insights_of(&[]);
    eprintln!("{}", describe(&store, &ins));
}

#[test]
fn the_insight_filter_term_finds_the_episodes_events() {
    use trailscope::loader::reread::StoreSource;
    use trailscope::query::{self, Filter};
    let (mut store, _) = insights_of(&["--bursts"]);
    let run = |store: &EventStore, f: &str| {
        query::run(
            store,
            &Filter::parse(f).unwrap(),
            &StoreSource(store),
            &AtomicBool::new(false),
        )
        .unwrap()
    };
    // Before Local Insights ran, nothing (this trail has no CloudTrail Insights events).
    assert!(run(&store, "insight:*").is_empty());
    trailscope::detect::insights::compute_into(&mut store);
    let ins = store.insights.clone();
    let errors = run(&store, "insight:error-rate");
    assert_eq!(errors, ins.rows_of(InsightKind::ErrorRate));
    assert!(errors.len() >= 120);
    let writes = run(&store, "insight:write-rate");
    assert_eq!(writes, ins.rows_of(InsightKind::WriteRate));
    let mut all: Vec<u32> = errors.iter().chain(&writes).copied().collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(run(&store, "insight:*"), all);
    assert_eq!(run(&store, "insight:*-rate"), all);
    assert!(run(&store, "insight:aws").is_empty());
    // Combines like any term.
    let enum_rows = run(&store, "insight:error-rate name:GetUser");
    assert_eq!(enum_rows.len(), 60);
}

#[test]
fn the_insight_filter_term_finds_cloudtrails_own_insights_events() {
    use trailscope::loader::reread::StoreSource;
    use trailscope::query::{self, Filter};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/awsdocs");
    let store = load(&dir);
    let ty = store.col(SymField::EventType);
    let want: Vec<u32> = (0..store.len() as u32)
        .filter(|&r| store.strings.resolve(ty[r as usize]) == "AwsCloudTrailInsight")
        .collect();
    assert!(want.len() >= 3);
    for f in ["insight:aws", "insight:*", "insights:AWS"] {
        let rows = query::run(
            &store,
            &Filter::parse(f).unwrap(),
            &StoreSource(&store),
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(rows, want, "{f}");
    }
}
