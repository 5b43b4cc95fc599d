//! The table the SQL is written against: CloudTrail's standard Athena table (the one AWS's
//! console and documentation create, "Creating the table for CloudTrail logs in Athena using
//! partition projection"), as one tree of columns. The translator resolves JSON paths through
//! it, [`athena_ddl`] prints it, and `export --parquet` writes Parquet files of the same shape
//! (plus [`EXTRA`]), so one query text reads either.

/// One column (or struct member) of the table. Names are lower case, as Athena keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// `STRING`: a JSON string as it is, a number or boolean as its text, an object or array
    /// as its JSON text (what Athena's JSON SerDe gives for a nested value in a string column).
    Text(&'static str),
    /// `STRUCT<…>`.
    Struct(&'static str, &'static [Col]),
    /// `ARRAY<STRUCT<…>>`.
    List(&'static str, &'static [Col]),
    /// `MAP<STRING,STRING>`.
    Map(&'static str),
}

impl Col {
    /// Its name.
    pub const fn name(&self) -> &'static str {
        match self {
            Col::Text(n) | Col::Struct(n, _) | Col::List(n, _) | Col::Map(n) => n,
        }
    }
}

use Col::{List, Map, Struct, Text};

const SESSION_ISSUER: &[Col] = &[
    Text("type"),
    Text("principalid"),
    Text("arn"),
    Text("accountid"),
    Text("username"),
];

const USER_IDENTITY: &[Col] = &[
    Text("type"),
    Text("principalid"),
    Text("arn"),
    Text("accountid"),
    Text("invokedby"),
    Text("accesskeyid"),
    Text("username"),
    Struct("onbehalfof", &[Text("userid"), Text("identitystorearn")]),
    Struct(
        "sessioncontext",
        &[
            Struct(
                "attributes",
                &[Text("mfaauthenticated"), Text("creationdate")],
            ),
            Struct("sessionissuer", SESSION_ISSUER),
            Text("ec2roledelivery"),
            Struct(
                "webidfederationdata",
                &[Text("federatedprovider"), Map("attributes")],
            ),
        ],
    ),
];

/// The columns of CloudTrail's Athena table, in its order.
pub const COLUMNS: &[Col] = &[
    Text("eventversion"),
    Struct("useridentity", USER_IDENTITY),
    Text("eventtime"),
    Text("eventsource"),
    Text("eventname"),
    Text("awsregion"),
    Text("sourceipaddress"),
    Text("useragent"),
    Text("errorcode"),
    Text("errormessage"),
    Text("requestparameters"),
    Text("responseelements"),
    Text("additionaleventdata"),
    Text("requestid"),
    Text("eventid"),
    Text("readonly"),
    List("resources", &[Text("arn"), Text("accountid"), Text("type")]),
    Text("eventtype"),
    Text("apiversion"),
    Text("recipientaccountid"),
    Text("serviceeventdetails"),
    Text("sharedeventid"),
    Text("vpcendpointid"),
    Text("vpcendpointaccountid"),
    Text("eventcategory"),
    Struct(
        "addendum",
        &[
            Text("reason"),
            Text("updatedfields"),
            Text("originalrequestid"),
            Text("originaleventid"),
        ],
    ),
    Text("sessioncredentialfromconsole"),
    Text("edgedevicedetails"),
    Struct(
        "tlsdetails",
        &[
            Text("tlsversion"),
            Text("ciphersuite"),
            Text("clientprovidedhostheader"),
        ],
    ),
];

/// What `export --parquet` adds to [`COLUMNS`]: trailscope's display name of the principal
/// (`who:`) and the original record, byte for byte (the page codec compresses it).
pub const EXTRA: &[Col] = &[Text("who"), Text("record")];

/// The partitions of the Athena table (`storage.location.template`
/// `…/AWSLogs/${account}/CloudTrail/${region}/${timestamp}`), `timestamp` as `yyyy/MM/dd`.
pub const ATHENA_PARTITIONS: &[&str] = &["account", "region", "timestamp"];

/// The partitions of `export --parquet` (Hive style folders `account=…/region=…/date=…`),
/// `date` as `yyyy-MM-dd`.
pub const PARQUET_PARTITIONS: &[&str] = &["account", "region", "date"];

fn ddl_type(c: &Col, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match c {
        Text(_) => out.push_str("STRING"),
        Map(_) => out.push_str("MAP<STRING,STRING>"),
        Struct(_, kids) | List(_, kids) => {
            out.push_str(if matches!(c, List(..)) {
                "ARRAY<STRUCT<\n"
            } else {
                "STRUCT<\n"
            });
            for (i, k) in kids.iter().enumerate() {
                out.push_str(&pad);
                out.push_str("    ");
                out.push_str(k.name());
                out.push_str(": ");
                ddl_type(k, indent + 4, out);
                if i + 1 < kids.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad);
            out.push_str(if matches!(c, List(..)) { ">>" } else { ">" });
        }
    }
}

/// The columns as `name TYPE` lines of a `CREATE TABLE`.
pub fn column_ddl(cols: &[Col]) -> String {
    let mut out = String::new();
    for (i, c) in cols.iter().enumerate() {
        out.push_str("    ");
        out.push_str(c.name());
        out.push(' ');
        ddl_type(c, 4, &mut out);
        if i + 1 < cols.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out
}

/// The `CREATE EXTERNAL TABLE` the `--sql athena` text is written against: AWS's table with
/// partition projection on account, region and day (BUCKET, ACCOUNTS, REGIONS and the start
/// date are the reader's to fill in).
pub fn athena_ddl() -> String {
    format!(
        "CREATE EXTERNAL TABLE cloudtrail_logs (\n{}) \
PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://BUCKET/AWSLogs/'
TBLPROPERTIES (
    'projection.enabled' = 'true',
    'projection.account.type' = 'enum',
    'projection.account.values' = 'ACCOUNTS',
    'projection.region.type' = 'enum',
    'projection.region.values' = 'REGIONS',
    'projection.timestamp.type' = 'date',
    'projection.timestamp.format' = 'yyyy/MM/dd',
    'projection.timestamp.interval' = '1',
    'projection.timestamp.interval.unit' = 'DAYS',
    'projection.timestamp.range' = '2020/01/01,NOW',
    'storage.location.template' = 's3://BUCKET/AWSLogs/${{account}}/CloudTrail/${{region}}/${{timestamp}}'
)",
        column_ddl(COLUMNS)
    )
}

/// The member of `cols` called `name` (ASCII case-insensitively).
pub fn find(cols: &'static [Col], name: &str) -> Option<&'static Col> {
    cols.iter().find(|c| c.name().eq_ignore_ascii_case(name))
}
