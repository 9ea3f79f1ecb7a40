//! What `svc due` says is to be done: one message per form a subject takes, declared
//! here once with its arguments (the record's own words), its text in each language in
//! i18n/<lang>/due.ftl.
//!
//! An area's `find` hands over the message itself (`due::Found::subject`), never a
//! sentence, and the edge says it: canonical English in csv, json, yaml and xlsx (what
//! scripts read; the English catalogue holds exactly the wording scripts have always
//! seen), the reader's language in a table, Markdown and HTML (`due::Item::in_words`).
//! A new wording is a new message here and in every catalogue; the catalogue tests and
//! the listing of every kind in Chinese (tests/language_leftovers.rs) hold them together.

use crate::words::catalogue::{Arg, Msg};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::catalogue::Lang;

    /// A subject said in English (what scripts read) and in Chinese (what people read).
    fn said(msg: Msg) -> (String, String) {
        (msg.render(Lang::En), msg.render(Lang::ZhCn))
    }

    #[test]
    fn a_subject_is_said_from_its_typed_form_in_english_and_in_chinese() {
        assert_eq!(
            said(ticket_response("开机无显示")),
            ("first response: 开机无显示".into(), "首次响应：开机无显示".into())
        );
        assert_eq!(
            said(ticket_resolution("开机无显示")),
            ("resolution: 开机无显示".into(), "解决时限：开机无显示".into())
        );
        assert_eq!(
            said(safety("WH1", "2026-03-01 09:00:00")),
            (
                "safety check of WH1 (last 2026-03-01 09:00:00)".into(),
                "仓库 WH1 安全检查（上次 2026-03-01 09:00:00）".into()
            )
        );
        assert_eq!(
            said(training_never("除颤仪", "engineer", "张伟", "TR-01")),
            (
                "training on 除颤仪 for engineer 张伟 (never trained; rule TR-01)".into(),
                "工程师 张伟 须参加“除颤仪”培训（从未参加；规则 TR-01）".into()
            )
        );
        assert_eq!(
            said(rectification("major", "R3.4.1", "记录不全: 缺签字")),
            (
                "rectify major finding (R3.4.1): 记录不全: 缺签字".into(),
                "整改严重不符合项（R3.4.1）：记录不全: 缺签字".into()
            )
        );
        assert_eq!(
            said(maintenance("PM-A", "PM-9000", "北京医院")),
            ("maintenance PM-A of PM-9000 at 北京医院".into(), "北京医院 的 PM-9000 预防性维护（PM-A）".into())
        );
    }

    #[test]
    fn numbers_are_said_as_scripts_read_them_and_an_unlisted_word_as_it_is() {
        // Counts and versions are numbers: no grouping, no decimals, in either language.
        assert_eq!(
            said(po("上海瑞恒", 12_345_i64)),
            ("delivery from 上海瑞恒: 12345 line(s) not in".into(), "上海瑞恒 交货：12345 行未到货".into())
        );
        assert_eq!(said(standard_review(3_i64, "维修规范")).0, "review standard v3: 维修规范");
        assert_eq!(
            said(reserve("RES/ER-KIT", "2026-03-05 10:00:00", 0_i64)).0,
            "check of reserve store RES/ER-KIT (last 2026-03-05 10:00:00, 0 days ago)"
        );
        // A word the catalogue has no Chinese for (a category added later) shows as it is.
        assert_eq!(said(complaint_ack("noise")), ("acknowledge complaint: noise".into(), "受理投诉：noise".into()));
        assert_eq!(said(drill("tabletop", "EP-1")).1, "预案 EP-1 的桌面演练");
        assert_eq!(said(drill("walkthrough", "EP-1")).1, "预案 EP-1 的演练（walkthrough）");
    }

    #[test]
    fn every_form_has_its_text_in_every_catalogue() {
        // A form missing from a catalogue would show its key (or English, in Chinese).
        for (key, names) in MESSAGES {
            let msg = Msg { key, args: names.iter().map(|n| (*n, Arg::from("x"))).collect() };
            for lang in crate::words::catalogue::Lang::CATALOGUED {
                let text = msg.render(*lang);
                assert!(!text.contains(key), "{key} has no text in {}: {text}", lang.tag());
            }
            assert_ne!(msg.render(Lang::En), msg.render(Lang::ZhCn), "{key} is not said in Chinese");
        }
    }
}
