//! The import engine shared by every area: source rows -> column map -> cleaned
//! canonical fields -> the area's checks -> insert / update / skip, all in one
//! transaction, with rejects, a summary, and one history entry per import.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use serde_json::{json, Value};

use super::encoding::Encoding;
use super::fields::{describe, Fields, Problem};
use super::map::ColumnMap;
use super::msg;
use super::provenance::{Change, Recorder};
use super::record::{Inserter, Stored};
use super::sink::{Dest, OutFormat, Sink, SinkOpts};
use super::source::{RawRow, Source};
use super::workbook::{cell_problem, is_code_column, Choice, Kind, NumberedCodes};
use super::Format;
use crate::db::{history, Db, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::words::m;

/// The page cache for an import, in KiB (a negative `cache_size` is KiB in SQLite).
/// Twice SQLite's default: 8 MB kept a random-order import's index pages better, but
/// with svc's own code mapped (about 12 MB) the peak passed the 20 MB target.
const IMPORT_CACHE_KIB: i64 = -4 * 1024;

/// What to do with a row whose key is already in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Refuse it (a rejected row).
    Insert,
    /// Update the stored record (history keeps the values before).
    Upsert,
    /// Keep the stored record, count the row as skipped.
    Skip,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Insert => "insert",
            Mode::Upsert => "upsert",
            Mode::Skip => "skip",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOpts {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub encoding: Encoding,
    /// `--encoding` was given (even `auto`): it wins over the map's `encoding:`.
    pub encoding_given: bool,
    /// The CSV field separator (`--delimiter`) [default: a tab when the header line has
    /// tabs and no commas, else a comma].
    pub delimiter: Option<u8>,
    /// Import phone numbers and codes a spreadsheet damaged (`1.38E+10`) as they are,
    /// with a warning, instead of rejecting their rows.
    pub accept_damaged: bool,
    pub map: Option<PathBuf>,
    pub mode: Mode,
    pub dry_run: bool,
    pub rejects: Option<PathBuf>,
    /// Replace an existing rejects file (`--force`).
    pub force: bool,
    /// Show a progress bar (the caller decides: stderr is a terminal and not quiet).
    pub progress: bool,
    /// Whether the command offers --rejects (its error message then suggests it).
    pub offer_rejects: bool,
    /// A workbook's sheet (name or number) and header row (`--sheet`, `--header-row`).
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
}

impl ImportOpts {
    pub fn new(path: impl Into<PathBuf>) -> ImportOpts {
        ImportOpts {
            path: path.into(),
            format: None,
            encoding: Encoding::Auto,
            encoding_given: false,
            delimiter: None,
            accept_damaged: false,
            map: None,
            mode: Mode::Insert,
            dry_run: false,
            rejects: None,
            force: false,
            progress: false,
            offer_rejects: true,
            sheet: None,
            header_row: None,
        }
    }
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub area: &'static str,
    pub file: String,
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub seconds: f64,
    pub dry_run: bool,
    /// Things worth knowing, e.g. new entries in the model catalogue.
    pub notes: Vec<String>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (area, file, seconds) = (self.area, &self.file, format!("{:.2}", self.seconds));
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let (read, inserted, updated, unchanged) = (n(self.read), n(self.inserted), n(self.updated), n(self.unchanged));
        let (skipped, rejected) = (n(self.skipped), n(self.rejected));
        let msg = if self.dry_run {
            m::import_summary_dry_run(area, file, read, inserted, updated, unchanged, skipped, rejected, seconds)
        } else {
            m::import_summary(area, file, read, inserted, updated, unchanged, skipped, rejected, seconds)
        };
        write!(f, "{msg}")
    }
}

/// Import a file into area `T`, in one transaction of its own. Row problems are written
/// to `diag` as they are found. Without `rejects`, any bad row means nothing is written
/// (exit 5); with it, good rows are written and bad ones go to the rejects file with
/// their line and reason. The rejects file is written completely inside the transaction
/// (one that cannot be written rolls the import back: rows are never both refused and
/// lost) and put in place once committed. A dry run writes no file at all.
pub fn run<T: Stored>(db: &mut Db, opts: &ImportOpts, diag: &mut dyn Write) -> Result<Summary> {
    let started = Instant::now();
    if let Some(path) = &opts.rejects {
        let mut inputs = vec![opts.path.as_path()];
        inputs.extend(opts.map.as_deref());
        crate::safe_output::check(path, &inputs, opts.force)?;
    }
    let (mut summary, completed) = db.write_or_rehearse(!opts.dry_run, |tx| {
        let mut rejects = None;
        let summary = run_in::<T>(tx, opts, diag, &mut rejects)?;
        let completed = rejects.map(Sink::complete).transpose()?;
        Ok((summary, completed))
    })?;
    if let Some(done) = completed {
        done.publish()?;
    } else if let (Some(path), false) = (&opts.rejects, opts.dry_run) {
        // No bad rows: an old rejects file (replaced with --force) must not be mistaken
        // for this run's.
        if std::fs::symlink_metadata(path).is_ok() {
            std::fs::remove_file(path)
                .map_err(|e| Error::io(format!("cannot remove the old {}", path.display()), e))?;
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Import a file into area `T` inside a transaction the caller owns (so that several
/// files can be imported as one, as `svc import DIR` does). The rejects file, if any,
/// is left in `rejects` for the caller to finish once the transaction is committed.
pub fn run_in<T: Stored>(
    tx: &Tx,
    opts: &ImportOpts,
    diag: &mut dyn Write,
    rejects: &mut Option<Sink>,
) -> Result<Summary> {
    let started = Instant::now();
    let map = match &opts.map {
        Some(p) => ColumnMap::load(p, T::COLUMNS)?,
        None => ColumnMap::default(),
    };
    let encoding = if opts.encoding_given { opts.encoding } else { map.encoding.unwrap_or(opts.encoding) };
    // A workbook's header is the row naming the most of this area's columns.
    let score = |headers: &[String]| headers.iter().filter(|h| map.column_of(h, T::COLUMNS).is_some()).count();
    let choice = Choice {
        sheet: opts.sheet.as_deref(),
        header_row: opts.header_row,
        area: &[T::PLURAL, T::ENTITY],
        score: Some(&score),
    };
    let mut source = Source::open_with(&opts.path, opts.format, encoding, &choice)?;
    source.delimiter = opts.delimiter;
    let mut summary =
        Summary { area: T::PLURAL, file: source.name.clone(), dry_run: opts.dry_run, ..Default::default() };
    let progress = opts.progress.then(|| progress_bar(source.size));
    // Inserting keys in the file's order touches index pages all over the b-tree: a
    // page cache larger than SQLite's 2 MB default keeps them in memory instead of
    // writing them out and reading them back (memory stays under 20 MB).
    tx.conn().pragma_update(None, "cache_size", IMPORT_CACHE_KIB).ctx("sizing the page cache for the import")?;
    let before_max: i64 = tx
        .query_row(&format!("SELECT coalesce(max(id), 0) FROM {}", T::TABLE), [], |r| r.get(0))
        .ctx("reading the table before the import")?;
    let layout = std::cell::RefCell::new(Layout {
        at: source.position_word(),
        accept_damaged: opts.accept_damaged,
        ..Layout::default()
    });
    let mut notes = Vec::new();
    // Where each written record came from, kept in this same transaction (a dry run
    // writes nothing, provenance included).
    let mut provenance = if opts.dry_run { None } else { Some(Recorder::begin(tx, T::ENTITY)?) };
    // The area's INSERT prepared once for every row, where it has one.
    let mut inserter = T::inserter(tx)?;
    let name = source.name.clone();
    let detected = source.detected.clone();
    let at = source.position_word();
    let mut each = |raw: &RawRow, bytes: u64| -> Result<()> {
        if raw.values.iter().all(|v| v.trim().is_empty()) {
            return Ok(()); // a blank row is not a record
        }
        summary.read += 1;
        if let Some(bar) = &progress {
            if summary.read.is_multiple_of(1024) {
                bar.set_position(bytes);
            }
        }
        let fields = layout.borrow_mut().fields::<T>(raw, &map, &name)?;
        let problems = match fields {
            Err(p) => p,
            Ok(fields) => match apply::<T>(tx, fields, opts.mode, before_max, &mut summary, &mut notes, &mut inserter)?
            {
                Ok(Written::Again(label, written)) => {
                    // The same key twice in one file: imported as the mode says, and said.
                    if let (Some(p), Some((id, change))) = (provenance.as_mut(), written) {
                        p.record(tx, id, raw.pos, change)?;
                    }
                    let mode = opts.mode.name();
                    let _ = writeln!(diag, "{}", msg::exchange_key_again(label, at, raw.pos as i64, mode));
                    return Ok(());
                }
                Ok(written) => {
                    if let (Some(p), Written::Record(id, change)) = (provenance.as_mut(), written) {
                        p.record(tx, id, raw.pos, change)?;
                    }
                    return Ok(());
                }
                Err(p) => p,
            },
        };
        summary.rejected += 1;
        let reason = describe(&problems);
        // A dry run reports the bad rows and writes nothing.
        if let (Some(path), false) = (&opts.rejects, opts.dry_run) {
            if rejects.is_none() {
                *rejects = Some(open_rejects(path, raw, detected.encoding(), detected.bom, opts.force)?);
            }
            write_reject(rejects.as_mut().expect("opened above"), raw, &reason)?;
        }
        let _ = writeln!(diag, "{}", m::import_row_problem(&name, at, raw.pos as i64, &reason));
        Ok(())
    };
    let mut header = |headers: &[String]| layout.borrow_mut().check_header::<T>(headers, &map, &name);
    source.rows_after_header(&mut header, &mut each)?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let layout = layout.into_inner();
    let warnings = layout.warnings();
    let ignored = layout.ignored;
    if !ignored.is_empty() {
        notes.insert(0, m::import_ignored_columns(T::ENTITY, ignored.join(", ")).to_string());
    }
    notes.extend(layout.numbered_codes.notes());
    notes.extend(warnings);
    summary.notes = notes;
    if summary.rejected > 0 && opts.rejects.is_none() {
        let rejected = i64::try_from(summary.rejected).unwrap_or(i64::MAX);
        return Err(Error::invalid(if opts.offer_rejects {
            m::import_rejected_offer(rejected, &source.name)
        } else {
            m::import_rejected(rejected, &source.name)
        }));
    }
    if let Some(provenance) = provenance {
        let after = json!({
            "file": source.name,
            "sha256": source.sha256(),
            "bytes": source.bytes_read(),
            "format": source.format.extension(),
            "encoding": source.detected.encoding().name(),
            "mode": opts.mode.name(),
            "read": summary.read,
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
            "rejected": summary.rejected,
            "run": provenance.run(),
        });
        history::record(tx, T::ENTITY, &source.name, "import", None, Some(&after))?;
        provenance.finish(tx, &source.name, &source.sha256(), source.position_word())?;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// For each source column, the canonical column it fills, if any.
type Targets = Rc<Vec<Option<usize>>>;

/// Maps a source row's headers to canonical columns, remembering the answer per header.
#[derive(Default)]
struct Layout {
    cache: HashMap<String, Option<usize>>,
    /// The last header row seen and its targets: CSV rows all share one.
    last: Option<(Rc<Vec<String>>, Targets)>,
    header_checked: bool,
    /// Source columns that map to nothing, reported in the summary.
    ignored: Vec<String>,
    /// A workbook's number cells in code columns, warned about in the summary.
    numbered_codes: NumberedCodes,
    /// What a position in the file is called (line, row, record), for messages.
    at: &'static str,
    /// `--accept-damaged`: values a spreadsheet damaged are imported, and counted here.
    accept_damaged: bool,
    damaged: Seen,
    /// Numbers in code columns of JSON and YAML records, per source column.
    json_numbers: Vec<(String, Seen)>,
    /// Per canonical column: whether a spreadsheet's damage is looked for in it.
    identifiers: Vec<bool>,
}

/// How many of something were seen, and the first (value and position) as an example.
#[derive(Default)]
struct Seen {
    count: u64,
    example: String,
    pos: u64,
}

impl Seen {
    fn see(&mut self, value: &str, pos: u64) {
        if self.count == 0 {
            self.example = value.to_string();
            self.pos = pos;
        }
        self.count += 1;
    }
}

impl Layout {
    /// The warnings of the whole file, for the summary.
    fn warnings(&self) -> Vec<String> {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let mut out = Vec::new();
        if self.damaged.count > 0 {
            let d = &self.damaged;
            out.push(msg::exchange_damaged_accepted(n(d.count), d.example.as_str(), self.at, n(d.pos)).to_string());
        }
        for (header, s) in &self.json_numbers {
            out.push(
                msg::exchange_number_codes(header.as_str(), n(s.count), s.example.as_str(), self.at, n(s.pos))
                    .to_string(),
            );
        }
        out
    }

    fn targets<T: Stored>(&mut self, headers: &[String], map: &ColumnMap) -> Vec<Option<usize>> {
        headers
            .iter()
            .map(|h| match self.cache.get(h) {
                Some(t) => *t,
                None => *self.cache.entry(h.clone()).or_insert_with(|| map.column_of(h, T::COLUMNS)),
            })
            .collect()
    }

    /// Targets of a row's headers, computed once per distinct header row.
    /// A JSON or YAML record may bring keys of its own: each new set is looked at for
    /// the mark of a redacted export too.
    fn row_targets<T: Stored>(&mut self, headers: &Rc<Vec<String>>, map: &ColumnMap, file: &str) -> Result<Targets> {
        if let Some((h, t)) = &self.last {
            if Rc::ptr_eq(h, headers) {
                return Ok(t.clone());
            }
        }
        super::redacted::refuse_marked(headers, file)?;
        let t = Rc::new(self.targets::<T>(headers, map));
        self.last = Some((headers.clone(), t.clone()));
        Ok(t)
    }

    /// The header (CSV) or the first record's keys (JSON, YAML) must carry every required
    /// column, each canonical column at most once: a file that fails this is wrong as a
    /// whole, not row by row.
    fn check_header<T: Stored>(&mut self, headers: &[String], map: &ColumnMap, file: &str) -> Result<()> {
        self.header_checked = true;
        super::redacted::refuse_marked(headers, file)?;
        let targets = self.targets::<T>(headers, map);
        let missing: Vec<&str> =
            T::REQUIRED.iter().copied().filter(|c| !targets.iter().flatten().any(|t| T::COLUMNS[*t] == *c)).collect();
        if !missing.is_empty() {
            return Err(Error::invalid(m::import_missing_columns(file, missing.join(", "), headers.join(", "))));
        }
        for (i, t) in targets.iter().enumerate() {
            let Some(t) = t else {
                if !headers[i].trim().is_empty() && !matches!(headers[i].as_str(), "line" | "error") {
                    self.ignored.push(headers[i].clone());
                }
                continue;
            };
            if let Some(j) = targets[..i].iter().position(|u| *u == Some(*t)) {
                return Err(Error::invalid(m::import_column_twice(file, &headers[j], &headers[i], T::COLUMNS[*t])));
            }
        }
        Ok(())
    }

    fn fields<T: Stored>(&mut self, raw: &RawRow, map: &ColumnMap, file: &str) -> Result<Result<Fields, Vec<Problem>>> {
        if !self.header_checked {
            self.check_header::<T>(&raw.headers, map, file)?;
        }
        let targets = self.row_targets::<T>(&raw.headers, map, file)?;
        if raw.values.len() != raw.headers.len() {
            return Ok(Err(vec![Problem::row(
                msg::exchange_fields_count(raw.values.len() as i64, raw.headers.len() as i64).to_string(),
            )]));
        }
        let mut fields = Fields::new(T::COLUMNS);
        let mut cell_problems = Vec::new();
        for (j, (value, target)) in raw.values.iter().zip(targets.iter()).enumerate() {
            if let (Some(i), Some(kind)) = (target, raw.kinds.get(j)) {
                // A workbook's cell: what was not typed in is no record's value.
                if let Some(p) = cell_problem(kind) {
                    cell_problems.push(Problem::new(T::COLUMNS[*i], p));
                } else if *kind == Kind::Number && is_code_column(T::COLUMNS[*i]) {
                    self.numbered_codes.see(&raw.headers[j], value, raw.pos);
                }
            }
            if let Some(i) = target {
                if raw.numbers.get(j) == Some(&true) && is_code_column(T::COLUMNS[*i]) {
                    let header = &raw.headers[j];
                    match self.json_numbers.iter_mut().find(|(h, _)| h == header) {
                        Some((_, seen)) => seen.see(value, raw.pos),
                        None => {
                            let mut seen = Seen::default();
                            seen.see(value, raw.pos);
                            self.json_numbers.push((header.clone(), seen));
                        }
                    }
                }
                let cleaned = super::normalize::clean(value);
                let mapped = map.value(*i, &cleaned);
                if self.identifiers.is_empty() {
                    self.identifiers = T::COLUMNS.iter().map(|c| super::damaged::is_identifier(c)).collect();
                }
                let damage = if self.identifiers[*i] { super::damaged::damage(T::COLUMNS[*i], mapped) } else { None };
                if let Some(why) = damage {
                    if self.accept_damaged {
                        self.damaged.see(mapped, raw.pos);
                    } else {
                        cell_problems
                            .push(Problem::new(T::COLUMNS[*i], msg::exchange_damaged(mapped, why).to_string()));
                    }
                }
                fields.values[*i] = (!mapped.is_empty()).then(|| mapped.to_string());
                fields.given[*i] = true;
            }
        }
        if !cell_problems.is_empty() {
            return Ok(Err(cell_problems));
        }
        Ok(Ok(fields))
    }
}

/// Apply one checked row according to the mode. `before_max` is the highest row id
/// before this import began: a key found above it was added by an earlier row of
/// this same file, which in insert mode is a duplicate in the file (rejected), and in
/// the other modes a row that replaces or is skipped for an earlier one (said).
fn apply<T: Stored>(
    tx: &Tx,
    fields: Fields,
    mode: Mode,
    before_max: i64,
    summary: &mut Summary,
    notes: &mut Vec<String>,
    inserter: &mut Option<Inserter<'_, T>>,
) -> Result<Result<Written, Vec<Problem>>> {
    let mut insert = |record: &T, notes: &mut Vec<String>| match inserter {
        Some(insert) => insert(record).map(Ok),
        None => T::insert(tx, record, notes),
    };
    // An upsert may need the row again, to lay it over the stored record.
    let row = (mode == Mode::Upsert).then(|| fields.clone());
    let record = match T::from_fields(fields) {
        Ok(r) => r,
        Err(p) => return Ok(Err(p)),
    };
    let key_column = T::key_column();
    let key = record.key();
    // Only rows that are refused or come again are named: no copy for every other row.
    let label = || record.label();
    // `12345` beside a stored `00012345` is a code that lost its zeros in a spreadsheet:
    // refused as `svc AREA add` refuses it (records::zero_padded, one rule for both).
    if key.bytes().all(|b| b.is_ascii_digit()) && T::find_id(tx.conn(), &key)?.is_none() {
        if let Some(meant) = crate::records::zero_padded::<T>(tx.conn(), &key) {
            return Ok(Err(vec![Problem::new(key_column, m::record_exists_zeros(T::ENTITY, &key, meant).to_string())]));
        }
    }
    if mode != Mode::Upsert {
        if mode == Mode::Insert && T::INSERT_FIRST {
            match insert(&record, notes) {
                Ok(Ok(id)) => {
                    summary.inserted += 1;
                    return Ok(Ok(Written::Record(id, Change::Insert)));
                }
                Ok(Err(p)) => return Ok(Err(vec![p])),
                Err(e) if crate::error::is_unique_violation(&e) => {}
                Err(e) => return Err(e),
            }
        }
        match T::find_id(tx.conn(), &key)? {
            None => match insert(&record, notes)? {
                Ok(id) => {
                    summary.inserted += 1;
                    return Ok(Ok(Written::Record(id, Change::Insert)));
                }
                Err(p) => return Ok(Err(vec![p])),
            },
            Some(id) if mode == Mode::Skip => {
                summary.skipped += 1;
                if id > before_max {
                    return Ok(Ok(Written::Again(label(), None)));
                }
            }
            Some(id) if id > before_max => {
                return Ok(Err(vec![Problem::new(key_column, m::import_key_twice(label()).to_string())]))
            }
            Some(_) => return Ok(Err(vec![Problem::new(key_column, m::import_key_exists(label()).to_string())])),
        }
        return Ok(Ok(Written::Nothing));
    }
    match T::find(tx.conn(), &key)? {
        None => match insert(&record, notes)? {
            Ok(id) => {
                summary.inserted += 1;
                Ok(Ok(Written::Record(id, Change::Insert)))
            }
            Err(p) => Ok(Err(vec![p])),
        },
        Some((id, old)) => {
            // Columns the file does not carry keep their stored values.
            let row = row.expect("kept for upserts");
            let record = match T::from_fields(row.over(Fields::from_row(T::COLUMNS, &old.to_row()))) {
                Ok(r) => r,
                Err(p) => return Ok(Err(p)),
            };
            if old == record {
                summary.unchanged += 1;
                return Ok(Ok(if id > before_max { Written::Again(label(), None) } else { Written::Nothing }));
            }
            match T::update(tx, id, &record, notes)? {
                Ok(()) => {
                    summary.updated += 1;
                    // An update overwrites values the regulation protects: keep them.
                    history::record(tx, T::ENTITY, &label(), "update", Some(&old.to_json()), Some(&record.to_json()))?;
                    // Updated again by this file, the earlier row's values lost: said. Its
                    // provenance is recorded as for any update.
                    let written = (id, Change::Update);
                    Ok(Ok(if id > before_max {
                        Written::Again(label(), Some(written))
                    } else {
                        Written::Record(id, Change::Update)
                    }))
                }
                Err(p) => Ok(Err(vec![p])),
            }
        }
    }
}

/// What `apply` did with a row.
enum Written {
    /// Inserted or updated this record.
    Record(i64, Change),
    /// Nothing (skipped, unchanged).
    Nothing,
    /// The key came earlier in this same file (skipped, unchanged, or updated the
    /// record that row wrote).
    Again(String, Option<(i64, Change)>),
}

/// One bad row into the rejects file, cell by cell under its own column names. A cell
/// with no column there (a ragged row's extra fields, a JSON record with other keys
/// than the first rejected one) is kept in the error text rather than lost.
fn write_reject(sink: &mut Sink, raw: &RawRow, reason: &str) -> Result<()> {
    let columns = sink.headers().len() - 2;
    let mut cells = vec![Value::Null; columns];
    let mut leftover = Vec::new();
    // Each column name's free places, in order (a header may repeat): one lookup per
    // cell, so a row of a million columns is linear, not quadratic.
    let mut free: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, h) in sink.headers()[..columns].iter().enumerate() {
        free.entry(h.as_str()).or_default().push_back(j);
    }
    for (i, value) in raw.values.iter().enumerate() {
        let name = raw.headers.get(i);
        let slot = name.and_then(|n| free.get_mut(n.as_str()).and_then(|places| places.pop_front()));
        match slot {
            Some(j) => cells[j] = Value::from(value.as_str()),
            None if value.is_empty() => {}
            None => leftover.push(match name {
                Some(n) => format!("{n}={value}"),
                None => value.clone(),
            }),
        }
    }
    cells.push(Value::from(raw.pos));
    let error = if leftover.is_empty() {
        reason.to_string()
    } else {
        msg::exchange_leftover_cells(reason, leftover.join(", ")).to_string()
    };
    cells.push(Value::from(error));
    sink.row(&cells)
}

/// The rejects file: the source's own columns plus `line` and `error`, in the source's
/// encoding, so it can be fixed and imported again with the same command.
fn open_rejects(path: &Path, first: &RawRow, encoding: Encoding, bom: bool, force: bool) -> Result<Sink> {
    let mut headers: Vec<&str> = first.headers.iter().map(String::as_str).collect();
    headers.push("line");
    headers.push("error");
    let format: OutFormat = Format::from_path(path).unwrap_or(Format::Csv).into();
    let opts = SinkOpts {
        format,
        bom,
        // A UTF-16 file's rejects are UTF-8 with a BOM (svc writes no UTF-16; Excel opens both).
        encoding: if encoding.writable() { encoding } else { Encoding::Utf8 },
        // Rejects are fixed in a spreadsheet: a cell it would run is escaped, and the
        // quote is taken off again when the fixed file is imported.
        excel: true,
        redact: false,
        color: false,
        header_when_empty: true,
        header_lang: None,
    };
    Sink::new(Dest::to(Some(path), force), &headers, &[], opts)
}

fn progress_bar(size: Option<u64>) -> indicatif::ProgressBar {
    let bar = match size {
        Some(n) => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

/// Whether a progress bar makes sense here.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
