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
use crate::words::{m, Msg};

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
    // The monthly report of the demo's month (R8.3) goes beside the database.
    let month = crate::report::figures::Period::month_of(ctx.clock.today());
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let report = path.with_file_name(format!("{stem}-{}.html", month.month_name()));
    // Everything is checked before anything is built: the demo replaces only its own
    // database (and, with it, its own report); any other file in the way is refused.
    let replacing = old_demo(&path)?;
    crate::safe_output::check(&report, &[], replacing)?;

    // The database is built in a staging file created fresh and exclusive beside the
    // target (owner-only: it holds the example customers' names and phones), and
    // renamed into place only when complete: a build that fails leaves nothing behind,
    // and a symlink planted at the target is replaced, never written through.
    let (file, staged) = crate::safe_output::Staged::create(&path, &[], replacing)?;
    drop(file);
    let staging = staged.staging_path().to_path_buf();
    let built = build_staged(ctx, &staging);
    remove_journals(&staging);
    built?;
    if replacing {
        remove_journals(&path);
    }
    staged.commit()?;
    let db = Db::open(&path, &ctx.actor(), ctx.clock)?;

    let out = Out { format: ctx.global.format.unwrap_or(OutFormat::Table), ..ctx.out };
    show(&db, ctx, &out)?;
    let page = crate::report::monthly::Monthly::compute(db.conn(), month, ctx.clock.now())?
        .render(crate::report::monthly::Format::Html)?;
    crate::safe_output::write(&report, page.as_bytes(), replacing)?;
    ctx.out.note(crate::report::msg::report_written(report.display().to_string(), month.month_name()));
    ctx.out.note(format!("\n{}", crate::admin::admin_demo_try(path.display().to_string())));
    ctx.out.note(format!(
        "  svc --db {0} customer show C0001\n  svc --db {0} repair report R-000001 --print\n  svc --db {0} ticket show T-000001\n  svc --db {0} parts count start --location WH1\n  svc --db {0} history",
        path.display()
    ));
    Ok(0)
}

/// Build the whole demonstration database in `staging` (an empty file), and close it.
fn build_staged(ctx: &Ctx, staging: &Path) -> Result<()> {
    let (mut db, _) = Db::init(staging, &ctx.actor(), ctx.clock)?;
    db.write(|tx| {
        tx.execute("INSERT INTO meta(key, value) VALUES ('demo', '1')", []).ctx("marking the demo database")?;
        Ok(())
    })?;
    // The example files are written to a working directory of our own: created fresh
    // (owner-only, an unpredictable name, so nobody can plant a file or a symlink in it
    // beforehand) and removed however the build ends.
    let dir = tempfile::Builder::new()
        .prefix("svc-demo-")
        // Owner-only, as said above: tempfile makes a directory 0777 less the umask
        // (0755 mostly), which let every user of the machine read the files in it.
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .tempdir()
        .map_err(|e| Error::io("cannot create the demo's working directory", e))?;
    build(ctx, &mut db, dir.path())
}

/// Whether `path` holds a database the demo made itself (which it may replace). Nothing
/// there: false. Anything else there, a dangling symlink included: refused.
fn old_demo(path: &Path) -> Result<bool> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(false);
    }
    let is_demo = std::fs::metadata(path).map(|m| m.is_file()).unwrap_or(false)
        && rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| r.get::<_, String>(0)))
            .map(|v| v == "1")
            .unwrap_or(false);
    if !is_demo {
        return Err(Error::refused(m::cli_demo_not_demo(path.display().to_string())));
    }
    Ok(true)
}

/// SQLite's journals beside `path`, if a closed connection left any.
fn remove_journals(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn build(ctx: &Ctx, db: &mut Db, dir: &Path) -> Result<()> {
    for (name, bytes) in FILES {
        std::fs::write(dir.join(name), bytes).map_err(|e| Error::io(format!("cannot write {name}"), e))?;
    }
    let mut stderr = std::io::stderr();
    let step = |title: Msg, summary: import::Summary| {
        ctx.out.note(format!("{title}\n  {summary}"));
        for n in &summary.notes {
            ctx.out.note(format!("  {n}"));
        }
    };
    ctx.out.note(m::demo_importing());
    let customers = ImportOpts {
        map: Some(dir.join("legacy_customers.map.yaml")),
        rejects: Some(dir.join("customer-rejects.csv")),
        ..ImportOpts::new(dir.join("legacy_customers_gbk.csv"))
    };
    step(m::demo_step_customers(), import::run::<Customer>(db, &customers, &mut stderr)?);
    step(m::demo_step_staff(), import::run::<Staff>(db, &ImportOpts::new(dir.join("staff.csv")), &mut stderr)?);
    step(
        m::demo_step_certificates(),
        import::run::<Certificate>(db, &ImportOpts::new(dir.join("certificates.csv")), &mut stderr)?,
    );
    let equipment = ImportOpts {
        rejects: Some(dir.join("equipment-rejects.csv")),
        ..ImportOpts::new(dir.join("legacy_equipment_utf8bom.csv"))
    };
    step(m::demo_step_equipment(), import::run::<Equipment>(db, &equipment, &mut stderr)?);
    step(m::demo_step_parts(), import::run::<Part>(db, &ImportOpts::new(dir.join("parts.csv")), &mut stderr)?);
    step(
        m::demo_step_suppliers(),
        import::run::<Supplier>(db, &ImportOpts::new(dir.join("suppliers.csv")), &mut stderr)?,
    );
    db.write(|tx| {
        for (warehouse, bin, category) in DEMO_LOCATIONS {
            location::add(tx, warehouse, bin, *category, None)?;
        }
        Ok(())
    })?;
    step(
        m::demo_step_stock(),
        import::run::<OpeningStock>(db, &ImportOpts::new(dir.join("opening-stock.csv")), &mut stderr)?,
    );
    ctx.out.note(m::demo_repair_walk());
    let code = db.write(|tx| demo_repair(tx, ctx.clock.now()))?;
    ctx.out.note(format!("  {}", m::demo_repair_done(&code)));
    super::training::demo_build(ctx, db)?;
    super::maint::demo_build(ctx, db)?;
    super::drill::demo(ctx, db, dir)?;
    let (ticket, article) = db.write(|tx| crate::support::demo(tx, ctx.clock.now()))?;
    ctx.out.note(crate::support::msg::kb_demo(ticket, article));
    let (audit, complaint) = db.write(|tx| crate::quality::demo::build(tx, ctx.clock.now()))?;
    ctx.out.note(format!("  {}", crate::quality::msg::quality_demo_built(audit, complaint)));
    Ok(())
}

/// One repair walked through every step, as the commands would: ticket, diagnosis,
/// plan, consent, parts issued on a requisition, inspections, report, signature. And
/// one urgent ticket still waiting for its first response.
fn demo_repair(tx: &crate::db::Tx, now: chrono::DateTime<chrono::Utc>) -> Result<String> {
    use crate::parts::{requisition, LineArg};
    use crate::repair::{self, inspection, report};
    let hours = |h: i64| Some(now - chrono::Duration::hours(h));
    for (name, yaml) in PROTOCOLS {
        inspection::import(tx, name, yaml)?;
    }
    let ticket = crate::ticket::open(
        tx,
        &crate::ticket::NewTicket {
            customer: "C0001".into(),
            equipment: Some("00012345".into()),
            channel: "hotline".into(),
            kind: "fault".into(),
            priority: "high".into(),
            symptom: "开机无显示，电源指示灯不亮".into(),
            reporter: Some("张护士".into()),
            at: now - chrono::Duration::hours(30),
        },
    )?;
    crate::ticket::assign(tx, &ticket, "E002", hours(29))?;
    crate::ticket::respond(tx, &ticket, "已电话联系科室，约定上门", hours(28))?;
    let r = repair::open(tx, &ticket, hours(28))?;
    let diagnosis = repair::Diagnosis {
        finding: "电源板无输出".into(),
        cause: Some("疑似保险丝熔断".into()),
        difficulty: "simple".into(),
        by: None,
        at: hours(27),
    };
    repair::diagnose(tx, &r, &diagnosis)?;
    let plan = repair::NewPlan {
        steps: vec!["更换F1、F2保险丝".into(), "通电检查及安规测试".into()],
        parts: vec![LineArg::parse("0100:2", "PARTNO:QTY", 0)?],
        labour_hours: "1.5".into(),
        estimate: None,
        finish_by: None,
        at: hours(26),
    };
    repair::plan(tx, &r, &plan)?;
    repair::consent(tx, &r, "王主任", "phone", hours(25))?;
    repair::start(tx, &r, hours(24))?;
    let rq = requisition::create(
        tx,
        &requisition::NewRequisition {
            repair: r.clone(),
            by: "E002".into(),
            lines: vec![LineArg::parse("0100:2", "PARTNO:QTY", 0)?],
            note: None,
        },
    )?;
    requisition::decide(tx, &rq, "E004", true, None)?;
    requisition::issue(tx, &now.date_naive().to_string(), &rq, &[], None)?;
    let values = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let safety = inspection::NewInspection {
        protocol: "ES-62353".into(),
        values: values(&[
            ("visual", "pass"),
            ("pe_resistance", "0.11"),
            ("insulation", "48"),
            ("leakage_equipment", "160"),
            ("leakage_applied", "15"),
            ("functional", "pass"),
        ]),
        instrument: Some("Fluke ESA615 #4471".into()),
        by: None,
        at: hours(22),
    };
    inspection::inspect(tx, &r, &safety)?;
    let written = report::NewReport {
        cause: "保险丝老化熔断".into(),
        process: "更换F1、F2保险丝（T2AL），通电检查正常，安规测试合格".into(),
        labour_hours: "1.5".into(),
        by: None,
        at: hours(21),
    };
    report::write(tx, &r, &written)?;
    report::sign(tx, &r, "王主任", "signature", hours(20))?;
    let urgent = crate::ticket::NewTicket {
        customer: "C0003".into(),
        equipment: Some("SN-77001".into()),
        channel: "hotline".into(),
        kind: "fault".into(),
        priority: "urgent".into(),
        symptom: "曝光时报错 E-301".into(),
        reporter: None,
        at: now - chrono::Duration::hours(3),
    };
    crate::ticket::open(tx, &urgent)?;
    Ok(r)
}

const PROTOCOLS: &[(&str, &str)] = &[
    ("electrical-safety.yaml", include_str!("../../examples/protocols/electrical-safety.yaml")),
    ("functional.yaml", include_str!("../../examples/protocols/functional.yaml")),
];

/// The warehouse the demo's opening stock lies in.
const DEMO_LOCATIONS: &[(&str, &str, Option<&str>)] = &[
    ("WH1", "", None),
    ("WH1", "A-01", Some("sensors")),
    ("WH1", "A-02", Some("cables")),
    ("WH1", "B-01", Some("electrical")),
    ("WH1", "B-02", Some("filters")),
    ("WH1", "C-01", Some("batteries")),
];

fn title(out: &Out, text: impl std::fmt::Display) {
    if out.format == OutFormat::Table {
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "\n== {text}");
    }
}

fn show(db: &Db, ctx: &Ctx, out: &Out) -> Result<()> {
    title(out, m::demo_customers());
    let mut sink = out.listing(&["code", "name", "type", "contact", "phone", "city", "created_on"])?;
    customer::list(db.conn(), &customer::Filter::default(), &mut |c| {
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

    title(out, m::demo_equipment());
    let today = ctx.clock.today();
    let mut sink = out.listing(&["serial_no", "model", "manufacturer", "customer_code", "location", "warranty"])?;
    Equipment::export(db.conn(), &mut |e| {
        let state = equipment::Warranty::of(&e, today).in_words(today, out.words_lang());
        let row = e.to_row();
        sink.row(&[row[0].clone(), row[1].clone(), row[2].clone(), row[3].clone(), row[6].clone(), Value::from(state)])
    })?;
    sink.finish()?;

    title(out, m::demo_models());
    let mut sink = out.listing(&["model", "manufacturer", "devices"])?;
    for m in equipment::models(db.conn())? {
        sink.row(&[Value::from(m.model), Value::from(m.manufacturer), Value::from(m.devices)])?;
    }
    sink.finish()?;

    title(out, m::demo_certificates());
    let filter = CertFilter { expiring_within: Some(90), expired: true, ..Default::default() };
    let mut sink = out.listing(&["staff_code", "staff_name", "type", "number", "expires", "state"])?;
    for c in staff::certificates(db.conn(), ctx.clock.now(), &filter)? {
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

    title(out, m::demo_tickets());
    let now = ctx.clock.now_text();
    let filter = crate::ticket::Filter { overdue_at: Some(now.clone()), ..Default::default() };
    let columns =
        &["code", "customer", "equipment", "priority", "status", "opened", "response_due", "overdue", "symptom"];
    let mut sink = out.listing(columns)?;
    crate::ticket::list(db.conn(), &filter, &now, &mut |t| sink.row(&row_of(columns, &t)))?;
    sink.finish()?;

    title(out, m::demo_repairs());
    let columns = &["code", "ticket", "customer", "equipment", "model", "status", "signed", "technician"];
    let mut sink = out.listing(columns)?;
    crate::repair::list(db.conn(), &crate::repair::Filter::default(), &mut |r| sink.row(&row_of(columns, &r)))?;
    sink.finish()?;
    let mut sink = out.listing(crate::repair::report::DUE_COLUMNS)?;
    let week = crate::due::Window::within(ctx.clock.now(), 7);
    crate::repair::report::due(db.conn(), &week, &mut |d| sink.row(&row_of(crate::repair::report::DUE_COLUMNS, &d)))?;
    sink.finish()?;

    title(out, m::demo_due());
    let window = crate::due::Window::within(ctx.clock.now(), 7);
    let mut sink = out.listing(crate::due::COLUMNS)?;
    // The demo prints tables for people: the subjects in their words, as `svc due` does.
    let lang = out.words_lang();
    for item in crate::due::list(db.conn(), &window, &[])? {
        sink.row(&row_of(crate::due::COLUMNS, &item.in_words(lang)))?;
    }
    sink.finish()?;

    title(out, m::demo_stock());
    // Each area's table labelled as its own command labels it (`value` is an amount here).
    crate::words::catalogue::set_label_scope("parts");
    let mut sink = out.listing(stock::TOTAL_COLUMNS)?;
    let day = today.to_string();
    stock::totals(db.conn(), &StockFilter::default(), false, &day, &mut |t| {
        sink.row(&row_of(stock::TOTAL_COLUMNS, &t))
    })?;
    sink.finish()?;

    title(out, m::demo_plan());
    let mut sink = out.listing(purchase::PLAN_COLUMNS)?;
    purchase::plan(db.conn(), ctx.clock.today(), &mut |p| sink.row(&row_of(purchase::PLAN_COLUMNS, &p)))?;
    sink.finish()?;
    crate::words::catalogue::set_label_scope("training");
    super::training::demo_show(db, ctx, out)?;
    crate::words::catalogue::set_label_scope("maint");
    super::maint::demo_show(db, ctx, out)?;
    super::audit::demo_show(db, ctx, out)
}
