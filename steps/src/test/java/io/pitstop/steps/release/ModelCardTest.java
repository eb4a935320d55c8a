package io.pitstop.steps.release;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.artifact.ReleaseLineage;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.Metrics;
import io.pitstop.steps.metrics.OperatingPoints;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model card reads as a person would write it: whole counts, no internal keys, no path of the building machine. */
class ModelCardTest {

    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.35, 0.3, 0.2, 0.1};
    private static final int[] LABELS = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};

    @Test
    void countsAreWholeNumbersAndTheDataVersionHasNoFormatKeyOrLocalPath() {
        var metrics = new EvaluationReport(EvaluationReport.FORMAT_VERSION, 0.5, "model", "test",
                Metrics.of(SCORES, LABELS, 0.5), Metrics.calibration(SCORES, LABELS), new TreeMap<>(), null,
                OperatingPoints.of(SCORES, LABELS, 0.5));
        var data = new DataVersion("data/telco_churn.csv", "6df3993a6c95e0d51ca420f8fb8ac1b3", 877_011, "8283957be9",
                false, "/home/someone/project/.pitstop/dvc-remote", "data/telco_churn.csv.dvc");
        var lineage = new ReleaseLineage(new Lineage("r1", "telco-churn", "pipelines/telco-churn.yaml", "abc", "8283957be9",
                false, "local", Map.of()), 42L, null, data);

        String card = ModelCard.render(new ModelInfo("churn", "ml-team", null, null, null), "1.0.0", lineage, metrics,
                new GateReport(true, "all rules passed", "none", List.of(), List.of()));

        assertTrue(card.contains("| count | 10 |"), card);
        assertFalse(card.contains("10.0000"), card);
        assertFalse(card.contains("format"), card);
        assertFalse(card.contains("/home/someone"), card);
        assertTrue(card.contains("- File: `data/telco_churn.csv` (877,011 bytes)"), card);
        assertTrue(card.contains("- DVC remote: a local directory of the building machine"), card);
        assertTrue(card.contains("F1 is highest, 0.7500, at the threshold 0.600"), card);
    }

    @Test
    void aSharedRemoteIsNamed() {
        var data = new DataVersion("data/x.csv", "00", 10, null, null, "s3://bucket/dvc", null);
        var lineage = new ReleaseLineage(new Lineage("r1", "p", "pipelines/p.yaml", "abc", "c", false, "local", Map.of()),
                1L, null, data);
        var metrics = new EvaluationReport(EvaluationReport.FORMAT_VERSION, 0.5, "model", "test",
                Metrics.of(SCORES, LABELS, 0.5), List.of(), new TreeMap<>());
        String card = ModelCard.render(new ModelInfo("m", null, null, null, null), "1.0.0", lineage, metrics,
                new GateReport(true, "all rules passed", "none", List.of(), List.of()));
        assertTrue(card.contains("- DVC remote: `s3://bucket/dvc`"), card);
    }
}
