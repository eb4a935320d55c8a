package io.pitstop.steps.model;

import io.pitstop.engine.artifact.Artifact;

/**
 * The {@code model} output: a model directory, written by training and read by every step that
 * scores. Declared apart from {@link TrainedModel} because steps name it in {@code consumes()}, which
 * {@code check} calls: naming it must not load {@link TrainedModel}, whose signatures pull in DL4J
 * (CheckLoadsNoHeavyClassesTest). The reader is a lambda, not a method reference, for the same reason:
 * a method reference resolves its target class when the constant is created.
 */
public final class ModelArtifact {

    public static final Artifact<TrainedModel> TRAINED = Artifact.of("model", dir -> TrainedModel.load(dir));

    private ModelArtifact() {
    }
}
