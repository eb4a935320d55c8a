package io.pitstop.steps.report;

import io.pitstop.steps.drift.DriftReport;
import io.pitstop.steps.drift.DriftReport.FeatureDrift;

import java.util.ArrayList;
import java.util.List;

/**
 * Input drift a scoring run measured against the training profile: one bar per feature (its PSI), the
 * contract's warning and error limits as lines, and the outcome and reason per feature.
 */
final class DriftSection {

    private DriftSection() {
    }

    static String html(DriftReport drift, String step) {
        var bars = new BarChart("drift-bars", "Population stability index per feature")
                .reference(new BarChart.Reference("psi_warning", drift.psiWarning(), "warning"))
                .reference(new BarChart.Reference("psi_error", drift.psiError(), "error"));
        var rows = new ArrayList<List<String>>();
        for (FeatureDrift f : drift.features()) {
            String kind = switch (f.outcome()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOT_JUDGED -> "not-judged";
                case OK -> "ok";
            };
            bars.add(new BarChart.Bar(f.feature(), f.psi(), kind));
            rows.add(List.of(Html.text(f.feature()), Html.number(f.psi()), f.unseenShare() == null ? "-" : Html.number(f.unseenShare()),
                    Html.count(f.nonNull()), Html.text(f.outcome().name().toLowerCase().replace('_', ' ')), Html.text(f.reason())));
        }
        String head = Html.note("Measured by step " + Html.text(step) + " on " + Html.count(drift.rows()) + " rows: "
                + Html.text(drift.summary()));
        return Html.section("drift", "Input drift", head + bars.svg() + Html.table("drift-table",
                List.of("feature", "PSI", "unseen share", "values", "outcome", "why"), rows, null));
    }
}
