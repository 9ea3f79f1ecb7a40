//! `svc maint ...` (R1.2 维修保养): maintenance plans, schedules and the planner's due
//! list, visits with their checklist, signed maintenance reports, contracts, overrides.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::json;

use super::args::{self, At, ListArgs, Period, PersonBy, StaffBy};
use super::Ctx;
use crate::due::{add_days, Window};
use crate::error::{Error, Kind, Result};
use crate::maint::contract::{self, NewContract, Override};
use crate::maint::schedule::{self, DueFilter};
use crate::maint::visit::{self, NewVisit};
use crate::maint::{msg, plan, report, sheet};
use crate::output::Section;
use crate::parts::LineArg;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Maintenance plans per model (YAML), versioned: a new text is the next version
    #[command(subcommand, after_help = "Example:\n  svc maint plan import examples/maintenance/patient-monitor.yaml")]
    Plan(PlanCmd),
    /// Maintenance falling due, one trip per customer: the planner's list and the cron job
    #[command(
        after_help = "Example:\n  svc maint due --within 30d --province 广东省\n  svc maint due --technician E002 --exit-code\n  svc maint due --within 14d --format ics -o trips.ics"
    )]
    Due {
        /// Due today or within this span (and everything overdue)
        #[arg(long, value_parser = crate::clock::span_arg, value_name = "SPAN", default_value = "30d")]
        within: i64,
        /// Also write the trips as an iCalendar file beside the listing (as --format ics -o FILE does alone)
        #[arg(long, value_name = "FILE.ics")]
        ics: Option<PathBuf>,
        /// Write to this file instead of stdout: the calendar (--format ics, or a .ics name) or the listing
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the file (-o or --ics) if it exists
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        filter: Filter,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Maintenance past the grace window of its risk class (high 7 days, medium 30, low 60)
    #[command(after_help = "Example:\n  svc maint overdue --exit-code")]
    Overdue {
        #[command(flatten)]
        filter: Filter,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Every device's schedule: next due day and how it was found
    #[command(after_help = "Example:\n  svc maint schedule --equipment 00012345")]
    Schedule {
        /// Serial number
        #[arg(long)]
        equipment: Option<String>,
        /// Plan code
        #[arg(long)]
        plan: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Record a maintenance visit: checklist values, parts used; prints its code
    #[command(
        after_help = "Example:\n  svc maint record --equipment 00012345 --plan PM-MONITOR --by E002 \\\n      --value visual=pass --value pe_resistance=0.1 --part 0100:1 --hours 1.5"
    )]
    Record {
        /// Serial number of the device maintained
        #[arg(long)]
        equipment: String,
        /// The maintenance plan's code (its current version applies; with --sheet: the sheet's)
        #[arg(long, required_unless_present = "sheet")]
        plan: Option<String>,
        #[command(flatten)]
        by: StaffBy,
        /// KEY=VALUE, once per checklist item
        #[arg(
            long = "value",
            visible_alias = "protocol-value",
            value_name = "KEY=VALUE",
            required_unless_present = "sheet",
            conflicts_with = "sheet"
        )]
        values: Vec<String>,
        /// The checklist filled in on site (from 'svc maint sheet'; .xlsx or .csv) instead of --value
        #[arg(long, value_name = "FILE")]
        sheet: Option<PathBuf>,
        /// PARTNO:QTY[:LOT], once per part used (leaves stock as an issue for maintenance)
        #[arg(long = "part", value_name = "PARTNO:QTY[:LOT]")]
        parts: Vec<String>,
        /// Take the parts from this location only (WAREHOUSE or WAREHOUSE/BIN)
        #[arg(long, value_name = "LOCATION")]
        from: Option<String>,
        /// Hours spent (decimal, such as 1.5)
        #[arg(long)]
        hours: Option<String>,
        /// The meter reading at the visit (operating hours, exposures)
        #[arg(long)]
        meter: Option<i64>,
        /// A remark for the report
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Write a device's checklist to fill in on site (.xlsx or .csv), for 'record --sheet'
    #[command(
        after_help = "Example:\n  svc maint sheet --equipment 00012345 -o 00012345.xlsx\n  svc maint record --equipment 00012345 --sheet 00012345.xlsx --by E002 --hours 1.5"
    )]
    Sheet {
        /// Serial number of the device to maintain
        #[arg(long)]
        equipment: String,
        /// The maintenance plan's code (default: the device's only plan)
        #[arg(long)]
        plan: Option<String>,
        #[command(flatten)]
        out: args::ExportArgs,
    },
    /// Maintenance visits
    #[command(after_help = "Example:\n  svc maint visits --equipment 00012345")]
    Visits {
        /// Serial number
        #[arg(long)]
        equipment: Option<String>,
        /// Customer code
        #[arg(long)]
        customer: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// A maintenance visit: its fields, checks, parts, status and history; --print: the report to sign
    #[command(
        after_help = "Example:\n  svc maint show MV-000001\n  svc maint show MV-000001 --print --format html > MV-000001.html\n  svc maint show MV-000001 --print --redact"
    )]
    Show {
        /// The visit's code (MV-000001)
        visit: String,
        /// Print the maintenance report the customer signs (Markdown, or --format html, json or yaml)
        #[arg(long)]
        print: bool,
        /// With --print, a copy to share: the customer's people masked, marked 已脱敏 / redacted, no fingerprint (never the signed original)
        #[command(flatten)]
        redact: args::Redact,
    },
    /// The customer signs the maintenance report: it is frozen from then on
    #[command(after_help = "Example:\n  svc maint sign MV-000001 --by 王主任")]
    Sign {
        /// The visit's code (MV-000001)
        visit: String,
        #[command(flatten)]
        by: PersonBy,
        /// How the customer signed
        #[arg(long, value_parser = PossibleValuesParser::new(crate::repair::CONSENT_METHODS), default_value = "signature")]
        method: String,
        #[command(flatten)]
        at: At,
    },
    /// Recompute the signed report's SHA-256 and compare it with the records
    #[command(after_help = "Example:\n  svc maint verify MV-000001")]
    Verify {
        /// The visit's code (MV-000001)
        visit: String,
    },
    /// A device's own terms under a plan: interval, a pinned next date, technician, exclusion
    #[command(
        name = "override",
        after_help = "Example:\n  svc maint override 00012345 --plan PM-MONITOR --interval-months 6 --reason '合同约定每半年一次'\n  svc maint override 00012345 --plan PM-MONITOR --next-due 2026-04-15 --reason '科室安排'"
    )]
    Override {
        /// Serial number
        equipment: String,
        /// Plan code
        #[arg(long)]
        plan: String,
        /// Every this many months instead of the plan's interval
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=120))]
        interval_months: Option<i64>,
        /// Pin the next visit to this day (the visit that follows ends the pin)
        #[arg(long, value_name = "DATE")]
        next_due: Option<String>,
        /// The technician who looks after the device (staff code)
        #[arg(long, value_name = "STAFF")]
        technician: Option<String>,
        /// Take the device out of the plan
        #[arg(long, conflicts_with = "include")]
        exclude: bool,
        /// Put an excluded device back under the plan
        #[arg(long)]
        include: bool,
        /// Why (a contract term, the hospital's calendar)
        #[arg(long)]
        reason: String,
    },
    /// Record a meter reading (operating hours, exposures) for usage-based plans
    #[command(after_help = "Example:\n  svc maint meter CT-0001 18250")]
    Meter {
        /// Serial number
        equipment: String,
        /// The reading
        reading: i64,
        #[command(flatten)]
        at: At,
    },
    /// Import maintenance records from a legacy system (an archive, never changed)
    #[command(
        after_help = "Example:\n  svc maint import old-maintenance.csv --encoding gbk --map maint.map.yaml --rejects bad.csv"
    )]
    Import(super::args::ImportArgs),
    /// Export every maintenance visit, svc's own and archived, one flat row each
    #[command(after_help = "Example:\n  svc maint export -o maintenance.csv --bom")]
    Export(super::args::ExportArgs),
    /// Completion rate per month and risk class: done on time (within the grace window) over due
    #[command(after_help = "Example:\n  svc maint kpi --since 2026-01-01 --until 2026-06-30")]
    Kpi {
        /// Due days counted [default: from the first day of the month a year ago to today]
        #[command(flatten)]
        period: Period,
    },
    /// Parts the maintenance due soon will take, against stock (an alias: use 'svc parts plan --needs')
    #[command(after_help = "Example:\n  svc parts plan --needs --within 30d --exit-code")]
    Parts {
        /// Maintenance due today or within this span (and everything overdue)
        #[arg(long, value_parser = crate::clock::span_arg, value_name = "SPAN", default_value = "30d")]
        within: i64,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Service contracts: start, end and coverage
    #[command(subcommand, after_help = "Example:\n  svc maint contract list --ending-within 60d")]
    Contract(ContractCmd),
}

#[derive(Debug, clap::Args)]
pub struct Filter {
    /// Only customers in this province
    #[arg(long)]
    province: Option<String>,
    /// Only devices looked after by this technician (staff code; override or contract)
    #[arg(long, value_name = "STAFF")]
    technician: Option<String>,
    /// Only this customer's devices
    #[arg(long)]
    customer: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Import a plan (YAML); a changed text becomes the next version; prints the code
    #[command(after_help = "Example:\n  svc maint plan import examples/maintenance/ventilator.yaml")]
    Import {
        /// The plan file (YAML)
        file: PathBuf,
    },
    /// List plans (their current versions)
    #[command(after_help = "Example:\n  svc maint plan list")]
    List,
    /// Show a plan: terms, checklist and parts
    #[command(after_help = "Example:\n  svc maint plan show PM-MONITOR --version 1")]
    Show {
        /// The plan's code
        code: String,
        /// A version other than the current one
        #[arg(long)]
        version: Option<i64>,
    },
    /// Every version of a plan, with the visits done under each
    #[command(after_help = "Example:\n  svc maint plan versions PM-MONITOR")]
    Versions {
        /// The plan's code
        code: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContractCmd {
    /// Add a service contract; prints its code
    #[command(
        after_help = "Example:\n  svc maint contract add --customer C0001 --starts-on 2026-01-01 --ends-on 2026-12-31 --coverage pm_parts"
    )]
    Add {
        /// The contract's own number [default: SC-000001, ...]
        #[arg(long)]
        code: Option<String>,
        /// Customer code
        #[arg(long)]
        customer: String,
        /// First day covered
        #[arg(long, value_name = "DATE")]
        starts_on: String,
        /// Last day covered
        #[arg(long, value_name = "DATE")]
        ends_on: String,
        /// pm: maintenance only; pm_parts: with its parts; full: maintenance, repairs and parts
        #[arg(long, value_parser = PossibleValuesParser::new(contract::COVERAGES))]
        coverage: String,
        /// A device covered (serial number), once each [default: all the customer's devices]
        #[arg(long = "equipment")]
        equipment: Vec<String>,
        /// The technician in charge (staff code)
        #[arg(long, value_name = "STAFF")]
        technician: Option<String>,
        /// A remark
        #[arg(long)]
        note: Option<String>,
    },
    /// List contracts
    #[command(after_help = "Example:\n  svc maint contract list --customer C0001")]
    List {
        /// Customer code
        #[arg(long)]
        customer: Option<String>,
        /// Only those ending within this span (not yet ended)
        #[arg(long, value_parser = crate::clock::span_arg, value_name = "SPAN")]
        ending_within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
}

fn day(raw: &str, flag: &str) -> Result<NaiveDate> {
    crate::exchange::normalize::date(raw).map_err(|e| Error::invalid(msg::bad_date(flag, e)))
}

fn read_file(file: &std::path::Path) -> Result<String> {
    crate::safe_input::text(file, crate::safe_input::too_long)
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Plan(cmd) => run_plan(ctx, cmd),
        Cmd::Due { within, ics, output, force, filter, list } => {
            let to = DueOutput { ics, output, force };
            due(ctx, Window::within(ctx.clock.now(), within), filter, false, to, list)
        }
        Cmd::Overdue { filter, list } => {
            due(ctx, Window::within(ctx.clock.now(), 0), filter, true, DueOutput::default(), list)
        }
        Cmd::Schedule { equipment, plan, list } => {
            let db = ctx.open()?;
            args::listing(ctx, schedule::SCHEDULE_COLUMNS, Some(&list), |each| {
                schedule::schedules(db.conn(), equipment.as_deref(), plan.as_deref(), each)
            })
        }
        Cmd::Record {
            equipment,
            plan,
            by: StaffBy { by },
            values,
            sheet: Some(file),
            parts,
            from,
            hours,
            meter,
            note,
            at: At { at },
        } => {
            // The filled sheet gives the values; they go the way --value goes.
            let mut db = ctx.open()?;
            let plan = sheet::plan_of(db.conn(), &equipment, plan.as_deref())?;
            let version = plan::current_version(db.conn(), &plan)?;
            let filled = sheet::read(&file, &equipment, &plan, version)?;
            debug_assert!(values.is_empty());
            let parts = parts.iter().map(|p| LineArg::parse(p, "PARTNO:QTY[:LOT]", 1)).collect::<Result<Vec<_>>>()?;
            let note = match (note, filled.notes.is_empty()) {
                (note, true) => note,
                (Some(n), false) => Some(format!("{n}; {}", filled.notes.join("; "))),
                (None, false) => Some(filled.notes.join("; ")),
            };
            let v = NewVisit { equipment, plan, by, values: filled.values, parts, from, hours, meter, note, at };
            recorded(ctx, db.write(|tx| visit::record(tx, &v))?)
        }
        Cmd::Record {
            equipment,
            plan,
            by: StaffBy { by },
            values,
            sheet: None,
            parts,
            from,
            hours,
            meter,
            note,
            at: At { at },
        } => {
            let plan = plan.unwrap_or_default();
            let values = values
                .iter()
                .map(|v| {
                    v.split_once('=')
                        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                        .ok_or_else(|| Error::Msg(Kind::Usage, msg::visit_value_not_pair(format!("{v:?}"))))
                })
                .collect::<Result<Vec<_>>>()?;
            let parts = parts.iter().map(|p| LineArg::parse(p, "PARTNO:QTY[:LOT]", 1)).collect::<Result<Vec<_>>>()?;
            let v = NewVisit { equipment, plan, by, values, parts, from, hours, meter, note, at };
            let mut db = ctx.open()?;
            recorded(ctx, db.write(|tx| visit::record(tx, &v))?)
        }
        Cmd::Sheet { equipment, plan, out } => {
            let db = ctx.open()?;
            let plan = sheet::plan_of(db.conn(), &equipment, plan.as_deref())?;
            let lines = sheet::lines_of(db.conn(), &equipment, &plan)?;
            let opts = out.sink_opts(ctx)?;
            match (opts.format, out.output.as_deref()) {
                (crate::exchange::sink::OutFormat::Xlsx, Some(path)) => sheet::write_workbook(path, out.force, &lines)?,
                _ => {
                    let mut sink = crate::exchange::sink::Sink::new(out.dest(), sheet::COLUMNS, &[], opts)?;
                    for l in &lines {
                        sink.row(&crate::output::row_of(sheet::COLUMNS, l))?;
                    }
                    sink.finish()?;
                }
            }
            let version = lines.first().map_or(0, |l| l.version);
            ctx.out.note(sheet::words::sheet_written(lines.len() as i64, &equipment, &plan, version));
            Ok(0)
        }
        Cmd::Visits { equipment, customer, list } => {
            let db = ctx.open()?;
            args::listing(ctx, visit::VISIT_COLUMNS, Some(&list), |each| {
                visit::list(db.conn(), equipment.as_deref(), customer.as_deref(), each)
            })
        }
        Cmd::Show { visit, print: false, redact } => show(ctx, &visit, redact),
        Cmd::Show { visit, print: true, redact } => {
            use crate::exchange::sink::OutFormat;
            // A printed document is Markdown, HTML, JSON or YAML; no other format lays it out.
            if matches!(ctx.global.format, Some(OutFormat::Csv | OutFormat::Table | OutFormat::Xlsx | OutFormat::Ics)) {
                return Err(Error::Msg(Kind::Usage, msg::show_format()));
            }
            let db = ctx.open()?;
            let doc = report::printable(db.conn(), &visit)?;
            crate::documents::print(doc, redact.redact, ctx.global.format, crate::clock::display_zone())?;
            Ok(0)
        }
        Cmd::Sign { visit, by: PersonBy { by }, method, at: At { at } } => {
            let mut db = ctx.open()?;
            let hash = db.write(|tx| report::sign(tx, &visit, &by, &method, at))?;
            ctx.out.note(msg::report_signed(&visit, by.trim(), hash));
            Ok(0)
        }
        Cmd::Verify { visit } => {
            let db = ctx.open()?;
            let findings = report::verify(db.conn(), &visit)?;
            let mut sink = ctx.out.listing(&["check", "result", "detail"])?;
            for (check, ok, detail) in &findings {
                sink.row(&[json!(check), json!(if *ok { "ok" } else { "FAILED" }), json!(detail)])?;
            }
            sink.finish()?;
            Ok(if findings.iter().all(|f| f.1) { 0 } else { 1 })
        }
        Cmd::Override { equipment, plan, interval_months, next_due, technician, exclude, include, reason } => {
            let next_due = next_due.map(|d| day(&d, "--next-due")).transpose()?;
            let exclude = if exclude {
                Some(true)
            } else if include {
                Some(false)
            } else {
                None
            };
            let o = Override { equipment, plan, interval_months, next_due, technician, exclude, reason };
            let mut db = ctx.open()?;
            let next = db.write(|tx| contract::set_override(tx, &o))?;
            ctx.out.note(msg::override_set(&o.equipment, &o.plan, next.unwrap_or_else(|| "-".into())));
            Ok(0)
        }
        Cmd::Meter { equipment, reading, at: At { at } } => {
            let mut db = ctx.open()?;
            let next = db.write(|tx| visit::read_meter(tx, &equipment, reading, at))?;
            ctx.out.note(msg::meter_recorded(&equipment, next.unwrap_or_else(|| "-".into())));
            Ok(0)
        }
        Cmd::Contract(cmd) => run_contract(ctx, cmd),
        Cmd::Kpi { period } => {
            let today = ctx.clock.today();
            let year_ago = chrono::Datelike::with_day(&add_days(today, -335), 1).unwrap_or(today);
            let (since, until) = period.days();
            let since = since.and_then(|d| crate::clock::stored_day(&d)).unwrap_or(year_ago);
            let until = until.and_then(|d| crate::clock::stored_day(&d)).unwrap_or(today);
            let db = ctx.open()?;
            let rows = crate::maint::measure::completion(db.conn(), since, until)?;
            args::listing(ctx, crate::maint::measure::COMPLETION_COLUMNS, None, |each| {
                rows.into_iter().try_for_each(each)
            })
        }
        Cmd::Parts { within, list } => {
            ctx.out.note(msg::parts_deprecated());
            let db = ctx.open()?;
            let rows = crate::maint::measure::parts(db.conn(), &Window::within(ctx.clock.now(), within))?;
            args::listing(ctx, crate::maint::measure::PARTS_COLUMNS, Some(&list), |each| {
                rows.into_iter().try_for_each(each)
            })
        }
        Cmd::Import(a) => args::import::<crate::maint::archive::MaintRecord>(ctx, &a),
        Cmd::Export(a) => args::export::<crate::maint::archive::MaintRecord>(ctx, &a),
    }
}

/// `svc maint show V`: the visit as recorded (as signed, once the customer signed), like
/// `svc repair show`: its fields, the checklist results, the parts used and its history.
fn show(ctx: &Ctx, code: &str, redact: args::Redact) -> Result<i32> {
    let db = ctx.open()?;
    let printed = report::printable(db.conn(), code)?;
    let (mut fields, sections) = report::record(&printed);
    let mut sections: Vec<Section> = sections;
    let timeline = super::ticket::timeline(db.conn(), "maint_visit", code)?;
    sections.push(Section { title: "timeline", headers: super::ticket::TIMELINE.to_vec(), rows: timeline });
    // The customer's person who signed.
    redact.apply(&mut fields, &mut sections, &["signed_by"]);
    ctx.out.detail(&fields, &sections)?;
    Ok(0)
}

/// Where the due list goes besides stdout: a calendar file beside it (`--ics FILE`, kept
/// from before `--format ics`), or `-o FILE` for the one output asked for.
#[derive(Default)]
struct DueOutput {
    ics: Option<PathBuf>,
    output: Option<PathBuf>,
    force: bool,
}

/// The due list: as a listing (stdout or `-o FILE`), or as a calendar (`--format ics`,
/// or an `-o` name ending in `.ics`), and with `--ics FILE` the calendar beside the listing.
fn due(ctx: &Ctx, window: Window, f: Filter, overdue: bool, to: DueOutput, list: ListArgs) -> Result<i32> {
    use crate::exchange::sink::{Dest, OutFormat, Sink, SinkOpts};
    let by_name = to.output.as_deref().and_then(|p| {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "ics" {
            Some(OutFormat::Ics)
        } else {
            crate::exchange::Format::from_path(p).map(OutFormat::from)
        }
    });
    let format = ctx.global.format.or(by_name);
    if format == Some(OutFormat::Ics) && to.ics.is_some() {
        return Err(Error::Msg(Kind::Usage, msg::ics_two_files()));
    }
    if to.output.is_some() && format.is_none_or(OutFormat::for_people) {
        return Err(Error::Msg(Kind::Usage, msg::output_without_file_format()));
    }
    let db = ctx.open()?.reading(crate::db::Reads::Listing)?;
    let filter = DueFilter { province: f.province, technician: f.technician, customer: f.customer, overdue };
    let rows = schedule::due(db.conn(), &window, &filter)?;
    let limit = list.limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    if format == Some(OutFormat::Ics) {
        // A calendar of the trips the listing would print (the same --limit on its rows).
        let rows = &rows[..rows.len().min(limit)];
        let text = crate::maint::calendar::ics(rows, window.today, window.now);
        match &to.output {
            Some(file) => crate::safe_output::write(file, text.as_bytes(), to.force)?,
            None => {
                use std::io::Write;
                std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("cannot write output", e))?;
            }
        }
        return Ok(list.exit(rows.len() as u64));
    }
    if let Some(file) = &to.ics {
        let text = crate::maint::calendar::ics(&rows, window.today, window.now);
        crate::safe_output::write(file, text.as_bytes(), to.force)?;
    }
    // The rows' cells are moved into the sink as they are (`DueRow::into_cells`), not
    // serialized to a JSON object and looked up by name per row (`args::listing`).
    let mut sink = match (&to.output, format) {
        (Some(file), Some(format)) => {
            let opts = SinkOpts {
                bom: list.bom,
                encoding: list.encoding.unwrap_or(crate::exchange::encoding::Encoding::Utf8),
                header_when_empty: true,
                ..SinkOpts::listing(format, false)
            };
            Sink::new(Dest::to(Some(file), to.force), schedule::DUE_COLUMNS, &[], opts)?
        }
        _ => ctx.out.listing(schedule::DUE_COLUMNS)?,
    };
    let mut cells = Vec::new();
    for row in rows.into_iter().take(limit) {
        row.cells_into(&mut cells);
        sink.row(&cells)?;
    }
    let printed = sink.finish()?;
    Ok(list.exit(printed))
}

fn run_plan(ctx: &Ctx, cmd: PlanCmd) -> Result<i32> {
    match cmd {
        PlanCmd::Import { file } => {
            let text = read_file(&file)?;
            let name = file.display().to_string();
            let mut db = ctx.open()?;
            let done = db.write(|tx| plan::import(tx, &name, &text))?;
            if done.new {
                ctx.out.note(msg::plan_imported(&done.code, done.version, done.devices));
            } else {
                ctx.out.note(msg::plan_unchanged(&done.code, done.version, done.devices));
            }
            args::print_code(&done.code)
        }
        PlanCmd::List => {
            let db = ctx.open()?;
            args::listing(ctx, plan::LIST_COLUMNS, None, |each| plan::list(db.conn(), each))
        }
        PlanCmd::Show { code, version } => {
            let db = ctx.open()?;
            let p = plan::get(db.conn(), &code, version)?;
            let fields = vec![
                ("code", json!(p.code)),
                ("version", json!(p.version)),
                ("name", json!(p.name)),
                ("models", json!(p.models.join(", "))),
                ("interval", json!(plan::interval_text(p.interval_months, p.interval_meter, p.meter_unit.as_deref()))),
                ("risk", json!(p.risk)),
                ("grace_days", json!(plan::grace_days(&p.risk))),
                ("hours", json!(crate::maint::hours_text(p.hours_tenths))),
                ("checklist", json!(p.checklist.code)),
                ("standard", json!(p.checklist.standard)),
                ("sha256", json!(p.sha256)),
                ("added_at", json!(crate::clock::show_local(&p.added_at))),
            ];
            // The checklist is a repair protocol: shown as `svc repair protocol show` shows one.
            let items = p.checklist.item_rows();
            let parts = p.parts.iter().map(|l| vec![json!(l.part_no), json!(l.qty)]).collect();
            ctx.out.detail(
                &fields,
                &[
                    Section {
                        title: "checklist",
                        headers: crate::repair::inspection::Protocol::ITEM_COLUMNS.to_vec(),
                        rows: items,
                    },
                    Section { title: "parts", headers: vec!["part_no", "qty"], rows: parts },
                ],
            )?;
            Ok(0)
        }
        PlanCmd::Versions { code } => {
            let db = ctx.open()?;
            let columns = &["version", "added_at", "sha256", "visits"];
            let mut sink = ctx.out.listing(columns)?;
            for (version, at, sha, visits) in plan::versions(db.conn(), &code)? {
                sink.row(&[json!(version), json!(crate::clock::show_local(&at)), json!(sha), json!(visits)])?;
            }
            sink.finish()?;
            Ok(0)
        }
    }
}

fn run_contract(ctx: &Ctx, cmd: ContractCmd) -> Result<i32> {
    match cmd {
        ContractCmd::Add { code, customer, starts_on, ends_on, coverage, equipment, technician, note } => {
            let c = NewContract {
                code,
                customer,
                starts_on: day(&starts_on, "--starts-on")?,
                ends_on: day(&ends_on, "--ends-on")?,
                coverage,
                equipment,
                technician,
                note,
            };
            let mut db = ctx.open()?;
            let code = db.write(|tx| contract::add(tx, &c))?;
            args::print_code(&code)
        }
        ContractCmd::List { customer, ending_within, list } => {
            let db = ctx.open()?;
            let today = ctx.clock.today();
            let ending_by = ending_within.map(|d| add_days(today, d));
            args::listing(ctx, contract::CONTRACT_COLUMNS, Some(&list), |each| {
                contract::list(db.conn(), today, customer.as_deref(), ending_by, each)
            })
        }
    }
}

/// The example plans the demo imports, bundled in the binary.
const DEMO_PLANS: &[(&str, &str)] = &[
    ("patient-monitor.yaml", include_str!("../../examples/maintenance/patient-monitor.yaml")),
    ("ventilator.yaml", include_str!("../../examples/maintenance/ventilator.yaml")),
    ("infusion-pump.yaml", include_str!("../../examples/maintenance/infusion-pump.yaml")),
];

/// `svc demo`: the example maintenance plans, and one maintenance visit to monitor
/// 00012345 yesterday (its checklist passed, a battery pack replaced from stock), signed
/// by the customer.
pub fn demo_build(ctx: &Ctx, db: &mut crate::db::Db) -> Result<()> {
    let yesterday = ctx.clock.now() - chrono::Duration::days(1);
    let code = db.write(|tx| {
        for (name, text) in DEMO_PLANS {
            plan::import(tx, name, text)?;
        }
        let values = [
            ("visual", "pass"),
            ("pe_resistance", "0.12"),
            ("leakage_equipment", "180"),
            ("leakage_applied", "20"),
            ("alarms", "pass"),
            ("spo2_error", "1"),
            ("nibp_error", "2"),
        ];
        let v = NewVisit {
            equipment: "00012345".into(),
            plan: "PM-MONITOR".into(),
            by: "E002".into(),
            values: values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            parts: vec![LineArg::parse("0205:1", "PARTNO:QTY[:LOT]", 1)?],
            from: None,
            hours: Some("1.5".into()),
            meter: None,
            note: None,
            at: Some(yesterday),
        };
        let done = visit::record(tx, &v)?;
        report::sign(tx, &done.code, "王主任", "signature", Some(yesterday))?;
        Ok(done.code)
    })?;
    ctx.out.note(msg::demo_done(&code));
    Ok(())
}

/// `svc demo`: what falls due in the next 30 days, one trip per customer (`svc maint
/// due`), and the report of the latest visit, the demo's (`svc maint show --print`).
pub fn demo_show(db: &crate::db::Db, ctx: &Ctx, out: &crate::output::Out) -> Result<()> {
    use crate::exchange::sink::OutFormat;
    use std::io::Write;
    let table = out.format == OutFormat::Table;
    if table {
        println!("\n== {}", msg::demo_due());
    }
    let rows = schedule::due(db.conn(), &Window::within(ctx.clock.now(), 30), &DueFilter::default())?;
    let mut sink = out.listing(schedule::DUE_COLUMNS)?;
    for r in rows {
        sink.row(&r.into_cells())?;
    }
    sink.finish()?;
    let latest = visit::latest(db.conn())?;
    if let (true, Some(visit)) = (table, latest) {
        println!("\n== {}", msg::demo_report(&visit));
        let doc = report::printable(db.conn(), &visit)?;
        let text = crate::documents::render(&doc, None, crate::clock::display_zone())?;
        std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("cannot write output", e))?;
    }
    Ok(())
}

/// What a recorded visit found, on stderr; its code on stdout.
fn recorded(ctx: &Ctx, done: visit::Recorded) -> Result<i32> {
    if done.passed {
        ctx.out.note(msg::visit_passed(&done.code, done.next_due.unwrap_or_default()));
    } else {
        let failed: Vec<String> = done.failed.iter().map(|j| format!("{}={} ({})", j.key, j.value, j.limits)).collect();
        ctx.out.note(msg::visit_failed(&done.code, failed.join(", "), done.ticket.unwrap_or_default()));
    }
    args::print_code(&done.code)
}
