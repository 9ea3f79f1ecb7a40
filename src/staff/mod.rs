//! Staff and their qualification certificates (R2.1): who may do service work, and
//! which certificates expire soon (the morning cron job).

mod store;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::db::Tx;
use crate::due::{days_late, Source, When, Window};
use crate::error::Result;
use crate::exchange::columns::Columns;
use crate::exchange::{Check, Problem, Record, Stored};

pub const ROLES: &[&str] = &["technician", "engineer", "service", "warehouse", "manager"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staff {
    pub code: String,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

crate::record_columns! {
    Staff in Table::new("staff") => {
        code: Field::new("code").key(),
        name: Field::new("name"),
        role: Field::new("role").help("technician, engineer, service, warehouse or manager"),
        phone: Field::new("phone").personal().help("Phone (personal data)"),
        email: Field::new("email").personal().help("E-mail address (personal data)"),
        active: Field::new("active").help("true, or false for staff who have left [default: true]"),
    }
}

impl Record for Staff {
    const ENTITY: &'static str = "staff";
    const PLURAL: &'static str = "staff";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["code", "name", "role"];
    const PERSONAL: &'static [&'static str] = Self::PERSONAL_NAMES;
    const HELP: &'static [(&'static str, &'static str)] = Self::HELP_LINES;

    fn parse(c: &mut Check) -> Self {
        Staff {
            code: c.key("code"),
            name: c.required("name"),
            role: c.choice("role", ROLES, None),
            phone: c.phone("phone"),
            email: c.email("email"),
            active: c.boolean("active", true),
        }
    }

    fn key(&self) -> String {
        self.code.clone()
    }
}

impl Stored for Staff {
    const TABLE: &'static str = "staff";
    const LIST_COMMAND: &'static str = "svc staff list";
    const EDIT_COMMAND: Option<&'static str> = Some("svc staff edit");

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        store::find(conn, key)
    }

    fn find_id(conn: &Connection, key: &str) -> Result<Option<i64>> {
        store::find_id(conn, key, "looking up a staff member")
    }

    fn insert(tx: &Tx, s: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        Ok(Ok(store::insert(tx, s)?))
    }

    fn update(tx: &Tx, id: i64, s: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        store::update(tx, id, s)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        list(conn, &Filter::default(), each)
    }
}

/// Roles that do technical work and so must hold a valid certificate (R2.1).
pub const CERTIFIED_ROLES: &[&str] = &["technician", "engineer"];

#[derive(Debug, Default)]
pub struct Filter {
    pub role: Option<String>,
    /// Only active (true) or only inactive (false) staff.
    pub active: Option<bool>,
    /// Only active technicians and engineers without a certificate valid on this day.
    pub uncertified_on: Option<String>,
    pub limit: Option<u64>,
}

/// An active staff member's id, for a step they take; `inactive` says what one who has
/// left cannot do (`m::staff_inactive` when nothing more specific applies).
pub fn active(conn: &Connection, code: &str, inactive: fn(&str) -> crate::words::Msg) -> Result<i64> {
    let (id, s) = crate::records::get::<Staff>(conn, code)?;
    if !s.active {
        return Err(crate::error::Error::refused(inactive(code)));
    }
    Ok(id)
}

/// Staff matching the filter, by code.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Staff) -> Result<()>) -> Result<()> {
    store::list(conn, f, each)
}

pub fn new_code(tx: &Tx) -> Result<String> {
    crate::db::next_code(tx, "staff", "S", |code| Ok(Staff::find(tx.conn(), code)?.is_some()))
}

/// A qualification certificate. Its key is the pair (type, number): a number is unique
/// within the scheme (type) that issued it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub staff_code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub issued: Option<String>,
    pub expires: Option<String>,
}

crate::record_columns! {
    Certificate in Table::new("certificates").joined("c", "JOIN staff s ON s.id = c.staff_id") => {
        staff_code: Field::new("staff_code").read("s.code").resolved("staff_id"),
        kind: Field::new("type").key(),
        number: Field::new("number").key(),
        issued: Field::new("issued"),
        expires: Field::new("expires"),
    }
}

impl Record for Certificate {
    const ENTITY: &'static str = "certificate";
    const PLURAL: &'static str = "certificates";
    const COLUMNS: &'static [&'static str] = Self::NAMES;
    const REQUIRED: &'static [&'static str] = &["staff_code", "type", "number"];

    fn parse(c: &mut Check) -> Self {
        let issued = c.date("issued");
        let expires = c.date("expires");
        c.in_order(("issued", &issued), ("expires", &expires));
        Certificate {
            staff_code: c.key("staff_code"),
            kind: c.required("type"),
            number: c.key("number"),
            issued,
            expires,
        }
    }

    /// Type and number, as a JSON pair: either may contain any character, `/` included.
    fn key(&self) -> String {
        serde_json::to_string(&[&self.kind, &self.number]).unwrap_or_default()
    }

    fn label(&self) -> String {
        format!("{} {}", self.kind, self.number)
    }

    fn key_column() -> &'static str {
        "number"
    }
}

fn staff_id(tx: &Tx, code: &str) -> Result<Result<i64, Problem>> {
    let id = store::find_id(tx.conn(), code, "looking up the certificate's holder")?;
    Ok(id.ok_or_else(|| {
        let problem = crate::words::m::staff_no_member(code);
        Problem::new("staff_code", crate::records::missing_reference::<Staff>(tx.conn(), code, problem))
    }))
}

impl Stored for Certificate {
    const TABLE: &'static str = "certificates";
    const LIST_COMMAND: &'static str = "svc staff certs";
    const EDIT_COMMAND: Option<&'static str> = None;

    fn find(conn: &Connection, key: &str) -> Result<Option<(i64, Self)>> {
        let Ok([kind, number]) = serde_json::from_str::<[String; 2]>(key) else { return Ok(None) };
        store::find_certificate(conn, &kind, &number)
    }

    fn insert(tx: &Tx, c: &Self, _notes: &mut Vec<String>) -> Result<Result<i64, Problem>> {
        let staff = match staff_id(tx, &c.staff_code)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        Ok(Ok(store::insert_certificate(tx, c, staff)?))
    }

    fn update(tx: &Tx, id: i64, c: &Self, _notes: &mut Vec<String>) -> Result<Result<(), Problem>> {
        let staff = match staff_id(tx, &c.staff_code)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        store::update_certificate(tx, id, c, staff)?;
        Ok(Ok(()))
    }

    fn export(conn: &Connection, each: &mut dyn FnMut(Self) -> Result<()>) -> Result<()> {
        store::each_certificate(conn, each)
    }
}

/// A certificate with its holder and its state on a given day.
#[derive(Debug, Clone, Serialize)]
pub struct CertState {
    pub staff_code: String,
    pub staff_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub days_left: Option<i64>,
    pub state: String,
}

#[derive(Debug, Default)]
pub struct CertFilter {
    pub staff: Option<String>,
    /// Valid today but expiring within this many days.
    pub expiring_within: Option<i64>,
    pub expired: bool,
}

/// Certificates of active staff (of anyone, when one staff member is named), soonest
/// expiry first. With both `expiring_within`
/// and `expired`, either condition selects a certificate. Days left and the window
/// are the due engine's (`crate::due`).
pub fn certificates(conn: &Connection, now: DateTime<Utc>, f: &CertFilter) -> Result<Vec<CertState>> {
    let soon = Window::within(now, f.expiring_within.unwrap_or(0).max(30));
    let asked = f.expiring_within.map(|w| Window::within(now, w));
    let mut out = Vec::new();
    for c in store::held_certificates(conn, f.staff.as_deref())? {
        let when = c.expires.as_deref().and_then(When::parse);
        if selected(when.as_ref(), asked.as_ref(), f.expired, &soon) {
            out.push(CertState {
                staff_code: c.staff_code,
                staff_name: c.staff_name,
                kind: c.kind,
                number: c.number,
                issued: c.issued,
                expires: c.expires,
                days_left: when.map(|w| -days_late(&w, soon.today)),
                state: cert_state(when.as_ref(), &soon).to_string(),
            });
        }
    }
    Ok(out)
}

/// A certificate's state: expired before `soon`'s first day, expiring within it, valid
/// after it, or "no expiry" when it has no last day.
fn cert_state(when: Option<&When>, soon: &Window) -> &'static str {
    match when {
        None => "no expiry",
        Some(w) if soon.is_overdue(w) => "expired",
        Some(w) if soon.contains(w) => "expiring",
        Some(_) => "valid",
    }
}

/// Whether `svc staff certs` lists a certificate: every one when neither filter is
/// asked; otherwise the expired ones (with `expired`) and those still valid that expire
/// within the `asked` window. One without an expiry is never due.
fn selected(when: Option<&When>, asked: Option<&Window>, expired: bool, soon: &Window) -> bool {
    match (asked, expired) {
        (None, false) => true,
        (asked, expired) => when.is_some_and(|w| {
            let late = soon.is_overdue(w);
            (expired && late) || asked.is_some_and(|a| a.contains(w) && !late)
        }),
    }
}

/// Certificates of active staff that expire within the window, or have expired (R2.1).
pub const DUE: Source = Source {
    kind: "certificate",
    clause: "R2.1",
    about: "qualification certificates of active staff, due on the day they expire",
    sql: store::DUE_SQL,
    indexes: &["certificates_expires"],
    find: |conn, w, each| {
        let says =
            |r: &rusqlite::Row| Ok(crate::due_words::certificate(r.get::<_, String>(3)?, r.get::<_, String>(4)?));
        crate::due::rows(conn, store::DUE_SQL, w.last_day_text(), says, each)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Staff>();
    }

    #[test]
    fn certificate_columns_agree_with_the_schema() {
        crate::exchange::columns::assert_agree::<Certificate>();
        // A certificate's holder may change; its (type, number) never does.
        assert!(Certificate::sql().update.starts_with("UPDATE certificates SET staff_id = ?2,"));
    }

    fn day(s: &str) -> When {
        When::parse(s).unwrap()
    }

    fn noon(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn r2_1_a_certificate_is_expired_expiring_or_valid_against_the_window() {
        let soon = Window::within(noon("2026-03-10T12:00:00Z"), 30);
        assert_eq!(cert_state(Some(&day("2026-03-09")), &soon), "expired");
        assert_eq!(cert_state(Some(&day("2026-03-10")), &soon), "expiring", "its last day is still valid");
        assert_eq!(cert_state(Some(&day("2026-04-09")), &soon), "expiring");
        assert_eq!(cert_state(Some(&day("2026-04-10")), &soon), "valid");
        assert_eq!(cert_state(None, &soon), "no expiry");
    }

    #[test]
    fn r2_1_the_listing_filters_select_expired_or_expiring_never_the_undated() {
        let now = noon("2026-03-10T12:00:00Z");
        let soon = Window::within(now, 30);
        let week = Window::within(now, 7);
        let (late, in_week, in_month) = (day("2026-03-01"), day("2026-03-15"), day("2026-04-01"));
        assert!(selected(None, None, false, &soon), "no filter lists every certificate");
        assert!(selected(Some(&late), None, true, &soon));
        assert!(!selected(Some(&in_week), None, true, &soon));
        assert!(selected(Some(&in_week), Some(&week), false, &soon));
        assert!(!selected(Some(&in_month), Some(&week), false, &soon));
        assert!(!selected(Some(&late), Some(&week), false, &soon), "expired is not expiring");
        assert!(selected(Some(&late), Some(&week), true, &soon), "either condition selects");
        assert!(!selected(None, Some(&week), true, &soon));
    }
}
