//! Sigma's `condition`: `and`, `or`, `not`, parentheses, `1 of sel*`, `all of them`, names of
//! selections, and an aggregation after a `|` (`… | count() by field > 5`,
//! `… | count(field) > 3`).

/// A parsed search expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// A selection by name.
    Sel(String),
    /// `1 of pattern` (`any`) or `all of pattern`; `them` is `*` (names starting with `_` left
    /// out, as Sigma says).
    Of {
        /// `all of` rather than `1 of`.
        all: bool,
        /// The name pattern (`*` wildcard), or `them`.
        pattern: String,
    },
    /// Negation.
    Not(Box<Cond>),
    /// Conjunction.
    And(Vec<Cond>),
    /// Disjunction.
    Or(Vec<Cond>),
}

/// An aggregation after the `|`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agg {
    /// `count(field)`: distinct values of `field`; `count()`: events.
    pub field: Option<String>,
    /// `by field`.
    pub by: Option<String>,
    /// The comparison (`>`, `>=`).
    pub op: CmpOp,
    /// The threshold.
    pub n: u64,
}

/// A threshold comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Does `count` pass?
    pub fn test(self, count: u64, n: u64) -> bool {
        match self {
            CmpOp::Gt => count > n,
            CmpOp::Ge => count >= n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Of,
    Word(String),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                out.push(Tok::LParen);
            }
            ')' => {
                chars.next();
                out.push(Tok::RParen);
            }
            _ => {
                let mut end = s.len();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || d == '(' || d == ')' {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let w = &s[i..end];
                out.push(match w.to_ascii_lowercase().as_str() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    "of" => Tok::Of,
                    _ => Tok::Word(w.to_string()),
                });
            }
        }
    }
    Ok(out)
}

struct P {
    toks: Vec<Tok>,
    i: usize,
    depth: usize,
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }
    fn or(&mut self) -> Result<Cond, String> {
        let mut v = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.i += 1;
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Cond::Or(v)
        })
    }
    fn and(&mut self) -> Result<Cond, String> {
        let mut v = vec![self.not()?];
        while self.peek() == Some(&Tok::And) {
            self.i += 1;
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Cond::And(v)
        })
    }
    fn not(&mut self) -> Result<Cond, String> {
        if self.peek() == Some(&Tok::Not) {
            self.i += 1;
            self.depth += 1;
            if self.depth > 64 {
                return Err("condition nested too deeply".into());
            }
            let c = self.not()?;
            self.depth -= 1;
            return Ok(Cond::Not(Box::new(c)));
        }
        self.primary()
    }
    fn primary(&mut self) -> Result<Cond, String> {
        match self.toks.get(self.i).cloned() {
            Some(Tok::LParen) => {
                self.i += 1;
                self.depth += 1;
                if self.depth > 64 {
                    return Err("condition nested too deeply".into());
                }
                let c = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::RParen) {
                    return Err("expected ')' in the condition".into());
                }
                self.i += 1;
                Ok(c)
            }
            Some(Tok::Word(w)) => {
                self.i += 1;
                if self.peek() == Some(&Tok::Of) {
                    self.i += 1;
                    let all = match w.to_ascii_lowercase().as_str() {
                        "1" | "any" => false,
                        "all" => true,
                        _ => {
                            return Err(format!(
                                "'{w} of' is not supported (only '1 of' and 'all of')"
                            ))
                        }
                    };
                    let Some(Tok::Word(pattern)) = self.toks.get(self.i).cloned() else {
                        return Err(format!("expected a selection name after '{w} of'"));
                    };
                    self.i += 1;
                    return Ok(Cond::Of { all, pattern });
                }
                Ok(Cond::Sel(w))
            }
            Some(t) => Err(format!("unexpected {t:?} in the condition")),
            None => Err("the condition ends too early".into()),
        }
    }
}

/// Parses a condition (with an optional aggregation after `|`).
pub fn parse(s: &str) -> Result<(Cond, Option<Agg>), String> {
    let (search, agg) = match s.split_once('|') {
        Some((a, b)) => (a, Some(parse_agg(b.trim())?)),
        None => (s, None),
    };
    let toks = lex(search)?;
    if toks.is_empty() {
        return Err("empty condition".into());
    }
    let mut p = P {
        toks,
        i: 0,
        depth: 0,
    };
    let c = p.or()?;
    if p.i != p.toks.len() {
        return Err(format!("unexpected {:?} in the condition", p.toks[p.i]));
    }
    Ok((c, agg))
}

/// `count() > 5`, `count() by f > 5`, `count(f) by g >= 2`.
fn parse_agg(s: &str) -> Result<Agg, String> {
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("near") {
        return Err("uses the 'near' operator (Sigma 1 temporal proximity), not supported".into());
    }
    let Some(rest) = lower.strip_prefix("count(") else {
        let f = s.split(['(', ' ']).next().unwrap_or(s);
        return Err(format!(
            "uses aggregation '{f}' (only count() is supported)"
        ));
    };
    let orig_rest = &s[6..];
    let close = rest.find(')').ok_or("expected ')' after count(")?;
    let field = orig_rest[..close].trim();
    let field = (!field.is_empty()).then(|| field.to_string());
    let mut tail = orig_rest[close + 1..].trim();
    let mut by = None;
    if tail.to_ascii_lowercase().starts_with("by ") {
        let t = tail[3..].trim_start();
        let end = t
            .find(|c: char| c.is_whitespace() || "<>=".contains(c))
            .unwrap_or(t.len());
        by = Some(t[..end].to_string());
        tail = t[end..].trim();
    }
    let (op, num) = if let Some(n) = tail.strip_prefix(">=") {
        (CmpOp::Ge, n)
    } else if let Some(n) = tail.strip_prefix('>') {
        (CmpOp::Gt, n)
    } else {
        return Err(format!(
            "aggregation comparison '{tail}' is not supported (only > and >=)"
        ));
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("bad aggregation threshold '{}'", num.trim()))?;
    Ok(Agg { field, by, op, n })
}

/// Does a selection name match an `of` pattern (`*` wildcard; `them` is every name not
/// starting with `_`)?
pub fn name_matches(pattern: &str, name: &str) -> bool {
    if pattern == "them" {
        return !name.starts_with('_');
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i + 1 == parts.len() {
            return rest.ends_with(p);
        } else {
            match rest.find(p) {
                Some(k) => rest = &rest[k + p.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions() {
        let (c, a) = parse("selection and not 1 of filter_main_*").unwrap();
        assert_eq!(
            c,
            Cond::And(vec![
                Cond::Sel("selection".into()),
                Cond::Not(Box::new(Cond::Of {
                    all: false,
                    pattern: "filter_main_*".into()
                }))
            ])
        );
        assert!(a.is_none());
        let (c, _) = parse("(a or b) and all of them").unwrap();
        assert!(matches!(c, Cond::And(_)));
        let (_, a) = parse("selection | count() by sourceIPAddress > 5").unwrap();
        assert_eq!(
            a.unwrap(),
            Agg {
                field: None,
                by: Some("sourceIPAddress".into()),
                op: CmpOp::Gt,
                n: 5
            }
        );
        let (_, a) = parse("sel | count(eventName) by userIdentity.arn >= 3").unwrap();
        let a = a.unwrap();
        assert_eq!(a.field.as_deref(), Some("eventName"));
        assert_eq!(a.op, CmpOp::Ge);
        assert!(parse("selection1 | near selection2")
            .unwrap_err()
            .contains("near"));
        assert!(parse("a and (b").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("2 of sel*").is_err());
        assert!(parse("sel | count() < 3").is_err());
    }

    #[test]
    fn names() {
        assert!(name_matches("selection*", "selection_status"));
        assert!(name_matches("them", "a"));
        assert!(!name_matches("them", "_hidden"));
        assert!(name_matches("filter_*_x", "filter_a_x"));
        assert!(!name_matches("filter_*", "selection"));
        assert!(name_matches("sel", "sel"));
    }
}
