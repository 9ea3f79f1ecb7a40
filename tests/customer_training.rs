//! R5.2: customer training. A plan (customer, topic, model, mode, due day) is held in
//! sessions (trainer, day, hours, the customer's attendees, kb articles as materials),
//! then evaluated from the questionnaire's scores, the trainer's notes and the
//! improvements decided; only then is it complete. A model new to a customer proposes
//! its operation training.

mod common;
use common::*;

/// The example data, one kb article and a plan for C0001's PM-9000 monitors.
fn planned() -> (Svc, String) {
    let svc = Svc::with_examples();
    svc.run(&["kb", "add", "--title", "报警设置", "--question", "如何设置报警限", "--solution", "进入菜单设置"]).ok();
    let plan = svc
        .stdout(&[
            "training",
            "plan",
            "--customer",
            "C0001",
            "--topic",
            "operation",
            "--model",
            "PM-9000",
            "--mode",
            "onsite",
            "--due",
            "2026-03-20",
        ])
        .trim()
        .to_string();
    (svc, plan)
}

fn held(svc: &Svc, plan: &str) -> String {
    svc.stdout(&[
        "training",
        "session",
        plan,
        "--trainer",
        "E002",
        "--on",
        "2026-03-04",
        "--hours",
        "3",
        "--attendee",
        "王建国, 赵敏",
        "--material",
        "KB-000001",
    ])
    .trim()
    .to_string()
}

fn plan_row(svc: &Svc, plan: &str) -> Vec<String> {
    let rows = csv_rows(&svc.stdout(&["training", "plans", "--customer", "C0001"]));
    rows.into_iter().find(|r| r[0] == plan).expect("the plan is listed")
}

#[test]
fn r5_2_1_a_plan_is_held_then_evaluated_and_complete_only_when_evaluated() {
    let (svc, plan) = planned();
    assert_eq!(plan, "CTP-000001");
    assert_eq!(plan_row(&svc, &plan)[7], "planned");
    // Not held yet: no evaluation.
    svc.run(&["training", "evaluate", &plan, "--by", "E002", "--notes", "x", "--improvements", "y"])
        .code(4)
        .stderr_has("hold a session first");

    let session = held(&svc, &plan);
    assert_eq!(session, "CTS-000001");
    let row = plan_row(&svc, &plan);
    assert_eq!((row[7].as_str(), row[8].as_str(), row[9].as_str()), ("held", "1", "2"));

    // Held but not scored: still not complete.
    svc.run(&["training", "evaluate", &plan, "--by", "E002", "--notes", "x", "--improvements", "y"])
        .code(4)
        .stderr_has("2 attendee(s) have no score yet (CTS-000001 王建国, CTS-000001 赵敏)");
    svc.write(
        "q.csv",
        "session,attendee,score,feedback\nCTS-000001,王建国,92,讲解清楚\nCTS-000001,赵敏,78,希望多练习\n",
    );
    svc.run(&["training", "scores", "import", svc.path("q.csv").to_str().unwrap()]).ok();
    svc.run(&[
        "training",
        "evaluate",
        &plan,
        "--by",
        "E002",
        "--notes",
        "报警设置掌握较慢",
        "--improvements",
        "增加报警演示",
    ])
    .ok()
    .stderr_has("plan CTP-000001 evaluated");
    let row = plan_row(&svc, &plan);
    assert_eq!((row[7].as_str(), row[10].as_str(), row[12].as_str()), ("evaluated", "85.0", "增加报警演示"));

    // Complete: no more sessions, scores or evaluations.
    svc.run(&["training", "evaluate", &plan, "--by", "E002", "--notes", "x", "--improvements", "y"])
        .code(4)
        .stderr_has("never changes");
    svc.run(&["training", "session", &plan, "--trainer", "E002", "--hours", "1", "--attendee", "钱七"]).code(4);
    // The history holds every step.
    svc.run(&["history", "--entity", "customer_training"]).ok().stdout_has("evaluate").stdout_has("session");
}

#[test]
fn r5_2_2_a_session_checks_its_trainer_hours_and_materials_and_never_changes() {
    let (svc, plan) = planned();
    svc.run(&[
        "training",
        "session",
        &plan,
        "--trainer",
        "E002",
        "--hours",
        "3",
        "--attendee",
        "王建国",
        "--material",
        "KB-000009",
    ])
    .code(3)
    .stderr_has("no kb article KB-000009");
    svc.run(&["training", "session", &plan, "--trainer", "E002", "--hours", "0", "--attendee", "王建国"]).code(5);
    svc.run(&["training", "session", &plan, "--trainer", "E002", "--hours", "2", "--attendee", " , "])
        .code(5)
        .stderr_has("attendees");
    // Nothing half-written: the plan is still planned.
    assert_eq!(plan_row(&svc, &plan)[7], "planned");
    held(&svc, &plan);
    let db = rusqlite::Connection::open(&svc.db).unwrap();
    let err = db.execute("UPDATE customer_training_sessions SET hours = 10", []).unwrap_err();
    assert!(err.to_string().contains("never changed"), "{err}");
    let err = db.execute("DELETE FROM customer_training_attendees", []).unwrap_err();
    assert!(err.to_string().contains("never deleted"), "{err}");
    let err = db.execute("UPDATE customer_training_plans SET model = 'XR-200'", []).unwrap_err();
    assert!(err.to_string().contains("keeps its facts"), "{err}");
}

#[test]
fn r5_2_3_the_questionnaire_import_rejects_a_bad_row_and_each_score_is_recorded_once() {
    let (svc, plan) = planned();
    held(&svc, &plan);
    svc.write(
        "q.csv",
        "session,attendee,score,feedback\nCTS-000001,王建国,92,讲解清楚\nCTS-000001,孙八,80,好\nCTS-000001,赵敏,130,\n",
    );
    let q = svc.path("q.csv");
    // A dry run writes nothing.
    svc.run(&["training", "scores", "import", q.to_str().unwrap(), "--dry-run", "--rejects", "bad.csv"]).ok();
    assert_eq!(svc.stdout(&["training", "scores", "export"]).lines().count(), 1, "only the header");
    svc.run(&["training", "scores", "import", q.to_str().unwrap(), "--rejects", "bad.csv"]).ok();
    let bad = String::from_utf8(svc.read("bad.csv")).unwrap();
    assert!(bad.contains("孙八 is not an attendee of session CTS-000001"), "{bad}");
    assert!(bad.contains("130 is not a score from 0 to 100"), "{bad}");
    let scores = svc.stdout(&["training", "scores", "export"]);
    assert_eq!(csv_rows(&scores)[1], ["CTS-000001", "王建国", "92", "讲解清楚"]);
    // A score recorded once is never changed, even asked by upsert.
    svc.write("again.csv", "session,attendee,score\nCTS-000001,王建国,50\n");
    svc.run(&[
        "training",
        "scores",
        "import",
        svc.path("again.csv").to_str().unwrap(),
        "--mode",
        "upsert",
        "--rejects",
        "b2.csv",
    ])
    .ok();
    let b2 = String::from_utf8(svc.read("b2.csv")).unwrap();
    assert!(b2.contains("recorded already and never changes"), "{b2}");
    assert_eq!(csv_rows(&svc.stdout(&["training", "scores", "export"]))[1][2], "92");
}

#[test]
fn r5_2_2_attendees_are_personal_data_masked_by_redact() {
    let (svc, plan) = planned();
    held(&svc, &plan);
    let plain = svc.stdout(&["training", "sessions", "--plan", &plan]);
    assert!(plain.contains("王建国"), "{plain}");
    let masked = svc.stdout(&["training", "sessions", "--plan", &plan, "--redact"]);
    assert!(!masked.contains("王建国") && !masked.contains("赵敏"), "{masked}");
    assert!(masked.contains("王**") && masked.contains("赵*"), "{masked}");
    svc.write("q.csv", "session,attendee,score\nCTS-000001,王建国,92\n");
    svc.run(&["training", "scores", "import", svc.path("q.csv").to_str().unwrap()]).ok();
    let export = svc.stdout(&["training", "scores", "export", "--redact"]);
    assert!(export.contains("王**") && !export.contains("王建国"), "{export}");
}

#[test]
fn r5_2_1_plans_not_evaluated_fall_due_in_svc_due_and_the_cron_listing() {
    let (svc, plan) = planned();
    // On 2026-03-05 the plan due on 03-20 is not due yet, within 30 days it is.
    svc.run(&["training", "plans", "--due-within", "7d", "--exit-code"]).code(0).stdout_is("");
    svc.run(&["training", "plans", "--due-within", "30d", "--exit-code"]).code(1).stdout_has(&plan);
    let late = [("SVC_NOW", "2026-03-25T09:00:00+08:00")];
    svc.run_env(&["due", "--kind", "customer_training", "--exit-code"], &late)
        .code(1)
        .stdout_has("customer_training,CTP-000001,hold the operation training on PM-9000")
        .stdout_has(",2026-03-20,5,C0001,R5.2.1");
    held(&svc, &plan);
    svc.run_env(&["due", "--kind", "customer_training"], &late).ok().stdout_has("evaluate the operation training");
}

#[test]
fn r5_2_1_a_model_new_to_a_customer_proposes_its_operation_training() {
    let svc = Svc::with_examples();
    // Every customer with devices lacks operation training.
    let missing = svc.stdout(&["training", "plans", "--missing"]);
    assert!(missing.contains("C0001,") && missing.contains(",PM-9000,2,2019-05-10"), "{missing}");
    // C0001 already has PM-9000: another one proposes nothing.
    let add = |serial: &str, model: &str| {
        svc.run(&[
            "equipment",
            "add",
            "--serial-no",
            serial,
            "--model",
            model,
            "--manufacturer",
            "联影",
            "--customer-code",
            "C0001",
            "--installed-on",
            "2026-03-01",
        ])
    };
    let again = svc.run(&[
        "equipment",
        "add",
        "--serial-no",
        "SN-1",
        "--model",
        "PM-9000",
        "--manufacturer",
        "迈瑞",
        "--customer-code",
        "C0001",
    ]);
    assert!(!again.ok().stderr.contains("plan its operation training"));
    add("SN-2", "XR-200").ok().stderr_has(
        "C0001 has its first XR-200: plan its operation training, e.g. 'svc training plan --customer C0001 --topic operation --model XR-200 --mode onsite --due 2026-03-31'",
    );
    let missing = svc.stdout(&["training", "plans", "--missing"]);
    assert!(missing.contains("C0001,") && missing.contains(",XR-200,1,2026-03-01"), "{missing}");
    svc.run(&[
        "training",
        "plan",
        "--customer",
        "C0001",
        "--topic",
        "operation",
        "--model",
        "XR-200",
        "--mode",
        "central",
        "--due",
        "2026-03-31",
    ])
    .ok();
    let missing = svc.stdout(&["training", "plans", "--missing"]);
    assert!(!missing.contains(",XR-200,1,2026-03-01"), "{missing}");
    // A third XR-200 for C0001 proposes nothing: the customer has the model already.
    assert!(!add("SN-3", "XR-200").ok().stderr.contains("plan its operation training"));
    // An unknown model cannot be planned.
    svc.run(&[
        "training",
        "plan",
        "--customer",
        "C0001",
        "--topic",
        "operation",
        "--model",
        "ZZ-1",
        "--mode",
        "online",
        "--due",
        "2026-04-01",
    ])
    .code(3)
    .stderr_has("no model ZZ-1");
}
