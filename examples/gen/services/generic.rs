//! Services without their own writer: a plausible body from the event name.

use crate::catalog::SVCS;
use crate::event::{list_call, null_resp, tag_list, Ctx, Scratch};
use crate::json::Js;
use crate::rng::{hash_str, uuid};

/// Generic request parameter of a service: key name and value.
pub fn generic_res(c: &mut Ctx, svc: &str) -> Option<(&'static str, String)> {
    let r = c.r();
    let aid = c.aid();
    Some(match svc {
        "logs" => ("logGroupName", c.pool("logs").to_string()),
        "rds" => ("dBInstanceIdentifier", c.pool("rds").to_string()),
        "monitoring" => ("alarmName", c.pool("monitoring").to_string()),
        "ecr" => ("repositoryName", c.pool("ecr").to_string()),
        "ecs" => ("cluster", c.pool("ecs").to_string()),
        "eks" => ("name", c.pool("eks").to_string()),
        "elasticloadbalancing" => {
            let t = c.pool("elasticloadbalancing");
            let h = hash_str(t);
            (
                "targetGroupArn",
                format!("arn:aws:elasticloadbalancing:{r}:{aid}:targetgroup/{t}/{h:016x}"),
            )
        }
        "autoscaling" => ("autoScalingGroupName", c.pool("autoscaling").to_string()),
        "cloudformation" => ("stackName", c.pool("cloudformation").to_string()),
        "route53" => ("hostedZoneId", c.pool("route53").to_string()),
        "config" => ("configRuleName", c.pool("config").to_string()),
        "guardduty" => ("detectorId", c.pool("guardduty").to_string()),
        "organizations" => (
            "accountId",
            c.g.accts[c.rng.idx(c.g.accts.len())].id.clone(),
        ),
        "sso" => {
            let ps = c.pool("sso");
            (
                "permissionSetArn",
                format!("arn:aws:sso:::permissionSet/ssoins-{}/{ps}", &c.a.sso_hex),
            )
        }
        "acm" => {
            let id = c.pool("acm");
            ("certificateArn", c.arn("acm", &format!("certificate/{id}")))
        }
        "apigateway" => ("restApiId", c.pool("apigateway").to_string()),
        "events" => ("name", c.pool("events").to_string()),
        "states" => {
            let s = c.pool("states");
            (
                "stateMachineArn",
                c.arn("states", &format!("stateMachine:{s}")),
            )
        }
        "glue" => ("databaseName", c.pick(&c.a.glue_dbs).to_string()),
        "athena" => ("workGroup", c.pool("athena").to_string()),
        "kinesis" => ("streamName", c.pool("kinesis").to_string()),
        "firehose" => ("deliveryStreamName", c.pool("firehose").to_string()),
        "elasticache" => ("cacheClusterId", c.pool("elasticache").to_string()),
        "cloudfront" => ("id", c.pool("cloudfront").to_string()),
        "backup" => ("backupVaultName", c.pool("backup").to_string()),
        "access-analyzer" => {
            let a = c.pool("access-analyzer");
            (
                "analyzerArn",
                c.arn("access-analyzer", &format!("analyzer/{a}")),
            )
        }
        "codebuild" => ("projectName", c.pool("codebuild").to_string()),
        "codepipeline" => ("name", c.pool("codepipeline").to_string()),
        "sagemaker" => ("notebookInstanceName", c.pool("sagemaker").to_string()),
        "cloudtrail" => (
            "name",
            format!(
                "arn:aws:cloudtrail:{}:{}:trail/{}",
                c.g.regions[c.g.global], c.g.accts[0].id, c.g.trail
            ),
        ),
        _ => return None,
    })
}

pub fn generic_body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let res = generic_res(c, svc);
    let o = &mut sc.body;
    let list = name.starts_with("List") || (name.starts_with("Describe") && name.ends_with('s'));
    match res {
        Some((k, v)) if !(list && c.rng.pct(60)) => {
            sc.x = v.rsplit(['/', ':']).next().unwrap_or(&v).to_string();
            if v.starts_with("arn:") {
                sc.arn = v.clone();
            }
            o.ko("requestParameters");
            o.ks(k, &v);
            if !c.e.ro {
                if c.rng.pct(30)
                    && (name.starts_with("Create")
                        || name.starts_with("Tag")
                        || name.starts_with("Add"))
                {
                    tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
                }
                if c.rng.pct(25) {
                    o.ks("clientRequestToken", &uuid(&mut c.rng));
                }
            }
            o.c();
            if !err && !c.e.ro && c.rng.pct(50) {
                o.ko("responseElements");
                if v.starts_with("arn:") {
                    o.ks(k, &v);
                } else {
                    let id_key =
                        format!("{}Arn", k.trim_end_matches("Name").trim_end_matches("Id"));
                    o.ks(
                        &id_key,
                        &format!("arn:aws:{}:{}:{}:{}", SVCS[c.e.svc].iam, c.r(), c.aid(), v),
                    );
                }
                o.c();
            } else {
                null_resp(o);
            }
        }
        _ => {
            list_call(o, &mut c.rng, 50, "maxResults", |rng| {
                [50, 100, 1000][rng.idx(3)]
            });
        }
    }
}
