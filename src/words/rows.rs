//! Why a row of the foundation's own imports (tickets, legacy repairs, surveys) is
//! refused, in the user's language: the rejects file and stderr carry these reasons to
//! the person who corrects the row, so they are messages like any other.
//!
//! The file also holds (in `i18n/<lang>/rows.ftl`) the words the import summaries and
//! not-found messages use for the later areas' files and records (`value-area-...`,
//! `value-entity-...`).

use crate::words::{Arg, Msg};

crate::words::catalogue::messages! {
    rows_ticket_opened_missing = "rows-ticket-opened-missing" ();
    rows_ticket_closed_no_resolution = "rows-ticket-closed-no-resolution" ();
    rows_ticket_before_opened = "rows-ticket-before-opened" ();
    rows_ticket_exists = "rows-ticket-exists" (code);
    rows_repair_reported_missing = "rows-repair-reported-missing" ();
    rows_repair_archived = "rows-repair-archived" (code);
    rows_survey_date_missing = "rows-survey-date-missing" ();
    rows_survey_overall_missing = "rows-survey-overall-missing" ();
    rows_survey_score_above = "rows-survey-score-above" (value, min, max);
}

#[cfg(test)]
mod tests {
    use crate::words::catalogue::{value_label, Lang};

    /// An import summary names the area of its file (`VALUE("area", ...)`), a not-found
    /// message the kind of record (`VALUE("entity", ...)`): every area the registry lists
    /// has both words in Chinese, and so has every kind of document looked up by code.
    #[test]
    fn every_area_and_record_kind_has_its_chinese_word() {
        let mut missing = Vec::new();
        for plural in crate::registry::plurals() {
            if value_label("area", plural, Lang::ZhCn) == plural {
                missing.push(format!("value-area-{plural}"));
            }
        }
        let documents = ["inspection", "drill", "appraisal_run", "stock_count", "purchase_order", "receipt"];
        for entity in crate::registry::history_entities().into_iter().chain(documents) {
            if value_label("entity", entity, Lang::ZhCn) == entity {
                missing.push(format!("value-entity-{entity}"));
            }
        }
        assert!(missing.is_empty(), "no zh-CN word for {missing:?}");
    }
}
