//! Credentials from a named profile, through the AWS CLI: `aws configure export-credentials
//! --profile P --format process` prints the profile's resolved credentials (static keys, assumed
//! roles, IAM Identity Center/SSO sessions, credential_process: everything the CLI reads) in the
//! documented `credential_process` JSON. object_store reads the environment, web identity, ECS
//! and instance metadata itself but no profiles; this fills that gap without the AWS SDK.

use object_store::aws::AwsCredential;
use object_store::CredentialProvider;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// The `credential_process` output (Version 1).
#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct ProcessOutput {
    version: u32,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    /// RFC 3339; absent for long-term keys.
    expiration: Option<String>,
}

/// Parses the CLI's output into a credential and the time it expires (if it does).
pub fn parse_process_output(text: &str) -> Result<(AwsCredential, Option<SystemTime>), String> {
    let o: ProcessOutput = serde_json::from_str(text)
        .map_err(|e| format!("unexpected output of aws configure export-credentials: {e}"))?;
    if o.version != 1 {
        return Err(format!(
            "aws configure export-credentials: version {} (expected 1)",
            o.version
        ));
    }
    let expires = match o.expiration {
        Some(e) => Some(
            chrono::DateTime::parse_from_rfc3339(&e)
                .map_err(|_| format!("aws configure export-credentials: bad Expiration '{e}'"))?
                .into(),
        ),
        None => None,
    };
    Ok((
        AwsCredential {
            key_id: o.access_key_id,
            secret_key: o.secret_access_key,
            token: o.session_token,
        },
        expires,
    ))
}

/// Runs the AWS CLI for `profile` (the `aws` on PATH, or `$TRAILSCOPE_AWS_CLI`).
pub fn export_credentials(profile: &str) -> Result<(AwsCredential, Option<SystemTime>), String> {
    let cli = std::env::var("TRAILSCOPE_AWS_CLI").unwrap_or_else(|_| "aws".into());
    export_with(&cli, profile)
}

fn export_with(cli: &str, profile: &str) -> Result<(AwsCredential, Option<SystemTime>), String> {
    let out = std::process::Command::new(cli)
        .args([
            "configure",
            "export-credentials",
            "--profile",
            profile,
            "--format",
            "process",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "profile {profile}: cannot run '{cli} configure export-credentials' ({}; AWS CLI v2 reads profiles and SSO)",
                crate::loader::decode::io_reason(&e)
            )
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "profile {profile}: aws configure export-credentials failed: {}",
            err.trim()
        ));
    }
    parse_process_output(&String::from_utf8_lossy(&out.stdout))
}

/// A profile's credentials, fetched once and again 5 minutes before they expire.
#[derive(Debug)]
pub struct ProfileCredentials {
    profile: String,
    cached: Mutex<Option<(Arc<AwsCredential>, Option<SystemTime>)>>,
}

impl ProfileCredentials {
    /// For `profile`; checks now that the credentials can be had (a clear error before listing).
    pub fn new(profile: &str) -> Result<Self, String> {
        let (c, exp) = export_credentials(profile)?;
        Ok(ProfileCredentials {
            profile: profile.into(),
            cached: Mutex::new(Some((Arc::new(c), exp))),
        })
    }
}

#[async_trait::async_trait]
impl CredentialProvider for ProfileCredentials {
    type Credential = AwsCredential;

    async fn get_credential(&self) -> object_store::Result<Arc<AwsCredential>> {
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = |exp: &Option<SystemTime>| {
            exp.is_none_or(|e| e > SystemTime::now() + Duration::from_secs(300))
        };
        if let Some((c, exp)) = &*cached {
            if fresh(exp) {
                return Ok(c.clone());
            }
        }
        // Rare (once an hour at most) and quick: run the CLI on this thread.
        let (c, exp) =
            export_credentials(&self.profile).map_err(|e| object_store::Error::Generic {
                store: "S3",
                source: e.into(),
            })?;
        let c = Arc::new(c);
        *cached = Some((c.clone(), exp));
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_process_output() {
        let (c, exp) = parse_process_output(
            r#"{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s","SessionToken":"t","Expiration":"2026-12-01T15:00:00+00:00"}"#,
        )
        .unwrap();
        assert_eq!(c.key_id, "ASIAEXAMPLE");
        assert_eq!(c.token.as_deref(), Some("t"));
        assert!(exp.is_some());
        let (c, exp) =
            parse_process_output(r#"{"Version":1,"AccessKeyId":"AKIA","SecretAccessKey":"s"}"#)
                .unwrap();
        assert!(c.token.is_none() && exp.is_none());
        assert!(
            parse_process_output(r#"{"Version":2,"AccessKeyId":"a","SecretAccessKey":"s"}"#)
                .unwrap_err()
                .contains("version 2")
        );
        assert!(parse_process_output("not json").is_err());
    }

    #[test]
    fn a_missing_cli_is_a_clear_error() {
        let e = export_with("/nonexistent/aws", "dev").unwrap_err();
        assert!(e.contains("profile dev") && e.contains("cannot run"), "{e}");
    }
}
