//! AWS CloudTrail, CloudWatch Logs and CloudWatch.

use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, uuid};
use crate::services::generic::generic_body;
use crate::time::{civil, human_ts};

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let o = &mut sc.body;
    let trail_arn = format!(
        "arn:aws:cloudtrail:{}:{}:trail/{}",
        c.g.regions[c.g.global], c.g.accts[0].id, c.g.trail
    );
    match (svc, name) {
        ("cloudtrail", "LookupEvents") => {
            o.ko("requestParameters");
            if c.rng.pct(60) {
                o.ka("lookupAttributes");
                o.eo();
                let (k, v) = match c.rng.below(3) {
                    0 => (
                        "EventName",
                        ["ConsoleLogin", "AssumeRole", "CreateUser", "RunInstances"][c.rng.idx(4)]
                            .to_string(),
                    ),
                    1 => ("Username", c.user().name.clone()),
                    _ => ("ReadOnly", "false".to_string()),
                };
                o.ks("attributeKey", k);
                o.ks("attributeValue", &v);
                o.c();
                o.ca();
            }
            o.ks(
                "startTime",
                &human_ts(c.t - 86_400 * c.rng.range(1, 90) as i64),
            );
            o.ks("endTime", &human_ts(c.t));
            o.kn("maxResults", 50);
            o.c();
            null_resp(o);
        }
        ("cloudtrail", "DescribeTrails") => {
            o.ko("requestParameters");
            o.kr("trailNameList", "[]");
            o.kb("includeShadowTrails", true);
            o.c();
            null_resp(o);
        }
        ("cloudtrail", "PutEventSelectors") => {
            o.ko("requestParameters");
            o.ks("trailName", &trail_arn);
            o.ka("advancedEventSelectors");
            o.er("{\"name\":\"Management events selector\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}]}");
            if c.lane.prof != Prof::Exfil {
                o.er("{\"name\":\"S3 data events\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Data\"]},{\"field\":\"resources.type\",\"equals\":[\"AWS::S3::Object\"]},{\"field\":\"resources.ARN\",\"notStartsWith\":[\"arn:aws:s3:::aws-cloudtrail-logs\"]}]}");
                o.er("{\"name\":\"Lambda data events\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Data\"]},{\"field\":\"resources.type\",\"equals\":[\"AWS::Lambda::Function\"]}]}");
            }
            o.ca();
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("trailARN", &trail_arn);
                o.kr("advancedEventSelectors", "[{\"name\":\"Management events selector\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}]}]");
                o.c();
            }
        }
        ("cloudtrail", "UpdateTrail") => {
            o.ko("requestParameters");
            o.ks("name", &trail_arn);
            o.kb("isMultiRegionTrail", c.lane.prof != Prof::Exfil);
            o.kb("includeGlobalServiceEvents", c.lane.prof != Prof::Exfil);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("name", &c.g.trail);
                o.ks("s3BucketName", &c.g.bucket);
                o.kb("includeGlobalServiceEvents", c.lane.prof != Prof::Exfil);
                o.kb("isMultiRegionTrail", c.lane.prof != Prof::Exfil);
                o.ks("trailARN", &trail_arn);
                o.kb("logFileValidationEnabled", true);
                o.kb("isOrganizationTrail", false);
                o.c();
            }
        }
        ("logs", "CreateLogStream") => {
            let g = c.pool("logs");
            sc.x = g.to_string();
            o.ko("requestParameters");
            o.ks("logGroupName", g);
            let (y, m, d, ..) = civil(c.t);
            o.ks(
                "logStreamName",
                &format!("{y}/{m:02}/{d:02}/[$LATEST]{}", hexs(&mut c.rng, 32)),
            );
            o.c();
            null_resp(o);
        }
        ("logs", "FilterLogEvents") | ("logs", "GetLogEvents") | ("logs", "StartQuery") => {
            let g = c.pool("logs");
            sc.x = g.to_string();
            o.ko("requestParameters");
            if name == "StartQuery" {
                o.ka("logGroupNames");
                o.es(g);
                o.ca();
                o.kn("startTime", (c.t - 3600 * c.rng.range(1, 48) as i64) as u64);
                o.kn("endTime", c.t as u64);
                o.ks("queryString", ["fields @timestamp, @message, @logStream | filter @message like /(?i)error|exception/ | sort @timestamp desc | limit 200", "stats count(*) as requests, avg(@duration) as avgDuration, pct(@duration, 99) as p99 by bin(5m)", "fields @timestamp, userIdentity.arn, eventName, sourceIPAddress | filter errorCode = 'AccessDenied' | stats count(*) by userIdentity.arn, eventName"][c.rng.idx(3)]);
                o.kn("limit", 1000);
            } else {
                o.ks("logGroupName", g);
                o.kn("startTime", c.ms() - 3_600_000);
                if name == "FilterLogEvents" {
                    o.kn("endTime", c.ms());
                    o.ks(
                        "filterPattern",
                        [
                            "ERROR",
                            "\"Task timed out\"",
                            "{ $.level = \"error\" }",
                            "?Exception ?FATAL",
                        ][c.rng.idx(4)],
                    );
                    o.kb("interleaved", true);
                } else {
                    o.ks("logStreamName", &format!("i-0{}", hexs(&mut c.rng, 16)));
                    o.kb("startFromHead", false);
                }
            }
            o.c();
            if name == "StartQuery" && !err {
                o.ko("responseElements");
                o.ks("queryId", &uuid(&mut c.rng));
                o.c();
            } else {
                null_resp(o);
            }
        }
        ("monitoring", "GetMetricData") | ("monitoring", "GetMetricStatistics") => {
            let specs: &[(&str, &str, &str)] = &[
                ("AWS/EC2", "CPUUtilization", "InstanceId"),
                ("AWS/Lambda", "Duration", "FunctionName"),
                ("AWS/Lambda", "Errors", "FunctionName"),
                ("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier"),
                (
                    "AWS/ApplicationELB",
                    "HTTPCode_Target_5XX_Count",
                    "LoadBalancer",
                ),
                ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName"),
                ("AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName"),
            ];
            let n = if name == "GetMetricData" {
                c.rng.range(1, 10)
            } else {
                1
            };
            o.ko("requestParameters");
            if name == "GetMetricData" {
                o.ka("metricDataQueries");
            }
            for i in 0..n {
                let (ns, metric, dim) = specs[c.rng.idx(specs.len())];
                let dv = match dim {
                    "InstanceId" => c.pick(&c.a.instances).to_string(),
                    "FunctionName" => c.pool("lambda").to_string(),
                    "DBInstanceIdentifier" => c.pool("rds").to_string(),
                    "QueueName" => c.pool("sqs").to_string(),
                    "TableName" => c.pool("dynamodb").to_string(),
                    _ => format!("app/{}-alb/{}", c.a.env, hexs(&mut c.rng, 16)),
                };
                if name == "GetMetricData" {
                    o.eo();
                    o.ks("id", &format!("m{i}"));
                    o.ko("metricStat");
                    o.ko("metric");
                }
                o.ks("namespace", ns);
                o.ks("metricName", metric);
                o.ka("dimensions");
                o.eo();
                o.ks("name", dim);
                o.ks("value", &dv);
                o.c();
                o.ca();
                if name == "GetMetricData" {
                    o.c();
                    o.kn("period", 300);
                    o.ks("stat", ["Average", "Sum", "Maximum", "p99"][c.rng.idx(4)]);
                    o.c();
                    o.kb("returnData", true);
                    o.c();
                }
            }
            if name == "GetMetricData" {
                o.ca();
            } else {
                o.kn("period", 300);
                o.kr("statistics", "[\"Average\",\"Maximum\"]");
            }
            o.ks("startTime", &human_ts(c.t - 3 * 3600));
            o.ks("endTime", &human_ts(c.t));
            o.c();
            null_resp(o);
        }
        ("monitoring", "PutMetricAlarm") => {
            let a = c.pool("monitoring");
            let topic = c.arn("sns", &format!("{}-alerts", c.a.env));
            o.ko("requestParameters");
            o.ks("alarmName", a);
            o.ks("alarmDescription", "Managed by Terraform");
            o.kb("actionsEnabled", true);
            o.ka("alarmActions");
            o.es(&topic);
            o.ca();
            o.ka("oKActions");
            o.es(&topic);
            o.ca();
            o.ks("metricName", "HTTPCode_Target_5XX_Count");
            o.ks("namespace", "AWS/ApplicationELB");
            o.ks("statistic", "Sum");
            o.kr(
                "dimensions",
                &format!(
                    "[{{\"name\":\"LoadBalancer\",\"value\":\"app/{}-alb/{}\"}}]",
                    c.a.env,
                    hexs(&mut c.rng, 16)
                ),
            );
            o.kn("period", 60);
            o.kn("evaluationPeriods", 5);
            o.kn("datapointsToAlarm", 3);
            o.kr("threshold", "10.0");
            o.ks("comparisonOperator", "GreaterThanThreshold");
            o.ks("treatMissingData", "notBreaching");
            o.c();
            null_resp(o);
        }
        ("monitoring", "DescribeAlarms")
        | ("monitoring", "DeleteAlarms")
        | ("monitoring", "DisableAlarmActions")
        | ("monitoring", "EnableAlarmActions") => {
            o.ko("requestParameters");
            if name == "DescribeAlarms" && c.rng.pct(50) {
                o.kn("maxRecords", 100);
                o.kr("alarmTypes", "[\"CompositeAlarm\",\"MetricAlarm\"]");
            } else {
                o.ka("alarmNames");
                for _ in 0..c.rng.range(1, 4) {
                    let a = c.pool("monitoring");
                    o.es(a);
                }
                o.ca();
            }
            o.c();
            null_resp(o);
        }
        _ => generic_body(c, sc),
    }
}
