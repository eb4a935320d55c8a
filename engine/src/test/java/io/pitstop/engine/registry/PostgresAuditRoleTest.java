package io.pitstop.engine.registry;

import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StoreLocation;
import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The role conf/postgres.yaml and docs/postgresql.md tell a team to give Pitstop: every privilege it needs, but no UPDATE,
 * DELETE or TRUNCATE on {@code audit_log} and no ownership, so it cannot drop the append-only triggers
 * either. Pitstop releases and rolls back as that role; the same role cannot remove an entry.
 */
@Tag("postgres")
class PostgresAuditRoleTest {

    /** The SQL lines of the profile's comment ({@code #   ...;}), its password placeholder filled in. */
    static List<String> grants(Path profile) throws IOException {
        return Files.readAllLines(profile).stream().filter(l -> l.startsWith("#   ") && l.endsWith(";"))
                .map(l -> l.substring(4, l.length() - 1).replace("'...'", "'app-secret'")).toList();
    }

    /** conf/postgres.yaml and docs/postgresql.md give the same statements, and they are the ones run here. */
    @Test
    void theProfileDocumentsTheRoleAsTheDocsDo() throws IOException {
        List<String> statements = grants(PROFILE);
        assertEquals(List.of("CREATE ROLE pitstop_app LOGIN PASSWORD 'app-secret'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pitstop_app",
                "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM pitstop_app"), statements);
        String docs = Files.readString(Path.of("..", "docs", "postgresql.md"));
        for (String sql : statements) assertTrue(docs.contains(sql.replace("'app-secret'", "'...'") + ";"), sql);
    }

    private static final Path PROFILE = Path.of("..", "conf", "postgres.yaml");

    @Test
    void aRoleWithoutUpdateDeleteAndTruncateOnTheAuditLogReleasesButCannotRemoveAnEntry() throws SQLException, IOException {
        PostgresServer server = PostgresServer.shared();
        String database = server.newDatabase();
        try (SqlRunStore owner = SqlRunStore.open(server.urlWithCredentials(database))) {
            new SqlRegistry(owner).versions("churn"); // the owner migrates the schema
            try (Connection c = owner.database().connect(); Statement s = c.createStatement()) {
                for (String sql : grants(PROFILE)) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        if (!sql.startsWith("CREATE ROLE")) throw e; // roles are per server: made by an earlier test database
                    }
                }
            }
        }
        StoreLocation app = new StoreLocation(server.url(database), "pitstop_app", "app-secret");
        try (SqlRunStore store = SqlRunStore.open(app)) {
            SqlRegistry registry = new SqlRegistry(store);
            for (String v : List.of("1.0.0", "1.1.0")) {
                registry.register("churn", v, "r-" + v, "/pk/" + v, "h-" + v, "ci");
                registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "r-" + v, null);
            }
            registry.rollback("churn", "1.1.0", "ops", "bad scores");
            assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            int entries = registry.audit("churn").size();
            try (Connection c = DriverManager.getConnection(app.url(), app.user(), app.password()); Statement s = c.createStatement()) {
                for (String tamper : List.of("DELETE FROM audit_log WHERE sequence = " + entries, "TRUNCATE audit_log",
                        "UPDATE audit_log SET actor = 'mallory'", "DROP TRIGGER audit_log_no_delete ON audit_log")) {
                    var e = assertThrows(SQLException.class, () -> s.execute(tamper), tamper);
                    assertTrue(e.getMessage().contains("permission denied") || e.getMessage().contains("must be owner"),
                            tamper + ": " + e.getMessage());
                }
            }
            assertEquals(entries, registry.audit("churn").size());
            assertEquals(List.of(), AuditChain.problems(registry.auditChain()));
        }
    }
}
