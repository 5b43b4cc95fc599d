//! Route 53, CloudFront, Elastic Load Balancing and EC2 Auto Scaling.

use crate::accounts::APPS;
use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::rng::{hash_str, hexs, rand_str, uuid, UPPER_ALNUM};
use crate::services::generic::generic_body;
use crate::time::human_ts;

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let r = c.r();
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("route53", "ChangeResourceRecordSets") => {
            let zone = c.pool("route53");
            let dom = c.pick(&c.a.zones).to_string();
            o.ko("requestParameters");
            o.ks("hostedZoneId", zone);
            o.ko("changeBatch");
            o.ka("changes");
            for _ in 0..c.rng.range(1, 3) {
                o.eo();
                o.ks("action", ["UPSERT", "CREATE", "DELETE"][c.rng.idx(3)]);
                o.ko("resourceRecordSet");
                o.ks("name", &format!("{}.{dom}.", c.rng.word(&APPS)));
                o.ks("type", ["A", "CNAME", "TXT"][c.rng.idx(3)]);
                o.ko("aliasTarget");
                o.ks("hostedZoneId", "Z35SXDOTRQ7X7K");
                o.ks(
                    "dNSName",
                    &format!(
                        "dualstack.k8s-ingress-{}.{r}.elb.amazonaws.com.",
                        hexs(&mut c.rng, 10)
                    ),
                );
                o.kb("evaluateTargetHealth", true);
                o.c();
                o.c();
                o.c();
            }
            o.ca();
            o.ks("comment", "external-dns");
            o.c();
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("changeInfo");
                o.ks(
                    "id",
                    &format!("/change/C0{}", rand_str(&mut c.rng, UPPER_ALNUM, 19)),
                );
                o.ks("status", "PENDING");
                o.ks("submittedAt", &human_ts(c.t));
                o.ks("comment", "external-dns");
                o.c();
                o.c();
            }
            sc.host = "route53.amazonaws.com".into();
        }
        ("cloudfront", "CreateInvalidation") => {
            let d = c.pool("cloudfront");
            let caller = format!("{}", c.ms());
            o.ko("requestParameters");
            o.ks("distributionId", d);
            o.ko("invalidationBatch");
            o.kr(
                "paths",
                "{\"quantity\":2,\"items\":[\"/index.html\",\"/static/*\"]}",
            );
            o.ks("callerReference", &caller);
            o.c();
            o.c();
            if err {
                null_resp(o);
            } else {
                let id = format!("I{}", rand_str(&mut c.rng, UPPER_ALNUM, 25));
                o.ko("responseElements");
                o.ks("location", &format!("https://cloudfront.amazonaws.com/2020-05-31/distribution/{d}/invalidation/{id}"));
                o.ko("invalidation");
                o.ks("id", &id);
                o.ks("status", "InProgress");
                o.ks("createTime", &human_ts(c.t));
                o.c();
                o.c();
            }
            sc.host = "cloudfront.amazonaws.com".into();
        }
        ("elasticloadbalancing", "RegisterTargets")
        | ("elasticloadbalancing", "DeregisterTargets") => {
            let t = c.pool("elasticloadbalancing");
            let h = hash_str(t);
            o.ko("requestParameters");
            o.ks(
                "targetGroupArn",
                &format!("arn:aws:elasticloadbalancing:{r}:{aid}:targetgroup/{t}/{h:016x}"),
            );
            o.ka("targets");
            for _ in 0..c.rng.range(1, 6) {
                o.eo();
                o.ks(
                    "id",
                    &format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250)),
                );
                o.kn("port", 8080);
                o.c();
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        ("autoscaling", "CompleteLifecycleAction")
        | ("autoscaling", "UpdateAutoScalingGroup")
        | ("autoscaling", "SetDesiredCapacity")
        | ("autoscaling", "DescribeAutoScalingGroups") => {
            let g = c.pool("autoscaling");
            sc.x = g.to_string();
            o.ko("requestParameters");
            if name == "DescribeAutoScalingGroups" {
                if c.rng.pct(50) {
                    o.ka("autoScalingGroupNames");
                    o.es(g);
                    o.ca();
                } else {
                    o.kn("maxRecords", 100);
                }
            } else {
                o.ks("autoScalingGroupName", g);
                match name {
                    "CompleteLifecycleAction" => {
                        o.ks("lifecycleHookName", "drain");
                        o.ks("lifecycleActionResult", "CONTINUE");
                        o.ks("instanceId", c.pick(&c.a.instances));
                        o.ks("lifecycleActionToken", &uuid(&mut c.rng));
                    }
                    "UpdateAutoScalingGroup" => {
                        o.kn("minSize", 2);
                        o.kn("maxSize", 20);
                        o.kn("desiredCapacity", c.rng.range(2, 20));
                    }
                    _ => {
                        o.kn("desiredCapacity", c.rng.range(2, 20));
                        o.kb("honorCooldown", false);
                    }
                }
            }
            o.c();
            null_resp(o);
        }
        _ => generic_body(c, sc),
    }
}
