//! Detections: every bundled rule compiles or is refused with a reason; each compiled rule's
//! hits, on the real data and on a positive and a negative record per rule, equal an
//! independent evaluation (a small Sigma interpreter over serde_json values, below, that shares
//! no code with the engine); the attack recordings' key events are flagged; the commands.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use trailscope::detect::{pack, RuleFile, RuleSet};
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::{record_bytes, EventStore, RecordSource, RuleOrigin, UNDATED};
use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// The reference: Sigma read straight from the YAML, evaluated on one JSON record.

/// The texts at a dotted path (keys ASCII case-insensitive, arrays: every element).
fn texts(v: &Value, path: &[&str], out: &mut Vec<String>) {
    match (v, path.first()) {
        (Value::Array(a), _) => a.iter().for_each(|x| texts(x, path, out)),
        (Value::Object(m), Some(k)) => {
            for (key, x) in m {
                if key.eq_ignore_ascii_case(k) {
                    texts(x, &path[1..], out);
                }
            }
        }
        (Value::String(s), None) if !s.is_empty() => out.push(s.clone()),
        (Value::Number(n), None) => out.push(n.to_string()),
        (Value::Bool(b), None) => out.push(b.to_string()),
        (Value::Object(_), None) => out.push("{object}".into()),
        _ => {}
    }
}

fn field(rec: &Value, name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split('.').collect();
    let mut out = Vec::new();
    texts(rec, &parts, &mut out);
    out
}

/// Sigma wildcard match (`*`, `?`, `\` escapes), case-insensitive, on chars.
fn wild(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('\\') if matches!(p.get(1), Some('*' | '?' | '\\')) => {
            !s.is_empty() && s[0] == p[1] && wild(&p[2..], &s[1..])
        }
        Some('*') => (0..=s.len()).any(|i| wild(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && wild(&p[1..], &s[1..]),
        Some(c) => !s.is_empty() && s[0] == *c && wild(&p[1..], &s[1..]),
    }
}

fn in_cidr(ip: &str, cidr: &str) -> bool {
    let Some((net, len)) = cidr.split_once('/') else {
        return false;
    };
    let len: u32 = len.parse().unwrap();
    match (
        ip.parse::<std::net::IpAddr>(),
        net.parse::<std::net::IpAddr>(),
    ) {
        (Ok(std::net::IpAddr::V4(a)), Ok(std::net::IpAddr::V4(b))) => {
            let m = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            u32::from(a) & m == u32::from(b) & m
        }
        (Ok(std::net::IpAddr::V6(a)), Ok(std::net::IpAddr::V6(b))) => {
            let m = if len == 0 {
                0
            } else {
                u128::MAX << (128 - len)
            };
            u128::from(a) & m == u128::from(b) & m
        }
        _ => false,
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

struct Ref<'a> {
    rec: &'a Value,
    raw: &'a [u8],
    accounts: &'a [String],
}

impl Ref<'_> {
    fn value(&self, fname: &str, mods: &[&str], v: &Yaml) -> bool {
        let vals = field(self.rec, fname);
        if mods.contains(&"exists") {
            return matches!(v, Yaml::Boolean(true)) == !vals.is_empty();
        }
        if mods.contains(&"fieldref") {
            let other = field(self.rec, &scalar(v).unwrap());
            return vals
                .iter()
                .any(|a| other.iter().any(|b| a.to_lowercase() == b.to_lowercase()));
        }
        if mods.contains(&"expand") {
            let contains = mods.contains(&"contains");
            return vals.iter().any(|a| {
                self.accounts.iter().any(|acc| {
                    if contains {
                        a.contains(acc.as_str())
                    } else {
                        a == acc
                    }
                })
            });
        }
        let Some(t) = scalar(v) else {
            return vals.is_empty(); // null
        };
        if mods.contains(&"re") {
            let flags: String = mods
                .iter()
                .filter(|m| ["i", "m", "s"].contains(m))
                .copied()
                .collect();
            let re = regex::Regex::new(&if flags.is_empty() {
                t.clone()
            } else {
                format!("(?{flags}){t}")
            })
            .unwrap();
            return vals.iter().any(|x| re.is_match(x));
        }
        if mods.contains(&"cidr") {
            return vals.iter().any(|x| in_cidr(x, &t));
        }
        if t.is_empty()
            && !mods
                .iter()
                .any(|m| ["contains", "startswith", "endswith"].contains(m))
        {
            return vals.is_empty();
        }
        let mut p = t.to_lowercase();
        if mods.contains(&"contains") || mods.contains(&"endswith") {
            p = format!("*{p}");
        }
        if mods.contains(&"contains") || mods.contains(&"startswith") {
            p.push('*');
        }
        let pc: Vec<char> = p.chars().collect();
        vals.iter().any(|x| {
            let s: Vec<char> = x.to_lowercase().chars().collect();
            wild(&pc, &s)
        })
    }

    fn keyword(&self, w: &str) -> bool {
        let w = w.trim_matches('*').to_ascii_lowercase();
        let raw = String::from_utf8_lossy(self.raw).to_ascii_lowercase();
        raw.contains(&w)
    }

    fn selection(&self, y: &Yaml) -> bool {
        match y {
            Yaml::Hash(h) => h.iter().all(|(k, v)| {
                let k = scalar(k).unwrap();
                let mut parts = k.split('|');
                let f = parts.next().unwrap();
                let mods: Vec<&str> = parts.collect();
                let vs: Vec<&Yaml> = match v {
                    Yaml::Array(a) => a.iter().collect(),
                    y => vec![y],
                };
                if f.is_empty() {
                    let hit = |x: &&Yaml| self.keyword(&scalar(x).unwrap());
                    return if mods.contains(&"all") {
                        vs.iter().all(hit)
                    } else {
                        vs.iter().any(hit)
                    };
                }
                if mods.contains(&"all") {
                    vs.iter().all(|x| self.value(f, &mods, x))
                } else {
                    vs.iter().any(|x| self.value(f, &mods, x))
                }
            }),
            Yaml::Array(a) if a.iter().all(|x| matches!(x, Yaml::Hash(_))) => {
                a.iter().any(|x| self.selection(x))
            }
            Yaml::Array(a) => a.iter().any(|x| self.keyword(&scalar(x).unwrap())),
            y => self.keyword(&scalar(y).unwrap()),
        }
    }
}

/// A condition evaluated by recursive descent over its words.
fn cond(words: &[String], i: &mut usize, sel: &dyn Fn(&str) -> bool, names: &[String]) -> bool {
    fn or(w: &[String], i: &mut usize, s: &dyn Fn(&str) -> bool, n: &[String]) -> bool {
        let mut v = and(w, i, s, n);
        while w.get(*i).is_some_and(|x| x == "or") {
            *i += 1;
            let r = and(w, i, s, n);
            v = v || r;
        }
        v
    }
    fn and(w: &[String], i: &mut usize, s: &dyn Fn(&str) -> bool, n: &[String]) -> bool {
        let mut v = not(w, i, s, n);
        while w.get(*i).is_some_and(|x| x == "and") {
            *i += 1;
            let r = not(w, i, s, n);
            v = v && r;
        }
        v
    }
    fn not(w: &[String], i: &mut usize, s: &dyn Fn(&str) -> bool, n: &[String]) -> bool {
        if w[*i] == "not" {
            *i += 1;
            return !not(w, i, s, n);
        }
        if w[*i] == "(" {
            *i += 1;
            let v = or(w, i, s, n);
            assert_eq!(w[*i], ")");
            *i += 1;
            return v;
        }
        if w.get(*i + 1).is_some_and(|x| x == "of") {
            let all = w[*i] == "all";
            let pat = w[*i + 2].clone();
            *i += 3;
            let picked: Vec<&String> = n
                .iter()
                .filter(|x| {
                    if pat == "them" {
                        !x.starts_with('_')
                    } else {
                        let pc: Vec<char> = pat.chars().collect();
                        let xc: Vec<char> = x.chars().collect();
                        wild(&pc, &xc)
                    }
                })
                .collect();
            return if all {
                picked.iter().all(|x| s(x))
            } else {
                picked.iter().any(|x| s(x))
            };
        }
        let v = s(&w[*i]);
        *i += 1;
        v
    }
    or(words, i, sel, names)
}

/// `count(field) by group op n` within a window (ms).
type RefAgg = (Option<String>, Option<String>, String, u64, Option<i64>);

/// A rule as the reference reads it.
struct RefRule {
    id: String,
    det: Yaml,
    search: String,
    agg: Option<RefAgg>,
}

fn ref_rules(text: &str) -> Vec<RefRule> {
    let mut out = Vec::new();
    let count_re =
        regex::Regex::new(r"^\s*count\(\s*([^)]*)\)\s*(?:by\s+(\S+)\s*)?(>=|>)\s*(\d+)\s*$")
            .unwrap();
    for d in YamlLoader::load_from_str(text).unwrap() {
        let id = scalar(&d["id"]).unwrap_or_default();
        let det = d["detection"].clone();
        let Some(c) = scalar(&det["condition"]) else {
            continue;
        };
        let (search, agg) = match c.split_once('|') {
            None => (c.clone(), None),
            Some((s, a)) => {
                let Some(m) = count_re.captures(a) else {
                    continue;
                };
                let f = m
                    .get(1)
                    .map(|x| x.as_str().trim().to_string())
                    .filter(|x| !x.is_empty());
                let tf = scalar(&det["timeframe"]).map(|t| {
                    let (n, u) = t.split_at(t.len() - 1);
                    let n: i64 = n.parse().unwrap();
                    n * match u {
                        "s" => 1000,
                        "m" => 60_000,
                        "h" => 3_600_000,
                        "d" => 86_400_000,
                        _ => panic!("{t}"),
                    }
                });
                (
                    s.to_string(),
                    Some((
                        f,
                        m.get(2).map(|x| x.as_str().to_string()),
                        m[3].to_string(),
                        m[4].parse().unwrap(),
                        tf,
                    )),
                )
            }
        };
        out.push(RefRule {
            id,
            det,
            search,
            agg,
        });
    }
    out
}

fn ref_matches(r: &RefRule, rec: &Value, raw: &[u8], accounts: &[String]) -> bool {
    let e = Ref { rec, raw, accounts };
    let names: Vec<String> = r
        .det
        .as_hash()
        .unwrap()
        .keys()
        .filter_map(scalar)
        .filter(|k| k != "condition" && k != "timeframe")
        .collect();
    let spaced = r.search.replace('(', " ( ").replace(')', " ) ");
    let words: Vec<String> = spaced
        .split_whitespace()
        .map(|w| {
            let l = w.to_ascii_lowercase();
            if ["and", "or", "not", "of", "all", "them"].contains(&l.as_str()) {
                l
            } else {
                w.to_string()
            }
        })
        .collect();
    let sel = |n: &str| e.selection(&r.det[n]);
    cond(&words, &mut 0, &sel, &names)
}

// ---------------------------------------------------------------------------------------------
// Stores and the engine.

fn load(inputs: Vec<Input>) -> EventStore {
    let (store, report) = loader::load(inputs, &LoadOptions::default(), &Progress::default());
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    store
}

fn real_store() -> EventStore {
    load(vec![
        Input::Path(root().join("tests/data")),
        Input::Path(root().join("assets/demo/invictus")),
    ])
}

fn records_store(recs: &[Value]) -> EventStore {
    let text = serde_json::json!({ "Records": recs }).to_string();
    load(vec![Input::Memory {
        name: "test.json".into(),
        bytes: Arc::from(text.into_bytes().into_boxed_slice()),
    }])
}

/// Each row's parsed record and raw bytes.
fn rows_json(store: &EventStore) -> Vec<(Value, Vec<u8>)> {
    let src = StoreSource(store);
    let mut cache: HashMap<u32, Arc<[u8]>> = HashMap::new();
    (0..store.len())
        .map(|r| {
            let s = store.loc.get(r).source;
            let c = cache
                .entry(s)
                .or_insert_with(|| src.content(store, s).unwrap());
            let b = record_bytes(store, r, c).unwrap().into_owned();
            (serde_json::from_slice(&b).unwrap(), b)
        })
        .collect()
}

fn pack_set() -> RuleSet {
    RuleSet::from_files(&pack::files(), true)
}

fn engine_rows(set: &RuleSet, store: &EventStore) -> BTreeMap<String, (Vec<u32>, Vec<Vec<u32>>)> {
    let d = set
        .run(store, &StoreSource(store), &AtomicBool::new(false), 0)
        .unwrap();
    d.hits
        .rules
        .iter()
        .map(|rh| {
            (
                rh.rule.id.clone(),
                (
                    rh.hits.iter().map(|h| h.row).collect(),
                    rh.hits.iter().map(|h| h.events.clone()).collect(),
                ),
            )
        })
        .collect()
}

/// The reference's verdict for every rule of the pack on `store`: per rule id, the rows.
/// Aggregates: the rows whose window (ending at them) passes the threshold.
fn reference_rows(store: &EventStore) -> BTreeMap<String, Vec<u32>> {
    let rows = rows_json(store);
    let accounts = trailscope::detect::loaded_accounts(store);
    let mut out = BTreeMap::new();
    for (_, text) in pack::FILES {
        for r in ref_rules(text) {
            // The pack's narrowing of a SigmaHQ rule (`pack::Action::Only`): one of the
            // paths must have a value too.
            let only = match pack::adjustment(&r.id) {
                Some(pack::Adjust {
                    action: pack::Action::Only(paths),
                    ..
                }) => *paths,
                _ => &[],
            };
            let m: Vec<u32> = (0..rows.len() as u32)
                .filter(|&i| ref_matches(&r, &rows[i as usize].0, &rows[i as usize].1, &accounts))
                .filter(|&i| {
                    only.is_empty()
                        || only
                            .iter()
                            .any(|p| !field(&rows[i as usize].0, p).is_empty())
                })
                .collect();
            let got = match &r.agg {
                None => m,
                Some((f, by, op, n, tf)) => {
                    let key = |i: u32| {
                        by.as_ref().map(|b| {
                            field(&rows[i as usize].0, b)
                                .first()
                                .cloned()
                                .unwrap_or_default()
                                .to_lowercase()
                        })
                    };
                    m.iter()
                        .copied()
                        .filter(|&e| {
                            let t = store.time.get(e as usize);
                            if t == UNDATED {
                                return false;
                            }
                            let win: Vec<u32> = m
                                .iter()
                                .copied()
                                .filter(|&x| {
                                    let tx = store.time.get(x as usize);
                                    tx != UNDATED
                                        && key(x) == key(e)
                                        && (tx, x) <= (t, e)
                                        && tf.is_none_or(|w| tx >= t - w)
                                })
                                .collect();
                            let c = match f {
                                None => win.len() as u64,
                                Some(f) => win
                                    .iter()
                                    .filter_map(|&x| {
                                        field(&rows[x as usize].0, f)
                                            .first()
                                            .map(|v| v.to_lowercase())
                                    })
                                    .collect::<BTreeSet<_>>()
                                    .len() as u64,
                            };
                            if op == ">=" {
                                c >= *n
                            } else {
                                c > *n
                            }
                        })
                        .collect()
                }
            };
            out.insert(r.id, got);
        }
    }
    out
}

/// Engine and reference agree on `store` for every compiled rule.
fn compare(set: &RuleSet, store: &EventStore, what: &str) -> BTreeMap<String, usize> {
    let eng = engine_rows(set, store);
    let reference = reference_rows(store);
    let mut counts = BTreeMap::new();
    for r in set.active() {
        let id = &r.meta.id;
        let (rows, events) = &eng[id];
        let want = reference
            .get(id)
            .unwrap_or_else(|| panic!("{id}: not read by the reference"));
        if r.is_aggregate() {
            // Every passing event is in a hit; every hit starts at a passing event.
            let all: BTreeSet<u32> = events.iter().flatten().copied().collect();
            for e in want {
                assert!(
                    all.contains(e),
                    "{what}: {id} ({}): row {e} passes but is in no hit",
                    r.meta.title
                );
            }
            for h in rows {
                assert!(want.contains(h), "{what}: {id}: hit at {h} does not pass");
            }
            assert_eq!(rows.is_empty(), want.is_empty(), "{what}: {id}");
        } else {
            assert_eq!(rows, want, "{what}: {id} ({})", r.meta.title);
        }
        counts.insert(id.clone(), rows.len());
    }
    counts
}

// ---------------------------------------------------------------------------------------------

#[test]
fn every_bundled_rule_compiles_or_is_refused_with_a_reason() {
    let set = pack_set();
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for (path, text) in pack::FILES {
        for d in YamlLoader::load_from_str(text).unwrap() {
            let id = scalar(&d["id"]).unwrap();
            let ok = set.rules.iter().any(|r| r.meta.id == id);
            let refused = set.refused.iter().find(|r| r.id == id);
            assert!(
                ok ^ refused.is_some(),
                "{path}: {id} neither compiled nor refused"
            );
            if let Some(r) = refused {
                assert!(!r.reason.is_empty() && r.line.is_some(), "{path}: {r:?}");
            }
            ids.insert(id);
        }
    }
    let sigma_files = pack::FILES
        .iter()
        .filter(|f| f.0.starts_with("sigma/"))
        .count();
    assert_eq!(
        sigma_files,
        57 + 8 + 1,
        "every SigmaHQ CloudTrail rule is bundled"
    );
    // The ones that cannot run, and why (pinned: a new refusal must be looked at).
    let mut refused: Vec<(&str, &str)> = set
        .refused
        .iter()
        .map(|r| (r.id.as_str(), r.reason.as_str()))
        .collect();
    refused.sort();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(refused.iter().any(|r| r.1.contains("'near'")));
    assert!(refused.iter().any(|r| r.1.contains("placeholder")));
    assert!(refused
        .iter()
        .any(|r| r.1.contains("timeframe without an aggregation")));
    // Each rule carries its author, licence and (for SigmaHQ's) a link at the fixed commit.
    for r in &set.rules {
        assert!(!r.meta.author.is_empty(), "{}", r.meta.id);
        match r.meta.origin {
            RuleOrigin::Sigma => {
                assert_eq!(r.meta.license, "DRL-1.1");
                assert!(r.meta.link.as_deref().unwrap().contains(pack::SIGMA_COMMIT));
            }
            RuleOrigin::Trailscope => {
                assert_eq!(r.meta.license, "MIT OR Apache-2.0");
                assert!(r.meta.id.starts_with("ts-"));
                assert!(
                    !r.meta.tactics.is_empty() && !r.meta.techniques.is_empty(),
                    "{}",
                    r.meta.id
                );
                assert!(!r.meta.description.is_empty() && !r.meta.false_positives.is_empty());
            }
            RuleOrigin::User => panic!("no user rule in the pack"),
        }
    }
    // The noisy AssumeRole rule is off by default, with the reason.
    let def = RuleSet::from_files(&pack::files(), false);
    let ar = def
        .rules
        .iter()
        .find(|r| r.meta.title == "AWS STS AssumeRole Misuse")
        .unwrap();
    assert!(!ar.enabled && ar.note.as_deref().unwrap().contains("role session"));
    assert!(def.active().all(|r| r.meta.id != ar.meta.id));
}

#[test]
fn the_bundled_list_matches_the_folders() {
    let mut on_disk = Vec::new();
    for sub in [
        "sigma/rules",
        "sigma/unsupported",
        "sigma/placeholder",
        "trailscope",
    ] {
        let dir = root().join("assets/rules").join(sub);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "yml") {
                on_disk.push(format!(
                    "{sub}/{}",
                    p.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = pack::FILES.iter().map(|f| f.0.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "run python3 assets/rules/list.py");
}

#[test]
fn hits_on_the_real_data_equal_the_reference() {
    let set = pack_set();
    let store = real_store();
    let counts = compare(&set, &store, "real data");
    let fired = counts.values().filter(|&&c| c > 0).count();
    assert!(fired >= 40, "{fired} rules fired: {counts:?}");
}

/// A record a rule's positive selections would match, built from its YAML (for `not`-ed
/// selections nothing is set).
fn synth(rule: &Yaml, accounts_outside: &str) -> (Value, Vec<(String, bool)>) {
    let mut fields: Vec<(String, bool)> = Vec::new();
    let mut rec = serde_json::json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice",
                         "accountId": "111122223333", "principalId": "AIDAX", "accessKeyId": "AKIAX"},
        "eventTime": "2026-11-02T10:00:00Z", "eventSource": "base.amazonaws.com",
        "eventName": "BaseCall", "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.7",
        "userAgent": "test-agent", "requestID": "r-1", "eventID": "00000000-0000-4000-8000-000000000001",
        "eventType": "AwsApiCall", "recipientAccountId": "111122223333"
    });
    let det = &rule["detection"];
    let c = scalar(&det["condition"]).unwrap();
    let search = c.split('|').next().unwrap().replace(['(', ')'], " ");
    let words: Vec<&str> = search.split_whitespace().collect();
    let names: Vec<String> = det.as_hash().unwrap().keys().filter_map(scalar).collect();
    let mut positive: Vec<String> = Vec::new();
    let mut i = 0;
    let mut negated = false;
    while i < words.len() {
        let w = words[i];
        match w {
            "and" => negated = false,
            "or" => break, // the first alternative is enough
            "not" => negated = true,
            _ if words.get(i + 1) == Some(&"of") => {
                let all = w == "all";
                let pat: Vec<char> = words[i + 2].chars().collect();
                let picked: Vec<&String> = names
                    .iter()
                    .filter(|n| *n != "condition" && *n != "timeframe")
                    .filter(|n| {
                        words[i + 2] == "them" || wild(&pat, &n.chars().collect::<Vec<_>>())
                    })
                    .collect();
                if !negated {
                    positive.extend(
                        picked
                            .iter()
                            .take(if all { usize::MAX } else { 1 })
                            .map(|s| s.to_string()),
                    );
                }
                i += 2;
            }
            _ => {
                if !negated {
                    positive.push(w.to_string());
                }
            }
        }
        i += 1;
    }
    let set = |rec: &mut Value, path: &str, v: Value| {
        let parts: Vec<&str> = path.split('.').collect();
        let mut cur = rec;
        for p in &parts[..parts.len() - 1] {
            if !cur.get(p).is_some_and(Value::is_object) {
                cur[*p] = serde_json::json!({});
            }
            cur = cur.get_mut(*p).unwrap();
        }
        cur[parts[parts.len() - 1]] = v;
    };
    for name in positive {
        let sel = match &det[name.as_str()] {
            Yaml::Array(a) if matches!(a.first(), Some(Yaml::Hash(_))) => a[0].clone(),
            y => y.clone(),
        };
        match &sel {
            Yaml::Hash(h) => {
                for (k, v) in h {
                    let k = scalar(k).unwrap();
                    let mut parts = k.split('|');
                    let f = parts.next().unwrap().to_string();
                    let mods: Vec<&str> = parts.collect();
                    let vals: Vec<Yaml> = match v {
                        Yaml::Array(a) => a.clone(),
                        y => vec![y.clone()],
                    };
                    let text = |y: &Yaml| {
                        scalar(y)
                            .unwrap_or_default()
                            .replace("\\*", "\u{1}")
                            .replace(['*', '?'], "x")
                            .replace('\u{1}', "*")
                    };
                    let val: Option<Value> = if mods.contains(&"exists") {
                        matches!(vals[0], Yaml::Boolean(true)).then(|| Value::String("x".into()))
                    } else if mods.contains(&"expand") {
                        Some(Value::String(accounts_outside.into()))
                    } else if mods.contains(&"re") {
                        Some(Value::String(
                            "arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-1".into(),
                        ))
                    } else if mods.contains(&"cidr") {
                        Some(Value::String(
                            text(&vals[0]).split('/').next().unwrap().into(),
                        ))
                    } else if mods.contains(&"fieldref") || matches!(vals[0], Yaml::Null) {
                        None
                    } else if matches!(vals[0], Yaml::Boolean(_)) {
                        Some(Value::Bool(matches!(vals[0], Yaml::Boolean(true))))
                    } else {
                        let t = if mods.contains(&"all") {
                            vals.iter().map(text).collect::<Vec<_>>().join(" ")
                        } else {
                            text(&vals[0])
                        };
                        let t = if mods.contains(&"contains") {
                            format!("x{t}x")
                        } else if mods.contains(&"startswith") {
                            format!("{t}x")
                        } else if mods.contains(&"endswith") {
                            format!("x{t}")
                        } else {
                            t
                        };
                        Some(Value::String(t))
                    };
                    if f.is_empty() {
                        rec["keywordCarrier"] = Value::String(text(&vals[0]));
                        fields.push(("keywordCarrier".into(), false));
                    } else if let Some(v) = val {
                        set(&mut rec, &f, v);
                        fields.push((f.clone(), mods.contains(&"exists")));
                    }
                }
            }
            other => {
                let first = match other {
                    Yaml::Array(a) => a[0].clone(),
                    y => y.clone(),
                };
                rec["keywordCarrier"] = Value::String(scalar(&first).unwrap());
                fields.push(("keywordCarrier".into(), false));
            }
        }
    }
    // A rule the pack narrows fires only with one of its paths set.
    if let Some(pack::Adjust {
        action: pack::Action::Only(paths),
        ..
    }) = scalar(&rule["id"]).and_then(|id| pack::adjustment(&id))
    {
        set(&mut rec, paths[0], Value::String(accounts_outside.into()));
    }
    (rec, fields)
}

/// The same record made not to match: every field the positive selections set is given a
/// value no rule names (or removed, when the selection only asked that it exists).
fn spoil(rec: &Value, fields: &[(String, bool)]) -> Value {
    let mut r = rec.clone();
    for (f, exists) in fields {
        let parts: Vec<&str> = f.split('.').collect();
        let mut cur = &mut r;
        for p in &parts[..parts.len() - 1] {
            cur = cur.get_mut(*p).unwrap();
        }
        let last = parts[parts.len() - 1];
        if *exists {
            cur.as_object_mut().unwrap().remove(last);
        } else {
            cur[last] = Value::String("zz-no-match-zz".into());
        }
    }
    r
}

#[test]
fn each_rule_on_a_positive_and_a_negative_record_equals_the_reference() {
    let set = pack_set();
    let outside = "999988887777";
    let mut checked = 0;
    for (path, text) in pack::FILES {
        for doc in YamlLoader::load_from_str(text).unwrap() {
            let id = scalar(&doc["id"]).unwrap();
            let Some(rule) = set.rules.iter().find(|r| r.meta.id == id) else {
                continue;
            };
            let (pos, neg): (Vec<Value>, Vec<Value>) = if rule.meta.origin == RuleOrigin::Trailscope
            {
                let f = root()
                    .join("tests/fixtures/detect")
                    .join(format!("{id}.json"));
                let v: Value = serde_json::from_str(
                    &std::fs::read_to_string(&f)
                        .unwrap_or_else(|_| panic!("{id}: no {}", f.display())),
                )
                .unwrap();
                (
                    v["positive"].as_array().unwrap().clone(),
                    v["negative"].as_array().unwrap().clone(),
                )
            } else {
                let (p, fields) = synth(&doc, outside);
                let n = spoil(&p, &fields);
                if rule.is_aggregate() {
                    // A burst: threshold + 1 copies a second apart (distinct values for
                    // value counts), and the same number an hour apart.
                    let burst = |base: &Value, gap: i64| -> Vec<Value> {
                        (0..60)
                            .map(|k| {
                                let mut r = base.clone();
                                let t = 1_793_613_600 + k * gap;
                                r["eventTime"] = Value::String(
                                    chrono::DateTime::from_timestamp(t, 0)
                                        .unwrap()
                                        .format("%Y-%m-%dT%H:%M:%SZ")
                                        .to_string(),
                                );
                                r["eventID"] =
                                    Value::String(format!("00000000-0000-4000-8000-{k:012}"));
                                r
                            })
                            .collect()
                    };
                    (burst(&p, 1), burst(&p, 3 * 3600))
                } else {
                    (vec![p], vec![n])
                }
            };
            for (recs, want) in [(&pos, true), (&neg, false)] {
                let store = records_store(recs);
                let single = RuleSet::from_files(
                    &[RuleFile {
                        name: path.to_string(),
                        text: text.to_string(),
                        origin: rule.meta.origin.clone(),
                        link: None,
                        license: String::new(),
                    }],
                    true,
                );
                let eng = engine_rows(&single, &store);
                let fired = !eng[&id].0.is_empty();
                let reference = reference_rows_single(text, &id, &store);
                assert_eq!(
                    fired,
                    !reference.is_empty(),
                    "{path}: engine and reference disagree on the {} record(s)",
                    if want { "positive" } else { "negative" }
                );
                if !rule.is_aggregate() {
                    assert_eq!(eng[&id].0, reference, "{path}");
                }
                let shown: String = serde_json::to_string(&recs[0])
                    .unwrap()
                    .chars()
                    .take(400)
                    .collect();
                assert_eq!(
                    fired,
                    want,
                    "{path}: {} record(s), the first: {shown}",
                    if want { "positive" } else { "negative" }
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 90, "{checked}");
}

fn reference_rows_single(text: &str, id: &str, store: &EventStore) -> Vec<u32> {
    let all = reference_rows(store);
    let _ = text;
    all.get(id).cloned().unwrap_or_default()
}

/// The pack on the attack recordings: the key events of each Stratus technique (invictus)
/// and of panther's rule tests are flagged. Prints, per tactic, what fires.
#[test]
fn the_pack_flags_the_attack_recordings() {
    let set = RuleSet::from_files(&pack::files(), false);
    let store = real_store();
    let d = set
        .run(&store, &StoreSource(&store), &AtomicBool::new(false), 0)
        .unwrap();
    let hits = &d.hits;
    let flagged = |name: &str| -> bool {
        (0..store.len()).any(|r| {
            store.str(trailscope::model::SymField::Name, r) == name
                && hits.rules_at(r as u32).next().is_some()
        })
    };
    let key_events = [
        "StopLogging",
        "DeleteTrail",
        "PutEventSelectors",
        "DeleteFlowLogs",
        "CreateUser",
        "CreateAccessKey",
        "CreateLoginProfile",
        "UpdateAssumeRolePolicy",
        "AttachUserPolicy",
        "ModifySnapshotAttribute",
        "ModifyImageAttribute",
        "ModifyDBSnapshotAttribute",
        "AuthorizeSecurityGroupIngress",
        "LeaveOrganization",
        "SendCommand",
        "GetPasswordData",
        "PutBucketLifecycle",
        "GetSecretValue",
        "UpdateFunctionCode20150331v2",
        "ConsoleLogin",
        "DeleteDetector",
        "StopConfigurationRecorder",
        "PutBucketPolicy",
        "ScheduleKeyDeletion",
    ];
    let present: Vec<&str> = key_events
        .iter()
        .copied()
        .filter(|n| (0..store.len()).any(|r| store.str(trailscope::model::SymField::Name, r) == *n))
        .collect();
    let missed: Vec<&str> = present.iter().copied().filter(|n| !flagged(n)).collect();
    assert!(missed.is_empty(), "not flagged: {missed:?}");
    let mut by_tactic: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for rh in &hits.rules {
        if rh.hits.is_empty() {
            continue;
        }
        for t in &rh.rule.tactics {
            *by_tactic
                .entry(t.clone())
                .or_default()
                .entry(format!("{} [{}]", rh.rule.title, rh.rule.id))
                .or_default() += rh.hits.len();
        }
    }
    for (t, rules) in &by_tactic {
        eprintln!("{t}:");
        for (r, n) in rules {
            eprintln!("  {n:>4}  {r}");
        }
    }
    assert!(by_tactic.len() >= 9, "{:?}", by_tactic.keys());
}

// ---------------------------------------------------------------------------------------------
// The commands.

fn bin(cfg: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trailscope"));
    c.env("XDG_CONFIG_HOME", cfg).env("HOME", cfg);
    c
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn detect_prints_one_line_per_hit_and_agrees_with_the_filter_terms() {
    let t = tmp();
    let data = root().join("assets/demo/invictus");
    let out = bin(t.path())
        .args(["detect", "--format", "json"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 50);
    for l in &lines {
        for k in [
            "time",
            "rule",
            "title",
            "level",
            "tactics",
            "techniques",
            "who",
            "name",
            "ip",
            "id",
            "author",
        ] {
            assert!(l.get(k).is_some(), "{k} missing: {l}");
        }
    }
    // The hits' events are exactly what `query -f detect:*` finds: the badges' source agrees.
    let ids: BTreeSet<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    let store = load(vec![Input::Path(data.clone())]);
    let set = RuleSet::from_files(&pack::files(), false);
    let d = set
        .run(&store, &StoreSource(&store), &AtomicBool::new(false), 0)
        .unwrap();
    let mut st = store.clone();
    st.set_hits(d.hits);
    let f = trailscope::query::Filter::parse("detect:*").unwrap();
    let rows = trailscope::query::run(&st, &f, &StoreSource(&st), &AtomicBool::new(false)).unwrap();
    let hit_rows: BTreeSet<String> = st
        .hits()
        .rules
        .iter()
        .flat_map(|r| r.hits.iter().map(|h| st.event_id.get(h.row as usize)))
        .collect();
    assert_eq!(ids, hit_rows);
    let flagged: BTreeSet<String> = rows.iter().map(|&r| st.event_id.get(r as usize)).collect();
    assert!(ids.is_subset(&flagged));
    // -f narrows; a table line per hit.
    let out = bin(t.path())
        .args(["detect", "-f", "tactic:persistence"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() >= 5 && text.lines().all(|l| l.contains("  ")));
    let want = lines
        .iter()
        .filter(|l| {
            l["tactics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "persistence")
        })
        .count();
    assert!(text.lines().count() >= want);
    // No hit: exit 1.
    let out = bin(t.path())
        .args(["detect", "--no-default-rules"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn user_rules_load_beside_the_pack_and_a_broken_file_names_its_line() {
    let t = tmp();
    let rules = t.path().join("myrules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("mine.yml"),
        "title: \"Evil \\e[31mred\\e[0m rule\"\nid: my-1\nlevel: high\nauthor: me\ntags: [attack.persistence, attack.t1098]\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName: CreateUser\n  condition: sel\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("broken.yml"),
        "title: x\ndetection:\n  sel: [unclosed\n  condition: sel\n",
    )
    .unwrap();
    std::fs::write(
        rules.join("refused.yml"),
        "title: uses windash\nid: my-2\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName|windash: x\n  condition: sel\n",
    )
    .unwrap();
    let out = bin(t.path())
        .args(["rules", "--no-default-rules", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "a broken file is an error");
    assert!(
        stderr.contains("broken.yml:3:") || stderr.contains("broken.yml:4:"),
        "{stderr}"
    );
    assert!(stdout.contains("on  high  user  my-1"), "{stdout}");
    assert!(
        stdout.contains("refused")
            && stdout.contains("unknown modifier `|windash`")
            && stdout.contains("refused.yml:6:"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\x1b') && stdout.contains("\\x1b[31m"),
        "rule text is escaped: {stdout}"
    );
    // detect runs the user rule beside (here: instead of) the pack.
    let data = root().join("assets/demo/invictus");
    let out = bin(t.path())
        .args(["detect", "--no-default-rules", "--rules"])
        .arg(&rules)
        .arg(&data)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "hits, but a broken rule file");
    assert!(
        stdout.lines().count() >= 1
            && stdout
                .lines()
                .all(|l| l.contains("my-1") && !l.contains('\x1b'))
    );
    // The config directory's rules folder is read too.
    let cfg_rules = t.path().join("trailscope/rules");
    std::fs::create_dir_all(&cfg_rules).unwrap();
    std::fs::copy(rules.join("mine.yml"), cfg_rules.join("mine.yml")).unwrap();
    let out = bin(t.path())
        .args(["rules", "--no-default-rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["id"], "my-1");
    assert_eq!(v["origin"], "user");
    // The pack alone: everything listed, the noisy rule off with its reason.
    let out = bin(tmp().path()).args(["rules"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with("88 rules on, 6 off by default, 3 refused, 0 broken files"),
        "{s}"
    );
    assert!(s.contains("off  low  sigma  905d389b"));
}

/// Events that arrive while loading: running on the new rows only and merging gives the same
/// hits as one run over everything, and finalizing (rows put in time order) keeps them on
/// their events.
#[test]
fn hits_on_rows_arriving_while_loading_equal_one_run_and_follow_the_finalize() {
    use trailscope::testkit::Fixture;
    // Every fixture record of trailscope's rules, shuffled out of time order.
    let mut recs: Vec<String> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/detect"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for k in ["positive", "negative"] {
            recs.extend(v[k].as_array().unwrap().iter().map(|r| r.to_string()));
        }
    }
    recs.reverse();
    let fx = Fixture::new(&recs);
    let src = fx.source();
    let set = RuleSet::from_files(&pack::files(), false);
    let no = AtomicBool::new(false);
    let mut store = EventStore::default();
    let half = recs.len() / 2;
    fx.push(&mut store, 0..half);
    let first = set.run(&store, &src, &no, 0).unwrap();
    store.set_hits(first.hits);
    fx.push(&mut store, half..recs.len());
    let more = set.run(&store, &src, &no, half).unwrap();
    let merged = trailscope::detect::merge_new(store.hits(), more.hits);
    let whole = set.run(&store, &src, &no, 0).unwrap();
    let key = |h: &trailscope::model::Hits| -> BTreeSet<(String, u32)> {
        h.rules
            .iter()
            .flat_map(|r| r.hits.iter().map(move |x| (r.rule.id.clone(), x.row)))
            .collect()
    };
    assert_eq!(key(&merged), key(&whole.hits));
    assert!(key(&whole.hits).len() >= 40);
    // Finalize: the hits move with their events.
    let ids_before: BTreeSet<(String, String)> = key(&merged)
        .into_iter()
        .map(|(r, row)| (r, store.event_id.get(row as usize)))
        .collect();
    store.set_hits(merged);
    let report = store.finalize(|_, _, _| false);
    assert_eq!(report.duplicates, 0);
    let ids_after: BTreeSet<(String, String)> = key(store.hits())
        .into_iter()
        .map(|(r, row)| (r, store.event_id.get(row as usize)))
        .collect();
    assert_eq!(ids_before, ids_after);
}

/// Attacker text in the matched fields never reaches the terminal raw.
#[test]
fn matched_fields_are_escaped_in_the_table() {
    let t = tmp();
    let rec = serde_json::json!({"Records": [{
        "eventVersion": "1.09", "eventTime": "2026-11-02T10:00:00Z",
        "eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/ev\u{1b}]0;pwned\u{7}il",
                         "userName": "ev\u{1b}[2Jil", "accountId": "111122223333"},
        "sourceIPAddress": "10.0.0.1\u{1b}[31m", "userAgent": "x", "eventID": "e-\u{1b}[5m1",
        "requestParameters": {"userName": "u"}, "recipientAccountId": "111122223333"
    }]});
    let f = t.path().join("hostile.json");
    std::fs::write(&f, rec.to_string()).unwrap();
    let out = bin(t.path()).arg("detect").arg(&f).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("ts-iam-user-created"), "{s}");
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
    assert!(s.contains("\\x1b"), "{s}");
}

/// SigmaHQ's "AWS Snapshot Backup Exfiltration" names ModifySnapshotAttribute only, so it
/// fired on the invictus recording's revocation of the share (`createVolumePermission.remove`,
/// 30 s after the `add`) as on the share itself; the pack narrows it to the share.
#[test]
fn the_snapshot_sharing_rule_fires_on_the_share_not_on_its_revocation() {
    let store = real_store();
    let rows = rows_json(&store);
    let eng = engine_rows(&pack_set(), &store);
    let hits = &eng["abae8fec-57bd-4f87-aff6-6e3db989843d"].0;
    let calls: Vec<(u32, bool)> = (0..rows.len() as u32)
        .filter(|&i| field(&rows[i as usize].0, "eventName") == ["ModifySnapshotAttribute"])
        .map(|i| {
            let rec = &rows[i as usize].0;
            let add = ["userId", "group"].iter().any(|k| {
                !field(
                    rec,
                    &format!("requestParameters.createVolumePermission.add.items.{k}"),
                )
                .is_empty()
            });
            (i, add)
        })
        .collect();
    assert!(
        calls.iter().any(|c| c.1) && calls.iter().any(|c| !c.1),
        "{calls:?}"
    );
    for (row, add) in calls {
        assert_eq!(
            hits.contains(&row),
            add,
            "row {row}: add {add}, hits {hits:?}"
        );
    }
    let set = pack_set();
    let rule = set
        .rules
        .iter()
        .find(|r| r.meta.id == "abae8fec-57bd-4f87-aff6-6e3db989843d")
        .unwrap();
    assert!(rule.meta.note.contains("revoked"), "{}", rule.meta.note);
}
