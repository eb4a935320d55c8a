package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.InvalidParameterException;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.model.TrainedModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.pitstop.steps.score.ScoreBatchStepTest.RECENT;
import static io.pitstop.steps.score.ScoreBatchStepTest.TABLE;
import static io.pitstop.steps.score.ScoreBatchStepTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch canary: a share of the keys scored by the staging model, in the same table and commit. */
class CanaryScoringTest {

    static ScoreBatchStep.Params canary(String model, double share) {
        return new ScoreBatchStep.Params("input.csv", TABLE, null, null, null, null, null, new Canary(model, share));
    }

    /** The key of each row and the version that scored it. */
    static Map<String, String> arms(Dataset<Row> rows) {
        var arms = new TreeMap<String, String>();
        for (Row r : rows.select("customer_id", "model_version").collectAsList()) arms.put(r.getString(0), r.getString(1));
        return arms;
    }

    @Test
    void bothArmsLandInOneCommitAndEachKeyStaysInItsArmNightAfterNight(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.release("1.1.0", Stage.STAGING, false, RECENT);
            p.csv("input.csv", 2000);
            StepResult first = new ScoreBatchStep().run(canary("staging", 0.2), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
            assertEquals(0, p.tableVersion(TABLE), "both arms are one Delta commit");
            Map<String, String> night1 = arms(table(p, TABLE));
            assertEquals(2000, night1.size());

            // The arm is a function of the key alone: recomputed here without Spark.
            var split = new CanarySplit(0.2);
            for (var e : night1.entrySet()) {
                assertEquals(split.toChallenger(e.getKey()) ? "1.1.0" : "1.0.0", e.getValue(), e.getKey());
            }
            long challenger = night1.values().stream().filter("1.1.0"::equals).count();
            // Binomial(2000, 0.2): sd 17.9; four of them either side.
            assertTrue(Math.abs(challenger - 400) <= 72, "challenger rows " + challenger);
            JsonNode report = first.reports().get("monitoring").path("canary");
            assertEquals(challenger, report.path("challenger_rows").asLong());
            assertEquals(2000 - challenger, report.path("champion_rows").asLong());
            assertTrue(first.message().contains("canary: " + challenger + " rows by 1.1.0"), first.message());

            // The next night, on the rows in another order: every key in the same arm.
            List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(dir.resolve("input.csv")));
            java.util.Collections.reverse(lines.subList(1, lines.size()));
            java.nio.file.Files.write(dir.resolve("input.csv"), lines);
            StepResult second = new ScoreBatchStep().run(canary("staging", 0.2), p.context("run-2").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, second.outcome(), second.message());
            assertEquals(1, p.tableVersion(TABLE));
            assertEquals(night1, arms(table(p, TABLE)));
        }
    }

    @Test
    void theArmDependsOnNeitherPartitioningNorRowOrder() {
        Dataset<Row> keys = TelcoData.first(1000).select("customer_id");
        var split = new CanarySplit(0.3);
        Set<String> oneTask = new HashSet<>(keys.coalesce(1).filter(split.challengerRows("customer_id"))
                .as(Encoders.STRING()).collectAsList());
        Set<String> sevenTasks = new HashSet<>(keys.repartition(7).orderBy(functions.rand(11))
                .filter(split.challengerRows("customer_id")).as(Encoders.STRING()).collectAsList());
        assertEquals(oneTask, sevenTasks);
        Set<String> plainJava = new HashSet<>();
        for (String k : keys.as(Encoders.STRING()).collectAsList()) if (split.toChallenger(k)) plainJava.add(k);
        assertEquals(plainJava, oneTask);
        assertTrue(Math.abs(oneTask.size() - 300) <= 4 * Math.sqrt(1000 * 0.3 * 0.7), "size " + oneTask.size());
        // Integer keys split too (hashed as KeyHashes does); a larger share takes a superset of the keys.
        assertEquals(split.toChallenger(42L), split.toChallenger(42));
        var wider = new CanarySplit(0.5);
        for (String k : oneTask) assertTrue(wider.toChallenger(k), k);
    }

    @Test
    void checksAndTheKeyProofCoverBothArms(@TempDir Path dir) throws Exception {
        var spark = TestSpark.session();
        TrainedModel model = TrainedModel.load(TrainedTelcoModel.modelDir());
        Dataset<Row> customers = TelcoData.first(300);
        var request = new BatchScoringRequest("customer_id", 0.5, "churn", "1.0.0", "run-1",
                Instant.parse("2026-11-22T04:00:00Z"), dir.resolve("table").toString());
        var arm = new ChallengerArm(model, "1.1.0", 0.5, new CanarySplit(0.5));
        var scorer = new BatchScorer();
        // A key in each arm given twice: the batch is refused whole, nothing is committed.
        Set<String> keys = new HashSet<>(customers.select("customer_id").as(Encoders.STRING()).collectAsList());
        String inCanary = keys.stream().filter(arm.split()::toChallenger).sorted().findFirst().orElseThrow();
        String inChampion = keys.stream().filter(k -> !arm.split().toChallenger(k)).sorted().findFirst().orElseThrow();
        Dataset<Row> duplicated = customers.union(customers.filter(functions.col("customer_id").isin(inCanary, inChampion)));
        var e = assertThrows(PredictionCheckException.class, () -> scorer.run(spark, model, duplicated, request, arm));
        assertEquals(List.of("unique_keys"), e.failedNames());
        assertTrue(e.getMessage().contains("300 distinct non-null keys in 302 rows"), e.getMessage());
        assertTrue(!io.delta.tables.DeltaTable.isDeltaTable(spark, dir.resolve("table").toString()));

        BatchScoringResult ok = scorer.run(spark, model, customers, request, arm);
        assertEquals(300, ok.rows());
        double shares = 0;
        for (double s : ok.scoreShares()) shares += s;
        assertEquals(1.0, shares, 1e-9, "the score bins are the whole batch's");
    }

    @Test
    void noChallengerScoresEveryRowWithTheChampionAndBadDeclarationsAreNamed(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, RECENT);
            p.csv("input.csv", 300);
            StepResult result = new ScoreBatchStep().run(canary("staging", 0.2), p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            assertEquals(300, table(p, TABLE).filter(functions.col("model_version").equalTo("1.0.0")).count());
            assertTrue(result.reports().get("monitoring").path("canary").asText().contains("no version of 'churn' is in staging"));

            var unknown = assertThrows(InvalidParameterException.class,
                    () -> new ScoreBatchStep().run(canary("1.9.0", 0.2), p.context("run-2").build()));
            assertEquals("canary/model", unknown.field());
            assertTrue(unknown.getMessage().contains("churn 1.9.0 is not registered; registered: [1.0.0]"), unknown.getMessage());
        }
        for (double share : new double[]{0, 1, 1.5, -0.1}) {
            var e = assertThrows(InvalidParameterException.class, () -> new Canary("staging", share));
            assertTrue(e.getMessage().contains("canary.share must be strictly between 0 and 1, was " + share), e.getMessage());
        }
        var production = assertThrows(InvalidParameterException.class, () -> new Canary("production", 0.1));
        assertEquals("canary/model", production.field());
        var withShadow = assertThrows(InvalidParameterException.class, () -> new ScoreBatchStep.Params("input.csv", TABLE,
                "tables/shadow", null, null, null, null, new Canary(null, 0.1)));
        assertTrue(withShadow.getMessage().contains("declare one"), withShadow.getMessage());
    }
}
