package io.pitstop.steps.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.ReleaseLineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.metrics.MetricsReport;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model card shipped in every package (Markdown): intended use, training data, metrics overall
 * and per slice, per group of each protected column (fairness), the gate's verdict, limitations and owner — drawn from the pipeline's model block
 * and the run, so it cannot drift from what was released.
 */
final class ModelCard {

    private ModelCard() {
    }

    static String render(ModelInfo model, String version, ReleaseLineage lineage, MetricsReport metrics,
                         GateReport gateReport) {
        JsonNode metricsJson = metrics.toJson();
        var md = new StringBuilder();
        md.append("# Model card: ").append(model.name()).append(' ').append(version).append("\n\n");
        md.append(model.description().isBlank() ? "" : model.description() + "\n\n");
        String task = metricsJson.path("task").asText("binary");
        md.append("- **Task:** ").append(taskLine(task, metricsJson)).append('\n');
        if (metricsJson.has("threshold")) {
            md.append("- **Decision threshold:** ").append(metricsJson.path("threshold").asDouble())
                    .append(" (a score at or above it is a positive decision, in the metrics below and in scoring)\n");
        }
        md.append("- **Owner:** ").append(or(model.owner())).append('\n');
        md.append("- **Built by run:** ").append(lineage.run().runId()).append(" of pipeline ")
                .append(lineage.run().pipelineName()).append(" (").append(lineage.run().pipelineFile()).append(")\n");
        md.append("- **Code:** commit ").append(lineage.run().gitCommit())
                .append(lineage.run().gitDirty() ? " with uncommitted changes" : "").append('\n');
        md.append("\n## Intended use\n\n").append(or(model.intendedUse())).append("\n");
        md.append("\n## Training data\n\n");
        if (lineage.data() != null) trainingData(md, lineage.data());
        md.append("\n## Metrics (held-out test split)\n\n| metric | value |\n|---|---:|\n");
        metrics.stepMetrics().forEach((k, v) -> md.append("| ").append(k).append(" | ")
                .append(COUNTS.contains(k) ? String.format(Locale.ROOT, "%,d", v.longValue()) : String.format(Locale.ROOT, "%.4f", v))
                .append(" |\n"));
        if (metrics instanceof io.pitstop.steps.metrics.EvaluationReport binary && binary.operatingPoints() != null
                && binary.operatingPoints().bestF1() != null) {
            var best = binary.operatingPoints().bestF1();
            md.append(String.format(Locale.ROOT, "%nOn the test split F1 is highest, %.4f, at the threshold %.3f (precision %.4f,"
                    + " recall %.4f); a threshold chosen on the test split flatters it.%n", best.f1(), best.threshold(),
                    best.precision(), best.recall()));
        }
        if (metricsJson.has("confusion_matrix")) confusion(md, metricsJson);
        List<String> sliceColumns = switch (task) {
            case "multiclass" -> List.of("accuracy", "macro_f1", "log_loss");
            case "regression" -> List.of("rmse", "mae", "r2");
            default -> List.of("auc", "log_loss");
        };
        JsonNode slices = metricsJson.path("slices");
        for (Iterator<Map.Entry<String, JsonNode>> it = slices.fields(); it.hasNext(); ) {
            var column = it.next();
            md.append("\n### By ").append(column.getKey()).append("\n\n| ").append(column.getKey()).append(" | count | ")
                    .append(String.join(" | ", sliceColumns)).append(" |\n|---|---:|")
                    .append("---:|".repeat(sliceColumns.size())).append('\n');
            for (Iterator<Map.Entry<String, JsonNode>> values = column.getValue().fields(); values.hasNext(); ) {
                var v = values.next();
                JsonNode count = v.getValue().path("count");
                md.append("| ").append(v.getKey()).append(" | ")
                        .append(count.isNumber() ? Long.toString(count.asLong()) : "-");
                for (String metric : sliceColumns) md.append(" | ").append(num(v.getValue().path(metric)));
                md.append(" |\n");
            }
        }
        if (!metrics.fairness().isEmpty()) fairness(md, metrics, gateReport);
        md.append("\n## Quality gate\n\n").append(gateReport.passed() ? "Passed" : "Failed")
                .append(" (decided by ").append(gateReport.decidedBy()).append(").\n");
        md.append("\n## Limitations\n\n").append(or(model.limitations())).append('\n');
        return md.toString();
    }

    /** Binary group metrics, in the order a reader compares them. */
    private static final List<String> BINARY_GROUP_COLUMNS = List.of("count", "positive_rate", "tpr", "fpr",
            "mean_predicted", "observed_rate", "auc");

    /**
     * Per protected column: each judged group's metrics, the gaps between the groups, the groups not judged
     * and the gate's fairness rules on the column.
     */
    private static void fairness(StringBuilder md, MetricsReport metrics, GateReport gateReport) {
        md.append("\n## Fairness (held-out test split)\n\n")
                .append("Metrics per group of each protected column; a classifier's positive rate, TPR and FPR are at")
                .append(" the decision threshold, and calibration is the mean predicted score beside the observed rate.\n");
        metrics.fairness().forEach((column, groups) -> {
            List<String> names = groups.groups().isEmpty() ? List.of("count")
                    : groups.groups().values().iterator().next().containsKey("positive_rate") ? BINARY_GROUP_COLUMNS
                    : List.copyOf(groups.groups().values().iterator().next().keySet());
            md.append("\n### By ").append(column).append("\n\n| ").append(column).append(" | ")
                    .append(String.join(" | ", names)).append(" |\n|---|").append("---:|".repeat(names.size())).append('\n');
            groups.groups().forEach((group, m) -> {
                md.append("| ").append(group);
                for (String name : names) {
                    Double v = m.get(name);
                    md.append(" | ").append(v == null || v.isNaN() ? "-"
                            : name.equals("count") ? Long.toString(v.longValue()) : String.format("%.4f", v));
                }
                md.append(" |\n");
            });
            if (!groups.gaps().isEmpty()) {
                md.append("\nGaps between the judged groups (largest minus smallest):\n\n");
                groups.gaps().forEach((gap, g) -> md.append(String.format("- %s: %.4f (%s %.4f vs %s %.4f)%n",
                        gap.replace('_', ' '), g.value(), g.highest(), g.highestValue(), g.lowest(), g.lowestValue())));
            }
            if (!groups.notJudged().isEmpty() || groups.unlisted() != null) {
                md.append("\nNot judged:\n\n");
                groups.notJudged().forEach((group, why) -> md.append("- ").append(group).append(": ")
                        .append(why.reason()).append('\n'));
                if (groups.unlisted() != null) {
                    md.append(String.format("- %,d more groups (%,d test rows)%n", groups.unlisted().groups(),
                            groups.unlisted().rows()));
                }
            }
            var rules = gateReport.rules().stream().filter(r -> column.equals(r.column())).toList();
            if (!rules.isEmpty()) {
                md.append("\nGate rules on ").append(column).append(":\n\n");
                rules.forEach(r -> md.append("- ").append(r.passed() ? "passed" : "FAILED").append(' ').append(r.rule())
                        .append(": ").append(r.explanation()).append('\n'));
            }
        });
    }

    /** Metrics that count rows: shown as whole numbers, never as {@code 1395.0000}. */
    private static final java.util.Set<String> COUNTS = java.util.Set.of("count", "support", "rows");

    /**
     * The data version in words. Internal fields (the file's format number) are left out, and so is a local
     * remote's path: it names a directory on the machine that built the model, which no reader can open.
     */
    private static void trainingData(StringBuilder md, io.pitstop.engine.artifact.DataVersion data) {
        md.append("- File: `").append(data.path()).append('`');
        if (data.size() >= 0) md.append(String.format(Locale.ROOT, " (%,d bytes)", data.size()));
        md.append("\n- MD5: `").append(data.md5()).append("`\n");
        if (data.dvcFile() != null) md.append("- DVC file: `").append(data.dvcFile()).append("`\n");
        if (data.gitCommit() != null) {
            md.append("- Data committed at: `").append(data.gitCommit()).append('`')
                    .append(Boolean.TRUE.equals(data.gitDirty()) ? " (with uncommitted changes)" : "").append('\n');
        }
        if (data.remote() != null) {
            boolean shared = data.remote().matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !data.remote().startsWith("file:");
            md.append("- DVC remote: ").append(shared ? "`" + data.remote() + "`" : "a local directory of the building machine")
                    .append('\n');
        }
    }

    /** What the model predicts, in words. */
    private static String taskLine(String task, JsonNode metricsJson) {
        return switch (task) {
            case "multiclass" -> {
                var classes = new java.util.ArrayList<String>();
                metricsJson.path("classes").forEach(c -> classes.add(c.asText()));
                yield "multi-class classification over " + classes;
            }
            case "regression" -> "regression (the score is the predicted value)";
            default -> "binary classification (the score is the probability of the positive class)";
        };
    }

    /** Rows: the actual class; columns: the predicted one. */
    private static void confusion(StringBuilder md, JsonNode metricsJson) {
        var classes = new java.util.ArrayList<String>();
        metricsJson.path("classes").forEach(c -> classes.add(c.asText()));
        md.append("\n### Confusion matrix (rows: actual, columns: predicted)\n\n| actual \\ predicted | ")
                .append(String.join(" | ", classes)).append(" |\n|---|").append("---:|".repeat(classes.size())).append('\n');
        JsonNode rows = metricsJson.path("confusion_matrix");
        for (int i = 0; i < classes.size(); i++) {
            md.append("| ").append(classes.get(i));
            for (JsonNode n : rows.path(i)) md.append(" | ").append(n.asLong());
            md.append(" |\n");
        }
        JsonNode perClass = metricsJson.path("per_class");
        md.append("\n| class | precision | recall | f1 | support |\n|---|---:|---:|---:|---:|\n");
        for (String c : classes) {
            JsonNode m = perClass.path(c);
            md.append("| ").append(c).append(" | ").append(num(m.path("precision"))).append(" | ")
                    .append(num(m.path("recall"))).append(" | ").append(num(m.path("f1"))).append(" | ")
                    .append(m.path("support").asLong()).append(" |\n");
        }
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format("%.4f", n.asDouble()) : "-";
    }

    private static String or(String s) {
        return s == null || s.isBlank() ? "(not stated in the pipeline file)" : s;
    }
}
