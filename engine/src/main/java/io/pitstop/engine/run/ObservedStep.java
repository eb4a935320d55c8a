package io.pitstop.engine.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step of a run as a {@link StepObserver} sees it: what it is and what it reads, in the run
 * store's terms, so an observer needs no step kind's types.
 *
 * @param runId      the Pitstop run
 * @param pipeline   the pipeline's name
 * @param model      the name of the model the pipeline builds (the registry's key)
 * @param stepId     the step's id in the pipeline
 * @param kind       the step kind, e.g. {@code data.version}
 * @param consumed   the upstream outputs the step consumes, by output name, as the producers recorded them
 * @param filesRead  the project files the step reads as they are (a landing file, a contract), absolute,
 *                   or URIs as declared
 * @param projectDir the project whose state the run writes (relative paths in artifacts resolve there)
 */
public record ObservedStep(String runId, String pipeline, String model, String stepId, String kind, Map<String, String> consumed,
                           List<String> filesRead, Path projectDir) {

    public ObservedStep {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        consumed = Map.copyOf(consumed);
        filesRead = List.copyOf(filesRead);
        Objects.requireNonNull(projectDir, "projectDir");
    }
}
