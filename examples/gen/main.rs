//! Deterministic generator of realistic AWS CloudTrail trails, in the real S3 layout.
//!
//! ```text
//! cargo run --release --example gen -- --events 1000000 --out DIR --seed 7
//!     [--accounts 3] [--regions us-east-1,us-west-2,...] [--start 2026-11-01T00:00:00Z]
//!     [--days N]
//!     [--minutes-per-file 5] [--error-rate 0.03] [--jsonl] [--gzip-level 6] [--overwrite]
//!     [--same-second-runs MIN..MAX] [--lineage PATH] [--org-id o-a1b2c3d4e5]
//!     [--logging-off FROM..TO] [--bursts | --no-attack]
//! ```
//!
//! Writes `DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
//! <YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz` (each a gzip of compact `{"Records":[...]}` ending
//! in a newline, like real deliveries) and one digest per hour per account/region under
//! `DIR/AWSLogs/<account>/CloudTrail-Digest/<region>/...` (`<account>_CloudTrail-Digest_<region>_
//! <trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz`). The digests chain (`previousDigest*`) and
//! carry the real SHA-256 of every uncompressed log file; only the RSA signatures are fake.
//! With `--jsonl` the log files are written uncompressed as `.jsonl` (one record a line) in the
//! same layout and no digests are written. With `--org-id o-…` the layout is an organization
//! trail's: `DIR/AWSLogs/<org id>/<account>/CloudTrail[-Digest]/...`.
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
//!   stream delivers ~1.8 files per window): 1M events span 55.6 hours; `--days N` spreads them
//!   over exactly N days instead (issue 15's 10M trail: `--events 10000000 --regions
//!   us-east-1,us-west-2,eu-west-1,eu-central-1 --days 30`, see docs/scale.md). Measured for
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
//!   creationDate`; chains go user key → role → role across accounts (humans hop from the
//!   admin role of one account to a security-audit role of the next), OIDC → role → role,
//!   and the attack's user key → backdoor user key → role in another account;
//!   `--lineage PATH` writes the ground truth of it (see `lineage.rs`);
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
//!   a cross-account AssumeRole, StopLogging/DeleteDetector and friends, console brute force,
//!   and the app server's instance-profile credentials stolen and used from the attacker's IP
//!   (one key, used on and off the instance).
//!
//! Where things are: `data/` holds the catalogues (events, services, profiles, names, lists),
//! read by `data.rs`; `rng`, `time`, `json` are the primitives; `catalog`, `profiles` say what
//! is called and how often; `accounts`, `identities`, `agents`, `lanes`, `sessions` and `plan`
//! build the population and the plan sequentially from the seed; `envelope` and `special`
//! write a record, `services/` its body by service family; `output` writes the files and the
//! digests. `tests/faithful.rs` pins the output of a fixed seed: a change that alters it must
//! say so and update the pins.

mod accounts;
mod agents;
mod backfill;
mod bursts;
mod catalog;
mod data;
mod documents;
mod envelope;
mod event;
mod identities;
mod json;
mod lanes;
mod lineage;
mod logging_off;
mod output;
mod plan;
mod profiles;
mod rng;
mod services;
mod sessions;
mod sha256;
mod special;
mod ties;
mod time;

use crate::output::FileOut;
use crate::plan::Gen;
use crate::time::iso;
use clap::Parser;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;
use ties::RunSizes;

#[derive(Parser, Debug)]
#[command(about = "Generate a deterministic, realistic CloudTrail trail in the S3 layout")]
pub struct Args {
    /// Number of records to write (duplicates included).
    #[arg(long, default_value_t = 100_000)]
    pub events: u64,
    /// Output directory (AWSLogs/ is created inside).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    #[arg(long, default_value_t = 3)]
    pub accounts: usize,
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "us-east-1,us-west-2,eu-west-1,eu-central-1,ap-southeast-2,ap-northeast-1"
    )]
    pub regions: Vec<String>,
    /// Start of the trail (RFC 3339).
    #[arg(long, default_value = "2026-11-01T00:00:00Z")]
    pub start: String,
    #[arg(long, default_value_t = 5)]
    pub minutes_per_file: u32,
    /// Spread the events over exactly N days from --start (default: the span follows from
    /// --events, see the module doc). The files per stream, records per file and the mix are
    /// those of the default; only their density per window changes.
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    #[arg(long, default_value_t = 0.03)]
    pub error_rate: f64,
    /// Write uncompressed JSON Lines (`.jsonl`, one record a line) instead of `.json.gz`.
    #[arg(long)]
    pub jsonl: bool,
    /// Trail name (appears in digest names).
    #[arg(long, default_value = "management-events")]
    pub trail: String,
    /// Gzip level (6 is zlib's default, what AWS uses).
    #[arg(long, default_value_t = 6)]
    pub gzip_level: u32,
    /// Delete an existing DIR/AWSLogs first.
    #[arg(long)]
    pub overwrite: bool,
    /// Make runs of consecutive events share one second, with run sizes drawn log-uniformly
    /// from MIN..MAX (e.g. 1..100000: heavy timestamp ties); 1..1 gives every event its own
    /// second. Event times then run from --start, one second per event; all else is as
    /// without the option.
    #[arg(long, value_name = "MIN..MAX")]
    pub same_second_runs: Option<RunSizes>,
    /// Also write PATH (outside DIR's AWSLogs/): JSON Lines, one per access key issued or used
    /// in the trail, with the event that issued it, the key that event was made with, and the
    /// events made with it (ground truth for lineage).
    #[arg(long, value_name = "PATH")]
    pub lineage: Option<PathBuf>,
    /// Lay the trail out as an organization trail: `AWSLogs/<ORG_ID>/<account>/...` for log
    /// files and digests (e.g. o-a1b2c3d4e5).
    #[arg(long, value_name = "ORG_ID")]
    pub org_id: Option<String>,
    /// Turn logging off FROM minutes after --start and on again TO minutes after it: no log
    /// files meanwhile, a final digest at the stop and a new digest chain at the restart.
    #[arg(long, value_name = "FROM..TO")]
    pub logging_off: Option<logging_off::Minutes>,
    /// Add sharp bursts to the attack story: 90 failed console sign-ins in 3 minutes, and an
    /// enumeration of 120 IAM GetUser/GetRole calls on guessed names in 3 minutes (see
    /// `bursts.rs`).
    #[arg(long, conflicts_with = "no_attack")]
    pub bursts: bool,
    /// Leave the attack story out: ordinary activity only.
    #[arg(long)]
    pub no_attack: bool,
    /// In each account/region, hold the last log file of each of the first N hours (with two
    /// or more) out of its hourly digest and list it in a backfill digest
    /// (`…_backfill.json.gz`) instead.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub backfill: u64,
}

pub fn human_bytes(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.2} GiB", n as f64 / (1u64 << 30) as f64)
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

pub fn run(args: &Args) -> Result<(), String> {
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
    let keys = match &args.lineage {
        Some(path) => Some((lineage::write(&g, &outs, path)?, path)),
        None => None,
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
    println!(
        "log files           {}",
        outs.iter().filter(|o| o.written).count()
    );
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
    if let Some((n, path)) = keys {
        println!("lineage             {n} keys in {}", path.display());
    }
    if let Some(ties) = &g.ties {
        let (runs, min, max) = ties.stats();
        println!("same-second runs    {runs} (of {min} to {max} events)");
    }
    println!(
        "seconds             {secs:.2} (plan {t_plan:.2}) on {} threads",
        rayon::current_num_threads()
    );
    Ok(())
}

pub fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}
