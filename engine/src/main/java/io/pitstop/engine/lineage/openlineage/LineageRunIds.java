package io.pitstop.engine.lineage.openlineage;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * OpenLineage run ids (UUIDs) derived from Pitstop's: the same run and step always get the same id,
 * so a retried task, a resumed run and the file and HTTP copies of an event agree, and a backend
 * pairs a step's START with its COMPLETE or FAIL. Name-based (type 3) UUIDs of a prefixed text.
 */
final class LineageRunIds {

    private LineageRunIds() {
    }

    /** The pipeline run: the parent of its steps' runs. */
    static UUID ofRun(String runId) {
        return UUID.nameUUIDFromBytes(("pitstop-run:" + runId).getBytes(StandardCharsets.UTF_8));
    }

    /** One step of a run. */
    static UUID ofStep(String runId, String stepId) {
        return UUID.nameUUIDFromBytes(("pitstop-step:" + runId + "/" + stepId).getBytes(StandardCharsets.UTF_8));
    }
}
