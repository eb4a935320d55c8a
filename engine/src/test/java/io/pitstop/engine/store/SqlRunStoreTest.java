package io.pitstop.engine.store;

import io.pitstop.engine.conf.Profile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static io.pitstop.engine.store.RunStoreBehaviour.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run store on the embedded default, an SQLite file: {@link RunStoreBehaviour} plus what only a file has. */
class SqlRunStoreTest extends RunStoreBehaviour {

    private static final java.time.Instant T0 = java.time.Instant.parse("2026-11-22T20:15:00.123Z");

    @Override
    String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("state/sub/pitstop.db");
    }

    @Test
    void createsTheFileInMissingDirectoriesInWalMode() throws Exception {
        try (SqlRunStore store = SqlRunStore.open(url())) {
            store.createRun(run("r1", T0));
        }
        assertTrue(Files.exists(dir.resolve("state/sub/pitstop.db")));
        try (SqlRunStore again = SqlRunStore.open(url())) {
            try (var c = again.database().connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                r.next();
                assertEquals("wal", r.getString(1).toLowerCase());
            }
        }
    }

    @Test
    void profileResolvesARelativeSqlitePathAgainstTheProjectDirectory() {
        Profile profile = new Profile("local", dir, Map.of("store.url", "jdbc:sqlite:.pitstop/pitstop.db"));
        assertEquals("jdbc:sqlite:" + dir.toAbsolutePath().resolve(".pitstop/pitstop.db"), SqlRunStore.urlOf(profile));
        Profile noUrl = new Profile("local", dir, Map.of("state_dir", "state"));
        assertEquals("jdbc:sqlite:" + dir.toAbsolutePath().resolve("state/pitstop.db"), SqlRunStore.urlOf(noUrl));
        try (SqlRunStore store = SqlRunStore.open(profile)) {
            store.createRun(run("r1", T0));
        }
        assertTrue(Files.exists(dir.resolve(".pitstop/pitstop.db")));
    }

    @Test
    void inMemorySqliteIsRefusedWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> SqlRunStore.open("jdbc:sqlite::memory:"));
        assertTrue(e.getMessage().contains("jdbc:sqlite:.pitstop/pitstop.db"), e.getMessage());
    }


    /**
     * A store file as the released migrations (V1, V2, SQLite's V2.1, V3.7) left it, committed as a
     * fixture: it must open without Flyway finding a changed checksum, and keep its runs and registry.
     * A later change of any applied migration's text fails here; add a new migration instead.
     */
    @Test
    void aStoreFileMadeByTheReleasedMigrationsStillOpensWithItsData() throws Exception {
        java.nio.file.Path file = dir.resolve("old/pitstop.db");
        Files.createDirectories(file.getParent());
        try (var in = SqlRunStoreTest.class.getResourceAsStream("/store/pitstop-schema-3.7.db")) {
            Files.copy(in, file);
        }
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + file)) {
            assertEquals(RunStatus.SUCCEEDED, store.findRun("r20261122-210000-0001").orElseThrow().status());
            assertEquals(java.util.List.of(), store.findRun("r20261122-210000-0001").orElseThrow().gitChanges(),
                    "a run recorded before changes were itemised has none");
            var registry = new io.pitstop.engine.registry.SqlRegistry(store);
            assertEquals("1.0.0", registry.inStage("churn", io.pitstop.engine.registry.Stage.PRODUCTION).orElseThrow().version());
            assertEquals(java.util.List.of(), io.pitstop.engine.registry.AuditChain.problems(registry.auditChain()));
            try (var c = store.database().connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")) {
                r.next();
                assertEquals(7, r.getInt(1), "only V3.11 (a run's Git changes), V3.19 (retraining decisions) and V3.41"
                        + " (a run's owning process) are new, nothing re-applied");
            }
        }
    }
}
