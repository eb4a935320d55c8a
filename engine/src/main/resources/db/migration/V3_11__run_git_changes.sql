-- What a run's commit lacked when it started: one entry per file, "modified <path>" or
-- "untracked <path>" (a JSON array), so `runs show` and a release can say why a run was dirty.
-- Versioned 3.11 to stay clear of other work adding common migrations 3, 4, ...
ALTER TABLE runs ADD COLUMN git_changes_json TEXT;
