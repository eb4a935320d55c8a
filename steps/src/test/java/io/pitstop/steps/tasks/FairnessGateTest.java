package io.pitstop.steps.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.evaluate.EvaluateParams;
import io.pitstop.steps.gate.FairnessLimits;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.metrics.FairnessSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's fairness rules on real models: one trained on the Telco rows as they are, and one trained on
 * rows whose label was made unlearnable for men ({@code female = 0}: churn replaced by a coin flip keyed
 * on the customer id). That model learns to call no man a churner, so its positive rate and TPR differ
 * widely between the groups of {@code female}; the gate with fairness limits stops it, and without them
 * lets it through. Both carry {@code region}, a string column that is no feature, with nulls (a group
 * of its own) and one tiny group, listed as not judged.
 */
class FairnessGateTest {

    private static final int ROWS = 1500;
    private static final FairnessSpec PROTECTED = new FairnessSpec(List.of("female", "senior_citizen", "region"), 30, null);
    private static final EvaluateParams EVALUATE = new EvaluateParams(List.of("contract"), PROTECTED);

    /** The first Telco rows with {@code region}: north/south, null for every fifth customer, islands for a handful. */
    private static Dataset<Row> withRegion() {
        var number = expr("cast(substring(customer_id, 2) as int)");
        return TelcoData.first(ROWS).withColumn("region",
                functions.when(number.mod(97).equalTo(0), "islands")
                        .when(number.mod(5).equalTo(0), functions.lit(null).cast("string"))
                        .when(number.mod(2).equalTo(0), "north").otherwise("south"));
    }

    /** The same rows with the label of every man replaced by a coin flip (about one in four churn). */
    private static Dataset<Row> biased() {
        var coin = functions.pmod(functions.hash(col("customer_id")), functions.lit(4)).equalTo(0);
        return withRegion().withColumn("churn", functions.when(col("female").equalTo(0),
                functions.when(coin, "Yes").otherwise("No")).otherwise(col("churn")));
    }

    private static Path parquet(Dataset<Row> rows, Path dir) {
        rows.coalesce(1).write().mode("overwrite").parquet(dir.toString());
        return dir;
    }

    @Test
    void aModelBiasedAgainstOneGroupFailsTheFairnessGateAndAGroupsRegressionAgainstTheChampionIsCaught(@TempDir Path dir)
            throws Exception {
        try (var project = new TaskProject(dir)) {
            // The champion: trained on the rows as they are, released with its groups in the model card.
            StepResult fair = project.train(TrainedTelcoModel.params(8, null), parquet(withRegion(), dir.resolve("fair")), "train-fair");
            assertEquals(StepResult.Outcome.SUCCEEDED, fair.outcome(), fair.message());
            StepResult evaluated = project.evaluate(EVALUATE, "evaluate-fair");
            assertEquals(StepResult.Outcome.SUCCEEDED, evaluated.outcome(), evaluated.message());
            JsonNode fairness = project.metricsJson().path("fairness");
            System.out.println("fair model, groups of female: " + fairness.path("female"));

            // region is no feature, yet measured; its nulls are a group; its tiny group is listed, not judged.
            JsonNode region = fairness.path("region");
            assertTrue(region.path("groups").has("<null>"), region.toString());
            assertTrue(region.path("groups").has("north") && region.path("groups").has("south"), region.toString());
            JsonNode islands = region.path("not_judged").path("islands");
            assertTrue(islands.path("rows").asLong() < 30, region.toString());
            assertTrue(islands.path("reason").asText().contains("fewer than min_group_rows 30"), region.toString());
            JsonNode female = fairness.path("female").path("groups");
            for (String g : List.of("0", "1")) {
                for (String m : List.of("count", "positive_rate", "tpr", "fpr", "mean_predicted", "observed_rate")) {
                    assertTrue(female.path(g).path(m).isNumber(), g + " " + m + ": " + female);
                }
            }

            var firstGate = project.gate("gate-fair", new GateStep.Params(Map.of("auc", 0.6), null, null, null, null, null,
                    new FairnessLimits(0.5, 0.5, null)));
            assertEquals(StepResult.Outcome.SUCCEEDED, firstGate.outcome(), firstGate.message());
            StepResult pkg = project.release(firstGate);
            String card = Files.readString(TaskProject.output(pkg, "package").resolve("model-card.md"));
            assertTrue(card.contains("## Fairness (held-out test split)"), card);
            assertTrue(card.contains("### By female\n\n| female | count | positive_rate | tpr | fpr | mean_predicted"
                    + " | observed_rate | auc |"), card);
            assertTrue(card.contains("- demographic parity difference: "), card);
            assertTrue(card.contains("- islands: "), card);
            assertTrue(card.contains("passed demographic_parity: positive rate differs by"), card);

            // The challenger: biased against men.
            StepResult biased = project.train(TrainedTelcoModel.params(8, null), parquet(biased(), dir.resolve("biased")),
                    "train-biased");
            assertEquals(StepResult.Outcome.SUCCEEDED, biased.outcome(), biased.message());
            assertEquals(StepResult.Outcome.SUCCEEDED, project.evaluate(EVALUATE, "evaluate-biased").outcome());
            JsonNode gaps = project.metricsJson().path("fairness").path("female").path("gaps");
            System.out.println("biased model, gaps of female: " + gaps);

            // Limits off: the same model passes.
            StepResult lenient = project.gate("gate-off", new GateStep.Params(Map.of("auc", 0.6), null, null));
            assertEquals(StepResult.Outcome.SUCCEEDED, lenient.outcome(), lenient.message());

            StepResult parity = project.gate("gate-parity", new GateStep.Params(Map.of("auc", 0.6), null, null, null, null,
                    null, new FairnessLimits(0.1, null, null)));
            assertEquals(StepResult.Outcome.STOPPED, parity.outcome(), parity.message());
            JsonNode report = TaskProject.JSON.readTree(TaskProject.output(parity, "gate_report").toFile());
            assertEquals("demographic_parity:positive_rate[female]", report.path("decided_by").asText(), report.toString());
            JsonNode failed = failedRule(report);
            assertEquals("female", failed.path("column").asText());
            assertEquals(List.of("1", "0"), List.of(failed.path("groups").path(0).asText(), failed.path("groups").path(1).asText()));
            assertEquals(gaps.path("demographic_parity_difference").path("value").asDouble(), failed.path("challenger").asDouble(), 1e-12);
            assertTrue(failed.path("challenger").asDouble() > 0.1, failed.toString());
            assertTrue(parity.message().contains("positive rate differs by") && parity.message().contains("female=1")
                    && parity.message().contains("female=0"), parity.message());
            // The champion's own gap is measured on the same rows, beside it.
            assertTrue(failed.path("champion").isNumber(), failed.toString());
            // region's tiny group is in the report as not judged.
            assertTrue(report.path("not_judged").toString().contains("region=islands"), report.toString());

            StepResult opportunity = project.gate("gate-opportunity", new GateStep.Params(Map.of("auc", 0.6), null, null,
                    null, null, null, new FairnessLimits(null, 0.2, null)));
            assertEquals(StepResult.Outcome.STOPPED, opportunity.outcome(), opportunity.message());
            assertTrue(opportunity.message().contains("TPR differs by"), opportunity.message());

            // Against the champion: the TPR of men falls by more than allowed.
            StepResult regression = project.gate("gate-regression", new GateStep.Params(Map.of("auc", 0.6), null, null,
                    null, null, null, new FairnessLimits(null, null, Map.of("tpr", 0.1))));
            assertEquals(StepResult.Outcome.STOPPED, regression.outcome(), regression.message());
            JsonNode regressed = failedRule(TaskProject.JSON.readTree(TaskProject.output(regression, "gate_report").toFile()));
            System.out.println("group regression: " + regressed);
            assertEquals("group_regression", regressed.path("rule").asText());
            assertEquals("tpr[female=0]", regressed.path("metric").asText());
            assertEquals(List.of("0"), List.of(regressed.path("groups").path(0).asText()));
            assertTrue(regressed.path("champion").asDouble() - regressed.path("challenger").asDouble() > 0.1, regressed.toString());
            assertFalse(regression.message().isBlank());
        }
    }

    private static JsonNode failedRule(JsonNode report) {
        for (JsonNode r : report.path("rules")) if (!r.path("passed").asBoolean()) return r;
        throw new AssertionError("no failed rule in " + report);
    }
}
