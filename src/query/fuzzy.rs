//! The fuzzy finder's engine: counts of distinct values over a row set, fuzzy ranking of those
//! values (never of rows), and turning a pick back into a filter term.

use super::FuzzyMatch;
use crate::model::{EventStore, Sym, SymField};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

pub use super::parse::filter_term;

/// How many of `rows` have each distinct value of `field`, most frequent first (ties by `Sym`).
/// The absent value (`Sym::NONE`) is left out.
pub fn distinct_counts(store: &EventStore, field: SymField, rows: &[u32]) -> Vec<(Sym, u32)> {
    let col = store.col(field);
    let mut counts = vec![0u32; store.strings.len()];
    let mut seen: Vec<Sym> = Vec::new();
    for &r in rows {
        let s = col[r as usize];
        let c = &mut counts[s.0 as usize];
        if *c == 0 {
            seen.push(s);
        }
        *c += 1;
    }
    let mut out: Vec<(Sym, u32)> = seen
        .into_iter()
        .filter(|s| !s.is_none())
        .map(|s| (s, counts[s.0 as usize]))
        .collect();
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// True when the bytes of `pat` (lower case ASCII) occur in order in `text`, ASCII case-folded.
fn is_subsequence(pat: &[u8], text: &[u8]) -> bool {
    let mut it = pat.iter().peekable();
    for &b in text {
        match it.peek() {
            Some(&&p) if b.to_ascii_lowercase() == p => {
                it.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    it.peek().is_none()
}

/// Ranks `candidates` (from [`distinct_counts`]) against `pattern` with skim's fuzzy scoring
/// (smart case: an uppercase letter in the pattern makes it case-sensitive): best score first,
/// ties by count (descending) then value. An empty pattern keeps every candidate, by count.
/// At most `limit` results; only those get match indices computed.
pub fn rank(
    store: &EventStore,
    candidates: &[(Sym, u32)],
    pattern: &str,
    limit: usize,
) -> Vec<FuzzyMatch> {
    let m = matcher();
    scored(store, candidates, pattern, limit)
        .into_iter()
        .map(|(score, sym, count)| FuzzyMatch {
            sym,
            count,
            score,
            indices: if pattern.is_empty() {
                Vec::new()
            } else {
                m.fuzzy_indices(store.strings.resolve(sym), pattern)
                    .map(|(_, i)| i)
                    .unwrap_or_default()
            },
        })
        .collect()
}

/// Every candidate matching `pattern`, in [`rank`]'s order, without match indices (tens of
/// thousands of values: the caller computes [`indices`] for the few it shows).
pub fn rank_all(store: &EventStore, candidates: &[(Sym, u32)], pattern: &str) -> Vec<FuzzyMatch> {
    scored(store, candidates, pattern, usize::MAX)
        .into_iter()
        .map(|(score, sym, count)| FuzzyMatch {
            sym,
            count,
            score,
            indices: Vec::new(),
        })
        .collect()
}

/// Char indices in `text` of the letters of `pattern` as the ranking matches them (empty when
/// it does not match or the pattern is empty).
pub fn indices(text: &str, pattern: &str) -> Vec<usize> {
    if pattern.is_empty() {
        return Vec::new();
    }
    matcher()
        .fuzzy_indices(text, pattern)
        .map(|(_, i)| i)
        .unwrap_or_default()
}

fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().smart_case()
}

/// (score, value, count) of the best `limit` matches, in [`rank`]'s order.
fn scored(
    store: &EventStore,
    candidates: &[(Sym, u32)],
    pattern: &str,
    limit: usize,
) -> Vec<(i64, Sym, u32)> {
    let text = |s: Sym| store.strings.resolve(s);
    if pattern.is_empty() {
        let mut v: Vec<(i64, Sym, u32)> = candidates.iter().map(|&(s, c)| (0, s, c)).collect();
        let cmp = |a: &(i64, Sym, u32), b: &(i64, Sym, u32)| {
            b.2.cmp(&a.2).then_with(|| text(a.1).cmp(text(b.1)))
        };
        if v.len() > limit && limit > 0 {
            v.select_nth_unstable_by(limit - 1, cmp);
        }
        v.truncate(limit);
        v.sort_by(cmp);
        return v;
    }
    let m = matcher();
    // Skim only matches values holding the pattern's letters in order; checking that first
    // (ASCII, case-folded: a necessary condition whatever the case mode) skips its scoring for
    // most of tens of thousands of values.
    let folded: Option<Vec<u8>> = pattern
        .is_ascii()
        .then(|| pattern.bytes().map(|b| b.to_ascii_lowercase()).collect());
    let may_match = |t: &str| match &folded {
        Some(p) => is_subsequence(p, t.as_bytes()),
        None => true,
    };
    let mut scored: Vec<(i64, Sym, u32)> = candidates
        .iter()
        .filter(|&&(s, _)| may_match(text(s)))
        .filter_map(|&(s, c)| m.fuzzy_match(text(s), pattern).map(|sc| (sc, s, c)))
        .collect();
    let cmp = |a: &(i64, Sym, u32), b: &(i64, Sym, u32)| {
        b.0.cmp(&a.0)
            .then(b.2.cmp(&a.2))
            .then_with(|| text(a.1).cmp(text(b.1)))
    };
    if scored.len() > limit && limit > 0 {
        scored.select_nth_unstable_by(limit - 1, cmp);
    }
    scored.truncate(limit);
    scored.sort_by(cmp);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::events_named as store;

    #[test]
    fn counts_and_rank() {
        let s = store(&[
            "GetObject",
            "GetObject",
            "PutObject",
            "GetBucketAcl",
            "",
            "GetObject",
            "PutObject",
            "ListBuckets",
        ]);
        let all: Vec<u32> = (0..s.len() as u32).collect();
        let c = distinct_counts(&s, SymField::Name, &all);
        let named: Vec<(&str, u32)> = c
            .iter()
            .map(|&(sym, n)| (s.strings.resolve(sym), n))
            .collect();
        assert_eq!(
            named,
            [
                ("GetObject", 3),
                ("PutObject", 2),
                ("GetBucketAcl", 1),
                ("ListBuckets", 1)
            ]
        );
        let sub = distinct_counts(&s, SymField::Name, &[2, 3]);
        assert_eq!(sub.len(), 2);

        let r = rank(&s, &c, "", 10);
        let names: Vec<&str> = r.iter().map(|m| s.strings.resolve(m.sym)).collect();
        assert_eq!(
            names,
            ["GetObject", "PutObject", "GetBucketAcl", "ListBuckets"]
        );
        assert_eq!(rank(&s, &c, "", 2).len(), 2);

        let r = rank(&s, &c, "getob", 10);
        assert_eq!(s.strings.resolve(r[0].sym), "GetObject");
        assert_eq!(r[0].count, 3);
        assert_eq!(r[0].indices, vec![0, 1, 2, 3, 4]);
        assert!(r.iter().all(|m| s.strings.resolve(m.sym) != "PutObject"));

        // Same score: higher count first.
        let r = rank(&s, &c, "object", 10);
        let names: Vec<&str> = r.iter().map(|m| s.strings.resolve(m.sym)).collect();
        assert_eq!(names, ["GetObject", "PutObject"]);

        let r = rank(&s, &c, "bkt", 1);
        assert_eq!(r.len(), 1);
        assert!(r[0].score > 0);
        assert!(rank(&s, &c, "zzz", 10).is_empty());
        assert!(rank(&s, &c, "get", 0).is_empty());

        // rank_all: every match, rank's order, indices left to the caller.
        let all = rank_all(&s, &c, "");
        assert_eq!(all.len(), c.len());
        let r = rank_all(&s, &c, "getob");
        assert_eq!(
            r.iter().map(|m| m.sym).collect::<Vec<_>>(),
            rank(&s, &c, "getob", 10)
                .iter()
                .map(|m| m.sym)
                .collect::<Vec<_>>()
        );
        assert!(r.iter().all(|m| m.indices.is_empty()));
        assert_eq!(indices("GetObject", "getob"), vec![0, 1, 2, 3, 4]);
        assert!(indices("GetObject", "").is_empty());
        assert!(indices("GetObject", "zzz").is_empty());
    }

    #[test]
    fn prefilter_never_hides_a_skim_match() {
        let names = [
            "GetObject",
            "getobject",
            "Get Object",
            "AssumeRole",
            "a-b_c.d",
            "ÄÖÜ äöü",
            "x y z",
            "arn:aws:iam::123:user/Alice",
            "10.0.0.1",
            "2406:da14::1",
            "",
            "GGGGG",
            "ListBuckets",
        ];
        let st = store(&names);
        let cands = distinct_counts(
            &st,
            SymField::Name,
            &(0..names.len() as u32).collect::<Vec<_>>(),
        );
        let m = SkimMatcherV2::default().smart_case();
        for pat in [
            "go", "GO", "Go", "get obj", " ", "a b", "x z", "ab", "äö", "Ä", "10.1", "::",
            "user/a", "LB", "lb", "zzz", "g g", "a-b", "A", "-",
        ] {
            let mut want: Vec<Sym> = cands
                .iter()
                .filter(|&&(s, _)| m.fuzzy_match(st.strings.resolve(s), pat).is_some())
                .map(|&(s, _)| s)
                .collect();
            let mut got: Vec<Sym> = rank(&st, &cands, pat, usize::MAX)
                .into_iter()
                .map(|f| f.sym)
                .collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "pattern {pat:?}");
        }
    }
}
