//! Behaviour profiles: which events a principal calls, and how much it writes.

use crate::catalog::{Entry, SVCS};
use crate::data::{self, lines, sections};
use crate::rng::Rng;
use std::sync::LazyLock;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Prof {
    App,
    LambdaFn,
    Eks,
    Ci,
    Terraform,
    Admin,
    ReadOnly,
    Monitoring,
    Backup,
    Data,
    Console,
    Service,
    Recon,
    Exfil,
    Root,
    CrossData,
}

pub const N_PROF: usize = 16;

pub struct ProfDef {
    /// Allowed services (empty: all).
    pub svcs: Vec<&'static str>,
    /// Allowed `svc:Name` entries (empty: all of the services).
    pub names: Vec<&'static str>,
    pub reads_only: bool,
    pub data: bool,
    /// Weight multiplier of writes, in percent of reads.
    pub write_pct: u64,
    /// Extra multipliers (percent) by service.
    pub boost: Vec<(&'static str, u64)>,
    /// Multiplier (percent) of sensitive (X) entries.
    pub sensitive_pct: u64,
}

/// The profiles of `data/profiles.txt`, in the order of `Prof`.
static PROFILES: LazyLock<Vec<ProfDef>> = LazyLock::new(|| {
    let secs = sections(data::PROFILES);
    (0..N_PROF)
        .map(|i| {
            let p = prof_of(i);
            let name = format!("{p:?}");
            let (_, lines) = secs
                .iter()
                .find(|s| s.0 == name)
                .unwrap_or_else(|| panic!("profiles.txt: no [{name}]"));
            let mut d = ProfDef {
                svcs: Vec::new(),
                names: Vec::new(),
                reads_only: false,
                data: true,
                write_pct: 100,
                boost: Vec::new(),
                sensitive_pct: 5,
            };
            let num = |v: &str| -> u64 {
                v.parse()
                    .unwrap_or_else(|_| panic!("profiles.txt [{name}]: not a number: {v:?}"))
            };
            for l in lines {
                let (key, rest) = l.split_once(' ').unwrap_or((l, ""));
                let words = rest.split_whitespace();
                match key {
                    "services" => d.svcs = words.collect(),
                    "names" => d.names = words.collect(),
                    "reads-only" => d.reads_only = true,
                    "no-data" => d.data = false,
                    "writes" => d.write_pct = num(rest),
                    "sensitive" => d.sensitive_pct = num(rest),
                    "boost" => {
                        d.boost = words
                            .map(|w| {
                                let (s, m) = w.split_once('=').expect("boost svc=N");
                                (s, num(m))
                            })
                            .collect()
                    }
                    _ => panic!("profiles.txt [{name}]: unknown key {key:?}"),
                }
            }
            d
        })
        .collect()
});

pub fn prof_def(p: Prof) -> &'static ProfDef {
    &PROFILES[p as usize]
}

/// Calls with large payloads that automation makes often (`data/heavy.txt`): service, event
/// name, weight multiplier.
pub static HEAVY: LazyLock<Vec<(&str, &str, u64)>> = LazyLock::new(|| {
    lines(data::HEAVY)
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            let [svc, name, m] = w[..] else {
                panic!("heavy.txt: <service> <eventName> <multiplier> expected: {l:?}");
            };
            (svc, name, m.parse().expect("heavy.txt: a number"))
        })
        .collect()
});

/// Cumulative weight table of one profile in one kind of region.
pub struct Table {
    pub cum: Vec<u64>,
    pub entry: Vec<u16>,
}

impl Table {
    pub fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.cum.last().unwrap();
        let r = rng.below(total);
        let i = self.cum.partition_point(|&c| c <= r);
        self.entry[i] as usize
    }
}

pub fn build_table(cat: &[Entry], p: Prof, global_region: bool) -> Table {
    let d = prof_def(p);
    let mut cum = Vec::new();
    let mut entry = Vec::new();
    let mut acc = 0u64;
    for (i, e) in cat.iter().enumerate() {
        let s = &SVCS[e.svc];
        if s.global && !global_region {
            continue;
        }
        if !d.names.is_empty() {
            let full = format!("{}:{}", s.id, e.name);
            if !d.names.contains(&full.as_str()) {
                continue;
            }
        } else {
            if e.svc_only {
                continue;
            }
            if !d.svcs.is_empty() && !d.svcs.contains(&s.id) {
                continue;
            }
        }
        if d.reads_only && !e.ro {
            continue;
        }
        if e.data && !d.data {
            continue;
        }
        let mut w = e.weight;
        if !e.ro {
            w = w * d.write_pct / 100;
        }
        if e.sensitive {
            w = w * d.sensitive_pct / 100;
        }
        // (Not for the attack profiles: they already favour their sensitive calls.)
        if let Some(&(_, _, m)) = HEAVY.iter().find(|h| h.0 == s.id && h.1 == e.name) {
            if d.sensitive_pct <= 100 {
                w *= m;
            }
        }
        for &(bs, m) in &d.boost {
            if bs == s.id {
                w = w * m / 100;
            }
        }
        if w == 0 {
            continue;
        }
        acc += w;
        cum.push(acc);
        entry.push(i as u16);
    }
    assert!(acc > 0, "empty profile table {p:?}");
    Table { cum, entry }
}

pub fn prof_of(p: usize) -> Prof {
    const ALL: [Prof; N_PROF] = [
        Prof::App,
        Prof::LambdaFn,
        Prof::Eks,
        Prof::Ci,
        Prof::Terraform,
        Prof::Admin,
        Prof::ReadOnly,
        Prof::Monitoring,
        Prof::Backup,
        Prof::Data,
        Prof::Console,
        Prof::Service,
        Prof::Recon,
        Prof::Exfil,
        Prof::Root,
        Prof::CrossData,
    ];
    ALL[p]
}
