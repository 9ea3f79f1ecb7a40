//! Suppliers (R4.1.2): who parts are bought from, their qualification (licence and its
//! expiry) and a rating, so that purchases go to suppliers of good standing.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::exchange::{Check, Problem, Record, Stored};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supplier {
    pub code: String,
    pub name: String,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub licence_no: Option<String>,
    pub licence_expires: Option<String>,
    pub rating: Option<i64>,
    pub notes: Option<String>,
}

impl Record for Supplier {
    const ENTITY: &'static str = "supplier";
    const PLURAL: &'static str = "suppliers";
    const COLUMNS: &'static [&'static str] =
        &["code", "name", "contact", "phone", "email", "licence_no", "licence_expires", "rating", "notes"];
    const REQUIRED: &'static [&'static str] = &["code", "name"];
    const PERSONAL: &'static [&'static str] = &["contact", "phone", "email"];
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("name", "The supplier's name"),
        ("contact", "Contact person (personal data)"),
        ("phone", "Phone (personal data)"),
        ("email", "E-mail address (personal data)"),
        ("licence_no", "Business or device-trading licence number (qualification)"),
        ("licence_expires", "Last day the licence is valid"),
        ("rating", "1 (poor) to 5 (excellent)"),
    ];

    fn parse(c: &mut Check) -> Self {
        let rating = c.integer("rating", 1);
        if rating.is_some_and(|r| r > 5) {
            c.problems.push(Problem::new("rating", "a rating is 1 to 5"));
        }
        Supplier {
            code: c.key("code"),
            name: c.required("name"),
            contact: c.text("contact"),
            phone: c.phone("phone"),
            email: c.email("email"),
            licence_no: c.text("licence_no"),
            licence_expires: c.date("licence_expires"),
            rating,
            notes: c.text("notes"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

const SELECT: &str =
    "SELECT id, code, name, contact, phone, email, licence_no, licence_expires, rating, notes FROM suppliers";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Supplier)> {
    Ok((
        r.get(0)?,
        Supplier {
            code: r.get(1)?,
            name: r.get(2)?,
            contact: r.get(3)?,
            phone: r.get(4)?,
            email: r.get(5)?,
            licence_no: r.get(6)?,
            licence_expires: r.get(7)?,
            rating: r.get(8)?,
            notes: r.get(9)?,
        },
    ))
}

impl Stored for Supplier {
    const TABLE: &'static str = "suppliers";
    const LIST_COMMAND: &'static str = "svc parts supplier list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc parts supplier edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        conn.prepare_cached(&format!("{SELECT} WHERE code = ?1"))
            .and_then(|mut s| s.query_row([key], from_row).optional())
            .ctx("looking up a supplier")
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        tx.prepare_cached(
            "INSERT INTO suppliers(code, name, contact, phone, email, licence_no, licence_expires, rating, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut st| {
            st.execute(params![
                s.code,
                s.name,
                s.contact,
                s.phone,
                s.email,
                s.licence_no,
                s.licence_expires,
                s.rating,
                s.notes
            ])
        })
        .ctx("adding a supplier")?;
        Ok(Ok(tx.last_insert_rowid()))
    }

    fn update(tx: &Tx, id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        tx.prepare_cached(
            "UPDATE suppliers SET name = ?2, contact = ?3, phone = ?4, email = ?5, licence_no = ?6,
                licence_expires = ?7, rating = ?8, notes = ?9 WHERE id = ?1",
        )
        .and_then(|mut st| {
            st.execute(params![
                id,
                s.name,
                s.contact,
                s.phone,
                s.email,
                s.licence_no,
                s.licence_expires,
                s.rating,
                s.notes
            ])
        })
        .ctx("changing a supplier")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY code")).ctx("listing suppliers")?;
        let mut rows = stmt.query([]).ctx("listing suppliers")?;
        while let Some(row) = rows.next().ctx("listing suppliers")? {
            each(from_row(row).ctx("reading a supplier")?.1)?;
        }
        Ok(())
    }
}

/// A new supplier code, `SUP-000001` onwards.
pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "supplier", "SUP", |code| Ok(Supplier::find(tx, code)?.is_some()))
}
