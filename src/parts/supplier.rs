//! Suppliers (R4.1.2): who parts are bought from, their qualification (licence and its
//! expiry) and a rating, so that purchases go to suppliers of good standing.

use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::{self, Columns};
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

crate::record_columns! {
    Supplier in Table::new("suppliers") => {
        code: Field::new("code").key(),
        name: Field::new("name").help("The supplier's name"),
        contact: Field::new("contact").personal().help("Contact person (personal data)"),
        phone: Field::new("phone").personal().help("Phone (personal data)"),
        email: Field::new("email").personal().help("E-mail address (personal data)"),
        licence_no: Field::new("licence_no").help("Business or device-trading licence number (qualification)"),
        licence_expires: Field::new("licence_expires").help("Last day the licence is valid"),
        rating: Field::new("rating").help("1 (poor) to 5 (excellent)"),
        notes: Field::new("notes"),
    }
}

impl Record for Supplier {
    const ENTITY: &'static str = "supplier";
    const PLURAL: &'static str = "suppliers";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "name"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        let rating = c.integer("rating", 1);
        if rating.is_some_and(|r| r > 5) {
            c.problems.push(Problem::new("rating", super::msg::parts_supplier_rating().to_string()));
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

impl Stored for Supplier {
    const TABLE: &'static str = "suppliers";
    const LIST_COMMAND: &'static str = "svc parts supplier list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc parts supplier edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        columns::find(conn, "WHERE code = ?1", [key], "looking up a supplier")
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(columns::insert(tx.conn(), s, &[], "adding a supplier")?))
    }

    fn update(tx: &Tx, id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        columns::update(tx.conn(), id, s, &[], "changing a supplier")?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        columns::each(conn, "ORDER BY code", [], "listing suppliers", each)
    }
}

/// A new supplier code, `SUP-000001` onwards.
pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "supplier", "SUP", |code| Ok(Supplier::find(tx.conn(), code)?.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        columns::assert_agree::<Supplier>();
    }
}
