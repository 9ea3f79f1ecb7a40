-- Issue 9, tamper evidence and identity. Each history entry now also records the
-- operating-system user who ran the command (from the process credentials, beside the
-- declared actor), the wall-clock time it was recorded (beside the event time given
-- with --at or SVC_NOW), and the hash chain: the previous entry's hash and its own,
-- SHA-256 over the previous hash and the entry's content (src/db/history.rs).
-- Entries written before this migration have no stored hash; `svc db check` recomputes
-- the chain through them from the first entry.
ALTER TABLE history ADD COLUMN os_user TEXT;
ALTER TABLE history ADD COLUMN recorded_at TEXT;
ALTER TABLE history ADD COLUMN prev_hash TEXT;
ALTER TABLE history ADD COLUMN hash TEXT;
