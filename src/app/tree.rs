//! The lineage tree view's state (the `app` layer): the credential chain of one event, from its
//! root (a long-term key, a console sign-in, an identity provider, a service) down through
//! every session issued with it and the sessions those issued, each node with its event count,
//! errors, source IPs, time span and flags. Built from the credential graph
//! (`model::lineage`) when the view opens; `Enter` on a node filters to its subtree
//! (`lineage:KEY`). Rendered by `ui::tree`.

use crate::model::lineage::{flag, Root, Via};
use crate::model::{EventStore, Sym, SymField, UNDATED};

/// One row of the tree: a credential (an access key) and what was done with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    /// 0 for the top key.
    pub depth: u32,
    /// Tree guides before the key (`│  ├─ `), from the siblings that follow.
    pub guides: String,
    /// The access key id (raw log text); empty on the root event's row.
    pub key: String,
    /// Who used it (the identity of its first event), or empty when no loaded event did.
    pub who: String,
    /// How it was issued, e.g. `AssumeRole by bert-jan` (empty for the top key: see
    /// [`TreeState::root`]).
    pub issued: String,
    /// Events made with it (the root event's row: with everything it issued).
    pub events: u32,
    /// Of which failed.
    pub errors: u32,
    /// Source IPs with their counts, most first.
    pub ips: Vec<(String, u32)>,
    /// First and last dated event made with it ([`UNDATED`] when none).
    pub first: i64,
    /// See `first`.
    pub last: i64,
    /// Names of the graph's flags it carries (`multi-ip`, `off-instance`, …).
    pub flags: Vec<&'static str>,
    /// On the chain from the event's key up to the root.
    pub on_chain: bool,
    /// The key the event was made with.
    pub this_event: bool,
    /// The filter that shows this node's subtree.
    pub term: String,
}

/// The lineage tree popup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreeState {
    /// The event it was opened on (a store row).
    pub row: Option<u32>,
    /// Where the top credential came from, in words (raw log text).
    pub root: String,
    /// The nodes, in pre-order.
    pub rows: Vec<TreeRow>,
    /// Selected node.
    pub selected: usize,
    /// First node shown.
    pub top: usize,
}

/// The tree of `row`'s credentials: up from the key it was made with to the root, then down
/// from the top key through everything descending from it. An event made without a key that
/// issued keys (an `AssumeRole` by a service, a console sign-in) shows the tree of what it
/// issued. `None` when there is no credential to show.
pub fn build(store: &EventStore, row: usize) -> Option<TreeState> {
    if row >= store.len() {
        return None;
    }
    let g = store.lineage();
    let chain = g.up(store, row);
    // The tree hangs from the root event when there is one (a console sign-in issues several
    // session keys, all siblings), else from the top key.
    let (tree, root, root_event) = if chain.links.is_empty() {
        let t = g.down_from_event(row);
        if t.nodes.is_empty() {
            return None;
        }
        (
            t,
            format!("{} (this event)", describe(store, row)),
            Some(row),
        )
    } else {
        let top = chain.links.last().map(|l| l.key)?;
        let from = |what: &str, r: u32| {
            let r = r as usize;
            (
                g.down_from_event(r),
                format!("{what}{}", describe(store, r)),
                Some(r),
            )
        };
        match chain.root {
            Root::Console { row } => from("console sign-in: ", row),
            Root::IdentityProvider { row } => from("identity provider: ", row),
            Root::Service { row } => from("AWS service: ", row),
            Root::Event { row } => from("", row),
            Root::LongTermKey => (
                g.down(&[top]),
                format!(
                    "long-term key {} (not issued in the loaded events)",
                    store.strings.resolve(top)
                ),
                None,
            ),
            Root::Outside => (
                g.down(&[top]),
                "issued outside the loaded events".to_string(),
                None,
            ),
            Root::Cycle => (
                g.down(&[top]),
                "a cycle of keys issuing each other (forged records)".to_string(),
                None,
            ),
            Root::NoKey => return None,
        }
    };
    let stats = g.tree_stats(store, &tree);
    let chain_keys: Vec<Sym> = chain.links.iter().map(|l| l.key).collect();
    let own = store.col(SymField::Key)[row];
    let whos = first_users(store, &tree.keys().collect::<Vec<_>>());
    // Rows: the root event (if any) first, then the nodes one level deeper under it.
    let off = usize::from(root_event.is_some());
    let n = tree.nodes.len() + off;
    let parent_of = |i: usize| -> Option<usize> {
        if i < off {
            return None;
        }
        match tree.nodes[i - off].parent {
            Some(p) => Some(p as usize + off),
            None => root_event.map(|_| 0),
        }
    };
    // A row has a later sibling when a later row has the same parent.
    let mut later_sibling = vec![false; n];
    let mut last_child_of: std::collections::HashMap<Option<usize>, usize> = Default::default();
    for i in 0..n {
        if let Some(&prev) = last_child_of.get(&parent_of(i)) {
            later_sibling[prev] = true;
        }
        last_child_of.insert(parent_of(i), i);
    }
    let guides = |i: usize| -> String {
        let mut anc = Vec::new();
        let mut p = parent_of(i);
        while let Some(pi) = p {
            anc.push(pi);
            p = parent_of(pi);
        }
        let mut g = String::new();
        // The outermost ancestor draws no column; each one below it does.
        for &a in anc.iter().rev().skip(1) {
            g.push_str(if later_sibling[a] { "│  " } else { "   " });
        }
        if !anc.is_empty() {
            g.push_str(if later_sibling[i] {
                "├─ "
            } else {
                "└─ "
            });
        }
        g
    };
    let mut rows = Vec::with_capacity(n);
    if let Some(r) = root_event {
        let id = store.event_id.get(r);
        rows.push(TreeRow {
            depth: 0,
            guides: String::new(),
            key: String::new(),
            who: who(store, r as u32),
            issued: describe(store, r),
            events: 0,
            errors: 0,
            ips: Vec::new(),
            first: UNDATED,
            last: UNDATED,
            flags: Vec::new(),
            on_chain: true,
            this_event: r == row,
            term: crate::query::filter_term("lineage", &format!("id:{id}")),
        });
    }
    for (j, node) in tree.nodes.iter().enumerate() {
        let i = j + off;
        let s = &stats[j];
        let info = g.key(node.key);
        let flags = flag::NAMES
            .iter()
            .filter(|(b, _, _)| info.is_some_and(|k| k.flags & b != 0))
            .map(|&(_, name, _)| name)
            .collect();
        let issued = match node.issued_by {
            // Under the root event, that event issued it: said once, on the root row.
            Some(r) if root_event != Some(r as usize) => {
                let via = g
                    .issuers(node.key)
                    .iter()
                    .find(|e| e.row == r)
                    .map(|e| e.via);
                match via {
                    Some(Via::ConsoleLogin) => format!("console session of {}", who(store, r)),
                    _ => describe(store, r as usize),
                }
            }
            _ => String::new(),
        };
        let key = store.strings.resolve(node.key).to_string();
        rows.push(TreeRow {
            depth: node.depth + off as u32,
            guides: guides(i),
            term: crate::query::filter_term("lineage", &key),
            key,
            who: whos[j].clone(),
            issued,
            events: s.events,
            errors: s.errors,
            ips: s
                .ips
                .iter()
                .map(|&(ip, c)| (store.strings.resolve(ip).to_string(), c))
                .collect(),
            first: s.first,
            last: s.last,
            flags,
            on_chain: chain_keys.contains(&node.key),
            this_event: !own.is_none() && node.key == own,
        });
    }
    if root_event.is_some() {
        // The root event's row counts the events of everything it issued.
        let (ev, err) = rows[1..]
            .iter()
            .fold((0, 0), |(e, x), r| (e + r.events, x + r.errors));
        rows[0].events = ev;
        rows[0].errors = err;
    }
    let selected = rows.iter().position(|r| r.this_event).unwrap_or(0);
    Some(TreeState {
        row: Some(row as u32),
        root,
        rows,
        selected,
        top: 0,
    })
}

fn who(store: &EventStore, row: u32) -> String {
    store.str(SymField::Who, row as usize).to_string()
}

/// `AssumeRole by bert-jan at 2023-07-10T12:03:30Z`.
fn describe(store: &EventStore, row: usize) -> String {
    let t = store.time.try_get(row).unwrap_or(UNDATED);
    let when = if t == UNDATED {
        String::new()
    } else {
        format!(" at {}", crate::model::time::format_utc(t))
    };
    format!(
        "{} by {}{when}",
        store.str(SymField::Name, row),
        store.str(SymField::Who, row)
    )
}

/// The identity of the first event made with each of `keys` (empty when none): one pass over
/// the key column, stopping when every key is found.
fn first_users(store: &EventStore, keys: &[Sym]) -> Vec<String> {
    let mut out = vec![String::new(); keys.len()];
    let mut index: std::collections::HashMap<Sym, usize> =
        keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    if index.is_empty() {
        return out;
    }
    for (r, k) in store.col(SymField::Key).iter().enumerate() {
        if let Some(i) = index.remove(k) {
            out[i] = store.str(SymField::Who, r).to_string();
            if index.is_empty() {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::load_memory;
    use std::sync::Arc;

    fn demo() -> EventStore {
        load_memory(
            crate::demo::DEMO
                .iter()
                .map(|(n, b)| (n.to_string(), Arc::from(*b)))
                .collect(),
        )
        .0
    }

    fn row_with_key(st: &EventStore, key: &str) -> usize {
        (0..st.len())
            .find(|&r| st.str(SymField::Key, r) == key)
            .unwrap_or_else(|| panic!("no event made with {key}"))
    }

    fn tree_of(st: &EventStore, key: &str) -> TreeState {
        build(st, row_with_key(st, key)).expect("a tree")
    }

    /// The EC2 instance's credentials: issued by ec2.amazonaws.com's AssumeRole (the root
    /// row, which filters to everything it issued), used 13 times from one address.
    #[test]
    fn instance_credentials_hang_from_the_service_assume_role() {
        let st = demo();
        let t = tree_of(&st, "ASIATFQR7NSCSHSEVYP5");
        assert_eq!(
            t.root,
            "AWS service: AssumeRole by ec2.amazonaws.com at 2023-07-10T11:55:22Z"
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].term,
            "lineage:id:7a5ee168-7848-4cfa-8d3c-69f78ecb1806"
        );
        let k = &t.rows[1];
        assert_eq!((k.depth, k.guides.as_str()), (1, "└─ "));
        assert_eq!(k.key, "ASIATFQR7NSCSHSEVYP5");
        assert_eq!((k.events, k.errors), (13, 0));
        assert_eq!(k.ips, [("3.225.16.109".to_string(), 13)]);
        assert!(k.this_event && k.on_chain);
        assert_eq!(
            k.who,
            "stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed"
        );
        assert_eq!(t.selected, 1);
        assert_eq!(k.term, "lineage:ASIATFQR7NSCSHSEVYP5");
    }

    /// A role session of bert-jan's: the tree starts at his long-term key and lists every
    /// session it opened, the event's own marked, counts as derived from the files.
    #[test]
    fn role_sessions_hang_from_the_long_term_key() {
        let st = demo();
        let t = tree_of(&st, "ASIATFQR7NSCWLLE7IWW");
        assert!(
            t.root.starts_with("long-term key AKIATFQR7NSC8Q4X20BJ"),
            "{}",
            t.root
        );
        let top = &t.rows[0];
        assert_eq!((top.key.as_str(), top.depth), ("AKIATFQR7NSC8Q4X20BJ", 0));
        assert!(top.on_chain && !top.this_event);
        assert_eq!(top.who, "bert-jan");
        let me = &t.rows[t.selected];
        assert_eq!(me.key, "ASIATFQR7NSCWLLE7IWW");
        assert_eq!((me.events, me.depth), (29, 1));
        assert!(
            me.issued.starts_with("AssumeRole by bert-jan at "),
            "{}",
            me.issued
        );
        // Children of the top key, in issuing order; the last one closes the tree.
        assert!(t.rows[1..t.rows.len() - 1]
            .iter()
            .all(|r| r.guides == "├─ "));
        assert_eq!(t.rows.last().unwrap().guides, "└─ ");
        // The two keys bert-jan created (never used) are in his tree.
        for k in ["AKIATFQR7NSC3ZO6PKAZ", "AKIATFQR7NSCQLA2F4OD"] {
            let r = t.rows.iter().find(|r| r.key == k).expect(k);
            assert_eq!(r.events, 0);
            assert!(r.issued.starts_with("CreateAccessKey by bert-jan"));
        }
    }

    /// A console session: the sign-in is the root row and every session key of it a child;
    /// together they made the 217 calls the console-session pivot finds.
    #[test]
    fn console_sessions_are_siblings_under_the_sign_in() {
        let st = demo();
        let t = tree_of(&st, "ASIATFQR7NSCS5BLNV76");
        assert!(t
            .root
            .starts_with("console sign-in: ConsoleLogin by bert-jan"));
        assert_eq!(t.rows[0].key, "");
        assert_eq!(
            t.rows[0].term,
            "lineage:id:8feee4c2-5e27-4857-8475-bfa7e7b6d791"
        );
        assert!(t.rows[1..].iter().all(|r| r.depth == 1));
        assert_eq!(t.rows[1..].iter().map(|r| r.events).sum::<u32>(), 217);
        assert_eq!(t.rows[t.selected].events, 109);
        assert_eq!(t.rows[0].events, 217);
        let multi = t
            .rows
            .iter()
            .find(|r| r.key == "ASIATFQR7NSC2T5YJDEY")
            .unwrap();
        assert_eq!(multi.flags, ["multi-ip"]);
    }

    #[test]
    fn an_event_without_credentials_has_no_tree() {
        let st = demo();
        let r = (0..st.len())
            .find(|&r| {
                st.col(SymField::Key)[r].is_none() && st.lineage().issued_by(r).next().is_none()
            })
            .unwrap();
        assert!(build(&st, r).is_none());
        assert!(build(&st, st.len()).is_none());
    }
}
