//! AWS Lambda.

use crate::agents::action_name;
use crate::event::{add_res, list_call, null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, push_rand, rand_str, uuid, B64, LOWER_ALNUM};
use crate::time::{civil, human_ts};

pub fn lambda_config(o: &mut Vec<u8>, c: &mut Ctx, fname: &str, farn: &str) {
    let aid = c.aid();
    o.ks("functionName", fname);
    o.ks("functionArn", farn);
    o.ks(
        "runtime",
        ["python3.12", "nodejs20.x", "java21", "provided.al2023"][c.rng.idx(4)],
    );
    o.ks(
        "role",
        &format!("arn:aws:iam::{aid}:role/service-role/{fname}-role"),
    );
    o.ks("handler", "app.handler");
    o.kn("codeSize", c.rng.range(2_000, 60_000_000));
    o.ks("description", "");
    o.kn("timeout", [3, 30, 60, 300, 900][c.rng.idx(5)]);
    o.kn("memorySize", [128, 256, 512, 1024, 2048][c.rng.idx(5)]);
    let (y, m, d, hh, mm, ss) = civil(c.t);
    o.ks(
        "lastModified",
        &format!(
            "{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:03}+0000",
            c.rng.below(1000)
        ),
    );
    o.k("codeSha256");
    o.push(b'"');
    push_rand(o, &mut c.rng, B64, 43);
    o.extend_from_slice(b"=\"");
    o.ks("version", "$LATEST");
    o.ko("vpcConfig");
    o.ka("subnetIds");
    o.es(c.pick(&c.a.subnets));
    o.es(c.pick(&c.a.subnets));
    o.ca();
    o.ka("securityGroupIds");
    o.es(c.pick(&c.a.sgs));
    o.ca();
    o.ks("vpcId", &c.a.vpc);
    o.kb("ipv6AllowedForDualStack", false);
    o.c();
    o.kr("environment", "{}");
    o.kr("tracingConfig", "{\"mode\":\"PassThrough\"}");
    o.ks("revisionId", &uuid(&mut c.rng));
    o.ks("state", "Active");
    o.ks("lastUpdateStatus", "InProgress");
    o.ks("lastUpdateStatusReason", "The function is being created.");
    o.ks("lastUpdateStatusReasonCode", "Creating");
    o.ks("packageType", "Zip");
    o.kr("architectures", "[\"arm64\"]");
    o.kr("ephemeralStorage", "{\"size\":512}");
    o.kr(
        "snapStart",
        "{\"applyOn\":\"None\",\"optimizationStatus\":\"Off\"}",
    );
    o.ko("runtimeVersionConfig");
    o.ks(
        "runtimeVersionArn",
        &format!("arn:aws:lambda:{}::runtime:{}", c.r(), hexs(&mut c.rng, 64)),
    );
    o.c();
    o.ko("loggingConfig");
    o.ks("logFormat", "Text");
    o.ks("logGroup", &format!("/aws/lambda/{fname}"));
    o.c();
}

pub fn lambda_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let fname = c.pool("lambda");
    let farn = c.arn("lambda", &format!("function:{fname}"));
    sc.x = fname.to_string();
    sc.arn = farn.clone();
    let o = &mut sc.body;
    let action = action_name(name);
    match action {
        "Invoke" => {
            o.ko("requestParameters");
            o.ks("functionName", &farn);
            o.ks("invocationType", ["RequestResponse", "Event"][c.rng.idx(2)]);
            if c.rng.pct(20) {
                o.ks("qualifier", "live");
            }
            o.c();
            null_resp(o);
            o.ko("additionalEventData");
            o.ks("functionVersion", &format!("{farn}:$LATEST"));
            o.c();
            add_res(&mut sc.res, "AWS::Lambda::Function", &farn, Some(c.aid()));
        }
        "ListFunctions" | "ListLayers" | "GetAccountSettings" => {
            list_call(o, &mut c.rng, 60, "maxItems", |_| 50);
        }
        "UpdateFunctionCode" | "UpdateFunctionConfiguration" | "CreateFunction" => {
            o.ko("requestParameters");
            o.ks("functionName", fname);
            match action {
                "UpdateFunctionCode" => {
                    o.kb("publish", c.rng.pct(50));
                    o.kb("dryRun", false);
                    o.ks("s3Bucket", &format!("{}-{}-artifacts", c.a.org, c.a.env));
                    o.ks("s3Key", &format!("{fname}/{}.zip", hexs(&mut c.rng, 40)));
                }
                "UpdateFunctionConfiguration" => {
                    o.kn("timeout", [30, 60, 300][c.rng.idx(3)]);
                    o.kn("memorySize", [256, 512, 1024][c.rng.idx(3)]);
                    if c.lane.prof == Prof::Exfil {
                        o.ka("layers");
                        o.es(&format!(
                            "arn:aws:lambda:{}:{}:layer:utils:3",
                            c.r(),
                            c.g.ext_accts[0]
                        ));
                        o.ca();
                    }
                    o.kr("environment", "{}");
                }
                _ => {
                    o.ks("runtime", "python3.12");
                    o.ks(
                        "role",
                        &format!("arn:aws:iam::{}:role/service-role/{fname}-role", c.aid()),
                    );
                    o.ks("handler", "app.handler");
                    o.ko("code");
                    o.ks("s3Bucket", &format!("{}-{}-artifacts", c.a.org, c.a.env));
                    o.ks("s3Key", &format!("{fname}/{}.zip", hexs(&mut c.rng, 40)));
                    o.c();
                    o.ks("description", "");
                    o.kn("timeout", 30);
                    o.kn("memorySize", 512);
                    o.kb("publish", true);
                    o.ks("packageType", "Zip");
                    o.kr("architectures", "[\"arm64\"]");
                    o.kr("environment", "{}");
                }
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                lambda_config(o, c, fname, &farn);
                o.c();
            }
        }
        "AddPermission" => {
            let principal = if c.lane.prof == Prof::Exfil {
                "*"
            } else {
                "s3.amazonaws.com"
            };
            let sid = format!(
                "{}-{}",
                if principal == "*" {
                    "public"
                } else {
                    "s3-invoke"
                },
                rand_str(&mut c.rng, LOWER_ALNUM, 8)
            );
            o.ko("requestParameters");
            o.ks("functionName", fname);
            o.ks("statementId", &sid);
            o.ks("action", "lambda:InvokeFunction");
            o.ks("principal", principal);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks(
                    "statement",
                    &format!("{{\"Sid\":\"{sid}\",\"Effect\":\"Allow\",\"Principal\":{},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"{farn}\"}}", if principal == "*" { "\"*\"".to_string() } else { format!("{{\"Service\":\"{principal}\"}}") }),
                );
                o.c();
            }
        }
        "CreateEventSourceMapping" => {
            let q = c.pool("sqs");
            let qarn = c.arn("sqs", q);
            o.ko("requestParameters");
            o.ks("functionName", fname);
            o.ks("eventSourceArn", &qarn);
            o.kn("batchSize", 10);
            o.kb("enabled", true);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("uUID", &uuid(&mut c.rng));
                o.kn("batchSize", 10);
                o.kn("maximumBatchingWindowInSeconds", 0);
                o.ks("eventSourceArn", &qarn);
                o.ks("functionArn", &farn);
                o.ks("lastModified", &human_ts(c.t));
                o.ks("state", "Creating");
                o.ks("stateTransitionReason", "USER_INITIATED");
                o.c();
            }
        }
        "ListTags" | "TagResource" => {
            o.ko("requestParameters");
            o.ks("resource", &farn);
            if action == "TagResource" {
                o.ko("tags");
                o.ks("Environment", c.a.env);
                o.ks("Team", "platform");
                o.c();
            }
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("functionName", fname);
            if matches!(action, "GetFunction" | "UpdateAlias" | "GetPolicy") && c.rng.pct(30) {
                o.ks("qualifier", "live");
            }
            if action == "PutFunctionConcurrency" {
                o.kn("reservedConcurrentExecutions", c.rng.range(5, 200));
            }
            o.c();
            null_resp(o);
        }
    }
}
