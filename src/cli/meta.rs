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

#[derive(Debug, clap::Args)]
pub struct Man {
    /// The command whose page to print, as typed after svc (`svc man ticket open`) [default: svc's own page]
    command: Vec<String>,
    /// Write every command's page into DIR (svc.1, svc-ticket.1, svc-ticket-open.1, ...)
    /// so that the references between pages exist; a DIR with files in it needs --force
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    dir: Option<std::path::PathBuf>,
    /// Replace the pages already in DIR
    #[arg(long, requires = "dir")]
    force: bool,
}

pub fn man(a: Man) -> Result<i32> {
    let mut top = without_help_commands(Cli::command());
    top.build();
    if let Some(dir) = &a.dir {
        crate::safe_output::prepare_dir(dir, a.force)?;
        let mut written: i64 = 0;
        for (name, cmd) in pages(&top, "svc") {
            crate::safe_output::write(&dir.join(format!("{name}.1")), &render(cmd.name(name))?, a.force)?;
            written += 1;
        }
        eprintln!("{}", crate::words::m::cli_man_written(written, dir.display().to_string()));
        return Ok(0);
    }
    let mut cmd = top;
    let mut name = "svc".to_string();
    for word in &a.command {
        let Some(sub) = cmd.find_subcommand(word).cloned() else {
            let known: Vec<&str> = cmd
                .get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .map(|s| s.get_name())
                .collect();
            let what = name.replace('-', " ");
            return Err(Error::Msg(
                crate::error::Kind::Usage,
                crate::words::m::cli_man_no_command(word, what, known.join(", ")),
            ));
        };
        name = format!("{name}-{}", sub.get_name());
        cmd = sub;
    }
    emit(&render(cmd.name(name))?)
}

/// Every page: the command itself and each subcommand, depth first, each named as man
/// pages are (`svc-ticket-open`) so that a page's SUBCOMMANDS section names pages that exist.
fn pages(cmd: &clap::Command, name: &str) -> Vec<(String, clap::Command)> {
    let mut all = vec![(name.to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        all.extend(pages(sub, &format!("{name}-{}", sub.get_name())));
    }
    all
}

/// The command tree without clap's `help` subcommands: a page per `svc ticket help open`
/// would triple the pages and say nothing `--help` and the pages themselves do not.
fn without_help_commands(cmd: clap::Command) -> clap::Command {
    cmd.disable_help_subcommand(true).mut_subcommands(without_help_commands)
}

fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut text = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut text).map_err(|e| Error::io("cannot render the man page", e))?;
    Ok(text)
}

fn emit(text: &[u8]) -> Result<i32> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text).and_then(|()| out.flush()).map_err(|e| Error::io("cannot write output", e))?;
    Ok(0)
}
