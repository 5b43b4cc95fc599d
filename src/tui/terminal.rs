//! The terminal guard: raw mode, alternate screen, bracketed paste and mouse capture on entry;
//! restored exactly once on drop, on panic, on SIGTERM/SIGHUP/SIGINT, and by the quit watchdog.
//!
//! Quitting never waits for work: a quit request (a quit key, a signal) arms a watchdog that,
//! if the event loop has not returned within [`QUIT_GRACE`] (it may be blocked on the store's
//! lock behind a long query or the finalize), restores the terminal and ends the process.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen, SetTitle,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long a quit request gives the event loop to leave on its own before the watchdog
/// restores the terminal and exits.
pub const QUIT_GRACE: Duration = Duration::from_millis(100);

/// True while the terminal is in the program's modes. A lock, not a flag: a second caller (the
/// watchdog about to exit) waits until the first has finished giving the terminal back.
static ACTIVE: Mutex<bool> = Mutex::new(false);

/// Gives the terminal back (mouse and paste off, main screen, cooked mode, cursor shown).
/// Idempotent and callable from any thread: only the first call after [`TerminalGuard::enter`]
/// does anything, and later ones return once it is done.
pub fn restore() {
    let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    if std::mem::replace(&mut *active, false) {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            crossterm::cursor::Show
        );
        let _ = disable_raw_mode();
        let _ = out.flush();
    }
}

/// The terminal in the program's modes; restores it when dropped.
pub struct TerminalGuard {
    /// The ratatui terminal to draw on.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, turns on mouse capture and bracketed paste, sets
    /// the window title (already sanitised by the caller) and installs a panic hook that
    /// restores the terminal before the panic message is printed.
    pub fn enter(title: &str) -> io::Result<TerminalGuard> {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            prev(info);
        }));
        enable_raw_mode()?;
        *ACTIVE.lock().unwrap_or_else(|e| e.into_inner()) = true;
        let guard = |e: io::Error| {
            restore();
            e
        };
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            SetTitle(title)
        )
        .map_err(guard)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(guard)?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// The quit watchdog: a thread started once, armed by [`Watchdog::arm`].
#[derive(Clone)]
pub struct Watchdog {
    state: Arc<(Mutex<WatchState>, Condvar)>,
}

#[derive(Default)]
struct WatchState {
    armed: bool,
    /// The event loop returned: nothing left to do.
    done: bool,
}

impl Watchdog {
    /// Starts the watchdog thread.
    pub fn start() -> io::Result<Watchdog> {
        let w = Watchdog {
            state: Arc::new((Mutex::new(WatchState::default()), Condvar::new())),
        };
        let state = w.state.clone();
        std::thread::Builder::new()
            .name("quit-watchdog".into())
            .spawn(move || {
                let (m, cv) = &*state;
                let mut st = m.lock().unwrap_or_else(|e| e.into_inner());
                while !st.armed && !st.done {
                    st = cv.wait(st).unwrap_or_else(|e| e.into_inner());
                }
                if st.done {
                    return;
                }
                let (st, _) = cv
                    .wait_timeout_while(st, QUIT_GRACE, |s| !s.done)
                    .unwrap_or_else(|e| e.into_inner());
                if !st.done {
                    // The event loop is stuck (blocked on the store behind a long job): leave
                    // without it. An export in flight is abandoned: its temporary is removed.
                    crate::output::remove_pending();
                    restore();
                    std::process::exit(0);
                }
            })?;
        Ok(w)
    }

    /// A quit was asked for: the event loop has [`QUIT_GRACE`] to return.
    pub fn arm(&self) {
        let (m, cv) = &*self.state;
        m.lock().unwrap_or_else(|e| e.into_inner()).armed = true;
        cv.notify_all();
    }

    /// The event loop returned: disarm for good.
    pub fn done(&self) {
        let (m, cv) = &*self.state;
        m.lock().unwrap_or_else(|e| e.into_inner()).done = true;
        cv.notify_all();
    }
}

/// Watches SIGTERM, SIGHUP and SIGINT: each raises `flag`, calls `wake` (so the event loop
/// looks at the flag at once) and arms the watchdog.
pub fn watch_signals(
    flag: Arc<AtomicBool>,
    watchdog: Watchdog,
    wake: impl Fn() + Send + 'static,
) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                flag.store(true, Ordering::SeqCst);
                wake();
                watchdog.arm();
            }
        })?;
    Ok(())
}

/// Writes `bytes` to the clipboard with OSC 52 (works over SSH in terminals that allow it).
pub fn osc52(bytes: &[u8]) -> io::Result<()> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    out.flush()
}
