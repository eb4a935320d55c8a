package io.pitstop.engine.cli;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStatus;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Runs recorded in a project's real SQLite run store as the steps would record them: an outcomes join with
 * its realised-performance report, an evaluation with its test AUC. For commands that read only the store.
 */
final class RealisedRecords {

    private RealisedRecords() {
    }

    static void outcomesJoin(Path project, String runId, RealisedPerformance report, Instant at) throws Exception {
        Path file = Files.createDirectories(project.resolve(".pitstop/runs/" + runId + "/outcomes"))
                .resolve(RealisedPerformance.FILE_NAME);
        report.write(file);
        String name = RealisedPerformance.ARTIFACT.name();
        save(project, runId, "outcomes", "outcomes.join", Map.of(name, file.toString()), Map.of(),
                Map.of(name, report.toJson()), at);
    }

    static void step(Path project, String runId, String stepId, String kind, Map<String, Double> metrics, Instant at)
            throws Exception {
        save(project, runId, stepId, kind, Map.of(), metrics, Map.of(), at);
    }

    private static void save(Path project, String runId, String stepId, String kind, Map<String, String> outputs,
                             Map<String, Double> metrics, Map<String, com.fasterxml.jackson.databind.JsonNode> reports,
                             Instant at) {
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + project.resolve(".pitstop/pitstop.db"))) {
            if (store.findRun(runId).isEmpty()) {
                store.createRun(new RunRecord(runId, "p", "pipelines/p.yaml", "sha", null, "c0ffee", false, "local",
                        RunStatus.SUCCEEDED, at.minusSeconds(5), at, null, null));
            }
            store.saveStep(new StepRecord(runId, stepId, kind, StepStatus.SUCCEEDED, "fp-" + runId + stepId, null, Map.of(),
                    outputs, metrics, Map.of(), reports, null, at.minusSeconds(1), at, "ok", null));
        }
    }
}
