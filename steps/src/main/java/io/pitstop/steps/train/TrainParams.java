package io.pitstop.steps.train;

import io.pitstop.engine.step.ParameterProblems;
import io.pitstop.steps.features.FeatureSpec;
import io.pitstop.steps.model.ModelTask;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameters of {@code train.network}. {@code task} says what the network predicts (a {@link ModelTask}
 * by its lower-case name, default {@code binary}); each task takes only its own label fields, so a field
 * left over from another task is an error rather than silently ignored. A name that is no task is
 * refused by the binder, which then judges the other fields under every task and reports only what is
 * wrong under all of them, never a binary-only complaint about a multiclass declaration.
 *
 * <pre>
 * - id: train
 *   uses: train.network
 *   with:
 *     label: churn
 *     positive: "Yes"          # binary (the default task): the label value that counts as positive
 *     key: customer_id         # one row per key; the split hashes it
 *     features: { categorical: [contract], numeric: [tenure, monthly_charges] }
 *     split: { test: 0.2, validation: 0.1 }
 *     network: { hidden: [32, 16], epochs: 30 }
 *
 * # multiclass: a softmax over the declared classes (every label value must be one of them)
 *     task: multiclass
 *     label: contract
 *     classes: [Month-to-month, One year, Two year]
 *     class_weights: { Two year: 2.0 }   # optional; an absent class weighs 1
 *
 * # regression: a numeric label, squared error; predictions are in the label's units
 *     task: regression
 *     label: monthly_charges
 * </pre>
 */
public record TrainParams(
        ModelTask task,
        String label,
        String positive,
        List<String> classes,
        Map<String, Double> classWeights,
        String key,
        FeatureSpec features,
        SplitFractions split,
        NetworkParams network) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public TrainParams {
        // Every bad value is collected, so one `check` lists them all.
        var problems = new ParameterProblems();
        task = task == null ? ModelTask.BINARY : task;
        requireText(label, "label", problems);
        requireText(key, "key", problems);
        if (features == null) {
            problems.add("features", "features: declare the categorical and numeric columns");
        } else {
            if (label != null && features.columns().contains(label)) {
                problems.add("features", "features: the label column '" + label + "' cannot be a feature");
            }
            if (key != null && features.columns().contains(key)) {
                problems.add("features", "features: the key column '" + key + "' cannot be a feature");
            }
        }
        split = split == null ? SplitFractions.defaults() : split;
        network = network == null ? NetworkParams.defaults() : network;
        classWeights = classWeights == null ? Map.of() : Map.copyOf(classWeights);
        if (task == ModelTask.BINARY) {
            requireText(positive, "positive", problems);
        } else if (positive != null) {
            problems.add("positive", "positive is for task binary; task " + task.yamlName()
                    + (task == ModelTask.MULTICLASS ? " declares 'classes' instead" : " predicts a number"));
        }
        if (task != ModelTask.BINARY && network.positiveWeight() != 1.0) {
            problems.add("network/positive_weight", "network.positive_weight is for task binary"
                    + (task == ModelTask.MULTICLASS ? "; weigh classes with class_weights" : ""));
        }
        if (task == ModelTask.MULTICLASS) {
            classes = checkedClasses(classes, label, problems);
            for (var w : new TreeMap<>(classWeights).entrySet()) {
                if (!classes.contains(w.getKey())) {
                    problems.add("class_weights/" + w.getKey(), "class_weights: '" + w.getKey()
                            + "' is not one of the classes " + classes);
                }
                if (w.getValue() == null || !(w.getValue() > 0)) {
                    problems.add("class_weights/" + w.getKey(), "class_weights." + w.getKey()
                            + " must be > 0, was " + w.getValue());
                }
            }
        } else {
            if (classes != null) {
                problems.add("classes", "classes is for task multiclass; this step's task is "
                        + task.yamlName() + (task == ModelTask.BINARY ? " (binary declares 'positive')" : ""));
            }
            if (!classWeights.isEmpty()) {
                problems.add("class_weights", "class_weights is for task multiclass; this step's task is "
                        + task.yamlName() + (task == ModelTask.BINARY ? " (binary weighs positives with network.positive_weight)" : ""));
            }
            classes = List.of();
        }
        problems.throwIfAny();
    }

    /** A binary classifier's parameters, as every training was before tasks existed. */
    public TrainParams(String label, String positive, String key, FeatureSpec features, SplitFractions split,
                       NetworkParams network) {
        this(null, label, positive, null, null, key, features, split, network);
    }

    /** Multiclass: each class's loss weight in class order (absent = 1); null when no weight is declared. */
    public double[] classWeightArray() {
        if (classWeights.isEmpty()) return null;
        return classes.stream().mapToDouble(c -> classWeights.getOrDefault(c, 1.0)).toArray();
    }

    /** The declared classes, each problem with them added; the classes as given (or none) either way. */
    private static List<String> checkedClasses(List<String> classes, String label, ParameterProblems problems) {
        if (classes == null) {
            problems.add("classes", "task multiclass needs 'classes': the values of '" + label
                    + "' to predict, e.g. classes: [a, b, c]");
            return List.of();
        }
        boolean blank = false;
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i) == null || classes.get(i).isBlank()) {
                problems.add("classes/" + i, "classes[" + i + "] is blank");
                blank = true;
            }
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            problems.add("classes", "classes lists a value twice: " + classes);
        }
        if (classes.size() < 2) {
            problems.add("classes", "task multiclass needs at least 2 classes, got " + classes
                    + (classes.size() == 1 ? " (one class leaves nothing to predict)" : ""));
        }
        return blank ? classes.stream().filter(c -> c != null).toList() : List.copyOf(classes);
    }

    private static void requireText(String value, String name, ParameterProblems problems) {
        if (value == null || value.isBlank()) problems.add(name, name + " is required");
    }
}
