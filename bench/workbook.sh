#!/usr/bin/env bash
# Workbook benchmark: the same customers imported from CSV and from .xlsx, and exported to
# both, each on a fresh database, with wall time and peak memory (GNU time).
#
#   bench/workbook.sh                          # 30,000 then 100,000 rows, the svc in target/debug
#   ROWS="100000 1000000" SVC=/path/to/release/svc REPS=3 bench/workbook.sh
#
# Two kinds of workbook, each against the CSV file of the same records:
# - svc's own export (rust_xlsxwriter, constant memory: typed cells, every text inline in
#   its cell), imported beside the CSV export it came from (canonical headers);
# - a workbook shaped as Excel saves one (bench/gen_excel_workbook.py: every text in one
#   shared-strings table, dates as serials under date formats, phone numbers as numbers,
#   Chinese headers), imported with the column map beside gen_customers.py --headers zh's
#   CSV of the same records and map. This is what customers migrate.
# Each pair must import to the same records (their exports are compared). The xlsx sheet
# is streamed cell by cell (docs/workbooks.md, "Memory"): its peak memory should stay
# flat as the CSV import's does, and so should the xlsx export's (docs/performance.md,
# "Workbooks"); but a shared-strings table is held whole by any reader, so an Excel
# workbook's import grows with its distinct texts (their number and the table's size are
# printed under the figures). REPS runs each step that many times (default 1) and keeps
# the median of each figure.
# The figures replace the section between <!-- bench:workbook:start --> and
# <!-- bench:workbook:end --> in docs/performance.md (DOC=... to write elsewhere).
#
# Needs python3 and GNU time (/usr/bin/time). Builds nothing: SVC names the binary.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${ROWS:-30000 100000}
SVC=${SVC:-$ROOT/target/debug/svc}
REPS=${REPS:-1}
DOC=${DOC:-$ROOT/docs/performance.md}
[ -x "$SVC" ] || { echo "bench/workbook.sh: no svc at $SVC (cargo build, or SVC=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/workbook.sh: GNU time is needed at /usr/bin/time" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-workbook.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SVC_NOW=2026-03-05T10:00:00+08:00

timed() { # NAME COMMAND...: "seconds peak-KB" appended to NAME.time, one line a run
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -a -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
        echo "bench/workbook.sh: failed: $*" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    }
}

median() { # FIELD FILE: the median of that column
    cut -d' ' -f"$1" "$2" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

row() { # rows label name file
    local secs kb
    secs=$(median 1 "$WORK/$3.time")
    kb=$(median 2 "$WORK/$3.time")
    printf '| %s | %s | %s | %.1f | %d |\n' "$(printf "%'d" "$1")" "$2" "$(du -h "$4" | cut -f1)" "$secs" $((${kb%.*} / 1024))
}

import_fresh() { # NAME FILE [import options...]: FILE imported into a fresh database NAME.db, REPS times
    local name=$1 file=$2
    shift 2
    for _ in $(seq "$REPS"); do
        rm -f "$WORK/$name.db"*
        "$SVC" -q --db "$WORK/$name.db" init
        timed "$name" "$SVC" -q --db "$WORK/$name.db" customer import "$file" "$@"
    done
}

same_records() { # NAME1 NAME2 WHAT: both databases hold the same customers, or the benchmark stops
    "$SVC" -q --db "$WORK/$1.db" customer export -o "$WORK/back-$1.csv"
    "$SVC" -q --db "$WORK/$2.db" customer export -o "$WORK/back-$2.csv"
    cmp -s "$WORK/back-$1.csv" "$WORK/back-$2.csv" || { echo "bench/workbook.sh: the imports differ ($3)" >&2; exit 1; }
}

: >"$WORK/rows.md"
: >"$WORK/notes.md"
for n in $ROWS; do
    echo "generating $n rows ..." >&2
    rm -f "$WORK"/*.db* "$WORK"/*.time "$WORK"/out.* "$WORK"/back-* "$WORK"/excel.* "$WORK"/zh.*
    python3 "$ROOT/bench/gen_customers.py" --rows "$n" -o "$WORK/customers.csv"
    "$SVC" -q --db "$WORK/source.db" init
    "$SVC" -q --db "$WORK/source.db" customer import "$WORK/customers.csv"
    for _ in $(seq "$REPS"); do
        rm -f "$WORK"/out.*
        timed export-csv "$SVC" -q --db "$WORK/source.db" customer export -o "$WORK/out.csv"
        timed export-xlsx "$SVC" -q --db "$WORK/source.db" customer export -o "$WORK/out.xlsx"
    done
    import_fresh import-csv "$WORK/out.csv"
    import_fresh import-xlsx "$WORK/out.xlsx"
    same_records import-csv import-xlsx "svc's own export"
    rm -f "$WORK"/import-*.db* "$WORK"/source.db* "$WORK/customers.csv"
    # The same records as Excel saves them, and as the legacy CSV with Chinese headers.
    python3 "$ROOT/bench/gen_excel_workbook.py" --rows "$n" -o "$WORK/excel.xlsx" --write-map "$WORK/zh.map.yaml" \
        2>"$WORK/excel.gen"
    python3 "$ROOT/bench/gen_customers.py" --rows "$n" --headers zh -o "$WORK/zh.csv"
    import_fresh import-zh-csv "$WORK/zh.csv" --map "$WORK/zh.map.yaml"
    import_fresh import-excel "$WORK/excel.xlsx" --map "$WORK/zh.map.yaml"
    same_records import-zh-csv import-excel "the workbook as Excel saves it"
    rm -f "$WORK"/import-*.db*
    {
        row "$n" "export to CSV" export-csv "$WORK/out.csv"
        row "$n" "export to xlsx" export-xlsx "$WORK/out.xlsx"
        row "$n" "import from CSV" import-csv "$WORK/out.csv"
        row "$n" "import from xlsx (svc's export)" import-xlsx "$WORK/out.xlsx"
        row "$n" "import from CSV, Chinese headers, --map" import-zh-csv "$WORK/zh.csv"
        row "$n" "import from xlsx as Excel saves it, --map" import-excel "$WORK/excel.xlsx"
    } >>"$WORK/rows.md"
    # The Excel workbook's shared-strings table: what every reader holds whole.
    python3 - "$n" "$WORK/excel.xlsx" "$WORK/excel.gen" >>"$WORK/notes.md" <<'EOF'
import re, sys, zipfile
n, path, gen = int(sys.argv[1]), sys.argv[2], open(sys.argv[3]).read()
cells, distinct = map(int, re.search(r"(\d+) text cells, (\d+) distinct texts", gen).groups())
info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
print(f"- {n:,} rows as Excel saves them: {cells:,} text cells, {distinct:,} distinct texts; "
      f"xl/sharedStrings.xml {info.file_size / 2**20:.1f} MB ({info.compress_size / 2**20:.1f} MB zipped)")
EOF
done

{
    echo "<!-- bench:workbook:start -->"
    echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) CPU with ${SVC#"$ROOT"/} ($(uname -m)); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
    echo
    if [ "$REPS" -gt 1 ]; then
        echo "Medians of $REPS runs of each step."
        echo
    fi
    echo "| rows | step | file | seconds | peak RSS MB |"
    echo "| ---: | --- | ---: | ---: | ---: |"
    cat "$WORK/rows.md"
    echo
    cat "$WORK/notes.md"
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
