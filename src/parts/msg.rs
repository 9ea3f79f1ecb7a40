//! What the spare-parts commands say to a person (summaries on stderr, and the reasons a
//! count sheet's row or a stock line is refused), in `i18n/<lang>/parts.ftl`.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    // Stock movements (svc parts transfer / adjust / scrap).
    parts_transferred = "parts-transferred" (qty, part, from, to);
    parts_adjusted = "parts-adjusted" (part, location, qty);
    parts_scrapped = "parts-scrapped" (qty, part, location);
    // Purchasing and incoming inspection.
    parts_inspected = "parts-inspected" (receipt);
    parts_po_cancelled = "parts-po-cancelled" (po);
    parts_received = "parts-received" (receipt);
    parts_safety_recorded = "parts-safety-recorded" (warehouse);
    // Stock counts (盘点).
    parts_count_started = "parts-count-started" (code, lines);
    parts_count_sheet_written = "parts-count-sheet-written" (lines, code, file);
    parts_count_submitted = "parts-count-submitted" (code, rows, set, changed, found, blank);
    parts_count_recount = "parts-count-recount" (lines, code);
    parts_count_posted = "parts-count-posted" (code, lines, value);
    parts_count_cancelled = "parts-count-cancelled" (code);
    // Why a row of a filled-in count sheet is refused.
    parts_count_row_other_count = "parts-count-row-other-count" (sheet, code);
    parts_count_row_negative = "parts-count-row-negative" (qty);
    parts_count_row_bad = "parts-count-row-bad" (column, problem);
    parts_count_row_twice = "parts-count-row-twice" (part, location, lot, at, first);
    parts_count_row_no_part = "parts-count-row-no-part" (part);
    parts_count_row_no_location = "parts-count-row-no-location" (location);
    parts_count_row_out_of_scope = "parts-count-row-out-of-scope" (part, location, code);
    parts_count_row_other_open = "parts-count-row-other-open" (part, location, other);
    parts_count_row_lot_typo = "parts-count-row-lot-typo" (part, location, lot, meant);
    parts_count_row_late_lot = "parts-count-row-late-lot" (part, location, lot);
    parts_count_row_found = "parts-count-row-found" (part, location, lot, why);
    parts_count_found_no_expiry = "parts-count-found-no-expiry" ();
    // Requisitions (领用).
    parts_req_issued = "parts-req-issued" (qty, part, location);
    parts_req_issued_lot = "parts-req-issued-lot" (qty, part, lot, location);
    parts_req_returned = "parts-req-returned" (qty, part, location);
    parts_req_cancelled = "parts-req-cancelled" (code);
    parts_req_approved = "parts-req-approved" (code);
    parts_req_rejected = "parts-req-rejected" (code);
    // Rows of the catalogue, suppliers and opening stock.
    parts_stock_qty_missing = "parts-stock-qty-missing" ();
    parts_stock_no_part = "parts-stock-no-part" (part);
    parts_stock_no_location = "parts-stock-no-location" (location);
    parts_shelf_life_century = "parts-shelf-life-century" ();
    parts_supplier_rating = "parts-supplier-rating" ();
}
