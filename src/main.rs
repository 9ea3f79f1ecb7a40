use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use svc::cli::{self, Cli};
use svc::error::Error;
use svc::words::catalogue::lang;

fn main() {
    svc::db::configure_sqlite();
    svc::hardening::tame_environment();
    // The business time zone first: time flags are read in it as the command line is parsed.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    svc::words::catalogue::set_lang(cli::early::language(&args));
    // No argument may carry a control character into a record or a message (src/hostile.rs).
    if let Err(e) = svc::hostile::refuse_control_in_arguments(&args) {
        let _ = writeln!(std::io::stderr(), "{}", e.render(lang()));
        std::process::exit(e.exit() as i32);
    }
    if let Err(e) = cli::zone::settle(&args) {
        eprintln!("{}", e.render(lang()));
        std::process::exit(e.exit() as i32);
    }
    // Parsed as `Cli::parse_from` does, keeping the matches: they say which flags name
    // the staff member acting, for identity enforcement (src/identity.rs), and carry a
    // listing's --bom and --encoding wherever the command declares them.
    // Matched in place, not on a clone: copying the tree of every command and flag cost
    // more than the whole listing of an empty database (docs/performance.md, start-up).
    // Only the top-level command typed is built whole (cli::tree).
    let mut command = cli::tree::for_parsing();
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(m) => m,
        // A malformed or implausible date is invalid data (exit 5), not a usage error.
        Err(e) => match cli::date_flag_error(&e) {
            Some(err) => {
                let _ = writeln!(std::io::stderr(), "{}", err.render(lang()));
                std::process::exit(err.exit() as i32);
            }
            None => help_or_usage(e),
        },
    };
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut Cli::command()).exit());
    svc::identity::note_command_line(&command, &matches);
    svc::output::set_listing_text(svc::output::ListingText::from_matches(&matches));
    svc::words::catalogue::set_label_scope(matches.subcommand_name().unwrap_or_default());
    // The tree of every command is not needed any more: its memory goes back to the
    // allocator for the command to reuse (an import's page cache), not onto its peak.
    drop(matches);
    drop(command);
    let code = match cli::run(cli) {
        Ok(code) => code,
        // The reader went away (`svc customer list | head`): not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => 0,
        // The edge: the error's facts become words in the user's language here.
        Err(e) => {
            // Not eprintln!: it panics when stderr cannot be written (`2>/dev/full`).
            let _ = writeln!(std::io::stderr(), "{}", e.render(lang()));
            e.exit() as i32
        }
    };
    std::process::exit(code);
}

/// clap's own exit for `--help`, `--version` and usage errors, except that help which
/// cannot be written (`svc --help > /dev/full`) is an I/O error (exit 1), not a success
/// with nothing on standard output. A reader that went away (`| head`) is no error.
fn help_or_usage(e: clap::Error) -> ! {
    if e.use_stderr() {
        e.exit()
    }
    let written = e.print().and_then(|()| std::io::stdout().flush());
    match written {
        Err(io) if io.kind() != std::io::ErrorKind::BrokenPipe => {
            let err = Error::internal(svc::hostile::msg::help_not_written(io.to_string()));
            let _ = writeln!(std::io::stderr(), "{}", err.render(lang()));
            std::process::exit(err.exit() as i32)
        }
        _ => std::process::exit(e.exit_code()),
    }
}
