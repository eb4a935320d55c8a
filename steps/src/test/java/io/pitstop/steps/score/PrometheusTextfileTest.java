package io.pitstop.steps.score;

import io.pitstop.steps.Promtool;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring metrics file as Prometheus users check an exporter: the real {@code promtool check metrics}. */
class PrometheusTextfileTest {

    @TempDir
    Path dir;

    private static MonitoringReport report(String version) {
        ObjectNode nulls = JsonNodeFactory.instance.objectNode().put("total_charges", 0.0016).put("tenure", 0.0);
        List<Signal> signals = List.of(
                new Signal("input_psi", 0.031, Limit.Level.OK, "against the training profile: largest in monthly_charges"),
                new Signal("null_rate", 0.0016, Limit.Level.OK, "largest share of nulls, in total_charges"),
                new Signal("model_age_days", 2.125, Limit.Level.OK, "days since the package was built"),
                new Signal("prediction_psi", 0.004, Limit.Level.WARNING, "scores against the previous run's, 10 bins"));
        return new MonitoringReport("churn", version, "r1", 7043, 2.5, signals, Map.of("null_rates", nulls));
    }

    @Test
    void promtoolFindsNothingToSayAndTheVersionIsOneInfoSeries() throws Exception {
        Path file = dir.resolve("churn-score.prom");
        PrometheusTextfile.write(file, report("1.1.0"), "telco-churn", 1_796_115_600L,
                Map.of("shadow_decision_agreement", 0.97, "shadow_score_correlation", 0.99, "shadow_score_psi", 0.01));
        Promtool.Check check = Promtool.checkMetrics(file);
        assertEquals(0, check.exit(), check.output());
        assertEquals("", check.output().trim(), "no lint problem");

        String text = Files.readString(file);
        assertTrue(text.contains("pitstop_scoring_model_info{pipeline=\"telco-churn\",model=\"churn\",version=\"1.1.0\"} 1\n"), text);
        assertTrue(text.contains("pitstop_scoring_rows{pipeline=\"telco-churn\",model=\"churn\"} 7043\n"), text);
        assertTrue(text.contains("pitstop_scoring_model_age_seconds{pipeline=\"telco-churn\",model=\"churn\"} 183600\n"), text);
        assertTrue(text.contains("pitstop_scoring_null_ratio{pipeline=\"telco-churn\",model=\"churn\",column=\"total_charges\"} 0.00160000\n"), text);
        assertTrue(text.contains("pitstop_scoring_shadow_decision_agreement_ratio{pipeline=\"telco-churn\",model=\"churn\"} 0.970000\n"), text);
        assertTrue(text.contains("pitstop_scoring_last_success_timestamp_seconds{pipeline=\"telco-churn\",model=\"churn\"} 1796115600\n"), text);
        List<String> samples = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(1, samples.stream().filter(l -> l.contains("version=")).count(), "only the info series names the version: " + text);
        for (String help : text.lines().filter(l -> l.startsWith("# HELP ")).toList()) {
            assertFalse(help.contains("total_charges") || help.contains("monthly_charges") || help.contains("largest share of nulls"),
                    "help texts describe the metric, never this run's data: " + help);
        }
    }

    @Test
    void aReleaseStartsNoNewSeriesButTheInfoOne() throws Exception {
        Path a = dir.resolve("a.prom"), b = dir.resolve("b.prom");
        PrometheusTextfile.write(a, report("1.1.0"), "telco-churn", 1L, Map.of());
        PrometheusTextfile.write(b, report("1.2.0"), "telco-churn", 1L, Map.of());
        List<String> seriesA = series(a), seriesB = series(b);
        seriesA.removeIf(s -> s.startsWith("pitstop_scoring_model_info"));
        seriesB.removeIf(s -> s.startsWith("pitstop_scoring_model_info"));
        assertEquals(seriesA, seriesB);
    }

    @Test
    void aCachedRunMovesOnlyTheSuccessTime() throws Exception {
        Path file = dir.resolve("churn-score.prom");
        PrometheusTextfile.write(file, report("1.1.0"), "telco-churn", 1_796_115_600L, Map.of());
        String before = Files.readString(file);
        PrometheusTextfile.markSuccess(file, "telco-churn", "churn", 1_796_202_000L);
        String after = Files.readString(file);
        assertEquals(before.replace("} 1796115600\n", "} 1796202000\n"), after);
        assertEquals(0, Promtool.checkMetrics(file).exit());

        // No file yet (metrics kept elsewhere before, or deleted): the success time alone.
        Path fresh = dir.resolve("fresh.prom");
        PrometheusTextfile.markSuccess(fresh, "telco-churn", "churn", 1_796_202_000L);
        assertEquals(List.of("pitstop_scoring_last_success_timestamp_seconds{pipeline=\"telco-churn\",model=\"churn\"} 1796202000"),
                Files.readAllLines(fresh).stream().filter(l -> !l.startsWith("#")).toList());
        Promtool.Check check = Promtool.checkMetrics(fresh);
        assertEquals(0, check.exit(), check.output());
    }

    private static List<String> series(Path file) throws Exception {
        return new java.util.ArrayList<>(Files.readAllLines(file).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList());
    }
}
