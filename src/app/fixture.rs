//! Small in-memory event stores for tests and benches: hand-written CloudTrail records (with a
//! hostile one), and a deterministic synthetic generator for large stores. Not used by the
//! program itself.

use crate::model::time::parse_event_time;
use crate::model::{
    flags, EventStore, NewEvent, RawLoc, RecordSource, SourceInfo, SymField, UNDATED,
};
use serde_json::Value;
use std::ops::Range;
use std::sync::Arc;

/// Record bytes of in-memory sources, by source index.
#[derive(Clone, Debug, Default)]
pub struct MemSource(pub Vec<Arc<[u8]>>);

impl RecordSource for MemSource {
    fn content(&self, _store: &EventStore, s: u32) -> Result<Arc<[u8]>, String> {
        self.0
            .get(s as usize)
            .cloned()
            .ok_or_else(|| format!("no source {s}"))
    }
}

struct Rec {
    time: i64,
    syms: Vec<String>,
    event_id: String,
    request_id: String,
    flags: u8,
    resources: Vec<String>,
    issued: String,
    loc: RawLoc,
    hash: u64,
}

/// A set of records in one in-memory source (`{"Records":[…]}`), pushable in parts to mimic a
/// load in progress.
pub struct Fixture {
    /// The source's bytes.
    pub content: Arc<[u8]>,
    recs: Vec<Rec>,
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut v = v;
    for p in path {
        match v.get(p) {
            Some(x) => v = x,
            None => return "",
        }
    }
    v.as_str().unwrap_or("")
}

/// The display name of a principal (a simplified `loader::extract::who`).
fn who(v: &Value) -> String {
    let u = &v["userIdentity"];
    let name = s(u, &["userName"]);
    if !name.is_empty() {
        return name.to_string();
    }
    let arn = s(u, &["arn"]);
    if let Some(last) = arn
        .rsplit('/')
        .next()
        .filter(|x| !x.is_empty() && arn.contains('/'))
    {
        return last.to_string();
    }
    let inv = s(u, &["invokedBy"]);
    if !inv.is_empty() {
        return inv.to_string();
    }
    s(u, &["type"]).to_string()
}

impl Fixture {
    /// Parses `records` (JSON objects) and lays them out as one source.
    pub fn new(records: &[String]) -> Fixture {
        let mut content = b"{\"Records\":[".to_vec();
        let mut recs = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                content.push(b',');
            }
            let offset = content.len() as u64;
            content.extend_from_slice(r.as_bytes());
            let v: Value = serde_json::from_str(r).expect("fixture record is JSON");
            let mut syms = vec![String::new(); SymField::COUNT];
            for f in SymField::ALL {
                let path: Vec<&str> = f.json_path().split('.').collect();
                syms[f as usize] = s(&v, &path).to_string();
            }
            syms[SymField::Who as usize] = who(&v);
            let ro = v.get("readOnly").and_then(Value::as_bool);
            let flags = match ro {
                Some(true) => flags::READONLY_KNOWN | flags::READONLY,
                Some(false) => flags::READONLY_KNOWN,
                None => 0,
            };
            let resources = v["resources"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r["ARN"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            recs.push(Rec {
                time: parse_event_time(s(&v, &["eventTime"])).unwrap_or(UNDATED),
                syms,
                event_id: s(&v, &["eventID"]).into(),
                request_id: s(&v, &["requestID"]).into(),
                flags,
                resources,
                issued: s(&v, &["responseElements", "credentials", "accessKeyId"]).into(),
                loc: RawLoc {
                    source: 0,
                    len: r.len() as u32,
                    offset: offset as u32,
                },
                hash: xxhash_rust::xxh3::xxh3_64(r.as_bytes()),
            });
        }
        content.extend_from_slice(b"]}");
        Fixture {
            content: content.into(),
            recs,
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// Appends records `range` to `store` (registering the source first if needed).
    pub fn push(&self, store: &mut EventStore, range: Range<usize>) {
        if store.sources.is_empty() {
            store.sources.push(SourceInfo {
                name: "<fixture>".into(),
                path: None,
                mem: Some(self.content.clone()),
                size: self.content.len() as u64,
                mtime: None,
            });
        }
        for r in &self.recs[range] {
            let mut ev = NewEvent {
                time: r.time,
                event_id: &r.event_id,
                request_id: &r.request_id,
                flags: r.flags,
                resources: r.resources.iter().map(String::as_str).collect(),
                issued_key: &r.issued,
                loc: r.loc,
                hash: r.hash,
                ..Default::default()
            };
            for (i, v) in r.syms.iter().enumerate() {
                ev.syms[i] = v;
            }
            store.push(&ev);
        }
    }

    /// Every record, finalized.
    pub fn store(&self) -> EventStore {
        let mut st = EventStore::default();
        self.push(&mut st, 0..self.len());
        st.finalize(|_, _, _| false);
        st
    }

    /// A reader of this fixture's source.
    pub fn source(&self) -> MemSource {
        MemSource(vec![self.content.clone()])
    }
}

fn rec(
    time: &str,
    who_arn: &str,
    user: &str,
    name: &str,
    source: &str,
    ip: &str,
    extra: &str,
) -> String {
    format!(
        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","principalId":"AIDA{user}","arn":"{who_arn}","accountId":"111122223333","accessKeyId":"AKIA{key}","userName":"{user}"}},"eventTime":"{time}","eventSource":"{source}","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"{ip}","userAgent":"aws-cli/2.13.0","requestParameters":null,"responseElements":null,"requestID":"req-{name}-{time}","eventID":"id-{name}-{time}-{user}",{extra}"eventType":"AwsApiCall","recipientAccountId":"111122223333"}}"#,
        key = user.to_uppercase(),
    )
}

/// Twelve readable events over an hour (two users, reads, writes, errors), in no time order.
pub fn records() -> Vec<String> {
    let alice = "arn:aws:iam::111122223333:user/alice";
    let bob = "arn:aws:iam::111122223333:user/bob";
    vec![
        rec(
            "2023-07-10T11:47:10Z",
            alice,
            "alice",
            "ListBuckets",
            "s3.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":true,"#,
        ),
        rec(
            "2023-07-10T11:45:02Z",
            alice,
            "alice",
            "GetCallerIdentity",
            "sts.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":true,"#,
        ),
        rec(
            "2023-07-10T11:52:40Z",
            bob,
            "bob",
            "DescribeInstances",
            "ec2.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":true,"#,
        ),
        rec(
            "2023-07-10T11:58:13Z",
            bob,
            "bob",
            "RunInstances",
            "ec2.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":false,"errorCode":"Client.UnauthorizedOperation","errorMessage":"You are not authorized to perform this operation.","#,
        ),
        rec(
            "2023-07-10T12:01:00Z",
            alice,
            "alice",
            "PutObject",
            "s3.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":false,"resources":[{"ARN":"arn:aws:s3:::corp-data/report.csv","type":"AWS::S3::Object"}],"#,
        ),
        rec(
            "2023-07-10T12:03:30Z",
            bob,
            "bob",
            "AssumeRole",
            "sts.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":true,"errorCode":"AccessDenied","errorMessage":"User: bob is not authorized to perform: sts:AssumeRole","#,
        ),
        rec(
            "2023-07-10T12:10:44Z",
            alice,
            "alice",
            "CreateAccessKey",
            "iam.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":false,"#,
        ),
        rec(
            "2023-07-10T12:15:09Z",
            bob,
            "bob",
            "GetObject",
            "s3.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":true,"resources":[{"ARN":"arn:aws:s3:::corp-data/report.csv","type":"AWS::S3::Object"}],"#,
        ),
        rec(
            "2023-07-10T12:20:00Z",
            alice,
            "alice",
            "DeleteTrail",
            "cloudtrail.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":false,"errorCode":"AccessDenied","#,
        ),
        rec(
            "2023-07-10T12:31:18Z",
            bob,
            "bob",
            "ListUsers",
            "iam.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":true,"#,
        ),
        rec(
            "2023-07-10T12:40:51Z",
            alice,
            "alice",
            "GetBucketPolicy",
            "s3.amazonaws.com",
            "203.0.113.10",
            r#""readOnly":true,"#,
        ),
        rec(
            "2023-07-10T12:44:59Z",
            bob,
            "bob",
            "StopLogging",
            "cloudtrail.amazonaws.com",
            "198.51.100.7",
            r#""readOnly":false,"#,
        ),
    ]
}

/// An event whose user agent and name try to drive the terminal (window title, clear screen,
/// bidi override).
pub fn hostile_record() -> String {
    rec(
        "2023-07-10T12:05:00Z",
        "arn:aws:iam::111122223333:user/mallory",
        "mallory",
        "\\u001b[2J",
        "s3.amazonaws.com",
        "192.0.2.66",
        r#""readOnly":false,"#,
    )
    .replace("aws-cli/2.13.0", "\\u001b]0;pwned\\u0007\\u202egnp.exe")
}

/// The twelve [`records`] as a finalized store and its source.
pub fn small() -> (EventStore, MemSource) {
    let f = Fixture::new(&records());
    (f.store(), f.source())
}

/// A deterministic synthetic store of `n` events (one in-memory source), built without parsing:
/// for benches and scale tests.
pub fn synthetic(n: usize) -> (EventStore, MemSource) {
    const NAMES: [&str; 12] = [
        "GetObject",
        "PutObject",
        "ListBuckets",
        "AssumeRole",
        "DescribeInstances",
        "RunInstances",
        "GetCallerIdentity",
        "CreateUser",
        "DeleteObject",
        "ConsoleLogin",
        "Decrypt",
        "ListUsers",
    ];
    const SOURCES: [&str; 6] = [
        "s3.amazonaws.com",
        "sts.amazonaws.com",
        "ec2.amazonaws.com",
        "iam.amazonaws.com",
        "signin.amazonaws.com",
        "kms.amazonaws.com",
    ];
    const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    let mut st = EventStore::default();
    let mut content = Vec::with_capacity(n * 300);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let base = 1_688_990_400_000i64; // 2023-07-10T12:00:00Z
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = base + (i as i64) * 250 + (x % 1000) as i64;
        let name = NAMES[(x >> 8) as usize % NAMES.len()];
        let source = SOURCES[(x >> 16) as usize % SOURCES.len()];
        let region = REGIONS[(x >> 20) as usize % REGIONS.len()];
        let user = format!("user{}", (x >> 24) % 500);
        let ip = format!(
            "10.{}.{}.{}",
            (x >> 32) % 4,
            (x >> 36) % 256,
            (x >> 44) % 256
        );
        let err = if x.is_multiple_of(17) {
            "AccessDenied"
        } else {
            ""
        };
        let id = format!(
            "{:08x}-0000-4000-8000-{:012x}",
            i as u32,
            x & 0xffff_ffff_ffff
        );
        let rec = format!(
            r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","userName":"{user}"}},"eventTime":"{}","eventSource":"{source}","eventName":"{name}","awsRegion":"{region}","sourceIPAddress":"{ip}","userAgent":"aws-cli/2","errorCode":"{err}","readOnly":{},"eventID":"{id}"}}"#,
            crate::model::time::format_utc(t),
            !x.is_multiple_of(3)
        );
        if i > 0 {
            content.push(b',');
        }
        let offset = content.len() as u64;
        content.extend_from_slice(rec.as_bytes());
        let mut ev = NewEvent {
            time: t,
            event_id: &id,
            flags: flags::READONLY_KNOWN
                | if !x.is_multiple_of(3) {
                    flags::READONLY
                } else {
                    0
                },
            loc: RawLoc {
                source: 0,
                len: rec.len() as u32,
                offset: offset as u32,
            },
            hash: xxhash_rust::xxh3::xxh3_64(rec.as_bytes()),
            ..Default::default()
        };
        ev.syms[SymField::Name as usize] = name;
        ev.syms[SymField::Source as usize] = source;
        ev.syms[SymField::Region as usize] = region;
        ev.syms[SymField::Ip as usize] = &ip;
        ev.syms[SymField::Who as usize] = &user;
        ev.syms[SymField::Error as usize] = err;
        ev.syms[SymField::Agent as usize] = "aws-cli/2";
        st.push(&ev);
    }
    let content: Arc<[u8]> = content.into();
    st.sources.push(SourceInfo {
        name: "<synthetic>".into(),
        path: None,
        mem: Some(content.clone()),
        size: content.len() as u64,
        mtime: None,
    });
    st.finalize(|_, _, _| false);
    (st, MemSource(vec![content]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record_bytes;

    #[test]
    fn fixture_bytes_round_trip() {
        let (st, src) = small();
        assert_eq!(st.len(), 12);
        let c = src.content(&st, 0).unwrap();
        for r in 0..st.len() {
            let b = record_bytes(&st, r, &c).unwrap();
            let v: Value = serde_json::from_slice(&b).unwrap();
            assert_eq!(v["eventName"].as_str().unwrap(), st.str(SymField::Name, r));
        }
        assert_eq!(st.str(SymField::Who, 0), "alice");
        let h = Fixture::new(&[hostile_record()]);
        let hs = h.store();
        assert_eq!(
            hs.str(SymField::Agent, 0),
            "\u{1b}]0;pwned\u{7}\u{202e}gnp.exe"
        );
        let (big, bsrc) = synthetic(1000);
        assert_eq!(big.len(), 1000);
        let c = bsrc.content(&big, 0).unwrap();
        assert!(record_bytes(&big, 999, &c).is_ok());
    }
}
