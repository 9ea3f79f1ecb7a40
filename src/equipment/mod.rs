//! The installed base (R1.2, R8.1.1): every device the company sold, where it stands,
//! whose it is, and its warranty. Models live in a catalogue that grows as devices of a
//! new (model, manufacturer) pair arrive.

mod store;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns::Columns;
use crate::exchange::{Check, Problem, Record, Stored};
use crate::words::m;

pub const STATUSES: &[&str] = &["in_service", "down", "retired"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equipment {
    pub serial_no: String,
    pub model: String,
    pub manufacturer: String,
    pub customer_code: String,
    pub installed_on: Option<String>,
    pub warranty_until: Option<String>,
    pub location: Option<String>,
    pub registration_no: Option<String>,
    pub status: String,
}

crate::record_columns! {
    Equipment in Table::new("equipment")
        .joined("e", "JOIN models m ON m.id = e.model_id JOIN customers c ON c.id = e.customer_id") => {
        serial_no: Field::new("serial_no").key(),
        // The model and manufacturer are one catalogue entry, resolved (or added) together.
        model: Field::new("model").read("m.model").resolved("model_id"),
        manufacturer: Field::new("manufacturer").read("m.manufacturer").read_only(),
        customer_code: Field::new("customer_code").read("c.code").resolved("customer_id").help("The owner's customer code"),
        installed_on: Field::new("installed_on").help("Installation and commissioning date"),
        warranty_until: Field::new("warranty_until").help("Last day of the warranty"),
        location: Field::new("location").help("Where the device stands (department, room)"),
        registration_no: Field::new("registration_no")
            .help("Medical device registration certificate number (注册证号)"),
        status: Field::new("status").help("in_service, down or retired [default: in_service]"),
    }
}

impl Record for Equipment {
    const ENTITY: &'static str = "equipment";
    const PLURAL: &'static str = "equipment";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["serial_no", "model", "manufacturer", "customer_code"];
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;
    const ALIASES: &'static [(&'static str, &'static str)] = &[("customer_code", "customer")];

    fn parse(c: &mut Check) -> Self {
        let installed_on = c.date("installed_on");
        let warranty_until = c.date("warranty_until");
        c.in_order(("installed_on", &installed_on), ("warranty_until", &warranty_until));
        Equipment {
            serial_no: c.key("serial_no"),
            model: c.required("model"),
            manufacturer: c.required("manufacturer"),
            customer_code: c.key("customer_code"),
            installed_on,
            warranty_until,
            location: c.text("location"),
            registration_no: c.text("registration_no"),
            status: c.choice("status", STATUSES, Some("in_service")),
        }
    }

    fn key(&self) -> String {
        self.serial_no.clone()
    }
}

/// The ids a device refers to, or the problem that stops it.
fn resolve(tx: &Tx, e: &Equipment, notes: &mut Vec<String>) -> Result<Result<(i64, i64), Problem>> {
    let Some(customer) = store::customer_id(tx, &e.customer_code)? else {
        let problem = m::equipment_no_customer(&e.customer_code);
        let problem =
            crate::records::missing_reference::<crate::customer::Customer>(tx.conn(), &e.customer_code, problem);
        return Ok(Err(Problem::new("customer_code", problem)));
    };
    let model = match store::model_id(tx.conn(), &e.model, &e.manufacturer)? {
        Some(id) => id,
        None => {
            let id = store::insert_model(tx, &e.model, &e.manufacturer)?;
            notes.push(m::equipment_new_model(&e.model, &e.manufacturer).to_string());
            id
        }
    };
    Ok(Ok((customer, model)))
}

impl Stored for Equipment {
    const TABLE: &'static str = "equipment";
    // Resolving a device may add a model to the catalogue: check the key first.
    const INSERT_FIRST: bool = false;
    const LIST_COMMAND: &'static str = "svc equipment list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc equipment edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find(conn, key)
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        store::find_id(conn, key)
    }

    fn insert(tx: &Tx, e: &Self, notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let (customer, model) = match resolve(tx, e, notes)? {
            Ok(ids) => ids,
            Err(p) => return Ok(Err(p)),
        };
        let id = store::insert(tx, e, model, customer)?;
        // A model new to the customer: its staff need operation training (R5.2.1).
        crate::training::customer::propose_for_new_model(tx, customer, model, e.installed_on.as_deref())?;
        Ok(Ok(id))
    }

    fn update(tx: &Tx, id: i64, e: &Self, notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        let (customer, model) = match resolve(tx, e, notes)? {
            Ok(ids) => ids,
            Err(p) => return Ok(Err(p)),
        };
        store::update(tx, id, e, model, customer)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        list(conn, &Filter::default(), each)
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub customer: Option<String>,
    pub model: Option<String>,
    pub status: Option<String>,
    /// Warranty ends on or after this date (YYYY-MM-DD).
    pub warranty_from: Option<String>,
    /// Warranty ends on or before this date.
    pub warranty_to: Option<String>,
    pub limit: Option<u64>,
}

/// Devices matching the filter, by serial number.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Equipment) -> Result<()>) -> Result<()> {
    store::list(conn, f, each)
}

crate::text_enum! {
    /// Where a device's warranty stands on a day (a ticket captures it at intake, R3.1.2).
    pub enum WarrantyStatus {
        InWarranty = "in_warranty",
        Expired = "expired",
        /// No last day of the warranty on record.
        Unknown = "unknown",
    }
}

/// A device's warranty on a day, as facts: where it stands and its last day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Warranty {
    pub status: WarrantyStatus,
    pub until: Option<NaiveDate>,
}

impl Warranty {
    /// The warranty ending on `until` (none on record: unknown), on `day`.
    pub fn on(until: Option<NaiveDate>, day: NaiveDate) -> Warranty {
        let status = match until {
            None => WarrantyStatus::Unknown,
            Some(u) if u >= day => WarrantyStatus::InWarranty,
            Some(_) => WarrantyStatus::Expired,
        };
        Warranty { status, until }
    }

    /// The device's warranty on `day`.
    pub fn of(e: &Equipment, day: NaiveDate) -> Warranty {
        Warranty::on(e.warranty_until.as_deref().and_then(crate::clock::stored_day), day)
    }

    /// In `lang`'s words, as of `day`, for people (a table, `equipment show`); English
    /// is `describe`, what csv, json and yaml say and a ticket stores.
    pub fn in_words(&self, day: NaiveDate, lang: crate::words::Lang) -> String {
        use crate::words::m;
        if lang == crate::words::Lang::En {
            return self.describe(day);
        }
        match (self.status, self.until) {
            (WarrantyStatus::InWarranty, Some(u)) => {
                m::equipment_warranty_until(u.to_string(), (u - day).num_days()).render(lang)
            }
            (WarrantyStatus::InWarranty, None) => m::equipment_warranty_in().render(lang),
            (WarrantyStatus::Expired, Some(u)) => m::equipment_warranty_expired_on(u.to_string()).render(lang),
            (WarrantyStatus::Expired, None) => m::equipment_warranty_expired().render(lang),
            (WarrantyStatus::Unknown, _) => m::equipment_warranty_unknown().render(lang),
        }
    }

    /// In words, as of `day`: the one place these sentences are written (equipment and
    /// customer show, the warranty a ticket captured, the repair report). Canonical
    /// English: a ticket stores it, scripts read it; `in_words` says it to people.
    pub fn describe(&self, day: NaiveDate) -> String {
        match (self.status, self.until) {
            (WarrantyStatus::InWarranty, Some(u)) => {
                format!("under warranty until {u} ({} days left)", (u - day).num_days())
            }
            (WarrantyStatus::InWarranty, None) => "under warranty".to_string(),
            (WarrantyStatus::Expired, Some(u)) => format!("expired on {u}"),
            (WarrantyStatus::Expired, None) => "expired".to_string(),
            (WarrantyStatus::Unknown, _) => "unknown (no warranty_until on record)".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub model: String,
    pub manufacturer: String,
    pub devices: i64,
    pub added_at: String,
}

/// The model catalogue with how many devices of each are installed.
pub fn models(conn: &Connection) -> Result<Vec<Model>> {
    store::models(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Equipment>();
        // Model and manufacturer are written as one catalogue entry.
        assert_eq!(Equipment::sql().insert.matches("model_id").count(), 1);
    }

    #[test]
    fn r3_1_2_the_warranty_holds_through_its_last_day() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let until = Some(day("2026-03-10"));
        assert_eq!(Warranty::on(until, day("2026-03-10")).status, WarrantyStatus::InWarranty);
        assert_eq!(Warranty::on(until, day("2026-03-11")).status, WarrantyStatus::Expired);
        assert_eq!(Warranty::on(None, day("2026-03-11")).status, WarrantyStatus::Unknown);
        let w = Warranty::on(until, day("2026-03-01"));
        assert_eq!(w.describe(day("2026-03-01")), "under warranty until 2026-03-10 (9 days left)");
        // People read it in their language; English is the canonical sentence itself.
        use crate::words::Lang;
        for (w, on) in [
            (w, "2026-03-01"),
            (Warranty::on(until, day("2026-03-11")), "2026-03-11"),
            (Warranty::on(None, day("2026-03-11")), "2026-03-11"),
        ] {
            assert_eq!(w.in_words(day(on), Lang::En), w.describe(day(on)));
        }
        assert_eq!(w.in_words(day("2026-03-01"), Lang::ZhCn), "保修期内（至 2026-03-10，还剩 9 天）");
        assert_eq!(
            Warranty::on(until, day("2026-03-11")).in_words(day("2026-03-11"), Lang::ZhCn),
            "已过保（2026-03-10 到期）"
        );
        assert_eq!(
            Warranty::on(None, day("2026-03-11")).in_words(day("2026-03-11"), Lang::ZhCn),
            "不详（未登记保修截止日期）"
        );
    }
}
