package io.pitstop.steps.outcomes;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code outcomes.join} on real Delta tables written the way scoring writes them (one commit per run, the
 * run in the commit's userMetadata): a replace that drops a key, so its earlier score lives only in an older
 * version, and string, integer, partial and tiny outcome files.
 */
class OutcomesJoinStepTest {

    private static final String CONTRACT = """
            dataset: churn_outcomes
            columns:
              - { name: customer_id, type: string, nullable: false }
              - { name: churn, type: string, nullable: false }
              - { name: known_at, type: timestamp, nullable: false }
            checks:
              - { kind: allowed_values, column: churn, values: ["Yes", "No"] }
            """;

    private static final StructType PREDICTIONS = new StructType()
            .add("customer_id", DataTypes.StringType).add("contract", DataTypes.StringType)
            .add("score", DataTypes.DoubleType).add("decision", DataTypes.BooleanType)
            .add("model_name", DataTypes.StringType).add("model_version", DataTypes.StringType)
            .add("run_id", DataTypes.StringType).add("scored_at", DataTypes.TimestampType);

    private final SparkSession spark = TestSpark.session();

    /** One scoring run's commit: every row scored by {@code version} at {@code at}, replacing the table. */
    private void score(Path project, String runId, String version, String at, Map<String, Double> scores) {
        var rows = new ArrayList<Row>();
        scores.forEach((key, score) -> rows.add(RowFactory.create(key, key.compareTo("C") < 0 ? "Month-to-month" : "Two year",
                score, score >= 0.5, "churn", version, runId, Timestamp.from(Instant.parse(at)))));
        spark.createDataFrame(rows, PREDICTIONS).write().format("delta").mode("overwrite")
                .option("userMetadata", "{\"run_id\":\"" + runId + "\",\"model\":\"churn\",\"model_version\":\"" + version + "\"}")
                .save(project.resolve("predictions").toString());
    }

    private static Path project(Path dir, String... outcomeLines) throws IOException {
        Files.writeString(dir.resolve("outcomes-contract.yaml"), CONTRACT);
        write(dir, "outcomes.csv", outcomeLines);
        return dir;
    }

    private static void write(Path dir, String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), "customer_id,churn,known_at\n" + String.join("\n", lines) + "\n");
    }

    private static OutcomesJoinParams params(String input, List<String> slices) {
        return new OutcomesJoinParams(input, "outcomes-contract.yaml", "predictions", null, "customer_id", "churn", "Yes",
                null, slices);
    }

    private static StepResult run(Path project, String runId, String input) throws IOException {
        return new OutcomesJoinStep().run(params(input, List.of("contract")), new OutcomesContext(project, runId));
    }

    private static RealisedPerformance report(StepResult result) throws IOException {
        return RealisedPerformance.read(Path.of(result.outputs().get(RealisedPerformance.ARTIFACT.name())));
    }

    /** Two runs: 1.0.0 scores A, B, C on Nov 1st; 1.1.0 scores A, B, D on Nov 15th and C drops out of the table. */
    private void twoRuns(Path project) {
        score(project, "run-1", "1.0.0", "2026-11-01T02:00:00Z", Map.of("A", 0.9, "B", 0.2, "C", 0.7));
        score(project, "run-2", "1.1.0", "2026-11-15T02:00:00Z", Map.of("A", 0.3, "B", 0.8, "D", 0.4));
    }

    @Test
    void aKeyScoredTwiceIsJudgedByTheScoreItHadWhenItsOutcomeBecameKnown(@TempDir Path dir) throws IOException {
        Path project = project(dir,
                "A,Yes,2026-11-10T00:00:00Z",   // before the second run: judges run-1's 0.9, not run-2's 0.3
                "B,Yes,2026-11-20T00:00:00Z",   // after it: judges run-2's 0.8
                "C,No,2026-11-20T00:00:00Z");   // C is only in version 0 now: time travel finds run-1's 0.7
        twoRuns(project);
        StepResult result = run(project, "outcomes-1", "outcomes.csv");
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());

        var predictions = PredictionHistory.read(spark, new io.pitstop.steps.score.DeltaPredictionTables(spark),
                project.resolve("predictions").toString(), "customer_id", List.of());
        var store = new OutcomeStore(spark, project.resolve("predictions_outcomes").toString(), "customer_id");
        Map<String, String> joined = AsOfJoin.judged(predictions, store.current(), "customer_id", "Yes").collectAsList()
                .stream().collect(Collectors.toMap(r -> r.<String>getAs("customer_id"),
                        r -> r.getAs("run_id") + " " + r.getAs("score") + " " + r.getAs("label")));
        assertEquals(Map.of("A", "run-1 0.9 1", "B", "run-2 0.8 1", "C", "run-1 0.7 0"), joined);

        RealisedPerformance perf = report(result);
        assertEquals(3, perf.outcomesTotal());
        assertEquals(0, perf.unmatched());
        var runs = perf.byRun();
        assertEquals(List.of("run-1", "run-2"), runs.stream().map(RealisedPerformance.Group::runId).toList());
        assertEquals(2, runs.get(0).judged());   // A and C
        assertEquals(0, runs.get(0).waiting());  // B has an outcome too, judged by the later run
        assertEquals(1, runs.get(1).judged());   // B
        assertEquals(1, runs.get(1).waiting());  // D: no outcome yet
        var v1 = perf.byModelVersion().get(0);
        assertEquals("1.0.0", v1.modelVersion());
        assertEquals(1.0, v1.auc().value());     // A (0.9, Yes) above C (0.7, No)
        assertEquals(0.5, v1.positiveRate().value());
        // Two outcomes say little: the interval says how little.
        assertTrue(v1.positiveRate().lower() < 0.1 && v1.positiveRate().upper() > 0.9, v1.positiveRate().toString());
        assertEquals("wilson", v1.positiveRate().interval());
        // Slices: per contract type per version, from the column scoring carried into the table.
        assertTrue(perf.slices().stream().anyMatch(g -> "1.0.0".equals(g.modelVersion()) && "contract".equals(g.slice())
                && "Two year".equals(g.sliceValue()) && g.judged() == 1), perf.slices().toString());
        // The same numbers as Prometheus series, in the metrics directory the score step writes to.
        Path prom = new io.pitstop.engine.conf.Profile("test", project, Map.of()).stateDir().resolve("metrics/test-outcomes.prom");
        String series = Files.readString(prom);
        assertTrue(series.contains("pitstop_outcomes_auc{pipeline=\"test\",model=\"churn\",version=\"1.0.0\"} 1\n"), series);
        assertTrue(series.contains("pitstop_outcomes_judged{pipeline=\"test\",model=\"churn\",version=\"1.0.0\"} 2\n"), series);
    }

    @Test
    void aRegressionModelsTableIsRefusedBeforeAnyOutcomeIsStored(@TempDir Path dir) throws IOException {
        Path project = project(dir, "A,No,2026-11-20T00:00:00Z");
        var regression = new StructType().add("customer_id", DataTypes.StringType).add("score", DataTypes.DoubleType)
                .add("model_name", DataTypes.StringType).add("model_version", DataTypes.StringType)
                .add("run_id", DataTypes.StringType).add("scored_at", DataTypes.TimestampType);
        spark.createDataFrame(List.of(RowFactory.create("A", 71.5, "charges", "1.0.0", "run-1",
                        Timestamp.from(Instant.parse("2026-11-01T02:00:00Z")))), regression)
                .write().format("delta").mode("overwrite")
                .option("userMetadata", "{\"run_id\":\"run-1\",\"model\":\"charges\",\"model_version\":\"1.0.0\"}")
                .save(project.resolve("predictions").toString());
        StepResult result = run(project, "outcomes-1", "outcomes.csv");
        assertEquals(StepResult.Outcome.FAILED, result.outcome(), result.message());
        assertTrue(result.message().contains("predictions has no 'decision' column")
                && result.message().contains("binary classifiers"), result.message());
        assertTrue(!Files.exists(project.resolve("predictions_outcomes")), "no outcome was stored");
    }

    @Test
    void anOutcomeNoEarlierPredictionMatchesIsNamedNotDropped(@TempDir Path dir) throws IOException {
        Path project = project(dir,
                "A,No,2026-11-20T00:00:00Z",
                "Z,Yes,2026-11-20T00:00:00Z",   // never scored
                "D,Yes,2026-11-05T00:00:00Z");  // known before D's first score on Nov 15th
        twoRuns(project);
        StepResult result = run(project, "outcomes-1", "outcomes.csv");
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertTrue(result.message().contains("2 outcome(s) match no prediction made before them")
                && result.message().contains("customer_id D, Z"), result.message());
        RealisedPerformance perf = report(result);
        assertEquals(2, perf.unmatched());
        assertEquals(List.of("D", "Z"), perf.unmatchedKeys());
        assertEquals(2.0, result.metrics().get("outcomes_unmatched"));
        assertEquals(3, perf.outcomesTotal());   // stored all the same: they arrived
    }

    @Test
    void aKeyGivenTwoOutcomesIsRefusedWithTheKeyNamed(@TempDir Path dir) throws IOException {
        Path project = project(dir, "A,Yes,2026-11-20T00:00:00Z", "B,No,2026-11-20T00:00:00Z", "A,No,2026-11-21T00:00:00Z");
        twoRuns(project);
        StepResult twice = run(project, "outcomes-1", "outcomes.csv");
        assertEquals(StepResult.Outcome.FAILED, twice.outcome());
        assertTrue(twice.message().contains("outcomes.csv holds 1 key(s) more than once (one outcome per key): customer_id A (2 rows)"),
                twice.message());
        assertFalse(Files.exists(project.resolve("predictions_outcomes")), "nothing added");

        write(project, "first.csv", "A,Yes,2026-11-20T00:00:00Z", "B,No,2026-11-20T00:00:00Z");
        assertEquals(StepResult.Outcome.SUCCEEDED, run(project, "outcomes-2", "first.csv").outcome());
        // The same file again adds nothing and refuses nothing: a retried intake is harmless.
        StepResult again = run(project, "outcomes-3", "first.csv");
        assertEquals(StepResult.Outcome.SUCCEEDED, again.outcome(), again.message());
        assertEquals(0.0, again.metrics().get("outcomes_added"));
        assertEquals(2.0, again.metrics().get("outcomes_already_stored"));
        // Another outcome for a recorded key is refused whole, naming the key and both outcomes.
        write(project, "second.csv", "D,Yes,2026-11-25T00:00:00Z", "B,Yes,2026-11-25T00:00:00Z");
        StepResult conflict = run(project, "outcomes-4", "second.csv");
        assertEquals(StepResult.Outcome.FAILED, conflict.outcome());
        assertTrue(conflict.message().contains("customer_id B is No known at 2026-11-20")
                && conflict.message().contains("the file says Yes"), conflict.message());
        assertEquals(2, new OutcomeStore(spark, project.resolve("predictions_outcomes").toString(), "customer_id").current().count());
    }

    @Test
    void aBadRowIsNamedByLineAndColumn(@TempDir Path dir) throws IOException {
        Path project = project(dir, "A,Yes,2026-11-20T00:00:00Z", "B,No,last tuesday");
        twoRuns(project);
        StepResult result = run(project, "outcomes-1", "outcomes.csv");
        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("outcomes.csv:3") && result.message().contains("known_at"), result.message());

        write(project, "maybe.csv", "A,Maybe,2026-11-20T00:00:00Z");
        StepResult outside = run(project, "outcomes-2", "maybe.csv");
        assertEquals(StepResult.Outcome.FAILED, outside.outcome());
        assertTrue(outside.message().contains("churn"), outside.message());
    }

    @Test
    void integerOutcomesForPartOfTheKeysInATinyBatch(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("outcomes-contract.yaml"), """
                dataset: churn_outcomes
                columns:
                  - { name: customer_id, type: string, nullable: false }
                  - { name: churned, type: integer, nullable: false }
                  - { name: known_at, type: date, nullable: false }
                """);
        Files.writeString(dir.resolve("outcomes.csv"), "customer_id,churned,known_at\nB,1,2026-12-01\n");
        twoRuns(dir);
        var params = new OutcomesJoinParams("outcomes.csv", "outcomes-contract.yaml", "predictions", null, "customer_id",
                "churned", "1", null, List.of());
        StepResult result = new OutcomesJoinStep().run(params, new OutcomesContext(dir, "outcomes-1"));
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        RealisedPerformance perf = report(result);
        var v11 = perf.byModelVersion().stream().filter(g -> g.modelVersion().equals("1.1.0")).findFirst().orElseThrow();
        assertEquals(1, v11.judged());
        assertEquals(2, v11.waiting());
        assertTrue(Double.isNaN(v11.auc().value()), "one outcome: no ranking to measure");
        assertEquals(1.0, v11.positiveRate().value());
        assertEquals(0.2065, v11.positiveRate().lower(), 1e-4);  // Wilson, 1 of 1
    }

    /**
     * positive is compared as text, so a typo would make every outcome negative: refused by check when the
     * contract lists the outcome's values, and at run time (nothing stored) against the values seen otherwise.
     */
    @Test
    void aPositiveValueNoOutcomeHasIsRefusedNamingTheColumnAndTheValuesSeen(@TempDir Path dir) throws IOException {
        Path project = project(dir, "A,Yes,2026-11-20T00:00:00Z", "B,No,2026-11-20T00:00:00Z");
        twoRuns(project);
        var typo = new OutcomesJoinParams("outcomes.csv", "outcomes-contract.yaml", "predictions", null, "customer_id",
                "churn", "yes", null, List.of());
        var problems = new OutcomesJoinStep().validate(typo, new OutcomesContext(project, "check"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("positive: 'yes' is not among the values outcomes-contract.yaml"
                + " allows for churn: [No, Yes]; did you mean 'Yes'?"), problems.get(0).toString());

        // A contract that does not list the values: the file's (and the stored outcomes') are the evidence.
        Files.writeString(project.resolve("open-contract.yaml"), CONTRACT.replaceAll("(?s)checks:.*", ""));
        var open = new OutcomesJoinParams("outcomes.csv", "open-contract.yaml", "predictions", null, "customer_id",
                "churn", "yes", null, List.of());
        assertEquals(List.of(), new OutcomesJoinStep().validate(open, new OutcomesContext(project, "check")));
        StepResult refused = new OutcomesJoinStep().run(open, new OutcomesContext(project, "outcomes-1"));
        assertEquals(StepResult.Outcome.FAILED, refused.outcome());
        assertTrue(refused.message().startsWith("positive: 'yes' is not among the values of column churn in outcomes.csv:"
                + " [No, Yes]; did you mean 'Yes'?; nothing was added"), refused.message());
        assertFalse(Files.exists(project.resolve("predictions_outcomes")), "no outcome stored");

        var right = new OutcomesJoinParams("outcomes.csv", "open-contract.yaml", "predictions", null, "customer_id",
                "churn", "Yes", null, List.of());
        StepResult accepted = new OutcomesJoinStep().run(right, new OutcomesContext(project, "outcomes-2"));
        assertEquals(StepResult.Outcome.SUCCEEDED, accepted.outcome(), accepted.message());
        // A later file of negatives only is fine: the stored outcomes hold a positive.
        write(project, "later.csv", "D,No,2026-11-25T00:00:00Z");
        var later = new OutcomesJoinParams("later.csv", "open-contract.yaml", "predictions", null, "customer_id",
                "churn", "Yes", null, List.of());
        assertEquals(StepResult.Outcome.SUCCEEDED,
                new OutcomesJoinStep().run(later, new OutcomesContext(project, "outcomes-3")).outcome());
    }

    /**
     * A fraud model's first weekly batch: 150 outcomes, every one negative, and a contract that does not list the
     * outcome's values. One value seen and no near match is a rare positive class, not a typo: stored, with a
     * warning. A near match ("Yes " for "yes") among one value seen is still refused.
     */
    @Test
    void aFirstBatchOfNegativesOnlyIsStoredWithAWarningButANearMatchIsRefused(@TempDir Path dir) throws IOException {
        var lines = new ArrayList<String>();
        for (int i = 1; i <= 150; i++) lines.add(String.format("K%03d,No,2026-11-20T00:00:00Z", i));
        Path project = project(dir, lines.toArray(String[]::new));
        twoRuns(project);
        Files.writeString(project.resolve("open-contract.yaml"), CONTRACT.replaceAll("(?s)checks:.*", ""));
        var first = new OutcomesJoinParams("outcomes.csv", "open-contract.yaml", "predictions", null, "customer_id",
                "churn", "Yes", null, List.of());
        StepResult stored = new OutcomesJoinStep().run(first, new OutcomesContext(project, "outcomes-1"));
        assertEquals(StepResult.Outcome.SUCCEEDED, stored.outcome(), stored.message());
        assertTrue(stored.message().startsWith("150 outcome(s) added to predictions_outcomes"), stored.message());
        assertTrue(stored.message().contains("warning: positive: 'Yes' is not among the values of column churn in"
                + " outcomes.csv: [No]; stored anyway, as every outcome so far is negative"), stored.message());
        assertEquals(150.0, stored.metrics().get("outcomes_added"));

        write(project, "typo.csv", "A,yes,2026-11-21T00:00:00Z", "B,yes,2026-11-21T00:00:00Z");
        var typo = new OutcomesJoinParams("typo.csv", "open-contract.yaml", "predictions", "typo_outcomes",
                "customer_id", "churn", "Yes ", null, List.of());
        StepResult refused = new OutcomesJoinStep().run(typo, new OutcomesContext(project, "outcomes-2"));
        assertEquals(StepResult.Outcome.FAILED, refused.outcome());
        assertTrue(refused.message().startsWith("positive: 'Yes ' is not among the values of column churn in typo.csv:"
                + " [yes]; did you mean 'yes'?; nothing was added to typo_outcomes"), refused.message());
        assertFalse(Files.exists(project.resolve("typo_outcomes")), "no outcome stored");
    }
}
