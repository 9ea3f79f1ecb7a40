//! `svc staff ...` (R2.1): staff and their qualification certificates.

use clap::Subcommand;
use serde_json::Value;

use super::args::{self, ColumnFlags, ExportArgs, ImportArgs, ListArgs, NewKey};
use super::Ctx;
use crate::error::Result;
use crate::exchange::{Fields, Record};
use crate::output::Section;
use crate::records;
use crate::staff::{self, CertFilter, Certificate, Filter, Staff};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Add a staff member; prints the code
    #[command(after_help = "Example:\n  svc staff add --code E001 --name 张伟 --role engineer --phone 13900000001")]
    Add(Add),
    /// Change some fields of a staff member (an empty value clears a field)
    #[command(after_help = "Example:\n  svc staff edit E001 --active false\n  svc staff edit E001 --login zhangwei")]
    Edit(Edit),
    /// Show a staff member with their certificates
    #[command(after_help = "Example:\n  svc staff show E001")]
    Show {
        /// The staff code
        code: String,
        #[command(flatten)]
        redact: args::Redact,
    },
    /// List staff
    #[command(
        after_help = "Example:\n  svc staff list --role technician --active\n  svc staff list --uncertified --exit-code   # R2.1: who may not do technical work"
    )]
    List(List),
    /// Import staff from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc staff import staff.csv")]
    Import(ImportArgs),
    /// Export staff
    #[command(after_help = "Example:\n  svc staff export -o staff.csv")]
    Export(ExportArgs),
    /// Qualification certificates: add, import, export
    #[command(
        subcommand,
        after_help = "Example:\n  svc staff cert add E001 --type 医疗器械维修工程师 --number MD-1 --expires 2027-01-09"
    )]
    Cert(CertCmd),
    /// Certificates of active staff, soonest expiry first (the R2.1 cron job)
    #[command(
        after_help = "Example (cron, mails only when something is due):\n  svc staff certs --expiring-within 30d --expired"
    )]
    Certs(Certs),
    /// Record a promotion (or a first grading) along the career ladder (R2.2.3)
    #[command(
        after_help = "Example:\n  svc staff promote E002 --to technician-ii --reason '2025年度考核优秀' --by E005"
    )]
    Promote(Promote),
    /// Each technician's grade, time in grade and which criteria of the next grade they meet (R2.2.3)
    #[command(after_help = "Example:\n  svc staff ladder --eligible")]
    Ladder(Ladder),
}

#[derive(Debug, clap::Args)]
pub struct Promote {
    /// The staff member promoted
    code: String,
    /// The new grade (of the ladder)
    #[arg(long)]
    to: String,
    /// Why: the record HR keeps
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    by: super::StaffBy,
    /// The day it takes effect [default: today]
    #[arg(long, value_name = "DAY")]
    on: Option<chrono::NaiveDate>,
    /// A ladder of your own (YAML) instead of the built-in one
    #[arg(long, value_name = "FILE")]
    ladder: Option<std::path::PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct Ladder {
    /// Only those who meet every criterion of their next grade
    #[arg(long)]
    eligible: bool,
    /// A ladder of your own (YAML) instead of the built-in one
    #[arg(long, value_name = "FILE")]
    ladder: Option<std::path::PathBuf>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
pub enum CertCmd {
    /// Record a certificate held by a staff member; prints its number
    #[command(
        after_help = "Example:\n  svc staff cert add E001 --type 医疗器械维修工程师 --number MD-2024-001 --issued 2024-01-10 --expires 2027-01-09"
    )]
    Add(CertAdd),
    /// Import certificates (staff_code,type,number,issued,expires)
    #[command(after_help = "Example:\n  svc staff cert import certificates.csv")]
    Import(ImportArgs),
    /// Export certificates
    #[command(after_help = "Example:\n  svc staff cert export -o certificates.csv")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The staff code (employee number) [default: the next S-000001]
    #[arg(long)]
    code: Option<String>,
    /// The operating-system login this person runs svc under (an empty value clears it);
    /// with identity.enforce=true, --by STAFF must be the staff member bound to the login
    #[arg(long, value_name = "NAME")]
    login: Option<String>,
    #[command(flatten)]
    columns: ColumnFlags<Staff>,
}

#[derive(Debug, clap::Args)]
pub struct Edit {
    /// The staff code
    code: String,
    /// The operating-system login this person runs svc under (an empty value clears it);
    /// with identity.enforce=true, --by STAFF must be the staff member bound to the login
    #[arg(long, value_name = "NAME")]
    login: Option<String>,
    #[command(flatten)]
    columns: ColumnFlags<Staff>,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only staff with this role
    #[arg(long, ignore_case = true, value_parser = clap::builder::PossibleValuesParser::new(staff::ROLES))]
    role: Option<String>,
    /// Only active staff
    #[arg(long, conflicts_with = "inactive")]
    active: bool,
    /// Only staff who have left
    #[arg(long)]
    inactive: bool,
    /// Only active technicians and engineers holding no valid certificate today (R2.1)
    #[arg(long)]
    uncertified: bool,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct CertAdd {
    /// The holder's staff code
    staff: String,
    /// The kind of certificate (the issuing scheme)
    #[arg(long = "type")]
    kind: String,
    /// The certificate number
    #[arg(long)]
    number: String,
    /// The day it was issued (YYYY-MM-DD)
    #[arg(long)]
    issued: Option<String>,
    /// The day it expires (YYYY-MM-DD)
    #[arg(long)]
    expires: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Certs {
    /// Only this staff member's
    #[arg(long)]
    staff: Option<String>,
    /// Valid certificates expiring within this span: 30d, 8w, 3m
    #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg)]
    expiring_within: Option<i64>,
    /// Certificates already expired
    #[arg(long)]
    expired: bool,
    #[command(flatten)]
    list: ListArgs,
}

const CERT_HEADERS: &[&str] =
    &["staff_code", "staff_name", "type", "number", "issued", "expires", "days_left", "state"];

fn cert_row(c: &staff::CertState) -> Vec<Value> {
    vec![
        Value::from(c.staff_code.clone()),
        Value::from(c.staff_name.clone()),
        Value::from(c.kind.clone()),
        Value::from(c.number.clone()),
        c.issued.clone().map(Value::from).unwrap_or(Value::Null),
        c.expires.clone().map(Value::from).unwrap_or(Value::Null),
        c.days_left.map(Value::from).unwrap_or(Value::Null),
        Value::from(c.state.clone()),
    ]
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add(a) => match &a.login {
            None => {
                args::add::<Staff>(ctx, NewKey::Optional(a.code.as_deref(), staff::new_code), &[], &a.columns.given)
            }
            // The person and their login in one transaction: never one without the other.
            Some(login) => {
                let mut db = ctx.open()?;
                args::created(&mut db, |tx| {
                    let code = match &a.code {
                        Some(c) => c.clone(),
                        None => staff::new_code(tx)?,
                    };
                    let mut fields = Fields::new(Staff::COLUMNS);
                    fields.set(Staff::key_column(), &code);
                    for (column, value) in &a.columns.given {
                        fields.set(column, value.as_deref().unwrap_or(""));
                    }
                    let code = records::add::<Staff>(tx, &fields)?.key();
                    crate::identity::set_login(tx, &code, login)?;
                    Ok(code)
                })
            }
        },
        Cmd::Edit(e) => {
            if let Some(login) = &e.login {
                let mut db = ctx.open()?;
                db.write(|tx| crate::identity::set_login(tx, &e.code, login))?;
                ctx.out.note(match login.trim() {
                    "" => crate::hardening::msg::identity_login_cleared(&e.code),
                    l => crate::hardening::msg::identity_login_set(&e.code, l),
                });
                if e.columns.given.is_empty() {
                    return Ok(0);
                }
            }
            args::edit::<Staff>(ctx, &e.code, &e.columns.given)
        }
        Cmd::Show { code, redact } => {
            let db = ctx.open()?;
            let (_, s) = records::get::<Staff>(db.conn(), &code)?;
            let filter = CertFilter { staff: Some(code.clone()), ..Default::default() };
            let rows = staff::certificates(db.conn(), ctx.clock.now(), &filter)?.iter().map(cert_row).collect();
            let mut fields: Vec<(&str, Value)> = Staff::COLUMNS.iter().copied().zip(s.to_row()).collect();
            fields
                .push(("login", crate::identity::login_of(db.conn(), &code)?.map(Value::from).unwrap_or(Value::Null)));
            let mut sections = vec![Section { title: "certificates", headers: CERT_HEADERS.to_vec(), rows }];
            sections.extend(super::training::staff_sections(ctx, &db, &code)?);
            redact.apply(&mut fields, &mut sections, Staff::PERSONAL);
            ctx.out.detail(&fields, &sections)?;
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let active = if l.active {
                Some(true)
            } else if l.inactive {
                Some(false)
            } else {
                None
            };
            let uncertified_on = l.uncertified.then(|| ctx.clock.today().to_string());
            let filter = Filter { role: l.role.map(|r| r.to_lowercase()), active, uncertified_on, limit: l.list.limit };
            let mut sink = ctx.out.listing(Staff::COLUMNS)?;
            staff::list(db.conn(), &filter, &mut |s| sink.row(&s.to_row()))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Import(a) => args::import::<Staff>(ctx, &a),
        Cmd::Export(a) => args::export::<Staff>(ctx, &a),
        Cmd::Cert(CertCmd::Add(a)) => {
            let mut db = ctx.open()?;
            let mut fields = Fields::new(Certificate::COLUMNS);
            fields.set("staff_code", &a.staff);
            fields.set("type", &a.kind);
            fields.set("number", &a.number);
            fields.set("issued", a.issued.as_deref().unwrap_or(""));
            fields.set("expires", a.expires.as_deref().unwrap_or(""));
            let c = db.write(|tx| records::add::<Certificate>(tx, &fields))?;
            args::print_code(&c.number)
        }
        Cmd::Cert(CertCmd::Import(a)) => args::import::<Certificate>(ctx, &a),
        Cmd::Cert(CertCmd::Export(a)) => args::export::<Certificate>(ctx, &a),
        Cmd::Promote(p) => super::training::promote(ctx, &p.code, &p.to, &p.reason, &p.by.by, p.on, p.ladder.as_ref()),
        Cmd::Ladder(l) => super::training::show_ladder(ctx, l.eligible, l.ladder.as_ref(), &l.list),
        Cmd::Certs(c) => {
            let filter = CertFilter { staff: c.staff, expiring_within: c.expiring_within, expired: c.expired };
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(CERT_HEADERS)?;
            for cert in staff::certificates(db.conn(), ctx.clock.now(), &filter)?
                .iter()
                .take(c.list.limit.map(|n| n as usize).unwrap_or(usize::MAX))
            {
                sink.row(&cert_row(cert))?;
            }
            Ok(c.list.exit(sink.finish()?))
        }
    }
}
