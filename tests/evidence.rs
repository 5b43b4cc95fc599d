//! `trailscope verify` on generated trails (real SHA-256 digests with chaining; signatures made
//! here with a generated key pair), on the real test data (no digests), and the export
//! manifest round trip (issue 13).

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn gen_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let p = exe.parent().unwrap().parent().unwrap().join("examples/gen");
    assert!(p.exists(), "examples/gen is built by cargo test");
    p
}

/// A small trail: one account, two regions, about three hours.
fn generate(out: &Path, extra: &[&str]) {
    let status = Command::new(gen_binary())
        .args([
            "--events",
            "4000",
            "--seed",
            "5",
            "--accounts",
            "1",
            "--regions",
            "us-east-1,eu-west-1",
            "--minutes-per-file",
            "20",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn ts(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn verify_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut a = vec!["verify", "--format", "json", dir.to_str().unwrap()];
    a.extend_from_slice(extra);
    let (code, out, err) = ts(&a);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

fn files(dir: &Path, digests: bool) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().contains("CloudTrail-Digest") == digests
                && p.to_string_lossy().ends_with(".json.gz")
            {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn gunzip(p: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(p).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gzip_to(p: &Path, b: &[u8]) {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    std::fs::write(p, e.finish().unwrap()).unwrap();
}

fn summary(v: &Value, k: &str) -> u64 {
    v["summary"][k]
        .as_u64()
        .unwrap_or_else(|| panic!("{k} in {v}"))
}

/// The hourly digests of one region, in time order (their names sort by time).
fn region_digests(dir: &Path, region: &str) -> Vec<PathBuf> {
    files(dir, true)
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().contains(&format!("/{region}/"))
                && !p.to_string_lossy().contains("_backfill")
        })
        .collect()
}

#[test]
fn a_clean_trail_verifies_with_backfill_digests() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &["--backfill", "1"]);
    let (code, v) = verify_json(d.path(), &[]);
    let logs = files(d.path(), false).len() as u64;
    assert_eq!(code, 0, "{v}");
    assert!(logs > 10);
    assert_eq!(summary(&v, "verified"), logs);
    assert_eq!(summary(&v, "log_files"), logs);
    assert!(v["summary"]["all_verified"].as_bool().unwrap());
    let backfill = v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["backfill"] == true)
        .count();
    assert_eq!(backfill, 2, "one backfill digest per region");
    // The files the backfill digests list are verified by them.
    assert!(v["logs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["digest"].as_str().unwrap().contains("_backfill")));
    let (code, text, _) = ts(&["verify", d.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        text.contains(&format!("all {logs} log files verified")),
        "{text}"
    );
    assert!(
        text.contains("cannot be checked from the files alone"),
        "{text}"
    );
}

#[test]
fn a_log_file_edited_by_one_byte_is_modified() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let logs = files(d.path(), false);
    // One byte of the content, recompressed (a valid gzip file with other content)...
    let mut c = gunzip(&logs[2]);
    let i = c.windows(9).position(|w| w == b"eventName").unwrap() + 12;
    c[i] ^= 0x20;
    gzip_to(&logs[2], &c);
    // ... and one byte of the compressed file itself.
    let mut raw = std::fs::read(&logs[5]).unwrap();
    let mid = raw.len() / 2;
    raw[mid] ^= 0x01;
    std::fs::write(&logs[5], raw).unwrap();
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(summary(&v, "modified"), 2, "{v}");
    let modified: Vec<&str> = v["logs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["state"] == "modified")
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    for p in [&logs[2], &logs[5]] {
        assert!(
            modified.iter().any(|m| Path::new(m) == p.as_path()),
            "{modified:?}"
        );
    }
}

#[test]
fn a_deleted_log_file_is_missing_and_an_added_one_not_covered() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let logs = files(d.path(), false);
    std::fs::remove_file(&logs[3]).unwrap();
    // A file no digest lists, named like a delivery in an hour a digest covers.
    let name = logs[6].file_name().unwrap().to_string_lossy().to_string();
    let stem = name.rsplit_once('_').unwrap().0;
    let added = logs[6].with_file_name(format!("{stem}_AddedByHand.json.gz"));
    std::fs::copy(&logs[6], &added).unwrap();
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(summary(&v, "missing_log_files"), 1);
    let missing = &v["missing"][0];
    assert!(logs[3]
        .to_string_lossy()
        .ends_with(missing["key"].as_str().unwrap()));
    let nc: Vec<&Value> = v["logs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["state"] == "not_covered")
        .collect();
    assert_eq!(nc.len(), 1, "{v}");
    assert_eq!(Path::new(nc[0]["path"].as_str().unwrap()), added);
    // The digest for its hour is present and silent about it: said.
    assert!(nc[0]["silent"].is_string(), "{}", nc[0]);
    let (_, text, _) = ts(&["verify", d.path().to_str().unwrap()]);
    assert!(text.contains("does not list it"), "{text}");
    assert!(text.contains("missing: log file"), "{text}");
}

#[test]
fn a_digest_deleted_from_the_middle_of_the_chain_is_missing() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let chain = region_digests(d.path(), "us-east-1");
    assert!(chain.len() >= 3, "{chain:?}");
    std::fs::remove_file(&chain[1]).unwrap();
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(summary(&v, "missing_digests"), 1, "{v}");
    let m = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["digest"] == true)
        .unwrap();
    let name = chain[1].file_name().unwrap().to_string_lossy();
    assert!(m["key"].as_str().unwrap().ends_with(&*name), "{m}");
    assert!(Path::new(m["named_by"].as_str().unwrap()) == chain[2]);
    // The log files of that hour are no longer covered by any digest.
    assert!(summary(&v, "not_covered") > 0, "{v}");
    assert!(!v["gaps"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn an_edited_digest_is_caught_by_the_next_one() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let chain = region_digests(d.path(), "eu-west-1");
    assert!(chain.len() >= 3);
    let mut c = gunzip(&chain[1]);
    let i = c.windows(15).position(|w| w == b"newestEventTime").unwrap() + 20;
    c[i] = if c[i] == b'1' { b'2' } else { b'1' };
    gzip_to(&chain[1], &c);
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(summary(&v, "digests_modified"), 1);
    let dm = v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| !x["modified"].is_null())
        .unwrap();
    assert_eq!(Path::new(dm["path"].as_str().unwrap()), chain[1]);
    assert!(dm["modified"].as_str().unwrap().contains("the next digest"));
    // Its listing is no evidence now.
    assert!(v["logs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["tampered_digest"].is_string()));
}

#[test]
fn an_hour_with_logging_off_is_not_a_gap() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &["--logging-off", "70..150"]);
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["logging_off"].as_array().unwrap().len(), 2, "{v}");
    assert!(v["gaps"].as_array().unwrap().is_empty());
    let (_, text, _) = ts(&["verify", d.path().to_str().unwrap()]);
    assert!(text.contains("logging off from"), "{text}");
}

#[test]
fn an_organization_trail_verifies() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &["--org-id", "o-a1b2c3d4e5"]);
    assert!(d.path().join("AWSLogs/o-a1b2c3d4e5").is_dir());
    let (code, v) = verify_json(d.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(summary(&v, "verified"), files(d.path(), false).len() as u64);
    // Files moved out of their digest's account are not verified by it.
    let logs = files(d.path(), false);
    std::fs::remove_file(&logs[0]).unwrap();
    assert_eq!(verify_json(d.path(), &[]).0, 1);
}

/// The hex MD5 of a key's PKCS#1 DER: what CloudTrail writes as digestPublicKeyFingerprint
/// (computed here independently of trailscope's own function).
fn fingerprint(key: &rsa::RsaPublicKey) -> String {
    use md5::Digest as _;
    use rsa::pkcs1::EncodeRsaPublicKey;
    hex(&md5::Md5::digest(key.to_pkcs1_der().unwrap().as_bytes()))
}

/// Re-signs every chain as CloudTrail would with `key`: each digest's previousDigestHashValue
/// and previousDigestSignature name its predecessor as rewritten, and its signature goes to
/// DIGEST.sig (head-object JSON).
fn sign_chains(dir: &Path, key: &rsa::RsaPrivateKey) {
    use rsa::pkcs1v15::SigningKey;
    use rsa::signature::{SignatureEncoding, Signer};
    use sha2::{Digest, Sha256};
    let sk = SigningKey::<Sha256>::new(key.clone());
    for region in ["us-east-1", "eu-west-1"] {
        let mut prev: Option<(String, String)> = None; // hash, signature
        for p in region_digests(dir, region) {
            let mut v: Value = serde_json::from_slice(&gunzip(&p)).unwrap();
            v["digestPublicKeyFingerprint"] = Value::from(fingerprint(&key.to_public_key()));
            if let Some((h, s)) = &prev {
                if !v["previousDigestS3Object"].is_null() {
                    v["previousDigestHashValue"] = Value::from(h.clone());
                    v["previousDigestSignature"] = Value::from(s.clone());
                }
            }
            let content = serde_json::to_vec(&v).unwrap();
            gzip_to(&p, &content);
            let sha = hex(&Sha256::digest(&content));
            let prev_sig = v["previousDigestSignature"].as_str().unwrap_or("null");
            let to_sign = format!(
                "{}\n{}/{}\n{}\n{}",
                v["digestEndTime"].as_str().unwrap(),
                v["digestS3Bucket"].as_str().unwrap(),
                v["digestS3Object"].as_str().unwrap(),
                sha,
                prev_sig
            );
            let sig = hex(&sk.sign(to_sign.as_bytes()).to_bytes());
            let side = serde_json::json!({"Metadata": {"signature": sig, "signature-algorithm": "SHA256withRSA"}});
            let mut sp = p.as_os_str().to_owned();
            sp.push(".sig");
            std::fs::write(PathBuf::from(sp), side.to_string()).unwrap();
            prev = Some((sha, sig));
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn signatures_are_checked_against_the_key_given() {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(13);
    let key = rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap();
    sign_chains(d.path(), &key);
    let pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let keyfile = d.path().join("cloudtrail-us.pem");
    std::fs::write(&keyfile, pem).unwrap();
    let k = keyfile.to_str().unwrap();
    let (code, v) = verify_json(d.path(), &["--public-key", k]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["signatures"], "checked");
    assert!(v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["signature"] == "good" && x.get("other_key").is_none()));
    let mine = fingerprint(&key.to_public_key());
    assert_eq!(v["key_fingerprint"], mine.as_str());
    let (_, text, _) = ts(&["verify", d.path().to_str().unwrap(), "--public-key", k]);
    assert!(
        text.contains(&format!(
            "key         fingerprint {mine}: no digest names another"
        )),
        "{text}"
    );
    // Without the key: present but not checked, and said.
    let (code, text, _) = ts(&["verify", d.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(text.contains("signatures  not checked"), "{text}");
    // A bad signature on one digest.
    let chain = region_digests(d.path(), "us-east-1");
    let mut sp = chain[1].as_os_str().to_owned();
    sp.push(".sig");
    let sp = PathBuf::from(sp);
    let mut side: Value = serde_json::from_slice(&std::fs::read(&sp).unwrap()).unwrap();
    let sig = side["Metadata"]["signature"].as_str().unwrap().to_string();
    let flipped = format!("{}{}", if &sig[..1] == "0" { "1" } else { "0" }, &sig[1..]);
    side["Metadata"]["signature"] = Value::from(flipped);
    std::fs::write(&sp, side.to_string()).unwrap();
    let (code, v) = verify_json(d.path(), &["--public-key", k]);
    assert_eq!(code, 1, "{v}");
    let bad: Vec<&Value> = v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["signature"] == "bad")
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(Path::new(bad[0]["path"].as_str().unwrap()), chain[1]);
    // Another key: nothing verifies.
    let other = rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap();
    std::fs::write(
        &keyfile,
        other
            .to_public_key()
            .to_public_key_der()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let (code, v) = verify_json(d.path(), &["--public-key", k]);
    assert_eq!(code, 1);
    let theirs = fingerprint(&other.to_public_key());
    assert_eq!(v["key_fingerprint"], theirs.as_str());
    for x in v["digests"].as_array().unwrap() {
        assert_eq!(x["signature"], "bad", "{x}");
        // Said: the digests name another key than the one given.
        assert_eq!(x["other_key"], mine.as_str(), "{x}");
        let why = x["modified"].as_str().unwrap();
        assert!(why.contains("not the key it names"), "{why}");
        assert!(why.contains(&mine) && why.contains(&theirs), "{why}");
    }
    let (_, text, _) = ts(&["verify", d.path().to_str().unwrap(), "--public-key", k]);
    assert!(
        text.contains(&format!("key         fingerprint {theirs}, but ")),
        "{text}"
    );
    assert!(
        text.contains(&format!("name another key ({mine})")),
        "{text}"
    );
}

#[test]
fn real_data_without_digests_says_so_per_folder() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let (code, text, _) = ts(&["verify", data.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    for folder in ["awsdocs", "trailscraper", "loki"] {
        let line = format!("tests/data/{folder}: no digest files");
        assert!(text.contains(&line), "{line} in {text}");
    }
    assert!(text.contains("0 verified"), "{text}");
}

#[test]
fn nothing_to_verify_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = ts(&["verify", d.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing to verify"), "{err}");
    let (code, _, err) = ts(&["verify", d.path().join("nope").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn manifest_round_trip_names_the_changed_record() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("trail");
    std::fs::create_dir(&src).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/awsdocs");
    for e in std::fs::read_dir(&data).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            std::fs::copy(&p, src.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = d.path().join("export.json");
    let (code, _, err) = ts(&[
        "query",
        src.to_str().unwrap(),
        "-f",
        "name:Create*",
        "-o",
        out.to_str().unwrap(),
        "--manifest",
    ]);
    assert_eq!(code, 0, "{err}");
    let mpath = d.path().join("export.json.manifest.json");
    let m: Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    assert_eq!(m["tool"], "trailscope");
    assert_eq!(m["filter"], "name:Create*");
    let n = m["records"].as_array().unwrap().len();
    assert!(n >= 2, "{m}");
    assert_eq!(m["export"]["records"], n);
    let s0 = &m["sources"][0];
    assert_eq!(s0["verify"], "no digest");
    assert_eq!(s0["sha256"].as_str().unwrap().len(), 64);
    let mp = mpath.to_str().unwrap();
    let (code, text, err) = ts(&["verify", "--manifest", mp]);
    assert_eq!(code, 0, "{text} {err}");
    assert!(text.contains("matches its manifest"), "{text}");
    // One byte of one exported record (one with an eventID) in its source.
    let (ri, rec) = m["records"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find(|(_, r)| !r["event_id"].as_str().unwrap().is_empty())
        .unwrap();
    let source = m["sources"][rec["source"].as_u64().unwrap() as usize]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let mut bytes = std::fs::read(&source).unwrap();
    let at = rec["offset"].as_u64().unwrap() as usize;
    let len = rec["len"].as_u64().unwrap() as usize;
    let i = at
        + bytes[at..at + len]
            .windows(9)
            .position(|w| w == b"eventName")
            .unwrap()
        + 13;
    bytes[i] ^= 0x20;
    std::fs::write(&source, bytes).unwrap();
    let (code, text, _) = ts(&["verify", "--manifest", mp]);
    assert_eq!(code, 1, "{text}");
    let id = rec["event_id"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "record {ri} (eventID {id}): its bytes in the source differ"
        )),
        "{text}"
    );
    assert!(text.contains("export.json: "), "{text}");
    // The export edited: the record is named too.
    let mut e = std::fs::read(&out).unwrap();
    let pos = e.windows(9).position(|w| w == b"eventName").unwrap() + 13;
    e[pos] ^= 0x20;
    std::fs::write(&out, e).unwrap();
    let (code, text, _) = ts(&["verify", "--manifest", mp]);
    assert_eq!(code, 1);
    assert!(
        text.contains("export changed since the manifest was written"),
        "{text}"
    );
    assert!(
        text.contains("record 0") && text.contains("in the export: its bytes differ"),
        "{text}"
    );
    // --manifest needs a file to write beside.
    let (code, _, err) = ts(&["query", src.to_str().unwrap(), "--manifest"]);
    assert_eq!(code, 2);
    assert!(err.contains("--manifest needs -o FILE"), "{err}");
}

#[test]
fn query_filters_on_the_verify_state() {
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let logs = files(d.path(), false);
    let mut c = gunzip(&logs[1]);
    let i = c.windows(9).position(|w| w == b"eventName").unwrap() + 12;
    c[i] ^= 0x20;
    gzip_to(&logs[1], &c);
    let dir = d.path().to_str().unwrap();
    let count = |f: &str| {
        let (code, out, err) = ts(&["query", dir, "-f", f, "--format", "count"]);
        assert!(code == 0 || code == 1, "{f}: {err}");
        out.trim().parse::<usize>().unwrap()
    };
    let all = count("");
    let bad = count("verified:no");
    let records = c.windows(9).filter(|w| w == b"eventName").count();
    assert!(bad > 0 && bad <= records, "{bad} of {records}");
    assert_eq!(count("verified:modified"), bad);
    assert_eq!(count("verified:yes") + bad, all);
    assert_eq!(count("verified:uncovered"), 0);
}

#[test]
fn the_explorer_shows_each_events_file_state() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use std::sync::{Arc, RwLock};
    use trailscope::app::Msg;
    use trailscope::loader::{self, reread::SourceReader, Input, LoadOptions, Progress};
    use trailscope::testkit::Screen;
    let d = tempfile::tempdir().unwrap();
    generate(d.path(), &[]);
    let logs = files(d.path(), false);
    let mut c = gunzip(&logs[1]);
    let i = c.windows(9).position(|w| w == b"eventName").unwrap() + 12;
    c[i] ^= 0x20;
    gzip_to(&logs[1], &c);
    let (store, report) = loader::load(
        vec![Input::Path(d.path().to_path_buf())],
        &LoadOptions::default(),
        &Progress::default(),
    );
    let store = Arc::new(RwLock::new(store));
    let src = Arc::new(SourceReader::new(store.clone()));
    let mut s = Screen::new(store, src, "trail", true, 160, 45);
    s.send(Msg::LoadDone(Box::new(report)));
    let v = s.app.verify.done.clone().expect("verified after the load");
    assert_eq!(v.modified, 1);
    assert_eq!(v.verified, logs.len() - 1);
    let text = s.text();
    assert!(text.contains("1 ≠ modified"), "{text}");
    assert!(text.contains('✓'), "{text}");
    s.press('/');
    s.typ("verified:no");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let text = s.text();
    assert!(text.contains('≠'), "{text}");
    assert!(!s.app.rows.is_empty());
    let st = s.app.read_store();
    assert!(s.app.rows.iter().all(
        |&r| st.sources[st.loc.get(r as usize).source as usize].verdict
            == trailscope::model::Verdict::Modified
    ));
    drop(st);
    s.press('F');
    let text = s.text();
    assert!(text.contains("verified against the digests"), "{text}");
    assert!(text.contains("modified: its SHA-256"), "{text}");
}

#[test]
fn a_manifest_beside_its_export_is_not_a_failed_log() {
    let d = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/awsdocs");
    let src = d.path().join("iam.json");
    std::fs::copy(data.join("iam-user-guide_records.json"), &src).unwrap();
    let out = d.path().join("out.json");
    let (code, _, err) = ts(&[
        "query",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--manifest",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, text, err) = ts(&["stats", d.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{text} {err}");
    assert!(text.contains("0 failed"), "{text}");
}
