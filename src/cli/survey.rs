//! `svc survey ...` (R3.5.2): periodic satisfaction surveys of the whole service.

use clap::builder::PossibleValuesParser;
use clap::Subcommand;

use super::args::{self, ExportArgs, ImportArgs, ListArgs, Period};
use super::Ctx;
use crate::error::Result;
use crate::exchange::Record;
use crate::survey::{self, Filter, Survey};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Import questionnaire or phone answers: customer_code, date, channel, scores, comment
    #[command(after_help = "Example:\n  svc survey import 2026-Q1.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export surveys
    #[command(after_help = "Example:\n  svc survey export -o surveys.csv --redact")]
    Export(ExportArgs),
    /// List surveys
    #[command(after_help = "Example:\n  svc survey list --since 2026-01-01 --channel phone")]
    List {
        /// Only this customer's surveys (customer code)
        #[arg(long)]
        customer: Option<String>,
        /// Only surveys taken this way
        #[arg(long, value_parser = PossibleValuesParser::new(survey::CHANNELS))]
        channel: Option<String>,
        #[command(flatten)]
        period: Period,
        #[command(flatten)]
        list: ListArgs,
    },
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Import(a) => args::import::<Survey>(ctx, &a),
        Cmd::Export(a) => args::export::<Survey>(ctx, &a),
        Cmd::List { customer, channel, period, list } => {
            let db = ctx.open()?;
            // Surveys are kept by day: the days of the bounds, both inclusive.
            let (since, until) = period.days();
            let filter = Filter { customer, channel, since, until, limit: list.limit };
            let mut sink = ctx.out.listing(Survey::COLUMNS)?;
            survey::list(db.conn(), &filter, &mut |s| sink.row(&s.to_row()))?;
            Ok(list.exit(sink.finish()?))
        }
    }
}
