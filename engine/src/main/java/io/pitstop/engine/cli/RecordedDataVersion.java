package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.store.StepRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A data version as a run recorded it: the step that recorded it and what its {@code data_version}
 * output says ({@link DataVersion}, the data-version.json's owner, which the steps that record versions write).
 *
 * @param runId      the run
 * @param stepId     the step within it
 * @param kind       the kind of the step that recorded it, e.g. {@code data.version}
 * @param recordedAt when the step finished
 * @param path       the tracked dataset, relative to the project
 * @param md5        dvc's content hash
 * @param size       bytes, or -1 when not recorded
 * @param gitCommit  the commit whose .dvc file names this version, or null
 * @param remote     the DVC remote holding it, or null when it was not pushed
 */
record RecordedDataVersion(String runId, String stepId, String kind, Instant recordedAt, String path, String md5,
                           long size, String gitCommit, String remote) {

    /** The version as its owner type has it. */
    DataVersion version() {
        return new DataVersion(path, md5, size, gitCommit, null, remote, null);
    }

    /** The version a step recorded; empty when it has no data_version output. */
    static Optional<RecordedDataVersion> of(StepRecord step) throws IOException {
        String file = step.outputs().get(DataVersion.ARTIFACT.name());
        if (file == null) return Optional.empty();
        DataVersion v = DataVersion.ARTIFACT.read(Path.of(file));
        return Optional.of(new RecordedDataVersion(step.runId(), step.stepId(), step.kind(), step.endedAt(), v.path(),
                v.md5(), v.size(), v.gitCommit(), v.remote()));
    }
}
