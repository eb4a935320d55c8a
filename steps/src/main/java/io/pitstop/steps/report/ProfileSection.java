package io.pitstop.steps.report;

import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The training data's profile, one row per column: type, nulls, completeness, distinct values, and the
 * range and mean of a numeric column or the most frequent values of a categorical one, with completeness
 * as bars so a mostly-empty column stands out.
 */
final class ProfileSection {

    private static final int TOP_VALUES = 4;

    private ProfileSection() {
    }

    static String html(DatasetProfile profile) {
        var rows = new ArrayList<List<String>>();
        var completeness = new BarChart("profile-completeness", "Completeness per column");
        for (ColumnProfile c : profile.columns()) {
            String shape;
            if (c.numeric() != null) {
                var n = c.numeric();
                shape = "min " + Html.number(n.min()) + ", mean " + Html.number(n.mean()) + ", max " + Html.number(n.max());
            } else if (c.categorical() != null) {
                shape = c.categorical().frequencies().entrySet().stream().limit(TOP_VALUES)
                        .map((Map.Entry<String, Long> e) -> Html.text(e.getKey()) + " (" + Html.count(e.getValue()) + ")")
                        .collect(Collectors.joining(", "));
            } else {
                shape = "";
            }
            rows.add(List.of(Html.text(c.name()), Html.text(c.type()), Html.count(c.nulls()), Html.number(c.completeness()),
                    Html.count(c.approxDistinct()), shape));
            completeness.add(new BarChart.Bar(c.name(), c.completeness(), c.completeness() < 1 ? "warning" : "ok"));
        }
        String head = Html.note(Html.count(profile.rows()) + " rows of " + Html.text(profile.dataset())
                + (profile.sampledRows() != null && profile.sampledRows() < profile.rows()
                ? "; distributions from a sample of " + Html.count(profile.sampledRows()) : ""));
        return Html.section("profile", "Training data profile", head + completeness.svg()
                + Html.table("profile-table", List.of("column", "type", "nulls", "completeness", "distinct (approx.)",
                "values"), rows, null));
    }
}
