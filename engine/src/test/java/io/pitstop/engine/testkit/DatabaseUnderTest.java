package io.pitstop.engine.testkit;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the store and registry tests run on: the embedded default (an SQLite file in the
 * test's temp dir) and a real PostgreSQL server ({@link PostgresServer}). A test class written once
 * against this runs on both through two small subclasses.
 */
public enum DatabaseUnderTest {
    SQLITE {
        @Override
        public String newUrl(Path tempDir) {
            return "jdbc:sqlite:" + tempDir.resolve("db-" + COUNTER.incrementAndGet() + ".db");
        }

        @Override
        public void dropAuditLogTriggers(Statement s) throws SQLException {
            s.executeUpdate("DROP TRIGGER audit_log_no_update");
            s.executeUpdate("DROP TRIGGER audit_log_no_delete");
        }
    },
    POSTGRESQL {
        @Override
        public String newUrl(Path tempDir) {
            PostgresServer server = PostgresServer.shared();
            return server.urlWithCredentials(server.newDatabase());
        }

        @Override
        public void dropAuditLogTriggers(Statement s) throws SQLException {
            s.executeUpdate("DROP TRIGGER audit_log_no_update ON audit_log");
            s.executeUpdate("DROP TRIGGER audit_log_no_delete ON audit_log");
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** The JDBC URL of a new, empty database (credentials included for a server). */
    public abstract String newUrl(Path tempDir);

    /** What someone with write access to the database would do before editing the audit log. */
    public abstract void dropAuditLogTriggers(Statement s) throws SQLException;
}
