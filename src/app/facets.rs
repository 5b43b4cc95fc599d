//! The group-by popup's state (`c`): the field(s) typed, the counted groups of the shown rows,
//! the order, the selection, and the running count. Counting is `query::group`, performed off
//! the UI thread ([`super::Cmd::Group`]); this module holds what `update` changes and what `ui`
//! reads, plus the pure helpers both use (the flattened lines, the filter term of a line, the
//! completion of a field name).

use crate::query::{fields, GroupOutcome, Sort, SortKey};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tui_input::Input;

/// The field the popup offers first.
pub const DEFAULT_FIELD: &str = "who";

/// One line of the popup: an outer group, or an inner group under it (indices into the
/// outcome's groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetLine {
    /// `groups[o]`.
    Outer(u32),
    /// `groups[o].inner[i]`.
    Inner(u32, u32),
}

/// A count being made.
#[derive(Debug, Clone)]
pub struct FacetsRun {
    /// Records read so far (JSON paths; the worker adds to it).
    pub done: Arc<AtomicUsize>,
    /// Records to read (0: only indexed fields, no progress to show).
    pub total: usize,
    /// Raised to stop it.
    pub cancel: Arc<AtomicBool>,
}

impl FacetsRun {
    /// Records read so far, at most `total`.
    pub fn read(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.total)
    }
}

/// The group-by popup.
#[derive(Debug, Default)]
pub struct FacetsState {
    /// The field(s) being typed: `who`, `key,ip`, `requestParameters.roleArn`.
    pub input: Input,
    /// The field line has the keyboard (else the groups do).
    pub editing: bool,
    /// Why the typed fields cannot be counted (the previous result stays shown).
    pub error: Option<String>,
    /// The order of the groups.
    pub sort: Sort,
    /// The field names of the shown result (one, or outer and inner).
    pub fields: Vec<String>,
    /// The shown result.
    pub result: Option<Arc<GroupOutcome>>,
    /// Its lines, in order (outer groups, each followed by its inner ones).
    pub lines: Vec<FacetLine>,
    /// Selected line.
    pub selected: usize,
    /// First line shown.
    pub top: usize,
    /// Generation of the latest [`super::Cmd::Group`]; older answers are dropped.
    pub generation: u64,
    /// The count running now.
    pub running: Option<FacetsRun>,
    /// Tab completion: the text before the first Tab, and how many Tabs since.
    pub completing: Option<(String, usize)>,
}

impl FacetsState {
    /// Rebuilds [`FacetsState::lines`] from the result.
    pub fn relayout(&mut self) {
        self.lines.clear();
        if let Some(r) = &self.result {
            for (o, g) in r.groups.iter().enumerate() {
                self.lines.push(FacetLine::Outer(o as u32));
                for i in 0..g.inner.len() {
                    self.lines.push(FacetLine::Inner(o as u32, i as u32));
                }
            }
        }
    }

    /// The filter terms of line `i` (its outer value, and its inner one), each as
    /// `(field, value)`; `None` is the missing value.
    pub fn terms_of(&self, i: usize) -> Vec<(String, Option<String>)> {
        let (Some(r), Some(line)) = (&self.result, self.lines.get(i)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let (o, inner) = match *line {
            FacetLine::Outer(o) => (o, None),
            FacetLine::Inner(o, n) => (o, Some(n)),
        };
        let g = &r.groups[o as usize];
        out.push((self.fields[0].clone(), g.value.clone()));
        if let (Some(n), Some(f)) = (inner, self.fields.get(1)) {
            out.push((f.clone(), g.inner[n as usize].value.clone()));
        }
        out
    }
}

/// The filter term for `field` holding `value` (the missing value is `field:""`), negated with
/// `-` when `negate`.
pub fn term(field: &str, value: Option<&str>, negate: bool) -> String {
    let t = match value {
        Some(v) => crate::query::filter_term(field, v),
        None => format!("{field}:\"\""),
    };
    if negate {
        format!("-{t}")
    } else {
        t
    }
}

/// The next order: most events, fewest events, by value, then (nested only) most distinct
/// inner values.
pub fn next_sort(s: Sort, nested: bool) -> Sort {
    let (key, rare) = match (s.key, s.rare) {
        (SortKey::Count, false) => (SortKey::Count, true),
        (SortKey::Count, true) => (SortKey::Value, false),
        (SortKey::Value, _) if nested => (SortKey::Distinct, false),
        _ => (SortKey::Count, false),
    };
    Sort { key, rare }
}

/// A short name of an order, for the popup's title.
pub fn sort_name(s: Sort) -> &'static str {
    match (s.key, s.rare) {
        (SortKey::Count, false) => "most events",
        (SortKey::Count, true) => "fewest events",
        (SortKey::Value, _) => "value",
        (SortKey::Distinct, _) => "most distinct inner values",
    }
}

/// Names a field can be completed to: the registry's fields that hold a value (and their
/// aliases), and the record's top-level fields (as paths).
pub fn completions() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = fields::FIELDS
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                fields::Kind::After | fields::Kind::Before | fields::Kind::Last
            )
        })
        .map(|f| f.name)
        .collect();
    v.extend(fields::RECORD_FIELDS.iter().copied());
    v
}

/// Completes the last comma-separated field of `text` (`key,i` → `key,ip`): the `nth`
/// (cycling) name of [`completions`] starting with it, ASCII case-insensitively; `None` when
/// none does.
pub fn complete(text: &str, nth: usize) -> Option<String> {
    let (head, last) = match text.rfind(',') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let lead = last.len() - last.trim_start().len();
    let prefix = last.trim_start();
    let hits: Vec<&str> = completions()
        .into_iter()
        .filter(|c| {
            c.len() >= prefix.len()
                && c.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .collect();
    if hits.is_empty() {
        return None;
    }
    let pick = hits[nth % hits.len()];
    Some(format!("{head}{}{pick}", &last[..lead]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_cycles_through_registry_names() {
        assert_eq!(complete("wh", 0).as_deref(), Some("who"));
        assert_eq!(complete("key,i", 0).as_deref(), Some("key,ip"));
        assert_eq!(complete("key, i", 0).as_deref(), Some("key, ip"));
        let a = complete("re", 0).unwrap();
        let b = complete("re", 1).unwrap();
        assert_ne!(a, b);
        assert_eq!(
            complete("requestp", 0).as_deref(),
            Some("requestParameters")
        );
        assert_eq!(complete("zzz", 0), None);
        // after/before/last hold no value: never offered.
        assert_eq!(complete("afte", 0), None);
    }

    #[test]
    fn sort_cycle_and_terms() {
        let mut s = Sort::default();
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(sort_name(s));
            s = next_sort(s, true);
        }
        assert_eq!(
            seen,
            [
                "most events",
                "fewest events",
                "value",
                "most distinct inner values"
            ]
        );
        assert_eq!(s, Sort::default());
        assert_eq!(next_sort(next_sort(next_sort(s, false), false), false), s);
        assert_eq!(term("who", Some("bert-jan"), false), "who:bert-jan");
        assert_eq!(term("who", Some("a b"), true), "-who:\"a b\"");
        assert_eq!(term("key", None, false), "key:\"\"");
    }
}
