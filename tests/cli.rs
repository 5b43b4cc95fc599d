//! The binary, headless: exact counts on the real data, exit codes, errors on bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every real data folder: tests/data plus the demo trail in assets/.
fn real_data() -> Vec<PathBuf> {
    vec![
        root().join("tests/data"),
        root().join("assets/demo/invictus"),
    ]
}

fn run(args: &[&str], paths: &[PathBuf]) -> Output {
    bin().args(args).args(paths).output().unwrap()
}

fn stats_json(paths: &[PathBuf]) -> (serde_json::Value, String) {
    let out = run(&["stats", "--json"], paths);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stats --json is not JSON ({e}): {stderr}"));
    (v, stderr)
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn real_data_loads_with_no_failure_and_right_counts() {
    let (v, stderr) = stats_json(&real_data());
    assert_eq!(v["files"]["failed"], serde_json::json!([]), "{stderr}");
    // 3,439 records in all; 27 are duplicate deliveries (same eventID, same content:
    // the trailscraper file twice, panther rules sharing examples, awsdocs/panther overlap).
    assert_eq!(v["events"], 3412);
    assert_eq!(v["duplicates"], 27);
    // panther: 19 with no or unparseable eventTime; awsdocs: 2 partial records.
    assert_eq!(v["undated"], 21);
    assert_eq!(v["files"]["found"], 208);
    assert_eq!(v["files"]["read"], 208);
    assert_eq!(v["files"]["skipped"], 0);
    // READMEs, licences and derive_counts.py are ignored quietly.
    assert_eq!(v["files"]["skipped_other"], 11);
    let shapes = &v["shapes"];
    assert_eq!(shapes["records"]["files"], 203);
    assert_eq!(shapes["records"]["events"], 3428);
    assert_eq!(
        shapes["lookup-events"]["events"], 8,
        "plaso's 6 lines + awsdocs' Events"
    );
    assert_eq!(shapes["object"]["files"], 3, "the lambda fixtures");
    assert!(v["load_seconds"].as_f64().unwrap() > 0.0);
    assert!(v["bytes_per_event"].as_f64().is_some());
}

/// `stats --json` says where the store's bytes go: every column, the string table and the
/// structures beside the rows, adding up to the total and to `store_bytes_per_event`.
#[test]
fn stats_memory_breakdown() {
    let (v, _) = stats_json(&[root().join("assets/demo/invictus")]);
    let m = &v["memory"];
    assert_eq!(m["events"], 2900);
    let parts = m["parts"].as_object().unwrap();
    for name in [
        "time",
        "name",
        "who",
        "key",
        "event_id",
        "request_id",
        "loc",
        "hash",
        "strings",
        "lineage",
        "hits",
        "sources",
    ] {
        assert!(parts.contains_key(name), "memory.parts.{name} missing: {m}");
    }
    let sum: u64 = parts.values().map(|p| p["bytes"].as_u64().unwrap()).sum();
    assert_eq!(m["total_bytes"].as_u64().unwrap(), sum);
    assert!(parts["time"]["bytes"].as_u64().unwrap() >= 2900 * 4);
    let per_event = m["bytes_per_event"].as_f64().unwrap();
    assert!(per_event > 0.0);
    assert_eq!(
        per_event.round(),
        v["store_bytes_per_event"].as_f64().unwrap()
    );
    assert!(v["peak_bytes_per_event"].as_f64().unwrap() > 0.0);
}

#[test]
fn invictus_alone() {
    let (v, _) = stats_json(&[root().join("assets/demo/invictus")]);
    assert_eq!(v["events"], 2900);
    assert_eq!(v["files"]["read"], 55);
    assert_eq!(v["duplicates"], 0);
    assert_eq!(v["undated"], 0);
    assert_eq!(v["time_span"]["first"], "2023-07-10T11:42:18Z");
}

#[test]
fn demo_is_bundled() {
    // Only when asked: with no PATH, a headless command reads stdin (issue 9.17).
    let out = run(&["stats", "--json", "--demo"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["events"], 2900);
}

#[test]
fn lookup_events_record_is_the_string() {
    let out = run(
        &["query", "--format", "jsonl"],
        &[root().join("tests/data/plaso/aws_cloudtrail.jsonl")],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    for l in lines {
        // The original record, not the lookup-events envelope.
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v.get("eventVersion").is_some() && v.get("CloudTrailEvent").is_none());
    }
}

/// Writes `files` into a fresh temp dir.
fn corpus(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn record(id: &str, time: &str) -> String {
    format!(
        r#"{{"eventVersion":"1.08","eventTime":"{time}","eventName":"GetObject","eventSource":"s3.amazonaws.com","eventID":"{id}","userIdentity":{{"type":"IAMUser","userName":"alice"}}}}"#
    )
}

fn good_file(n: usize, tag: &str) -> Vec<u8> {
    let recs: Vec<String> = (0..n)
        .map(|i| record(&format!("{tag}-{i}"), "2024-01-01T00:00:00Z"))
        .collect();
    gz(format!("{{\"Records\":[{}]}}", recs.join(",")).as_bytes())
}

fn failures(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"]["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            let name = Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, f["reason"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn bad_inputs_each_get_a_clear_error_and_good_files_still_load() {
    let good = good_file(5, "good");
    let truncated = good_file(200, "t")[..100].to_vec();
    let bomb = gz(&vec![b' '; 20_000_000]);
    let mut invalid_utf8 = br#"{"Records":[{"eventName":"A"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(br#""}]}"#);
    let dir = corpus(&[
        ("a/good.json.gz", good.clone()),
        ("a/truncated.json.gz", truncated),
        ("a/bomb.json.gz", bomb),
        ("a/utf8.json", invalid_utf8),
        ("a/not-object.json", br#"[1, "two", null]"#.to_vec()),
        ("a/empty.json", Vec::new()),
        ("a/blank.json", b"  \n\t ".to_vec()),
        ("a/not-json.log", b"hello world".to_vec()),
        ("a/not-cloudtrail.json", br#"{"foo": 1}"#.to_vec()),
        ("a/README.md", b"# readme".to_vec()),
        (
            "b/good2.json",
            String::from_utf8(flate2::read::GzDecoder::new(&good_file(3, "g2")[..]).bytes_vec())
                .unwrap()
                .into_bytes(),
        ),
    ]);
    std::os::unix::fs::symlink("/nonexistent/file.json", dir.path().join("a/dangling.json"))
        .unwrap();
    let out = bin()
        .args(["stats", "--json", "--max-file-bytes", "10000000"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(v["events"], 8, "every good record loads: {stderr}");
    let f = failures(&v);
    let reason = |name: &str| -> String {
        f.iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} not reported: {f:?}"))
            .1
            .clone()
    };
    assert!(
        reason("truncated.json.gz").starts_with("corrupt gzip"),
        "{f:?}"
    );
    assert!(
        reason("bomb.json.gz").contains("limit of 10000000 bytes"),
        "{f:?}"
    );
    assert!(
        reason("utf8.json").contains("invalid JSON at line 1"),
        "{f:?}"
    );
    assert!(reason("utf8.json").contains("UTF-8"), "{f:?}");
    assert!(
        reason("not-object.json").contains("not CloudTrail"),
        "{f:?}"
    );
    assert_eq!(reason("empty.json"), "empty file");
    assert_eq!(reason("blank.json"), "file holds only whitespace");
    assert!(reason("not-json.log").starts_with("not JSON"), "{f:?}");
    assert!(
        reason("not-cloudtrail.json").contains("not a CloudTrail log"),
        "{f:?}"
    );
    assert!(reason("dangling.json").contains("no such file"), "{f:?}");
    assert_eq!(f.len(), 9, "{f:?}");
    assert_eq!(v["files"]["skipped_other"], 1, "the README");
    // Every problem is on stderr as `trailscope: <path>: <reason>`.
    for (name, _) in &f {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("trailscope: ") && l.contains(name.as_str())),
            "{name} missing from stderr: {stderr}"
        );
    }
}

trait BytesVec {
    fn bytes_vec(self) -> Vec<u8>;
}
impl<R: std::io::Read> BytesVec for R {
    fn bytes_vec(mut self) -> Vec<u8> {
        let mut v = Vec::new();
        self.read_to_end(&mut v).unwrap();
        v
    }
}

#[test]
fn digests_are_skipped_not_errors() {
    let digest = br#"{"awsAccountId":"111122223333","digestStartTime":"2024-01-01T00:00:00Z","digestEndTime":"2024-01-01T01:00:00Z","logFiles":[]}"#;
    let dir = corpus(&[
        (
            "AWSLogs/1/CloudTrail-Digest/us-east-1/x.json.gz",
            gz(digest),
        ),
        ("AWSLogs/1/elsewhere/digest-shaped.json", digest.to_vec()),
        (
            "AWSLogs/1/CloudTrail/us-east-1/good.json.gz",
            good_file(2, "d"),
        ),
    ]);
    let (v, _) = stats_json(&[dir.path().to_path_buf()]);
    assert_eq!(v["events"], 2);
    assert_eq!(v["files"]["skipped"], 2);
    assert_eq!(v["files"]["failed"], serde_json::json!([]));
}

#[test]
fn duplicate_deliveries_are_dropped_and_distinct_records_sharing_an_id_kept() {
    let a = record("same", "2024-01-01T00:00:00Z");
    let other = record("same", "2024-01-01T00:00:01Z");
    let dir = corpus(&[
        ("one.json", format!("{{\"Records\":[{a}]}}").into_bytes()),
        (
            "two.json.gz",
            gz(format!("{{\"Records\":[{a},{other}]}}").as_bytes()),
        ),
        // The same record pretty-printed: same content, other bytes.
        (
            "three.json",
            serde_json::to_vec_pretty(&serde_json::from_str::<serde_json::Value>(&a).unwrap())
                .unwrap(),
        ),
    ]);
    let (v, _) = stats_json(&[dir.path().to_path_buf()]);
    assert_eq!(v["events"], 2);
    assert_eq!(v["duplicates"], 2);
}

#[test]
fn stdin_and_json_lines_and_shapes() {
    let lines = format!(
        "{}\n{}\nnot json\n{}\n",
        record("l1", "2024-01-01T00:00:02Z"),
        record("l2", "2024-01-01T00:00:01Z"),
        record("l3", "2024-01-01 00:00:00")
    );
    let mut child = bin()
        .args(["query", "--format", "count", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&gz(lines.as_bytes()))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("<stdin>") && stderr.contains("line 3"),
        "{stderr}"
    );
}

#[test]
fn query_output_is_time_ordered_and_byte_faithful() {
    let dir = corpus(&[(
        "x.json",
        format!(
            "{{\"Records\":[{},\n  {}]}}",
            record("b", "2024-01-01T00:00:05Z"),
            record("a", "2024-01-01T00:00:01Z")
        )
        .into_bytes(),
    )]);
    let out = run(&["query", "--format", "json"], &[dir.path().to_path_buf()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        format!(
            "{{\"Records\":[{},\n{}]}}\n",
            record("a", "2024-01-01T00:00:01Z"),
            record("b", "2024-01-01T00:00:05Z")
        )
    );
}

#[test]
fn output_file_never_clobbers_and_never_leaves_partial_files() {
    let dir = corpus(&[("in.json", good_file(3, "o"))]);
    let target = dir.path().join("out.json");
    std::fs::write(&target, b"precious").unwrap();
    let out = bin()
        .args(["query", "-o"])
        .arg(&target)
        .arg(dir.path().join("in.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    let out = bin()
        .args(["query", "--force", "--format", "json", "-o"])
        .arg(&target)
        .arg(dir.path().join("in.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(v["Records"].as_array().unwrap().len(), 3);
    // Into a folder that does not exist: a clear error, nothing written.
    let out = bin()
        .args(["query", "-o"])
        .arg(dir.path().join("missing/out.json"))
        .arg(dir.path().join("in.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn exit_codes() {
    let out = run(
        &["query", "--format", "count"],
        &[PathBuf::from("/nonexistent")],
    );
    assert_eq!(out.status.code(), Some(2), "no readable input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("trailscope: /nonexistent: no such file"));
}

/// Filter counts on all the real data. The expected numbers were derived independently with
/// Python's json module (`tests/data/derive_counts.py`), not with trailscope.
#[test]
fn filters_on_real_data_match_independent_counts() {
    let cases = [
        ("error:AccessDenied", 48),
        ("error:*", 368),
        ("-error:*", 3412 - 368),
        ("name:AssumeRole", 62),
        ("source:s3", 344),
        ("type:AssumedRole", 372),
        ("readonly:false", 806),
        ("ip:10.0.0.0/8", 426),
        ("name:GetObject|PutObject", 12),
        ("\"access denied\"", 8),
        (
            "after:2023-07-10T12:00:00Z before:2023-07-10T12:10:00Z",
            1112,
        ),
        ("category:Insight", 5),
        ("region:us-east-1 name:Describe*", 1105),
        ("name:AssumeRole OR error:AccessDenied", 97),
    ];
    for (filter, want) in cases {
        let out = run(&["query", "--format", "count", "-f", filter], &real_data());
        let got: usize = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(usize::MAX);
        assert_eq!(
            got,
            want,
            "{filter}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn bad_filter_is_exit_2_with_the_position() {
    let out = run(&["query", "-f", "(name:a"], &real_data());
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("at column 8: expected ')'"), "{e}");
    let out = run(
        &["query", "--format", "count", "-f", "name:NoSuchEvent"],
        &real_data(),
    );
    assert_eq!(out.status.code(), Some(1), "no match is exit 1");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

#[test]
fn table_escapes_hostile_text() {
    let rec = r#"{"eventTime":"2024-01-01T00:00:00Z","eventName":"X\u001b[2J","eventID":"h","userAgent":"\u001b]0;pwned\u0007","userIdentity":{"type":"IAMUser","userName":"eve\u202egnp.exe"}}"#;
    let dir = corpus(&[("h.json", rec.as_bytes().to_vec())]);
    let out = run(&["query", "--format", "table"], &[dir.path().to_path_buf()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("X\\x1b[2J") && text.contains("eve\\u{202e}gnp.exe"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Writing files: one writer for every format (issue 7.3, issue 8 "Writing files safely").

const FORMATS: [&str; 4] = ["jsonl", "json", "table", "count"];

/// Names in `dir` that look like a temporary file of ours (or of the old writer).
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains("tmp"))
        .collect()
}

/// Waits (bounded, as a hang guard only) until `dir` holds a temporary of ours.
fn wait_for_temporary(dir: &Path, child: &mut std::process::Child) -> bool {
    for _ in 0..6000 {
        if !temporaries(dir).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    false
}

/// Waits for `child`, killing it (and failing) if it hangs for a minute.
fn wait_or_kill(mut child: std::process::Child, what: &str) -> std::process::ExitStatus {
    for _ in 0..6000 {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    panic!("{what}: trailscope hung");
}

#[test]
fn planted_link_or_fifo_at_the_old_temporary_name_is_never_used() {
    // The old writer used `.trailscope.<pid>.tmp`; `exec` keeps the shell's pid, so the
    // planted name is the one that writer would have used.
    for (plant, format) in [("ln -s victim", "table"), ("mkfifo", "count")] {
        let dir = corpus(&[
            ("in.json", good_file(3, "p")),
            ("victim", b"precious".to_vec()),
        ]);
        let script = format!(
            "cd \"$2\" && {plant} .trailscope.$$.tmp && exec \"$1\" query --format {format} -o out.txt in.json"
        );
        let child = Command::new("sh")
            .args(["-c", &script, "sh"])
            .arg(env!("CARGO_BIN_EXE_trailscope"))
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let status = wait_or_kill(child, plant);
        assert_eq!(status.code(), Some(0), "{plant}");
        assert_eq!(
            std::fs::read(dir.path().join("victim")).unwrap(),
            b"precious"
        );
        let out = dir.path().join("out.txt");
        assert!(
            out.symlink_metadata().unwrap().file_type().is_file(),
            "{plant}"
        );
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with(if format == "count" { "3" } else { "TIME" }),
            "{text}"
        );
    }
}

#[test]
fn a_file_that_appears_while_loading_is_never_clobbered_in_any_format() {
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let mut child = bin()
            .args(["query", "--format", format, "-o"])
            .arg(&target)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The output is checked and its temporary created before the (slow) load: wait for it,
        // then let another program create the target, then finish the input.
        assert!(wait_for_temporary(dir.path(), &mut child), "{format}");
        std::fs::write(&target, b"precious").unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(record("x", "2024-01-01T00:00:00Z").as_bytes())
            .unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(err.contains("already exists"), "{format}: {err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"precious", "{format}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "{format}");
    }
}

#[test]
fn existing_targets_that_are_not_regular_files_are_refused_even_with_force() {
    let dir = corpus(&[
        ("in.json", good_file(2, "n")),
        ("victim", b"precious".to_vec()),
    ]);
    let d = dir.path();
    assert!(Command::new("mkfifo")
        .arg(d.join("fifo"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/null", d.join("null-link")).unwrap();
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("stdout-link")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling")).unwrap();
    std::fs::create_dir(d.join("folder")).unwrap();
    // A real device node where we may make one (root): the case that replaced /dev/null.
    let dev = Command::new("mknod")
        .arg(d.join("null-dev"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let mut names = vec!["fifo", "null-link", "stdout-link", "dangling", "folder"];
    if dev {
        names.push("null-dev");
    }
    for name in names {
        let before = d.join(name).symlink_metadata().unwrap();
        for format in FORMATS {
            for force in [false, true] {
                let mut cmd = bin();
                cmd.args(["query", "--format", format, "-o"])
                    .arg(d.join(name))
                    .arg(d.join("in.json"))
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                if force {
                    cmd.arg("--force");
                }
                let child = cmd.spawn().unwrap();
                let status = wait_or_kill(child, name);
                assert_eq!(status.code(), Some(2), "{name} {format} force={force}");
                let after = d.join(name).symlink_metadata().unwrap();
                assert_eq!(
                    (after.file_type(), after.len()),
                    (before.file_type(), before.len()),
                    "{name} {format} force={force}: the target was replaced"
                );
            }
        }
        let out = bin()
            .args(["query", "--force", "-o"])
            .arg(d.join(name))
            .arg(d.join("in.json"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{name}: {err}");
    }
    assert_eq!(temporaries(d), Vec::<String>::new());
    // A symlink to a regular file: refused without --force; with it, the link is replaced by
    // the output and the file it pointed to is left alone.
    std::os::unix::fs::symlink(d.join("victim"), d.join("file-link")).unwrap();
    let out = run(&["query", "-o"], &[d.join("file-link"), d.join("in.json")]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &["query", "--force", "--format", "count", "-o"],
        &[d.join("file-link"), d.join("in.json")],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(d.join("victim")).unwrap(), b"precious");
    assert_eq!(std::fs::read_to_string(d.join("file-link")).unwrap(), "2\n");
}

#[test]
fn a_250_character_output_name_works_in_every_format() {
    let dir = corpus(&[("in.json", good_file(2, "l"))]);
    for format in FORMATS {
        let name = format!("{format}{}", "x".repeat(250 - format.len()));
        let out = run(
            &["query", "--format", format, "-o"],
            &[dir.path().join(&name), dir.path().join("in.json")],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.path().join(&name).is_file());
    }
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn signals_during_query_o_leave_no_temporary() {
    use std::os::unix::process::ExitStatusExt;
    for (sig, num) in [("TERM", 15), ("INT", 2), ("HUP", 1)] {
        for format in FORMATS {
            let dir = tempfile::tempdir().unwrap();
            let mut child = bin()
                .args(["query", "--format", format, "-o"])
                .arg(dir.path().join("out.json"))
                .arg("-")
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            assert!(wait_for_temporary(dir.path(), &mut child), "{sig} {format}");
            let killed = Command::new("kill")
                .arg(format!("-{sig}"))
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(killed.success());
            let status = wait_or_kill(child, sig);
            assert_eq!(status.signal(), Some(num), "{sig} {format}: {status:?}");
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert!(left.is_empty(), "{sig} {format}: {left:?}");
        }
    }
}

#[test]
fn dash_o_dash_is_standard_output() {
    let dir = corpus(&[("in.json", good_file(2, "s"))]);
    let out = bin()
        .args(["query", "--format", "count", "-o", "-", "in.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
    assert!(!dir.path().join("-").exists());
}

#[test]
fn output_format_follows_the_extension_unless_given() {
    let dir = corpus(&[("in.json", good_file(3, "e"))]);
    let input = dir.path().join("in.json");
    let records = |p: &Path| -> usize {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap())
            .unwrap_or_else(|e| panic!("{}: not one JSON document: {e}", p.display()));
        v["Records"].as_array().unwrap().len()
    };
    let lines = |p: &Path| -> usize {
        let text = std::fs::read_to_string(p).unwrap();
        for l in text.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(v.get("eventID").is_some(), "{l}");
        }
        text.lines().count()
    };
    for name in ["a.json", "B.JSON"] {
        let out = run(&["query", "-o"], &[dir.path().join(name), input.clone()]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(records(&dir.path().join(name)), 3, "{name}");
    }
    for name in ["a.jsonl", "a.ndjson", "a.txt"] {
        let out = run(&["query", "-o"], &[dir.path().join(name), input.clone()]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(lines(&dir.path().join(name)), 3, "{name}");
    }
    // An explicit --format wins over the name.
    let out = run(
        &["query", "--format", "jsonl", "-o"],
        &[dir.path().join("c.json"), input.clone()],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&dir.path().join("c.json")), 3);
    let help = String::from_utf8(run(&["query", "--help"], &[]).stdout).unwrap();
    assert!(help.contains(".ndjson"), "{help}");
}

// ---------------------------------------------------------------------------------------------
// Exits a script can rely on (issue 7.2, issue 8 "Output hygiene").

#[test]
fn a_full_disk_on_stdout_is_one_line_and_exit_2_never_a_panic() {
    let dir = corpus(&[("in.json", good_file(3, "f"))]);
    let cases: [&[&str]; 6] = [
        &["stats"],
        &["stats", "--json"],
        &["query", "--format", "count"],
        &["query", "--format", "table"],
        &["query", "--format", "json"],
        &["query"],
    ];
    for args in cases {
        let out = bin()
            .args(args)
            .arg(dir.path())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(
            err, "trailscope: standard output: no space left on device\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let dir = corpus(&[("in.json", good_file(3, "b"))]);
    let cases: [&[&str]; 5] = [
        &["stats"],
        &["stats", "--json"],
        &["query", "--format", "count"],
        &["query", "--format", "table"],
        &["query"],
    ];
    for args in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // every write gets EPIPE
        let out = bin()
            .args(args)
            .arg(dir.path())
            .stdout(writer)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
    // The filter reference too (long enough to be piped into a pager or head).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = bin()
        .args(["help", "filter"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = bin()
        .args(["help", "filter"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "trailscope: standard output: no space left on device\n"
    );
}

#[test]
fn a_load_with_failed_files_exits_2_after_doing_all_it_could() {
    let dir = corpus(&[
        ("good.json.gz", good_file(4, "g")),
        ("bad.json", b"{\"Records\":[{\"eventName\":".to_vec()),
    ]);
    std::fs::write(dir.path().join("new\nline.json"), b"[1]").unwrap();
    let out = run(&["query", "--format", "count"], &[dir.path().to_path_buf()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "4\n",
        "every good event is still output"
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json"), "{err}");
    // One line per problem, even for a file name holding a newline.
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.contains("new\\nline.json"), "{err}");
    let out = run(&["stats", "--json"], &[dir.path().to_path_buf()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["events"], 4);
    assert_eq!(failures(&v).len(), 2);
    assert_eq!(out.status.code(), Some(2));
    // Without a failure: 0 (and 1 for a query that matched nothing).
    let good = dir.path().join("good.json.gz");
    assert_eq!(
        run(&["stats"], std::slice::from_ref(&good)).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["query", "-f", "name:Nope"], &[good]).status.code(),
        Some(1)
    );
}

// ---------------------------------------------------------------------------------------------
// Standard input without `-`, and the demo only when asked (issue 9.17).

/// Runs `args` with a terminal as stdin and stdout (via `script`); returns the terminal text.
fn on_a_terminal(args: &[&str]) -> String {
    let mut cmd = format!("'{}'", env!("CARGO_BIN_EXE_trailscope"));
    for a in args {
        cmd.push_str(&format!(" '{a}'"));
    }
    cmd.push_str("; echo \"[exit $?]\"");
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn headless_commands_read_piped_stdin_without_dash() {
    for args in [&["query", "--format", "count"][..], &["stats", "--json"]] {
        let mut child = bin()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let recs = format!(
            "{}\n{}\n",
            record("s1", "2024-01-01T00:00:00Z"),
            record("s2", "2024-01-01T00:00:01Z")
        );
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&gz(recs.as_bytes()))
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        if args[0] == "query" {
            assert_eq!(text, "2\n");
        } else {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["events"], 2);
        }
    }
}

#[test]
fn headless_commands_on_a_terminal_with_no_path_say_so() {
    for args in [&["stats"][..], &["query", "--format", "count"]] {
        let text = on_a_terminal(args);
        assert!(
            text.contains("trailscope: no input (give a path, or - for stdin)\n[exit 2]"),
            "{args:?}: {text}"
        );
    }
    let text = on_a_terminal(&["query", "--demo", "--format", "count"]);
    assert!(text.contains("2900\n[exit 0]"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// JSON to a terminal is escaped, JSON to a pipe is exact (issue 8 "Output hygiene").

#[test]
fn json_to_a_terminal_is_escaped_and_to_a_pipe_exact() {
    let hostile = ["\u{9b}", "\u{202e}", "\u{2066}", "\u{200d}"];
    // Raw characters in the file (valid JSON: only C0 controls must be escaped in JSON).
    let rec = "{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventName\":\"Get\u{2066}Object\u{200d}\",\"eventID\":\"h\",\"userAgent\":\"csi\u{9b}31m\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"eve\u{202e}gnp.exe\"}}";
    let dir = corpus(&[
        ("h.json", rec.as_bytes().to_vec()),
        ("bad\u{9b}31m.json", b"{\"foo\":1}".to_vec()),
    ]);
    let d = dir.path().to_str().unwrap();
    for args in [
        &["stats", "--json", d][..],
        &["query", "--format", "json", d],
        &["query", d],
    ] {
        // A pipe: exact, and the values are the original ones.
        let out = bin().args(args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for h in hostile {
            assert!(text.contains(h), "{args:?}: {h:?} not kept exact on a pipe");
        }
        // A terminal: escaped as JSON escapes, still the same JSON.
        let tty = on_a_terminal(args);
        for h in hostile {
            assert!(
                !tty.contains(h),
                "{args:?}: raw {h:?} reached the terminal: {tty}"
            );
        }
        assert!(tty.contains("eve\\u202egnp.exe"), "{args:?}: {tty}");
        // Load problems (escaped) come first on the same terminal; the JSON starts a line.
        let json = tty.rsplit_once("[exit").unwrap().0;
        let json = &json[json.find("\n{").map_or(0, |i| i + 1)..];
        let on_tty: serde_json::Value = serde_json::Deserializer::from_str(json)
            .into_iter::<serde_json::Value>()
            .next()
            .unwrap()
            .unwrap();
        let on_pipe: serde_json::Value = serde_json::Deserializer::from_str(&text)
            .into_iter::<serde_json::Value>()
            .next()
            .unwrap()
            .unwrap();
        if args[0] == "stats" {
            assert_eq!(on_tty["top"], on_pipe["top"], "{args:?}");
            assert_eq!(on_tty["files"], on_pipe["files"], "{args:?}");
            assert!(tty.contains("bad\\u009b31m.json"), "{tty}");
        } else {
            assert_eq!(on_tty, on_pipe, "{args:?}");
        }
    }
}
/// Every example of the README's filter section and of `trailscope help filter` finds what it
/// says on the real data: counts derived independently (`tests/data/derive_counts.py`,
/// "examples:"), and the list is the one the help prints.
#[test]
fn filter_examples_find_what_they_say_on_real_data() {
    let counts: &[(&str, usize)] = &[
        (
            "name:ConsoleLogin responseElements.ConsoleLogin:Failure",
            15,
        ),
        ("source:iam readonly:false", 113),
        ("error:AccessDenied|*UnauthorizedOperation", 97),
        ("message:\"*is not authorized*\"", 37),
        ("type:Root -name:ConsoleLogin", 22),
        ("arn:*assumed-role/* (name:Delete*|Put* OR error:*)", 147),
        ("ip:10.0.0.0/8 OR ip:2001:db8::/32", 426),
        ("requestParameters.bucketName:stratus-red-team-*", 162),
        ("sharedEventID:*", 58),
        ("resources[0].ARN:arn:aws:s3:::*", 255),
        ("agent:\"Mozilla/5.0 (X11*\"", 24),
        (
            "after:2023-07-10T12:00 before:2023-07-10T12:10 -agent:\"AWS Internal\"",
            1070,
        ),
        ("\"access denied\"", 8),
        // The instance profile's AssumeRole and the two calls made with the credentials it
        // issued (tests/derive_lineage.py).
        ("lineage:id:55e25aa9-7165-446e-aef6-815c7a79a961", 3),
    ];
    let examples: Vec<&str> = trailscope::query::help::EXAMPLES
        .iter()
        .map(|e| e.0)
        .collect();
    let listed: Vec<&str> = counts.iter().map(|c| c.0).collect();
    assert_eq!(examples, listed, "every example needs an independent count");
    let help = String::from_utf8(run(&["help", "filter"], &[]).stdout).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for &(filter, want) in counts {
        assert!(help.contains(filter), "{filter} not in help filter");
        assert!(readme.contains(filter), "{filter} not in the README");
        let out = run(&["query", "--format", "count", "-f", filter], &real_data());
        let got: usize = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(usize::MAX);
        assert_eq!(
            got,
            want,
            "{filter}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The issue's cases: wildcards inside quotes, fields without an alias, paths crossing
    // arrays (derive_counts.py, "more:").
    for (filter, want) in [
        ("message:\"Rate *\"", 102),
        ("message:\"Rate exceeded\"", 102),
        ("tlsDetails.tlsVersion:TLSv1.2", 2111),
        ("resources.ARN:*:role/*", 44),
    ] {
        let out = run(&["query", "--format", "count", "-f", filter], &real_data());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            want.to_string(),
            "{filter}"
        );
    }
}

/// `trailscope help filter` is the filter reference (it used to be a path: an empty explorer);
/// `query --help` ends with it; `help query` is the query command's help.
#[test]
fn help_filter_is_a_command() {
    let out = run(&["help", "filter"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("FILTER LANGUAGE"), "{text}");
    for f in trailscope::query::FIELDS {
        assert!(text.contains(&format!("\n  {} ", f.name)), "{}", f.name);
    }
    let long = String::from_utf8(run(&["query", "--help"], &[]).stdout).unwrap();
    assert!(long.contains(&text.trim_end()[..200]), "{long}");
    assert!(!long.contains("help-filter"));
    let short = String::from_utf8(run(&["query", "-h"], &[]).stdout).unwrap();
    assert!(short.contains("trailscope help filter"), "{short}");
    let q = run(&["help", "query"], &[]);
    assert_eq!(q.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&q.stdout).contains("Usage: trailscope query"));
    let bad = run(&["help", "nope"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no help topic 'nope'"));
    assert!(bad.stdout.is_empty());
}

/// A name that is neither a field nor a CloudTrail record field is read as a JSON path, and
/// `query` says so on stderr (a typo then finds nothing, and says why).
#[test]
fn unknown_field_is_a_json_path_with_a_note() {
    let out = run(
        &["query", "--format", "count", "-f", "nmae:ConsoleLogin"],
        &real_data(),
    );
    assert_eq!(out.status.code(), Some(1), "no match");
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("note: 'nmae' is not a CloudTrail record field: read as a JSON path (did you mean 'name'?)"),
        "{e}"
    );
    let out = run(
        &["query", "--format", "count", "-f", "sharedEventID:*"],
        &real_data(),
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("note:"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "58");
}

/// A warning (zero padding or garbage after the gzip data: nothing lost) is printed and counted
/// with its kind, but the exit status stays 0; a file read only in part (a record skipped:
/// events lost) gives 2.
#[test]
fn warnings_that_lose_nothing_do_not_fail_the_exit_status() {
    let rec = |id: &str| {
        format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"GetObject","eventSource":"s3.amazonaws.com","eventID":"{id}"}}"#
        )
    };
    let recs = |ids: &[&str]| {
        let v: Vec<String> = ids.iter().map(|i| rec(i)).collect();
        format!("{{\"Records\":[{}]}}", v.join(",")).into_bytes()
    };
    let dir = tempfile::tempdir().unwrap();
    let mut padded = gz(&recs(&["a", "b", "c"]));
    padded.extend([0u8; 512]);
    std::fs::write(dir.path().join("padded.json.gz"), &padded).unwrap();
    let mut garbage = gz(&recs(&["d"]));
    garbage.extend(b"\x00\x01junk");
    std::fs::write(dir.path().join("garbage.json.gz"), &garbage).unwrap();
    let paths = [dir.path().to_path_buf()];

    let out = run(&["stats"], &paths);
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{text}{err}");
    assert!(
        text.contains("0 failed, 2 with warnings (nothing lost)"),
        "{text}"
    );
    assert!(text.contains("\nwarnings (nothing lost):\n"), "{text}");
    assert!(
        text.contains(
            "padded.json.gz: 512 bytes of trailing zero padding after the gzip data ignored"
        ),
        "{text}"
    );
    assert!(
        err.contains("garbage.json.gz: 6 bytes of trailing garbage"),
        "{err}"
    );
    assert!(text.contains("events   4 "), "{text}");
    let (v, _) = stats_json(&paths);
    assert_eq!(v["files"]["warnings"], 2);
    let kinds: Vec<&str> = v["files"]["partial"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["warning", "warning"]);
    let q = run(&["query", "--format", "count"], &paths);
    assert_eq!(q.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&q.stdout).trim(), "4");

    // A record skipped (events lost) beside them: exit 2, and its kind says failure.
    let mut cut = recs(&["e", "f"]);
    let at = cut.windows(3).position(|w| w == b"\"f\"").unwrap();
    cut.splice(at..at + 3, b"\"f\x01\"".iter().copied());
    std::fs::write(dir.path().join("cut.json"), &cut).unwrap();
    let out = run(&["stats"], &paths);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("0 failed, 1 read in part, 2 with warnings (nothing lost)"),
        "{text}"
    );
    assert!(
        text.contains("\nfiles read in part (events may be lost):\n  "),
        "{text}"
    );
    let (v, _) = stats_json(&paths);
    let cut_kind = v["files"]["partial"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("cut.json"))
        .map(|p| p["kind"].clone());
    assert_eq!(cut_kind, Some(serde_json::json!("failure")));
    assert_eq!(
        run(&["query", "--format", "count"], &paths).status.code(),
        Some(2)
    );
}

// ---------------------------------------------------------------------------------------------
// Output for scripts (issue 12.5): CSV, --fields, colour, time zones, compact stats JSON.

/// Parses CSV text (RFC 4180) into its heading and records.
fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

/// A string at `path` (dots) of a JSON record, or "" when missing.
fn at(v: &serde_json::Value, path: &str) -> String {
    let mut v = v;
    for k in path.split('.') {
        v = &v[k];
    }
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn csv_round_trips_to_the_json_records() {
    // A record with every awkward character a CSV field can hold.
    let hostile = r#"{"eventTime":"2024-01-01T00:00:00Z","eventName":"Put,\"Quoted\"\r\nLine","eventID":"h1","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1","sourceIPAddress":"10.0.0.1","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","userName":"eve\u001b[2J"},"requestParameters":{"bucketName":"b,1"}}"#;
    let dir = corpus(&[("h.json", hostile.as_bytes().to_vec())]);
    let mut paths = real_data();
    paths.push(dir.path().to_path_buf());
    let filter = "name:AssumeRole|Put* OR error:*";
    let csv_out = run(&["query", "--format", "csv", "-f", filter], &paths);
    assert_eq!(csv_out.status.code(), Some(0));
    let jsonl = run(&["query", "--format", "jsonl", "-f", filter], &paths);
    let records: Vec<serde_json::Value> = jsonl
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let text = String::from_utf8(csv_out.stdout.clone()).unwrap();
    assert!(text.starts_with("time,who,name,source,region,ip,error,id\r\n"));
    let (head, rows) = parse_csv(&csv_out.stdout);
    assert_eq!(head.len(), 8);
    assert_eq!(rows.len(), records.len());
    assert!(rows.len() > 100, "{}", rows.len());
    for (row, rec) in rows.iter().zip(&records) {
        assert_eq!(row[2], at(rec, "eventName"));
        assert_eq!(row[3], at(rec, "eventSource"));
        assert_eq!(row[4], at(rec, "awsRegion"));
        assert_eq!(row[5], at(rec, "sourceIPAddress"));
        assert_eq!(row[6], at(rec, "errorCode"));
        assert_eq!(row[7], at(rec, "eventID"));
        let t = at(rec, "eventTime");
        if !t.is_empty() && t.ends_with('Z') && t.len() == 20 {
            assert_eq!(row[0], t);
        }
    }
    // The hostile record is exact in the CSV (a pipe: no escaping), quotes and line breaks kept.
    let h = rows
        .iter()
        .find(|r| r[7] == "h1")
        .expect("the hostile record");
    assert_eq!(h[2], "Put,\"Quoted\"\r\nLine");
    assert_eq!(h[1], "eve\u{1b}[2J");
    // JSON paths as columns.
    let out = run(
        &[
            "query",
            "--format",
            "csv",
            "--fields",
            "id,requestParameters.bucketName,readonly",
            "-f",
            "id:h1",
        ],
        &paths,
    );
    let (head, rows) = parse_csv(&out.stdout);
    assert_eq!(head, ["id", "requestParameters.bucketName", "readonly"]);
    assert_eq!(rows, [["h1", "b,1", ""]]);
    // -o x.csv picks CSV from the name.
    let o = dir.path().join("out.csv");
    let out = bin()
        .args(["query", "-f", "id:h1", "-o"])
        .arg(&o)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&o)
        .unwrap()
        .starts_with("time,who,"));
}

#[test]
fn fields_choose_the_table_columns() {
    let paths = real_data();
    let out = run(
        &[
            "query",
            "--format",
            "table",
            "--fields",
            "time,eventname,requestParameters.roleArn",
            "-f",
            "name:AssumeRole",
        ],
        &paths,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let head = text.lines().next().unwrap();
    let words: Vec<&str> = head.split_whitespace().collect();
    assert_eq!(words, ["TIME", "NAME", "REQUESTPARAMETERS.ROLEARN"]);
    assert!(text.contains("arn:aws:iam::"), "{text}");
    assert!(text.lines().skip(1).all(|l| l.contains("AssumeRole")));
    // The default table is unchanged by the new options.
    let plain = run(
        &["query", "--format", "table", "-f", "name:AssumeRole"],
        &paths,
    );
    let first = String::from_utf8(plain.stdout).unwrap();
    assert!(first.starts_with("TIME                  WHO"), "{first}");
    // Bad fields are errors before loading; --fields with JSON is refused.
    for (args, says) in [
        (
            &["--format", "table", "--fields", "who,,ip"][..],
            "empty field name",
        ),
        (
            &["--format", "csv", "--fields", "after"][..],
            "time condition",
        ),
        (
            &["--format", "jsonl", "--fields", "who"][..],
            "only with --format table or csv",
        ),
    ] {
        let out = bin().arg("query").args(args).args(&paths).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn colour_is_asked_for_or_never() {
    let paths = [root().join("assets/demo/invictus")];
    let table = |color: Option<&str>, no_color: Option<&str>| {
        let mut c = bin();
        c.args(["query", "--format", "table", "-f", "error:*"]);
        if let Some(w) = color {
            c.args(["--color", w]);
        }
        c.env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        String::from_utf8(c.args(paths.clone()).output().unwrap().stdout).unwrap()
    };
    let always = table(Some("always"), None);
    assert!(always.starts_with("\x1b[1mTIME\x1b[0m"), "{always:?}");
    assert!(always.contains("\x1b[31m"), "errors are red");
    // Taking the escapes out gives the plain table back.
    let plain = table(Some("never"), None);
    let stripped: String = {
        let mut s = String::new();
        let mut rest = always.as_str();
        while let Some(i) = rest.find('\x1b') {
            s.push_str(&rest[..i]);
            let j = rest[i..].find('m').unwrap();
            rest = &rest[i + j + 1..];
        }
        s.push_str(rest);
        s
    };
    assert_eq!(stripped, plain);
    assert!(!plain.contains('\x1b'));
    // auto into a pipe: none; NO_COLOR does not override an explicit always.
    assert!(!table(None, None).contains('\x1b'));
    assert!(!table(Some("auto"), Some("1")).contains('\x1b'));
    assert!(table(Some("always"), Some("1")).contains('\x1b'));
}

#[test]
fn times_print_in_utc_or_the_local_zone() {
    let paths = [root().join("assets/demo/invictus")];
    let first_time = |args: &[&str], tz: &str| {
        let out = bin()
            .args(["query", "--format", "csv", "--fields", "time"])
            .args(args)
            .args(paths.clone())
            .env("TZ", tz)
            .output()
            .unwrap();
        let (_, rows) = parse_csv(&out.stdout);
        rows[0][0].clone()
    };
    // Five hours thirty ahead (India has no daylight saving time: the same all year).
    let zone = "Asia/Kolkata";
    assert_eq!(first_time(&[], zone), "2023-07-10T11:42:18Z");
    assert_eq!(first_time(&["--utc"], zone), "2023-07-10T11:42:18Z");
    assert_eq!(first_time(&["--local"], zone), "2023-07-10T17:12:18+05:30");
    // The last one given wins.
    assert_eq!(
        first_time(&["--local", "--utc"], zone),
        "2023-07-10T11:42:18Z"
    );
    let stats = bin()
        .args(["stats", "--local"])
        .args(paths.clone())
        .env("TZ", zone)
        .output()
        .unwrap();
    let text = String::from_utf8(stats.stdout).unwrap();
    assert!(
        text.contains("span     2023-07-10T17:12:18+05:30 .. "),
        "{text}"
    );
    // JSON keeps the records' own times whatever the zone.
    let (v, _) = stats_json(&paths);
    assert_eq!(v["time_span"]["first"], "2023-07-10T11:42:18Z");
}

#[test]
fn stats_json_is_one_line_into_a_pipe() {
    let out = run(&["stats", "--json"], &[root().join("assets/demo/invictus")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches('\n').count(), 1, "{text}");
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["events"], 2900);
}

#[test]
fn top_writes_csv() {
    let out = run(
        &["top", "--by", "who,name", "--format", "csv", "--limit", "2"],
        &[root().join("assets/demo/invictus")],
    );
    let (head, rows) = parse_csv(&out.stdout);
    assert_eq!(head, ["who", "name", "count", "total", "distinct"]);
    assert_eq!(rows.len(), 4);
    let json = run(
        &[
            "top", "--by", "who,name", "--format", "json", "--limit", "2",
        ],
        &[root().join("assets/demo/invictus")],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for (row, obj) in rows.iter().zip(v.as_array().unwrap()) {
        assert_eq!(row[0], at(obj, "who"));
        assert_eq!(row[1], at(obj, "name"));
        assert_eq!(row[2], obj["count"].to_string());
    }
}

/// `query --sort`: the explorer's columns and JSON paths, `-` for descending, ties in time
/// order; a bad column is an error before any load.
#[test]
fn query_sort_by_a_column_or_a_path() {
    let rec = |id: &str, t: &str, who: &str, ip: &str| {
        format!(
            r#"{{"eventID":"{id}","eventTime":"{t}","eventName":"X","sourceIPAddress":"{ip}","userIdentity":{{"type":"IAMUser","userName":"{who}"}},"requestParameters":{{"roleArn":"{who}"}}}}"#
        )
    };
    let dir = corpus(&[(
        "x.json",
        format!(
            "{{\"Records\":[{},{},{},{}]}}",
            rec("a", "2024-01-01T00:00:04Z", "carol", "10.0.0.10"),
            rec("b", "2024-01-01T00:00:01Z", "bob", "10.0.0.9"),
            rec("c", "2024-01-01T00:00:03Z", "alice", "10.0.0.10"),
            rec("d", "2024-01-01T00:00:02Z", "bob", "192.168.0.1"),
        )
        .into_bytes(),
    )]);
    let ids = |sort: &str| {
        let out = run(
            &["query", "--format", "csv", "--fields", "id", "--sort", sort],
            &[dir.path().to_path_buf()],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (_, rows) = parse_csv(&out.stdout);
        rows.into_iter().map(|r| r[0].clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids("time"), ["b", "d", "c", "a"]);
    assert_eq!(ids("-time"), ["a", "c", "d", "b"]);
    assert_eq!(ids("who"), ["c", "b", "d", "a"]);
    assert_eq!(ids("-who"), ["a", "b", "d", "c"], "bob's two in time order");
    assert_eq!(ids("ip"), ["b", "c", "a", "d"], "10.0.0.9 before 10.0.0.10");
    assert_eq!(ids("requestParameters.roleArn"), ids("who"));
    let out = run(&["query", "--sort", "after"], &[dir.path().to_path_buf()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--sort") && stderr.contains("time condition"),
        "{stderr}"
    );
}
