//! The messages of emergency response (R6); texts in i18n/<lang>/emergency.ftl.

use crate::words::catalogue::{messages, Arg, Msg};

messages! {
    // Plans (plan.rs).
    plan_unreadable = "emergency-plan-unreadable" (name, reason);
    plan_invalid = "emergency-plan-invalid" (name, problems);
    plan_bad_code = "emergency-plan-bad-code" (path, value);
    plan_empty = "emergency-plan-empty" (path);
    plan_key_twice = "emergency-plan-key-twice" (path, value);
    plan_bad_duration = "emergency-plan-bad-duration" (path, value);
    plan_deputy_is_primary = "emergency-plan-deputy-is-primary" (path, staff);
    plan_no_role = "emergency-plan-no-role" (path, value, roles);
    plan_bad_qty = "emergency-plan-bad-qty" (path, qty);
    plan_no_staff = "emergency-plan-no-staff" (path, staff);
    plan_staff_left = "emergency-plan-staff-left" (path, staff, name);
    plan_no_location = "emergency-plan-no-location" (path, location);
    plan_no_part = "emergency-plan-no-part" (path, part);
    plan_part_inactive = "emergency-plan-part-inactive" (path, part, name);
    plan_needs_reason = "emergency-plan-needs-reason" (code, version, next);
    plan_drill_other_plan = "emergency-plan-drill-other-plan" (drill, code);
    plan_not_found = "emergency-plan-not-found" (code);
    plan_no_version = "emergency-plan-no-version" (code, version);
    plan_stored = "emergency-plan-stored" (code, version, reason);
    plan_imported = "emergency-plan-imported" (code);
    plan_revised = "emergency-plan-revised" (code, version);
    plan_unchanged = "emergency-plan-unchanged" (code, version);
    plan_same = "emergency-plan-same" (code, from, to);
    stored_time = "emergency-stored-time" (time);

    // Plan check (mod.rs).
    check_short = "emergency-check-short" (part, location, need, usable);
    check_expired = "emergency-check-expired" (part, location, qty);
    check_finding = "emergency-check-finding" (drill, seq, finding);
    check_review = "emergency-check-review" (due);
    check_certificate = "emergency-check-certificate" (path, staff, name);

    // Reserve checks (reserve.rs).
    reserve_damaged_more = "emergency-reserve-damaged-more" (part, lot, qty, held);
    reserve_check_invalid = "emergency-reserve-check-invalid" (location, problems);
    reserve_bad_damaged = "emergency-reserve-bad-damaged" (value);
    reserve_checked = "emergency-reserve-checked" (code, location, lots, written_off);
    reserve_written_off = "emergency-reserve-written-off" (part, lot, damaged, expired);
    reserve_propose = "emergency-reserve-propose" (plan, part, replace, need, usable);

    // Drills (drill.rs).
    drill_no_participants = "emergency-drill-no-participants" ();
    drill_no_result = "emergency-drill-no-result" ();
    drill_not_a_step = "emergency-drill-not-a-step" (key, plan, version, steps);
    drill_step_twice = "emergency-drill-step-twice" (key);
    drill_bad_minutes = "emergency-drill-bad-minutes" (key, minutes);
    drill_step_not_pair = "emergency-drill-step-not-pair" (value);
    drill_invalid = "emergency-drill-invalid" (code, problems);
    drill_bad_rating = "emergency-drill-bad-rating" (rating);
    drill_no_reason = "emergency-drill-no-reason" ();
    drill_observer_answers = "emergency-drill-observer-answers" (code, staff);
    drill_no_finding = "emergency-drill-no-finding" (code, seq);
    drill_finding_answered = "emergency-drill-finding-answered" (code, seq);
    drill_nothing_open = "emergency-drill-nothing-open" (code);
    drill_recorded = "emergency-drill-recorded" (code, findings);
    drill_evaluated = "emergency-drill-evaluated" (code, rating);
    drill_cancelled = "emergency-drill-cancelled" (code);
    drill_answered = "emergency-drill-answered" (code, count);
    finding_over_target = "emergency-finding-over-target" (step, took, target);
    finding_not_timed = "emergency-finding-not-timed" (step);
    finding_absent = "emergency-finding-absent" (role, primary);
    finding_absent_deputy = "emergency-finding-absent-deputy" (role, primary, deputy);
    finding_lesson = "emergency-finding-lesson" (text);

    // Incidents (incident.rs).
    incident_no_holder = "emergency-incident-no-holder" (plan, role);
    incident_no_level = "emergency-incident-no-level" (level, plan, levels);
    incident_no_summary = "emergency-incident-no-summary" ();
    incident_device_other_customer = "emergency-incident-device-other-customer" (serial, owner, customer);
    incident_no_note = "emergency-incident-no-note" ();
    incident_no_resolution = "emergency-incident-no-resolution" ();
    incident_not_a_holder = "emergency-incident-not-a-holder" (code, staff);
    incident_acked = "emergency-incident-acked" (code, staff);
    incident_same_level = "emergency-incident-same-level" (code, level);
    incident_restored_outside = "emergency-incident-restored-outside" (restored, opened, now);
    incident_opened = "emergency-incident-opened" (code, plan, level, on_site, resolve, every);
    every_hours = "emergency-every-hours" (n);
    every_minutes = "emergency-every-minutes" (n);
    incident_call = "emergency-incident-call" (role, name, staff, staff_name, phone);
    incident_call_deputy = "emergency-incident-call-deputy" (role, name, staff, staff_name, phone);
    incident_done = "emergency-incident-done" (code, action);
    incident_closed = "emergency-incident-closed" (code, count);
    incident_downtime = "emergency-incident-downtime" (serial, minutes);
    alert_ack = "emergency-alert-ack" (role);
    alert_report = "emergency-alert-report" ();
    alert_on_site = "emergency-alert-on-site" ();
    alert_resolution = "emergency-alert-resolution" ();
    // The reserve check's fill-in sheet (sheet.rs).
    reserve_sheet_not_units = "emergency-reserve-sheet-not-units" (column, value);
    reserve_sheet_other_location = "emergency-reserve-sheet-other-location" (found, location);
    reserve_sheet_not_on_book = "emergency-reserve-sheet-not-on-book" (part, lot, location);
    reserve_sheet_twice = "emergency-reserve-sheet-twice" (part, lot);
    reserve_sheet_uncounted = "emergency-reserve-sheet-uncounted" (part, lot);
    reserve_sheet_differs = "emergency-reserve-sheet-differs" (part, lot, counted, book);
    reserve_sheet_damaged_more = "emergency-reserve-sheet-damaged-more" (part, lot, damaged, counted);
    reserve_sheet_missing = "emergency-reserve-sheet-missing" (part, lot);
    reserve_sheet_invalid = "emergency-reserve-sheet-invalid" (file, problems);
    reserve_sheet_written = "emergency-reserve-sheet-written" (lines, location);
    reserve_sheet_row_problem = "emergency-reserve-sheet-row-problem" (at, pos, column, reason);
    drill_answer_revision = "emergency-drill-answer-revision" (plan, version);
}
