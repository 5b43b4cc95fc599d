//! Command-line arguments (clap derive), validated once into plain options.

use crate::loader::{
    LoadOptions, DEFAULT_MAX_EVENTS, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_RECORD_BYTES,
    MAX_EVENTS_LIMIT,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast terminal explorer for AWS CloudTrail logs.
///
/// With no command, opens the explorer on PATHs (folders are walked recursively; `-` is stdin),
/// or on the demo trail bundled in the binary when no PATH is given.
#[derive(Parser, Debug)]
#[command(
    name = "trailscope",
    version,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Command (default: the explorer).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folders, files, or - for stdin.
    pub paths: Vec<PathBuf>,
    /// Loader limits.
    #[command(flatten)]
    pub limits: Limits,
}

/// Loader bounds shared by every command.
#[derive(Args, Debug, Clone)]
pub struct Limits {
    /// Largest decompressed size of one input file, in bytes (at most 4 GiB).
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_FILE_BYTES, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64))]
    pub max_file_bytes: u64,
    /// Largest single record, in bytes.
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_RECORD_BYTES, value_name = "BYTES")]
    pub max_record_bytes: u64,
    /// Most events to load; files past the limit are reported and skipped.
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_EVENTS, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_EVENTS_LIMIT))]
    pub max_events: u64,
}

impl Limits {
    /// As loader options.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_bytes,
            max_record_bytes: self.max_record_bytes,
            max_events: self.max_events,
        }
    }
}

/// Headless commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and summarise: files, events, duplicates, time span, top values, load speed.
    Stats {
        /// Folders, files, or - for stdin (default: the bundled demo trail).
        paths: Vec<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print the events matching a filter, in time order.
    #[command(
        after_help = "The filter language: trailscope help filter (or query --help).",
        after_long_help = crate::query::help::filter_reference()
    )]
    Query {
        /// Folders, files, or - for stdin (default: the bundled demo trail).
        paths: Vec<PathBuf>,
        /// The filter (see `trailscope help filter`, below with --help); default: every event.
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
        format: OutFormat,
        /// Write to FILE (atomically; never replaces an existing file without --force).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing output file.
        #[arg(long)]
        force: bool,
    },
    /// Print help: `help filter` for the filter language, `help COMMAND` for a command.
    Help {
        /// `filter`, a command name, or nothing.
        topic: Option<String>,
    },
}

/// `trailscope help [TOPIC]`: prints the help asked for; returns the exit code.
pub fn help(topic: Option<&str>) -> i32 {
    use clap::CommandFactory;
    match topic {
        Some("filter") => {
            print!("{}", crate::query::help::filter_reference());
            0
        }
        None => {
            let _ = Cli::command().print_long_help();
            0
        }
        Some(name) => match Cli::command().try_get_matches_from(["trailscope", name, "--help"]) {
            Err(e)
                if e.kind() == clap::error::ErrorKind::DisplayHelp
                    && Cli::command().find_subcommand(name).is_some() =>
            {
                let _ = e.print();
                0
            }
            _ => {
                eprintln!(
                    "trailscope: no help topic '{}' (try: trailscope help filter, trailscope help query)",
                    crate::escape::sanitize(name)
                );
                2
            }
        },
    }
}

/// `query --format`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// One original record per line.
    Jsonl,
    /// `{"Records":[…]}` of the original records.
    Json,
    /// An aligned, readable table.
    Table,
    /// Just the number of matching events.
    Count,
}
