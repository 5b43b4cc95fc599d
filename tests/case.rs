//! The case file (issue 12.3) at the app level: marks, notes, tags and the filter history of one
//! session are restored in the next on the same data (after the load, as the explorer does);
//! a broken or newer case file is reported and kept aside, never overwritten; the incident
//! timeline of the marked events is written through the export prompt.

use crossterm::event::{KeyCode, KeyModifiers};
use std::path::Path;
use std::sync::{Arc, RwLock};
use trailscope::app::{LoadReport, Msg};
use trailscope::case::{self, CaseFile};
use trailscope::model::EventStore;
use trailscope::testkit::{records, Fixture, Screen};

const DATASET: &str = "/cases/test-data";

/// An explorer whose load of the fixture finishes after the case was opened (the order the
/// program sees).
fn session(state: &Path, fresh: bool) -> Screen {
    let f = Fixture::new(&records());
    let mut s = Screen::new(
        Arc::new(RwLock::new(EventStore::default())),
        Arc::new(f.source()),
        "case test",
        true,
        120,
        30,
    );
    s.app
        .open_case(case::open(state, vec![DATASET.to_string()], fresh));
    {
        let mut st = s.ctx.store.write().unwrap();
        f.push(&mut st, 0..f.len());
    }
    s.send(Msg::Appended);
    s.send(Msg::LoadDone(Box::new(LoadReport {
        events: f.len(),
        ..Default::default()
    })));
    s
}

fn enter(s: &mut Screen) {
    s.key(KeyCode::Enter, KeyModifiers::NONE);
}

/// Leaves as the explorer does: the snapshot saved.
fn quit(s: &Screen) {
    let (path, file) = s.app.case_snapshot().expect("something to save");
    case::save(&path, &file).unwrap();
}

fn note_of(s: &Screen, row: u32) -> Option<trailscope::case::Annotation> {
    trailscope::app::case::annotation(&s.app, row).cloned()
}

#[test]
fn marks_notes_tags_and_filters_come_back() {
    let state = tempfile::tempdir().unwrap();
    let mut s = session(state.path(), false);
    assert!(s.app.marks.count() == 0);
    // Filter, mark two events, note the first, tag the second.
    s.press('/');
    s.typ("name:Get*");
    enter(&mut s);
    s.press('/');
    s.key(KeyCode::Esc, KeyModifiers::NONE);
    let first = s.app.selected().unwrap();
    s.press('a');
    s.typ("first use of the stolen key");
    enter(&mut s);
    assert!(s.text().contains("note saved to the case"), "{}", s.text());
    s.press(' ');
    let second = s.app.selected().unwrap();
    s.press('T');
    s.typ("exfil, s3 exfil");
    enter(&mut s);
    s.press(' ');
    assert_eq!(s.app.marks.count(), 2);
    // The note shows on the event.
    s.key(KeyCode::Up, KeyModifiers::NONE);
    s.key(KeyCode::Up, KeyModifiers::NONE);
    assert!(
        s.text().contains("note: first use of the stolen key"),
        "{}",
        s.text()
    );
    // The tag commit already wrote the file.
    let path = case::case_path(state.path(), &[DATASET.to_string()]);
    let saved: CaseFile = case::parse(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved.events.len(), 2);
    quit(&s);

    let s2 = session(state.path(), false);
    assert_eq!(s2.app.marks.rows(), s.app.marks.rows());
    let a = note_of(&s2, first).expect("the note");
    assert_eq!(a.note, "first use of the stolen key");
    assert_eq!(note_of(&s2, second).unwrap().tags, ["exfil", "s3"]);
    assert_eq!(s2.app.filter.history, ["name:Get*"]);
    let said = s2.app.note.as_ref().unwrap().text.clone();
    assert!(
        said.contains("case restored: 2 marks, 1 note, 1 tagged event, 1 filter"),
        "{said}"
    );

    // --fresh: nothing restored, the old file set aside (not lost).
    let s3 = session(state.path(), true);
    assert_eq!(s3.app.marks.count(), 0);
    assert!(note_of(&s3, first).is_none());
    assert!(s3.app.note.as_ref().unwrap().text.contains("set aside"));
    let aside = path.with_file_name(format!(
        "{}.before-fresh-1",
        path.file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(
        case::parse(&std::fs::read(aside).unwrap())
            .unwrap()
            .events
            .len(),
        2
    );
}

#[test]
fn entries_not_in_the_data_are_kept() {
    let state = tempfile::tempdir().unwrap();
    let path = case::case_path(state.path(), &[DATASET.to_string()]);
    let stranger = case::Entry {
        hash: "0123456789abcdef".into(),
        id: "not-here".into(),
        marked: true,
        ..Default::default()
    };
    case::save(
        &path,
        &CaseFile {
            version: case::VERSION,
            events: vec![stranger.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    let s = session(state.path(), false);
    assert_eq!(s.app.marks.count(), 0);
    assert!(s
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("1 event not in this data, kept"));
    let (_, file) = s.app.case_snapshot().unwrap();
    assert_eq!(file.events, [stranger]);
}

#[test]
fn broken_or_newer_case_files_are_reported_and_kept() {
    for (bytes, says, label) in [
        (
            &br#"{"version":99,"events":[]}"#[..],
            "newer trailscope",
            "newer",
        ),
        (
            &b"{\"version\":1,\"events\":[{"[..],
            "does not parse",
            "broken",
        ),
    ] {
        let state = tempfile::tempdir().unwrap();
        let path = case::case_path(state.path(), &[DATASET.to_string()]);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let mut s = session(state.path(), false);
        let note = s.app.note.clone().unwrap();
        assert!(note.error, "{note:?}");
        assert!(note.text.contains(says), "{}", note.text);
        // The screen says so.
        assert!(s.text().contains(says));
        let aside = path.with_file_name(format!(
            "{}.{label}-1",
            path.file_name().unwrap().to_string_lossy()
        ));
        assert_eq!(std::fs::read(&aside).unwrap(), bytes, "kept as it was");
        // This session's case is saved in a new file; the old one is untouched.
        s.press(' ');
        quit(&s);
        assert_eq!(std::fs::read(&aside).unwrap(), bytes);
        assert_eq!(
            case::parse(&std::fs::read(&path).unwrap())
                .unwrap()
                .events
                .len(),
            1
        );
    }
}

#[test]
fn the_export_prompt_writes_an_incident_timeline() {
    let state = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut s = session(state.path(), false);
    s.press('a');
    s.typ("attacker | <b>here</b>");
    enter(&mut s);

    s.press(' ');
    s.press(' ');
    let marked = s.app.marks.rows();
    let md = out.path().join("timeline.md");
    s.press('e');
    // Tab: .json → .jsonl → .md; the prompt says what it writes.
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    s.key(KeyCode::Tab, KeyModifiers::NONE);
    assert!(s.app.export.input.value().ends_with(".md"));
    assert!(s.text().contains("incident timeline, Markdown"));
    s.app.export.input = tui_input::Input::new(md.display().to_string());
    enter(&mut s);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("## Incident timeline\n\n2 events, "),
        "{text}"
    );
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("| 2")).collect();
    assert_eq!(lines.len(), marked.len(), "{text}");
    assert!(
        lines[0].contains("attacker \\| \\<b\\>here\\</b\\>"),
        "{}",
        lines[0]
    );
    // Each line has the table's seven cells (no | leaked from data).
    for l in &lines {
        assert_eq!(l.matches(" | ").count(), 6, "{l}");
    }
    // CSV: the same events, the note exact.
    let csv_path = out.path().join("timeline.csv");
    s.press('e');
    s.app.export.input = tui_input::Input::new(csv_path.display().to_string());
    enter(&mut s);
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        head[..7],
        [
            "time",
            "who",
            "event",
            "source",
            "region",
            "source_ip",
            "error"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][7], "attacker | <b>here</b>");
    assert_eq!(&rows[1][7], "");
}

/// A case file of format 1 named events by their record's whole 64-bit xxh3 (16 hex digits);
/// the store keeps it folded to 32 bits, and such entries are still found.
#[test]
fn format_1_entries_are_still_found() {
    let state = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let s = session(other.path(), false);
    let (row, full) = {
        let st = s.ctx.store.read().unwrap();
        let row = 2usize;
        let loc = st.loc.get(row);
        let content = s.ctx.src.content(&st, loc.source).unwrap();
        let raw = &content[loc.offset as usize..(loc.offset + loc.len) as usize];
        (row as u32, xxhash_rust::xxh3::xxh3_64(raw))
    };
    let path = case::case_path(state.path(), &[DATASET.to_string()]);
    let v1 = serde_json::json!({
        "version": 1,
        "events": [{"hash": format!("{full:016x}"), "marked": true}],
    });
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_vec(&v1).unwrap()).unwrap();
    let s = session(state.path(), false);
    assert_eq!(s.app.marks.count(), 1);
    assert!(s.app.marks.contains(row));
    // Saved again, it is format 2: 8 digits, found the same way.
    quit(&s);
    let back = case::parse(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(back.version, 2);
    assert_eq!(back.events[0].hash.len(), 8);
    let s = session(state.path(), false);
    assert!(s.app.marks.contains(row));
}
