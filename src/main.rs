//! trailscope: parse arguments, run a command, exit with its code.

use clap::Parser;
use trailscope::cli::{Cli, Command};
use trailscope::commands;

fn main() {
    let cli = Cli::parse();
    let opts = cli.limits.options();
    let code = match &cli.command {
        Some(Command::Stats { paths, json }) => commands::stats(paths, *json, &opts),
        Some(Command::Query {
            paths,
            filter,
            format,
            output,
            force,
        }) => commands::query(paths, filter, *format, output.as_ref(), *force, &opts),
        None => commands::stats(&cli.paths, false, &opts),
    };
    std::process::exit(code);
}
