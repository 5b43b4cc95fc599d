//! Pivots: from one event to the filters that show its neighbours (same principal, same key,
//! same IP, …), and the lineage of its access key.

use super::fields::{Kind, FIELDS, LINEAGE_PIVOT};
use super::fuzzy::filter_term;
use crate::model::{EventStore, SymField};
use serde_json::Value;

/// One item of the pivot menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pivot {
    /// The key that applies it in the menu; the same for the same kind of item on every event
    /// (`w` identity, `c` access key, `l` key lineage, `i` source IP, `u` principal id or role
    /// session, `r` session issuer, `n` event name, `e` error code, `1`…`9` the first nine
    /// resources; `None` for the tenth resource on).
    pub key: Option<char>,
    /// What it is and the value, e.g. `same role session: AROAX:bob` (raw log text: sanitize
    /// before display).
    pub label: String,
    /// The filter it applies.
    pub term: String,
}

/// The pivot menu of `row`, in a fixed order of kinds (the registry's pivot order; items the
/// event lacks are left out, the others keep their place and key): identity (`who`), access
/// key, the key's lineage, source IP, principal id — labelled a role session for an assumed
/// role, a user id for an IAM user —, session issuer, event name, error code, then each
/// resource ARN (keys `1` to `9`, in the event's order).
pub fn pivot_menu(store: &EventStore, row: usize) -> Vec<Pivot> {
    let mut out: Vec<(u8, Pivot)> = Vec::new();
    if row >= store.len() {
        return Vec::new();
    }
    let ty = store.str(SymField::IdentityType, row);
    for f in FIELDS {
        let Some(spec) = f.pivot else { continue };
        if f.kind == Kind::Resource {
            let digits = ('1'..='9').map(Some).chain(std::iter::repeat(None));
            for (&r, key) in store.resources(row).iter().zip(digits) {
                let v = store.resource_text(r);
                if !v.is_empty() {
                    out.push((spec.order, item(key, spec.label, f.name, &v)));
                }
            }
            continue;
        }
        let Some(col) = f.column() else { continue };
        let v = store.str(col, row);
        if v.is_empty() {
            continue;
        }
        let label = match (col, ty) {
            (SymField::Principal, "AssumedRole") => "same role session",
            (SymField::Principal, "IAMUser") => "same IAM user id",
            (SymField::Principal, "FederatedUser") => "same federated user",
            (SymField::Principal, "Root") => "same root account id",
            (SymField::Issuer, "AssumedRole") => "same role",
            (SymField::Issuer, "FederatedUser") => "same issuing user",
            _ => spec.label,
        };
        out.push((spec.order, item(Some(spec.key), label, f.name, v)));
    }
    if let Some(l) = lineage(store, row) {
        out.push((
            LINEAGE_PIVOT.order,
            Pivot {
                key: Some(LINEAGE_PIVOT.key),
                label: LINEAGE_PIVOT.label.into(),
                term: l,
            },
        ));
    }
    out.sort_by_key(|(order, _)| *order);
    out.into_iter().map(|(_, p)| p).collect()
}

fn item(key: Option<char>, label: &str, field: &str, value: &str) -> Pivot {
    Pivot {
        key,
        label: format!("{label}: {value}"),
        term: filter_term(field, value),
    }
}

/// The pivots of `row` as `(label, filter term)`: [`pivot_menu`] without the key lineage (see
/// [`lineage`]).
pub fn pivots(store: &EventStore, row: usize) -> Vec<(String, String)> {
    pivot_menu(store, row)
        .into_iter()
        .filter(|p| p.key != Some(LINEAGE_PIVOT.key))
        .map(|p| (p.label, p.term))
        .collect()
}

/// The lineage of `row`'s access key: `key:<K>` (every event made with the key) OR'd with
/// `id:<eventID>` of each loaded event whose response issued `K` (the `AssumeRole`,
/// `GetSessionToken`, … that created it), e.g. `key:ASIAEXAMPLE OR id:3038ebd2-…`. One level
/// only: the issuing event's own key is not followed. `None` when the event has no access key;
/// just `key:<K>` when no loaded event issued it.
pub fn lineage(store: &EventStore, row: usize) -> Option<String> {
    if row >= store.len() {
        return None;
    }
    let key = store.col(SymField::Key)[row];
    if key.is_none() {
        return None;
    }
    let mut terms = vec![filter_term("key", store.strings.resolve(key))];
    for &(r, k) in &store.issued {
        if k == key && !store.event_id.is_none(r as usize) {
            let t = filter_term("id", &store.event_id.get(r as usize));
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
    }
    Some(terms.join(" OR "))
}

// ---------------------------------------------------------------------------------------------
// Pivots that follow the data: from the record's own JSON (the new key, the issued session, the
// created principal, the foreign account of a share), never guessed from the columns.

/// The hotkeys of the pivots that follow the data (upper case: the column pivots use lower case
/// letters and digits, the menu itself `j k a q`).
pub mod follow_keys {
    /// What the credentials the event issued (or the key it names) did.
    pub const KEY: char = 'K';
    /// Everything descending from those credentials (`lineage:`).
    pub const DESCENDANTS: char = 'D';
    /// What the user or role the event created or targeted did.
    pub const PRINCIPAL: char = 'U';
    /// What was done to that user, role or function afterwards (calls naming it).
    pub const TARGET: char = 'T';
    /// Every session of the role (assumed by anyone).
    pub const ROLE: char = 'R';
    /// The session the event opened (console sign-in, role session name).
    pub const SESSION: char = 'S';
    /// The foreign account(s) a share or a trust policy opened to.
    pub const ACCOUNT: char = 'A';
    /// The function's invocations.
    pub const INVOCATIONS: char = 'F';
    /// What the function's or instance's own credentials did.
    pub const EXECUTION: char = 'X';
    /// Console sign-ins of the user.
    pub const SIGNIN: char = 'G';
    /// Every key, in menu order.
    pub const ALL: &[char] = &[
        KEY,
        DESCENDANTS,
        PRINCIPAL,
        TARGET,
        ROLE,
        SESSION,
        ACCOUNT,
        INVOCATIONS,
        EXECUTION,
        SIGNIN,
    ];
}

use follow_keys as fk;

/// One row of the data-pivot registry: the events it applies to and what it offers.
pub struct Follow {
    /// Event names (Lambda's dated suffixes such as `20150331v2` are ignored), or `iam:*` for
    /// every IAM call.
    pub names: &'static [&'static str],
    /// What it offers, for the help and the README.
    pub what: &'static str,
    build: fn(&Rec<'_>, &mut Vec<Pivot>),
}

/// The events whose record the pivot menu follows, and what it offers from each.
pub const FOLLOWS: &[Follow] = &[
    Follow {
        names: &[
            "AssumeRole",
            "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity",
            "AssumeRoot",
            "GetSessionToken",
            "GetFederationToken",
        ],
        what: "the issued session's calls (key:ASIA…), all it led to (lineage:), every session \
               of the role (issuer:), the session's ARN",
        build: issued_session,
    },
    Follow {
        names: &["CreateAccessKey"],
        what: "the new key's calls (key:AKIA…), all it led to (lineage:), what the target user \
               did and what was done to it",
        build: new_access_key,
    },
    Follow {
        names: &["UpdateAccessKey", "DeleteAccessKey"],
        what: "the calls made with the key it names",
        build: named_access_key,
    },
    Follow {
        names: &["CreateUser"],
        what: "what the new user did (by its user id) and what was done to it",
        build: created_user,
    },
    Follow {
        names: &["CreateLoginProfile", "UpdateLoginProfile"],
        what: "what the user did, its console sign-ins, what was done to it",
        build: login_profile,
    },
    Follow {
        names: &["CreateRole"],
        what: "what the new role's sessions did, what was done to it, foreign accounts its \
               trust policy admits",
        build: created_role,
    },
    Follow {
        names: &["ConsoleLogin"],
        what: "the console session it opened (same principal, that sign-in's creationDate)",
        build: console_login,
    },
    Follow {
        names: &[
            "ModifySnapshotAttribute",
            "ModifyImageAttribute",
            "ModifyDBSnapshotAttribute",
            "ModifyDBClusterSnapshotAttribute",
            "PutBucketPolicy",
            "PutResourcePolicy",
            "PutKeyPolicy",
            "SetRepositoryPolicy",
            "UpdateAssumeRolePolicy",
            "AddPermission",
            "AddLayerVersionPermission",
            "CreateResourceShare",
            "AssociateResourceShare",
            "ModifyVpcEndpointServicePermissions",
        ],
        what: "the foreign accounts it shared with or trusted (account:)",
        build: share,
    },
    Follow {
        names: &[
            "CreateFunction",
            "UpdateFunctionCode",
            "UpdateFunctionConfiguration",
        ],
        what: "the function's invocations, what its code did with its role, what was done to it",
        build: function,
    },
    Follow {
        names: &["RunInstances"],
        what: "what each instance did with its instance profile's credentials",
        build: instances,
    },
    Follow {
        names: &["iam:*"],
        what: "on any IAM call naming a user or role: what it did and what was done to it",
        build: iam_target,
    },
];

/// A record being followed: its JSON and a few values every rule needs.
struct Rec<'a> {
    v: &'a Value,
    /// The event name without Lambda's dated suffix.
    name: &'a str,
    /// `recipientAccountId`, else the caller's account.
    account: &'a str,
    /// Accounts that are not foreign: the recipient and the caller's.
    own: Vec<&'a str>,
    /// A query term that parses to a known field (`lineage:` exists only once the graph does).
    known: fn(&str) -> bool,
}

impl<'a> Rec<'a> {
    fn s(&self, path: &str) -> Option<&'a str> {
        str_at(self.v, path)
    }
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn str_at<'v>(v: &'v Value, path: &str) -> Option<&'v str> {
    at(v, path)?.as_str().filter(|s| !s.is_empty())
}

/// The strings of `v`: itself, or each string element of an array.
fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => vec![s.as_str()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// `field:"value*"`-style terms: `parts` joined by `*` wildcards, each part exact.
fn glob_term(field: &str, alts: &[&[&str]]) -> String {
    let mut out = format!("{field}:\"");
    for (i, parts) in alts.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for (j, p) in parts.iter().enumerate() {
            if j > 0 {
                out.push('*');
            }
            for c in p.chars() {
                if matches!(c, '"' | '\\' | '*' | '|') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out.push('"');
    out
}

fn push(out: &mut Vec<Pivot>, key: Option<char>, label: String, term: String) {
    if !out.iter().any(|p| p.term == term) {
        out.push(Pivot { key, label, term });
    }
}

/// The key's calls, and (when the filter knows `lineage:`) everything descending from it.
fn key_use(r: &Rec<'_>, out: &mut Vec<Pivot>, key: &str, what: &str) {
    push(
        out,
        Some(fk::KEY),
        format!("what {what} did: {key}"),
        filter_term("key", key),
    );
    let lineage = filter_term("lineage", key);
    if (r.known)(&lineage) {
        push(
            out,
            Some(fk::DESCENDANTS),
            format!("all {what} led to (sessions it opened, their calls): {key}"),
            lineage,
        );
    }
}

/// An IAM user's own calls: by user id when known (names can be reused), else by name.
fn user_terms(r: &Rec<'_>, out: &mut Vec<Pivot>, name: &str, user_id: Option<&str>) {
    let term = match user_id {
        Some(id) => filter_term("principal", id),
        None => {
            let mut t = format!("type:IAMUser {}", filter_term("who", name));
            if !r.account.is_empty() {
                t.push(' ');
                t.push_str(&filter_term("account", r.account));
            }
            t
        }
    };
    push(
        out,
        Some(fk::PRINCIPAL),
        format!("what user {name} did"),
        term,
    );
    push(
        out,
        Some(fk::TARGET),
        format!("what was done to user {name}"),
        filter_term("requestParameters.userName", name),
    );
}

/// A role's sessions (by its ARN when the record has it) and the calls naming it.
fn role_terms(r: &Rec<'_>, out: &mut Vec<Pivot>, name: &str, arn: Option<&str>) {
    let term = match arn {
        Some(a) => filter_term("issuer", a),
        // No ARN in the record: the role's ARN in this account, with or without a path.
        None if !r.account.is_empty() => glob_term(
            "issuer",
            &[
                &["arn:", &format!(":iam::{}:role/{name}", r.account)],
                &[
                    "arn:",
                    &format!(":iam::{}:role/", r.account),
                    &format!("/{name}"),
                ],
            ],
        ),
        None => return,
    };
    push(
        out,
        Some(fk::PRINCIPAL),
        format!("what role {name}'s sessions did"),
        term,
    );
    push(
        out,
        Some(fk::TARGET),
        format!("what was done to role {name}"),
        filter_term("requestParameters.roleName", name),
    );
}

fn issued_session(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if let Some(k) = r.s("responseElements.credentials.accessKeyId") {
        key_use(r, out, k, "the issued session");
    }
    if let Some(role) = r.s("requestParameters.roleArn") {
        push(
            out,
            Some(fk::ROLE),
            format!("every session of role {role}"),
            filter_term("issuer", role),
        );
    }
    let session = r
        .s("responseElements.assumedRoleUser.arn")
        .or_else(|| r.s("responseElements.federatedUser.arn"));
    if let Some(arn) = session {
        push(
            out,
            Some(fk::SESSION),
            format!("every session named like this one: {arn}"),
            filter_term("arn", arn),
        );
    }
}

fn new_access_key(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if let Some(k) = r.s("responseElements.accessKey.accessKeyId") {
        key_use(r, out, k, "the new key");
    }
    let target = r
        .s("requestParameters.userName")
        .or_else(|| r.s("responseElements.accessKey.userName"));
    if let Some(u) = target {
        user_terms(r, out, u, None);
    }
}

fn named_access_key(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if let Some(k) = r.s("requestParameters.accessKeyId") {
        key_use(r, out, k, "that key");
    }
}

fn created_user(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    let name = r
        .s("responseElements.user.userName")
        .or_else(|| r.s("requestParameters.userName"));
    if let Some(n) = name {
        user_terms(r, out, n, r.s("responseElements.user.userId"));
    }
}

fn login_profile(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    let Some(n) = r
        .s("requestParameters.userName")
        .or_else(|| r.s("responseElements.loginProfile.userName"))
    else {
        return;
    };
    user_terms(r, out, n, None);
    let mut t = format!("name:ConsoleLogin {}", filter_term("who", n));
    if !r.account.is_empty() {
        t.push(' ');
        t.push_str(&filter_term("account", r.account));
    }
    push(out, Some(fk::SIGNIN), format!("console sign-ins as {n}"), t);
}

fn created_role(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    let name = r
        .s("responseElements.role.roleName")
        .or_else(|| r.s("requestParameters.roleName"));
    if let Some(n) = name {
        role_terms(r, out, n, r.s("responseElements.role.arn"));
    }
    let accts = policy_accounts(
        at(r.v, "requestParameters.assumeRolePolicyDocument"),
        &r.own,
    );
    accounts(out, &accts, "trusted by the new role");
}

fn console_login(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if r.s("responseElements.ConsoleLogin") != Some("Success") {
        return;
    }
    let (Some(p), Some(t)) = (r.s("userIdentity.principalId"), r.s("eventTime")) else {
        return;
    };
    push(
        out,
        Some(fk::SESSION),
        format!("the console session this sign-in opened ({p}, signed in {t})"),
        format!(
            "{} {}",
            filter_term("principal", p),
            filter_term("userIdentity.sessionContext.attributes.creationDate", t)
        ),
    );
    if let Some(id) = r.s("eventID") {
        let lineage = filter_term("lineage", &format!("id:{id}"));
        if (r.known)(&lineage) {
            push(
                out,
                Some(fk::DESCENDANTS),
                "all the sign-in led to (its sessions and their calls)".into(),
                lineage,
            );
        }
    }
}

fn share(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    let rp = |p: &str| at(r.v, &format!("requestParameters.{p}"));
    let mut found: Vec<String> = Vec::new();
    let mut add = |vals: Vec<&str>| {
        for v in vals {
            if let Some(a) = account_of(v) {
                if !r.own.contains(&a) && !found.iter().any(|f| f == a) {
                    found.push(a.to_string());
                }
            }
        }
    };
    match r.name {
        "ModifySnapshotAttribute" | "ModifyImageAttribute" => {
            for perm in ["createVolumePermission", "launchPermission"] {
                if let Some(Value::Array(items)) = rp(&format!("{perm}.add.items")) {
                    add(items.iter().filter_map(|i| str_at(i, "userId")).collect());
                }
            }
            add(strings(rp("userId")));
            add(strings(rp("userIds")));
        }
        "ModifyDBSnapshotAttribute" | "ModifyDBClusterSnapshotAttribute" => {
            add(strings(rp("valuesToAdd")));
        }
        "AddPermission" | "AddLayerVersionPermission" => {
            add(strings(rp("principal")));
            add(strings(rp("sourceAccount")));
            // SNS and SQS spell it their own way.
            add(strings(rp("aWSAccountId")));
            add(strings(rp("aWSAccountIds")));
            add(strings(rp("AWSAccountId")));
        }
        "CreateResourceShare" | "AssociateResourceShare" => add(strings(rp("principals"))),
        "ModifyVpcEndpointServicePermissions" => add(strings(rp("addAllowedPrincipals"))),
        _ => {
            for p in [
                "bucketPolicy",
                "resourcePolicy",
                "policyDocument",
                "policy",
                "policyText",
                "policyInJson",
            ] {
                let accts = policy_accounts(rp(p), &r.own);
                add(accts.iter().map(String::as_str).collect());
            }
        }
    }
    accounts(out, &found, "shared with");
}

/// The account id in `v`: itself when twelve digits, else the account field of an ARN.
fn account_of(v: &str) -> Option<&str> {
    let twelve = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    if twelve(v) {
        return Some(v);
    }
    let a = v.strip_prefix("arn:")?.split(':').nth(3)?;
    twelve(a).then_some(a)
}

/// The accounts an IAM-style policy document allows as principals (`Principal.AWS`, an
/// account id or an ARN), leaving out `own`. The document may be an object or a JSON string.
fn policy_accounts(doc: Option<&Value>, own: &[&str]) -> Vec<String> {
    let parsed;
    let doc = match doc {
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Vec::new(),
        },
        Some(v) => v,
        None => return Vec::new(),
    };
    let statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for s in statements {
        let allow = s
            .get("Effect")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("allow"));
        if !allow {
            continue;
        }
        let principals = s.get("Principal").and_then(|p| p.get("AWS"));
        for p in strings(principals) {
            if let Some(a) = account_of(p) {
                if !own.contains(&a) && !out.iter().any(|o| o == a) {
                    out.push(a.to_string());
                }
            }
        }
    }
    out
}

/// One item per foreign account; with several, the first item takes them all.
fn accounts(out: &mut Vec<Pivot>, accts: &[String], how: &str) {
    if accts.len() > 1 {
        push(
            out,
            Some(fk::ACCOUNT),
            format!("the {} foreign accounts {how}: their events", accts.len()),
            format!("account:{}", accts.join("|")),
        );
    }
    for (i, a) in accts.iter().enumerate() {
        let key = (accts.len() == 1 && i == 0).then_some(fk::ACCOUNT);
        push(
            out,
            key,
            format!("foreign account {a} ({how}): its events"),
            filter_term("account", a),
        );
    }
}

fn function(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    let name = r
        .s("responseElements.functionName")
        .or_else(|| r.s("requestParameters.functionName"))
        .map(|n| n.rsplit(":function:").next().unwrap_or(n))
        .map(|n| n.split(':').next().unwrap_or(n));
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return;
    };
    // The unqualified ARN (a version or alias after the name is dropped).
    let arn = r
        .s("responseElements.functionArn")
        .or_else(|| r.s("requestParameters.functionName"))
        .filter(|a| a.starts_with("arn:"))
        .and_then(|a| {
            let i = a.find(":function:")? + ":function:".len();
            Some(&a[..i + a[i..].find(':').unwrap_or(a.len() - i)])
        });
    if let Some(arn) = arn {
        push(
            out,
            Some(fk::INVOCATIONS),
            format!("invocations of function {name} (Invoke data events)"),
            format!(
                "name:Invoke {}",
                glob_term("resource", &[&[arn], &[&format!("{arn}:"), ""]])
            ),
        );
    }
    let role = r
        .s("responseElements.role")
        .or_else(|| r.s("requestParameters.role"));
    if let Some(role) = role {
        // Lambda's execution sessions are named after the function:
        // arn:aws:sts::ACCOUNT:assumed-role/ROLE/FUNCTION.
        let parts: Vec<&str> = role.splitn(6, ':').collect();
        let role_name = role.rsplit('/').next().unwrap_or("");
        if parts.len() == 6 && !role_name.is_empty() {
            let session = format!(
                "arn:{}:sts::{}:assumed-role/{role_name}/{name}",
                parts[1], parts[4]
            );
            push(
                out,
                Some(fk::EXECUTION),
                format!("what function {name}'s code did with role {role_name}"),
                filter_term("arn", &session),
            );
        }
    }
    push(
        out,
        Some(fk::TARGET),
        format!("what was done to function {name}"),
        glob_term(
            "requestParameters.functionName",
            &[
                &[name],
                &["", &format!(":function:{name}")],
                &["", &format!(":function:{name}:"), ""],
            ],
        ),
    );
}

fn instances(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if at(r.v, "requestParameters.iamInstanceProfile").is_none() {
        return;
    }
    let Some(Value::Array(items)) = at(r.v, "responseElements.instancesSet.items") else {
        return;
    };
    for (i, id) in items
        .iter()
        .filter_map(|it| str_at(it, "instanceId"))
        .enumerate()
    {
        // Instance credentials are role sessions named after the instance.
        push(
            out,
            (i == 0).then_some(fk::EXECUTION),
            format!("what instance {id} did with its instance profile"),
            glob_term("principal", &[&["", &format!(":{id}")]]),
        );
    }
}

fn iam_target(r: &Rec<'_>, out: &mut Vec<Pivot>) {
    if r.s("eventSource") != Some("iam.amazonaws.com") {
        return;
    }
    if let Some(u) = r.s("requestParameters.userName") {
        user_terms(r, out, u, None);
    } else if let Some(role) = r.s("requestParameters.roleName") {
        role_terms(r, out, role, None);
    }
}

/// The event name without Lambda's API-version suffix (`CreateFunction20150331`,
/// `UpdateFunctionCode20150331v2`).
pub fn base_name(name: &str) -> &str {
    let b = name.as_bytes();
    let mut end = b.len();
    // an optional `v` + digits
    let mut i = end;
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i < end && i > 0 && b[i - 1] == b'v' {
        end = i - 1;
    }
    let mut j = end;
    while j > 0 && b[j - 1].is_ascii_digit() {
        j -= 1;
    }
    if end - j == 8 && j > 0 {
        &name[..j]
    } else {
        name
    }
}

/// The pivots that follow `record`'s data (see [`FOLLOWS`]), in registry order, each with its
/// key from [`follow_keys`]. Empty when the record is not JSON or nothing applies.
pub fn follow(record: &[u8]) -> Vec<Pivot> {
    let Ok(v) = serde_json::from_slice::<Value>(record) else {
        return Vec::new();
    };
    let name = base_name(str_at(&v, "eventName").unwrap_or(""));
    let recipient = str_at(&v, "recipientAccountId");
    let caller = str_at(&v, "userIdentity.accountId");
    let own: Vec<&str> = recipient.into_iter().chain(caller).collect();
    let r = Rec {
        v: &v,
        name,
        account: recipient.or(caller).unwrap_or(""),
        own,
        known: known_term,
    };
    let mut out = Vec::new();
    for f in FOLLOWS {
        let applies = f.names.iter().any(|n| *n == name || *n == "iam:*");
        if applies {
            (f.build)(&r, &mut out);
        }
    }
    // One key, one item: a later rule's item keeps its place without the key.
    let mut seen = Vec::new();
    for p in &mut out {
        if let Some(k) = p.key {
            if seen.contains(&k) {
                p.key = None;
            } else {
                seen.push(k);
            }
        }
    }
    out
}

/// True when `term` parses as a term of a field the filter knows (not a JSON path read as one).
fn known_term(term: &str) -> bool {
    super::Filter::parse(term).is_ok_and(|f| f.notes().is_empty())
}

/// The full pivot menu of `row`: the pivots that follow its record (when its bytes are given)
/// first, then [`pivot_menu`]'s.
pub fn pivot_menu_with(store: &EventStore, row: usize, record: Option<&[u8]>) -> Vec<Pivot> {
    let mut out = record.map(follow).unwrap_or_default();
    let data = out.len();
    for p in pivot_menu(store, row) {
        if !out[..data].iter().any(|o| o.term == p.term) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Each data pivot on a real record of the bundled invictus trail; the counts were derived
    //! independently from the decompressed files (Python over `userIdentity`,
    //! `requestParameters`, `recipientAccountId`, as `tests/data/derive_counts.py` does).
    use super::*;
    use crate::model::{record_bytes, RecordSource};
    use crate::query::{run, Filter};
    use crate::testkit::{load_memory, MemSource};
    use std::sync::atomic::AtomicBool;
    use std::sync::{Arc, OnceLock};

    fn demo() -> &'static (EventStore, MemSource) {
        static D: OnceLock<(EventStore, MemSource)> = OnceLock::new();
        D.get_or_init(|| {
            load_memory(
                crate::demo::DEMO
                    .iter()
                    .map(|(n, b)| (n.to_string(), Arc::from(*b)))
                    .collect(),
            )
        })
    }

    fn row_of(id: &str) -> usize {
        let (st, _) = demo();
        (0..st.len())
            .find(|&r| st.event_id.get(r) == id)
            .unwrap_or_else(|| panic!("no event {id}"))
    }

    fn menu(id: &str) -> Vec<Pivot> {
        let (st, src) = demo();
        let r = row_of(id);
        let content = src.content(st, st.loc.get(r).source).unwrap();
        let bytes = record_bytes(st, r, &content).unwrap();
        pivot_menu_with(st, r, Some(&bytes))
    }

    fn item(menu: &[Pivot], key: char) -> &Pivot {
        menu.iter()
            .find(|p| p.key == Some(key))
            .unwrap_or_else(|| panic!("no item {key} in {menu:#?}"))
    }

    fn count(term: &str) -> usize {
        let (st, src) = demo();
        let f = Filter::parse(term).unwrap_or_else(|e| panic!("{term}: {e}"));
        assert!(f.notes().is_empty(), "{term}: {:?}", f.notes());
        run(st, &f, src, &AtomicBool::new(false)).unwrap().len()
    }

    #[test]
    fn create_access_key_follows_the_new_key_and_the_target_user() {
        let m = menu("64b7de64-bf53-47ae-b7e3-d30cb1b5136e");
        let k = item(&m, fk::KEY);
        assert_eq!(k.term, "key:AKIATFQR7NSC3ZO6PKAZ");
        assert!(k.label.contains("the new key"), "{k:?}");
        // The backdoor key was never used in the hour recorded.
        assert_eq!(count(&k.term), 0);
        let u = item(&m, fk::PRINCIPAL);
        assert_eq!(
            u.term,
            "type:IAMUser who:stratus-red-team-backdoor-u-user account:123837392027"
        );
        assert_eq!(count(&u.term), 0);
        let t = item(&m, fk::TARGET);
        assert_eq!(
            t.term,
            "requestParameters.userName:stratus-red-team-backdoor-u-user"
        );
        assert_eq!(count(&t.term), 13);
        // The data pivots come first; the column pivots follow, keys unchanged.
        assert_eq!(m[0].key, Some(fk::KEY));
        assert_eq!(item(&m, 'w').term, "who:bert-jan");
    }

    #[test]
    fn assume_role_follows_the_issued_session() {
        // The EC2 instance's role (steal-credentials), assumed by ec2.amazonaws.com.
        let m = menu("7a5ee168-7848-4cfa-8d3c-69f78ecb1806");
        let k = item(&m, fk::KEY);
        assert_eq!(k.term, "key:ASIATFQR7NSCSHSEVYP5");
        assert_eq!(count(&k.term), 13);
        let r = item(&m, fk::ROLE);
        assert_eq!(
            r.term,
            "issuer:\"arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role\""
        );
        assert_eq!(count(&r.term), 15);
        // bert-jan's own AssumeRole of get-password-data.
        let m = menu("bbe86c7c-5981-4ac8-ad20-9248612b16c1");
        assert_eq!(count(&item(&m, fk::KEY).term), 29);
    }

    #[test]
    fn shares_follow_the_foreign_account() {
        for (id, acct) in [
            ("741616fd-4713-426d-8861-3ccae4ba994e", "012345678912"), // ModifySnapshotAttribute
            ("8fe3095f-909c-41f5-a769-00b9ec6e95df", "012345678901"), // ModifyImageAttribute
            ("2d19ab1e-82e9-4302-ad10-a405b50c8d49", "193672423079"), // ModifyDBSnapshotAttribute
            ("d58cf935-0194-41d0-baa0-9efc030ce2e6", "193672423079"), // PutBucketPolicy
            ("d96d75c7-e715-44ff-9735-9dc51afbd774", "193672423079"), // UpdateAssumeRolePolicy
        ] {
            let m = menu(id);
            let a = item(&m, fk::ACCOUNT);
            assert_eq!(a.term, format!("account:{acct}"), "{id}");
            assert!(a.label.contains(acct), "{a:?}");
            // No event of the recording comes from (or is for) the foreign accounts.
            assert_eq!(count(&a.term), 0);
        }
        // Taking a share back, or a policy for a service principal only, shares with nobody.
        for id in [
            "3ad01b1d-ebc1-4830-994b-9210534ab9f2", // ModifySnapshotAttribute remove
            "8d96ddae-ab7e-4230-9935-44dde036f058", // ModifyImageAttribute remove
            "d1bc9379-2adc-4b94-b38f-07a2bad4856d", // ModifyDBSnapshotAttribute valuesToRemove
            "dfcc072b-da6e-454c-b4bf-f7fbf9052e00", // PutBucketPolicy for cloudtrail.amazonaws.com
            "059cf0ed-af91-40a6-9c89-a8a4fb81dc65", // UpdateAssumeRolePolicy back to ec2 only
        ] {
            let m = menu(id);
            assert!(m.iter().all(|p| p.key != Some(fk::ACCOUNT)), "{id}: {m:#?}");
        }
    }

    #[test]
    fn created_principals_are_followed_by_their_ids() {
        // CreateUser: the new user's id is the principalId of its console sign-in.
        let m = menu("66d008e1-12cf-4a45-99e7-0be67fc70d71");
        let u = item(&m, fk::PRINCIPAL);
        assert_eq!(u.term, "principal:AIDATFQR7NSCYG26CT6RI");
        assert_eq!(count(&u.term), 1);
        // CreateRole: the role's sessions, by the role ARN of the response.
        let m = menu("18277792-3333-4d87-816f-4f6da4c81b35");
        let u = item(&m, fk::PRINCIPAL);
        assert_eq!(
            u.term,
            "issuer:\"arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role\""
        );
        assert_eq!(count(&u.term), 15);
        let t = item(&m, fk::TARGET);
        assert_eq!(count(&t.term), 21);
        // CreateLoginProfile: the user and its console sign-ins.
        let m = menu("1170c908-ce8d-4c6f-bc65-cf43aae5235b");
        let g = item(&m, fk::SIGNIN);
        assert_eq!(count(&g.term), 1);
    }

    #[test]
    fn console_login_follows_its_session() {
        let m = menu("8feee4c2-5e27-4857-8475-bfa7e7b6d791");
        let s = item(&m, fk::SESSION);
        assert_eq!(
            s.term,
            "principal:AIDATFQR7NSC5AU2ZV3IE \
             userIdentity.sessionContext.attributes.creationDate:2023-07-10T12:27:45Z"
        );
        assert_eq!(count(&s.term), 217);
    }

    #[test]
    fn functions_and_instances_follow_their_credentials() {
        let m = menu("2e15203f-d196-441a-adeb-794b195b4a28"); // CreateFunction20150331
        let f = item(&m, fk::INVOCATIONS);
        assert_eq!(
            f.term,
            "name:Invoke resource:\"arn:aws:lambda:us-east-1:123837392027:function:\
             stratus-red-team-backdoor-f-func|arn:aws:lambda:us-east-1:123837392027:function:\
             stratus-red-team-backdoor-f-func:*\""
        );
        assert_eq!(count(&f.term), 0);
        let x = item(&m, fk::EXECUTION);
        assert_eq!(
            x.term,
            "arn:\"arn:aws:sts::123837392027:assumed-role/stratus-red-team-backdoor-f-lambda/\
             stratus-red-team-backdoor-f-func\""
        );
        assert_eq!(count(&item(&m, fk::TARGET).term), 11);
        // RunInstances with an instance profile: the instance's own calls.
        let m = menu("86eac0ac-8521-4126-aa32-a22f2b74d02e");
        let x = item(&m, fk::EXECUTION);
        assert_eq!(x.term, "principal:\"*:i-0dbc91f429e48eeed\"");
        assert_eq!(count(&x.term), 15);
    }

    #[test]
    fn lambda_names_lose_their_api_version() {
        assert_eq!(base_name("CreateFunction20150331"), "CreateFunction");
        assert_eq!(
            base_name("UpdateFunctionCode20150331v2"),
            "UpdateFunctionCode"
        );
        assert_eq!(base_name("AddPermission20150331v2"), "AddPermission");
        assert_eq!(base_name("AssumeRole"), "AssumeRole");
        assert_eq!(base_name("Get2"), "Get2");
    }

    #[test]
    fn policy_principals_give_foreign_accounts_only() {
        let doc = serde_json::json!(
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"444455556666\",\"123837392027\"]}},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"777788889999\"}},{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}"
        );
        assert_eq!(
            policy_accounts(Some(&doc), &["123837392027"]),
            ["111122223333", "444455556666"]
        );
        let mut out = Vec::new();
        accounts(
            &mut out,
            &["111122223333".into(), "444455556666".into()],
            "x",
        );
        assert_eq!(out[0].term, "account:111122223333|444455556666");
        assert_eq!(out[0].key, Some(fk::ACCOUNT));
        assert_eq!(out[1].key, None);
    }

    #[test]
    fn follow_keys_never_clash_with_the_menu_or_the_column_pivots() {
        let mut keys: Vec<char> = fk::ALL.to_vec();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), fk::ALL.len());
        for k in fk::ALL {
            assert!(!super::super::fields::PIVOT_MENU_KEYS.contains(k), "{k}");
            assert_ne!(*k, LINEAGE_PIVOT.key);
            assert!(
                FIELDS.iter().all(|f| f.pivot.is_none_or(|p| p.key != *k)),
                "{k}"
            );
        }
    }

    #[test]
    fn not_json_gives_no_data_pivots() {
        assert!(follow(b"not json").is_empty());
        assert!(follow(b"{\"eventName\":\"CreateAccessKey\"}").is_empty());
    }
}

#[cfg(test)]
mod readme {
    /// The README's table of data pivots names every event the registry follows.
    #[test]
    fn readme_names_every_followed_event() {
        let text = include_str!("../../README.md");
        let start = text
            .find("### Pivots that follow the data")
            .expect("README section");
        let section = &text[start..start + text[start..].find("\n\nEverything").unwrap()];
        for f in super::FOLLOWS {
            for n in f.names.iter().filter(|n| !n.contains('*')) {
                assert!(section.contains(&format!("`{n}`")), "README lacks {n}");
            }
        }
    }
}
