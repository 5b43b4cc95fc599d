//! `--backfill N`: in each account/region, the last log file of each of the first N hours that
//! deliver two or more is left out of its hourly digest and listed instead in a backfill digest
//! for that hour (`…_<stamp>_backfill.json.gz`), as CloudTrail does when processing delays kept
//! a file out of the original digest (issue 13). A backfill digest is outside the hourly chain
//! (its `previousDigest*` are null).

use crate::json::Js;
use crate::output::{gzip, write_out, FileOut};
use crate::plan::Gen;
use std::path::Path;

impl Gen {
    /// Splits an hour's files into those its hourly digest lists and those held back for a
    /// backfill digest; `done` counts the hours held back so far in this stream.
    pub fn hold_back<'a>(
        &self,
        mut listed: Vec<&'a FileOut>,
        done: &mut u64,
    ) -> (Vec<&'a FileOut>, Vec<&'a FileOut>) {
        if *done >= self.backfill || listed.len() < 2 {
            return (listed, Vec::new());
        }
        *done += 1;
        let last = listed.pop().expect("two or more");
        (listed, vec![last])
    }

    /// Writes the backfill digest of the hourly digest `key`; returns (1, its gzip bytes).
    #[allow(clippy::too_many_arguments)]
    pub fn write_backfill(
        &self,
        key: &str,
        account: &str,
        region: usize,
        begin: i64,
        end: i64,
        held: &[&FileOut],
        root: &Path,
        level: u32,
    ) -> Result<(u64, u64), String> {
        let key = format!(
            "{}_backfill.json.gz",
            key.strip_suffix(".json.gz").unwrap_or(key)
        );
        let mut o = Vec::with_capacity(1024);
        o.push(b'{');
        o.ks("awsAccountId", account);
        o.kt("digestStartTime", begin);
        o.kt("digestEndTime", end);
        o.ks("digestS3Bucket", &self.bucket);
        o.ks("digestS3Object", &key);
        o.ks("digestPublicKeyFingerprint", &self.fingerprints[region]);
        o.ks("digestSignatureAlgorithm", "SHA256withRSA");
        o.kt(
            "newestEventTime",
            held.iter().map(|x| x.newest).max().unwrap_or(end),
        );
        o.kt(
            "oldestEventTime",
            held.iter().map(|x| x.oldest).min().unwrap_or(begin),
        );
        for k in [
            "previousDigestS3Bucket",
            "previousDigestS3Object",
            "previousDigestHashValue",
            "previousDigestHashAlgorithm",
            "previousDigestSignature",
        ] {
            o.kr(k, "null");
        }
        o.ka("logFiles");
        for x in held {
            o.eo();
            o.ks("s3Bucket", &self.bucket);
            o.ks("s3Object", &x.key);
            o.ks("hashValue", &crate::sha256::hex(&x.sha));
            o.ks("hashAlgorithm", "SHA-256");
            o.kt("newestEventTime", x.newest);
            o.kt("oldestEventTime", x.oldest);
            o.c();
        }
        o.ca();
        o.c();
        let z = gzip(&o, level).map_err(|e| e.to_string())?;
        write_out(root, &key, &z)?;
        Ok((1, z.len() as u64))
    }
}
