//! The filter language and everything computed over the store for a view: filter evaluation,
//! fuzzy matching over distinct values, timeline buckets, pivots. No terminal, no I/O of its own
//! (record bytes come through `model::RecordSource`).
//!
//! # Filter language
//!
//! ```text
//! filter  := or?                          empty filter = every event
//! or      := and (("OR" | "or") and)*
//! and     := unary (("AND" | "and")? unary)*     juxtaposition is AND; AND binds tighter than OR
//! unary   := ("-" | "NOT" | "not") unary | "(" or ")" | term
//! term    := field ":" value              field match
//!          | value                        text search in the raw record
//! value   := part+                        up to whitespace or a parenthesis
//! part    := "\"" chars "\""              quoted: literal (inside, \" is a quote, \\ a backslash)
//!          | "*" | "|"                    unquoted: wildcard / alternative separator
//!          | "\" c                        unquoted: literal c (for \ " * | ( ) : / - and spaces)
//!          | c                            any other character
//! ```
//!
//! **Fields.** `name` (eventName), `source` (eventSource; `source:s3` also matches
//! `s3.amazonaws.com` when the value is unquoted with no dot and no wildcard), `who` (normalised
//! principal), `arn` (userIdentity.arn), `type` (identity type), `account` (recipientAccountId
//! *or* userIdentity.accountId), `region`, `ip` (sourceIPAddress; an unquoted value with a `/` is
//! a CIDR block, IPv4 or IPv6: `ip:10.0.0.0/8`, `ip:2001:db8::/32`), `error` (errorCode),
//! `key` (access key id), `agent` (userAgent), `id` (eventID), `request` (requestID),
//! `readonly` (`true`/`false`), `category` (eventCategory), `resource` (any resources[].ARN),
//! `eventtype`, `issuer` (session issuer ARN), `principal` (principalId), `message`
//! (errorMessage). Field names are case-insensitive; an unknown one is an error listing these.
//!
//! **JSON paths.** A field name with a dot is a path into the raw record, read from its bytes:
//! `requestParameters.bucketName:prod-logs`, `userIdentity.sessionContext.sessionIssuer.userName:admin`.
//! Keys compare ASCII case-insensitively; an array anywhere along the path (or at its end)
//! matches when any element does (`resources.ARN:arn:aws:s3:::b*`). Numbers and booleans match
//! as text (`requestParameters.maxResults:5`, `requestParameters.dryRun:false`); an object
//! matches only `*`; a missing path, `null` and `""` are the absent value.
//!
//! **Values** compare case-insensitively (Unicode lowercase). `*` matches any run of characters
//! (`name:Get*`, `agent:*boto*`), `a|b` is either (`name:GetObject|PutObject`). Quoted text is
//! always literal, and can be joined to unquoted parts: `who:"my user"*` is a prefix match.
//! `\*` and `\|` are a literal star and bar outside quotes. A missing field and an empty string
//! are the same *absent* value: only `field:""` matches it, and wildcards never do, so `error:*`
//! means "has an error" and `-error:*` "has none". `name:` (nothing after the colon) is an error.
//!
//! **Time.** `after:T` is `eventTime >= T`, `before:T` is `eventTime < T`, with `T` RFC 3339,
//! `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (or with a space; no offset = UTC). `last:90s`, `30m`,
//! `2h`, `7d`, `1w`: within that long of the newest loaded dated event (inclusive). Undated events
//! never match a time term (so `-after:T` does include them).
//!
//! **Text search.** A bare word or quoted phrase matches events whose original record text
//! contains it, ASCII case-insensitively (`denied`, `"access denied"`, `"\"userName\": \"bob\""`).
//! Records stored escaped (lookup-events `CloudTrailEvent` strings) are unescaped first, so
//! phrases with quotes work on every record. `*` at either end of a word is ignored; inside a
//! word it is an error. Alternatives work (`GetObject|PutObject`). To search for a word that is
//! a keyword (`OR`, `AND`, `NOT`), starts with `-`, or contains `:`, quote it: `"or"`, `"-1"`,
//! `"arn:aws:iam::123:root"` (an unquoted `arn:aws…` is the `arn` field).
//!
//! **Negation and grouping.** `-term`, `-(…)` and `NOT term` negate (the `-` touches its term:
//! `- x` is an error); parentheses group; nesting deeper than 256 is an error. `OR`/`or`,
//! `AND`/`and`, `NOT`/`not` are keywords in upper or lower case only.
//!
//! Examples:
//!
//! ```text
//! name:ConsoleLogin error:*                     failed console logins
//! source:iam -readonly:true last:7d             IAM writes in the last week
//! who:alice* (name:Delete*|Put* OR error:AccessDenied)
//! ip:10.0.0.0/8 OR ip:2001:db8::/32
//! requestParameters.bucketName:prod-logs "x-amz-server-side-encryption"
//! after:2024-01-01 before:2024-01-02T12:00 -who:"AWS Internal"
//! ```
//!
//! **Evaluation.** [`run`] returns matching rows in time order. Unreadable sources (a file deleted
//! or rewritten since loading) do not fail a query: rows whose verdict needed their bytes are left
//! out, and [`run_detailed`] says which sources and why.

mod bits;
mod cifind;
mod eval;
pub mod fuzzy;
mod parse;
mod pattern;
pub mod pivot;
mod scan;
pub mod timeline;

pub use fuzzy::{distinct_counts, filter_term, rank};
pub use parse::{FIELDS, MAX_DEPTH};
pub use pivot::{lineage, pivots};
pub use timeline::{bucket_label, timeline, Timeline};

use crate::model::{EventStore, RecordSource, Sym, SymField};
use std::sync::atomic::AtomicBool;

/// A parsed filter (see the module doc for the language).
#[derive(Debug, Clone)]
pub struct Filter {
    text: String,
    parsed: parse::Parsed,
}

/// A filter that does not parse: where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at column {}: {message}", offset + 1)]
pub struct ParseError {
    /// Byte offset of the error in the filter text.
    pub offset: usize,
    /// Length in bytes of the offending part (at least 1 for underlining; may run past the end).
    pub len: usize,
    /// What was expected / what is wrong, lower case.
    pub message: String,
}

/// Why a query could not finish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The cancel flag was raised.
    #[error("cancelled")]
    Cancelled,
}

/// The full result of a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOutcome {
    /// Matching rows, in time order (ties by row).
    pub rows: Vec<u32>,
    /// Sources whose bytes were needed but could not be read (or no longer match what was
    /// loaded), with the reason. Rows whose verdict depended on them are not in `rows`.
    pub unreadable: Vec<(u32, String)>,
}

impl Filter {
    /// Parses `text`; the empty filter matches everything.
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        Ok(Filter {
            text: text.into(),
            parsed: parse::parse(text)?,
        })
    }
    /// The text it was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// True when it matches everything.
    pub fn is_empty(&self) -> bool {
        self.parsed.root == parse::Node::All
    }
    /// True when evaluation must read record bytes (bare words, dotted JSON paths).
    pub fn needs_raw(&self) -> bool {
        self.parsed.leaves.iter().any(parse::Leaf::is_raw)
    }
    /// The bare words / phrases of the filter that are not negated, as typed (quotes removed),
    /// for highlighting and `n`/`N`. They match ASCII case-insensitively.
    pub fn bare_words(&self) -> Vec<String> {
        self.parsed.bare.clone()
    }
}

/// The rows matching `filter`, in time order (store row order once finalized). Sources that
/// cannot be read are skipped silently; see [`run_detailed`].
pub fn run(
    store: &EventStore,
    filter: &Filter,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<Vec<u32>, QueryError> {
    run_detailed(store, filter, src, cancel).map(|o| o.rows)
}

/// Like [`run`], also reporting the sources that could not be read.
pub fn run_detailed(
    store: &EventStore,
    filter: &Filter,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<QueryOutcome, QueryError> {
    eval::run(store, &filter.parsed, src, cancel)
}

/// Fields offered by the fuzzy finder.
pub const FUZZY_FIELDS: [(SymField, &str); 9] = [
    (SymField::Who, "who"),
    (SymField::Name, "name"),
    (SymField::Source, "source"),
    (SymField::Ip, "ip"),
    (SymField::Account, "account"),
    (SymField::Region, "region"),
    (SymField::Error, "error"),
    (SymField::Key, "key"),
    (SymField::Agent, "agent"),
];

/// A fuzzy-finder candidate after scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// The value.
    pub sym: Sym,
    /// How many of the given rows have it.
    pub count: u32,
    /// fuzzy-matcher score (higher is better).
    pub score: i64,
    /// Char indices of the matched letters in the value.
    pub indices: Vec<usize>,
}

#[cfg(test)]
mod tests;
