//! Service personalised by customer class (R8.1.2): SLA targets per customer type or
//! named customer group, recorded on the ticket so later changes do not rewrite it.

mod common;

use common::Svc;

fn svc() -> Svc {
    let svc = Svc::new();
    svc.run(&["customer", "add", "--code", "C1", "--name", "市第一人民医院", "--type", "hospital"]).ok();
    svc.run(&["customer", "add", "--code", "C2", "--name", "区妇幼保健院", "--type", "hospital"]).ok();
    svc.run(&["customer", "add", "--code", "C3", "--name", "康宁诊所", "--type", "clinic"]).ok();
    svc
}

fn open(svc: &Svc, customer: &str, priority: &str) -> String {
    let args = ["ticket", "open", "--customer", customer, "--channel", "hotline", "--kind", "enquiry"];
    svc.run(&[&args[..], &["--priority", priority, "--symptom", "咨询"]].concat()).ok().stdout.trim().to_string()
}

fn show(svc: &Svc, ticket: &str) -> serde_json::Value {
    serde_json::from_str(&svc.run(&["ticket", "show", ticket, "--format", "json"]).ok().stdout).unwrap()
}

#[test]
fn r8_1_2_a_contract_hospital_gets_its_own_urgent_response_and_the_ticket_keeps_the_class() {
    let svc = svc();
    // Contract hospitals: 2 h urgent response; other hospitals: 4 h (NOW is 10:00).
    svc.run(&[
        "sla",
        "rule",
        "set",
        "type:hospital",
        "--priority",
        "urgent",
        "--response",
        "4h",
        "--resolution",
        "48h",
    ])
    .ok()
    .stderr_has("type:hospital urgent: first response 4h, resolution 48h, clock the priority's setting");
    svc.run(&["sla", "group", "add", "合同医院", "C1"]).ok().stderr_has("1 customers added, 0 already in it");
    let args = ["sla", "rule", "set", "group:合同医院", "--priority", "urgent", "--response", "2h"];
    svc.run(&[&args[..], &["--resolution", "24h", "--clock", "24x7"]].concat()).ok();

    let t1 = open(&svc, "C1", "urgent");
    let t2 = open(&svc, "C2", "urgent");
    let t3 = open(&svc, "C3", "urgent");
    let (s1, s2, s3) = (show(&svc, &t1), show(&svc, &t2), show(&svc, &t3));
    assert_eq!(
        (s1["response_due"].as_str(), s1["sla_class"].as_str()),
        (Some("2026-03-05 12:00:00"), Some("group:合同医院"))
    );
    assert_eq!(
        (s2["response_due"].as_str(), s2["sla_class"].as_str()),
        (Some("2026-03-05 14:00:00"), Some("type:hospital"))
    );
    // A clinic has no rule: the settings (urgent 2h), and no class.
    assert_eq!((s3["response_due"].as_str(), s3["sla_class"].as_null()), (Some("2026-03-05 12:00:00"), Some(())));

    svc.run(&["sla", "for", "C1"])
        .ok()
        .stdout_has("urgent,2h,24h,24x7,group:合同医院")
        .stdout_has("normal,24h,120h,24x7,\n");

    // A later change of class does not rewrite the ticket already open.
    svc.run(&["sla", "group", "remove", "合同医院", "C1"]).ok();
    assert_eq!(show(&svc, &t1)["sla_class"].as_str(), Some("group:合同医院"));
    assert_eq!(show(&svc, &open(&svc, "C1", "urgent"))["sla_class"].as_str(), Some("type:hospital"));
    // Every change is in the history.
    svc.run(&["history", "--entity", "customer_group"]).ok().stdout_has("remove").stdout_has("add");
    svc.run(&["history", "--entity", "sla_rule"]).ok().stdout_has("group:合同医院/urgent");
}

#[test]
fn r8_1_2_imported_tickets_get_their_class_targets_too() {
    let svc = svc();
    svc.run(&["sla", "group", "add", "合同医院", "C1"]).ok();
    svc.run(&[
        "sla",
        "rule",
        "set",
        "group:合同医院",
        "--priority",
        "normal",
        "--response",
        "1h",
        "--resolution",
        "8h",
    ])
    .ok();
    let file = svc.write(
        "t.csv",
        "code,customer_code,channel,kind,priority,symptom,opened_at\nT-9,C1,hotline,enquiry,normal,咨询,2026-03-04 09:00\n",
    );
    svc.run(&["ticket", "import", file.to_str().unwrap()]).ok();
    let s = show(&svc, "T-9");
    assert_eq!(
        (s["response_due"].as_str(), s["sla_class"].as_str()),
        (Some("2026-03-04 10:00:00"), Some("group:合同医院"))
    );
}

#[test]
fn sla_rules_and_groups_refuse_what_they_cannot_read() {
    let svc = svc();
    let set = |class: &str, response: &str| {
        svc.run(&["sla", "rule", "set", class, "--priority", "high", "--response", response, "--resolution", "8h"])
    };
    set("vip", "2h").code(5).stderr_has("\"vip\" is no customer class: write type:TYPE (TYPE one of hospital, clinic");
    set("type:school", "2h").code(5);
    set("type:clinic", "soon").code(5).stderr_has("--response \"soon\" is no duration");
    svc.run(&["sla", "rule", "delete", "type:clinic", "--priority", "high"])
        .code(3)
        .stderr_has("no SLA rule for type:clinic");
    svc.run(&["sla", "group", "add", "合同医院", "C1", "C404"]).code(3);
    svc.run(&["sla", "group", "list"]).ok().stdout_is("");
    svc.run(&["sla", "group", "remove", "合同医院", "C3"]).code(3).stderr_has("customer C3 is not in group 合同医院");
    svc.run(&["sla", "rule", "list"]).ok().stdout_is("");
}
