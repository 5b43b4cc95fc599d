//! The one event loop: receive (terminal events, job answers, signals), poll the loader, run
//! `update` for each message, hand the returned commands to the job pool, and draw once.
//!
//! While the store is being finalized ([`App::load`]`.finalizing`: a job holds the store's write
//! lock) the loop neither draws nor reads the store: terminal events wait in a queue and are
//! replayed in order when the load is finished, except a quit, which is handled at once.

use super::input::{self, Published};
use super::jobs::Jobs;
use super::terminal::{self, TerminalGuard, Watchdog};
use super::Ev;
use crate::app::work::WorkCtx;
use crate::app::{update, Action, App, Cmd, LoadProgress, Msg};
use crate::loader::{LoadEvent, LoadHandle};
use crate::model::{EventStore, RecordSource};
use crossterm::event::Event;
use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Frames for background news (rows appended, progress) are capped at one per `FRAME`; a key is
/// drawn at once. Drawing for each of thousands of appended files would take the store's read
/// lock a thousand times a second and slow the load down.
const FRAME: Duration = Duration::from_millis(40);
/// How often load progress is read while loading.
const TICK: Duration = Duration::from_millis(100);

/// Runs the explorer over `store` until the user quits. `load` is the loader filling the store
/// (None when it is complete already); `src` reads records back.
pub fn run(
    store: Arc<RwLock<EventStore>>,
    src: Arc<dyn RecordSource + Send + Sync>,
    title: String,
    load: Option<LoadHandle>,
    case: Option<crate::case::Opened>,
    rules: Option<Arc<crate::detect::RuleSet>>,
) -> io::Result<()> {
    // The load was spawned just before: its wall time counts from here, terminal set-up included.
    let load_started = Instant::now();
    let watchdog = Watchdog::start()?;
    let quit = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<Ev>();
    {
        let tx = tx.clone();
        terminal::watch_signals(quit.clone(), watchdog.clone(), move || {
            let _ = tx.send(Ev::Wake);
        })?;
    }
    let mut guard = TerminalGuard::enter(&format!(
        "trailscope {}",
        crate::ui::sanitize::plain(&title)
    ))?;
    let published = Arc::new(Published::default());
    let stop_input = Arc::new(AtomicBool::new(false));
    let input = input::spawn(
        tx.clone(),
        stop_input.clone(),
        published.clone(),
        watchdog.clone(),
    )?;
    let jobs = {
        let tx = tx.clone();
        Jobs::new(
            WorkCtx {
                store: store.clone(),
                src,
            },
            Arc::new(move |m| {
                let _ = tx.send(Ev::Msg(m));
            }),
        )?
    };
    let (mut app, cmds) = App::new(store, title, load.is_some());
    super::config::apply(super::config::installed(), &mut app);
    if let Some(c) = case {
        app.open_case(c);
    }
    app.set_rules(rules);
    published.set_scope(app.scope());
    let mut lp = Loop {
        app,
        jobs,
        published,
        deferred: VecDeque::new(),
        load_started,
        load,
        hangup: false,
        finish: None,
    };
    lp.perform(cmds);
    let size = guard.terminal.size()?;
    lp.send(Msg::Resize(crate::ui::viewport(size.width, size.height)));
    let result = lp.run(&rx, &mut guard, &quit);
    // The loop returned: what is left is bounded (no lock, no join), the watchdog can stand down.
    watchdog.done();

    // Leave without waiting for any work: cancel the load and the jobs, stop reading the
    // terminal (the input thread wakes within one 25 ms poll; a closed tty can trap it in
    // crossterm's poll, then it is left behind), give the terminal back.
    if let Some(l) = &lp.load {
        l.progress.cancel.store(true, Ordering::Relaxed);
    }
    lp.jobs.shutdown();
    stop_input.store(true, Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_millis(60);
    while !input.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    drop(guard);
    // The case is saved last (the store is not being renumbered: nothing holds its lock).
    if !lp.app.load.finalizing {
        if let Some((path, file)) = lp.app.case_snapshot() {
            if let Err(e) = crate::case::save(&path, &file) {
                crate::commands::say(&format!("case not saved: {e}"));
            }
        }
    }
    // The process ends right after: freeing a store of millions of events would only delay it.
    std::mem::forget(lp);
    result
}

struct Loop {
    app: App,
    jobs: Jobs,
    published: Arc<Published>,
    /// Terminal events held back while the store is finalized.
    deferred: VecDeque<Event>,
    load: Option<LoadHandle>,
    load_started: Instant,
    hangup: bool,
    /// `Cmd::FinishLoad`, held until one more frame is drawn (the last one before the store's
    /// write lock is taken).
    finish: Option<Cmd>,
}

impl Loop {
    fn run(
        &mut self,
        rx: &Receiver<Ev>,
        guard: &mut TerminalGuard,
        quit: &AtomicBool,
    ) -> io::Result<()> {
        guard.terminal.draw(|f| crate::ui::render(&self.app, f))?;
        // For the end-to-end test that proves a panic gives the terminal back.
        if std::env::var_os("TRAILSCOPE_TEST_PANIC").is_some() {
            panic!("TRAILSCOPE_TEST_PANIC is set: panicking on purpose after the first frame");
        }
        let mut last_tick = Instant::now();
        let mut last_draw = Instant::now();
        let mut dirty = false;
        loop {
            let loading = self.load.is_some();
            let mut timeout = if loading {
                Duration::from_millis(50)
            } else {
                Duration::from_millis(500)
            };
            if dirty {
                timeout = timeout.min(FRAME.saturating_sub(last_draw.elapsed()));
            }
            // A group-by reading records shows its progress: redraw while it runs.
            let counting = self
                .app
                .facets
                .running
                .as_ref()
                .is_some_and(|r| r.total > 0);
            if counting {
                timeout = timeout.min(Duration::from_millis(100));
                dirty = true;
            }
            let mut urgent = false;
            match rx.recv_timeout(timeout) {
                Ok(ev) => {
                    urgent |= self.handle(ev);
                    dirty = true;
                    // Drain what else is queued (key repeat, bursts of answers), then draw once.
                    for _ in 0..512 {
                        match rx.try_recv() {
                            Ok(ev) => urgent |= self.handle(ev),
                            Err(_) => break,
                        }
                        if self.leaving(quit) {
                            break;
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if self.leaving(quit) {
                break;
            }
            dirty |= self.poll_load(&mut last_tick);
            if self.leaving(quit) {
                break;
            }
            // Give a record being read a moment, so moving the cursor does not flash "reading…".
            let deadline = Instant::now() + Duration::from_millis(20);
            while !self.app.load.finalizing
                && self.app.detail.row.is_some()
                && self.app.detail.bytes.is_none()
                && self.app.detail.error.is_none()
            {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                match rx.recv_timeout(left) {
                    Ok(ev) => {
                        urgent |= self.handle(ev);
                        dirty = true;
                    }
                    Err(_) => break,
                }
            }
            if self.leaving(quit) {
                break;
            }
            // While finalizing, rendering would wait on the store's write lock: draw the last
            // frame before it starts, then none until it is done.
            let finish = self.finish.take();
            if finish.is_some()
                || (dirty && !self.app.load.finalizing && (urgent || last_draw.elapsed() >= FRAME))
            {
                guard.terminal.draw(|f| crate::ui::render(&self.app, f))?;
                last_draw = Instant::now();
                dirty = false;
            }
            if let Some(c) = finish {
                self.jobs.submit(c);
            }
        }
        Ok(())
    }

    fn leaving(&self, quit: &AtomicBool) -> bool {
        self.app.quit || self.hangup || quit.load(Ordering::Relaxed)
    }

    /// Runs `update` and performs what it asks for.
    fn send(&mut self, m: Msg) {
        let finished = matches!(m, Msg::LoadFinished(_));
        let cmds = update(&mut self.app, m);
        self.perform(cmds);
        if finished {
            // Replay the keys held back while finalizing, in order.
            while let Some(e) = self.deferred.pop_front() {
                self.terminal_event(e);
                if self.app.load.finalizing || self.app.quit {
                    break;
                }
            }
        }
    }

    fn perform(&mut self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            match cmd {
                Cmd::Copy(bytes) => {
                    let _ = terminal::osc52(&bytes);
                }
                Cmd::Quit => {}
                Cmd::FinishLoad(r) => self.finish = Some(Cmd::FinishLoad(r)),
                // A small file: written at once (work::perform), answered in order.
                Cmd::SaveCase { path, file } => {
                    let r = crate::case::save(&path, &file)
                        .map(|()| path)
                        .map_err(|e| e.to_string());
                    self.send(Msg::CaseSaved(r));
                }
                other => self.jobs.submit(other),
            }
        }
    }

    /// Handles one event; true when it came from the user (draw at once).
    fn handle(&mut self, ev: Ev) -> bool {
        match ev {
            Ev::Term(e) => {
                if self.app.load.finalizing && !self.quits_now(&e) {
                    self.deferred.push_back(e);
                } else {
                    self.terminal_event(e);
                }
                true
            }
            Ev::Msg(m) => {
                self.send(m);
                false
            }
            Ev::Wake => true,
            Ev::Hangup => {
                self.hangup = true;
                true
            }
        }
    }

    /// True for a quit key that can be handled now although events are held back: only when
    /// none is (otherwise the key may belong to a prompt opened by one of them).
    fn quits_now(&self, e: &Event) -> bool {
        self.deferred.is_empty()
            && matches!(
                crate::keys::to_msg(self.app.scope(), e),
                Some(Msg::Action(Action::Quit))
            )
    }

    fn terminal_event(&mut self, e: Event) {
        match &e {
            Event::Resize(w, h) => self.send(Msg::Resize(crate::ui::viewport(*w, *h))),
            _ => {
                if let Some(m) = crate::keys::to_msg(self.app.scope(), &e) {
                    self.send(m);
                }
            }
        }
        self.published.handled(self.app.scope());
    }

    /// Reads the loader's events (no thread forwards them) and, every [`TICK`], its progress.
    /// True when something changed.
    fn poll_load(&mut self, last_tick: &mut Instant) -> bool {
        let Some(load) = &self.load else {
            return false;
        };
        let mut msgs = Vec::new();
        let mut done = false;
        let mut end = None;
        loop {
            match load.rx.try_recv() {
                Ok(LoadEvent::Appended) => msgs.push(Msg::Appended),
                Ok(LoadEvent::Problem(p)) => msgs.push(Msg::FileFailed(p)),
                Ok(LoadEvent::Done(mut r)) => {
                    // The load's wall time, from the program's start of it (the loader's own
                    // clock starts in its thread and misses what happens around it).
                    r.elapsed = r.elapsed.max(self.load_started.elapsed());
                    end = Some(Msg::LoadDone(r));
                    done = true;
                    break;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    done = true;
                    break;
                }
            }
        }
        // The last snapshot goes before the end of the load, so the last frame shows it.
        let tick = done || last_tick.elapsed() >= TICK;
        let progress = tick.then(|| {
            let p = &load.progress;
            LoadProgress {
                files_total: p.files_total.load(Ordering::Relaxed),
                files_done: p.files_done.load(Ordering::Relaxed),
                bytes_done: p.bytes_done.load(Ordering::Relaxed),
                events: p.events.load(Ordering::Relaxed),
                failed: p.failed.load(Ordering::Relaxed),
                elapsed_ms: self.load_started.elapsed().as_millis() as u64,
            }
        });
        if done {
            self.load = None;
        }
        let changed = !msgs.is_empty() || progress.is_some() || end.is_some();
        for m in msgs {
            self.send(m);
        }
        if let Some(p) = progress {
            *last_tick = Instant::now();
            self.send(Msg::Progress(p));
        }
        if let Some(m) = end {
            self.send(m);
        }
        changed
    }
}
