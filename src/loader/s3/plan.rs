//! The listing plan for an `s3://bucket/prefix` input: pure code over a [`Lister`], so that it is
//! unit-tested against an in-memory bucket.
//!
//! CloudTrail writes `[prefix/]AWSLogs/[o-…/]<account>/CloudTrail/<region>/YYYY/MM/DD/
//! <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`, the time stamp being the
//! delivery time (UTC, to the minute) and the date folder that stamp's date. Under one
//! `…/CloudTrail/<region>/` folder, key order is therefore delivery order, across days. The plan:
//!
//! 1. find the account/region folders with delimiter listings (`AWSLogs/`, the organisation
//!    level `o-…/` when there is one, accounts, `CloudTrail/`, regions), keeping only the
//!    `--account`s and `--region`s asked for;
//! 2. in each, list from `StartAfter` = `YYYY/MM/DD/<account>_CloudTrail_<region>_<window start,
//!    to the minute>Z` (a file's stamp is never before the events inside it), and stop at the
//!    first file stamped past the window end plus the slack (AWS: a file can hold records
//!    written at any point before its stamp; CloudTrail delivers within about 5 minutes on
//!    average; [`DEFAULT_SLACK_MS`] is 1 hour);
//! 3. list the digest folders (`…/CloudTrail-Digest/<region>/`) separately, whole days from the
//!    window start's day to the day of the window end plus slack plus an hour (a digest is
//!    written up to an hour after the files it covers).
//!
//! Without a window every object under the folders is listed (one paged listing per folder).

use std::collections::BTreeSet;

/// Default slack past the window end: 1 hour.
pub const DEFAULT_SLACK_MS: i64 = 3_600_000;
/// How long after the files it covers a digest may be written (CloudTrail: hourly).
const DIGEST_DELAY_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// One object as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obj {
    /// Its key.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its ETag (quotes included, as S3 gives it), when the server gave one.
    pub etag: Option<String>,
}

/// What a listing can do; implemented over object_store for real buckets and over a sorted map
/// in the tests.
pub trait Lister {
    /// The "folders" right under `prefix` (which ends in `/` or is empty), each ending in `/`.
    fn dirs(&mut self, prefix: &str) -> Result<Vec<String>, String>;
    /// The objects under `prefix` in key order, strictly after `start_after` when given, until
    /// `more` returns false for one (that one is not kept).
    fn objects(
        &mut self,
        prefix: &str,
        start_after: Option<&str>,
        more: &mut dyn FnMut(&Obj) -> bool,
    ) -> Result<Vec<Obj>, String>;
}

/// `s3://bucket/prefix`, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Url {
    /// The bucket.
    pub bucket: String,
    /// The prefix, without a leading `/`; empty or ending in `/`.
    pub prefix: String,
}

impl S3Url {
    /// Parses `s3://bucket[/prefix]`; `None` when `s` does not start with `s3://`.
    pub fn parse(s: &str) -> Option<Result<S3Url, String>> {
        let rest = s.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let ok_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !ok_bucket {
            return Some(Err(format!(
                "{s}: not a bucket name (3 to 63 of a-z, 0-9, '.', '-')"
            )));
        }
        let mut prefix = prefix.trim_start_matches('/').to_string();
        if !prefix.is_empty() && !prefix.ends_with('/') {
            prefix.push('/');
        }
        if prefix.split('/').any(|p| p == "." || p == "..") || prefix.contains("//") {
            return Some(Err(format!("{s}: a prefix with '.', '..' or '//' parts")));
        }
        Some(Ok(S3Url {
            bucket: bucket.into(),
            prefix,
        }))
    }
}

/// Which objects can hold the asked events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Events at or after this time (ms since the epoch).
    pub after: Option<i64>,
    /// Events strictly before this time.
    pub before: Option<i64>,
    /// How long after an event its file may be stamped (ms).
    pub slack_ms: i64,
    /// Only these accounts (empty: all).
    pub accounts: Vec<String>,
    /// Only these regions (empty: all).
    pub regions: Vec<String>,
}

/// One `…/CloudTrail/<region>/` folder (or its digest twin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    /// The folder's prefix, ending in `/`.
    pub prefix: String,
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
}

/// What to fetch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Log files, folder by folder, in key order.
    pub logs: Vec<Obj>,
    /// Digest files (for `verify`).
    pub digests: Vec<Obj>,
    /// The log folders listed.
    pub folders: Vec<Folder>,
    /// Listing requests made (delimiter listings and object listings; pages not counted).
    pub listings: usize,
}

/// `YYYYMMDDTHHmm` of a time (UTC, to the minute), and the `YYYY/MM/DD/` folder of it.
fn stamp_parts(ms: i64) -> (String, String) {
    let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    (
        t.format("%Y%m%dT%H%M").to_string(),
        t.format("%Y/%m/%d/").to_string(),
    )
}

/// The delivery stamp of a CloudTrail log file name (`…_YYYYMMDDTHHmmZ_…`), in ms.
pub fn name_stamp(key: &str) -> Option<i64> {
    let name = key.rsplit('/').next()?;
    let mut parts = name.split('_');
    // account, "CloudTrail", region, stamp, …
    let stamp = parts.nth(3)?;
    let s = stamp.strip_suffix('Z')?;
    let t = chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M").ok()?;
    Some(t.and_utc().timestamp_millis())
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn last_part(dir: &str) -> &str {
    dir.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// The account folders (`…/<account>/`) under `prefix`, found as CloudTrail lays them out.
fn account_dirs(l: &mut dyn Lister, prefix: &str, plan: &mut Plan) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = prefix.trim_end_matches('/').split('/').collect();
    match parts.iter().rposition(|p| *p == "AWSLogs") {
        // Given down to an account (or deeper: handled by the caller).
        Some(i) if parts.len() > i + 1 && is_account(parts[parts.len() - 1]) => {
            Ok(vec![prefix.to_string()])
        }
        Some(i) if parts.len() == i + 2 && parts[i + 1].starts_with("o-") => {
            plan.listings += 1;
            Ok(l.dirs(prefix)?
                .into_iter()
                .filter(|d| is_account(last_part(d)))
                .collect())
        }
        Some(i) if parts.len() == i + 1 => {
            plan.listings += 1;
            let mut out = Vec::new();
            for d in l.dirs(prefix)? {
                let p = last_part(&d);
                if is_account(p) {
                    out.push(d);
                } else if p.starts_with("o-") {
                    plan.listings += 1;
                    out.extend(l.dirs(&d)?.into_iter().filter(|d| is_account(last_part(d))));
                }
            }
            Ok(out)
        }
        Some(_) => Err(format!(
            "{prefix}: expected AWSLogs/[o-…/]<account>/[CloudTrail/<region>/…]"
        )),
        None => account_dirs(l, &format!("{prefix}AWSLogs/"), plan),
    }
}

/// Lists what `window` needs under `url`'s prefix.
pub fn plan(l: &mut dyn Lister, url: &S3Url, window: &Window) -> Result<Plan, String> {
    let mut plan = Plan::default();
    let prefix = url.prefix.as_str();
    let parts: Vec<&str> = prefix.trim_end_matches('/').split('/').collect();
    let at = parts.iter().rposition(|p| *p == "AWSLogs");
    // Given at or below `…/<account>/CloudTrail/`: the folders are known, in part or whole.
    if let Some(i) = at {
        let org = parts.get(i + 1).is_some_and(|p| p.starts_with("o-")) as usize;
        let ct = i + 2 + org; // index of "CloudTrail"
        if parts.len() > ct {
            if parts[ct] != "CloudTrail" {
                return Err(format!(
                    "{prefix}: expected …/<account>/CloudTrail/ (digests are listed beside the logs)"
                ));
            }
            let account = parts[ct - 1].to_string();
            let root = parts[..=ct].join("/") + "/";
            let regions: Vec<String> = if parts.len() > ct + 1 {
                vec![parts[ct + 1].to_string()]
            } else {
                plan.listings += 1;
                l.dirs(&root)?.iter().map(|d| last_part(d).into()).collect()
            };
            for region in regions {
                if !window.regions.is_empty() && !window.regions.contains(&region) {
                    continue;
                }
                let folder = Folder {
                    prefix: format!("{root}{region}/"),
                    account: account.clone(),
                    region,
                };
                // Deeper than the region (a day, a file name): everything under it.
                if parts.len() > ct + 2 {
                    plan.listings += 1;
                    let logs = l.objects(prefix, None, &mut |_| true)?;
                    plan.logs.extend(logs);
                    plan.folders.push(folder);
                    return Ok(plan);
                }
                list_folder(l, &folder, window, &mut plan)?;
                plan.folders.push(folder);
            }
            return Ok(plan);
        }
    }
    let accounts = account_dirs(l, prefix, &mut plan)?;
    for acct_dir in accounts {
        let account = last_part(&acct_dir).to_string();
        if !window.accounts.is_empty() && !window.accounts.contains(&account) {
            continue;
        }
        let root = format!("{acct_dir}CloudTrail/");
        plan.listings += 1;
        for d in l.dirs(&root)? {
            let region = last_part(&d).to_string();
            if !window.regions.is_empty() && !window.regions.contains(&region) {
                continue;
            }
            let folder = Folder {
                prefix: d,
                account: account.clone(),
                region,
            };
            list_folder(l, &folder, window, &mut plan)?;
            plan.folders.push(folder);
        }
    }
    Ok(plan)
}

/// The `StartAfter` key for events at or after `after` in `folder`.
pub fn start_after(folder: &Folder, after: i64) -> String {
    let (stamp, day) = stamp_parts(after);
    format!(
        "{}{day}{}_CloudTrail_{}_{stamp}Z",
        folder.prefix, folder.account, folder.region
    )
}

/// Lists one region folder's log files for `window`, then its digest files.
fn list_folder(
    l: &mut dyn Lister,
    folder: &Folder,
    window: &Window,
    plan: &mut Plan,
) -> Result<(), String> {
    let start = window.after.map(|a| start_after(folder, a));
    let end = window.before.map(|b| b.saturating_add(window.slack_ms));
    plan.listings += 1;
    let logs = l.objects(
        &folder.prefix,
        start.as_deref(),
        &mut |o| match (end, name_stamp(&o.key)) {
            (Some(end), Some(t)) => t <= end,
            _ => true,
        },
    )?;
    plan.logs.extend(logs);
    // Digests: `…/CloudTrail-Digest/<region>/`, whole days.
    let Some(base) = folder
        .prefix
        .strip_suffix(&format!("CloudTrail/{}/", folder.region))
    else {
        return Ok(());
    };
    let digest_prefix = format!("{base}CloudTrail-Digest/{}/", folder.region);
    let start = window.after.map(|a| {
        let (_, day) = stamp_parts(a);
        // Just before the day's folder: `YYYY/MM/DD/` sorts after `YYYY/MM/DD`.
        format!("{digest_prefix}{}", day.trim_end_matches('/'))
    });
    // Through the day of the window end plus slack plus the hour a digest may take.
    let last_day = end.map(|e| {
        let next = (e.saturating_add(DIGEST_DELAY_MS).div_euclid(DAY_MS) + 1) * DAY_MS;
        stamp_parts(next).1
    });
    plan.listings += 1;
    let digests = l.objects(&digest_prefix, start.as_deref(), &mut |o| match &last_day {
        Some(d) => o.key[digest_prefix.len()..] < **d,
        None => true,
    })?;
    plan.digests.extend(digests);
    Ok(())
}

/// The distinct accounts and regions of a plan's folders, for the estimate line.
pub fn folder_counts(plan: &Plan) -> (usize, usize) {
    let a: BTreeSet<&str> = plan.folders.iter().map(|f| f.account.as_str()).collect();
    let r: BTreeSet<&str> = plan.folders.iter().map(|f| f.region.as_str()).collect();
    (a.len(), r.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A bucket in memory that counts what each listing returned.
    #[derive(Default)]
    struct Mem {
        keys: BTreeMap<String, u64>,
        /// Objects handed out by `objects` (the cost of the listing).
        seen: usize,
        requests: Vec<(String, Option<String>)>,
    }

    impl Lister for Mem {
        fn dirs(&mut self, prefix: &str) -> Result<Vec<String>, String> {
            let mut out: Vec<String> = self
                .keys
                .keys()
                .filter_map(|k| {
                    let rest = k.strip_prefix(prefix)?;
                    let (d, _) = rest.split_once('/')?;
                    Some(format!("{prefix}{d}/"))
                })
                .collect();
            out.dedup();
            Ok(out)
        }
        fn objects(
            &mut self,
            prefix: &str,
            start_after: Option<&str>,
            more: &mut dyn FnMut(&Obj) -> bool,
        ) -> Result<Vec<Obj>, String> {
            self.requests
                .push((prefix.into(), start_after.map(Into::into)));
            let mut out = Vec::new();
            for (k, &size) in self.keys.range(start_after.unwrap_or("").to_string()..) {
                if !k.starts_with(prefix) || Some(k.as_str()) == start_after {
                    continue;
                }
                self.seen += 1;
                let o = Obj {
                    key: k.clone(),
                    size,
                    etag: None,
                };
                if !more(&o) {
                    break;
                }
                out.push(o);
            }
            Ok(out)
        }
    }

    const A: &str = "111122223333";
    const B: &str = "444455556666";

    fn ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }

    /// Three days, one file every 5 minutes, two accounts (one in an organisation), two regions,
    /// a digest per hour, and files that are not logs.
    fn bucket(root: &str) -> Mem {
        let mut m = Mem::default();
        for (acct, base) in [
            (A, format!("{root}AWSLogs/{A}/")),
            (B, format!("{root}AWSLogs/o-abc123/{B}/")),
        ] {
            for region in ["us-east-1", "eu-west-1"] {
                let start = ms("2026-11-01T00:00:00Z");
                for i in 0..(3 * 24 * 12) {
                    let t = start + i * 300_000;
                    let (stamp, day) = stamp_parts(t);
                    m.keys.insert(
                        format!(
                            "{base}CloudTrail/{region}/{day}{acct}_CloudTrail_{region}_{stamp}Z_x{i}.json.gz"
                        ),
                        1000,
                    );
                    if i % 12 == 0 {
                        m.keys.insert(
                            format!(
                                "{base}CloudTrail-Digest/{region}/{day}{acct}_CloudTrail-Digest_{region}_t_us-east-1_{stamp}00Z.json.gz"
                            ),
                            10,
                        );
                    }
                }
            }
        }
        m.keys.insert(format!("{root}README.txt"), 5);
        m
    }

    fn url(s: &str) -> S3Url {
        S3Url::parse(s).unwrap().unwrap()
    }

    #[test]
    fn urls() {
        assert_eq!(
            url("s3://my-bucket"),
            S3Url {
                bucket: "my-bucket".into(),
                prefix: "".into()
            }
        );
        assert_eq!(url("s3://b.b.b/x/y").prefix, "x/y/");
        assert_eq!(url("s3://bbb//x/").prefix, "x/");
        assert!(S3Url::parse("/tmp/x").is_none());
        assert!(S3Url::parse("s3://B").unwrap().is_err());
        assert!(S3Url::parse("s3://bbb/a/../b").unwrap().is_err());
    }

    #[test]
    fn stamps() {
        assert_eq!(
            name_stamp("x/111122223333_CloudTrail_us-east-1_20261103T0325Z_eHNU.json.gz"),
            Some(ms("2026-11-03T03:25:00Z"))
        );
        assert_eq!(name_stamp("x/README.txt"), None);
        let f = Folder {
            prefix: "AWSLogs/1/CloudTrail/r/".into(),
            account: "1".into(),
            region: "r".into(),
        };
        assert_eq!(
            start_after(&f, ms("2026-11-03T03:25:59Z")),
            "AWSLogs/1/CloudTrail/r/2026/11/03/1_CloudTrail_r_20261103T0325Z"
        );
    }

    #[test]
    fn no_window_lists_everything_of_every_account_and_region() {
        let mut m = bucket("logs/");
        let p = plan(&mut m, &url("s3://bkt/logs/"), &Window::default()).unwrap();
        assert_eq!(p.folders.len(), 4);
        assert_eq!(p.logs.len(), 4 * 3 * 24 * 12);
        assert_eq!(p.digests.len(), 4 * 3 * 24);
        assert!(p.logs.iter().all(|o| o.key.contains("/CloudTrail/")));
        // The organisation's account was found under o-abc123/.
        assert!(p.folders.iter().any(|f| f.account == B));
    }

    #[test]
    fn a_window_lists_from_its_start_and_stops_past_its_end_plus_slack() {
        let mut m = bucket("");
        let w = Window {
            after: Some(ms("2026-11-02T12:00:00Z")),
            before: Some(ms("2026-11-02T13:00:00Z")),
            slack_ms: DEFAULT_SLACK_MS,
            ..Default::default()
        };
        let p = plan(&mut m, &url("s3://bkt"), &w).unwrap();
        // Per folder: files stamped 12:00 … 14:00 inclusive (25 of them).
        assert_eq!(p.logs.len(), 4 * 25);
        for o in &p.logs {
            let t = name_stamp(&o.key).unwrap();
            assert!(t >= w.after.unwrap() && t <= w.before.unwrap() + DEFAULT_SLACK_MS);
        }
        // Listing cost: 25 kept plus the one that stopped it, per folder; digests: the whole
        // day (the window ends at 14:00 with the slack: its digests are written that day),
        // plus the first of the next day that stopped the listing.
        assert_eq!(m.seen, 4 * 26 + 4 * 25);
        assert_eq!(p.digests.len(), 4 * 24);
        let starts: Vec<_> = m.requests.iter().filter_map(|r| r.1.clone()).collect();
        assert!(starts.contains(&format!(
            "AWSLogs/{A}/CloudTrail/us-east-1/2026/11/02/{A}_CloudTrail_us-east-1_20261102T1200Z"
        )));
    }

    #[test]
    fn a_window_across_midnight_continues_into_the_next_day() {
        let mut m = bucket("");
        let w = Window {
            after: Some(ms("2026-11-01T23:50:00Z")),
            before: Some(ms("2026-11-02T00:10:00Z")),
            slack_ms: 0,
            accounts: vec![A.into()],
            regions: vec!["eu-west-1".into()],
        };
        let p = plan(&mut m, &url("s3://bkt"), &w).unwrap();
        let names: Vec<_> = p.logs.iter().map(|o| name_stamp(&o.key).unwrap()).collect();
        assert_eq!(names.len(), 5); // 23:50 23:55 00:00 00:05 00:10
                                    // Digests of both days (the window starts on the first and ends on the second).
        assert_eq!(p.digests.len(), 2 * 24);
        assert_eq!(p.folders.len(), 1);
        assert_eq!(p.folders[0].region, "eu-west-1");
    }

    #[test]
    fn only_an_after_lists_to_the_end() {
        let mut m = bucket("");
        let w = Window {
            after: Some(ms("2026-11-03T23:00:00Z")),
            slack_ms: DEFAULT_SLACK_MS,
            accounts: vec![B.into()],
            ..Default::default()
        };
        let p = plan(&mut m, &url("s3://bkt"), &w).unwrap();
        // 23:00 … 23:55 of the last day, in two regions of account B.
        assert_eq!(p.logs.len(), 2 * 12);
    }

    #[test]
    fn a_prefix_down_to_the_region_or_day() {
        let mut m = bucket("");
        let p = plan(
            &mut m,
            &url(&format!(
                "s3://bkt/AWSLogs/o-abc123/{B}/CloudTrail/us-east-1/"
            )),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(p.logs.len(), 3 * 24 * 12);
        assert_eq!(p.digests.len(), 3 * 24);
        let p = plan(
            &mut m,
            &url(&format!(
                "s3://bkt/AWSLogs/{A}/CloudTrail/us-east-1/2026/11/02/"
            )),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(p.logs.len(), 24 * 12);
        let p = plan(
            &mut m,
            &url(&format!("s3://bkt/AWSLogs/{A}/")),
            &Window::default(),
        )
        .unwrap();
        assert_eq!(p.folders.len(), 2);
        let e = plan(
            &mut m,
            &url(&format!("s3://bkt/AWSLogs/{A}/Config/")),
            &Window::default(),
        )
        .unwrap_err();
        assert!(e.contains("expected"), "{e}");
    }
}
