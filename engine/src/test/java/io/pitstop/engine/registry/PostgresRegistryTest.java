package io.pitstop.engine.registry;

import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RegistryBehaviour} on a real PostgreSQL server started for this JVM, plus what only PostgreSQL has. */
@Tag("postgres")
class PostgresRegistryTest extends RegistryBehaviour {

    @Override
    DatabaseUnderTest database() {
        return DatabaseUnderTest.POSTGRESQL;
    }

    @Test
    void truncateCannotEmptyTheAuditLogEither() throws SQLException {
        String url = database().newUrl(dir);
        try (SqlRunStore store = SqlRunStore.open(url)) {
            new SqlRegistry(store).register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                // Row triggers do not fire on TRUNCATE; the statement-level one must.
                var e = assertThrows(SQLException.class, () -> s.executeUpdate("TRUNCATE audit_log"));
                assertTrue(e.getMessage().contains("audit_log is append-only: TRUNCATE is not allowed"), e.getMessage());
            }
            assertEquals(1, new SqlRegistry(store).audit("churn").size());
        }
    }
}
