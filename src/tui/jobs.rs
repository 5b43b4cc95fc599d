//! The job pool: performs [`Cmd`]s off the UI thread on a fixed set of worker threads, one lane
//! per [`Kind`] of job, with **at most one job in flight per kind; the latest wins and the older
//! one is cancelled**.
//!
//! Each lane holds the running job's cancel flag and one waiting slot. Submitting a job raises
//! the running job's flag (a query or search stops at its next check; a record read or an export
//! is short or cannot stop halfway, and its answer — like a fuzzy ranking's, which checks its flag
//! between counting and ranking — is dropped by `update` for its old generation)
//! and replaces the waiting one, which is never started. Holding `j` over 200 rows therefore
//! reads at most two records at a time — the one being read and the latest asked for — and
//! spawns no thread: the lanes are started once (gitui's `AsyncSingleJob` has the same shape:
//! one pending job, the newest replaces it).
//!
//! The parallel parts of each lane's jobs run on a rayon pool of that lane's own: not the
//! global one the loader uses (a query holding the store's read lock while waiting for loader
//! threads blocked on the write lock would deadlock), and not one shared between lanes either.
//! A pool worker waiting in a `join` runs whatever job of its pool it can steal: with one pool
//! for all lanes, a worker busy with the detections' scan (under the store's read lock) stole a
//! query lane's job, whose first step is taking the read lock; with the loader waiting for the
//! write lock that read blocks, the scan never finishes, and the explorer froze at the start of
//! a load (seen once in a few dozen starts on 1M events).

use crate::app::work::{perform, WorkCtx};
use crate::app::{Cmd, Msg};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The kinds of background job; each has its own lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Reading the selected record for the detail pane.
    Detail,
    /// Running the filter.
    Query,
    /// `s`/`n`/`N`: the next record containing the words.
    Search,
    /// The fuzzy finder: counting a field's values and ranking them against the pattern.
    Fuzzy,
    /// The group-by popup: counting a field's values over the shown rows.
    Group,
    /// The profile popup: a filter and the profile of its events.
    Profile,
    /// Writing an export.
    Export,
    /// Finalizing the store at the end of the load.
    Load,
    /// Computing detections (Local Insights) over the store.
    Detect,
    /// Checking the loaded files against the trail's digests (after the load).
    Verify,
    /// Reading the two records of the compare view.
    Compare,
    /// Reading the list's JSON-path cells for the rows on screen.
    Cells,
}

/// Every kind, in lane order.
pub const KINDS: [Kind; 12] = [
    Kind::Detail,
    Kind::Query,
    Kind::Search,
    Kind::Fuzzy,
    Kind::Group,
    Kind::Profile,
    Kind::Export,
    Kind::Load,
    Kind::Detect,
    Kind::Verify,
    Kind::Compare,
    Kind::Cells,
];

impl Kind {
    /// The lane of a command; `None` for the ones the event loop performs itself (`Copy`, `Quit`).
    pub fn of(cmd: &Cmd) -> Option<Kind> {
        match cmd {
            Cmd::FetchDetail { .. } => Some(Kind::Detail),
            Cmd::RunQuery { .. } => Some(Kind::Query),
            Cmd::Search { .. } => Some(Kind::Search),
            Cmd::Fuzzy { .. } => Some(Kind::Fuzzy),
            Cmd::Group { .. } => Some(Kind::Group),
            Cmd::Profile { .. } => Some(Kind::Profile),
            Cmd::Export(_) => Some(Kind::Export),
            Cmd::FinishLoad(_) => Some(Kind::Load),
            Cmd::Detect { .. } => Some(Kind::Detect),
            Cmd::Verify => Some(Kind::Verify),
            Cmd::SortRows { .. } => Some(Kind::Query),
            Cmd::FetchCompare { .. } => Some(Kind::Compare),
            Cmd::FetchCells { .. } => Some(Kind::Cells),
            Cmd::Copy(_) | Cmd::Quit | Cmd::SaveCase { .. } => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Detail => "job-detail",
            Kind::Query => "job-query",
            Kind::Search => "job-search",
            Kind::Fuzzy => "job-fuzzy",
            Kind::Group => "job-group",
            Kind::Profile => "job-profile",
            Kind::Export => "job-export",
            Kind::Load => "job-finalize",
            Kind::Detect => "job-detect",
            Kind::Verify => "job-verify",
            Kind::Compare => "job-compare",
            Kind::Cells => "job-cells",
        }
    }
}

/// Counters of what the pool did, per kind (for tests and benches).
#[derive(Debug, Default)]
pub struct Stats {
    /// Worker threads started (fixed when the pool is built).
    pub threads: AtomicU64,
    started: [AtomicU64; KINDS.len()],
    replaced: [AtomicU64; KINDS.len()],
    in_flight: [AtomicU64; KINDS.len()],
    max_in_flight: [AtomicU64; KINDS.len()],
}

impl Stats {
    /// Jobs of `kind` started.
    pub fn started(&self, kind: Kind) -> u64 {
        self.started[kind.index()].load(Ordering::SeqCst)
    }
    /// Jobs of `kind` replaced by a newer one (or cancelled) before they started.
    pub fn replaced(&self, kind: Kind) -> u64 {
        self.replaced[kind.index()].load(Ordering::SeqCst)
    }
    /// The most jobs of `kind` ever running at once.
    pub fn max_in_flight(&self, kind: Kind) -> u64 {
        self.max_in_flight[kind.index()].load(Ordering::SeqCst)
    }
    /// Jobs of `kind` running now.
    pub fn in_flight(&self, kind: Kind) -> u64 {
        self.in_flight[kind.index()].load(Ordering::SeqCst)
    }
}

struct Job {
    cmd: Cmd,
    cancel: Arc<AtomicBool>,
}

#[derive(Default)]
struct LaneState {
    /// The job waiting to start (a newer submission replaces it).
    next: Option<Job>,
    /// The running job's cancel flag.
    running: Option<Arc<AtomicBool>>,
    shutdown: bool,
}

#[derive(Default)]
struct Lane {
    state: Mutex<LaneState>,
    wake: Condvar,
}

impl Lane {
    fn lock(&self) -> MutexGuard<'_, LaneState> {
        crate::sync::lock(&self.state)
    }
}

/// Where answers go.
pub type Sink = Arc<dyn Fn(Msg) + Send + Sync>;

/// The pool. Dropping it stops the lanes without waiting for running jobs (the program is
/// leaving; a job's answer then goes nowhere).
pub struct Jobs {
    lanes: Vec<Arc<Lane>>,
    sink: Sink,
    /// What the pool did.
    pub stats: Arc<Stats>,
}

/// The cancel flag a command carries, or a new one.
fn cancel_of(cmd: &Cmd) -> Arc<AtomicBool> {
    match cmd {
        Cmd::RunQuery { cancel, .. }
        | Cmd::Search { cancel, .. }
        | Cmd::Fuzzy { cancel, .. }
        | Cmd::Group { cancel, .. }
        | Cmd::Detect { cancel, .. }
        | Cmd::Profile { cancel, .. } => cancel.clone(),
        _ => Arc::new(AtomicBool::new(false)),
    }
}

impl Jobs {
    /// Starts one worker thread per kind; answers are passed to `sink`.
    pub fn new(ctx: WorkCtx, sink: Sink) -> std::io::Result<Jobs> {
        let stats = Arc::new(Stats::default());
        let mut lanes = Vec::new();
        for kind in KINDS {
            let lane = Arc::new(Lane::default());
            let (l, ctx, sink, st) = (lane.clone(), ctx.clone(), sink.clone(), stats.clone());
            // One per lane (see above); finalizing and verification use the global pool (the
            // load is over when they run).
            let name = kind.name();
            let pool = (!matches!(kind, Kind::Load | Kind::Verify))
                .then(|| {
                    rayon::ThreadPoolBuilder::new()
                        .thread_name(move |i| format!("{name}-{i}"))
                        .build()
                        .ok()
                })
                .flatten();
            std::thread::Builder::new()
                .name(kind.name().into())
                .spawn(move || worker(kind, &l, &ctx, &*sink, &st, pool.as_ref()))?;
            stats.threads.fetch_add(1, Ordering::SeqCst);
            lanes.push(lane);
        }
        Ok(Jobs { lanes, sink, stats })
    }

    /// Queues `cmd` on its lane: raises the running job's cancel flag and replaces the waiting
    /// one. Commands without a lane (`Copy`, `Quit`) are ignored.
    pub fn submit(&self, cmd: Cmd) {
        let Some(kind) = Kind::of(&cmd) else {
            return;
        };
        let lane = &self.lanes[kind.index()];
        let job = Job {
            cancel: cancel_of(&cmd),
            cmd,
        };
        let old = {
            let mut st = lane.lock();
            if let Some(r) = &st.running {
                // An export cannot stop halfway and the finalize must finish: both run to the end.
                if !matches!(kind, Kind::Export | Kind::Load) {
                    r.store(true, Ordering::Relaxed);
                }
            }
            st.next.replace(job)
        };
        lane.wake.notify_all();
        if let Some(old) = old {
            old.cancel.store(true, Ordering::Relaxed);
            self.stats.replaced[kind.index()].fetch_add(1, Ordering::SeqCst);
            if let Cmd::Export(job) = old.cmd {
                // Never drop an export silently: say it did not happen.
                (self.sink)(Msg::ExportDone(Err(crate::export::ExportFailed::Replaced(
                    job.path,
                ))));
            }
        }
    }

    /// Raises every lane's cancel flags and stops the lanes (without waiting for them).
    pub fn shutdown(&self) {
        for lane in &self.lanes {
            let mut st = lane.lock();
            st.shutdown = true;
            if let Some(r) = &st.running {
                r.store(true, Ordering::Relaxed);
            }
            if let Some(j) = st.next.take() {
                j.cancel.store(true, Ordering::Relaxed);
            }
            drop(st);
            lane.wake.notify_all();
        }
    }

    /// True when no job is running or waiting (for tests).
    pub fn idle(&self) -> bool {
        self.lanes.iter().all(|l| {
            let st = l.lock();
            st.next.is_none() && st.running.is_none()
        })
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// How long a query waits for a newer one before it starts (typing a bare word).
fn debounce(cmd: &Cmd) -> Duration {
    match cmd {
        Cmd::RunQuery { debounce_ms, .. } => Duration::from_millis(*debounce_ms),
        _ => Duration::ZERO,
    }
}

fn worker(
    kind: Kind,
    lane: &Lane,
    ctx: &WorkCtx,
    sink: &(dyn Fn(Msg) + Send + Sync),
    stats: &Stats,
    pool: Option<&rayon::ThreadPool>,
) {
    let i = kind.index();
    loop {
        let job = {
            let mut st = lane.lock();
            loop {
                if st.shutdown {
                    return;
                }
                if st.next.is_some() {
                    break;
                }
                st = lane.wake.wait(st).unwrap_or_else(|e| e.into_inner());
            }
            // Debounce: wait a moment for a newer job of the same kind, which would replace it.
            let wait = debounce(st.next.as_ref().map(|j| &j.cmd).expect("checked above"));
            if !wait.is_zero() {
                let mut until = Instant::now() + wait;
                let mut first = st.next.as_ref().map(|j| j.cancel.clone());
                loop {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() || st.shutdown {
                        break;
                    }
                    st = lane
                        .wake
                        .wait_timeout(st, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                    let now = st.next.as_ref().map(|j| j.cancel.clone());
                    let same = match (&first, &now) {
                        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                        _ => false,
                    };
                    if !same {
                        // Replaced: the newer job waits its own debounce, from now.
                        let Some(next) = st.next.as_ref() else {
                            break;
                        };
                        until = Instant::now() + debounce(&next.cmd);
                        first = now;
                    }
                }
                if st.shutdown {
                    return;
                }
            }
            let Some(job) = st.next.take() else {
                continue;
            };
            st.running = Some(job.cancel.clone());
            job
        };
        if job.cancel.load(Ordering::Relaxed) {
            // Superseded between being taken and starting.
            stats.replaced[i].fetch_add(1, Ordering::SeqCst);
            lane.lock().running = None;
            continue;
        }
        stats.started[i].fetch_add(1, Ordering::SeqCst);
        let now = stats.in_flight[i].fetch_add(1, Ordering::SeqCst) + 1;
        stats.max_in_flight[i].fetch_max(now, Ordering::SeqCst);
        let answer = match (kind, pool) {
            // Finalizing sorts with the loader's (global) pool, and verification hashes with it
            // (the load is over; it holds no lock while hashing); the rest use their lane's.
            (Kind::Load | Kind::Verify, _) | (_, None) => perform(job.cmd, ctx),
            (_, Some(p)) => p.install(|| perform(job.cmd, ctx)),
        };
        stats.in_flight[i].fetch_sub(1, Ordering::SeqCst);
        lane.lock().running = None;
        if let Some(m) = answer {
            sink(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Action, App};
    use crate::model::{EventStore, RecordSource};
    use std::sync::mpsc;
    use std::sync::RwLock;
    use tui_input::InputRequest;

    /// A record source that takes a while per read, like a gzip file re-inflated.
    struct Slow<S>(S);

    impl<S: RecordSource> RecordSource for Slow<S> {
        fn content(
            &self,
            st: &EventStore,
            source: u32,
        ) -> Result<Arc<[u8]>, crate::model::SourceError> {
            std::thread::sleep(Duration::from_millis(2));
            self.0.content(st, source)
        }
    }

    /// Two lanes' parallel jobs while the loader waits for the store's write lock: a text
    /// search (reading every record under the read lock) and a second lane's job, whose first
    /// step is taking the read lock. With one pool shared by the lanes, a worker of the search
    /// waiting in a `join` stole the other job and blocked on the lock behind the writer, so
    /// the search never ended and nothing did (the explorer froze at the start of a load).
    #[test]
    fn lanes_do_not_steal_each_others_jobs_while_a_writer_waits() {
        // Five sources of 40 ms each on two workers: one worker ends its part first and waits
        // in a join for the other, which is when it steals.
        let (st, src) = crate::testkit::synthetic(5_000);
        let store = Arc::new(RwLock::new(st));
        let readers = Arc::new(Mutex::new(Vec::new()));
        let ctx = WorkCtx {
            store: store.clone(),
            src: Arc::new(SlowBy(src, Duration::from_millis(40), readers.clone())),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let tx = Mutex::new(tx);
        let jobs = Jobs::new(
            ctx,
            Arc::new(move |m| {
                let _ = crate::sync::lock(&tx).send(m);
            }),
        )
        .unwrap();
        let rows: Vec<u32> = (0..crate::sync::read(&store).len() as u32).collect();
        for round in 0..12 {
            // A search no record matches: it reads every source (2 ms each, in parallel).
            jobs.submit(Cmd::RunQuery {
                generation: round,
                filter: crate::query::Filter::parse("no-record-has-this-word").unwrap(),
                cancel: Arc::new(AtomicBool::new(false)),
                debounce_ms: 0,
                sort: Default::default(),
            });
            std::thread::sleep(Duration::from_millis(10 + 7 * round));
            // The loader wants to append: it waits for the search's read lock.
            let writer = {
                let store = store.clone();
                std::thread::spawn(move || {
                    let _w = crate::sync::write(&store);
                })
            };
            std::thread::sleep(Duration::from_millis(5));
            // Another lane's jobs, submitted while the writer waits.
            jobs.submit(Cmd::Search {
                generation: round,
                rows: Arc::new(rows.clone()),
                words: vec!["nothing-matches-this".into()],
                cancel: Arc::new(AtomicBool::new(false)),
            });
            let mut got = (false, false);
            let deadline = Instant::now() + Duration::from_secs(60);
            while !(got.0 && got.1) {
                let left = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(Msg::QueryDone { .. }) => got.0 = true,
                    Ok(Msg::SearchDone { .. }) => got.1 = true,
                    Ok(_) => {}
                    Err(_) => panic!(
                        "round {round}: deadlocked (query {}, search {})",
                        got.0, got.1
                    ),
                }
            }
            writer.join().unwrap();
        }
        // Each lane's parallel work ran on its own pool's threads, never on another lane's.
        crate::sync::lock(&readers).clear();
        jobs.submit(Cmd::RunQuery {
            generation: 99,
            filter: crate::query::Filter::parse("no-record-has-this-word").unwrap(),
            cancel: Arc::new(AtomicBool::new(false)),
            debounce_ms: 0,
            sort: Default::default(),
        });
        while !matches!(
            rx.recv_timeout(Duration::from_secs(60)),
            Ok(Msg::QueryDone { .. })
        ) {}
        let names = std::mem::take(&mut *crate::sync::lock(&readers));
        assert!(!names.is_empty());
        assert!(
            names.iter().all(|n| n.starts_with("job-query-")),
            "{names:?}"
        );
        jobs.submit(Cmd::Search {
            generation: 99,
            rows: Arc::new(rows),
            words: vec!["nothing-matches-this".into()],
            cancel: Arc::new(AtomicBool::new(false)),
        });
        while !matches!(
            rx.recv_timeout(Duration::from_secs(60)),
            Ok(Msg::SearchDone { .. })
        ) {}
        let names = std::mem::take(&mut *crate::sync::lock(&readers));
        assert!(!names.is_empty());
        assert!(
            names.iter().all(|n| n.starts_with("job-search-")),
            "{names:?}"
        );
    }

    /// A record source that takes `.1` per read and notes the thread that read.
    struct SlowBy<S>(S, Duration, Arc<Mutex<Vec<String>>>);

    impl<S: RecordSource> RecordSource for SlowBy<S> {
        fn content(
            &self,
            st: &EventStore,
            source: u32,
        ) -> Result<Arc<[u8]>, crate::model::SourceError> {
            let me = std::thread::current().name().unwrap_or("?").to_string();
            crate::sync::lock(&self.2).push(me);
            std::thread::sleep(self.1);
            self.0.content(st, source)
        }
    }

    /// Holding `j` over 200 rows: every move asks for a record, the pool reads at most one at a
    /// time, replaces waiting reads by newer ones, and starts no thread.
    #[test]
    fn holding_j_keeps_one_detail_read_in_flight_and_spawns_no_thread() {
        let (st, src) = crate::testkit::synthetic(500);
        let store = Arc::new(RwLock::new(st));
        let ctx = WorkCtx {
            store: store.clone(),
            src: Arc::new(Slow(src)),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let tx = Mutex::new(tx);
        let jobs = Jobs::new(
            ctx,
            Arc::new(move |m| {
                let _ = crate::sync::lock(&tx).send(m);
            }),
        )
        .unwrap();
        let threads = jobs.stats.threads.load(Ordering::SeqCst);
        assert_eq!(threads, KINDS.len() as u64);
        let (mut app, cmds) = App::new(store, "test".into(), false);
        let submit = |cmds: Vec<Cmd>| cmds.into_iter().for_each(|c| jobs.submit(c));
        submit(cmds);
        let mut vp = crate::app::Viewport {
            too_small: false,
            ..Default::default()
        };
        vp.list.height = 20;
        vp.detail.width = 80;
        vp.detail.height = 10;
        submit(update(&mut app, Msg::Resize(vp)));
        // Wait for the first result.
        while app.rows.is_empty() {
            let m = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            submit(update(&mut app, m));
        }
        let mut fetches = 0;
        for _ in 0..200 {
            let c = update(&mut app, Msg::Action(Action::Down));
            fetches += c
                .iter()
                .filter(|c| matches!(c, Cmd::FetchDetail { .. }))
                .count();
            submit(c);
            // Answers arrive meanwhile, as in the event loop.
            while let Ok(m) = rx.try_recv() {
                submit(update(&mut app, m));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        assert_eq!(app.cursor, 200);
        assert_eq!(fetches, 200, "every move asks for its record");
        // Let the last read finish.
        let deadline = Instant::now() + Duration::from_secs(10);
        while app.detail.bytes.is_none() {
            let m = rx.recv_timeout(deadline - Instant::now()).unwrap();
            submit(update(&mut app, m));
        }
        let s = &jobs.stats;
        assert_eq!(
            s.max_in_flight(Kind::Detail),
            1,
            "one record read at a time"
        );
        assert!(
            s.started(Kind::Detail) + s.replaced(Kind::Detail) == 201,
            "each request either ran or was replaced: {} + {}",
            s.started(Kind::Detail),
            s.replaced(Kind::Detail)
        );
        assert!(
            s.replaced(Kind::Detail) > 0,
            "reads slower than the key repeat are replaced by newer ones"
        );
        assert_eq!(
            s.threads.load(Ordering::SeqCst),
            threads,
            "no thread started"
        );
        assert_eq!(
            app.detail.row,
            app.selected(),
            "the last row's record is shown"
        );
    }

    /// Typing quickly in the fuzzy finder: every keystroke asks for a ranking, the pool runs at
    /// most one at a time (a newer one cancels the running one and replaces the waiting one),
    /// answers for older keystrokes are dropped, and the last keystroke's ranking is shown.
    #[test]
    fn typing_in_the_fuzzy_finder_keeps_one_ranking_in_flight_and_the_last_wins() {
        let (st, src) = crate::testkit::synthetic(20_000);
        let store = Arc::new(RwLock::new(st));
        let ctx = WorkCtx {
            store: store.clone(),
            src: Arc::new(src),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let tx = Mutex::new(tx);
        let jobs = Jobs::new(
            ctx,
            Arc::new(move |m| {
                let _ = crate::sync::lock(&tx).send(m);
            }),
        )
        .unwrap();
        let threads = jobs.stats.threads.load(Ordering::SeqCst);
        let (mut app, cmds) = App::new(store.clone(), "test".into(), false);
        let submit = |cmds: Vec<Cmd>| cmds.into_iter().for_each(|c| jobs.submit(c));
        submit(cmds);
        while app.rows.is_empty() {
            let m = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            submit(update(&mut app, m));
        }
        // The finder on the user name tab.
        submit(update(&mut app, Msg::Action(Action::Fuzzy)));
        let user = crate::query::FUZZY_FIELDS
            .iter()
            .position(|(f, _)| *f == crate::model::SymField::Who)
            .unwrap();
        while app.fuzzy.field != user {
            submit(update(&mut app, Msg::Action(Action::Next)));
        }
        // 50 characters, then back to the first three: "use" is what is shown at the end.
        let typed = "user1".repeat(10);
        let mut keys: Vec<InputRequest> = typed.chars().map(InputRequest::InsertChar).collect();
        keys.extend((0..47).map(|_| InputRequest::DeletePrevChar));
        let mut asked = 0;
        for k in keys {
            let c = update(&mut app, Msg::Input(k));
            asked += c.iter().filter(|c| matches!(c, Cmd::Fuzzy { .. })).count();
            submit(c);
            while let Ok(m) = rx.try_recv() {
                submit(update(&mut app, m));
            }
        }
        assert_eq!(asked, 97, "every keystroke asks for a ranking");
        assert_eq!(app.fuzzy.input.value(), "use");
        let last = app.fuzzy.generation;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !jobs.idle() || app.fuzzy.cancel.is_some() {
            if let Ok(m) = rx.recv_timeout(deadline - Instant::now()) {
                submit(update(&mut app, m));
            }
        }
        assert_eq!(app.fuzzy.generation, last);
        let s = &jobs.stats;
        assert_eq!(s.max_in_flight(Kind::Fuzzy), 1, "one ranking at a time");
        assert_eq!(
            s.started(Kind::Fuzzy) + s.replaced(Kind::Fuzzy),
            asked as u64 + 1 + user as u64,
            "each request (open, tabs, keystrokes) either ran or was replaced"
        );
        assert_eq!(
            s.threads.load(Ordering::SeqCst),
            threads,
            "no thread started"
        );
        // What the synchronous finder showed for "use": every user, in the same order.
        let st = crate::sync::read(&store);
        let want_c = crate::query::distinct_counts(&st, crate::model::SymField::Who, &app.rows);
        let mut want = crate::query::fuzzy::rank_all(&st, &want_c, "use");
        crate::app::fuzzy::sort(&st, &mut want, app.fuzzy.sort);
        assert_eq!(*app.fuzzy.candidates, want_c);
        assert_eq!(app.fuzzy.matches, want);
        assert_eq!(want.len(), 500, "user0 … user499");
    }

    /// A newer query cancels the running one and replaces the waiting one: at most one runs.
    #[test]
    fn a_new_query_cancels_the_running_one() {
        let (st, src) = crate::testkit::synthetic(2000);
        let store = Arc::new(RwLock::new(st));
        let ctx = WorkCtx {
            store: store.clone(),
            src: Arc::new(Slow(src)),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let tx = Mutex::new(tx);
        let jobs = Jobs::new(
            ctx,
            Arc::new(move |m| {
                let _ = crate::sync::lock(&tx).send(m);
            }),
        )
        .unwrap();
        let mut gens = Vec::new();
        // Bare words read record bytes: slow with this source, so each is cancelled by the next.
        for (i, w) in ["alpha", "beta", "gamma", "delta", "epsilon"]
            .iter()
            .enumerate()
        {
            let cancel = Arc::new(AtomicBool::new(false));
            if let Some(prev) = gens.last().map(|(_, c): &(u64, Arc<AtomicBool>)| c.clone()) {
                prev.store(true, Ordering::Relaxed);
            }
            gens.push((i as u64 + 1, cancel.clone()));
            jobs.submit(Cmd::RunQuery {
                generation: i as u64 + 1,
                filter: crate::query::Filter::parse(w).unwrap(),
                cancel,
                debounce_ms: 0,
                sort: Default::default(),
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let last = loop {
            match rx.recv_timeout(deadline - Instant::now()).unwrap() {
                Msg::QueryDone { generation, .. } if generation == 5 => break generation,
                _ => {}
            }
        };
        assert_eq!(last, 5);
        assert_eq!(jobs.stats.max_in_flight(Kind::Query), 1);
        assert!(jobs.stats.started(Kind::Query) + jobs.stats.replaced(Kind::Query) == 5);
    }

    /// Typing a bare word: each keystroke's query waits its debounce, and a newer one replaces
    /// it before it starts — only the last runs.
    #[test]
    fn debounced_queries_typed_quickly_run_once() {
        let (st, src) = crate::testkit::synthetic(200);
        let store = Arc::new(RwLock::new(st));
        let ctx = WorkCtx {
            store,
            src: Arc::new(src),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let tx = Mutex::new(tx);
        let jobs = Jobs::new(
            ctx,
            Arc::new(move |m| {
                let _ = crate::sync::lock(&tx).send(m);
            }),
        )
        .unwrap();
        let words = ["a", "al", "ali", "alic", "alice"];
        for (i, w) in words.iter().enumerate() {
            jobs.submit(Cmd::RunQuery {
                generation: i as u64 + 1,
                filter: crate::query::Filter::parse(w).unwrap(),
                cancel: Arc::new(AtomicBool::new(false)),
                // Long enough that the next "keystroke" (right away) always comes first.
                debounce_ms: 10_000,
                sort: Default::default(),
            });
        }
        // The last one waits its full debounce too: cut it short by replacing it with one
        // that does not wait, as Enter does.
        jobs.submit(Cmd::RunQuery {
            generation: 6,
            filter: crate::query::Filter::parse("alice").unwrap(),
            cancel: Arc::new(AtomicBool::new(false)),
            debounce_ms: 0,
            sort: Default::default(),
        });
        match rx.recv_timeout(Duration::from_secs(10)).unwrap() {
            Msg::QueryDone { generation, .. } => assert_eq!(generation, 6),
            m => panic!("unexpected {m:?}"),
        }
        assert_eq!(jobs.stats.started(Kind::Query), 1);
        assert_eq!(jobs.stats.replaced(Kind::Query), 5);
    }
}
