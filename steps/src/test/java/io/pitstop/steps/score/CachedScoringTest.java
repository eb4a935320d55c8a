package io.pitstop.steps.score;

import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A score.batch result reused from the cache reports the predictions table as it is now, on a real Delta table. */
class CachedScoringTest {

    @Test
    void aCachedScoringReportsTheTablesCurrentVersionNotTheOneItsRunCommitted(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, false, Instant.parse("2026-11-20T00:00:00Z"));
            p.csv("input.csv", 200);
            var step = new ScoreBatchStep();
            var params = ScoreBatchStepTest.params("input.csv");
            StepResult first = step.run(params, p.context("run-1").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
            StepResult second = step.run(params, p.context("run-2").build());
            long firstVersion = Long.parseLong(first.outputs().get("table_version"));
            long secondVersion = Long.parseLong(second.outputs().get("table_version"));
            assertTrue(secondVersion > firstVersion, first.outputs() + " then " + second.outputs());

            // A third run reuses run-1's result (same fingerprint): it must say where the table stands now.
            StepResult cached = step.cachedResult(params, first.outputs(), p.context("run-3").build());
            assertEquals(StepResult.Outcome.SUCCEEDED, cached.outcome());
            assertEquals(Long.toString(secondVersion), cached.outputs().get("table_version"));
            assertEquals(first.outputs().get("predictions_table"), cached.outputs().get("predictions_table"));
            assertTrue(cached.message().contains("Delta version " + secondVersion), cached.message());
        }
    }
}
