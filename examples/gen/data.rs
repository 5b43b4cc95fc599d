//! The generator's catalogues live in `data/` as text, compiled in with `include_str!`; this
//! module reads them. Lines that are blank or start with `#` are comments.

pub const CATALOG: &str = include_str!("data/catalog.txt");
pub const SERVICES: &str = include_str!("data/services.tsv");
pub const PROFILES: &str = include_str!("data/profiles.txt");
pub const HEAVY: &str = include_str!("data/heavy.txt");
pub const NAMES: &str = include_str!("data/names.txt");
pub const LISTS: &str = include_str!("data/lists.txt");

/// The lines of a data file that carry data, trimmed.
pub fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The sections of a file made of `[name]` headers, each with its lines, in file order.
pub fn sections(text: &'static str) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for l in lines(text) {
        if let Some(name) = l.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            out.push((name, Vec::new()));
        } else {
            out.last_mut()
                .unwrap_or_else(|| panic!("data: {l:?} before any [section]"))
                .1
                .push(l);
        }
    }
    out
}

/// The lines of section `[name]` (which must exist and not be empty).
pub fn section(text: &'static str, name: &str) -> Vec<&'static str> {
    let v = sections(text)
        .into_iter()
        .find(|s| s.0 == name)
        .map(|s| s.1)
        .unwrap_or_default();
    assert!(!v.is_empty(), "data: no section [{name}]");
    v
}
