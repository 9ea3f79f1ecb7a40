#!/usr/bin/env bash
# Start-up cost: `svc customer list` on an empty database against `sqlite3 FILE 'select 1'`
# on the same file, many times each, output to /dev/null. Beside them, for where the time
# goes: `sqlite3 FILE 'select count(*) from customers'`, which parses the whole schema as
# any statement on a table must (`select 1` reads no table and so no schema), and with
# BASE=path another svc binary (the one before a change), timed in the same run.
#
#   bench/list.sh                 # RUNS=300 each, after WARMUP=20
#   BASE=/tmp/svc-head SVC=$(scripts/release.sh) bench/list.sh
#
# It uses hyperfine when it is installed, else times a shell loop (mean only); it installs
# nothing (bench/revision.sh). The figures name the revision measured; they replace the section between
# <!-- bench:list:start --> and <!-- bench:list:end --> in docs/performance.md (DOC=...).
# bench/import.sh runs this at its end. SVC=path uses that binary instead of building one.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
. "$ROOT/bench/revision.sh"
RUNS=${RUNS:-300}
WARMUP=${WARMUP:-20}
DOC=${DOC:-$ROOT/docs/performance.md}
LIST_JSON=${LIST_JSON:-}

REVISION=${REVISION:-}
if [ -z "${SVC:-}" ]; then
    REVISION="svc $(cd "$ROOT" && bench_revision) (release)"
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
fi
command -v sqlite3 >/dev/null || { echo "bench/list.sh: the sqlite3 shell is needed" >&2; exit 1; }

bench_note_hyperfine bench/list.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-list.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/empty.db
"$SVC" -q --db "$DB" init

SVC_CMD="$SVC --db $DB customer list"
SQLITE_CMD="sqlite3 $DB 'select 1'"
SCHEMA_CMD="sqlite3 $DB 'select count(*) from customers'"
BASE=${BASE:-}
# The base gets an empty database of its own: a build from before a migration refuses a
# newer file (exit 6), and its own schema is what its start-up reads.
BASE_DB=$WORK/base.db
if [ -n "$BASE" ]; then "$BASE" -q --db "$BASE_DB" init; fi

if command -v hyperfine >/dev/null; then
    TOOL="hyperfine $(hyperfine --version | cut -d' ' -f2) (-N, no shell; $WARMUP warm-up runs)"
    base=()
    if [ -n "$BASE" ]; then base=(-n base "$BASE --db $BASE_DB customer list"); fi
    hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/h.json" \
        -n svc "$SVC_CMD" -n sqlite3 "$SQLITE_CMD" -n schema "$SCHEMA_CMD" "${base[@]}" >&2
else
    TOOL="a bash loop timed with date +%s%N (hyperfine not installed; mean only, including bash's fork/exec)"
    loop() { # name command...
        local name=$1
        shift
        for _ in $(seq "$WARMUP"); do "$@" >/dev/null; done
        local t0 t1
        t0=$(date +%s%N)
        for _ in $(seq "$RUNS"); do "$@" >/dev/null; done
        t1=$(date +%s%N)
        echo "$name $(((t1 - t0) / RUNS))" >>"$WORK/loop.txt"
    }
    loop svc "$SVC" --db "$DB" customer list
    loop sqlite3 sqlite3 "$DB" 'select 1'
    loop schema sqlite3 "$DB" 'select count(*) from customers'
    if [ -n "$BASE" ]; then loop base "$BASE" --db "$BASE_DB" customer list; fi
fi

python3 - "$WORK" "$DOC" "$RUNS" "$TOOL" "$LIST_JSON" "${REVISION:-the svc binary $SVC}" "$BASE" <<'PY'
import datetime, json, os, statistics, sys

work, doc, runs, tool, list_json, revision, base = sys.argv[1:]
stats = {}
if os.path.exists(f"{work}/h.json"):
    for r in json.load(open(f"{work}/h.json"))["results"]:
        t = [x * 1000 for x in r["times"]]
        stats[r["command"]] = dict(mean=statistics.mean(t), sd=statistics.stdev(t), median=statistics.median(t), min=min(t))
else:
    for line in open(f"{work}/loop.txt"):
        name, ns = line.split()
        stats[name] = dict(mean=int(ns) / 1e6, sd=None, median=None, min=None)

def f(x):
    return "-" if x is None else f"{x:.2f}"

s, q = stats["svc"], stats["sqlite3"]
ratio = s["mean"] / q["mean"]
ok = ratio <= 1.5
out = [
    f"Measured {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} on {os.cpu_count()} CPU, "
    f"with {tool}, {runs} runs each, on an empty database made by `svc init` (BASE: one made by its own `init`); {revision}.",
    "",
    "| command | mean ms | sd ms | median ms | min ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    f"| `svc --db FILE customer list` | {f(s['mean'])} | {f(s['sd'])} | {f(s['median'])} | {f(s['min'])} |",
    f"| `sqlite3 FILE 'select 1'` | {f(q['mean'])} | {f(q['sd'])} | {f(q['median'])} | {f(q['min'])} |",
]
if "schema" in stats:
    c = stats["schema"]
    out.append(f"| `sqlite3 FILE 'select count(*) from customers'` (parses the schema) | {f(c['mean'])} | {f(c['sd'])} | {f(c['median'])} | {f(c['min'])} |")
if "base" in stats:
    b = stats["base"]
    out.append(f"| `{base} --db FILE customer list` (BASE) | {f(b['mean'])} | {f(b['sd'])} | {f(b['median'])} | {f(b['min'])} |")
out += [
    "",
    f"Target: `svc customer list` on an empty database within 1.5x of `sqlite3 FILE 'select 1'`: "
    f"{ratio:.2f}x, {'**met**' if ok else '**not met**'}"
    + (f" (fastest runs: {s['min'] / q['min']:.2f}x)." if s["min"] and q["min"] else "."),
]
section = "\n".join(out)
start, end = "<!-- bench:list:start -->", "<!-- bench:list:end -->"
text = open(doc).read() if os.path.exists(doc) else "# Performance\n"
if start in text and end in text:
    head, rest = text.split(start, 1)
    text = f"{head}{start}\n{section}\n{end}{rest.split(end, 1)[1]}"
else:
    text = text.rstrip("\n") + f"\n\n{start}\n{section}\n{end}\n"
open(doc, "w").write(text)
if list_json:
    json.dump(dict(svc_ms=s["mean"], sqlite_ms=q["mean"]), open(list_json, "w"))
print(section)
PY
echo "figures written to $DOC" >&2
