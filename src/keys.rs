//! Keys as data: the keymap table ([`KEYMAP`]: scope, keys, action, description) from which key
//! lookup, the `?` help and the status-line hints are all generated, so they cannot disagree.
//! Turns crossterm events into [`Msg`]s (only `KeyEventKind::Press`); text prompts get the keys
//! the table does not bind as line-editing requests (tui-input).

use crate::app::{Action, Msg, Scope};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One binding: in `scope`, any of `keys` does `action`.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it applies ([`Scope::Any`]: everywhere, before the mode's own bindings).
    pub scope: Scope,
    /// Key notations: a character (`j`, `G`, `?`), a name (`Enter`, `Esc`, `Tab`, `Shift-Tab`,
    /// `Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`), or `Ctrl-x`.
    pub keys: &'static [&'static str],
    /// What it does.
    pub action: Action,
    /// Shown in the help and hints.
    pub desc: &'static str,
    /// Shown in the status line hints.
    pub hint: bool,
}

const fn b(
    scope: Scope,
    keys: &'static [&'static str],
    action: Action,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        desc,
        hint,
    }
}

use Action as A;
use Scope as S;

/// What the mouse does (see [`to_msg`]), for the help: (what, where and what for).
pub const MOUSE: &[(&str, &str)] = &[
    (
        "wheel",
        "scroll the list or the detail under the pointer (the cursor follows the list); \
         in the fuzzy finder: move the selection; in help: scroll; in the compare view: both \
         records",
    ),
    (
        "click",
        "on a row: select it; on the detail: focus it; on the timeline: put its cursor there",
    ),
];

/// The default key bindings.
pub const KEYMAP: &[Binding] = &[
    b(S::Any, &["Ctrl-c"], A::Quit, "quit", false),
    // browsing
    b(S::Normal, &["q"], A::Quit, "quit", true),
    b(S::Normal, &["?"], A::Help, "help", true),
    b(S::Normal, &["/"], A::EditFilter, "filter", true),
    b(S::Normal, &["f"], A::Fuzzy, "fuzzy find", true),
    b(S::Normal, &["p"], A::Pivot, "pivot", true),
    b(
        S::Normal,
        &["i"],
        A::Profile,
        "profile of this event's who / key / IP / session",
        false,
    ),
    b(
        S::Normal,
        &["c"],
        A::Facets,
        "count the values of a field (group by)",
        false,
    ),
    b(S::Normal, &["D"], A::Detections, "detections view", false),
    b(S::Normal, &["Space"], A::Mark, "mark", true),
    b(S::Normal, &["e"], A::Export, "export", true),
    b(
        S::Normal,
        &["a"],
        A::Note,
        "note on the event (kept in the case)",
        false,
    ),
    b(
        S::Normal,
        &["T"],
        A::Tag,
        "tags of the event (kept in the case)",
        false,
    ),
    b(S::Normal, &["Tab"], A::Next, "next pane", true),
    b(S::Normal, &["Shift-Tab"], A::Prev, "previous pane", false),
    b(
        S::Normal,
        &["j", "Down"],
        A::Down,
        "next event · detail: scroll down",
        false,
    ),
    b(
        S::Normal,
        &["k", "Up"],
        A::Up,
        "previous event · detail: scroll up",
        false,
    ),
    b(
        S::Normal,
        &["h", "Left"],
        A::Left,
        "timeline: previous bucket",
        false,
    ),
    b(
        S::Normal,
        &["l", "Right"],
        A::Right,
        "timeline: next bucket",
        false,
    ),
    b(
        S::Normal,
        &["g", "Home"],
        A::Top,
        "first event · detail: top · timeline: first bucket",
        false,
    ),
    b(
        S::Normal,
        &["G", "End"],
        A::Bottom,
        "last event · detail: end · timeline: last bucket",
        false,
    ),
    b(
        S::Normal,
        &["Ctrl-d"],
        A::HalfPageDown,
        "half a page down · detail: scroll",
        false,
    ),
    b(
        S::Normal,
        &["Ctrl-u"],
        A::HalfPageUp,
        "half a page up · detail: scroll",
        false,
    ),
    b(
        S::Normal,
        &["PgDn", "Ctrl-f"],
        A::PageDown,
        "page down · detail: scroll",
        false,
    ),
    b(
        S::Normal,
        &["PgUp", "Ctrl-b"],
        A::PageUp,
        "page up · detail: scroll",
        false,
    ),
    b(
        S::Normal,
        &["s"],
        A::Search,
        "set the search term for n/N",
        false,
    ),
    b(
        S::Normal,
        &["n"],
        A::NextMatch,
        "next event containing the search words",
        false,
    ),
    b(
        S::Normal,
        &["N"],
        A::PrevMatch,
        "previous event containing the search words",
        false,
    ),
    b(
        S::Normal,
        &["V"],
        A::MarkRange,
        "mark from the last mark to here",
        false,
    ),
    b(
        S::Normal,
        &["C"],
        A::ClearMarks,
        "clear marks (u undoes)",
        false,
    ),
    b(
        S::Normal,
        &["u"],
        A::Undo,
        "undo the last mark change",
        false,
    ),
    b(
        S::Normal,
        &["y"],
        A::Copy,
        "copy the record (OSC 52)",
        false,
    ),
    b(
        S::Normal,
        &["r"],
        A::ToggleRaw,
        "raw or pretty record",
        false,
    ),
    b(S::Normal, &["t"], A::ToggleTz, "UTC or local time", false),
    b(
        S::Normal,
        &["+", "="],
        A::ZoomIn,
        "timeline: zoom in",
        false,
    ),
    b(S::Normal, &["-"], A::ZoomOut, "timeline: zoom out", false),
    b(
        S::Normal,
        &["["],
        A::SpanStart,
        "filter: from the cursor's bucket",
        false,
    ),
    b(
        S::Normal,
        &["]"],
        A::SpanEnd,
        "filter: up to the cursor's bucket",
        false,
    ),
    b(
        S::Normal,
        &["Enter"],
        A::Apply,
        "open detail / narrow to the bucket",
        false,
    ),
    b(S::Normal, &["Esc"], A::Back, "back to the list", false),
    b(
        S::Normal,
        &["Backspace"],
        A::GoBack,
        "back to the previous view (filter, cursor, scroll)",
        false,
    ),
    b(
        S::Normal,
        &["L"],
        A::Lineage,
        "credential lineage tree of the event",
        false,
    ),
    b(
        S::Normal,
        &["F"],
        A::ShowFailed,
        "files that failed to load",
        false,
    ),
    // filter line
    b(S::Filter, &["Enter"], A::Apply, "apply", true),
    b(S::Filter, &["Esc"], A::Back, "cancel", true),
    b(S::Filter, &["Up"], A::Up, "older filter", true),
    b(S::Filter, &["Down"], A::Down, "newer filter", true),
    // search prompt
    b(S::Search, &["Enter"], A::Apply, "search", true),
    b(S::Search, &["Esc"], A::Back, "cancel", true),
    // fuzzy finder
    b(S::Fuzzy, &["Enter"], A::Apply, "add to filter", true),
    b(S::Fuzzy, &["Tab"], A::Next, "next field", true),
    b(
        S::Fuzzy,
        &["Ctrl-s"],
        A::Sort,
        "sort: best/most/fewest/A–Z",
        true,
    ),
    b(S::Fuzzy, &["Shift-Tab"], A::Prev, "previous field", false),
    b(S::Fuzzy, &["Up", "Ctrl-p"], A::Up, "previous match", true),
    b(S::Fuzzy, &["Down", "Ctrl-n"], A::Down, "next match", true),
    b(S::Fuzzy, &["PgUp"], A::PageUp, "page up", false),
    b(S::Fuzzy, &["PgDn"], A::PageDown, "page down", false),
    b(S::Fuzzy, &["Esc"], A::Back, "close", true),
    // pivot menu
    b(S::Pivot, &["Enter"], A::Apply, "replace filter", true),
    b(S::Pivot, &["a"], A::Add, "add to filter", true),
    b(S::Pivot, &["k", "Up"], A::Up, "previous", true),
    b(S::Pivot, &["j", "Down"], A::Down, "next", true),
    b(S::Pivot, &["Esc", "q"], A::Back, "close", true),
    // lineage tree
    b(S::Tree, &["Enter"], A::Apply, "filter to the subtree", true),
    b(S::Tree, &["a"], A::Add, "add to filter", true),
    b(S::Tree, &["k", "Up"], A::Up, "previous", true),
    b(S::Tree, &["j", "Down"], A::Down, "next", true),
    b(S::Tree, &["PgUp"], A::PageUp, "page up", false),
    b(S::Tree, &["PgDn"], A::PageDown, "page down", false),
    b(S::Tree, &["g", "Home"], A::Top, "top", false),
    b(S::Tree, &["G", "End"], A::Bottom, "bottom", false),
    b(S::Tree, &["Esc", "q", "L"], A::Back, "close", true),
    // detections view
    b(
        S::Detections,
        &["Enter"],
        A::Apply,
        "filter to its events",
        true,
    ),
    b(S::Detections, &["a"], A::Add, "add to filter", true),
    b(S::Detections, &["k", "Up"], A::Up, "previous", true),
    b(S::Detections, &["j", "Down"], A::Down, "next", true),
    b(S::Detections, &["Esc", "q", "D"], A::Back, "close", true),
    // export prompt
    b(S::Export, &["Enter"], A::Apply, "write", true),
    b(S::Export, &["Tab"], A::Next, ".json/.jsonl/.md/.csv", true),
    b(
        S::Export,
        &["Ctrl-t"],
        A::ToggleManifest,
        "manifest on/off",
        true,
    ),
    b(S::Export, &["Esc"], A::Back, "cancel", true),
    // note / tags prompt
    b(S::Annotate, &["Enter"], A::Apply, "save", true),
    b(S::Annotate, &["Esc"], A::Back, "cancel", true),
    // overwrite question
    b(S::Confirm, &["y"], A::Yes, "overwrite", true),
    b(
        S::Confirm,
        &["n", "Esc", "Enter"],
        A::No,
        "keep the file",
        true,
    ),
    // profile popup
    b(
        S::Profile,
        &["Tab", "l", "Right"],
        A::Next,
        "next tab",
        true,
    ),
    b(
        S::Profile,
        &["Shift-Tab", "h", "Left"],
        A::Prev,
        "previous tab",
        false,
    ),
    b(
        S::Profile,
        &["Enter"],
        A::Apply,
        "filter to these events",
        true,
    ),
    b(S::Profile, &["k", "Up"], A::Up, "scroll up", false),
    b(S::Profile, &["j", "Down"], A::Down, "scroll down", false),
    b(S::Profile, &["PgUp"], A::PageUp, "page up", false),
    b(
        S::Profile,
        &["PgDn", "Space"],
        A::PageDown,
        "page down",
        false,
    ),
    b(S::Profile, &["g"], A::Top, "top", false),
    b(S::Profile, &["Esc", "q", "i"], A::Back, "close", true),
    // group-by popup: the groups
    b(S::Facets, &["Enter"], A::Apply, "add field:value", true),
    b(S::Facets, &["-", "x"], A::Exclude, "add -field:value", true),
    b(
        S::Facets,
        &["s"],
        A::Sort,
        "sort: most/fewest/value/distinct",
        true,
    ),
    b(S::Facets, &["/"], A::EditFilter, "other field(s)", true),
    b(S::Facets, &["k", "Up"], A::Up, "previous value", false),
    b(S::Facets, &["j", "Down"], A::Down, "next value", false),
    b(S::Facets, &["PgUp"], A::PageUp, "page up", false),
    b(S::Facets, &["PgDn"], A::PageDown, "page down", false),
    b(S::Facets, &["g", "Home"], A::Top, "first value", false),
    b(S::Facets, &["G", "End"], A::Bottom, "last value", false),
    b(S::Facets, &["Esc", "q", "c"], A::Back, "close", true),
    // group-by popup: the field line
    b(
        S::FacetsField,
        &["Enter"],
        A::Apply,
        "count (field, or outer,inner)",
        true,
    ),
    b(
        S::FacetsField,
        &["Tab"],
        A::Next,
        "complete the field",
        true,
    ),
    b(S::FacetsField, &["Down"], A::Down, "to the values", false),
    b(S::FacetsField, &["Esc"], A::Back, "back / close", true),
    // popups
    b(S::Popup, &["k", "Up"], A::Up, "scroll up", true),
    b(S::Popup, &["j", "Down"], A::Down, "scroll down", true),
    b(S::Popup, &["PgUp"], A::PageUp, "page up", false),
    b(
        S::Popup,
        &["PgDn", "Space"],
        A::PageDown,
        "page down",
        false,
    ),
    b(S::Popup, &["g"], A::Top, "top", false),
    b(
        S::Popup,
        &["Esc", "q", "?", "Enter", "F"],
        A::Back,
        "close",
        true,
    ),
    // the list's order
    b(
        S::Normal,
        &["o"],
        A::SortColumn,
        "sort by the next column: time, who, event, source, region, IP, error",
        false,
    ),
    b(S::Normal, &["O"], A::SortReverse, "reverse the sort", false),
    // compare two events
    b(
        S::Normal,
        &["d"],
        A::Compare,
        "compare two events: the two marked, or the marked one with this one",
        false,
    ),
    b(S::Compare, &["n"], A::NextMatch, "next difference", true),
    b(
        S::Compare,
        &["N"],
        A::PrevMatch,
        "previous difference",
        true,
    ),
    b(S::Compare, &["j", "Down"], A::Down, "scroll down", false),
    b(S::Compare, &["k", "Up"], A::Up, "scroll up", false),
    b(
        S::Compare,
        &["PgDn", "Space"],
        A::PageDown,
        "page down",
        false,
    ),
    b(S::Compare, &["PgUp"], A::PageUp, "page up", false),
    b(S::Compare, &["g", "Home"], A::Top, "top", false),
    b(S::Compare, &["G", "End"], A::Bottom, "end", false),
    b(S::Compare, &["Esc", "q", "d"], A::Back, "close", true),
    // named views (the config file's [[views]] and the case's)
    b(S::Normal, &["v"], A::Views, "named views menu", false),
    b(
        S::Views,
        &["Enter"],
        A::Apply,
        "apply the view's filter",
        true,
    ),
    b(S::Views, &["k", "Up"], A::Up, "previous", true),
    b(S::Views, &["j", "Down"], A::Down, "next", true),
    b(S::Views, &["Esc", "q", "v"], A::Back, "close", true),
    b(S::Popup, &["G", "End"], A::Bottom, "end", false),
];

/// A key with its modifiers (SHIFT dropped for characters: the character carries the case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (and Shift for non-characters).
    pub mods: KeyModifiers,
}

/// Parses a key notation of [`Binding::keys`].
pub fn parse_key(s: &str) -> Option<Key> {
    let (mods, rest) = if let Some(r) = s.strip_prefix("Ctrl-") {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = s.strip_prefix("Alt-") {
        (KeyModifiers::ALT, r)
    } else {
        (KeyModifiers::NONE, s)
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Shift-Tab" => KeyCode::BackTab,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Backspace" => KeyCode::Backspace,
        _ => {
            let mut it = rest.chars();
            let c = it.next()?;
            if it.next().is_some() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    Some(Key { code, mods })
}

/// The key of a key event, normalised like [`parse_key`] results.
pub fn key_of(ev: &KeyEvent) -> Key {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match ev.code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            // Ctrl-letter arrives lower case; keep it so.
            KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            })
        }
        KeyCode::BackTab => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        c => c,
    };
    Key { code, mods }
}

/// The keymap in force: the one [`install`]ed at start (defaults and the config file's
/// overlay), else the defaults; a thread may choose its own ([`set_local`], for tests).
fn with_active<R>(f: impl FnOnce(&Keymap) -> R) -> R {
    LOCAL.with(|l| match l.borrow().as_ref() {
        Some(k) => f(k),
        None => f(ACTIVE.get_or_init(Keymap::defaults)),
    })
}

static ACTIVE: OnceLock<Keymap> = OnceLock::new();

thread_local! {
    static LOCAL: std::cell::RefCell<Option<Keymap>> = const { std::cell::RefCell::new(None) };
}

/// Makes `k` the keymap of the program, for every thread (the input thread reads keys with it,
/// the help and hints show it). Once, at start, before the first key; `false` if one was
/// already in force. A process-wide value rather than a parameter threaded through the event
/// loop, the input thread and every render: the keymap does not change while the program runs.
pub fn install(k: Keymap) -> bool {
    ACTIVE.set(k).is_ok()
}

/// The keymap this thread uses instead of the installed one (`None`: back to it); for tests,
/// which render and read keys on their own threads.
pub fn set_local(k: Option<Keymap>) {
    LOCAL.with(|l| *l.borrow_mut() = k);
}

/// A copy of the keymap in force.
pub fn active() -> Keymap {
    with_active(Keymap::clone)
}

/// One row of a [`Keymap`] value: a [`Binding`] whose keys (and, for named views, action and
/// description) come from the defaults or from the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Where it applies.
    pub scope: Scope,
    /// Key notations (see [`Binding::keys`]); empty when the user unbound the action.
    pub keys: Vec<String>,
    /// What it does.
    pub action: Action,
    /// Shown in the help and hints.
    pub desc: std::borrow::Cow<'static, str>,
    /// Shown in the status line hints.
    pub hint: bool,
}

/// A keymap as a value: the default table ([`KEYMAP`]) with a user's overlay applied, and the
/// lookup table built from it. Help, hints and key lookup all read the same rows.
#[derive(Clone, Debug)]
pub struct Keymap {
    rows: Vec<Bound>,
    table: HashMap<(Scope, Key), Action>,
}

impl PartialEq for Keymap {
    fn eq(&self, other: &Keymap) -> bool {
        self.rows == other.rows
    }
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::defaults()
    }
}

/// The config-file name of an action: its name in snake case (`EditFilter` → `edit_filter`);
/// `None` for actions that carry data (not bindable by name).
pub fn action_name(a: Action) -> Option<String> {
    let d = format!("{a:?}");
    d.chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then(|| snake(&d))
}

/// The config-file name of a scope: `Normal` → `normal`, `FacetsField` → `facets_field`.
pub fn scope_name(s: Scope) -> String {
    snake(&format!("{s:?}"))
}

fn snake(d: &str) -> String {
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Keymap {
    /// The built-in keymap ([`KEYMAP`]).
    pub fn defaults() -> Keymap {
        Keymap::from_rows(
            KEYMAP
                .iter()
                .map(|b| Bound {
                    scope: b.scope,
                    keys: b.keys.iter().map(|k| k.to_string()).collect(),
                    action: b.action,
                    desc: b.desc.into(),
                    hint: b.hint,
                })
                .collect(),
        )
    }

    /// A keymap of these rows (the first binding of a key in a scope wins; see [`Self::problems`]).
    pub fn from_rows(rows: Vec<Bound>) -> Keymap {
        let mut table = HashMap::new();
        for bd in &rows {
            for k in &bd.keys {
                if let Some(key) = parse_key(k) {
                    table.entry((bd.scope, key)).or_insert(bd.action);
                }
            }
        }
        Keymap { rows, table }
    }

    /// The rows, in table order.
    pub fn rows(&self) -> &[Bound] {
        &self.rows
    }

    /// The scopes with bindings, in table order.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut seen = Vec::new();
        for b in &self.rows {
            if !seen.contains(&b.scope) {
                seen.push(b.scope);
            }
        }
        seen
    }

    /// The action bound to `key` in `scope` (bindings of [`Scope::Any`] first).
    pub fn lookup(&self, scope: Scope, key: Key) -> Option<Action> {
        self.table
            .get(&(Scope::Any, key))
            .or_else(|| self.table.get(&(scope, key)))
            .copied()
    }

    /// Status-line hints for `scope`: (first key, description) of the rows marked as hints
    /// that still have a key.
    pub fn hints(&self, scope: Scope) -> Vec<(String, String)> {
        self.rows
            .iter()
            .filter(|b| b.scope == scope && b.hint && !b.keys.is_empty())
            .map(|b| (b.keys[0].clone(), b.desc.to_string()))
            .collect()
    }

    /// The help text: per scope, (keys joined, description); unbound actions say `(none)`.
    pub fn help(&self) -> Vec<(Scope, Vec<(String, String)>)> {
        self.scopes()
            .into_iter()
            .map(|s| {
                let rows = self
                    .rows
                    .iter()
                    .filter(|b| b.scope == s)
                    .map(|b| {
                        let k = if b.keys.is_empty() {
                            "(none)".to_string()
                        } else {
                            b.keys.join(" ")
                        };
                        (k, b.desc.to_string())
                    })
                    .collect();
                (s, rows)
            })
            .collect()
    }

    /// The first key bound to `action` in `scope` (for texts like "press F"), if any.
    pub fn key_for(&self, scope: Scope, action: Action) -> Option<&str> {
        self.rows
            .iter()
            .filter(|b| b.scope == scope && b.action == action)
            .find_map(|b| b.keys.first())
            .map(String::as_str)
    }

    /// Replaces the keys of every row of `action` in `scope` by `keys` (the first such row gets
    /// them, any other is left without keys). False when `scope` has no such action.
    pub fn rebind(&mut self, scope: Scope, action: Action, keys: Vec<String>) -> bool {
        let mut keys = Some(keys);
        for b in self
            .rows
            .iter_mut()
            .filter(|b| b.scope == scope && b.action == action)
        {
            b.keys = keys.take().unwrap_or_default();
        }
        if keys.is_some() {
            return false;
        }
        *self = Keymap::from_rows(std::mem::take(&mut self.rows));
        true
    }

    /// Adds a row (a named view's key) and rebuilds the lookup.
    pub fn push(&mut self, row: Bound) {
        self.rows.push(row);
        *self = Keymap::from_rows(std::mem::take(&mut self.rows));
    }

    /// Keys bound twice: (scope, key notation, the two actions' row indices), including a key of
    /// a scope that a [`Scope::Any`] binding hides. Unparsable notations are not listed here
    /// (see [`Self::problems`]).
    pub fn conflicts(&self) -> Vec<(Scope, String, usize, usize)> {
        let mut out = Vec::new();
        let mut seen: HashMap<(Scope, Key), usize> = HashMap::new();
        for (i, bd) in self.rows.iter().enumerate() {
            for k in &bd.keys {
                let Some(key) = parse_key(k) else { continue };
                if let Some(&prev) = seen.get(&(bd.scope, key)) {
                    out.push((bd.scope, k.clone(), prev, i));
                } else {
                    seen.insert((bd.scope, key), i);
                }
            }
        }
        for (i, bd) in self.rows.iter().enumerate() {
            if bd.scope == Scope::Any {
                continue;
            }
            for k in &bd.keys {
                let Some(key) = parse_key(k) else { continue };
                if let Some(&any) = seen.get(&(Scope::Any, key)) {
                    out.push((bd.scope, k.clone(), any, i));
                }
            }
        }
        out
    }

    /// Problems with the keymap: unparsable notations and keys bound twice in a scope (or in a
    /// scope and in [`Scope::Any`]). Empty when the keymap is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for bd in &self.rows {
            for k in &bd.keys {
                if parse_key(k).is_none() {
                    out.push(format!("{:?}: cannot parse key {k:?}", bd.scope));
                }
            }
        }
        for (scope, k, a, b) in self.conflicts() {
            out.push(format!(
                "{scope:?}: {k} bound to both {:?} and {:?}",
                self.rows[a].desc, self.rows[b].desc
            ));
        }
        out
    }
}

/// The action bound to `key` in `scope` (bindings of [`Scope::Any`] first), in the keymap in
/// force.
pub fn lookup(scope: Scope, key: Key) -> Option<Action> {
    with_active(|k| k.lookup(scope, key))
}

/// True when unbound keys of `scope` edit a text prompt.
pub fn is_text_scope(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::Filter
            | Scope::Search
            | Scope::Fuzzy
            | Scope::Export
            | Scope::FacetsField
            | Scope::Annotate
    )
}

/// The message for a terminal event in `scope`, if any. Resize is handled by the runtime.
pub fn to_msg(scope: Scope, ev: &Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => {
            if k.kind != KeyEventKind::Press {
                return None;
            }
            let key = key_of(k);
            if let Some(a) = lookup(scope, key) {
                return Some(Msg::Action(a));
            }
            if let (Scope::Pivot, KeyCode::Char(c), true) = (scope, key.code, key.mods.is_empty()) {
                return Some(Msg::Action(Action::Hotkey(c)));
            }
            if is_text_scope(scope) {
                return tui_input::backend::crossterm::to_input_request(ev).map(Msg::Input);
            }
            None
        }
        Event::Paste(s) if is_text_scope(scope) => Some(Msg::Paste(s.clone())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::Wheel {
                column: m.column,
                row: m.row,
                lines: 3,
            }),
            MouseEventKind::ScrollUp => Some(Msg::Wheel {
                column: m.column,
                row: m.row,
                lines: -3,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Status-line hints for `scope` in the keymap in force: (first key, description) of the
/// bindings marked as hints.
pub fn hints(scope: Scope) -> Vec<(String, String)> {
    with_active(|k| k.hints(scope))
}

/// The help text of the keymap in force: per scope, (keys joined, description).
pub fn help() -> Vec<(Scope, Vec<(String, String)>)> {
    with_active(Keymap::help)
}

/// The first key bound to `action` in `scope` in the keymap in force (`?` when none).
pub fn key_for(scope: Scope, action: Action) -> String {
    with_active(|k| k.key_for(scope, action).unwrap_or("?").to_string())
}

/// Problems with the default keymap (see [`Keymap::problems`]).
pub fn problems() -> Vec<String> {
    Keymap::defaults().problems()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn keymap_has_no_duplicates_or_bad_notation() {
        assert_eq!(problems(), Vec::<String>::new());
    }

    #[test]
    fn maps_keys_by_scope() {
        let m = |s, c, k| to_msg(s, &press(c, k));
        assert!(matches!(
            m(Scope::Normal, KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Msg::Action(Action::Down))
        ));
        assert!(matches!(
            m(Scope::Normal, KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Msg::Action(Action::Bottom))
        ));
        assert!(matches!(
            m(Scope::Normal, KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Msg::Action(Action::HalfPageDown))
        ));
        assert!(matches!(
            m(Scope::Normal, KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Msg::Action(Action::Prev))
        ));
        // in a text prompt, letters are text
        assert!(matches!(
            m(Scope::Filter, KeyCode::Char('q'), KeyModifiers::NONE),
            Some(Msg::Input(_))
        ));
        assert!(matches!(
            m(Scope::Filter, KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Msg::Action(Action::Quit))
        ));
        assert!(m(Scope::Normal, KeyCode::Char('Z'), KeyModifiers::SHIFT).is_none());
        // releases are ignored
        let release = Event::Key(KeyEvent {
            code: KeyCode::Char('j'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert!(to_msg(Scope::Normal, &release).is_none());
    }

    #[test]
    fn hints_and_help_come_from_the_table() {
        let h = hints(Scope::Normal);
        assert!(h.contains(&("/".to_string(), "filter".to_string())));
        let help = help();
        assert!(help
            .iter()
            .any(|(s, rows)| *s == Scope::Normal && rows.iter().any(|(k, _)| k == "j Down")));
    }
}
