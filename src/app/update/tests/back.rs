//! `update` tests of the pivots that follow the data, and of the back stack.

use super::*;

fn filter(h: &H) -> String {
    h.app.filter.input.value().to_string()
}

/// Cursor on row 7 of 12 with the list scrolled (5 rows shown): the view to come back to.
fn scrolled() -> H {
    let mut h = H::new();
    h.act(Action::Bottom);
    for _ in 0..4 {
        h.act(Action::Up);
    }
    assert_eq!((h.app.cursor, h.app.top), (7, 7));
    h.act(Action::Up);
    h.act(Action::Up);
    assert_eq!((h.app.cursor, h.app.top), (5, 5));
    h
}

#[test]
fn backspace_after_a_pivot_restores_filter_cursor_and_scroll() {
    let mut h = scrolled();
    let row = h.app.selected();
    h.act(Action::Pivot);
    h.act(Action::Hotkey('w'));
    assert_ne!(filter(&h), "");
    assert!(h.app.rows.len() < 12);
    assert_eq!(h.app.history.len(), 1);
    h.act(Action::Bottom);
    h.act(Action::GoBack);
    assert_eq!(filter(&h), "");
    assert_eq!(h.app.rows.len(), 12);
    assert_eq!(h.app.selected(), row);
    assert_eq!((h.app.cursor, h.app.top), (5, 5));
    assert!(h.app.history.is_empty());
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .starts_with("back to every event"));
    // Nothing left: says so, changes nothing.
    h.act(Action::GoBack);
    assert_eq!(h.app.rows.len(), 12);
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("no previous view"));
}

/// Every kind of filter change goes on the stack, and Backspace walks back through them all.
#[test]
fn backspace_walks_back_through_every_kind_of_filter_change() {
    let mut h = scrolled();
    // 1. a pivot (the selected event's name)
    h.act(Action::Pivot);
    h.act(Action::Hotkey('n'));
    let f1 = filter(&h);
    assert!(f1.starts_with("name:"), "{f1}");
    // 2. a typed filter
    h.act(Action::EditFilter);
    h.send(Msg::Paste(" OR who:bob".into()));
    h.act(Action::Apply);
    let f2 = filter(&h);
    assert_eq!(f2, format!("{f1} OR who:bob"));
    h.act(Action::Down);
    h.act(Action::Down);
    let (c2, t2, r2) = (h.app.cursor, h.app.top, h.app.selected());
    // 3. the fuzzy finder
    h.act(Action::Fuzzy);
    h.act(Action::Next);
    h.act(Action::Next);
    assert_eq!(query::FUZZY_FIELDS[h.app.fuzzy.field].1, "source");
    h.typ("sts");
    h.act(Action::Apply);
    let f3 = filter(&h);
    assert!(f3.ends_with(") source:sts.amazonaws.com"), "{f3}");
    // 4. timeline narrowing
    h.act(Action::Next);
    h.act(Action::Next);
    h.act(Action::SpanStart);
    let f4 = filter(&h);
    assert!(f4.contains("after:"), "{f4}");
    assert_eq!(h.app.history.len(), 4);
    // A typed edit backed out of with Esc changes nothing, and is not a view.
    h.act(Action::EditFilter);
    h.typ(" x");
    h.act(Action::Back);
    assert_eq!(h.app.history.len(), 4);

    h.act(Action::GoBack);
    assert_eq!(filter(&h), f3);
    // The timeline had the focus when it narrowed the filter.
    assert_eq!(h.app.focus, Focus::Timeline);
    h.act(Action::GoBack);
    assert_eq!(filter(&h), f2);
    assert_eq!(h.app.focus, Focus::List, "the focus comes back too");
    assert_eq!((h.app.cursor, h.app.top, h.app.selected()), (c2, t2, r2));
    h.act(Action::GoBack);
    assert_eq!(filter(&h), f1);
    h.act(Action::GoBack);
    assert_eq!(filter(&h), "");
    assert_eq!((h.app.cursor, h.app.top), (5, 5));
}

/// A view whose rows were let go (or saved while loading) runs its filter again, and the
/// cursor and scroll are put back when that result arrives, not before.
#[test]
fn a_view_without_its_rows_is_restored_when_its_query_answers() {
    let mut h = scrolled();
    let row = h.app.selected();
    h.act(Action::Pivot);
    h.act(Action::Hotkey('w'));
    let mut v = h.app.history.pop().unwrap();
    v.rows = None;
    h.app.history.push(v);
    // Hold the query's answer back to look at the state in between.
    let cmds = update(&mut h.app, Msg::Action(Action::GoBack));
    assert!(h.app.history.restoring.is_some());
    assert!(cmds.iter().any(|c| matches!(c, Cmd::RunQuery { .. })));
    h.pump(cmds);
    assert!(h.app.history.restoring.is_none());
    assert_eq!(h.app.rows.len(), 12);
    assert_eq!(h.app.selected(), row);
    assert_eq!((h.app.cursor, h.app.top), (5, 5));
}

/// A filter change while a restore waits for its result wins: the old cursor is not forced
/// onto the new result.
#[test]
fn a_new_filter_cancels_a_pending_restore() {
    let mut h = scrolled();
    h.act(Action::Pivot);
    h.act(Action::Hotkey('w'));
    let mut v = h.app.history.pop().unwrap();
    v.rows = None;
    h.app.history.push(v);
    let _held = update(&mut h.app, Msg::Action(Action::GoBack));
    h.act(Action::Pivot);
    h.act(Action::Hotkey('n'));
    assert!(h.app.history.restoring.is_none());
}

/// The menu offers the pivots that follow the record's data once its bytes are read; opened
/// before they arrive, it gets them when they do.
#[test]
fn the_pivot_menu_follows_the_record() {
    let rec = r#"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::111111111111:user/alice","accountId":"111111111111","accessKeyId":"AKIAALICE","userName":"alice"},"eventTime":"2023-07-10T12:10:44Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","requestParameters":{"userName":"mallory"},"responseElements":{"accessKey":{"accessKeyId":"AKIANEWKEY","status":"Active","userName":"mallory"}},"eventID":"e1","recipientAccountId":"111111111111"}"#;
    let used = r#"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAMALLORY","arn":"arn:aws:iam::111111111111:user/mallory","accountId":"111111111111","accessKeyId":"AKIANEWKEY","userName":"mallory"},"eventTime":"2023-07-10T12:20:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventID":"e2","recipientAccountId":"111111111111"}"#;
    let f = Fixture::new(&[rec, used]);
    let mut h = H::with_store(f.store(), f.source(), false);
    assert_eq!(h.name(), "CreateAccessKey");
    h.act(Action::Pivot);
    let e = &h.app.pivot.entries;
    assert_eq!(e[0].key, Some('K'));
    assert_eq!(e[0].term, "key:AKIANEWKEY");
    assert!(e
        .iter()
        .any(|p| p.key == Some('U') && p.term == "type:IAMUser who:mallory account:111111111111"));
    h.act(Action::Hotkey('K'));
    assert_eq!(filter(&h), "key:AKIANEWKEY");
    assert_eq!(h.app.rows.len(), 1);
    assert_eq!(h.name(), "ListBuckets");
    h.act(Action::GoBack);
    assert_eq!(h.name(), "CreateAccessKey");

    // Opened before the record's bytes arrive: the column pivots, then the data ones.
    h.app.detail.bytes = None;
    let cmds = update(&mut h.app, Msg::Action(Action::Pivot));
    assert!(h.app.pivot.entries.iter().all(|p| p.key != Some('K')));
    assert!(!h.app.pivot.complete);
    h.send(Msg::DetailLoaded {
        generation: h.app.detail.generation,
        row: h.app.selected().unwrap(),
        bytes: Ok(Arc::from(rec.as_bytes())),
    });
    drop(cmds);
    assert!(h.app.pivot.complete);
    assert_eq!(h.app.pivot.entries[0].key, Some('K'));
    assert_eq!(h.app.pivot.selected, 0);
}

/// `L` opens the lineage tree of the selected event on its own credential; Enter filters to
/// that subtree (a filter change like any other: Backspace comes back).
#[test]
fn lineage_tree_opens_on_the_event_and_filters_to_a_subtree() {
    let (st, src) = crate::testkit::load_memory(
        crate::demo::DEMO
            .iter()
            .map(|(n, b)| (n.to_string(), Arc::from(*b)))
            .collect(),
    );
    let mut h = H::with_store(st, src, false);
    h.act(Action::EditFilter);
    h.send(Msg::Paste("key:ASIATFQR7NSCWLLE7IWW".into()));
    h.act(Action::Apply);
    assert_eq!(h.app.rows.len(), 29);
    h.act(Action::Lineage);
    assert_eq!(h.app.mode, Mode::Tree);
    assert_eq!(h.app.scope(), Scope::Tree);
    let t = &h.app.tree;
    assert_eq!(t.rows[t.selected].key, "ASIATFQR7NSCWLLE7IWW");
    // Up to the long-term key, whose subtree is everything bert-jan's key led to.
    h.act(Action::Top);
    assert_eq!(h.app.tree.selected, 0);
    h.act(Action::Apply);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(filter(&h), "lineage:AKIATFQR7NSC8Q4X20BJ");
    let all = h.app.rows.len();
    assert!(all > 2104, "{all}");
    h.act(Action::GoBack);
    assert_eq!(filter(&h), "key:ASIATFQR7NSCWLLE7IWW");
    // Esc closes without filtering; `a` adds the node's term.
    h.act(Action::Lineage);
    h.act(Action::Back);
    assert_eq!(h.app.mode, Mode::Normal);
    h.act(Action::Lineage);
    h.act(Action::Add);
    assert_eq!(
        filter(&h),
        "key:ASIATFQR7NSCWLLE7IWW lineage:ASIATFQR7NSCWLLE7IWW"
    );
    assert_eq!(h.app.rows.len(), 29);
}

/// An event made without credentials that issued none has no tree: a note, no popup.
#[test]
fn lineage_tree_says_when_there_is_nothing() {
    let rec = r#"{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"s3.amazonaws.com"},"eventTime":"2023-07-10T12:10:44Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","eventID":"e1"}"#;
    let f = Fixture::new(&[rec]);
    let mut h = H::with_store(f.store(), f.source(), false);
    h.act(Action::Lineage);
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(h
        .app
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("without an access key"));
}
