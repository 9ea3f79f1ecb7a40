//! `svc report`: what the records teach (R8.3 regular analysis, R8.2.2 fault patterns,
//! R7.3.3 complaint statistics, R3.5.2 satisfaction trends). `kpi` lists the service
//! figures of a period, `monthly` writes the page a service director prints for the
//! management meeting; the analyses live in `analysis`. Every figure is defined once, in
//! `figures` and `kpi`, from the rows `facts` reads (docs/report.md).

pub mod analysis;
pub mod chart;
pub mod facts;
pub mod figures;
pub mod kpi;
pub mod monthly;
pub mod msg;
pub mod repeats;
pub mod store;
pub mod trend;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::Value;

use crate::cli::Ctx;
use crate::error::{Error, Kind, Result};
use crate::exchange::sink::OutFormat;
use figures::Period;

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Service figures of a period: response and resolution times, SLA, repairs,
    /// first-time fix, follow-ups, satisfaction, parts, complaints, availability (R8.3)
    #[command(
        after_help = "Example:\n  svc report kpi --from 2026-11-01 --to 2026-11-30\n  svc report kpi --from 2026-01-01 --to 2026-12-31 --by month --format csv\n\nA figure with nothing to count shows \"—\" (null in JSON), never 0. Definitions: docs/report.md"
    )]
    Kpi {
        /// First day counted (local)
        #[arg(long, value_name = "DATE")]
        from: NaiveDate,
        /// Last day counted (inclusive)
        #[arg(long, value_name = "DATE")]
        to: NaiveDate,
        /// Group the figures
        #[arg(long, value_enum)]
        by: Option<kpi::By>,
    },
    /// The monthly service report: headline figures against the previous month, 12-month
    /// trends and charts, as one standalone HTML page that prints on A4
    #[command(
        after_help = "Example:\n  svc report monthly --month 2026-11 -o 2026-11.html\n  svc --lang zh-CN report monthly --month 2026-11 -o 2026-11.html\n  svc report monthly --month 2026-11 --format md -o 2026-11.md"
    )]
    Monthly {
        /// The month reported, YYYY-MM [default: the previous month]
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// The file written (never the database; an existing file only with --force)
        #[arg(short = 'o', long, value_name = "FILE")]
        output: PathBuf,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
    #[command(flatten)]
    Analysis(analysis::AnalysisCmd),
}

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<i32> {
    match cmd {
        ReportCmd::Kpi { from, to, by } => {
            if to < from {
                return Err(Error::Msg(Kind::Usage, msg::report_bad_span(from.to_string(), to.to_string())));
            }
            let db = ctx.open()?;
            let period = Period { from, until: to.succ_opt().unwrap_or(to) };
            let rows = kpi::report(db.conn(), &period, by, kpi::window_days(db.conn())?, ctx.clock.today())?;
            let columns: &[&str] = if by.is_some() { kpi::COLUMNS } else { &kpi::COLUMNS[1..] };
            let people = !matches!(ctx.out.format, OutFormat::Json | OutFormat::Yaml);
            let mut sink = ctx.out.listing(columns)?;
            for r in rows {
                let mut cells = crate::output::row_of(columns, &r);
                if people {
                    let at = columns.iter().position(|c| *c == "value").unwrap_or(0);
                    cells[at] = Value::from(figures::shown(&cells[at], r.decimals));
                }
                sink.row(&cells)?;
            }
            sink.finish()?;
            Ok(0)
        }
        ReportCmd::Monthly { month, output, force } => {
            let month = match month {
                Some(m) => parse_month(&m)?,
                None => Period::month_of(ctx.clock.today()).previous_month(),
            };
            let format = match ctx.global.format {
                None | Some(OutFormat::Html) => monthly::Format::Html,
                Some(OutFormat::Md) => monthly::Format::Md,
                Some(OutFormat::Json) => monthly::Format::Json,
                Some(other) => {
                    return Err(Error::Msg(
                        Kind::Usage,
                        msg::report_monthly_format(format!("{other:?}").to_lowercase()),
                    ))
                }
            };
            let db = ctx.open()?;
            let report = monthly::Monthly::compute(db.conn(), month, ctx.clock.now())?;
            let text = report.render(format)?;
            crate::safe_output::write(&output, text.as_bytes(), force)?;
            ctx.out.note(msg::report_written(output.display().to_string(), month.month_name()));
            Ok(0)
        }
        ReportCmd::Analysis(cmd) => analysis::run(ctx, cmd),
    }
}

/// `2026-11` as the month it names.
pub fn parse_month(m: &str) -> Result<Period> {
    NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d")
        .map(Period::month_of)
        .map_err(|_| Error::Msg(Kind::Usage, msg::report_bad_month(format!("{m:?}"))))
}
