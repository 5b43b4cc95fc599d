//! `update` tests of the list's order (`o`/`O`) and of the compare view (`d`).

use super::*;

fn names(h: &H) -> Vec<String> {
    let st = h.app.read_store();
    h.app
        .rows
        .iter()
        .map(|&r| st.str(SymField::Name, r as usize).to_string())
        .collect()
}

fn whos(h: &H) -> Vec<String> {
    let st = h.app.read_store();
    h.app
        .rows
        .iter()
        .map(|&r| st.str(SymField::Who, r as usize).to_string())
        .collect()
}

const ALICE: [&str; 6] = [
    "GetCallerIdentity",
    "ListBuckets",
    "PutObject",
    "CreateAccessKey",
    "DeleteTrail",
    "GetBucketPolicy",
];
const BOB: [&str; 6] = [
    "DescribeInstances",
    "RunInstances",
    "AssumeRole",
    "GetObject",
    "ListUsers",
    "StopLogging",
];

#[test]
fn sorting_keeps_the_cursor_on_its_event_through_filters_and_back() {
    let mut h = H::new();
    for _ in 0..6 {
        h.act(Action::Down);
    }
    assert_eq!(h.name(), "CreateAccessKey");
    h.act(Action::SortColumn);
    assert_eq!(h.app.sort.name(), "who");
    // Each principal's events in time order, alice first.
    let want: Vec<&str> = ALICE.iter().chain(BOB.iter()).copied().collect();
    assert_eq!(names(&h), want);
    assert_eq!(h.name(), "CreateAccessKey", "the cursor stays on its event");
    assert_eq!(h.app.cursor, 3);
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("sorted by who ▲"));
    h.act(Action::SortReverse);
    let want: Vec<&str> = BOB.iter().chain(ALICE.iter()).copied().collect();
    assert_eq!(names(&h), want, "Z→A, ties still in time order");
    assert_eq!(h.name(), "CreateAccessKey");
    // A new filter answers in the same order.
    h.act(Action::EditFilter);
    // Pasted, one query (typed, "-n" would match nothing and the cursor would lose its event).
    h.send(Msg::Paste("-name:Get*".into()));
    h.act(Action::Apply);
    assert_eq!(
        names(&h),
        [
            "DescribeInstances",
            "RunInstances",
            "AssumeRole",
            "ListUsers",
            "StopLogging",
            "ListBuckets",
            "PutObject",
            "CreateAccessKey",
            "DeleteTrail"
        ]
    );
    assert_eq!(h.name(), "CreateAccessKey");
    // Back to every event: its kept rows come back in the current order.
    h.act(Action::SortReverse);
    assert_eq!(whos(&h)[0], "alice");
    h.act(Action::GoBack);
    assert_eq!(h.app.rows.len(), 12);
    let want: Vec<&str> = ALICE.iter().chain(BOB.iter()).copied().collect();
    assert_eq!(names(&h), want);
    assert_eq!(h.name(), "CreateAccessKey");
    // The cycle comes back to time order.
    for _ in 0..6 {
        h.act(Action::SortColumn);
    }
    assert!(h.app.sort.is_time_order());
    assert_eq!(
        names(&h)[..3],
        ["GetCallerIdentity", "ListBuckets", "DescribeInstances"]
    );
    assert_eq!(h.name(), "CreateAccessKey");
}

#[test]
fn marks_ranges_search_and_export_under_a_sort() {
    let mut h = H::new();
    h.act(Action::SortColumn); // who
    h.act(Action::Top);
    h.act(Action::Mark); // GetCallerIdentity; the cursor moves on
    h.act(Action::Down); // PutObject (third of alice's)
    h.act(Action::MarkRange);
    // The range is the rows as shown: alice's first three.
    let st = h.app.read_store();
    let mut marked: Vec<&str> = h
        .app
        .marks
        .rows()
        .iter()
        .map(|&r| st.str(SymField::Name, r as usize))
        .collect();
    marked.sort_unstable();
    assert_eq!(marked, ["GetCallerIdentity", "ListBuckets", "PutObject"]);
    drop(st);
    // n goes to the next event containing the words in the shown order.
    h.act(Action::Search);
    h.typ("198.51.100.7");
    h.act(Action::Apply);
    assert_eq!(h.name(), "DescribeInstances", "bob's first, after alice's");
    h.act(Action::NextMatch);
    assert_eq!(h.name(), "RunInstances");
    // The filtered view is exported in time order, whatever the list's order.
    h.act(Action::ClearMarks);
    let (rows, marked) = h.app.export_rows();
    assert!(!marked);
    assert!(rows.is_sorted());
    assert_eq!(rows.len(), 12);
}

#[test]
fn the_sort_survives_refreshes_while_loading_and_the_finalize() {
    let f = Fixture::new(&records());
    let mut h = H::with_store(EventStore::default(), f.source(), true);
    {
        let mut st = crate::sync::write(&h.ctx.store);
        f.push(&mut st, 0..6);
    }
    h.send(Msg::Appended);
    h.act(Action::SortColumn);
    h.act(Action::SortColumn); // name
    assert_eq!(h.app.sort.name(), "name");
    let sorted = |h: &H| {
        let n = names(h);
        n.windows(2)
            .all(|w| crate::query::sort::natural_cmp(&w[0], &w[1]).is_le())
    };
    assert!(sorted(&h));
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
    assert!(sorted(&h), "{:?}", names(&h));
    h.act(Action::Top);
    let first = h.name();
    let cmds = update(
        &mut h.app,
        Msg::LoadDone(Box::new(LoadReport {
            events: 12,
            ..Default::default()
        })),
    );
    h.pump(cmds);
    assert!(!h.app.load.loading);
    assert!(sorted(&h));
    assert_eq!(names(&h)[0], "AssumeRole");
    assert_eq!(h.name(), first);
}

#[test]
fn compare_the_marked_event_with_the_cursors() {
    let mut h = H::new();
    h.act(Action::Compare);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.note.as_ref().unwrap().text, crate::app::compare::HOW);
    h.act(Action::Mark); // GetCallerIdentity; cursor on ListBuckets
    h.act(Action::Compare);
    assert_eq!(h.app.mode, Mode::Compare);
    let l = h.app.compare.loaded.clone().expect("both records read");
    assert!(l.errors.iter().all(Option::is_none));
    let changed: Vec<String> = l
        .diff
        .iter()
        .filter(|r| r.changed)
        .filter_map(|r| r.left.map(|i| l.lines[0][i].text()))
        .collect();
    assert!(
        changed.iter().any(|t| t.contains("GetCallerIdentity")),
        "{changed:?}"
    );
    assert!(
        !changed.iter().any(|t| t.contains("\"eventVersion\"")),
        "{changed:?}"
    );
    assert!(h.app.note.as_ref().unwrap().text.contains("difference"));
    // n / N walk the differences, wrapping; on a short screen the view follows.
    let n = l.hunks.len();
    assert!(n >= 2);
    let note = |h: &H| h.app.note.as_ref().unwrap().text.clone();
    let mut vp = h.app.viewport;
    vp.height = 12;
    h.send(Msg::Resize(vp));
    for k in 2..=n {
        h.act(Action::NextMatch);
        assert_eq!(note(&h), format!("difference {k} of {n}"));
    }
    let last = h.app.compare.scroll;
    assert!(last > 0, "scrolled down to the last difference");
    assert!(last + 8 <= l.diff.len(), "never past the end");
    h.act(Action::NextMatch);
    assert_eq!(note(&h), format!("difference 1 of {n} (from the top)"));
    h.act(Action::PrevMatch);
    assert_eq!(note(&h), format!("difference {n} of {n} (from the bottom)"));
    assert_eq!(h.app.compare.scroll, last);
    // Scrolled by hand, n goes on from what is shown.
    h.act(Action::Top);
    assert_eq!(h.app.compare.scroll, 0);
    h.act(Action::NextMatch);
    assert!(note(&h).starts_with("difference "));
    // The list and its cursor are untouched; Esc goes back.
    h.act(Action::Back);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.name(), "ListBuckets");
}
