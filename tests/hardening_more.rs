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
