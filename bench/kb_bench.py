#!/usr/bin/env python3
"""Times `svc kb import` and `svc kb search` on the articles in DIR/kb.csv and writes the
figures into DOC (see bench/kb.sh)."""
import argparse
import os
import sqlite3
import statistics
import subprocess
import time

SEARCHES = [
    ("黑屏", [], "two characters: the index's vocabulary"),
    ("背光板", [], "three characters, common"),
    ("电机黑屏", [], "four characters"),
    ("黑屏 电机", ["--model", "PM-9000"], "two words, one model"),
    ("背光板 供电电压", ["--part", "0100"], "two words, one part"),
    ("屏", [], "one character: LIKE scan"),
]


def run(args, env):
    t = time.perf_counter()
    p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - t, p


def like_reference(db, words, reps):
    """Every word somewhere in the current version's text, by plain LIKE."""
    c = sqlite3.connect(db)
    cols = ["v.title", "v.question", "v.solution", "v.tags"]
    where = " AND ".join("(" + " OR ".join(f"{col} LIKE ?" for col in cols) + ")" for _ in words)
    params = [f"%{w}%" for w in words for _ in cols]
    sql = ("SELECT a.code FROM kb_articles a JOIN kb_versions v ON v.article_id = a.id AND v.version = a.version "
           f"WHERE {where}")
    times, n = [], 0
    for _ in range(max(1, reps // 2)):
        t = time.perf_counter()
        n = len(c.execute(sql, params).fetchall())
        times.append(time.perf_counter() - t)
    return statistics.median(times), n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--svc", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--build", default="release")
    a = ap.parse_args()
    db = os.path.join(a.dir, "svc.db")
    env = dict(os.environ, SVC_DB=db, SVC_ACTOR="bench", SVC_NOW="2026-06-01T09:00:00Z", TZ="UTC")
    subprocess.run([a.svc, "init"], env=env, check=True, stderr=subprocess.DEVNULL)
    csv_path = os.path.join(a.dir, "kb.csv")
    rows = sum(1 for _ in open(csv_path, encoding="utf-8")) - 1
    seconds, _ = run([a.svc, "-q", "kb", "import", csv_path], env)
    size = os.path.getsize(db)
    lines = [
        f"{rows:,} generated articles (bench/gen_kb.py), svc {a.build} build; database {size / 1e6:.0f} MB.",
        "",
        f"- `svc kb import`: {seconds:.1f} s ({rows / seconds:,.0f} articles/s), versions and index written in one transaction",
        "",
        "| search | what | hits | svc kb search (median / min, process) | plain LIKE (median, in-process) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for text, extra, what in SEARCHES:
        times = []
        for _ in range(a.reps):
            t, _ = run([a.svc, "--format", "csv", "kb", "search", text, "--limit", "20", *extra], env)
            times.append(t)
        _, p = run([a.svc, "--format", "csv", "kb", "search", text, "--limit", "1000000", *extra], env)
        hits = max(0, len(p.stdout.decode().splitlines()) - 1)
        ref, ref_n = like_reference(db, text.split(), a.reps)
        note = "" if extra else f" ({ref_n:,} rows)"
        shown = " ".join([f"`{text}`", *extra])
        lines.append(f"| {shown} | {what} | {hits:,} | {statistics.median(times) * 1000:.0f} ms / {min(times) * 1000:.0f} ms "
                     f"| {ref * 1000:.0f} ms{note} |")
    t, _ = run([a.svc, "--format", "csv", "kb", "list", "--limit", "1"], env)
    lines += ["", f"Start-up floor (`svc kb list --limit 1`): {t * 1000:.0f} ms."]
    block = "\n".join(lines)
    print(block)
    text = open(a.doc, encoding="utf-8").read()
    start, end = "<!-- bench:kb:start -->", "<!-- bench:kb:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{block}\n{end}{tail}"
    else:
        text = text.rstrip("\n") + f"\n\n{start}\n{block}\n{end}\n"
    open(a.doc, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
