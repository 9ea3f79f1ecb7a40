//! Shell completions and the man page, from the same clap definitions as the commands.

use clap::CommandFactory;

use super::Cli;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Completions {
    /// bash, zsh, fish, elvish or powershell
    shell: clap_complete::Shell,
}

pub fn completions(a: Completions) -> Result<i32> {
    clap_complete::generate(a.shell, &mut Cli::command(), "svc", &mut std::io::stdout());
    Ok(0)
}

pub fn man() -> Result<i32> {
    clap_mangen::Man::new(Cli::command())
        .render(&mut std::io::stdout())
        .map_err(|e| Error::io("cannot write the man page", e))?;
    Ok(0)
}
