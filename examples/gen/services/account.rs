//! AWS Health, resource tagging, Cost Explorer, Organizations and IAM Identity Center.

use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::rng::uuid;
use crate::services::generic::generic_body;
use crate::time::{civil, human_ts};

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("health", _) => {
            o.ko("requestParameters");
            if name == "DescribeEventAggregates" {
                o.ks("aggregateField", "eventTypeCategory");
            }
            o.ko("filter");
            o.kr("eventStatusCodes", "[\"open\",\"upcoming\"]");
            o.ka("startTimes");
            o.eo();
            o.ks("from", &human_ts(c.t - 7 * 86_400));
            o.c();
            o.ca();
            o.c();
            o.c();
            null_resp(o);
            sc.host = "health.us-east-1.amazonaws.com".into();
        }
        ("tagging", "GetResources") => {
            o.ko("requestParameters");
            o.kr("resourceTypeFilters", "[\"ec2:instance\",\"rds:db\",\"s3:bucket\",\"lambda:function\",\"dynamodb:table\"]");
            o.kn("resourcesPerPage", 100);
            o.kr("tagFilters", "[]");
            o.c();
            null_resp(o);
        }
        ("ce", _) => {
            let (y, m, _, _, _, _) = civil(c.t);
            let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            o.ko("requestParameters");
            o.ko("timePeriod");
            o.ks("start", &format!("{py}-{pm:02}-01"));
            o.ks("end", &format!("{y}-{m:02}-01"));
            o.c();
            o.ks("granularity", ["MONTHLY", "DAILY"][c.rng.idx(2)]);
            o.kr("metrics", "[\"UnblendedCost\",\"UsageQuantity\"]");
            o.kr("groupBy", "[{\"type\":\"DIMENSION\",\"key\":\"SERVICE\"}]");
            o.c();
            null_resp(o);
            sc.host = "ce.us-east-1.amazonaws.com".into();
        }
        ("organizations", "ListAccounts")
        | ("organizations", "DescribeOrganization")
        | ("organizations", "ListRoots")
        | ("organizations", "LeaveOrganization") => {
            o.kr("requestParameters", "null");
            null_resp(o);
        }
        ("sso", "CreateAccountAssignment") => {
            let ps = c.pool("sso");
            let inst = format!("arn:aws:sso:::instance/ssoins-{}", &c.a.sso_hex);
            o.ko("requestParameters");
            o.ks("instanceArn", &inst);
            o.ks("targetId", aid);
            o.ks("targetType", "AWS_ACCOUNT");
            o.ks(
                "permissionSetArn",
                &format!("arn:aws:sso:::permissionSet/ssoins-{}/{ps}", &c.a.sso_hex),
            );
            o.ks("principalType", "USER");
            o.ks("principalId", &uuid(&mut c.rng));
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("accountAssignmentCreationStatus");
                o.ks("status", "IN_PROGRESS");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ks("createdDate", &human_ts(c.t));
                o.c();
                o.c();
            }
        }
        _ => generic_body(c, sc),
    }
}
