"""Derives the filter counts asserted in tests/cli.rs independently of trailscope, with
Python's json module. Run from the project root: python3 tests/data/derive_counts.py"""
import glob, gzip, ipaddress, json, os
from datetime import datetime, timezone

recs = []
for root in ["tests/data", "assets/demo/invictus"]:
    for f in sorted(glob.glob(root + "/**/*", recursive=True)):
        if os.path.isdir(f) or "LICENSE" in f or f.endswith((".md", ".py")):
            continue
        b = open(f, "rb").read()
        if b[:2] == b"\x1f\x8b":
            b = gzip.decompress(b)
        s = b.decode()
        try:
            d = json.loads(s)
            if "Records" in d:
                rs = d["Records"]
            elif "Events" in d:
                rs = [json.loads(e["CloudTrailEvent"]) if "CloudTrailEvent" in e else e for e in d["Events"]]
            else:
                rs = [d]
        except ValueError:
            rs = []
            for line in s.splitlines():
                if line.strip():
                    o = json.loads(line)
                    rs.append(json.loads(o["CloudTrailEvent"]) if "CloudTrailEvent" in o else o)
        recs += rs

# Duplicate deliveries: same eventID and same content (records without an eventID are all kept).
seen, uniq = set(), []
for r in recs:
    c = json.dumps(r, sort_keys=True)
    if r.get("eventID") is not None:
        if c in seen:
            continue
        seen.add(c)
    uniq.append(r)
print("records", len(recs), "distinct", len(uniq))


def s(v):
    return v if isinstance(v, str) else None


def t(r):
    v = s(r.get("eventTime"))
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%SZ"):
        try:
            return datetime.strptime(v or "", fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return None


def ui(r):
    return r.get("userIdentity") if isinstance(r.get("userIdentity"), dict) else {}


def inip(r):
    try:
        return ipaddress.ip_address(r.get("sourceIPAddress")) in ipaddress.ip_network("10.0.0.0/8")
    except ValueError:
        return False


lo = datetime(2023, 7, 10, 12, 0, tzinfo=timezone.utc)
hi = datetime(2023, 7, 10, 12, 10, tzinfo=timezone.utc)
checks = {
    "error:AccessDenied": lambda r: (s(r.get("errorCode")) or "").lower() == "accessdenied",
    "error:*": lambda r: bool(s(r.get("errorCode"))),
    "name:AssumeRole": lambda r: (s(r.get("eventName")) or "").lower() == "assumerole",
    "source:s3": lambda r: s(r.get("eventSource")) == "s3.amazonaws.com",
    "type:AssumedRole": lambda r: ui(r).get("type") == "AssumedRole",
    "readonly:false": lambda r: r.get("readOnly") in (False, "false"),
    "ip:10.0.0.0/8": inip,
    "name:GetObject|PutObject": lambda r: s(r.get("eventName")) in ("GetObject", "PutObject"),
    '"access denied"': lambda r: "access denied" in json.dumps(r, ensure_ascii=False).lower(),
    "after:12:00 before:12:10": lambda r: t(r) is not None and lo <= t(r) < hi,
    "category:Insight": lambda r: r.get("eventCategory") == "Insight",
    "region:us-east-1 name:Describe*": lambda r: r.get("awsRegion") == "us-east-1"
    and (s(r.get("eventName")) or "").startswith("Describe"),
    "name:AssumeRole OR error:AccessDenied": lambda r: (s(r.get("eventName")) or "").lower() == "assumerole"
    or (s(r.get("errorCode")) or "").lower() == "accessdenied",
}
for k, f in checks.items():
    print(k, sum(1 for r in uniq if f(r)))

# The examples of the README's filter section and of `trailscope help filter`
# (src/query/help.rs EXAMPLES), asserted in tests/cli.rs.
import fnmatch


def glob(v, pat):
    """A present (non-empty) string matching a case-insensitive `*` pattern."""
    return isinstance(v, str) and v != "" and fnmatch.fnmatchcase(v.lower(), pat.lower())


def ci(o, k):
    """o[k] with the key compared ASCII case-insensitively, as trailscope's JSON paths do."""
    if not isinstance(o, dict):
        return None
    for kk, v in o.items():
        if kk.lower() == k.lower():
            return v
    return None


def d(r, k):
    v = ci(r, k)
    return {kk.lower(): vv for kk, vv in v.items()} if isinstance(v, dict) else {}


def in_nets(r, nets):
    try:
        a = ipaddress.ip_address(r.get("sourceIPAddress"))
    except ValueError:
        return False
    return any(a.version == ipaddress.ip_network(n).version and a in ipaddress.ip_network(n) for n in nets)


def first_arn(r):
    res = ci(r, "resources")
    return ci(res[0], "ARN") if isinstance(res, list) and res else None


def lc(v):
    return (s(v) or "").lower()


examples = {
    "name:ConsoleLogin responseElements.ConsoleLogin:Failure": lambda r: lc(r.get("eventName")) == "consolelogin"
    and lc(d(r, "responseElements").get("consolelogin")) == "failure",
    "source:iam readonly:false": lambda r: lc(r.get("eventSource")) in ("iam", "iam.amazonaws.com")
    and r.get("readOnly") in (False, "false"),
    "error:AccessDenied|*UnauthorizedOperation": lambda r: lc(r.get("errorCode")) == "accessdenied"
    or glob(r.get("errorCode"), "*unauthorizedoperation"),
    'message:"*is not authorized*"': lambda r: glob(r.get("errorMessage"), "*is not authorized*"),
    "type:Root -name:ConsoleLogin": lambda r: ui(r).get("type") == "Root" and lc(r.get("eventName")) != "consolelogin",
    "arn:*assumed-role/* (name:Delete*|Put* OR error:*)": lambda r: glob(ui(r).get("arn"), "*assumed-role/*")
    and (glob(r.get("eventName"), "delete*") or glob(r.get("eventName"), "put*") or bool(s(r.get("errorCode")))),
    "ip:10.0.0.0/8 OR ip:2001:db8::/32": lambda r: in_nets(r, ["10.0.0.0/8", "2001:db8::/32"]),
    "requestParameters.bucketName:stratus-red-team-*": lambda r: glob(
        d(r, "requestParameters").get("bucketname"), "stratus-red-team-*"
    ),
    "sharedEventID:*": lambda r: bool(s(ci(r, "sharedEventID"))),
    "resources[0].ARN:arn:aws:s3:::*": lambda r: glob(first_arn(r), "arn:aws:s3:::*"),
    'agent:"Mozilla/5.0 (X11*"': lambda r: glob(r.get("userAgent"), "mozilla/5.0 (x11*"),
    'after:2023-07-10T12:00 before:2023-07-10T12:10 -agent:"AWS Internal"': lambda r: t(r) is not None
    and lo <= t(r) < hi
    and lc(r.get("userAgent")) != "aws internal",
    '"access denied"': lambda r: "access denied" in json.dumps(r, ensure_ascii=False).lower(),
}
print("examples:")
for k, f in examples.items():
    print(k, sum(1 for r in uniq if f(r)))

# More cases of tests/cli.rs: wildcards inside quotes, fields without an alias, paths
# crossing arrays.
more = {
    'message:"Rate *"': lambda r: glob(r.get("errorMessage"), "rate *"),
    'message:"Rate exceeded"': lambda r: lc(r.get("errorMessage")) == "rate exceeded",
    "tlsDetails.tlsVersion:TLSv1.2": lambda r: lc(d(r, "tlsDetails").get("tlsversion")) == "tlsv1.2",
    "resources.ARN:*:role/*": lambda r: isinstance(ci(r, "resources"), list)
    and any(glob(ci(x, "ARN"), "*:role/*") for x in ci(r, "resources")),
}
print("more:")
for k, f in more.items():
    print(k, sum(1 for r in uniq if f(r)))
