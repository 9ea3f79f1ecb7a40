//! `svc training ...` (R2.2): training and exchange events, attendance with exams and
//! the certificates they earn, required training and who is due; `svc appraisal ...`
//! (R2.3): appraisal runs computed from the records. Rules live in `crate::training`
//! and `crate::appraisal`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::Value;

use super::args::{self, ColumnFlags, ExportArgs, ImportArgs, ListArgs, NewKey, StaffBy};
use super::Ctx;
use crate::appraisal;
use crate::due::Window;
use crate::error::Result;
use crate::exchange::{Fields, Record};
use crate::output::Section;
use crate::records;
use crate::training::{self, customer, ladder, msg, rules, Attendance, Training};
use crate::words::catalogue::word;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Record a training or exchange event; prints its code
    #[command(
        after_help = "Example:\n  svc training add --title 'PM-9000 维修培训' --kind manufacturer --topics 'model:PM-9000;troubleshooting' --starts-on 2026-03-02 --ends-on 2026-03-03 --hours 16 --trainer 迈瑞培训中心"
    )]
    Add(Add),
    /// Record that a staff member attended: hours, exam, the certificate earned
    #[command(
        after_help = "Example:\n  svc training attend TRN-000001 E002 --score 92 --passed true --certificate-type 'PM-9000 维修资格' --certificate-number MR-2026-017 --certificate-expires 2029-03-02"
    )]
    Attend(Attend),
    /// List trainings and exchanges, earliest first
    #[command(after_help = "Example:\n  svc training list --kind exchange --since 2026-01-01")]
    List(List),
    /// Show a training with its attendance
    #[command(after_help = "Example:\n  svc training show TRN-000001")]
    Show {
        /// The training's code
        code: String,
    },
    /// Import trainings from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc training import trainings.csv")]
    Import(ImportArgs),
    /// Export trainings
    #[command(after_help = "Example:\n  svc training export -o trainings.csv")]
    Export(ExportArgs),
    /// Attendance: import and export (a certificate earned is recorded on import too)
    #[command(subcommand, after_help = "Example:\n  svc training attendance import attendance.csv")]
    Attendance(AttendanceCmd),
    /// Require a training of every active staff member of a role, once or every period
    #[command(
        after_help = "Example:\n  svc training require --role technician --topic safe-operation --every 12m\n  svc training require --role technician --model PM-9000"
    )]
    Require(Require),
    /// The rules of required training
    #[command(after_help = "Example:\n  svc training rules")]
    Rules(ListArgs),
    /// Who is missing or due for required training (the cron job)
    #[command(
        after_help = "Example (cron, mails only when someone is due):\n  svc training due --within 30d --exit-code"
    )]
    Due(Due),
    /// Plan a training of a customer's staff on a model (R5.2.1, R5.2.2); prints its code
    #[command(
        after_help = "Example:\n  svc training plan --customer C0001 --topic operation --model PM-9000 --mode onsite --due 2026-04-15"
    )]
    Plan(PlanArgs),
    /// Customer training plans, the earliest due first (the cron job: --due-within 7d --exit-code)
    #[command(
        after_help = "Example:\n  svc training plans --due-within 14d --exit-code\n  svc training plans --missing"
    )]
    Plans(Plans),
    /// Record a held session of a customer training plan; prints its code
    #[command(
        after_help = "Example:\n  svc training session CTP-000001 --trainer E002 --on 2026-04-10 --hours 3 --attendee 王建国 --attendee 赵敏 --material KB-000001"
    )]
    Session(SessionArgs),
    /// Customer training sessions, one row per attendee with the score (--redact masks names)
    #[command(after_help = "Example:\n  svc training sessions --plan CTP-000001 --redact")]
    Sessions(Sessions),
    /// Attendees' scores and feedback from the questionnaire (R5.2.3): import and export
    #[command(subcommand, after_help = "Example:\n  svc training scores import questionnaire.csv --rejects bad.csv")]
    Scores(ScoresCmd),
    /// Evaluate a held plan (R5.2.3): the trainer's notes and the improvements decided
    #[command(
        after_help = "Example:\n  svc training evaluate CTP-000001 --by E002 --notes '报警设置掌握较慢' --improvements '增加报警演示'"
    )]
    Evaluate(EvaluateArgs),
}

#[derive(Debug, Subcommand)]
pub enum ScoresCmd {
    /// Import a questionnaire (session,attendee,score,feedback): each score once
    #[command(after_help = "Example:\n  svc training scores import questionnaire.csv --dry-run --rejects bad.csv")]
    Import(ImportArgs),
    /// Export the scores recorded (--redact masks the attendees' names)
    #[command(after_help = "Example:\n  svc training scores export -o scores.csv --redact")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The customer whose staff are trained
    #[arg(long)]
    customer: String,
    /// What is taught
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(customer::TOPICS))]
    topic: String,
    /// The model (as the equipment catalogue writes it)
    #[arg(long)]
    model: String,
    /// On site, at the training centre (central) or online
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(customer::MODES))]
    mode: String,
    /// The day by which it is held and evaluated (YYYY-MM-DD)
    #[arg(long, value_name = "DAY")]
    due: NaiveDate,
}

#[derive(Debug, clap::Args)]
pub struct Plans {
    /// Only plans not yet evaluated that fall due within this span (overdue included): 14d, 2w
    #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg, conflicts_with = "missing")]
    due_within: Option<i64>,
    /// Instead: customers with equipment of a model but no operation training planned for it
    #[arg(long)]
    missing: bool,
    /// Only this customer's plans
    #[arg(long, conflicts_with = "missing")]
    customer: Option<String>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct SessionArgs {
    /// The plan held
    plan: String,
    /// The trainer (staff code)
    #[arg(long, value_name = "STAFF")]
    trainer: String,
    /// The day it was held [default: today]
    #[arg(long, value_name = "DAY")]
    on: Option<NaiveDate>,
    /// Hours, e.g. 3 or 2.5
    #[arg(long)]
    hours: String,
    /// A person of the customer's who attended (repeat, or join names by commas)
    #[arg(long, value_name = "NAME", required = true)]
    attendee: Vec<String>,
    /// A kb article used as material (repeat, or join codes by commas)
    #[arg(long, value_name = "KB")]
    material: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct Sessions {
    /// Only this plan's sessions
    #[arg(long)]
    plan: Option<String>,
    /// Mask the attendees' names (personal data, R8.1.2)
    #[arg(long)]
    redact: bool,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// The plan evaluated
    plan: String,
    #[command(flatten)]
    by: StaffBy,
    /// The trainer's notes on how it went
    #[arg(long)]
    notes: String,
    /// The improvements decided for the next training
    #[arg(long)]
    improvements: String,
    /// The day of the evaluation [default: today]
    #[arg(long, value_name = "DAY")]
    on: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum AttendanceCmd {
    /// Import attendance (training_code,staff_code,hours,score,passed,certificate_type,...)
    #[command(after_help = "Example:\n  svc training attendance import attendance.csv --rejects bad.csv")]
    Import(ImportArgs),
    /// Export attendance
    #[command(after_help = "Example:\n  svc training attendance export -o attendance.csv")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The training's code [default: the next TRN-000001]
    #[arg(long)]
    code: Option<String>,
    #[command(flatten)]
    columns: ColumnFlags<Training>,
}

#[derive(Debug, clap::Args)]
pub struct Attend {
    /// The training's code
    training: String,
    /// The staff member who attended
    staff: String,
    #[command(flatten)]
    columns: ColumnFlags<Attendance>,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only events of this kind
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(training::KINDS))]
    kind: Option<String>,
    /// Only events on this topic (safe-operation, model:PM-9000, ...)
    #[arg(long)]
    topic: Option<String>,
    #[command(flatten)]
    period: super::Period,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct Require {
    /// The role whose active staff need it
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::staff::ROLES))]
    role: String,
    /// The topic required (safe-operation, troubleshooting, new-technology, ...)
    #[arg(long, required_unless_present = "model", conflicts_with = "model")]
    topic: Option<String>,
    /// The model whose training is required of whoever services it (the topic model:M)
    #[arg(long)]
    model: Option<String>,
    /// Again every period after the last training: 12m, 6m, 1y [default: once]
    #[arg(long, value_name = "PERIOD")]
    every: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Due {
    /// Also what falls due within this span: 30d, 8w, 3m [default: only missing and overdue]
    #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg)]
    within: Option<i64>,
    /// Only this staff member
    #[arg(long)]
    staff: Option<String>,
    /// Everyone under every rule, those in order too
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    list: ListArgs,
}

const ATTENDANCE_COLUMNS: &[&str] =
    &["staff_code", "hours", "score", "passed", "certificate_type", "certificate_number", "certificate_expires"];

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add(a) => {
            args::add::<Training>(ctx, NewKey::Optional(a.code.as_deref(), training::new_code), &[], &a.columns.given)
        }
        Cmd::Attend(a) => {
            let mut db = ctx.open()?;
            let mut fields = Fields::new(Attendance::COLUMNS);
            fields.set("training_code", &a.training);
            fields.set("staff_code", &a.staff);
            for (column, value) in &a.columns.given {
                fields.set(column, value.as_deref().unwrap_or(""));
            }
            db.write(|tx| records::add::<Attendance>(tx, &fields))?;
            ctx.out.note(msg::training_attendance_summary(&a.staff, &a.training));
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let topic = l.topic.as_deref().map(training::topic);
            // Events are kept by day: a day from --since on, through the day of --until.
            let (since, until) = l.period.days();
            args::listing(ctx, Training::COLUMNS, Some(&l.list), |each| {
                training::list(
                    db.conn(),
                    l.kind.as_deref(),
                    topic.as_deref(),
                    (since.as_deref(), until.as_deref()),
                    &mut |t| each(t),
                )
            })
        }
        Cmd::Show { code } => {
            let db = ctx.open()?;
            let (_, t) = records::get::<Training>(db.conn(), &code)?;
            let mut rows = Vec::new();
            training::attendances(db.conn(), Some(&code), None, &mut |a| {
                rows.push(crate::output::row_of(ATTENDANCE_COLUMNS, &a));
                Ok(())
            })?;
            let fields: Vec<(&str, Value)> = Training::COLUMNS.iter().copied().zip(t.to_row()).collect();
            ctx.out.detail(&fields, &[Section { title: "attendance", headers: ATTENDANCE_COLUMNS.to_vec(), rows }])?;
            Ok(0)
        }
        Cmd::Import(a) => args::import::<Training>(ctx, &a),
        Cmd::Export(a) => args::export::<Training>(ctx, &a),
        Cmd::Attendance(AttendanceCmd::Import(a)) => args::import::<Attendance>(ctx, &a),
        Cmd::Attendance(AttendanceCmd::Export(a)) => args::export::<Attendance>(ctx, &a),
        Cmd::Require(r) => {
            let every = r.every.as_deref().map(rules::parse_every).transpose()?;
            let topic = match (&r.topic, &r.model) {
                (_, Some(model)) => format!("model:{}", model.trim()),
                (Some(t), None) => t.clone(),
                (None, None) => String::new(),
            };
            let today = ctx.clock.today();
            let mut db = ctx.open()?;
            let code = db.write(|tx| rules::require(tx, &r.role.to_lowercase(), &topic, every, today))?;
            args::print_code(&code)
        }
        Cmd::Rules(list) => {
            let db = ctx.open()?;
            args::listing(ctx, rules::RULE_COLUMNS, Some(&list), |each| rules::list(db.conn(), &mut |r| each(r)))
        }
        Cmd::Due(d) => {
            let db = ctx.open()?;
            if let Some(s) = &d.staff {
                records::get::<crate::staff::Staff>(db.conn(), s)?;
            }
            let window = Window::within(ctx.clock.now(), d.within.unwrap_or(0));
            let within = d.within.is_some();
            args::listing(ctx, rules::STANDING_COLUMNS, Some(&d.list), |each| {
                rules::standings(db.conn(), &window, d.staff.as_deref(), None, &mut |s| {
                    // Without --within: what is missing or overdue; due today counts.
                    let due_now = s.state == "missing"
                        || s.state == "overdue"
                        || (s.state == "due" && (within || s.days_late == Some(0)));
                    if d.all || due_now {
                        each(s)?;
                    }
                    Ok(())
                })
            })
        }
        Cmd::Plan(p) => {
            let mut db = ctx.open()?;
            let plan =
                customer::NewPlan { customer: p.customer, topic: p.topic, model: p.model, mode: p.mode, due_on: p.due };
            args::created(&mut db, |tx| customer::plan(tx, &plan))
        }
        Cmd::Plans(p) => {
            let db = ctx.open()?;
            if p.missing {
                return args::listing(ctx, customer::MISSING_COLUMNS, Some(&p.list), |each| {
                    customer::missing(db.conn(), &mut |m| each(m))
                });
            }
            let due_by = p.due_within.map(|days| Window::within(ctx.clock.now(), days).last_day_text());
            let filter = customer::Filter { customer: p.customer, due_by };
            args::listing(ctx, customer::PLAN_COLUMNS, Some(&p.list), |each| {
                customer::plans(db.conn(), &filter, &mut |plan| each(plan))
            })
        }
        Cmd::Session(s) => {
            let mut db = ctx.open()?;
            let session = customer::NewSession {
                plan: s.plan,
                trainer: s.trainer,
                day: s.on.unwrap_or_else(|| ctx.clock.today()),
                hours: s.hours,
                attendees: s.attendee,
                materials: s.material,
            };
            args::created(&mut db, |tx| customer::session(tx, &session))
        }
        Cmd::Sessions(s) => {
            let db = ctx.open()?;
            args::listing(ctx, customer::ATTENDEE_COLUMNS, Some(&s.list), |each| {
                customer::attendees(db.conn(), s.plan.as_deref(), &mut |mut a| {
                    if s.redact {
                        a.attendee = redact_name(&a.attendee);
                    }
                    each(a)
                })
            })
        }
        Cmd::Scores(ScoresCmd::Import(a)) => args::import::<customer::Score>(ctx, &a),
        Cmd::Scores(ScoresCmd::Export(a)) => args::export::<customer::Score>(ctx, &a),
        Cmd::Evaluate(e) => {
            let mut db = ctx.open()?;
            let evaluation = customer::Evaluation {
                plan: e.plan.clone(),
                by: e.by.by,
                day: e.on.unwrap_or_else(|| ctx.clock.today()),
                notes: e.notes,
                improvements: e.improvements,
            };
            db.write(|tx| customer::evaluate(tx, &evaluation))?;
            ctx.out.note(msg::ctrain_evaluated(&e.plan));
            Ok(0)
        }
    }
}

/// An attendee's name masked as a customer's contact is (R8.1.2).
fn redact_name(name: &str) -> String {
    match crate::exchange::sink::redact_as(customer::PERSONAL[0], &Value::from(name)) {
        Value::String(s) => s,
        _ => String::new(),
    }
}

/// `svc staff promote`: a promotion along the ladder (R2.2.3).
pub fn promote(
    ctx: &Ctx,
    staff: &str,
    to: &str,
    reason: &str,
    by: &str,
    on: Option<NaiveDate>,
    file: Option<&PathBuf>,
) -> Result<i32> {
    let grades = read_ladder(file)?;
    let day = on.unwrap_or_else(|| ctx.clock.today());
    let mut db = ctx.open()?;
    db.write(|tx| ladder::promote(tx, &grades, staff, to, reason, by, day))?;
    ctx.out.note(msg::training_promoted(staff, to, day.to_string()));
    Ok(0)
}

/// `svc staff ladder`: each person's grade, time in grade and the next grade's criteria.
pub fn show_ladder(ctx: &Ctx, eligible: bool, file: Option<&PathBuf>, list: &ListArgs) -> Result<i32> {
    let grades = read_ladder(file)?;
    let db = ctx.open()?;
    let rungs = ladder::ladder(db.conn(), &grades, ctx.clock.today())?;
    args::listing(ctx, ladder::RUNG_COLUMNS, Some(list), |each| {
        for r in rungs.into_iter().filter(|r| !eligible || r.eligible) {
            each(r)?;
        }
        Ok(())
    })
}

fn read_ladder(file: Option<&PathBuf>) -> Result<Vec<ladder::Grade>> {
    match file {
        None => Ok(ladder::default()),
        Some(path) => {
            let name = path.display().to_string();
            let text = crate::safe_input::text(path, crate::safe_input::too_long)?;
            ladder::parse(&name, &text)
        }
    }
}

/// The sections `svc staff show` adds for the team (R2.2): trainings and exchanges,
/// hours this year, promotions.
pub fn staff_sections(ctx: &Ctx, db: &crate::db::Db, code: &str) -> Result<Vec<Section>> {
    let attended = training::attended(db.conn(), code)?;
    let year = ctx.clock.today().format("%Y").to_string();
    let this_year: i64 =
        attended.iter().filter(|a| a.day.starts_with(&year)).map(|a| training::tenths(&a.hours).unwrap_or(0)).sum();
    let (exchanges, courses): (Vec<_>, Vec<_>) = attended.into_iter().partition(|a| a.kind == training::EXCHANGE);
    let rows =
        |v: Vec<training::Attended>| v.iter().map(|a| crate::output::row_of(training::ATTENDED_COLUMNS, a)).collect();
    Ok(vec![
        Section {
            title: "training_hours_this_year",
            headers: vec!["year", "hours"],
            rows: vec![vec![Value::from(year), Value::from(training::show_tenths(this_year))]],
        },
        Section { title: "trainings", headers: training::ATTENDED_COLUMNS.to_vec(), rows: rows(courses) },
        Section { title: "exchanges", headers: training::ATTENDED_COLUMNS.to_vec(), rows: rows(exchanges) },
        Section {
            title: "promotions",
            headers: vec!["on_day", "grade", "reason", "by"],
            rows: ladder::promotions(db.conn(), code)?,
        },
    ])
}

#[derive(Debug, Subcommand)]
pub enum AppraisalCmd {
    /// Compute a draft appraisal of every active staff member over a period; prints its code
    #[command(
        after_help = "Example:\n  svc appraisal run --period 2026-Q1\n  svc appraisal run --period 2026-Q1 --corrects AP-000001"
    )]
    Run {
        /// A quarter (2026-Q3), a month (2026-09) or a year (2026)
        #[arg(long)]
        period: String,
        /// The confirmed run this one corrects
        #[arg(long, value_name = "RUN")]
        corrects: Option<String>,
    },
    /// The runs, drafts and confirmed
    #[command(after_help = "Example:\n  svc appraisal list")]
    List(ListArgs),
    /// A run's figures, one row per person; with --staff, each figure with its numerator and denominator
    #[command(
        after_help = "Example:\n  svc appraisal show AP-000001 --format md\n  svc appraisal show AP-000001 --staff E002"
    )]
    Show {
        /// The run's code
        run: String,
        /// Only this staff member, figure by figure
        #[arg(long)]
        staff: Option<String>,
    },
    /// Confirm a draft: from then on it never changes
    #[command(after_help = "Example:\n  svc appraisal confirm AP-000001 --by E005")]
    Confirm {
        /// The run's code
        run: String,
        #[command(flatten)]
        by: StaffBy,
    },
    /// The manager's comment on one person, while the run is a draft
    #[command(after_help = "Example:\n  svc appraisal comment AP-000001 --staff E002 --text '响应及时，返修率需改进'")]
    Comment {
        /// The run's code
        run: String,
        /// The staff member commented on
        #[arg(long)]
        staff: String,
        /// The comment
        #[arg(long)]
        text: String,
    },
    /// The person's acknowledgement of their confirmed appraisal
    #[command(after_help = "Example:\n  svc appraisal ack AP-000001 --staff E002")]
    Ack {
        /// The run's code
        run: String,
        /// The staff member acknowledging their appraisal
        #[arg(long)]
        staff: String,
    },
}

const FIGURE_COLUMNS: &[&str] = &["figure", "value", "numerator", "denominator", "definition"];

/// One person's figures, each with what it counts (docs/training.md defines them).
fn figure_rows(l: &appraisal::Line) -> Vec<Vec<Value>> {
    let f = &l.figures;
    let pct = |r: &appraisal::Ratio| r.percent().map(|p| format!("{p:.1}%"));
    let row = |name: &str, value: Option<String>, num: Value, den: Value, def: &str| {
        vec![Value::from(name), value.map(Value::from).unwrap_or(Value::Null), num, den, Value::from(def)]
    };
    vec![
        row(
            "tickets",
            Some(f.tickets.to_string()),
            Value::from(f.tickets),
            Value::Null,
            "tickets assigned to them, opened in the period",
        ),
        row(
            "response_in_sla",
            pct(&f.response_in_sla),
            Value::from(f.response_in_sla.kept),
            Value::from(f.response_in_sla.of),
            "of those answered, first response within the SLA target",
        ),
        row(
            "repairs",
            Some(f.repairs.to_string()),
            Value::from(f.repairs),
            Value::Null,
            "repairs signed in the period whose latest report they wrote (no report: their ticket's)",
        ),
        row(
            "mean_hours_to_repair",
            f.mean_hours(),
            Value::from(training::show_tenths(f.repair_tenths)),
            Value::from(f.repairs),
            "hours from opening to signature, over those repairs",
        ),
        row(
            "first_time_fix",
            pct(&f.first_time_fix),
            Value::from(f.first_time_fix.kept),
            Value::from(f.first_time_fix.of),
            "of those repairs, no other repair of the device opened within the repeat window after signing",
        ),
        row(
            "inspection_first_pass",
            pct(&f.inspection_first_pass),
            Value::from(f.inspection_first_pass.kept),
            Value::from(f.inspection_first_pass.of),
            "of those repairs inspected, the first inspection passed",
        ),
        row(
            "satisfaction",
            f.mean_satisfaction(),
            Value::from(f.satisfaction.kept),
            Value::from(f.satisfaction.of),
            "follow-up satisfaction (1-5) on those repairs: sum over answers",
        ),
        row(
            "nps",
            f.nps().map(|n| n.to_string()),
            Value::from(f.promoters - f.detractors),
            Value::from(f.nps_answers),
            "promoters (9-10) less detractors (0-6), per 100 answers",
        ),
        row(
            "complaints",
            Some(f.complaints.to_string()),
            Value::from(f.complaints),
            Value::Null,
            "complaints in quality's register received in the period on a device they last repaired",
        ),
        row(
            "complaint_free",
            pct(&f.complaint_free()),
            Value::from(f.complaint_free().kept),
            Value::from(f.complaint_free().of),
            "repairs in the period less complaints in the period (not below 0), of those repairs",
        ),
        row(
            "training_hours",
            Some(training::show_tenths(f.training_tenths)),
            Value::from(training::show_tenths(f.training_tenths)),
            Value::Null,
            "hours attended at trainings starting in the period",
        ),
        row(
            "score",
            l.score.clone(),
            Value::Null,
            Value::Null,
            "weighted mean of the rates above with a denominator (settings appraisal.weight.*)",
        ),
    ]
}

pub fn appraisal(ctx: &Ctx, cmd: AppraisalCmd) -> Result<i32> {
    match cmd {
        AppraisalCmd::Run { period, corrects } => {
            let mut db = ctx.open()?;
            let (code, people) = db.write(|tx| appraisal::run(tx, &period, corrects.as_deref()))?;
            ctx.out.note(msg::appraisal_made(&code, period.trim(), people as i64));
            args::print_code(&code)
        }
        AppraisalCmd::List(list) => {
            let db = ctx.open()?;
            args::listing(ctx, appraisal::RUN_COLUMNS, Some(&list), |each| appraisal::runs(db.conn(), &mut |r| each(r)))
        }
        AppraisalCmd::Show { run, staff } => {
            let db = ctx.open()?;
            let lines = appraisal::lines(db.conn(), &run, staff.as_deref())?;
            if staff.is_some() {
                let mut sink = ctx.out.listing(FIGURE_COLUMNS)?;
                let lang = ctx.out.words_lang();
                for l in &lines {
                    for mut row in figure_rows(l) {
                        // A table says what a figure counts in the reader's language.
                        let said = row[0].as_str().and_then(|f| word(&format!("value-definition-{f}"), lang));
                        if let Some(said) = said {
                            row[4] = Value::from(said);
                        }
                        sink.row(&row)?;
                    }
                }
                sink.finish()?;
                return Ok(0);
            }
            args::listing(ctx, appraisal::LINE_COLUMNS, None, |each| {
                for l in lines {
                    each(l)?;
                }
                Ok(())
            })
        }
        AppraisalCmd::Confirm { run, by } => {
            let mut db = ctx.open()?;
            db.write(|tx| appraisal::confirm(tx, &run, &by.by))?;
            ctx.out.note(msg::appraisal_confirmed_now(&run, &by.by));
            Ok(0)
        }
        AppraisalCmd::Comment { run, staff, text } => {
            let mut db = ctx.open()?;
            db.write(|tx| appraisal::comment(tx, &run, &staff, &text))?;
            ctx.out.note(msg::appraisal_commented(&staff, &run));
            Ok(0)
        }
        AppraisalCmd::Ack { run, staff } => {
            let mut db = ctx.open()?;
            db.write(|tx| appraisal::acknowledge(tx, &run, &staff))?;
            ctx.out.note(msg::appraisal_acknowledged_now(&staff, &run));
            Ok(0)
        }
    }
}

/// `svc demo` (R2.2, R2.3): a manufacturer's course whose exam earns a certificate, an
/// industry exchange, two rules of required training, and this quarter's appraisal,
/// through the same calls the commands make.
pub fn demo_build(ctx: &Ctx, db: &mut crate::db::Db) -> Result<()> {
    use chrono::Datelike;
    let today = ctx.clock.today();
    let day = |n: i64| crate::due::add_days(today, n).to_string();
    let period = format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1);
    let code = db.write(|tx| {
        let add = |columns: &[(&str, String)]| {
            let mut f = Fields::new(Training::COLUMNS);
            for (c, v) in columns {
                f.set(c, v);
            }
            records::add::<Training>(tx, &f)
        };
        let attend = |columns: &[(&str, &str)]| {
            let mut f = Fields::new(Attendance::COLUMNS);
            for (c, v) in columns {
                f.set(c, v);
            }
            records::add::<Attendance>(tx, &f)
        };
        let course = [
            ("code", "TRN-DEMO-1".to_string()),
            ("title", "PM-9000 维修培训".to_string()),
            ("kind", "manufacturer".to_string()),
            ("topics", "model:PM-9000;troubleshooting;safe-operation".to_string()),
            ("starts_on", day(-30)),
            ("ends_on", day(-29)),
            ("hours", "16".to_string()),
            ("trainer", "迈瑞培训中心".to_string()),
        ];
        add(&course)?;
        let exchange = [
            ("code", "EX-DEMO-1".to_string()),
            ("title", "医学装备售后服务交流会".to_string()),
            ("kind", "exchange".to_string()),
            ("topics", "new-technology".to_string()),
            ("starts_on", day(-10)),
            ("hours", "6".to_string()),
            ("place", "上海".to_string()),
        ];
        add(&exchange)?;
        attend(&[
            ("training_code", "TRN-DEMO-1"),
            ("staff_code", "E002"),
            ("score", "92"),
            ("passed", "true"),
            ("certificate_type", "PM-9000 维修资格"),
            ("certificate_number", "MR-DEMO-017"),
        ])?;
        attend(&[("training_code", "EX-DEMO-1"), ("staff_code", "E001")])?;
        rules::require(tx, "technician", "safe-operation", Some(12), today)?;
        rules::require(tx, "engineer", "model:PM-9000", None, today)?;
        Ok(appraisal::run(tx, &period, None)?.0)
    })?;
    ctx.out.note(msg::training_demo(&code, &period));
    Ok(())
}

/// The demo's look at the team: who is due for training, and the appraisal.
pub fn demo_show(db: &crate::db::Db, ctx: &Ctx, out: &crate::output::Out) -> Result<()> {
    use crate::exchange::sink::OutFormat;
    if out.format == OutFormat::Table {
        println!("\n== {}", msg::training_demo_due());
    }
    let mut sink = out.listing(rules::STANDING_COLUMNS)?;
    let window = Window::within(ctx.clock.now(), 30);
    rules::standings(db.conn(), &window, None, None, &mut |s| {
        if s.state != "ok" {
            sink.row(&crate::output::row_of(rules::STANDING_COLUMNS, &s))?;
        }
        Ok(())
    })?;
    sink.finish()?;
    if out.format == OutFormat::Table {
        println!("\n== {}", msg::training_demo_appraisal());
    }
    let columns = &[
        "staff",
        "name",
        "tickets",
        "response_in_sla",
        "repairs",
        "first_time_fix",
        "inspection_first_pass",
        "satisfaction",
        "training_hours",
        "score",
    ];
    let mut sink = out.listing(columns)?;
    for l in appraisal::lines(db.conn(), "AP-000001", None)? {
        sink.row(&crate::output::row_of(columns, &l))?;
    }
    sink.finish()?;
    Ok(())
}
