//! `update` driven with `Msg`s over the fixture store; commands performed inline.

use super::*;
use crate::app::work::{perform, WorkCtx};
use crate::model::SymField;
use crate::testkit::{records, Fixture, MemSource};
use std::collections::VecDeque;

/// The pivots helper's tests (data pivots in the app, the back stack, the lineage tree).
mod back;
/// The explorer helper's tests (fuzzy finder, marks, export prompt, help), beside these to keep
/// merges apart.
mod explorer;

/// The detections job and view (the insights helper's tests).
mod detections;

/// The list's order and the compare view.
mod sort;

fn vp(list_rows: u16) -> Viewport {
    Viewport {
        width: 100,
        height: 40,
        too_small: false,
        list: Area {
            x: 0,
            y: 2,
            width: 100,
            height: list_rows,
        },
        detail: Area {
            x: 0,
            y: 3 + list_rows,
            width: 60,
            height: 8,
        },
        timeline: Area {
            x: 0,
            y: 30,
            width: 90,
            height: 2,
        },
        split: None,
        popup_rows: 10,
        measure: |s| s.chars().count(),
        help_scroll_max: usize::MAX,
    }
}

struct H {
    app: App,
    ctx: WorkCtx,
    /// Commands the runtime handles itself (Copy, Quit), kept for assertions.
    outside: Vec<Cmd>,
}

impl H {
    fn with_store(store: EventStore, src: MemSource, loading: bool) -> H {
        let store = Arc::new(RwLock::new(store));
        let (app, cmds) = App::new(store.clone(), "test".into(), loading);
        let mut h = H {
            app,
            ctx: WorkCtx {
                store,
                src: Arc::new(src),
            },
            outside: Vec::new(),
        };
        h.pump(cmds);
        h.send(Msg::Resize(vp(5)));
        h
    }

    fn new() -> H {
        let f = Fixture::new(&records());
        H::with_store(f.store(), f.source(), false)
    }

    fn pump(&mut self, cmds: Vec<Cmd>) {
        let mut q: VecDeque<Cmd> = cmds.into();
        while let Some(c) = q.pop_front() {
            match c {
                Cmd::Copy(_) | Cmd::Quit => self.outside.push(c),
                c => {
                    if let Some(m) = perform(c, &self.ctx) {
                        q.extend(update(&mut self.app, m));
                    }
                }
            }
        }
    }

    fn send(&mut self, m: Msg) {
        let c = update(&mut self.app, m);
        self.pump(c);
    }

    fn act(&mut self, a: Action) {
        self.send(Msg::Action(a));
    }

    fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.send(Msg::Input(InputRequest::InsertChar(c)));
        }
    }

    fn name(&self) -> String {
        let st = self.app.read_store();
        st.str(SymField::Name, self.app.selected().unwrap() as usize)
            .to_string()
    }
}

#[test]
fn starts_with_every_event_in_time_order_and_the_first_record_shown() {
    let h = H::new();
    assert_eq!(h.app.rows.len(), 12);
    assert_eq!(h.name(), "GetCallerIdentity");
    assert!(h.app.detail.bytes.is_some());
    assert_eq!(h.app.detail.pretty[0].text(), "{");
    assert!(h
        .app
        .detail
        .lines
        .iter()
        .any(|l| l.text().contains("\"eventName\": \"GetCallerIdentity\"")));
    assert!(h.app.timeline.data.is_some());
}

#[test]
fn moving_keeps_the_cursor_visible() {
    let mut h = H::new();
    h.act(Action::Bottom);
    assert_eq!(h.app.cursor, 11);
    assert_eq!(h.app.top, 7);
    h.act(Action::Top);
    assert_eq!((h.app.cursor, h.app.top), (0, 0));
    h.act(Action::HalfPageDown);
    assert_eq!(h.app.cursor, 2);
    h.act(Action::PageDown);
    assert_eq!(h.app.cursor, 7);
    assert!(h.app.cursor >= h.app.top && h.app.cursor < h.app.top + 5);
    h.act(Action::Up);
    assert_eq!(h.app.cursor, 6);
    assert_eq!(h.name(), "CreateAccessKey");
    assert!(h
        .app
        .detail
        .lines
        .iter()
        .any(|l| l.text().contains("CreateAccessKey")));
}

#[test]
fn stale_query_results_are_dropped() {
    let mut h = H::new();
    h.act(Action::EditFilter);
    let c1 = update(&mut h.app, Msg::Input(InputRequest::InsertChar('a')));
    let c2 = update(&mut h.app, Msg::Input(InputRequest::InsertChar('b')));
    let (q1, q2) = (&c1[0], &c2[0]);
    let g1 = match q1 {
        Cmd::RunQuery {
            generation, cancel, ..
        } => {
            assert!(
                cancel.load(Ordering::Relaxed),
                "the older query is cancelled"
            );
            *generation
        }
        c => panic!("{c:?}"),
    };
    match &c1[0] {
        Cmd::RunQuery { debounce_ms, .. } => {
            assert_eq!(*debounce_ms, RAW_DEBOUNCE_MS, "bare words wait")
        }
        c => panic!("{c:?}"),
    }
    let g2 = match q2 {
        Cmd::RunQuery { generation, .. } => *generation,
        c => panic!("{c:?}"),
    };
    assert!(g2 > g1);
    // The newer answer arrives first; the older one must not replace it.
    update(
        &mut h.app,
        Msg::QueryDone {
            generation: g2,
            result: Ok(Arc::new(vec![1, 2])),
            unreadable: Vec::new(),
        },
    );
    assert_eq!(*h.app.rows, vec![1, 2]);
    update(
        &mut h.app,
        Msg::QueryDone {
            generation: g1,
            result: Ok(Arc::new(vec![5])),
            unreadable: Vec::new(),
        },
    );
    assert_eq!(*h.app.rows, vec![1, 2]);
    assert_eq!(h.app.filter.shown, "ab");
}

#[test]
fn filter_edit_esc_restores_and_history_recalls() {
    let mut h = H::new();
    h.act(Action::EditFilter);
    h.typ("name:Get*");
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.filter.history, vec!["name:Get*"]);
    h.act(Action::EditFilter);
    h.typ(" who:bob");
    assert_eq!(h.app.filter.requested, "name:Get* who:bob");
    h.act(Action::Back);
    assert_eq!(h.app.filter.input.value(), "name:Get*");
    assert_eq!(h.app.filter.requested, "name:Get*");
    h.act(Action::EditFilter);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.act(Action::Up);
    assert_eq!(h.app.filter.input.value(), "name:Get*");
    h.act(Action::Down);
    assert_eq!(
        h.app.filter.input.value(),
        "name:Get*",
        "back to the text being edited"
    );
}

#[test]
fn a_filter_error_keeps_the_previous_result() {
    let mut h = H::new();
    let before = h.app.rows.clone();
    h.app.filter.error = Some(crate::query::ParseError {
        offset: 0,
        len: 1,
        message: "x".into(),
    });
    h.app.mode = Mode::Filter;
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Filter, "Enter on an error keeps editing");
    assert!(h.app.note.as_ref().unwrap().error);
    assert_eq!(h.app.rows, before);
}

#[test]
fn marks_single_range_and_clear() {
    let mut h = H::new();
    h.act(Action::Mark);
    assert_eq!(h.app.cursor, 1, "space marks and moves down");
    h.act(Action::Down);
    h.act(Action::Down);
    h.act(Action::MarkRange);
    assert_eq!(h.app.marks.count(), 4);
    let (rows, marked) = h.app.export_rows();
    assert!(marked);
    assert_eq!(*rows, vec![0, 1, 2, 3]);
    h.act(Action::ClearMarks);
    assert_eq!(h.app.marks.count(), 0);
    assert!(!h.app.export_rows().1);
}

#[test]
fn export_writes_then_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let mut h = H::new();
    h.act(Action::Mark);
    h.act(Action::Mark);
    h.act(Action::Export);
    assert_eq!(h.app.mode, Mode::Export);
    assert_eq!(h.app.export.input.value(), DEFAULT_EXPORT);
    h.act(Action::Next);
    assert_eq!(h.app.export.input.value(), "trailscope-export.jsonl");
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ(path.to_str().unwrap());
    h.act(Action::Apply);
    let note = h.app.note.clone().unwrap();
    assert!(note.text.starts_with("wrote 2 events to"), "{note:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
    // again: the file exists
    h.act(Action::Export);
    assert_eq!(
        h.app.export.input.value(),
        path.to_str().unwrap(),
        "the last path is remembered"
    );
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::ConfirmOverwrite);
    h.act(Action::No);
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(h.app.note.as_ref().unwrap().text.contains("not exported"));
    h.act(Action::ClearMarks);
    h.act(Action::Export);
    h.act(Action::Apply);
    h.act(Action::Yes);
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .starts_with("wrote 12 events"));
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 12);
}

#[test]
fn loading_live_then_renumbered_at_done() {
    let f = Fixture::new(&records());
    let mut partial = EventStore::default();
    f.push(&mut partial, 0..6);
    let mut h = H::with_store(EventStore::default(), f.source(), true);
    assert!(h.app.rows.is_empty());
    // The first batch arrives.
    {
        let mut st = crate::sync::write(&h.ctx.store);
        f.push(&mut st, 0..6);
    }
    h.send(Msg::Appended);
    assert_eq!(h.app.rows.len(), 6);
    // Shown in time order even though the store is not sorted yet.
    let names: Vec<String> = {
        let st = h.app.read_store();
        h.app
            .rows
            .iter()
            .map(|&r| st.str(SymField::Name, r as usize).to_string())
            .collect()
    };
    assert_eq!(names[0], "GetCallerIdentity");
    // Select and mark an event while loading.
    h.act(Action::Down);
    h.act(Action::Mark); // marks ListBuckets (row 0 of the store), cursor moves on
    let marked_name = {
        let st = h.app.read_store();
        st.str(SymField::Name, h.app.marks.rows()[0] as usize)
            .to_string()
    };
    assert_eq!(marked_name, "ListBuckets");
    let selected_before = h.name();
    {
        let mut st = crate::sync::write(&h.ctx.store);
        f.push(&mut st, 6..12);
    }
    h.send(Msg::Appended);
    h.send(Msg::Progress(LoadProgress {
        files_total: 1,
        files_done: 1,
        events: 12,
        ..Default::default()
    }));
    assert_eq!(h.app.rows.len(), 12);
    assert_eq!(
        h.name(),
        selected_before,
        "the cursor stays on its event as rows arrive"
    );
    // The loader is done: update asks for the store to be finalized (rows renumbered), the
    // command is performed like any other, and its answer renumbers the app's rows.
    let cmds = update(
        &mut h.app,
        Msg::LoadDone(Box::new(LoadReport {
            events: 12,
            elapsed: std::time::Duration::from_millis(1500),
            ..Default::default()
        })),
    );
    assert!(h.app.load.finalizing);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::FinishLoad(_))));
    h.pump(cmds);
    assert!(!h.app.load.finalizing);
    assert!(!h.app.load.loading);
    assert_eq!(h.name(), selected_before);
    let st = h.app.read_store();
    assert_eq!(
        st.str(SymField::Name, h.app.marks.rows()[0] as usize),
        "ListBuckets"
    );
    drop(st);
    assert!(h
        .app
        .detail
        .lines
        .iter()
        .any(|l| l.text().contains(&selected_before)));
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        "loaded 12 events in 1.5s"
    );
}

#[test]
fn fuzzy_pick_adds_an_exact_term() {
    let mut h = H::new();
    h.act(Action::Fuzzy);
    assert_eq!(h.app.mode, Mode::Fuzzy);
    assert_eq!(h.app.fuzzy.candidates.len(), 2, "alice and bob");
    h.typ("bo");
    let top = &h.app.fuzzy.matches[0];
    assert_eq!(h.app.read_store().strings.resolve(top.sym), "bob");
    assert_eq!(top.count, 6);
    // Match indices are computed when drawn, for the rows shown.
    assert_eq!(query::fuzzy::indices("bob", "bo"), vec![0, 1]);
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.filter.input.value(), "who:bob");
    // Tab cycles the field.
    h.act(Action::Fuzzy);
    h.act(Action::Next);
    assert_eq!(query::FUZZY_FIELDS[h.app.fuzzy.field].1, "name");
    h.typ("StopLog");
    h.act(Action::Apply);
    assert_eq!(h.app.filter.input.value(), "who:bob name:StopLogging");
}

#[test]
fn pivot_replaces_or_adds() {
    let mut h = H::new();
    h.act(Action::Pivot);
    assert_eq!(h.app.mode, Mode::Pivot);
    assert_eq!(h.app.pivot.entries[0].term, "who:alice");
    h.act(Action::Down);
    h.act(Action::Apply);
    assert_eq!(h.app.filter.input.value(), "key:AKIAALICE");
    h.act(Action::Pivot);
    let lineage = h.app.pivot.entries[2].clone();
    assert!(lineage.label.starts_with("key lineage"), "{lineage:?}");
    assert_eq!(lineage.term, "key:AKIAALICE");
    h.act(Action::Add);
    assert_eq!(h.app.filter.input.value(), "key:AKIAALICE who:alice");
}

/// Each pivot has its own key: `i` applies the source IP whatever its row, an unknown key
/// says so and stays in the menu.
#[test]
fn pivot_hotkeys_apply_their_item() {
    let mut h = H::new();
    h.act(Action::Pivot);
    let ip = h
        .app
        .pivot
        .entries
        .iter()
        .find(|p| p.key == Some('i'))
        .cloned()
        .expect("an ip pivot");
    assert!(ip.label.starts_with("same source IP"), "{ip:?}");
    h.act(Action::Hotkey('z'));
    assert_eq!(h.app.mode, Mode::Pivot);
    assert!(h
        .app
        .note
        .as_ref()
        .is_some_and(|n| n.text.contains("no pivot on 'z'")));
    h.act(Action::Hotkey('i'));
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.filter.input.value(), ip.term);
}

#[test]
fn timeline_focus_zoom_and_span() {
    let mut h = H::new();
    h.act(Action::Next);
    assert_eq!(h.app.focus, Focus::Detail);
    h.act(Action::Next);
    assert_eq!(h.app.focus, Focus::Timeline);
    let t = h.app.timeline.data.clone().unwrap();
    assert_eq!(t.counts.iter().sum::<u32>(), 12);
    assert_eq!(t.errors.iter().sum::<u32>(), 3);
    assert_eq!(
        h.app.timeline.cursor, 0,
        "starts at the selected event's bucket"
    );
    h.act(Action::Right);
    h.act(Action::SpanStart);
    let v = h.app.filter.input.value().to_string();
    assert!(v.starts_with("after:2023-07-10T11:"), "{v}");
    h.act(Action::Apply); // Enter on a bucket: narrow to it
    let v = h.app.filter.input.value().to_string();
    assert!(v.contains("after:") && v.contains("before:"), "{v}");
    assert_eq!(v.matches("after:").count(), 1);
    h.act(Action::ZoomIn);
    assert!(h.app.timeline.zoom.is_some());
    let z = h.app.timeline.data.clone().unwrap();
    assert!(z.bucket_ms <= t.bucket_ms);
    for _ in 0..10 {
        h.act(Action::ZoomOut);
    }
    assert!(h.app.timeline.zoom.is_none());
}

#[test]
fn search_moves_to_the_next_record_containing_the_term() {
    let mut h = H::new();
    h.act(Action::Search);
    h.typ("deletetrail");
    h.act(Action::Apply);
    assert_eq!(h.name(), "DeleteTrail");
    h.act(Action::NextMatch);
    assert_eq!(h.name(), "DeleteTrail");
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        "hit 1 of 1 for deletetrail (search wrapped around)"
    );
    h.act(Action::Search);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ("198.51.100.7");
    h.act(Action::Apply);
    let first = h.app.cursor;
    h.act(Action::PrevMatch);
    assert!(h.app.cursor < first || h.app.note.is_some());
}

#[test]
fn copy_sends_the_original_bytes() {
    let mut h = H::new();
    h.act(Action::Copy);
    match &h.outside[..] {
        [Cmd::Copy(b)] => {
            let v: serde_json::Value = serde_json::from_slice(b).unwrap();
            assert_eq!(v["eventName"], "GetCallerIdentity");
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn resize_keeps_cursor_filter_and_marks() {
    let mut h = H::new();
    h.act(Action::EditFilter);
    h.typ("x");
    h.act(Action::Apply);
    h.act(Action::Bottom);
    h.act(Action::Mark);
    let (cursor, marks) = (h.app.cursor, h.app.marks.clone());
    h.send(Msg::Resize(vp(3)));
    assert_eq!(h.app.cursor, cursor);
    assert!(h.app.cursor >= h.app.top && h.app.cursor < h.app.top + 3);
    assert_eq!(h.app.marks, marks);
    assert_eq!(h.app.filter.input.value(), "x");
    h.send(Msg::Resize(vp(20)));
    assert_eq!(h.app.cursor, cursor);
}

#[test]
fn raw_toggle_and_detail_scroll_clamp() {
    let mut h = H::new();
    h.act(Action::Next); // focus detail
    let pretty = h.app.detail.lines.len();
    h.act(Action::Bottom);
    assert_eq!(h.app.detail.scroll, pretty - 8);
    h.act(Action::ToggleRaw);
    assert!(h.app.detail.raw);
    assert_eq!(h.app.detail.scroll, 0);
    assert!(
        h.app.detail.lines.len() < pretty,
        "raw is one long wrapped line"
    );
    assert!(h.app.detail.lines[0]
        .text()
        .starts_with("{\"eventVersion\""));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut h = H::new();
    h.send(Msg::Click {
        column: 5,
        row: 2 + 3,
    });
    assert_eq!(h.app.cursor, 3);
    h.send(Msg::Wheel {
        column: 5,
        row: 3,
        lines: 3,
    });
    assert_eq!(h.app.top, 3);
    assert_eq!(h.app.cursor, 3);
    h.send(Msg::Wheel {
        column: 5,
        row: 3,
        lines: 3,
    });
    assert_eq!(h.app.top, 6);
    assert_eq!(h.app.cursor, 6, "dragged along when scrolled out of view");
}

#[test]
fn quit_cancels() {
    let mut h = H::new();
    h.act(Action::Quit);
    assert!(h.app.quit);
    assert!(matches!(h.outside[..], [Cmd::Quit]));
}

#[test]
fn a_paste_is_one_edit_and_starts_at_most_one_query() {
    let mut h = H::new();
    let all = h.app.rows.clone();
    h.act(Action::EditFilter);
    let queries = |c: &[Cmd]| {
        c.iter()
            .filter(|c| matches!(c, Cmd::RunQuery { .. }))
            .count()
    };
    let c = update(&mut h.app, Msg::Paste("name:Get*\nwho:alice".into()));
    assert_eq!(queries(&c), 1, "one query for the whole paste");
    assert_eq!(h.app.filter.input.value(), "name:Get* who:alice");
    assert_eq!(
        h.app.filter.input.cursor(),
        "name:Get* who:alice".chars().count()
    );
    h.pump(c);
    // A paste far over the bound: no query, an error, and the list shows the filter in
    // effect before editing (none: every event).
    let big = "x ".repeat(60_000);
    let c = update(&mut h.app, Msg::Paste(big));
    assert_eq!(queries(&c), 0);
    let e = h.app.filter.error.as_ref().expect("too long is an error");
    assert!(e.message.contains("too long"), "{}", e.message);
    h.pump(c);
    assert_eq!(h.app.rows, all);
    // Pasted in the middle: inserted at the cursor.
    h.act(Action::Back);
    h.act(Action::EditFilter);
    h.send(Msg::Input(InputRequest::GoToStart));
    h.send(Msg::Paste("é ".into()));
    assert!(h.app.filter.input.value().starts_with("é "));
}

/// Issue 9.1: one search finds every hit (the raw scan of bare-word filters), `n`/`N` step
/// through them without scanning again, and the status line counts them.
#[test]
fn search_counts_hits_and_steps_through_them() {
    let mut h = H::new();
    let total = h.app.rows.len();
    // Which rows mention "alice", found directly.
    let at: Vec<usize> = {
        let st = h.app.read_store();
        (0..total)
            .filter(|&i| {
                let b = crate::app::work::fetch(&st, &*h.ctx.src, h.app.rows[i]).unwrap();
                String::from_utf8_lossy(&b).to_lowercase().contains("alice")
            })
            .collect()
    };
    let expect = at.len();
    assert!(
        expect >= 3 && expect < total,
        "fixture: {expect} of {total}"
    );
    // Start just before the second hit: the next one is hit 2.
    h.app.cursor = at[1] - 1;
    h.act(Action::Search);
    h.typ("ALICE");
    let c = update(&mut h.app, Msg::Action(Action::Apply));
    assert_eq!(
        c.iter().filter(|c| matches!(c, Cmd::Search { .. })).count(),
        1
    );
    h.pump(c);
    let note = h.app.note.as_ref().unwrap().text.clone();
    assert_eq!(note, format!("hit 2 of {expect} for ALICE"));
    assert_eq!(h.app.cursor, at[1]);
    let first = h.app.cursor;
    let c = update(&mut h.app, Msg::Action(Action::NextMatch));
    assert!(
        !c.iter().any(|c| matches!(c, Cmd::Search { .. })),
        "n reuses the hits"
    );
    h.pump(c);
    assert_eq!(h.app.cursor, at[2]);
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        format!("hit 3 of {expect} for ALICE")
    );
    h.act(Action::PrevMatch);
    assert_eq!(h.app.cursor, first);
    h.act(Action::PrevMatch);
    assert_eq!(h.app.cursor, at[0]);
    h.act(Action::PrevMatch);
    assert!(h.app.note.as_ref().unwrap().text.contains("wrapped around"));
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .starts_with(&format!("hit {expect} of {expect}")));
}

/// While a search runs the status line says so, even after `j`; Esc cancels it and its late
/// answer is dropped.
#[test]
fn a_running_search_stays_shown_and_esc_cancels_it() {
    let mut h = H::new();
    h.act(Action::Search);
    h.typ("alice");
    let c = update(&mut h.app, Msg::Action(Action::Apply));
    let searching = |h: &H| {
        h.app
            .note
            .as_ref()
            .is_some_and(|n| n.text.starts_with("searching") && n.text.contains("alice"))
    };
    assert!(searching(&h));
    // Keys meanwhile (the search has not answered: its command is held).
    h.act(Action::Down);
    h.act(Action::Down);
    assert!(searching(&h), "{:?}", h.app.note);
    let cursor = h.app.cursor;
    h.act(Action::Back);
    assert_eq!(h.app.note.as_ref().unwrap().text, "search cancelled");
    assert!(h.app.search.running.is_none());
    // The cancelled search's answer is dropped (its flag is up, so it may not answer at all).
    let cancelled = c.iter().any(|c| match c {
        Cmd::Search { cancel, .. } => cancel.load(std::sync::atomic::Ordering::Relaxed),
        _ => false,
    });
    assert!(cancelled, "Esc raised the search's cancel flag");
    h.pump(c);
    assert_eq!(h.app.cursor, cursor);
    assert_eq!(h.app.note.as_ref().unwrap().text, "search cancelled");
    h.act(Action::Down);
    assert!(h.app.note.is_none());
}

/// Issue 9.3: while the typed filter does not parse, the list shows the result of the filter in
/// effect before editing, never the result of a valid prefix of the typed text.
#[test]
fn an_invalid_filter_shows_the_applied_filters_result_not_a_prefixs() {
    let mut h = H::new();
    h.act(Action::EditFilter);
    h.typ("name:Get*");
    h.act(Action::Apply);
    let applied = h.app.rows.clone();
    assert!(!applied.is_empty() && applied.len() < 12);
    h.act(Action::EditFilter);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ("alice");
    // A valid text is previewed live.
    assert_eq!(h.app.filter.shown, "alice");
    assert_ne!(h.app.rows, applied);
    // Half-typed: `alice (` does not parse; the list is name:Get*'s again, at once.
    h.typ(" (");
    assert!(h.app.filter.error.is_some());
    assert_eq!(h.app.filter.shown, "name:Get*");
    assert_eq!(h.app.rows, applied);
    h.typ("name:Delete* OR");
    assert_eq!(h.app.rows, applied);
    h.act(Action::Apply);
    assert_eq!(
        h.app.mode,
        Mode::Filter,
        "Enter on an invalid filter keeps editing"
    );
    assert!(h.app.note.as_ref().unwrap().error);
    assert_eq!(h.app.rows, applied);
    assert_eq!(h.app.filter.shown, "name:Get*");
    // Fixed: the new filter runs.
    h.send(Msg::Input(InputRequest::DeletePrevChar));
    h.send(Msg::Input(InputRequest::DeletePrevChar));
    h.send(Msg::Input(InputRequest::DeletePrevChar));
    h.typ(")");
    assert!(h.app.filter.error.is_none(), "{:?}", h.app.filter.error);
    assert_eq!(h.app.filter.shown, "alice (name:Delete*)");
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Normal);
}

/// The same while loading (no result at hand): the filter in effect is queried again.
#[test]
fn an_invalid_filter_while_loading_requeries_the_applied_filter() {
    let f = Fixture::new(&records());
    let mut st = EventStore::default();
    f.push(&mut st, 0..12);
    let mut h = H::with_store(st, f.source(), true);
    h.act(Action::EditFilter);
    h.typ("name:Get*");
    h.act(Action::Apply);
    let applied = h.app.rows.clone();
    h.act(Action::EditFilter);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ("alice");
    assert_ne!(h.app.rows, applied);
    let c = update(&mut h.app, Msg::Input(InputRequest::InsertChar('(')));
    let queried: Vec<&str> = c
        .iter()
        .filter_map(|c| match c {
            Cmd::RunQuery { filter, .. } => Some(filter.text()),
            _ => None,
        })
        .collect();
    assert_eq!(queried, ["name:Get*"]);
    h.pump(c);
    assert_eq!(h.app.rows, applied);
    assert_eq!(h.app.filter.shown, "name:Get*");
}

/// A field name that is neither a shortcut nor a CloudTrail field runs as a JSON path, and the
/// status line says so (a typo would otherwise just find nothing).
#[test]
fn unknown_field_note_is_shown() {
    let mut h = H::new();
    h.act(Action::EditFilter);
    h.send(Msg::Paste("nmae:x".into()));
    let n = h.app.note.as_ref().expect("a note");
    assert!(!n.error);
    assert!(
        n.text.contains("'nmae' is not a CloudTrail record field"),
        "{}",
        n.text
    );
    assert!(h.app.filter.error.is_none());
}
