//! `trailscope lineage`: the credential graph of one access key or event, headless — up, the
//! chain of credentials back to its root (a long-term key, a console sign-in, an identity
//! provider, a service); down, every credential descending from it, as a tree (root →
//! sessions → sub-sessions), each with its event count, errors, source IPs, time span and flags.
//!
//! Loading, errors, exit codes and the stdout writer are `commands`'; every piece of log text
//! in the text output is escaped (`crate::escape`), and JSON is escaped for a terminal like
//! `query`'s.

use crate::commands::{load_reporting, say, CommandError, Status};
use crate::escape::sanitize;
use crate::loader::{Input, LoadOptions};
use crate::model::lineage::{flag, Chain, Lineage, Node, NodeStats, Root, Tree, Via};
use crate::model::time::format_utc;
use crate::model::{EventStore, Sym, SymField, UNDATED};
use crate::output::{terminal::TerminalJson, OutputError, Target};
use serde_json::{json, Value};
use std::io::{self, IsTerminal, Write};

/// `lineage --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineageFormat {
    /// The chain and the tree, indented.
    #[default]
    Text,
    /// One object: `target`, `root`, `up` (top key first), `down` (pre-order, with `depth`
    /// and `parent` indices).
    Json,
}

/// Which way to walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Direction {
    /// Up and down.
    #[default]
    Both,
    /// Only the chain back to the root.
    Up,
    /// Only the tree of descendants.
    Down,
}

/// What `lineage` was asked.
pub struct LineageArgs<'a> {
    /// An access key id, or `id:EVENTID`.
    pub target: &'a str,
    /// Up, down or both.
    pub direction: Direction,
    /// `--format`.
    pub format: LineageFormat,
}

/// What the target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    Key(Sym),
    Event(usize),
}

/// Finds the key (ASCII case-insensitively) or the event (`id:…`) `text` names.
fn resolve(st: &EventStore, lin: &Lineage, text: &str) -> Option<Start> {
    let text = text.trim();
    if text.len() > 3 && text[..3].eq_ignore_ascii_case("id:") {
        let id = text[3..].to_ascii_lowercase();
        return (0..st.len())
            .find(|&r| st.event_id.get(r).to_ascii_lowercase() == id)
            .map(Start::Event);
    }
    let known = |k: Sym| lin.key(k).is_some() || !lin.issuers(k).is_empty();
    if let Some(k) = st.strings.lookup(text).filter(|&k| known(k)) {
        return Some(Start::Key(k));
    }
    let used = lin.keys().iter().map(|k| k.key);
    let issued = lin.edges().iter().map(|e| e.key);
    used.chain(issued)
        .find(|&k| st.strings.resolve(k).eq_ignore_ascii_case(text))
        .map(Start::Key)
}

/// The chain (up) and the tree (down) of a start, and the stats of every key in either.
struct Walk {
    chain: Option<Chain>,
    down: Option<Tree>,
    /// Stats of `up_nodes` then of `down`'s nodes.
    stats: Vec<NodeStats>,
}

fn walk(st: &EventStore, lin: &Lineage, start: Start, dir: Direction) -> Walk {
    let chain = (dir != Direction::Down).then(|| match start {
        Start::Key(k) => lin.up_key(st, k),
        Start::Event(r) => lin.up(st, r),
    });
    let down = (dir != Direction::Up).then(|| match start {
        Start::Key(k) => lin.down(&[k]),
        Start::Event(r) => lin.down_from_event(r),
    });
    // One pass over the store for every key shown.
    let mut all = Tree::default();
    if let Some(c) = &chain {
        for l in c.links.iter().rev() {
            all.nodes.push(Node {
                key: l.key,
                parent: None,
                depth: 0,
                issued_by: l.issued_by,
            });
        }
    }
    if let Some(t) = &down {
        all.nodes.extend(t.nodes.iter().copied());
    }
    let stats = lin.tree_stats(st, &all);
    Walk { chain, down, stats }
}

/// `trailscope lineage`.
pub fn lineage(
    inputs: Vec<Input>,
    a: &LineageArgs<'_>,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    if a.target.trim().is_empty() {
        return Err(CommandError::Usage(
            "lineage: give an access key id or id:EVENTID".into(),
        ));
    }
    let l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    let st = &l.store;
    let lin = st.lineage();
    let Some(start) = resolve(st, lin, a.target) else {
        say(&format!(
            "no access key or event '{}' in the loaded events",
            a.target
        ));
        return Ok(Status::NoMatch);
    };
    let w = walk(st, lin, start, a.direction);
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let err = |e| OutputError::write(&Target::Stdout, e);
    match a.format {
        LineageFormat::Text => {
            write_text(st, lin, a.target, start, &w, &mut out).map_err(err)?;
        }
        LineageFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(st, lin, a.target, &w))
                .expect("a JSON value serializes");
            text.push('\n');
            if stdout.is_terminal() {
                let mut t = TerminalJson::new(&mut out);
                t.write_all(text.as_bytes()).map_err(err)?;
                t.into_inner().map_err(err)?;
            } else {
                out.write_all(text.as_bytes()).map_err(err)?;
            }
        }
    }
    out.flush().map_err(err)?;
    Ok(if crate::commands::incomplete(&l.report) {
        Status::Incomplete
    } else {
        Status::Ok
    })
}

/// The names of a key's [`flag`] bits.
fn flag_names(bits: u8) -> Vec<&'static str> {
    flag::NAMES
        .iter()
        .filter(|(b, _, _)| bits & b != 0)
        .map(|(_, n, _)| *n)
        .collect()
}

fn time(t: i64) -> String {
    if t == UNDATED {
        "-".into()
    } else {
        format_utc(t)
    }
}

/// `AssumeRole 2023-07-10T11:55:22Z by ec2.amazonaws.com (id …)`.
fn event_line(st: &EventStore, row: u32) -> String {
    let r = row as usize;
    let mut s = format!(
        "{} {} by {}",
        st.str(SymField::Name, r),
        time(st.time.get(r)),
        st.str(SymField::Who, r)
    );
    if !st.event_id.is_none(r) {
        s.push_str(&format!(" (id {})", st.event_id.get(r)));
    }
    s
}

fn root_line(st: &EventStore, root: &Root) -> String {
    match *root {
        Root::LongTermKey => "a long-term access key".into(),
        Root::Console { row } => format!("a console sign-in: {}", event_line(st, row)),
        Root::IdentityProvider { row } => {
            format!("an external identity provider: {}", event_line(st, row))
        }
        Root::Service { row } => format!(
            "the service {}: {}",
            st.str(SymField::Who, row as usize),
            event_line(st, row)
        ),
        Root::Event { row } => format!(
            "an event made without an access key: {}",
            event_line(st, row)
        ),
        Root::Outside => "issued outside the loaded events".into(),
        Root::Cycle => "a cycle: these keys issue each other (forged records?)".into(),
        Root::NoKey => "the event was made without an access key".into(),
    }
}

/// Writes one key: its id and holder, then its use and how it was issued, indented by `pad`.
fn write_key(
    st: &EventStore,
    lin: &Lineage,
    (key, issued_by): (Sym, Option<u32>),
    s: &NodeStats,
    head: &str,
    pad: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut who = String::new();
    if !s.arn.is_none() {
        who = format!("  {}", st.strings.resolve(s.arn));
    }
    writeln!(
        out,
        "{}",
        sanitize(&format!("{head}{}{who}", st.strings.resolve(key)))
    )?;
    let mut use_ = format!(
        "{} event{}, {} error{}",
        s.events,
        if s.events == 1 { "" } else { "s" },
        s.errors,
        if s.errors == 1 { "" } else { "s" }
    );
    if s.first != UNDATED {
        use_.push_str(&format!(", {} .. {}", time(s.first), time(s.last)));
    }
    if !s.ips.is_empty() {
        let shown: Vec<String> = s
            .ips
            .iter()
            .take(5)
            .map(|&(ip, n)| {
                let ip = st.strings.resolve(ip);
                format!("{} ({n})", if ip.is_empty() { "(none)" } else { ip })
            })
            .collect();
        use_.push_str(&format!(", from {}", shown.join(", ")));
        if s.ips.len() > 5 {
            use_.push_str(&format!(" and {} more", s.ips.len() - 5));
        }
    }
    if let Some(info) = lin.key(key) {
        let f = flag_names(info.flags);
        if !f.is_empty() {
            use_.push_str(&format!("; flags: {}", f.join(", ")));
        }
    }
    writeln!(out, "{}", sanitize(&format!("{pad}{use_}")))?;
    if let Some(row) = issued_by {
        let via = lin
            .issuers(key)
            .iter()
            .find(|e| e.row == row)
            .map_or(Via::Response, |e| e.via);
        let how = if via == Via::ConsoleLogin {
            " (a console session: matched by principal and creation time)"
        } else {
            ""
        };
        writeln!(
            out,
            "{}",
            sanitize(&format!("{pad}issued by {}{how}", event_line(st, row)))
        )?;
    }
    Ok(())
}

fn write_text(
    st: &EventStore,
    lin: &Lineage,
    target: &str,
    start: Start,
    w: &Walk,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut k = 0;
    if let Some(c) = &w.chain {
        let what = match start {
            Start::Key(_) => "the key",
            Start::Event(_) => "the credentials it was made with",
        };
        writeln!(
            out,
            "{}",
            sanitize(&format!("UP from {target}: {what}, back to its root"))
        )?;
        writeln!(
            out,
            "{}",
            sanitize(&format!("root: {}", root_line(st, &c.root)))
        )?;
        for (depth, l) in c.links.iter().rev().enumerate() {
            let pad = "  ".repeat(depth + 1);
            write_key(
                st,
                lin,
                (l.key, l.issued_by),
                &w.stats[k],
                &pad,
                &format!("{pad}    "),
                out,
            )?;
            k += 1;
        }
    }
    if let Some(t) = &w.down {
        if w.chain.is_some() {
            writeln!(out)?;
        }
        let what = match start {
            Start::Key(_) => "the key and everything descending from it",
            Start::Event(_) => "the credentials it issued and everything descending from them",
        };
        writeln!(out, "{}", sanitize(&format!("DOWN from {target}: {what}")))?;
        if t.nodes.is_empty() {
            writeln!(out, "(none)")?;
        }
        // Tree guides: whether each node is the last child of its parent.
        let n = t.nodes.len();
        let mut last = vec![true; n];
        for (i, l) in last.iter_mut().enumerate() {
            if let Some(j) = (i + 1..n).find(|&j| t.nodes[j].depth <= t.nodes[i].depth) {
                *l = !(t.nodes[j].depth == t.nodes[i].depth
                    && t.nodes[j].parent == t.nodes[i].parent);
            }
        }
        let mut open: Vec<bool> = Vec::new(); // per depth: more siblings to come
        for (i, node) in t.nodes.iter().enumerate() {
            let d = node.depth as usize;
            open.truncate(d);
            let mut guide = String::new();
            for &o in open.iter().take(d).skip(1) {
                guide.push_str(if o { "│   " } else { "    " });
            }
            let head = if d == 0 {
                String::new()
            } else {
                format!("{guide}{}", if last[i] { "└── " } else { "├── " })
            };
            let cont = if d == 0 {
                "    ".to_string()
            } else {
                format!("{guide}{}    ", if last[i] { "    " } else { "│   " })
            };
            write_key(
                st,
                lin,
                (node.key, node.issued_by),
                &w.stats[k + i],
                &head,
                &cont,
                out,
            )?;
            open.push(!last[i]);
        }
    }
    Ok(())
}

fn event_json(st: &EventStore, row: u32) -> Value {
    let r = row as usize;
    json!({
        "id": (!st.event_id.is_none(r)).then(|| st.event_id.get(r)),
        "name": st.str(SymField::Name, r),
        "time": (st.time.get(r) != UNDATED).then(|| format_utc(st.time.get(r))),
        "who": st.str(SymField::Who, r),
    })
}

fn key_json(
    st: &EventStore,
    lin: &Lineage,
    key: Sym,
    issued_by: Option<u32>,
    s: &NodeStats,
) -> Value {
    let info = lin.key(key);
    let via = issued_by.and_then(|row| {
        lin.issuers(key)
            .iter()
            .find(|e| e.row == row)
            .map(|e| e.via)
    });
    let none_empty = |s: Sym| (!s.is_none()).then(|| st.strings.resolve(s).to_string());
    json!({
        "key": st.strings.resolve(key),
        "arn": none_empty(s.arn),
        "account": none_empty(s.account),
        "events": s.events,
        "errors": s.errors,
        "first": (s.first != UNDATED).then(|| format_utc(s.first)),
        "last": (s.last != UNDATED).then(|| format_utc(s.last)),
        "expiry": lin.expiry(st, key).map(format_utc),
        "ips": s.ips.iter().map(|&(ip, n)| json!({"value": st.strings.resolve(ip), "count": n})).collect::<Vec<_>>(),
        "flags": flag_names(info.map_or(0, |i| i.flags)),
        "issued_by": issued_by.map(|r| {
            let mut e = event_json(st, r);
            e["via"] = json!(if via == Some(Via::ConsoleLogin) { "console-login" } else { "response" });
            e
        }),
    })
}

/// The JSON document of a walk.
fn to_json(st: &EventStore, lin: &Lineage, target: &str, w: &Walk) -> Value {
    let mut doc = json!({ "target": target });
    let mut k = 0;
    if let Some(c) = &w.chain {
        let (kind, row) = match c.root {
            Root::LongTermKey => ("long-term-key", None),
            Root::Console { row } => ("console-login", Some(row)),
            Root::IdentityProvider { row } => ("identity-provider", Some(row)),
            Root::Service { row } => ("service", Some(row)),
            Root::Event { row } => ("event", Some(row)),
            Root::Outside => ("outside", None),
            Root::Cycle => ("cycle", None),
            Root::NoKey => ("no-key", None),
        };
        doc["root"] = json!({ "kind": kind, "event": row.map(|r| event_json(st, r)) });
        let mut up = Vec::new();
        for l in c.links.iter().rev() {
            up.push(key_json(st, lin, l.key, l.issued_by, &w.stats[k]));
            k += 1;
        }
        doc["up"] = Value::Array(up);
    }
    if let Some(t) = &w.down {
        let down: Vec<Value> = t
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut v = key_json(st, lin, n.key, n.issued_by, &w.stats[k + i]);
                v["depth"] = json!(n.depth);
                v["parent"] = json!(n.parent);
                v
            })
            .collect();
        doc["down"] = Value::Array(down);
    }
    doc
}
