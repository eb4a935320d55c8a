package io.pitstop.engine.registry;

import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.testkit.DatabaseUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollback, history at a point in time, compare-and-set promotion and the audit log's hash chain, on
 * every database: {@link RegistryGovernanceTest} (SQLite) and {@link PostgresRegistryGovernanceTest}.
 */
abstract class RegistryGovernanceBehaviour {

    @TempDir
    Path dir;

    /** A clock the test moves by hand, so "which version at 10:30" has one right answer. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private String url;

    abstract DatabaseUnderTest database();

    @BeforeEach
    void freshDatabase() {
        url = database().newUrl(dir);
    }

    private SqlRunStore open() {
        return SqlRunStore.open(url);
    }

    /** 1.0.0 in production at 10:00, 1.1.0 at 11:00, 1.2.0 at 12:00. */
    private static SqlRegistry threeReleases(SqlRunStore store, HandClock clock) {
        SqlRegistry r = new SqlRegistry(store.database(), clock);
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            r.register("churn", v, "run-" + v, "/pk/churn-" + v, "sha-" + v, "ci");
            r.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, "gate-" + v + ".json");
            clock.now = clock.now.plusSeconds(3600);
        }
        return r;
    }

    @Test
    void historyAnswersWhichVersionWasInProductionAtAnyMoment() {
        HandClock clock = new HandClock();
        try (SqlRunStore store = open()) {
            SqlRegistry r = threeReleases(store, clock);
            var audit = r.audit("churn");
            assertTrue(ProductionHistory.at(audit, Instant.parse("2026-11-22T09:59:59Z")).isEmpty());
            assertEquals("1.0.0", ProductionHistory.at(audit, Instant.parse("2026-11-22T10:00:00Z")).orElseThrow().version());
            assertEquals("1.0.0", ProductionHistory.at(audit, Instant.parse("2026-11-22T10:59:59Z")).orElseThrow().version());
            assertEquals("1.1.0", ProductionHistory.at(audit, Instant.parse("2026-11-22T11:30:00Z")).orElseThrow().version());
            assertEquals("1.2.0", ProductionHistory.at(audit, Instant.parse("2027-01-01T00:00:00Z")).orElseThrow().version());
            assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), ProductionHistory.periods(audit).stream().map(ProductionHistory.Period::version).toList());
        }
    }

    @Test
    void rollbackRestoresThePreviousProductionVersionInOneAuditedStep() {
        HandClock clock = new HandClock();
        try (SqlRunStore store = open()) {
            SqlRegistry r = threeReleases(store, clock);
            ModelVersion back = r.rollback("churn", "1.2.0", "alice", "1.2.0 mis-scores new contracts");
            assertEquals("1.1.0", back.version());
            assertEquals("1.1.0", r.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals(Stage.ARCHIVED, r.find("churn", "1.2.0").orElseThrow().stage());
            AuditEntry last = r.audit("churn").get(r.audit("churn").size() - 1);
            assertEquals("alice", last.actor());
            assertTrue(last.reason().startsWith("rollback from 1.2.0"), last.reason());
            // History keeps the truth: 1.2.0 was in production between 12:00 and the rollback.
            assertEquals("1.2.0", ProductionHistory.at(r.audit("churn"), Instant.parse("2026-11-22T12:30:00Z")).orElseThrow().version());
            assertEquals("1.1.0", ProductionHistory.at(r.audit("churn"), clock.now).orElseThrow().version());
        }
    }

    @Test
    void rollbackWithNowhereToGoIsRefusedAndChangesNothing() {
        try (SqlRunStore store = open()) {
            SqlRegistry r = new SqlRegistry(store);
            assertThrows(NothingToRollBackException.class, () -> r.rollback("churn", null, "ci", null));
            r.register("churn", "1.0.0", "r", "/pk/1", "h", "ci");
            r.transition("churn", "1.0.0", Stage.PRODUCTION, "ci", null, "r", null);
            var e = assertThrows(NothingToRollBackException.class, () -> r.rollback("churn", "1.0.0", "ci", null));
            assertTrue(e.getMessage().contains("first version ever in production"), e.getMessage());
            assertEquals("1.0.0", r.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
        }
    }

    @Test
    void everyTransitionIsACompareAndSetOnTheProductionVersionItsCallerSaw() {
        HandClock clock = new HandClock();
        try (SqlRunStore store = open()) {
            SqlRegistry r = threeReleases(store, clock);
            // Two operators saw 1.2.0 in production and both roll it back: the second is refused and told who won.
            r.rollback("churn", "1.2.0", "alice", "bad scores");
            int entries = r.audit("churn").size();
            var e = assertThrows(ProductionChangedException.class, () -> r.rollback("churn", "1.2.0", "bob", "bad scores"));
            assertEquals("rollback of churn refused: it expected churn 1.2.0 in production, but production is now 1.1.0 "
                    + "(changed by alice at " + clock.now + ": 1.1.0 archived -> production, \"rollback from 1.2.0: bad scores\", "
                    + "audit entry 10); nothing changed. See `pitstop models history churn`, then run again if still wanted", e.getMessage());
            assertEquals("1.2.0", e.expected());
            assertEquals("1.1.0", e.actual());
            assertEquals("alice", e.changedBy().actor());
            // Approval, retention's archiving and its package deletion: the same rule.
            assertThrows(ProductionChangedException.class, () -> r.approve("churn", "1.2.0", "1.2.0", "carol"));
            assertThrows(ProductionChangedException.class, () -> r.transitionExpecting("churn", "1.0.0", Stage.ARCHIVED, "1.2.0",
                    "ops", "retention", null, null));
            assertThrows(ProductionChangedException.class, () -> r.recordPackageDeleted("churn", "1.0.0", "1.2.0", "ops"));
            assertEquals(entries, r.audit("churn").size(), "a refused transition leaves no audit entry");
            assertEquals("1.1.0", r.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            r.approve("churn", "1.2.0", "1.1.0", "carol");
            assertEquals(List.of("carol"), r.approvals("churn", "1.2.0"));
        }
    }

    @Test
    void promotionIsACompareAndSetOnTheChampionTheGateSaw() {
        try (SqlRunStore store = open()) {
            SqlRegistry r = new SqlRegistry(store);
            r.register("churn", "1.0.0", "r1", "/pk/1", "h1", "ci");
            r.register("churn", "1.1.0", "r2", "/pk/2", "h2", "ci");
            r.promoteOver("churn", "1.0.0", null, "ci", "first", "r1", null);
            // The gate of run r2 saw no champion, but 1.0.0 went to production meanwhile.
            var e = assertThrows(ChampionChangedException.class, () -> r.promoteOver("churn", "1.1.0", null, "ci", "x", "r2", null));
            assertTrue(e.getMessage().contains("production is now 1.0.0"), e.getMessage());
            assertEquals("1.0.0", r.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals(Stage.PRODUCTION, r.promoteOver("churn", "1.1.0", "1.0.0", "ci", "x", "r2", null).stage());
        }
    }

    @Test
    void theHashChainDetectsAnEditedARemovedAndAReorderedEntry() throws Exception {
        HandClock clock = new HandClock();
        try (SqlRunStore store = open()) {
            SqlRegistry r = threeReleases(store, clock);
            assertEquals(List.of(), AuditChain.problems(r.auditChain()));
            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                // Someone with the database file drops the append-only triggers and edits history.
                database().dropAuditLogTriggers(s);
                s.executeUpdate("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 2");
            }
            List<String> edited = AuditChain.problems(r.auditChain());
            assertEquals(1, edited.size(), edited.toString());
            assertTrue(edited.get(0).startsWith("entry 2: its content does not match its hash"), edited.toString());

            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE audit_log SET actor = 'ci' WHERE sequence = 2");
                s.executeUpdate("DELETE FROM audit_log WHERE sequence = 3");
            }
            List<String> removed = AuditChain.problems(r.auditChain());
            assertTrue(removed.stream().anyMatch(p -> p.startsWith("entry 4: expected entry 3")), removed.toString());
            assertTrue(removed.stream().anyMatch(p -> p.contains("does not link to the entry before it")), removed.toString());

            try (Connection c = store.database().connect(); Statement s = c.createStatement()) {
                // Swap the sequence numbers of two entries (a reorder).
                s.executeUpdate("UPDATE audit_log SET sequence = -5 WHERE sequence = 5");
                s.executeUpdate("UPDATE audit_log SET sequence = 5 WHERE sequence = 6");
                s.executeUpdate("UPDATE audit_log SET sequence = 6 WHERE sequence = -5");
            }
            assertTrue(AuditChain.problems(r.auditChain()).stream().anyMatch(p -> p.startsWith("entry 5:")));
        }
    }
}
