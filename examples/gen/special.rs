//! Scripted events: credential issuance, console logins, the attack story, service events.

use crate::accounts::{FIRST, LAST};
use crate::agents::browser;
use crate::catalog::{event_version, find_entry, svc_index};
use crate::event::{add_res, Err, EvInfo, Scratch};
use crate::identities::{isp_ip, Lane, Session, Ua, User, LK, NO32};
use crate::json::Js;
use crate::plan::{Gen, Special};
use crate::rng::{hexs, uuid, Rng};
use crate::services::write_body;
use crate::time::human_ts;

impl Gen {
    pub fn write_special(
        &self,
        fi: usize,
        k: u32,
        sp: Special,
        out: &mut Vec<u8>,
        sc: &mut Scratch,
    ) -> EvInfo {
        let mut info = self.write_scripted(fi, k, sp, out, sc);
        if let Special::Issue(s) = sp {
            info.issued = s;
        }
        info
    }

    fn write_scripted(
        &self,
        fi: usize,
        k: u32,
        sp: Special,
        out: &mut Vec<u8>,
        sc: &mut Scratch,
    ) -> EvInfo {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let t = self.retime(fi, k, self.slot_time(f, k));
        let rng = Rng::of(&[self.seed, fi as u64, k as u64, 0x5BEC]);
        sc.reset();
        let (s, name) = match sp {
            Special::Issue(s) => (s, ""),
            Special::CreateUser(s) => (s, "CreateUser"),
            Special::AttachPolicy(s) => (s, "AttachUserPolicy"),
        };
        let sess = &self.sessions[s as usize];
        let lane = &self.lanes[sess.lane as usize];
        let issuer = || {
            let is = &self.sessions[sess.issuer_sess as usize];
            (&self.lanes[is.lane as usize], is)
        };
        if !name.is_empty() || lane.kind == LK::AttackBackdoor {
            let (il, is) = issuer();
            sc.force_user = Some(self.users[lane.user].name.clone());
            let name = if name.is_empty() {
                sc.force_key = Some(sess.akid.clone());
                "CreateAccessKey"
            } else {
                name
            };
            let e = find_entry(&self.catalog, "iam", name);
            let mut c = self.ctx(rng, st.acct, st.region, t, il, is, e, Err::No);
            write_body(&mut c, sc);
            return self.envelope(out, &mut c, sc, false);
        }
        match lane.kind {
            LK::Console | LK::Root => {
                let mut rng = rng;
                self.write_console_login(out, &mut rng, lane, sess, st.acct, t, true)
            }
            LK::Ec2 | LK::Lambda | LK::Ecs => {
                sc.invoked = match lane.kind {
                    LK::Ec2 => "ec2.amazonaws.com",
                    LK::Lambda => "lambda.amazonaws.com",
                    _ => "ecs-tasks.amazonaws.com",
                };
                sc.issue = s;
                let e = find_entry(&self.catalog, "sts", "AssumeRole");
                let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, true)
            }
            LK::Eks | LK::GitHub | LK::Sso | LK::Saml => {
                sc.issue = s;
                let name = if matches!(lane.kind, LK::Eks | LK::GitHub) {
                    "AssumeRoleWithWebIdentity"
                } else {
                    "AssumeRoleWithSAML"
                };
                sc.host = format!("sts.{}.amazonaws.com", self.regions[st.region]);
                let e = find_entry(&self.catalog, "sts", name);
                let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, true)
            }
            _ => {
                // Issued by another principal: AssumeRole, GetSessionToken, GetFederationToken.
                let (il, is) = issuer();
                sc.issue = s;
                let name = match lane.kind {
                    LK::SessionToken => "GetSessionToken",
                    LK::Federation => "GetFederationToken",
                    _ => "AssumeRole",
                };
                sc.host = if rng.clone().pct(30) {
                    "sts.amazonaws.com".to_string()
                } else {
                    format!("sts.{}.amazonaws.com", self.regions[st.region])
                };
                let e = find_entry(&self.catalog, "sts", name);
                let mut c = self.ctx(rng, st.acct, st.region, t, il, is, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, false)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn write_console_login(
        &self,
        out: &mut Vec<u8>,
        rng: &mut Rng,
        lane: &Lane,
        _sess: &Session,
        acct: usize,
        t: i64,
        success: bool,
    ) -> EvInfo {
        let a = &self.accts[acct];
        let r = &self.regions[self.global];
        out.push(b'{');
        out.ks("eventVersion", event_version("signin"));
        out.ko("userIdentity");
        let mut mfa_id = String::new();
        let mut mfa = lane.mfa;
        if success {
            if lane.kind == LK::Root {
                out.ks("type", "Root");
                out.ks("principalId", &a.id);
                out.ks("arn", &format!("arn:aws:iam::{}:root", a.id));
                out.ks("accountId", &a.id);
                mfa_id = format!("arn:aws:iam::{}:mfa/root-account-mfa-device", a.id);
            } else {
                let u = &self.users[lane.user];
                out.ks("type", "IAMUser");
                out.ks("principalId", &u.aid);
                out.ks("arn", &format!("arn:aws:iam::{}:user/{}", a.id, u.name));
                out.ks("accountId", &a.id);
                out.ks("userName", &u.name);
                mfa_id = format!(
                    "arn:aws:iam::{}:mfa/{}",
                    a.id,
                    u.name.split('@').next().unwrap()
                );
            }
        } else {
            mfa = false;
            let x = rng.below(100);
            if x < 15 {
                out.ks("type", "Root");
                out.ks("principalId", &a.id);
                out.ks("arn", &format!("arn:aws:iam::{}:root", a.id));
                out.ks("accountId", &a.id);
                out.ks("accessKeyId", "");
            } else {
                out.ks("type", "IAMUser");
                let users: Vec<&User> = self.users.iter().filter(|u| u.acct == acct).collect();
                if x < 75 && !users.is_empty() {
                    let u = users[rng.idx(users.len())];
                    out.ks("principalId", &u.aid);
                    out.ks("accountId", &a.id);
                    out.ks("accessKeyId", "");
                    out.ks("userName", &u.name);
                } else {
                    out.ks("accountId", &a.id);
                    out.ks("accessKeyId", "");
                    out.ks("userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
                }
            }
        }
        out.c();
        out.kt("eventTime", t);
        out.ks("eventSource", "signin.amazonaws.com");
        out.ks("eventName", "ConsoleLogin");
        out.ks("awsRegion", r);
        out.ks("sourceIPAddress", &lane.ips[rng.idx(lane.ips.len())]);
        let ua = match &lane.ua {
            Ua::Console(b) | Ua::Fixed(b) => b.clone(),
            _ => browser(rng),
        };
        out.ks("userAgent", &ua);
        if !success {
            out.ks("errorMessage", "Failed authentication");
        }
        out.kr("requestParameters", "null");
        out.kr(
            "responseElements",
            if success {
                "{\"ConsoleLogin\":\"Success\"}"
            } else {
                "{\"ConsoleLogin\":\"Failure\"}"
            },
        );
        out.ko("additionalEventData");
        out.ks("LoginTo", &format!("https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_{r}_{}", hexs(rng, 16)));
        out.ks("MobileVersion", "No");
        if mfa && !mfa_id.is_empty() {
            out.ks("MFAIdentifier", &mfa_id);
        }
        out.ks("MFAUsed", if mfa { "Yes" } else { "No" });
        out.c();
        out.ks("eventID", &uuid(rng));
        out.kb("readOnly", false);
        out.ks("eventType", "AwsConsoleSignIn");
        out.kb("managementEvent", true);
        out.ks("recipientAccountId", &a.id);
        out.ks("eventCategory", "Management");
        out.ko("tlsDetails");
        out.ks("tlsVersion", "TLSv1.3");
        out.ks("cipherSuite", "TLS_AES_128_GCM_SHA256");
        out.ks("clientProvidedHostHeader", "signin.aws.amazon.com");
        out.c();
        out.push(b'}');
        EvInfo {
            t,
            err: !success,
            dup: false,
            key: NO32,
            issued: NO32,
        }
    }

    pub fn write_service_event(
        &self,
        out: &mut Vec<u8>,
        rng: &mut Rng,
        acct: usize,
        region: usize,
        t: i64,
    ) -> EvInfo {
        let a = &self.accts[acct];
        let r = &self.regions[region];
        let mut kind = rng.below(7);
        if kind == 6 && region != self.global {
            kind = rng.below(6);
        }
        let (svc, name) = match kind {
            0 => ("kms", "RotateKey"),
            1 => ("secretsmanager", "RotationSucceeded"),
            2 => ("secretsmanager", "RotationStarted"),
            3 => ("backup", "BackupJobCompleted"),
            4 => ("ec2", "SharedSnapshotVolumeCreated"),
            5 => ("ec2", "SharedSnapshotCopyInitiated"),
            _ => ("sso", "Federate"),
        };
        let pool = |s: &str, rng: &mut Rng| -> String {
            let p = &a.pool[svc_index(s)];
            p[rng.idx(p.len())].clone()
        };
        let host = format!("{svc}.amazonaws.com");
        out.push(b'{');
        out.ks("eventVersion", event_version(svc));
        out.ko("userIdentity");
        let (ip, ua) = if kind == 6 {
            let email = format!("{}.{}@{}.com", rng.word(&FIRST), rng.word(&LAST), a.org);
            out.ks("type", "Unknown");
            out.ks("principalId", &uuid(rng));
            out.ks("accountId", &a.id);
            out.ks("userName", &email);
            // A small, stable pool of home/office addresses per account.
            let slot = rng.below(12);
            (
                isp_ip(&mut Rng::of(&[self.seed, acct as u64, slot, 0x1F])),
                browser(rng),
            )
        } else {
            out.ks("accountId", &a.id);
            out.ks("invokedBy", &host);
            (host.clone(), host.clone())
        };
        out.c();
        out.kt("eventTime", t);
        out.ks("eventSource", &host);
        out.ks("eventName", name);
        out.ks("awsRegion", r);
        out.ks("sourceIPAddress", &ip);
        out.ks("userAgent", &ua);
        out.kr("requestParameters", "null");
        out.kr("responseElements", "null");
        let secret = format!(
            "arn:aws:secretsmanager:{r}:{}:secret:{}",
            a.id,
            pool("secretsmanager", rng)
        );
        if svc == "secretsmanager" {
            out.ko("additionalEventData");
            out.ks("SecretId", &secret);
            out.c();
        }
        if kind != 6 {
            out.ks("requestID", &uuid(rng));
        }
        out.ks("eventID", &uuid(rng));
        out.kb("readOnly", false);
        let key = format!("arn:aws:kms:{r}:{}:key/{}", a.id, pool("kms", rng));
        match kind {
            0 => {
                out.ka("resources");
                add_res(out, "AWS::KMS::Key", &key, Some(&a.id));
                out.ca();
            }
            1 | 2 => {
                out.ka("resources");
                add_res(out, "AWS::SecretsManager::Secret", &secret, Some(&a.id));
                out.ca();
            }
            _ => {}
        }
        out.ks("eventType", "AwsServiceEvent");
        out.kb("managementEvent", true);
        out.ks("recipientAccountId", &a.id);
        if kind != 6 {
            out.ks("sharedEventID", &uuid(rng));
        }
        match kind {
            0 => {
                out.ko("serviceEventDetails");
                out.ks("keyId", key.rsplit('/').next().unwrap());
                out.c();
            }
            3 => {
                let t0 = t - rng.range(60, 3600) as i64;
                out.ko("serviceEventDetails");
                out.ks("backupJobId", &uuid(rng).to_uppercase());
                out.ks("backupVaultName", &pool("backup", rng));
                out.ks(
                    "resourceArn",
                    &format!(
                        "arn:aws:dynamodb:{r}:{}:table/{}",
                        a.id,
                        pool("dynamodb", rng)
                    ),
                );
                out.ks("creationDate", &human_ts(t0));
                out.ks("completionDate", &human_ts(t));
                out.ks("state", "COMPLETED");
                out.kn("backupSizeInBytes", rng.range(10_000, 50_000_000_000));
                out.ks(
                    "iamRoleArn",
                    &format!(
                        "arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole",
                        a.id
                    ),
                );
                out.c();
            }
            4 | 5 => {
                out.ko("serviceEventDetails");
                out.ks("snapshotId", &format!("snap-0{}", hexs(rng, 16)));
                if kind == 5 {
                    out.ks(
                        "sourceAccountId",
                        &self.ext_accts[rng.idx(self.ext_accts.len())],
                    );
                }
                out.c();
            }
            6 => {
                out.ko("serviceEventDetails");
                out.ks("relayId", &format!("{}_{}", uuid(rng), uuid(rng)));
                out.c();
            }
            _ => {}
        }
        out.ks("eventCategory", "Management");
        out.push(b'}');
        EvInfo {
            t,
            err: false,
            dup: false,
            key: NO32,
            issued: NO32,
        }
    }
}
