//! The filter language as SQL, for the engines CloudTrail already sits in: `--sql athena`
//! (Trino's dialect, over AWS's standard CloudTrail table: [`table::athena_ddl`]) and
//! `--sql duckdb` (over the Parquet files of `export --parquet`).
//!
//! The text selects the events the filter selects in memory: values compare case-insensitively
//! (`lower(…)`), an absent value is `''` (so `NOT` keeps its meaning where SQL would give
//! NULL), wildcards are `LIKE` with `\` escapes, alternatives are `OR`s, time bounds are
//! partition predicates plus `eventtime`, CIDR blocks use Trino's IP functions (DuckDB: IPv4
//! arithmetic), JSON paths `json_extract_scalar`, and `who` is the loader's rule written over
//! `useridentity` (the Parquet files store it). What SQL cannot see (a bare word over the raw
//! record in Athena, lineage, detections, digests) is an error naming the term; what it sees
//! only nearly (JSON keys compared as typed) is written with a `-- approximation:` comment.

pub mod table;
#[cfg(test)]
mod tests;

use super::parse::{Leaf, Node, PathSeg};
use super::pattern::{Alt, Pattern};
use super::Filter;
use crate::model::SymField;
use std::fmt::Write as _;
use std::net::IpAddr;
use table::Col;

/// Which engine the text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Athena (Trino) over CloudTrail's standard table.
    Athena,
    /// DuckDB over `export --parquet` files.
    DuckDb,
}

/// A filter term SQL cannot express.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{term} — {reason}")]
pub struct SqlError {
    /// The term, as the filter language writes it.
    pub term: String,
    /// Why it does not translate (and what to do instead).
    pub reason: String,
}

fn fail(term: impl Into<String>, reason: impl Into<String>) -> SqlError {
    SqlError {
        term: term.into(),
        reason: reason.into(),
    }
}

/// The default table of each dialect.
pub fn default_table(d: Dialect, parquet_dir: Option<&str>) -> String {
    match d {
        Dialect::Athena => "cloudtrail_logs".into(),
        Dialect::DuckDb => {
            let dir = parquet_dir.unwrap_or("trailscope-parquet");
            let dir = dir.trim_end_matches('/');
            format!(
                "read_parquet({}, hive_partitioning = true)",
                quote(&format!("{dir}/**/*.parquet"))
            )
        }
    }
}

/// The SQL that selects what `filter` selects, from `table` (see [`default_table`]).
pub fn to_sql(filter: &Filter, dialect: Dialect, table: &str) -> Result<String, SqlError> {
    let p = &filter.parsed;
    let mut t = Tr {
        d: dialect,
        leaves: &p.leaves,
        notes: Vec::new(),
    };
    let cond = t.node(&p.root)?;
    let mut wh: Vec<String> = partitions(dialect, &p.root, &p.leaves);
    if cond != "TRUE" || wh.is_empty() {
        wh.push(cond);
    }
    let mut out = String::new();
    let shown: String = filter
        .text()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        // A tool that turns `--` comments into `/* */` ones (sqlglot does) must not see one end
        // or a nested one begin.
        .replace("*/", "* /")
        .replace("/*", "/ *");
    let _ = writeln!(
        out,
        "-- trailscope filter: {}",
        if shown.is_empty() {
            "(every event)"
        } else {
            &shown
        }
    );
    for n in &t.notes {
        let _ = writeln!(out, "-- approximation: {n}");
    }
    let who = match dialect {
        Dialect::Athena => format!("{} AS who", who_expr()),
        Dialect::DuckDb => "who".into(),
    };
    let path = match dialect {
        Dialect::Athena => "\"$path\", ",
        Dialect::DuckDb => "",
    };
    let _ = writeln!(
        out,
        "SELECT {path}eventtime, eventid, eventsource, eventname, {who}, sourceipaddress, errorcode"
    );
    let _ = writeln!(out, "FROM {table}");
    let _ = writeln!(out, "WHERE {}", wh.join("\n  AND "));
    out.push_str("ORDER BY eventtime");
    Ok(out)
}

/// A SQL string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A `LIKE` pattern (with `ESCAPE '\'`) for a glob.
fn like(parts: &[String], start: bool, end: bool) -> String {
    let mut s = String::new();
    if !start {
        s.push('%');
    }
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push('%');
        }
        for c in p.chars() {
            if matches!(c, '%' | '_' | '\\') {
                s.push('\\');
            }
            s.push(c);
        }
    }
    if !end {
        s.push('%');
    }
    s
}

/// `coalesce(x, '')`.
fn nz(x: &str) -> String {
    format!("coalesce({x}, '')")
}

/// The loader's `who` (`loader::extract::who`) over `useridentity`, in Trino's SQL.
pub fn who_expr() -> String {
    let u = |m: &str| nz(&format!("useridentity.{m}"));
    let arn = u("arn");
    let p = u("principalid");
    let issuer = u("sessioncontext.sessionissuer.username");
    let after = |marker: &str| {
        format!(
            "CASE WHEN strpos({arn}, '{marker}') > 0 THEN substr({arn}, strpos({arn}, '{marker}') + {}) END",
            marker.chars().count()
        )
    };
    let ne = |x: &str| format!("nullif({x}, '')");
    let sess = format!("substr({p}, strpos({p}, ':') + 1)");
    let assumed_no_arn = format!(
        "CASE WHEN {issuer} = '' THEN NULL WHEN strpos({p}, ':') = 0 OR {sess} = '' THEN {issuer} ELSE {issuer} || '/' || {sess} END"
    );
    let name = format!(
        "CASE {ty} \
WHEN 'Root' THEN 'root' \
WHEN 'IAMUser' THEN coalesce({user}, CASE WHEN strpos({arn}, ':user/') > 0 THEN regexp_extract({arn}, '[^/]*$') END) \
WHEN 'AssumedRole' THEN coalesce({assumed}, {assumed_no_arn}) \
WHEN 'AWSService' THEN {invoked} \
WHEN 'FederatedUser' THEN {federated} \
WHEN 'IdentityCenterUser' THEN coalesce({user}, {behalf}) \
WHEN 'AWSAccount' THEN coalesce({account}, {principal}) \
ELSE {user} END",
        ty = u("type"),
        user = ne(&u("username")),
        assumed = after(":assumed-role/"),
        invoked = ne(&u("invokedby")),
        federated = after(":federated-user/"),
        behalf = ne(&u("onbehalfof.userid")),
        account = ne(&u("accountid")),
        principal = ne(&p),
    );
    format!(
        "coalesce({name}, {}, {}, {}, '')",
        ne(&arn),
        ne(&p),
        ne(&u("invokedby"))
    )
}

/// The column expression of an interned field.
fn sym_col(d: Dialect, f: SymField) -> String {
    match f {
        SymField::Name => "eventname".into(),
        SymField::Source => "eventsource".into(),
        SymField::Region => "awsregion".into(),
        SymField::Ip => "sourceipaddress".into(),
        SymField::Agent => "useragent".into(),
        SymField::Error => "errorcode".into(),
        SymField::IdentityType => "useridentity.type".into(),
        SymField::Who => match d {
            Dialect::Athena => who_expr(),
            Dialect::DuckDb => "who".into(),
        },
        SymField::Arn => "useridentity.arn".into(),
        SymField::Account => "recipientaccountid".into(),
        SymField::PrincipalAccount => "useridentity.accountid".into(),
        SymField::Key => "useridentity.accesskeyid".into(),
        SymField::Issuer => "useridentity.sessioncontext.sessionissuer.arn".into(),
        SymField::Principal => "useridentity.principalid".into(),
        SymField::EventType => "eventtype".into(),
        SymField::Category => "eventcategory".into(),
        SymField::ErrorMessage => "errormessage".into(),
    }
}

/// The filter language's name of a column field (for messages).
fn field_name(cols: &[SymField]) -> &'static str {
    super::fields::FIELDS
        .iter()
        .find(|f| matches!(f.kind, super::fields::Kind::Column { cols: c, .. } if c == cols))
        .map_or("field", |f| f.name)
}

/// The whole seconds at or after `ms`, as `eventtime` writes them (without the `Z`).
fn secs_text(ms: i64) -> String {
    let s = ms.div_euclid(1000) + i64::from(ms.rem_euclid(1000) != 0);
    crate::model::time::format_in(s * 1000, crate::model::time::Tz::Utc, "%Y-%m-%dT%H:%M:%S")
}

fn day_text(ms: i64, d: Dialect) -> String {
    let fmt = match d {
        Dialect::Athena => "%Y/%m/%d",
        Dialect::DuckDb => "%Y-%m-%d",
    };
    crate::model::time::format_in(ms, crate::model::time::Tz::Utc, fmt)
}

/// Partition predicates implied by the time bounds every match must meet (`after:`/`before:`
/// terms at the top of the filter).
fn partitions(d: Dialect, root: &Node, leaves: &[Leaf]) -> Vec<String> {
    let top: Vec<&Node> = match root {
        Node::And(items) => items.iter().collect(),
        n => vec![n],
    };
    let (mut after, mut before) = (None::<i64>, None::<i64>);
    for n in top {
        if let Node::Leaf(i) = n {
            match leaves[*i] {
                Leaf::After(t) => after = Some(after.map_or(t, |a| a.max(t))),
                Leaf::Before(t) => before = Some(before.map_or(t, |b| b.min(t))),
                _ => {}
            }
        }
    }
    let col = match d {
        Dialect::Athena => "\"timestamp\"",
        Dialect::DuckDb => "\"date\"",
    };
    let mut out = Vec::new();
    if let Some(a) = after {
        out.push(format!("{col} >= {}", quote(&day_text(a, d))));
    }
    if let Some(b) = before {
        // The last day an event before `b` can be on; Athena's folders are the day a file
        // was delivered, which can be a day after its last event.
        let slack = match d {
            Dialect::Athena => 86_400_000,
            Dialect::DuckDb => 0,
        };
        out.push(format!(
            "{col} <= {}",
            quote(&day_text(b.saturating_sub(1) + slack, d))
        ));
    }
    out
}

struct Tr<'a> {
    d: Dialect,
    leaves: &'a [Leaf],
    notes: Vec<String>,
}

impl Tr<'_> {
    fn note(&mut self, n: String) {
        if !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }

    fn node(&mut self, n: &Node) -> Result<String, SqlError> {
        Ok(match n {
            Node::All => "TRUE".into(),
            Node::Leaf(i) => self.leaf(&self.leaves[*i])?,
            Node::Not(x) => format!("NOT ({})", self.node(x)?),
            Node::And(xs) | Node::Or(xs) => {
                let op = if matches!(n, Node::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                let parts = xs
                    .iter()
                    .map(|x| self.node(x).map(|s| format!("({s})")))
                    .collect::<Result<Vec<_>, _>>()?;
                parts.join(op)
            }
        })
    }

    /// `v` (never NULL) matches `pat`.
    fn pattern(&self, v: &str, pat: &Pattern, term: &str) -> Result<String, SqlError> {
        let mut ors = Vec::new();
        let mut exact = Vec::new();
        for a in &pat.alts {
            match a {
                Alt::Empty => ors.push(format!("{v} = ''")),
                Alt::Exact(e) => exact.push(quote(e)),
                Alt::Glob { parts, .. } if parts.is_empty() => ors.push(format!("{v} <> ''")),
                Alt::Glob { parts, start, end } => ors.push(format!(
                    "lower({v}) LIKE {} ESCAPE '\\'",
                    quote(&like(parts, *start, *end))
                )),
                Alt::Cidr { net, prefix } => ors.push(self.cidr(v, *net, *prefix)?),
                Alt::Regex(re) => {
                    return Err(fail(
                        term,
                        format!(
                            "a regular expression ({}) has no portable SQL form",
                            re.0.as_str()
                        ),
                    ))
                }
            }
        }
        match exact.len() {
            0 => {}
            1 => ors.insert(0, format!("lower({v}) = {}", exact[0])),
            _ => ors.insert(0, format!("lower({v}) IN ({})", exact.join(", "))),
        }
        Ok(match ors.len() {
            0 => "FALSE".into(),
            1 => ors.pop().expect("one"),
            _ => ors
                .iter()
                .map(|o| format!("({o})"))
                .collect::<Vec<_>>()
                .join(" OR "),
        })
    }

    fn cidr(&self, v: &str, net: IpAddr, prefix: u8) -> Result<String, SqlError> {
        let masked = mask(net, prefix);
        match (self.d, masked) {
            (Dialect::Athena, _) => Ok(format!(
                "coalesce(contains({}, TRY_CAST({v} AS IPADDRESS)), FALSE)",
                quote(&format!("{masked}/{prefix}"))
            )),
            (Dialect::DuckDb, IpAddr::V4(n)) => {
                // DuckDB has no IP type without its inet extension: the address as a number.
                let lo = u64::from(u32::from(n));
                let hi = lo + ((1u64 << (32 - u32::from(prefix))) - 1);
                let oct = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
                let re = quote(&format!("^(?i:::ffff:)?{oct}\\.{oct}\\.{oct}\\.{oct}$"));
                let g = |i: u8| format!("CAST(regexp_extract({v}, {re}, {i}) AS BIGINT)");
                Ok(format!(
                    "CASE WHEN regexp_matches({v}, {re}) THEN {}*16777216 + {}*65536 + {}*256 + {} BETWEEN {lo} AND {hi} ELSE FALSE END",
                    g(1),
                    g(2),
                    g(3),
                    g(4)
                ))
            }
            (Dialect::DuckDb, IpAddr::V6(_)) => Err(fail(
                format!("ip:{net}/{prefix}"),
                "an IPv6 block needs DuckDB's inet extension, which --sql duckdb does not assume (Athena's text has it: --sql athena)",
            )),
        }
    }

    /// Some element of the array column `col` has a member `member` matching `pat` (an empty
    /// or absent array: the absent value).
    fn any_element(
        &self,
        col: &str,
        member: &str,
        pat: &Pattern,
        term: &str,
    ) -> Result<String, SqlError> {
        let test = self.pattern(&nz(&format!("r.{member}")), pat, term)?;
        let (len, filter) = match self.d {
            Dialect::Athena => ("cardinality", "filter"),
            Dialect::DuckDb => ("len", "list_filter"),
        };
        let some = format!("coalesce({len}({filter}({col}, r -> {test})), 0) > 0");
        Ok(if pat.matches_empty() {
            format!("coalesce({len}({col}), 0) = 0 OR {some}")
        } else {
            some
        })
    }

    fn leaf(&mut self, l: &Leaf) -> Result<String, SqlError> {
        let cannot = |term: &str, why: &str| Err(fail(term, why));
        match l {
            Leaf::Sym { cols, pat } => {
                let term = format!("{}:", field_name(cols));
                let parts = cols
                    .iter()
                    .map(|c| self.pattern(&nz(&sym_col(self.d, *c)), pat, &term))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(if parts.len() == 1 {
                    parts.into_iter().next().expect("one")
                } else {
                    parts
                        .iter()
                        .map(|p| format!("({p})"))
                        .collect::<Vec<_>>()
                        .join(" OR ")
                })
            }
            Leaf::Resource(pat) => self.any_element("resources", "arn", pat, "resource:"),
            Leaf::Id { request, pat } => {
                let (col, term) = if *request {
                    ("requestid", "request:")
                } else {
                    ("eventid", "id:")
                };
                self.pattern(&nz(col), pat, term)
            }
            Leaf::ReadOnly(v) => {
                let t = "'true', 'True', 'TRUE'";
                let f = "'false', 'False', 'FALSE'";
                let r = nz("readonly");
                Ok(match v {
                    Some(true) => format!("{r} IN ({t})"),
                    Some(false) => format!("{r} IN ({f})"),
                    None => format!("{r} NOT IN ({t}, {f})"),
                })
            }
            Leaf::After(t) => Ok(format!(
                "substr({}, 1, 19) >= {}",
                nz("eventtime"),
                quote(&secs_text(*t))
            )),
            Leaf::Before(t) => Ok(format!(
                "substr({e}, 1, 19) < {} AND {e} <> ''",
                quote(&secs_text(*t)),
                e = nz("eventtime")
            )),
            Leaf::Last(_) => cannot(
                "last:",
                "counts back from the newest loaded event, which SQL does not know: use after:TIME",
            ),
            Leaf::Text(needles) => {
                let shown = needles
                    .iter()
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect::<Vec<_>>()
                    .join("|");
                match self.d {
                    Dialect::Athena => Err(fail(
                        format!("{shown} (a bare word)"),
                        "searches the raw record, which CloudTrail's Athena table has no column for: name a field (name:…, requestParameters.x:…)",
                    )),
                    Dialect::DuckDb => Ok(needles
                        .iter()
                        .map(|n| {
                            format!(
                                "contains(lower({}), {})",
                                nz("record"),
                                quote(&String::from_utf8_lossy(n))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" OR ")),
                }
            }
            Leaf::Path { path, pat } => self.path(path, pat),
            Leaf::PathEq(..) => cannot(
                "|fieldref",
                "compares two fields of a record: not translated",
            ),
            Leaf::Lineage { .. } => cannot(
                "lineage:",
                "follows credentials across the loaded events (a graph, not a column): load the events and filter in trailscope",
            ),
            Leaf::Flag(_) => cannot(
                "flag:",
                "comes from the credential graph of the loaded events: not a column",
            ),
            Leaf::Detect { .. } => cannot(
                "rule:/level:/tactic:/technique:/detect:",
                "detection hits are computed by trailscope over loaded events: not a column",
            ),
            Leaf::Insight(_) => cannot(
                "insight:",
                "Local Insights are computed over loaded events: not a column",
            ),
            Leaf::Verified(_) => cannot(
                "verified:",
                "depends on the trail's digest files, not on the records",
            ),
        }
    }

    fn path(&mut self, path: &[PathSeg], pat: &Pattern) -> Result<String, SqlError> {
        let shown = show_path(path);
        let term = format!("{shown}:");
        let Some(PathSeg::Key(first)) = path.first() else {
            return Err(fail(term, "a path starts with a field name"));
        };
        let Some(col) = table::find(table::COLUMNS, first) else {
            return Err(fail(
                term,
                format!("'{first}' is not a column of CloudTrail's Athena table"),
            ));
        };
        let mut expr = col.name().to_string();
        let mut cur = col;
        let mut i = 1;
        let mut exact_case = true;
        loop {
            match (cur, path.get(i)) {
                (Col::Text(_), None) => break,
                (Col::Text(_), Some(_)) => {
                    // A JSON text column: the rest of the path inside it.
                    let mut jp = String::from("$");
                    for s in &path[i..] {
                        match s {
                            PathSeg::Key(k) => {
                                if k.is_empty()
                                    || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                                {
                                    return Err(fail(
                                        term,
                                        format!("the JSON key '{k}' needs quoting in a JSON path, which is not translated"),
                                    ));
                                }
                                jp.push('.');
                                jp.push_str(k);
                            }
                            PathSeg::Index(n) => {
                                let _ = write!(jp, "[{n}]");
                            }
                        }
                    }
                    let f = match self.d {
                        Dialect::Athena => "json_extract_scalar",
                        Dialect::DuckDb => "json_extract_string",
                    };
                    expr = format!("{f}({expr}, {})", quote(&jp));
                    exact_case = false;
                    break;
                }
                (Col::Struct(_, kids), Some(PathSeg::Key(k))) => {
                    let Some(c) = table::find(kids, k) else {
                        return Err(fail(
                            term,
                            format!(
                                "'{}' has no member '{k}' in CloudTrail's Athena table",
                                cur.name()
                            ),
                        ));
                    };
                    expr = format!("{expr}.{}", c.name());
                    cur = c;
                    i += 1;
                }
                (Col::List(_, kids), Some(PathSeg::Index(n))) => {
                    let Some(PathSeg::Key(k)) = path.get(i + 1) else {
                        return Err(fail(
                            term,
                            "a path into resources names a member: resources[0].ARN",
                        ));
                    };
                    let Some(c @ Col::Text(_)) = table::find(kids, k) else {
                        return Err(fail(term, format!("resources have no member '{k}'")));
                    };
                    if path.len() > i + 2 {
                        return Err(fail(term, format!("resources[].{k} is text")));
                    }
                    expr = match self.d {
                        Dialect::Athena => format!("element_at({expr}, {}).{}", n + 1, c.name()),
                        Dialect::DuckDb => format!("{expr}[{}].{}", n + 1, c.name()),
                    };
                    break;
                }
                (Col::List(_, kids), Some(PathSeg::Key(k))) => {
                    // Across the array: any element.
                    let Some(c @ Col::Text(_)) = table::find(kids, k) else {
                        return Err(fail(term, format!("resources have no member '{k}'")));
                    };
                    if path.len() > i + 1 {
                        return Err(fail(term, format!("resources[].{k} is text")));
                    }
                    return self.any_element(&expr, c.name(), pat, &term);
                }
                (Col::Struct(..) | Col::List(..) | Col::Map(_), _) => {
                    return Err(fail(
                        term,
                        format!(
                            "'{}' is a {} in CloudTrail's Athena table: name a text member",
                            cur.name(),
                            match cur {
                                Col::Struct(..) => "struct",
                                Col::List(..) => "list",
                                _ => "map",
                            }
                        ),
                    ))
                }
            }
        }
        if !exact_case {
            self.note(format!(
                "{shown}: JSON keys are compared as typed (trailscope ignores their case), and an array on the way is not searched (give [n])"
            ));
        }
        self.pattern(&nz(&expr), pat, &term)
    }
}

fn show_path(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for (i, p) in path.iter().enumerate() {
        match p {
            PathSeg::Key(k) => {
                if i > 0 {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathSeg::Index(n) => {
                let _ = write!(s, "[{n}]");
            }
        }
    }
    s
}

/// `net` with the bits past `prefix` cleared (Trino wants a network address).
fn mask(net: IpAddr, prefix: u8) -> IpAddr {
    match net {
        IpAddr::V4(a) => {
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6((u128::from(a) & m).into())
        }
    }
}
