//! The report's rules on their edges, without a database: the estimate check, the
//! charges, building the document from its facts, and what verify concludes.

use super::store::{ChargeLine, Facts, Head, Signed, Written};
use super::*;
use crate::error::Kind;

fn spent(parts_used: Vec<(Money, i64)>, under_warranty: bool, hours: &str) -> Spent<'_> {
    Spent { parts_used, under_warranty, labour_rate: Money(20_000), hours }
}

#[test]
fn a_report_may_spend_exactly_the_estimate_and_not_a_fen_more() {
    // 2 parts at 1.50 and 1.5 h at 200.00: 303.00.
    let used = vec![(Money(150), 3), (Money(150), -1)];
    assert!(within_estimate("R-1", &spent(used.clone(), false, "1.5"), Money(30_300), 2).is_ok());
    let e = within_estimate("R-1", &spent(used.clone(), false, "1.5"), Money(30_299), 2).unwrap_err();
    assert_eq!(e.kind(), Kind::Refused);
    let text = e.to_string();
    assert!(text.contains("parts 3.00 plus labour 300.00 (1.5 h)") && text.contains("plan v2"), "{text}");
    // Under warranty the parts are free: the labour alone is held against the estimate.
    assert!(within_estimate("R-1", &spent(used, true, "1.5"), Money(30_000), 2).is_ok());
}

#[test]
fn a_report_with_unreadable_hours_or_costs_past_any_amount_is_invalid() {
    let e = within_estimate("R-1", &spent(vec![], false, "1.55"), Money(100), 1).unwrap_err();
    assert_eq!(e.kind(), Kind::Invalid);
    let e = within_estimate("R-1", &spent(vec![(Money(i64::MAX), 2)], false, "1"), Money(100), 1).unwrap_err();
    assert_eq!(e.kind(), Kind::Invalid, "an overflowing sum is refused, never saturated past the check");
}

fn line(part_no: &str, lot: &str, qty: i64, price: i64) -> ChargeLine {
    ChargeLine { part_no: part_no.into(), lot: lot.into(), qty, unit_price: Money(price) }
}

#[test]
fn charges_list_each_part_and_lot_and_free_them_under_warranty() {
    let lines = || vec![line("0100", "F-1", 2, 150), line("0205", "", 1, 9_900)];
    let c = charges(lines(), false, Some("2"), Money(20_000)).unwrap();
    assert_eq!(c.parts.iter().map(|p| p.amount).collect::<Vec<_>>(), [Money(300), Money(9_900)]);
    assert_eq!((c.parts_total, c.labour, c.total, c.parts_free), (Money(10_200), Money(40_000), Money(50_200), false));
    let free = charges(lines(), true, Some("2"), Money(20_000)).unwrap();
    assert_eq!(free.parts, c.parts, "the parts are listed with their price");
    assert_eq!((free.parts_total, free.total, free.parts_free), (Money(0), Money(40_000), true));
    let none = charges(vec![], false, None, Money(20_000)).unwrap();
    assert_eq!((none.labour_hours.as_str(), none.total), ("0", Money(0)), "a report without hours charges none");
    let e = charges(vec![line("0100", "", 2, i64::MAX)], false, None, Money(0)).unwrap_err();
    assert_eq!(e.kind(), Kind::Invalid);
}

fn facts() -> Facts {
    let party = |code: &str, name: &str| Party { code: code.into(), name: name.into() };
    Facts {
        head: Head {
            repair: "R-000007".into(),
            ticket: "T-000009".into(),
            ticket_id: 9,
            customer: party("C0001", "北京市第一人民医院"),
            device: Device {
                model: "PM-9000".into(),
                manufacturer: "迈瑞".into(),
                serial_no: "00012345".into(),
                registration_no: None,
                installed_on: Some("2019-05-10".into()),
                warranty_at_intake: None,
            },
            symptom: "开机无显示".into(),
            channel: "hotline".into(),
            difficulty: Some("simple".into()),
            ticket_opened: "2026-03-05T02:00:00Z".into(),
            opened: "2026-03-05T02:10:00Z".into(),
            started: Some("2026-03-05T03:00:00Z".into()),
            finished: None,
            under_warranty: false,
        },
        written: Written {
            version: 2,
            at: "2026-03-05T07:00:00Z".into(),
            cause: "保险丝老化".into(),
            process: "更换保险丝".into(),
            labour_hours: Some("1.5".into()),
            author: Some("李娜".into()),
        },
        technicians: vec![party("E002", "李娜")],
        diagnoses: vec![],
        visits: vec![],
        plan: None,
        parts_replaced: vec![],
        inspections: vec![],
        charge_lines: vec![line("0100", "F-2403", 2, 150)],
    }
}

fn company(name: &str) -> Issuer {
    Issuer { name: name.into(), address: String::new(), phone: String::new(), licence: String::new() }
}

#[test]
fn the_document_is_built_from_the_facts_as_stored() {
    let warranty = Some("expired on 2022-05-09".to_string());
    let doc = build(facts(), warranty.clone(), company(""), Money(20_000)).unwrap();
    assert_eq!((doc.format, doc.report.as_str(), doc.repair.as_str()), (FORMAT, "R-000007/2", "R-000007"));
    assert_eq!(doc.device.warranty_at_intake, warranty, "the ticket's warranty, rendered beside the device");
    assert_eq!(doc.dates.reported, "2026-03-05T02:00:00Z", "times stay UTC as stored");
    assert_eq!(doc.dates.report_written, "2026-03-05T07:00:00Z");
    assert_eq!((doc.cause.as_str(), doc.written_by.as_deref()), ("保险丝老化", Some("李娜")));
    assert_eq!(doc.charges.as_ref().map(|c| c.total), Some(Money(30_300)));
    assert_eq!((doc.signature, doc.issuer), (None, None), "no company settings: no issuer, as before it existed");
    let doc = build(facts(), None, company("某医疗设备服务有限公司"), Money(20_000)).unwrap();
    assert_eq!(doc.issuer.map(|i| i.name), Some("某医疗设备服务有限公司".to_string()));
}

fn signed(document: &str, sha256: &str, on_repair: &str) -> Signed {
    Signed { document: document.into(), sha256: sha256.into(), on_repair: on_repair.into() }
}

#[test]
fn the_hash_is_checked_against_the_document_and_the_repair() {
    let hash = sha256("{}");
    let ok = hash_checks(&signed("{}", &hash, &hash));
    assert!(ok.iter().all(|v| v.ok));
    assert_eq!((ok[0].detail.as_str(), ok[1].detail.as_str()), (hash.as_str(), "matches"));
    let tampered = hash_checks(&signed("{ }", &hash, &hash));
    assert!(!tampered[0].ok && tampered[0].detail.starts_with(&format!("stored {hash}, document hashes to ")));
    assert!(tampered[1].ok, "the repair still holds the stored hash");
    let moved = hash_checks(&signed("{}", &hash, ""));
    assert!(moved[0].ok && !moved[1].ok && moved[1].detail == "repair holds ");
}

#[test]
fn the_scheduled_day_is_read_from_the_signing_entry() {
    assert_eq!(scheduled_due(Some(r#"{"followup_due":"2026-03-12","by":"x"}"#)), Some("2026-03-12".into()));
    assert_eq!(scheduled_due(Some(r#"{"by":"x"}"#)), None, "signed before the day was recorded");
    assert_eq!(scheduled_due(Some("not json")), None);
    assert_eq!(scheduled_due(None), None);
}

#[test]
fn the_follow_up_must_be_as_signing_scheduled_and_the_history_recorded() {
    let row = |due: &str, done: Option<&str>| Some((due.to_string(), done.map(str::to_string)));
    let day = || Some("2026-03-12".to_string());
    let check = |row, scheduled, done| {
        let v = followup_check(row, scheduled, done);
        (v.ok, v.detail)
    };
    assert_eq!(check(row("2026-03-12", None), day(), false), (true, "due 2026-03-12".into()));
    assert_eq!(check(row("2026-03-12", None), None, false), (true, "due 2026-03-12".into()), "signed before");
    let (ok, detail) = check(row("2026-03-12", Some("2026-03-12T02:00:00Z")), day(), true);
    assert!(ok && detail.starts_with("due 2026-03-12, done "), "{detail}");
    assert_eq!(
        check(None, day(), false),
        (false, "missing: the follow-up signing scheduled for 2026-03-12 is gone (deleted around svc)".into())
    );
    assert_eq!(
        check(row("2026-04-01", None), day(), false),
        (false, "due 2026-04-01, but signing scheduled it for 2026-03-12".into())
    );
    let (ok, detail) = check(row("2026-03-12", None), day(), true);
    assert!(!ok && detail.contains("cleared around svc"), "{detail}");
    let (ok, detail) = check(row("2026-03-12", Some("2026-03-12T02:00:00Z")), day(), false);
    assert!(!ok && detail.contains("written around svc"), "{detail}");
}
