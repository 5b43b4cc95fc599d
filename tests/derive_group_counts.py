"""Derives the group-by counts asserted in tests/top.rs independently of trailscope, with
Python's json module (same reading and deduplication as derive_counts.py).
Run from the project root: python3 tests/derive_group_counts.py (kept out of tests/data, whose
file counts tests/cli.rs asserts)"""
import collections, glob, gzip, json, os

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

seen, uniq = set(), []
for r in recs:
    c = json.dumps(r, sort_keys=True)
    if r.get("eventID") is not None:
        if c in seen:
            continue
        seen.add(c)
    uniq.append(r)


def val(v):
    """A group value: strings as they are, "" / null / missing as None."""
    if v is None or v == "":
        return None
    return v if isinstance(v, str) else json.dumps(v)


def uid(r):
    u = r.get("userIdentity")
    return u if isinstance(u, dict) else {}


def rp(r):
    p = r.get("requestParameters")
    return p if isinstance(p, dict) else {}


# 1. The roles bert-jan (the IAM user) assumed, with counts.
bj = [r for r in uniq if uid(r).get("userName") == "bert-jan" and r.get("eventName") == "AssumeRole"]
print("bert-jan AssumeRole events", len(bj))
for k, n in sorted(collections.Counter(val(rp(r).get("roleArn")) for r in bj).items(), key=lambda x: (-x[1], x[0] or "~")):
    print(f"  {n}  {k}")

# 2. The secrets read.
gs = [r for r in uniq if r.get("eventName") == "GetSecretValue"]
c = collections.Counter(val(rp(r).get("secretId")) for r in gs)
print("GetSecretValue events", len(gs), "distinct secrets", len(c))
for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0] or "~")):
    print(f"  {n}  {k}")

# 3. Keys used from more than one IP (events, distinct IPs).
ips, events = collections.defaultdict(set), collections.Counter()
for r in uniq:
    k = val(uid(r).get("accessKeyId"))
    ips[k].add(val(r.get("sourceIPAddress")))
    events[k] += 1
# The missing IP is not an IP (top's `distinct` leaves it out too).
multi = sorted(((k, events[k], len(v - {None})) for k, v in ips.items() if k is not None and len(v - {None}) > 1), key=lambda x: (-x[2], -x[1], x[0]))
print("keys with more than one IP", len(multi))
for k, n, d in multi:
    print(f"  {k}  events {n}  ips {d}")

# 4. The foreign accounts that received shares (snapshots, AMIs, RDS snapshots).
for name, path in [
    ("ModifySnapshotAttribute", ("createVolumePermission", "add", "items", "userId")),
    ("ModifyImageAttribute", ("launchPermission", "add", "items", "userId")),
    ("ModifyDBSnapshotAttribute", ("valuesToAdd",)),
]:
    rs = [r for r in uniq if r.get("eventName") == name]
    c = collections.Counter()
    for r in rs:
        vs = [rp(r)]
        for k in path:
            nxt = []
            for v in vs:
                v = v.get(k) if isinstance(v, dict) else None
                nxt += v if isinstance(v, list) else [v]
            vs = nxt
        got = {val(v) for v in vs if val(v) is not None}
        for v in got or {None}:
            c[v] += 1
    print(name, len(rs), "requestParameters." + ".".join(path))
    for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0] or "~")):
        print(f"  {n}  {k}")

# 5. Profiles (trailscope profile): bert-jan, and a role's sessions with who assumed the role.
AR = ("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity")


def issuer(r):
    return ((uid(r).get("sessionContext") or {}).get("sessionIssuer") or {}).get("arn")


def show_profile(title, rs):
    print("profile", title)
    print("  events", len(rs))
    ts = sorted(r["eventTime"] for r in rs if r.get("eventTime"))
    print("  first", ts[0], "last", ts[-1])
    print("  errors", sum(1 for r in rs if val(r.get("errorCode")) is not None))
    print("  writes", sum(1 for r in rs if r.get("readOnly") is False))
    for name, f in [("ips", lambda r: r.get("sourceIPAddress")), ("regions", lambda r: r.get("awsRegion")),
                    ("accounts", lambda r: r.get("recipientAccountId")), ("keys", lambda r: uid(r).get("accessKeyId"))]:
        c = collections.Counter(val(f(r)) for r in rs)
        c.pop(None, None)
        top = sorted(c.items(), key=lambda x: (-x[1], x[0]))
        print(f"  {name} distinct {len(c)} top {top[:6]}")
    c = collections.Counter(val(rp(r).get("roleArn")) for r in rs if r.get("eventName") in AR)
    c.pop(None, None)
    print("  assumed_roles", sorted(c.items(), key=lambda x: (-x[1], x[0])))
    roles = {issuer(r) for r in rs if issuer(r)}
    by = collections.Counter(uid(r).get("userName") or uid(r).get("arn") for r in uniq
                             if r.get("eventName") in AR and val(rp(r).get("roleArn")) in roles)
    print("  assumed_by", sorted(by.items(), key=lambda x: (-x[1], x[0])))
    names = collections.Counter(r.get("eventName") for r in rs)
    print("  top_names", sorted(names.items(), key=lambda x: (-x[1], x[0]))[:3])
    cl = [r for r in rs if r.get("eventName") == "ConsoleLogin"]
    ok = [r for r in cl if (r.get("responseElements") or {}).get("ConsoleLogin") == "Success"]
    mfa = [r for r in cl if str((r.get("additionalEventData") or {}).get("MFAUsed")).lower() == "yes"]
    print("  console logins", len(cl), "successful", len(ok), "mfa", len(mfa))


show_profile("who:bert-jan", [r for r in uniq if uid(r).get("userName") == "bert-jan"])
role = "arn:aws:iam::123837392027:role/stratus-red-team-get-usr-data-role"
show_profile("issuer:" + role, [r for r in uniq if issuer(r) == role])
