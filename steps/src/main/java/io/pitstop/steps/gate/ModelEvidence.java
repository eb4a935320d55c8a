package io.pitstop.steps.gate;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the gate knows about one model, measured on the run's test split: overall metrics, metrics
 * per segment of each slice column, the size of its model directory, its scoring cost and, per protected
 * column, its groups (empty when the evaluation measures none).
 * {@code modelBytes} is -1 and {@code scoringMsPer1000Rows} NaN when not measured.
 */
public record ModelEvidence(Map<String, Double> metrics, Map<String, SortedMap<String, Segment>> slices,
                            long modelBytes, double scoringMsPer1000Rows,
                            Map<String, io.pitstop.steps.metrics.ProtectedGroups> fairness) {

    /** One segment of a slice column: its test rows and the metrics on them. */
    public record Segment(long rows, Map<String, Double> metrics) {
        public Segment {
            metrics = Map.copyOf(metrics);
        }
    }

    public ModelEvidence {
        metrics = Map.copyOf(metrics);
        var copy = new TreeMap<String, SortedMap<String, Segment>>();
        slices.forEach((column, segments) -> copy.put(column, new TreeMap<>(segments)));
        slices = copy;
        fairness = fairness == null ? Map.of() : new TreeMap<>(fairness);
    }

    /** Without protected groups. */
    public ModelEvidence(Map<String, Double> metrics, Map<String, SortedMap<String, Segment>> slices, long modelBytes,
                         double scoringMsPer1000Rows) {
        this(metrics, slices, modelBytes, scoringMsPer1000Rows, null);
    }

    /** Metrics alone: what the gate had before slices and budgets. */
    public static ModelEvidence ofMetrics(Map<String, Double> metrics) {
        return new ModelEvidence(metrics, Map.of(), -1, Double.NaN);
    }
}
