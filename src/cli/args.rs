//! Flag groups shared by every area (cargo's command_prelude): import, export, listing.
//! Defined once, flattened wherever they are needed, so every area speaks alike
//! (issue 8): `--at`, `--by`, `--since/--until`, `--limit/--exit-code`, import, export.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::Ctx;
use crate::error::{Error, Kind, Result};
use crate::exchange::import::{self, ImportOpts, Mode};
use crate::exchange::sink::{Dest, OutFormat, Sink, SinkOpts};
use crate::exchange::{Encoding, Fields, Format, Record, Stored};
use crate::words::m;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to read (csv, json, yaml, or a workbook: xlsx, xls, ods; by extension or --format), or - for stdin
    pub file: PathBuf,
    /// Input encoding [default: auto, or the map's encoding:]; given, even as auto, it wins over the map's
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// CSV field separator: one character, or tab [default: tab when the header line has tabs and no commas]
    #[arg(long, value_name = "CHAR", value_parser = crate::exchange::source::delimiter_arg)]
    pub delimiter: Option<u8>,
    /// Import phone numbers and codes a spreadsheet damaged (1.38E+10, a lost leading 0) as they are, with a warning
    #[arg(long)]
    pub accept_damaged: bool,
    /// A column map (YAML): source headers and values to canonical ones
    #[arg(long, value_name = "MAP.yaml")]
    pub map: Option<PathBuf>,
    /// What to do with rows whose key is already stored
    #[arg(long, value_enum, default_value = "insert")]
    pub mode: Mode,
    /// Check everything, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and write the bad ones here, with their line and reason
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// A workbook's sheet, by name or number [default: the one named after the area, else the first]
    #[arg(long, value_name = "NAME|N")]
    pub sheet: Option<String>,
    /// A workbook's header row, as the spreadsheet numbers it [default: the row naming the most columns]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub header_row: Option<u32>,
    /// Replace the rejects file if it exists
    #[arg(long)]
    pub force: bool,
}

impl ImportArgs {
    pub fn opts(&self, ctx: &Ctx) -> Result<ImportOpts> {
        Ok(ImportOpts {
            path: self.file.clone(),
            format: ctx.input_format()?,
            encoding: self.encoding.unwrap_or(Encoding::Auto),
            encoding_given: self.encoding.is_some(),
            delimiter: self.delimiter,
            accept_damaged: self.accept_damaged,
            map: self.map.clone(),
            mode: self.mode,
            dry_run: self.dry_run,
            rejects: self.rejects.clone(),
            force: self.force,
            progress: !ctx.out.quiet && import::stderr_is_terminal(),
            offer_rejects: true,
            sheet: self.sheet.clone(),
            header_row: self.header_row,
        })
    }
}

/// `svc AREA import`: the engine, then the summary on stderr.
pub fn import<T: Stored>(ctx: &Ctx, args: &ImportArgs) -> Result<i32> {
    let opts = args.opts(ctx)?;
    let mut db = ctx.open()?;
    let mut stderr = std::io::stderr();
    let summary = import::run::<T>(&mut db, &opts, &mut stderr)?;
    ctx.out.note(&summary);
    for n in &summary.notes {
        ctx.out.note(format!("  {n}"));
    }
    if summary.rejected > 0 {
        if let Some(r) = &args.rejects {
            ctx.out.note(format!("  {}", m::cli_rejects_written(summary.rejected as i64, r.display().to_string())));
        }
    }
    Ok(0)
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Write to this file (format by its extension) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start with a UTF-8 byte-order mark, for Excel
    #[arg(long)]
    pub bom: bool,
    /// Output encoding (gbk for old systems)
    #[arg(long, value_enum, default_value = "utf-8")]
    pub encoding: Encoding,
    /// Escape cells that a spreadsheet would run as formulas (the default since issue 9;
    /// kept so that old scripts still run)
    #[arg(long, hide = true)]
    pub excel: bool,
    /// Leave cells starting with = + - @ as they are (by default a quote is put before
    /// them, so a spreadsheet shows them instead of running them; imports take it off)
    #[arg(long)]
    pub no_formula_escape: bool,
    /// Mask personal data: contact names, phones, e-mail, addresses (R8.1.2)
    #[arg(long)]
    pub redact: bool,
    /// Column names: the canonical keys (for scripts), or Chinese labels (zh); an import reads both
    #[arg(long, value_enum, default_value = "key", value_name = "key|zh")]
    pub headers: HeaderNames,
    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The column names an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HeaderNames {
    Key,
    Zh,
}

impl ExportArgs {
    /// Where the rows go: `-o FILE` (replaced only with `--force`) or stdout.
    pub fn dest(&self) -> Dest {
        Dest::to(self.output.as_deref(), self.force)
    }

    pub fn sink_opts(&self, ctx: &Ctx) -> Result<SinkOpts> {
        let by_name = self.output.as_deref().and_then(Format::from_path).map(OutFormat::from);
        let format = match ctx.global.format.or(by_name).unwrap_or(OutFormat::Csv) {
            f if f.for_people() => return Err(Error::Msg(Kind::Usage, m::cli_export_for_people())),
            f => f,
        };
        if !self.encoding.writable() {
            return Err(Error::Msg(
                Kind::Usage,
                crate::exchange::msg::exchange_encoding_read_only(self.encoding.name()),
            ));
        }
        Ok(SinkOpts {
            format,
            bom: self.bom,
            encoding: self.encoding,
            excel: self.excel || !self.no_formula_escape,
            redact: self.redact,
            color: false,
            header_when_empty: true,
            header_lang: (self.headers == HeaderNames::Zh).then_some(crate::words::Lang::ZhCn),
        })
    }
}

/// `svc AREA export`: every record, in key order.
pub fn export<T: Stored>(ctx: &Ctx, args: &ExportArgs) -> Result<i32> {
    let db = ctx.open()?;
    let dest = args.dest();
    let shown = dest.path().map(|p| p.display().to_string());
    let mut sink = Sink::new(dest, T::COLUMNS, T::PERSONAL, args.sink_opts(ctx)?)?;
    T::export(db.conn(), &mut |r| sink.row(&r.to_row()))?;
    let n = sink.finish()?;
    if let Some(path) = shown {
        ctx.out.note(m::cli_export_written(n as i64, T::PLURAL, path));
    }
    Ok(0)
}

/// The forms every time flag accepts, said once for the help and the error message.
macro_rules! time_forms {
    () => {
        "a date (2026-03-05), a local time ('2026-03-05 09:30') or RFC 3339"
    };
}

/// A time flag's value, for clap: local time (the display zone), a date, or RFC 3339.
pub fn time_arg(s: &str) -> std::result::Result<DateTime<Utc>, BadDate> {
    let t = crate::clock::parse_instant(s).ok_or_else(|| {
        BadDate(if crate::clock::is_skipped_local_time(s) {
            crate::hostile::msg::time_in_gap(s.trim()).to_string()
        } else {
            crate::hardening::msg::date_flag_forms(time_forms!()).to_string()
        })
    })?;
    crate::clock::plausible(crate::clock::local_day(t)).map(|_| t).map_err(BadDate)
}

/// A day flag's value, for clap: `YYYY-MM-DD`, or a form an import accepts (2026/9/26).
pub fn day_arg(s: &str) -> std::result::Result<chrono::NaiveDate, BadDate> {
    crate::exchange::normalize::date(s).map_err(BadDate)
}

/// Why a date or time flag's value was not taken (clap carries it as the error's source).
///
/// A date is data, not syntax: `--at 2026-13-01` or `--since 2062-01-01` is invalid input
/// (exit 5, design.md), as the same day typed in `--expires` or a file's cell is, not a
/// usage error (exit 2) like a flag that does not exist. Clap reads the value (so help,
/// completions and `Period`'s order check stay as they are); `date_flag_error` turns its
/// refusal into svc's error, for every date flag at once.
#[derive(Debug)]
pub struct BadDate(pub String);

impl std::fmt::Display for BadDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadDate {}

/// The command line's error as svc's, when it is a date flag's value that was refused:
/// invalid input (exit 5) naming the flag, the value and the reason with its hint.
pub fn date_flag_error(e: &clap::Error) -> Option<Error> {
    use clap::error::{ContextKind, ContextValue};
    if e.kind() != clap::error::ErrorKind::ValueValidation {
        return None;
    }
    let why = std::error::Error::source(e)?.downcast_ref::<BadDate>()?;
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    // "--at <TIME>": the flag as typed, without its placeholder.
    let flag = text(ContextKind::InvalidArg);
    let flag = flag.split_whitespace().next().unwrap_or_default().to_string();
    Some(Error::invalid(crate::hardening::msg::date_flag_bad(flag, text(ContextKind::InvalidValue), why.0.as_str())))
}

/// A count flag's value, for clap: a whole number, never negative.
pub fn count_arg(s: &str) -> std::result::Result<u64, String> {
    s.trim().parse::<u64>().map_err(|_| "use a whole number, 0 or more".to_string())
}

/// `--at TIME`: when an event happened, for entering it afterwards.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct At {
    #[arg(long, value_name = "TIME", value_parser = time_arg,
          help = concat!("When it happened [default: now]: ", time_forms!(), "; back-dates the event, never into the future"))]
    pub at: Option<DateTime<Utc>>,
}

/// `--by STAFF`, required: the staff member who does it.
#[derive(Debug, Clone, clap::Args)]
pub struct StaffBy {
    /// Who does it (staff code)
    #[arg(long, value_name = "STAFF")]
    pub by: String,
}

/// `--by STAFF`, optional: the staff member doing a repair step.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TechnicianBy {
    /// Who did it (staff code) [default: the ticket's technician]
    #[arg(long, value_name = "STAFF")]
    pub by: Option<String>,
}

/// `--by NAME`: the customer's person who consents or signs (personal data).
#[derive(Debug, Clone, clap::Args)]
pub struct PersonBy {
    /// The customer's person who consents or signs, by name (personal data)
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

/// `--since/--until`: a period, parsed once; an end before its start is a usage error.
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

#[derive(Debug, clap::Args)]
struct PeriodFlags {
    #[arg(long, value_name = "TIME", value_parser = time_arg, help = concat!("From this time on (inclusive): ", time_forms!()))]
    since: Option<DateTime<Utc>>,
    /// Before this time, in the same forms as --since; a record kept by day only (a survey) counts
    /// through that day
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    until: Option<DateTime<Utc>>,
}

impl Period {
    /// The bounds as stored text (UTC RFC 3339), for a filter.
    pub fn stored(&self) -> (Option<String>, Option<String>) {
        (crate::clock::utc_opt(self.since), crate::clock::utc_opt(self.until))
    }

    /// The bounds as local days (`YYYY-MM-DD`), for records kept by day.
    pub fn days(&self) -> (Option<String>, Option<String>) {
        let day = |t: Option<DateTime<Utc>>| t.map(|t| crate::clock::local_day(t).to_string());
        (day(self.since), day(self.until))
    }
}

impl clap::FromArgMatches for Period {
    fn from_arg_matches(m: &clap::ArgMatches) -> std::result::Result<Self, clap::Error> {
        let f = PeriodFlags::from_arg_matches(m)?;
        if let (Some(since), Some(until)) = (f.since, f.until) {
            if until < since {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "--until {} is before --since {}: give the start with --since and the end with --until",
                        crate::clock::display_zone().show(until),
                        crate::clock::display_zone().show(since)
                    ),
                ));
            }
        }
        Ok(Period { since: f.since, until: f.until })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> std::result::Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for Period {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        PeriodFlags::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        PeriodFlags::augment_args_for_update(cmd)
    }
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// At most this many rows
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count_arg)]
    pub limit: Option<u64>,
    /// Exit with 1 when rows were printed (for cron: mail only when there is news)
    #[arg(long)]
    pub exit_code: bool,
    /// Start CSV with a UTF-8 byte-order mark, so Excel on Windows reads the Chinese
    #[arg(long = "bom", id = crate::output::LISTING_BOM)]
    pub bom: bool,
    /// Write the listing in this encoding (gbk for Excel on a Chinese Windows) [default: utf-8]
    #[arg(long = "encoding", id = crate::output::LISTING_ENCODING, value_enum, value_name = "utf-8|gbk|gb18030")]
    pub encoding: Option<Encoding>,
}

impl ListArgs {
    pub fn exit(&self, rows: u64) -> i32 {
        if self.exit_code && rows > 0 {
            1
        } else {
            0
        }
    }
}

/// A listing of computed rows: each row's fields in `columns` order, nothing printed
/// when there are none, `--exit-code` honoured.
pub fn listing<T: serde::Serialize>(
    ctx: &Ctx,
    columns: &[&str],
    list: Option<&ListArgs>,
    fill: impl FnOnce(&mut dyn FnMut(T) -> Result<()>) -> Result<()>,
) -> Result<i32> {
    let mut sink = ctx.out.listing(columns)?;
    let limit = list.and_then(|l| l.limit);
    let mut n = 0u64;
    fill(&mut |item| {
        if limit.is_some_and(|l| n >= l) {
            return Ok(());
        }
        n += 1;
        sink.row(&crate::output::row_of(columns, &item))
    })?;
    let rows = sink.finish()?;
    Ok(list.map(|l| l.exit(rows)).unwrap_or(0))
}

/// How an `add` command finds the new record's key.
pub enum NewKey<'a> {
    Given(&'a str),
    /// The user may leave it out: then a code is generated.
    Optional(Option<&'a str>, fn(&crate::db::Tx) -> Result<String>),
}

/// `svc AREA add`: defaults first, then the flags, through the same checks as import;
/// prints the new record's key alone.
pub fn add<T: Stored>(
    ctx: &Ctx,
    key: NewKey,
    defaults: &[(&str, String)],
    flags: &[(&str, Option<String>)],
) -> Result<i32> {
    let mut db = ctx.open()?;
    created(&mut db, |tx| {
        let key = match key {
            NewKey::Given(k) | NewKey::Optional(Some(k), _) => k.to_string(),
            NewKey::Optional(None, generate) => generate(tx)?,
        };
        let mut fields = Fields::new(T::COLUMNS);
        fields.set(T::key_column(), &key);
        for (column, value) in defaults {
            fields.set(column, value);
        }
        for (column, value) in flags {
            fields.set(column, value.as_deref().unwrap_or(""));
        }
        crate::records::add::<T>(tx, &fields).map(|r| r.key())
    })
}

/// Create something and print its code in the same transaction: when the code cannot be
/// printed (stdout closed or full) the creation is rolled back, so a failing exit
/// status never leaves behind a record the caller could not learn the code of.
pub fn created(db: &mut crate::db::Db, f: impl FnOnce(&crate::db::Tx) -> Result<String>) -> Result<i32> {
    db.write(|tx| {
        let code = f(tx)?;
        // Not the plain I/O error: a broken pipe is no failure for a listing, but here
        // it undid the creation and must say so.
        print_code(&code).map_err(|e| Error::internal(crate::hardening::msg::code_not_printed(&code, e.to_string())))
    })
}

/// `svc AREA edit KEY --column value...`.
pub fn edit<T: Stored>(ctx: &Ctx, key: &str, flags: &[(&str, Option<String>)]) -> Result<i32> {
    let mut db = ctx.open()?;
    match db.write(|tx| crate::records::edit::<T>(tx, key, flags))? {
        Some(_) => ctx.out.note(m::cli_record_changed(T::ENTITY, key)),
        None => ctx.out.note(m::cli_record_unchanged(T::ENTITY, key)),
    }
    Ok(0)
}

/// A write command that creates nothing: one transaction, then what was done on stderr.
pub fn write(ctx: &Ctx, f: &dyn Fn(&crate::db::Tx) -> Result<()>, done: String) -> Result<i32> {
    let mut db = ctx.open()?;
    db.write(|tx| f(tx))?;
    ctx.out.note(done);
    Ok(0)
}

/// A created record's code, alone on stdout, for `x=$(svc ... add ...)`.
pub fn print_code(code: &str) -> Result<i32> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{code}").and_then(|()| out.flush()).map_err(|e| Error::io("cannot write output", e))?;
    Ok(0)
}

/// One `--column` flag per canonical column but the key, made from the area's column
/// list, so that a CSV header and a command line always speak the same words
/// (`installed_on` is `--installed-on`). A flag not given leaves the column alone; an
/// empty value clears it.
#[derive(Debug, Clone)]
pub struct ColumnFlags<T> {
    pub given: Vec<(&'static str, Option<String>)>,
    area: std::marker::PhantomData<T>,
}

impl<T: Record> ColumnFlags<T> {
    fn columns() -> impl Iterator<Item = &'static str> {
        T::COLUMNS.iter().copied().filter(|c| *c != T::key_column())
    }
}

impl<T: Record> clap::FromArgMatches for ColumnFlags<T> {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let given = Self::columns().filter_map(|c| m.get_one::<String>(c).map(|v| (c, Some(v.clone())))).collect();
        Ok(ColumnFlags { given, area: std::marker::PhantomData })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl<T: Record> clap::Args for ColumnFlags<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        Self::columns().fold(cmd, |cmd, column| {
            let mut arg =
                clap::Arg::new(column).long(column.replace('_', "-")).value_name("VALUE").help_heading("Columns");
            arg = match T::HELP.iter().find(|(c, _)| *c == column) {
                Some((_, help)) => arg.help(*help),
                // A column the area gave no words for still says what the flag sets.
                None => arg.help(format!("The {} column (an empty value clears it)", column)),
            };
            for (_, alias) in T::ALIASES.iter().filter(|(c, _)| *c == column) {
                arg = arg.visible_alias(*alias);
            }
            cmd.arg(arg)
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `--redact` on a `show`: the page masked as exports mask (R8.1.2), each command naming
/// its personal columns (the registry's, `Record::PERSONAL`), all masked by one function
/// (`hardening::redact_detail`).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Redact {
    /// Mask personal data (contact names, phones, e-mail, addresses, the customer's people)
    /// wherever the page shows them, as exports do (R8.1.2)
    #[arg(long)]
    pub redact: bool,
}

impl Redact {
    /// Mask the fields and section columns named in `personal`, and their values
    /// wherever else the page repeats them (a timeline's "by: 王主任").
    pub fn apply(
        self,
        fields: &mut [(&str, serde_json::Value)],
        sections: &mut [crate::output::Section],
        personal: &[&str],
    ) {
        if self.redact {
            crate::hardening::redact_detail(fields, sections, personal);
        }
    }
}
