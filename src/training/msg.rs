//! The team area's messages (training, required training, the career ladder and
//! appraisal); the texts are in `i18n/<lang>/training.ftl`.

use crate::words::{Arg, Msg};

crate::words::catalogue::messages! {
    // Required training and the check before work (R2.2.1).
    training_every_bad = "training-every-bad" (every);
    training_rule_what = "training-rule-what" ();
    training_rule_exists = "training-rule-exists" (role, topic, rule);
    training_lacks = "training-lacks" (staff, role, topic, rule, state);
    training_lacks_refused = "training-lacks-refused" (staff, role, topic, rule, state);
    training_warning = "training-warning" (message);
    training_not_a_bool = "training-not-a-bool" (key, value);
    training_attendance_summary = "training-attendance-summary" (staff, training);
    // The career ladder (R2.2.3).
    training_ladder_unreadable = "training-ladder-unreadable" (path, reason);
    training_grade_unknown = "training-grade-unknown" (grade, grades);
    training_grade_same = "training-grade-same" (staff, grade);
    training_reason_empty = "training-reason-empty" ();
    training_promoted = "training-promoted" (staff, grade, day);
    // Appraisal (R2.3).
    appraisal_bad_period = "appraisal-bad-period" (period);
    appraisal_not_in_run = "appraisal-not-in-run" (staff, code);
    appraisal_acknowledged = "appraisal-acknowledged" (staff, code);
    appraisal_made = "appraisal-made" (code, period, people);
    appraisal_confirmed_now = "appraisal-confirmed-now" (code, by);
    appraisal_commented = "appraisal-commented" (staff, code);
    appraisal_acknowledged_now = "appraisal-acknowledged-now" (staff, code);
    training_demo = "training-demo" (code, period);
    training_demo_due = "training-demo-due" ();
    training_demo_appraisal = "training-demo-appraisal" ();
    // Customer training (R5.2).
    ctrain_model_unknown = "training-customer-model-unknown" (model);
    ctrain_bad_hours = "training-customer-bad-hours" (hours);
    ctrain_no_attendees = "training-customer-no-attendees" ();
    ctrain_no_article = "training-customer-no-article" (code);
    ctrain_field_empty = "training-customer-field-empty" (field);
    ctrain_unscored = "training-customer-unscored" (plan, count, who);
    ctrain_propose = "training-customer-propose" (customer, model, due);
    ctrain_no_session = "training-customer-no-session" (session);
    ctrain_not_attendee = "training-customer-not-attendee" (attendee, session);
    ctrain_scored_once = "training-customer-scored-once" (attendee, session);
    ctrain_evaluated = "training-customer-evaluated" (plan);
}
