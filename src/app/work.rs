//! Performing [`Cmd`]s: the blocking work behind queries, record fetches, searches and exports.
//! The runtime (`tui`) calls [`perform`] on worker threads and feeds the answer back as a
//! [`Msg`]; tests call it inline. No terminal.

use super::{Cmd, ExportJob, Exported, FuzzyValues, GroupInput, LoadReport, Msg};
use crate::model::{record_bytes, EventStore, RecordSource};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};

/// What workers need: the shared store and a way to read records back.
#[derive(Clone)]
pub struct WorkCtx {
    /// The shared event store.
    pub store: Arc<RwLock<EventStore>>,
    /// Reads sources' contents (re-reading files as needed).
    pub src: Arc<dyn RecordSource + Send + Sync>,
}

impl WorkCtx {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, EventStore> {
        crate::sync::read(&self.store)
    }
}

/// Does the blocking part of `cmd` and returns the answer for `update`; `None` for commands the
/// runtime handles itself (`Copy`, `Quit`) and for cancelled work.
pub fn perform(cmd: Cmd, ctx: &WorkCtx) -> Option<Msg> {
    match cmd {
        Cmd::RunQuery {
            generation,
            filter,
            cancel,
            sort,
            ..
        } => {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let st = ctx.read();
            match crate::query::run_detailed(&st, &filter, &*ctx.src, &cancel) {
                Ok(outcome) => {
                    // In time order (query::run sorts by (time, row) while loading), then in
                    // the list's order.
                    let mut unreadable = outcome.unreadable;
                    let rows = if sort.is_time_order() {
                        outcome.rows
                    } else {
                        let s =
                            crate::query::sort_rows(&st, outcome.rows, &sort, &*ctx.src, &cancel)
                                .ok()?;
                        unreadable.extend(s.unreadable);
                        s.rows
                    };
                    Some(Msg::QueryDone {
                        generation,
                        result: Ok(Arc::new(rows)),
                        unreadable: source_names(&st, unreadable),
                    })
                }
                // The only way a query fails: a newer one superseded it.
                Err(crate::query::QueryError::Cancelled) => None,
            }
        }
        Cmd::SortRows {
            generation,
            rows,
            sort,
            cancel,
        } => {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let st = ctx.read();
            // Rows from before a finalize may be past the end: a newer query follows.
            if rows.iter().any(|&r| r as usize >= st.len()) {
                return None;
            }
            let s = crate::query::sort_rows(&st, rows.to_vec(), &sort, &*ctx.src, &cancel).ok()?;
            Some(Msg::QueryDone {
                generation,
                result: Ok(Arc::new(s.rows)),
                unreadable: source_names(&st, s.unreadable),
            })
        }
        Cmd::FetchCompare { generation, rows } => {
            let st = ctx.read();
            let bytes = rows.map(|row| {
                fetch(&st, &*ctx.src, row)
                    .map(Arc::from)
                    .map_err(|e| e.to_string())
            });
            drop(st);
            let loaded = Arc::new(super::compare::load(bytes));
            Some(Msg::CompareLoaded { generation, loaded })
        }
        Cmd::FetchDetail { generation, row } => {
            let st = ctx.read();
            let bytes = fetch(&st, &*ctx.src, row).map(Arc::from);
            Some(Msg::DetailLoaded {
                generation,
                row,
                bytes,
            })
        }
        Cmd::Search {
            generation,
            rows,
            words,
            cancel,
        } => {
            let st = ctx.read();
            match crate::query::text_hits(&st, &rows, &words, &*ctx.src, &cancel) {
                Ok(out) => Some(Msg::SearchDone {
                    generation,
                    hits: Arc::new(out.hits),
                    unreadable: source_names(&st, out.unreadable),
                }),
                Err(crate::query::QueryError::Cancelled) => None,
            }
        }
        Cmd::Fuzzy {
            generation,
            values,
            pattern,
            order,
            cancel,
        } => {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let st = ctx.read();
            let candidates = match values {
                FuzzyValues::Count { field, rows } => {
                    // Rows from before a finalize that dropped duplicates may be past the end:
                    // that job is stale (a newer one follows the renumbering).
                    if rows.iter().any(|&r| r as usize >= st.len()) {
                        return None;
                    }
                    Arc::new(crate::query::distinct_counts(&st, field, &rows))
                }
                FuzzyValues::Counted(c) => c,
            };
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let mut matches = crate::query::fuzzy::rank_all(&st, &candidates, &pattern);
            super::fuzzy::sort(&st, &mut matches, order);
            Some(Msg::FuzzyDone {
                generation,
                candidates,
                matches,
            })
        }
        Cmd::Group {
            generation,
            input,
            sort,
            done,
            cancel,
        } => {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let st = ctx.read();
            let (outcome, unreadable) = match input {
                GroupInput::Count { fields, rows } => {
                    // Rows from before a finalize may be past the end: a newer job follows.
                    if rows.iter().any(|&r| r as usize >= st.len()) {
                        return None;
                    }
                    let o = crate::query::group_with_progress(
                        &st, &rows, &fields, sort, &*ctx.src, &cancel, &done,
                    )
                    .ok()?;
                    let u = source_names(&st, o.unreadable.clone());
                    (o, u)
                }
                GroupInput::Sorted(o) => {
                    let mut o = (*o).clone();
                    crate::query::sort_groups(&mut o.groups, sort);
                    (o, Vec::new())
                }
            };
            Some(Msg::GroupDone {
                generation,
                outcome: Arc::new(outcome),
                unreadable,
            })
        }
        Cmd::Profile {
            generation,
            filter,
            cancel,
        } => {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let st = ctx.read();
            let rows = crate::query::run(&st, &filter, &*ctx.src, &cancel).ok()?;
            let p = crate::query::profile::profile(&st, &rows, &*ctx.src, &cancel).ok()?;
            Some(Msg::ProfileDone {
                generation,
                profile: Arc::new(p),
            })
        }
        Cmd::Export(job) => Some(export(ctx, job)),
        Cmd::FinishLoad(report) => Some(Msg::LoadFinished(finish_load(ctx, report))),
        Cmd::Detect {
            generation,
            rules,
            cancel,
        } => {
            detect(ctx, rules.as_deref(), &cancel).map(|rows| Msg::DetectDone { generation, rows })
        }
        Cmd::Verify => Some(Msg::VerifyDone(Box::new(verify(ctx)))),
        Cmd::SaveCase { path, file } => Some(Msg::CaseSaved(
            crate::case::save(&path, &file)
                .map(|()| path)
                .map_err(|e| e.to_string()),
        )),
        Cmd::FetchCells {
            generation,
            rows,
            columns,
        } => {
            let st = ctx.read();
            let cells = super::columns::read_cells(&st, &rows, &columns, &*ctx.src);
            Some(Msg::CellsLoaded { generation, cells })
        }
        Cmd::Copy(_) | Cmd::Quit => None,
    }
}

/// Runs `rules` (when given) and computes Local Insights under the store's read lock, and
/// keeps both on the store under its write lock; the rows seen, or 0 when the store was
/// renumbered meanwhile (nothing kept). `None` when cancelled.
fn detect(
    ctx: &WorkCtx,
    rules: Option<&crate::detect::RuleSet>,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<usize> {
    let (found, hits, rows, sorted) = {
        let st = ctx.read();
        let cfg = crate::detect::insights::Config::default();
        let hits = match rules {
            // Every rule over every row: aggregate windows may join old and new rows, and
            // a load asks again only each time the store doubled.
            Some(r) => Some(r.run(&st, &*ctx.src, cancel, 0).ok()?.hits),
            None => None,
        };
        (
            crate::detect::insights::compute(&st, &cfg, cancel)?,
            hits,
            st.len(),
            st.is_sorted(),
        )
    };
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let mut st = crate::sync::write(&ctx.store);
    // Rows appended since keep their numbers; a finalize renumbered them all.
    if st.len() < rows || (sorted && !st.is_sorted()) || (!sorted && st.is_sorted()) {
        return Some(0);
    }
    st.insights = found;
    if let Some(h) = hits {
        st.set_hits(h);
    }
    Some(rows)
}

/// Sorts and deduplicates the store (planned under its read lock, applied under its write lock) and fills the report's renumbering;
/// the load's wall time includes this step.
fn finish_load(ctx: &WorkCtx, mut report: Box<LoadReport>) -> Box<LoadReport> {
    let start = std::time::Instant::now();
    // Never cancelled: quitting leaves without waiting for it (the runtime's watchdog).
    let fin =
        crate::loader::finalize_shared(&ctx.store, &std::sync::atomic::AtomicBool::new(false))
            .expect("not cancelled");
    report.events = ctx.read().len();
    report.remap = fin.remap;
    report.duplicates = fin.duplicates;
    report.elapsed += start.elapsed();
    report
}

/// Checks the store's files against the digests among them (no lock held while hashing), then
/// sets each source's verdict in the store.
fn verify(ctx: &WorkCtx) -> super::VerifySummary {
    let files: Vec<PathBuf> = ctx
        .read()
        .sources
        .iter()
        .filter_map(|s| s.path.clone())
        .collect();
    if files.is_empty() {
        return super::VerifySummary::default();
    }
    let rep = crate::evidence::verify_files(&files, &crate::evidence::Options::default());
    crate::evidence::apply_verdicts(&mut crate::sync::write(&ctx.store), &rep);
    let (verified, modified, not_covered, no_digest) = rep.counts();
    super::VerifySummary {
        files: rep.logs.len(),
        digests: rep.digests.len(),
        verified,
        modified,
        not_covered,
        no_digest,
        other: rep.missing.len()
            + rep.gaps.len()
            + rep.digests.iter().filter(|d| d.modified.is_some()).count(),
        problems: rep.problems(),
    }
}

/// Why a record's original bytes could not be fetched.
#[derive(Clone, Debug, thiserror::Error)]
pub enum FetchError {
    /// The row is past the store (renumbered away).
    #[error("event no longer loaded")]
    Gone,
    /// Its source cannot be read now.
    #[error(transparent)]
    Source(#[from] crate::model::SourceError),
    /// Its bytes are not the record indexed at load.
    #[error(transparent)]
    Record(#[from] crate::model::RecordError),
}

/// The original bytes of `row`.
pub fn fetch(st: &EventStore, src: &dyn RecordSource, row: u32) -> Result<Vec<u8>, FetchError> {
    let r = row as usize;
    if r >= st.len() {
        return Err(FetchError::Gone);
    }
    let content = src.content(st, st.loc.get(r).source)?;
    Ok(record_bytes(st, r, &content)?.into_owned())
}

/// (source id, reason) pairs with the sources' names.
fn source_names(st: &EventStore, list: Vec<(u32, String)>) -> Vec<(String, String)> {
    list.into_iter()
        .map(|(s, why)| {
            let name = st.sources.get(s as usize).map(|i| i.name().into_owned());
            (name.unwrap_or_else(|| format!("source #{s}")), why)
        })
        .collect()
}

fn expand_home(p: &std::path::Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    p.to_path_buf()
}

fn export(ctx: &WorkCtx, mut job: ExportJob) -> Msg {
    let path = expand_home(&job.path);
    let st = ctx.read();
    if st.is_sorted() != job.store_sorted {
        return Msg::ExportDone(Err(crate::export::ExportFailed::Renumbered));
    }
    let written = match (&job.report, &job.manifest) {
        (None, None) => crate::export::export_to_file(
            &st,
            &job.rows,
            &*ctx.src,
            job.format,
            &path,
            job.overwrite,
        ),
        (None, Some((filter, inputs))) => {
            let cx = crate::evidence::manifest::Context {
                command: vec!["trailscope".into(), "(explorer export)".into()],
                filter: filter.clone(),
                inputs: vec![inputs.clone()],
            };
            crate::export::export_with_manifest(
                &st,
                &job.rows,
                &*ctx.src,
                job.format,
                &path,
                job.overwrite,
                &cx,
            )
            .map(|(n, _)| n)
        }
        (Some(r), _) => crate::output::write_file(&path, job.overwrite, |w, t| {
            let notes = |row: u32| r.notes.get(&row);
            crate::report::write_timeline(&st, &job.rows, &notes, r.format, r.zone, w)
                .map(|()| job.rows.len())
                .map_err(|e| crate::output::OutputError::write(t, e))
        }),
    };
    match written {
        Ok(events) => Msg::ExportDone(Ok(Exported {
            events,
            path,
            manifest: job.manifest.is_some() && job.report.is_none(),
        })),
        Err(crate::export::ExportError::Exists(_)) => {
            job.path = path;
            Msg::ExportExists(job)
        }
        Err(e) => Msg::ExportDone(Err(e.into())),
    }
}
