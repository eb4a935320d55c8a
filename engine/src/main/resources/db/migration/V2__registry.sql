-- The model registry and its audit log, in the same database as the run store.

CREATE TABLE model_versions (
    model               TEXT   NOT NULL,
    version             TEXT   NOT NULL,
    stage               TEXT   NOT NULL CHECK (stage IN ('STAGING', 'PRODUCTION', 'ARCHIVED')),
    run_id              TEXT,
    package_path        TEXT   NOT NULL,
    manifest_sha256     TEXT,
    created_at_ms       BIGINT NOT NULL,
    stage_changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (model, version)
);

-- At most one production version per model, enforced by the database itself so that no code
-- path (or a second process) can ever leave two.
CREATE UNIQUE INDEX model_versions_one_production ON model_versions (model) WHERE stage = 'PRODUCTION';

-- Append-only: rows are only ever inserted. "sequence" is assigned inside the inserting
-- transaction (max + 1), which works the same on every database without identity syntax.
CREATE TABLE audit_log (
    sequence   BIGINT NOT NULL PRIMARY KEY,
    at_ms      BIGINT NOT NULL,
    model      TEXT   NOT NULL,
    version    TEXT   NOT NULL,
    from_stage TEXT,
    to_stage   TEXT   NOT NULL,
    actor      TEXT   NOT NULL,
    reason     TEXT,
    run_id     TEXT,
    evidence   TEXT
);

CREATE INDEX audit_log_by_model ON audit_log (model, sequence);
