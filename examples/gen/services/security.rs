//! AWS Config, GuardDuty and Security Hub.

use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, push_rand, uuid, B64};
use crate::services::generic::generic_body;
use crate::time::human_ts;

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let r = c.r();
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("config", "PutEvaluations") => {
            o.ko("requestParameters");
            o.ka("evaluations");
            for _ in 0..c.rng.range(1, 8) {
                o.eo();
                o.ks("complianceResourceType", "AWS::EC2::Instance");
                o.ks("complianceResourceId", c.pick(&c.a.instances));
                o.ks(
                    "complianceType",
                    ["COMPLIANT", "NON_COMPLIANT"][c.rng.idx(2)],
                );
                o.ks("orderingTimestamp", &human_ts(c.t - 60));
                o.c();
            }
            o.ca();
            o.k("resultToken");
            o.push(b'"');
            let n = c.rng.range(400, 800) as usize;
            push_rand(o, &mut c.rng, B64, n);
            o.push(b'"');
            o.kb("testMode", false);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.kr("responseElements", "{\"failedEvaluations\":[]}");
            }
        }
        ("guardduty", "GetFindings")
        | ("guardduty", "ListFindings")
        | ("guardduty", "ArchiveFindings") => {
            let d = c.pool("guardduty");
            o.ko("requestParameters");
            o.ks("detectorId", d);
            if name == "ListFindings" {
                o.kr("findingCriteria", "{\"criterion\":{\"service.archived\":{\"eq\":[\"false\"]},\"severity\":{\"gte\":4}}}");
                o.kr(
                    "sortCriteria",
                    "{\"attributeName\":\"updatedAt\",\"orderBy\":\"DESC\"}",
                );
                o.kn("maxResults", 50);
            } else {
                o.ka("findingIds");
                for _ in 0..c.rng.range(1, 40) {
                    o.es(&hexs(&mut c.rng, 32));
                }
                o.ca();
            }
            o.c();
            null_resp(o);
        }
        ("guardduty", "UpdateDetector")
        | ("guardduty", "CreateIPSet")
        | ("guardduty", "UpdateIPSet") => {
            let d = c.pool("guardduty");
            o.ko("requestParameters");
            o.ks("detectorId", d);
            if name == "UpdateDetector" {
                o.kb("enable", c.lane.prof != Prof::Exfil);
                o.ks("findingPublishingFrequency", "FIFTEEN_MINUTES");
            } else {
                o.ks("name", "trusted-ips");
                o.ks("format", "TXT");
                o.ks(
                    "location",
                    &format!(
                        "https://s3.amazonaws.com/{}-{}-exports/ips.txt",
                        c.a.org, c.a.env
                    ),
                );
                o.kb("activate", true);
            }
            o.c();
            null_resp(o);
        }
        ("securityhub", "GetFindings") | ("securityhub", "BatchImportFindings") => {
            o.ko("requestParameters");
            if name == "GetFindings" {
                o.kr("filters", "{\"RecordState\":[{\"Value\":\"ACTIVE\",\"Comparison\":\"EQUALS\"}],\"WorkflowStatus\":[{\"Value\":\"NEW\",\"Comparison\":\"EQUALS\"},{\"Value\":\"NOTIFIED\",\"Comparison\":\"EQUALS\"}],\"SeverityLabel\":[{\"Value\":\"CRITICAL\",\"Comparison\":\"EQUALS\"},{\"Value\":\"HIGH\",\"Comparison\":\"EQUALS\"}]}");
                o.kn("maxResults", 100);
            } else {
                o.ka("findings");
                for _ in 0..c.rng.range(1, 4) {
                    o.eo();
                    o.ks("SchemaVersion", "2018-10-08");
                    o.ks("Id", &format!("arn:aws:securityhub:{r}:{aid}:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/{}", uuid(&mut c.rng)));
                    o.ks(
                        "ProductArn",
                        &format!("arn:aws:securityhub:{r}::product/aws/securityhub"),
                    );
                    o.ks(
                        "GeneratorId",
                        "aws-foundational-security-best-practices/v/1.0.0/S3.8",
                    );
                    o.ks("AwsAccountId", aid);
                    o.kr("Types", "[\"Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices\"]");
                    o.kr("Severity", "{\"Label\":\"HIGH\",\"Normalized\":70}");
                    o.ks(
                        "Title",
                        "S3 general purpose buckets should block public access",
                    );
                    o.c();
                }
                o.ca();
            }
            o.c();
            null_resp(o);
        }
        _ => generic_body(c, sc),
    }
}
