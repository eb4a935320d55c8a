package io.pitstop.engine.store;

import java.time.Instant;
import java.util.List;

/**
 * One run of a pipeline, as recorded.
 *
 * @param gitChanges what the commit lacked when the run started: {@code modified <path>} or
 *                   {@code untracked <path>} per file; empty when clean (or recorded before this was kept)
 */
public record RunRecord(
        String runId,
        String pipeline,
        String pipelineFile,
        String specSha256,
        String specText,
        String gitCommit,
        boolean gitDirty,
        String profile,
        RunStatus status,
        Instant startedAt,
        Instant endedAt,
        String message,
        String environmentJson,
        List<String> gitChanges) {

    public RunRecord {
        gitChanges = gitChanges == null ? List.of() : List.copyOf(gitChanges);
    }

    public RunRecord(String runId, String pipeline, String pipelineFile, String specSha256, String specText,
                     String gitCommit, boolean gitDirty, String profile, RunStatus status, Instant startedAt,
                     Instant endedAt, String message, String environmentJson) {
        this(runId, pipeline, pipelineFile, specSha256, specText, gitCommit, gitDirty, profile, status, startedAt,
                endedAt, message, environmentJson, List.of());
    }
}
