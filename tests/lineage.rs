//! The credential graph on the real data (the invictus recording in `assets/demo/invictus`)
//! and on generated trails (ground truth from the generator's `--lineage`). Expected values on
//! the real data are derived independently in `tests/derive_lineage.py` (Python's json).

use std::path::PathBuf;
use trailscope::loader::{self, Input, LoadOptions, Progress};
use trailscope::model::lineage::{flag, Root, Via};
use trailscope::model::{EventStore, SymField};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(paths: &[PathBuf]) -> EventStore {
    let inputs = paths.iter().cloned().map(Input::Path).collect();
    let (store, report) = loader::load(inputs, &LoadOptions::default(), &Progress::default());
    assert!(report.events > 0, "nothing loaded from {paths:?}");
    store
}

fn invictus() -> EventStore {
    load(&[root().join("assets/demo/invictus")])
}

fn row_of(st: &EventStore, id: &str) -> usize {
    (0..st.len())
        .find(|&r| st.event_id.get(r) == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn sym(st: &EventStore, s: &str) -> trailscope::model::Sym {
    st.strings
        .lookup(s)
        .unwrap_or_else(|| panic!("no string {s}"))
}

#[test]
fn ec2_instance_credentials_down_and_up() {
    let st = invictus();
    let lin = st.lineage();
    // The instance profile's AssumeRole by ec2.amazonaws.com for i-0dbc91f429e48eeed.
    let issuing = row_of(&st, "55e25aa9-7165-446e-aef6-815c7a79a961");
    let key = sym(&st, "ASIATFQR7NSC36DZQP7P");
    assert_eq!(lin.issued_by(issuing).collect::<Vec<_>>(), vec![key]);
    let tree = lin.down_from_event(issuing);
    assert_eq!(tree.keys().collect::<Vec<_>>(), vec![key]);
    let rows = lin.rows(&st, &[key]);
    let ips: Vec<&str> = rows
        .iter()
        .map(|&r| st.str(SymField::Ip, r as usize))
        .collect();
    assert_eq!(ips, ["ec2.amazonaws.com", "192.168.10.20", "192.168.10.20"]);
    // Up from a call made with it: one link, issued by the service.
    let call = rows[1] as usize;
    let chain = lin.up(&st, call);
    assert_eq!(chain.links.len(), 1);
    assert_eq!(chain.links[0].issued_by, Some(issuing as u32));
    assert_eq!(
        chain.root,
        Root::Service {
            row: issuing as u32
        }
    );
    // Stolen: used from an IP the instance's own calls do not come from.
    assert_ne!(lin.event_flags(&st, call) & flag::OFF_INSTANCE, 0);
    let own = sym(&st, "ASIATFQR7NSCSHSEVYP5");
    assert_eq!(lin.key(own).unwrap().flags & flag::OFF_INSTANCE, 0);
}

#[test]
fn console_login_issues_the_session_keys() {
    let st = invictus();
    let lin = st.lineage();
    let login = (0..st.len())
        .find(|&r| {
            st.str(SymField::Name, r) == "ConsoleLogin"
                && st.str(SymField::Who, r).ends_with("bert-jan")
        })
        .unwrap();
    let keys: Vec<_> = lin.issued_by(login).collect();
    assert_eq!(keys.len(), 21);
    let e = lin.issuer(keys[0]).unwrap();
    assert_eq!(e.via, Via::ConsoleLogin);
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .output()
        .unwrap()
}

/// `trailscope query --format count -f FILTER` on the invictus recording.
fn count(filter: &str) -> usize {
    let inv = root().join("assets/demo/invictus");
    let out = run(&[
        "query",
        "--format",
        "count",
        "-f",
        filter,
        inv.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{filter}: {err}"))
}

/// The values of tests/derive_lineage.py.
#[test]
fn lineage_filters_on_the_recording() {
    // The EC2 instance's AssumeRole, and the calls made with the credentials it issued.
    let ec2 = "lineage:id:55e25aa9-7165-446e-aef6-815c7a79a961";
    assert_eq!(count(ec2), 3);
    assert_eq!(count(&format!("{ec2} ip:192.168.10.20")), 2);
    assert_eq!(count("lineage:ASIATFQR7NSC36DZQP7P"), 3);
    // The two new access keys: never used; their lineage is the CreateAccessKey alone.
    for k in ["AKIATFQR7NSC3ZO6PKAZ", "AKIATFQR7NSCQLA2F4OD"] {
        assert_eq!(count(&format!("lineage:{k}")), 1, "{k}");
        assert_eq!(
            count(&format!("lineage:{k} name:CreateAccessKey")),
            1,
            "{k}"
        );
        assert_eq!(count(&format!("key:{k}")), 0, "{k}");
    }
    // bert-jan's long-term key: 2,104 calls of its own, 47 more through the 10 sessions
    // its AssumeRole calls issued.
    assert_eq!(count("lineage:AKIATFQR7NSC8Q4X20BJ"), 2151);
    assert_eq!(
        count("lineage:AKIATFQR7NSC8Q4X20BJ -key:AKIATFQR7NSC8Q4X20BJ"),
        47
    );
    // bert-jan's console sign-in and its 21 session keys.
    assert_eq!(
        count("lineage:id:8feee4c2-5e27-4857-8475-bfa7e7b6d791"),
        218
    );
    assert_eq!(count("flag:off-instance"), 2);
    assert_eq!(
        count("flag:off-instance ip:192.168.10.20 key:ASIATFQR7NSC36DZQP7P"),
        2
    );
    assert_eq!(count("flag:multi-ip"), 70);
    assert_eq!(count("flag:expired"), 0);
}

#[test]
fn lineage_command_on_the_recording() {
    let inv = root().join("assets/demo/invictus");
    let inv = inv.to_str().unwrap();
    let out = run(&[
        "lineage",
        inv,
        "id:55e25aa9-7165-446e-aef6-815c7a79a961",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The event itself was made by the service, without a key.
    assert_eq!(v["root"]["kind"], "no-key");
    let down = v["down"].as_array().unwrap();
    assert_eq!(down.len(), 1);
    assert_eq!(down[0]["key"], "ASIATFQR7NSC36DZQP7P");
    assert_eq!(down[0]["events"], 2);
    assert_eq!(
        down[0]["ips"],
        serde_json::json!([{"value": "192.168.10.20", "count": 2}])
    );
    assert_eq!(down[0]["flags"], serde_json::json!(["off-instance"]));
    assert_eq!(down[0]["issued_by"]["who"], "ec2.amazonaws.com");
    assert_eq!(down[0]["expiry"], "2023-07-10T18:30:22Z");
    // Up from a session: the service is the root.
    let out = run(&["lineage", inv, "ASIATFQR7NSC36DZQP7P", "--up"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("root: the service ec2.amazonaws.com: AssumeRole 2023-07-10T11:55:22Z"),
        "{text}"
    );
    assert!(!text.contains("DOWN"), "{text}");
    // Down from bert-jan's key: the 10 sessions its AssumeRole calls issued and the 2 keys it
    // created, under it.
    let out = run(&[
        "lineage",
        inv,
        "akiatfqr7nsc8q4x20bj",
        "--down",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let down = v["down"].as_array().unwrap();
    assert_eq!(down.len(), 13);
    assert_eq!(down[0]["depth"], 0);
    assert!(down[1..]
        .iter()
        .all(|n| n["depth"] == 1 && n["parent"] == 0));
    let created = down
        .iter()
        .filter(|n| n["issued_by"]["name"] == "CreateAccessKey")
        .count();
    assert_eq!(created, 2);
    // An unknown target: exit 1, said on stderr.
    let out = run(&["lineage", inv, "AKIANOSUCHKEY"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no access key or event 'AKIANOSUCHKEY'"));
}
