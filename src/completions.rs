//! `trailscope completions SHELL` and `trailscope man`: shell completion scripts and the manual
//! page, both generated from the clap definitions in [`crate::cli`] (so a new flag or command
//! is in them without another edit), written to standard output through the commands' writer.
//!
//! The man page is one page, `trailscope(1)`: the top-level synopsis and options, then a
//! section per command with its own options, then the filter language (the text of
//! `trailscope help filter`), the exit codes, the files and the environment.

use crate::cli::Cli;
use crate::commands::{CommandError, Status};
use crate::output::{OutputError, Target};
use clap::CommandFactory;
use clap_mangen::roff::{bold, roman, Roff};
use std::io::{self, Write};

/// No arguments to a roff request.
const NONE: [&str; 0] = [];

/// The shells `trailscope completions` writes a script for.
pub use clap_complete::Shell;

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "trailscope", &mut out);
    out
}

/// Where each shell looks for the script (said in `completions --help` and the README).
pub const INSTALL_HINTS: &str = "Install (one of):
  bash:       trailscope completions bash > ~/.local/share/bash-completion/completions/trailscope
  zsh:        trailscope completions zsh > ~/.zfunc/_trailscope   (with fpath+=(~/.zfunc) before compinit)
  fish:       trailscope completions fish > ~/.config/fish/completions/trailscope.fish
  elvish:     trailscope completions elvish >> ~/.config/elvish/rc.elv
  powershell: trailscope completions powershell >> $PROFILE";

/// The manual page `trailscope(1)`, as roff.
pub fn man_page() -> Vec<u8> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone()).date(env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    // One page for every command (clap_mangen's own list points at a page per command); each
    // command's synopsis and options follow as a subsection.
    let mut head = Roff::new();
    head.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        head.control("TP", NONE);
        head.text([bold(format!("trailscope {}", sub.get_name()))]);
        head.text([roman(
            sub.get_about().map(|a| a.to_string()).unwrap_or_default(),
        )]);
    }
    head.control("SH", ["COMMAND DETAILS"]);
    out.extend_from_slice(head.render().as_bytes());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("trailscope {}", sub.get_name());
        let sub = sub.clone().bin_name(name.clone());
        let mut r = Roff::new();
        r.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            for para in about.to_string().split("\n\n") {
                r.text([roman(para.replace('\n', " "))]);
                r.control("PP", NONE);
            }
        }
        out.extend_from_slice(r.render().as_bytes());
        let m = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        let _ = m.render_synopsis_section(&mut part);
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            let _ = m.render_options_section(&mut part);
        }
        // Their `.SH` headings become indented labels inside this subsection.
        let part = String::from_utf8_lossy(&part)
            .lines()
            .map(|l| match l.strip_prefix(".SH ") {
                Some("SYNOPSIS") => ".PP".to_string(),
                Some(h) => format!(".PP\n\\fI{}:\\fR", capitalised(h.trim_matches('"'))),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.extend_from_slice(part.as_bytes());
        out.push(b'\n');
    }
    let mut r = Roff::new();
    r.control("SH", ["FILTER LANGUAGE"]);
    r.text([roman(
        "The filter of trailscope query -f, of top -f and of / in the explorer; also printed by ",
    )]);
    r.text([bold("trailscope help filter"), roman(".")]);
    preformatted(&mut r, &crate::query::help::filter_reference());
    r.control("SH", ["EXIT STATUS"]);
    for (code, what) in [
        ("0", "success (and a closed pipe, as in | head)"),
        ("1", "query or top matched nothing"),
        (
            "2",
            "an error: bad filter, no input, an input that could not be read (in whole or in part; reported after doing all that could be done), a write failure",
        ),
    ] {
        r.control("TP", NONE);
        r.text([bold(code)]);
        r.text([roman(what)]);
    }
    r.control("SH", ["ENVIRONMENT"]);
    for (name, what) in [
        (
            "NO_COLOR",
            "when set and not empty, no colour in the explorer or in tables (--color always still colours tables)",
        ),
        (
            "XDG_STATE_HOME",
            "where case files are kept: $XDG_STATE_HOME/trailscope/ (default ~/.local/state/trailscope/)",
        ),
        ("TZ", "the local time zone of --local and of the explorer's local times"),
    ] {
        r.control("TP", NONE);
        r.text([bold(name)]);
        r.text([roman(what)]);
    }
    r.control("SH", ["FILES"]);
    r.control("TP", NONE);
    r.text([bold("~/.local/state/trailscope/cases/")]);
    r.text([roman(
        "one case file per set of opened paths: marks, notes, tags and the filter history, restored when the same paths are opened again (--fresh ignores it)",
    )]);
    r.control("SH", ["SEE ALSO"]);
    r.text([roman(
        "trailscope completions --help (shell completions); the README of the project.",
    )]);
    out.extend_from_slice(r.render().as_bytes());
    out
}

/// `OPTIONS` → `Options`.
fn capitalised(h: &str) -> String {
    let lower = h.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `text` as lines kept as they are (`.nf`), each escaped by the roff writer.
fn preformatted(r: &mut Roff, text: &str) {
    r.control("PP", NONE);
    r.control("nf", NONE);
    r.control("RS", ["2"]);
    for line in text.lines() {
        // An empty text line would be dropped: a lone space keeps the blank line.
        r.text([roman(if line.is_empty() { " " } else { line })]);
    }
    r.control("RE", NONE);
    r.control("fi", NONE);
}

fn to_stdout(bytes: &[u8]) -> Result<Status, CommandError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| OutputError::write(&Target::Stdout, e))?;
    Ok(Status::Ok)
}

/// `trailscope completions SHELL`.
pub fn completions(shell: Shell) -> Result<Status, CommandError> {
    to_stdout(&completion_script(shell))
}

/// `trailscope man`.
pub fn man() -> Result<Status, CommandError> {
    to_stdout(&man_page())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_subsection_and_the_filter_reference_is_in() {
        let page = String::from_utf8(man_page()).unwrap();
        for sub in Cli::command().get_subcommands() {
            assert!(
                page.contains(&format!(".SS \"trailscope {}\"", sub.get_name()))
                    || page.contains(&format!(".SS trailscope {}", sub.get_name())),
                "{} missing",
                sub.get_name()
            );
        }
        assert!(page.contains("FILTER LANGUAGE"));
        assert!(page.contains("name:ConsoleLogin"));
        assert!(!page.contains("\n.SH OPTIONS\n.SH"), "empty section");
    }
}
