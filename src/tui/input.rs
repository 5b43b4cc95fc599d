//! The input thread: reads terminal events and sends them to the event loop.
//!
//! It also spots a quit key on its own: when the event loop has handled every key sent before
//! (so the scope it published is current) and the key means quit there — or it is Ctrl-C, which
//! quits everywhere — the quit watchdog is armed, so the program leaves within
//! [`super::terminal::QUIT_GRACE`] even if the event loop is blocked.

use super::terminal::Watchdog;
use super::Ev;
use crate::app::{Action, Msg, Scope};
use crossterm::event::{self, Event};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the event loop tells the input thread: the key scope now, and how many terminal events
/// it has handled.
#[derive(Default)]
pub struct Published {
    scope: AtomicU8,
    handled: AtomicU64,
}

const SCOPES: [Scope; 17] = [
    Scope::Any,
    Scope::Normal,
    Scope::Filter,
    Scope::Search,
    Scope::Fuzzy,
    Scope::Pivot,
    Scope::Tree,
    Scope::Export,
    Scope::Confirm,
    Scope::Popup,
    Scope::Facets,
    Scope::FacetsField,
    Scope::Detections,
    Scope::Annotate,
    Scope::Profile,
    Scope::Compare,
    Scope::Views,
];

impl Published {
    /// Records that one more terminal event was handled and the scope is now `scope`.
    pub fn handled(&self, scope: Scope) {
        let i = SCOPES.iter().position(|s| *s == scope).unwrap_or(0);
        self.scope.store(i as u8, Ordering::SeqCst);
        self.handled.fetch_add(1, Ordering::SeqCst);
    }

    /// Sets the scope without counting an event.
    pub fn set_scope(&self, scope: Scope) {
        let i = SCOPES.iter().position(|s| *s == scope).unwrap_or(0);
        self.scope.store(i as u8, Ordering::SeqCst);
    }

    fn scope(&self) -> Scope {
        SCOPES[self.scope.load(Ordering::SeqCst) as usize % SCOPES.len()]
    }
}

/// Starts the input thread. It stops when `stop` is raised (within one poll, 25 ms), when the
/// loop's channel closes, or when the terminal goes away (then it sends [`Ev::Hangup`]).
pub fn spawn(
    tx: Sender<Ev>,
    stop: Arc<AtomicBool>,
    published: Arc<Published>,
    watchdog: Watchdog,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            // A closed tty makes poll return at once, forever: count those and hang up rather
            // than spin a core.
            let mut instant_returns = 0u32;
            let mut sent = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                match event::poll(Duration::from_millis(25)) {
                    Ok(true) => match event::read() {
                        Ok(e) => {
                            instant_returns = 0;
                            if means_quit(&e, &published, sent) {
                                watchdog.arm();
                            }
                            sent += 1;
                            if tx.send(Ev::Term(e)).is_err() {
                                break;
                            }
                        }
                        Err(_) => {
                            let _ = tx.send(Ev::Hangup);
                            break;
                        }
                    },
                    Ok(false) if t.elapsed() < Duration::from_millis(3) => {
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
        })
}

/// True when `e` quits: Ctrl-C always; another quit key only when the loop has caught up (all
/// `sent` events handled), so the published scope is the one the key will be read in.
fn means_quit(e: &Event, published: &Published, sent: u64) -> bool {
    let quit = |scope| {
        matches!(
            crate::keys::to_msg(scope, e),
            Some(Msg::Action(Action::Quit))
        )
    };
    if quit(Scope::Any) {
        return true;
    }
    published.handled.load(Ordering::SeqCst) == sent && quit(published.scope())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char, m: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), m))
    }

    #[test]
    fn quit_keys_are_read_in_the_current_scope_only_when_caught_up() {
        let p = Published::default();
        p.set_scope(Scope::Normal);
        assert!(means_quit(&key('q', KeyModifiers::NONE), &p, 0));
        assert!(!means_quit(&key('x', KeyModifiers::NONE), &p, 0));
        // One event sent and not handled yet (it may open the filter line): `q` may be text.
        assert!(!means_quit(&key('q', KeyModifiers::NONE), &p, 1));
        assert!(means_quit(&key('c', KeyModifiers::CONTROL), &p, 1));
        p.handled(Scope::Filter);
        assert!(!means_quit(&key('q', KeyModifiers::NONE), &p, 1));
        assert!(means_quit(&key('c', KeyModifiers::CONTROL), &p, 1));
    }
}
