//! TrailDiscover's map of security-relevant CloudTrail event names to ATT&CK tactics and
//! techniques, with a short note on what attackers use each for: by Adan Álvarez and
//! contributors, CC BY 4.0 (`assets/rules/traildiscover/`, unchanged). For an event no rule
//! flags, the explorer may say what its API is used for — with [`ATTRIBUTION`].

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The credit to show beside any text taken from the map.
pub const ATTRIBUTION: &str =
    "TrailDiscover (adanalvarez/TrailDiscover @ f96cbdb0, CC BY 4.0, https://creativecommons.org/licenses/by/4.0/)";

/// The credit in the explorer's detections view, short enough to be read whole at 160
/// columns (the commit is in [`ATTRIBUTION`] and the README).
pub const CREDIT: &str =
    "notes: TrailDiscover (adanalvarez/TrailDiscover, CC BY 4.0, https://creativecommons.org/licenses/by/4.0/)";

const EVENTS: &str = include_str!("../../assets/rules/traildiscover/events.json");

/// What the map says about one event name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// `eventName`.
    pub name: String,
    /// `eventSource`.
    pub source: String,
    /// Tactics, as the map writes them (`TA0003 - Persistence`).
    pub tactics: Vec<String>,
    /// Techniques and sub-techniques (`T1098.001 - Account Manipulation: …`).
    pub techniques: Vec<String>,
    /// What the API does.
    pub description: String,
    /// What attackers use it for.
    pub security: String,
    /// Seen in real incidents.
    pub used_in_wild: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    event_name: String,
    #[serde(default)]
    event_source: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    mitre_attack_tactics: Vec<String>,
    #[serde(default)]
    mitre_attack_techniques: Vec<String>,
    #[serde(default)]
    mitre_attack_sub_techniques: Vec<String>,
    #[serde(default)]
    used_in_wild: bool,
    #[serde(default)]
    security_implications: String,
}

fn map() -> &'static HashMap<String, Vec<Entry>> {
    static MAP: OnceLock<HashMap<String, Vec<Entry>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let raw: Vec<Raw> = serde_json::from_str(EVENTS).unwrap_or_default();
        let mut m: HashMap<String, Vec<Entry>> = HashMap::new();
        for r in raw {
            let mut techniques = r.mitre_attack_techniques;
            techniques.extend(r.mitre_attack_sub_techniques);
            m.entry(r.event_name.to_ascii_lowercase())
                .or_default()
                .push(Entry {
                    name: r.event_name,
                    source: r.event_source,
                    tactics: r.mitre_attack_tactics,
                    techniques,
                    description: r.description,
                    security: r.security_implications,
                    used_in_wild: r.used_in_wild,
                });
        }
        m
    })
}

/// What the map says about `event_name` (ASCII case-insensitive) from `event_source`; when the
/// source is empty or not in the map, the first entry for the name.
pub fn lookup(event_name: &str, event_source: &str) -> Option<&'static Entry> {
    let v = map().get(&event_name.to_ascii_lowercase())?;
    v.iter()
        .find(|e| e.source.eq_ignore_ascii_case(event_source))
        .or_else(|| v.first())
}

/// Number of event names in the map.
pub fn len() -> usize {
    map().values().map(Vec::len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_loads_and_answers() {
        assert_eq!(len(), 381);
        let e = lookup("addmembertogroup", "sso-directory.amazonaws.com").unwrap();
        assert!(e.tactics.iter().any(|t| t.contains("Persistence")));
        assert!(e.techniques.iter().any(|t| t.starts_with("T1098")));
        assert!(!e.security.is_empty());
        assert!(lookup("NoSuchCall", "").is_none());
    }
}
