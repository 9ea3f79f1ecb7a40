-- 0005: parts integrity (issue 8, seams).
-- * Unused parts come back after the customer signed: a return is a stock movement
--   referring to its requisition (and so to the repair); the signed record is not touched.
--   The refusal to add parts used to a signed repair now says what to do instead.
-- * A count line's book quantity is frozen when the count starts (found lots come in
--   with book 0), and the database now refuses to change it.
-- * A found lot carries an expiry (from the sheet, or the part's shelf life), so that
--   first-expiry-first-out does not take it for a lot that never expires.
-- * A posted count keeps the unit cost (fen) each line was valued at.

DROP TRIGGER part_uses_after_sign;
CREATE TRIGGER part_uses_after_sign BEFORE INSERT ON part_uses
WHEN (SELECT signed_at FROM repairs WHERE id = NEW.repair_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the repair is signed: its parts used can no longer be changed. Unused parts go back to stock with ''svc parts req return RQ --line PARTNO:QTY'' (a stock movement); a correction of the report is ''svc repair amend'''); END;

-- A return goes back on the requisition it was issued on.
CREATE TRIGGER movements_return_ref BEFORE INSERT ON movements
WHEN NEW.kind = 'return' AND NOT EXISTS (SELECT 1 FROM requisitions WHERE code = NEW.ref)
BEGIN SELECT RAISE(ABORT, 'a return names the requisition its parts were issued on: use ''svc parts req return RQ --line PARTNO:QTY'''); END;

CREATE TRIGGER count_lines_book_frozen BEFORE UPDATE OF book_qty ON count_lines
WHEN NEW.book_qty IS NOT OLD.book_qty
BEGIN SELECT RAISE(ABORT, 'a count line''s book quantity is frozen when the count starts: to count against today''s books, cancel the count (''svc parts count cancel CNT --reason TEXT'') and start a new one'); END;

-- The expiry of a lot found on the shelf (book 0), given to its stock when the count posts.
ALTER TABLE count_lines ADD COLUMN expiry TEXT;
-- The unit cost (fen) a line was valued at, frozen when the count posts.
ALTER TABLE count_lines ADD COLUMN unit_cost INTEGER CHECK (unit_cost >= 0);
