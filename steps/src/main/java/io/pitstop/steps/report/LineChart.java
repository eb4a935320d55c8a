package io.pitstop.steps.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An inline SVG line chart: axes with ticks, one polyline per series, a legend, an optional diagonal
 * (the chance line of a ROC curve, the perfect line of a calibration plot) and labelled markers (the
 * decision threshold on a curve). Drawn in Java so the page needs no script and no library; each series
 * and marker carries a {@code <title>}, which a browser shows on hover and a test finds in the DOM.
 */
final class LineChart {

    static final int WIDTH = 460;
    static final int HEIGHT = 300;
    private static final int LEFT = 56, RIGHT = 14, TOP = 30, BOTTOM = 46;

    /** One line; points with an undefined coordinate are left out. */
    record Series(String name, List<double[]> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    /** A labelled point, e.g. "decision threshold 0.50". {@code kind} is its CSS class. */
    record Marker(String id, String label, double x, double y, String kind) {
    }

    private final String id;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private double xMin = Double.NaN, xMax, yMin = Double.NaN, yMax;
    private boolean diagonal;
    private boolean integerX;

    LineChart(String id, String title, String xLabel, String yLabel) {
        this.id = id;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Both axes over [0, 1]: rates and probabilities. */
    LineChart unitSquare() {
        xMin = 0;
        xMax = 1;
        yMin = 0;
        yMax = 1;
        return this;
    }

    LineChart withDiagonal() {
        diagonal = true;
        return this;
    }

    /** Ticks on whole numbers of x only: epochs. */
    LineChart integerX() {
        integerX = true;
        return this;
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    LineChart mark(Marker m) {
        markers.add(m);
        return this;
    }

    String svg() {
        if (Double.isNaN(xMin)) fitRanges();
        var svg = new StringBuilder();
        svg.append("<svg id=\"").append(Html.text(id)).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\"><title>").append(Html.text(title)).append("</title>");
        axes(svg);
        if (diagonal) {
            svg.append(String.format(java.util.Locale.ROOT,
                    "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    x(xMin), y(yMin), x(xMax), y(yMax)));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            var points = new StringBuilder();
            for (double[] p : s.points()) {
                if (!defined(p)) continue;
                points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x(p[0]), y(p[1])));
            }
            svg.append("<polyline class=\"series s").append(i % 4).append("\" points=\"").append(points.toString().strip())
                    .append("\"><title>").append(Html.text(s.name())).append("</title></polyline>");
        }
        legend(svg);
        for (Marker m : markers) {
            if (!defined(new double[]{m.x(), m.y()})) continue;
            double cx = x(m.x()), cy = y(m.y());
            svg.append(String.format(java.util.Locale.ROOT,
                    "<circle id=\"%s\" class=\"marker %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"><title>%s</title></circle>",
                    Html.text(m.id()), m.kind(), cx, cy, Html.text(m.label())));
            boolean leftSide = cx > WIDTH - 150;
            svg.append(String.format(java.util.Locale.ROOT, "<text class=\"marker-label %s\" x=\"%.1f\" y=\"%.1f\"%s>%s</text>",
                    m.kind(), leftSide ? cx - 8 : cx + 8, cy + (m.kind().equals("best") ? 14 : -8),
                    leftSide ? " text-anchor=\"end\"" : "", Html.text(m.label())));
        }
        return svg.append("</svg>").toString();
    }

    /** Series names in the top margin, right-aligned, so no name covers a line. */
    private void legend(StringBuilder svg) {
        double right = WIDTH - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--) {
            String name = series.get(i).name();
            svg.append(String.format(java.util.Locale.ROOT,
                    "<text class=\"legend s%d\" x=\"%.1f\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect class=\"s%d\" x=\"%.1f\" y=\"%d\" width=\"10\" height=\"3\"/>",
                    i % 4, right, TOP - 8, Html.text(name), i % 4, right - textWidth(name) - 14, TOP - 12));
            right -= textWidth(name) + 28;
        }
    }

    /** About how wide an 11px label is: capitals wider than the rest (no font metrics without a browser). */
    private static double textWidth(String s) {
        double w = 0;
        for (char c : s.toCharArray()) w += Character.isUpperCase(c) ? 7.5 : 6.0;
        return w;
    }

    private void axes(StringBuilder svg) {
        double x0 = LEFT, x1 = WIDTH - RIGHT, y0 = HEIGHT - BOTTOM, y1 = TOP;
        svg.append(String.format(java.util.Locale.ROOT, "<rect class=\"plot\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                x0, y1, x1 - x0, y0 - y1));
        double xStep = integerX ? Math.max(1, Math.ceil((xMax - xMin) / 5)) : (xMax - xMin) / 4;
        for (double xv = xMin; xv <= xMax + 1e-9; xv += xStep) {
            svg.append(String.format(java.util.Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                            + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                    x(xv), y0, x(xv), y1, x(xv), y0 + 16, label(xv, xStep)));
        }
        double yStep = (yMax - yMin) / 4;
        for (int t = 0; t <= 4; t++) {
            double yv = yMin + yStep * t;
            svg.append(String.format(java.util.Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                            + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    x0, y(yv), x1, y(yv), x0 - 6, y(yv) + 4, label(yv, yStep)));
        }
        svg.append(String.format(java.util.Locale.ROOT,
                "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                        + "<text class=\"axis\" transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                (x0 + x1) / 2, HEIGHT - 8, Html.text(xLabel), (y0 + y1) / 2, Html.text(yLabel)));
        svg.append(String.format(java.util.Locale.ROOT, "<text class=\"chart-title\" x=\"%d\" y=\"18\">%s</text>",
                LEFT, Html.text(title)));
    }

    /** Enough decimals that neighbouring ticks read differently (0.7750, 0.7775 on a narrow axis). */
    private static String label(double v, double step) {
        int decimals = step >= 1 ? (v == Math.rint(v) ? 0 : 1) : Math.min(4, (int) Math.ceil(-Math.log10(step)) + 1);
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Ranges from the data, a little padded, so a flat curve still has a visible axis. */
    private void fitRanges() {
        double lx = Double.POSITIVE_INFINITY, hx = Double.NEGATIVE_INFINITY, ly = lx, hy = hx;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (!defined(p)) continue;
                lx = Math.min(lx, p[0]);
                hx = Math.max(hx, p[0]);
                ly = Math.min(ly, p[1]);
                hy = Math.max(hy, p[1]);
            }
        }
        if (lx > hx) {
            lx = 0;
            hx = 1;
            ly = 0;
            hy = 1;
        }
        if (hx == lx) hx = lx + 1;
        double pad = hy == ly ? Math.max(Math.abs(hy) * 0.1, 0.1) : (hy - ly) * 0.08;
        xMin = lx;
        xMax = hx;
        yMin = ly - pad;
        yMax = hy + pad;
    }

    private double x(double v) {
        return LEFT + (v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
    }

    private double y(double v) {
        return HEIGHT - BOTTOM - (v - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    private static boolean defined(double[] p) {
        return !Double.isNaN(p[0]) && !Double.isNaN(p[1]) && !Double.isInfinite(p[0]) && !Double.isInfinite(p[1]);
    }
}
