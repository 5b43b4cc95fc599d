//! Pivots: from one event to the filters that show its neighbours (same principal, same key,
//! same IP, …), and the lineage of its access key.

use super::fields::{Kind, FIELDS, LINEAGE_PIVOT};
use super::fuzzy::filter_term;
use crate::model::{EventStore, SymField};

/// One item of the pivot menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pivot {
    /// The key that applies it in the menu; the same for the same kind of item on every event
    /// (`w` identity, `c` access key, `l` key lineage, `i` source IP, `u` principal id or role
    /// session, `r` session issuer, `n` event name, `e` error code, `1`…`9` the first nine
    /// resources; `None` for the tenth resource on).
    pub key: Option<char>,
    /// What it is and the value, e.g. `same role session: AROAX:bob` (raw log text: sanitize
    /// before display).
    pub label: String,
    /// The filter it applies.
    pub term: String,
}

/// The pivot menu of `row`, in a fixed order of kinds (the registry's pivot order; items the
/// event lacks are left out, the others keep their place and key): identity (`who`), access
/// key, the key's lineage, source IP, principal id — labelled a role session for an assumed
/// role, a user id for an IAM user —, session issuer, event name, error code, then each
/// resource ARN (keys `1` to `9`, in the event's order).
pub fn pivot_menu(store: &EventStore, row: usize) -> Vec<Pivot> {
    let mut out: Vec<(u8, Pivot)> = Vec::new();
    if row >= store.len() {
        return Vec::new();
    }
    let ty = store.str(SymField::IdentityType, row);
    for f in FIELDS {
        let Some(spec) = f.pivot else { continue };
        if f.kind == Kind::Resource {
            let digits = ('1'..='9').map(Some).chain(std::iter::repeat(None));
            for (&r, key) in store.resources(row).iter().zip(digits) {
                let v = store.strings.resolve(r);
                if !v.is_empty() {
                    out.push((spec.order, item(key, spec.label, f.name, v)));
                }
            }
            continue;
        }
        let Some(col) = f.column() else { continue };
        let v = store.str(col, row);
        if v.is_empty() {
            continue;
        }
        let label = match (col, ty) {
            (SymField::Principal, "AssumedRole") => "same role session",
            (SymField::Principal, "IAMUser") => "same IAM user id",
            (SymField::Principal, "FederatedUser") => "same federated user",
            (SymField::Principal, "Root") => "same root account id",
            (SymField::Issuer, "AssumedRole") => "same role",
            (SymField::Issuer, "FederatedUser") => "same issuing user",
            _ => spec.label,
        };
        out.push((spec.order, item(Some(spec.key), label, f.name, v)));
    }
    if let Some(l) = lineage(store, row) {
        out.push((
            LINEAGE_PIVOT.order,
            Pivot {
                key: Some(LINEAGE_PIVOT.key),
                label: LINEAGE_PIVOT.label.into(),
                term: l,
            },
        ));
    }
    out.sort_by_key(|(order, _)| *order);
    out.into_iter().map(|(_, p)| p).collect()
}

fn item(key: Option<char>, label: &str, field: &str, value: &str) -> Pivot {
    Pivot {
        key,
        label: format!("{label}: {value}"),
        term: filter_term(field, value),
    }
}

/// The pivots of `row` as `(label, filter term)`: [`pivot_menu`] without the key lineage (see
/// [`lineage`]).
pub fn pivots(store: &EventStore, row: usize) -> Vec<(String, String)> {
    pivot_menu(store, row)
        .into_iter()
        .filter(|p| p.key != Some(LINEAGE_PIVOT.key))
        .map(|p| (p.label, p.term))
        .collect()
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
