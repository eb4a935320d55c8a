package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.registry.AuditChain;
import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heads file signed with the release key: a project whose state directory holds the key pair (as
 * after its first package) signs every head it appends, and {@code audit verify} trusts a line only
 * with a good signature. Someone who can write the database and the heads file, but not the key, can
 * no longer add or rewrite a line.
 */
class CliAuditHeadSignatureTest {

    @TempDir
    Path dir;
    TestProject project;
    Path heads;

    /** Two releases (5 entries) by a registry opened as the CLI opens it, after the key pair was made. */
    @BeforeEach
    void twoReleasesWithAKey() throws Exception {
        project = TestProject.create(dir);
        var profile = ProfileLoader.load(dir, "local");
        PackageKeys.of(profile).generate();
        heads = dir.resolve(".pitstop/audit/heads");
        try (var store = SqlRunStore.open(profile)) {
            var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
            for (String v : List.of("1.0.0", "1.1.0")) {
                registry.register("churn", v, "run-" + v, "/pk/" + v, "h-" + v, "ci");
                registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
            }
        }
    }

    private List<AuditChain.Link> links() {
        try (var store = SqlRunStore.open(ProfileLoader.load(dir, "local"))) {
            return new SqlRegistry(store).auditChain();
        }
    }

    /** Appends entry 6 with a valid hash, as someone with the database but not the key would. */
    private String forgeEntry6() throws Exception {
        AuditChain.Link last = links().get(4);
        var forged = new AuditEntry(6, Instant.now(), "churn", "1.0.0", Stage.ARCHIVED, Stage.PRODUCTION, "mallory", "forged", null, null);
        String hash = AuditChain.hash(forged, last.entryHash());
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".pitstop/pitstop.db"));
             var s = c.prepareStatement("INSERT INTO audit_log (sequence, at_ms, model, version, from_stage, to_stage, actor, "
                     + "reason, prev_hash, entry_hash) VALUES (6, ?, 'churn', '1.0.0', 'ARCHIVED', 'PRODUCTION', 'mallory', 'forged', ?, ?)")) {
            s.setLong(1, forged.at().toEpochMilli());
            s.setString(2, last.entryHash());
            s.setString(3, hash);
            s.executeUpdate();
        }
        return hash;
    }

    @Test
    void everyHeadIsSignedAndTheIntactLogVerifies() throws Exception {
        List<String> lines = Files.readAllLines(heads);
        assertEquals(5, lines.size());
        lines.forEach(l -> assertTrue(l.matches("\\d+ [0-9a-f]{64} [A-Za-z0-9+/=]{100}"), "signed: " + l));
        CliResult ok = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_OK, ok.exitCode(), ok.transcript());
        assertTrue(ok.out().contains("5 entries, hash chain verified against 5 anchor(s)"), ok.transcript());
        assertTrue(!ok.out().contains("unsigned"), ok.transcript());
    }

    @Test
    void aForgedAppendWithAnUnsignedHeadLineIsStillAForgedAppend() throws Exception {
        String hash = forgeEntry6();
        Files.writeString(heads, "6 " + hash + "\n", StandardOpenOption.APPEND);
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.out().contains("1 unsigned line(s) (line 6) anchor nothing"), bad.transcript());
        assertTrue(bad.err().contains("forged append: entries 6 are anchored nowhere"), bad.transcript());
    }

    @Test
    void aHeadLineWithAnotherLinesSignatureIsBadlySigned() throws Exception {
        String hash = forgeEntry6();
        String copied = Files.readAllLines(heads).get(4).split(" ")[2];
        Files.writeString(heads, "6 " + hash + " " + copied + "\n", StandardOpenOption.APPEND);
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("heads:6: entry 6's head is badly signed (bad signature: the line is not what key "),
                bad.transcript());
        assertTrue(bad.err().contains("forged append: entries 6 are anchored nowhere"), bad.transcript());
    }

    @Test
    void aRewrittenSignedLineIsBadlySigned() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(heads));
        String[] parts = lines.get(2).split(" ");
        lines.set(2, parts[0] + " " + "0".repeat(64) + " " + parts[2]);
        Files.write(heads, lines);
        CliResult bad = project.cli("audit", "verify");
        assertEquals(RunOutcome.EXIT_FAILED, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("heads:3: entry 3's head is badly signed"), bad.transcript());
    }
}
