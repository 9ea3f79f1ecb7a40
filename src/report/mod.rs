//! `svc report ...` (issue 16). Placeholder for the branch: the lead keeps the KPI
//! helper's module at merge; only the flatten line below is this branch's.

pub mod analysis;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    #[command(flatten)]
    Analysis(analysis::AnalysisCmd),
}

pub fn run(ctx: &crate::cli::Ctx, cmd: ReportCmd) -> crate::error::Result<i32> {
    match cmd {
        ReportCmd::Analysis(c) => analysis::run(ctx, c),
    }
}
