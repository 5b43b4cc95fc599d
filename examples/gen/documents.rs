//! Large documents found in request parameters: S3 keys, IAM policies, trust policies,
//! CloudFormation templates, session tokens.

use crate::accounts::APPS;
use crate::data::{section, LISTS};
use crate::json::Js;
use crate::rng::{hexs, rand_str, uuid, Rng, ALNUM, B64, LOWER_ALNUM};
use crate::time::civil;
use std::fmt::Write as _;
use std::sync::LazyLock;

pub fn s3_key(rng: &mut Rng, bucket: &str, t: i64, acct: &str, region: &str) -> String {
    let (y, m, d, h, _, _) = civil(t - rng.below(86_400 * 3) as i64);
    if bucket.contains("data-lake") || bucket.contains("ml-datasets") || bucket.contains("exports")
    {
        format!(
            "{}/year={y}/month={m:02}/day={d:02}/hour={h:02}/part-{:05}-{}.c000.snappy.parquet",
            ["events", "orders", "clickstream", "payments"][rng.idx(4)],
            rng.below(200),
            uuid(rng)
        )
    } else if bucket.contains("cloudtrail") {
        format!(
            "AWSLogs/{acct}/CloudTrail/{region}/{y}/{m:02}/{d:02}/{acct}_CloudTrail_{region}_{y}{m:02}{d:02}T{h:02}{:02}Z_{}.json.gz",
            rng.below(12) * 5,
            rand_str(rng, ALNUM, 16)
        )
    } else if bucket.contains("alb-access-logs") {
        format!(
            "AWSLogs/{acct}/elasticloadbalancing/{region}/{y}/{m:02}/{d:02}/{acct}_elasticloadbalancing_{region}_app.k8s-ingress-{}.{}_{y}{m:02}{d:02}T{h:02}{:02}Z_10.0.{}.{}_{}.log.gz",
            hexs(rng, 10),
            hexs(rng, 16),
            rng.below(60),
            rng.below(255),
            rng.below(255),
            rand_str(rng, LOWER_ALNUM, 8)
        )
    } else if bucket.contains("backups") {
        format!("postgres/{y}-{m:02}-{d:02}/base-{}.tar.zst", hexs(rng, 12))
    } else if bucket.contains("terraform-state") {
        format!(
            "env:/{}/{}/terraform.tfstate",
            ["prod", "staging"][rng.idx(2)],
            ["network", "eks", "iam", "data"][rng.idx(4)]
        )
    } else if bucket.starts_with("cf-templates") {
        format!(
            "{y}{}{}-template.yaml",
            rng.range(100, 365),
            rand_str(rng, LOWER_ALNUM, 6)
        )
    } else if bucket.contains("static") || bucket.contains("assets") {
        format!(
            "static/{}/{}.{}.{}",
            ["js", "css", "media"][rng.idx(3)],
            ["main", "vendor", "runtime", "chunk"][rng.idx(4)],
            hexs(rng, 8),
            ["js", "css", "png", "woff2"][rng.idx(4)]
        )
    } else if bucket.contains("athena-results") {
        format!("Unsaved/{y}/{m:02}/{d:02}/{}.csv", uuid(rng))
    } else if bucket.contains("app-logs") {
        format!(
            "{}/{y}/{m:02}/{d:02}/{h:02}/{}.log.gz",
            rng.word(&APPS),
            uuid(rng)
        )
    } else {
        format!(
            "{}/{y}/{m:02}/{d:02}/{}.{}",
            ["uploads", "incoming", "tmp"][rng.idx(3)],
            uuid(rng),
            ["jpg", "pdf", "csv", "json"][rng.idx(4)]
        )
    }
}

pub static MANAGED_POLICIES: LazyLock<Vec<&str>> =
    LazyLock::new(|| section(LISTS, "managed-policies"));

pub static ACTIONS: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "policy-actions"));

/// An IAM policy document as the JSON text IAM receives (pretty-printed like the console, or
/// compact like Terraform).
pub fn policy_doc(rng: &mut Rng, acct: &str, region: &str, pretty: bool, admin: bool) -> String {
    let mut v = Vec::with_capacity(1024);
    v.push(b'{');
    v.ks("Version", "2012-10-17");
    v.ka("Statement");
    let n = if admin { 1 } else { rng.range(1, 6) };
    for i in 0..n {
        v.eo();
        v.ks(
            "Sid",
            &format!("Stmt{}", 1_700_000_000_000 + rng.below(100_000_000_000) + i),
        );
        v.ks(
            "Effect",
            if rng.pct(92) || admin {
                "Allow"
            } else {
                "Deny"
            },
        );
        if admin {
            v.ks("Action", "*");
            v.ks("Resource", "*");
        } else {
            v.ka("Action");
            for _ in 0..rng.range(1, 7) {
                v.es(rng.word(&ACTIONS));
            }
            v.ca();
            v.ka("Resource");
            for _ in 0..rng.range(1, 4) {
                let r = match rng.below(5) {
                    0 => format!(
                        "arn:aws:s3:::{}-bucket-{}/*",
                        rng.word(&APPS),
                        rand_str(rng, LOWER_ALNUM, 4)
                    ),
                    1 => format!("arn:aws:kms:{region}:{acct}:key/{}", uuid(rng)),
                    2 => format!("arn:aws:dynamodb:{region}:{acct}:table/{}", rng.word(&APPS)),
                    3 => format!("arn:aws:sqs:{region}:{acct}:{}-queue", rng.word(&APPS)),
                    _ => "*".to_string(),
                };
                v.es(&r);
            }
            v.ca();
            if rng.pct(25) {
                v.ko("Condition");
                v.ko("StringEquals");
                v.ks("aws:RequestedRegion", region);
                v.c();
                if rng.pct(50) {
                    v.ko("Bool");
                    v.ks("aws:SecureTransport", "true");
                    v.c();
                }
                v.c();
            }
        }
        v.c();
    }
    v.ca();
    v.c();
    let compact = String::from_utf8(v).unwrap();
    if !pretty {
        return compact;
    }
    // Re-indent (4 spaces) like the IAM console does.
    let mut s = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    for ch in compact.chars() {
        if in_str {
            s.push(ch);
            if ch == '"' {
                in_str = false;
            }
            continue;
        }
        match ch {
            '"' => {
                in_str = true;
                s.push(ch);
            }
            '{' | '[' => {
                depth += 1;
                s.push(ch);
                s.push('\n');
                s.push_str(&"    ".repeat(depth));
            }
            '}' | ']' => {
                depth -= 1;
                s.push('\n');
                s.push_str(&"    ".repeat(depth));
                s.push(ch);
            }
            ',' => {
                s.push(ch);
                s.push('\n');
                s.push_str(&"    ".repeat(depth));
            }
            ':' => s.push_str(": "),
            _ => s.push(ch),
        }
    }
    s
}

pub fn trust_doc(rng: &mut Rng, acct: &str) -> String {
    let principal = match rng.below(3) {
        0 => "{\"Service\":\"ec2.amazonaws.com\"}".to_string(),
        1 => "{\"Service\":\"lambda.amazonaws.com\"}".to_string(),
        _ => format!("{{\"AWS\":\"arn:aws:iam::{acct}:root\"}}"),
    };
    format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{principal},\"Action\":\"sts:AssumeRole\"}}]}}"
    )
}

/// An inline CloudFormation template (YAML), as `templateBody` carries it.
pub fn cfn_template(rng: &mut Rng, env: &str) -> String {
    let mut t = String::with_capacity(4096);
    t.push_str("AWSTemplateFormatVersion: '2010-09-09'\nDescription: \"");
    t.push_str(rng.word(&APPS));
    t.push_str(" service stack (managed by CI)\"\nParameters:\n  Environment:\n    Type: String\n    Default: ");
    t.push_str(env);
    t.push_str("\nResources:\n");
    for i in 0..rng.range(3, 25) {
        let app = rng.word(&APPS);
        match rng.below(4) {
            0 => {
                let _ = write!(t, "  Queue{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${{Environment}}-{app}-{i}'\n      VisibilityTimeout: 60\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt DeadLetter{i}.Arn\n        maxReceiveCount: 5\n");
            }
            1 => {
                let _ = write!(t, "  Function{i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !Sub '${{Environment}}-{app}-fn{i}'\n      Runtime: python3.12\n      Handler: app.handler\n      MemorySize: 512\n      Timeout: 30\n      Role: !GetAtt Role{i}.Arn\n      Environment:\n        Variables:\n          TABLE_NAME: !Ref Table{i}\n          LOG_LEVEL: INFO\n");
            }
            2 => {
                let _ = write!(t, "  Table{i}:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions:\n        - AttributeName: pk\n          AttributeType: S\n        - AttributeName: sk\n          AttributeType: S\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n        - AttributeName: sk\n          KeyType: RANGE\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n");
            }
            _ => {
                let _ = write!(t, "  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n      Policies:\n        - PolicyName: {app}-access\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']\n                Resource: '*'\n");
            }
        }
    }
    t.push_str("Outputs:\n  StackName:\n    Value: !Ref AWS::StackName\n");
    t
}

pub fn url_encode(s: &str) -> String {
    let mut o = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

pub fn session_token(rng: &mut Rng, long: bool) -> String {
    let n = if long {
        rng.range(900, 1200)
    } else {
        rng.range(600, 800)
    } as usize;
    let mut s = String::from("IQoJb3JpZ2luX2Vj");
    s.push_str(&rand_str(rng, B64, n));
    s.push_str("==");
    s
}
