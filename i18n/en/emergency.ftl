# Emergency response (R6): plans, drills, reserves, incidents. Keys and arguments are
# declared in src/emergency/msg.rs.

## Plans

emergency-plan-unreadable = plan { $name } is not a valid plan document: { $reason }
emergency-plan-invalid = plan { $name } is refused; nothing was imported. Fix the document and import it again:{ $problems }
emergency-plan-bad-code = { $path }: { $value } is not a plan code (give one word, e.g. EP-CT-ED)
emergency-plan-empty = { $path }: must not be empty
emergency-plan-key-twice = { $path }: { $value } is empty or given twice
emergency-plan-bad-duration = { $path }: { $value } is not a duration (use 30m, 2h, 1.5h or 1d)
emergency-plan-deputy-is-primary = { $path }: { $staff } is the primary holder already; name another staff member as deputy
emergency-plan-no-role = { $path }: { $value } is not a role of the plan (roles: { $roles })
emergency-plan-bad-qty = { $path }: { $qty } is not a quantity (1 or more)
emergency-plan-no-staff = { $path }: no staff member { $staff } ('svc staff list' shows them)
emergency-plan-staff-left = { $path }: staff member { $staff } ({ $name }) has left and can take no role; name someone active
emergency-plan-no-location = { $path }: no location { $location } in the parts ledger (add the reserve store with 'svc parts location add')
emergency-plan-no-part = { $path }: no part { $part } in the catalogue (add it with 'svc parts add' first)
emergency-plan-part-inactive = { $path }: part { $part } ({ $name }) is no longer used; name the part that replaces it
emergency-plan-needs-reason = plan { $code } differs from its version { $version }: importing it makes version { $next }, which needs its reason (--reason TEXT)
emergency-plan-drill-other-plan = drill { $drill } practised another plan, not { $code }
emergency-plan-not-found = no emergency plan { $code }: 'svc drill plan list' shows them
emergency-plan-no-version = plan { $code } has no version { $version }: 'svc drill plan versions { $code }' lists them
emergency-plan-stored = plan { $code } version { $version } is stored unreadable: { $reason }
emergency-plan-imported = plan { $code } imported as version 1
emergency-plan-revised = plan { $code }: version { $version } imported; earlier versions stay as they were
emergency-plan-unchanged = plan { $code } is the same as its version { $version }: nothing imported
emergency-plan-same = plan { $code }: versions { $from } and { $to } are the same document
emergency-stored-time = a stored time { $time } cannot be read

## Plan check

emergency-check-short = reserve { $part } at { $location }: { $usable } usable, the plan needs { $need }
emergency-check-expired = reserve { $part } at { $location }: { $qty } expired, to write off and replace
emergency-check-finding = finding { $seq } of drill { $drill } not answered: { $finding }
emergency-check-review = drill and review were due on { $due }
emergency-check-certificate = { $path }: { $staff } ({ $name }) holds no valid certificate ('svc staff certs --staff { $staff }')

## Drills

emergency-drill-no-participants = name the participants (--participants S1,S2)
emergency-drill-no-result = describe the result (--result TEXT)
emergency-drill-not-a-step = { $key } is not a step of plan { $plan } version { $version } (steps: { $steps })
emergency-drill-step-twice = step { $key } is timed twice
emergency-drill-bad-minutes = step { $key }: { $minutes } minutes is not a time
emergency-drill-step-not-pair = --step { $value }: give KEY=MINUTES, e.g. --step callback=12
emergency-drill-invalid = drill { $code } not recorded: { $problems }
emergency-drill-bad-rating = rating { $rating }: give 1 (poor) to 5 (excellent)
emergency-drill-no-reason = give the reason (--note or --reason TEXT)
emergency-drill-observer-answers = { $staff } observed drill { $code }: the findings are answered by someone else (or by a plan revision imported with --drill { $code })
emergency-drill-no-finding = drill { $code } has no finding { $seq }: 'svc drill findings { $code }' lists them
emergency-drill-finding-answered = finding { $seq } of drill { $code } is answered already
emergency-drill-nothing-open = drill { $code } has no open findings
emergency-drill-recorded = drill { $code } recorded: { $findings } finding(s); 'svc drill findings { $code }' lists them
emergency-drill-evaluated = drill { $code } evaluated: rating { $rating }/5
emergency-drill-cancelled = drill { $code } cancelled
emergency-drill-answered = drill { $code }: { $count } finding(s) answered, no change needed
emergency-finding-over-target = step { $step } took { $took } min, target { $target } min
emergency-finding-not-timed = step { $step } was not practised
emergency-finding-absent = role { $role }: { $primary } did not take part, nor a deputy
emergency-finding-absent-deputy = role { $role }: { $primary } did not take part; deputy { $deputy } stood in
emergency-finding-lesson = { $text }

## Incidents

emergency-incident-no-holder = plan { $plan }: nobody active holds role { $role } (primary and deputy have left): revise the plan, and call someone now
emergency-incident-no-level = { $level } is not a response level of plan { $plan } (levels: { $levels })
emergency-incident-no-summary = describe what happened (--summary TEXT)
emergency-incident-device-other-customer = device { $serial } belongs to customer { $owner }, not { $customer }: check --equipment and --customer
emergency-incident-no-note = give the note (--note TEXT) and, for a report, to whom (--to NAME)
emergency-incident-no-resolution = describe how it was resolved (--resolution TEXT)
emergency-incident-not-a-holder = { $staff } holds no role in incident { $code }: 'svc incident show { $code }' shows the call list
emergency-incident-acked = { $staff } acknowledged incident { $code } already
emergency-incident-same-level = incident { $code } is at level { $level } already
emergency-incident-restored-outside = restored at { $restored }: give a time between the activation ({ $opened }) and now ({ $now })
emergency-incident-opened = incident { $code }: plan { $plan } activated at level { $level }; on site by { $on_site }, resolved by { $resolve }, progress report every { $every }. Call list:
emergency-every-hours = { $n }h
emergency-every-minutes = { $n }m
emergency-incident-call = { "  " }{ $role } ({ $name }): { $staff } { $staff_name } { $phone }
emergency-incident-call-deputy = { "  " }{ $role } ({ $name }): { $staff } { $staff_name } { $phone } (deputy: the primary holder has left)
emergency-incident-done = incident { $code }: { $action } recorded
emergency-incident-closed = incident { $code } closed; downtime of { $count } device(s):
emergency-incident-downtime = { "  " }{ $serial }: { $minutes } min
emergency-alert-ack = role { $role } has not acknowledged
emergency-alert-report = progress report upwards overdue
emergency-alert-on-site = not on site within the target
emergency-alert-resolution = not resolved within the target

## Reserve checks

emergency-reserve-damaged-more = { $part } { $lot }: { $qty } reported damaged, but { $held } on hand
emergency-reserve-check-invalid = reserve check of { $location } not recorded: { $problems }
emergency-reserve-bad-damaged = --damaged { $value }: give PART[:LOT]=QTY, e.g. --damaged PPE-N95:N2403=5
emergency-reserve-checked = reserve check { $code } of { $location }: { $lots } lot(s) checked, { $written_off } unit(s) written off
emergency-reserve-written-off = { "  " }written off { $part } { $lot }: { $damaged } damaged, { $expired } expired
emergency-reserve-propose = { "  " }replace for plan { $plan }: { $replace } × { $part } (needs { $need }, { $usable } usable): 'svc parts plan' for what to order
emergency-reserve-sheet-not-units = { $column } is { $value }: give a whole number of units, 0 or more
emergency-reserve-sheet-other-location = the line is of store { $found }, not { $location }: one sheet per reserve store
emergency-reserve-sheet-not-on-book = { $part } lot { $lot } is not on the book at { $location }: write a new sheet ('svc drill reserve sheet --location { $location }')
emergency-reserve-sheet-twice = { $part } lot { $lot } is on the sheet twice
emergency-reserve-sheet-uncounted = { $part } lot { $lot } is not counted: fill in counted
emergency-reserve-sheet-differs = { $part } lot { $lot }: counted { $counted }, the book says { $book }: a difference is explained by a stock count ('svc parts count ..'), then the store is checked again
emergency-reserve-sheet-damaged-more = { $part } lot { $lot }: { $damaged } damaged, more than the { $counted } counted
emergency-reserve-sheet-missing = { $part } lot { $lot } is on the book but not on the sheet: write a new sheet
emergency-reserve-sheet-invalid = { $file }: the sheet is not recorded (nothing was written):
  { $problems }
emergency-reserve-sheet-written = { $lines } lots of reserve store { $location } to count on site; read it back with 'svc drill reserve check --location { $location } --by STAFF --from FILE'
emergency-reserve-sheet-row-problem = { $at } { $pos }: { $column }: { $reason }
emergency-drill-answer-revision = plan { $plan } version { $version }
