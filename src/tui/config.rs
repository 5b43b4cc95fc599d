//! The config file (`config.toml`), read once at start by the explorer's runtime: the keymap as
//! an overlay of the defaults, the theme, the list's columns, the display time zone, named
//! views and the default rules folder. Nothing left of `app` reads it.
//!
//! Where it is: `--config FILE`, else `$TRAILSCOPE_CONFIG`, else
//! `$XDG_CONFIG_HOME/trailscope/config.toml`, else `~/.config/trailscope/config.toml`
//! ([`locate`]). A file named by the flag or the variable must exist; the default one may not.
//!
//! Every error names the file and the line, and why ([`ConfigError`]); the program stops
//! with exit code 2 before the terminal is touched. [`default_text`] is the whole default file,
//! commented (`trailscope config --default`); it parses back to [`Config::default`].

use crate::app::columns::{self, Column};
use crate::app::views::NamedView;
use crate::app::{Action, Scope};
use crate::keys::{self, Bound, Keymap};
use crate::model::time::Tz;
use crate::ui::theme::{self, Base, Theme};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Everything a config file sets, resolved (defaults where the file says nothing).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The keymap: the defaults with the file's `[keys.*]` overlay and the views' keys.
    pub keymap: Keymap,
    /// The theme.
    pub theme: Theme,
    /// The list's columns; `None`: the built-in ones.
    pub columns: Option<Vec<Column>>,
    /// The zone times are shown in at start (and the one `t` switches to from UTC).
    pub time_zone: Tz,
    /// The named views.
    pub views: Vec<NamedView>,
    /// A rules folder read like `--rules DIR`.
    pub rules: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keymap: Keymap::defaults(),
            theme: Theme::default(),
            columns: None,
            time_zone: Tz::Utc,
            views: Vec::new(),
            rules: None,
        }
    }
}

/// A config file that cannot be used: which file, which line, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// The line (1-based), when the reason has one.
    pub line: Option<usize>,
    /// Why.
    pub reason: String,
}

/// Where the config file is looked for: (path, whether it must exist).
pub fn locate(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("TRAILSCOPE_CONFIG").filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".config"),
    };
    Some((base.join("trailscope").join("config.toml"), false))
}

/// Reads the config file [`locate`] finds (the defaults when the default file is absent).
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let Some((path, required)) = locate(flag) else {
        return Ok(Config::default());
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| {
                let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                ConfigError {
                    path: path.clone(),
                    line: Some(upto.iter().filter(|&&b| b == b'\n').count() + 1),
                    reason: "not UTF-8 text".into(),
                }
            })?;
            parse(&text, &path)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(Config::default()),
        Err(e) => Err(ConfigError {
            path,
            line: None,
            reason: crate::loader::decode::io_reason(&e),
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<Spanned<String>>,
    time_zone: Option<Spanned<String>>,
    theme: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    list: Option<RawList>,
    keys: Option<BTreeMap<Spanned<String>, KeyTable>>,
    views: Option<Vec<Spanned<RawView>>>,
}

/// One `[keys.SCOPE]` table: action name → key or keys.
type KeyTable = BTreeMap<Spanned<String>, Spanned<KeysValue>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    columns: Option<Vec<Spanned<RawColumn>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawColumn {
    Spec(String),
    Table {
        field: String,
        title: Option<String>,
        width: Option<u16>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeysValue {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawView {
    name: String,
    filter: Spanned<String>,
    key: Option<Spanned<String>>,
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads a config file's text (`path` names it in errors).
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let err = |span: Option<std::ops::Range<usize>>, reason: String| ConfigError {
        path: path.to_path_buf(),
        line: span.map(|s| line_of(text, s.start)),
        reason,
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let reason = e.message().trim().replace('\n', " ");
        err(e.span(), reason)
    })?;
    let mut cfg = Config::default();
    if let Some(r) = raw.rules {
        let s = r.get_ref().trim();
        if !s.is_empty() {
            cfg.rules = Some(expand_home(s));
        }
    }
    if let Some(z) = raw.time_zone {
        cfg.time_zone = Tz::parse(z.get_ref()).ok_or_else(|| {
            err(
                Some(z.span()),
                format!(
                    "time_zone '{}': not utc, local or an offset such as +02:00",
                    z.get_ref()
                ),
            )
        })?;
    }
    if let Some(t) = raw.theme {
        let name = t.iter().find(|(k, _)| k.get_ref() == "name");
        if let Some((_, v)) = name {
            let base = Base::named(v.get_ref()).ok_or_else(|| {
                err(
                    Some(v.span()),
                    format!("theme '{}': not dark, light or mono", v.get_ref()),
                )
            })?;
            cfg.theme = Theme::bundled(base);
        }
        for (k, v) in &t {
            if k.get_ref() == "name" {
                continue;
            }
            cfg.theme
                .set(k.get_ref(), v.get_ref())
                .map_err(|e| err(Some(k.span()), format!("[theme] {}: {e}", k.get_ref())))?;
        }
    }
    if let Some(cols) = raw.list.and_then(|l| l.columns) {
        let mut out = Vec::new();
        for c in cols {
            let span = c.span();
            let col = match c.into_inner() {
                RawColumn::Spec(s) => Column::parse(&s, None, None),
                RawColumn::Table {
                    field,
                    title,
                    width,
                } => Column::parse(&field, title.as_deref(), width),
            }
            .map_err(|e| err(Some(span), format!("[list] columns: {e}")))?;
            out.push(col);
        }
        if out.is_empty() {
            return Err(err(None, "[list] columns: no column".into()));
        }
        // The built-in set written out (the default file) keeps the built-in layout.
        cfg.columns = (out != columns::defaults()).then_some(out);
    }
    // Keys: every entry is checked, then applied; conflicts are looked for once all are in.
    let mut set: Vec<(Scope, Action, usize, String)> = Vec::new();
    if let Some(k) = raw.keys {
        let scopes = cfg.keymap.scopes();
        for (scope_name, table) in k {
            let Some(scope) = scopes
                .iter()
                .copied()
                .find(|s| keys::scope_name(*s) == *scope_name.get_ref())
            else {
                let names: Vec<String> = scopes.iter().map(|s| keys::scope_name(*s)).collect();
                return Err(err(
                    Some(scope_name.span()),
                    format!(
                        "unknown key scope [keys.{}] (the scopes: {})",
                        scope_name.get_ref(),
                        names.join(", ")
                    ),
                ));
            };
            let sn = scope_name.get_ref();
            for (action_name, value) in table {
                let actions: Vec<Action> = cfg
                    .keymap
                    .rows()
                    .iter()
                    .filter(|b| b.scope == scope)
                    .map(|b| b.action)
                    .collect();
                let Some(action) = actions
                    .iter()
                    .copied()
                    .find(|a| keys::action_name(*a).as_deref() == Some(action_name.get_ref()))
                else {
                    let mut names: Vec<String> = actions
                        .iter()
                        .filter_map(|a| keys::action_name(*a))
                        .collect();
                    names.dedup();
                    return Err(err(
                        Some(action_name.span()),
                        format!(
                            "unknown action '{}' in [keys.{sn}] (the actions there: {})",
                            action_name.get_ref(),
                            names.join(", ")
                        ),
                    ));
                };
                let line = line_of(text, action_name.span().start);
                let list = match value.into_inner() {
                    KeysValue::One(k) => vec![k],
                    KeysValue::Many(v) => v,
                };
                for k in &list {
                    if keys::parse_key(k).is_none() {
                        return Err(err(
                            Some(action_name.span()),
                            format!(
                                "[keys.{sn}] {}: unknown key '{k}' (a character, Enter, Esc, Tab, \
                                 Shift-Tab, Space, Backspace, Up, Down, Left, Right, PgUp, PgDn, \
                                 Home, End, Ctrl-x or Alt-x)",
                                action_name.get_ref()
                            ),
                        ));
                    }
                }
                cfg.keymap.rebind(scope, action, list);
                set.push((scope, action, line, action_name.get_ref().clone()));
            }
        }
    }
    if let Some(views) = raw.views {
        for (i, v) in views.into_iter().enumerate() {
            let span = v.span();
            let v = v.into_inner();
            if v.name.trim().is_empty() {
                return Err(err(Some(span), "[[views]]: an empty name".into()));
            }
            if let Err(e) = crate::query::Filter::parse(v.filter.get_ref()) {
                return Err(err(
                    Some(v.filter.span()),
                    format!("[[views]] '{}': bad filter: {e}", v.name),
                ));
            }
            let key_span = v.key.as_ref().map_or(span, |k| k.span());
            let key = v.key.map(Spanned::into_inner);
            if let Some(k) = &key {
                if keys::parse_key(k).is_none() {
                    return Err(err(
                        Some(key_span.clone()),
                        format!("[[views]] '{}': unknown key '{k}'", v.name),
                    ));
                }
                let action = Action::View(i.min(u16::MAX as usize) as u16);
                cfg.keymap.push(Bound {
                    scope: Scope::Normal,
                    keys: vec![k.clone()],
                    action,
                    desc: format!("view: {}", v.name).into(),
                    hint: false,
                });
                set.push((
                    Scope::Normal,
                    action,
                    line_of(text, key_span.start),
                    format!("view '{}'", v.name),
                ));
            }
            cfg.views.push(NamedView {
                name: v.name,
                filter: v.filter.into_inner(),
                key,
            });
        }
    }
    if let Some((scope, key, a, b)) = cfg.keymap.conflicts().into_iter().next() {
        let rows = cfg.keymap.rows();
        let (ra, rb) = (&rows[a], &rows[b]);
        let who = |r: &Bound| {
            set.iter()
                .find(|s| s.0 == r.scope && s.1 == r.action)
                .map(|s| (s.2, s.3.clone()))
        };
        let name = |r: &Bound| {
            who(r)
                .map(|w| w.1)
                .or_else(|| keys::action_name(r.action))
                .unwrap_or_default()
        };
        let line = who(ra)
            .map(|w| w.0)
            .into_iter()
            .chain(who(rb).map(|w| w.0))
            .max();
        let reason = if ra.scope == Scope::Any && scope != Scope::Any {
            format!(
                "key '{key}' of {} in [keys.{}] is taken everywhere by [keys.any] {}",
                name(rb),
                keys::scope_name(scope),
                name(ra)
            )
        } else {
            format!(
                "key '{key}' is bound twice in [keys.{}]: to {} and to {} (rebind one of them)",
                keys::scope_name(scope),
                name(ra),
                name(rb)
            )
        };
        return Err(ConfigError {
            path: path.to_path_buf(),
            line,
            reason,
        });
    }
    Ok(cfg)
}

/// `~/x` → `$HOME/x`.
fn expand_home(s: &str) -> PathBuf {
    match (s.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(h)) if !h.is_empty() => PathBuf::from(h).join(rest),
        _ => PathBuf::from(s),
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The whole default config file, commented: what `trailscope config --default` prints.
pub fn default_text() -> String {
    let mut s = String::from(
        "# trailscope's configuration: the built-in defaults (trailscope config --default).\n\
         # Read from --config FILE, else $TRAILSCOPE_CONFIG, else\n\
         # $XDG_CONFIG_HOME/trailscope/config.toml, else ~/.config/trailscope/config.toml\n\
         # (trailscope config --path says which). Every setting is optional: what a file leaves out\n\
         # keeps its default. An error names the file and the line; the program then stops (exit 2).\n\
         \n\
         # A folder of Sigma rules read beside the bundled pack, like --rules DIR (\"\": none).\n\
         rules = \"\"\n\
         \n\
         # The zone the explorer shows times in: \"utc\", \"local\" (TZ), or a fixed offset such as\n\
         # \"+02:00\". `t` switches between UTC and it; filter times without an offset are read in it.\n\
         time_zone = \"utc\"\n\
         \n\
         [theme]\n\
         # \"dark\", \"light\" (for light backgrounds) or \"mono\" (no colour: what NO_COLOR and\n\
         # --color never give, whatever is set here).\n\
         name = \"dark\"\n\
         # A role's style: a colour, \"on\" and a background colour, and attributes (bold dim italic\n\
         # underlined reversed crossed); colours by name (red, lightblue, darkgray…), #rrggbb or\n\
         # 0-255. The roles, with the dark theme's styles:\n",
    );
    let dark = Theme::bundled(Base::Dark);
    for (role, doc) in theme::ROLES.iter().zip(theme::ROLE_DOCS) {
        let spec = theme::style_spec(dark.get(role).unwrap_or_default());
        s.push_str(&format!(
            "# {:<40} # {doc}\n",
            format!("{role} = {}", quote(&spec))
        ));
    }
    s.push_str(
        "\n[list]\n\
         # The event list's columns, in order: \"time\", a filter field (who, name, source, region,\n\
         # ip, error, key, account, agent, resource, … : trailscope help filter) or a JSON path\n\
         # (userIdentity.arn); \"a|b|c\" shows the first present (a bare name after a path is its\n\
         # sibling). As a table: { field = \"…\", title = \"…\", width = N } (width: the most cells\n\
         # it takes). The built-in set below keeps the built-in layout. A target column:\n\
         # { field = \"requestParameters.roleArn|userName|bucketName|secretId\", title = \"TARGET\", width = 48 },\n\
         columns = [\n",
    );
    for (f, t) in columns::DEFAULT_SPECS {
        s.push_str(&format!(
            "  {{ field = {}, title = {} }},\n",
            quote(f),
            quote(t)
        ));
    }
    s.push_str(
        "]\n\
         \n\
         # Named views: a saved filter, listed in the views menu (v) beside the case's own, and\n\
         # applied by its key while browsing when it has one. E.g.:\n\
         # [[views]]\n\
         # name = \"console logins\"\n\
         # filter = \"name:ConsoleLogin\"\n\
         # key = \"1\"\n\
         \n\
         # The keys, per scope: action = \"key\" or [\"key\", …] ([] leaves the action without a key).\n\
         # A file lists only what it changes; the rest keeps the defaults below. An unknown scope,\n\
         # action or key, and a key bound twice in a scope, are errors. Keys: a character, Enter,\n\
         # Esc, Tab, Shift-Tab, Space, Backspace, Up, Down, Left, Right, PgUp, PgDn, Home, End,\n\
         # Ctrl-x, Alt-x. The help (?) and the hints show the keys in force.\n",
    );
    let km = Keymap::defaults();
    for scope in km.scopes() {
        s.push_str(&format!(
            "\n[keys.{}]   # {}\n",
            keys::scope_name(scope),
            scope.title()
        ));
        for b in km.rows().iter().filter(|b| b.scope == scope) {
            let Some(name) = keys::action_name(b.action) else {
                continue;
            };
            let v = if b.keys.len() == 1 {
                quote(&b.keys[0])
            } else {
                format!(
                    "[{}]",
                    b.keys
                        .iter()
                        .map(|k| quote(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            s.push_str(&format!("{:<40} # {}\n", format!("{name} = {v}"), b.desc));
        }
    }
    s
}

/// `trailscope config`: checks the file (`--default`: prints the default file; `--path`: where
/// the file is looked for).
pub fn command(
    flag: Option<&Path>,
    default: bool,
    path: bool,
) -> Result<crate::commands::Status, crate::commands::CommandError> {
    use crate::commands::{CommandError, Status};
    use std::io::Write;
    let text = if default {
        default_text()
    } else if path {
        match locate(flag) {
            Some((p, _)) => format!("{}\n", p.display()),
            None => {
                return Err(CommandError::Usage(
                    "no config path: HOME is not set".into(),
                ))
            }
        }
    } else {
        let found = locate(flag);
        let cfg = load(flag).map_err(|e| CommandError::Usage(format!("config {e}")))?;
        match found {
            Some((p, _)) if p.exists() => format!(
                "{}: ok ({} key bindings changed, theme {}, {} columns, {} named views)\n",
                p.display(),
                changed_bindings(&cfg.keymap),
                cfg.theme.base.name(),
                cfg.columns
                    .as_ref()
                    .map_or("built-in".to_string(), |c| c.len().to_string()),
                cfg.views.len()
            ),
            Some((p, _)) => format!(
                "{}: no such file (the built-in defaults apply)\n",
                p.display()
            ),
            None => "no config file (HOME is not set): the built-in defaults apply\n".into(),
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Status::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Status::Ok),
        Err(e) => Err(CommandError::Usage(format!(
            "standard output: {}",
            crate::loader::decode::io_reason(&e)
        ))),
    }
}

/// How many rows of `k` differ from the defaults (views' keys included).
fn changed_bindings(k: &Keymap) -> usize {
    let d = Keymap::defaults();
    let same = k
        .rows()
        .iter()
        .zip(d.rows())
        .filter(|(a, b)| a == b)
        .count();
    k.rows().len() - same
}

/// Puts `cfg` in force: the keymap and the theme for the whole program, the rest for the
/// explorer that [`super::run`] opens (see [`installed`]).
pub fn install(cfg: Config) {
    keys::install(cfg.keymap.clone());
    theme::install(cfg.theme.clone());
    let _ = INSTALLED.set(cfg);
}

static INSTALLED: std::sync::OnceLock<Config> = std::sync::OnceLock::new();

/// The config [`install`]ed at start (the defaults when none was).
pub fn installed() -> &'static Config {
    INSTALLED.get_or_init(Config::default)
}

/// Applies what the config says about the explorer's state: the zone, the columns, the views.
pub fn apply(cfg: &Config, app: &mut crate::app::App) {
    app.tz = cfg.time_zone;
    if cfg.time_zone != Tz::Utc {
        app.zone = cfg.time_zone;
    }
    app.columns.custom = cfg.columns.clone().map(std::sync::Arc::new);
    app.views.config = cfg.views.clone();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/c/config.toml"))
    }

    fn line_and(text: &str) -> (Option<usize>, String) {
        let e = p(text).unwrap_err();
        assert_eq!(e.path, Path::new("/c/config.toml"));
        (e.line, e.reason)
    }

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let cfg = p(&default_text()).unwrap();
        assert_eq!(cfg, Config::default());
        // Every scope and every named action is in it.
        let text = default_text();
        for b in Keymap::defaults().rows() {
            let section = format!("[keys.{}]", keys::scope_name(b.scope));
            assert!(text.contains(&section), "{section}");
        }
        assert_eq!(p("").unwrap(), Config::default());
    }

    #[test]
    fn the_keymap_overlays_the_defaults() {
        let cfg =
            p("[keys.normal]\nquit = \"x\"\ndown = [\"j\", \"Down\", \"Ctrl-j\"]\nmark = []\n")
                .unwrap();
        let k = &cfg.keymap;
        let key = |s| keys::parse_key(s).unwrap();
        assert_eq!(k.lookup(Scope::Normal, key("x")), Some(Action::Quit));
        assert_eq!(k.lookup(Scope::Normal, key("q")), None);
        assert_eq!(k.lookup(Scope::Normal, key("Ctrl-j")), Some(Action::Down));
        assert_eq!(k.lookup(Scope::Normal, key("Space")), None);
        // Elsewhere the defaults stay.
        assert_eq!(k.lookup(Scope::Pivot, key("q")), Some(Action::Back));
        assert_eq!(k.lookup(Scope::Normal, key("/")), Some(Action::EditFilter));
        // The help and the hints follow.
        assert!(k
            .hints(Scope::Normal)
            .contains(&("x".to_string(), "quit".to_string())));
        assert!(!k.hints(Scope::Normal).iter().any(|(_, d)| d == "mark"));
        let help = k.help();
        let normal = &help.iter().find(|(s, _)| *s == Scope::Normal).unwrap().1;
        assert!(normal.contains(&("(none)".to_string(), "mark".to_string())));
        assert!(normal.contains(&(
            "j Down Ctrl-j".to_string(),
            "next event · detail: scroll down".to_string()
        )));
    }

    #[test]
    fn errors_name_the_line() {
        // TOML syntax.
        assert_eq!(line_and("rules = \"\"\n\nthis is not toml\n").0, Some(3));
        // Unknown setting.
        let (l, r) = line_and("rules = \"\"\ncolour = \"red\"\n");
        assert_eq!(l, Some(2));
        assert!(r.contains("colour"), "{r}");
        // Unknown action.
        let (l, r) = line_and("[keys.normal]\nquit = \"x\"\nquitt = \"y\"\n");
        assert_eq!(l, Some(3));
        assert!(r.contains("unknown action 'quitt' in [keys.normal]"), "{r}");
        assert!(r.contains("edit_filter"), "names the actions: {r}");
        // Unknown scope.
        let (l, r) = line_and("\n[keys.nromal]\nquit = \"x\"\n");
        assert_eq!(l, Some(2));
        assert!(r.contains("unknown key scope [keys.nromal]"), "{r}");
        // Unknown key.
        let (l, r) = line_and("[keys.normal]\n\nquit = \"Ctrl-Fn\"\n");
        assert_eq!(l, Some(3));
        assert!(r.contains("unknown key 'Ctrl-Fn'"), "{r}");
        // A key bound twice: `m` for quit while mark keeps Space, and fuzzy takes `/`.
        let (l, r) = line_and("[keys.normal]\nquit = \"m\"\nfuzzy = \"/\"\n");
        assert_eq!(l, Some(3));
        assert!(r.contains("key '/' is bound twice in [keys.normal]"), "{r}");
        assert!(r.contains("edit_filter") && r.contains("fuzzy"), "{r}");
        // Hidden by a global binding.
        let (l, r) = line_and("[keys.normal]\n\n\nhelp = \"Ctrl-c\"\n");
        assert_eq!(l, Some(4));
        assert!(r.contains("taken everywhere by [keys.any] quit"), "{r}");
        // A view's key taken.
        let (l, r) = line_and(
            "[[views]]\nname = \"a\"\nfilter = \"who:x\"\n\n[[views]]\nname = \"b\"\nfilter = \"who:y\"\nkey = \"q\"\n",
        );
        assert_eq!(l, Some(8), "{r}");
        assert!(r.contains("view 'b'") && r.contains("quit"), "{r}");
        // Theme, zone, columns, views.
        let (l, r) = line_and("[theme]\nname = \"light\"\nselected = \"blue on nowhere\"\n");
        assert_eq!(l, Some(3));
        assert!(r.contains("'nowhere' is not a colour"), "{r}");
        let (l, r) = line_and("[theme]\nname = \"sepia\"\n");
        assert_eq!(l, Some(2));
        assert!(r.contains("not dark, light or mono"), "{r}");
        let (l, r) = line_and("\ntime_zone = \"+25:00\"\n");
        assert_eq!(l, Some(2));
        assert!(r.contains("time_zone '+25:00'"), "{r}");
        let (l, r) = line_and("[list]\ncolumns = [\n  \"who\",\n  \"last\",\n]\n");
        assert_eq!(l, Some(4));
        assert!(r.contains("time condition"), "{r}");
        let (l, r) = line_and("[[views]]\nname = \"x\"\nfilter = \"who:(\"\n");
        assert_eq!(l, Some(3));
        assert!(r.contains("bad filter"), "{r}");
        // The message names the file and the line.
        let e = p("x = 1\n").unwrap_err();
        assert!(e.to_string().starts_with("/c/config.toml:1: "), "{e}");
    }

    #[test]
    fn settings_resolve() {
        let cfg = p(r##"
rules = "/r"
time_zone = "+02:00"
[theme]
name = "light"
selected = "black on #ffd700 bold"
[list]
columns = ["time", "who", { field = "requestParameters.roleArn|userName", title = "TARGET", width = 30 }]
[[views]]
name = "denied"
filter = "error:AccessDenied"
key = "1"
"##)
        .unwrap();
        assert_eq!(cfg.rules.as_deref(), Some(Path::new("/r")));
        assert_eq!(cfg.time_zone, Tz::Fixed(7200));
        assert_eq!(cfg.theme.base, Base::Light);
        assert_eq!(
            cfg.theme.get("selected").unwrap().bg,
            Some(ratatui::style::Color::Rgb(0xff, 0xd7, 0))
        );
        let cols = cfg.columns.unwrap();
        assert_eq!(cols.len(), 3);
        assert_eq!(
            (cols[2].title.as_str(), cols[2].width),
            ("TARGET", Some(30))
        );
        assert_eq!(cfg.views[0].filter, "error:AccessDenied");
        assert_eq!(
            cfg.keymap
                .lookup(Scope::Normal, keys::parse_key("1").unwrap()),
            Some(Action::View(0))
        );
        assert_eq!(Tz::parse("local"), Some(Tz::Local));
        assert_eq!(Tz::parse("-05:30"), Some(Tz::Fixed(-(5 * 3600 + 1800))));
        assert_eq!(Tz::parse("+00:00"), Some(Tz::Utc));
        assert_eq!(Tz::parse("Europe/Paris"), None);
    }

    #[test]
    fn a_missing_default_file_is_the_defaults_but_a_named_one_must_exist() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("nope.toml");
        let e = load(Some(&missing)).unwrap_err();
        assert_eq!(e.path, missing);
        assert!(e.line.is_none());
        let bad = d.path().join("bad.toml");
        std::fs::write(&bad, b"time_zone = \"utc\"\n\xff\n").unwrap();
        let e = load(Some(&bad)).unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (Some(2), "not UTF-8 text"));
    }
}
