//! Behaviour profiles: which events a principal calls, and how much it writes.

use crate::catalog::{Entry, SVCS};
use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Prof {
    App,
    LambdaFn,
    Eks,
    Ci,
    Terraform,
    Admin,
    ReadOnly,
    Monitoring,
    Backup,
    Data,
    Console,
    Service,
    Recon,
    Exfil,
    Root,
    CrossData,
}

pub const N_PROF: usize = 16;

pub struct ProfDef {
    /// Allowed services (empty: all).
    pub svcs: &'static [&'static str],
    /// Allowed `svc:Name` entries (empty: all of the services).
    pub names: &'static [&'static str],
    pub reads_only: bool,
    pub data: bool,
    /// Weight multiplier of writes, in percent of reads.
    pub write_pct: u64,
    /// Extra multipliers (percent) by service.
    pub boost: &'static [(&'static str, u64)],
    /// Multiplier (percent) of sensitive (X) entries.
    pub sensitive_pct: u64,
}

pub const APP_SVCS: &[&str] = &[
    "s3",
    "kms",
    "dynamodb",
    "secretsmanager",
    "ssm",
    "sqs",
    "sns",
    "sts",
    "logs",
    "lambda",
    "ec2",
    "monitoring",
    "events",
    "states",
];

pub fn prof_def(p: Prof) -> ProfDef {
    let base = ProfDef {
        svcs: &[],
        names: &[],
        reads_only: false,
        data: true,
        write_pct: 100,
        boost: &[],
        sensitive_pct: 5,
    };
    match p {
        Prof::App => ProfDef {
            svcs: APP_SVCS,
            boost: &[
                ("kms", 40),
                ("s3", 230),
                ("ec2", 10),
                ("lambda", 30),
                ("monitoring", 20),
                ("states", 30),
            ],
            ..base
        },
        Prof::LambdaFn => ProfDef {
            svcs: &[
                "s3",
                "kms",
                "dynamodb",
                "secretsmanager",
                "ssm",
                "sqs",
                "sns",
                "sts",
                "logs",
                "lambda",
                "states",
                "events",
                "athena",
                "glue",
            ],
            boost: &[
                ("kms", 40),
                ("s3", 230),
                ("logs", 30),
                ("athena", 40),
                ("glue", 40),
            ],
            ..base
        },
        Prof::Eks => ProfDef {
            svcs: &[
                "ec2",
                "elasticloadbalancing",
                "autoscaling",
                "ecr",
                "s3",
                "kms",
                "sts",
                "route53",
                "dynamodb",
                "sqs",
                "logs",
                "secretsmanager",
                "ssm",
                "eks",
            ],
            write_pct: 150,
            boost: &[("kms", 40)],
            ..base
        },
        Prof::Ci => ProfDef {
            write_pct: 400,
            boost: &[
                ("ecr", 300),
                ("ecs", 300),
                ("cloudformation", 400),
                ("lambda", 250),
                ("s3", 150),
                ("codebuild", 300),
                ("codepipeline", 300),
            ],
            ..base
        },
        Prof::Terraform => ProfDef {
            write_pct: 200,
            boost: &[
                ("iam", 400),
                ("ec2", 200),
                ("route53", 300),
                ("elasticloadbalancing", 200),
                ("rds", 200),
                ("kms", 50),
                ("sqs", 20),
                ("dynamodb", 30),
            ],
            ..base
        },
        Prof::Admin => ProfDef {
            write_pct: 60,
            boost: &[("iam", 200), ("ec2", 150), ("cloudformation", 150)],
            ..base
        },
        Prof::ReadOnly => ProfDef {
            reads_only: true,
            boost: &[
                ("iam", 200),
                ("config", 300),
                ("securityhub", 300),
                ("guardduty", 300),
            ],
            ..base
        },
        Prof::Monitoring => ProfDef {
            reads_only: true,
            data: false,
            boost: &[
                ("monitoring", 2000),
                ("ec2", 300),
                ("rds", 400),
                ("elasticloadbalancing", 400),
                ("tagging", 2000),
                ("autoscaling", 300),
                ("health", 1000),
            ],
            ..base
        },
        Prof::Backup => ProfDef {
            svcs: &["s3", "ec2", "rds", "dynamodb", "backup", "kms", "sts"],
            write_pct: 150,
            boost: &[("backup", 2000), ("rds", 300)],
            ..base
        },
        Prof::Data => ProfDef {
            svcs: &[
                "s3", "glue", "athena", "kms", "sts", "dynamodb", "kinesis", "firehose", "states",
                "lambda",
            ],
            boost: &[
                ("kms", 40),
                ("s3", 150),
                ("glue", 600),
                ("athena", 600),
                ("kinesis", 200),
            ],
            ..base
        },
        Prof::Console => ProfDef {
            write_pct: 40,
            data: false,
            boost: &[
                ("health", 800),
                ("ce", 1500),
                ("ec2", 200),
                ("s3", 200),
                ("iam", 200),
                ("cloudtrail", 300),
                ("monitoring", 200),
            ],
            ..base
        },
        Prof::Service => ProfDef {
            boost: &[("sts", 400)],
            names: &[
                "kms:Decrypt",
                "kms:GenerateDataKey",
                "kms:Encrypt",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:ReEncrypt",
                "sts:AssumeRole",
            ],
            ..base
        },
        Prof::Recon => ProfDef {
            svcs: &[
                "iam",
                "sts",
                "s3",
                "ec2",
                "secretsmanager",
                "ssm",
                "lambda",
                "organizations",
                "cloudtrail",
                "guardduty",
                "rds",
                "dynamodb",
                "kms",
                "sns",
                "logs",
            ],
            reads_only: true,
            data: false,
            boost: &[
                ("iam", 1200),
                ("sts", 300),
                ("organizations", 800),
                ("secretsmanager", 500),
                ("guardduty", 400),
                ("cloudtrail", 300),
            ],
            sensitive_pct: 3000,
            ..base
        },
        Prof::Exfil => ProfDef {
            svcs: &[
                "s3",
                "secretsmanager",
                "ssm",
                "ec2",
                "cloudtrail",
                "guardduty",
                "iam",
                "lambda",
                "kms",
                "config",
                "organizations",
                "sts",
                "logs",
                "rds",
            ],
            write_pct: 300,
            boost: &[("secretsmanager", 400), ("s3", 200)],
            sensitive_pct: 2500,
            ..base
        },
        Prof::Root => ProfDef {
            svcs: &[
                "iam",
                "s3",
                "ec2",
                "ce",
                "organizations",
                "cloudtrail",
                "sts",
            ],
            write_pct: 50,
            data: false,
            boost: &[("ce", 500), ("iam", 300)],
            ..base
        },
        Prof::CrossData => ProfDef {
            names: &[
                "s3:GetObject",
                "s3:PutObject",
                "s3:HeadObject",
                "s3:ListObjects",
                "kms:Decrypt",
                "kms:GenerateDataKey",
                "sqs:SendMessage",
                "sns:Publish",
            ],
            ..base
        },
    }
}

/// Calls with large payloads that automation makes often (deployments, policy updates, ...).
pub const HEAVY: &[(&str, &str, u64)] = &[
    ("ecs", "RegisterTaskDefinition", 40),
    ("ecs", "UpdateService", 40),
    ("ecs", "RunTask", 40),
    ("ecr", "PutImage", 40),
    ("cloudformation", "CreateStack", 40),
    ("cloudformation", "UpdateStack", 40),
    ("cloudformation", "CreateChangeSet", 40),
    ("iam", "PutRolePolicy", 10),
    ("iam", "CreatePolicyVersion", 10),
    ("iam", "CreatePolicy", 10),
    ("iam", "CreateRole", 10),
    ("s3", "PutBucketPolicy", 10),
    ("glue", "BatchCreatePartition", 40),
    ("athena", "StartQueryExecution", 40),
    ("lambda", "UpdateFunctionCode20150331v2", 15),
    ("lambda", "UpdateFunctionConfiguration20150331v2", 40),
    ("ssm", "SendCommand", 40),
    ("monitoring", "PutMetricAlarm", 40),
    ("route53", "ChangeResourceRecordSets", 40),
    ("codebuild", "StartBuild", 40),
    ("config", "PutEvaluations", 40),
    ("elasticloadbalancing", "RegisterTargets", 40),
    ("ec2", "RunInstances", 20),
    ("ec2", "CreateNetworkInterface", 40),
    ("ec2", "AuthorizeSecurityGroupIngress", 20),
];

/// Cumulative weight table of one profile in one kind of region.
pub struct Table {
    pub cum: Vec<u64>,
    pub entry: Vec<u16>,
}

impl Table {
    pub fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.cum.last().unwrap();
        let r = rng.below(total);
        let i = self.cum.partition_point(|&c| c <= r);
        self.entry[i] as usize
    }
}

pub fn build_table(cat: &[Entry], p: Prof, global_region: bool) -> Table {
    let d = prof_def(p);
    let mut cum = Vec::new();
    let mut entry = Vec::new();
    let mut acc = 0u64;
    for (i, e) in cat.iter().enumerate() {
        let s = &SVCS[e.svc];
        if s.global && !global_region {
            continue;
        }
        if !d.names.is_empty() {
            let full = format!("{}:{}", s.id, e.name);
            if !d.names.contains(&full.as_str()) {
                continue;
            }
        } else {
            if e.svc_only {
                continue;
            }
            if !d.svcs.is_empty() && !d.svcs.contains(&s.id) {
                continue;
            }
        }
        if d.reads_only && !e.ro {
            continue;
        }
        if e.data && !d.data {
            continue;
        }
        let mut w = e.weight;
        if !e.ro {
            w = w * d.write_pct / 100;
        }
        if e.sensitive {
            w = w * d.sensitive_pct / 100;
        }
        // (Not for the attack profiles: they already favour their sensitive calls.)
        if let Some(&(_, _, m)) = HEAVY.iter().find(|h| h.0 == s.id && h.1 == e.name) {
            if d.sensitive_pct <= 100 {
                w *= m;
            }
        }
        for &(bs, m) in d.boost {
            if bs == s.id {
                w = w * m / 100;
            }
        }
        if w == 0 {
            continue;
        }
        acc += w;
        cum.push(acc);
        entry.push(i as u16);
    }
    assert!(acc > 0, "empty profile table {p:?}");
    Table { cum, entry }
}

pub fn prof_of(p: usize) -> Prof {
    const ALL: [Prof; N_PROF] = [
        Prof::App,
        Prof::LambdaFn,
        Prof::Eks,
        Prof::Ci,
        Prof::Terraform,
        Prof::Admin,
        Prof::ReadOnly,
        Prof::Monitoring,
        Prof::Backup,
        Prof::Data,
        Prof::Console,
        Prof::Service,
        Prof::Recon,
        Prof::Exfil,
        Prof::Root,
        Prof::CrossData,
    ];
    ALL[p]
}
