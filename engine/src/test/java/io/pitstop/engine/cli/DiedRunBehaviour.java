package io.pitstop.engine.cli;

import io.pitstop.engine.fault.KillPoint;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.testkit.PauseStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code pitstop run} in a child JVM is SIGKILLed in the middle of a step. While it lives,
 * {@code runs list} shows it RUNNING; once it is dead, {@code runs list} and {@code runs show} show it
 * DIED, naming the dead process and when that was seen, its interrupted step FAILED; and
 * {@code resume} finishes it as it would a failed run. Subclasses pick the store (SQLite, PostgreSQL).
 */
abstract class DiedRunBehaviour {

    static final String PIPELINE = """
            pipeline: p
            model: { name: m }
            steps:
              - id: first
                uses: testkit.write
                with: { text: "a" }
              - id: pause
                uses: testkit.pause
                needs: [first]
            """;

    @TempDir
    Path dir;

    /** The {@code store:} section of the project's profile. */
    abstract String storeSection();

    @Test
    void aKilledRunShowsDiedNotRunningAndResumesLikeAFailedOne() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.writeString(dir.resolve("conf/local.yaml"), "state_dir: .pitstop\n" + storeSection());
        String pipeline = project.pipeline("p.yaml", PIPELINE);
        Path marker = dir.resolve("paused");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + KillPoint.PAUSE_PROPERTY + "=" + PauseStep.POINT, "-D" + KillPoint.MARKER_PROPERTY + "=" + marker,
                "-cp", System.getProperty("java.class.path"), PitstopCli.class.getName(),
                "run", pipeline, "--project", dir.toString()));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitFor(marker, child, log);
            CliResult live = project.cli("runs", "list");
            String runId = runLine(live, "RUNNING").split("\\s+")[0];

            child.destroyForcibly(); // SIGKILL: nothing of ours runs, the run row stays RUNNING
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), Files.readString(log));

            CliResult list = project.cli("runs", "list");
            assertTrue(runLine(list, "DIED").startsWith(runId), list.transcript());
            CliResult show = project.cli("runs", "show", runId);
            assertEquals(RunOutcome.EXIT_OK, show.exitCode(), show.transcript());
            assertTrue(show.out().contains("status    DIED: died: process " + child.pid() + " on "), show.transcript());
            assertTrue(show.out().contains(" is gone; seen at "), show.transcript());
            assertTrue(show.out().lines().anyMatch(l -> l.contains("pause") && l.contains("FAILED")), show.transcript());

            CliResult resumed = project.cli("resume", runId);
            assertEquals(RunOutcome.EXIT_OK, resumed.exitCode(), resumed.transcript());
            assertTrue(runLine(project.cli("runs", "list"), "SUCCEEDED").startsWith(runId));
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * A scheduler runs one step per process: between two step tasks no process holds the run, and the
     * ended process of the first task is no sign of a dead run.
     */
    @Test
    void aRunBetweenTwoStepTasksOfASchedulerStaysRunning() throws Exception {
        TestProject project = TestProject.create(dir);
        Files.writeString(dir.resolve("conf/local.yaml"), "state_dir: .pitstop\n" + storeSection());
        String pipeline = project.pipeline("p.yaml", PIPELINE);
        Process task = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PitstopCli.class.getName(),
                "step", pipeline, "first", "--run-id", "r-scheduled", "--project", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("task.log").toFile()).start();
        assertTrue(task.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, task.exitValue(), Files.readString(dir.resolve("task.log")));
        assertTrue(runLine(project.cli("runs", "list"), "RUNNING").startsWith("r-scheduled"));
    }

    /** The one line of {@code runs list} with this status; fails when there is none or several. */
    private static String runLine(CliResult list, String status) {
        assertEquals(RunOutcome.EXIT_OK, list.exitCode(), list.transcript());
        List<String> lines = list.out().lines().filter(l -> l.matches("r\\S+\\s+p\\s+" + status + "\\s.*")).toList();
        assertEquals(1, lines.size(), "one " + status + " run:\n" + list.transcript());
        return lines.get(0);
    }

    private static void waitFor(Path marker, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker)) {
            if (!child.isAlive()) {
                throw new AssertionError("the run ended (exit " + child.exitValue() + ") before pausing:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) throw new AssertionError("the run never paused:\n" + Files.readString(log));
            Thread.sleep(100);
        }
    }
}
