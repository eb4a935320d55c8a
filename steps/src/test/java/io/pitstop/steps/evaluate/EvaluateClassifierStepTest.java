package io.pitstop.steps.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.MetricsReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateClassifierStepTest {

    private static TestStepContext context(Path out) {
        return TestStepContext.builder().outputDir(out)
                .upstream("model", TrainedTelcoModel.modelDir())
                .upstream("test_split", TrainedTelcoModel.split("test"))
                .build();
    }

    @Test
    void writesOverallCalibrationAndSliceMetricsOfTheTestSplit(@TempDir Path dir) throws Exception {
        StepResult result = new EvaluateClassifierStep().run(new EvaluateParams(List.of("contract")), context(dir));
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        System.out.println("evaluate: " + result.message());

        Path file = Path.of(result.outputs().get("metrics"));
        assertEquals(dir.resolve("metrics.json").toAbsolutePath(), file);
        JsonNode json = Json.MAPPER.readTree(Files.readString(file));
        assertEquals(1, json.get("format_version").asInt());
        // Measured at the threshold recorded in the model: the pipeline's, 0.5 when it declares none.
        assertEquals(0.5, json.get("threshold").asDouble());
        long count = json.get("overall").get("count").asLong();
        assertEquals(result.metrics().get("count").longValue(), count);
        // The report reads back typed, undefined metrics as NaN, as the gate reads it.
        var read = (EvaluationReport) MetricsReport.read(file);
        assertEquals(count, read.overall().count());
        assertEquals(json.get("overall").get("f1").asDouble(), read.overall().f1());
        // Seen: test AUC 0.877 (log-loss 0.38) on the 415 held-out rows of the shared 2,000-row model.
        assertTrue(json.get("overall").get("auc").asDouble() > 0.78, json.get("overall").toString());

        assertEquals(10, json.get("calibration").size());
        long binned = 0;
        for (JsonNode bin : json.get("calibration")) binned += bin.get("count").asLong();
        assertEquals(count, binned);

        JsonNode contract = json.get("slices").get("contract");
        assertEquals(List.of("Month-to-month", "One year", "Two year"), fieldNames(contract));
        long sliced = 0;
        for (JsonNode slice : contract) sliced += slice.get("count").asLong();
        assertEquals(count, sliced);
    }

    @Test
    void anUnknownSliceColumnFailsTheStepNamingIt(@TempDir Path dir) throws Exception {
        StepResult result = new EvaluateClassifierStep().run(new EvaluateParams(List.of("region")), context(dir));
        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("'region'"), result.message());
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
