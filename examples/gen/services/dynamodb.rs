//! Amazon DynamoDB.

use crate::event::{add_res, list_call, null_resp, tag_list, Ctx, Err, Scratch};
use crate::json::Js;
use crate::rng::{hexs, uuid, Rng};
use crate::time::{human_ts, push_iso};

pub fn ddb_key(o: &mut Vec<u8>, rng: &mut Rng, t: i64) {
    o.ko("key");
    match rng.below(3) {
        0 => o.ks("pk", &format!("USER#{}", uuid(rng))),
        1 => {
            o.ks("pk", &format!("TENANT#{}", rng.range(1000, 9999)));
            let mut v = Vec::new();
            push_iso(&mut v, t - rng.below(86_400 * 30) as i64);
            o.ks("sk", &format!("ORDER#{}", String::from_utf8(v).unwrap()));
        }
        _ => o.ks("id", &hexs(rng, 24)),
    }
    o.c();
}

pub fn ddb_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let table = c.pool("dynamodb");
    let tarn = c.arn("dynamodb", &format!("table/{table}"));
    sc.x = table.to_string();
    sc.arn = tarn.clone();
    let o = &mut sc.body;
    match name {
        "ListTables" => {
            list_call(o, &mut c.rng, 50, "limit", |_| 100);
            return;
        }
        "BatchWriteItem" | "BatchGetItem" => {
            o.ko("requestParameters");
            o.ka("requestItems");
            for _ in 0..c.rng.range(1, 12) {
                o.eo();
                o.ks("tableName", table);
                ddb_key(o, &mut c.rng, c.t);
                o.c();
            }
            o.ca();
            o.c();
            null_resp(o);
        }
        "GetItem" | "PutItem" | "DeleteItem" | "UpdateItem" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            ddb_key(o, &mut c.rng, c.t);
            match name {
                "GetItem" => o.kb("consistentRead", c.rng.pct(20)),
                "UpdateItem" => {
                    o.ks("updateExpression", "SET #s = :s, #u = :u ADD #v :one");
                    o.ks("conditionExpression", "attribute_exists(pk)");
                    o.kr(
                        "expressionAttributeNames",
                        "{\"#s\":\"status\",\"#u\":\"updatedAt\",\"#v\":\"version\"}",
                    );
                }
                "PutItem" if c.rng.pct(40) => {
                    o.ks("conditionExpression", "attribute_not_exists(pk)")
                }
                _ => {}
            }
            o.c();
            null_resp(o);
            if c.err == Err::NotFound && name != "GetItem" {
                sc.nf = Some((
                    "ConditionalCheckFailedException",
                    "The conditional request failed".into(),
                ));
            }
        }
        "Query" | "Scan" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "Query" {
                if c.rng.pct(30) {
                    o.ks("indexName", "gsi1");
                }
                o.ks(
                    "keyConditionExpression",
                    "#pk = :pk AND begins_with(#sk, :sk)",
                );
                o.kr(
                    "expressionAttributeNames",
                    "{\"#pk\":\"pk\",\"#sk\":\"sk\"}",
                );
                o.kb("scanIndexForward", false);
                o.kn("limit", [25, 50, 100][c.rng.idx(3)]);
            } else {
                o.ks("select", "ALL_ATTRIBUTES");
                o.kn("limit", 1000);
                if c.rng.pct(30) {
                    o.kn("totalSegments", 8);
                    o.kn("segment", c.rng.below(8));
                }
            }
            o.kb("consistentRead", false);
            o.c();
            null_resp(o);
        }
        "CreateTable" | "DeleteTable" | "UpdateTable" => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "CreateTable" {
                o.kr("attributeDefinitions", "[{\"attributeName\":\"pk\",\"attributeType\":\"S\"},{\"attributeName\":\"sk\",\"attributeType\":\"S\"}]");
                o.kr("keySchema", "[{\"attributeName\":\"pk\",\"keyType\":\"HASH\"},{\"attributeName\":\"sk\",\"keyType\":\"RANGE\"}]");
                o.ks("billingMode", "PAY_PER_REQUEST");
                o.kr("sSESpecification", "{\"enabled\":true,\"sSEType\":\"KMS\"}");
                tag_list(o, "tags", &mut c.rng, c.a.env, "key", "value");
            } else if name == "UpdateTable" {
                o.kr(
                    "provisionedThroughput",
                    "{\"readCapacityUnits\":50,\"writeCapacityUnits\":25}",
                );
            }
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko("tableDescription");
                o.ks("tableName", table);
                o.ks(
                    "tableStatus",
                    ["CREATING", "DELETING", "UPDATING"][[
                        "CreateTable",
                        "DeleteTable",
                        "UpdateTable",
                    ]
                    .iter()
                    .position(|x| *x == name)
                    .unwrap()],
                );
                o.ks("creationDateTime", &human_ts(c.t));
                o.kr("provisionedThroughput", "{\"numberOfDecreasesToday\":0,\"readCapacityUnits\":0,\"writeCapacityUnits\":0}");
                o.kn("tableSizeBytes", 0);
                o.kn("itemCount", 0);
                o.ks("tableArn", &tarn);
                o.ks("tableId", &uuid(&mut c.rng));
                o.kr(
                    "billingModeSummary",
                    "{\"billingMode\":\"PAY_PER_REQUEST\"}",
                );
                o.kb("deletionProtectionEnabled", false);
                o.c();
                o.c();
            }
        }
        "ExportTableToPointInTime" => {
            o.ko("requestParameters");
            o.ks("tableArn", &tarn);
            o.ks("s3Bucket", &c.g.ext_accts[0].clone());
            o.ks("exportFormat", "DYNAMODB_JSON");
            o.ks("clientToken", &uuid(&mut c.rng));
            o.c();
            null_resp(o);
        }
        "ListTagsOfResource" => {
            o.ko("requestParameters");
            o.ks("resourceArn", &tarn);
            o.c();
            null_resp(o);
        }
        _ => {
            o.ko("requestParameters");
            o.ks("tableName", table);
            if name == "CreateBackup" {
                o.ks(
                    "backupName",
                    &format!("{table}-{}", c.rng.range(1000, 9999)),
                );
            }
            o.c();
            null_resp(o);
        }
    }
    if c.e.data {
        add_res(&mut sc.res, "AWS::DynamoDB::Table", &tarn, Some(c.aid()));
    }
}
