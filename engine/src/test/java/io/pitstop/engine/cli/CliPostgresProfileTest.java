package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StoreLocation;
import io.pitstop.engine.testkit.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code conf/postgres.yaml}, pointed at a real PostgreSQL server started for this
 * JVM, used by the CLI: the credentials come from the environment of the pitstop process, and a
 * missing variable is bad input named by the variable.
 */
@Tag("postgres")
class CliPostgresProfileTest {

    private static final String EXAMPLE_URL = "jdbc:postgresql://localhost:5432/pitstop";

    @TempDir
    Path dir;

    @Test
    void theExampleProfileRunsTheCliOnPostgresWithCredentialsFromTheEnvironment() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("pitstop.home"), "conf", "postgres.yaml"));
        assertTrue(example.contains("user: ${PITSTOP_DB_USER}") && example.contains("password: ${PITSTOP_DB_PASSWORD}"),
                "the example takes its credentials from the environment:\n" + example);
        assertTrue(example.contains("url: " + EXAMPLE_URL), example);
        PostgresServer server = PostgresServer.shared();
        String database = server.newDatabase();
        TestProject project = TestProject.create(dir);
        String pipeline = project.pipeline(false);
        Files.writeString(dir.resolve("conf/postgres.yaml"), example.replace(EXAMPLE_URL, server.url(database)));
        Map<String, String> env = Map.of("PITSTOP_DB_USER", PostgresServer.USER, "PITSTOP_DB_PASSWORD", server.password());

        try (SqlRunStore store = SqlRunStore.open(StoreLocation.of(ProfileLoader.load(dir, "postgres"), env))) {
            var registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r1", "/pk/churn-1.0.0", "h1", "ci");
            registry.promoteOver("churn", "1.0.0", null, "ci", "first model", "r1", null);
        }

        Child run = pitstop(env, "run", pipeline, "--profile", "postgres");
        assertEquals(0, run.exit(), run.output());
        Child again = pitstop(env, "run", pipeline, "--profile", "postgres");
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("cached"), "the second run finds the first one's steps in PostgreSQL:\n" + again.output());
        try (SqlRunStore store = SqlRunStore.open(StoreLocation.of(ProfileLoader.load(dir, "postgres"), env))) {
            assertEquals(2, store.listRuns(10).size());
        }

        Child models = pitstop(env, "models", "list", "churn", "--profile", "postgres");
        assertEquals(0, models.exit(), models.output());
        assertTrue(models.output().contains("1.0.0") && models.output().contains("PRODUCTION"), models.output());
        Child audit = pitstop(env, "audit", "verify", "--profile", "postgres");
        assertEquals(0, audit.exit(), audit.output());
        assertFalse(models.output().contains(server.password()) || audit.output().contains(server.password()));
    }

    @Test
    void anUnsetCredentialVariableIsBadInputThatNamesIt() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("pitstop.home"), "conf", "postgres.yaml"));
        TestProject project = TestProject.create(dir);
        Files.writeString(dir.resolve("conf/postgres.yaml"), example);
        // This JVM's environment (as CI runs it) has no PITSTOP_DB_USER: the store is never contacted.
        assertEquals(null, System.getenv("PITSTOP_DB_USER"), "this test needs PITSTOP_DB_USER unset");
        CliResult r = project.cli("runs", "list", "--profile", "postgres");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("store.user names the environment variable PITSTOP_DB_USER, which is not set"), r.transcript());
    }

    private record Child(int exit, String output) {
    }

    /** Runs the CLI in its own JVM, as the launcher does, with extra environment variables. */
    private Child pitstop(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PitstopCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--project", dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args));
        return new Child(p.exitValue(), out);
    }
}
