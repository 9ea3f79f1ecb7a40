//! `svc export DIR` and `svc import DIR`: the whole database as one file per area.
//! The import runs in one transaction: every area arrives, or none.

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::customer::Customer;
use crate::equipment::Equipment;
use crate::error::{Error, Result};
use crate::exchange::import::{self, ImportOpts, Mode, Summary};
use crate::exchange::sink::{Dest, Sink, SinkOpts};
use crate::exchange::{Encoding, Format, Stored};
use crate::parts::location::LocationRecord;
use crate::parts::stock::OpeningStock;
use crate::parts::{Part, Supplier};
use crate::repair::archive::RepairRecord;
use crate::staff::{Certificate, Staff};
use crate::survey::Survey;
use crate::ticket::Ticket;

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
    fn one<T: Stored>(ctx: &Ctx, db: &rusqlite::Connection, dir: &Path, format: Format, opts: &SinkOpts) -> Result<()> {
        let path = dir.join(file_name::<T>(format));
        let mut sink = Sink::new(Dest::File(path.clone()), T::COLUMNS, T::PERSONAL, opts.clone())?;
        T::export(db, &mut |r| sink.row(&r.to_row()))?;
        let n = sink.finish()?;
        ctx.out.note(format!("{n} {} -> {}", T::PLURAL, path.display()));
        Ok(())
    }
    one::<Customer>(ctx, &db, &a.dir, format, &opts)?;
    one::<Staff>(ctx, &db, &a.dir, format, &opts)?;
    one::<Certificate>(ctx, &db, &a.dir, format, &opts)?;
    one::<Equipment>(ctx, &db, &a.dir, format, &opts)?;
    one::<Part>(ctx, &db, &a.dir, format, &opts)?;
    one::<Supplier>(ctx, &db, &a.dir, format, &opts)?;
    one::<LocationRecord>(ctx, &db, &a.dir, format, &opts)?;
    one::<OpeningStock>(ctx, &db, &a.dir, format, &opts)?;
    one::<Ticket>(ctx, &db, &a.dir, format, &opts)?;
    one::<RepairRecord>(ctx, &db, &a.dir, format, &opts)?;
    one::<Survey>(ctx, &db, &a.dir, format, &opts)?;
    Ok(0)
}

pub fn import(ctx: &Ctx, a: ImportDir) -> Result<i32> {
    if !a.dir.is_dir() {
        return Err(Error::NotFound(format!("no directory {}: name one written by 'svc export DIR'", a.dir.display())));
    }
    let mut db = ctx.open()?;
    let mut stderr = std::io::stderr();
    let dir = a.dir.clone();
    // Referenced areas first: customers before their equipment, staff before certificates.
    let summaries = db.write_or_rehearse(!a.dry_run, |tx| {
        let mut done: Vec<Summary> = Vec::new();
        let mut one = |s: Option<Summary>| {
            if let Some(s) = s {
                done.push(s);
            }
        };
        one(import_one::<Customer>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Staff>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Certificate>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Equipment>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Part>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Supplier>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<LocationRecord>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<OpeningStock>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Ticket>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<RepairRecord>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        one(import_one::<Survey>(tx, &dir, a.mode, a.dry_run, &mut stderr)?);
        Ok(done)
    })?;
    if summaries.is_empty() {
        return Err(Error::NotFound(format!(
            "{} holds none of customers, staff, certificates, equipment, parts, suppliers, locations, stock, tickets, repairs, surveys (.csv, .json or .yaml)",
            a.dir.display()
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
