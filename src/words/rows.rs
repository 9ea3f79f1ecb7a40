//! Why a row of the foundation's own imports (tickets, legacy repairs, surveys) is
//! refused, in the user's language: the rejects file and stderr carry these reasons to
//! the person who corrects the row, so they are messages like any other. And why a YAML
//! document people write by hand (an emergency plan, a checklist template, a protocol)
//! does not read (`yaml_problem`).
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
    rows_yaml_path = "rows-yaml-path" (path, problem);
    rows_yaml_place = "rows-yaml-place" (line, column, problem);
    rows_yaml_missing_field = "rows-yaml-missing-field" (field);
    rows_yaml_unknown_field = "rows-yaml-unknown-field" (field, expected);
    rows_yaml_unknown_variant = "rows-yaml-unknown-variant" (value, expected);
    rows_yaml_invalid_type = "rows-yaml-invalid-type" (found, expected);
    rows_yaml_other = "rows-yaml-other" (reason);
}

/// Why the YAML reader refused a document, in the user's language: the path of the bad
/// field, the line and column, and serde's standard complaints (a field missing or
/// unknown, a value of the wrong type or not among the allowed words) said in words;
/// any other complaint keeps the reader's own text, quoted.
pub fn yaml_problem(e: &serde_yaml::Error) -> Msg {
    match yaml_parts(e) {
        (path, problem) if path.is_empty() => problem,
        (path, problem) => rows_yaml_path(path, problem.to_string()),
    }
}

/// `yaml_problem` apart: the path of the bad field (empty when the reader names none)
/// and the problem with its line and column.
pub fn yaml_parts(e: &serde_yaml::Error) -> (String, Msg) {
    let text = e.to_string();
    // The reader appends the place, given apart by `location`.
    let place = e.location().map(|l| (l.line(), l.column()));
    let text = match place {
        Some((line, column)) => {
            text.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&text).to_string()
        }
        None => text,
    };
    // A path (`levels[0].on_site`) has no spaces; a complaint does.
    let (path, what) = match text.split_once(": ") {
        Some((path, what)) if !path.contains(' ') => (path.to_string(), what),
        _ => (String::new(), text.as_str()),
    };
    let ticked = |list: &str| list.replace('`', "");
    let problem = if let Some(field) = what.strip_prefix("missing field `") {
        rows_yaml_missing_field(field.trim_end_matches('`'))
    } else if let Some(rest) = what.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", expected ").trim_start_matches("one of ");
        rows_yaml_unknown_field(field, ticked(expected))
    } else if let Some(rest) = what.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", expected ").trim_start_matches("one of ");
        rows_yaml_unknown_variant(value, ticked(expected))
    } else if let Some(rest) = what.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        rows_yaml_invalid_type(yaml_word(found), yaml_word(expected))
    } else {
        rows_yaml_other(what)
    };
    let problem = match place {
        Some((line, column)) => rows_yaml_place(line as u64, column as u64, problem.to_string()),
        None => problem,
    };
    (path, problem)
}

/// What serde calls a YAML value (`a string`, `sequence`, `integer `5``), in the user's
/// words (`value-yaml-...` labels), its own value kept.
fn yaml_word(said: &str) -> String {
    let said = said.trim_start_matches("a ").trim_start_matches("an ");
    let (kind, value) = said.split_once(' ').unwrap_or((said, ""));
    let kind = if kind == "struct" { "map" } else { kind };
    let word = crate::words::catalogue::value_label("yaml", kind, crate::words::catalogue::lang()).into_owned();
    // A struct's name (`struct Plan`) is the program's, not the reader's.
    match value.trim() {
        v if v.is_empty() || kind == "map" => word,
        v => format!("{word} {}", v.replace('`', "")),
    }
}

#[cfg(test)]
mod tests {
    use crate::words::catalogue::{value_label, Lang};

    /// An import summary names the area of its file (`VALUE("area", ...)`), a not-found
    /// message the kind of record (`VALUE("entity", ...)`): every area the registry lists
    /// has both words in Chinese, and so has every kind of document looked up by code,
    /// every kind of deadline `svc due` lists and every status of a device.
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
        for source in crate::due::SOURCES {
            if value_label("kind", source.kind, Lang::ZhCn) == source.kind {
                missing.push(format!("value-kind-{}", source.kind));
            }
        }
        for status in crate::equipment::STATUSES {
            if value_label("status", status, Lang::ZhCn) == *status {
                missing.push(format!("value-status-{status}"));
            }
        }
        assert!(missing.is_empty(), "no zh-CN word for {missing:?}");
    }
}
