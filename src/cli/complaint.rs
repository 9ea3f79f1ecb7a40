//! `svc complaint ...` (R7.3): intake, investigation, resolution, the customer's answer,
//! closure, corrective actions and suspected adverse events.

use clap::builder::PossibleValuesParser;
use clap::Subcommand;

use super::args::{self, At, ExportArgs, ImportArgs, ListArgs, Period, StaffBy};
use super::Ctx;
use crate::error::Result;
use crate::quality::complaint::{self as c, Complaint, Filter};
use crate::quality::msg;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Receive a complaint (R7.3.1); prints its code
    #[command(
        after_help = "Example:\n  c=$(svc complaint open --customer C0001 --equipment 00012345 --channel hotline \\\n      --category repair-quality --description '维修后三天再次黑屏')\n  svc complaint open --ticket T-000007 --channel hotline --category attitude --description '工程师态度差'"
    )]
    Open(Open),
    /// Tell the customer the complaint is received and being handled
    #[command(after_help = "Example:\n  svc complaint acknowledge CP-000001 --by E004")]
    Acknowledge {
        /// The complaint's code (CP-000001)
        complaint: String,
        #[command(flatten)]
        by: StaffBy,
        /// What the customer was told
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Record what the investigation found and the root cause (R7.3.2)
    #[command(
        after_help = "Example:\n  svc complaint investigate CP-000001 --finding '更换电源板后未做老化测试' --root-cause method"
    )]
    Investigate {
        /// The complaint's code (CP-000001)
        complaint: String,
        /// What the investigation found
        #[arg(long)]
        finding: String,
        /// The root cause, by its kind
        #[arg(long, value_parser = PossibleValuesParser::new(c::ROOT_CAUSES))]
        root_cause: String,
        #[command(flatten)]
        at: At,
    },
    /// Record the solution decided (R7.3.2)
    #[command(after_help = "Example:\n  svc complaint resolve CP-000001 --solution '免费更换电源板并延长保修三个月'")]
    Resolve {
        /// The complaint's code (CP-000001)
        complaint: String,
        /// The solution decided
        #[arg(long)]
        solution: String,
        #[command(flatten)]
        at: At,
    },
    /// Record that the customer was told the outcome, and the answer; disputed reopens it
    #[command(
        after_help = "Example:\n  svc complaint inform CP-000001 --by E004 --method phone --customer-response accepted"
    )]
    Inform {
        /// The complaint's code (CP-000001)
        complaint: String,
        #[command(flatten)]
        by: StaffBy,
        /// How the customer was told
        #[arg(long, value_parser = PossibleValuesParser::new(c::INFORM_METHODS))]
        method: String,
        /// Whether the customer accepts the outcome
        #[arg(long, value_parser = PossibleValuesParser::new(c::RESPONSES))]
        customer_response: String,
        /// What the customer said
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Link the corrective action: an audit finding with its rectification loop (R7.3.3)
    #[command(after_help = "Example:\n  svc complaint corrective CP-000001 --finding F-000003")]
    Corrective {
        /// The complaint's code (CP-000001)
        complaint: String,
        /// The finding's code (F-000001)
        #[arg(long)]
        finding: String,
    },
    /// Close a complaint the customer was told of and accepted
    #[command(after_help = "Example:\n  svc complaint close CP-000001")]
    Close {
        /// The complaint's code (CP-000001)
        complaint: String,
        #[command(flatten)]
        at: At,
    },
    /// Record the report of a suspected adverse event to the monitoring authority
    #[command(
        after_help = "Example:\n  svc complaint report-event CP-000002 --reported-on 2026-03-10 --reference 'ADR-2026-0012'"
    )]
    ReportEvent {
        /// The complaint's code (CP-000001)
        complaint: String,
        /// The day it was reported (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        reported_on: String,
        /// The report's number
        #[arg(long)]
        reference: String,
    },
    /// Show a complaint with its timeline
    #[command(after_help = "Example:\n  svc complaint show CP-000001")]
    Show {
        /// The complaint's code (CP-000001)
        complaint: String,
    },
    /// List complaints (--since/--until: when received); --overdue and --reportable for cron
    #[command(
        after_help = "Example:\n  svc complaint list --category repair-quality --since 2026-01-01\n  svc complaint list --reportable --exit-code"
    )]
    List(List),
    /// Complaint statistics (R7.3.3): counts by category, root cause, model, customer, month or severity
    #[command(
        after_help = "Example:\n  svc complaint stats --by root-cause --since 2026-01-01\n  svc complaint stats --by model --format csv > complaints-by-model.csv"
    )]
    Stats {
        /// What to count by
        #[arg(long, value_parser = PossibleValuesParser::new(c::GROUPS), default_value = "category")]
        by: String,
        #[command(flatten)]
        period: Period,
    },
    /// Import complaints (legacy records) from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc complaint import old-complaints.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export complaints (canonical columns, times in UTC)
    #[command(after_help = "Example:\n  svc complaint export -o complaints.csv")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Open {
    /// Customer code [default: the ticket's]
    #[arg(long)]
    customer: Option<String>,
    /// The device's serial number [default: the ticket's]
    #[arg(long)]
    equipment: Option<String>,
    /// The ticket of kind complaint it comes from (the link is kept)
    #[arg(long)]
    ticket: Option<String>,
    /// How the complaint came in
    #[arg(long, value_parser = PossibleValuesParser::new(c::CHANNELS))]
    channel: String,
    /// What it is about (分类)
    #[arg(long, value_parser = PossibleValuesParser::new(c::CATEGORIES))]
    category: String,
    /// Sets the acknowledgement and resolution targets [default: high with patient harm, else normal]
    #[arg(long, value_parser = PossibleValuesParser::new(c::SEVERITIES))]
    severity: Option<String>,
    /// Possible harm to a patient: anything but none makes it a suspected adverse event
    #[arg(long, value_parser = PossibleValuesParser::new(c::HARMS), default_value = "none")]
    patient_harm: String,
    /// Several patients affected by the same device model within a short time (12 h report)
    #[arg(long)]
    group_event: bool,
    /// What the customer complains of
    #[arg(long)]
    description: String,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only complaints in this state
    #[arg(long, value_parser = PossibleValuesParser::new(c::STATUSES))]
    status: Option<String>,
    /// Only complaints not closed
    #[arg(long)]
    open: bool,
    /// Only complaints of this category
    #[arg(long, value_parser = PossibleValuesParser::new(c::CATEGORIES))]
    category: Option<String>,
    /// Only complaints with this root cause
    #[arg(long, value_parser = PossibleValuesParser::new(c::ROOT_CAUSES))]
    root_cause: Option<String>,
    /// Only complaints about this device model
    #[arg(long)]
    model: Option<String>,
    /// Only this customer's complaints (customer code)
    #[arg(long)]
    customer: Option<String>,
    /// Not acknowledged or not resolved by their targets now
    #[arg(long)]
    overdue: bool,
    /// Suspected adverse events not reported yet
    #[arg(long)]
    reportable: bool,
    #[command(flatten)]
    period: Period,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    let write =
        |f: &dyn Fn(&crate::db::Tx) -> Result<()>, done: crate::words::Msg| args::write(ctx, f, done.to_string());
    match cmd {
        Cmd::Open(o) => {
            let new = c::NewComplaint {
                customer: o.customer,
                equipment: o.equipment,
                ticket: o.ticket,
                channel: o.channel,
                category: o.category,
                severity: o.severity,
                patient_harm: o.patient_harm,
                group_event: o.group_event,
                description: o.description,
                at: o.at.at,
            };
            let mut db = ctx.open()?;
            let code = db.write(|tx| c::open(tx, &new))?;
            args::print_code(&code)
        }
        Cmd::Acknowledge { complaint: k, by, note, at: At { at } } => {
            write(&|tx| c::acknowledge(tx, &k, &by.by, note.as_deref(), at), msg::complaint_acknowledged(&k))
        }
        Cmd::Investigate { complaint: k, finding, root_cause, at: At { at } } => {
            write(&|tx| c::investigate(tx, &k, &finding, &root_cause, at), msg::complaint_investigated(&k))
        }
        Cmd::Resolve { complaint: k, solution, at: At { at } } => {
            write(&|tx| c::resolve(tx, &k, &solution, at), msg::complaint_resolved(&k))
        }
        Cmd::Inform { complaint: k, by, method, customer_response, note, at: At { at } } => {
            let mut db = ctx.open()?;
            let to = db.write(|tx| c::inform(tx, &k, &by.by, &method, &customer_response, note.as_deref(), at))?;
            ctx.out.note(if to == "informed" { msg::complaint_informed(&k) } else { msg::complaint_disputed(&k) });
            Ok(0)
        }
        Cmd::Corrective { complaint: k, finding } => {
            write(&|tx| c::corrective(tx, &k, &finding), msg::complaint_corrective_linked(&k, &finding))
        }
        Cmd::Close { complaint: k, at: At { at } } => write(&|tx| c::close(tx, &k, at), msg::complaint_closed(&k)),
        Cmd::ReportEvent { complaint: k, reported_on, reference } => {
            let day = crate::exchange::normalize::date(&reported_on)
                .map_err(|_| crate::error::Error::invalid(msg::quality_not_a_day(&reported_on)))?
                .to_string();
            write(&|tx| c::report_event(tx, &k, &day, &reference), msg::complaint_event_reported(&k, &reference))
        }
        Cmd::Show { complaint: k } => {
            let db = ctx.open()?;
            let fields = c::detail(db.conn(), &k, &ctx.clock.now_text())?;
            let timeline = super::ticket::timeline(db.conn(), "complaint", &k)?;
            let section = crate::output::Section {
                title: "timeline",
                headers: vec!["at", "actor", "action", "detail"],
                rows: timeline,
            };
            ctx.out.detail(&fields, &[section])?;
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let now = ctx.clock.now_text();
            let (since, until) = l.period.stored();
            let filter = Filter {
                status: l.status,
                open: l.open,
                category: l.category,
                root_cause: l.root_cause,
                model: l.model,
                customer: l.customer,
                since,
                until,
                overdue_at: l.overdue.then(|| crate::due::Window::overdue(ctx.clock.now()).until_text()),
                reportable: l.reportable,
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(c::LIST_COLUMNS)?;
            c::list(db.conn(), &filter, &now, &mut |x| sink.row(&crate::output::row_of(c::LIST_COLUMNS, &x)))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Stats { by, period } => {
            let db = ctx.open()?;
            let (since, until) = period.stored();
            let mut sink = ctx.out.listing(c::STAT_COLUMNS)?;
            c::stats(db.conn(), &by, since.as_deref(), until.as_deref(), &mut |s| {
                sink.row(&crate::output::row_of(c::STAT_COLUMNS, &s))
            })?;
            sink.finish()?;
            Ok(0)
        }
        Cmd::Import(a) => args::import::<Complaint>(ctx, &a),
        Cmd::Export(a) => args::export::<Complaint>(ctx, &a),
    }
}
