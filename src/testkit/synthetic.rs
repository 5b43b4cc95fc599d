//! A deterministic synthetic trail of any size, for benches and scale tests.
//!
//! This one stays code rather than a file under `tests/fixtures/` (a file cannot hold "n
//! records"): it writes CloudTrail JSON text, and the real loader reads it like any trail.

use super::fixture::{load_memory, MemSource};
use crate::model::time::format_utc;
use crate::model::EventStore;
use std::fmt::Write;
use std::sync::Arc;

/// Records per in-memory source (a source is a file to the loader: they load in parallel).
const PER_SOURCE: usize = 50_000;

/// A deterministic synthetic store of `n` events (in sources of 50,000 JSON Lines records),
/// loaded and finalized by the real loader: for benches and scale tests.
pub fn synthetic(n: usize) -> (EventStore, MemSource) {
    const NAMES: [&str; 12] = [
        "GetObject",
        "PutObject",
        "ListBuckets",
        "AssumeRole",
        "DescribeInstances",
        "RunInstances",
        "GetCallerIdentity",
        "CreateUser",
        "DeleteObject",
        "ConsoleLogin",
        "Decrypt",
        "ListUsers",
    ];
    const SOURCES: [&str; 6] = [
        "s3.amazonaws.com",
        "sts.amazonaws.com",
        "ec2.amazonaws.com",
        "iam.amazonaws.com",
        "signin.amazonaws.com",
        "kms.amazonaws.com",
    ];
    const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    let mut sources = Vec::new();
    let mut content = String::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let base = 1_688_990_400_000i64; // 2023-07-10T12:00:00Z
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = base + (i as i64) * 250 + (x % 1000) as i64;
        let name = NAMES[(x >> 8) as usize % NAMES.len()];
        let source = SOURCES[(x >> 16) as usize % SOURCES.len()];
        let region = REGIONS[(x >> 20) as usize % REGIONS.len()];
        let user = (x >> 24) % 500;
        let ip = format!(
            "10.{}.{}.{}",
            (x >> 32) % 4,
            (x >> 36) % 256,
            (x >> 44) % 256
        );
        let err = if x.is_multiple_of(17) {
            "AccessDenied"
        } else {
            ""
        };
        let id = format!(
            "{:08x}-0000-4000-8000-{:012x}",
            i as u32,
            x & 0xffff_ffff_ffff
        );
        let _ = writeln!(
            content,
            r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","userName":"user{user}"}},"eventTime":"{}","eventSource":"{source}","eventName":"{name}","awsRegion":"{region}","sourceIPAddress":"{ip}","userAgent":"aws-cli/2","errorCode":"{err}","readOnly":{},"eventID":"{id}"}}"#,
            format_utc(t),
            !x.is_multiple_of(3)
        );
        if (i + 1) % PER_SOURCE == 0 || i + 1 == n {
            let bytes: Arc<[u8]> = Arc::from(std::mem::take(&mut content).into_bytes());
            sources.push((format!("<synthetic {}>", sources.len()), bytes));
        }
    }
    load_memory(sources)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{record_bytes, RecordSource, SymField};

    #[test]
    fn synthetic_loads_every_event() {
        let (big, src) = synthetic(1000);
        assert_eq!(big.len(), 1000);
        assert_eq!(big.undated(), 0);
        let c = src.content(&big, big.loc.get(999).source).unwrap();
        assert!(record_bytes(&big, 999, &c).is_ok());
        assert!(big.str(SymField::Who, 0).starts_with("user"));
        assert_eq!(synthetic(0).0.len(), 0);
    }
}
