//! Outputs never destroy anything (issue 9). Every file svc writes (`-o`, `--rejects`,
//! `export DIR`, `db backup`, count sheets, the dump, `svc demo`'s working files) goes
//! through this module, which
//!
//! - refuses a target that is the database or its `-wal`/`-shm` journal, a file this
//!   same run reads (the input, the column map), a directory, a device or any other
//!   non-regular file, and an existing file unless the user said `--force`;
//! - writes into a staging file created fresh and exclusive (`O_EXCL`, an unpredictable
//!   name, never through a symlink: the `tempfile` crate) in the target's own directory,
//!   owner-only, removed on every error, and renamed into place only when complete.
//!
//! What this run reads is remembered process-wide (`protect`): the database when it is
//! opened, each input when it is opened. A check made before the input was opened would
//! miss it, so commands also name their inputs up front (`check` with `inputs`).

use std::fs::{self, File};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::TempPath;

use crate::error::{Error, Kind, Result};
use crate::hardening::msg;

/// What a path is to this run, when it must never be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Database,
    Input,
}

static PROTECTED: Mutex<Vec<(PathBuf, Role)>> = Mutex::new(Vec::new());

fn remember(path: &Path, role: Role) {
    if let Ok(mut list) = PROTECTED.lock() {
        if !list.iter().any(|(p, r)| p == path && *r == role) {
            list.push((path.to_path_buf(), role));
        }
    }
}

/// The database this run opened: the file and its journals are never an output.
pub fn protect_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        remember(Path::new(&p), Role::Database);
    }
}

/// A file this run reads (an input, a column map): never an output of the same run.
pub fn protect(path: &Path) {
    if path != Path::new("-") {
        remember(path, Role::Input);
    }
}

/// `path` as an absolute path with its directory resolved (symlinks and `..`), so two
/// spellings of one place compare equal even when the file does not exist yet (a
/// `-wal` that SQLite has not created).
fn resolved(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(fs::canonicalize(parent).ok()?.join(name))
}

/// Whether `a` and `b` name the same file: the same inode when both exist (a hard link,
/// a symlink), else the same resolved path.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
        if x.dev() == y.dev() && x.ino() == y.ino() {
            return true;
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn usage(m: crate::words::Msg) -> Error {
    Error::Msg(Kind::Usage, m)
}

/// Whether `target` may be written by this run; `inputs` are files the command will
/// read but may not have opened yet. Refusals are usage errors (exit 2).
pub fn check(target: &Path, inputs: &[&Path], force: bool) -> Result<()> {
    let shown = || target.display().to_string();
    let protected = PROTECTED.lock().map(|l| l.clone()).unwrap_or_default();
    for (p, role) in &protected {
        if same_file(target, p) {
            return Err(usage(match role {
                Role::Database => msg::output_is_database(shown()),
                Role::Input => msg::output_is_input(shown()),
            }));
        }
    }
    if inputs.iter().any(|i| *i != Path::new("-") && same_file(target, i)) {
        return Err(usage(msg::output_is_input(shown())));
    }
    // What is there now, following a symlink: a device behind a link is still a device.
    match fs::metadata(target) {
        Ok(meta) if !meta.is_file() => Err(usage(msg::output_not_regular(shown()))),
        Ok(_) if !force => Err(usage(msg::output_exists(shown()))),
        Ok(_) => Ok(()),
        // A dangling symlink: rename replaces the link itself, never its target.
        Err(_) => Ok(()),
    }
}

/// A file being written: a staging file beside the target until `commit`.
pub struct Staged {
    temp: TempPath,
    target: PathBuf,
    force: bool,
}

impl Staged {
    /// Check `target` (see `check`) and create its staging file; returns the file to
    /// write and the handle that publishes it.
    pub fn create(target: &Path, inputs: &[&Path], force: bool) -> Result<(File, Staged)> {
        check(target, inputs, force)?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let named = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| Error::io(format!("cannot write {}", target.display()), e))?;
        let (file, temp) = named.into_parts();
        Ok((file, Staged { temp, target: target.to_path_buf(), force }))
    }

    /// The staging file's path (for writers that open by name, as SQLite does).
    pub fn staging_path(&self) -> &Path {
        &self.temp
    }

    /// The final name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Rename the complete file into place. The target is checked again: something may
    /// have appeared there while the file was written. Without `--force` the rename
    /// refuses to replace anything (`renameat2(RENAME_NOREPLACE)` or link+unlink).
    pub fn commit(self) -> Result<()> {
        check(&self.target, &[], self.force)?;
        let target = self.target;
        let shown = target.display().to_string();
        let result = if self.force { self.temp.persist(&target) } else { self.temp.persist_noclobber(&target) };
        result.map(|_| ()).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                usage(msg::output_exists(shown))
            } else {
                Error::io(format!("cannot write {shown}"), e.error)
            }
        })
    }
}

/// A directory for several outputs (`export DIR`): created owner-only when new; an
/// existing one must be a directory, and empty unless `force`.
pub fn prepare_dir(dir: &Path, force: bool) -> Result<()> {
    let shown = || dir.display().to_string();
    match fs::symlink_metadata(dir) {
        Err(_) => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e)),
        Ok(_) if !dir.is_dir() => Err(usage(msg::output_not_regular(shown()))),
        Ok(_) => {
            let empty =
                fs::read_dir(dir).map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?.next().is_none();
            if empty || force {
                Ok(())
            } else {
                Err(usage(msg::output_dir_not_empty(shown())))
            }
        }
    }
}

/// Write `bytes` to `target` through a staging file.
pub fn write(target: &Path, bytes: &[u8], force: bool) -> Result<()> {
    use std::io::Write;
    let (mut file, staged) = Staged::create(target, &[], force)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(format!("cannot write {}", target.display()), e))?;
    drop(file);
    staged.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_appears_only_when_committed_and_vanishes_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let (_, staged) = Staged::create(&target, &[], false).unwrap();
        let staging = staged.staging_path().to_path_buf();
        assert!(staging.exists() && !target.exists());
        drop(staged);
        assert!(!staging.exists(), "an abandoned staging file is removed");
        write(&target, b"a\n", false).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"a\n");
        assert!(write(&target, b"b\n", false).is_err(), "an existing file needs force");
        write(&target, b"b\n", true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"b\n");
    }

    #[test]
    fn inputs_directories_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        fs::write(&input, "x").unwrap();
        let other_spelling = dir.path().join(".").join("in.csv");
        assert!(check(&other_spelling, &[&input], true).is_err());
        assert!(check(dir.path(), &[], true).is_err());
        assert!(check(Path::new("/dev/null"), &[], true).is_err());
        assert!(check(&dir.path().join("new.csv"), &[&input], false).is_ok());
    }
}
