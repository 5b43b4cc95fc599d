//! `query --sql`, `query --objects-from` and `export --parquet` as a user runs them (issue 15):
//! exit codes, messages, and that nothing is written where it must not be.

use std::path::{Path, PathBuf};
use std::process::Command;

fn ts(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn real_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz")
}

#[test]
fn sql_is_printed_without_loading_and_untranslatable_terms_are_named() {
    let (code, out, err) = ts(&["query", "--sql", "athena", "-f", "name:GetObject"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "\nFROM cloudtrail_logs\nWHERE lower(coalesce(eventname, '')) = 'getobject'\n"
        ),
        "{out}"
    );
    let (code, out, err) = ts(&["query", "--sql", "athena", "-f", "name:x lineage:AKIA1"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("trailscope: --sql athena: cannot translate lineage: — "),
        "{err}"
    );
    // A bad filter is the usual error, with its caret.
    let (code, _, err) = ts(&["query", "--sql", "duckdb", "-f", "name:(x"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad filter"), "{err}");
    let (code, out, _) = ts(&["query", "--sql", "duckdb", "-f", "", "out/pq"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "FROM read_parquet('out/pq/**/*.parquet', hive_partitioning = true)\nWHERE TRUE\n"
        ),
        "{out}"
    );
    let (code, out, _) = ts(&["query", "--sql", "athena", "--ddl"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("CREATE EXTERNAL TABLE cloudtrail_logs ("),
        "{out}"
    );
}

#[test]
fn export_parquet_writes_a_new_folder_and_never_into_one() {
    let d = tempfile::tempdir().unwrap();
    let file = real_file();
    let dir = d.path().join("pq");
    let (code, _, err) = ts(&[
        "export",
        "--parquet",
        dir.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 2 events in 1 Parquet files"), "{err}");
    let part = dir.join("account=111111111111/region=eu-central-1/date=2017-12-11/part-0.parquet");
    let bytes = std::fs::read(&part).unwrap();
    assert_eq!(&bytes[..4], b"PAR1");
    assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
    // No temporary left beside it.
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["pq"]);
    // Again: refused, and what is there is untouched.
    let (code, _, err) = ts(&[
        "export",
        "--parquet",
        dir.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&part).unwrap(), bytes);
    // An empty folder is not written into either.
    let empty = d.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, _, _) = ts(&[
        "export",
        "--parquet",
        empty.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn objects_from_loads_only_the_objects_a_result_names() {
    let d = tempfile::tempdir().unwrap();
    let key = "AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11";
    let synced = d.path().join("synced");
    std::fs::create_dir_all(synced.join(key)).unwrap();
    std::fs::copy(real_file(), synced.join(key).join("a.json.gz")).unwrap();
    std::fs::copy(real_file(), synced.join(key).join("b.json.gz")).unwrap();
    let csv = d.path().join("result.csv");
    std::fs::write(
        &csv,
        format!("\"$path\",\"eventid\"\n\"s3://bucket/prefix/{key}/a.json.gz\",\"x\"\n"),
    )
    .unwrap();
    let args = |f: &str| {
        vec![
            "query".to_string(),
            "--objects-from".into(),
            csv.to_str().unwrap().into(),
            synced.to_str().unwrap().into(),
            "--format".into(),
            "count".into(),
            "-f".into(),
            f.into(),
        ]
    };
    let run = |f: &str| {
        let a = args(f);
        ts(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Only a.json.gz (b.json.gz holds the same events, and would be reported as duplicates).
    let (code, out, err) = run("");
    assert_eq!((code, out.trim()), (0, "2"), "{err}");
    assert!(err.is_empty(), "{err}");
    // The filter is applied again.
    let (code, out, _) = run("name:NoSuchCall");
    assert_eq!((code, out.trim()), (1, "0"));
    // An object found nowhere is named; none found is an error.
    std::fs::write(
        &csv,
        format!("\"$path\"\n\"s3://bucket/{key}/gone.json.gz\"\n"),
    )
    .unwrap();
    let (code, _, err) = run("");
    assert_eq!(code, 2);
    assert!(err.contains("gone.json.gz: not found under"), "{err}");
    assert!(err.contains("none of its 1 objects found"), "{err}");
}
