//! The field registry: one row per field of the filter language, from which everything that
//! names fields is derived — the parser's name lookup ([`lookup`]), the fuzzy finder's tabs
//! ([`super::FUZZY_FIELDS`]), the pivot menu's items and hotkeys ([`super::pivot`]), the filter
//! reference printed by `trailscope help filter` ([`super::help`]) and the README's field list
//! (a test compares it with [`super::help::readme_fields`]).
//!
//! Adding a filterable field is: the model column (`model::SymField`), its extraction in the
//! loader, and one row of [`FIELDS`].
//!
//! A name that is not in the table (and any name with a dot or an `[index]`) is a JSON path
//! into the record: the table holds shortcuts, not the only fields one can filter on.

use crate::model::SymField;

/// How a field's value is tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any of these interned columns matches the pattern.
    Column {
        /// The columns (the first one is the finder's and the pivot's).
        cols: &'static [SymField],
        /// A special reading of plain values.
        form: Form,
    },
    /// Any `resources[].ARN` matches (no resources is the absent value).
    Resource,
    /// `eventID` (`request: false`) or `requestID`.
    Id {
        /// `requestID` instead of `eventID`.
        request: bool,
    },
    /// `readOnly`: `true`, `false` or `""` (absent).
    ReadOnly,
    /// The event's file against the trail's digests (`verify`): yes, no, or a state.
    Verified,
    /// `eventTime >= T`.
    After,
    /// `eventTime < T`.
    Before,
    /// Within a duration of the newest event.
    Last,
    /// The credential lineage of a key (`lineage:KEY`) or of the credentials an event issued
    /// (`lineage:id:EVENTID`): see `model::lineage`.
    Lineage,
    /// A credential flag of the event (`flag:off-instance`): see `model::lineage::flag`.
    Flag,
    /// What the detection rules flagged (`model::Hits`): events flagged by a rule whose
    /// property matches.
    Detect(DetectKey),
    /// What Local Insights found (`model::insights`): events counted by an episode whose kind
    /// (`write-rate`, `error-rate`) matches, and CloudTrail's own Insights events (`aws`).
    Insight,
}

/// Which property of a detection rule a `rule:`/`level:`/`tactic:`/`technique:`/`detect:`
/// term tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetectKey {
    /// The rule's id or its title.
    Rule,
    /// Its level; `level:medium+` is medium or above.
    Level,
    /// Its ATT&CK tactics (`_` and spaces read as `-`: `privilege_escalation`).
    Tactic,
    /// Its ATT&CK technique ids (`T1098*`).
    Technique,
    /// Any of id, title, level, tactics, techniques and origin (`sigma`, `trailscope`,
    /// `user`); `detect:*` is any flagged event.
    Any,
}

/// A special reading of plain (unquoted, unescaped, star-free) values of a column field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// None: the value is a pattern.
    Plain,
    /// `source:s3` also matches `s3.amazonaws.com` (a value with no dot).
    Service,
    /// `ip:10.0.0.0/8` is a CIDR block (a value with a `/`).
    Cidr,
}

/// The pivot menu's item for a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PivotSpec {
    /// The key that applies it in the pivot menu (never one of the menu's own keys).
    pub key: char,
    /// Position in the menu (items the event lacks are left out; the others keep this order).
    pub order: u8,
    /// The label before the value, e.g. `same source IP`.
    pub label: &'static str,
}

/// One field of the filter language.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The name used in help and in terms the program writes (`name:GetObject`).
    pub name: &'static str,
    /// Other names accepted for it (lower case; names compare ASCII case-insensitively).
    pub aliases: &'static [&'static str],
    /// How it is tested.
    pub kind: Kind,
    /// What in the record it reads, as CloudTrail names it.
    pub reads: &'static str,
    /// One line of help (what it is, special forms).
    pub help: &'static str,
    /// An example term.
    pub example: &'static str,
    /// Its tab in the fuzzy finder (0 = first), if offered there.
    pub finder_tab: Option<u8>,
    /// Its item in the pivot menu, if any.
    pub pivot: Option<PivotSpec>,
    /// Can be shown as a column of the event list (one interned value per event).
    pub list_column: bool,
}

impl Field {
    /// The interned column that shows this field (for the finder, pivots, list columns).
    pub const fn column(&self) -> Option<SymField> {
        match self.kind {
            Kind::Column { cols, .. } => Some(cols[0]),
            _ => None,
        }
    }
    /// Every name it answers to: its name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }
}

const fn col(c: &'static [SymField]) -> Kind {
    Kind::Column {
        cols: c,
        form: Form::Plain,
    }
}

const fn pv(key: char, order: u8, label: &'static str) -> Option<PivotSpec> {
    Some(PivotSpec { key, order, label })
}

use SymField as F;

/// Every field of the filter language, in help order.
pub const FIELDS: &[Field] = &[
    Field {
        name: "name",
        aliases: &["eventname"],
        kind: col(&[F::Name]),
        reads: F::Name.json_path(),
        help: "the API call",
        example: "name:ConsoleLogin",
        finder_tab: Some(1),
        pivot: pv('n', 6, "same event name"),
        list_column: true,
    },
    Field {
        name: "source",
        aliases: &["eventsource", "service"],
        kind: Kind::Column {
            cols: &[F::Source],
            form: Form::Service,
        },
        reads: F::Source.json_path(),
        help: "the service; source:s3 also matches s3.amazonaws.com",
        example: "source:iam",
        finder_tab: Some(2),
        pivot: None,
        list_column: true,
    },
    Field {
        name: "who",
        aliases: &["user"],
        kind: col(&[F::Who]),
        reads: "userIdentity",
        help: "one display name for every identity type (user, role/session, service, root)",
        example: "who:stratus*",
        finder_tab: Some(0),
        pivot: pv('w', 0, "same identity"),
        list_column: true,
    },
    Field {
        name: "arn",
        aliases: &[],
        kind: col(&[F::Arn]),
        reads: F::Arn.json_path(),
        help: "the principal's ARN",
        example: "arn:*assumed-role*",
        finder_tab: None,
        pivot: None,
        list_column: true,
    },
    Field {
        name: "type",
        aliases: &["identitytype"],
        kind: col(&[F::IdentityType]),
        reads: F::IdentityType.json_path(),
        help: "identity type: IAMUser, AssumedRole, Root, AWSService, FederatedUser…",
        example: "type:Root",
        finder_tab: None,
        pivot: None,
        list_column: true,
    },
    Field {
        name: "account",
        aliases: &[],
        kind: col(&[F::Account, F::PrincipalAccount]),
        reads: "recipientAccountId, userIdentity.accountId",
        help: "the account the event was for, or the principal's account",
        example: "account:012345678901",
        finder_tab: Some(4),
        pivot: None,
        list_column: true,
    },
    Field {
        name: "region",
        aliases: &["awsregion"],
        kind: col(&[F::Region]),
        reads: F::Region.json_path(),
        help: "the region",
        example: "region:us-east-1",
        finder_tab: Some(5),
        pivot: None,
        list_column: true,
    },
    Field {
        name: "ip",
        aliases: &["sourceipaddress"],
        kind: Kind::Column {
            cols: &[F::Ip],
            form: Form::Cidr,
        },
        reads: F::Ip.json_path(),
        help:
            "the caller's address or service name; a value with a / is a CIDR block (IPv4 or IPv6)",
        example: "ip:10.0.0.0/8",
        finder_tab: Some(3),
        pivot: pv('i', 3, "same source IP"),
        list_column: true,
    },
    Field {
        name: "error",
        aliases: &["errorcode"],
        kind: col(&[F::Error]),
        reads: F::Error.json_path(),
        help: "the error code; error:* is any error, -error:* none",
        example: "error:AccessDenied",
        finder_tab: Some(6),
        pivot: pv('e', 7, "same error code"),
        list_column: true,
    },
    Field {
        name: "message",
        aliases: &["errormessage"],
        kind: col(&[F::ErrorMessage]),
        reads: F::ErrorMessage.json_path(),
        help: "the error message",
        example: "message:\"*is not authorized*\"",
        finder_tab: None,
        pivot: None,
        list_column: true,
    },
    Field {
        name: "key",
        aliases: &["accesskey", "accesskeyid"],
        kind: col(&[F::Key]),
        reads: F::Key.json_path(),
        help: "the access key the call was signed with",
        example: "key:ASIA*",
        finder_tab: Some(7),
        pivot: pv('c', 1, "same access key"),
        list_column: true,
    },
    Field {
        name: "agent",
        aliases: &["useragent"],
        kind: col(&[F::Agent]),
        reads: F::Agent.json_path(),
        help: "the client's user agent",
        example: "agent:*boto3*",
        finder_tab: Some(8),
        pivot: None,
        list_column: true,
    },
    Field {
        name: "principal",
        aliases: &["principalid"],
        kind: col(&[F::Principal]),
        reads: F::Principal.json_path(),
        help: "the principal id: a user's unique id (AIDA…), a role session (AROA…:name), …",
        example: "principal:AROA*",
        finder_tab: None,
        pivot: pv('u', 4, "same principal id"),
        list_column: true,
    },
    Field {
        name: "issuer",
        aliases: &["role"],
        kind: col(&[F::Issuer]),
        reads: F::Issuer.json_path(),
        help: "the role (or user) that issued a session's credentials",
        example: "issuer:*role/admin",
        finder_tab: None,
        pivot: pv('r', 5, "same session issuer"),
        list_column: true,
    },
    Field {
        name: "resource",
        aliases: &[],
        kind: Kind::Resource,
        reads: "resources[].ARN",
        help: "any of the event's resource ARNs",
        example: "resource:arn:aws:s3:::*",
        finder_tab: None,
        pivot: pv('1', 8, "same resource"),
        list_column: false,
    },
    Field {
        name: "lineage",
        aliases: &[],
        kind: Kind::Lineage,
        reads: "userIdentity.accessKeyId, responseElements.credentials/accessKey",
        help: "events made with the access key or any credential descending from it (roles it assumed, keys it created, at any depth), and the event that issued it; lineage:id:EVENTID starts from the credentials that event issued",
        example: "lineage:ASIATFQR7NSC36DZQP7P",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "flag",
        aliases: &[],
        kind: Kind::Flag,
        reads: "the credential graph",
        help: "a credential flag: off-instance (service-issued role credentials used from an IP unusual for that session), multi-ip (key used from more than one IP), multi-agent (more than one user-agent family), expired (used after its session's expiration)",
        example: "flag:off-instance",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "id",
        aliases: &["eventid"],
        kind: Kind::Id { request: false },
        reads: "eventID",
        help: "the event's id",
        example: "id:3038ebd2-c98a-4c65-9b6e-e22506292313",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "request",
        aliases: &["requestid"],
        kind: Kind::Id { request: true },
        reads: "requestID",
        help: "the request's id, read from the record: an exact id reads only the records whose fingerprint agrees, a wildcard every record",
        example: "request:*",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "readonly",
        aliases: &[],
        kind: Kind::ReadOnly,
        reads: "readOnly",
        help: "true or false (\"\" = not recorded)",
        example: "readonly:false",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "verified",
        aliases: &[],
        kind: Kind::Verified,
        reads: "(its file's digest)",
        help: "its file checked against the trail's digests: yes, no (anything but verified), modified, uncovered, nodigest, pending",
        example: "verified:no",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "category",
        aliases: &["eventcategory"],
        kind: col(&[F::Category]),
        reads: F::Category.json_path(),
        help: "Management, Data, Insight, NetworkActivity",
        example: "category:Insight",
        finder_tab: None,
        pivot: None,
        list_column: true,
    },
    Field {
        name: "eventtype",
        aliases: &[],
        kind: col(&[F::EventType]),
        reads: F::EventType.json_path(),
        help: "AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, …",
        example: "eventtype:AwsConsoleSignIn",
        finder_tab: None,
        pivot: None,
        list_column: true,
    },
    Field {
        name: "after",
        aliases: &["since"],
        kind: Kind::After,
        reads: "eventTime",
        help: "at or after a time: RFC 3339, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]",
        example: "after:2023-07-10T12:00",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "before",
        aliases: &["until"],
        kind: Kind::Before,
        reads: "eventTime",
        help: "strictly before a time (same forms as after:)",
        example: "before:2023-07-11",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "last",
        aliases: &[],
        kind: Kind::Last,
        reads: "eventTime",
        help: "within a duration of the newest event: 90s, 30m, 2h, 7d, 1w",
        example: "last:2h",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "rule",
        aliases: &[],
        kind: det(DetectKey::Rule),
        reads: "detection hits",
        help: "flagged by a detection rule whose id or title matches",
        example: "rule:*Logging*",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "level",
        aliases: &["severity"],
        kind: det(DetectKey::Level),
        reads: "detection hits",
        help: "flagged by a rule of this level (informational, low, medium, high, critical); level:medium+ is medium or above",
        example: "level:high+",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "tactic",
        aliases: &[],
        kind: det(DetectKey::Tactic),
        reads: "detection hits",
        help: "flagged by a rule of this ATT&CK tactic (privilege-escalation or privilege_escalation)",
        example: "tactic:persistence",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "technique",
        aliases: &[],
        kind: det(DetectKey::Technique),
        reads: "detection hits",
        help: "flagged by a rule of this ATT&CK technique",
        example: "technique:T1098*",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "detect",
        aliases: &["detection"],
        kind: det(DetectKey::Any),
        reads: "detection hits",
        help: "flagged by a rule whose id, title, level, tactic, technique or origin (sigma, trailscope, user) matches; detect:* is any flagged event",
        example: "detect:*",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
    Field {
        name: "insight",
        aliases: &["insights"],
        kind: Kind::Insight,
        reads: "Local Insights",
        help: "counted in an unusual rate trailscope estimated (write-rate, error-rate), or CloudTrail's own Insights events (aws); insight:* is any",
        example: "insight:error-rate",
        finder_tab: None,
        pivot: None,
        list_column: false,
    },
];

const fn det(k: DetectKey) -> Kind {
    Kind::Detect(k)
}

/// The registered field called `name` (or one of its aliases), ASCII case-insensitively.
pub fn lookup(name: &str) -> Option<&'static Field> {
    FIELDS
        .iter()
        .find(|f| f.names().any(|n| n.eq_ignore_ascii_case(name)))
}

/// The lineage item of the pivot menu (not a field: a filter built from the key's issuers).
pub const LINEAGE_PIVOT: PivotSpec = PivotSpec {
    key: 'l',
    order: 2,
    label: "key lineage: this access key and the events that issued it",
};

/// The keys the pivot menu binds itself (a pivot's hotkey must not be one of them).
pub const PIVOT_MENU_KEYS: &[char] = &['j', 'k', 'a', 'q'];

/// Number of fields offered by the fuzzy finder.
pub const FINDER_TABS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if FIELDS[i].finder_tab.is_some() {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The fuzzy finder's tabs, `(column, field name)`, in tab order.
pub const fn finder_tabs() -> [(SymField, &'static str); FINDER_TABS] {
    let mut out = [(SymField::Name, ""); FINDER_TABS];
    let mut i = 0;
    while i < FIELDS.len() {
        if let Some(t) = FIELDS[i].finder_tab {
            let Some(c) = FIELDS[i].column() else {
                panic!("a finder tab needs a column field");
            };
            out[t as usize] = (c, FIELDS[i].name);
        }
        i += 1;
    }
    out
}

pub use crate::model::keyset::RECORD_FIELDS;

/// True when `key` is one of [`RECORD_FIELDS`] (ASCII case-insensitively).
pub fn is_record_field(key: &str) -> bool {
    RECORD_FIELDS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_and_not_record_paths_with_other_meaning() {
        let mut seen = std::collections::HashSet::new();
        for f in FIELDS {
            for n in f.names() {
                assert_eq!(n, n.to_ascii_lowercase(), "{n}");
                assert!(seen.insert(n), "{n} registered twice");
                assert!(!n.contains('.') && !n.contains('['), "{n}");
            }
        }
    }

    /// What a one-column field reads is its column's path (one place: `SymField::json_path`).
    #[test]
    fn column_fields_read_their_columns_path() {
        for f in FIELDS {
            if let Kind::Column { cols: [c], .. } = f.kind {
                if *c != SymField::Who {
                    assert_eq!(f.reads, c.json_path(), "{}", f.name);
                }
            }
        }
    }

    #[test]
    fn finder_tabs_are_dense_and_columns() {
        let tabs = finder_tabs();
        let mut want: Vec<u8> = FIELDS.iter().filter_map(|f| f.finder_tab).collect();
        want.sort_unstable();
        assert_eq!(want, (0..FINDER_TABS as u8).collect::<Vec<_>>());
        assert!(tabs.iter().all(|(_, n)| !n.is_empty()));
    }

    #[test]
    fn pivot_keys_and_orders_are_unique_and_free() {
        let specs: Vec<PivotSpec> = FIELDS
            .iter()
            .filter_map(|f| f.pivot)
            .chain([LINEAGE_PIVOT])
            .collect();
        let mut keys = std::collections::HashSet::new();
        let mut orders = std::collections::HashSet::new();
        for p in &specs {
            assert!(keys.insert(p.key), "{} twice", p.key);
            assert!(orders.insert(p.order), "order {} twice", p.order);
            assert!(!PIVOT_MENU_KEYS.contains(&p.key), "{}", p.key);
        }
        // Pivots apply `field:value`: they need a value per event.
        for f in FIELDS.iter().filter(|f| f.pivot.is_some()) {
            assert!(
                f.column().is_some() || f.kind == Kind::Resource,
                "{}",
                f.name
            );
        }
    }
}
