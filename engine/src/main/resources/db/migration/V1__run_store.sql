-- The run store: every run and every step execution. Portable SQL (SQLite and PostgreSQL):
-- times are epoch milliseconds (UTC) in BIGINT columns so they sort and compare as numbers,
-- JSON documents are TEXT written by Jackson.

CREATE TABLE runs (
    run_id           TEXT    NOT NULL PRIMARY KEY,
    pipeline         TEXT    NOT NULL,
    pipeline_file    TEXT,
    spec_sha256      TEXT,
    spec_text        TEXT,
    git_commit       TEXT,
    git_dirty        BOOLEAN NOT NULL,
    profile          TEXT,
    status           TEXT    NOT NULL,
    started_at_ms    BIGINT,
    ended_at_ms      BIGINT,
    message          TEXT,
    environment_json TEXT
);

CREATE INDEX runs_by_start ON runs (started_at_ms);

-- One row per step of a run; a resumed run replaces the row of a step it re-runs. "position"
-- keeps the order in which steps were first recorded, for steps that never started (SKIPPED).
CREATE TABLE step_runs (
    run_id          TEXT   NOT NULL REFERENCES runs (run_id),
    step_id         TEXT   NOT NULL,
    position        BIGINT NOT NULL,
    kind            TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    fingerprint     TEXT,
    params_json     TEXT,
    inputs_json     TEXT   NOT NULL,
    outputs_json    TEXT   NOT NULL,
    reports_json    TEXT   NOT NULL,
    log_path        TEXT,
    started_at_ms   BIGINT,
    ended_at_ms     BIGINT,
    message         TEXT,
    cached_from_run TEXT,
    PRIMARY KEY (run_id, step_id)
);

-- The cache lookup: newest successful execution of a step kind with a given fingerprint.
CREATE INDEX step_runs_by_fingerprint ON step_runs (kind, fingerprint, status);

-- Final metrics, one row each, so runs can be compared in plain SQL.
CREATE TABLE step_metrics (
    run_id  TEXT NOT NULL,
    step_id TEXT NOT NULL,
    name    TEXT NOT NULL,
    value   DOUBLE PRECISION,
    PRIMARY KEY (run_id, step_id, name),
    FOREIGN KEY (run_id, step_id) REFERENCES step_runs (run_id, step_id) ON DELETE CASCADE
);

-- Per-epoch series (learning curves), one row per point; NULL stands for NaN.
CREATE TABLE step_curves (
    run_id      TEXT   NOT NULL,
    step_id     TEXT   NOT NULL,
    name        TEXT   NOT NULL,
    point_index BIGINT NOT NULL,
    value       DOUBLE PRECISION,
    PRIMARY KEY (run_id, step_id, name, point_index),
    FOREIGN KEY (run_id, step_id) REFERENCES step_runs (run_id, step_id) ON DELETE CASCADE
);
