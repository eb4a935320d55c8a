package io.pitstop.steps.report;

import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.OperatingPoints;
import io.pitstop.steps.metrics.OperatingPoints.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Precision, recall and F1 by threshold: a grid, the declared decision threshold and the threshold with the
 * best F1 on the test split (highlighted), so choosing {@code model: { decision_threshold: ... }} is a
 * reading, not a guess. Tuned on the test split it is optimistic; the page says so.
 */
final class ThresholdSection {

    private ThresholdSection() {
    }

    static String html(EvaluationReport report) {
        OperatingPoints op = report.operatingPoints();
        if (op == null) return "";
        var rows = new ArrayList<List<String>>();
        var classes = new ArrayList<String>();
        for (Point p : op.table()) {
            boolean best = op.bestF1() != null && p.threshold() == op.bestF1().threshold();
            boolean chosen = p.threshold() == report.threshold();
            String mark = (chosen ? " decision threshold" : "") + (best ? " best F1" : "");
            rows.add(List.of(String.format(Locale.ROOT, "%.3f", p.threshold()) + (mark.isEmpty() ? "" : " <em>(" + mark.strip() + ")</em>"),
                    Html.count(p.flagged()), Html.number(p.precision()), Html.number(p.recall()), Html.number(p.fpr()),
                    Html.number(p.f1())));
            classes.add((best ? "best" : "") + (chosen ? (best ? " " : "") + "chosen" : ""));
        }
        String body = Html.table("threshold-table", List.of("threshold", "rows flagged", "precision", "recall",
                "false positive rate", "F1"), rows, classes);
        if (op.bestF1() != null) {
            Point chosen = RocSection.at(op.table(), report.threshold());
            body = Html.note(String.format(Locale.ROOT, "F1 is %s at the decision threshold %s and %s at %.3f, the best"
                            + " on the test split (a threshold chosen on the test split flatters it; confirm on new data).",
                    chosen == null ? "-" : Html.number(chosen.f1()), Html.tick(report.threshold()),
                    Html.number(op.bestF1().f1()), op.bestF1().threshold())) + body;
        }
        return Html.section("thresholds", "Threshold table", body);
    }
}
