//! The command line: clap definitions and thin handlers. A handler turns arguments into
//! a call of an area's API and prints the result; rules live in the areas.

mod args;
mod audit;
mod calendar;
mod complaint;
mod config;
mod customer;
mod db;
mod demo;
mod drill;
mod due;
pub mod early;
mod equipment;
mod history;
mod incident;
mod kb;
mod maint;
mod meta;
mod parts;
mod repair;
mod sla;
mod staff;
mod survey;
mod ticket;
mod training;
mod transfer;
pub mod tree;
mod visit;
pub mod zone;

/// A date flag's refused value as svc's error (exit 5), for main (issue 9).
pub use args::date_flag_error;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::db::Db;
use crate::error::Result;
use crate::exchange::sink::OutFormat;
use crate::output::{ColorChoice, Out};
use crate::words::catalogue::{set_lang, Lang};

use tree::Deferred;

pub use args::{At, ExportArgs, ImportArgs, ListArgs, Period, PersonBy, StaffBy, TechnicianBy};

#[derive(Debug, Parser)]
#[command(
    name = "svc",
    version,
    about = "After-sales service records for medical equipment, in one SQLite file",
    long_about = "svc keeps every record an after-sales service regulation asks for (customers, installed \
equipment, staff and certificates, tickets and repairs with their consent, inspections and signed reports, \
follow-ups and surveys, spare parts and their ledger, ...) in one SQLite file, and lets every procedure be scripted.\n\n\
Exit codes: 0 ok; 1 internal or I/O error (or rows printed, with --exit-code); 2 usage; 3 not found; \
4 refused by a rule; 5 invalid input data (nothing written); 6 database busy past the timeout, or newer than this svc.",
    after_help = "Example:\n  svc init && svc customer import customers.csv --map map.yaml --rejects bad.csv\n\n\
中文：svc --lang zh-CN ...（或 SVC_LANG=zh-CN；LANG=zh_CN.UTF-8 时默认中文）"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// The database file
    #[arg(long, global = true, env = "SVC_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Output format [default: table on a terminal, else csv]; for imports, the input format
    #[arg(long, global = true, value_enum)]
    pub format: Option<OutFormat>,
    /// Who is acting, for the history [default: the login name]
    #[arg(long, global = true, env = "SVC_ACTOR")]
    pub actor: Option<String>,
    /// Colour in tables (NO_COLOR is honoured with auto)
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// No messages on stderr, only errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Show and read times in this zone for this run (+08:00, UTC, Asia/Shanghai, local)
    /// [default: the database's setting time.zone]
    #[arg(long, global = true, env = "SVC_TZ", value_name = "ZONE")]
    pub tz: Option<String>,
    /// Language of what people read: zh-CN (简体中文) or en [default: from LC_ALL, LC_MESSAGES, LANG]
    #[arg(long, global = true, env = "SVC_LANG", value_name = "zh-CN|en", value_parser = lang_arg)]
    pub lang: Option<Lang>,
}

impl Global {
    /// The language asked for: --lang, SVC_LANG, else the locale's.
    pub fn language(&self) -> Lang {
        self.lang.unwrap_or_else(early::locale_language)
    }
}

fn lang_arg(s: &str) -> std::result::Result<Lang, String> {
    Lang::from_tag(s).ok_or_else(|| "use zh-CN or en".to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database file (owner-only) or bring an existing one up to date
    #[command(after_help = "Example:\n  svc --db /srv/svc/service.db init")]
    Init,
    /// Customers (R8.1)
    #[command(subcommand, after_help = "Example:\n  svc customer list --type hospital\n  svc customer show C0001")]
    Customer(Deferred<customer::Cmd>),
    /// The installed base: equipment sold and where it stands (R1.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc equipment list --customer C0001\n  svc equipment list --warranty-expiring-within 90d"
    )]
    Equipment(Deferred<equipment::Cmd>),
    /// Staff and their qualification certificates (R2.1)
    #[command(
        subcommand,
        after_help = "Example:\n  svc staff list --active\n  svc staff certs --expiring-within 30d --expired"
    )]
    Staff(Deferred<staff::Cmd>),
    /// Tickets: intake to close, with SLA clocks (R3.1, R3.2.1)
    #[command(
        subcommand,
        after_help = "Example:\n  svc ticket open --customer C0001 --equipment 00012345 --channel hotline --kind fault --symptom '黑屏'\n  svc ticket list --overdue --exit-code"
    )]
    Ticket(Deferred<ticket::Cmd>),
    /// Repairs: diagnosis, plan and consent, work, inspection, signed report, follow-up (R3.2–R3.5)
    #[command(
        subcommand,
        after_help = "Example:\n  svc repair open --ticket T-000001\n  svc repair followups --overdue --exit-code"
    )]
    Repair(Deferred<repair::Cmd>),
    /// Periodic satisfaction surveys (R3.5.2)
    #[command(subcommand, after_help = "Example:\n  svc survey import answers.csv && svc survey list")]
    Survey(Deferred<survey::Cmd>),
    /// Everything due or overdue across the areas, most overdue first: the morning cron job
    #[command(after_help = due::after_help())]
    Due(due::Args),
    /// Settings: SLA targets, follow-up days, safety check days, labour rate
    #[command(subcommand, after_help = "Example:\n  svc config list\n  svc config set sla.urgent.response 1h")]
    Config(Deferred<config::Cmd>),
    /// Spare parts: catalogue, suppliers, stock ledger, purchasing, counts, requisitions (R4)
    #[command(
        subcommand,
        after_help = "Example:\n  svc parts stock --below-min\n  svc parts count start --location WH1"
    )]
    Parts(Deferred<parts::Cmd>),
    /// The working calendar: holidays and 调休 days, for SLA clocks in working hours
    #[command(
        subcommand,
        after_help = "Example:\n  svc calendar import examples/calendar/cn-2026.csv\n  svc calendar days --from 2026-09-26"
    )]
    Calendar(Deferred<calendar::Cmd>),
    /// SLA targets per customer class: rules per customer type or group (R8.1.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc sla group add 合同医院 C0001 C0003\n  svc sla rule set group:合同医院 --priority urgent --response 2h --resolution 24h"
    )]
    Sla(Deferred<sla::Cmd>),
    /// The change history: who changed what, when, before and after
    #[command(after_help = "Example:\n  svc history C0001\n  svc history --entity customer --since 2026-01-01")]
    History(history::Args),
    /// Database maintenance: integrity check and online backup
    #[command(subcommand, after_help = "Example:\n  svc db check && svc db backup /backup/svc-$(date +%F).db")]
    Db(Deferred<db::Cmd>),
    /// Export the whole database into a directory: a restorable dump and one file per area
    #[command(after_help = "Example:\n  svc export backup-2026-11/")]
    Export(transfer::ExportDir),
    /// Restore a dump written by 'svc export' into an empty database, or merge its files (--flat)
    #[command(
        after_help = "Example:\n  svc --db new.db import backup-2026-11/\n  svc import other-site/ --flat --mode skip"
    )]
    Import(transfer::ImportDir),
    /// Build a demonstration database from the bundled example data and show it
    #[command(after_help = "Example:\n  svc demo && svc --db svc-demo.db customer list\n  svc demo /tmp/try.db")]
    Demo(demo::Args),
    /// Staff training and exchanges, required training, the career ladder (R2.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc training add --title 'PM-9000 维修培训' --kind manufacturer --topics model:PM-9000 --starts-on 2026-03-02 --hours 16\n  svc training due --within 30d --exit-code"
    )]
    Training(Deferred<training::Cmd>),
    /// Performance appraisal computed from the records (R2.3)
    #[command(
        subcommand,
        after_help = "Example:\n  svc appraisal run --period 2026-Q1\n  svc appraisal show AP-000001 --format html > appraisal.html"
    )]
    Appraisal(Deferred<training::AppraisalCmd>),
    /// Emergency plans, drills and reserves (R6.1, R6.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc drill plan import examples/plans/ct-down-emergency.yaml\n  svc drill plan check --exit-code"
    )]
    Drill(Deferred<drill::Cmd>),
    /// Emergency incidents: activate a plan, report upwards, close and review (R6.3)
    #[command(subcommand, after_help = "Example:\n  svc incident list --overdue --exit-code")]
    Incident(Deferred<incident::Cmd>),
    /// The support archive: questions and answers, documents, Chinese full-text search (R5.1)
    #[command(subcommand, after_help = "Example:\n  svc kb search 黑屏 --model PM-9000\n  svc kb show KB-000001")]
    Kb(Deferred<kb::Cmd>),
    /// Return visits to customers: their needs, the advice given, the next visit (R5.1.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc visit due --within 7d --exit-code\n  svc visit list --customer C0001"
    )]
    Visit(Deferred<visit::Cmd>),
    /// Preventive maintenance: plans per model, schedules, due lists, visits, reports (R1.2)
    #[command(
        subcommand,
        after_help = "Example:\n  svc maint plan import plan.yaml\n  svc maint due --within 30d --exit-code"
    )]
    Maint(Deferred<maint::Cmd>),
    /// Print shell completions
    #[command(after_help = "Example:\n  svc completions bash > /etc/bash_completion.d/svc")]
    Completions(meta::Completions),
    /// Print a man page (roff), or write one per command with --dir
    #[command(
        after_help = "Example:\n  svc man > svc.1 && man ./svc.1\n  svc man ticket open | man -l -\n  svc man --dir /usr/local/share/man/man1"
    )]
    Man(meta::Man),
    /// Quality (R7.1, R7.2): standards register, internal inspections, sampling, findings and rectification
    #[command(
        subcommand,
        after_help = "Example:\n  svc audit sample A-000001 --repairs 20 --since 2026-01-01 --seed 7\n  svc audit findings --overdue --exit-code"
    )]
    Audit(Deferred<audit::Cmd>),
    /// Complaints (R7.3): intake, investigation, the customer's answer, closure, adverse events
    #[command(
        subcommand,
        after_help = "Example:\n  svc complaint list --overdue --exit-code\n  svc complaint list --reportable --exit-code"
    )]
    Complaint(Deferred<complaint::Cmd>),
    /// Service figures, analyses and the monthly report, from the records (R8.3, R8.2.2, R7.3.3, R3.5.2)
    #[command(
        subcommand,
        after_help = "Example:
  svc report kpi --from 2026-11-01 --to 2026-11-30 --by technician
  svc report faults --by model
  svc report monthly --month 2026-11 -o 2026-11.html"
    )]
    Report(Deferred<crate::report::ReportCmd>),
}

/// What every handler gets: the global options, resolved.
pub struct Ctx {
    pub global: Global,
    pub out: Out,
    pub clock: Clock,
}

impl Ctx {
    pub fn db_path(&self) -> PathBuf {
        self.global.db.clone().unwrap_or_else(|| PathBuf::from("svc.db"))
    }

    /// Who is acting: --actor, SVC_ACTOR, the login name. Every history entry names
    /// someone, even under cron where USER may be unset.
    pub fn actor(&self) -> String {
        self.global
            .actor
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| crate::os_account::current().login())
    }

    pub fn open(&self) -> Result<Db> {
        let db = Db::open(&self.db_path(), &self.actor(), self.clock)?;
        announce_upgrade(&db);
        Ok(db)
    }

    /// The input format the user asked for with --format, if any (a table is no input).
    pub fn input_format(&self) -> Result<Option<crate::exchange::Format>> {
        use crate::exchange::Format;
        Ok(match self.global.format {
            None => None,
            Some(OutFormat::Csv) => Some(Format::Csv),
            Some(OutFormat::Json) => Some(Format::Json),
            Some(OutFormat::Yaml) => Some(Format::Yaml),
            Some(OutFormat::Xlsx) => Some(Format::Workbook),
            Some(OutFormat::Ics) => {
                return Err(crate::error::Error::Msg(crate::error::Kind::Usage, crate::maint::msg::ics_only()))
            }
            Some(OutFormat::Table | OutFormat::Md | OutFormat::Html) => {
                return Err(crate::error::Error::Msg(
                    crate::error::Kind::Usage,
                    crate::words::m::cli_files_for_people(),
                ))
            }
        })
    }
}

/// Run the command; the result is the process's exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // Everything people read is rendered on this thread, from here to the error the edge
    // prints: the language is set once, before anything can be said.
    set_lang(cli.global.language());
    let clock = Clock::from_env()?;
    let out = Out::new(cli.global.format, cli.global.color, cli.global.quiet);
    let ctx = Ctx { global: cli.global, out, clock };
    crate::identity::guard(|| ctx.open())?;
    let result = match cli.command {
        Command::Init => db::init(&ctx),
        Command::Customer(Deferred(cmd)) => customer::run(&ctx, cmd),
        Command::Equipment(Deferred(cmd)) => equipment::run(&ctx, cmd),
        Command::Staff(Deferred(cmd)) => staff::run(&ctx, cmd),
        Command::Parts(Deferred(cmd)) => parts::run(&ctx, cmd),
        Command::Ticket(Deferred(cmd)) => ticket::run(&ctx, cmd),
        Command::Repair(Deferred(cmd)) => repair::run(&ctx, cmd),
        Command::Survey(Deferred(cmd)) => survey::run(&ctx, cmd),
        Command::Due(args) => due::run(&ctx, args),
        Command::Config(Deferred(cmd)) => config::run(&ctx, cmd),
        Command::History(args) => history::run(&ctx, args),
        Command::Calendar(Deferred(cmd)) => calendar::run(&ctx, cmd),
        Command::Sla(Deferred(cmd)) => sla::run(&ctx, cmd),
        Command::Db(Deferred(cmd)) => db::run(&ctx, cmd),
        Command::Export(args) => transfer::export(&ctx, args),
        Command::Import(args) => transfer::import(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Drill(Deferred(cmd)) => drill::run(&ctx, cmd),
        Command::Incident(Deferred(cmd)) => incident::run(&ctx, cmd),
        Command::Kb(Deferred(cmd)) => kb::run(&ctx, cmd),
        Command::Visit(Deferred(cmd)) => visit::run(&ctx, cmd),
        Command::Maint(Deferred(cmd)) => maint::run(&ctx, cmd),
        Command::Completions(args) => meta::completions(args),
        Command::Man(a) => meta::man(a),
        Command::Training(Deferred(cmd)) => training::run(&ctx, cmd),
        Command::Appraisal(Deferred(cmd)) => training::appraisal(&ctx, cmd),
        Command::Report(Deferred(cmd)) => crate::report::run(&ctx, cmd),
        Command::Audit(Deferred(cmd)) => audit::run(&ctx, cmd),
        Command::Complaint(Deferred(cmd)) => complaint::run(&ctx, cmd),
    };
    // Warnings raised on the way (a technician lacking a model's training) are said last.
    for w in crate::training::take_warnings() {
        ctx.out.note(crate::training::msg::training_warning(w.to_string()));
    }
    result
}

/// Say on stderr that the file was migrated, and where its copy from before is. The
/// backup is said even with -q: a new file holding personal data appeared beside it.
pub fn announce_upgrade(db: &Db) {
    if let Some(u) = &db.upgraded {
        if let Some(backup) = &u.backup {
            use std::io::Write;
            let said =
                crate::db::msg::db_upgraded(db.path.display().to_string(), u.from, backup.display().to_string(), u.to);
            let _ = writeln!(std::io::stderr(), "{said}");
        }
    }
}
