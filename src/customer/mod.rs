//! Customers (R8.1): the customer database, classified by type; contact details are
//! personal data, masked by `--redact` and never shown in reports (R8.1.2).

mod store;

use rusqlite::Connection;
use serde::Serialize;

use crate::db::{history, Tx};
use crate::error::{Error, Result};
use crate::exchange::columns::Columns;
use crate::exchange::{Check, Problem, Record, Stored};
use crate::words::m;

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

crate::record_columns! {
    Customer in Table::new("customers") => {
        code: Field::new("code").key(),
        name: Field::new("name").help("The customer's name (hospital, clinic, company)"),
        kind: Field::new("type").help("hospital, clinic, distributor or other"),
        contact: Field::new("contact").personal().help("Contact person (personal data)"),
        phone: Field::new("phone").personal().help("Phone; spaces are removed (personal data)"),
        email: Field::new("email").personal().help("E-mail address (personal data)"),
        province: Field::new("province"),
        city: Field::new("city"),
        address: Field::new("address").personal().help("Street address (personal data)"),
        created_on: Field::new("created_on").help("When the customer's file was opened [default for add: today]"),
        notes: Field::new("notes"),
    }
}

impl Record for Customer {
    const ENTITY: &'static str = "customer";
    const PLURAL: &'static str = "customers";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "name", "type"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

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

impl Stored for Customer {
    const TABLE: &'static str = "customers";
    const LIST_COMMAND: &'static str = "svc customer list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc customer edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find(conn, key)
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        store::find_id(conn, key)
    }

    fn insert(tx: &Tx, c: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(store::insert(tx, c)?))
    }

    fn inserter<'t>(tx: &'t Tx) -> Result<Option<crate::exchange::record::Inserter<'t, Self>>> {
        Ok(Some(store::inserter(tx)?))
    }

    fn update(tx: &Tx, id: i64, c: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        store::update(tx, id, c)?;
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
    store::list(conn, f, each)
}

/// A new customer code, `C-000001` onwards, skipping codes already taken.
pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "customer", "C", |code| Ok(Customer::find(tx.conn(), code)?.is_some()))
}

/// Delete a customer that has no equipment; the history keeps what it was.
pub fn delete(tx: &Tx, code: &str) -> Result<Customer> {
    let (id, customer) = crate::records::get::<Customer>(tx.conn(), code)?;
    let devices = store::equipment_count(tx, id)?;
    if devices > 0 {
        return Err(Error::refused(m::customer_has_equipment(code, devices)));
    }
    // Other records (tickets, surveys, ...) still naming the customer: a refusal in words,
    // not SQLite's "FOREIGN KEY constraint failed".
    if store::delete(tx, id)? == store::Deleted::Referenced {
        return Err(Error::refused(crate::hardening::msg::customer_referenced(code)));
    }
    history::record(tx, Customer::ENTITY, code, "delete", Some(&customer.to_json()), None)?;
    Ok(customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Customer>();
        assert!(Customer::sql().update.ends_with("WHERE id = ?1"), "the code is the key, never updated");
    }
}
