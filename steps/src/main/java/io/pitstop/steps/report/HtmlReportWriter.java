package io.pitstop.steps.report;

import io.pitstop.engine.report.ReportSources;
import io.pitstop.engine.report.ReportWriter;
import io.pitstop.steps.metrics.EvaluationReport;
import io.pitstop.steps.metrics.TaskEvaluationReport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page {@code ./pitstop report} writes: one HTML document with its style inline and every chart an
 * inline SVG drawn in Java, so it opens from a file, offline, anywhere, and can be attached to a ticket.
 * A Content-Security-Policy forbids any network fetch and any script, as a second line behind escaping.
 * Sections follow the model's task: a binary classifier gets ROC, precision-recall, the threshold table and
 * calibration; a multiclass model its confusion matrix; a regression model its errors.
 */
public final class HtmlReportWriter implements ReportWriter {

    private static final Pattern SECTION = Pattern.compile("<section id=\"([a-z-]+)\"><h2>([^<]*)</h2>");

    @Override
    public String page(ReportSources sources) throws IOException {
        ReportEvidence e = ReportEvidence.from(sources);
        var sections = new ArrayList<String>();
        sections.add(SummarySection.html(sources, e));
        if (!e.curves().isEmpty()) sections.add(LearningCurvesSection.html(e.curves(), e.curvesStep()));
        if (e.metrics() instanceof EvaluationReport binary) {
            sections.add(RocSection.html(binary));
            sections.add(ThresholdSection.html(binary));
            sections.add(CalibrationSection.html(binary));
        } else if (e.metrics() instanceof TaskEvaluationReport task) {
            sections.add(task.confusionMatrix() != null && !task.confusionMatrix().isEmpty()
                    ? ConfusionSection.html(task) : ErrorsSection.html(task));
        }
        if (e.metrics() != null) {
            sections.add(SlicesSection.html(e.metrics()));
            sections.add(FairnessSection.html(e.metrics()));
        }
        if (e.gate() != null) sections.add(GateSection.html(e.gate()));
        if (e.profile() != null) sections.add(ProfileSection.html(e.profile()));
        if (e.drift() != null) sections.add(DriftSection.html(e.drift(), e.driftStep()));
        sections.removeIf(String::isEmpty);
        return page(sources.title(), sections, missing(e));
    }

    /** What this page lacks and why, so an absent chart is explained rather than silently missing. */
    private static List<String> missing(ReportEvidence e) {
        var out = new ArrayList<String>();
        if (e.curves().isEmpty()) out.add("learning curves (no training step recorded in this run store)");
        if (e.metrics() == null) out.add("evaluation (no metrics.json)");
        if (e.gate() == null) out.add("quality gate (no gate report)");
        if (e.profile() == null) out.add("data profile (none recorded)");
        if (e.drift() == null) out.add("input drift (no scoring measured it in this run)");
        return out;
    }

    private static String page(String title, List<String> sections, List<String> missing) {
        var nav = new StringBuilder("<nav>");
        for (String s : sections) {
            Matcher m = SECTION.matcher(s);
            if (m.find()) nav.append("<a href=\"#").append(m.group(1)).append("\">").append(m.group(2)).append("</a>");
        }
        nav.append("</nav>");
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Pitstop report: ").append(Html.text(title)).append("</title><style>").append(STYLE)
                .append("</style></head><body><header><h1>Pitstop report: ").append(Html.text(title)).append("</h1>")
                .append(nav).append("</header><main>\n");
        sections.forEach(html::append);
        if (!missing.isEmpty()) {
            html.append(Html.section("not-shown", "Not shown", Html.note("Not on this page: "
                    + Html.text(String.join("; ", missing)) + ".")));
        }
        return html.append("</main></body></html>\n").toString();
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;margin:0;background:#f8fafc}
            header{background:#0f172a;color:#f8fafc;padding:12px 24px}h1{font-size:20px;margin:0 0 6px}
            nav a{color:#93c5fd;margin-right:14px;text-decoration:none;font-size:13px}
            main{padding:8px 24px 32px;max-width:1200px}section{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:6px 16px 14px;margin:14px 0}
            h2{font-size:17px;margin:8px 0}h3{font-size:14px;margin:12px 0 6px}
            .charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
            table{border-collapse:collapse;font-size:12.5px;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #e5e7eb;text-align:right}
            th:first-child,td:first-child{text-align:left}thead th{background:#f1f5f9}
            tr.best td{background:#dcfce7;font-weight:600}tr.chosen td{background:#e0f2fe}tr.best.chosen td{background:#bbf7d0}
            tr.decided td{background:#fee2e2;font-weight:600}tr.failed td{color:#b91c1c}
            .note{color:#475569;font-size:12.5px}.verdict.passed{color:#15803d}.verdict.failed{color:#b91c1c}
            svg.chart{background:#fff}svg .plot{fill:#fff;stroke:#cbd5e1}svg .grid{stroke:#eef2f7}
            svg .tick{font-size:10px;fill:#64748b}svg .axis{font-size:11px;fill:#334155}svg .chart-title{font-size:12px;font-weight:600;fill:#0f172a}
            svg .series{fill:none;stroke-width:2}svg .s0{stroke:#2563eb;fill:#2563eb}svg .s1{stroke:#ea580c;fill:#ea580c}
            svg .s2{stroke:#16a34a;fill:#16a34a}svg .s3{stroke:#9333ea;fill:#9333ea}svg polyline.series{fill:none}
            svg text.legend{font-size:11px;stroke:none}svg .reference{stroke:#94a3b8;stroke-dasharray:4 3}
            svg .marker.chosen{fill:#0284c7;stroke:#fff;stroke-width:1.5}svg .marker.best{fill:#16a34a;stroke:#fff;stroke-width:1.5}
            svg .marker-label{font-size:10.5px;font-weight:600}svg .marker-label.chosen{fill:#0369a1}svg .marker-label.best{fill:#15803d}
            svg .bar{fill:#60a5fa}svg .bar.ok{fill:#4ade80}svg .bar.warning{fill:#fbbf24}svg .bar.error{fill:#f87171}
            svg .bar.not-judged{fill:#cbd5e1}svg .bar.baseline{fill:#94a3b8}svg .bar-label,svg .bar-value{font-size:11px;fill:#334155}
            svg .limit{stroke-dasharray:3 3;stroke-width:1.5}svg .limit.warning{stroke:#d97706}svg .limit.error{stroke:#dc2626}
            svg .limit-label{font-size:10px;fill:#475569}
            table.matrix td.diagonal{font-weight:700}
            """;
}
