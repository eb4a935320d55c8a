package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two operators run {@code pitstop models rollback churn --expect 1.1.0} at the same moment, each in
 * its own JVM through the real CLI, 20 times over: every time exactly one rolls back (exit 0) and the
 * other changes nothing, exits 4 and is told who won; the audit log records each rollback once and
 * verifies. {@link RollbackRaceTest} runs it on an SQLite file, {@link PostgresRollbackRaceTest} on a
 * PostgreSQL server with the credentials in the processes' environment.
 */
abstract class RollbackRaceBehaviour {

    static final int TRIALS = 20;

    @TempDir
    Path dir;

    /** The {@code store:} section of conf/local.yaml ("" for the embedded default). */
    abstract String storeSection();

    /** Environment variables the processes get (the store's credentials, if any). */
    Map<String, String> environment() {
        return Map.of();
    }

    @Test
    void twoRollbacksAtOnceExactlyOneWinsAndTheOtherIsToldWhoWon() throws Exception {
        TestProject.create(dir);
        Files.writeString(dir.resolve("conf/local.yaml"), "state_dir: .pitstop\n" + storeSection());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment());
        var profile = ProfileLoader.load(dir, "local");
        StoreLocation location = StoreLocation.of(profile, env);
        var keys = PackageKeys.of(profile);
        try (SqlRunStore store = SqlRunStore.open(location)) {
            var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
            for (String v : List.of("1.0.0", "1.1.0")) {
                Path staging = Files.createDirectories(dir.resolve("staging-" + v + "/model"));
                Files.writeString(staging.resolve("network.zip"), "weights " + v);
                var pkg = new PackageWriter(dir.resolve(".pitstop/packages"), keys).write(staging.getParent(),
                        PackageManifest.of("churn", SemVer.parse(v), Instant.EPOCH, Map.of(), null, Map.of()));
                registry.register("churn", v, "run-" + v, pkg.dir().toString(), pkg.manifestSha256(), "ci");
                registry.transition("churn", v, Stage.PRODUCTION, "ci", "gate passed", "run-" + v, null);
            }
        }
        List<String> losers = new ArrayList<>();
        for (int trial = 1; trial <= TRIALS; trial++) {
            List<Process> procs = new ArrayList<>();
            for (String who : List.of("ops-a", "ops-b")) procs.add(rollback(who));
            int won = 0, refused = 0;
            for (Process p : procs) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                if (p.exitValue() == RunOutcome.EXIT_OK) {
                    won++;
                    assertTrue(out.contains("churn 1.0.0 is in production again"), out);
                } else {
                    refused++;
                    assertEquals(RunOutcome.EXIT_CONFLICT, p.exitValue(), out);
                    assertTrue(out.contains("rollback of churn refused: it expected churn 1.1.0 in production, but production is now 1.0.0 (changed by ops-"), out);
                    assertTrue(out.contains("rollback from 1.1.0"), out);
                    losers.add(out);
                }
            }
            assertEquals(1, won, "trial " + trial);
            assertEquals(1, refused, "trial " + trial);
            try (SqlRunStore store = SqlRunStore.open(location)) {
                var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
                assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version(), "trial " + trial);
                // Back to 1.1.0 for the next trial.
                registry.promoteOver("churn", "1.1.0", "1.0.0", "ci", "trial " + trial + " done", null, null);
            }
        }
        assertEquals(TRIALS, losers.size());
        try (SqlRunStore store = SqlRunStore.open(location)) {
            var audit = new SqlRegistry(store).audit("churn");
            // 2 registrations, 2 promotions + 1 archiving, then per trial one rollback (2 entries) and one re-promotion (2).
            assertEquals(5 + TRIALS * 4, audit.size());
            assertEquals(TRIALS, audit.stream().filter(e -> e.to() == Stage.PRODUCTION && e.reason().startsWith("rollback from 1.1.0")).count());
        }
        Process verify = pitstop("audit", "verify");
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
    }

    private Process rollback(String who) throws Exception {
        return pitstop("models", "rollback", "churn", "--expect", "1.1.0", "--actor", who);
    }

    /** The CLI in its own JVM, as the launcher runs it. */
    private Process pitstop(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // short-lived processes: start fast (the test is about the race, not the JIT)
                "-cp", System.getProperty("java.class.path"), PitstopCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--project", dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process p = builder.start();
        p.getOutputStream().close();
        return p;
    }
}
