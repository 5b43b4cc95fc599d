//! Named views (the `app` layer): saved filters from the config file (global, optionally on a
//! key of their own) and from the case file (per dataset), listed together in the views menu.

/// A named view of the config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedView {
    /// Its name (shown in the menu and the help).
    pub name: String,
    /// The filter it applies.
    pub filter: String,
    /// The key that applies it while browsing (a key notation), if any.
    pub key: Option<String>,
}

/// The views menu.
#[derive(Clone, Debug, Default)]
pub struct ViewsState {
    /// The config file's views.
    pub config: Vec<NamedView>,
    /// The menu's selected entry.
    pub selected: usize,
}

/// One entry of the views menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its filter.
    pub filter: String,
    /// Its key, for a config view that has one.
    pub key: Option<String>,
    /// `config` or `case`: where it is kept.
    pub origin: &'static str,
}

/// The menu's entries: the config file's views, then the case's.
pub fn entries(app: &super::App) -> Vec<Entry> {
    let mut out: Vec<Entry> = app
        .views
        .config
        .iter()
        .map(|v| Entry {
            name: v.name.clone(),
            filter: v.filter.clone(),
            key: v.key.clone(),
            origin: "config",
        })
        .collect();
    out.extend(app.case.views.iter().map(|v| Entry {
        name: v.name.clone(),
        filter: v.filter.clone(),
        key: None,
        origin: "case",
    }));
    out
}
