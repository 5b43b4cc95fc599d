//! Amazon ECR, ECS and EKS.

use crate::accounts::APPS;
use crate::event::{add_res, null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, uuid};
use crate::services::generic::generic_body;
use crate::time::human_ts;
use std::fmt::Write as _;

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let r = c.r();
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
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
        _ => generic_body(c, sc),
    }
}
