#!/bin/bash
# Reference trees of the generator (seven runs over its original options): one sha256 per file, and of
# each run's summary less its timing line. Compare the output of two builds to prove a change
# leaves the output byte-identical:
#   cargo build --release --example gen && cp target/release/examples/gen /tmp/gen-before
#   ... change ...; cargo build --release --example gen
#   bash examples/gen/reference.sh /tmp/gen-before /tmp/a; bash examples/gen/reference.sh target/release/examples/gen /tmp/b; cmp /tmp/a /tmp/b
set -e
BIN=${1:?usage: reference.sh GEN_BINARY OUTFILE}; OUT=${2:?usage: reference.sh GEN_BINARY OUTFILE}; W=$(mktemp -d)
: > "$OUT"
run() {
  name=$1; shift
  "$BIN" --out "$W/$name" "$@" | grep -v '^seconds' > "$W/$name.stdout"
  (cd "$W/$name" && find . -type f | sort | xargs sha256sum) | sed "s|  \./|  $name/|" >> "$OUT"
  sha256sum "$W/$name.stdout" | sed "s|$W/||" >> "$OUT"
}
run a "--events" 20000 --seed 7
run b --events 100000 --seed 7
run c --events 6000 --seed 3 --accounts 5 --regions us-east-1,eu-west-1,sa-east-1 --start 2025-03-01T12:34:56Z --minutes-per-file 15 --error-rate 0.2 --trail org-trail --gzip-level 1
run d --events 5000 --seed 11 --jsonl
run e --events 3000 --seed 11 --gzip-level 9 --accounts 1 --regions us-east-1
run f --events 1 --seed 0
run g --events 2000 --seed 5 --accounts 12 --error-rate 0 --minutes-per-file 1
rm -rf "$W"
wc -l "$OUT"; sha256sum "$OUT"
