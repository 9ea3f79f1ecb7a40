#!/usr/bin/env bash
# A migration from a legacy system's files into a new svc database:
#   1. svc init
#   2. a dry run first: every rule is applied, problems are reported, nothing is written
#   3. customers (GBK, Chinese headers: a column map), bad rows set aside in a rejects file
#   4. staff and certificates, when those files are there
#   5. equipment (it refers to customers, so it comes after them), bad rows set aside
#   6. the counts, svc db check, and a backup of the result
#
#   examples/migrate-legacy.sh [DATA_DIR [WORK_DIR]]
#
# DATA_DIR holds the legacy files [default: examples/data beside this script]:
#   legacy_customers_gbk.csv, legacy_customers.map.yaml, legacy_equipment_utf8bom.csv,
#   and optionally staff.csv and certificates.csv.
# WORK_DIR receives the logs, the rejects files and the backup [default: ./migration-YYYY-MM-DD].
# Environment: SVC_DB the database [default: WORK_DIR/svc.db]; SVC the binary [default: svc];
# MODE insert|upsert|skip for rows whose key is already stored [default: insert];
# SVC_ACTOR the name the history records [default: migration].
#
# A rejects file keeps the source's columns and encoding plus `line` and `error`: fix the
# rows in it and import it again with the same command (same --map).
# Exit status: 0 when the migration ran (rows may have been rejected: read the report);
# otherwise svc's exit code: 5 a file is wrong as a whole (missing column, bytes that are
# not text) or the column map is invalid, 3 a data file or the column map is missing, 1 db check
# failed, 6 the database is busy.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/data}
work=${2:-migration-$(date +%F)}
svc=${SVC:-svc}
mode=${MODE:-insert}
mkdir -p "$work"
export SVC_DB=${SVC_DB:-$work/svc.db}
export SVC_ACTOR=${SVC_ACTOR:-migration}

customers=$data/legacy_customers_gbk.csv
map=$data/legacy_customers.map.yaml
equipment=$data/legacy_equipment_utf8bom.csv
staff=$data/staff.csv
certificates=$data/certificates.csv

say() { printf '\n== %s\n' "$*" >&2; }

# Run one import, show its messages, and keep its summary line ("customers FILE:
# read 9, inserted 6, ...") for the report. A non-zero exit ends the script (set -e).
summaries=$work/summaries.txt
: >"$summaries"
run_import() {
    local name=$1 rc=0
    shift
    "$svc" "$@" 2>"$work/$name.log" || rc=$?
    cat "$work/$name.log" >&2
    [ "$rc" -eq 0 ] || return "$rc"
    grep -E ': read [0-9]+, inserted' "$work/$name.log" >>"$summaries" || true
}

# Records in the database: a JSON export writes one record per line ("  {...}"), so
# counting those lines counts records even when a value holds a comma or a line break.
count() { "$svc" "$@" export --format json | grep -c '^  {' || true; }

say "database $SVC_DB"
"$svc" init

# The dry run applies every rule in a transaction that is rolled back. With --rejects it
# exits 0 and says what would be rejected (its rejects file is kept for review); a file
# that is wrong as a whole still exits 5 and stops the script here.
say "dry run: customers"
"$svc" customer import "$customers" --map "$map" --mode "$mode" --dry-run \
    --rejects "$work/dry-run-customers-rejects.csv"

say "import: customers"
run_import customers customer import "$customers" --map "$map" --mode "$mode" \
    --rejects "$work/customers-rejects.csv"

if [ -f "$staff" ]; then
    say "import: staff"
    run_import staff staff import "$staff" --mode "$mode" --rejects "$work/staff-rejects.csv"
fi
if [ -f "$certificates" ]; then
    say "import: certificates"
    run_import certificates staff cert import "$certificates" --mode "$mode" \
        --rejects "$work/certificates-rejects.csv"
fi

# Equipment names its customers, so its dry run only means something once they are in.
say "dry run: equipment"
"$svc" equipment import "$equipment" --mode "$mode" --dry-run \
    --rejects "$work/dry-run-equipment-rejects.csv"
say "import: equipment"
run_import equipment equipment import "$equipment" --mode "$mode" --rejects "$work/equipment-rejects.csv"

say "report"
{
    echo "imports:"
    sed 's/^/  /' "$summaries"
    echo "records now in $SVC_DB:"
    printf '  customers     %s\n' "$(count customer)"
    printf '  equipment     %s\n' "$(count equipment)"
    printf '  staff         %s\n' "$(count staff)"
    printf '  certificates  %s\n' "$(count staff cert)"
    for f in "$work"/customers-rejects.csv "$work"/staff-rejects.csv \
             "$work"/certificates-rejects.csv "$work"/equipment-rejects.csv; do
        [ -f "$f" ] && echo "rows to fix and import again: $f"
    done
    true
} >&2

say "db check"
"$svc" db check -q

backup=$work/svc-after-migration-$(date +%Y%m%d-%H%M%S).db
say "backup"
"$svc" db backup "$backup"
