//! The areas whose records move as files, listed once. `svc export DIR`, `svc import DIR`,
//! the personal columns `--redact` masks in the history, and the message naming what a
//! directory may hold all read this list, so a new area is one line here, not an edit in
//! each of them. These are the per-area files people edit and merge; the whole-database
//! dump of `svc export DIR` needs no entry here: `db::dump` reads every table, in the order
//! of their foreign keys, from the schema itself, so a new table is dumped and restored
//! without being listed anywhere.

use crate::customer::Customer;
use crate::equipment::Equipment;
use crate::error::Result;
use crate::exchange::{Record, Stored};
use crate::parts::location::LocationRecord;
use crate::parts::stock::OpeningStock;
use crate::parts::{Part, Supplier};
use crate::repair::archive::RepairRecord;
use crate::staff::{Certificate, Staff};
use crate::survey::Survey;
use crate::ticket::Ticket;

/// Something done once per area, with the area's record type in hand.
pub trait Visit {
    fn area<T: Stored>(&mut self) -> Result<()>;
}

/// Every area, in the order an import needs them: referenced records first (customers
/// before their equipment, staff before certificates, parts and locations before stock,
/// tickets before repairs).
pub fn each(v: &mut impl Visit) -> Result<()> {
    v.area::<Customer>()?;
    v.area::<Staff>()?;
    v.area::<Certificate>()?;
    v.area::<Equipment>()?;
    v.area::<Part>()?;
    v.area::<Supplier>()?;
    v.area::<LocationRecord>()?;
    v.area::<OpeningStock>()?;
    v.area::<Ticket>()?;
    v.area::<RepairRecord>()?;
    v.area::<Survey>()?;
    Ok(())
}

/// The plural names of every area (`customers, staff, ...`), in import order.
pub fn plurals() -> Vec<&'static str> {
    struct Names(Vec<&'static str>);
    impl Visit for Names {
        fn area<T: Stored>(&mut self) -> Result<()> {
            self.0.push(T::PLURAL);
            Ok(())
        }
    }
    let mut names = Names(Vec::new());
    // Collecting names cannot fail.
    let _ = each(&mut names);
    names.0
}

/// Columns holding personal data, by the entity name the history uses (R8.1.2).
pub fn personal_columns(entity: &str) -> &'static [&'static str] {
    // A repair's history names the customer's people who consented and signed as `by`
    // (staff codes there too are masked: over-masking is the safe side).
    if entity == RepairRecord::ENTITY {
        return &["signed_by", "by"];
    }
    struct Find<'a> {
        entity: &'a str,
        found: &'static [&'static str],
    }
    impl Visit for Find<'_> {
        fn area<T: Stored>(&mut self) -> Result<()> {
            if T::ENTITY == self.entity {
                self.found = T::PERSONAL;
            }
            Ok(())
        }
    }
    let mut find = Find { entity, found: &[] };
    let _ = each(&mut find);
    find.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_its_own_file_name() {
        let names = plurals();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "two areas would write the same file: {names:?}");
    }

    #[test]
    fn personal_columns_come_from_the_area() {
        assert_eq!(personal_columns("customer"), Customer::PERSONAL);
        assert!(personal_columns("customer").contains(&"phone"));
        assert_eq!(personal_columns("repair"), &["signed_by", "by"]);
        assert!(personal_columns("no-such-entity").is_empty());
    }
}
