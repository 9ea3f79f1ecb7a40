#!/usr/bin/env bash
# Import benchmark: svc against the sqlite3 shell's `.import` of the same file, in one run.
#
#   bench/import.sh                  # 1,000,000 rows (a few minutes, plus the release build)
#   ROWS=100000 bench/import.sh      # a quick run
#   ORDERS=ascending bench/import.sh # only the rows in code order
#
# Measures, each on a fresh database in a temporary directory, REPS times (median kept):
#   (a) svc init + svc customer import FILE            UTF-8, canonical headers
#   (b) svc init + svc customer import FILE --map MAP  GBK, Chinese headers and types, CRLF
#   (c) sqlite3 DB '.import --csv FILE customers'      the file of (a), into a table with
#       svc's columns, constraints and indexes (taken from a database `svc init` made)
# The rows come in two orders (ORDERS, default both): `random`, codes in no order (an export
# sorted by name or date: every insert lands at a random place of the unique index on
# code), and `ascending`, in code order, as most legacy exports are (every insert appends
# to the index: the cheapest case for SQLite, so svc's own work weighs most).
# then the peak memory of (a) and (b) once more at SMALL_ROWS (default ROWS/10), to show
# whether memory stays flat as the file grows, and then bench/list.sh (svc customer list
# on an empty database against sqlite3 'select 1'; SKIP_LIST=1 leaves it out).
# Wall time and peak RSS come from GNU time (/usr/bin/time -v "Maximum resident set size").
# The figures replace the section between <!-- bench:import:start --> and
# <!-- bench:import:end --> in docs/performance.md (DOC=... to write elsewhere).
#
# Needs: cargo, python3, the sqlite3 shell, GNU time. It installs nothing (nor does
# bench/list.sh, which it runs at its end); the figures name the revision measured.
# The release build goes to CARGO_TARGET_DIR (default /tmp/svc-bench-target), so it does not
# disturb the debug builds in target/. SVC=path times that binary instead (no build).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
. "$ROOT/bench/revision.sh"
REVISION="svc $(bench_revision) (release)"
ROWS=${ROWS:-1000000}
SMALL_ROWS=${SMALL_ROWS:-$((ROWS / 10))}
REPS=${REPS:-3}
ORDERS=${ORDERS:-random ascending}
DOC=${DOC:-$ROOT/docs/performance.md}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}

for tool in cargo python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/import.sh: $tool is needed" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/import.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2; exit 1; }

if [ -z "${SVC:-}" ]; then
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
else
    REVISION="the svc binary $SVC (revision not known to this script)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.txt
: >"$RESULTS"

gen() { # rows file [generator options...]
    local rows=$1 file=$2
    shift 2
    echo "generating $rows rows: $(basename "$file") ..." >&2
    python3 "$ROOT/bench/gen_customers.py" --rows "$rows" -o "$file" "$@"
}

# timed NAME -- COMMAND...: wall seconds, peak RSS (KB), user and system seconds to NAME.time
timed() {
    local name=$1
    shift 2
    if ! /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "bench/import.sh: failed: $*" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    fi
}

count_rows() {
    sqlite3 "$1" 'SELECT count(*) FROM customers'
}

# The reference table: svc's own customers table, its constraints and indexes, as
# `svc init` creates them (so it follows the migrations), less the INTEGER PRIMARY KEY
# alias of the rowid (storage is the same; .import fills columns by position).
"$SVC" -q --db "$WORK/schema.db" init
{
    echo "PRAGMA journal_mode=WAL;"    # svc's settings (src/db/mod.rs connect())
    echo "PRAGMA synchronous=NORMAL;"
    sqlite3 "$WORK/schema.db" '.schema customers' | sed -E '/^ *id +INTEGER PRIMARY KEY,? *$/d'
} >"$WORK/reference.sql"
sqlite3 "$WORK/check.db" <"$WORK/reference.sql" >/dev/null
REF_COLUMNS=$(sqlite3 "$WORK/check.db" "SELECT group_concat(name, ',') FROM pragma_table_info('customers')")
CSV_COLUMNS=code,name,type,contact,phone,email,province,city,address,created_on,notes
if [ "$REF_COLUMNS" != "$CSV_COLUMNS" ]; then
    echo "bench/import.sh: svc's customers table now has columns $REF_COLUMNS; update the generator" >&2
    exit 1
fi

# One measured run of each case on fresh databases; $1 = rows, $2 = tag, $3 = which cases.
run_cases() {
    local rows=$1 tag=$2 cases=$3 db
    for c in $cases; do
        db=$WORK/$c-$tag.db
        rm -f "$db" "$db-wal" "$db-shm"
        case $c in
        svc)
            timed init -- "$SVC" --db "$db" init
            timed import -- "$SVC" --db "$db" customer import "$WORK/en-$tag.csv"
            ;;
        svcmap)
            timed init -- "$SVC" --db "$db" init
            timed import -- "$SVC" --db "$db" customer import "$WORK/zh-$tag.csv" --map "$WORK/zh.map.yaml"
            ;;
        sqlite)
            # the table is created inside the timed process (schema, then .import): there
            # is no separate init step to time
            echo "0 0 0 0" >"$WORK/init.time"
            timed import -- sqlite3 -bail "$db" ".read $WORK/reference.sql" ".import --csv --skip 1 $WORK/en-$tag.csv customers"
            ;;
        esac
        local n
        n=$(count_rows "$db")
        if [ "$n" != "$rows" ]; then
            echo "bench/import.sh: $c imported $n rows of $rows" >&2
            cat "$WORK/import.err" >&2
            exit 1
        fi
        # case tag rows init(wall rss user sys) import(wall rss user sys)
        echo "$c $tag $rows $(cat "$WORK/init.time") $(cat "$WORK/import.time")" >>"$RESULTS"
        echo "  $c ($rows rows): $(cut -d' ' -f1 "$WORK/import.time") s, $(cut -d' ' -f2 "$WORK/import.time") KB" >&2
        rm -f "$db" "$db-wal" "$db-shm"
    done
}

EN_MB=0
for order in $ORDERS; do
    # tag: big (random order, the figures of earlier runs) or asc
    case $order in
    random) tag=big ;;
    ascending) tag=asc ;;
    *) echo "bench/import.sh: ORDERS: random or ascending, not $order" >&2; exit 1 ;;
    esac
    gen "$ROWS" "$WORK/en-$tag.csv" --order "$order"
    EN_MB=$(($(stat -c %s "$WORK/en-$tag.csv") / 1000000))
    gen "$ROWS" "$WORK/zh-$tag.csv" --order "$order" --headers zh --encoding gbk --write-map "$WORK/zh.map.yaml"
    for rep in $(seq "$REPS"); do
        echo "run $rep of $REPS, $ROWS rows in $order order" >&2
        run_cases "$ROWS" "$tag" "svc svcmap sqlite"
    done
    rm -f "$WORK/en-$tag.csv" "$WORK/zh-$tag.csv"
done

gen "$SMALL_ROWS" "$WORK/en-small.csv"
gen "$SMALL_ROWS" "$WORK/zh-small.csv" --headers zh --encoding gbk
echo "memory at $SMALL_ROWS rows" >&2
run_cases "$SMALL_ROWS" small "svc svcmap sqlite"

LIST_JSON=
if [ "${SKIP_LIST:-0}" != 1 ]; then
    LIST_JSON=$WORK/list.json
    DOC=$DOC LIST_JSON=$LIST_JSON SVC=$SVC REVISION=$REVISION "$ROOT/bench/list.sh"
fi

SQLITE_SHELL=$(sqlite3 --version | cut -d' ' -f1)
SOURCE_ID=$(set +o pipefail; strings -n 20 "$SVC" 2>/dev/null | grep -m1 -oE '^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8}' || true)
SVC_SQLITE="$(grep -A1 'name = "libsqlite3-sys"' Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p') (SQLite source id ${SOURCE_ID:-?})"

python3 - "$RESULTS" "$DOC" "$ROWS" "$SMALL_ROWS" "$REPS" "$EN_MB" "$SQLITE_SHELL" "$SVC_SQLITE" "$LIST_JSON" "$REVISION" <<'PY'
import datetime, json, os, platform, statistics, subprocess, sys

results, doc, rows, small_rows, reps, en_mb, sqlite_shell, svc_sqlite, list_json, revision = sys.argv[1:]
rows, small_rows, reps = int(rows), int(small_rows), int(reps)

runs = {}
for line in open(results):
    f = line.split()
    case, tag, n = f[0], f[1], int(f[2])
    iw, irss, iu, isy, w, rss, u, s = map(float, f[3:11])
    runs.setdefault((case, tag), []).append(
        dict(init=iw, wall=iw + w, imp=w, rss=max(irss, rss) / 1024, user=iu + u, sys=isy + s))

def median_run(case, tag):
    rs = sorted(runs[(case, tag)], key=lambda r: r["wall"])
    return rs[len(rs) // 2], rs

def mem_kb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0

cpu = ""
try:
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
except OSError:
    pass

orders = [(t, o) for t, o in (("big", "random"), ("asc", "ascending")) if ("svc", t) in runs]
names = {
    "svc": "(a) `svc init` + `svc customer import` (UTF-8, canonical headers)",
    "svcmap": "(b) `svc init` + `svc customer import --map` (GBK, Chinese headers and types, CRLF)",
    "sqlite": "(c) `sqlite3` `.import --csv` of the file of (a) into an equivalent table",
}
out = []
out.append(f"Measured {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} on "
           f"{os.cpu_count()} CPU ({cpu or platform.machine()}), {mem_kb() / 1024 / 1024:.1f} GiB memory, "
           f"Linux {platform.release()}; {revision}; sqlite3 shell {sqlite_shell}; svc's bundled SQLite: "
           f"libsqlite3-sys {svc_sqlite}.")
out.append("")
out.append(f"{rows:,} rows (about {en_mb} MB of UTF-8 CSV), each case run {reps} time(s) on a fresh database, "
           "the cases taking turns; the run with the median time is shown, and the highest peak RSS of all runs.")
out.append("")
meds = {}
for tag, order in orders:
    out.append(f"Rows in {order} code order"
               + (" (an export sorted by name or date):" if tag == "big" else " (an export sorted by its key):"))
    out.append("")
    out.append("| case | seconds | rows/s | peak RSS MB | user s | sys s | all runs, s |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    med = meds[tag] = {}
    for case in ("svc", "svcmap", "sqlite"):
        m, rs = median_run(case, tag)
        med[case] = m
        peak = max(r["rss"] for r in rs)
        out.append(f"| {names[case]} | {m['wall']:.2f} | {rows / m['wall']:,.0f} | {peak:.1f} | {m['user']:.2f} | "
                   f"{m['sys']:.2f} | {', '.join('%.2f' % r['wall'] for r in rs)} |")
    out.append("")
out.append(f"Peak memory as the file grows ({small_rows:,} rows, then {rows:,}):")
out.append("")
out.append(f"| case | peak RSS MB at {small_rows:,} | peak RSS MB at {rows:,} | growth MB |")
out.append("| --- | ---: | ---: | ---: |")
mem = {}
for case in ("svc", "svcmap", "sqlite"):
    small = max(r["rss"] for r in runs[(case, "small")])
    big = max(r["rss"] for tag, _ in orders for r in runs[(case, tag)])
    mem[case] = (small, big)
    out.append(f"| {names[case].split(' ', 1)[0]} {'svc' if case != 'sqlite' else 'sqlite3'} | {small:.1f} | {big:.1f} | {big - small:+.1f} |")
out.append("")

def verdict(ok):
    return "**met**" if ok else "**not met**"

peak = max(max(mem["svc"]), max(mem["svcmap"]))
growth = max(mem["svc"][1] - mem["svc"][0], mem["svcmap"][1] - mem["svcmap"][0])
t2 = peak < 20 and growth < 2
out.append("Targets:")
out.append("")
out.append("| target | measured | result |")
out.append("| --- | --- | --- |")
for tag, order in orders:
    med = meds[tag]
    t1 = med["svcmap"]["wall"] <= med["sqlite"]["wall"]
    ratio1 = med["svcmap"]["wall"] / med["sqlite"]["wall"]
    cpu = lambda m: m["user"] + m["sys"]
    out.append(f"| svc with mapping and validation, (b), no slower than `.import`, (c), rows in {order} order | "
               f"{med['svcmap']['wall']:.2f} s against {med['sqlite']['wall']:.2f} s ({ratio1:.2f}x; "
               f"without mapping, (a): {med['svc']['wall'] / med['sqlite']['wall']:.2f}x; CPU time "
               f"{cpu(med['svcmap']) / cpu(med['sqlite']):.2f}x) | {verdict(t1)} |")
out.append(f"| svc's peak memory under 20 MB, and flat (less than 2 MB more for {rows // max(small_rows, 1)}x the rows) | "
           f"at most {peak:.1f} MB; grows {growth:+.1f} MB from {small_rows:,} to {rows:,} rows | {verdict(t2)} |")
if list_json and os.path.exists(list_json):
    l = json.load(open(list_json))
    t3 = l["svc_ms"] <= 2 * l["sqlite_ms"]
    out.append(f"| `svc customer list` on an empty database within 2x of `sqlite3 FILE 'select 1'` | "
               f"{l['svc_ms']:.2f} ms against {l['sqlite_ms']:.2f} ms ({l['svc_ms'] / l['sqlite_ms']:.2f}x; "
               f"see below) | {verdict(t3)} |")
else:
    out.append("| `svc customer list` on an empty database within 2x of `sqlite3 FILE 'select 1'` | "
               "not measured in this run (SKIP_LIST=1); see the listing section | - |")
out.append("")
out.append(f"Rerun with `bench/import.sh` (ROWS={rows} REPS={reps}).")

section = "\n".join(out)
start, end = "<!-- bench:import:start -->", "<!-- bench:import:end -->"
text = open(doc).read() if os.path.exists(doc) else "# Performance\n"
if start in text and end in text:
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    text = f"{head}{start}\n{section}\n{end}{tail}"
else:
    text = text.rstrip("\n") + f"\n\n{start}\n{section}\n{end}\n"
open(doc, "w").write(text)
print(section)
PY
echo "figures written to $DOC" >&2
