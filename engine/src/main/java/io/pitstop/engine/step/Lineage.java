package io.pitstop.engine.step;

import java.util.List;
import java.util.Map;

/**
 * Where a run came from: the code (Git commit and whether the work tree had uncommitted changes),
 * the declared pipeline (hash of the file as run) and the machine. Data versions are outputs of the
 * data steps and travel through {@link Upstream}.
 *
 * @param gitChanges what the commit lacks, {@code modified <path>} or {@code untracked <path>}
 *                   ({@link io.pitstop.engine.lineage.GitState#changes()}); empty when clean
 */
public record Lineage(
        String runId,
        String pipelineName,
        String pipelineFile,
        String specSha256,
        String gitCommit,
        boolean gitDirty,
        String profile,
        Map<String, String> environment,
        List<String> gitChanges) {

    public Lineage {
        environment = Map.copyOf(environment);
        gitChanges = List.copyOf(gitChanges);
    }

    /** A lineage without a list of changes (a clean copy, or one whose dirt is not itemised). */
    public Lineage(String runId, String pipelineName, String pipelineFile, String specSha256, String gitCommit,
                   boolean gitDirty, String profile, Map<String, String> environment) {
        this(runId, pipelineName, pipelineFile, specSha256, gitCommit, gitDirty, profile, environment, List.of());
    }
}
