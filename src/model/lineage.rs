//! The credential graph (issue 10): which event issued which access key, which key each event
//! was made with, and so which credentials descend from which. Pure data over the store's
//! columns, no I/O.
//!
//! # What is linked
//!
//! * **Issued keys** (an edge `issuing event → key`): the key in
//!   `responseElements.credentials.accessKeyId` (`AssumeRole`, `AssumeRoleWithSAML`,
//!   `AssumeRoleWithWebIdentity`, `GetSessionToken`, `GetFederationToken`, and the AssumeRole
//!   a service such as `ec2.amazonaws.com` makes for an instance profile) and in
//!   `responseElements.accessKey.accessKeyId` (`CreateAccessKey`). The loader reads them in its
//!   one pass over each record ([`EventStore::issued`], with `credentials.expiration` in
//!   [`EventStore::expiry`]).
//! * **Console sessions** ([`Via::ConsoleLogin`]): a `ConsoleLogin` response carries no key, so
//!   the session's keys (an `IAMUser`/`Root` identity with a temporary `ASIA…` key) are matched
//!   to the sign-in of the same principal ARN whose time is within [`CONSOLE_SLACK_MS`] of the
//!   key's `sessionContext.attributes.creationDate` ([`EventStore::key_created`]).
//! * **Used keys**: every event's `userIdentity.accessKeyId` is its key (the `Key` column): the
//!   event was made with it. The *parent* of an issued key is the key its issuing event was
//!   made with, so role chaining (a session assuming another role, often in another account)
//!   gives trees.
//!
//! A key issued by several loaded records (the same `AssumeRole` logged in both accounts of a
//! cross-account call) keeps every issuing record ([`Lineage::issuers`]); its place in the tree
//! is taken from the first one made with a key, else the first one ([`Lineage::issuer`]).
//! Attacker-written records may make cycles: every walk visits a key once.
//!
//! # Using it
//!
//! [`EventStore::lineage`] builds the graph on first use and keeps it until a row is added
//! (the loader's finalize builds it at once, so a loaded store has it ready). Keys are the
//! store's interned [`Sym`]s.
//!
//! * Up: [`Lineage::up`] (from an event) and [`Lineage::up_key`] give a [`Chain`]: the links
//!   from the event's key back to its root, each with its issuing event, and the [`Root`]
//!   (a long-term key, a console sign-in, an identity provider, a service, or outside the
//!   trail).
//! * Down: [`Lineage::down`] (from keys) and [`Lineage::down_from_event`] (the keys an event
//!   issued) give a [`Tree`] in pre-order; [`Lineage::descendants`] just the keys;
//!   [`Lineage::rows`] the events made with any of them plus the events that issued the
//!   starting keys — what the filter term `lineage:` matches.
//! * Per key: [`Lineage::issued_by`] (keys an event issued), [`Lineage::children`],
//!   [`Lineage::parent`], [`Lineage::key`] ([`KeyInfo`]: events, first/last use, expiry, flags),
//!   [`Lineage::tree_stats`] (per node of a tree: events, errors, time span, source IPs).
//! * Flags ([`flag`]): instance or other service-issued role credentials used from an IP that
//!   the rest of that instance's (role session's) calls do not come from (`OFF_INSTANCE`), a key
//!   used from more than one IP address (`MULTI_IP`) or user-agent family (`MULTI_AGENT`), a
//!   session used after its `expiration` (`EXPIRED`). [`Lineage::event_flags`] for one event,
//!   [`Lineage::flagged_rows`] for all.

use super::intern::Sym;
use super::store::{EventStore, SymField};
use super::time::UNDATED;

mod build;

/// How long after (or, for clock skew, before) a `ConsoleLogin` a console session key's
/// `creationDate` may be for the key to be that sign-in's.
pub const CONSOLE_SLACK_MS: i64 = 10_000;

/// Bits of [`KeyInfo::flags`] and of [`Lineage::event_flags`].
pub mod flag {
    /// Service-issued role credentials (an instance profile, a Lambda or ECS task role…) used
    /// from an IP address that role session does not otherwise call from, with a user agent
    /// it does not otherwise use: "instance credentials used off-instance". The session's
    /// usual IPs are those carrying at least a quarter as many of its calls as its busiest
    /// one, or used with more than one of its keys.
    pub const OFF_INSTANCE: u8 = 1;
    /// The key was used from more than one IP address (AWS service names and `AWS Internal`
    /// do not count: they are AWS acting for the key).
    pub const MULTI_IP: u8 = 2;
    /// The key was used with more than one user-agent family (aws-cli, Boto3, a Go SDK, a
    /// browser…; AWS services' own agents do not count).
    pub const MULTI_AGENT: u8 = 4;
    /// The key was used after the `expiration` its issuing response gave.
    pub const EXPIRED: u8 = 8;
    /// Every flag with its name in the filter language (`flag:off-instance`) and a line of
    /// help, in help order.
    pub const NAMES: [(u8, &str, &str); 4] = [
        (
            OFF_INSTANCE,
            "off-instance",
            "service-issued role credentials used from an IP unusual for that session",
        ),
        (
            MULTI_IP,
            "multi-ip",
            "the key was used from more than one IP address",
        ),
        (
            MULTI_AGENT,
            "multi-agent",
            "the key was used with more than one user-agent family",
        ),
        (EXPIRED, "expired", "used after its session's expiration"),
    ];

    /// The bit named `name` (ASCII case-insensitive), see [`NAMES`].
    pub fn by_name(name: &str) -> Option<u8> {
        NAMES
            .iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(b, _, _)| b)
    }
}

/// How an issuing event is known to have issued a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// The key is in the event's response (`credentials` or `accessKey`).
    Response,
    /// A console sign-in: matched by principal and the session's `creationDate`.
    ConsoleLogin,
}

/// One issuance: `row` issued `key`; `parent` is the key `row` was made with
/// ([`Sym::NONE`]: made without one — a service, a SAML or web identity, a console sign-in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The issued key.
    pub key: Sym,
    /// The issuing event.
    pub row: u32,
    /// The key the issuing event was made with.
    pub parent: Sym,
    /// How the link is known.
    pub via: Via,
}

/// What is known of one access key that events were made with (times and IPs per key:
/// [`Lineage::tree_stats`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key.
    pub key: Sym,
    /// Events made with it.
    pub events: u32,
    /// When its session expires (from the issuing response), seconds since the epoch; 0 when
    /// unknown. See [`KeyInfo::expiry_ms`].
    pub expiry: u32,
    /// Bits of [`flag`].
    pub flags: u8,
}

impl KeyInfo {
    /// When its session expires, ms since the epoch.
    pub fn expiry_ms(&self) -> Option<i64> {
        (self.expiry != 0).then_some(self.expiry as i64 * 1000)
    }
}

/// The end of a [`Chain`]: where the top credential came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    /// The chain's top key is a long-term key (`AKIA…`) not issued by any loaded event.
    LongTermKey,
    /// Issued at a console sign-in (the `ConsoleLogin` event).
    Console {
        /// The `ConsoleLogin`.
        row: u32,
    },
    /// Issued to an external identity (`AssumeRoleWithSAML`, `AssumeRoleWithWebIdentity`).
    IdentityProvider {
        /// The issuing event.
        row: u32,
    },
    /// Issued by an AWS service for a role it runs (an EC2 instance profile, Lambda, ECS…).
    Service {
        /// The issuing event (its `Who` is the service, e.g. `ec2.amazonaws.com`).
        row: u32,
    },
    /// Issued by an event made without an access key that is none of the above.
    Event {
        /// The issuing event.
        row: u32,
    },
    /// The top key was issued outside the loaded events (a temporary key whose issuing call
    /// is not in the trail).
    Outside,
    /// The walk came back to a key it had seen (forged records).
    Cycle,
    /// The event was made without an access key: there is no chain.
    NoKey,
}

/// One credential on a chain: the key and the event that issued it (`None`: not loaded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// The key.
    pub key: Sym,
    /// Its issuing event.
    pub issued_by: Option<u32>,
    /// How that is known.
    pub via: Via,
}

/// The chain of credentials from an event's key up to its root: `links[0]` is the event's own
/// key, each next link the key the previous one's issuing event was made with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// From the event's key to the topmost key.
    pub links: Vec<Link>,
    /// Where the topmost key came from.
    pub root: Root,
}

/// One node of a [`Tree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
    /// The key.
    pub key: Sym,
    /// Index of the parent node in [`Tree::nodes`] (`None` for a top node).
    pub parent: Option<u32>,
    /// 0 for a top node.
    pub depth: u32,
    /// The event that issued the key (the one that placed it here), if loaded.
    pub issued_by: Option<u32>,
}

/// Keys descending from some starting keys, in pre-order (each node's children follow it,
/// ordered by their issuing event); every key appears once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// The nodes; the starting keys have `depth == 0`.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Every key of the tree.
    pub fn keys(&self) -> impl Iterator<Item = Sym> + '_ {
        self.nodes.iter().map(|n| n.key)
    }
}

/// What the events made with one node's key did ([`Lineage::tree_stats`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeStats {
    /// Events made with the key.
    pub events: u32,
    /// Of which with an `errorCode`.
    pub errors: u32,
    /// First and last dated event ([`UNDATED`] when none).
    pub first: i64,
    /// See `first`.
    pub last: i64,
    /// Source IPs (the `sourceIPAddress` symbols) with their event counts, most first.
    pub ips: Vec<(Sym, u32)>,
    /// `userIdentity.arn` of the first event made with the key (who held it).
    pub arn: Sym,
    /// `recipientAccountId` of that event.
    pub account: Sym,
}

/// The credential graph of a store (see the module doc). Built by [`EventStore::lineage`].
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    /// Every issuance, sorted by (key, row).
    edges: Vec<Edge>,
    /// Indices into `edges` of the edges with a parent, sorted by (parent, row): children.
    by_parent: Vec<u32>,
    /// Indices into `edges` sorted by row: what an event issued.
    by_row: Vec<u32>,
    /// Every key events were made with, sorted by key.
    keys: Vec<KeyInfo>,
    /// The events flagged `OFF_INSTANCE`, ascending.
    off_rows: Vec<u32>,
    /// Rows of the store it was built for.
    rows: usize,
}

impl Lineage {
    /// Builds the graph of `store` (normally through [`EventStore::lineage`]).
    pub fn build(store: &EventStore) -> Lineage {
        build::build(store)
    }

    /// Number of rows of the store it was built for.
    pub fn rows_built(&self) -> usize {
        self.rows
    }

    /// Every issuance, sorted by key then issuing row.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Every key events were made with, sorted by key symbol (keys only issued are in
    /// [`Lineage::edges`]).
    pub fn keys(&self) -> &[KeyInfo] {
        &self.keys
    }

    /// What is known of `key`.
    pub fn key(&self, key: Sym) -> Option<&KeyInfo> {
        self.keys
            .binary_search_by_key(&key, |k| k.key)
            .ok()
            .map(|i| &self.keys[i])
    }

    /// Every issuance of `key` (usually one).
    pub fn issuers(&self, key: Sym) -> &[Edge] {
        let a = self.edges.partition_point(|e| e.key < key);
        let b = a + self.edges[a..].partition_point(|e| e.key == key);
        &self.edges[a..b]
    }

    /// The issuance that places `key` in the tree: the first one made with a key, else the
    /// first one.
    pub fn issuer(&self, key: Sym) -> Option<&Edge> {
        let all = self.issuers(key);
        all.iter()
            .find(|e| !e.parent.is_none() && e.parent != key)
            .or(all.first())
    }

    /// When `key`'s session expires (its issuing response's `expiration`), ms since the epoch.
    pub fn expiry(&self, store: &EventStore, key: Sym) -> Option<i64> {
        let row = self.issuer(key)?.row;
        let x = store.issued.partition_point(|&(r, _)| r < row);
        match (store.issued.get(x), store.expiry.get(x)) {
            (Some(&(r, k)), Some(&secs)) if r == row && k == key && secs != 0 => {
                Some(secs as i64 * 1000)
            }
            _ => None,
        }
    }

    /// The key `key`'s issuing event was made with.
    pub fn parent(&self, key: Sym) -> Option<Sym> {
        self.issuer(key)
            .map(|e| e.parent)
            .filter(|p| !p.is_none() && *p != key)
    }

    /// The keys issued by events made with `key`, each with its issuing event, by issuing row.
    /// Only issuances that place the child in the tree count (see [`Lineage::issuer`]).
    pub fn children(&self, key: Sym) -> impl Iterator<Item = &Edge> + '_ {
        let a = self
            .by_parent
            .partition_point(|&i| self.edges[i as usize].parent < key);
        self.by_parent[a..]
            .iter()
            .map(|&i| &self.edges[i as usize])
            .take_while(move |e| e.parent == key)
    }

    /// The keys event `row` issued (in its response, or a console sign-in's session keys).
    pub fn issued_by(&self, row: usize) -> impl Iterator<Item = Sym> + '_ {
        let r = row as u32;
        let a = self
            .by_row
            .partition_point(|&i| self.edges[i as usize].row < r);
        self.by_row[a..]
            .iter()
            .map(|&i| &self.edges[i as usize])
            .take_while(move |e| e.row == r)
            .map(|e| e.key)
    }

    /// The chain from the key event `row` was made with up to its root.
    pub fn up(&self, store: &EventStore, row: usize) -> Chain {
        match store.col(SymField::Key).get(row) {
            Some(&k) if !k.is_none() => self.up_key(store, k),
            _ => Chain {
                links: Vec::new(),
                root: Root::NoKey,
            },
        }
    }

    /// The chain from `key` up to its root.
    pub fn up_key(&self, store: &EventStore, key: Sym) -> Chain {
        let mut links: Vec<Link> = Vec::new();
        let mut seen: std::collections::HashSet<Sym> = std::collections::HashSet::new();
        let mut k = key;
        loop {
            if !seen.insert(k) {
                return Chain {
                    links,
                    root: Root::Cycle,
                };
            }
            let edge = self.issuer(k).copied();
            links.push(Link {
                key: k,
                issued_by: edge.map(|e| e.row),
                via: edge.map_or(Via::Response, |e| e.via),
            });
            let Some(e) = edge else {
                let root = if store.strings.resolve(k).starts_with("AKIA") {
                    Root::LongTermKey
                } else {
                    Root::Outside
                };
                return Chain { links, root };
            };
            if !e.parent.is_none() && e.parent != k {
                k = e.parent;
                continue;
            }
            let row = e.row;
            let root = if e.via == Via::ConsoleLogin {
                Root::Console { row }
            } else {
                let r = row as usize;
                let name = store.str(SymField::Name, r);
                if name.starts_with("AssumeRoleWith") {
                    Root::IdentityProvider { row }
                } else if store.str(SymField::IdentityType, r) == "AWSService" {
                    Root::Service { row }
                } else {
                    Root::Event { row }
                }
            };
            return Chain { links, root };
        }
    }

    /// Every key descending from `start` (the starting keys included), as a tree.
    pub fn down(&self, start: &[Sym]) -> Tree {
        let mut seen: std::collections::HashSet<Sym> = std::collections::HashSet::new();
        let mut nodes: Vec<Node> = Vec::new();
        // Iterative pre-order: (key, parent index, depth, issuing row).
        let mut stack: Vec<(Sym, Option<u32>, u32, Option<u32>)> = Vec::new();
        for &k in start.iter().rev() {
            if !k.is_none() {
                stack.push((k, None, 0, self.issuer(k).map(|e| e.row)));
            }
        }
        while let Some((key, parent, depth, issued_by)) = stack.pop() {
            if !seen.insert(key) {
                continue;
            }
            let me = nodes.len() as u32;
            nodes.push(Node {
                key,
                parent,
                depth,
                issued_by,
            });
            let kids: Vec<&Edge> = self.children(key).collect();
            for e in kids.into_iter().rev() {
                if !seen.contains(&e.key) {
                    stack.push((e.key, Some(me), depth + 1, Some(e.row)));
                }
            }
        }
        Tree { nodes }
    }

    /// The tree of the keys event `row` issued.
    pub fn down_from_event(&self, row: usize) -> Tree {
        let keys: Vec<Sym> = self.issued_by(row).collect();
        self.down(&keys)
    }

    /// Every key descending from `start`, the starting keys included (unordered, each once).
    pub fn descendants(&self, start: &[Sym]) -> Vec<Sym> {
        self.down(start).keys().collect()
    }

    /// The events of the lineage of `start`: those made with any key descending from it
    /// (which includes the calls that issued the descendants) plus every loaded event that
    /// issued a starting key, ascending.
    pub fn rows(&self, store: &EventStore, start: &[Sym]) -> Vec<u32> {
        let keys = self.descendants(start);
        let mut member = vec![false; store.strings.len().max(1)];
        for k in &keys {
            if let Some(m) = member.get_mut(k.0 as usize) {
                *m = true;
            }
        }
        let mut rows: Vec<u32> = store
            .col(SymField::Key)
            .iter()
            .enumerate()
            .filter(|(_, k)| member.get(k.0 as usize).copied().unwrap_or(false))
            .map(|(r, _)| r as u32)
            .collect();
        let n = rows.len();
        for &k in start {
            rows.extend(
                self.issuers(k)
                    .iter()
                    .map(|e| e.row)
                    .filter(|&r| (r as usize) < store.len()),
            );
        }
        if rows.len() > n {
            rows.sort_unstable();
            rows.dedup();
        }
        rows
    }

    /// Per node of `tree` (same order): what the events made with its key did (a key on several
    /// nodes gets the same stats on each). One pass over the store.
    pub fn tree_stats(&self, store: &EventStore, tree: &Tree) -> Vec<NodeStats> {
        let mut index = vec![u32::MAX; store.strings.len().max(1)];
        for (i, n) in tree.nodes.iter().enumerate() {
            if let Some(x) = index.get_mut(n.key.0 as usize) {
                *x = i as u32;
            }
        }
        let mut out: Vec<NodeStats> = vec![
            NodeStats {
                first: UNDATED,
                last: UNDATED,
                ..Default::default()
            };
            tree.nodes.len()
        ];
        let mut ips: Vec<std::collections::HashMap<Sym, u32>> =
            vec![Default::default(); tree.nodes.len()];
        let key = store.col(SymField::Key);
        let ip = store.col(SymField::Ip);
        let err = store.col(SymField::Error);
        for r in 0..store.len() {
            let i = match index.get(key[r].0 as usize) {
                Some(&i) if i != u32::MAX => i as usize,
                _ => continue,
            };
            let s = &mut out[i];
            if s.events == 0 {
                s.arn = store.col(SymField::Arn)[r];
                s.account = store.col(SymField::Account)[r];
            }
            s.events += 1;
            if !err[r].is_none() {
                s.errors += 1;
            }
            let t = store.time.get(r);
            if t != UNDATED {
                if s.first == UNDATED || t < s.first {
                    s.first = t;
                }
                if s.last == UNDATED || t > s.last {
                    s.last = t;
                }
            }
            *ips[i].entry(ip[r]).or_default() += 1;
        }
        for (i, n) in tree.nodes.iter().enumerate() {
            let j = index[n.key.0 as usize] as usize;
            if j != i {
                // The same key twice: its counts were gathered on its last node.
                let m = ips[j].clone();
                ips[i] = m;
                out[i] = out[j].clone();
            }
        }
        for (s, m) in out.iter_mut().zip(ips) {
            let mut v: Vec<(Sym, u32)> = m.into_iter().collect();
            v.sort_unstable_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| store.strings.resolve(a.0).cmp(store.strings.resolve(b.0)))
            });
            s.ips = v;
        }
        out
    }

    /// The [`flag`] bits of event `row`: `OFF_INSTANCE` and `EXPIRED` for this event's use of
    /// its key, `MULTI_IP` and `MULTI_AGENT` when its key has them.
    pub fn event_flags(&self, store: &EventStore, row: usize) -> u8 {
        let Some(&k) = store.col(SymField::Key).get(row) else {
            return 0;
        };
        let Some(info) = self.key(k) else {
            return 0;
        };
        self.row_flags(store, row, info)
    }

    fn row_flags(&self, store: &EventStore, row: usize, info: &KeyInfo) -> u8 {
        let mut f = info.flags & (flag::MULTI_IP | flag::MULTI_AGENT);
        if info.flags & flag::EXPIRED != 0 {
            let t = store.time.get(row);
            if t != UNDATED && info.expiry_ms().is_some_and(|e| t > e) {
                f |= flag::EXPIRED;
            }
        }
        if info.flags & flag::OFF_INSTANCE != 0
            && self.off_rows.binary_search(&(row as u32)).is_ok()
        {
            f |= flag::OFF_INSTANCE;
        }
        f
    }

    /// The events having any of the [`flag`] bits in `mask`, ascending.
    pub fn flagged_rows(&self, store: &EventStore, mask: u8) -> Vec<u32> {
        let mut index = vec![u32::MAX; store.strings.len().max(1)];
        for (i, k) in self.keys.iter().enumerate() {
            if k.flags & mask != 0 {
                if let Some(x) = index.get_mut(k.key.0 as usize) {
                    *x = i as u32;
                }
            }
        }
        let key = store.col(SymField::Key);
        (0..store.len().min(key.len()))
            .filter(|&r| match index.get(key[r].0 as usize) {
                Some(&i) if i != u32::MAX => {
                    self.row_flags(store, r, &self.keys[i as usize]) & mask != 0
                }
                _ => false,
            })
            .map(|r| r as u32)
            .collect()
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.edges.capacity() * size_of::<Edge>()
            + (self.by_parent.capacity() + self.by_row.capacity()) * 4
            + self.keys.capacity() * size_of::<KeyInfo>()
            + self.off_rows.capacity() * 4
    }
}
