-- The cron listings from a cold page cache (issue 17): `svc repair followups --overdue`
-- looked up each listed device's serial number in the equipment table, one page read
-- per device (236 of its 1,281 reads on the 1,000,000-ticket benchmark). This index
-- holds only id and serial_no, so a page holds about four times as many devices: the
-- same lookups read about a hundred pages of it instead. The listing names it
-- (INDEXED BY): SQLite otherwise prefers the table's own rowid.
CREATE INDEX equipment_serial_by_id ON equipment(id, serial_no);
