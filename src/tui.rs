//! The terminal runtime: terminal lifecycle (raw mode, alternate screen, mouse, bracketed paste;
//! restored on quit, on panic and on SIGTERM/SIGHUP/SIGINT) and the one event loop.
//!
//! An input thread, the load forwarder and the workers feed one channel; the loop drains it,
//! runs `update` for each message, performs the returned commands (workers on plain threads)
//! and draws once.

use crate::app::work::{perform, WorkCtx};
use crate::app::{update, App, Cmd, FileProblem, LoadDone, LoadProgress, Msg};
use crate::loader::{self, reread::SourceReader, Input, LoadEvent, LoadOptions};
use crate::model::{EventStore, RecordSource};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// A running load as the event loop sees it.
pub struct LoadLink {
    /// Load events already turned into messages (`Appended`, `FileFailed`, `LoadDone`).
    pub events: Receiver<Msg>,
    /// Reads the progress counters.
    pub progress: Box<dyn Fn() -> LoadProgress + Send>,
    /// Asks the loader to stop.
    pub cancel: Box<dyn Fn() + Send>,
}

enum Ev {
    Term(Event),
    Msg(Msg),
    /// The terminal went away (read error, or a closed tty that polls ready forever).
    Hangup,
}

/// Restores the terminal when dropped (normal exit, error return, or unwinding).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
    }
}

/// Writes `bytes` to the clipboard with OSC 52 (works over SSH in terminals that allow it).
fn osc52(bytes: &[u8]) -> io::Result<()> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    out.flush()
}

/// Opens the explorer on `inputs`: the first frame is drawn at once, rows appear as files are
/// indexed, and keys work during the load. `title` names what was opened (window title and the
/// filter line). Returns when the user quits (the load is cancelled if still running).
pub fn run(inputs: Vec<Input>, opts: LoadOptions, title: String) -> io::Result<()> {
    let store = Arc::new(RwLock::new(EventStore::default()));
    let handle = loader::spawn(inputs, opts, store.clone());
    let src = Arc::new(SourceReader::new(store.clone()));
    let (tx, rx) = mpsc::channel();
    let events = handle.rx;
    std::thread::Builder::new()
        .name("load-msgs".into())
        .spawn(move || {
            for ev in events {
                if tx.send(load_msg(ev)).is_err() {
                    break;
                }
            }
        })?;
    let (p, c) = (handle.progress.clone(), handle.progress.clone());
    let start = Instant::now();
    let link = LoadLink {
        events: rx,
        progress: Box::new(move || LoadProgress {
            files_total: p.files_total.load(Ordering::Relaxed),
            files_done: p.files_done.load(Ordering::Relaxed),
            bytes_done: p.bytes_done.load(Ordering::Relaxed),
            events: p.events.load(Ordering::Relaxed),
            failed: p.failed.load(Ordering::Relaxed),
            elapsed_ms: start.elapsed().as_millis() as u64,
        }),
        cancel: Box::new(move || c.cancel.store(true, Ordering::Relaxed)),
    };
    run_with(store, src, title, Some(link))
}

fn problem(p: loader::FileProblem) -> FileProblem {
    FileProblem {
        path: p.path,
        reason: p.reason,
    }
}

/// A loader event as an app message.
pub fn load_msg(ev: LoadEvent) -> Msg {
    match ev {
        LoadEvent::Appended => Msg::Appended,
        LoadEvent::Problem(p) => Msg::FileFailed(problem(p)),
        LoadEvent::Done(r) => {
            let r = *r;
            Msg::LoadDone(LoadDone {
                remap: r.remap,
                failed: r.failed.into_iter().map(problem).collect(),
                warnings: r.warnings.into_iter().map(problem).collect(),
                events: r.events as u64,
                duplicates: r.duplicates as u64,
                elapsed_ms: r.elapsed.as_millis() as u64,
            })
        }
    }
}

/// Runs the explorer over `store` until the user quits. `load` is the loader filling the store
/// (None when it is complete already); `src` reads records back.
pub fn run_with(
    store: Arc<RwLock<EventStore>>,
    src: Arc<dyn RecordSource + Send + Sync>,
    title: String,
    load: Option<LoadLink>,
) -> io::Result<()> {
    let term_signal = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, term_signal.clone())?;
    }
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // ratatui's panic hook restores raw mode and the screen; also turn the mouse off first.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        prev(info);
    }));
    execute!(
        io::stdout(),
        EnableMouseCapture,
        EnableBracketedPaste,
        crossterm::terminal::SetTitle(format!("trailscope {}", crate::ui::sanitize::plain(&title)))
    )?;

    let (tx, rx) = mpsc::channel::<Ev>();
    let stop = Arc::new(AtomicBool::new(false));
    let input = {
        let (tx, stop) = (tx.clone(), stop.clone());
        std::thread::Builder::new()
            .name("input".into())
            .spawn(move || {
                // A closed tty makes poll return at once, forever: count those and hang up
                // rather than spin a core.
                let mut instant_returns = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => match event::read() {
                            Ok(e) => {
                                instant_returns = 0;
                                if tx.send(Ev::Term(e)).is_err() {
                                    break;
                                }
                            }
                            Err(_) => {
                                let _ = tx.send(Ev::Hangup);
                                break;
                            }
                        },
                        Ok(false) if t.elapsed() < Duration::from_millis(5) => {
                            instant_returns += 1;
                            if instant_returns > 200 {
                                let _ = tx.send(Ev::Hangup);
                                break;
                            }
                        }
                        Ok(false) => instant_returns = 0,
                        Err(_) => {
                            let _ = tx.send(Ev::Hangup);
                            break;
                        }
                    }
                }
            })?
    };
    let (progress, cancel) = match load {
        Some(link) => {
            let tx = tx.clone();
            let events = link.events;
            std::thread::Builder::new()
                .name("load-events".into())
                .spawn(move || {
                    for m in events {
                        if tx.send(Ev::Msg(m)).is_err() {
                            break;
                        }
                    }
                })?;
            (Some(link.progress), Some(link.cancel))
        }
        None => (None, None),
    };

    let ctx = WorkCtx {
        store: store.clone(),
        src,
    };
    let store_w = store.clone();
    let (mut app, cmds) = App::new(store, title, progress.is_some());
    let size = terminal.size()?;
    let mut pending: Vec<Cmd> = cmds;
    pending.extend(update(
        &mut app,
        Msg::Resize(crate::ui::viewport(size.width, size.height)),
    ));
    // Queries, searches and exports run their parallel parts on a pool of their own. The
    // loader's workers (rayon's global pool) block while the store's read lock is held by a
    // query; a query waiting on those same threads would never finish (a deadlock seen at 1M).
    let query_pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("query-{i}"))
            .build()
            .ok(),
    );
    let run = |cmds: Vec<Cmd>, tx: &Sender<Ev>| {
        for cmd in cmds {
            match cmd {
                Cmd::Copy(bytes) => {
                    let _ = osc52(&bytes);
                }
                Cmd::Quit => {}
                other => {
                    let (ctx, tx, pool) = (ctx.clone(), tx.clone(), query_pool.clone());
                    let wait = match &other {
                        Cmd::RunQuery {
                            debounce_ms,
                            cancel,
                            ..
                        } => Some((*debounce_ms, cancel.clone())),
                        _ => None,
                    };
                    let _ = std::thread::Builder::new()
                        .name("worker".into())
                        .spawn(move || {
                            if let Some((ms, cancel)) = wait {
                                std::thread::sleep(Duration::from_millis(ms));
                                if cancel.load(Ordering::Relaxed) {
                                    return;
                                }
                            }
                            let m = match &*pool {
                                Some(p) => p.install(|| perform(other, &ctx)),
                                None => perform(other, &ctx),
                            };
                            if let Some(m) = m {
                                let _ = tx.send(Ev::Msg(m));
                            }
                        });
                }
            }
        }
    };
    run(std::mem::take(&mut pending), &tx);
    terminal.draw(|f| crate::ui::render(&app, f))?;
    // For the end-to-end test that proves a panic gives the terminal back.
    if std::env::var_os("TRAILSCOPE_TEST_PANIC").is_some() {
        panic!("TRAILSCOPE_TEST_PANIC is set: panicking on purpose after the first frame");
    }

    let hangup = AtomicBool::new(false);
    let handle = |app: &mut App, ev: Ev| -> Vec<Cmd> {
        match ev {
            Ev::Term(Event::Resize(w, h)) => update(app, Msg::Resize(crate::ui::viewport(w, h))),
            Ev::Term(e) => match crate::keys::to_msg(app.scope(), &e) {
                Some(m) => update(app, m),
                None => Vec::new(),
            },
            Ev::Msg(Msg::LoadDone(mut d)) => {
                // Sort and deduplicate here, on the thread that draws, and renumber the app's
                // rows in the same step: no frame may show old row numbers against the
                // renumbered store. Running queries are cancelled first (they hold read locks).
                app.cancel_running();
                let fin = crate::loader::finalize_store(&mut store_w.write().unwrap());
                d.remap = fin.remap;
                d.duplicates = fin.duplicates as u64;
                d.events = d.events.saturating_sub(d.duplicates);
                update(app, Msg::LoadDone(d))
            }
            Ev::Msg(m) => update(app, m),
            Ev::Hangup => {
                hangup.store(true, Ordering::Relaxed);
                Vec::new()
            }
        }
    };
    let mut last_tick = Instant::now();
    // Frames for background news (rows appended, progress) are capped at one per FRAME; a key
    // is drawn at once. Drawing for each of thousands of appended files would take the store's
    // read lock a thousand times a second and slow the load down.
    const FRAME: Duration = Duration::from_millis(40);
    let mut last_draw = Instant::now();
    let mut dirty = false;
    loop {
        let loading = app.load.loading;
        let mut timeout = if loading {
            Duration::from_millis(100)
        } else {
            Duration::from_millis(500)
        };
        if dirty {
            timeout = timeout.min(FRAME.saturating_sub(last_draw.elapsed()));
        }
        let mut urgent = false;
        match rx.recv_timeout(timeout) {
            Ok(ev) => {
                urgent |= matches!(ev, Ev::Term(_) | Ev::Hangup);
                let c = handle(&mut app, ev);
                run(c, &tx);
                dirty = true;
                // Drain what else is queued (key repeat, bursts of results) before drawing once.
                for _ in 0..512 {
                    match rx.try_recv() {
                        Ok(ev) => {
                            urgent |= matches!(ev, Ev::Term(_) | Ev::Hangup);
                            let c = handle(&mut app, ev);
                            run(c, &tx);
                        }
                        Err(_) => break,
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if app.load.loading && last_tick.elapsed() >= Duration::from_millis(100) {
            if let Some(p) = &progress {
                let c = update(&mut app, Msg::Progress(p()));
                run(c, &tx);
                dirty = true;
            }
            last_tick = Instant::now();
        }
        if app.quit || term_signal.load(Ordering::Relaxed) || hangup.load(Ordering::Relaxed) {
            break;
        }
        // Give a record being read a moment, so moving the cursor does not flash "reading…".
        let deadline = Instant::now() + Duration::from_millis(20);
        while app.detail.row.is_some() && app.detail.bytes.is_none() && app.detail.error.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(left) {
                Ok(ev) => {
                    let c = handle(&mut app, ev);
                    run(c, &tx);
                    dirty = true;
                }
                Err(_) => break,
            }
        }
        if dirty && (urgent || last_draw.elapsed() >= FRAME) {
            terminal.draw(|f| crate::ui::render(&app, f))?;
            last_draw = Instant::now();
            dirty = false;
        }
    }
    if let Some(c) = &cancel {
        c();
    }
    // Stop reading the terminal before it is restored (the poll wakes within 50 ms). A closed
    // tty can trap crossterm's poll in a loop of its own: then leave the thread behind rather
    // than hang; the process is about to exit.
    stop.store(true, Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_millis(300);
    while !input.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}
