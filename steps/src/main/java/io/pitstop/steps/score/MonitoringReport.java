package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a scoring run measured about itself, kept in the run store (as the step's
 * {@code monitoring} report) and exported as Prometheus metrics.
 *
 * @param details named sub-reports: {@code input_drift}, {@code null_rates}, {@code shadow}
 */
public record MonitoringReport(String model, String version, String runId, long rows, double durationSeconds,
                               List<Signal> signals, Map<String, JsonNode> details) {

    public static final int FORMAT = 1;

    public MonitoringReport {
        signals = List.copyOf(signals);
        details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    public Limit.Level level() {
        return signals.stream().map(Signal::level).max(Enum::compareTo).orElse(Limit.Level.OK);
    }

    public List<Signal> at(Limit.Level level) {
        return signals.stream().filter(s -> s.level() == level).toList();
    }

    public JsonNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("model", model);
        root.put("version", version);
        root.put("run_id", runId);
        root.put("rows", rows);
        root.put("duration_seconds", durationSeconds);
        root.put("level", level().name().toLowerCase());
        var array = root.putArray("signals");
        for (Signal s : signals) {
            ObjectNode n = array.addObject();
            n.put("name", s.name());
            if (Double.isNaN(s.value())) n.putNull("value");
            else n.put("value", s.value());
            n.put("level", s.level().name().toLowerCase());
            n.put("detail", s.detail());
        }
        details.forEach(root::set);
        return root;
    }
}
