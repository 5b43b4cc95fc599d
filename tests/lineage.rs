//! The credential graph on the real data (the invictus recording in `assets/demo/invictus`)
//! and on generated trails (ground truth from the generator's `--lineage`). Expected values on
//! the real data are derived independently in `tests/derive_lineage.py` (Python's json).

use std::path::PathBuf;
use trailscope::loader::{self, Input, LoadOptions, Progress};
use trailscope::model::lineage::{flag, Root, Via};
use trailscope::model::{EventStore, SymField};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(paths: &[PathBuf]) -> EventStore {
    let inputs = paths.iter().cloned().map(Input::Path).collect();
    let (store, report) = loader::load(inputs, &LoadOptions::default(), &Progress::default());
    assert!(report.events > 0, "nothing loaded from {paths:?}");
    store
}

fn invictus() -> EventStore {
    load(&[root().join("assets/demo/invictus")])
}

fn row_of(st: &EventStore, id: &str) -> usize {
    (0..st.len())
        .find(|&r| st.event_id.get(r) == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn sym(st: &EventStore, s: &str) -> trailscope::model::Sym {
    st.strings
        .lookup(s)
        .unwrap_or_else(|| panic!("no string {s}"))
}

#[test]
fn ec2_instance_credentials_down_and_up() {
    let st = invictus();
    let lin = st.lineage();
    // The instance profile's AssumeRole by ec2.amazonaws.com for i-0dbc91f429e48eeed.
    let issuing = row_of(&st, "55e25aa9-7165-446e-aef6-815c7a79a961");
    let key = sym(&st, "ASIATFQR7NSC36DZQP7P");
    assert_eq!(lin.issued_by(issuing).collect::<Vec<_>>(), vec![key]);
    let tree = lin.down_from_event(issuing);
    assert_eq!(tree.keys().collect::<Vec<_>>(), vec![key]);
    let rows = lin.rows(&st, &[key]);
    let ips: Vec<&str> = rows
        .iter()
        .map(|&r| st.str(SymField::Ip, r as usize))
        .collect();
    assert_eq!(ips, ["ec2.amazonaws.com", "192.168.10.20", "192.168.10.20"]);
    // Up from a call made with it: one link, issued by the service.
    let call = rows[1] as usize;
    let chain = lin.up(&st, call);
    assert_eq!(chain.links.len(), 1);
    assert_eq!(chain.links[0].issued_by, Some(issuing as u32));
    assert_eq!(
        chain.root,
        Root::Service {
            row: issuing as u32
        }
    );
    // Stolen: used from an IP the instance's own calls do not come from.
    assert_ne!(lin.event_flags(&st, call) & flag::OFF_INSTANCE, 0);
    let own = sym(&st, "ASIATFQR7NSCSHSEVYP5");
    assert_eq!(lin.key(own).unwrap().flags & flag::OFF_INSTANCE, 0);
}

#[test]
fn console_login_issues_the_session_keys() {
    let st = invictus();
    let lin = st.lineage();
    let login = (0..st.len())
        .find(|&r| {
            st.str(SymField::Name, r) == "ConsoleLogin"
                && st.str(SymField::Who, r).ends_with("bert-jan")
        })
        .unwrap();
    let keys: Vec<_> = lin.issued_by(login).collect();
    assert_eq!(keys.len(), 21);
    let e = lin.issuer(keys[0]).unwrap();
    assert_eq!(e.via, Via::ConsoleLogin);
}
