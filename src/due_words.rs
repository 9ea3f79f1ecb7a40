//! The `subject` of `svc due` in the reader's words.
//!
//! Each area writes its subject in canonical English (`first response: 开机无显示`), and
//! that text is what csv, json and yaml keep for scripts. A table, Markdown or HTML listing
//! shows it through the catalogue instead: every form a subject takes is one message here,
//! whose English text (i18n/en/due.ftl) is exactly the area's wording with the record's
//! own words as arguments. The English pattern is read back from the catalogue (rendered
//! with markers in place of the arguments), the subject matched against it, and the
//! arguments found rendered in the reader's language. A subject no pattern matches is
//! shown as it is, so a new wording is never lost, only untranslated (a test lists every
//! kind's forms, through the binary, in tests/language_leftovers.rs).
//!
//! Why not a structured subject carried from each area: `due::Found` is built by every
//! area's `find` (some in modules being reworked in parallel); reading the canonical text
//! back keeps one interface and the words in the catalogue.

use crate::words::catalogue::{Arg, Lang, Msg};

crate::words::catalogue::messages! {
    certificate = "due-what-certificate" (cert_type, name);
    ticket_response = "due-what-ticket-response" (symptom);
    ticket_resolution = "due-what-ticket-resolution" (symptom);
    followup = "due-what-followup" (customer, equipment);
    po = "due-what-po" (supplier, lines);
    safety = "due-what-safety" (warehouse, last);
    safety_never = "due-what-safety-never" (warehouse);
    training = "due-what-training" (topic, role, name, last, rule);
    training_never = "due-what-training-never" (topic, role, name, rule);
    drill = "due-what-drill" (drill_kind, plan);
    plan_review = "due-what-plan-review" (plan, last);
    plan_review_never = "due-what-plan-review-never" (plan);
    incident_report = "due-what-incident-report" (incident, level);
    reserve = "due-what-reserve" (location, last, days);
    reserve_never = "due-what-reserve-never" (location);
    first_visit = "due-what-first-visit" (customer);
    visit = "due-what-visit" (customer);
    complaint_ack = "due-what-complaint-ack" (category);
    complaint_resolve = "due-what-complaint-resolve" (category);
    adverse_event = "due-what-adverse-event" (harm);
    rectification = "due-what-rectification" (severity, clause, description);
    inspection = "due-what-inspection" (scope);
    standard_review = "due-what-standard-review" (version, title);
    maintenance = "due-what-maintenance" (plan, model, customer);
    customer_training_hold = "due-what-customer-training-hold" (topic, model, name);
    customer_training_evaluate = "due-what-customer-training-evaluate" (topic, model, name);
}

/// The keys of the forms a kind's subject takes, most specific first (a form whose text
/// begins another's comes before it).
fn forms(kind: &str) -> &'static [&'static str] {
    match kind {
        "certificate" => &["due-what-certificate"],
        "ticket" => &["due-what-ticket-response", "due-what-ticket-resolution"],
        "followup" => &["due-what-followup"],
        "po" => &["due-what-po"],
        "safety" => &["due-what-safety-never", "due-what-safety"],
        "training" => &["due-what-training-never", "due-what-training"],
        "drill" => &["due-what-drill"],
        "plan_review" => &["due-what-plan-review-never", "due-what-plan-review"],
        "incident_report" => &["due-what-incident-report"],
        "reserve" => &["due-what-reserve-never", "due-what-reserve"],
        "visit" => &["due-what-first-visit", "due-what-visit"],
        "complaint" => &["due-what-complaint-ack", "due-what-complaint-resolve"],
        "adverse-event" => &["due-what-adverse-event"],
        "rectification" => &["due-what-rectification"],
        "inspection" => &["due-what-inspection"],
        "standard-review" => &["due-what-standard-review"],
        "maintenance" => &["due-what-maintenance"],
        "customer_training" => &["due-what-customer-training-hold", "due-what-customer-training-evaluate"],
        _ => &[],
    }
}

/// A subject of `kind` as `lang` says it; as it is when no form of the kind matches.
pub fn shown(kind: &str, subject: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return subject.to_string();
    }
    forms(kind).iter().find_map(|key| read_back(key, subject)).map_or_else(|| subject.to_string(), |m| m.render(lang))
}

/// The message `key` whose English text is `subject`, with the arguments read from it.
fn read_back(key: &str, subject: &str) -> Option<Msg> {
    let &(key, names) = MESSAGES.iter().find(|(k, _)| *k == key)?;
    let (texts, order) = pattern(key, names);
    let mut rest = subject.strip_prefix(texts[0].as_str())?;
    let mut found = vec![String::new(); names.len()];
    for (i, arg) in order.iter().enumerate() {
        let next = &texts[i + 1];
        let value = if i + 1 == order.len() {
            // The last argument runs to the text that ends the subject.
            let value = rest.strip_suffix(next.as_str())?;
            rest = "";
            value
        } else if next.is_empty() {
            return None;
        } else {
            let at = rest.find(next.as_str())?;
            let value = &rest[..at];
            rest = &rest[at + next.len()..];
            value
        };
        found[*arg] = value.to_string();
    }
    rest.is_empty().then(|| Msg { key, args: names.iter().copied().zip(found.into_iter().map(Arg::Text)).collect() })
}

/// The English text of `key` cut at its arguments: the texts around them (one more than
/// the arguments) and which argument comes at each place.
fn pattern(key: &'static str, names: &'static [&'static str]) -> (Vec<String>, Vec<usize>) {
    // A marker no English text holds stands in for each argument.
    let mark = |i: usize| format!("\u{1}{i}\u{1}");
    let msg = Msg { key, args: names.iter().enumerate().map(|(i, n)| (*n, Arg::Text(mark(i)))).collect() };
    let text = msg.render(Lang::En);
    let mut texts = Vec::new();
    let mut order = Vec::new();
    let mut pieces = text.split('\u{1}');
    texts.push(pieces.next().unwrap_or_default().to_string());
    while let (Some(arg), Some(after)) = (pieces.next(), pieces.next()) {
        order.extend(arg.parse::<usize>().ok());
        texts.push(after.to_string());
    }
    (texts, order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_read_back_from_its_english_form_and_said_in_chinese() {
        let zh = |kind, subject| shown(kind, subject, Lang::ZhCn);
        assert_eq!(zh("ticket", "first response: 开机无显示"), "首次响应：开机无显示");
        assert_eq!(zh("ticket", "resolution: 开机无显示"), "解决时限：开机无显示");
        assert_eq!(zh("safety", "safety check of WH1 (never checked)"), "仓库 WH1 安全检查（从未检查）");
        assert_eq!(zh("safety", "safety check of WH1 (last 2026-03-01)"), "仓库 WH1 安全检查（上次 2026-03-01）");
        assert_eq!(
            zh("training", "training on 除颤仪 for engineer 张伟 (never trained; rule TR-01)"),
            "工程师 张伟 须参加“除颤仪”培训（从未参加；规则 TR-01）"
        );
        assert_eq!(
            zh("rectification", "rectify major finding (R3.4.1): 记录不全: 缺签字"),
            "整改严重不符合项（R3.4.1）：记录不全: 缺签字"
        );
        assert_eq!(
            zh("maintenance", "maintenance PM-A of PM-9000 at 北京医院"),
            "北京医院 的 PM-9000 预防性维护（PM-A）"
        );
    }

    #[test]
    fn english_stays_as_written_and_an_unknown_form_is_shown_as_it_is() {
        assert_eq!(shown("ticket", "first response: x", Lang::En), "first response: x");
        assert_eq!(shown("ticket", "call the customer", Lang::ZhCn), "call the customer");
        assert_eq!(shown("no-such-kind", "first response: x", Lang::ZhCn), "first response: x");
        // A form matches the whole subject, not a beginning of it.
        assert_eq!(shown("visit", "return visit to 北京医院", Lang::ZhCn), "回访 北京医院");
        assert_eq!(shown("visit", "first return visit to 北京医院", Lang::ZhCn), "首次回访 北京医院");
    }

    #[test]
    fn every_kind_of_deadline_has_its_forms_and_each_form_is_a_declared_message() {
        for source in crate::due::SOURCES {
            assert!(!forms(source.kind).is_empty(), "svc due kind {} has no form in due_words", source.kind);
        }
        for source in crate::due::SOURCES {
            for key in forms(source.kind) {
                assert!(MESSAGES.iter().any(|(k, _)| k == key), "{key} is not declared");
            }
        }
    }
}
