//! One event being written: its context and per-thread scratch buffers, and small JSON helpers.

use crate::accounts::{Acct, APPS};
use crate::catalog::{svc_index, Entry, SVCS};
use crate::documents::{policy_doc, s3_key};
use crate::identities::{Lane, Role, Session, User, NO32};
use crate::json::Js;
use crate::plan::Gen;
use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Err {
    No,
    Denied,
    Throttle,
    NotFound,
}

/// Per-thread buffers reused across events.
#[derive(Default)]
pub struct Scratch {
    /// `"requestParameters":...,"responseElements":...[,"additionalEventData":...]`
    pub body: Vec<u8>,
    /// Elements of `resources`.
    pub res: Vec<u8>,
    /// Resource name for error messages, and the ARN for AccessDenied messages.
    pub x: String,
    pub arn: String,
    /// TLS host header (empty: derived from the service).
    pub host: String,
    pub nf: Option<(&'static str, String)>,
    /// Forced values for scripted events.
    pub force_user: Option<String>,
    pub force_key: Option<String>,
    /// Session issued by this event (AssumeRole*, GetSessionToken, GetFederationToken).
    pub issue: u32,
    /// AWS service on whose behalf the call is made (AWSService identity).
    pub invoked: &'static str,
}

/// What the file writer needs to know about a record.
#[derive(Clone, Copy)]
pub struct EvInfo {
    pub t: i64,
    pub err: bool,
    pub dup: bool,
    /// The session whose access key is in `userIdentity` (NO32: none).
    pub key: u32,
    /// The session whose credentials this event issues (NO32: none).
    pub issued: u32,
}

pub struct Ctx<'a> {
    pub g: &'a Gen,
    pub rng: Rng,
    pub a: &'a Acct,
    pub acct: usize,
    pub region: usize,
    pub t: i64,
    pub lane: &'a Lane,
    pub sess: &'a Session,
    pub e: &'a Entry,
    pub err: Err,
}

impl<'a> Ctx<'a> {
    pub fn r(&self) -> &'a str {
        &self.g.regions[self.region]
    }
    /// The service id of the event (`ec2`, `s3`, ...).
    pub fn svc(&self) -> &'static str {
        SVCS[self.e.svc].id
    }
    /// True when the call fails.
    pub fn failed(&self) -> bool {
        self.err != Err::No
    }
    pub fn aid(&self) -> &'a str {
        &self.a.id
    }
    pub fn pool(&mut self, svc: &str) -> &'a str {
        let p: &'a Vec<String> = &self.a.pool[svc_index(svc)];
        &p[self.rng.skewed(p.len())]
    }
    pub fn pick<'b>(&mut self, v: &'b [String]) -> &'b str {
        &v[self.rng.skewed(v.len())]
    }
    pub fn arn(&self, svc: &str, rest: &str) -> String {
        format!("arn:aws:{svc}:{}:{}:{rest}", self.r(), self.aid())
    }
    pub fn kms_arn(&mut self) -> String {
        let k = self.pool("kms");
        self.arn("kms", &format!("key/{k}"))
    }
    pub fn user(&mut self) -> &'a User {
        let acct = self.acct;
        let g = self.g;
        let n = g.users.iter().filter(|u| u.acct == acct).count();
        let i = self.rng.skewed(n.max(1));
        g.users
            .iter()
            .filter(|u| u.acct == acct)
            .nth(i)
            .unwrap_or(&g.users[0])
    }
    pub fn role(&mut self) -> &'a Role {
        let acct = self.acct;
        let g = self.g;
        let n = g.roles.iter().filter(|r| r.acct == acct).count();
        let i = self.rng.idx(n.max(1));
        g.roles
            .iter()
            .filter(|r| r.acct == acct)
            .nth(i)
            .unwrap_or(&g.roles[0])
    }
    pub fn policy(&mut self, pretty: bool, admin: bool) -> String {
        let (a, r) = (self.aid(), self.r());
        policy_doc(&mut self.rng, a, r, pretty, admin)
    }
    pub fn s3key(&mut self, bucket: &str) -> String {
        let (a, r) = (self.aid(), self.r());
        s3_key(&mut self.rng, bucket, self.t, a, r)
    }
    pub fn ms(&self) -> u64 {
        self.t as u64 * 1000 + self.rng.clone().below(1000)
    }
}

pub fn add_res(res: &mut Vec<u8>, ty: &str, arn: &str, acct: Option<&str>) {
    res.eo();
    if let Some(a) = acct {
        res.ks("accountId", a);
    }
    res.ks("type", ty);
    res.ks("ARN", arn);
    res.c();
}

pub fn tag_list(o: &mut Vec<u8>, key: &str, rng: &mut Rng, env: &str, kk: &str, vk: &str) {
    o.ka(key);
    let n = rng.range(2, 5);
    let pairs: [(&str, &str); 6] = [
        ("Environment", env),
        (
            "Team",
            ["platform", "data", "payments", "security", "sre"][rng.idx(5)],
        ),
        ("CostCenter", ["cc-1042", "cc-2210", "cc-3307"][rng.idx(3)]),
        ("ManagedBy", ["terraform", "cdk", "console"][rng.idx(3)]),
        (
            "Owner",
            ["équipe-données", "plateforme", "データ基盤", "sre-oncall"][rng.idx(4)],
        ),
        ("Service", rng.word(&APPS)),
    ];
    for (k, v) in pairs.iter().take(n as usize) {
        o.eo();
        o.ks(kk, k);
        o.ks(vk, v);
        o.c();
    }
    o.ca();
}

pub fn ec2_items(o: &mut Vec<u8>, key: &str, inner: &str, vals: &[&str]) {
    o.ko(key);
    o.ka("items");
    for v in vals {
        o.eo();
        o.ks(inner, v);
        o.c();
    }
    o.ca();
    o.c();
}

pub fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A list call's body: `requestParameters` null (`null_pct` percent of the time) or
/// `{key: n}`, and a null response.
pub fn list_call(
    o: &mut Vec<u8>,
    rng: &mut Rng,
    null_pct: u64,
    key: &str,
    n: impl FnOnce(&mut Rng) -> u64,
) {
    if rng.pct(null_pct) {
        o.kr("requestParameters", "null");
    } else {
        o.ko("requestParameters");
        o.kn(key, n(rng));
        o.c();
    }
    null_resp(o);
}

pub fn null_resp(o: &mut Vec<u8>) {
    o.kr("responseElements", "null");
}

impl Scratch {
    pub fn reset(&mut self) {
        self.body.clear();
        self.res.clear();
        self.x.clear();
        self.arn.clear();
        self.host.clear();
        self.nf = None;
        self.force_user = None;
        self.force_key = None;
        self.issue = NO32;
        self.invoked = "";
    }
}
