# Preventive maintenance (R1.2): plans, schedules, visits, contracts, reports.
maint-plan-unreadable = { $name }: not a maintenance plan ({ $reason }); a plan has code, name, models, interval (months and/or meter with unit), risk (high, medium or low), hours, parts (part_no, qty) and checklist (a protocol: code, name, standard, items)
maint-plan-invalid = { $name }: { $problems }
maint-plan-bad-code = code { $code } must be one word
maint-plan-no-name = name is empty
maint-plan-no-models = models: name at least one model the plan applies to
maint-plan-no-interval = interval: give months, or meter with its unit, or both
maint-plan-bad-months = interval.months { $months } must be 1 to 120
maint-plan-bad-meter = interval.meter { $meter } must be above 0
maint-plan-meter-unit = interval: a meter interval needs its unit (hours, exposures, cycles) and a unit needs a meter
maint-plan-bad-risk = risk { $risk } must be high, medium or low
maint-plan-bad-hours = hours { $hours } must be above 0 and at most 100, with at most one decimal
maint-plan-bad-part = parts[{ $line }]: { $part } x { $qty }: a part needs its part_no and a quantity of at least 1
maint-plan-unknown-parts = { $name }: parts not in the catalogue: { $parts } (add them with 'svc parts import' first)
maint-plan-not-found = no maintenance plan { $code }: import one with 'svc maint plan import FILE.yaml' ('svc maint plan list')
maint-plan-version-not-found = maintenance plan { $code } has no version { $version } ('svc maint plan versions { $code }')
maint-plan-imported = maintenance plan { $code } v{ $version } imported; { $devices } device(s) scheduled
maint-plan-unchanged = maintenance plan { $code } is unchanged (v{ $version }); { $devices } device(s) scheduled
maint-visit-retired = device { $serial } is retired: it is no longer maintained
maint-visit-wrong-model = device { $serial } is a { $model }: plan { $plan } is for { $models }
maint-visit-bad-hours = hours { $hours } must be above 0 and at most 100, with at most one decimal (such as 1.5)
maint-visit-last-visit = the last maintenance under this plan
maint-visit-the-visit = the maintenance visit
maint-visit-ticket-symptom = maintenance { $visit } ({ $plan }): check failed: { $found }
maint-visit-parts-short = not enough { $part } in stock for { $qty }: { $usable } usable{ $expired ->
    [0] {""}
   *[other] , { $expired } more expired
  }; nothing was recorded: receive or transfer stock first, or record the visit without the part
maint-visit-not-found = no maintenance visit { $code } ('svc maint visits')
maint-visit-value-not-pair = { $value } is not KEY=VALUE (one --value per checklist item)
maint-visit-passed = maintenance { $code } recorded: every check passed; next due { $next }
maint-visit-failed = maintenance { $code } recorded: checks FAILED ({ $failed }); fault ticket { $ticket } opened
maint-meter-went-down = meter reading { $reading } is below { $last } read { $at }: a meter only counts up
maint-meter-recorded = meter of { $serial } recorded; next maintenance due { $next }
maint-contract-ends-before = the contract ends ({ $ends }) before it starts ({ $starts })
maint-contract-exists = there is already a contract { $code }
maint-contract-other-customer = device { $serial } belongs to { $owner }, not to { $customer }
maint-override-no-reason = give the reason for the override with --reason (a contract term, the hospital's calendar)
maint-override-set = { $serial } under { $plan }: next due { $next }
maint-report-sign-by-empty = who signs? give the customer's name with --by
maint-report-already-signed = maintenance report { $code } was signed { $at }: a signed report never changes
maint-report-unreadable = the signed maintenance report { $code } cannot be read: { $reason }
maint-report-not-signed = maintenance report { $code } is not signed yet: 'svc maint sign { $code } --by NAME'
maint-report-signed = maintenance report { $code } signed by { $by }; frozen (SHA-256 { $hash })
maint-bad-date = { $flag }: { $reason }
maint-archive-no-device = no device { $serial } (import the equipment first)
maint-archive-never-changed = maintenance record { $code } is on record and is never changed
maint-archive-no-plan-yet = no maintenance plan { $plan } yet: its records count once it is imported
maint-parts-deprecated = note: 'svc maint parts' is now 'svc parts plan --needs' (open repairs and maintenance together); this alias will go
maint-parts-plan-requisition-note = asked for by 'svc parts plan --requisition': the repair's plan needs these parts
maint-parts-plan-requisition-written = requisition { $code } for repair { $repair } (waits for approval)
maint-parts-plan-requisition-skipped = repair { $repair } is { $status }: its plan's parts are not requested yet
maint-parts-plan-nothing-to-request = nothing to request: every open repair's plan is requested already (maintenance visits take their parts at the visit)
maint-demo-done =   { $visit }: maintenance plans imported, a monitor's preventive maintenance done and signed (R1.2)
maint-demo-due = Preventive maintenance due within 30 days, one trip per customer (svc maint due)
maint-demo-report = Maintenance report { $visit } (svc maint show { $visit })
