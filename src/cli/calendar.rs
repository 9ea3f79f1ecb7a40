//! `svc calendar ...`: the working calendar SLA clocks count in (issue 17): the year's
//! public holidays and adjusted working days (调休), and which days are worked.

use chrono::{Days, NaiveDate};
use clap::Subcommand;
use serde_json::Value;

use super::args::{self, ExportArgs, ImportArgs, ListArgs};
use super::Ctx;
use crate::calendar::{self, msg, CalendarDay};
use crate::clock::display_zone;
use crate::error::Result;
use crate::exchange::{Record, Stored};

/// A day flag's value, for clap: `YYYY-MM-DD` (or a legacy form such as 2026/9/26).
fn day_arg(s: &str) -> std::result::Result<NaiveDate, super::args::BadDate> {
    super::args::day_arg(s)
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Import a year's holidays and adjusted working days: day, kind (holiday|workday, 休|班), name
    #[command(after_help = "Example:\n  svc calendar import examples/calendar/cn-2026.csv")]
    Import(ImportArgs),
    /// Export the listed days
    #[command(after_help = "Example:\n  svc calendar export -o calendar.csv")]
    Export(ExportArgs),
    /// List the holidays and adjusted working days
    #[command(after_help = "Example:\n  svc calendar list")]
    List {
        #[command(flatten)]
        list: ListArgs,
    },
    /// Which days are worked, and the hours SLA clocks count (clock 'business')
    #[command(after_help = "Example:\n  svc calendar days --from 2026-09-26 --days 16")]
    Days {
        /// The first day, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE", value_parser = day_arg)]
        from: Option<NaiveDate>,
        /// How many days to show
        #[arg(long, value_name = "N", default_value = "14", value_parser = clap::value_parser!(u16).range(1..=3660))]
        days: u16,
    },
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Import(a) => args::import::<CalendarDay>(ctx, &a),
        Cmd::Export(a) => args::export::<CalendarDay>(ctx, &a),
        Cmd::List { list } => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(CalendarDay::COLUMNS)?;
            let mut n = 0;
            CalendarDay::export(db.conn(), &mut |d| {
                n += 1;
                if list.limit.is_some_and(|l| n > l) {
                    return Ok(());
                }
                sink.row(&d.to_row())
            })?;
            Ok(list.exit(sink.finish()?))
        }
        Cmd::Days { from, days } => {
            let db = ctx.open()?;
            let cal = calendar::load(db.conn())?;
            let first = from.unwrap_or_else(|| ctx.clock.today());
            let mut names = std::collections::BTreeMap::new();
            CalendarDay::export(db.conn(), &mut |d| {
                if let (Ok(day), Some(name)) = (d.day.parse::<NaiveDate>(), d.name.filter(|n| !n.is_empty())) {
                    names.insert(day, name);
                }
                Ok(())
            })?;
            let hours = format!("{}-{}", cal.week.open.format("%H:%M"), cal.week.close.format("%H:%M"));
            let mut sink = ctx.out.listing(&["day", "weekday", "working", "hours", "why"])?;
            let mut day = first;
            for _ in 0..days {
                // What a listed day is called (国庆节), else its kind.
                let listed =
                    cal.exceptions.get(&day).map(|k| names.get(&day).cloned().unwrap_or_else(|| k.to_string()));
                let working = cal.is_working_day(day);
                sink.row(&[
                    Value::from(day.to_string()),
                    Value::from(day.format("%a").to_string()),
                    Value::from(if working { "yes" } else { "no" }),
                    Value::from(if working { hours.clone() } else { String::new() }),
                    Value::from(listed.unwrap_or_else(|| if working { "" } else { "weekend" }.to_string())),
                ])?;
                day = match day.checked_add_days(Days::new(1)) {
                    Some(d) => d,
                    None => break,
                };
            }
            sink.finish()?;
            // The zone the hours are in, for whoever reads them on another machine.
            ctx.out.note(msg::calendar_hours_zone(display_zone().name()));
            Ok(0)
        }
    }
}
