//! The fuzzy finder's orderings (app layer): the matches of the pattern over a field's distinct
//! values, in the order the responder asks for: best match, most events, fewest events (the
//! rare values an intrusion leaves), or alphabetical.

use crate::model::EventStore;
use crate::query::FuzzyMatch;

/// How the fuzzy finder orders its matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FuzzySort {
    /// Best fuzzy score first, then most events (with no pattern: most events).
    #[default]
    Best,
    /// Most events first.
    Most,
    /// Fewest events first (rarest).
    Fewest,
    /// By value, A to Z.
    Alpha,
}

impl FuzzySort {
    /// The order as shown in the popup's title. With no pattern, [`FuzzySort::Best`] is the
    /// order by count, and says so.
    pub fn label(self, has_pattern: bool) -> &'static str {
        match self {
            FuzzySort::Best if has_pattern => "best match first",
            FuzzySort::Best | FuzzySort::Most => "most events first",
            FuzzySort::Fewest => "fewest events first",
            FuzzySort::Alpha => "A–Z",
        }
    }

    /// The next order of the cycle (skipping the one that would look the same).
    pub fn next(self, has_pattern: bool) -> FuzzySort {
        match self {
            FuzzySort::Best if has_pattern => FuzzySort::Most,
            FuzzySort::Best | FuzzySort::Most => FuzzySort::Fewest,
            FuzzySort::Fewest => FuzzySort::Alpha,
            FuzzySort::Alpha => FuzzySort::Best,
        }
    }
}

/// Orders `matches` (in best-match order, as `query::fuzzy::rank_all` gives them) by `sort`.
/// Ties keep the best-match order; values tie-break by text, so the order is total.
pub fn sort(store: &EventStore, matches: &mut [FuzzyMatch], sort: FuzzySort) {
    let text = |m: &FuzzyMatch| store.strings.resolve(m.sym);
    match sort {
        FuzzySort::Best => {}
        FuzzySort::Most => matches.sort_by_key(|m| std::cmp::Reverse(m.count)),
        FuzzySort::Fewest => matches.sort_by_key(|m| m.count),
        FuzzySort::Alpha => matches.sort_by(|a, b| text(a).cmp(text(b)).then(a.sym.cmp(&b.sym))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SymField;
    use crate::query::fuzzy::{distinct_counts, rank_all};

    fn names(s: &EventStore, m: &[FuzzyMatch]) -> Vec<String> {
        m.iter()
            .map(|m| format!("{}:{}", s.strings.resolve(m.sym), m.count))
            .collect()
    }

    #[test]
    fn orders() {
        let s = crate::testkit::events_named(&["b", "a", "a", "c", "c", "c", "ab"]);
        let all: Vec<u32> = (0..s.len() as u32).collect();
        let c = distinct_counts(&s, SymField::Name, &all);
        let by = |pattern: &str, order| {
            let mut m = rank_all(&s, &c, pattern);
            sort(&s, &mut m, order);
            names(&s, &m)
        };
        assert_eq!(by("", FuzzySort::Best), ["c:3", "a:2", "ab:1", "b:1"]);
        assert_eq!(by("", FuzzySort::Most), ["c:3", "a:2", "ab:1", "b:1"]);
        assert_eq!(by("", FuzzySort::Fewest), ["ab:1", "b:1", "a:2", "c:3"]);
        assert_eq!(by("", FuzzySort::Alpha), ["a:2", "ab:1", "b:1", "c:3"]);
        // With a pattern, only matches, in the order asked.
        assert_eq!(by("b", FuzzySort::Fewest), ["b:1", "ab:1"]);
        assert_eq!(by("a", FuzzySort::Alpha), ["a:2", "ab:1"]);

        // The cycle: with no pattern, best match and most events look the same: one step.
        let mut o = FuzzySort::Best;
        let mut seen = vec![o.label(false)];
        for _ in 0..3 {
            o = o.next(false);
            seen.push(o.label(false));
        }
        assert_eq!(
            seen,
            [
                "most events first",
                "fewest events first",
                "A–Z",
                "most events first"
            ]
        );
        assert_eq!(FuzzySort::Best.next(true), FuzzySort::Most);
        assert_eq!(FuzzySort::Best.label(true), "best match first");
    }
}
