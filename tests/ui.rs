//! Screen snapshots (ratatui `TestBackend` + insta) telling a story at 80×24 and 160×45:
//! loading → loaded → filter typed → fuzzy pick → marks → export prompt; plus popups, a terminal
//! that is too small, and a hostile event whose text must render escaped.
//!
//! Keys go through the real keymap (`keys::to_msg`); commands run inline (`work::perform`).
//! Times are UTC and nothing depends on the wall clock.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;
use std::sync::{Arc, RwLock};
use trailscope::app::{LoadProgress, LoadReport, Msg};
use trailscope::model::EventStore;
use trailscope::testkit::{hostile_record, records, Fixture, Screen};
use trailscope::ui;

/// The explorer over a fixture's store, in a `w`×`h` TestBackend.
fn screen(store: EventStore, f: &Fixture, loading: bool, w: u16, h: u16) -> Screen {
    Screen::new(
        Arc::new(RwLock::new(store)),
        Arc::new(f.source()),
        "demo.json.gz",
        loading,
        w,
        h,
    )
}

fn story(w: u16, h: u16) {
    let f = Fixture::new(&records());
    let mut s = screen(EventStore::default(), &f, true, w, h);
    let tag = format!("{w}x{h}");
    s.send(Msg::Progress(LoadProgress {
        files_total: 3,
        ..Default::default()
    }));
    insta::assert_snapshot!(format!("{tag}_01_loading_empty"), s.draw());

    {
        let mut st = s.ctx.store.write().unwrap();
        f.push(&mut st, 0..7);
    }
    s.send(Msg::Appended);
    s.send(Msg::FileFailed(trailscope::app::FileProblem {
        path: "logs/broken.json.gz".into(),
        reason: "invalid gzip header".into(),
        kind: Default::default(),
    }));
    s.send(Msg::Progress(LoadProgress {
        files_total: 3,
        files_done: 2,
        bytes_done: 4096,
        events: 7,
        failed: 1,
        elapsed_ms: 500,
    }));
    insta::assert_snapshot!(format!("{tag}_02_loading_partial"), s.draw());

    {
        let mut st = s.ctx.store.write().unwrap();
        f.push(&mut st, 7..12);
    }
    // The loader is done; finalizing the store is a command the harness performs.
    s.send(Msg::LoadDone(Box::new(LoadReport {
        failed: vec![trailscope::app::FileProblem {
            path: "logs/broken.json.gz".into(),
            reason: "invalid gzip header".into(),
            kind: Default::default(),
        }],
        events: 12,
        elapsed: std::time::Duration::from_millis(800),
        ..Default::default()
    })));
    insta::assert_snapshot!(format!("{tag}_03_loaded"), s.draw());

    let applied = s.app.rows.clone();
    s.press('/');
    s.typ("name:Get*");
    insta::assert_snapshot!(format!("{tag}_04_filter_typed"), s.draw());
    // An unfinished term does not parse: underlined, message shown, and the list is the result
    // of the filter in effect before editing (none: every event), never that of the valid
    // prefix typed so far (issue 9.3).
    s.typ(" -who"); // parses: excludes records containing "who" (none)
    assert_ne!(s.app.rows, applied, "a valid text is previewed live");
    s.typ(":");
    assert!(s.app.filter.error.is_some());
    assert_eq!(s.app.rows, applied);
    assert_eq!(s.app.filter.shown, "");
    insta::assert_snapshot!(format!("{tag}_04b_filter_error"), s.draw());
    let buf = s.draw().buffer().clone();
    let colon = (0..w)
        .find(|&x| buf[(x, 0)].symbol() == ":" && x > 12)
        .unwrap();
    assert!(buf[(colon, 0)]
        .modifier
        .contains(ratatui::style::Modifier::UNDERLINED));
    for _ in 0..6 {
        s.key(KeyCode::Backspace, KeyModifiers::NONE);
    }
    assert!(s.app.filter.error.is_none());
    s.key(KeyCode::Enter, KeyModifiers::NONE);

    s.press('f');
    s.typ("ali");
    insta::assert_snapshot!(format!("{tag}_05_fuzzy"), s.draw());
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!(format!("{tag}_06_fuzzy_picked"), s.draw());

    s.press(' ');
    s.press(' ');
    s.press('j');
    insta::assert_snapshot!(format!("{tag}_07_marks"), s.draw());

    s.press('e');
    insta::assert_snapshot!(format!("{tag}_08_export_prompt"), s.draw());
    s.key(KeyCode::Esc, KeyModifiers::NONE);

    s.key(KeyCode::Tab, KeyModifiers::NONE);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    insta::assert_snapshot!(format!("{tag}_09_timeline_focus"), s.draw());
}

#[test]
fn story_80x24() {
    story(80, 24);
}

#[test]
fn story_160x45() {
    story(160, 45);
}

#[test]
fn popups_80x24() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 80, 24);
    s.press('?');
    insta::assert_snapshot!("80x24_help", s.draw());
    s.press('q');
    s.press('p');
    insta::assert_snapshot!("80x24_pivot", s.draw());
    s.key(KeyCode::Esc, KeyModifiers::NONE);
    s.press('r');
    insta::assert_snapshot!("80x24_raw_detail", s.draw());
    s.send(Msg::FileFailed(trailscope::app::FileProblem {
        path: "logs/\u{1b}[31mevil.json".into(),
        reason: "invalid gzip header".into(),
        kind: Default::default(),
    }));
    s.press('F');
    insta::assert_snapshot!("80x24_failed_files", s.draw());
    s.key(KeyCode::Esc, KeyModifiers::NONE);
    s.press('s');
    s.typ("denied");
    insta::assert_snapshot!("80x24_search_prompt", s.draw());
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    s.press('r'); // back to pretty
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    s.press('G'); // detail to the end, where errorCode is
    insta::assert_snapshot!("80x24_search_found", s.draw());
    let buf = s.draw().buffer().clone();
    let hit = buf
        .content()
        .iter()
        .any(|c| c.symbol() == "D" && c.fg == Color::Yellow);
    assert!(hit, "the search word is highlighted in the detail pane");
}

#[test]
fn too_small() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 60, 20);
    let t = s.text();
    assert!(t.contains("terminal too small (need 80×24"), "{t}");
    // Growing the terminal back shows everything, cursor kept.
    s.send(Msg::Resize(ui::viewport(80, 24)));
    s.term.backend_mut().resize(80, 24);
    s.term
        .resize(ratatui::layout::Rect::new(0, 0, 80, 24))
        .unwrap();
    assert!(s.text().contains("12 / 12 events"));
}

#[test]
fn hostile_event_renders_escaped() {
    let mut recs = records();
    recs.push(hostile_record());
    let f = Fixture::new(&recs);
    let mut s = screen(f.store(), &f, false, 120, 40);
    // Select the hostile event (12:05:00, after AssumeRole at 12:03:30).
    s.send(Msg::Action(trailscope::app::Action::Search));
    s.typ("mallory");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    // Scroll the detail pane down to the user agent.
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    for _ in 0..8 {
        s.press('j');
    }
    let text = s.text();
    assert!(
        text.contains("\\x1b[2J"),
        "event name escaped in list and title:\n{text}"
    );
    assert!(
        text.contains("\\x1b]0;pwned\\x07\\u{202e}gnp.exe"),
        "user agent escaped in the detail:\n{text}"
    );
    let buf = s.term.backend().buffer().clone();
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            let u = c as u32;
            assert!(
                !(u < 0x20
                    || (0x7f..=0x9f).contains(&u)
                    || (0x202a..=0x202e).contains(&u)
                    || (0x2066..=0x2069).contains(&u)),
                "raw control character {u:#x} reached the buffer"
            );
        }
    }
    // The escape is dim, in the escape colour.
    let (w, h) = (buf.area.width, buf.area.height);
    let mut found = false;
    for y in 0..h {
        for x in 0..w.saturating_sub(4) {
            if buf[(x, y)].symbol() == "\\"
                && buf[(x + 1, y)].symbol() == "x"
                && buf[(x + 2, y)].symbol() == "1"
            {
                assert_eq!(buf[(x, y)].fg, Color::DarkGray);
                found = true;
            }
        }
    }
    assert!(found);
}

#[test]
fn error_rows_are_red_and_writes_marked() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 100, 30);
    let buf = s.draw().buffer().clone();
    let row_of = |needle: &str| -> u16 {
        (0..buf.area.height)
            .find(|&y| {
                let line: String = (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect();
                line.contains(needle)
            })
            .unwrap()
    };
    let y = row_of("RunInstances");
    assert_eq!(buf[(20, y)].fg, Color::Red);
    assert_eq!(buf[(1, y)].symbol(), "●");
    let y = row_of("ListBuckets");
    assert_ne!(buf[(20, y)].fg, Color::Red);
    assert_eq!(buf[(1, y)].symbol(), " ");
}

const INVICTUS_DAY: &str =
    "assets/demo/invictus/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10";

/// The original bytes of the records named `names` (all when empty) in one of the bundled
/// invictus files.
fn invictus_records(file: &str, names: &[&str]) -> Vec<String> {
    use std::io::Read;
    let path = format!("{}/{INVICTUS_DAY}/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    #[derive(serde::Deserialize)]
    struct Delivery<'a> {
        #[serde(borrow, rename = "Records")]
        records: Vec<&'a serde_json::value::RawValue>,
    }
    let d: Delivery = serde_json::from_str(&text).unwrap();
    d.records
        .iter()
        .map(|r| r.get().to_string())
        .filter(|r| {
            names.is_empty()
                || names
                    .iter()
                    .any(|n| r.contains(&format!("\"eventName\":\"{n}\"")))
        })
        .collect()
}

/// Every record of the bundled invictus day (2,900), file by file in name order.
fn invictus_all() -> Vec<String> {
    let dir = format!("{}/{INVICTUS_DAY}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json.gz"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| invictus_records(f, &[]))
        .collect()
}

/// Point 13 of issue 9: the backdoor role's trust policy (a JSON string in the record) reads as
/// JSON in the detail pane, the foreign account's root trust visible; `r` shows the bytes as
/// they are. At 200 columns the detail pane is as wide as the layout makes it.
#[test]
fn detail_decodes_an_embedded_policy_200x60() {
    let recs = invictus_records(
        "218007301253_CloudTrail_us-east-1_20230710T1230Z_ZtUNbBkwAu98FPZb.json.gz",
        &["UpdateAssumeRolePolicy"],
    );
    assert_eq!(recs.len(), 1);
    assert!(recs[0].contains(r#""policyDocument":"{\n  \"Version\""#));
    let f = Fixture::new(&recs);
    let mut s = screen(f.store(), &f, false, 200, 60);
    insta::assert_snapshot!("200x60_detail_embedded_policy", s.draw());
    let text = s.text();
    assert!(
        text.contains(r#""policyDocument": (decoded JSON string) {"#),
        "{text}"
    );
    assert!(
        text.contains(r#""AWS": "arn:aws:iam::193672423079:root""#),
        "{text}"
    );
    // The marker is styled apart from the data.
    let buf = s.term.backend().buffer().clone();
    let (w, h) = (buf.area.width, buf.area.height);
    let at = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "(" && x + 1 < w && buf[(x + 1, y)].symbol() == "d")
        .unwrap();
    assert!(buf[at].modifier.contains(ratatui::style::Modifier::ITALIC));

    s.press('r');
    let text = s.text();
    assert!(!text.contains("(decoded JSON string)"), "{text}");
    let raw: String = s.app.detail.lines.iter().map(|l| l.text()).collect();
    assert!(
        raw.contains(r#""policyDocument":"{\n  \"Version\""#),
        "{raw}"
    );
}

/// The same on a real CreateRole at 80×24, scrolled to the policy in the detail pane.
#[test]
fn detail_decodes_an_embedded_policy_80x24() {
    let recs = invictus_records(
        "218007301253_CloudTrail_us-east-1_20230710T1230Z_04rtp9DpvIpSZzMr.json.gz",
        &["CreateRole"],
    );
    assert_eq!(recs.len(), 1);
    let f = Fixture::new(&recs);
    let mut s = screen(f.store(), &f, false, 80, 24);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    for _ in 0..19 {
        s.press('j');
    }
    insta::assert_snapshot!("80x24_detail_embedded_policy", s.draw());
    assert!(s.text().contains("(decoded JSON string)"));
}

/// Point 12 of issue 9: user agents differ at their ends (`stratus-red-team_<uuid>`, the
/// provider version): the selected one wraps in full, the others are cut in the middle so both
/// ends show; every value is listed, in the order asked for (Ctrl-s).
fn fuzzy_long_values(w: u16, h: u16) {
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, w, h);
    assert_eq!(s.app.rows.len(), 2900);
    s.press('f');
    s.key(KeyCode::BackTab, KeyModifiers::NONE); // the last field: agent
    s.typ("apnstratus");
    let tag = format!("{w}x{h}");
    insta::assert_snapshot!(format!("{tag}_fuzzy_long_agents"), s.draw());
    let text = s.text();
    let lines: Vec<&str> = text.lines().collect();
    // The selected value, wrapped: its uuid and end are on screen.
    let sel = &s.app.fuzzy.matches[0];
    let agent = s.app.read_store().strings.resolve(sel.sym).to_string();
    let uuid = &agent[agent.find("stratus-red-team_").unwrap() + 17..][..36];
    let flat: String = lines.iter().map(|l| l.trim_matches([' ', '│'])).collect();
    assert!(flat.contains(uuid), "{uuid} in\n{text}");
    // The others: the words they all share left out, then cut in the middle; no two look the
    // same (ten agents once read `APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://…`).
    let cut: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains("terraform-provider-aws/") && l.contains('…'))
        .copied()
        .collect();
    assert!(cut.len() >= 3, "{text}");
    assert!(
        cut.iter().all(|l| !l.contains("APN/1.0 HashiCorp/1.0")),
        "{text}"
    );
    let rows: std::collections::HashSet<&str> = cut
        .iter()
        .map(|l| &l[l.find("terraform-provider-aws/").unwrap()..])
        .collect();
    assert_eq!(rows.len(), cut.len(), "two rows look the same:\n{text}");

    s.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let t = s.text();
    assert!(t.contains("most events first"), "{t}");
    s.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    insta::assert_snapshot!(format!("{tag}_fuzzy_rarest_first"), s.draw());
    let counts: Vec<u32> = s.app.fuzzy.matches.iter().map(|m| m.count).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]));
    // The last value is reachable.
    for _ in 0..counts.len() {
        s.key(KeyCode::Down, KeyModifiers::NONE);
    }
    let t = s.text();
    let n = counts.len();
    assert!(t.contains(&format!("{n}/{n}")), "{t}");
}

#[test]
fn fuzzy_long_values_80x24() {
    fuzzy_long_values(80, 24);
}

#[test]
fn fuzzy_long_values_160x45() {
    fuzzy_long_values(160, 45);
}

// ---- Display width per grapheme cluster (issue 8) ------------------------------------------

/// The twelve records with names and principals that terminals measure differently: a Hangul
/// filler, a flag, Thai SARA AM, a skin tone, CJK, a combining accent.
fn wide_records() -> Vec<String> {
    let mut recs = records();
    let swaps = [
        ("ListBuckets", "ListBuckets\u{115f}\u{115f}"),
        ("GetCallerIdentity", "Get🇯🇵Caller"),
        ("DescribeInstances", "Describeกำลัง"),
        ("RunInstances", "Run👍🏽Instances"),
        ("PutObject", "Put日本語Object"),
        ("AssumeRole", "Assume\u{301}Role"),
    ];
    for (r, (from, to)) in recs.iter_mut().zip(swaps) {
        *r = r.replace(from, to);
    }
    recs[6] = recs[6].replace("\"userName\":\"alice\"", "\"userName\":\"alice日本👩🏽‍💻\"");
    recs
}

/// A terminal that advances by each character's own width (what most terminals do), driven
/// the way ratatui's crossterm backend drives one: a cursor move unless the cell is right of
/// the last one written.
struct PerCharTerminal {
    grid: Vec<Vec<String>>,
}

impl PerCharTerminal {
    fn new(w: u16, h: u16) -> Self {
        PerCharTerminal {
            grid: vec![vec![" ".to_string(); w as usize]; h as usize],
        }
    }

    fn apply(&mut self, updates: &[(u16, u16, &ratatui::buffer::Cell)]) {
        use unicode_width::UnicodeWidthChar;
        let (mut last, mut cx, mut cy): (Option<(u16, u16)>, usize, usize) = (None, 0, 0);
        for &(x, y, cell) in updates {
            if !matches!(last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                (cx, cy) = (x as usize, y as usize);
            }
            last = Some((x, y));
            for c in cell.symbol().chars() {
                let w = c.width().unwrap_or(0);
                let row = &mut self.grid[cy];
                if w == 0 {
                    if cx > 0 {
                        row[cx - 1].push(c);
                    }
                    continue;
                }
                if cx + w > row.len() {
                    break;
                }
                // Overwriting half of a wide glyph erases it.
                if row[cx].is_empty() && cx > 0 {
                    row[cx - 1] = " ".into();
                }
                row[cx] = c.to_string();
                for k in 1..w {
                    row[cx + k] = String::new();
                }
                if cx + w < row.len() && row[cx + w].is_empty() {
                    row[cx + w] = " ".into();
                }
                cx += w;
            }
        }
    }

    fn lines(&self) -> Vec<String> {
        self.grid.iter().map(|r| r.concat()).collect()
    }
}

/// What ratatui means the screen to show: each cell's symbol, cells hidden by a wide one
/// skipped.
fn intended(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    (0..buf.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let s = buf[(x, y)].symbol();
                line.push_str(s);
                x += s.width().max(1) as u16;
            }
            line
        })
        .collect()
}

#[test]
fn moving_off_wide_rows_leaves_no_stale_cells_and_borders_intact() {
    let f = Fixture::new(&wide_records());
    let (w, h) = (100, 30);
    let mut s = screen(f.store(), &f, false, w, h);
    let mut term = PerCharTerminal::new(w, h);
    let mut prev = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    let mut step = |s: &mut trailscope::testkit::Screen, what: &str| {
        let cur = s.draw().buffer().clone();
        term.apply(&prev.diff(&cur));
        assert_eq!(term.lines(), intended(&cur), "after {what}");
        // Every cell is measured alike per character and per cluster.
        for c in cur.content() {
            use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
            let per_char: usize = c.symbol().chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(
                per_char,
                c.symbol().width(),
                "{:?} after {what}",
                c.symbol()
            );
        }
        prev = cur;
    };
    step(&mut s, "the first frame");
    for i in 0..12 {
        s.press('j');
        step(&mut s, &format!("j ×{}", i + 1));
    }
    s.press('g');
    step(&mut s, "g");
    // The fuzzy finder lists the same values inside a border.
    s.press('f');
    step(&mut s, "f");
    for i in 0..8 {
        s.key(KeyCode::Down, KeyModifiers::NONE);
        step(&mut s, &format!("Down ×{}", i + 1));
    }
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    step(&mut s, "Tab");
    for i in 0..8 {
        s.key(KeyCode::Down, KeyModifiers::NONE);
        step(&mut s, &format!("Tab Down ×{}", i + 1));
    }
    let buf = s.draw().buffer().clone();
    let corner = |x: u16, y: u16, set: &[&str]| set.contains(&buf[(x, y)].symbol());
    let (left, top) = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .find(|&(x, y)| corner(x, y, &["╭", "┌"]))
        .expect("the popup is drawn");
    let right = (left..w)
        .rev()
        .find(|&x| corner(x, top, &["╮", "┐"]))
        .unwrap();
    let mut y = top + 1;
    while !corner(left, y, &["╰", "└"]) {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(buf[(left, y)].symbol(), "│", "left border, row {y}");
        assert_eq!(buf[(right, y)].symbol(), "│", "right border, row {y}");
        assert!(buf[(right - 1, y)].symbol().width() <= 1, "row {y}");
        y += 1;
    }
    assert!(y > top + 3, "the popup has rows");
}

#[test]
fn the_headless_table_aligns_wide_and_combining_text() {
    use unicode_width::UnicodeWidthStr;
    let f = Fixture::new(&wide_records());
    let st = f.store();
    let rows: Vec<u32> = (0..st.len() as u32).collect();
    let mut out = Vec::new();
    trailscope::commands::write_table(&st, &rows, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Display column where the SOURCE column starts, on the header and on every row.
    let header = lines[0];
    let at = header.find("SOURCE").unwrap();
    let col = header[..at].width();
    for l in &lines[1..] {
        let mut w = 0;
        let mut found = None;
        for (i, ch) in l.char_indices() {
            if w == col {
                found = Some(i);
                break;
            }
            w += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        let i = found.unwrap_or_else(|| panic!("no column {col} in {l:?}"));
        assert!(
            l[..i].ends_with("  ") && !l[i..].starts_with(' '),
            "SOURCE misaligned in {l:?}\n{text}"
        );
    }
    assert!(text.contains("ListBuckets\\u{115f}\\u{115f}"), "{text}");
}

/// Issue 9.3: a filter that does not parse leaves the last valid filter's result in the list,
/// and the filter line says which filter that is (dimmed), beside the error.
#[test]
fn invalid_filter_shows_the_valid_one_120x24() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 120, 24);
    s.press('/');
    s.typ("name:Get*");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let applied = s.app.rows.clone();
    s.press('/');
    s.send(Msg::Input(tui_input::InputRequest::DeleteLine));
    s.typ("alice (name:Delete* OR");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.rows, applied, "never a half-typed filter's result");
    insta::assert_snapshot!("120x24_invalid_filter_shows_valid", s.draw());
    let buf = s.draw().buffer().clone();
    let line: String = (0..120).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = line
        .find("showing name:Get*")
        .expect("the valid filter is named") as u16;
    let x = line[..at as usize].chars().count() as u16 + 8;
    assert_eq!(
        buf[(x, 0)].style(),
        ratatui::buffer::Cell::new("x")
            .set_style(ui::theme::dim())
            .style(),
        "the valid filter is dimmed"
    );
}

/// Point 15 of issue 9: help says what `g`/`G` do in each pane, lists the mouse, and lists the
/// filter fields from the query layer's registry.
#[test]
fn help_lists_focus_keys_mouse_and_filter_fields() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 160, 45);
    s.press('?');
    // Every page of the help, scrolled with PgDn to the end.
    let mut pages = vec![s.text()];
    for _ in 0..20 {
        s.key(KeyCode::PageDown, KeyModifiers::NONE);
        let t = s.text();
        if pages.last() == Some(&t) {
            break;
        }
        pages.push(t);
    }
    let all = pages.join("\n");
    assert!(
        all.contains("first event · detail: top · timeline: first bucket"),
        "{all}"
    );
    assert!(all.contains("wheel") && all.contains("click"), "{all}");
    assert!(all.contains("filter fields"), "{all}");
    for field in trailscope::query::fields::FIELDS {
        let row = format!("│   {:<16}", field.name);
        assert!(
            all.contains(&row),
            "{} is not in the help:\n{all}",
            field.name
        );
        assert!(all.contains(field.example), "{}\n{all}", field.example);
    }
    insta::assert_snapshot!("160x45_help_last_page", s.draw());
}

// ---- Columns shared by content (issue 9 point 11) ----------------------------------------

/// The twelve records with the long principals of a real investigation: an assumed role with
/// an instance session, an Identity Center user.
fn long_who_records() -> Vec<String> {
    records()
        .into_iter()
        .map(|r| {
            r.replace(
                "\"userName\":\"bob\"",
                "\"userName\":\"stratus-red-team-ec2-steal-credentials-role/i-0dbc5b1a2c3d4e5f6\"",
            )
            .replace(
                "\"userName\":\"alice\"",
                "\"userName\":\"AWSReservedSSO_AdministratorAccess_4c8a9e2b1f3d/alice@example.com\"",
            )
        })
        .collect()
}

#[test]
fn columns_follow_content_80x24_and_200x60() {
    let f = Fixture::new(&long_who_records());
    for (w, h) in [(80, 24), (200, 60)] {
        let mut s = screen(f.store(), &f, false, w, h);
        insta::assert_snapshot!(format!("{w}x{h}_columns_long_who"), s.draw());
        let text = s.text();
        // Long principals are cut in the middle, keeping the session's end; at 200 columns
        // the WHO column is at least 30 wide and the region is shown.
        if w == 200 {
            assert!(
                text.contains("REGION") && text.contains("us-east-1"),
                "{text}"
            );
            let line = text.lines().find(|l| l.contains("stratus-red-")).unwrap();
            assert!(
                line.contains('…') && line.contains("-0dbc5b1a2c3d4e5f6"),
                "{line}"
            );
        } else {
            let line = text.lines().find(|l| l.contains("stratu")).unwrap();
            assert!(line.contains('…') && line.contains("e5f6"), "{line}");
        }
    }
    // The detail pane keeps the whole value (wrapped at 80 columns).
    let mut s = screen(f.store(), &f, false, 80, 24);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    for _ in 0..4 {
        s.press('j');
    }
    let text = s.text();
    let flat: String = text.split('\n').map(str::trim).collect();
    assert!(
        flat.contains("AWSReservedSSO_AdministratorAccess_4c8a9e2b1f3d/alice@example.com"),
        "{text}"
    );
}

// ---- NO_COLOR (issue 9 point 9) ------------------------------------------------------------

#[test]
fn without_colour_every_state_shows_by_attribute_or_glyph() {
    use ratatui::style::Modifier;
    ui::theme::set_color(Some(false));
    let f = Fixture::new(&records());
    let (w, h) = (100, 30);
    let mut s = screen(f.store(), &f, false, w, h);
    let row_of = |buf: &ratatui::buffer::Buffer, needle: &str| -> u16 {
        (0..h)
            .find(|&y| {
                let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
                line.contains(needle)
            })
            .unwrap_or_else(|| panic!("no row with {needle}"))
    };
    let has = |buf: &ratatui::buffer::Buffer, y: u16, m: Modifier| {
        (0..w).all(|x| buf[(x, y)].modifier.contains(m))
    };
    let buf = s.draw().buffer().clone();
    for c in buf.content() {
        assert_eq!(
            (c.fg, c.bg),
            (Color::Reset, Color::Reset),
            "a colour in {c:?}"
        );
    }
    // The selection is reverse video, and moves with j.
    let first = row_of(&buf, "GetCallerIdentity");
    assert!(has(&buf, first, Modifier::REVERSED));
    assert!(!has(&buf, first + 1, Modifier::REVERSED));
    s.press('j');
    let buf = s.draw().buffer().clone();
    assert!(!has(&buf, first, Modifier::REVERSED));
    assert!(has(&buf, first + 1, Modifier::REVERSED));
    // Errors, writes and marks have glyphs.
    let y = row_of(&buf, "RunInstances");
    assert_eq!(buf[(1, y)].symbol(), "●");
    assert_eq!(buf[(2, y)].symbol(), "✗");
    let y = row_of(&buf, "ListBuckets");
    assert_eq!((buf[(1, y)].symbol(), buf[(2, y)].symbol()), (" ", " "));
    s.send(Msg::Action(trailscope::app::Action::Mark));
    let buf = s.draw().buffer().clone();
    assert_eq!(buf[(0, first + 1)].symbol(), "▌");
    // Focus on the detail: the list's selection is underlined, the detail's title bold and
    // underlined; nothing reversed is left in the list.
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    let buf = s.draw().buffer().clone();
    let sel = (0..h)
        .find(|&y| has(&buf, y, Modifier::UNDERLINED) && buf[(5, y)].symbol() != "─")
        .expect("an underlined selection");
    assert!(!has(&buf, sel, Modifier::REVERSED));
    let title = row_of(&buf, "─ detail");
    assert!(buf[(3, title)]
        .modifier
        .contains(Modifier::BOLD | Modifier::UNDERLINED));
    for c in buf.content() {
        assert_eq!(
            (c.fg, c.bg),
            (Color::Reset, Color::Reset),
            "a colour in {c:?}"
        );
    }
    ui::theme::set_color(None);
}

// ---- Timeline axis (issue 9 point 7) -------------------------------------------------------

#[test]
fn timeline_labels_sit_under_their_bars_and_markers_never_hide_them() {
    use ratatui::style::Modifier;
    let f = Fixture::new(&records());
    let (w, h) = (80, 24);
    let mut s = screen(f.store(), &f, false, w, h);
    let buf = s.draw().buffer().clone();
    let line = |buf: &ratatui::buffer::Buffer, y: u16| -> String {
        (0..w).map(|x| buf[(x, y)].symbol()).collect()
    };
    let axis = h - 2;
    let text = line(&buf, axis);
    // 1 min buckets from 11:45: ticks every 15 minutes, each under its bucket.
    assert!(
        text.starts_with("07-10 11:45    12:00          12:15"),
        "{text:?}"
    );
    let bars_end = (0..w)
        .rev()
        .find(|&x| buf[(x, axis - 1)].symbol() != " ")
        .unwrap();
    assert!(
        text.trim_end().len() as u16 <= bars_end + 1,
        "labels past the bars: {text:?}"
    );
    // The first event is selected: its bucket (column 0) is under the first label, which stays,
    // reversed.
    assert!(buf[(0, axis)].modifier.contains(Modifier::REVERSED));
    // With the timeline focused, its cursor on a label character reverses it too.
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    for _ in 0..15 {
        s.press('l');
    }
    let buf = s.draw().buffer().clone();
    let text = line(&buf, axis);
    assert!(text.contains("12:00"), "{text:?}");
    assert!(!text.contains('^') || !text.contains("^2:00"), "{text:?}");
    insta::assert_snapshot!("80x24_timeline_axis", s.draw());
}

// ---- Counts while loading (issue 9 point 10) -----------------------------------------------

#[test]
fn while_loading_the_count_says_what_each_number_is() {
    let f = Fixture::new(&records());
    let mut s = screen(EventStore::default(), &f, true, 80, 24);
    {
        let mut st = s.ctx.store.write().unwrap();
        f.push(&mut st, 0..7);
    }
    s.send(Msg::Appended);
    s.press('/');
    s.typ("who:bob");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let text = s.text();
    let status = text.lines().last().unwrap();
    assert!(status.starts_with("3 shown · 7 loaded"), "{status}");
    // Once loaded, matching / total.
    {
        let mut st = s.ctx.store.write().unwrap();
        f.push(&mut st, 7..12);
    }
    s.send(Msg::LoadDone(Box::new(LoadReport {
        events: 12,
        ..Default::default()
    })));
    let text = s.text();
    assert!(
        text.lines().last().unwrap().starts_with("6 / 12 events"),
        "{text}"
    );
}

/// Point 13 of issue 9: side by side, the detail pane was 80 columns at 200 whatever one read.
/// With the keyboard (Tab, or Enter on a row) it takes all but 79 columns of list, and gives
/// them back when the keyboard leaves it; its text is rewrapped to the width it has.
#[test]
fn detail_takes_the_width_while_read_200x60() {
    let recs = invictus_records(
        "218007301253_CloudTrail_us-east-1_20230710T1230Z_04rtp9DpvIpSZzMr.json.gz",
        &["CreateRole"],
    );
    let f = Fixture::new(&recs);
    let mut s = screen(f.store(), &f, false, 200, 60);
    assert_eq!(s.app.viewport.detail.width, 80);
    let longest = |s: &Screen| {
        s.app
            .detail
            .lines
            .iter()
            .map(|l| l.indent as usize + l.text().chars().count())
            .max()
            .unwrap()
    };
    assert!(longest(&s) <= 80);
    s.key(KeyCode::Enter, KeyModifiers::NONE); // open the detail
    assert_eq!(s.app.viewport.detail.width, 200 - 1 - 79);
    assert_eq!(s.app.viewport.list.width, 79);
    assert!(longest(&s) > 80, "rewrapped to the new width");
    insta::assert_snapshot!("200x60_detail_focused_wide", s.draw());
    let text = s.text();
    let agent_line = text.lines().find(|l| l.contains("\"userAgent\"")).unwrap();
    assert!(
        agent_line.contains("terraform-provider-aws/"),
        "{agent_line}"
    );
    s.key(KeyCode::Tab, KeyModifiers::NONE); // on to the timeline
    assert_eq!(s.app.viewport.detail.width, 80);
    assert!(longest(&s) <= 80);
}

/// The group-by popup (`c`, issue 10.1) on the invictus day: `who` counted at once, a nested
/// count (`key,ip`) sorted by distinct inner values, a JSON path, Enter adding `field:value`
/// and `-` adding `-field:value` to the filter; the progress line of a count still reading.
fn group_by_story(w: u16, h: u16) {
    use trailscope::app::{update, Action, Mode};
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, w, h);
    let tag = format!("{w}x{h}");
    s.press('c');
    assert_eq!(s.app.mode, Mode::Facets);
    insta::assert_snapshot!(format!("{tag}_group_who"), s.draw());
    let top = s.app.facets.result.as_ref().unwrap().groups[0].clone();
    assert_eq!(top.value.as_deref(), Some("bert-jan"));

    s.typ("key,ip");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(!s.app.facets.editing);
    // Most events → fewest → value → most distinct inner values.
    s.typ("sss");
    assert_eq!(s.app.facets.sort.key, trailscope::query::SortKey::Distinct);
    insta::assert_snapshot!(format!("{tag}_group_key_ip_distinct"), s.draw());
    let r = s.app.facets.result.clone().unwrap();
    // The keys used from most IPs first; the events signed with no key (85, from 9 IPs, more
    // than any key) after all of them: noise here.
    let (missing, keys) = r.groups.split_last().unwrap();
    assert_eq!((missing.value.as_deref(), missing.distinct), (None, 9));
    let d: Vec<u32> = keys.iter().map(|g| g.distinct).collect();
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "{d:?}");
    assert_eq!(d[0], 2);

    s.press('/');
    assert!(s.app.facets.editing);
    s.typ("requestParameters.roleArn");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!(format!("{tag}_group_role_arn"), s.draw());
    // The events without a roleArn (the most) are the last group; the first one is a role:
    // add it.
    let r = s.app.facets.result.clone().unwrap();
    assert_eq!(r.groups.last().unwrap().value, None);
    assert!(r.groups.last().unwrap().count > r.groups[0].count);
    let role = r.groups[0].value.clone().unwrap();
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.mode, Mode::Normal);
    let term = trailscope::query::filter_term("requestParameters.roleArn", &role);
    assert_eq!(s.app.filter.input.value(), term);
    assert_eq!(s.app.rows.len(), r.groups[0].count as usize);

    // Reopened: the last field is counted again, over the new result; `-` excludes.
    s.press('c');
    s.key(KeyCode::Down, KeyModifiers::NONE);
    s.press('-');
    assert_eq!(s.app.filter.input.value(), format!("{term} -{term}"));
    assert!(s.app.rows.is_empty());

    // While a JSON path is being counted, the popup says how far it got (the job is not
    // performed here, so it stays running).
    let mut s = screen(f.store(), &f, false, w, h);
    s.press('c');
    s.typ("requestParameters.bucketName");
    let _ = update(&mut s.app, Msg::Action(Action::Apply));
    let run = s.app.facets.running.clone().expect("a count is running");
    assert_eq!(run.total, 2900);
    run.done.store(966, std::sync::atomic::Ordering::Relaxed);
    insta::assert_snapshot!(format!("{tag}_group_progress"), s.draw());
    let text = s.text();
    assert!(
        text.contains("counting… 966 / 2,900 records read (33%)"),
        "{text}"
    );
}

#[test]
fn group_by_80x24() {
    group_by_story(80, 24);
}

#[test]
fn group_by_160x45() {
    group_by_story(160, 45);
}

// ---- Detections (issue 11 point 5): badges, the detections view, hits in the detail pane,
// ---- Local Insights markers on the timeline ------------------------------------------------

/// Four hours of one read a minute, with a console brute force (30 failed sign-ins in a
/// minute at 02:00) and an enumeration (20 `GetUser` errors at 01:40): Local Insights finds
/// both. Rules flag the sign-ins (high, credential access) and the enumeration (medium, with a
/// hostile title and author, which must render escaped).
fn detections_store() -> (EventStore, Fixture) {
    use trailscope::model::time::format_utc;
    let base = 1_793_491_200_000i64; // 2026-11-01T00:00:00Z
    let mut recs = Vec::new();
    for m in 0..240i64 {
        recs.push(format!(
            r#"{{"eventVersion":"1.09","eventTime":"{}","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.5","userAgent":"aws-cli/2.15","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/i-1"}},"readOnly":true,"eventID":"r{m}","eventType":"AwsApiCall","recipientAccountId":"111122223333"}}"#,
            format_utc(base + m * 60_000 + 7_000)
        ));
    }
    for i in 0..30i64 {
        recs.push(format!(
            r#"{{"eventVersion":"1.09","eventTime":"{}","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"185.220.101.7","userAgent":"Mozilla/5.0","userIdentity":{{"type":"IAMUser","userName":"admin"}},"errorMessage":"Failed authentication","responseElements":{{"ConsoleLogin":"Failure"}},"readOnly":false,"eventID":"b{i}","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}}"#,
            format_utc(base + 120 * 60_000 + i * 2_000)
        ));
    }
    for i in 0..20i64 {
        recs.push(format!(
            r#"{{"eventVersion":"1.09","eventTime":"{}","eventSource":"iam.amazonaws.com","eventName":"GetUser","awsRegion":"us-east-1","sourceIPAddress":"185.220.101.7","userAgent":"Boto3/1.34 kali","userIdentity":{{"type":"IAMUser","userName":"legacy-app","accessKeyId":"AKIAEXAMPLE"}},"errorCode":"NoSuchEntityException","errorMessage":"The user cannot be found.","readOnly":true,"eventID":"e{i}","eventType":"AwsApiCall","recipientAccountId":"111122223333"}}"#,
            format_utc(base + 100 * 60_000 + i * 3_000)
        ));
    }
    let f = Fixture::new(&recs);
    let mut st = f.store();
    use trailscope::model::hits::{Hit, Hits, Level, RuleHits, RuleMeta};
    let rows_named = |st: &EventStore, name: &str| -> Vec<u32> {
        (0..st.len() as u32)
            .filter(|&r| st.str(trailscope::model::SymField::Name, r as usize) == name)
            .collect()
    };
    let logins = rows_named(&st, "ConsoleLogin");
    let enumeration = rows_named(&st, "GetUser");
    let rule = |id: &str, title: &str, level, tactic: &str, author: &str| RuleMeta {
        id: id.into(),
        title: title.into(),
        level,
        tactics: vec![tactic.into()],
        techniques: vec!["T1110".into()],
        description: "Many failed console sign-ins from one address.".into(),
        false_positives: vec!["A user who forgot their password".into()],
        references: vec!["https://attack.mitre.org/techniques/T1110/".into()],
        author: author.into(),
        license: "DRL-1.1".into(),
        ..Default::default()
    };
    st.set_hits(Hits::new(vec![
        RuleHits {
            rule: Arc::new(rule(
                "ts-brute-force",
                "Console brute force",
                Level::High,
                "credential-access",
                "trailscope",
            )),
            hits: logins
                .iter()
                .map(|&row| Hit {
                    row,
                    ..Default::default()
                })
                .collect(),
        },
        RuleHits {
            rule: Arc::new(rule(
                "evil-rule",
                "Enumeration \u{1b}[31mred\u{7}",
                Level::Medium,
                "discovery",
                "Mallory \u{1b}]0;pwned\u{7}",
            )),
            hits: enumeration
                .iter()
                .map(|&row| Hit {
                    row,
                    ..Default::default()
                })
                .collect(),
        },
    ]));
    (st, f)
}

#[test]
fn detections_badges_view_detail_and_timeline_markers() {
    let (st, f) = detections_store();
    let mut s = screen(st, &f, false, 160, 45);
    // The detections job ran (inline) when the explorer opened: Local Insights are on the store.
    {
        let st = s.ctx.store.read().unwrap();
        assert!(st.insights.computed);
        assert_eq!(st.insights.episodes.len(), 2, "{:?}", st.insights.episodes);
    }
    // Jump to the brute force: the list shows badges, the timeline its markers.
    s.typ("/");
    s.typ("name:ConsoleLogin|GetUser");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let text = s.text();
    assert!(text.contains("▲CRD"), "{text}");
    assert!(text.contains("■DIS"), "{text}");
    assert!(
        text.contains("◇"),
        "insight markers on the timeline:\n{text}"
    );
    insta::assert_snapshot!("detections_01_badges_and_markers", s.draw());
    // The detail pane of a flagged event (the first, an enumeration call): title, level,
    // description, ATT&CK, references, false positives, author; escaped.
    s.press('g');
    let text = s.text();
    insta::assert_snapshot!("detections_01b_detail_hits", s.draw());
    for want in [
        "Enumeration",
        "medium",
        "ATT&CK: discovery, T1110",
        "false positives: A user who forgot their password",
        "author: Mallory",
        "Local Insights · error-rate · trailscope's estimate",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    // The detections view.
    s.press('D');
    let text = s.text();
    for want in [
        "Detection rules · 2 of 2 fired",
        "Console brute force",
        "Local Insights · trailscope's estimate, not AWS's",
        "less than the preceding 7 days",
        "write-rate us-east-1 signin ConsoleLogin",
        "error-rate us-east-1 iam GetUser",
        "no CloudTrail Insights events in this trail",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    insta::assert_snapshot!("detections_02_view", s.draw());
    // Enter on the first rule (high first) filters to its hits.
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.filter.shown, "rule:ts-brute-force");
    assert_eq!(s.app.rows.len(), 30);
    // Down twice: the first Insights episode (the enumeration, earlier).
    s.press('D');
    s.press('j');
    s.press('j');
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        s.app.filter.shown.starts_with("insight:error-rate"),
        "{}",
        s.app.filter.shown
    );
    assert_eq!(s.app.rows.len(), 20);
    insta::assert_snapshot!("detections_03_insight_filtered", s.draw());
}

#[test]
fn detection_badges_have_glyphs_without_colour() {
    ui::theme::set_color(Some(false));
    let (st, f) = detections_store();
    let mut s = screen(st, &f, false, 120, 40);
    s.typ("/");
    s.typ("name:ConsoleLogin");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let text = s.text();
    assert!(text.contains("▲CRD"), "{text}");
    assert!(text.contains("◇"), "{text}");
    ui::theme::set_color(None);
}

#[test]
fn no_badge_column_without_hits() {
    let f = Fixture::new(&records());
    let mut s = screen(f.store(), &f, false, 120, 40);
    assert!(!s.text().contains("DET"));
    s.press('D');
    let text = s.text();
    assert!(text.contains("no rules ran"), "{text}");
    assert!(text.contains("no unusual write or error rates"), "{text}");
}

/// The explorer over the whole invictus day, with `filter` applied (typed on the filter line).
fn invictus_screen(w: u16, h: u16, filter: &str) -> Screen {
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, w, h);
    s.press('/');
    s.typ(filter);
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    s
}

/// Issue 10.4: on a CreateAccessKey the pivot menu first follows the record's data (the new
/// key, what lineage it starts, the target user), each item with the filter it applies; then
/// Backspace after a pivot shows the view before it.
#[test]
fn pivot_menu_follows_the_data_160x45() {
    let mut s = invictus_screen(160, 45, "id:64b7de64-bf53-47ae-b7e3-d30cb1b5136e");
    s.press('p');
    insta::assert_snapshot!("160x45_pivot_follows_data", s.draw());
    s.press('T');
    insta::assert_snapshot!("160x45_pivot_applied", s.draw());
    s.key(KeyCode::Backspace, KeyModifiers::NONE);
    insta::assert_snapshot!("160x45_pivot_back", s.draw());
}

/// Issue 10.3 in the explorer: `L` on a role session bert-jan opened shows the tree from his
/// long-term key, each session with its events, IPs and time span, this one selected.
#[test]
fn lineage_tree_160x45_and_80x24() {
    let mut s = invictus_screen(160, 45, "key:ASIATFQR7NSCWLLE7IWW");
    s.press('L');
    insta::assert_snapshot!("160x45_lineage_tree", s.draw());
    let mut s = invictus_screen(80, 24, "key:ASIATFQR7NSCS5BLNV76");
    s.press('L');
    insta::assert_snapshot!("80x24_lineage_tree_console", s.draw());
}

/// The profile popup (`i`, issue 10.2) on the invictus day: the selected event's principal,
/// then its key; Enter filters to the events profiled.
fn profile_story(w: u16, h: u16) {
    use trailscope::app::Mode;
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, w, h);
    let tag = format!("{w}x{h}");
    s.press('/');
    s.typ("who:bert-jan key:ASIATFQR7NSC2T5YJDEY");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.rows.len(), 35);
    s.press('i');
    assert_eq!(s.app.mode, Mode::Profile);
    let names: Vec<&str> = s.app.profile.tabs.iter().map(|t| t.name).collect();
    assert_eq!(names, ["who", "key", "IP", "session"]);
    insta::assert_snapshot!(format!("{tag}_profile_who"), s.draw());
    let p = s.app.profile.result.clone().unwrap();
    assert_eq!(p.events, 2642);
    assert_eq!(p.assumed_roles.len(), 5);
    assert_eq!(p.logins.mfa, 1);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    insta::assert_snapshot!(format!("{tag}_profile_key"), s.draw());
    let key = s.app.profile.tabs[1].clone();
    let n = s.app.profile.result.as_ref().unwrap().events;
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(s.app.filter.input.value(), key.term);
    assert_eq!(s.app.rows.len(), n);
}

#[test]
fn profile_80x24() {
    profile_story(80, 24);
}

#[test]
fn profile_160x45() {
    profile_story(160, 45);
}

/// `trailscope detect` and the explorer's badges agree (issue 11): on the demo trail (the
/// invictus attack recording) the explorer's detections job finds exactly the hits the headless
/// command prints (event, rule); every printed event is badged at its highest printed level or
/// above; every other badge is an event behind an aggregate hit's count.
#[test]
fn trailscope_detect_and_the_badges_agree() {
    use std::collections::{BTreeMap, BTreeSet};
    use trailscope::detect::{RuleOptions, RuleSet};
    use trailscope::model::hits::Level;
    let dir = format!("{}/assets/demo/invictus", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["detect", "--format", "json", &dir])
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut printed: BTreeSet<(String, String)> = BTreeSet::new();
    let mut printed_level: BTreeMap<String, Level> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let l = Level::parse(v["level"].as_str().unwrap()).unwrap();
        printed.insert((id.clone(), v["rule"].as_str().unwrap().to_string()));
        let e = printed_level.entry(id).or_insert(l);
        *e = (*e).max(l);
    }
    assert!(
        printed.len() > 10,
        "the pack flags the attack: {}",
        printed.len()
    );
    // The explorer over the same files, with the same (default) rules, through its job.
    let (store, _) = trailscope::loader::load(
        vec![trailscope::loader::Input::Path(dir.into())],
        &trailscope::loader::LoadOptions::default(),
        &trailscope::loader::Progress::default(),
    );
    let store = Arc::new(RwLock::new(store));
    let src = Arc::new(trailscope::loader::reread::SourceReader::new(store.clone()));
    let mut s = Screen::new(store, src, "invictus", false, 160, 45);
    s.app
        .set_rules(Some(Arc::new(RuleSet::load(&RuleOptions::default()))));
    let mut cmds = Vec::new();
    s.app.request_detect(&mut cmds);
    s.pump(cmds);
    let st = s.ctx.store.read().unwrap();
    let id = |r: u32| st.event_id.get(r as usize).to_string();
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    let mut behind: BTreeSet<u32> = BTreeSet::new();
    for rh in &st.hits().rules {
        for h in &rh.hits {
            found.insert((id(h.row), rh.rule.id.clone()));
            behind.extend(h.events.iter().copied());
        }
    }
    let missing = printed.difference(&found).count();
    let extra = found.difference(&printed).count();
    assert!(
        missing == 0 && extra == 0,
        "{missing} printed hits not found, {extra} found hits not printed"
    );
    let mut badged = 0;
    for r in 0..st.len() as u32 {
        let badge = trailscope::app::detections::badge(&st, r);
        match printed_level.get(&id(r)) {
            Some(&l) => {
                let (b, _) =
                    badge.unwrap_or_else(|| panic!("printed event {} has no badge", id(r)));
                assert!(b >= l, "{}: badge {b:?} below printed {l:?}", id(r));
            }
            None => assert!(
                badge.is_none() || behind.contains(&r),
                "{} badged but neither printed nor behind an aggregate hit",
                id(r)
            ),
        }
        badged += usize::from(badge.is_some());
    }
    assert!(badged >= printed_level.len());
    drop(st);
    // And the list draws them: a printed event's badge glyph is on screen once filtered to it.
    let (eid, l) = printed_level.iter().next().unwrap();
    s.typ("/");
    s.typ(&format!("id:{eid}"));
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    let text = s.text();
    assert!(
        text.contains(ui::detections::level_glyph(*l)) || text.contains("◆"),
        "{text}"
    );
}

/// A file whose only problem lost no event (bytes after the gzip data) is "with a warning",
/// never "read in part"; a file cut short is "read in part" (issue 8: warning vs failure). The
/// failed-files popup lists them under separate headings.
#[test]
fn warnings_are_told_apart_from_files_read_in_part() {
    use trailscope::loader::ProblemKind;
    let f = Fixture::new(&records());
    let problem = |path: &str, kind| trailscope::app::FileProblem {
        path: path.into(),
        reason: "some reason".into(),
        kind,
    };
    let status = |warnings: Vec<trailscope::app::FileProblem>| {
        let mut s = screen(f.store(), &f, true, 160, 45);
        s.send(Msg::LoadDone(Box::new(LoadReport {
            warnings,
            events: 12,
            ..Default::default()
        })));
        s
    };
    let mut s = status(vec![problem("padded.json.gz", ProblemKind::Warning)]);
    let text = s.text();
    assert!(text.contains("1 file with a warning"), "{text}");
    assert!(!text.contains("read in part"), "{text}");
    let mut s = status(vec![
        problem("cut.json", ProblemKind::Failure),
        problem("padded.json.gz", ProblemKind::Warning),
        problem("padded2.json.gz", ProblemKind::Warning),
    ]);
    let text = s.text();
    assert!(text.contains("1 file read in part"), "{text}");
    assert!(text.contains("2 files with a warning"), "{text}");
    s.press('F');
    let text = s.text();
    let part = text.find("read in part:").expect("heading");
    let warned = text.find("warnings (no event lost):").expect("heading");
    assert!(part < text.find("cut.json").unwrap());
    assert!(
        warned < text.find("padded.json.gz").unwrap() && part < warned,
        "{text}"
    );
}

/// Issue 11: times in the detections view (and on the timeline) carry the year when the
/// loaded events span two years, as the list's do; within one year they drop it.
#[test]
fn detection_spans_show_the_year_when_the_trail_crosses_one() {
    use trailscope::model::hits::{Hit, Hits, Level, RuleHits, RuleMeta};
    let rec = |id: &str, t: &str| {
        format!(
            r#"{{"eventVersion":"1.09","eventTime":"{t}","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.5","userIdentity":{{"type":"IAMUser","userName":"admin"}},"eventID":"{id}","eventType":"AwsApiCall","recipientAccountId":"111122223333"}}"#
        )
    };
    let view = |times: [&str; 2]| {
        let f = Fixture::new(&[rec("a", times[0]), rec("b", times[1])]);
        let mut st = f.store();
        st.set_hits(Hits::new(vec![RuleHits {
            rule: Arc::new(RuleMeta {
                id: "ts-new-user".into(),
                title: "New user".into(),
                level: Level::Medium,
                ..Default::default()
            }),
            hits: (0..2)
                .map(|row| Hit {
                    row,
                    ..Default::default()
                })
                .collect(),
        }]));
        let mut s = screen(st, &f, false, 120, 30);
        let list = s.text();
        s.press('D');
        (list, s.text())
    };
    let (list, text) = view(["2025-12-31T23:50:00Z", "2026-01-01T00:10:00Z"]);
    assert!(list.contains("2025-12-31 23:50:00"), "{list}");
    assert!(
        text.contains("2025-12-31 23:50–2026-01-01 00:10"),
        "the detections view shows the year:\n{text}"
    );
    // The timeline's date labels carry the year too.
    let axis = |screen: &str| {
        screen
            .lines()
            .find(|l| l.starts_with('▲'))
            .unwrap_or_default()
            .to_string()
    };
    assert!(axis(&list).contains("2026-01-01 00:00"), "{list}");
    let (list, text) = view(["2026-03-01T10:00:00Z", "2026-03-02T11:00:00Z"]);
    assert!(!list.contains("2026-03-01 10:00"), "{list}");
    assert!(axis(&list).contains(" 03-01 12:00 "), "{list}");
    assert!(!axis(&list).contains("2026"), "{list}");
    assert!(text.contains(" 03-01 10:00–03-02 11:00 "), "{text}");
}

/// Issue 11: an event no rule flags, whose API TrailDiscover's map knows, gets a two-line note
/// in the detail pane (tactics, techniques, what the API does), credited; a flagged event gets
/// its hits instead, and without rules there is no note (the other snapshots).
#[test]
fn an_event_no_rule_flags_gets_traildiscovers_note() {
    let (st, f) = detections_store();
    let mut s = screen(st, &f, false, 160, 45);
    s.press('g');
    let text = s.text();
    assert!(
        text.contains(" ◦ no rule flags it; TrailDiscover (CC BY 4.0): Exfiltration, T"),
        "{text}"
    );
    assert!(
        text.contains("   Retrieves an object from Amazon S3."),
        "{text}"
    );
    insta::assert_snapshot!("detections_04_traildiscover_note", s.draw());
    // A flagged event: its hits, no note.
    s.typ("/");
    s.typ("name:ConsoleLogin");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    s.press('g');
    let text = s.text();
    assert!(text.contains("Console brute force"), "{text}");
    assert!(!text.contains("no rule flags it"), "{text}");
}

// ---- Sort by a column, compare two events (issue 12 point 2) -------------------------------

/// The header of the sorted column carries ▲/▼ (and, without colour, is bold and
/// underlined); the status line says the sort in words, for a column the width left out.
#[test]
fn the_header_shows_the_sort_80x24_and_200x60() {
    let f = Fixture::new(&records());
    for (w, h) in [(80, 24), (200, 60)] {
        let mut s = screen(f.store(), &f, false, w, h);
        s.press('o');
        insta::assert_snapshot!(format!("{w}x{h}_sorted_by_who"), s.draw());
        let text = s.text();
        let header = text.lines().nth(1).unwrap();
        assert!(header.contains("WHO ▲"), "{header}");
        assert!(!header.contains("TIME (UTC) ▲"), "{header}");
        assert!(text.contains("sort who ▲"), "{text}");
        s.press('O');
        assert!(s.text().lines().nth(1).unwrap().contains("WHO ▼"));
        // Down to the error column, where the missing value goes last either way.
        for _ in 0..5 {
            s.press('o');
        }
        let text = s.text();
        assert!(text.contains("sort error ▲"), "{text}");
        if w >= 160 {
            assert!(text.lines().nth(1).unwrap().contains("ERROR ▲"), "{text}");
        }
        let first = text.lines().nth(2).unwrap();
        assert!(first.contains("AssumeRole"), "{first}");
    }
    ui::theme::set_color(Some(false));
    let mut s = screen(f.store(), &f, false, 100, 30);
    s.press('o');
    let buf = s.draw().buffer().clone();
    let x = (0..100u16)
        .find(|&x| buf[(x, 1)].symbol() == "W" && buf[(x + 1, 1)].symbol() == "H")
        .expect("the WHO label");
    let m = buf[(x, 1)].modifier;
    assert!(m.contains(ratatui::style::Modifier::UNDERLINED | ratatui::style::Modifier::BOLD));
    let t = (0..100u16).find(|&x| buf[(x, 1)].symbol() == "T").unwrap();
    assert!(!buf[(t, 1)]
        .modifier
        .contains(ratatui::style::Modifier::UNDERLINED));
    ui::theme::set_color(None);
}

/// Two AssumeRole calls of one role, the second from a strange IP with a hostile user agent:
/// the compare view lines them up, highlights what differs (IP, agent, time, ids), escapes the
/// agent, and n jumps between differences. Stacked at 80×24, side by side at 200×60.
#[test]
fn compare_two_assume_roles_80x24_and_200x60() {
    let base: serde_json::Value = records()
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(r).unwrap())
        .find(|v| v["eventName"] == "AssumeRole")
        .unwrap();
    let mut other = base.clone();
    other["eventTime"] = "2023-07-10T13:05:00Z".into();
    other["eventID"] = "0e0e0e0e-1111-2222-3333-444444444444".into();
    other["sourceIPAddress"] = "185.220.101.4".into();
    other["userAgent"] = "\u{1b}]0;pwned\u{7}python-requests/2.31".into();
    let recs = [base.to_string(), other.to_string()];
    let f = Fixture::new(&recs);
    for (w, h) in [(80, 24), (200, 60)] {
        let mut s = screen(f.store(), &f, false, w, h);
        s.press('d');
        assert!(s.text().contains("compare: mark one event"), "{}", s.text());
        s.press(' ');
        s.press('d');
        insta::assert_snapshot!(format!("{w}x{h}_compare"), s.draw());
        let diffs = s.app.compare.loaded.as_ref().unwrap().hunks.len();
        assert_eq!(diffs, 3, "the id, the time, then the IP and the agent");
        s.press('n');
        assert!(s.text().contains("difference 2 of 3"));
        s.press('n');
        let text = s.text();
        assert!(text.contains("difference 3 of 3"), "{text}");
        assert!(text.contains("185.220.101.4"), "{text}");
        assert!(text.contains("\\x1b]0;pwned\\x07python-requests"), "{text}");
        let buf = s.term.backend().buffer().clone();
        assert!(buf.content().iter().all(|c| !c.symbol().contains('\u{1b}')));
        // The changed IP line is marked in the gutter in both layouts.
        let ip_line = text
            .lines()
            .find(|l| l.contains("185.220.101.4") && l.contains("sourceIPAddress"))
            .unwrap();
        assert!(ip_line.contains("+ "), "{ip_line}");
        if w < 160 {
            // Scrolled to the difference, on the short screen.
            insta::assert_snapshot!(format!("{w}x{h}_compare_third_difference"), s.draw());
        }
        s.key(KeyCode::Esc, KeyModifiers::NONE);
        assert!(!s.text().contains("compare ·"));
    }
}

/// Issue 12.1: a config file's columns (a registry field, a JSON-path target with
/// alternatives, a fixed time zone), its keymap (help and hints follow the user's keys) and its
/// named views (the menu lists them beside the case's).
#[test]
fn config_columns_keys_and_views_160x45() {
    let cfg = trailscope::tui::config::parse(
        r#"
time_zone = "+02:00"
[list]
columns = ["time", "name", { field = "requestParameters.roleArn|userName|bucketName", title = "TARGET", width = 44 }, "ip"]
[keys.normal]
quit = "x"
help = "H"
edit_filter = ","
down = ["J", "Down"]
mark = "m"
[[views]]
name = "role assumptions"
filter = "name:AssumeRole"
key = "1"
"#,
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    trailscope::keys::set_local(Some(cfg.keymap.clone()));
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, 160, 45);
    trailscope::tui::config::apply(&cfg, &mut s.app);
    // The view's own key applies its filter; the target column reads each row's record.
    s.press('1');
    s.press('J');
    s.press('m');
    insta::assert_snapshot!("160x45_config_columns_and_hints", s.draw());
    s.press('v');
    insta::assert_snapshot!("160x45_config_views_menu", s.draw());
    s.key(KeyCode::Esc, KeyModifiers::NONE);
    s.press('H');
    insta::assert_snapshot!("160x45_config_help", s.draw());
    trailscope::keys::set_local(None);
}

// ---- A new user's first hour (80×24 and 200×60) -------------------------------------------

/// At 80 columns the event name and the principal come before the wide, low-value columns:
/// the invictus trail's longest names on one screen are shown whole (the service gives way),
/// and beside the detail at 200 columns no column is wider than WHO while WHO is cut.
#[test]
fn event_names_are_whole_at_80x24_and_who_wins_at_200x60() {
    let names = "GetBucketPublicAccessBlock|DescribeInstanceAttribute";
    let mut s = invictus_detected(80, 24);
    s.press('/');
    s.typ(&format!("name:{names}"));
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!("80x24_long_event_names", s.draw());
    let text = s.text();
    let rows: String = text.lines().skip(2).take(9).collect::<Vec<_>>().join("\n");
    for n in names.split('|') {
        assert!(rows.contains(n), "{n} is cut:\n{text}");
    }
    // The IP beside it stays whole too.
    assert!(rows.contains("10.248.16.43"), "{text}");
    let mut s = invictus_detected(200, 60);
    insta::assert_snapshot!("200x60_first_screen", s.draw());
    // Beside the detail, no principal or event name on the first screen is cut.
    let text = s.text();
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let header: String = lines[1].iter().collect();
    let at = |label: &str| header[..header.find(label).unwrap()].chars().count();
    let (who, source) = (at("WHO"), at("SOURCE "));
    for l in &lines[2..20] {
        let cells: String = l[who..source].iter().collect();
        assert!(!cells.contains('…'), "{cells}\n{text}");
    }
}

/// The invictus trail with the bundled detection pack run over it.
fn invictus_detected(w: u16, h: u16) -> Screen {
    use trailscope::detect::{RuleOptions, RuleSet};
    let f = Fixture::new(&invictus_all());
    let mut s = screen(f.store(), &f, false, w, h);
    s.app
        .set_rules(Some(Arc::new(RuleSet::load(&RuleOptions::default()))));
    let mut cmds = Vec::new();
    s.app.request_detect(&mut cmds);
    s.pump(cmds);
    s
}

/// The line of keys of each popup at 80×24 shows whole hints that fit, the way out among
/// them, and so does the status line: no hint is cut.
#[test]
fn hint_lines_fit_at_80x24() {
    let mut s = invictus_detected(80, 24);
    s.press('/');
    s.typ("rule:ts-iam-admin-policy-attached");
    s.key(KeyCode::Enter, KeyModifiers::NONE);
    for (key, shown) in [
        ('D', "Esc close"),
        ('p', "Esc close"),
        ('f', "Esc close"),
        ('c', "Esc back / close"),
        ('i', "Esc close"),
        ('L', "Esc close"),
        ('e', "Esc cancel"),
        ('?', "Esc close"),
    ] {
        s.press(key);
        let text = s.text();
        let line = text
            .lines()
            .find(|l| l.contains(shown))
            .unwrap_or_else(|| panic!("{key}: no '{shown}' hint:\n{text}"));
        let hints = line.split(shown).next().unwrap();
        assert!(!hints.contains('…'), "{key}: a hint is cut: {line}");
        let status = text.lines().last().unwrap();
        assert!(!status.trim_end().ends_with('…'), "{key}: {status}");
        s.key(KeyCode::Esc, KeyModifiers::NONE);
        if key == 'c' {
            s.key(KeyCode::Esc, KeyModifiers::NONE);
        }
    }
    // Browsing: the help's key stays in the status line, and the filter line's invitation is
    // whole beside the title.
    let text = s.text();
    assert!(text.lines().last().unwrap().contains("? help"), "{text}");
    assert!(!text.lines().next().unwrap().contains('…'), "{text}");
}

/// The help says where it is when it does not fit (80×24), `End` goes to its end and one `k`
/// moves back at once (the scroll stops at the end); at 200×60 it is laid out in two columns.
#[test]
fn help_scrolls_with_its_position_and_uses_the_width() {
    let mut s = invictus_screen(80, 24, "");
    s.press('?');
    let first = s.text();
    assert!(first.contains("help · lines 1–"), "{first}");
    for _ in 0..500 {
        s.press('j');
    }
    let end = s.text();
    s.key(KeyCode::End, KeyModifiers::NONE);
    assert_eq!(s.text(), end, "j stops at the end");
    assert!(end.contains("the record's text contains it"), "{end}");
    s.press('k');
    assert_ne!(s.text(), end, "one k moves back from the end");
    insta::assert_snapshot!("80x24_help_one_up_from_the_end", s.draw());
    let mut s = invictus_screen(200, 60, "");
    s.press('?');
    insta::assert_snapshot!("200x60_help_two_columns", s.draw());
    let text = s.text();
    // Two screenfuls of lines at once: more lines than the terminal has rows.
    let shown: usize = text
        .split("help · lines 1–")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no position in the title:\n{text}"));
    assert!(shown > 60, "{shown}\n{text}");
    let row = text.lines().find(|l| l.contains("Ctrl-c")).unwrap();
    assert!(row.contains("quit") && row.contains("cancel"), "{row}");
}

/// The detections view at 80×24: a span within one day shows its day once
/// (`07-10 11:59–12:08`), and the title says where the selection is among the entries.
#[test]
fn detections_view_at_80x24_shows_short_spans_and_its_position() {
    let mut s = invictus_detected(80, 24);
    s.press('D');
    insta::assert_snapshot!("80x24_detections", s.draw());
    let text = s.text();
    assert!(text.contains("07-10 11:59–12:08"), "{text}");
    assert!(!text.contains("07-10 11:59–07-10"), "{text}");
    assert!(text.contains("detections · 2/"), "{text}");
}
