//! Which keys of a record are known to appear once: the loader notes, per record, whether any of
//! the usual CloudTrail keys appears twice (ASCII case-insensitively) at the top level, or inside
//! `userIdentity`; a JSON path walk over the record's bytes can then stop once it has the value
//! under such keys instead of searching the rest of the record for another (see
//! `query::scan::PathWalk`). Pure data, no I/O.

/// The fields CloudTrail documents at the top level of a record (CloudTrail record contents,
/// AWS CloudTrail User Guide). A JSON path starting elsewhere is still read, with a note: it is
/// more often a typo than a field of a non-standard record.
pub const RECORD_FIELDS: &[&str] = &[
    "eventVersion",
    "userIdentity",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "requestID",
    "eventID",
    "eventType",
    "apiVersion",
    "managementEvent",
    "readOnly",
    "resources",
    "recipientAccountId",
    "serviceEventDetails",
    "sharedEventID",
    "vpcEndpointId",
    "vpcEndpointAccountId",
    "eventCategory",
    "addendum",
    "sessionCredentialFromConsole",
    "edgeDeviceDetails",
    "tlsDetails",
    "insightDetails",
];

/// Top-level keys whose uniqueness [`super::flags::UNIQUE_TOP`] vouches for: the documented
/// ones (at most 64).
pub const TOP_KEYS: &[&str] = RECORD_FIELDS;

/// Keys of `userIdentity` whose uniqueness [`super::flags::UNIQUE_IDENTITY`] vouches for.
pub const IDENTITY_KEYS: &[&str] = &[
    "type",
    "principalId",
    "arn",
    "accountId",
    "accessKeyId",
    "userName",
    "sessionContext",
    "invokedBy",
    "onBehalfOf",
    "credentialId",
];

/// The index in `names` of the name `key` equals ignoring ASCII case.
#[inline]
pub fn index_ci(key: &str, names: &[&str]) -> Option<usize> {
    names
        .iter()
        .position(|n| n.len() == key.len() && n.eq_ignore_ascii_case(key))
}

/// The index of `key` in [`TOP_KEYS`] (ASCII case-insensitively); exact spellings first, by a
/// `match`, since nearly every key of a record is one of them.
#[inline]
pub fn top_index(key: &str) -> Option<usize> {
    Some(match key {
        "eventVersion" => 0,
        "userIdentity" => 1,
        "eventTime" => 2,
        "eventSource" => 3,
        "eventName" => 4,
        "awsRegion" => 5,
        "sourceIPAddress" => 6,
        "userAgent" => 7,
        "errorCode" => 8,
        "errorMessage" => 9,
        "requestParameters" => 10,
        "responseElements" => 11,
        "additionalEventData" => 12,
        "requestID" => 13,
        "eventID" => 14,
        "eventType" => 15,
        "apiVersion" => 16,
        "managementEvent" => 17,
        "readOnly" => 18,
        "resources" => 19,
        "recipientAccountId" => 20,
        "serviceEventDetails" => 21,
        "sharedEventID" => 22,
        "vpcEndpointId" => 23,
        "vpcEndpointAccountId" => 24,
        "eventCategory" => 25,
        "addendum" => 26,
        "sessionCredentialFromConsole" => 27,
        "edgeDeviceDetails" => 28,
        "tlsDetails" => 29,
        "insightDetails" => 30,
        _ => return index_ci(key, TOP_KEYS),
    })
}

/// The index of `key` in [`IDENTITY_KEYS`] (ASCII case-insensitively).
#[inline]
pub fn identity_index(key: &str) -> Option<usize> {
    Some(match key {
        "type" => 0,
        "principalId" => 1,
        "arn" => 2,
        "accountId" => 3,
        "accessKeyId" => 4,
        "userName" => 5,
        "sessionContext" => 6,
        "invokedBy" => 7,
        "onBehalfOf" => 8,
        "credentialId" => 9,
        _ => return index_ci(key, IDENTITY_KEYS),
    })
}

/// The keys of one JSON object seen so far: which names of a list, and whether one came twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeySeen {
    seen: u64,
    /// A name of the list appeared twice (ASCII case-insensitively).
    pub dup: bool,
}

impl KeySeen {
    /// Notes the key at `index` (from [`top_index`] / [`identity_index`]; `None`: not listed).
    #[inline]
    pub fn see(&mut self, index: Option<usize>) {
        if let Some(i) = index {
            let b = 1u64 << i;
            self.dup |= self.seen & b != 0;
            self.seen |= b;
        }
    }

    /// True when the name at `index` of the list was seen.
    pub fn has(&self, index: usize) -> bool {
        self.seen & (1u64 << index) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matches_agree_with_the_lists() {
        assert!(TOP_KEYS.len() <= 64 && IDENTITY_KEYS.len() <= 64);
        for (i, k) in TOP_KEYS.iter().enumerate() {
            assert_eq!(top_index(k), Some(i), "{k}");
            assert_eq!(top_index(&k.to_ascii_uppercase()), Some(i), "{k}");
        }
        for (i, k) in IDENTITY_KEYS.iter().enumerate() {
            assert_eq!(identity_index(k), Some(i), "{k}");
            assert_eq!(identity_index(&k.to_ascii_lowercase()), Some(i), "{k}");
        }
        assert_eq!(top_index("eventname2"), None);
        assert_eq!(identity_index("ARN"), Some(2));
        let mut s = KeySeen::default();
        s.see(top_index("eventName"));
        s.see(top_index("other"));
        s.see(top_index("other"));
        assert!(!s.dup);
        s.see(top_index("EVENTNAME"));
        assert!(s.dup);
    }
}
