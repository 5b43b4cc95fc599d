//! Digest signatures. CloudTrail signs each digest with RSA (PKCS#1 v1.5 over SHA-256) and
//! keeps the hex signature in the S3 object's metadata (`x-amz-meta-signature`, with
//! `x-amz-meta-signature-algorithm`), not in the file: a local copy alone cannot be checked.
//! When the metadata was saved beside the digest (a sidecar `DIGEST.sig`) and the user gives
//! the region's public key, the signature is checked as AWS documents.

use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// The name of a digest's sidecar: the digest's own name with `.sig` added.
pub fn sidecar_path(digest: &Path) -> PathBuf {
    let mut s = digest.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

/// A digest's S3 metadata, as saved in its sidecar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigMeta {
    /// Hex signature.
    pub signature: String,
    /// `SHA256withRSA`.
    pub algorithm: Option<String>,
}

/// Reads a sidecar: either `aws s3api head-object` output (`{"Metadata":{"signature":…,
/// "signature-algorithm":…}}`), a JSON object with those keys (or `x-amz-meta-…`), or lines
/// `signature: HEX` / `signature-algorithm: NAME` (also `x-amz-meta-…` header lines).
pub fn parse_sidecar(text: &str) -> Option<SigMeta> {
    let get = |m: &serde_json::Map<String, serde_json::Value>, k: &str| -> Option<String> {
        m.get(k)
            .or_else(|| m.get(&format!("x-amz-meta-{k}")))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_str::<serde_json::Value>(text) {
        let m = match o.get("Metadata") {
            Some(serde_json::Value::Object(m)) => m.clone(),
            _ => o,
        };
        return Some(SigMeta {
            signature: get(&m, "signature")?,
            algorithm: get(&m, "signature-algorithm"),
        });
    }
    let mut signature = None;
    let mut algorithm = None;
    for line in text.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let k = k.trim().to_ascii_lowercase();
        let k = k.strip_prefix("x-amz-meta-").unwrap_or(&k);
        match k {
            "signature" => signature = Some(v.trim().to_string()),
            "signature-algorithm" => algorithm = Some(v.trim().to_string()),
            _ => {}
        }
    }
    Some(SigMeta {
        signature: signature?,
        algorithm,
    })
}

/// The string CloudTrail signs: `digestEndTime\ndigestS3Bucket/digestS3Object\nhex SHA-256 of
/// the uncompressed digest\npreviousDigestSignature` (`null` at the start of a chain).
pub fn signing_string(d: &super::digest::Digest, content_sha_hex: &str) -> String {
    format!(
        "{}\n{}/{}\n{}\n{}",
        d.digest_end_time,
        d.digest_s3_bucket,
        d.digest_s3_object,
        content_sha_hex,
        d.previous_digest_signature.as_deref().unwrap_or("null")
    )
}

/// Why a public key file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: not an RSA public key (PEM or DER, PKCS#1 or SubjectPublicKeyInfo; AWS's list-public-keys Value is base64 DER)")]
pub struct KeyError {
    /// The file.
    pub path: String,
}

/// Reads an RSA public key: PEM (`BEGIN PUBLIC KEY` / `BEGIN RSA PUBLIC KEY`), DER, or the
/// base64 DER that `aws cloudtrail list-public-keys` prints as `Value`.
pub fn read_public_key(bytes: &[u8], path: &str) -> Result<RsaPublicKey, KeyError> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::DecodePublicKey;
    let err = || KeyError {
        path: path.to_string(),
    };
    let der = |b: &[u8]| {
        RsaPublicKey::from_public_key_der(b)
            .ok()
            .or_else(|| RsaPublicKey::from_pkcs1_der(b).ok())
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        let t = text.trim();
        if t.starts_with("-----BEGIN") {
            return RsaPublicKey::from_public_key_pem(t)
                .ok()
                .or_else(|| RsaPublicKey::from_pkcs1_pem(t).ok())
                .ok_or_else(err);
        }
        use base64::Engine as _;
        if let Ok(b) = base64::engine::general_purpose::STANDARD.decode(t) {
            if let Some(k) = der(&b) {
                return Ok(k);
            }
        }
    }
    der(bytes).ok_or_else(err)
}

/// A key's fingerprint as CloudTrail writes it in `digestPublicKeyFingerprint` (and
/// `aws cloudtrail list-public-keys` prints as `Fingerprint`): the hex MD5 of the key's DER in
/// PKCS#1 form, the bytes list-public-keys gives as `Value`. AWS does not document the formula
/// (its fingerprints are 32 hex digits, an MD5), so a mismatch is told beside the signature
/// check, never a verdict of its own: the signature alone decides.
pub fn fingerprint(key: &RsaPublicKey) -> String {
    use md5::Digest as _;
    use rsa::pkcs1::EncodeRsaPublicKey;
    let der = key
        .to_pkcs1_der()
        .expect("an RSA public key always encodes as PKCS#1 DER");
    super::hash::hex(&md5::Md5::digest(der.as_bytes()))
}

/// The outcome of a signature check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigCheck {
    /// The signature matches the signing string under the key.
    Good,
    /// It does not (or is not hex, or the algorithm is not SHA256withRSA).
    Bad,
}

/// Checks `meta`'s signature of `d` (whose uncompressed content hashes to `content_sha_hex`).
pub fn check(
    key: &RsaPublicKey,
    d: &super::digest::Digest,
    content_sha_hex: &str,
    meta: &SigMeta,
) -> SigCheck {
    if meta
        .algorithm
        .as_deref()
        .is_some_and(|a| !a.eq_ignore_ascii_case("SHA256withRSA"))
    {
        return SigCheck::Bad;
    }
    let Some(sig) = super::hash::unhex(&meta.signature) else {
        return SigCheck::Bad;
    };
    let Ok(sig) = Signature::try_from(&sig[..]) else {
        return SigCheck::Bad;
    };
    let vk = VerifyingKey::<Sha256>::new(key.clone());
    match vk.verify(signing_string(d, content_sha_hex).as_bytes(), &sig) {
        Ok(()) => SigCheck::Good,
        Err(_) => SigCheck::Bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_in_each_form() {
        let want = Some(SigMeta {
            signature: "ab12".into(),
            algorithm: Some("SHA256withRSA".into()),
        });
        assert_eq!(
            parse_sidecar(
                r#"{"AcceptRanges":"bytes","Metadata":{"signature":"ab12","signature-algorithm":"SHA256withRSA"}}"#
            ),
            want
        );
        assert_eq!(
            parse_sidecar(
                r#"{"x-amz-meta-signature":"ab12","x-amz-meta-signature-algorithm":"SHA256withRSA"}"#
            ),
            want
        );
        assert_eq!(
            parse_sidecar(
                "x-amz-meta-signature: ab12\nx-amz-meta-signature-algorithm: SHA256withRSA\n"
            ),
            want
        );
        assert_eq!(parse_sidecar("nothing here"), None);
    }

    #[test]
    fn the_signing_string_is_awss() {
        let d = super::super::digest::Digest {
            aws_account_id: "1".into(),
            digest_start_time: "2015-05-08T06:19:37Z".into(),
            digest_end_time: "2015-05-08T07:19:37Z".into(),
            digest_s3_bucket: "b".into(),
            digest_s3_object: "AWSLogs/1/CloudTrail-Digest/k.json.gz".into(),
            digest_public_key_fingerprint: None,
            digest_signature_algorithm: None,
            previous_digest_s3_object: None,
            previous_digest_hash_value: None,
            previous_digest_signature: None,
            log_files: vec![],
        };
        assert_eq!(
            signing_string(&d, "abcd"),
            "2015-05-08T07:19:37Z\nb/AWSLogs/1/CloudTrail-Digest/k.json.gz\nabcd\nnull"
        );
    }
}
