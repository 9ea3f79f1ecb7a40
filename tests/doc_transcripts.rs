//! Issue 17: the console transcripts of the docs are run, so a stale one fails CI; and the
//! README's quick start runs as pasted on a fresh database.
//!
//! How a page is run
//! - Each page is one shell session (`sh`, stderr merged into stdout) in a temporary
//!   directory of its own, with `svc` on the PATH, a fresh database (`SVC_DB=svc.db`,
//!   already made by `svc init`), a fixed clock (`SVC_NOW`), actor (`admin`), time zone
//!   (`Asia/Shanghai`) and `NO_COLOR`; `examples` links to the source tree's, as the
//!   pages name example files from there, and `REPO` names the source tree. Variables and the working directory carry from one command to
//!   the next, as in a terminal. Every command's stdin is empty (`</dev/null`).
//! - A page's transcripts are its ```console blocks (indented ones too, inside a list).
//!   Each line `$ COMMAND` is run; the lines after it, up to the next `$ ` line, are its
//!   output: stdout and stderr as they came, then `[exit N]` when N is not 0. A remark
//!   goes after the command, as a shell comment (`$ svc init   # creates svc.db`).
//!   Blank lines before the next command only separate the two (blank lines at the end
//!   of an output are not compared).
//! - A line `...` alone in an output stands for any lines (zero or more) there, and `...`
//!   inside a line for any text: long output is cut with it. Everything else must be
//!   what svc prints.
//!
//! How a page declares its setup (the state its examples need, out of the reader's way)
//! - An HTML comment starting `<!-- $ ` is a hidden command (it may span lines, up to
//!   `-->`, for a heredoc): run at that point of the session, its output not shown. It
//!   must succeed (exit 0), or the test fails and says where. For example
//!   `<!-- $ cp "$REPO"/examples/data/* . && svc customer import ... -->`.
//! - `<!-- not run: REASON -->` on the line just before a ```console block leaves that
//!   block out (a transcript that cannot be made deterministic: another process holding
//!   the lock, a file from an older build); say why in REASON. `<!-- not run from here:
//!   REASON -->` ... `<!-- run from here -->` leaves out every block and hidden command
//!   between them.
//!
//! Normalisation (the only differences allowed): the temporary directory reads as
//! `/tmp/sdoc`, a duration `in 0.04 s` (`用时 0.04 秒`) reads as `in 0.00 s`, and the spaces a table
//! pads its last column with are dropped at the end of a line (editors strip them).
//!
//! `SVC_DOC_PAGES=docs/x.md cargo test --test doc_transcripts docs_console` runs that page
//! (to try one before adding it to `PAGES`).
//! `SVC_UPDATE_DOCS=1 cargo test --test doc_transcripts` writes the real output into the
//! pages (keeping an output that already matches, `...` included); read the diff before
//! committing it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The pages whose transcripts are run. Add a page once its transcripts are true.
const PAGES: &[&str] = &[
    "docs/import.md",
    "docs/cli.md",
    "docs/maintenance.md",
    "docs/training.md",
    "docs/calendar.md",
    "docs/report.md",
    "docs/support.md",
    "docs/emergency.md",
    "docs/data-model.md",
    "docs/workbooks.md",
    "docs/security.md",
    "docs/quality.md",
    "docs/language.md",
    "docs/analyses.md",
];

/// The pages left out, and why (see `every_page_is_run_or_excused`). None is today: a
/// block that cannot run says why where it stands (`<!-- not run: REASON -->`), and a page
/// declares the state its examples need as hidden commands (`<!-- $ ... -->`).
const EXCLUDED: &[(&str, &str)] = &[];

const NOW: &str = "2026-03-05T10:00:00+08:00";

/// Printed after each command with its exit status, to find where its output ends.
const MARK: &str = "@@svc-doc-end@@";

struct Session {
    dir: tempfile::TempDir,
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    pending: Vec<u8>,
    /// The exit status of the last command, for `$?` in the next.
    last: i32,
}

impl Session {
    /// A shell in a fresh directory; with `init`, the database is made first.
    fn new(init: bool) -> Session {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_svc"));
        let path = format!(
            "{}:{}",
            bin.parent().expect("the binary's directory").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut child = Command::new("sh")
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", path)
            .env("HOME", dir.path())
            .env("REPO", env!("CARGO_MANIFEST_DIR"))
            .env("TZ", "Asia/Shanghai")
            .env("SVC_DB", dir.path().join("svc.db"))
            .env("SVC_NOW", NOW)
            .env("SVC_ACTOR", "admin")
            .env("SVC_TZ", "Asia/Shanghai")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run sh");
        let stdin = child.stdin.take().expect("the shell's stdin");
        let stdout = child.stdout.take().expect("the shell's stdout");
        let mut session = Session { dir, child, stdin, stdout, pending: Vec::new(), last: 0 };
        session.run("exec 2>&1");
        // The pages name example files as from the source tree (`examples/...`).
        session.run("ln -s \"$REPO/examples\" examples");
        if init {
            let (out, code) = session.run("svc init");
            assert_eq!(code, 0, "svc init: {out}");
        }
        session
    }

    /// Runs `script` in the session: what it printed, and its exit status. A script the
    /// shell cannot parse whole (a quote never closed, a heredoc whose lines are shown as
    /// output) would leave the session waiting for the rest: it is refused instead.
    fn run(&mut self, script: &str) -> (String, i32) {
        let parsed = Command::new("sh").arg("-n").arg("-c").arg(script).stderr(Stdio::piped()).output();
        if let Ok(out) = parsed {
            if !out.status.success() {
                return (format!("not a complete shell command: {}", String::from_utf8_lossy(&out.stderr)), 2);
            }
        }
        // `(exit N)` first: `$?` is the exit status of the command before, as in a terminal.
        let line = format!("{{ (exit {}); {script}\n}} </dev/null; printf '{MARK} %d\\n' $?\n", self.last);
        self.stdin.write_all(line.as_bytes()).and_then(|_| self.stdin.flush()).expect("write to sh");
        let mark = MARK.as_bytes();
        loop {
            if let Some(at) = self.pending.windows(mark.len()).position(|w| w == mark) {
                if let Some(end) = self.pending[at..].iter().position(|&b| b == b'\n') {
                    let code = String::from_utf8_lossy(&self.pending[at + mark.len()..at + end]);
                    let code = code.trim().parse().expect("an exit status");
                    self.last = code;
                    let out = String::from_utf8_lossy(&self.pending[..at]).into_owned();
                    self.pending.drain(..at + end + 1);
                    return (self.normalise(&out), code);
                }
            }
            let mut chunk = [0u8; 8192];
            let n = self.stdout.read(&mut chunk).expect("read from sh");
            assert!(n > 0, "sh ended while running: {script}");
            self.pending.extend_from_slice(&chunk[..n]);
        }
    }

    fn normalise(&self, text: &str) -> String {
        let dir = self.dir.path().display().to_string();
        let text = text.replace(&dir, "/tmp/sdoc");
        let trimmed: Vec<&str> = text.split('\n').map(str::trim_end).collect();
        seconds(&trimmed.join("\n"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// `in 0.04 s` as `in 0.00 s` (and the Chinese `用时 0.04 秒` as `用时 0.00 秒`): import
/// durations differ from run to run.
fn seconds(text: &str) -> String {
    duration(&duration(text, " in ", " s"), "用时 ", " 秒")
}

/// The decimal number between `before` and `after` as `0.00`.
fn duration(text: &str, before: &str, after: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(before) {
        out.push_str(&rest[..i + before.len()]);
        rest = &rest[i + before.len()..];
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with(after) && rest[..digits].contains('.') {
            out.push_str("0.00");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether `printed` is what `expected` shows, a line `...` standing for any lines.
fn matches(expected: &[&str], printed: &[&str]) -> bool {
    match expected.split_first() {
        None => printed.is_empty(),
        Some((&"...", rest)) => (0..=printed.len()).any(|skip| matches(rest, &printed[skip..])),
        Some((line, rest)) => printed.first().is_some_and(|p| line_matches(line, p)) && matches(rest, &printed[1..]),
    }
}

/// Whether a printed line is the page's line, where `...` inside it stands for any text
/// (a long line cut short: `{"before":{...},"after":...}`).
fn line_matches(page: &str, printed: &str) -> bool {
    if !page.contains("...") {
        return page == printed;
    }
    let pieces: Vec<&str> = page.split("...").collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if printed.len() < first.len() + last.len() || !printed.starts_with(first) || !printed.ends_with(last) {
        return false;
    }
    let mut rest = &printed[first.len()..printed.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// A line diff of two short texts: ` ` both, `-` the page only, `+` svc only.
fn diff(page: &[&str], printed: &[&str]) -> String {
    let (n, m) = (page.len(), printed.len());
    // lcs[i][j]: the longest common subsequence of page[i..] and printed[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if page[i] == printed[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && page[i] == printed[j] {
            out.push_str(&format!("     {}\n", page[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("   + {}\n", printed[j]));
            j += 1;
        } else {
            out.push_str(&format!("   - {}\n", page[i]));
            i += 1;
        }
    }
    out
}

/// What running a page found.
#[derive(Default)]
struct Outcome {
    /// The page with every stale output replaced by what svc prints now.
    fresh: String,
    /// One entry per command whose output differs: where, and the diff.
    stale: Vec<String>,
    /// Hidden setup commands that failed.
    broken: Vec<String>,
}

/// A line of a block, indented as its fence (a blank line stays blank).
fn push_line(page: &mut String, indent: &str, line: &str) {
    if !line.is_empty() {
        page.push_str(indent);
        page.push_str(line);
    }
    page.push('\n');
}

/// One ```console block: its lines without the fence's indentation.
fn run_block(session: &mut Session, name: &str, first: usize, indent: &str, lines: &[&str], out: &mut Outcome) {
    let mut k = 0;
    while k < lines.len() {
        let Some(command) = lines[k].strip_prefix("$ ") else {
            // Text before the first command: kept as it is.
            push_line(&mut out.fresh, indent, lines[k]);
            k += 1;
            continue;
        };
        // A command ending with `\` goes on over the next lines, as typed.
        let mut command = command.to_string();
        let mut first_out = k + 1;
        while command.ends_with('\\') && first_out < lines.len() {
            command = format!("{command}\n{}", lines[first_out]);
            first_out += 1;
        }
        let end = lines[first_out..].iter().position(|l| l.starts_with("$ ")).map_or(lines.len(), |p| first_out + p);
        // Pages edited by hand may keep a table's padding: it is not compared.
        let mut expected: Vec<&str> = lines[first_out..end].iter().map(|l| l.trim_end()).collect();
        // Blank lines before the next command separate the commands: not output.
        let gap = expected.iter().rev().take_while(|l| l.is_empty()).count();
        expected.truncate(expected.len() - gap);
        let expected = expected.as_slice();
        let (printed, code) = session.run(&command);
        let mut now: Vec<&str> = printed.lines().collect();
        while now.last().is_some_and(|l| l.is_empty()) {
            now.pop();
        }
        let exit = format!("[exit {code}]");
        if code != 0 {
            now.push(&exit);
        }
        let kept: Vec<&str> = if matches(expected, &now) {
            expected.to_vec()
        } else {
            out.stale.push(format!(
                "{name}:{}: $ {command}\n   (- the page, + what svc prints)\n{}",
                first + k,
                diff(expected, &now)
            ));
            now.clone()
        };
        for line in lines[k..first_out].iter().copied().chain(kept).chain(std::iter::repeat_n("", gap)) {
            push_line(&mut out.fresh, indent, line);
        }
        k = end;
    }
}

/// Runs a page's transcripts and hidden setup in one session.
fn run_page(name: &str, text: &str) -> Outcome {
    let mut session = Session::new(true);
    let mut out = Outcome::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut skip_next = false;
    let mut off = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let bare = line.trim_start();
        if bare.starts_with("<!-- not run from here:") {
            off = true;
        } else if bare.starts_with("<!-- run from here") {
            off = false;
        }
        if off {
            out.fresh.push_str(&format!("{line}\n"));
            i += 1;
            continue;
        }
        if let Some(script) = bare.strip_prefix("<!-- $ ") {
            // A hidden command, up to `-->`.
            let mut script = script.to_string();
            let mut j = i;
            while !script.contains("-->") && j + 1 < lines.len() {
                j += 1;
                script = format!("{script}\n{}", lines[j]);
            }
            let script = script.split("-->").next().unwrap_or_default();
            let (printed, code) = session.run(script);
            if code != 0 {
                out.broken.push(format!("{name}:{}: hidden setup `{script}` exited {code}:\n{printed}", i + 1));
            }
            for l in &lines[i..=j] {
                out.fresh.push_str(&format!("{l}\n"));
            }
            i = j + 1;
            continue;
        }
        if bare == "```console" {
            let indent = &line[..line.len() - bare.len()];
            let close = format!("{indent}```");
            let end = lines[i + 1..].iter().position(|l| *l == close).map_or(lines.len(), |p| i + 1 + p);
            out.fresh.push_str(&format!("{line}\n"));
            let body: Vec<&str> = lines[i + 1..end].iter().map(|l| l.strip_prefix(indent).unwrap_or(l)).collect();
            if skip_next {
                for l in &lines[i + 1..end] {
                    out.fresh.push_str(&format!("{l}\n"));
                }
            } else {
                run_block(&mut session, name, i + 2, indent, &body, &mut out);
            }
            if end < lines.len() {
                out.fresh.push_str(&format!("{}\n", lines[end]));
            }
            skip_next = false;
            i = end + 1;
            continue;
        }
        if bare.starts_with("<!-- not run:") {
            skip_next = true;
        } else if !bare.is_empty() {
            skip_next = false;
        }
        out.fresh.push_str(&format!("{line}\n"));
        i += 1;
    }
    if !text.ends_with('\n') {
        out.fresh.pop();
    }
    out
}

#[test]
fn docs_console_transcripts_are_what_svc_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("SVC_UPDATE_DOCS").is_some();
    let mut problems = Vec::new();
    // SVC_DOC_PAGES=docs/a.md,docs/b.md runs those pages instead (to try a page).
    let chosen = std::env::var("SVC_DOC_PAGES").ok();
    let pages: Vec<&str> = match &chosen {
        Some(list) => list.split(',').collect(),
        None => PAGES.to_vec(),
    };
    // Each page is a session of its own: they run side by side.
    let outcomes: Vec<(&str, Outcome)> = std::thread::scope(|scope| {
        let running: Vec<_> = pages
            .iter()
            .map(|&page| {
                scope.spawn(move || {
                    let text = std::fs::read_to_string(root.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
                    (page, run_page(page, &text))
                })
            })
            .collect();
        running.into_iter().map(|r| r.join().expect("a page's session")).collect()
    });
    for (page, outcome) in outcomes {
        let path = root.join(page);
        problems.extend(outcome.broken);
        if outcome.stale.is_empty() {
            continue;
        }
        if update {
            std::fs::write(&path, &outcome.fresh).unwrap_or_else(|e| panic!("{page}: {e}"));
        } else {
            problems.extend(outcome.stale);
        }
    }
    assert!(
        problems.is_empty(),
        "stale transcripts (SVC_UPDATE_DOCS=1 rewrites them; read the diff):\n{}",
        problems.join("\n")
    );
}

/// Every docs page with a console block is run, or listed in `EXCLUDED` with a reason.
#[test]
fn every_page_is_run_or_excused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("a docs entry").path();
        let name = format!("docs/{}", path.file_name().unwrap_or_default().to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let has_console = text.lines().any(|l| l.trim_start() == "```console");
        if has_console && !PAGES.contains(&name.as_str()) && !EXCLUDED.iter().any(|(p, _)| *p == name) {
            missing.push(name);
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "pages with transcripts neither run nor excluded (with a reason): {missing:?}");
}

#[test]
fn durations_are_normalised_and_nothing_else() {
    assert_eq!(seconds("read 3 in 0.04 s"), "read 3 in 0.00 s");
    assert_eq!(seconds("read 3 in 12.5 s; in 3 days"), "read 3 in 0.00 s; in 3 days");
    assert_eq!(seconds("in 2026"), "in 2026");
    assert_eq!(seconds("拒收 3，用时 0.02 秒"), "拒收 3，用时 0.00 秒");
}

#[test]
fn an_ellipsis_stands_for_lines_and_nothing_else_does() {
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(matches(&["a", "..."], &["a", "b"]));
    assert!(!matches(&["a", "...", "d"], &["a", "b", "c", "e"]));
    assert!(!matches(&["a", "b"], &["a", "c"]));
    assert!(!matches(&["a"], &["a", "b"]));
    assert!(matches(&["x {...} y"], &["x {a: 1} y"]));
    assert!(!matches(&["x {...} y"], &["x {a: 1} z"]));
    assert!(!line_matches("ab...ba", "aba"));
}

#[test]
fn a_transcript_that_is_not_true_is_found_with_its_diff() {
    let page = "text\n```console\n$ svc customer show C9\nno such thing\n```\n";
    let outcome = run_page("p.md", page);
    assert_ne!(outcome.fresh, page);
    assert!(outcome.fresh.contains("[exit 3]"), "{}", outcome.fresh);
    let stale = outcome.stale.join("\n");
    assert!(stale.contains("p.md:3: $ svc customer show C9"), "{stale}");
    assert!(stale.contains("   - no such thing"), "{stale}");
    assert!(stale.contains("   + [exit 3]"), "{stale}");
}

#[test]
fn a_session_keeps_variables_and_runs_hidden_setup() {
    let page = "<!-- $ printf 'x\\n' > f.txt\n-->\n```console\n$ c=$(cat f.txt)\n$ echo \"got $c\"\ngot x\n```\n";
    let outcome = run_page("p.md", page);
    assert!(outcome.broken.is_empty() && outcome.stale.is_empty(), "{:?} {:?}", outcome.broken, outcome.stale);
    assert_eq!(outcome.fresh, page);
    let failing = run_page("p.md", "<!-- $ false -->\n");
    assert_eq!(failing.broken.len(), 1, "a hidden command that fails is reported");
}

#[test]
fn a_block_marked_not_run_is_left_alone() {
    let page = "<!-- not run: needs a second process -->\n```console\n$ svc nothing-like-this\nok\n```\n";
    let outcome = run_page("p.md", page);
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);
    assert_eq!(outcome.fresh, page);
    let region = "<!-- not run from here: later -->\n```console\n$ false\n```\n<!-- $ false -->\n\
                  <!-- run from here -->\n```console\n$ false\n```\n";
    let outcome = run_page("p.md", region);
    assert!(outcome.broken.is_empty(), "{:?}", outcome.broken);
    assert_eq!(outcome.stale.len(), 1, "only the block after the region is run: {:?}", outcome.stale);
}

/// The README's quick start (its second ```sh block) runs as pasted on a fresh database,
/// from the source tree: every line succeeds; a listing with `--exit-code` may exit 1
/// (it printed rows). Its first block's `cargo run -q -- demo` is `svc demo` here.
#[test]
fn readme_quick_start_runs_as_pasted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let blocks: Vec<&str> = text.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap_or_default()).collect();
    assert!(blocks.len() >= 2, "the README starts with two ```sh blocks");
    assert!(blocks[0].lines().next().unwrap_or_default().starts_with("cargo run -q -- demo"), "{}", blocks[0]);

    let mut session = Session::new(false);
    let (out, code) = session.run("svc demo && test -s svc-demo.db");
    assert_eq!(code, 0, "svc demo, as `cargo run -q -- demo` runs it:\n{out}");

    let mut session = Session::new(false);
    let mut ran = 0;
    for line in blocks[1].lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (out, code) = session.run(line);
        let listed = line.contains("--exit-code") && code == 1;
        assert!(code == 0 || listed, "README quick start: `{line}` exited {code}:\n{out}");
        assert!(!out.contains("svc: error"), "README quick start: `{line}`:\n{out}");
        ran += 1;
    }
    assert!(ran >= 10, "the quick start has its commands ({ran} run)");
}

#[test]
fn dollar_question_mark_is_the_status_of_the_command_before() {
    let page = "```console\n$ sh -c 'exit 3'\n[exit 3]\n$ echo $?\n3\n```\n";
    let outcome = run_page("p.md", page);
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);
}

#[test]
fn a_blank_line_between_commands_separates_them() {
    let page = "```console\n$ echo a\na\n\n$ echo b\nb\n```\n";
    let outcome = run_page("p.md", page);
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);
    let stale = run_page("p.md", "```console\n$ echo a\nx\n\n$ echo b\nb\n```\n");
    assert_eq!(stale.stale.len(), 1, "{:?}", stale.stale);
    assert_eq!(stale.fresh, page, "the rewrite keeps the separating blank line");
}
