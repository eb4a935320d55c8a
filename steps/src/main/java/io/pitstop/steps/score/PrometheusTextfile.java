package io.pitstop.steps.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a scoring run's metrics in the Prometheus text exposition format for node_exporter's
 * textfile collector: the batch-job convention of writing a temporary file beside the target and
 * renaming it over the target, so the collector never reads half a file.
 */
public final class PrometheusTextfile {

    private PrometheusTextfile() {
    }

    public static void write(Path file, MonitoringReport report, String pipeline, long finishedEpochSeconds,
                             Map<String, Double> extra) throws IOException {
        String labels = "{pipeline=\"" + escape(pipeline) + "\",model=\"" + escape(report.model())
                + "\",version=\"" + escape(report.version()) + "\"}";
        var out = new StringBuilder();
        gauge(out, "pitstop_scoring_rows", "Rows scored by the last committed run.", labels, report.rows());
        gauge(out, "pitstop_scoring_duration_seconds", "Duration of the last run's scoring, check and swap.", labels,
                report.durationSeconds());
        gauge(out, "pitstop_scoring_last_success_timestamp_seconds", "When the last run committed its predictions.",
                labels, finishedEpochSeconds);
        gauge(out, "pitstop_scoring_level", "Worst monitoring level of the last run: 0 ok, 1 warning, 2 error.",
                labels, report.level().ordinal());
        for (Signal s : report.signals()) {
            if (Double.isNaN(s.value())) continue;
            gauge(out, "pitstop_scoring_" + s.name(), s.detail().isEmpty() ? s.name() : firstClause(s.detail()),
                    labels, s.value());
        }
        gauge(out, "pitstop_scoring_model_stale", "1 when the model is older than its declared maximum age.", labels,
                report.signals().stream().anyMatch(s -> s.name().equals("model_age_days")
                        && s.level() == Limit.Level.ERROR) ? 1 : 0);
        for (var e : new java.util.TreeMap<>(extra).entrySet()) {
            gauge(out, "pitstop_scoring_" + e.getKey(), e.getKey().replace('_', ' '), labels, e.getValue());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.writeString(tmp, out.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help.replace('\n', ' ')).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String firstClause(String detail) {
        int semicolon = detail.indexOf(';');
        return semicolon < 0 ? detail : detail.substring(0, semicolon);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
