//! `svc audit ...` (R7.1, R7.2): the standards register, internal inspections, record
//! sampling checked by the machine, findings and their rectification until re-checked.

use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::json;

use super::args::{self, At, ListArgs, StaffBy};
use super::Ctx;
use crate::error::Result;
use crate::output::{row_of, Section};
use crate::quality::{audit, files, finding, msg, sample, standard, template};

/// A day flag's value, for clap: the forms an import accepts, kept as `YYYY-MM-DD`.
fn day_arg(s: &str) -> std::result::Result<String, super::args::BadDate> {
    super::args::day_arg(s).map(|d| d.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Plan an internal inspection; prints its code
    #[command(after_help = "Example:\n  a=$(svc audit plan --scope repairs --on 2026-03-20 --auditor E005)")]
    Plan {
        /// What is inspected: repairs, parts, tickets, followups, complaints, a site or a staff member
        #[arg(long)]
        scope: String,
        /// The day it is to be held
        #[arg(long, value_name = "DATE", value_parser = day_arg)]
        on: String,
        /// Who inspects (staff code)
        #[arg(long, value_name = "STAFF")]
        auditor: String,
    },
    /// Hold a planned inspection: findings may be recorded
    #[command(after_help = "Example:\n  svc audit open A-000001")]
    Open {
        /// The inspection's code (A-000001)
        audit: String,
        #[command(flatten)]
        at: At,
    },
    /// Close an inspection with its summary (its findings go on until re-checked)
    #[command(after_help = "Example:\n  svc audit close A-000001 --summary '抽查20单，发现问题3项'")]
    Close {
        /// The inspection's code (A-000001)
        audit: String,
        /// What the inspection found, in a sentence or two
        #[arg(long)]
        summary: String,
        #[command(flatten)]
        at: At,
    },
    /// Cancel a planned inspection
    #[command(after_help = "Example:\n  svc audit cancel A-000002 --reason '与外审冲突，改期'")]
    Cancel {
        /// The inspection's code (A-000001)
        audit: String,
        /// Why it is cancelled
        #[arg(long)]
        reason: String,
    },
    /// List inspections; --overdue: planned ones whose day has passed (cron)
    #[command(after_help = "Example:\n  svc audit list --status open\n  svc audit list --overdue --exit-code")]
    List {
        /// Only those in this state
        #[arg(long, value_parser = PossibleValuesParser::new(audit::STATUSES))]
        status: Option<String>,
        /// Planned inspections not held by their day
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show an inspection with its findings and timeline
    #[command(after_help = "Example:\n  svc audit show A-000001")]
    Show {
        /// The inspection's code (A-000001)
        audit: String,
    },
    /// Draw signed repairs reproducibly and check each against the rules; failures become findings
    #[command(
        after_help = "Example:\n  svc audit sample A-000001 --repairs 20 --since 2026-01-01 --seed 7\n\nChecks: consent before work and parts within the consented plan (R3.3.2), a passing inspection \
before the report (R3.4.1), the report signed and frozen (R3.4.2), the follow-up held by its day (R3.5.1), the \
ticket's SLA met (R3.2.1), diagnosis, report and finish time present (R8.2.1)."
    )]
    Sample {
        /// The open inspection's code (A-000001)
        audit: String,
        /// How many signed repairs to draw
        #[arg(long, value_name = "N", value_parser = args::count_arg)]
        repairs: Option<u64>,
        /// How many closed tickets to draw (assigned, answered, resolution recorded, SLA met)
        #[arg(long, value_name = "N", value_parser = args::count_arg)]
        tickets: Option<u64>,
        /// How many posted stock counts to draw (every line counted, variance explained, posted)
        #[arg(long, value_name = "N", value_parser = args::count_arg)]
        counts: Option<u64>,
        /// How many receipts to draw (incoming inspection before stock)
        #[arg(long, value_name = "N", value_parser = args::count_arg)]
        receipts: Option<u64>,
        // --since/--until: when the records were finished (signed, closed, posted, received).
        #[command(flatten)]
        period: args::Period,
        /// The seed of the draw: the same seed draws the same records [default: from the clock, printed]
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Record a finding by hand (what data cannot show: attitude, tidiness, documents); prints its code
    #[command(
        after_help = "Example:\n  svc audit finding --audit A-000001 --severity minor --clause R4.2.3 --record WH1 \\\n      --description '库房灭火器过期' --owner E003 --deadline 2026-03-31"
    )]
    Finding {
        /// The open inspection it belongs to
        #[arg(long)]
        audit: Option<String>,
        /// How serious: major, minor or observation
        #[arg(long, value_parser = PossibleValuesParser::new(finding::SEVERITIES))]
        severity: String,
        /// The clause of the regulation (R3.4.1)
        #[arg(long)]
        clause: String,
        /// The record it is about (a code)
        #[arg(long)]
        record: Option<String>,
        /// What was found
        #[arg(long)]
        description: String,
        /// Who raises it [default: the inspection's auditor]
        #[arg(long, value_name = "STAFF")]
        by: Option<String>,
        /// Who rectifies it (staff code)
        #[arg(long, value_name = "STAFF", requires = "deadline")]
        owner: Option<String>,
        /// Rectify by this day
        #[arg(long, value_name = "DATE", value_parser = day_arg, requires = "owner")]
        deadline: Option<String>,
    },
    /// Apply a filled checklist sheet (YAML) to an open inspection: every failed item becomes a finding
    #[command(after_help = "Example:\n  svc audit checklist A-000001 examples/checklists/service-site.yaml")]
    Checklist {
        /// The open inspection's code (A-000001)
        audit: String,
        /// The filled sheet: checklist (template code), version, items with id, result, note, record
        file: std::path::PathBuf,
    },
    /// Give a finding its owner and deadline: a rectification notice (整改通知)
    #[command(after_help = "Example:\n  svc audit assign F-000001 --owner E003 --deadline 2026-03-31")]
    Assign {
        /// The finding's code (F-000001)
        finding: String,
        /// Who rectifies it (staff code)
        #[arg(long, value_name = "STAFF")]
        owner: String,
        /// Rectify by this day
        #[arg(long, value_name = "DATE", value_parser = day_arg)]
        deadline: String,
    },
    /// Record the rectification taken (not by the auditor who raised it)
    #[command(after_help = "Example:\n  svc audit rectify F-000001 --action '已更换灭火器并建立月检表' --by E003")]
    Rectify {
        /// The finding's code (F-000001)
        finding: String,
        /// What was done to rectify it
        #[arg(long)]
        action: String,
        #[command(flatten)]
        by: StaffBy,
        #[command(flatten)]
        at: At,
    },
    /// Re-check a rectification: effective closes it, not effective sends it back with a new deadline
    #[command(
        after_help = "Example:\n  svc audit recheck F-000001 --by E005 --result effective --note '现场复查合格'\n  svc audit recheck F-000001 --by E005 --result not-effective --note '月检表未执行' --deadline 2026-04-15"
    )]
    Recheck {
        /// The finding's code (F-000001)
        finding: String,
        #[command(flatten)]
        by: StaffBy,
        /// Whether the rectification worked
        #[arg(long, value_parser = PossibleValuesParser::new(finding::RESULTS))]
        result: String,
        /// What the re-check found
        #[arg(long)]
        note: String,
        /// The next round's deadline, when not effective
        #[arg(long, value_name = "DATE", value_parser = day_arg)]
        deadline: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// List findings; --overdue / --due-within for the morning cron job (silent when nothing is due)
    #[command(
        after_help = "Example:\n  svc audit findings --audit A-000001\n  svc audit findings --overdue --exit-code\n  svc audit findings --due-within 7d"
    )]
    Findings {
        /// The inspection's code (A-000001)
        #[arg(long)]
        audit: Option<String>,
        /// Only those in this state
        #[arg(long, value_parser = PossibleValuesParser::new(finding::FLOW.statuses))]
        status: Option<String>,
        /// Only this owner's (staff code)
        #[arg(long)]
        owner: Option<String>,
        /// Only findings of this severity
        #[arg(long, value_parser = PossibleValuesParser::new(finding::SEVERITIES))]
        severity: Option<String>,
        /// Not closed and past the deadline
        #[arg(long, conflicts_with = "due_within")]
        overdue: bool,
        /// Not closed and due within this span (30d, 2w), overdue ones too
        #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg)]
        due_within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Print a finding as a rectification notice (整改通知) with every round (--format md|html)
    #[command(after_help = "Example:\n  svc audit notice F-000001 --format md > notice.md")]
    Notice {
        /// The finding's code (F-000001)
        finding: String,
    },
    /// The quality standards register (R7.1): versions never change, a revision adds one
    #[command(
        subcommand,
        after_help = "Example:\n  svc audit standard list --review-due --within 30d --exit-code\n  svc audit standard revise QS-REP-01 --effective-on 2026-07-01"
    )]
    Standard(StandardCmd),
    /// Checklist templates: the versioned questions of an inspection's checklist
    #[command(
        subcommand,
        after_help = "Example:\n  svc audit template import examples/checklists/service-site-template.yaml\n  svc audit template sheet QC-SITE -o site.yaml"
    )]
    Template(TemplateCmd),
    /// Import inspections, findings or rectification rounds (a legacy register, another svc's export),
    /// each row through the write of its command; import them in that order
    #[command(
        after_help = "Example:\n  svc audit import inspections inspections.csv\n  svc audit import findings findings.csv --rejects bad.csv\n  svc audit import rectifications rectifications.csv"
    )]
    Import {
        /// What the file holds
        #[arg(value_enum)]
        what: Records,
        #[command(flatten)]
        args: args::ImportArgs,
    },
    /// Export inspections, findings or rectification rounds (canonical columns, times in UTC)
    #[command(after_help = "Example:\n  svc audit export findings -o findings.csv")]
    Export {
        /// What to export
        #[arg(value_enum)]
        what: Records,
        #[command(flatten)]
        args: args::ExportArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// Import a checklist template (YAML): version 1, or the next version of a changed text
    #[command(
        after_help = "Example:\n  svc audit template import site.yaml\n  svc audit template import site.yaml --reason '增加消防通道检查项'"
    )]
    Import {
        /// The template: code, title, items with id, clause, question, severity
        file: std::path::PathBuf,
        /// Why the text changed (required for a new version)
        #[arg(long)]
        reason: Option<String>,
    },
    /// List the latest version of each template (every version with --all-versions)
    #[command(after_help = "Example:\n  svc audit template list --all-versions")]
    List {
        /// Only this template
        code: Option<String>,
        /// Every version, not only the latest
        #[arg(long)]
        all_versions: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show a version's questions (the latest unless --version)
    #[command(after_help = "Example:\n  svc audit template show QC-SITE --version 1")]
    Show {
        /// The template's code
        code: String,
        /// Which version [default: the latest]
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// Write the sheet to fill in on site (YAML) for 'svc audit checklist A FILE'
    #[command(after_help = "Example:\n  svc audit template sheet QC-SITE -o site-2026-03.yaml")]
    Sheet {
        /// The template's code
        code: String,
        /// Which version [default: the latest]
        #[arg(long, value_name = "N")]
        version: Option<i64>,
        /// Write to this file instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Replace an existing file
        #[arg(long)]
        force: bool,
    },
}

/// The records of internal inspections that move as files, in the order they import.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Records {
    Inspections,
    Findings,
    Rectifications,
}

#[derive(Debug, Subcommand)]
pub enum StandardCmd {
    /// Register a standard (version 1)
    #[command(
        after_help = "Example:\n  svc audit standard add QS-REP-01 --title '维修作业规范' --step repair --effective-on 2026-01-01 \\\n      --owner E005 --review-months 12 --file docs/QS-REP-01.pdf"
    )]
    Add {
        /// The standard's code (QS-REP-01)
        code: String,
        #[command(flatten)]
        fields: StandardFields,
    },
    /// Register the next version of a standard; what is not given stays as it was
    #[command(
        after_help = "Example:\n  svc audit standard revise QS-REP-01 --effective-on 2026-07-01 --file docs/QS-REP-01-v2.pdf"
    )]
    Revise {
        /// The standard's code (QS-REP-01)
        code: String,
        #[command(flatten)]
        fields: StandardFields,
    },
    /// List the latest version of each standard; --review-due for cron
    #[command(
        after_help = "Example:\n  svc audit standard list --step repair\n  svc audit standard list --review-due --within 30d --exit-code"
    )]
    List {
        /// Only standards for this step of the service
        #[arg(long, value_parser = PossibleValuesParser::new(standard::STEPS))]
        step: Option<String>,
        /// Every version, not only the latest
        #[arg(long)]
        all_versions: bool,
        /// Only standards due for review (today, or within --within)
        #[arg(long)]
        review_due: bool,
        /// With --review-due: due within this span
        #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg, requires = "review_due")]
        within: Option<i64>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show every version of a standard
    #[command(after_help = "Example:\n  svc audit standard show QS-REP-01")]
    Show {
        /// The standard's code (QS-REP-01)
        code: String,
    },
    /// Import versions of standards (a legacy register): each the next version of its code
    #[command(after_help = "Example:\n  svc audit standard import register.csv --encoding gbk --rejects bad.csv")]
    Import(args::ImportArgs),
    /// Export every version of every standard
    #[command(after_help = "Example:\n  svc audit standard export -o standards.csv")]
    Export(args::ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct StandardFields {
    /// The standard's title
    #[arg(long)]
    title: Option<String>,
    /// The step of the service it governs
    #[arg(long, value_parser = PossibleValuesParser::new(standard::STEPS))]
    step: Option<String>,
    /// The day this version takes effect
    #[arg(long, value_name = "DATE", value_parser = day_arg)]
    effective_on: Option<String>,
    /// Who owns it (staff code)
    #[arg(long, value_name = "STAFF")]
    owner: Option<String>,
    /// Months between reviews [default: 12, or the previous version's]
    #[arg(long, value_name = "N")]
    review_months: Option<i64>,
    /// The document's file: its path is kept with its SHA-256
    #[arg(long, value_name = "PATH")]
    file: Option<String>,
}

impl StandardFields {
    fn fields(self) -> standard::Fields {
        standard::Fields {
            title: self.title,
            step: self.step,
            effective_on: self.effective_on,
            owner: self.owner,
            review_months: self.review_months,
            file: self.file,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    let write =
        |f: &dyn Fn(&crate::db::Tx) -> Result<()>, done: crate::words::Msg| args::write(ctx, f, done.to_string());
    let today = || ctx.clock.today().to_string();
    match cmd {
        Cmd::Plan { scope, on, auditor } => {
            let mut db = ctx.open()?;
            let code = db.write(|tx| audit::plan(tx, &scope, &on, &auditor))?;
            args::print_code(&code)
        }
        Cmd::Open { audit: a, at: At { at } } => write(&|tx| audit::open(tx, &a, at), msg::audit_opened(&a)),
        Cmd::Close { audit: a, summary, at: At { at } } => {
            write(&|tx| audit::close(tx, &a, &summary, at), msg::audit_closed(&a))
        }
        Cmd::Cancel { audit: a, reason } => write(&|tx| audit::cancel(tx, &a, &reason), msg::audit_cancelled(&a)),
        Cmd::List { status, overdue, list } => {
            let db = ctx.open()?;
            let filter =
                audit::Filter { status, overdue_before: overdue.then(today), limit: list.limit, ..Default::default() };
            let mut sink = ctx.out.listing(audit::LIST_COLUMNS)?;
            audit::list(db.conn(), &filter, &mut |l| sink.row(&row_of(audit::LIST_COLUMNS, &l)))?;
            Ok(list.exit(sink.finish()?))
        }
        Cmd::Show { audit: a } => {
            let db = ctx.open()?;
            audit::state(db.conn(), &a)?;
            let mut fields = Vec::new();
            audit::list(db.conn(), &audit::Filter { code: Some(a.clone()), ..Default::default() }, &mut |l| {
                fields = audit::LIST_COLUMNS.iter().copied().zip(row_of(audit::LIST_COLUMNS, &l)).collect();
                Ok(())
            })?;
            let headers = ["code", "severity", "clause", "record", "description", "owner", "deadline", "status"];
            let mut rows = Vec::new();
            finding::list(
                db.conn(),
                &finding::Filter { audit: Some(a.clone()), ..Default::default() },
                &today(),
                &mut |f| {
                    rows.push(row_of(&headers, &f));
                    Ok(())
                },
            )?;
            let timeline = super::ticket::timeline(db.conn(), "audit", &a)?;
            ctx.out.detail(
                &fields,
                &[
                    Section { title: "findings", headers: headers.to_vec(), rows },
                    Section {
                        title: "checklists",
                        headers: crate::quality::checklist::APPLIED_COLUMNS.to_vec(),
                        rows: crate::quality::checklist::applied(db.conn(), audit::state(db.conn(), &a)?.id)?,
                    },
                    Section { title: "timeline", headers: vec!["at", "actor", "action", "detail"], rows: timeline },
                ],
            )?;
            Ok(0)
        }
        Cmd::Sample { audit: a, repairs, tickets, counts, receipts, period, seed } => {
            use sample::Kind;
            let asked: Vec<(Kind, u64)> = [
                (Kind::Repairs, repairs),
                (Kind::Tickets, tickets),
                (Kind::Counts, counts),
                (Kind::Receipts, receipts),
            ]
            .into_iter()
            .filter_map(|(k, n)| n.map(|n| (k, n)))
            .collect();
            if asked.is_empty() {
                return Err(crate::error::Error::Msg(crate::error::Kind::Usage, msg::sample_nothing_asked()));
            }
            let seed = seed.unwrap_or_else(|| ctx.clock.now().timestamp().unsigned_abs());
            let (since, until) = period.stored();
            let mut db = ctx.open()?;
            let sampled = db.write(|tx| {
                let mut all = Vec::new();
                for (kind, n) in &asked {
                    all.extend(sample::records(tx, &a, *kind, *n, since.as_deref(), until.as_deref(), seed)?);
                }
                Ok(all)
            })?;
            let findings: usize = sampled.iter().map(|s| s.findings.split_whitespace().count()).sum();
            let count = sampled.len() as i64;
            let mut sink = ctx.out.listing(sample::COLUMNS)?;
            for s in &sampled {
                sink.row(&row_of(sample::COLUMNS, s))?;
            }
            sink.finish()?;
            ctx.out.note(msg::audit_sampled(&a, count, seed.to_string(), findings as i64));
            Ok(0)
        }
        Cmd::Finding { audit: a, severity, clause, record, description, by, owner, deadline } => {
            let new = finding::NewFinding {
                audit: a,
                source: "manual",
                severity,
                clause,
                record,
                description,
                by,
                owner,
                deadline,
            };
            let mut db = ctx.open()?;
            let code = db.write(|tx| finding::add(tx, &new))?;
            args::print_code(&code)
        }
        Cmd::Checklist { audit: a, file } => {
            let yaml = crate::safe_input::text(&file, crate::safe_input::too_long)?;
            let name = file.display().to_string();
            let mut db = ctx.open()?;
            let answers = db.write(|tx| crate::quality::checklist::apply(tx, &a, &name, &yaml))?;
            let columns = crate::quality::checklist::COLUMNS;
            let mut sink = ctx.out.listing(columns)?;
            for x in &answers {
                sink.row(&row_of(columns, x))?;
            }
            sink.finish()?;
            let findings = answers.iter().filter(|x| x.finding.is_some()).count() as i64;
            ctx.out.note(msg::checklist_applied(&a, answers.len() as i64, findings));
            Ok(0)
        }
        Cmd::Assign { finding: f, owner, deadline } => {
            write(&|tx| finding::assign(tx, &f, &owner, &deadline), msg::finding_assigned(&f, &owner, &deadline))
        }
        Cmd::Rectify { finding: f, action, by, at: At { at } } => {
            write(&|tx| finding::rectify(tx, &f, &action, &by.by, at), msg::finding_rectified(&f))
        }
        Cmd::Recheck { finding: f, by, result, note, deadline, at: At { at } } => {
            let mut db = ctx.open()?;
            let to = db.write(|tx| finding::recheck(tx, &f, &by.by, &result, &note, deadline.as_deref(), at))?;
            ctx.out.note(if to == "closed" { msg::finding_closed(&f) } else { msg::finding_reopened(&f) });
            Ok(0)
        }
        Cmd::Findings { audit: a, status, owner, severity, overdue, due_within, list } => {
            let db = ctx.open()?;
            let due_by = match (overdue, due_within) {
                (true, _) => Some(crate::due::Window::overdue(ctx.clock.now()).last_day_text()),
                (false, Some(days)) => Some(crate::due::Window::within(ctx.clock.now(), days).last_day_text()),
                _ => None,
            };
            let filter =
                finding::Filter { audit: a, status, owner, severity, due_by, limit: list.limit, ..Default::default() };
            let mut sink = ctx.out.listing(finding::LIST_COLUMNS)?;
            finding::list(db.conn(), &filter, &today(), &mut |l| sink.row(&row_of(finding::LIST_COLUMNS, &l)))?;
            Ok(list.exit(sink.finish()?))
        }
        Cmd::Notice { finding: f } => {
            let db = ctx.open()?;
            let mut fields = vec![("document", json!("整改通知 / rectification notice"))];
            fields.extend(finding::detail(db.conn(), &f, &today())?);
            let rounds = finding::rounds(db.conn(), &f)?;
            ctx.out.detail(
                &fields,
                &[Section { title: "rounds", headers: finding::ROUND_COLUMNS.to_vec(), rows: rounds }],
            )?;
            Ok(0)
        }
        Cmd::Standard(cmd) => standard_cmd(ctx, cmd),
        Cmd::Template(cmd) => template_cmd(ctx, cmd),
        Cmd::Import { what, args: a } => match what {
            Records::Inspections => args::import::<audit::Inspection>(ctx, &a),
            Records::Findings => args::import::<files::Finding>(ctx, &a),
            Records::Rectifications => args::import::<files::Round>(ctx, &a),
        },
        Cmd::Export { what, args: a } => match what {
            Records::Inspections => args::export::<audit::Inspection>(ctx, &a),
            Records::Findings => args::export::<files::Finding>(ctx, &a),
            Records::Rectifications => args::export::<files::Round>(ctx, &a),
        },
    }
}

fn standard_cmd(ctx: &Ctx, cmd: StandardCmd) -> Result<i32> {
    match cmd {
        StandardCmd::Add { code, fields } => write_standard(ctx, &code, fields.fields(), false),
        StandardCmd::Import(a) => args::import::<standard::Standard>(ctx, &a),
        StandardCmd::Export(a) => args::export::<standard::Standard>(ctx, &a),
        StandardCmd::Revise { code, fields } => write_standard(ctx, &code, fields.fields(), true),
        StandardCmd::List { step, all_versions, review_due, within, list } => {
            let db = ctx.open()?;
            let review_by =
                review_due.then(|| crate::due::Window::within(ctx.clock.now(), within.unwrap_or(0)).last_day_text());
            let filter = standard::Filter { step, all_versions, review_by, limit: list.limit, ..Default::default() };
            let mut sink = ctx.out.listing(standard::COLUMNS)?;
            standard::list(db.conn(), &filter, &mut |s| sink.row(&row_of(standard::COLUMNS, &s)))?;
            Ok(list.exit(sink.finish()?))
        }
        StandardCmd::Show { code } => {
            let db = ctx.open()?;
            if standard::latest(db.conn(), &code)?.is_none() {
                return Err(crate::error::Error::not_found(msg::standard_not_found(&code)));
            }
            let filter = standard::Filter { code: Some(code), all_versions: true, ..Default::default() };
            let mut sink = ctx.out.listing(standard::COLUMNS)?;
            standard::list(db.conn(), &filter, &mut |s| sink.row(&row_of(standard::COLUMNS, &s)))?;
            sink.finish()?;
            Ok(0)
        }
    }
}

fn template_cmd(ctx: &Ctx, cmd: TemplateCmd) -> Result<i32> {
    match cmd {
        TemplateCmd::Import { file, reason } => {
            crate::safe_output::protect(&file);
            let yaml = crate::safe_input::text(&file, crate::safe_input::too_long)?;
            let name = file.display().to_string();
            let mut db = ctx.open()?;
            let done = db.write(|tx| template::import(tx, &name, &yaml, reason.as_deref()))?;
            ctx.out.note(if done.changed {
                msg::template_imported(&done.code, done.version)
            } else {
                msg::template_unchanged(&done.code, done.version)
            });
            Ok(0)
        }
        TemplateCmd::List { code, all_versions, list } => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(template::COLUMNS)?;
            template::list(db.conn(), code.as_deref(), all_versions, &mut |l| {
                sink.row(&row_of(template::COLUMNS, &l))
            })?;
            Ok(list.exit(sink.finish()?))
        }
        TemplateCmd::Show { code, version } => {
            let db = ctx.open()?;
            let v = template::get(db.conn(), &code, version)?;
            let fields = vec![("code", json!(v.code)), ("version", json!(v.version)), ("title", json!(v.title))];
            let headers = vec!["id", "clause", "question", "severity"];
            let rows = v.items.iter().map(|q| vec![json!(q.id), json!(q.clause), json!(q.question), json!(q.severity)]);
            ctx.out.detail(&fields, &[Section { title: "items", headers, rows: rows.collect() }])?;
            Ok(0)
        }
        TemplateCmd::Sheet { code, version, output, force } => {
            let db = ctx.open()?;
            let text = template::sheet(&template::get(db.conn(), &code, version)?);
            match output {
                Some(path) => crate::safe_output::write(&path, text.as_bytes(), force)?,
                None => print!("{text}"),
            }
            Ok(0)
        }
    }
}

fn write_standard(ctx: &Ctx, code: &str, fields: standard::Fields, revise: bool) -> Result<i32> {
    let mut db = ctx.open()?;
    let version = db.write(|tx| standard::write(tx, code, &fields, revise))?;
    ctx.out.note(msg::standard_added(code, version));
    Ok(0)
}

/// The quality part of `svc demo`'s tour: the inspection's findings and the complaints.
pub fn demo_show(db: &crate::db::Db, ctx: &Ctx, out: &crate::output::Out) -> Result<()> {
    let title = |text: crate::words::Msg| {
        if out.format == crate::exchange::sink::OutFormat::Table {
            println!("\n== {text}");
        }
    };
    title(msg::quality_demo_inspections());
    // The demo shows every area under one command: each table is labelled as its own
    // command labels it (a complaint's `received` is when it came in).
    crate::words::catalogue::set_label_scope("audit");
    let mut sink = out.listing(audit::LIST_COLUMNS)?;
    audit::list(db.conn(), &audit::Filter::default(), &mut |l| sink.row(&row_of(audit::LIST_COLUMNS, &l)))?;
    sink.finish()?;
    let mut sink = out.listing(finding::LIST_COLUMNS)?;
    let today = ctx.clock.today().to_string();
    finding::list(db.conn(), &finding::Filter::default(), &today, &mut |l| {
        sink.row(&row_of(finding::LIST_COLUMNS, &l))
    })?;
    sink.finish()?;
    title(msg::quality_demo_complaints());
    crate::words::catalogue::set_label_scope("complaint");
    let now = ctx.clock.now_text();
    let mut sink = out.listing(crate::quality::complaint::LIST_COLUMNS)?;
    crate::quality::complaint::list(db.conn(), &Default::default(), &now, &mut |l| {
        sink.row(&row_of(crate::quality::complaint::LIST_COLUMNS, &l))
    })?;
    sink.finish()?;
    Ok(())
}
