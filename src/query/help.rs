//! The filter language reference, generated from the field registry ([`super::fields`]) and
//! the grammar: the text of `trailscope help filter` (also the end of `trailscope query
//! --help`), and the README's field list and examples (a test keeps the README equal to
//! [`readme_fields`] and [`readme_examples`]).

use super::fields::FIELDS;
use super::parse::{MAX_ALTERNATIVES, MAX_DEPTH, MAX_FILTER_BYTES, MAX_RAW_TERMS, MAX_TERMS};
use super::LAST_ANCHOR_SKEW_MS;
use std::fmt::Write as _;

/// Examples of the reference and the README: `(filter, what it finds)`. Each is run on the
/// project's real data by a test (`tests/cli.rs`), against a count derived independently
/// (`tests/data/derive_counts.py`).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "name:ConsoleLogin responseElements.ConsoleLogin:Failure",
        "failed console sign-ins",
    ),
    ("source:iam readonly:false", "changes to IAM"),
    (
        "error:AccessDenied|*UnauthorizedOperation",
        "calls refused for lack of permission",
    ),
    (
        "message:\"*is not authorized*\"",
        "wildcards work inside quotes",
    ),
    (
        "type:Root -name:ConsoleLogin",
        "what the root user did besides signing in",
    ),
    (
        "arn:*assumed-role/* (name:Delete*|Put* OR error:*)",
        "role sessions that deleted, put, or failed",
    ),
    (
        "ip:10.0.0.0/8 OR ip:2001:db8::/32",
        "calls from a private or a documentation range",
    ),
    (
        "requestParameters.bucketName:stratus-red-team-*",
        "a JSON path into the request",
    ),
    ("sharedEventID:*", "any field of the record, alias or not"),
    (
        "resources[0].ARN:arn:aws:s3:::*",
        "[n] picks one element of an array",
    ),
    (
        "agent:\"Mozilla/5.0 (X11*\"",
        "quotes keep spaces and parentheses in a value",
    ),
    (
        "after:2023-07-10T12:00 before:2023-07-10T12:10 -agent:\"AWS Internal\"",
        "ten minutes, without AWS's own calls",
    ),
    ("\"access denied\"", "text anywhere in the record"),
    (
        "lineage:id:55e25aa9-7165-446e-aef6-815c7a79a961",
        "what an instance profile's credentials did",
    ),
];

/// The text of `trailscope help filter`.
pub fn filter_reference() -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(
        w,
        "FILTER LANGUAGE (trailscope query -f FILTER, and / in the explorer)

  a b, a AND b       both (AND binds tighter than OR)
  a OR b             either
  -a, NOT a          not (the - touches its term)
  ( … )              grouping, at most {MAX_DEPTH} deep
  field:value        a field of the event matches the value
  word, \"a phrase\"   the record's text contains it (ASCII case-insensitive)

VALUES
  Compared case-insensitively. * is any run of characters (name:Get*), a|b either
  (name:GetObject|PutObject). Quotes keep spaces, parentheses, colons and keywords in a
  value; * and | work the same inside them (message:\"Rate *\"). \\* \\| \\\" \\\\ are a literal
  star, bar, quote and backslash, inside quotes or not. A missing field and \"\" are the
  absent value: only field:\"\" matches it, wildcards never do (error:* = has an error,
  -error:* = has none).

FIELDS (names and aliases are case-insensitive)"
    );
    let width = FIELDS.iter().map(|f| f.name.len()).max().unwrap_or(0);
    let indent = " ".repeat(width + 4);
    for f in FIELDS {
        let stop = if f.help.ends_with('…') { "" } else { "." };
        let mut text = format!("{}: {}{stop}", f.reads, f.help);
        if !f.aliases.is_empty() {
            let _ = write!(text, " Also {}.", f.aliases.join(", "));
        }
        // The example is never cut (it is meant to be copied).
        let _ = write!(text, " E.g. {}", f.example.replace(' ', "\u{0}"));
        for (i, line) in wrap(&text, 92 - width).iter().enumerate() {
            let line = line.replace('\u{0}', " ");
            if i == 0 {
                let _ = writeln!(w, "  {:width$}  {line}", f.name);
            } else {
                let _ = writeln!(w, "{indent}{line}");
            }
        }
    }
    let _ = writeln!(
        w,
        "
ANY FIELD OF THE RECORD
  A name that is not one of the above, or that has a dot or [n], is a JSON path into the
  record: sharedEventID:*, requestParameters.bucketName:prod-logs,
  tlsDetails.tlsVersion:TLSv1.2. Keys compare ASCII case-insensitively. A path crosses
  arrays: any element matches (resources.ARN:arn:aws:s3:::*); [n] picks element n, from 0
  (resources[0].ARN:…). Numbers and booleans match as text; an object matches only *; a
  missing path, null and \"\" are the absent value. A first key CloudTrail does not
  document is still read, with a note (a typo finds nothing, and says why).

TEXT SEARCH
  A bare word or a quoted phrase matches records whose text contains it. * at either end
  is ignored; inside a word it is an error (use a field). Quote a word that is a keyword
  (\"or\"), starts with - (\"-1\") or holds a colon (\"arn:aws:iam::123:root\").

CREDENTIAL LINEAGE
  lineage:KEY is every event made with the access key or with any credential descending
  from it (sessions its AssumeRole/GetSessionToken/... calls issued, keys its
  CreateAccessKey calls made, the roles those assumed, at any depth, across accounts), plus
  the event that issued the key. lineage:id:EVENTID starts from the credentials that event
  issued (a console sign-in's session keys are matched by principal and creationDate).
  flag:off-instance|multi-ip|multi-agent|expired: credentials used from an IP unusual for
  their instance or service session, from more than one IP or user-agent family, or after
  their expiration. trailscope lineage KEY|id:EVENTID prints the tree.

TIMES
  after:T is eventTime >= T, before:T is eventTime < T; T is RFC 3339, YYYY-MM-DD or
  YYYY-MM-DDTHH:MM[:SS] (a space for T works when quoted). A time without an offset or Z is
  UTC in trailscope query, and in the zone the times are shown in in the explorer.
  last:90s, 30m, 2h, 7d, 1w: within that long of the newest event (an event dated more than
  {} minutes after this machine's clock does not count as the newest; it still matches).
  Undated events match no time term.

DETECTIONS
  rule:, level:, tactic:, technique: and detect: match the events the detection rules
  flagged (trailscope rules lists them): rule:ID-or-title-glob, level:high (level:medium+ is
  medium or above), tactic:persistence, technique:T1098*, detect:* (any flagged event).
  The events behind an aggregate hit (a burst counted within a timeframe) match too.

VERIFIED (trailscope verify)
  verified:yes matches events whose file a digest of the trail lists with the SHA-256 its
  content has; verified:no every other event (modified, not covered by any digest present,
  no digest for its account and region, or not checked yet: the explorer checks after the
  load). verified:modified, verified:uncovered, verified:nodigest, verified:pending pick one
  state. trailscope query checks the files first when the filter names verified:.

LIMITS
  {} KiB of text, {MAX_TERMS} terms, {MAX_ALTERNATIVES} alternatives and {MAX_RAW_TERMS} text searches or JSON paths
  in one filter; beyond, the filter is an error saying which.

EXAMPLES",
        LAST_ANCHOR_SKEW_MS / 60_000,
        MAX_FILTER_BYTES / 1024,
    );
    let ew = EXAMPLES
        .iter()
        .map(|e| e.0.len())
        .max()
        .unwrap_or(0)
        .min(46);
    for (f, what) in EXAMPLES {
        if f.len() > ew {
            let _ = writeln!(w, "  {f}\n  {:ew$}  {what}", "");
        } else {
            let _ = writeln!(w, "  {f:ew$}  {what}");
        }
    }
    o
}

/// The README's field table (between `<!-- fields:begin -->` and `<!-- fields:end -->`).
pub fn readme_fields() -> String {
    let mut o = String::from("| field | also | reads | what | example |\n|---|---|---|---|---|\n");
    for f in FIELDS {
        let also: Vec<String> = f.aliases.iter().map(|a| format!("`{a}`")).collect();
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | `{}` |",
            f.name,
            also.join(", "),
            md(f.reads),
            md(f.help),
            f.example.replace('|', "\\|")
        );
    }
    o
}

/// The README's examples (between `<!-- examples:begin -->` and `<!-- examples:end -->`).
pub fn readme_examples() -> String {
    let mut o = String::from("```text\n");
    let ew = EXAMPLES
        .iter()
        .map(|e| e.0.len())
        .max()
        .unwrap_or(0)
        .min(46);
    for (f, what) in EXAMPLES {
        if f.len() > ew {
            let _ = writeln!(o, "{f}\n{:ew$}  {what}", "");
        } else {
            let _ = writeln!(o, "{f:ew$}  {what}");
        }
    }
    o.push_str("```\n");
    o
}

/// `text` cut into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Markdown table cell text: `|` escaped.
fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fields::{self, Kind};
    use crate::query::Filter;

    /// Every registered field and alias parses, with its example, and is in the reference.
    #[test]
    fn every_field_parses_and_is_in_the_reference() {
        let text = filter_reference();
        for f in FIELDS {
            let parsed = Filter::parse(f.example).unwrap_or_else(|e| panic!("{}: {e}", f.example));
            assert!(parsed.notes().is_empty(), "{}", f.example);
            let ex_field = f.example.split(':').next().unwrap();
            assert!(
                f.names().any(|n| n.eq_ignore_ascii_case(ex_field)),
                "{}: example of another field",
                f.name
            );
            for n in f.names() {
                let t = format!("{n}:x");
                let v = if matches!(f.kind, Kind::ReadOnly | Kind::Verified) {
                    format!("{n}:true")
                } else if matches!(f.kind, Kind::After | Kind::Before) {
                    format!("{n}:2024-01-01")
                } else if f.kind == Kind::Last {
                    format!("{n}:1h")
                } else if f.kind == Kind::Flag {
                    format!("{n}:expired")
                } else {
                    t
                };
                let p = Filter::parse(&v).unwrap_or_else(|e| panic!("{v}: {e}"));
                // `request:` reads the record on purpose (narrowed by the fingerprint column).
                let raw_by_design = f.kind == Kind::Id { request: true };
                assert!(
                    !p.needs_raw() || raw_by_design,
                    "{v} is read as a JSON path"
                );
                assert!(
                    fields::lookup(&n.to_ascii_uppercase()).is_some(),
                    "{n} upper case"
                );
            }
            assert!(
                text.contains(&format!("\n  {:w$}  ", f.name, w = f.name.len())),
                "{} not in the reference",
                f.name
            );
            for a in f.aliases {
                assert!(text.contains(a), "{a} not in the reference");
            }
        }
        for (f, _) in EXAMPLES {
            assert!(text.contains(f), "{f}");
            let p = Filter::parse(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(p.notes().is_empty(), "{f}: {:?}", p.notes());
        }
    }
}
