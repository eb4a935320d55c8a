package io.pitstop.steps.report;

import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.OperatingPoints;
import io.pitstop.steps.metrics.OperatingPoints.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * ROC and precision-recall curves of a binary classifier on the test split, with the decision threshold
 * the pipeline declared and the F1-best threshold marked on both, so a reader sees where the model
 * decides and what moving the threshold would trade.
 */
final class RocSection {

    private RocSection() {
    }

    static String html(EvaluationReport report) {
        OperatingPoints op = report.operatingPoints();
        if (op == null) {
            return Html.section("roc", "ROC and precision-recall", Html.note("This evaluation was recorded before"
                    + " Pitstop kept ROC points and the threshold table; evaluate the model again to see them."));
        }
        var roc = new ArrayList<double[]>();
        var pr = new ArrayList<double[]>();
        roc.add(new double[]{0, 0});
        for (Point p : op.curve()) {
            roc.add(new double[]{p.fpr(), p.recall()});
            pr.add(new double[]{p.recall(), p.precision()});
        }
        roc.add(new double[]{1, 1});
        var rocChart = new LineChart("roc-curve", String.format(java.util.Locale.ROOT, "ROC curve (AUC %s)",
                Html.number(report.overall().auc())), "false positive rate", "true positive rate")
                .unitSquare().withDiagonal().add(new LineChart.Series("ROC", roc));
        var prChart = new LineChart("pr-curve", "Precision-recall curve", "recall", "precision")
                .unitSquare().add(new LineChart.Series("precision-recall", pr));
        Point chosen = at(op.table(), report.threshold());
        if (chosen != null) {
            String label = "decision threshold " + Html.tick(report.threshold());
            rocChart.mark(new LineChart.Marker("roc-threshold", label, chosen.fpr(), chosen.recall(), "chosen"));
            prChart.mark(new LineChart.Marker("pr-threshold", label, chosen.recall(), chosen.precision(), "chosen"));
        }
        if (op.bestF1() != null && op.bestF1().threshold() != report.threshold()) {
            Point best = op.bestF1();
            String label = String.format(java.util.Locale.ROOT, "best F1 at %.3f", best.threshold());
            rocChart.mark(new LineChart.Marker("roc-best-f1", label, best.fpr(), best.recall(), "best"));
            prChart.mark(new LineChart.Marker("pr-best-f1", label, best.recall(), best.precision(), "best"));
        }
        return Html.section("roc", "ROC and precision-recall", "<div class=\"charts\">" + rocChart.svg() + prChart.svg() + "</div>");
    }

    static Point at(List<Point> points, double threshold) {
        return points.stream().filter(p -> p.threshold() == threshold).findFirst().orElse(null);
    }
}
