-- 0008: indexes for the due engine (`svc due`, src/due.rs). Every kind of deadline is
-- found through an index on its due column with a range condition, so the morning cron
-- job stays fast however much history the file holds.

-- Late deliveries (R4.1.2): only lines still waiting for goods are in the index.
CREATE INDEX po_lines_delivery ON po_lines(delivery) WHERE received < qty;
