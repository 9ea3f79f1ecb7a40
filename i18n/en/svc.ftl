# svc's messages in English. One message per key; { $name } is an argument the code
# passes (src/words/catalogue.rs declares each key and its arguments). A translation
# (i18n/<lang>/svc.ftl) has the same keys and the same arguments; the tests check both.

error-line = svc: error: { $message }

## The workflow mechanism: a record's status and the moves its table allows.

workflow-done = { $record } { $code } is { $status } already: '{ $action }' is done
workflow-done-then = { $record } { $code } is { $status } already: '{ $action }' is done; { $hint }
workflow-needs = { $record } { $code } is { $status }: '{ $action }' needs it { $allowed }
workflow-needs-then = { $record } { $code } is { $status }: '{ $action }' needs it { $allowed }; { $hint }
workflow-no-move = { $record } { $code }: no move '{ $action }' in the { $record } table
workflow-no-target = { $record } { $code }: the table lists no target of '{ $action }' from { $status } for { $outcome }
workflow-no-outcome = { $record } { $code }: '{ $action }' from { $status } needs an outcome to pick its target

## Records of every area: look up, add, edit.

record-not-found = no { $entity } { $key }: '{ $list }' shows what there is
record-not-found-zeros = no { $entity } { $key }; did you mean { $meant }? (a spreadsheet drops the leading zeros of a code saved as a number: type codes as text)
record-exists-zeros = { $entity } { $key } would stand beside { $meant }, the same code with leading zeros: did you mean { $meant }? (a spreadsheet drops the leading zeros of a code saved as a number)
record-exists-edit = { $entity } { $label } already exists: change it with '{ $edit } { $label }'
record-exists-list = { $entity } { $label } already exists: '{ $list }' shows it
record-identity = the { $column } of a { $entity } is its identity and cannot be edited; other records and the history refer to it
record-add-invalid = cannot add the { $entity }: { $problem }
record-change-invalid = cannot change { $entity } { $key }: { $problem }
document-not-found = no { $what } { $code }: '{ $list }' shows them

## The database file and its schema.

db-missing = no database at { $path }: create it with 'svc init' (or point --db / SVC_DB at an existing one)
db-cannot-open = cannot open database { $path }: { $reason }
db-busy = { $what }: the database is locked by another process; try again, or raise SVC_BUSY_TIMEOUT (now { $ms } ms)
db-guard = { $what }: { $message }
db-newer = { $path } has schema version { $version }, newer than this svc understands ({ $latest }): upgrade svc before using this file
db-bad-version = { $path } has schema version { $version }, which no svc writes: it is not an svc database, or it was altered; restore it from a backup with 'svc db restore BACKUP'
db-backup-failed = { $path } (schema version { $version }) was not migrated: its backup to { $target } failed: { $reason }; free some space or fix the directory's permissions and run svc again
backup-check-failed = the backup failed its check: { $check }
migration-dangling = migration { $migration } was rolled back: rows point at records that do not exist ({ $rows }); the database is as it was: run 'svc db check' and report it
rebuild-no-value = { $what }: no value for the new column { $column }
rebuild-would-lose = { $what }: the new table has no column { $column }: its values would be lost
rebuild-refused = the table { $table } cannot be rebuilt: a row holds a value the new schema refuses ({ $reason }); nothing was changed: correct that row and run svc again
table-missing = { $what }: there is no table { $table }

## service
# Tickets.

ticket-stored-time = stored time { $time } is not RFC 3339
ticket-at-before = --at { $at } is before { $what } ({ $before }): events are recorded in order
ticket-in-the-future = { $when } is in the future (it is { $now } now) in the time zone { $zone }: events are recorded once they happen; if that zone is wrong, set it with 'svc config set time.zone ZONE' (+08:00 for China)
ticket-device-other-customer = device { $serial } belongs to customer { $owner }, not { $customer }: check the serial number
ticket-warranty-without-device = a ticket that names no device has no warranty: give its serial_no, or leave the warranty columns empty
ticket-symptom-empty = --symptom is empty: say what the customer reports
ticket-warranty-disagrees = { $status } does not agree with warranty_until { $until }: on { $day }, the day the ticket was opened, the warranty was { $that_day }; correct one of them, or leave warranty_status empty
staff-inactive = staff member { $staff } is inactive
staff-no-member = no staff member { $staff } (add or import staff first)
ticket-staff-inactive = staff member { $staff } is inactive: assign the ticket to someone else
ticket-responded = ticket { $code } has had its first response: add a note instead
ticket-resolution-empty = --resolution is empty: say how the ticket was resolved
ticket-repair-open = ticket { $code } has repair { $repair } still open: the repair is signed (or declined) before the ticket closes
ticket-not-a-fault = ticket { $code } is an { $kind }: only a fault (or a complaint about a device) becomes a repair; answer it and close it with 'svc ticket close { $code } --resolution TEXT'
ticket-no-device = ticket { $code } names no device: a repair is of a device; open the ticket with --equipment SERIAL

# Repairs: plans, consent, parts used, inspections, reports, follow-ups, the archive.

repair-who = who did this? name the technician with --by STAFF
repair-labour-hours = --labour-hours { $hours }: write hours such as 2 or 2.5
repair-visit-first = repair { $code } is a complex fault: an on-site visit with test tools comes before the plan (R3.2.2): 'svc repair visit { $code } --onsite --finding TEXT --tools TEXT'
repair-plan-no-steps = a plan needs its repair steps: --step TEXT, once per step
repair-part-inactive = part { $part } is inactive: plan an active part
repair-part-twice = part { $part } is planned twice: one --part per part, with the total
repair-estimate-low = the estimate { $estimate } is less than parts { $parts } plus labour { $labour }: leave --estimate out to use their sum, or give at least that
repair-consent-by-empty = --by is empty: who consented for the customer?
repair-part-qty = a part used is a quantity of at least 1, not { $qty }
repair-part-not-planned = part { $part } is not in the consented plan (v{ $version }): using { $qty } more goes beyond what the customer agreed to. Tell the customer, make a revised plan ('svc repair plan { $code } ...') and get consent again (R3.3.2)
repair-part-beyond-plan = the consented plan (v{ $version }) allows { $planned } of part { $part }, { $used } used already: using { $qty } more goes beyond what the customer agreed to. Tell the customer, make a revised plan ('svc repair plan { $code } ...') and get consent again (R3.3.2)
repair-inspection-failed = repair { $code }: the last inspection against protocol { $protocol } failed; repair and inspect again before the report
repair-report-no-cause = the report states the fault's cause and the repair process: --cause and --process
repair-past-estimate = repair { $code }: parts { $parts } plus labour { $labour } ({ $hours } h) pass the estimate { $estimate } the customer agreed to (plan v{ $version }): tell the customer, make a revised plan ('svc repair plan { $code } ...') and get consent again (R3.3.2); the work is then inspected again
repair-no-report = repair { $code } has no report yet: write it with 'svc repair report { $code } --cause TEXT --process TEXT'
repair-sign-by-empty = --by is empty: who signed for the customer?
repair-freeze-failed = repair { $code }: the report cannot be frozen: { $reason }
repair-not-signed = repair { $code } is { $status }: there is no signed report to verify
repair-amendment-empty = the amendment's text is empty
repair-signed-unreadable = repair { $code }: the signed report cannot be read ({ $reason }): run 'svc repair verify { $code }'
repair-followed-up = repair { $code } was followed up on { $day }: that record stands
repair-protocol-unreadable = { $name }: not a protocol ({ $reason }); a protocol has code, name, standard and items, each item key, name, kind (check or measure) and, for a measurement, unit and min and/or max
repair-protocol-invalid = { $name }: { $problems }
repair-protocol-used = protocol { $code } has been used by { $used } inspection(s): its items are part of their record. Import the new version under a new code (e.g. { $code }-v2)
repair-protocol-not-found = no protocol { $code }: import one with 'svc repair protocol import FILE.yaml' ('svc repair protocol list')
repair-protocol-stored = protocol { $code }: { $reason }
repair-inspection-invalid = inspection not recorded: { $problems }
repair-protocol-no-items = a protocol needs a code and at least one item
repair-protocol-key-twice = item key { $key } appears twice
repair-protocol-key-bad = item key { $key } must be a word without '='
repair-protocol-limit-not-finite = item { $item }: { $limit } is not a finite number (.inf or .nan): give the limit as a number, or leave { $limit } out when there is none
repair-protocol-check-limits = item { $item }: a check has no unit or limits (make it a measure)
repair-protocol-measure-limits = item { $item }: a measurement needs its unit and a min and/or max
repair-protocol-min-above-max = item { $item }: min is above max
repair-inspection-not-an-item = { $key } is not an item of protocol { $protocol } (items: { $items })
repair-inspection-given-twice = { $key } is given twice
repair-inspection-no-value = no value for { $key } ({ $name }): --value { $key }=...
repair-inspection-not-a-check = { $key }={ $value }: a check is pass or fail
repair-inspection-bad-limit = item { $item } has a limit that is not a number ({ $limits }): import the protocol again with finite limits
repair-inspection-not-a-number = { $key }={ $value }: a measurement is a number (in { $unit })
repair-archive-no-device = no device { $serial } (import the equipment first)

# Settings. A key or value that the code shows quoted is passed with its quotes.

config-no-setting = no setting { $key }: 'svc config list' shows them all
config-bad-duration = { $key } { $value }: write a duration such as 4h, 90m or 2d (at most a year)
config-bad-days = { $key } { $value }: write a whole number of days
config-days-range = { $key } { $value }: between 0 and 3650 days
config-bad-money = { $key } { $value }: { $reason }
config-not-duration = setting { $key } holds { $value }, not a duration
config-not-days = setting { $key } holds { $value }, not a number of days
config-bad-labour-rate = setting labour_rate: { $reason }

## cli

cli-export-for-people = export writes csv, json or yaml (tables, md and html are for reading)
cli-man-written = { $pages } man pages written to { $dir } (svc.1 and one per command; read them with man -l or add the directory to MANPATH)
cli-man-no-command = '{ $under }' has no command { $word }: its commands are { $known }
cli-export-encoding-auto = --encoding auto is for reading; export in utf-8, gbk or gb18030
cli-files-for-people = --format table, md and html are for reading; files are csv, json or yaml
cli-db-check-failed = database check failed: { $checks }; restore from a backup with 'svc db restore BACKUP' ('svc db backup' makes them) and report it
cli-db-backup-exists = { $path } exists: choose another name, or pass --force to replace it
cli-demo-not-demo = { $path } exists and is not a demonstration database: the demo will not touch it; name another file: svc demo NEW_FILE
cli-file-not-found = no file { $path }
cli-file-not-utf8 = { $path } is not UTF-8 text
cli-import-no-directory = no directory { $dir }: name one written by 'svc export DIR'
cli-import-nothing = { $dir } holds none of { $areas } (.csv, .json or .yaml)
cli-repair-bad-estimate = --estimate: { $problem }
cli-repair-bad-finish-by = --finish-by: { $problem }
# $value: the value as given, quoted.
cli-repair-value-not-pair = --value { $value }: write KEY=VALUE
cli-repair-not-found = no repair { $code }: 'svc repair list' shows them
cli-parts-cost-unreadable = reading the part's cost: { $reason }
cli-parts-totals-location = --by-part and --below-min total every location; leave out --location
cli-parts-count-not-found = no stock count { $code }: 'svc parts count list' shows them
cli-parts-req-who = who asks for the parts? '{ $actor }' is not on the staff list: pass --by STAFF
cli-parts-req-not-found = no requisition { $code }: 'svc parts req list' shows them
cli-rejects-written = { $rows } rejected row(s) written to { $file }
cli-export-written = { $rows } { $area } written to { $file }
cli-record-changed = { $entity } { $key } changed
cli-record-unchanged = { $entity } { $key }: nothing to change
cli-ticket-assigned = ticket { $code } assigned to { $to }
cli-ticket-responded = ticket { $code }: first response recorded
cli-ticket-noted = ticket { $code }: noted
cli-ticket-waits = ticket { $code } waits on the { $reason }; its SLA clocks are stopped
cli-ticket-resumed = ticket { $code } resumed; its SLA clocks run again
cli-ticket-closed = ticket { $code } closed
cli-ticket-reopened = ticket { $code } reopened
cli-repair-diagnosed = repair { $code }: diagnosis recorded; plan the repair next ('svc repair plan { $code } --step ...')
cli-repair-diagnosed-complex = repair { $code }: diagnosis recorded; a complex fault needs an on-site visit before the plan: 'svc repair visit { $code } --onsite ...'
cli-repair-visited = repair { $code }: visit recorded
cli-repair-planned = repair { $code }: plan v{ $version }, estimate { $estimate } = parts { $parts } + labour { $labour }; it waits for the customer's consent
cli-repair-planned-other = repair { $code }: plan v{ $version }, estimate { $estimate } = parts { $parts } + labour { $labour } + other { $other }; it waits for the customer's consent
cli-repair-consented = repair { $code }: consent recorded; start the work next ('svc repair start { $code }')
cli-repair-declined = repair { $code }: declined; the repair ends
cli-repair-started = repair { $code }: work started; parts come on a requisition ('svc parts req create --repair { $code } ...'), and the work done is inspected ('svc repair inspect { $code } --protocol ...')
cli-repair-part-used = repair { $code }: { $qty } × { $part } used
cli-repair-passed = repair { $code }: inspection PASSED; write the report next
cli-repair-failed = repair { $code }: inspection FAILED ({ $failed }); back to work
cli-repair-reported = repair { $code }: report v{ $version } written; the customer signs it next
cli-repair-signed = repair { $code } signed by { $by }; the report is frozen (SHA-256 { $hash })
cli-repair-amended = repair { $code }: amendment recorded
cli-repair-followed-up = repair { $code }: follow-up recorded
cli-protocol-imported = protocol { $code } imported
cli-protocol-unchanged = protocol { $code } is unchanged
demo-importing = Importing the legacy customer file (GBK, Chinese headers, mixed dates; bad rows set aside):
demo-step-customers = customers
demo-step-staff = staff
demo-step-certificates = certificates
demo-step-equipment = equipment (UTF-8 with BOM; one device names an unknown customer)
demo-step-parts = parts catalogue
demo-step-suppliers = suppliers
demo-step-stock = opening stock
demo-repair-walk = A repair, from the customer's call to the signed report (R3):
demo-repair-done = { $code }: ticket, diagnosis, plan, consent, parts issued, inspection, report, signature
demo-customers = Customers (R8.1; contact details masked, as --redact does: R8.1.2)
demo-equipment = Installed equipment and warranty today (R1.2)
demo-models = Model catalogue
demo-certificates = Certificates expired or expiring within 90 days (R2.1, the morning cron job)
demo-tickets = Tickets past their SLA target now (R3.2.1, the morning cron job)
demo-repairs = Repairs (R3.2-R3.4) and their follow-up calls (R3.5.1)
demo-due = Everything due within 7 days, most overdue first (svc due: the one morning cron job)
demo-stock = Spare parts on hand against their minimum, at moving average cost (R4.2.1)
demo-plan = Purchase plan: what to order to stay above the minimums (R4.1.1)

## The import engine: its summary, and why rows or files are refused.

import-summary = { $area } { $file }: read { $read }, inserted { $inserted }, updated { $updated }, unchanged { $unchanged }, skipped { $skipped }, rejected { $rejected } in { $seconds } s
import-summary-dry-run = dry run, nothing written: { $area } { $file }: read { $read }, inserted { $inserted }, updated { $updated }, unchanged { $unchanged }, skipped { $skipped }, rejected { $rejected } in { $seconds } s
import-ignored-columns = columns not imported (not in the map, not a { $entity } column): { $columns }
import-rejected = { $rejected } row(s) of { $file } rejected; nothing was written. Fix them and run the import again
import-rejected-offer = { $rejected } row(s) of { $file } rejected; nothing was written. Fix them, or pass --rejects FILE to import the good rows and collect the bad ones
import-missing-columns = { $file }: no column for { $missing } (found: { $found }); rename the header or map it with --map
import-column-twice = { $file }: columns '{ $first }' and '{ $second }' both give { $column }; keep one, or map one elsewhere
import-key-twice = { $label } appears twice in this file (an earlier row has it; --mode upsert keeps the last)
import-key-exists = { $label } is already in the database (use --mode upsert to update it, or --mode skip to keep it)
# $at: line (csv) or record (json, yaml).
import-row-problem = { $file } { $at } { $pos }: { $reason }
fields-required = missing (it is required)
fields-control-characters = { $value } holds control characters
fields-not-one-of = { $value } is not one of { $allowed } (a column map's values: can translate it)
fields-missing-one-of = missing (one of { $allowed })
fields-below = { $value } is below { $min }
fields-not-a-time = { $value } is not a time: write 2026-03-05 09:30 or RFC 3339
fields-before = { $second } is before { $column } { $first }
normalize-not-a-date = { $value } is not a date (use 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 or an Excel serial number)
normalize-not-a-phone = { $value } is not a phone number (no digits)
normalize-not-an-email = { $value } is not an e-mail address
normalize-not-a-boolean = { $value } is not yes or no (use true/false)
# $value: as given, quoted.
money-not-an-amount = { $value } is not an amount: write yuan with at most two decimals, such as 1234.50
money-too-many-decimals = { $value } has more than two decimals: amounts are kept to the fen (0.01)
money-too-large = { $value } is more than any amount svc keeps (up to 999,999,999,999.99)
money-not-whole = { $value } is not a whole number
money-qty-too-large = { $value } is more than any quantity svc keeps (up to { $max })

## parts

parts-line-no-part-qty = line { $spec }: a part number and a quantity are needed; write { $form }
parts-line-too-many-fields = line { $spec }: too many fields; write { $form }
parts-line-bad-qty = line { $spec }: { $problem }; write { $form }
parts-line-qty-below-one = line { $spec }: the quantity must be at least 1; write { $form }
parts-part-not-found = no part { $part }: 'svc parts list' shows the catalogue
parts-part-on-two-lines = part { $part } is on two lines: one line per part, with the total
parts-staff-cannot-request = staff member { $staff } is inactive and cannot request parts
parts-staff-cannot-approve = staff member { $staff } is inactive and cannot approve requisitions
parts-staff-cannot-inspect = staff member { $staff } is inactive and cannot inspect goods
parts-location-not-found = no location { $location }: add it with 'svc parts location add { $location }' ('svc parts location list' shows them)
parts-location-malformed = { $warehouse } / { $bin }: a warehouse needs a name, and neither it nor the bin may contain '/' (locations are written WAREHOUSE/BIN)
parts-location-exists = location { $location } already exists ('svc parts location list' shows it)
parts-warehouse-not-found = no warehouse { $warehouse }: 'svc parts location list' shows them ('svc parts location add { $warehouse }' adds it)
parts-safety-issue-needs-note = an issue with { $issues } needs --note: what was found, and what was done about it
parts-safety-humidity-range = --humidity is a relative humidity, 0 to 100 (%)
parts-stock-short = { $kind } of part { $part } at { $location }: only { $have } on hand, cannot take { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows where it is)
parts-stock-short-lot = { $kind } of part { $part } at { $location } lot { $lot }: only { $have } on hand, cannot take { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows where it is)
parts-movement-not-found = no movement { $id }: 'svc parts ledger PARTNO' shows movement ids
parts-movement-from-count = movement { $id } is the adjustment of stock count { $count }: the count found what was on the shelf; a later difference is a new count or an adjustment with its own reason
parts-movement-reversed = movement { $id } has already been reversed
parts-movement-is-reversal = movement { $id } cannot be reversed: it is itself a reversal; post the movement again instead
parts-movement-is-transfer = movement { $id } cannot be reversed: it is one half of a transfer; move the parts back with 'svc parts transfer' (both halves together)
parts-movement-is-requisition = movement { $id } cannot be reversed: it belongs to a requisition; unused parts come back with 'svc parts req return RQ --line PARTNO:QTY'
parts-movement-is-receipt = movement { $id } cannot be reversed: it is an accepted delivery; goods found faulty later leave stock with 'svc parts scrap' (or an adjustment), with the reason
parts-move-at-least-one = a transfer or scrap moves at least 1, not { $qty }
parts-transfer-nowhere = a transfer from { $from } to { $to } moves nothing: name two locations
parts-adjust-zero = an adjustment of 0 changes nothing
parts-count-no-category = no part has category { $category }: 'svc parts list' shows the catalogue and its categories
parts-count-overlap = stock count { $other } is still open and covers part { $part } at { $location }: two open counts over the same part would each adjust it. Post or cancel { $other } first ('svc parts count post { $other }'), or narrow the scope
parts-count-bad-start = count { $code } has an unreadable start time { $started }
# $problems: the first 20 rows' problems, one per line; $more: how many more there are.
parts-count-sheet-rejected = { $rejected } row(s) of { $file } rejected; nothing was written. Fix them and submit the sheet again:{"\u000A  "}{ $problems }{ $more ->
        [0] {""}
       *[other] {"\u000A  "}... and { $more } more
    }
parts-count-sheet-empty = { $file } has no rows: nothing to submit
parts-count-not-a-sheet = { $file } is not a count sheet: no { $missing } column (write one with 'svc parts count sheet { $code }')
parts-count-recount-uncounted = part { $part } has no counted line on count { $code }: submit a first count before asking for a second
parts-count-waiting = count { $code } cannot be posted: lines still wait for a count: { $lines } ('svc parts count variance { $code }' lists them; 'svc parts count sheet { $code }' writes a sheet)
parts-req-needs-line = a requisition needs at least one --line { $form }
parts-req-part-inactive = part { $part } is inactive and cannot be requested
parts-req-self-decide = { $staff } requested { $code } and cannot decide it too: another staff member approves (R4.3.1)
parts-req-repair-closed = requisition { $code } is for repair { $repair }, which is { $status }: nothing more is issued on it. Cancel it ('svc parts req cancel { $code } --reason TEXT'); a new repair raises its own requisition
parts-req-part-not-on = part { $part } is not on requisition { $code } ('svc parts req show { $code }' lists its lines)
parts-req-issued-in-full = requisition { $code } has been issued in full; nothing is outstanding
parts-req-issue-beyond = part { $part } on { $code }: { $requested } requested, { $issued } issued; { $qty } more is beyond the requisition (raise another requisition for the rest)
# $expired: how many more units are on hand but expired (0: none).
parts-req-issue-short = part { $part }: { $usable } usable on hand{ $expired ->
        [0] {""}
       *[other] {" "}({ $expired } more are expired and are not issued)
    }, cannot issue { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows it; 'svc parts plan' for what to order)
parts-req-issue-short-lot = part { $part } lot { $lot }: { $usable } usable on hand{ $expired ->
        [0] {""}
       *[other] {" "}({ $expired } more are expired and are not issued)
    }, cannot issue { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows it; 'svc parts plan' for what to order)
parts-req-issue-short-at = part { $part } at { $location }: { $usable } usable on hand{ $expired ->
        [0] {""}
       *[other] {" "}({ $expired } more are expired and are not issued)
    }, cannot issue { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows it; 'svc parts plan' for what to order)
parts-req-issue-short-lot-at = part { $part } lot { $lot } at { $location }: { $usable } usable on hand{ $expired ->
        [0] {""}
       *[other] {" "}({ $expired } more are expired and are not issued)
    }, cannot issue { $qty }; stock never goes negative ('svc parts stock --part { $part }' shows it; 'svc parts plan' for what to order)
parts-req-return-needs-line = name what comes back: --line { $form }
parts-req-return-beyond = part { $part } on { $code }: { $issued } issued, { $returned } returned already; { $qty } cannot come back: return at most { $returnable } (parts not issued on { $code } go back on the requisition they were issued on: 'svc parts trace { $part }')
parts-req-return-short = part { $part } on { $code }: only { $out } out, cannot return { $qty }; return at most { $out }, or name another lot ('svc parts trace { $part }' shows which lots went out on { $code })
parts-req-return-short-lot = part { $part } lot { $lot } on { $code }: only { $out } out, cannot return { $qty }; return at most { $out }, or name another lot ('svc parts trace { $part }' shows which lots went out on { $code })
parts-part-inactive = part { $part } is inactive; reactivate it with 'svc parts edit { $part } --active true' first
parts-supplier-licence-expired = supplier { $supplier } is not qualified: its licence expired on { $expires }; record the renewed licence with 'svc parts supplier edit { $supplier } --licence-expires DATE' first
parts-po-needs-line = a purchase order needs at least one --line { $form }
parts-po-line-no-price = line { $part }: the price is missing; write { $form }
parts-po-line-bad-price = line { $part }: { $problem }
parts-po-line-bad-delivery = line { $part }: delivery date { $problem }
parts-receipt-needs-line = a delivery needs at least one --line { $form }
parts-po-part-not-on = part { $part } is not on purchase order { $po }
parts-receipt-beyond = part { $part } on { $po }: { $ordered } ordered, { $received } already delivered; { $qty } more is beyond the order (raise a new order for the surplus, or send it back)
parts-receipt-line-bad-expiry = line { $part }: expiry { $problem }
parts-inspect-not-on-receipt = { $part } is not on receipt { $receipt } ('svc parts receipts --format json' shows its lines)
parts-inspect-not-on-receipt-lot = { $part } lot { $lot } is not on receipt { $receipt } ('svc parts receipts --format json' shows its lines)
parts-inspect-several-lots = part { $part } arrived in several lots on receipt { $receipt }: name the lot ({ $form })
parts-inspect-too-many = part { $part }: { $accepted } accepted and { $rejected } rejected, but only { $arrived } arrived
parts-inspect-too-many-lot = part { $part } lot { $lot }: { $accepted } accepted and { $rejected } rejected, but only { $arrived } arrived
parts-inspect-undecided = every unit of receipt { $receipt } must be accepted or rejected; undecided: { $undecided } (use --accept, --reject, or --accept-rest)

## core
clock-bad-now = SVC_NOW={ $value } is not a time: use RFC 3339 (2026-03-05T09:30:00+08:00) or local '2026-03-05 09:30' or a date
equipment-no-customer = no customer { $customer } (add or import the customer first)
equipment-new-model = new model in the catalogue: { $model } ({ $manufacturer })
equipment-warranty-until = under warranty until { $until } ({ $days } days left)
equipment-warranty-in = under warranty
equipment-warranty-expired-on = expired on { $until }
equipment-warranty-expired = expired
equipment-warranty-unknown = unknown (no warranty_until on record)
customer-has-equipment = customer { $code } has { $devices } piece(s) of equipment on record and cannot be deleted: their service records must stay traceable (see 'svc equipment list --customer { $code }')
document-write-failed = cannot write the document: { $reason }
due-no-kind = no kind of deadline { $kind }: use one of { $kinds }
# $reason: the serializer's own words.
output-write-failed = { $reason }
exchange-map-not-found = no column map { $path }: check the --map path
exchange-map-unreadable = cannot read the column map { $path }: { $reason }
exchange-map-invalid = column map { $path } is not valid: { $reason } (expected keys: encoding, columns, values)
exchange-map-no-column = column map { $path }: '{ $target }' is not a column here; the columns are: { $columns }
# $reason: what the encoder found it cannot write.
exchange-bad-output = { $reason }
exchange-csv-failed = cannot write CSV: { $reason }
exchange-encode-failed = { $reason }
exchange-no-file = no file { $path }: check the path
exchange-unreadable = { $name }: { $reason }; nothing was written
exchange-no-header = { $name }: the file is empty or has no header line
exchange-record-nested = { $name }: record { $pos }: '{ $key }' holds a list or an object; each field must be a single value
exchange-record-not-object = { $name }: record { $pos } is not an object
exchange-yaml-empty = { $name }: the file is empty; a YAML import is a list of records
exchange-yaml-not-mapping = { $name }: record { $pos } is not a mapping of column: value
dump-encode-failed = { $what }: { $reason }
dump-manifest-encode-failed = manifest: { $reason }
dump-not-a-manifest = { $path } is not a manifest written by 'svc export': { $reason }
dump-format = { $path } is in format { $format }; this svc reads { $expected }: restore it with the svc that wrote it
dump-redacted = { $dir } was exported with --redact: its personal data is masked, so it cannot be restored as the whole database; export again without --redact, or merge its records with 'svc import { $dir } --flat'
dump-schema-version = { $dir } holds a database of schema version { $version } (svc { $svc }), this svc has version { $ours }: restore it with the same svc version, then let this one migrate it (open it with 'svc db check')
dump-mismatch = { $path } does not match the manifest (SHA-256 { $hash }, { $rows } rows; manifest: { $expected_hash }, { $expected_rows } rows): the dump was changed or cut short; nothing was written, export it again
dump-outside = the manifest names { $file }, outside the dump directory
dump-tables-differ = the dump's tables ({ $theirs }) are not this schema's ({ $ours }): the manifest was edited
dump-not-empty = the database already holds records ({ $rows } in { $table }): a whole dump is restored only into an empty database (create one with 'svc --db NEW.db init'), or merge the per-area files with 'svc import DIR --flat'
dump-table-vanished = table vanished
dump-columns-differ = table { $table } has columns ({ $dump }) in the dump but ({ $schema }) in this schema
dump-would-fail-check = the restored database would fail 'svc db check' ({ $failed }); nothing was written
dump-line-unreadable = { $path } line { $line }: { $reason }
dump-line-values = { $path } line { $line }: { $values } values for { $columns } columns
dump-line-no-value = { $path } line { $line }: { $value } is no value of a dump
dump-changed = { $path } changed while it was restored; nothing was written
