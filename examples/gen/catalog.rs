//! Services and the event catalog (`data/services.tsv`, `data/catalog.txt`).

use crate::data::{lines, section, CATALOG, LISTS, SERVICES};
use crate::rng::hash_str;
use std::sync::LazyLock;

pub struct Svc {
    /// eventSource prefix (`ec2` → `ec2.amazonaws.com`).
    pub id: &'static str,
    /// IAM action prefix.
    pub iam: &'static str,
    /// aws-cli command group.
    pub cli: &'static str,
    /// Logged in the global region only (IAM, Route 53, ...).
    pub global: bool,
    /// JSON protocol (AccessDeniedException) rather than query (AccessDenied).
    pub json: bool,
    /// Not-found error code and message (`{x}` resource, `{a}` account, `{r}` region).
    pub nf: (&'static str, &'static str),
}

/// The services, in index order (`data/services.tsv`).
pub static SVCS: LazyLock<Vec<Svc>> = LazyLock::new(|| {
    lines(SERVICES)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [id, iam, cli, scope, protocol, code, message] = f[..] else {
                panic!("services.tsv: 7 tab-separated fields expected: {l:?}");
            };
            let none = |s: &'static str| if s == "-" { "" } else { s };
            Svc {
                id,
                iam,
                cli,
                global: scope == "global",
                json: protocol == "json",
                nf: (none(code), none(message)),
            }
        })
        .collect()
});

pub fn svc_index(id: &str) -> usize {
    SVCS.iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("unknown service {id}"))
}

#[derive(Clone)]
pub struct Entry {
    pub svc: usize,
    pub name: &'static str,
    pub ro: bool,
    pub data: bool,
    pub svc_only: bool,
    pub sensitive: bool,
    /// Zipf-like popularity weight (integer, so the tables are exact).
    pub weight: u64,
}

/// Event-name prefixes of read-only events.
static READ_ONLY_PREFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| section(LISTS, "read-only-prefixes"));

pub fn read_only_verb(name: &str) -> bool {
    READ_ONLY_PREFIXES.iter().any(|p| name.starts_with(p))
}

pub fn parse_catalog() -> Vec<Entry> {
    let mut out = Vec::new();
    // The catalogue in popularity order (`data/catalog.txt`).
    for line in lines(CATALOG) {
        let mut it = line.split_whitespace();
        let (Some(svc), Some(name)) = (it.next(), it.next()) else {
            continue;
        };
        let flags = it.next().unwrap_or("");
        let rank = out.len() as f64 + 2.0;
        // rank^-1.25 with correctly rounded operations only (sqrt is exact in IEEE 754).
        let w = 1e9 / (rank * rank.sqrt().sqrt());
        let mut ro = read_only_verb(name);
        if flags.contains('R') {
            ro = true;
        }
        if flags.contains('W') {
            ro = false;
        }
        out.push(Entry {
            svc: svc_index(svc),
            name,
            ro,
            data: flags.contains('D'),
            svc_only: flags.contains('S'),
            sensitive: flags.contains('X'),
            weight: w as u64,
        });
    }
    out
}

pub fn find_entry(cat: &[Entry], svc: &str, name: &str) -> usize {
    cat.iter()
        .position(|e| SVCS[e.svc].id == svc && e.name == name)
        .unwrap_or_else(|| panic!("no catalog entry {svc} {name}"))
}

pub fn event_version(svc: &str) -> &'static str {
    if hash_str(svc) % 100 < 70 {
        "1.09"
    } else {
        "1.08"
    }
}
