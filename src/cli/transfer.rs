//! `svc export DIR` and `svc import DIR` (R8.1.1, R8.2.2). Export writes two views of one
//! snapshot: the per-area files people edit and merge (`customers.csv`, ...), and the whole
//! database as a dump (`manifest.json`, `tables/*.jsonl`, see `db::dump`). Import restores
//! the dump into an empty database when the directory has a manifest, else (or with
//! `--flat`, or `--mode`) merges the per-area files. Either runs in one transaction.

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::db::dump;
use crate::error::{Error, Kind, Result, SqlContext};
use crate::exchange::import::{self, ImportOpts, Mode, Summary};
use crate::exchange::sink::{Dest, Sink, SinkOpts};
use crate::exchange::{Encoding, Format, Stored};
use crate::registry::{self, Visit};
use crate::words::m;

#[derive(Debug, clap::Args)]
pub struct ExportDir {
    /// The directory (created if missing)
    dir: PathBuf,
    /// UTF-8 with a byte-order mark, for Excel (implies formula escaping)
    #[arg(long)]
    bom: bool,
    /// gbk for old systems
    #[arg(long, value_enum, default_value = "utf-8")]
    encoding: Encoding,
    /// Mask personal data (R8.1.2); such an export holds no dump and is never restored as whole
    #[arg(long)]
    redact: bool,
    /// Write into DIR even if it is not empty, replacing the files of an earlier export
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportDir {
    /// A directory written by 'svc export'
    dir: PathBuf,
    /// Merge the per-area files (implies --flat); default insert
    #[arg(long, value_enum)]
    mode: Option<Mode>,
    /// Merge the per-area files into this database instead of restoring the whole dump
    #[arg(long)]
    flat: bool,
    /// Check everything, write nothing
    #[arg(long)]
    dry_run: bool,
}

fn file_name<T: Stored>(format: Format) -> String {
    format!("{}.{}", T::PLURAL, format.extension())
}

pub fn export(ctx: &Ctx, a: ExportDir) -> Result<i32> {
    let format = ctx.input_format()?.unwrap_or(Format::Csv);
    if !a.encoding.writable() {
        return Err(Error::Msg(Kind::Usage, crate::exchange::msg::exchange_encoding_read_only(a.encoding.name())));
    }
    // The database first: once open, no file of the export can be it (safe_output).
    let db = ctx.open()?;
    // Created owner-only when new (it holds personal data); an existing one only when
    // empty or with --force.
    crate::safe_output::prepare_dir(&a.dir, a.force)?;
    dump::remove_manifest(&a.dir)?;
    let opts = SinkOpts {
        format: format.into(),
        bom: a.bom,
        encoding: a.encoding,
        // Formula escaping always: the files are opened in spreadsheets, and `svc import`
        // takes the quote off again.
        excel: true,
        redact: a.redact,
        color: false,
        header_when_empty: true,
        header_lang: None,
    };
    // One read transaction for every area: in WAL mode its first read fixes the snapshot,
    // so a writer committing between two areas cannot leave equipment whose customer the
    // export lacks.
    let snapshot = db.conn().unchecked_transaction().ctx("starting the export's read transaction")?;
    struct Export<'a> {
        ctx: &'a Ctx,
        db: &'a rusqlite::Connection,
        dir: &'a Path,
        format: Format,
        opts: &'a SinkOpts,
    }
    impl Visit for Export<'_> {
        fn area<T: Stored>(&mut self) -> Result<()> {
            let path = self.dir.join(file_name::<T>(self.format));
            let mut sink = Sink::new(Dest::Replace(path.clone()), T::COLUMNS, T::PERSONAL, self.opts.clone())?;
            T::export(self.db, &mut |r| sink.row(&r.to_row()))?;
            let n = sink.finish()?;
            self.ctx.out.note(crate::admin::admin_exported_area(n as i64, T::ENTITY, path.display().to_string()));
            Ok(())
        }
    }
    registry::each(&mut Export { ctx, db: &snapshot, dir: &a.dir, format, opts: &opts })?;
    // The whole database, from the same snapshot; a redacted export carries none (its
    // tables would hold the personal data), and its manifest says so.
    let tables = if a.redact {
        dump::remove_tables(&snapshot, &a.dir)?;
        Vec::new()
    } else {
        dump::write_tables(&snapshot, &a.dir)?
    };
    let manifest = dump::Manifest {
        format: dump::FORMAT.into(),
        svc_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: crate::db::migrate::version(&snapshot)?,
        redacted: a.redact,
        exported_at: db.clock.now_text(),
        tables,
    };
    snapshot.finish().ctx("ending the export's read transaction")?;
    dump::write_manifest(&a.dir, &manifest)?;
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    let path = a.dir.join(dump::MANIFEST).display().to_string();
    ctx.out.note(crate::admin::admin_dumped(manifest.tables.len() as i64, rows as i64, path));
    Ok(0)
}

/// Restore the whole dump of `dir` into this (empty) database.
fn restore(ctx: &Ctx, dir: &Path, manifest: &dump::Manifest, dry_run: bool) -> Result<i32> {
    let mut db = ctx.open()?;
    dump::verify(dir, manifest, crate::db::migrate::latest())?;
    let restored = db.write_or_rehearse(!dry_run, |tx| dump::restore(tx.conn(), dir, manifest))?;
    let rows: u64 = restored.tables.iter().map(|t| t.1).sum();
    let (tables, rows, dir) = (restored.tables.len() as i64, rows as i64, dir.display().to_string());
    ctx.out.note(if dry_run {
        crate::admin::admin_would_restore(tables, rows, dir)
    } else {
        crate::admin::admin_restored(tables, rows, dir)
    });
    Ok(0)
}

pub fn import(ctx: &Ctx, a: ImportDir) -> Result<i32> {
    if !a.dir.is_dir() {
        return Err(Error::not_found(m::cli_import_no_directory(a.dir.display().to_string())));
    }
    if !a.flat && a.mode.is_none() {
        if let Some(manifest) = dump::read_manifest(&a.dir)? {
            return restore(ctx, &a.dir, &manifest, a.dry_run);
        }
    }
    let mode = a.mode.unwrap_or(Mode::Insert);
    let mut db = ctx.open()?;
    let mut stderr = std::io::stderr();
    let dir = a.dir.clone();
    // Referenced areas first (the registry's order): customers before their equipment.
    let summaries = db.write_or_rehearse(!a.dry_run, |tx| {
        struct Import<'a, 'b> {
            tx: &'a crate::db::Tx<'b>,
            dir: &'a Path,
            mode: Mode,
            dry_run: bool,
            diag: &'a mut dyn std::io::Write,
            done: Vec<Summary>,
        }
        impl Visit for Import<'_, '_> {
            fn area<T: Stored>(&mut self) -> Result<()> {
                if let Some(s) = import_one::<T>(self.tx, self.dir, self.mode, self.dry_run, self.diag)? {
                    self.done.push(s);
                }
                Ok(())
            }
        }
        let mut import = Import { tx, dir: &dir, mode, dry_run: a.dry_run, diag: &mut stderr, done: Vec::new() };
        registry::each(&mut import)?;
        Ok(import.done)
    })?;
    if summaries.is_empty() {
        return Err(Error::not_found(m::cli_import_nothing(
            a.dir.display().to_string(),
            registry::plurals().join(", "),
        )));
    }
    for s in &summaries {
        ctx.out.note(s);
    }
    Ok(0)
}

fn import_one<T: Stored>(
    tx: &crate::db::Tx,
    dir: &Path,
    mode: Mode,
    dry_run: bool,
    diag: &mut dyn std::io::Write,
) -> Result<Option<Summary>> {
    let Some(path) = [Format::Csv, Format::Json, Format::Yaml, Format::Workbook]
        .iter()
        .map(|f| dir.join(file_name::<T>(*f)))
        .find(|p| p.exists())
    else {
        return Ok(None);
    };
    let opts = ImportOpts { mode, dry_run, offer_rejects: false, ..ImportOpts::new(path) };
    let mut rejects = None;
    import::run_in::<T>(tx, &opts, diag, &mut rejects).map(Some)
}
