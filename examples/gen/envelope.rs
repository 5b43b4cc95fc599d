//! Record envelopes: time, identity, user agent, errors, and the fields around the body.

use crate::agents::{action_name, browser, kebab, svc_version, CONSOLE_JAVA, SSM_AGENT};
use crate::catalog::{event_version, Entry, SVCS};
use crate::data::{section, LISTS};
use crate::event::{Ctx, Err, EvInfo, Scratch};
use crate::identities::{oidc_provider, role_arn, Lane, Session, Ua, LK, NO32};
use crate::json::Js;
use crate::plan::{FilePlan, Gen};
use crate::rng::{hash, hash_str, push_rand, push_uuid_str, rand_str, Rng, B64URL, UPPER_ALNUM};
use crate::services::{write_body, KMS_CALLERS, SL_ROLES};
use std::sync::LazyLock;

pub static VPCE_SVCS: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "vpce-services"));

impl Gen {
    pub fn event_time(&self, f: &FilePlan, k: u32, rng: &mut Rng) -> i64 {
        let base = self.slot_time(f, k);
        let ws = self.ws(f);
        let r = rng.below(1000);
        let t = if r < 6 {
            // Delivered late, in a later file.
            (base - rng.range(30, 900) as i64).max(self.start)
        } else if r < 80 {
            let spread = 3 * self.win / f.n as i64 + 2;
            (base + rng.below(2 * spread as u64 + 1) as i64 - spread).max(ws)
        } else {
            base
        };
        t.min(ws + self.win - 1)
    }

    pub fn pick_err(&self, rng: &mut Rng, lane: &Lane, e: &Entry) -> Err {
        let p = self.error_rate * lane.err_pct as f64 / 100.0;
        if !rng.chance(p) {
            return Err::No;
        }
        let r = rng.below(100);
        if lane.err_pct > 100 {
            if r < 85 {
                Err::Denied
            } else if r < 95 {
                Err::NotFound
            } else {
                Err::Throttle
            }
        } else if r < 45 {
            Err::Denied
        } else if r < 65 && e.ro {
            Err::Throttle
        } else {
            Err::NotFound
        }
    }

    pub fn principal_arn(&self, lane: &Lane, sess: &Session, invoked: &str) -> String {
        if !invoked.is_empty() {
            return invoked.to_string();
        }
        let a = &self.accts[lane.acct].id;
        match lane.kind {
            LK::Root => format!("arn:aws:iam::{a}:root"),
            LK::Federation => format!("arn:aws:sts::{a}:federated-user/{}", sess.name),
            LK::CrossAccount => {
                let sname = lane.label.split(':').nth(1).unwrap_or("session");
                format!(
                    "arn:aws:sts::{}:assumed-role/{sname}/{sname}",
                    self.ext_accts[lane.user]
                )
            }
            k if k.is_role() => format!(
                "arn:aws:sts::{a}:assumed-role/{}/{}",
                self.roles[lane.role].name, sess.name
            ),
            _ => format!("arn:aws:iam::{a}:user/{}", self.users[lane.user].name),
        }
    }

    pub fn session_context(
        &self,
        o: &mut Vec<u8>,
        lane: &Lane,
        sess: &Session,
        issuer: Option<(&str, &str, &str, &str)>,
    ) {
        o.ko("sessionContext");
        o.ko("sessionIssuer");
        if let Some((ty, pid, arn, name)) = issuer {
            o.ks("type", ty);
            o.ks("principalId", pid);
            o.ks("arn", arn);
            o.ks("accountId", &self.accts[lane.acct].id);
            o.ks("userName", name);
        }
        o.c();
        o.ko("webIdFederationData");
        if matches!(lane.kind, LK::Eks | LK::GitHub) {
            o.ks("federatedProvider", &oidc_provider(self, lane));
            o.kr("attributes", "{}");
        }
        o.c();
        o.ko("attributes");
        o.kt("creationDate", sess.creation);
        o.ks("mfaAuthenticated", if lane.mfa { "true" } else { "false" });
        o.c();
        if matches!(lane.kind, LK::Ec2 | LK::StolenInstance) {
            o.ks("ec2RoleDelivery", "2.0");
        }
        o.c();
    }

    /// `userIdentity` members. `pre`: the identity presenting a SAML assertion or OIDC token
    /// (SAMLUser / WebIdentityUser) rather than the role session it obtains.
    pub fn write_identity(
        &self,
        o: &mut Vec<u8>,
        lane: &Lane,
        sess: &Session,
        invoked: &str,
        pre: bool,
    ) -> bool {
        if !invoked.is_empty() {
            o.ks("type", "AWSService");
            o.ks("invokedBy", invoked);
            return false;
        }
        let a = &self.accts[lane.acct].id;
        let mut with_key = true;
        match lane.kind {
            LK::UserKey | LK::AttackKey | LK::AttackBackdoor | LK::Console | LK::SessionToken => {
                let u = &self.users[lane.user];
                o.ks("type", "IAMUser");
                o.ks("principalId", &u.aid);
                o.ks("arn", &format!("arn:aws:iam::{a}:user/{}", u.name));
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                o.ks("userName", &u.name);
                if matches!(lane.kind, LK::Console | LK::SessionToken) {
                    self.session_context(o, lane, sess, None);
                }
            }
            LK::Root => {
                o.ks("type", "Root");
                o.ks("principalId", a);
                o.ks("arn", &format!("arn:aws:iam::{a}:root"));
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                self.session_context(o, lane, sess, None);
            }
            LK::Federation => {
                let u = &self.users[lane.user];
                o.ks("type", "FederatedUser");
                o.ks("principalId", &format!("{a}:{}", sess.name));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{a}:federated-user/{}", sess.name),
                );
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                let uarn = format!("arn:aws:iam::{a}:user/{}", u.name);
                self.session_context(o, lane, sess, Some(("IAMUser", &u.aid, &uarn, &u.name)));
            }
            LK::CrossAccount => {
                o.ks("type", "AWSAccount");
                o.ks("principalId", &lane.label);
                o.ks("accountId", &self.ext_accts[lane.user]);
                with_key = false;
            }
            LK::Eks | LK::GitHub if pre => {
                let p = oidc_provider(self, lane);
                o.ks("type", "WebIdentityUser");
                o.ks(
                    "principalId",
                    &format!("{p}:sts.amazonaws.com:{}", lane.label),
                );
                o.ks("userName", &lane.label);
                o.ks("identityProvider", &p);
                with_key = false;
            }
            LK::Sso | LK::Saml if pre => {
                let idp = &self.accts[lane.acct].saml_idp;
                o.ks("type", "SAMLUser");
                o.ks("principalId", &format!("{idp}:{}", lane.label));
                o.ks("userName", &lane.label);
                o.ks("identityProvider", idp);
                with_key = false;
            }
            _ => {
                let r = &self.roles[lane.role];
                o.ks("type", "AssumedRole");
                o.ks("principalId", &format!("{}:{}", r.rid, sess.name));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{a}:assumed-role/{}/{}", r.name, sess.name),
                );
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                let rarn = role_arn(self, r);
                self.session_context(o, lane, sess, Some(("Role", &r.rid, &rarn, &r.name)));
            }
        }
        with_key
    }

    pub fn user_agent(&self, lane: &Lane, e: &Entry, rng: &mut Rng, invoked: &str) -> String {
        if !invoked.is_empty() {
            return invoked.to_string();
        }
        let s = &SVCS[e.svc];
        if lane.kind == LK::Ec2 && s.id == "ssm" {
            return SSM_AGENT.to_string();
        }
        let ua = match &lane.ua {
            Ua::Fixed(x) => x.clone(),
            Ua::Cli(p) => {
                let cmd = match (s.id, e.name) {
                    ("s3", "GetObject" | "PutObject" | "HeadObject") => "s3.cp".to_string(),
                    ("s3", "ListObjects") => "s3.ls".to_string(),
                    _ => format!("{}.{}", s.cli, kebab(e.name)),
                };
                format!("{p} md/command#{cmd}")
            }
            Ua::Go(p) => format!("{p} api/{}#{}", s.iam, svc_version(s.iam)),
            Ua::Js(p, v, env) => format!("{p} api/{}#{v}{env}", s.iam),
            Ua::Console(browser) => {
                let r = rng.below(100);
                return if r < 40 {
                    "AWS Internal".to_string()
                } else if r < 48 {
                    "console.amazonaws.com".to_string()
                } else if r < 75 {
                    browser.clone()
                } else if s.id == "s3" {
                    format!("[S3Console/0.4, {CONSOLE_JAVA}]")
                } else {
                    CONSOLE_JAVA.to_string()
                };
            }
        };
        if s.id == "s3" {
            format!("[{ua}]")
        } else {
            ua
        }
    }

    pub fn write_error(&self, out: &mut Vec<u8>, c: &mut Ctx, sc: &Scratch) {
        let s = &SVCS[c.e.svc];
        let (code, msg): (&str, String) = match c.err {
            Err::No => return,
            Err::Throttle => match s.id {
                "ec2" => (
                    "Client.RequestLimitExceeded",
                    "Request limit exceeded.".into(),
                ),
                "iam" | "sts" => ("Throttling", "Rate exceeded".into()),
                "s3" => ("SlowDown", "Please reduce your request rate.".into()),
                "dynamodb" => (
                    "ThrottlingException",
                    "Rate of requests exceeds the allowed throughput.".into(),
                ),
                "lambda" => ("TooManyRequestsException", "Rate exceeded".into()),
                _ if s.json => ("ThrottlingException", "Rate exceeded".into()),
                _ => ("Throttling", "Rate exceeded".into()),
            },
            Err::NotFound if sc.nf.is_some() || !s.nf.0.is_empty() => match &sc.nf {
                Some((code, msg)) => (code, msg.clone()),
                None => (
                    s.nf.0,
                    s.nf.1
                        .replace("{x}", if sc.x.is_empty() { "default" } else { &sc.x })
                        .replace("{a}", c.aid())
                        .replace("{r}", c.r()),
                ),
            },
            _ => {
                let arn = self.principal_arn(c.lane, c.sess, sc.invoked);
                let action = format!("{}:{}", s.iam, action_name(c.e.name));
                match s.id {
                    "s3" => ("AccessDenied", "Access Denied".into()),
                    "ec2" => {
                        if c.e.ro {
                            ("Client.UnauthorizedOperation", format!("You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action"))
                        } else {
                            let n = c.rng.range(400, 1100) as usize;
                            let enc = rand_str(&mut c.rng, B64URL, n);
                            ("Client.UnauthorizedOperation", format!("You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action} on resource: {} because no identity-based policy allows the {action} action. Encoded authorization failure message: {enc}", sc.arn))
                        }
                    }
                    _ => {
                        let on = if sc.arn.is_empty() {
                            String::new()
                        } else {
                            format!(" on resource: {}", sc.arn)
                        };
                        (
                            if s.json { "AccessDeniedException" } else { "AccessDenied" },
                            format!("User: {arn} is not authorized to perform: {action}{on} because no identity-based policy allows the {action} action"),
                        )
                    }
                }
            }
        };
        out.ks("errorCode", code);
        if !msg.is_empty() {
            out.ks("errorMessage", &msg);
        }
    }

    /// Writes an AwsApiCall record whose body (`sc.body`, `sc.res`) is ready.
    pub fn envelope(&self, out: &mut Vec<u8>, c: &mut Ctx, sc: &mut Scratch, pre: bool) -> EvInfo {
        let e = c.e;
        let s = &SVCS[e.svc];
        let lane = c.lane;
        let invoked = sc.invoked;
        out.push(b'{');
        out.ks("eventVersion", event_version(s.id));
        out.ko("userIdentity");
        let with_key = self.write_identity(out, lane, c.sess, invoked, pre);
        out.c();
        out.kt("eventTime", c.t);
        out.k("eventSource");
        out.push(b'"');
        out.extend_from_slice(s.id.as_bytes());
        out.extend_from_slice(b".amazonaws.com\"");
        out.ks("eventName", e.name);
        out.ks("awsRegion", c.r());
        let vpce = if invoked.is_empty() && VPCE_SVCS.contains(&s.id) {
            lane.vpce.as_deref()
        } else {
            None
        };
        let ip: &str = if !invoked.is_empty() {
            invoked
        } else if let (Some(_), Some(p)) = (vpce, lane.private_ip.as_deref()) {
            p
        } else if c.sess.ip != NO32 {
            &lane.ips[c.sess.ip as usize]
        } else {
            &lane.ips[c.rng.idx(lane.ips.len())]
        };
        out.ks("sourceIPAddress", ip);
        let ua = if pre && matches!(lane.kind, LK::Sso | LK::Saml) {
            // The SAML assertion is posted by the browser (IdP or access portal).
            match &lane.ua {
                Ua::Console(b) => b.clone(),
                _ => browser(&mut Rng::new(hash_str(&lane.label))),
            }
        } else {
            self.user_agent(lane, e, &mut c.rng, invoked)
        };
        out.ks("userAgent", &ua);
        self.write_error(out, c, sc);
        out.push(b',');
        out.extend_from_slice(&sc.body);
        out.k("requestID");
        out.push(b'"');
        if s.id == "s3" {
            push_rand(out, &mut c.rng, UPPER_ALNUM, 16);
        } else {
            let mut u = String::with_capacity(36);
            push_uuid_str(&mut u, &mut c.rng);
            out.extend_from_slice(u.as_bytes());
        }
        out.push(b'"');
        out.k("eventID");
        out.push(b'"');
        let mut u = String::with_capacity(36);
        push_uuid_str(&mut u, &mut c.rng);
        out.extend_from_slice(u.as_bytes());
        out.push(b'"');
        out.kb("readOnly", e.ro);
        if !sc.res.is_empty() {
            out.ka("resources");
            out.extend_from_slice(&sc.res);
            out.ca();
        }
        out.ks("eventType", "AwsApiCall");
        out.kb("managementEvent", !e.data);
        out.ks("recipientAccountId", c.aid());
        if !invoked.is_empty()
            || self.accts[lane.acct].id != c.a.id
            || lane.kind == LK::CrossAccount
        {
            let mut u = String::with_capacity(36);
            push_uuid_str(&mut u, &mut c.rng);
            out.ks("sharedEventID", &u);
        }
        if let Some(v) = vpce {
            out.ks("vpcEndpointId", v);
            if e.data {
                out.ks("vpcEndpointAccountId", c.aid());
            }
        }
        out.ks("eventCategory", if e.data { "Data" } else { "Management" });
        if lane.console && invoked.is_empty() {
            out.ks("sessionCredentialFromConsole", "true");
        }
        if invoked.is_empty() {
            out.ko("tlsDetails");
            let v13 = c.rng.pct(75);
            out.ks("tlsVersion", if v13 { "TLSv1.3" } else { "TLSv1.2" });
            out.ks(
                "cipherSuite",
                if v13 {
                    "TLS_AES_128_GCM_SHA256"
                } else {
                    "ECDHE-RSA-AES128-GCM-SHA256"
                },
            );
            out.k("clientProvidedHostHeader");
            out.push(b'"');
            if !sc.host.is_empty() {
                out.extend_from_slice(sc.host.as_bytes());
            } else if s.global {
                out.extend_from_slice(s.id.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            } else {
                out.extend_from_slice(s.id.as_bytes());
                out.push(b'.');
                out.extend_from_slice(c.r().as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            out.push(b'"');
            out.c();
        }
        out.push(b'}');
        EvInfo {
            t: c.t,
            err: c.err != Err::No,
            dup: false,
            key: if with_key { c.sess.ix } else { NO32 },
            issued: NO32,
        }
    }

    pub fn write_record(
        &self,
        fi: usize,
        k: u32,
        out: &mut Vec<u8>,
        sc: &mut Scratch,
        depth: u32,
    ) -> EvInfo {
        let f = &self.files[fi];
        let h = hash(&[self.seed, fi as u64, k as u64, 0xD0_0B1E]);
        let special = f.specials.binary_search_by_key(&k, |s| s.0);
        if depth < 4 && f.prev != NO32 && h.is_multiple_of(1000) && special.is_err() {
            let mut src = f.prev as usize;
            for _ in 0..(h >> 10) % 3 {
                let p = self.files[src].prev;
                if p == NO32 {
                    break;
                }
                src = p as usize;
            }
            let sk = ((h >> 20) % self.files[src].n as u64) as u32;
            let mut info = self.write_record(src, sk, out, sc, depth + 1);
            info.dup = true;
            return info;
        }
        if let Ok(i) = special {
            return self.write_special(fi, k, f.specials[i].1, out, sc);
        }
        self.write_fresh(fi, k, out, sc)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn ctx<'a>(
        &'a self,
        rng: Rng,
        acct: usize,
        region: usize,
        t: i64,
        lane: &'a Lane,
        sess: &'a Session,
        e: usize,
        err: Err,
    ) -> Ctx<'a> {
        Ctx {
            g: self,
            rng,
            a: &self.accts[acct],
            acct,
            region,
            t,
            lane,
            sess,
            e: &self.catalog[e],
            err,
        }
    }

    pub fn write_fresh(&self, fi: usize, k: u32, out: &mut Vec<u8>, sc: &mut Scratch) -> EvInfo {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let mut rng = Rng::of(&[self.seed, fi as u64, k as u64, 0xE7E7]);
        let total = *f.cum.last().unwrap();
        let r = rng.below(total);
        let (li, si) = f.actors[f.cum.partition_point(|&c| c <= r)];
        let lane = &self.lanes[li as usize];
        let sess = &self.sessions[si as usize];
        let mut t = self.event_time(f, k, &mut rng);
        if sess.creation > i64::MIN / 8 && t <= sess.creation {
            t = sess.creation + 1 + rng.below(20) as i64;
        }
        let t = self.retime(fi, k, t);
        match lane.kind {
            LK::ServiceEvent => {
                return self.write_service_event(out, &mut rng, st.acct, st.region, t)
            }
            LK::BruteForce => {
                return self.write_console_login(out, &mut rng, lane, sess, st.acct, t, false)
            }
            _ => {}
        }
        let global = st.region == self.global;
        let ei = self.tables[lane.prof as usize * 2 + usize::from(global)].pick(&mut rng);
        let err = self.pick_err(&mut rng, lane, &self.catalog[ei]);
        sc.reset();
        if lane.kind == LK::Service {
            sc.invoked = if SVCS[self.catalog[ei].svc].id == "sts" {
                rng.pick(&SL_ROLES).0
            } else {
                rng.word(&KMS_CALLERS)
            };
        }
        let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, ei, err);
        write_body(&mut c, sc);
        self.envelope(out, &mut c, sc, false)
    }
}
