//! `s3://bucket/prefix` wherever a path is accepted: the flags, the window (from the flags or
//! the filter's own `after:`/`before:`/`last:`), the listing and its estimate, consent above
//! [`CONFIRM_FETCH_BYTES`], and the loader inputs. Fetching and decoding happen in the loader
//! ([`crate::loader::s3`]).

use crate::commands::{say, Chosen, CommandError};
use crate::format::thousands;
use crate::loader::s3::{
    self, cache::DEFAULT_CACHE_BYTES, plan::Window, CacheDir, Estimate, S3Options,
    CONFIRM_FETCH_BYTES, DEFAULT_CONCURRENCY,
};
use crate::loader::Input;
use crate::query::Filter;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The flags of `s3://` inputs (every command).
#[derive(Args, Debug, Clone, Default)]
pub struct S3Args {
    /// s3:// inputs: list only objects that can hold events at or after TIME (RFC 3339,
    /// YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], UTC unless an offset is given) [default: the
    /// filter's after: or last:].
    #[arg(long, global = true, value_name = "TIME")]
    pub after: Option<String>,
    /// s3:// inputs: list only objects that can hold events before TIME [default: the
    /// filter's before:].
    #[arg(long, global = true, value_name = "TIME")]
    pub before: Option<String>,
    /// s3:// inputs: only these accounts (comma-separated).
    #[arg(long, global = true, value_delimiter = ',', value_name = "ID,…")]
    pub account: Vec<String>,
    /// s3:// inputs: only these regions' folders (comma-separated), e.g. us-east-1.
    #[arg(long, global = true, value_delimiter = ',', value_name = "REGION,…")]
    pub region: Vec<String>,
    /// s3:// inputs: the AWS CLI profile whose credentials to use (read through `aws configure
    /// export-credentials`: keys, roles, IAM Identity Center/SSO) [default: AWS_PROFILE].
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// s3:// inputs: an S3-compatible endpoint (path-style requests; http:// allowed).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// s3:// inputs: anonymous requests (public buckets); no credentials are looked for.
    #[arg(long, global = true)]
    pub no_sign_request: bool,
    /// s3:// inputs: the cache of fetched objects [default: $XDG_CACHE_HOME/trailscope/s3 or
    /// ~/.cache/trailscope/s3].
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// s3:// inputs: keep fetched objects only while trailscope runs (a temporary folder).
    #[arg(long, global = true, conflicts_with = "cache_dir")]
    pub no_cache: bool,
    /// s3:// inputs: the cache's bound; the least recently used objects go past it.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = DEFAULT_CACHE_BYTES)]
    pub cache_size: u64,
    /// s3:// inputs: how long after an event its file may be delivered (90s, 30m, 2h, …): files
    /// stamped up to the window end plus this are listed.
    #[arg(long, global = true, value_name = "DURATION", default_value = "1h")]
    pub slack: String,
    /// s3:// inputs: GET requests in flight.
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_CONCURRENCY,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub s3_requests: usize,
    /// s3:// inputs: fetch even when more than --ask-above must be fetched (the explorer asks).
    #[arg(long, global = true)]
    pub yes: bool,
    /// s3:// inputs: above this many bytes to fetch, the explorer asks first and headless
    /// commands need --yes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = CONFIRM_FETCH_BYTES)]
    pub ask_above: u64,
}

/// The temporary caches of `--no-cache`, removed by [`cleanup`].
static TEMP: Mutex<Vec<tempfile::TempDir>> = Mutex::new(Vec::new());

/// Removes the temporary caches of `--no-cache` (at exit, once nothing re-reads them).
pub fn cleanup() {
    TEMP.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

fn is_s3(p: &std::path::Path) -> bool {
    p.to_str().is_some_and(|s| s.starts_with("s3://"))
}

/// A time of `--after`/`--before`, read as the filter reads `after:`.
fn flag_time(flag: &str, v: &str) -> Result<i64, CommandError> {
    Filter::parse(&format!("after:\"{}\"", v.replace('"', "")))
        .ok()
        .and_then(|f| f.time_bounds().0)
        .ok_or_else(|| {
            CommandError::Usage(format!(
                "--{flag}: bad time '{v}' (expected RFC 3339, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])"
            ))
        })
}

/// The window to list: the flags, else the filter's top-level `after:`/`before:`/`last:`
/// (`last:` counted back from now: a live trail's newest delivery is minutes old).
pub fn window(a: &S3Args, filter: &str, now_ms: i64) -> Result<Window, CommandError> {
    let (mut after, mut before, last) = Filter::parse(filter)
        .map(|f| f.time_bounds())
        .unwrap_or_default();
    if let Some(l) = last {
        let from_now = now_ms - l;
        after = Some(after.map_or(from_now, |a| a.max(from_now)));
    }
    if let Some(v) = &a.after {
        after = Some(flag_time("after", v)?);
    }
    if let Some(v) = &a.before {
        before = Some(flag_time("before", v)?);
    }
    let slack_ms = Filter::parse(&format!("last:{}", a.slack.trim()))
        .ok()
        .and_then(|f| f.time_bounds().2)
        .ok_or_else(|| {
            CommandError::Usage(format!(
                "--slack: bad duration '{}' (expected e.g. 90s, 30m, 2h)",
                a.slack
            ))
        })?;
    if let (Some(x), Some(y)) = (after, before) {
        if x >= y {
            return Err(CommandError::Usage(
                "the window is empty: its start is not before its end".into(),
            ));
        }
    }
    Ok(Window {
        after,
        before,
        slack_ms,
        accounts: a.account.clone(),
        regions: a.region.clone(),
    })
}

/// Bytes as people read them: 1.5 GB, 277.0 MB, 12.3 kB.
pub fn human_bytes(n: u64) -> String {
    let f = n as f64;
    if f >= 1e9 {
        format!("{:.1} GB", f / 1e9)
    } else if f >= 1e6 {
        format!("{:.1} MB", f / 1e6)
    } else if f >= 1e3 {
        format!("{:.1} kB", f / 1e3)
    } else {
        format!("{n} bytes")
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The estimate line: objects (cached), compressed bytes, to fetch, expected events and memory.
pub fn estimate_line(
    url: &str,
    e: &Estimate,
    listings: usize,
    accounts: usize,
    regions: usize,
) -> String {
    format!(
        "{url}: {} objects ({} cached), {} compressed, {} to fetch; about {} events, {} of memory ({}, {}, {})",
        thousands(e.objects as u64),
        thousands(e.cached as u64),
        human_bytes(e.bytes),
        human_bytes(e.fetch_bytes),
        thousands(e.events),
        human_bytes(e.memory),
        plural(accounts, "account"),
        plural(regions, "region"),
        plural(listings, "listing")
    )
}

/// The options for `a` (the cache folder made for `--no-cache`).
pub fn options(a: &S3Args, window: Window, digests: bool) -> Result<S3Options, CommandError> {
    let cache = if a.no_cache {
        let t = tempfile::Builder::new()
            .prefix("trailscope-s3-")
            .tempdir()
            .map_err(|e| {
                CommandError::Usage(format!(
                    "--no-cache: cannot make a temporary folder: {}",
                    crate::loader::decode::io_reason(&e)
                ))
            })?;
        let p = t.path().to_path_buf();
        TEMP.lock().unwrap_or_else(|e| e.into_inner()).push(t);
        CacheDir::Temp(p)
    } else {
        match a.cache_dir.clone().or_else(s3::cache::default_root) {
            Some(p) => CacheDir::Dir(p),
            None => {
                return Err(CommandError::Usage(
                    "no cache folder for s3:// inputs (set XDG_CACHE_HOME or HOME, or give --cache-dir or --no-cache)".into(),
                ))
            }
        }
    };
    Ok(S3Options {
        endpoint: a.endpoint_url.clone(),
        no_sign: a.no_sign_request,
        profile: a.profile.clone(),
        window,
        cache,
        cache_bytes: a.cache_size,
        concurrency: a.s3_requests,
        digests,
    })
}

/// Asks on the terminal whether to go ahead; false when there is no terminal to ask on.
fn ask(question: &str) -> bool {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return false;
    }
    let _ = write!(
        std::io::stderr(),
        "trailscope: {} [y/N] ",
        crate::escape::sanitize(question)
    );
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    matches!(line.trim(), "y" | "Y" | "yes")
}

/// Lists every `s3://` input of `chosen` and turns it into a loader input, after saying what it
/// will cost (and, above `--ask-above` to fetch, asking in the explorer or needing
/// `--yes`). `filter` gives the window when the flags do not. An input that cannot be listed is
/// reported and left out; none left is an error.
pub fn resolve(
    chosen: Chosen,
    a: &S3Args,
    explorer: bool,
    filter: &str,
) -> Result<Chosen, CommandError> {
    let any = chosen
        .inputs
        .iter()
        .any(|i| matches!(i, Input::Path(p) if is_s3(p)));
    if !any {
        return Ok(chosen);
    }
    let window = window(a, filter, crate::model::time::now_ms())?;
    let opts = options(a, window, false)?;
    let mut inputs = Vec::new();
    let mut last_error = None;
    for input in chosen.inputs {
        let url = match &input {
            Input::Path(p) if is_s3(p) => p.to_string_lossy().into_owned(),
            _ => {
                inputs.push(input);
                continue;
            }
        };
        let p = match s3::prepare(&url, &opts) {
            Ok(p) => p,
            Err(e) => {
                say(&e);
                last_error = Some(e);
                continue;
            }
        };
        consent(&url, &p, a, explorer)?;
        inputs.push(Input::S3(Arc::new(p)));
    }
    if inputs.is_empty() {
        return Err(CommandError::Usage(
            last_error.unwrap_or_else(|| "no input".into()),
        ));
    }
    Ok(Chosen {
        inputs,
        title: chosen.title,
    })
}

/// `verify` over `s3://` inputs: lists logs and digests, fetches them into the cache, and gives
/// the cached files (each keeps its key's path, which digests name) in place of each URL. An
/// object that cannot be fetched is reported; verify then counts it as missing.
pub fn fetch_for_verify(paths: &[PathBuf], a: &S3Args) -> Result<Vec<PathBuf>, CommandError> {
    if !paths.iter().any(|p| is_s3(p)) {
        return Ok(paths.to_vec());
    }
    let window = window(a, "", crate::model::time::now_ms())?;
    let opts = options(a, window, true)?;
    let mut out = Vec::new();
    for p in paths {
        if !is_s3(p) {
            out.push(p.clone());
            continue;
        }
        let url = p.to_string_lossy().into_owned();
        let prepared = Arc::new(s3::prepare(&url, &opts).map_err(CommandError::Usage)?);
        consent(&url, &prepared, a, false)?;
        let fetch = prepared.start();
        let never = std::sync::atomic::AtomicBool::new(false);
        for item in &fetch.items {
            match item.ready.wait(&never) {
                Ok(()) => out.push(item.path.clone()),
                Err(e) => say(&format!("{}: {e}", item.name)),
            }
        }
    }
    Ok(out)
}

/// Says the estimate; above `--ask-above` to fetch, asks (the explorer) or needs
/// `--yes`.
fn consent(url: &str, p: &s3::Prepared, a: &S3Args, explorer: bool) -> Result<(), CommandError> {
    let e = p.estimate();
    let (accounts, regions) = s3::plan::folder_counts(&p.plan);
    say(&estimate_line(url, &e, p.plan.listings, accounts, regions));
    if e.needs_consent(a.ask_above) && !a.yes {
        let over = format!(
            "{url}: {} to fetch (more than {})",
            human_bytes(e.fetch_bytes),
            human_bytes(a.ask_above)
        );
        if !(explorer && ask(&format!("{over}; fetch it?"))) {
            return Err(CommandError::Usage(format!(
                "{over}: pass --yes to fetch it, or narrow it with --after/--before/--account/--region"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> S3Args {
        S3Args {
            slack: "1h".into(),
            ask_above: CONFIRM_FETCH_BYTES,
            ..Default::default()
        }
    }

    const H: i64 = 3_600_000;

    #[test]
    fn the_window_comes_from_the_flags_else_the_filter() {
        let t0 = 1_800_000_000_000; // 2027-01-15T08:00:00Z
        let w = window(&args(), "", t0).unwrap();
        assert_eq!((w.after, w.before, w.slack_ms), (None, None, H));
        let w = window(
            &args(),
            "name:GetObject after:2026-11-02 before:2026-11-02T13:00",
            t0,
        )
        .unwrap();
        assert_eq!(w.after, Some(1_793_577_600_000));
        assert_eq!(w.before, Some(1_793_577_600_000 + 13 * H));
        // last: counts back from now.
        let w = window(&args(), "last:2h", t0).unwrap();
        assert_eq!(w.after, Some(t0 - 2 * H));
        // Under an OR the filter bounds nothing.
        let w = window(&args(), "after:2026-11-02 OR name:x", t0).unwrap();
        assert_eq!(w.after, None);
        // The flags win.
        let a = S3Args {
            after: Some("2026-11-03T00:00:00Z".into()),
            slack: "30m".into(),
            ..args()
        };
        let w = window(&a, "after:2026-11-02", t0).unwrap();
        assert_eq!((w.after, w.slack_ms), (Some(1_793_664_000_000), H / 2));
    }

    #[test]
    fn bad_windows_are_said() {
        let a = S3Args {
            after: Some("yesterday".into()),
            ..args()
        };
        let e = window(&a, "", 0).unwrap_err().to_string();
        assert!(e.contains("--after: bad time 'yesterday'"), "{e}");
        let a = S3Args {
            slack: "1 hour".into(),
            ..args()
        };
        assert!(window(&a, "", 0)
            .unwrap_err()
            .to_string()
            .contains("--slack"));
        let a = S3Args {
            after: Some("2026-11-03".into()),
            before: Some("2026-11-02".into()),
            ..args()
        };
        assert!(window(&a, "", 0).unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn estimates_and_consent() {
        let item = |size, cached| s3::Item {
            obj: s3::plan::Obj {
                key: "k".into(),
                size,
                etag: None,
            },
            name: "s3://b/k".into(),
            path: "/c/k".into(),
            cached,
        };
        let e = Estimate::of(&[item(277_000_000, false), item(277_000, true)]);
        assert_eq!(e.objects, 2);
        assert_eq!(e.cached, 1);
        assert_eq!(e.events, 1_001_000);
        assert_eq!(e.memory, 1_001_000 * s3::STORE_BYTES_PER_EVENT);
        assert!(!e.needs_consent(CONFIRM_FETCH_BYTES));
        assert!(e.needs_consent(1000));
        assert!(Estimate::of(&[item(2 << 30, false)]).needs_consent(CONFIRM_FETCH_BYTES));
        assert!(!Estimate::of(&[item(2 << 30, true)]).needs_consent(CONFIRM_FETCH_BYTES));
        assert_eq!(
            estimate_line("s3://b", &e, 5, 1, 2),
            "s3://b: 2 objects (1 cached), 277.3 MB compressed, 277.0 MB to fetch; about 1,001,000 events, 100.1 MB of memory (1 account, 2 regions, 5 listings)"
        );
    }
}
