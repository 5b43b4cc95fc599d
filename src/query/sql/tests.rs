//! One golden WHERE clause per construct (the whole statement once); the differential test
//! (`tests/sql_diff.rs`) runs them.

use super::*;

fn sql(f: &str, d: Dialect) -> Result<String, SqlError> {
    let filter = Filter::parse(f).expect("parses");
    to_sql(&filter, d, &default_table(d, Some("out")))
}

/// The WHERE clause alone.
fn wh(f: &str, d: Dialect) -> String {
    let s = sql(f, d).unwrap_or_else(|e| panic!("{f}: {e}"));
    let w = s.split_once("\nWHERE ").expect("a WHERE").1;
    w.rsplit_once("\nORDER BY")
        .expect("an ORDER BY")
        .0
        .to_string()
}

fn athena(f: &str) -> String {
    wh(f, Dialect::Athena)
}

fn duck(f: &str) -> String {
    wh(f, Dialect::DuckDb)
}

#[test]
fn whole_statement() {
    let s = sql("name:GetObject", Dialect::DuckDb).unwrap();
    assert_eq!(
        s,
        "-- trailscope filter: name:GetObject\n\
SELECT eventtime, eventid, eventsource, eventname, who, sourceipaddress, errorcode\n\
FROM read_parquet('out/**/*.parquet', hive_partitioning = true)\n\
WHERE lower(coalesce(eventname, '')) = 'getobject'\n\
ORDER BY eventtime"
    );
    let a = sql("", Dialect::Athena).unwrap();
    assert!(a.starts_with("-- trailscope filter: (every event)\nSELECT \"$path\", eventtime"));
    assert!(a.contains("\nFROM cloudtrail_logs\nWHERE TRUE\n"), "{a}");
}

#[test]
fn values_are_case_insensitive_and_absent_is_empty() {
    assert_eq!(
        athena("name:GetObject|PutObject"),
        "lower(coalesce(eventname, '')) IN ('getobject', 'putobject')"
    );
    assert_eq!(athena("error:\"\""), "coalesce(errorcode, '') = ''");
    assert_eq!(athena("error:*"), "coalesce(errorcode, '') <> ''");
    assert_eq!(athena("-error:*"), "NOT (coalesce(errorcode, '') <> '')");
}

#[test]
fn wildcards_are_like_with_escapes() {
    assert_eq!(
        athena("agent:*boto3*"),
        "lower(coalesce(useragent, '')) LIKE '%boto3%' ESCAPE '\\'"
    );
    // `%`, `_` and `\` are literal; quotes are doubled.
    assert_eq!(
        athena(r#"agent:"100%_o'k\\x*""#),
        "lower(coalesce(useragent, '')) LIKE '100\\%\\_o''k\\\\x%' ESCAPE '\\'"
    );
    assert_eq!(
        athena("name:Get*Acl"),
        "lower(coalesce(eventname, '')) LIKE 'get%acl' ESCAPE '\\'"
    );
}

#[test]
fn alternatives_not_and_or() {
    assert_eq!(
        athena("(name:A OR region:b) -source:iam"),
        "((lower(coalesce(eventname, '')) = 'a') OR (lower(coalesce(awsregion, '')) = 'b')) AND (NOT (lower(coalesce(eventsource, '')) IN ('iam', 'iam.amazonaws.com')))"
    );
    // Two columns: either.
    assert_eq!(
        athena("account:1"),
        "(lower(coalesce(recipientaccountid, '')) = '1') OR (lower(coalesce(useridentity.accountid, '')) = '1')"
    );
}

#[test]
fn time_bounds_are_partitions_plus_eventtime() {
    assert_eq!(
        athena("after:2023-07-10T12:00 before:2023-07-12"),
        "\"timestamp\" >= '2023/07/10'\n  AND \"timestamp\" <= '2023/07/12'\n  AND (substr(coalesce(eventtime, ''), 1, 19) >= '2023-07-10T12:00:00') AND (substr(coalesce(eventtime, ''), 1, 19) < '2023-07-12T00:00:00' AND coalesce(eventtime, '') <> '')"
    );
    // DuckDB's folders are the event's own day.
    assert!(duck("before:2023-07-12").starts_with("\"date\" <= '2023-07-11'\n"));
    // Under OR or NOT, no partition predicate.
    assert!(athena("after:2023-07-10 OR name:x").starts_with("(substr"));
    // A fraction of a second rounds up (eventtime has whole seconds).
    assert!(athena("after:2023-07-10T12:00:00.5Z").contains(">= '2023-07-10T12:00:01'"));
}

#[test]
fn cidr_uses_trino_ip_functions_or_ipv4_arithmetic() {
    assert_eq!(
        athena("ip:10.1.2.3/8"),
        "coalesce(contains('10.0.0.0/8', TRY_CAST(coalesce(sourceipaddress, '') AS IPADDRESS)), FALSE)"
    );
    assert_eq!(
        athena("ip:2001:db8::/32"),
        "coalesce(contains('2001:db8::/32', TRY_CAST(coalesce(sourceipaddress, '') AS IPADDRESS)), FALSE)"
    );
    let d = duck("ip:192.168.0.0/16");
    assert!(d.contains("BETWEEN 3232235520 AND 3232301055"), "{d}");
    let e = sql("ip:2001:db8::/32", Dialect::DuckDb).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("ip:2001:db8::/32 — an IPv6 block"),
        "{e}"
    );
}

#[test]
fn json_paths() {
    assert_eq!(
        athena("requestParameters.bucketName:logs*"),
        "lower(coalesce(json_extract_scalar(requestparameters, '$.bucketName'), '')) LIKE 'logs%' ESCAPE '\\'"
    );
    assert_eq!(
        duck("requestParameters.items[0].id:x"),
        "lower(coalesce(json_extract_string(requestparameters, '$.items[0].id'), '')) = 'x'"
    );
    // Struct members are columns, not JSON.
    assert_eq!(
        athena("userIdentity.sessionContext.attributes.mfaAuthenticated:true"),
        "lower(coalesce(useridentity.sessioncontext.attributes.mfaauthenticated, '')) = 'true'"
    );
    assert_eq!(
        athena("resources[0].ARN:x"),
        "lower(coalesce(element_at(resources, 1).arn, '')) = 'x'"
    );
    assert_eq!(
        athena("resources.type:AWS::S3::Object"),
        "coalesce(cardinality(filter(resources, r -> lower(coalesce(r.type, '')) = 'aws::s3::object')), 0) > 0"
    );
    // Approximations are said.
    let s = sql("requestParameters.bucketName:x", Dialect::Athena).unwrap();
    assert!(
        s.contains(
            "\n-- approximation: requestParameters.bucketName: JSON keys are compared as typed"
        ),
        "{s}"
    );
    let e = sql("userIdentity.nope:x", Dialect::Athena).unwrap_err();
    assert_eq!(e.term, "userIdentity.nope:");
    assert!(e.reason.contains("no member 'nope'"), "{e}");
    let e = sql("foo.bar:x", Dialect::Athena).unwrap_err();
    assert!(e.reason.contains("'foo' is not a column"), "{e}");
}

#[test]
fn resources_absent_is_the_empty_value() {
    assert_eq!(
        athena("resource:\"\""),
        "coalesce(cardinality(resources), 0) = 0 OR coalesce(cardinality(filter(resources, r -> coalesce(r.arn, '') = '')), 0) > 0"
    );
    assert_eq!(
        duck("resource:arn:aws:s3:::b*"),
        "coalesce(len(list_filter(resources, r -> lower(coalesce(r.arn, '')) LIKE 'arn:aws:s3:::b%' ESCAPE '\\')), 0) > 0"
    );
}

#[test]
fn who_is_a_column_in_parquet_and_an_expression_in_athena() {
    assert_eq!(duck("who:alice"), "lower(coalesce(who, '')) = 'alice'");
    let a = athena("who:alice");
    assert!(
        a.starts_with(
            "lower(coalesce(coalesce(CASE coalesce(useridentity.type, '') WHEN 'Root' THEN 'root'"
        ),
        "{a}"
    );
}

#[test]
fn ids_and_readonly() {
    assert_eq!(athena("id:ABC"), "lower(coalesce(eventid, '')) = 'abc'");
    assert_eq!(athena("request:*"), "coalesce(requestid, '') <> ''");
    assert_eq!(
        athena("readonly:false"),
        "coalesce(readonly, '') IN ('false', 'False', 'FALSE')"
    );
    assert_eq!(
        athena("readonly:\"\""),
        "coalesce(readonly, '') NOT IN ('true', 'True', 'TRUE', 'false', 'False', 'FALSE')"
    );
}

#[test]
fn bare_words_only_where_the_record_is() {
    let e = sql("mimikatz", Dialect::Athena).unwrap_err();
    assert_eq!(e.term, "mimikatz (a bare word)");
    assert!(e.reason.contains("no column"), "{e}");
    assert_eq!(
        duck("Mimikatz|evil"),
        "contains(lower(coalesce(record, '')), 'mimikatz') OR contains(lower(coalesce(record, '')), 'evil')"
    );
}

#[test]
fn what_sql_cannot_see_is_an_error_naming_the_term() {
    for (f, term) in [
        ("lineage:AKIA1", "lineage:"),
        ("flag:multi-ip", "flag:"),
        ("level:high", "rule:/level:/tactic:/technique:/detect:"),
        ("insight:*", "insight:"),
        ("verified:no", "verified:"),
        ("last:2h", "last:"),
        ("name:x -lineage:AKIA1", "lineage:"),
    ] {
        for d in [Dialect::Athena, Dialect::DuckDb] {
            let e = sql(f, d).unwrap_err();
            assert_eq!(e.term, term, "{f}");
        }
    }
}

#[test]
fn the_filter_text_cannot_end_its_comment() {
    let s = sql("name:\"a\nb\"", Dialect::Athena).unwrap();
    assert!(
        s.starts_with("-- trailscope filter: name:\"a b\"\nSELECT"),
        "{s}"
    );
    let s = sql("who:*/*", Dialect::Athena).unwrap();
    assert!(
        s.starts_with("-- trailscope filter: who:* / *\nSELECT"),
        "{s}"
    );
}

#[test]
fn the_ddl_names_every_column() {
    let ddl = table::athena_ddl();
    for c in table::COLUMNS {
        assert!(
            ddl.contains(&format!("\n    {} ", c.name())),
            "{}",
            c.name()
        );
    }
    assert!(ddl.contains("PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)"));
    // docs/scale.md shows the table the SQL is written against.
    let doc = include_str!("../../../docs/scale.md");
    assert!(
        doc.contains(&ddl),
        "docs/scale.md must quote table::athena_ddl():\n{ddl}\n--END--"
    );
}
