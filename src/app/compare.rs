//! The compare view (the `app` layer): two events' records pretty-printed as the detail pane
//! prints them, lined up by a line diff so equal lines sit side by side and the differences
//! stand out (two `AssumeRole` calls, one from a strange IP). Which pair ([`choose`]): the two
//! marked events, or the one marked event and the event under the cursor.
//!
//! The diff is Myers' over the pretty lines (`similar`, already in the build as insta's), each
//! line compared by its indentation and text without a trailing comma (so the last member of an
//! object does not differ from the same member followed by another). It runs on the worker that
//! read the records ([`load`]), bounded by [`DIFF_DEADLINE`]: past it the rest is shown as one
//! change, never a frozen screen. Text stays data: `ui` sanitises it like the detail pane.

use super::detail::{self, PLine};
use super::marks::Marks;
use crate::model::{EventStore, UNDATED};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest a diff may take (a record may be megabytes of policy documents).
pub const DIFF_DEADLINE: Duration = Duration::from_millis(500);

/// One row of the view: a line of each record (or of one, the other side empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiffRow {
    /// The line of the left record, if this row has one.
    pub left: Option<usize>,
    /// The line of the right record.
    pub right: Option<usize>,
    /// The two sides differ (a changed, removed or added line).
    pub changed: bool,
}

/// What the worker prepared: both records' lines and how they line up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Each record's pretty lines (raw lines when it is not JSON).
    pub lines: [Vec<PLine>; 2],
    /// Why a record could not be read.
    pub errors: [Option<String>; 2],
    /// The rows of the view, top to bottom.
    pub diff: Vec<DiffRow>,
    /// Index in `diff` of the first row of each run of changed rows.
    pub hunks: Vec<usize>,
}

/// The compare view's state.
#[derive(Debug, Default)]
pub struct CompareState {
    /// The store rows compared (left, right).
    pub rows: Option<[u32; 2]>,
    /// Generation of the latest fetch; older answers are dropped.
    pub generation: u64,
    /// The records and their diff, once read.
    pub loaded: Option<Arc<Loaded>>,
    /// First row of `diff` shown.
    pub scroll: usize,
    /// The difference last jumped to (`None` once scrolled by hand).
    pub current: Option<usize>,
}

/// Why there is no pair to compare (said in the status line).
pub const HOW: &str =
    "compare: mark one event (Space) and press d on another, or mark exactly two events";

/// The pair to compare: the two marked events (older first), or the marked one and the one
/// under the cursor; `None` otherwise.
pub fn choose(store: &EventStore, marks: &Marks, cursor: Option<u32>) -> Option<[u32; 2]> {
    let marked = marks.rows();
    let time = |r: u32| (store.time.try_get(r as usize).unwrap_or(UNDATED), r);
    match (marked.as_slice(), cursor) {
        ([a, b], _) => {
            let (a, b) = if time(*a) <= time(*b) {
                (*a, *b)
            } else {
                (*b, *a)
            };
            Some([a, b])
        }
        ([m], Some(c)) if *m != c => Some([*m, c]),
        _ => None,
    }
}

/// The key a line is compared by: its indentation and text, without a trailing comma.
fn key(l: &PLine) -> String {
    let t = l.text();
    let t = t.strip_suffix(',').unwrap_or(&t);
    format!("{}{t}", " ".repeat(l.indent as usize))
}

/// Lines `a` and `b` up: equal lines side by side, each changed run paired line by line.
pub fn diff(a: &[PLine], b: &[PLine], deadline: Duration) -> Vec<DiffRow> {
    let ka: Vec<String> = a.iter().map(key).collect();
    let kb: Vec<String> = b.iter().map(key).collect();
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &ka,
        &kb,
        Some(Instant::now() + deadline),
    );
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for op in ops {
        let (tag, l, r) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            out.extend(l.zip(r).map(|(l, r)| DiffRow {
                left: Some(l),
                right: Some(r),
                changed: false,
            }));
        } else {
            let n = l.len().max(r.len());
            out.extend((0..n).map(|i| DiffRow {
                left: (i < l.len()).then(|| l.start + i),
                right: (i < r.len()).then(|| r.start + i),
                changed: true,
            }));
        }
    }
    out
}

/// The first row of each run of changed rows.
pub fn hunks(diff: &[DiffRow]) -> Vec<usize> {
    (0..diff.len())
        .filter(|&i| diff[i].changed && (i == 0 || !diff[i - 1].changed))
        .collect()
}

/// Prepares the view from the two records' bytes (or why each could not be read).
pub fn load(bytes: [Result<Arc<[u8]>, String>; 2]) -> Loaded {
    let mut lines: [Vec<PLine>; 2] = Default::default();
    let mut errors: [Option<String>; 2] = Default::default();
    for (i, b) in bytes.into_iter().enumerate() {
        match b {
            Ok(b) => lines[i] = detail::pretty(&b).unwrap_or_else(|| detail::raw_lines(&b)),
            Err(e) => errors[i] = Some(e),
        }
    }
    let diff = diff(&lines[0], &lines[1], DIFF_DEADLINE);
    let hunks = hunks(&diff);
    Loaded {
        lines,
        errors,
        diff,
        hunks,
    }
}

/// Below this width the records are shown one above the other (a changed row then takes a
/// line for each side); from it on, side by side.
pub const SIDE_BY_SIDE: u16 = 100;

/// The furthest `diff` can scroll with `body` lines on screen: its last row at the bottom.
/// Stacked, a changed row takes a line per side that has one.
pub fn max_scroll(diff: &[DiffRow], body: usize, stacked: bool) -> usize {
    let mut lines = 0;
    for (i, r) in diff.iter().enumerate().rev() {
        lines += if stacked && r.changed {
            usize::from(r.left.is_some()) + usize::from(r.right.is_some())
        } else {
            1
        };
        if lines > body {
            return i + 1;
        }
    }
    0
}

/// Rows shown above a difference jumped to.
pub const CONTEXT: usize = 2;

/// The row to scroll to for difference `hunk`: a couple of rows above it, for context.
pub fn top_of(hunk: usize) -> usize {
    hunk.saturating_sub(CONTEXT)
}

/// The difference to show for the next (`forward`) or previous one: after `current` (the last
/// one jumped to), or, when the view was scrolled since (`None`), after the rows at `scroll`;
/// wraps around (then `true`). `None` without differences.
pub fn jump(
    hunks: &[usize],
    scroll: usize,
    current: Option<usize>,
    forward: bool,
) -> Option<(usize, bool)> {
    let n = hunks.len();
    if n == 0 {
        return None;
    }
    Some(match (current, forward) {
        (Some(i), true) if i + 1 < n => (i + 1, false),
        (Some(_), true) => (0, true),
        (Some(i), false) if i > 0 && i < n => (i - 1, false),
        (Some(_), false) => (n - 1, true),
        (None, true) => hunks
            .iter()
            .position(|&h| top_of(h) > scroll)
            .map_or((0, true), |i| (i, false)),
        (None, false) => hunks
            .iter()
            .rposition(|&h| top_of(h) < scroll)
            .map_or((n - 1, true), |i| (i, false)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(s: &str) -> Vec<PLine> {
        detail::pretty(s.as_bytes()).unwrap()
    }

    const A: &str = r#"{"eventName":"AssumeRole","sourceIPAddress":"10.0.0.1","userAgent":"aws-cli","requestParameters":{"roleArn":"arn:aws:iam::1:role/x","roleSessionName":"a"}}"#;
    const B: &str = r#"{"eventName":"AssumeRole","sourceIPAddress":"203.0.113.66","userAgent":"aws-cli","requestParameters":{"roleArn":"arn:aws:iam::1:role/x"}}"#;

    #[test]
    fn equal_lines_pair_up_and_changes_are_marked() {
        let (a, b) = (pretty(A), pretty(B));
        let d = diff(&a, &b, DIFF_DEADLINE);
        let text = |side: &[PLine], i: Option<usize>| i.map(|i| side[i].text());
        let changed: Vec<(Option<String>, Option<String>)> = d
            .iter()
            .filter(|r| r.changed)
            .map(|r| (text(&a, r.left), text(&b, r.right)))
            .collect();
        assert_eq!(
            changed,
            [
                (
                    Some(r#""sourceIPAddress": "10.0.0.1","#.to_string()),
                    Some(r#""sourceIPAddress": "203.0.113.66","#.to_string())
                ),
                (Some(r#""roleSessionName": "a""#.to_string()), None),
            ]
        );
        // The roleArn line lost its comma on the left only: not a difference.
        assert!(d
            .iter()
            .any(|r| !r.changed && text(&a, r.left).unwrap().contains("roleArn")));
        // Every line of both records appears once, in order.
        let lefts: Vec<usize> = d.iter().filter_map(|r| r.left).collect();
        let rights: Vec<usize> = d.iter().filter_map(|r| r.right).collect();
        assert_eq!(lefts, (0..a.len()).collect::<Vec<_>>());
        assert_eq!(rights, (0..b.len()).collect::<Vec<_>>());
        assert_eq!(hunks(&d).len(), 2);
        // The same record: nothing differs.
        assert!(diff(&a, &a, DIFF_DEADLINE).iter().all(|r| !r.changed));
    }

    #[test]
    fn scrolls_no_further_than_the_last_row_at_the_bottom() {
        let same = DiffRow {
            left: Some(0),
            right: Some(0),
            changed: false,
        };
        let both = DiffRow {
            changed: true,
            ..same
        };
        let d = [same, same, both, both];
        assert_eq!(max_scroll(&d, 2, false), 2);
        assert_eq!(max_scroll(&d, 2, true), 3, "the last row takes two lines");
        assert_eq!(max_scroll(&d, 4, true), 2);
        assert_eq!(max_scroll(&d, 10, true), 0);
    }

    #[test]
    fn jumps_between_differences_and_wrap() {
        let h = [5, 20, 40];
        // From the last one jumped to.
        assert_eq!(jump(&h, 0, Some(0), true), Some((1, false)));
        assert_eq!(jump(&h, 0, Some(2), true), Some((0, true)));
        assert_eq!(jump(&h, 0, Some(1), false), Some((0, false)));
        assert_eq!(jump(&h, 0, Some(0), false), Some((2, true)));
        // Scrolled by hand: from the rows shown.
        assert_eq!(jump(&h, 0, None, true), Some((0, false)));
        assert_eq!(jump(&h, 3, None, true), Some((1, false)));
        assert_eq!(jump(&h, 38, None, true), Some((0, true)));
        assert_eq!(jump(&h, 18, None, false), Some((0, false)));
        assert_eq!(jump(&h, 3, None, false), Some((2, true)));
        assert_eq!(jump(&[], 0, None, true), None);
        assert_eq!(top_of(1), 0);
    }

    #[test]
    fn the_pair_is_the_marked_two_or_the_mark_and_the_cursor() {
        let st = crate::testkit::events_named(&["a", "b", "c"]);
        let mut m = Marks::default();
        assert_eq!(choose(&st, &m, Some(1)), None);
        m.insert(2);
        assert_eq!(choose(&st, &m, Some(2)), None, "the mark itself");
        assert_eq!(choose(&st, &m, Some(0)), Some([2, 0]));
        m.insert(0);
        assert_eq!(choose(&st, &m, Some(1)), Some([0, 2]), "older first");
        m.insert(1);
        assert_eq!(choose(&st, &m, Some(1)), None, "three marked");
    }

    #[test]
    fn unreadable_and_non_json_records_still_show() {
        let l = load([Ok(Arc::from(&b"not json"[..])), Err("gone".into())]);
        assert_eq!(l.lines[0][0].text(), "not json");
        assert_eq!(l.errors[1].as_deref(), Some("gone"));
        assert_eq!(l.diff.len(), 1);
        assert!(l.diff[0].changed);
    }
}
