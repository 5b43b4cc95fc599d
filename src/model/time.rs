//! Event times: parsed once at load into milliseconds since the Unix epoch, UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// UTC or the local time zone: how times are displayed, and how times typed without an offset
/// are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tz {
    /// UTC.
    Utc,
    /// The system's local zone.
    Local,
    /// A fixed offset east of UTC, in seconds (a config file's `time_zone = "+02:00"`).
    Fixed(i32),
}

impl Tz {
    /// Reads `utc`, `local`, or a fixed offset `+HH:MM` / `-HH:MM` (`Z` and `+00:00` are UTC).
    pub fn parse(s: &str) -> Option<Tz> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "utc" | "z" => return Some(Tz::Utc),
            "local" => return Some(Tz::Local),
            _ => {}
        }
        let (sign, rest) = match s.as_bytes().first()? {
            b'+' => (1, &s[1..]),
            b'-' => (-1, &s[1..]),
            _ => return None,
        };
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        if h.is_empty()
            || h.len() > 2
            || m.len() > 2
            || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if h > 23 || m > 59 {
            return None;
        }
        let secs = sign * (h * 3600 + m * 60);
        Some(if secs == 0 { Tz::Utc } else { Tz::Fixed(secs) })
    }

    /// The chrono offset of a fixed zone.
    pub fn fixed(self) -> Option<chrono::FixedOffset> {
        match self {
            Tz::Fixed(s) => chrono::FixedOffset::east_opt(s),
            _ => None,
        }
    }
}

/// Sort key of an event with no parseable time: after every real time.
pub const UNDATED: i64 = i64::MAX;

/// How far after the wall clock an event time may be before it is called implausible (clock
/// skew between the machine and AWS, a delivery in flight): one hour. Later times are forged or
/// broken; they are shown and flagged but never anchor relative ranges like `last:7d`.
pub const FUTURE_SKEW_MS: i64 = 3_600_000;

/// The wall clock, UTC milliseconds.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut v = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as i64;
    }
    Some(v)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Parses an STS `expiration` into UTC milliseconds: the form CloudTrail records carry,
/// `Jul 10, 2023, 6:38:25 PM` (UTC), or any form [`parse_event_time`] reads.
pub fn parse_sts_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some(t) = parse_event_time(s) {
        return Some(t);
    }
    if s.len() > 40 {
        return None;
    }
    NaiveDateTime::parse_from_str(s, "%b %d, %Y, %I:%M:%S %p")
        .ok()
        .map(|t| t.and_utc().timestamp_millis())
}

/// Parses the event time forms seen in CloudTrail data into UTC milliseconds:
/// RFC 3339 (`2023-07-10T12:40:00Z`, fractions, offsets), and the space-separated forms
/// `2021-01-01 00:00:00`, `…00:00:00.123456789`, `…00:00:00+11:00` (no offset means UTC).
pub fn parse_event_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // Fast path: exactly `YYYY-MM-DDTHH:MM:SSZ`, the form of every delivered record.
    if b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ' || b[10] == b't')
        && b[13] == b':'
        && b[16] == b':'
    {
        let y = digits(&b[0..4])?;
        let mo = digits(&b[5..7])?;
        let d = digits(&b[8..10])?;
        let h = digits(&b[11..13])?;
        let mi = digits(&b[14..16])?;
        let se = digits(&b[17..19])?;
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        // Validate the day against the month (rejects 2023-02-30).
        NaiveDate::from_ymd_opt(y as i32, mo as u32, d as u32)?;
        let mut ms = 0i64;
        let mut rest = &b[19..];
        if let Some((&b'.', frac)) = rest.split_first() {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let take = n.min(3);
            ms = digits(&frac[..take])? * 10i64.pow(3 - take as u32);
            rest = &frac[n..];
        }
        let offset_s = match rest {
            [] | [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                let oh = digits(&[*h1, *h2])?;
                let om = digits(&[*m1, *m2])?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let v = oh * 3600 + om * 60;
                if *sign == b'+' {
                    v
                } else {
                    -v
                }
            }
            _ => return None,
        };
        let secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se.min(59) - offset_s;
        return Some(secs * 1000 + ms);
    }
    None
}

/// Parses a user-typed time bound for `after:` / `before:`: RFC 3339, `YYYY-MM-DD`,
/// `YYYY-MM-DDTHH:MM[:SS]` or with a space; times without an offset are UTC.
pub fn parse_user_time(s: &str) -> Option<i64> {
    if let Some(t) = parse_event_time(s) {
        return Some(t);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp_millis());
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&n).timestamp_millis());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(
            Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?)
                .timestamp_millis(),
        );
    }
    None
}

/// Formats UTC milliseconds with a chrono format string in `tz` (or `-` when undated or out
/// of range): the one time formatter, used by the headless output and the explorer.
pub fn format_in(ms: i64, tz: Tz, fmt: &str) -> String {
    if ms == UNDATED {
        return "-".into();
    }
    let Some(dt) = DateTime::<Utc>::from_timestamp_millis(ms) else {
        return "-".into();
    };
    match tz {
        Tz::Utc => dt.format(fmt).to_string(),
        Tz::Local => dt.with_timezone(&chrono::Local).format(fmt).to_string(),
        Tz::Fixed(_) => match tz.fixed() {
            Some(z) => dt.with_timezone(&z).format(fmt).to_string(),
            None => dt.format(fmt).to_string(),
        },
    }
}

/// Formats UTC milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (or `-` when undated).
pub fn format_utc(ms: i64) -> String {
    format_in(ms, Tz::Utc, "%Y-%m-%dT%H:%M:%SZ")
}

/// The offset of `tz` from UTC at `ms`, in seconds (daylight saving time included).
pub fn offset_secs(ms: i64, tz: Tz) -> i32 {
    use chrono::Offset;
    match (tz, DateTime::<Utc>::from_timestamp_millis(ms)) {
        (Tz::Local, Some(dt)) => dt
            .with_timezone(&chrono::Local)
            .offset()
            .fix()
            .local_minus_utc(),
        (Tz::Fixed(s), _) => s,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn sts_expiration_forms() {
        let t = parse_event_time("2023-07-10T18:38:25Z").unwrap();
        assert_eq!(parse_sts_time("Jul 10, 2023, 6:38:25 PM"), Some(t));
        assert_eq!(parse_sts_time("2023-07-10T18:38:25Z"), Some(t));
        let am = parse_event_time("2026-11-01T01:05:00Z").unwrap();
        assert_eq!(parse_sts_time("Nov 1, 2026, 1:05:00 AM"), Some(am));
        let noon = parse_event_time("2023-07-10T12:09:47Z").unwrap();
        assert_eq!(parse_sts_time("Jul 10, 2023, 12:09:47 PM"), Some(noon));
        assert_eq!(parse_sts_time("tomorrow"), None);
    }

    use super::*;

    #[test]
    fn forms_seen_in_real_data() {
        let base = parse_event_time("2021-01-01T00:00:00Z").unwrap();
        assert_eq!(base, 1_609_459_200_000);
        assert_eq!(parse_event_time("2021-01-01 00:00:00"), Some(base));
        assert_eq!(parse_event_time("2021-01-01 00:00:00Z"), Some(base));
        assert_eq!(
            parse_event_time("2021-01-01 00:00:00.123"),
            Some(base + 123)
        );
        assert_eq!(
            parse_event_time("2021-01-01 00:00:00.123456789"),
            Some(base + 123)
        );
        assert_eq!(parse_event_time("2021-01-01 11:00:00+11:00"), Some(base));
        assert_eq!(parse_event_time("2020-12-31T19:00:00-05:00"), Some(base));
        assert_eq!(parse_event_time("redacted"), None);
        assert_eq!(parse_event_time("..."), None);
        assert_eq!(parse_event_time("2021-02-30T00:00:00Z"), None);
        assert_eq!(parse_event_time("2021-01-01T00:00:00Zjunk"), None);
        assert_eq!(parse_event_time(""), None);
    }

    #[test]
    fn user_times() {
        let base = 1_609_459_200_000;
        assert_eq!(parse_user_time("2021-01-01"), Some(base));
        assert_eq!(parse_user_time("2021-01-01T00:00"), Some(base));
        assert_eq!(parse_user_time("2021-01-01 00:00"), Some(base));
        assert_eq!(parse_user_time("yesterday"), None);
        assert_eq!(format_utc(base), "2021-01-01T00:00:00Z");
        assert_eq!(format_utc(UNDATED), "-");
    }
}
