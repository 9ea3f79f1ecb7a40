//! The body of the import fuzz target (issue 9: "a fuzz target over every import format
//! and the count sheet"), shared by `fuzz/fuzz_targets/import.rs` (libFuzzer, nightly,
//! as long as you let it run) and `tests/fuzz_import.rs` (a bounded run on stable, in
//! every `cargo test`). Not part of svc's commands: it is here so that both drivers run
//! exactly the same checks.
//!
//! One input is a file's bytes in one format, read by one area's import as a dry run
//! (or as the count sheet of an open count, rehearsed). What must hold, whatever the
//! bytes: no panic (the drivers catch it), a refusal is an error svc means for bad input
//! (not an SQL, I/O or internal error, which would say a check is missing), and a dry
//! run changes nothing in the database.

use std::path::{Path, PathBuf};

use crate::clock::Clock;
use crate::db::Db;
use crate::error::{Error, Kind, Result};
use crate::exchange::import::{self, ImportOpts, Mode};
use crate::exchange::{Encoding, Stored};
use crate::registry::{self, Visit};

/// The extensions an input may be read as (the format comes from the extension).
pub const FORMATS: &[&str] = &["csv", "json", "yaml", "xlsx", "xls", "ods", "txt"];

/// A database holding a little of everything the imports refer to (customers, staff,
/// parts, locations, stock) and an open count, with a directory for the inputs.
pub struct World {
    dir: tempfile::TempDir,
    pub db: Db,
    count: String,
}

impl World {
    /// `data`: the directory of the example files (examples/data).
    pub fn new(data: &Path) -> Result<World> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("cannot make a temporary directory", e))?;
        let clock = Clock::fixed("2026-03-05T02:00:00Z".parse().expect("a fixed time"));
        let (mut db, _) = Db::init(&dir.path().join("svc.db"), "fuzz", clock)?;
        let mut diag = Vec::new();
        let mut customers = ImportOpts::new(data.join("legacy_customers_gbk.csv"));
        customers.map = Some(data.join("legacy_customers.map.yaml"));
        customers.rejects = Some(dir.path().join("customer-rejects.csv"));
        import::run::<crate::customer::Customer>(&mut db, &customers, &mut diag)?;
        let mut equipment = ImportOpts::new(data.join("legacy_equipment_utf8bom.csv"));
        equipment.rejects = Some(dir.path().join("equipment-rejects.csv"));
        import::run::<crate::equipment::Equipment>(&mut db, &equipment, &mut diag)?;
        import::run::<crate::staff::Staff>(&mut db, &ImportOpts::new(data.join("staff.csv")), &mut diag)?;
        import::run::<crate::parts::Part>(&mut db, &ImportOpts::new(data.join("parts.csv")), &mut diag)?;
        db.write(|tx| {
            // The locations of examples/data/opening-stock.csv, as `stocked()` in the tests.
            for bin in ["", "A-01", "A-02", "B-01", "B-02", "C-01"] {
                crate::parts::location::add(tx, "WH1", bin, None, None)?;
            }
            crate::parts::location::add(tx, "WH2", "", None, None)?;
            Ok(())
        })?;
        let stock = ImportOpts::new(data.join("opening-stock.csv"));
        import::run::<crate::parts::stock::OpeningStock>(&mut db, &stock, &mut diag)?;
        let (count, _) = db.write(|tx| crate::parts::count::start(tx, &crate::parts::count::Scope::default()))?;
        Ok(World { dir, db, count })
    }

    /// How many areas an input can go to: every registered area, then the count sheet.
    pub fn targets() -> usize {
        registry::plurals().len() + 1
    }

    /// The rows of every table, to prove a dry run changed nothing.
    fn fingerprint(&self) -> Result<Vec<(String, i64)>> {
        let tables: Vec<String> = {
            let mut s = self
                .db
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .map_err(|e| Error::Sql { context: "listing the tables".into(), source: e })?;
            let names = s.query_map([], |r| r.get(0)).and_then(|rows| rows.collect::<rusqlite::Result<_>>());
            names.map_err(|e| Error::Sql { context: "listing the tables".into(), source: e })?
        };
        tables
            .into_iter()
            .map(|t| {
                let n = self
                    .db
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .map_err(|e| Error::Sql { context: format!("counting {t}"), source: e })?;
                Ok((t, n))
            })
            .collect()
    }

    /// Write `bytes` as a file of `format` (one of `FORMATS`, by index modulo their
    /// number) and give it to `target` (by index modulo `targets()`) in `mode`. `Err`
    /// says which property broke; a panic is left to the caller to catch.
    pub fn feed(&mut self, target: usize, format: usize, mode: usize, bytes: &[u8]) -> std::result::Result<(), String> {
        let path = self.dir.path().join(format!("in.{}", FORMATS[format % FORMATS.len()]));
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write the input: {e}"))?;
        let before = self.fingerprint().map_err(|e| e.to_string())?;
        let areas = registry::plurals();
        let target = target % (areas.len() + 1);
        let outcome = if target < areas.len() {
            let mode = [Mode::Insert, Mode::Upsert, Mode::Skip][mode % 3];
            let mut one = One { db: &mut self.db, path: path.clone(), mode, index: target, seen: 0, outcome: None };
            registry::each(&mut one).map_err(|e| format!("visiting the areas: {e}"))?;
            one.outcome.unwrap_or(Ok(()))
        } else {
            let count = self.count.clone();
            let rehearsal = self.db.write_or_rehearse(false, |tx| {
                crate::parts::count::submit(tx, &count, &path, None, Encoding::Auto, &[], None)
            });
            rehearsal.map(|_| ())
        };
        let what = if target < areas.len() { areas[target] } else { "count sheet" };
        if let Err(e) = outcome {
            if !is_meant_for_bad_input(&e) {
                return Err(format!("{what}: an error that is not a refusal of bad input: {e:?}"));
            }
        }
        let after = self.fingerprint().map_err(|e| e.to_string())?;
        if before != after {
            return Err(format!("{what}: a dry run changed the database"));
        }
        Ok(())
    }

    /// Where the inputs are written.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

/// A refusal svc means for a bad file: invalid data, a usage error (a format it does
/// not read), or a rule. An SQL, I/O or internal error on an input says a check is
/// missing before the database or the file system.
fn is_meant_for_bad_input(e: &Error) -> bool {
    match e {
        Error::Msg(kind, _) => matches!(kind, Kind::Invalid | Kind::Usage | Kind::Refused | Kind::NotFound),
        Error::Column { error, .. } => is_meant_for_bad_input(error),
        Error::Io { .. } | Error::Sql { .. } => false,
    }
}

/// The dry-run import of the `index`th area.
struct One<'a> {
    db: &'a mut Db,
    path: PathBuf,
    mode: Mode,
    index: usize,
    seen: usize,
    outcome: Option<Result<()>>,
}

impl Visit for One<'_> {
    fn area<T: Stored>(&mut self) -> Result<()> {
        if self.seen == self.index {
            let mut opts = ImportOpts::new(&self.path);
            opts.dry_run = true;
            opts.mode = self.mode;
            let mut diag = Vec::new();
            self.outcome = Some(import::run::<T>(self.db, &opts, &mut diag).map(|_| ()));
        }
        self.seen += 1;
        Ok(())
    }
}
