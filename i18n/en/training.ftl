# The team (R2.2, R2.3): training, required training, the career ladder, appraisal.
# Declared in src/training/msg.rs.

## Required training and the check before work (R2.2.1).

training-every-bad = --every { $every } is not a period: write 12m, 6m or 1y (1 to 120 months)
training-rule-what = a rule needs a topic (--topic safe-operation) or a model (--model PM-9000)
training-rule-exists = { $role } already need { $topic } under rule { $rule }: 'svc training rules' shows it
training-lacks = { $staff } ({ $role }) lacks the required training on { $topic } (rule { $rule }; { $state }): record it with 'svc training attend', or send someone trained ('svc training due --staff { $staff }')
training-lacks-refused = { $staff } ({ $role }) lacks the required training on { $topic } (rule { $rule }; { $state }) and training.enforce is true: send a trained technician, or record the training first ('svc training attend')
training-warning = warning: { $message }
training-not-a-bool = { $key } is true or false, not { $value }
training-attendance-summary = attendance of { $staff } at { $training } recorded

## The career ladder (R2.2.3).

training-ladder-unreadable = the career ladder { $path } cannot be read: { $reason }; write a YAML list of grades (grade, months_in_grade, certificates, training_hours, score)
training-grade-unknown = { $grade } is not a grade of the ladder: use one of { $grades }
training-grade-same = { $staff } is { $grade } already: a promotion moves to another grade
training-reason-empty = a promotion needs its reason (--reason TEXT): it is read by whoever checks it later
training-promoted = { $staff } is { $grade } from { $day }

## Appraisal (R2.3).

appraisal-bad-period = { $period } is not a period: write a quarter (2026-Q3), a month (2026-09) or a year (2026)
appraisal-not-in-run = { $staff } is not in appraisal { $code }: 'svc appraisal show { $code }' lists who is
appraisal-acknowledged = { $staff } has acknowledged appraisal { $code } already
appraisal-made = appraisal { $code } of { $period }: { $people } people, a draft until 'svc appraisal confirm { $code } --by STAFF'
appraisal-confirmed-now = appraisal { $code } confirmed by { $by }: it no longer changes
appraisal-commented = comment on { $staff } recorded in appraisal { $code }
appraisal-acknowledged-now = { $staff } acknowledged appraisal { $code }
training-demo = Training (R2.2): a course whose exam earned a certificate, an industry exchange, required training; appraisal { $code } of { $period } (R2.3)
training-demo-due = Required training missing or due within 30 days (R2.2.1, svc training due)
training-demo-appraisal = Appraisal of this quarter, from the records (R2.3, svc appraisal show AP-000001)

## Customer training (R5.2)

training-customer-model-unknown = no model { $model } in the catalogue: add the customer's device first ('svc equipment add'), or check 'svc equipment list'
training-customer-bad-hours = { $hours } is not a number of hours such as 7.5
training-customer-no-attendees = name the customer's attendees (--attendee NAME, once per person or joined by commas)
training-customer-no-article = no kb article { $code } (see 'svc kb list')
training-customer-field-empty = write the { $field } (--{ $field } TEXT)
training-customer-unscored = plan { $plan } cannot be evaluated: { $count } attendee(s) have no score yet ({ $who }): import the questionnaire first ('svc training scores import FILE')
training-customer-propose = { $customer } has its first { $model }: plan its operation training, e.g. 'svc training plan --customer { $customer } --topic operation --model { $model } --mode onsite --due { $due }'
training-customer-no-session = no training session { $session } (see 'svc training sessions')
training-customer-not-attendee = { $attendee } is not an attendee of session { $session } (see 'svc training sessions')
training-customer-scored-once = the score of { $attendee } in session { $session } is recorded already and never changes
training-customer-evaluated = plan { $plan } evaluated: the customer training is complete
