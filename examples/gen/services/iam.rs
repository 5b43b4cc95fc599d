//! IAM.

use crate::accounts::APPS;
use crate::documents::{trust_doc, url_encode, ACTIONS, MANAGED_POLICIES};
use crate::event::{null_resp, tag_list, Ctx, Scratch};
use crate::identities::{key_id, principal_id, role_arn, Ua};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::uuid;
use crate::services::SL_ROLES;
use crate::time::human_ts;

pub fn iam_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let aid = c.aid();
    let g = c.g;
    let (uname, uid) = match &sc.force_user {
        Some(u) => {
            let user = g.users.iter().find(|x| &x.name == u).unwrap();
            (u.clone(), user.aid.clone())
        }
        None if name == "CreateUser" => {
            let n = format!(
                "{}-{}",
                ["svc", "ci", "app", "tmp"][c.rng.idx(4)],
                c.rng.word(&APPS)
            );
            (n, principal_id(&mut c.rng, "AIDA", &c.a.tok))
        }
        None => {
            let u = c.user();
            (u.name.clone(), u.aid.clone())
        }
    };
    let role = c.role();
    let rarn = role_arn(g, role);
    let policy_arn = if c.rng.pct(60) {
        c.rng.word(&MANAGED_POLICIES).to_string()
    } else {
        format!(
            "arn:aws:iam::{aid}:policy/{}-{}-policy",
            c.a.env,
            c.rng.word(&APPS)
        )
    };
    let pretty = matches!(c.lane.ua, Ua::Console(_));
    let o = &mut sc.body;
    let user_op = (name.contains("User") && name != "ListUsers")
        || name.contains("AccessKey")
        || name.contains("LoginProfile")
        || name.contains("MFADevice")
        || name == "ChangePassword";
    let role_op = name.contains("Role") && !matches!(name, "ListRoles" | "CreateServiceLinkedRole");
    let policy_op = matches!(
        name,
        "GetPolicy"
            | "GetPolicyVersion"
            | "CreatePolicyVersion"
            | "DeletePolicy"
            | "ListEntitiesForPolicy"
    );
    let now = human_ts(c.t);
    if user_op {
        sc.x = uname.clone();
        sc.arn = format!("arn:aws:iam::{aid}:user/{uname}");
        sc.nf = Some((
            "NoSuchEntityException",
            format!("The user with name {uname} cannot be found."),
        ));
    } else if role_op {
        sc.x = role.name.clone();
        sc.arn = rarn.clone();
        sc.nf = Some((
            "NoSuchEntityException",
            format!("The role with name {} cannot be found.", role.name),
        ));
    } else if policy_op {
        sc.arn = policy_arn.clone();
        sc.nf = Some((
            "NoSuchEntityException",
            format!("Policy {policy_arn} does not exist or is not attachable."),
        ));
    } else {
        sc.arn = format!("arn:aws:iam::{aid}:user/");
        sc.nf = Some((
            "NoSuchEntityException",
            "The request was rejected because it referenced an entity that does not exist.".into(),
        ));
    }
    match name {
        "ListUsers"
        | "ListRoles"
        | "ListGroups"
        | "ListInstanceProfiles"
        | "ListServerCertificates"
        | "ListOpenIDConnectProviders"
        | "ListSAMLProviders"
        | "ListVirtualMFADevices"
        | "ListAccountAliases"
        | "GetAccountSummary"
        | "GetAccountPasswordPolicy"
        | "GenerateCredentialReport"
        | "GetCredentialReport"
        | "ChangePassword" => {
            if name.starts_with("List") && c.rng.pct(40) {
                o.ko("requestParameters");
                o.kn("maxItems", [100, 1000][c.rng.idx(2)]);
                o.c();
            } else {
                o.kr("requestParameters", "null");
            }
            null_resp(o);
        }
        "ListPolicies" => {
            o.ko("requestParameters");
            o.ks("scope", ["Local", "All", "AWS"][c.rng.idx(3)]);
            o.kb("onlyAttached", c.rng.pct(30));
            o.ks("policyUsageFilter", "PermissionsPolicy");
            o.kn("maxItems", 1000);
            o.c();
            null_resp(o);
        }
        "GetAccountAuthorizationDetails" => {
            o.ko("requestParameters");
            o.ka("filter");
            for f in [
                "User",
                "Role",
                "Group",
                "LocalManagedPolicy",
                "AWSManagedPolicy",
            ] {
                o.es(f);
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "SimulatePrincipalPolicy" => {
            o.ko("requestParameters");
            o.ks("policySourceArn", &rarn);
            o.ka("actionNames");
            for _ in 0..c.rng.range(2, 8) {
                o.es(c.rng.word(&ACTIONS));
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "GenerateServiceLastAccessedDetails" => {
            o.ko("requestParameters");
            o.ks("arn", &rarn);
            o.ks("granularity", "ACTION_LEVEL");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("jobId", &uuid(&mut c.rng));
                o.c();
            }
        }
        "GetServiceLastAccessedDetails" => {
            o.ko("requestParameters");
            o.ks("jobId", &uuid(&mut c.rng));
            o.c();
            null_resp(o);
        }
        "CreateUser" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            if sc.force_user.is_none() {
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("user");
                o.ks("path", "/");
                o.ks("userName", &uname);
                o.ks("userId", &uid);
                o.ks("arn", &format!("arn:aws:iam::{aid}:user/{uname}"));
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateAccessKey" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.c();
            if err {
                null_resp(o);
            } else {
                let akid = match &sc.force_key {
                    Some(k) => k.clone(),
                    None => key_id(&mut c.rng, "AKIA", &c.a.tok),
                };
                o.ko("responseElements");
                o.ko("accessKey");
                o.ks("userName", &uname);
                o.ks("accessKeyId", &akid);
                o.ks("status", "Active");
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateLoginProfile" | "UpdateLoginProfile" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.kb("passwordResetRequired", c.lane.prof != Prof::Exfil);
            o.c();
            if err || name == "UpdateLoginProfile" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("loginProfile");
                o.ks("userName", &uname);
                o.ks("createDate", &now);
                o.kb("passwordResetRequired", c.lane.prof != Prof::Exfil);
                o.c();
                o.c();
            }
        }
        "AttachUserPolicy" | "DetachUserPolicy" | "AttachRolePolicy" | "DetachRolePolicy" => {
            let p = if sc.force_user.is_some() || (c.lane.prof == Prof::Exfil && c.rng.pct(70)) {
                "arn:aws:iam::aws:policy/AdministratorAccess".to_string()
            } else {
                policy_arn.clone()
            };
            o.ko("requestParameters");
            if name.contains("User") {
                o.ks("userName", &uname);
            } else {
                o.ks("roleName", &role.name);
            }
            o.ks("policyArn", &p);
            o.c();
            null_resp(o);
        }
        "PutRolePolicy" | "PutUserPolicy" => {
            let doc = c.policy(pretty, c.lane.prof == Prof::Exfil);
            o.ko("requestParameters");
            if name == "PutUserPolicy" {
                o.ks("userName", &uname);
            } else {
                o.ks("roleName", &role.name);
            }
            o.ks("policyName", &format!("{}-inline", c.rng.word(&APPS)));
            o.ks("policyDocument", &doc);
            o.c();
            null_resp(o);
        }
        "CreatePolicy" | "CreatePolicyVersion" => {
            let doc = c.policy(pretty, false);
            let pname = format!("{}-{}-access", c.a.env, c.rng.word(&APPS));
            o.ko("requestParameters");
            if name == "CreatePolicy" {
                o.ks("policyName", &pname);
                o.ks("description", "Managed by Terraform");
            } else {
                o.ks("policyArn", &policy_arn);
            }
            o.ks("policyDocument", &doc);
            if name == "CreatePolicyVersion" {
                o.kb("setAsDefault", true);
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "CreatePolicy" {
                o.ko("responseElements");
                o.ko("policy");
                o.ks("policyName", &pname);
                o.ks("policyId", &principal_id(&mut c.rng, "ANPA", &c.a.tok));
                o.ks("arn", &format!("arn:aws:iam::{aid}:policy/{pname}"));
                o.ks("path", "/");
                o.ks("defaultVersionId", "v1");
                o.kn("attachmentCount", 0);
                o.kn("permissionsBoundaryUsageCount", 0);
                o.kb("isAttachable", true);
                o.ks("createDate", &now);
                o.ks("updateDate", &now);
                o.c();
                o.c();
            } else {
                o.ko("responseElements");
                o.ko("policyVersion");
                o.ks("versionId", &format!("v{}", c.rng.range(2, 5)));
                o.kb("isDefaultVersion", true);
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateRole" | "UpdateAssumeRolePolicy" => {
            let doc = trust_doc(
                &mut c.rng,
                if c.lane.prof == Prof::Exfil {
                    &c.g.ext_accts[0]
                } else {
                    aid
                },
            );
            o.ko("requestParameters");
            o.ks("roleName", &role.name);
            if name == "CreateRole" {
                o.ks("assumeRolePolicyDocument", &doc);
                o.ks("description", "Managed by Terraform");
                o.kn("maxSessionDuration", 3600);
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            } else {
                o.ks("policyDocument", &doc);
            }
            o.c();
            if err || name != "CreateRole" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("role");
                o.ks("path", &role.path);
                o.ks("roleName", &role.name);
                o.ks("roleId", &role.rid);
                o.ks("arn", &rarn);
                o.ks("createDate", &now);
                o.ks("assumeRolePolicyDocument", &url_encode(&doc));
                o.kn("maxSessionDuration", 3600);
                o.kr("roleLastUsed", "{}");
                o.c();
                o.c();
            }
        }
        "CreateServiceLinkedRole" => {
            let (svc, rn) = *c.rng.pick(&SL_ROLES);
            o.ko("requestParameters");
            o.ks("aWSServiceName", svc);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("role");
                o.ks("path", &format!("/aws-service-role/{svc}/"));
                o.ks("roleName", rn);
                o.ks("roleId", &principal_id(&mut c.rng, "AROA", &c.a.tok));
                o.ks(
                    "arn",
                    &format!("arn:aws:iam::{aid}:role/aws-service-role/{svc}/{rn}"),
                );
                o.ks("createDate", &now);
                o.ks("assumeRolePolicyDocument", &url_encode(&format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":[\"{svc}\"]}},\"Action\":[\"sts:AssumeRole\"]}}]}}")));
                o.c();
                o.c();
            }
        }
        "AddUserToGroup" => {
            o.ko("requestParameters");
            o.ks(
                "groupName",
                ["Admins", "Developers", "ReadOnly"][c.rng.idx(3)],
            );
            o.ks("userName", &uname);
            o.c();
            null_resp(o);
        }
        "DeactivateMFADevice" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.ks(
                "serialNumber",
                &format!(
                    "arn:aws:iam::{aid}:mfa/{}",
                    uname.split('@').next().unwrap()
                ),
            );
            o.c();
            null_resp(o);
        }
        "UpdateAccessKey" | "DeleteAccessKey" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.ks("accessKeyId", &key_id(&mut c.rng, "AKIA", &c.a.tok));
            if name == "UpdateAccessKey" {
                o.ks("status", "Inactive");
            }
            o.c();
            null_resp(o);
        }
        "CreateInstanceProfile" => {
            let ip = format!("{}-profile", role.name);
            o.ko("requestParameters");
            o.ks("instanceProfileName", &ip);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("instanceProfile");
                o.ks("path", "/");
                o.ks("instanceProfileName", &ip);
                o.ks(
                    "instanceProfileId",
                    &principal_id(&mut c.rng, "AIPA", &c.a.tok),
                );
                o.ks("arn", &format!("arn:aws:iam::{aid}:instance-profile/{ip}"));
                o.ks("createDate", &now);
                o.kr("roles", "[]");
                o.c();
                o.c();
            }
        }
        "TagRole" => {
            o.ko("requestParameters");
            o.ks("roleName", &role.name);
            tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            if user_op || name.ends_with("ForUser") {
                o.ks("userName", &uname);
            } else if role_op || name.ends_with("ForRole") {
                o.ks("roleName", &role.name);
                if name.contains("RolePolic") && !name.starts_with("List") {
                    o.ks("policyName", &format!("{}-inline", c.rng.word(&APPS)));
                }
            } else if policy_op {
                o.ks("policyArn", &policy_arn);
                if name == "GetPolicyVersion" {
                    o.ks("versionId", &format!("v{}", c.rng.range(1, 5)));
                }
            } else if name == "ListAttachedGroupPolicies" {
                o.ks("groupName", "Admins");
            }
            o.c();
            null_resp(o);
        }
    }
    sc.host = "iam.amazonaws.com".into();
}
