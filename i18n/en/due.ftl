# The subjects of `svc due`, one message per form (declared in src/due_words.rs): each
# area's `find` hands over the message and the record's own words as its arguments.
# The English text is the canonical subject csv, json, yaml and xlsx carry, which
# scripts read: rewording it changes their input.
due-what-certificate = renew { $cert_type } of { $name }
due-what-ticket-response = first response: { $symptom }
due-what-ticket-resolution = resolution: { $symptom }
due-what-followup = follow up with { $customer } on { $equipment }
due-what-po = delivery from { $supplier }: { $lines } line(s) not in
due-what-safety = safety check of { $warehouse } (last { $last })
due-what-safety-never = safety check of { $warehouse } (never checked)
due-what-training = training on { $topic } for { $role } { $name } (last { $last }; rule { $rule })
due-what-training-never = training on { $topic } for { $role } { $name } (never trained; rule { $rule })
due-what-drill = drill ({ $drill_kind }) of plan { $plan }
due-what-plan-review = drill and review plan { $plan } (last drilled { $last })
due-what-plan-review-never = drill and review plan { $plan } (never drilled)
due-what-incident-report = progress report of incident { $incident } (level { $level })
due-what-reserve = check of reserve store { $location } (last { $last }, { $days } days ago)
due-what-reserve-never = check of reserve store { $location } (never checked)
due-what-first-visit = first return visit to { $customer }
due-what-visit = return visit to { $customer }
due-what-complaint-ack = acknowledge complaint: { $category }
due-what-complaint-resolve = resolve complaint: { $category }
due-what-adverse-event = report suspected adverse event: { $harm }
due-what-rectification = rectify { $severity } finding ({ $clause }): { $description }
due-what-inspection = hold inspection: { $scope }
due-what-standard-review = review standard v{ $version }: { $title }
due-what-maintenance = maintenance { $plan } of { $model } at { $customer }
due-what-customer-training-hold = hold the { $topic } training on { $model } for { $name }
due-what-customer-training-evaluate = evaluate the { $topic } training on { $model } for { $name }
