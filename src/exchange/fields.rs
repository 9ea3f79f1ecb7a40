//! One row in canonical columns, and the checks that turn it into a record while
//! collecting every problem (a row with two faults reports both).

use std::borrow::Cow;

use serde_json::Value;

use super::normalize;
use crate::words::m;

/// A canonical row: one cleaned value (or none) per column of the area.
#[derive(Debug, Clone)]
pub struct Fields {
    pub columns: &'static [&'static str],
    pub values: Vec<Option<String>>,
    /// Which columns the source carried at all (an empty cell is given, and clears).
    pub given: Vec<bool>,
}

impl Fields {
    pub fn new(columns: &'static [&'static str]) -> Fields {
        // Filled one by one: `vec![None; n]` clones its element into every place.
        let values = std::iter::repeat_with(|| None).take(columns.len()).collect();
        Fields { columns, values, given: vec![false; columns.len()] }
    }

    /// These fields laid over `base`: the columns given here win, the others keep
    /// the base's values (an upsert from a file with fewer columns).
    pub fn over(&self, mut base: Fields) -> Fields {
        for (i, given) in self.given.iter().enumerate() {
            if *given {
                base.values[i] = self.values[i].clone();
            }
        }
        base
    }

    /// Set a column from user text: cleaned, and empty means absent.
    pub fn set(&mut self, column: &str, raw: &str) {
        let i = self.index(column);
        self.given[i] = true;
        let v = normalize::clean(raw);
        self.values[i] = (!v.is_empty()).then(|| v.into_owned());
    }

    pub fn get(&self, column: &str) -> Option<&str> {
        self.values[self.index(column)].as_deref()
    }

    /// As `index`, trying `hint` first: a record's `parse` takes its columns in their
    /// order, so the next one is almost always where the last one ended (an import
    /// asks this for every cell: a name compared with each column was a cost of its own).
    fn index_from(&self, column: &str, hint: usize) -> usize {
        match self.columns.get(hint) {
            Some(c) if *c == column => hint,
            _ => self.index(column),
        }
    }

    fn index(&self, column: &str) -> usize {
        self.columns
            .iter()
            .position(|c| *c == column)
            .unwrap_or_else(|| panic!("'{column}' is not a column of {:?}: a programming error", self.columns))
    }

    /// A record's canonical row (as `Record::to_row` gives it) back as fields, for edits.
    pub fn from_row(columns: &'static [&'static str], row: &[Value]) -> Fields {
        let mut f = Fields::new(columns);
        for (i, v) in row.iter().enumerate() {
            f.values[i] = match v {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
        }
        f
    }
}

/// A reason a row cannot be taken, with the column it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub column: Option<String>,
    pub reason: String,
}

impl Problem {
    pub fn new(column: &str, reason: impl Into<String>) -> Problem {
        Problem { column: Some(column.to_string()), reason: reason.into() }
    }
    pub fn row(reason: impl Into<String>) -> Problem {
        Problem { column: None, reason: reason.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{c}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

pub fn describe(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Reads typed values out of `Fields`, noting each problem instead of stopping at the
/// first. Each column is taken out once, so nothing is copied.
pub struct Check {
    fields: Fields,
    pub problems: Vec<Problem>,
    /// The column after the last one taken (`Fields::index_from`).
    next: usize,
}

impl Check {
    pub fn new(fields: Fields) -> Check {
        Check { fields, problems: Vec::new(), next: 0 }
    }

    /// Move a column's value out (each column is read once while checking a row).
    fn take(&mut self, column: &str) -> Option<String> {
        let i = self.fields.index_from(column, self.next);
        self.next = i + 1;
        self.fields.values[i].take()
    }

    fn note(&mut self, column: &str, reason: impl Into<String>) {
        self.problems.push(Problem::new(column, reason));
    }

    /// Free text. Control characters other than tab and newline are refused: a terminal
    /// acts on them (an escape in a name retitled the terminal of whoever listed it).
    pub fn text(&mut self, column: &str) -> Option<String> {
        let v = self.take(column)?;
        if !normalize::may_hold_control(&v) {
            return Some(v);
        }
        if let Some(c) = v.chars().find(|c| normalize::is_hostile_control(*c)) {
            self.note(column, super::msg::exchange_control_character(format!("U+{:04X}", c as u32)).to_string());
        }
        Some(v)
    }

    pub fn required(&mut self, column: &str) -> String {
        match self.text(column) {
            Some(v) => v,
            None => {
                self.note(column, m::fields_required().to_string());
                String::new()
            }
        }
    }

    /// A key or code: required, and full-width punctuation made ASCII too. No control
    /// character, and nothing invisible or reordering the text around it: two codes
    /// that look the same must be the same.
    pub fn key(&mut self, column: &str) -> String {
        let v = match self.take(column) {
            Some(v) => v,
            None => {
                self.note(column, m::fields_required().to_string());
                String::new()
            }
        };
        let v = if v.is_ascii() { v } else { normalize::half_width(&v).into_owned() };
        // Every character that is invisible or reorders text is outside ASCII: an ASCII
        // code (the usual one) needs only its bytes looked at for control characters.
        if v.is_ascii() && !v.bytes().any(|b| b.is_ascii_control()) {
            return v;
        }
        if v.chars().any(char::is_control) {
            self.note(column, m::fields_control_characters(format!("{v:?}")).to_string());
        } else if let Some(c) = v.chars().find(|c| normalize::is_invisible(*c)) {
            self.note(
                column,
                super::msg::exchange_invisible_character(format!("{v:?}"), format!("U+{:04X}", c as u32)).to_string(),
            );
        }
        v
    }

    /// One of a fixed set of words; `default` when absent.
    pub fn choice(&mut self, column: &str, allowed: &[&str], default: Option<&str>) -> String {
        match (self.take(column), default) {
            // Already an allowed word in lower-case ASCII (the usual value, or a map's
            // translation): what the lower-casing below would give, without a copy.
            (Some(v), _)
                if v.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) && allowed.contains(&v.as_str()) =>
            {
                v
            }
            (Some(v), _) => {
                let lower = normalize::half_width(&v).to_lowercase();
                if allowed.contains(&lower.as_str()) {
                    lower
                } else {
                    let allowed = crate::words::catalogue::choices(column, allowed, crate::words::catalogue::lang());
                    self.note(column, m::fields_not_one_of(v, allowed).to_string());
                    String::new()
                }
            }
            (None, Some(d)) => d.to_string(),
            (None, None) => {
                self.note(column, m::fields_missing_one_of(allowed.join(", ")).to_string());
                String::new()
            }
        }
    }

    /// One of an enum's words (`text_enum!`), or none when absent. A word it does not
    /// take is refused with the words it takes, each with its label (`catalogue::choices`).
    pub fn word<T: std::str::FromStr + crate::words::Named>(&mut self, column: &str) -> Option<T> {
        self.checked(column, |v| {
            let v = normalize::half_width(v).to_lowercase();
            v.parse().map_err(|_| {
                let allowed = crate::words::catalogue::choices(column, T::NAMES, crate::words::catalogue::lang());
                m::fields_not_one_of(v, allowed).to_string()
            })
        })
    }

    pub fn date(&mut self, column: &str) -> Option<String> {
        let v = self.take(column)?;
        match normalize::date(&v) {
            Ok(d) => Some(normalize::date_text(d, v)),
            Err(e) => {
                self.note(column, e);
                None
            }
        }
    }

    pub fn email(&mut self, column: &str) -> Option<String> {
        self.kept(column, normalize::email)
    }

    pub fn phone(&mut self, column: &str) -> Option<String> {
        self.kept(column, normalize::phone)
    }

    pub fn boolean(&mut self, column: &str, default: bool) -> bool {
        self.checked(column, normalize::boolean).unwrap_or(default)
    }

    /// A whole number not below `min`.
    pub fn integer(&mut self, column: &str, min: i64) -> Option<i64> {
        let v = self.checked(column, crate::money::parse_qty)?;
        if v < min {
            self.note(column, m::fields_below(v, min).to_string());
            return None;
        }
        Some(v)
    }

    /// A point in time (RFC 3339, or local `YYYY-MM-DD HH:MM`), stored as UTC RFC 3339.
    pub fn instant(&mut self, column: &str) -> Option<String> {
        self.checked(column, |v| {
            crate::clock::parse_instant(v)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .ok_or_else(|| m::fields_not_a_time(format!("{v:?}")).to_string())
        })
    }

    /// An amount of money (yuan, two decimals) as fen.
    pub fn money(&mut self, column: &str) -> Option<crate::money::Money> {
        self.checked(column, crate::money::Money::parse)
    }

    fn checked<T>(&mut self, column: &str, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let v = self.take(column)?;
        match f(&v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.note(column, e);
                None
            }
        }
    }

    /// As `checked`, for a check that gives the text back cleaned: the value taken out
    /// is kept when the check left it as it was (no copy of it).
    fn kept(&mut self, column: &str, f: impl Fn(&str) -> Result<Cow<'_, str>, String>) -> Option<String> {
        let v = self.take(column)?;
        let checked = f(&v).map(|c| match c {
            Cow::Borrowed(s) if s == v.as_str() => None,
            c => Some(c.into_owned()),
        });
        match checked {
            Ok(cleaned) => Some(cleaned.unwrap_or(v)),
            Err(e) => {
                self.note(column, e);
                None
            }
        }
    }

    /// `first` must not come after `second` (both `YYYY-MM-DD`).
    pub fn in_order(&mut self, first: (&str, &Option<String>), second: (&str, &Option<String>)) {
        if let (Some(a), Some(b)) = (first.1, second.1) {
            if b < a {
                self.note(second.0, m::fields_before(b, first.0, a).to_string());
            }
        }
    }

    pub fn finish<T>(self, record: T) -> Result<T, Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(record)
        } else {
            Err(self.problems)
        }
    }
}
