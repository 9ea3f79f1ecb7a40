-- The cron listings from a cold page cache (issue 17), after 0025_speed.sql. From a cold
-- cache every page a listing reads is a random read of the disk.
--
-- `svc ticket list --overdue` found the overdue tickets through the two partial indexes
-- on the due times, then read each ticket from the table: a page (and often an interior
-- page) per ticket, 555 of its 793 reads on the 1,000,000-ticket benchmark. This index
-- holds only the open tickets (a few thousand however long the history) with every
-- column the listing shows or filters on, in code order, the listing's order: the
-- listing reads it alone, from start to end, about 85 pages there, and sorts nothing.
-- Closing a ticket takes it out.
CREATE INDEX tickets_open_listed ON tickets(code, customer_id, equipment_id, kind, priority, status, assigned_to,
    opened_at, responded_at, response_due, resolution_due, response_breached, resolution_breached, symptom)
    WHERE status <> 'closed';
