//! The areas whose records move as files, listed once. `svc export DIR`, `svc import DIR`,
//! the personal columns `--redact` masks in the history, and the message naming what a
//! directory may hold all read this list, so a new area is one line here, not an edit in
//! each of them. These are the per-area files people edit and merge; the whole-database
//! dump of `svc export DIR` needs no entry here: `db::dump` reads every table, in the order
//! of their foreign keys, from the schema itself, so a new table is dumped and restored
//! without being listed anywhere.

use crate::calendar::CalendarDay;
use crate::customer::Customer;
use crate::equipment::Equipment;
use crate::error::Result;
use crate::exchange::{Record, Stored};
use crate::parts::location::LocationRecord;
use crate::parts::stock::OpeningStock;
use crate::parts::{Part, Supplier};
use crate::repair::archive::RepairRecord;
use crate::staff::{Certificate, Staff};
use crate::states::Workflow;
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
    v.area::<crate::quality::standard::Standard>()?;
    v.area::<Equipment>()?;
    v.area::<Part>()?;
    v.area::<Supplier>()?;
    v.area::<LocationRecord>()?;
    v.area::<OpeningStock>()?;
    v.area::<Ticket>()?;
    v.area::<RepairRecord>()?;
    v.area::<Survey>()?;
    v.area::<CalendarDay>()?;
    v.area::<crate::training::Training>()?;
    v.area::<crate::training::Attendance>()?;
    v.area::<crate::support::kb::Article>()?;
    v.area::<crate::quality::audit::Inspection>()?;
    v.area::<crate::quality::files::Finding>()?;
    v.area::<crate::quality::files::Round>()?;
    v.area::<crate::quality::complaint::Complaint>()?;
    v.area::<crate::maint::archive::MaintRecord>()?;
    Ok(())
}

/// The plural names of every area (`customers, staff, ...`), in import order.
pub fn plurals() -> Vec<&'static str> {
    area_names(|plural, _| plural)
}

/// One name of each area (from its `PLURAL` and its `ENTITY`), in import order.
fn area_names(pick: fn(&'static str, &'static str) -> &'static str) -> Vec<&'static str> {
    struct Names(fn(&'static str, &'static str) -> &'static str, Vec<&'static str>);
    impl Visit for Names {
        fn area<T: Stored>(&mut self) -> Result<()> {
            self.1.push((self.0)(T::PLURAL, T::ENTITY));
            Ok(())
        }
    }
    let mut names = Names(pick, Vec::new());
    // Collecting names cannot fail.
    let _ = each(&mut names);
    names.1
}

/// Every workflow (`states::all()` reads this list), each by the entity name its history entries carry.
pub const FLOWS: &[(&str, &Workflow)] = &[
    ("ticket", &crate::ticket::FLOW),
    ("repair", &crate::repair::FLOW),
    ("purchase_order", &crate::parts::purchase::ORDER),
    ("receipt", &crate::parts::purchase::RECEIPT),
    ("count", &crate::parts::count::FLOW),
    ("requisition", &crate::parts::requisition::FLOW),
    ("drill", &crate::emergency::drill::FLOW),
    ("incident", &crate::emergency::incident::FLOW),
    ("complaint", &crate::quality::complaint::FLOW),
    ("audit", &crate::quality::audit::FLOW),
    ("finding", &crate::quality::finding::FLOW),
    ("customer_training", &crate::training::customer::FLOW),
    ("appraisal", &crate::appraisal::FLOW),
];

/// History entities that are neither an area's record nor a workflow: a warehouse's
/// safety checks, inspection protocols, settings.
const OTHER_ENTITIES: &[&str] = &[
    // One line per area, so areas built side by side merge cleanly.
    "safety_check",
    "protocol",
    "setting",
    "sla_rule",
    "customer_group",
    "training_rule",
    "promotion",
    "plan",
    "reserve_check",
    "return_visit",
    "maint_plan",
    "maint_visit",
    "maint_override",
    "maint_contract",
    "maint_meter",
    "checklist",
    "customer_training_score",
];

/// Every entity name the history uses, each once: the areas' records (`Record::ENTITY`,
/// in import order), then the workflows, then the rest. `svc history --entity` takes
/// only these; a test fails when code writes an entity missing here.
pub fn history_entities() -> Vec<&'static str> {
    let mut all = area_names(|_, entity| entity);
    for name in FLOWS.iter().map(|(e, _)| *e).chain(OTHER_ENTITIES.iter().copied()) {
        if !all.contains(&name) {
            all.push(name);
        }
    }
    all
}

/// Whether the history knows `entity` (`history_entities`).
pub fn is_history_entity(entity: &str) -> bool {
    history_entities().contains(&entity)
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
    fn every_workflow_has_its_history_entity_once() {
        let mut tables: Vec<&str> = FLOWS.iter().map(|(_, w)| w.table).collect();
        tables.sort();
        tables.dedup();
        assert_eq!(tables.len(), FLOWS.len(), "a workflow is listed twice");
        let entities = history_entities();
        let mut unique = entities.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(entities.len(), unique.len(), "an entity is listed twice: {entities:?}");
    }

    /// Every `.rs` file under src/, with its path.
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    /// Reads every call that writes the history, and every `Record::ENTITY`: each entity
    /// written must be one the registry lists, so `history --entity` can select it.
    #[test]
    fn every_entity_written_to_the_history_is_in_the_registry() {
        let listed = history_entities();
        let call = ["history", "::record("].concat();
        let entity_const = ["const ENTITY", ": &'static str = \""].concat();
        let (mut calls, mut consts) = (0, 0);
        let mut wrong = Vec::new();
        for (path, text) in sources() {
            for (at, _) in text.match_indices(&call) {
                calls += 1;
                let line = text[..at].lines().count();
                // The second argument: a string literal, or some record type's ENTITY.
                let arg = text[at + call.len()..].split(',').nth(1).unwrap_or("").trim();
                let ok = match arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                    Some(name) => listed.contains(&name),
                    None => arg.ends_with("::ENTITY"),
                };
                if !ok {
                    wrong.push(format!("{path}:{line}: {arg}"));
                }
            }
            for (at, _) in text.match_indices(&entity_const) {
                consts += 1;
                let name = text[at + entity_const.len()..].split('"').next().unwrap_or("");
                if !listed.contains(&name) {
                    wrong.push(format!("{path}: Record::ENTITY {name}"));
                }
            }
        }
        assert!(calls > 40, "found only {calls} writes to the history: has the call changed its name?");
        assert!(consts >= 11, "found only {consts} Record::ENTITY constants: has their form changed?");
        assert!(
            wrong.is_empty(),
            "the history is written with entities registry::history_entities() does not list \
             (add them there; write the entity as a literal or a Record::ENTITY):\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn personal_columns_come_from_the_area() {
        assert_eq!(personal_columns("customer"), Customer::PERSONAL);
        assert!(personal_columns("customer").contains(&"phone"));
        assert_eq!(personal_columns("repair"), &["signed_by", "by"]);
        assert!(personal_columns("no-such-entity").is_empty());
    }
}
