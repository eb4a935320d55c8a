package io.pitstop.engine.step;

import java.util.Map;

/**
 * Where a run came from: the code (Git commit and whether the work tree had uncommitted changes),
 * the declared pipeline (hash of the file as run) and the machine. Data versions are outputs of the
 * data steps and travel through {@link Upstream}.
 */
public record Lineage(
        String runId,
        String pipelineName,
        String pipelineFile,
        String specSha256,
        String gitCommit,
        boolean gitDirty,
        String profile,
        Map<String, String> environment) {

    public Lineage {
        environment = Map.copyOf(environment);
    }
}
