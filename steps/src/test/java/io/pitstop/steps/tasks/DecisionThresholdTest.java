package io.pitstop.steps.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.DecisionThreshold;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.gate.GateStep;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one decision threshold, declared in the pipeline's model block, reaches all four places that
 * decide with it: evaluation's threshold metrics, the gate's evidence, the package's model card and
 * the decisions in the prediction table. The same model trained twice (same data, same seed) differs
 * only by the declared threshold, so every difference below comes from it.
 */
class DecisionThresholdTest {

    private static final int ROWS = 1500;

    /** What one release at one threshold produced, in the four places. */
    private record Release(double evaluatedAt, double evaluatedF1, double gateF1, String card, long positives,
                           long rows) {
    }

    private static Release releaseAt(Path dir, double threshold) throws Exception {
        try (var project = new TaskProject(dir)) {
            project.model = new ModelInfo("churn", "tests", null, null, null, new DecisionThreshold(threshold));
            StepResult train = project.train(TrainedTelcoModel.params(6, null), ROWS);
            assertEquals(StepResult.Outcome.SUCCEEDED, train.outcome(), train.message());
            StepResult evaluate = project.evaluate(List.of("contract"));
            assertEquals(StepResult.Outcome.SUCCEEDED, evaluate.outcome(), evaluate.message());
            JsonNode metrics = project.metricsJson();

            StepResult gate = project.gate("gate", new GateStep.Params(Map.of("auc", 0.5), null, null));
            assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
            JsonNode gateReport = TaskProject.JSON.readTree(TaskProject.output(gate, "gate_report").toFile());

            StepResult pkg = project.release(gate);
            String card = Files.readString(TaskProject.output(pkg, "package").resolve("model-card.md"));

            StepResult scored = project.score(1000);
            assertEquals(StepResult.Outcome.SUCCEEDED, scored.outcome(), scored.message());
            List<Row> table = TestSpark.session().read().format("delta").load(dir.resolve(TaskProject.TABLE).toString())
                    .select("score", "decision").collectAsList();
            long positives = 0;
            for (Row r : table) {
                assertEquals(r.getDouble(0) >= threshold, r.getBoolean(1), "decision of score " + r.getDouble(0));
                if (r.getBoolean(1)) positives++;
            }
            return new Release(metrics.path("threshold").asDouble(), metrics.path("overall").path("f1").asDouble(),
                    gateReport.path("challenger_metrics").path("f1").asDouble(), card, positives, table.size());
        }
    }

    @Test
    void changingTheModelsThresholdMovesEvaluationTheGateTheModelCardAndTheScores(@TempDir Path dir) throws Exception {
        Release usual = releaseAt(dir.resolve("at-0.5"), 0.5);
        Release eager = releaseAt(dir.resolve("at-0.2"), 0.2);

        // Evaluation measures at the model's threshold, and the gate judges exactly that evaluation.
        assertEquals(0.5, usual.evaluatedAt());
        assertEquals(0.2, eager.evaluatedAt());
        assertNotEquals(usual.evaluatedF1(), eager.evaluatedF1(), 1e-9);
        assertEquals(usual.evaluatedF1(), usual.gateF1(), 1e-12);
        assertEquals(eager.evaluatedF1(), eager.gateF1(), 1e-12);
        // The model card states the threshold and shows the F1 at it.
        assertTrue(usual.card().contains("**Decision threshold:** 0.5"), usual.card());
        assertTrue(eager.card().contains("**Decision threshold:** 0.2"), eager.card());
        assertTrue(eager.card().contains(String.format("| f1 | %.4f |", eager.evaluatedF1())), eager.card());
        // Scoring decides at the threshold recorded in the package: a lower one calls more rows positive.
        assertEquals(usual.rows(), eager.rows());
        assertTrue(eager.positives() > usual.positives(), eager.positives() + " vs " + usual.positives());
    }
}
