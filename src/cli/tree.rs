//! The command tree, built whole or as the command line needs it.
//!
//! Building every command with its flags and help (about 130 commands) cost more than
//! half of the start-up of a listing, in instructions and in heap pages first touched
//! (docs/performance.md, start-up). A command line reaches one top-level command, so
//! `for_parsing` builds the others as their name and description only, and clap builds
//! the one typed when the parser enters it (`Command::defer`).
//!
//! Only the subcommands of each top-level command wait: the top-level command itself (its
//! name, description, example, and the settings derive gives it) is made as before, and
//! what waits adds subcommands and nothing else, so the order of what `--help` lists and
//! every description are those of the whole tree. Whoever reads the whole tree (shell
//! completions, man pages, the tests that walk every command) takes `Cli::command()`,
//! built whole: clap's `build()` would copy the names of the commands under `help`
//! before it builds what waits. tests/cli_flags.rs proves that every `--help`, `-h` and
//! `svc help ...` reads the same through either tree.

use std::cell::Cell;

use clap::{ArgMatches, Command, CommandFactory, FromArgMatches, Subcommand};

use super::Cli;

thread_local! {
    /// Whether `Cli::command()` is being made for parsing (subcommands as needed).
    static AS_NEEDED: Cell<bool> = const { Cell::new(false) };
}

/// The tree the command line is parsed with: each top-level command's subcommands are
/// built when the parser enters that command.
pub fn for_parsing() -> Command {
    AS_NEEDED.with(|m| m.set(true));
    let cmd = Cli::command();
    AS_NEEDED.with(|m| m.set(false));
    cmd
}

/// The subcommands `T` of a top-level command, added to it when the command is built
/// (for parsing), or at once (the whole tree).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: Command) -> Command {
        if AS_NEEDED.with(Cell::get) {
            cmd.defer(T::augment_subcommands)
        } else {
            T::augment_subcommands(cmd)
        }
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        if AS_NEEDED.with(Cell::get) {
            cmd.defer(T::augment_subcommands_for_update)
        } else {
            T::augment_subcommands_for_update(cmd)
        }
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}
