//! AWS STS: the calls that issue credentials.

use crate::documents::{policy_doc, session_token};
use crate::event::{add_res, null_resp, Ctx, Scratch};
use crate::identities::{key_id, oidc_provider, principal_id, role_arn, LK, NO32, NONE};
use crate::json::Js;
use crate::rng::{hash_str, hexs, push_rand, rand_str, Rng, ALNUM, B64, B64URL};
use crate::services::SL_ROLES;
use crate::time::human_ts;

pub fn credentials(o: &mut Vec<u8>, rng: &mut Rng, akid: &str, exp: i64, long: bool) {
    o.ko("credentials");
    o.ks("accessKeyId", akid);
    o.ks("sessionToken", &session_token(rng, long));
    o.ks("expiration", &human_ts(exp));
    o.c();
}

pub fn sts_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let o = &mut sc.body;
    match name {
        "GetCallerIdentity" => {
            o.kr("requestParameters", "null");
            null_resp(o);
        }
        "DecodeAuthorizationMessage" => {
            o.ko("requestParameters");
            o.k("encodedMessage");
            o.push(b'"');
            let n = c.rng.range(500, 1400) as usize;
            push_rand(o, &mut c.rng, B64URL, n);
            o.push(b'"');
            o.c();
            null_resp(o);
        }
        "GetAccessKeyInfo" => {
            o.ko("requestParameters");
            let tok = c.a.tok.clone();
            o.ks("accessKeyId", &key_id(&mut c.rng, "AKIA", &tok));
            o.c();
            null_resp(o);
        }
        _ if sc.issue != NO32 => {
            // Issuing events: AssumeRole*, GetSessionToken, GetFederationToken.
            let g = c.g;
            let s = &g.sessions[sc.issue as usize];
            let l = &g.lanes[s.lane as usize];
            let mut rng = Rng::new(s.seed);
            let acct_id = &g.accts[l.acct].id;
            o.ko("requestParameters");
            let role = if l.role != NONE {
                Some(&g.roles[l.role])
            } else {
                None
            };
            let rarn = role.map(|r| role_arn(g, r)).unwrap_or_default();
            match name {
                "AssumeRole" | "AssumeRoleWithSAML" | "AssumeRoleWithWebIdentity" => {
                    if name == "AssumeRoleWithSAML" {
                        o.ks("sAMLAssertionID", &format!("_{}", hexs(&mut rng, 32)));
                    }
                    o.ks("roleArn", &rarn);
                    o.ks("roleSessionName", &s.name);
                    if name == "AssumeRoleWithSAML" {
                        let p = if l.kind == LK::Sso {
                            format!(
                                "arn:aws:iam::{acct_id}:saml-provider/AWSSSO_{}_DO_NOT_DELETE",
                                g.accts[l.acct].sso_hex
                            )
                        } else {
                            format!("arn:aws:iam::{acct_id}:saml-provider/Okta")
                        };
                        o.ks("principalArn", &p);
                        sc.arn = p;
                    }
                    o.kn("durationSeconds", l.dur as u64);
                    if l.kind == LK::Chain && rng.pct(50) {
                        o.ks("externalId", "terraform-ci");
                    }
                }
                "GetSessionToken" => {
                    o.kn("durationSeconds", l.dur as u64);
                    let u = &g.users[l.user];
                    o.ks(
                        "serialNumber",
                        &format!(
                            "arn:aws:iam::{acct_id}:mfa/{}",
                            u.name.split('@').next().unwrap()
                        ),
                    );
                }
                _ => {
                    o.ks("name", &s.name);
                    o.kn("durationSeconds", l.dur as u64);
                    let p = policy_doc(&mut rng, acct_id, c.r(), false, false);
                    o.ks("policy", &p);
                }
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                credentials(o, &mut rng, &s.akid, s.expiry, name == "AssumeRoleWithSAML");
                if let Some(r) = role {
                    if name == "AssumeRoleWithWebIdentity" {
                        o.ks("subjectFromWebIdentityToken", &l.label);
                    }
                    o.ko("assumedRoleUser");
                    o.ks("assumedRoleId", &format!("{}:{}", r.rid, s.name));
                    o.ks(
                        "arn",
                        &format!("arn:aws:sts::{acct_id}:assumed-role/{}/{}", r.name, s.name),
                    );
                    o.c();
                    if name == "AssumeRoleWithSAML" {
                        o.kn("packedPolicySize", rng.range(3, 9));
                        o.ks("subject", &l.label);
                        o.ks(
                            "subjectType",
                            if l.kind == LK::Sso {
                                "persistent"
                            } else {
                                "unspecified"
                            },
                        );
                        if l.kind == LK::Sso {
                            o.ks(
                                "issuer",
                                &format!(
                                    "https://portal.sso.{}.amazonaws.com/saml/assertion/{}",
                                    g.regions[g.global],
                                    rand_str(&mut rng, B64, 32)
                                ),
                            );
                        } else {
                            o.ks(
                                "issuer",
                                &format!(
                                    "http://www.okta.com/exk{}",
                                    rand_str(&mut rng, ALNUM, 17)
                                ),
                            );
                        }
                        o.ks("audience", "https://signin.aws.amazon.com/saml");
                        o.ks("nameQualifier", &(rand_str(&mut rng, B64, 27) + "="));
                    }
                    if name == "AssumeRoleWithWebIdentity" {
                        o.ks("provider", &oidc_provider(g, l));
                        o.ks("audience", "sts.amazonaws.com");
                    }
                } else if name == "GetFederationToken" {
                    o.ko("federatedUser");
                    o.ks("federatedUserId", &format!("{acct_id}:{}", s.name));
                    o.ks(
                        "arn",
                        &format!("arn:aws:sts::{acct_id}:federated-user/{}", s.name),
                    );
                    o.c();
                    o.kn("packedPolicySize", rng.range(5, 15));
                }
                o.c();
            }
            if name == "AssumeRoleWithWebIdentity" {
                o.kr(
                    "additionalEventData",
                    "{\"identityProviderConnectionVerificationMethod\":\"IAMTrustStore\"}",
                );
            }
            if !rarn.is_empty() {
                add_res(&mut sc.res, "AWS::IAM::Role", &rarn, Some(acct_id));
                sc.x = role.unwrap().name.clone();
            }
            if name == "AssumeRoleWithSAML" {
                let p = sc.arn.clone();
                add_res(&mut sc.res, "AWS::IAM::SAMLProvider", &p, Some(acct_id));
                sc.arn = rarn;
            }
        }
        _ => {
            // AssumeRole of a service-linked role by an AWS service (credentials never used here).
            let (svc, rname) = SL_ROLES
                .iter()
                .find(|(s, _)| *s == sc.invoked)
                .copied()
                .unwrap_or(SL_ROLES[0]);
            let aid = c.aid();
            let rarn = format!("arn:aws:iam::{aid}:role/aws-service-role/{svc}/{rname}");
            let sname = match svc {
                "config.amazonaws.com" => "AWSConfig-Describe".to_string(),
                "inspector2.amazonaws.com" => format!(
                    "MandoService-{}",
                    c.rng
                        .range(1_000_000_000_000_000_000, 9_000_000_000_000_000_000)
                ),
                _ => format!("{}", c.rng.range(1_700_000_000_000, 1_800_000_000_000)),
            };
            let rid = principal_id(&mut Rng::of(&[c.g.seed, hash_str(&rarn)]), "AROA", &c.a.tok);
            o.ko("requestParameters");
            o.ks("roleArn", &rarn);
            o.ks("roleSessionName", &sname);
            if c.rng.pct(50) {
                o.kn("durationSeconds", 3600);
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                let tok = c.a.tok.clone();
                let akid = key_id(&mut c.rng, "ASIA", &tok);
                credentials(o, &mut c.rng, &akid, c.t + 3600, false);
                o.ko("assumedRoleUser");
                o.ks("assumedRoleId", &format!("{rid}:{sname}"));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{aid}:assumed-role/{rname}/{sname}"),
                );
                o.c();
                o.c();
            }
            add_res(&mut sc.res, "AWS::IAM::Role", &rarn, Some(aid));
            sc.arn = rarn;
        }
    }
}
