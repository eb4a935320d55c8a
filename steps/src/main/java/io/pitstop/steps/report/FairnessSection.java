package io.pitstop.steps.report;

import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.metrics.ProtectedGroups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per protected column the evaluation declared: each judged group's metrics, the gaps between groups, and
 * the groups too small to judge. Absent when the pipeline declares no protected column.
 */
final class FairnessSection {

    private FairnessSection() {
    }

    static String html(MetricsReport report) {
        if (report.fairness().isEmpty()) return "";
        var body = new StringBuilder();
        for (Map.Entry<String, ProtectedGroups> column : report.fairness().entrySet()) {
            ProtectedGroups groups = column.getValue();
            var names = new TreeSet<String>();
            groups.groups().values().forEach(m -> names.addAll(m.keySet()));
            var header = new ArrayList<String>(List.of(Html.text(column.getKey())));
            names.forEach(n -> header.add(Html.text(n)));
            var rows = new ArrayList<List<String>>();
            groups.groups().forEach((group, m) -> {
                var row = new ArrayList<String>(List.of(Html.text(group)));
                for (String n : names) row.add(n.equals("count") && m.get(n) != null ? Html.count(m.get(n).longValue()) : Html.number(m.get(n)));
                rows.add(row);
            });
            body.append("<h3>By ").append(Html.text(column.getKey())).append("</h3>").append(Html.table(null, header, rows, null));
            if (!groups.gaps().isEmpty()) {
                body.append("<ul>");
                groups.gaps().forEach((gap, g) -> body.append("<li>").append(Html.text(gap.replace('_', ' '))).append(": ")
                        .append(Html.number(g.value())).append(" (").append(Html.text(g.highest())).append(' ')
                        .append(Html.number(g.highestValue())).append(" vs ").append(Html.text(g.lowest())).append(' ')
                        .append(Html.number(g.lowestValue())).append(")</li>"));
                body.append("</ul>");
            }
            groups.notJudged().forEach((group, why) -> body.append(Html.note("Not judged: " + Html.text(group) + ", "
                    + Html.text(why.reason()))));
        }
        return Html.section("fairness", "Fairness by group", body.toString());
    }
}
