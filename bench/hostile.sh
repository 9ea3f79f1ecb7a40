#!/usr/bin/env bash
# Hostile inputs (issue 9, docs/security.md "Bad input"): the paths that could be
# quadratic or unbounded in time or memory, each timed with its peak memory.
#
#   SVC=/tmp/svc-harden bench/hostile.sh                     # one binary
#   SVC=/tmp/svc-harden BASE=/tmp/svc-head bench/hostile.sh  # side by side, same files
#   COLUMNS_N=100000 ITEMS_N=10000 CELL_MB=10 bench/hostile.sh   # a quick run
#   DOC=/tmp/figures.md ... bench/hostile.sh                 # the figures appended there too
#
# The cases, each on a fresh database in a temporary directory under /tmp (removed at
# the end):
#   wide      a customer CSV whose one data row has COLUMNS_N (default 1,000,000) cells,
#             imported with --rejects (the row is rejected and written to the rejects file)
#   protocol  `svc repair protocol import` of a protocol with ITEMS_N (default 100,000)
#             items (past the 1 MiB limit of a protocol file: refused), then of one with
#             FIT_N (default 12,000) items, just under the limit, and `repair protocol
#             show` of that one
#   cell      a customer whose notes hold CELL_MB (default 100) MB, put there with the
#             sqlite3 shell (no svc import takes a field that long), then shown by
#             `customer show --format table` and listed by `customer list --format table`,
#             in English and in Chinese (where a cell's label is looked up)
#   cell-csv  the same cell in a CSV file: `customer import` (the row-size limit)
#   cell-json the same cell in a JSON file: `customer import` (the field-size limit)
#   cell-yaml the same cell in a YAML file: `customer import` (the field-size limit,
#             checked once the file is read whole)
# Wall time and peak RSS come from GNU time (/usr/bin/time -v); the exit code and the
# last line svc wrote on stderr are shown, so a refusal is seen as one. A command still
# running after LIMIT seconds (default 300) is stopped: exit 124.
#
# Needs: python3, the sqlite3 shell, GNU time. Installs nothing; names the revision.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
. "$ROOT/bench/revision.sh"
SVC=${SVC:?set SVC to the release binary to measure (build it: SVC=$(scripts/release.sh) bench/hostile.sh)}
BASE=${BASE:-}
COLUMNS_N=${COLUMNS_N:-1000000}
ITEMS_N=${ITEMS_N:-100000}
FIT_N=${FIT_N:-12000}
CELL_MB=${CELL_MB:-100}
LIMIT=${LIMIT:-300} # seconds a command may take before it is stopped (exit 124)

WORK=$(mktemp -d /tmp/svc-hostile.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export TZ=Asia/Shanghai SVC_NOW=2026-03-05T10:00:00+08:00 SVC_ACTOR=bench NO_COLOR=1

python3 - "$WORK" "$COLUMNS_N" "$ITEMS_N" "$CELL_MB" "$FIT_N" <<'EOF'
import sys
work, columns, items, cell_mb, fit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
with open(f"{work}/wide.csv", "w") as f:
    f.write("code,name,type\n")
    f.write("H1,协和医院,hospital," + ",".join(["x"] * (columns - 3)) + "\n")
for name, code, n in [("protocol.yaml", "HUGE", items), ("protocol-fit.yaml", "FIT", fit)]:
    with open(f"{work}/{name}", "w") as f:
        f.write(f"code: {code}\nname: A protocol with very many items\nitems:\n")
        for i in range(n):
            f.write(f"  - key: item_{i}\n    name: Item {i}\n    kind: measure\n    unit: uA\n    max: 100\n")
with open(f"{work}/cell.csv", "w") as f:
    f.write("code,name,type,notes\nH2,某医院,hospital,")
    chunk = "备注" * 512
    written = 0
    while written < cell_mb * 1_000_000:
        f.write(chunk)
        written += len(chunk.encode())
    f.write("\n")
import json
with open(f"{work}/cell.json", "w") as f:
    json.dump([{"code": "H3", "name": "某医院", "type": "hospital", "notes": "备注" * (cell_mb * 1_000_000 // 6)}], f, ensure_ascii=False)
with open(f"{work}/cell.yaml", "w") as f:
    f.write("- code: H4\n  name: 某医院\n  type: hospital\n  notes: " + "备注" * (cell_mb * 1_000_000 // 6) + "\n")
EOF

# One measured run: label, binary, then the command's arguments. Prints one line.
measure() {
    local label=$1 bin=$2
    shift 2
    local t="$WORK/time.txt" err="$WORK/err.txt"
    set +e
    /usr/bin/time -v timeout "$LIMIT" "$bin" "$@" >/dev/null 2>"$err.all"
    local rc=$?
    set -e
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$err.all" >"$t" || true
    grep -vE '^\s+[A-Z][A-Za-z /()%:-]+: ' "$err.all" | grep -vE 'Command (being timed|exited)' | tail -1 | cut -c1-150 >"$err" || true
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$t")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$t")
    printf '%-10s %-46s exit %-3s %9s  %8s MB  %s\n' "$label" "$*" "$rc" "$wall" "$((rss / 1024))" "$(cat "$err")"
}

# Every case for one binary, each on its own fresh database.
cases() {
    local label=$1 bin=$2 db
    db="$WORK/$label-wide.db"
    SVC_DB=$db "$bin" init >/dev/null 2>&1
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" customer import wide.csv --rejects "$label-rejects.csv")
    rm -f "$WORK/$label-rejects.csv"
    db="$WORK/$label-protocol.db"
    SVC_DB=$db "$bin" init >/dev/null 2>&1
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" repair protocol import protocol.yaml)
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" repair protocol import protocol-fit.yaml)
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" repair protocol show FIT)
    db="$WORK/$label-cell.db"
    SVC_DB=$db "$bin" init >/dev/null 2>&1
    SVC_DB=$db "$bin" customer add --code H1 --name 协和医院 --type hospital >/dev/null 2>&1
    sqlite3 "$db" "UPDATE customers SET notes = substr(replace(hex(zeroblob($CELL_MB * 500000)), '00', 'ab'), 1, $CELL_MB * 1000000) WHERE code = 'H1'"
    for lang in en zh-CN; do
        (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" --lang $lang customer show H1 --format table)
        (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" --lang $lang customer list --format table)
    done
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" customer import cell.csv)
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" customer import cell.json)
    (cd "$WORK" && SVC_DB=$db measure "$label" "$bin" customer import cell.yaml)
    rm -f "$WORK/$label"-*.db*
}

# With DOC, everything printed is appended there too (a fenced block).
if [ -n "${DOC:-}" ]; then
    printf '\n```text\n' >>"$DOC"
    exec > >(tee -a "$DOC")
fi
echo "hostile inputs: svc $(bench_revision) (release), $(date -u +%Y-%m-%dT%H:%MZ); $COLUMNS_N columns, $ITEMS_N and $FIT_N protocol items, a $CELL_MB MB cell"
printf '%-10s %-46s %-8s %9s  %11s  %s\n' binary command "" wall "peak RSS" "last line on stderr"
cases new "$SVC"
if [ -n "$BASE" ]; then
    cases base "$BASE"
fi
if [ -n "${DOC:-}" ]; then
    echo '```'
fi
