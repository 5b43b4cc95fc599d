//! Search (`s`, `n`, `N`): the next record containing the words.

use super::*;

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

pub(super) fn find(app: &mut App, forward: bool, cmds: &mut Vec<Cmd>) {
    let words = search_words(app);
    if words.is_empty() {
        app.complain("no search term (set one with s, or put bare words in the filter)");
        return;
    }
    let rows = app.rows.clone();
    let from = app.cursor;
    app.say(format!("searching for {}…", words.join(" ")));
    app.start_search(rows, from, forward, words, cmds);
}

/// A search answered (dropped unless it is the latest).
pub(super) fn search_done(app: &mut App, generation: u64, found: Option<usize>, wrapped: bool) {
    if generation == app.search_gen {
        match found {
            Some(i) => {
                reveal(app, i);
                if wrapped {
                    app.say("search wrapped around");
                } else {
                    app.note = None;
                }
            }
            None => app.complain("no match"),
        }
    }
}
