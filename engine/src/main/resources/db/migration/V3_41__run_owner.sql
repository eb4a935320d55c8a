-- The process working on a RUNNING run: pid, host and the process's start (epoch ms, so a reused pid
-- is not taken for the owner). A run whose owner on this host is gone is marked DIED when a command
-- looks at the store. NULL when no process holds the run (a scheduler's run between two step tasks).
-- Versioned 3.41 to stay clear of other work adding common migrations.
ALTER TABLE runs ADD COLUMN owner_pid BIGINT;
ALTER TABLE runs ADD COLUMN owner_host TEXT;
ALTER TABLE runs ADD COLUMN owner_start TEXT;
