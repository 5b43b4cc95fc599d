"""The detection noise on a generated trail (issue 11): the share of the events outside the
generator's attack story that the rules flag (target: at most 0.5 %).

The generator does not tag events; its attack story is every call of its attack lanes (the
leaked key, the backdoor user, the cross-account role, the stolen instance credentials used
off the instance, the console brute force), and those lanes call from five attacker /24s only
(examples/gen/lanes.rs, `attackers`): an event is part of the story when its sourceIPAddress is
in one of them. An aggregate hit flags every event it counts.

    cargo build --release
    target/release/trailscope detect /work/gen-data/1m --format json > /tmp/hits.jsonl
    python3 tests/detect_noise.py /work/gen-data/1m /tmp/hits.jsonl

Prints the figure, then the rules flagging events outside the story, noisiest first. Exit 1
when the figure is over --limit (default 0.5 %)."""
import argparse, collections, glob, gzip, json, os, sys

ATTACKERS = ("185.220.101.", "185.220.100.", "45.155.205.", "193.142.146.", "89.248.165.")

ap = argparse.ArgumentParser()
ap.add_argument("trail")
ap.add_argument("hits")
ap.add_argument("--limit", type=float, default=0.5, help="percent")
a = ap.parse_args()

story, total = set(), 0
ids = set()
for f in glob.glob(os.path.join(a.trail, "**", "*.json*"), recursive=True):
    if "CloudTrail-Digest" in f or os.path.isdir(f):
        continue
    b = open(f, "rb").read()
    if b[:2] == b"\x1f\x8b":
        b = gzip.decompress(b)
    for r in json.loads(b).get("Records", []):
        i = r.get("eventID")
        if i in ids:
            continue  # a duplicate delivery: one event
        ids.add(i)
        total += 1
        if str(r.get("sourceIPAddress", "")).startswith(ATTACKERS):
            story.add(i)

flagged = collections.defaultdict(set)  # eventID -> rules
for line in open(a.hits):
    h = json.loads(line)
    for i in [h.get("id")] + list(h.get("events") or []):
        if i:
            flagged[i].add(h.get("rule"))

outside = total - len(story)
noise = {i: r for i, r in flagged.items() if i not in story}
caught = sum(1 for i in story if i in flagged)
pct = 100.0 * len(noise) / max(outside, 1)
print(f"events {total}, attack story {len(story)} ({caught} flagged), outside it {outside}")
print(f"noise: {len(noise)} events outside the story flagged = {pct:.3f} % (limit {a.limit} %)")
by_rule = collections.Counter(r for rs in noise.values() for r in rs)
for rule, n in by_rule.most_common():
    print(f"  {n:8d}  {100.0 * n / max(outside, 1):7.3f} %  {rule}")
sys.exit(1 if pct > a.limit else 0)
