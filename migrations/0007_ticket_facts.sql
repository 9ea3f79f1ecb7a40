-- 0007: a ticket's warranty at intake (R3.1.2) as facts, not a sentence: where it stood
-- on the day the ticket was opened (in_warranty, expired, unknown) and the warranty's
-- last day. The words are rendered where they are shown (ticket show, the repair
-- report), from one place in the code (equipment::Warranty::describe).
--
-- The old column held the sentence svc wrote: 'under warranty until D (N days left)',
-- 'expired on D' or 'unknown (no warranty_until on record)', and beside it in_warranty
-- (0/1), which decided whether a repair's parts are charged. A sentence is read back
-- only when it renders again exactly as stored, agreeing with in_warranty and with the
-- day the ticket was opened; any other text is kept whole in warranty_note (shown as
-- it was), its status taken from in_warranty, so nothing is lost.
ALTER TABLE tickets ADD COLUMN warranty_status TEXT CHECK (warranty_status IN ('in_warranty', 'expired', 'unknown'));
ALTER TABLE tickets ADD COLUMN warranty_until TEXT CHECK (warranty_until IS date(warranty_until));
ALTER TABLE tickets ADD COLUMN warranty_note TEXT;

CREATE TEMP TABLE warranty_read AS
SELECT id, warranty, in_warranty, status, until,
       coalesce(status IS NOT NULL
                AND (until IS NULL OR date(until) IS until)
                AND in_warranty = (status = 'in_warranty')
                AND CASE status
                      WHEN 'in_warranty' THEN until >= day
                           AND warranty = 'under warranty until ' || until || ' ('
                                          || CAST(julianday(until) - julianday(day) AS INTEGER) || ' days left)'
                      WHEN 'expired' THEN until < day AND warranty = 'expired on ' || until
                      ELSE 1
                    END, 0) AS ok
  FROM (SELECT id, warranty, in_warranty,
               CASE WHEN warranty LIKE 'under warranty until %' THEN 'in_warranty'
                    WHEN warranty LIKE 'expired on %' THEN 'expired'
                    WHEN warranty = 'unknown (no warranty_until on record)' THEN 'unknown' END AS status,
               CASE WHEN warranty LIKE 'under warranty until %' THEN substr(warranty, 22, 10)
                    WHEN warranty LIKE 'expired on %' THEN substr(warranty, 12, 10) END AS until,
               date(opened_at, 'localtime') AS day
          FROM tickets WHERE warranty IS NOT NULL OR in_warranty = 1);

UPDATE tickets SET
    warranty_status = (SELECT CASE WHEN w.ok THEN w.status WHEN w.in_warranty THEN 'in_warranty' ELSE 'unknown' END
                         FROM warranty_read w WHERE w.id = tickets.id),
    warranty_until = (SELECT CASE WHEN w.ok THEN w.until END FROM warranty_read w WHERE w.id = tickets.id),
    warranty_note = (SELECT CASE WHEN NOT w.ok THEN w.warranty END FROM warranty_read w WHERE w.id = tickets.id)
 WHERE id IN (SELECT id FROM warranty_read);

DROP TABLE warranty_read;
ALTER TABLE tickets DROP COLUMN warranty;
ALTER TABLE tickets DROP COLUMN in_warranty;
