//! Step Functions, Glue, Athena and EventBridge.

use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::rng::uuid;
use crate::services::generic::generic_body;
use crate::time::{civil, human_ts, iso};

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("states", "StartExecution") => {
            let s = c.pool("states");
            let sm = c.arn("states", &format!("stateMachine:{s}"));
            let ex = uuid(&mut c.rng);
            o.ko("requestParameters");
            o.ks("stateMachineArn", &sm);
            o.ks("name", &ex);
            o.ks("input", "HIDDEN_DUE_TO_SECURITY_REASONS");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks(
                    "executionArn",
                    &c.arn("states", &format!("execution:{s}:{ex}")),
                );
                o.ks("startDate", &human_ts(c.t));
                o.c();
            }
        }
        ("glue", "BatchCreatePartition") | ("glue", "GetPartitions") | ("glue", "GetTable") => {
            let db = c.pick(&c.a.glue_dbs).to_string();
            let t = c.pool("glue");
            sc.x = t.to_string();
            o.ko("requestParameters");
            o.ks("databaseName", &db);
            if name == "GetTable" {
                o.ks("name", t);
            } else {
                o.ks("tableName", t);
            }
            if name == "GetPartitions" {
                o.ks(
                    "expression",
                    &format!("dt >= '{}'", &iso(c.t - 7 * 86_400)[..10]),
                );
                o.kn("maxResults", 1000);
                o.kb("excludeColumnSchema", true);
            }
            if name == "BatchCreatePartition" {
                o.ks("catalogId", aid);
                o.ka("partitionInputList");
                for _ in 0..c.rng.range(1, 4) {
                    let (y, m, d, h, ..) = civil(c.t - 3600 * c.rng.below(24) as i64);
                    o.eo();
                    o.ka("values");
                    for v in [
                        y.to_string(),
                        format!("{m:02}"),
                        format!("{d:02}"),
                        format!("{h:02}"),
                    ] {
                        o.es(&v);
                    }
                    o.ca();
                    o.ko("storageDescriptor");
                    o.ka("columns");
                    for (cn, ct) in [
                        ("event_id", "string"),
                        ("event_time", "timestamp"),
                        ("user_id", "string"),
                        ("tenant_id", "bigint"),
                        ("payload", "string"),
                        ("source", "string"),
                        ("amount", "decimal(18,2)"),
                    ] {
                        o.eo();
                        o.ks("name", cn);
                        o.ks("type", ct);
                        o.c();
                    }
                    o.ca();
                    o.ks("location", &format!("s3://{}-{}-data-lake-raw/{t}/year={y}/month={m:02}/day={d:02}/hour={h:02}/", c.a.org, c.a.env));
                    o.ks(
                        "inputFormat",
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    );
                    o.ks(
                        "outputFormat",
                        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    );
                    o.kb("compressed", false);
                    o.kn("numberOfBuckets", 0);
                    o.kr("serdeInfo", "{\"serializationLibrary\":\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\",\"parameters\":{\"serialization.format\":\"1\"}}");
                    o.kb("storedAsSubDirectories", false);
                    o.c();
                    o.c();
                }
                o.ca();
            }
            o.c();
            if name == "BatchCreatePartition" && !err {
                o.kr("responseElements", "{\"errors\":[]}");
            } else {
                null_resp(o);
            }
        }
        ("athena", "StartQueryExecution") => {
            let t = c.pool("glue");
            let db = c.pick(&c.a.glue_dbs).to_string();
            let day = iso(c.t - 86_400 * c.rng.range(0, 30) as i64);
            let q = match c.rng.below(3) {
                0 => format!("SELECT useridentity.arn, eventname, count(*) AS calls\nFROM \"{db}\".\"cloudtrail_logs\"\nWHERE eventtime >= '{day}' AND errorcode = 'AccessDenied'\nGROUP BY 1, 2\nORDER BY calls DESC\nLIMIT 100"),
                1 => format!("SELECT date_trunc('hour', event_time) AS h, tenant_id, sum(amount) AS total, approx_percentile(amount, 0.99) AS p99\nFROM \"{db}\".\"{t}\"\nWHERE year = '{}' AND month = '{}'\nGROUP BY 1, 2\nORDER BY 1 DESC", &day[..4], &day[5..7]),
                _ => format!("SELECT * FROM \"{db}\".\"{t}\" WHERE user_id = '{}' LIMIT 10", uuid(&mut c.rng)),
            };
            o.ko("requestParameters");
            o.ks("queryString", &q);
            o.ks("clientRequestToken", &uuid(&mut c.rng));
            o.ko("queryExecutionContext");
            o.ks("database", &db);
            o.ks("catalog", "AwsDataCatalog");
            o.c();
            o.ko("resultConfiguration");
            o.ks(
                "outputLocation",
                &format!("s3://{}-{}-athena-results/", c.a.org, c.a.env),
            );
            o.c();
            o.ks("workGroup", c.pool("athena"));
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("queryExecutionId", &uuid(&mut c.rng));
                o.c();
            }
        }
        ("athena", "GetQueryExecution")
        | ("athena", "GetQueryResults")
        | ("athena", "StopQueryExecution") => {
            let q = uuid(&mut c.rng);
            sc.x = q.clone();
            o.ko("requestParameters");
            o.ks("queryExecutionId", &q);
            if name == "GetQueryResults" {
                o.kn("maxResults", 1000);
            }
            o.c();
            null_resp(o);
        }
        ("events", "PutRule") | ("events", "PutTargets") => {
            let rule = c.pool("events");
            o.ko("requestParameters");
            if name == "PutRule" {
                o.ks("name", rule);
                o.ks(
                    "scheduleExpression",
                    ["rate(5 minutes)", "cron(0 3 * * ? *)", "rate(1 hour)"][c.rng.idx(3)],
                );
                o.ks("state", "ENABLED");
                o.ks("description", "Managed by Terraform");
            } else {
                o.ks("rule", rule);
                o.ka("targets");
                o.eo();
                o.ks("id", "lambda");
                let f = c.pool("lambda");
                o.ks("arn", &c.arn("lambda", &format!("function:{f}")));
                o.c();
                o.ca();
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "PutRule" {
                o.ko("responseElements");
                o.ks("ruleArn", &c.arn("events", &format!("rule/{rule}")));
                o.c();
            } else {
                o.kr(
                    "responseElements",
                    "{\"failedEntryCount\":0,\"failedEntries\":[]}",
                );
            }
        }
        _ => generic_body(c, sc),
    }
}
