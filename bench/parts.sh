#!/usr/bin/env bash
# Spare-parts stock benchmark (issue 4): stock counts and stock look-ups on a database with
# PARTS parts and MOVES movements in the stock ledger.
#
#   bench/parts.sh                              # 100,000 parts, 5,000,000 movements (a few minutes)
#   PARTS=10000 MOVES=200000 REPS=1 bench/parts.sh   # a quick run
#
# The data: `svc init`, 40 bins in WH1 and 10 in WH2 added with `svc parts location add`,
# then bench/gen_parts.py loads the catalogue, one or two stock lines per part and the
# ledger with SQL on svc's own schema (svc's trigger keeps the stock balances). `svc db
# check` must pass on the result, or the benchmark stops.
#
# Measures, REPS times each (median kept), every round on a fresh copy of that database:
#   svc parts count start                       the whole database (no --location)
#   svc parts count sheet CNT -o sheet.csv      every line of that count
#   svc parts count submit CNT filled.csv       the sheet filled in, ~5% of lines differing
#   svc parts count variance CNT                the differing lines
#   svc parts count start, again                on a copy where PRIOR earlier whole-database
#                                               counts are closed (their lines stay on record)
# and on the database as generated:
#   svc db check                                REPS times (it recomputes stock from the ledger)
#   svc parts stock --part P                    one part; RUNS times with hyperfine
# Wall time (date +%s%N around the command) and peak RSS (GNU time, %M).
# The figures replace the section between <!-- bench:parts:start --> and
# <!-- bench:parts:end --> in docs/performance.md (DOC=... to write elsewhere).
#
# Knobs: PARTS (100000), MOVES (5000000), REPS (3), RUNS (200, for stock --part), WARMUP (20),
# PRIOR (12: the earlier counts for the second count start measure; 0 leaves it out),
# DOC, CARGO_TARGET_DIR (default /tmp/svc-bench-target), SVC=path (use that binary, no build),
# KEEP_DB=path (keep the generated database there, and reuse it on the next run when it
# exists: its PARTS and MOVES are read from it, and no generation time is reported).
# Needs: cargo, python3, the sqlite3 shell, GNU time. It uses hyperfine when it is
# installed, else times a shell loop (mean only); it installs nothing (bench/revision.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PARTS=${PARTS:-100000}
MOVES=${MOVES:-5000000}
REPS=${REPS:-3}
RUNS=${RUNS:-200}
PRIOR=${PRIOR:-12}
WARMUP=${WARMUP:-20}
DOC=${DOC:-$ROOT/docs/performance.md}
KEEP_DB=${KEEP_DB:-}
export SVC_ACTOR=bench
unset SVC_DB

for tool in cargo python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/parts.sh: $tool is needed" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/parts.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2; exit 1; }

if [ -z "${SVC:-}" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/svc-bench-target}
    echo "building svc (release) in $CARGO_TARGET_DIR ..." >&2
    SVC=$("$ROOT/scripts/release.sh")  # the release binary, built as it is installed
    BUILT="svc $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git status --porcelain -- src Cargo.toml Cargo.lock migrations 2>/dev/null | grep -q . && echo ' with uncommitted changes' || true) (release)"
else
    BUILT="the svc binary $SVC"
fi

. "$ROOT/bench/revision.sh"
bench_note_hyperfine bench/parts.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-parts.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.txt
: >"$RESULTS"
# a copy of the binary: a build in the same target directory during the run cannot swap it
cp "$SVC" "$WORK/svc"
SVC=$WORK/svc

now() { date +%s%N; }

# timed NAME -- COMMAND...: appends "NAME wall_seconds peak_rss_kb user_s sys_s" to RESULTS;
# the command's stdout is left in $WORK/NAME.out
timed() {
    local name=$1 t0 t1
    shift 2
    t0=$(now)
    if ! /usr/bin/time -f '%M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "bench/parts.sh: failed: $*" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    fi
    t1=$(now)
    echo "$name $(((t1 - t0) / 1000))e-6 $(cat "$WORK/$name.time")" >>"$RESULTS"
    echo "  $name: $(((t1 - t0) / 1000000)) ms" >&2
}

# The database: generated once (or reused from KEEP_DB).
BASE=${KEEP_DB:-$WORK/base.db}
GEN_SECONDS=
if [ -n "$KEEP_DB" ] && [ -s "$KEEP_DB" ]; then
    echo "reusing $KEEP_DB" >&2
    PARTS=$(sqlite3 "$BASE" 'SELECT count(*) FROM parts')
    MOVES=$(sqlite3 "$BASE" 'SELECT count(*) FROM movements')
else
    rm -f "$BASE" "$BASE-wal" "$BASE-shm"
    echo "generating $PARTS parts and $MOVES movements in $BASE ..." >&2
    t0=$(now)
    "$SVC" -q --db "$BASE" init
    for b in $(seq -w 1 40); do "$SVC" -q --db "$BASE" parts location add WH1 --bin "A-$b" >/dev/null; done
    for b in $(seq -w 1 10); do "$SVC" -q --db "$BASE" parts location add WH2 --bin "B-$b" >/dev/null; done
    python3 "$ROOT/bench/gen_parts.py" load --db "$BASE" --parts "$PARTS" --moves "$MOVES"
    t1=$(now)
    GEN_SECONDS=$(((t1 - t0) / 1000000))e-3
fi
DB_BYTES=$(stat -c %s "$BASE")
# how busy the machine is while the timings run: the benchmark alone keeps one CPU busy
cpu_jiffies() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
CPU_BEFORE=$(cpu_jiffies)
STOCK_LINES=$(sqlite3 "$BASE" 'SELECT count(*) FROM stock WHERE qty > 0')

echo "svc db check ($REPS times)" >&2
for rep in $(seq "$REPS"); do
    timed check -- "$SVC" --db "$BASE" db check
done

echo "one part's stock" >&2
# a part from the middle of the catalogue, with two stock lines when there is one
PART=$(sqlite3 "$BASE" "SELECT p.part_no FROM parts p WHERE p.id >= (SELECT max(id) / 2 FROM parts)
                        ORDER BY (SELECT count(*) FROM stock s WHERE s.part_id = p.id AND s.qty <> 0) = 2 DESC, p.id LIMIT 1")
PART_LINES=$(sqlite3 "$BASE" "SELECT count(*) FROM stock s JOIN parts p ON p.id = s.part_id WHERE p.part_no = '$PART' AND s.qty <> 0")
"$SVC" --db "$BASE" parts stock --part "$PART" >"$WORK/stock.out"
if [ "$(($(wc -l <"$WORK/stock.out") - 1))" != "$PART_LINES" ]; then
    echo "bench/parts.sh: svc parts stock --part $PART did not list its $PART_LINES stock line(s):" >&2
    cat "$WORK/stock.out" >&2
    exit 1
fi
if command -v hyperfine >/dev/null; then
    STOCK_TOOL="hyperfine $(hyperfine --version | cut -d' ' -f2) (-N, no shell; $WARMUP warm-up runs), $RUNS runs"
    hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/stock.json" \
        -n stock "$SVC --db $BASE parts stock --part $PART" >&2
else
    STOCK_TOOL="a bash loop timed with date +%s%N (hyperfine not installed; mean only, including bash's fork/exec), $RUNS runs"
    for _ in $(seq "$WARMUP"); do "$SVC" --db "$BASE" parts stock --part "$PART" >/dev/null; done
    t0=$(now)
    for _ in $(seq "$RUNS"); do "$SVC" --db "$BASE" parts stock --part "$PART" >/dev/null; done
    t1=$(now)
    echo "$(((t1 - t0) / RUNS))" >"$WORK/stock.loop"
fi

for rep in $(seq "$REPS"); do
    echo "count, round $rep of $REPS" >&2
    DB=$WORK/count.db
    # svc never writes over a file it was not told to replace: each round's sheet is new.
    rm -f "$DB" "$DB-wal" "$DB-shm" "$WORK/sheet.csv"
    cp "$BASE" "$DB"
    timed start -- "$SVC" --db "$DB" parts count start
    CNT=$(cat "$WORK/start.out")
    timed sheet -- "$SVC" --db "$DB" parts count sheet "$CNT" -o "$WORK/sheet.csv"
    SHEET_LINES=$(($(wc -l <"$WORK/sheet.csv") - 1))
    if [ "$SHEET_LINES" != "$STOCK_LINES" ]; then
        echo "bench/parts.sh: the sheet of $CNT has $SHEET_LINES lines, not $STOCK_LINES" >&2
        exit 1
    fi
    python3 "$ROOT/bench/gen_parts.py" fill "$WORK/sheet.csv" "$WORK/filled.csv" --seed "$rep" 2>"$WORK/fill.err"
    DIFFER=$(sed -n 's/.*, \([0-9]*\) differ.*/\1/p' "$WORK/fill.err")
    timed submit -- "$SVC" --db "$DB" parts count submit "$CNT" "$WORK/filled.csv"
    timed variance -- "$SVC" --db "$DB" --format csv parts count variance "$CNT"
    VARIANCE_LINES=$(($(wc -l <"$WORK/variance.out") - 1))
    if [ "$VARIANCE_LINES" != "$DIFFER" ]; then
        echo "bench/parts.sh: variance listed $VARIANCE_LINES lines; the filled sheet has $DIFFER differing" >&2
        exit 1
    fi
    rm -f "$DB" "$DB-wal" "$DB-shm"
done

# A database with a history of counts: PRIOR earlier whole-database counts, closed (cancelled
# here; a posted count leaves the same lines behind), as a year of monthly counts would.
if [ "$PRIOR" -gt 0 ]; then
    echo "count start after $PRIOR closed counts (making them ...)" >&2
    HIST=$WORK/history.db
    cp "$BASE" "$HIST"
    for _ in $(seq "$PRIOR"); do
        c=$("$SVC" -q --db "$HIST" parts count start)
        "$SVC" -q --db "$HIST" parts count cancel "$c" --reason "bench: an earlier count"
    done
    for rep in $(seq "$REPS"); do
        DB=$WORK/count.db
        rm -f "$DB" "$DB-wal" "$DB-shm"
        cp "$HIST" "$DB"
        timed start_after -- "$SVC" --db "$DB" parts count start
        rm -f "$DB" "$DB-wal" "$DB-shm"
    done
    rm -f "$HIST" "$HIST-wal" "$HIST-shm"
fi

CPU_AFTER=$(cpu_jiffies)
BUSY=$(echo "$CPU_BEFORE $CPU_AFTER" | awk '{printf "%.0f", 100 * ($3 - $1) / ($4 - $2)}')

python3 - "$WORK" "$DOC" "$PARTS" "$MOVES" "$REPS" "$DB_BYTES" "$STOCK_LINES" "$VARIANCE_LINES" "${GEN_SECONDS:-}" \
    "$PART" "$PART_LINES" "$STOCK_TOOL" "$BUSY" "$PRIOR" "$BUILT" <<'PY'
import datetime, json, os, statistics, sys

(work, doc, parts, moves, reps, db_bytes, stock_lines, variance_lines, gen_s, part, part_lines, stock_tool,
 busy, prior, built) = sys.argv[1:]
parts, moves, reps, db_bytes, stock_lines, variance_lines = map(int, (parts, moves, reps, db_bytes, stock_lines, variance_lines))

runs = {}
for line in open(f"{work}/results.txt"):
    name, wall, rss, user, sys_ = line.split()
    runs.setdefault(name, []).append(dict(wall=float(wall), rss=int(rss) / 1024, user=float(user), sys=float(sys_)))

def median_run(name):
    rs = sorted(runs[name], key=lambda r: r["wall"])
    return rs[len(rs) // 2], runs[name]

if os.path.exists(f"{work}/stock.json"):
    t = [x * 1000 for x in json.load(open(f"{work}/stock.json"))["results"][0]["times"]]
    stock = dict(mean=statistics.mean(t), median=statistics.median(t), min=min(t), sd=statistics.stdev(t) if len(t) > 1 else 0)
    stock_ms = stock["median"]
else:
    stock = dict(mean=int(open(f"{work}/stock.loop").read()) / 1e6, median=None, min=None, sd=None)
    stock_ms = stock["mean"]

def verdict(ok):
    return "**met**" if ok else "**not met**"

rows = [
    ("start", "`svc parts count start`",
     f"freezes the book quantity of every stock line with something on hand ({stock_lines:,} lines) into a new count, "
     "after checking that no open count covers any of them", 1.0),
    ("sheet", "`svc parts count sheet CNT -o sheet.csv`",
     f"writes those {stock_lines:,} lines as a CSV in walking order (location, part number, lot)", 1.0),
    ("submit", "`svc parts count submit CNT filled.csv`",
     f"reads the sheet back filled in ({variance_lines:,} lines, about 5%, counted differently) and sets every line's "
     "counted quantity, one transaction", 1.0),
    ("variance", "`svc parts count variance CNT`",
     f"lists the {variance_lines:,} differing lines, valued at moving average cost (CSV to a file)", 1.0),
    ("start_after", "`svc parts count start`, after earlier counts",
     f"the same, on a database where {prior} earlier whole-database counts are closed "
     f"({'a year of monthly counts: ' if prior == '12' else ''}about {int(prior) * stock_lines:,} count lines "
     "on record)", 1.0),
    ("check", "`svc db check`",
     f"integrity and foreign-key checks of the whole file, and every stock balance recomputed from the "
     f"{moves:,} movements (no target)", None),
]
out = []
ncpu = os.cpu_count()
out.append(f"Measured {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')} on {ncpu} CPU, "
           f"{built}. The CPUs were {busy}% busy while the timings ran; the benchmark alone keeps one busy "
           f"(about {100 // ncpu}%), so more means other work on the machine, which inflates the times.")
out.append("")
gen = (f"generated in {float(gen_s):.0f} s (`svc init`, 50 locations added with `svc parts location add`, then "
       f"`bench/gen_parts.py load`)" if gen_s else "reused from an earlier run (KEEP_DB)")
out.append(f"Data: {parts:,} parts with one or two stock lines each ({stock_lines:,} lines with stock on hand) in 40 "
           f"bins of WH1 and 10 of WH2; {moves:,} movements in the ledger (an opening per line, then receipts and "
           f"issues over two years); the database is {db_bytes / 1e6:,.0f} MB, {gen}.")
out.append("")
out.append(f"Each command run {reps} time(s), the count commands each time on a fresh copy of the database; "
           "the median wall time is shown, and the highest peak RSS.")
out.append("")
out.append("| command | what it measures | seconds | all runs, s | peak RSS MB | target | result |")
out.append("| --- | --- | ---: | --- | ---: | --- | --- |")
missed = []
for name, cmd, what, target in rows:
    if name not in runs:
        continue
    m, rs = median_run(name)
    peak = max(r["rss"] for r in rs)
    if target is None:
        t, res = "-", "-"
    else:
        ok = m["wall"] < target
        t, res = f"under {target:g} s", verdict(ok)
        if not ok:
            missed.append(f"{cmd}: {m['wall']:.2f} s (target {target:g} s)")
    out.append(f"| {cmd} | {what} | {m['wall']:.3f} | {', '.join('%.3f' % r['wall'] for r in rs)} | {peak:.1f} | {t} | {res} |")
ok = stock_ms < 10
if not ok:
    missed.append(f"`svc parts stock --part {part}`: {stock_ms:.1f} ms (target 10 ms)")
out.append("")
out.append(f"One part's stock, `svc parts stock --part {part}` (its {part_lines} stock line(s) with its catalogue row; the whole "
           f"process, start to exit), with {stock_tool}, on the database as generated:")
out.append("")
def f(x):
    return "-" if x is None else f"{x:.2f}"
out.append("| command | mean ms | sd ms | median ms | min ms | target | result |")
out.append("| --- | ---: | ---: | ---: | ---: | --- | --- |")
out.append(f"| `svc parts stock --part {part}` | {f(stock['mean'])} | {f(stock['sd'])} | {f(stock['median'])} | "
           f"{f(stock['min'])} | under 10 ms ({'median' if stock['median'] is not None else 'mean'}) | {verdict(ok)} |")
out.append("")
if missed:
    out.append("**Targets missed**: " + "; ".join(missed) + ".")
else:
    out.append("Every target is met.")
out.append("")
out.append(f"Rerun with `bench/parts.sh` (PARTS={parts} MOVES={moves} REPS={reps} PRIOR={prior}).")

section = "\n".join(out)
start, end = "<!-- bench:parts:start -->", "<!-- bench:parts:end -->"
text = open(doc).read() if os.path.exists(doc) else "# Performance\n"
if start in text and end in text:
    head, rest = text.split(start, 1)
    text = f"{head}{start}\n{section}\n{end}{rest.split(end, 1)[1]}"
else:
    text = text.rstrip("\n") + f"\n\n{start}\n{section}\n{end}\n"
open(doc, "w").write(text)
print(section)
PY
echo "figures written to $DOC" >&2
