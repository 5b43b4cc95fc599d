//! Lenient, borrowing deserialisation of the indexed fields of one CloudTrail record.
//!
//! Everything is attacker-controlled, so a field of the wrong type (an `eventTime` that is a
//! number, a `userIdentity` that is a string, an `errorCode` that is an object) is treated as
//! absent rather than failing the record; duplicate keys keep the last value, as JSON parsers do.

use crate::model::keyset::{self, KeySeen};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A string field that tolerates any JSON type (`None` unless it is a string; bools become
/// "true"/"false" because `readOnly` is sometimes a string and sometimes a bool).
#[derive(Debug, Default, Clone)]
pub struct LStr<'a>(pub Option<Cow<'a, str>>);

impl<'a> LStr<'a> {
    /// The value, or "" when absent.
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}

struct LStrVisitor;

impl<'de> Visitor<'de> for LStrVisitor {
    type Value = LStr<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(LStr(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(LStr(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(LStr(Some(Cow::Owned(v))))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(LStr(Some(Cow::Borrowed(if v { "true" } else { "false" }))))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(LStr(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(LStr(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(LStr(None))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(LStr(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(LStr(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(LStr(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(LStr(None))
    }
}

impl<'de> Deserialize<'de> for LStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LStrVisitor)
    }
}

/// A map key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Implements `Deserialize` for a struct read from a JSON object by a key-matching closure;
/// any other JSON type yields the default (absent) value.
macro_rules! lenient_object {
    ($ty:ident, |$s:ident, $key:ident, $map:ident| $body:block) => {
        impl<'de> Deserialize<'de> for $ty<'de> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty<'de>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: MapAccess<'de>>(
                        self,
                        mut $map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let mut $s = $ty::default();
                        while let Some(Key($key)) = $map.next_key::<Key<'de>>()? {
                            $body
                        }
                        Ok($s)
                    }
                    fn visit_seq<A: SeqAccess<'de>>(
                        self,
                        mut a: A,
                    ) -> Result<Self::Value, A::Error> {
                        while a.next_element::<IgnoredAny>()?.is_some() {}
                        Ok($ty::default())
                    }
                    fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_unit<E>(self) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                    fn visit_none<E>(self) -> Result<Self::Value, E> {
                        Ok($ty::default())
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

/// `userIdentity.sessionContext.sessionIssuer`.
#[derive(Debug, Default)]
pub struct Issuer<'a> {
    /// `arn`.
    pub arn: LStr<'a>,
    /// `userName`.
    pub user_name: LStr<'a>,
}
lenient_object!(Issuer, |s, key, map| {
    match &*key {
        "arn" => s.arn = map.next_value()?,
        "userName" => s.user_name = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `userIdentity.sessionContext.attributes`, as far as the session's creation time.
#[derive(Debug, Default)]
pub struct Attributes<'a> {
    /// `creationDate`: when the session's credentials were issued (a console session: the
    /// sign-in's time).
    pub creation_date: LStr<'a>,
}
lenient_object!(Attributes, |s, key, map| {
    match &*key {
        "creationDate" => s.creation_date = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `userIdentity.sessionContext`.
#[derive(Debug, Default)]
pub struct SessionContext<'a> {
    /// `sessionIssuer`.
    pub issuer: Issuer<'a>,
    /// `attributes`.
    pub attributes: Attributes<'a>,
}
lenient_object!(SessionContext, |s, key, map| {
    match &*key {
        "sessionIssuer" => s.issuer = map.next_value()?,
        "attributes" => s.attributes = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `userIdentity.onBehalfOf` (Identity Center).
#[derive(Debug, Default)]
pub struct OnBehalfOf<'a> {
    /// `userId`.
    pub user_id: LStr<'a>,
}
lenient_object!(OnBehalfOf, |s, key, map| {
    match &*key {
        "userId" => s.user_id = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `userIdentity`.
#[derive(Debug, Default)]
pub struct UserIdentity<'a> {
    /// `type`.
    pub kind: LStr<'a>,
    /// `principalId`.
    pub principal_id: LStr<'a>,
    /// `arn`.
    pub arn: LStr<'a>,
    /// `accountId`.
    pub account_id: LStr<'a>,
    /// `accessKeyId`.
    pub access_key_id: LStr<'a>,
    /// `userName`.
    pub user_name: LStr<'a>,
    /// `invokedBy`.
    pub invoked_by: LStr<'a>,
    /// `sessionContext`.
    pub session: SessionContext<'a>,
    /// `onBehalfOf`.
    pub on_behalf_of: OnBehalfOf<'a>,
    /// Its keys of [`IDENTITY_KEYS`](crate::model::keyset::IDENTITY_KEYS) seen.
    pub keys: KeySeen,
}
lenient_object!(UserIdentity, |s, key, map| {
    s.keys.see(keyset::identity_index(&key));
    match &*key {
        "type" => s.kind = map.next_value()?,
        "principalId" => s.principal_id = map.next_value()?,
        "arn" => s.arn = map.next_value()?,
        "accountId" => s.account_id = map.next_value()?,
        "accessKeyId" => s.access_key_id = map.next_value()?,
        "userName" => s.user_name = map.next_value()?,
        "invokedBy" => s.invoked_by = map.next_value()?,
        "sessionContext" => s.session = map.next_value()?,
        "onBehalfOf" => s.on_behalf_of = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// One `resources[]` entry.
#[derive(Debug, Default)]
pub struct Resource<'a> {
    /// `ARN`.
    pub arn: LStr<'a>,
}
lenient_object!(Resource, |s, key, map| {
    match &*key {
        "ARN" | "arn" => s.arn = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `resources`: a list of ARNs (non-array values give an empty list).
#[derive(Debug, Default)]
pub struct Resources<'a>(pub Vec<LStr<'a>>);

impl<'de> Deserialize<'de> for Resources<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Resources<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(r) = a.next_element::<Resource<'de>>()? {
                    if r.arn.0.is_some() {
                        v.push(r.arn);
                    }
                }
                Ok(Resources(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Resources(Vec::new()))
            }
            fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Resources::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// `responseElements.credentials` (AssumeRole*, GetSessionToken, GetFederationToken) and
/// `responseElements.accessKey` (CreateAccessKey).
#[derive(Debug, Default)]
pub struct Credentials<'a> {
    /// `accessKeyId`.
    pub access_key_id: LStr<'a>,
    /// `expiration` (STS writes `Jul 10, 2023, 6:38:25 PM`; ISO 8601 is read too).
    pub expiration: LStr<'a>,
}
lenient_object!(Credentials, |s, key, map| {
    match &*key {
        "accessKeyId" => s.access_key_id = map.next_value()?,
        "expiration" => s.expiration = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `responseElements`, only as far as an issued access key.
#[derive(Debug, Default)]
pub struct Response<'a> {
    /// `credentials`.
    pub credentials: Credentials<'a>,
    /// `accessKey`: the long-term key a `CreateAccessKey` made.
    pub access_key: Credentials<'a>,
}
lenient_object!(Response, |s, key, map| {
    match &*key {
        "credentials" => s.credentials = map.next_value()?,
        "accessKey" => s.access_key = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// `insightDetails` of an Insights event, as far as the API it is about.
#[derive(Debug, Default)]
pub struct InsightDetails<'a> {
    /// `eventName`.
    pub event_name: LStr<'a>,
    /// `eventSource`.
    pub event_source: LStr<'a>,
}
lenient_object!(InsightDetails, |s, key, map| {
    match &*key {
        "eventName" => s.event_name = map.next_value()?,
        "eventSource" => s.event_source = map.next_value()?,
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

/// The indexed fields of a record, plus what the object's keys say about its shape.
#[derive(Debug, Default)]
pub struct RecordFields<'a> {
    pub event_time: LStr<'a>,
    pub event_name: LStr<'a>,
    pub event_source: LStr<'a>,
    pub region: LStr<'a>,
    pub ip: LStr<'a>,
    pub agent: LStr<'a>,
    pub error_code: LStr<'a>,
    pub error_message: LStr<'a>,
    pub recipient_account: LStr<'a>,
    pub event_id: LStr<'a>,
    pub request_id: LStr<'a>,
    pub read_only: LStr<'a>,
    pub event_type: LStr<'a>,
    pub category: LStr<'a>,
    pub management: LStr<'a>,
    pub identity: UserIdentity<'a>,
    pub resources: Resources<'a>,
    pub response: Response<'a>,
    pub insight: InsightDetails<'a>,
    /// Saw `eventVersion`.
    pub has_version: bool,
    /// Saw `userIdentity` (any type).
    pub has_identity: bool,
    /// A lookup-events Event: the record is the JSON string in `CloudTrailEvent`.
    pub lookup_string: bool,
    /// Saw `Records` or `Events`: an envelope, not a record.
    pub envelope: bool,
    /// Saw digest-file keys.
    pub digest: bool,
    /// Its keys of [`TOP_KEYS`](crate::model::keyset::TOP_KEYS) seen.
    pub keys: KeySeen,
}

impl RecordFields<'_> {
    /// True when the object looks like a CloudTrail record.
    pub fn is_record(&self) -> bool {
        self.event_name.0.is_some()
            || self.event_source.0.is_some()
            || self.event_id.0.is_some()
            || (self.has_version && (self.event_time.0.is_some() || self.has_identity))
            || (self.event_time.0.is_some() && self.has_identity)
    }
}

lenient_object!(RecordFields, |s, key, map| {
    s.keys.see(keyset::top_index(&key));
    match &*key {
        "eventTime" => s.event_time = map.next_value()?,
        "eventName" => s.event_name = map.next_value()?,
        "eventSource" => s.event_source = map.next_value()?,
        "awsRegion" => s.region = map.next_value()?,
        "sourceIPAddress" => s.ip = map.next_value()?,
        "userAgent" => s.agent = map.next_value()?,
        "errorCode" => s.error_code = map.next_value()?,
        "errorMessage" => s.error_message = map.next_value()?,
        "recipientAccountId" => s.recipient_account = map.next_value()?,
        "eventID" => s.event_id = map.next_value()?,
        "requestID" => s.request_id = map.next_value()?,
        "readOnly" => s.read_only = map.next_value()?,
        "eventType" => s.event_type = map.next_value()?,
        "eventCategory" => s.category = map.next_value()?,
        "managementEvent" => s.management = map.next_value()?,
        "userIdentity" => {
            s.has_identity = true;
            s.identity = map.next_value()?
        }
        "resources" => s.resources = map.next_value()?,
        "responseElements" => s.response = map.next_value()?,
        "insightDetails" => s.insight = map.next_value()?,
        "eventVersion" => {
            s.has_version = true;
            map.next_value::<IgnoredAny>()?;
        }
        "CloudTrailEvent" => {
            s.lookup_string = true;
            map.next_value::<IgnoredAny>()?;
        }
        "Records" | "Events" => {
            s.envelope = true;
            map.next_value::<IgnoredAny>()?;
        }
        "digestStartTime"
        | "digestEndTime"
        | "digestPublicKeyFingerprint"
        | "digestSignatureAlgorithm"
        | "previousDigestSignature" => {
            s.digest = true;
            map.next_value::<IgnoredAny>()?;
        }
        // trailscope's own export manifest (evidence::manifest) beside an export: skipped
        // like a digest, never reported as a failed log.
        "manifest" => {
            let v: serde_json::Value = map.next_value()?;
            if v.as_str()
                .is_some_and(|m| m.starts_with("trailscope-export-manifest/"))
            {
                s.digest = true;
            }
        }
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});
