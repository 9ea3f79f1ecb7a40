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
    // Rendered first, then written: a closed pipe (`| head`) is an error to handle,
    // not a panic inside the generator.
    let mut text = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "svc", &mut text);
    emit(&text)
}

pub fn man() -> Result<i32> {
    let mut text = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut text).map_err(|e| Error::io("cannot render the man page", e))?;
    emit(&text)
}

fn emit(text: &[u8]) -> Result<i32> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text).and_then(|()| out.flush()).map_err(|e| Error::io("cannot write output", e))?;
    Ok(0)
}
