//! `svc drill ...` (R6.1, R6.2): emergency plans and their versions, drills, findings
//! and the reserves the plans rely on.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::Subcommand;

use super::args::{self, At, ListArgs};
use super::Ctx;
use crate::clock::span_arg;
use crate::due::{add_days, Window};
use crate::emergency::msg as w;
use crate::emergency::plan::{self, Imported};
use crate::emergency::{self, drill, reserve};
use crate::error::{Error, Kind, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Emergency plans (应急预案): YAML documents, versioned
    #[command(
        subcommand,
        after_help = "Example:\n  svc drill plan import examples/plans/ct-down-emergency.yaml\n  svc drill plan check --exit-code"
    )]
    Plan(PlanCmd),
    /// Schedule a drill of a plan
    #[command(after_help = "Example:\n  svc drill schedule --plan EP-CT-ED --on 2026-04-15 --kind functional")]
    Schedule {
        /// The plan's code
        #[arg(long)]
        plan: String,
        /// The day of the drill
        #[arg(long, value_name = "DATE", value_parser = day_arg)]
        on: NaiveDate,
        /// Tabletop (on paper), functional (some steps for real) or full (the whole response)
        #[arg(long, default_value = "tabletop", value_parser = PossibleValuesParser::new(drill::KINDS))]
        kind: String,
    },
    /// Record a held drill: who took part, each step's minutes; findings follow from the plan's targets
    #[command(
        after_help = "Example:\n  svc drill record D-000001 --participants E001,E002,E004 --step callback=12 --step dispatch=50 \\\n      --observer E005 --result '备用CT 4小时内恢复'"
    )]
    Record {
        /// The drill's code (D-000001)
        drill: String,
        /// Staff codes of those who took part, comma-separated
        #[arg(long, value_delimiter = ',', required = true)]
        participants: Vec<String>,
        /// KEY=MINUTES: how long a step of the plan took (once per step practised)
        #[arg(long = "step", value_name = "KEY=MINUTES")]
        steps: Vec<String>,
        /// Who observed and timed the drill (staff code)
        #[arg(long, value_name = "STAFF")]
        observer: String,
        /// What came of it
        #[arg(long)]
        result: String,
        #[command(flatten)]
        at: At,
    },
    /// Evaluate a held drill: a rating, lessons, and findings of the evaluation's own
    #[command(
        after_help = "Example:\n  svc drill evaluate D-000001 --rating 4 --lesson '夜间值班电话需更新' --finding '备件库钥匙只有一把'"
    )]
    Evaluate {
        /// The drill's code (D-000001)
        drill: String,
        /// 1 (poor) to 5 (excellent)
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
        rating: i64,
        /// A lesson learned (repeat for more)
        #[arg(long)]
        lesson: Vec<String>,
        /// A finding to answer (repeat for more), besides those the timings found
        #[arg(long)]
        finding: Vec<String>,
    },
    /// Answer a drill's findings: no change of the plan is needed (not by the observer)
    #[command(
        after_help = "Example:\n  svc drill answer D-000001 --finding 2 --by E005 --note '偶发，已口头提醒'\n  (a plan revision answers them too: svc drill plan import P.yaml --reason .. --drill D-000001)"
    )]
    Answer {
        /// The drill's code (D-000001)
        drill: String,
        /// The finding's number [default: every open one]
        #[arg(long, value_name = "N")]
        finding: Option<i64>,
        /// Who decides (staff code), not the drill's observer
        #[arg(long, value_name = "STAFF")]
        by: String,
        /// Why no change is needed
        #[arg(long)]
        note: String,
    },
    /// Cancel a drill not held yet
    #[command(after_help = "Example:\n  svc drill cancel D-000002 --reason '与设备验收冲突，改期'")]
    Cancel {
        /// The drill's code (D-000001)
        drill: String,
        /// Why it is cancelled
        #[arg(long)]
        reason: String,
    },
    /// List drills
    #[command(
        after_help = "Example:\n  svc drill list --due-within 30d --exit-code\n  svc drill list --plan EP-CT-ED"
    )]
    List {
        /// Only this plan's (plan code)
        #[arg(long)]
        plan: Option<String>,
        /// Only drills in this status
        #[arg(long, value_parser = PossibleValuesParser::new(drill::FLOW.statuses))]
        status: Option<String>,
        /// Only drills still scheduled within this span from today (overdue ones included)
        #[arg(long, value_name = "SPAN", value_parser = span_arg)]
        due_within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// The drill report: plan, participants, steps against targets, findings and answers
    #[command(after_help = "Example:\n  svc drill show D-000001 --format html > D-000001.html")]
    Show {
        /// The drill's code (D-000001)
        drill: String,
    },
    /// Drill findings and their answers
    #[command(after_help = "Example:\n  svc drill findings --open --exit-code\n  svc drill findings D-000001")]
    Findings {
        /// Only this drill's (D-000001)
        drill: Option<String>,
        /// Only this plan's (plan code)
        #[arg(long)]
        plan: Option<String>,
        /// Only findings not answered yet
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Emergency reserves (应急物资) against the plans' needs
    #[command(subcommand, after_help = "Example:\n  svc drill reserve list --short --expiring-within 30d --exit-code")]
    Reserve(ReserveCmd),
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Import a plan (YAML): its first version, or the next one with --reason
    #[command(
        after_help = "Example:\n  svc drill plan import examples/plans/ct-down-emergency.yaml\n  svc drill plan import ct.yaml --reason '演练D-000001：调度时限改为30分钟' --drill D-000001"
    )]
    Import {
        /// The plan file (YAML)
        file: PathBuf,
        /// Why this version changes the plan (required from version 2 on)
        #[arg(long)]
        reason: Option<String>,
        /// The drill whose findings this revision answers
        #[arg(long, value_name = "DRILL")]
        drill: Option<String>,
    },
    /// Print a plan as imported (the latest version, or --version N)
    #[command(after_help = "Example:\n  svc drill plan show EP-CT-ED --version 1")]
    Show {
        /// The plan's code
        plan: String,
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// The lines that changed between two versions
    #[command(after_help = "Example:\n  svc drill plan diff EP-CT-ED 1 2")]
    Diff {
        /// The plan's code
        plan: String,
        /// The older version
        from: i64,
        /// The newer version
        to: i64,
    },
    /// A plan's versions, with their reasons
    #[command(after_help = "Example:\n  svc drill plan versions EP-CT-ED")]
    Versions {
        /// The plan's code
        plan: String,
    },
    /// Plans with their latest version and when they are to be drilled and reviewed
    #[command(after_help = "Example:\n  svc drill plan list --review-due --exit-code")]
    List {
        /// Only plans whose drill and review are due (drill_review_days after the last evaluated drill)
        #[arg(long)]
        review_due: bool,
        /// With --review-due: also those due within this span
        #[arg(long, value_name = "SPAN", value_parser = span_arg)]
        within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Plans that no longer hold: people who left, parts gone, reserves short or expired,
    /// findings unanswered, review overdue
    #[command(after_help = "Example:\n  svc drill plan check --exit-code")]
    Check {
        #[command(flatten)]
        list: ListArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReserveCmd {
    /// Check a reserve store: damaged and expired units are written off through the ledger,
    /// and what the plans relying on it now lack is proposed for replacement
    #[command(
        after_help = "Example:\n  svc drill reserve check --location RES/ER-KIT --by E004 --damaged PPE-N95:N2403=5 --note '季度检查'"
    )]
    Check {
        /// The reserve store (a location of the parts ledger)
        #[arg(long)]
        location: String,
        #[command(flatten)]
        by: args::StaffBy,
        /// PART[:LOT]=QTY found damaged (repeat for more); expired lots are found by their date
        #[arg(long, value_name = "PART[:LOT]=QTY")]
        damaged: Vec<String>,
        /// The filled sheet of 'svc drill reserve sheet' (csv, xlsx ...): counted and damaged per lot
        #[arg(long, value_name = "FILE", conflicts_with = "damaged")]
        from: Option<PathBuf>,
        /// What else the check found
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Write the reserve check as a sheet to count on site: every lot with the quantity the book expects
    #[command(
        after_help = "Example:\n  svc drill reserve sheet --location RES/ER-KIT -o er-kit.xlsx\n  svc drill reserve check --location RES/ER-KIT --by E004 --from er-kit.xlsx"
    )]
    Sheet {
        /// The reserve store (a location of the parts ledger)
        #[arg(long)]
        location: String,
        #[command(flatten)]
        out: args::ExportArgs,
    },
    /// Each plan's reserve items against what its reserve store holds, usable and unexpired
    #[command(
        after_help = "Example:\n  svc drill reserve list --plan EP-CT-ED\n  svc drill reserve list --short --exit-code"
    )]
    List {
        /// Only this plan's (plan code)
        #[arg(long)]
        plan: Option<String>,
        /// Only items short of what the plan needs, or holding expired units
        #[arg(long)]
        short: bool,
        /// Only items with units expiring within this span (or expired)
        #[arg(long, value_name = "SPAN", value_parser = span_arg)]
        expiring_within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
}

fn day_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::clock::parse_instant(s)
        .map(crate::clock::local_day)
        .ok_or_else(|| "use a date such as 2026-04-15".to_string())
}

/// `--step KEY=MINUTES` values.
fn timings(steps: &[String]) -> Result<Vec<(String, i64)>> {
    steps
        .iter()
        .map(|s| {
            s.split_once('=')
                .and_then(|(k, v)| Some((k.trim().to_string(), v.trim().parse::<i64>().ok()?)))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| Error::Msg(Kind::Usage, w::drill_step_not_pair(format!("{s:?}"))))
        })
        .collect()
}

fn read_file(file: &std::path::Path) -> Result<String> {
    crate::safe_input::text(file, crate::safe_input::too_long)
}

fn print(text: &str) -> Result<i32> {
    use std::io::Write;
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("cannot write output", e))?;
    Ok(0)
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Plan(p) => run_plan(ctx, p),
        Cmd::Schedule { plan, on, kind } => {
            let mut db = ctx.open()?;
            let code = db.write(|tx| drill::schedule(tx, &plan, on, &kind))?;
            args::print_code(&code)
        }
        Cmd::Record { drill: d, participants, steps, observer, result, at } => {
            let held = drill::Held {
                participants: participants.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
                timings: timings(&steps)?,
                observer,
                result,
                at: at.at,
            };
            let mut db = ctx.open()?;
            let found = db.write(|tx| drill::record(tx, &d, &held))?;
            ctx.out.note(w::drill_recorded(&d, found.len() as i64));
            for f in &found {
                ctx.out.note(format!("  {}", f.message()));
            }
            Ok(0)
        }
        Cmd::Evaluate { drill: d, rating, lesson, finding } => {
            let e = drill::Evaluation { rating, lessons: lesson, findings: finding };
            args::write(ctx, &|tx| drill::evaluate(tx, &d, &e), w::drill_evaluated(&d, rating).to_string())
        }
        Cmd::Answer { drill: d, finding, by, note } => {
            let mut db = ctx.open()?;
            let n = db.write(|tx| drill::answer(tx, &d, finding, &by, &note))?;
            ctx.out.note(w::drill_answered(&d, n as i64));
            Ok(0)
        }
        Cmd::Cancel { drill: d, reason } => {
            args::write(ctx, &|tx| drill::cancel(tx, &d, &reason), w::drill_cancelled(&d).to_string())
        }
        Cmd::List { plan, status, due_within, list } => {
            let db = ctx.open()?;
            let until = due_within.map(|d| add_days(ctx.clock.today(), d).to_string());
            let f = drill::Filter { plan, status, scheduled_until: until };
            args::listing(ctx, drill::LIST_COLUMNS, Some(&list), |each| drill::list(db.conn(), &f, each))
        }
        Cmd::Show { drill: d } => {
            let db = ctx.open()?;
            let report = drill::report(db.conn(), &d)?;
            print(&crate::documents::render(&report, ctx.global.format, crate::clock::display_zone())?)
        }
        Cmd::Findings { drill: d, plan, open, list } => {
            let db = ctx.open()?;
            let mut rows = drill::list_findings(db.conn(), d.as_deref(), plan.as_deref(), open)?;
            // The note in the reader's words in a table; csv, json and yaml in English.
            let lang = ctx.out.words_lang();
            for row in &mut rows {
                row.answer_note = row.note(lang);
            }
            args::listing(ctx, drill::FINDING_COLUMNS, Some(&list), |each| rows.into_iter().try_for_each(each))
        }
        Cmd::Reserve(ReserveCmd::Sheet { location, out }) => {
            let db = ctx.open()?;
            let rows = emergency::sheet::lines_of(db.conn(), &location)?;
            let mut sink =
                crate::exchange::sink::Sink::new(out.dest(), emergency::sheet::COLUMNS, &[], out.sink_opts(ctx)?)?;
            for r in &rows {
                sink.row(&crate::output::row_of(emergency::sheet::COLUMNS, r))?;
            }
            sink.finish()?;
            ctx.out.note(w::reserve_sheet_written(rows.len() as i64, &location));
            Ok(0)
        }
        Cmd::Reserve(ReserveCmd::Check { location, by, damaged: _, note, at, from: Some(file) }) => {
            let mut db = ctx.open()?;
            let (code, lines, proposals, location) = db.write(|tx| {
                let book = emergency::sheet::lines_of(tx.conn(), &location)?;
                let (damaged, notes) = emergency::sheet::read(&file, &location, &book)?;
                let note = note.into_iter().chain(notes).collect::<Vec<_>>();
                let note = (!note.is_empty()).then(|| note.join("; "));
                let c = reserve::Check { location: location.clone(), by: by.by.clone(), damaged, note, at: at.at };
                let (code, lines, proposals) = reserve::check(tx, &c)?;
                Ok((code, lines, proposals, c.location))
            })?;
            report_check(ctx, &code, &location, &lines, &proposals)
        }
        Cmd::Reserve(ReserveCmd::Check { location, by, damaged, note, at, from: None }) => {
            let damaged = damaged
                .iter()
                .map(|d| {
                    reserve::parse_damaged(d)
                        .ok_or_else(|| Error::Msg(Kind::Usage, w::reserve_bad_damaged(format!("{d:?}"))))
                })
                .collect::<Result<Vec<_>>>()?;
            let c = reserve::Check { location, by: by.by, damaged, note, at: at.at };
            let mut db = ctx.open()?;
            let (code, lines, proposals) = db.write(|tx| reserve::check(tx, &c))?;
            report_check(ctx, &code, &c.location, &lines, &proposals)
        }
        Cmd::Reserve(ReserveCmd::List { plan, short, expiring_within, list }) => {
            let db = ctx.open()?;
            let today = ctx.clock.today();
            let horizon = add_days(today, expiring_within.unwrap_or(0));
            let rows = reserve::list(db.conn(), plan.as_deref(), today, horizon)?;
            let rows = rows.into_iter().filter(|l| {
                let any_filter = short || expiring_within.is_some();
                !any_filter
                    || (short && (l.short > 0 || l.expired > 0))
                    || (expiring_within.is_some() && (l.expiring > 0 || l.expired > 0))
            });
            args::listing(ctx, reserve::COLUMNS, Some(&list), |each| rows.into_iter().try_for_each(each))
        }
    }
}

fn run_plan(ctx: &Ctx, cmd: PlanCmd) -> Result<i32> {
    match cmd {
        PlanCmd::Import { file, reason, drill } => {
            let text = read_file(&file)?;
            let name = file.display().to_string();
            let mut db = ctx.open()?;
            let (code, what) = db.write(|tx| plan::import(tx, &name, &text, reason.as_deref(), drill.as_deref()))?;
            ctx.out.note(match what {
                Imported::New => w::plan_imported(&code),
                Imported::Version(v) => w::plan_revised(&code, v),
                Imported::Unchanged(v) => w::plan_unchanged(&code, v),
            });
            args::print_code(&code)
        }
        PlanCmd::Show { plan: p, version } => {
            let db = ctx.open()?;
            let v = plan::version(db.conn(), &p, version)?;
            match ctx.global.format {
                Some(crate::exchange::sink::OutFormat::Json) => {
                    print(&(serde_json::to_string_pretty(&v.plan).unwrap_or_default() + "\n"))
                }
                _ => print(&v.source),
            }
        }
        PlanCmd::Diff { plan: p, from, to } => {
            let db = ctx.open()?;
            let (a, b) = (plan::version(db.conn(), &p, Some(from))?, plan::version(db.conn(), &p, Some(to))?);
            let lines = plan::diff(&plan::canonical(&a.plan), &plan::canonical(&b.plan));
            if lines.is_empty() {
                ctx.out.note(w::plan_same(&p, from, to));
                return Ok(0);
            }
            print(&(lines.join("\n") + "\n"))
        }
        PlanCmd::Versions { plan: p } => {
            let db = ctx.open()?;
            let rows = plan::versions(db.conn(), &p)?;
            args::listing(ctx, plan::VERSION_COLUMNS, None, |each| rows.into_iter().try_for_each(each))
        }
        PlanCmd::List { review_due, within, list } => {
            let db = ctx.open()?;
            let window = Window::within(ctx.clock.now(), within.unwrap_or(0));
            let rows = plan::list(db.conn())?.into_iter().filter(|p| {
                !review_due
                    || if within.is_some() {
                        window.contains(&p.review_when)
                    } else {
                        window.is_overdue(&p.review_when)
                    }
            });
            args::listing(ctx, plan::LIST_COLUMNS, Some(&list), |each| rows.into_iter().try_for_each(each))
        }
        PlanCmd::Check { list } => {
            let db = ctx.open()?;
            let window = Window::within(ctx.clock.now(), 0);
            let rows = emergency::check(db.conn(), &window, window.today)?;
            args::listing(ctx, emergency::PROBLEM_COLUMNS, Some(&list), |each| rows.into_iter().try_for_each(each))
        }
    }
}

/// `svc demo`'s emergency part (R6): the reserve items and their store, the two example
/// plans, and one activation with its call list.
pub(super) fn demo(ctx: &Ctx, db: &mut crate::db::Db, dir: &std::path::Path) -> Result<()> {
    use crate::exchange::import::{self, ImportOpts};
    const FILES: &[(&str, &str)] = &[
        ("reserve-parts.csv", include_str!("../../examples/plans/reserve-parts.csv")),
        ("reserve-stock.csv", include_str!("../../examples/plans/reserve-stock.csv")),
    ];
    const PLANS: &[(&str, &str)] = &[
        ("ct-down-emergency.yaml", include_str!("../../examples/plans/ct-down-emergency.yaml")),
        ("monitor-fleet-failure.yaml", include_str!("../../examples/plans/monitor-fleet-failure.yaml")),
    ];
    for (name, text) in FILES {
        std::fs::write(dir.join(name), text).map_err(|e| Error::io(format!("cannot write {name}"), e))?;
    }
    let mut stderr = std::io::stderr();
    ctx.out.note(import::run::<crate::parts::Part>(db, &ImportOpts::new(dir.join("reserve-parts.csv")), &mut stderr)?);
    db.write(|tx| crate::parts::location::add(tx, "RES", "ER-KIT", None, None).map(|_| ()))?;
    let stock = ImportOpts::new(dir.join("reserve-stock.csv"));
    ctx.out.note(import::run::<crate::parts::stock::OpeningStock>(db, &stock, &mut stderr)?);
    for (name, text) in PLANS {
        let (code, _) = db.write(|tx| plan::import(tx, name, text, None, None))?;
        ctx.out.note(w::plan_imported(&code));
    }
    let n = crate::emergency::incident::NewIncident {
        plan: "EP-CT-ED".into(),
        level: "I".into(),
        summary: "急诊CT球管故障，无法扫描".into(),
        ticket: None,
        customer: Some("C0003".into()),
        equipment: vec!["SN-77001".into()],
        at: None,
    };
    let (code, calls) = db.write(|tx| crate::emergency::incident::open(tx, &n))?;
    let r = crate::emergency::incident::report_of(db.conn(), &code)?;
    ctx.out.note(w::incident_opened(
        &code,
        &r.plan,
        &r.level,
        crate::clock::show_local(&r.on_site_due),
        crate::clock::show_local(&r.resolve_due),
        super::incident::every(r.report_every),
    ));
    for c in &calls {
        let phone = c.phone.clone().unwrap_or_default();
        ctx.out.note(if c.stood_in {
            w::incident_call_deputy(&c.role, &c.name, &c.staff, &c.staff_name, phone)
        } else {
            w::incident_call(&c.role, &c.name, &c.staff, &c.staff_name, phone)
        });
    }
    Ok(())
}

/// What a reserve check did: its summary, each write-off, each proposed replacement; its code on stdout.
fn report_check(
    ctx: &Ctx,
    code: &str,
    location: &str,
    lines: &[reserve::Checked],
    proposals: &[reserve::Proposal],
) -> Result<i32> {
    let off: i64 = lines.iter().map(|l| l.written_off).sum();
    ctx.out.note(w::reserve_checked(code, location, lines.len() as i64, off));
    for l in lines.iter().filter(|l| l.written_off > 0) {
        ctx.out.note(w::reserve_written_off(&l.part_no, &l.lot, l.damaged, l.expired));
    }
    for p in proposals {
        ctx.out.note(w::reserve_propose(&p.plan, &p.part_no, p.replace, p.need, p.usable));
    }
    args::print_code(code)
}
