//! Time formatting (no chrono in the hot path).

pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (sod / 3600) as u32,
        (sod % 3600 / 60) as u32,
        (sod % 60) as u32,
    )
}

#[inline]
pub fn push2(out: &mut Vec<u8>, v: u32) {
    out.push(b'0' + (v / 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

pub fn push_num(out: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&tmp[i..]);
}

/// `2026-11-01T00:05:00Z`
pub fn push_iso(out: &mut Vec<u8>, t: i64) {
    let (y, m, d, hh, mm, ss) = civil(t);
    push_num(out, y as u64);
    out.push(b'-');
    push2(out, m);
    out.push(b'-');
    push2(out, d);
    out.push(b'T');
    push2(out, hh);
    out.push(b':');
    push2(out, mm);
    out.push(b':');
    push2(out, ss);
    out.push(b'Z');
}

pub fn iso(t: i64) -> String {
    let mut v = Vec::with_capacity(20);
    push_iso(&mut v, t);
    String::from_utf8(v).unwrap()
}

/// `20261101T0005Z` or, with seconds, `20261101T000500Z`.
pub fn compact_ts(t: i64, secs: bool) -> String {
    let (y, m, d, hh, mm, ss) = civil(t);
    if secs {
        format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z")
    } else {
        format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}Z")
    }
}

pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Nov 1, 2026, 1:05:00 AM` (the format STS uses for `expiration`).
pub fn human_ts(t: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(t);
    let (h12, ampm) = match hh {
        0 => (12, "AM"),
        1..=11 => (hh, "AM"),
        12 => (12, "PM"),
        _ => (hh - 12, "PM"),
    };
    format!(
        "{} {d}, {y}, {h12}:{mm:02}:{ss:02} {ampm}",
        MONTHS[m as usize - 1]
    )
}
