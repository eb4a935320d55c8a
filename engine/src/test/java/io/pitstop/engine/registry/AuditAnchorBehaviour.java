package io.pitstop.engine.registry;

import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tampering someone with write access to the database can do once the append-only triggers are
 * dropped, each caught by {@link AuditVerification} against the heads file the registry keeps outside
 * the database, or by replaying the log against the registry's stages. {@link AuditAnchorTest} runs it
 * on an SQLite file, {@link PostgresAuditAnchorTest} on a PostgreSQL server.
 */
abstract class AuditAnchorBehaviour {

    @TempDir
    Path dir;
    private SqlRunStore store;
    private SqlRegistry registry;
    private AuditHeadFile heads;

    abstract DatabaseUnderTest database();

    @BeforeEach
    void threeReleases() {
        store = SqlRunStore.open(database().newUrl(dir));
        heads = AuditHeadFile.in(dir.resolve("state"));
        registry = new SqlRegistry(store, heads);
        // 8 entries: 3 registrations, 3 promotions, 2 archivings of the champion replaced
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            registry.register("churn", v, "run-" + v, "/pk/churn-" + v, "sha-" + v, "ci");
            registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    private AuditVerification verify() {
        return AuditVerification.of(registry.auditChain(), heads.read().anchors(), registry.allVersions());
    }

    private boolean triggersDropped;

    /** As someone with write access to the database: the append-only triggers dropped first. */
    private void sql(String... statements) throws SQLException {
        try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
            if (!triggersDropped) database().dropAuditLogTriggers(s);
            triggersDropped = true;
            for (String st : statements) s.executeUpdate(st);
        }
    }

    @Test
    void anUntamperedLogPassesAgainstEveryAnchor() {
        AuditVerification v = verify();
        assertEquals(8, v.entries());
        assertEquals(8, v.anchors(), "one heads line per committed entry");
        assertEquals(List.of(), v.problems());
        assertEquals(List.of(), v.notes());
    }

    @Test
    void removingTheNewestEntryIsATruncatedTail() throws SQLException {
        sql("DELETE FROM audit_log WHERE sequence = 8");
        AuditVerification v = verify();
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("truncated tail: ") && p.contains("anchors entry 8")
                && p.contains("the log ends at entry 7: entries 8 were removed")), v.problems().toString());
        // The removed entry promoted 1.2.0: replaying the log says it is still in staging.
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("churn 1.2.0 is production in the registry")), v.problems().toString());
    }

    @Test
    void removingTheNewestTwoEntriesIsATruncatedTail() throws SQLException {
        sql("DELETE FROM audit_log WHERE sequence >= 7");
        AuditVerification v = verify();
        assertTrue(v.problems().stream().anyMatch(p -> p.contains("the log ends at entry 6: entries 7 to 8 were removed")),
                v.problems().toString());
    }

    @Test
    void removingEveryEntryIsATruncatedTail() throws SQLException {
        sql("DELETE FROM audit_log");
        AuditVerification v = verify();
        assertFalse(v.intact());
        assertTrue(v.problems().stream().anyMatch(p -> p.contains("the log is empty: entries 1 to 8 were removed")),
                v.problems().toString());
    }

    @Test
    void aForgedAppendWithAValidHashIsAnchoredNowhere() throws SQLException {
        AuditChain.Head head = registry.auditHead().orElseThrow();
        AuditEntry forged = new AuditEntry(9, java.time.Instant.now(), "churn", "1.0.0", Stage.ARCHIVED, Stage.ARCHIVED,
                "ci", "approved for production", null, null);
        try (Connection c = store.database().connect(); PreparedStatement s = c.prepareStatement("INSERT INTO audit_log "
                + "(sequence, at_ms, model, version, from_stage, to_stage, actor, reason, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            s.setLong(1, 9);
            s.setLong(2, forged.at().toEpochMilli());
            s.setString(3, "churn");
            s.setString(4, "1.0.0");
            s.setString(5, "ARCHIVED");
            s.setString(6, "ARCHIVED");
            s.setString(7, "ci");
            s.setString(8, "approved for production");
            s.setString(9, head.entryHash());
            s.setString(10, AuditChain.hash(forged, head.entryHash()));
            s.executeUpdate();
        }
        assertEquals(List.of(), AuditChain.problems(registry.auditChain()), "the chain alone cannot tell");
        AuditVerification v = verify();
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(v.problems().get(0).startsWith("forged append: entries 9 are anchored nowhere (the newest anchor is entry 8")
                && v.problems().get(0).endsWith("the first entry that disagrees is entry 9"), v.problems().toString());
    }

    @Test
    void aRewrittenHistoryWithRecomputedHashesNamesTheFirstEntryThatDisagrees() throws SQLException {
        sql("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 4");
        // Re-hash from entry 4 on, so that the chain links again.
        String prev = null;
        for (AuditChain.Link l : registry.auditChain()) {
            if (l.entry().sequence() < 4) {
                prev = l.entryHash();
                continue;
            }
            String h = AuditChain.hash(l.entry(), prev);
            sql("UPDATE audit_log SET prev_hash = '" + prev + "', entry_hash = '" + h + "' WHERE sequence = " + l.entry().sequence());
            prev = h;
        }
        assertEquals(List.of(), AuditChain.problems(registry.auditChain()), "the chain alone cannot tell");
        AuditVerification v = verify();
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(v.problems().get(0).startsWith("rewritten history: entry 4 has hash ")
                && v.problems().get(0).endsWith("the first entry that disagrees with an anchor is entry 4"), v.problems().toString());
    }

    @Test
    void aStageChangedWithoutAnEntryIsReported() throws SQLException {
        try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE model_versions SET stage = 'ARCHIVED' WHERE version = '1.2.0'");
            s.executeUpdate("UPDATE model_versions SET stage = 'PRODUCTION' WHERE version = '1.0.0'");
        }
        AuditVerification v = verify();
        assertEquals(List.of(
                "churn 1.0.0 is production in the registry, but the audit log's last entry for it (entry 4) leaves it archived: "
                        + "its stage was changed without an audit entry (or the entry recording the change was removed)",
                "churn 1.2.0 is archived in the registry, but the audit log's last entry for it (entry 8) leaves it production: "
                        + "its stage was changed without an audit entry (or the entry recording the change was removed)"),
                v.problems());
    }

    @Test
    void withoutAnyAnchorTheVerificationSaysWhatItCannotTell() {
        AuditVerification v = AuditVerification.of(registry.auditChain(), List.of(), registry.allVersions());
        assertTrue(v.intact());
        assertTrue(v.notes().get(0).startsWith("no anchor found"), v.notes().toString());
    }
}
