"""Derives the credential-lineage facts asserted in tests/lineage.rs independently of
trailscope, with Python's json module, on the invictus recording (assets/demo/invictus).
Run from the project root: python3 tests/derive_lineage.py"""
import collections, glob, gzip, ipaddress, json, datetime

recs = []
for f in sorted(glob.glob("assets/demo/invictus/**/*.json.gz", recursive=True)):
    recs += json.loads(gzip.decompress(open(f, "rb").read()))["Records"]
seen, uniq = set(), []
for r in recs:
    c = json.dumps(r, sort_keys=True)
    if c in seen:
        continue
    seen.add(c)
    uniq.append(r)


def uid(r):
    u = r.get("userIdentity")
    return u if isinstance(u, dict) else {}


def key(r):
    return uid(r).get("accessKeyId") or None


def ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


# Issuance: the key in the response; the parent is the key the issuing call was made with.
issued = {}  # key -> (issuing record, parent key)
for r in uniq:
    re_ = r.get("responseElements") if isinstance(r.get("responseElements"), dict) else {}
    k = (re_.get("credentials") or {}).get("accessKeyId") or (re_.get("accessKey") or {}).get("accessKeyId")
    if k and k not in issued:
        issued[k] = (r, key(r))
# Console sessions: a user's temporary key created within 10 s of that user's sign-in.
logins = [r for r in uniq if r["eventName"] == "ConsoleLogin" and not r.get("errorMessage")]
for r in uniq:
    u, k = uid(r), key(r)
    c = ((u.get("sessionContext") or {}).get("attributes") or {}).get("creationDate")
    if u.get("type") in ("IAMUser", "Root") and k and k.startswith("ASIA") and c and k not in issued:
        for l in logins:
            if uid(l).get("arn") == u.get("arn") and abs(ts(l["eventTime"]) - ts(c)) <= 10:
                issued[k] = (l, None)
children = collections.defaultdict(list)
for k, (r, p) in issued.items():
    if p:
        children[p].append(k)
by_key = collections.defaultdict(list)
for r in uniq:
    if key(r):
        by_key[key(r)].append(r)


def lineage(start):
    """Events made with start or a descendant, plus start's issuing event."""
    keys, todo = set(), list(start)
    while todo:
        k = todo.pop()
        if k in keys:
            continue
        keys.add(k)
        todo += children[k]
    ev = {r["eventID"] for k in keys for r in by_key[k]}
    ev |= {issued[k][0]["eventID"] for k in start if k in issued}
    return keys, ev


def event(eid):
    return next(r for r in uniq if r["eventID"] == eid)


# 1. The EC2 instance's AssumeRole and the calls made with what it issued.
ec2 = event("55e25aa9-7165-446e-aef6-815c7a79a961")
k = ec2["responseElements"]["credentials"]["accessKeyId"]
keys, ev = lineage([k])
print("ec2 issued", k, "keys", sorted(keys), "events", len(ev))
print("  their IPs", collections.Counter(r["sourceIPAddress"] for r in by_key[k]))
print("  ids", sorted(r["eventID"] for r in by_key[k]))
# 2. The two new access keys: who made them, their use.
for r in uniq:
    if r["eventName"] == "CreateAccessKey":
        nk = r["responseElements"]["accessKey"]["accessKeyId"]
        print("CreateAccessKey", nk, "for", r["responseElements"]["accessKey"]["userName"], "by", key(r),
              "used", len(by_key[nk]), "lineage events", len(lineage([nk])[1]))
# 3. bert-jan's long-term key: everything through the roles it assumed.
keys, ev = lineage(["AKIATFQR7NSC8Q4X20BJ"])
print("AKIATFQR7NSC8Q4X20BJ keys", len(keys), "events", len(ev),
      "used directly", len(by_key["AKIATFQR7NSC8Q4X20BJ"]))
# 4. bert-jan's console sign-in and its session keys.
for l in logins:
    ks = sorted(k for k, (r, p) in issued.items() if r is l)
    print("ConsoleLogin", uid(l).get("arn"), l["eventTime"], "keys", len(ks),
          "lineage events", len(lineage(ks)[1] | {l["eventID"]}))


# 5. Keys used from more than one IP address (service names and AWS Internal do not count).
def is_ip(s):
    try:
        ipaddress.ip_address(s)
        return True
    except ValueError:
        return False


multi = {k: sorted({r["sourceIPAddress"] for r in rs if is_ip(r.get("sourceIPAddress", ""))})
         for k, rs in by_key.items()}
multi = {k: v for k, v in multi.items() if len(v) > 1}
print("multi-ip keys", multi, "events", sum(len(by_key[k]) for k in multi))


# 6. Used after the expiration the issuing response gave.
def sts_time(s):
    try:
        return ts(s)
    except ValueError:
        return datetime.datetime.strptime(s, "%b %d, %Y, %I:%M:%S %p").replace(
            tzinfo=datetime.timezone.utc).timestamp()


late = [r for k, (i, p) in issued.items() for r in by_key[k]
        if (i.get("responseElements") or {}).get("credentials", {}).get("expiration")
        and ts(r["eventTime"]) > sts_time(i["responseElements"]["credentials"]["expiration"])]
print("used after expiry", len(late))


# 7. Off-instance: service-issued role sessions (principalId: the role and the instance), all
# keys used with them; usual IPs carry >= 1/4 of the busiest IP's calls or serve two keys; an
# event is off-instance from an IP that is not usual with an agent family that is not usual.
def family(a):
    t = a.strip().lstrip("[").lower()
    first = t.replace("/", " ").split(" ")[0]
    if not t or t.startswith("aws internal") or "aws-internal" in t or first.endswith(".amazonaws.com"):
        return None
    return first  # enough to tell aws-sdk-go from aws-sdk-go-v2 here


sessions = {uid(by_key[k][0]).get("principalId") for k, (i, p) in issued.items()
            if uid(i).get("type") == "AWSService" and by_key[k]}
member = {k: uid(rs[0]).get("principalId") for k, rs in by_key.items()
          if rs and uid(rs[0]).get("principalId") in sessions}
calls = collections.defaultdict(collections.Counter)
keys_of = collections.defaultdict(set)
for k, g in member.items():
    for r in by_key[k]:
        if is_ip(r["sourceIPAddress"]):
            calls[g][r["sourceIPAddress"]] += 1
            keys_of[(g, r["sourceIPAddress"])].add(k)
usual = {(g, ip) for g in calls for ip, c in calls[g].items()
         if c * 4 >= max(calls[g].values()) or len(keys_of[(g, ip)]) > 1}
fams = {(g, family(r["userAgent"])) for k, g in member.items() for r in by_key[k]
        if (g, r["sourceIPAddress"]) in usual}
off = [r for k, g in member.items() for r in by_key[k]
       if is_ip(r["sourceIPAddress"]) and (g, r["sourceIPAddress"]) not in usual
       and family(r["userAgent"]) and (g, family(r["userAgent"])) not in fams]
print("off-instance", len(off), sorted({(key(r), r["sourceIPAddress"]) for r in off}))
print("bert-jan sign-in id", [l["eventID"] for l in logins if uid(l).get("arn", "").endswith("bert-jan")])
