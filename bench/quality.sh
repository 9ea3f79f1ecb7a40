#!/usr/bin/env bash
# Quality benchmark (issue 11): `svc audit sample --repairs 1000` over years of history.
#
#   bench/quality.sh                         # at least 600,000 signed repairs (about 1,040,000 tickets)
#   REPAIRS=60000 REPS=3 bench/quality.sh    # a quick run
#   TICKETS=200000 bench/quality.sh          # a fixed number of tickets instead
#
# The data: `svc init`, then bench/gen_service.py (the service benchmark's generator, the
# same seed). An inspection is planned and opened; then REPS samples of SAMPLE repairs
# signed in the last YEARS years are drawn, each with its own seed, checked and their
# failures recorded as findings (the generated repairs carry no inspections, reports or
# signed documents, so nearly every check fails: the worst case for the writes). The
# reference, in the same run: the sqlite3 shell reading the candidates' ids alone.
#
# Target: under 1 s for 1,000 repairs over the 600,000.
# Knobs: SVC=path (use that binary, no release build), REPAIRS (600000: the signed repairs
# wanted; the tickets are sized from the generator's share of signed fault repairs, 58%
# with its seed, and the run stops if the database falls short), TICKETS (instead of
# REPAIRS), SAMPLE (1000), REPS (5), NOW, SEED, DOC (the page the figures go to, between
# the bench:quality markers). The machine should be otherwise idle: the figures are
# wall-clock times.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TICKETS_GIVEN=${TICKETS:-}
REPAIRS=${REPAIRS:-600000}
# gen_service.py signs about 58% of its tickets' repairs (116,015 of 200,000 with seed 1):
# 1.79 tickets per signed repair leaves a margin of about 4%.
TICKETS=${TICKETS:-$((REPAIRS * 179 / 100))}
SAMPLE=${SAMPLE:-1000}
REPS=${REPS:-5}
NOW=${NOW:-2026-06-01T09:00:00Z}
SEED=${SEED:-1}
DOC=${DOC:-$ROOT/docs/performance.md}
export SVC_ACTOR=bench SVC_NOW=$NOW TZ=UTC
unset SVC_DB

for tool in cargo python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/quality.sh: $tool is needed" >&2; exit 1; }
done
if [ -z "${SVC:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
fi
BUILD=$(case "$SVC" in */debug/*) echo "debug build" ;; *) echo "release build" ;; esac)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-quality.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/quality.db
now() { date +%s%N; }

"$SVC" --db "$DB" init 2>/dev/null
echo "generating $TICKETS tickets ..." >&2
python3 "$ROOT/bench/gen_service.py" --db "$DB" --tickets "$TICKETS" --now "$NOW" --seed "$SEED" >"$WORK/gen.json"
SIGNED=$(sqlite3 "$DB" "SELECT count(*) FROM repairs WHERE signed_at IS NOT NULL")
if [ -z "${TICKETS_GIVEN:-}" ] && [ "$SIGNED" -lt "$REPAIRS" ]; then
    echo "bench/quality.sh: $TICKETS tickets gave $SIGNED signed repairs, fewer than $REPAIRS: set TICKETS higher" >&2
    exit 1
fi
echo "$SIGNED signed repairs" >&2
REPAIRS=$SIGNED
AUDITOR=$(sqlite3 "$DB" "SELECT code FROM staff WHERE active = 1 ORDER BY code LIMIT 1")
A=$("$SVC" --db "$DB" audit plan --scope repairs --on "${NOW:0:10}" --auditor "$AUDITOR" 2>/dev/null)
"$SVC" --db "$DB" audit open "$A" 2>/dev/null
SINCE=2000-01-01

: >"$WORK/times.txt"
for i in $(seq "$REPS"); do
    t0=$(now)
    "$SVC" --db "$DB" --format csv audit sample "$A" --repairs "$SAMPLE" --since "$SINCE" --seed "$i" >"$WORK/sample.out" 2>"$WORK/sample.err"
    t1=$(now)
    echo "$(((t1 - t0) / 1000000)) $(grep -o '[0-9]* findings' "$WORK/sample.err" | cut -d' ' -f1)" >>"$WORK/times.txt"
done
t0=$(now)
sqlite3 "$DB" "SELECT id FROM repairs WHERE signed_at IS NOT NULL AND signed_at >= '$SINCE' ORDER BY id" >/dev/null
t1=$(now)
REF_MS=$(((t1 - t0) / 1000000))

python3 - "$WORK/times.txt" "$DOC" "$TICKETS" "$REPAIRS" "$SAMPLE" "$REPS" "$REF_MS" "$BUILD" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" <<'PY'
import datetime, statistics, sys
times, doc, tickets, repairs, sample, reps, ref_ms, build, rev = sys.argv[1:]
rows = [l.split() for l in open(times) if l.strip()]
ms = [int(r[0]) for r in rows]
findings = [int(r[1]) for r in rows if len(r) > 1]
body = (
    f"Measured {datetime.date.today()} at {rev} ({build}): {int(tickets):,} generated tickets, "
    f"{int(repairs):,} signed repairs; {reps} samples of {sample} repairs, each with its own seed.\n\n"
    "| what | mean ms | min ms | max ms |\n|---|---|---|---|\n"
    f"| `svc audit sample A --repairs {sample}` (draw, check, record the findings) | "
    f"{statistics.mean(ms):.0f} | {min(ms)} | {max(ms)} |\n"
    f"| reference: sqlite3 shell reading the candidates' ids | {ref_ms} | | |\n\n"
    f"Findings recorded per sample: {', '.join(map(str, findings))} (the generated repairs carry no "
    "inspections, reports or signed documents).\n"
)
text = open(doc).read()
start, end = "<!-- bench:quality:start -->\n", "<!-- bench:quality:end -->"
if start in text:
    a = text.index(start) + len(start)
    text = text[:a] + body + text[text.index(end):]
else:
    text += f"\n## Quality: record sampling (issue 11)\n\n`bench/quality.sh`. Target: `svc audit sample --repairs 1000` over the service benchmark's 600,000 signed repairs in under 1 s.\n\n{start}{body}{end}\n"
open(doc, "w").write(text)
print(body)
PY
