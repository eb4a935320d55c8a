package io.pitstop.engine.registry;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on a real registry whose clock the test moves: old staging versions are archived, old
 * archived packages deleted, and nothing that is or was in production within the window loses its
 * package, whatever its age.
 */
class RetentionTest {

    @TempDir
    Path dir;

    /** A clock the test sets; the registry stamps every row and audit entry with it. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advanceDays(long days) {
            now = now.plus(Duration.ofDays(days));
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The local package store; retention deletes through it. */
    private PackageStore packages() {
        return PackageStore.of(new Profile("test", dir, Map.of()));
    }

    @Test
    void oldVersionsLeaveStagingAndOldArchivedPackagesGoButNothingRecentlyInProductionLosesItsPackage()
            throws Exception {
        TestClock clock = new TestClock();
        RetentionPolicy policy = new RetentionPolicy(2, Duration.ofDays(30));
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            SqlRegistry registry = new SqlRegistry(store.database(), clock);
            // Day 0: 1.0.0 in production. Day 1: 1.1.0 replaces it. Days 2-3: 1.2.0 and 1.3.0 stay in staging.
            release(registry, "1.0.0", true);
            clock.advanceDays(1);
            release(registry, "1.1.0", true);
            clock.advanceDays(1);
            release(registry, "1.2.0", false);
            clock.advanceDays(1);
            release(registry, "1.3.0", false);
            clock.advanceDays(1);
            release(registry, "1.4.0", false);

            // Day 4: 1.2.0 is staging and older than the newest two: archived. 1.0.0 left production on day 1,
            // within the 30-day window: its package stays. 1.1.0 is in production: kept.
            var plan = plan(policy, registry, clock);
            assertEquals(List.of("1.2.0"), versions(plan.archive()));
            assertEquals(List.of(), versions(plan.deletePackages()));
            assertTrue(plan.kept().stream().anyMatch(k -> k.startsWith("1.1.0: in production")), plan.kept().toString());
            assertTrue(plan.kept().stream().anyMatch(k -> k.startsWith("1.0.0: in production until 2026-01-02")),
                    plan.kept().toString());
            Retention.apply(registry, plan, "ops", policy.keepVersions(), packages(), "1.1.0");
            assertEquals(Stage.ARCHIVED, registry.find("churn", "1.2.0").orElseThrow().stage());
            assertTrue(Files.exists(pkg("1.2.0")), "archived today: its package stays a whole window");

            // Day 40: 1.0.0 left production 39 days ago: its package goes (the zip too). 1.2.0 was archived
            // 36 days ago: its package goes. 1.1.0 is still in production, 39 days old: it stays.
            clock.advanceDays(36);
            plan = plan(policy, registry, clock);
            assertEquals(List.of("1.2.0", "1.0.0"), versions(plan.deletePackages()));
            Retention.apply(registry, plan, "ops", policy.keepVersions(), packages(), "1.1.0");
            assertFalse(Files.exists(pkg("1.0.0")));
            assertFalse(Files.exists(dir.resolve("packages/churn-1.0.0.zip")));
            assertFalse(Files.exists(pkg("1.2.0")));
            for (String kept : List.of("1.1.0", "1.3.0", "1.4.0")) assertTrue(Files.exists(pkg(kept)), kept);

            // The rows and the history stay; each deletion is audited once and the chain verifies.
            assertEquals(5, registry.versions("churn").size());
            assertEquals("1.0.0", ProductionHistory.at(registry.audit("churn"), Instant.parse("2026-01-01T12:00:00Z"))
                    .orElseThrow().version());
            assertEquals(2, registry.audit("churn").stream()
                    .filter(e -> RetentionPolicy.PACKAGE_DELETED.equals(e.reason())).count());
            assertEquals(List.of(), AuditChain.problems(registry.auditChain()));

            // A second pass finds nothing left to do.
            plan = plan(policy, registry, clock);
            assertEquals(List.of(), plan.archive());
            assertEquals(List.of(), plan.deletePackages());
        }
    }

    @Test
    void aVersionRolledBackIntoProductionWithinTheWindowKeepsItsPackageHoweverOld() throws Exception {
        TestClock clock = new TestClock();
        RetentionPolicy policy = new RetentionPolicy(1, Duration.ofDays(30));
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            SqlRegistry registry = new SqlRegistry(store.database(), clock);
            release(registry, "1.0.0", true);
            clock.advanceDays(100);
            release(registry, "1.1.0", true);
            clock.advanceDays(10);
            registry.rollback("churn", "1.1.0", "ops", "bad predictions"); // 1.0.0 back on day 110
            clock.advanceDays(5);
            release(registry, "1.2.0", true);                     // and replaced again on day 115
            clock.advanceDays(20);
            var plan = plan(policy, registry, clock);
            // 1.0.0 was created 135 days ago but left production 20 days ago: within the window.
            assertEquals(List.of(), versions(plan.deletePackages()));
            assertTrue(plan.kept().stream().anyMatch(k -> k.startsWith("1.0.0: in production until")), plan.kept().toString());
        }
    }

    @Test
    void theRuleComesFromTheProfileAndBadValuesNameTheKey() {
        assertTrue(RetentionPolicy.of(profile(Map.of())).isEmpty(), "no rule: nothing is ever pruned");
        assertEquals(new RetentionPolicy(5, Duration.ofDays(90)), RetentionPolicy.of(profile(Map.of(
                RetentionPolicy.KEEP_VERSIONS, "5", RetentionPolicy.WINDOW_DAYS, "90"))).orElseThrow());
        var e = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.of(profile(Map.of(
                RetentionPolicy.KEEP_VERSIONS, "five", RetentionPolicy.WINDOW_DAYS, "90"))));
        assertTrue(e.getMessage().contains("governance.retention.keep_versions must be a whole number, was 'five'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.of(profile(Map.of(
                RetentionPolicy.KEEP_VERSIONS, "5"))));
        assertTrue(e.getMessage().contains("needs both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.of(profile(Map.of(
                RetentionPolicy.KEEP_VERSIONS, "0", RetentionPolicy.WINDOW_DAYS, "90"))));
        assertTrue(e.getMessage().contains("keep_versions must be >= 1"), e.getMessage());
    }

    @Test
    void onlyAnArchivedVersionsPackageCanBeRecordedAsDeleted() {
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r", "/pk", "h", "ci");
            assertThrows(IllegalTransitionException.class, () -> registry.recordPackageDeleted("churn", "1.0.0", null, "ops"));
        }
    }

    @Test
    void anErasureEntryMovesNoStageAndDoesNotHideAnEarlierPackageDeletion() throws Exception {
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            SqlRegistry registry = new SqlRegistry(store);
            release(registry, "1.0.0", true);
            release(registry, "1.1.0", true);
            registry.recordPackageDeleted("churn", "1.0.0", "1.1.0", "ops");
            var periods = ProductionHistory.periods(registry.audit("churn"));
            registry.recordErasure("churn", "1.0.0", "dpo", "predictions erased: 1 key requested", "/tables/p");
            registry.recordErasure("churn", "1.1.0", "dpo", "predictions erased: 1 key requested", "/tables/p");
            AuditEntry last = registry.audit("churn").get(registry.audit("churn").size() - 1);
            assertEquals(Stage.PRODUCTION, last.from());
            assertEquals(Stage.PRODUCTION, last.to());
            assertEquals(periods, ProductionHistory.periods(registry.audit("churn")), "an erasure is no production move");
            assertEquals(List.of(), StageReplay.problems(registry.audit("churn"), registry.allVersions()));
            assertEquals(List.of(), AuditChain.problems(registry.auditChain()));
            // Retention looks past the erasure entry: the package deletion is not recorded twice.
            var v = registry.find("churn", "1.0.0").orElseThrow();
            Retention.apply(registry, new RetentionPolicy.RetentionPlan(List.of(), List.of(v), List.of()), "ops", 2,
                    packages(), "1.1.0");
            assertEquals(1, registry.audit("churn").stream()
                    .filter(e -> RetentionPolicy.PACKAGE_DELETED.equals(e.reason())).count());
            assertThrows(UnknownVersionException.class,
                    () -> registry.recordErasure("churn", "9.9.9", "dpo", "predictions erased", "/tables/p"));
        }
    }

    private Profile profile(Map<String, String> settings) {
        return new Profile("test", dir, settings);
    }

    private RetentionPolicy.RetentionPlan plan(RetentionPolicy policy, SqlRegistry registry, TestClock clock) {
        return policy.plan(registry.versions("churn"), registry.audit("churn"), clock.instant(),
                v -> packages().exists(v.packagePath()));
    }

    private void release(SqlRegistry registry, String version, boolean promote) throws Exception {
        Path pkg = Files.createDirectories(pkg(version));
        Files.writeString(pkg.resolve("manifest.json"), "{}");
        Files.writeString(dir.resolve("packages/churn-" + version + ".zip"), "zip");
        registry.register("churn", version, "run-" + version, pkg.toString(), "h-" + version, "ci");
        if (promote) registry.transition("churn", version, Stage.PRODUCTION, "ci", "gate passed", "run-" + version, null);
    }

    private Path pkg(String version) {
        return dir.resolve("packages/churn-" + version);
    }

    private static List<String> versions(List<ModelVersion> versions) {
        return versions.stream().map(ModelVersion::version).toList();
    }
}
