-- The planner's due list (`svc maint due`, `svc due --kind maintenance`) reads every
-- schedule due by a day through this index. With only the due day in it, each entry
-- sent SQLite back to the schedule table for the device, the plan and the basis: one
-- more random page read per row. With them in the index the range is read alone
-- (a covering index); the name stays, so the query plans that name it still hold.
DROP INDEX maint_schedules_due;
CREATE INDEX maint_schedules_due ON maint_schedules(next_due, equipment_id, plan_code, basis);
