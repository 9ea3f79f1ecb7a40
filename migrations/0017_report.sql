-- 0016: indexes for the reports (svc report, issue 16): a period's tickets and repairs are
-- found by when they were opened or closed, and the waits for parts (stock-outs that
-- delayed a repair) among the history's entries, without reading years of records.
CREATE INDEX tickets_opened ON tickets(opened_at);
CREATE INDEX tickets_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX repairs_opened ON repairs(opened_at);
CREATE INDEX history_waits ON history(at) WHERE entity = 'ticket' AND action = 'wait';
CREATE INDEX followups_due_all ON followups(due);
