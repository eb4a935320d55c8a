package io.pitstop.steps.report;

import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.metrics.TaskEvaluationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The metrics of each segment of each slice column (e.g. per {@code contract}), as a table and as bars of
 * the task's main metric, so one segment regressing while the total holds is visible.
 */
final class SlicesSection {

    private SlicesSection() {
    }

    static String html(MetricsReport report) {
        Set<String> columns = report instanceof EvaluationReport b ? b.slices().keySet()
                : ((TaskEvaluationReport) report).slices().keySet();
        if (columns.isEmpty()) return "";
        List<String> names = switch (task(report)) {
            case "multiclass" -> List.of("accuracy", "macro_f1", "log_loss");
            case "regression" -> List.of("rmse", "mae", "r2");
            default -> List.of("auc", "log_loss", "accuracy", "f1");
        };
        var body = new StringBuilder();
        int c = 0;
        for (String column : columns) {
            var bars = new BarChart("slice-" + c++, names.get(0) + " by " + column);
            var rows = new ArrayList<List<String>>();
            report.segments(column).forEach((value, segment) -> {
                var row = new ArrayList<String>(List.of(Html.text(value), Html.count(segment.rows())));
                for (String n : names) row.add(Html.number(segment.metrics().get(n)));
                rows.add(row);
                bars.add(new BarChart.Bar(value, segment.metrics().getOrDefault(names.get(0), Double.NaN), ""));
            });
            var header = new ArrayList<String>(List.of(Html.text(column), "rows"));
            header.addAll(names);
            body.append("<h3>By ").append(Html.text(column)).append("</h3><div class=\"charts\">").append(bars.svg())
                    .append(Html.table(null, header, rows, null)).append("</div>");
        }
        return Html.section("slices", "Metrics per slice", body.toString());
    }

    static String task(MetricsReport report) {
        return report instanceof TaskEvaluationReport t ? t.task() : "binary";
    }
}
