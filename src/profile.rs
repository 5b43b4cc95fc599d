//! `trailscope profile`: the identity card of the events matching a filter (first and last
//! seen, events, errors, writes, IPs, agents, regions, accounts, keys, roles assumed and who
//! assumed them, console sign-ins, top event names) — the headless face of `query::profile`.
//!
//! Loading, errors, exit codes and the stdout writer are `commands`'; data text is escaped in
//! the text format (`crate::escape`), and JSON is escaped for a terminal like `query`'s.

use crate::commands::{load_reporting, say, CommandError, Status};
use crate::escape::sanitize;
use crate::loader::{reread::StoreSource, Input, LoadOptions};
use crate::model::time::format_utc;
use crate::output::{terminal::write_json_text, OutputError, Target};
use crate::query::profile::{profile as compute, Count, Profile};
use crate::query::Filter;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::AtomicBool;

/// `profile --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProfileFormat {
    /// Sections for a person to read: the figures, then each list's most frequent values.
    #[default]
    Text,
    /// One object: `events`, `first`, `last`, `errors`, `writes`, `ips`, `agents`, `regions`,
    /// `accounts`, `keys`, `assumed_roles`, `assumed_by`, `top_names` (each list of
    /// `{value, count}`, most first), `logins` (`total`, `successful`, `mfa`,
    /// `successful_without_mfa`) and `detections` (per rule title, the events it flagged).
    Json,
}

/// Values of each list shown in the text format.
pub const TEXT_LIMIT: usize = 10;

/// `trailscope profile`.
pub fn profile(
    inputs: Vec<Input>,
    filter: &str,
    format: ProfileFormat,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    let f = Filter::parse(filter).map_err(|error| CommandError::BadFilter {
        text: filter.to_string(),
        error,
    })?;
    for note in f.notes() {
        say(&format!("note: {note}"));
    }
    let l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    let mut store = l.store;
    // The profile lists the rules that flagged its events.
    let rules_incomplete =
        crate::detect_cmd::add_hits(&mut store, &crate::detect_cmd::RuleArgs::default())?;
    if f.needs_insights() {
        crate::detect::insights::compute_into(&mut store);
    }
    let st = &store;
    let src = StoreSource(st);
    let no = AtomicBool::new(false);
    let outcome = crate::query::run_detailed(st, &f, &src, &no)?;
    let p = compute(st, &outcome.rows, &src, &no)?;
    let mut said = Vec::new();
    for (s, reason) in outcome.unreadable.iter().chain(&p.unreadable) {
        if !said.contains(s) {
            said.push(*s);
            say(&format!("{}: {reason}", st.sources[*s as usize].name()));
        }
    }
    let stdout = io::stdout();
    let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let err = |e| OutputError::write(&Target::Stdout, e);
    match format {
        ProfileFormat::Text => w.write_all(to_text(&p).as_bytes()).map_err(err)?,
        ProfileFormat::Json => {
            let text = to_json(&p);
            write_json_text(&mut w, text.as_bytes(), stdout.is_terminal()).map_err(err)?;
        }
    }
    w.flush().map_err(err)?;
    Ok(
        if crate::commands::incomplete(&l.report)
            || rules_incomplete
            || !outcome.unreadable.is_empty()
            || !p.unreadable.is_empty()
        {
            Status::Incomplete
        } else if p.events == 0 {
            Status::NoMatch
        } else {
            Status::Ok
        },
    )
}

/// The JSON object, keys in the documented order (written by hand: serde_json's maps sort
/// their keys), one list item a line; ends with a newline.
pub fn to_json(p: &Profile) -> String {
    let time = |t: Option<i64>| t.map(format_utc);
    let l = &p.logins;
    let logins = format!(
        "{{\"total\": {}, \"successful\": {}, \"mfa\": {}, \"successful_without_mfa\": {}}}",
        l.total, l.success, l.mfa, l.success_without_mfa
    );
    let fields: [(&str, String); 15] = [
        ("events", j(&p.events)),
        ("first", j(&time(p.first))),
        ("last", j(&time(p.last))),
        ("errors", j(&p.errors)),
        ("writes", j(&p.writes)),
        ("ips", list(&p.ips)),
        ("agents", list(&p.agents)),
        ("regions", list(&p.regions)),
        ("accounts", list(&p.accounts)),
        ("keys", list(&p.keys)),
        ("assumed_roles", list(&p.assumed_roles)),
        ("assumed_by", list(&p.assumed_by)),
        ("top_names", list(&p.top_names)),
        ("logins", logins),
        ("detections", list(&p.detections)),
    ];
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("  \"{k}\": {v}"))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// A list of `{value, count}`, one item a line.
fn list(items: &[Count]) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    let lines: Vec<String> = items
        .iter()
        .map(|c| {
            format!(
                "    {{\"value\": {}, \"count\": {}}}",
                serde_json::to_string(&c.value).expect("a string serializes"),
                c.count
            )
        })
        .collect();
    format!("[\n{}\n  ]", lines.join(",\n"))
}

/// A plain value as JSON text.
fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("a plain value serializes")
}

/// The text form: the figures, then each non-empty list's first [`TEXT_LIMIT`] values.
pub fn to_text(p: &Profile) -> String {
    use crate::format::thousands;
    let mut o = String::new();
    let n = |x: usize| thousands(x as u64);
    let line = |o: &mut String, k: &str, v: String| o.push_str(&format!("{k:<16}{v}\n"));
    line(&mut o, "events", n(p.events));
    let t = |x: Option<i64>| x.map_or_else(|| "-".to_string(), format_utc);
    line(&mut o, "first seen", t(p.first));
    line(&mut o, "last seen", t(p.last));
    line(
        &mut o,
        "errors",
        format!("{} ({:.1}%)", n(p.errors), p.error_rate() * 100.0),
    );
    line(&mut o, "writes", n(p.writes));
    let l = &p.logins;
    if l.total > 0 {
        line(&mut o, "console logins", l.summary());
    }
    let lists = p.lists();
    for (title, list) in lists {
        if list.is_empty() {
            continue;
        }
        o.push_str(&format!("\n{title} ({}):\n", n(list.len())));
        let w = list
            .iter()
            .take(TEXT_LIMIT)
            .map(|c| thousands(c.count as u64).len())
            .max()
            .unwrap_or(1);
        for c in list.iter().take(TEXT_LIMIT) {
            o.push_str(&format!(
                "  {:>w$}  {}\n",
                thousands(c.count as u64),
                sanitize(&c.value)
            ));
        }
        if list.len() > TEXT_LIMIT {
            o.push_str(&format!("  … and {} more\n", n(list.len() - TEXT_LIMIT)));
        }
    }
    o
}
