//! Deterministic generator of realistic AWS CloudTrail trails, in the real S3 layout.
//!
//! ```text
//! cargo run --release --example gen -- --events 1000000 --out DIR --seed 7
//!     [--accounts 3] [--regions us-east-1,us-west-2,...] [--start 2026-11-01T00:00:00Z]
//!     [--minutes-per-file 5] [--error-rate 0.03] [--jsonl] [--gzip-level 6] [--overwrite]
//! ```
//!
//! Writes `DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
//! <YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz` (each a gzip of compact `{"Records":[...]}` ending
//! in a newline, like real deliveries) and one digest per hour per account/region under
//! `DIR/AWSLogs/<account>/CloudTrail-Digest/<region>/...` (`<account>_CloudTrail-Digest_<region>_
//! <trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz`). The digests chain (`previousDigest*`) and
//! carry the real SHA-256 of every uncompressed log file; only the RSA signatures are fake.
//! With `--jsonl` the log files are written uncompressed as `.jsonl` (one record a line) in the
//! same layout and no digests are written.
//!
//! Determinism: same seed and arguments give byte-identical records, on any machine and thread
//! count. The PRNG (xoshiro256** seeded by SplitMix64) is implemented here, no floating-point
//! transcendental function is used, and every file depends only on the plan (built sequentially
//! from the seed) and its own index. Gzip bytes also depend on the deflate implementation, which
//! `Cargo.lock` pins.
//!
//! What is realistic about it:
//! * volume: ~217 events per file on average, ≈1.72 KB per record; files per 5-minute window
//!   per account/region follow a diurnal curve, busy streams (us-east-1, first account) carry
//!   most files, several per window when busy. The span follows from `--events` (the busiest
//!   stream delivers ~1.8 files per window): 1M events span 55.6 hours. Measured for
//!   `--events 1000000 --seed 7`: 4,608 log files + 1,018 digests, 1,718 MB of JSON, 277 MB
//!   gzipped, 11-15 s on 2 cores at the default gzip level;
//! * delivery: records roughly but not strictly time-ordered, some late events, ~0.1% duplicate
//!   deliveries (the exact bytes of an earlier record of the same stream, in a later file);
//! * identities: IAMUser (AKIA keys, console and GetSessionToken ASIA sessions), AssumedRole
//!   (EC2 instance profiles with `ec2RoleDelivery`, Lambda, ECS tasks, EKS IRSA and GitHub OIDC
//!   web identities, role chaining across accounts, IAM Identity Center `AWSReservedSSO_*` roles
//!   with e-mail session names, SAML), Root, FederatedUser, SAMLUser, WebIdentityUser,
//!   AWSAccount, AWSService and service events without a type;
//! * credential lineage: every session used in the trail after the start was issued by an
//!   AssumeRole / AssumeRoleWithSAML / AssumeRoleWithWebIdentity / GetSessionToken /
//!   GetFederationToken / ConsoleLogin / CreateAccessKey event whose response carries the very
//!   key later found in `userIdentity.accessKeyId`, issued at `sessionContext.attributes.
//!   creationDate`; chains go user → role → role, across accounts;
//! * events: ~890 real event names over 46 services with a Zipf-like popularity, per-principal
//!   behaviour profiles, S3/Lambda/DynamoDB/SQS/SNS data events, readOnly/managementEvent/
//!   eventCategory consistent with the name, request parameters from null to several KB
//!   (policy documents, RunInstances, task definitions), responses on writes, resources,
//!   tlsDetails, VPC endpoints, realistic user agents (aws-cli v2 with the command, Boto3,
//!   Go/JS/Java SDKs, Terraform, console, SSM agent, service principals);
//! * errors: ~`--error-rate` of calls fail with the service's real codes and messages
//!   (AccessDenied, Client.UnauthorizedOperation with an encoded message, throttling,
//!   NoSuchEntity, NoSuchBucketPolicy, ...), responseElements null;
//! * an attack story: a leaked access key used from Tor-like IPs with a Kali user agent
//!   (recon with many AccessDenied), a backdoor user with its own key, AdministratorAccess,
//!   a cross-account AssumeRole, StopLogging/DeleteDetector and friends, console brute force.

use clap::Parser;
use flate2::write::GzEncoder;
use flate2::Compression;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Generate a deterministic, realistic CloudTrail trail in the S3 layout")]
struct Args {
    /// Number of records to write (duplicates included).
    #[arg(long, default_value_t = 100_000)]
    events: u64,
    /// Output directory (AWSLogs/ is created inside).
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    #[arg(long, default_value_t = 3)]
    accounts: usize,
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "us-east-1,us-west-2,eu-west-1,eu-central-1,ap-southeast-2,ap-northeast-1"
    )]
    regions: Vec<String>,
    /// Start of the trail (RFC 3339).
    #[arg(long, default_value = "2026-11-01T00:00:00Z")]
    start: String,
    #[arg(long, default_value_t = 5)]
    minutes_per_file: u32,
    #[arg(long, default_value_t = 0.03)]
    error_rate: f64,
    /// Write uncompressed JSON Lines (`.jsonl`, one record a line) instead of `.json.gz`.
    #[arg(long)]
    jsonl: bool,
    /// Trail name (appears in digest names).
    #[arg(long, default_value = "management-events")]
    trail: String,
    /// Gzip level (6 is zlib's default, what AWS uses).
    #[arg(long, default_value_t = 6)]
    gzip_level: u32,
    /// Delete an existing DIR/AWSLogs first.
    #[arg(long)]
    overwrite: bool,
}

// ---------------------------------------------------------------------------------------------
// PRNG: SplitMix64 for hashing/seeding, xoshiro256** for streams.

#[inline]
fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash a few words into one (order matters).
fn hash(parts: &[u64]) -> u64 {
    let mut h = 0x6A09_E667_F3BC_C908u64;
    for &p in parts {
        let mut s = h ^ p.wrapping_mul(0xA076_1D64_78BD_642F);
        h = splitmix(&mut s);
    }
    h
}

fn hash_str(s: &str) -> u64 {
    // FNV-1a, then mixed.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    hash(&[h])
}

#[derive(Clone)]
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Self {
        let mut x = seed;
        Rng {
            s: [
                splitmix(&mut x),
                splitmix(&mut x),
                splitmix(&mut x),
                splitmix(&mut x),
            ],
        }
    }
    fn of(parts: &[u64]) -> Self {
        Rng::new(hash(parts))
    }
    #[inline]
    fn next(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }
    /// Uniform in [0, n) (n > 0).
    #[inline]
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    #[inline]
    fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    /// Uniform in [lo, hi].
    #[inline]
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `pct` percent.
    #[inline]
    fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    /// True with probability p.
    #[inline]
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }
    #[inline]
    fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.idx(s.len())]
    }
    /// Skewed index: small indices much more likely (min of two uniforms, twice).
    #[inline]
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.idx(n);
        let b = self.idx(n);
        let c = self.idx(n);
        a.min(b).min(c.max(a.min(b) / 2))
    }
}

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn rand_str(rng: &mut Rng, alphabet: &[u8], n: usize) -> String {
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(alphabet[rng.idx(alphabet.len())] as char);
    }
    s
}

fn push_rand(out: &mut Vec<u8>, rng: &mut Rng, alphabet: &[u8], n: usize) {
    for _ in 0..n {
        out.push(alphabet[rng.idx(alphabet.len())]);
    }
}

fn uuid(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(36);
    push_uuid_str(&mut s, rng);
    s
}

fn push_uuid_str(s: &mut String, rng: &mut Rng) {
    let a = rng.next();
    let b = rng.next();
    let bytes: [u8; 16] = {
        let mut x = [0u8; 16];
        x[..8].copy_from_slice(&a.to_le_bytes());
        x[8..].copy_from_slice(&b.to_le_bytes());
        x[6] = (x[6] & 0x0f) | 0x40;
        x[8] = (x[8] & 0x3f) | 0x80;
        x
    };
    for (i, byte) in bytes.iter().enumerate() {
        if i == 4 || i == 6 || i == 8 || i == 10 {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 15) as usize] as char);
    }
}

// ---------------------------------------------------------------------------------------------
// Time formatting (no chrono in the hot path).

fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (sod / 3600) as u32,
        (sod % 3600 / 60) as u32,
        (sod % 60) as u32,
    )
}

#[inline]
fn push2(out: &mut Vec<u8>, v: u32) {
    out.push(b'0' + (v / 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

fn push_num(out: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

/// `2026-11-01T00:05:00Z`
fn push_iso(out: &mut Vec<u8>, t: i64) {
    let (y, m, d, hh, mm, ss) = civil(t);
    push_num(out, y as u64);
    out.push(b'-');
    push2(out, m);
    out.push(b'-');
    push2(out, d);
    out.push(b'T');
    push2(out, hh);
    out.push(b':');
    push2(out, mm);
    out.push(b':');
    push2(out, ss);
    out.push(b'Z');
}

fn iso(t: i64) -> String {
    let mut v = Vec::with_capacity(20);
    push_iso(&mut v, t);
    String::from_utf8(v).unwrap()
}

/// `20261101T0005Z` or, with seconds, `20261101T000500Z`.
fn compact_ts(t: i64, secs: bool) -> String {
    let (y, m, d, hh, mm, ss) = civil(t);
    if secs {
        format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z")
    } else {
        format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}Z")
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Nov 1, 2026, 1:05:00 AM` (the format STS uses for `expiration`).
fn human_ts(t: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(t);
    let (h12, ampm) = match hh {
        0 => (12, "AM"),
        1..=11 => (hh, "AM"),
        12 => (12, "PM"),
        _ => (hh - 12, "PM"),
    };
    format!(
        "{} {d}, {y}, {h12}:{mm:02}:{ss:02} {ampm}",
        MONTHS[m as usize - 1]
    )
}

// ---------------------------------------------------------------------------------------------
// Hand-written JSON. Commas are inserted by looking at the previous byte: after `{` or `[`
// none is needed, after anything else (a value) one is.

trait Js {
    fn sep(&mut self);
    fn st(&mut self, v: &str);
    fn k(&mut self, key: &str);
    fn ks(&mut self, key: &str, v: &str);
    fn kr(&mut self, key: &str, raw: &str);
    fn kn(&mut self, key: &str, n: u64);
    fn kb(&mut self, key: &str, b: bool);
    fn kt(&mut self, key: &str, t: i64);
    fn ko(&mut self, key: &str);
    fn ka(&mut self, key: &str);
    fn es(&mut self, v: &str);
    fn eo(&mut self);
    fn er(&mut self, raw: &str);
    fn c(&mut self);
    fn ca(&mut self);
}

impl Js for Vec<u8> {
    #[inline]
    fn sep(&mut self) {
        if let Some(&l) = self.last() {
            if l != b'{' && l != b'[' {
                self.push(b',');
            }
        }
    }
    #[inline]
    fn st(&mut self, v: &str) {
        self.push(b'"');
        let bytes = v.as_bytes();
        if bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.extend_from_slice(bytes);
        } else {
            for &b in bytes {
                match b {
                    b'"' => self.extend_from_slice(b"\\\""),
                    b'\\' => self.extend_from_slice(b"\\\\"),
                    b'\n' => self.extend_from_slice(b"\\n"),
                    b'\r' => self.extend_from_slice(b"\\r"),
                    b'\t' => self.extend_from_slice(b"\\t"),
                    0..=0x1f => {
                        self.extend_from_slice(b"\\u00");
                        self.push(HEX[(b >> 4) as usize]);
                        self.push(HEX[(b & 15) as usize]);
                    }
                    _ => self.push(b),
                }
            }
        }
        self.push(b'"');
    }
    #[inline]
    fn k(&mut self, key: &str) {
        self.sep();
        self.push(b'"');
        self.extend_from_slice(key.as_bytes());
        self.extend_from_slice(b"\":");
    }
    #[inline]
    fn ks(&mut self, key: &str, v: &str) {
        self.k(key);
        self.st(v);
    }
    #[inline]
    fn kr(&mut self, key: &str, raw: &str) {
        self.k(key);
        self.extend_from_slice(raw.as_bytes());
    }
    #[inline]
    fn kn(&mut self, key: &str, n: u64) {
        self.k(key);
        push_num(self, n);
    }
    #[inline]
    fn kb(&mut self, key: &str, b: bool) {
        self.kr(key, if b { "true" } else { "false" });
    }
    #[inline]
    fn kt(&mut self, key: &str, t: i64) {
        self.k(key);
        self.push(b'"');
        push_iso(self, t);
        self.push(b'"');
    }
    #[inline]
    fn ko(&mut self, key: &str) {
        self.k(key);
        self.push(b'{');
    }
    #[inline]
    fn ka(&mut self, key: &str) {
        self.k(key);
        self.push(b'[');
    }
    #[inline]
    fn es(&mut self, v: &str) {
        self.sep();
        self.st(v);
    }
    #[inline]
    fn eo(&mut self) {
        self.sep();
        self.push(b'{');
    }
    #[inline]
    fn er(&mut self, raw: &str) {
        self.sep();
        self.extend_from_slice(raw.as_bytes());
    }
    #[inline]
    fn c(&mut self) {
        self.push(b'}');
    }
    #[inline]
    fn ca(&mut self) {
        self.push(b']');
    }
}

// ---------------------------------------------------------------------------------------------
// Services and the event catalog.

struct Svc {
    /// eventSource prefix (`ec2` → `ec2.amazonaws.com`).
    id: &'static str,
    /// IAM action prefix.
    iam: &'static str,
    /// aws-cli command group.
    cli: &'static str,
    /// Logged in the global region only (IAM, Route 53, ...).
    global: bool,
    /// JSON protocol (AccessDeniedException) rather than query (AccessDenied).
    json: bool,
    /// Not-found error code and message (`{x}` resource, `{a}` account, `{r}` region).
    nf: (&'static str, &'static str),
}

macro_rules! svc {
    ($id:expr, $iam:expr, $cli:expr, $g:expr, $j:expr, $c:expr, $m:expr) => {
        Svc {
            id: $id,
            iam: $iam,
            cli: $cli,
            global: $g,
            json: $j,
            nf: ($c, $m),
        }
    };
}

const SVCS: &[Svc] = &[
    svc!("s3", "s3", "s3api", false, false, "NoSuchKey", "The specified key does not exist."),
    svc!("sts", "sts", "sts", false, false, "", ""),
    svc!("iam", "iam", "iam", true, false, "NoSuchEntityException", "The user with name {x} cannot be found."),
    svc!("ec2", "ec2", "ec2", false, false, "Client.InvalidInstanceID.NotFound", "The instance ID '{x}' does not exist"),
    svc!("kms", "kms", "kms", false, true, "NotFoundException", "Key 'arn:aws:kms:{r}:{a}:key/{x}' does not exist"),
    svc!("lambda", "lambda", "lambda", false, true, "ResourceNotFoundException", "Function not found: arn:aws:lambda:{r}:{a}:function:{x}"),
    svc!("logs", "logs", "logs", false, true, "ResourceNotFoundException", "The specified log group does not exist."),
    svc!("cloudtrail", "cloudtrail", "cloudtrail", false, true, "TrailNotFoundException", "Unknown trail: {x} for the user: {a}"),
    svc!("signin", "signin", "signin", true, true, "", ""),
    svc!("secretsmanager", "secretsmanager", "secretsmanager", false, true, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
    svc!("dynamodb", "dynamodb", "dynamodb", false, true, "ResourceNotFoundException", "Requested resource not found: Table: {x} not found"),
    svc!("ssm", "ssm", "ssm", false, true, "ParameterNotFound", ""),
    svc!("rds", "rds", "rds", false, false, "DBInstanceNotFoundFault", "DBInstance {x} not found."),
    svc!("monitoring", "cloudwatch", "cloudwatch", false, false, "ResourceNotFound", "The specified resource {x} does not exist."),
    svc!("sns", "sns", "sns", false, false, "NotFoundException", "Topic does not exist"),
    svc!("sqs", "sqs", "sqs", false, false, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."),
    svc!("ecr", "ecr", "ecr", false, true, "RepositoryNotFoundException", "The repository with name '{x}' does not exist in the registry with id '{a}'"),
    svc!("ecs", "ecs", "ecs", false, true, "ClusterNotFoundException", "Cluster not found."),
    svc!("eks", "eks", "eks", false, true, "ResourceNotFoundException", "No cluster found for name: {x}."),
    svc!("elasticloadbalancing", "elasticloadbalancing", "elbv2", false, false, "TargetGroupNotFoundException", "One or more target groups not found"),
    svc!("autoscaling", "autoscaling", "autoscaling", false, false, "ValidationError", "AutoScalingGroup name not found - {x}"),
    svc!("cloudformation", "cloudformation", "cloudformation", false, false, "ValidationError", "Stack with id {x} does not exist"),
    svc!("route53", "route53", "route53", true, false, "NoSuchHostedZone", "No hosted zone found with ID: {x}"),
    svc!("config", "config", "configservice", false, true, "NoSuchConfigRuleException", "The ConfigRule '{x}' provided in the request is invalid. Please check the configRule name."),
    svc!("guardduty", "guardduty", "guardduty", false, true, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account."),
    svc!("securityhub", "securityhub", "securityhub", false, true, "InvalidAccessException", "Account {a} is not subscribed to AWS Security Hub"),
    svc!("organizations", "organizations", "organizations", true, true, "AccountNotFoundException", "You specified an account that doesn't exist."),
    svc!("sso", "sso", "sso-admin", false, true, "ResourceNotFoundException", "Could not find PermissionSet with id {x}"),
    svc!("acm", "acm", "acm", false, true, "ResourceNotFoundException", "Could not find certificate arn:aws:acm:{r}:{a}:certificate/{x}."),
    svc!("apigateway", "apigateway", "apigateway", false, true, "NotFoundException", "Invalid API identifier specified {a}:{x}"),
    svc!("events", "events", "events", false, true, "ResourceNotFoundException", "Rule {x} does not exist on EventBus default."),
    svc!("states", "states", "stepfunctions", false, true, "StateMachineDoesNotExist", "State Machine Does Not Exist: 'arn:aws:states:{r}:{a}:stateMachine:{x}'"),
    svc!("glue", "glue", "glue", false, true, "EntityNotFoundException", "Table {x} not found."),
    svc!("athena", "athena", "athena", false, true, "InvalidRequestException", "QueryExecution {x} was not found"),
    svc!("kinesis", "kinesis", "kinesis", false, true, "ResourceNotFoundException", "Stream {x} under account {a} not found."),
    svc!("firehose", "firehose", "firehose", false, true, "ResourceNotFoundException", "Firehose {x} under account {a} not found."),
    svc!("elasticache", "elasticache", "elasticache", false, false, "CacheClusterNotFound", "CacheCluster not found: {x}"),
    svc!("cloudfront", "cloudfront", "cloudfront", true, false, "NoSuchDistribution", "The specified distribution does not exist."),
    svc!("backup", "backup", "backup", false, true, "ResourceNotFoundException", "Backup vault {x} does not exist."),
    svc!("access-analyzer", "access-analyzer", "accessanalyzer", false, true, "ResourceNotFoundException", "Analyzer {x} not found"),
    svc!("health", "health", "health", true, true, "SubscriptionRequiredException", "Your account is not subscribed to Business or Enterprise Support."),
    svc!("tagging", "tag", "resourcegroupstaggingapi", false, true, "InvalidParameterException", "The specified pagination token is not valid."),
    svc!("ce", "ce", "ce", true, true, "DataUnavailableException", "Data is not available. Please try to adjust the time period."),
    svc!("codebuild", "codebuild", "codebuild", false, true, "ResourceNotFoundException", "Project cannot be found: arn:aws:codebuild:{r}:{a}:project/{x}"),
    svc!("codepipeline", "codepipeline", "codepipeline", false, true, "PipelineNotFoundException", "Account '{a}' does not have a pipeline with name '{x}'"),
    svc!("sagemaker", "sagemaker", "sagemaker", false, true, "ValidationException", "Could not find notebook instance {x}"),
];

fn svc_index(id: &str) -> usize {
    SVCS.iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("unknown service {id}"))
}

/// The catalog in popularity order (rank = line number, weight ∝ rank^-1.25). Flags:
/// D data event, S only called by AWS services (AWSService identity), X sensitive (attack
/// profiles favour it), R/W force readOnly true/false (otherwise derived from the verb).
const CATALOG: &str = "
kms Decrypt
s3 GetObject D
sts AssumeRole S
s3 PutObject D
kms GenerateDataKey
ec2 DescribeInstances
s3 HeadObject D
sts GetCallerIdentity
dynamodb GetItem D
secretsmanager GetSecretValue
ssm GetParameter
s3 ListObjects D
lambda Invoke D
logs CreateLogStream
dynamodb Query D
monitoring GetMetricData
sqs ReceiveMessage D
ssm UpdateInstanceInformation
ecr GetAuthorizationToken
sqs SendMessage D
ec2 DescribeNetworkInterfaces
dynamodb PutItem D
ec2 DescribeSecurityGroups
ssm GetParameters
ecr BatchGetImage
sqs DeleteMessage D
ecr GetDownloadUrlForLayer
s3 ListBuckets
iam GetRole
sns Publish D
kms Encrypt
s3 GetBucketLocation
ec2 DescribeVolumes
elasticloadbalancing DescribeTargetHealth
ecs DescribeServices
ec2 DescribeSubnets
s3 GetBucketAcl
ec2 DescribeVpcs
cloudformation DescribeStacks
s3 DeleteObject D
dynamodb UpdateItem D
iam ListRoles
ec2 DescribeImages
autoscaling DescribeAutoScalingGroups
kms DescribeKey
logs DescribeLogGroups
rds DescribeDBInstances
ecs DescribeTasks
ec2 DescribeRouteTables
lambda GetFunction20150331v2
ec2 DescribeTags
ssm GetParametersByPath
s3 GetBucketPolicy
iam ListAttachedRolePolicies
ec2 DescribeAvailabilityZones
logs FilterLogEvents
ec2 DescribeInstanceStatus
ecs ListTasks
iam GetUser
s3 GetBucketVersioning
s3 GetBucketEncryption
ec2 CreateTags
elasticloadbalancing DescribeLoadBalancers
elasticloadbalancing DescribeTargetGroups
lambda ListFunctions20150331
ec2 DescribeSnapshots
ssm DescribeInstanceInformation
iam ListUsers
cloudtrail LookupEvents
s3 GetBucketPublicAccessBlock
s3 GetBucketTagging
ec2 DescribeAddresses
route53 ListResourceRecordSets
states StartExecution
dynamodb DescribeTable
iam ListPolicies
iam GetPolicyVersion
iam GetPolicy
monitoring DescribeAlarms
ec2 DescribeLaunchTemplates
iam ListAccessKeys
athena GetQueryExecution
glue GetTable
ec2 DescribeInstanceTypes
kms ListAliases
secretsmanager DescribeSecret
logs DescribeLogStreams
s3 GetBucketLogging
s3 GetBucketOwnershipControls
ec2 DescribeKeyPairs
ec2 DescribeNatGateways
sqs GetQueueAttributes
ec2 DescribeRegions
ec2 DescribeAccountAttributes
health DescribeEventAggregates
s3 CopyObject D
iam ListRolePolicies
ec2 DescribeInternetGateways
ec2 DescribeNetworkAcls
ec2 DescribeVpcEndpoints
s3 GetBucketLifecycle
s3 GetBucketCors
s3 GetBucketWebsite
s3 GetBucketNotification
s3 GetBucketReplication
s3 GetBucketObjectLockConfiguration
s3 GetAccelerateConfiguration
s3 GetBucketRequestPayment
s3 GetBucketPolicyStatus
s3 ListObjectVersions D
s3 CreateMultipartUpload D
s3 UploadPart D
s3 CompleteMultipartUpload D
s3 GetObjectAcl D
s3 GetObjectTagging D
s3 PutObjectTagging D
s3 PutObjectAcl DX
s3 DeleteObjects DX
s3 RestoreObject D
s3 GetObjectAttributes D
s3 SelectObjectContent D
s3 PutBucketPolicy X
s3 DeleteBucketPolicy X
s3 PutBucketAcl X
s3 PutBucketPublicAccessBlock X
s3 DeleteBucketPublicAccessBlock X
s3 PutBucketEncryption
s3 PutBucketLogging
s3 PutBucketVersioning
s3 PutBucketTagging
s3 PutBucketLifecycle
s3 CreateBucket
s3 DeleteBucket X
iam ListAttachedUserPolicies
iam ListGroups
iam ListGroupsForUser
iam GetAccountAuthorizationDetails X
iam GetAccountSummary
iam ListMFADevices
iam ListInstanceProfiles
iam GenerateCredentialReport
iam GetCredentialReport
iam ListUserPolicies
iam GetLoginProfile
iam ListServerCertificates
iam ListOpenIDConnectProviders
iam ListSAMLProviders
iam GetAccountPasswordPolicy
iam SimulatePrincipalPolicy
iam ListEntitiesForPolicy
iam GetRolePolicy
iam ListInstanceProfilesForRole
iam ListVirtualMFADevices
iam GenerateServiceLastAccessedDetails
iam GetServiceLastAccessedDetails
iam ListAccountAliases
iam ListAttachedGroupPolicies
iam TagRole
iam CreateUser X
iam DeleteUser
iam CreateAccessKey X
iam DeleteAccessKey
iam UpdateAccessKey
iam AttachUserPolicy X
iam DetachUserPolicy
iam AttachRolePolicy X
iam DetachRolePolicy
iam PutRolePolicy X
iam PutUserPolicy X
iam CreateRole
iam DeleteRole
iam UpdateAssumeRolePolicy X
iam CreatePolicy
iam CreatePolicyVersion X
iam DeletePolicy
iam CreateLoginProfile X
iam UpdateLoginProfile X
iam AddUserToGroup X
iam CreateServiceLinkedRole
iam UpdateRole
iam CreateInstanceProfile
iam AddRoleToInstanceProfile
iam DeactivateMFADevice X
iam ChangePassword
sts DecodeAuthorizationMessage
sts GetAccessKeyInfo X
ec2 DescribeLaunchTemplateVersions
ec2 DescribeSpotInstanceRequests
ec2 DescribeSpotPriceHistory
ec2 DescribeVolumesModifications
ec2 DescribeFlowLogs
ec2 DescribeVpcPeeringConnections
ec2 DescribeTransitGateways
ec2 DescribePrefixLists
ec2 DescribeManagedPrefixLists
ec2 DescribeDhcpOptions
ec2 DescribeSecurityGroupRules
ec2 DescribeInstanceAttribute
ec2 DescribeVpcAttribute
ec2 DescribeCapacityReservations
ec2 DescribeHosts
ec2 DescribeReservedInstances
ec2 GetEbsEncryptionByDefault
ec2 GetEbsDefaultKmsKeyId
ec2 DescribeVolumeStatus
ec2 DescribeImageAttribute
ec2 DescribeSnapshotAttribute
ec2 RunInstances X
ec2 StartInstances
ec2 StopInstances X
ec2 TerminateInstances X
ec2 RebootInstances
ec2 CreateSnapshot
ec2 DeleteSnapshot
ec2 CreateVolume
ec2 AttachVolume
ec2 DetachVolume
ec2 DeleteVolume
ec2 ModifyInstanceAttribute X
ec2 AuthorizeSecurityGroupIngress X
ec2 RevokeSecurityGroupIngress
ec2 AuthorizeSecurityGroupEgress
ec2 CreateSecurityGroup
ec2 DeleteSecurityGroup
ec2 CreateNetworkInterface
ec2 DeleteNetworkInterface
ec2 GetPasswordData X
ec2 CreateKeyPair X
ec2 ImportKeyPair X
ec2 DeleteKeyPair
ec2 ModifySnapshotAttribute X
ec2 ModifyImageAttribute X
ec2 GetConsoleOutput X
ec2 GetConsoleScreenshot
ec2 CreateLaunchTemplateVersion
ec2 ModifyVolume
ec2 AllocateAddress
ec2 AssociateAddress
ec2 ReleaseAddress
ec2 CreateImage
ec2 DeregisterImage
ec2 CopySnapshot
ec2 CreateFlowLogs
ec2 DeleteFlowLogs X
ec2 EnableEbsEncryptionByDefault
ec2 DisableEbsEncryptionByDefault X
ec2 CreateVpc
ec2 CreateSubnet
ec2 CreateRoute
ec2 ModifyInstanceMetadataOptions
kms GenerateDataKeyWithoutPlaintext
kms ReEncrypt
kms ListKeys
kms GetKeyPolicy
kms GetKeyRotationStatus
kms ListResourceTags
kms ListGrants
kms CreateGrant
kms RetireGrant
kms Sign
kms Verify
kms GetPublicKey
kms PutKeyPolicy X
kms CreateKey
kms CreateAlias
kms ScheduleKeyDeletion X
kms DisableKey X
kms EnableKeyRotation
kms DisableKeyRotation X
kms TagResource
lambda GetFunctionConfiguration20150331v2
lambda ListEventSourceMappings20150331
lambda GetPolicy20150331v2
lambda ListLayers20181031
lambda ListTags20170331
lambda ListVersionsByFunction20150331
lambda ListAliases20150331
lambda GetFunctionCodeSigningConfig
lambda GetAccountSettings20160819
lambda UpdateFunctionCode20150331v2
lambda UpdateFunctionConfiguration20150331v2 X
lambda CreateFunction20150331 X
lambda DeleteFunction20150331
lambda AddPermission20150331v2 X
lambda PublishVersion20150331
lambda CreateEventSourceMapping20150331
lambda UpdateAlias20150331
lambda PutFunctionConcurrency20171031
lambda TagResource20170331v2
logs CreateLogGroup
logs PutRetentionPolicy
logs GetLogEvents
logs StartQuery
logs GetQueryResults
logs DeleteLogGroup X
logs PutSubscriptionFilter
logs DescribeMetricFilters
logs PutMetricFilter
logs DescribeSubscriptionFilters
logs DescribeQueries
logs DeleteLogStream
logs ListTagsLogGroup
logs DescribeExportTasks
logs CreateExportTask X
cloudtrail DescribeTrails
cloudtrail GetTrailStatus
cloudtrail GetEventSelectors
cloudtrail ListTrails
cloudtrail GetTrail
cloudtrail GetInsightSelectors
cloudtrail ListEventDataStores
cloudtrail StopLogging X
cloudtrail StartLogging
cloudtrail DeleteTrail X
cloudtrail UpdateTrail X
cloudtrail PutEventSelectors X
cloudtrail CreateTrail
secretsmanager ListSecrets X
secretsmanager GetResourcePolicy
secretsmanager CreateSecret
secretsmanager PutSecretValue
secretsmanager UpdateSecret
secretsmanager DeleteSecret X
secretsmanager RotateSecret
secretsmanager ListSecretVersionIds
secretsmanager BatchGetSecretValue X
secretsmanager PutResourcePolicy X
secretsmanager TagResource
dynamodb ListTables
dynamodb BatchWriteItem D
dynamodb BatchGetItem D
dynamodb Scan DX
dynamodb DeleteItem D
dynamodb CreateTable
dynamodb UpdateTable
dynamodb DeleteTable X
dynamodb DescribeContinuousBackups
dynamodb ListTagsOfResource
dynamodb DescribeTimeToLive
dynamodb CreateBackup
dynamodb DescribeKinesisStreamingDestination
dynamodb ListBackups
dynamodb ExportTableToPointInTime X
dynamodb UpdateContinuousBackups
ssm DescribeParameters
ssm PutParameter
ssm DeleteParameter
ssm SendCommand X
ssm GetCommandInvocation
ssm ListCommands
ssm ListCommandInvocations
ssm StartSession X
ssm TerminateSession
ssm ResumeSession
ssm ListAssociations
ssm DescribeAssociation
ssm GetDocument
ssm ListTagsForResource
ssm DescribeInstancePatchStates
ssm DescribeMaintenanceWindows
ssm ListDocuments
ssm DescribeAutomationExecutions
ssm StartAutomationExecution
ssm GetInventory
ssm PutInventory
ssm GetDeployablePatchSnapshotForInstance
ssm UpdateInstanceAssociationStatus
ssm ListInstanceAssociations
rds DescribeDBClusters
rds DescribeDBSnapshots
rds DescribeDBEngineVersions
rds DescribeOrderableDBInstanceOptions
rds DescribeDBSubnetGroups
rds DescribeDBParameterGroups
rds DescribeEvents
rds DescribePendingMaintenanceActions
rds DescribeDBClusterSnapshots
rds DescribeDBProxies
rds DescribeDBLogFiles
rds DescribeCertificates
rds ListTagsForResource
rds CreateDBSnapshot
rds CreateDBClusterSnapshot
rds ModifyDBInstance X
rds ModifyDBSnapshotAttribute X
rds CreateDBInstance
rds DeleteDBInstance X
rds RebootDBInstance
rds RestoreDBInstanceFromDBSnapshot
rds StopDBInstance
rds StartDBInstance
rds AddTagsToResource
monitoring GetMetricStatistics
monitoring ListMetrics
monitoring DescribeAlarmHistory
monitoring GetDashboard
monitoring ListDashboards
monitoring DescribeAlarmsForMetric
monitoring PutMetricAlarm
monitoring DeleteAlarms X
monitoring PutDashboard
monitoring SetAlarmState
monitoring DisableAlarmActions X
monitoring EnableAlarmActions
monitoring ListTagsForResource
monitoring GetMetricWidgetImage
sns ListTopics
sns GetTopicAttributes
sns ListSubscriptionsByTopic
sns ListSubscriptions
sns GetSubscriptionAttributes
sns Subscribe
sns Unsubscribe
sns CreateTopic
sns SetTopicAttributes
sns DeleteTopic
sns ListTagsForResource
sqs ListQueues
sqs GetQueueUrl
sqs CreateQueue
sqs SetQueueAttributes
sqs PurgeQueue
sqs DeleteQueue
sqs ListQueueTags
sqs ChangeMessageVisibility D
sqs SendMessageBatch D
ecr BatchCheckLayerAvailability
ecr DescribeRepositories
ecr DescribeImages
ecr ListImages
ecr InitiateLayerUpload
ecr UploadLayerPart
ecr CompleteLayerUpload
ecr PutImage
ecr CreateRepository
ecr DescribeImageScanFindings
ecr GetLifecyclePolicy
ecr GetRepositoryPolicy
ecr BatchDeleteImage
ecr SetRepositoryPolicy X
ecr ListTagsForResource
ecr DescribeRegistry
ecr DeleteRepository
ecs ListServices
ecs DescribeClusters
ecs UpdateService
ecs RunTask
ecs StopTask
ecs RegisterTaskDefinition
ecs DescribeTaskDefinition
ecs ListClusters
ecs DescribeContainerInstances
ecs ListContainerInstances
ecs SubmitTaskStateChange
ecs SubmitContainerStateChange
ecs DiscoverPollEndpoint
ecs ListTaskDefinitions
ecs DeregisterTaskDefinition
ecs ListTagsForResource
ecs DescribeCapacityProviders
ecs CreateService
ecs ExecuteCommand X
ecs UpdateContainerInstancesState
ecs PutAccountSetting
eks DescribeCluster
eks ListClusters
eks ListNodegroups
eks DescribeNodegroup
eks ListAddons
eks DescribeAddon
eks ListFargateProfiles
eks ListIdentityProviderConfigs
eks ListAccessEntries
eks DescribeAccessEntry
eks ListAssociatedAccessPolicies
eks DescribeUpdate
eks ListUpdates
eks UpdateNodegroupConfig
eks UpdateClusterConfig X
eks UpdateClusterVersion
eks CreateNodegroup
eks DeleteNodegroup
eks CreateAccessEntry X
eks AssociateAccessPolicy X
eks CreateAddon
eks UpdateAddon
eks TagResource
eks DescribeAddonVersions
elasticloadbalancing DescribeListeners
elasticloadbalancing DescribeRules
elasticloadbalancing DescribeLoadBalancerAttributes
elasticloadbalancing DescribeTargetGroupAttributes
elasticloadbalancing DescribeTags
elasticloadbalancing DescribeSSLPolicies
elasticloadbalancing DescribeListenerCertificates
elasticloadbalancing RegisterTargets
elasticloadbalancing DeregisterTargets
elasticloadbalancing ModifyTargetGroup
elasticloadbalancing ModifyListener
elasticloadbalancing ModifyLoadBalancerAttributes
elasticloadbalancing CreateTargetGroup
elasticloadbalancing CreateRule
elasticloadbalancing ModifyRule
elasticloadbalancing DeleteRule
elasticloadbalancing AddTags
elasticloadbalancing SetSecurityGroups
autoscaling DescribeScalingActivities
autoscaling DescribeLaunchConfigurations
autoscaling DescribeAutoScalingInstances
autoscaling DescribePolicies
autoscaling DescribeLifecycleHooks
autoscaling DescribeScheduledActions
autoscaling DescribeWarmPool
autoscaling DescribeTags
autoscaling DescribeInstanceRefreshes
autoscaling DescribeAccountLimits
autoscaling DescribeNotificationConfigurations
autoscaling UpdateAutoScalingGroup
autoscaling SetDesiredCapacity
autoscaling CompleteLifecycleAction
autoscaling RecordLifecycleActionHeartbeat
autoscaling TerminateInstanceInAutoScalingGroup
autoscaling StartInstanceRefresh
autoscaling CreateOrUpdateTags
autoscaling SuspendProcesses
autoscaling ResumeProcesses
autoscaling PutScalingPolicy
autoscaling CreateLaunchConfiguration
cloudformation ListStacks
cloudformation DescribeStackEvents
cloudformation DescribeStackResources
cloudformation DescribeStackResource
cloudformation GetTemplate
cloudformation GetTemplateSummary
cloudformation ValidateTemplate
cloudformation ListStackResources
cloudformation DescribeChangeSet
cloudformation ListChangeSets
cloudformation ListExports
cloudformation ListImports
cloudformation DescribeStackSet
cloudformation ListStackSets
cloudformation DescribeType
cloudformation ListTypes
cloudformation DetectStackDrift
cloudformation DescribeStackDriftDetectionStatus
cloudformation CreateStack
cloudformation UpdateStack
cloudformation DeleteStack
cloudformation CreateChangeSet
cloudformation ExecuteChangeSet
cloudformation DeleteChangeSet
cloudformation SetStackPolicy
route53 ListHostedZones
route53 GetHostedZone
route53 ChangeResourceRecordSets
route53 GetChange
route53 ListHealthChecks
route53 ListTagsForResource
route53 ListHostedZonesByName
route53 GetHealthCheckStatus
route53 ListQueryLoggingConfigs
route53 ChangeTagsForResource
route53 CreateHostedZone
route53 GetDNSSEC
config DescribeConfigRules
config DescribeConfigurationRecorders
config DescribeConfigurationRecorderStatus
config DescribeDeliveryChannels
config DescribeComplianceByConfigRule
config GetComplianceDetailsByConfigRule
config DescribeConfigRuleEvaluationStatus
config GetResourceConfigHistory
config SelectResourceConfig
config ListDiscoveredResources
config PutEvaluations
config PutConfigRule
config StartConfigRulesEvaluation
config StopConfigurationRecorder X
config DeleteConfigurationRecorder X
config DeleteDeliveryChannel X
config PutConfigurationRecorder
guardduty ListDetectors
guardduty GetDetector
guardduty ListFindings
guardduty GetFindings
guardduty GetFindingsStatistics
guardduty ListIPSets
guardduty ListThreatIntelSets
guardduty GetMasterAccount
guardduty GetAdministratorAccount
guardduty ListMembers
guardduty ListPublishingDestinations
guardduty DescribeMalwareScans
guardduty ArchiveFindings
guardduty UpdateFindingsFeedback
guardduty CreateIPSet X
guardduty UpdateIPSet X
guardduty DeleteDetector X
guardduty UpdateDetector X
guardduty CreateDetector
guardduty CreateFilter
guardduty DisassociateFromMasterAccount X
securityhub GetFindings
securityhub BatchImportFindings
securityhub BatchUpdateFindings
securityhub DescribeHub
securityhub GetEnabledStandards
securityhub DescribeStandardsControls
securityhub DescribeStandards
securityhub ListEnabledProductsForImport
securityhub GetInsights
securityhub GetInsightResults
securityhub DescribeProducts
securityhub ListMembers
securityhub GetAdministratorAccount
securityhub UpdateStandardsControl X
securityhub BatchDisableStandards X
securityhub DisableSecurityHub X
organizations DescribeOrganization
organizations ListAccounts
organizations DescribeAccount
organizations ListOrganizationalUnitsForParent
organizations ListPoliciesForTarget
organizations ListRoots
organizations ListParents
organizations DescribePolicy
organizations ListTagsForResource
organizations ListPolicies
organizations ListChildren
organizations ListAccountsForParent
organizations DescribeOrganizationalUnit
organizations ListDelegatedAdministrators
organizations ListAWSServiceAccessForOrganization
organizations ListHandshakesForAccount
organizations LeaveOrganization X
organizations CreateAccount
organizations MoveAccount
organizations AttachPolicy
organizations DetachPolicy X
sso ListInstances
sso ListPermissionSets
sso DescribePermissionSet
sso ListAccountAssignments
sso ListAccountsForProvisionedPermissionSet
sso ListPermissionSetsProvisionedToAccount
sso ListManagedPoliciesInPermissionSet
sso GetInlinePolicyForPermissionSet
sso DescribePermissionSetProvisioningStatus
sso ListTagsForResource
sso CreateAccountAssignment X
sso DeleteAccountAssignment
sso CreatePermissionSet
sso ProvisionPermissionSet
sso AttachManagedPolicyToPermissionSet X
sso PutInlinePolicyToPermissionSet X
acm ListCertificates
acm DescribeCertificate
acm GetCertificate
acm ListTagsForCertificate
acm RequestCertificate
acm DeleteCertificate
acm AddTagsToCertificate
apigateway GetRestApis
apigateway GetRestApi
apigateway GetResources
apigateway GetStages
apigateway GetStage
apigateway GetDomainNames
apigateway GetDeployments
apigateway GetApis
apigateway GetApi
apigateway GetAuthorizers
apigateway GetUsagePlans
apigateway GetApiKeys X
apigateway CreateDeployment
apigateway UpdateStage
apigateway CreateStage
apigateway UpdateRestApi
apigateway PutIntegration
events DescribeRule
events ListRules
events ListTargetsByRule
events DescribeEventBus
events ListEventBuses
events ListTagsForResource
events ListConnections
events PutRule
events PutTargets
events DeleteRule X
events DisableRule X
events EnableRule
events RemoveTargets
events PutPermission
states DescribeExecution
states ListExecutions
states DescribeStateMachine
states ListStateMachines
states GetExecutionHistory
states DescribeStateMachineForExecution
states ListTagsForResource
states ListActivities
states UpdateStateMachine
states StopExecution
states CreateStateMachine
states DeleteStateMachine
states SendTaskSuccess
glue GetTables
glue GetDatabase
glue GetDatabases
glue GetPartitions
glue GetPartition
glue BatchGetPartition
glue GetJobRun
glue GetJobRuns
glue GetJob
glue GetJobs
glue GetCrawler
glue GetCrawlers
glue GetCrawlerMetrics
glue GetConnection
glue GetSecurityConfiguration
glue GetTableVersions
glue GetUserDefinedFunctions
glue BatchCreatePartition
glue StartJobRun
glue CreateTable
glue UpdateTable
glue StartCrawler
glue CreatePartition
glue UpdatePartition
glue DeleteTable
glue BatchDeletePartition
glue CreateDatabase
athena StartQueryExecution
athena GetQueryResults
athena ListWorkGroups
athena GetWorkGroup
athena ListDataCatalogs
athena ListDatabases
athena GetTableMetadata
athena ListTableMetadata
athena ListQueryExecutions
athena BatchGetQueryExecution
athena StopQueryExecution
athena GetDataCatalog
athena ListNamedQueries
athena GetDatabase
athena ListEngineVersions
kinesis DescribeStream
kinesis ListStreams
kinesis DescribeStreamSummary
kinesis ListShards
kinesis DescribeStreamConsumer
kinesis ListStreamConsumers
kinesis ListTagsForStream
kinesis RegisterStreamConsumer
kinesis CreateStream
kinesis IncreaseStreamRetentionPeriod
kinesis UpdateShardCount
kinesis AddTagsToStream
kinesis DeleteStream X
firehose DescribeDeliveryStream
firehose ListDeliveryStreams
firehose ListTagsForDeliveryStream
firehose UpdateDestination
firehose CreateDeliveryStream
firehose StartDeliveryStreamEncryption
elasticache DescribeCacheClusters
elasticache DescribeReplicationGroups
elasticache DescribeCacheParameterGroups
elasticache DescribeCacheSubnetGroups
elasticache DescribeSnapshots
elasticache DescribeServerlessCaches
elasticache DescribeEvents
elasticache DescribeCacheEngineVersions
elasticache ListTagsForResource
elasticache DescribeUsers
elasticache DescribeUserGroups
elasticache ModifyReplicationGroup
elasticache CreateCacheCluster
elasticache CreateSnapshot
elasticache RebootCacheCluster
cloudfront ListDistributions
cloudfront GetDistribution
cloudfront GetDistributionConfig
cloudfront ListCachePolicies
cloudfront ListOriginAccessControls
cloudfront ListFunctions
cloudfront GetInvalidation
cloudfront ListInvalidations
cloudfront ListTagsForResource
cloudfront CreateInvalidation
cloudfront UpdateDistribution
cloudfront CreateDistribution
backup ListBackupJobs
backup DescribeBackupJob
backup ListBackupPlans
backup GetBackupPlan
backup ListRecoveryPointsByBackupVault
backup DescribeBackupVault
backup ListBackupVaults
backup ListProtectedResources
backup GetBackupVaultAccessPolicy
backup ListBackupSelections
backup GetBackupSelection
backup DescribeRecoveryPoint
backup ListCopyJobs
backup ListRestoreJobs
backup StartBackupJob
backup StartCopyJob
backup StartRestoreJob
backup DeleteRecoveryPoint X
backup DeleteBackupVault X
backup PutBackupVaultAccessPolicy
access-analyzer ListAnalyzers
access-analyzer ListFindings
access-analyzer GetFinding
access-analyzer GetAnalyzer
access-analyzer ListArchiveRules
access-analyzer ValidatePolicy
access-analyzer CheckNoNewAccess
access-analyzer StartResourceScan
access-analyzer DeleteAnalyzer X
health DescribeEvents
health DescribeEventDetails
health DescribeAffectedEntities
health DescribeEventTypes
tagging GetResources
tagging GetTagKeys
tagging GetTagValues
tagging TagResources
tagging UntagResources
ce GetCostAndUsage
ce GetCostForecast
ce GetDimensionValues
ce GetReservationUtilization
ce GetSavingsPlansUtilization
ce GetRightsizingRecommendation
ce GetAnomalies
ce GetCostAndUsageWithResources
ce GetTags
ce DescribeCostCategoryDefinition
codebuild StartBuild
codebuild BatchGetBuilds
codebuild ListBuilds
codebuild BatchGetProjects
codebuild ListProjects
codebuild ListBuildsForProject
codebuild CreateProject
codebuild UpdateProject
codebuild BatchGetReportGroups
codebuild ListReportGroups
codebuild StopBuild
codepipeline GetPipelineState
codepipeline StartPipelineExecution
codepipeline ListPipelineExecutions
codepipeline GetPipeline
codepipeline ListPipelines
codepipeline GetPipelineExecution
codepipeline ListActionExecutions
codepipeline PutJobSuccessResult
codepipeline PollForJobs
codepipeline AcknowledgeJob
codepipeline UpdatePipeline
codepipeline PutApprovalResult
sagemaker ListNotebookInstances
sagemaker DescribeNotebookInstance
sagemaker ListTrainingJobs
sagemaker DescribeTrainingJob
sagemaker ListEndpoints
sagemaker DescribeEndpoint
sagemaker DescribeEndpointConfig
sagemaker ListModels
sagemaker DescribeModel
sagemaker ListDomains
sagemaker ListApps
sagemaker ListUserProfiles
sagemaker CreatePresignedNotebookInstanceUrl X
sagemaker CreatePresignedDomainUrl
sagemaker CreateTrainingJob
sagemaker CreateModel
sagemaker CreateEndpointConfig
sagemaker UpdateEndpoint
sagemaker StopNotebookInstance
sagemaker StartNotebookInstance
sts GetSessionToken S
sts GetFederationToken S
sts AssumeRoleWithSAML S
sts AssumeRoleWithWebIdentity S
";

#[derive(Clone)]
struct Entry {
    svc: usize,
    name: &'static str,
    ro: bool,
    data: bool,
    svc_only: bool,
    sensitive: bool,
    /// Zipf-like popularity weight (integer, so the tables are exact).
    weight: u64,
}

fn read_only_verb(name: &str) -> bool {
    const RO: &[&str] = &[
        "Get",
        "List",
        "Describe",
        "Head",
        "Lookup",
        "Search",
        "Query",
        "Scan",
        "BatchGet",
        "Select",
        "Check",
        "Validate",
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "ReEncrypt",
        "Sign",
        "Verify",
        "Filter",
        "Simulate",
        "Preview",
        "Test",
        "Estimate",
        "Poll",
        "Discover",
        "AssumeRole",
        "Receive",
        "Detect",
        "BatchCheck",
    ];
    RO.iter().any(|p| name.starts_with(p))
}

fn parse_catalog() -> Vec<Entry> {
    let mut out = Vec::new();
    for line in CATALOG.lines() {
        let mut it = line.split_whitespace();
        let (Some(svc), Some(name)) = (it.next(), it.next()) else {
            continue;
        };
        let flags = it.next().unwrap_or("");
        let rank = out.len() as f64 + 2.0;
        // rank^-1.25 with correctly rounded operations only (sqrt is exact in IEEE 754).
        let w = 1e9 / (rank * rank.sqrt().sqrt());
        let mut ro = read_only_verb(name);
        if flags.contains('R') {
            ro = true;
        }
        if flags.contains('W') {
            ro = false;
        }
        out.push(Entry {
            svc: svc_index(svc),
            name,
            ro,
            data: flags.contains('D'),
            svc_only: flags.contains('S'),
            sensitive: flags.contains('X'),
            weight: w as u64,
        });
    }
    out
}

fn find_entry(cat: &[Entry], svc: &str, name: &str) -> usize {
    cat.iter()
        .position(|e| SVCS[e.svc].id == svc && e.name == name)
        .unwrap_or_else(|| panic!("no catalog entry {svc} {name}"))
}

// ---------------------------------------------------------------------------------------------
// Behaviour profiles: which events a principal calls, and how much it writes.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Prof {
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
const N_PROF: usize = 16;

struct ProfDef {
    /// Allowed services (empty: all).
    svcs: &'static [&'static str],
    /// Allowed `svc:Name` entries (empty: all of the services).
    names: &'static [&'static str],
    reads_only: bool,
    data: bool,
    /// Weight multiplier of writes, in percent of reads.
    write_pct: u64,
    /// Extra multipliers (percent) by service.
    boost: &'static [(&'static str, u64)],
    /// Multiplier (percent) of sensitive (X) entries.
    sensitive_pct: u64,
}

const APP_SVCS: &[&str] = &[
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

fn prof_def(p: Prof) -> ProfDef {
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
const HEAVY: &[(&str, &str, u64)] = &[
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
struct Table {
    cum: Vec<u64>,
    entry: Vec<u16>,
}

impl Table {
    fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.cum.last().unwrap();
        let r = rng.below(total);
        let i = self.cum.partition_point(|&c| c <= r);
        self.entry[i] as usize
    }
}

fn build_table(cat: &[Entry], p: Prof, global_region: bool) -> Table {
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

// ---------------------------------------------------------------------------------------------
// Population: accounts, resources, users, roles, "lanes" (a principal doing work: an EC2
// instance profile, a Lambda function, an SSO user, a long-term access key, ...) and the
// sessions each lane obtains over time.

const ORGS: &[&str] = &[
    "acme-corp",
    "globex",
    "initech",
    "umbrella-labs",
    "hooli",
    "vandelay",
    "wonka-ind",
    "cyberdyne",
    "tyrell",
    "soylent",
];
const ENVS: &[&str] = &[
    "prod",
    "staging",
    "security",
    "dev",
    "sandbox",
    "data",
    "shared",
    "log-archive",
];
const FIRST: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin", "zoe",
    "liam", "noah", "emma", "ava", "mateo", "sofia", "hiro", "aiko", "priya", "arjun", "fatima",
    "omar", "chen", "wei", "lucas", "marta", "jonas", "elena", "pierre",
];
const LAST: &[&str] = &[
    "nguyen", "smith", "garcia", "mueller", "rossi", "kim", "patel", "tanaka", "silva", "johnson",
    "dubois", "kowalski", "novak", "ahmed", "lopez", "brown", "wilson", "martin", "chen",
    "ivanova", "okafor", "haddad", "larsen", "moreau",
];
const APPS: &[&str] = &[
    "orders",
    "payments",
    "catalog",
    "search",
    "auth",
    "notifications",
    "reporting",
    "ingest",
    "billing",
    "inventory",
    "users",
    "analytics",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LK {
    UserKey,
    Console,
    SessionToken,
    Federation,
    Ec2,
    Lambda,
    Ecs,
    Eks,
    GitHub,
    Chain,
    HumanAssume,
    Sso,
    Saml,
    Root,
    CrossAccount,
    Service,
    ServiceEvent,
    AttackKey,
    AttackBackdoor,
    AttackAssume,
    BruteForce,
}

impl LK {
    fn is_role(self) -> bool {
        matches!(
            self,
            LK::Ec2
                | LK::Lambda
                | LK::Ecs
                | LK::Eks
                | LK::GitHub
                | LK::Chain
                | LK::HumanAssume
                | LK::Sso
                | LK::Saml
                | LK::AttackAssume
        )
    }
}

#[derive(Clone)]
enum Ua {
    Fixed(String),
    /// aws-cli v2: `md/command#svc.op` appended.
    Cli(String),
    /// aws-sdk-go-v2 (also Terraform): `api/svc#ver` appended.
    Go(String),
    /// aws-sdk-js v3: prefix, `api/svc#ver`, suffix.
    Js(String, String, String),
    /// Console session: "AWS Internal", the browser, or the console's Java SDK.
    Console(String),
}

struct Acct {
    id: String,
    /// 8 characters shared by the account's key and principal ids (like real ones).
    tok: String,
    env: &'static str,
    org: &'static str,
    /// Resource names by service index.
    pool: Vec<Vec<String>>,
    instances: Vec<String>,
    amis: Vec<String>,
    sgs: Vec<String>,
    subnets: Vec<String>,
    vpc: String,
    volumes: Vec<String>,
    snapshots: Vec<String>,
    ecs_services: Vec<String>,
    glue_dbs: Vec<String>,
    zones: Vec<String>,
    oidc_eks: String,
    sso_hex: String,
    saml_idp: String,
    vpce: Vec<String>,
}

struct User {
    acct: usize,
    name: String,
    aid: String,
    keys: Vec<String>,
    mfa: bool,
}

struct Role {
    acct: usize,
    name: String,
    path: String,
    rid: String,
}

struct Lane {
    kind: LK,
    acct: usize,
    user: usize,
    role: usize,
    issuer: usize,
    prof: Prof,
    weight: u64,
    region_w: Vec<u64>,
    home: usize,
    ips: Vec<String>,
    private_ip: Option<String>,
    vpce: Option<String>,
    ua: Ua,
    /// Instance id, function name, e-mail, OIDC subject, external principal, ...
    label: String,
    period: i64,
    dur: i64,
    active: (i64, i64),
    err_pct: u64,
    mfa: bool,
    console: bool,
    sessions: Vec<u32>,
}

struct Session {
    lane: u32,
    akid: String,
    name: String,
    creation: i64,
    expiry: i64,
    issuer_sess: u32,
    /// Index into the lane's IPs used for the whole session (u32::MAX: any).
    ip: u32,
    seed: u64,
}

const NONE: usize = usize::MAX;
const NO32: u32 = u32::MAX;

fn isp_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[
        24, 50, 64, 66, 68, 71, 73, 76, 81, 82, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 98, 99,
        107, 108, 109, 151, 173, 174, 176, 178, 184, 188, 195, 203, 212, 213, 217,
    ];
    format!(
        "{}.{}.{}.{}",
        rng.pick(FIRST_OCTETS),
        rng.range(1, 254),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn aws_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[3, 13, 18, 34, 35, 44, 52, 54];
    format!(
        "{}.{}.{}.{}",
        rng.pick(FIRST_OCTETS),
        rng.range(1, 254),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn azure_ip(rng: &mut Rng) -> String {
    const FIRST_OCTETS: &[u8] = &[4, 13, 20, 40, 52, 104];
    format!(
        "{}.{}.{}.{}",
        rng.pick(FIRST_OCTETS),
        rng.range(1, 254),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn private_ip(rng: &mut Rng) -> String {
    format!(
        "10.{}.{}.{}",
        rng.range(0, 255),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn ipv6(rng: &mut Rng, prefix: &str) -> String {
    let mut s = String::from(prefix);
    let groups = 8 - prefix.matches(':').count();
    for i in 0..groups {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{:x}", rng.range(1, 0xffff));
    }
    s
}

fn human_ips(rng: &mut Rng, office: &[String]) -> Vec<String> {
    let mut v = vec![isp_ip(rng)];
    if rng.pct(40) {
        v.push(isp_ip(rng));
    }
    if rng.pct(30) {
        let p = *rng.pick(&["2601:", "2a02:", "2003:", "2600:1700:", "2a01:cb00:"]);
        v.push(ipv6(rng, p));
    }
    v.push(office[rng.idx(office.len())].clone());
    v.push(office[rng.idx(office.len())].clone());
    v
}

fn key_id(rng: &mut Rng, prefix: &str, tok: &str) -> String {
    let mut s = String::with_capacity(20);
    s.push_str(prefix);
    s.push_str(tok);
    for _ in 0..8 {
        s.push(KEY_CHARS[rng.idx(KEY_CHARS.len())] as char);
    }
    s
}

fn principal_id(rng: &mut Rng, prefix: &str, tok: &str) -> String {
    let mut s = key_id(rng, prefix, tok);
    s.push(KEY_CHARS[rng.idx(KEY_CHARS.len())] as char);
    s
}

fn hexs(rng: &mut Rng, n: usize) -> String {
    rand_str(rng, HEX, n)
}

fn cli_ua(rng: &mut Rng, os: &str) -> Ua {
    let minor = rng.range(15, 22);
    let patch = rng.range(0, 40);
    let py = *rng.pick(&["3.11.8", "3.12.6", "3.11.9", "3.12.7"]);
    let (osmd, inst) = match os {
        "mac" => (
            format!(
                "os/macos#{}.{}.0 md/arch#arm64",
                rng.range(23, 24),
                rng.range(0, 6)
            ),
            "md/installer#source",
        ),
        "win" => (
            "os/windows#10 md/arch#amd64".to_string(),
            "md/installer#exe",
        ),
        "kali" => (
            "os/linux#6.6.9-kali1-amd64 md/arch#x86_64".to_string(),
            "md/installer#exe md/distrib#kali.2024",
        ),
        _ => (
            format!(
                "os/linux#{} md/arch#x86_64",
                rng.pick(&[
                    "5.15.0-1064-aws",
                    "6.8.0-1016-aws",
                    "6.5.0-1022-azure",
                    "6.1.112-122.189.amzn2023.x86_64"
                ])
            ),
            "md/installer#exe md/distrib#ubuntu.22",
        ),
    };
    Ua::Cli(format!(
        "aws-cli/2.{minor}.{patch} md/awscrt#0.{}.{} ua/2.0 {osmd} lang/python#{py} md/pyimpl#CPython cfg/retry-mode#standard {inst} md/prompt#off",
        rng.range(19, 22),
        rng.range(0, 12)
    ))
}

fn boto3_ua(rng: &mut Rng, lambda: bool) -> Ua {
    let v = rng.range(28, 35);
    let p = rng.range(0, 90);
    let env = if lambda {
        " exec-env/AWS_Lambda_python3.12"
    } else {
        ""
    };
    Ua::Fixed(format!(
        "Boto3/1.{v}.{p} md/Botocore#1.{v}.{p} ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython{env} cfg/retry-mode#legacy Botocore/1.{v}.{p}"
    ))
}

fn go_ua(rng: &mut Rng) -> Ua {
    Ua::Go(format!(
        "aws-sdk-go-v2/1.{}.{} ua/2.1 os/linux lang/go#1.23.{} md/GOOS#linux md/GOARCH#amd64",
        rng.range(30, 32),
        rng.range(0, 9),
        rng.range(1, 4)
    ))
}

fn terraform_ua(rng: &mut Rng) -> Ua {
    Ua::Go(format!(
        "APN/1.0 HashiCorp/1.0 Terraform/1.{}.{} (+https://www.terraform.io) terraform-provider-aws/5.{}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.{} ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64",
        rng.range(8, 9),
        rng.range(0, 8),
        rng.range(70, 78),
        rng.range(0, 6)
    ))
}

fn java_ua(rng: &mut Rng) -> Ua {
    Ua::Fixed(format!(
        "aws-sdk-java/2.{}.{} Linux/5.10.227-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy cfg/auth-source#imds",
        rng.range(25, 29),
        rng.range(10, 60)
    ))
}

fn js_ua(rng: &mut Rng, lambda: bool) -> Ua {
    let v = format!("3.{}.0", rng.range(600, 700));
    let env = if lambda {
        " exec-env/AWS_Lambda_nodejs20.x"
    } else {
        ""
    };
    Ua::Js(
        format!(
            "aws-sdk-js/{v} ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0"
        ),
        v,
        env.to_string(),
    )
}

fn browser(rng: &mut Rng) -> String {
    let chrome = rng.range(128, 131);
    rng.pick(&[
        format!("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36"),
        format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.0.0"),
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0".to_string(),
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0".to_string(),
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15".to_string(),
    ])
    .clone()
}

fn kebab(name: &str) -> String {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == 'v');
    let base = if base.len() < 4 { name } else { base };
    let mut s = String::with_capacity(base.len() + 4);
    let b = base.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && !b[i - 1].is_ascii_uppercase();
            let next_lower = i + 1 < b.len() && b[i + 1].is_ascii_lowercase();
            if i > 0 && (prev_lower || next_lower) {
                s.push('-');
            }
            s.push(c.to_ascii_lowercase() as char);
        } else {
            s.push(c as char);
        }
    }
    s
}

/// IAM action name of an event name (`ListFunctions20150331` → `ListFunctions`).
fn action_name(name: &str) -> &str {
    match name
        .find("2015")
        .or_else(|| name.find("2016"))
        .or_else(|| name.find("2017"))
        .or_else(|| name.find("2018"))
    {
        Some(i) => &name[..i],
        None => name,
    }
}

fn svc_version(svc: &str) -> String {
    let h = hash_str(svc);
    format!("1.{}.{}", 20 + h % 180, (h >> 20) % 10)
}

fn make_pools(rng: &mut Rng, env: &'static str, org: &str, acct_id: &str) -> Vec<Vec<String>> {
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

fn make_acct(rng: &mut Rng, i: usize, org: &'static str) -> Acct {
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

// ---------------------------------------------------------------------------------------------
// The plan: files (stream, window, record count), sessions and the events that issue them.

#[derive(Clone, Copy, Debug)]
enum Special {
    /// The event that issues this session's credentials (AssumeRole, ConsoleLogin, ...).
    Issue(u32),
    /// Attack story: the leaked key creates the backdoor user...
    CreateUser(u32),
    /// ...and gives it AdministratorAccess.
    AttachPolicy(u32),
}

struct FilePlan {
    stream: u32,
    window: u32,
    n: u32,
    /// Previous file of the same stream (duplicates come from there).
    prev: u32,
    suffix: String,
    specials: Vec<(u32, Special)>,
    /// Active (lane, session) pairs and cumulative weights.
    actors: Vec<(u32, u32)>,
    cum: Vec<u64>,
}

struct Stream {
    acct: usize,
    region: usize,
    files: Vec<u32>,
}

struct Gen {
    seed: u64,
    start: i64,
    win: i64,
    end: i64,
    error_rate: f64,
    jsonl: bool,
    trail: String,
    bucket: String,
    global: usize,
    regions: Vec<String>,
    accts: Vec<Acct>,
    users: Vec<User>,
    roles: Vec<Role>,
    lanes: Vec<Lane>,
    sessions: Vec<Session>,
    files: Vec<FilePlan>,
    streams: Vec<Stream>,
    catalog: Vec<Entry>,
    tables: Vec<Table>,
    ext_accts: Vec<String>,
    /// Fingerprint of the (fake) digest signing key per region.
    fingerprints: Vec<String>,
}

const DIURNAL: [u64; 24] = [
    40, 35, 30, 28, 27, 28, 32, 40, 55, 70, 80, 88, 95, 100, 100, 98, 95, 92, 88, 80, 70, 60, 52,
    45,
];

fn region_weight(i: usize) -> u64 {
    [100, 45, 30, 18, 10, 7].get(i).copied().unwrap_or(5)
}

#[derive(Clone, Copy)]
enum Aff {
    Workload,
    Scanner,
    Human,
    All,
    GlobalOnly,
    Attack,
}

impl Gen {
    fn ws(&self, f: &FilePlan) -> i64 {
        self.start + f.window as i64 * self.win
    }

    fn slot_time(&self, f: &FilePlan, k: u32) -> i64 {
        self.ws(f) + ((2 * k as i64 + 1) * self.win) / (2 * f.n as i64)
    }

    fn hour_weight(&self, t: i64) -> u64 {
        DIURNAL[civil(t).3 as usize]
    }

    fn build(args: &Args) -> Result<Gen, String> {
        let start = chrono::DateTime::parse_from_rfc3339(&args.start)
            .map_err(|e| format!("--start {}: {e}", args.start))?
            .timestamp();
        if args.regions.is_empty() || args.accounts == 0 || args.minutes_per_file == 0 {
            return Err("need at least one region, one account and one minute per file".into());
        }
        let seed = args.seed;
        let mut rng = Rng::of(&[seed, 0x504F_5055]);
        let org = ORGS[rng.idx(ORGS.len())];
        let accts: Vec<Acct> = (0..args.accounts)
            .map(|i| make_acct(&mut rng, i, org))
            .collect();
        let global = args
            .regions
            .iter()
            .position(|r| r == "us-east-1")
            .unwrap_or(0);
        let catalog = parse_catalog();
        let mut tables = Vec::with_capacity(N_PROF * 2);
        for p in 0..N_PROF {
            let prof: Prof = prof_of(p);
            tables.push(build_table(&catalog, prof, false));
            tables.push(build_table(&catalog, prof, true));
        }
        let fingerprints = args.regions.iter().map(|_| hexs(&mut rng, 32)).collect();
        let ext_accts = (0..4)
            .map(|_| {
                format!(
                    "{}{}",
                    rng.range(1, 9),
                    rand_str(&mut rng, b"0123456789", 11)
                )
            })
            .collect();
        let bucket = format!("aws-cloudtrail-logs-{}-{}", accts[0].id, hexs(&mut rng, 8));
        let mut g = Gen {
            seed,
            start,
            win: args.minutes_per_file as i64 * 60,
            end: start,
            error_rate: args.error_rate,
            jsonl: args.jsonl,
            trail: args.trail.clone(),
            bucket,
            global,
            regions: args.regions.clone(),
            accts,
            users: Vec::new(),
            roles: Vec::new(),
            lanes: Vec::new(),
            sessions: Vec::new(),
            files: Vec::new(),
            streams: Vec::new(),
            catalog,
            tables,
            ext_accts,
            fingerprints,
        };
        g.plan_files(args.events, &mut Rng::of(&[seed, 0x4649_4C45]));
        g.build_lanes(&mut Rng::of(&[seed, 0x4C41_4E45]));
        g.plan_sessions(&mut Rng::of(&[seed, 0x5345_5353]));
        g.plan_actors();
        Ok(g)
    }

    fn plan_files(&mut self, events: u64, rng: &mut Rng) {
        let nr = self.regions.len();
        let na = self.accts.len();
        let n_files = ((events + 108) / 217).max(1);
        let mut weights = Vec::new();
        for a in 0..na {
            for r in 0..nr {
                weights.push((100 / (a as u64 + 1)) * region_weight(r));
                self.streams.push(Stream {
                    acct: a,
                    region: r,
                    files: Vec::new(),
                });
            }
        }
        // Files per stream, by largest remainder.
        let wsum: u64 = weights.iter().sum();
        let mut per: Vec<u64> = weights.iter().map(|w| n_files * w / wsum).collect();
        let mut rem: Vec<(u64, usize)> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (n_files * w % wsum, i))
            .collect();
        rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = n_files - per.iter().sum::<u64>();
        for &(_, i) in rem.iter().take(missing as usize) {
            per[i] += 1;
        }
        // Span: the busiest stream delivers ~1.8 files per window on average.
        let max_per = *per.iter().max().unwrap();
        let windows = ((max_per * 10).div_ceil(18)).max(1);
        self.end = self.start + windows as i64 * self.win;
        let mut cum = Vec::with_capacity(windows as usize);
        let mut acc = 0u64;
        for w in 0..windows {
            acc += self.hour_weight(self.start + w as i64 * self.win);
            cum.push(acc);
        }
        let total = acc;
        let wmax = *weights.iter().max().unwrap();
        let mut raw: Vec<(u32, u32, u64, u64)> = Vec::new(); // window, stream, tiebreak, weight
        for (s, &n) in per.iter().enumerate() {
            let step = total / n.max(1);
            for j in 0..n {
                let mut target = (2 * j + 1) * total / (2 * n);
                target = (target + rng.below(step.max(1))).saturating_sub(step / 2);
                let target = target.min(total - 1);
                let w = cum.partition_point(|&c| c <= target) as u32;
                let hw = self.hour_weight(self.start + w as i64 * self.win);
                let u1 = rng.below(100);
                let u2 = rng.below(100);
                let base = 20 + rng.below(100) + u1 * u2 * 2 / 100 + u1 / 2;
                let fw = base * (50 + hw) * (100 + 400 * weights[s] / wmax);
                raw.push((w, s as u32, rng.next(), fw));
            }
        }
        raw.sort_by_key(|a| (a.0, a.1, a.2));
        // Records per file.
        let fsum: u64 = raw.iter().map(|r| r.3).sum();
        let mut counts: Vec<u64> = raw.iter().map(|r| events * r.3 / fsum).collect();
        let mut rem: Vec<(u64, usize)> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| ((events as u128 * r.3 as u128 % fsum as u128) as u64, i))
            .collect();
        rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = events - counts.iter().sum::<u64>();
        for &(_, i) in rem.iter().take(missing as usize) {
            counts[i] += 1;
        }
        for i in 0..counts.len() {
            if counts[i] == 0 {
                let big = (0..counts.len()).max_by_key(|&j| (counts[j], j)).unwrap();
                if counts[big] > 1 {
                    counts[big] -= 1;
                    counts[i] = 1;
                }
            }
        }
        let mut last: Vec<u32> = vec![NO32; self.streams.len()];
        for (i, r) in raw.iter().enumerate() {
            if counts[i] == 0 {
                continue;
            }
            let idx = self.files.len() as u32;
            self.files.push(FilePlan {
                stream: r.1,
                window: r.0,
                n: counts[i] as u32,
                prev: last[r.1 as usize],
                suffix: rand_str(rng, ALNUM, 16),
                specials: Vec::new(),
                actors: Vec::new(),
                cum: Vec::new(),
            });
            last[r.1 as usize] = idx;
            self.streams[r.1 as usize].files.push(idx);
        }
    }

    fn pick_home(&self, rng: &mut Rng) -> usize {
        let total: u64 = (0..self.regions.len()).map(region_weight).sum();
        let mut r = rng.below(total);
        for i in 0..self.regions.len() {
            let w = region_weight(i);
            if r < w {
                return i;
            }
            r -= w;
        }
        0
    }

    fn region_w(&self, aff: Aff, home: usize) -> Vec<u64> {
        (0..self.regions.len())
            .map(|r| match aff {
                Aff::All => 100,
                Aff::Scanner => {
                    if r == home {
                        100
                    } else {
                        30
                    }
                }
                Aff::GlobalOnly => u64::from(r == self.global) * 100,
                Aff::Attack => {
                    if r == self.global {
                        100
                    } else {
                        60
                    }
                }
                Aff::Workload | Aff::Human => {
                    let (g, o) = if matches!(aff, Aff::Workload) {
                        (10, 2)
                    } else {
                        (40, 12)
                    };
                    if r == home {
                        100
                    } else if r == self.global {
                        g
                    } else {
                        o
                    }
                }
            })
            .collect()
    }

    fn add_role(&mut self, rng: &mut Rng, acct: usize, name: &str, path: &str) -> usize {
        if let Some(i) = self
            .roles
            .iter()
            .position(|r| r.acct == acct && r.name == name)
        {
            return i;
        }
        let tok = self.accts[acct].tok.clone();
        self.roles.push(Role {
            acct,
            name: name.to_string(),
            path: path.to_string(),
            rid: principal_id(rng, "AROA", &tok),
        });
        self.roles.len() - 1
    }

    fn add_user(&mut self, rng: &mut Rng, acct: usize, name: String, keys: usize) -> usize {
        let tok = self.accts[acct].tok.clone();
        let aid = principal_id(rng, "AIDA", &tok);
        let keys = (0..keys).map(|_| key_id(rng, "AKIA", &tok)).collect();
        let mfa = rng.pct(80);
        self.users.push(User {
            acct,
            name,
            aid,
            keys,
            mfa,
        });
        self.users.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn lane(
        &self,
        kind: LK,
        acct: usize,
        prof: Prof,
        weight: u64,
        aff: Aff,
        home: usize,
        ips: Vec<String>,
        ua: Ua,
    ) -> Lane {
        Lane {
            kind,
            acct,
            user: NONE,
            role: NONE,
            issuer: NONE,
            prof,
            weight,
            region_w: self.region_w(aff, home),
            home,
            ips,
            private_ip: None,
            vpce: None,
            ua,
            label: String::new(),
            period: 3600,
            dur: 3600,
            active: (i64::MIN / 4, i64::MAX / 4),
            err_pct: 100,
            mfa: false,
            console: false,
            sessions: Vec::new(),
        }
    }

    fn build_lanes(&mut self, rng: &mut Rng) {
        let na = self.accts.len();
        let office: Vec<String> = (0..3).map(|_| isp_ip(rng)).collect();
        let mut used_names: Vec<String> = Vec::new();
        let mut person = |rng: &mut Rng| -> (String, String) {
            loop {
                let f = *rng.pick(FIRST);
                let l = *rng.pick(LAST);
                let n = format!("{f}.{l}");
                if !used_names.contains(&n) {
                    used_names.push(n.clone());
                    return (f.to_string(), l.to_string());
                }
            }
        };
        let span = self.end - self.start;
        let attack_start = self.start + span * 55 / 100;
        let attack_len = (span * 30 / 100).clamp(600, 4 * 3600);
        let attack_end = attack_start + attack_len;
        let attackers: Vec<String> = [
            "185.220.101",
            "185.220.100",
            "45.155.205",
            "193.142.146",
            "89.248.165",
        ]
        .iter()
        .map(|p| format!("{p}.{}", rng.range(2, 254)))
        .collect();
        let mut github0 = NONE;
        let mut human_keys0: Vec<usize> = Vec::new();
        let mut legacy0 = NONE;
        let mut sftp0 = NONE;
        for a in 0..na {
            let big = a == 0;
            let env = self.accts[a].env;
            let org = self.accts[a].org;
            let domain = format!("{org}.com");
            // Human IAM users.
            let mut human_key_lanes = Vec::new();
            for _ in 0..if big { 16 } else { 7 } {
                let (f, l) = person(rng);
                let name = match rng.below(3) {
                    0 => format!("{f}.{l}"),
                    1 => format!("{}{l}", &f[..1]),
                    _ => format!("{f}.{l}@{domain}"),
                };
                let ips = human_ips(rng, &office);
                let nkeys = if rng.pct(60) {
                    1 + usize::from(rng.pct(20))
                } else {
                    0
                };
                let u = self.add_user(rng, a, name, nkeys);
                let home = self.pick_home(rng);
                let os = *rng.pick(&["mac", "mac", "linux", "win"]);
                for k in 0..nkeys {
                    let prof = *rng.pick(&[Prof::Admin, Prof::ReadOnly, Prof::Data, Prof::Admin]);
                    let mut l = self.lane(
                        LK::UserKey,
                        a,
                        prof,
                        25,
                        Aff::Human,
                        home,
                        ips.clone(),
                        cli_ua(rng, os),
                    );
                    l.user = u;
                    l.label = self.users[u].keys[k].clone();
                    human_key_lanes.push(self.lanes.len());
                    self.lanes.push(l);
                }
                if rng.pct(70) {
                    let mut l = self.lane(
                        LK::Console,
                        a,
                        Prof::Console,
                        60,
                        Aff::Human,
                        home,
                        ips.clone(),
                        Ua::Console(browser(rng)),
                    );
                    l.user = u;
                    l.period = 9 * 3600;
                    l.dur = 12 * 3600;
                    l.mfa = self.users[u].mfa;
                    l.console = true;
                    self.lanes.push(l);
                }
            }
            if big {
                human_keys0 = human_key_lanes.clone();
            }
            // Service users (long-term keys).
            let services: &[(&str, Prof, u64, u8)] = &[
                ("terraform", Prof::Terraform, 70, 0),
                ("ci-deploy", Prof::Ci, 80, 1),
                ("backup-agent", Prof::Backup, 50, 2),
                ("datadog-integration", Prof::Monitoring, 120, 3),
                ("legacy-app", Prof::App, 50, 4),
                ("s3-uploader", Prof::Data, 40, 5),
                ("jenkins", Prof::Ci, 40, 6),
                ("grafana-cloudwatch", Prof::Monitoring, 60, 7),
                ("snowflake-loader", Prof::Data, 40, 8),
                ("sftp-transfer", Prof::App, 30, 5),
            ];
            for &(name, prof, w, uak) in services.iter().take(if big { 10 } else { 5 }) {
                let ips: Vec<String> = match uak {
                    0 => (0..12).map(|_| azure_ip(rng)).collect(),
                    6 => vec![office[0].clone()],
                    _ => (0..2).map(|_| aws_ip(rng)).collect(),
                };
                let u = self.add_user(rng, a, name.to_string(), 1);
                let ua = match uak {
                    0 => terraform_ua(rng),
                    1 => cli_ua(rng, "linux"),
                    2 | 3 => go_ua(rng),
                    4 => Ua::Fixed("aws-sdk-java/1.11.1034 Linux/4.14.355-196.647.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b07 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/legacy".into()),
                    5 => boto3_ua(rng, false),
                    6 => Ua::Fixed(format!("aws-cli/1.33.{} Python/3.9.16 Linux/5.15.0-1058-aws botocore/1.34.{}", rng.range(1, 40), rng.range(1, 99))),
                    7 => Ua::Fixed("aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)".into()),
                    _ => java_ua(rng),
                };
                let home = self.pick_home(rng);
                let aff = if uak == 3 {
                    Aff::Scanner
                } else {
                    Aff::Workload
                };
                let mut l = self.lane(LK::UserKey, a, prof, w, aff, home, ips, ua);
                l.user = u;
                l.label = self.users[u].keys[0].clone();
                if big && name == "legacy-app" {
                    legacy0 = u;
                }
                if big && name == "sftp-transfer" {
                    sftp0 = self.lanes.len();
                }
                self.lanes.push(l);
            }
            // EC2 instance profiles.
            for i in 0..if big { 6 } else { 3 } {
                let rname = [
                    "app-server-role",
                    "worker-node-role",
                    "bastion-role",
                    "batch-role",
                    "web-role",
                    "ml-training-role",
                ][i];
                let role = self.add_role(rng, a, rname, "/");
                let home = self.pick_home(rng);
                let ua = match rng.below(4) {
                    0 => java_ua(rng),
                    1 => boto3_ua(rng, false),
                    2 => go_ua(rng),
                    _ => js_ua(rng, false),
                };
                let prof = if i == 2 { Prof::Admin } else { Prof::App };
                let mut l = self.lane(
                    LK::Ec2,
                    a,
                    prof,
                    if i == 2 { 40 } else { 300 },
                    Aff::Workload,
                    home,
                    vec![aws_ip(rng)],
                    ua,
                );
                l.role = role;
                l.label = self.accts[a].instances[i].clone();
                if rng.pct(50) {
                    l.private_ip = Some(private_ip(rng));
                    l.vpce = Some(self.accts[a].vpce[rng.idx(3)].clone());
                } else if rng.pct(35) {
                    // Dual-stack subnet: calls leave over IPv6 (per-region AWS prefixes).
                    const V6: &[&str] = &[
                        "2600:1f18:",
                        "2600:1f14:",
                        "2a05:d018:",
                        "2a05:d014:",
                        "2406:da1c:",
                        "2406:da14:",
                    ];
                    l.ips = vec![ipv6(rng, V6[home % V6.len()])];
                }
                l.period = 3600;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // Lambda functions.
            let fns = self.accts[a].pool[svc_index("lambda")].clone();
            for f in fns.iter().take(if big { 6 } else { 3 }) {
                let role = self.add_role(rng, a, &format!("{f}-role"), "/service-role/");
                let home = self.pick_home(rng);
                let ua = if rng.pct(50) {
                    boto3_ua(rng, true)
                } else {
                    js_ua(rng, true)
                };
                let ips = (0..6).map(|_| aws_ip(rng)).collect();
                let mut l = self.lane(
                    LK::Lambda,
                    a,
                    Prof::LambdaFn,
                    200,
                    Aff::Workload,
                    home,
                    ips,
                    ua,
                );
                l.role = role;
                l.label = f.clone();
                l.period = 9000;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // ECS task roles.
            for app in APPS.iter().take(if big { 2 } else { 1 }) {
                let role = self.add_role(rng, a, &format!("ecs-task-{app}-role"), "/");
                let home = self.pick_home(rng);
                let ua = if rng.pct(50) {
                    java_ua(rng)
                } else {
                    go_ua(rng)
                };
                let mut l = self.lane(
                    LK::Ecs,
                    a,
                    Prof::App,
                    250,
                    Aff::Workload,
                    home,
                    vec![aws_ip(rng)],
                    ua,
                );
                l.role = role;
                l.period = 3 * 3600;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // EKS IRSA (AssumeRoleWithWebIdentity).
            let irsa: &[(&str, &str, Prof)] = &[
                (
                    "eks-external-dns",
                    "system:serviceaccount:kube-system:external-dns",
                    Prof::Eks,
                ),
                (
                    "eks-karpenter",
                    "system:serviceaccount:karpenter:karpenter",
                    Prof::Eks,
                ),
                (
                    "eks-data-pipeline",
                    "system:serviceaccount:data:spark-runner",
                    Prof::Data,
                ),
            ];
            for &(rname, sub, prof) in irsa.iter().take(if big { 3 } else { 1 }) {
                let role = self.add_role(rng, a, rname, "/");
                let home = self.pick_home(rng);
                let ips = vec![aws_ip(rng), aws_ip(rng)];
                let mut l = self.lane(LK::Eks, a, prof, 250, Aff::Workload, home, ips, go_ua(rng));
                l.role = role;
                l.label = sub.to_string();
                l.period = 3000;
                l.dur = 3600;
                self.lanes.push(l);
            }
            // GitHub Actions OIDC.
            let role = self.add_role(rng, a, "github-actions-deploy", "/");
            let home = self.pick_home(rng);
            let ips = (0..40).map(|_| azure_ip(rng)).collect();
            let mut l = self.lane(
                LK::GitHub,
                a,
                Prof::Ci,
                160,
                Aff::Workload,
                home,
                ips,
                cli_ua(rng, "linux"),
            );
            l.role = role;
            l.label = format!("repo:{org}/platform-{env}:ref:refs/heads/main");
            l.period = 7200;
            l.dur = 3600;
            if big {
                github0 = self.lanes.len();
            }
            self.lanes.push(l);
            // Role chaining: GitHub (account 0) → terraform-deploy here.
            let role = self.add_role(rng, a, "terraform-deploy", "/");
            let ips = self.lanes[github0].ips.clone();
            let mut l = self.lane(
                LK::Chain,
                a,
                Prof::Terraform,
                180,
                Aff::Workload,
                home,
                ips,
                terraform_ua(rng),
            );
            l.role = role;
            l.issuer = github0;
            l.dur = 3600;
            self.lanes.push(l);
            // Humans of account 0 assuming an admin role here.
            let rname = if a == 0 {
                "AdminRole"
            } else {
                "OrganizationAccountAccessRole"
            };
            let role = self.add_role(rng, a, rname, "/");
            for _ in 0..if big { 3 } else { 2 } {
                if human_keys0.is_empty() {
                    break;
                }
                let iss = human_keys0[rng.idx(human_keys0.len())];
                let (ips, ua, home, u) = {
                    let il = &self.lanes[iss];
                    (il.ips.clone(), il.ua.clone(), il.home, il.user)
                };
                let mut l = self.lane(
                    LK::HumanAssume,
                    a,
                    Prof::Admin,
                    80,
                    Aff::Human,
                    home,
                    ips,
                    ua,
                );
                l.role = role;
                l.issuer = iss;
                l.user = u;
                l.period = 4 * 3600;
                l.dur = 3600;
                self.lanes.push(l);
            }
            // IAM Identity Center (AWSReservedSSO_*) and Okta SAML.
            let sso_region = self.regions[self.pick_home(rng)].clone();
            let sets: &[(&str, Prof)] = &[
                ("AdministratorAccess", Prof::Admin),
                ("ReadOnlyAccess", Prof::ReadOnly),
                ("PowerUserAccess", Prof::Admin),
                ("DataEngineer", Prof::Data),
            ];
            for i in 0..if big { 5 } else { 3 } {
                let (set, prof) = sets[i % sets.len()];
                let hex = hash_str(&format!("{set}{}", self.accts[a].sso_hex));
                let role = self.add_role(
                    rng,
                    a,
                    &format!("AWSReservedSSO_{set}_{hex:016x}"),
                    &format!("/aws-reserved/sso.amazonaws.com/{sso_region}/"),
                );
                let (f, l2) = person(rng);
                let ips = human_ips(rng, &office);
                let home = self.pick_home(rng);
                let console = rng.pct(60);
                let ua = if console {
                    Ua::Console(browser(rng))
                } else {
                    cli_ua(rng, "mac")
                };
                let mut l = self.lane(LK::Sso, a, prof, 120, Aff::Human, home, ips, ua);
                l.role = role;
                l.label = format!("{f}.{l2}@{domain}");
                l.console = console;
                l.period = 6 * 3600;
                l.dur = 8 * 3600;
                self.lanes.push(l);
            }
            let role = self.add_role(rng, a, "okta-engineers", "/");
            let (f, l2) = person(rng);
            let ips = human_ips(rng, &office);
            let home = self.pick_home(rng);
            let mut l = self.lane(
                LK::Saml,
                a,
                Prof::Admin,
                60,
                Aff::Human,
                home,
                ips,
                Ua::Console(browser(rng)),
            );
            l.role = role;
            l.label = format!("{f}.{l2}@{domain}");
            l.console = true;
            l.period = 8 * 3600;
            l.dur = 4 * 3600;
            self.lanes.push(l);
            // GetSessionToken (MFA) by a human with a key.
            if let Some(&iss) = human_key_lanes.first() {
                let (ips, ua, home, u) = {
                    let il = &self.lanes[iss];
                    (il.ips.clone(), il.ua.clone(), il.home, il.user)
                };
                let mut l = self.lane(
                    LK::SessionToken,
                    a,
                    Prof::Admin,
                    50,
                    Aff::Human,
                    home,
                    ips,
                    ua,
                );
                l.user = u;
                l.issuer = iss;
                l.mfa = true;
                l.period = 12 * 3600;
                l.dur = 12 * 3600;
                self.lanes.push(l);
            }
            // GetFederationToken by the SFTP service user.
            if big && sftp0 != NONE {
                let (ips, ua, home, u) = {
                    let il = &self.lanes[sftp0];
                    (il.ips.clone(), il.ua.clone(), il.home, il.user)
                };
                let mut l = self.lane(
                    LK::Federation,
                    a,
                    Prof::CrossData,
                    40,
                    Aff::Workload,
                    home,
                    ips,
                    ua,
                );
                l.user = u;
                l.issuer = sftp0;
                l.label = format!("partner-upload-{}", rand_str(rng, LOWER_ALNUM, 4));
                l.period = 3600;
                l.dur = 3600;
                self.lanes.push(l);
            }
            // Root (rare console use).
            if big || rng.pct(50) {
                let ips = vec![office[0].clone()];
                let mut l = self.lane(
                    LK::Root,
                    a,
                    Prof::Root,
                    3,
                    Aff::Human,
                    self.global,
                    ips,
                    Ua::Console(browser(rng)),
                );
                l.period = 20 * 3600;
                l.dur = 3600;
                l.mfa = true;
                l.console = true;
                self.lanes.push(l);
            }
            // A vendor account reading our buckets and keys (AWSAccount identity).
            let ext = self.ext_accts[a % self.ext_accts.len()].clone();
            let ips = vec![aws_ip(rng), aws_ip(rng)];
            let ua = boto3_ua(rng, false);
            let mut l = self.lane(
                LK::CrossAccount,
                a,
                Prof::CrossData,
                60,
                Aff::Workload,
                0,
                ips,
                ua,
            );
            let tok = rand_str(rng, KEY_CHARS, 8);
            l.label = format!(
                "{}:{}",
                principal_id(rng, "AROA", &tok),
                ["snowflake-s3-access", "partner-ingest", "analytics-reader"][a % 3]
            );
            l.user = self.ext_accts.iter().position(|x| *x == ext).unwrap();
            self.lanes.push(l);
            // AWS services acting on their own (kms Decrypt by s3, AssumeRole by config, ...).
            let l = self.lane(
                LK::Service,
                a,
                Prof::Service,
                900,
                Aff::All,
                0,
                Vec::new(),
                Ua::Fixed(String::new()),
            );
            self.lanes.push(l);
            let l = self.lane(
                LK::ServiceEvent,
                a,
                Prof::Service,
                60,
                Aff::All,
                0,
                Vec::new(),
                Ua::Fixed(String::new()),
            );
            self.lanes.push(l);
        }
        // The attack: legacy-app's key leaked.
        if legacy0 != NONE {
            let kali = Ua::Fixed(format!(
                "Boto3/1.34.{} md/Botocore#1.34.{} ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.{} Linux/6.6.9-kali1-amd64",
                rng.range(10, 60),
                rng.range(10, 60),
                rng.range(10, 60)
            ));
            let mut l = self.lane(
                LK::AttackKey,
                0,
                Prof::Recon,
                40,
                Aff::Attack,
                self.global,
                attackers[..3].to_vec(),
                kali,
            );
            l.user = legacy0;
            l.active = (attack_start, attack_end);
            l.err_pct = 1200;
            let attack_lane = self.lanes.len();
            self.lanes.push(l);
            let u = self.add_user(rng, 0, "svc-backup-sync".into(), 1);
            let mut l = self.lane(
                LK::AttackBackdoor,
                0,
                Prof::Exfil,
                30,
                Aff::Attack,
                self.global,
                vec![attackers[3].clone(), attackers[1].clone()],
                cli_ua(rng, "kali"),
            );
            l.user = u;
            l.issuer = attack_lane;
            l.active = (attack_start + attack_len / 5, attack_end + 3600);
            l.err_pct = 400;
            let bd_lane = self.lanes.len();
            self.lanes.push(l);
            let a1 = if na > 1 { 1 } else { 0 };
            let rname = if a1 == 0 {
                "AdminRole"
            } else {
                "OrganizationAccountAccessRole"
            };
            let role = self.add_role(rng, a1, rname, "/");
            let mut l = self.lane(
                LK::AttackAssume,
                a1,
                Prof::Exfil,
                30,
                Aff::Attack,
                self.global,
                vec![attackers[3].clone()],
                self.lanes[bd_lane].ua.clone(),
            );
            l.role = role;
            l.issuer = bd_lane;
            l.label = "backup-sync".into();
            l.period = 3000;
            l.dur = 3600;
            l.active = (attack_start + attack_len / 4, attack_end + 3600);
            l.err_pct = 300;
            self.lanes.push(l);
            let mut l = self.lane(
                LK::BruteForce,
                0,
                Prof::Recon,
                50,
                Aff::GlobalOnly,
                self.global,
                attackers[2..].to_vec(),
                Ua::Fixed(
                    "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0".into(),
                ),
            );
            l.active = (attack_start - attack_len / 3, attack_start + attack_len / 6);
            self.lanes.push(l);
        }
    }

    fn add_session(&mut self, lane: usize, rng: &mut Rng, creation: i64, issuer_sess: u32) -> u32 {
        let l = &self.lanes[lane];
        let tok = &self.accts[if l.kind == LK::AttackBackdoor {
            0
        } else {
            l.acct
        }]
        .tok;
        let akid = match l.kind {
            LK::UserKey => l.label.clone(),
            LK::AttackKey => self.users[l.user].keys[0].clone(),
            LK::AttackBackdoor => self.users[l.user].keys[0].clone(),
            LK::CrossAccount | LK::Service | LK::ServiceEvent | LK::BruteForce => String::new(),
            _ => key_id(rng, "ASIA", tok),
        };
        let name = match l.kind {
            LK::Ec2 | LK::Lambda => l.label.clone(),
            LK::Ecs => hexs(rng, 32),
            LK::Eks => {
                if rng.pct(50) {
                    format!(
                        "{}",
                        creation as u64 * 1_000_000_000 + rng.below(1_000_000_000)
                    )
                } else {
                    format!("botocore-session-{creation}")
                }
            }
            LK::GitHub => "GitHubActions".into(),
            LK::Chain => format!("terraform-{}", rng.range(1_000_000, 9_999_999)),
            LK::HumanAssume => {
                let u = &self.users[l.user].name;
                if rng.pct(60) {
                    u.split('@').next().unwrap().to_string()
                } else {
                    format!("botocore-session-{creation}")
                }
            }
            LK::Sso | LK::Saml => l.label.clone(),
            LK::Federation => l.label.clone(),
            LK::AttackAssume => format!("backup-sync-{}", rng.range(100, 999)),
            _ => String::new(),
        };
        let ip = if l.kind == LK::GitHub {
            rng.idx(l.ips.len()) as u32
        } else if l.kind == LK::Chain && issuer_sess != NO32 {
            self.sessions[issuer_sess as usize].ip
        } else {
            NO32
        };
        let expiry = if creation <= i64::MIN / 8 || matches!(l.kind, LK::AttackKey | LK::BruteForce)
        {
            if matches!(l.kind, LK::AttackKey | LK::BruteForce) {
                l.active.1
            } else {
                i64::MAX / 4
            }
        } else if l.kind == LK::AttackBackdoor {
            i64::MAX / 4
        } else {
            creation + l.dur
        };
        let id = self.sessions.len() as u32;
        self.sessions.push(Session {
            lane: lane as u32,
            akid,
            name,
            creation,
            expiry,
            issuer_sess,
            ip,
            seed: rng.next(),
        });
        self.lanes[lane].sessions.push(id);
        id
    }

    /// Finds a file of `stream` at or after `t` and a free slot there whose time is after
    /// `min_time`; `run` consecutive free slots are reserved.
    fn place(
        &mut self,
        stream: usize,
        t: i64,
        min_time: i64,
        run: u32,
        rng: &mut Rng,
    ) -> Option<(u32, u32, i64)> {
        let files = &self.streams[stream].files;
        let mut pos =
            files.partition_point(|&fi| self.ws(&self.files[fi as usize]) + self.win <= t);
        let mut tries = 0;
        while pos < files.len() && tries < 40 {
            // Pick at random among the files of the same window.
            let w = self.files[files[pos] as usize].window;
            let mut end = pos;
            while end < files.len() && self.files[files[end] as usize].window == w {
                end += 1;
            }
            let fi = files[pos + rng.idx(end - pos)] as usize;
            let f = &self.files[fi];
            if f.n >= run {
                for _ in 0..12 {
                    let k = rng.below((f.n - run + 1) as u64) as u32;
                    let free = (k..k + run).all(|s| f.specials.iter().all(|&(x, _)| x != s));
                    let tk = self.slot_time(f, k);
                    if free && tk > min_time {
                        return Some((fi as u32, k, tk));
                    }
                }
            }
            pos = end;
            tries += 1;
        }
        None
    }

    fn issue_stream(&self, lane: &Lane) -> Option<usize> {
        let nr = self.regions.len();
        let region = match lane.kind {
            LK::Console | LK::Sso | LK::Saml | LK::Root | LK::SessionToken | LK::AttackBackdoor => {
                self.global
            }
            _ => lane.home,
        };
        let s = lane.acct * nr + region;
        if !self.streams[s].files.is_empty() {
            return Some(s);
        }
        let s = lane.acct * nr + self.global;
        if !self.streams[s].files.is_empty() {
            return Some(s);
        }
        None
    }

    fn plan_sessions(&mut self, rng: &mut Rng) {
        for li in 0..self.lanes.len() {
            let kind = self.lanes[li].kind;
            match kind {
                LK::UserKey | LK::CrossAccount | LK::Service | LK::ServiceEvent => {
                    self.add_session(li, rng, i64::MIN / 4, NO32);
                }
                LK::AttackKey | LK::BruteForce => {
                    let c = self.lanes[li].active.0;
                    self.add_session(li, rng, c, NO32);
                }
                LK::AttackBackdoor => {
                    let iss_lane = self.lanes[li].issuer;
                    let t = self.lanes[li].active.0;
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    if let Some((fi, k, _)) = self.place(stream, t, t, 3, rng) {
                        let f = &self.files[fi as usize];
                        let c = self.slot_time(f, k + 2);
                        let iss = self.lanes[iss_lane].sessions[0];
                        let s = self.add_session(li, rng, c, iss);
                        let f = &mut self.files[fi as usize];
                        f.specials.push((k, Special::CreateUser(s)));
                        f.specials.push((k + 1, Special::AttachPolicy(s)));
                        f.specials.push((k + 2, Special::Issue(s)));
                    }
                }
                LK::Chain => {
                    let iss_lane = self.lanes[li].issuer;
                    let issuer_sessions = self.lanes[iss_lane].sessions.clone();
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    for s in issuer_sessions {
                        let (ic, ie) = {
                            let x = &self.sessions[s as usize];
                            (x.creation, x.expiry)
                        };
                        if !rng.pct(70) {
                            continue;
                        }
                        if ic < self.start {
                            if ie > self.start {
                                let c0 = ic + rng.range(20, 300) as i64;
                                self.add_session(li, rng, c0, s);
                            }
                            continue;
                        }
                        let t = ic + rng.range(30, 300) as i64;
                        if let Some((fi, k, c)) = self.place(stream, t, ic, 1, rng) {
                            if c < ie - 600 {
                                let id = self.add_session(li, rng, c, s);
                                self.files[fi as usize]
                                    .specials
                                    .push((k, Special::Issue(id)));
                            }
                        }
                    }
                }
                _ => {
                    let (period, active, iss_lane) = {
                        let l = &self.lanes[li];
                        (l.period, l.active, l.issuer)
                    };
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    let jitter = |rng: &mut Rng| period * rng.range(80, 120) as i64 / 100;
                    let mut t;
                    if active.0 < self.start {
                        // A session obtained before the trail starts (no issuing event).
                        t = self.start - rng.below(period as u64) as i64;
                        let iss = if iss_lane != NONE {
                            self.lanes[iss_lane]
                                .sessions
                                .first()
                                .copied()
                                .unwrap_or(NO32)
                        } else {
                            NO32
                        };
                        if kind != LK::AttackAssume {
                            self.add_session(li, rng, t, iss);
                        }
                    } else {
                        t = active.0 - jitter(rng);
                    }
                    loop {
                        t += jitter(rng);
                        if t > active.1 || t >= self.end {
                            break;
                        }
                        let t0 = t.max(active.0);
                        let Some((fi, k, c)) = self.place(stream, t0, t0 - 1, 1, rng) else {
                            break;
                        };
                        t = c;
                        // The issuer must hold a valid session at that time.
                        let iss = if iss_lane != NONE {
                            let il = &self.lanes[iss_lane];
                            match il.sessions.iter().rev().find(|&&s| {
                                self.sessions[s as usize].creation < c
                                    && self.sessions[s as usize].expiry > c
                            }) {
                                Some(&s) => s,
                                None => continue,
                            }
                        } else {
                            NO32
                        };
                        let id = self.add_session(li, rng, c, iss);
                        self.files[fi as usize]
                            .specials
                            .push((k, Special::Issue(id)));
                    }
                }
            }
            let sessions = &self.sessions;
            self.lanes[li]
                .sessions
                .sort_by_key(|&s| (sessions[s as usize].creation, s));
        }
        for f in &mut self.files {
            f.specials.sort_by_key(|s| s.0);
        }
    }

    fn plan_actors(&mut self) {
        let nr = self.regions.len();
        let mut by_acct: Vec<Vec<usize>> = vec![Vec::new(); self.accts.len()];
        for (i, l) in self.lanes.iter().enumerate() {
            by_acct[l.acct].push(i);
        }
        for fi in 0..self.files.len() {
            let (ws, stream) = (self.ws(&self.files[fi]), self.files[fi].stream as usize);
            let we = ws + self.win;
            let (a, r) = (stream / nr, stream % nr);
            let mut actors = Vec::new();
            let mut cum = Vec::new();
            let mut acc = 0u64;
            // AWS services act in proportion to everything else in the file (~12% of calls,
            // ~1% service events), whatever the region.
            let principals: u64 = by_acct[a]
                .iter()
                .map(|&li| &self.lanes[li])
                .filter(|l| !matches!(l.kind, LK::Service | LK::ServiceEvent))
                .map(|l| l.weight * l.region_w[r])
                .sum();
            for &li in &by_acct[a] {
                let l = &self.lanes[li];
                let w = match l.kind {
                    LK::Service => principals * 11 / 100 + 1,
                    LK::ServiceEvent => principals / 80 + 1,
                    _ => l.weight * l.region_w[r],
                };
                if w == 0 {
                    continue;
                }
                let pos = l
                    .sessions
                    .partition_point(|&s| self.sessions[s as usize].creation < ws);
                if pos == 0 {
                    continue;
                }
                let s = l.sessions[pos - 1];
                let sess = &self.sessions[s as usize];
                if sess.expiry < we
                    || (matches!(l.kind, LK::AttackKey | LK::BruteForce) && sess.creation >= we)
                {
                    continue;
                }
                acc += w;
                actors.push((li as u32, s));
                cum.push(acc);
            }
            self.files[fi].actors = actors;
            self.files[fi].cum = cum;
        }
    }
}

fn prof_of(p: usize) -> Prof {
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

// ---------------------------------------------------------------------------------------------
// Events.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Err {
    No,
    Denied,
    Throttle,
    NotFound,
}

/// Per-thread buffers reused across events.
#[derive(Default)]
struct Scratch {
    /// `"requestParameters":...,"responseElements":...[,"additionalEventData":...]`
    body: Vec<u8>,
    /// Elements of `resources`.
    res: Vec<u8>,
    /// Resource name for error messages, and the ARN for AccessDenied messages.
    x: String,
    arn: String,
    /// TLS host header (empty: derived from the service).
    host: String,
    nf: Option<(&'static str, String)>,
    /// Forced values for scripted events.
    force_user: Option<String>,
    force_key: Option<String>,
    /// Session issued by this event (AssumeRole*, GetSessionToken, GetFederationToken).
    issue: u32,
    /// AWS service on whose behalf the call is made (AWSService identity).
    invoked: &'static str,
}

/// What the file writer needs to know about a record.
#[derive(Clone, Copy)]
struct EvInfo {
    t: i64,
    err: bool,
    dup: bool,
}

struct Ctx<'a> {
    g: &'a Gen,
    rng: Rng,
    a: &'a Acct,
    acct: usize,
    region: usize,
    t: i64,
    lane: &'a Lane,
    sess: &'a Session,
    e: &'a Entry,
    err: Err,
}

impl<'a> Ctx<'a> {
    fn r(&self) -> &'a str {
        &self.g.regions[self.region]
    }
    fn aid(&self) -> &'a str {
        &self.a.id
    }
    fn pool(&mut self, svc: &str) -> &'a str {
        let p: &'a Vec<String> = &self.a.pool[svc_index(svc)];
        &p[self.rng.skewed(p.len())]
    }
    fn pick<'b>(&mut self, v: &'b [String]) -> &'b str {
        &v[self.rng.skewed(v.len())]
    }
    fn arn(&self, svc: &str, rest: &str) -> String {
        format!("arn:aws:{svc}:{}:{}:{rest}", self.r(), self.aid())
    }
    fn kms_arn(&mut self) -> String {
        let k = self.pool("kms");
        self.arn("kms", &format!("key/{k}"))
    }
    fn user(&mut self) -> &'a User {
        let acct = self.acct;
        let g = self.g;
        let n = g.users.iter().filter(|u| u.acct == acct).count();
        let i = self.rng.skewed(n.max(1));
        g.users
            .iter()
            .filter(|u| u.acct == acct)
            .nth(i)
            .unwrap_or(&g.users[0])
    }
    fn role(&mut self) -> &'a Role {
        let acct = self.acct;
        let g = self.g;
        let n = g.roles.iter().filter(|r| r.acct == acct).count();
        let i = self.rng.idx(n.max(1));
        g.roles
            .iter()
            .filter(|r| r.acct == acct)
            .nth(i)
            .unwrap_or(&g.roles[0])
    }
    fn policy(&mut self, pretty: bool, admin: bool) -> String {
        let (a, r) = (self.aid(), self.r());
        policy_doc(&mut self.rng, a, r, pretty, admin)
    }
    fn s3key(&mut self, bucket: &str) -> String {
        let (a, r) = (self.aid(), self.r());
        s3_key(&mut self.rng, bucket, self.t, a, r)
    }
    fn ms(&self) -> u64 {
        self.t as u64 * 1000 + self.rng.clone().below(1000)
    }
}

fn role_arn(g: &Gen, r: &Role) -> String {
    format!(
        "arn:aws:iam::{}:role{}{}",
        g.accts[r.acct].id, r.path, r.name
    )
}

fn add_res(res: &mut Vec<u8>, ty: &str, arn: &str, acct: Option<&str>) {
    res.eo();
    if let Some(a) = acct {
        res.ks("accountId", a);
    }
    res.ks("type", ty);
    res.ks("ARN", arn);
    res.c();
}

fn tag_list(o: &mut Vec<u8>, key: &str, rng: &mut Rng, env: &str, kk: &str, vk: &str) {
    o.ka(key);
    let n = rng.range(2, 5);
    let pairs: [(&str, &str); 6] = [
        ("Environment", env),
        (
            "Team",
            ["platform", "data", "payments", "security", "sre"][rng.idx(5)],
        ),
        ("CostCenter", ["cc-1042", "cc-2210", "cc-3307"][rng.idx(3)]),
        ("ManagedBy", ["terraform", "cdk", "console"][rng.idx(3)]),
        (
            "Owner",
            ["équipe-données", "plateforme", "データ基盤", "sre-oncall"][rng.idx(4)],
        ),
        ("Service", APPS[rng.idx(APPS.len())]),
    ];
    for (k, v) in pairs.iter().take(n as usize) {
        o.eo();
        o.ks(kk, k);
        o.ks(vk, v);
        o.c();
    }
    o.ca();
}

fn s3_key(rng: &mut Rng, bucket: &str, t: i64, acct: &str, region: &str) -> String {
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
            APPS[rng.idx(APPS.len())],
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

const MANAGED_POLICIES: &[&str] = &[
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
];

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "s3:DeleteObject",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sns:Publish",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParametersByPath",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "ec2:DescribeInstances",
    "ecr:GetAuthorizationToken",
    "ecr:BatchGetImage",
    "lambda:InvokeFunction",
    "states:StartExecution",
    "cloudwatch:PutMetricData",
    "xray:PutTraceSegments",
];

/// An IAM policy document as the JSON text IAM receives (pretty-printed like the console, or
/// compact like Terraform).
fn policy_doc(rng: &mut Rng, acct: &str, region: &str, pretty: bool, admin: bool) -> String {
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
                v.es(ACTIONS[rng.idx(ACTIONS.len())]);
            }
            v.ca();
            v.ka("Resource");
            for _ in 0..rng.range(1, 4) {
                let r = match rng.below(5) {
                    0 => format!(
                        "arn:aws:s3:::{}-bucket-{}/*",
                        APPS[rng.idx(APPS.len())],
                        rand_str(rng, LOWER_ALNUM, 4)
                    ),
                    1 => format!("arn:aws:kms:{region}:{acct}:key/{}", uuid(rng)),
                    2 => format!(
                        "arn:aws:dynamodb:{region}:{acct}:table/{}",
                        APPS[rng.idx(APPS.len())]
                    ),
                    3 => format!(
                        "arn:aws:sqs:{region}:{acct}:{}-queue",
                        APPS[rng.idx(APPS.len())]
                    ),
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

fn trust_doc(rng: &mut Rng, acct: &str) -> String {
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
fn cfn_template(rng: &mut Rng, env: &str) -> String {
    let mut t = String::with_capacity(4096);
    t.push_str("AWSTemplateFormatVersion: '2010-09-09'\nDescription: \"");
    t.push_str(APPS[rng.idx(APPS.len())]);
    t.push_str(" service stack (managed by CI)\"\nParameters:\n  Environment:\n    Type: String\n    Default: ");
    t.push_str(env);
    t.push_str("\nResources:\n");
    for i in 0..rng.range(3, 25) {
        let app = APPS[rng.idx(APPS.len())];
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

fn url_encode(s: &str) -> String {
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

fn session_token(rng: &mut Rng, long: bool) -> String {
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

const SL_ROLES: &[(&str, &str)] = &[
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

const KMS_CALLERS: &[&str] = &[
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

fn ec2_items(o: &mut Vec<u8>, key: &str, inner: &str, vals: &[&str]) {
    o.ko(key);
    o.ka("items");
    for v in vals {
        o.eo();
        o.ks(inner, v);
        o.c();
    }
    o.ca();
    o.c();
}

fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Request parameters, responses, additional data and resources, by service.

fn null_resp(o: &mut Vec<u8>) {
    o.kr("responseElements", "null");
}

fn write_body(c: &mut Ctx, sc: &mut Scratch) {
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

const S3_OBJECT_OPS: &[&str] = &[
    "GetObject",
    "PutObject",
    "HeadObject",
    "DeleteObject",
    "CopyObject",
    "CreateMultipartUpload",
    "UploadPart",
    "CompleteMultipartUpload",
    "GetObjectAcl",
    "GetObjectTagging",
    "PutObjectTagging",
    "PutObjectAcl",
    "RestoreObject",
    "GetObjectAttributes",
    "SelectObjectContent",
];

fn s3_sub(name: &str) -> String {
    let base = name
        .trim_start_matches("GetBucket")
        .trim_start_matches("PutBucket")
        .trim_start_matches("DeleteBucket");
    match name {
        "GetAccelerateConfiguration" => "accelerate".into(),
        "GetBucketObjectLockConfiguration" => "object-lock".into(),
        _ => lcfirst(base),
    }
}

fn s3_nf(sub: &str) -> (&'static str, &'static str) {
    match sub {
        "policy" | "policyStatus" => ("NoSuchBucketPolicy", "The bucket policy does not exist"),
        "tagging" => ("NoSuchTagSet", "The TagSet does not exist"),
        "cors" => (
            "NoSuchCORSConfiguration",
            "The CORS configuration does not exist",
        ),
        "website" => (
            "NoSuchWebsiteConfiguration",
            "The specified bucket does not have a website configuration",
        ),
        "lifecycle" => (
            "NoSuchLifecycleConfiguration",
            "The lifecycle configuration does not exist",
        ),
        "replication" => (
            "ReplicationConfigurationNotFoundError",
            "The replication configuration was not found",
        ),
        "publicAccessBlock" => (
            "NoSuchPublicAccessBlockConfiguration",
            "The public access block configuration was not found",
        ),
        "object-lock" => (
            "ObjectLockConfigurationNotFoundError",
            "Object Lock configuration does not exist for this bucket",
        ),
        "encryption" => (
            "ServerSideEncryptionConfigurationNotFoundError",
            "The server side encryption configuration was not found",
        ),
        "ownershipControls" => (
            "OwnershipControlsNotFoundError",
            "The bucket ownership controls were not found",
        ),
        _ => ("NoSuchBucket", "The specified bucket does not exist"),
    }
}

fn s3_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let r = c.r();
    let aid = c.aid();
    let b = c.pool("s3");
    let host = format!("{b}.s3.{r}.amazonaws.com");
    let o = &mut sc.body;
    let bucket_arn = format!("arn:aws:s3:::{b}");
    sc.x = b.to_string();
    let (mut bin, mut bout) = (0u64, 0u64);
    let mut sse: Option<&str> = None;
    if name == "ListBuckets" {
        let h = if c.rng.pct(50) {
            "s3.amazonaws.com".to_string()
        } else {
            format!("s3.{r}.amazonaws.com")
        };
        o.ko("requestParameters");
        o.ks("Host", &h);
        o.c();
        null_resp(o);
        sc.host = h;
        sc.x.clear();
        bout = c.rng.range(900, 9000);
    } else if S3_OBJECT_OPS.contains(&name) {
        let key = c.s3key(b);
        sc.arn = format!("arn:aws:s3:::{b}/{key}");
        o.ko("requestParameters");
        o.ks("bucketName", b);
        o.ks("Host", &host);
        o.ks("key", &key);
        if !matches!(c.lane.ua, Ua::Console(_) | Ua::Cli(_))
            && matches!(
                name,
                "GetObject"
                    | "PutObject"
                    | "DeleteObject"
                    | "CopyObject"
                    | "UploadPart"
                    | "CompleteMultipartUpload"
            )
            && c.rng.pct(80)
        {
            o.ks("x-id", name);
        }
        match name {
            "GetObject" if c.rng.pct(10) => o.ks("versionId", &rand_str(&mut c.rng, ALNUM, 32)),
            "PutObject" if c.rng.pct(20) => o.ks("x-amz-acl", "bucket-owner-full-control"),
            "CopyObject" => {
                let k2 = c.s3key(b);
                o.ks("x-amz-copy-source", &format!("{b}/{k2}"));
                o.ks("x-amz-metadata-directive", "COPY");
            }
            "CreateMultipartUpload" => o.ks("uploads", ""),
            "UploadPart" | "CompleteMultipartUpload" => {
                if name == "UploadPart" {
                    o.kn("partNumber", c.rng.range(1, 40));
                }
                o.ks("uploadId", &rand_str(&mut c.rng, B64URL, 64));
            }
            "GetObjectAcl" => o.ks("acl", ""),
            "PutObjectAcl" => {
                o.ks("acl", "");
                o.ks(
                    "x-amz-acl",
                    if c.lane.prof == Prof::Exfil {
                        "public-read"
                    } else {
                        "bucket-owner-full-control"
                    },
                );
            }
            "GetObjectTagging" => o.ks("tagging", ""),
            "PutObjectTagging" => {
                o.ks("tagging", "");
                o.ko("Tagging");
                o.ko("TagSet");
                o.ko("Tag");
                o.ks("Key", "classification");
                o.ks(
                    "Value",
                    ["internal", "confidential", "public"][c.rng.idx(3)],
                );
                o.c();
                o.c();
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.c();
            }
            "RestoreObject" => {
                o.ks("restore", "");
                o.ko("RestoreRequest");
                o.kn("Days", c.rng.range(1, 14));
                o.ko("GlacierJobParameters");
                o.ks("Tier", "Standard");
                o.c();
                o.c();
            }
            "GetObjectAttributes" => {
                o.ks("attributes", "");
                o.ks("x-amz-object-attributes", "ETag,ObjectSize,StorageClass");
            }
            "SelectObjectContent" => {
                o.ks("select", "");
                o.ks("select-type", "2");
                o.ko("SelectObjectContentRequest");
                o.ks("Expression", "SELECT s.\"id\", s.\"status\" FROM S3Object s WHERE s.\"status\" = 'FAILED' LIMIT 100");
                o.ks("ExpressionType", "SQL");
                o.kr(
                    "InputSerialization",
                    "{\"CSV\":{\"FileHeaderInfo\":\"USE\"},\"CompressionType\":\"GZIP\"}",
                );
                o.kr("OutputSerialization", "{\"JSON\":{}}");
                o.c();
            }
            _ => {}
        }
        o.c();
        let writes = matches!(
            name,
            "PutObject"
                | "CopyObject"
                | "CompleteMultipartUpload"
                | "CreateMultipartUpload"
                | "UploadPart"
        );
        if writes && !err {
            o.ko("responseElements");
            if c.rng.pct(60) {
                let k = c.kms_arn();
                o.ks("x-amz-server-side-encryption-aws-kms-key-id", &k);
                o.ks("x-amz-server-side-encryption", "aws:kms");
                o.ks("x-amz-server-side-encryption-bucket-key-enabled", "true");
                sse = Some("SSE_KMS");
            } else {
                o.ks("x-amz-server-side-encryption", "AES256");
                sse = Some("Default_SSE_S3");
            }
            if name == "CreateMultipartUpload" {
                o.ks("uploadId", &rand_str(&mut c.rng, B64URL, 64));
            } else if c.rng.pct(50) {
                o.ks("x-amz-version-id", &rand_str(&mut c.rng, ALNUM, 32));
            }
            if name == "CopyObject" {
                o.ko("CopyObjectResult");
                o.ks("ETag", &format!("\"{}\"", hexs(&mut c.rng, 32)));
                o.k("LastModified");
                o.push(b'"');
                push_iso(o, c.t);
                o.push(b'"');
                o.c();
            }
            o.c();
        } else {
            null_resp(o);
        }
        match name {
            "GetObject" => bout = c.rng.range(200, 40_000_000) >> c.rng.below(12),
            "PutObject" | "UploadPart" => bin = c.rng.range(200, 40_000_000) >> c.rng.below(12),
            "SelectObjectContent" => bout = c.rng.range(100, 100_000),
            _ => {}
        }
        if sse.is_none()
            && matches!(
                name,
                "GetObject" | "HeadObject" | "CopyObject" | "SelectObjectContent"
            )
        {
            sse = Some(if c.rng.pct(60) {
                "SSE_KMS"
            } else {
                "Default_SSE_S3"
            });
        }
        add_res(&mut sc.res, "AWS::S3::Object", &sc.arn, None);
        add_res(&mut sc.res, "AWS::S3::Bucket", &bucket_arn, Some(aid));
    } else if name == "ListObjects" || name == "ListObjectVersions" || name == "DeleteObjects" {
        o.ko("requestParameters");
        o.ks("bucketName", b);
        o.ks("Host", &host);
        if name == "DeleteObjects" {
            o.ks("delete", "");
            o.ko("Delete");
            o.ka("Object");
            for _ in 0..c.rng.range(1, 12) {
                let k = c.s3key(b);
                o.eo();
                o.ks("Key", &k);
                o.c();
            }
            o.ca();
            o.kb("Quiet", true);
            o.c();
        } else {
            if name == "ListObjectVersions" {
                o.ks("versions", "");
            } else {
                o.ks("list-type", "2");
            }
            let prefix = c.s3key(b);
            let cut = prefix.rfind('/').unwrap_or(0);
            o.ks("prefix", &prefix[..cut.min(prefix.len())]);
            o.ks("delimiter", "/");
            o.ks("encoding-type", "url");
            if c.rng.pct(50) {
                o.ks("max-keys", "1000");
            }
        }
        o.c();
        null_resp(o);
        bout = c.rng.range(400, 200_000);
        sc.arn = bucket_arn.clone();
        add_res(&mut sc.res, "AWS::S3::Bucket", &bucket_arn, Some(aid));
    } else {
        // Bucket-level configuration.
        let sub = s3_sub(name);
        if name.starts_with("Get") && c.err == Err::NotFound {
            let (code, msg) = s3_nf(&sub);
            sc.nf = Some((code, msg.to_string()));
        }
        o.ko("requestParameters");
        match name {
            "PutBucketPolicy" => {
                o.ko("bucketPolicy");
                o.ks("Version", "2012-10-17");
                o.ka("Statement");
                let public = c.lane.prof == Prof::Exfil;
                for i in 0..c.rng.range(1, 4) {
                    o.eo();
                    o.ks("Sid", &format!("Stmt{i}"));
                    o.ks("Effect", "Allow");
                    if public && i == 0 {
                        o.ks("Principal", "*");
                    } else {
                        o.ko("Principal");
                        o.ks(
                            "AWS",
                            &format!(
                                "arn:aws:iam::{}:root",
                                c.g.ext_accts[c.rng.idx(c.g.ext_accts.len())]
                            ),
                        );
                        o.c();
                    }
                    o.ka("Action");
                    o.es("s3:GetObject");
                    if c.rng.pct(50) {
                        o.es("s3:ListBucket");
                    }
                    o.ca();
                    o.ka("Resource");
                    o.es(&format!("arn:aws:s3:::{b}/*"));
                    o.es(&bucket_arn);
                    o.ca();
                    o.c();
                }
                o.ca();
                o.c();
            }
            "PutBucketAcl" => {
                o.ko("AccessControlPolicy");
                o.ko("AccessControlList");
                o.ka("Grant");
                o.eo();
                o.ko("Grantee");
                o.ks("xsi:type", "CanonicalUser");
                o.ks("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
                o.ks("ID", &hexs(&mut c.rng, 64));
                o.c();
                o.ks("Permission", "FULL_CONTROL");
                o.c();
                if c.lane.prof == Prof::Exfil {
                    o.eo();
                    o.ko("Grantee");
                    o.ks("xsi:type", "Group");
                    o.ks("URI", "http://acs.amazonaws.com/groups/global/AllUsers");
                    o.c();
                    o.ks("Permission", "READ");
                    o.c();
                }
                o.ca();
                o.c();
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.c();
            }
            "PutBucketPublicAccessBlock" => {
                let v = c.lane.prof != Prof::Exfil;
                o.ko("PublicAccessBlockConfiguration");
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.kb("RestrictPublicBuckets", v);
                o.kb("BlockPublicPolicy", v);
                o.kb("BlockPublicAcls", v);
                o.kb("IgnorePublicAcls", v);
                o.c();
            }
            "PutBucketEncryption" => {
                let k = c.kms_arn();
                o.ko("ServerSideEncryptionConfiguration");
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.ko("Rule");
                o.ko("ApplyServerSideEncryptionByDefault");
                o.ks("SSEAlgorithm", "aws:kms");
                o.ks("KMSMasterKeyID", &k);
                o.c();
                o.kb("BucketKeyEnabled", true);
                o.c();
                o.c();
            }
            "CreateBucket" => {
                o.ko("CreateBucketConfiguration");
                o.ks("LocationConstraint", r);
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.c();
                o.ks("x-amz-object-ownership", "BucketOwnerEnforced");
            }
            "PutBucketVersioning" => {
                o.ko("VersioningConfiguration");
                o.ks("Status", "Enabled");
                o.ks("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                o.c();
            }
            "PutBucketTagging" => {
                o.ko("Tagging");
                o.ko("TagSet");
                let env = c.a.env;
                tag_list(o, "Tag", &mut c.rng, env, "Key", "Value");
                o.c();
                o.c();
            }
            "PutBucketLogging" => {
                o.ko("BucketLoggingStatus");
                o.ko("LoggingEnabled");
                o.ks(
                    "TargetBucket",
                    &format!("{}-{}-access-logs", c.a.org, c.a.env),
                );
                o.ks("TargetPrefix", &format!("{b}/"));
                o.c();
                o.c();
            }
            "PutBucketLifecycle" => {
                o.ko("LifecycleConfiguration");
                o.ko("Rule");
                o.ks("ID", "expire-tmp");
                o.ks("Status", "Enabled");
                o.ko("Filter");
                o.ks("Prefix", "tmp/");
                o.c();
                o.ko("Expiration");
                o.kn("Days", 30);
                o.c();
                o.c();
                o.c();
            }
            _ => {}
        }
        if name != "CreateBucket" {
            o.ks(&sub, "");
        }
        o.ks("bucketName", b);
        o.ks("Host", &host);
        o.c();
        null_resp(o);
        bout = if name.starts_with("Get") {
            c.rng.range(150, 2000)
        } else {
            0
        };
        if name.starts_with("Put") {
            bin = c.rng.range(100, 2000);
        }
        sc.arn = bucket_arn.clone();
        add_res(&mut sc.res, "AWS::S3::Bucket", &bucket_arn, Some(aid));
    }
    let o = &mut sc.body;
    o.ko("additionalEventData");
    o.ks("SignatureVersion", "SigV4");
    o.ks(
        "CipherSuite",
        if c.rng.pct(70) {
            "TLS_AES_128_GCM_SHA256"
        } else {
            "ECDHE-RSA-AES128-GCM-SHA256"
        },
    );
    o.kn("bytesTransferredIn", bin);
    if let Some(s) = sse {
        o.ks("SSEApplied", s);
    }
    o.ks("AuthenticationMethod", "AuthHeader");
    o.k("x-amz-id-2");
    o.push(b'"');
    push_rand(o, &mut c.rng, B64, 74);
    o.extend_from_slice(b"=\"");
    o.kn("bytesTransferredOut", bout);
    o.c();
    if sc.host.is_empty() {
        sc.host = host;
    }
}

fn kms_context(c: &mut Ctx, o: &mut Vec<u8>, caller: &str) {
    o.ko("encryptionContext");
    match caller {
        "s3.amazonaws.com" => {
            let b = c.pool("s3");
            let k = c.s3key(b);
            o.ks("aws:s3:arn", &format!("arn:aws:s3:::{b}/{k}"));
        }
        "secretsmanager.amazonaws.com" => {
            let s = c.pool("secretsmanager");
            o.ks(
                "SecretARN",
                &c.arn("secretsmanager", &format!("secret:{s}")),
            );
            o.ks("SecretVersionId", &uuid(&mut c.rng));
        }
        "ec2.amazonaws.com" => {
            let v = c.pick(&c.a.volumes).to_string();
            o.ks("aws:ebs:id", &v);
        }
        "lambda.amazonaws.com" => {
            let f = c.pool("lambda");
            o.ks(
                "aws:lambda:FunctionArn",
                &c.arn("lambda", &format!("function:{f}")),
            );
        }
        "dynamodb.amazonaws.com" => {
            let t = c.pool("dynamodb");
            o.ks("aws:dynamodb:tableName", t);
            o.ks("aws:dynamodb:subscriberId", c.aid());
        }
        "rds.amazonaws.com" => o.ks(
            "aws:rds:db-id",
            &format!("db-{}", rand_str(&mut c.rng, UPPER_ALNUM, 26)),
        ),
        "logs.amazonaws.com" => {
            let l = c.pool("logs");
            o.ks("aws:logs:arn", &c.arn("logs", &format!("log-group:{l}")));
        }
        "sqs.amazonaws.com" => {
            let q = c.pool("sqs");
            o.ks("aws:sqs:arn", &c.arn("sqs", q));
        }
        "sns.amazonaws.com" => {
            let q = c.pool("sns");
            o.ks("aws:sns:topicArn", &c.arn("sns", q));
        }
        _ => {
            o.ks("app", APPS[c.rng.idx(APPS.len())]);
            o.ks(
                "purpose",
                ["pii", "tokens", "exports", "sessions"][c.rng.idx(4)],
            );
        }
    }
    o.c();
}

fn kms_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let key = c.pool("kms");
    let key_arn = c.arn("kms", &format!("key/{key}"));
    sc.x = key.to_string();
    sc.arn = key_arn.clone();
    let caller = if sc.invoked.is_empty() {
        *c.rng.pick(&[
            "s3.amazonaws.com",
            "secretsmanager.amazonaws.com",
            "lambda.amazonaws.com",
            "",
            "",
            "dynamodb.amazonaws.com",
        ])
    } else {
        sc.invoked
    };
    let o = &mut sc.body;
    o.ko("requestParameters");
    match name {
        "Decrypt"
        | "Encrypt"
        | "GenerateDataKey"
        | "GenerateDataKeyWithoutPlaintext"
        | "ReEncrypt" => {
            if name != "Decrypt" || c.rng.pct(30) {
                if c.rng.pct(50) || name == "Decrypt" {
                    o.ks("keyId", &key_arn);
                } else {
                    o.ks(
                        "keyId",
                        &format!("alias/{}-{}", c.a.env, APPS[c.rng.idx(4)]),
                    );
                }
            }
            if name == "ReEncrypt" {
                o.ks("sourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                o.ks("destinationKeyId", &key_arn);
                o.ks("destinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            } else if name.starts_with("GenerateDataKey") {
                o.ks("keySpec", "AES_256");
            } else {
                o.ks("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
            }
            if caller.is_empty() {
                if c.rng.pct(50) {
                    kms_context(c, o, "app");
                }
            } else {
                kms_context(c, o, caller);
            }
        }
        "Sign" | "Verify" => {
            o.ks("keyId", &key_arn);
            o.ks("messageType", "DIGEST");
            o.ks("signingAlgorithm", "RSASSA_PSS_SHA_256");
        }
        "CreateGrant" => {
            o.ks("keyId", &key_arn);
            o.ks(
                "granteePrincipal",
                &format!("arn:aws:iam::{}:role/app-server-role", c.aid()),
            );
            o.ks("retiringPrincipal", &format!("ec2.{}.amazonaws.com", c.r()));
            o.ka("operations");
            for op in [
                "Decrypt",
                "ReEncryptFrom",
                "ReEncryptTo",
                "GenerateDataKeyWithoutPlaintext",
                "DescribeKey",
                "CreateGrant",
            ] {
                o.es(op);
            }
            o.ca();
            o.ko("constraints");
            o.ko("encryptionContextSubset");
            let v = c.pick(&c.a.volumes).to_string();
            o.ks("aws:ebs:id", &v);
            o.c();
            o.c();
        }
        "PutKeyPolicy" => {
            o.ks("keyId", key);
            o.ks("policyName", "default");
            let p = c.policy(true, c.lane.prof == Prof::Exfil);
            o.ks("policy", &p);
            o.kb("bypassPolicyLockoutSafetyCheck", false);
        }
        "CreateKey" => {
            o.ks("keySpec", "SYMMETRIC_DEFAULT");
            o.ks("keyUsage", "ENCRYPT_DECRYPT");
            o.ks(
                "description",
                &format!("{} data key", APPS[c.rng.idx(APPS.len())]),
            );
            let env = c.a.env;
            tag_list(o, "tags", &mut c.rng, env, "tagKey", "tagValue");
        }
        "ScheduleKeyDeletion" => {
            o.ks("keyId", key);
            o.kn("pendingWindowInDays", 7);
        }
        "CreateAlias" => {
            o.ks(
                "aliasName",
                &format!("alias/{}-{}", c.a.env, APPS[c.rng.idx(APPS.len())]),
            );
            o.ks("targetKeyId", key);
        }
        "ListKeys" | "ListAliases" => o.kn("limit", 100),
        _ => o.ks("keyId", if c.rng.pct(50) { key } else { &key_arn }),
    }
    o.c();
    match (name, err) {
        (_, true) => null_resp(o),
        ("CreateGrant", _) => {
            o.ko("responseElements");
            o.ks("grantId", &hexs(&mut c.rng, 64));
            o.ks("keyId", &key_arn);
            o.c();
        }
        ("ScheduleKeyDeletion", _) => {
            o.ko("responseElements");
            o.ks("keyId", &key_arn);
            o.ks("deletionDate", &human_ts(c.t + 7 * 86_400));
            o.ks("keyState", "PendingDeletion");
            o.kn("pendingWindowInDays", 7);
            o.c();
        }
        ("CreateKey", _) => {
            let id = uuid(&mut c.rng);
            o.ko("responseElements");
            o.ko("keyMetadata");
            o.ks("aWSAccountId", c.aid());
            o.ks("keyId", &id);
            o.ks("arn", &c.arn("kms", &format!("key/{id}")));
            o.ks("creationDate", &human_ts(c.t));
            o.kb("enabled", true);
            o.ks("description", "");
            o.ks("keyUsage", "ENCRYPT_DECRYPT");
            o.ks("keyState", "Enabled");
            o.ks("origin", "AWS_KMS");
            o.ks("keyManager", "CUSTOMER");
            o.ks("customerMasterKeySpec", "SYMMETRIC_DEFAULT");
            o.ks("keySpec", "SYMMETRIC_DEFAULT");
            o.ka("encryptionAlgorithms");
            o.es("SYMMETRIC_DEFAULT");
            o.ca();
            o.kb("multiRegion", false);
            o.c();
            o.c();
        }
        _ => null_resp(o),
    }
    if !matches!(name, "ListKeys" | "ListAliases" | "CreateKey") {
        add_res(&mut sc.res, "AWS::KMS::Key", &key_arn, Some(c.aid()));
    }
}

fn credentials(o: &mut Vec<u8>, rng: &mut Rng, akid: &str, exp: i64, long: bool) {
    o.ko("credentials");
    o.ks("accessKeyId", akid);
    o.ks("sessionToken", &session_token(rng, long));
    o.ks("expiration", &human_ts(exp));
    o.c();
}

fn sts_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let o = &mut sc.body;
    match name {
        "GetCallerIdentity" => {
            o.kr("requestParameters", "null");
            null_resp(o);
        }
        "DecodeAuthorizationMessage" => {
            o.ko("requestParameters");
            o.k("encodedMessage");
            o.push(b'"');
            let n = c.rng.range(500, 1400) as usize;
            push_rand(o, &mut c.rng, B64URL, n);
            o.push(b'"');
            o.c();
            null_resp(o);
        }
        "GetAccessKeyInfo" => {
            o.ko("requestParameters");
            let tok = c.a.tok.clone();
            o.ks("accessKeyId", &key_id(&mut c.rng, "AKIA", &tok));
            o.c();
            null_resp(o);
        }
        _ if sc.issue != NO32 => {
            // Issuing events: AssumeRole*, GetSessionToken, GetFederationToken.
            let g = c.g;
            let s = &g.sessions[sc.issue as usize];
            let l = &g.lanes[s.lane as usize];
            let mut rng = Rng::new(s.seed);
            let acct_id = &g.accts[l.acct].id;
            o.ko("requestParameters");
            let role = if l.role != NONE {
                Some(&g.roles[l.role])
            } else {
                None
            };
            let rarn = role.map(|r| role_arn(g, r)).unwrap_or_default();
            match name {
                "AssumeRole" | "AssumeRoleWithSAML" | "AssumeRoleWithWebIdentity" => {
                    if name == "AssumeRoleWithSAML" {
                        o.ks("sAMLAssertionID", &format!("_{}", hexs(&mut rng, 32)));
                    }
                    o.ks("roleArn", &rarn);
                    o.ks("roleSessionName", &s.name);
                    if name == "AssumeRoleWithSAML" {
                        let p = if l.kind == LK::Sso {
                            format!(
                                "arn:aws:iam::{acct_id}:saml-provider/AWSSSO_{}_DO_NOT_DELETE",
                                g.accts[l.acct].sso_hex
                            )
                        } else {
                            format!("arn:aws:iam::{acct_id}:saml-provider/Okta")
                        };
                        o.ks("principalArn", &p);
                        sc.arn = p;
                    }
                    o.kn("durationSeconds", l.dur as u64);
                    if l.kind == LK::Chain && rng.pct(50) {
                        o.ks("externalId", "terraform-ci");
                    }
                }
                "GetSessionToken" => {
                    o.kn("durationSeconds", l.dur as u64);
                    let u = &g.users[l.user];
                    o.ks(
                        "serialNumber",
                        &format!(
                            "arn:aws:iam::{acct_id}:mfa/{}",
                            u.name.split('@').next().unwrap()
                        ),
                    );
                }
                _ => {
                    o.ks("name", &s.name);
                    o.kn("durationSeconds", l.dur as u64);
                    let p = policy_doc(&mut rng, acct_id, c.r(), false, false);
                    o.ks("policy", &p);
                }
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                credentials(o, &mut rng, &s.akid, s.expiry, name == "AssumeRoleWithSAML");
                if let Some(r) = role {
                    if name == "AssumeRoleWithWebIdentity" {
                        o.ks("subjectFromWebIdentityToken", &l.label);
                    }
                    o.ko("assumedRoleUser");
                    o.ks("assumedRoleId", &format!("{}:{}", r.rid, s.name));
                    o.ks(
                        "arn",
                        &format!("arn:aws:sts::{acct_id}:assumed-role/{}/{}", r.name, s.name),
                    );
                    o.c();
                    if name == "AssumeRoleWithSAML" {
                        o.kn("packedPolicySize", rng.range(3, 9));
                        o.ks("subject", &l.label);
                        o.ks(
                            "subjectType",
                            if l.kind == LK::Sso {
                                "persistent"
                            } else {
                                "unspecified"
                            },
                        );
                        if l.kind == LK::Sso {
                            o.ks(
                                "issuer",
                                &format!(
                                    "https://portal.sso.{}.amazonaws.com/saml/assertion/{}",
                                    g.regions[g.global],
                                    rand_str(&mut rng, B64, 32)
                                ),
                            );
                        } else {
                            o.ks(
                                "issuer",
                                &format!(
                                    "http://www.okta.com/exk{}",
                                    rand_str(&mut rng, ALNUM, 17)
                                ),
                            );
                        }
                        o.ks("audience", "https://signin.aws.amazon.com/saml");
                        o.ks("nameQualifier", &(rand_str(&mut rng, B64, 27) + "="));
                    }
                    if name == "AssumeRoleWithWebIdentity" {
                        o.ks("provider", &oidc_provider(g, l));
                        o.ks("audience", "sts.amazonaws.com");
                    }
                } else if name == "GetFederationToken" {
                    o.ko("federatedUser");
                    o.ks("federatedUserId", &format!("{acct_id}:{}", s.name));
                    o.ks(
                        "arn",
                        &format!("arn:aws:sts::{acct_id}:federated-user/{}", s.name),
                    );
                    o.c();
                    o.kn("packedPolicySize", rng.range(5, 15));
                }
                o.c();
            }
            if name == "AssumeRoleWithWebIdentity" {
                o.kr(
                    "additionalEventData",
                    "{\"identityProviderConnectionVerificationMethod\":\"IAMTrustStore\"}",
                );
            }
            if !rarn.is_empty() {
                add_res(&mut sc.res, "AWS::IAM::Role", &rarn, Some(acct_id));
                sc.x = role.unwrap().name.clone();
            }
            if name == "AssumeRoleWithSAML" {
                let p = sc.arn.clone();
                add_res(&mut sc.res, "AWS::IAM::SAMLProvider", &p, Some(acct_id));
                sc.arn = rarn;
            }
        }
        _ => {
            // AssumeRole of a service-linked role by an AWS service (credentials never used here).
            let (svc, rname) = SL_ROLES
                .iter()
                .find(|(s, _)| *s == sc.invoked)
                .copied()
                .unwrap_or(SL_ROLES[0]);
            let aid = c.aid();
            let rarn = format!("arn:aws:iam::{aid}:role/aws-service-role/{svc}/{rname}");
            let sname = match svc {
                "config.amazonaws.com" => "AWSConfig-Describe".to_string(),
                "inspector2.amazonaws.com" => format!(
                    "MandoService-{}",
                    c.rng
                        .range(1_000_000_000_000_000_000, 9_000_000_000_000_000_000)
                ),
                _ => format!("{}", c.rng.range(1_700_000_000_000, 1_800_000_000_000)),
            };
            let rid = principal_id(&mut Rng::of(&[c.g.seed, hash_str(&rarn)]), "AROA", &c.a.tok);
            o.ko("requestParameters");
            o.ks("roleArn", &rarn);
            o.ks("roleSessionName", &sname);
            if c.rng.pct(50) {
                o.kn("durationSeconds", 3600);
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                let tok = c.a.tok.clone();
                let akid = key_id(&mut c.rng, "ASIA", &tok);
                credentials(o, &mut c.rng, &akid, c.t + 3600, false);
                o.ko("assumedRoleUser");
                o.ks("assumedRoleId", &format!("{rid}:{sname}"));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{aid}:assumed-role/{rname}/{sname}"),
                );
                o.c();
                o.c();
            }
            add_res(&mut sc.res, "AWS::IAM::Role", &rarn, Some(aid));
            sc.arn = rarn;
        }
    }
}

fn oidc_provider(g: &Gen, l: &Lane) -> String {
    let a = &g.accts[l.acct];
    if l.kind == LK::GitHub {
        format!(
            "arn:aws:iam::{}:oidc-provider/token.actions.githubusercontent.com",
            a.id
        )
    } else {
        format!(
            "arn:aws:iam::{}:oidc-provider/oidc.eks.{}.amazonaws.com/id/{}",
            a.id, g.regions[l.home], a.oidc_eks
        )
    }
}

fn iam_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let aid = c.aid();
    let g = c.g;
    let (uname, uid) = match &sc.force_user {
        Some(u) => {
            let user = g.users.iter().find(|x| &x.name == u).unwrap();
            (u.clone(), user.aid.clone())
        }
        None if name == "CreateUser" => {
            let n = format!(
                "{}-{}",
                ["svc", "ci", "app", "tmp"][c.rng.idx(4)],
                APPS[c.rng.idx(APPS.len())]
            );
            (n, principal_id(&mut c.rng, "AIDA", &c.a.tok))
        }
        None => {
            let u = c.user();
            (u.name.clone(), u.aid.clone())
        }
    };
    let role = c.role();
    let rarn = role_arn(g, role);
    let policy_arn = if c.rng.pct(60) {
        MANAGED_POLICIES[c.rng.idx(MANAGED_POLICIES.len())].to_string()
    } else {
        format!(
            "arn:aws:iam::{aid}:policy/{}-{}-policy",
            c.a.env,
            APPS[c.rng.idx(APPS.len())]
        )
    };
    let pretty = matches!(c.lane.ua, Ua::Console(_));
    let o = &mut sc.body;
    let user_op = (name.contains("User") && name != "ListUsers")
        || name.contains("AccessKey")
        || name.contains("LoginProfile")
        || name.contains("MFADevice")
        || name == "ChangePassword";
    let role_op = name.contains("Role") && !matches!(name, "ListRoles" | "CreateServiceLinkedRole");
    let policy_op = matches!(
        name,
        "GetPolicy"
            | "GetPolicyVersion"
            | "CreatePolicyVersion"
            | "DeletePolicy"
            | "ListEntitiesForPolicy"
    );
    let now = human_ts(c.t);
    if user_op {
        sc.x = uname.clone();
        sc.arn = format!("arn:aws:iam::{aid}:user/{uname}");
        sc.nf = Some((
            "NoSuchEntityException",
            format!("The user with name {uname} cannot be found."),
        ));
    } else if role_op {
        sc.x = role.name.clone();
        sc.arn = rarn.clone();
        sc.nf = Some((
            "NoSuchEntityException",
            format!("The role with name {} cannot be found.", role.name),
        ));
    } else if policy_op {
        sc.arn = policy_arn.clone();
        sc.nf = Some((
            "NoSuchEntityException",
            format!("Policy {policy_arn} does not exist or is not attachable."),
        ));
    } else {
        sc.arn = format!("arn:aws:iam::{aid}:user/");
        sc.nf = Some((
            "NoSuchEntityException",
            "The request was rejected because it referenced an entity that does not exist.".into(),
        ));
    }
    match name {
        "ListUsers"
        | "ListRoles"
        | "ListGroups"
        | "ListInstanceProfiles"
        | "ListServerCertificates"
        | "ListOpenIDConnectProviders"
        | "ListSAMLProviders"
        | "ListVirtualMFADevices"
        | "ListAccountAliases"
        | "GetAccountSummary"
        | "GetAccountPasswordPolicy"
        | "GenerateCredentialReport"
        | "GetCredentialReport"
        | "ChangePassword" => {
            if name.starts_with("List") && c.rng.pct(40) {
                o.ko("requestParameters");
                o.kn("maxItems", [100, 1000][c.rng.idx(2)]);
                o.c();
            } else {
                o.kr("requestParameters", "null");
            }
            null_resp(o);
        }
        "ListPolicies" => {
            o.ko("requestParameters");
            o.ks("scope", ["Local", "All", "AWS"][c.rng.idx(3)]);
            o.kb("onlyAttached", c.rng.pct(30));
            o.ks("policyUsageFilter", "PermissionsPolicy");
            o.kn("maxItems", 1000);
            o.c();
            null_resp(o);
        }
        "GetAccountAuthorizationDetails" => {
            o.ko("requestParameters");
            o.ka("filter");
            for f in [
                "User",
                "Role",
                "Group",
                "LocalManagedPolicy",
                "AWSManagedPolicy",
            ] {
                o.es(f);
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "SimulatePrincipalPolicy" => {
            o.ko("requestParameters");
            o.ks("policySourceArn", &rarn);
            o.ka("actionNames");
            for _ in 0..c.rng.range(2, 8) {
                o.es(ACTIONS[c.rng.idx(ACTIONS.len())]);
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "GenerateServiceLastAccessedDetails" => {
            o.ko("requestParameters");
            o.ks("arn", &rarn);
            o.ks("granularity", "ACTION_LEVEL");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("jobId", &uuid(&mut c.rng));
                o.c();
            }
        }
        "GetServiceLastAccessedDetails" => {
            o.ko("requestParameters");
            o.ks("jobId", &uuid(&mut c.rng));
            o.c();
            null_resp(o);
        }
        "CreateUser" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            if sc.force_user.is_none() {
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("user");
                o.ks("path", "/");
                o.ks("userName", &uname);
                o.ks("userId", &uid);
                o.ks("arn", &format!("arn:aws:iam::{aid}:user/{uname}"));
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateAccessKey" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.c();
            if err {
                null_resp(o);
            } else {
                let akid = match &sc.force_key {
                    Some(k) => k.clone(),
                    None => key_id(&mut c.rng, "AKIA", &c.a.tok),
                };
                o.ko("responseElements");
                o.ko("accessKey");
                o.ks("userName", &uname);
                o.ks("accessKeyId", &akid);
                o.ks("status", "Active");
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateLoginProfile" | "UpdateLoginProfile" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.kb("passwordResetRequired", c.lane.prof != Prof::Exfil);
            o.c();
            if err || name == "UpdateLoginProfile" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("loginProfile");
                o.ks("userName", &uname);
                o.ks("createDate", &now);
                o.kb("passwordResetRequired", c.lane.prof != Prof::Exfil);
                o.c();
                o.c();
            }
        }
        "AttachUserPolicy" | "DetachUserPolicy" | "AttachRolePolicy" | "DetachRolePolicy" => {
            let p = if sc.force_user.is_some() || (c.lane.prof == Prof::Exfil && c.rng.pct(70)) {
                "arn:aws:iam::aws:policy/AdministratorAccess".to_string()
            } else {
                policy_arn.clone()
            };
            o.ko("requestParameters");
            if name.contains("User") {
                o.ks("userName", &uname);
            } else {
                o.ks("roleName", &role.name);
            }
            o.ks("policyArn", &p);
            o.c();
            null_resp(o);
        }
        "PutRolePolicy" | "PutUserPolicy" => {
            let doc = c.policy(pretty, c.lane.prof == Prof::Exfil);
            o.ko("requestParameters");
            if name == "PutUserPolicy" {
                o.ks("userName", &uname);
            } else {
                o.ks("roleName", &role.name);
            }
            o.ks(
                "policyName",
                &format!("{}-inline", APPS[c.rng.idx(APPS.len())]),
            );
            o.ks("policyDocument", &doc);
            o.c();
            null_resp(o);
        }
        "CreatePolicy" | "CreatePolicyVersion" => {
            let doc = c.policy(pretty, false);
            let pname = format!("{}-{}-access", c.a.env, APPS[c.rng.idx(APPS.len())]);
            o.ko("requestParameters");
            if name == "CreatePolicy" {
                o.ks("policyName", &pname);
                o.ks("description", "Managed by Terraform");
            } else {
                o.ks("policyArn", &policy_arn);
            }
            o.ks("policyDocument", &doc);
            if name == "CreatePolicyVersion" {
                o.kb("setAsDefault", true);
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "CreatePolicy" {
                o.ko("responseElements");
                o.ko("policy");
                o.ks("policyName", &pname);
                o.ks("policyId", &principal_id(&mut c.rng, "ANPA", &c.a.tok));
                o.ks("arn", &format!("arn:aws:iam::{aid}:policy/{pname}"));
                o.ks("path", "/");
                o.ks("defaultVersionId", "v1");
                o.kn("attachmentCount", 0);
                o.kn("permissionsBoundaryUsageCount", 0);
                o.kb("isAttachable", true);
                o.ks("createDate", &now);
                o.ks("updateDate", &now);
                o.c();
                o.c();
            } else {
                o.ko("responseElements");
                o.ko("policyVersion");
                o.ks("versionId", &format!("v{}", c.rng.range(2, 5)));
                o.kb("isDefaultVersion", true);
                o.ks("createDate", &now);
                o.c();
                o.c();
            }
        }
        "CreateRole" | "UpdateAssumeRolePolicy" => {
            let doc = trust_doc(
                &mut c.rng,
                if c.lane.prof == Prof::Exfil {
                    &c.g.ext_accts[0]
                } else {
                    aid
                },
            );
            o.ko("requestParameters");
            o.ks("roleName", &role.name);
            if name == "CreateRole" {
                o.ks("assumeRolePolicyDocument", &doc);
                o.ks("description", "Managed by Terraform");
                o.kn("maxSessionDuration", 3600);
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            } else {
                o.ks("policyDocument", &doc);
            }
            o.c();
            if err || name != "CreateRole" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("role");
                o.ks("path", &role.path);
                o.ks("roleName", &role.name);
                o.ks("roleId", &role.rid);
                o.ks("arn", &rarn);
                o.ks("createDate", &now);
                o.ks("assumeRolePolicyDocument", &url_encode(&doc));
                o.kn("maxSessionDuration", 3600);
                o.kr("roleLastUsed", "{}");
                o.c();
                o.c();
            }
        }
        "CreateServiceLinkedRole" => {
            let (svc, rn) = SL_ROLES[c.rng.idx(SL_ROLES.len())];
            o.ko("requestParameters");
            o.ks("aWSServiceName", svc);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("role");
                o.ks("path", &format!("/aws-service-role/{svc}/"));
                o.ks("roleName", rn);
                o.ks("roleId", &principal_id(&mut c.rng, "AROA", &c.a.tok));
                o.ks(
                    "arn",
                    &format!("arn:aws:iam::{aid}:role/aws-service-role/{svc}/{rn}"),
                );
                o.ks("createDate", &now);
                o.ks("assumeRolePolicyDocument", &url_encode(&format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Service\":[\"{svc}\"]}},\"Action\":[\"sts:AssumeRole\"]}}]}}")));
                o.c();
                o.c();
            }
        }
        "AddUserToGroup" => {
            o.ko("requestParameters");
            o.ks(
                "groupName",
                ["Admins", "Developers", "ReadOnly"][c.rng.idx(3)],
            );
            o.ks("userName", &uname);
            o.c();
            null_resp(o);
        }
        "DeactivateMFADevice" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.ks(
                "serialNumber",
                &format!(
                    "arn:aws:iam::{aid}:mfa/{}",
                    uname.split('@').next().unwrap()
                ),
            );
            o.c();
            null_resp(o);
        }
        "UpdateAccessKey" | "DeleteAccessKey" => {
            o.ko("requestParameters");
            o.ks("userName", &uname);
            o.ks("accessKeyId", &key_id(&mut c.rng, "AKIA", &c.a.tok));
            if name == "UpdateAccessKey" {
                o.ks("status", "Inactive");
            }
            o.c();
            null_resp(o);
        }
        "CreateInstanceProfile" => {
            let ip = format!("{}-profile", role.name);
            o.ko("requestParameters");
            o.ks("instanceProfileName", &ip);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("instanceProfile");
                o.ks("path", "/");
                o.ks("instanceProfileName", &ip);
                o.ks(
                    "instanceProfileId",
                    &principal_id(&mut c.rng, "AIPA", &c.a.tok),
                );
                o.ks("arn", &format!("arn:aws:iam::{aid}:instance-profile/{ip}"));
                o.ks("createDate", &now);
                o.kr("roles", "[]");
                o.c();
                o.c();
            }
        }
        "TagRole" => {
            o.ko("requestParameters");
            o.ks("roleName", &role.name);
            tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            if user_op || name.ends_with("ForUser") {
                o.ks("userName", &uname);
            } else if role_op || name.ends_with("ForRole") {
                o.ks("roleName", &role.name);
                if name.contains("RolePolic") && !name.starts_with("List") {
                    o.ks(
                        "policyName",
                        &format!("{}-inline", APPS[c.rng.idx(APPS.len())]),
                    );
                }
            } else if policy_op {
                o.ks("policyArn", &policy_arn);
                if name == "GetPolicyVersion" {
                    o.ks("versionId", &format!("v{}", c.rng.range(1, 5)));
                }
            } else if name == "ListAttachedGroupPolicies" {
                o.ks("groupName", "Admins");
            }
            o.c();
            null_resp(o);
        }
    }
    sc.host = "iam.amazonaws.com".into();
}

const INSTANCE_TYPES: &[&str] = &[
    "t3.medium",
    "m6i.large",
    "c6g.xlarge",
    "r6i.2xlarge",
    "t4g.small",
    "m7g.xlarge",
];
const MINER_TYPES: &[&str] = &["c5.24xlarge", "p3.16xlarge", "g5.48xlarge", "c6i.32xlarge"];

fn ec2_state(o: &mut Vec<u8>, key: &str, code: u64, name: &str) {
    o.ko(key);
    o.kn("code", code);
    o.ks("name", name);
    o.c();
}

fn ec2_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let aid = c.aid();
    let r = c.r();
    let a = c.a;
    let exfil = c.lane.prof == Prof::Exfil;
    let inst = c.pick(&a.instances).to_string();
    sc.x = inst.clone();
    sc.arn = format!("arn:aws:ec2:{r}:{aid}:instance/*");
    let nf = |code: &'static str, what: &str, id: &str| {
        Some((code, format!("The {what} '{id}' does not exist")))
    };
    let o = &mut sc.body;
    let ok_resp = |o: &mut Vec<u8>, rng: &mut Rng| {
        if err {
            null_resp(o);
        } else {
            o.ko("responseElements");
            o.ks("requestId", &uuid(rng));
            o.kb("_return", true);
            o.c();
        }
    };
    match name {
        "DescribeInstances" => {
            o.ko("requestParameters");
            if c.rng.pct(35) {
                let ids: Vec<&str> = (0..c.rng.range(1, 3))
                    .map(|_| c.pick(&a.instances))
                    .collect();
                ec2_items(o, "instancesSet", "instanceId", &ids);
            } else {
                o.kr("instancesSet", "{}");
            }
            if c.rng.pct(40) {
                o.ko("filterSet");
                o.ka("items");
                o.eo();
                o.ks("name", "instance-state-name");
                o.ko("valueSet");
                o.ka("items");
                o.eo();
                o.ks("value", "running");
                o.c();
                o.eo();
                o.ks("value", "pending");
                o.c();
                o.ca();
                o.c();
                o.c();
                if c.rng.pct(50) {
                    o.eo();
                    o.ks("name", "tag:Environment");
                    o.ko("valueSet");
                    o.ka("items");
                    o.eo();
                    o.ks("value", a.env);
                    o.c();
                    o.ca();
                    o.c();
                    o.c();
                }
                o.ca();
                o.c();
            } else {
                o.kr("filterSet", "{}");
            }
            if c.rng.pct(30) {
                o.kn("maxResults", 1000);
            }
            o.c();
            null_resp(o);
        }
        "DescribeInstanceAttribute" | "DescribeImageAttribute" | "DescribeSnapshotAttribute" => {
            o.ko("requestParameters");
            match name {
                "DescribeInstanceAttribute" => {
                    o.ks("instanceId", &inst);
                    o.ks(
                        "attribute",
                        ["userData", "instanceType", "disableApiTermination"][c.rng.idx(3)],
                    );
                }
                "DescribeImageAttribute" => {
                    o.ks("imageId", c.pick(&a.amis));
                    o.ks("attribute", "launchPermission");
                }
                _ => {
                    o.ks("snapshotId", c.pick(&a.snapshots));
                    o.ks("attribute", "CREATE_VOLUME_PERMISSION");
                }
            }
            o.c();
            null_resp(o);
        }
        n if n.starts_with("Describe")
            || n.starts_with("Get")
                && !matches!(
                    n,
                    "GetPasswordData" | "GetConsoleOutput" | "GetConsoleScreenshot"
                ) =>
        {
            o.ko("requestParameters");
            if let Some(stem) = n.strip_prefix("Describe") {
                let mut stem = stem.to_string();
                if stem.ends_with("sses") || stem.ends_with("xes") {
                    stem.truncate(stem.len() - 2);
                } else if stem.ends_with('s') {
                    stem.pop();
                }
                o.kr(&format!("{}Set", lcfirst(&stem)), "{}");
                if n == "DescribeImages" {
                    o.ko("ownersSet");
                    o.ka("items");
                    o.eo();
                    o.ks("owner", if c.rng.pct(50) { "self" } else { "amazon" });
                    o.c();
                    o.ca();
                    o.c();
                }
                if c.rng.pct(35) {
                    o.ko("filterSet");
                    o.ka("items");
                    o.eo();
                    let (f, v) = match c.rng.below(3) {
                        0 => ("vpc-id", a.vpc.clone()),
                        1 => (
                            "tag:Name",
                            format!("{}-{}", a.env, APPS[c.rng.idx(APPS.len())]),
                        ),
                        _ => (
                            "availability-zone",
                            format!("{r}{}", ["a", "b", "c"][c.rng.idx(3)]),
                        ),
                    };
                    o.ks("name", f);
                    o.ko("valueSet");
                    o.ka("items");
                    o.eo();
                    o.ks("value", &v);
                    o.c();
                    o.ca();
                    o.c();
                    o.c();
                    o.ca();
                    o.c();
                } else {
                    o.kr("filterSet", "{}");
                }
                if n == "DescribeSpotPriceHistory" {
                    o.ko("instanceTypeSet");
                    o.ka("items");
                    for t in INSTANCE_TYPES.iter().take(c.rng.range(1, 6) as usize) {
                        o.eo();
                        o.ks("instanceType", t);
                        o.c();
                    }
                    o.ca();
                    o.c();
                    o.kn("startTime", c.ms() - 3_600_000);
                }
            }
            o.c();
            null_resp(o);
            if n.contains("SecurityGroup") {
                sc.nf = nf(
                    "Client.InvalidGroup.NotFound",
                    "security group",
                    c.pick(&a.sgs),
                );
            } else if n.contains("Volume") {
                sc.nf = nf(
                    "Client.InvalidVolume.NotFound",
                    "volume",
                    c.pick(&a.volumes),
                );
            } else if n.contains("Snapshot") {
                sc.nf = nf(
                    "Client.InvalidSnapshot.NotFound",
                    "snapshot",
                    c.pick(&a.snapshots),
                );
            } else if n.contains("Image") {
                sc.nf = Some((
                    "Client.InvalidAMIID.NotFound",
                    format!("The image id '[{}]' does not exist", c.pick(&a.amis)),
                ));
            } else if n.contains("Subnet") {
                sc.nf = nf(
                    "Client.InvalidSubnetID.NotFound",
                    "subnet ID",
                    c.pick(&a.subnets),
                );
            } else if n.contains("RouteTable") {
                sc.nf = Some((
                    "Client.InvalidRouteTableID.NotFound",
                    format!(
                        "The routeTable ID 'rtb-0{}' does not exist",
                        hexs(&mut c.rng, 16)
                    ),
                ));
            } else if n.contains("Vpc") {
                sc.nf = nf("Client.InvalidVpcID.NotFound", "vpc ID", &a.vpc);
            }
        }
        "RunInstances" => {
            let n = if exfil {
                c.rng.range(5, 20)
            } else {
                c.rng.range(1, 2)
            };
            let itype = if exfil {
                *c.rng.pick(MINER_TYPES)
            } else {
                *c.rng.pick(INSTANCE_TYPES)
            };
            let ami = c.pick(&a.amis).to_string();
            let subnet = c.pick(&a.subnets).to_string();
            let sg = c.pick(&a.sgs).to_string();
            let token = uuid(&mut c.rng);
            let profile = format!("arn:aws:iam::{aid}:instance-profile/app-server-role");
            let tname = format!("{}-{}", a.env, APPS[c.rng.idx(APPS.len())]);
            o.ko("requestParameters");
            o.ko("instancesSet");
            o.ka("items");
            o.eo();
            o.ks("imageId", &ami);
            o.kn("minCount", n);
            o.kn("maxCount", n);
            o.c();
            o.ca();
            o.c();
            o.ks("instanceType", itype);
            o.ko("blockDeviceMapping");
            o.ka("items");
            o.eo();
            o.ks("deviceName", "/dev/xvda");
            o.ko("ebs");
            o.kn("volumeSize", [20, 50, 100, 200][c.rng.idx(4)]);
            o.kb("deleteOnTermination", true);
            o.ks("volumeType", "gp3");
            o.kb("encrypted", true);
            o.c();
            o.c();
            o.ca();
            o.c();
            o.kr("monitoring", "{\"enabled\":false}");
            o.kb("disableApiTermination", false);
            o.kb("disableApiStop", false);
            o.ks("clientToken", &token);
            o.ko("networkInterfaceSet");
            o.ka("items");
            o.eo();
            o.kn("deviceIndex", 0);
            o.ks("subnetId", &subnet);
            o.kb("associatePublicIpAddress", exfil);
            o.ko("groupSet");
            o.ka("items");
            o.eo();
            o.ks("groupId", &sg);
            o.c();
            o.ca();
            o.c();
            o.c();
            o.ca();
            o.c();
            o.ko("iamInstanceProfile");
            o.ks("arn", &profile);
            o.c();
            o.kb("ebsOptimized", true);
            o.ko("tagSpecificationSet");
            o.ka("items");
            o.eo();
            o.ks("resourceType", "instance");
            o.ka("tags");
            o.eo();
            o.ks("key", "Name");
            o.ks("value", &tname);
            o.c();
            o.eo();
            o.ks("key", "Environment");
            o.ks("value", a.env);
            o.c();
            o.ca();
            o.c();
            o.ca();
            o.c();
            o.kr("metadataOptions", "{\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2,\"httpEndpoint\":\"enabled\"}");
            o.c();
            if err {
                null_resp(o);
            } else {
                let launch = c.ms();
                let vpc = a.vpc.clone();
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ks("reservationId", &format!("r-0{}", hexs(&mut c.rng, 16)));
                o.ks("ownerId", aid);
                o.kr("groupSet", "{}");
                o.ko("instancesSet");
                o.ka("items");
                for i in 0..n {
                    let ip = format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250));
                    let dns = if r == "us-east-1" {
                        format!("ip-{}.ec2.internal", ip.replace('.', "-"))
                    } else {
                        format!("ip-{}.{r}.compute.internal", ip.replace('.', "-"))
                    };
                    let iid = format!("i-0{}", hexs(&mut c.rng, 16));
                    o.eo();
                    o.ks("instanceId", &iid);
                    o.ks("imageId", &ami);
                    o.ks("currentInstanceBootMode", "legacy-bios");
                    ec2_state(o, "instanceState", 0, "pending");
                    o.ks("privateDnsName", &dns);
                    o.kn("amiLaunchIndex", i);
                    o.kr("productCodes", "{}");
                    o.ks("instanceType", itype);
                    o.kn("launchTime", launch);
                    o.ko("placement");
                    o.ks(
                        "availabilityZone",
                        &format!("{r}{}", ["a", "b", "c"][c.rng.idx(3)]),
                    );
                    o.ks("tenancy", "default");
                    o.c();
                    o.kr("monitoring", "{\"state\":\"disabled\"}");
                    o.ks("subnetId", &subnet);
                    o.ks("vpcId", &vpc);
                    o.ks("privateIpAddress", &ip);
                    o.kr(
                        "stateReason",
                        "{\"code\":\"pending\",\"message\":\"pending\"}",
                    );
                    o.ks("architecture", "x86_64");
                    o.ks("rootDeviceType", "ebs");
                    o.ks("rootDeviceName", "/dev/xvda");
                    o.kr("blockDeviceMapping", "{}");
                    o.ks("virtualizationType", "hvm");
                    o.ko("tagSet");
                    o.ka("items");
                    o.eo();
                    o.ks("key", "Name");
                    o.ks("value", &tname);
                    o.c();
                    o.ca();
                    o.c();
                    o.ks("clientToken", &token);
                    o.ko("groupSet");
                    o.ka("items");
                    o.eo();
                    o.ks("groupId", &sg);
                    o.ks("groupName", &format!("{}-sg", a.env));
                    o.c();
                    o.ca();
                    o.c();
                    o.kb("sourceDestCheck", true);
                    o.ks("hypervisor", "xen");
                    o.ko("networkInterfaceSet");
                    o.ka("items");
                    o.eo();
                    o.ks(
                        "networkInterfaceId",
                        &format!("eni-0{}", hexs(&mut c.rng, 16)),
                    );
                    o.ks("subnetId", &subnet);
                    o.ks("vpcId", &vpc);
                    o.ks("ownerId", aid);
                    o.ks("status", "in-use");
                    o.ks(
                        "macAddress",
                        &format!(
                            "0e:{}:{}:{}:{}:{}",
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2)
                        ),
                    );
                    o.ks("privateIpAddress", &ip);
                    o.ks("privateDnsName", &dns);
                    o.kb("sourceDestCheck", true);
                    o.ks("interfaceType", "interface");
                    o.ko("groupSet");
                    o.ka("items");
                    o.eo();
                    o.ks("groupId", &sg);
                    o.ks("groupName", &format!("{}-sg", a.env));
                    o.c();
                    o.ca();
                    o.c();
                    o.ko("attachment");
                    o.ks(
                        "attachmentId",
                        &format!("eni-attach-0{}", hexs(&mut c.rng, 16)),
                    );
                    o.kn("deviceIndex", 0);
                    o.kn("networkCardIndex", 0);
                    o.ks("status", "attaching");
                    o.kn("attachTime", launch);
                    o.kb("deleteOnTermination", true);
                    o.c();
                    o.ko("privateIpAddressesSet");
                    o.ka("item");
                    o.eo();
                    o.ks("privateIpAddress", &ip);
                    o.ks("privateDnsName", &dns);
                    o.kb("primary", true);
                    o.c();
                    o.ca();
                    o.c();
                    o.kr("ipv6AddressesSet", "{}");
                    o.kr("tagSet", "{}");
                    o.c();
                    o.ca();
                    o.c();
                    o.ko("iamInstanceProfile");
                    o.ks("arn", &profile);
                    o.ks("id", &principal_id(&mut c.rng, "AIPA", &a.tok));
                    o.c();
                    o.kb("ebsOptimized", true);
                    o.kb("enaSupport", true);
                    o.kr("cpuOptions", "{\"coreCount\":2,\"threadsPerCore\":2}");
                    o.kr(
                        "capacityReservationSpecification",
                        "{\"capacityReservationPreference\":\"open\"}",
                    );
                    o.kr("enclaveOptions", "{\"enabled\":false}");
                    o.kr("metadataOptions", "{\"state\":\"pending\",\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2,\"httpEndpoint\":\"enabled\",\"httpProtocolIpv4\":\"enabled\",\"httpProtocolIpv6\":\"disabled\",\"instanceMetadataTags\":\"disabled\"}");
                    o.kr("maintenanceOptions", "{\"autoRecovery\":\"default\"}");
                    o.kr("privateDnsNameOptions", "{\"hostnameType\":\"ip-name\",\"enableResourceNameDnsARecord\":false,\"enableResourceNameDnsAAAARecord\":false}");
                    o.c();
                }
                o.ca();
                o.c();
                o.c();
            }
        }
        "StartInstances" | "StopInstances" | "TerminateInstances" | "RebootInstances" => {
            let ids: Vec<String> = (0..c.rng.range(1, 3))
                .map(|_| c.pick(&a.instances).to_string())
                .collect();
            let idr: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
            o.ko("requestParameters");
            ec2_items(o, "instancesSet", "instanceId", &idr);
            if name == "StopInstances" {
                o.kb("force", false);
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "RebootInstances" {
                ok_resp(o, &mut c.rng);
            } else {
                let (cur, prev) = match name {
                    "StartInstances" => ((0, "pending"), (80, "stopped")),
                    "StopInstances" => ((64, "stopping"), (16, "running")),
                    _ => ((32, "shutting-down"), (16, "running")),
                };
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ko("instancesSet");
                o.ka("items");
                for id in &ids {
                    o.eo();
                    o.ks("instanceId", id);
                    ec2_state(o, "currentState", cur.0, cur.1);
                    ec2_state(o, "previousState", prev.0, prev.1);
                    o.c();
                }
                o.ca();
                o.c();
                o.c();
            }
            sc.nf = nf("Client.InvalidInstanceID.NotFound", "instance ID", &ids[0]);
        }
        "CreateTags" => {
            o.ko("requestParameters");
            ec2_items(o, "resourcesSet", "resourceId", &[inst.as_str()]);
            o.ko("tagSet");
            tag_list(o, "items", &mut c.rng, a.env, "key", "value");
            o.c();
            o.c();
            ok_resp(o, &mut c.rng);
        }
        "AuthorizeSecurityGroupIngress"
        | "RevokeSecurityGroupIngress"
        | "AuthorizeSecurityGroupEgress" => {
            let sg = c.pick(&a.sgs).to_string();
            let port = if exfil {
                22
            } else {
                *c.rng.pick(&[443u64, 5432, 6379, 8080, 22])
            };
            let cidr = if exfil || c.rng.pct(10) {
                "0.0.0.0/0".to_string()
            } else {
                format!("10.{}.0.0/16", c.rng.below(255))
            };
            o.ko("requestParameters");
            o.ks("groupId", &sg);
            o.ko("ipPermissions");
            o.ka("items");
            o.eo();
            o.ks("ipProtocol", "tcp");
            o.kn("fromPort", port);
            o.kn("toPort", port);
            o.kr("groups", "{}");
            o.ko("ipRanges");
            o.ka("items");
            o.eo();
            o.ks("cidrIp", &cidr);
            o.ks(
                "description",
                if exfil {
                    "maintenance"
                } else {
                    "managed by terraform"
                },
            );
            o.c();
            o.ca();
            o.c();
            o.kr("ipv6Ranges", "{}");
            o.kr("prefixListIds", "{}");
            o.c();
            o.ca();
            o.c();
            o.c();
            if err || name.starts_with("Revoke") {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.kb("_return", true);
                o.ko("securityGroupRuleSet");
                o.ka("items");
                o.eo();
                o.ks("groupOwnerId", aid);
                o.ks("groupId", &sg);
                o.ks(
                    "securityGroupRuleId",
                    &format!("sgr-0{}", hexs(&mut c.rng, 16)),
                );
                o.kb("isEgress", name.ends_with("Egress"));
                o.ks("ipProtocol", "tcp");
                o.kn("fromPort", port);
                o.kn("toPort", port);
                o.ks("cidrIpv4", &cidr);
                o.c();
                o.ca();
                o.c();
                o.c();
            }
            sc.nf = nf("Client.InvalidGroup.NotFound", "security group", &sg);
        }
        "CreateSnapshot" | "CreateVolume" | "AttachVolume" | "DetachVolume" | "DeleteVolume"
        | "ModifyVolume" => {
            let vol = c.pick(&a.volumes).to_string();
            o.ko("requestParameters");
            match name {
                "CreateVolume" => {
                    o.kn("size", [20, 100, 500][c.rng.idx(3)]);
                    o.ks("zone", &format!("{r}a"));
                    o.ks("volumeType", "gp3");
                    o.kb("encrypted", true);
                }
                _ => {
                    o.ks("volumeId", &vol);
                    if name == "AttachVolume" {
                        o.ks("instanceId", &inst);
                        o.ks("device", "/dev/sdf");
                    } else if name == "CreateSnapshot" {
                        o.ks("description", &format!("{} nightly", a.env));
                    }
                }
            }
            o.c();
            if err || matches!(name, "DeleteVolume" | "ModifyVolume") {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                if name == "CreateSnapshot" {
                    o.ks("snapshotId", &format!("snap-0{}", hexs(&mut c.rng, 16)));
                }
                o.ks("volumeId", &vol);
                if name.ends_with("Volume") && name != "CreateVolume" {
                    o.ks("instanceId", &inst);
                    o.ks("device", "/dev/sdf");
                    o.ks(
                        "status",
                        if name == "AttachVolume" {
                            "attaching"
                        } else {
                            "detaching"
                        },
                    );
                    o.kn("attachTime", c.ms());
                    o.kb("deleteOnTermination", false);
                } else {
                    o.ks(
                        "status",
                        if name == "CreateVolume" {
                            "creating"
                        } else {
                            "pending"
                        },
                    );
                    o.kn(
                        if name == "CreateVolume" {
                            "createTime"
                        } else {
                            "startTime"
                        },
                        c.ms(),
                    );
                    o.ks("progress", "");
                    o.ks("ownerId", aid);
                    o.kn("volumeSize", 100);
                    o.kb("encrypted", true);
                    o.ks("kmsKeyId", &c.kms_arn());
                }
                o.c();
            }
            sc.nf = nf("Client.InvalidVolume.NotFound", "volume", &vol);
        }
        "ModifySnapshotAttribute" | "ModifyImageAttribute" => {
            let who = c.g.ext_accts[c.rng.idx(c.g.ext_accts.len())].clone();
            o.ko("requestParameters");
            if name == "ModifySnapshotAttribute" {
                o.ks("snapshotId", c.pick(&a.snapshots));
                o.ko("createVolumePermission");
            } else {
                o.ks("imageId", c.pick(&a.amis));
                o.ko("launchPermission");
            }
            o.ko("add");
            o.ka("items");
            o.eo();
            o.ks("userId", &who);
            o.c();
            o.ca();
            o.c();
            o.c();
            o.ks(
                "attributeType",
                if name == "ModifySnapshotAttribute" {
                    "CREATE_VOLUME_PERMISSION"
                } else {
                    "launchPermission"
                },
            );
            o.c();
            ok_resp(o, &mut c.rng);
        }
        "CreateKeyPair" | "ImportKeyPair" | "DeleteKeyPair" => {
            let kn = format!(
                "{}-{}",
                if exfil { "backup" } else { a.env },
                rand_str(&mut c.rng, LOWER_ALNUM, 6)
            );
            o.ko("requestParameters");
            o.ks("keyName", &kn);
            if name == "CreateKeyPair" {
                o.ks("keyType", "rsa");
                o.ks("keyFormat", "pem");
            } else if name == "ImportKeyPair" {
                o.ks("publicKeyMaterial", "<sensitiveDataRemoved>");
            }
            o.c();
            if err || name == "DeleteKeyPair" {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ks("keyName", &kn);
                let fp: Vec<String> = (0..20).map(|_| hexs(&mut c.rng, 2)).collect();
                o.ks("keyFingerprint", &fp.join(":"));
                o.ks("keyPairId", &format!("key-0{}", hexs(&mut c.rng, 16)));
                if name == "CreateKeyPair" {
                    o.ks("keyMaterial", "<sensitiveDataRemoved>");
                }
                o.c();
            }
        }
        "CreateNetworkInterface" => {
            let subnet = c.pick(&a.subnets).to_string();
            let sg = c.pick(&a.sgs).to_string();
            let f = c.pool("lambda");
            o.ko("requestParameters");
            o.ks("subnetId", &subnet);
            o.ks(
                "description",
                &format!("AWS Lambda VPC ENI-{f}-{}", uuid(&mut c.rng)),
            );
            ec2_items(o, "groupSet", "groupId", &[sg.as_str()]);
            o.kr("privateIpAddressesSet", "{}");
            o.kr("ipv6AddressCount", "0");
            o.c();
            if err {
                null_resp(o);
            } else {
                let ip = format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250));
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ko("networkInterface");
                o.ks(
                    "networkInterfaceId",
                    &format!("eni-0{}", hexs(&mut c.rng, 16)),
                );
                o.ks("subnetId", &subnet);
                o.ks("vpcId", &a.vpc);
                o.ks("availabilityZone", &format!("{r}a"));
                o.ks("ownerId", aid);
                o.ks(
                    "requesterId",
                    &format!("{}:{f}", principal_id(&mut c.rng, "AROA", &a.tok)),
                );
                o.kb("requesterManaged", false);
                o.ks("status", "pending");
                o.ks("privateIpAddress", &ip);
                o.kb("sourceDestCheck", true);
                o.ks("interfaceType", "lambda");
                o.c();
                o.c();
            }
        }
        "GetPasswordData" | "GetConsoleOutput" | "GetConsoleScreenshot" => {
            o.ko("requestParameters");
            o.ks("instanceId", &inst);
            o.c();
            null_resp(o);
        }
        "ModifyInstanceAttribute" => {
            o.ko("requestParameters");
            o.ks("instanceId", &inst);
            match c.rng.below(3) {
                0 => o.kr("userData", "{\"value\":\"<sensitiveDataRemoved>\"}"),
                1 => o.kr(
                    "instanceType",
                    &format!("{{\"value\":\"{}\"}}", c.rng.pick(INSTANCE_TYPES)),
                ),
                _ => o.kr("disableApiTermination", "{\"value\":false}"),
            }
            o.c();
            ok_resp(o, &mut c.rng);
        }
        _ => {
            o.ko("requestParameters");
            if name.contains("Snapshot") {
                o.ks("snapshotId", c.pick(&a.snapshots));
            } else if name.contains("Image") {
                o.ks("imageId", c.pick(&a.amis));
                if name == "CreateImage" {
                    o.ks("instanceId", &inst);
                    o.ks(
                        "name",
                        &format!("{}-golden-{}", a.env, c.rng.range(100, 999)),
                    );
                    o.kb("noReboot", true);
                }
            } else if name.contains("SecurityGroup") {
                o.ks(
                    "groupName",
                    &format!("{}-{}-sg", a.env, APPS[c.rng.idx(APPS.len())]),
                );
                o.ks("groupDescription", "Managed by Terraform");
                o.ks("vpcId", &a.vpc);
            } else if name.contains("Address") {
                o.ks(
                    "allocationId",
                    &format!("eipalloc-0{}", hexs(&mut c.rng, 16)),
                );
                if name == "AssociateAddress" {
                    o.ks("instanceId", &inst);
                }
            } else if name.contains("FlowLogs") {
                o.ko("resourceIdSet");
                o.ka("item");
                o.es(&a.vpc);
                o.ca();
                o.c();
                o.ks("trafficType", "ALL");
                o.ks("logDestinationType", "s3");
            } else if name.contains("Subnet") || name.contains("Route") {
                o.ks("vpcId", &a.vpc);
                o.ks("cidrBlock", &format!("10.0.{}.0/24", c.rng.below(255)));
            } else if name == "CreateVpc" {
                o.ks("cidrBlock", "10.1.0.0/16");
            } else if name.contains("EbsEncryption") {
                // no parameters
            } else if name.contains("LaunchTemplate") {
                o.ks("launchTemplateId", &format!("lt-0{}", hexs(&mut c.rng, 16)));
                o.ko("launchTemplateData");
                o.ks("imageId", c.pick(&a.amis));
                let it = INSTANCE_TYPES[c.rng.idx(INSTANCE_TYPES.len())];
                o.ks("instanceType", it);
                o.c();
            } else if name.contains("NetworkInterface") {
                o.ks(
                    "networkInterfaceId",
                    &format!("eni-0{}", hexs(&mut c.rng, 16)),
                );
            } else {
                o.ks("instanceId", &inst);
                if name == "ModifyInstanceMetadataOptions" {
                    o.ks("httpTokens", "required");
                    o.kn("httpPutResponseHopLimit", 2);
                }
            }
            o.c();
            ok_resp(o, &mut c.rng);
        }
    }
}

fn lambda_config(o: &mut Vec<u8>, c: &mut Ctx, fname: &str, farn: &str) {
    let aid = c.aid();
    o.ks("functionName", fname);
    o.ks("functionArn", farn);
    o.ks(
        "runtime",
        ["python3.12", "nodejs20.x", "java21", "provided.al2023"][c.rng.idx(4)],
    );
    o.ks(
        "role",
        &format!("arn:aws:iam::{aid}:role/service-role/{fname}-role"),
    );
    o.ks("handler", "app.handler");
    o.kn("codeSize", c.rng.range(2_000, 60_000_000));
    o.ks("description", "");
    o.kn("timeout", [3, 30, 60, 300, 900][c.rng.idx(5)]);
    o.kn("memorySize", [128, 256, 512, 1024, 2048][c.rng.idx(5)]);
    let (y, m, d, hh, mm, ss) = civil(c.t);
    o.ks(
        "lastModified",
        &format!(
            "{y}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:03}+0000",
            c.rng.below(1000)
        ),
    );
    o.k("codeSha256");
    o.push(b'"');
    push_rand(o, &mut c.rng, B64, 43);
    o.extend_from_slice(b"=\"");
    o.ks("version", "$LATEST");
    o.ko("vpcConfig");
    o.ka("subnetIds");
    o.es(c.pick(&c.a.subnets));
    o.es(c.pick(&c.a.subnets));
    o.ca();
    o.ka("securityGroupIds");
    o.es(c.pick(&c.a.sgs));
    o.ca();
    o.ks("vpcId", &c.a.vpc);
    o.kb("ipv6AllowedForDualStack", false);
    o.c();
    o.kr("environment", "{}");
    o.kr("tracingConfig", "{\"mode\":\"PassThrough\"}");
    o.ks("revisionId", &uuid(&mut c.rng));
    o.ks("state", "Active");
    o.ks("lastUpdateStatus", "InProgress");
    o.ks("lastUpdateStatusReason", "The function is being created.");
    o.ks("lastUpdateStatusReasonCode", "Creating");
    o.ks("packageType", "Zip");
    o.kr("architectures", "[\"arm64\"]");
    o.kr("ephemeralStorage", "{\"size\":512}");
    o.kr(
        "snapStart",
        "{\"applyOn\":\"None\",\"optimizationStatus\":\"Off\"}",
    );
    o.ko("runtimeVersionConfig");
    o.ks(
        "runtimeVersionArn",
        &format!("arn:aws:lambda:{}::runtime:{}", c.r(), hexs(&mut c.rng, 64)),
    );
    o.c();
    o.ko("loggingConfig");
    o.ks("logFormat", "Text");
    o.ks("logGroup", &format!("/aws/lambda/{fname}"));
    o.c();
}

fn lambda_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let fname = c.pool("lambda");
    let farn = c.arn("lambda", &format!("function:{fname}"));
    sc.x = fname.to_string();
    sc.arn = farn.clone();
    let o = &mut sc.body;
    let action = action_name(name);
    match action {
        "Invoke" => {
            o.ko("requestParameters");
            o.ks("functionName", &farn);
            o.ks("invocationType", ["RequestResponse", "Event"][c.rng.idx(2)]);
            if c.rng.pct(20) {
                o.ks("qualifier", "live");
            }
            o.c();
            null_resp(o);
            o.ko("additionalEventData");
            o.ks("functionVersion", &format!("{farn}:$LATEST"));
            o.c();
            add_res(&mut sc.res, "AWS::Lambda::Function", &farn, Some(c.aid()));
        }
        "ListFunctions" | "ListLayers" | "GetAccountSettings" => {
            if c.rng.pct(60) {
                o.kr("requestParameters", "null");
            } else {
                o.ko("requestParameters");
                o.kn("maxItems", 50);
                o.c();
            }
            null_resp(o);
        }
        "UpdateFunctionCode" | "UpdateFunctionConfiguration" | "CreateFunction" => {
            o.ko("requestParameters");
            o.ks("functionName", fname);
            match action {
                "UpdateFunctionCode" => {
                    o.kb("publish", c.rng.pct(50));
                    o.kb("dryRun", false);
                    o.ks("s3Bucket", &format!("{}-{}-artifacts", c.a.org, c.a.env));
                    o.ks("s3Key", &format!("{fname}/{}.zip", hexs(&mut c.rng, 40)));
                }
                "UpdateFunctionConfiguration" => {
                    o.kn("timeout", [30, 60, 300][c.rng.idx(3)]);
                    o.kn("memorySize", [256, 512, 1024][c.rng.idx(3)]);
                    if c.lane.prof == Prof::Exfil {
                        o.ka("layers");
                        o.es(&format!(
                            "arn:aws:lambda:{}:{}:layer:utils:3",
                            c.r(),
                            c.g.ext_accts[0]
                        ));
                        o.ca();
                    }
                    o.kr("environment", "{}");
                }
                _ => {
                    o.ks("runtime", "python3.12");
                    o.ks(
                        "role",
                        &format!("arn:aws:iam::{}:role/service-role/{fname}-role", c.aid()),
                    );
                    o.ks("handler", "app.handler");
                    o.ko("code");
                    o.ks("s3Bucket", &format!("{}-{}-artifacts", c.a.org, c.a.env));
                    o.ks("s3Key", &format!("{fname}/{}.zip", hexs(&mut c.rng, 40)));
                    o.c();
                    o.ks("description", "");
                    o.kn("timeout", 30);
                    o.kn("memorySize", 512);
                    o.kb("publish", true);
                    o.ks("packageType", "Zip");
                    o.kr("architectures", "[\"arm64\"]");
                    o.kr("environment", "{}");
                }
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                lambda_config(o, c, fname, &farn);
                o.c();
            }
        }
        "AddPermission" => {
            let principal = if c.lane.prof == Prof::Exfil {
                "*"
            } else {
                "s3.amazonaws.com"
            };
            let sid = format!(
                "{}-{}",
                if principal == "*" {
                    "public"
                } else {
                    "s3-invoke"
                },
                rand_str(&mut c.rng, LOWER_ALNUM, 8)
            );
            o.ko("requestParameters");
            o.ks("functionName", fname);
            o.ks("statementId", &sid);
            o.ks("action", "lambda:InvokeFunction");
            o.ks("principal", principal);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks(
                    "statement",
                    &format!("{{\"Sid\":\"{sid}\",\"Effect\":\"Allow\",\"Principal\":{},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"{farn}\"}}", if principal == "*" { "\"*\"".to_string() } else { format!("{{\"Service\":\"{principal}\"}}") }),
                );
                o.c();
            }
        }
        "CreateEventSourceMapping" => {
            let q = c.pool("sqs");
            let qarn = c.arn("sqs", q);
            o.ko("requestParameters");
            o.ks("functionName", fname);
            o.ks("eventSourceArn", &qarn);
            o.kn("batchSize", 10);
            o.kb("enabled", true);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("uUID", &uuid(&mut c.rng));
                o.kn("batchSize", 10);
                o.kn("maximumBatchingWindowInSeconds", 0);
                o.ks("eventSourceArn", &qarn);
                o.ks("functionArn", &farn);
                o.ks("lastModified", &human_ts(c.t));
                o.ks("state", "Creating");
                o.ks("stateTransitionReason", "USER_INITIATED");
                o.c();
            }
        }
        "ListTags" | "TagResource" => {
            o.ko("requestParameters");
            o.ks("resource", &farn);
            if action == "TagResource" {
                o.ko("tags");
                o.ks("Environment", c.a.env);
                o.ks("Team", "platform");
                o.c();
            }
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("functionName", fname);
            if matches!(action, "GetFunction" | "UpdateAlias" | "GetPolicy") && c.rng.pct(30) {
                o.ks("qualifier", "live");
            }
            if action == "PutFunctionConcurrency" {
                o.kn("reservedConcurrentExecutions", c.rng.range(5, 200));
            }
            o.c();
            null_resp(o);
        }
    }
}

fn ddb_key(o: &mut Vec<u8>, rng: &mut Rng, t: i64) {
    o.ko("key");
    match rng.below(3) {
        0 => o.ks("pk", &format!("USER#{}", uuid(rng))),
        1 => {
            o.ks("pk", &format!("TENANT#{}", rng.range(1000, 9999)));
            let mut v = Vec::new();
            push_iso(&mut v, t - rng.below(86_400 * 30) as i64);
            o.ks("sk", &format!("ORDER#{}", String::from_utf8(v).unwrap()));
        }
        _ => o.ks("id", &hexs(rng, 24)),
    }
    o.c();
}

fn ddb_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let table = c.pool("dynamodb");
    let tarn = c.arn("dynamodb", &format!("table/{table}"));
    sc.x = table.to_string();
    sc.arn = tarn.clone();
    let o = &mut sc.body;
    match name {
        "ListTables" => {
            if c.rng.pct(50) {
                o.kr("requestParameters", "null");
            } else {
                o.ko("requestParameters");
                o.kn("limit", 100);
                o.c();
            }
            null_resp(o);
            return;
        }
        "BatchWriteItem" | "BatchGetItem" => {
            o.ko("requestParameters");
            o.ka("requestItems");
            for _ in 0..c.rng.range(1, 12) {
                o.eo();
                o.ks("tableName", table);
                ddb_key(o, &mut c.rng, c.t);
                o.c();
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "GetItem" | "PutItem" | "DeleteItem" | "UpdateItem" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            ddb_key(o, &mut c.rng, c.t);
            match name {
                "GetItem" => o.kb("consistentRead", c.rng.pct(20)),
                "UpdateItem" => {
                    o.ks("updateExpression", "SET #s = :s, #u = :u ADD #v :one");
                    o.ks("conditionExpression", "attribute_exists(pk)");
                    o.kr(
                        "expressionAttributeNames",
                        "{\"#s\":\"status\",\"#u\":\"updatedAt\",\"#v\":\"version\"}",
                    );
                }
                "PutItem" if c.rng.pct(40) => {
                    o.ks("conditionExpression", "attribute_not_exists(pk)")
                }
                _ => {}
            }
            o.c();
            null_resp(o);
            if c.err == Err::NotFound && name != "GetItem" {
                sc.nf = Some((
                    "ConditionalCheckFailedException",
                    "The conditional request failed".into(),
                ));
            }
        }
        "Query" | "Scan" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "Query" {
                if c.rng.pct(30) {
                    o.ks("indexName", "gsi1");
                }
                o.ks(
                    "keyConditionExpression",
                    "#pk = :pk AND begins_with(#sk, :sk)",
                );
                o.kr(
                    "expressionAttributeNames",
                    "{\"#pk\":\"pk\",\"#sk\":\"sk\"}",
                );
                o.kb("scanIndexForward", false);
                o.kn("limit", [25, 50, 100][c.rng.idx(3)]);
            } else {
                o.ks("select", "ALL_ATTRIBUTES");
                o.kn("limit", 1000);
                if c.rng.pct(30) {
                    o.kn("totalSegments", 8);
                    o.kn("segment", c.rng.below(8));
                }
            }
            o.kb("consistentRead", false);
            o.c();
            null_resp(o);
        }
        "CreateTable" | "DeleteTable" | "UpdateTable" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "CreateTable" {
                o.kr("attributeDefinitions", "[{\"attributeName\":\"pk\",\"attributeType\":\"S\"},{\"attributeName\":\"sk\",\"attributeType\":\"S\"}]");
                o.kr("keySchema", "[{\"attributeName\":\"pk\",\"keyType\":\"HASH\"},{\"attributeName\":\"sk\",\"keyType\":\"RANGE\"}]");
                o.ks("billingMode", "PAY_PER_REQUEST");
                o.kr("sSESpecification", "{\"enabled\":true,\"sSEType\":\"KMS\"}");
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            } else if name == "UpdateTable" {
                o.kr(
                    "provisionedThroughput",
                    "{\"readCapacityUnits\":50,\"writeCapacityUnits\":25}",
                );
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("tableDescription");
                o.ks("tableName", table);
                o.ks(
                    "tableStatus",
                    ["CREATING", "DELETING", "UPDATING"][[
                        "CreateTable",
                        "DeleteTable",
                        "UpdateTable",
                    ]
                    .iter()
                    .position(|x| *x == name)
                    .unwrap()],
                );
                o.ks("creationDateTime", &human_ts(c.t));
                o.kr("provisionedThroughput", "{\"numberOfDecreasesToday\":0,\"readCapacityUnits\":0,\"writeCapacityUnits\":0}");
                o.kn("tableSizeBytes", 0);
                o.kn("itemCount", 0);
                o.ks("tableArn", &tarn);
                o.ks("tableId", &uuid(&mut c.rng));
                o.kr(
                    "billingModeSummary",
                    "{\"billingMode\":\"PAY_PER_REQUEST\"}",
                );
                o.kb("deletionProtectionEnabled", false);
                o.c();
                o.c();
            }
        }
        "ExportTableToPointInTime" => {
            o.ko("requestParameters");
            o.ks("tableArn", &tarn);
            o.ks("s3Bucket", &c.g.ext_accts[0].clone());
            o.ks("exportFormat", "DYNAMODB_JSON");
            o.ks("clientToken", &uuid(&mut c.rng));
            o.c();
            null_resp(o);
        }
        "ListTagsOfResource" => {
            o.ko("requestParameters");
            o.ks("resourceArn", &tarn);
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "CreateBackup" {
                o.ks(
                    "backupName",
                    &format!("{table}-{}", c.rng.range(1000, 9999)),
                );
            }
            o.c();
            null_resp(o);
        }
    }
    if c.e.data {
        add_res(&mut sc.res, "AWS::DynamoDB::Table", &tarn, Some(c.aid()));
    }
}

fn msg_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let sqs = SVCS[c.e.svc].id == "sqs";
    let q = c.pool(if sqs { "sqs" } else { "sns" });
    let arn = c.arn(if sqs { "sqs" } else { "sns" }, q);
    let url = format!("https://sqs.{}.amazonaws.com/{}/{q}", c.r(), c.aid());
    sc.x = q.to_string();
    sc.arn = arn.clone();
    let o = &mut sc.body;
    if matches!(name, "ListQueues" | "ListTopics" | "ListSubscriptions") {
        if c.rng.pct(50) {
            o.kr("requestParameters", "null");
        } else {
            o.ko("requestParameters");
            if sqs {
                o.ks("queueNamePrefix", c.a.env);
            } else {
                o.ks("nextToken", &rand_str(&mut c.rng, B64, 40));
            }
            o.c();
        }
        null_resp(o);
        return;
    }
    o.ko("requestParameters");
    if sqs {
        if matches!(name, "CreateQueue" | "GetQueueUrl") {
            o.ks("queueName", q);
        } else {
            o.ks("queueUrl", &url);
        }
    } else if name == "CreateTopic" {
        o.ks("name", q);
    } else {
        o.ks("topicArn", &arn);
    }
    match name {
        "SendMessage" => {
            o.ks("messageBody", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if c.rng.pct(40) {
                o.kr("messageAttributes", "\"HIDDEN_DUE_TO_SECURITY_REASONS\"");
            }
            o.kn("delaySeconds", 0);
        }
        "SendMessageBatch" => {
            o.ka("entries");
            for i in 0..c.rng.range(2, 10) {
                o.eo();
                o.ks("id", &i.to_string());
                o.ks("messageBody", "HIDDEN_DUE_TO_SECURITY_REASONS");
                o.c();
            }
            o.ca();
        }
        "ReceiveMessage" => {
            o.kn("maxNumberOfMessages", 10);
            o.kn("waitTimeSeconds", 20);
            o.kr("attributeNames", "[\"All\"]");
            o.kr("messageAttributeNames", "[\"All\"]");
        }
        "DeleteMessage" | "ChangeMessageVisibility" => {
            o.ks("receiptHandle", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if name == "ChangeMessageVisibility" {
                o.kn("visibilityTimeout", 30);
            }
        }
        "GetQueueAttributes" if sqs => o.kr("attributeNames", "[\"All\"]"),
        "SetQueueAttributes" => o.kr(
            "attributes",
            "{\"VisibilityTimeout\":\"60\",\"MessageRetentionPeriod\":\"1209600\"}",
        ),
        "SetTopicAttributes" => {
            o.ks("attributeName", "Policy");
            let p = c.policy(false, false);
            o.ks("attributeValue", &p);
        }
        "Publish" => {
            o.ks("message", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if c.rng.pct(30) {
                o.ks("subject", "HIDDEN_DUE_TO_SECURITY_REASONS");
            }
        }
        "Subscribe" => {
            o.ks("protocol", "sqs");
            o.ks("endpoint", &c.arn("sqs", &format!("{}-fanout", c.a.env)));
            o.kb("returnSubscriptionArn", true);
        }
        _ => {}
    }
    o.c();
    if err {
        null_resp(o);
    } else {
        match name {
            "SendMessage" => {
                o.ko("responseElements");
                o.ks("mD5OfMessageBody", &hexs(&mut c.rng, 32));
                o.ks("messageId", &uuid(&mut c.rng));
                o.c();
            }
            "SendMessageBatch" => {
                o.ko("responseElements");
                o.ka("successful");
                for i in 0..c.rng.range(2, 6) {
                    o.eo();
                    o.ks("id", &i.to_string());
                    o.ks("messageId", &uuid(&mut c.rng));
                    o.ks("mD5OfMessageBody", &hexs(&mut c.rng, 32));
                    o.c();
                }
                o.ca();
                o.kr("failed", "[]");
                o.c();
            }
            "Publish" => {
                o.ko("responseElements");
                o.ks("messageId", &uuid(&mut c.rng));
                o.c();
            }
            "CreateQueue" => {
                o.ko("responseElements");
                o.ks("queueUrl", &url);
                o.c();
            }
            "CreateTopic" => {
                o.ko("responseElements");
                o.ks("topicArn", &arn);
                o.c();
            }
            "Subscribe" => {
                o.ko("responseElements");
                o.ks("subscriptionArn", &format!("{arn}:{}", uuid(&mut c.rng)));
                o.c();
            }
            _ => null_resp(o),
        }
    }
    if c.e.data {
        add_res(
            &mut sc.res,
            if sqs {
                "AWS::SQS::Queue"
            } else {
                "AWS::SNS::Topic"
            },
            &arn,
            Some(c.aid()),
        );
    }
}

fn config_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let ssm = SVCS[c.e.svc].id == "ssm";
    let o = &mut sc.body;
    if ssm {
        let p = c.pool("ssm");
        sc.x = p.to_string();
        sc.arn = c.arn("ssm", &format!("parameter{p}"));
        let inst = c.pick(&c.a.instances).to_string();
        match name {
            "GetParameter"
            | "GetParameters"
            | "DeleteParameter"
            | "PutParameter"
            | "GetParametersByPath" => {
                o.ko("requestParameters");
                match name {
                    "GetParameters" => {
                        o.ka("names");
                        o.es(p);
                        for _ in 0..c.rng.below(4) {
                            o.es(c.pool("ssm"));
                        }
                        o.ca();
                    }
                    "GetParametersByPath" => {
                        let cut = p.rfind('/').unwrap_or(0).max(1);
                        o.ks("path", &p[..cut]);
                        o.kb("recursive", true);
                        o.kn("maxResults", 10);
                    }
                    _ => o.ks("name", p),
                }
                if name.starts_with("Get") {
                    o.kb("withDecryption", !p.starts_with("/aws/"));
                }
                if name == "PutParameter" {
                    o.ks("type", "SecureString");
                    o.kb("overwrite", true);
                    o.ks("tier", "Standard");
                    o.ks("value", "HIDDEN_DUE_TO_SECURITY_REASONS");
                }
                o.c();
                if name == "PutParameter" && !err {
                    o.ko("responseElements");
                    o.kn("version", c.rng.range(2, 40));
                    o.ks("tier", "Standard");
                    o.c();
                } else {
                    null_resp(o);
                }
            }
            "UpdateInstanceInformation" => {
                let ip =
                    c.lane.private_ip.clone().unwrap_or_else(|| {
                        format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250))
                    });
                o.ko("requestParameters");
                o.ks("instanceId", &inst);
                o.ks("agentVersion", "3.3.1142.0");
                o.ks("agentStatus", "Active");
                o.ks("platformType", "Linux");
                o.ks("platformName", "Amazon Linux");
                o.ks("platformVersion", "2023");
                o.ks("iPAddress", &ip);
                o.ks(
                    "computerName",
                    &format!("ip-{}.ec2.internal", ip.replace('.', "-")),
                );
                o.ks("agentName", "amazon-ssm-agent");
                o.ks(
                    "availabilityZone",
                    &format!("{}{}", c.r(), ["a", "b", "c"][c.rng.idx(3)]),
                );
                o.ks(
                    "availabilityZoneId",
                    &format!("use1-az{}", c.rng.range(1, 6)),
                );
                o.ks("sSMConnectionChannel", "ssmmessages");
                o.c();
                null_resp(o);
            }
            "SendCommand" => {
                let cmd = uuid(&mut c.rng);
                o.ko("requestParameters");
                o.ka("instanceIds");
                o.es(&inst);
                o.ca();
                o.ks("documentName", "AWS-RunShellScript");
                o.ks(
                    "comment",
                    if c.lane.prof == Prof::Exfil {
                        ""
                    } else {
                        "deploy"
                    },
                );
                o.ks("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS");
                o.kb("interactive", false);
                o.kn("timeoutSeconds", 600);
                o.c();
                if err {
                    null_resp(o);
                } else {
                    o.ko("responseElements");
                    o.ko("command");
                    o.ks("commandId", &cmd);
                    o.ks("documentName", "AWS-RunShellScript");
                    o.ks("documentVersion", "$DEFAULT");
                    o.ks("comment", "");
                    o.ks("expiresAfter", &human_ts(c.t + 4200));
                    o.ks("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS");
                    o.ka("instanceIds");
                    o.es(&inst);
                    o.ca();
                    o.kr("targets", "[]");
                    o.ks("requestedDateTime", &human_ts(c.t));
                    o.ks("status", "Pending");
                    o.ks("statusDetails", "Pending");
                    o.ks("outputS3Region", c.r());
                    o.ks("outputS3BucketName", "");
                    o.ks("outputS3KeyPrefix", "");
                    o.ks("maxConcurrency", "50");
                    o.ks("maxErrors", "0");
                    o.kn("targetCount", 1);
                    o.kn("completedCount", 0);
                    o.kn("errorCount", 0);
                    o.kn("deliveryTimedOutCount", 0);
                    o.ks("serviceRole", "");
                    o.kr("notificationConfig", "{\"notificationArn\":\"\",\"notificationEvents\":[],\"notificationType\":\"\"}");
                    o.kr(
                        "cloudWatchOutputConfig",
                        "{\"cloudWatchLogGroupName\":\"\",\"cloudWatchOutputEnabled\":false}",
                    );
                    o.kn("timeoutSeconds", 600);
                    o.kr(
                        "alarmConfiguration",
                        "{\"ignorePollAlarmFailure\":false,\"alarms\":[]}",
                    );
                    o.kr("triggeredAlarms", "[]");
                    o.c();
                    o.c();
                }
            }
            "StartSession" => {
                o.ko("requestParameters");
                o.ks("target", &inst);
                o.c();
                if err {
                    null_resp(o);
                } else {
                    let sid = format!(
                        "{}-0{}",
                        c.sess.name.split('@').next().unwrap_or("session"),
                        hexs(&mut c.rng, 16)
                    );
                    o.ko("responseElements");
                    o.ks("sessionId", &sid);
                    o.ks("tokenValue", "Value hidden due to security reasons.");
                    o.ks("streamUrl", &format!("wss://ssmmessages.{}.amazonaws.com/v1/data-channel/{sid}?role=publish_subscribe&cell-number={}", c.r(), rand_str(&mut c.rng, B64URL, 40)));
                    o.c();
                }
            }
            "DescribeParameters"
            | "ListDocuments"
            | "ListCommands"
            | "DescribeInstanceInformation"
            | "ListAssociations"
            | "DescribeMaintenanceWindows"
            | "DescribeAutomationExecutions" => {
                if c.rng.pct(50) {
                    o.kr("requestParameters", "null");
                } else {
                    o.ko("requestParameters");
                    o.kn("maxResults", 50);
                    o.c();
                }
                null_resp(o);
            }
            _ => {
                o.ko("requestParameters");
                if name.contains("Command") || name.contains("Session") {
                    o.ks("commandId", &uuid(&mut c.rng));
                    o.ks("instanceId", &inst);
                } else if name.contains("Instance")
                    || name.contains("Inventory")
                    || name.contains("Patch")
                {
                    o.ks("instanceId", &inst);
                } else if name.contains("Document") {
                    o.ks("name", "AWS-RunPatchBaseline");
                } else if name == "ListTagsForResource" {
                    o.ks("resourceType", "Parameter");
                    o.ks("resourceId", p);
                } else {
                    o.ks("name", p);
                }
                o.c();
                null_resp(o);
            }
        }
        return;
    }
    // Secrets Manager.
    let s = c.pool("secretsmanager");
    let sarn = c.arn("secretsmanager", &format!("secret:{s}"));
    let plain = &s[..s.len() - 7];
    sc.x = s.to_string();
    sc.arn = sarn.clone();
    match name {
        "ListSecrets" => {
            if c.rng.pct(50) {
                o.kr("requestParameters", "null");
            } else {
                o.ko("requestParameters");
                o.kn("maxResults", 100);
                o.c();
            }
            null_resp(o);
        }
        "BatchGetSecretValue" => {
            o.ko("requestParameters");
            o.ka("secretIdList");
            for _ in 0..c.rng.range(2, 8) {
                let x = c.pool("secretsmanager");
                o.es(x);
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "CreateSecret" => {
            o.ko("requestParameters");
            o.ks("name", plain);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            o.ks("description", "Managed by Terraform");
            o.ks("kmsKeyId", &format!("alias/{}-secrets", c.a.env));
            tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("aRN", &sarn);
                o.ks("name", plain);
                o.ks("versionId", &uuid(&mut c.rng));
                o.c();
            }
        }
        "PutSecretValue" | "UpdateSecret" | "RotateSecret" => {
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            if name == "RotateSecret" {
                o.ks(
                    "rotationLambdaARN",
                    &c.arn(
                        "lambda",
                        "function:SecretsManagerRDSPostgreSQLRotationSingleUser",
                    ),
                );
                o.kr("rotationRules", "{\"automaticallyAfterDays\":30}");
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("arn", &sarn);
                o.ks("name", plain);
                o.ks("versionId", &uuid(&mut c.rng));
                if name == "PutSecretValue" {
                    o.kr("versionStages", "[\"AWSCURRENT\"]");
                }
                o.c();
            }
        }
        "DeleteSecret" => {
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.kn("recoveryWindowInDays", 7);
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("arn", &sarn);
                o.ks("name", plain);
                o.ks("deletionDate", &human_ts(c.t + 7 * 86_400));
                o.c();
            }
        }
        "PutResourcePolicy" => {
            let p = c.policy(false, false);
            o.ko("requestParameters");
            o.ks("secretId", &sarn);
            o.ks("resourcePolicy", &p);
            o.kb("blockPublicPolicy", true);
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("secretId", if c.rng.pct(50) { &sarn } else { plain });
            if name == "GetSecretValue" && c.rng.pct(15) {
                o.ks("versionStage", "AWSCURRENT");
            }
            o.c();
            null_resp(o);
        }
    }
}

/// Generic request parameter of a service: key name and value.
fn generic_res(c: &mut Ctx, svc: &str) -> Option<(&'static str, String)> {
    let r = c.r();
    let aid = c.aid();
    Some(match svc {
        "logs" => ("logGroupName", c.pool("logs").to_string()),
        "rds" => ("dBInstanceIdentifier", c.pool("rds").to_string()),
        "monitoring" => ("alarmName", c.pool("monitoring").to_string()),
        "ecr" => ("repositoryName", c.pool("ecr").to_string()),
        "ecs" => ("cluster", c.pool("ecs").to_string()),
        "eks" => ("name", c.pool("eks").to_string()),
        "elasticloadbalancing" => {
            let t = c.pool("elasticloadbalancing");
            let h = hash_str(t);
            (
                "targetGroupArn",
                format!("arn:aws:elasticloadbalancing:{r}:{aid}:targetgroup/{t}/{h:016x}"),
            )
        }
        "autoscaling" => ("autoScalingGroupName", c.pool("autoscaling").to_string()),
        "cloudformation" => ("stackName", c.pool("cloudformation").to_string()),
        "route53" => ("hostedZoneId", c.pool("route53").to_string()),
        "config" => ("configRuleName", c.pool("config").to_string()),
        "guardduty" => ("detectorId", c.pool("guardduty").to_string()),
        "organizations" => (
            "accountId",
            c.g.accts[c.rng.idx(c.g.accts.len())].id.clone(),
        ),
        "sso" => {
            let ps = c.pool("sso");
            (
                "permissionSetArn",
                format!("arn:aws:sso:::permissionSet/ssoins-{}/{ps}", &c.a.sso_hex),
            )
        }
        "acm" => {
            let id = c.pool("acm");
            ("certificateArn", c.arn("acm", &format!("certificate/{id}")))
        }
        "apigateway" => ("restApiId", c.pool("apigateway").to_string()),
        "events" => ("name", c.pool("events").to_string()),
        "states" => {
            let s = c.pool("states");
            (
                "stateMachineArn",
                c.arn("states", &format!("stateMachine:{s}")),
            )
        }
        "glue" => ("databaseName", c.pick(&c.a.glue_dbs).to_string()),
        "athena" => ("workGroup", c.pool("athena").to_string()),
        "kinesis" => ("streamName", c.pool("kinesis").to_string()),
        "firehose" => ("deliveryStreamName", c.pool("firehose").to_string()),
        "elasticache" => ("cacheClusterId", c.pool("elasticache").to_string()),
        "cloudfront" => ("id", c.pool("cloudfront").to_string()),
        "backup" => ("backupVaultName", c.pool("backup").to_string()),
        "access-analyzer" => {
            let a = c.pool("access-analyzer");
            (
                "analyzerArn",
                c.arn("access-analyzer", &format!("analyzer/{a}")),
            )
        }
        "codebuild" => ("projectName", c.pool("codebuild").to_string()),
        "codepipeline" => ("name", c.pool("codepipeline").to_string()),
        "sagemaker" => ("notebookInstanceName", c.pool("sagemaker").to_string()),
        "cloudtrail" => (
            "name",
            format!(
                "arn:aws:cloudtrail:{}:{}:trail/{}",
                c.g.regions[c.g.global], c.g.accts[0].id, c.g.trail
            ),
        ),
        _ => return None,
    })
}

fn generic_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.err != Err::No;
    let svc = SVCS[c.e.svc].id;
    let res = generic_res(c, svc);
    let o = &mut sc.body;
    let list = name.starts_with("List") || (name.starts_with("Describe") && name.ends_with('s'));
    match res {
        Some((k, v)) if !(list && c.rng.pct(60)) => {
            sc.x = v.rsplit(['/', ':']).next().unwrap_or(&v).to_string();
            if v.starts_with("arn:") {
                sc.arn = v.clone();
            }
            o.ko("requestParameters");
            o.ks(k, &v);
            if !c.e.ro {
                if c.rng.pct(30)
                    && (name.starts_with("Create")
                        || name.starts_with("Tag")
                        || name.starts_with("Add"))
                {
                    tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
                }
                if c.rng.pct(25) {
                    o.ks("clientRequestToken", &uuid(&mut c.rng));
                }
            }
            o.c();
            if !err && !c.e.ro && c.rng.pct(50) {
                o.ko("responseElements");
                if v.starts_with("arn:") {
                    o.ks(k, &v);
                } else {
                    let id_key =
                        format!("{}Arn", k.trim_end_matches("Name").trim_end_matches("Id"));
                    o.ks(
                        &id_key,
                        &format!("arn:aws:{}:{}:{}:{}", SVCS[c.e.svc].iam, c.r(), c.aid(), v),
                    );
                }
                o.c();
            } else {
                null_resp(o);
            }
        }
        _ => {
            if c.rng.pct(50) {
                o.kr("requestParameters", "null");
            } else {
                o.ko("requestParameters");
                o.kn("maxResults", [50, 100, 1000][c.rng.idx(3)]);
                o.c();
            }
            null_resp(o);
        }
    }
}

fn misc_body(c: &mut Ctx, sc: &mut Scratch) {
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
                o.ks("name", &format!("{}.{dom}.", APPS[c.rng.idx(APPS.len())]));
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

// ---------------------------------------------------------------------------------------------
// Record envelopes.

const VPCE_SVCS: &[&str] = &[
    "s3",
    "kms",
    "ssm",
    "secretsmanager",
    "sts",
    "logs",
    "ecr",
    "dynamodb",
    "sqs",
    "sns",
    "monitoring",
];
const CONSOLE_JAVA: &str = "aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.228-198.909.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 vendor/Oracle_Corporation cfg/retry-mode/standard";
const SSM_AGENT: &str = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0";

fn event_version(svc: &str) -> &'static str {
    if hash_str(svc) % 100 < 70 {
        "1.09"
    } else {
        "1.08"
    }
}

impl Gen {
    fn event_time(&self, f: &FilePlan, k: u32, rng: &mut Rng) -> i64 {
        let base = self.slot_time(f, k);
        let ws = self.ws(f);
        let r = rng.below(1000);
        let t = if r < 6 {
            // Delivered late, in a later file.
            (base - rng.range(30, 900) as i64).max(self.start)
        } else if r < 80 {
            let spread = 3 * self.win / f.n as i64 + 2;
            (base + rng.below(2 * spread as u64 + 1) as i64 - spread).max(ws)
        } else {
            base
        };
        t.min(ws + self.win - 1)
    }

    fn pick_err(&self, rng: &mut Rng, lane: &Lane, e: &Entry) -> Err {
        let p = self.error_rate * lane.err_pct as f64 / 100.0;
        if !rng.chance(p) {
            return Err::No;
        }
        let r = rng.below(100);
        if lane.err_pct > 100 {
            if r < 85 {
                Err::Denied
            } else if r < 95 {
                Err::NotFound
            } else {
                Err::Throttle
            }
        } else if r < 45 {
            Err::Denied
        } else if r < 65 && e.ro {
            Err::Throttle
        } else {
            Err::NotFound
        }
    }

    fn principal_arn(&self, lane: &Lane, sess: &Session, invoked: &str) -> String {
        if !invoked.is_empty() {
            return invoked.to_string();
        }
        let a = &self.accts[lane.acct].id;
        match lane.kind {
            LK::Root => format!("arn:aws:iam::{a}:root"),
            LK::Federation => format!("arn:aws:sts::{a}:federated-user/{}", sess.name),
            LK::CrossAccount => {
                let sname = lane.label.split(':').nth(1).unwrap_or("session");
                format!(
                    "arn:aws:sts::{}:assumed-role/{sname}/{sname}",
                    self.ext_accts[lane.user]
                )
            }
            k if k.is_role() => format!(
                "arn:aws:sts::{a}:assumed-role/{}/{}",
                self.roles[lane.role].name, sess.name
            ),
            _ => format!("arn:aws:iam::{a}:user/{}", self.users[lane.user].name),
        }
    }

    fn session_context(
        &self,
        o: &mut Vec<u8>,
        lane: &Lane,
        sess: &Session,
        issuer: Option<(&str, &str, &str, &str)>,
    ) {
        o.ko("sessionContext");
        o.ko("sessionIssuer");
        if let Some((ty, pid, arn, name)) = issuer {
            o.ks("type", ty);
            o.ks("principalId", pid);
            o.ks("arn", arn);
            o.ks("accountId", &self.accts[lane.acct].id);
            o.ks("userName", name);
        }
        o.c();
        o.ko("webIdFederationData");
        if matches!(lane.kind, LK::Eks | LK::GitHub) {
            o.ks("federatedProvider", &oidc_provider(self, lane));
            o.kr("attributes", "{}");
        }
        o.c();
        o.ko("attributes");
        o.kt("creationDate", sess.creation);
        o.ks("mfaAuthenticated", if lane.mfa { "true" } else { "false" });
        o.c();
        if lane.kind == LK::Ec2 {
            o.ks("ec2RoleDelivery", "2.0");
        }
        o.c();
    }

    /// `userIdentity` members. `pre`: the identity presenting a SAML assertion or OIDC token
    /// (SAMLUser / WebIdentityUser) rather than the role session it obtains.
    fn write_identity(
        &self,
        o: &mut Vec<u8>,
        lane: &Lane,
        sess: &Session,
        invoked: &str,
        pre: bool,
    ) {
        if !invoked.is_empty() {
            o.ks("type", "AWSService");
            o.ks("invokedBy", invoked);
            return;
        }
        let a = &self.accts[lane.acct].id;
        match lane.kind {
            LK::UserKey | LK::AttackKey | LK::AttackBackdoor | LK::Console | LK::SessionToken => {
                let u = &self.users[lane.user];
                o.ks("type", "IAMUser");
                o.ks("principalId", &u.aid);
                o.ks("arn", &format!("arn:aws:iam::{a}:user/{}", u.name));
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                o.ks("userName", &u.name);
                if matches!(lane.kind, LK::Console | LK::SessionToken) {
                    self.session_context(o, lane, sess, None);
                }
            }
            LK::Root => {
                o.ks("type", "Root");
                o.ks("principalId", a);
                o.ks("arn", &format!("arn:aws:iam::{a}:root"));
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                self.session_context(o, lane, sess, None);
            }
            LK::Federation => {
                let u = &self.users[lane.user];
                o.ks("type", "FederatedUser");
                o.ks("principalId", &format!("{a}:{}", sess.name));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{a}:federated-user/{}", sess.name),
                );
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                let uarn = format!("arn:aws:iam::{a}:user/{}", u.name);
                self.session_context(o, lane, sess, Some(("IAMUser", &u.aid, &uarn, &u.name)));
            }
            LK::CrossAccount => {
                o.ks("type", "AWSAccount");
                o.ks("principalId", &lane.label);
                o.ks("accountId", &self.ext_accts[lane.user]);
            }
            LK::Eks | LK::GitHub if pre => {
                let p = oidc_provider(self, lane);
                o.ks("type", "WebIdentityUser");
                o.ks(
                    "principalId",
                    &format!("{p}:sts.amazonaws.com:{}", lane.label),
                );
                o.ks("userName", &lane.label);
                o.ks("identityProvider", &p);
            }
            LK::Sso | LK::Saml if pre => {
                let idp = &self.accts[lane.acct].saml_idp;
                o.ks("type", "SAMLUser");
                o.ks("principalId", &format!("{idp}:{}", lane.label));
                o.ks("userName", &lane.label);
                o.ks("identityProvider", idp);
            }
            _ => {
                let r = &self.roles[lane.role];
                o.ks("type", "AssumedRole");
                o.ks("principalId", &format!("{}:{}", r.rid, sess.name));
                o.ks(
                    "arn",
                    &format!("arn:aws:sts::{a}:assumed-role/{}/{}", r.name, sess.name),
                );
                o.ks("accountId", a);
                o.ks("accessKeyId", &sess.akid);
                let rarn = role_arn(self, r);
                self.session_context(o, lane, sess, Some(("Role", &r.rid, &rarn, &r.name)));
            }
        }
    }

    fn user_agent(&self, lane: &Lane, e: &Entry, rng: &mut Rng, invoked: &str) -> String {
        if !invoked.is_empty() {
            return invoked.to_string();
        }
        let s = &SVCS[e.svc];
        if lane.kind == LK::Ec2 && s.id == "ssm" {
            return SSM_AGENT.to_string();
        }
        let ua = match &lane.ua {
            Ua::Fixed(x) => x.clone(),
            Ua::Cli(p) => {
                let cmd = match (s.id, e.name) {
                    ("s3", "GetObject" | "PutObject" | "HeadObject") => "s3.cp".to_string(),
                    ("s3", "ListObjects") => "s3.ls".to_string(),
                    _ => format!("{}.{}", s.cli, kebab(e.name)),
                };
                format!("{p} md/command#{cmd}")
            }
            Ua::Go(p) => format!("{p} api/{}#{}", s.iam, svc_version(s.iam)),
            Ua::Js(p, v, env) => format!("{p} api/{}#{v}{env}", s.iam),
            Ua::Console(browser) => {
                let r = rng.below(100);
                return if r < 40 {
                    "AWS Internal".to_string()
                } else if r < 48 {
                    "console.amazonaws.com".to_string()
                } else if r < 75 {
                    browser.clone()
                } else if s.id == "s3" {
                    format!("[S3Console/0.4, {CONSOLE_JAVA}]")
                } else {
                    CONSOLE_JAVA.to_string()
                };
            }
        };
        if s.id == "s3" {
            format!("[{ua}]")
        } else {
            ua
        }
    }

    fn write_error(&self, out: &mut Vec<u8>, c: &mut Ctx, sc: &Scratch) {
        let s = &SVCS[c.e.svc];
        let (code, msg): (&str, String) = match c.err {
            Err::No => return,
            Err::Throttle => match s.id {
                "ec2" => (
                    "Client.RequestLimitExceeded",
                    "Request limit exceeded.".into(),
                ),
                "iam" | "sts" => ("Throttling", "Rate exceeded".into()),
                "s3" => ("SlowDown", "Please reduce your request rate.".into()),
                "dynamodb" => (
                    "ThrottlingException",
                    "Rate of requests exceeds the allowed throughput.".into(),
                ),
                "lambda" => ("TooManyRequestsException", "Rate exceeded".into()),
                _ if s.json => ("ThrottlingException", "Rate exceeded".into()),
                _ => ("Throttling", "Rate exceeded".into()),
            },
            Err::NotFound if sc.nf.is_some() || !s.nf.0.is_empty() => match &sc.nf {
                Some((code, msg)) => (code, msg.clone()),
                None => (
                    s.nf.0,
                    s.nf.1
                        .replace("{x}", if sc.x.is_empty() { "default" } else { &sc.x })
                        .replace("{a}", c.aid())
                        .replace("{r}", c.r()),
                ),
            },
            _ => {
                let arn = self.principal_arn(c.lane, c.sess, sc.invoked);
                let action = format!("{}:{}", s.iam, action_name(c.e.name));
                match s.id {
                    "s3" => ("AccessDenied", "Access Denied".into()),
                    "ec2" => {
                        if c.e.ro {
                            ("Client.UnauthorizedOperation", format!("You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action"))
                        } else {
                            let n = c.rng.range(400, 1100) as usize;
                            let enc = rand_str(&mut c.rng, B64URL, n);
                            ("Client.UnauthorizedOperation", format!("You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action} on resource: {} because no identity-based policy allows the {action} action. Encoded authorization failure message: {enc}", sc.arn))
                        }
                    }
                    _ => {
                        let on = if sc.arn.is_empty() {
                            String::new()
                        } else {
                            format!(" on resource: {}", sc.arn)
                        };
                        (
                            if s.json { "AccessDeniedException" } else { "AccessDenied" },
                            format!("User: {arn} is not authorized to perform: {action}{on} because no identity-based policy allows the {action} action"),
                        )
                    }
                }
            }
        };
        out.ks("errorCode", code);
        if !msg.is_empty() {
            out.ks("errorMessage", &msg);
        }
    }

    /// Writes an AwsApiCall record whose body (`sc.body`, `sc.res`) is ready.
    fn envelope(&self, out: &mut Vec<u8>, c: &mut Ctx, sc: &mut Scratch, pre: bool) -> EvInfo {
        let e = c.e;
        let s = &SVCS[e.svc];
        let lane = c.lane;
        let invoked = sc.invoked;
        out.push(b'{');
        out.ks("eventVersion", event_version(s.id));
        out.ko("userIdentity");
        self.write_identity(out, lane, c.sess, invoked, pre);
        out.c();
        out.kt("eventTime", c.t);
        out.k("eventSource");
        out.push(b'"');
        out.extend_from_slice(s.id.as_bytes());
        out.extend_from_slice(b".amazonaws.com\"");
        out.ks("eventName", e.name);
        out.ks("awsRegion", c.r());
        let vpce = if invoked.is_empty() && VPCE_SVCS.contains(&s.id) {
            lane.vpce.as_deref()
        } else {
            None
        };
        let ip: &str = if !invoked.is_empty() {
            invoked
        } else if let (Some(_), Some(p)) = (vpce, lane.private_ip.as_deref()) {
            p
        } else if c.sess.ip != NO32 {
            &lane.ips[c.sess.ip as usize]
        } else {
            &lane.ips[c.rng.idx(lane.ips.len())]
        };
        out.ks("sourceIPAddress", ip);
        let ua = if pre && matches!(lane.kind, LK::Sso | LK::Saml) {
            // The SAML assertion is posted by the browser (IdP or access portal).
            match &lane.ua {
                Ua::Console(b) => b.clone(),
                _ => browser(&mut Rng::new(hash_str(&lane.label))),
            }
        } else {
            self.user_agent(lane, e, &mut c.rng, invoked)
        };
        out.ks("userAgent", &ua);
        self.write_error(out, c, sc);
        out.push(b',');
        out.extend_from_slice(&sc.body);
        out.k("requestID");
        out.push(b'"');
        if s.id == "s3" {
            push_rand(out, &mut c.rng, UPPER_ALNUM, 16);
        } else {
            let mut u = String::with_capacity(36);
            push_uuid_str(&mut u, &mut c.rng);
            out.extend_from_slice(u.as_bytes());
        }
        out.push(b'"');
        out.k("eventID");
        out.push(b'"');
        let mut u = String::with_capacity(36);
        push_uuid_str(&mut u, &mut c.rng);
        out.extend_from_slice(u.as_bytes());
        out.push(b'"');
        out.kb("readOnly", e.ro);
        if !sc.res.is_empty() {
            out.ka("resources");
            out.extend_from_slice(&sc.res);
            out.ca();
        }
        out.ks("eventType", "AwsApiCall");
        out.kb("managementEvent", !e.data);
        out.ks("recipientAccountId", c.aid());
        if !invoked.is_empty()
            || self.accts[lane.acct].id != c.a.id
            || lane.kind == LK::CrossAccount
        {
            let mut u = String::with_capacity(36);
            push_uuid_str(&mut u, &mut c.rng);
            out.ks("sharedEventID", &u);
        }
        if let Some(v) = vpce {
            out.ks("vpcEndpointId", v);
            if e.data {
                out.ks("vpcEndpointAccountId", c.aid());
            }
        }
        out.ks("eventCategory", if e.data { "Data" } else { "Management" });
        if lane.console && invoked.is_empty() {
            out.ks("sessionCredentialFromConsole", "true");
        }
        if invoked.is_empty() {
            out.ko("tlsDetails");
            let v13 = c.rng.pct(75);
            out.ks("tlsVersion", if v13 { "TLSv1.3" } else { "TLSv1.2" });
            out.ks(
                "cipherSuite",
                if v13 {
                    "TLS_AES_128_GCM_SHA256"
                } else {
                    "ECDHE-RSA-AES128-GCM-SHA256"
                },
            );
            out.k("clientProvidedHostHeader");
            out.push(b'"');
            if !sc.host.is_empty() {
                out.extend_from_slice(sc.host.as_bytes());
            } else if s.global {
                out.extend_from_slice(s.id.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            } else {
                out.extend_from_slice(s.id.as_bytes());
                out.push(b'.');
                out.extend_from_slice(c.r().as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            out.push(b'"');
            out.c();
        }
        out.push(b'}');
        EvInfo {
            t: c.t,
            err: c.err != Err::No,
            dup: false,
        }
    }

    fn write_record(
        &self,
        fi: usize,
        k: u32,
        out: &mut Vec<u8>,
        sc: &mut Scratch,
        depth: u32,
    ) -> EvInfo {
        let f = &self.files[fi];
        let h = hash(&[self.seed, fi as u64, k as u64, 0xD0_0B1E]);
        let special = f.specials.binary_search_by_key(&k, |s| s.0);
        if depth < 4 && f.prev != NO32 && h.is_multiple_of(1000) && special.is_err() {
            let mut src = f.prev as usize;
            for _ in 0..(h >> 10) % 3 {
                let p = self.files[src].prev;
                if p == NO32 {
                    break;
                }
                src = p as usize;
            }
            let sk = ((h >> 20) % self.files[src].n as u64) as u32;
            let mut info = self.write_record(src, sk, out, sc, depth + 1);
            info.dup = true;
            return info;
        }
        if let Ok(i) = special {
            return self.write_special(fi, k, f.specials[i].1, out, sc);
        }
        self.write_fresh(fi, k, out, sc)
    }

    #[allow(clippy::too_many_arguments)]
    fn ctx<'a>(
        &'a self,
        rng: Rng,
        acct: usize,
        region: usize,
        t: i64,
        lane: &'a Lane,
        sess: &'a Session,
        e: usize,
        err: Err,
    ) -> Ctx<'a> {
        Ctx {
            g: self,
            rng,
            a: &self.accts[acct],
            acct,
            region,
            t,
            lane,
            sess,
            e: &self.catalog[e],
            err,
        }
    }

    fn write_fresh(&self, fi: usize, k: u32, out: &mut Vec<u8>, sc: &mut Scratch) -> EvInfo {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let mut rng = Rng::of(&[self.seed, fi as u64, k as u64, 0xE7E7]);
        let total = *f.cum.last().unwrap();
        let r = rng.below(total);
        let (li, si) = f.actors[f.cum.partition_point(|&c| c <= r)];
        let lane = &self.lanes[li as usize];
        let sess = &self.sessions[si as usize];
        let mut t = self.event_time(f, k, &mut rng);
        if sess.creation > i64::MIN / 8 && t <= sess.creation {
            t = sess.creation + 1 + rng.below(20) as i64;
        }
        match lane.kind {
            LK::ServiceEvent => {
                return self.write_service_event(out, &mut rng, st.acct, st.region, t)
            }
            LK::BruteForce => {
                return self.write_console_login(out, &mut rng, lane, sess, st.acct, t, false)
            }
            _ => {}
        }
        let global = st.region == self.global;
        let ei = self.tables[lane.prof as usize * 2 + usize::from(global)].pick(&mut rng);
        let err = self.pick_err(&mut rng, lane, &self.catalog[ei]);
        sc.reset();
        if lane.kind == LK::Service {
            sc.invoked = if SVCS[self.catalog[ei].svc].id == "sts" {
                SL_ROLES[rng.idx(SL_ROLES.len())].0
            } else {
                KMS_CALLERS[rng.idx(KMS_CALLERS.len())]
            };
        }
        let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, ei, err);
        write_body(&mut c, sc);
        self.envelope(out, &mut c, sc, false)
    }

    fn write_special(
        &self,
        fi: usize,
        k: u32,
        sp: Special,
        out: &mut Vec<u8>,
        sc: &mut Scratch,
    ) -> EvInfo {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let t = self.slot_time(f, k);
        let rng = Rng::of(&[self.seed, fi as u64, k as u64, 0x5BEC]);
        sc.reset();
        let (s, name) = match sp {
            Special::Issue(s) => (s, ""),
            Special::CreateUser(s) => (s, "CreateUser"),
            Special::AttachPolicy(s) => (s, "AttachUserPolicy"),
        };
        let sess = &self.sessions[s as usize];
        let lane = &self.lanes[sess.lane as usize];
        let issuer = || {
            let is = &self.sessions[sess.issuer_sess as usize];
            (&self.lanes[is.lane as usize], is)
        };
        if !name.is_empty() || lane.kind == LK::AttackBackdoor {
            let (il, is) = issuer();
            sc.force_user = Some(self.users[lane.user].name.clone());
            let name = if name.is_empty() {
                sc.force_key = Some(sess.akid.clone());
                "CreateAccessKey"
            } else {
                name
            };
            let e = find_entry(&self.catalog, "iam", name);
            let mut c = self.ctx(rng, st.acct, st.region, t, il, is, e, Err::No);
            write_body(&mut c, sc);
            return self.envelope(out, &mut c, sc, false);
        }
        match lane.kind {
            LK::Console | LK::Root => {
                let mut rng = rng;
                self.write_console_login(out, &mut rng, lane, sess, st.acct, t, true)
            }
            LK::Ec2 | LK::Lambda | LK::Ecs => {
                sc.invoked = match lane.kind {
                    LK::Ec2 => "ec2.amazonaws.com",
                    LK::Lambda => "lambda.amazonaws.com",
                    _ => "ecs-tasks.amazonaws.com",
                };
                sc.issue = s;
                let e = find_entry(&self.catalog, "sts", "AssumeRole");
                let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, true)
            }
            LK::Eks | LK::GitHub | LK::Sso | LK::Saml => {
                sc.issue = s;
                let name = if matches!(lane.kind, LK::Eks | LK::GitHub) {
                    "AssumeRoleWithWebIdentity"
                } else {
                    "AssumeRoleWithSAML"
                };
                sc.host = format!("sts.{}.amazonaws.com", self.regions[st.region]);
                let e = find_entry(&self.catalog, "sts", name);
                let mut c = self.ctx(rng, st.acct, st.region, t, lane, sess, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, true)
            }
            _ => {
                // Issued by another principal: AssumeRole, GetSessionToken, GetFederationToken.
                let (il, is) = issuer();
                sc.issue = s;
                let name = match lane.kind {
                    LK::SessionToken => "GetSessionToken",
                    LK::Federation => "GetFederationToken",
                    _ => "AssumeRole",
                };
                sc.host = if rng.clone().pct(30) {
                    "sts.amazonaws.com".to_string()
                } else {
                    format!("sts.{}.amazonaws.com", self.regions[st.region])
                };
                let e = find_entry(&self.catalog, "sts", name);
                let mut c = self.ctx(rng, st.acct, st.region, t, il, is, e, Err::No);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, false)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn write_console_login(
        &self,
        out: &mut Vec<u8>,
        rng: &mut Rng,
        lane: &Lane,
        _sess: &Session,
        acct: usize,
        t: i64,
        success: bool,
    ) -> EvInfo {
        let a = &self.accts[acct];
        let r = &self.regions[self.global];
        out.push(b'{');
        out.ks("eventVersion", event_version("signin"));
        out.ko("userIdentity");
        let mut mfa_id = String::new();
        let mut mfa = lane.mfa;
        if success {
            if lane.kind == LK::Root {
                out.ks("type", "Root");
                out.ks("principalId", &a.id);
                out.ks("arn", &format!("arn:aws:iam::{}:root", a.id));
                out.ks("accountId", &a.id);
                mfa_id = format!("arn:aws:iam::{}:mfa/root-account-mfa-device", a.id);
            } else {
                let u = &self.users[lane.user];
                out.ks("type", "IAMUser");
                out.ks("principalId", &u.aid);
                out.ks("arn", &format!("arn:aws:iam::{}:user/{}", a.id, u.name));
                out.ks("accountId", &a.id);
                out.ks("userName", &u.name);
                mfa_id = format!(
                    "arn:aws:iam::{}:mfa/{}",
                    a.id,
                    u.name.split('@').next().unwrap()
                );
            }
        } else {
            mfa = false;
            let x = rng.below(100);
            if x < 15 {
                out.ks("type", "Root");
                out.ks("principalId", &a.id);
                out.ks("arn", &format!("arn:aws:iam::{}:root", a.id));
                out.ks("accountId", &a.id);
                out.ks("accessKeyId", "");
            } else {
                out.ks("type", "IAMUser");
                let users: Vec<&User> = self.users.iter().filter(|u| u.acct == acct).collect();
                if x < 75 && !users.is_empty() {
                    let u = users[rng.idx(users.len())];
                    out.ks("principalId", &u.aid);
                    out.ks("accountId", &a.id);
                    out.ks("accessKeyId", "");
                    out.ks("userName", &u.name);
                } else {
                    out.ks("accountId", &a.id);
                    out.ks("accessKeyId", "");
                    out.ks("userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
                }
            }
        }
        out.c();
        out.kt("eventTime", t);
        out.ks("eventSource", "signin.amazonaws.com");
        out.ks("eventName", "ConsoleLogin");
        out.ks("awsRegion", r);
        out.ks("sourceIPAddress", &lane.ips[rng.idx(lane.ips.len())]);
        let ua = match &lane.ua {
            Ua::Console(b) | Ua::Fixed(b) => b.clone(),
            _ => browser(rng),
        };
        out.ks("userAgent", &ua);
        if !success {
            out.ks("errorMessage", "Failed authentication");
        }
        out.kr("requestParameters", "null");
        out.kr(
            "responseElements",
            if success {
                "{\"ConsoleLogin\":\"Success\"}"
            } else {
                "{\"ConsoleLogin\":\"Failure\"}"
            },
        );
        out.ko("additionalEventData");
        out.ks("LoginTo", &format!("https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_{r}_{}", hexs(rng, 16)));
        out.ks("MobileVersion", "No");
        if mfa && !mfa_id.is_empty() {
            out.ks("MFAIdentifier", &mfa_id);
        }
        out.ks("MFAUsed", if mfa { "Yes" } else { "No" });
        out.c();
        out.ks("eventID", &uuid(rng));
        out.kb("readOnly", false);
        out.ks("eventType", "AwsConsoleSignIn");
        out.kb("managementEvent", true);
        out.ks("recipientAccountId", &a.id);
        out.ks("eventCategory", "Management");
        out.ko("tlsDetails");
        out.ks("tlsVersion", "TLSv1.3");
        out.ks("cipherSuite", "TLS_AES_128_GCM_SHA256");
        out.ks("clientProvidedHostHeader", "signin.aws.amazon.com");
        out.c();
        out.push(b'}');
        EvInfo {
            t,
            err: !success,
            dup: false,
        }
    }

    fn write_service_event(
        &self,
        out: &mut Vec<u8>,
        rng: &mut Rng,
        acct: usize,
        region: usize,
        t: i64,
    ) -> EvInfo {
        let a = &self.accts[acct];
        let r = &self.regions[region];
        let mut kind = rng.below(7);
        if kind == 6 && region != self.global {
            kind = rng.below(6);
        }
        let (svc, name) = match kind {
            0 => ("kms", "RotateKey"),
            1 => ("secretsmanager", "RotationSucceeded"),
            2 => ("secretsmanager", "RotationStarted"),
            3 => ("backup", "BackupJobCompleted"),
            4 => ("ec2", "SharedSnapshotVolumeCreated"),
            5 => ("ec2", "SharedSnapshotCopyInitiated"),
            _ => ("sso", "Federate"),
        };
        let pool = |s: &str, rng: &mut Rng| -> String {
            let p = &a.pool[svc_index(s)];
            p[rng.idx(p.len())].clone()
        };
        let host = format!("{svc}.amazonaws.com");
        out.push(b'{');
        out.ks("eventVersion", event_version(svc));
        out.ko("userIdentity");
        let (ip, ua) = if kind == 6 {
            let email = format!("{}.{}@{}.com", rng.pick(FIRST), rng.pick(LAST), a.org);
            out.ks("type", "Unknown");
            out.ks("principalId", &uuid(rng));
            out.ks("accountId", &a.id);
            out.ks("userName", &email);
            // A small, stable pool of home/office addresses per account.
            let slot = rng.below(12);
            (
                isp_ip(&mut Rng::of(&[self.seed, acct as u64, slot, 0x1F])),
                browser(rng),
            )
        } else {
            out.ks("accountId", &a.id);
            out.ks("invokedBy", &host);
            (host.clone(), host.clone())
        };
        out.c();
        out.kt("eventTime", t);
        out.ks("eventSource", &host);
        out.ks("eventName", name);
        out.ks("awsRegion", r);
        out.ks("sourceIPAddress", &ip);
        out.ks("userAgent", &ua);
        out.kr("requestParameters", "null");
        out.kr("responseElements", "null");
        let secret = format!(
            "arn:aws:secretsmanager:{r}:{}:secret:{}",
            a.id,
            pool("secretsmanager", rng)
        );
        if svc == "secretsmanager" {
            out.ko("additionalEventData");
            out.ks("SecretId", &secret);
            out.c();
        }
        if kind != 6 {
            out.ks("requestID", &uuid(rng));
        }
        out.ks("eventID", &uuid(rng));
        out.kb("readOnly", false);
        let key = format!("arn:aws:kms:{r}:{}:key/{}", a.id, pool("kms", rng));
        match kind {
            0 => {
                out.ka("resources");
                add_res(out, "AWS::KMS::Key", &key, Some(&a.id));
                out.ca();
            }
            1 | 2 => {
                out.ka("resources");
                add_res(out, "AWS::SecretsManager::Secret", &secret, Some(&a.id));
                out.ca();
            }
            _ => {}
        }
        out.ks("eventType", "AwsServiceEvent");
        out.kb("managementEvent", true);
        out.ks("recipientAccountId", &a.id);
        if kind != 6 {
            out.ks("sharedEventID", &uuid(rng));
        }
        match kind {
            0 => {
                out.ko("serviceEventDetails");
                out.ks("keyId", key.rsplit('/').next().unwrap());
                out.c();
            }
            3 => {
                let t0 = t - rng.range(60, 3600) as i64;
                out.ko("serviceEventDetails");
                out.ks("backupJobId", &uuid(rng).to_uppercase());
                out.ks("backupVaultName", &pool("backup", rng));
                out.ks(
                    "resourceArn",
                    &format!(
                        "arn:aws:dynamodb:{r}:{}:table/{}",
                        a.id,
                        pool("dynamodb", rng)
                    ),
                );
                out.ks("creationDate", &human_ts(t0));
                out.ks("completionDate", &human_ts(t));
                out.ks("state", "COMPLETED");
                out.kn("backupSizeInBytes", rng.range(10_000, 50_000_000_000));
                out.ks(
                    "iamRoleArn",
                    &format!(
                        "arn:aws:iam::{}:role/service-role/AWSBackupDefaultServiceRole",
                        a.id
                    ),
                );
                out.c();
            }
            4 | 5 => {
                out.ko("serviceEventDetails");
                out.ks("snapshotId", &format!("snap-0{}", hexs(rng, 16)));
                if kind == 5 {
                    out.ks(
                        "sourceAccountId",
                        &self.ext_accts[rng.idx(self.ext_accts.len())],
                    );
                }
                out.c();
            }
            6 => {
                out.ko("serviceEventDetails");
                out.ks("relayId", &format!("{}_{}", uuid(rng), uuid(rng)));
                out.c();
            }
            _ => {}
        }
        out.ks("eventCategory", "Management");
        out.push(b'}');
        EvInfo {
            t,
            err: false,
            dup: false,
        }
    }
}

impl Scratch {
    fn reset(&mut self) {
        self.body.clear();
        self.res.clear();
        self.x.clear();
        self.arn.clear();
        self.host.clear();
        self.nf = None;
        self.force_user = None;
        self.force_key = None;
        self.issue = NO32;
        self.invoked = "";
    }
}

// ---------------------------------------------------------------------------------------------
// SHA-256 (for the digests' hashValue fields; no crypto crate needed).

fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let compress = |h: &mut [u32; 8], block: &[u8]| {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    };
    let mut chunks = data.chunks_exact(64);
    for block in &mut chunks {
        compress(&mut h, block);
    }
    let rest = chunks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let len = if rest.len() < 56 { 64 } else { 128 };
    tail[len - 8..len].copy_from_slice(&(data.len() as u64 * 8).to_be_bytes());
    for block in tail[..len].chunks_exact(64) {
        compress(&mut h, block);
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Output.

struct FileOut {
    key: String,
    delivered: i64,
    raw: u64,
    gz: u64,
    sha: [u8; 32],
    oldest: i64,
    newest: i64,
    records: u64,
    errors: u64,
    dups: u64,
}

fn gzip(data: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(data.len() / 8 + 64),
        Compression::new(level),
    );
    enc.write_all(data)?;
    enc.finish()
}

fn write_out(root: &Path, key: &str, data: &[u8]) -> Result<(), String> {
    let path = root.join(key);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))
}

impl Gen {
    fn file_key(&self, fi: usize) -> (String, i64) {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let a = &self.accts[st.acct].id;
        let r = &self.regions[st.region];
        let delivered = self.ws(f) + self.win;
        let (y, m, d, ..) = civil(delivered);
        let ext = if self.jsonl { "jsonl" } else { "json.gz" };
        (
            format!(
                "AWSLogs/{a}/CloudTrail/{r}/{y}/{m:02}/{d:02}/{a}_CloudTrail_{r}_{}_{}.{ext}",
                compact_ts(delivered, false),
                f.suffix
            ),
            delivered,
        )
    }

    fn write_file(&self, fi: usize, root: &Path, level: u32) -> Result<FileOut, String> {
        let f = &self.files[fi];
        let mut buf = Vec::with_capacity(f.n as usize * 2000 + 64);
        let mut sc = Scratch::default();
        let (mut oldest, mut newest) = (i64::MAX, i64::MIN);
        let (mut errors, mut dups) = (0, 0);
        if !self.jsonl {
            buf.extend_from_slice(b"{\"Records\":[");
        }
        for k in 0..f.n {
            if k > 0 && !self.jsonl {
                buf.push(b',');
            }
            let info = self.write_record(fi, k, &mut buf, &mut sc, 0);
            if self.jsonl {
                buf.push(b'\n');
            }
            oldest = oldest.min(info.t);
            newest = newest.max(info.t);
            errors += u64::from(info.err);
            dups += u64::from(info.dup);
        }
        if !self.jsonl {
            buf.extend_from_slice(b"]}\n");
        }
        let sha = sha256(&buf);
        let (key, delivered) = self.file_key(fi);
        let gz = if self.jsonl {
            write_out(root, &key, &buf)?;
            0
        } else {
            let z = gzip(&buf, level).map_err(|e| e.to_string())?;
            write_out(root, &key, &z)?;
            z.len() as u64
        };
        Ok(FileOut {
            key,
            delivered,
            raw: buf.len() as u64,
            gz,
            sha,
            oldest,
            newest,
            records: f.n as u64,
            errors,
            dups,
        })
    }

    /// One digest per hour per account/region, chained, listing the files delivered that hour.
    fn write_digests(
        &self,
        si: usize,
        outs: &[FileOut],
        root: &Path,
        level: u32,
    ) -> Result<(u64, u64), String> {
        let st = &self.streams[si];
        let a = &self.accts[st.acct].id;
        let r = &self.regions[st.region];
        let home = &self.regions[self.global];
        let off = (hash(&[self.seed, si as u64, 0xD16E]) % 3600) as i64;
        let mut end = self.start - self.start.rem_euclid(3600) + off;
        while end <= self.start {
            end += 3600;
        }
        let mut rng = Rng::of(&[self.seed, si as u64, 0x516]);
        let mut prev: Option<(String, String, String)> = None; // key, sha, signature
        let mut fi = 0usize;
        let files = &st.files;
        let (mut count, mut bytes) = (0u64, 0u64);
        loop {
            let begin = if prev.is_none() {
                self.start.max(end - 3600)
            } else {
                end - 3600
            };
            let mut listed = Vec::new();
            while fi < files.len() && outs[files[fi] as usize].delivered < end {
                listed.push(&outs[files[fi] as usize]);
                fi += 1;
            }
            let (y, m, d, ..) = civil(end);
            let key = format!(
                "AWSLogs/{a}/CloudTrail-Digest/{r}/{y}/{m:02}/{d:02}/{a}_CloudTrail-Digest_{r}_{}_{home}_{}.json.gz",
                self.trail,
                compact_ts(end, true)
            );
            let mut o = Vec::with_capacity(512 + listed.len() * 400);
            o.push(b'{');
            o.ks("awsAccountId", a);
            o.kt("digestStartTime", begin);
            o.kt("digestEndTime", end);
            o.ks("digestS3Bucket", &self.bucket);
            o.ks("digestS3Object", &key);
            o.ks("digestPublicKeyFingerprint", &self.fingerprints[st.region]);
            o.ks("digestSignatureAlgorithm", "SHA256withRSA");
            if listed.is_empty() {
                o.kr("newestEventTime", "null");
                o.kr("oldestEventTime", "null");
            } else {
                o.kt(
                    "newestEventTime",
                    listed.iter().map(|x| x.newest).max().unwrap(),
                );
                o.kt(
                    "oldestEventTime",
                    listed.iter().map(|x| x.oldest).min().unwrap(),
                );
            }
            match &prev {
                Some((pk, psha, psig)) => {
                    o.ks("previousDigestS3Bucket", &self.bucket);
                    o.ks("previousDigestS3Object", pk);
                    o.ks("previousDigestHashValue", psha);
                    o.ks("previousDigestHashAlgorithm", "SHA-256");
                    o.ks("previousDigestSignature", psig);
                }
                None => {
                    for k in [
                        "previousDigestS3Bucket",
                        "previousDigestS3Object",
                        "previousDigestHashValue",
                        "previousDigestHashAlgorithm",
                        "previousDigestSignature",
                    ] {
                        o.kr(k, "null");
                    }
                }
            }
            o.ka("logFiles");
            for x in &listed {
                o.eo();
                o.ks("s3Bucket", &self.bucket);
                o.ks("s3Object", &x.key);
                o.ks("hashValue", &hex(&x.sha));
                o.ks("hashAlgorithm", "SHA-256");
                o.kt("newestEventTime", x.newest);
                o.kt("oldestEventTime", x.oldest);
                o.c();
            }
            o.ca();
            o.c();
            let z = gzip(&o, level).map_err(|e| e.to_string())?;
            write_out(root, &key, &z)?;
            count += 1;
            bytes += z.len() as u64;
            prev = Some((key, hex(&sha256(&o)), hexs(&mut rng, 512)));
            if end >= self.end + self.win {
                break;
            }
            end += 3600;
        }
        Ok((count, bytes))
    }
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.2} GiB", n as f64 / (1u64 << 30) as f64)
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

fn run(args: &Args) -> Result<(), String> {
    let t0 = Instant::now();
    if args.events == 0 {
        return Err("--events must be at least 1".into());
    }
    let g = Gen::build(args)?;
    let logs = args.out.join("AWSLogs");
    if logs.exists() {
        if args.overwrite {
            std::fs::remove_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
        } else {
            return Err(format!(
                "{} exists; pass --overwrite to replace it",
                logs.display()
            ));
        }
    }
    let t_plan = t0.elapsed().as_secs_f64();
    let level = args.gzip_level.min(9);
    let outs: Vec<FileOut> = (0..g.files.len())
        .into_par_iter()
        .map(|fi| g.write_file(fi, &args.out, level))
        .collect::<Result<_, _>>()?;
    let (digests, digest_bytes) = if g.jsonl {
        (0, 0)
    } else {
        let v: Vec<(u64, u64)> = (0..g.streams.len())
            .into_par_iter()
            .map(|si| g.write_digests(si, &outs, &args.out, level))
            .collect::<Result<_, _>>()?;
        v.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let secs = t0.elapsed().as_secs_f64();
    let records: u64 = outs.iter().map(|o| o.records).sum();
    let raw: u64 = outs.iter().map(|o| o.raw).sum();
    let gz: u64 = outs.iter().map(|o| o.gz).sum();
    let errors: u64 = outs.iter().map(|o| o.errors).sum();
    let dups: u64 = outs.iter().map(|o| o.dups).sum();
    let issued = g
        .sessions
        .iter()
        .filter(|s| s.creation >= g.start && s.akid.starts_with("ASIA"))
        .count();
    println!("events written      {records} ({} unique, {dups} duplicate deliveries, {errors} errors = {:.2}%)", records - dups, 100.0 * errors as f64 / records as f64);
    println!("log files           {}", outs.len());
    println!(
        "digest files        {digests} ({})",
        human_bytes(digest_bytes)
    );
    println!(
        "uncompressed bytes  {raw} ({}, {} bytes/record)",
        human_bytes(raw),
        raw / records
    );
    if g.jsonl {
        println!("gz bytes            0 (--jsonl)");
    } else {
        println!(
            "gz bytes            {gz} ({}, ratio {:.1})",
            human_bytes(gz),
            raw as f64 / gz as f64
        );
    }
    println!(
        "trail span          {} .. {} ({} windows of {} min)",
        iso(g.start),
        iso(g.end),
        (g.end - g.start) / g.win,
        g.win / 60
    );
    println!(
        "population          {} accounts, {} regions, {} IAM users, {} roles, {} principals, {} sessions ({issued} issued in the trail)",
        g.accts.len(),
        g.regions.len(),
        g.users.len(),
        g.roles.len(),
        g.lanes.len(),
        g.sessions.len()
    );
    println!(
        "seconds             {secs:.2} (plan {t_plan:.2}) on {} threads",
        rayon::current_num_threads()
    );
    Ok(())
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}
