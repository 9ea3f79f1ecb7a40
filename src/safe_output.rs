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
        _ if in_system_place(target) => Err(usage(crate::hostile::msg::output_system_place(shown()))),
        Ok(_) if !force => Err(usage(msg::output_exists(shown()))),
        Ok(_) => Ok(()),
        // A dangling symlink: rename replaces the link itself, never its target.
        Err(_) => Ok(()),
    }
}

/// Whether `target`, or a symlink on the way from it, is in `/dev`, `/proc` or `/sys`:
/// the system's, never a place for a record. `-o /dev/stdout --force` followed
/// `/dev/stdout` to `/proc/self/fd/1`, found a regular file (the shell's redirection) and
/// replaced the symlink `/dev/stdout` itself with the export, for every process of the
/// machine. `/dev/shm` is a plain temporary directory.
fn in_system_place(target: &Path) -> bool {
    let system = |p: &Path| {
        let p = resolved(p).unwrap_or_else(|| p.to_path_buf());
        ["/dev", "/proc", "/sys"].iter().any(|s| p.starts_with(s)) && !p.starts_with("/dev/shm")
    };
    let mut at = target.to_path_buf();
    // A chain longer than the kernel follows (40) is refused too.
    for _ in 0..40 {
        if system(&at) {
            return true;
        }
        match fs::read_link(&at) {
            Ok(next) if next.is_absolute() => at = next,
            Ok(next) => at = at.parent().map_or_else(|| next.clone(), |dir| dir.join(&next)),
            Err(_) => return false,
        }
    }
    true
}

/// A file being written: a staging file beside the target until `commit`.
pub struct Staged {
    temp: TempPath,
    target: PathBuf,
    force: bool,
    // Declared after `temp`, so dropped after it: the staging file is removed (or
    // renamed into place) before an interruption stops looking for it.
    _interrupt: interrupted::Registered,
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
        // An interruption between the file's creation and its registration would leave
        // it: the signals wait (and are handled, cleaning up) until it is registered.
        let held = interrupted::Held::new();
        let named = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| Error::io(format!("cannot write {}", target.display()), e))?;
        let (file, temp) = named.into_parts();
        let _interrupt = interrupted::register(&temp);
        drop(held);
        Ok((file, Staged { temp, target: target.to_path_buf(), force, _interrupt }))
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
    if in_system_place(dir) {
        return Err(usage(crate::hostile::msg::output_system_place(shown())));
    }
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

/// Staging files removed when svc is interrupted (Ctrl-C, `kill`, a closed terminal).
/// Drop handlers do not run when a signal ends the process: an export stopped midway
/// left its `.NAME.XXXXXX.partial` beside the target, half a file of customers' names
/// and phones. The handler only reads fixed slots and calls `unlink` (both safe in a
/// signal handler), then ends the process by the same signal, as before.
mod interrupted {
    use std::ffi::{c_char, c_int, CString};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

    const SIGHUP: c_int = 1;
    const SIGINT: c_int = 2;
    const SIGTERM: c_int = 15;
    const SIG_DFL: usize = 0;
    const SIG_IGN: usize = 1;

    extern "C" {
        fn pthread_sigmask(how: c_int, set: *const SigSet, old: *mut SigSet) -> c_int;
        fn signal(signum: c_int, handler: usize) -> usize;
        fn raise(sig: c_int) -> c_int;
        fn unlink(path: *const c_char) -> c_int;
    }

    /// More staging files than a command keeps open at once (`export DIR` writes its
    /// files one after another); one beyond is simply not cleaned on a signal.
    const SLOTS: usize = 16;
    static STAGING: [AtomicPtr<c_char>; SLOTS] = [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
    static INSTALLED: AtomicBool = AtomicBool::new(false);

    extern "C" fn on_signal(sig: c_int) {
        for slot in &STAGING {
            let path = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !path.is_null() {
                // SAFETY: a pointer from `CString::into_raw` that nothing else holds now
                // (the swap took it); it is leaked, the process is ending.
                unsafe {
                    unlink(path);
                    remove_journals(path);
                }
            }
        }
        // SAFETY: async-signal-safe calls; the default action ends the process.
        unsafe {
            signal(sig, SIG_DFL);
            raise(sig);
        }
    }

    /// A staging file SQLite writes (`db backup`, the demo) may have its journal beside
    /// it: `NAME-journal`, `NAME-wal`, `NAME-shm`. Their names are made on the stack, as
    /// a signal handler may not allocate.
    ///
    /// SAFETY: `path` is a NUL-terminated string.
    unsafe fn remove_journals(path: *const c_char) {
        let mut name = [0u8; 4096];
        let mut len = 0;
        while *path.add(len) != 0 {
            len += 1;
        }
        for suffix in [&b"-journal"[..], b"-wal", b"-shm"] {
            if len + suffix.len() >= name.len() {
                return;
            }
            std::ptr::copy_nonoverlapping(path as *const u8, name.as_mut_ptr(), len);
            name[len..len + suffix.len()].copy_from_slice(suffix);
            name[len + suffix.len()] = 0;
            unlink(name.as_ptr() as *const c_char);
        }
    }

    fn install() {
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return;
        }
        for sig in [SIGHUP, SIGINT, SIGTERM] {
            // SAFETY: installing a handler that only does async-signal-safe work. A
            // signal the caller ignored (`nohup`, a background job's SIGINT) stays ignored.
            unsafe {
                if signal(sig, on_signal as extern "C" fn(c_int) as usize) == SIG_IGN {
                    signal(sig, SIG_IGN);
                }
            }
        }
    }

    /// Linux's `sigset_t`: 1,024 bits, signal `n` at bit `n - 1`.
    #[repr(C)]
    pub struct SigSet([u64; 16]);
    const SIG_BLOCK: c_int = 0;
    const SIG_SETMASK: c_int = 2;

    /// SIGHUP, SIGINT and SIGTERM held back while it lives, then delivered.
    pub struct Held(Option<SigSet>);

    impl Held {
        pub fn new() -> Held {
            let mut set = SigSet([0; 16]);
            for sig in [SIGHUP, SIGINT, SIGTERM] {
                set.0[0] |= 1 << (sig - 1);
            }
            let mut old = SigSet([0; 16]);
            // SAFETY: both sets are valid `sigset_t`s of this platform's size.
            let held = unsafe { pthread_sigmask(SIG_BLOCK, &set, &mut old) } == 0;
            Held(held.then_some(old))
        }
    }

    impl Drop for Held {
        fn drop(&mut self) {
            if let Some(old) = &self.0 {
                // SAFETY: the mask saved by `new`.
                unsafe { pthread_sigmask(SIG_SETMASK, old, std::ptr::null_mut()) };
            }
        }
    }

    /// A staging file's place in the slots, cleared when dropped.
    pub struct Registered(Option<usize>, std::path::PathBuf);

    pub fn register(path: &Path) -> Registered {
        install();
        let Ok(c) = CString::new(path.as_os_str().as_bytes()) else { return Registered(None, path.into()) };
        let raw = c.into_raw();
        for (i, slot) in STAGING.iter().enumerate() {
            if slot.compare_exchange(std::ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                return Registered(Some(i), path.into());
            }
        }
        // SAFETY: `raw` came from `into_raw` just above and was stored nowhere.
        drop(unsafe { CString::from_raw(raw) });
        Registered(None, path.into())
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            // A staging database that failed midway (a full disk under `db backup`)
            // leaves SQLite's journal beside it; after a commit there is none.
            for suffix in ["-journal", "-wal", "-shm"] {
                let mut name = self.1.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
            if let Some(i) = self.0 {
                let raw = STAGING[i].swap(std::ptr::null_mut(), Ordering::SeqCst);
                if !raw.is_null() {
                    // SAFETY: put there by `register` from `into_raw`, taken back once.
                    drop(unsafe { CString::from_raw(raw) });
                }
            }
        }
    }
}
