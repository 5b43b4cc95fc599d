//! Request parameters, responses, additional data and resources, by service.

pub mod dynamodb;
pub mod ec2;
pub mod generic;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod messaging;
pub mod misc;
pub mod parameters;
pub mod s3;
pub mod sts;

use crate::catalog::SVCS;
use crate::event::{Ctx, Scratch};
use crate::services::dynamodb::ddb_body;
use crate::services::ec2::ec2_body;
use crate::services::iam::iam_body;
use crate::services::kms::kms_body;
use crate::services::lambda::lambda_body;
use crate::services::messaging::msg_body;
use crate::services::misc::misc_body;
use crate::services::parameters::config_body;
use crate::services::s3::s3_body;
use crate::services::sts::sts_body;

pub const SL_ROLES: &[(&str, &str)] = &[
    ("config.amazonaws.com", "AWSServiceRoleForConfig"),
    ("ecs.amazonaws.com", "AWSServiceRoleForECS"),
    ("eks.amazonaws.com", "AWSServiceRoleForAmazonEKS"),
    ("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling"),
    (
        "elasticloadbalancing.amazonaws.com",
        "AWSServiceRoleForElasticLoadBalancing",
    ),
    (
        "guardduty.amazonaws.com",
        "AWSServiceRoleForAmazonGuardDuty",
    ),
    ("securityhub.amazonaws.com", "AWSServiceRoleForSecurityHub"),
    (
        "inspector2.amazonaws.com",
        "AWSServiceRoleForAmazonInspector2",
    ),
    (
        "access-analyzer.amazonaws.com",
        "AWSServiceRoleForAccessAnalyzer",
    ),
    ("ssm.amazonaws.com", "AWSServiceRoleForAmazonSSM"),
    (
        "trustedadvisor.amazonaws.com",
        "AWSServiceRoleForTrustedAdvisor",
    ),
    (
        "organizations.amazonaws.com",
        "AWSServiceRoleForOrganizations",
    ),
];

pub const KMS_CALLERS: &[&str] = &[
    "s3.amazonaws.com",
    "s3.amazonaws.com",
    "secretsmanager.amazonaws.com",
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "dynamodb.amazonaws.com",
    "rds.amazonaws.com",
    "logs.amazonaws.com",
    "sqs.amazonaws.com",
    "sns.amazonaws.com",
];

pub fn write_body(c: &mut Ctx, sc: &mut Scratch) {
    match SVCS[c.e.svc].id {
        "s3" => s3_body(c, sc),
        "kms" => kms_body(c, sc),
        "sts" => sts_body(c, sc),
        "iam" => iam_body(c, sc),
        "ec2" => ec2_body(c, sc),
        "lambda" => lambda_body(c, sc),
        "dynamodb" => ddb_body(c, sc),
        "sqs" | "sns" => msg_body(c, sc),
        "ssm" | "secretsmanager" => config_body(c, sc),
        _ => misc_body(c, sc),
    }
}
