//! `svc equipment ...` (R1.2, R8.1.1).

use clap::Subcommand;
use serde_json::Value;

use super::args::{self, ColumnFlags, ExportArgs, ImportArgs, ListArgs, NewKey};
use super::Ctx;
use crate::customer::Customer;
use crate::equipment::{self, Equipment, Filter};
use crate::error::Result;
use crate::exchange::Record;
use crate::records;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Add a device to the installed base; prints its serial number
    #[command(
        after_help = "Example:\n  svc equipment add --serial-no SN-1 --model PM-9000 --manufacturer 迈瑞 --customer-code C0001 \\\n      --installed-on 2024-05-10 --warranty-until 2027-05-09"
    )]
    Add(Add),
    /// Change some fields of a device (an empty value clears a field)
    #[command(after_help = "Example:\n  svc equipment edit SN-1 --status down --location 'ICU 4F'")]
    Edit(Edit),
    /// Show a device, its owner and its warranty state today
    #[command(after_help = "Example:\n  svc equipment show 00012345")]
    Show {
        /// The device's serial number
        serial_no: String,
    },
    /// List devices
    #[command(
        after_help = "Example:\n  svc equipment list --customer C0001 --status in_service\n  svc equipment list --warranty-expiring-within 90d --exit-code"
    )]
    List(List),
    /// Import devices from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc equipment import equipment.csv --rejects bad.csv")]
    Import(ImportArgs),
    /// Export devices (canonical columns, by serial number)
    #[command(after_help = "Example:\n  svc equipment export -o equipment.csv")]
    Export(ExportArgs),
    /// The model catalogue, with the number of devices of each model
    #[command(after_help = "Example:\n  svc equipment models")]
    Models(ListArgs),
    /// Every repair and maintenance visit of a device: symptom, cause, parts, signature (R8.2, R1.2)
    #[command(after_help = "Example:\n  svc equipment history 00012345")]
    History {
        /// The device's serial number
        serial_no: String,
        #[command(flatten)]
        list: ListArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The device's serial number
    #[arg(long)]
    serial_no: String,
    #[command(flatten)]
    columns: ColumnFlags<Equipment>,
}

#[derive(Debug, clap::Args)]
pub struct Edit {
    /// The device's serial number
    serial_no: String,
    #[command(flatten)]
    columns: ColumnFlags<Equipment>,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Devices of this customer (code)
    #[arg(long)]
    customer: Option<String>,
    /// Only devices of this model
    #[arg(long)]
    model: Option<String>,
    /// Only devices in this state
    #[arg(long, ignore_case = true, value_parser = clap::builder::PossibleValuesParser::new(equipment::STATUSES))]
    status: Option<String>,
    /// Devices whose warranty ends between today and this span from now: 30d, 3m
    #[arg(long, value_name = "SPAN", value_parser = crate::clock::span_arg)]
    warranty_expiring_within: Option<i64>,
    /// Devices whose warranty has ended
    #[arg(long, conflicts_with = "warranty_expiring_within")]
    out_of_warranty: bool,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add(a) => args::add::<Equipment>(ctx, NewKey::Given(&a.serial_no), &[], &a.columns.given),
        Cmd::Edit(e) => args::edit::<Equipment>(ctx, &e.serial_no, &e.columns.given),
        Cmd::Show { serial_no } => {
            let db = ctx.open()?;
            let (_, e) = records::get::<Equipment>(db.conn(), &serial_no)?;
            let (_, owner) = records::get::<Customer>(db.conn(), &e.customer_code)?;
            let mut fields: Vec<(&str, Value)> = Equipment::COLUMNS.iter().copied().zip(e.to_row()).collect();
            fields.insert(4, ("customer_name", Value::from(owner.name)));
            fields.push((
                "warranty",
                Value::from(
                    equipment::Warranty::of(&e, ctx.clock.today()).in_words(ctx.clock.today(), ctx.out.words_lang()),
                ),
            ));
            ctx.out.detail(&fields, &[])?;
            Ok(0)
        }
        Cmd::List(l) => {
            let db = ctx.open()?;
            let today = ctx.clock.today();
            let (warranty_from, warranty_to) = match (l.warranty_expiring_within, l.out_of_warranty) {
                (Some(days), _) => (Some(today.to_string()), Some((today + chrono::Duration::days(days)).to_string())),
                (None, true) => (None, Some((today - chrono::Duration::days(1)).to_string())),
                (None, false) => (None, None),
            };
            let filter = Filter {
                customer: l.customer,
                model: l.model,
                status: l.status.map(|s| s.to_lowercase()),
                warranty_from,
                warranty_to,
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(Equipment::COLUMNS)?;
            equipment::list(db.conn(), &filter, &mut |e| sink.row(&e.to_row()))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Import(a) => args::import::<Equipment>(ctx, &a),
        Cmd::Export(a) => args::export::<Equipment>(ctx, &a),
        Cmd::Models(l) => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(&["model", "manufacturer", "devices", "added_at"])?;
            for m in equipment::models(db.conn())?.into_iter().take(l.limit.map(|n| n as usize).unwrap_or(usize::MAX)) {
                let at = crate::clock::show_local(&m.added_at);
                sink.row(&[
                    Value::from(m.model),
                    Value::from(m.manufacturer),
                    Value::from(m.devices),
                    Value::from(at),
                ])?;
            }
            Ok(l.exit(sink.finish()?))
        }
        Cmd::History { serial_no, list } => {
            let db = ctx.open()?;
            let columns = crate::repair::DEVICE_COLUMNS;
            let mut sink = ctx.out.listing(columns)?;
            let mut n = 0u64;
            crate::repair::device_history(db.conn(), &serial_no, &mut |r| {
                n += 1;
                if list.limit.is_some_and(|l| n > l) {
                    return Ok(());
                }
                sink.row(&crate::output::row_of(columns, &r))
            })?;
            Ok(list.exit(sink.finish()?))
        }
    }
}
