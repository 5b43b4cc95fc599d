//! Accounts and the resource names each one owns.

use crate::catalog::{svc_index, SVCS};
use crate::data::{section, NAMES};
use crate::rng::{hexs, rand_str, uuid, Rng, ALNUM, B64, KEY_CHARS, LOWER_ALNUM, UPPER_ALNUM};
use std::sync::LazyLock;

pub static ORGS: LazyLock<Vec<&str>> = LazyLock::new(|| section(NAMES, "orgs"));

pub static ENVS: LazyLock<Vec<&str>> = LazyLock::new(|| section(NAMES, "envs"));

pub static FIRST: LazyLock<Vec<&str>> = LazyLock::new(|| section(NAMES, "first-names"));

pub static LAST: LazyLock<Vec<&str>> = LazyLock::new(|| section(NAMES, "last-names"));

pub static APPS: LazyLock<Vec<&str>> = LazyLock::new(|| section(NAMES, "apps"));

pub struct Acct {
    pub id: String,
    /// 8 characters shared by the account's key and principal ids (like real ones).
    pub tok: String,
    pub env: &'static str,
    pub org: &'static str,
    /// Resource names by service index.
    pub pool: Vec<Vec<String>>,
    pub instances: Vec<String>,
    pub amis: Vec<String>,
    pub sgs: Vec<String>,
    pub subnets: Vec<String>,
    pub vpc: String,
    pub volumes: Vec<String>,
    pub snapshots: Vec<String>,
    pub ecs_services: Vec<String>,
    pub glue_dbs: Vec<String>,
    pub zones: Vec<String>,
    pub oidc_eks: String,
    pub sso_hex: String,
    pub saml_idp: String,
    pub vpce: Vec<String>,
}

pub fn make_pools(rng: &mut Rng, env: &'static str, org: &str, acct_id: &str) -> Vec<Vec<String>> {
    let mut pool: Vec<Vec<String>> = vec![Vec::new(); SVCS.len()];
    let set = |pool: &mut Vec<Vec<String>>, svc: &str, v: Vec<String>| {
        pool[svc_index(svc)] = v;
    };
    let apps: Vec<&str> = {
        let mut a: Vec<&str> = APPS.to_vec();
        for i in (1..a.len()).rev() {
            let j = rng.idx(i + 1);
            a.swap(i, j);
        }
        a
    };
    let sfx = rand_str(rng, LOWER_ALNUM, 5);
    set(
        &mut pool,
        "s3",
        vec![
            format!("{org}-{env}-data-lake-raw"),
            format!("{org}-{env}-assets-{sfx}"),
            format!("{org}-{env}-uploads"),
            format!("{org}-{env}-app-logs"),
            format!("{org}-{env}-backups-{}", rand_str(rng, LOWER_ALNUM, 6)),
            format!("{org}-terraform-state-{acct_id}"),
            format!("cf-templates-{}-us-east-1", rand_str(rng, LOWER_ALNUM, 12)),
            format!("aws-cloudtrail-logs-{acct_id}-{}", hexs(rng, 8)),
            format!("{org}-{env}-exports"),
            format!("{org}-{env}-static-web"),
            format!("{org}-ml-datasets-{env}"),
            format!("elasticbeanstalk-us-east-1-{acct_id}"),
            format!("{org}-{env}-athena-results"),
            format!("{org}-{env}-alb-access-logs"),
        ],
    );
    let fns: Vec<String> = (0..10)
        .map(|i| {
            format!(
                "{env}-{}-{}",
                apps[i % apps.len()],
                [
                    "handler",
                    "processor",
                    "worker",
                    "api",
                    "consumer",
                    "sync",
                    "authorizer"
                ][i % 7]
            )
        })
        .collect();
    let mut logs: Vec<String> = fns.iter().map(|f| format!("/aws/lambda/{f}")).collect();
    logs.extend([
        format!("/ecs/{env}-{}", apps[0]),
        format!("/ecs/{env}-{}", apps[1]),
        format!("/aws/eks/{env}-eks/cluster"),
        "/var/log/messages".to_string(),
        format!(
            "API-Gateway-Execution-Logs_{}/prod",
            rand_str(rng, LOWER_ALNUM, 10)
        ),
        format!("/aws/rds/cluster/{env}-aurora/postgresql"),
        "aws-cloudtrail-logs".to_string(),
    ]);
    set(&mut pool, "lambda", fns);
    set(&mut pool, "logs", logs);
    let mut tables: Vec<String> = apps[..7].iter().map(|a| format!("{env}-{a}")).collect();
    tables.push(format!("{env}-sessions"));
    tables.push("terraform-locks".to_string());
    set(&mut pool, "dynamodb", tables);
    set(
        &mut pool,
        "secretsmanager",
        apps[..8]
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let what = [
                    "db-credentials",
                    "api-key",
                    "stripe-webhook",
                    "oauth-client",
                ][i % 4];
                format!("{env}/{a}/{what}-{}", rand_str(rng, ALNUM, 6))
            })
            .collect(),
    );
    let mut params: Vec<String> = Vec::new();
    for a in &apps[..6] {
        for p in ["DATABASE_URL", "feature-flags", "log-level"] {
            params.push(format!("/{env}/{a}/{p}"));
        }
    }
    params.push("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64".into());
    params.push("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id".into());
    params.push("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended".into());
    set(&mut pool, "ssm", params);
    set(
        &mut pool,
        "sqs",
        apps[..5]
            .iter()
            .flat_map(|a| [format!("{env}-{a}-queue"), format!("{env}-{a}-dlq")])
            .collect(),
    );
    set(
        &mut pool,
        "sns",
        apps[..4]
            .iter()
            .map(|a| format!("{env}-{a}-events"))
            .chain([format!("{env}-alerts"), format!("{env}-budget-alarms")])
            .collect(),
    );
    set(
        &mut pool,
        "ecr",
        apps[..6]
            .iter()
            .map(|a| format!("{a}-service"))
            .chain([
                "base-images/python".to_string(),
                "base-images/node".to_string(),
            ])
            .collect(),
    );
    set(
        &mut pool,
        "ecs",
        vec![format!("{env}-cluster"), format!("{env}-batch")],
    );
    set(
        &mut pool,
        "eks",
        vec![format!("{env}-eks"), format!("{env}-data-eks")],
    );
    set(
        &mut pool,
        "cloudformation",
        apps[..6]
            .iter()
            .map(|a| format!("{env}-{a}-stack"))
            .chain([
                "CDKToolkit".to_string(),
                format!("StackSet-guardrails-{}", uuid(rng)),
                format!("{env}-network"),
            ])
            .collect(),
    );
    set(
        &mut pool,
        "states",
        apps[..4]
            .iter()
            .map(|a| format!("{env}-{a}-workflow"))
            .collect(),
    );
    set(
        &mut pool,
        "rds",
        vec![
            format!("{env}-{}-db", apps[0]),
            format!("{env}-{}-db", apps[1]),
            format!("{env}-aurora-instance-1"),
            format!("{env}-aurora-instance-2"),
        ],
    );
    set(
        &mut pool,
        "glue",
        [
            "events_raw",
            "orders_curated",
            "clickstream",
            "customers",
            "payments_daily",
            "cloudtrail_logs",
            "alb_logs",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    set(
        &mut pool,
        "athena",
        vec![
            "primary".into(),
            format!("{env}-analytics"),
            "security-investigations".into(),
        ],
    );
    set(
        &mut pool,
        "route53",
        (0..3)
            .map(|_| format!("Z0{}", rand_str(rng, UPPER_ALNUM, 19)))
            .collect(),
    );
    set(
        &mut pool,
        "autoscaling",
        apps[..3]
            .iter()
            .map(|a| format!("{env}-{a}-asg"))
            .chain([format!("eks-{env}-ng-general-{}", uuid(rng))])
            .collect(),
    );
    set(
        &mut pool,
        "elasticloadbalancing",
        apps[..5].iter().map(|a| format!("{env}-{a}-tg")).collect(),
    );
    set(
        &mut pool,
        "kinesis",
        vec![format!("{env}-clickstream"), format!("{env}-cdc-events")],
    );
    set(
        &mut pool,
        "firehose",
        vec![
            format!("{env}-logs-to-s3"),
            format!("{env}-clickstream-archive"),
        ],
    );
    set(
        &mut pool,
        "elasticache",
        vec![format!("{env}-redis-001"), format!("{env}-redis-002")],
    );
    set(
        &mut pool,
        "cloudfront",
        (0..3)
            .map(|_| format!("E{}", rand_str(rng, UPPER_ALNUM, 13)))
            .collect(),
    );
    set(
        &mut pool,
        "backup",
        vec!["Default".into(), format!("{env}-vault")],
    );
    set(
        &mut pool,
        "events",
        apps[..4]
            .iter()
            .map(|a| format!("{env}-{a}-schedule"))
            .chain([
                "AutoScalingManagedRule".to_string(),
                format!("{env}-guardduty-findings"),
            ])
            .collect(),
    );
    set(
        &mut pool,
        "sagemaker",
        vec![format!("ds-{env}-notebook"), "ml-experiments".into()],
    );
    set(
        &mut pool,
        "codebuild",
        apps[..4].iter().map(|a| format!("{a}-build")).collect(),
    );
    set(
        &mut pool,
        "codepipeline",
        apps[..4].iter().map(|a| format!("{a}-pipeline")).collect(),
    );
    set(&mut pool, "acm", (0..3).map(|_| uuid(rng)).collect());
    set(
        &mut pool,
        "apigateway",
        (0..3).map(|_| rand_str(rng, LOWER_ALNUM, 10)).collect(),
    );
    set(
        &mut pool,
        "config",
        [
            "s3-bucket-public-read-prohibited",
            "iam-user-mfa-enabled",
            "restricted-ssh",
            "cloudtrail-enabled",
            "encrypted-volumes",
            "root-account-mfa-enabled",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    set(&mut pool, "guardduty", vec![hexs(rng, 32)]);
    set(
        &mut pool,
        "sso",
        (0..4).map(|_| format!("ps-{}", hexs(rng, 16))).collect(),
    );
    set(
        &mut pool,
        "access-analyzer",
        vec![format!("ConsoleAnalyzer-{}", uuid(rng))],
    );
    set(&mut pool, "kms", (0..6).map(|_| uuid(rng)).collect());
    set(
        &mut pool,
        "monitoring",
        apps[..5]
            .iter()
            .flat_map(|a| {
                [
                    format!("{env}-{a}-5xx-errors"),
                    format!("{env}-{a}-high-cpu"),
                ]
            })
            .collect(),
    );
    set(&mut pool, "cloudtrail", vec!["management-events".into()]);
    pool
}

pub fn make_acct(rng: &mut Rng, i: usize, org: &'static str) -> Acct {
    let id = format!("{}{}", rng.range(1, 9), rand_str(rng, b"0123456789", 11));
    let env = ENVS[i % ENVS.len()];
    let pool = make_pools(rng, env, org, &id);
    let tok = rand_str(rng, KEY_CHARS, 8);
    let ec2id = |rng: &mut Rng, p: &str| format!("{p}-0{}", hexs(rng, 16));
    Acct {
        instances: (0..40).map(|_| ec2id(rng, "i")).collect(),
        amis: (0..6).map(|_| ec2id(rng, "ami")).collect(),
        sgs: (0..10).map(|_| ec2id(rng, "sg")).collect(),
        subnets: (0..6).map(|_| ec2id(rng, "subnet")).collect(),
        vpc: ec2id(rng, "vpc"),
        volumes: (0..30).map(|_| ec2id(rng, "vol")).collect(),
        snapshots: (0..15).map(|_| ec2id(rng, "snap")).collect(),
        ecs_services: APPS[..5].iter().map(|a| format!("{a}-svc")).collect(),
        glue_dbs: vec![
            format!("{env}_datalake"),
            "security_logs".into(),
            "default".into(),
        ],
        zones: vec![
            format!("{org}.com"),
            format!("internal.{org}.com"),
            format!("{env}.{org}.io"),
        ],
        oidc_eks: rand_str(rng, b"0123456789ABCDEF", 32),
        sso_hex: hexs(rng, 16),
        saml_idp: rand_str(rng, B64, 27) + "=",
        vpce: (0..3).map(|_| format!("vpce-0{}", hexs(rng, 16))).collect(),
        id,
        tok,
        env,
        org,
        pool,
    }
}
