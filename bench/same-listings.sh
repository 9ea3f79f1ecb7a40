#!/usr/bin/env bash
# Whether two svc binaries print the same listings, byte for byte: every read-only
# listing, export and show command below, in every --format and in both languages
# (LANG=C and LANG=zh_CN.UTF-8), on copies of one database. For changes that must not
# change what a listing says (output::cells, which writes a row's cells straight from
# its fields instead of picking them out of a JSON object).
#
#   bench/same-listings.sh OLD_SVC NEW_SVC DB [DB...]
#
# Each database is copied once per binary (the originals are never opened). csv, json
# and table (which goes on as CSV past 10,000 rows) run whole; yaml, md, html and xlsx,
# which a long listing makes slowly or holds in memory, with --limit $LIMIT (default
# 20000) where the command takes it. stdout, stderr and the exit code are compared; a
# command that fails alike in both counts, and the summary says how many printed rows.
# SVC_NOW and SVC_TZ are fixed (ticket clocks and overdue lists depend on them).
# COMMANDS=file replaces the built-in list (one command a line; @TICKET, @REPAIR,
# @SERIAL, @CUSTOMER, @PART stand for the first such code in the database).
# Exits 1 at the first difference, with the start of the diff.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: bench/same-listings.sh OLD_SVC NEW_SVC DB [DB...]" >&2; exit 2; }
OLD=$1 NEW=$2
shift 2
LIMIT=${LIMIT:-20000}
FORMATS=${FORMATS:-table csv json yaml md html xlsx}
LANGS=${LANGS:-C zh_CN.UTF-8}
export SVC_NOW=${SVC_NOW:-2026-06-01T09:00:00Z} SVC_TZ=${SVC_TZ:-Asia/Shanghai} SVC_ACTOR=bench
unset SVC_DB SVC_LANG LC_ALL LC_MESSAGES NO_COLOR
command -v sqlite3 >/dev/null || { echo "bench/same-listings.sh: the sqlite3 shell is needed" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-same-listings.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/old" "$WORK/new"
cp "$OLD" "$WORK/old/svc"
cp "$NEW" "$WORK/new/svc"

default_commands() {
    cat <<'EOF'
customer list
customer export
customer show @CUSTOMER
equipment list
equipment export
equipment models
equipment history @SERIAL
staff list
staff certs
staff ladder
ticket list
ticket list --open
ticket list --overdue
ticket export
ticket show @TICKET
repair list
repair export
repair show @REPAIR
repair followups
repair protocol list
survey list
due
config list
parts list
parts export
parts show @PART
parts supplier list
parts location list
parts stock export
parts ledger --part @PART
parts slow
parts plan
parts po list
parts receipts
parts count list
parts req list
parts safety list
parts safety due
parts trace --part @PART
calendar list
sla rule list
sla group list
history
training list
training rules
training due
training plans
training sessions
appraisal list
drill plan list
drill list
drill findings
drill reserve list
incident list
kb list
visit list
visit due
maint plan list
maint due
maint overdue
maint schedule
maint visits
maint kpi
maint parts
maint contract list
audit list
audit findings
audit standard list
audit template list
complaint list
complaint stats
report kpi
report faults
report satisfaction
report workload
report parts
report complaints
demo svc-demo-out.db -q
EOF
}

# The first code of a kind in the database, for commands about one record.
first() { # db sql
    sqlite3 "$1" "$2" 2>/dev/null | head -1
}

compared=0 printed=0 differs=0
for db in "$@"; do
    name=$(basename "$db")
    echo "copying $db ..." >&2
    cp "$db" "$WORK/old/$name"
    cp "$db" "$WORK/new/$name"
    ticket=$(first "$db" "SELECT code FROM tickets ORDER BY id LIMIT 1")
    repair=$(first "$db" "SELECT code FROM repairs ORDER BY id LIMIT 1")
    serial=$(first "$db" "SELECT e.serial_no FROM equipment e JOIN repairs r ON r.equipment_id = e.id ORDER BY r.id LIMIT 1")
    [ -n "$serial" ] || serial=$(first "$db" "SELECT serial_no FROM equipment ORDER BY id LIMIT 1")
    customer=$(first "$db" "SELECT code FROM customers ORDER BY id LIMIT 1")
    part=$(first "$db" "SELECT part_no FROM parts ORDER BY id LIMIT 1")
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        line=${line//@TICKET/${ticket:-T-NONE}}
        line=${line//@REPAIR/${repair:-R-NONE}}
        line=${line//@SERIAL/${serial:-SN-NONE}}
        line=${line//@CUSTOMER/${customer:-C-NONE}}
        line=${line//@PART/${part:-P-NONE}}
        read -r -a words <<<"$line"
        limited=
        if "$WORK/old/svc" "${words[@]}" --help 2>/dev/null | grep -q -- '--limit'; then limited=1; fi
        for format in $FORMATS; do
            args=("${words[@]}")
            case $format in
                yaml | md | html | xlsx) [ -n "$limited" ] && args+=(--limit "$LIMIT") ;;
            esac
            for lang in $LANGS; do
                for side in old new; do
                    set +e
                    (cd "$WORK/$side" && LANG=$lang ./svc --db "$name" --format "$format" --color never "${args[@]}" \
                        >"$WORK/$side.out" 2>"$WORK/$side.err")
                    echo "exit $?" >>"$WORK/$side.err"
                    set -e
                done
                if ! cmp -s "$WORK/old.out" "$WORK/new.out" || ! cmp -s "$WORK/old.err" "$WORK/new.err"; then
                    echo "differs on $name: LANG=$lang svc --format $format ${args[*]}" >&2
                    cmp "$WORK/old.out" "$WORK/new.out" >&2 || true
                    diff "$WORK/old.err" "$WORK/new.err" | head -20 >&2 || true
                    differs=$((differs + 1))
                    [ -n "${KEEP_GOING:-}" ] || exit 1
                fi
                compared=$((compared + 1))
                if [ -s "$WORK/old.out" ] && grep -qx 'exit 0' "$WORK/old.err"; then printed=$((printed + 1)); fi
            done
        done
    done < <(if [ -n "${COMMANDS:-}" ]; then cat "$COMMANDS"; else default_commands; fi)
    rm -f "$WORK"/old/"$name"* "$WORK"/new/"$name"*
done
echo "same: $compared outputs compared ($printed printed something and exited 0), $differs differ"
[ "$differs" -eq 0 ]
