-- Issue 9, real identity. A staff member may be bound to the operating-system login
-- they use (`svc staff edit S --login NAME`); with the setting identity.enforce=true a
-- staff member named as the one acting (`--by STAFF`) must be the one bound to the login
-- that runs svc (src/identity.rs). One login is one person: at most one staff member
-- per login.
ALTER TABLE staff ADD COLUMN login TEXT;
CREATE UNIQUE INDEX staff_login ON staff(login) WHERE login IS NOT NULL;
