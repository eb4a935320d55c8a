package io.pitstop.steps.outcomes;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Estimate;
import io.pitstop.engine.artifact.RealisedPerformance.Group;
import io.pitstop.steps.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The realised performance file as Prometheus users check an exporter: the real {@code promtool check metrics}. */
class RealisedPerformanceTextfileTest {

    @TempDir
    Path dir;

    private static Group version(String version, long judged, long waiting, double auc, double logLoss, double positiveRate) {
        return new Group(version, null, null, null, null, judged, waiting, Math.round(judged * positiveRate),
                new Estimate(auc, auc - 0.05, auc + 0.05, "hanley_mcneil"), logLoss,
                new Estimate(positiveRate, positiveRate - 0.02, positiveRate + 0.02, "wilson"),
                new Estimate(0.3, 0.28, 0.32, "wilson"), 0.27, List.of());
    }

    private static Group run(String version, String runId, String scoredAt) {
        return new Group(version, runId, Instant.parse(scoredAt), null, null, 1, 0, 0,
                new Estimate(Double.NaN, Double.NaN, Double.NaN, "hanley_mcneil"), Double.NaN,
                new Estimate(0, 0, 0, "wilson"), new Estimate(0, 0, 0, "wilson"), 0, List.of());
    }

    private static RealisedPerformance report(List<Group> versions, List<Group> runs) {
        return new RealisedPerformance(RealisedPerformance.FORMAT_VERSION, "churn", "Yes", "predictions/churn",
                "outcomes/churn", 3, 1500, Instant.parse("2026-12-01T02:00:00Z"), 0, List.of(), versions, runs, List.of());
    }

    @Test
    void promtoolFindsNothingToSayAndEachJudgedVersionHasItsNumbers() throws Exception {
        // 1.0.0 has one class only among its judged (no AUC); 1.2.0 has nothing judged yet, only waiting.
        var r = report(List.of(version("1.0.0", 40, 0, Double.NaN, 0.52, 0.0), version("1.1.0", 1200, 300, 0.8412, 0.4123, 0.265),
                        version("1.2.0", 0, 900, Double.NaN, Double.NaN, Double.NaN)),
                List.of(run("1.0.0", "r1", "2026-10-01T02:00:00Z"), run("1.1.0", "r2", "2026-11-01T02:00:00Z"),
                        run("1.2.0", "r3", "2026-11-20T02:00:00Z")));
        Path file = RealisedPerformanceTextfile.defaultFile(dir, "telco-churn", "outcomes");
        RealisedPerformanceTextfile.write(file, r, "telco-churn");
        assertEquals(dir.resolve("metrics/telco-churn-outcomes.prom"), file);

        Promtool.Check check = Promtool.checkMetrics(file);
        assertEquals(0, check.exit(), check.output());
        assertEquals("", check.output().trim(), "no lint problem");

        String text = Files.readString(file);
        String v11 = "{pipeline=\"telco-churn\",model=\"churn\",version=\"1.1.0\"} ";
        assertTrue(text.contains("pitstop_outcomes_auc" + v11 + "0.841200\n"), text);
        assertTrue(text.contains("pitstop_outcomes_log_loss" + v11 + "0.412300\n"), text);
        assertTrue(text.contains("pitstop_outcomes_positive_ratio" + v11 + "0.265000\n"), text);
        assertTrue(text.contains("pitstop_outcomes_judged" + v11 + "1200\n"), text);
        assertTrue(text.contains("pitstop_outcomes_waiting" + v11 + "300\n"), text);
        String v10 = "{pipeline=\"telco-churn\",model=\"churn\",version=\"1.0.0\"} ";
        assertTrue(text.contains("pitstop_outcomes_judged" + v10 + "40\n"), text);
        assertTrue(text.contains("pitstop_outcomes_positive_ratio" + v10 + "0\n"), text);
        assertFalse(text.contains("pitstop_outcomes_auc" + v10), "no AUC from one class: " + text);
        assertFalse(text.contains("version=\"1.2.0\""), "a version with nothing judged has no series: " + text);
        assertTrue(text.indexOf("pitstop_outcomes_judged" + v11) < text.indexOf("pitstop_outcomes_judged" + v10),
                "the version that scored last comes first: " + text);
        for (String help : text.lines().filter(l -> l.startsWith("# HELP ")).toList()) {
            assertFalse(help.matches(".*\\d.*") || help.contains("churn") || help.contains("telco"),
                    "help texts describe the metric, never this report's data: " + help);
        }
    }

    @Test
    void onlyTheTenVersionsThatScoredLastGetSeries() throws Exception {
        var versions = new ArrayList<Group>();
        var runs = new ArrayList<Group>();
        // Version 1.<i>.0 scored last on day i, except 1.0.0, brought back by a rollback and scoring newest of all.
        for (int i = 0; i < 14; i++) {
            versions.add(version("1." + i + ".0", 100 + i, 0, 0.8, 0.4, 0.25));
            runs.add(run("1." + i + ".0", "r" + i, String.format("2026-11-%02dT02:00:00Z", i + 1)));
        }
        runs.add(run("1.0.0", "r-rollback", "2026-11-30T02:00:00Z"));
        Path file = dir.resolve("many.prom");
        RealisedPerformanceTextfile.write(file, report(versions, runs), "telco-churn");
        assertEquals(0, Promtool.checkMetrics(file).exit());

        List<String> judged = Files.readString(file).lines().filter(l -> l.startsWith("pitstop_outcomes_judged{")).toList();
        assertEquals(RealisedPerformanceTextfile.MAX_VERSIONS, judged.size(), String.join("\n", judged));
        assertTrue(judged.get(0).contains("version=\"1.0.0\"} 100"), judged.get(0));
        assertTrue(judged.get(1).contains("version=\"1.13.0\"} 113"), judged.get(1));
        assertTrue(judged.get(9).contains("version=\"1.5.0\"} 105"), judged.get(9));
        assertTrue(judged.stream().noneMatch(l -> l.contains("version=\"1.4.0\"")), "dropped: " + judged);
    }

    @Test
    void nothingJudgedYetIsAnEmptyFileThatPromtoolAccepts() throws Exception {
        Path file = dir.resolve("none.prom");
        RealisedPerformanceTextfile.write(file, report(List.of(version("1.0.0", 0, 50, Double.NaN, Double.NaN, Double.NaN)),
                List.of(run("1.0.0", "r1", "2026-11-01T02:00:00Z"))), "telco-churn");
        assertEquals("", Files.readString(file));
        assertEquals(0, Promtool.checkMetrics(file).exit());
    }
}
