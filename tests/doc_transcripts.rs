//! Issue 17: the console transcripts of the docs are run, so a stale one fails CI.
//!
//! A page's transcripts are its ```console blocks. Each line `$ COMMAND` is run by `sh`
//! (so `printf ... > file.csv` prepares an input) in one temporary directory per page,
//! with a fresh database (`svc init`), `svc` on the PATH, a fixed clock, actor and time
//! zone; the lines after it, up to the next `$ ` line, are its output: stdout and stderr
//! as they came, then `[exit N]` when N is not 0. A line `# ...` is a comment, not run.
//!
//! Normalisation (the only differences allowed): the temporary directory reads as
//! `/tmp/sdoc`, and a duration `in 0.04 s` reads as `in 0.00 s`.
//!
//! `SVC_UPDATE_DOCS=1 cargo test --test doc_transcripts` writes the real output into the
//! pages (as docs/states.md is generated); read the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The pages whose transcripts are run. Add a page once its transcripts are true.
const PAGES: &[&str] = &["docs/import.md"];

const NOW: &str = "2026-03-05T10:00:00+08:00";

struct Page {
    dir: tempfile::TempDir,
}

impl Page {
    fn new() -> Page {
        let page = Page { dir: tempfile::tempdir().expect("a temporary directory") };
        let (out, code) = page.run("svc init");
        assert_eq!(code, 0, "svc init: {out}");
        page
    }

    fn run(&self, line: &str) -> (String, i32) {
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_svc"));
        let path = format!(
            "{}:{}",
            bin.parent().expect("the binary's directory").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("exec 2>&1; {line}"))
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", path)
            .env("TZ", "Asia/Shanghai")
            .env("SVC_DB", self.dir.path().join("svc.db"))
            .env("SVC_NOW", NOW)
            .env("SVC_ACTOR", "admin")
            .env("SVC_TZ", "Asia/Shanghai")
            .env("NO_COLOR", "1")
            .output()
            .expect("run sh");
        (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
    }

    fn normalise(&self, text: &str) -> String {
        let dir = self.dir.path().display().to_string();
        let text = text.replace(&dir, "/tmp/sdoc");
        seconds(&text)
    }
}

/// `in 0.04 s` as `in 0.00 s`: import durations differ from run to run.
fn seconds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with(" s") && rest[..digits].contains('.') {
            out.push_str("0.00");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// The page with every console block's output replaced by what the commands print now.
fn rerun(text: &str) -> String {
    let page = Page::new();
    let mut out = String::new();
    let mut in_console = false;
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if !in_console {
            in_console = bare == "```console";
            out.push_str(line);
            continue;
        }
        if bare == "```" {
            in_console = false;
            skipping = false;
            out.push_str(line);
        } else if let Some(command) = bare.strip_prefix("$ ") {
            skipping = true;
            out.push_str(line);
            let (printed, code) = page.run(command);
            let printed = page.normalise(&printed);
            out.push_str(&printed);
            if !printed.is_empty() && !printed.ends_with('\n') {
                out.push('\n');
            }
            if code != 0 {
                out.push_str(&format!("[exit {code}]\n"));
            }
        } else if bare.starts_with("# ") {
            // A comment ends the output before it.
            skipping = false;
            out.push_str(line);
        } else if !skipping {
            out.push_str(line);
        }
        // Else: the old output of the command before, replaced above.
    }
    out
}

#[test]
fn docs_console_transcripts_are_what_svc_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("SVC_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for page in PAGES {
        let path = root.join(page);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{page}: {e}"));
        let fresh = rerun(&text);
        if fresh == text {
            continue;
        }
        if update {
            std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{page}: {e}"));
        } else {
            let first = text.lines().zip(fresh.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let (was, now) = (text.lines().nth(first).unwrap_or(""), fresh.lines().nth(first).unwrap_or(""));
            stale.push(format!("{page}:{}: the page says\n  {was}\nsvc prints\n  {now}", first + 1));
        }
    }
    assert!(
        stale.is_empty(),
        "stale transcripts (SVC_UPDATE_DOCS=1 rewrites them; read the diff):\n{}",
        stale.join("\n")
    );
}

#[test]
fn durations_are_normalised_and_nothing_else() {
    assert_eq!(seconds("read 3 in 0.04 s"), "read 3 in 0.00 s");
    assert_eq!(seconds("read 3 in 12.5 s; in 3 days"), "read 3 in 0.00 s; in 3 days");
    assert_eq!(seconds("in 2026"), "in 2026");
}

#[test]
fn a_transcript_that_is_not_true_is_found() {
    let page = "text\n```console\n$ svc customer show C9\nno such thing\n```\n";
    let fresh = rerun(page);
    assert_ne!(fresh, page);
    assert!(fresh.contains("[exit 3]"), "{fresh}");
}
