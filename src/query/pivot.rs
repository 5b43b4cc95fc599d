//! Pivots: from one event to the filters that show its neighbours (same principal, same key,
//! same IP, …), and the lineage of its access key.

use super::fuzzy::filter_term;
use crate::model::{EventStore, SymField};

/// The pivots of `row`: `(label, filter term)` for its principal (`who`), access key, source IP,
/// session (`principal`), session issuer, each resource ARN, event name and error code, in that
/// order; only the ones the event has. Labels read `"same principal: alice"`,
/// `"resource: arn:…"` (raw log text: sanitize before display).
pub fn pivots(store: &EventStore, row: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if row >= store.len() {
        return out;
    }
    let mut add = |what: &str, field: &str, value: &str| {
        if !value.is_empty() {
            out.push((format!("{what}: {value}"), filter_term(field, value)));
        }
    };
    add("same principal", "who", store.str(SymField::Who, row));
    add("same access key", "key", store.str(SymField::Key, row));
    add("same source IP", "ip", store.str(SymField::Ip, row));
    add(
        "same session",
        "principal",
        store.str(SymField::Principal, row),
    );
    add("same issuer", "issuer", store.str(SymField::Issuer, row));
    for &r in store.resources(row) {
        add("resource", "resource", store.strings.resolve(r));
    }
    add("same event name", "name", store.str(SymField::Name, row));
    add("same error", "error", store.str(SymField::Error, row));
    out
}

/// The lineage of `row`'s access key: `key:<K>` (every event made with the key) OR'd with
/// `id:<eventID>` of each loaded event whose response issued `K` (the `AssumeRole`,
/// `GetSessionToken`, … that created it), e.g. `key:ASIAEXAMPLE OR id:3038ebd2-…`. One level
/// only: the issuing event's own key is not followed. `None` when the event has no access key;
/// just `key:<K>` when no loaded event issued it.
pub fn lineage(store: &EventStore, row: usize) -> Option<String> {
    if row >= store.len() {
        return None;
    }
    let key = store.col(SymField::Key)[row];
    if key.is_none() {
        return None;
    }
    let mut terms = vec![filter_term("key", store.strings.resolve(key))];
    for &(r, k) in &store.issued {
        if k == key && !store.event_id.is_none(r as usize) {
            let t = filter_term("id", &store.event_id.get(r as usize));
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
    }
    Some(terms.join(" OR "))
}
