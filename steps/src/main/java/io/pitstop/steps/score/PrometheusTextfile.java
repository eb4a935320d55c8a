package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a scoring run's metrics in the Prometheus text exposition format for node_exporter's
 * textfile collector: the batch-job convention of writing a temporary file beside the target and
 * renaming it over the target, so the collector never reads half a file.
 *
 * <p>Written by the book, so that {@code promtool check metrics} passes: base units in the names
 * ({@code _seconds}, {@code _ratio}), help texts that describe the metric and never carry a value or a
 * column name, and labels that stay the same from release to release ({@code pipeline}, {@code model};
 * {@code column} for per-column series). The model version that scored is one series of its own,
 * {@code pitstop_scoring_model_info{...,version="1.4.0"} 1}, to join on where a panel needs it; a
 * release therefore starts no new series but that one.
 *
 * <pre>
 * pitstop_scoring_model_info{pipeline="telco-churn",model="churn",version="1.1.0"} 1
 * pitstop_scoring_rows{pipeline="telco-churn",model="churn"} 7043
 * pitstop_scoring_null_ratio{pipeline="telco-churn",model="churn",column="total_charges"} 0.0016
 * pitstop_scoring_last_success_timestamp_seconds{pipeline="telco-churn",model="churn"} 1796115600
 * </pre>
 */
public final class PrometheusTextfile {

    static final String LAST_SUCCESS = "pitstop_scoring_last_success_timestamp_seconds";
    private static final String LAST_SUCCESS_HELP = "Unix time of the last run whose score step succeeded, "
            + "by scoring or served from the cache because nothing it reads changed.";

    /** A signal's series: its name, its help text, and the factor from the signal's unit to the base unit. */
    private record Series(String name, String help, double factor) {
    }

    /** Signals and shadow comparisons by the name scoring gives them. */
    private static final Map<String, Series> SERIES = Map.of(
            "input_psi", new Series("pitstop_scoring_input_psi",
                    "Largest population stability index of a judged input feature against the training profile.", 1),
            "prediction_psi", new Series("pitstop_scoring_prediction_psi",
                    "Population stability index of the scores against the previous run's.", 1),
            "model_age_days", new Series("pitstop_scoring_model_age_seconds",
                    "Age of the scoring model's package, from when it was built.", 86_400),
            "shadow_decision_agreement", new Series("pitstop_scoring_shadow_decision_agreement_ratio",
                    "Share of rows on which the staging model decides as the production model does.", 1),
            "shadow_score_correlation", new Series("pitstop_scoring_shadow_score_correlation",
                    "Pearson correlation of the staging model's scores with the production model's.", 1),
            "shadow_score_psi", new Series("pitstop_scoring_shadow_score_psi",
                    "Population stability index of the staging model's scores against the production model's.", 1));

    private PrometheusTextfile() {
    }

    public static void write(Path file, MonitoringReport report, String pipeline, long finishedEpochSeconds,
                             Map<String, Double> extra) throws IOException {
        String labels = labels(pipeline, report.model());
        var out = new StringBuilder();
        gauge(out, "pitstop_scoring_model_info", "The model version the last committed run scored with, as a label; always 1.",
                "{pipeline=\"" + escape(pipeline) + "\",model=\"" + escape(report.model()) + "\",version=\""
                        + escape(report.version()) + "\"}", 1);
        gauge(out, "pitstop_scoring_rows", "Rows scored by the last committed run.", labels, report.rows());
        gauge(out, "pitstop_scoring_duration_seconds", "Duration of the last run's scoring, check and swap.", labels,
                report.durationSeconds());
        gauge(out, LAST_SUCCESS, LAST_SUCCESS_HELP, labels, finishedEpochSeconds);
        gauge(out, "pitstop_scoring_level", "Worst monitoring level of the last run: 0 ok, 1 warning, 2 error.",
                labels, report.level().ordinal());
        for (Signal s : report.signals()) {
            Series series = SERIES.get(s.name());
            // null_rate is the largest of the per-column shares below, which say more.
            if (series == null || Double.isNaN(s.value())) continue;
            gauge(out, series.name(), series.help(), labels, s.value() * series.factor());
        }
        gauge(out, "pitstop_scoring_model_stale", "1 when the model is older than its declared maximum age.", labels,
                report.signals().stream().anyMatch(s -> s.name().equals("model_age_days")
                        && s.level() == Limit.Level.ERROR) ? 1 : 0);
        nullRatios(out, report.details().get("null_rates"), pipeline, report.model());
        for (var e : new TreeMap<>(extra).entrySet()) {
            Series series = SERIES.get(e.getKey());
            if (series == null) throw new IllegalArgumentException("no Prometheus series is declared for '" + e.getKey() + "'");
            if (!Double.isNaN(e.getValue())) gauge(out, series.name(), series.help(), labels, e.getValue() * series.factor());
        }
        replace(file, out.toString());
    }

    /**
     * A run whose score step was served from the cache succeeded too: the predictions in the table are
     * still the ones for the unchanged input and model. Moves the success time in the file the last
     * committed run wrote and keeps every other number of that run; writes the success time alone when
     * there is no file yet. Without this, an alert on staleness fires on a healthy night.
     */
    public static void markSuccess(Path file, String pipeline, String model, long epochSeconds) throws IOException {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file));
        } catch (NoSuchFileException e) {
            lines = new ArrayList<>();
        }
        String sample = LAST_SUCCESS + labels(pipeline, model) + " " + epochSeconds;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(LAST_SUCCESS + "{")) {
                lines.set(i, sample);
                replaced = true;
            }
        }
        var out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        if (!replaced) gauge(out, LAST_SUCCESS, LAST_SUCCESS_HELP, labels(pipeline, model), epochSeconds);
        replace(file, out.toString());
    }

    private static void nullRatios(StringBuilder out, JsonNode nullRates, String pipeline, String model) {
        if (nullRates == null || nullRates.isEmpty()) return;
        String name = "pitstop_scoring_null_ratio";
        out.append("# HELP ").append(name).append(" Share of the last run's input rows with no value in the column.\n");
        out.append("# TYPE ").append(name).append(" gauge\n");
        var columns = new TreeMap<String, Double>();
        nullRates.fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asDouble()));
        columns.forEach((column, ratio) -> out.append(name).append("{pipeline=\"").append(escape(pipeline))
                .append("\",model=\"").append(escape(model)).append("\",column=\"").append(escape(column)).append("\"} ")
                .append(format(ratio)).append('\n'));
    }

    private static String labels(String pipeline, String model) {
        return "{pipeline=\"" + escape(pipeline) + "\",model=\"" + escape(model) + "\"}";
    }

    private static void replace(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
