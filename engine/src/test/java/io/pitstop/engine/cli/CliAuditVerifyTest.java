package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pitstop audit verify} on the project's real SQLite store after the tampering the append-only
 * triggers cannot stop once someone drops them: removing the newest entry, the newest two, or all.
 * The registry is opened as the CLI opens it, keeping {@code .pitstop/audit/heads} beside the database.
 */
class CliAuditVerifyTest {

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void twoReleases() throws Exception {
        project = TestProject.create(dir);
        var profile = ProfileLoader.load(dir, "local");
        try (var store = SqlRunStore.open(profile)) {
            var registry = new SqlRegistry(store, AuditHeadFile.in(profile.stateDir()));
            for (String v : List.of("1.0.0", "1.1.0")) {
                registry.register("churn", v, "run-" + v, "/pk/" + v, "h-" + v, "ci");
                registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
            }
        }
    }

    private void tamper(String sql) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db")); var s = c.createStatement()) {
            s.executeUpdate("DROP TRIGGER audit_log_no_delete");
            s.executeUpdate(sql);
        }
    }

    @Test
    void anIntactLogPasses() {
        CliResult ok = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        assertTrue(ok.out().contains("5 entries, hash chain verified against 5 anchor(s), stages replayed"), ok.transcript());
        assertTrue(ok.out().contains("heads is unsigned: this configuration holds no release signing key, so whoever can write it "
                + "and the database can rewrite both"), "no package was built, so no key exists: " + ok.transcript());
    }

    @Test
    void theNewestEntryRemovedIsReported() throws SQLException {
        tamper("DELETE FROM audit_log WHERE sequence = 5");
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("truncated tail: ") && bad.err().contains("the log ends at entry 4: entries 5 were removed"),
                bad.transcript());
    }

    @Test
    void theNewestTwoEntriesRemovedAreReported() throws SQLException {
        tamper("DELETE FROM audit_log WHERE sequence >= 4");
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("the log ends at entry 3: entries 4 to 5 were removed"), bad.transcript());
    }

    @Test
    void everyEntryRemovedIsReported() throws SQLException {
        tamper("DELETE FROM audit_log");
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("the log is empty: entries 1 to 5 were removed"), bad.transcript());
        assertTrue(bad.err().contains("churn 1.1.0 is in the registry (production) but no audit entry records it"), bad.transcript());
    }
}
