# Why a row of the tickets, legacy repairs and surveys imports is refused (src/words/rows.rs).
rows-ticket-opened-missing = missing (when the ticket was opened)
rows-ticket-closed-no-resolution = a closed ticket needs its resolution
rows-ticket-before-opened = is before opened_at
rows-ticket-exists = ticket { $code } exists: a ticket changes only through its commands (assign, respond, close...)
rows-repair-reported-missing = missing (the day the fault was reported)
rows-repair-archived = repair { $code } is on record and is never changed (R8.2); correct a signed repair with an amendment
rows-survey-date-missing = missing (the day of the survey)
rows-survey-overall-missing = missing (the overall score, 1 to 5)
rows-survey-score-above = { $value } is above { $max } (scores are { $min } to { $max })
# Why a YAML document (a plan, a template, a protocol) does not read: in English, as
# the YAML reader (serde) says it.
rows-yaml-path = { $path }: { $problem }
rows-yaml-place = { $problem } at line { $line } column { $column }
rows-yaml-missing-field = missing field `{ $field }`
rows-yaml-unknown-field = unknown field `{ $field }`, expected one of { $expected }
rows-yaml-unknown-variant = unknown variant `{ $value }`, expected one of { $expected }
rows-yaml-invalid-type = invalid type: { $found }, expected { $expected }
rows-yaml-other = { $reason }
