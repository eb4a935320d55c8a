package io.pitstop.steps.report;

import io.pitstop.engine.report.ReportSources;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.TaskEvaluationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The page's head: what this is a report of (run, pipeline, commit, model), and the headline metrics. */
final class SummarySection {

    private SummarySection() {
    }

    static String html(ReportSources sources, ReportEvidence e) {
        var rows = new ArrayList<List<String>>();
        RunRecord run = sources.run();
        if (run != null) {
            rows.add(List.of("run", Html.text(run.runId()) + " (" + Html.text(run.status().name().toLowerCase()) + ")"));
            rows.add(List.of("pipeline", Html.text(run.pipeline()) + " (" + Html.text(run.pipelineFile()) + ")"));
            rows.add(List.of("commit", run.gitCommit() == null ? "-" : Html.text(run.gitCommit())
                    + (run.gitDirty() ? " (uncommitted changes)" : "")));
            rows.add(List.of("started", Html.text(String.valueOf(run.startedAt()))));
        }
        if (sources.packageDir() != null) rows.add(List.of("package", Html.text(sources.packageDir().getFileName().toString())));
        if (e.metrics() instanceof EvaluationReport b) {
            rows.add(List.of("task", "binary classification"));
            rows.add(List.of("decision threshold", Html.number(b.threshold())));
        } else if (e.metrics() instanceof TaskEvaluationReport t) {
            rows.add(List.of("task", Html.text(t.task())));
        }
        var body = new StringBuilder(Html.table("summary-table", List.of("", ""), rows, null));
        if (e.metrics() != null) {
            var headline = new ArrayList<List<String>>();
            for (Map.Entry<String, Double> m : e.metrics().stepMetrics().entrySet()) {
                headline.add(List.of(Html.text(m.getKey()), m.getKey().equals("count")
                        ? Html.count(m.getValue().longValue()) : Html.number(m.getValue())));
            }
            body.append("<h3>Held-out test split</h3>").append(Html.table("headline-metrics", List.of("metric", "value"), headline, null));
        }
        return Html.section("summary", "Summary", body.toString());
    }
}
