package io.pitstop.steps.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart of horizontal bars, one per labelled value, with optional reference lines (a
 * drift warning and error limit). Long labels are cut on screen and kept whole in each bar's
 * {@code <title>}.
 */
final class BarChart {

    private static final int WIDTH = 560, LABEL = 170, RIGHT = 70, ROW = 22, TOP = 30, BOTTOM = 16;
    private static final int LABEL_CHARS = 24;

    /** {@code kind} is the bar's CSS class: ok, warning, error, or empty. */
    record Bar(String label, double value, String kind) {
    }

    record Reference(String label, double value, String kind) {
    }

    private final String id;
    private final String title;
    private final List<Bar> bars = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    BarChart(String id, String title) {
        this.id = id;
        this.title = title;
    }

    BarChart add(Bar bar) {
        bars.add(bar);
        return this;
    }

    BarChart reference(Reference r) {
        references.add(r);
        return this;
    }

    String svg() {
        double max = 0;
        for (Bar b : bars) if (!Double.isNaN(b.value())) max = Math.max(max, Math.abs(b.value()));
        for (Reference r : references) if (!Double.isNaN(r.value())) max = Math.max(max, r.value());
        if (max == 0) max = 1;
        int height = TOP + ROW * bars.size() + BOTTOM;
        double span = WIDTH - LABEL - RIGHT;
        var svg = new StringBuilder();
        svg.append("<svg id=\"").append(Html.text(id)).append("\" class=\"chart bars\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\"><title>").append(Html.text(title)).append("</title>");
        svg.append("<text class=\"chart-title\" x=\"4\" y=\"18\">").append(Html.text(title)).append("</text>");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = TOP + ROW * i;
            double w = Double.isNaN(b.value()) ? 0 : Math.abs(b.value()) / max * span;
            String label = b.label().length() > LABEL_CHARS ? b.label().substring(0, LABEL_CHARS - 1) + "…" : b.label();
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"bar-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                            + "<rect class=\"bar %s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"><title>%s: %s</title></rect>"
                            + "<text class=\"bar-value\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    LABEL - 6, y + ROW * 0.7, Html.text(label), b.kind(), LABEL, y + 3, w, ROW - 6,
                    Html.text(b.label()), Html.number(b.value()), LABEL + w + 4, y + ROW * 0.7, Html.number(b.value())));
        }
        for (Reference r : references) {
            if (Double.isNaN(r.value())) continue;
            double x = LABEL + r.value() / max * span;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"limit %s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"><title>%s %s</title></line>"
                            + "<text class=\"limit-label %s\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    r.kind(), x, TOP - 4, x, height - BOTTOM + 4, Html.text(r.label()), Html.number(r.value()),
                    r.kind(), x, height - 2, Html.text(r.label())));
        }
        return svg.append("</svg>").toString();
    }
}
