#!/usr/bin/env bash
# Preventive maintenance benchmark (issue 15): `svc maint due --within 30d` over an
# installed base of 200,000 devices of 500 models at 2,000 customers, against a plain
# sqlite3 query that gives the same due list, in the same run. Target: 200 ms.
#
#   bench/maint.sh                          # 200,000 devices (builds svc in release first)
#   DEVICES=20000 RUNS=3 bench/maint.sh     # a quick run
#   SVC=target/debug/svc DOC=/tmp/perf.md bench/maint.sh   # try the script with a build you have
#
# The data: `svc init`, the plan files of bench/gen_maint.py imported with
# `svc maint plan import` (5 plans sharing the 500 models: 6 or 12 months, high, medium
# and low risk), then gen_maint.py fills the installed base and the last visit of every
# device with SQL on svc's own schema (see its docstring: due days spread over the coming
# year, a few percent late, 2% of the devices retired).
#
# Measured, RUNS times each (median and fastest kept), wall time of the whole process:
#   (a) svc maint due --within 30d --format csv          the planner's list, in trips
#   (b) svc due --kind maintenance --within 30d          the morning cron job's share
#   (c) sqlite3 DB "<the due query>"                     the same rows, no trips, nothing else
# (a) and (c) must give the same devices and plans: the script compares them and stops
# when they differ. The query plan of (c) is printed (EXPLAIN QUERY PLAN) and kept.
#
# The figures, with the git revision they were measured at, replace the section between
# <!-- bench:maint:start --> and <!-- bench:maint:end --> in docs/performance.md
# (DOC=... to write elsewhere). A build other than release (SVC=...) is marked "not a
# measurement".
#
# Needs: cargo (unless SVC is given), python3, the sqlite3 shell. It installs nothing.
# The release build goes to CARGO_TARGET_DIR (default /tmp/svc-bench-target), so it does
# not disturb the debug builds in target/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DEVICES=${DEVICES:-200000}
MODELS=${MODELS:-500}
PLANS=${PLANS:-5}
CUSTOMERS=${CUSTOMERS:-2000}
RUNS=${RUNS:-10}
NOW=${NOW:-2026-03-05T02:00:00Z}
DOC=${DOC:-$ROOT/docs/performance.md}
TARGET_MS=200

for tool in python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/maint.sh: $tool is needed (this script installs nothing)" >&2; exit 1; }
done

REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git status --porcelain -- src Cargo.toml Cargo.lock migrations 2>/dev/null | grep -q . && echo ' with uncommitted changes' || true)"

if [ -n "${SVC:-}" ]; then
    BUILD="the given binary $SVC (not a release build: not a measurement)"
    case "$SVC" in */release/svc) BUILD="release ($SVC)" ;; esac
else
    command -v cargo >/dev/null || { echo "bench/maint.sh: cargo is needed (or SVC=path/to/svc)" >&2; exit 1; }
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
    BUILD=release
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-maint.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/svc.db
export SVC_DB=$DB SVC_NOW=$NOW TZ=Asia/Shanghai

echo "generating $DEVICES devices of $MODELS models at $CUSTOMERS customers ..." >&2
t0=$(date +%s.%N)
"$SVC" init >/dev/null 2>&1
python3 bench/gen_maint.py plans --dir "$WORK/plans" --models "$MODELS" --plans "$PLANS" >/dev/null
for f in "$WORK"/plans/*.yaml; do "$SVC" -q maint plan import "$f" >/dev/null; done
GEN=$(python3 bench/gen_maint.py base --db "$DB" --devices "$DEVICES" --models "$MODELS" --plans "$PLANS" \
    --customers "$CUSTOMERS" --now "$NOW")
t1=$(date +%s.%N)
echo "$GEN" >&2

# The reference: the due list as one plain query (svc's own join, without the contracts,
# overrides and staff it also shows, and without grouping the rows into trips).
TODAY=$(TZ=Asia/Shanghai date -d "${NOW}" +%F)
LAST=$(TZ=Asia/Shanghai date -d "${TODAY} + 30 days" +%F)
REF_SQL="SELECT e.serial_no, s.plan_code FROM maint_schedules s
  JOIN equipment e ON e.id = s.equipment_id JOIN customers c ON c.id = e.customer_id
 WHERE s.next_due <= '$LAST' AND e.status <> 'retired' ORDER BY 1, 2"

# ms COMMAND...: the wall time of one run in milliseconds; output to $WORK/last.out
ms() {
    local a b
    a=$(date +%s%N)
    "$@" >"$WORK/last.out" 2>"$WORK/last.err" || { echo "bench/maint.sh: failed: $*" >&2; cat "$WORK/last.err" >&2; exit 1; }
    b=$(date +%s%N)
    echo $(((b - a) / 1000000))
}

# measure NAME COMMAND...: RUNS runs (one warm-up first), "median fastest" in ms
measure() {
    local name=$1
    shift
    ms "$@" >/dev/null
    local times=()
    for _ in $(seq "$RUNS"); do times+=("$(ms "$@")"); done
    printf '%s\n' "${times[@]}" | sort -n >"$WORK/$name.times"
    local median fastest
    median=$(sed -n "$(((RUNS + 1) / 2))p" "$WORK/$name.times")
    fastest=$(head -1 "$WORK/$name.times")
    echo "$median $fastest"
}

echo "measuring ($RUNS runs each) ..." >&2
read -r A_MED A_MIN < <(measure svc_due "$SVC" --format csv maint due --within 30d)
python3 - "$WORK/last.out" >"$WORK/svc.rows" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
for r in sorted((r[5], r[8]) for r in rows[1:]):
    print(f"{r[0]}|{r[1]}")
EOF
read -r B_MED B_MIN < <(measure svc_due_all "$SVC" --format csv due --kind maintenance --within 30d)
read -r C_MED C_MIN < <(measure sqlite3_due sqlite3 "$DB" "$REF_SQL")
sort "$WORK/last.out" >"$WORK/ref.rows"
ROWS=$(wc -l <"$WORK/ref.rows")
if ! cmp -s "$WORK/svc.rows" "$WORK/ref.rows"; then
    echo "bench/maint.sh: svc maint due and the reference query list different rows:" >&2
    diff "$WORK/svc.rows" "$WORK/ref.rows" | head -20 >&2
    exit 1
fi
PLAN=$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $REF_SQL")
SVC_PLAN=$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT 1 FROM maint_schedules s JOIN equipment e ON e.id = s.equipment_id
  WHERE s.next_due <= '$LAST' AND e.status <> 'retired'")

verdict() { if [ "$1" -le "$TARGET_MS" ]; then echo "meets the $TARGET_MS ms target"; else echo "**misses** the $TARGET_MS ms target"; fi; }
SECTION=$WORK/section.md
{
    echo "<!-- bench:maint:start -->"
    echo "Measured by \`bench/maint.sh\` at revision \`$REVISION\` on $(date -u +%F), build: $BUILD;"
    echo "$(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. $DEVICES devices of $MODELS models"
    echo "at $CUSTOMERS customers under $PLANS plans, generated in $(python3 -c "print(round($t1 - $t0))") s"
    echo "(\`$GEN\`); $ROWS schedules due within 30 days or late on $TODAY."
    echo "Wall time of the whole process, median (fastest) of $RUNS runs after one warm-up:"
    echo
    echo "| command | rows | median | fastest | |"
    echo "|---|---|---|---|---|"
    echo "| \`svc maint due --within 30d\` (in trips) | $ROWS | $A_MED ms | $A_MIN ms | $(verdict "$A_MED") |"
    echo "| \`svc due --kind maintenance --within 30d\` | $ROWS | $B_MED ms | $B_MIN ms | |"
    echo "| \`sqlite3\` with the same due list (reference) | $ROWS | $C_MED ms | $C_MIN ms | |"
    echo
    echo "svc lists the same devices and plans as the reference query (compared by the script)."
    echo "The reference's query plan:"
    echo
    echo '```'
    echo "$PLAN"
    echo '```'
    echo
    echo "and the plan of svc's filter on the due day:"
    echo
    echo '```'
    echo "$SVC_PLAN"
    echo '```'
    echo "<!-- bench:maint:end -->"
} >"$SECTION"
cat "$SECTION"

if grep -q '<!-- bench:maint:start -->' "$DOC" 2>/dev/null; then
    python3 - "$DOC" "$SECTION" <<'EOF'
import re, sys
doc, section = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
text = open(doc, encoding="utf-8").read()
text = re.sub(r"<!-- bench:maint:start -->.*?<!-- bench:maint:end -->", lambda _: section, text, flags=re.S)
open(doc, "w", encoding="utf-8").write(text)
EOF
    echo "figures written to $DOC" >&2
else
    { echo; echo "## Preventive maintenance: the due list (issue 15)"; echo; cat "$SECTION"; } >>"$DOC"
    echo "figures appended to $DOC" >&2
fi
