//! Issue 9, real identity: with `identity.enforce=true` the staff member named as the
//! one acting (`--by STAFF`) must be the one bound to the operating-system login that
//! runs svc, so the separation of R4.3.1 (who requests parts does not approve them)
//! cannot be faked by typing a colleague's code.

mod common;
use common::*;

/// The login this test (and so the svc it runs) runs under, as the system names it.
fn me() -> String {
    let out = std::process::Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Another login, bound to a colleague: nobody this test can run as.
const SOMEONE_ELSE: &str = "svc-test-colleague";

/// A started repair of device 00012345 planned with one part, and its code.
fn repair(svc: &Svc) -> String {
    let t = fault(svc, "normal");
    let r = code(svc.run(&["repair", "open", "--ticket", &t]));
    svc.run(&["repair", "diagnose", &r, "--finding", "电源板无输出"]).ok();
    svc.run(&["repair", "plan", &r, "--step", "更换", "--labour-hours", "1", "--part", "0012-A:1"]).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    r
}

#[test]
fn r4_3_1_with_identity_enforced_a_requester_cannot_approve_by_typing_another_code() {
    let svc = stocked();
    let me = me();
    // The manager E005 runs svc under this login; E001 under another.
    svc.run(&["staff", "edit", "E005", "--login", &me]).ok().stderr_has("bound to the login");
    svc.run(&["staff", "edit", "E001", "--login", SOMEONE_ELSE]).ok();
    let r = repair(&svc);

    // Without enforcement a typed code is believed: E005 requests and "E001" approves.
    let rq = code(svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E005"]));
    svc.run(&["parts", "req", "approve", &rq, "--by", "E001"]).ok();

    svc.run(&["config", "set", "identity.enforce", "true"]).ok();
    let rq = code(svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E005"]));
    // Typing the colleague's code is refused, in words naming who the login is...
    svc.run(&["parts", "req", "approve", &rq, "--by", "E001"])
        .code(4)
        .stderr_has(&format!("you are logged in as {me}, which is bound to E005, not E001"));
    // ... and approving as oneself is the self-approval R4.3.1 refuses.
    svc.run(&["parts", "req", "approve", &rq, "--by", "E005"]).code(4).stderr_has("cannot decide it too");
    // Nor can the login request in a colleague's name, who could then approve it.
    svc.run(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1", "--by", "E002"]).code(4);
    // A left-out --by would default to the declared actor, which anyone can set.
    svc.run_env(&["parts", "req", "create", "--repair", &r, "--line", "0012-A:1"], &[("SVC_ACTOR", "E002")])
        .code(4)
        .stderr_has("say who acts with --by E005");
    let pending = csv_rows(&svc.stdout(&["parts", "req", "list", "--format", "csv"]));
    let status = pending[0].iter().position(|h| h == "status").unwrap();
    let statuses: Vec<&str> = pending[1..].iter().map(|row| row[status].as_str()).collect();
    assert_eq!(statuses, ["approved", "pending"], "one forged approval before enforcement, none after");
}

#[test]
fn i9_identity_enforced_applies_to_every_staff_by_and_to_defaults() {
    let svc = stocked();
    let me = me();
    svc.run(&["staff", "edit", "E005", "--login", &me]).ok();
    svc.run(&["staff", "edit", "E002", "--login", SOMEONE_ELSE]).ok();
    let r = repair(&svc);
    svc.run(&["config", "set", "identity.enforce", "true"]).ok();
    // A repair step's default technician (E002) is someone else: name yourself.
    svc.run(&["repair", "visit", &r, "--finding", "更换保险丝"]).code(4).stderr_has("--by E005");
    svc.run(&["repair", "visit", &r, "--finding", "更换保险丝", "--by", "E002"]).code(4).stderr_has("not E002");
    // The customer's person after --by (a name, not a staff code) is not an actor.
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"])
        .code(4)
        .stderr_has("needs it awaiting_consent");
    // An unknown staff code is still reported as not found.
    svc.run(&["staff", "promote", "E001", "--to", "technician-ii", "--reason", "x", "--by", "E999"]).code(3);
}

#[test]
fn i9_only_a_manager_bound_to_the_login_turns_enforcement_on_or_off_or_rebinds_logins() {
    let svc = Svc::with_examples();
    let me = me();
    // Unbound: turning it on would lock everyone out of svc's own way back.
    svc.run(&["config", "set", "identity.enforce", "true"]).code(4).stderr_has("only an active manager");
    svc.run(&["staff", "edit", "E002", "--login", &me]).ok();
    svc.run(&["config", "set", "identity.enforce", "true"]).code(4).stderr_has(&format!("the login {me} is not one"));
    // One login is one person.
    svc.run(&["staff", "edit", "E005", "--login", &me]).code(4).stderr_has("already bound to E002");
    svc.run(&["staff", "edit", "E002", "--login", ""]).ok().stderr_has("bound to no login");
    svc.run(&["staff", "edit", "E005", "--login", &me]).ok();
    svc.run(&["config", "set", "identity.enforce", "true"]).ok();
    // While enforced, a login is bound only by that manager: a technician at the same
    // keyboard cannot bind their colleague's code to themselves.
    svc.run(&["staff", "edit", "E005", "--login", SOMEONE_ELSE]).ok();
    svc.run(&["staff", "edit", "E002", "--login", &me]).code(4).stderr_has("only an active manager");
    svc.run(&["config", "set", "identity.enforce", "false"]).code(4);
    // Logins are plain names; the binding is in the history.
    svc.run(&["staff", "edit", "E001", "--login", "zhang wei"]).code(5).stderr_has("no login name");
    let history = svc.stdout(&["history", "E005", "--format", "csv"]);
    assert!(history.contains(SOMEONE_ELSE), "{history}");
}
