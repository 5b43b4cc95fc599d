//! Command-line arguments (clap derive), validated once into plain options.

use crate::loader::{
    LoadOptions, DEFAULT_MAX_EVENTS, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_RECORD_BYTES,
    MAX_EVENTS_LIMIT,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast terminal explorer for AWS CloudTrail logs.
///
/// With no command, opens the explorer on PATHs (folders are walked recursively; `-` is stdin).
/// With no PATH, every command reads standard input when it is not a terminal; otherwise the
/// explorer opens the demo trail bundled in the binary, and `stats`/`query` ask for input.
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
    /// Folders, files, s3://bucket/prefix, or - for stdin.
    pub paths: Vec<PathBuf>,
    /// Loader limits.
    #[command(flatten)]
    pub limits: Limits,
    /// Use the demo trail bundled in the binary (an attack recording) instead of any PATH.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Open the explorer without restoring the case of these paths (marks, notes, tags, filter
    /// history); the old case file is set aside, not lost.
    #[arg(long)]
    pub fresh: bool,
    /// The detection rules the explorer runs (badges, the detections view on D).
    #[command(flatten)]
    pub rules: crate::detect_cmd::RuleArgs,
    /// Colour and time zone of what is printed.
    #[command(flatten)]
    pub display: Display,
    /// Open only the log objects an Athena result names in its "$path" column, found under
    /// the PATH folders by their AWSLogs/… key (see `query --objects-from`).
    #[arg(long, value_name = "RESULT.csv")]
    pub objects_from: Option<PathBuf>,
    /// s3:// inputs: window, accounts, regions, credentials, cache.
    #[command(flatten)]
    pub s3: crate::s3_cmd::S3Args,
    /// The config file (keys, theme, list columns, time zone, named views, rules folder)
    /// [default: $TRAILSCOPE_CONFIG, else $XDG_CONFIG_HOME/trailscope/config.toml, else
    /// ~/.config/trailscope/config.toml; see `trailscope config`].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How tables and times are printed (every command).
#[derive(Args, Debug, Clone, Default)]
pub struct Display {
    /// Colour in tables: auto (on a terminal, unless NO_COLOR is set and not empty), always,
    /// never.
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<crate::table::ColorWhen>,
    /// Print times in UTC, e.g. 2023-07-10T12:40:00Z (the default).
    #[arg(long, global = true, overrides_with = "local")]
    pub utc: bool,
    /// Print times in the local zone (TZ) with their offset, e.g. 2023-07-10T14:40:00+02:00
    /// (JSON output keeps the records' own times).
    #[arg(long, global = true, overrides_with = "utc")]
    pub local: bool,
}

impl Display {
    /// These flags over `prefs` (the defaults, later a config file's).
    pub fn over(&self, mut prefs: crate::table::Prefs) -> crate::table::Prefs {
        use crate::table::Zone;
        if let Some(c) = self.color {
            prefs.color = c;
        }
        if self.utc {
            prefs.time_zone = Zone::Utc;
        } else if self.local {
            prefs.time_zone = Zone::Local;
        }
        prefs
    }
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
    /// Follow symbolic links inside folders (links named on the command line always are).
    #[arg(short = 'L', long, global = true)]
    pub follow: bool,
}

impl Limits {
    /// As loader options.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            max_file_bytes: self.max_file_bytes,
            max_record_bytes: self.max_record_bytes,
            max_events: self.max_events,
            follow_links: self.follow,
        }
    }
}

/// Headless commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and summarise: files, events, duplicates, time span, top values, load speed.
    Stats {
        /// Folders, files, s3://bucket/prefix, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// Print one JSON object (on a terminal, characters it would obey are \u-escaped).
        #[arg(long)]
        json: bool,
    },
    /// Print the events matching a filter, in time order.
    #[command(
        after_help = "The filter language: trailscope help filter (or query --help).",
        after_long_help = crate::query::help::filter_reference()
    )]
    Query {
        /// Folders, files, s3://bucket/prefix, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// The filter (see `trailscope help filter`, below with --help); default: every event.
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// Output format [default: from the -o name: .json → json; .csv → csv; .jsonl, .ndjson
        /// or anything else → jsonl].
        #[arg(long, value_enum)]
        format: Option<OutFormat>,
        /// The columns of the table and the CSV: `time`, filter field names (who, name, ip,
        /// key, resource, …) or JSON paths (requestParameters.roleArn), comma-separated
        /// [default: time,who,name,source,region,ip,error; the CSV adds id].
        #[arg(long, value_name = "A,B,C")]
        fields: Option<String>,
        /// Write to FILE instead of stdout (- is stdout): atomically, through a temporary beside
        /// it; never replaces an existing file without --force, and never anything that is not
        /// a regular file (a device, a FIFO, a folder), --force or not.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace an existing regular file (a symlink is replaced itself, not what it points to).
        #[arg(long)]
        force: bool,
        /// Also write FILE.manifest.json: the tool, command, time, inputs, and per record its
        /// source file (path, size, SHA-256, verify state), position and SHA-256 (needs -o FILE;
        /// check it with `trailscope verify --manifest`).
        #[arg(long)]
        manifest: bool,
        /// Print the filter as SQL instead of running it: athena (CloudTrail's Athena table;
        /// its CREATE TABLE with --ddl) or duckdb (the export --parquet folder given as PATH).
        /// Loads nothing; a term SQL cannot express is an error naming it.
        #[arg(long, value_enum, value_name = "ENGINE", conflicts_with_all = ["output", "manifest", "objects_from"])]
        sql: Option<crate::sql_cmd::SqlEngine>,
        /// With --sql: the table to select from [athena: cloudtrail_logs; duckdb:
        /// read_parquet('PATH/**/*.parquet', hive_partitioning = true)].
        #[arg(long, value_name = "TABLE", requires = "sql")]
        table: Option<String>,
        /// With --sql: print the table the SQL is written against (athena: AWS's CREATE TABLE
        /// with partition projection) instead of a query.
        #[arg(long, requires = "sql")]
        ddl: bool,
        /// Load only the log objects an Athena result names in its "$path" column
        /// (s3://…/AWSLogs/… or local paths), found under the PATH folders by their AWSLogs/…
        /// key, and apply the filter to them again.
        #[arg(long, value_name = "RESULT.csv")]
        objects_from: Option<PathBuf>,
        /// Order the events by a column instead of time: `time`, a filter field (who, name,
        /// ip, error, …) or a JSON path (requestParameters.roleArn); `-` before it is
        /// descending (`-time`: newest first). Ties stay in time order; the missing value is
        /// last either way.
        #[arg(long, value_name = "[-]FIELD", allow_hyphen_values = true)]
        sort: Option<String>,
    },
    /// Check log files against the trail's digest files, offline: verified, modified, missing,
    /// not covered; the digest chain and its gaps; signatures when their metadata is at hand.
    /// Exit 0 when everything present verifies, 1 when something does not, 2 on error.
    #[command(
        after_help = "Signatures live in S3 object metadata (x-amz-meta-signature), not in the files: save each\ndigest's as DIGEST.sig (aws s3api head-object output) and give --public-key to check them."
    )]
    Verify {
        /// Folders and files: log files and digest files (walked as the loader walks them), or
        /// s3://bucket/prefix (logs and digests fetched into the cache).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::verify_cmd::VerifyFormat::Text)]
        format: crate::verify_cmd::VerifyFormat,
        /// The region's public key (PEM or DER; or aws cloudtrail list-public-keys' base64 Value)
        /// to check signatures found in DIGEST.sig sidecars.
        #[arg(long, value_name = "FILE")]
        public_key: Option<PathBuf>,
        /// Re-check an export against its manifest (and against its sources where present).
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
    },
    /// Count the distinct values of a field (or of a field under another) over the events
    /// matching a filter, most frequent first.
    #[command(
        after_help = "Fields: any filter field (trailscope help filter) or a JSON path, e.g.\n  top --by requestParameters.roleArn -f 'name:AssumeRole'\n  top --by key,ip --sort distinct     (keys used from the most IPs first)"
    )]
    Top {
        /// Folders, files, s3://bucket/prefix, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// The field, or OUTER,INNER: a filter field name (who, name, key, ip, resource, …) or a
        /// JSON path (requestParameters.roleArn; across arrays, every element's value).
        #[arg(long, value_name = "FIELD[,FIELD]")]
        by: String,
        /// Only the events matching this filter (see `trailscope help filter`).
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// Order: count (most events first), distinct (most distinct inner values first), or
        /// value.
        #[arg(long, value_enum, default_value_t = TopSort::Count)]
        sort: TopSort,
        /// Reverse the order: rarest (or fewest distinct) first, values Z to A.
        #[arg(long)]
        rare: bool,
        /// Keep the first N values (at each level).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::top::TopFormat::Table)]
        format: crate::top::TopFormat,
    },
    /// The credential graph of an access key or of the credentials an event issued: the chain
    /// back to its root (up) and every credential descending from it (down), each key with its
    /// events, errors, IPs, time span and flags.
    #[command(
        after_help = "Examples:\n  trailscope lineage logs/ AKIAIOSFODNN7EXAMPLE          (what the key did, through every role it assumed)\n  trailscope lineage logs/ id:55e25aa9-7165-446e-aef6-815c7a79a961 --down\n  trailscope lineage logs/ ASIA... --up                  (where a session's credentials came from)\nThe same set of events as a filter: trailscope query logs/ -f lineage:KEY"
    )]
    Lineage {
        /// Folders, files or s3:// URLs (or - for stdin), then the access key id or id:EVENTID (last).
        #[arg(required = true, value_name = "PATH… KEY|id:EVENTID")]
        args: Vec<String>,
        /// Only the chain back to the root.
        #[arg(long, conflicts_with = "down")]
        up: bool,
        /// Only the credentials descending from it.
        #[arg(long)]
        down: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::lineage_cmd::LineageFormat::Text)]
        format: crate::lineage_cmd::LineageFormat,
    },
    /// Run the detection rules (SigmaHQ's CloudTrail rules, trailscope's own, yours) and print
    /// one line per hit: time, rule id, level, tactic, who, event, source IP, eventID, title
    /// and author. Exit 0 with hits, 1 without, 2 on an error.
    Detect {
        /// Folders, files, s3://bucket/prefix, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// Only the hits on events matching this filter (see `trailscope help filter`; the
        /// detection terms rule:, level:, tactic:, technique:, detect: work here too).
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// Which rules.
        #[command(flatten)]
        rules: crate::detect_cmd::RuleArgs,
        /// Output format: table, or json (JSON Lines: time, rule, title, level, tactics,
        /// techniques, who, name, ip, id, author, origin; aggregate hits add count, events,
        /// group).
        #[arg(long, value_enum, default_value_t = crate::detect_cmd::DetectFormat::Table)]
        format: crate::detect_cmd::DetectFormat,
    },
    /// List every detection rule: on, off by default (and why), refused (and why), and rule
    /// files that are broken (file and line).
    Rules {
        /// Which rules.
        #[command(flatten)]
        rules: crate::detect_cmd::RuleArgs,
        /// Output format: table, or json (JSON Lines, one object per rule).
        #[arg(long, value_enum, default_value_t = crate::detect_cmd::DetectFormat::Table)]
        format: crate::detect_cmd::DetectFormat,
    },
    /// The identity card of the events matching a filter: first and last seen, events, errors,
    /// writes, source IPs, user agents, regions, accounts, access keys, roles assumed and who
    /// assumed them, console sign-ins, top event names.
    #[command(
        after_help = "E.g.  profile -f 'who:bert-jan'     profile -f 'key:ASIA…' --format json"
    )]
    Profile {
        /// Folders, files, s3://bucket/prefix, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// The events to profile (see `trailscope help filter`): who:X, key:K, ip:A, …
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::profile::ProfileFormat::Text)]
        format: crate::profile::ProfileFormat,
    },
    /// Print a shell completion script for SHELL to standard output.
    #[command(after_help = crate::completions::INSTALL_HINTS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: crate::completions::Shell,
    },
    /// Print the manual page (roff) to standard output: `trailscope man | man -l -`.
    Man,
    /// Print help: `help filter` for the filter language, `help COMMAND` for a command.
    Help {
        /// `filter`, a command name, or nothing.
        topic: Option<String>,
    },
    /// Write the events matching a filter as Parquet for Athena, Trino, Spark and DuckDB:
    /// folders account=/region=/date=, time order, the columns of CloudTrail's Athena table
    /// plus who and the original record.
    #[command(after_help = "Query it: trailscope query --sql duckdb -f FILTER DIR | duckdb")]
    Export {
        /// Folders, files, or - for stdin (default: stdin when it is not a terminal).
        paths: Vec<PathBuf>,
        /// The folder to create (never an existing one); written beside it first, then renamed.
        #[arg(long, value_name = "DIR", required = true)]
        parquet: PathBuf,
        /// Only the events matching this filter (see `trailscope help filter`).
        #[arg(short, long, default_value = "", allow_hyphen_values = true)]
        filter: String,
    },
    /// Check the config file (exit 0 when it reads, 2 with the file, line and reason when not),
    /// or print its path or the whole default file.
    Config {
        /// Print the whole default file, commented (a starting point: `trailscope config
        /// --default > ~/.config/trailscope/config.toml`).
        #[arg(long = "default", conflicts_with = "path")]
        default: bool,
        /// Print where the config file is looked for.
        #[arg(long)]
        path: bool,
    },
}

/// `trailscope help [TOPIC]`: prints the help asked for; returns the exit code.
pub fn help(topic: Option<&str>) -> i32 {
    use clap::CommandFactory;
    match topic {
        Some("filter") => {
            // Not print!: it panics on a closed pipe or a full disk.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match out
                .write_all(crate::query::help::filter_reference().as_bytes())
                .and_then(|()| out.flush())
            {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    crate::commands::say(&format!(
                        "standard output: {}",
                        crate::loader::decode::io_reason(&e)
                    ));
                    2
                }
            }
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
                crate::commands::say(&format!(
                    "no help topic '{name}' (try: trailscope help filter, trailscope help query)"
                ));
                2
            }
        },
    }
}

/// `top --sort`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopSort {
    /// Most events first.
    Count,
    /// Most distinct inner values first (with two fields).
    Distinct,
    /// By value.
    Value,
}

impl TopSort {
    /// As the engine's order.
    pub fn sort(self, rare: bool) -> crate::query::Sort {
        use crate::query::SortKey;
        let key = match self {
            TopSort::Count => SortKey::Count,
            TopSort::Distinct => SortKey::Distinct,
            TopSort::Value => SortKey::Value,
        };
        crate::query::Sort { key, rare }
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
    /// RFC 4180 CSV with a heading line (the table's columns, or --fields).
    Csv,
    /// Just the number of matching events.
    Count,
}

impl OutFormat {
    /// The format for `query`: `--format` when given, else from the `-o` name (`.json` →
    /// `json`, `.jsonl`/`.ndjson` → `jsonl`, case-insensitive), else `jsonl`.
    pub fn choose(given: Option<OutFormat>, output: Option<&std::path::Path>) -> OutFormat {
        if let Some(f) = given {
            return f;
        }
        let ext = output
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("json") => OutFormat::Json,
            Some("csv") => OutFormat::Csv,
            _ => OutFormat::Jsonl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn format_from_the_output_name_unless_given() {
        let c = |g, p: &str| OutFormat::choose(g, Some(Path::new(p)));
        assert_eq!(c(None, "a.json"), OutFormat::Json);
        assert_eq!(c(None, "dir.x/A.JSON"), OutFormat::Json);
        assert_eq!(c(None, "a.jsonl"), OutFormat::Jsonl);
        assert_eq!(c(None, "a.ndjson"), OutFormat::Jsonl);
        assert_eq!(c(None, "a.json.gz"), OutFormat::Jsonl);
        assert_eq!(c(None, "json"), OutFormat::Jsonl);
        assert_eq!(c(Some(OutFormat::Table), "a.json"), OutFormat::Table);
        assert_eq!(OutFormat::choose(None, None), OutFormat::Jsonl);
        assert_eq!(c(None, "out.CSV"), OutFormat::Csv);
    }
}
