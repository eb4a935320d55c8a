package io.pitstop.steps.score;

import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scoring run in a child JVM is SIGKILLed at each {@link FaultPoint} — mid-scan of the input, once
 * the input is checked, mid-way through the Delta write, just before the commit; each time the
 * analysts' table must still be its previous complete version, and afterwards a new run must commit.
 */
class ScoringFaultsTest {

    static final long ROWS = 1000;

    @Test
    void aRunKilledWhileReadingCheckedWritingOrBeforeTheCommitLeavesThePreviousVersionAndTheNextRunSucceeds(
            @TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, Instant.parse("2026-11-20T00:00:00Z"));
            p.csv("input.csv", (int) ROWS);
            StepResult first = new ScoreBatchStep().run(ScoreBatchStepTest.params("input.csv"), p.context("run-0").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
        }
        Path table = dir.resolve(ScoreBatchStepTest.TABLE);

        // AFTER_COMMIT: the commit landed, see the append and merge test; the erasure's points: ErasureFaultsTest.
        for (FaultPoint point : List.of(FaultPoint.READING, FaultPoint.INPUT_CHECKED, FaultPoint.WRITING, FaultPoint.BEFORE_COMMIT)) {
            long dataFilesBefore = dataFiles(table);
            Path marker = dir.resolve("paused-" + point.id());
            Process child = child(dir, "run-killed-" + point.id(), "-D" + FaultPoint.PAUSE_PROPERTY + "=" + point.id(),
                    "-D" + FaultPoint.MARKER_PROPERTY + "=" + marker);
            waitFor(marker, child, point);
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL at " + point.id());
            if (point == FaultPoint.WRITING) {
                assertTrue(dataFiles(table) > dataFilesBefore,
                        "the kill came while the new version's files were being written");
            }
            assertPreviousVersionIntact(table, point);
        }

        Process next = child(dir, "run-after", "-Dunused=1");
        assertTrue(next.waitFor(300, TimeUnit.SECONDS), "the next run finishes");
        assertEquals(0, next.exitValue(), new String(next.getInputStream().readAllBytes()));
        Dataset<Row> now = read(table);
        assertEquals(ROWS, now.count());
        assertEquals(ROWS, now.filter(functions.col("run_id").equalTo("run-after")).count());
        assertEquals(1, version(table));

        // The killed runs' files are in no version of the log. The next run's VACUUM (7 days by default)
        // keeps them while they are younger than the retention, as it would a concurrent writer's files
        // not committed yet; a VACUUM whose retention they have outlived removes them and keeps every file
        // of the current version.
        List<String> committed = new ArrayList<>(inputFiles(table, 0));
        List<String> current = inputFiles(table, 1);
        committed.addAll(current);
        List<String> uncommitted = parquetFiles(table).stream().filter(f -> !committed.contains(f)).toList();
        assertTrue(!uncommitted.isEmpty(), "the kill while writing left files outside the log");
        assertTrue(new BatchScorer().vacuum(TestSpark.session(), table.toString(),
                new io.pitstop.engine.conf.TableRetention(java.time.Duration.ZERO)));
        assertEquals(current.stream().sorted().toList(), parquetFiles(table), "only the current version's files remain");
        assertEquals(ROWS, read(table).count());
    }

    /** The names of the data files of one version of the table. */
    private static List<String> inputFiles(Path table, long version) {
        return Stream.of(TestSpark.session().read().format("delta").option("versionAsOf", version).load(table.toString())
                .inputFiles()).map(f -> f.substring(f.lastIndexOf('/') + 1)).toList();
    }

    private static List<String> parquetFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList();
        }
    }

    /**
     * Append and merge add to a table, so a kill must neither lose the previous version nor, on the retry
     * of the same run, add its rows twice. Killed while writing or just before the commit, the table stays
     * at version 0; killed just after the commit, the rows are in version 1 and the retry of that run
     * commits nothing more.
     */
    @Test
    void appendAndMergeKilledBeforeOrAfterTheirCommitLandEachRunExactlyOnce(@TempDir Path dir) throws Exception {
        for (String mode : List.of("append", "merge")) {
            Path project = Files.createDirectories(dir.resolve(mode));
            try (var p = new ScoringProject(project)) {
                p.release("1.0.0", Stage.PRODUCTION, false, Instant.parse("2026-11-20T00:00:00Z"));
                p.csv("input.csv", (int) ROWS);
                StepResult first = new ScoreBatchStep().run(
                        new ScoreBatchStep.Params("input.csv", ScoreBatchStepTest.TABLE, null, null, null, mode),
                        p.context("run-0").build());
                assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
            }
            Path table = project.resolve(ScoreBatchStepTest.TABLE);
            for (FaultPoint point : List.of(FaultPoint.WRITING, FaultPoint.BEFORE_COMMIT, FaultPoint.AFTER_COMMIT)) {
                killAt(project, "run-1", point, mode);
                if (point != FaultPoint.AFTER_COMMIT) assertPreviousVersionIntact(table, point);
            }
            assertEquals(1, version(table), mode + ": the run killed after its commit landed once");

            Process retry = scoringChild(project, "run-1", "input.csv", mode);
            assertTrue(retry.waitFor(300, TimeUnit.SECONDS), "the retry finishes");
            String log = Files.readString(project.resolve("run-1.log"));
            assertEquals(0, retry.exitValue(), log);
            assertTrue(log.contains("already in"), log);
            assertEquals(1, version(table), mode + ": the retry committed nothing");
            Dataset<Row> rows = read(table);
            long expected = mode.equals("append") ? 2 * ROWS : ROWS;
            assertEquals(expected, rows.count(), mode);
            assertEquals(ROWS, rows.filter(functions.col("run_id").equalTo("run-1")).count(), mode);
        }
    }

    private static void killAt(Path dir, String runId, FaultPoint point, String mode) throws Exception {
        Path marker = dir.resolve("paused-" + point.id());
        Process child = scoringChild(dir, runId, "input.csv", mode, "-D" + FaultPoint.PAUSE_PROPERTY + "=" + point.id(),
                "-D" + FaultPoint.MARKER_PROPERTY + "=" + marker);
        waitFor(marker, child, point);
        child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), mode + ": killed by SIGKILL at " + point.id());
    }

    private static void assertPreviousVersionIntact(Path table, FaultPoint point) {
        assertEquals(0, version(table), "still version 0 after a kill at " + point.id());
        Dataset<Row> rows = read(table);
        assertEquals(ROWS, rows.count(), point.id());
        assertEquals(ROWS, rows.filter(functions.col("run_id").equalTo("run-0")).count(), "no partial rows: " + point.id());
        assertEquals(ROWS, rows.select("customer_id").distinct().count(), point.id());
    }

    private static Dataset<Row> read(Path table) {
        return TestSpark.session().read().format("delta").load(table.toString());
    }

    private static long version(Path table) {
        return io.delta.tables.DeltaTable.forPath(TestSpark.session(), table.toString())
                .history(1).select("version").first().getLong(0);
    }

    private static long dataFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    private static Process child(Path dir, String runId, String... properties) throws IOException {
        return scoringChild(dir, runId, "input.csv", null, properties);
    }

    private static Process scoringChild(Path dir, String runId, String input, String mode, String... properties)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(dir.toString(), runId, input));
        if (mode != null) args.add(mode);
        return ChildJvm.start(dir.resolve(runId + ".log"), ScoringChild.class, List.of(properties), args.toArray(String[]::new));
    }

    private static void waitFor(Path marker, Process child, FaultPoint point) throws Exception {
        ChildJvm.waitFor(marker, child, point);
    }
}
