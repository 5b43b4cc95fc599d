//! A headless driver of the explorer for tests and benches: keys go through the real keymap,
//! commands are performed inline (what the worker threads do in the program), and frames are
//! rendered into ratatui's `TestBackend`.

use crate::app::work::{perform, WorkCtx};
use crate::app::{update, App, Cmd, Msg};
use crate::model::{EventStore, RecordSource};
use crate::{keys, ui};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

/// The explorer on a `TestBackend`.
pub struct Screen {
    /// The state.
    pub app: App,
    /// The store and record source commands run against.
    pub ctx: WorkCtx,
    /// The terminal drawn into.
    pub term: Terminal<TestBackend>,
}

impl Screen {
    /// An explorer over `store` (still `loading` or not) in a `w`×`h` terminal.
    pub fn new(
        store: Arc<RwLock<EventStore>>,
        src: Arc<dyn RecordSource + Send + Sync>,
        title: &str,
        loading: bool,
        w: u16,
        h: u16,
    ) -> Screen {
        let (app, cmds) = App::new(store.clone(), title.into(), loading);
        let mut s = Screen {
            app,
            ctx: WorkCtx { store, src },
            term: Terminal::new(TestBackend::new(w, h)).expect("a TestBackend never fails"),
        };
        s.pump(cmds);
        s.send(Msg::Resize(ui::viewport(w, h)));
        s
    }

    /// Performs commands, and the commands their results lead to, until none is left.
    pub fn pump(&mut self, cmds: Vec<Cmd>) {
        let mut q: VecDeque<Cmd> = cmds.into();
        while let Some(c) = q.pop_front() {
            if let Some(m) = perform(c, &self.ctx) {
                q.extend(update(&mut self.app, m));
            }
        }
    }

    /// Sends a message and performs what it asks for.
    pub fn send(&mut self, m: Msg) {
        let c = update(&mut self.app, m);
        self.pump(c);
    }

    /// Presses a key through the keymap.
    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let ev = Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        });
        if let Some(m) = keys::to_msg(self.app.scope(), &ev) {
            self.send(m);
        }
    }

    /// Presses a character key.
    pub fn press(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::NONE);
    }

    /// Types a string, one key per character.
    pub fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.press(c);
        }
    }

    /// Renders a frame.
    pub fn draw(&mut self) -> &TestBackend {
        let app = &self.app;
        self.term
            .draw(|f| ui::render(app, f))
            .expect("a TestBackend never fails");
        self.term.backend()
    }

    /// Renders a frame and returns its text, one line per row.
    pub fn text(&mut self) -> String {
        let b = self.draw().buffer().clone();
        let mut out = String::new();
        for y in 0..b.area.height {
            for x in 0..b.area.width {
                out.push_str(b[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }
}
