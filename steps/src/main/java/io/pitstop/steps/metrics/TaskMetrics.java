package io.pitstop.steps.metrics;

import io.pitstop.steps.model.ModelTask;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The quality metrics evaluation writes for each task, and the range each can take: what a gate rule
 * may name, and the values a floor or ceiling on it can meaningfully have ({@code auc: 1.5} can never
 * be reached). Counts and rates that are not quality ({@code count}, {@code base_rate}) are not here:
 * a gate does not judge them.
 */
public final class TaskMetrics {

    /** The closed range of a metric's values; an infinite bound is open. */
    public record Range(double min, double max) {
        public boolean contains(double v) {
            return v >= min && v <= max;
        }

        @Override
        public String toString() {
            return "[" + bound(min) + ", " + bound(max) + "]";
        }

        private static String bound(double b) {
            return Double.isInfinite(b) ? (b > 0 ? "inf" : "-inf") : b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
        }
    }

    /** A share or rate: [0, 1]. */
    public static final Range UNIT = new Range(0, 1);
    private static final Range NON_NEGATIVE = new Range(0, Double.POSITIVE_INFINITY);

    private static final Map<ModelTask, Map<String, Range>> BY_TASK = Map.of(
            ModelTask.BINARY, Map.of("auc", UNIT, "log_loss", NON_NEGATIVE, "accuracy", UNIT, "precision", UNIT,
                    "recall", UNIT, "f1", UNIT),
            ModelTask.MULTICLASS, Map.of("accuracy", UNIT, "log_loss", NON_NEGATIVE, "macro_f1", UNIT, "weighted_f1", UNIT,
                    "macro_precision", UNIT, "macro_recall", UNIT),
            ModelTask.REGRESSION, Map.of("rmse", NON_NEGATIVE, "mae", NON_NEGATIVE,
                    "r2", new Range(Double.NEGATIVE_INFINITY, 1)));

    /**
     * The metrics evaluation writes per slice: fewer than overall for classifiers ({@link SliceMetrics},
     * {@link MulticlassMetrics#slice}), all of them for regression.
     */
    private static final Map<ModelTask, Set<String>> PER_SLICE = Map.of(
            ModelTask.BINARY, Set.of("auc", "log_loss", "accuracy", "f1"),
            ModelTask.MULTICLASS, Set.of("accuracy", "macro_f1", "log_loss"),
            ModelTask.REGRESSION, Set.of("rmse", "mae", "r2"));

    /**
     * The metrics evaluation writes per group of a protected column that have a better direction, so a
     * group's loss against the champion can be limited ({@code positive_rate} has none: it is judged by gaps).
     */
    private static final Map<ModelTask, Set<String>> PER_GROUP = Map.of(
            ModelTask.BINARY, Set.of("auc", "accuracy", "tpr", "fpr"),
            ModelTask.MULTICLASS, Set.of("accuracy", "macro_f1", "log_loss"),
            ModelTask.REGRESSION, Set.of("rmse", "mae", "r2"));

    /** Group metrics that are not overall metrics: their ranges. */
    private static final Map<String, Range> GROUP_ONLY = Map.of("tpr", UNIT, "fpr", UNIT, "positive_rate", UNIT);

    /** Names other tools give these metrics, so that a gate written with them gets the right fix. */
    private static final Map<String, String> OTHER_NAMES = Map.ofEntries(Map.entry("auroc", "auc"),
            Map.entry("roc_auc", "auc"), Map.entry("auc_roc", "auc"), Map.entry("logloss", "log_loss"),
            Map.entry("cross_entropy", "log_loss"), Map.entry("f1_score", "f1"), Map.entry("r_squared", "r2"),
            Map.entry("r2_score", "r2"), Map.entry("recall", "tpr"), Map.entry("true_positive_rate", "tpr"),
            Map.entry("false_positive_rate", "fpr"));

    private TaskMetrics() {
    }

    /** The metric a person most likely meant by a name that is not one: another tool's name for it, or a near spelling. */
    public static Optional<String> likelyMeant(String typed, Set<String> known) {
        String other = OTHER_NAMES.get(typed.toLowerCase(java.util.Locale.ROOT));
        if (other != null && known.contains(other)) return Optional.of(other);
        return io.pitstop.engine.yaml.NearMatch.among(typed, known);
    }

    /** The metrics of a task; of every task when the task is not known. */
    public static Set<String> names(Optional<ModelTask> task) {
        Set<String> out = new TreeSet<>();
        for (var e : BY_TASK.entrySet()) if (task.isEmpty() || task.get() == e.getKey()) out.addAll(e.getValue().keySet());
        return out;
    }

    /** The metrics of a task's slices; of every task's slices when the task is not known. */
    public static Set<String> sliceNames(Optional<ModelTask> task) {
        Set<String> out = new TreeSet<>();
        for (var e : PER_SLICE.entrySet()) if (task.isEmpty() || task.get() == e.getKey()) out.addAll(e.getValue());
        return out;
    }

    /** The metrics of a protected column's groups a regression limit may name; of every task's when not known. */
    public static Set<String> groupNames(Optional<ModelTask> task) {
        Set<String> out = new TreeSet<>();
        for (var e : PER_GROUP.entrySet()) if (task.isEmpty() || task.get() == e.getKey()) out.addAll(e.getValue());
        return out;
    }

    /** A metric's range (the same for every task that has it), or empty for a name no task has. */
    public static Optional<Range> range(String metric) {
        if (GROUP_ONLY.containsKey(metric)) return Optional.of(GROUP_ONLY.get(metric));
        return BY_TASK.values().stream().map(m -> m.get(metric)).filter(r -> r != null).findFirst();
    }

    /** The tasks that have a metric, for a message about one that does not fit the task. */
    public static Collection<String> tasksWith(String metric) {
        Set<String> out = new TreeSet<>();
        BY_TASK.forEach((task, metrics) -> {
            if (metrics.containsKey(metric)) out.add(task.yamlName());
        });
        return out;
    }
}
