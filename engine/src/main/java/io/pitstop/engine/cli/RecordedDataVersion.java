package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.store.StepRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A data version as a run recorded it: the step that recorded it and what its {@code data_version}
 * output (a data-version.json written by {@code data.version}, {@code data.restore} or {@code data.fetch}) says. Read
 * generically, field by field, because the engine does not depend on the steps that write the file.
 *
 * @param runId      the run
 * @param stepId     the step within it
 * @param kind       {@code data.version}, {@code data.restore} or {@code data.fetch}
 * @param recordedAt when the step finished
 * @param path       the tracked dataset, relative to the project
 * @param md5        dvc's content hash
 * @param size       bytes, or -1 when not recorded
 * @param gitCommit  the commit whose .dvc file names this version, or null
 * @param remote     the DVC remote holding it, or null when it was not pushed
 */
record RecordedDataVersion(String runId, String stepId, String kind, Instant recordedAt, String path, String md5,
                           long size, String gitCommit, String remote) {

    /** The step output that names the data-version.json. */
    static final String OUTPUT = "data_version";

    /** The version a step recorded; empty when it has no data_version output. */
    static Optional<RecordedDataVersion> of(StepRecord step) throws IOException {
        String file = step.outputs().get(OUTPUT);
        if (file == null) return Optional.empty();
        JsonNode doc = Json.MAPPER.readTree(Path.of(file).toFile());
        if (doc == null || !doc.hasNonNull("path") || !doc.hasNonNull("md5")) {
            throw new IOException(file + " is not a data-version.json (expected path and md5)");
        }
        return Optional.of(new RecordedDataVersion(step.runId(), step.stepId(), step.kind(), step.endedAt(),
                doc.get("path").asText(), doc.get("md5").asText(), doc.path("size").asLong(-1),
                text(doc, "git_commit"), text(doc, "remote")));
    }

    private static String text(JsonNode doc, String field) {
        return doc.hasNonNull(field) ? doc.get(field).asText() : null;
    }
}
