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
        Some(Command::Help { topic }) => trailscope::cli::help(topic.as_deref()),
        None => {
            let title = if cli.paths.is_empty() {
                "bundled demo trail".to_string()
            } else {
                cli.paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            match trailscope::tui::run(commands::inputs(&cli.paths), opts, title) {
                Ok(()) => commands::exit::OK,
                Err(e) => {
                    eprintln!("trailscope: {e}");
                    commands::exit::ERROR
                }
            }
        }
    };
    std::process::exit(code);
}
