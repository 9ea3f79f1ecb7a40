//! The attack review: svc driven as a hostile or careless user drives it (from a shell,
//! cron, a script saved on Windows, a terminal), each finding held here through the real
//! binary. docs/security.md says what each guarantees.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Svc};

fn customer(svc: &Svc) {
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
}

fn count(svc: &Svc, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&svc.db).expect("open the database");
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// Run `cmd` to its end, or fail the test after `limit` (a command that hangs).
fn within(mut cmd: Command, limit: Duration) -> (i32, String) {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn svc");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("svc still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn i9_a_control_character_in_any_argument_is_refused_and_nothing_is_written() {
    let svc = Svc::new();
    customer(&svc);
    // Free text taken straight from the command line: before, stored as typed, and
    // replayed to the terminal of whoever listed the tickets (OSC 0 retitles it).
    let symptom = "黑屏\u{1b}]0;PWNED\u{7}";
    let args =
        ["ticket", "open", "--customer", "H1", "--channel", "hotline", "--kind", "enquiry", "--symptom", symptom];
    svc.run(&args).code(5).stderr_has("control character U+001B").stderr_has("nothing was done");
    assert_eq!(count(&svc, "SELECT count(*) FROM tickets"), 0, "no ticket was opened");
    let t = common::code(svc.run(&[&args[..9], &["开机黑屏"]].concat()).ok());
    svc.run(&["ticket", "note", &t, "清屏\u{1b}[2J"]).code(5).stderr_has("U+001B");
    svc.run(&["ticket", "note", &t, "\u{9b}31m"]).code(5).stderr_has("U+009B");
    // A script saved with Windows line ends passes a CR at the end of every line.
    svc.run(&["ticket", "show", &format!("{t}\r")]).code(5).stderr_has("carriage return").stderr_has("dos2unix");
    // Tab and newline are text.
    svc.run(&["ticket", "note", &t, "第一行\n第二行\t备注"]).ok();
    let shown = svc.stdout(&["ticket", "show", &t, "--format", "json"]);
    assert!(!shown.contains("\\u001b") && !shown.contains("PWNED"), "{shown}");
    // In Chinese too.
    svc.run(&["--lang", "zh-CN", "ticket", "note", &t, "\u{1b}[2J"]).code(5).stderr_has("控制字符 U+001B");
}

#[test]
fn i9_a_terminal_table_shows_stored_control_characters_and_bidi_overrides_as_visible_marks() {
    let svc = Svc::new();
    customer(&svc);
    // A value stored before the rules on input (or with the sqlite3 shell).
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute(
        "UPDATE customers SET name = ?1, notes = ?2 WHERE code = 'H1'",
        ["医院\u{1b}]0;PWNED\u{7}\u{1b}[2J", "\u{202e}fdp.exe"],
    )
    .unwrap();
    drop(conn);
    for args in [&["customer", "list", "--format", "table"][..], &["customer", "show", "H1", "--format", "table"]] {
        let out = svc.run(args).ok();
        assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'), "{}", out.stdout);
        assert!(!out.stdout.contains('\u{202e}'), "{}", out.stdout);
        out.stdout_has("医院\u{241b}]0;PWNED\u{2407}\u{241b}[2J").stdout_has("<U+202E>fdp.exe");
    }
    // Formats for programs keep the value as it is.
    svc.run(&["customer", "list", "--format", "json"]).ok().stdout_has("\\u001b]0;PWNED");
}

#[test]
fn i9_an_attachment_name_is_a_plain_file_name_and_get_never_writes_outside_the_directory() {
    let svc = Svc::new();
    let kb = ["kb", "add", "--title", "黑屏", "--question", "开机黑屏", "--solution", "更换背光板"];
    let article = common::code(svc.run(&kb).ok());
    svc.write("manual.pdf", b"%PDF-1.4 manual");
    for name in ["../escape.pdf", "/tmp/elsewhere.pdf", "a/b.pdf", "..", "\u{202e}fdp.exe", "x\u{200b}.pdf"] {
        svc.run(&["kb", "attachment", "add", &article, "manual.pdf", "--name", name])
            .code(5)
            .stderr_has("plain file name");
    }
    svc.run(&["kb", "attachment", "add", &article, "manual.pdf", "--name", "PM-9000 维修手册.pdf"]).ok();
    // A name stored before the rule: `get` writes its last part here, nowhere else.
    let bytes: &[u8] = b"stored before";
    let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(bytes));
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute(
        "INSERT INTO kb_attachments(article_id, name, mime, size, sha256, content, added_at, added_by)
         SELECT id, '../escape.txt', 'text/plain', ?1, ?2, ?3, '2026-03-05T02:00:00Z', 'old' FROM kb_articles",
        rusqlite::params![bytes.len() as i64, sha, bytes],
    )
    .unwrap();
    drop(conn);
    let sub = svc.path("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut get = svc.command(&["kb", "attachment", "get", &article, "../escape.txt"]);
    get.current_dir(&sub);
    let run = Run::from(&["kb", "attachment", "get"], get.output().unwrap()).ok();
    assert!(!svc.path("escape.txt").exists(), "written outside the directory: {}", run.stderr);
    assert_eq!(std::fs::read(sub.join("escape.txt")).unwrap(), bytes);
}

#[test]
fn i9_a_database_that_is_no_regular_file_is_refused_at_once() {
    let svc = Svc::bare();
    std::fs::create_dir(svc.path("dir.db")).unwrap();
    let fifo = svc.path("fifo.db");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // Before: /dev/null was migrated ("disk I/O error", exit 1) and a FIFO hung forever.
    for db in ["/dev/null", "dir.db", "fifo.db"] {
        for args in [&["--db", db, "customer", "list"][..], &["--db", db, "init"]] {
            let (code, err) = within(svc.command(args), Duration::from_secs(20));
            assert_eq!(code, 5, "{args:?}: {err}");
            assert!(err.contains("is not a regular file") && err.contains("a database is a file"), "{err}");
        }
    }
}

#[test]
fn i9_a_damaged_database_is_said_in_words_with_the_way_back() {
    let svc = Svc::new();
    customer(&svc);
    let len = std::fs::metadata(&svc.db).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&svc.db).unwrap().set_len(len / 3).unwrap();
    for args in [
        &["customer", "list"][..],
        &["db", "check"],
        &["customer", "add", "--code", "H2", "--name", "x", "--type", "hospital"],
    ] {
        svc.run(args).code(1).stderr_has("the database file is damaged").stderr_has("svc db restore BACKUP");
    }
}

#[test]
fn i9_the_busy_timeout_holds_from_the_first_read_of_a_locked_file() {
    let svc = Svc::new();
    customer(&svc);
    // A file in rollback-journal mode (a restored backup, or set so with sqlite3) under
    // another process's exclusive lock: readers wait too.
    let holder = rusqlite::Connection::open(&svc.db).unwrap();
    let _: String = holder.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE; SELECT count(*) FROM customers;").unwrap();
    let started = Instant::now();
    svc.run_env(&["customer", "list"], &[("SVC_BUSY_TIMEOUT", "300ms")])
        .code(6)
        .stderr_has("locked by another process")
        .stderr_has("300 ms");
    // Before, the first read waited SQLite's default of 5 s whatever the setting.
    assert!(started.elapsed() < Duration::from_secs(3), "waited {:?}", started.elapsed());
    holder.execute_batch("COMMIT").unwrap();
}

/// Start `args`, wait until its staging file exists in `dir`, interrupt it with
/// `signal`, and return what is left in `dir` that was not there before.
fn interrupted(svc: &Svc, args: &[&str], signal: &str) -> Vec<String> {
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    let before = names(svc.dir.path());
    let mut child = svc.command(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    while !names(svc.dir.path()).iter().any(|n| n.ends_with(".partial")) {
        assert!(child.try_wait().unwrap().is_none(), "{args:?} ended before it could be interrupted");
        assert!(started.elapsed() < Duration::from_secs(60), "no staging file appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "{args:?} was interrupted");
    // The database's own -wal and -shm stay as after any process SQLite did not close.
    let journals = ["svc.db-wal", "svc.db-shm"];
    names(svc.dir.path()).into_iter().filter(|n| !before.contains(n) && !journals.contains(&n.as_str())).collect()
}

#[test]
fn i9_an_export_interrupted_midway_leaves_no_staging_file_behind() {
    let svc = customers(120_000);
    // Before: `.customers.csv.XXXXXX.partial` stayed, half of the customers' names and
    // phones in it, whenever Ctrl-C, `kill` or a closed terminal stopped the export.
    for signal in ["-INT", "-TERM", "-HUP"] {
        let left = interrupted(&svc, &["customer", "export", "-o", "customers.csv"], signal);
        assert!(left.is_empty(), "{signal}: left behind {left:?}");
    }
}

/// A database of `n` customers.
fn customers(n: usize) -> Svc {
    let svc = Svc::new();
    let mut csv = String::from("code,name,type,contact,phone,address\n");
    for i in 0..n {
        csv.push_str(&format!("C{i:06},某某市第{i}人民医院,hospital,王建国,13800138000,北京市东城区帅府园{i}号\n"));
    }
    svc.write("big.csv", csv);
    svc.run(&["customer", "import", "big.csv"]).ok();
    svc
}

#[test]
fn i9_a_backup_that_fills_the_disk_leaves_no_journal_behind() {
    // Copied in several steps, so that SQLite's journal of the copy exists when the
    // disk fills: before, `.backup.db.XXXXXX.partial-journal` stayed.
    let svc = customers(30_000);
    let dir = svc.path("tiny");
    std::fs::create_dir(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(dir.clone());
    let target = dir.join("backup.db");
    svc.run(&["db", "backup", target.to_str().unwrap()]).code(1).stderr_has("the disk is full");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn i9_r4_2_1_stock_never_comes_to_a_value_svc_cannot_hold() {
    let svc = common::stocked();
    svc.run(&["parts", "add", "--part-no", "DEAR", "--name", "探测器", "--unit-cost", "999999999999.99"]).ok();
    let location = svc.stdout(&["parts", "stock", "--format", "csv"]);
    let location = common::csv_rows(&location)[1][3].clone();
    let movements = count(&svc, "SELECT count(*) FROM movements");
    // Each within the limits; together a value no listing could compute. Before, it was
    // taken, and `parts stock` and `parts show DEAR` failed from then on.
    svc.run(&["parts", "adjust", "DEAR", "--location", &location, "--qty", "1000000000", "--reason", "盘盈"])
        .code(5)
        .stderr_has("beyond what svc can hold");
    assert_eq!(count(&svc, "SELECT count(*) FROM movements"), movements, "nothing was written");
    svc.run(&["parts", "adjust", "DEAR", "--location", &location, "--qty", "9000", "--reason", "盘盈"]).ok();
    svc.run(&["parts", "stock", "--format", "csv"]).ok().stdout_has("DEAR");
    svc.run(&["parts", "show", "DEAR"]).ok();
}

#[test]
fn i9_svc_now_that_is_not_text_is_a_usage_error_not_the_real_clock() {
    use std::os::unix::ffi::OsStrExt;
    let svc = Svc::new();
    let mut cmd = svc.command(&["customer", "list"]);
    cmd.env("SVC_NOW", std::ffi::OsStr::from_bytes(b"2026-03-05\xff"));
    let run = Run::from(&["customer", "list"], cmd.output().unwrap());
    run.code(2).stderr_has("SVC_NOW");
}

#[test]
fn i9_a_local_time_the_clocks_skip_is_said_as_such_and_a_repeated_one_is_its_first_instant() {
    if !Path::new("/usr/share/zoneinfo/America/New_York").exists() {
        eprintln!("skipped: no time zone database here");
        return;
    }
    let svc = Svc::new().at("2026-12-01T10:00:00+08:00");
    customer(&svc);
    let open = |at: &str, symptom: &str| {
        let args = ["--tz", "local", "ticket", "open", "--customer", "H1", "--channel", "hotline", "--kind", "enquiry"];
        svc.run_env(&[&args[..], &["--symptom", symptom, "--at", at]].concat(), &[("TZ", "America/New_York")])
    };
    // 02:30 never happened on 2026-03-08 in New York: before, "not a date or time svc reads".
    open("2026-03-08 02:30", "gap").code(5).stderr_has("does not exist in the business time zone");
    // 01:30 happened twice on 2026-11-01: the first (EDT, 05:30 UTC), as documented;
    // before, the second (06:30 UTC).
    open("2026-11-01 01:30", "fold").ok();
    svc.run(&["ticket", "export"]).ok().stdout_has(",fold,,2026-11-01T05:30:00Z,");
}

#[test]
fn i9_help_that_cannot_be_written_is_an_error() {
    let svc = Svc::new();
    for args in [&["--help"][..], &["--version"], &["ticket", "open", "--help"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = svc.command(args).stdout(full).output().unwrap();
        // Before: exit 0 with nothing written (clap drops the error).
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("the help could not be written"));
    }
    // A reader that goes away is no error.
    let mut child = svc.command(&["--help"]).stdout(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn i9_an_output_in_dev_proc_or_sys_is_refused_even_with_force() {
    let svc = Svc::new();
    customer(&svc);
    // Put back what a regression would break, whatever the assertions say.
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            if !std::fs::symlink_metadata("/dev/stdout").is_ok_and(|m| m.file_type().is_symlink()) {
                let _ = std::fs::remove_file("/dev/stdout");
                let _ = std::os::unix::fs::symlink("/proc/self/fd/1", "/dev/stdout");
            }
            let _ = std::fs::remove_file("/dev/svc-attack-test.csv");
            let _ = std::fs::remove_dir_all("/dev/svc-attack-dir");
        }
    }
    let _restore = Restore;
    std::os::unix::fs::symlink("/dev/stdout", svc.path("to-stdout.csv")).unwrap();
    // Before: /dev/stdout led to the shell's redirection, a regular file, and --force
    // replaced the symlink /dev/stdout itself (as root) for every process of the machine.
    for target in ["/dev/stdout", "to-stdout.csv", "/proc/self/fd/1", "/dev/svc-attack-test.csv"] {
        let redirected = std::fs::File::create(svc.path("redirected.txt")).unwrap();
        let out = svc.command(&["customer", "export", "-o", target, "--force"]).stdout(redirected).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target}: {err}");
        assert!(err.contains("is in /dev, /proc or /sys"), "{target}: {err}");
    }
    assert!(std::fs::symlink_metadata("/dev/stdout").unwrap().file_type().is_symlink());
    assert!(std::fs::symlink_metadata(svc.path("to-stdout.csv")).unwrap().file_type().is_symlink());
    assert!(!Path::new("/dev/svc-attack-test.csv").exists());
    svc.run(&["export", "/dev/svc-attack-dir"]).code(2).stderr_has("is in /dev, /proc or /sys");
    // /dev/null is still named for what it is; '-' is standard output.
    svc.run(&["customer", "export", "-o", "/dev/null"]).code(2).stderr_has("is not a regular file");
    svc.run(&["customer", "export", "-o", "-"]).ok().stdout_has("H1,协和医院");
}

#[test]
fn i9_csv_on_a_terminal_shows_stored_control_characters_as_visible_marks_and_a_pipe_gets_them_as_they_are() {
    // `script` gives the command a terminal; without it, there is nothing to test here.
    if !Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no script(1) here");
        return;
    }
    let svc = Svc::new();
    customer(&svc);
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute("UPDATE customers SET name = '医院' || char(27) || ']0;PWNED' || char(7) WHERE code = 'H1'", [])
        .unwrap();
    drop(conn);
    for args in ["customer list --format csv", "customer show H1 --format csv"] {
        let line = format!("{} {args}", env!("CARGO_BIN_EXE_svc"));
        let out = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("SVC_DB", &svc.db)
            .env("SVC_NOW", common::NOW)
            .env("TZ", "Asia/Shanghai")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("医院\u{241b}]0;PWNED\u{2407}"), "{args}: {shown}");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{args}: {shown}");
    }
    // Piped, a program gets the value as it is stored.
    svc.run(&["customer", "list", "--format", "csv"]).ok().stdout_has("医院\u{1b}]0;PWNED\u{7}");
}

#[test]
fn i9_the_demos_working_directory_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let svc = Svc::bare();
    let tmp = svc.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut child = svc
        .command(&["demo", "demo.db"])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Before: created 0777 less the umask (0755), every user could read the files in it.
    let started = Instant::now();
    let mode = loop {
        let found = std::fs::read_dir(&tmp).unwrap().find_map(|e| {
            let e = e.ok()?;
            e.file_name().to_string_lossy().starts_with("svc-demo-").then(|| e.metadata().ok()).flatten()
        });
        if let Some(meta) = found {
            break meta.permissions().mode() & 0o777;
        }
        assert!(child.try_wait().unwrap().is_none(), "the demo ended before its working directory was seen");
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    };
    assert!(child.wait().unwrap().success());
    assert_eq!(mode, 0o700, "mode {mode:o}");
}
