//! The analyses of `svc report` (faults, satisfaction, workload, parts, complaints): a
//! placeholder here, replaced by the analyses' own module when the branches merge.

use crate::cli::Ctx;
use crate::error::Result;

#[derive(Debug, clap::Subcommand)]
pub enum AnalysisCmd {}

pub fn run(_ctx: &Ctx, cmd: AnalysisCmd) -> Result<i32> {
    match cmd {}
}
