//! The other services, one arm per event.

use crate::accounts::APPS;
use crate::catalog::SVCS;
use crate::documents::cfn_template;
use crate::event::{add_res, null_resp, tag_list, Ctx, Err, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hash_str, hexs, push_rand, rand_str, uuid, B64, LOWER_ALNUM, UPPER_ALNUM};
use crate::services::generic::generic_body;
use crate::time::{civil, human_ts, iso};
use std::fmt::Write as _;

pub fn misc_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let svc = SVCS[c.e.svc].id;
    let r = c.r();
    let aid = c.aid();
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
        ("ecr", "GetAuthorizationToken") => {
            if c.rng.pct(70) {
                o.kr("requestParameters", "null");
            } else {
                o.ko("requestParameters");
                o.ka("registryIds");
                o.es(aid);
                o.ca();
                o.c();
            }
            null_resp(o);
        }
        ("ecr", n)
            if n != "DescribeRepositories"
                && n != "DescribeRegistry"
                && n != "CreateRepository"
                && n != "DeleteRepository" =>
        {
            let repo = c.pool("ecr");
            sc.x = repo.to_string();
            let rarn = c.arn("ecr", &format!("repository/{repo}"));
            o.ko("requestParameters");
            o.ks("repositoryName", repo);
            o.ks("registryId", aid);
            let digest = format!("sha256:{}", hexs(&mut c.rng, 64));
            match n {
                "BatchGetImage" => {
                    o.ka("imageIds");
                    o.eo();
                    if c.rng.pct(50) {
                        o.ks(
                            "imageTag",
                            &format!("v1.{}.{}", c.rng.below(40), c.rng.below(20)),
                        );
                    } else {
                        o.ks("imageDigest", &digest);
                    }
                    o.c();
                    o.ca();
                    o.kr("acceptedMediaTypes", "[\"application/vnd.docker.distribution.manifest.v1+json\",\"application/vnd.docker.distribution.manifest.v2+json\",\"application/vnd.oci.image.manifest.v1+json\",\"application/vnd.oci.image.index.v1+json\",\"application/vnd.docker.distribution.manifest.list.v2+json\"]");
                }
                "GetDownloadUrlForLayer" => o.ks("layerDigest", &digest),
                "BatchCheckLayerAvailability" | "CompleteLayerUpload" => {
                    if n == "CompleteLayerUpload" {
                        o.ks("uploadId", &uuid(&mut c.rng));
                    }
                    o.ka("layerDigests");
                    for _ in 0..c.rng.range(1, 8) {
                        o.es(&format!("sha256:{}", hexs(&mut c.rng, 64)));
                    }
                    o.ca();
                }
                "UploadLayerPart" => {
                    o.ks("uploadId", &uuid(&mut c.rng));
                    o.kn("partFirstByte", 0);
                    o.kn("partLastByte", c.rng.range(10_000, 30_000_000));
                }
                "PutImage" => {
                    let mut m = String::from("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n   \"config\": {\n      \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n      \"size\": ");
                    let _ = write!(
                        m,
                        "{},\n      \"digest\": \"sha256:{}\"\n   }},\n   \"layers\": [",
                        c.rng.range(2000, 20000),
                        hexs(&mut c.rng, 64)
                    );
                    for i in 0..c.rng.range(3, 9) {
                        if i > 0 {
                            m.push(',');
                        }
                        let _ = write!(m, "\n      {{\n         \"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n         \"size\": {},\n         \"digest\": \"sha256:{}\"\n      }}", c.rng.range(100, 80_000_000), hexs(&mut c.rng, 64));
                    }
                    m.push_str("\n   ]\n}");
                    o.ks(
                        "imageTag",
                        &format!("v1.{}.{}", c.rng.below(40), c.rng.below(20)),
                    );
                    o.ks("imageManifest", &m);
                    o.ks(
                        "imageManifestMediaType",
                        "application/vnd.docker.distribution.manifest.v2+json",
                    );
                }
                _ => {}
            }
            o.c();
            if n == "InitiateLayerUpload" && !err {
                o.ko("responseElements");
                o.ks("uploadId", &uuid(&mut c.rng));
                o.kn("partSize", 10_485_760);
                o.c();
            } else {
                null_resp(o);
            }
            if matches!(
                n,
                "BatchGetImage"
                    | "GetDownloadUrlForLayer"
                    | "PutImage"
                    | "BatchCheckLayerAvailability"
            ) {
                add_res(&mut sc.res, "AWS::ECR::Repository", &rarn, Some(aid));
            }
        }
        ("ecs", "RegisterTaskDefinition")
        | ("ecs", "UpdateService")
        | ("ecs", "RunTask")
        | ("ecs", "DescribeServices")
        | ("ecs", "DescribeTasks")
        | ("ecs", "ListTasks") => {
            let cluster = c.pool("ecs");
            let svcn = c.pick(&c.a.ecs_services).to_string();
            let family = format!("{}-{}", c.a.env, svcn.trim_end_matches("-svc"));
            let rev = c.rng.range(10, 400);
            let td_arn = c.arn("ecs", &format!("task-definition/{family}:{rev}"));
            sc.x = cluster.to_string();
            o.ko("requestParameters");
            match name {
                "RegisterTaskDefinition" => {
                    o.ks("family", &family);
                    o.ks(
                        "taskRoleArn",
                        &format!("arn:aws:iam::{aid}:role/ecs-task-{}-role", APPS[0]),
                    );
                    o.ks(
                        "executionRoleArn",
                        &format!("arn:aws:iam::{aid}:role/ecsTaskExecutionRole"),
                    );
                    o.ks("networkMode", "awsvpc");
                    o.ka("containerDefinitions");
                    for ci in 0..c.rng.range(1, 2) {
                        o.eo();
                        let cname = if ci == 0 {
                            svcn.trim_end_matches("-svc").to_string()
                        } else {
                            "datadog-agent".into()
                        };
                        o.ks("name", &cname);
                        o.ks(
                            "image",
                            &format!(
                                "{aid}.dkr.ecr.{r}.amazonaws.com/{}:v1.{}.{}",
                                c.pool("ecr"),
                                c.rng.below(40),
                                c.rng.below(20)
                            ),
                        );
                        o.kn("cpu", 256);
                        o.kn("memory", 512);
                        o.kb("essential", ci == 0);
                        o.kr(
                            "portMappings",
                            "[{\"containerPort\":8080,\"hostPort\":8080,\"protocol\":\"tcp\"}]",
                        );
                        o.ka("environment");
                        for (k, v) in [
                            ("ENV", c.a.env),
                            ("LOG_LEVEL", "info"),
                            ("PORT", "8080"),
                            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"),
                            ("AWS_REGION", r),
                        ] {
                            o.eo();
                            o.ks("name", k);
                            o.ks("value", v);
                            o.c();
                        }
                        o.ca();
                        o.ka("secrets");
                        for k in ["DATABASE_URL", "API_KEY", "STRIPE_SECRET"] {
                            let s = c.pool("secretsmanager");
                            o.eo();
                            o.ks("name", k);
                            o.ks(
                                "valueFrom",
                                &c.arn("secretsmanager", &format!("secret:{s}")),
                            );
                            o.c();
                        }
                        o.ca();
                        o.ko("logConfiguration");
                        o.ks("logDriver", "awslogs");
                        o.ko("options");
                        o.ks("awslogs-group", &format!("/ecs/{family}"));
                        o.ks("awslogs-region", r);
                        o.ks("awslogs-stream-prefix", "ecs");
                        o.c();
                        o.c();
                        o.c();
                    }
                    o.ca();
                    o.kr("requiresCompatibilities", "[\"FARGATE\"]");
                    o.ks("cpu", "512");
                    o.ks("memory", "1024");
                }
                "UpdateService" => {
                    o.ks("cluster", cluster);
                    o.ks("service", &svcn);
                    o.kn("desiredCount", c.rng.range(2, 12));
                    o.ks("taskDefinition", &td_arn);
                    o.kb("forceNewDeployment", c.rng.pct(30));
                }
                "RunTask" => {
                    o.ks("cluster", cluster);
                    o.ks("taskDefinition", &format!("{family}:{rev}"));
                    o.kn("count", 1);
                    o.ks("launchType", "FARGATE");
                    o.ko("networkConfiguration");
                    o.ko("awsvpcConfiguration");
                    o.ka("subnets");
                    o.es(c.pick(&c.a.subnets));
                    o.ca();
                    o.ka("securityGroups");
                    o.es(c.pick(&c.a.sgs));
                    o.ca();
                    o.ks("assignPublicIp", "DISABLED");
                    o.c();
                    o.c();
                    o.kr("overrides", "{\"containerOverrides\":[{\"name\":\"migrate\",\"command\":[\"python\",\"manage.py\",\"migrate\",\"--noinput\"]}]}");
                }
                "DescribeServices" => {
                    o.ks("cluster", cluster);
                    o.ka("services");
                    o.es(&svcn);
                    o.ca();
                    if c.rng.pct(50) {
                        o.kr("include", "[\"TAGS\"]");
                    }
                }
                "DescribeTasks" => {
                    o.ks("cluster", cluster);
                    o.ka("tasks");
                    for _ in 0..c.rng.range(1, 5) {
                        o.es(&{
                            let h = hexs(&mut c.rng, 32);
                            c.arn("ecs", &format!("task/{cluster}/{h}"))
                        });
                    }
                    o.ca();
                }
                _ => {
                    o.ks("cluster", cluster);
                    o.ks("serviceName", &svcn);
                    o.ks("desiredStatus", "RUNNING");
                }
            }
            o.c();
            if err || !matches!(name, "RegisterTaskDefinition" | "UpdateService" | "RunTask") {
                null_resp(o);
            } else if name == "RegisterTaskDefinition" {
                o.ko("responseElements");
                o.ko("taskDefinition");
                o.ks("taskDefinitionArn", &td_arn);
                o.ks("family", &family);
                o.kn("revision", rev);
                o.ks("status", "ACTIVE");
                o.kr("compatibilities", "[\"EC2\",\"FARGATE\"]");
                o.kr("requiresCompatibilities", "[\"FARGATE\"]");
                o.ks("cpu", "512");
                o.ks("memory", "1024");
                o.ks("registeredAt", &human_ts(c.t));
                o.ks(
                    "registeredBy",
                    &format!("arn:aws:sts::{aid}:assumed-role/github-actions-deploy/GitHubActions"),
                );
                o.c();
                o.c();
            } else {
                o.ko("responseElements");
                o.ko(if name == "RunTask" { "task" } else { "service" });
                if name == "RunTask" {
                    o.ks("taskArn", &{
                        let h = hexs(&mut c.rng, 32);
                        c.arn("ecs", &format!("task/{cluster}/{h}"))
                    });
                    o.ks("lastStatus", "PROVISIONING");
                    o.ks("desiredStatus", "RUNNING");
                } else {
                    o.ks(
                        "serviceArn",
                        &c.arn("ecs", &format!("service/{cluster}/{svcn}")),
                    );
                    o.ks("serviceName", &svcn);
                    o.ks("status", "ACTIVE");
                    o.kn("runningCount", c.rng.range(1, 10));
                    o.kn("pendingCount", 0);
                    o.ks("launchType", "FARGATE");
                    o.ks("platformVersion", "LATEST");
                    o.kr("deploymentConfiguration", "{\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true},\"maximumPercent\":200,\"minimumHealthyPercent\":100}");
                    o.ka("deployments");
                    for st in ["PRIMARY", "ACTIVE"] {
                        o.eo();
                        o.ks(
                            "id",
                            &format!(
                                "ecs-svc/{}",
                                c.rng
                                    .range(1_000_000_000_000_000_000, 9_000_000_000_000_000_000)
                            ),
                        );
                        o.ks("status", st);
                        o.ks("taskDefinition", &td_arn);
                        o.kn("desiredCount", 2);
                        o.ks("createdAt", &human_ts(c.t));
                        o.ks("rolloutState", "IN_PROGRESS");
                        o.c();
                    }
                    o.ca();
                }
                o.ks("clusterArn", &c.arn("ecs", &format!("cluster/{cluster}")));
                o.ks("taskDefinition", &td_arn);
                o.c();
                o.c();
            }
        }
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
        ("states", "StartExecution") => {
            let s = c.pool("states");
            let sm = c.arn("states", &format!("stateMachine:{s}"));
            let ex = uuid(&mut c.rng);
            o.ko("requestParameters");
            o.ks("stateMachineArn", &sm);
            o.ks("name", &ex);
            o.ks("input", "HIDDEN_DUE_TO_SECURITY_REASONS");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks(
                    "executionArn",
                    &c.arn("states", &format!("execution:{s}:{ex}")),
                );
                o.ks("startDate", &human_ts(c.t));
                o.c();
            }
        }
        ("glue", "BatchCreatePartition") | ("glue", "GetPartitions") | ("glue", "GetTable") => {
            let db = c.pick(&c.a.glue_dbs).to_string();
            let t = c.pool("glue");
            sc.x = t.to_string();
            o.ko("requestParameters");
            o.ks("databaseName", &db);
            if name == "GetTable" {
                o.ks("name", t);
            } else {
                o.ks("tableName", t);
            }
            if name == "GetPartitions" {
                o.ks(
                    "expression",
                    &format!("dt >= '{}'", &iso(c.t - 7 * 86_400)[..10]),
                );
                o.kn("maxResults", 1000);
                o.kb("excludeColumnSchema", true);
            }
            if name == "BatchCreatePartition" {
                o.ks("catalogId", aid);
                o.ka("partitionInputList");
                for _ in 0..c.rng.range(1, 4) {
                    let (y, m, d, h, ..) = civil(c.t - 3600 * c.rng.below(24) as i64);
                    o.eo();
                    o.ka("values");
                    for v in [
                        y.to_string(),
                        format!("{m:02}"),
                        format!("{d:02}"),
                        format!("{h:02}"),
                    ] {
                        o.es(&v);
                    }
                    o.ca();
                    o.ko("storageDescriptor");
                    o.ka("columns");
                    for (cn, ct) in [
                        ("event_id", "string"),
                        ("event_time", "timestamp"),
                        ("user_id", "string"),
                        ("tenant_id", "bigint"),
                        ("payload", "string"),
                        ("source", "string"),
                        ("amount", "decimal(18,2)"),
                    ] {
                        o.eo();
                        o.ks("name", cn);
                        o.ks("type", ct);
                        o.c();
                    }
                    o.ca();
                    o.ks("location", &format!("s3://{}-{}-data-lake-raw/{t}/year={y}/month={m:02}/day={d:02}/hour={h:02}/", c.a.org, c.a.env));
                    o.ks(
                        "inputFormat",
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    );
                    o.ks(
                        "outputFormat",
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    );
                    o.kb("compressed", false);
                    o.kn("numberOfBuckets", 0);
                    o.kr("serdeInfo", "{\"serializationLibrary\":\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\",\"parameters\":{\"serialization.format\":\"1\"}}");
                    o.kb("storedAsSubDirectories", false);
                    o.c();
                    o.c();
                }
                o.ca();
            }
            o.c();
            if name == "BatchCreatePartition" && !err {
                o.kr("responseElements", "{\"errors\":[]}");
            } else {
                null_resp(o);
            }
        }
        ("athena", "StartQueryExecution") => {
            let t = c.pool("glue");
            let db = c.pick(&c.a.glue_dbs).to_string();
            let day = iso(c.t - 86_400 * c.rng.range(0, 30) as i64);
            let q = match c.rng.below(3) {
                0 => format!("SELECT useridentity.arn, eventname, count(*) AS calls\nFROM \"{db}\".\"cloudtrail_logs\"\nWHERE eventtime >= '{day}' AND errorcode = 'AccessDenied'\nGROUP BY 1, 2\nORDER BY calls DESC\nLIMIT 100"),
                1 => format!("SELECT date_trunc('hour', event_time) AS h, tenant_id, sum(amount) AS total, approx_percentile(amount, 0.99) AS p99\nFROM \"{db}\".\"{t}\"\nWHERE year = '{}' AND month = '{}'\nGROUP BY 1, 2\nORDER BY 1 DESC", &day[..4], &day[5..7]),
                _ => format!("SELECT * FROM \"{db}\".\"{t}\" WHERE user_id = '{}' LIMIT 10", uuid(&mut c.rng)),
            };
            o.ko("requestParameters");
            o.ks("queryString", &q);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            o.ko("queryExecutionContext");
            o.ks("database", &db);
            o.ks("catalog", "AwsDataCatalog");
            o.c();
            o.ko("resultConfiguration");
            o.ks(
                "outputLocation",
                &format!("s3://{}-{}-athena-results/", c.a.org, c.a.env),
            );
            o.c();
            o.ks("workGroup", c.pool("athena"));
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("queryExecutionId", &uuid(&mut c.rng));
                o.c();
            }
        }
        ("athena", "GetQueryExecution")
        | ("athena", "GetQueryResults")
        | ("athena", "StopQueryExecution") => {
            let q = uuid(&mut c.rng);
            sc.x = q.clone();
            o.ko("requestParameters");
            o.ks("queryExecutionId", &q);
            if name == "GetQueryResults" {
                o.kn("maxResults", 1000);
            }
            o.c();
            null_resp(o);
        }
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
        ("rds", "ModifyDBInstance")
        | ("rds", "ModifyDBSnapshotAttribute")
        | ("rds", "CreateDBSnapshot") => {
            let db = c.pool("rds");
            sc.x = db.to_string();
            let snap = format!("{db}-{}", &iso(c.t)[..10]);
            o.ko("requestParameters");
            match name {
                "ModifyDBInstance" => {
                    o.ks("dBInstanceIdentifier", db);
                    if c.lane.prof == Prof::Exfil {
                        o.ks("masterUserPassword", "HIDDEN_DUE_TO_SECURITY_REASONS");
                        o.kb("publiclyAccessible", true);
                    } else {
                        o.ks(
                            "dBInstanceClass",
                            ["db.r6g.large", "db.r6g.xlarge", "db.t4g.medium"][c.rng.idx(3)],
                        );
                    }
                    o.kb("applyImmediately", true);
                }
                "ModifyDBSnapshotAttribute" => {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("attributeName", "restore");
                    o.ka("valuesToAdd");
                    o.es(if c.lane.prof == Prof::Exfil {
                        "all"
                    } else {
                        &c.g.ext_accts[1]
                    });
                    o.ca();
                }
                _ => {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("dBInstanceIdentifier", db);
                }
            }
            o.c();
            if err || name == "ModifyDBSnapshotAttribute" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko(if name == "ModifyDBInstance" {
                    "dBInstance"
                } else {
                    "dBSnapshot"
                });
                o.ks("dBInstanceIdentifier", db);
                if name == "CreateDBSnapshot" {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("snapshotType", "manual");
                    o.ks("status", "creating");
                    o.kn("allocatedStorage", 200);
                    o.ks("engine", "postgres");
                    o.ks("engineVersion", "16.4");
                    o.kb("encrypted", true);
                    o.ks("dBSnapshotArn", &c.arn("rds", &format!("snapshot:{snap}")));
                } else {
                    o.ks("dBInstanceClass", "db.r6g.large");
                    o.ks("engine", "postgres");
                    o.ks("dBInstanceStatus", "available");
                    o.ks("masterUsername", "app_admin");
                    o.ko("endpoint");
                    o.ks(
                        "address",
                        &format!(
                            "{db}.c{}.{r}.rds.amazonaws.com",
                            rand_str(&mut c.rng, LOWER_ALNUM, 11)
                        ),
                    );
                    o.kn("port", 5432);
                    o.ks("hostedZoneId", "Z2R2ITUGPM61AM");
                    o.c();
                    o.kn("allocatedStorage", 200);
                    o.ks("preferredBackupWindow", "03:00-04:00");
                    o.kn("backupRetentionPeriod", 7);
                    o.kb("multiAZ", true);
                    o.ks("engineVersion", "16.4");
                    o.kb("autoMinorVersionUpgrade", true);
                    o.kb("publiclyAccessible", c.lane.prof == Prof::Exfil);
                    o.ks("storageType", "gp3");
                    o.kb("storageEncrypted", true);
                    o.ks("kmsKeyId", &c.kms_arn());
                    o.ks(
                        "dbiResourceId",
                        &format!("db-{}", rand_str(&mut c.rng, UPPER_ALNUM, 26)),
                    );
                    o.ks("dBInstanceArn", &c.arn("rds", &format!("db:{db}")));
                    o.kb("deletionProtection", true);
                }
                o.c();
                o.c();
            }
        }
        ("organizations", "ListAccounts")
        | ("organizations", "DescribeOrganization")
        | ("organizations", "ListRoots")
        | ("organizations", "LeaveOrganization") => {
            o.kr("requestParameters", "null");
            null_resp(o);
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
        ("eks", "CreateAccessEntry")
        | ("eks", "AssociateAccessPolicy")
        | ("eks", "UpdateNodegroupConfig")
        | ("eks", "DescribeNodegroup") => {
            let cl = c.pool("eks");
            sc.x = cl.to_string();
            o.ko("requestParameters");
            o.ks("name", cl);
            match name {
                "CreateAccessEntry" | "AssociateAccessPolicy" => {
                    o.ks(
                        "principalArn",
                        &format!(
                            "arn:aws:iam::{aid}:role/{}",
                            if c.lane.prof == Prof::Exfil {
                                "OrganizationAccountAccessRole"
                            } else {
                                "github-actions-deploy"
                            }
                        ),
                    );
                    if name == "CreateAccessEntry" {
                        o.ks("type", "STANDARD");
                        o.kr("kubernetesGroups", "[]");
                    } else {
                        o.ks(
                            "policyArn",
                            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                        );
                        o.kr("accessScope", "{\"type\":\"cluster\"}");
                    }
                }
                _ => {
                    o.ks("nodegroupName", "general");
                    if name == "UpdateNodegroupConfig" {
                        let d = c.rng.range(2, 20);
                        o.kr(
                            "scalingConfig",
                            &format!("{{\"minSize\":2,\"maxSize\":30,\"desiredSize\":{d}}}"),
                        );
                        o.ks("clientRequestToken", &uuid(&mut c.rng));
                    }
                }
            }
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
        ("events", "PutRule") | ("events", "PutTargets") => {
            let rule = c.pool("events");
            o.ko("requestParameters");
            if name == "PutRule" {
                o.ks("name", rule);
                o.ks(
                    "scheduleExpression",
                    ["rate(5 minutes)", "cron(0 3 * * ? *)", "rate(1 hour)"][c.rng.idx(3)],
                );
                o.ks("state", "ENABLED");
                o.ks("description", "Managed by Terraform");
            } else {
                o.ks("rule", rule);
                o.ka("targets");
                o.eo();
                o.ks("id", "lambda");
                let f = c.pool("lambda");
                o.ks("arn", &c.arn("lambda", &format!("function:{f}")));
                o.c();
                o.ca();
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "PutRule" {
                o.ko("responseElements");
                o.ks("ruleArn", &c.arn("events", &format!("rule/{rule}")));
                o.c();
            } else {
                o.kr(
                    "responseElements",
                    "{\"failedEntryCount\":0,\"failedEntries\":[]}",
                );
            }
        }
        ("backup", "StartBackupJob") => {
            let v = c.pool("backup");
            let t = c.pool("dynamodb");
            o.ko("requestParameters");
            o.ks("backupVaultName", v);
            o.ks("resourceArn", &c.arn("dynamodb", &format!("table/{t}")));
            o.ks(
                "iamRoleArn",
                &format!("arn:aws:iam::{aid}:role/service-role/AWSBackupDefaultServiceRole"),
            );
            o.ks("idempotencyToken", &uuid(&mut c.rng));
            o.kr("lifecycle", "{\"deleteAfterDays\":35}");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("backupJobId", &uuid(&mut c.rng).to_uppercase());
                o.ks("creationDate", &human_ts(c.t));
                o.kb("isParent", false);
                o.c();
            }
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
