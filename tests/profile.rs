//! `trailscope profile` on the real data: each figure checked against
//! `tests/derive_group_counts.py` (section 5: Python's json module, independent of trailscope).

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn profile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("profile")
        .args(args)
        .arg(root().join("tests/data"))
        .arg(root().join("assets/demo/invictus"))
        .output()
        .unwrap()
}

fn profile_json(filter: &str) -> Value {
    let out = profile(&["-f", filter, "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {err}"))
}

/// A list's `(value, count)` pairs.
fn list(v: &Value, key: &str) -> Vec<(String, u64)> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|o| {
            assert_eq!(o.as_object().unwrap().len(), 2, "{o}: only value and count");
            (
                o["value"].as_str().unwrap().to_string(),
                o["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn bert_jan_the_roles_he_assumed_and_where_from() {
    let v = profile_json("who:bert-jan");
    // The keys, in this order (read from the text: a parsed map sorts them).
    let out = profile(&["-f", "who:bert-jan", "--format", "json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  \""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(v.as_object().unwrap().len(), 15);
    assert_eq!(
        keys,
        [
            "events",
            "first",
            "last",
            "errors",
            "writes",
            "ips",
            "agents",
            "regions",
            "accounts",
            "keys",
            "assumed_roles",
            "assumed_by",
            "top_names",
            "logins",
            "detections"
        ]
    );
    assert_eq!(v["events"], 2642);
    assert_eq!(v["first"], "2023-07-10T11:54:33Z");
    assert_eq!(v["last"], "2023-07-10T12:34:46Z");
    assert_eq!(v["errors"], 239);
    assert_eq!(v["writes"], 508);
    assert_eq!(
        list(&v, "ips"),
        pairs(&[
            ("192.168.10.20", 2104),
            ("10.8.8.10", 281),
            ("AWS Internal", 167),
            ("secretsmanager.amazonaws.com", 76),
            ("health.amazonaws.com", 13),
            ("10.107.159.90", 1),
        ])
    );
    assert_eq!(list(&v, "regions"), pairs(&[("us-east-1", 2642)]));
    assert_eq!(list(&v, "accounts"), pairs(&[("123837392027", 2642)]));
    let keys = list(&v, "keys");
    assert_eq!(keys.len(), 108);
    assert_eq!(
        keys[..5],
        pairs(&[
            ("AKIATFQR7NSC8Q4X20BJ", 2104),
            ("ASIATFQR7NSCS5BLNV76", 109),
            ("ASIATFQR7NSCSUD2OWV6", 55),
            ("ASIATFQR7NSCVDQK5XKV", 37),
            ("ASIATFQR7NSC2T5YJDEY", 35),
        ])
    );
    let role = |r: &str| {
        (
            format!("arn:aws:iam::123837392027:role/stratus-red-team-{r}"),
            2,
        )
    };
    assert_eq!(
        list(&v, "assumed_roles"),
        vec![
            role("ec2-get-password-data-role"),
            role("ec2lui-role-pcccexdthk"),
            role("ec2lui-role-wuzemnoeqa"),
            role("get-usr-data-role"),
            role("leave-org-role"),
        ]
    );
    assert!(
        list(&v, "assumed_by").is_empty(),
        "an IAM user is not assumed"
    );
    assert_eq!(
        list(&v, "top_names")[..3],
        pairs(&[
            ("Decrypt", 178),
            ("DescribeRouteTables", 163),
            ("GetUser", 130)
        ])
    );
    assert_eq!(list(&v, "agents").len(), 140);
}

#[test]
fn a_role_s_sessions_and_who_assumed_the_role() {
    let v =
        profile_json("issuer:arn:aws:iam::123837392027:role/stratus-red-team-get-usr-data-role");
    assert_eq!(v["events"], 15);
    assert_eq!(v["errors"], 15);
    assert_eq!(v["writes"], 0);
    assert_eq!(v["first"], "2023-07-10T12:02:55Z");
    assert_eq!(v["last"], "2023-07-10T12:02:57Z");
    assert_eq!(list(&v, "assumed_by"), pairs(&[("bert-jan", 2)]));
    assert_eq!(list(&v, "keys"), pairs(&[("ASIATFQR7NSC2632JLFK", 15)]));
    assert_eq!(list(&v, "ips"), pairs(&[("192.168.10.20", 15)]));
    assert_eq!(
        list(&v, "top_names"),
        pairs(&[("DescribeInstanceAttribute", 15)])
    );
    assert!(list(&v, "assumed_roles").is_empty());
}

#[test]
fn text_format_exit_codes_and_escaping() {
    let out = profile(&["-f", "who:bert-jan"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "events          2,642\n",
        "errors          239 (9.0%)\n",
        "console logins  1 (1 successful, 1 with MFA, 0 successful without MFA)\n",
        "roles assumed (5):\n",
        "  2,104  192.168.10.20\n",
        "  … and 98 more\n",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let none = profile(&["-f", "name:NoSuchCall", "--format", "json"]);
    assert_eq!(none.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&none.stdout).unwrap();
    assert_eq!(v["events"], 0);
    assert_eq!(v["first"], Value::Null);
    let bad = profile(&["-f", "name:("]);
    assert_eq!(bad.status.code(), Some(2));

    // Attacker text in a value never reaches the terminal as control characters.
    let dir = tempfile::tempdir().unwrap();
    let rec = r#"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"1.2.3.4","userAgent":"x\u001b]0;pwned\u0007\u001b[2J","eventID":"e1"}]}"#;
    std::fs::write(dir.path().join("t.json"), rec).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["profile", "-f", ""])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.iter().any(|&b| b == 0x1b || b == 0x07));
}

/// The rules that flagged a principal's events, each count equal to what `query -f
/// 'who:X rule:"TITLE"'` selects (the detection terms work headless too).
#[test]
fn detections_in_the_profile_agree_with_the_rule_term() {
    let v = profile_json("who:bert-jan");
    let det = list(&v, "detections");
    assert!(det.len() >= 3, "bert-jan's attack is flagged: {det:?}");
    let mut sum = 0;
    for (title, n) in &det {
        if title.contains('"') || title.contains('\\') {
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
            .args(["query", "--format", "jsonl", "-f"])
            .arg(format!("who:bert-jan rule:\"{title}\""))
            .arg(root().join("tests/data"))
            .arg(root().join("assets/demo/invictus"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{title}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = out
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count() as u64;
        assert_eq!(got, *n, "{title}");
        sum += n;
    }
    assert!(sum > 0);
    // Events no rule flagged are not counted.
    let v = profile_json("name:GetCallerIdentity who:bert-jan");
    assert!(
        list(&v, "detections")
            .iter()
            .all(|(_, n)| *n <= v["events"].as_u64().unwrap()),
        "{v}"
    );
}
