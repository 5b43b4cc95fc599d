//! trailscope: parse arguments, run a command, exit with its code.

use clap::Parser;
use std::process::ExitCode;
use trailscope::cli::{Cli, Command, OutFormat};
use trailscope::commands::{self, choose_inputs};

fn main() -> ExitCode {
    trailscope::loader::heap::tune();
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
    // PATHs as loader inputs, each s3:// one listed (window from the flags, else `filter`).
    let choose = |paths: &[std::path::PathBuf], explorer: bool, filter: &str| {
        choose_inputs(paths, cli.demo, explorer)
            .and_then(|c| trailscope::s3_cmd::resolve(c, &cli.s3, explorer, filter))
    };
    // The config file: read at start by the commands that use it (the explorer; detect and rules
    // for its rules folder); an error in it stops the program here, naming file and line.
    let config = match &cli.command {
        None | Some(Command::Detect { .. }) | Some(Command::Rules { .. }) => {
            match trailscope::tui::config::load(cli.config.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    return commands::finish(Err(commands::CommandError::Usage(format!(
                        "config {e}"
                    ))))
                }
            }
        }
        _ => trailscope::tui::config::Config::default(),
    };
    // The config's rules folder, read like one more --rules DIR.
    let with_rules = |r: &trailscope::detect_cmd::RuleArgs| {
        let mut r = r.clone();
        if let Some(d) = &config.rules {
            r.rules.insert(0, d.clone());
        }
        r
    };
    let result = match &cli.command {
        Some(Command::Help { topic }) => {
            return ExitCode::from(trailscope::cli::help(topic.as_deref()) as u8)
        }
        Some(Command::Completions { shell }) => trailscope::completions::completions(*shell),
        Some(Command::Man) => trailscope::completions::man(),
        Some(Command::Config { default, path }) => {
            trailscope::tui::config::command(cli.config.as_deref(), *default, *path)
        }
        Some(Command::Stats { paths, json }) => {
            choose(paths, false, "").and_then(|c| commands::stats(c.inputs, *json, &prefs, &opts))
        }
        Some(Command::Query {
            paths,
            filter,
            format,
            fields,
            output,
            force,
            manifest,
            sql,
            table,
            ddl,
            objects_from,
            sort,
        }) => {
            if let Some(engine) = sql {
                trailscope::sql_cmd::print_sql(filter, *engine, table.as_deref(), paths, *ddl)
            } else {
                match objects_from {
                    Some(csv) => trailscope::sql_cmd::objects_inputs(csv, paths).map(|inputs| {
                        commands::Chosen {
                            inputs,
                            title: String::new(),
                        }
                    }),
                    None => choose(paths, false, filter),
                }
                .and_then(|c| {
                    let format = OutFormat::choose(*format, output.as_deref());
                    if fields.is_some() && !matches!(format, OutFormat::Table | OutFormat::Csv) {
                        return Err(commands::CommandError::Usage(
                            "--fields: only with --format table or csv (JSON keeps whole records)"
                                .into(),
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
                })
            }
        }
        Some(Command::Verify {
            paths,
            format,
            public_key,
            manifest,
        }) => trailscope::s3_cmd::fetch_for_verify(paths, &cli.s3).and_then(|paths| {
            trailscope::verify_cmd::verify(&trailscope::verify_cmd::VerifyArgs {
                paths: &paths,
                format: *format,
                public_key: public_key.as_deref(),
                manifest: manifest.as_deref(),
                max_file_bytes: opts.max_file_bytes,
                follow: opts.follow_links,
            })
        }),
        Some(Command::Top {
            paths,
            by,
            filter,
            sort,
            rare,
            limit,
            format,
        }) => choose(paths, false, filter).and_then(|c| {
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
            choose(&paths, false, "").and_then(|c| {
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
        }) => choose(paths, false, filter).and_then(|c| {
            trailscope::detect_cmd::detect(c.inputs, filter, &with_rules(rules), *format, &opts)
        }),
        Some(Command::Export {
            paths,
            parquet,
            filter,
        }) => choose(paths, false, filter)
            .and_then(|c| trailscope::sql_cmd::export_parquet(c.inputs, filter, parquet, &opts)),
        Some(Command::Rules { rules, format }) => {
            trailscope::detect_cmd::rules(&with_rules(rules), *format)
        }
        Some(Command::Profile {
            paths,
            filter,
            format,
        }) => choose(paths, false, filter)
            .and_then(|c| trailscope::profile::profile(c.inputs, filter, *format, &opts)),
        None => match &cli.objects_from {
            Some(csv) => trailscope::sql_cmd::objects_inputs(csv, &cli.paths).map(|inputs| {
                commands::Chosen {
                    inputs,
                    title: format!("the objects of {}", csv.display()),
                }
            }),
            None => choose(&cli.paths, true, ""),
        }
        .and_then(|c| {
            let rules = trailscope::detect::RuleSet::load(&with_rules(&cli.rules).options());
            trailscope::tui::config::install(config.clone());
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
    // --no-cache's temporary copies of S3 objects, re-read until now.
    trailscope::s3_cmd::cleanup();
    commands::finish(result)
}
