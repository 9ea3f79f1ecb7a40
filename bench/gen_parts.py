#!/usr/bin/env python3
"""Fill a database made by `svc init` with spare parts and a stock ledger, for
bench/parts.sh; and fill in a count sheet as the people counting would.

  gen_parts.py load --db svc.db --parts 100000 --moves 5000000
  gen_parts.py fill sheet.csv filled.csv --differ 0.05

load: the locations must exist already (bench/parts.sh adds them with
`svc parts location add`). It writes, with SQL in one transaction on svc's own schema:

  - PARTS catalogue rows: part numbers such as 0481236-B (text with leading zeros, not
    in insertion order), Chinese names of medical-equipment spares, specification,
    model, one of eight categories, unit, minimum and reorder quantities, a standard
    cost in fen, and avg_cost equal to it (every movement below is at that cost, so
    the moving average cost stays right without recomputing it);
  - one or two stock lines per part (half the parts have two): a bin of WH1 chosen by
    category, and for the second line a bin of WH2, or a second lot in the same bin
    for lot-tracked categories (batteries, sensors, consumables, with an expiry date);
  - MOVES movements in the ledger table `movements`: first one 'opening' per stock line
    (100 to 2,000 units), then receipts (+1..50) and issues (-1..20) of random stock
    lines, in time order over two years (2024-01-01 onwards, UTC), with references
    RC-nnnnnn / RQ-nnnnnn shared by a few movements each. An issue is only drawn when
    the line has enough on hand, so no balance ever goes negative.

svc's trigger `movements_balance` keeps the table `stock` as the rows go in, exactly as
it does for svc's own postings; so afterwards `svc db check` recomputes the same
balances from the ledger. Nothing is written to the history (svc's bulk imports write
one entry; this is not svc writing). The output is deterministic for a given --seed,
--parts and --moves, and the movements are generated in batches (memory is
proportional to the number of stock lines, not of movements).

fill: reads a sheet written by `svc parts count sheet` (UTF-8 CSV with its columns
count,location,part_no,name,spec,unit,lot,book_qty,counted_qty,note) and writes it
back with counted_qty filled in: the book quantity, or for a --differ share of the
lines (default 5%) a different one (a few more or fewer, never below 0), with a note.
"""

import argparse
import csv
import random
import sqlite3
import sys
import time

CATEGORIES = {
    # category: (names, specs, lot-tracked, standard cost range in fen)
    "sensors": (["血氧探头", "体温探头", "流量传感器", "压力传感器", "氧浓度传感器", "二氧化碳传感器"],
                ["成人 指夹式", "儿童 软胶", "0-200 L/min", "0-10 kPa", "3 m 线长"], True, (8000, 180000)),
    "cables": (["心电导联线", "主干电缆", "电源线", "数据线", "延长线"],
               ["3 导联", "5 导联", "10 导联 香蕉头", "2.5 m", "国标 10 A"], False, (1500, 60000)),
    "batteries": (["锂电池组", "镍氢电池", "纽扣电池", "备用电池"],
                  ["14.8 V 4400 mAh", "12 V 2.2 Ah", "CR2032", "11.1 V 2600 mAh"], True, (3000, 150000)),
    "boards": (["主控板", "电源板", "接口板", "显示驱动板", "参数板"],
               ["V2.1", "V3.0", "含固件 1.8", "带屏蔽罩"], False, (50000, 1200000)),
    "displays": (["液晶显示屏", "触摸屏", "背光灯条", "按键膜"],
                 ['10.4"', '12.1"', '15"', "中文面板"], False, (20000, 600000)),
    "tubes": (["呼吸管路", "袖带", "储气囊", "雾化杯", "吸引管"],
              ["成人 一次性", "儿童", "22 mm", "1.8 m"], False, (500, 20000)),
    "consumables": (["过滤器", "细菌过滤器", "保险丝", "记录纸", "电极片", "密封圈"],
                    ["HEPA", "5x20 mm 2 A", "50 mm x 20 m", "Φ12 硅胶"], True, (100, 8000)),
    "mechanical": (["风扇", "电机", "阀门", "脚轮", "支架", "泵"],
                   ["12 V 60 mm", "24 V", "带刹车", "不锈钢"], False, (2000, 300000)),
}
MODELS = ["PM-9000", "PM-7000", "SV-300", "BeneHeart D3", "iMEC 12", "R3", "SP5", "VS-600", "E-360", "DC-70"]
UNITS = ["pcs", "pcs", "pcs", "个", "套", "卷", "根"]
ACTORS = ["bench", "wang.li", "zhang.wei", "liu.yang", "chen.jing", "warehouse"]
START = int(time.mktime(time.strptime("2024-01-01 08:00:00", "%Y-%m-%d %H:%M:%S"))) - time.timezone
SPAN = 2 * 365 * 86400


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def load(args):
    rnd = random.Random(args.seed)
    db = sqlite3.connect(args.db, isolation_level=None)
    locations = db.execute("SELECT id, warehouse, bin FROM locations ORDER BY warehouse, bin").fetchall()
    wh1 = [l[0] for l in locations if l[1] == "WH1" and l[2]]
    wh2 = [l[0] for l in locations if l[1] == "WH2"] or wh1
    if not wh1:
        sys.exit("gen_parts.py: no WH1 bins in the database (add them with 'svc parts location add WH1 --bin A-01')")
    if db.execute("SELECT count(*) FROM parts").fetchone()[0]:
        sys.exit("gen_parts.py: the database already has parts; load into a fresh one")
    # A bulk load on a scratch file: no rollback journal, no fsync, a big page cache.
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1048576")
    db.execute("BEGIN")

    cats = list(CATEGORIES)
    # bins of WH1 by category: each category gets a run of consecutive bins
    bins = {c: wh1[i * len(wh1) // len(cats):max((i + 1) * len(wh1) // len(cats), i * len(wh1) // len(cats) + 1)]
            for i, c in enumerate(cats)}
    numbers = rnd.sample(range(1, 10 * args.parts), args.parts)
    lines = []  # (part_id, location_id, lot, expiry, cost)
    parts = []
    for pid in range(1, args.parts + 1):
        cat = cats[pid % len(cats)]
        names, specs, lotted, (lo, hi) = CATEGORIES[cat]
        cost = rnd.randrange(lo, hi) // 10 * 10
        part_no = f"{numbers[pid - 1]:07d}-{'ABCDEF'[pid % 6]}"
        model = rnd.choice(MODELS)
        parts.append((pid, part_no, f"{rnd.choice(names)} {model}", rnd.choice(specs), model, cat,
                      rnd.choice(UNITS), rnd.choice((0, 0, 2, 5, 10)), rnd.choice((0, 10, 20, 50)), cost, cost))
        loc = rnd.choice(bins[cat])

        def lot():
            d = START + rnd.randrange(0, 200) * 86400
            return "L" + time.strftime("%y%m", time.gmtime(d)) + f"{rnd.randrange(100):02d}", \
                time.strftime("%Y-%m-%d", time.gmtime(d + 3 * 365 * 86400))

        first = lot() if lotted else ("", None)
        lines.append((pid, loc, first[0], first[1], cost))
        if rnd.random() < 0.5:
            if lotted and rnd.random() < 0.5:
                second = lot()
                if second[0] != first[0]:
                    lines.append((pid, loc, second[0], second[1], cost))
                    continue
            other = rnd.choice(wh2)
            if other != loc:
                lines.append((pid, other, *(lot() if lotted else ("", None)), cost))
    db.executemany(
        "INSERT INTO parts(id, part_no, name, spec, model, category, unit, min_qty, reorder_qty, unit_cost, avg_cost)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)", parts)
    del parts, numbers

    if args.moves < len(lines):
        sys.exit(f"gen_parts.py: --moves {args.moves} is fewer than the {len(lines)} opening movements")
    insert = ("INSERT INTO movements(at, actor, kind, part_id, location_id, lot, expiry, qty, unit_cost, ref)"
              " VALUES (?,?,?,?,?,?,?,?,?,?)")
    opening_at = rfc3339(START - 86400)
    balance = []
    openings = []
    for pid, loc, lot, expiry, cost in lines:
        q = rnd.randrange(100, 2001)
        balance.append(q)
        openings.append((opening_at, "bench", "opening", pid, loc, lot, expiry, q, cost, "opening stock"))
    db.executemany(insert, openings)
    del openings

    rest = args.moves - len(lines)
    step = SPAN / max(rest, 1)
    n_lines = len(lines)
    state = {"rc": 0, "rq": 0}

    def moves():
        rc = rq = ""
        for i in range(rest):
            k = rnd.randrange(n_lines)
            pid, loc, lot, expiry, cost = lines[k]
            at = rfc3339(START + int(i * step))
            q = rnd.randint(1, 20)
            if balance[k] >= q and rnd.random() < 0.55:
                balance[k] -= q
                if i % 4 == 0 or not rq:
                    state["rq"] += 1
                    rq = f"RQ-{state['rq']:06d}"
                yield (at, ACTORS[i % len(ACTORS)], "issue", pid, loc, lot, expiry, -q, cost, rq)
            else:
                q = rnd.randint(1, 50)
                balance[k] += q
                if i % 8 == 0 or not rc:
                    state["rc"] += 1
                    rc = f"RC-{state['rc']:06d}"
                yield (at, ACTORS[i % len(ACTORS)], "receipt", pid, loc, lot, expiry, q, cost, rc)

    t0 = time.time()
    done = 0
    batch = []
    for row in moves():
        batch.append(row)
        if len(batch) == 50000:
            db.executemany(insert, batch)
            done += len(batch)
            batch.clear()
            if done % 1000000 == 0:
                print(f"  {done + len(lines):,} movements ({time.time() - t0:.0f} s)", file=sys.stderr)
    db.executemany(insert, batch)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")  # as svc init left it
    stock = db.execute("SELECT count(*), sum(qty > 0) FROM stock").fetchone()
    db.close()
    print(f"gen_parts.py: {args.parts} parts, {n_lines} stock lines ({stock[1]} with stock on hand), "
          f"{args.moves} movements", file=sys.stderr)


def fill(args):
    rnd = random.Random(args.seed)
    with open(args.sheet, newline="", encoding="utf-8-sig") as f, \
            open(args.output, "w", newline="", encoding="utf-8") as out:
        r = csv.DictReader(f)
        w = csv.DictWriter(out, fieldnames=r.fieldnames, lineterminator="\n")
        w.writeheader()
        n = differ = 0
        for row in r:
            n += 1
            book = int(row["book_qty"])
            counted = book
            if rnd.random() < args.differ:
                counted = max(0, book + rnd.choice((-3, -2, -1, -1, 1, 1, 2, 5)))
                if counted != book:
                    differ += 1
                    row["note"] = "盘亏" if counted < book else "盘盈"
            row["counted_qty"] = counted
            w.writerow(row)
    print(f"gen_parts.py: {n} sheet lines, {differ} differ from the books", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    l = sub.add_parser("load", help="parts, stock lines and movements into a database made by svc init")
    l.add_argument("--db", required=True)
    l.add_argument("--parts", type=int, default=100000)
    l.add_argument("--moves", type=int, default=5000000)
    l.add_argument("--seed", type=int, default=4)
    f = sub.add_parser("fill", help="fill in a count sheet")
    f.add_argument("sheet")
    f.add_argument("output")
    f.add_argument("--differ", type=float, default=0.05, help="share of lines counted differently (0.05)")
    f.add_argument("--seed", type=int, default=4)
    args = p.parse_args()
    load(args) if args.cmd == "load" else fill(args)


if __name__ == "__main__":
    main()
