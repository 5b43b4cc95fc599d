//! Load progress, the end of the load, and query results.

use super::*;

/// A progress tick: records it and refreshes the result now and then.
pub(super) fn progress(app: &mut App, p: LoadProgress, cmds: &mut Vec<Cmd>) {
    if app.load.finalizing {
        // The store is being renumbered under its write lock: no refresh until it is done.
        return;
    }
    app.load.progress = p;
    app.load.ticks_since_refresh += 1;
    // Re-running the query costs O(rows) under the store's read lock, which also holds the
    // loader back: space refreshes out as the result grows. (The time order of the result is a
    // merge of the store's sorted runs, not a sort of every row: `EventStore::time_order`.)
    let every = match app.rows.len() {
        0..=50_000 => 1,
        50_001..=300_000 => 5,
        _ => 10,
    };
    if app.load.dirty && !app.query_running && app.load.ticks_since_refresh >= every {
        refresh(app, cmds);
    }
}

/// New rows were appended to the store.
pub(super) fn appended(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.load.dirty = true;
    if app.load.finalizing {
        return;
    }
    // The first rows should show at once; later ones on the next progress tick.
    if app.rows.is_empty() && !app.query_running {
        refresh(app, cmds);
    }
    // Detections on what arrived so far, each time the store has doubled (a bounded number of
    // passes however long the load).
    if !app.detections.running {
        let n = app.read_store().len();
        if n >= 1000 && n >= 2 * app.detections.computed_rows {
            app.request_detect(cmds);
        }
    }
}

/// A query answered (dropped unless it is the latest).
pub(super) fn query_done(
    app: &mut App,
    generation: u64,
    result: Result<Rows, crate::query::QueryError>,
    unreadable: Vec<(String, String)>,
    cmds: &mut Vec<Cmd>,
) {
    if generation == app.query_gen {
        app.query_running = false;
        if let Some((name, why)) = unreadable.first() {
            let more = match unreadable.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            app.complain(format!(
                "some events left out: cannot read {name}: {why}{more}"
            ));
        }
        match result {
            Ok(rows) => {
                app.filter.shown = app.filter.requested.clone();
                app.highlight = search_words(app);
                set_rows(app, rows, cmds);
            }
            Err(e) => app.complain(format!("query failed: {e}")),
        }
        // Rows that arrived while it ran (app.load.dirty) are picked up by the next tick.
    }
}

/// Re-runs the query over the rows loaded so far (throttled by the caller).
fn refresh(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.load.dirty = false;
    app.load.ticks_since_refresh = 0;
    let span = app.read_store().time_span();
    app.timeline.loaded_span = span;
    app.rerun_query(cmds);
}

/// The loader is done: cancel what reads row numbers (they are about to change) and ask for the
/// store to be finalized.
pub(super) fn loader_done(app: &mut App, report: Box<LoadReport>, cmds: &mut Vec<Cmd>) {
    if app.load.finalizing || !app.load.loading {
        return;
    }
    app.cancel_running();
    app.cancel_detect();
    // Its rows are about to be renumbered: counting them afterwards would be wrong.
    super::fuzzy::cancel(app);
    super::facets::cancel(app);
    if app.mode == Mode::Profile {
        // Its rows are about to be renumbered: the popup closes.
        super::profile::cancel(app);
        app.mode = Mode::Normal;
    }
    app.load.finalizing = true;
    cmds.push(Cmd::FinishLoad(report));
}

/// The store is finalized: renumber every row the app holds, then re-run the query.
pub(super) fn load_done(app: &mut App, mut d: Box<LoadReport>, cmds: &mut Vec<Cmd>) {
    app.load.finalizing = false;
    let remap_table = std::mem::take(&mut d.remap);
    let remap = |r: u32| {
        remap_table
            .get(r as usize)
            .copied()
            .filter(|&n| n != u32::MAX)
    };
    let remap_rows = |rows: &[u32]| {
        let mut v: Vec<u32> = rows.iter().filter_map(|&r| remap(r)).collect();
        v.sort_unstable();
        Arc::new(v)
    };
    // Renumber everything that names rows, so the screen stays put until the new result.
    let sel = app.selected().and_then(remap);
    if app.sort.is_time_order() {
        app.rows = remap_rows(&app.rows);
        app.cursor = match sel {
            Some(r) => app.rows.binary_search(&r).unwrap_or_else(|i| i),
            None => app.cursor,
        };
    } else {
        // Sorted by a column: keep the order (the query run below sorts again).
        app.rows = Arc::new(app.rows.iter().filter_map(|&r| remap(r)).collect());
        if let Some(i) = sel.and_then(|r| app.rows.iter().position(|&x| x == r)) {
            app.cursor = i;
        }
    }
    app.compare.rows = app
        .compare
        .rows
        .and_then(|[a, b]| Some([remap(a)?, remap(b)?]));
    app.marks.remap(&remap_table);
    app.history.remap(&remap_table);
    super::super::case::remap(app, &remap_table);
    app.detail.generation += 1;
    app.detail.row = app.detail.row.and_then(remap);
    if app.detail.bytes.is_none() && app.detail.error.is_none() {
        if let Some(row) = app.detail.row {
            cmds.push(Cmd::FetchDetail {
                generation: app.detail.generation,
                row,
            });
        }
    }
    if app.mode == Mode::Export {
        let (rows, marked) = app.export_rows();
        app.export.rows = rows;
        app.export.marked = marked;
    }
    if let Some(job) = &mut app.export.pending {
        job.rows = remap_rows(&job.rows);
        job.store_sorted = true;
    }
    if app.mode == Mode::Fuzzy {
        // The job cancelled when finalizing began: count the renumbered rows.
        fuzzy_candidates(app, cmds);
    }
    if app.mode == Mode::Facets {
        super::facets::recount(app, cmds);
    }
    app.cancel_search();
    app.load.loading = false;
    app.load.dirty = false;
    app.load.failed = d.failed.clone();
    app.load.warnings = d.warnings.clone();
    let span = app.read_store().time_span();
    app.timeline.loaded_span = span;
    recompute_timeline(app);
    let mut note = format!("loaded {} events", thousands(d.events as u64));
    if d.duplicates > 0 {
        note.push_str(&format!(
            " ({} duplicates dropped)",
            thousands(d.duplicates as u64)
        ));
    }
    note.push_str(&format!(" in {:.1}s", d.elapsed.as_secs_f64()));
    if let Some(said) = super::super::case::restore(app) {
        note.push_str(&format!(" · {said}"));
    }
    if !d.failed.is_empty() {
        app.load.done = Some(d);
        app.complain(format!("{note}; some files failed"));
    } else if app.note.as_ref().is_some_and(|n| n.error) {
        // A problem with the case file said at the start stays until it is read.
        app.load.done = Some(d);
    } else {
        app.load.done = Some(d);
        app.say(note);
    }
    app.rerun_query(cmds);
    app.request_detect(cmds);
    app.verify.running = true;
    cmds.push(Cmd::Verify);
}

/// Verification finished: keep its summary; a filter on `verified:` is run again.
pub(super) fn verify_done(app: &mut App, s: VerifySummary, cmds: &mut Vec<Cmd>) {
    app.verify.running = false;
    let problems = s.modified + s.not_covered + s.other;
    if s.digests > 0 && problems > 0 {
        app.complain(format!(
            "verify: {} of {} files not verified against the digests (F)",
            thousands((s.files - s.verified) as u64),
            thousands(s.files as u64)
        ));
    }
    app.verify.done = Some(s);
    if app
        .filter
        .requested
        .to_ascii_lowercase()
        .contains("verified:")
    {
        app.rerun_query(cmds);
    }
}
