//! `s3://` inputs against a real S3 server, offline: moto's server (`pip install
//! 'moto[server]'`, which `.ci/run` does). A generated trail is uploaded; `stats` and `query` over
//! `s3://` must equal the same over the folder, for a window in the middle too, with fewer
//! objects listed than the bucket holds; a second run fetches nothing (the cache); a proxy that
//! answers 404 for one object and 503 once for another shows the error and the retry.
//!
//! Without moto the tests are skipped with a loud message, except on CI (`CI=true`), where that
//! is a failure. Requests carry explicit test keys or none (`--no-sign-request`): nothing ever
//! probes a metadata service.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const A: &str = "111122223333";
const B: &str = "444455556666";
/// 2026-11-01T00:00:00Z.
const START: i64 = 1_793_491_200;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trailscope"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            c.env_remove(k);
        }
    }
    c.env("AWS_EC2_METADATA_DISABLED", "true");
    c
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_port(port: u16, child: &mut Child) -> bool {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// moto's server on a free port: `moto_server`, else `python3 -m moto.server`. `None` (and a
/// loud message) when neither runs, outside CI.
fn moto() -> Option<Server> {
    let port = free_port();
    let p = port.to_string();
    let tries: [(&str, Vec<&str>); 2] = [
        ("moto_server", vec!["-H", "127.0.0.1", "-p", &p]),
        (
            "python3",
            vec!["-m", "moto.server", "-H", "127.0.0.1", "-p", &p],
        ),
    ];
    for (cmd, args) in tries {
        let Ok(mut child) = Command::new(cmd)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            continue;
        };
        if wait_port(port, &mut child) {
            return Some(Server { child, port });
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    let msg =
        "moto's S3 server is not installed (pip install 'moto[server]'): the s3:// tests need it";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!("\n!!!!!!!! SKIPPED: {msg} !!!!!!!!\n");
    None
}

fn ts(secs: i64, fmt: &str) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .format(fmt)
        .to_string()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A three-day trail in the real layout: two accounts (the second in an organisation), two
/// regions, a file every 20 minutes with 6 events each, up to 15 minutes older than the file's
/// stamp, and one duplicate delivery per file (the previous file's last record). `tag(i)` may
/// add a marker to the i-th file's name (the proxy's faults). Returns the files written.
fn write_trail(root: &Path, tag: &dyn Fn(usize) -> &'static str) -> usize {
    let mut n = 0;
    for (acct, base) in [
        (A, format!("AWSLogs/{A}")),
        (B, format!("AWSLogs/o-abc123/{B}")),
    ] {
        for region in ["us-east-1", "eu-west-1"] {
            let mut prev: Option<String> = None;
            for f in 0..(3 * 24 * 3) {
                let stamp = START + (f as i64 + 1) * 1200;
                let mut recs = Vec::new();
                for k in 0..6 {
                    let t = stamp - 60 - ((f * 7 + k * 131) % 840) as i64;
                    recs.push(format!(
                        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::{acct}:user/u{k}","accountId":"{acct}","userName":"u{k}"}},"eventTime":"{}","eventSource":"s3.amazonaws.com","eventName":"{}","awsRegion":"{region}","sourceIPAddress":"10.0.0.{k}","userAgent":"test","requestParameters":null,"responseElements":null,"eventID":"{acct}-{region}-{f}-{k}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{acct}"}}"#,
                        ts(t, "%Y-%m-%dT%H:%M:%SZ"),
                        ["GetObject", "ListBuckets", "PutObject"][(f + k) % 3]
                    ));
                }
                let mut all = recs.clone();
                if let Some(p) = prev.take() {
                    all.push(p);
                }
                prev = recs.last().cloned();
                let dir = root.join(format!(
                    "{base}/CloudTrail/{region}/{}",
                    ts(stamp, "%Y/%m/%d")
                ));
                std::fs::create_dir_all(&dir).unwrap();
                let name = format!(
                    "{acct}_CloudTrail_{region}_{}_{}{f:04}.json.gz",
                    ts(stamp, "%Y%m%dT%H%MZ"),
                    tag(n)
                );
                let body = format!("{{\"Records\":[{}]}}\n", all.join(","));
                std::fs::write(dir.join(name), gz(body.as_bytes())).unwrap();
                n += 1;
            }
        }
    }
    n
}

/// Creates `bucket` and uploads `root`'s files under their relative paths (boto3 comes with
/// moto).
fn upload(port: u16, bucket: &str, root: &Path) {
    let script = r#"
import boto3, os, sys
ep, bucket, root = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=ep, region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket=bucket)
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        # Readable without credentials too (the --no-sign-request runs).
        s3.upload_file(p, bucket, os.path.relpath(p, root), ExtraArgs={"ACL": "public-read"})
"#;
    let out = Command::new("python3")
        .args(["-c", script, &format!("http://127.0.0.1:{port}"), bucket])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "upload: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run(c: &mut Command) -> (Output, String) {
    let out = c.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

/// What stats says about the events (not about files: the folder's walk and the bucket's
/// listing name them differently).
fn events_part(stdout: &[u8], stderr: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("stats --json is not JSON ({e}): {stderr}"));
    serde_json::json!({
        "events": v["events"], "duplicates": v["duplicates"], "undated": v["undated"],
        "time_span": v["time_span"], "top": v["top"], "shapes": v["shapes"],
        "failed": v["files"]["failed"],
    })
}

/// The objects and the cached ones an estimate line said.
fn objects_said(stderr: &str) -> (u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.contains(" objects ("))
        .unwrap_or_else(|| panic!("no estimate line: {stderr}"));
    let (before, after) = line.split_once(" objects (").unwrap();
    let num = |s: &str| s.replace(',', "").parse::<u64>().unwrap();
    (
        num(before.rsplit(' ').next().unwrap()),
        num(after.split(' ').next().unwrap()),
    )
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn stats_and_query_over_s3_equal_the_folder_and_the_cache_fetches_nothing_again() {
    let Some(moto) = moto() else { return };
    let tmp = scratch();
    let trail = tmp.path().join("trail");
    let files = write_trail(&trail, &|_| "");
    upload(moto.port, "trail-bucket", &trail);
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let cache = tmp.path().join("cache");
    let s3 = |args: &[&str]| {
        let mut c = bin();
        c.args(args)
            .args(["--endpoint-url", &endpoint, "--cache-dir"])
            .arg(&cache)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
        run(&mut c)
    };

    // The whole trail.
    let (folder, ferr) = run(bin().args(["stats", "--json"]).arg(&trail));
    assert!(folder.status.success(), "{ferr}");
    let (first, err1) = s3(&["stats", "--json", "s3://trail-bucket/"]);
    assert!(first.status.success(), "{err1}");
    assert_eq!(
        events_part(&first.stdout, &err1),
        events_part(&folder.stdout, &ferr)
    );
    assert_eq!(objects_said(&err1), (files as u64, 0), "{err1}");
    assert!(err1.contains("(2 accounts, 2 regions,"), "{err1}");
    // Again: everything is cached.
    let (second, err2) = s3(&["stats", "--json", "s3://trail-bucket/"]);
    assert_eq!(objects_said(&err2), (files as u64, files as u64), "{err2}");
    assert!(err2.contains("0 bytes to fetch"), "{err2}");
    assert_eq!(
        events_part(&second.stdout, &err2),
        events_part(&folder.stdout, &ferr)
    );

    // A window in the middle, from the filter and from the flags: the same events as the
    // folder's, from a fraction of the objects.
    let filter = "after:2026-11-02T10:00:00Z before:2026-11-02T11:00:00Z";
    let (want, werr) = run(bin()
        .args(["query", "--format", "jsonl", "-f", filter])
        .arg(&trail));
    assert!(want.status.success(), "{werr}");
    assert!(want.stdout.len() > 100, "the window holds events");
    let (got, gerr) = run(bin()
        .args(["query", "--format", "jsonl", "-f", filter, "--no-cache"])
        .args(["--endpoint-url", &endpoint, "s3://trail-bucket"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing"));
    assert!(got.status.success(), "{gerr}");
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&want.stdout)
    );
    let (listed, _) = objects_said(&gerr);
    // 4 folders × (3 files an hour + 3 more in the hour of slack + 1): far fewer than all.
    assert!(
        listed > 0 && listed * 10 < files as u64,
        "{listed} of {files}: {gerr}"
    );
    let (flags, ferr2) = s3(&[
        "query",
        "--format",
        "jsonl",
        "-f",
        filter,
        "--after",
        "2026-11-02T10:00:00Z",
        "--before",
        "2026-11-02T11:00:00Z",
        "--account",
        B,
        "--region",
        "eu-west-1",
        "s3://trail-bucket/AWSLogs/",
    ]);
    assert!(flags.status.success(), "{ferr2}");
    let want_text = String::from_utf8_lossy(&want.stdout).into_owned();
    let one: Vec<&str> = want_text
        .lines()
        .filter(|l| l.contains(&format!("\"{B}-eu-west-1-")))
        .collect();
    assert!(!one.is_empty());
    let flags_text = String::from_utf8_lossy(&flags.stdout).into_owned();
    assert_eq!(flags_text.lines().collect::<Vec<_>>(), one);
    assert!(objects_said(&ferr2).0 * 4 <= listed, "{ferr2}");

    // Anonymous requests work against a server that allows them, and a bucket that does not
    // exist is a clear error naming it.
    let (anon, aerr) = run(bin()
        .args([
            "query",
            "--format",
            "count",
            "--no-sign-request",
            "--no-cache",
        ])
        .args([
            "--endpoint-url",
            &endpoint,
            "-f",
            filter,
            "s3://trail-bucket/",
        ]));
    assert!(anon.status.success(), "{aerr}");
    let (none, nerr) = s3(&["stats", "s3://no-such-bucket/"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(nerr.contains("s3://no-such-bucket"), "{nerr}");
    // More to fetch than --ask-above (1 GiB by default): without --yes nothing is fetched and
    // the command says why; with it, it goes ahead; once cached there is nothing to agree to.
    let cache2 = tmp.path().join("cache2");
    let big = |yes: bool| {
        let mut c = bin();
        c.args([
            "query",
            "--format",
            "count",
            "--no-sign-request",
            "--ask-above",
            "1000",
        ])
        .args([
            "--endpoint-url",
            &endpoint,
            "-f",
            filter,
            "s3://trail-bucket/",
        ])
        .arg("--cache-dir")
        .arg(&cache2);
        if yes {
            c.arg("--yes");
        }
        run(&mut c)
    };
    let (no, noerr) = big(false);
    assert_eq!(no.status.code(), Some(2), "{noerr}");
    assert!(no.stdout.is_empty());
    assert!(
        noerr.contains("to fetch (more than 1.0 kB): pass --yes"),
        "{noerr}"
    );
    assert!(!cache2.join("trail-bucket").exists(), "nothing fetched");
    let (yes, yerr) = big(true);
    assert!(yes.status.success(), "{yerr}");
    let (again, aerr) = big(false);
    assert!(again.status.success(), "{aerr}");
    assert_eq!(again.stdout, yes.stdout);

    // A named profile: credentials come from `aws configure export-credentials` (a stand-in
    // CLI here, printing the documented process format); a CLI that fails is said with its
    // message, before anything is listed.
    let cli = tmp.path().join("aws");
    std::fs::write(
        &cli,
        "#!/bin/sh\nif [ \"$4\" = expired ]; then echo 'Error when retrieving token from sso: Token has expired and refresh failed' >&2; exit 255; fi\necho '{\"Version\": 1, \"AccessKeyId\": \"testing\", \"SecretAccessKey\": \"testing\", \"SessionToken\": \"t\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&cli, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let profile = |name: &str| {
        run(bin()
            .args([
                "query",
                "--format",
                "count",
                "--no-cache",
                "--profile",
                name,
            ])
            .args([
                "--endpoint-url",
                &endpoint,
                "-f",
                filter,
                "s3://trail-bucket/",
            ])
            .env("TRAILSCOPE_AWS_CLI", &cli))
    };
    let (p, perr) = profile("dev");
    assert!(p.status.success(), "{perr}");
    assert_eq!(p.stdout, anon.stdout);
    let (p, perr) = profile("expired");
    assert_eq!(p.status.code(), Some(2));
    assert!(
        perr.contains("profile expired: aws configure export-credentials failed: Error when retrieving token from sso"),
        "{perr}"
    );

    let (bad, berr) = s3(&["stats", "--after", "tomorrow", "s3://trail-bucket/"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(berr.contains("--after: bad time 'tomorrow'"), "{berr}");
}

/// The fault proxy in front of moto.
fn proxy(upstream: u16, dir: &Path) -> (Server, PathBuf) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/s3_fault_proxy.py");
    let port_file = dir.join("proxy.port");
    let log = dir.join("proxy.log");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(upstream.to_string())
        .arg(&port_file)
        .arg(&log)
        .spawn()
        .unwrap();
    let t = Instant::now();
    let port = loop {
        if let Ok(s) = std::fs::read_to_string(&port_file) {
            break s.trim().parse::<u16>().unwrap();
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the proxy did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(wait_port(port, &mut child));
    (Server { child, port }, log)
}

#[test]
fn an_object_gone_after_listing_is_reported_and_a_503_is_retried() {
    let Some(moto) = moto() else { return };
    let tmp = scratch();
    let trail = tmp.path().join("trail");
    let files = write_trail(&trail, &|i| match i {
        5 => "GONE",
        9 => "FLAKY",
        _ => "",
    });
    upload(moto.port, "faults", &trail);
    let (proxy, log) = proxy(moto.port, tmp.path());
    let (folder, ferr) = run(bin().args(["stats", "--json"]).arg(&trail));
    assert!(folder.status.success(), "{ferr}");
    let (out, err) = run(bin()
        .args(["stats", "--json", "--no-sign-request", "--no-cache"])
        .args([
            "--endpoint-url",
            &format!("http://127.0.0.1:{}", proxy.port),
        ])
        .arg("s3://faults/"));
    // Exit 2: incomplete; the one object is named with the reason, the rest loaded.
    assert_eq!(out.status.code(), Some(2), "{err}");
    let gone = err
        .lines()
        .filter(|l| l.contains("GONE"))
        .collect::<Vec<_>>();
    assert_eq!(gone.len(), 1, "{err}");
    assert!(
        gone[0].starts_with("trailscope: s3://faults/AWSLogs/")
            && gone[0].contains("not found (deleted since it was listed?)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all: serde_json::Value = serde_json::from_slice(&folder.stdout).unwrap();
    // The missing file held 6 events (and the next file's duplicate of its last now counts
    // as an event of its own).
    assert_eq!(
        v["events"].as_u64().unwrap(),
        all["events"].as_u64().unwrap() - 5,
        "{err}"
    );
    assert_eq!(v["files"]["failed"].as_array().unwrap().len(), 1);
    assert_eq!(objects_said(&err).0, files as u64);
    // The flaky object: 503 first, then 200 on the retry.
    let log = std::fs::read_to_string(&log).unwrap();
    let flaky: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("FLAKY") && l.contains(" GET "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(flaky, ["503", "200"], "{log}");
}

/// The generator (an example, built by `cargo test`): a small trail with its digests.
fn generate(out: &Path) {
    let exe = std::env::current_exe().unwrap();
    let gen = exe.parent().unwrap().parent().unwrap().join("examples/gen");
    assert!(gen.exists(), "examples/gen is built by cargo test");
    let status = Command::new(gen)
        .args(["--events", "4000", "--seed", "5", "--accounts", "1"])
        .args([
            "--regions",
            "us-east-1,eu-west-1",
            "--minutes-per-file",
            "20",
            "--out",
        ])
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn verify_over_s3_fetches_the_digests_and_agrees_with_the_folder() {
    let Some(moto) = moto() else { return };
    let tmp = scratch();
    let trail = tmp.path().join("trail");
    generate(&trail);
    upload(moto.port, "with-digests", &trail);
    let verify = |input: &std::ffi::OsStr| {
        let out = bin()
            .args([
                "verify",
                "--format",
                "json",
                "--no-sign-request",
                "--no-cache",
            ])
            .args(["--endpoint-url", &format!("http://127.0.0.1:{}", moto.port)])
            .arg(input)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (
            out.status.code(),
            v,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (fcode, folder, _) = verify(trail.as_os_str());
    let (scode, s3, err) = verify("s3://with-digests/".as_ref());
    assert_eq!(fcode, Some(0));
    assert_eq!(scode, fcode, "{err}");
    assert_eq!(s3["summary"], folder["summary"], "{err}");
    assert!(s3["summary"]["verified"].as_u64().unwrap() > 10);
    assert_eq!(
        s3["digests"].as_array().unwrap().len(),
        folder["digests"].as_array().unwrap().len()
    );
}
