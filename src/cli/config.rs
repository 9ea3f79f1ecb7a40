//! `svc config get|set|list`: the settings (SLA targets, follow-up days, labour rate).

use clap::Subcommand;
use serde_json::json;

use super::Ctx;
use crate::config;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print a setting's value
    #[command(after_help = "Example:\n  svc config get sla.urgent.response")]
    Get {
        /// The setting's name (svc config list shows them all)
        key: String,
    },
    /// Change a setting (checked; the change goes into the history)
    #[command(after_help = "Example:\n  svc config set sla.urgent.response 1h\n  svc config set followup_days 3")]
    Set {
        /// The setting's name (svc config list shows them all)
        key: String,
        /// The new value, in the setting's own form (1h, 3, 120.00)
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Every setting with its value and default
    #[command(after_help = "Example:\n  svc config list")]
    List,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Get { key } => {
            let db = ctx.open()?;
            super::args::print_code(&config::get(db.conn(), &key)?)
        }
        Cmd::Set { key, value } => {
            let mut db = ctx.open()?;
            let stored = db.write(|tx| config::set(tx, &key, &value))?;
            ctx.out.note(format!("{key} = {stored}"));
            Ok(0)
        }
        Cmd::List => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(&["key", "value", "default", "help"])?;
            // The help in the reader's words in a table; csv, json and yaml keep the English.
            let lang = ctx.out.words_lang();
            for (s, value) in config::list(db.conn())? {
                sink.row(&[json!(s.key), json!(value), json!(s.default), json!(s.help_in(lang))])?;
            }
            sink.finish()?;
            Ok(0)
        }
    }
}
