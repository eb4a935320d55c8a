package io.pitstop.engine.run;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.step.Lineage;
import io.pitstop.engine.step.ModelInfo;
import io.pitstop.engine.step.Progress;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.Upstream;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The runner's {@link StepContext}: plain values plus the run's shared resources. */
record RunStepContext(
        String runId,
        String stepId,
        String pipelineName,
        ModelInfo model,
        Path projectDir,
        Path outputDirOrNull,
        long seed,
        Upstream upstream,
        ResourcePool resources,
        Registry registry,
        Profile profile,
        Lineage lineage,
        Progress progress,
        Logger log,
        Clock clock,
        Map<String, String> resolvedInputs) implements StepContext {

    RunStepContext {
        resolvedInputs = Map.copyOf(resolvedInputs);
    }

    @Override
    public Path outputDir() {
        if (outputDirOrNull == null) {
            throw new IllegalStateException("step '" + stepId + "': its output directory does not exist yet"
                    + " while its external inputs are being fingerprinted");
        }
        return outputDirOrNull;
    }

    @Override
    public <T> T resource(Class<T> type) {
        return resources.get(type);
    }

    RunStepContext withOutputDir(Path dir, Logger stepLog, Map<String, String> resolved) {
        return new RunStepContext(runId, stepId, pipelineName, model, projectDir, dir, seed, upstream, resources,
                registry, profile, lineage, progress, stepLog, clock, resolved);
    }
}
