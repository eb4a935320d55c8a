package io.pitstop.steps.score;

import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.pitstop.steps.score.ScoreBatchStepTest.RECENT;
import static io.pitstop.steps.score.ScoreBatchStepTest.TABLE;
import static io.pitstop.steps.score.ScoreBatchStepTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model: candidate}: scoring rehearsed with the package this run built, before promotion, so a
 * model whose input checks or monitoring would refuse the nightly batch never reaches production.
 */
class ScoringRehearsalTest {

    static ScoreBatchStep.Params rehearsal(String input) {
        return new ScoreBatchStep.Params(input, TABLE, null, null, null, null, "candidate");
    }

    @Test
    void aRehearsalScoresWithTheUpstreamPackageChecksEverythingAndWritesNothing(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            p.release("1.0.0", Stage.PRODUCTION, true, RECENT);
            assertEquals(StepResult.Outcome.SUCCEEDED, new ScoreBatchStep().run(ScoreBatchStepTest.params(
                    p.csv("input.csv", 600).getFileName().toString()), p.context("run-0").build()).outcome());
            ModelPackage candidate = p.release("1.1.0", Stage.STAGING, true, RECENT);

            var step = new ScoreBatchStep();
            assertEquals(Set.of("package"), step.consumes(rehearsal("input.csv")));
            assertEquals(Set.of(), step.produces(rehearsal("input.csv")));
            StepResult result = step.run(rehearsal("input.csv"),
                    p.context("run-1").upstream("package", candidate.dir().toString()).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
            assertTrue(result.message().startsWith("rehearsal: 600 rows") && result.message().contains("churn 1.1.0")
                    && result.message().contains("nothing was written"), result.message());
            assertEquals(0, p.tableVersion(TABLE), "no commit");
            assertEquals(600, table(p, TABLE).filter(org.apache.spark.sql.functions.col("run_id").equalTo("run-0")).count());
            try (var files = Files.list(dir.resolve(TABLE))) {
                assertEquals(1, files.filter(f -> f.toString().endsWith(".parquet")).count(), "staged files deleted");
            }
        }
    }

    @Test
    void aRehearsalThatWouldFailFailsBeforePromotionAndTouchesNoTable(@TempDir Path dir) throws Exception {
        try (var p = new ScoringProject(dir)) {
            ModelPackage candidate = p.release("1.0.0", Stage.STAGING, true, RECENT);
            List<String> lines = Files.readAllLines(p.csv("input.csv", 600));
            int tenure = List.of(lines.get(0).split(",", -1)).indexOf("tenure");
            List<String> shifted = new ArrayList<>(List.of(lines.get(0)));
            // Every customer 200 months in: within the contract's range, far from the training profile.
            for (String line : lines.subList(1, lines.size())) {
                var cells = new ArrayList<>(List.of(line.split(",", -1)));
                cells.set(tenure, "200");
                shifted.add(String.join(",", cells));
            }
            Files.write(dir.resolve("shifted.csv"), shifted);
            StepResult result = new ScoreBatchStep().run(rehearsal("shifted.csv"),
                    p.context("run-1").upstream("package", candidate.dir().toString()).build());
            assertEquals(StepResult.Outcome.FAILED, result.outcome(), result.message());
            assertTrue(result.message().contains("tenure"), result.message());
            assertFalse(Files.exists(dir.resolve(TABLE).resolve("_delta_log")), "no table was created");
        }
    }

    @Test
    void aShadowTableWithACandidateIsRefusedAtItsParameter() {
        var e = assertThrows(io.pitstop.engine.step.InvalidParameterException.class, () ->
                new ScoreBatchStep.Params("in.csv", TABLE, "tables/shadow", null, null, null, "candidate"));
        assertTrue(e.getMessage().contains("shadow_table"), e.getMessage());
        var model = assertThrows(io.pitstop.engine.step.InvalidParameterException.class, () ->
                new ScoreBatchStep.Params("in.csv", TABLE, null, null, null, null, "staging"));
        assertTrue(model.getMessage().contains("[production, candidate]"), model.getMessage());
    }
}
