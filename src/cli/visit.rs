//! `svc visit ...` (R5.1.2): return visits to customers.

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::json;

use super::args::{self, ListArgs, Period, StaffBy};
use super::Ctx;
use crate::due::{self, Window};
use crate::error::Result;
use crate::output::{row_of, Section};
use crate::support::{msg, visit};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Record a visit: the customer's needs, the advice given; plans the next one
    #[command(
        after_help = "Example:\n  svc visit record --customer C0001 --by E001 --kind onsite \\\n      --needs '希望增加夜班操作培训' --advice '建议每季度做一次预防性维护'"
    )]
    Record {
        /// Customer code
        #[arg(long)]
        customer: String,
        #[command(flatten)]
        by: StaffBy,
        /// On site or by phone
        #[arg(long, value_parser = PossibleValuesParser::new(visit::KINDS))]
        kind: String,
        /// What the customer needs (their service needs, R8.1.1)
        #[arg(long)]
        needs: String,
        /// The improvement advice given
        #[arg(long)]
        advice: String,
        /// The day of the visit [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
        /// The next visit [default: the customer's interval after this one]
        #[arg(long, value_name = "DATE")]
        next_on: Option<NaiveDate>,
    },
    /// List visits by day
    #[command(after_help = "Example:\n  svc visit list --customer C0001 --since 2026-01-01")]
    List {
        /// Only this customer's visits (customer code)
        #[arg(long)]
        customer: Option<String>,
        #[command(flatten)]
        period: Period,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Visits due: overdue and due today, or within SPAN (the cron job)
    #[command(after_help = "Example:\n  svc visit due --within 14d --exit-code\n  svc visit due --unvisited")]
    Due {
        /// Also what falls due within this span: 0d (overdue and due today), 7d, 2w, 1m
        #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg, default_value = "0d")]
        within: i64,
        /// Also customers never visited (with a visit interval), as due today
        #[arg(long)]
        unvisited: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Set a customer's own visit interval (over the setting visit_days.TYPE); 0: no regular visits
    #[command(after_help = "Example:\n  svc visit schedule --customer C0001 --every 30d")]
    Schedule {
        /// Customer code
        #[arg(long)]
        customer: String,
        /// Days between visits (30d, 8w, 3m)
        #[arg(long, value_name = "SPAN", value_parser = span_or_zero)]
        every: i64,
    },
}

/// A span, or 0 (no regular visits).
fn span_or_zero(s: &str) -> std::result::Result<i64, String> {
    if s.trim() == "0" || s.trim() == "0d" {
        return Ok(0);
    }
    crate::clock::span_arg(s)
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Record { customer, by, kind, needs, advice, on, next_on } => {
            let new = visit::NewVisit {
                customer: customer.clone(),
                by: by.by,
                kind,
                needs,
                advice,
                day: on.unwrap_or_else(|| ctx.clock.today()),
                next_on,
            };
            let mut db = ctx.open()?;
            let (code, next) = db.write(|tx| visit::record(tx, &new))?;
            ctx.out.note(match next {
                Some(d) => msg::visit_recorded(&code, &customer, d.to_string()),
                None => msg::visit_recorded_no_next(&code, &customer),
            });
            args::print_code(&code)
        }
        Cmd::List { customer, period, list } => {
            let db = ctx.open()?;
            let (since, until) = period.days();
            let filter = visit::Filter { customer, since, until, limit: list.limit };
            let mut sink = ctx.out.listing(visit::LIST_COLUMNS)?;
            visit::list(db.conn(), &filter, &mut |v| sink.row(&row_of(visit::LIST_COLUMNS, &v)))?;
            Ok(list.exit(sink.finish()?))
        }
        Cmd::Due { within, unvisited, list } => {
            let db = ctx.open()?;
            let window = Window::within(ctx.clock.now(), within);
            let mut items = due::list(db.conn(), &window, &[visit::DUE.kind.to_string()])?;
            if unvisited {
                visit::never_visited(db.conn(), &window, &mut |found| {
                    items.push(due::Item::new(&visit::DUE, found, window.today));
                    Ok(())
                })?;
                items.sort_by(due::order);
            }
            let lang = ctx.out.words_lang();
            args::listing(ctx, due::COLUMNS, Some(&list), |each| {
                items.into_iter().try_for_each(|i| each(i.in_words(lang)))
            })
        }
        Cmd::Schedule { customer, every } => {
            let mut db = ctx.open()?;
            db.write(|tx| visit::schedule(tx, &customer, every))?;
            ctx.out.note(msg::visit_scheduled(&customer, every));
            Ok(0)
        }
    }
}

/// `svc customer show`'s section of the customer's service needs, from its visits (R8.1.1).
pub fn needs_section(db: &rusqlite::Connection, customer: &str) -> Result<Section> {
    let rows = visit::needs(db, customer)?
        .into_iter()
        .map(|(day, kind, needs, advice)| vec![json!(day), json!(kind), json!(needs), json!(advice)])
        .collect();
    Ok(Section { title: "service_needs", headers: vec!["day", "kind", "needs", "advice"], rows })
}
