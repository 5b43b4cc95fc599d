//! Search (`s`, `n`, `N`): the rows of the shown result whose record contains the words.
//!
//! One search finds every hit at once, with the parallel raw scan of bare-word filters
//! ([`query::text_hits`]); `n`/`N` then move between the hits without scanning again while the
//! shown result is the one searched, and the status line says "hit 3 of 17". While it runs the
//! status line says so (whatever keys are pressed meanwhile) and Esc cancels it.

use super::*;

/// Rows kept visible above and below a hit the cursor jumps to.
const CONTEXT_ROWS: usize = 3;

/// A key in the search prompt.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Apply => {
            app.search_term = app.search_input.value().trim().to_string();
            app.highlight = search_words(app);
            app.mode = Mode::Normal;
            find(app, true, cmds);
        }
        Action::Back => app.mode = Mode::Normal,
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// `n` (`forward`) or `N`: the next or previous hit, searching first when needed.
pub(super) fn find(app: &mut App, forward: bool, cmds: &mut Vec<Cmd>) {
    let words = search_words(app);
    if words.is_empty() {
        app.complain("no search term (set one with s, or put bare words in the filter)");
        return;
    }
    if let Some(h) = &app.search.hits {
        if h.words == words && Arc::ptr_eq(&h.rows, &app.rows) {
            let hits = h.hits.clone();
            jump(app, &hits, forward);
            return;
        }
    }
    if let Some(run) = &mut app.search.running {
        if run.words == words && Arc::ptr_eq(&run.rows, &app.rows) {
            // The same search is running: it will move the way asked last.
            run.forward = forward;
            return;
        }
    }
    app.start_search(words, forward, cmds);
    searching_note(app);
}

/// The status line while a search runs.
pub(super) fn searching_note(app: &mut App) {
    if let Some(run) = &app.search.running {
        let text = format!(
            "searching {} events for {}… (Esc cancels)",
            thousands(run.rows.len() as u64),
            run.words.join(" ")
        );
        app.say(text);
    }
}

/// Esc while a search runs.
pub(super) fn cancel(app: &mut App) {
    app.cancel_search();
    app.say("search cancelled");
}

/// A search answered (dropped unless it is the latest).
pub(super) fn search_done(
    app: &mut App,
    generation: u64,
    hits: Rows,
    unreadable: Vec<(String, String)>,
) {
    if generation != app.search.generation {
        return;
    }
    let Some(run) = app.search.running.take() else {
        return;
    };
    app.search.hits = Some(SearchHits {
        words: run.words,
        rows: run.rows,
        hits: hits.clone(),
    });
    jump(app, &hits, run.forward);
    if let Some((name, why)) = unreadable.first() {
        let more = match unreadable.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        app.complain(format!(
            "some events not searched: cannot read {name}: {why}{more}"
        ));
    }
}

/// Moves the cursor to the next (or previous) hit after the cursor, wrapping around.
fn jump(app: &mut App, hits: &[u32], forward: bool) {
    let words = search_words(app).join(" ");
    let st = app.read_store();
    // Hits still in the shown rows, with their index there: found by time while the list is
    // in time order, else in one pass over the rows (the list sorted by a column).
    let at: Vec<usize> = if app.sort.is_time_order() {
        hits.iter()
            .filter_map(|&h| {
                let i = locate(&st, &app.rows, h, true);
                (app.rows.get(i) == Some(&h)).then_some(i)
            })
            .collect()
    } else {
        positions(st.len(), &app.rows, hits)
    };
    drop(st);
    let n = at.len();
    if n == 0 {
        app.complain(format!("no match for {words}"));
        return;
    }
    let cur = app.cursor;
    let (k, wrapped) = if forward {
        let k = at.partition_point(|&i| i <= cur);
        if k == n {
            (0, true)
        } else {
            (k, false)
        }
    } else {
        let k = at.partition_point(|&i| i < cur);
        if k == 0 {
            (n - 1, true)
        } else {
            (k - 1, false)
        }
    };
    app.cursor = at[k];
    keep_context(app);
    let mut note = format!(
        "hit {} of {} for {words}",
        thousands(k as u64 + 1),
        thousands(n as u64)
    );
    if wrapped {
        note.push_str(" (search wrapped around)");
    }
    app.say(note);
}

/// Scrolls so the cursor has a few rows of context above and below.
fn keep_context(app: &mut App) {
    let h = app.viewport.list.height as usize;
    if h <= 2 * CONTEXT_ROWS + 1 {
        return;
    }
    let c = app.cursor;
    if c < app.top + CONTEXT_ROWS {
        app.top = c.saturating_sub(CONTEXT_ROWS);
    } else if c + CONTEXT_ROWS >= app.top + h {
        app.top = c + CONTEXT_ROWS + 1 - h;
    }
}
