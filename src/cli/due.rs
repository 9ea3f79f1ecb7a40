//! `svc due`: everything due or overdue across the areas, for one morning cron job
//! (R2.1, R3.2.1, R3.5.1, R4.1.2, R4.2.3). The engine is `crate::due`.

use super::args::ListArgs;
use super::Ctx;
use crate::due::{self, Window};
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also what falls due within this span: 0d (overdue and due today), 7d, 2w, 1m
    #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg, default_value = "0d")]
    within: i64,
    /// Only what is past due now (a day before today, a time before now)
    #[arg(long, conflicts_with = "within")]
    overdue: bool,
    /// Only these kinds (repeat, or comma-separated)
    #[arg(long = "kind", value_name = "KIND", value_delimiter = ',', value_parser = kind_arg)]
    kinds: Vec<String>,
    #[command(flatten)]
    list: ListArgs,
}

/// The kinds there are, from the registry, and examples.
pub fn after_help() -> String {
    let kinds: String =
        due::SOURCES.iter().map(|s| format!("  {:<12} {:<7} {}\n", s.kind, s.clause, s.about)).collect();
    format!(
        "Kinds:\n{kinds}\nExample (cron, mails only when something is due):\n  svc due --within 7d --exit-code\n  \
         svc due --overdue --kind ticket,followup"
    )
}

fn kind_arg(s: &str) -> std::result::Result<String, String> {
    due::source(s.trim()).map(|src| src.kind.to_string()).map_err(|e| e.to_string())
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let window = if a.overdue { Window::overdue(ctx.clock.now()) } else { Window::within(ctx.clock.now(), a.within) };
    // Some sources read a record for each of thousands due (maintenance: a device each).
    let db = ctx.open()?.reading(crate::db::Reads::Listing)?;
    let items = due::list(db.conn(), &window, &a.kinds)?;
    // People read what is due in their words; csv, json, yaml and xlsx keep the
    // canonical English scripts read.
    let lang = ctx.out.words_lang();
    // Each line's cells go to the sink as they are (`due::Item::into_cells`), not through
    // a JSON object per line (`args::listing`).
    let mut sink = ctx.out.listing(due::COLUMNS)?;
    let limit = a.list.limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    for item in items.into_iter().take(limit) {
        sink.row(&item.in_words(lang).into_cells())?;
    }
    Ok(a.list.exit(sink.finish()?))
}
