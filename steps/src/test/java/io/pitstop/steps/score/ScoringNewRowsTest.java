package io.pitstop.steps.score;

import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.InvalidParameterException;
import io.pitstop.engine.step.StepResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pitstop.steps.score.ScoreBatchStepTest.RECENT;
import static io.pitstop.steps.score.ScoreBatchStepTest.TABLE;
import static io.pitstop.steps.score.ScoreBatchStepTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scoring what a nightly job really gets: new customers with no label yet, any number of rows (one
 * included), columns the model never saw, and tables that keep earlier nights' scores (append, merge).
 */
class ScoringNewRowsTest {

    static ScoreBatchStep.Params params(String input, String mode, List<String> carry) {
        return new ScoreBatchStep.Params(input, TABLE, null, null, carry, mode);
    }

    /** Lines {@code from}..{@code to} (1-based data rows) of the Telco CSV, minus {@code drop}, plus a column. */
    static Path newCustomers(ScoringProject p, String name, int from, int to, String drop, String extraColumn)
            throws IOException {
        List<String> lines = Files.readAllLines(p.csv("all-" + name, to));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int dropped = drop == null ? -1 : header.indexOf(drop);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && i < from) continue;
            var cells = new ArrayList<>(List.of(lines.get(i).split(",", -1)));
            if (dropped >= 0) cells.remove(dropped);
            if (extraColumn != null) cells.add(i == 0 ? extraColumn : "x" + (i % 3));
            out.add(String.join(",", cells));
        }
        return Files.write(p.dir.resolve(name), out);
    }

    @Test
    void oneNewCustomerWithoutALabelAndWithAnUnknownColumnIsScoredDespiteTheTrainingRowCountFloor(@TempDir Path dir)
            throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            // The contract declares churn and a training floor of 1000 rows; neither applies to new customers.
            newCustomers(p, "one.csv", 1, 1, "churn", "region");
            StepResult result = new ScoreBatchStep().run(params("one.csv", null, null), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            Dataset<Row> t = table(p, TABLE);
            assertEquals(1, t.count());
            assertEquals("C000001", t.first().getAs("customer_id"));
            assertTrue(List.of(t.columns()).stream().noneMatch(c -> c.equals("churn") || c.equals("region")),
                    List.of(t.columns()).toString());
            // One row cannot judge a null rate or a score distribution: reported as not judged, not failed.
            var monitoring = result.reports().get("monitoring");
            assertTrue(ScoreBatchStepTest.signal(monitoring, "null_rate").path("detail").asText().startsWith("not judged"),
                    monitoring.toString());
        }
    }

    @Test
    void aLabelPresentInTheInputIsNotJudgedEvenWithAValueTrainingWouldRefuse(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            List<String> lines = Files.readAllLines(p.csv("input.csv", 20));
            List<String> changed = new ArrayList<>(List.of(lines.get(0)));
            // churn is the second column; "Unknown" is outside the contract's allowed values.
            for (String line : lines.subList(1, lines.size())) changed.add(line.replaceFirst(",(Yes|No),", ",Unknown,"));
            Files.write(dir.resolve("input.csv"), changed);
            StepResult result = new ScoreBatchStep().run(params("input.csv", null, null), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            assertEquals(20, table(p, TABLE).count());
        }
    }

    @Test
    void aMissingFeatureIsStillRefusedByName(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            newCustomers(p, "no-tenure.csv", 1, 10, "tenure", null);
            Exception e = assertThrows(Exception.class,
                    () -> new ScoreBatchStep().run(params("no-tenure.csv", null, null), p.context("run-1").build()));
            assertTrue(e.getMessage().contains("tenure") && e.getMessage().contains("missing from the header"),
                    e.getMessage());
        }
    }

    @Test
    void carriedColumnsAreCopiedIntoTheTableAfterTheKey(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            newCustomers(p, "input.csv", 1, 30, "churn", "region");
            // contract is also a feature; region is no column of the contract at all (read as a string).
            StepResult result = new ScoreBatchStep().run(params("input.csv", null, List.of("contract", "region")),
                    p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            Dataset<Row> t = table(p, TABLE);
            assertEquals(List.of("customer_id", "contract", "region", "score", "decision"),
                    List.of(t.columns()).subList(0, 5));
            assertEquals(30, t.filter(functions.col("contract").isin("Month-to-month", "One year", "Two year")).count());
            assertEquals(List.of("x0", "x1", "x2"), t.select("region").distinct().orderBy("region")
                    .as(Encoders.STRING()).collectAsList());
        }
    }

    @Test
    void badCarryAndModeValuesAreRefusedAtTheirParameter() {
        var reserved = assertThrows(InvalidParameterException.class, () -> params("in.csv", null, List.of("score")));
        assertTrue(reserved.getMessage().contains("'score' is a column every prediction table has"), reserved.getMessage());
        var twice = assertThrows(InvalidParameterException.class, () -> params("in.csv", null, List.of("a", "a")));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        var mode = assertThrows(InvalidParameterException.class, () -> params("in.csv", "upsert", null));
        assertTrue(mode.getMessage().contains("[replace, append, merge]"), mode.getMessage());
    }

    @Test
    void appendAddsEachNightsRowsOnceAndARetriedRunWritesNothingTwice(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            newCustomers(p, "monday.csv", 1, 40, "churn", null);
            newCustomers(p, "tuesday.csv", 41, 50, "churn", null);
            var step = new ScoreBatchStep();
            assertEquals(StepResult.Outcome.SUCCEEDED,
                    step.run(params("monday.csv", "append", null), p.context("run-mon").build()).outcome());
            StepResult tuesday = step.run(params("tuesday.csv", "append", null), p.context("run-tue").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, tuesday.outcome(), tuesday.message());
            assertTrue(tuesday.message().contains("append"), tuesday.message());
            assertEquals(50, table(p, TABLE).count());
            assertEquals(1, p.tableVersion(TABLE));

            StepResult retried = step.run(params("tuesday.csv", "append", null), p.context("run-tue").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, retried.outcome(), retried.message());
            assertTrue(retried.message().contains("already in"), retried.message());
            assertEquals("1", retried.outputs().get("table_version"));
            assertEquals(50, table(p, TABLE).count(), "the retry appended nothing");
            assertEquals(1, p.tableVersion(TABLE));
        }
    }

    @Test
    void mergeKeepsTheLatestScorePerKeyAndOneRowPerKey(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.release("1.1.0", Stage.STAGING, false, RECENT);
            newCustomers(p, "first.csv", 1, 30, "churn", null);
            newCustomers(p, "second.csv", 21, 40, "churn", null);
            var step = new ScoreBatchStep();
            assertEquals(StepResult.Outcome.SUCCEEDED,
                    step.run(params("first.csv", "merge", null), p.context("run-1").build()).outcome());
            StepResult second = step.run(params("second.csv", "merge", null), p.context("run-2").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, second.outcome(), second.message());

            Dataset<Row> t = table(p, TABLE);
            assertEquals(40, t.count(), "keys 1-40, each once");
            assertEquals(40, t.select("customer_id").distinct().count());
            assertEquals(20, t.filter(functions.col("run_id").equalTo("run-1")).count(), "keys 1-20 kept from run 1");
            assertEquals(20, t.filter(functions.col("run_id").equalTo("run-2")).count(), "keys 21-40 from run 2");
            assertEquals(1, p.tableVersion(TABLE), "one commit per run");
            var history = new DeltaPredictionTables(io.pitstop.steps.TestSpark.session())
                    .history(dir.resolve(TABLE).toString());
            assertEquals("run-2", history.get(0).runId(), "the merge commit carries the run's metadata");
            assertEquals("MERGE", history.get(0).operation());

            StepResult retried = step.run(params("second.csv", "merge", null), p.context("run-2").build());
            assertTrue(retried.message().contains("already in"), retried.message());
            assertEquals(1, p.tableVersion(TABLE));
        }
    }

    @Test
    void appendingRowsOfAnotherShapeIsRefusedAndTheTableStaysAsItWas(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            newCustomers(p, "input.csv", 1, 10, "churn", null);
            var step = new ScoreBatchStep();
            assertEquals(StepResult.Outcome.SUCCEEDED,
                    step.run(params("input.csv", "append", null), p.context("run-1").build()).outcome());
            // A configuration error (exit 2 through the runner): a retry would meet the same table.
            var reshaped = assertThrows(IncompatibleTableException.class,
                    () -> step.run(params("input.csv", "append", List.of("contract")), p.context("run-2").build()));
            assertEquals("mode", reshaped.field());
            assertTrue(reshaped.getMessage().contains("mode append") && reshaped.getMessage().contains("mode: replace"),
                    reshaped.getMessage());
            assertEquals(0, p.tableVersion(TABLE));
            assertEquals(10, table(p, TABLE).count());
            try (var files = Files.list(dir.resolve(TABLE))) {
                assertEquals(1, files.filter(f -> f.toString().endsWith(".parquet")).count(),
                        "the refused run's staged files are deleted");
            }
        }
    }
}
