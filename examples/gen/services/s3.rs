//! Amazon S3 (management and data events).

use crate::data::{section, LISTS};
use crate::event::{add_res, lcfirst, null_resp, tag_list, Ctx, Err, Scratch};
use crate::identities::Ua;
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, push_rand, rand_str, ALNUM, B64, B64URL};
use crate::time::push_iso;
use std::sync::LazyLock;

pub static S3_OBJECT_OPS: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "s3-object-ops"));

pub fn s3_sub(name: &str) -> String {
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

pub fn s3_nf(sub: &str) -> (&'static str, &'static str) {
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

pub fn s3_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
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
