//! Issue 9, the hardening left after tests/hardening.rs: the demo's working files, a
//! follow-up deleted around the triggers, a count whose value would wrap, a carriage
//! return through CSV, and the limits that keep hostile input from quadratic work.
//! Every test runs the real binary (tests/common).

mod common;

use common::*;

// ---- svc demo's files ----

/// The names in the test's directory, sorted (what a command left behind).
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn i9_the_demo_never_writes_through_a_symlink_planted_at_its_database() {
    let svc = Svc::bare();
    let victim = svc.path("victim.db");
    std::os::unix::fs::symlink(&victim, svc.path("svc-demo.db")).unwrap();
    svc.run(&["demo"]).code(4).stderr_has("svc-demo.db exists and is not a demonstration database");
    assert!(!victim.exists(), "the demo database was created through the planted symlink");
    assert_eq!(names(svc.dir.path()), ["svc-demo.db"], "nothing else is left behind");
}

#[test]
fn i9_the_demo_database_and_report_are_owner_only_and_a_rerun_replaces_only_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let svc = Svc::bare();
    let work = svc.path("tmp");
    std::fs::create_dir(&work).unwrap();
    let tmp = [("TMPDIR", work.to_str().unwrap())];
    svc.run_env(&["demo"], &tmp).ok();
    for file in ["svc-demo.db", "svc-demo-2026-03.html"] {
        let mode = std::fs::metadata(svc.path(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} holds the example customers' names and phones: owner-only");
    }
    assert!(names(&work).is_empty(), "the working directory is removed: {:?}", names(&work));
    // Its own database and report are replaced by a second run, and nothing else is left.
    svc.run_env(&["demo"], &tmp).ok();
    assert_eq!(names(svc.dir.path()), ["svc-demo-2026-03.html", "svc-demo.db", "tmp"]);
    svc.run(&["--db", "svc-demo.db", "db", "check"]).ok();
}

#[test]
fn i9_the_demo_never_replaces_a_file_in_the_way_of_its_report() {
    let svc = Svc::bare();
    svc.write("svc-demo-2026-03.html", "my own notes");
    svc.run(&["demo"]).code(2).stderr_has("svc-demo-2026-03.html exists");
    assert_eq!(svc.read("svc-demo-2026-03.html"), b"my own notes");
    assert_eq!(names(svc.dir.path()), ["svc-demo-2026-03.html"], "nothing was built");
}

#[test]
fn i9_a_demo_that_fails_midway_leaves_no_database_and_no_staging_file() {
    let svc = Svc::bare();
    // The working directory cannot be created: the build fails after the database began.
    let run = svc.run_env(&["demo"], &[("TMPDIR", "/nonexistent/svc-test")]).code(1);
    assert!(run.stderr.contains("working directory"), "{}", run.stderr);
    assert!(names(svc.dir.path()).is_empty(), "left behind: {:?}", names(svc.dir.path()));
}

// ---- a follow-up deleted around the triggers ----

#[test]
fn i9_r3_5_1_verify_finds_a_follow_up_deleted_around_the_triggers() {
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    svc.run(&["repair", "verify", &r]).ok().stdout_has("due 2026-03-");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("DROP TRIGGER followups_no_delete; DELETE FROM followups;").unwrap();
    drop(conn);
    svc.run(&["repair", "verify", &r])
        .code(1)
        .stdout_has("missing: the follow-up signing scheduled for 2026-03-")
        .stdout_has("deleted around svc");
}

#[test]
fn i9_r3_5_1_verify_finds_a_follow_up_rescheduled_or_marked_done_around_svc() {
    let svc = Svc::with_examples();
    let r = signed_repair(&svc);
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("UPDATE followups SET due = '2030-01-01'").unwrap();
    svc.run(&["repair", "verify", &r]).code(1).stdout_has("due 2030-01-01, but signing scheduled it for 2026-03-");
    conn.execute_batch("UPDATE followups SET due = (SELECT json_extract(after, '$.followup_due') FROM history WHERE action = 'sign'), done_at = '2026-03-06T02:00:00Z'").unwrap();
    svc.run(&["repair", "verify", &r]).code(1).stdout_has("with no entry in the history");
}

// ---- a stock count whose value would wrap ----

/// Two dear parts in WH1/A-01, one of each on the books, counted by a sheet that says
/// `counted` of each; the count's code.
fn dear_count(cost: &str, counted: [&str; 2]) -> (Svc, String) {
    let svc = Svc::new();
    svc.run(&["parts", "location", "add", "WH1", "--bin", "A-01"]).ok();
    svc.write("parts.csv", "part_no,name,unit,unit_cost\nX1,高压发生器,pcs,1.00\nX2,探测器,pcs,1.00\n");
    svc.run(&["parts", "import", "parts.csv"]).ok();
    svc.write(
        "opening.csv",
        format!("part_no,location,lot,qty,unit_cost\nX1,WH1/A-01,,1,{cost}\nX2,WH1/A-01,,1,{cost}\n"),
    );
    svc.run(&["parts", "stock", "import", "opening.csv"]).ok();
    let c = code(svc.run(&["parts", "count", "start", "--location", "WH1/A-01"]).ok());
    svc.write(
        "sheet.csv",
        format!(
            "count,location,part_no,lot,book_qty,counted_qty\n{c},WH1/A-01,X1,,1,{}\n{c},WH1/A-01,X2,,1,{}\n",
            counted[0], counted[1]
        ),
    );
    svc.run(&["parts", "count", "submit", &c, "sheet.csv"]).ok();
    (svc, c)
}

/// Post `c` and expect the refusal: exit 5, the words, and nothing written.
fn post_is_refused(svc: &Svc, c: &str) {
    let before = (svc.stdout(&["parts", "stock"]), svc.stdout(&["history", "--format", "csv"]));
    svc.run(&["parts", "count", "post", c, "--reason", "年终盘点"])
        .code(5)
        .no_panic()
        .stderr_has("an amount or a quantity is beyond what svc can hold")
        .stderr_has("nothing was written");
    assert_eq!(before, (svc.stdout(&["parts", "stock"]), svc.stdout(&["history", "--format", "csv"])));
    svc.run(&["parts", "count", "list"]).ok().stdout_has(&format!("{c},open"));
}

#[test]
fn i9_r4_2_2_a_count_line_whose_value_would_wrap_is_refused_and_nothing_posts() {
    // 999,999,999,999.99 × 999,999,999 is far beyond an i64 of fen.
    let (svc, c) = dear_count("999999999999.99", ["1000000000", "1"]);
    post_is_refused(&svc, &c);
}

#[test]
fn i9_r4_2_2_a_count_whose_lines_each_fit_but_whose_sum_would_wrap_is_refused() {
    // Each line 99,999,999,999.99 × 599,999 ≈ 6.0e16 yuan fits in an i64 of fen; the
    // two together (1.2e19 fen) do not, and once wrapped to a negative value.
    let (svc, c) = dear_count("99999999999.99", ["600000", "600000"]);
    svc.run(&["parts", "count", "variance", &c]).ok().stdout_has("59999899999994000.01");
    post_is_refused(&svc, &c);
}

#[test]
fn i9_r4_2_2_a_count_sheet_quantity_near_i64_max_is_refused_with_the_limit() {
    let (svc, c) = dear_count("1.00", ["1", "1"]);
    svc.write(
        "big.csv",
        format!("count,location,part_no,lot,book_qty,counted_qty\n{c},WH1/A-01,X1,,1,9223372036854775807\n"),
    );
    svc.run(&["parts", "count", "submit", &c, "big.csv"])
        .code(5)
        .no_panic()
        .stderr_has("is more than any quantity svc keeps (up to 1000000000)");
}

// ---- a carriage return through CSV ----

#[test]
fn i9_a_value_with_a_carriage_return_round_trips_through_csv_export_and_import() {
    let svc = Svc::new();
    // A lone CR (old Mac files) and CRLF (Windows) inside quoted fields, and a blank
    // line between two CRLFs: each a line break, as svc holds text everywhere.
    svc.write(
        "cr.csv",
        "code,name,type,notes\r\nH1,协和医院,hospital,\"第一行\r第二行\"\r\nH2,鼓楼医院,hospital,\"第一行\r\n第二行\"\r\nH3,瑞金医院,hospital,\"甲\r\n\r\n乙\"\r\n",
    );
    svc.run(&["customer", "import", "cr.csv"]).ok().stderr_has("inserted 3");
    let notes = |svc: &Svc, code: &str| {
        let json = svc.stdout(&["customer", "show", code, "--format", "json"]);
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["notes"].as_str().unwrap().to_owned()
    };
    assert_eq!(notes(&svc, "H1"), "第一行\n第二行");
    assert_eq!(notes(&svc, "H2"), "第一行\n第二行");
    assert_eq!(notes(&svc, "H3"), "甲\n\n乙");
    // Out and in again, into another database: the same values, the same file.
    svc.run(&["customer", "export", "-o", "out.csv"]).ok();
    let other = Svc::new();
    std::fs::copy(svc.path("out.csv"), other.path("in.csv")).unwrap();
    other.run(&["customer", "import", "in.csv"]).ok().stderr_has("inserted 3, updated 0");
    other.run(&["customer", "export", "-o", "again.csv"]).ok();
    assert_eq!(svc.read("out.csv"), other.read("again.csv"));
    for code in ["H1", "H2", "H3"] {
        assert_eq!(notes(&svc, code), notes(&other, code));
    }
    // Imported onto itself: nothing changes.
    svc.run(&["customer", "import", "out.csv", "--mode", "upsert"]).ok().stderr_has("unchanged 3");
}

#[test]
fn i9_a_value_stored_with_a_carriage_return_before_the_rule_exports_quoted_and_imports_again() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("UPDATE customers SET notes = '旧值' || char(13) || '第二行'").unwrap();
    drop(conn);
    svc.run(&["customer", "export", "-o", "out.csv"]).ok();
    let file = String::from_utf8(svc.read("out.csv")).unwrap();
    assert!(file.contains("\"旧值\r第二行\""), "the CR is kept inside a quoted field: {file:?}");
    let other = Svc::new();
    std::fs::copy(svc.path("out.csv"), other.path("in.csv")).unwrap();
    other.run(&["customer", "import", "in.csv"]).ok().stderr_has("inserted 1");
    other.run(&["customer", "show", "H1", "--format", "json"]).ok().stdout_has(r#""notes": "旧值\n第二行""#);
}

// ---- hostile sizes (bench/hostile.sh measures them) ----

#[test]
fn i9_a_huge_cell_in_a_terminal_table_is_clipped_with_a_note_of_the_rest() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    // 300,000 characters, as no import takes them (the 1 MiB row limit is per CSV row).
    conn.execute_batch("UPDATE customers SET notes = replace(hex(zeroblob(300000)), '00', '注')").unwrap();
    drop(conn);
    for args in [&["customer", "show", "H1", "--format", "table"][..], &["customer", "list", "--format", "table"]] {
        let shown = svc
            .run(args)
            .ok()
            .stdout_has("… (295904 more characters not shown in a table: --format csv or json shows the whole value)");
        assert!(shown.stdout.len() < 150_000, "{} bytes", shown.stdout.len());
    }
    svc.run(&["--lang", "zh-CN", "customer", "show", "H1", "--format", "table"])
        .ok()
        .stdout_has("…（表格中还有 295904 个字符未显示：使用 --format csv 或 json 查看完整内容）");
    // The data formats give the whole value.
    let csv = svc.stdout(&["customer", "show", "H1", "--format", "csv"]);
    assert!(csv.contains(&"注".repeat(300_000)), "csv shows the whole cell");
}

/// `svc args` with its data segment limited to `mib` MiB (`ulimit -d`: what the process
/// allocates, not the program's file or the database's map): past it, an allocation fails.
fn run_within(svc: &Svc, mib: u64, args: &[&str]) -> Run {
    let inner = svc.command(args);
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(format!("ulimit -d {} && exec \"$0\" \"$@\"", mib * 1024));
    cmd.arg(inner.get_program()).args(inner.get_args()).env_clear();
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.current_dir(svc.dir.path());
    let out = cmd.output().unwrap();
    Run {
        cmd: format!("(ulimit -d {mib} MiB) svc {}", args.join(" ")),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        raw_stdout: out.stdout,
    }
}

#[test]
fn i9_a_64_mb_cell_in_a_terminal_table_is_not_copied_whole_again_and_again() {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "H1", "--name", "协和医院", "--type", "hospital"]).ok();
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.execute_batch("UPDATE customers SET notes = replace(hex(zeroblob(32000000)), '00', 'ab')").unwrap();
    drop(conn);
    // SQLite reads a value whole, and the record and its row hold it while the cell is
    // made: `show` needs two copies of the 64 MB, a listing three (the row is read while
    // SQLite still holds its own). Every other copy is gone: the label looked up with the
    // value as its key (in Chinese), the record kept beside its row, the row's values
    // copied out of their object, the table holding each cell whole until its end (at
    // the head: 190 and 250 MiB in English, 250 and 310 in Chinese).
    for lang in ["en", "zh-CN"] {
        let show = ["--lang", lang, "customer", "show", "H1", "--format", "table"];
        run_within(&svc, 160, &show).ok().stdout_has("63995904").no_panic();
        let list = ["--lang", lang, "customer", "list", "--format", "table"];
        run_within(&svc, 220, &list).ok().stdout_has("63995904");
    }
}

/// A protocol of `n` items, each `item(i)` (one YAML list element).
fn protocol(code: &str, n: usize, item: impl Fn(usize) -> String) -> String {
    let mut yaml = format!("code: {code}\nname: 大协议\nitems:\n");
    for i in 0..n {
        yaml.push_str(&item(i));
    }
    yaml
}

#[test]
fn i9_a_protocol_of_ten_thousand_items_imports_and_its_mistakes_are_named_a_few() {
    let svc = Svc::new();
    let measure = |i| format!("  - {{key: k{i}, name: 项{i}, kind: measure, unit: uA, max: 100}}\n");
    svc.write("huge.yaml", protocol("HUGE", 10_000, measure));
    svc.run(&["repair", "protocol", "import", "huge.yaml"]).ok();
    // Every key twice: 10,000 mistakes; the message names 20 and counts them all.
    let check = |i| format!("  - {{key: k{}, name: n, kind: check}}\n", i % 10_000);
    svc.write("twice.yaml", protocol("TWICE", 20_000, check));
    let run = svc.run(&["repair", "protocol", "import", "twice.yaml"]).code(5).no_panic().stderr_has("(10000 in all)");
    assert!(run.stderr.len() < 5_000, "the refusal is {} bytes long", run.stderr.len());
}

#[test]
fn i9_a_protocol_file_past_a_mebibyte_is_refused_before_it_is_read() {
    let svc = Svc::new();
    // 100,000 items (8 MB): far past any real protocol, and past what one `repair
    // inspect` command line could give values for.
    let item = |i| format!("  - key: item_{i}\n    name: Item {i}\n    kind: measure\n    unit: uA\n    max: 100\n");
    svc.write("huge.yaml", protocol("HUGE", 100_000, item));
    let said = "huge.yaml is longer than 1 MiB, the limit of a protocol file";
    svc.run(&["repair", "protocol", "import", "huge.yaml"]).code(5).no_panic().stderr_has(said);
    // An endless file is refused as soon as it passes the limit, never read whole.
    svc.run(&["repair", "protocol", "import", "/dev/zero"])
        .code(5)
        .no_panic()
        .stderr_has("/dev/zero is longer than 1 MiB");
    svc.run(&["--lang", "zh-CN", "repair", "protocol", "import", "huge.yaml"])
        .code(5)
        .stderr_has("huge.yaml 超过 1 MiB（检验规程文件的上限）");
    assert_eq!(svc.stdout(&["repair", "protocol", "list", "--format", "csv"]), "", "nothing imported");
    svc.run(&["history"]).ok().stdout_is("");
    // One byte under the limit is read (and judged as the protocol it is).
    let fits = protocol("FITS", 10, |i| format!("  - {{key: k{i}, name: n, kind: check}}\n"));
    let padding = (1 << 20) - fits.len() - 1;
    svc.write("fits.yaml", format!("{fits}#{}", "x".repeat(padding - 1)) + "\n");
    assert_eq!(std::fs::metadata(svc.path("fits.yaml")).unwrap().len(), 1 << 20);
    svc.run(&["repair", "protocol", "import", "fits.yaml"]).ok().stdout_is("FITS\n");
}

#[test]
fn i9_an_inspection_of_a_large_protocol_names_its_items_a_few_not_all_for_each_mistake() {
    let svc = Svc::with_examples();
    svc.write("p.yaml", protocol("BIG", 5_000, |i| format!("  - {{key: k{i}, name: n, kind: check}}\n")));
    svc.run(&["repair", "protocol", "import", "p.yaml"]).ok();
    let r = repair_for(&svc, "00012345", &[]);
    // 200 values for items the protocol does not have, and none for its 5,000 items: the
    // first mistakes named, with the first keys of the protocol and their count, and the
    // number of mistakes (not all 5,000 keys 200 times over: 6 MB).
    let mut args = vec!["repair".to_string(), "inspect".into(), r.clone(), "--protocol".into(), "BIG".into()];
    for i in 0..200 {
        args.extend(["--value".into(), format!("nope{i}=pass")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = svc
        .run(&args)
        .code(5)
        .no_panic()
        .stderr_has("nope0 is not an item of protocol BIG (items: k0, k1, k2")
        .stderr_has("k19, … (5000 in all))")
        .stderr_has("… (5200 in all)");
    assert!(run.stderr.len() < 10_000, "the refusal is {} bytes long", run.stderr.len());
}

// ---- JSON and YAML fields: the CSV row's limit ----

/// A customer file whose second record holds a note of `bytes` bytes.
fn long_note(format: &str, bytes: usize) -> String {
    let note = "备注".repeat(bytes / 6 + 1);
    match format {
        "json" => format!(
            r#"[{{"code": "H0", "name": "短", "type": "hospital"}}, {{"code": "H1", "name": "长", "type": "hospital", "notes": "{note}"}}]"#
        ),
        _ => format!(
            "- {{code: H0, name: 短, type: hospital}}\n- code: H1\n  name: 长\n  type: hospital\n  notes: {note}\n"
        ),
    }
}

#[test]
fn i9_r8_1_1_a_json_or_yaml_field_past_a_mebibyte_is_refused_with_its_record() {
    let svc = Svc::new();
    for format in ["json", "yaml"] {
        let name = format!("long.{format}");
        svc.write(&name, long_note(format, 2 << 20));
        for extra in [&[][..], &["--rejects", "rejects.csv"]] {
            let args = [&["customer", "import", name.as_str()][..], extra].concat();
            svc.run(&args)
                .code(5)
                .no_panic()
                .stderr_has(&format!("{name}: record 2: a field longer than 1 MiB is refused"))
                .stderr_has("nothing was written");
        }
        svc.run(&["--lang", "zh-CN", "customer", "import", &name])
            .code(5)
            .stderr_has("第 2 条记录：一个字段超过 1 MiB，拒绝导入");
        // Under the limit, the same record is imported whole.
        svc.write(&name, long_note(format, 1 << 19));
        svc.run(&["customer", "import", &name, "--dry-run"]).ok().stderr_has("inserted 2");
    }
    assert_eq!(svc.stdout(&["customer", "list", "--format", "csv"]), "", "nothing written");
    assert!(!svc.path("rejects.csv").exists());
}

#[test]
fn i9_r8_1_1_a_json_field_that_never_ends_is_refused_before_it_is_read_whole() {
    use std::io::Write;
    use std::process::Stdio;
    let svc = Svc::new();
    let mut child = svc
        .command(&["customer", "import", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A record whose note goes on and on (a file joined to a dump, a stream gone wrong):
    // up to 64 MiB are offered; svc stops reading soon after 1 MiB.
    let offered: usize = 64 << 20;
    let writer = std::thread::spawn(move || {
        let mut written = 0;
        let head = br#"[{"code": "H1", "name": "x", "type": "hospital", "notes": ""#;
        if stdin.write_all(head).is_err() {
            return written;
        }
        let chunk = vec![b'a'; 64 << 10];
        while written < offered {
            match stdin.write(&chunk) {
                Ok(n) => written += n,
                Err(_) => break,
            }
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("-: record 1: a field longer than 1 MiB is refused"), "{stderr}");
    assert!(written < 8 << 20, "svc read {written} bytes of the field before refusing it");
}

#[test]
fn i9_every_file_read_whole_is_refused_past_a_mebibyte_before_it_is_read() {
    let svc = Svc::with_examples();
    // A plan, checklist, map or seal file is a few KiB written by a person: 1 MiB and one
    // byte is the wrong file, and nothing may be written because of it.
    svc.write("big.yaml", "#".repeat((1 << 20) + 1));
    let said = "big.yaml is longer than 1 MiB, the limit of a file svc reads whole";
    let before = svc.stdout(&["history"]);
    for args in [
        &["maint", "plan", "import", "big.yaml"][..],
        &["drill", "plan", "import", "big.yaml"],
        &["audit", "template", "import", "big.yaml"],
        &["audit", "checklist", "AU-000001", "big.yaml"],
        &["staff", "ladder", "--ladder", "big.yaml"],
        &["customer", "import", "legacy_customers_gbk.csv", "--map", "big.yaml"],
        &["db", "check", "--seal", "big.yaml"],
    ] {
        svc.run(args).code(5).no_panic().stderr_has(said);
    }
    assert_eq!(svc.stdout(&["history"]), before, "nothing written");
    // An endless file is refused as soon as it passes the limit, never read whole.
    svc.run(&["maint", "plan", "import", "/dev/zero"]).code(5).no_panic().stderr_has("/dev/zero is longer than 1 MiB");
    svc.run(&["--lang", "zh-CN", "drill", "plan", "import", "big.yaml"])
        .code(5)
        .stderr_has("big.yaml 超过 1 MiB，即 svc 整体读入的文件");
    // A missing file and a file that is not UTF-8 are said as before.
    svc.run(&["maint", "plan", "import", "none.yaml"]).code(3).stderr_has("no file none.yaml");
    svc.write("gbk.yaml", b"name: \xd6\xd0\xce\xc4\n");
    svc.run(&["audit", "template", "import", "gbk.yaml"]).code(5).stderr_has("gbk.yaml is not UTF-8 text");
}
