//! The money and the limits of a repair (R3.3.1, R3.3.2), as plain decisions: no SQL,
//! no connection. `plan`, `use_part` and the report read the facts, ask these, and
//! write the answer, so each rule is tested here on its edges.

use crate::money::{self, Money, Overflow};

/// Labour for `tenths` of an hour at `rate` per hour, rounded to the nearest fen.
/// Refused past what an amount holds: a saturated cost would pass any estimate check.
pub fn labour_cost(rate: Money, tenths: i64) -> Result<Money, Overflow> {
    let tenths_of_fen = rate.0.checked_mul(tenths).and_then(|v| v.checked_add(5)).ok_or(Overflow)?;
    Ok(Money(tenths_of_fen / 10))
}

/// Parts at their unit prices, as (price, quantity) lines; free under warranty. A
/// negative quantity (parts taken back) lowers the sum.
pub fn parts_cost(lines: impl IntoIterator<Item = (Money, i64)>, under_warranty: bool) -> Result<Money, Overflow> {
    if under_warranty {
        return Ok(Money(0));
    }
    money::sum(lines.into_iter().map(|(price, qty)| price.times(qty)))
}

/// What a repair costs: its parts and its labour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Costs {
    pub parts: Money,
    pub labour: Money,
}

impl Costs {
    pub fn total(&self) -> Result<Money, Overflow> {
        self.parts.plus(self.labour)
    }

    /// The plan's estimate: the one given, which must cover parts plus labour (else
    /// `Err(Some(minimum))`), or their sum when none is given; `Err(None)` when the sum
    /// itself is beyond what an amount holds.
    pub fn estimate(&self, given: Option<Money>) -> Result<Money, Option<Money>> {
        let total = self.total().map_err(|_| None)?;
        match given {
            Some(e) if e < total => Err(Some(total)),
            Some(e) => Ok(e),
            None => Ok(total),
        }
    }

    /// At report time: whether what was spent passes the consented estimate, which
    /// then needs the customer's consent again. Exactly the estimate is within it.
    pub fn past(&self, estimate: Money) -> Result<bool, Overflow> {
        Ok(self.total()? > estimate)
    }
}

/// Why using a part needs the customer's consent again (R3.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconsent {
    /// The consented plan does not name the part.
    NotPlanned,
    /// The plan allows `planned` of it and `used` are used already.
    Beyond { planned: i64, used: i64 },
}

/// Whether `qty` more of a part stays within the consented plan, which allows
/// `planned` of it (0 when it is not in the plan); `used` is the net use so far
/// (parts taken back count against it).
pub fn within_plan(planned: i64, used: i64, qty: i64) -> Result<(), Reconsent> {
    if used.saturating_add(qty) <= planned {
        Ok(())
    } else if planned == 0 {
        Err(Reconsent::NotPlanned)
    } else {
        Err(Reconsent::Beyond { planned, used })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labour_is_rounded_to_the_fen() {
        assert_eq!(labour_cost(Money(10000), 25), Ok(Money(25000)));
        assert_eq!(labour_cost(Money(10001), 5), Ok(Money(5001))); // 5000.5 rounds up
        assert_eq!(labour_cost(Money(10001), 1), Ok(Money(1000))); // 1000.1 rounds down
        assert_eq!(labour_cost(Money(10000), 0), Ok(Money(0)));
        assert_eq!(labour_cost(Money(i64::MAX), 99), Err(Overflow), "refused, never saturated");
    }

    #[test]
    fn parts_are_free_under_warranty() {
        let lines = [(Money(1250), 2), (Money(99), 3)];
        assert_eq!(parts_cost(lines, false), Ok(Money(2797)));
        assert_eq!(parts_cost(lines, true), Ok(Money(0)));
        assert_eq!(parts_cost([], false), Ok(Money(0)));
        // Two used, one taken back: one is paid for.
        assert_eq!(parts_cost([(Money(1250), 2), (Money(1250), -1)], false), Ok(Money(1250)));
        assert_eq!(parts_cost([(Money(99_999_999_999_999), 1_000_000_000)], false), Err(Overflow));
    }

    #[test]
    fn the_estimate_covers_parts_and_labour() {
        let c = Costs { parts: Money(3000), labour: Money(2000) };
        assert_eq!(c.estimate(None), Ok(Money(5000)));
        assert_eq!(c.estimate(Some(Money(5000))), Ok(Money(5000)), "exactly the sum");
        assert_eq!(c.estimate(Some(Money(6000))), Ok(Money(6000)), "room for the unforeseen");
        assert_eq!(c.estimate(Some(Money(4999))), Err(Some(Money(5000))));
        assert_eq!(Costs { parts: Money(i64::MAX), labour: Money(1) }.estimate(None), Err(None));
        let free = Costs { parts: Money(0), labour: Money(0) };
        assert_eq!(free.estimate(None), Ok(Money(0)));
        assert_eq!(free.estimate(Some(Money(0))), Ok(Money(0)));
    }

    #[test]
    fn costs_past_the_estimate_need_consent_again() {
        let c = Costs { parts: Money(3000), labour: Money(2000) };
        assert_eq!(c.past(Money(5000)), Ok(false), "exactly the estimate is within it");
        assert_eq!(c.past(Money(5001)), Ok(false));
        assert_eq!(c.past(Money(4999)), Ok(true));
        assert_eq!(Costs { parts: Money(0), labour: Money(1) }.past(Money(0)), Ok(true));
        assert_eq!(Costs { parts: Money(-100), labour: Money(100) }.past(Money(0)), Ok(false), "parts taken back");
    }

    #[test]
    fn parts_within_the_consented_plan() {
        assert_eq!(within_plan(2, 0, 2), Ok(()), "exactly the plan");
        assert_eq!(within_plan(2, 1, 1), Ok(()));
        assert_eq!(within_plan(2, 1, 2), Err(Reconsent::Beyond { planned: 2, used: 1 }));
        assert_eq!(within_plan(0, 0, 1), Err(Reconsent::NotPlanned));
        // A part taken back frees its place in the plan.
        assert_eq!(within_plan(2, 2, 1), Err(Reconsent::Beyond { planned: 2, used: 2 }));
        assert_eq!(within_plan(2, 1, 1), Ok(()));
        assert_eq!(within_plan(1, i64::MAX, 1), Err(Reconsent::Beyond { planned: 1, used: i64::MAX }), "no overflow");
    }
}
