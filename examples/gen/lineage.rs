//! `--lineage PATH`: what the generator knows of the credentials in its trail, as ground truth
//! for lineage features and their tests (issue 10).
//!
//! One JSON object a line, for every access key that an event of the trail issued or was made
//! with, in the order the plan created them:
//!
//! ```text
//! {"accessKeyId":"ASIA…","kinds":["HumanAssume"],"account":"123456789012",
//!  "principal":"arn:aws:sts::123456789012:assumed-role/Admin/alice","created":"2026-11-01T…Z",
//!  "issuedBy":"<eventID>","parent":"AKIA…","events":["<eventID>",…]}
//! ```
//!
//! `issuedBy` is the event that issued the key (AssumeRole*, GetSessionToken,
//! GetFederationToken, CreateAccessKey, or the ConsoleLogin that opened a console session),
//! null for keys that existed before the trail starts (long-term keys, sessions already open)
//! or were issued outside it; `parent` is the key that issuing event was made with (null when
//! it was made without one: a service, a SAML or OIDC identity, a console login); `events` are
//! the events made with the key (`userIdentity.accessKeyId`), each once (duplicate deliveries
//! left out), in file order. `created` is null for long-term keys. `kinds` are the generator's
//! names of the principals that used the key (two for the attack story's leaked key: its
//! user's and the attacker's); `account` and `principal` are the first one's.

use crate::identities::NO32;
use crate::output::FileOut;
use crate::plan::Gen;
use crate::time::iso;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

/// One record's part in the lineage: the session whose key made it, the session it issued,
/// its eventID.
pub type Link = (u32, u32, String);

/// The eventID of the record in `rec` (the bytes of one record as written).
pub fn event_id(rec: &[u8]) -> String {
    const KEY: &[u8] = b"\"eventID\":\"";
    let at = memchr::memmem::find(rec, KEY).expect("every record has an eventID") + KEY.len();
    let len = rec[at..].iter().position(|&b| b == b'"').unwrap();
    String::from_utf8_lossy(&rec[at..at + len]).into_owned()
}

/// Writes the lineage file; returns the number of keys written.
pub fn write(g: &Gen, outs: &[FileOut], path: &Path) -> Result<usize, String> {
    // One entry per access key: a key can serve two lanes (the leaked key of the attack story
    // is a user's own key).
    let mut entry_of = Vec::with_capacity(g.sessions.len());
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<Vec<u32>> = Vec::new();
    for (s, sess) in g.sessions.iter().enumerate() {
        let e = *first.entry(sess.akid.as_str()).or_insert_with(|| {
            keys.push(Vec::new());
            keys.len() - 1
        });
        keys[e].push(s as u32);
        entry_of.push(e);
    }
    let mut events: Vec<Vec<&str>> = vec![Vec::new(); keys.len()];
    let mut issued_by: Vec<Option<(&str, u32)>> = vec![None; keys.len()];
    for (key, issued, id) in outs.iter().flat_map(|o| &o.lineage) {
        if *key != NO32 {
            events[entry_of[*key as usize]].push(id);
        }
        if *issued != NO32 {
            issued_by[entry_of[*issued as usize]].get_or_insert((id, *key));
        }
    }
    let mut out = Vec::new();
    let mut count = 0;
    for (e, sessions) in keys.iter().enumerate() {
        let sess = &g.sessions[sessions[0] as usize];
        if sess.akid.is_empty() || (events[e].is_empty() && issued_by[e].is_none()) {
            continue;
        }
        let lane = &g.lanes[sess.lane as usize];
        let kinds: Vec<String> = sessions
            .iter()
            .map(|&s| format!("{:?}", g.lanes[g.sessions[s as usize].lane as usize].kind))
            .collect();
        let key_of = |k: u32| (k != NO32).then(|| g.sessions[k as usize].akid.as_str());
        let line = serde_json::json!({
            "accessKeyId": sess.akid,
            "kinds": kinds,
            "account": g.accts[lane.acct].id,
            "principal": g.principal_arn(lane, sess, ""),
            "created": (sess.creation > i64::MIN / 8).then(|| iso(sess.creation)),
            "issuedBy": issued_by[e].map(|x| x.0),
            "parent": issued_by[e].and_then(|x| key_of(x.1)),
            "events": events[e],
        });
        serde_json::to_writer(&mut out, &line).map_err(|e| e.to_string())?;
        out.push(b'\n');
        count += 1;
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(count)
}
