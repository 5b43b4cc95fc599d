//! Detections: Sigma rules compiled to the filter engine, run over the store, kept as sparse
//! hits (`model::Hits`).
//!
//! ```text
//!  rule files (bundled pack, --rules DIR, config dir) ─▶ yaml ─▶ sigma (meta, detection,
//!  condition) ─▶ one query::program::Program for all rules ─▶ run: one pass per indexed leaf,
//!  one read of the records some rule still needs ─▶ aggregate (windowed counts) ─▶ Hits
//! ```
//!
//! Imports `model` and `query` only. A rule that cannot run is kept in [`RuleSet::refused`]
//! with the reason; a file that is not YAML is in [`RuleSet::errors`] with its line; every
//! other rule still loads. Rules the pack knows to be noisy are off by default or demoted,
//! with the reason ([`pack::ADJUST`]).

pub mod aggregate;
pub mod condition;
pub mod insights;
pub mod pack;
pub mod sigma;
pub mod traildiscover;
pub mod yaml;

use crate::model::{EventStore, Hit, Hits, Level, RecordSource, RuleHits, RuleMeta, RuleOrigin};
use crate::query::program::{target, Expr, Program, Reads, Target};
use crate::query::QueryError;
use sigma::AggSpec;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use yaml::Y;

/// One rule file's text and where it came from.
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// How to name it (`sigma/rules/aws_….yml` for bundled files, the path for the user's).
    pub name: String,
    /// Its text.
    pub text: String,
    /// Where it came from.
    pub origin: RuleOrigin,
    /// A link to it at a fixed commit (bundled third-party rules).
    pub link: Option<String>,
    /// Its licence when the file does not say (`DRL-1.1` for SigmaHQ's).
    pub license: String,
}

/// A rule that runs.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// What it is.
    pub meta: Arc<RuleMeta>,
    /// Its Sigma `name` (how correlations may refer to it).
    pub name: Option<String>,
    /// The per-event expression (for a correlation: any of its rules').
    expr: Expr,
    /// Index of its root in the program.
    root: usize,
    /// The windowed count, for aggregate rules and correlations.
    agg: Option<AggSpec>,
    /// Runs by default (the pack turns a few noisy rules off, saying why).
    pub enabled: bool,
    /// Why it is off or demoted, if it is.
    pub note: Option<String>,
    /// Raises hits of its own (false for a base rule only used by a correlation).
    pub standalone: bool,
    /// A rule using `%trailscope.loaded_accounts%`: its document, compiled again for each store.
    deferred: Option<Y>,
}

impl Compiled {
    /// An aggregate rule (`count()` or a correlation).
    pub fn is_aggregate(&self) -> bool {
        self.agg.is_some()
    }
}

/// A rule that cannot run, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The file.
    pub file: String,
    /// The line the reason is about, when known.
    pub line: Option<usize>,
    /// The rule's id (may be empty).
    pub id: String,
    /// Its title (may be empty).
    pub title: String,
    /// Why.
    pub reason: String,
}

/// A rule file that could not be read or is not YAML.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{col}: {message}")]
pub struct FileError {
    /// The file.
    pub file: String,
    /// 1-based line (1 when the whole file is at fault).
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

/// Every rule loaded: those that run, those refused, broken files.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    program: Program,
    /// The rules that compiled, in load order.
    pub rules: Vec<Compiled>,
    /// The rules that cannot run, with the reason.
    pub refused: Vec<Refused>,
    /// Files that could not be read or parsed.
    pub errors: Vec<FileError>,
}

/// Which rules to load.
#[derive(Clone, Debug, Default)]
pub struct RuleOptions {
    /// Leave the bundled pack out (`--no-default-rules`).
    pub no_default_rules: bool,
    /// Folders of the user's rules (`--rules DIR`, the config directory's `rules`).
    pub dirs: Vec<PathBuf>,
    /// Also run the rules the pack turns off by default.
    pub all_rules: bool,
}

/// `$XDG_CONFIG_HOME/trailscope/rules`, else `~/.config/trailscope/rules`.
pub fn config_rules_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".config"),
    };
    Some(base.join("trailscope").join("rules"))
}

/// Largest number of rule files read from one folder.
pub const MAX_RULE_FILES: usize = 10_000;

/// The `.yml` / `.yaml` files under `dir` (recursively, sorted), as rule files of the user's.
/// A folder that cannot be read is an error in the list.
pub fn read_dir(dir: &Path) -> (Vec<RuleFile>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(FileError {
                    file: d.display().to_string(),
                    line: 1,
                    col: 1,
                    message: format!("cannot read the rules folder: {e}"),
                });
                continue;
            }
        };
        for e in rd.flatten() {
            let p = e.path();
            let ft = e.file_type().ok();
            if ft.is_some_and(|t| t.is_dir()) {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yml") || x.eq_ignore_ascii_case("yaml"))
            {
                paths.push(p);
            }
        }
        if paths.len() > MAX_RULE_FILES {
            break;
        }
    }
    paths.sort();
    paths.truncate(MAX_RULE_FILES);
    for p in paths {
        let name = p.display().to_string();
        let bytes = match std::fs::metadata(&p) {
            Ok(m) if m.len() > yaml::MAX_RULE_FILE_BYTES as u64 => Err(format!(
                "file too large ({} bytes; a rule file is at most {} KiB)",
                m.len(),
                yaml::MAX_RULE_FILE_BYTES / 1024
            )),
            _ => std::fs::read(&p).map_err(|e| e.to_string()),
        };
        match bytes.and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string())) {
            Ok(text) => files.push(RuleFile {
                name,
                text,
                origin: RuleOrigin::User,
                link: None,
                license: String::new(),
            }),
            Err(message) => errors.push(FileError {
                file: name,
                line: 1,
                col: 1,
                message,
            }),
        }
    }
    (files, errors)
}

/// A correlation waiting for its base rules: `(meta, name, correlation, file)`.
type PendingCorrelation = (RuleMeta, Option<String>, sigma::Correlation, String, String);

impl RuleSet {
    /// Loads what `opts` asks: the bundled pack (unless left out), then each folder.
    pub fn load(opts: &RuleOptions) -> RuleSet {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        if !opts.no_default_rules {
            files.extend(pack::files());
        }
        for d in &opts.dirs {
            let (f, e) = read_dir(d);
            files.extend(f);
            errors.extend(e);
        }
        let mut set = RuleSet::from_files(&files, opts.all_rules);
        errors.append(&mut set.errors);
        set.errors = errors;
        set
    }

    /// Compiles rule files (`all_rules`: ignore the pack's off-by-default list).
    pub fn from_files(files: &[RuleFile], all_rules: bool) -> RuleSet {
        let mut set = RuleSet::default();
        let mut pending: Vec<PendingCorrelation> = Vec::new();
        for f in files {
            let docs = match yaml::documents(&f.text) {
                Ok(d) => d,
                Err(e) => {
                    set.errors.push(FileError {
                        file: f.name.clone(),
                        line: e.line,
                        col: e.col,
                        message: e.message,
                    });
                    continue;
                }
            };
            // Sigma's rule collections: a document of defaults (`action: global`) merges
            // into the others; not used by CloudTrail rules, refused plainly.
            for (i, doc) in docs.iter().enumerate() {
                set.add_doc(f, i, doc, &mut pending);
            }
        }
        set.resolve_correlations(pending);
        set.apply_adjustments(all_rules);
        set
    }

    fn refuse(&mut self, f: &RuleFile, doc: &Y, reason: String, near: Option<&str>) {
        let line = near.and_then(|n| yaml::line_of(&f.text, n));
        self.refused.push(Refused {
            file: f.name.clone(),
            line,
            id: doc.get("id").and_then(Y::text).unwrap_or_default(),
            title: doc.get("title").and_then(Y::text).unwrap_or_default(),
            reason,
        });
    }

    fn add_doc(&mut self, f: &RuleFile, i: usize, doc: &Y, pending: &mut Vec<PendingCorrelation>) {
        if !matches!(doc, Y::Map(_)) {
            self.refuse(f, doc, "a document that is not a mapping".into(), None);
            return;
        }
        if doc.get("action").is_some() {
            self.refuse(
                f,
                doc,
                "rule collections (action: global/reset/repeat) are not supported".into(),
                Some("action:"),
            );
            return;
        }
        let mut meta = match sigma::meta(doc) {
            Ok(m) => m,
            Err(r) => return self.refuse(f, doc, r, None),
        };
        if meta.id.is_empty() {
            meta.id = format!("{}#{}", f.name, i + 1);
        }
        meta.origin = f.origin.clone();
        meta.file = f.name.clone();
        meta.link = f.link.clone();
        if meta.license.is_empty() {
            meta.license = f.license.clone();
        }
        let name = doc.get("name").and_then(Y::text);
        if self.rules.iter().any(|r| r.meta.id == meta.id) {
            let reason = format!("duplicate id '{}' (an earlier rule has it)", meta.id);
            return self.refuse(f, doc, reason, Some("id:"));
        }
        if doc.get("correlation").is_some() {
            match sigma::correlation(doc) {
                Ok(c) => {
                    meta.aggregate = true;
                    pending.push((meta, name, c, f.name.clone(), f.text.clone()));
                }
                Err(r) => self.refuse(f, doc, r, Some("correlation:")),
            }
            return;
        }
        if let Err(r) = sigma::check_logsource(doc) {
            return self.refuse(f, doc, r, Some("logsource:"));
        }
        // Compile into a scratch copy: a rule that fails halfway leaves no leaves behind.
        let mut p = self.program.clone();
        let ctx = sigma::Ctx::default();
        match sigma::compile(&mut p, doc, &ctx).and_then(|s| narrow(&mut p, &meta, s)) {
            Ok(search) => {
                self.program = p;
                let root = self.program.add_root(search.expr.clone());
                let deferred = ctx.used_accounts.get().then(|| doc.clone());
                meta.aggregate = search.agg.is_some();
                self.rules.push(Compiled {
                    meta: Arc::new(meta),
                    name,
                    expr: search.expr,
                    root,
                    agg: search.agg,
                    enabled: true,
                    note: None,
                    standalone: true,
                    deferred,
                });
            }
            Err(r) => {
                let near = reason_anchor(&r);
                self.refuse(f, doc, r, near.as_deref());
            }
        }
    }

    fn resolve_correlations(&mut self, pending: Vec<PendingCorrelation>) {
        for (meta, name, c, file, text) in pending {
            let mut exprs = Vec::new();
            let mut missing = Vec::new();
            let mut bases = Vec::new();
            for r in &c.rules {
                match self
                    .rules
                    .iter()
                    .position(|x| x.meta.id == *r || x.name.as_deref() == Some(r.as_str()))
                {
                    Some(i) if !self.rules[i].is_aggregate() => {
                        exprs.push(self.rules[i].expr.clone());
                        bases.push(i);
                    }
                    Some(_) => missing.push(format!("{r} (an aggregate rule)")),
                    None => missing.push(r.clone()),
                }
            }
            if !missing.is_empty() {
                self.refused.push(Refused {
                    file,
                    line: yaml::line_of(&text, "rules:"),
                    id: meta.id.clone(),
                    title: meta.title.clone(),
                    reason: format!(
                        "a correlation of rules that are not loaded or cannot run: {}",
                        missing.join(", ")
                    ),
                });
                continue;
            }
            if !c.generate {
                for i in bases {
                    self.rules[i].standalone = false;
                }
            }
            let expr = Expr::or(exprs);
            let root = self.program.add_root(expr.clone());
            self.rules.push(Compiled {
                meta: Arc::new(meta),
                name,
                expr,
                root,
                agg: Some(c.agg),
                enabled: true,
                note: None,
                standalone: true,
                deferred: None,
            });
        }
    }

    fn apply_adjustments(&mut self, all_rules: bool) {
        // `Only` narrows the rule where it is compiled ([`narrow`]); here every adjustment
        // sets the switch, the level and the note.
        for r in &mut self.rules {
            if r.meta.origin != RuleOrigin::Sigma {
                continue;
            }
            if let Some(a) = pack::adjustment(&r.meta.id) {
                let mut m = (*r.meta).clone();
                match a.action {
                    pack::Action::Off => r.enabled = all_rules,
                    pack::Action::Demote(l) => m.level = l,
                    pack::Action::Note | pack::Action::Only(_) => {}
                }
                r.note = Some(a.reason.to_string());
                m.note = a.reason.to_string();
                r.meta = Arc::new(m);
            }
        }
    }

    /// The rules that run (enabled, raising hits of their own).
    pub fn active(&self) -> impl Iterator<Item = &Compiled> {
        self.rules.iter().filter(|r| r.enabled && r.standalone)
    }

    /// Runs every active rule over the rows from `from_row` on (single-event rules) and over
    /// every row (aggregate rules: a window may span old and new rows). One entry per active
    /// rule, hits or not.
    pub fn run(
        &self,
        store: &EventStore,
        src: &dyn RecordSource,
        cancel: &AtomicBool,
        from_row: usize,
    ) -> Result<Detection, QueryError> {
        // Rules that name the loaded accounts are compiled for this store.
        let mut program_here;
        let mut roots: Vec<usize> = self.rules.iter().map(|r| r.root).collect();
        let program = if self.rules.iter().any(|r| r.deferred.is_some()) {
            program_here = self.program.clone();
            let ctx = sigma::Ctx {
                accounts: loaded_accounts(store),
                ..sigma::Ctx::default()
            };
            for (i, r) in self.rules.iter().enumerate() {
                if let Some(doc) = &r.deferred {
                    if let Ok(s) = sigma::compile(&mut program_here, doc, &ctx)
                        .and_then(|s| narrow(&mut program_here, &r.meta, s))
                    {
                        roots[i] = program_here.add_root(s.expr);
                    }
                }
            }
            &program_here
        } else {
            &self.program
        };
        // Only the rules that run: a rule switched off reads nothing.
        let active: Vec<usize> = self
            .rules
            .iter()
            .zip(&roots)
            .filter(|(r, _)| r.enabled && r.standalone)
            .map(|(_, &root)| root)
            .collect();
        // What the aggregates count or group by from the record bytes is read in the same
        // pass as the raw leaves, for the aggregates whose search is indexed (their rows are
        // known before any record is read).
        let pre = self.prefetch_plan(program, &roots, store, src, cancel)?;
        let needs_all = from_row > 0 && self.active().any(Compiled::is_aggregate);
        let single = program.run_some(
            store,
            src,
            cancel,
            from_row,
            &active,
            pre.as_ref().filter(|_| !needs_all).map(|p| &p.reads),
        )?;
        let whole = if needs_all {
            Some(program.run_some(
                store,
                src,
                cancel,
                0,
                &active,
                pre.as_ref().map(|p| &p.reads),
            )?)
        } else {
            None
        };
        let read = match &whole {
            Some(w) => &w.read,
            None => &single.read,
        };
        let prefetched = match &pre {
            Some(p) => aggregate::Prefetched::new(&p.paths, read, &p.covered),
            None => aggregate::Prefetched::default(),
        };
        let mut unreadable = single.unreadable.clone();
        let mut out = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if !(r.enabled && r.standalone) {
                continue;
            }
            let root = roots[i];
            let hits: Vec<Hit> = match &r.agg {
                None => single.rows[root]
                    .iter()
                    .map(|&row| Hit {
                        row,
                        ..Hit::default()
                    })
                    .collect(),
                Some(spec) => {
                    let rows = match &whole {
                        Some(w) => &w.rows[root],
                        None => &single.rows[root],
                    };
                    aggregate::hits(store, src, rows, spec, prefetched.for_root(roots[i]))
                }
            };
            out.push(RuleHits {
                rule: r.meta.clone(),
                hits,
            });
        }
        if let Some(w) = whole {
            for u in w.unreadable {
                if !unreadable.contains(&u) {
                    unreadable.push(u);
                }
            }
        }
        Ok(Detection {
            hits: Hits::new(out),
            unreadable,
        })
    }

    /// The JSON paths the active aggregate rules with an indexed search count or group by,
    /// and those rules' rows (every row: a window may span old and new rows).
    fn prefetch_plan(
        &self,
        program: &Program,
        roots: &[usize],
        store: &EventStore,
        src: &dyn RecordSource,
        cancel: &AtomicBool,
    ) -> Result<Option<Prefetch>, QueryError> {
        let mut paths: Vec<String> = Vec::new();
        let mut covered: Vec<usize> = Vec::new();
        for (r, &root) in self.rules.iter().zip(roots) {
            let Some(spec) = r.agg.as_ref().filter(|_| r.enabled && r.standalone) else {
                continue;
            };
            if !program.is_indexed(root) {
                continue;
            }
            let mine: Vec<String> = spec
                .by
                .iter()
                .chain(spec.field.iter())
                .filter(|f| matches!(target(f), Target::Path(_)))
                .cloned()
                .collect();
            if mine.is_empty() {
                continue;
            }
            covered.push(root);
            for p in mine {
                if !paths.contains(&p) {
                    paths.push(p);
                }
            }
        }
        if covered.is_empty() {
            return Ok(None);
        }
        // Indexed searches: no record is read here.
        let found = program.run_some(store, src, cancel, 0, &covered, None)?;
        let mut rows: Vec<u32> = covered
            .iter()
            .flat_map(|&c| found.rows[c].iter().copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let reads = match Reads::new(store.len(), &rows, &paths) {
            Ok(r) => r,
            Err(_) => return Ok(None),
        };
        Ok(Some(Prefetch {
            reads,
            paths,
            covered,
        }))
    }

    /// The program's size: `(filters, distinct leaves, leaves that read record bytes)`.
    pub fn program_size(&self) -> (usize, usize, usize) {
        let (l, r) = self.program.leaf_counts();
        (self.program.roots(), l, r)
    }

    /// The highest level among the active rules (for summaries).
    pub fn max_level(&self) -> Option<Level> {
        self.active().map(|r| r.meta.level).max()
    }
}

/// Every account id of the store (recipient and principal accounts), sorted.
pub fn loaded_accounts(store: &EventStore) -> Vec<String> {
    use crate::model::SymField;
    let mut seen = vec![false; store.strings.len()];
    for f in [SymField::Account, SymField::PrincipalAccount] {
        for s in store.col(f) {
            seen[s.0 as usize] = true;
        }
    }
    let mut out: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, &b)| b)
        .map(|(i, _)| {
            store
                .strings
                .resolve(crate::model::Sym(i as u32))
                .to_string()
        })
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    out.sort();
    out
}

/// What a run found.
#[derive(Clone, Debug, Default)]
pub struct Detection {
    /// The hits, per active rule.
    pub hits: Hits,
    /// Sources that could not be read (rows needing them were left out), with why.
    pub unreadable: Vec<(u32, String)>,
}

/// The hits after a run over rows appended since the last one (events that arrived while
/// loading, `RuleSet::run(…, from_row)`): single-event rules' new hits are added to `old`;
/// aggregate rules were counted again over every row (their windows may join old and new
/// events), so their new hits replace the old ones.
pub fn merge_new(old: &Hits, new: Hits) -> Hits {
    let mut kept = old.rules.clone();
    for rh in &mut kept {
        if rh.rule.aggregate {
            rh.hits.clear();
        }
    }
    let mut merged = Hits::new(kept);
    merged.merge(new);
    merged
}

/// Where in the rule text a refusal reason points (the modifier or field it names).
fn reason_anchor(reason: &str) -> Option<String> {
    if let Some(i) = reason.find("`|") {
        let rest = &reason[i + 1..];
        let end = rest.find('`').unwrap_or(rest.len());
        return Some(rest[..end].to_string());
    }
    if reason.contains("placeholder") {
        return Some("|expand".into());
    }
    if reason.contains("near") {
        return Some("near".into());
    }
    if reason.contains("timeframe") {
        return Some("timeframe:".into());
    }
    if let Some(i) = reason.find('\'') {
        let rest = &reason[i + 1..];
        let end = rest.find('\'').unwrap_or(rest.len());
        return Some(rest[..end].to_string());
    }
    None
}

/// The record values read for the aggregates in the program's pass.
struct Prefetch {
    reads: Reads,
    paths: Vec<String>,
    /// The roots whose rows all have their values in `reads`.
    covered: Vec<usize>,
}

/// A bundled SigmaHQ rule's search with the pack's [`pack::Action::Only`] applied: the rule's
/// condition and one of the named paths present. Other rules are left as they are.
fn narrow(
    p: &mut Program,
    meta: &RuleMeta,
    mut s: sigma::Search,
) -> Result<sigma::Search, sigma::Reason> {
    if meta.origin != RuleOrigin::Sigma {
        return Ok(s);
    }
    if let Some(pack::Adjust {
        action: pack::Action::Only(paths),
        ..
    }) = pack::adjustment(&meta.id)
    {
        let mut any = Vec::new();
        for path in paths.iter() {
            any.push(
                p.term(path, &[crate::query::program::Match::Present])
                    .map_err(|e| e.to_string())?,
            );
        }
        s.expr = Expr::and(vec![s.expr, Expr::or(any)]);
    }
    Ok(s)
}
