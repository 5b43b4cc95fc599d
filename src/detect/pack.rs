//! The bundled detection pack: SigmaHQ's CloudTrail rules (Detection Rule License 1.1, each
//! with its author and a link to it at a fixed commit) and trailscope's own rules
//! (MIT OR Apache-2.0), embedded in the binary (`assets/rules/`, listed in `pack_list.rs`).
//! The files are unmodified; where the pack disagrees with a SigmaHQ rule it says so here
//! ([`ADJUST`]).

use super::RuleFile;
use crate::model::{Level, RuleOrigin};

mod list {
    include!("pack_list.rs");
}
pub use list::FILES;

/// The SigmaHQ commit the rules were copied from.
pub const SIGMA_COMMIT: &str = "8eaafff1f2845a696050e05e72ba1140ee190698";

/// The licence of SigmaHQ's rules.
pub const SIGMA_LICENSE: &str = "DRL-1.1";
/// The licence of trailscope's own rules.
pub const TRAILSCOPE_LICENSE: &str = "MIT OR Apache-2.0";

/// Where a bundled SigmaHQ file lives in SigmaHQ's repository.
fn upstream(path: &str) -> Option<String> {
    let (dir, file) = path.rsplit_once('/')?;
    let up = match dir {
        "sigma/rules" => "rules/cloud/aws/cloudtrail",
        "sigma/unsupported" => "unsupported/cloud",
        "sigma/placeholder" => "rules-placeholder/cloud/aws/cloudtrail",
        _ => return None,
    };
    Some(format!(
        "https://github.com/SigmaHQ/sigma/blob/{SIGMA_COMMIT}/{up}/{file}"
    ))
}

/// The bundled rule files.
pub fn files() -> Vec<RuleFile> {
    FILES
        .iter()
        .map(|(path, text)| {
            let sigma = path.starts_with("sigma/");
            RuleFile {
                name: format!("<bundled>/{path}"),
                text: text.to_string(),
                origin: if sigma {
                    RuleOrigin::Sigma
                } else {
                    RuleOrigin::Trailscope
                },
                link: upstream(path),
                license: if sigma {
                    SIGMA_LICENSE
                } else {
                    TRAILSCOPE_LICENSE
                }
                .to_string(),
            }
        })
        .collect()
}

/// What the pack does to a SigmaHQ rule it disagrees with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Not run unless asked for (`--all-rules`).
    Off,
    /// Runs at this level instead of its own.
    Demote(Level),
    /// Runs as written; the note says what is wrong with it.
    Note,
    /// Runs only on the events where one of these JSON paths has a value (the rule's own
    /// condition and this one): for a rule that names the right call but not the direction
    /// of the change.
    Only(&'static [&'static str]),
}

/// A SigmaHQ rule the pack adjusts, and why.
#[derive(Clone, Copy, Debug)]
pub struct Adjust {
    /// The rule's id.
    pub id: &'static str,
    /// What is done.
    pub action: Action,
    /// Why (shown by `trailscope rules`).
    pub reason: &'static str,
}

/// The SigmaHQ rules the pack adjusts.
pub const ADJUST: &[Adjust] = &[
    Adjust {
        id: "f305fd62-beca-47da-ad95-7690a0620084",
        action: Action::Off,
        reason: "Potential Bucket Enumeration matches every ListBuckets by a user (the S3 \
                 console lists buckets on each visit): 2,600 events of 1M generated",
    },
    Adjust {
        id: "78b3756a-7804-4ef7-8555-7b9024a02e2d",
        action: Action::Off,
        reason: "S3 Data Management Tampering matches routine data events (ReplicateObject, \
                 RestoreObject) and names PutLifecycleConfiguration where CloudTrail logs \
                 PutBucketLifecycle: 2,400 events of 1M generated; ts-s3-lifecycle-change covers \
                 short expirations",
    },
    Adjust {
        id: "e9c14b23-47e2-4a8b-8a63-d36618e33d70",
        action: Action::Off,
        reason: "counts every principal's List* calls together (no group-by): a busy trail passes \
                 50 in 10 minutes all day (60,000 events of 1M generated); ts-enumeration-burst \
                 counts per principal",
    },
    Adjust {
        id: "4723218f-2048-41f6-bcb0-417f2d784f61",
        action: Action::Off,
        reason: "counts every principal's S3 reads together (no group-by): a busy trail passes 5 \
                 in 10 minutes all day (21,000 events of 1M generated)",
    },
    Adjust {
        id: "76255e09-755e-4675-8b6b-dbce9842cd2a",
        action: Action::Off,
        reason: "counts every principal's EC2 volume and image reads together (no group-by): a \
                 busy trail passes 5 in 10 minutes all day (7,900 events of 1M generated)",
    },
    Adjust {
        id: "905d389b-b853-46d0-9d3d-dea0d3a3cd49",
        action: Action::Off,
        reason: "AWS STS AssumeRole Misuse matches every call made with a role session \
                 (userIdentity.type AssumedRole, issuer a Role): most of any trail",
    },
    Adjust {
        id: "0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2",
        action: Action::Demote(Level::Low),
        reason: "its filter compares userIdentity.arn with the literal text \
                 'responseElements.accessKey.userName' (not a field reference), so it matches \
                 every CreateAccessKey; ts-iam-access-key-other-user covers keys made for \
                 another user",
    },
    Adjust {
        id: "055fb148-60f8-462d-ad16-26926ce050f1",
        action: Action::Demote(Level::Medium),
        reason: "its filter compares an ARN with a user name (|fieldref), which are never \
                 equal, so it matches every UpdateLoginProfile",
    },
    Adjust {
        id: "1ab3c5ed-5baf-417b-bb6b-78ca33f6c3df",
        action: Action::Note,
        reason: "looks for requestParameters.attribute: userData, but CloudTrail logs \
                 requestParameters.userData: it rarely fires; ts-ec2-user-data-change covers it",
    },
    Adjust {
        id: "ccd6a6c8-bb4e-4a91-9d2a-07e632819374",
        action: Action::Note,
        reason: "requires a field 'status' that CloudTrail records do not have: never fires; \
                 ts-iam-saml-provider-deleted covers DeleteSAMLProvider",
    },
    Adjust {
        id: "abae8fec-57bd-4f87-aff6-6e3db989843d",
        action: Action::Only(&[
            "requestParameters.createVolumePermission.add.items.userId",
            "requestParameters.createVolumePermission.add.items.group",
        ]),
        reason: "matches every ModifySnapshotAttribute, a permission removed (the share \
                 revoked) too: runs only where createVolumePermission.add names an account or \
                 a group",
    },
];

/// The adjustment of the bundled SigmaHQ rule `id`, if the pack has one.
pub fn adjustment(id: &str) -> Option<&'static Adjust> {
    ADJUST.iter().find(|a| a.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_the_commit() {
        assert_eq!(
            upstream("sigma/rules/a.yml").unwrap(),
            format!("https://github.com/SigmaHQ/sigma/blob/{SIGMA_COMMIT}/rules/cloud/aws/cloudtrail/a.yml")
        );
        assert!(upstream("trailscope/a.yml").is_none());
    }
}
