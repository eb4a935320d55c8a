-- Each audit entry carries the hash of the entry before it and its own hash over its fields and
-- that link, so an edited, removed or reordered entry breaks the chain (`pitstop audit verify`),
-- even when someone with write access to the database file drops the append-only triggers.
-- Versioned 3.7 to stay clear of other work adding common migrations 3, 4, ...
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;

-- Approvals of a version for production by a second identity (models whose risk tier requires one).
CREATE TABLE approvals (
    model    TEXT   NOT NULL,
    version  TEXT   NOT NULL,
    approver TEXT   NOT NULL,
    at_ms    BIGINT NOT NULL,
    PRIMARY KEY (model, version, approver)
);

-- The model's identity (a hash of the trained model) beside each version, so deciding which release a
-- new model builds on needs the registry only, not every old package on disk.
ALTER TABLE model_versions ADD COLUMN model_identity TEXT;
