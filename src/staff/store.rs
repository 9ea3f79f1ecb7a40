//! The staff's SQL (the storage seam, issue 8): the columns tables beside `Staff` and
//! `Certificate` build the records' statements; here are the look-ups, filters and the
//! certificate reads they run with. Which certificate is expiring is decided in the
//! module, not here. A second storage engine would implement these functions.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Certificate, Filter, Staff, CERTIFIED_ROLES};
use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::columns::{self, Columns};

/// The staff member with this code.
pub fn find(conn: &Connection, code: &str) -> Result<Option<(i64, Staff)>> {
    columns::find(conn, "WHERE code = ?1", [code], "looking up a staff member")
}

/// The id of the staff member with this code; `what` says who is being looked up.
pub fn find_id(conn: &Connection, code: &str, what: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM staff WHERE code = ?1")
        .and_then(|mut s| s.query_row([code], |r| r.get(0)).optional())
        .ctx(what)
}

/// Write a new staff member; their id.
pub fn insert(tx: &Tx, s: &Staff) -> Result<i64> {
    columns::insert(tx.conn(), s, &[], "adding a staff member")
}

/// Change a staff member (the code is the key).
pub fn update(tx: &Tx, id: i64, s: &Staff) -> Result<()> {
    columns::update(tx.conn(), id, s, &[], "changing a staff member")
}

/// Staff matching the filter, by code.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Staff) -> Result<()>) -> Result<()> {
    let mut stmt = conn
        .prepare(&format!(
            "{} s WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR active = ?2)
               AND (?4 IS NULL OR (active = 1 AND role IN ({}) AND NOT EXISTS (
                    SELECT 1 FROM certificates c WHERE c.staff_id = s.id AND (c.expires IS NULL OR c.expires >= ?4))))
             ORDER BY code LIMIT ?3",
            Staff::sql().select,
            CERTIFIED_ROLES.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", ")
        ))
        .ctx("listing staff")?;
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let mut rows = stmt.query(params![f.role, f.active, limit, f.uncertified_on]).ctx("listing staff")?;
    while let Some(row) = rows.next().ctx("listing staff")? {
        each(Staff::from_row(row).ctx("reading a staff member")?.1)?;
    }
    Ok(())
}

/// The certificate with this (type, number).
pub fn find_certificate(conn: &Connection, kind: &str, number: &str) -> Result<Option<(i64, Certificate)>> {
    columns::find(conn, "WHERE c.type = ?1 AND c.number = ?2", [kind, number], "looking up a certificate")
}

/// Write a new certificate held by `staff_id`; its id.
pub fn insert_certificate(tx: &Tx, c: &Certificate, staff_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), c, &[&staff_id], "adding a certificate")
}

/// Change a certificate's holder and dates (its type and number are its key).
pub fn update_certificate(tx: &Tx, id: i64, c: &Certificate, staff_id: i64) -> Result<()> {
    columns::update(tx.conn(), id, c, &[&staff_id], "changing a certificate")
}

/// Every certificate, by type and number.
pub fn each_certificate(conn: &Connection, each: &mut dyn FnMut(Certificate) -> Result<()>) -> Result<()> {
    columns::each(conn, "ORDER BY c.type, c.number", [], "listing certificates", each)
}

/// A certificate with its holder's code and name, as `svc staff certs` reads it.
pub struct HeldCertificate {
    pub staff_code: String,
    pub staff_name: String,
    pub kind: String,
    pub number: String,
    pub issued: Option<String>,
    pub expires: Option<String>,
}

/// Certificates of active staff (of anyone, when one staff member is named), soonest
/// expiry first, those without an expiry last.
pub fn held_certificates(conn: &Connection, staff: Option<&str>) -> Result<Vec<HeldCertificate>> {
    let mut stmt = conn
        .prepare(
            "SELECT s.code, s.name, c.type, c.number, c.issued, c.expires FROM certificates c JOIN staff s ON s.id = c.staff_id
             WHERE (s.active = 1 OR ?1 IS NOT NULL) AND (?1 IS NULL OR s.code = ?1)
             ORDER BY c.expires IS NULL, c.expires, s.code",
        )
        .ctx("listing certificates")?;
    let rows = stmt
        .query_map(params![staff], |r| {
            Ok(HeldCertificate {
                staff_code: r.get(0)?,
                staff_name: r.get(1)?,
                kind: r.get(2)?,
                number: r.get(3)?,
                issued: r.get(4)?,
                expires: r.get(5)?,
            })
        })
        .ctx("listing certificates")?;
    rows.map(|r| r.ctx("reading a certificate")).collect()
}

/// The due engine's statement for certificates (R2.1): those of active staff expiring on
/// or before the window's last day.
pub const DUE_SQL: &str = "SELECT c.number, c.expires, s.code, c.type, s.name
   FROM certificates c JOIN staff s ON s.id = c.staff_id
  WHERE c.expires <= ?1 AND s.active = 1
  ORDER BY c.expires, c.number";
