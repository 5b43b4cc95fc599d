//! Faithful export: an exported selection, loaded again, gives the same events with the same
//! bytes — for all the real data and for 100,000 generated events.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trailscope::export::{export_to_file, Format};
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::{record_bytes, EventStore, RecordSource};

fn load(paths: &[PathBuf]) -> EventStore {
    let inputs = paths.iter().cloned().map(Input::Path).collect();
    let (store, report) = loader::load(inputs, &LoadOptions::default(), &Progress::default());
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    store
}

/// xxh3 of every record's original bytes → how many times it occurs.
fn record_hashes(store: &EventStore) -> BTreeMap<u64, usize> {
    let src = StoreSource(store);
    let mut m = BTreeMap::new();
    let mut cache: Option<(u32, std::sync::Arc<[u8]>)> = None;
    for row in 0..store.len() {
        let s = store.loc.get(row).source;
        if cache.as_ref().map(|c| c.0) != Some(s) {
            cache = Some((s, src.content(store, s).unwrap()));
        }
        let bytes = record_bytes(store, row, &cache.as_ref().unwrap().1).unwrap();
        *m.entry(xxhash_rust::xxh3::xxh3_64(&bytes)).or_default() += 1;
    }
    m
}

fn round_trip(paths: &[PathBuf], expect: usize) {
    let store = load(paths);
    assert_eq!(store.len(), expect);
    let before = record_hashes(&store);
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("out.json", Format::Records),
        ("out.jsonl", Format::JsonLines),
    ] {
        let out = dir.path().join(name);
        let rows: Vec<u32> = (0..store.len() as u32).collect();
        let n = export_to_file(&store, &rows, &StoreSource(&store), format, &out, false).unwrap();
        assert_eq!(n, expect);
        let again = load(&[out]);
        assert_eq!(again.len(), expect, "{name}");
        if format == Format::Records {
            assert_eq!(
                record_hashes(&again),
                before,
                "{name}: same records, same bytes"
            );
        }
        // Same events in the same order either way.
        let ids = |s: &EventStore| {
            (0..s.len())
                .map(|r| (s.time.get(r), s.event_id.get(r)))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&again), ids(&store), "{name}");
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn all_real_data_round_trips_byte_for_byte() {
    round_trip(
        &[
            root().join("tests/data"),
            root().join("assets/demo/invictus"),
        ],
        3412,
    );
}

/// The generator example, built by `cargo test` beside the test binaries.
fn gen_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let p = profile_dir.join("examples").join("gen");
    p.exists().then_some(p)
}

fn generate(events: u64, out: &Path) {
    generate_with(events, out, &[]);
}

/// Runs the generator with seed 11 and `extra` options.
fn generate_with(events: u64, out: &Path, extra: &[&str]) {
    let bin = gen_binary().expect("examples/gen is built by cargo test");
    let status = std::process::Command::new(bin)
        .args(["--events", &events.to_string(), "--seed", "11", "--out"])
        .arg(out)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn generated_100000_events_round_trip_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    generate(100_000, dir.path());
    let store = load(&[dir.path().to_path_buf()]);
    // ~1 in 1000 generated deliveries is a duplicate, dropped at load.
    assert!(
        store.len() > 99_800 && store.len() < 100_000,
        "{}",
        store.len()
    );
    round_trip(&[dir.path().to_path_buf()], store.len());
}

#[test]
fn generator_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(3000, a.path());
    generate(3000, b.path());
    let files = |d: &Path| -> BTreeMap<String, Vec<u8>> {
        walk(d)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(d).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.len() > 10);
    assert!(fa.keys().any(|k| k.contains("CloudTrail-Digest")));
    assert_eq!(fa, fb);
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Each generated file, decompressed, by its path under the output folder (sorted).
fn generated_contents(d: &Path) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read as _;
    walk(d)
        .into_iter()
        .map(|p| {
            let raw = std::fs::read(&p).unwrap();
            let bytes = if p.extension().is_some_and(|e| e == "gz") {
                let mut v = Vec::new();
                flate2::read::MultiGzDecoder::new(&raw[..])
                    .read_to_end(&mut v)
                    .unwrap();
                v
            } else {
                raw
            };
            let rel = p
                .strip_prefix(d)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, bytes)
        })
        .collect()
}

/// Hashes that pin the generator's output for a seed and options: the file list, the first
/// log file and every file (decompressed, so a new deflate version does not move them).
fn output_pins(d: &Path) -> (usize, String, String, String) {
    use xxhash_rust::xxh3::xxh3_64;
    let files = generated_contents(d);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    let list = xxh3_64(names.join("\n").as_bytes());
    let (_, first) = files
        .iter()
        .find(|(k, _)| k.contains("/CloudTrail/"))
        .expect("a log file");
    let mut all = Vec::new();
    for (k, v) in &files {
        all.extend_from_slice(k.as_bytes());
        all.push(0);
        all.extend_from_slice(&xxh3_64(v).to_le_bytes());
    }
    (
        files.len(),
        format!("{list:016x}"),
        format!("{:016x}", xxh3_64(first)),
        format!("{:016x}", xxh3_64(&all)),
    )
}

/// Any change to what the generator writes for a seed is caught here. If the change is meant
/// (more realism), update the pins in a commit of its own that says why.
#[test]
fn generator_output_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    generate(3000, dir.path());
    assert_eq!(
        output_pins(dir.path()),
        (
            39,
            "dbc50d2eb85ff882".to_string(),
            "cfa7088578b0c889".to_string(),
            "78c01295acd998bd".to_string()
        ),
        "generator output for --events 3000 --seed 11 changed"
    );
}

/// `--same-second-runs` (issue 8's tie benchmark): the same events as without it, their
/// times in runs of the asked sizes; `1..1` gives every event its own second.
#[test]
fn same_second_runs_give_the_same_events_with_ties() {
    let (plain, ties, distinct) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(3000, plain.path());
    generate_with(3000, ties.path(), &["--same-second-runs", "50..400"]);
    generate_with(3000, distinct.path(), &["--same-second-runs", "1..1"]);
    let by_time = |d: &Path| {
        let s = load(&[d.to_path_buf()]);
        let mut ids: Vec<String> = (0..s.len()).map(|r| s.event_id.get(r)).collect();
        ids.sort();
        let mut runs: BTreeMap<i64, usize> = BTreeMap::new();
        for r in 0..s.len() {
            *runs.entry(s.time.get(r)).or_default() += 1;
        }
        (ids, runs)
    };
    let (ids, plain_runs) = by_time(plain.path());
    let (tie_ids, tie_runs) = by_time(ties.path());
    let (distinct_ids, distinct_runs) = by_time(distinct.path());
    assert_eq!(tie_ids, ids, "same events");
    assert_eq!(distinct_ids, ids, "same events");
    assert!(plain_runs.values().all(|&n| n < 50), "{plain_runs:?}");
    // Every event its own second.
    assert_eq!(distinct_runs.len(), ids.len());
    // Runs of 50 to 400 (less the duplicate deliveries dropped at load; the last run is cut
    // short by the end of the trail).
    let sizes: Vec<usize> = tie_runs.values().copied().collect();
    let (last, full) = sizes.split_last().unwrap();
    assert!(*last <= 400);
    assert!(full.iter().all(|&n| (45..=400).contains(&n)), "{sizes:?}");
    assert!(
        full.len() >= 3000 / 400 && full.len() <= 3000 / 50,
        "{sizes:?}"
    );
}

/// `--lineage` (issue 10): the generator's own account of which key made each event and
/// which event issued each key agrees with the records it wrote.
#[test]
fn generator_lineage_matches_the_records() {
    use serde_json::Value;
    let dir = tempfile::tempdir().unwrap();
    let trail = dir.path().join("trail");
    let lineage = dir.path().join("lineage.jsonl");
    // 100,000 events span 5.6 hours: sessions are issued in it, and so are the sessions
    // issued with those.
    let lineage_arg = lineage.to_str().unwrap();
    generate_with(100_000, &trail, &["--lineage", lineage_arg]);
    // Every record once, by eventID, with only the fields this test reads.
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(rename = "Records", default)]
        records: Vec<Rec>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Rec {
        #[serde(rename = "eventID")]
        event_id: String,
        event_name: String,
        #[serde(rename = "sourceIPAddress", default)]
        source_ip: String,
        #[serde(default)]
        user_agent: String,
        user_identity: Value,
        #[serde(default)]
        response_elements: Option<Box<serde_json::value::RawValue>>,
    }
    let mut records: BTreeMap<String, Value> = BTreeMap::new();
    for bytes in generated_contents(&trail).into_values() {
        let Ok(file) = serde_json::from_slice::<File>(&bytes) else {
            continue; // a digest
        };
        for r in file.records {
            let resp: Value = r
                .response_elements
                .and_then(|raw| serde_json::from_str(raw.get()).ok())
                .unwrap_or(Value::Null);
            let slim = serde_json::json!({
                "eventName": r.event_name,
                "sourceIPAddress": r.source_ip,
                "userAgent": r.user_agent,
                "userIdentity": {"accessKeyId": r.user_identity["accessKeyId"]},
                "responseElements": {
                    "credentials": {"accessKeyId": resp["credentials"]["accessKeyId"]},
                    "accessKey": {"accessKeyId": resp["accessKey"]["accessKeyId"]},
                },
            });
            records.insert(r.event_id, slim);
        }
    }
    let mut made_with: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, r) in &records {
        if let Some(k) = r["userIdentity"]["accessKeyId"].as_str() {
            if !k.is_empty() {
                made_with.entry(k).or_default().push(id);
            }
        }
    }
    let entries: Vec<Value> = std::fs::read_to_string(&lineage)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut issued = 0;
    for e in &entries {
        let key = e["accessKeyId"].as_str().unwrap();
        assert!(seen.insert(key.to_string()), "{key} listed twice");
        let mut listed: Vec<&str> = e["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        listed.sort();
        let mut expect = made_with.get(key).cloned().unwrap_or_default();
        expect.sort();
        assert_eq!(listed, expect, "events made with {key}");
        if let Some(by) = e["issuedBy"].as_str() {
            issued += 1;
            let r = &records[by];
            let resp = &r["responseElements"];
            let got = resp["credentials"]["accessKeyId"]
                .as_str()
                .or(resp["accessKey"]["accessKeyId"].as_str());
            if r["eventName"] != "ConsoleLogin" {
                assert_eq!(got, Some(key), "{by} issues {key}");
            }
            let with = r["userIdentity"]["accessKeyId"]
                .as_str()
                .filter(|k| !k.is_empty());
            assert_eq!(
                with,
                e["parent"].as_str(),
                "{key}'s parent is what {by} was made with"
            );
        } else {
            assert!(e["parent"].is_null());
        }
    }
    assert!(
        made_with.keys().all(|k| seen.contains(*k)),
        "every key used is listed"
    );
    assert!(issued > 20, "{issued} keys issued in the trail");
    // A chain user key → role → role across accounts, as lineage features must follow it.
    let by_key: BTreeMap<&str, &Value> = entries
        .iter()
        .map(|e| (e["accessKeyId"].as_str().unwrap(), e))
        .collect();
    fn chain<'a>(by_key: &BTreeMap<&str, &'a Value>, mut e: &'a Value) -> Vec<&'a Value> {
        let mut c = vec![e];
        while let Some(p) = e["parent"].as_str() {
            e = by_key[p];
            c.push(e);
        }
        c
    }
    let deep = entries
        .iter()
        .map(|e| chain(&by_key, e))
        .find(|c| {
            let accounts: std::collections::BTreeSet<&str> =
                c.iter().map(|e| e["account"].as_str().unwrap()).collect();
            c.len() >= 3
                && c.last().unwrap()["accessKeyId"]
                    .as_str()
                    .unwrap()
                    .starts_with("AKIA")
                && c[..c.len() - 1]
                    .iter()
                    .all(|e| e["principal"].as_str().unwrap().contains(":assumed-role/"))
                && accounts.len() > 1
                && c.iter()
                    .all(|e| !e["events"].as_array().unwrap().is_empty())
        })
        .expect("a chain user key -> role -> role across accounts, each link used");
    assert!(deep.len() >= 3);
    // Instance credentials used off the instance (the attack story): one key, the
    // instance's own calls and the attacker's, from another address with another agent.
    let off_instance = entries
        .iter()
        .filter(|e| e["kinds"] == serde_json::json!(["Ec2", "StolenInstance"]))
        .map(|e| {
            let uses: std::collections::BTreeSet<(&str, bool)> = e["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| {
                    let r = &records[id.as_str().unwrap()];
                    let agent = r["userAgent"].as_str().unwrap_or_default();
                    (
                        r["sourceIPAddress"].as_str().unwrap(),
                        agent.contains("kali"),
                    )
                })
                .collect();
            uses
        })
        .filter(|uses| uses.iter().any(|u| u.1) && uses.iter().any(|u| !u.1))
        .count();
    assert!(
        off_instance > 0,
        "stolen instance credentials used on and off the instance"
    );
}

/// `--org-id` (issue 13's organisation trails): the same records, laid out under
/// `AWSLogs/<org id>/<account>/`, and the digests name those paths.
#[test]
fn org_trail_layout_keeps_the_records_and_names_its_paths() {
    use serde_json::Value;
    let (plain, org) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(3000, plain.path());
    generate_with(3000, org.path(), &["--org-id", "o-a1b2c3d4e5"]);
    let (p, o) = (
        generated_contents(plain.path()),
        generated_contents(org.path()),
    );
    assert_eq!(p.len(), o.len());
    for (path, bytes) in &o {
        let rest = path
            .strip_prefix("AWSLogs/o-a1b2c3d4e5/")
            .unwrap_or_else(|| panic!("{path} is not under the organization's folder"));
        let same = format!("AWSLogs/{rest}");
        assert!(p.contains_key(&same), "{same}");
        if path.contains("/CloudTrail/") {
            assert_eq!(bytes, &p[&same], "{path}: the same records");
        } else {
            let d: Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(d["digestS3Object"], path.as_str());
            for f in d["logFiles"].as_array().unwrap() {
                assert!(o.contains_key(f["s3Object"].as_str().unwrap()), "{f}");
            }
        }
    }
    let bin = gen_binary().unwrap();
    let bad = std::process::Command::new(bin)
        .args(["--events", "10", "--org-id", "o-x", "--out"])
        .arg(org.path().join("bad"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--org-id o-x"));
}

/// `--logging-off` (issue 13's "an hour with logging off"): no log file is delivered while
/// logging is off, each account/region's chain ends with a final digest at the stop, and a
/// starting digest (no predecessor) opens a new chain at the restart.
#[test]
fn logging_off_ends_each_digest_chain_and_starts_a_new_one() {
    use serde_json::Value;
    let dir = tempfile::tempdir().unwrap();
    generate_with(20_000, dir.path(), &["--logging-off", "20..45"]);
    let files = generated_contents(dir.path());
    let (stop, restart) = ("2026-11-01T00:20:00Z", "2026-11-01T00:45:00Z");
    let mut listed = BTreeMap::new();
    let mut chains: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.contains("/CloudTrail/") {
            // …_CloudTrail_<region>_YYYYMMDDTHHMMZ_….json.gz
            let stamp = path.rsplit('_').nth(1).unwrap();
            let hhmm = &stamp[9..13];
            assert!(
                !("0020".."0045").contains(&hhmm),
                "{path} delivered while logging was off"
            );
            continue;
        }
        let d: Value = serde_json::from_slice(bytes).unwrap();
        for f in d["logFiles"].as_array().unwrap() {
            *listed
                .entry(f["s3Object"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        let stream = path.split('/').take(4).collect::<Vec<_>>().join("/");
        chains.entry(stream).or_default().push(d);
    }
    for path in files.keys().filter(|p| p.contains("/CloudTrail/")) {
        assert_eq!(listed.get(path), Some(&1), "{path} is listed once");
    }
    assert!(chains.len() >= 18);
    for (stream, mut ds) in chains {
        ds.sort_by(|a, b| {
            a["digestEndTime"]
                .as_str()
                .cmp(&b["digestEndTime"].as_str())
        });
        let at = ds
            .iter()
            .position(|d| d["digestEndTime"] == stop)
            .unwrap_or_else(|| panic!("{stream}: no final digest at the stop"));
        let next = &ds[at + 1];
        assert_eq!(next["digestStartTime"], restart, "{stream}");
        assert!(
            next["previousDigestS3Object"].is_null(),
            "{stream}: a new chain"
        );
        let heads = ds
            .iter()
            .filter(|d| d["previousDigestS3Object"].is_null())
            .count();
        assert_eq!(
            heads, 2,
            "{stream}: the first chain and the one after the restart"
        );
        for w in ds.windows(2) {
            if !w[1]["previousDigestS3Object"].is_null() {
                assert_eq!(w[1]["previousDigestS3Object"], w[0]["digestS3Object"]);
                assert_eq!(w[1]["digestStartTime"], w[0]["digestEndTime"]);
            }
        }
    }
}
