package io.pitstop.engine.registry;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real JVMs, each having gated against "no champion", promote at the same moment: exactly one
 * wins, the other is refused with a message naming the new production version, and the registry and
 * its hash-chained audit log stay consistent. Both processes open the store through a profile
 * ({@code conf/race.yaml}), as the CLI does; {@link TwoProcessPromotionTest} runs this on an SQLite
 * file, {@link PostgresTwoProcessPromotionTest} on a PostgreSQL server with the credentials in the
 * processes' environment.
 */
abstract class TwoProcessPromotionBehaviour {

    @TempDir
    Path dir;

    /** The {@code store:} section of the profile both processes load. */
    abstract String storeSection();

    /** Environment variables the processes get (the store's credentials, if any). */
    Map<String, String> environment() {
        return Map.of();
    }

    @Test
    void twoProcessesPromotingAtOnceLeaveExactlyOneProductionVersion() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/race.yaml"), "profile: race\n" + storeSection());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment());
        StoreLocation location = StoreLocation.of(ProfileLoader.load(dir, "race"), env);
        try (SqlRunStore setup = SqlRunStore.open(location)) {
            new SqlRegistry(setup).versions("churn"); // migrate once before the race
        }
        Path go = dir.resolve("go");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        for (String v : List.of("1.1.0", "1.2.0")) {
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PromoteProcess.class.getName(), dir.toString(), "race", v, go.toString()).redirectErrorStream(true);
            builder.environment().putAll(environment());
            Process p = builder.start();
            procs.add(p);
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            outs.add(r);
        }
        for (BufferedReader r : outs) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("ready")) { /* JVM start-up noise */ }
        }
        Files.createFile(go);
        List<String> transcripts = new ArrayList<>();
        int winners = 0, losers = 0;
        for (int i = 0; i < 2; i++) {
            StringBuilder t = new StringBuilder();
            for (String line; (line = outs.get(i).readLine()) != null; ) t.append(line).append('\n');
            assertTrue(procs.get(i).waitFor(90, TimeUnit.SECONDS));
            transcripts.add(t.toString());
            if (procs.get(i).exitValue() == 0) winners++;
            else losers++;
        }
        assertEquals(1, winners, transcripts.toString());
        assertEquals(1, losers, transcripts.toString());
        String loser = transcripts.stream().filter(t -> t.startsWith("refused")).findFirst().orElseThrow();
        assertTrue(loser.contains("production is now 1."), loser);

        try (SqlRunStore check = SqlRunStore.open(location)) {
            SqlRegistry r = new SqlRegistry(check);
            long production = r.versions("churn").stream().filter(v -> v.stage() == Stage.PRODUCTION).count();
            assertEquals(1, production);
            assertEquals(List.of(), AuditChain.problems(r.auditChain()));
            assertEquals(3, r.audit("churn").size(), "two registrations and one promotion");
        }
    }
}
