//! `update` tests of the fuzzy finder, marks, the export prompt and navigation context.

use super::*;

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
