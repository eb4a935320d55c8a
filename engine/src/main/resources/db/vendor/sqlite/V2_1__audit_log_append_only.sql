-- SQLite: refuse any change to the audit log other than an insert, whoever holds the file.
-- Versioned 2.1 so that it runs right after V2 and never collides with a later common migration;
-- a PostgreSQL equivalent would live in db/vendor/postgresql with the same version.

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;
