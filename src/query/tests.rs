//! Filter evaluation on a small store: exact row sets for every part of the language.

use super::*;
use crate::model::EventStore;
use crate::testkit::{build, query_records, MemSource, Rec};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, LazyLock};

/// Records of `tests/fixtures/query_records.json`: (source, escaped, JSON). `requestID` rN names
/// each in assertions. Times are minute N, r5 is undated.
static RECS: LazyLock<Vec<(u32, bool, &'static str)>> = LazyLock::new(query_records);

fn recs(order: impl Iterator<Item = usize>) -> Vec<Rec<'static>> {
    order
        .map(|i| Rec {
            source: RECS[i].0,
            escaped: RECS[i].1,
            json: RECS[i].2,
        })
        .collect()
}

fn sorted_store() -> (EventStore, MemSource) {
    build(&recs(0..RECS.len()), true)
}

/// The `requestID` of `row`, read from its record (the store keeps only a fingerprint of it).
fn rid(store: &EventStore, row: usize) -> String {
    let loc = store.loc.get(row);
    let content = store.sources[loc.source as usize]
        .mem
        .as_ref()
        .expect("kept bytes");
    let b = crate::model::record_bytes(store, row, content).unwrap();
    super::program::path_values(&b, "requestID")
        .into_iter()
        .next()
        .unwrap_or_default()
}

fn names(store: &EventStore, rows: &[u32]) -> String {
    rows.iter()
        .map(|&r| rid(store, r as usize))
        .collect::<Vec<_>>()
        .join(" ")
}

fn q(store: &EventStore, src: &MemSource, f: &str) -> String {
    let filter = Filter::parse(f).unwrap_or_else(|e| panic!("{f}: {e}"));
    let rows = run(store, &filter, src, &AtomicBool::new(false)).unwrap();
    names(store, &rows)
}

const ALL: &str = "r0 r1 r2 r3 r4 r6 r7 r8 r5";

/// (filter, request ids of the matches in time order; undated r5 sorts last).
const CASES: &[(&str, &str)] = &[
    ("", ALL),
    ("name:GetObject", "r0 r5"),
    ("NAME:getobject", "r0 r5"),
    ("name:Get*", "r0 r8 r5"),
    ("name:*object", "r0 r1 r5"),
    ("name:Get\\*Weird\\|Name", "r8"),
    // Quotes only group: `*` and `|` keep their meaning inside them; `\*`, `\|` are literal.
    ("name:\"Get\\*Weird\\|Name\"", "r8"),
    ("name:\"Get*Weird|Name\"", ""),
    ("name:\"Get*Weird*|PutObject\"", "r1 r8"),
    ("name:\"get*\"", "r0 r8 r5"),
    ("message:\"access *\"", "r1"),
    ("message:\"*does not*\"", "r6"),
    ("message:\"*does not\"", ""),
    ("agent:\"aws-cli/2.0 (*\"", "r7"),
    ("agent:\"aws-cli/2.0 (linux)\"|\"Boto3*\"", "r0 r7"),
    ("agent:\"aws-cli/2.0 (linux)|Boto3*\"", "r0 r7"),
    ("\"access d*\"", "r1"),
    ("name:Get\\*", ""),
    ("name:GetObject|PutObject", "r0 r1 r5"),
    ("name:GetObject|\"\"", "r0 r5"),
    // Aliases are shortcuts: every name answers to its record field's name too.
    ("eventName:GetObject", "r0 r5"),
    ("ERRORCODE:*", "r1 r6"),
    ("-name:GetObject", "r1 r2 r3 r4 r6 r7 r8"),
    ("NOT name:GetObject", "r1 r2 r3 r4 r6 r7 r8"),
    ("name:*", ALL),
    ("source:s3", "r0 r1 r6 r7 r5"),
    ("source:S3.amazonaws.com", "r0 r1 r6 r7 r5"),
    ("source:sts", "r3"),
    ("source:\"sts\"", ""),
    ("source:custom", "r8"),
    ("source:s*", "r0 r1 r2 r3 r6 r7 r5"),
    ("who:alice", "r0 r3 r5"),
    ("who:\"my user\"", "r2"),
    ("who:\"MY\"*", "r2"),
    ("who:\"ÜNÏCODE üser\"", "r8"),
    // r1 is session bob of role admin: the loader names it "admin/bob".
    ("who:*bob*", "r1 r7"),
    ("who:\"weird \\\"quoted\\\" user\"", "r6"),
    ("arn:arn:aws:iam::111:user/alice", "r0"),
    ("arn:*assumed-role*", "r1"),
    ("type:AssumedRole", "r1 r7"),
    ("type:awsservice", "r4"),
    ("account:222", "r3"),
    ("account:111", "r0 r1 r2 r3"),
    ("account:333", "r4"),
    ("region:eu-west-1", "r4"),
    ("region:\"\"", "r5"),
    ("ip:10.0.0.0/8", "r0 r3 r7 r5"),
    ("ip:10.0.0.0/16", "r7"),
    ("ip:10.200.0.1/32", "r3"),
    ("ip:2001:db8::/32", "r2"),
    ("ip:::/0", "r2"),
    ("ip:0.0.0.0/0", "r0 r1 r3 r7 r5"),
    ("ip:192.168.1.5", "r1"),
    ("ip:ec2.amazonaws.com", "r4"),
    ("ip:10.*", "r0 r3 r7 r5"),
    ("ip:\"10.0.0.0/8\"", ""),
    ("ip:10.0.0.0/8|192.168.0.0/16", "r0 r1 r3 r7 r5"),
    ("error:AccessDenied", "r1"),
    ("error:accessdenied", "r1"),
    ("error:*", "r1 r6"),
    ("-error:*", "r0 r2 r3 r4 r7 r8 r5"),
    ("error:\"\"", "r0 r2 r3 r4 r7 r8 r5"),
    ("key:ASIABOB", "r1 r7"),
    ("key:akia*", "r0 r3"),
    ("agent:*boto*", "r0"),
    ("agent:\"aws-cli/2.0 (linux)\"", "r7"),
    ("agent:aws-cli/2.0\\ \\(linux\\)", "r7"),
    ("id:3038EBD2-C98A-4C65-9B6E-E22506292313", "r3"),
    ("id:3038ebd2-c98a-4c65-9b6e-e22506292313", "r3"),
    ("id:3038ebd2*", "r3"),
    ("id:E0", "r0"),
    ("id:e0|e1", "r0 r1"),
    ("id:\"\"", ""),
    ("request:r4", "r4"),
    ("request:R4", "r4"),
    ("readonly:true", "r0 r3"),
    ("readonly:false", "r1 r2"),
    ("readonly:\"\"", "r4 r6 r7 r8 r5"),
    ("-readonly:true", "r1 r2 r4 r6 r7 r8 r5"),
    ("category:data", "r0 r1"),
    ("resource:arn:aws:s3:::prod-logs", "r0"),
    ("resource:*role/admin", "r3"),
    ("resource:arn:aws:s3:::*", "r0"),
    ("resource:\"\"", "r1 r2 r4 r6 r7 r8 r5"),
    ("eventtype:AwsConsoleSignIn", "r2"),
    ("issuer:arn:aws:iam::111:role/admin", "r1"),
    ("principal:AROAX:bob", "r1"),
    ("message:\"access denied\"", "r1"),
    ("message:*authentication", "r2"),
    // AND / OR / NOT / parentheses.
    ("name:GetObject who:alice", "r0 r5"),
    ("name:GetObject AND who:alice", "r0 r5"),
    ("name:GetObject who:alice OR name:ListBuckets", "r0 r7 r5"),
    ("name:ListBuckets OR name:GetObject who:alice", "r0 r7 r5"),
    ("name:ListBuckets OR name:GetObject who:bob", "r7"),
    ("(name:ListBuckets OR name:GetObject) who:alice", "r0 r5"),
    ("who:alice (name:AssumeRole OR ip:10.9.9.9)", "r3 r5"),
    ("-(name:GetObject OR source:sts)", "r1 r2 r4 r6 r7 r8"),
    ("-name:GetObject -source:sts", "r1 r2 r4 r6 r7 r8"),
    ("who:alice or who:bob", "r0 r3 r7 r5"),
    ("who:alice -(-name:GetObject)", "r0 r5"),
    // Time.
    ("after:2024-01-01T00:03:00Z", "r3 r4 r6 r7 r8"),
    ("after:2024-01-01T00:03", "r3 r4 r6 r7 r8"),
    ("before:2024-01-01T00:03:00Z", "r0 r1 r2"),
    (
        "after:2024-01-01T00:01:00Z before:2024-01-01T00:04:00Z",
        "r1 r2 r3",
    ),
    ("after:2024-01-01T01:03:00+01:00", "r3 r4 r6 r7 r8"),
    ("after:2024-01-02", ""),
    ("after:\"2024-01-01 00:03\"", "r3 r4 r6 r7 r8"),
    ("before:2024-01-01", ""),
    ("-after:2024-01-01T00:03:00Z", "r0 r1 r2 r5"),
    ("last:2m", "r6 r7 r8"),
    ("last:90s", "r7 r8"),
    ("last:1w", "r0 r1 r2 r3 r4 r6 r7 r8"),
    // Text search.
    ("denied", "r1"),
    ("DENIED", "r1"),
    ("\"access denied\"", "r1"),
    ("*denied*", "r1"),
    ("prod-logs", "r0"),
    ("old-bucket", "r6"),
    ("\"\\\"weird\"", "r6"),
    ("\"\\\"bucketName\\\":\\\"old-bucket\\\"\"", "r6"),
    ("\"\\\"userName\\\": \\\"alice\\\"\"", ""),
    ("\"\\\"userName\\\":\\\"alice\\\"\"", "r0 r3 r5"),
    ("ÜNÏCODE", ""),
    ("ünïcode", "r8"),
    ("denied|bucket", "r0 r1 r6 r7"),
    ("-denied", "r0 r2 r3 r4 r6 r7 r8 r5"),
    ("alice bucketName", "r0"),
    ("name:GetObject prod", "r0"),
    ("name:PutObject OR prod-logs", "r0 r1"),
    ("-(name:PutObject OR prod-logs)", "r2 r3 r4 r6 r7 r8 r5"),
    ("who:alice -prod-logs", "r3 r5"),
    ("(who:alice OR denied) -\"10.9\"", "r0 r1 r3"),
    // JSON paths.
    ("requestParameters.bucketName:prod-logs", "r0"),
    ("requestParameters.bucketName:*-logs", "r0 r1"),
    ("requestParameters.bucketName:old-bucket", "r6"),
    ("requestParameters.bucketName:\"\"", "r2 r3 r4 r7 r8 r5"),
    ("-requestParameters.bucketName:*", "r2 r3 r4 r7 r8 r5"),
    ("requestParameters.instancesSet.items.instanceId:i-2", "r4"),
    ("requestParameters.maxResults:5", "r4"),
    ("requestParameters.dryRun:false", "r4"),
    ("responseElements.credentials.accessKeyId:ASIABOB", "r3"),
    (
        "userIdentity.sessionContext.sessionIssuer.userName:admin",
        "r1",
    ),
    ("resources.ARN:arn:aws:s3:::prod-logs", "r0"),
    // Any field of the record, without an alias; array indexes.
    ("eventVersion:1.08", "r0"),
    ("sharedEventID:*", ""),
    ("-eventVersion:*", "r1 r2 r3 r4 r6 r7 r8 r5"),
    (
        "requestParameters.instancesSet.items[1].instanceId:i-2",
        "r4",
    ),
    ("requestParameters.instancesSet.items[0].instanceId:i-2", ""),
    (
        "requestParameters.instancesSet.items[0].instanceId:i-1",
        "r4",
    ),
    ("requestParameters.instancesSet.items[2].instanceId:*", ""),
    ("resources[1].ARN:arn:aws:s3:::prod-logs", "r0"),
    ("resources[0].ARN:arn:aws:s3:::prod-logs", ""),
    ("resources[0]:*", "r0 r3"),
    ("requestParameters[0]:*", ""),
    ("userIdentity.userName:\"weird \\\"quoted\\\" user\"", "r6"),
    ("name:PutObject requestParameters.bucketName:dev-logs", "r1"),
    (
        "name:GetObject OR requestParameters.bucketName:dev-logs",
        "r0 r1 r5",
    ),
];

#[test]
fn table() {
    let (store, src) = sorted_store();
    assert!(store.is_sorted());
    let mut failures = Vec::new();
    for &(f, want) in CASES {
        let got = q(&store, &src, f);
        if got != want {
            failures.push(format!("{f:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn unsorted_store_gives_the_same_rows_in_time_order() {
    let (sorted, src_sorted) = sorted_store();
    // Push in reverse order, no finalize: a live load in progress.
    let (store, src) = build(&recs((0..RECS.len()).rev()), false);
    assert!(!store.is_sorted());
    for &(f, _) in CASES {
        assert_eq!(q(&store, &src, f), q(&sorted, &src_sorted, f), "{f}");
    }
}

#[test]
fn unreadable_sources_are_reported_and_skipped() {
    let (store, mut src) = sorted_store();
    src.0[1] = None;
    let cancel = AtomicBool::new(false);
    let run_d = |f: &str, src: &MemSource| {
        run_detailed(&store, &Filter::parse(f).unwrap(), src, &cancel).unwrap()
    };
    // Indexed terms need no bytes.
    let o = run_d("name:ListBuckets", &src);
    assert_eq!(names(&store, &o.rows), "r7");
    assert!(o.unreadable.is_empty());
    // A text search over the lost source matches nothing there, positively or negatively.
    let o = run_d("ListBuckets", &src);
    assert_eq!(names(&store, &o.rows), "");
    assert_eq!(o.unreadable.len(), 1);
    assert_eq!(o.unreadable[0].0, 1);
    assert!(o.unreadable[0].1.contains("gone"));
    let o = run_d("-ListBuckets", &src);
    assert_eq!(names(&store, &o.rows), "r0 r1 r2 r3 r4 r6 r5");
    // Rows decided by indexed terms alone are kept.
    let o = run_d("name:ListBuckets OR denied", &src);
    assert_eq!(names(&store, &o.rows), "r1 r7");
    // Only sources with needed rows are read.
    let o = run_d("name:GetObject denied", &src);
    assert!(o.unreadable.is_empty());

    // `request:` with exact ids reads only the rows whose fingerprint agrees, in any case
    // and with alternatives; a wildcard reads every record.
    let keep = (0..store.len())
        .find(|&r| store.loc.get(r).source != 1)
        .unwrap();
    let id = rid(&store, keep);
    let lost = (0..store.len())
        .find(|&r| store.loc.get(r).source == 1)
        .unwrap();
    for f in [
        format!("request:{}", id.to_uppercase()),
        format!("request:{id}|nope"),
    ] {
        let o = run_d(&f, &src);
        assert_eq!(names(&store, &o.rows), id, "{f}");
        assert!(o.unreadable.is_empty(), "{f}: {:?}", o.unreadable);
    }
    // A candidate in the lost source: the source is reported, the other row still found.
    let o = run_d(&format!("request:{id}|{}", rid(&store, lost)), &src);
    assert_eq!(names(&store, &o.rows), id);
    assert_eq!(o.unreadable.len(), 1);
    let o = run_d(&format!("-request:{id}"), &src);
    assert!(!names(&store, &o.rows).split(' ').any(|x| x == id));
    assert!(o.unreadable.is_empty());
    let o = run_d(&format!("request:{id}*"), &src);
    assert_eq!(names(&store, &o.rows), id);
    assert_eq!(o.unreadable.len(), 1);

    // A rewritten source: its bytes no longer hash to what was loaded.
    let (store2, mut src2) = sorted_store();
    let mut c = src2.0[0].as_ref().unwrap().to_vec();
    let r1 = (0..store2.len())
        .find(|&r| rid(&store2, r) == "r1")
        .unwrap();
    let at = store2.loc.get(r1).offset as usize + 5;
    c[at] = b'X';
    src2.0[0] = Some(Arc::from(c.into_boxed_slice()));
    let f = Filter::parse("denied OR bucketName").unwrap();
    let o = run_detailed(&store2, &f, &src2, &cancel).unwrap();
    assert_eq!(names(&store2, &o.rows), "r0 r6");
    assert_eq!(o.unreadable.len(), 1);
    assert!(o.unreadable[0].1.contains("changed"), "{:?}", o.unreadable);
    // Content cut short.
    let (store3, mut src3) = sorted_store();
    src3.0[0] = Some(Arc::from(&b"{}"[..]));
    let o = run_detailed(&store3, &Filter::parse("alice").unwrap(), &src3, &cancel).unwrap();
    assert_eq!(o.rows, Vec::<u32>::new());
    assert!(o.unreadable[0].1.contains("shorter") && o.unreadable[0].1.contains("records"));
}

#[test]
fn cancel() {
    let (store, src) = sorted_store();
    let cancel = AtomicBool::new(true);
    for f in ["denied", "name:GetObject", "a.b:c"] {
        let r = run(&store, &Filter::parse(f).unwrap(), &src, &cancel);
        assert_eq!(r, Err(QueryError::Cancelled), "{f}");
    }
}

#[test]
fn filter_accessors() {
    let f = Filter::parse("  ").unwrap();
    assert!(f.is_empty() && !f.needs_raw());
    let f = Filter::parse("name:x").unwrap();
    assert!(!f.is_empty() && !f.needs_raw());
    assert!(Filter::parse("denied").unwrap().needs_raw());
    assert!(Filter::parse("a.b:c").unwrap().needs_raw());
    let f = Filter::parse("foo \"Bar Baz\" -qux").unwrap();
    assert_eq!(f.text(), "foo \"Bar Baz\" -qux");
    assert_eq!(f.bare_words(), ["foo", "Bar Baz"]);
    let e = Filter::parse("(nme:x").unwrap_err();
    assert_eq!(e.to_string().split(':').next(), Some("at column 7"));
    // A name that is neither a shortcut nor a CloudTrail field is read as a JSON path, with a
    // note (a typo then finds nothing, and says why).
    let f = Filter::parse("nme:x sharedEventID:* requestParamters.x:y").unwrap();
    assert_eq!(
        f.notes(),
        [
            "'nme' is not a CloudTrail record field: read as a JSON path (did you mean 'name'?)",
            "'requestParamters' is not a CloudTrail record field: read as a JSON path"
        ]
    );
    assert!(
        Filter::parse("name:x vpcEndpointId:* tlsDetails.tlsVersion:*")
            .unwrap()
            .notes()
            .is_empty()
    );
}

#[test]
fn empty_store() {
    let store = EventStore::default();
    let src = MemSource(Vec::new());
    for f in [
        "",
        "name:x",
        "denied",
        "last:1h",
        "-a.b:c",
        "after:2024-01-01",
    ] {
        let r = run(
            &store,
            &Filter::parse(f).unwrap(),
            &src,
            &AtomicBool::new(false),
        );
        assert_eq!(r, Ok(vec![]), "{f}");
    }
}

#[test]
fn pivots_and_lineage() {
    let (store, src) = sorted_store();
    let row = |id: &str| (0..store.len()).find(|&r| rid(&store, r) == id).unwrap();
    let p = pivots(&store, row("r1"));
    let labels: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        labels,
        [
            "same identity: admin/bob",
            "same access key: ASIABOB",
            "same source IP: 192.168.1.5",
            "same role session: AROAX:bob",
            "same role: arn:aws:iam::111:role/admin",
            "same event name: PutObject",
            "same error code: AccessDenied"
        ]
    );
    // Every pivot term finds the event it came from.
    for r in 0..store.len() {
        for (label, term) in pivots(&store, r) {
            let got = q(&store, &src, &term);
            assert!(
                got.split(' ').any(|x| x == rid(&store, r)),
                "{label} / {term}: {got}"
            );
        }
    }
    let p = pivots(&store, row("r0"));
    assert!(p.contains(&(
        "same resource: arn:aws:s3:::prod-logs".into(),
        "resource:arn:aws:s3:::prod-logs".into()
    )));
    assert!(p.contains(&("same identity: alice".into(), "who:alice".into())));
    // An IAM user's principal id is the user's id, not a session.
    assert!(p.contains(&(
        "same IAM user id: AIDAALICE".into(),
        "principal:AIDAALICE".into()
    )));
    let p = pivots(&store, row("r2"));
    assert!(p.contains(&("same identity: my user".into(), "who:\"my user\"".into())));

    let l = lineage(&store, row("r1")).unwrap();
    assert_eq!(l, "key:ASIABOB OR id:3038ebd2-c98a-4c65-9b6e-e22506292313");
    assert_eq!(q(&store, &src, &l), "r1 r3 r7");
    assert_eq!(lineage(&store, row("r0")).unwrap(), "key:AKIAALICE");
    assert_eq!(lineage(&store, row("r2")), None);
    assert_eq!(lineage(&store, 999), None);
    assert!(pivots(&store, 999).is_empty());
}

/// Each kind of pivot has one hotkey and one place, whatever else the event has: the lineage
/// is `l` and third whether or not an error row follows (pressing `j` a fixed number of times
/// used to reach a different item).
#[test]
fn pivot_menu_keys_and_order_are_stable() {
    let (store, _) = sorted_store();
    let row = |id: &str| (0..store.len()).find(|&r| rid(&store, r) == id).unwrap();
    let keys = |r: &str| -> String {
        pivot_menu(&store, row(r))
            .iter()
            .map(|p| p.key.unwrap_or('_'))
            .collect()
    };
    // r1 has an error, r7 has none; both have a key and so a lineage.
    assert_eq!(keys("r1"), "wcliurne");
    assert_eq!(keys("r7"), "wclin");
    assert_eq!(keys("r0"), "wcliun12");
    let m = pivot_menu(&store, row("r1"));
    assert_eq!(m[2].key, Some('l'));
    assert!(m[2].label.starts_with("key lineage"), "{m:?}");
    assert_eq!(Some(m[2].term.clone()), lineage(&store, row("r1")));
    let mut seen = std::collections::HashMap::new();
    for r in 0..store.len() {
        let menu = pivot_menu(&store, r);
        let mut ks: Vec<char> = menu.iter().filter_map(|p| p.key).collect();
        let n = ks.len();
        ks.dedup();
        assert_eq!(ks.len(), n, "keys repeat in {menu:?}");
        for p in menu {
            // The same key always means the same kind of item (its label's first word(s)).
            let kind = p.label.split(':').next().unwrap().to_string();
            let kind = if p.key == Some('u') || p.key == Some('r') {
                p.key.unwrap().to_string()
            } else {
                kind
            };
            let k = p.key.unwrap();
            let k = if k.is_ascii_digit() { '#' } else { k };
            assert_eq!(seen.entry(k).or_insert(kind.clone()), &kind);
        }
    }
    assert!(pivot_menu(&store, 999).is_empty());
}

/// A row-at-a-time reference evaluator: no bitsets, no skipping, every leaf on every row.
fn naive(store: &EventStore, f: &Filter, src: &MemSource) -> Vec<u32> {
    use super::parse::{Leaf, Node};
    use crate::model::{record_bytes, RecordSource};
    let p = &f.parsed;
    let newest = super::eval::newest(store);
    let leaf = |l: &Leaf, r: usize| -> bool {
        match l {
            Leaf::Sym { cols, pat } => cols.iter().any(|&c| pat.matches(store.str(c, r))),
            Leaf::Resource(pat) => {
                let res = store.resources(r);
                if res.is_empty() {
                    pat.matches("")
                } else {
                    res.iter().any(|&s| pat.matches(&store.resource_text(s)))
                }
            }
            Leaf::Id { request, pat } => match request {
                true => pat.matches(&rid(store, r)),
                false => pat.matches(&store.event_id.get(r)),
            },
            Leaf::ReadOnly(want) => store.read_only(r) == *want,
            Leaf::Verified(mask) => {
                mask & (1 << (store.sources[store.loc.get(r).source as usize].verdict as u8)) != 0
            }
            Leaf::Lineage { keys, ids } => {
                // Up from the row instead of down from the keys.
                let lin = store.lineage();
                let id_ok = |row: u32| {
                    !ids.alts.is_empty() && ids.matches(&store.event_id.get(row as usize))
                };
                let seed = |k: crate::model::Sym| {
                    (!keys.alts.is_empty() && keys.matches(store.strings.resolve(k)))
                        || lin.issuers(k).iter().any(|e| id_ok(e.row))
                };
                id_ok(r as u32)
                    || lin.up(store, r).links.iter().any(|l| seed(l.key))
                    || lin.issued_by(r).any(seed)
            }
            Leaf::Flag(mask) => store.lineage().event_flags(store, r) & mask != 0,
            Leaf::Detect { key, pat } => store
                .hits()
                .rules_at(r as u32)
                .any(|i| super::eval::rule_matches(&store.hits().rules[i].rule, *key, pat)),
            Leaf::Insight(pat) => {
                store
                    .insights
                    .episodes_of_row(r as u32)
                    .any(|e| pat.matches(e.kind.name()))
                    || (pat.matches("aws")
                        && store.str(SymField::EventType, r) == "AwsCloudTrailInsight")
            }
            Leaf::After(t) => store.time.get(r) >= *t && store.time.get(r) != crate::model::UNDATED,
            Leaf::Before(t) => store.time.get(r) < *t,
            Leaf::Last(d) => newest.is_some_and(|hi| {
                store.time.get(r) >= hi - d && store.time.get(r) != crate::model::UNDATED
            }),
            Leaf::Text(needles) => {
                let c = src.content(store, store.loc.get(r).source).unwrap();
                let b = record_bytes(store, r, &c).unwrap().to_ascii_lowercase();
                needles
                    .iter()
                    .any(|n| b.windows(n.len()).any(|w| w == n.as_slice()))
            }
            Leaf::Path { path, pat } => {
                let c = src.content(store, store.loc.get(r).source).unwrap();
                let b = record_bytes(store, r, &c).unwrap();
                super::scan::path_matches(&b, path, pat)
            }
            Leaf::PathEq(a, b) => {
                let c = src.content(store, store.loc.get(r).source).unwrap();
                let bytes = record_bytes(store, r, &c).unwrap();
                super::scan::paths_equal(&bytes, a, b)
            }
        }
    };
    fn node(n: &Node, r: usize, leaf: &dyn Fn(&Leaf, usize) -> bool, leaves: &[Leaf]) -> bool {
        match n {
            Node::All => true,
            Node::Leaf(i) => leaf(&leaves[*i], r),
            Node::Not(x) => !node(x, r, leaf, leaves),
            Node::And(v) => v.iter().all(|x| node(x, r, leaf, leaves)),
            Node::Or(v) => v.iter().any(|x| node(x, r, leaf, leaves)),
        }
    }
    let mut rows: Vec<u32> = (0..store.len())
        .filter(|&r| node(&p.root, r, &leaf, &p.leaves))
        .map(|r| r as u32)
        .collect();
    rows.sort_by_key(|&r| (store.time.get(r as usize), r));
    rows
}

/// Random combinations of terms: the bitset evaluator (with its skipping of rows whose raw
/// leaves cannot matter) agrees with the reference, on sorted and unsorted stores.
#[test]
fn random_filters_agree_with_reference() {
    let terms = [
        "name:GetObject",
        "name:*Object|ListBuckets",
        "who:alice",
        "who:*e*",
        "error:*",
        "ip:10.0.0.0/8",
        "readonly:true",
        "readonly:\"\"",
        "last:3m",
        "after:2024-01-01T00:02:00Z",
        "before:2024-01-01T00:05:00Z",
        "resource:*",
        "account:111",
        "id:e*",
        "denied",
        "prod-logs",
        "bucket",
        "\"\\\"weird\"",
        "s3|sts",
        "requestParameters.bucketName:*-logs",
        "requestParameters.bucketName:\"\"",
        "userIdentity.type:IAMUser",
        "resources.ARN:*admin",
    ];
    let (sorted, src_sorted) = sorted_store();
    let (unsorted, src_unsorted) = build(&recs((0..RECS.len()).rev()), false);
    // 20 copies with distinct ids (so none is a duplicate delivery): rows span several words.
    let copies: Vec<(u32, bool, String)> = (0..20)
        .flat_map(|k| {
            RECS.iter().map(move |&(s, e, j)| {
                let j = j
                    .replace("\"eventID\":\"", &format!("\"eventID\":\"{k}-"))
                    .replace("\"requestID\":\"r", &format!("\"requestID\":\"r{k}-"));
                ((s + k) % 3, e, j)
            })
        })
        .collect();
    let big_recs: Vec<Rec<'_>> = copies
        .iter()
        .map(|(s, e, j)| Rec {
            source: *s,
            escaped: *e,
            json: j,
        })
        .collect();
    let (big, src_big) = build(&big_recs, true);
    assert_eq!(big.len(), 180);
    let mut state: u64 = 0xDEAD_BEEF_1234_5678;
    let mut rnd = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    fn gen(depth: usize, rnd: &mut dyn FnMut(usize) -> usize, terms: &[&str]) -> String {
        if depth == 0 || rnd(3) == 0 {
            let t = terms[rnd(terms.len())];
            return if rnd(4) == 0 {
                format!("-{t}")
            } else {
                t.to_string()
            };
        }
        let n = 2 + rnd(2);
        let parts: Vec<String> = (0..n).map(|_| gen(depth - 1, rnd, terms)).collect();
        let joined = parts.join(if rnd(2) == 0 { " " } else { " OR " });
        match rnd(3) {
            0 => format!("-({joined})"),
            1 => format!("({joined})"),
            _ => joined,
        }
    }
    let cancel = AtomicBool::new(false);
    for _ in 0..500 {
        let text = gen(3, &mut rnd, &terms);
        let f = Filter::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        for (store, src) in [
            (&sorted, &src_sorted),
            (&unsorted, &src_unsorted),
            (&big, &src_big),
        ] {
            let got = run(store, &f, src, &cancel).unwrap();
            assert_eq!(
                names(store, &got),
                names(store, &naive(store, &f, src)),
                "{text}"
            );
        }
    }
}

/// Times typed without an offset are read in the displayed zone; with one, as given.
#[test]
fn times_in_the_displayed_zone() {
    use chrono::FixedOffset;
    let (store, src) = sorted_store();
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    let run_in = |f: &str| {
        let filter = parse_in_zone(f, &tokyo).unwrap_or_else(|e| panic!("{f}: {e}"));
        names(
            &store,
            &run(&store, &filter, &src, &AtomicBool::new(false)).unwrap(),
        )
    };
    // 00:03 UTC is 09:03 in Tokyo.
    assert_eq!(run_in("after:2024-01-01T09:03"), "r3 r4 r6 r7 r8");
    assert_eq!(run_in("after:\"2024-01-01 09:03:00\""), "r3 r4 r6 r7 r8");
    assert_eq!(run_in("before:2024-01-01T09:03:00.000"), "r0 r1 r2");
    assert_eq!(run_in("after:2024-01-01T00:03:00Z"), "r3 r4 r6 r7 r8");
    assert_eq!(run_in("after:2024-01-01T09:03:00+09:00"), "r3 r4 r6 r7 r8");
    assert_eq!(run_in("after:2024-01-01T01:03:00+01:00"), "r3 r4 r6 r7 r8");
    // A date is local midnight: 2024-01-01 00:00 JST is 2023-12-31 15:00 UTC.
    assert_eq!(run_in("after:2024-01-01"), "r0 r1 r2 r3 r4 r6 r7 r8");
    assert_eq!(run_in("after:2024-01-02"), "");
    // The same text under `parse` (UTC) is nine hours later: nothing after it.
    assert_eq!(q(&store, &src, "after:2024-01-01T09:03"), "");
    assert_eq!(
        Filter::parse_in("after:2024-01-01T00:03", crate::model::time::Tz::Utc)
            .unwrap()
            .parsed,
        Filter::parse("after:2024-01-01T00:03").unwrap().parsed
    );
    assert!(Filter::parse_in("after:2024-01-01T00:03", crate::model::time::Tz::Local).is_ok());
}

/// Daylight saving time: a local time that happens twice is the first; one skipped by the
/// change is read with the offset before it.
#[test]
fn local_times_across_dst_changes() {
    use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
    // A zone with a European rule: +01:00, +02:00 from 2024-03-31 01:00 UTC to 2024-10-27
    // 01:00 UTC.
    #[derive(Clone, Copy, Debug)]
    struct Cet;
    fn summer(utc: &NaiveDateTime) -> bool {
        let start = NaiveDate::from_ymd_opt(2024, 3, 31)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap();
        let end = NaiveDate::from_ymd_opt(2024, 10, 27)
            .unwrap()
            .and_hms_opt(1, 0, 0)
            .unwrap();
        *utc >= start && *utc < end
    }
    fn off(s: bool) -> FixedOffset {
        FixedOffset::east_opt(if s { 7200 } else { 3600 }).unwrap()
    }
    impl TimeZone for Cet {
        type Offset = FixedOffset;
        fn from_offset(_: &FixedOffset) -> Cet {
            Cet
        }
        fn offset_from_local_date(&self, _: &NaiveDate) -> chrono::LocalResult<FixedOffset> {
            unimplemented!()
        }
        fn offset_from_local_datetime(
            &self,
            local: &NaiveDateTime,
        ) -> chrono::LocalResult<FixedOffset> {
            let cands: Vec<FixedOffset> = [false, true]
                .into_iter()
                .filter(|&s| {
                    summer(&(*local - chrono::TimeDelta::seconds(off(s).local_minus_utc() as i64)))
                        == s
                })
                .map(off)
                .collect();
            match cands.as_slice() {
                [] => chrono::LocalResult::None,
                [a] => chrono::LocalResult::Single(*a),
                [a, b] => chrono::LocalResult::Ambiguous(*a, *b),
                _ => unreachable!(),
            }
        }
        fn offset_from_utc_date(&self, _: &NaiveDate) -> FixedOffset {
            unimplemented!()
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            off(summer(utc))
        }
    }
    let utc = |s: &str| crate::model::time::parse_user_time(s).unwrap();
    let after = |f: &str| match parse_in_zone(f, &Cet).unwrap().parsed.leaves[0] {
        super::parse::Leaf::After(t) => t,
        ref l => panic!("{l:?}"),
    };
    assert_eq!(after("after:2024-01-15T12:00"), utc("2024-01-15T11:00:00Z"));
    assert_eq!(after("after:2024-07-15T12:00"), utc("2024-07-15T10:00:00Z"));
    // 02:30 on 2024-03-31 does not exist (01:00 UTC jumps from 02:00 to 03:00 local).
    assert_eq!(after("after:2024-03-31T02:30"), utc("2024-03-31T01:30:00Z"));
    // 02:30 on 2024-10-27 happens twice: the first is 00:30 UTC.
    assert_eq!(after("after:2024-10-27T02:30"), utc("2024-10-27T00:30:00Z"));
    assert_eq!(
        after("after:2024-10-27T02:30:00+01:00"),
        utc("2024-10-27T01:30:00Z")
    );
}

/// `last:` counts back from the newest event not after the wall clock (plus a skew): one
/// forged far-future `eventTime` must not empty it.
#[test]
fn last_ignores_events_dated_after_the_clock() {
    use super::eval::{last_anchor, LAST_ANCHOR_SKEW_MS};
    let mut recs = recs(0..RECS.len());
    let forged = r#"{"eventID":"f","requestID":"forged","eventTime":"9999-12-31T23:59:59Z","eventName":"X"}"#;
    recs.push(Rec {
        source: 1,
        escaped: false,
        json: forged,
    });
    for finalize in [true, false] {
        let (store, src) = build(&recs, finalize);
        // r8 (00:08) is the anchor: last:2m is r6 r7 r8, plus the forged event (after it).
        let got = q(&store, &src, "last:2m");
        let mut got: Vec<&str> = got.split(' ').collect();
        got.sort_unstable();
        assert_eq!(got, ["forged", "r6", "r7", "r8"], "finalize {finalize}");
        let r8 = crate::model::time::parse_user_time("2024-01-01T00:08:00Z").unwrap();
        let now = crate::model::time::parse_user_time("2025-06-01T00:00:00Z").unwrap();
        assert_eq!(last_anchor(&store, now), Some(r8));
        // An event a little after the clock (within the skew) is the anchor.
        assert_eq!(last_anchor(&store, r8 - LAST_ANCHOR_SKEW_MS), Some(r8));
        assert!(last_anchor(&store, r8 - LAST_ANCHOR_SKEW_MS - 1) < Some(r8));
        // A clock before every event: the newest event is all there is.
        let far = crate::model::time::parse_user_time("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(last_anchor(&store, 0), Some(far));
    }
    assert_eq!(last_anchor(&EventStore::default(), 0), None);
}

/// Many alternatives and many OR'd column terms (merged into one pass, tested with one hash
/// lookup) give what the row-at-a-time reference gives.
#[test]
fn many_alternatives_and_merged_ors_agree_with_reference() {
    let (store, src) = sorted_store();
    let names = [
        "GetObject",
        "PutObject",
        "x1",
        "x2",
        "x3",
        "x4",
        "x5",
        "x6",
        "x7",
        "x8",
        "x9",
    ];
    let mut filters = vec![
        format!("name:{}", names.join("|")),
        format!("name:{}|Get*|\"\"", names.join("|")),
        names
            .iter()
            .map(|n| format!("name:{n}"))
            .collect::<Vec<_>>()
            .join(" OR "),
        format!(
            "{} OR who:alice OR denied OR -(source:s3 OR source:sts)",
            names
                .iter()
                .map(|n| format!("name:{n}"))
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        format!("-(account:x1|x2|x3|x4|x5|x6|x7|x8|x9|111 OR region:\"\")"),
        format!("ip:10.0.0.0/8|a|b|c|d|e|f|g|h|i|192.168.1.5"),
    ];
    filters.push(format!("error:* OR {}", filters[2]));
    let negs = names
        .iter()
        .map(|n| format!("-name:{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    filters.push(negs.clone());
    filters.push(format!("{negs} -who:alice -who:bob denied|bucket"));
    filters.push(format!(
        "({negs}) OR (name:GetObject -who:alice) OR -region:*"
    ));
    let ids = "e0|E1|3038EBD2-C98A-4C65-9B6E-E22506292313|x1|x2|x3|x4|x5|x6|x7|e9*";
    filters.push(format!("id:{ids}"));
    filters.push(format!("-id:{ids} -request:r4 -request:r5"));
    filters.push(format!(
        "id:e0 OR id:e7 OR request:r2 OR request:R3 OR id:\"\" OR {}",
        filters[2]
    ));
    for f in &filters {
        let filter = Filter::parse(f).unwrap();
        let got = run(&store, &filter, &src, &AtomicBool::new(false)).unwrap();
        assert_eq!(got, naive(&store, &filter, &src), "{f}");
    }
    assert_eq!(q(&store, &src, &filters[0]), "r0 r1 r5");
    assert_eq!(q(&store, &src, &filters[2]), "r0 r1 r5");
    assert_eq!(q(&store, &src, &format!("id:{ids}")), "r0 r1 r3");
}

/// The credential chains of `tests/fixtures/lineage_records.json`, loaded finalized or as a
/// load in progress.
fn lineage_store(finalize: bool) -> (EventStore, MemSource) {
    #[derive(serde::Deserialize)]
    struct File<'a> {
        #[serde(borrow, rename = "Records")]
        records: Vec<&'a serde_json::value::RawValue>,
    }
    static TEXT: &str = include_str!("../../tests/fixtures/lineage_records.json");
    let f: File<'static> = serde_json::from_str(TEXT).unwrap();
    let recs: Vec<Rec<'static>> = f
        .records
        .iter()
        .map(|r| Rec {
            source: 0,
            escaped: false,
            json: r.get(),
        })
        .collect();
    build(&recs, finalize)
}

#[test]
fn lineage_and_flag_terms() {
    for finalize in [true, false] {
        let (store, src) = lineage_store(finalize);
        let q = |f: &str| {
            let filter = Filter::parse(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            let rows = run(&store, &filter, &src, &AtomicBool::new(false)).unwrap();
            let mut v: Vec<String> = rows.iter().map(|&r| rid(&store, r as usize)).collect();
            v.sort_by_key(|s| s[1..].parse::<u32>().unwrap());
            v.join(" ")
        };
        // The new key, the role it assumed and the role that one assumed in another account
        // (logged in both), plus the CreateAccessKey that made it.
        let mallory = "l0 l1 l2 l3 l4 l5 l20";
        assert_eq!(q("lineage:AKIAMALLORY"), mallory);
        assert_eq!(q("lineage:akiamallory"), mallory, "case-insensitive");
        // alice's own key: its events, and everything below the key it created.
        assert_eq!(q("lineage:AKIAALICE"), mallory);
        assert_eq!(q("lineage:ASIAAUDIT"), "l2 l3 l4 l20");
        assert_eq!(q("lineage:id:e-l1"), "l1 l2 l3 l4 l20");
        assert_eq!(q("lineage:id:E-L1"), "l1 l2 l3 l4 l20");
        // An event that issued nothing: just itself.
        assert_eq!(q("lineage:id:e-l3"), "l3");
        // The console sign-in issued bob's session key, which assumed a role.
        assert_eq!(q("lineage:id:e-l15"), "l15 l16 l17 l18");
        assert_eq!(q("lineage:ASIABOB"), "l15 l16 l17 l18");
        // A forged cycle ends.
        assert_eq!(q("lineage:ASIACYC1"), "l13 l14");
        assert_eq!(
            q("lineage:AKIAMALLORY|ASIAEC2"),
            format!("l0 l1 l2 l3 l4 l5 l6 l7 l8 l9 l10 l11 l12 l20")
        );
        assert_eq!(q("lineage:AKIAMALLORY -name:AssumeRole"), "l0 l3 l4 l5");
        assert_eq!(q("lineage:nope"), "");
        assert_eq!(q("flag:expired"), "l4");
        assert_eq!(q("flag:off-instance"), "l12");
        assert_eq!(q("flag:multi-ip"), "l1 l5 l7 l8 l9 l10 l11 l12");
        assert_eq!(q("flag:multi-agent"), "l1 l5 l7 l8 l9 l10 l11 l12");
        assert_eq!(q("flag:expired|off-instance"), "l4 l12");
        assert_eq!(q("-flag:multi-ip flag:multi-agent"), "");
        let e = Filter::parse("flag:bogus").unwrap_err();
        assert!(e.message.contains("unknown flag 'bogus'"), "{e}");
        // Each agrees with the row-at-a-time reference (which walks up, not down).
        for f in [
            "lineage:AKIAMALLORY",
            "lineage:AKIAALICE OR flag:expired",
            "lineage:id:e-l15|ASIACYC2",
            "lineage:id:*",
            "lineage:ASIA*",
            "-lineage:ASIAADMIN",
            "flag:off-instance|multi-ip",
        ] {
            let filter = Filter::parse(f).unwrap();
            let got = run(&store, &filter, &src, &AtomicBool::new(false)).unwrap();
            let mut got = got;
            got.sort_unstable();
            let mut want = naive(&store, &filter, &src);
            want.sort_unstable();
            assert_eq!(got, want, "{f} (finalized: {finalize})");
        }
    }
}

#[test]
fn lineage_walks_up_and_down() {
    use crate::model::lineage::{Root, Via};
    let (store, _) = lineage_store(true);
    let lin = store.lineage();
    let row = |req: &str| (0..store.len()).find(|&r| rid(&store, r) == req).unwrap();
    let k = |s: &str| store.strings.lookup(s).unwrap();
    let keys = |c: &crate::model::lineage::Chain| {
        c.links
            .iter()
            .map(|l| store.strings.resolve(l.key))
            .collect::<Vec<_>>()
    };
    let up = lin.up(&store, row("l4"));
    assert_eq!(
        keys(&up),
        ["ASIAAUDIT", "ASIAADMIN", "AKIAMALLORY", "AKIAALICE"]
    );
    assert_eq!(up.links[0].issued_by, Some(row("l2") as u32));
    assert_eq!(up.links[2].issued_by, Some(row("l0") as u32));
    assert_eq!(up.links[3].issued_by, None);
    assert_eq!(up.root, Root::LongTermKey);
    let up = lin.up(&store, row("l18"));
    assert_eq!(keys(&up), ["ASIABOBROLE", "ASIABOB"]);
    assert_eq!(up.links[1].via, Via::ConsoleLogin);
    assert_eq!(
        up.root,
        Root::Console {
            row: row("l15") as u32
        }
    );
    assert_eq!(
        lin.up(&store, row("l12")).root,
        Root::Service {
            row: row("l6") as u32
        }
    );
    assert_eq!(lin.up(&store, row("l13")).root, Root::Cycle);
    assert_eq!(lin.up(&store, row("l15")).root, Root::NoKey);
    // Down from alice's key: a tree in pre-order with depths.
    let tree = lin.down(&[k("AKIAALICE")]);
    let shape: Vec<(String, u32)> = tree
        .nodes
        .iter()
        .map(|n| (store.strings.resolve(n.key).to_string(), n.depth))
        .collect();
    let want = [
        ("AKIAALICE", 0),
        ("AKIAMALLORY", 1),
        ("ASIAADMIN", 2),
        ("ASIAAUDIT", 3),
    ];
    assert_eq!(shape, want.map(|(a, b)| (a.to_string(), b)).to_vec());
    assert_eq!(tree.nodes[3].parent, Some(2));
    assert_eq!(tree.nodes[1].issued_by, Some(row("l0") as u32));
    let stats = lin.tree_stats(&store, &tree);
    assert_eq!(stats[1].events, 2);
    assert_eq!(stats[3].events, 2);
    assert_eq!(stats[3].errors, 1);
    assert_eq!(store.strings.resolve(stats[1].ips[0].0), "198.51.100.99");
    assert_eq!(lin.parent(k("ASIAAUDIT")), Some(k("ASIAADMIN")));
    assert_eq!(
        lin.issuers(k("ASIAAUDIT")).len(),
        2,
        "logged in both accounts"
    );
    assert_eq!(lin.children(k("ASIAADMIN")).count(), 1);
    assert_eq!(
        lin.issued_by(row("l0")).collect::<Vec<_>>(),
        vec![k("AKIAMALLORY")]
    );
    let exp = lin.key(k("ASIAAUDIT")).unwrap();
    assert_eq!(
        crate::model::time::format_utc(exp.expiry_ms().unwrap()),
        "2024-05-01T00:30:00Z"
    );
}

#[test]
fn a_program_reads_only_the_records_its_running_filters_need() {
    use super::program::{Expr, Match, Program, Reads};
    let (store, mut src) = sorted_store();
    // r7 and r8 live in source 1, which is gone: reading it is reported.
    src.0[1] = None;
    let no = AtomicBool::new(false);
    let mut p = Program::new();
    let name = p
        .term("eventName", &[Match::Exact("GetObject".into())])
        .unwrap();
    let bucket = p
        .term(
            "requestParameters.bucketName",
            &[Match::Exact("prod-logs".into())],
        )
        .unwrap();
    let key = p
        .term("requestParameters.key", &[Match::Exact("b.txt".into())])
        .unwrap();
    // (name and bucket) and not key: the negated path matters only where name holds, so only
    // GetObject records (source 0) are read.
    let narrowed = p.add_root(Expr::and(vec![
        Expr::and(vec![name, bucket]),
        Expr::not(key),
    ]));
    let text = p.text(&["denied".into()]);
    let everywhere = p.add_root(text);
    let o = p.run_some(&store, &src, &no, 0, &[narrowed], None).unwrap();
    assert!(o.unreadable.is_empty(), "{:?}", o.unreadable);
    assert_eq!(names(&store, &o.rows[narrowed]), "r0");
    assert!(o.rows[everywhere].is_empty(), "not evaluated");
    // The same rows as the typed filter.
    assert_eq!(
        q(
            &store,
            &src,
            "name:GetObject requestParameters.bucketName:prod-logs -requestParameters.key:b.txt"
        ),
        "r0"
    );
    // The text search reads every record: the lost source is said.
    let o = p
        .run_some(&store, &src, &no, 0, &[narrowed, everywhere], None)
        .unwrap();
    assert_eq!(o.unreadable.len(), 1);
    assert_eq!(o.unreadable[0].0, 1);

    // Values read in the same pass, for the rows asked (a row without the value: absent).
    let (store, src) = sorted_store();
    let rows: Vec<u32> = (0..store.len() as u32)
        .filter(|&r| matches!(rid(&store, r as usize).as_str(), "r0" | "r1" | "r4"))
        .collect();
    let reads = Reads::new(store.len(), &rows, &["requestParameters.key".to_string()]).unwrap();
    let o = p
        .run_some(&store, &src, &no, 0, &[narrowed], Some(&reads))
        .unwrap();
    let got: Vec<(String, String)> = o.read[0]
        .iter()
        .map(|(r, v)| (rid(&store, *r as usize), v.clone()))
        .collect();
    let want: Vec<(String, String)> = rows
        .iter()
        .filter_map(|&r| {
            let c = src.0[store.loc.get(r as usize).source as usize]
                .as_ref()
                .unwrap();
            let b = crate::model::record_bytes(&store, r as usize, c).unwrap();
            let v = super::program::path_values(&b, "requestParameters.key");
            v.into_iter().next().map(|v| (rid(&store, r as usize), v))
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
}
