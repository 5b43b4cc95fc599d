//! The profile popup's state (`i`): the identity card (`query::profile`) of the selected
//! event's principal, access key, source IP or session, one tab each; computed off the UI
//! thread ([`super::Cmd::Profile`]).

use crate::model::{EventStore, SymField};
use crate::query::profile::Profile;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One tab: what it profiles and the filter that selects its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileTab {
    /// `who`, `key`, `IP`, `session`.
    pub name: &'static str,
    /// The value (raw log text: sanitize before display).
    pub value: String,
    /// The filter term.
    pub term: String,
}

/// The profile popup.
#[derive(Debug, Default)]
pub struct ProfileState {
    /// The tabs for the selected event (those it has a value for).
    pub tabs: Vec<ProfileTab>,
    /// The tab shown.
    pub tab: usize,
    /// The tab's profile, once computed.
    pub result: Option<Arc<Profile>>,
    /// First line shown.
    pub scroll: usize,
    /// Generation of the latest [`super::Cmd::Profile`]; older answers are dropped.
    pub generation: u64,
    /// The running job's cancel flag.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// The tabs for `row`: its principal (`who`), access key, source IP and session (for an
/// assumed role, its principal id `AROA…:name`; otherwise its access key when temporary).
pub fn tabs_for(st: &EventStore, row: usize) -> Vec<ProfileTab> {
    let term = crate::query::filter_term;
    let mut out = Vec::new();
    let mut add = |name: &'static str, field: &str, value: &str| {
        if !value.is_empty() {
            out.push(ProfileTab {
                name,
                value: value.to_string(),
                term: term(field, value),
            });
        }
    };
    add("who", "who", st.str(SymField::Who, row));
    let key = st.str(SymField::Key, row);
    add("key", "key", key);
    add("IP", "ip", st.str(SymField::Ip, row));
    let principal = st.str(SymField::Principal, row);
    if st.str(SymField::IdentityType, row) == "AssumedRole" && !principal.is_empty() {
        add("session", "principal", principal);
    } else if key.starts_with("ASIA") {
        // Temporary credentials: the key is the session.
        add("session", "key", key);
    }
    out
}
