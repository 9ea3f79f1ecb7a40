//! `svc incident ...` (R6.3): activate an emergency plan, acknowledge, report progress
//! upwards, escalate, close with the downtime, review; the cron listing of what is late.

use chrono::{DateTime, Utc};
use clap::builder::PossibleValuesParser;
use clap::Subcommand;

use super::args::{self, time_arg, At, ListArgs, StaffBy};
use super::Ctx;
use crate::emergency::incident::{self, NewIncident};
use crate::emergency::msg as w;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Activate a plan at a response level: prints the incident's code; the call list on stderr
    #[command(
        after_help = "Example:\n  svc incident open --plan EP-CT-ED --level I --customer C0003 --equipment SN-77001 \\\n      --summary '急诊CT球管故障，无法扫描'"
    )]
    Open {
        /// The plan to activate (plan code)
        #[arg(long)]
        plan: String,
        /// The plan's response level (I, II, III ...)
        #[arg(long)]
        level: String,
        /// What happened
        #[arg(long)]
        summary: String,
        /// The ticket that reported it
        #[arg(long)]
        ticket: Option<String>,
        /// The customer affected
        #[arg(long)]
        customer: Option<String>,
        /// Serial numbers of the devices down (repeat for more)
        #[arg(long, value_name = "SERIAL")]
        equipment: Vec<String>,
        #[command(flatten)]
        at: At,
    },
    /// A role holder acknowledges the activation
    #[command(after_help = "Example:\n  svc incident ack IN-000001 --by E001")]
    Ack {
        /// The incident's code (IN-000001)
        incident: String,
        #[command(flatten)]
        by: StaffBy,
        #[command(flatten)]
        at: At,
    },
    /// A progress note; --on-site records the arrival on site
    #[command(after_help = "Example:\n  svc incident update IN-000001 --on-site --note '工程师到达急诊CT室'")]
    Update {
        /// The incident's code (IN-000001)
        incident: String,
        /// What happened, what was done, what comes next
        #[arg(long)]
        note: String,
        /// The response is on site (the on-site target is met)
        #[arg(long)]
        on_site: bool,
        #[command(flatten)]
        at: At,
    },
    /// A progress report to a superior (向上级汇报): the next is due one interval later
    #[command(
        after_help = "Example:\n  svc incident report IN-000001 --to '服务总监 陈静' --note '球管已到货，预计14点恢复'"
    )]
    Report {
        /// The incident's code (IN-000001)
        incident: String,
        /// To whom
        #[arg(long, value_name = "NAME")]
        to: String,
        /// What happened, what was done, what comes next
        #[arg(long)]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// Change the response level: its targets (from the activation) and reporting interval
    #[command(after_help = "Example:\n  svc incident escalate IN-000001 --level I --note '第二台CT也停机'")]
    Escalate {
        /// The incident's code (IN-000001)
        incident: String,
        /// The new response level
        #[arg(long)]
        level: String,
        /// Why
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// Close: how it was resolved and when the equipment was back in use (downtime per device)
    #[command(
        after_help = "Example:\n  svc incident close IN-000001 --resolution '更换球管，校准后恢复扫描' --restored-at '2026-03-05 15:40'"
    )]
    Close {
        /// The incident's code (IN-000001)
        incident: String,
        /// How it was resolved
        #[arg(long)]
        resolution: String,
        /// When the equipment was back in use
        #[arg(long, value_name = "TIME", value_parser = time_arg)]
        restored_at: DateTime<Utc>,
        #[command(flatten)]
        at: At,
    },
    /// The after-action review of a closed incident
    #[command(after_help = "Example:\n  svc incident review IN-000001 --by E005 --note '备用球管库存由1改为2'")]
    Review {
        /// The incident's code (IN-000001)
        incident: String,
        #[command(flatten)]
        by: StaffBy,
        /// What happened, what was done, what comes next
        #[arg(long)]
        note: String,
    },
    /// Incidents; --overdue: what is late (unacknowledged roles, reports, targets), for cron
    #[command(after_help = "Example:\n  svc incident list --overdue --exit-code   # every 15 minutes from cron")]
    List {
        /// What is late in the open incidents, instead of the incidents
        #[arg(long)]
        overdue: bool,
        /// Only incidents in this status
        #[arg(long, value_parser = PossibleValuesParser::new(incident::FLOW.statuses))]
        status: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// The incident's timeline, call list, targets and downtime (md, html, json, yaml)
    #[command(after_help = "Example:\n  svc incident show IN-000001 --format html > IN-000001.html")]
    Show {
        /// The incident's code (IN-000001)
        incident: String,
    },
}

/// An interval as plans write it: `4h`, `90m`.
/// How often the command centre is to hear from the site, in the reader's words (`1h`,
/// as a plan writes it; 1 小时 in Chinese).
pub(super) fn every(seconds: i64) -> String {
    if seconds % 3600 == 0 {
        w::every_hours(seconds / 3600).to_string()
    } else {
        w::every_minutes(seconds / 60).to_string()
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    let done = |code: &str, action: &str| w::incident_done(code, action).to_string();
    match cmd {
        Cmd::Open { plan, level, summary, ticket, customer, equipment, at } => {
            let n = NewIncident { plan, level, summary, ticket, customer, equipment, at: at.at };
            let mut db = ctx.open()?;
            let (code, calls) = db.write(|tx| incident::open(tx, &n))?;
            let r = incident::report_of(db.conn(), &code)?;
            ctx.out.note(w::incident_opened(
                &code,
                &r.plan,
                &r.level,
                crate::clock::show_local(&r.on_site_due),
                crate::clock::show_local(&r.resolve_due),
                every(r.report_every),
            ));
            for c in &calls {
                let phone = c.phone.clone().unwrap_or_default();
                ctx.out.note(if c.stood_in {
                    w::incident_call_deputy(&c.role, &c.name, &c.staff, &c.staff_name, phone)
                } else {
                    w::incident_call(&c.role, &c.name, &c.staff, &c.staff_name, phone)
                });
            }
            args::print_code(&code)
        }
        Cmd::Ack { incident: i, by, at } => {
            args::write(ctx, &|tx| incident::ack(tx, &i, &by.by, at.at), done(&i, "ack"))
        }
        Cmd::Update { incident: i, note, on_site, at } => args::write(
            ctx,
            &|tx| incident::update(tx, &i, &note, on_site, at.at),
            done(&i, if on_site { "on_site" } else { "update" }),
        ),
        Cmd::Report { incident: i, to, note, at } => {
            args::write(ctx, &|tx| incident::report(tx, &i, &to, &note, at.at), done(&i, "report"))
        }
        Cmd::Escalate { incident: i, level, note, at } => {
            args::write(ctx, &|tx| incident::escalate(tx, &i, &level, &note, at.at), done(&i, "escalate"))
        }
        Cmd::Close { incident: i, resolution, restored_at, at } => {
            let mut db = ctx.open()?;
            let downtime = db.write(|tx| incident::close(tx, &i, &resolution, restored_at, at.at))?;
            ctx.out.note(w::incident_closed(&i, downtime.len() as i64));
            for d in &downtime {
                ctx.out.note(w::incident_downtime(&d.serial, d.minutes));
            }
            Ok(0)
        }
        Cmd::Review { incident: i, by, note } => {
            args::write(ctx, &|tx| incident::review(tx, &i, &by.by, &note), done(&i, "review"))
        }
        Cmd::List { overdue, status, list } => {
            let db = ctx.open()?;
            if overdue {
                let rows = incident::overdue(db.conn(), ctx.clock.now())?;
                return args::listing(ctx, incident::ALERT_COLUMNS, Some(&list), |each| {
                    rows.into_iter().try_for_each(each)
                });
            }
            args::listing(ctx, incident::LIST_COLUMNS, Some(&list), |each| {
                incident::list(db.conn(), status.as_deref(), each)
            })
        }
        Cmd::Show { incident: i } => {
            let db = ctx.open()?;
            let report = incident::report_of(db.conn(), &i)?;
            let text = crate::documents::render(&report, ctx.global.format, crate::clock::display_zone())?;
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| crate::error::Error::io("cannot write output", e))?;
            Ok(0)
        }
    }
}
