//! AWS Systems Manager and Secrets Manager.

use crate::event::{list_call, null_resp, tag_list, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, rand_str, uuid, B64URL};
use crate::time::human_ts;

pub fn config_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let ssm = c.svc() == "ssm";
    let o = &mut sc.body;
    if ssm {
        let p = c.pool("ssm");
        sc.x = p.to_string();
        sc.arn = c.arn("ssm", &format!("parameter{p}"));
        let inst = c.pick(&c.a.instances).to_string();
        match name {
            "GetParameter"
            | "GetParameters"
            | "DeleteParameter"
            | "PutParameter"
            | "GetParametersByPath" => {
                o.ko("requestParameters");
                match name {
                    "GetParameters" => {
                        o.ka("names");
                        o.es(p);
                        for _ in 0..c.rng.below(4) {
                            o.es(c.pool("ssm"));
                        }
                        o.ca();
                    }
                    "GetParametersByPath" => {
                        let cut = p.rfind('/').unwrap_or(0).max(1);
                        o.ks("path", &p[..cut]);
                        o.kb("recursive", true);
                        o.kn("maxResults", 10);
                    }
                    _ => o.ks("name", p),
                }
                if name.starts_with("Get") {
                    o.kb("withDecryption", !p.starts_with("/aws/"));
                }
                if name == "PutParameter" {
                    o.ks("type", "SecureString");
                    o.kb("overwrite", true);
                    o.ks("tier", "Standard");
                    o.ks("value", "HIDDEN_DUE_TO_SECURITY_REASONS");
                }
                o.c();
                if name == "PutParameter" && !err {
                    o.ko("responseElements");
                    o.kn("version", c.rng.range(2, 40));
                    o.ks("tier", "Standard");
                    o.c();
                } else {
                    null_resp(o);
                }
            }
            "UpdateInstanceInformation" => {
                let ip =
                    c.lane.private_ip.clone().unwrap_or_else(|| {
                        format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250))
                    });
                o.ko("requestParameters");
                o.ks("instanceId", &inst);
                o.ks("agentVersion", "3.3.1142.0");
                o.ks("agentStatus", "Active");
                o.ks("platformType", "Linux");
                o.ks("platformName", "Amazon Linux");
                o.ks("platformVersion", "2023");
                o.ks("iPAddress", &ip);
                o.ks(
                    "computerName",
                    &format!("ip-{}.ec2.internal", ip.replace('.', "-")),
                );
                o.ks("agentName", "amazon-ssm-agent");
                o.ks(
                    "availabilityZone",
                    &format!("{}{}", c.r(), ["a", "b", "c"][c.rng.idx(3)]),
                );
                o.ks(
                    "availabilityZoneId",
                    &format!("use1-az{}", c.rng.range(1, 6)),
                );
                o.ks("sSMConnectionChannel", "ssmmessages");
                o.c();
                null_resp(o);
            }
            "SendCommand" => {
                let cmd = uuid(&mut c.rng);
                o.ko("requestParameters");
                o.ka("instanceIds");
                o.es(&inst);
                o.ca();
                o.ks("documentName", "AWS-RunShellScript");
                o.ks(
                    "comment",
                    if c.lane.prof == Prof::Exfil {
                        ""
                    } else {
                        "deploy"
                    },
                );
                o.ks("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS");
                o.kb("interactive", false);
                o.kn("timeoutSeconds", 600);
                o.c();
                if err {
                    null_resp(o);
                } else {
                    o.ko("responseElements");
                    o.ko("command");
                    o.ks("commandId", &cmd);
                    o.ks("documentName", "AWS-RunShellScript");
                    o.ks("documentVersion", "$DEFAULT");
                    o.ks("comment", "");
                    o.ks("expiresAfter", &human_ts(c.t + 4200));
                    o.ks("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS");
                    o.ka("instanceIds");
                    o.es(&inst);
                    o.ca();
                    o.kr("targets", "[]");
                    o.ks("requestedDateTime", &human_ts(c.t));
                    o.ks("status", "Pending");
                    o.ks("statusDetails", "Pending");
                    o.ks("outputS3Region", c.r());
                    o.ks("outputS3BucketName", "");
                    o.ks("outputS3KeyPrefix", "");
                    o.ks("maxConcurrency", "50");
                    o.ks("maxErrors", "0");
                    o.kn("targetCount", 1);
                    o.kn("completedCount", 0);
                    o.kn("errorCount", 0);
                    o.kn("deliveryTimedOutCount", 0);
                    o.ks("serviceRole", "");
                    o.kr("notificationConfig", "{\"notificationArn\":\"\",\"notificationEvents\":[],\"notificationType\":\"\"}");
                    o.kr(
                        "cloudWatchOutputConfig",
                        "{\"cloudWatchLogGroupName\":\"\",\"cloudWatchOutputEnabled\":false}",
                    );
                    o.kn("timeoutSeconds", 600);
                    o.kr(
                        "alarmConfiguration",
                        "{\"ignorePollAlarmFailure\":false,\"alarms\":[]}",
                    );
                    o.kr("triggeredAlarms", "[]");
                    o.c();
                    o.c();
                }
            }
            "StartSession" => {
                o.ko("requestParameters");
                o.ks("target", &inst);
                o.c();
                if err {
                    null_resp(o);
                } else {
                    let sid = format!(
                        "{}-0{}",
                        c.sess.name.split('@').next().unwrap_or("session"),
                        hexs(&mut c.rng, 16)
                    );
                    o.ko("responseElements");
                    o.ks("sessionId", &sid);
                    o.ks("tokenValue", "Value hidden due to security reasons.");
                    o.ks("streamUrl", &format!("wss://ssmmessages.{}.amazonaws.com/v1/data-channel/{sid}?role=publish_subscribe&cell-number={}", c.r(), rand_str(&mut c.rng, B64URL, 40)));
                    o.c();
                }
            }
            "DescribeParameters"
            | "ListDocuments"
            | "ListCommands"
            | "DescribeInstanceInformation"
            | "ListAssociations"
            | "DescribeMaintenanceWindows"
            | "DescribeAutomationExecutions" => {
                list_call(o, &mut c.rng, 50, "maxResults", |_| 50);
            }
            _ => {
                o.ko("requestParameters");
                if name.contains("Command") || name.contains("Session") {
                    o.ks("commandId", &uuid(&mut c.rng));
                    o.ks("instanceId", &inst);
                } else if name.contains("Instance")
                    || name.contains("Inventory")
                    || name.contains("Patch")
                {
                    o.ks("instanceId", &inst);
                } else if name.contains("Document") {
                    o.ks("name", "AWS-RunPatchBaseline");
                } else if name == "ListTagsForResource" {
                    o.ks("resourceType", "Parameter");
                    o.ks("resourceId", p);
                } else {
                    o.ks("name", p);
                }
                o.c();
                null_resp(o);
            }
        }
        return;
    }
    // Secrets Manager.
    let s = c.pool("secretsmanager");
    let sarn = c.arn("secretsmanager", &format!("secret:{s}"));
    let plain = &s[..s.len() - 7];
    sc.x = s.to_string();
    sc.arn = sarn.clone();
    match name {
        "ListSecrets" => {
            list_call(o, &mut c.rng, 50, "maxResults", |_| 100);
        }
        "BatchGetSecretValue" => {
            o.ko("requestParameters");
            o.ka("secretIdList");
            for _ in 0..c.rng.range(2, 8) {
                let x = c.pool("secretsmanager");
                o.es(x);
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "CreateSecret" => {
            o.ko("requestParameters");
            o.ks("name", plain);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            o.ks("description", "Managed by Terraform");
            o.ks("kmsKeyId", &format!("alias/{}-secrets", c.a.env));
            tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("aRN", &sarn);
                o.ks("name", plain);
                o.ks("versionId", &uuid(&mut c.rng));
                o.c();
            }
        }
        "PutSecretValue" | "UpdateSecret" | "RotateSecret" => {
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            if name == "RotateSecret" {
                o.ks(
                    "rotationLambdaARN",
                    &c.arn(
                        "lambda",
                        "function:SecretsManagerRDSPostgreSQLRotationSingleUser",
                    ),
                );
                o.kr("rotationRules", "{\"automaticallyAfterDays\":30}");
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("arn", &sarn);
                o.ks("name", plain);
                o.ks("versionId", &uuid(&mut c.rng));
                if name == "PutSecretValue" {
                    o.kr("versionStages", "[\"AWSCURRENT\"]");
                }
                o.c();
            }
        }
        "DeleteSecret" => {
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.kn("recoveryWindowInDays", 7);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("arn", &sarn);
                o.ks("name", plain);
                o.ks("deletionDate", &human_ts(c.t + 7 * 86_400));
                o.c();
            }
        }
        "PutResourcePolicy" => {
            let p = c.policy(false, false);
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.ks("resourcePolicy", &p);
            o.kb("blockPublicPolicy", true);
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("secretId", if c.rng.pct(50) { &sarn } else { plain });
            if name == "GetSecretValue" && c.rng.pct(15) {
                o.ks("versionStage", "AWSCURRENT");
            }
            o.c();
            null_resp(o);
        }
    }
}
