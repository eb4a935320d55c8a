package io.pitstop.engine.store;

import java.time.Instant;

/** One run of a pipeline, as recorded. */
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
        String environmentJson) {
}
