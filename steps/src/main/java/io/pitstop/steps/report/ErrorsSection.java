package io.pitstop.steps.report;

import io.pitstop.steps.metrics.TaskEvaluationReport;

import java.util.List;
import java.util.Map;

/**
 * A regression model's errors: RMSE and MAE beside the RMSE of always predicting the test split's mean
 * (what a useful model beats), and R². A classifier's ROC or threshold has no meaning here.
 */
final class ErrorsSection {

    private ErrorsSection() {
    }

    static String html(TaskEvaluationReport report) {
        Map<String, Double> m = report.overall();
        double rmse = m.getOrDefault("rmse", Double.NaN), baseline = m.getOrDefault("baseline_rmse", Double.NaN);
        var bars = new BarChart("error-bars", "Errors on the test split (lower is better)")
                .add(new BarChart.Bar("RMSE", rmse, rmse < baseline ? "ok" : "error"))
                .add(new BarChart.Bar("MAE", m.getOrDefault("mae", Double.NaN), ""))
                .add(new BarChart.Bar("RMSE of predicting the mean", baseline, "baseline"));
        String verdict = Double.isNaN(rmse) || Double.isNaN(baseline) ? ""
                : Html.note(String.format(java.util.Locale.ROOT, "RMSE is %.1f%% %s than predicting the mean; R² %s.",
                Math.abs(1 - rmse / baseline) * 100, rmse < baseline ? "lower" : "higher",
                Html.number(m.getOrDefault("r2", Double.NaN))));
        return Html.section("errors", "Errors", verdict + bars.svg()
                + Html.table("error-table", List.of("metric", "value"), List.of(
                List.of("rmse", Html.number(rmse)), List.of("mae", Html.number(m.get("mae"))),
                List.of("baseline_rmse", Html.number(baseline)), List.of("r2", Html.number(m.get("r2"))),
                List.of("count", m.get("count") == null ? "-" : Html.count(m.get("count").longValue()))), null));
    }
}
