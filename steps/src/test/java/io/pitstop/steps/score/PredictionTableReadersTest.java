package io.pitstop.steps.score;

import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pitstop.steps.score.ScoreBatchStepTest.RECENT;
import static io.pitstop.steps.score.ScoreBatchStepTest.TABLE;
import static io.pitstop.steps.score.ScoreBatchStepTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prediction table as an analyst's tools see it, read with delta-rs (Python's {@code deltalake}, no JVM;
 * pinned in python/airflow-requirements.txt and installed into .venv by bin/setup-airflow) and pyarrow:
 * the declared schema, NOT NULL key and score, column comments, {@code scored_at} a UTC microsecond
 * timestamp in the Parquet files themselves, the row count, time travel, no {@code .crc} side files, and
 * old files vacuumed by the profile's {@code tables.retention}.
 */
class PredictionTableReadersTest {

    /** Prints, per line: the schema, nullability and comments; the rows now and at version 0; the Parquet type of scored_at. */
    private static final String READER = """
            import sys, json, glob
            from deltalake import DeltaTable, QueryBuilder
            path = sys.argv[1]
            dt = DeltaTable(path)
            fields = json.loads(dt.schema().to_json())["fields"]
            print(json.dumps([[f["name"], f["type"], f["nullable"], f["metadata"].get("comment", "")] for f in fields]))
            def rows(table):
                return QueryBuilder().register("t", table).execute("SELECT count(*) AS n FROM t").read_all().column("n").to_pylist()[0]
            print(dt.version(), rows(dt), rows(DeltaTable(path, version=0)))
            print(len(glob.glob(path + "/*.parquet")))
            print(sorted(dt.file_uris())[0])
            """;

    @Test
    void deltaRsReadsNotNullKeyAndScoreCommentsAUtcMicrosecondTimestampAndTimeTravels(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            p.csv("input.csv", 300);
            p.csv("more.csv", 400);
            var step = new ScoreBatchStep();
            StepResult first = step.run(params("input.csv"), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
            StepResult second = step.run(params("more.csv"), p.context("run-2").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, second.outcome(), second.message());

            List<String> out = read(dir.resolve(TABLE));
            assertEquals("[[\"customer_id\", \"string\", false, \"The key of the scored entity, as in the scoring input; one row per key.\"], "
                    + "[\"score\", \"double\", false, \"The probability of the positive class.\"], "
                    + "[\"decision\", \"boolean\", true, \"Whether the score reaches the model's decision threshold.\"], "
                    + "[\"model_name\", \"string\", true, \"The model that scored the row.\"], "
                    + "[\"model_version\", \"string\", true, \"The release (semver) of the model that scored the row.\"], "
                    + "[\"run_id\", \"string\", true, \"The Pitstop run that scored the row.\"], "
                    + "[\"scored_at\", \"timestamp\", true, \"When the run scored the row, in UTC.\"]]", out.get(0));
            // Version 1 holds the second run's 400 rows; time travel to version 0 gives the first run's 300.
            assertEquals("1 400 300", out.get(1));
            // With the default retention (7d) the first run's files stay for time travel, beside the second's.
            assertTrue(Integer.parseInt(out.get(2)) >= 2, out.toString());
            // In the Parquet files themselves: a microsecond timestamp adjusted to UTC, not Spark's default INT96.
            var file = new org.apache.hadoop.fs.Path(java.net.URI.create(out.get(3)));
            try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, new org.apache.hadoop.conf.Configuration()))) {
                var scoredAt = reader.getFooter().getFileMetaData().getSchema().getType("scored_at").asPrimitiveType();
                assertEquals("INT64", scoredAt.getPrimitiveTypeName().name());
                assertEquals("TIMESTAMP(MICROS,true)", scoredAt.getLogicalTypeAnnotation().toString());
            }
            try (Stream<Path> all = Files.walk(dir.resolve(TABLE))) {
                assertEquals(List.of(), all.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".crc")).toList(),
                        "no .crc side files");
            }
        }
    }

    @Test
    void aShortRetentionVacuumsTheFilesOfOlderVersions(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            p.csv("input.csv", 300);
            var step = new ScoreBatchStep();
            for (String run : List.of("run-1", "run-2")) {
                StepResult r = step.run(params("input.csv"), p.context(run).setting("tables.retention", "0h").build());
                assertEquals(StepResult.Outcome.SUCCEEDED, r.outcome(), r.message());
            }
            try (Stream<Path> all = Files.list(dir.resolve(TABLE))) {
                List<Path> parquet = all.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
                // Only the current version's files are left: a plain Parquet glob counts each key once.
                long rows = 0;
                for (Path f : parquet) {
                    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile
                            .fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new org.apache.hadoop.conf.Configuration()))) {
                        rows += reader.getRecordCount();
                    }
                }
                assertEquals(300, rows, parquet.toString());
            }
            assertEquals(1, p.tableVersion(TABLE), "the vacuum added no version of its own");
        }
    }

    private static List<String> read(Path table) throws Exception {
        Path root = Path.of(System.getProperty("pitstop.home", "..")).toAbsolutePath().normalize();
        // Installs the pinned deltalake into .venv when it is not there yet; returns at once when it is.
        Process setup = new ProcessBuilder(root.resolve("bin/setup-airflow").toString()).directory(root.toFile()).inheritIO().start();
        assertTrue(setup.waitFor(15, TimeUnit.MINUTES) && setup.exitValue() == 0, "bin/setup-airflow failed: it installs deltalake");
        Path python = root.resolve(".venv/bin/python");
        Process proc = new ProcessBuilder(python.toString(), "-c", READER, table.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(2, TimeUnit.MINUTES), "the delta-rs reader timed out");
        assertEquals(0, proc.exitValue(), out);
        assertFalse(out.isBlank());
        return out.lines().toList();
    }
}
