//! `update` tests of the fuzzy finder, marks, the export prompt and navigation context.

use super::*;
const JUMP_CONTEXT: usize = 3; // search.rs: CONTEXT_ROWS

/// A store with `n` distinct users, user `i` having `1 + i / 100` events.
fn many_users(n: usize) -> H {
    let mut recs = Vec::new();
    for i in 0..n {
        for j in 0..=i / 100 {
            recs.push(format!(
                r#"{{"eventVersion":"1.08","userIdentity":{{"type":"IAMUser","userName":"user{i:03}","arn":"arn:aws:iam::1:user/user{i:03}"}},"eventTime":"2023-07-10T12:{:02}:{:02}Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"e{i}-{j}"}}"#,
                (i + j) / 60 % 60,
                (i + j) % 60
            ));
        }
    }
    let f = Fixture::new(&recs);
    H::with_store(f.store(), f.source(), false)
}

#[test]
fn fuzzy_keeps_every_value_and_sorts() {
    let mut h = many_users(600);
    h.act(Action::Fuzzy);
    // More than the 500 the finder once kept: every value is reachable.
    assert_eq!(h.app.fuzzy.candidates.len(), 600);
    assert_eq!(h.app.fuzzy.matches.len(), 600);
    let who = |h: &H, i: usize| {
        let m = &h.app.fuzzy.matches[i];
        (
            h.app.read_store().strings.resolve(m.sym).to_string(),
            m.count,
        )
    };
    assert_eq!(who(&h, 0), ("user500".to_string(), 6));
    for _ in 0..599 {
        h.act(Action::Down);
    }
    assert_eq!(h.app.fuzzy.selected, 599);
    assert_eq!(who(&h, 599), ("user099".to_string(), 1));
    assert!(h.app.fuzzy.top > 0 && h.app.fuzzy.top <= 599);

    // Ctrl-s: fewest events first (rarest), then A–Z, then back.
    h.act(Action::Sort);
    assert_eq!(h.app.fuzzy.sort, crate::app::fuzzy::FuzzySort::Fewest);
    assert_eq!(h.app.fuzzy.selected, 0, "a new order starts at its top");
    assert_eq!(who(&h, 0), ("user000".to_string(), 1));
    h.act(Action::Sort);
    assert_eq!(who(&h, 0), ("user000".to_string(), 1));
    assert_eq!(who(&h, 1), ("user001".to_string(), 1));
    assert_eq!(who(&h, 599), ("user599".to_string(), 6));
    h.act(Action::Sort);
    assert_eq!(who(&h, 0), ("user500".to_string(), 6));

    // The order holds while typing: rarest of those matching.
    h.act(Action::Sort); // fewest
    h.typ("user59"); // x59, 5x9 and 59x
    assert_eq!(h.app.fuzzy.matches.len(), 24);
    let counts: Vec<u32> = h.app.fuzzy.matches.iter().map(|m| m.count).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert_eq!(who(&h, 0), ("user059".to_string(), 1));
    assert_eq!(who(&h, 23).1, 6);
    h.act(Action::Apply);
    assert_eq!(h.app.filter.input.value(), "who:user059");
    assert_eq!(h.app.rows.len(), 1);
}

#[test]
fn u_undoes_mark_changes_and_clearing_is_undoable() {
    let mut h = H::new();
    h.act(Action::Mark);
    h.act(Action::Mark);
    h.act(Action::Down);
    h.act(Action::Down);
    h.act(Action::MarkRange); // rows 1..=4 marked now: 0, 1, 2, 3, 4
    assert_eq!(h.app.marks.count(), 5);
    h.act(Action::ClearMarks);
    assert_eq!(h.app.marks.count(), 0);
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        "cleared 5 marks (u brings them back)"
    );
    h.act(Action::Undo);
    assert_eq!(h.app.marks.count(), 5);
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        "undone: clear 5 marks (5 marked)"
    );
    h.act(Action::Undo); // the range
    assert_eq!(h.app.marks.rows(), vec![0, 1]);
    h.act(Action::Undo);
    h.act(Action::Undo);
    assert_eq!(h.app.marks.count(), 0);
    h.act(Action::Undo);
    assert_eq!(h.app.note.as_ref().unwrap().text, "nothing to undo");
    h.act(Action::ClearMarks);
    assert_eq!(h.app.note.as_ref().unwrap().text, "no marks to clear");
    // The keys: `u` undoes, `C` clears.
    use crate::keys::{lookup, parse_key};
    assert_eq!(
        lookup(Scope::Normal, parse_key("u").unwrap()),
        Some(Action::Undo)
    );
    assert_eq!(
        lookup(Scope::Normal, parse_key("C").unwrap()),
        Some(Action::ClearMarks)
    );
}

#[test]
fn export_says_exporting_only_after_the_overwrite_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    std::fs::write(&path, "keep me").unwrap();
    let mut h = H::new();
    h.act(Action::Mark);
    h.act(Action::Export);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ(path.to_str().unwrap());
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::ConfirmOverwrite);
    assert!(
        h.app.note.is_none(),
        "nothing said while the question waits: {:?}",
        h.app.note
    );
    h.act(Action::No);
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        format!("not exported: {} exists", path.display())
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    // Yes: the note says it is exporting (replacing), then what was written.
    h.act(Action::Export);
    let cmds = update(&mut h.app, Msg::Action(Action::Apply));
    h.pump(cmds);
    assert_eq!(h.app.mode, Mode::ConfirmOverwrite);
    let cmds = update(&mut h.app, Msg::Action(Action::Yes));
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        format!(
            "exporting 1 event to {}… (replacing the file)",
            path.display()
        )
    );
    h.pump(cmds);
    assert_eq!(
        h.app.note.as_ref().unwrap().text,
        // The export dialog writes the manifest beside the export by default (issue 13).
        format!("wrote 1 event to {} (and its manifest)", path.display())
    );
}

#[test]
fn a_search_hit_keeps_rows_of_context() {
    let mut h = many_users(60);
    h.send(Msg::Resize(vp(12)));
    let around = |h: &H| {
        let (c, t) = (h.app.cursor, h.app.top);
        (c - t, t + 12 - 1 - c)
    };
    h.act(Action::Search);
    h.typ("user020");
    h.act(Action::Apply);
    assert_eq!(h.app.cursor, 20);
    let (above, below) = around(&h);
    assert!(
        above >= JUMP_CONTEXT && below >= JUMP_CONTEXT,
        "{above} above, {below} below"
    );
    // n through a run of hits: the view moves only when a hit nears the edge.
    h.act(Action::Search);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ("user02");
    h.act(Action::Apply);
    assert_eq!(h.app.cursor, 21, "the search starts after the cursor");
    for _ in 0..8 {
        h.act(Action::NextMatch);
        let (above, below) = around(&h);
        assert!(
            above >= JUMP_CONTEXT && below >= JUMP_CONTEXT,
            "at {}: {above} above, {below} below",
            h.app.cursor
        );
    }
    assert_eq!(h.app.cursor, 29);
    // Near the end of the list there is nothing below to show: the view stops at the end.
    h.act(Action::Search);
    h.send(Msg::Input(InputRequest::DeleteLine));
    h.typ("user059");
    h.act(Action::Apply);
    assert_eq!((h.app.cursor, h.app.top), (59, 48));
}

#[test]
fn g_and_g_do_what_help_says_in_each_pane() {
    let mut h = H::new();
    let desc = |a: Action| {
        crate::keys::KEYMAP
            .iter()
            .find(|b| b.scope == Scope::Normal && b.action == a)
            .unwrap()
            .desc
    };
    h.act(Action::Down);
    h.act(Action::Down);
    // The list: first / last event.
    assert!(desc(Action::Top).starts_with("first event"));
    h.act(Action::Top);
    assert_eq!(h.app.cursor, 0);
    h.act(Action::Bottom);
    assert_eq!(h.app.cursor, 11);
    // The detail: top / end of the record, the event stays.
    h.act(Action::Next);
    assert_eq!(h.app.focus, Focus::Detail);
    assert!(desc(Action::Top).contains("detail: top"));
    assert!(desc(Action::Bottom).contains("detail: end"));
    h.act(Action::Bottom);
    assert!(h.app.detail.scroll > 0);
    h.act(Action::Top);
    assert_eq!((h.app.detail.scroll, h.app.cursor), (0, 11));
    // The timeline: first / last bucket, the event stays.
    h.act(Action::Next);
    assert_eq!(h.app.focus, Focus::Timeline);
    assert!(desc(Action::Top).contains("timeline: first bucket"));
    assert!(desc(Action::Bottom).contains("timeline: last bucket"));
    h.act(Action::Top);
    assert_eq!((h.app.timeline.cursor, h.app.cursor), (0, 11));
    h.act(Action::Bottom);
    let last = h.app.timeline.data.as_ref().unwrap().counts.len() - 1;
    assert_eq!((h.app.timeline.cursor, h.app.cursor), (last, 11));
}
