package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.lineage.ReleaseTag;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.registry.AuditAnchors;
import io.pitstop.engine.registry.AuditChain;
import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pitstop audit verify} against the anchors a release leaves outside the database: the signed
 * package manifest and the annotated release tag. The heads file is deleted before each tampering, as
 * someone who can write the state directory would: the packages and tags still catch it.
 */
class CliAuditAnchorsTest {

    @TempDir
    Path dir;
    TestProject project;
    String commit;

    /** Two releases as the package and promote steps make them: 5 entries; manifest of 1.1.0 anchors entry 2, the tags entries 1 and 3. */
    @BeforeEach
    void twoReleasesInAGitProject() throws Exception {
        project = TestProject.create(dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("conf").call();
            commit = git.commit().setMessage("project").setAuthor("t", "t@x").setCommitter("t", "t@x").call().name();
        }
        var profile = ProfileLoader.load(dir, "local");
        var keys = PackageKeys.of(profile);
        try (var store = SqlRunStore.open(profile)) {
            var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
            for (String v : List.of("1.0.0", "1.1.0")) {
                Path staging = Files.createDirectories(dir.resolve("staging-" + v + "/model"));
                Files.writeString(staging.resolve("network.zip"), "weights " + v);
                var pkg = new PackageWriter(dir.resolve(".pitstop/packages"), keys).write(staging.getParent(),
                        PackageManifest.of("churn", SemVer.parse(v), Instant.EPOCH, lineage(registry), null, Map.of()));
                registry.register("churn", v, "run-" + v, pkg.dir().toString(), pkg.manifestSha256(), "ci");
                ReleaseTag.tag(dir, "churn", v, commit, "churn " + v + " released by run run-" + v
                        + AuditAnchors.tagLine(registry.auditHead()), "ci");
                registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
            }
        }
    }

    /** The manifest's lineage as the package step writes it: the commit built from and the audit head. */
    private Map<String, String> lineage(SqlRegistry registry) {
        Map<String, String> lineage = new java.util.TreeMap<>(AuditAnchors.manifestFields(registry.auditHead()));
        lineage.put("git.commit", commit);
        return lineage;
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"));
    }

    private void tamper(String... sql) throws Exception {
        Files.delete(dir.resolve(".pitstop/audit/heads"));
        try (var c = db(); var s = c.createStatement()) {
            s.executeUpdate("DROP TRIGGER audit_log_no_delete");
            s.executeUpdate("DROP TRIGGER audit_log_no_update");
            for (String st : sql) s.executeUpdate(st);
        }
    }

    @Test
    void theUntamperedLogAgreesWithTheHeadsFileTheManifestAndTheTags() {
        CliResult ok = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        assertTrue(ok.out().contains("5 entries, hash chain verified against 8 anchor(s)"), ok.transcript());
    }

    @Test
    void aDamagedPackageAnchorsNothingAndIsNamed() throws Exception {
        Files.writeString(dir.resolve(".pitstop/packages/churn-1.1.0/model/network.zip"), "weights 1.1.X");
        CliResult r = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("note  the package of churn 1.1.0 was not read, its anchor not checked: "), r.transcript());
        // Its tag neither: what it was built from is unknown (the test registered it from no run record).
        assertTrue(r.out().contains("note  tag model/churn/v1.1.0 is not an anchor: the commit churn 1.1.0 was built from is not known"),
                r.transcript());
        assertTrue(r.out().contains("5 entries, hash chain verified against 6 anchor(s)"), "two anchors fewer: " + r.transcript());
    }

    @Test
    void anEmptiedLogIsATruncatedTailByTheManifestAndTheTag() throws Exception {
        tamper("DELETE FROM audit_log");
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("truncated tail: tag model/churn/v1.1.0 anchors entry 3"), bad.transcript());
        assertTrue(bad.err().contains("truncated tail: the manifest of churn 1.1.0 anchors entry 2"), bad.transcript());
    }

    @Test
    void aRecomputedHistoryDisagreesWithTheSignedManifest() throws Exception {
        tamper("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 2");
        // Re-hash from entry 2 on, so that the chain links again.
        List<AuditChain.Link> links = readLinks();
        String prev = links.get(0).entryHash();
        try (var c = db(); var s = c.createStatement()) {
            for (AuditChain.Link l : links.subList(1, links.size())) {
                String h = AuditChain.hash(l.entry(), prev);
                s.executeUpdate("UPDATE audit_log SET prev_hash = '" + prev + "', entry_hash = '" + h + "' WHERE sequence = "
                        + l.entry().sequence());
                prev = h;
            }
        }
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("rewritten history: entry 2 has hash ") && bad.err().contains("the manifest of churn 1.1.0 recorded")
                && bad.err().contains("the first entry that disagrees with an anchor is entry 2"), bad.transcript());
        assertTrue(bad.err().contains("rewritten history: entry 3 has hash "), "the later tag disagrees too: " + bad.transcript());
    }

    @Test
    void aForgedAppendIsAfterTheNewestAnchor() throws Exception {
        tamper();
        List<AuditChain.Link> links = readLinks();
        AuditChain.Link last = links.get(links.size() - 1);
        var forged = new AuditEntry(6, Instant.now(), "churn", "1.1.0", Stage.PRODUCTION, Stage.PRODUCTION, "mallory",
                "approved for production", null, null);
        try (var c = db(); var s = c.prepareStatement("INSERT INTO audit_log (sequence, at_ms, model, version, from_stage, "
                + "to_stage, actor, reason, prev_hash, entry_hash) VALUES (6, ?, 'churn', '1.1.0', 'PRODUCTION', 'PRODUCTION', "
                + "'mallory', 'approved for production', ?, ?)")) {
            s.setLong(1, forged.at().toEpochMilli());
            s.setString(2, last.entryHash());
            s.setString(3, AuditChain.hash(forged, last.entryHash()));
            s.executeUpdate();
        }
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("forged append: entries 4 to 6 are anchored nowhere (the newest anchor is entry 3, "
                + "tag model/churn/v1.1.0)"), bad.transcript());
    }

    /**
     * Tags Pitstop did not make are no anchors, whatever their message says: one for a version never
     * registered, a lightweight one, and one for a registered version that points at another commit
     * (a tag from another clone). Each is listed with its reason, and the log verifies.
     */
    @Test
    void aTagPitstopDidNotMakeIsListedAsNotAnAnchorNeverAsTamper() throws Exception {
        String bogus = "audit-head: 3 " + "ab".repeat(32);
        String other;
        try (Git git = Git.open(dir.toFile())) {
            var head = git.getRepository().parseCommit(git.getRepository().resolve("HEAD"));
            git.tag().setName("model/churn/v9.0.0").setObjectId(head).setAnnotated(true)
                    .setMessage("made by hand\n\n" + bogus).call();
            git.tag().setName("model/churn/v0.0.1").setObjectId(head).setAnnotated(false).call();
            Files.writeString(dir.resolve("conf/other.txt"), "another commit");
            git.add().addFilepattern("conf").call();
            other = git.commit().setMessage("other").setAuthor("t", "t@x").setCommitter("t", "t@x").call().name();
        }
        var profile = ProfileLoader.load(dir, "local");
        try (var store = SqlRunStore.open(profile)) {
            var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
            Path staging = Files.createDirectories(dir.resolve("staging-1.2.0/model"));
            Files.writeString(staging.resolve("network.zip"), "weights 1.2.0");
            var pkg = new PackageWriter(dir.resolve(".pitstop/packages"), PackageKeys.of(profile)).write(staging.getParent(),
                    PackageManifest.of("churn", SemVer.parse("1.2.0"), Instant.EPOCH, lineage(registry), null, Map.of()));
            registry.register("churn", "1.2.0", "run-1.2.0", pkg.dir().toString(), pkg.manifestSha256(), "ci");
        }
        ReleaseTag.tag(dir, "churn", "1.2.0", other, "churn 1.2.0 released by run run-1.2.0\n\n" + bogus, "someone");

        CliResult r = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("note  tag model/churn/v9.0.0 is not an anchor: churn 9.0.0 is not registered"), r.transcript());
        assertTrue(r.out().contains("note  tag model/churn/v0.0.1 is not an anchor: churn 0.0.1 is not registered"), r.transcript());
        assertTrue(r.out().contains("note  tag model/churn/v1.2.0 is not an anchor: it points at commit " + other.substring(0, 12)
                + ", but churn 1.2.0 was built from " + commit.substring(0, 12)), r.transcript());
        assertTrue(r.out().contains("6 entries, hash chain verified against 10 anchor(s)"), "heads 6, manifests 2, tags 2: " + r.transcript());
    }

    /** A tag that is Pitstop's (registered version, its commit, its run) but disagrees with the chain is tamper. */
    @Test
    void aReleaseTagThatDisagreesWithTheChainIsTamper() throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            git.tagDelete().setTags("model/churn/v1.0.0").call();
        }
        ReleaseTag.tag(dir, "churn", "1.0.0", commit, "churn 1.0.0 released by run run-1.0.0\n\naudit-head: 1 " + "cd".repeat(32), "ci");
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("rewritten history: entry 1 has hash ") && bad.err().contains("but tag model/churn/v1.0.0 recorded cdcdcdcdcdcd"),
                bad.transcript());
    }

    /** A tag naming another run than the one the registry says released the version came from another pipeline. */
    @Test
    void aTagReleasedByAnotherRunIsNotAnAnchor() throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            git.tagDelete().setTags("model/churn/v1.0.0").call();
        }
        ReleaseTag.tag(dir, "churn", "1.0.0", commit, "churn 1.0.0 released by run elsewhere-7\n\naudit-head: 1 " + "cd".repeat(32), "ci");
        CliResult r = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("note  tag model/churn/v1.0.0 is not an anchor: it was released by run elsewhere-7, "
                + "but the registry's churn 1.0.0 was registered by run run-1.0.0"), r.transcript());
    }

    /** Every condition must hold: a tag whose message does not say which run released it is not an anchor. */
    @Test
    void aTagWithoutItsReleasedByRunLineIsNotAnAnchor() throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            git.tagDelete().setTags("model/churn/v1.0.0").call();
        }
        ReleaseTag.tag(dir, "churn", "1.0.0", commit, "churn 1.0.0\n\naudit-head: 1 " + "cd".repeat(32), "ci");
        CliResult r = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("note  tag model/churn/v1.0.0 is not an anchor: its message has no 'released by run"
                + " <id>' line"), r.transcript());
    }

    private List<AuditChain.Link> readLinks() {
        try (var store = SqlRunStore.open(ProfileLoader.load(dir, "local"))) {
            return new SqlRegistry(store).auditChain();
        }
    }
}
