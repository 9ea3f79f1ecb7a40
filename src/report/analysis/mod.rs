//! `svc report faults|satisfaction|workload|parts|complaints`: the analyses of the records
//! (R8.3) — fault patterns per model (R8.2.2), satisfaction trends (R3.5.2), workload to
//! size the team (R2.1), parts demand and slow stock (R4.2.2), complaint statistics and
//! open corrective actions (R7.3.3). Each analysis is one file: its arguments and the
//! pure arithmetic on the rows its store module reads (`report::store`, aggregated in
//! the database where that keeps memory flat on a million tickets), tested apart. A
//! figure without data is null in csv, json and yaml and "—" for people, never 0.

pub mod common;
pub mod complaints;
pub mod faults;
pub mod msg;
pub mod parts;
pub mod satisfaction;
pub mod workload;

use clap::Subcommand;
use serde_json::Value;

use crate::cli::Ctx;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum AnalysisCmd {
    /// Fault patterns (R8.2.2): repairs per model per 100 devices and per device-year, MTBF, Pareto of causes and parts
    #[command(
        after_help = "Example:\n  svc report faults --by model --since 2026-01-01\n  svc report faults --by cause --model PM-9000 --top 5"
    )]
    Faults(faults::Args),
    /// Satisfaction trends (R3.5.2): follow-up and survey scores per month, NPS; the lowest-rated repairs
    #[command(after_help = "Example:\n  svc report satisfaction --by month\n  svc report satisfaction --lowest 10")]
    Satisfaction(satisfaction::Args),
    /// Workload (R2.1): repairs and hours per technician or per province
    #[command(after_help = "Example:\n  svc report workload --by technician --since 2026-01-01 --until 2026-04-01")]
    Workload(workload::Args),
    /// Parts demand (R4.2.2): consumption, months of cover, slow stock, suggested min_qty
    #[command(after_help = "Example:\n  svc report parts --months 6\n  svc report parts --apply --dry-run")]
    Parts(parts::Args),
    /// Complaint statistics (R7.3.3) by category, root cause, model or month; open corrective actions
    #[command(after_help = "Example:\n  svc report complaints --by month\n  svc report complaints --open-actions")]
    Complaints(complaints::Args),
}

pub fn run(ctx: &Ctx, cmd: AnalysisCmd) -> Result<i32> {
    match cmd {
        AnalysisCmd::Faults(a) => faults::run(ctx, a),
        AnalysisCmd::Satisfaction(a) => satisfaction::run(ctx, a),
        AnalysisCmd::Workload(a) => workload::run(ctx, a),
        AnalysisCmd::Parts(a) => parts::run(ctx, a),
        AnalysisCmd::Complaints(a) => complaints::run(ctx, a),
    }
}

/// Print computed rows through the one listing sink (table, csv, json, yaml, md, html),
/// missing figures as "—" for people and null for programs.
pub(crate) fn print(ctx: &Ctx, headers: &[&str], rows: impl IntoIterator<Item = Vec<Value>>) -> Result<i32> {
    let mut sink = ctx.out.listing(headers)?;
    for row in rows {
        sink.row(&common::shown_row(ctx.out.format, row))?;
    }
    sink.finish()?;
    Ok(0)
}

/// The period's bounds as stored UTC text and, for records kept by day, as local days
/// (the until day exclusive): (since, until, since_day, until_day).
pub struct Window {
    pub since: Option<String>,
    pub until: String,
    pub since_day: Option<String>,
    pub until_day: String,
}

impl Window {
    /// From `--since`/`--until`; `until` defaults to now. The until day is the day after
    /// the last day the period touches, so day-kept records of that day count.
    pub fn of(period: &crate::cli::Period, now: chrono::DateTime<chrono::Utc>) -> Window {
        let until = period.until.unwrap_or(now);
        let last = crate::clock::local_day(until - chrono::Duration::seconds(1));
        Window {
            since: crate::clock::utc_opt(period.since),
            until: crate::clock::utc_text(until),
            since_day: period.since.map(|t| crate::clock::local_day(t).to_string()),
            until_day: (last + chrono::Duration::days(1)).to_string(),
        }
    }
}
