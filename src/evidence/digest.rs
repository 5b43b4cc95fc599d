//! CloudTrail digest files and delivery names: the digest's fields (AWS's "CloudTrail digest
//! file structure"), telling a digest from a log file by its content, and the account, region
//! and time that CloudTrail's object names carry.

use serde::Deserialize;

/// A digest file's fields that verification uses. Unknown fields are ignored.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Digest {
    /// The account whose files it lists.
    #[serde(default)]
    pub aws_account_id: String,
    /// Start of the hour it covers (`2015-08-17T14:01:31Z`).
    pub digest_start_time: String,
    /// End of the hour it covers; also the first line of the signing string.
    pub digest_end_time: String,
    /// The bucket it was delivered to.
    pub digest_s3_bucket: String,
    /// Its own key in that bucket.
    pub digest_s3_object: String,
    /// Fingerprint of the public key that signs it.
    #[serde(default)]
    pub digest_public_key_fingerprint: Option<String>,
    /// `SHA256withRSA`.
    #[serde(default)]
    pub digest_signature_algorithm: Option<String>,
    /// The previous digest's key (null at the start of a chain).
    #[serde(default)]
    pub previous_digest_s3_object: Option<String>,
    /// The hex SHA-256 of the previous digest's uncompressed content.
    #[serde(default)]
    pub previous_digest_hash_value: Option<String>,
    /// The previous digest's hex signature (null at the start of a chain: `null` when signing).
    #[serde(default)]
    pub previous_digest_signature: Option<String>,
    /// The log files delivered in its hour (empty: none were delivered).
    pub log_files: Vec<LogEntry>,
}

/// One `logFiles[]` entry.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// The bucket.
    #[serde(default)]
    pub s3_bucket: String,
    /// The log file's key.
    pub s3_object: String,
    /// Hex SHA-256 of the log file's uncompressed content.
    pub hash_value: String,
    /// `SHA-256`.
    #[serde(default)]
    pub hash_algorithm: Option<String>,
}

/// True when decompressed `head` (a file's first bytes) may be a digest: a JSON object naming
/// `digestStartTime` early. Confirmed by [`parse`].
pub fn looks_like_digest(head: &[u8]) -> bool {
    let h = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    h.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && memchr::memmem::find(h, b"\"digestStartTime\"").is_some()
}

/// Parses a digest's uncompressed content; `None` when it is not one.
pub fn parse(content: &[u8]) -> Option<Digest> {
    let d: Digest = serde_json::from_slice(content).ok()?;
    Some(d)
}

/// True for a backfill digest (`…_backfill.json.gz`): it lists log files that processing delays
/// left out of their hourly digest, outside the hourly chain.
pub fn is_backfill(key: &str) -> bool {
    let b = basename(key);
    b.contains("_backfill.") || b.ends_with("_backfill")
}

/// The last `/`-separated part of a key or path.
pub fn basename(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// A name without compression suffix (`x.json.gz` → `x.json`), so a gunzipped copy matches.
pub fn plain_name(name: &str) -> &str {
    name.strip_suffix(".gz").unwrap_or(name)
}

/// Account, region and time (UTC seconds) from a CloudTrail object name
/// (`<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`, and digests'
/// `<acct>_CloudTrail-Digest_<region>_<trail>_<home>_<YYYYMMDDTHHmmssZ>[_backfill].json.gz`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectName {
    /// The account.
    pub account: String,
    /// The region the files are from.
    pub region: String,
    /// The stamp in the name, UTC seconds.
    pub time: Option<i64>,
    /// For digests: the name without its stamp (account, region, trail, home region).
    pub stream: String,
}

/// Parses a log file's or a digest's object name; `None` for other names.
pub fn object_name(key: &str) -> Option<ObjectName> {
    let b = basename(key);
    let parts: Vec<&str> = b.split('_').collect();
    if parts.len() < 4 {
        return None;
    }
    let kind = parts[1];
    if !kind.starts_with("CloudTrail") || parts[0].is_empty() || parts[2].is_empty() {
        return None;
    }
    let account = parts[0].to_string();
    let region = parts[2].to_string();
    if kind == "CloudTrail-Digest" {
        // The stamp is the last part but for `_backfill`, before the extension.
        let mut rest: Vec<&str> = parts.clone();
        let last = rest.pop()?;
        let last = last.split('.').next().unwrap_or(last);
        let stamp = if last == "backfill" {
            rest.pop()?
        } else {
            last
        };
        return Some(ObjectName {
            account,
            region,
            time: parse_stamp(stamp),
            stream: rest.join("_"),
        });
    }
    Some(ObjectName {
        account,
        region,
        time: parse_stamp(parts[3]),
        stream: parts[..3].join("_"),
    })
}

/// `YYYYMMDDTHHmm[ss]Z` → UTC seconds.
pub fn parse_stamp(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (d, t) = s.split_once('T')?;
    if d.len() != 8 || !(t.len() == 4 || t.len() == 6) {
        return None;
    }
    let num = |x: &str| x.parse::<u32>().ok();
    let (y, m, dd) = (num(&d[..4])?, num(&d[4..6])?, num(&d[6..8])?);
    let (hh, mm) = (num(&t[..2])?, num(&t[2..4])?);
    let ss = if t.len() == 6 { num(&t[4..6])? } else { 0 };
    let date = chrono::NaiveDate::from_ymd_opt(y as i32, m, dd)?;
    let dt = date.and_hms_opt(hh, mm, ss)?;
    Some(dt.and_utc().timestamp())
}

/// An RFC 3339 time (`2015-08-17T14:01:31Z`) → UTC seconds.
pub fn parse_time(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_logs_and_digests() {
        let l = object_name(
            "AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/01/01/111122223333_CloudTrail_us-east-1_20260101T0105Z_AbCd.json.gz",
        )
        .unwrap();
        assert_eq!(l.account, "111122223333");
        assert_eq!(l.region, "us-east-1");
        assert_eq!(l.time, parse_time("2026-01-01T01:05:00Z"));
        let d = object_name("111122223333_CloudTrail-Digest_eu-west-1_my_trail_us-east-1_20260101T020304Z_backfill.json.gz").unwrap();
        assert_eq!(d.region, "eu-west-1");
        assert_eq!(d.time, parse_time("2026-01-01T02:03:04Z"));
        assert_eq!(
            d.stream,
            "111122223333_CloudTrail-Digest_eu-west-1_my_trail_us-east-1"
        );
        assert!(is_backfill("x_20260101T020304Z_backfill.json.gz"));
        assert!(!is_backfill("x_20260101T020304Z.json.gz"));
        assert!(object_name("alice-writes.json").is_none());
    }

    #[test]
    fn digest_content_is_recognised() {
        let d = br#"{"awsAccountId":"1","digestStartTime":"2026-01-01T00:00:00Z","digestEndTime":"2026-01-01T01:00:00Z","digestS3Bucket":"b","digestS3Object":"k","previousDigestSignature":null,"logFiles":[]}"#;
        assert!(looks_like_digest(d));
        let p = parse(d).unwrap();
        assert!(p.log_files.is_empty());
        assert!(p.previous_digest_signature.is_none());
        assert!(!looks_like_digest(b"{\"Records\":[]}"));
        assert!(parse(b"{\"Records\":[{\"digestStartTime\":1}]}").is_none());
    }
}
