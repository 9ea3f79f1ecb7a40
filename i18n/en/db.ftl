# The database file: what svc init, svc db backup and a migration say (src/db/msg.rs).
db-created = created { $path } (schema version { $version }, readable by its owner only); times are shown and typed in { $zone } ('svc config set time.zone ZONE' changes it)
db-up-to-date = { $path } is up to date (schema version { $version })
db-backed-up = backed up { $from } to { $to }
db-upgraded = backed up { $path } (schema version { $from }) to { $backup } before migrating it to version { $to }: keep the copy until 'svc db check' passes and the migrated file has served you well
