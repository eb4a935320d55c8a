package io.pitstop.steps.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-epoch curves training recorded: losses on one chart (training against validation shows
 * over-fitting), every other curve (validation AUC, accuracy or RMSE) on a second.
 */
final class LearningCurvesSection {

    private LearningCurvesSection() {
    }

    static String html(Map<String, List<Double>> curves, String step) {
        var losses = new LineChart("learning-curves-loss", "Loss by epoch", "epoch", "loss").integerX();
        var others = new LineChart("learning-curves-metric", "Validation metric by epoch", "epoch", "value").integerX();
        int otherCount = 0;
        for (var c : new TreeMap<>(curves).entrySet()) {
            var points = new ArrayList<double[]>();
            for (int i = 0; i < c.getValue().size(); i++) {
                Double v = c.getValue().get(i);
                points.add(new double[]{i + 1, v == null ? Double.NaN : v});
            }
            var series = new LineChart.Series(c.getKey(), points);
            if (c.getKey().contains("loss")) losses.add(series);
            else {
                others.add(series);
                otherCount++;
            }
        }
        String body = "<div class=\"charts\">" + losses.svg() + (otherCount > 0 ? others.svg() : "") + "</div>"
                + Html.note("Recorded by step " + Html.text(step) + ", one point per epoch.");
        return Html.section("learning-curves", "Learning curves", body);
    }
}
