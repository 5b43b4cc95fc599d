//! `export --parquet DIR`: the selected events as Apache Parquet, for the engines that already
//! run CloudTrail queries (Athena, Trino, Spark, DuckDB), which read it as it is.
//!
//! Folders are Hive partitions `account=…/region=…/date=YYYY-MM-DD` (recipientAccountId,
//! awsRegion, the event's UTC day), one file per partition, rows in time order. The columns are
//! CloudTrail's Athena table ([`crate::query::sql::table::COLUMNS`]: nested `useridentity`,
//! `resources` as a list of structs, the JSON blobs such as `requestparameters` as their JSON
//! text) plus `who` and `record`, the original record byte for byte; every column is
//! Snappy-compressed. The folder appears whole or not at all: it is written as a temporary
//! beside DIR and renamed into place, and an existing DIR is never written into.

use crate::model::{EventStore, RecordSource, SymField};
use crate::output::{OutputError, Target};
use crate::query::sql::table::{self, Col};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

/// Rows per row group (and per batch of records read back from their sources).
const ROW_GROUP: usize = 65_536;

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParquetReport {
    /// Events written.
    pub events: usize,
    /// Parquet files written (one per partition).
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// One column chunk being filled: non-null values, definition and repetition levels.
#[derive(Default)]
struct Buf {
    values: Vec<ByteArray>,
    def: Vec<i16>,
    rep: Vec<i16>,
}

impl Buf {
    fn null(&mut self, def: i16, rep: i16) {
        self.def.push(def);
        self.rep.push(rep);
    }
    fn value(&mut self, v: Vec<u8>, def: i16, rep: i16) {
        self.values.push(ByteArray::from(v));
        self.def.push(def);
        self.rep.push(rep);
    }
}

/// The schema as a tree whose leaves index the column buffers (in the file's column order).
enum Node {
    Leaf(usize),
    Struct(Vec<(&'static str, Node)>, std::ops::Range<usize>),
    List(Vec<(&'static str, Node)>, i16, std::ops::Range<usize>),
    Map(usize, i16),
}

fn build(c: &Col, next: &mut usize, rep: i16, msg: &mut String, pad: usize) -> Node {
    let p = " ".repeat(pad);
    match c {
        Col::Text(n) => {
            msg.push_str(&format!("{p}optional binary {n} (STRING);\n"));
            *next += 1;
            Node::Leaf(*next - 1)
        }
        Col::Struct(n, kids) => {
            msg.push_str(&format!("{p}optional group {n} {{\n"));
            let start = *next;
            let k = kids
                .iter()
                .map(|k| (k.name(), build(k, next, rep, msg, pad + 2)))
                .collect();
            msg.push_str(&format!("{p}}}\n"));
            Node::Struct(k, start..*next)
        }
        Col::List(n, kids) => {
            msg.push_str(&format!(
                "{p}optional group {n} (LIST) {{\n{p}  repeated group list {{\n{p}    optional group element {{\n"
            ));
            let start = *next;
            let k = kids
                .iter()
                .map(|k| (k.name(), build(k, next, rep + 1, msg, pad + 6)))
                .collect();
            msg.push_str(&format!("{p}    }}\n{p}  }}\n{p}}}\n"));
            Node::List(k, rep + 1, start..*next)
        }
        Col::Map(n) => {
            msg.push_str(&format!(
                "{p}optional group {n} (MAP) {{\n{p}  repeated group key_value {{\n{p}    required binary key (STRING);\n{p}    optional binary value (STRING);\n{p}  }}\n{p}}}\n"
            ));
            *next += 2;
            Node::Map(*next - 2, rep + 1)
        }
    }
}

/// The Parquet schema (message type text) and the tree of the top-level columns.
fn schema() -> (String, Vec<(&'static str, Node)>) {
    let mut msg = String::from("message cloudtrail {\n");
    let mut next = 0;
    let nodes = table::COLUMNS
        .iter()
        .chain(table::EXTRA)
        .map(|c| (c.name(), build(c, &mut next, 0, &mut msg, 2)))
        .collect();
    msg.push_str("}\n");
    (msg, nodes)
}

fn nulls(r: &std::ops::Range<usize>, bufs: &mut [Buf], def: i16, rep: i16) {
    for b in &mut bufs[r.clone()] {
        b.null(def, rep);
    }
}

/// A scalar as Athena's JSON SerDe gives it to a string column: a string as it is, a number
/// or boolean as its text, an object or array as JSON text; null is NULL.
fn text_of(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.as_bytes().to_vec()),
        Value::Bool(b) => Some(b.to_string().into_bytes()),
        Value::Number(n) => Some(n.to_string().into_bytes()),
        other => Some(other.to_string().into_bytes()),
    }
}

fn member<'v>(o: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    o.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Shreds `v` (the value of `node`, absent when `None`) into the buffers (Dremel's record
/// shredding): `def` is the definition level of its parent, `rep` the repetition level of its
/// first value.
fn shred(node: &Node, v: Option<&Value>, def: i16, rep: i16, bufs: &mut [Buf]) {
    match node {
        Node::Leaf(i) => match v.and_then(text_of) {
            Some(t) => bufs[*i].value(t, def + 1, rep),
            None => bufs[*i].null(def, rep),
        },
        Node::Struct(kids, leaves) => match v {
            Some(Value::Object(o)) => {
                for (name, k) in kids {
                    shred(k, member(o, name), def + 1, rep, bufs);
                }
            }
            _ => nulls(leaves, bufs, def, rep),
        },
        Node::List(kids, rl, leaves) => match v {
            Some(Value::Array(a)) if !a.is_empty() => {
                for (i, e) in a.iter().enumerate() {
                    let r = if i == 0 { rep } else { *rl };
                    match e {
                        Value::Object(o) => {
                            for (name, k) in kids {
                                shred(k, member(o, name), def + 3, r, bufs);
                            }
                        }
                        _ => nulls(leaves, bufs, def + 2, r),
                    }
                }
            }
            Some(Value::Array(_)) => nulls(leaves, bufs, def + 1, rep),
            _ => nulls(leaves, bufs, def, rep),
        },
        Node::Map(k, rl) => match v {
            Some(Value::Object(o)) if !o.is_empty() => {
                for (i, (key, val)) in o.iter().enumerate() {
                    let r = if i == 0 { rep } else { *rl };
                    bufs[*k].value(key.as_bytes().to_vec(), def + 2, r);
                    match text_of(val) {
                        Some(t) => bufs[k + 1].value(t, def + 3, r),
                        None => bufs[k + 1].null(def + 2, r),
                    }
                }
            }
            Some(Value::Object(_)) => {
                bufs[*k].null(def + 1, rep);
                bufs[k + 1].null(def + 1, rep);
            }
            _ => {
                bufs[*k].null(def, rep);
                bufs[k + 1].null(def, rep);
            }
        },
    }
}

/// Shreds one record: its top-level fields (names compared ASCII case-insensitively, as
/// Athena's SerDe does), `who`, and the record's bytes.
fn shred_record(nodes: &[(&'static str, Node)], rec: &[u8], who: &str, bufs: &mut [Buf]) {
    let top: BTreeMap<String, &RawValue> =
        serde_json::from_slice::<BTreeMap<String, &RawValue>>(rec)
            .map(|m| {
                m.into_iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v))
                    .collect()
            })
            .unwrap_or_default();
    for (name, node) in nodes {
        match *name {
            "who" => shred(node, Some(&Value::String(who.into())), 0, 0, bufs),
            "record" => {
                if let Node::Leaf(i) = node {
                    bufs[*i].value(rec.to_vec(), 1, 0);
                }
            }
            _ => {
                let raw = top.get(*name);
                match (node, raw) {
                    // A string column holding an object or array: its JSON text as written.
                    (Node::Leaf(i), Some(r)) if r.get().starts_with(['{', '[']) => {
                        bufs[*i].value(r.get().as_bytes().to_vec(), 1, 0)
                    }
                    (_, Some(r)) => {
                        let v: Option<Value> = serde_json::from_str(r.get()).ok();
                        shred(node, v.as_ref(), 0, 0, bufs)
                    }
                    (_, None) => shred(node, None, 0, 0, bufs),
                }
            }
        }
    }
}

/// A partition folder's value: `[A-Za-z0-9._-]` kept, other bytes `%XX` (as Hive escapes),
/// `unknown` when empty. Values are attacker-written text: this keeps them one path segment.
fn part_value(s: &str) -> String {
    if s.is_empty() {
        return "unknown".into();
    }
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || (b == b'.' && !out.is_empty()) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The partition of a row: (account, region, day).
fn partition(store: &EventStore, row: usize) -> (String, String, String) {
    let acct = match store.str(SymField::Account, row) {
        "" => store.str(SymField::PrincipalAccount, row),
        a => a,
    };
    let t = store.time.get(row);
    let day = if t == crate::model::time::UNDATED {
        "undated".to_string()
    } else {
        crate::model::time::format_in(t, crate::model::time::Tz::Utc, "%Y-%m-%d")
    };
    (
        part_value(acct),
        part_value(store.str(SymField::Region, row)),
        day,
    )
}

/// Writes one partition's rows (in order) to `path`; returns the file's size.
fn write_partition(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    path: &Path,
    done: &AtomicUsize,
) -> Result<u64, OutputError> {
    let target = Target::File(path.to_path_buf());
    let pq = |e: parquet::errors::ParquetError| {
        OutputError::write(&target, io::Error::other(e.to_string()))
    };
    let (msg, nodes) = schema();
    let schema = Arc::new(parquet::schema::parser::parse_message_type(&msg).map_err(pq)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("trailscope {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let file = std::fs::File::create_new(path).map_err(|e| OutputError::write(&target, e))?;
    let mut w = SerializedFileWriter::new(io::BufWriter::new(file), schema, props).map_err(pq)?;
    let max_rep: Vec<i16> = (0..w.schema_descr().num_columns())
        .map(|i| w.schema_descr().column(i).max_rep_level())
        .collect();
    let mut cache = FxHashMap::default();
    for chunk in rows.chunks(ROW_GROUP) {
        crate::export::read_sources(store, chunk, src, &mut cache);
        let mut bufs: Vec<Buf> = (0..max_rep.len()).map(|_| Buf::default()).collect();
        for &row in chunk {
            let bytes = crate::export::row_bytes(store, row, &cache)?;
            shred_record(
                &nodes,
                &bytes,
                store.str(SymField::Who, row as usize),
                &mut bufs,
            );
        }
        let mut rg = w.next_row_group().map_err(pq)?;
        let mut i = 0;
        while let Some(mut col) = rg.next_column().map_err(pq)? {
            let b = &bufs[i];
            let rep = (max_rep[i] > 0).then_some(b.rep.as_slice());
            col.typed::<ByteArrayType>()
                .write_batch(&b.values, Some(&b.def), rep)
                .map_err(pq)?;
            col.close().map_err(pq)?;
            i += 1;
        }
        rg.close().map_err(pq)?;
        done.fetch_add(chunk.len(), Relaxed);
    }
    let inner = w.into_inner().map_err(pq)?;
    let file = inner
        .into_inner()
        .map_err(|e| OutputError::write(&target, e.into_error()))?;
    file.sync_all()
        .map_err(|e| OutputError::write(&target, e))?;
    file.metadata()
        .map(|m| m.len())
        .map_err(|e| OutputError::write(&target, e))
}

/// Writes the events of `rows` (in time order) to the folder `dir`, which must not exist;
/// `done` counts the events written so far (for a progress line).
pub fn export_parquet(
    store: &EventStore,
    rows: &[u32],
    src: &dyn RecordSource,
    dir: &Path,
    done: &AtomicUsize,
) -> Result<ParquetReport, OutputError> {
    let target = Target::File(dir.to_path_buf());
    let io_err = |e: io::Error| OutputError::write(&target, e);
    // Claim the name first (an existing file, folder or link there is an error, never
    // written into); the finished folder then replaces this empty one.
    if std::fs::symlink_metadata(dir).is_ok() {
        return Err(OutputError::write(
            &target,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                "already exists (export --parquet writes a new folder, never into one)",
            ),
        ));
    }
    std::fs::create_dir(dir).map_err(io_err)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let result = (|| {
        let tmp = tempfile::Builder::new()
            .prefix(".trailscope-parquet-")
            .tempdir_in(&parent)
            .map_err(io_err)?;
        let mut parts: BTreeMap<(String, String, String), Vec<u32>> = BTreeMap::new();
        for &r in rows {
            parts
                .entry(partition(store, r as usize))
                .or_default()
                .push(r);
        }
        let made: Vec<(PathBuf, &Vec<u32>)> = parts
            .iter()
            .map(|((a, r, d), rows)| {
                let sub = tmp
                    .path()
                    .join(format!("account={a}"))
                    .join(format!("region={r}"))
                    .join(format!("date={d}"));
                std::fs::create_dir_all(&sub).map_err(io_err)?;
                Ok((sub.join("part-0.parquet"), rows))
            })
            .collect::<Result<_, OutputError>>()?;
        let sizes = made
            .par_iter()
            .map(|(p, rows)| write_partition(store, rows, src, p, done))
            .collect::<Result<Vec<u64>, _>>()?;
        let path = tmp.keep();
        // Onto the empty folder claimed above (fails if anything was put in it meanwhile).
        if let Err(e) = std::fs::rename(&path, dir) {
            let _ = std::fs::remove_dir_all(&path);
            return Err(io_err(e));
        }
        Ok(ParquetReport {
            events: rows.len(),
            files: sizes.len(),
            bytes: sizes.iter().sum(),
        })
    })();
    if result.is_err() {
        // Only the empty folder this call made.
        let _ = std::fs::remove_dir(dir);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_values_stay_one_path_segment() {
        assert_eq!(part_value("123456789012"), "123456789012");
        assert_eq!(part_value("us-east-1"), "us-east-1");
        assert_eq!(part_value(""), "unknown");
        assert_eq!(part_value("../x"), "%2E.%2Fx");
        assert_eq!(part_value("a/b=c\n"), "a%2Fb%3Dc%0A");
    }

    #[test]
    fn the_schema_has_athenas_columns_in_order() {
        let (msg, nodes) = schema();
        let names: Vec<&str> = nodes.iter().map(|n| n.0).collect();
        let want: Vec<&str> = table::COLUMNS
            .iter()
            .chain(table::EXTRA)
            .map(|c| c.name())
            .collect();
        assert_eq!(names, want);
        assert!(msg.contains("optional group resources (LIST) {\n    repeated group list {\n      optional group element {\n        optional binary arn (STRING);"), "{msg}");
        parquet::schema::parser::parse_message_type(&msg).expect("a valid schema");
    }

    #[test]
    fn shredding_gives_dremel_levels() {
        let (_, nodes) = schema();
        let n = 64;
        let mut bufs: Vec<Buf> = (0..n).map(|_| Buf::default()).collect();
        let rec = br#"{"eventName":"X","readOnly":true,"requestParameters":{"b" : 1},"resources":[{"ARN":"a1"},{"accountId":"9"}],"userIdentity":{"type":"Root"}}"#;
        shred_record(&nodes, rec, "root", &mut bufs);
        shred_record(&nodes, br#"{"resources":[]}"#, "", &mut bufs);
        let leaf = |top: &str| match nodes.iter().find(|n| n.0 == top).unwrap().1 {
            Node::Leaf(i) => i,
            Node::List(_, _, ref r) | Node::Struct(_, ref r) => r.start,
            Node::Map(k, _) => k,
        };
        let name = &bufs[leaf("eventname")];
        assert_eq!(name.def, vec![1, 0]);
        assert_eq!(name.values, vec![ByteArray::from("X")]);
        assert_eq!(bufs[leaf("readonly")].values, vec![ByteArray::from("true")]);
        // The object's JSON text as written.
        assert_eq!(
            bufs[leaf("requestparameters")].values,
            vec![ByteArray::from(r#"{"b" : 1}"#)]
        );
        // resources.arn: two elements (the second without an ARN), then an empty list.
        let arn = &bufs[leaf("resources")];
        assert_eq!(arn.def, vec![4, 3, 1]);
        assert_eq!(arn.rep, vec![0, 1, 0]);
        // useridentity.type present, then the struct absent.
        let ty = &bufs[leaf("useridentity")];
        assert_eq!(ty.def, vec![2, 0]);
        let rec_col = &bufs[leaf("record")];
        assert_eq!(rec_col.values[0].data(), rec);
    }
}
