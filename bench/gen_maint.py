#!/usr/bin/env python3
"""Fill a database made by `svc init` with an installed base under preventive maintenance.

    python3 bench/gen_maint.py plans --dir PLANS --models 500 --plans 5
    svc maint plan import PLANS/PM-B01.yaml ...        # through svc, on the empty base
    python3 bench/gen_maint.py base --db svc.db --devices 200000 --models 500 --customers 2000

`plans` writes PLANS plan files (YAML, the format of examples/maintenance/) sharing the
MODELS models between them (M-0001 ... M-0500): intervals of 6 or 12 months, risk
classes high, medium and low, a two-item checklist. They are imported with svc itself.

`base` then writes, with SQL on svc's own schema and in one transaction, CUSTOMERS
customers over the provinces, the MODELS models and DEVICES devices (installed up to
eight years before --now; svc's trigger `maint_schedules_new_device` schedules each one
from its installation date as it arrives), about 2% of them retired, and for every
device a legacy maintenance record (`maint_archive`) of its last visit, within its
interval before --now for 96% of them and lapsed for the rest. Each schedule then counts
from that visit, as svc counts (`next_due` = the visit plus the interval in months; the
31st plus one month is the month's last day; basis `visit`): the state svc reaches after
`svc maint import` of those records, without its one-by-one refresh. So the due days
spread over the coming year, with a few percent late, as a planner's database looks.
Deterministic for a seed. Prints a JSON summary.
"""

import argparse
import calendar
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import time

PROVINCES = ["北京", "上海", "广东", "江苏", "浙江", "山东", "河南", "四川", "湖北", "湖南", "陕西", "福建",
             "河北", "安徽", "辽宁", "重庆", "天津", "云南", "广西", "江西"]
RISKS = ["high", "medium", "low"]


def plan_code(i):
    return f"PM-B{i + 1:02d}"


def model_name(i):
    return f"M-{i + 1:04d}"


def plan_of_model(i, plans):
    return i % plans


def interval_of_plan(p):
    return 6 if p % 2 == 0 else 12


def add_months(d, months):
    """svc's rule: the same day `months` later, or the month's last day when it has none."""
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def write_plans(a):
    os.makedirs(a.dir, exist_ok=True)
    for p in range(a.plans):
        models = [model_name(i) for i in range(a.models) if plan_of_model(i, a.plans) == p]
        text = (
            f"code: {plan_code(p)}\n"
            f"name: Benchmark plan {p + 1}\n"
            f"models: [{', '.join(models)}]\n"
            f"interval:\n  months: {interval_of_plan(p)}\n"
            f"risk: {RISKS[p % 3]}\n"
            "hours: 1.5\n"
            "checklist:\n"
            f"  code: {plan_code(p)}-CL\n"
            f"  name: Benchmark checklist {p + 1}\n"
            "  standard: IEC 62353:2014\n"
            "  items:\n"
            "    - key: visual\n      name: Enclosure and labels\n      kind: check\n"
            "    - key: leakage\n      name: Equipment leakage current\n      kind: measure\n      unit: µA\n      max: 500\n"
        )
        with open(os.path.join(a.dir, f"{plan_code(p)}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    print(json.dumps({"plans": a.plans, "models": a.models, "dir": a.dir}))


def write_base(a):
    t0 = time.time()
    rng = random.Random(a.seed)
    today = dt.datetime.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ").date()
    con = sqlite3.connect(a.db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = OFF")
    if con.execute("SELECT count(*) FROM equipment").fetchone()[0]:
        sys.exit("gen_maint.py: the database has equipment already: give it a fresh one from `svc init`")
    plans = dict(con.execute(
        "SELECT code, interval_months FROM maint_plans p "
        "WHERE version = (SELECT max(version) FROM maint_plans q WHERE q.code = p.code)").fetchall())
    if not plans:
        sys.exit("gen_maint.py: import the plans first (gen_maint.py plans, then svc maint plan import)")
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO customers(id, code, name, type, province, city, created_on) VALUES (?,?,?,?,?,?,?)",
        [(i, f"C-{i:06d}", f"{PROVINCES[i % len(PROVINCES)]}第{i}医院", "hospital", PROVINCES[i % len(PROVINCES)],
          PROVINCES[i % len(PROVINCES)], "2015-01-01") for i in range(1, a.customers + 1)])
    con.executemany("INSERT INTO models(id, model, manufacturer, added_at) VALUES (?,?,?,?)",
                    [(i + 1, model_name(i), "迈瑞", "2015-01-01T00:00:00Z") for i in range(a.models)])
    rows, archive = [], []
    retired = 0
    for i in range(1, a.devices + 1):
        mid = rng.randrange(a.models)
        inst = today - dt.timedelta(days=rng.randrange(30, 8 * 365))
        status = "retired" if rng.random() < 0.02 else "in_service"
        retired += status == "retired"
        rows.append((i, f"SN{30000000 + i:09d}", mid + 1, rng.randrange(1, a.customers + 1), inst.isoformat(), status))
        code = plan_code(plan_of_model(mid, a.plans))
        months = plans.get(code)
        if months is None:
            continue
        span = months * 30
        back = rng.randrange(1, span) if rng.random() < 0.96 else rng.randrange(span, span + 90)
        done = max(inst, today - dt.timedelta(days=back))
        archive.append((i, f"BY-{i:07d}", code, done.isoformat(), add_months(done, months).isoformat()))
    con.executemany("INSERT INTO equipment(id, serial_no, model_id, customer_id, installed_on, status) "
                    "VALUES (?,?,?,?,?,?)", rows)
    con.executemany(
        "INSERT INTO maint_archive(equipment_id, code, plan_code, done_on, result, imported_at) "
        "VALUES (?,?,?,?,'passed','2026-01-01T00:00:00Z')", [(e, c, p, d) for e, c, p, d, _ in archive])
    con.executemany("UPDATE maint_schedules SET next_due = ?1, basis = 'visit' WHERE equipment_id = ?2 AND plan_code = ?3",
                    [(n, e, p) for e, _, p, _, n in archive])
    con.execute("COMMIT")
    con.execute("ANALYZE")
    scheduled = con.execute("SELECT count(*) FROM maint_schedules").fetchone()[0]
    print(json.dumps({"customers": a.customers, "models": a.models, "devices": a.devices, "retired": retired,
                      "scheduled": scheduled, "seconds": round(time.time() - t0, 1)}))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("plans", help="write the plan files")
    p.add_argument("--dir", required=True)
    p.add_argument("--models", type=int, default=500)
    p.add_argument("--plans", type=int, default=5)
    b = sub.add_parser("base", help="fill the installed base and its last visits")
    b.add_argument("--db", required=True, help="a database made by `svc init`, the plans imported")
    b.add_argument("--devices", type=int, default=200_000)
    b.add_argument("--models", type=int, default=500)
    b.add_argument("--plans", type=int, default=5)
    b.add_argument("--customers", type=int, default=2000)
    b.add_argument("--now", default="2026-03-05T02:00:00Z", help="the present (UTC, RFC 3339)")
    b.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    write_plans(a) if a.what == "plans" else write_base(a)


if __name__ == "__main__":
    main()
