//! The application state model (the `app` layer): [`App`], the [`Msg`]s that change it, and the
//! [`Cmd`]s (effects) that [`update`] asks the runtime to perform.
//!
//! No terminal and no widgets here (checked by `tests/layering.rs`): `keys` turns terminal events
//! into `Msg`s, `ui` renders `&App`, `tui` runs the loop and performs `Cmd`s (with
//! [`work::perform`], which tests call inline). `update` is the only place state changes.

pub mod case;
pub mod columns;
pub mod compare;
pub mod detail;
pub mod detections;
pub mod facets;
pub mod filter_edit;
pub mod fuzzy;
pub mod history;
pub mod marks;
pub mod profile;
pub mod sort;
pub mod tree;
mod update;
pub mod views;
pub mod work;

pub use update::{bucket_of, update, DEFAULT_EXPORT};

use crate::export::Format as ExportFormat;
pub use crate::format::thousands;
use crate::model::EventStore;
use crate::query::{Filter, FuzzyMatch, ParseError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use tui_input::{Input, InputRequest};

/// How long a live filter that must read record bytes waits for the next keystroke.
pub const RAW_DEBOUNCE_MS: u64 = 120;

/// The rows of a query result (store rows, in time order), shared with workers without copying.
pub type Rows = Arc<Vec<u32>>;

/// A rectangle of terminal cells (the app's own type: `app` knows no widget library).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Area {
    /// Left column.
    pub x: u16,
    /// Top row.
    pub y: u16,
    /// Width in cells.
    pub width: u16,
    /// Height in cells.
    pub height: u16,
}

impl Area {
    /// True when the cell (`column`, `row`) is inside.
    pub fn contains(&self, column: u16, row: u16) -> bool {
        column >= self.x
            && column < self.x.saturating_add(self.width)
            && row >= self.y
            && row < self.y.saturating_add(self.height)
    }
}

/// What the UI tells the app about the screen: where each pane's content is and how wide text
/// is once sanitised. Computed by `ui::viewport` (a pure function of the terminal size) and
/// delivered with [`Msg::Resize`], so `update` can keep scroll offsets without rendering.
#[derive(Clone, Copy, Debug)]
pub struct Viewport {
    /// Terminal width.
    pub width: u16,
    /// Terminal height.
    pub height: u16,
    /// Below the minimum size: only a message is drawn.
    pub too_small: bool,
    /// The event list's rows (without its header).
    pub list: Area,
    /// The detail pane's text (without its title).
    pub detail: Area,
    /// The timeline's bars: one column per bucket.
    pub timeline: Area,
    /// Side by side: (list, detail) while the list or timeline has the keyboard, then while the
    /// detail has it (it is wider then); `update` sets `list` and `detail` from it by focus.
    pub split: Option<[(Area, Area); 2]>,
    /// Rows of content in a popup (help, fuzzy results, pivots, failed files).
    pub popup_rows: u16,
    /// Display width of a piece of data text as the sanitiser shows it.
    pub measure: fn(&str) -> usize,
    /// The furthest the help scrolls (its lines less what one screen shows): `j` at the end
    /// stays there, so `k` moves back at once.
    pub help_scroll_max: usize,
}

fn count_chars(s: &str) -> usize {
    s.chars().count()
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            width: 0,
            height: 0,
            too_small: true,
            list: Area::default(),
            detail: Area::default(),
            timeline: Area::default(),
            split: None,
            popup_rows: 0,
            measure: count_chars,
            help_scroll_max: usize::MAX,
        }
    }
}

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The event list.
    List,
    /// The detail pane.
    Detail,
    /// The timeline.
    Timeline,
}

/// What the keyboard is doing now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Browsing.
    Normal,
    /// Editing the filter (live).
    Filter,
    /// Typing a search term for `n`/`N`.
    Search,
    /// The fuzzy finder is open.
    Fuzzy,
    /// The pivot menu is open.
    Pivot,
    /// The lineage tree of the selected event's credentials is open.
    Tree,
    /// The export prompt is open.
    Export,
    /// Asking whether to overwrite an existing export target.
    ConfirmOverwrite,
    /// The key help is open.
    Help,
    /// The failed-files list is open.
    Failed,
    /// The group-by popup is open (`c`).
    Facets,
    /// The detections view is open (rules that fired, Local Insights, CloudTrail Insights).
    Detections,
    /// Writing a note or tags on an event (`a`, `T`).
    Annotate,
    /// The profile popup is open (`i`).
    Profile,
    /// Two events side by side, their differences highlighted (`d`).
    Compare,
    /// The named views menu is open (`v`).
    Views,
}

/// Which set of key bindings applies (derived from [`Mode`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Bindings active in every scope.
    Any,
    /// Browsing.
    Normal,
    /// The filter line.
    Filter,
    /// The search prompt.
    Search,
    /// The fuzzy finder.
    Fuzzy,
    /// The pivot menu.
    Pivot,
    /// The lineage tree.
    Tree,
    /// The export prompt.
    Export,
    /// A yes/no question.
    Confirm,
    /// A read-only popup (help, failed files).
    Popup,
    /// The group-by popup's groups.
    Facets,
    /// The group-by popup's field line.
    FacetsField,
    /// The detections view.
    Detections,
    /// The note / tags prompt.
    Annotate,
    /// The profile popup.
    Profile,
    /// The compare view.
    Compare,
    /// The named views menu.
    Views,
}

impl Scope {
    /// A short name for the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Any => "everywhere",
            Scope::Normal => "browsing",
            Scope::Filter => "filter line",
            Scope::Search => "search prompt",
            Scope::Fuzzy => "fuzzy finder",
            Scope::Pivot => "pivot menu",
            Scope::Tree => "lineage tree",
            Scope::Export => "export prompt",
            Scope::Confirm => "overwrite question",
            Scope::Popup => "popups",
            Scope::Facets => "group-by (count values)",
            Scope::FacetsField => "group-by field line",
            Scope::Detections => "detections view",
            Scope::Annotate => "note prompt",
            Scope::Profile => "profile",
            Scope::Compare => "compare view",
            Scope::Views => "named views menu",
        }
    }
}

/// What a bound key does. The meaning of the generic ones (`Up`, `Apply`…) depends on the mode;
/// the keymap gives each binding its own description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Show the key help.
    Help,
    /// Previous row / scroll up / previous history entry.
    Up,
    /// Next row / scroll down / next history entry.
    Down,
    /// Timeline: previous bucket.
    Left,
    /// Timeline: next bucket.
    Right,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// Half a page up.
    HalfPageUp,
    /// Half a page down.
    HalfPageDown,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Edit the filter.
    EditFilter,
    /// Type a search term for `n`/`N`.
    Search,
    /// Next row whose record contains the search words.
    NextMatch,
    /// Previous row whose record contains the search words.
    PrevMatch,
    /// Open the fuzzy finder.
    Fuzzy,
    /// Fuzzy finder: the next order of the values (best match, most, fewest events, A–Z).
    Sort,
    /// Export prompt: write the manifest beside the export or not.
    ToggleManifest,
    /// Open the pivot menu.
    Pivot,
    /// Open the detections view.
    Detections,
    /// Next pane / next field / toggle.
    Next,
    /// Previous pane / previous field.
    Prev,
    /// Mark or unmark the selected event.
    Mark,
    /// Mark every row from the last mark to the cursor.
    MarkRange,
    /// Clear all marks (undoable).
    ClearMarks,
    /// Undo the last change to the marks (mark, range, clear).
    Undo,
    /// Export marked (or filtered) events.
    Export,
    /// Copy the selected record to the clipboard (OSC 52).
    Copy,
    /// Toggle UTC / local time.
    ToggleTz,
    /// Toggle pretty / raw record view.
    ToggleRaw,
    /// Timeline: zoom in around the cursor.
    ZoomIn,
    /// Timeline: zoom out.
    ZoomOut,
    /// Narrow the filter to start at the cursor's bucket.
    SpanStart,
    /// Narrow the filter to end at the cursor's bucket.
    SpanEnd,
    /// Enter: apply / choose / activate.
    Apply,
    /// Pivot menu: add the term to the filter instead of replacing it.
    Add,
    /// Esc: back out of the current mode.
    Back,
    /// List the files that failed to load.
    ShowFailed,
    /// Write a note on the selected event (saved in the case file).
    Note,
    /// Set the tags of the selected event (saved in the case file).
    Tag,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Open the group-by popup: count the values of a field under the filter.
    Facets,
    /// Group-by: add `-field:value` (exclude the selected value) to the filter.
    Exclude,
    /// Back to the previous view (filter, cursor and scroll as they were before the last
    /// filter change).
    GoBack,
    /// Open the lineage tree of the selected event's credentials.
    Lineage,
    /// Open the profile of the selected event's principal, key, IP or session.
    Profile,
    /// A character key the mode does not bind, in a menu with per-item keys (the pivot menu's
    /// hotkeys, from `query::pivot_menu`).
    Hotkey(char),
    /// Sort the list by the next column (time, who, event, source, region, IP, error).
    SortColumn,
    /// Reverse the list's sort.
    SortReverse,
    /// Compare two events side by side (the marked pair, or the marked one with the cursor's).
    Compare,
    /// Open the named views menu.
    Views,
    /// Apply the config file's named view of this index (its own key).
    View(u16),
}

/// A file the loader could not read (or read only in part), and why: the loader's own type.
pub use crate::loader::FileProblem;
/// What a load did: the loader's report, with the renumbering filled in once the store is
/// finalized ([`Cmd::FinishLoad`]).
pub use crate::loader::LoadReport;

/// A snapshot of the loader's progress counters (read by the runtime from atomics).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    /// Files found so far.
    pub files_total: u64,
    /// Files fully indexed.
    pub files_done: u64,
    /// Bytes read.
    pub bytes_done: u64,
    /// Events indexed.
    pub events: u64,
    /// Files that failed.
    pub failed: u64,
    /// Milliseconds since the load started.
    pub elapsed_ms: u64,
}

/// A finished export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// Events written.
    pub events: usize,
    /// Where.
    pub path: PathBuf,
    /// Its manifest was written beside it.
    pub manifest: bool,
}

/// An export to perform.
#[derive(Clone, Debug)]
pub struct ExportJob {
    /// Target file.
    pub path: PathBuf,
    /// `{"Records":[…]}` or JSON Lines.
    pub format: ExportFormat,
    /// Store rows to write, in order.
    pub rows: Rows,
    /// Replace an existing file.
    pub overwrite: bool,
    /// Whether the store was finalized when `rows` were taken: rows are renumbered when the load
    /// finishes, so a job taken before must not run after.
    pub store_sorted: bool,
    /// Also write its manifest (filter, inputs) beside it.
    pub manifest: Option<(String, String)>,
    /// An incident timeline (notes and tags beside the events) instead of the records.
    pub report: Option<ReportJob>,
}

/// The incident timeline an export writes instead of records.
#[derive(Clone, Debug)]
pub struct ReportJob {
    /// Markdown or CSV.
    pub format: crate::report::TimelineFormat,
    /// Notes and tags by store row.
    pub notes: Arc<std::collections::BTreeMap<u32, crate::case::Annotation>>,
    /// The zone of its times (the one shown).
    pub zone: crate::table::Zone,
}

/// Everything that changes the state. Produced by `keys` (terminal input), the runtime (resize,
/// load events, ticks) and workers (results).
#[derive(Debug)]
pub enum Msg {
    /// A bound key was pressed.
    Action(Action),
    /// Edit the text of the active prompt (filter, search, fuzzy, export path).
    Input(InputRequest),
    /// Text pasted (bracketed paste) into the active prompt.
    Paste(String),
    /// Left mouse button pressed at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// Mouse wheel at a cell: positive scrolls down.
    Wheel {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
        /// Lines to scroll.
        lines: i32,
    },
    /// The terminal size changed (or the first size is known).
    Resize(Viewport),
    /// Periodic load progress snapshot while loading; also drives throttled refreshes.
    Progress(LoadProgress),
    /// New rows were appended to the shared store.
    Appended,
    /// A file failed to load.
    FileFailed(FileProblem),
    /// The loader read everything (or was cancelled); the store is not finalized yet. `update`
    /// answers with [`Cmd::FinishLoad`].
    LoadDone(Box<LoadReport>),
    /// The store is finalized (time order, duplicates dropped): `remap`, `duplicates` and
    /// `events` of the report say how rows were renumbered.
    LoadFinished(Box<LoadReport>),
    /// A query finished (dropped unless `generation` is the latest).
    QueryDone {
        /// The generation of the `RunQuery` it answers.
        generation: u64,
        /// Matching rows in time order, or why the query failed.
        result: Result<Rows, crate::query::QueryError>,
        /// Sources whose bytes the query needed but could not read: (name, reason). Rows whose
        /// verdict depended on them are left out.
        unreadable: Vec<(String, String)>,
    },
    /// A record's original bytes were fetched for the detail pane.
    DetailLoaded {
        /// The generation of the `FetchDetail` it answers.
        generation: u64,
        /// The store row.
        row: u32,
        /// The record's bytes, or why they could not be read.
        bytes: Result<Arc<[u8]>, work::FetchError>,
    },
    /// A search finished: every row of the searched result whose record contains the words.
    SearchDone {
        /// The generation of the `Search` it answers.
        generation: u64,
        /// The hits, store rows in the searched result's order.
        hits: Rows,
        /// Sources that could not be read: (name, reason). Their rows are not hits.
        unreadable: Vec<(String, String)>,
    },
    /// The fuzzy finder's values were counted and ranked (dropped unless `generation` is the
    /// latest).
    FuzzyDone {
        /// The generation of the [`Cmd::Fuzzy`] it answers.
        generation: u64,
        /// Distinct values of the field over the rows, with counts (most first).
        candidates: Arc<Vec<(crate::model::Sym, u32)>>,
        /// The values matching the pattern, in the order asked.
        matches: Vec<FuzzyMatch>,
    },
    /// A group-by count finished (dropped unless `generation` is the latest).
    GroupDone {
        /// The generation of the [`Cmd::Group`] it answers.
        generation: u64,
        /// The groups, sorted as asked.
        outcome: Arc<crate::query::GroupOutcome>,
        /// Sources that could not be read: (name, reason). Their rows are not counted.
        unreadable: Vec<(String, String)>,
    },
    /// A profile was computed (dropped unless `generation` is the latest).
    ProfileDone {
        /// The generation of the [`Cmd::Profile`] it answers.
        generation: u64,
        /// The profile.
        profile: Arc<crate::query::profile::Profile>,
    },
    /// The export target exists; ask before overwriting.
    ExportExists(ExportJob),
    /// An export finished (or failed, with the reason).
    ExportDone(Result<Exported, crate::export::ExportFailed>),
    /// The detections job finished: the store holds its results (dropped unless `generation`
    /// is the latest).
    DetectDone {
        /// The generation of the [`Cmd::Detect`] it answers.
        generation: u64,
        /// Rows of the store it saw (0: it found the store renumbered and kept nothing).
        rows: usize,
    },
    /// Verification against the trail's digests finished (each source's verdict is in the
    /// store).
    VerifyDone(Box<VerifySummary>),
    /// The case file was written (or why not).
    CaseSaved(Result<PathBuf, String>),
    /// The two records of the compare view were read (dropped unless `generation` is the
    /// latest).
    CompareLoaded {
        /// The generation of the [`Cmd::FetchCompare`] it answers.
        generation: u64,
        /// Both records' lines and their diff.
        loaded: Arc<compare::Loaded>,
    },
    /// The record-byte cells of the list's configured columns for some rows
    /// ([`Cmd::FetchCells`]).
    CellsLoaded {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// (event, its cells).
        cells: Vec<(u32, columns::RowCells)>,
    },
}

/// Effects `update` asks the runtime to perform.
#[derive(Debug)]
pub enum Cmd {
    /// Run a query off the UI thread; answer with [`Msg::QueryDone`].
    RunQuery {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The parsed filter.
        filter: Filter,
        /// Raised when a newer query supersedes this one.
        cancel: Arc<AtomicBool>,
        /// Wait this long first (and drop the query if cancelled meanwhile). The runtime
        /// honours it; [`work::perform`] ignores it.
        debounce_ms: u64,
        /// The order of the answer (the list's sort).
        sort: crate::query::ListSort,
    },
    /// Read a record's bytes; answer with [`Msg::DetailLoaded`].
    FetchDetail {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The store row.
        row: u32,
    },
    /// Find every row of `rows` whose record contains every word (the parallel raw scan of
    /// bare-word filters); answer with [`Msg::SearchDone`].
    Search {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The rows to search in.
        rows: Rows,
        /// Words, matched ASCII case-insensitively.
        words: Vec<String>,
        /// Raised when superseded or cancelled (Esc).
        cancel: Arc<AtomicBool>,
    },
    /// Count a field's distinct values (or take the ones counted before) and rank them against
    /// the fuzzy finder's pattern; answer with [`Msg::FuzzyDone`].
    Fuzzy {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// Where the values come from.
        values: FuzzyValues,
        /// The pattern typed (empty: every value).
        pattern: String,
        /// The order of the matches.
        order: fuzzy::FuzzySort,
        /// Raised when a newer fuzzy job supersedes this one.
        cancel: Arc<AtomicBool>,
    },
    /// Count the distinct values of one or two fields over rows (or re-sort a count made
    /// before); answer with [`Msg::GroupDone`].
    Group {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// What to count, or the count to re-sort.
        input: GroupInput,
        /// The order.
        sort: crate::query::Sort,
        /// Records read so far (the worker adds to it; the popup shows it).
        done: Arc<std::sync::atomic::AtomicUsize>,
        /// Raised when a newer count supersedes this one.
        cancel: Arc<AtomicBool>,
    },
    /// Compute the profile of the events matching `filter`; answer with [`Msg::ProfileDone`].
    Profile {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The events to profile.
        filter: Filter,
        /// Raised when a newer profile supersedes this one.
        cancel: Arc<AtomicBool>,
    },
    /// Write events to a file; answer with [`Msg::ExportExists`] or [`Msg::ExportDone`].
    Export(ExportJob),
    /// Sort and deduplicate the loaded store (renumbering its rows); answer with
    /// [`Msg::LoadFinished`]. Until then the app must not read the store on the thread that
    /// draws: the runtime holds back terminal input and frames meanwhile.
    FinishLoad(Box<LoadReport>),
    /// Check the loaded files against the trail's digest files (after the load); answer with
    /// [`Msg::VerifyDone`].
    Verify,
    /// Put bytes on the clipboard (OSC 52).
    Copy(Vec<u8>),
    /// Run the detection rules and Local Insights over the store and keep their results on
    /// it; answer with [`Msg::DetectDone`].
    Detect {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The rules to run (`None`: Local Insights only).
        rules: Option<Arc<crate::detect::RuleSet>>,
        /// Raised when superseded, or when the load finishes (rows are renumbered).
        cancel: Arc<AtomicBool>,
    },
    /// Write the case file (small: the runtime does it at once); answer with
    /// [`Msg::CaseSaved`].
    SaveCase {
        /// Where.
        path: PathBuf,
        /// What.
        file: crate::case::CaseFile,
    },
    /// Stop: cancel the load and leave.
    Quit,
    /// Put the shown rows in another order; answer with [`Msg::QueryDone`] (the query lane:
    /// a newer query replaces it).
    SortRows {
        /// The query generation it answers as.
        generation: u64,
        /// The rows (any order).
        rows: Rows,
        /// The order.
        sort: crate::query::ListSort,
        /// Raised when superseded.
        cancel: Arc<AtomicBool>,
    },
    /// Read the two records of the compare view; answer with [`Msg::CompareLoaded`].
    FetchCompare {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The store rows (left, right).
        rows: [u32; 2],
    },
    /// Read the cells of the list's JSON-path columns for `rows` (the visible ones not known
    /// yet); answer with [`Msg::CellsLoaded`].
    FetchCells {
        /// Answers carrying an older generation are dropped.
        generation: u64,
        /// The store rows.
        rows: Vec<u32>,
        /// The columns.
        columns: Arc<Vec<columns::Column>>,
    },
}

/// The values a [`Cmd::Fuzzy`] ranks.
#[derive(Debug)]
pub enum FuzzyValues {
    /// Count the distinct values of `field` over `rows` (a new field or a new result).
    Count {
        /// The field.
        field: crate::model::SymField,
        /// The rows (store rows of the shown result).
        rows: Rows,
    },
    /// The values counted by an earlier job (only the pattern or the order changed).
    Counted(Arc<Vec<(crate::model::Sym, u32)>>),
}

/// What a [`Cmd::Group`] works on.
#[derive(Debug)]
pub enum GroupInput {
    /// Count `fields` over `rows` (store rows of the shown result).
    Count {
        /// One field, or an outer and an inner one.
        fields: Vec<crate::query::GroupField>,
        /// The rows.
        rows: Rows,
    },
    /// Only the order changed: sort these groups again.
    Sorted(Arc<crate::query::GroupOutcome>),
}

pub use crate::model::time::Tz;

/// A one-line note to the user in the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The text (may contain data: rendered through the sanitiser).
    pub text: String,
    /// Shown as an error.
    pub error: bool,
}

/// The filter line.
#[derive(Debug, Default)]
pub struct FilterState {
    /// The text being edited.
    pub input: Input,
    /// Why the current text does not parse (the previous result stays shown).
    pub error: Option<ParseError>,
    /// Text of the last query sent (parsed fine).
    pub requested: String,
    /// Text of the query whose result is shown.
    pub shown: String,
    /// Applied filters, oldest first.
    pub history: Vec<String>,
    /// Position while browsing history with Up/Down.
    pub history_pos: Option<usize>,
    /// The text when editing began: the filter in effect (Esc restores it; its result is shown
    /// while the typed text does not parse).
    pub before_edit: String,
    /// That filter's result when editing began, if the store was complete (shown again at once
    /// while the typed text does not parse).
    pub applied: Option<(String, Rows)>,
}

/// The detail pane's cached content for the selected row.
#[derive(Debug, Default)]
pub struct DetailState {
    /// Generation of the latest fetch.
    pub generation: u64,
    /// The row requested (the selected row when it was fetched).
    pub row: Option<u32>,
    /// Bytes once loaded.
    pub bytes: Option<Arc<[u8]>>,
    /// Why the bytes could not be read.
    pub error: Option<String>,
    /// Raw bytes view instead of the pretty one.
    pub raw: bool,
    /// First visual line shown.
    pub scroll: usize,
    /// Pretty-printed logical lines (cached per row).
    pub pretty: Vec<detail::PLine>,
    /// Visual lines for the current mode and width (cached).
    pub lines: Vec<detail::PLine>,
    /// The width `lines` were wrapped to.
    pub wrapped_width: usize,
}

/// The timeline: its buckets are recomputed when the result, the zoom or the width changes.
#[derive(Debug, Default)]
pub struct TimelineState {
    /// First and last dated times of the loaded events.
    pub loaded_span: Option<(i64, i64)>,
    /// The span shown when zoomed; `None` shows `loaded_span`.
    pub zoom: Option<(i64, i64)>,
    /// Histogram of the result.
    pub data: Option<crate::query::Timeline>,
    /// Bucket under the timeline cursor.
    pub cursor: usize,
}

/// The fuzzy finder.
#[derive(Debug, Default)]
pub struct FuzzyState {
    /// Index into `FUZZY_FIELDS`.
    pub field: usize,
    /// The pattern.
    pub input: Input,
    /// Distinct values of the field over the result, with counts.
    pub candidates: Arc<Vec<(crate::model::Sym, u32)>>,
    /// Ranked matches.
    pub matches: Vec<FuzzyMatch>,
    /// Selected match.
    pub selected: usize,
    /// First match shown.
    pub top: usize,
    /// The order of `matches`.
    pub sort: fuzzy::FuzzySort,
    /// Generation of the latest [`Cmd::Fuzzy`]; older answers are dropped.
    pub generation: u64,
    /// The latest job's cancel flag (raised when a newer one is asked for).
    pub cancel: Option<Arc<AtomicBool>>,
    /// A recount was asked for and not answered yet: `candidates` are not the current field's,
    /// so the next job must count again too.
    pub recount: bool,
}

/// The pivot menu.
#[derive(Debug, Default)]
pub struct PivotState {
    /// The items: hotkey, label, filter term (`query::pivot_menu`).
    pub entries: Vec<crate::query::Pivot>,
    /// Selected entry.
    pub selected: usize,
    /// The store row the menu is for.
    pub row: Option<u32>,
    /// The record's bytes were read: the pivots that follow its data are in `entries`.
    pub complete: bool,
}

/// The export prompt.
#[derive(Debug, Default)]
pub struct ExportPrompt {
    /// Target path being typed.
    pub input: Input,
    /// Rows to export (marked, else the filtered view).
    pub rows: Rows,
    /// True when `rows` are the marked events.
    pub marked: bool,
    /// The job waiting for an overwrite answer.
    pub pending: Option<ExportJob>,
    /// Write `FILE.manifest.json` beside the export (on by default).
    pub manifest: bool,
}

/// The load as the app sees it.
#[derive(Debug, Default)]
pub struct LoadState {
    /// Still loading.
    pub loading: bool,
    /// Last progress snapshot.
    pub progress: LoadProgress,
    /// Files that failed (while loading: every problem reported so far).
    pub failed: Vec<FileProblem>,
    /// Files read only in part (known at the end of the load).
    pub warnings: Vec<FileProblem>,
    /// New rows arrived since the last refresh.
    pub dirty: bool,
    /// Progress ticks since the last refresh (refreshes are spaced out on big results).
    pub ticks_since_refresh: u32,
    /// The loader is done and the store is being finalized ([`Cmd::FinishLoad`] is running).
    pub finalizing: bool,
    /// The final report, once done (without its `remap`).
    pub done: Option<Box<LoadReport>>,
}

/// What verification against the digests found for the load (issue 13).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifySummary {
    /// Log files checked.
    pub files: usize,
    /// Digest files found.
    pub digests: usize,
    /// Log files verified.
    pub verified: usize,
    /// Log files modified since delivery.
    pub modified: usize,
    /// Log files no digest present lists.
    pub not_covered: usize,
    /// Log files without any digest for their account and region.
    pub no_digest: usize,
    /// Digests modified or missing, files missing, gaps.
    pub other: usize,
    /// What `verify` found wrong: (path, reason), for the failed-files popup.
    pub problems: Vec<(String, String)>,
}

/// Verification of the load.
#[derive(Debug, Default)]
pub struct VerifyState {
    /// Running now.
    pub running: bool,
    /// The last result.
    pub done: Option<VerifySummary>,
}

impl VerifyState {
    /// True when the trail had digests to check against (the list then shows each event's
    /// state).
    pub fn shown(&self) -> bool {
        self.done.as_ref().is_some_and(|d| d.digests > 0)
    }
}

/// A search being run.
#[derive(Debug, Clone)]
pub struct SearchRun {
    /// The words searched for.
    pub words: Vec<String>,
    /// The rows searched (the shown result when it started).
    pub rows: Rows,
    /// Move to the next hit (else the previous one) when it answers.
    pub forward: bool,
}

/// The hits of the last search, valid while the shown rows are the ones searched.
#[derive(Debug, Clone)]
pub struct SearchHits {
    /// The words searched for.
    pub words: Vec<String>,
    /// The rows searched (the shown result then): hits are reused while `App::rows` is this.
    pub rows: Rows,
    /// The rows of `rows` whose record contains every word, in their order.
    pub hits: Rows,
}

/// Search (`s`, `n`, `N`).
#[derive(Debug, Default)]
pub struct SearchState {
    /// Generation of the latest search.
    pub generation: u64,
    /// The search running now (the status line says so until it ends; Esc cancels it).
    pub running: Option<SearchRun>,
    /// The last finished search.
    pub hits: Option<SearchHits>,
    cancel: Option<Arc<AtomicBool>>,
}

/// The whole application state. Rendered by `ui::render(&App, …)`; changed only by [`update`].
#[derive(Debug)]
pub struct App {
    /// The shared event store (the loader appends to it while loading).
    pub store: Arc<RwLock<EventStore>>,
    /// What was opened (paths), for the title.
    pub title: String,
    /// Screen geometry.
    pub viewport: Viewport,
    /// The keyboard mode.
    pub mode: Mode,
    /// The focused pane.
    pub focus: Focus,
    /// Time zone of displayed times.
    pub tz: Tz,
    /// The filter line.
    pub filter: FilterState,
    /// The rows shown (store rows, in the list's order: [`App::sort`], time by default).
    pub rows: Rows,
    /// Index of the selected row in `rows`.
    pub cursor: usize,
    /// Index of the first row shown.
    pub top: usize,
    /// Generation of the latest query.
    pub query_gen: u64,
    /// A query is running.
    pub query_running: bool,
    query_cancel: Option<Arc<AtomicBool>>,
    /// Marked events.
    pub marks: marks::Marks,
    /// The detail pane.
    pub detail: DetailState,
    /// The timeline.
    pub timeline: TimelineState,
    /// The fuzzy finder (when open).
    pub fuzzy: FuzzyState,
    /// The pivot menu (when open).
    pub pivot: PivotState,
    /// The lineage tree (when open).
    pub tree: tree::TreeState,
    /// The views to go back to (`Backspace`).
    pub history: history::BackStack,
    /// The export prompt (when open).
    pub export: ExportPrompt,
    /// The group-by popup (`c`).
    pub facets: facets::FacetsState,
    /// The profile popup (`i`).
    pub profile: profile::ProfileState,
    /// The search prompt.
    pub search_input: Input,
    /// The current search term (empty: use the filter's bare words).
    pub search_term: String,
    /// Words highlighted in the detail pane (the search term, else the filter's bare words).
    pub highlight: Vec<String>,
    /// The running search and the last one's hits.
    pub search: SearchState,
    /// The load.
    pub load: LoadState,
    /// Verification of the loaded files against the trail's digests.
    pub verify: VerifyState,
    /// A note for the status line.
    pub note: Option<Note>,
    /// Scroll of the help / failed popups.
    pub popup_scroll: usize,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// The detections job and view.
    pub detections: detections::DetectionsState,
    /// The case: notes, tags, and the case file they are saved in.
    pub case: case::CaseState,
    /// The list's order (time by default; `o`/`O`).
    pub sort: crate::query::ListSort,
    /// The compare view (`d`).
    pub compare: compare::CompareState,
    /// The zone `t` switches to from UTC (local, or the config file's zone).
    pub zone: Tz,
    /// The named views (the config file's) and the views menu.
    pub views: views::ViewsState,
    /// The list's columns (built-in or the config file's) and their cell cache.
    pub columns: columns::ListColumns,
}

impl App {
    /// A new app over `store`. `loading` says whether a loader is still filling it.
    /// Returns the first commands to run (the initial query).
    pub fn new(store: Arc<RwLock<EventStore>>, title: String, loading: bool) -> (App, Vec<Cmd>) {
        let mut app = App {
            store,
            title,
            viewport: Viewport::default(),
            mode: Mode::Normal,
            focus: Focus::List,
            tz: Tz::Utc,
            filter: FilterState::default(),
            rows: Arc::new(Vec::new()),
            cursor: 0,
            top: 0,
            query_gen: 0,
            query_running: false,
            query_cancel: None,
            marks: marks::Marks::default(),
            detail: DetailState::default(),
            timeline: TimelineState::default(),
            fuzzy: FuzzyState::default(),
            pivot: PivotState::default(),
            history: history::BackStack::default(),
            tree: tree::TreeState::default(),
            export: ExportPrompt::default(),
            facets: facets::FacetsState::default(),
            profile: profile::ProfileState::default(),
            search_input: Input::default(),
            search_term: String::new(),
            highlight: Vec::new(),
            search: SearchState::default(),
            load: LoadState {
                loading,
                ..Default::default()
            },
            verify: VerifyState::default(),
            note: None,
            popup_scroll: 0,
            quit: false,
            detections: detections::DetectionsState::default(),
            case: case::CaseState::default(),
            sort: crate::query::ListSort::TIME,
            compare: compare::CompareState::default(),
            columns: columns::ListColumns::default(),
            zone: Tz::Local,
            views: views::ViewsState::default(),
        };
        let span = app.read_store().time_span();
        app.timeline.loaded_span = span;
        let mut cmds = Vec::new();
        app.request_query("", &mut cmds);
        if !loading {
            app.request_detect(&mut cmds);
        }
        (app, cmds)
    }

    /// Asks for the detections of the store as it is now (cancelling a running job).
    pub fn request_detect(&mut self, cmds: &mut Vec<Cmd>) {
        if let Some(c) = self.detections.cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.detections.generation += 1;
        self.detections.running = true;
        self.detections.cancel = Some(cancel.clone());
        cmds.push(Cmd::Detect {
            generation: self.detections.generation,
            rules: self.detections.rules.clone(),
            cancel,
        });
    }

    /// The detection rules the detections job runs from now on; broken rule files are said in
    /// the status line (`trailscope rules` lists them).
    pub fn set_rules(&mut self, rules: Option<Arc<crate::detect::RuleSet>>) {
        if let Some(r) = &rules {
            if let Some(e) = r.errors.first() {
                let more = r.errors.len() - 1;
                self.complain(if more > 0 {
                    format!("{e} (and {more} more rule files: trailscope rules)")
                } else {
                    e.to_string()
                });
            }
        }
        self.detections.rules = rules;
    }

    /// Cancels the running detections job (rows are about to be renumbered).
    pub(crate) fn cancel_detect(&mut self) {
        if let Some(c) = self.detections.cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.detections.running = false;
    }

    /// Read access to the store (a poisoned lock is still readable: the data is append-only).
    pub fn read_store(&self) -> RwLockReadGuard<'_, EventStore> {
        crate::sync::read(&self.store)
    }

    /// The key bindings that apply now.
    pub fn scope(&self) -> Scope {
        match self.mode {
            Mode::Normal => Scope::Normal,
            Mode::Filter => Scope::Filter,
            Mode::Search => Scope::Search,
            Mode::Fuzzy => Scope::Fuzzy,
            Mode::Pivot => Scope::Pivot,
            Mode::Tree => Scope::Tree,
            Mode::Export => Scope::Export,
            Mode::ConfirmOverwrite => Scope::Confirm,
            Mode::Help | Mode::Failed => Scope::Popup,
            Mode::Facets if self.facets.editing => Scope::FacetsField,
            Mode::Facets => Scope::Facets,
            Mode::Detections => Scope::Detections,
            Mode::Annotate => Scope::Annotate,
            Mode::Profile => Scope::Profile,
            Mode::Compare => Scope::Compare,
            Mode::Views => Scope::Views,
        }
    }

    /// The selected store row, if any.
    pub fn selected(&self) -> Option<u32> {
        self.rows.get(self.cursor).copied()
    }

    /// Rows the export would write now: the marked events, else the filtered view.
    pub fn export_rows(&self) -> (Rows, bool) {
        if self.marks.count() > 0 {
            // While loading, row numbers are in arrival order: export in time order.
            let rows = self.read_store().time_order(self.marks.rows());
            (Arc::new(rows), true)
        } else if self.sort.is_time_order() {
            (self.rows.clone(), false)
        } else {
            // Exports and incident timelines are in time order whatever the list's sort.
            let mut rows = self.rows.to_vec();
            crate::query::sort::time_order(&self.read_store(), &mut rows);
            (Arc::new(rows), false)
        }
    }

    /// Sends a new query for `text` if it parses; otherwise records the error and keeps the
    /// previous result. Cancels the running query.
    pub(crate) fn request_query(&mut self, text: &str, cmds: &mut Vec<Cmd>) {
        // Times typed without an offset are read in the zone the times are shown in.
        match Filter::parse_in(text, self.tz) {
            Ok(filter) => {
                self.filter.error = None;
                // A name read as a JSON path that CloudTrail does not have: say so (a typo
                // would otherwise just find nothing).
                if let Some(n) = filter.notes().first() {
                    self.note = Some(Note {
                        text: n.clone(),
                        error: false,
                    });
                }
                self.send_query(filter, cmds);
            }
            Err(e) => self.filter.error = Some(e),
        }
    }

    /// Cancels the running query and search (their results would be for row numbers about to
    /// change); a query is sent again by whatever comes next.
    pub fn cancel_running(&mut self) {
        if let Some(c) = self.query_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.query_gen += 1;
        self.query_running = false;
        self.cancel_search();
    }

    /// Cancels the running query and starts the next generation: its number and cancel flag.
    pub(crate) fn next_query(&mut self) -> (u64, Arc<AtomicBool>) {
        if let Some(c) = self.query_cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.query_cancel = Some(cancel.clone());
        self.query_gen += 1;
        self.query_running = true;
        (self.query_gen, cancel)
    }

    fn send_query(&mut self, filter: Filter, cmds: &mut Vec<Cmd>) {
        let (generation, cancel) = self.next_query();
        self.filter.requested = filter.text().to_string();
        // While typing, a filter that reads record bytes (bare words) waits a moment for the next
        // keystroke: it costs a scan of the records, most of which the next key would cancel.
        let debounce_ms = if self.mode == Mode::Filter && filter.needs_raw() {
            RAW_DEBOUNCE_MS
        } else {
            0
        };
        cmds.push(Cmd::RunQuery {
            generation,
            filter,
            cancel,
            debounce_ms,
            sort: self.sort.clone(),
        });
    }

    /// Re-sends the last query that parsed (new rows, or renumbered rows).
    pub(crate) fn rerun_query(&mut self, cmds: &mut Vec<Cmd>) {
        let text = self.filter.requested.clone();
        if let Ok(f) = Filter::parse_in(&text, self.tz) {
            self.send_query(f, cmds);
        }
    }

    /// Starts a search for `words` over the shown rows (cancelling a running one); the cursor
    /// moves to the next hit (`forward`) or the previous one when it answers.
    pub(crate) fn start_search(&mut self, words: Vec<String>, forward: bool, cmds: &mut Vec<Cmd>) {
        self.cancel_search();
        let cancel = Arc::new(AtomicBool::new(false));
        self.search.cancel = Some(cancel.clone());
        self.search.running = Some(SearchRun {
            words: words.clone(),
            rows: self.rows.clone(),
            forward,
        });
        cmds.push(Cmd::Search {
            generation: self.search.generation,
            rows: self.rows.clone(),
            words,
            cancel,
        });
    }

    /// Cancels the running search, if any (its answer will be dropped).
    pub(crate) fn cancel_search(&mut self) {
        if let Some(c) = self.search.cancel.take() {
            c.store(true, Ordering::Relaxed);
        }
        self.search.running = None;
        self.search.generation += 1;
    }

    /// Sets a note for the status line.
    pub(crate) fn say(&mut self, text: impl Into<String>) {
        self.note = Some(Note {
            text: text.into(),
            error: false,
        });
    }

    /// Sets an error note for the status line.
    pub(crate) fn complain(&mut self, text: impl Into<String>) {
        self.note = Some(Note {
            text: text.into(),
            error: true,
        });
    }
}
