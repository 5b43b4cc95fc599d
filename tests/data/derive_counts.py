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
