//! The query layer's public API, used from outside the crate as the TUI and `trailscope query`
//! use it: a store loaded by the real loader (through the test kit), records served by an
//! in-memory source.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use trailscope::model::time::format_utc;
use trailscope::model::{EventStore, RecordSource, SymField};
use trailscope::query::{self, Filter, QueryError};
use trailscope::testkit::{Fixture, MemSource};

/// A source whose every read fails.
struct Mem(Vec<Arc<[u8]>>);

impl RecordSource for Mem {
    fn content(
        &self,
        _store: &EventStore,
        s: u32,
    ) -> Result<Arc<[u8]>, trailscope::model::SourceError> {
        self.0.get(s as usize).cloned().ok_or_else(|| "gone".into())
    }
}

/// `n` events, one a minute from 2024-01-01, names cycling through three, every 4th an error.
fn store(n: usize) -> (EventStore, MemSource) {
    let names = ["GetObject", "PutObject", "ListBuckets"];
    let base = 1_704_067_200_000i64;
    let recs: Vec<String> = (0..n)
        .map(|i| {
            let name = names[i % 3];
            let err = if i % 4 == 0 { "AccessDenied" } else { "" };
            // Written newest first: the loader puts them in time order.
            let time = format_utc(base + (n - 1 - i) as i64 * 60_000);
            format!(
                r#"{{"eventID":"ev-{i}","eventTime":"{time}","eventName":"{name}","errorCode":"{err}","requestParameters":{{"n":{i}}}}}"#
            )
        })
        .collect();
    let f = Fixture::new(&recs);
    (f.store(), f.source())
}

#[test]
fn end_to_end() {
    let (st, src) = store(200);
    let cancel = AtomicBool::new(false);
    let run = |f: &str| query::run(&st, &Filter::parse(f).unwrap(), &src, &cancel).unwrap();

    let all = run("");
    assert_eq!(all.len(), 200);
    assert!(all
        .windows(2)
        .all(|w| st.time.get(w[0] as usize) <= st.time.get(w[1] as usize)));
    assert_eq!(run("name:GetObject").len(), 67);
    assert_eq!(run("name:GetObject error:*").len(), 17);
    assert_eq!(run("-error:* OR name:ListBuckets").len(), 150 + 16);
    assert_eq!(run("last:10m").len(), 11);
    assert_eq!(run(r#""\"eventName\":\"putobject\"""#).len(), 67);
    assert_eq!(run("requestParameters.n:150").len(), 1);

    let o = query::run_detailed(
        &st,
        &Filter::parse("accessdenied").unwrap(),
        &Mem(vec![]),
        &cancel,
    )
    .unwrap();
    assert!(o.rows.is_empty());
    assert_eq!(o.unreadable, vec![(0, "gone".to_string())]);
    let raised = AtomicBool::new(true);
    assert_eq!(
        query::run(&st, &Filter::parse("x").unwrap(), &src, &raised),
        Err(QueryError::Cancelled)
    );

    let e = Filter::parse("name:GetObject (error:*").unwrap_err();
    assert_eq!((e.offset, e.len), (23, 1));
    assert!(e.message.starts_with("expected ')'"));
    assert!(query::FIELDS.iter().any(|f| f.name == "resource"));

    // Fuzzy finder → filter term → query.
    let counts = query::distinct_counts(&st, SymField::Name, &all);
    let best = &query::rank(&st, &counts, "lstbk", 5)[0];
    let value = st.strings.resolve(best.sym);
    assert_eq!(value, "ListBuckets");
    let term = query::filter_term("name", value);
    assert_eq!(run(&term).len(), best.count as usize);

    let span = st.time_span().unwrap();
    let tl = query::timeline(&st, &all, span, 50);
    assert_eq!(tl.counts.iter().sum::<u32>(), 200);
    assert_eq!(tl.errors.iter().sum::<u32>(), 50);
    assert!(tl.counts.len() <= 50);
    assert_eq!(query::bucket_label(tl.bucket_ms), "5 min");

    let p = query::pivots(&st, all[0] as usize);
    assert!(p.iter().any(|(_, t)| t.starts_with("name:")));
    assert_eq!(query::lineage(&st, 0), None);
}

/// The README's filter examples and field table are the ones generated from the registry
/// (`query::help`): every registered field is documented. `UPDATE_README=1` rewrites them.
#[test]
fn readme_filter_section_is_generated_from_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut stale = Vec::new();
    for (tag, want) in [
        ("examples", query::help::readme_examples()),
        ("fields", query::help::readme_fields()),
    ] {
        let begin = format!("<!-- {tag}:begin");
        let end = format!("<!-- {tag}:end -->");
        let a = text
            .find(&begin)
            .unwrap_or_else(|| panic!("README lacks {begin}"));
        let a = a + text[a..].find("-->\n").unwrap() + 4;
        let b = a + text[a..]
            .find(&end)
            .unwrap_or_else(|| panic!("README lacks {end}"));
        if text[a..b] != want {
            stale.push(tag);
            text.replace_range(a..b, &want);
        }
    }
    if !stale.is_empty() && std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "README.md's {stale:?} differ from the registry: run UPDATE_README=1 cargo test --test query_api readme"
    );
    for f in query::FIELDS {
        assert!(text.contains(&format!("| `{}` |", f.name)), "{}", f.name);
    }
}
