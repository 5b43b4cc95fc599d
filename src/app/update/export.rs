//! The export prompt, the overwrite question, and export results.

use super::*;

/// A key in the export prompt.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Apply => {
            let path = app.export.input.value().trim().to_string();
            if path.is_empty() {
                app.complain("type a file name");
                return;
            }
            let path = std::path::PathBuf::from(path);
            let job = ExportJob {
                format: ExportFormat::from_path(&path),
                path,
                rows: app.export.rows.clone(),
                overwrite: false,
                store_sorted: app.read_store().is_sorted(),
                manifest: app.export.manifest.then(|| {
                    let filter = if app.export.marked {
                        format!("(marked events; filter {})", app.filter.shown)
                    } else {
                        app.filter.shown.clone()
                    };
                    (filter, app.title.clone())
                }),
                report: crate::report::TimelineFormat::from_path(std::path::Path::new(
                    app.export.input.value().trim(),
                ))
                .map(|format| ReportJob {
                    format,
                    notes: Arc::new(app.case.notes.clone()),
                    zone: match app.tz {
                        // A fixed offset is reported in UTC (the report knows UTC and local).
                        Tz::Utc | Tz::Fixed(_) => crate::table::Zone::Utc,
                        Tz::Local => crate::table::Zone::Local,
                    },
                }),
            };
            // Said before the worker answers; if the file exists, the question replaces it
            // (see `exists`), and the answer says what happens.
            app.say(exporting(&job));
            cmds.push(Cmd::Export(job));
            app.mode = Mode::Normal;
        }
        Action::Next | Action::Prev => {
            let t = toggle_extension(app.export.input.value());
            app.export.input = Input::new(t);
        }
        Action::ToggleManifest => app.export.manifest = !app.export.manifest,
        Action::Back => app.mode = Mode::Normal,
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// A key while asking whether to overwrite.
pub(super) fn confirm(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Yes => {
            if let Some(mut job) = app.export.pending.take() {
                job.overwrite = true;
                app.say(format!("{} (replacing the file)", exporting(&job)));
                cmds.push(Cmd::Export(job));
            }
            app.mode = Mode::Normal;
        }
        Action::No | Action::Back | Action::Apply => {
            if let Some(job) = app.export.pending.take() {
                app.say(format!("not exported: {} exists", job.path.display()));
            }
            app.mode = Mode::Normal;
        }
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// `n events`, or `1 event`.
fn events(n: usize) -> String {
    format!(
        "{} event{}",
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// The note while an export runs.
fn exporting(job: &ExportJob) -> String {
    format!(
        "exporting {} to {}…",
        events(job.rows.len()),
        job.path.display()
    )
}

/// The file exists: ask, and take back the "exporting" note (nothing is written unless the
/// answer is yes).
pub(super) fn exists(app: &mut App, job: ExportJob) {
    app.note = None;
    app.export.pending = Some(job);
    app.mode = Mode::ConfirmOverwrite;
}

pub(super) fn open_export(app: &mut App) {
    let (rows, marked) = app.export_rows();
    if rows.is_empty() {
        app.complain("nothing to export");
        return;
    }
    let prev = app.export.input.value().to_string();
    let path = if prev.trim().is_empty() {
        DEFAULT_EXPORT.to_string()
    } else {
        prev
    };
    app.export = ExportPrompt {
        input: Input::new(path),
        rows,
        marked,
        pending: None,
        manifest: true,
    };
    app.mode = Mode::Export;
}

/// Tab: records as .json, as .jsonl, the incident timeline as .md, as .csv, and round.
fn toggle_extension(path: &str) -> String {
    use crate::report::TimelineFormat;
    let p = std::path::Path::new(path);
    let want = match (TimelineFormat::from_path(p), ExportFormat::from_path(p)) {
        (Some(TimelineFormat::Markdown), _) => "csv",
        (Some(TimelineFormat::Csv), _) => "json",
        (None, ExportFormat::Records) => "jsonl",
        (None, ExportFormat::JsonLines) => "md",
    };
    p.with_extension(want).to_string_lossy().into_owned()
}

/// An export finished or failed.
pub(super) fn export_done(app: &mut App, r: Result<Exported, crate::export::ExportFailed>) {
    match r {
        Ok(e) => app.say(format!(
            "wrote {} to {}{}",
            events(e.events),
            e.path.display(),
            if e.manifest {
                " (and its manifest)"
            } else {
                ""
            }
        )),
        Err(e) => app.complain(format!("export failed: {e}")),
    }
}
