package io.pitstop.steps.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.pitstop.engine.json.Json;
import io.pitstop.steps.features.FeatureSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code model.json}: what a scorer needs to know beside the weights — which label and positive
 * class the score is the probability of, the key, the feature columns, the decision threshold the
 * pipeline declared ({@link io.pitstop.engine.step.DecisionThreshold}; 0.5 for other tasks, which do not
 * use it), the input width (checked against features.json and the network on load) and the
 * hyperparameters the network was trained with.
 */
public record ModelDescriptor(
        int formatVersion,
        String label,
        String positive,
        String key,
        FeatureSpec features,
        double threshold,
        int inputWidth,
        long seed,
        int epochsRun,
        int bestEpoch,
        Map<String, Object> hyperparameters,
        String task,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        java.util.List<String> classes,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double targetMean,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double targetScale) {

    /** The format of a binary classifier's model.json, unchanged since before tasks existed. */
    public static final int FORMAT_VERSION = 1;
    /**
     * The format of a multiclass or regression model's model.json. A Pitstop that predates tasks reads
     * version 1 only, so it refuses these by their version instead of scoring them as binary classifiers.
     */
    public static final int TASKS_FORMAT_VERSION = 2;
    public static final String FILE_NAME = "model.json";

    @com.fasterxml.jackson.annotation.JsonCreator
    public ModelDescriptor {
        Objects.requireNonNull(label, "label");
        // Absent in model.json files written before tasks existed: those are all binary.
        ModelTask t = ModelTask.ofDescriptor(task);
        task = t.yamlName();
        classes = classes == null ? java.util.List.of() : java.util.List.copyOf(classes);
        if (t == ModelTask.BINARY) Objects.requireNonNull(positive, "positive");
        if (t == ModelTask.MULTICLASS && classes.size() < 2) {
            throw new IllegalArgumentException("a multiclass model needs at least 2 classes, has " + classes);
        }
        if (t == ModelTask.REGRESSION && (targetMean == null || targetScale == null || !(targetScale > 0))) {
            throw new IllegalArgumentException("a regression model needs target_mean and a positive target_scale");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(features, "features");
        new io.pitstop.engine.step.DecisionThreshold(threshold);
        if (inputWidth < 1) throw new IllegalArgumentException("input_width must be >= 1, was " + inputWidth);
        hyperparameters = java.util.Collections.unmodifiableSortedMap(
                hyperparameters == null ? new TreeMap<>() : new TreeMap<>(hyperparameters));
    }

    /** A binary classifier's descriptor, as every model was before tasks existed. */
    public ModelDescriptor(int formatVersion, String label, String positive, String key, FeatureSpec features,
                           double threshold, int inputWidth, long seed, int epochsRun, int bestEpoch,
                           Map<String, Object> hyperparameters) {
        this(formatVersion, label, positive, key, features, threshold, inputWidth, seed, epochsRun, bestEpoch,
                hyperparameters, ModelTask.BINARY.yamlName(), null, null, null);
    }

    /**
     * The record's usual text, without the task fields for a binary model: {@link TrainedModel#identity()}
     * digests this text, and a binary model must keep the identity it had before tasks existed (the
     * registry records it; an unchanged model is a patch release and a cached gate).
     */
    @Override
    public String toString() {
        String binary = "ModelDescriptor[formatVersion=" + formatVersion + ", label=" + label + ", positive=" + positive
                + ", key=" + key + ", features=" + features + ", threshold=" + threshold + ", inputWidth=" + inputWidth
                + ", seed=" + seed + ", epochsRun=" + epochsRun + ", bestEpoch=" + bestEpoch
                + ", hyperparameters=" + hyperparameters;
        return modelTask() == ModelTask.BINARY ? binary + "]" : binary + ", task=" + task + ", classes=" + classes
                + ", targetMean=" + targetMean + ", targetScale=" + targetScale + "]";
    }

    /** The threshold this model decides at: what evaluation, the gate, the model card and scoring use. */
    public io.pitstop.engine.step.DecisionThreshold decisionThreshold() {
        return new io.pitstop.engine.step.DecisionThreshold(threshold);
    }

    public ModelTask modelTask() {
        return ModelTask.ofDescriptor(task);
    }

    /** How this model's label maps to the network's output. */
    public Target target() {
        ModelTask t = modelTask();
        return new Target(t, positive, classes, t == ModelTask.REGRESSION ? targetMean : 0,
                t == ModelTask.REGRESSION ? targetScale : 1);
    }

    /** The format version a model of this task is written with: binary models keep version 1 (and their identity). */
    public static int formatVersionFor(ModelTask task) {
        return task == ModelTask.BINARY ? FORMAT_VERSION : TASKS_FORMAT_VERSION;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.PRETTY.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    }

    public static ModelDescriptor read(Path file) throws IOException {
        var tree = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        // A primitive the file lacks would read as 0, a threshold that calls every row positive: a model.json
        // without one decides at the default, as every model did before the threshold could be declared.
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.hasNonNull("threshold")) {
            o.put("threshold", io.pitstop.engine.step.DecisionThreshold.DEFAULT.value());
        }
        ModelDescriptor d = Json.MAPPER.readerFor(ModelDescriptor.class)
                // Written by this or a newer Pitstop: a field added later is skipped, not refused.
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(tree);
        if (d.formatVersion() != FORMAT_VERSION && d.formatVersion() != TASKS_FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " has format_version " + d.formatVersion()
                    + "; this Pitstop reads versions " + FORMAT_VERSION + " and " + TASKS_FORMAT_VERSION);
        }
        if (d.formatVersion() == TASKS_FORMAT_VERSION && d.modelTask() == ModelTask.BINARY) {
            throw new IllegalArgumentException(file + " has format_version " + TASKS_FORMAT_VERSION
                    + " but no multiclass or regression task; a binary model.json has version " + FORMAT_VERSION);
        }
        return d;
    }
}
