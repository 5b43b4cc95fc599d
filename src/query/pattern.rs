//! Value patterns: case-insensitive literals with `*` wildcards, `a|b` alternatives, the
//! absent value (`""`) and, for `ip:`, CIDR blocks.

use std::borrow::Cow;
use std::net::IpAddr;

/// One alternative of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Alt {
    /// `""`: the absent / empty value, and nothing else.
    Empty,
    /// A literal, lowercased.
    Exact(String),
    /// Literal parts (lowercased, non-empty) separated by `*`. `start`: the first part is
    /// anchored at the start (the pattern did not begin with `*`); `end` likewise. No parts
    /// means the pattern was only stars: any non-empty value.
    Glob {
        parts: Vec<String>,
        start: bool,
        end: bool,
    },
    /// An IP network: the value parses as an address inside it.
    Cidr { net: IpAddr, prefix: u8 },
    /// A regular expression (the `regex` crate, size-limited), tested on the value as it is
    /// (not lowercased): only built by code (the detection engine's `|re`), never typed.
    Regex(Re),
}

/// A compiled regular expression, compared by its source text.
#[derive(Debug, Clone)]
pub struct Re(pub std::sync::Arc<regex::Regex>);

impl PartialEq for Re {
    fn eq(&self, o: &Re) -> bool {
        self.0.as_str() == o.0.as_str()
    }
}
impl Eq for Re {}

/// Alternatives: a value matches when any matches. Empty values (absent fields) match only
/// [`Alt::Empty`]; wildcards never match them (`error:*` = has an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub alts: Vec<Alt>,
}

/// Lowercases `s`, borrowing when it is already lowercase ASCII.
pub(crate) fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

impl Pattern {
    /// Does `value` match?
    pub fn matches(&self, value: &str) -> bool {
        if value.is_empty() {
            return self.alts.iter().any(|a| matches!(a, Alt::Empty));
        }
        let lc = lower(value);
        let lc: &str = &lc;
        self.alts.iter().any(|a| match a {
            Alt::Empty => false,
            Alt::Exact(e) => lc == e,
            Alt::Glob { parts, start, end } => glob(parts, *start, *end, lc),
            Alt::Cidr { net, prefix } => value
                .parse::<IpAddr>()
                .is_ok_and(|ip| in_net(ip, *net, *prefix)),
            Alt::Regex(re) => re.0.is_match(value),
        })
    }

    /// True when the absent value matches.
    pub fn matches_empty(&self) -> bool {
        self.alts.iter().any(|a| matches!(a, Alt::Empty))
    }

    /// The exact literal when the pattern is a single non-wildcard alternative.
    pub fn single_exact(&self) -> Option<&str> {
        match self.alts.as_slice() {
            [Alt::Exact(e)] => Some(e),
            _ => None,
        }
    }

    /// Literal runs every matching value must contain (lowercased), when the pattern has one
    /// alternative; used to skip records cheaply before parsing them.
    pub fn required_literals(&self) -> Vec<&str> {
        match self.alts.as_slice() {
            [Alt::Exact(e)] => vec![e.as_str()],
            [Alt::Glob { parts, .. }] => parts.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// Glob match of an already-lowercased value.
fn glob(parts: &[String], start: bool, end: bool, s: &str) -> bool {
    let n = parts.len();
    let mut rest = s;
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == n;
        if i == 0 && start {
            match rest.strip_prefix(p.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
            if last && end {
                return rest.is_empty();
            }
            continue;
        }
        if last && end {
            return rest.ends_with(p.as_str());
        }
        match rest.find(p.as_str()) {
            Some(k) => rest = &rest[k + p.len()..],
            None => return false,
        }
    }
    true
}

/// Is `ip` inside `net/prefix`? IPv4-mapped IPv6 addresses count as IPv4.
pub(crate) fn in_net(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix as u32)
            };
            u32::from(a) & m == u32::from(b) & m
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix as u32)
            };
            u128::from(a) & m == u128::from(b) & m
        }
        _ => false,
    }
}

/// Parses `addr/len`.
pub(crate) fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (a, l) = s.split_once('/')?;
    let net: IpAddr = a.parse().ok()?;
    if l.is_empty() || !l.bytes().all(|b| b.is_ascii_digit()) || l.len() > 3 {
        return None;
    }
    let len: u8 = l.parse().ok()?;
    let max = if net.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((net, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str) -> Pattern {
        // Build a glob from `*`-separated text (test helper, no escapes).
        let start = !p.starts_with('*');
        let end = !p.ends_with('*');
        let parts: Vec<String> = p
            .split('*')
            .filter(|s| !s.is_empty())
            .map(|s| s.to_lowercase())
            .collect();
        if !p.contains('*') {
            return Pattern {
                alts: vec![Alt::Exact(p.to_lowercase())],
            };
        }
        Pattern {
            alts: vec![Alt::Glob { parts, start, end }],
        }
    }

    #[test]
    fn globs() {
        let cases: &[(&str, &str, bool)] = &[
            ("GetObject", "getobject", true),
            ("GetObject", "GetObjectAcl", false),
            ("Get*", "GetObject", true),
            ("Get*", "get", true),
            ("Get*", "XGet", false),
            ("*Object", "GetObject", true),
            ("*Object", "GetObjectAcl", false),
            ("*boto*", "Boto3/1.2", true),
            ("*boto*", "aws-cli", false),
            ("a*b*c", "abc", true),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbYcZ", false),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("ab*bc", "abc", false),
            ("ab*bc", "abbc", true),
            ("*", "x", true),
            ("*", "", false),
            ("**", "x", true),
            ("ÄB*", "äbc", true),
        ];
        for &(p, v, want) in cases {
            assert_eq!(g(p).matches(v), want, "{p} vs {v}");
        }
    }

    #[test]
    fn cidrs() {
        let (n, l) = parse_cidr("10.0.0.0/8").unwrap();
        assert!(in_net("10.1.2.3".parse().unwrap(), n, l));
        assert!(!in_net("11.1.2.3".parse().unwrap(), n, l));
        assert!(in_net("::ffff:10.0.0.1".parse().unwrap(), n, l));
        let (n, l) = parse_cidr("2001:db8::/32").unwrap();
        assert!(in_net("2001:db8:1::5".parse().unwrap(), n, l));
        assert!(!in_net("2001:db9::5".parse().unwrap(), n, l));
        assert!(!in_net("10.0.0.1".parse().unwrap(), n, l));
        let (n, l) = parse_cidr("0.0.0.0/0").unwrap();
        assert!(in_net("1.2.3.4".parse().unwrap(), n, l));
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("10.0.0/8").is_none());
        assert!(parse_cidr("10.0.0.0/").is_none());
        assert!(parse_cidr("10.0.0.0/+8").is_none());
        assert!(parse_cidr("::/129").is_none());
    }
}
