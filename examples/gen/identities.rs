//! Who calls: IAM users, roles, "lanes" (a principal doing work: an EC2 instance profile, a
//! Lambda function, an SSO user, a long-term access key, ...), their sessions, IPs and key ids.

use crate::plan::Gen;
use crate::profiles::Prof;
use crate::rng::{Rng, KEY_CHARS};
use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LK {
    UserKey,
    Console,
    SessionToken,
    Federation,
    Ec2,
    Lambda,
    Ecs,
    Eks,
    GitHub,
    Chain,
    HumanAssume,
    /// A human's role session hopping on to a role in the next account (user key → role →
    /// role across accounts).
    HumanChain,
    Sso,
    Saml,
    Root,
    CrossAccount,
    Service,
    ServiceEvent,
    AttackKey,
    AttackBackdoor,
    AttackAssume,
    /// Attack story: an EC2 instance's role credentials, stolen from the instance, used from
    /// the attacker's IP (the instance's own sessions: same key, name and expiry).
    StolenInstance,
    BruteForce,
}

impl LK {
    pub fn is_role(self) -> bool {
        matches!(
            self,
            LK::Ec2
                | LK::Lambda
                | LK::Ecs
                | LK::Eks
                | LK::GitHub
                | LK::Chain
                | LK::HumanAssume
                | LK::HumanChain
                | LK::Sso
                | LK::Saml
                | LK::AttackAssume
                | LK::StolenInstance
        )
    }
}

#[derive(Clone)]
pub enum Ua {
    Fixed(String),
    /// aws-cli v2: `md/command#svc.op` appended.
    Cli(String),
    /// aws-sdk-go-v2 (also Terraform): `api/svc#ver` appended.
    Go(String),
    /// aws-sdk-js v3: prefix, `api/svc#ver`, suffix.
    Js(String, String, String),
    /// Console session: "AWS Internal", the browser, or the console's Java SDK.
    Console(String),
}

pub struct User {
    pub acct: usize,
    pub name: String,
    pub aid: String,
    pub keys: Vec<String>,
    pub mfa: bool,
}

pub struct Role {
    pub acct: usize,
    pub name: String,
    pub path: String,
    pub rid: String,
}

pub struct Lane {
    pub kind: LK,
    pub acct: usize,
    pub user: usize,
    pub role: usize,
    pub issuer: usize,
    pub prof: Prof,
    pub weight: u64,
    pub region_w: Vec<u64>,
    pub home: usize,
    pub ips: Vec<String>,
    pub private_ip: Option<String>,
    pub vpce: Option<String>,
    pub ua: Ua,
    /// Instance id, function name, e-mail, OIDC subject, external principal, ...
    pub label: String,
    pub period: i64,
    pub dur: i64,
    pub active: (i64, i64),
    pub err_pct: u64,
    pub mfa: bool,
    pub console: bool,
    pub sessions: Vec<u32>,
}

pub struct Session {
    /// Its index in `Gen::sessions`.
    pub ix: u32,
    pub lane: u32,
    pub akid: String,
    pub name: String,
    pub creation: i64,
    pub expiry: i64,
    pub issuer_sess: u32,
    /// Index into the lane's IPs used for the whole session (u32::MAX: any).
    pub ip: u32,
    pub seed: u64,
}

pub const NONE: usize = usize::MAX;

pub const NO32: u32 = u32::MAX;

/// A public IPv4 address whose first octet is one of `first_octets`.
fn public_ip(rng: &mut Rng, first_octets: &[u8]) -> String {
    format!(
        "{}.{}.{}.{}",
        rng.pick(first_octets),
        rng.range(1, 254),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

pub fn isp_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[
        24, 50, 64, 66, 68, 71, 73, 76, 81, 82, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 98, 99,
        107, 108, 109, 151, 173, 174, 176, 178, 184, 188, 195, 203, 212, 213, 217,
    ];
    public_ip(rng, FIRST_OCTETS)
}

pub fn aws_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[3, 13, 18, 34, 35, 44, 52, 54];
    public_ip(rng, FIRST_OCTETS)
}

pub fn azure_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[4, 13, 20, 40, 52, 104];
    public_ip(rng, FIRST_OCTETS)
}

pub fn private_ip(rng: &mut Rng) -> String {
    format!(
        "10.{}.{}.{}",
        rng.range(0, 255),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

pub fn ipv6(rng: &mut Rng, prefix: &str) -> String {
    let mut s = String::from(prefix);
    let groups = 8 - prefix.matches(':').count();
    for i in 0..groups {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{:x}", rng.range(1, 0xffff));
    }
    s
}

pub fn human_ips(rng: &mut Rng, office: &[String]) -> Vec<String> {
    let mut v = vec![isp_ip(rng)];
    if rng.pct(40) {
        v.push(isp_ip(rng));
    }
    if rng.pct(30) {
        let p = *rng.pick(&["2601:", "2a02:", "2003:", "2600:1700:", "2a01:cb00:"]);
        v.push(ipv6(rng, p));
    }
    v.push(office[rng.idx(office.len())].clone());
    v.push(office[rng.idx(office.len())].clone());
    v
}

pub fn key_id(rng: &mut Rng, prefix: &str, tok: &str) -> String {
    let mut s = String::with_capacity(20);
    s.push_str(prefix);
    s.push_str(tok);
    for _ in 0..8 {
        s.push(*rng.pick(KEY_CHARS) as char);
    }
    s
}

pub fn principal_id(rng: &mut Rng, prefix: &str, tok: &str) -> String {
    let mut s = key_id(rng, prefix, tok);
    s.push(*rng.pick(KEY_CHARS) as char);
    s
}

pub fn role_arn(g: &Gen, r: &Role) -> String {
    format!(
        "arn:aws:iam::{}:role{}{}",
        g.accts[r.acct].id, r.path, r.name
    )
}

pub fn oidc_provider(g: &Gen, l: &Lane) -> String {
    let a = &g.accts[l.acct];
    if l.kind == LK::GitHub {
        format!(
            "arn:aws:iam::{}:oidc-provider/token.actions.githubusercontent.com",
            a.id
        )
    } else {
        format!(
            "arn:aws:iam::{}:oidc-provider/oidc.eks.{}.amazonaws.com/id/{}",
            a.id, g.regions[l.home], a.oidc_eks
        )
    }
}
