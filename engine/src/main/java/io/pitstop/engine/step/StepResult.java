package io.pitstop.engine.step;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a step did. Outputs are small strings (usually artifact paths) that downstream steps read
 * by name; metrics are final numbers; curves are per-epoch series; reports are JSON documents kept
 * in the run store (a verification report, a gate report).
 */
public record StepResult(
        Outcome outcome,
        String message,
        Map<String, String> outputs,
        Map<String, Double> metrics,
        Map<String, List<Double>> curves,
        Map<String, JsonNode> reports) {

    public enum Outcome {
        /** The step did its work; downstream steps may run. */
        SUCCEEDED,
        /** The step found the input unacceptable (e.g. data broke its contract): the run fails here. */
        FAILED,
        /**
         * The step decided, correctly, that the run must end here without releasing anything
         * (e.g. the quality gate said no). Not a breakage: the run ends with its own exit code.
         */
        STOPPED
    }

    public StepResult {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        outputs = Map.copyOf(new TreeMap<>(outputs));
        metrics = Map.copyOf(metrics);
        curves = Map.copyOf(curves);
        reports = Map.copyOf(reports);
    }

    public static Builder succeeded() {
        return new Builder(Outcome.SUCCEEDED);
    }

    public static Builder failed(String message) {
        return new Builder(Outcome.FAILED).message(message);
    }

    public static Builder stopped(String message) {
        return new Builder(Outcome.STOPPED).message(message);
    }

    public static final class Builder {
        private final Outcome outcome;
        private String message = "";
        private final Map<String, String> outputs = new LinkedHashMap<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final Map<String, List<Double>> curves = new LinkedHashMap<>();
        private final Map<String, JsonNode> reports = new LinkedHashMap<>();

        private Builder(Outcome outcome) {
            this.outcome = outcome;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder output(String name, String value) {
            outputs.put(name, value);
            return this;
        }

        public Builder output(String name, java.nio.file.Path path) {
            return output(name, path.toAbsolutePath().normalize().toString());
        }

        public Builder metric(String name, double value) {
            metrics.put(name, value);
            return this;
        }

        public Builder metrics(Map<String, Double> values) {
            metrics.putAll(values);
            return this;
        }

        public Builder curve(String name, List<Double> values) {
            curves.put(name, List.copyOf(new ArrayList<>(values)));
            return this;
        }

        public Builder report(String name, JsonNode report) {
            reports.put(name, report);
            return this;
        }

        public StepResult build() {
            return new StepResult(outcome, message, outputs, metrics, curves, reports);
        }
    }
}
