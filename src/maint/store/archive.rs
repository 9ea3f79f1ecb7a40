//! Legacy maintenance records (`maint_archive`, never changed) and every visit as one
//! flat record. The archive's own columns are declared beside `MaintRecord` (the
//! columns table is their SQL, the archive's insert included); here are svc's own visits
//! in the same columns, the insert through them and what it checks against.

use rusqlite::{Connection, OptionalExtension};

use super::super::archive::MaintRecord;
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::columns::{self, Columns};

/// svc's own visits as flat records. Each column is named as the archive's (`MaintRecord`)
/// and comes in its order, after the row id: a test in `archive.rs` compares the names.
pub const NATIVE_SELECT: &str = "SELECT v.id, v.code, e.serial_no, p.code AS plan_code,
        date(v.at, 'localtime') AS done_on, v.meter, s.name AS technician,
        CASE WHEN v.passed THEN 'passed' ELSE 'failed' END AS result, v.note AS notes
   FROM maint_visits v JOIN equipment e ON e.id = v.equipment_id JOIN maint_plans p ON p.id = v.plan_id
   JOIN staff s ON s.id = v.by_staff";

/// The model name of a device.
pub fn device_model(conn: &Connection, equipment_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT m.model FROM equipment e JOIN models m ON m.id = e.model_id WHERE e.id = ?1",
        [equipment_id],
        |row| row.get(0),
    )
    .ctx("reading a device's model")
}

/// Archive a legacy record of the device `equipment_id`, through the archive's columns
/// (`MaintRecord`: the device resolved, then the time it was imported); its id.
pub fn insert(tx: &Tx, r: &MaintRecord, equipment_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), r, &[&equipment_id, &tx.now], "archiving a maintenance record")
}

/// svc's own visit with this code as a flat record.
pub fn native(conn: &Connection, code: &str) -> Result<Option<MaintRecord>> {
    conn.prepare_cached(&format!("{NATIVE_SELECT} WHERE v.code = ?1"))
        .and_then(|mut s| s.query_row([code], MaintRecord::from_row).optional())
        .map(|found| found.map(|(_, r)| r))
        .ctx("looking up a maintenance record")
}

/// Every maintenance record, archived and svc's own, by code.
pub fn export(conn: &Connection, each: &mut dyn FnMut(MaintRecord) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT * FROM ({} UNION ALL SELECT * FROM ({NATIVE_SELECT})) ORDER BY 2",
            MaintRecord::sql().select
        ))
        .ctx("exporting maintenance records")?;
    let mut rows = stmt.query([]).ctx("exporting maintenance records")?;
    while let Some(r) = rows.next().ctx("exporting maintenance records")? {
        each(MaintRecord::from_row(r).ctx("reading a maintenance record")?.1)?;
    }
    Ok(())
}
