//! Spare parts (R4): the catalogue and suppliers, locations, purchasing with incoming
//! inspection, the stock ledger, stock counts, requisitions and traceability.

pub mod catalogue;
pub mod count;
pub mod location;
pub mod msg;
pub mod plan;
pub mod purchase;
pub mod requisition;
pub mod safety;
pub mod stock;
pub mod store;
pub mod supplier;

pub use catalogue::Part;
pub use supplier::Supplier;

use crate::error::{Error, Result};
use crate::money::parse_qty;
use crate::words::m;

/// A document line as the command line gives it: `PARTNO:QTY[:MORE...]`. The part
/// number comes first and the quantity second; what follows depends on the document.
#[derive(Debug, Clone)]
pub struct LineArg {
    pub part_no: String,
    pub qty: i64,
    pub rest: Vec<String>,
}

impl LineArg {
    /// Parse `spec`; `form` is the written form for messages (`PARTNO:QTY:PRICE`), and
    /// `max_rest` how many fields may follow the quantity.
    pub fn parse(spec: &str, form: &str, max_rest: usize) -> Result<LineArg> {
        let fields: Vec<&str> = spec.split(':').map(str::trim).collect();
        let quoted = format!("{spec:?}");
        if fields.len() < 2 || fields[0].is_empty() {
            return Err(Error::invalid(m::parts_line_no_part_qty(&quoted, form)));
        }
        if fields.len() > 2 + max_rest {
            return Err(Error::invalid(m::parts_line_too_many_fields(&quoted, form)));
        }
        let qty = parse_qty(fields[1]).map_err(|e| Error::invalid(m::parts_line_bad_qty(&quoted, e, form)))?;
        if qty <= 0 {
            return Err(Error::invalid(m::parts_line_qty_below_one(&quoted, form)));
        }
        Ok(LineArg { part_no: fields[0].to_string(), qty, rest: fields[2..].iter().map(|s| s.to_string()).collect() })
    }

    /// The n-th field after the quantity, if given and not empty.
    pub fn extra(&self, n: usize) -> Option<&str> {
        self.rest.get(n).map(String::as_str).filter(|s| !s.is_empty())
    }
}

pub(crate) use crate::db::{document_code, document_id};

#[cfg(test)]
mod tests {
    use crate::words::{m, Lang};

    /// The parts messages whose English is laid out by the catalogue (a select, a line
    /// break) render as the text they replaced, byte for byte.
    #[test]
    fn laid_out_messages_render_as_before() {
        let rejected = m::parts_count_sheet_rejected(2i64, "sheet.csv", "row 2: a\n  row 3: b", 0i64);
        assert_eq!(
            rejected.render(Lang::En),
            "2 row(s) of sheet.csv rejected; nothing was written. Fix them and submit the sheet again:\n  row 2: a\n  row 3: b"
        );
        let more = m::parts_count_sheet_rejected(23i64, "s.csv", "row 2: a", 3i64);
        assert_eq!(
            more.render(Lang::En),
            "23 row(s) of s.csv rejected; nothing was written. Fix them and submit the sheet again:\n  row 2: a\n  ... and 3 more"
        );
        let tail = ", cannot issue 13; stock never goes negative ('svc parts stock --part P-1' shows it; 'svc parts plan' for \
                    what to order)";
        let short = m::parts_req_issue_short_lot_at("P-1", "L7", "WH/A1", 12i64, 15i64, 13i64);
        assert_eq!(
            short.render(Lang::En),
            format!("part P-1 lot L7 at WH/A1: 12 usable on hand (15 more are expired and are not issued){tail}")
        );
        let short = m::parts_req_issue_short("P-1", 12i64, 0i64, 13i64);
        assert_eq!(short.render(Lang::En), format!("part P-1: 12 usable on hand{tail}"));
    }
}
