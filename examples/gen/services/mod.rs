//! Request parameters, responses, additional data and resources, by service.

pub mod account;
pub mod analytics;
pub mod containers;
pub mod databases;
pub mod deploy;
pub mod dynamodb;
pub mod ec2;
pub mod generic;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod messaging;
pub mod network;
pub mod observability;
pub mod parameters;
pub mod s3;
pub mod security;
pub mod sts;

use crate::data::{section, LISTS};
use crate::event::{Ctx, Scratch};
use crate::services::dynamodb::ddb_body;
use crate::services::ec2::ec2_body;
use crate::services::generic::generic_body;
use crate::services::iam::iam_body;
use crate::services::kms::kms_body;
use crate::services::lambda::lambda_body;
use crate::services::messaging::msg_body;
use crate::services::parameters::config_body;
use crate::services::s3::s3_body;
use crate::services::sts::sts_body;
use std::sync::LazyLock;

/// Service-linked roles: (service principal, role name).
pub static SL_ROLES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    section(LISTS, "service-linked-roles")
        .into_iter()
        .map(|l| l.split_once(' ').expect("<principal> <role>"))
        .collect()
});

pub static KMS_CALLERS: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "kms-callers"));

pub fn write_body(c: &mut Ctx, sc: &mut Scratch) {
    match c.svc() {
        "s3" => s3_body(c, sc),
        "kms" => kms_body(c, sc),
        "sts" => sts_body(c, sc),
        "iam" => iam_body(c, sc),
        "ec2" => ec2_body(c, sc),
        "lambda" => lambda_body(c, sc),
        "dynamodb" => ddb_body(c, sc),
        "sqs" | "sns" => msg_body(c, sc),
        "ssm" | "secretsmanager" => config_body(c, sc),
        "cloudtrail" | "logs" | "monitoring" => observability::body(c, sc),
        "ecr" | "ecs" | "eks" => containers::body(c, sc),
        "route53" | "cloudfront" | "elasticloadbalancing" | "autoscaling" => network::body(c, sc),
        "config" | "guardduty" | "securityhub" => security::body(c, sc),
        "states" | "glue" | "athena" | "events" => analytics::body(c, sc),
        "health" | "tagging" | "ce" | "organizations" | "sso" => account::body(c, sc),
        "codebuild" | "cloudformation" => deploy::body(c, sc),
        "rds" | "backup" => databases::body(c, sc),
        _ => generic_body(c, sc),
    }
}
