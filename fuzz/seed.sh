#!/usr/bin/env bash
# Seeds the fuzz corpora from the real data shipped with the project (never committed).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/load corpus/sanitize
find ../tests/data ../assets/demo -type f \( -name '*.json' -o -name '*.gz' -o -name '*.jsonl' \) -size -200k \
  | while read -r f; do cp "$f" "corpus/load/$(basename "$f")"; done
printf '\x1b]0;pwned\x07' > corpus/sanitize/osc
printf '\x1b[2J' > corpus/sanitize/clear
printf 'a\xe2\x80\xaeb' > corpus/sanitize/bidi
# The pipeline target reads a filter on the first line, then the log bytes.
mkdir -p corpus/pipeline
find ../tests/data -type f \( -name '*.json' -o -name '*.gz' -o -name '*.jsonl' \) -size -20k \
  | while read -r f; do { printf 'name:Get* OR error:*\n'; cat "$f"; } > "corpus/pipeline/$(basename "$f")"; done
