package io.pitstop.steps.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a model predicts, declared as {@code task:} in {@code train.network}. It decides the output
 * layer and loss, the metrics training, evaluation and the gate compute, and the columns and checks
 * of batch predictions.
 *
 * <ul>
 *   <li>{@code binary}: one sigmoid unit, cross-entropy; the score is the probability of {@code positive}.</li>
 *   <li>{@code multiclass}: one softmax unit per declared class, multi-class cross-entropy; the
 *       prediction is the most probable class, the score its probability.</li>
 *   <li>{@code regression}: one identity unit, mean squared error on the standardised label; the
 *       score is the predicted value in the label's own units.</li>
 * </ul>
 */
public enum ModelTask {
    BINARY, MULTICLASS, REGRESSION;

    /** The name as written in a pipeline, in model.json and in the run store's params. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModelTask> parse(String name) {
        if (name == null) return Optional.empty();
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The task a model.json without a {@code task} field was written for: every model before tasks existed. */
    public static ModelTask ofDescriptor(String name) {
        return name == null ? BINARY : parse(name).orElseThrow(() ->
                new IllegalArgumentException("model.json has task '" + name + "'; this Pitstop knows "
                        + Arrays.stream(values()).map(ModelTask::yamlName).toList()));
    }
}
