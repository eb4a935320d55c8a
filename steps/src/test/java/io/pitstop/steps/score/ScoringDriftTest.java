package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TelcoData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.pitstop.steps.score.ScoreBatchStepTest.RECENT;
import static io.pitstop.steps.score.ScoreBatchStepTest.TABLE;
import static io.pitstop.steps.score.ScoreBatchStepTest.params;
import static io.pitstop.steps.score.ScoreBatchStepTest.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What score.batch says about input drift, with a package whose profile is of the first 1,000 Telco
 * customers: the training rows themselves pass, a small batch is not judged, and a drifted input fails
 * with the column, its PSI and the limit it crossed.
 */
class ScoringDriftTest {

    @Test
    void theTrainingRowsScoreWithoutDrift(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            p.csv("training.csv", 1000);

            StepResult same = new ScoreBatchStep().run(params("training.csv"), p.context("run-1").build());

            assertEquals(StepResult.Outcome.SUCCEEDED, same.outcome(), same.message());
            JsonNode drift = same.reports().get("monitoring").path("input_drift");
            assertEquals("OK", drift.path("outcome").asText(), drift.toPrettyString());
            for (JsonNode f : drift.path("features")) assertTrue(f.path("psi").asDouble() < 0.01, f.toString());
            assertEquals(0.0, same.metrics().get("input_psi"), 1e-12, "its own rows, its own bins");
            assertTrue(signal(same.reports().get("monitoring"), "input_psi").path("detail").asText()
                    .startsWith("against the training profile: no drift: largest psi 0.0000 ("), same.reports().toString());
        }
    }

    @Test
    void belowTheContractsMinRowsDriftIsNotJudgedAndTheStepSaysSo(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            // The demo contract's floor of 1,000 rows guards scoring inputs too, so the batch is 1,000 rows and
            // the contract declares min_rows above it.
            String contract = Files.readString(ScoringProject.CONTRACT).replace("\ndrift:\n", "\ndrift:\n  min_rows: 2000\n");
            assertTrue(contract.contains("min_rows: 2000"), "the demo contract has a drift: block");
            Path withMinRows = Files.writeString(dir.resolve("contract-min-rows.yaml"), contract);
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT, withMinRows);
            writeWithLongerTenure(dir.resolve("drifted.csv"), 1000, 100);

            StepResult small = new ScoreBatchStep().run(params("drifted.csv"), p.context("run-1").build());

            assertEquals(StepResult.Outcome.SUCCEEDED, small.outcome(), "not judged is not failed: " + small.message());
            assertTrue(small.message().endsWith("; input drift not judged: 1000 rows < min_rows 2000"), small.message());
            JsonNode monitoring = small.reports().get("monitoring");
            assertTrue(signal(monitoring, "input_psi").path("value").isNull(), monitoring.toString());
            assertEquals("ok", signal(monitoring, "input_psi").path("level").asText());
            assertEquals("NOT_JUDGED", monitoring.path("input_drift").path("outcome").asText());
            assertEquals(2000, monitoring.path("input_drift").path("thresholds").path("min_rows").asLong());
            assertTrue(!small.metrics().containsKey("input_psi"), "no PSI reading from noise: " + small.metrics());
        }
    }

    @Test
    void aDriftedInputFailsNamingTheColumnItsPsiAndTheLimit(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            writeWithLongerTenure(dir.resolve("drifted.csv"), 1000, 100);

            StepResult result = new ScoreBatchStep().run(params("drifted.csv"), p.context("run-1").build());

            assertEquals(StepResult.Outcome.FAILED, result.outcome(), result.message());
            JsonNode tenure = feature(result.reports().get("monitoring").path("input_drift"), "tenure");
            String expected = String.format(java.util.Locale.ROOT, "tenure: psi %.4f >= psi_error 0.25",
                    tenure.path("psi").asDouble());
            assertTrue(result.message().contains(expected), result.message());
            assertTrue(result.message().startsWith("monitoring stopped the run before the commit; " + TABLE
                    + " is unchanged: [input_psi "), result.message());
            assertTrue(!Files.exists(dir.resolve(TABLE)), "nothing written");
        }
    }

    private static JsonNode feature(JsonNode drift, String name) {
        for (JsonNode f : drift.path("features")) if (f.path("feature").asText().equals(name)) return f;
        throw new AssertionError("no feature " + name + " in " + drift);
    }

    /** The first {@code rows} customers, each {@code months} longer a customer than in the data. */
    private static void writeWithLongerTenure(Path file, int rows, int months) throws Exception {
        List<String> lines;
        try (Stream<String> all = Files.lines(TelcoData.CSV)) {
            lines = all.limit(rows + 1L).toList();
        }
        int at = List.of(lines.get(0).split(",")).indexOf("tenure");
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            fields[at] = Integer.toString(Integer.parseInt(fields[at]) + months);
            out.add(String.join(",", fields));
        }
        Files.write(file, out);
    }
}
