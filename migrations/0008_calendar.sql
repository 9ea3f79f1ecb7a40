-- 0008: the working calendar's exceptions (issue 17: SLA clocks in working hours).
-- A day is a public holiday (no work although a weekday) or an adjusted working day
-- (调休: a Saturday or Sunday worked in exchange for a longer holiday). The regular
-- week and hours are settings (calendar.days, calendar.hours); this table holds only the
-- exceptions of China's yearly holiday schedule, imported from a small file per year.
CREATE TABLE calendar_days (
    id   INTEGER PRIMARY KEY,
    day  TEXT NOT NULL UNIQUE CHECK (day IS date(day)),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT
);

-- The clock a ticket's SLA runs on, fixed when it is opened from its priority's setting
-- (sla.<priority>.clock), so that a later change of the setting does not move the due
-- times of tickets already open. Tickets opened before this version ran around the clock.
ALTER TABLE tickets ADD COLUMN sla_clock TEXT CHECK (sla_clock IN ('24x7', 'business'));
