//! End-to-end in a real pseudo-terminal (tmux): a unique socket per test, `capture-pane` polled
//! until the screen is ready (no fixed sleeps), keys sent, the pane and the window title checked,
//! and the terminal given back on `q` and on SIGTERM.
//!
//! Set `TRAILSCOPE_BIN` to test another binary. Skipped when tmux is not installed (`.ci/run`
//! installs it).

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    /// The program's state folder (XDG_STATE_HOME: case files), never the user's own.
    _state: tempfile::TempDir,
    /// Held while the session lives: at most [`AT_ONCE`] explorers run together.
    _slot: Slot,
}

/// How many explorers the tests run at once. Each one loads on all cores and then runs the
/// detection rules, the credential graph and verification; on CI's two cores, sixteen at once
/// starved each other past the tests' 20-second waits. The waits measure a program that has the
/// machine, not a scheduler.
const AT_ONCE: usize = 2;

static SLOTS: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// One of the [`AT_ONCE`] places, given back when dropped.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let (m, cv) = &SLOTS;
        let mut n = m.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= AT_ONCE {
            n = cv.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (m, cv) = &SLOTS;
        *m.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        cv.notify_one();
    }
}

fn bin() -> PathBuf {
    std::env::var_os("TRAILSCOPE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_trailscope")))
}

impl Tmux {
    /// Starts `trailscope ARGS` in a `w`×`h` pane; after it exits the pane shows `EXIT=<code>`
    /// and whether the tty is back in canonical mode.
    fn start(name: &str, args: &[&str], w: u16, h: u16) -> Option<Tmux> {
        Self::start_env(name, "", args, w, h)
    }

    /// Like `start`, with `env` (e.g. `VAR=1 `) put before the command.
    fn start_env(name: &str, env: &str, args: &[&str], w: u16, h: u16) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux not installed: skipped");
            return None;
        }
        let slot = Slot::take();
        let socket = format!("trailscope-e2e-{name}-{}", std::process::id());
        // Case files go to a folder of the test's (an env given by the test comes after and
        // wins).
        let state = tempfile::tempdir().unwrap();
        let env = format!("XDG_STATE_HOME='{}' {env}", state.path().display());
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let cmd = format!(
            "{env}'{}' {}; echo EXIT=$?; stty -a | grep -o -- '-*icanon' | head -1; sleep 30",
            bin().display(),
            quoted.join(" ")
        );
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", &w.to_string(), "-y", &h.to_string(), &cmd])
            .status()
            .ok()?
            .success();
        assert!(ok, "tmux new-session failed");
        Some(Tmux {
            socket,
            _state: state,
            _slot: slot,
        })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits until the screen contains `needle`; returns the screen.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {needle:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the screen no longer contains `needle`; returns the screen. Sent right after
    /// Escape, a key can reach the program in the same read and be taken for Alt-key: wait for
    /// what Escape closes to go first.
    fn wait_gone(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if !s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {needle:?} to go; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the screen contains one of `needles`; returns the screen.
    fn wait_for_any(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if needles.iter().any(|n| s.contains(n)) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {needles:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
        }
    }

    fn text(&self, s: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", s]);
    }

    fn title(&self) -> String {
        self.tmux(&["display", "-p", "-t", "t", "#{pane_title}"])
            .trim()
            .to_string()
    }

    /// The pid of the program running in the pane (the child of the pane's shell).
    fn program_pid(&self) -> u32 {
        let shell = self.tmux(&["display", "-p", "-t", "t", "#{pane_pid}"]);
        let shell = shell.trim();
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(p) = children.split_whitespace().next() {
                return p.parse().unwrap();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no child of {shell}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn data(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    p.to_string_lossy().into_owned()
}

/// The whole of the real data (tests/data + the invictus trail = ../shared/data): filter with
/// `/`, check the count, fuzzy-pick a principal, export, check the file, quit restored.
#[test]
fn filter_fuzzy_export_and_quit_on_real_data() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("denied.json");
    let Some(t) = Tmux::start(
        "real",
        &[&data("tests/data"), &data("assets/demo/invictus")],
        160,
        45,
    ) else {
        return;
    };
    t.wait_for("3,412 / 3,412 events");
    t.keys(&["/"]);
    t.text("error:AccessDenied");
    t.keys(&["Enter"]);
    // 48 events, counted independently (tests/data/derive_counts.py).
    let s = t.wait_for("48 / 3,412 events");
    assert!(s.contains("error:AccessDenied"), "{s}");
    t.keys(&["f"]);
    t.wait_for("fuzzy find");
    t.text("bert");
    t.keys(&["Enter"]);
    // bert-jan (IAM user) made 15 of them, counted independently with Python.
    let s = t.wait_for("15 / 3,412 events");
    assert!(s.contains("error:AccessDenied who:bert-jan"), "{s}");
    let n = 15;
    // Export the filtered view.
    t.keys(&["e"]);
    t.wait_for("trailscope-export.json");
    t.keys(&["C-u"]);
    t.text(out.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for(&format!("wrote {n} events"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let recs = v["Records"].as_array().unwrap();
    assert_eq!(recs.len(), n);
    assert!(recs.iter().all(|r| r["errorCode"] == "AccessDenied"));
    // Exporting to the same path again asks before replacing.
    t.keys(&["e"]);
    t.wait_for("denied.json");
    t.keys(&["Enter"]);
    t.wait_for("y/N");
    t.keys(&["n"]);
    t.wait_for("not exported");
    t.keys(&["q"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
    assert!(
        s.contains("\nicanon"),
        "the tty is back in canonical mode:\n{s}"
    );
}

#[test]
fn hostile_event_is_escaped_and_title_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hostile.json");
    std::fs::write(
        &p,
        r#"{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"mallory\u202egnp.exe"},"eventTime":"2023-07-10T12:05:00Z","eventSource":"s3.amazonaws.com","eventName":"\u001b[2J","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.66","userAgent":"\u001b]0;pwned\u0007","eventID":"x1"}]}"#,
    )
    .unwrap();
    let Some(t) = Tmux::start("hostile", &[p.to_str().unwrap()], 100, 30) else {
        return;
    };
    let s = t.wait_for("1 / 1 events");
    assert!(s.contains("\\x1b[2J"), "{s}");
    assert!(s.contains("mallory\\u{202e}"), "{s}");
    t.keys(&["Tab", "G"]);
    let s = t.wait_for("\\x1b]0;pwned\\x07");
    assert!(!s.contains("pwned\n"), "{s}");
    let title = t.title();
    assert!(title.starts_with("trailscope "), "window title: {title:?}");
    assert!(!title.contains("pwned"), "window title: {title:?}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn signals_restore_the_terminal() {
    for sig in ["TERM", "HUP", "INT"] {
        let Some(t) = Tmux::start(
            &format!("sig{sig}"),
            &[&data("assets/demo/invictus")],
            100,
            30,
        ) else {
            return;
        };
        t.wait_for("/ 2,900 events");
        let pid = t.program_pid();
        Command::new("kill")
            .args([&format!("-{sig}"), &pid.to_string()])
            .status()
            .unwrap();
        let s = t.wait_for("icanon");
        assert!(
            s.contains("\nicanon"),
            "SIG{sig}: the tty is back in canonical mode:\n{s}"
        );
        assert!(
            !s.contains("TIME (UTC)"),
            "SIG{sig}: the alternate screen was left:\n{s}"
        );
    }
}

#[test]
fn a_panic_restores_the_terminal() {
    let Some(t) = Tmux::start_env(
        "panic",
        "TRAILSCOPE_TEST_PANIC=1 ",
        &[&data("assets/demo/invictus")],
        100,
        30,
    ) else {
        return;
    };
    let s = t.wait_for("icanon");
    assert!(
        s.contains("panicking on purpose"),
        "the panic message is shown:\n{s}"
    );
    assert!(s.contains("EXIT=101"), "{s}");
    assert!(
        s.contains("\nicanon"),
        "the tty is back in canonical mode:\n{s}"
    );
    assert!(
        !s.contains("TIME (UTC)"),
        "the alternate screen was left:\n{s}"
    );
}

#[test]
fn closing_the_terminal_ends_the_program() {
    let Some(t) = Tmux::start("hangup", &[&data("assets/demo/invictus")], 100, 30) else {
        return;
    };
    t.wait_for("/ 2,900 events");
    let pid = t.program_pid();
    // The terminal disappears under the program (ssh drops, the window is closed).
    t.tmux(&["kill-server"]);
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.split_whitespace().nth(2) == Some("Z") {
            break; // exited, not yet reaped
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "trailscope still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A big live load while the view refreshes: the loader's workers and the queries the UI runs
/// meanwhile must not wait on each other (at 1M events they once deadlocked: a query held the
/// store's read lock while waiting for thread-pool workers that were blocked on the loader).
#[test]
fn live_load_of_many_files_finishes_while_the_view_refreshes() {
    let exe = std::env::current_exe().unwrap();
    let gen = exe.parent().unwrap().parent().unwrap().join("examples/gen");
    if !gen.exists() {
        eprintln!("examples/gen not built: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new(&gen)
        .args(["--events", "300000", "--seed", "3", "--out"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let Some(t) = Tmux::start("live", &[dir.path().to_str().unwrap()], 160, 45) else {
        return;
    };
    let start = Instant::now();
    loop {
        let s = t.screen();
        if s.contains("loaded ") && s.contains(" events") && !s.contains("loading") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "the load never finished:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// Resident memory of `pid` in KiB (`VmRSS` in /proc/<pid>/status).
fn rss_kib(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Waits up to `limit` for `pid` to be gone (or a zombie); true when it is.
fn gone_within(pid: u32, limit: Duration) -> bool {
    let start = Instant::now();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.is_empty() || stat.split_whitespace().nth(2) == Some("Z") {
            return true;
        }
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Issue 8: pasting 100 KB into the filter box once grew memory by ~200 MB/s (each character
/// started a query worker). A paste is one edit; a filter over the bound is an error in the
/// filter line; the explorer keeps answering and memory stays bounded.
#[test]
fn pasting_100_kb_into_the_filter_is_one_edit_and_memory_stays_bounded() {
    let Some(t) = Tmux::start("paste", &[&data("assets/demo/invictus")], 120, 30) else {
        return;
    };
    t.wait_for("/ 2,900 events");
    let pid = t.program_pid();
    let before = rss_kib(pid);
    let dir = tempfile::tempdir().unwrap();
    let paste = dir.path().join("paste.txt");
    let text: String = (0..25_000).map(|i| format!("w{:02} ", i % 100)).collect();
    assert!(text.len() >= 100_000);
    std::fs::write(&paste, &text).unwrap();
    t.keys(&["/"]);
    t.wait_for("filter");
    t.tmux(&["load-buffer", "-b", "p", paste.to_str().unwrap()]);
    // -p: as a bracketed paste (the explorer asked for it).
    t.tmux(&["paste-buffer", "-p", "-b", "p", "-t", "t"]);
    t.wait_for("filter too long");
    // Still answering: Esc restores the previous filter and its result; keys move the cursor.
    for _ in 0..10 {
        let rss = rss_kib(pid);
        assert!(
            rss < before + 300 * 1024,
            "resident memory grew from {before} KiB to {rss} KiB after the paste"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    t.keys(&["Escape"]);
    t.wait_for("/ 2,900 events");
    t.keys(&["/"]);
    t.text("name:ConsoleLogin");
    t.keys(&["Enter"]);
    t.wait_for("name:ConsoleLogin");
    let s = t.screen();
    assert!(!s.contains("filter too long"), "{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// A trail where every event has the same time: ties once made the load (and its end) take
/// minutes, and the explorer ignored `q` and SIGTERM meanwhile.
fn same_time_trail(dir: &std::path::Path, n: usize) -> PathBuf {
    let p = dir.join("ties.json");
    let mut s = String::from("{\"Records\":[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"GetObject","eventSource":"s3.amazonaws.com","eventID":"id-{i}","awsRegion":"us-east-1","userIdentity":{{"type":"IAMUser","userName":"u{}"}}}}"#,
            i % 97
        ));
    }
    s.push_str("]}");
    std::fs::write(&p, s).unwrap();
    p
}

/// Issue 8: `q`, Ctrl-C and SIGTERM end the program at any moment of a load (here: once every
/// file is read, while the store of tied times is sorted and deduplicated, which once took
/// minutes on the thread that handles keys), with the terminal restored. The bound is generous on
/// purpose: what is checked is that nothing waits for the load to finish.
#[test]
fn quit_and_sigterm_during_a_slow_load_end_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let trail = same_time_trail(dir.path(), 300_000);
    for how in ["q", "TERM", "C-c"] {
        let Some(t) = Tmux::start(&format!("slow{how}"), &[trail.to_str().unwrap()], 120, 30)
        else {
            return;
        };
        // Every file read (or, with a fast finalize, already loaded: then it quits anyway).
        t.wait_for_any(&["1/1 files", "loaded "]);
        let pid = t.program_pid();
        match how {
            "TERM" => {
                Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status()
                    .unwrap();
            }
            k => t.keys(&[k]),
        }
        assert!(
            gone_within(pid, Duration::from_secs(2)),
            "{how}: still running 2 s after; screen:\n{}",
            t.screen()
        );
        let s = t.wait_for("icanon");
        assert!(s.contains("\nicanon"), "{how}: tty restored:\n{s}");
        assert!(!s.contains("TIME (UTC)"), "{how}: main screen back:\n{s}");
    }
}

/// Quitting never waits for the loader, even one stuck reading (a FIFO no one writes to).
#[test]
fn quit_while_the_loader_is_stuck_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("stuck.json");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let Some(t) = Tmux::start("fifo", &[fifo.to_str().unwrap()], 120, 30) else {
        return;
    };
    t.wait_for("TIME (UTC)");
    let pid = t.program_pid();
    t.keys(&["q"]);
    assert!(
        gone_within(pid, Duration::from_secs(2)),
        "still running; screen:\n{}",
        t.screen()
    );
    let s = t.wait_for("icanon");
    assert!(s.contains("\nicanon"), "tty restored:\n{s}");
}
/// With `NO_COLOR=1` no colour reaches the terminal, and the selected row is in reverse video
/// (issue 9 point 9): after `j` the reversed row moves.
#[test]
fn no_color_selection_is_reverse_video() {
    let Some(t) = Tmux::start_env(
        "nocolor",
        "NO_COLOR=1 ",
        &[&data("tests/data/panther")],
        100,
        30,
    ) else {
        return;
    };
    // The whole load (468 events), not the loading screen, which has no selected row yet.
    t.wait_for("468 / 468 events │");
    let styled = || t.tmux(&["capture-pane", "-p", "-e", "-t", "t"]);
    let reversed_line = |s: &str| {
        s.lines()
            .position(|l| l.contains("\x1b[7m") || l.contains(";7m") || l.contains("[7;"))
    };
    let s = styled();
    // Every SGR parameter that sets a colour (39 and 49, the defaults, are what tmux writes).
    for sgr in s.split("\x1b[").skip(1) {
        let Some((params, _)) = sgr.split_once('m') else {
            continue;
        };
        for p in params.split(';').filter_map(|p| p.parse::<u32>().ok()) {
            let colour = matches!(p, 30..=37 | 38 | 40..=47 | 48 | 90..=97 | 100..=107);
            assert!(!colour, "a colour escape \\e[{params}m in:\n{s:?}");
        }
    }
    let first = reversed_line(&s).unwrap_or_else(|| panic!("no reversed row:\n{s:?}"));
    t.keys(&["j"]);
    let start = Instant::now();
    loop {
        let s = styled();
        if reversed_line(&s) == Some(first + 1) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "selection did not move from line {first}:\n{s:?}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// Under `TZ=JST-9`, `t` shows local time with its zone and offset, and a time typed without
/// an offset is read in that zone (issue 9 point 6): the invictus trail runs 11:42–12:38 UTC,
/// 20:42–21:38 JST; `after:2023-07-10T21:00` is 12:00 UTC, 2,102 of its 2,900 events.
#[test]
fn local_time_shows_the_zone_and_filter_times_are_read_in_it() {
    let Some(t) = Tmux::start_env("tz", "TZ=JST-9 ", &[&data("assets/demo/invictus")], 120, 30)
    else {
        return;
    };
    t.wait_for("2,900 / 2,900 events");
    t.keys(&["t"]);
    let s = t.wait_for("TIME (JST +09:00)");
    assert!(s.contains("JST +09:00"), "{s}");
    t.keys(&["/"]);
    t.text("after:2023-07-10T21:00");
    let s = t.wait_for("times in JST +09:00");
    assert!(s.contains("after:2023-07-10T21:00"), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("2,102 / 2,900 events");
    // Back to UTC: the same text is read in UTC, after the trail's end.
    t.keys(&["t"]);
    t.wait_for("0 / 2,900 events");
}

/// Issue 9 (points 12–14) as a responder meets them at 200×60 on the invictus trail: the
/// backdoor role's trust policy reads decoded, with the foreign root account; the detail takes
/// the width while read; the fuzzy finder lists agents rarest first; a clear of the marks is
/// undone with `u`.
#[test]
fn backdoor_policy_fuzzy_order_and_mark_undo_at_200x60() {
    let Some(t) = Tmux::start("explorer9", &[&data("assets/demo/invictus")], 200, 60) else {
        return;
    };
    t.wait_for("2,900 / 2,900 events");
    t.keys(&["/"]);
    t.text("name:UpdateAssumeRolePolicy");
    t.keys(&["Enter"]);
    t.wait_for("2 / 2,900 events");
    let s = t.wait_for("(decoded JSON string)");
    assert!(
        s.contains("\"AWS\": \"arn:aws:iam::193672423079:root\""),
        "{s}"
    );
    // Enter opens the detail: it takes the width (the user agent fits one line of 120).
    let divider = |s: &str| {
        s.lines()
            .find(|l| l.contains("│{"))
            .and_then(|l| l.chars().position(|c| c == '│'))
    };
    assert_eq!(divider(&s), Some(119), "{s}");
    t.keys(&["Enter"]);
    let start = Instant::now();
    loop {
        let s = t.screen();
        if divider(&s) == Some(79) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the detail did not take the width:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    // The raw view keeps the bytes.
    t.keys(&["r"]);
    t.wait_for("· raw");
    t.keys(&["r"]);
    t.wait_for("· pretty");
    // Esc gives the keyboard back to the list, and the width with it.
    t.keys(&["Escape"]);
    let start = Instant::now();
    while divider(&t.screen()) != Some(119) {
        assert!(start.elapsed() < Duration::from_secs(20), "{}", t.screen());
        std::thread::sleep(Duration::from_millis(30));
    }
    // The fuzzy finder over agents, rarest first.
    t.keys(&["/", "C-u"]);
    t.keys(&["Enter"]);
    t.wait_for("2,900 / 2,900 events");
    t.keys(&["f", "BTab"]);
    t.text("apnstratus");
    t.wait_for("best match first");
    t.keys(&["C-s"]);
    t.wait_for("most events first");
    t.keys(&["C-s"]);
    let s = t.wait_for("fewest events first");
    assert!(s.contains("51 of 155 values"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("q quit");
    // Marks: clear, then u brings them back.
    t.keys(&["Space", "Space", "Space"]);
    t.keys(&["C"]);
    t.wait_for("cleared 3 marks (u brings them back)");
    t.keys(&["u"]);
    t.wait_for("undone: clear 3 marks (3 marked)");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// Local Insights in the explorer (issue 11): a trail of ordinary reads with a console brute
/// force and an IAM enumeration; the detections view (`D`) lists both episodes as
/// trailscope's estimate, Enter filters to the enumeration's calls, the timeline marks them.
#[test]
fn detections_view_lists_local_insights_and_filters_to_an_episode() {
    let dir = tempfile::tempdir().unwrap();
    let base = 1_793_491_200i64; // 2026-11-01T00:00:00Z
    let ts = |s: i64| {
        chrono::DateTime::from_timestamp(s, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let mut recs = Vec::new();
    for m in 0..240i64 {
        recs.push(serde_json::json!({"eventTime": ts(base + m * 60 + 7), "eventSource": "s3.amazonaws.com",
            "eventName": "GetObject", "awsRegion": "us-east-1", "readOnly": true,
            "eventID": format!("r{m}"), "userIdentity": {"type": "IAMUser", "userName": "app"}}));
    }
    for i in 0..30i64 {
        recs.push(serde_json::json!({"eventTime": ts(base + 7200 + 2 * i), "eventSource": "signin.amazonaws.com",
            "eventName": "ConsoleLogin", "awsRegion": "us-east-1", "readOnly": false,
            "errorMessage": "Failed authentication", "eventID": format!("b{i}"),
            "userIdentity": {"type": "IAMUser", "userName": "admin"}}));
    }
    for i in 0..20i64 {
        recs.push(serde_json::json!({"eventTime": ts(base + 6000 + 3 * i), "eventSource": "iam.amazonaws.com",
            "eventName": "GetUser", "awsRegion": "us-east-1", "readOnly": true,
            "errorCode": "NoSuchEntityException", "eventID": format!("e{i}"),
            "userIdentity": {"type": "IAMUser", "userName": "legacy-app"}}));
    }
    let path = dir.path().join("bursts.json");
    std::fs::write(&path, serde_json::json!({ "Records": recs }).to_string()).unwrap();
    // Local Insights only: the bundled rules would list their own hits first.
    let Some(t) = Tmux::start(
        "insights",
        &[path.to_str().unwrap(), "--no-default-rules"],
        160,
        45,
    ) else {
        return;
    };
    t.wait_for("290 / 290 events");
    t.keys(&["D"]);
    let s = t.wait_for("error-rate us-east-1 iam GetUser");
    assert!(s.contains("trailscope's estimate, not AWS's"), "{s}");
    assert!(s.contains("less than the preceding 7 days"), "{s}");
    assert!(
        s.contains("write-rate us-east-1 signin ConsoleLogin"),
        "{s}"
    );
    // The first entry is the enumeration (the earlier episode).
    t.keys(&["Enter"]);
    let s = t.wait_for("20 / 290 events");
    assert!(s.contains("insight:error-rate"), "{s}");
    assert!(s.contains("◇"), "the timeline marks the episodes:\n{s}");
    t.keys(&["q"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
}

/// The case survives quitting (issue 12.3): mark one event and write a note on the next, quit,
/// open the same data again: both are back, and the status line says so.
#[test]
fn marks_and_notes_survive_quitting() {
    let state = tempfile::tempdir().unwrap();
    let env = format!("XDG_STATE_HOME='{}' ", state.path().display());
    let demo = data("assets/demo/invictus");
    let Some(t) = Tmux::start_env("case1", &env, &[&demo], 140, 35) else {
        return;
    };
    t.wait_for("loaded 2,900 events");
    // The cursor follows the event it was on when the load finished (the first to arrive, which
    // varies with a parallel load): go to the first event by time.
    t.keys(&["g"]);
    t.keys(&["Space"]);
    t.keys(&["a"]);
    t.wait_for("❯");
    t.text("pivot to the admin role");
    t.keys(&["Enter"]);
    t.wait_for("note saved to the case");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    drop(t);
    let cases = std::fs::read_dir(state.path().join("trailscope/cases"))
        .unwrap()
        .count();
    assert_eq!(cases, 1);

    let t = Tmux::start_env("case2", &env, &[&demo], 140, 35).unwrap();
    t.wait_for("case restored: 1 mark, 1 note");
    t.keys(&["g"]);
    // The first row is marked again (drawn by the frame after the restore at the latest).
    let first_marked = |s: &str| {
        s.lines()
            .skip_while(|l| !l.contains("TIME ("))
            .nth(1)
            .is_some_and(|l| l.contains('▌'))
    };
    let start = Instant::now();
    let mut s = t.screen();
    while !first_marked(&s) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
        s = t.screen();
    }
    assert!(first_marked(&s), "{s}");
    t.keys(&["j"]);
    t.wait_for("note: pivot to the admin role");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    // --fresh: nothing restored, the case file set aside.
    drop(t);
    let t = Tmux::start_env("case3", &env, &["--fresh", &demo], 140, 35).unwrap();
    t.wait_for("set aside");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// Issue 10.4 in a real terminal, on the invictus recording: from bert-jan's CreateAccessKey,
/// `p` then `T` pivots to what was done to the target user (13 events, counted independently
/// with Python over requestParameters.userName); Backspace comes back to the one event with
/// its row selected; `L` opens the lineage tree and Enter on the top key filters to all his
/// long-term key led to.
#[test]
fn pivot_then_backspace_and_the_lineage_tree() {
    let Some(t) = Tmux::start("pivot", &[&data("assets/demo/invictus")], 160, 45) else {
        return;
    };
    t.wait_for("2,900 / 2,900 events");
    t.keys(&["/"]);
    t.text("id:64b7de64-bf53-47ae-b7e3-d30cb1b5136e");
    t.keys(&["Enter"]);
    t.wait_for("1 / 2,900 events");
    t.keys(&["p"]);
    let s = t.wait_for("what the new key did: AKIATFQR7NSC3ZO6PKAZ");
    assert!(
        s.contains("what was done to user stratus-red-team-backdoor-u-user"),
        "{s}"
    );
    t.keys(&["T"]);
    let s = t.wait_for("13 / 2,900 events");
    assert!(s.contains("⌫ back (2)"), "{s}");
    t.keys(&["BSpace"]);
    let s = t.wait_for("1 / 2,900 events");
    assert!(
        s.contains("/ id:64b7de64-bf53-47ae-b7e3-d30cb1b5136e"),
        "{s}"
    );
    assert!(s.contains("CreateAccessKey"), "{s}");
    t.keys(&["L"]);
    let s = t.wait_for("credential lineage");
    assert!(
        s.contains("root: long-term key AKIATFQR7NSC8Q4X20BJ"),
        "{s}"
    );
    t.keys(&["g", "Enter"]);
    t.wait_for("/ lineage:AKIATFQR7NSC8Q4X20BJ");
    t.keys(&["BSpace"]);
    t.wait_for("1 / 2,900 events");
    t.keys(&["q"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
}

/// Issue 10 in a real terminal, on the whole real data: the group-by popup (`c`) counts who,
/// then keys by distinct IPs, then bert-jan's AssumeRole calls by role (a JSON path), Enter
/// narrows to one role; the profile popup (`i`) shows the roles bert-jan assumed. Counts as in
/// tests/top.rs and tests/profile.rs (derive_group_counts.py).
#[test]
fn group_by_and_profile_on_real_data() {
    let Some(t) = Tmux::start(
        "facets",
        &[&data("tests/data"), &data("assets/demo/invictus")],
        160,
        45,
    ) else {
        return;
    };
    t.wait_for("3,412 / 3,412 events");
    t.keys(&["c"]);
    t.wait_for("group by who");
    t.wait_for("2,642  bert-jan");
    t.keys(&["Escape"]);
    t.wait_gone("group by who");
    // The calls signed with a key (3,175, derive_group_counts.py's reading), by key and IP.
    t.keys(&["/"]);
    t.text("key:*");
    t.keys(&["Enter"]);
    t.wait_for("3,175 / 3,412 events");
    t.keys(&["c"]);
    t.wait_for("group by who");
    t.text("key,ip");
    t.keys(&["Enter"]);
    t.wait_for("group by key → ip");
    t.keys(&["s", "s", "s"]);
    t.wait_for("most distinct inner values");
    // Both rows, each waited for: one capture can catch the terminal mid-frame.
    t.wait_for("AKIAIOSFODNN7EXAMPLE   (20 distinct)");
    let s = t.wait_for("ASIAIOSFODNN7EXAMPLE   (11 distinct)");
    assert!(s.contains("AKIAIOSFODNN7EXAMPLE   (20 distinct)"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("3,175 / 3,412 events");
    t.keys(&["/", "C-u"]);
    t.text("who:bert-jan name:AssumeRole");
    t.keys(&["Enter"]);
    t.wait_for("23 / 3,412 events");
    t.keys(&["c"]);
    t.wait_for("by ❯");
    t.text("requestParameters.roleArn");
    t.keys(&["Enter"]);
    let s = t.wait_for("6 values · 23 events");
    assert!(s.contains("13  (missing)"), "{s}");
    // The calls without a roleArn are listed last: the first line is a role.
    t.keys(&["Enter"]);
    let s = t.wait_for("2 / 3,412 events");
    assert!(
        s.contains("requestParameters.roleArn:\"arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role\""),
        "{s}"
    );
    t.keys(&["i"]);
    t.wait_for("profile · who: bert-jan");
    let s = t.wait_for("roles assumed (5)");
    assert!(s.contains("2,642 · first"), "{s}");
    t.keys(&["Escape"]);
    t.wait_gone("profile · who: bert-jan");
    t.keys(&["q"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
}

/// Issue 12 point 2 in a real terminal, on the whole real data: the AssumeRole calls sorted by
/// who (header and status line say so, `O` reverses), then the first two compared side by side
/// (`Space` marks one, `d` compares it with the next), `n` to a difference, `Esc` back to the
/// list with its sort.
#[test]
fn sort_by_a_column_and_compare_two_events() {
    let Some(t) = Tmux::start(
        "sortcmp",
        &[&data("tests/data"), &data("assets/demo/invictus")],
        200,
        60,
    ) else {
        return;
    };
    t.wait_for("3,412 / 3,412 events");
    t.keys(&["/"]);
    t.text("name:AssumeRole");
    t.keys(&["Enter"]);
    t.wait_for("62 / 3,412 events");
    t.keys(&["o"]);
    let s = t.wait_for("sort who ▲");
    assert!(s.contains("WHO ▲"), "{s}");
    t.keys(&["O"]);
    let s = t.wait_for("sort who ▼");
    assert!(s.contains("WHO ▼"), "{s}");
    assert!(s.contains("62 / 3,412 events"), "{s}");
    t.keys(&["Space", "d"]);
    let s = t.wait_for_any(&["differences (n/N)", "1 difference (n/N)"]);
    assert!(s.contains("─ compare"), "{s}");
    assert!(s.contains("-A ") && s.contains("+B "), "{s}");
    t.keys(&["n"]);
    t.wait_for_any(&["difference 2 of", "difference 1 of 1"]);
    t.keys(&["Escape"]);
    let s = t.wait_for("WHO ▼");
    assert!(!s.contains("─ compare"), "{s}");
    t.keys(&["q"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
}

/// Issue 12.1 in a real terminal: a config file found through XDG_CONFIG_HOME rebinds five
/// keys (quit x, help H, filter `,`, down J, mark m: the old keys no longer act, the help and
/// the hints show the new ones), picks the light theme (its selection colour reaches the
/// terminal) and a column set with a JSON-path target column in a fixed zone.
#[test]
fn config_file_keys_light_theme_and_columns() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trailscope");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        r#"time_zone = "+02:00"
[theme]
name = "light"
[list]
columns = ["time", "name", { field = "requestParameters.roleArn|userName|bucketName", title = "TARGET", width = 44 }, "ip"]
[keys.normal]
quit = "x"
help = "H"
edit_filter = ","
down = ["J", "Down"]
mark = "m"
"#,
    )
    .unwrap();
    let env = format!("XDG_CONFIG_HOME='{}' ", home.path().display());
    let Some(t) = Tmux::start_env("config", &env, &[&data("assets/demo/invictus")], 160, 45) else {
        return;
    };
    let s = t.wait_for("2,900 / 2,900 events │");
    // The columns, in the config's order, times in its zone.
    let header = s.lines().nth(1).unwrap_or_default().to_string();
    let pos = |h: &str| {
        header
            .find(h)
            .unwrap_or_else(|| panic!("{h} not in {header:?}"))
    };
    assert!(
        pos("TIME (+02:00)") < pos("NAME") && pos("NAME") < pos("TARGET"),
        "{header}"
    );
    assert!(pos("TARGET") < pos("IP"), "{header}");
    assert!(!header.contains("WHO"), "{header}");
    // The light theme's selection background.
    let styled = t.tmux(&["capture-pane", "-p", "-e", "-t", "t"]);
    assert!(
        styled.contains("48;2;190;215;245"),
        "no light selection colour:\n{styled:?}"
    );
    // The old keys do nothing: j does not move, q does not quit, Space does not mark; J and m do.
    t.keys(&["j", "q", "Space"]);
    t.keys(&["J", "m"]);
    let s = t.wait_for("1 marked");
    assert!(!s.contains("EXIT="), "{s}");
    // The hints (once the load's note is gone) show the user's keys.
    let status = s.lines().last().unwrap_or_default().to_string();
    assert!(
        status.contains("x quit") && status.contains("H help"),
        "{status}"
    );
    assert!(
        status.contains(", filter") && status.contains("m mark"),
        "{status}"
    );
    assert!(!status.contains("q quit"), "{status}");
    // `,` opens the filter line; the target column reads the role ARN from each record.
    t.keys(&[","]);
    t.text("name:AssumeRole");
    t.keys(&["Enter"]);
    let s = t.wait_for_any(&["arn:aws:iam::", "no event matches"]);
    assert!(s.contains("arn:aws:iam::"), "{s}");
    // `o` sorts by the configured columns in order (time, name, then the target's roleArn).
    t.keys(&["o"]);
    t.wait_for("NAME ▲");
    t.keys(&["o"]);
    let s = t.wait_for("TARGET ▲");
    assert!(
        s.contains("requestParameters.roleArn"),
        "the status line names it: {s}"
    );
    // H opens the help, which lists the new keys.
    t.keys(&["H"]);
    let s = t.wait_for("browsing");
    let row = |k: &str, d: &str| {
        s.lines().any(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w.windows(2).any(|p| p == [k, d])
        })
    };
    assert!(
        row("x", "quit") && row("H", "help") && row("m", "mark"),
        "{s}"
    );
    assert!(!row("q", "quit"), "{s}");
    t.keys(&["Escape"]);
    t.wait_gone("help · lines");
    t.keys(&["x"]);
    let s = t.wait_for("icanon");
    assert!(s.contains("EXIT=0"), "{s}");
}

/// A config error stops the program before the terminal is touched, naming file and line
/// (exit 2).
#[test]
fn a_config_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, "[keys.normal]\nquit = \"x\"\nquitt = \"y\"\n").unwrap();
    let cfg = p.to_str().unwrap();
    let Some(t) = Tmux::start(
        "config-error",
        &["--config", cfg, &data("assets/demo/invictus")],
        120,
        30,
    ) else {
        return;
    };
    let s = t.wait_for("EXIT=");
    assert!(
        s.contains(&format!("{cfg}:3: unknown action 'quitt'")),
        "{s}"
    );
    assert!(s.contains("EXIT=2"), "{s}");
}
