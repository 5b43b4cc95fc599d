//! Output: log files (gzip or JSON Lines) and the hourly digests that chain them.

use crate::event::Scratch;
use crate::identities::NO32;
use crate::json::Js;
use crate::lineage::{event_id, Link};
use crate::plan::Gen;
use crate::rng::{hash, hexs, Rng};
use crate::sha256::{hex, sha256};
use crate::time::{civil, compact_ts};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write as _;
use std::path::Path;

pub struct FileOut {
    pub key: String,
    pub delivered: i64,
    pub raw: u64,
    pub gz: u64,
    pub sha: [u8; 32],
    pub oldest: i64,
    pub newest: i64,
    pub records: u64,
    pub errors: u64,
    pub dups: u64,
    /// With `--lineage`: the keys each record was made with or issued.
    pub lineage: Vec<Link>,
    /// False for a file not delivered because logging was off.
    pub written: bool,
}

impl FileOut {
    /// A planned file that was not delivered (logging was off).
    fn not_delivered(key: String, delivered: i64) -> FileOut {
        FileOut {
            key,
            delivered,
            raw: 0,
            gz: 0,
            sha: [0; 32],
            oldest: i64::MAX,
            newest: i64::MIN,
            records: 0,
            errors: 0,
            dups: 0,
            lineage: Vec::new(),
            written: false,
        }
    }
}

pub fn gzip(data: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(data.len() / 8 + 64),
        Compression::new(level),
    );
    enc.write_all(data)?;
    enc.finish()
}

pub fn write_out(root: &Path, key: &str, data: &[u8]) -> Result<(), String> {
    let path = root.join(key);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))
}

impl Gen {
    pub fn file_key(&self, fi: usize) -> (String, i64) {
        let f = &self.files[fi];
        let st = &self.streams[f.stream as usize];
        let a = &self.accts[st.acct].id;
        let r = &self.regions[st.region];
        let delivered = self.ws(f) + self.win;
        let (y, m, d, ..) = civil(delivered);
        let ext = if self.jsonl { "jsonl" } else { "json.gz" };
        (
            format!(
                "{}{a}/CloudTrail/{r}/{y}/{m:02}/{d:02}/{a}_CloudTrail_{r}_{}_{}.{ext}",
                self.prefix,
                compact_ts(delivered, false),
                f.suffix
            ),
            delivered,
        )
    }

    pub fn write_file(&self, fi: usize, root: &Path, level: u32) -> Result<FileOut, String> {
        let f = &self.files[fi];
        let (key, delivered) = self.file_key(fi);
        if self.logging_is_off(delivered) {
            return Ok(FileOut::not_delivered(key, delivered));
        }
        let mut buf = Vec::with_capacity(f.n as usize * 2000 + 64);
        let mut sc = Scratch::default();
        let (mut oldest, mut newest) = (i64::MAX, i64::MIN);
        let (mut errors, mut dups) = (0, 0);
        let mut lineage = Vec::new();
        if !self.jsonl {
            buf.extend_from_slice(b"{\"Records\":[");
        }
        for k in 0..f.n {
            if k > 0 && !self.jsonl {
                buf.push(b',');
            }
            let at = buf.len();
            let info = self.write_record(fi, k, &mut buf, &mut sc, 0);
            if self.lineage && !info.dup && (info.key != NO32 || info.issued != NO32) {
                lineage.push((info.key, info.issued, event_id(&buf[at..])));
            }
            if self.jsonl {
                buf.push(b'\n');
            }
            oldest = oldest.min(info.t);
            newest = newest.max(info.t);
            errors += u64::from(info.err);
            dups += u64::from(info.dup);
        }
        let mut records = f.n as u64;
        for p in self.bursts_in(fi) {
            if records > 0 && !self.jsonl {
                buf.push(b',');
            }
            let at = buf.len();
            let info = self.write_burst(p, &mut buf, &mut sc);
            if self.lineage && (info.key != NO32 || info.issued != NO32) {
                lineage.push((info.key, info.issued, event_id(&buf[at..])));
            }
            if self.jsonl {
                buf.push(b'\n');
            }
            oldest = oldest.min(info.t);
            newest = newest.max(info.t);
            errors += u64::from(info.err);
            records += 1;
        }
        if !self.jsonl {
            buf.extend_from_slice(b"]}\n");
        }
        let sha = sha256(&buf);
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
            records,
            errors,
            dups,
            lineage,
            written: true,
        })
    }

    /// One digest per hour per account/region, chained, listing the files delivered that hour.
    pub fn write_digests(
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
        // Where the current chain starts: the trail's start, or a restart of logging.
        let mut chain_start = self.start;
        let mut held_hours = 0u64;
        loop {
            // Logging stops before this hour ends: a final digest at the stop.
            let stop = self
                .off_span()
                .filter(|&(stop, _)| end > stop && chain_start < stop);
            let end_here = stop.map_or(end, |s| s.0);
            let begin = if prev.is_none() {
                chain_start.max(end_here - 3600)
            } else {
                end - 3600
            };
            let mut listed = Vec::new();
            while fi < files.len() && outs[files[fi] as usize].delivered < end_here {
                let out = &outs[files[fi] as usize];
                if out.written {
                    listed.push(out);
                }
                fi += 1;
            }
            let (listed, held) = self.hold_back(listed, &mut held_hours);
            let (y, m, d, ..) = civil(end_here);
            let key = format!(
                "{}{a}/CloudTrail-Digest/{r}/{y}/{m:02}/{d:02}/{a}_CloudTrail-Digest_{r}_{}_{home}_{}.json.gz",
                self.prefix,
                self.trail,
                compact_ts(end_here, true)
            );
            let mut o = Vec::with_capacity(512 + listed.len() * 400);
            o.push(b'{');
            o.ks("awsAccountId", a);
            o.kt("digestStartTime", begin);
            o.kt("digestEndTime", end_here);
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
            if !held.is_empty() {
                let (c, b) =
                    self.write_backfill(&key, a, st.region, begin, end_here, &held, root, level)?;
                count += c;
                bytes += b;
            }
            prev = Some((key, hex(&sha256(&o)), hexs(&mut rng, 512)));
            if let Some((_, restart)) = stop {
                // Nothing is delivered until the restart, which opens a new chain.
                prev = None;
                chain_start = restart;
                if restart >= self.end + self.win {
                    break;
                }
                while end <= restart {
                    end += 3600;
                }
                continue;
            }
            if end >= self.end + self.win {
                break;
            }
            end += 3600;
        }
        Ok((count, bytes))
    }
}
