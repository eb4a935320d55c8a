package io.pitstop.steps.report;

import io.pitstop.steps.metrics.TaskEvaluationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A multiclass model's confusion matrix (rows actual, columns predicted; each cell shaded by its share of
 * its row) and per-class precision, recall and F1, drawn as bars so the weakest class stands out.
 */
final class ConfusionSection {

    private ConfusionSection() {
    }

    static String html(TaskEvaluationReport report) {
        List<String> classes = report.classes();
        var matrix = new StringBuilder("<table id=\"confusion-matrix\" class=\"matrix\"><thead><tr><th>actual \\ predicted</th>");
        for (String c : classes) matrix.append("<th>").append(Html.text(c)).append("</th>");
        matrix.append("</tr></thead><tbody>");
        List<List<Long>> rows = report.confusionMatrix() == null ? List.of() : report.confusionMatrix();
        for (int i = 0; i < rows.size() && i < classes.size(); i++) {
            long total = rows.get(i).stream().mapToLong(Long::longValue).sum();
            matrix.append("<tr><th>").append(Html.text(classes.get(i))).append("</th>");
            for (int j = 0; j < rows.get(i).size(); j++) {
                long n = rows.get(i).get(j);
                double share = total == 0 ? 0 : (double) n / total;
                matrix.append(String.format(java.util.Locale.ROOT,
                        "<td class=\"%s\" style=\"background: rgba(37, 99, 235, %.2f)\">%s</td>",
                        i == j ? "diagonal" : "", share * 0.8, Html.count(n)));
            }
            matrix.append("</tr>");
        }
        matrix.append("</tbody></table>");
        var f1 = new BarChart("per-class-f1", "F1 per class");
        var table = new ArrayList<List<String>>();
        for (String c : classes) {
            Map<String, Double> m = report.perClass() == null || !report.perClass().containsKey(c) ? Map.of() : report.perClass().get(c);
            f1.add(new BarChart.Bar(c, m.getOrDefault("f1", Double.NaN), ""));
            table.add(List.of(Html.text(c), Html.number(m.get("precision")), Html.number(m.get("recall")),
                    Html.number(m.get("f1")), m.get("support") == null ? "-" : Html.count(m.get("support").longValue())));
        }
        return Html.section("confusion", "Confusion matrix and classes", matrix + "<div class=\"charts\">" + f1.svg()
                + Html.table("per-class-table", List.of("class", "precision", "recall", "F1", "support"), table, null) + "</div>");
    }
}
