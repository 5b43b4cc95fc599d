#!/usr/bin/env python3
"""Runs trailscope's generated SQL in DuckDB, for tests/sql_diff.rs.

    sql_diff.py CASES.json OUT.json

CASES.json: {"parquet": DIR, "cases": [{"filter": F, "duckdb": SQL, "athena": SQL}, ...]}.
For each case, OUT.json gets the eventIDs each SQL selects (or the error it raised):
{"results": [{"duckdb": [...] | {"error": ...}, "athena": [...] | {"error": ...},
"athena_duckdb": TRANSPILED}, ...]}.

`duckdb` runs as written, over read_parquet of the export. `athena` (Trino's dialect) is
transpiled to DuckDB by sqlglot and run over a view with the shape of CloudTrail's Athena table:
the export's columns less trailscope's own (`who`, `record`), the `timestamp` partition
(yyyy/MM/dd) and "$path". One construct has no DuckDB counterpart and is mapped here:
Trino's `contains(CIDR, TRY_CAST(x AS IPADDRESS))` becomes a DuckDB macro with Trino's meaning
for IPv4 (NULL when x is not an address; IPv4-mapped IPv6 addresses count as IPv4).
"""

import json
import sys

import duckdb
import sqlglot
from sqlglot import exp


# Trino's contains(CIDR, TRY_CAST(ip AS IPADDRESS)) as DuckDB macros, for IPv4 blocks (the
# addresses and blocks the test uses): NULL when ip is not an IPv4 address (dotted quad without
# leading zeros, optionally IPv4-mapped as ::ffff:a.b.c.d), as TRY_CAST gives NULL.
OCT = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IP4 = f"^(?i:::ffff:)?{OCT}\\.{OCT}\\.{OCT}\\.{OCT}$"
MACROS = [
    "CREATE MACRO ts_ip4(s) AS CASE WHEN regexp_matches(s, '" + IP4 + "') THEN "
    + " + ".join(
        f"CAST(regexp_extract(s, '{IP4}', {i}) AS BIGINT) * {256 ** (4 - i)}" for i in range(1, 5)
    )
    + " END",
    "CREATE MACRO ts_ip_in(net, ip) AS "
    "ts_ip4(ip) // (2 ** (32 - CAST(split_part(net, '/', 2) AS INTEGER)))::BIGINT = "
    "ts_ip4(split_part(net, '/', 1)) // (2 ** (32 - CAST(split_part(net, '/', 2) AS INTEGER)))::BIGINT",
]


def is_ip_cast(node):
    return isinstance(node, (exp.Cast, exp.TryCast)) and node.to.sql().upper() == "IPADDRESS"


def map_ip(node):
    # sqlglot reads Trino's contains(a, b) as an array containment.
    if isinstance(node, exp.ArrayContains) and is_ip_cast(node.expression):
        return exp.Anonymous(this="ts_ip_in", expressions=[node.this, node.expression.this])
    return node


def transpile(athena):
    tree = sqlglot.parse_one(athena, read="trino")
    return tree.transform(map_ip).sql(dialect="duckdb")


def ids(con, sql):
    try:
        rows = con.execute(f"SELECT eventid FROM ({sql}\n) AS q").fetchall()
        return [r[0] for r in rows]
    except Exception as e:  # reported per case by the Rust side
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    spec = json.load(open(sys.argv[1]))
    pq = spec["parquet"].replace("'", "''")
    con = duckdb.connect()
    for m in MACROS:
        con.execute(m)
    con.execute(
        "CREATE VIEW cloudtrail_logs AS SELECT * EXCLUDE (who, record, \"date\"), "
        "replace(\"date\", '-', '/') AS \"timestamp\", filename AS \"$path\" "
        f"FROM read_parquet('{pq}/**/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false, filename = true)"
    )
    out = []
    for c in spec["cases"]:
        r = {"duckdb": ids(con, c["duckdb"])}
        if c.get("athena") is not None:
            try:
                t = transpile(c["athena"])
                r["athena_duckdb"] = t
                r["athena"] = ids(con, t)
            except Exception as e:
                r["athena"] = {"error": f"transpile: {type(e).__name__}: {e}"}
        out.append(r)
    json.dump({"results": out}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
