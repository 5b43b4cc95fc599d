//! The profile of a set of events (issue 10.2, "the identity card"): for the events matching a
//! filter — typically one principal (`who:X`), one access key, one source IP or one session —
//! when they were first and last seen, how many there are, how many failed and wrote, and the
//! distinct source IPs, user agents, regions, accounts, access keys and event names with their
//! counts; the roles they assumed (`requestParameters.roleArn` of their `AssumeRole*` calls),
//! and who assumed them (for a role or a session: the principals whose `AssumeRole*` named the
//! role behind it); their console sign-ins, with MFA or not.
//!
//! Everything but the last three is a count over the store's interned columns (no record is
//! read). The roles assumed, who assumed them and the console sign-ins read the records of
//! those few calls only (`AssumeRole*` and `ConsoleLogin` rows), through [`super::group`].

use super::group::{group, parse_fields, Group, Sort};
use super::QueryError;
use crate::model::{EventStore, RecordSource, Sym, SymField, UNDATED};
use std::sync::atomic::AtomicBool;

/// A value and how many of the events have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    /// The value.
    pub value: String,
    /// Events with it.
    pub count: u32,
}

/// Console sign-ins among the events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Logins {
    /// `ConsoleLogin` events.
    pub total: u32,
    /// Of which successful (`responseElements.ConsoleLogin` is `Success`).
    pub success: u32,
    /// With MFA (`additionalEventData.MFAUsed` is `Yes`).
    pub mfa: u32,
    /// Successful without MFA: what responders look for first.
    pub success_without_mfa: u32,
}

/// The identity card of a set of events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// Events.
    pub events: usize,
    /// The first and the last event's time (UTC milliseconds), if any is dated.
    pub first: Option<i64>,
    /// See `first`.
    pub last: Option<i64>,
    /// Events with an error code.
    pub errors: usize,
    /// Events that changed something (`readOnly` false).
    pub writes: usize,
    /// Source IP addresses (or service names), most events first (ties by value); every list
    /// is in this order.
    pub ips: Vec<Count>,
    /// User agents.
    pub agents: Vec<Count>,
    /// Regions.
    pub regions: Vec<Count>,
    /// Accounts the events were for (`recipientAccountId`).
    pub accounts: Vec<Count>,
    /// Access keys the calls were signed with.
    pub keys: Vec<Count>,
    /// Roles these events assumed: `requestParameters.roleArn` of their `AssumeRole*` calls
    /// (failed ones included; a call without a roleArn is not counted).
    pub assumed_roles: Vec<Count>,
    /// Who assumed the role(s) behind these events' sessions: the principals (`who`) of every
    /// loaded `AssumeRole*` call naming one of them.
    pub assumed_by: Vec<Count>,
    /// Console sign-ins.
    pub logins: Logins,
    /// Event names.
    pub top_names: Vec<Count>,
    /// Detection hits among the events, per rule title (see [`detection_hits`]; empty when
    /// no rules ran).
    pub detections: Vec<Count>,
    /// Sources whose bytes were needed (assumed roles, sign-ins) but could not be read.
    pub unreadable: Vec<(u32, String)>,
}

impl Logins {
    /// One line for people: `1 (1 successful, 1 with MFA, 0 successful without MFA)`.
    pub fn summary(&self) -> String {
        let n = |x: u32| crate::format::thousands(u64::from(x));
        format!(
            "{} ({} successful, {} with MFA, {} successful without MFA)",
            n(self.total),
            n(self.success),
            n(self.mfa),
            n(self.success_without_mfa)
        )
    }
}

impl Profile {
    /// The counted lists with their titles, in the order a responder reads them (the text
    /// output and the explorer's popup both show them so).
    pub fn lists(&self) -> [(&'static str, &[Count]); 9] {
        [
            ("roles assumed", &self.assumed_roles),
            ("assumed by", &self.assumed_by),
            ("source IPs", &self.ips),
            ("access keys", &self.keys),
            ("top event names", &self.top_names),
            ("regions", &self.regions),
            ("accounts", &self.accounts),
            ("user agents", &self.agents),
            ("detections", &self.detections),
        ]
    }

    /// Errors as a share of the events (0 when there are none).
    pub fn error_rate(&self) -> f64 {
        if self.events == 0 {
            0.0
        } else {
            self.errors as f64 / self.events as f64
        }
    }
}

/// Event names that assume a role (and name it in `requestParameters.roleArn`).
pub const ASSUME_ROLE_NAMES: &[&str] = &[
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
];

/// The profile of `rows` (store rows, e.g. a filter's result). Record bytes (for the roles
/// assumed and the sign-ins) come through `src`.
pub fn profile(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<Profile, QueryError> {
    let counts = |f: SymField| -> Vec<Count> {
        let mut v: Vec<Count> = super::distinct_counts(store, f, rows)
            .into_iter()
            .map(|(s, c)| Count {
                value: store.strings.resolve(s).to_string(),
                count: c,
            })
            .collect();
        sort_counts(&mut v);
        v
    };
    let mut p = Profile {
        events: rows.len(),
        ..Profile::default()
    };
    let err = store.col(SymField::Error);
    for &r in rows {
        let r = r as usize;
        let t = store.time.get(r);
        if t != UNDATED {
            p.first = Some(p.first.map_or(t, |f| f.min(t)));
            p.last = Some(p.last.map_or(t, |l| l.max(t)));
        }
        if !err[r].is_none() {
            p.errors += 1;
        }
        if store.read_only(r) == Some(false) {
            p.writes += 1;
        }
    }
    p.ips = counts(SymField::Ip);
    p.agents = counts(SymField::Agent);
    p.regions = counts(SymField::Region);
    p.accounts = counts(SymField::Account);
    p.keys = counts(SymField::Key);
    p.top_names = counts(SymField::Name);

    // The few calls whose records are read.
    let syms_of = |names: &[&str]| -> Vec<Sym> {
        names
            .iter()
            .filter_map(|n| store.strings.lookup(n))
            .collect()
    };
    let assume = syms_of(ASSUME_ROLE_NAMES);
    let login = syms_of(&["ConsoleLogin"]);
    let names = store.col(SymField::Name);
    let of = |rows: &mut dyn Iterator<Item = u32>, want: &[Sym]| -> Vec<u32> {
        rows.filter(|&r| want.contains(&names[r as usize]))
            .collect()
    };
    let my_assumes = of(&mut rows.iter().copied(), &assume);
    let my_logins = of(&mut rows.iter().copied(), &login);
    let mut unreadable = Vec::new();

    let fields = parse_fields("requestParameters.roleArn").expect("a valid path");
    let g = group(store, &my_assumes, &fields, Sort::default(), src, cancel)?;
    unreadable.extend(g.unreadable);
    p.assumed_roles = present(&g.groups);

    // The roles behind these events' sessions, and every loaded call that assumed one.
    let issuers: Vec<&str> = super::distinct_counts(store, SymField::Issuer, rows)
        .into_iter()
        .map(|(s, _)| store.strings.resolve(s))
        .collect();
    if !issuers.is_empty() {
        let all: Vec<u32> = of(&mut (0..store.len() as u32), &assume);
        let fields = parse_fields("requestParameters.roleArn,who").expect("valid fields");
        let g = group(store, &all, &fields, Sort::default(), src, cancel)?;
        unreadable.extend(g.unreadable);
        let mut by: Vec<Count> = Vec::new();
        for o in &g.groups {
            let Some(role) = &o.value else { continue };
            if !issuers.iter().any(|i| i.eq_ignore_ascii_case(role)) {
                continue;
            }
            for n in &o.inner {
                let v = n.value.clone().unwrap_or_default();
                match by.iter_mut().find(|c| c.value == v) {
                    Some(c) => c.count += n.count,
                    None => by.push(Count {
                        value: v,
                        count: n.count,
                    }),
                }
            }
        }
        sort_counts(&mut by);
        p.assumed_by = by;
    }

    if !my_logins.is_empty() {
        let fields = parse_fields("responseElements.ConsoleLogin,additionalEventData.MFAUsed")
            .expect("valid paths");
        let g = group(store, &my_logins, &fields, Sort::default(), src, cancel)?;
        unreadable.extend(g.unreadable);
        let mut l = Logins {
            total: g.rows as u32,
            ..Logins::default()
        };
        for o in &g.groups {
            let ok = o
                .value
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case("success"));
            for n in &o.inner {
                let mfa = n
                    .value
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
                if ok {
                    l.success += n.count;
                }
                if mfa {
                    l.mfa += n.count;
                }
                if ok && !mfa {
                    l.success_without_mfa += n.count;
                }
            }
        }
        p.logins = l;
    }
    p.detections = detection_hits(store, rows);
    unreadable.sort();
    unreadable.dedup();
    p.unreadable = unreadable;
    Ok(p)
}

/// Detection hits among `rows`, per rule (its title), most first: the events of `rows` each
/// rule flagged (an event behind an aggregate hit counts for that rule). Empty when no rules
/// ran over the store.
pub fn detection_hits(store: &EventStore, rows: &[u32]) -> Vec<Count> {
    let hits = store.hits();
    if hits.is_empty() {
        return Vec::new();
    }
    let mut per = vec![0u32; hits.rules.len()];
    for &r in rows {
        for i in hits.rules_at(r) {
            per[i] += 1;
        }
    }
    // Two rules may share a title (a user's copy of a bundled rule): one line each.
    let mut v: Vec<Count> = Vec::new();
    for (i, n) in per.into_iter().enumerate().filter(|&(_, n)| n > 0) {
        let title = &hits.rules[i].rule.title;
        match v.iter_mut().find(|c| &c.value == title) {
            Some(c) => c.count += n,
            None => v.push(Count {
                value: title.clone(),
                count: n,
            }),
        }
    }
    sort_counts(&mut v);
    v
}

/// The groups with a value, as counts (the missing value left out).
fn present(groups: &[Group]) -> Vec<Count> {
    groups
        .iter()
        .filter_map(|g| {
            g.value.as_ref().map(|v| Count {
                value: v.clone(),
                count: g.count,
            })
        })
        .collect()
}

/// Most first, then by value.
fn sort_counts(v: &mut [Count]) {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{run, Filter};
    use crate::testkit::load_memory;
    use std::sync::Arc;

    fn rec(i: usize, who: &str, name: &str, extra: &str) -> String {
        format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:{i:02}Z","eventSource":"sts.amazonaws.com","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.{i}","eventID":"id-{i}","userIdentity":{who}{extra}}}"#
        )
    }

    #[test]
    fn counts_roles_assumed_who_assumed_and_sign_ins() {
        let user = r#"{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::1:user/alice","accessKeyId":"AKIA1"}"#;
        let sess = r#"{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r1/s","accessKeyId":"ASIA1","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1:role/r1","userName":"r1"}}}"#;
        let role =
            |r: &str| format!(r#","requestParameters":{{"roleArn":"arn:aws:iam::1:role/{r}"}}"#);
        let recs = [
            rec(0, user, "AssumeRole", &role("r1")),
            rec(1, user, "AssumeRole", &role("r1")),
            rec(2, user, "AssumeRole", &role("r2")),
            rec(3, user, "AssumeRole", r#","errorCode":"AccessDenied""#),
            rec(
                4,
                user,
                "ConsoleLogin",
                r#","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}"#,
            ),
            rec(
                5,
                user,
                "ConsoleLogin",
                r#","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"}"#,
            ),
            rec(6, sess, "GetObject", r#","readOnly":true"#),
            rec(7, sess, "PutObject", r#","readOnly":false"#),
        ];
        let body = format!("{{\"Records\":[{}]}}", recs.join(","));
        let (store, src) = load_memory(vec![("t.json".into(), Arc::from(body.into_bytes()))]);
        let no = AtomicBool::new(false);
        let rows = |f: &str| run(&store, &Filter::parse(f).unwrap(), &src, &no).unwrap();
        let c = |v: &str, n: u32| Count {
            value: v.into(),
            count: n,
        };

        let a = profile(&store, &rows("who:alice"), &src, &no).unwrap();
        assert_eq!(a.events, 6);
        assert_eq!(a.errors, 1);
        assert_eq!(
            a.assumed_roles,
            [
                c("arn:aws:iam::1:role/r1", 2),
                c("arn:aws:iam::1:role/r2", 1)
            ]
        );
        assert!(a.assumed_by.is_empty(), "a user is not assumed");
        assert_eq!(
            a.logins,
            Logins {
                total: 2,
                success: 2,
                mfa: 1,
                success_without_mfa: 1
            }
        );
        assert_eq!(a.keys, [c("AKIA1", 6)]);
        assert_eq!(a.first, Some(1704067200000));
        assert_eq!(a.last, Some(1704067205000));
        assert_eq!(a.top_names[0], c("AssumeRole", 4));

        let s = profile(&store, &rows("key:ASIA1"), &src, &no).unwrap();
        assert_eq!(s.events, 2);
        assert_eq!(s.writes, 1);
        // The role behind the session was assumed twice by alice (r2 is another role).
        assert_eq!(s.assumed_by, [c("alice", 2)]);
        assert!(s.assumed_roles.is_empty());
        assert_eq!(s.logins, Logins::default());
        assert_eq!(s.error_rate(), 0.0);
        assert!((a.error_rate() - 1.0 / 6.0).abs() < 1e-9);
        assert!(s.detections.is_empty());
    }
}
