# Hardening (issue 9): outputs, the history's hash chain, overflow, hostile input.

hardening-output-is-database = { $path } is the database or one of its journal files: an output never replaces it. Name another file; for a copy of the database use 'svc db backup FILE'
hardening-output-is-input = { $path } is read by this same command: writing it would destroy its own input. Name another file
hardening-output-not-regular = { $path } is not a regular file (a directory, a device, a pipe or a socket): svc writes only new or regular files. Name a file, or '-' for standard output
hardening-output-exists = { $path } exists: choose another name, or pass --force to replace it
hardening-output-dir-not-empty = { $path } exists and is not empty: name a new directory, or pass --force to write into it
hardening-output-failed = cannot write { $path }: { $reason }
hardening-amount-overflow = an amount or a quantity is beyond what svc can hold (up to 92,233,720,368,547,758.07): check the prices and quantities involved; nothing was written
hardening-seal-file-missing = no seal file { $path }: keep the lines 'svc db seal' prints in a file outside the database and name it here
hardening-seal-file-bad = { $path } holds no seal on line(s) { $lines }: each line must hold 'svc-seal/1 COUNT ID HASH' as 'svc db seal' printed it
hardening-code-not-printed = could not print the code { $code } ({ $reason }): it was not created, nothing was written. Run the command again with standard output going somewhere that can take it
hardening-customer-referenced = customer { $code } has tickets or other service records: it cannot be deleted (the records must keep their customer)
hardening-restore-backup-has-wal = { $path } has a { $path }-wal beside it: its last changes are not in the file yet. Open it once with 'svc --db { $path } db check' (which folds them in), then restore
hardening-restore-not-svc = { $path } is not an svc database backup ({ $reason }): nothing was restored
hardening-restore-no-backup = no backup file { $path }: name a file written by 'svc db backup'
hardening-restored = restored the database from { $backup }; the records as they were before are kept in { $kept }
hardening-table-too-long = more than { $rows } rows: the listing goes on as CSV (a table that long is laid out in memory); narrow it with filters or --limit, or ask for --format csv
hardening-not-svc-database = { $path } is not an svc database (empty, or not an SQLite file): name the right file with --db or SVC_DB, create one with 'svc init', or restore one with 'svc db restore BACKUP'

# Real identity (identity.enforce): who the operating system says runs svc.
hardening-identity-not-you = identity is enforced (identity.enforce): you are logged in as { $login }, which is bound to { $mine }, not { $code }. Act as yourself (--by { $mine }); the person { $code } runs svc under their own login
hardening-identity-unbound = identity is enforced (identity.enforce): the login { $login } is bound to no staff member, so it acts as nobody. A manager binds it with 'svc staff edit STAFF --login { $login }'
hardening-identity-say-who = identity is enforced (identity.enforce): say who acts with --by { $mine } (the staff member bound to your login { $login }); no default stands in for you
hardening-identity-manager-only = identity is enforced or being turned on: only an active manager bound to the login that runs svc may change { $what }, and the login { $login } is not one. Run it as such a manager
hardening-identity-bad-login = { $login } is no login name: give it as the system knows it (no spaces, invisible or control characters, at most 64 bytes), or an empty value to clear it
hardening-identity-login-taken = the login { $login } is already bound to { $code }: one login is one person. Clear it there first ('svc staff edit { $code } --login ""')
hardening-identity-login-set = { $code } is bound to the login { $login }
hardening-identity-login-cleared = { $code } is bound to no login any more

# Plausible dates.
hardening-date-out-of-range = { $date } is outside the dates svc takes ({ $earliest } to { $latest }): check the year, a digit may be wrong or swapped

# A full disk.
hardening-disk-full = the disk is full (or the file may grow no more): { $what } could not be finished, and nothing of it was written (the transaction was rolled back). Free space on the disk that holds the database (df -h), then run the command again
hardening-database-read-only = the database is read-only here (read-only media, or no permission to write the file or its directory): { $what } was not done, nothing was written. Listing, showing, exporting, 'svc db check' and 'svc repair verify' work on it; to change records, use the writable database

# A redacted export given to an import.
hardening-import-redacted = { $file } was exported with --redact (its column { $column } says so): its personal data is masked, and importing it would replace real names, phones and addresses with masks. Nothing was imported. Export again without --redact, and import that file

# A date or time flag's value refused.
hardening-date-flag-bad = { $flag } { $value }: { $reason }
hardening-date-flag-forms = not a date or time svc reads: use { $forms }

# A workbook so damaged that its reader gave up.
hardening-workbook-damaged = { $file } is a damaged workbook: it cannot be read (a truncated or corrupted file). Open it in Excel or WPS, save it again as .xlsx, or export it as CSV
hardening-workbook-damaged-at = { $file } is a damaged workbook: its reader gave up at row { $row }, and nothing was imported. Open it in Excel or WPS, save it again as .xlsx, or export it as CSV
hardening-table-cell-clipped = … ({ $more } more characters not shown in a table: --format csv or json shows the whole value)

# A protocol file past its size limit (src/repair/inspection.rs).
hardening-protocol-too-long = { $file } is longer than { $limit } MiB, the limit of a protocol file: a protocol lists the tests of one inspection (tens of items, a few KiB), each given with --value in `svc repair inspect`. Is it the right file? Split a protocol that long by the kind of device it is for
hardening-file-too-long = { $file } is longer than { $limit } MiB, the limit of a file svc reads whole (a plan, a checklist, a column map, a seal file, a dump's manifest: a few KiB each). Is it the right file?
