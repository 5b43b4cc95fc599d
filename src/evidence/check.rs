//! The checks, on facts already gathered (no I/O): each log file against the digests that list
//! it, each digest against the next one in its chain, the chain's gaps per account and region,
//! and signatures where their metadata and a key are at hand.

use super::digest::{self, basename, plain_name, Digest};
use super::hash::hex;
use super::signature::{self, SigCheck, SigMeta};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A log file found (its content hashed).
#[derive(Clone, Debug)]
pub struct LogFact {
    /// Its path as shown.
    pub name: String,
    /// SHA-256 of its uncompressed content.
    pub content_sha: [u8; 32],
    /// Its content cannot be had (a gzip stream broken since delivery): why.
    pub broken: Option<String>,
}

/// A digest file found (parsed).
#[derive(Clone, Debug)]
pub struct DigestFact {
    /// Its path as shown.
    pub name: String,
    /// Its fields.
    pub doc: Digest,
    /// SHA-256 of its uncompressed content.
    pub content_sha: [u8; 32],
    /// Its S3 metadata, when a sidecar holds it.
    pub sig: Option<SigMeta>,
}

/// What a log file is, against the digests present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LogState {
    /// Listed in a digest with the hash its content has.
    Verified {
        /// The digest.
        digest: String,
    },
    /// Listed with another hash: changed after delivery.
    Modified {
        /// The digest.
        digest: String,
        /// The hash it lists.
        expected: String,
        /// The hash the content has.
        actual: String,
    },
    /// Not listed in any digest present (or only in one that was itself modified).
    NotCovered {
        /// The digest whose hour holds the file's delivery time and that does not list it
        /// (suspicious); `None` when no digest for that hour is present.
        silent: Option<String>,
        /// Listed only by a digest that was modified: the listing is not evidence.
        tampered_digest: Option<String>,
    },
    /// No digest at all for its account and region (or not a CloudTrail delivery name).
    NoDigest,
}

impl LogState {
    /// As the model's verdict.
    pub fn verdict(&self) -> crate::model::Verdict {
        use crate::model::Verdict;
        match self {
            LogState::Verified { .. } => Verdict::Verified,
            LogState::Modified { .. } => Verdict::Modified,
            LogState::NotCovered { .. } => Verdict::NotCovered,
            LogState::NoDigest => Verdict::NoDigest,
        }
    }
}

/// One log file's result.
#[derive(Clone, Debug, Serialize)]
pub struct LogResult {
    /// Its path.
    pub path: String,
    /// What it is.
    #[serde(flatten)]
    pub state: LogState,
}

/// A digest's signature, as far as it could be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SigState {
    /// No metadata beside it: cannot be checked from a local copy.
    Unavailable,
    /// Metadata present, but no `--public-key` given.
    NotChecked,
    /// Checked: good.
    Good,
    /// Checked: bad.
    Bad,
}

/// A digest's result.
#[derive(Clone, Debug, Serialize)]
pub struct DigestResult {
    /// Its path.
    pub path: String,
    /// A backfill digest (outside the hourly chain).
    pub backfill: bool,
    /// Log files it lists.
    pub listed: usize,
    /// Its hash was confirmed by the next digest in its chain.
    pub chained: bool,
    /// Why it is not what was delivered, when it is not.
    pub modified: Option<String>,
    /// Its signature.
    pub signature: SigState,
    /// The `digestPublicKeyFingerprint` it names when that is not the fingerprint of the key
    /// given with `--public-key` (signed by another region's key, or an older one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_key: Option<String>,
}

/// Something a digest names that is not there.
#[derive(Clone, Debug, Serialize)]
pub struct Missing {
    /// The S3 key named.
    pub key: String,
    /// The digest that names it.
    pub named_by: String,
    /// A digest (the chain's predecessor) rather than a log file.
    pub digest: bool,
}

/// A span of the hourly chain without digests, per account and region.
#[derive(Clone, Debug, Serialize)]
pub struct Span {
    /// `<account>/<region>` (and trail).
    pub stream: String,
    /// End of the digest before it.
    pub from: String,
    /// Start of the digest after it.
    pub to: String,
}

/// Everything verification found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Each log file.
    pub logs: Vec<LogResult>,
    /// Each digest.
    pub digests: Vec<DigestResult>,
    /// Files and digests named but absent.
    pub missing: Vec<Missing>,
    /// Chains that end and start again (logging, or validation, was off): not a gap.
    pub logging_off: Vec<Span>,
    /// Spans without a digest where the chain says there should be one.
    pub gaps: Vec<Span>,
    /// Files that could not be read: `(path, reason)`.
    pub errors: Vec<(String, String)>,
    /// Files read with something ignored: `(path, what)`.
    pub warnings: Vec<(String, String)>,
    /// The fingerprint of the key given with `--public-key` (see [`signature::fingerprint`]).
    pub key_fingerprint: Option<String>,
}

/// A digest's hour: (start, end, digest index).
type Hour = (i64, i64, usize);

/// Tolerance on times taken from names (minutes) against digest hours.
const SLACK: i64 = 60;

/// Runs every check.
pub fn check(logs: &[LogFact], digests: &[DigestFact], key: Option<&rsa::RsaPublicKey>) -> Report {
    let mut rep = Report::default();
    let hexes: Vec<String> = digests.iter().map(|d| hex(&d.content_sha)).collect();
    // Digests by their own key's name; log files by name (a gunzipped copy too).
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, d) in digests.iter().enumerate() {
        by_key
            .entry(plain_name(basename(&d.doc.digest_s3_object)))
            .or_insert(i);
    }
    let mut logs_by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, l) in logs.iter().enumerate() {
        logs_by_name
            .entry(plain_name(basename(&l.name)))
            .or_default()
            .push(i);
    }
    let mut dres: Vec<DigestResult> = digests
        .iter()
        .map(|d| DigestResult {
            path: d.name.clone(),
            backfill: digest::is_backfill(&d.doc.digest_s3_object),
            listed: d.doc.log_files.len(),
            chained: false,
            modified: None,
            signature: match (&d.sig, key) {
                (None, _) => SigState::Unavailable,
                (Some(_), None) => SigState::NotChecked,
                (Some(_), Some(_)) => SigState::Good,
            },
            other_key: None,
        })
        .collect();
    // Signatures, and the key each digest names against the key given.
    if let Some(k) = key {
        let mine = signature::fingerprint(k);
        rep.key_fingerprint = Some(mine.clone());
        for (i, d) in digests.iter().enumerate() {
            let named = d.doc.digest_public_key_fingerprint.as_deref();
            let other = named.filter(|f| !f.trim().eq_ignore_ascii_case(&mine));
            dres[i].other_key = other.map(str::to_string);
            if let Some(m) = &d.sig {
                if signature::check(k, &d.doc, &hexes[i], m) == SigCheck::Bad {
                    dres[i].signature = SigState::Bad;
                    dres[i].modified = Some(match other {
                        Some(f) => format!(
                            "its signature does not verify with the key given, which is not the key it names (digestPublicKeyFingerprint {f}, the key given has {mine}: another region's key, or an older one?)"
                        ),
                        None => "its signature does not verify".into(),
                    });
                }
            }
        }
    }
    // The chain: each digest vouches for its predecessor's hash (and signature).
    for d in digests {
        let Some(prev) = d.doc.previous_digest_s3_object.as_deref() else {
            continue;
        };
        match by_key.get(plain_name(basename(prev))) {
            None => rep.missing.push(Missing {
                key: prev.to_string(),
                named_by: d.name.clone(),
                digest: true,
            }),
            Some(&p) => {
                let want = d.doc.previous_digest_hash_value.as_deref().unwrap_or("");
                if want.eq_ignore_ascii_case(&hexes[p]) {
                    dres[p].chained = true;
                } else if dres[p].modified.is_none() {
                    dres[p].modified = Some(format!(
                        "its SHA-256 is {}, the next digest {} records {}",
                        hexes[p], d.name, want
                    ));
                }
                if let (Some(m), Some(rec)) = (&digests[p].sig, &d.doc.previous_digest_signature) {
                    if !m.signature.eq_ignore_ascii_case(rec) && dres[p].modified.is_none() {
                        dres[p].modified = Some(format!(
                            "its signature is not the one the next digest {} records",
                            d.name
                        ));
                    }
                }
            }
        }
    }
    // Gaps and restarts per stream (hourly digests only).
    let mut streams: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, d) in digests.iter().enumerate() {
        if dres[i].backfill {
            continue;
        }
        streams.entry(stream_of(&d.doc)).or_default().push(i);
    }
    let mut names: Vec<&String> = streams.keys().collect();
    names.sort();
    for s in names {
        let mut v = streams[s].clone();
        v.sort_by_key(|&i| digest::parse_time(&digests[i].doc.digest_end_time));
        for w in v.windows(2) {
            let (a, b) = (&digests[w[0]].doc, &digests[w[1]].doc);
            let (Some(a_end), Some(b_start)) = (
                digest::parse_time(&a.digest_end_time),
                digest::parse_time(&b.digest_start_time),
            ) else {
                continue;
            };
            let span = || Span {
                stream: s.clone(),
                from: a.digest_end_time.clone(),
                to: b.digest_start_time.clone(),
            };
            match b.previous_digest_s3_object.as_deref() {
                None => {
                    if b_start > a_end {
                        rep.logging_off.push(span());
                    }
                }
                Some(p) if plain_name(basename(p)) == plain_name(basename(&a.digest_s3_object)) => {
                }
                Some(_) => {
                    if b_start > a_end + SLACK {
                        rep.gaps.push(span());
                    }
                }
            }
        }
    }
    // Log files against the digests that list them.
    let mut states: Vec<Option<LogState>> = vec![None; logs.len()];
    let rank = |s: &Option<LogState>| match s {
        None => 0,
        Some(LogState::NotCovered { .. }) => 1,
        Some(LogState::Verified { .. }) => 2,
        Some(LogState::Modified { .. }) => 3,
        Some(LogState::NoDigest) => 0,
    };
    for (i, d) in digests.iter().enumerate() {
        let tampered = dres[i].modified.is_some();
        for e in &d.doc.log_files {
            let Some(cands) = logs_by_name.get(plain_name(basename(&e.s3_object))) else {
                rep.missing.push(Missing {
                    key: e.s3_object.clone(),
                    named_by: d.name.clone(),
                    digest: false,
                });
                continue;
            };
            // Copies of the same name in two folders: the one whose path ends like the key.
            let li = cands
                .iter()
                .copied()
                .max_by_key(|&c| common_suffix(&logs[c].name, &e.s3_object))
                .expect("a name's list is never empty");
            let actual = match &logs[li].broken {
                Some(why) => format!("unreadable ({why})"),
                None => hex(&logs[li].content_sha),
            };
            let new = if !actual.eq_ignore_ascii_case(&e.hash_value) {
                LogState::Modified {
                    digest: d.name.clone(),
                    expected: e.hash_value.clone(),
                    actual,
                }
            } else if tampered {
                LogState::NotCovered {
                    silent: None,
                    tampered_digest: Some(d.name.clone()),
                }
            } else {
                LogState::Verified {
                    digest: d.name.clone(),
                }
            };
            let new = Some(new);
            if rank(&new) > rank(&states[li]) {
                states[li] = new;
            }
        }
    }
    // The rest: is there a digest for their account and region, and for their hour?
    let mut hours: FxHashMap<(String, String), Vec<Hour>> = FxHashMap::default();
    for (i, d) in digests.iter().enumerate() {
        let Some(n) = digest::object_name(&d.doc.digest_s3_object) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            digest::parse_time(&d.doc.digest_start_time),
            digest::parse_time(&d.doc.digest_end_time),
        ) else {
            continue;
        };
        hours
            .entry((n.account, n.region))
            .or_default()
            .push((a, b, i));
    }
    for (li, l) in logs.iter().enumerate() {
        let state = match states[li].take() {
            Some(s) => s,
            None => match digest::object_name(&l.name) {
                Some(n) => match hours.get(&(n.account, n.region)) {
                    None => LogState::NoDigest,
                    Some(hs) => {
                        let silent = n.time.and_then(|t| {
                            hs.iter()
                                .filter(|h| !dres[h.2].backfill)
                                .find(|h| h.0 <= t && t + SLACK <= h.1)
                                .map(|h| digests[h.2].name.clone())
                        });
                        LogState::NotCovered {
                            silent,
                            tampered_digest: None,
                        }
                    }
                },
                None => LogState::NoDigest,
            },
        };
        rep.logs.push(LogResult {
            path: l.name.clone(),
            state,
        });
    }
    rep.digests = dres;
    rep
}

/// A digest's chain: its object name without the stamp (account, region, trail, home region).
fn stream_of(d: &Digest) -> String {
    match digest::object_name(&d.digest_s3_object) {
        Some(n) => n.stream,
        None => format!("{}/{}", d.aws_account_id, d.digest_s3_object),
    }
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

impl Report {
    /// Log files in each state: (verified, modified, not covered, no digest).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for l in &self.logs {
            match l.state {
                LogState::Verified { .. } => c.0 += 1,
                LogState::Modified { .. } => c.1 += 1,
                LogState::NotCovered { .. } => c.2 += 1,
                LogState::NoDigest => c.3 += 1,
            }
        }
        c
    }

    /// True when everything present verifies (and nothing named is missing).
    pub fn all_verified(&self) -> bool {
        let (v, ..) = self.counts();
        v == self.logs.len()
            && self.missing.is_empty()
            && self.gaps.is_empty()
            && self.digests.iter().all(|d| d.modified.is_none())
    }

    /// Folders whose log files have no digest at all: `(folder, log files)`.
    pub fn no_digest_folders(&self) -> Vec<(String, usize)> {
        let mut m: std::collections::BTreeMap<String, usize> = Default::default();
        for l in &self.logs {
            if l.state == LogState::NoDigest {
                let folder = match l.path.rfind('/') {
                    Some(i) => l.path[..i].to_string(),
                    None => ".".to_string(),
                };
                *m.entry(folder).or_default() += 1;
            }
        }
        m.into_iter().collect()
    }

    /// One line per problem, for the explorer's failed-files popup and the text report.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        for l in &self.logs {
            let why = match &l.state {
                LogState::Verified { .. } | LogState::NoDigest => continue,
                LogState::Modified {
                    digest,
                    expected,
                    actual,
                } => format!(
                    "modified: its SHA-256 is {actual}, digest {digest} lists {expected}"
                ),
                LogState::NotCovered {
                    tampered_digest: Some(d),
                    ..
                } => format!("not covered: listed only by digest {d}, which was modified"),
                LogState::NotCovered {
                    silent: Some(d), ..
                } => format!(
                    "not covered: the digest for its hour, {d}, does not list it (added after delivery?)"
                ),
                LogState::NotCovered { .. } => {
                    "not covered: no digest for its hour is present".to_string()
                }
            };
            v.push((l.path.clone(), why));
        }
        for m in &self.missing {
            let what = if m.digest { "digest" } else { "log file" };
            v.push((
                m.key.clone(),
                format!("missing: {what} named by {} is not present", m.named_by),
            ));
        }
        for d in &self.digests {
            if let Some(why) = &d.modified {
                v.push((d.path.clone(), format!("digest modified: {why}")));
            }
        }
        for g in &self.gaps {
            v.push((
                g.stream.clone(),
                format!("gap in the digest chain from {} to {}", g.from, g.to),
            ));
        }
        for (folder, n) in self.no_digest_folders() {
            v.push((
                folder,
                format!("no digest files ({n} files cannot be verified)"),
            ));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;

    fn digest(
        key: &str,
        start: &str,
        end: &str,
        prev: Option<(&str, &str)>,
        logs: &[(&str, &str)],
    ) -> Digest {
        Digest {
            aws_account_id: "111122223333".into(),
            digest_start_time: start.into(),
            digest_end_time: end.into(),
            digest_s3_bucket: "b".into(),
            digest_s3_object: key.into(),
            digest_public_key_fingerprint: None,
            digest_signature_algorithm: None,
            previous_digest_s3_object: prev.map(|p| p.0.to_string()),
            previous_digest_hash_value: prev.map(|p| p.1.to_string()),
            previous_digest_signature: None,
            log_files: logs
                .iter()
                .map(|(k, h)| super::super::digest::LogEntry {
                    s3_bucket: "b".into(),
                    s3_object: k.to_string(),
                    hash_value: h.to_string(),
                    hash_algorithm: None,
                })
                .collect(),
        }
    }

    const A: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01/111122223333_CloudTrail_us-east-1_20260101T0010Z_a.json.gz";
    const B: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01/111122223333_CloudTrail_us-east-1_20260101T0020Z_b.json.gz";
    const D1: &str = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260101T010000Z.json.gz";

    #[test]
    fn a_gunzipped_copy_verifies_and_an_unlisted_file_in_a_covered_hour_is_suspicious() {
        let content = b"{\"Records\":[]}\n";
        let sha: [u8; 32] = sha2::Sha256::digest(content).into();
        let d = digest(
            D1,
            "2026-01-01T00:00:00Z",
            "2026-01-01T01:00:00Z",
            None,
            &[(A, &hex(&sha))],
        );
        let logs = vec![
            // The listed file, gunzipped in the copy.
            LogFact {
                name: "copy/111122223333_CloudTrail_us-east-1_20260101T0010Z_a.json".into(),
                content_sha: sha,
                broken: None,
            },
            LogFact {
                name: format!("copy/{}", basename(B)),
                content_sha: sha,
                broken: None,
            },
        ];
        let facts = vec![DigestFact {
            name: "d1".into(),
            doc: d,
            content_sha: [0; 32],
            sig: None,
        }];
        let r = check(&logs, &facts, None);
        assert_eq!(
            r.logs[0].state,
            LogState::Verified {
                digest: "d1".into()
            }
        );
        assert_eq!(
            r.logs[1].state,
            LogState::NotCovered {
                silent: Some("d1".into()),
                tampered_digest: None
            }
        );
        assert!(!r.all_verified());
        assert!(r.missing.is_empty());
    }
}
