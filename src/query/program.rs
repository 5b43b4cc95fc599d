//! Filters built by code instead of typed: the detection engine (`crate::detect`) compiles each
//! rule into an expression over the same leaves the filter language has (registered columns,
//! JSON paths, text search), plus what rules need and the language has no syntax for (regular
//! expressions, comparing two fields). All rules together are one [`Program`]: equal leaves are
//! kept once, each indexed leaf is one pass over the rows, and the raw leaves of every rule are
//! one read of the records that some rule still needs (see `eval::run_many`).

use super::eval;
use super::fields::{self, Kind};
use super::parse::{parse_path, Leaf, Node};
use super::pattern::{lower, parse_cidr, Alt, Pattern, Re};
use super::QueryError;
use crate::model::{EventStore, RecordSource, SymField};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Largest compiled regex, in bytes of the `regex` crate's program (its `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Largest lazy-DFA cache per regex (the `regex` crate's `dfa_size_limit`).
pub const REGEX_DFA_LIMIT: usize = 1 << 20;

/// A boolean expression over a [`Program`]'s leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr(Node);

impl Expr {
    /// Every event.
    pub fn all() -> Expr {
        Expr(Node::All)
    }
    /// No event.
    pub fn none() -> Expr {
        Expr(Node::Not(Box::new(Node::All)))
    }
    /// All of `v` (an empty list is every event).
    pub fn and(v: Vec<Expr>) -> Expr {
        match v.len() {
            0 => Expr::all(),
            1 => v.into_iter().next().expect("one"),
            _ => Expr(Node::And(v.into_iter().map(|e| e.0).collect())),
        }
    }
    /// Any of `v` (an empty list is no event).
    pub fn or(v: Vec<Expr>) -> Expr {
        match v.len() {
            0 => Expr::none(),
            1 => v.into_iter().next().expect("one"),
            _ => Expr(Node::Or(v.into_iter().map(|e| e.0).collect())),
        }
    }
    /// Not `e`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(e: Expr) -> Expr {
        match e.0 {
            Node::Not(x) => Expr(*x),
            x => Expr(Node::Not(Box::new(x))),
        }
    }
}

/// One way a value may match (a term's values match when any does).
#[derive(Clone, Debug)]
pub enum Match {
    /// Equal, case-insensitively.
    Exact(String),
    /// Literal parts separated by wildcards (case-insensitive); `start`/`end`: anchored.
    Glob {
        /// The literal runs, in order.
        parts: Vec<String>,
        /// The first part starts the value.
        start: bool,
        /// The last part ends the value.
        end: bool,
    },
    /// A regular expression, case-sensitive unless it says `(?i)`.
    Regex(String),
    /// `addr/len`: the value is an IP address inside the block.
    Cidr(String),
    /// The field is absent, null or empty.
    Absent,
    /// The field has a value (not absent, null or empty).
    Present,
}

/// Why a term cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A field name that is not a usable JSON path.
    #[error("field '{0}': {1}")]
    Field(String, String),
    /// A regex that does not compile (or is over the size limits).
    #[error("regex '{0}': {1}")]
    Regex(String, String),
    /// A CIDR block that does not parse.
    #[error("bad CIDR '{0}'")]
    Cidr(String),
    /// A value the field cannot hold (`readOnly: maybe`).
    #[error("field '{0}' cannot be '{1}'")]
    Value(String, String),
}

/// What a rule's field name reads: a registered column (so the term is an indexed pass over
/// the rows) or a JSON path into the record bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// One interned column.
    Column(SymField),
    /// `eventID` (`requestID` is a path: the store keeps only its fingerprint).
    EventId,
    /// `readOnly`.
    ReadOnly,
    /// Read from the record.
    Path(String),
}

/// Maps a CloudTrail field path (`eventName`, `userIdentity.type`,
/// `requestParameters.userName`) onto the field registry: a registered field that reads exactly
/// this path (one column, an id, `readOnly`), else a JSON path.
pub fn target(path: &str) -> Target {
    for f in fields::FIELDS {
        if !f.reads.eq_ignore_ascii_case(path) {
            continue;
        }
        match f.kind {
            Kind::Column { cols: [c], .. } if *c != SymField::Who => return Target::Column(*c),
            Kind::Id { request: false } => return Target::EventId,
            Kind::ReadOnly => return Target::ReadOnly,
            _ => {}
        }
    }
    Target::Path(path.to_string())
}

/// Filters under construction, then evaluated together.
#[derive(Clone, Debug, Default)]
pub struct Program {
    leaves: Vec<Leaf>,
    roots: Vec<Node>,
}

/// What a [`Program`] run found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgramOutcome {
    /// Per root (in [`Program::add_root`] order), its matching rows in row order.
    pub rows: Vec<Vec<u32>>,
    /// Sources that could not be read, with why (rows that needed them are left out).
    pub unreadable: Vec<(u32, String)>,
    /// Per path of the [`Reads`] given, `(row, its first value)` for the rows that have one,
    /// in row order.
    pub read: Vec<Vec<(u32, String)>>,
}

/// Values to read from records in the pass that evaluates a program's raw leaves, so each
/// record is inflated once: what the detection's aggregates count and group by.
#[derive(Clone, Debug)]
pub struct Reads {
    pub(crate) rows: super::bits::Bits,
    pub(crate) paths: Vec<Vec<super::parse::PathSeg>>,
}

impl Reads {
    /// The first value of each of `paths` for each of `rows` (of a store of `n` rows).
    pub fn new(n: usize, rows: &[u32], paths: &[String]) -> Result<Reads, BuildError> {
        let mut b = super::bits::Bits::zeros(n);
        for &r in rows {
            if (r as usize) < n {
                b.set(r as usize);
            }
        }
        let paths = paths
            .iter()
            .map(|p| parse_path(p).map_err(|e| BuildError::Field(p.clone(), e.to_string())))
            .collect::<Result<_, _>>()?;
        Ok(Reads { rows: b, paths })
    }
}

impl Program {
    /// An empty program.
    pub fn new() -> Program {
        Program::default()
    }

    fn leaf(&mut self, l: Leaf) -> Expr {
        let i = match self.leaves.iter().position(|x| *x == l) {
            Some(i) => i,
            None => {
                self.leaves.push(l);
                self.leaves.len() - 1
            }
        };
        Expr(Node::Leaf(i))
    }

    /// `field` (a CloudTrail path, mapped by [`target`]) matches any of `ms`.
    pub fn term(&mut self, field: &str, ms: &[Match]) -> Result<Expr, BuildError> {
        let mut alts = Vec::with_capacity(ms.len());
        for m in ms {
            alts.push(match m {
                Match::Exact(s) => Alt::Exact(lower(s).into_owned()),
                Match::Glob { parts, start, end } => {
                    let parts: Vec<String> = parts
                        .iter()
                        .filter(|p| !p.is_empty())
                        .map(|p| lower(p).into_owned())
                        .collect();
                    if parts.is_empty() {
                        Alt::Glob {
                            parts,
                            start: false,
                            end: false,
                        }
                    } else {
                        Alt::Glob {
                            parts,
                            start: *start,
                            end: *end,
                        }
                    }
                }
                Match::Regex(r) => Alt::Regex(Re(Arc::new(
                    regex::RegexBuilder::new(r)
                        .size_limit(REGEX_SIZE_LIMIT)
                        .dfa_size_limit(REGEX_DFA_LIMIT)
                        .build()
                        .map_err(|e| BuildError::Regex(r.clone(), e.to_string()))?,
                ))),
                Match::Cidr(c) => {
                    let (net, prefix) = parse_cidr(c).ok_or_else(|| BuildError::Cidr(c.clone()))?;
                    Alt::Cidr { net, prefix }
                }
                Match::Absent => Alt::Empty,
                Match::Present => Alt::Glob {
                    parts: Vec::new(),
                    start: false,
                    end: false,
                },
            });
        }
        let pat = Pattern { alts };
        Ok(match target(field) {
            Target::Column(c) => self.leaf(Leaf::Sym {
                cols: column_slice(c),
                pat,
            }),
            Target::EventId => self.leaf(Leaf::Id {
                request: false,
                pat,
            }),
            Target::ReadOnly => {
                let mut any = Vec::new();
                for m in ms {
                    let want = match m {
                        Match::Exact(s) if s.eq_ignore_ascii_case("true") => Some(true),
                        Match::Exact(s) if s.eq_ignore_ascii_case("false") => Some(false),
                        Match::Absent => None,
                        Match::Present => {
                            any.push(self.leaf(Leaf::ReadOnly(Some(true))));
                            Some(false)
                        }
                        Match::Exact(s) => return Err(BuildError::Value(field.into(), s.clone())),
                        _ => return Err(BuildError::Value(field.into(), format!("{m:?}"))),
                    };
                    any.push(self.leaf(Leaf::ReadOnly(want)));
                }
                Expr::or(any)
            }
            Target::Path(p) => {
                let path =
                    parse_path(&p).map_err(|e| BuildError::Field(p.clone(), e.to_string()))?;
                self.leaf(Leaf::Path { path, pat })
            }
        })
    }

    /// The record's text contains any of `words` (ASCII case-insensitive).
    pub fn text(&mut self, words: &[String]) -> Expr {
        let mut needles: Vec<Vec<u8>> = words
            .iter()
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect();
        if needles.is_empty() {
            return Expr::none();
        }
        needles.sort();
        needles.dedup();
        self.leaf(Leaf::Text(needles))
    }

    /// The values of fields `a` and `b` are equal (case-insensitive; both absent is not equal).
    pub fn fields_equal(&mut self, a: &str, b: &str) -> Result<Expr, BuildError> {
        let pa = parse_path(a).map_err(|e| BuildError::Field(a.into(), e.to_string()))?;
        let pb = parse_path(b).map_err(|e| BuildError::Field(b.into(), e.to_string()))?;
        Ok(self.leaf(Leaf::PathEq(pa, pb)))
    }

    /// Adds a filter to evaluate; returns its index in [`ProgramOutcome::rows`].
    pub fn add_root(&mut self, e: Expr) -> usize {
        self.roots.push(e.0);
        self.roots.len() - 1
    }

    /// Number of filters added.
    pub fn roots(&self) -> usize {
        self.roots.len()
    }

    /// Number of distinct leaves, and how many of them read record bytes.
    pub fn leaf_counts(&self) -> (usize, usize) {
        (
            self.leaves.len(),
            self.leaves.iter().filter(|l| l.is_raw()).count(),
        )
    }

    /// Evaluates every filter on the rows from `from_row` on.
    pub fn run(
        &self,
        store: &EventStore,
        src: &dyn RecordSource,
        cancel: &AtomicBool,
        from_row: usize,
    ) -> Result<ProgramOutcome, QueryError> {
        let all: Vec<usize> = (0..self.roots.len()).collect();
        self.run_some(store, src, cancel, from_row, &all, None)
    }

    /// Evaluates the filters `which` (indices from [`Program::add_root`]) on the rows from
    /// `from_row` on, reading `reads` in the same pass over the records; the other filters
    /// are not evaluated and get no rows (rules switched off cost nothing, not even the
    /// records only they would read).
    pub fn run_some(
        &self,
        store: &EventStore,
        src: &dyn RecordSource,
        cancel: &AtomicBool,
        from_row: usize,
        which: &[usize],
        reads: Option<&Reads>,
    ) -> Result<ProgramOutcome, QueryError> {
        let mut which: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| i < self.roots.len())
            .collect();
        which.sort_unstable();
        which.dedup();
        let roots: Vec<Node> = which.iter().map(|&i| self.roots[i].clone()).collect();
        let (some, unreadable, read) =
            eval::run_many(store, &self.leaves, &roots, src, cancel, from_row, reads)?;
        let mut rows = vec![Vec::new(); self.roots.len()];
        for (i, r) in which.into_iter().zip(some) {
            rows[i] = r;
        }
        Ok(ProgramOutcome {
            rows,
            unreadable,
            read,
        })
    }

    /// Does filter `root` read no record bytes (only indexed leaves)?
    pub fn is_indexed(&self, root: usize) -> bool {
        fn raw(n: &Node, leaves: &[Leaf]) -> bool {
            match n {
                Node::All => false,
                Node::Leaf(i) => leaves[*i].is_raw(),
                Node::Not(x) => raw(x, leaves),
                Node::And(v) | Node::Or(v) => v.iter().any(|x| raw(x, leaves)),
            }
        }
        self.roots.get(root).is_some_and(|n| !raw(n, &self.leaves))
    }
}

/// A `'static` one-column slice for `c` (leaves hold the registry's column lists).
fn column_slice(c: SymField) -> &'static [SymField] {
    const ALL: [SymField; SymField::COUNT] = SymField::ALL;
    let i = ALL.iter().position(|x| *x == c).expect("a column");
    &ALL[i..i + 1]
}

/// The values at `path` in a JSON record (for tests and the detection engine's reference):
/// strings as they are, numbers and booleans as text; absent, null and empty are left out.
pub fn path_values(record: &[u8], path: &str) -> Vec<String> {
    let Ok(p) = parse_path(path) else {
        return Vec::new();
    };
    super::scan::path_texts(record, &p)
}
