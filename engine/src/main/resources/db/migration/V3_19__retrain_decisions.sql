-- Each `should-retrain` decision with its evidence: whether the policy said retrain, which conditions
-- held, and per condition the value measured and its limit (a JSON document), so a skipped night can be
-- explained later. Versioned 3.19 to stay clear of other work adding common migrations 3, 4, ...
CREATE TABLE retrain_decisions (
    decision_id    TEXT    NOT NULL PRIMARY KEY,
    pipeline       TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    decided_at_ms  BIGINT  NOT NULL,
    retrain        BOOLEAN NOT NULL,
    fired          TEXT    NOT NULL,
    evidence_json  TEXT    NOT NULL
);
CREATE INDEX retrain_decisions_by_pipeline ON retrain_decisions (pipeline, decided_at_ms);
