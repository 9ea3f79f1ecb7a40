#!/usr/bin/env bash
# What a long listing costs per row, before and after a change: each command run with the
# OLD and the NEW svc binary, alternating, on copies of the same database, output to
# /dev/null (wall seconds and peak RSS by GNU time; median and fastest of REPS each), and
# its instructions counted by callgrind (repeatable where times are not), on the first
# CG_LIMIT rows where the command takes --limit, else whole.
#
#   bench/rows.sh OLD_SVC NEW_SVC 'DB|svc arguments' ['DB|svc arguments' ...]
#   bench/rows.sh /tmp/svc-581 ./svc /tmp/c.db'|customer list' /tmp/big.db'|ticket list'
#
# The databases are not generated here: bench/import.sh's gen_customers.py with `svc
# customer import` makes customers, bench/service.sh tickets and repairs, bench/parts.sh
# (KEEP_DB=...) parts and a stock count. Each database is copied once per binary; the
# originals are not opened. Knobs: REPS (5), CG_LIMIT (50000; 0: no callgrind), FORMAT
# (csv), SVC_NOW (2026-06-01T09:00:00Z: ticket clocks depend on it). Prints a Markdown
# table on stdout. Needs GNU time and, for the counts, valgrind.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: bench/rows.sh OLD_SVC NEW_SVC 'DB|svc arguments'..." >&2; exit 2; }
OLD=$1 NEW=$2
shift 2
REPS=${REPS:-5}
CG_LIMIT=${CG_LIMIT:-50000}
FORMAT=${FORMAT:-csv}
export SVC_NOW=${SVC_NOW:-2026-06-01T09:00:00Z} SVC_ACTOR=bench
unset SVC_DB
[ -x /usr/bin/time ] || { echo "bench/rows.sh: GNU time is needed at /usr/bin/time" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-rows.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$OLD" "$WORK/old"
cp "$NEW" "$WORK/new"

# median and fastest of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f | %.2f", m, v[1] }'; }

echo "| command | rows | old median s | old fastest s | new median s | new fastest s | old peak KB | new peak KB | old Ir (rows) | new Ir | Ir change |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
    db=${spec%%|*}
    read -r -a args <<<"${spec#*|}"
    for side in old new; do cp "$db" "$WORK/$side.db"; done
    : >"$WORK/old.times"
    : >"$WORK/new.times"
    for _ in $(seq "$REPS"); do
        for side in old new; do
            /usr/bin/time -f '%e %M' -o "$WORK/t" "$WORK/$side" --db "$WORK/$side.db" --format "$FORMAT" "${args[@]}" \
                >"$WORK/$side.out"
            cat "$WORK/t" >>"$WORK/$side.times"
        done
    done
    cmp -s "$WORK/old.out" "$WORK/new.out" || { echo "bench/rows.sh: outputs differ: ${args[*]}" >&2; exit 1; }
    rows=$(($(wc -l <"$WORK/old.out") - 1))
    [ "$rows" -ge 0 ] || rows=0
    old_t=$(cut -d' ' -f1 "$WORK/old.times" | stats)
    new_t=$(cut -d' ' -f1 "$WORK/new.times" | stats)
    old_m=$(cut -d' ' -f2 "$WORK/old.times" | sort -g | tail -1)
    new_m=$(cut -d' ' -f2 "$WORK/new.times" | sort -g | tail -1)
    ir="| | |"
    if [ "$CG_LIMIT" != 0 ] && command -v valgrind >/dev/null; then
        cg=("${args[@]}")
        n=$rows
        if "$WORK/old" "${args[@]}" --help 2>/dev/null | grep -q -- '--limit'; then
            cg+=(--limit "$CG_LIMIT")
            [ "$rows" -lt "$CG_LIMIT" ] || n=$CG_LIMIT
        fi
        for side in old new; do
            valgrind --tool=callgrind --callgrind-out-file=/dev/null "$WORK/$side" --db "$WORK/$side.db" \
                --format "$FORMAT" "${cg[@]}" 2>"$WORK/$side.cg" >/dev/null
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/$side.cg" >"$WORK/$side.ir"
        done
        ir=$(awk -v n="$n" -v o="$(cat "$WORK/old.ir")" -v w="$(cat "$WORK/new.ir")" \
            'BEGIN { printf "%.3f G (%d) | %.3f G | %+.1f %%", o / 1e9, n, w / 1e9, (w - o) * 100 / o }')
    fi
    echo "| \`svc --format $FORMAT ${args[*]}\` | $rows | ${old_t% | *} | ${old_t#* | } | ${new_t% | *} | ${new_t#* | } | $old_m | $new_m | $ir |"
    rm -f "$WORK/old.db" "$WORK/new.db" "$WORK"/*.db-wal "$WORK"/*.db-shm
done
