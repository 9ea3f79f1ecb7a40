//! `svc export DIR` and `svc import DIR`: the whole database as one file per area.
//! The import runs in one transaction: every area arrives, or none.

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::error::{Error, Result, SqlContext};
use crate::exchange::import::{self, ImportOpts, Mode, Summary};
use crate::exchange::sink::{Dest, Sink, SinkOpts};
use crate::exchange::{Encoding, Format, Stored};
use crate::registry::{self, Visit};

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
    /// Mask personal data (R8.1.2); such an export cannot be imported back faithfully
    #[arg(long)]
    redact: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportDir {
    /// A directory written by 'svc export'
    dir: PathBuf,
    #[arg(long, value_enum, default_value = "insert")]
    mode: Mode,
    /// Check everything, write nothing
    #[arg(long)]
    dry_run: bool,
}

fn file_name<T: Stored>(format: Format) -> String {
    format!("{}.{}", T::PLURAL, format.extension())
}

pub fn export(ctx: &Ctx, a: ExportDir) -> Result<i32> {
    let format = ctx.input_format()?.unwrap_or(Format::Csv);
    if a.encoding == Encoding::Auto {
        return Err(Error::Usage("--encoding auto is for reading; export in utf-8, gbk or gb18030".into()));
    }
    std::fs::create_dir_all(&a.dir).map_err(|e| Error::io(format!("cannot create {}", a.dir.display()), e))?;
    let db = ctx.open()?;
    let opts = SinkOpts {
        format: format.into(),
        bom: a.bom,
        encoding: a.encoding,
        excel: a.bom,
        redact: a.redact,
        color: false,
        header_when_empty: true,
    };
    // One read transaction for every area: in WAL mode its first read fixes the snapshot,
    // so a writer committing between two areas cannot leave equipment whose customer the
    // export lacks.
    let snapshot = db.unchecked_transaction().ctx("starting the export's read transaction")?;
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
            let mut sink = Sink::new(Dest::File(path.clone()), T::COLUMNS, T::PERSONAL, self.opts.clone())?;
            T::export(self.db, &mut |r| sink.row(&r.to_row()))?;
            let n = sink.finish()?;
            self.ctx.out.note(format!("{n} {} -> {}", T::PLURAL, path.display()));
            Ok(())
        }
    }
    registry::each(&mut Export { ctx, db: &snapshot, dir: &a.dir, format, opts: &opts })?;
    snapshot.finish().ctx("ending the export's read transaction")?;
    Ok(0)
}

pub fn import(ctx: &Ctx, a: ImportDir) -> Result<i32> {
    if !a.dir.is_dir() {
        return Err(Error::NotFound(format!("no directory {}: name one written by 'svc export DIR'", a.dir.display())));
    }
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
        let mut import =
            Import { tx, dir: &dir, mode: a.mode, dry_run: a.dry_run, diag: &mut stderr, done: Vec::new() };
        registry::each(&mut import)?;
        Ok(import.done)
    })?;
    if summaries.is_empty() {
        return Err(Error::NotFound(format!(
            "{} holds none of {} (.csv, .json or .yaml)",
            a.dir.display(),
            registry::plurals().join(", ")
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
    let Some(path) =
        [Format::Csv, Format::Json, Format::Yaml].iter().map(|f| dir.join(file_name::<T>(*f))).find(|p| p.exists())
    else {
        return Ok(None);
    };
    let opts = ImportOpts { mode, dry_run, offer_rejects: false, ..ImportOpts::new(path) };
    let mut rejects = None;
    import::run_in::<T>(tx, &opts, diag, &mut rejects).map(Some)
}
