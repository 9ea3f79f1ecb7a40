//! `svc parts ...` (R4): catalogue, suppliers, locations, stock and its ledger,
//! purchasing and incoming inspection, stock counts, requisitions and tracing.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{json, Value};

use super::args::{self, listing, At, ColumnFlags, ExportArgs, ImportArgs, ListArgs, NewKey, StaffBy};
use super::Ctx;
use crate::error::{Error, Kind, Result};
use crate::exchange::sink::Sink;
use crate::exchange::{Encoding, Record};
use crate::output::{row_of, Section};
use crate::parts::catalogue::{self, Filter};
use crate::parts::stock::{self, Manual, OpeningStock, StockFilter};
use crate::parts::{count, location, msg, purchase, requisition, supplier, LineArg, Part, Supplier};
use crate::records;
use crate::words::m;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Add a part to the catalogue; prints its part number
    #[command(
        after_help = "Example:\n  svc parts add --part-no 0012-A --name 'SpO2 sensor' --category sensors --min-qty 5 --unit-cost 380.00"
    )]
    Add(Add),
    /// Change some fields of a part (an empty value clears a field)
    #[command(after_help = "Example:\n  svc parts edit 0012-A --min-qty 10 --reorder-qty 20")]
    Edit(Edit),
    /// Show a part with its stock by location and lot
    #[command(after_help = "Example:\n  svc parts show 0012-A")]
    Show {
        /// The part number
        part_no: String,
    },
    /// List the catalogue
    #[command(after_help = "Example:\n  svc parts list --category sensors --active")]
    List(List),
    /// Import parts from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc parts import parts.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export the catalogue (canonical columns, by part number)
    #[command(after_help = "Example:\n  svc parts export -o parts.csv --bom")]
    Export(ExportArgs),
    /// Suppliers and their qualification (R4.1.2)
    #[command(subcommand, after_help = "Example:\n  svc parts supplier list")]
    Supplier(SupplierCmd),
    /// Warehouse locations: a warehouse and its bins (R4.2.1)
    #[command(subcommand, after_help = "Example:\n  svc parts location add WH1 --bin A-01 --category sensors")]
    Location(LocationCmd),
    /// Stock on hand by part, location and lot, valued at moving average cost
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Example:\n  svc parts stock --part 0012-A\n  svc parts stock --below-min --exit-code\n  svc parts stock import opening.csv"
    )]
    Stock(Stock),
    /// Every movement of a part, with the running balance (the stock ledger)
    #[command(after_help = "Example:\n  svc parts ledger 0012-A")]
    Ledger {
        /// The part number
        part_no: String,
    },
    /// Move stock from one location to another
    #[command(
        after_help = "Example:\n  svc parts transfer 0012-A --from WH1/A-01 --to WH2 --qty 5 --reason 'branch stock'"
    )]
    Transfer(TransferArgs),
    /// Correct stock outside a count (a signed quantity), with a reason
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  svc parts adjust 0012-A --location WH1/A-01 --qty -2 --reason 'damaged in storage'"
    )]
    Adjust(AdjustArgs),
    /// Take parts out of stock as scrap (damaged, expired), with a reason
    #[command(after_help = "Example:\n  svc parts scrap 0012-A --location WH1 --lot L2301 --qty 3 --reason expired")]
    Scrap(ScrapArgs),
    /// Reverse a movement with its mirror image (the ledger is never edited)
    #[command(after_help = "Example:\n  svc parts reverse 1234 --reason 'posted to the wrong bin'")]
    Reverse {
        /// The movement's id, from 'svc parts ledger'
        movement: i64,
        /// Why the entry is reversed (kept in the ledger)
        #[arg(long)]
        reason: String,
    },
    /// Parts with stock and no movement for a long time (R4.2.2)
    #[command(after_help = "Example:\n  svc parts slow --days 180")]
    Slow(SlowArgs),
    /// The purchase plan: what to order, from whom, to stay above the minimums (R4.1.1);
    /// --needs: what open repairs and the maintenance due soon need, against stock
    #[command(
        after_help = "Examples:\n  svc parts plan --format csv > plan.csv\n  svc parts plan --needs --within 30d --short --exit-code\n  svc parts plan --requisition --by E002"
    )]
    Plan(PlanArgs),
    /// Purchase orders (R4.1.2) and deliveries into quarantine
    #[command(subcommand, after_help = "Example:\n  svc parts po list --overdue")]
    Po(PoCmd),
    /// Receipt lines: what arrived, and what waits for incoming inspection
    #[command(after_help = "Example:\n  svc parts receipts --quarantine")]
    Receipts(ReceiptsArgs),
    /// Incoming inspection of a receipt: accepted parts enter stock, rejected go back (R4.1.3)
    #[command(
        after_help = "Example:\n  svc parts inspect RC-000001 --reject 0012-A:2 --accept-rest --by ST01 --note 'connector bent'"
    )]
    Inspect(InspectArgs),
    /// Stock counts: freeze, count on a sheet, submit, review, post (R4.2.2)
    #[command(
        subcommand,
        after_help = "Example:\n  c=$(svc parts count start --location WH1) && svc parts count sheet $c -o sheet.csv --bom"
    )]
    Count(CountCmd),
    /// Requisitions: request, approve, issue, return (R4.3)
    #[command(subcommand, after_help = "Example:\n  svc parts req list --outstanding")]
    Req(ReqCmd),
    /// Warehouse safety checks: fire, damp, theft (R4.2.3)
    #[command(subcommand, after_help = "Example:\n  svc parts safety due --every 30d --exit-code")]
    Safety(SafetyCmd),
    /// Which repairs and devices a part, or one lot of it, went into (R4.3.2)
    #[command(after_help = "Example:\n  svc parts trace 0012-A --lot L2301")]
    Trace {
        /// The part number
        part_no: String,
        /// Only this lot
        #[arg(long)]
        lot: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The part number (the user's own key)
    #[arg(long)]
    part_no: String,
    #[command(flatten)]
    columns: ColumnFlags<Part>,
}

#[derive(Debug, clap::Args)]
pub struct Edit {
    /// The part number
    part_no: String,
    #[command(flatten)]
    columns: ColumnFlags<Part>,
}

#[derive(Debug, clap::Args)]
pub struct List {
    /// Only parts of this category
    #[arg(long)]
    category: Option<String>,
    /// Parts whose name, spec or model contains this
    #[arg(long)]
    text: Option<String>,
    /// Only active parts
    #[arg(long, conflicts_with = "inactive")]
    active: bool,
    /// Only inactive parts
    #[arg(long)]
    inactive: bool,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
pub enum SupplierCmd {
    /// Add a supplier; prints its code
    #[command(
        after_help = "Example:\n  svc parts supplier add --name 深圳某医疗配件公司 --licence-no 粤械经营-2024-001 --licence-expires 2028-12-31 --rating 4"
    )]
    Add(SupplierAdd),
    /// Change some fields of a supplier
    #[command(after_help = "Example:\n  svc parts supplier edit SUP-000001 --licence-expires 2030-12-31")]
    Edit(SupplierEdit),
    /// Show a supplier with its purchase orders
    #[command(after_help = "Example:\n  svc parts supplier show SUP-000001")]
    Show {
        /// The supplier's code
        code: String,
        #[command(flatten)]
        redact: args::Redact,
    },
    /// List suppliers
    #[command(after_help = "Example:\n  svc parts supplier list")]
    List(ListArgs),
    /// Import suppliers from CSV, JSON or YAML
    #[command(after_help = "Example:\n  svc parts supplier import suppliers.csv")]
    Import(ImportArgs),
    /// Export suppliers
    #[command(after_help = "Example:\n  svc parts supplier export -o suppliers.csv --redact")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct SupplierAdd {
    /// The supplier's code [default: the next SUP-000001]
    #[arg(long)]
    code: Option<String>,
    #[command(flatten)]
    columns: ColumnFlags<Supplier>,
}

#[derive(Debug, clap::Args)]
pub struct SupplierEdit {
    /// The supplier's code
    code: String,
    #[command(flatten)]
    columns: ColumnFlags<Supplier>,
}

#[derive(Debug, Subcommand)]
pub enum LocationCmd {
    /// Add a warehouse, or a bin in one
    #[command(
        after_help = "Example:\n  svc parts location add WH1\n  svc parts location add WH1 --bin A-01 --category sensors"
    )]
    Add {
        /// The warehouse
        warehouse: String,
        /// The bin (shelf place) in the warehouse
        #[arg(long, default_value = "")]
        bin: String,
        /// The category of parts this bin holds
        #[arg(long)]
        category: Option<String>,
        /// What the location is for
        #[arg(long)]
        note: Option<String>,
    },
    /// List locations
    #[command(after_help = "Example:\n  svc parts location list --warehouse WH1")]
    List {
        /// Only this warehouse
        #[arg(long)]
        warehouse: Option<String>,
    },
    /// Import locations: location (WH1 or WH1/A-01), category, note
    #[command(after_help = "Example:\n  svc parts location import bins.csv")]
    Import(ImportArgs),
    /// Export locations
    #[command(after_help = "Example:\n  svc parts location export -o bins.csv")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct Stock {
    #[command(subcommand)]
    import: Option<StockCmd>,
    /// Only this part
    #[arg(long)]
    part: Option<String>,
    /// Only this location (WH1/A-01), or a whole warehouse (WH1)
    #[arg(long)]
    location: Option<String>,
    /// Only parts of this category
    #[arg(long)]
    category: Option<String>,
    /// One row per part: on hand against min_qty
    #[arg(long)]
    by_part: bool,
    /// Only parts whose usable (unexpired) stock is below min_qty (implies --by-part)
    #[arg(long)]
    below_min: bool,
    /// Include lines with nothing left on hand
    #[arg(long)]
    zero: bool,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
pub enum StockCmd {
    /// Load opening stock: part_no, location, lot, qty, unit_cost[, expiry]
    #[command(after_help = "Example:\n  svc parts stock import opening.csv --encoding gbk --rejects bad.csv")]
    Import(ImportArgs),
    /// Export stock on hand as opening-stock lines (valued at moving average cost)
    #[command(after_help = "Example:\n  svc parts stock export -o stock.csv --bom")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct TransferArgs {
    /// The part number
    part_no: String,
    /// The location the stock leaves (WH1/A-01)
    #[arg(long)]
    from: String,
    /// The location the stock goes to (WH1/A-01)
    #[arg(long)]
    to: String,
    /// How many to move
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(1..=crate::money::MAX_QTY))]
    qty: i64,
    /// The lot, when the part is tracked by lot
    #[arg(long, default_value = "")]
    lot: String,
    /// Why the stock moves (kept in the ledger)
    #[arg(long)]
    reason: String,
}

#[derive(Debug, clap::Args)]
pub struct AdjustArgs {
    /// The part number
    part_no: String,
    /// The stock location (WH1/A-01)
    #[arg(long)]
    location: String,
    /// Signed: +3 found, -2 lost
    #[arg(long, allow_hyphen_values = true,
          value_parser = clap::value_parser!(i64).range(-crate::money::MAX_QTY..=crate::money::MAX_QTY))]
    qty: i64,
    /// The lot, when the part is tracked by lot
    #[arg(long, default_value = "")]
    lot: String,
    /// Why the count was wrong (kept in the ledger)
    #[arg(long)]
    reason: String,
}

#[derive(Debug, clap::Args)]
pub struct ScrapArgs {
    /// The part number
    part_no: String,
    /// The stock location (WH1/A-01)
    #[arg(long)]
    location: String,
    /// How many to scrap
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(1..=crate::money::MAX_QTY))]
    qty: i64,
    /// The lot, when the part is tracked by lot
    #[arg(long, default_value = "")]
    lot: String,
    /// Why the stock is scrapped (kept in the ledger)
    #[arg(long)]
    reason: String,
}

#[derive(Debug, clap::Args)]
pub struct SlowArgs {
    /// Idle for at least this long
    #[arg(long, value_parser = crate::clock::span_arg, default_value = "180d", value_name = "SPAN")]
    days: i64,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
pub enum SafetyCmd {
    /// Record a safety check of a warehouse; an issue needs --note
    #[command(
        after_help = "Example:\n  svc parts safety check WH1 --fire ok --damp issue --security ok --humidity 78 \\\n      --note '东墙渗水，已开除湿机，配件移至B区' --by E004"
    )]
    Check {
        /// The warehouse
        warehouse: String,
        /// Extinguishers in date, exits clear, no hazards stored
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::safety::RESULTS))]
        fire: String,
        /// Dry: no leaks, humidity within limits
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::safety::RESULTS))]
        damp: String,
        /// Locks, access control, no signs of theft
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::safety::RESULTS))]
        security: String,
        /// °C
        #[arg(long, allow_hyphen_values = true)]
        temperature: Option<f64>,
        /// Relative humidity, %
        #[arg(long)]
        humidity: Option<f64>,
        /// What was found and done
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        by: StaffBy,
        #[command(flatten)]
        at: At,
    },
    /// List checks, newest first
    #[command(after_help = "Example:\n  svc parts safety list --warehouse WH1 --issues")]
    List {
        /// Only this warehouse
        #[arg(long)]
        warehouse: Option<String>,
        /// Only checks that found something
        #[arg(long)]
        issues: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Warehouses not checked within a span (never checked included): a cron job
    #[command(after_help = "Example:\n  svc parts safety due --every 30d --exit-code")]
    Due {
        /// How often each warehouse is checked
        #[arg(long, value_parser = crate::clock::span_arg, default_value = "30d", value_name = "SPAN")]
        every: i64,
        #[command(flatten)]
        list: ListArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum PoCmd {
    /// Create a purchase order; prints its code
    #[command(
        after_help = "Example:\n  svc parts po create --supplier SUP-000001 --line 0012-A:20:350.00:2026-04-01 \\\n      --standard 'GB 9706.1-2020' --note 'contract HT-2026-031'"
    )]
    Create {
        /// The supplier's code
        #[arg(long)]
        supplier: String,
        /// PARTNO:QTY:PRICE[:DELIVERY_DATE], once per part
        #[arg(long = "line", required = true, value_name = "LINE")]
        lines: Vec<String>,
        /// The quality standard the contract names
        #[arg(long)]
        standard: Option<String>,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// List purchase orders
    #[command(after_help = "Example:\n  svc parts po list --overdue --exit-code")]
    List(PoList),
    /// Show an order with its lines and receipts
    #[command(after_help = "Example:\n  svc parts po show PO-000001")]
    Show {
        /// The purchase order's code (PO-000001)
        po: String,
    },
    /// Cancel an open order
    #[command(after_help = "Example:\n  svc parts po cancel PO-000001 --reason 'supplier cannot deliver'")]
    Cancel {
        /// The purchase order's code (PO-000001)
        po: String,
        /// Why it is cancelled
        #[arg(long)]
        reason: String,
    },
    /// Receive a delivery into quarantine; prints the receipt's code
    #[command(
        after_help = "Example:\n  svc parts po receive PO-000001 --location WH1/A-01 --line 0012-A:20:L2603:2028-03-01"
    )]
    Receive {
        /// The purchase order's code (PO-000001)
        po: String,
        /// Where the goods are put (in quarantine until inspected)
        #[arg(long)]
        location: String,
        /// PARTNO:QTY[:LOT[:EXPIRY]]
        #[arg(long = "line", required = true, value_name = "LINE")]
        lines: Vec<String>,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct PoList {
    /// Only those in this state
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::purchase::ORDER.statuses))]
    status: Option<String>,
    /// Only this supplier's orders
    #[arg(long)]
    supplier: Option<String>,
    /// Open orders with a delivery date passed and goods still missing
    #[arg(long)]
    overdue: bool,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct ReceiptsArgs {
    /// Only receipts waiting for inspection
    #[arg(long)]
    quarantine: bool,
    /// Only receipts of this order
    #[arg(long)]
    po: Option<String>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The receipt's code
    receipt: String,
    /// PARTNO:QTY[:LOT] accepted into stock
    #[arg(long)]
    accept: Vec<String>,
    /// PARTNO:QTY[:LOT] rejected, back to the supplier
    #[arg(long)]
    reject: Vec<String>,
    /// Accept everything not rejected
    #[arg(long)]
    accept_rest: bool,
    #[command(flatten)]
    by: StaffBy,
    /// A note for the record
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CountCmd {
    /// Freeze the book quantities in scope; prints the count's code
    #[command(after_help = "Example:\n  svc parts count start --location WH1 --category sensors")]
    Start {
        /// A warehouse (WH1) or one bin (WH1/A-01) [default: every location]
        #[arg(long)]
        location: Option<String>,
        /// Only parts of this category
        #[arg(long)]
        category: Option<String>,
    },
    /// Write the count sheet to fill in (Excel, WPS)
    #[command(
        after_help = "Example:\n  svc parts count sheet CNT-000001 -o sheet.csv --bom --blind\n  svc parts count sheet CNT-000001 -o sheet.csv --encoding gbk"
    )]
    Sheet {
        /// The stock count's code
        count: String,
        /// Leave the book quantities out, so counters are not led by them
        #[arg(long)]
        blind: bool,
        /// Only the lines asked to be counted again
        #[arg(long)]
        recount_only: bool,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Read a filled-in sheet back: each counted quantity sets its line
    #[command(after_help = "Example:\n  svc parts count submit CNT-000001 sheet.csv")]
    Submit {
        /// The stock count's code
        count: String,
        /// The sheet (csv, json or yaml), or - for stdin
        file: PathBuf,
        /// Input encoding of the sheet
        #[arg(long, value_enum, default_value = "auto")]
        encoding: Encoding,
        /// A lot found on the shelf that is truly new, though one character away from a
        /// lot of the count (consecutive lots: B2508 beside B2507); repeat for each
        #[arg(long = "new-lot", value_name = "LOT")]
        new_lots: Vec<String>,
        /// A workbook's sheet, by name or number from 1 [default: one named after the
        /// count, else the one sheet whose header names the count sheet's columns]
        #[arg(long, value_name = "NAME|N")]
        sheet: Option<String>,
    },
    /// Lines that differ from the books (or are not counted yet), with value
    #[command(after_help = "Example:\n  svc parts count variance CNT-000001 --exit-code")]
    Variance {
        /// The stock count's code
        count: String,
        /// Every line, matching ones too
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Ask for a second count of some parts
    #[command(after_help = "Example:\n  svc parts count recount CNT-000001 --part 0012-A")]
    Recount {
        /// The stock count's code
        count: String,
        /// A part number to count again, once per part
        #[arg(long = "part", required = true)]
        parts: Vec<String>,
    },
    /// Post the count: one adjustment per differing line
    #[command(after_help = "Example:\n  svc parts count post CNT-000001 --reason monthly-count")]
    Post {
        /// The stock count's code
        count: String,
        /// Why the books change (a reason code, e.g. monthly-count)
        #[arg(long)]
        reason: String,
    },
    /// Cancel an open count (nothing is adjusted)
    #[command(after_help = "Example:\n  svc parts count cancel CNT-000001 --reason 'started by mistake'")]
    Cancel {
        /// The stock count's code
        count: String,
        /// Why it is cancelled
        #[arg(long)]
        reason: String,
    },
    /// List counts
    #[command(after_help = "Example:\n  svc parts count list --status open")]
    List {
        /// Only those in this state
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::count::FLOW.statuses))]
        status: Option<String>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show a count and all its lines
    #[command(after_help = "Example:\n  svc parts count show CNT-000001")]
    Show {
        /// The stock count's code
        count: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReqCmd {
    /// Fill in a requisition for a repair; prints its code
    #[command(after_help = "Example:\n  svc parts req create --repair R-000045 --line 0012-A:1 --by ST02")]
    Create {
        /// The repair the parts are for (its device is where they go)
        #[arg(long)]
        repair: String,
        /// PARTNO:QTY, once per part
        #[arg(long = "line", required = true, value_name = "LINE")]
        lines: Vec<String>,
        /// Who asks (staff code) [default: the actor, if on the staff list]
        #[arg(long, value_name = "STAFF")]
        by: Option<String>,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Approve a pending requisition (not your own)
    #[command(after_help = "Example:\n  svc parts req approve RQ-000001 --by ST05")]
    Approve {
        /// The requisition's code (RQ-000001)
        requisition: String,
        #[command(flatten)]
        by: StaffBy,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Reject a pending requisition
    #[command(after_help = "Example:\n  svc parts req reject RQ-000001 --by ST05 --note 'use the refurbished one'")]
    Reject {
        /// The requisition's code (RQ-000001)
        requisition: String,
        #[command(flatten)]
        by: StaffBy,
        /// A note for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Issue parts against an approved requisition (first expiry first out)
    #[command(
        after_help = "Example:\n  svc parts req issue RQ-000001\n  svc parts req issue RQ-000001 --line 0012-A:1:L2301 --from WH1"
    )]
    Issue {
        /// The requisition's code (RQ-000001)
        requisition: String,
        /// PARTNO:QTY[:LOT]; without lines, everything outstanding
        #[arg(long = "line", value_name = "LINE")]
        lines: Vec<String>,
        /// Issue only from this warehouse or bin
        #[arg(long)]
        from: Option<String>,
    },
    /// Take back unused parts to where they came from
    #[command(after_help = "Example:\n  svc parts req return RQ-000001 --line 0012-A:1")]
    Return {
        /// The requisition's code (RQ-000001)
        requisition: String,
        /// PARTNO:QTY[:LOT]
        #[arg(long = "line", required = true, value_name = "LINE")]
        lines: Vec<String>,
    },
    /// Close a requisition: nothing more is issued on it (what was issued stays issued)
    #[command(after_help = "Example:\n  svc parts req cancel RQ-000001 --reason '维修取消'")]
    Cancel {
        /// The requisition's code (RQ-000001)
        requisition: String,
        /// Why it is cancelled
        #[arg(long)]
        reason: String,
    },
    /// List requisitions
    #[command(after_help = "Example:\n  svc parts req list --outstanding --exit-code")]
    List(ReqList),
    /// Show a requisition with its lines
    #[command(after_help = "Example:\n  svc parts req show RQ-000001")]
    Show {
        /// The requisition's code (RQ-000001)
        requisition: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct ReqList {
    /// Only those in this state
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::parts::requisition::FLOW.statuses))]
    status: Option<String>,
    /// Only requisitions for this repair (R-000001)
    #[arg(long)]
    repair: Option<String>,
    /// Approved and not yet issued in full
    #[arg(long)]
    outstanding: bool,
    #[command(flatten)]
    list: ListArgs,
}

fn lines(specs: &[String], form: &str, max_rest: usize) -> Result<Vec<LineArg>> {
    specs.iter().map(|s| LineArg::parse(s, form, max_rest)).collect()
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Add(a) => args::add::<Part>(ctx, NewKey::Given(&a.part_no), &[], &a.columns.given),
        Cmd::Edit(e) => args::edit::<Part>(ctx, &e.part_no, &e.columns.given),
        Cmd::Show { part_no } => show_part(ctx, &part_no),
        Cmd::List(l) => {
            let db = ctx.open()?;
            let filter = Filter {
                category: l.category,
                text: l.text,
                active: if l.active {
                    Some(true)
                } else if l.inactive {
                    Some(false)
                } else {
                    None
                },
                limit: l.list.limit,
            };
            let mut sink = ctx.out.listing(Part::COLUMNS)?;
            catalogue::list(db.conn(), &filter, &mut |p| sink.row(&p.to_row()))?;
            Ok(l.list.exit(sink.finish()?))
        }
        Cmd::Import(a) => args::import::<Part>(ctx, &a),
        Cmd::Export(a) => args::export::<Part>(ctx, &a),
        Cmd::Supplier(cmd) => run_supplier(ctx, cmd),
        Cmd::Location(cmd) => run_location(ctx, cmd),
        Cmd::Stock(s) => run_stock(ctx, s),
        Cmd::Ledger { part_no } => {
            let db = ctx.open()?;
            let id = stock::part_id(db.conn(), &part_no)?;
            listing(ctx, stock::LEDGER_COLUMNS, None, |each| stock::ledger(db.conn(), id, each))
        }
        Cmd::Transfer(t) => {
            let mut db = ctx.open()?;
            db.write(|tx| {
                stock::manual(tx, Manual::Transfer { to: &t.to }, &t.part_no, &t.from, &t.lot, t.qty, &t.reason)
            })?;
            ctx.out.note(msg::parts_transferred(t.qty, &t.part_no, &t.from, &t.to));
            Ok(0)
        }
        Cmd::Adjust(a) => {
            let mut db = ctx.open()?;
            db.write(|tx| {
                stock::manual(tx, Manual::Adjust { qty: a.qty }, &a.part_no, &a.location, &a.lot, 0, &a.reason)
            })?;
            ctx.out.note(msg::parts_adjusted(&a.part_no, &a.location, format!("{:+}", a.qty)));
            Ok(0)
        }
        Cmd::Scrap(s) => {
            let mut db = ctx.open()?;
            db.write(|tx| stock::manual(tx, Manual::Scrap, &s.part_no, &s.location, &s.lot, s.qty, &s.reason))?;
            ctx.out.note(msg::parts_scrapped(s.qty, &s.part_no, &s.location));
            Ok(0)
        }
        Cmd::Reverse { movement, reason } => {
            let mut db = ctx.open()?;
            let id = db.write(|tx| stock::reverse(tx, movement, &reason))?;
            args::print_code(&id.to_string())
        }
        Cmd::Slow(s) => {
            let db = ctx.open()?;
            let now = ctx.clock.now_text();
            listing(ctx, stock::SLOW_COLUMNS, Some(&s.list), |each| stock::slow(db.conn(), &now, s.days, each))
        }
        Cmd::Plan(p) => run_plan(ctx, p),
        Cmd::Po(cmd) => run_po(ctx, cmd),
        Cmd::Receipts(r) => {
            let db = ctx.open()?;
            let status = r.quarantine.then_some("quarantine");
            listing(ctx, purchase::RECEIPT_COLUMNS, Some(&r.list), |each| {
                purchase::receipts(db.conn(), status, r.po.as_deref(), each)
            })
        }
        Cmd::Inspect(i) => {
            let inspection = purchase::Inspection {
                receipt: i.receipt.clone(),
                accept: lines(&i.accept, purchase::DECIDE_FORM, 1)?,
                reject: lines(&i.reject, purchase::DECIDE_FORM, 1)?,
                accept_rest: i.accept_rest,
                by: i.by.by,
                note: i.note,
            };
            let mut db = ctx.open()?;
            db.write(|tx| purchase::inspect(tx, &inspection))?;
            ctx.out.note(msg::parts_inspected(&i.receipt));
            Ok(0)
        }
        Cmd::Count(cmd) => run_count(ctx, cmd),
        Cmd::Req(cmd) => run_req(ctx, cmd),
        Cmd::Safety(cmd) => run_safety(ctx, cmd),
        Cmd::Trace { part_no, lot, list } => {
            let db = ctx.open()?;
            listing(ctx, requisition::TRACE_COLUMNS, Some(&list), |each| {
                requisition::trace(db.conn(), &part_no, lot.as_deref(), each)
            })
        }
    }
}

fn run_safety(ctx: &Ctx, cmd: SafetyCmd) -> Result<i32> {
    use crate::parts::safety;
    match cmd {
        SafetyCmd::Check {
            warehouse,
            fire,
            damp,
            security,
            temperature,
            humidity,
            note,
            by: StaffBy { by },
            at: At { at },
        } => {
            let check = safety::NewCheck { warehouse, fire, damp, security, temperature, humidity, note, by, at };
            let mut db = ctx.open()?;
            db.write(|tx| safety::check(tx, &check))?;
            ctx.out.note(msg::parts_safety_recorded(&check.warehouse));
            Ok(0)
        }
        SafetyCmd::List { warehouse, issues, list } => {
            let db = ctx.open()?;
            listing(ctx, safety::CHECK_COLUMNS, Some(&list), |each| {
                safety::list(db.conn(), warehouse.as_deref(), issues, each)
            })
        }
        SafetyCmd::Due { every, list } => {
            let db = ctx.open()?;
            let window = crate::due::Window::within(ctx.clock.now(), 0);
            listing(ctx, safety::DUE_COLUMNS, Some(&list), |each| safety::due(db.conn(), &window, every, each))
        }
    }
}

fn show_part(ctx: &Ctx, part_no: &str) -> Result<i32> {
    let db = ctx.open()?;
    let (id, part) = records::get::<Part>(db.conn(), part_no)?;
    let mut fields: Vec<(&str, Value)> = Part::COLUMNS.iter().copied().zip(part.to_row()).collect();
    let mut rows = Vec::new();
    let mut total = 0;
    let filter = StockFilter { part: Some(part_no.to_string()), ..Default::default() };
    stock::lines(db.conn(), &filter, &mut |l| {
        total += l.qty;
        rows.push(vec![json!(l.location), json!(l.lot), json!(l.expiry), json!(l.qty), json!(l.value)]);
        Ok(())
    })?;
    let avg = crate::parts::store::avg_cost(db.conn(), id)
        .map_err(|e| Error::internal(m::cli_parts_cost_unreadable(e.to_string())))?;
    fields.push(("on_hand", json!(total)));
    fields.push(("avg_cost", json!(avg)));
    fields.push(("value", json!(avg.times(total)?)));
    let section = Section { title: "stock", headers: vec!["location", "lot", "expiry", "qty", "value"], rows };
    ctx.out.detail(&fields, &[section])?;
    Ok(0)
}

fn run_supplier(ctx: &Ctx, cmd: SupplierCmd) -> Result<i32> {
    use crate::exchange::Stored;
    match cmd {
        SupplierCmd::Add(a) => {
            args::add::<Supplier>(ctx, NewKey::Optional(a.code.as_deref(), supplier::new_code), &[], &a.columns.given)
        }
        SupplierCmd::Edit(e) => args::edit::<Supplier>(ctx, &e.code, &e.columns.given),
        SupplierCmd::Show { code, redact } => {
            let db = ctx.open()?;
            let (_, s) = records::get::<Supplier>(db.conn(), &code)?;
            let mut fields: Vec<(&str, Value)> = Supplier::COLUMNS.iter().copied().zip(s.to_row()).collect();
            let mut rows = Vec::new();
            let filter = purchase::OrderFilter { supplier: Some(code), ..Default::default() };
            purchase::orders(db.conn(), &filter, &mut |o| {
                rows.push(row_of(&["po", "status", "created", "ordered", "received", "value"], &o));
                Ok(())
            })?;
            let mut sections = [Section {
                title: "purchase orders",
                headers: vec!["po", "status", "created", "ordered", "received", "value"],
                rows,
            }];
            redact.apply(&mut fields, &mut sections, Supplier::PERSONAL);
            ctx.out.detail(&fields, &sections)?;
            Ok(0)
        }
        SupplierCmd::List(l) => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(Supplier::COLUMNS)?;
            let mut n = 0;
            Supplier::export(db.conn(), &mut |s| {
                n += 1;
                if l.limit.is_some_and(|l| n > l) {
                    return Ok(());
                }
                sink.row(&s.to_row())
            })?;
            Ok(l.exit(sink.finish()?))
        }
        SupplierCmd::Import(a) => args::import::<Supplier>(ctx, &a),
        SupplierCmd::Export(a) => args::export::<Supplier>(ctx, &a),
    }
}

fn run_location(ctx: &Ctx, cmd: LocationCmd) -> Result<i32> {
    match cmd {
        LocationCmd::Add { warehouse, bin, category, note } => {
            // `WH1/A-01` is accepted as well as `WH1 --bin A-01`.
            let (warehouse, bin) = match (location::split(&warehouse), bin.is_empty()) {
                ((w, b), true) if !b.is_empty() => (w.to_string(), b.to_string()),
                _ => (warehouse, bin),
            };
            let mut db = ctx.open()?;
            let loc = db.write(|tx| location::add(tx, &warehouse, &bin, category.as_deref(), note.as_deref()))?;
            args::print_code(&loc.location)
        }
        LocationCmd::Import(a) => args::import::<location::LocationRecord>(ctx, &a),
        LocationCmd::Export(a) => args::export::<location::LocationRecord>(ctx, &a),
        LocationCmd::List { warehouse } => {
            let db = ctx.open()?;
            let all = location::list(db.conn(), warehouse.as_deref())?;
            listing(ctx, location::COLUMNS, None, |each| all.into_iter().try_for_each(each))
        }
    }
}

fn run_stock(ctx: &Ctx, s: Stock) -> Result<i32> {
    match s.import {
        Some(StockCmd::Import(a)) => return args::import::<OpeningStock>(ctx, &a),
        Some(StockCmd::Export(a)) => return args::export::<OpeningStock>(ctx, &a),
        None => {}
    }
    let db = ctx.open()?;
    let filter =
        StockFilter { part: s.part, location: s.location, category: s.category, zero: s.zero, limit: s.list.limit };
    if s.by_part || s.below_min {
        if filter.location.is_some() {
            return Err(Error::Msg(Kind::Usage, m::cli_parts_totals_location()));
        }
        let today = ctx.clock.today().to_string();
        return listing(ctx, stock::TOTAL_COLUMNS, Some(&s.list), |each| {
            stock::totals(db.conn(), &filter, s.below_min, &today, each)
        });
    }
    listing(ctx, stock::STOCK_COLUMNS, Some(&s.list), |each| stock::lines(db.conn(), &filter, each))
}

fn run_po(ctx: &Ctx, cmd: PoCmd) -> Result<i32> {
    match cmd {
        PoCmd::Create { supplier, lines: specs, standard, note } => {
            let order = purchase::NewOrder { supplier, lines: lines(&specs, purchase::PO_FORM, 2)?, standard, note };
            let mut db = ctx.open()?;
            let today = ctx.clock.today();
            let code = db.write(|tx| purchase::create_order(tx, today, &order))?;
            args::print_code(&code)
        }
        PoCmd::List(l) => {
            let db = ctx.open()?;
            let filter = purchase::OrderFilter {
                status: l.status,
                supplier: l.supplier,
                due_by: l.overdue.then(|| crate::due::Window::overdue(ctx.clock.now()).last_day_text()),
                limit: l.list.limit,
            };
            listing(ctx, purchase::ORDER_COLUMNS, Some(&l.list), |each| purchase::orders(db.conn(), &filter, each))
        }
        PoCmd::Show { po } => {
            let db = ctx.open()?;
            let (fields, rows) = purchase::order_detail(db.conn(), &po)?;
            let mut receipts = Vec::new();
            purchase::receipts(db.conn(), None, Some(&po), &mut |r| {
                receipts.push(row_of(RECEIPT_SHOWN, &r));
                Ok(())
            })?;
            let sections = [
                Section { title: "lines", headers: purchase::ORDER_LINE_COLUMNS.to_vec(), rows },
                Section { title: "receipts", headers: RECEIPT_SHOWN.to_vec(), rows: receipts },
            ];
            ctx.out.detail(&fields, &sections)?;
            Ok(0)
        }
        PoCmd::Cancel { po, reason } => {
            let mut db = ctx.open()?;
            db.write(|tx| purchase::cancel_order(tx, &po, &reason))?;
            ctx.out.note(msg::parts_po_cancelled(&po));
            Ok(0)
        }
        PoCmd::Receive { po, location, lines: specs, note } => {
            let delivery = purchase::Delivery { po, location, lines: lines(&specs, purchase::RECEIVE_FORM, 2)?, note };
            let mut db = ctx.open()?;
            let today = ctx.clock.today();
            let code = db.write(|tx| purchase::receive(tx, today, &delivery))?;
            ctx.out.note(msg::parts_received(&code));
            args::print_code(&code)
        }
    }
}

const RECEIPT_SHOWN: &[&str] = &["receipt", "received", "status", "part_no", "lot", "qty", "accepted", "rejected"];

fn run_count(ctx: &Ctx, cmd: CountCmd) -> Result<i32> {
    match cmd {
        CountCmd::Start { location, category } => {
            let mut db = ctx.open()?;
            let scope = count::Scope { location, category };
            let (code, lines) = db.write(|tx| count::start(tx, &scope))?;
            ctx.out.note(msg::parts_count_started(&code, lines));
            args::print_code(&code)
        }
        CountCmd::Sheet { count: code, blind, recount_only, export } => {
            let db = ctx.open()?;
            let columns = if blind { count::BLIND_COLUMNS } else { count::SHEET_COLUMNS };
            let dest = export.dest();
            let mut sink = Sink::new(dest, columns, &[], export.sink_opts(ctx)?)?;
            count::sheet(db.conn(), &code, blind, recount_only, &mut |r| sink.row(&row_of(columns, &r)))?;
            let n = sink.finish()?;
            if let Some(path) = &export.output {
                ctx.out.note(msg::parts_count_sheet_written(n, &code, path.display().to_string()));
            }
            Ok(0)
        }
        CountCmd::Submit { count: code, file, encoding, new_lots, sheet } => {
            let format = ctx.input_format()?;
            let mut db = ctx.open()?;
            let done = db.write(|tx| count::submit(tx, &code, &file, format, encoding, &new_lots, sheet.as_deref()))?;
            ctx.out.note(msg::parts_count_submitted(&code, done.rows, done.set, done.changed, done.found, done.blank));
            Ok(0)
        }
        CountCmd::Variance { count: code, all, list } => {
            let db = ctx.open()?;
            listing(ctx, count::VARIANCE_COLUMNS, Some(&list), |each| count::variance(db.conn(), &code, all, each))
        }
        CountCmd::Recount { count: code, parts } => {
            let mut db = ctx.open()?;
            let n = db.write(|tx| count::recount(tx, &code, &parts))?;
            ctx.out.note(msg::parts_count_recount(n, &code));
            Ok(0)
        }
        CountCmd::Post { count: code, reason } => {
            let mut db = ctx.open()?;
            let (n, value) = db.write(|tx| count::post(tx, &code, &reason))?;
            ctx.out.note(msg::parts_count_posted(&code, n, value.to_string()));
            Ok(0)
        }
        CountCmd::Cancel { count: code, reason } => {
            let mut db = ctx.open()?;
            db.write(|tx| count::cancel(tx, &code, &reason))?;
            ctx.out.note(msg::parts_count_cancelled(&code));
            Ok(0)
        }
        CountCmd::List { status, list } => {
            let db = ctx.open()?;
            listing(ctx, count::COUNT_COLUMNS, Some(&list), |each| {
                count::list(db.conn(), status.as_deref(), None, each)
            })
        }
        CountCmd::Show { count: code } => {
            let db = ctx.open()?;
            let mut head = None;
            count::list(db.conn(), None, Some(&code), &mut |c| {
                head = Some(c);
                Ok(())
            })?;
            let head = head.ok_or_else(|| Error::not_found(m::cli_parts_count_not_found(&code)))?;
            let fields: Vec<(&str, Value)> =
                count::COUNT_COLUMNS.iter().copied().zip(row_of(count::COUNT_COLUMNS, &head)).collect();
            let mut rows = Vec::new();
            count::variance(db.conn(), &code, true, &mut |v| {
                rows.push(row_of(count::VARIANCE_COLUMNS, &v));
                Ok(())
            })?;
            let section = Section { title: "count_lines", headers: count::VARIANCE_COLUMNS.to_vec(), rows };
            ctx.out.detail(&fields, &[section])?;
            Ok(0)
        }
    }
}

fn run_req(ctx: &Ctx, cmd: ReqCmd) -> Result<i32> {
    match cmd {
        ReqCmd::Create { repair, lines: specs, by, note } => {
            let mut db = ctx.open()?;
            let by = match by {
                Some(b) => b,
                None => requisition::actor_as_staff(db.conn(), &ctx.actor())?
                    .ok_or_else(|| Error::Msg(Kind::Usage, m::cli_parts_req_who(ctx.actor())))?,
            };
            let new = requisition::NewRequisition { repair, by, lines: lines(&specs, requisition::REQ_FORM, 0)?, note };
            let code = db.write(|tx| requisition::create(tx, &new))?;
            args::print_code(&code)
        }
        ReqCmd::Approve { requisition: code, by: StaffBy { by }, note } => {
            decide(ctx, &code, &by, true, note.as_deref())
        }
        ReqCmd::Reject { requisition: code, by: StaffBy { by }, note } => {
            decide(ctx, &code, &by, false, note.as_deref())
        }
        ReqCmd::Issue { requisition: code, lines: specs, from } => {
            let wanted = lines(&specs, requisition::ISSUE_FORM, 1)?;
            let mut db = ctx.open()?;
            let today = ctx.clock.today().to_string();
            let issued = db.write(|tx| requisition::issue(tx, &today, &code, &wanted, from.as_deref()))?;
            for i in &issued {
                ctx.out.note(if i.lot.is_empty() {
                    msg::parts_req_issued(i.qty, &i.part_no, &i.location)
                } else {
                    msg::parts_req_issued_lot(i.qty, &i.part_no, &i.lot, &i.location)
                });
            }
            Ok(0)
        }
        ReqCmd::Return { requisition: code, lines: specs } => {
            let back = lines(&specs, requisition::ISSUE_FORM, 1)?;
            let mut db = ctx.open()?;
            let returned = db.write(|tx| requisition::return_parts(tx, &code, &back))?;
            for i in &returned {
                ctx.out.note(msg::parts_req_returned(i.qty, &i.part_no, &i.location));
            }
            Ok(0)
        }
        ReqCmd::Cancel { requisition: code, reason } => {
            let mut db = ctx.open()?;
            db.write(|tx| requisition::cancel(tx, &code, &reason))?;
            ctx.out.note(msg::parts_req_cancelled(&code));
            Ok(0)
        }
        ReqCmd::List(l) => {
            let db = ctx.open()?;
            let filter = requisition::ReqFilter {
                status: l.status,
                repair: l.repair,
                code: None,
                outstanding: l.outstanding,
                limit: l.list.limit,
            };
            listing(ctx, requisition::REQ_COLUMNS, Some(&l.list), |each| requisition::list(db.conn(), &filter, each))
        }
        ReqCmd::Show { requisition: code } => {
            let db = ctx.open()?;
            let mut head = None;
            let filter = requisition::ReqFilter { code: Some(code.clone()), ..Default::default() };
            requisition::list(db.conn(), &filter, &mut |r| {
                head = Some(r);
                Ok(())
            })?;
            let head = head.ok_or_else(|| Error::not_found(m::cli_parts_req_not_found(&code)))?;
            let fields: Vec<(&str, Value)> =
                requisition::REQ_COLUMNS.iter().copied().zip(row_of(requisition::REQ_COLUMNS, &head)).collect();
            let rows = requisition::line_rows(db.conn(), &code)?;
            ctx.out
                .detail(&fields, &[Section { title: "lines", headers: requisition::LINE_COLUMNS.to_vec(), rows }])?;
            Ok(0)
        }
    }
}

fn decide(ctx: &Ctx, code: &str, by: &str, approve: bool, note: Option<&str>) -> Result<i32> {
    let mut db = ctx.open()?;
    db.write(|tx| requisition::decide(tx, code, by, approve, note))?;
    ctx.out.note(if approve { msg::parts_req_approved(code) } else { msg::parts_req_rejected(code) });
    Ok(0)
}

/// `svc parts plan`: the purchase plan, the needs view, or requisitions for open repairs.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Maintenance due today or within this span (and everything overdue) is demand too
    #[arg(long, value_parser = crate::clock::span_arg, value_name = "SPAN", default_value = "30d")]
    within: i64,
    /// Per part: what open repairs and the maintenance due need, usable stock, shortfall
    #[arg(long, conflicts_with = "requisition")]
    needs: bool,
    /// With --needs: only the parts usable stock does not cover
    #[arg(long, requires = "needs")]
    short: bool,
    /// Write one requisition per open repair for what its plan needs and nobody asked for yet
    #[arg(long, requires = "by")]
    requisition: bool,
    /// The staff member asking for the parts (with --requisition)
    #[arg(long, value_name = "STAFF")]
    by: Option<String>,
    #[command(flatten)]
    list: ListArgs,
}

fn run_plan(ctx: &Ctx, p: PlanArgs) -> Result<i32> {
    use crate::parts::plan;
    let window = crate::due::Window::within(ctx.clock.now(), p.within);
    if p.requisition {
        let by = p.by.unwrap_or_default();
        let mut db = ctx.open()?;
        let done = db.write(|tx| plan::requisitions(tx, &by))?;
        for (repair, status) in &done.skipped {
            ctx.out.note(crate::maint::msg::parts_plan_requisition_skipped(repair, status));
        }
        if done.written.is_empty() {
            ctx.out.note(crate::maint::msg::parts_plan_nothing_to_request());
        }
        for (repair, code) in &done.written {
            ctx.out.note(crate::maint::msg::parts_plan_requisition_written(code, repair));
            args::print_code(code)?;
        }
        return Ok(0);
    }
    let db = ctx.open()?;
    if p.needs {
        let rows = plan::needs(db.conn(), &window)?;
        return listing(ctx, plan::NEEDS_COLUMNS, Some(&p.list), |each| {
            rows.into_iter().filter(|n| !p.short || n.short > 0).try_for_each(each)
        });
    }
    let more = plan::purchase_demand(db.conn(), &window, ctx.clock.today())?;
    listing(ctx, purchase::PLAN_COLUMNS, Some(&p.list), |each| {
        purchase::plan_with(db.conn(), ctx.clock.today(), &more, each)
    })
}
