//! The event list: virtualised (only the visible rows are formatted), error rows red, writes
//! marked `●`, marked rows `▌`, error rows also `✗`, the selected row highlighted (reversed
//! without colour).

use super::{fill, fmt_time, put, sanitize, theme};
use crate::app::{App, Focus};
use crate::model::time::format_in;
use crate::model::{EventStore, SymField};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

/// A list column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// Mark, write and error indicators.
    Flags,
    /// Event time.
    Time,
    /// Principal.
    Who,
    /// Event name.
    Event,
    /// Service, without `.amazonaws.com`.
    Source,
    /// Region.
    Region,
    /// Source IP.
    Ip,
    /// Error code.
    Error,
}

impl Col {
    /// The registry field (or `time`) the column shows: what sorting by it sorts by.
    pub fn field(self) -> Option<&'static str> {
        Some(match self {
            Col::Flags => return None,
            Col::Time => "time",
            Col::Who => "who",
            Col::Event => "name",
            Col::Source => "source",
            Col::Region => "region",
            Col::Ip => "ip",
            Col::Error => "error",
        })
    }

    fn label(self) -> &'static str {
        match self {
            Col::Flags => "",
            Col::Time => "TIME",
            Col::Who => "WHO",
            Col::Event => "EVENT",
            Col::Source => "SOURCE",
            Col::Region => "REGION",
            Col::Ip => "SOURCE IP",
            Col::Error => "ERROR",
        }
    }
}

/// True when times are shown without the year: a list narrower than 160 columns (at 200, the
/// list beside the detail is 119), and every loaded event in one year (in the zone shown), so
/// dropping the year hides nothing.
pub fn short_time(width: u16, span: Option<(i64, i64)>, tz: crate::app::Tz) -> bool {
    width < 160 && one_year(span, tz)
}

/// True when every loaded event (`span`, first and last) is in one year in the zone shown:
/// the other views drop the year only then too.
pub fn one_year(span: Option<(i64, i64)>, tz: crate::app::Tz) -> bool {
    span.is_none_or(|(a, b)| format_in(a, tz, "%Y") == format_in(b, tz, "%Y"))
}

/// The data columns, in display order, with their least useful width and the most any value
/// gets (longer values are cut in the middle); the first ones are dropped last.
const FLEX: [(Col, u16, u16); 6] = [
    (Col::Who, 10, 64),
    (Col::Event, 12, 40),
    (Col::Source, 6, 24),
    (Col::Region, 9, 16),
    (Col::Ip, 7, 39),
    (Col::Error, 7, 40),
];

/// The flags column: a mark `▌`, a write `●`, an error `✗` (glyphs, so that no state is shown
/// by colour alone).
pub(super) const FLAGS_W: u16 = 3;

/// Which columns go first when even their least widths do not fit.
const DROP_ORDER: [Col; 4] = [Col::Region, Col::Source, Col::Error, Col::Ip];

/// WHO, EVENT and ERROR keep at least this much (or all they want) before the region is shown.
const WHO_BEFORE_REGION: u16 = 24;
const ERROR_BEFORE_REGION: u16 = 12;

/// The order in which columns get room beyond their least widths, and up to how much at each
/// step (`u16::MAX`: all it wants): what identifies an event first. The event name whole (an
/// IP column whose values all fit in [`IPV4_W`] gets them before it: an address cut is no
/// address; one holding an IPv6 address is cut anyway and waits), an IPv4 address, the
/// principal's first cells, a usual error code (`AccessDenied`), the service, more of the
/// principal, a service name as the caller (`signin.amazonaws.com`) whole, then the region;
/// what is left is shared ([`deal`]).
const FIRST: [(Col, u16); 8] = [
    (Col::Event, u16::MAX),
    (Col::Ip, IPV4_W),
    (Col::Who, 16),
    (Col::Error, 12),
    (Col::Source, 14),
    (Col::Who, 24),
    (Col::Ip, IP_FIRST_W),
    (Col::Region, u16::MAX),
];

/// Column positions and widths for a list `width` columns wide: (column, x offset, width).
/// `want(c)` is the widest value of column `c` among the rows shown (its label included); for
/// the time column, the width of its header.
///
/// Each column wants its widest value up to its cap and starts at the smaller of that and its
/// least width (the region, then the source, the error and the IP are dropped when even that
/// does not fit). The room left is given in the order of [`FIRST`]: IPv4 addresses, then the
/// event name, so an event name is never cut while a column beside it is wider than its least
/// width (but a whole IPv4 address); then WHO, the error, the source and the region, each up to a useful width; what is
/// left goes to WHO, then a cell at a time to the narrowest column still short of what it
/// wants; when every value fits, the rest widens WHO and EVENT. The region is shown only when it fits
/// whole and WHO, EVENT, ERROR and the source keep a useful width beside it; the source (the
/// service, which the event name mostly implies) gives way when the event name or an IPv4
/// address would otherwise be cut.
pub fn columns(width: u16, short: bool, want: impl Fn(Col) -> u16) -> Vec<(Col, u16, u16)> {
    columns_with(width, short, FLAGS_W, want)
}

/// [`columns`] with a flags column `flags_w` wide (one more for the verify glyph).
pub fn columns_with(
    width: u16,
    short: bool,
    flags_w: u16,
    want: impl Fn(Col) -> u16,
) -> Vec<(Col, u16, u16)> {
    // The header (`TIME (JST +09:00)`) may be wider than the times.
    let time_w: u16 = (if short { 14 } else { 19 }).max(want(Col::Time).min(30));
    let fixed = flags_w + time_w + 1;
    // Each column is dealt its width and the space after it; the last one needs no space.
    let avail = (width + 1).saturating_sub(fixed);
    let mut all: Vec<(Col, u16, u16)> = FLEX
        .iter()
        .map(|&(c, min, cap)| {
            let want = want(c).max(c.label().len() as u16).min(cap);
            (c, want.min(min), want)
        })
        .collect();
    let get = |f: &[(Col, u16, u16)], c: Col| f.iter().find(|x| x.0 == c).map(|x| (x.1, x.2));
    // Whether column `c` keeps at least `floor` (or all it wants), or is not shown.
    let enough = |f: &[(Col, u16, u16)], c: Col, floor: u16| {
        get(f, c).is_none_or(|(w, want)| w >= want.min(floor))
    };
    let whole = |f: &[(Col, u16, u16)], c: Col| enough(f, c, u16::MAX);
    let mut flex = deal(avail, all.clone());
    let region_ok = get(&flex, Col::Region).is_some_and(|(w, want)| w >= want)
        && enough(&flex, Col::Who, WHO_BEFORE_REGION)
        && whole(&flex, Col::Event)
        && whole(&flex, Col::Source)
        && enough(&flex, Col::Ip, IP_FIRST_W)
        && enough(&flex, Col::Error, ERROR_BEFORE_REGION);
    if !region_ok {
        all.retain(|f| f.0 != Col::Region);
        flex = deal(avail, all.clone());
    }
    let source_in_the_way = get(&flex, Col::Source).is_some()
        && !(whole(&flex, Col::Event) && enough(&flex, Col::Ip, IPV4_W));
    if source_in_the_way {
        all.retain(|f| f.0 != Col::Source);
        flex = deal(avail, all);
    }
    let mut out = vec![(Col::Flags, 0, flags_w), (Col::Time, flags_w, time_w)];
    let mut x = flags_w + time_w + 1;
    for (c, w, _) in flex {
        out.push((c, x, w));
        x += w + 1;
    }
    out
}

/// What the IP column gets before the room is shared: a whole IPv4 address (15) or a service
/// name such as `signin.amazonaws.com` (20).
const IP_FIRST_W: u16 = 20;
/// The widest IPv4 address.
const IPV4_W: u16 = 15;

/// How much of the shared room a column gets: WHO and EVENT twice what the others get.
fn weight(c: Col) -> u32 {
    match c {
        Col::Who | Col::Event => 2,
        _ => 1,
    }
}

/// Deals `avail` columns to `flex` (column, width so far, width wanted); see [`columns`].
fn deal(avail_all: u16, mut flex: Vec<(Col, u16, u16)>) -> Vec<(Col, u16, u16)> {
    let need = |f: &[(Col, u16, u16)]| f.iter().map(|&(_, w, _)| w + 1).sum::<u16>();
    for c in DROP_ORDER {
        if need(&flex) <= avail_all {
            break;
        }
        flex.retain(|f| f.0 != c);
    }
    while need(&flex) > avail_all && flex.len() > 1 {
        flex.pop();
    }
    let mut avail = avail_all.saturating_sub(need(&flex));
    let mut grow = |flex: &mut [(Col, u16, u16)], c: Col, upto: u16| {
        if let Some(f) = flex.iter_mut().find(|f| f.0 == c) {
            let add = f.2.min(upto).saturating_sub(f.1).min(avail);
            f.1 += add;
            avail -= add;
        }
    };
    if flex.iter().any(|f| f.0 == Col::Ip && f.2 <= IPV4_W) {
        grow(&mut flex, Col::Ip, IPV4_W);
    }
    for (c, upto) in FIRST {
        grow(&mut flex, c, upto);
    }
    // Then the principal, which is what a list is read by.
    grow(&mut flex, Col::Who, u16::MAX);
    while avail > 0 {
        let Some(i) = (0..flex.len())
            .filter(|&i| flex[i].1 < flex[i].2)
            .min_by_key(|&i| flex[i].1 as u32 * 2 / weight(flex[i].0))
        else {
            break;
        };
        flex[i].1 += 1;
        avail -= 1;
    }
    // Room left once every value fits: WHO and EVENT share it.
    if avail > 0 {
        let who = flex.iter().position(|f| f.0 == Col::Who);
        let event = flex.iter().position(|f| f.0 == Col::Event);
        match (who, event) {
            (Some(w), Some(e)) => {
                flex[w].1 += avail - avail / 2;
                flex[e].1 += avail / 2;
            }
            (Some(i), None) | (None, Some(i)) => flex[i].1 += avail,
            (None, None) => {}
        }
    }
    flex
}

/// `s3.amazonaws.com` → `s3`.
pub fn short_source(s: &str) -> &str {
    s.strip_suffix(".amazonaws.com").unwrap_or(s)
}

/// Draws the header and the visible rows.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, header: Rect, r: Rect) {
    if let Some(cols) = &app.columns.custom {
        return super::columns::render(app, st, buf, header, r, cols);
    }
    let short = short_time(r.width, app.timeline.loaded_span, app.tz);
    // The visible rows' cells, sanitised, measured before the columns are laid out.
    let shown = shown_rows(app, st, r);
    let cells: Vec<Vec<Vec<Span<'static>>>> = shown
        .iter()
        .map(|&(_, row, style)| {
            FLEX.iter()
                .map(|&(c, _, _)| cell(app, st, row, c, short, style))
                .collect()
        })
        .collect();
    // The column the list is sorted by (none in plain time order) and its label with ▲/▼.
    let sorted = (!app.sort.is_time_order())
        .then(|| app.sort.name())
        .and_then(|n| {
            [Col::Time]
                .iter()
                .chain(FLEX.iter().map(|f| &f.0))
                .find(|c| c.field() == Some(n))
        })
        .copied();
    let label_of = |c: Col, base: String| -> String {
        if Some(c) == sorted {
            format!("{base} {}", crate::app::sort::arrow(&app.sort))
        } else {
            base
        }
    };
    let want = |c: Col| -> u16 {
        let i = FLEX.iter().position(|f| f.0 == c).expect("a data column");
        let label = sanitize::display_width(&label_of(c, c.label().to_string()));
        cells
            .iter()
            .map(|r| sanitize::spans_width(&r[i]))
            .max()
            .unwrap_or(0)
            .max(label)
            .min(u16::MAX as usize) as u16
    };
    let time_label = label_of(
        Col::Time,
        format!(
            "TIME ({})",
            super::zone_label(app.tz, super::zone_instant(app), true)
        ),
    );
    let label_w = sanitize::display_width(&time_label) as u16;
    let (badges, bw) = badge_room(st);
    let flags_w = FLAGS_W + u16::from(app.verify.shown());
    let mut cols = columns_with(r.width.saturating_sub(bw), short, flags_w, |c| {
        if c == Col::Time {
            label_w
        } else {
            want(c)
        }
    });
    for c in cols.iter_mut().filter(|c| c.0 != Col::Flags) {
        c.1 += bw;
    }
    fill(buf, header, theme::header());
    if badges {
        badge_header(buf, header);
    }
    for &(c, x, w) in &cols {
        let label = match c {
            Col::Time => time_label.clone(),
            _ => label_of(c, c.label().to_string()),
        };
        let style = if Some(c) == sorted {
            theme::header_sorted()
        } else {
            theme::header()
        };
        put(
            buf,
            header.x + x,
            header.y,
            w,
            vec![Span::styled(label, style)],
        );
    }
    if app.rows.is_empty() {
        empty_message(app, st, buf, r);
        return;
    }
    for (&(i, row, style), row_cells) in shown.iter().zip(cells) {
        let y = r.y + (i - app.top) as u16;
        fill(buf, Rect::new(r.x, y, r.width, 1), style);
        if badges {
            badge_cell(buf, st, r.x, y, row, style);
        }
        for &(c, x, w) in &cols {
            let spans = match FLEX.iter().position(|f| f.0 == c) {
                Some(k) => sanitize::cut_middle(row_cells[k].clone(), w as usize),
                None => cell(app, st, row, c, short, style),
            };
            put(buf, r.x + x, y, w, spans);
        }
    }
}

/// The visible rows: (list position, store row, style).
pub(super) fn shown_rows(app: &App, st: &EventStore, r: Rect) -> Vec<(usize, usize, Style)> {
    let end = (app.top + r.height as usize).min(app.rows.len());
    (app.top..end)
        .filter_map(|i| {
            let row = app.rows[i] as usize;
            (row < st.len()).then(|| (i, row, row_style(app, st, i, row)))
        })
        .collect()
}

/// Whether the detections badge is shown (after the flags, once some rule flagged something)
/// and the room it takes.
pub(super) fn badge_room(st: &EventStore) -> (bool, u16) {
    let badges = super::detections::show_badges(st);
    (
        badges,
        if badges {
            super::detections::BADGE_W + 1
        } else {
            0
        },
    )
}

/// The badge column's header.
pub(super) fn badge_header(buf: &mut Buffer, header: Rect) {
    put(
        buf,
        header.x + FLAGS_W,
        header.y,
        super::detections::BADGE_W,
        vec![Span::styled("DET", theme::header())],
    );
}

/// The badge cell of `row` on line `y` of a list starting at `x`.
pub(super) fn badge_cell(
    buf: &mut Buffer,
    st: &EventStore,
    x: u16,
    y: u16,
    row: usize,
    style: Style,
) {
    put(
        buf,
        x + FLAGS_W,
        y,
        super::detections::BADGE_W,
        super::detections::badge_spans(st, row as u32, style),
    );
}

/// The message where the rows would be when there are none.
pub(super) fn empty_message(app: &App, st: &EventStore, buf: &mut Buffer, r: Rect) {
    let msg = if app.load.loading {
        "loading…"
    } else if st.is_empty() {
        "no events loaded"
    } else if app.query_running {
        "searching…"
    } else {
        "no event matches the filter"
    };
    put(
        buf,
        r.x + 2,
        r.y + r.height / 2,
        r.width.saturating_sub(2),
        vec![Span::styled(msg, theme::dim())],
    );
}

/// The flags cells of `row` (mark, write, error, and the verify glyph when shown).
pub(super) fn cell_flags(
    app: &App,
    st: &EventStore,
    row: usize,
    style: Style,
) -> Vec<Span<'static>> {
    cell(app, st, row, Col::Flags, false, style)
}

/// The style of visible row `row` at list position `i`: error rows red, the selection
/// highlighted.
pub(super) fn row_style(app: &App, st: &EventStore, i: usize, row: usize) -> Style {
    let mut style = if st.col(SymField::Error)[row].is_none() {
        theme::row()
    } else {
        theme::error_row()
    };
    if i == app.cursor {
        style = style.patch(if app.focus == Focus::List {
            theme::selected()
        } else {
            theme::selected_unfocused()
        });
    }
    style
}

fn cell(
    app: &App,
    st: &EventStore,
    row: usize,
    c: Col,
    short: bool,
    style: Style,
) -> Vec<Span<'static>> {
    let text = |f: SymField| {
        let mut v = Vec::new();
        sanitize::push(&mut v, st.str(f, row), style);
        v
    };
    match c {
        Col::Flags => {
            let mark = if app.marks.contains(row as u32) {
                "▌"
            } else {
                " "
            };
            let write = if st.read_only(row) == Some(false) {
                "●"
            } else {
                " "
            };
            let error = if !st.col(SymField::Error)[row].is_none() {
                "✗"
            } else {
                " "
            };
            let mut v = vec![
                Span::styled(mark, style.patch(theme::mark())),
                Span::styled(write, style.patch(theme::write())),
                Span::styled(error, style.patch(theme::error_row())),
            ];
            if app.verify.shown() {
                let verdict = st
                    .sources
                    .get(st.loc.get(row).source as usize)
                    .map_or(crate::model::Verdict::Pending, |s| s.verdict);
                let (g, s) = verify_glyph(verdict);
                v.push(Span::styled(g, style.patch(s)));
            }
            v
        }
        Col::Time => vec![Span::styled(
            fmt_time(st.time.get(row), app.tz, short),
            style,
        )],
        Col::Who => text(SymField::Who),
        Col::Event => text(SymField::Name),
        Col::Source => {
            let mut v = Vec::new();
            sanitize::push(&mut v, short_source(st.str(SymField::Source, row)), style);
            v
        }
        Col::Region => text(SymField::Region),
        Col::Ip => text(SymField::Ip),
        Col::Error => text(SymField::Error),
    }
}

/// The glyph of an event's file against the trail's digests: `✓` verified, `≠` modified,
/// `?` not covered, `·` no digest, blank while verification runs.
pub fn verify_glyph(v: crate::model::Verdict) -> (&'static str, ratatui::style::Style) {
    use crate::model::Verdict;
    match v {
        Verdict::Verified => ("✓", theme::dim()),
        Verdict::Modified => ("≠", theme::error()),
        Verdict::NotCovered => ("?", theme::mark()),
        Verdict::NoDigest => ("·", theme::dim()),
        Verdict::Pending => (" ", theme::dim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_every_width() {
        let long = |c: Col| match c {
            Col::Who => 60,
            Col::Event => 30,
            Col::Source => 10,
            Col::Region => 14,
            Col::Ip => 15,
            Col::Time => 10,
            _ => 30,
        };
        for (w, short) in [80u16, 100, 120, 159, 200, 300]
            .into_iter()
            .flat_map(|w| [(w, true), (w, false)])
        {
            let cols = columns(w, short, long);
            let (_, x, cw) = *cols.last().unwrap();
            assert!(x + cw <= w, "width {w}: {cols:?}");
            let ip = cols.iter().find(|c| c.0 == Col::Ip).unwrap();
            assert_eq!(ip.2, 15, "a whole IPv4 address fits at {w}");
            if w >= 200 {
                assert_eq!(cols.len(), 8, "every column shown at {w}: {cols:?}");
            }
        }
    }

    #[test]
    fn ipv6_callers_do_not_squeeze_who_and_event() {
        // The 1M generated trail's first screen at 200 columns beside the detail pane: IPv6
        // addresses of 39 characters, principals and event names longer than the room.
        let want = |c: Col| match c {
            Col::Who => 40,
            Col::Event => 30,
            Col::Source => 14,
            Col::Region => 14,
            Col::Ip => 39,
            Col::Error => 12,
            Col::Time => 14,
            _ => 3,
        };
        let cols = columns(119, true, want);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
        assert!(w(Col::Ip) >= IPV4_W, "{cols:?}");
        assert!(w(Col::Who) >= 24 && w(Col::Event) >= 24, "{cols:?}");
        assert!(w(Col::Who) + w(Col::Event) > w(Col::Ip) * 2, "{cols:?}");
    }

    #[test]
    fn width_follows_content_and_spare_goes_to_who_and_event() {
        // Short values everywhere: nothing is cut, WHO and EVENT get the rest.
        let short_vals = |c: Col| match c {
            Col::Who => 5,
            Col::Event => 17,
            Col::Source => 10,
            Col::Region => 9,
            Col::Ip => 12,
            Col::Time => 10,
            _ => 12,
        };
        let cols = columns(200, false, short_vals);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
        assert_eq!((w(Col::Source), w(Col::Region), w(Col::Ip)), (10, 9, 12));
        assert_eq!(w(Col::Error), 12);
        assert!(w(Col::Who) > 40 && w(Col::Event) > 40, "{cols:?}");
        // A long principal at 80 columns takes what the short columns leave.
        let long_who = |c: Col| if c == Col::Who { 60 } else { short_vals(c) };
        let cols = columns(80, true, long_who);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
        assert_eq!(w(Col::Ip), 12);
        assert!(w(Col::Who) >= 10, "{cols:?}");
        let (_, x, cw) = *cols.last().unwrap();
        assert!(x + cw <= 80);
        // At 200 columns a 60-column principal is shown whole.
        let cols = columns(200, false, long_who);
        assert!(cols.iter().find(|x| x.0 == Col::Who).unwrap().2 >= 60);
    }

    #[test]
    fn the_event_name_is_whole_before_the_region_beside_the_detail_at_200_columns() {
        // The widest values on the invictus trail's first screen, in the 119-column list
        // beside the detail pane of a 200-column terminal: the event name, the IP and the
        // source are whole; the region gives way to them and the long error code gets the rest.
        let want = |c: Col| match c {
            Col::Who => 8,
            Col::Event => 35,
            Col::Source => 13,
            Col::Region => 9,
            Col::Ip => 20,
            Col::Error => 36,
            _ => 10,
        };
        let cols = columns(119, true, want);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2);
        assert_eq!(
            (w(Col::Who), w(Col::Event), w(Col::Ip), w(Col::Source)),
            (Some(8), Some(35), Some(20), Some(13)),
            "{cols:?}"
        );
        assert_eq!(w(Col::Region), None, "{cols:?}");
        assert!(w(Col::Error).unwrap() >= 12, "{cols:?}");
        // With shorter names the region fits beside them.
        let cols = columns(119, true, |c| if c == Col::Event { 20 } else { want(c) });
        assert_eq!(
            cols.iter().find(|x| x.0 == Col::Region).map(|x| x.2),
            Some(9),
            "{cols:?}"
        );
    }

    #[test]
    fn an_event_name_is_never_cut_while_a_column_beside_it_could_give_way() {
        // invictus at 80 columns with the detections badge (5) taking room: a 26-character
        // event name, an IPv4 address, a long error code. The service gives way.
        let want = |c: Col| match c {
            Col::Who => 8,
            Col::Event => 26,
            Col::Source => 6,
            Col::Region => 9,
            Col::Ip => 12,
            Col::Error => 36,
            Col::Time => 10,
            _ => 3,
        };
        let cols = columns(75, true, want);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2);
        assert_eq!(w(Col::Event), Some(26), "{cols:?}");
        assert_eq!(w(Col::Source), None, "{cols:?}");
        // Every width from 80 up: the event name is whole and the columns fit.
        for width in 80..=200u16 {
            let cols = columns(width, true, want);
            let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
            assert!(w(Col::Event) >= 26, "{width}: {cols:?}");
            let (_, x, cw) = *cols.last().unwrap();
            assert!(x + cw <= width, "{width}: {cols:?}");
        }
    }

    #[test]
    fn the_generated_trail_beside_the_detail_gives_who_the_room_not_the_service() {
        // The 1M generated trail's first screen at 200×60: the list is 119 wide less the
        // badge (5) and the verify glyph (1); principals of 40+ characters, a 20-character
        // service (elasticloadbalancing), IPv6 callers, error codes up to 25.
        let want = |c: Col| match c {
            Col::Who => 64,
            Col::Event => 25,
            Col::Source => 20,
            Col::Region => 14,
            Col::Ip => 39,
            Col::Error => 25,
            Col::Time => 10,
            _ => 3,
        };
        let cols = columns_with(114, true, FLAGS_W + 1, want);
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
        assert_eq!(w(Col::Event), 25, "{cols:?}");
        assert!(
            w(Col::Who) > w(Col::Source) && w(Col::Who) > w(Col::Ip),
            "{cols:?}"
        );
        assert!(w(Col::Ip) >= IPV4_W && w(Col::Error) >= 12, "{cols:?}");
        // Its first screen at 80 columns: an IPv6 caller is cut whatever happens, so the
        // event name (ChangeResourceRecordSets) comes first.
        let cols = columns_with(75, true, FLAGS_W + 1, |c| match c {
            Col::Event => 24,
            _ => want(c),
        });
        let w = |c: Col| cols.iter().find(|x| x.0 == c).map(|x| x.2).unwrap_or(0);
        assert_eq!(w(Col::Event), 24, "{cols:?}");
        assert!(w(Col::Who) >= 10 && w(Col::Ip) >= 7, "{cols:?}");
    }
}
