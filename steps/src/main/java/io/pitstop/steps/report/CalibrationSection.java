package io.pitstop.steps.report;

import io.pitstop.steps.metrics.CalibrationBin;
import io.pitstop.steps.metrics.EvaluationReport;

import java.util.ArrayList;
import java.util.List;

/** The reliability diagram: per score bin, the mean predicted score against the observed positive rate. */
final class CalibrationSection {

    private CalibrationSection() {
    }

    static String html(EvaluationReport report) {
        var points = new ArrayList<double[]>();
        var rows = new ArrayList<List<String>>();
        for (CalibrationBin b : report.calibration()) {
            if (b.count() > 0) points.add(new double[]{b.meanPredicted(), b.observedRate()});
            rows.add(List.of(Html.tick(b.lower()) + "–" + Html.tick(b.upper()), Html.count(b.count()),
                    Html.number(b.meanPredicted()), Html.number(b.observedRate())));
        }
        var chart = new LineChart("calibration-chart", "Calibration", "mean predicted score", "observed positive rate")
                .unitSquare().withDiagonal().add(new LineChart.Series("model", points));
        return Html.section("calibration", "Calibration", "<div class=\"charts\">" + chart.svg()
                + Html.table("calibration-table", List.of("scores", "rows", "mean predicted", "observed rate"), rows, null)
                + "</div>");
    }
}
