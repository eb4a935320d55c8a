package io.pitstop.engine.registry;

import io.pitstop.engine.fault.KillPoint;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageVerifier;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A release (package, register, promote) in a real child JVM is SIGKILLed at each
 * {@link KillPoint} of packaging and of the registry's transactions. Each time: production is still
 * the previous version, no half-written package is visible under its name, no version row or audit
 * entry of the killed transaction remains, and the audit chain verifies. Then the same release,
 * retried, goes through exactly once.
 */
class ReleaseKillTest {

    @TempDir
    Path dir;

    @Test
    void aReleaseKilledWhilePackagingRegisteringOrPromotingLeavesNothingHalfDoneAndTheRetryReleasesOnce()
            throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("pitstop.db");
        PackageKeys keys = new PackageKeys(dir.resolve("keys/signing.key"), dir.resolve("keys/signing.pub"), false);
        Files.createDirectories(dir.resolve("keys"));
        keys.generate();
        assertEquals(0, release(url, "1.0.0", "-", null).waitFor(), "the first release, not killed");
        List<AuditEntry> auditBefore = audit(url);

        for (String point : List.of(KillPoint.PACKAGING, KillPoint.REGISTERING, KillPoint.PROMOTING)) {
            Path marker = dir.resolve("paused-" + point);
            Process child = release(url, "1.1.0", "1.0.0", point + "," + marker);
            waitFor(marker, child, point);
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback code of ours runs
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL at " + point);

            try (SqlRunStore store = SqlRunStore.open(url)) {
                SqlRegistry registry = new SqlRegistry(store);
                assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version(), point);
                if (!point.equals(KillPoint.PROMOTING)) {
                    assertTrue(registry.find("churn", "1.1.0").isEmpty(), "no half-registered 1.1.0 after " + point);
                } else {
                    // Registering committed before the promotion began: 1.1.0 is a whole staging version.
                    assertEquals(Stage.STAGING, registry.find("churn", "1.1.0").orElseThrow().stage());
                }
                assertEquals(List.of(), AuditChain.problems(registry.auditChain()), point);
            }
            for (Path p : publishedPackages()) {
                assertTrue(PackageVerifier.verify(p, keys).ok(), "every package under its own name verifies: " + p);
            }
            if (point.equals(KillPoint.PACKAGING)) {
                assertFalse(Files.exists(dir.resolve("packages/churn-1.1.0")),
                        "a package killed before its signature is not published");
            }
        }

        Process retry = release(url, "1.1.0", "1.0.0", null);
        assertTrue(retry.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, retry.exitValue(), Files.readString(dir.resolve("release-1.1.0.log")));
        try (SqlRunStore store = SqlRunStore.open(url)) {
            SqlRegistry registry = new SqlRegistry(store);
            assertEquals("1.1.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
            assertEquals(Stage.ARCHIVED, registry.find("churn", "1.0.0").orElseThrow().stage());
            assertEquals(2, registry.versions("churn").size());
            List<AuditEntry> after = registry.audit("churn");
            // Exactly one registration of 1.1.0 and one promotion (plus the champion's archiving).
            assertEquals(auditBefore.size() + 3, after.size(), after.toString());
            assertEquals(List.of(), AuditChain.problems(registry.auditChain()));
        }
        assertEquals(List.of(dir.resolve("packages/churn-1.0.0"), dir.resolve("packages/churn-1.1.0")),
                publishedPackages());
    }

    private List<AuditEntry> audit(String url) {
        try (SqlRunStore store = SqlRunStore.open(url)) {
            return new SqlRegistry(store).audit("churn");
        }
    }

    /** Package directories under their own names (hidden temp directories are never read as packages). */
    private List<Path> publishedPackages() throws IOException {
        try (Stream<Path> list = Files.list(dir.resolve("packages"))) {
            return list.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    /** {@code pause} is "point,marker" or null for a release that runs through. */
    private Process release(String url, String version, String champion, String pause) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (pause != null) {
            String[] parts = pause.split(",", 2);
            command.add("-D" + KillPoint.PAUSE_PROPERTY + "=" + parts[0]);
            command.add("-D" + KillPoint.MARKER_PROPERTY + "=" + parts[1]);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReleaseProcess.class.getName(), url,
                dir.toString(), version, champion));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("release-" + version + ".log").toFile()).start();
    }

    private void waitFor(Path marker, Process child, String point) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker)) {
            if (!child.isAlive()) {
                throw new AssertionError("the release ended (exit " + child.exitValue() + ") before reaching " + point
                        + ":\n" + Files.readString(dir.resolve("release-1.1.0.log")));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("the release never reached " + point);
            }
            Thread.sleep(100);
        }
    }
}
