//! `svc init`, `svc db check`, `svc db seal`, `svc db backup`, `svc db restore`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value;

use super::Ctx;
use crate::db::{self, Db};
use crate::error::{Error, Result};
use crate::hardening::msg;
use crate::words::m;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Check integrity, foreign keys and svc's own invariants; exit 0 only when all hold
    #[command(
        after_help = "Example (cron):\n  svc db check -q || mail -s 'svc db check failed' admin@example.com\n  svc db check --quick   # nightly on a large file; the full check weekly"
    )]
    Check {
        /// SQLite's quick_check instead of the full integrity_check (indexes against tables
        /// are not compared); svc's own invariants are all checked
        #[arg(long)]
        quick: bool,
        /// Also prove the history still extends every seal in FILE (lines printed by
        /// 'svc db seal' and kept outside the database)
        #[arg(long, value_name = "FILE")]
        seal: Option<PathBuf>,
    },
    /// Print the head of the history's hash chain (count, last id, hash): keep it outside
    /// the database; 'svc db check --seal FILE' proves nothing before it was rewritten
    #[command(
        after_help = "Example (daily cron, the seal mailed away and appended to a file kept elsewhere):\n  svc db seal | mail -s \"svc seal $(date +%F)\" auditor@example.com\n  svc db check --seal seals.txt"
    )]
    Seal,
    /// Replace the database with a backup, safely: the backup is checked, the current
    /// database is backed up beside itself first, and the copy goes through SQLite
    /// (its write lock, its WAL), so nobody reads a half-restored file
    #[command(after_help = "Example:\n  svc db restore /backup/svc-2026-03-01.db && svc db check")]
    Restore {
        /// A file written by 'svc db backup'
        backup: PathBuf,
    },
    /// Copy the database to FILE with SQLite's online backup, safe while others write
    #[command(after_help = "Example:\n  svc db backup /backup/svc-$(date +%F).db")]
    Backup {
        /// The copy to write (a new SQLite file)
        file: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

pub fn init(ctx: &Ctx) -> Result<i32> {
    let path = ctx.db_path();
    let (mut db, created) = Db::init(&path, &ctx.actor(), ctx.clock)?;
    super::announce_upgrade(&db);
    if created {
        // A new database keeps the zone it was made in (or --tz): every machine that
        // opens it later shows and reads times alike, whatever its own TZ.
        let zone = match crate::clock::display_zone() {
            crate::clock::Zone::Local => crate::clock::Zone::here(ctx.clock.now()),
            fixed => fixed,
        };
        db.write(|tx| crate::config::initial(tx, "time.zone", &zone.name()))?;
    }
    let version = db::migrate::version(db.conn())?;
    if created {
        // Said at once: a server left in UTC would otherwise read Beijing times as hours
        // ahead, and the first `--at` typed would be refused as in the future.
        let zone = crate::config::get(db.conn(), "time.zone")?;
        ctx.out.note(db::msg::db_created(path.display().to_string(), version, zone));
    } else {
        ctx.out.note(db::msg::db_up_to_date(path.display().to_string(), version));
    }
    Ok(0)
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Check { quick, seal } => {
            let seals = seal.as_deref().map(read_seals).transpose()?;
            let db = ctx.open()?;
            let findings = db::check::run_with_seals(db.conn(), quick, seals.as_deref())?;
            let failed: Vec<&str> = findings.iter().filter(|f| !f.ok).map(|f| f.check).collect();
            if !ctx.out.quiet || !failed.is_empty() {
                let mut sink = ctx.out.listing(&["check", "result", "detail"])?;
                for f in &findings {
                    sink.row(&[
                        Value::from(f.check),
                        Value::from(if f.ok { "ok" } else { "FAILED" }),
                        Value::from(f.detail.clone()),
                    ])?;
                }
                sink.finish()?;
            }
            if failed.is_empty() {
                Ok(0)
            } else {
                // The failed checks by the names the table shows them under.
                let lang = crate::words::catalogue::lang();
                let failed: Vec<String> = failed
                    .iter()
                    .map(|c| crate::words::catalogue::value_label("check", c, lang).into_owned())
                    .collect();
                Err(Error::internal(m::cli_db_check_failed(failed.join(", "))))
            }
        }
        Cmd::Seal => {
            let db = ctx.open()?;
            let (findings, head) = db::check::chain(db.conn(), None)?;
            // A seal of a broken chain would bless the damage.
            if let Some(broken) = findings.iter().find(|f| f.check == "history chain" && !f.ok) {
                return Err(Error::internal(m::cli_db_check_failed(broken.detail.clone())));
            }
            let line = db::check::Seal::of(&head).line();
            use std::io::Write;
            writeln!(std::io::stdout(), "{line}").map_err(|e| Error::io("cannot write output", e))?;
            Ok(0)
        }
        Cmd::Restore { backup } => {
            if !backup.is_file() {
                return Err(Error::not_found(msg::restore_no_backup(backup.display().to_string())));
            }
            // The records as they are now, kept beside the database before anything is
            // replaced, so a restore of the wrong backup can itself be undone. Read as a
            // plain SQLite file: the database being restored may be one svc refuses to
            // open (altered, of an unknown version).
            let path = ctx.db_path();
            crate::safe_output::protect_database(&path);
            let src = db::backup::open_backup(&backup)?;
            let stamp = ctx.clock.now().format("%Y%m%dT%H%M%SZ");
            let keep = (1..)
                .map(|n| {
                    let mut keep = path.as_os_str().to_owned();
                    keep.push(if n == 1 {
                        format!(".pre-restore-{stamp}.bak")
                    } else {
                        format!(".pre-restore-{stamp}-{n}.bak")
                    });
                    PathBuf::from(keep)
                })
                .find(|p| !p.exists())
                .expect("an unused name");
            if path.exists() {
                let current = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| Error::internal(m::db_cannot_open(path.display().to_string(), e.to_string())))?;
                db::backup::to_file(&current, &keep, false)?;
            }
            db::backup::restore(&src, &path)?;
            // Opening migrates a backup made by an older svc; then the full check.
            let db = ctx.open()?;
            let failed: Vec<&str> =
                db::check::run(db.conn(), false)?.iter().filter(|f| !f.ok).map(|f| f.check).collect();
            ctx.out.note(msg::restored(backup.display().to_string(), keep.display().to_string()));
            if failed.is_empty() {
                Ok(0)
            } else {
                // The failed checks by the names the table shows them under.
                let lang = crate::words::catalogue::lang();
                let failed: Vec<String> = failed
                    .iter()
                    .map(|c| crate::words::catalogue::value_label("check", c, lang).into_owned())
                    .collect();
                Err(Error::internal(m::cli_db_check_failed(failed.join(", "))))
            }
        }
        Cmd::Backup { file, force } => {
            let db = ctx.open()?;
            if file.exists() && !force {
                return Err(Error::refused(m::cli_db_backup_exists(file.display().to_string())));
            }
            db::backup::to_file(db.conn(), &file, force)?;
            ctx.out.note(db::msg::db_backed_up(ctx.db_path().display().to_string(), file.display().to_string()));
            Ok(0)
        }
    }
}

/// The seals kept in `path`; a line that holds none is refused (a seal file mangled by a
/// mail client must not pass for checked).
fn read_seals(path: &std::path::Path) -> Result<Vec<db::check::Seal>> {
    let shown = path.display().to_string();
    let text = match crate::safe_input::bytes(path) {
        Ok(crate::safe_input::Whole::Bytes(b)) => String::from_utf8_lossy(&b).into_owned(),
        Ok(crate::safe_input::Whole::TooLong) => {
            return Err(Error::invalid(crate::safe_input::too_long(
                shown,
                crate::safe_input::WHOLE_FILE_LIMIT_MIB as i64,
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::not_found(msg::seal_file_missing(&shown)))
        }
        Err(e) => return Err(Error::invalid(msg::output_failed(&shown, e.to_string()))),
    };
    let (seals, bad) = db::check::Seal::parse_all(&text);
    if !bad.is_empty() || seals.is_empty() {
        let lines: Vec<String> = bad.iter().map(|n| n.to_string()).collect();
        return Err(Error::invalid(msg::seal_file_bad(&shown, lines.join(", "))));
    }
    Ok(seals)
}
