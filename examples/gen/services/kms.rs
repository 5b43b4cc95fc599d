//! AWS KMS.

use crate::accounts::APPS;
use crate::event::{add_res, null_resp, tag_list, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, rand_str, uuid, UPPER_ALNUM};
use crate::time::human_ts;

pub fn kms_context(c: &mut Ctx, o: &mut Vec<u8>, caller: &str) {
    o.ko("encryptionContext");
    match caller {
        "s3.amazonaws.com" => {
            let b = c.pool("s3");
            let k = c.s3key(b);
            o.ks("aws:s3:arn", &format!("arn:aws:s3:::{b}/{k}"));
        }
        "secretsmanager.amazonaws.com" => {
            let s = c.pool("secretsmanager");
            o.ks(
                "SecretARN",
                &c.arn("secretsmanager", &format!("secret:{s}")),
            );
            o.ks("SecretVersionId", &uuid(&mut c.rng));
        }
        "ec2.amazonaws.com" => {
            let v = c.pick(&c.a.volumes).to_string();
            o.ks("aws:ebs:id", &v);
        }
        "lambda.amazonaws.com" => {
            let f = c.pool("lambda");
            o.ks(
                "aws:lambda:FunctionArn",
                &c.arn("lambda", &format!("function:{f}")),
            );
        }
        "dynamodb.amazonaws.com" => {
            let t = c.pool("dynamodb");
            o.ks("aws:dynamodb:tableName", t);
            o.ks("aws:dynamodb:subscriberId", c.aid());
        }
        "rds.amazonaws.com" => o.ks(
            "aws:rds:db-id",
            &format!("db-{}", rand_str(&mut c.rng, UPPER_ALNUM, 26)),
        ),
        "logs.amazonaws.com" => {
            let l = c.pool("logs");
            o.ks("aws:logs:arn", &c.arn("logs", &format!("log-group:{l}")));
        }
        "sqs.amazonaws.com" => {
            let q = c.pool("sqs");
            o.ks("aws:sqs:arn", &c.arn("sqs", q));
        }
        "sns.amazonaws.com" => {
            let q = c.pool("sns");
            o.ks("aws:sns:topicArn", &c.arn("sns", q));
        }
        _ => {
            o.ks("app", c.rng.word(&APPS));
            o.ks(
                "purpose",
                ["pii", "tokens", "exports", "sessions"][c.rng.idx(4)],
            );
        }
    }
    o.c();
}

pub fn kms_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let key = c.pool("kms");
    let key_arn = c.arn("kms", &format!("key/{key}"));
    sc.x = key.to_string();
    sc.arn = key_arn.clone();
    let caller = if sc.invoked.is_empty() {
        *c.rng.pick(&[
            "s3.amazonaws.com",
            "secretsmanager.amazonaws.com",
            "lambda.amazonaws.com",
            "",
            "",
            "dynamodb.amazonaws.com",
        ])
    } else {
        sc.invoked
    };
    let o = &mut sc.body;
    o.ko("requestParameters");
    match name {
        "Decrypt"
        | "Encrypt"
        | "GenerateDataKey"
        | "GenerateDataKeyWithoutPlaintext"
        | "ReEncrypt" => {
            if name != "Decrypt" || c.rng.pct(30) {
                if c.rng.pct(50) || name == "Decrypt" {
                    o.ks("keyId", &key_arn);
                } else {
                    o.ks(
                        "keyId",
                        &format!("alias/{}-{}", c.a.env, APPS[c.rng.idx(4)]),
                    );
                }
            }
            if name == "ReEncrypt" {
                o.ks("sourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                o.ks("destinationKeyId", &key_arn);
                o.ks("destinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            } else if name.starts_with("GenerateDataKey") {
                o.ks("keySpec", "AES_256");
            } else {
                o.ks("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
            }
            if caller.is_empty() {
                if c.rng.pct(50) {
                    kms_context(c, o, "app");
                }
            } else {
                kms_context(c, o, caller);
            }
        }
        "Sign" | "Verify" => {
            o.ks("keyId", &key_arn);
            o.ks("messageType", "DIGEST");
            o.ks("signingAlgorithm", "RSASSA_PSS_SHA_256");
        }
        "CreateGrant" => {
            o.ks("keyId", &key_arn);
            o.ks(
                "granteePrincipal",
                &format!("arn:aws:iam::{}:role/app-server-role", c.aid()),
            );
            o.ks("retiringPrincipal", &format!("ec2.{}.amazonaws.com", c.r()));
            o.ka("operations");
            for op in [
                "Decrypt",
                "ReEncryptFrom",
                "ReEncryptTo",
                "GenerateDataKeyWithoutPlaintext",
                "DescribeKey",
                "CreateGrant",
            ] {
                o.es(op);
            }
            o.ca();
            o.ko("constraints");
            o.ko("encryptionContextSubset");
            let v = c.pick(&c.a.volumes).to_string();
            o.ks("aws:ebs:id", &v);
            o.c();
            o.c();
        }
        "PutKeyPolicy" => {
            o.ks("keyId", key);
            o.ks("policyName", "default");
            let p = c.policy(true, c.lane.prof == Prof::Exfil);
            o.ks("policy", &p);
            o.kb("bypassPolicyLockoutSafetyCheck", false);
        }
        "CreateKey" => {
            o.ks("keySpec", "SYMMETRIC_DEFAULT");
            o.ks("keyUsage", "ENCRYPT_DECRYPT");
            o.ks("description", &format!("{} data key", c.rng.word(&APPS)));
            let env = c.a.env;
            tag_list(o, "tags", &mut c.rng, env, "tagKey", "tagValue");
        }
        "ScheduleKeyDeletion" => {
            o.ks("keyId", key);
            o.kn("pendingWindowInDays", 7);
        }
        "CreateAlias" => {
            o.ks(
                "aliasName",
                &format!("alias/{}-{}", c.a.env, c.rng.word(&APPS)),
            );
            o.ks("targetKeyId", key);
        }
        "ListKeys" | "ListAliases" => o.kn("limit", 100),
        _ => o.ks("keyId", if c.rng.pct(50) { key } else { &key_arn }),
    }
    o.c();
    match (name, err) {
        (_, true) => null_resp(o),
        ("CreateGrant", _) => {
            o.ko("responseElements");
            o.ks("grantId", &hexs(&mut c.rng, 64));
            o.ks("keyId", &key_arn);
            o.c();
        }
        ("ScheduleKeyDeletion", _) => {
            o.ko("responseElements");
            o.ks("keyId", &key_arn);
            o.ks("deletionDate", &human_ts(c.t + 7 * 86_400));
            o.ks("keyState", "PendingDeletion");
            o.kn("pendingWindowInDays", 7);
            o.c();
        }
        ("CreateKey", _) => {
            let id = uuid(&mut c.rng);
            o.ko("responseElements");
            o.ko("keyMetadata");
            o.ks("aWSAccountId", c.aid());
            o.ks("keyId", &id);
            o.ks("arn", &c.arn("kms", &format!("key/{id}")));
            o.ks("creationDate", &human_ts(c.t));
            o.kb("enabled", true);
            o.ks("description", "");
            o.ks("keyUsage", "ENCRYPT_DECRYPT");
            o.ks("keyState", "Enabled");
            o.ks("origin", "AWS_KMS");
            o.ks("keyManager", "CUSTOMER");
            o.ks("customerMasterKeySpec", "SYMMETRIC_DEFAULT");
            o.ks("keySpec", "SYMMETRIC_DEFAULT");
            o.ka("encryptionAlgorithms");
            o.es("SYMMETRIC_DEFAULT");
            o.ca();
            o.kb("multiRegion", false);
            o.c();
            o.c();
        }
        _ => null_resp(o),
    }
    if !matches!(name, "ListKeys" | "ListAliases" | "CreateKey") {
        add_res(&mut sc.res, "AWS::KMS::Key", &key_arn, Some(c.aid()));
    }
}
