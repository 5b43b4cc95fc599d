//! The adversarial corpus: every hostile input gets its exact outcome, and every good file beside
//! it still loads with the right count. Generated in a temp dir at test time (nothing big is
//! committed).

use std::io::Write;
use std::path::{Path, PathBuf};
use trailscope::loader::{self, Input, LoadOptions, LoadReport, Progress};
use trailscope::model::{EventStore, SymField};

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn record(id: &str) -> String {
    format!(
        r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"GetObject","eventSource":"s3.amazonaws.com","eventID":"{id}","userIdentity":{{"type":"IAMUser","userName":"alice"}}}}"#
    )
}

fn records(recs: &[String]) -> Vec<u8> {
    format!("{{\"Records\":[{}]}}", recs.join(",")).into_bytes()
}

/// A folder with one good file (3 events) beside the hostile `name`.
fn with_good(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let good: Vec<String> = (0..3).map(|i| record(&format!("good-{i}"))).collect();
    std::fs::write(dir.path().join("good.json.gz"), gz(&records(&good))).unwrap();
    let p = dir.path().join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
    dir
}

fn load_dir(dir: &Path, opts: &LoadOptions) -> (EventStore, LoadReport) {
    loader::load(
        vec![Input::Path(dir.to_path_buf())],
        opts,
        &Progress::default(),
    )
}

/// Loads `name` beside a good file; returns (events loaded, failure reason, partial reason).
fn outcome(name: &str, bytes: &[u8]) -> (usize, Option<String>, Option<String>) {
    let dir = with_good(name, bytes);
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    let find = |v: &[loader::FileProblem]| {
        v.iter()
            .find(|p| p.path.ends_with(name))
            .map(|p| p.reason.clone())
    };
    assert!(
        r.failed
            .iter()
            .chain(&r.warnings)
            .all(|p| p.path.ends_with(name)),
        "only {name} may be reported: {:?}",
        r.failed
    );
    (store.len(), find(&r.failed), find(&r.warnings))
}

#[test]
fn truncated_gzip() {
    let full = gz(&records(
        &(0..500).map(|i| record(&i.to_string())).collect::<Vec<_>>(),
    ));
    let (n, failed, _) = outcome("cut.json.gz", &full[..full.len() / 2]);
    assert_eq!(n, 3);
    assert!(failed.unwrap().starts_with("corrupt gzip"));
}

#[test]
fn corrupt_gzip() {
    let mut bytes = gz(&records(
        &(0..500).map(|i| record(&i.to_string())).collect::<Vec<_>>(),
    ));
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 16] {
        *b ^= 0x5a;
    }
    let (n, failed, _) = outcome("flipped.json.gz", &bytes);
    assert_eq!(n, 3);
    assert!(failed.unwrap().starts_with("corrupt gzip"));
}

#[test]
fn gzip_bomb_is_bounded_by_the_default_limit() {
    // 2,048 gzip members of 1 MiB of spaces: a ~2 MB file that inflates to 2 GiB.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(&vec![b' '; 1 << 20]).unwrap();
    let member = e.finish().unwrap();
    let bomb: Vec<u8> = member
        .iter()
        .copied()
        .cycle()
        .take(member.len() * 2048)
        .collect();
    assert!(bomb.len() < 4 << 20);
    let (n, failed, _) = outcome("bomb.json.gz", &bomb);
    assert_eq!(n, 3);
    let reason = failed.unwrap();
    assert!(
        reason.contains("more than the limit of 1073741824 bytes"),
        "{reason}"
    );
    assert!(reason.contains("--max-file-bytes"), "{reason}");
}

#[test]
fn a_100_mb_record_loads() {
    let big = "x".repeat(100 << 20);
    let rec = format!(
        r#"{{"eventTime":"2024-01-02T00:00:00Z","eventName":"PutObject","eventID":"big","requestParameters":{{"blob":"{big}"}}}}"#
    );
    let (n, failed, partial) = outcome("big.json", &records(&[rec]));
    assert_eq!((n, failed, partial), (4, None, None));
}

#[test]
fn record_over_the_record_limit_is_skipped_and_said() {
    let dir = with_good(
        "big.json",
        &records(&[
            record("small"),
            format!(r#"{{"eventName":"X","pad":"{}"}}"#, "y".repeat(5000)),
        ]),
    );
    let opts = LoadOptions {
        max_record_bytes: 1000,
        ..Default::default()
    };
    let (store, r) = load_dir(dir.path(), &opts);
    assert_eq!(store.len(), 4);
    assert!(
        r.warnings[0].reason.contains("over the limit of 1000"),
        "{:?}",
        r.warnings
    );
    assert!(r.warnings[0].reason.contains("--max-record-bytes"));
}

#[test]
fn nesting_100000_levels_deep() {
    let deep = format!(
        r#"{{"Records":[{},{{"eventName":"Deep","requestParameters":{}{}}},{}]}}"#,
        record("before"),
        "[".repeat(100_000),
        "]".repeat(100_000),
        record("after")
    );
    let (n, failed, partial) = outcome("deep.json", deep.as_bytes());
    // Unindexed values are skipped without recursion, so the deep record loads like any other.
    assert_eq!((n, failed, partial), (6, None, None));
    // A whole file that is only nesting fails cleanly.
    let (n, failed, _) = outcome("deep2.json", "[".repeat(100_000).as_bytes());
    assert_eq!(n, 3);
    assert!(failed.is_some());
}

#[test]
fn invalid_utf8_and_lone_surrogates() {
    let mut bad = b"{\"Records\":[".to_vec();
    bad.extend_from_slice(record("ok1").as_bytes());
    bad.extend_from_slice(b",{\"eventName\":\"A\xff\xfe\"},");
    bad.extend_from_slice(br#"{"eventName":"B\ud800"},"#);
    bad.extend_from_slice(record("ok2").as_bytes());
    bad.extend_from_slice(b"]}");
    let (n, failed, partial) = outcome("utf8.json", &bad);
    assert_eq!(n, 5, "the two good records around them load");
    assert_eq!(failed, None);
    let p = partial.unwrap();
    assert!(p.contains("invalid UTF-8"), "{p}");
    assert!(p.contains("invalid \\u escape"), "{p}");
}

#[test]
fn nul_bytes() {
    // A raw NUL inside a string is invalid JSON: that record is skipped; an escaped one loads.
    let mut bad = b"{\"Records\":[{\"eventName\":\"a\x00b\"},".to_vec();
    bad.extend_from_slice(br#"{"eventName":"c\u0000d","eventID":"nul"}]}"#);
    let (n, failed, partial) = outcome("nul.json", &bad);
    assert_eq!(n, 4);
    assert_eq!(failed, None);
    assert!(partial.unwrap().contains("control character"));
    let (n, failed, _) = outcome("zeros.json", &[0u8; 100]);
    assert_eq!(n, 3);
    assert!(failed.unwrap().starts_with("not JSON"));
}

#[test]
fn records_not_an_array_and_non_object_records() {
    let (n, failed, _) = outcome("x.json", br#"{"Records": {"eventName": "A"}}"#);
    assert_eq!(n, 3);
    assert!(failed.unwrap().contains("\"Records\" is not an array"));
    let (n, failed, partial) = outcome(
        "y.json",
        format!(r#"{{"Records":[1,"s",null,[],{}]}}"#, record("r")).as_bytes(),
    );
    assert_eq!((n, failed), (4, None));
    assert!(partial
        .unwrap()
        .contains("4 value(s) that are not CloudTrail record objects"));
}

#[test]
fn fields_of_the_wrong_type_load_as_absent() {
    let rec = r#"{"eventTime":1700000000,"eventName":"X","eventID":"w","userIdentity":"root","errorCode":{"a":1},"readOnly":"true","resources":"nope","sourceIPAddress":["1.2.3.4"]}"#;
    let dir = with_good("wrong.json", rec.as_bytes());
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    assert!(r.failed.is_empty() && r.warnings.is_empty());
    assert_eq!(store.len(), 4);
    let row = (0..4)
        .find(|&i| store.str(SymField::Name, i) == "X")
        .unwrap();
    assert_eq!(
        store.time[row],
        trailscope::model::UNDATED,
        "undated, sorts last"
    );
    assert_eq!(row, 3);
    assert_eq!(store.str(SymField::Error, row), "");
    assert_eq!(store.str(SymField::IdentityType, row), "");
    assert_eq!(store.str(SymField::Ip, row), "");
    assert_eq!(store.read_only(row), Some(true));
    assert_eq!(r.undated, 1);
}

#[test]
fn duplicate_keys_keep_the_last() {
    let rec = r#"{"eventName":"First","eventName":"Last","eventID":"d"}"#;
    let dir = with_good("dup.json", rec.as_bytes());
    let (store, _) = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(store.len(), 4);
    assert!((0..4).any(|i| store.str(SymField::Name, i) == "Last"));
}

#[test]
fn empty_and_whitespace_files() {
    assert_eq!(outcome("e.json", b"").1.as_deref(), Some("empty file"));
    assert_eq!(
        outcome("w.json", b" \n\r\t ").1.as_deref(),
        Some("file holds only whitespace")
    );
    assert_eq!(
        outcome("e.json.gz", &gz(b"")).1.as_deref(),
        Some("empty file")
    );
}

#[test]
fn folder_of_100000_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000 {
        let sub = dir.path().join(format!("{:03}", i % 1000));
        if i < 1000 {
            std::fs::create_dir(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("{i}.json")), record(&format!("t{i}"))).unwrap();
    }
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(store.len(), 100_000);
    assert_eq!(r.files_read, 100_000);
    assert!(r.failed.is_empty());
}

#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let dir = with_good("sub/a.json", record("in-sub").as_bytes());
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(store.len(), 4);
    assert_eq!(r.failed.len(), 1);
    assert!(
        r.failed[0].reason.contains("symlink loop"),
        "{:?}",
        r.failed
    );
}

#[test]
fn unreadable_and_special_files() {
    let dir = with_good("locked.json", record("locked").as_bytes());
    let locked = dir.path().join("locked.json");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    // root reads anything; everyone else gets "permission denied" for that file alone.
    if std::fs::read(&locked).is_err() {
        assert_eq!(store.len(), 3);
        assert_eq!(r.failed[0].reason, "permission denied");
    } else {
        assert_eq!(store.len(), 4);
    }
    // A FIFO named on the command line would block a naive reader forever.
    let fifo = dir.path().join("fifo.json");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    if ok.unwrap_or(false) {
        let (_, r) = loader::load(
            vec![Input::Path(fifo)],
            &LoadOptions::default(),
            &Progress::default(),
        );
        assert_eq!(r.failed[0].reason, "not a regular file");
    }
}

#[test]
fn file_rewritten_or_deleted_after_indexing() {
    use trailscope::loader::reread::read_record;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, records(&[record("a1")])).unwrap();
    std::fs::write(&b, records(&[record("b1")])).unwrap();
    let (store, _) = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(read_record(&store, 0).unwrap(), record("a1").as_bytes());
    // Same length, other bytes: noticed by the hash.
    std::fs::write(&a, records(&[record("a2")])).unwrap();
    let e = read_record(&store, 0).unwrap_err();
    assert!(e.contains("changed since it was loaded"), "{e}");
    std::fs::remove_file(&b).unwrap();
    let e = read_record(&store, 1).unwrap_err();
    assert!(e.contains("no such file"), "{e}");
    // An export refuses rather than writing wrong bytes, and leaves nothing behind.
    let out = dir.path().join("out.json");
    let src = trailscope::loader::reread::StoreSource(&store);
    let r = trailscope::export::export_to_file(
        &store,
        &[0, 1],
        &src,
        trailscope::export::Format::Records,
        &out,
        false,
    );
    assert!(r.is_err());
    assert!(!out.exists());
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, vec![a]);
}

#[test]
fn event_limit_is_a_clear_error_per_file() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..4 {
        let recs: Vec<String> = (0..10).map(|j| record(&format!("f{i}-{j}"))).collect();
        std::fs::write(dir.path().join(format!("{i}.json")), records(&recs)).unwrap();
    }
    let opts = LoadOptions {
        max_events: 25,
        ..Default::default()
    };
    let (store, r) = load_dir(dir.path(), &opts);
    assert_eq!(store.len(), 20, "whole files up to the limit");
    assert_eq!(r.failed.len(), 2);
    assert!(r.failed[0].reason.contains("limit of 25"), "{:?}", r.failed);
    assert!(r.failed[0].reason.contains("--max-events"));
}

/// Mounts a tmpfs with `opts` on a fresh folder; `None` where mounting is not allowed.
struct Mount(tempfile::TempDir);
impl Mount {
    fn new(opts: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", opts, "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Mount(dir))
    }
}
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn export_to_a_full_disk_or_read_only_folder_fails_clearly_and_leaves_nothing() {
    use trailscope::export::{export_to_file, Format};
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo/invictus");
    let (store, _) = load_dir(&data, &LoadOptions::default());
    let rows: Vec<u32> = (0..store.len() as u32).collect();
    let src = trailscope::loader::reread::StoreSource(&store);
    let (Some(full), Some(ro)) = (Mount::new("size=64k"), Mount::new("size=64k,ro")) else {
        eprintln!("cannot mount a tmpfs here (not root?): skipped");
        return;
    };
    let out = full.0.path().join("out.json");
    let e = export_to_file(&store, &rows, &src, Format::Records, &out, false).unwrap_err();
    assert!(e.to_string().contains("no space left on device"), "{e}");
    assert_eq!(
        std::fs::read_dir(full.0.path()).unwrap().count(),
        0,
        "nothing left behind"
    );
    let out = ro.0.path().join("out.json");
    let e = export_to_file(&store, &rows, &src, Format::Records, &out, false).unwrap_err();
    assert!(e.to_string().contains("read-only file system"), "{e}");
    assert_eq!(std::fs::read_dir(ro.0.path()).unwrap().count(), 0);
}

// ---- Hangs and cliffs (issue 8): load stays near-linear whatever the events look like. ----
// Sizes are chosen so that the old pairwise duplicate search (every pair of events sharing a
// time compared) would take many minutes; nothing here asserts a time.

/// A record with the given id, time (`None`: no eventTime) and a detail that changes its bytes.
fn rec_at(id: &str, time: Option<&str>, detail: usize) -> String {
    let time = time.map_or(String::new(), |t| format!(r#""eventTime":"{t}","#));
    format!(
        r#"{{"eventVersion":"1.08",{time}"eventName":"PutObject","eventSource":"s3.amazonaws.com","eventID":"{id}","requestParameters":{{"n":{detail}}},"userIdentity":{{"type":"IAMUser","userName":"bob"}}}}"#
    )
}

/// `n` events with distinct ids sharing `time` in one file, the first `dups` of them delivered
/// again in a second file, and `variants` events reusing id-0 with other content: the copies go,
/// everything else stays.
fn tied(time: Option<&str>, n: usize, dups: usize, variants: usize) {
    let dir = tempfile::tempdir().unwrap();
    let first: Vec<String> = (0..n)
        .map(|i| rec_at(&format!("id-{i}"), time, 0))
        .collect();
    std::fs::write(dir.path().join("a.json"), records(&first)).unwrap();
    let mut second: Vec<String> = first[..dups].to_vec();
    second.extend((1..=variants).map(|v| rec_at("id-0", time, v)));
    std::fs::write(dir.path().join("b.json.gz"), gz(&records(&second))).unwrap();
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    assert!(r.failed.is_empty() && r.warnings.is_empty(), "{r:?}");
    assert_eq!(r.duplicates, dups);
    assert_eq!(store.len(), n + variants);
    assert_eq!(r.events, n + variants);
    // The copy kept is the first delivered (a.json, source 0), in file order.
    assert!((0..n).all(|i| store.loc[i].source == 0 && store.event_id.get(i) == format!("id-{i}")));
}

#[test]
fn many_events_sharing_one_second_load_and_dedup() {
    tied(Some("2024-01-01T00:00:00Z"), 200_000, 5_000, 50);
}

#[test]
fn many_events_without_a_time_load_and_dedup() {
    tied(None, 100_000, 5_000, 50);
}

#[test]
fn same_id_and_time_with_other_content_reads_each_source_once() {
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    let dir = tempfile::tempdir().unwrap();
    let t = Some("2024-01-01T00:00:00Z");
    let n = 2_000;
    let distinct: Vec<String> = (0..n).map(|d| rec_at("same", t, d)).collect();
    std::fs::write(dir.path().join("a.json"), records(&distinct)).unwrap();
    // The same records again, reformatted (other bytes, same JSON): duplicates, found by content.
    let reformatted: Vec<String> = distinct[..100]
        .iter()
        .map(|r| {
            let v: serde_json::Value = serde_json::from_str(r).unwrap();
            serde_json::to_string_pretty(&v).unwrap()
        })
        .collect();
    std::fs::write(dir.path().join("b.json"), records(&reformatted)).unwrap();
    let (store, r) = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(r.duplicates, 100, "{r:?}");
    assert_eq!(store.len(), n);
    assert!((0..n).all(|i| store.loc[i].source == 0));
    // Planning again over the 2,000 distinct contents of one id reads the one source once,
    // not twice per compared pair (4 million reads).
    let mut check = loader::reread::Reparse::default();
    let plan = store
        .plan_finalize(&mut check, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(plan.duplicates(), 0);
    assert_eq!(check.source_reads.load(Relaxed), 1);
}

#[test]
fn finalize_stops_when_cancelled_and_leaves_the_store_as_it_was() {
    use std::sync::atomic::AtomicBool;
    let recs: Vec<String> = (0..1000)
        .map(|i| rec_at(&format!("id-{}", i % 500), Some("2024-01-01T00:00:00Z"), 0))
        .collect();
    let bytes: std::sync::Arc<[u8]> = records(&recs).into();
    let store = std::sync::Arc::new(std::sync::RwLock::new(EventStore::default()));
    let h = loader::spawn(
        vec![Input::Memory {
            name: "m".into(),
            bytes,
        }],
        LoadOptions::default(),
        store.clone(),
    );
    h.thread.join().unwrap();
    let mut st = store.write().unwrap();
    assert_eq!(st.len(), 1000);
    assert!(loader::finalize_store_or_cancel(&mut st, &AtomicBool::new(true)).is_none());
    assert!(!st.is_sorted());
    assert_eq!(st.len(), 1000);
    let fin = loader::finalize_store_or_cancel(&mut st, &AtomicBool::new(false)).unwrap();
    assert_eq!((fin.duplicates, st.len()), (500, 500));
}
