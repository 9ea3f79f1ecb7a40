//! Money: integer fen in the database, decimal text at the edges (`1234.50`), never
//! floats (design.md). Amounts are yuan with at most two decimals.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::words::m;

/// An amount in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

impl Money {
    /// `1234.5`, `1234.50`, `¥1,234.50`, `1234` → fen. No exponent, no more than two
    /// decimals (a third would be a silent rounding), not negative.
    pub fn parse(raw: &str) -> Result<Money, String> {
        let s: String = raw.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',').collect();
        let bad = || m::money_not_an_amount(format!("{raw:?}")).to_string();
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        if whole.is_empty() && frac.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        if frac.len() > 2 {
            return Err(m::money_too_many_decimals(format!("{raw:?}")).to_string());
        }
        if whole.len() > 12 {
            return Err(m::money_too_large(format!("{raw:?}")).to_string());
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        whole.checked_mul(100).and_then(|w| w.checked_add(frac)).map(Money).ok_or_else(bad)
    }

    /// `self * qty`, for line values; refused past what an amount can hold (never a
    /// saturated or wrapped value that would pass for a real one).
    pub fn times(self, qty: i64) -> Result<Money, Overflow> {
        self.0.checked_mul(qty).map(Money).ok_or(Overflow)
    }

    /// `self + other`, refused past what an amount can hold.
    pub fn plus(self, other: Money) -> Result<Money, Overflow> {
        self.0.checked_add(other.0).map(Money).ok_or(Overflow)
    }
}

/// An amount or a quantity beyond what svc can hold: refused (exit 5), never saturated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", crate::hardening::msg::amount_overflow())
    }
}

impl std::error::Error for Overflow {}

impl From<Overflow> for crate::error::Error {
    fn from(_: Overflow) -> Self {
        crate::error::Error::invalid(crate::hardening::msg::amount_overflow())
    }
}

/// Inside a row-reading closure: carried through rusqlite and turned back into the
/// refusal by `SqlContext::ctx`.
impl From<Overflow> for rusqlite::Error {
    fn from(o: Overflow) -> Self {
        rusqlite::Error::ToSqlConversionFailure(Box::new(o))
    }
}

/// The sum of amounts, refused past what an amount can hold.
pub fn sum(amounts: impl IntoIterator<Item = Result<Money, Overflow>>) -> Result<Money, Overflow> {
    amounts.into_iter().try_fold(Money(0), |total, a| total.plus(a?))
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The decimal text `Serialize` writes, read back (a signed document holds amounts so).
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        let (sign, digits) = text.strip_prefix('-').map_or((1, text.as_str()), |t| (-1, t));
        Money::parse(digits).map(|m| Money(sign * m.0)).map_err(serde::de::Error::custom)
    }
}

/// A whole quantity as people type it (`12`, `12.0` from a spreadsheet, `1,200`).
pub fn parse_qty(raw: &str) -> Result<i64, String> {
    let s: String = raw.trim().chars().filter(|c| *c != ',').collect();
    let s = s.strip_suffix(".0").or_else(|| s.strip_suffix(".00")).unwrap_or(&s);
    let n = s.parse::<i64>().map_err(|_| m::money_not_whole(format!("{raw:?}")).to_string())?;
    if n.abs() > MAX_QTY {
        return Err(m::money_qty_too_large(format!("{raw:?}"), MAX_QTY.to_string()).to_string());
    }
    Ok(n)
}

/// The largest quantity a line may carry: far beyond any stock, small enough that
/// quantity times price never overflows.
pub const MAX_QTY: i64 = 1_000_000_000;

impl rusqlite::ToSql for Money {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.into())
    }
}

impl rusqlite::types::FromSql for Money {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(v).map(Money)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_back_what_they_write() {
        for m in [Money(0), Money(30300), Money(-150)] {
            let text = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<Money>(&text).unwrap(), m, "{text}");
        }
        assert!(serde_json::from_str::<Money>("\"1.234\"").is_err());
    }

    #[test]
    fn amounts_parse_to_fen_and_print_back() {
        assert_eq!(Money::parse("1234.5"), Ok(Money(123450)));
        assert_eq!(Money::parse("¥1,234.50"), Ok(Money(123450)));
        assert_eq!(Money::parse("12"), Ok(Money(1200)));
        assert_eq!(Money::parse(".05"), Ok(Money(5)));
        assert!(Money::parse("1.234").is_err());
        assert!(Money::parse("-3").is_err());
        assert!(Money::parse("1e3").is_err());
        assert!(Money::parse("").is_err());
        assert_eq!(Money(123405).to_string(), "1234.05");
        assert_eq!(Money(-5).to_string(), "-0.05");
    }

    #[test]
    fn arithmetic_refuses_instead_of_saturating() {
        assert_eq!(Money(1250).times(3), Ok(Money(3750)));
        assert_eq!(Money(i64::MAX).times(2), Err(Overflow));
        assert_eq!(Money(i64::MIN).times(-1), Err(Overflow));
        assert_eq!(Money(i64::MAX).plus(Money(1)), Err(Overflow));
        assert_eq!(sum([Ok(Money(1)), Ok(Money(2))]), Ok(Money(3)));
        assert_eq!(sum([Ok(Money(i64::MAX)), Ok(Money(1))]), Err(Overflow));
    }

    #[test]
    fn quantities_accept_spreadsheet_forms() {
        assert_eq!(parse_qty("12"), Ok(12));
        assert_eq!(parse_qty("12.0"), Ok(12));
        assert_eq!(parse_qty("1,200"), Ok(1200));
        assert_eq!(parse_qty("-3"), Ok(-3));
        assert!(parse_qty("1.5").is_err());
        assert!(parse_qty("x").is_err());
        assert!(parse_qty("99999999999999").is_err());
    }
}
