package io.pitstop.engine.registry;

import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the registry must do on every database: {@link SqlRegistryTest} runs it on an SQLite file,
 * {@link PostgresRegistryTest} on a real PostgreSQL server.
 */
abstract class RegistryBehaviour {

    @TempDir
    Path dir;
    private String url;

    abstract DatabaseUnderTest database();

    @BeforeEach
    void freshDatabase() {
        url = database().newUrl(dir);
    }

    private String url() {
        return url;
    }

    @Test
    void registerPutsAVersionInStagingAndAuditsIt() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            SqlRegistry registry = new SqlRegistry(store);
            ModelVersion v = registry.register("churn", "1.0.0", "r1", "/pk/churn-1.0.0", "aaa", "ci");
            assertEquals(Stage.STAGING, v.stage());
            assertEquals(v, registry.find("churn", "1.0.0").orElseThrow());
            AuditEntry entry = registry.audit("churn").get(0);
            assertNull(entry.from());
            assertEquals(Stage.STAGING, entry.to());
            assertEquals("ci", entry.actor());
            assertEquals("r1", entry.runId());
        }
    }

    @Test
    void registeringTheSamePackageAgainIsANoOpButADifferentOneIsRefused() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            SqlRegistry registry = new SqlRegistry(store);
            ModelVersion first = registry.register("churn", "1.0.0", "r1", "/pk/a", "aaa", "ci");
            assertEquals(first, registry.register("churn", "1.0.0", "r1", "/pk/a", "aaa", "ci"));
            assertEquals(1, registry.audit("churn").size(), "an idempotent retry adds no audit row");

            var e = assertThrows(VersionConflictException.class,
                    () -> registry.register("churn", "1.0.0", "r2", "/pk/b", "bbb", "ci"));
            assertEquals("churn", e.model());
            assertEquals("1.0.0", e.version());
            assertTrue(e.getMessage().contains("churn") && e.getMessage().contains("1.0.0")
                    && e.getMessage().contains("aaa") && e.getMessage().contains("bbb"), e.getMessage());
            assertEquals("/pk/a", registry.find("churn", "1.0.0").orElseThrow().packagePath());
        }
    }

    @Test
    void promotionArchivesThePreviousProductionVersionAndAuditsEveryTransitionInOrder() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            registry.register("churn", "1.1.0", "r2", "/pk/2", "h2", "ci");
            registry.transition("churn", "1.0.0", Stage.PRODUCTION, "alice", "first model", "r1", "gate-1.json");
            registry.transition("churn", "1.1.0", Stage.PRODUCTION, "bob", "better auc", "r2", "gate-2.json");

            assertEquals("1.1.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals(Stage.ARCHIVED, registry.find("churn", "1.0.0").orElseThrow().stage());

            List<AuditEntry> log = registry.audit("churn");
            assertEquals(List.of("1.0.0:null>STAGING", "1.1.0:null>STAGING", "1.0.0:STAGING>PRODUCTION",
                    "1.0.0:PRODUCTION>ARCHIVED", "1.1.0:STAGING>PRODUCTION"), log.stream().map(RegistryBehaviour::move).toList());
            AuditEntry promotion = log.get(4);
            assertEquals("bob", promotion.actor());
            assertEquals("better auc", promotion.reason());
            assertEquals("gate-2.json", promotion.evidence());
            assertEquals("r2", promotion.runId());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.stream().map(AuditEntry::sequence).toList());

            // A retried promotion that already committed changes nothing and adds no audit row.
            assertEquals(Stage.PRODUCTION, registry.transition("churn", "1.1.0", Stage.PRODUCTION, "bob", "retry", "r2", null).stage());
            assertEquals(5, registry.audit("churn").size());

            // Rollback: the archived version goes back to production, the bad one is archived.
            registry.transition("churn", "1.0.0", Stage.PRODUCTION, "alice", "rollback", null, null);
            assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals("1.1.0", registry.inStage("churn", Stage.ARCHIVED).orElseThrow().version());
        }
    }

    @Test
    void unknownVersionsAndBackwardTransitionsAreRefused() {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            var unknown = assertThrows(UnknownVersionException.class,
                    () -> registry.transition("churn", "9.9.9", Stage.PRODUCTION, "a", "x", null, null));
            assertTrue(unknown.getMessage().contains("9.9.9"), unknown.getMessage());
            registry.transition("churn", "1.0.0", Stage.PRODUCTION, "a", "x", null, null);
            var backward = assertThrows(IllegalTransitionException.class,
                    () -> registry.transition("churn", "1.0.0", Stage.STAGING, "a", "x", null, null));
            assertEquals(Stage.PRODUCTION, backward.from());
            assertEquals(Stage.PRODUCTION, registry.find("churn", "1.0.0").orElseThrow().stage());
            assertEquals(2, registry.audit("churn").size(), "refused transitions leave no audit row");
        }
    }

    @Test
    void theAuditLogCannotBeUpdatedOrDeletedEvenInPlainSql() throws SQLException {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            new SqlRegistry(store).register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                var update = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE audit_log SET actor = 'mallory'"));
                assertTrue(update.getMessage().contains("append-only"), update.getMessage());
                var delete = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_log"));
                assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
            }
            assertEquals("ci", new SqlRegistry(store).audit("churn").get(0).actor());
        }
    }

    @Test
    void theDatabaseItselfRefusesASecondProductionVersion() throws SQLException {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            registry.register("churn", "1.1.0", "r2", "/pk/2", "h2", "ci");
            registry.transition("churn", "1.0.0", Stage.PRODUCTION, "a", "x", null, null);
            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeUpdate(
                        "UPDATE model_versions SET stage = 'PRODUCTION' WHERE version = '1.1.0'"));
            }
        }
    }

    @Test
    void concurrentPromotionsFromTwoStoresLeaveExactlyOneProductionVersionAndAConsistentLog() throws Exception {
        for (int round = 0; round < 5; round++) {
            String url = database().newUrl(dir);
            try (SqlRunStore setup = SqlRunStore.open(url)) {
                SqlRegistry registry = new SqlRegistry(setup);
                registry.register("churn", "1.0.0", "r0", "/pk/0", "h0", "ci");
                registry.transition("churn", "1.0.0", Stage.PRODUCTION, "ci", "first", "r0", null);
                registry.register("churn", "1.1.0", "r1", "/pk/1", "h1", "ci");
                registry.register("churn", "1.2.0", "r2", "/pk/2", "h2", "ci");
            }
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<ModelVersion>> results = new ArrayList<>();
                for (String version : List.of("1.1.0", "1.2.0")) {
                    results.add(pool.submit(() -> {
                        try (SqlRunStore own = SqlRunStore.open(url)) {
                            SqlRegistry registry = new SqlRegistry(own);
                            start.await(10, TimeUnit.SECONDS);
                            return registry.transition("churn", version, Stage.PRODUCTION, "run-" + version, "race", null, null);
                        }
                    }));
                }
                for (Future<ModelVersion> f : results) assertEquals(Stage.PRODUCTION, f.get(60, TimeUnit.SECONDS).stage());
            } finally {
                pool.shutdownNow();
            }

            try (SqlRunStore check = SqlRunStore.open(url)) {
                SqlRegistry registry = new SqlRegistry(check);
                List<ModelVersion> production = registry.versions("churn").stream()
                        .filter(v -> v.stage() == Stage.PRODUCTION).toList();
                assertEquals(1, production.size(), "round " + round + ": " + production);

                // Replaying the audit log must give the registry's state, with never two production versions on the way.
                Map<String, Stage> replayed = new HashMap<>();
                List<AuditEntry> log = registry.audit("churn");
                assertEquals(3 + 1 + 4, log.size(), "3 registrations, the first promotion, then archive+promote twice");
                for (AuditEntry e : log) {
                    assertEquals(e.from(), replayed.get(e.version()), "audit 'from' matches the replayed stage: " + e);
                    replayed.put(e.version(), e.to());
                    assertTrue(replayed.values().stream().filter(s -> s == Stage.PRODUCTION).count() <= 1, "after " + e);
                }
                for (ModelVersion v : registry.versions("churn")) assertEquals(v.stage(), replayed.get(v.version()));
            }
        }
    }

    private static String move(AuditEntry e) {
        return e.version() + ":" + e.from() + ">" + e.to();
    }
}
