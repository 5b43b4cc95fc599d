//! CodeBuild and CloudFormation.

use crate::documents::cfn_template;
use crate::event::{null_resp, tag_list, Ctx, Scratch};
use crate::json::Js;
use crate::rng::{hexs, uuid};
use crate::services::generic::generic_body;
use crate::time::human_ts;

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let r = c.r();
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("codebuild", "StartBuild") => {
            let p = c.pool("codebuild");
            let id = format!("{p}:{}", uuid(&mut c.rng));
            o.ko("requestParameters");
            o.ks("projectName", p);
            o.ks("sourceVersion", "refs/heads/main");
            o.kr("environmentVariablesOverride", "[{\"name\":\"DEPLOY_ENV\",\"value\":\"prod\",\"type\":\"PLAINTEXT\"},{\"name\":\"DOCKER_PASSWORD\",\"value\":\"/ci/docker-password\",\"type\":\"PARAMETER_STORE\"}]");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("build");
                o.ks("id", &id);
                o.ks("arn", &c.arn("codebuild", &format!("build/{id}")));
                o.kn("buildNumber", c.rng.range(100, 5000));
                o.ks("startTime", &human_ts(c.t));
                o.ks("currentPhase", "QUEUED");
                o.ks("buildStatus", "IN_PROGRESS");
                o.ks("sourceVersion", "refs/heads/main");
                o.ks("projectName", p);
                o.kr("phases", &format!("[{{\"phaseType\":\"SUBMITTED\",\"phaseStatus\":\"SUCCEEDED\",\"startTime\":\"{}\",\"endTime\":\"{}\",\"durationInSeconds\":0}},{{\"phaseType\":\"QUEUED\",\"startTime\":\"{}\"}}]", human_ts(c.t), human_ts(c.t), human_ts(c.t)));
                o.kr("environment", "{\"type\":\"LINUX_CONTAINER\",\"image\":\"aws/codebuild/amazonlinux2-x86_64-standard:5.0\",\"computeType\":\"BUILD_GENERAL1_MEDIUM\",\"privilegedMode\":true,\"imagePullCredentialsType\":\"CODEBUILD\"}");
                o.kn("timeoutInMinutes", 60);
                o.kb("buildComplete", false);
                o.c();
                o.c();
            }
        }
        ("cloudformation", "CreateStack")
        | ("cloudformation", "UpdateStack")
        | ("cloudformation", "CreateChangeSet") => {
            let s = c.pool("cloudformation");
            let u = uuid(&mut c.rng);
            let id = c.arn("cloudformation", &format!("stack/{s}/{u}"));
            o.ko("requestParameters");
            o.ks("stackName", s);
            if name == "CreateChangeSet" {
                o.ks(
                    "changeSetName",
                    &format!("cdk-deploy-change-set-{}", c.rng.range(1000, 9999)),
                );
                o.ks("changeSetType", "UPDATE");
            }
            if c.rng.pct(50) {
                let body = cfn_template(&mut c.rng, c.a.env);
                o.ks("templateBody", &body);
            } else {
                o.ks(
                    "templateURL",
                    &format!(
                        "https://s3.{r}.amazonaws.com/cdk-hnb659fds-assets-{aid}-{r}/{}.json",
                        hexs(&mut c.rng, 64)
                    ),
                );
            }
            o.ka("parameters");
            for (k, v) in [
                ("Environment", c.a.env),
                ("VpcId", c.a.vpc.as_str()),
                ("InstanceType", "t3.medium"),
                ("DesiredCount", "3"),
                ("BootstrapVersion", "/cdk-bootstrap/hnb659fds/version"),
            ] {
                o.eo();
                o.ks("parameterKey", k);
                o.ks("parameterValue", v);
                o.c();
            }
            o.ca();
            o.kr(
                "capabilities",
                "[\"CAPABILITY_IAM\",\"CAPABILITY_NAMED_IAM\",\"CAPABILITY_AUTO_EXPAND\"]",
            );
            o.ks(
                "roleARN",
                &format!("arn:aws:iam::{aid}:role/cdk-hnb659fds-cfn-exec-role-{aid}-{r}"),
            );
            tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                if name == "CreateChangeSet" {
                    let u = uuid(&mut c.rng);
                    let cs = c.arn(
                        "cloudformation",
                        &format!("changeSet/cdk-deploy-change-set/{u}"),
                    );
                    o.ks("id", &cs);
                }
                o.ks("stackId", &id);
                o.c();
            }
        }
        _ => generic_body(c, sc),
    }
}
