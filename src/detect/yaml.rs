//! Rule files as plain trees: YAML (yaml-rust2) read into [`Y`], so the rest of the engine does
//! not depend on the YAML crate. Aliases are not expanded (no billion-laughs), files are size-
//! capped before parsing, and a syntax error names its line and column.

use yaml_rust2::{Yaml, YamlLoader};

/// Largest rule file read, in bytes (Sigma rules are a few KiB).
pub const MAX_RULE_FILE_BYTES: usize = 1 << 20;

/// A YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Y {
    /// `null`, `~`, nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string.
    Str(String),
    /// A sequence.
    List(Vec<Y>),
    /// A mapping, in file order (keys as text).
    Map(Vec<(String, Y)>),
}

impl Y {
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Y> {
        match self {
            Y::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// A scalar as text (`None` for null, lists and maps).
    pub fn text(&self) -> Option<String> {
        match self {
            Y::Str(s) | Y::Num(s) => Some(s.clone()),
            Y::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    /// A string or a list of scalars, as texts.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Y::List(v) => v.iter().filter_map(Y::text).collect(),
            Y::Null => Vec::new(),
            y => y.text().into_iter().collect(),
        }
    }
}

/// A YAML syntax error: 1-based line and column, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
    /// What the parser said.
    pub message: String,
}

fn convert(y: Yaml, depth: usize) -> Y {
    if depth > 64 {
        return Y::Null;
    }
    match y {
        Yaml::Real(s) => Y::Num(s),
        Yaml::Integer(i) => Y::Num(i.to_string()),
        Yaml::String(s) => Y::Str(s),
        Yaml::Boolean(b) => Y::Bool(b),
        Yaml::Array(v) => Y::List(v.into_iter().map(|x| convert(x, depth + 1)).collect()),
        Yaml::Hash(h) => Y::Map(
            h.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s,
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, convert(v, depth + 1))
                })
                .collect(),
        ),
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Y::Null,
    }
}

/// The documents of a YAML stream (empty documents left out).
pub fn documents(text: &str) -> Result<Vec<Y>, SyntaxError> {
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(SyntaxError {
            line: 1,
            col: 1,
            message: format!(
                "file too large ({} bytes; a rule file is at most {} KiB)",
                text.len(),
                MAX_RULE_FILE_BYTES / 1024
            ),
        });
    }
    let docs = YamlLoader::load_from_str(text).map_err(|e| SyntaxError {
        line: e.marker().line(),
        col: e.marker().col() + 1,
        message: e.info().to_string(),
    })?;
    Ok(docs
        .into_iter()
        .map(|d| convert(d, 0))
        .filter(|d| *d != Y::Null)
        .collect())
}

/// The 1-based line of the first line of `text` containing `needle` (for messages about a
/// key of a rule).
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_reports_lines() {
        let d = documents("a: 1\nb: [x, 'y']\n---\nc: ~\n").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].get("a"), Some(&Y::Num("1".into())));
        assert_eq!(d[0].get("b").unwrap().texts(), vec!["x", "y"]);
        let e = documents("a: 1\nb: [unclosed\nc: 2\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert_eq!(line_of("x\ny: 1\n", "y:"), Some(2));
    }
}
