//! `svc ticket ...` (R3.1, R3.2.1): intake to close, with the SLA clocks.

use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::{json, Value};

use super::args::{self, At, ExportArgs, ImportArgs, ListArgs, Period};
use super::Ctx;
use crate::error::Result;
use crate::output::{row_of, Section};
use crate::ticket::{self, Filter, Ticket};
use crate::words::m;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open a ticket; prints its code
    #[command(
        after_help = "Example:\n  t=$(svc ticket open --customer C0001 --equipment 00012345 --channel hotline --kind fault \\\n      --priority urgent --symptom '开机无显示' --reporter 张护士)"
    )]
    Open(Open),
    /// Give the ticket to a technician
    #[command(after_help = "Example:\n  svc ticket assign T-000001 --to E002")]
    Assign {
        /// The ticket's code (T-000001)
        ticket: String,
        /// Staff code
        #[arg(long)]
        to: String,
        #[command(flatten)]
        at: At,
    },
    /// Record the first response to the customer (R3.2.1)
    #[command(after_help = "Example:\n  svc ticket respond T-000001 --note '已电话联系，约明早上门'")]
    Respond {
        /// The ticket's code (T-000001)
        ticket: String,
        /// What the customer was told
        #[arg(long)]
        note: String,
        #[command(flatten)]
        at: At,
    },
    /// Add a note to the ticket's timeline
    #[command(after_help = "Example:\n  svc ticket note T-000001 '客户要求周五前完成'")]
    Note {
        /// The ticket's code (T-000001)
        ticket: String,
        /// The note, as the timeline will show it
        text: String,
        #[command(flatten)]
        at: At,
    },
    /// Stop the SLA clocks: waiting on the customer or on parts
    #[command(after_help = "Example:\n  svc ticket wait T-000001 --reason parts")]
    Wait {
        /// The ticket's code (T-000001)
        ticket: String,
        /// What the ticket waits on
        #[arg(long, value_parser = PossibleValuesParser::new(ticket::WAIT_REASONS))]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Restart the SLA clocks
    #[command(after_help = "Example:\n  svc ticket resume T-000001")]
    Resume {
        /// The ticket's code (T-000001)
        ticket: String,
        #[command(flatten)]
        at: At,
    },
    /// Close the ticket with its resolution (an enquiry with its answer)
    #[command(after_help = "Example:\n  svc ticket close T-000002 --resolution '已告知校准步骤'")]
    Close {
        /// The ticket's code (T-000001)
        ticket: String,
        /// How the ticket was resolved (for an enquiry, the answer given)
        #[arg(long)]
        resolution: String,
        #[command(flatten)]
        at: At,
        #[command(flatten)]
        kb: crate::cli::kb::CloseKb,
    },
    /// Reopen a closed ticket (its resolution clock goes on where it stopped)
    #[command(after_help = "Example:\n  svc ticket reopen T-000002 --reason '故障复现'")]
    Reopen {
        /// The ticket's code (T-000001)
        ticket: String,
        /// Why the ticket is reopened
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        at: At,
    },
    /// Show a ticket with its whole timeline and its repairs
    #[command(after_help = "Example:\n  svc ticket show T-000001")]
    Show {
        /// The ticket's code (T-000001)
        ticket: String,
        #[command(flatten)]
        redact: args::Redact,
    },
    /// List tickets (--since/--until: when opened); --overdue is the cron job (silent when nothing is due)
    #[command(
        after_help = "Example:\n  svc ticket list --open --priority urgent\n  svc ticket list --overdue --exit-code"
    )]
    List(List),
    /// Import tickets (legacy records) from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc ticket import old-tickets.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export tickets (canonical columns, times in UTC)
    #[command(after_help = "Example:\n  svc ticket export -o tickets.csv --redact")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Open {
    /// Customer code
    #[arg(long)]
    customer: String,
    /// The device's serial number
    #[arg(long)]
    equipment: Option<String>,
    /// How the customer reached us
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::CHANNELS))]
    channel: String,
    /// A fault (it gets a repair) or an enquiry
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::KINDS))]
    kind: String,
    /// How urgent: sets the SLA response and resolution targets
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::PRIORITIES), default_value = "normal")]
    priority: String,
    /// What the customer reports (故障现象)
    #[arg(long)]
    symptom: String,
    /// Who called (personal data)
    #[arg(long)]
    reporter: Option<String>,
    #[command(flatten)]
    at: At,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only tickets in this state
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::STATUSES))]
    status: Option<String>,
    /// Only tickets not closed
    #[arg(long)]
    open: bool,
    /// Tickets past their response or resolution target now
    #[arg(long)]
    overdue: bool,
    /// Tickets whose SLA was ever breached (closed ones too)
    #[arg(long)]
    breached: bool,
    /// Only this customer's tickets (customer code)
    #[arg(long)]
    customer: Option<String>,
    /// Serial number
    #[arg(long)]
    equipment: Option<String>,
    /// Staff code
    #[arg(long)]
    assigned_to: Option<String>,
    /// Only tickets of this priority
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::PRIORITIES))]
    priority: Option<String>,
    /// Only tickets of this kind
    #[arg(long, value_parser = PossibleValuesParser::new(ticket::KINDS))]
    kind: Option<String>,
    #[command(flatten)]
    period: Period,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    let write = |f: &dyn Fn(&crate::db::Tx) -> Result<()>, done: String| args::write(ctx, f, done);
    match cmd {
        Cmd::Open(o) => {
            let new = ticket::NewTicket {
                customer: o.customer,
                equipment: o.equipment,
                channel: o.channel,
                kind: o.kind,
                priority: o.priority,
                symptom: o.symptom,
                reporter: o.reporter,
                at: o.at.at.unwrap_or_else(|| ctx.clock.now()),
            };
            let mut db = ctx.open()?;
            let mut opened = None;
            let rc = args::created(&mut db, |tx| {
                let code = ticket::open(tx, &new)?;
                opened = Some(code.clone());
                Ok(code)
            })?;
            // Known answers first, for whoever takes the call (R5.1.3).
            if let Some(code) = opened {
                crate::cli::kb::hint(ctx, db.conn(), &code);
            }
            Ok(rc)
        }
        Cmd::Assign { ticket: t, to, at: At { at } } => {
            write(&|tx| ticket::assign(tx, &t, &to, at), m::cli_ticket_assigned(&t, &to).to_string())
        }
        Cmd::Respond { ticket: t, note, at: At { at } } => {
            write(&|tx| ticket::respond(tx, &t, &note, at), m::cli_ticket_responded(&t).to_string())
        }
        Cmd::Note { ticket: t, text, at: At { at } } => {
            write(&|tx| ticket::note(tx, &t, &text, at), m::cli_ticket_noted(&t).to_string())
        }
        Cmd::Wait { ticket: t, reason, at: At { at } } => {
            write(&|tx| ticket::wait(tx, &t, &reason, at), m::cli_ticket_waits(&t, &reason).to_string())
        }
        Cmd::Resume { ticket: t, at: At { at } } => {
            write(&|tx| ticket::resume(tx, &t, at), m::cli_ticket_resumed(&t).to_string())
        }
        Cmd::Close { ticket: t, resolution, at: At { at }, kb } => {
            let mut db = ctx.open()?;
            let said = db.write(|tx| {
                ticket::close(tx, &t, &resolution, at)?;
                kb.record(tx, &t)
            })?;
            ctx.out.note(m::cli_ticket_closed(&t));
            said.into_iter().for_each(|m| ctx.out.note(m));
            Ok(0)
        }
        Cmd::Reopen { ticket: t, reason, at: At { at } } => {
            write(&|tx| ticket::reopen(tx, &t, &reason, at), m::cli_ticket_reopened(&t).to_string())
        }
        Cmd::Show { ticket: t, redact } => {
            let db = ctx.open()?;
            let mut fields = ticket::detail(db.conn(), &t, &ctx.clock.now_text())?;
            // The warranty frozen at intake is stored in English; a table says it in the
            // reader's words, as the printed report does (csv keeps it as stored).
            if ctx.out.words_lang() == crate::words::Lang::ZhCn {
                for (key, value) in fields.iter_mut() {
                    if let (&"warranty", Some(frozen)) = (&*key, value.as_str()) {
                        *value = Value::from(crate::documents::service_report::warranty(frozen));
                    }
                }
            }
            let timeline = timeline(db.conn(), "ticket", &t)?;
            let mut repairs = Vec::new();
            let filter = crate::repair::Filter { ticket: Some(t.clone()), ..Default::default() };
            crate::repair::list(db.conn(), &filter, &mut |r| {
                repairs.push(row_of(&["code", "status", "opened", "signed"], &r));
                Ok(())
            })?;
            let mut sections = [
                Section { title: "timeline", headers: TIMELINE.to_vec(), rows: timeline },
                Section { title: "repairs", headers: vec!["code", "status", "opened", "signed"], rows: repairs },
            ];
            redact.apply(&mut fields, &mut sections, <Ticket as crate::exchange::Record>::PERSONAL);
            ctx.out.detail(&fields, &sections)?;
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let now = ctx.clock.now_text();
            let (since, until) = l.period.stored();
            let filter = Filter {
                status: l.status,
                open: l.open,
                customer: l.customer,
                equipment: l.equipment,
                assigned_to: l.assigned_to,
                priority: l.priority,
                kind: l.kind,
                since,
                until,
                overdue_at: l.overdue.then(|| crate::due::Window::overdue(ctx.clock.now()).until_text()),
                breached: l.breached,
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(ticket::LIST_COLUMNS)?;
            ticket::list(db.conn(), &filter, &now, &mut |t| sink.row(&row_of(ticket::LIST_COLUMNS, &t)))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Import(a) => args::import::<Ticket>(ctx, &a),
        Cmd::Export(a) => args::export::<Ticket>(ctx, &a),
    }
}

/// A value as one short phrase for a timeline: lists of words joined, longer
/// structures counted (`svc history CODE --format json` has them in full).
fn brief(v: &Value) -> String {
    match v {
        Value::Array(items) if items.iter().all(Value::is_string) => {
            items.iter().map(crate::output::text).collect::<Vec<_>>().join(" / ")
        }
        Value::Array(items) => format!("{} entries", items.len()),
        Value::Object(m) => format!("{} fields", m.len()),
        other => crate::output::text(other),
    }
}

/// A record's timeline from the history: when each step happened (its own time, for
/// back-dated entries), who recorded it, what it was.
/// The columns of a record's timeline in `show`.
pub const TIMELINE: &[&str] = &["at", "actor", "action", "detail", "recorded"];

/// A record's steps in the order they happened: by each step's own time (`--at` enters
/// one afterwards), the order of recording breaking ties. `recorded` shows when a step
/// was entered, only where that differs from when it happened.
pub fn timeline(db: &rusqlite::Connection, entity: &str, code: &str) -> Result<Vec<Vec<Value>>> {
    let filter = crate::db::history::Filter {
        code: Some(code.to_string()),
        entity: Some(entity.to_string()),
        ..Default::default()
    };
    let mut steps = Vec::new();
    for e in crate::db::history::list(db, &filter)? {
        let after: Value = e.after.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or(Value::Null);
        let at = after.get("at").and_then(Value::as_str).unwrap_or(&e.at).to_string();
        let recorded = if at == e.at { String::new() } else { crate::clock::show_local(&e.at) };
        let detail = match after {
            Value::Object(mut m) => {
                m.shift_remove("at");
                m.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| format!("{k}: {}", brief(&v)))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            _ => String::new(),
        };
        let when = chrono::DateTime::parse_from_rfc3339(&at).ok();
        let row =
            vec![json!(crate::clock::show_local(&at)), json!(e.actor), json!(e.action), json!(detail), json!(recorded)];
        steps.push((when, row));
    }
    // A stable sort: steps recorded in one order keep it when their times are equal.
    steps.sort_by_key(|(when, _)| *when);
    Ok(steps.into_iter().map(|(_, row)| row).collect())
}
