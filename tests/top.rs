//! `trailscope top` on the real data: each count checked against
//! `tests/derive_group_counts.py` (Python's json module, independent of trailscope).

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn real_data() -> Vec<PathBuf> {
    vec![
        root().join("tests/data"),
        root().join("assets/demo/invictus"),
    ]
}

fn top(args: &[&str], paths: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("top")
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn top_json(args: &[&str]) -> Vec<Value> {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let out = top(&a, &real_data());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("top --format json is not JSON ({e}): {err}"));
    v.as_array().expect("an array").clone()
}

/// `(value, count)` of single-field output.
fn pairs(v: &[Value], field: &str) -> Vec<(Option<String>, u64)> {
    v.iter()
        .map(|o| {
            (
                o[field].as_str().map(str::to_string),
                o["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn roles_bert_jan_assumed() {
    let v = top_json(&[
        "--by",
        "requestParameters.roleArn",
        "-f",
        "who:bert-jan name:AssumeRole",
    ]);
    let role = |r: &str| {
        Some(format!(
            "arn:aws:iam::123837392027:role/stratus-red-team-{r}"
        ))
    };
    // The 13 without a roleArn are AssumeRole calls that failed before naming one.
    // Listed last, though the biggest: the missing value comes last in every order.
    let want = vec![
        (role("ec2-get-password-data-role"), 2),
        (role("ec2lui-role-pcccexdthk"), 2),
        (role("ec2lui-role-wuzemnoeqa"), 2),
        (role("get-usr-data-role"), 2),
        (role("leave-org-role"), 2),
        (None, 13),
    ];
    assert_eq!(pairs(&v, "requestParameters.roleArn"), want);
    // Object keys: the field name, then count.
    let keys: Vec<&String> = v[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 2);
    let raw = top(
        &[
            "--by",
            "requestParameters.roleArn",
            "-f",
            "who:bert-jan name:AssumeRole",
            "--format",
            "json",
        ],
        &real_data(),
    );
    let text = String::from_utf8(raw.stdout).unwrap();
    assert!(
        text.ends_with(",\n  {\"requestParameters.roleArn\":null,\"count\":13}\n]\n"),
        "{text}"
    );
}

#[test]
fn secrets_read() {
    let v = top_json(&[
        "--by",
        "requestParameters.secretId",
        "-f",
        "name:GetSecretValue",
    ]);
    let got = pairs(&v, "requestParameters.secretId");
    // 62 GetSecretValue events, 21 secrets and one call without a secretId.
    assert_eq!(got.iter().map(|p| p.1).sum::<u64>(), 62);
    assert_eq!(got.len(), 22);
    let suffix = [
        "0-xehWok",
        "1-ywtiPr",
        "10-agquim",
        "11-mekIRl",
        "12-mwz4gq",
        "13-nFvpuv",
        "14-ZgthLn",
        "15-wL771x",
        "16-ZgthLn",
        "17-QaRzei",
        "18-L0CnJd",
        "19-0HEVow",
        "2-agquim",
        "3-i1OGGG",
        "4-xehWok",
        "5-iugd0p",
        "6-fAVH0t",
        "7-nFvpuv",
        "8-2aONLk",
        "9-7ChiHt",
    ];
    let mut want: Vec<(Option<String>, u64)> = suffix
        .iter()
        .map(|s| {
            (
                Some(format!(
                    "arn:aws:secretsmanager:us-east-1:123837392027:secret:stratus-red-team-retrieve-secret-{s}"
                )),
                3,
            )
        })
        .collect();
    want.push((
        Some(
            "arn:aws:secretsmanager:us-west-2:123123123123:secret:stratus-red-team-retrieve-secret-3-gscOm8"
                .into(),
        ),
        1,
    ));
    want.push((None, 1));
    assert_eq!(got, want);
}

#[test]
fn keys_used_from_more_than_one_ip() {
    let v = top_json(&["--by", "key,ip", "--sort", "distinct"]);
    // One (key, total, distinct) per key, in output order.
    let mut keys: Vec<(String, u64, u64)> = Vec::new();
    for o in &v {
        let Some(k) = o["key"].as_str() else { continue };
        let row = (
            k.to_string(),
            o["total"].as_u64().unwrap(),
            o["distinct"].as_u64().unwrap(),
        );
        if keys.last() != Some(&row) {
            keys.push(row);
        }
    }
    let multi: Vec<(&str, u64, u64)> = keys
        .iter()
        .filter(|k| k.2 > 1)
        .map(|(k, n, d)| (k.as_str(), *n, *d))
        .collect();
    let want = [
        ("AKIAIOSFODNN7EXAMPLE", 42, 20),
        ("ASIAIOSFODNN7EXAMPLE", 35, 11),
        ("1", 71, 4),
        ("EXAMPLE_KEY_ID", 7, 4),
        ("AKIAI44QH8DHBEXAMPLE", 7, 3),
        ("AKIATFQZ7NSC8Q4X21BJ", 35, 2),
        ("ASIATFQR7NSC2T5YJDEY", 35, 2),
        ("1111", 34, 2),
        ("ASIAQWERQWERQWERQWER", 4, 2),
        ("AAAAAAAAAAAAAAAAAAAAA", 2, 2),
        ("AKIAQRSTUVWXYZEXAMPLE", 2, 2),
        ("FAKE_ACCESS_KEY", 2, 2),
    ];
    assert_eq!(multi, want);
    // Sorted by distinct IPs: the keys with more than one come first (after none).
    let first_single = keys.iter().position(|k| k.2 == 1).unwrap();
    assert!(keys[first_single..].iter().all(|k| k.2 == 1));
    // Each pair's count adds up to the key's events.
    let n: u64 = v
        .iter()
        .filter(|o| o["key"] == "AKIAIOSFODNN7EXAMPLE")
        .map(|o| o["count"].as_u64().unwrap())
        .sum();
    assert_eq!(n, 42);
}

#[test]
fn rare_limit_and_table() {
    let v = top_json(&["--by", "who", "--limit", "3"]);
    assert_eq!(
        pairs(&v, "who")[..1],
        [(Some("bert-jan".to_string()), 2642)]
    );
    assert_eq!(v.len(), 3);
    let rare = top_json(&["--by", "who", "--rare"]);
    // Rarest first, and the events with no principal after all of them.
    let (last, present) = rare.split_last().unwrap();
    assert!(last["who"].is_null(), "{last}");
    assert!(present.iter().all(|o| o["who"].is_string()));
    let counts: Vec<u64> = present
        .iter()
        .map(|o| o["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(last["count"].as_u64().unwrap() < *counts.last().unwrap());
    // By value Z to A too.
    let za = top_json(&["--by", "who", "--sort", "value", "--rare"]);
    assert!(za.last().unwrap()["who"].is_null());
    assert!(za[0]["who"].as_str() > za[1]["who"].as_str());
    let out = top(&["--by", "who", "--limit", "1"], &real_data());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "COUNT  who\n2,642  bert-jan\n"
    );
}

#[test]
fn errors_and_exit_codes() {
    let bad = top(&["--by", "after"], &real_data());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("time condition"));
    let bad = top(&["--by", "a,b,c"], &real_data());
    assert_eq!(bad.status.code(), Some(2));
    let bad = top(&["--by", "who", "-f", "name:("], &real_data());
    assert_eq!(bad.status.code(), Some(2));
    let none = top(&["--by", "who", "-f", "name:NoSuchCall"], &real_data());
    assert_eq!(none.status.code(), Some(1));
    let empty = top(
        &["--by", "who", "-f", "name:NoSuchCall", "--format", "json"],
        &real_data(),
    );
    assert_eq!(empty.stdout, b"[]\n");
}

/// Values are attacker text: the table never passes control characters through.
#[test]
fn table_escapes_values() {
    let dir = tempfile::tempdir().unwrap();
    let rec = r#"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get\u001b]0;pwned\u0007\u001b[2J","awsRegion":"us-east-1","sourceIPAddress":"1.2.3.4","eventID":"e1","requestParameters":{"bucketName":"b\u001b[31mred"}}]}"#;
    std::fs::write(dir.path().join("t.json"), rec).unwrap();
    for by in [
        "name",
        "requestParameters.bucketName",
        "name,requestParameters.bucketName",
    ] {
        let out = top(&["--by", by], &[dir.path().to_path_buf()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            !out.stdout.iter().any(|&b| b == 0x1b || b == 0x07),
            "{by}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// The foreign accounts that received shares: snapshot volume permissions, AMI launch
/// permissions and RDS snapshot restores (derive_group_counts.py, section 4).
#[test]
fn foreign_accounts_that_received_shares() {
    let s = |v: &str| Some(v.to_string());
    type Want = Vec<(Option<String>, u64)>;
    let cases: [(&str, &str, Want); 3] = [
        (
            "name:ModifySnapshotAttribute",
            "requestParameters.createVolumePermission.add.items.userId",
            vec![(s("012345678912"), 1), (s("111122223333"), 1), (None, 4)],
        ),
        (
            "name:ModifyImageAttribute",
            "requestParameters.launchPermission.add.items.userId",
            vec![(s("012345678901"), 2), (s("bob"), 1), (None, 5)],
        ),
        (
            "name:ModifyDBSnapshotAttribute",
            "requestParameters.valuesToAdd",
            vec![(s("193672423079"), 2), (None, 2)],
        ),
    ];
    for (filter, by, want) in cases {
        let v = top_json(&["--by", by, "-f", filter]);
        assert_eq!(pairs(&v, by), want, "{by}");
    }
}
