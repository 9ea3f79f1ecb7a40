//! Many processes on one file (design.md, "Integrity"): cron and people write at once
//! through WAL, a busy timeout and short BEGIN IMMEDIATE transactions; nothing is lost,
//! a killed import leaves all or nothing, a backup taken during an import is consistent,
//! a file from a newer svc is refused, and a lock held too long is exit 6 with advice.

mod common;
use common::*;

use std::fmt::Write as _;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Barrier;
use std::time::{Duration, Instant};

const HEADER: &str = "code,name,type,contact,phone,email,province,city,address,created_on,notes";

/// A customer CSV of `n` valid rows, codes `{prefix}000000`...; built in one buffer.
fn customer_csv(prefix: &str, n: usize) -> String {
    let mut s = String::with_capacity(n * 130 + 100);
    s.push_str(HEADER);
    s.push('\n');
    for i in 0..n {
        writeln!(
            s,
            "{prefix}{i:06},上海瑞康医院{i},hospital,张三,13800000000,a{i}@example.com,上海,上海,徐汇区漕溪北路{i}号,2024-03-05,"
        )
        .unwrap();
    }
    s
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn customers(db: &Path) -> i64 {
    count(db, "SELECT count(*) FROM customers")
}

fn imports(db: &Path) -> i64 {
    count(db, "SELECT count(*) FROM history WHERE action = 'import'")
}

/// Spawn `svc` with the harness's environment, output discarded (a full pipe must not
/// stall the child).
fn spawn(svc: &Svc, args: &[&str]) -> Child {
    svc.command(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn svc")
}

// ---------------------------------------------------------------------------------------
// (a) Eight writers at once

#[test]
fn r8_2_2_eight_processes_write_at_once_without_lock_errors_or_lost_changes() {
    let svc = Svc::new();
    // Customers that two workers will edit.
    let mut pre = format!("{HEADER}\n");
    for i in 0..20 {
        writeln!(pre, "E{i:02},待编辑客户{i},clinic,,,,,,,,").unwrap();
    }
    svc.write("pre.csv", pre);
    svc.run(&["customer", "import", "pre.csv"]).ok();
    svc.write("bulk.csv", customer_csv("I", 300));

    const PER: usize = 20;
    let mut jobs: Vec<Vec<Vec<String>>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<String>>();
    // 0: a customer import of a few hundred rows, then readers.
    jobs.push(vec![s(&["customer", "import", "bulk.csv"]), s(&["customer", "list"]), s(&["history", "--limit", "5"])]);
    // 1-3: customer adds with distinct codes.
    for t in 1..=3 {
        jobs.push(
            (0..PER)
                .map(|i| {
                    let code = format!("W{t}-{i:02}");
                    s(&["customer", "add", "--code", &code, "--name", &format!("诊所{t}-{i}"), "--type", "clinic"])
                })
                .collect(),
        );
    }
    // 4: customer adds with generated codes (the sequence is shared by every writer).
    jobs.push((0..PER).map(|i| s(&["customer", "add", "--name", &format!("新客户{i}"), "--type", "other"])).collect());
    // 5, 6: edits of the same customers, different fields.
    jobs.push((0..PER).map(|i| s(&["customer", "edit", &format!("E{i:02}"), "--city", "上海"])).collect());
    jobs.push(
        (0..PER)
            .map(|i| s(&["customer", "edit", &format!("E{i:02}"), "--phone", &format!("021-6000{i:04}")]))
            .collect(),
    );
    // 7: staff adds.
    jobs.push(
        (0..PER)
            .map(|i| {
                s(&[
                    "staff",
                    "add",
                    "--code",
                    &format!("S{i:02}"),
                    "--name",
                    &format!("工程师{i}"),
                    "--role",
                    "engineer",
                ])
            })
            .collect(),
    );
    assert_eq!(jobs.len(), 8);

    let barrier = Barrier::new(jobs.len());
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| {
                let (svc, barrier) = (&svc, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    let mut failed = Vec::new();
                    for args in job {
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let out = svc.command(&args).output().expect("run svc");
                        if !out.status.success() {
                            failed.push(format!(
                                "svc {} -> {:?}: {}",
                                args.join(" "),
                                out.status,
                                String::from_utf8_lossy(&out.stderr)
                            ));
                        }
                    }
                    failed
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker thread")).collect()
    });
    assert!(failures.is_empty(), "{} command(s) failed:\n{}", failures.len(), failures.join("\n"));

    svc.run(&["db", "check"]).ok();
    assert_eq!(customers(&svc.db), 20 + 300 + 3 * PER as i64 + PER as i64);
    assert_eq!(count(&svc.db, "SELECT count(*) FROM customers WHERE code LIKE 'I%'"), 300);
    assert_eq!(count(&svc.db, "SELECT count(*) FROM customers WHERE code LIKE 'W%'"), 3 * PER as i64);
    assert_eq!(count(&svc.db, "SELECT count(*) FROM staff"), PER as i64);
    // Generated codes: distinct, none skipped or given twice.
    let generated: Vec<String> = {
        let conn = rusqlite::Connection::open(&svc.db).unwrap();
        let mut st = conn.prepare("SELECT code FROM customers WHERE code LIKE 'C-%' ORDER BY code").unwrap();
        let v = st.query_map([], |r| r.get(0)).unwrap().collect::<Result<Vec<String>, _>>().unwrap();
        v
    };
    let expected: Vec<String> = (1..=PER).map(|i| format!("C-{i:06}")).collect();
    assert_eq!(generated, expected);
    // Both edits of each customer landed.
    assert_eq!(
        count(
            &svc.db,
            "SELECT count(*) FROM customers WHERE code LIKE 'E%' AND city = '上海' AND phone LIKE '021-6000%'"
        ),
        20
    );
    // The history has every change: one entry per add and edit, one per import.
    assert_eq!(
        count(&svc.db, "SELECT count(*) FROM history WHERE entity = 'customer' AND action = 'add'"),
        4 * PER as i64
    );
    assert_eq!(
        count(&svc.db, "SELECT count(*) FROM history WHERE entity = 'customer' AND action = 'edit'"),
        2 * PER as i64
    );
    assert_eq!(count(&svc.db, "SELECT count(*) FROM history WHERE entity = 'staff' AND action = 'add'"), PER as i64);
    assert_eq!(imports(&svc.db), 2);
}

// ---------------------------------------------------------------------------------------
// (b) SIGKILL in the middle of an import

#[test]
fn r8_2_2_an_import_killed_midway_leaves_all_or_nothing_and_can_be_run_again() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "KEEP", "--name", "已有客户", "--type", "hospital"]).ok();
    const N: usize = 200_000;
    svc.write("big.csv", customer_csv("K", N));
    let wal = svc.path("svc.db-wal");
    let wal_before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);

    let started = Instant::now();
    let mut child = spawn(&svc, &["customer", "import", "big.csv"]);
    // Until the import has written a good part into the WAL, or at most 5 s.
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let grown = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > wal_before + 2 * 1024 * 1024;
        if (grown && started.elapsed() > Duration::from_millis(500)) || started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished in {:?}, before it could be killed: make the file bigger",
        started.elapsed()
    );
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "the import was killed, not finished: {status:?}");

    svc.run(&["db", "check"]).ok();
    let after = customers(&svc.db);
    assert!(after == 1 || after == 1 + N as i64, "a killed import left {} of {N} rows", after - 1);
    assert_eq!(imports(&svc.db), if after == 1 { 0 } else { 1 }, "the import entry goes with the rows");
    let listed = svc.stdout(&["customer", "list"]).lines().count() as i64;
    assert_eq!(listed, after + 1, "list shows the header and every row");

    // The same file again: it goes in whole.
    if after == 1 {
        svc.run(&["customer", "import", "big.csv"]).ok().stderr_has(&format!("read {N}, inserted {N}"));
    }
    assert_eq!(customers(&svc.db), 1 + N as i64);
    svc.run(&["db", "check"]).ok();
}

// ---------------------------------------------------------------------------------------
// (c) Backup while another process imports

#[test]
fn r8_2_2_a_backup_taken_during_an_import_is_checked_and_consistent() {
    let svc = Svc::new();
    for i in 0..10 {
        svc.run(&["customer", "add", "--code", &format!("P{i}"), "--name", "老客户", "--type", "clinic"]).ok();
    }
    const N: i64 = 80_000;
    svc.write("big.csv", customer_csv("B", N as usize));
    let mut child = spawn(&svc, &["customer", "import", "big.csv"]);

    let mut during = 0;
    let mut k = 0;
    let check = |name: &str| {
        svc.run(&["db", "backup", name]).ok();
        let copy = svc.path(name);
        svc.run(&["--db", copy.to_str().unwrap(), "db", "check"]).ok();
        let n = customers(&copy);
        assert!(n == 10 || n == 10 + N, "backup {name} holds {} of the {N} imported rows", n - 10);
        assert_eq!(imports(&copy), if n == 10 { 0 } else { 1 }, "backup {name}: the import entry goes with the rows");
        n
    };
    while child.try_wait().unwrap().is_none() {
        k += 1;
        check(&format!("during-{k}.db"));
        during += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = child.wait_with_output().unwrap();
    assert!(status.status.success(), "the import failed: {}", String::from_utf8_lossy(&status.stderr));
    assert!(during >= 2, "only {during} backup(s) were taken while the import ran: make the file bigger");
    assert_eq!(check("after.db"), 10 + N);
    // A backup is a working database: it can be written to, and it stays in order.
    let copy = svc.path("after.db");
    svc.run(&["--db", copy.to_str().unwrap(), "customer", "add", "--code", "NEW", "--name", "x", "--type", "other"])
        .ok();
    svc.run(&["--db", copy.to_str().unwrap(), "db", "check"]).ok();
}

// ---------------------------------------------------------------------------------------
// (d) A database from a newer svc

#[test]
fn a_database_with_a_newer_schema_version_is_refused_and_left_untouched() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    rusqlite::Connection::open(&svc.db).unwrap().pragma_update(None, "user_version", 999).unwrap();
    svc.write("one.csv", format!("{HEADER}\nB,b,clinic,,,,,,,,\n"));
    for args in [
        &["customer", "list"][..],
        &["customer", "add", "--code", "C", "--name", "c", "--type", "other"],
        &["customer", "edit", "A", "--name", "x"],
        &["customer", "import", "one.csv"],
        &["staff", "add", "--code", "S1", "--name", "s", "--role", "engineer"],
        &["history"],
        &["db", "check"],
        &["db", "backup", "copy.db"],
        &["init"],
    ] {
        svc.run(args)
            .no_panic()
            .code(6)
            .stderr_has("schema version 999, newer than this svc understands")
            .stderr_has("upgrade svc")
            .stdout_is("");
    }
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 999, "the version is left as it was");
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT code, name FROM customers")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, [("A".to_string(), "a".to_string())], "nothing was written");
    assert!(!svc.path("copy.db").exists());
}

// ---------------------------------------------------------------------------------------
// (e) A write lock held past the busy timeout

/// Another connection holds the write lock (BEGIN IMMEDIATE) and keeps it.
fn hold_write_lock(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

#[test]
fn r8_2_2_a_write_blocked_past_the_busy_timeout_exits_6_naming_the_lock_and_the_timeout() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"]).ok();
    svc.write("one.csv", format!("{HEADER}\nB,b,clinic,,,,,,,,\n"));
    let holder = hold_write_lock(&svc.db);
    let timeout = [("SVC_BUSY_TIMEOUT", "200ms")];
    for args in [
        &["customer", "add", "--code", "C", "--name", "c", "--type", "other"][..],
        &["customer", "edit", "A", "--name", "x"],
        &["customer", "import", "one.csv"],
        &["staff", "add", "--code", "S1", "--name", "s", "--role", "engineer"],
    ] {
        let started = Instant::now();
        let run = svc
            .run_env(args, &timeout)
            .no_panic()
            .code(6)
            .stderr_has("locked by another process")
            .stderr_has("SVC_BUSY_TIMEOUT (now 200 ms)")
            .stdout_is("");
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(200) && took < Duration::from_secs(4),
            "waited {took:?}, not about the 200 ms asked{}",
            run.stderr
        );
    }
    // Readers are not blocked by a writer (WAL).
    svc.run_env(&["customer", "list"], &timeout).ok().stdout_has("A,a,other");
    svc.run_env(&["db", "check"], &timeout).ok();
    drop(holder); // rolls back
                  // Once the lock is gone the same write goes through, and nothing was half-done.
    svc.run_env(&["customer", "add", "--code", "C", "--name", "c", "--type", "other"], &timeout).ok();
    svc.run_env(&["customer", "import", "one.csv"], &timeout).ok();
    assert_eq!(customers(&svc.db), 3);
    assert_eq!(count(&svc.db, "SELECT count(*) FROM customers WHERE name = 'x'"), 0);
}

#[test]
fn r8_2_2_a_write_waits_for_a_lock_released_within_the_busy_timeout() {
    let svc = Svc::new();
    let holder = hold_write_lock(&svc.db);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        holder.execute_batch("COMMIT").unwrap();
    });
    let started = Instant::now();
    svc.run_env(&["customer", "add", "--code", "A", "--name", "a", "--type", "other"], &[("SVC_BUSY_TIMEOUT", "10s")])
        .ok()
        .stdout_is("A\n");
    assert!(started.elapsed() >= Duration::from_millis(500), "the write did wait for the lock");
    release.join().unwrap();
    assert_eq!(customers(&svc.db), 1);
}

#[test]
fn r8_2_2_a_write_blocked_by_a_running_import_exits_6_and_the_import_completes() {
    let svc = Svc::new();
    const N: usize = 60_000;
    svc.write("big.csv", customer_csv("L", N));
    let mut child = spawn(&svc, &["customer", "import", "big.csv"]);
    // Wait until the import holds the write lock: a probe write with no patience is
    // refused with 6 then (and finds nothing to edit, 3, before).
    let started = Instant::now();
    let blocked = loop {
        let run = svc.run_env(&["customer", "edit", "NOPE", "--name", "x"], &[("SVC_BUSY_TIMEOUT", "0ms")]).no_panic();
        if run.code == 6 {
            break run;
        }
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(started.elapsed() < Duration::from_secs(5), "the import never took the write lock");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(blocked.stderr.contains("locked by another process"), "{}", blocked.stderr);
    assert!(child.try_wait().unwrap().is_none(), "the import was still running");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(customers(&svc.db), N as i64);
    svc.run(&["db", "check"]).ok();
}

// ---------------------------------------------------------------------------------------
// (f) export DIR while another process writes

/// `svc export DIR` reads every area in one snapshot (issue 8): while a writer imports a
/// customer and that customer's device in one transaction, again and again, no export may
/// hold a device whose customer it lacks (with one transaction per area it did, whenever
/// a commit fell between the customers file and the equipment file).
#[test]
fn r8_1_1_export_dir_is_one_consistent_snapshot_while_others_write() {
    let svc = Svc::new();
    const ROUNDS: usize = 60;
    for i in 0..ROUNDS {
        std::fs::create_dir_all(svc.path(&format!("in{i}"))).unwrap();
        svc.write(&format!("in{i}/customers.csv"), format!("{HEADER}\nX{i:03},快照医院{i},hospital,,,,,,,,\n"));
        svc.write(
            &format!("in{i}/equipment.csv"),
            format!("serial_no,model,manufacturer,customer_code\nSN-X{i:03},PM-9000,迈瑞,X{i:03}\n"),
        );
    }
    let paths: Vec<String> = (0..ROUNDS).map(|i| svc.path(&format!("in{i}")).display().to_string()).collect();
    // The loop runs under the harness's environment (database, clock, actor).
    let base = svc.command(&[]);
    let mut writer = std::process::Command::new("sh");
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            writer.env(k, v);
        }
    }
    writer
        .arg("-c")
        .arg(format!("for d in {}; do \"$0\" import \"$d\" || exit 1; done", paths.join(" ")))
        .arg(env!("CARGO_BIN_EXE_svc"));
    let mut writer = writer.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn writer");
    let mut exports = 0;
    loop {
        let done = writer.try_wait().expect("writer status").is_some();
        let out = format!("out{exports}");
        svc.run(&["export", &svc.path(&out).display().to_string()]).ok();
        let customers = String::from_utf8(svc.read(&format!("{out}/customers.csv"))).unwrap();
        let equipment = String::from_utf8(svc.read(&format!("{out}/equipment.csv"))).unwrap();
        let codes: std::collections::HashSet<String> =
            csv_rows(&customers).into_iter().skip(1).map(|r| r[0].clone()).collect();
        for row in csv_rows(&equipment).into_iter().skip(1) {
            let owner = row.iter().find(|c| c.starts_with('X')).cloned().unwrap_or_default();
            assert!(
                codes.contains(&owner),
                "export {out} has device {} of customer {owner}, but not the customer",
                row[0]
            );
        }
        exports += 1;
        if done {
            break;
        }
    }
    let status = writer.wait_with_output().expect("writer");
    assert!(status.status.success(), "the writer failed: {}", String::from_utf8_lossy(&status.stderr));
    assert!(exports > 3, "only {exports} exports ran beside the writer");
}
