//! `trailscope detect` and `trailscope rules`: the detection engine headless.
//!
//! `detect` loads the trails, runs every active rule once, and prints one line per hit (or one
//! JSON object per line); `rules` lists every rule loaded, off by default, or refused, with the
//! reason. Rule text and matched fields are attacker-controlled: the table escapes every cell
//! (`crate::escape`), JSON on a terminal is escaped like `query`'s.

use crate::commands::{load_reporting, say, CommandError, Status};
use crate::detect::{self, RuleOptions, RuleSet};
use crate::escape::sanitize;
use crate::loader::{reread::StoreSource, Input, LoadOptions};
use crate::model::{time::format_utc, EventStore, Hit, RuleMeta, SymField, UNDATED};
use crate::output::{terminal::write_json_text, OutputError, Target};
use crate::query::{self, Filter};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// The rule options shared by `detect`, `rules` and the explorer.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// A folder of Sigma rule files (.yml/.yaml, searched recursively) to load beside the
    /// bundled pack; may be given several times. $XDG_CONFIG_HOME/trailscope/rules (or
    /// ~/.config/trailscope/rules) is always read when it exists.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave the bundled pack (SigmaHQ's and trailscope's rules) out.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Also run the bundled rules that are off by default (`trailscope rules` says why).
    #[arg(long)]
    pub all_rules: bool,
}

impl RuleArgs {
    /// The engine's options: the config directory's folder (when it exists), then `--rules`.
    pub fn options(&self) -> RuleOptions {
        let mut dirs = Vec::new();
        if let Some(d) = detect::config_rules_dir() {
            if d.is_dir() {
                dirs.push(d);
            }
        }
        dirs.extend(self.rules.iter().cloned());
        RuleOptions {
            no_default_rules: self.no_default_rules,
            dirs,
            all_rules: self.all_rules,
        }
    }
}

/// `--format` of `detect` and `rules`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DetectFormat {
    /// Aligned text, one line per hit (or rule).
    #[default]
    Table,
    /// JSON Lines: one object per hit (or rule).
    Json,
}

/// Loads the rules and says every broken file on stderr (`file:line:col: why`); true when
/// some file was broken.
fn load_rules(args: &RuleArgs) -> (RuleSet, bool) {
    let set = RuleSet::load(&args.options());
    for e in &set.errors {
        say(&e.to_string());
    }
    let broken = !set.errors.is_empty();
    (set, broken)
}

/// Runs the rules of `args` over `store` and keeps their hits in it (for headless commands
/// whose filter has detection terms, and the profile's detections): broken rule files and
/// sources that could not be re-read are said on stderr. True when something was said that
/// makes the result incomplete (a source not read).
pub fn add_hits(store: &mut EventStore, args: &RuleArgs) -> Result<bool, CommandError> {
    let (rules, _) = load_rules(args);
    let no = AtomicBool::new(false);
    let found = rules.run(store, &StoreSource(store), &no, 0)?;
    for (s, reason) in &found.unreadable {
        say(&format!("{}: {reason}", store.sources[*s as usize].name()));
    }
    let incomplete = !found.unreadable.is_empty();
    store.set_hits(found.hits);
    Ok(incomplete)
}

/// One hit, ready to print.
struct Line<'a> {
    rule: &'a RuleMeta,
    hit: &'a Hit,
}

fn who(st: &EventStore, r: usize) -> &str {
    st.str(SymField::Who, r)
}

fn time_text(st: &EventStore, r: usize) -> String {
    let t = st.time.get(r);
    if t == UNDATED {
        "-".to_string()
    } else {
        format_utc(t)
    }
}

/// `trailscope detect`.
pub fn detect(
    inputs: Vec<Input>,
    filter_text: &str,
    args: &RuleArgs,
    format: DetectFormat,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    let filter = Filter::parse(filter_text).map_err(|error| CommandError::BadFilter {
        text: filter_text.to_string(),
        error,
    })?;
    for note in filter.notes() {
        say(&format!("note: {note}"));
    }
    let (rules, broken) = load_rules(args);
    let l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    let mut store = l.store;
    let no = AtomicBool::new(false);
    let found = rules.run(&store, &StoreSource(&store), &no, 0)?;
    let unreadable = found.unreadable;
    store.set_hits(found.hits);
    let st = &store;
    let src = StoreSource(st);
    for (s, reason) in &unreadable {
        say(&format!("{}: {reason}", st.sources[*s as usize].name()));
    }
    let keep: Option<Vec<u32>> = if filter.is_empty() {
        None
    } else {
        let o = query::run_detailed(st, &filter, &src, &no)?;
        for (s, reason) in &o.unreadable {
            say(&format!("{}: {reason}", st.sources[*s as usize].name()));
        }
        let mut rows = o.rows;
        rows.sort_unstable();
        Some(rows)
    };
    let hits = st.hits();
    let mut lines: Vec<Line<'_>> = hits
        .rules
        .iter()
        .flat_map(|rh| {
            rh.hits.iter().map(move |hit| Line {
                rule: &rh.rule,
                hit,
            })
        })
        .filter(|l| {
            keep.as_ref()
                .is_none_or(|k| k.binary_search(&l.hit.row).is_ok())
        })
        .collect();
    lines.sort_by(|a, b| {
        (st.time.get(a.hit.row as usize), a.hit.row, &a.rule.id).cmp(&(
            st.time.get(b.hit.row as usize),
            b.hit.row,
            &b.rule.id,
        ))
    });
    let stdout = io::stdout();
    let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let err = |e| OutputError::write(&Target::Stdout, e);
    match format {
        DetectFormat::Table => {
            for l in &lines {
                w.write_all(table_line(st, l).as_bytes()).map_err(err)?;
            }
        }
        DetectFormat::Json => {
            let mut text = String::new();
            for l in &lines {
                text.push_str(&json_line(st, l).to_string());
                text.push('\n');
            }
            write_json_text(&mut w, text.as_bytes(), stdout.is_terminal()).map_err(err)?;
        }
    }
    w.flush().map_err(err)?;
    Ok(
        if broken || crate::commands::incomplete(&l.report) || !unreadable.is_empty() {
            Status::Incomplete
        } else if lines.is_empty() {
            Status::NoMatch
        } else {
            Status::Ok
        },
    )
}

/// `time  rule-id  level  tactic  who  event  ip  eventID  title (author)[  N events]`, every
/// cell escaped.
fn table_line(st: &EventStore, l: &Line<'_>) -> String {
    let r = l.hit.row as usize;
    let tactic = l.rule.tactics.first().map(String::as_str).unwrap_or("-");
    let mut cells = vec![
        time_text(st, r),
        l.rule.id.clone(),
        l.rule.level.name().to_string(),
        tactic.to_string(),
        who(st, r).to_string(),
        st.str(SymField::Name, r).to_string(),
        st.str(SymField::Ip, r).to_string(),
        st.event_id.get(r),
        format!("{} (author: {})", l.rule.title, l.rule.author),
    ];
    if !l.hit.events.is_empty() {
        let mut agg = format!("{} events", l.hit.events.len());
        if let Some(g) = &l.hit.group {
            agg.push_str(&format!(" by {g}"));
        }
        cells.push(agg);
    }
    let mut out = cells
        .iter()
        .map(|c| {
            let c = if c.is_empty() { "-" } else { c.as_str() };
            sanitize(c).into_owned()
        })
        .collect::<Vec<_>>()
        .join("  ");
    out.push('\n');
    out
}

/// The JSON object of one hit.
fn json_line(st: &EventStore, l: &Line<'_>) -> serde_json::Value {
    let r = l.hit.row as usize;
    let mut v = serde_json::json!({
        "time": time_text(st, r),
        "rule": l.rule.id,
        "title": l.rule.title,
        "level": l.rule.level.name(),
        "tactics": l.rule.tactics,
        "techniques": l.rule.techniques,
        "who": who(st, r),
        "name": st.str(SymField::Name, r),
        "ip": st.str(SymField::Ip, r),
        "id": st.event_id.get(r),
        "author": l.rule.author,
        "origin": l.rule.origin.name(),
    });
    if !l.hit.events.is_empty() {
        let ids: Vec<String> = l
            .hit
            .events
            .iter()
            .map(|&e| st.event_id.get(e as usize))
            .collect();
        v["count"] = serde_json::json!(ids.len());
        v["events"] = serde_json::json!(ids);
        if let Some(g) = &l.hit.group {
            v["group"] = serde_json::json!(g);
        }
    }
    v
}

/// `trailscope rules`.
pub fn rules(args: &RuleArgs, format: DetectFormat) -> Result<Status, CommandError> {
    let (set, broken) = load_rules(args);
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for r in &set.rules {
        let state = if !r.standalone {
            "part of a correlation"
        } else if r.enabled {
            "on"
        } else {
            "off"
        };
        rows.push(serde_json::json!({
            "state": state,
            "id": r.meta.id,
            "title": r.meta.title,
            "level": r.meta.level.name(),
            "origin": r.meta.origin.name(),
            "tactics": r.meta.tactics,
            "techniques": r.meta.techniques,
            "author": r.meta.author,
            "license": r.meta.license,
            "file": r.meta.file,
            "link": r.meta.link,
            "aggregate": r.is_aggregate(),
            "reason": r.note,
        }));
    }
    for r in &set.refused {
        rows.push(serde_json::json!({
            "state": "refused",
            "id": r.id,
            "title": r.title,
            "file": r.file,
            "line": r.line,
            "reason": r.reason,
        }));
    }
    for e in &set.errors {
        rows.push(serde_json::json!({
            "state": "error",
            "file": e.file,
            "line": e.line,
            "reason": e.message,
        }));
    }
    let stdout = io::stdout();
    let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let err = |e| OutputError::write(&Target::Stdout, e);
    match format {
        DetectFormat::Table => {
            let (on, off, refused) = (
                set.active().count(),
                set.rules.iter().filter(|r| !r.enabled).count(),
                set.refused.len(),
            );
            let head = format!(
                "{on} rules on, {off} off by default, {refused} refused, {} broken files\n",
                set.errors.len()
            );
            w.write_all(head.as_bytes()).map_err(err)?;
            for v in &rows {
                let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
                let mut cells = vec![s("state"), s("level"), s("origin"), s("id"), s("title")];
                let tactics: Vec<&str> = v["tactics"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                cells.push(tactics.join(","));
                let author = s("author");
                if !author.is_empty() {
                    cells.push(format!("author: {author}"));
                }
                let reason = s("reason");
                if !reason.is_empty() {
                    let at = match v["line"].as_u64() {
                        Some(n) => format!("{}:{n}: ", s("file")),
                        None if s("state") == "refused" => format!("{}: ", s("file")),
                        None => String::new(),
                    };
                    cells.push(format!("{at}{reason}"));
                }
                let line = cells
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            "-".into()
                        } else {
                            sanitize(c).into_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ");
                w.write_all(line.as_bytes()).map_err(err)?;
                w.write_all(b"\n").map_err(err)?;
            }
        }
        DetectFormat::Json => {
            let mut text = String::new();
            for v in &rows {
                text.push_str(&v.to_string());
                text.push('\n');
            }
            write_json_text(&mut w, text.as_bytes(), stdout.is_terminal()).map_err(err)?;
        }
    }
    w.flush().map_err(err)?;
    Ok(if broken {
        Status::Incomplete
    } else {
        Status::Ok
    })
}
