package io.pitstop.steps.outcomes;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes the realised performance an outcomes join measured as Prometheus series for node_exporter's
 * textfile collector, in a file of its own beside the scoring metrics.
 *
 * <p>Unlike the scoring series, these carry the model version as a label: the number <em>is</em> per
 * version (last month's model keeps being judged while this month's scores), so an info series to join on
 * would not do. The cardinality stays bounded: only versions with judged outcomes, and of those the
 * {@value #MAX_VERSIONS} that scored most recently. Help texts describe the metric and never carry a
 * value, so that {@code promtool check metrics} passes.
 *
 * <pre>
 * pitstop_outcomes_auc{pipeline="telco-churn",model="churn",version="1.1.0"} 0.8412
 * pitstop_outcomes_judged{pipeline="telco-churn",model="churn",version="1.1.0"} 1200
 * </pre>
 */
public final class RealisedPerformanceTextfile {

    /** At most this many versions get series; older ones drop out as new ones are judged. */
    public static final int MAX_VERSIONS = 10;

    private record Series(String name, String help, ToDoubleFunction<Group> value) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("pitstop_outcomes_auc", "Realised area under the ROC curve of the model version's judged predictions.",
                    g -> g.auc().value()),
            new Series("pitstop_outcomes_log_loss", "Realised mean cross-entropy of the model version's judged predictions.",
                    Group::logLoss),
            new Series("pitstop_outcomes_positive_ratio", "Share of the model version's judged predictions whose outcome was positive.",
                    g -> g.positiveRate().value()),
            new Series("pitstop_outcomes_judged", "Predictions of the model version whose outcome is known.", Group::judged),
            new Series("pitstop_outcomes_waiting", "Predictions of the model version whose outcome is not known yet.",
                    Group::waiting));

    private RealisedPerformanceTextfile() {
    }

    /** The default place: {@code <state dir>/metrics/<pipeline>-<step>.prom}, as the score step's file is named. */
    public static Path defaultFile(Path stateDir, String pipeline, String stepId) {
        return stateDir.resolve("metrics").resolve(pipeline + "-" + stepId + ".prom");
    }

    public static void write(Path file, RealisedPerformance report, String pipeline) throws IOException {
        List<Group> versions = judgedNewestFirst(report);
        var out = new StringBuilder();
        for (Series s : SERIES) {
            var samples = new StringBuilder();
            for (Group g : versions) {
                double v = s.value().applyAsDouble(g);
                // An AUC needs both classes among the judged: no number is better than a made-up one.
                if (Double.isNaN(v)) continue;
                samples.append(s.name()).append("{pipeline=\"").append(escape(pipeline)).append("\",model=\"")
                        .append(escape(report.model())).append("\",version=\"").append(escape(g.modelVersion()))
                        .append("\"} ").append(format(v)).append('\n');
            }
            if (samples.isEmpty()) continue;
            out.append("# HELP ").append(s.name()).append(' ').append(s.help()).append('\n');
            out.append("# TYPE ").append(s.name()).append(" gauge\n").append(samples);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp." + ProcessHandle.current().pid());
        Files.writeString(tmp, out.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The versions with judged predictions, those whose newest scoring run is newest first, at most
     * {@link #MAX_VERSIONS}. Version strings are not ordered by time (a rollback scores with an old one).
     */
    static List<Group> judgedNewestFirst(RealisedPerformance report) {
        Map<String, Instant> lastScored = new HashMap<>();
        for (Group run : report.byRun()) {
            if (run.scoredAt() != null) lastScored.merge(run.modelVersion(), run.scoredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return report.byModelVersion().stream()
                .filter(g -> g.judged() > 0)
                .sorted(Comparator.comparing((Group g) -> lastScored.getOrDefault(g.modelVersion(), Instant.MIN))
                        .reversed().thenComparing(Group::modelVersion))
                .limit(MAX_VERSIONS)
                .toList();
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
