//! `trailscope completions SHELL` and `trailscope man`, run as the binary: each script is
//! complete enough to be useful (it knows the commands and their flags), bash's parses, and the
//! man page renders with every command and the filter language in it.

use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

/// What every script must name: the commands, and flags of the commands and of the top level
/// (without their dashes: fish writes `-l filter`).
const MUST_NAME: &[&str] = &[
    "stats",
    "query",
    "top",
    "completions",
    "man",
    "filter",
    "format",
    "fields",
    "max-events",
    "demo",
    "color",
];

#[test]
fn every_shell_gets_a_script_naming_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let s = text(&run(&["completions", shell]));
        assert!(s.len() > 2000, "{shell}: {} bytes", s.len());
        for word in MUST_NAME {
            assert!(s.contains(word), "{shell} script lacks {word}");
        }
        // The format's values are offered.
        assert!(s.contains("jsonl") && s.contains("csv"), "{shell}: formats");
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("tcsh"));
}

/// A shell that is installed checks its script's syntax (bash always is).
#[test]
fn scripts_parse_in_their_shell() {
    let check = |shell: &str, args: &[&str], script: &str| {
        let path = std::env::temp_dir().join(format!(
            "trailscope-completion-{}.{shell}",
            std::process::id()
        ));
        std::fs::write(&path, script).unwrap();
        let out = Command::new(shell)
            .args(args)
            .arg(&path)
            .stdin(Stdio::null())
            .output();
        let _ = std::fs::remove_file(&path);
        out
    };
    let bash = text(&run(&["completions", "bash"]));
    let out = check("bash", &["-n"], &bash).expect("bash is installed");
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Sourced for real, the completion function is defined and bound to trailscope.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{bash}\ndeclare -F _trailscope >/dev/null && complete -p trailscope"
        ))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("_trailscope"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        let script = text(&run(&["completions", shell]));
        if let Ok(out) = check(shell, args, &script) {
            assert!(
                out.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn man_page_has_every_command_and_the_filter_language() {
    let page = text(&run(&["man"]));
    assert!(
        page.starts_with(".ie") || page.contains(".TH trailscope 1"),
        "{page:.200}"
    );
    assert!(page.contains(".TH trailscope 1"));
    for section in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "FILTER LANGUAGE",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
    ] {
        assert!(
            page.contains(&format!(".SH {section}"))
                || page.contains(&format!(".SH \"{section}\"")),
            "no {section} section"
        );
    }
    // `help filter`'s text is in it, and `help filter` itself still answers.
    let filter = text(&run(&["help", "filter"]));
    let first_field_line = filter
        .lines()
        .find(|l| l.trim_start().starts_with("name "))
        .expect("the field list");
    assert!(page.contains("trailscope help filter"));
    assert!(
        page.contains(first_field_line.trim_end()),
        "{first_field_line}"
    );
    // No line of the filter text can be read as a roff request.
    for l in page.lines().filter(|l| l.contains("FILTER LANGUAGE (")) {
        assert!(!l.starts_with('.'), "{l}");
    }
}

/// Rendered by man (when installed): the text shows every command's subsection, and groff
/// reports no warnings.
#[test]
fn man_page_renders() {
    let page = run(&["man"]).stdout;
    let path = std::env::temp_dir().join(format!("trailscope-{}.1", std::process::id()));
    std::fs::write(&path, &page).unwrap();
    let out = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .env("PAGER", "cat")
        .stdin(Stdio::null())
        .output();
    let groff = Command::new("groff")
        .args(["-k", "-man", "-ww", "-z"])
        .arg(&path)
        .stdin(Stdio::null())
        .output();
    let _ = std::fs::remove_file(&path);
    let Ok(out) = out else {
        eprintln!("man is not installed: checked as roff only");
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    // Bold and underline are drawn with backspaces: take them out before looking.
    let mut plain = String::new();
    for c in shown.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    for cmd in ["stats", "query", "top", "completions", "man", "help"] {
        assert!(
            plain.contains(&format!("trailscope {cmd}")),
            "{cmd} not in the rendered page"
        );
    }
    assert!(
        plain.contains("ip:10.0.0.0/8 OR ip:2001:db8::/32"),
        "{plain}"
    );
    if let Ok(g) = groff {
        let warnings = String::from_utf8_lossy(&g.stderr);
        assert!(warnings.trim().is_empty(), "groff: {warnings}");
    }
}
