//! `svc init`, `svc db check`, `svc db backup`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value;

use super::Ctx;
use crate::db::{self, Db};
use crate::error::{Error, Result};
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
    let version = db::migrate::version(&db)?;
    if created {
        ctx.out.note(format!("created {} (schema version {version}, readable by its owner only)", path.display()));
    } else {
        ctx.out.note(format!("{} is up to date (schema version {version})", path.display()));
    }
    Ok(0)
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Check { quick } => {
            let db = ctx.open()?;
            let findings = db::check::run(&db, quick)?;
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
                Err(Error::internal(m::cli_db_check_failed(failed.join(", "))))
            }
        }
        Cmd::Backup { file, force } => {
            let db = ctx.open()?;
            if file.exists() && !force {
                return Err(Error::refused(m::cli_db_backup_exists(file.display().to_string())));
            }
            db::backup::to_file(&db, &file)?;
            ctx.out.note(format!("backed up {} to {}", ctx.db_path().display(), file.display()));
            Ok(0)
        }
    }
}
