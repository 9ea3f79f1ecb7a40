//! `svc repair ...` (R3.2–R3.5, R8.2): diagnosis to signature and follow-up.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::json;

use super::args::{self, At, ListArgs, Period, PersonBy, StaffBy, TechnicianBy};
use super::Ctx;
use crate::due::Window;
use crate::error::{Error, Kind, Result};
use crate::money::Money;
use crate::output::{row_of, Section};
use crate::parts::LineArg;
use crate::repair::inspection::{self, NewInspection};
use crate::repair::report::{self, Followup, NewReport};
use crate::repair::{self, Diagnosis, NewPlan, Visit};
use crate::words::m;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open a repair for a fault ticket; prints its code
    #[command(after_help = "Example:\n  r=$(svc repair open --ticket T-000001)")]
    Open {
        /// The fault ticket to repair (T-000001)
        #[arg(long)]
        ticket: String,
        #[command(flatten)]
        at: At,
    },
    /// Record a diagnosis (R3.2.1); a complex fault needs an on-site visit before a plan
    #[command(
        after_help = "Example:\n  svc repair diagnose R-000001 --finding '电源板无输出' --cause '保险丝熔断' --difficulty simple"
    )]
    Diagnose {
        /// The repair's code (R-000001)
        repair: String,
        /// What the technician found
        #[arg(long)]
        finding: String,
        /// The cause of the fault
        #[arg(long)]
        cause: Option<String>,
        /// How hard the fault is; a complex one needs an on-site visit before the plan
        #[arg(long, value_parser = PossibleValuesParser::new(repair::DIFFICULTIES), default_value = "simple")]
        difficulty: String,
        #[command(flatten)]
        by: TechnicianBy,
        #[command(flatten)]
        at: At,
    },
    /// Record a visit; --onsite with test tools for a complex fault (R3.2.2)
    #[command(
        after_help = "Example:\n  svc repair visit R-000001 --onsite --finding '主板供电异常' --tools '示波器, 安规测试仪'"
    )]
    Visit {
        /// The repair's code (R-000001)
        repair: String,
        /// The visit was on site (needed for a complex fault)
        #[arg(long)]
        onsite: bool,
        /// What was found on the visit
        #[arg(long)]
        finding: String,
        /// The test tools used on site
        #[arg(long)]
        tools: Option<String>,
        #[command(flatten)]
        by: TechnicianBy,
        #[command(flatten)]
        at: At,
    },
    /// Make the repair plan, version N (R3.3.1): steps, parts, labour, estimate
    #[command(
        after_help = "Example:\n  svc repair plan R-000001 --step '更换保险丝' --step '通电测试' --part 0100:2 \\\n      --labour-hours 1.5 --finish-by 2026-03-08"
    )]
    Plan {
        /// The repair's code (R-000001)
        repair: String,
        /// A repair step, once per step, in order
        #[arg(long = "step", required = true)]
        steps: Vec<String>,
        /// PARTNO:QTY, once per part to replace
        #[arg(long = "part")]
        parts: Vec<String>,
        /// Labour, hours (decimal, such as 1.5)
        #[arg(long)]
        labour_hours: String,
        /// What the customer is told [default: parts plus labour]
        #[arg(long)]
        estimate: Option<String>,
        /// Promised completion date
        #[arg(long)]
        finish_by: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Record the customer's consent to the latest plan (R3.3.2)
    #[command(after_help = "Example:\n  svc repair consent R-000001 --by 王主任 --method phone")]
    Consent {
        /// The repair's code (R-000001)
        repair: String,
        #[command(flatten)]
        by: PersonBy,
        /// How the customer consented
        #[arg(long, value_parser = PossibleValuesParser::new(repair::CONSENT_METHODS))]
        method: String,
        #[command(flatten)]
        at: At,
    },
    /// The customer declines the plan: the repair ends
    #[command(after_help = "Example:\n  svc repair decline R-000001 --reason '客户决定报废'")]
    Decline {
        /// The repair's code (R-000001)
        repair: String,
        /// Why the customer declined
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Start the work (only after consent)
    #[command(after_help = "Example:\n  svc repair start R-000001")]
    Start {
        /// The repair's code (R-000001)
        repair: String,
        #[command(flatten)]
        at: At,
    },
    /// Record a part used; beyond the consented plan is refused until a new plan is consented
    #[command(name = "use-part", after_help = "Example:\n  svc repair use-part R-000001 0100 --qty 2")]
    UsePart {
        /// The repair's code (R-000001)
        repair: String,
        /// The part number used
        part_no: String,
        /// How many were used
        #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(1..=crate::money::MAX_QTY))]
        qty: i64,
        /// The lot the part came from, when the part is tracked by lot
        #[arg(long)]
        lot: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Inspect against a protocol (R3.4.1); the verdict is computed from the values
    #[command(
        after_help = "Example:\n  svc repair inspect R-000001 --protocol ES-62353 --value visual=pass --value pe_resistance=0.12 \\\n      --value leakage_equipment=180 --value insulation=50 --value functional=pass --instrument 'Fluke ESA615 #1234'"
    )]
    Inspect {
        /// The repair's code (R-000001)
        repair: String,
        /// The inspection protocol's code
        #[arg(long)]
        protocol: String,
        /// KEY=VALUE, once per item of the protocol
        #[arg(long = "value", required = true, value_name = "KEY=VALUE")]
        values: Vec<String>,
        /// The test instrument (model and serial)
        #[arg(long)]
        instrument: Option<String>,
        #[command(flatten)]
        by: TechnicianBy,
        #[command(flatten)]
        at: At,
    },
    /// Write the service report (R3.4.2), or print it with --print
    #[command(
        after_help = "Example:\n  svc repair report R-000001 --cause '保险丝老化熔断' --process '更换F1、F2保险丝，通电测试正常' --labour-hours 1\n  svc repair report R-000001 --print --format html > R-000001.html\n  svc repair report R-000001 --print --redact"
    )]
    Report {
        /// The repair's code (R-000001)
        repair: String,
        /// The cause of the fault
        #[arg(long, required_unless_present = "print")]
        cause: Option<String>,
        /// What was done, for the report
        #[arg(long, required_unless_present = "print")]
        process: Option<String>,
        /// Repair time actually spent, hours (R8.2.1; checked against the consented estimate)
        #[arg(long, required_unless_present = "print")]
        labour_hours: Option<String>,
        #[command(flatten)]
        by: TechnicianBy,
        #[command(flatten)]
        at: At,
        /// Print the report instead, as Markdown, or --format html, json or yaml (times in UTC)
        #[arg(long, conflicts_with_all = ["cause", "process", "labour_hours", "by", "at"])]
        print: bool,
        /// With --print: a copy to share, the customer's people masked, marked 已脱敏 / redacted, no fingerprint (never the signed original)
        #[arg(long, requires = "print")]
        redact: bool,
    },
    /// The customer signs the report: repair and report are frozen from then on
    #[command(after_help = "Example:\n  svc repair sign R-000001 --by 王主任")]
    Sign {
        /// The repair's code (R-000001)
        repair: String,
        #[command(flatten)]
        by: PersonBy,
        /// How the customer signed
        #[arg(long, value_parser = PossibleValuesParser::new(repair::CONSENT_METHODS), default_value = "signature")]
        method: String,
        #[command(flatten)]
        at: At,
    },
    /// Recompute the signed report's SHA-256 and compare it with the records
    #[command(after_help = "Example:\n  svc repair verify R-000001")]
    Verify {
        /// The repair's code (R-000001)
        repair: String,
    },
    /// Add an amendment to a signed report (the report itself never changes)
    #[command(after_help = "Example:\n  svc repair amend R-000001 --note '更换件批号应为 L2409'")]
    Amend {
        /// The repair's code (R-000001)
        repair: String,
        /// The amendment, as it will stand beside the signed report
        #[arg(long)]
        note: String,
    },
    /// Record the follow-up call or visit (R3.5.1)
    #[command(
        after_help = "Example:\n  svc repair followup R-000001 --by E003 --satisfaction 5 --nps 9 --comment '响应及时'"
    )]
    Followup {
        /// The repair's code (R-000001)
        repair: String,
        #[command(flatten)]
        by: StaffBy,
        /// The customer's satisfaction, 1 (poor) to 5 (excellent)
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
        satisfaction: i64,
        /// How likely the customer is to recommend us, 0 to 10
        #[arg(long, value_parser = clap::value_parser!(i64).range(0..=10))]
        nps: Option<i64>,
        /// What the customer said
        #[arg(long)]
        comment: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Follow-ups to make: the morning cron job (silent when nothing is due)
    #[command(
        after_help = "Example:\n  svc repair followups --overdue --exit-code\n  svc repair followups --due-within 3d"
    )]
    Followups {
        /// Only those past their due day
        #[arg(long, conflicts_with = "due_within")]
        overdue: bool,
        /// Due today or within this span (and the overdue ones)
        #[arg(long, value_parser = crate::clock::span_arg, value_name = "SPAN")]
        due_within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// List repairs (--since/--until: when opened)
    #[command(after_help = "Example:\n  svc repair list --open\n  svc repair list --customer C0001 --status signed")]
    List(List),
    /// Import repair records from a legacy system (an archive, never changed)
    #[command(
        after_help = "Example:\n  svc repair import old-repairs.csv --encoding gbk --map repairs.map.yaml --rejects bad.csv"
    )]
    Import(super::args::ImportArgs),
    /// Export every repair, svc's own and archived, one flat row each
    #[command(after_help = "Example:\n  svc repair export -o repairs.csv --bom")]
    Export(super::args::ExportArgs),
    /// Show a repair: its steps, plans, parts, inspections and timeline
    #[command(after_help = "Example:\n  svc repair show R-000001")]
    Show {
        /// The repair's code (R-000001)
        repair: String,
        #[command(flatten)]
        redact: args::Redact,
    },
    /// Inspection protocols (YAML): functional checks, electrical safety
    #[command(
        subcommand,
        after_help = "Example:\n  svc repair protocol import examples/protocols/electrical-safety.yaml"
    )]
    Protocol(ProtocolCmd),
}

#[derive(Debug, Subcommand)]
pub enum ProtocolCmd {
    /// Import a protocol from YAML (a used protocol is never changed: import it under a new code)
    #[command(after_help = "Example:\n  svc repair protocol import examples/protocols/functional.yaml")]
    Import {
        /// The protocol file (YAML)
        file: PathBuf,
    },
    /// List protocols
    #[command(after_help = "Example:\n  svc repair protocol list")]
    List,
    /// Show a protocol's items and limits
    #[command(after_help = "Example:\n  svc repair protocol show ES-62353")]
    Show {
        /// The protocol's code
        code: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only repairs in this state
    #[arg(long, value_parser = PossibleValuesParser::new(repair::STATUSES))]
    status: Option<String>,
    /// Only repairs not signed or declined
    #[arg(long)]
    open: bool,
    /// Only this customer's repairs (customer code)
    #[arg(long)]
    customer: Option<String>,
    /// Serial number
    #[arg(long)]
    equipment: Option<String>,
    /// The ticket's technician (staff code)
    #[arg(long)]
    technician: Option<String>,
    #[command(flatten)]
    period: Period,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    let write = |f: &dyn Fn(&crate::db::Tx) -> Result<()>, done: String| args::write(ctx, f, done);
    match cmd {
        Cmd::Open { ticket, at: At { at } } => {
            let mut db = ctx.open()?;
            args::created(&mut db, |tx| repair::open(tx, &ticket, at))
        }
        Cmd::Diagnose { repair: r, finding, cause, difficulty, by: TechnicianBy { by }, at: At { at } } => {
            let d = Diagnosis { finding, cause, difficulty: difficulty.clone(), by, at };
            let done =
                if difficulty == "complex" { m::cli_repair_diagnosed_complex(&r) } else { m::cli_repair_diagnosed(&r) };
            write(&|tx| repair::diagnose(tx, &r, &d), done.to_string())
        }
        Cmd::Visit { repair: r, onsite, finding, tools, by: TechnicianBy { by }, at: At { at } } => {
            let v = Visit { onsite, finding, tools, by, at };
            write(&|tx| repair::visit(tx, &r, &v), m::cli_repair_visited(&r).to_string())
        }
        Cmd::Plan { repair: r, steps, parts, labour_hours, estimate, finish_by, at: At { at } } => {
            let parts = parts.iter().map(|p| LineArg::parse(p, "PARTNO:QTY", 0)).collect::<Result<Vec<_>>>()?;
            let estimate = estimate
                .map(|e| Money::parse(&e).map_err(|e| Error::invalid(m::cli_repair_bad_estimate(e.to_string()))))
                .transpose()?;
            let finish_by = finish_by
                .map(|d| {
                    crate::exchange::normalize::date(&d)
                        .map(|d| d.to_string())
                        .map_err(|e| Error::invalid(m::cli_repair_bad_finish_by(e.to_string())))
                })
                .transpose()?;
            let plan = NewPlan { steps, parts, labour_hours, estimate, finish_by, at };
            let mut db = ctx.open()?;
            let (version, parts, labour, estimate) = db.write(|tx| repair::plan(tx, &r, &plan))?;
            let (e, p, l) = (estimate.to_string(), parts.to_string(), labour.to_string());
            ctx.out.note(if estimate.0 > parts.0 + labour.0 {
                m::cli_repair_planned_other(&r, version, e, p, l, Money(estimate.0 - parts.0 - labour.0).to_string())
            } else {
                m::cli_repair_planned(&r, version, e, p, l)
            });
            Ok(0)
        }
        Cmd::Consent { repair: r, by: PersonBy { by }, method, at: At { at } } => {
            write(&|tx| repair::consent(tx, &r, &by, &method, at).map(|_| ()), m::cli_repair_consented(&r).to_string())
        }
        Cmd::Decline { repair: r, reason, at: At { at } } => {
            write(&|tx| repair::decline(tx, &r, &reason, at), m::cli_repair_declined(&r).to_string())
        }
        Cmd::Start { repair: r, at: At { at } } => {
            write(&|tx| repair::start(tx, &r, at), m::cli_repair_started(&r).to_string())
        }
        Cmd::UsePart { repair: r, part_no, qty, lot, at: At { at } } => write(
            &|tx| repair::use_part(tx, &r, &part_no, qty, lot.as_deref(), None, at),
            m::cli_repair_part_used(&r, qty, &part_no).to_string(),
        ),
        Cmd::Inspect { repair: r, protocol, values, instrument, by: TechnicianBy { by }, at: At { at } } => {
            let values = values
                .iter()
                .map(|v| {
                    v.split_once('=')
                        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                        .ok_or_else(|| Error::Msg(Kind::Usage, m::cli_repair_value_not_pair(format!("{v:?}"))))
                })
                .collect::<Result<Vec<_>>>()?;
            let i = NewInspection { protocol, values, instrument, by, at };
            let mut db = ctx.open()?;
            let (passed, judged) = db.write(|tx| inspection::inspect(tx, &r, &i))?;
            let failed: Vec<String> =
                judged.iter().filter(|j| !j.pass).map(|j| format!("{}={} ({})", j.key, j.value, j.limits)).collect();
            if passed {
                ctx.out.note(m::cli_repair_passed(&r));
            } else {
                ctx.out.note(m::cli_repair_failed(&r, failed.join(", ")));
            }
            Ok(0)
        }
        Cmd::Report {
            repair: r,
            cause,
            process,
            labour_hours,
            by: TechnicianBy { by },
            at: At { at },
            print,
            redact,
        } => {
            if print {
                let db = ctx.open()?;
                let doc = report::printable(db.conn(), &r)?;
                crate::documents::print(doc, redact, ctx.global.format, crate::clock::display_zone())?;
                return Ok(0);
            }
            let new = NewReport {
                cause: cause.unwrap_or_default(),
                process: process.unwrap_or_default(),
                labour_hours: labour_hours.unwrap_or_default(),
                by,
                at,
            };
            let mut db = ctx.open()?;
            let version = db.write(|tx| report::write(tx, &r, &new))?;
            ctx.out.note(m::cli_repair_reported(&r, version));
            Ok(0)
        }
        Cmd::Sign { repair: r, by: PersonBy { by }, method, at: At { at } } => {
            let mut db = ctx.open()?;
            let hash = db.write(|tx| report::sign(tx, &r, &by, &method, at))?;
            ctx.out.note(m::cli_repair_signed(&r, &by, &hash));
            Ok(0)
        }
        Cmd::Verify { repair: r } => {
            let db = ctx.open()?;
            let findings = report::verify(db.conn(), &r)?;
            let mut sink = ctx.out.listing(&["check", "result", "detail"])?;
            for f in &findings {
                sink.row(&[json!(f.check), json!(if f.ok { "ok" } else { "FAILED" }), json!(f.detail)])?;
            }
            sink.finish()?;
            Ok(if findings.iter().all(|f| f.ok) { 0 } else { 1 })
        }
        Cmd::Amend { repair: r, note } => {
            write(&|tx| report::amend(tx, &r, &note), m::cli_repair_amended(&r).to_string())
        }
        Cmd::Followup { repair: r, by: StaffBy { by }, satisfaction, nps, comment, at: At { at } } => {
            let f = Followup { by, satisfaction, nps, comment, at };
            write(&|tx| report::followup(tx, &r, &f), m::cli_repair_followed_up(&r).to_string())
        }
        Cmd::Followups { overdue, due_within, list } => {
            let db = ctx.open()?;
            let window = if overdue {
                Window::overdue(ctx.clock.now())
            } else {
                Window::within(ctx.clock.now(), due_within.unwrap_or(0))
            };
            args::listing(ctx, report::DUE_COLUMNS, Some(&list), |each| report::due(db.conn(), &window, each))
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let (since, until) = l.period.stored();
            let filter = repair::Filter {
                code: None,
                ticket: None,
                status: l.status,
                open: l.open,
                customer: l.customer,
                equipment: l.equipment,
                technician: l.technician,
                since,
                until,
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(repair::LIST_COLUMNS)?;
            repair::list(db.conn(), &filter, &mut |r| sink.row(&row_of(repair::LIST_COLUMNS, &r)))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Show { repair: r, redact } => show(ctx, &r, redact),
        Cmd::Import(a) => args::import::<crate::repair::archive::RepairRecord>(ctx, &a),
        Cmd::Export(a) => args::export::<crate::repair::archive::RepairRecord>(ctx, &a),
        Cmd::Protocol(cmd) => run_protocol(ctx, cmd),
    }
}

/// What `repair show --redact` masks: the registry's personal columns of a repair (the
/// customer's people who consented and signed), and the plan's `consented_by`.
const SHOW_PERSONAL: &[&str] = &["consented_by", "signed_by", "by"];

fn show(ctx: &Ctx, code: &str, redact: args::Redact) -> Result<i32> {
    let db = ctx.open()?;
    let mut head = None;
    let filter = repair::Filter { code: Some(code.to_string()), ..Default::default() };
    repair::list(db.conn(), &filter, &mut |r| {
        head = Some(r);
        Ok(())
    })?;
    let head = head.ok_or_else(|| Error::not_found(m::cli_repair_not_found(code)))?;
    let mut fields: Vec<(&str, serde_json::Value)> =
        repair::LIST_COLUMNS.iter().copied().zip(row_of(repair::LIST_COLUMNS, &head)).collect();
    let mut sections: Vec<Section> = repair::parts_of_record(db.conn(), code)?
        .into_iter()
        .map(|(title, headers, rows)| Section { title, headers, rows })
        .collect();
    let timeline = super::ticket::timeline(db.conn(), "repair", code)?;
    sections.push(Section { title: "timeline", headers: super::ticket::TIMELINE.to_vec(), rows: timeline });
    redact.apply(&mut fields, &mut sections, SHOW_PERSONAL);
    ctx.out.detail(&fields, &sections)?;
    Ok(0)
}

fn run_protocol(ctx: &Ctx, cmd: ProtocolCmd) -> Result<i32> {
    match cmd {
        ProtocolCmd::Import { file } => {
            let text = inspection::read_file(&file)?;
            let name = file.display().to_string();
            let mut db = ctx.open()?;
            let (code, changed) = db.write(|tx| inspection::import(tx, &name, &text))?;
            if changed {
                ctx.out.note(m::cli_protocol_imported(&code));
            } else {
                ctx.out.note(m::cli_protocol_unchanged(&code));
            }
            args::print_code(&code)
        }
        ProtocolCmd::List => {
            let db = ctx.open()?;
            let columns = &["code", "name", "standard", "items"];
            let mut sink = ctx.out.listing(columns)?;
            for p in inspection::list(db.conn())? {
                sink.row(&row_of(columns, &p))?;
            }
            sink.finish()?;
            Ok(0)
        }
        ProtocolCmd::Show { code } => {
            let db = ctx.open()?;
            let (_, p) = inspection::protocol(db.conn(), &code)?;
            let fields = vec![("code", json!(p.code)), ("name", json!(p.name)), ("standard", json!(p.standard))];
            let section =
                Section { title: "items", headers: inspection::Protocol::ITEM_COLUMNS.to_vec(), rows: p.item_rows() };
            ctx.out.detail(&fields, &[section])?;
            Ok(0)
        }
    }
}
