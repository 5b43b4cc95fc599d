//! Building the credential graph from the store's columns: a few passes over the rows with
//! tables indexed by symbol (no hashing per row), then sorts of the sparse edge lists.

use super::{flag, Edge, KeyInfo, Lineage, Via, CONSOLE_SLACK_MS};
use crate::model::intern::Sym;
use crate::model::store::{EventStore, SymField};
use crate::model::time::UNDATED;
// `core::net`: parsing an address is no I/O (the model does none).
use core::net::IpAddr;

/// Is `s` an IP address (not a service name such as `ec2.amazonaws.com` or `AWS Internal`)?
pub(super) fn is_ip(s: &str) -> bool {
    !s.is_empty() && s.parse::<IpAddr>().is_ok()
}

/// The family of a user agent: the tool or SDK behind it (`aws-cli`, `python-sdk`, `go-sdk`,
/// `browser`, …), with `/kali` (or another offensive distribution) appended when the agent
/// names one. `None` for AWS's own agents (`AWS Internal`, `*.amazonaws.com`, console
/// internals), which act for a key rather than use it.
pub fn agent_family(agent: &str) -> Option<String> {
    let t = agent.trim().trim_start_matches('[');
    if t.is_empty() {
        return None;
    }
    let l = t.to_ascii_lowercase();
    if l.starts_with("aws internal") || l.contains("aws-internal") || {
        let first = l.split([' ', '/', ',', '[', ']']).next().unwrap_or("");
        first.ends_with(".amazonaws.com") || first.ends_with(".amazonaws.com.cn")
    } {
        return None;
    }
    let tok = l
        .split(['/', ' ', '(', ')', '[', ']', ','])
        .next()
        .unwrap_or("");
    let fam = if l.contains("terraform") {
        "terraform"
    } else if tok == "boto3" || tok == "botocore" {
        "python-sdk"
    } else if tok.starts_with("aws-sdk-go-v2") {
        "go-sdk-v2"
    } else if tok.starts_with("aws-sdk-go") {
        "go-sdk"
    } else if tok.starts_with("aws-sdk-java") || tok.starts_with("aws-java-sdk") {
        "java-sdk"
    } else if tok.starts_with("aws-sdk-js") || tok.starts_with("aws-sdk-nodejs") {
        "js-sdk"
    } else if tok.starts_with("aws-sdk-") {
        tok
    } else if matches!(tok, "mozilla" | "opera") {
        "browser"
    } else {
        tok
    };
    let mut fam = fam.to_string();
    for d in ["kali", "parrot", "pentoo", "blackarch"] {
        if l.contains(d) {
            fam.push('/');
            fam.push_str(d);
            break;
        }
    }
    Some(fam)
}

/// Per-key state of the row pass.
struct Acc {
    info: KeyInfo,
    last: i64,
    first_row: u32,
    ip: Sym,
    family: u32,
}

const NO_FAMILY: u32 = u32::MAX;
const UNKNOWN: u32 = u32::MAX - 1;

pub(super) fn build(store: &EventStore) -> Lineage {
    let n = store.len();
    let nsyms = store.strings.len().max(1);
    let key_col = store.col(SymField::Key);
    let ip_col = store.col(SymField::Ip);
    let agent_col = store.col(SymField::Agent);

    // Every key used: one pass, a table indexed by symbol.
    let mut slot = vec![u32::MAX; nsyms];
    let mut accs: Vec<Acc> = Vec::new();
    let mut ip_kind = vec![0u8; nsyms]; // 0 unknown, 1 an IP, 2 not
    let mut fam_of = vec![UNKNOWN; nsyms];
    let mut families: Vec<String> = Vec::new();
    for r in 0..n {
        let k = key_col[r];
        if k.is_none() {
            continue;
        }
        let ki = k.0 as usize;
        if slot[ki] == u32::MAX {
            slot[ki] = accs.len() as u32;
            accs.push(Acc {
                info: KeyInfo {
                    key: k,
                    events: 0,
                    expiry: 0,
                    flags: 0,
                },
                last: UNDATED,
                first_row: r as u32,
                ip: Sym::NONE,
                family: NO_FAMILY,
            });
        }
        let a = &mut accs[slot[ki] as usize];
        a.info.events += 1;
        let t = store.time.get(r);
        if t != UNDATED && (a.last == UNDATED || t > a.last) {
            a.last = t;
        }
        let ip = ip_col[r];
        if !ip.is_none() && ip != a.ip {
            let kind = &mut ip_kind[ip.0 as usize];
            if *kind == 0 {
                *kind = if is_ip(store.strings.resolve(ip)) {
                    1
                } else {
                    2
                };
            }
            if *kind == 1 {
                if a.ip.is_none() {
                    a.ip = ip;
                } else {
                    a.info.flags |= flag::MULTI_IP;
                }
            }
        }
        let ag = agent_col[r];
        let f = &mut fam_of[ag.0 as usize];
        if *f == UNKNOWN {
            *f = match agent_family(store.strings.resolve(ag)) {
                None => NO_FAMILY,
                Some(name) => match families.iter().position(|x| *x == name) {
                    Some(i) => i as u32,
                    None => {
                        families.push(name);
                        (families.len() - 1) as u32
                    }
                },
            };
        }
        let f = *f;
        if f != NO_FAMILY {
            if a.family == NO_FAMILY {
                a.family = f;
            } else if a.family != f {
                a.info.flags |= flag::MULTI_AGENT;
            }
        }
    }

    // Issuances in responses.
    let mut edges: Vec<Edge> = store
        .issued
        .iter()
        .filter(|&&(r, _)| (r as usize) < n)
        .map(|&(row, key)| Edge {
            key,
            row,
            parent: key_col[row as usize],
            via: Via::Response,
        })
        .collect();
    edges.sort_unstable_by_key(|e| (e.key, e.row));

    // Console sessions: keys not issued in a response, matched to the sign-in of the same
    // principal at their creation time.
    let mut logins: Vec<(Sym, i64, u32)> = Vec::new();
    let name_col = store.col(SymField::Name);
    if let Some(login) = store.strings.lookup("ConsoleLogin") {
        let arn_col = store.col(SymField::Arn);
        let err = store.col(SymField::Error);
        let msg = store.col(SymField::ErrorMessage);
        for r in 0..n {
            if name_col[r] == login
                && err[r].is_none()
                && msg[r].is_none()
                && store.time.get(r) != UNDATED
                && !arn_col[r].is_none()
            {
                logins.push((arn_col[r], store.time.get(r), r as u32));
            }
        }
        logins.sort_unstable();
    }
    if !logins.is_empty() {
        let arn_col = store.col(SymField::Arn);
        let mut created: Vec<(Sym, i64)> = store.key_created.clone();
        created.sort_unstable();
        created.dedup_by_key(|c| c.0);
        let mut console: Vec<Edge> = Vec::new();
        for (k, c) in created {
            if (k.0 as usize) >= nsyms || slot[k.0 as usize] == u32::MAX {
                continue;
            }
            if edges.binary_search_by_key(&k, |e| e.key).is_ok() {
                continue;
            }
            let first = accs[slot[k.0 as usize] as usize].first_row as usize;
            let arn = arn_col[first];
            let a = logins.partition_point(|&(s, t, _)| (s, t) < (arn, c - CONSOLE_SLACK_MS));
            let best = logins[a..]
                .iter()
                .take_while(|&&(s, t, _)| s == arn && t <= c + CONSOLE_SLACK_MS)
                .min_by_key(|&&(_, t, _)| (t - c).abs());
            if let Some(&(_, _, row)) = best {
                console.push(Edge {
                    key: k,
                    row,
                    parent: Sym::NONE,
                    via: Via::ConsoleLogin,
                });
            }
        }
        if !console.is_empty() {
            edges.extend(console);
            edges.sort_unstable_by_key(|e| (e.key, e.row));
        }
    }

    let mut lin = Lineage {
        edges,
        rows: n,
        ..Default::default()
    };
    // Children: the issuance that places each key.
    let mut by_parent: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < lin.edges.len() {
        let k = lin.edges[i].key;
        let mut j = i;
        while j < lin.edges.len() && lin.edges[j].key == k {
            j += 1;
        }
        let chosen = (i..j)
            .find(|&x| !lin.edges[x].parent.is_none() && lin.edges[x].parent != k)
            .unwrap_or(i);
        let e = &lin.edges[chosen];
        if !e.parent.is_none() && e.parent != k {
            by_parent.push(chosen as u32);
        }
        i = j;
    }
    by_parent.sort_unstable_by_key(|&x| {
        let e = &lin.edges[x as usize];
        (e.parent, e.row)
    });
    lin.by_parent = by_parent;
    let mut by_row: Vec<u32> = (0..lin.edges.len() as u32).collect();
    by_row.sort_unstable_by_key(|&x| (lin.edges[x as usize].row, lin.edges[x as usize].key));
    lin.by_row = by_row;

    // Expiry, and the role sessions a service asked for (an instance profile...).
    let principal_col = store.col(SymField::Principal);
    let type_col = store.col(SymField::IdentityType);
    let aws_service = store.strings.lookup("AWSService");
    let mut sessions: Vec<Sym> = Vec::new();
    for a in accs.iter_mut() {
        let Some(e) = lin.issuer(a.info.key).copied() else {
            continue;
        };
        // The expiry of this issuance (a row may issue only one key in its response).
        let x = store.issued.partition_point(|&(r, _)| r < e.row);
        if let Some(&secs) = store
            .issued
            .get(x)
            .filter(|&&(r, k)| r == e.row && k == a.info.key)
            .and_then(|_| store.expiry.get(x))
        {
            a.info.expiry = secs;
            if let Some(ms) = a.info.expiry_ms() {
                if a.last != UNDATED && a.last > ms {
                    a.info.flags |= flag::EXPIRED;
                }
            }
        }
        if e.via == Via::Response
            && e.parent.is_none()
            && aws_service.is_some_and(|s| type_col[e.row as usize] == s)
            && a.first_row != u32::MAX
        {
            let p = principal_col[a.first_row as usize];
            if !p.is_none() {
                sessions.push(p);
            }
        }
    }
    sessions.sort_unstable();
    sessions.dedup();
    if !sessions.is_empty() {
        lin.off_rows = off_instance(store, &accs, &slot, &sessions, &ip_kind, &fam_of);
        for &r in &lin.off_rows {
            let k = key_col[r as usize];
            accs[slot[k.0 as usize] as usize].info.flags |= flag::OFF_INSTANCE;
        }
    }
    let mut keys: Vec<KeyInfo> = accs.iter().map(|a| a.info).collect();
    keys.sort_unstable_by_key(|k| k.key);
    lin.keys = keys;
    lin.edges.shrink_to_fit();
    lin.by_parent.shrink_to_fit();
    lin.by_row.shrink_to_fit();
    lin.off_rows.shrink_to_fit();
    lin
}

/// The events of service-issued role sessions made from somewhere the session does not
/// otherwise call from. A role session is a `principalId` (the role and the session name: an
/// EC2 instance id, a function, a task) that a service-issued key was used with; all keys used
/// with it count (an instance's earlier keys, issued before the trail, too). Its usual IPs are
/// those carrying at least a quarter as many of its events as its busiest IP, or used with two
/// or more of its keys (an instance calls from its private and its public address with every
/// key it gets; a thief has the one key he stole); its usual agent families are those of the
/// events from usual IPs. An event is off-instance when it comes from an IP address that is not
/// usual, with an agent family that is not usual either.
fn off_instance(
    store: &EventStore,
    accs: &[Acc],
    slot: &[u32],
    sessions: &[Sym],
    ip_kind: &[u8],
    fam_of: &[u32],
) -> Vec<u32> {
    use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
    let key_col = store.col(SymField::Key);
    let ip_col = store.col(SymField::Ip);
    let agent_col = store.col(SymField::Agent);
    let principal_col = store.col(SymField::Principal);
    // Every key used with one of the sessions: its session.
    let mut session_of = vec![Sym::NONE; slot.len()];
    for a in accs {
        if a.first_row != u32::MAX {
            let p = principal_col[a.first_row as usize];
            if sessions.binary_search(&p).is_ok() {
                session_of[a.info.key.0 as usize] = p;
            }
        }
    }
    // (session, IP) → (events, first key, used with another key too).
    let mut seen: HashMap<(Sym, Sym), (u32, Sym, bool)> = HashMap::default();
    for r in 0..store.len() {
        let k = key_col[r];
        let g = session_of[k.0 as usize];
        let ip = ip_col[r];
        if g.is_none() || ip_kind[ip.0 as usize] != 1 {
            continue;
        }
        let e = seen.entry((g, ip)).or_insert((0, k, false));
        e.0 += 1;
        if e.1 != k {
            e.2 = true;
        }
    }
    let mut max: HashMap<Sym, u32> = HashMap::default();
    for (&(g, _), &(c, _, _)) in &seen {
        let m = max.entry(g).or_default();
        *m = (*m).max(c);
    }
    let usual: HashSet<(Sym, Sym)> = seen
        .iter()
        .filter(|&(&(g, _), &(c, _, multi))| multi || c.saturating_mul(4) >= max[&g])
        .map(|(&pair, _)| pair)
        .collect();
    if usual.len() == seen.len() {
        return Vec::new();
    }
    let mut families: HashSet<(Sym, u32)> = HashSet::default();
    let mut candidates: Vec<u32> = Vec::new();
    for r in 0..store.len() {
        let g = session_of[key_col[r].0 as usize];
        let ip = ip_col[r];
        if g.is_none() || ip_kind[ip.0 as usize] != 1 {
            continue;
        }
        if usual.contains(&(g, ip)) {
            families.insert((g, fam_of[agent_col[r].0 as usize]));
        } else {
            candidates.push(r as u32);
        }
    }
    candidates.retain(|&r| {
        let r = r as usize;
        let fam = fam_of[agent_col[r].0 as usize];
        fam != NO_FAMILY
            && fam != UNKNOWN
            && !families.contains(&(session_of[key_col[r].0 as usize], fam))
    });
    candidates
}

#[cfg(test)]
mod tests {
    use super::agent_family;

    #[test]
    fn agent_families() {
        let f = |a: &str| agent_family(a);
        assert_eq!(
            f("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64").as_deref(),
            Some("aws-cli")
        );
        assert_eq!(
            f("Boto3/1.34.1 md/Botocore#1.34.1 Linux/6.6.9-kali1-amd64").as_deref(),
            Some("python-sdk/kali")
        );
        assert_eq!(
            f("aws-sdk-go-v2/1.17.0 os/linux").as_deref(),
            Some("go-sdk-v2")
        );
        assert_eq!(
            f("aws-sdk-go/1.41.4 (go1.18.3; linux; amd64) amazon-ssm-agent/").as_deref(),
            Some("go-sdk")
        );
        assert_eq!(
            f("Mozilla/5.0 (X11; Linux x86_64)").as_deref(),
            Some("browser")
        );
        assert_eq!(f("AWS Internal"), None);
        assert_eq!(f("ec2.amazonaws.com"), None);
        assert_eq!(f("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12]"), None);
        assert_eq!(f(""), None);
    }
}
