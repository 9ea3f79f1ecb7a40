//! `svc demo`: a demonstration database built from the example data bundled in the
//! binary, through the same import code a real migration uses, and a look at it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Ctx;
use crate::customer::{self, Customer};
use crate::db::Db;
use crate::equipment::{self, Equipment};
use crate::error::{Error, Result, SqlContext};
use crate::exchange::import::{self, ImportOpts};
use crate::exchange::sink::{redact, OutFormat};
use crate::exchange::{Record, Stored};
use crate::output::{row_of, Out};
use crate::parts::stock::{self, OpeningStock, StockFilter};
use crate::parts::{location, purchase, Part, Supplier};
use crate::staff::{self, CertFilter, Certificate, Staff};

const FILES: &[(&str, &[u8])] = &[
    ("legacy_customers_gbk.csv", include_bytes!("../../examples/data/legacy_customers_gbk.csv")),
    ("legacy_customers.map.yaml", include_bytes!("../../examples/data/legacy_customers.map.yaml")),
    ("legacy_equipment_utf8bom.csv", include_bytes!("../../examples/data/legacy_equipment_utf8bom.csv")),
    ("staff.csv", include_bytes!("../../examples/data/staff.csv")),
    ("certificates.csv", include_bytes!("../../examples/data/certificates.csv")),
    ("parts.csv", include_bytes!("../../examples/data/parts.csv")),
    ("suppliers.csv", include_bytes!("../../examples/data/suppliers.csv")),
    ("opening-stock.csv", include_bytes!("../../examples/data/opening-stock.csv")),
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The demonstration database to (re)build; never your SVC_DB or --db
    #[arg(default_value = "svc-demo.db")]
    file: PathBuf,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let path = a.file;
    clear_old_demo(&path)?;
    let (mut db, _) = Db::init(&path, &ctx.actor(), ctx.clock)?;
    db.write(|tx| {
        tx.execute("INSERT INTO meta(key, value) VALUES ('demo', '1')", []).ctx("marking the demo database")?;
        Ok(())
    })?;

    let dir = std::env::temp_dir().join(format!("svc-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let result = build(ctx, &mut db, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result?;

    let out = Out { format: ctx.global.format.unwrap_or(OutFormat::Table), ..ctx.out };
    show(&db, ctx, &out)?;
    ctx.out.note(format!(
        "\nThe demonstration database is {}. Try:\n  svc --db {0} customer show C0001\n  svc --db {0} equipment list\n  svc --db {0} history",
        path.display()
    ));
    Ok(0)
}

/// Only a database the demo made itself may be replaced.
fn clear_old_demo(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let is_demo = rusqlite::Connection::open(path)
        .and_then(|c| c.query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| r.get::<_, String>(0)))
        .map(|v| v == "1")
        .unwrap_or(false);
    if !is_demo {
        return Err(Error::Refused(format!(
            "{} exists and is not a demonstration database: the demo will not touch it; name another file: svc demo NEW_FILE",
            path.display()
        )));
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    Ok(())
}

fn build(ctx: &Ctx, db: &mut Db, dir: &Path) -> Result<()> {
    for (name, bytes) in FILES {
        std::fs::write(dir.join(name), bytes).map_err(|e| Error::io(format!("cannot write {name}"), e))?;
    }
    let mut stderr = std::io::stderr();
    let step = |title: &str, summary: import::Summary| {
        ctx.out.note(format!("{title}\n  {summary}"));
        for n in &summary.notes {
            ctx.out.note(format!("  {n}"));
        }
    };
    ctx.out.note("Importing the legacy customer file (GBK, Chinese headers, mixed dates; bad rows set aside):");
    let customers = ImportOpts {
        map: Some(dir.join("legacy_customers.map.yaml")),
        rejects: Some(dir.join("customer-rejects.csv")),
        ..ImportOpts::new(dir.join("legacy_customers_gbk.csv"))
    };
    step("customers", import::run::<Customer>(db, &customers, &mut stderr)?);
    step("staff", import::run::<Staff>(db, &ImportOpts::new(dir.join("staff.csv")), &mut stderr)?);
    step("certificates", import::run::<Certificate>(db, &ImportOpts::new(dir.join("certificates.csv")), &mut stderr)?);
    let equipment = ImportOpts {
        rejects: Some(dir.join("equipment-rejects.csv")),
        ..ImportOpts::new(dir.join("legacy_equipment_utf8bom.csv"))
    };
    step(
        "equipment (UTF-8 with BOM; one device names an unknown customer)",
        import::run::<Equipment>(db, &equipment, &mut stderr)?,
    );
    step("parts catalogue", import::run::<Part>(db, &ImportOpts::new(dir.join("parts.csv")), &mut stderr)?);
    step("suppliers", import::run::<Supplier>(db, &ImportOpts::new(dir.join("suppliers.csv")), &mut stderr)?);
    db.write(|tx| {
        for (warehouse, bin, category) in DEMO_LOCATIONS {
            location::add(tx, warehouse, bin, *category, None)?;
        }
        Ok(())
    })?;
    step(
        "opening stock",
        import::run::<OpeningStock>(db, &ImportOpts::new(dir.join("opening-stock.csv")), &mut stderr)?,
    );
    Ok(())
}

/// The warehouse the demo's opening stock lies in.
const DEMO_LOCATIONS: &[(&str, &str, Option<&str>)] = &[
    ("WH1", "", None),
    ("WH1", "A-01", Some("sensors")),
    ("WH1", "A-02", Some("cables")),
    ("WH1", "B-01", Some("electrical")),
    ("WH1", "B-02", Some("filters")),
    ("WH1", "C-01", Some("batteries")),
];

fn title(out: &Out, text: &str) {
    if out.format == OutFormat::Table {
        println!("\n== {text}");
    }
}

fn show(db: &Db, ctx: &Ctx, out: &Out) -> Result<()> {
    title(out, "Customers (R8.1; contact details masked, as --redact does: R8.1.2)");
    let mut sink = out.listing(&["code", "name", "type", "contact", "phone", "city", "created_on"])?;
    customer::list(db, &customer::Filter::default(), &mut |c| {
        sink.row(&[
            Value::from(c.code),
            Value::from(c.name),
            Value::from(c.kind),
            c.contact.map(|v| redact(&Value::from(v))).unwrap_or(Value::Null),
            c.phone.map(|v| redact(&Value::from(v))).unwrap_or(Value::Null),
            c.city.map(Value::from).unwrap_or(Value::Null),
            c.created_on.map(Value::from).unwrap_or(Value::Null),
        ])
    })?;
    sink.finish()?;

    title(out, "Installed equipment and warranty today (R1.2)");
    let today = ctx.clock.today();
    let mut sink = out.listing(&["serial_no", "model", "manufacturer", "customer_code", "location", "warranty"])?;
    Equipment::export(db, &mut |e| {
        let state = equipment::warranty_state(&e, today);
        let row = e.to_row();
        sink.row(&[row[0].clone(), row[1].clone(), row[2].clone(), row[3].clone(), row[6].clone(), Value::from(state)])
    })?;
    sink.finish()?;

    title(out, "Model catalogue");
    let mut sink = out.listing(&["model", "manufacturer", "devices"])?;
    for m in equipment::models(db)? {
        sink.row(&[Value::from(m.model), Value::from(m.manufacturer), Value::from(m.devices)])?;
    }
    sink.finish()?;

    title(out, "Certificates expired or expiring within 90 days (R2.1, the morning cron job)");
    let filter = CertFilter { expiring_within: Some(90), expired: true, ..Default::default() };
    let mut sink = out.listing(&["staff_code", "staff_name", "type", "number", "expires", "state"])?;
    for c in staff::certificates(db, today, &filter)? {
        sink.row(&[
            Value::from(c.staff_code),
            Value::from(c.staff_name),
            Value::from(c.kind),
            Value::from(c.number),
            c.expires.map(Value::from).unwrap_or(Value::Null),
            Value::from(c.state),
        ])?;
    }
    sink.finish()?;

    title(out, "Spare parts on hand against their minimum, at moving average cost (R4.2.1)");
    let mut sink = out.listing(stock::TOTAL_COLUMNS)?;
    stock::totals(db, &StockFilter::default(), false, &mut |t| sink.row(&row_of(stock::TOTAL_COLUMNS, &t)))?;
    sink.finish()?;

    title(out, "Purchase plan: what to order to stay above the minimums (R4.1.1)");
    let mut sink = out.listing(purchase::PLAN_COLUMNS)?;
    purchase::plan(db, ctx.clock.today(), &mut |p| sink.row(&row_of(purchase::PLAN_COLUMNS, &p)))?;
    sink.finish()?;
    Ok(())
}
