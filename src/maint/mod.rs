//! Preventive maintenance (R1.2 维修保养): the planned work that keeps equipment running
//! between failures. A plan per model says how often (months, or a meter's units), what
//! to check (a checklist protocol in the format of repair inspections, judged by the same
//! code), which parts to replace, how long it takes and how much risk the device carries
//! (the grace window). Each device of the model gets a schedule; a visit records the
//! checklist results, the parts used and a report the customer signs.

pub mod archive;
pub mod calendar;
pub mod contract;
pub mod measure;
pub mod msg;
pub mod plan;
pub mod report;
pub mod schedule;
pub mod sheet;
mod store;
pub mod visit;

pub use plan::Plan;

/// Hours as kept (tenths of an hour) shown as decimal text: 15 → `1.5`.
pub fn hours_text(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Decimal hours (`1.5`, `2`) to tenths, refusing what is not a positive number of at
/// most 100 hours with at most one decimal.
pub fn tenths(hours: &str) -> Option<i64> {
    let h = hours.trim();
    let (whole, frac) = h.split_once('.').unwrap_or((h, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 1 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = whole.parse::<i64>().ok()?.checked_mul(10)? + frac.parse::<i64>().unwrap_or(0);
    (1..=1000).contains(&t).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_kept_in_tenths() {
        assert_eq!(tenths("1.5"), Some(15));
        assert_eq!(tenths("2"), Some(20));
        assert_eq!(tenths(" 0.5 "), Some(5));
        for bad in ["0", "-1", "1.25", "abc", "", ".5", "101", "1e2"] {
            assert_eq!(tenths(bad), None, "{bad}");
        }
        assert_eq!(hours_text(15), "1.5");
        assert_eq!(hours_text(20), "2.0");
    }
}
