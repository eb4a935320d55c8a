package io.pitstop.engine.spec;

import io.pitstop.engine.step.ModelInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline as declared in {@code pipelines/<name>.yaml}: intent, not record. What actually ran is
 * in the run store.
 *
 * @param sha256 hash of the file's bytes as loaded: part of every run's lineage
 * @param text   the file as loaded, kept with the run
 * @param schedule when a scheduler runs it ({@code schedule:}), or null when the file has none
 * @param retrainWhen when a scheduled run retrains ({@code retrain_when:}), or null: every run does
 */
public record PipelineSpec(Path file, String name, String description, long seed, ModelInfo model,
                           ScheduleSpec schedule, RetrainPolicy retrainWhen, List<StepSpec> steps, String sha256, String text) {

    public PipelineSpec {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        description = description == null ? "" : description;
        steps = List.copyOf(steps);
    }

    public Optional<ScheduleSpec> scheduleSpec() {
        return Optional.ofNullable(schedule);
    }

    public Optional<RetrainPolicy> retrainPolicy() {
        return Optional.ofNullable(retrainWhen);
    }

    public Optional<StepSpec> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
