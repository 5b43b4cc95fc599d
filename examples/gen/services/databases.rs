//! Amazon RDS and AWS Backup.

use crate::event::{null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{rand_str, uuid, LOWER_ALNUM, UPPER_ALNUM};
use crate::services::generic::generic_body;
use crate::time::{human_ts, iso};

pub fn body(c: &mut Ctx, sc: &mut Scratch) {
    let (name, err, svc) = (c.e.name, c.failed(), c.svc());
    let r = c.r();
    let aid = c.aid();
    let o = &mut sc.body;
    match (svc, name) {
        ("rds", "ModifyDBInstance")
        | ("rds", "ModifyDBSnapshotAttribute")
        | ("rds", "CreateDBSnapshot") => {
            let db = c.pool("rds");
            sc.x = db.to_string();
            let snap = format!("{db}-{}", &iso(c.t)[..10]);
            o.ko("requestParameters");
            match name {
                "ModifyDBInstance" => {
                    o.ks("dBInstanceIdentifier", db);
                    if c.lane.prof == Prof::Exfil {
                        o.ks("masterUserPassword", "HIDDEN_DUE_TO_SECURITY_REASONS");
                        o.kb("publiclyAccessible", true);
                    } else {
                        o.ks(
                            "dBInstanceClass",
                            ["db.r6g.large", "db.r6g.xlarge", "db.t4g.medium"][c.rng.idx(3)],
                        );
                    }
                    o.kb("applyImmediately", true);
                }
                "ModifyDBSnapshotAttribute" => {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("attributeName", "restore");
                    o.ka("valuesToAdd");
                    o.es(if c.lane.prof == Prof::Exfil {
                        "all"
                    } else {
                        &c.g.ext_accts[1]
                    });
                    o.ca();
                }
                _ => {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("dBInstanceIdentifier", db);
                }
            }
            o.c();
            if err || name == "ModifyDBSnapshotAttribute" {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ko(if name == "ModifyDBInstance" {
                    "dBInstance"
                } else {
                    "dBSnapshot"
                });
                o.ks("dBInstanceIdentifier", db);
                if name == "CreateDBSnapshot" {
                    o.ks("dBSnapshotIdentifier", &snap);
                    o.ks("snapshotType", "manual");
                    o.ks("status", "creating");
                    o.kn("allocatedStorage", 200);
                    o.ks("engine", "postgres");
                    o.ks("engineVersion", "16.4");
                    o.kb("encrypted", true);
                    o.ks("dBSnapshotArn", &c.arn("rds", &format!("snapshot:{snap}")));
                } else {
                    o.ks("dBInstanceClass", "db.r6g.large");
                    o.ks("engine", "postgres");
                    o.ks("dBInstanceStatus", "available");
                    o.ks("masterUsername", "app_admin");
                    o.ko("endpoint");
                    o.ks(
                        "address",
                        &format!(
                            "{db}.c{}.{r}.rds.amazonaws.com",
                            rand_str(&mut c.rng, LOWER_ALNUM, 11)
                        ),
                    );
                    o.kn("port", 5432);
                    o.ks("hostedZoneId", "Z2R2ITUGPM61AM");
                    o.c();
                    o.kn("allocatedStorage", 200);
                    o.ks("preferredBackupWindow", "03:00-04:00");
                    o.kn("backupRetentionPeriod", 7);
                    o.kb("multiAZ", true);
                    o.ks("engineVersion", "16.4");
                    o.kb("autoMinorVersionUpgrade", true);
                    o.kb("publiclyAccessible", c.lane.prof == Prof::Exfil);
                    o.ks("storageType", "gp3");
                    o.kb("storageEncrypted", true);
                    o.ks("kmsKeyId", &c.kms_arn());
                    o.ks(
                        "dbiResourceId",
                        &format!("db-{}", rand_str(&mut c.rng, UPPER_ALNUM, 26)),
                    );
                    o.ks("dBInstanceArn", &c.arn("rds", &format!("db:{db}")));
                    o.kb("deletionProtection", true);
                }
                o.c();
                o.c();
            }
        }
        ("backup", "StartBackupJob") => {
            let v = c.pool("backup");
            let t = c.pool("dynamodb");
            o.ko("requestParameters");
            o.ks("backupVaultName", v);
            o.ks("resourceArn", &c.arn("dynamodb", &format!("table/{t}")));
            o.ks(
                "iamRoleArn",
                &format!("arn:aws:iam::{aid}:role/service-role/AWSBackupDefaultServiceRole"),
            );
            o.ks("idempotencyToken", &uuid(&mut c.rng));
            o.kr("lifecycle", "{\"deleteAfterDays\":35}");
            o.c();
            if err {
                null_resp(o);
            } else {
                o.ko("responseElements");
                o.ks("backupJobId", &uuid(&mut c.rng).to_uppercase());
                o.ks("creationDate", &human_ts(c.t));
                o.kb("isParent", false);
                o.c();
            }
        }
        _ => generic_body(c, sc),
    }
}
