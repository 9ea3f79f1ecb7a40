#!/usr/bin/env bash
# R4.2.2, the month-end stock count, in two steps around the physical count.
#
#   examples/monthly-stock-count.sh start [LOCATION] [CATEGORY]
#       Freezes the book quantities (all locations, one warehouse WH1, or one bin
#       WH1/A-01; optionally one category) and writes the count sheet for Excel/WPS to
#       $DIR/CNT-xxxxxx.csv. Prints the count code on stdout.
#   examples/monthly-stock-count.sh finish CNT FILLED_SHEET
#       Reads the filled-in sheet back (a counted quantity SETS its line; submitting
#       again replaces), stops if lines are still uncounted, writes the variance
#       report to $DIR/CNT-xxxxxx-variance.csv, backs the database up to
#       $DIR/CNT-xxxxxx-before-post.db, and posts one adjustment per differing line.
#
# Stock may keep moving while people count: svc adjusts by counted minus the book
# quantity frozen at the start, so nothing issued or received meanwhile is lost.
#
# Environment:
#   SVC_DB     the database             SVC       the svc binary [default: svc on PATH]
#   DIR        where sheets and reports go [default: ./counts]
#   ENCODING   utf-8 (with a BOM, for Excel) or gbk (old WPS setups) [default: utf-8]
#   BLIND      1: leave the book quantities off the sheet
#   REASON     the reason code posted with the adjustments [default: monthly-count]
#
# Exit status: svc's own (3 no such count, 4 lines still uncounted or the live
# stock cannot take an adjustment, 5 a bad sheet: nothing was written).
set -euo pipefail

svc=${SVC:-svc}
dir=${DIR:-./counts}
mkdir -p "$dir"

usage() {
    sed -n '3,13p' "$0" >&2
    exit 2
}

case ${1:-} in
start)
    args=()
    [ -n "${2:-}" ] && args+=(--location "$2")
    [ -n "${3:-}" ] && args+=(--category "$3")
    count=$("$svc" parts count start "${args[@]}")
    sheet_args=(-o "$dir/$count.csv")
    if [ "${ENCODING:-utf-8}" = gbk ]; then sheet_args+=(--encoding gbk); else sheet_args+=(--bom); fi
    [ "${BLIND:-0}" = 1 ] && sheet_args+=(--blind)
    "$svc" parts count sheet "$count" "${sheet_args[@]}"
    echo "$count"
    ;;
finish)
    count=${2:-}
    sheet=${3:-}
    [ -n "$count" ] && [ -n "$sheet" ] || usage
    "$svc" parts count submit "$count" "$sheet"
    # Lines nobody counted (or asked to be counted again) stop the posting.
    waiting=$("$svc" parts count variance "$count" --format csv | awk -F, 'NR > 1 && ($NF == "uncounted" || $NF == "recount")' | wc -l)
    if [ "$waiting" -gt 0 ]; then
        echo "monthly-stock-count: $waiting line(s) of $count are not counted yet:" >&2
        "$svc" --format table parts count variance "$count" >&2
        exit 4
    fi
    "$svc" --format csv parts count variance "$count" --all >"$dir/$count-variance.csv"
    "$svc" db backup "$dir/$count-before-post.db"
    "$svc" parts count post "$count" --reason "${REASON:-monthly-count}"
    "$svc" --format table parts count list --status posted | grep -E "^ *(count|$count) " || true
    ;;
*)
    usage
    ;;
esac
