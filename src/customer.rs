//! Customers (R8.1): the customer database, classified by type; contact details are
//! personal data, masked by `--redact` and never shown in reports (R8.1.2).

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::db::{history, Tx};
use crate::error::{Error, Result, SqlContext};
use crate::exchange::{Check, Problem, Record, Stored};

pub const TYPES: &[&str] = &["hospital", "clinic", "distributor", "other"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub created_on: Option<String>,
    pub notes: Option<String>,
}

impl Record for Customer {
    const ENTITY: &'static str = "customer";
    const PLURAL: &'static str = "customers";
    const COLUMNS: &'static [&'static str] =
        &["code", "name", "type", "contact", "phone", "email", "province", "city", "address", "created_on", "notes"];
    const REQUIRED: &'static [&'static str] = &["code", "name", "type"];
    const PERSONAL: &'static [&'static str] = &["contact", "phone", "email", "address"];
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("name", "The customer's name (hospital, clinic, company)"),
        ("type", "hospital, clinic, distributor or other"),
        ("contact", "Contact person (personal data)"),
        ("phone", "Phone; spaces are removed (personal data)"),
        ("email", "E-mail address (personal data)"),
        ("address", "Street address (personal data)"),
        ("created_on", "When the customer's file was opened [default for add: today]"),
    ];

    fn parse(c: &mut Check) -> Self {
        Customer {
            code: c.key("code"),
            name: c.required("name"),
            kind: c.choice("type", TYPES, None),
            contact: c.text("contact"),
            phone: c.phone("phone"),
            email: c.email("email"),
            province: c.text("province"),
            city: c.text("city"),
            address: c.text("address"),
            created_on: c.date("created_on"),
            notes: c.text("notes"),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

const SELECT: &str =
    "SELECT id, code, name, type, contact, phone, email, province, city, address, created_on, notes FROM customers";

fn from_row(r: &Row) -> rusqlite::Result<(i64, Customer)> {
    Ok((
        r.get(0)?,
        Customer {
            code: r.get(1)?,
            name: r.get(2)?,
            kind: r.get(3)?,
            contact: r.get(4)?,
            phone: r.get(5)?,
            email: r.get(6)?,
            province: r.get(7)?,
            city: r.get(8)?,
            address: r.get(9)?,
            created_on: r.get(10)?,
            notes: r.get(11)?,
        },
    ))
}

impl Stored for Customer {
    const TABLE: &'static str = "customers";
    const LIST_COMMAND: &'static str = "svc customer list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc customer edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        conn.prepare_cached(&format!("{SELECT} WHERE code = ?1"))
            .and_then(|mut s| s.query_row([key], from_row).optional())
            .ctx("looking up a customer")
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        conn.prepare_cached("SELECT id FROM customers WHERE code = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .ctx("looking up a customer")
    }

    fn insert(tx: &Tx, c: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        tx.prepare_cached(
            "INSERT INTO customers(code, name, type, contact, phone, email, province, city, address, created_on, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .and_then(|mut s| {
            s.execute(params![
                c.code,
                c.name,
                c.kind,
                c.contact,
                c.phone,
                c.email,
                c.province,
                c.city,
                c.address,
                c.created_on,
                c.notes
            ])
        })
        .ctx("adding a customer")?;
        Ok(Ok(tx.last_insert_rowid()))
    }

    fn update(tx: &Tx, id: i64, c: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        tx.prepare_cached(
            "UPDATE customers SET name = ?2, type = ?3, contact = ?4, phone = ?5, email = ?6, province = ?7,
             city = ?8, address = ?9, created_on = ?10, notes = ?11 WHERE id = ?1",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                c.name,
                c.kind,
                c.contact,
                c.phone,
                c.email,
                c.province,
                c.city,
                c.address,
                c.created_on,
                c.notes
            ])
        })
        .ctx("changing a customer")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        list(conn, &Filter::default(), each)
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub kind: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    /// Part of the name.
    pub name: Option<String>,
    pub limit: Option<u64>,
}

/// Customers matching the filter, by code.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Customer) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    crate::db::each_row(
        conn,
        &format!(
            "{SELECT} WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL OR province = ?2) AND (?3 IS NULL OR city = ?3)
               AND (?4 IS NULL OR instr(name, ?4) > 0) ORDER BY code LIMIT ?5"
        ),
        params![f.kind, f.province, f.city, f.name, limit],
        "listing customers",
        |row| from_row(row).map(|(_, record)| record),
        each,
    )
}

/// A new customer code, `C-000001` onwards, skipping codes already taken.
pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "customer", "C", |code| Ok(Customer::find(tx, code)?.is_some()))
}

/// Delete a customer that has no equipment; the history keeps what it was.
pub fn delete(tx: &Tx, code: &str) -> Result<Customer> {
    let (id, customer) = crate::records::get::<Customer>(tx, code)?;
    let devices: i64 = tx
        .query_row("SELECT count(*) FROM equipment WHERE customer_id = ?1", [id], |r| r.get(0))
        .ctx("counting the customer's equipment")?;
    if devices > 0 {
        return Err(Error::Refused(format!(
            "customer {code} has {devices} piece(s) of equipment on record and cannot be deleted: \
             their service records must stay traceable (see 'svc equipment list --customer {code}')"
        )));
    }
    tx.execute("DELETE FROM customers WHERE id = ?1", [id]).ctx("deleting a customer")?;
    history::record(tx, Customer::ENTITY, code, "delete", Some(&customer.to_json()), None)?;
    Ok(customer)
}
