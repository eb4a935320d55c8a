package io.pitstop.engine.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step execution within a run, as recorded. {@code inputs} holds everything the fingerprint
 * was computed from (upstream outputs, external inputs, code version); {@code cachedFromRun} names
 * the run whose outputs a CACHED step reused.
 */
public record StepRecord(
        String runId,
        String stepId,
        String kind,
        StepStatus status,
        String fingerprint,
        JsonNode params,
        Map<String, String> inputs,
        Map<String, String> outputs,
        Map<String, Double> metrics,
        Map<String, List<Double>> curves,
        Map<String, JsonNode> reports,
        String logPath,
        Instant startedAt,
        Instant endedAt,
        String message,
        String cachedFromRun) {

    public StepRecord {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        curves = curves == null ? Map.of() : Map.copyOf(curves);
        reports = reports == null ? Map.of() : Map.copyOf(reports);
    }

    public long durationMillis() {
        return startedAt == null || endedAt == null ? 0 : endedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
