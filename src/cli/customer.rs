//! `svc customer ...` (R8.1).

use clap::Subcommand;
use serde_json::Value;

use super::args::{self, ColumnFlags, ExportArgs, ImportArgs, ListArgs, NewKey};
use super::Ctx;
use crate::customer::{self, Customer, Filter};
use crate::equipment::{self, Equipment};
use crate::error::Result;
use crate::exchange::Record;
use crate::output::Section;
use crate::records;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Add a customer; prints its code
    #[command(
        after_help = "Example:\n  svc customer add --code C0100 --name 北京协和医院 --type hospital --city 北京"
    )]
    Add(Add),
    /// Change some fields of a customer (an empty value clears a field)
    #[command(after_help = "Example:\n  svc customer edit C0100 --phone 010-69156114")]
    Edit(Edit),
    /// Show a customer with its equipment
    #[command(after_help = "Example:\n  svc customer show C0001")]
    Show {
        /// The customer's code
        code: String,
        #[command(flatten)]
        redact: args::Redact,
    },
    /// List customers
    #[command(after_help = "Example:\n  svc customer list --type hospital --province 北京")]
    List(List),
    /// Import customers from CSV, JSON or YAML
    #[command(
        after_help = "Example:\n  svc customer import legacy.csv --encoding gbk --map map.yaml --rejects bad.csv"
    )]
    Import(ImportArgs),
    /// Export customers (canonical columns, by code)
    #[command(after_help = "Example:\n  svc customer export -o customers.csv --bom --redact")]
    Export(ExportArgs),
    /// Delete a customer that has no equipment (the history keeps it)
    #[command(after_help = "Example:\n  svc customer delete C0100")]
    Delete {
        /// The customer's code
        code: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The customer's code [default: the next C-000001]
    #[arg(long)]
    code: Option<String>,
    #[command(flatten)]
    columns: ColumnFlags<Customer>,
}

#[derive(Debug, clap::Args)]
pub struct Edit {
    /// The customer's code
    code: String,
    #[command(flatten)]
    columns: ColumnFlags<Customer>,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only customers of this type
    #[arg(long = "type", ignore_case = true, value_parser = clap::builder::PossibleValuesParser::new(customer::TYPES))]
    kind: Option<String>,
    /// Only customers in this province
    #[arg(long)]
    province: Option<String>,
    /// Only customers in this city
    #[arg(long)]
    city: Option<String>,
    /// Customers whose name contains this
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add(a) => args::add::<Customer>(
            ctx,
            NewKey::Optional(a.code.as_deref(), customer::new_code),
            &[("created_on", ctx.clock.today().to_string())],
            &a.columns.given,
        ),
        Cmd::Edit(e) => args::edit::<Customer>(ctx, &e.code, &e.columns.given),
        Cmd::Show { code, redact } => {
            let db = ctx.open()?;
            // The record's row only: the record itself is dropped here, not kept beside
            // its copy (a 100 MB note would be held twice).
            let row = records::get::<Customer>(db.conn(), &code)?.1.to_row();
            let mut rows = Vec::new();
            let today = ctx.clock.today();
            let filter = equipment::Filter { customer: Some(code.clone()), ..Default::default() };
            equipment::list(db.conn(), &filter, &mut |e: Equipment| {
                rows.push(vec![
                    Value::from(e.serial_no.clone()),
                    Value::from(e.model.clone()),
                    Value::from(e.manufacturer.clone()),
                    Value::from(e.status.clone()),
                    Value::from(equipment::Warranty::of(&e, today).in_words(today, ctx.out.words_lang())),
                ]);
                Ok(())
            })?;
            let mut fields: Vec<(&str, Value)> = Customer::COLUMNS.iter().copied().zip(row).collect();
            let section = Section {
                title: "equipment",
                headers: vec!["serial_no", "model", "manufacturer", "status", "warranty"],
                rows,
            };
            let mut sections = [section, super::visit::needs_section(db.conn(), &code)?];
            redact.apply(&mut fields, &mut sections, Customer::PERSONAL);
            ctx.out.detail(&fields, &sections)?;
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let filter = Filter {
                kind: l.kind.map(|k| k.to_lowercase()),
                province: l.province,
                city: l.city,
                name: l.name,
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(Customer::COLUMNS)?;
            customer::list(db.conn(), &filter, &mut |c| sink.row(&c.to_row()))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Import(a) => args::import::<Customer>(ctx, &a),
        Cmd::Export(a) => args::export::<Customer>(ctx, &a),
        Cmd::Delete { code } => {
            let mut db = ctx.open()?;
            db.write(|tx| customer::delete(tx, &code))?;
            ctx.out.note(crate::admin::admin_customer_deleted(&code));
            Ok(0)
        }
    }
}
