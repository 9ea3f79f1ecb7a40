#!/usr/bin/env bash
# Workbook benchmark: the same customers imported from CSV and from .xlsx, and exported to
# both, each on a fresh database, with wall time and peak memory (GNU time).
#
#   bench/workbook.sh                          # 30,000 then 100,000 rows, the svc in target/debug
#   ROWS="100000 1000000" SVC=/path/to/release/svc bench/workbook.sh
#
# The xlsx file is the one svc itself exports from the imported CSV (typed cells, inline
# strings), so both imports read the same records. The xlsx sheet is streamed cell by
# cell (docs/workbooks.md, "Memory"): its peak memory should stay flat as the CSV
# import's does, and so should the xlsx export's (docs/performance.md, "Workbooks").
# Excel, WPS and LibreOffice save text as shared strings instead; calamine reads both.
# The figures replace the section between <!-- bench:workbook:start --> and
# <!-- bench:workbook:end --> in docs/performance.md (DOC=... to write elsewhere).
#
# Needs python3 and GNU time (/usr/bin/time). Builds nothing: SVC names the binary.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${ROWS:-30000 100000}
SVC=${SVC:-$ROOT/target/debug/svc}
DOC=${DOC:-$ROOT/docs/performance.md}
[ -x "$SVC" ] || { echo "bench/workbook.sh: no svc at $SVC (cargo build, or SVC=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/workbook.sh: GNU time is needed at /usr/bin/time" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-workbook.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SVC_NOW=2026-03-05T10:00:00+08:00

timed() { # NAME COMMAND...: "seconds peak-KB" into NAME.time
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
        echo "bench/workbook.sh: failed: $*" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    }
}

row() { # rows label name file
    read -r secs kb <"$WORK/$3.time"
    printf '| %s | %s | %s | %.1f | %d |\n' "$(printf "%'d" "$1")" "$2" "$(du -h "$4" | cut -f1)" "$secs" $((kb / 1024))
}

: >"$WORK/rows.md"
for n in $ROWS; do
    echo "generating $n rows ..." >&2
    rm -f "$WORK"/*.db "$WORK"/out.* "$WORK"/back-*
    python3 "$ROOT/bench/gen_customers.py" --rows "$n" -o "$WORK/customers.csv"
    "$SVC" -q --db "$WORK/source.db" init
    "$SVC" -q --db "$WORK/source.db" customer import "$WORK/customers.csv"
    timed export-csv "$SVC" -q --db "$WORK/source.db" customer export -o "$WORK/out.csv"
    timed export-xlsx "$SVC" -q --db "$WORK/source.db" customer export -o "$WORK/out.xlsx"
    for f in csv xlsx; do
        "$SVC" -q --db "$WORK/import-$f.db" init
        timed "import-$f" "$SVC" -q --db "$WORK/import-$f.db" customer import "$WORK/out.$f"
    done
    # Both imports give the same records.
    "$SVC" -q --db "$WORK/import-csv.db" customer export -o "$WORK/back-csv.csv"
    "$SVC" -q --db "$WORK/import-xlsx.db" customer export -o "$WORK/back-xlsx.csv"
    cmp -s "$WORK/back-csv.csv" "$WORK/back-xlsx.csv" || { echo "bench/workbook.sh: the imports differ" >&2; exit 1; }
    {
        row "$n" "export to CSV" export-csv "$WORK/out.csv"
        row "$n" "export to xlsx" export-xlsx "$WORK/out.xlsx"
        row "$n" "import from CSV" import-csv "$WORK/out.csv"
        row "$n" "import from xlsx" import-xlsx "$WORK/out.xlsx"
    } >>"$WORK/rows.md"
done

{
    echo "<!-- bench:workbook:start -->"
    echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) CPU with ${SVC#"$ROOT"/} ($(uname -m)); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo
    echo "| rows | step | file | seconds | peak RSS MB |"
    echo "| ---: | --- | ---: | ---: | ---: |"
    cat "$WORK/rows.md"
    echo "<!-- bench:workbook:end -->"
} >"$WORK/section.md"
cat "$WORK/section.md"
if grep -q '<!-- bench:workbook:start -->' "$DOC"; then
    python3 - "$DOC" "$WORK/section.md" <<'EOF'
import re, sys
doc, section = open(sys.argv[1]).read(), open(sys.argv[2]).read().rstrip("\n")
pattern = re.compile(r"<!-- bench:workbook:start -->.*?<!-- bench:workbook:end -->", re.S)
open(sys.argv[1], "w").write(pattern.sub(lambda _: section, doc))
EOF
fi
