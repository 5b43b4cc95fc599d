//! trailscope: parse arguments, run a command, exit with its code.

use clap::Parser;
use std::process::ExitCode;
use trailscope::cli::{Cli, Command, OutFormat};
use trailscope::commands::{self, choose_inputs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let opts = cli.limits.options();
    let headless = cli.command.is_some();
    // Output preferences: the defaults (a config file's, later), then the flags.
    let prefs = cli.display.over(trailscope::table::Prefs::default());
    if headless {
        // A signal during `query -o` must not leave a temporary behind. Best effort: without
        // the handler, a signal ends the program as it would have anyway.
        let _ = trailscope::output::remove_pending_on_signals();
    }
    let result = match &cli.command {
        Some(Command::Help { topic }) => {
            return ExitCode::from(trailscope::cli::help(topic.as_deref()) as u8)
        }
        Some(Command::Completions { shell }) => trailscope::completions::completions(*shell),
        Some(Command::Man) => trailscope::completions::man(),
        Some(Command::Stats { paths, json }) => choose_inputs(paths, cli.demo, false)
            .and_then(|c| commands::stats(c.inputs, *json, &prefs, &opts)),
        Some(Command::Query {
            paths,
            filter,
            format,
            fields,
            output,
            force,
            manifest,
            sort,
        }) => choose_inputs(paths, cli.demo, false).and_then(|c| {
            let format = OutFormat::choose(*format, output.as_deref());
            if fields.is_some() && !matches!(format, OutFormat::Table | OutFormat::Csv) {
                return Err(commands::CommandError::Usage(
                    "--fields: only with --format table or csv (JSON keeps whole records)".into(),
                ));
            }
            let prefs = trailscope::table::Prefs {
                fields: fields.clone().or(prefs.fields.clone()),
                sort: sort.clone().or(prefs.sort.clone()),
                ..prefs.clone()
            };
            let manifest = manifest.then(|| trailscope::evidence::manifest::Context {
                command: std::env::args().collect(),
                filter: filter.clone(),
                inputs: paths.iter().map(|p| p.display().to_string()).collect(),
            });
            commands::query(
                c.inputs,
                filter,
                format,
                output.as_deref(),
                *force,
                &prefs,
                &opts,
                manifest.as_ref(),
            )
        }),
        Some(Command::Verify {
            paths,
            format,
            public_key,
            manifest,
        }) => trailscope::verify_cmd::verify(&trailscope::verify_cmd::VerifyArgs {
            paths,
            format: *format,
            public_key: public_key.as_deref(),
            manifest: manifest.as_deref(),
            max_file_bytes: opts.max_file_bytes,
            follow: opts.follow_links,
        }),
        Some(Command::Top {
            paths,
            by,
            filter,
            sort,
            rare,
            limit,
            format,
        }) => choose_inputs(paths, cli.demo, false).and_then(|c| {
            let args = trailscope::top::TopArgs {
                by,
                filter,
                sort: sort.sort(*rare),
                limit: *limit,
                format: *format,
            };
            trailscope::top::top(c.inputs, &args, &opts)
        }),
        Some(Command::Lineage {
            args,
            up,
            down,
            format,
        }) => {
            let (target, paths) = args.split_last().expect("clap requires one");
            let paths: Vec<std::path::PathBuf> = paths.iter().map(Into::into).collect();
            choose_inputs(&paths, cli.demo, false).and_then(|c| {
                let direction = match (*up, *down) {
                    (true, _) => trailscope::lineage_cmd::Direction::Up,
                    (_, true) => trailscope::lineage_cmd::Direction::Down,
                    _ => trailscope::lineage_cmd::Direction::Both,
                };
                let a = trailscope::lineage_cmd::LineageArgs {
                    target,
                    direction,
                    format: *format,
                };
                trailscope::lineage_cmd::lineage(c.inputs, &a, &opts)
            })
        }
        Some(Command::Detect {
            paths,
            filter,
            rules,
            format,
        }) => choose_inputs(paths, cli.demo, false)
            .and_then(|c| trailscope::detect_cmd::detect(c.inputs, filter, rules, *format, &opts)),
        Some(Command::Rules { rules, format }) => trailscope::detect_cmd::rules(rules, *format),
        Some(Command::Profile {
            paths,
            filter,
            format,
        }) => choose_inputs(paths, cli.demo, false)
            .and_then(|c| trailscope::profile::profile(c.inputs, filter, *format, &opts)),
        None => choose_inputs(&cli.paths, cli.demo, true).and_then(|c| {
            let rules = trailscope::detect::RuleSet::load(&cli.rules.options());
            let r = trailscope::tui::run(
                c.inputs,
                opts,
                c.title,
                cli.fresh,
                Some(std::sync::Arc::new(rules)),
            );
            // An export still being written when the explorer quits leaves no temporary.
            trailscope::output::remove_pending();
            r.map(|()| commands::Status::Ok)
                .map_err(commands::CommandError::Explorer)
        }),
    };
    commands::finish(result)
}
