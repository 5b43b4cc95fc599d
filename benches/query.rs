//! Query engine micro-benchmarks over a synthetic 1,000,000-event store (~300 event names, ~50
//! sources, 1000 principals, 500 IPs, time ascending), plus text search over ~1.7 GB of synthetic
//! record JSON and fuzzy ranking of 10k distinct values. The records are written as JSON text
//! and loaded by the real loader (through the test kit), so the store is the one the product
//! builds.
//!
//! `cargo bench --bench query -- --warm-up-time 1 --measurement-time 3`
//! (`TRAILSCOPE_BENCH_EVENTS=10000` for a quick run at a smaller size; the `hostile` group
//! times the filter bounds: parsing 64 KiB, and queries at the most terms a filter may have).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use trailscope::model::time::format_utc;
use trailscope::model::{EventStore, Sym, SymField};
use trailscope::query::{self, Filter};
use trailscope::testkit::{load_memory, MemSource};

/// Events to build: `TRAILSCOPE_BENCH_EVENTS`, default 1,000,000.
fn events() -> usize {
    std::env::var("TRAILSCOPE_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}
const PER_SOURCE: usize = 1000;
const BASE_MS: i64 = 1_704_067_200_000; // 2024-01-01T00:00:00Z

/// A tiny deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn pool(n: usize, f: impl Fn(usize) -> String) -> Vec<String> {
    (0..n).map(f).collect()
}

/// Writes `n` records in sources of `PER_SOURCE` JSON Lines and loads them.
fn build(n: usize) -> (EventStore, MemSource) {
    let mut names = pool(300, |i| format!("Operation{i}"));
    names[0] = "GetObject".into();
    names[1] = "PutObject".into();
    names[2] = "AssumeRole".into();
    let sources = pool(50, |i| format!("service{i}.amazonaws.com"));
    let first = [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
    ];
    let who = pool(1000, |i| format!("{}{}", first[i % first.len()], i));
    let arns = pool(1000, |i| {
        format!("arn:aws:iam::123456789012:user/{}", who[i])
    });
    let ips = pool(500, |i| match i % 5 {
        0 | 1 => format!("10.{}.{}.{}", i % 7, i % 250, i % 200),
        2 => format!("52.{}.{}.{}", i % 9, i % 250, i % 200),
        3 => format!("2001:db8::{:x}", i),
        _ => format!("svc{i}.amazonaws.com"),
    });
    let agents = pool(200, |i| match i % 4 {
        0 => format!("Boto3/1.{i} Python/3.11"),
        1 => format!("aws-cli/2.{i} Python/3.11 Linux"),
        2 => format!("aws-sdk-go/1.{i}"),
        _ => format!("console.amazonaws.com/{i}"),
    });
    let errors = pool(20, |i| format!("Error{i}"));
    let regions = pool(16, |i| format!("region-{i}"));
    let accounts = pool(20, |i| format!("{:012}", 100_000_000_000u64 + i as u64));
    let keys = pool(2000, |i| format!("ASIA{:016X}", i * 7919));
    let resources = pool(10_000, |i| {
        format!("arn:aws:s3:::prod-bucket-{}/key/{i}", i % 50)
    });
    let types = [
        "IAMUser",
        "AssumedRole",
        "AWSService",
        "Root",
        "FederatedUser",
    ];

    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut contents: Vec<(String, Arc<[u8]>)> = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(PER_SOURCE * 1800);
    let mut rec = String::with_capacity(4096);
    let pad = "x".repeat(1920);
    for row in 0..n {
        let name = if rng.below(10) == 0 {
            0
        } else {
            rng.below(names.len())
        };
        let p = rng.below(who.len());
        let err = if rng.below(20) == 0 {
            if rng.below(4) == 0 {
                "AccessDenied"
            } else {
                &errors[rng.below(errors.len())]
            }
        } else {
            ""
        };
        let ip = &ips[rng.below(ips.len())];
        let res = &resources[rng.below(resources.len())];
        let event_id = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            row,
            row % 65536,
            row % 4096,
            (row / 7) % 4096,
            rng.next() & 0xffff_ffff_ffff
        );
        let request_id = format!("{:016X}", rng.next());
        // Drawn in the order the bench always drew them, so the data is the same as before.
        let source = &sources[name % sources.len()];
        let region = &regions[rng.below(regions.len())];
        let agent = &agents[rng.below(agents.len())];
        let key = &keys[rng.below(keys.len())];
        // A record of realistic size (~1.75 KB) holding the same values.
        rec.clear();
        use std::fmt::Write;
        let _ = write!(
            rec,
            r#"{{"eventVersion":"1.08","userIdentity":{{"type":"{}","principalId":"AIDA{p:012}","arn":"{}","accountId":"{}","accessKeyId":"{}","userName":"{}"}},"eventTime":"{}","eventSource":"{}","eventName":"{}","awsRegion":"{}","sourceIPAddress":"{}","userAgent":"{}",{}"requestParameters":{{"bucketName":"prod-bucket-{}","key":"key/{row}","pad":"{}"}},"responseElements":null,"requestID":"{}","eventID":"{}","readOnly":{},"resources":[{{"ARN":"{}"}}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{}","eventCategory":"Management"}}"#,
            types[p % types.len()],
            arns[p],
            accounts[(p + 1) % accounts.len()],
            key,
            who[p],
            format_utc(BASE_MS + row as i64 * 100),
            source,
            names[name],
            region,
            ip,
            agent,
            if err.is_empty() {
                String::new()
            } else {
                format!(
                    r#""errorCode":"{err}","errorMessage":"User is not authorized to perform this operation","#
                )
            },
            rng.below(50),
            &pad[..rng.below(pad.len())],
            request_id,
            event_id,
            row % 3 == 0,
            res,
            accounts[p % accounts.len()],
        );
        buf.extend_from_slice(rec.as_bytes());
        buf.push(b'\n');
        if (row + 1) % PER_SOURCE == 0 {
            let name = format!("source {}", contents.len());
            contents.push((name, Arc::from(std::mem::take(&mut buf).into_boxed_slice())));
            buf.reserve(PER_SOURCE * 1800);
        }
    }
    if !buf.is_empty() {
        let name = format!("source {}", contents.len());
        contents.push((name, Arc::from(buf.into_boxed_slice())));
    }
    load_memory(contents)
}

fn benches(c: &mut Criterion) {
    let t = std::time::Instant::now();
    let (store, src) = build(events());
    let bytes: usize = src.0.iter().flatten().map(|c| c.len()).sum();
    eprintln!(
        "built {} events, {} distinct strings, {:.2} GB of records in {:.1?}",
        store.len(),
        store.strings.len(),
        bytes as f64 / 1e9,
        t.elapsed()
    );
    let cancel = AtomicBool::new(false);
    let after = "after:2024-01-01T06:00:00Z before:2024-01-01T12:00:00Z";
    let filters = [
        ("name:GetObject", "name:GetObject"),
        ("who:alice* -error:*", "who:alice* -error:*"),
        (
            "ip:10.0.0.0/8 OR error:AccessDenied",
            "ip:10.0.0.0/8 OR error:AccessDenied",
        ),
        ("after: before:", after),
    ];
    let id_filter = format!("id:{}", store.event_id.get(store.len() / 2));
    let mut g = c.benchmark_group("query");
    for (label, f) in filters
        .into_iter()
        .chain([("id:<uuid>", id_filter.as_str())])
    {
        let filter = Filter::parse(f).unwrap();
        let n = query::run(&store, &filter, &src, &cancel).unwrap().len();
        eprintln!("{f}: {n} rows");
        g.bench_function(label, |b| {
            b.iter(|| query::run(&store, black_box(&filter), &src, &cancel).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("raw");
    g.sample_size(10);
    for f in [
        "\"not authorized\"",
        "name:GetObject prod-bucket-7",
        "requestParameters.bucketName:prod-bucket-7",
    ] {
        let filter = Filter::parse(f).unwrap();
        let t = std::time::Instant::now();
        let n = query::run(&store, &filter, &src, &cancel).unwrap().len();
        eprintln!("{f}: {n} rows in {:.2?}", t.elapsed());
        g.bench_function(f, |b| {
            b.iter(|| query::run(&store, black_box(&filter), &src, &cancel).unwrap())
        });
    }
    g.finish();

    // Hostile filters at the documented bounds: the longest text (parse only: one pass), and
    // the most terms, each a distinct value (evaluation: one pass over the rows per term).
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    let mut long = String::new();
    while long.len() + 16 < query::MAX_FILTER_BYTES {
        long.push_str("name:Operation1 ");
    }
    let long = long.trim_end().to_string();
    let t = std::time::Instant::now();
    let err = Filter::parse(&long).err();
    eprintln!(
        "parse {} bytes: {:?} in {:.2?}",
        long.len(),
        err.map(|e| e.message),
        t.elapsed()
    );
    g.bench_function("parse 64 KiB", |b| {
        b.iter(|| Filter::parse(black_box(&long)))
    });
    let many = (0..query::MAX_TERMS)
        .map(|i| format!("name:Operation{}", i % 300))
        .collect::<Vec<_>>()
        .join(" OR ");
    let filter = Filter::parse(&many).unwrap();
    let t = std::time::Instant::now();
    let n = query::run(&store, &filter, &src, &cancel).unwrap().len();
    eprintln!(
        "{} terms: {n} rows in {:.2?}",
        query::MAX_TERMS,
        t.elapsed()
    );
    g.bench_function("max terms", |b| {
        b.iter(|| query::run(&store, black_box(&filter), &src, &cancel).unwrap())
    });
    let negs = (0..query::MAX_TERMS - 1)
        .map(|i| format!("-who:alice{i}"))
        .collect::<Vec<_>>()
        .join(" ")
        + " \"not authorized\"";
    let filter = Filter::parse(&negs).unwrap();
    g.bench_function("max negated terms + text", |b| {
        b.iter(|| query::run(&store, black_box(&filter), &src, &cancel).unwrap())
    });
    g.finish();

    // Fuzzy ranking over 10k distinct values (the resource ARNs).
    let mut cands: Vec<(Sym, u32)> = Vec::new();
    let mut seen = vec![false; store.strings.len()];
    for &s in &store.res {
        if !seen[s.0 as usize] {
            seen[s.0 as usize] = true;
            cands.push((s, 1 + s.0 % 97));
        }
    }
    eprintln!("fuzzy candidates: {}", cands.len());
    let mut g = c.benchmark_group("fuzzy");
    for pat in ["pb7k12", "prod-bucket-4/key/99"] {
        g.bench_function(format!("rank 10k '{pat}'"), |b| {
            b.iter(|| query::rank(&store, black_box(&cands), pat, 50))
        });
    }
    g.bench_function("distinct_counts who 1M", |b| {
        let rows: Vec<u32> = (0..store.len() as u32).collect();
        b.iter(|| query::distinct_counts(&store, SymField::Who, black_box(&rows)))
    });
    g.finish();
}

criterion_group!(query_benches, benches);
criterion_main!(query_benches);
