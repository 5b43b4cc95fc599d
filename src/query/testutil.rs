//! Test helpers: a store built from JSON records with a tiny extractor, and an in-memory
//! `RecordSource`.

use crate::model::time::parse_event_time;
use crate::model::{flags, EventStore, NewEvent, RawLoc, RecordSource, SymField, UNDATED};
use serde_json::Value;
use std::sync::Arc;

/// Source contents by index; `None` = cannot be read.
pub struct MemSource(pub Vec<Option<Arc<[u8]>>>);

impl RecordSource for MemSource {
    fn content(&self, _store: &EventStore, s: u32) -> Result<Arc<[u8]>, String> {
        match self.0.get(s as usize) {
            Some(Some(c)) => Ok(c.clone()),
            _ => Err(format!("source {s} is gone")),
        }
    }
}

/// One record to load: which source, its JSON, and whether to store it escaped (as the
/// contents of a JSON string, like lookup-events output).
pub struct Rec<'a> {
    pub source: u32,
    pub json: &'a str,
    pub escaped: bool,
}

fn s<'v>(v: &'v Value, path: &str) -> &'v str {
    let mut cur = v;
    for k in path.split('.') {
        match cur.get(k) {
            Some(x) => cur = x,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

/// Builds a store (not finalized when `finalize` is false) and its sources.
pub fn build(recs: &[Rec<'_>], finalize: bool) -> (EventStore, MemSource) {
    let nsrc = recs
        .iter()
        .map(|r| r.source as usize + 1)
        .max()
        .unwrap_or(0);
    let mut contents: Vec<Vec<u8>> = vec![Vec::new(); nsrc];
    let mut store = EventStore::default();
    let mut pending = Vec::new();
    for r in recs {
        let v: Value = serde_json::from_str(r.json).expect("test record is JSON");
        let buf = &mut contents[r.source as usize];
        let stored: Vec<u8> = if r.escaped {
            let q = serde_json::to_string(r.json).unwrap();
            q.as_bytes()[1..q.len() - 1].to_vec()
        } else {
            r.json.as_bytes().to_vec()
        };
        buf.extend_from_slice(b"{\"x\": ");
        let offset = buf.len() as u64;
        buf.extend_from_slice(&stored);
        buf.extend_from_slice(b"}\n");
        pending.push((v, stored, offset, r.source, r.escaped));
    }
    for (v, stored, offset, source, escaped) in &pending {
        let mut ev = NewEvent {
            time: parse_event_time(s(v, "eventTime")).unwrap_or(UNDATED),
            event_id: s(v, "eventID"),
            request_id: s(v, "requestID"),
            loc: RawLoc {
                source: *source,
                len: stored.len() as u32,
                offset: *offset as u32,
            },
            hash: xxhash_rust::xxh3::xxh3_64(stored),
            issued_key: s(v, "responseElements.credentials.accessKeyId"),
            ..Default::default()
        };
        let mut f = 0;
        if *escaped {
            f |= flags::ESCAPED;
        }
        if let Some(b) = v.get("readOnly").and_then(Value::as_bool) {
            f |= flags::READONLY_KNOWN;
            if b {
                f |= flags::READONLY;
            }
        }
        ev.flags = f;
        let who = [
            "userIdentity.userName",
            "userIdentity.sessionContext.sessionIssuer.userName",
            "userIdentity.invokedBy",
        ]
        .iter()
        .map(|p| s(v, p))
        .find(|x| !x.is_empty())
        .unwrap_or("");
        use SymField as F;
        let mut set = |f: F, x: &'static str| ev.syms[f as usize] = s(v, x);
        set(F::Name, "eventName");
        set(F::Source, "eventSource");
        set(F::Region, "awsRegion");
        set(F::Ip, "sourceIPAddress");
        set(F::Agent, "userAgent");
        set(F::Error, "errorCode");
        set(F::IdentityType, "userIdentity.type");
        set(F::Arn, "userIdentity.arn");
        set(F::Account, "recipientAccountId");
        set(F::PrincipalAccount, "userIdentity.accountId");
        set(F::Key, "userIdentity.accessKeyId");
        set(F::Issuer, "userIdentity.sessionContext.sessionIssuer.arn");
        set(F::Principal, "userIdentity.principalId");
        set(F::EventType, "eventType");
        set(F::Category, "eventCategory");
        set(F::ErrorMessage, "errorMessage");
        ev.syms[F::Who as usize] = who;
        ev.resources = v
            .get("resources")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|r| s(r, "ARN"))
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        store.push(&ev);
    }
    if finalize {
        store.finalize(|_, _, _| false);
    }
    let src = MemSource(
        contents
            .into_iter()
            .map(|c| Some(Arc::from(c.into_boxed_slice())))
            .collect(),
    );
    (store, src)
}
