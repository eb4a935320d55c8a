package io.pitstop.steps.report;

import java.util.List;
import java.util.Locale;

/**
 * Text into HTML and SVG: every string a report takes from data (a column name, a category value, a
 * rule's explanation) goes through {@link #text}, so a value such as {@code <script>} is shown, never run.
 * Numbers are formatted here too, the same way on every page: an undefined one (NaN) as a dash.
 */
final class Html {

    private Html() {
    }

    /** Escaped for element content and for attribute values in double quotes. */
    static String text(String s) {
        if (s == null) return "";
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A metric to four decimals; a dash when undefined. */
    static String number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String number(Double v) {
        return v == null ? "-" : number(v.doubleValue());
    }

    /** A count with thousands separators, never with decimals. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A short value for an axis tick or a chart label. */
    static String tick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.1f" : "%.2f", v);
    }

    /** One table: a header row and body rows of cells already escaped; {@code rowClasses} may be null. */
    static String table(String id, List<String> header, List<List<String>> rows, List<String> rowClasses) {
        var t = new StringBuilder("<table").append(id == null ? "" : " id=\"" + text(id) + "\"").append("><thead><tr>");
        for (String h : header) t.append("<th>").append(h).append("</th>");
        t.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            String cls = rowClasses == null ? null : rowClasses.get(r);
            t.append(cls == null || cls.isEmpty() ? "<tr>" : "<tr class=\"" + cls + "\">");
            for (String cell : rows.get(r)) t.append("<td>").append(cell).append("</td>");
            t.append("</tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    /** A section of the page, with the id the table of contents and the tests find it by. */
    static String section(String id, String title, String body) {
        return "<section id=\"" + id + "\"><h2>" + text(title) + "</h2>" + body + "</section>\n";
    }

    static String note(String words) {
        return "<p class=\"note\">" + words + "</p>";
    }
}
