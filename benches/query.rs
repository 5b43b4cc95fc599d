//! Query engine micro-benchmarks over a synthetic 1,000,000-event store built in memory
//! (~300 event names, ~50 sources, 1000 principals, 500 IPs, time ascending), plus text search
//! over ~1.7 GB of synthetic record JSON and fuzzy ranking of 10k distinct values.
//!
//! `cargo bench --bench query -- --warm-up-time 1 --measurement-time 3`
//! (`TRAILSCOPE_BENCH_EVENTS=20000` for a quick run; the `hostile` group times the filter
//! bounds: parsing 64 KiB, and a query at the most terms a filter may have).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use trailscope::model::{
    flags, EventStore, NewEvent, RawLoc, RecordSource, Sym, SymField, SymField as F,
};
use trailscope::query::{self, Filter};

/// Events in the store (`TRAILSCOPE_BENCH_EVENTS`, default 1,000,000).
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

struct Mem(Vec<Arc<[u8]>>);
impl RecordSource for Mem {
    fn content(&self, _store: &EventStore, s: u32) -> Result<Arc<[u8]>, String> {
        self.0
            .get(s as usize)
            .cloned()
            .ok_or_else(|| "no such source".into())
    }
}

fn pool(n: usize, f: impl Fn(usize) -> String) -> Vec<String> {
    (0..n).map(f).collect()
}

/// Builds the store and the record bytes it points into.
fn build() -> (EventStore, Mem) {
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
    let mut store = EventStore::default();
    let mut contents: Vec<Arc<[u8]>> = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(PER_SOURCE * 1800);
    let mut rec = String::with_capacity(4096);
    let pad = "x".repeat(1920);
    for row in 0..events() {
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
        let mut ev = NewEvent {
            time: BASE_MS + row as i64 * 100,
            event_id: &event_id,
            request_id: &request_id,
            flags: flags::READONLY_KNOWN | if row % 3 == 0 { flags::READONLY } else { 0 },
            resources: vec![res],
            ..Default::default()
        };
        ev.syms[F::Name as usize] = &names[name];
        ev.syms[F::Source as usize] = &sources[name % sources.len()];
        ev.syms[F::Region as usize] = &regions[rng.below(regions.len())];
        ev.syms[F::Ip as usize] = ip;
        ev.syms[F::Agent as usize] = &agents[rng.below(agents.len())];
        ev.syms[F::Error as usize] = err;
        ev.syms[F::IdentityType as usize] = types[p % types.len()];
        ev.syms[F::Who as usize] = &who[p];
        ev.syms[F::Arn as usize] = &arns[p];
        ev.syms[F::Account as usize] = &accounts[p % accounts.len()];
        ev.syms[F::PrincipalAccount as usize] = &accounts[(p + 1) % accounts.len()];
        ev.syms[F::Key as usize] = &keys[rng.below(keys.len())];
        ev.syms[F::EventType as usize] = "AwsApiCall";
        ev.syms[F::Category as usize] = "Management";
        if !err.is_empty() {
            ev.syms[F::ErrorMessage as usize] = "User is not authorized to perform this operation";
        }
        // A record of realistic size (~1.75 KB) holding the same values.
        rec.clear();
        use std::fmt::Write;
        let _ = write!(
            rec,
            r#"{{"eventVersion":"1.08","userIdentity":{{"type":"{}","principalId":"AIDA{p:012}","arn":"{}","accountId":"{}","accessKeyId":"{}","userName":"{}"}},"eventTime":"t{row}","eventSource":"{}","eventName":"{}","awsRegion":"{}","sourceIPAddress":"{}","userAgent":"{}",{}"requestParameters":{{"bucketName":"prod-bucket-{}","key":"key/{row}","pad":"{}"}},"responseElements":null,"requestID":"{}","eventID":"{}","readOnly":{},"resources":[{{"ARN":"{}"}}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{}","eventCategory":"Management"}}"#,
            types[p % types.len()],
            arns[p],
            accounts[(p + 1) % accounts.len()],
            ev.syms[F::Key as usize],
            who[p],
            ev.syms[F::Source as usize],
            names[name],
            ev.syms[F::Region as usize],
            ip,
            ev.syms[F::Agent as usize],
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
            ev.syms[F::Account as usize],
        );
        let offset = buf.len() as u32;
        buf.extend_from_slice(rec.as_bytes());
        buf.push(b'\n');
        ev.loc = RawLoc {
            source: contents.len() as u32,
            len: rec.len() as u32,
            offset,
        };
        ev.hash = xxhash_rust::xxh3::xxh3_64(rec.as_bytes());
        store.push(&ev);
        if (row + 1) % PER_SOURCE == 0 {
            contents.push(Arc::from(std::mem::take(&mut buf).into_boxed_slice()));
            buf.reserve(PER_SOURCE * 1800);
        }
    }
    if !buf.is_empty() {
        contents.push(Arc::from(buf.into_boxed_slice()));
    }
    store.finalize(|_, _, _| false);
    (store, Mem(contents))
}

fn benches(c: &mut Criterion) {
    let t = std::time::Instant::now();
    let (store, src) = build();
    let bytes: usize = src.0.iter().map(|c| c.len()).sum();
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
