package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.lineage.Environment;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs as machine-readable JSON ({@code runs show --json}, {@code runs list --json}), with the conventions
 * of every {@code --json}: a top-level {@code format_version}, snake_case names, numbers and booleans as
 * JSON numbers and booleans, nested objects rather than JSON inside strings. The run record's shape is
 * pinned by {@code docs/schemas/run-record.schema.json}; a change that breaks a reader raises
 * {@link #FORMAT_VERSION}.
 */
final class RunJson {

    /** The version of the {@code --json} output of the {@code runs} commands. */
    static final int FORMAT_VERSION = 1;

    private RunJson() {
    }

    /** The whole record of one run and its steps (the pipeline's YAML text is left out: it is in Git). */
    static ObjectNode record(RunRecord run, List<StepRecord> steps) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", FORMAT_VERSION);
        header(run, root);
        root.put("spec_sha256", run.specSha256());
        root.put("pipeline_file", run.pipelineFile());
        root.put("profile", run.profile());
        root.put("message", run.message());
        ArrayNode changes = root.putArray("git_changes");
        run.gitChanges().forEach(changes::add);
        root.set("environment", Environment.asJson(run.environmentJson() == null ? Map.of()
                : JsonText.strings(run.environmentJson())));
        ArrayNode stepNodes = root.putArray("steps");
        steps.forEach(s -> stepNodes.add(step(s)));
        return root;
    }

    /** Runs newest first, each with how many steps ended in each status. */
    static ObjectNode list(List<RunRecord> runs, Map<String, List<StepRecord>> stepsByRun) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("format_version", FORMAT_VERSION);
        ArrayNode items = root.putArray("runs");
        for (RunRecord run : runs) {
            ObjectNode item = header(run, items.addObject());
            ObjectNode counts = item.putObject("step_counts");
            var byStatus = new TreeMap<String, Integer>();
            stepsByRun.getOrDefault(run.runId(), List.of())
                    .forEach(s -> byStatus.merge(status(s.status()), 1, Integer::sum));
            byStatus.forEach(counts::put);
        }
        return root;
    }

    private static ObjectNode header(RunRecord run, ObjectNode node) {
        node.put("run_id", run.runId());
        node.put("pipeline", run.pipeline());
        node.put("status", run.status().name());
        node.put("git_commit", run.gitCommit());
        node.put("git_dirty", run.gitDirty());
        times(node, run.startedAt(), run.endedAt());
        return node;
    }

    private static ObjectNode step(StepRecord s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("step_id", s.stepId());
        node.put("kind", s.kind());
        node.put("status", s.status().name());
        node.put("message", s.message());
        node.put("fingerprint", s.fingerprint());
        node.put("cached_from_run", s.cachedFromRun());
        times(node, s.startedAt(), s.endedAt());
        node.set("params", s.params() == null ? Json.MAPPER.createObjectNode() : s.params());
        node.set("inputs", inputs(s.inputs()));
        node.set("outputs", Json.MAPPER.valueToTree(new TreeMap<>(s.outputs())));
        node.set("metrics", Json.MAPPER.valueToTree(new TreeMap<>(s.metrics())));
        node.set("curves", Json.MAPPER.valueToTree(new TreeMap<>(s.curves())));
        node.set("reports", Json.MAPPER.valueToTree(new TreeMap<>(s.reports())));
        node.put("log_path", s.logPath());
        return node;
    }

    /**
     * What the fingerprint was computed from. The store keeps each as the text that was hashed; here the
     * params and model (JSON text) become objects, the seed a number, and {@code upstream.<step>} and
     * {@code external.<name>} are grouped.
     */
    private static ObjectNode inputs(Map<String, String> inputs) {
        var typed = new TreeMap<String, JsonNode>();
        inputs.forEach((key, text) -> typed.put(key, switch (key) {
            case "params", "model" -> text != null && text.startsWith("{") ? JsonText.node(text) : TextNode.valueOf(text);
            case "seed" -> text != null && text.matches("-?\\d{1,18}") ? LongNode.valueOf(Long.parseLong(text))
                    : TextNode.valueOf(text);
            default -> TextNode.valueOf(text);
        }));
        return JsonText.nestedAtFirstDot(typed);
    }

    private static void times(ObjectNode node, Instant started, Instant ended) {
        node.put("started_at", started == null ? null : started.toString());
        node.put("ended_at", ended == null ? null : ended.toString());
        if (started == null || ended == null) node.putNull("duration_millis");
        else node.put("duration_millis", ended.toEpochMilli() - started.toEpochMilli());
    }

    private static String status(StepStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
