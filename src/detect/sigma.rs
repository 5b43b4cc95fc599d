//! Sigma rules → filter-engine expressions.
//!
//! A rule's `detection` selections become [`Expr`]s over the filter engine's leaves: a field
//! the registry reads from a column (`eventName` → `name`, `userIdentity.type` → `type`, …,
//! see [`query::program::target`]) is an indexed pass over the rows; any other field is a JSON
//! path read from the record, and only for rows the indexed terms leave open. Values follow
//! Sigma: case-insensitive, `*` and `?` wildcards, `\` escaping them; modifiers `contains`,
//! `startswith`, `endswith`, `all`, `re` (with `i`, `m`, `s`), `cidr`, `exists`, `fieldref`,
//! `cased`; `null` is the absent value; a list is any of its values (all with `|all`); a list
//! of maps is any of them; a list of strings is keywords (text search). Anything else —
//! an unknown modifier, a placeholder (`|expand`), `near` — refuses the whole rule, with the
//! reason: a rule never runs half-applied.

use super::condition::{self, Agg, CmpOp, Cond};
use super::yaml::Y;
use crate::model::{Level, RuleMeta};
use crate::query::program::{BuildError, Expr, Match, Program};

/// Why a rule cannot run.
pub type Reason = String;

/// A detection compiled to an expression, with its aggregation if any.
#[derive(Clone, Debug)]
pub struct Search {
    /// The per-event expression.
    pub expr: Expr,
    /// `| count() … > N`, over `timeframe`.
    pub agg: Option<AggSpec>,
}

/// A windowed count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AggSpec {
    /// Count distinct values of this field (`value_count`, `count(field)`); `None`: events.
    pub field: Option<String>,
    /// Group by these fields.
    pub by: Vec<String>,
    /// The comparison.
    pub op: CmpOp,
    /// The threshold.
    pub n: u64,
    /// The window in milliseconds; `None`: everything loaded is one window.
    pub window_ms: Option<i64>,
}

/// `30s`, `10m`, `1h`, `2d`, `1w` → milliseconds.
pub fn parse_timespan(s: &str) -> Option<i64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let num: i64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let mul = match unit {
        's' => 1_000,
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        'w' => 7 * 86_400_000,
        'M' => 30 * 86_400_000,
        'y' => 365 * 86_400_000,
        _ => return None,
    };
    (num > 0).then(|| num.checked_mul(mul)).flatten()
}

/// Reads the metadata of a rule document (what the hit model shows). `license`, `origin`,
/// `file` and `link` are the caller's.
pub fn meta(doc: &Y) -> Result<RuleMeta, Reason> {
    let title = doc
        .get("title")
        .and_then(Y::text)
        .ok_or("no title")?
        .trim()
        .to_string();
    let id = doc
        .get("id")
        .and_then(Y::text)
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let level = match doc.get("level").and_then(Y::text) {
        Some(l) => Level::parse(&l).ok_or_else(|| format!("unknown level '{l}'"))?,
        None => Level::Medium,
    };
    let tags = doc.get("tags").map(Y::texts).unwrap_or_default();
    let mut tactics = Vec::new();
    let mut techniques = Vec::new();
    for t in &tags {
        let Some(rest) = t.trim().strip_prefix("attack.") else {
            continue;
        };
        let b = rest.as_bytes();
        let is_id = b.len() > 1
            && b[0].is_ascii_alphabetic()
            && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.');
        if is_id {
            if b[0].eq_ignore_ascii_case(&b't') {
                let t = rest.to_ascii_uppercase();
                if !techniques.contains(&t) {
                    techniques.push(t);
                }
            }
            // attack.g0016 (groups), attack.s0002 (software): not tactics.
            continue;
        }
        let tac = rest.to_ascii_lowercase().replace(['_', ' '], "-");
        if !tactics.contains(&tac) {
            tactics.push(tac);
        }
    }
    let description = doc
        .get("description")
        .and_then(Y::text)
        .unwrap_or_default()
        .trim()
        .to_string();
    let author = doc
        .get("author")
        .map(Y::texts)
        .unwrap_or_default()
        .join(", ");
    Ok(RuleMeta {
        id,
        title,
        level,
        status: doc.get("status").and_then(Y::text).unwrap_or_default(),
        tactics,
        techniques,
        description,
        false_positives: doc.get("falsepositives").map(Y::texts).unwrap_or_default(),
        references: doc.get("references").map(Y::texts).unwrap_or_default(),
        author,
        license: doc.get("license").and_then(Y::text).unwrap_or_default(),
        ..RuleMeta::default()
    })
}

/// Checks the `logsource`: AWS CloudTrail only.
pub fn check_logsource(doc: &Y) -> Result<(), Reason> {
    let Some(ls) = doc.get("logsource") else {
        return Err("no logsource".into());
    };
    let product = ls.get("product").and_then(Y::text).unwrap_or_default();
    let service = ls.get("service").and_then(Y::text).unwrap_or_default();
    if product.eq_ignore_ascii_case("aws") && service.eq_ignore_ascii_case("cloudtrail") {
        Ok(())
    } else {
        Err(format!(
            "logsource is product '{product}' service '{service}', not aws / cloudtrail"
        ))
    }
}

/// One piece of a Sigma string value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Lit(String),
    Star,
    One,
}

/// Splits a Sigma string into literal runs and wildcards (`\*`, `\?`, `\\` are literal; any
/// other backslash is itself).
fn segments(s: &str) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    let mut lit = String::new();
    let mut chars = s.chars().peekable();
    let flush = |lit: &mut String, out: &mut Vec<Seg>| {
        if !lit.is_empty() {
            out.push(Seg::Lit(std::mem::take(lit)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&n @ ('*' | '?' | '\\')) => {
                    lit.push(n);
                    chars.next();
                }
                _ => lit.push('\\'),
            },
            '*' => {
                flush(&mut lit, &mut out);
                if out.last() != Some(&Seg::Star) {
                    out.push(Seg::Star);
                }
            }
            '?' => {
                flush(&mut lit, &mut out);
                out.push(Seg::One);
            }
            c => lit.push(c),
        }
    }
    flush(&mut lit, &mut out);
    out
}

/// Segments → a match: exact, glob, or (with `?` or `cased`) an anchored regex.
fn seg_match(segs: &[Seg], cased: bool) -> Match {
    if cased || segs.contains(&Seg::One) {
        let mut re = String::from(if cased { "(?s)^" } else { "(?is)^" });
        for s in segs {
            match s {
                Seg::Lit(l) => re.push_str(&regex::escape(l)),
                Seg::Star => re.push_str(".*"),
                Seg::One => re.push('.'),
            }
        }
        re.push('$');
        return Match::Regex(re);
    }
    if !segs.contains(&Seg::Star) {
        return match segs {
            [] => Match::Absent,
            [Seg::Lit(l)] => Match::Exact(l.clone()),
            _ => unreachable!("literal runs are merged"),
        };
    }
    let parts: Vec<String> = segs
        .iter()
        .filter_map(|s| match s {
            Seg::Lit(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    Match::Glob {
        start: matches!(segs.first(), Some(Seg::Lit(_))),
        end: matches!(segs.last(), Some(Seg::Lit(_))),
        parts,
    }
}

/// The modifiers of one field key.
#[derive(Default, Debug)]
struct Mods {
    contains: bool,
    startswith: bool,
    endswith: bool,
    all: bool,
    re: bool,
    re_flags: String,
    cidr: bool,
    exists: bool,
    fieldref: bool,
    cased: bool,
    expand: bool,
}

/// The name of the one placeholder trailscope fills itself: every account id of the loaded
/// trail (recipient and principal accounts).
pub const LOADED_ACCOUNTS: &str = "trailscope.loaded_accounts";

/// What placeholders (`|expand %name%`) stand for while compiling.
#[derive(Debug, Default)]
pub struct Ctx {
    /// The values of [`LOADED_ACCOUNTS`].
    pub accounts: Vec<String>,
    /// Set when the rule used [`LOADED_ACCOUNTS`] (it must be compiled again for each store).
    pub used_accounts: std::cell::Cell<bool>,
}

fn mods(list: &[&str]) -> Result<Mods, Reason> {
    let mut m = Mods::default();
    for &x in list {
        match x {
            "contains" => m.contains = true,
            "startswith" => m.startswith = true,
            "endswith" => m.endswith = true,
            "all" => m.all = true,
            "re" => m.re = true,
            "i" | "m" | "s" if m.re => m.re_flags.push_str(x),
            "cidr" => m.cidr = true,
            "exists" => m.exists = true,
            "fieldref" => m.fieldref = true,
            "cased" => m.cased = true,
            "expand" => m.expand = true,
            other => return Err(format!("unknown modifier `|{other}`")),
        }
    }
    if [
        m.contains,
        m.startswith,
        m.endswith,
        m.re,
        m.cidr,
        m.exists,
        m.fieldref,
    ]
    .iter()
    .filter(|b| **b)
    .count()
        > 1
    {
        return Err(format!("modifiers `|{}` do not combine", list.join("|")));
    }
    if m.expand && (m.re || m.cidr || m.exists || m.fieldref) {
        return Err(format!("modifiers `|{}` do not combine", list.join("|")));
    }
    Ok(m)
}

/// One value under a field's modifiers → a match.
fn value_match(v: &Y, m: &Mods) -> Result<Match, Reason> {
    let text = match v {
        Y::Null => return Ok(Match::Absent),
        Y::List(_) | Y::Map(_) => return Err("a list or map where a value belongs".into()),
        y => y.text().unwrap_or_default(),
    };
    if m.re {
        let flags = if m.re_flags.is_empty() {
            String::new()
        } else {
            format!("(?{})", m.re_flags)
        };
        return Ok(Match::Regex(format!("{flags}{text}")));
    }
    if m.cidr {
        return Ok(Match::Cidr(text));
    }
    let mut segs = segments(&text);
    if text.is_empty() && !(m.contains || m.startswith || m.endswith) {
        return Ok(Match::Absent);
    }
    if m.contains || m.endswith {
        segs.insert(0, Seg::Star);
    }
    if m.contains || m.startswith {
        segs.push(Seg::Star);
    }
    segs.dedup_by(|a, b| *a == Seg::Star && *b == Seg::Star);
    Ok(seg_match(&segs, m.cased))
}

fn build_err(e: BuildError) -> Reason {
    e.to_string()
}

/// A selection map `{field|mods: value(s), …}` → all of its fields.
fn selection_map(p: &mut Program, map: &[(String, Y)], ctx: &Ctx) -> Result<Expr, Reason> {
    let mut all = Vec::new();
    for (key, v) in map {
        let mut parts = key.split('|');
        let field = parts.next().unwrap_or("").trim();
        let list: Vec<&str> = parts.collect();
        let m = mods(&list)?;
        let values: Vec<&Y> = match v {
            Y::List(vs) => vs.iter().collect(),
            y => vec![y],
        };
        if values.is_empty() {
            return Err(format!("field '{key}' has an empty list of values"));
        }
        if field.is_empty() {
            // A keyword search with modifiers (`'|contains': [...]`).
            all.push(keywords(p, &values, &m)?);
            continue;
        }
        if m.exists {
            let want = match values.as_slice() {
                [Y::Bool(b)] => *b,
                [y] => match y.text().as_deref() {
                    Some("true") => true,
                    Some("false") => false,
                    _ => return Err(format!("'{key}' takes true or false")),
                },
                _ => return Err(format!("'{key}' takes true or false")),
            };
            let e = p.term(field, &[Match::Present]).map_err(build_err)?;
            all.push(if want { e } else { Expr::not(e) });
            continue;
        }
        if m.expand {
            let mut ms = Vec::new();
            for v in &values {
                let t = v.text().unwrap_or_default();
                let name = t.trim().trim_matches('%');
                if name != LOADED_ACCOUNTS {
                    return Err(format!(
                        "uses a placeholder (|expand {t}) that needs a user-supplied list"
                    ));
                }
                ctx.used_accounts.set(true);
                for a in &ctx.accounts {
                    // Account ids are digits: no wildcard to escape.
                    ms.push(value_match(&Y::Str(a.clone()), &m)?);
                }
            }
            all.push(p.term(field, &ms).map_err(build_err)?);
            continue;
        }
        if m.fieldref {
            let mut refs = Vec::new();
            for v in &values {
                let other = v
                    .text()
                    .ok_or_else(|| format!("'{key}' needs a field name"))?;
                refs.push(p.fields_equal(field, &other).map_err(build_err)?);
            }
            all.push(if m.all {
                Expr::and(refs)
            } else {
                Expr::or(refs)
            });
            continue;
        }
        let matches: Vec<Match> = values
            .iter()
            .map(|v| value_match(v, &m))
            .collect::<Result<_, _>>()?;
        if m.all && matches.len() > 1 {
            let mut each = Vec::new();
            for x in matches {
                each.push(p.term(field, &[x]).map_err(build_err)?);
            }
            all.push(Expr::and(each));
        } else {
            all.push(p.term(field, &matches).map_err(build_err)?);
        }
    }
    Ok(Expr::and(all))
}

/// Keywords: the record's text contains any (all with `|all`) of the values.
fn keywords(p: &mut Program, values: &[&Y], m: &Mods) -> Result<Expr, Reason> {
    if m.re || m.cidr || m.exists || m.fieldref || m.cased || m.startswith || m.endswith || m.expand
    {
        return Err("keyword searches take no modifier but contains and all".into());
    }
    let mut words = Vec::new();
    for v in values {
        let t = v.text().ok_or("a keyword that is not text")?;
        let segs = segments(&t);
        let lits: Vec<&Seg> = segs.iter().filter(|s| **s != Seg::Star).collect();
        match lits.as_slice() {
            [Seg::Lit(l)] => words.push(l.clone()),
            _ => {
                return Err(format!(
                    "keyword '{t}' has a wildcard inside (text search takes plain words)"
                ))
            }
        }
    }
    Ok(if m.all {
        Expr::and(
            words
                .iter()
                .map(|w| p.text(std::slice::from_ref(w)))
                .collect(),
        )
    } else {
        p.text(&words)
    })
}

/// A selection (map, list of maps, list of keywords) → an expression.
fn selection(p: &mut Program, name: &str, y: &Y, ctx: &Ctx) -> Result<Expr, Reason> {
    match y {
        Y::Map(m) => selection_map(p, m, ctx),
        Y::List(items) if items.iter().all(|i| matches!(i, Y::Map(_))) => {
            let mut any = Vec::new();
            for i in items {
                if let Y::Map(m) = i {
                    any.push(selection_map(p, m, ctx)?);
                }
            }
            Ok(Expr::or(any))
        }
        Y::List(items) if items.iter().all(|i| !matches!(i, Y::Map(_) | Y::List(_))) => {
            let vals: Vec<&Y> = items.iter().collect();
            keywords(p, &vals, &Mods::default())
        }
        Y::Str(_) | Y::Num(_) => keywords(p, &[y], &Mods::default()),
        _ => Err(format!("selection '{name}' is neither a map nor a list")),
    }
}

/// Compiles a rule document's `detection` into `p`.
pub fn compile(p: &mut Program, doc: &Y, ctx: &Ctx) -> Result<Search, Reason> {
    let Some(Y::Map(det)) = doc.get("detection") else {
        return Err("no detection".into());
    };
    let cond_text = match det.iter().find(|(k, _)| k == "condition").map(|(_, v)| v) {
        Some(Y::List(cs)) => {
            if cs.len() != 1 {
                return Err("several conditions in one rule are not supported".into());
            }
            cs[0].text().ok_or("the condition is not text")?
        }
        Some(y) => y.text().ok_or("the condition is not text")?,
        None => return Err("no condition".into()),
    };
    let timeframe = match det.iter().find(|(k, _)| k == "timeframe").map(|(_, v)| v) {
        Some(t) => {
            let t = t.text().unwrap_or_default();
            Some(parse_timespan(&t).ok_or_else(|| format!("bad timeframe '{t}'"))?)
        }
        None => None,
    };
    let (cond, agg) = condition::parse(&cond_text)?;
    let names: Vec<&str> = det
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k != "condition" && *k != "timeframe")
        .collect();
    // Every selection is compiled (a broken one refuses the rule even if unused).
    let mut sels: Vec<(String, Expr)> = Vec::new();
    for (k, v) in det {
        if k == "condition" || k == "timeframe" {
            continue;
        }
        sels.push((k.clone(), selection(p, k, v, ctx)?));
    }
    let expr = cond_expr(&cond, &sels, &names)?;
    if agg.is_none() && timeframe.is_some() && has_and_of_sels(&cond) {
        return Err(
            "a timeframe without an aggregation (selections meant to occur within it, a temporal correlation)"
                .into(),
        );
    }
    let agg = agg.map(|Agg { field, by, op, n }| AggSpec {
        field,
        by: by.into_iter().collect(),
        op,
        n,
        window_ms: timeframe,
    });
    Ok(Search { expr, agg })
}

/// Does the condition AND two positive selections (which, with a timeframe, old Sigma used to
/// mean "both within the timeframe")?
fn has_and_of_sels(c: &Cond) -> bool {
    match c {
        Cond::And(v) => v.iter().filter(|x| matches!(x, Cond::Sel(_))).count() > 1,
        _ => false,
    }
}

fn cond_expr(c: &Cond, sels: &[(String, Expr)], names: &[&str]) -> Result<Expr, Reason> {
    Ok(match c {
        Cond::Sel(n) => sels
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, e)| e.clone())
            .ok_or_else(|| format!("the condition names '{n}', which is not a selection"))?,
        Cond::Of { all, pattern } => {
            let picked: Vec<Expr> = names
                .iter()
                .filter(|n| condition::name_matches(pattern, n))
                .filter_map(|n| sels.iter().find(|(k, _)| k == n).map(|(_, e)| e.clone()))
                .collect();
            if picked.is_empty() {
                return Err(format!("no selection matches '{pattern}'"));
            }
            if *all {
                Expr::and(picked)
            } else {
                Expr::or(picked)
            }
        }
        Cond::Not(x) => Expr::not(cond_expr(x, sels, names)?),
        Cond::And(v) => Expr::and(
            v.iter()
                .map(|x| cond_expr(x, sels, names))
                .collect::<Result<_, _>>()?,
        ),
        Cond::Or(v) => Expr::or(
            v.iter()
                .map(|x| cond_expr(x, sels, names))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// A correlation rule (`correlation:` with `type`, `rules`, `group-by`, `timespan`,
/// `condition`).
#[derive(Clone, Debug)]
pub struct Correlation {
    /// The rules it counts (ids or names).
    pub rules: Vec<String>,
    /// The windowed count.
    pub agg: AggSpec,
    /// The base rules also raise their own hits.
    pub generate: bool,
}

/// Reads a `correlation:` section (event_count and value_count; temporal is refused).
pub fn correlation(doc: &Y) -> Result<Correlation, Reason> {
    let c = doc.get("correlation").ok_or("no correlation")?;
    let ty = c.get("type").and_then(Y::text).unwrap_or_default();
    let rules = c.get("rules").map(Y::texts).unwrap_or_default();
    if rules.is_empty() {
        return Err("a correlation without rules".into());
    }
    let by = c.get("group-by").map(Y::texts).unwrap_or_default();
    let window = match c.get("timespan").or_else(|| c.get("timeframe")) {
        Some(t) => {
            let t = t.text().unwrap_or_default();
            Some(parse_timespan(&t).ok_or_else(|| format!("bad timespan '{t}'"))?)
        }
        None => None,
    };
    let cond = c
        .get("condition")
        .ok_or("a correlation without a condition")?;
    let mut field = None;
    let mut op_n = None;
    if let Y::Map(m) = cond {
        for (k, v) in m {
            let num = || {
                v.text()
                    .and_then(|t| t.parse::<u64>().ok())
                    .ok_or_else(|| format!("bad correlation threshold for '{k}'"))
            };
            match k.as_str() {
                "gt" => op_n = Some((CmpOp::Gt, num()?)),
                "gte" => op_n = Some((CmpOp::Ge, num()?)),
                "field" => field = v.text(),
                other => {
                    return Err(format!(
                        "correlation condition '{other}' is not supported (only gt and gte)"
                    ))
                }
            }
        }
    }
    let (op, n) = op_n.ok_or("a correlation condition needs gt or gte")?;
    let field = match ty.as_str() {
        "event_count" => None,
        "value_count" => Some(field.ok_or("value_count needs condition.field")?),
        other => return Err(format!("correlation type '{other}' is not supported")),
    };
    let generate = matches!(c.get("generate"), Some(Y::Bool(true)));
    Ok(Correlation {
        rules,
        agg: AggSpec {
            field,
            by,
            op,
            n,
            window_ms: window,
        },
        generate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_sigma() {
        let m = Mods::default();
        let s = |t: &str| Y::Str(t.into());
        assert!(matches!(value_match(&s("ab"), &m), Ok(Match::Exact(x)) if x == "ab"));
        assert!(matches!(value_match(&s(""), &m), Ok(Match::Absent)));
        assert!(matches!(value_match(&Y::Null, &m), Ok(Match::Absent)));
        assert!(
            matches!(value_match(&s("a*b"), &m), Ok(Match::Glob{parts, start: true, end: true}) if parts == ["a", "b"])
        );
        assert!(matches!(value_match(&s("a\\*b"), &m), Ok(Match::Exact(x)) if x == "a*b"));
        assert!(matches!(value_match(&s("a?b"), &m), Ok(Match::Regex(r)) if r == "(?is)^a.b$"));
        let c = Mods {
            contains: true,
            ..Mods::default()
        };
        assert!(
            matches!(value_match(&s("x"), &c), Ok(Match::Glob{parts, start: false, end: false}) if parts == ["x"])
        );
        assert!(mods(&["windash"]).unwrap_err().contains("|windash"));
        assert!(mods(&["expand"]).is_ok());
        assert!(mods(&["re", "i"]).is_ok());
        assert_eq!(parse_timespan("10m"), Some(600_000));
        assert_eq!(parse_timespan("x"), None);
    }

    #[test]
    fn meta_reads_tags() {
        let d = super::super::yaml::documents(
            "title: T\nid: x\nlevel: high\ntags:\n - attack.privilege_escalation\n - attack.t1078.004\n - attack.g0016\n - attack.stealth\n",
        )
        .unwrap();
        let m = meta(&d[0]).unwrap();
        assert_eq!(m.tactics, vec!["privilege-escalation", "stealth"]);
        assert_eq!(m.techniques, vec!["T1078.004"]);
        assert_eq!(m.level, Level::High);
    }
}
