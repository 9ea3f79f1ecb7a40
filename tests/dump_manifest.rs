//! Issue 9 (bounded memory on hostile input) for `svc import DIR`: the dump's
//! `manifest.json` is read whole, so it is read as every other whole-read file is
//! (`src/safe_input.rs`): up to 1 MiB, refused past it with exit 5 before more is read,
//! and nothing is written.

mod common;
use common::*;

use std::path::{Path, PathBuf};

const LIMIT: usize = 1 << 20;

/// A database with records (`from`), exported whole to `dump/` (`dir`, its `manifest`),
/// and an empty database to import it into (`to`).
struct Dumped {
    from: Svc,
    dir: String,
    manifest: PathBuf,
    to: Svc,
}

fn exported() -> Dumped {
    let from = Svc::with_examples();
    from.run(&["export", "dump"]).ok();
    let dir = from.path("dump").to_str().unwrap().to_string();
    let manifest = from.path("dump/manifest.json");
    Dumped { from, dir, manifest, to: Svc::new() }
}

/// The manifest svc wrote, padded with trailing blanks (still valid JSON, still the same
/// manifest) to `len` bytes, whatever padding it had before.
fn pad(manifest: &Path, len: usize) {
    let mut text = std::fs::read(manifest).unwrap();
    text.truncate(text.iter().rposition(|b| *b != b' ').unwrap() + 1);
    assert!(text.len() < len, "the manifest is already {} bytes", text.len());
    text.resize(len, b' ');
    std::fs::write(manifest, text).unwrap();
}

#[test]
fn i9_r8_1_1_a_manifest_past_a_mebibyte_is_refused_and_nothing_is_written() {
    let Dumped { from, dir, manifest, to } = exported();
    let before = to.stdout(&["history"]);
    // One byte past the limit: the same manifest, which without the limit would restore.
    pad(&manifest, LIMIT + 1);
    to.run(&["import", &dir])
        .code(5)
        .no_panic()
        .stderr_has("manifest.json is longer than 1 MiB, the limit of a file svc reads whole");
    to.run(&["--lang", "zh-CN", "import", &dir, "--dry-run"])
        .code(5)
        .no_panic()
        .stderr_has("manifest.json 超过 1 MiB，即 svc 整体读入的文件");
    assert_eq!(to.stdout(&["history"]), before, "nothing written");
    to.run(&["customer", "list"]).ok().stdout_is("");
    assert_eq!(std::fs::metadata(&manifest).unwrap().len(), LIMIT as u64 + 1, "the dump is left as it was");
    // At the limit it is a manifest like any other, and the dump restores.
    pad(&manifest, LIMIT);
    to.run(&["import", &dir]).ok().stderr_has("restored");
    assert_eq!(to.stdout(&["customer", "list"]), from.stdout(&["customer", "list"]));
}

#[cfg(unix)]
#[test]
fn i9_a_manifest_that_never_ends_is_refused_as_soon_as_it_passes_the_limit() {
    // `from` is kept: its temporary directory holds the dump.
    let Dumped { from: _kept, dir, manifest, to } = exported();
    std::fs::remove_file(&manifest).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &manifest).unwrap();
    let before = to.stdout(&["history"]);
    to.run(&["import", &dir]).code(5).no_panic().stderr_has("manifest.json is longer than 1 MiB");
    assert_eq!(to.stdout(&["history"]), before, "nothing written");
    to.run(&["customer", "list"]).ok().stdout_is("");
}

#[test]
fn a_manifest_that_is_not_utf8_is_invalid_input_and_a_missing_one_is_no_dump() {
    let Dumped { from, dir, manifest, to } = exported();
    std::fs::write(&manifest, b"{\"format\": \"svc-dump/1\xff\"}").unwrap();
    to.run(&["import", &dir]).code(5).no_panic().stderr_has("manifest.json is not UTF-8 text");
    // Without a manifest the directory is the per-area files, merged as before.
    std::fs::remove_file(&manifest).unwrap();
    to.run(&["import", &dir]).ok();
    assert_eq!(to.stdout(&["customer", "list"]), from.stdout(&["customer", "list"]));
}
