#!/usr/bin/env bash
# Reports benchmark (issue 16): `svc report kpi`, `svc report monthly` and
# `svc appraisal run` on the service benchmark's database, beside a reference: plain
# sqlite3 queries over the same data reading what the report reads for a month.
#
#   bench/report.sh                          # 1,000,000 tickets (bench/gen_service.py)
#   TICKETS=50000 REPS=3 bench/report.sh     # a quick run
#
# Targets (issue 16): each report and the monthly HTML under 1 s, peak memory under 50 MB;
# `svc appraisal run` for a year under 2 s (issue 13). The analyses (`report faults|satisfaction|
# workload|parts|complaints`) run on their default periods. Times are the median of REPS runs
# (wall, /usr/bin/time), peak memory the largest maximum resident set size seen.
# The figures replace the section between <!-- bench:report:start --> and
# <!-- bench:report:end --> in docs/performance.md (DOC=... to write elsewhere), with the
# git revision.
#
# Knobs: TICKETS (1000000), REPS (5), NOW (2026-06-01T09:00:00Z, as bench/service.sh),
# MONTH (the month before NOW), YEAR (NOW's previous year), SEED (1), DOC,
# CARGO_TARGET_DIR (default /tmp/svc-bench-target), SVC=path (use that binary, no build),
# KEEP_DB=path (keep the generated database there and reuse it).
# Needs: cargo, python3, the sqlite3 shell, GNU time (/usr/bin/time).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TICKETS=${TICKETS:-1000000}
REPS=${REPS:-5}
NOW=${NOW:-2026-06-01T09:00:00Z}
MONTH=${MONTH:-$(date -d "${NOW:0:7}-01 -1 day" +%Y-%m)}
YEAR=${YEAR:-$((${NOW:0:4} - 1))}
SEED=${SEED:-1}
DOC=${DOC:-$ROOT/docs/performance.md}
KEEP_DB=${KEEP_DB:-}
export SVC_ACTOR=bench SVC_NOW=$NOW TZ=UTC
unset SVC_DB

for tool in python3 sqlite3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/report.sh: $tool is needed" >&2; exit 1; }
done
if [ -z "${SVC:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-report.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$SVC" "$WORK/svc"
SVC=$WORK/svc
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git status --porcelain -- src Cargo.toml Cargo.lock migrations 2>/dev/null | grep -q . && echo ' with uncommitted changes' || true)"

DB=${KEEP_DB:-$WORK/service.db}
if [ -n "$KEEP_DB" ] && [ -s "$KEEP_DB" ]; then
    echo "reusing $KEEP_DB" >&2
    TICKETS=$(sqlite3 "$DB" 'SELECT count(*) FROM tickets')
    "$SVC" -q --db "$DB" customer list --limit 1 >/dev/null # any command migrates it
else
    rm -f "$DB" "$DB-wal" "$DB-shm"
    echo "generating $TICKETS tickets in $DB ..." >&2
    "$SVC" -q --db "$DB" init
    python3 "$ROOT/bench/gen_service.py" --db "$DB" --tickets "$TICKETS" --now "$NOW" --seed "$SEED" >"$WORK/gen.out"
fi
REPAIRS=$(sqlite3 "$DB" 'SELECT count(*) FROM repairs')
# The service reports and plans `report workload` reads (bench/gen_service.py writes them).
WORK_ROWS=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM reports) || ' ' || (SELECT count(*) FROM plans)")
FROM="$MONTH-01"
TO=$(date -d "$FROM +1 month -1 day" +%F)
START="${FROM}T00:00:00Z" END="$(date -d "$FROM +1 month" +%F)T00:00:00Z"

# name|command (run with bash -c: the reference is a shell pipeline into sqlite3)
CASES=(
    "report kpi (a month)|$SVC --db $DB --format csv report kpi --from $FROM --to $TO"
    "report kpi --by technician|$SVC --db $DB --format csv report kpi --from $FROM --to $TO --by technician"
    "report monthly (html)|$SVC --db $DB report monthly --month $MONTH -o $WORK/m.html --force"
    "appraisal run --period $YEAR|$SVC --db $DB -q appraisal run --period $YEAR"
    "report faults --by model|$SVC --db $DB --format csv report faults --by model"
    "report faults --by cause|$SVC --db $DB --format csv report faults --by cause"
    "report faults --by part|$SVC --db $DB --format csv report faults --by part"
    "report satisfaction --by month|$SVC --db $DB --format csv report satisfaction --by month"
    "report workload --by technician|$SVC --db $DB --format csv report workload --by technician"
    "report workload --by province|$SVC --db $DB --format csv report workload --by province"
    "report parts|$SVC --db $DB --format csv report parts"
    "report complaints --by month|$SVC --db $DB --format csv report complaints --by month"
    "reference: sqlite3, the month's tickets and repairs|sqlite3 $DB \"SELECT count(*), avg(julianday(responded_at) - julianday(opened_at)) FROM tickets WHERE opened_at >= '$START' AND opened_at < '$END'; SELECT count(*), avg(julianday(signed_at) - julianday(opened_at)) FROM repairs WHERE signed_at >= '$START' AND signed_at < '$END';\""
)
: >"$WORK/results.txt"
for c in "${CASES[@]}"; do
    name=${c%%|*} cmd=${c#*|}
    echo "$name ..." >&2
    for _ in $(seq "$REPS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/t" bash -c "$cmd >/dev/null"
        echo "$name|$(cat "$WORK/t")" >>"$WORK/results.txt"
    done
done

python3 - "$WORK/results.txt" "$DOC" "$TICKETS" "$REPAIRS" "$MONTH" "$YEAR" "$REPS" "$REVISION" "$NOW" "$WORK_ROWS" <<'PY'
import datetime, statistics, sys
results, doc, tickets, repairs, month, year, reps, revision, now, work_rows = sys.argv[1:]
reports, plans = (int(n) for n in work_rows.split())
runs = {}
for line in open(results):
    name, rest = line.rstrip("\n").split("|")
    secs, kb = rest.split()
    runs.setdefault(name, []).append((float(secs), int(kb)))
rows = [f"| {n} | {statistics.median(s for s, _ in r) * 1000:.0f} ms | {max(k for _, k in r) / 1024:.1f} MB |"
        for n, r in runs.items()]
section = "\n".join([
    "<!-- bench:report:start -->",
    f"Reports (bench/report.sh, issue 16) at {revision}, {datetime.date.today()}: {int(tickets):,} tickets, "
    f"{int(repairs):,} repairs, {reports:,} service reports, {plans:,} plans (bench/gen_service.py, NOW {now}); month {month}, year {year}; median of {reps} runs, "
    "peak resident memory. Targets: each report under 1 s and 50 MB; appraisal of a year under 2 s.",
    "",
    "| command | median | peak memory |",
    "|---|---|---|",
    *rows,
    "<!-- bench:report:end -->",
])
print(section)
import os
text = open(doc).read() if os.path.exists(doc) else ""  # DOC may name a new file
start, end = "<!-- bench:report:start -->", "<!-- bench:report:end -->"
if start in text and end in text:
    text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n## Reports\n\n" + section + "\n"
open(doc, "w").write(text)
PY
