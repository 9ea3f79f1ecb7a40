//! The messages of preventive maintenance (keys `maint-...`); the texts are in
//! i18n/en/maintenance.ftl and i18n/zh-CN/maintenance.ftl.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    plan_unreadable = "maint-plan-unreadable" (name, reason);
    plan_invalid = "maint-plan-invalid" (name, problems);
    plan_bad_code = "maint-plan-bad-code" (code);
    plan_no_name = "maint-plan-no-name" ();
    plan_no_models = "maint-plan-no-models" ();
    plan_no_interval = "maint-plan-no-interval" ();
    plan_bad_months = "maint-plan-bad-months" (months);
    plan_bad_meter = "maint-plan-bad-meter" (meter);
    plan_meter_unit = "maint-plan-meter-unit" ();
    plan_bad_risk = "maint-plan-bad-risk" (risk);
    plan_bad_hours = "maint-plan-bad-hours" (hours);
    plan_bad_part = "maint-plan-bad-part" (line, part, qty);
    plan_unknown_parts = "maint-plan-unknown-parts" (name, parts);
    plan_not_found = "maint-plan-not-found" (code);
    plan_version_not_found = "maint-plan-version-not-found" (code, version);
    plan_imported = "maint-plan-imported" (code, version, devices);
    plan_unchanged = "maint-plan-unchanged" (code, version, devices);
    visit_retired = "maint-visit-retired" (serial);
    visit_wrong_model = "maint-visit-wrong-model" (serial, model, plan, models);
    visit_bad_hours = "maint-visit-bad-hours" (hours);
    visit_last_visit = "maint-visit-last-visit" ();
    visit_the_visit = "maint-visit-the-visit" ();
    visit_ticket_symptom = "maint-visit-ticket-symptom" (visit, plan, found);
    visit_parts_short = "maint-visit-parts-short" (part, qty, usable, expired);
    visit_not_found = "maint-visit-not-found" (code);
    visit_value_not_pair = "maint-visit-value-not-pair" (value);
    visit_passed = "maint-visit-passed" (code, next);
    visit_failed = "maint-visit-failed" (code, failed, ticket);
    meter_went_down = "maint-meter-went-down" (reading, last, at);
    meter_recorded = "maint-meter-recorded" (serial, next);
    contract_ends_before = "maint-contract-ends-before" (ends, starts);
    contract_exists = "maint-contract-exists" (code);
    contract_other_customer = "maint-contract-other-customer" (serial, owner, customer);
    override_no_reason = "maint-override-no-reason" ();
    override_set = "maint-override-set" (serial, plan, next);
    report_sign_by_empty = "maint-report-sign-by-empty" ();
    report_already_signed = "maint-report-already-signed" (code, at);
    report_unreadable = "maint-report-unreadable" (code, reason);
    report_not_signed = "maint-report-not-signed" (code);
    report_signed = "maint-report-signed" (code, by, hash);
    bad_date = "maint-bad-date" (flag, reason);
    archive_no_device = "maint-archive-no-device" (serial);
    archive_never_changed = "maint-archive-never-changed" (code);
    archive_no_plan_yet = "maint-archive-no-plan-yet" (plan);
    archive_done_on_missing = "maint-archive-done-on-missing" ();
    parts_deprecated = "maint-parts-deprecated" ();
    demo_done = "maint-demo-done" (visit);
    demo_due = "maint-demo-due" ();
    demo_report = "maint-demo-report" (visit);
    parts_plan_requisition_note = "maint-parts-plan-requisition-note" ();
    parts_plan_requisition_written = "maint-parts-plan-requisition-written" (code, repair);
    parts_plan_requisition_skipped = "maint-parts-plan-requisition-skipped" (repair, status);
    parts_plan_nothing_to_request = "maint-parts-plan-nothing-to-request" ();
    ics_only = "maint-ics-only" ();
    ics_two_files = "maint-ics-two-files" ();
    output_without_file_format = "maint-output-without-file-format" ();
    show_format = "maint-show-format" ();
}
