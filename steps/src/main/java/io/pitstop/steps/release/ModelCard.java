package io.pitstop.steps.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.ModelInfo;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model card shipped in every package (Markdown): intended use, training data, metrics overall
 * and per slice, the gate's verdict, limitations and owner — drawn from the pipeline's model block
 * and the run, so it cannot drift from what was released.
 */
final class ModelCard {

    private ModelCard() {
    }

    /** The overall metrics of an evaluation's metrics.json ({@code overall} object, numbers only). */
    static Map<String, Double> overallMetrics(JsonNode metricsJson) {
        return io.pitstop.steps.evaluate.EvaluationReport.overallMetrics(metricsJson);
    }

    static String render(ModelInfo model, String version, Map<String, String> lineage, JsonNode metricsJson,
                         JsonNode gateReport) {
        var md = new StringBuilder();
        md.append("# Model card: ").append(model.name()).append(' ').append(version).append("\n\n");
        md.append(model.description().isBlank() ? "" : model.description() + "\n\n");
        md.append("- **Owner:** ").append(or(model.owner())).append('\n');
        md.append("- **Built by run:** ").append(lineage.get("run_id")).append(" of pipeline ")
                .append(lineage.get("pipeline")).append(" (").append(lineage.get("pipeline.file")).append(")\n");
        md.append("- **Code:** commit ").append(lineage.get("git.commit"))
                .append("true".equals(lineage.get("git.dirty")) ? " with uncommitted changes" : "").append('\n');
        md.append("\n## Intended use\n\n").append(or(model.intendedUse())).append("\n");
        md.append("\n## Training data\n\n");
        lineage.forEach((k, v) -> {
            if (k.startsWith("data.")) md.append("- ").append(k.substring(5)).append(": `").append(v).append("`\n");
        });
        md.append("\n## Metrics (held-out test split)\n\n| metric | value |\n|---|---:|\n");
        overallMetrics(metricsJson).forEach((k, v) -> md.append("| ").append(k).append(" | ")
                .append(String.format("%.4f", v)).append(" |\n"));
        JsonNode slices = metricsJson.path("slices");
        for (Iterator<Map.Entry<String, JsonNode>> it = slices.fields(); it.hasNext(); ) {
            var column = it.next();
            md.append("\n### By ").append(column.getKey()).append("\n\n| ").append(column.getKey())
                    .append(" | count | auc | log_loss |\n|---|---:|---:|---:|\n");
            for (Iterator<Map.Entry<String, JsonNode>> values = column.getValue().fields(); values.hasNext(); ) {
                var v = values.next();
                md.append("| ").append(v.getKey()).append(" | ").append(v.getValue().path("count").asText("-"))
                        .append(" | ").append(num(v.getValue().path("auc"))).append(" | ")
                        .append(num(v.getValue().path("log_loss"))).append(" |\n");
            }
        }
        md.append("\n## Quality gate\n\n").append(gateReport.path("passed").asBoolean() ? "Passed" : "Failed")
                .append(" (decided by ").append(gateReport.path("decided_by").asText()).append(").\n");
        md.append("\n## Limitations\n\n").append(or(model.limitations())).append('\n');
        return md.toString();
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format("%.4f", n.asDouble()) : "-";
    }

    private static String or(String s) {
        return s == null || s.isBlank() ? "(not stated in the pipeline file)" : s;
    }
}
