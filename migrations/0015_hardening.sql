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

-- Signed means frozen, whole (R3.4.2, issue 9). A signed repair's report is made of the
-- ticket's facts, the diagnoses, visits, plans and their parts, the parts used, the
-- inspections and the follow-up: once the repair is signed the database refuses to
-- change or delete any of it (0003 already refused new rows and changed plans).
-- Corrections are amendments. The follow-up may still be completed, once (followups_done).
CREATE TRIGGER diagnoses_signed_no_update BEFORE UPDATE ON diagnoses
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER diagnoses_signed_no_delete BEFORE DELETE ON diagnoses
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER visits_signed_no_update BEFORE UPDATE ON visits
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER visits_signed_no_delete BEFORE DELETE ON visits
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER plans_signed_no_delete BEFORE DELETE ON plans
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its plans can no longer be changed'); END;
CREATE TRIGGER plan_parts_signed_no_insert BEFORE INSERT ON plan_parts
WHEN (SELECT r.signed_at FROM plans p JOIN repairs r ON r.id = p.repair_id WHERE p.id = NEW.plan_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its plans can no longer be changed'); END;
CREATE TRIGGER plan_parts_signed_no_update BEFORE UPDATE ON plan_parts
WHEN (SELECT r.signed_at FROM plans p JOIN repairs r ON r.id = p.repair_id WHERE p.id = OLD.plan_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its plans can no longer be changed'); END;
CREATE TRIGGER plan_parts_signed_no_delete BEFORE DELETE ON plan_parts
WHEN (SELECT r.signed_at FROM plans p JOIN repairs r ON r.id = p.repair_id WHERE p.id = OLD.plan_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its plans can no longer be changed'); END;
CREATE TRIGGER part_uses_signed_no_update BEFORE UPDATE ON part_uses
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER part_uses_signed_no_delete BEFORE DELETE ON part_uses
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER inspections_signed_no_update BEFORE UPDATE ON inspections
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER inspections_signed_no_delete BEFORE DELETE ON inspections
WHEN (SELECT signed_at FROM repairs WHERE id = OLD.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its record can no longer be changed'); END;
CREATE TRIGGER followups_no_delete BEFORE DELETE ON followups
BEGIN SELECT RAISE(ABORT, 'follow-ups are kept (R3.5.1): they cannot be deleted'); END;
-- The ticket's facts as the report shows them; its status, assignment and SLA clocks
-- still move (the ticket is closed after the repair is signed).
CREATE TRIGGER tickets_signed_facts BEFORE UPDATE ON tickets
WHEN EXISTS (SELECT 1 FROM repairs WHERE ticket_id = OLD.id AND signed_at IS NOT NULL)
 AND (NEW.code IS NOT OLD.code OR NEW.customer_id IS NOT OLD.customer_id
      OR NEW.equipment_id IS NOT OLD.equipment_id OR NEW.channel IS NOT OLD.channel
      OR NEW.kind IS NOT OLD.kind OR NEW.priority IS NOT OLD.priority OR NEW.symptom IS NOT OLD.symptom
      OR NEW.reporter IS NOT OLD.reporter OR NEW.model IS NOT OLD.model OR NEW.opened_at IS NOT OLD.opened_at
      OR NEW.warranty_status IS NOT OLD.warranty_status OR NEW.warranty_until IS NOT OLD.warranty_until
      OR NEW.warranty_note IS NOT OLD.warranty_note)
BEGIN SELECT RAISE(ABORT, 'the ticket''s repair is signed: the facts its report shows can no longer be changed'); END;
CREATE TRIGGER tickets_no_delete BEFORE DELETE ON tickets
WHEN EXISTS (SELECT 1 FROM repairs WHERE ticket_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'the ticket has a repair: service records are kept (R8.2.2)'); END;
