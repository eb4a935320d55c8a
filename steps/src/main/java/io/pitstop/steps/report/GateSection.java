package io.pitstop.steps.report;

import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.artifact.GateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The quality gate's decision: pass or fail and the rule that decided, the challenger's metrics beside
 * the champion's (measured on the same split), and every rule with its values and limit; the deciding
 * rule's row is highlighted.
 */
final class GateSection {

    private GateSection() {
    }

    static String html(GateReport gate) {
        var body = new StringBuilder();
        body.append("<p id=\"gate-verdict\" class=\"verdict ").append(gate.passed() ? "passed" : "failed").append("\">")
                .append(gate.passed() ? "Passed" : "Failed").append(", decided by <strong>")
                .append(Html.text(gate.decidedBy())).append("</strong>; champion: ").append(Html.text(gate.champion()))
                .append("</p>");
        if (gate.challengerMetrics() != null) {
            var names = new TreeSet<>(gate.challengerMetrics().keySet());
            if (gate.championMetrics() != null) names.addAll(gate.championMetrics().keySet());
            var rows = new ArrayList<List<String>>();
            for (String n : names) {
                Double challenger = gate.challengerMetrics().get(n);
                Double champion = gate.championMetrics() == null ? null : gate.championMetrics().get(n);
                rows.add(List.of(Html.text(n), value(n, challenger), value(n, champion),
                        challenger == null || champion == null ? "-" : Html.number(challenger - champion)));
            }
            body.append(Html.table("champion-vs-challenger", List.of("metric", "challenger", "champion", "difference"), rows, null));
        }
        var rows = new ArrayList<List<String>>();
        var classes = new ArrayList<String>();
        for (GateRule r : gate.rules()) {
            rows.add(List.of(Html.text(r.rule()), Html.text(r.metric()) + (r.column() == null ? "" : " (" + Html.text(r.column()) + ")"),
                    Html.number(r.challenger()), Html.number(r.champion()), Html.number(r.limit()),
                    r.passed() ? "passed" : "<strong>failed</strong>", Html.text(r.explanation())));
            classes.add(gate.decidedBy().equals(r.rule() + ":" + r.metric()) ? "decided" : r.passed() ? "" : "failed");
        }
        body.append("<h3>Rules</h3>").append(Html.table("gate-rules", List.of("rule", "metric", "challenger", "champion",
                "limit", "outcome", "why"), rows, classes));
        if (!gate.notJudged().isEmpty()) {
            body.append(Html.note("Not judged: " + Html.text(String.join("; ", gate.notJudged()))));
        }
        return Html.section("gate", "Quality gate: champion vs challenger", body.toString());
    }

    private static String value(String name, Double v) {
        return v != null && name.equals("count") ? Html.count(v.longValue()) : Html.number(v);
    }
}
