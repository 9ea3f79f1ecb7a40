#!/usr/bin/env bash
# Support archive benchmark (issue 14): `svc kb import` and `svc kb search` on 100,000
# generated Chinese articles, beside a plain LIKE scan of the same text.
#
#   bench/kb.sh                      # 100,000 articles, 10 runs of each search
#   ROWS=10000 REPS=3 bench/kb.sh    # a quick run
#   SVC=target/debug/svc bench/kb.sh # that binary, no build (a debug build is much slower)
#
# bench/gen_kb.py writes the articles (deterministic for SEED); `svc init` and `svc kb
# import` load them (timed once: the import target is under 10 s). Then each search is
# run REPS times as a process (start-up included; target under 50 ms), output to
# /dev/null, and reported as median and min with the hits found. The reference is the
# same words matched with plain LIKE '%word%' over the current versions (every word in
# some text column), run in-process through Python's sqlite3 module (no process start-up:
# the comparison favours the reference). The figures replace the section between
# <!-- bench:kb:start --> and <!-- bench:kb:end --> in docs/performance.md (DOC=...).
#
# Knobs: ROWS (100000), REPS (10), SEED (1), DOC, CARGO_TARGET_DIR (default
# /tmp/svc-bench-target), SVC. Needs cargo (unless SVC is given) and python3.
set -euo pipefail

cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
REPS=${REPS:-10}
SEED=${SEED:-1}
DOC=${DOC:-docs/performance.md}
if [ -z "${SVC:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    SVC=$(scripts/release.sh)  # the release binary, built as it is installed
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$SVC" "$work/svc"
python3 bench/gen_kb.py --rows "$ROWS" --seed "$SEED" > "$work/kb.csv"
python3 bench/kb_bench.py --svc "$work/svc" --dir "$work" --reps "$REPS" --doc "$DOC" --build "$(basename "$(dirname "$SVC")")"
