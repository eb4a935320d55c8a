package io.pitstop.steps.release;

import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TestStepContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A release.promote result reused from the cache says where its version is now, on the real registry:
 * still in production, the run reports it; rolled back since, the run releases nothing and says so.
 */
class CachedPromotionTest {

    @Test
    void aCachedPromotionAfterARollbackRecordsNoRelease(@TempDir Path dir) throws Exception {
        try (var store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            var registry = new SqlRegistry(store);
            for (String version : new String[]{"1.0.0", "1.1.0"}) {
                registry.register("churn", version, "run-" + version, dir.resolve(version).toString(), "sha-" + version, "test");
                registry.transition("churn", version, Stage.PRODUCTION, "test", "released", "run-" + version, "");
            }
            var step = new PromoteStep();
            var params = new PromoteStep.Params(Stage.PRODUCTION, "test");
            var ctx = TestStepContext.builder().projectDir(dir).outputDir(dir.resolve("out")).registry(registry).runId("run-3").build();
            Map<String, String> released = Map.of("released_version", "1.1.0");

            StepResult stillThere = step.cachedResult(params, released, ctx);
            assertEquals(StepResult.Outcome.SUCCEEDED, stillThere.outcome());
            assertEquals("churn 1.1.0 is in production", stillThere.message());
            assertEquals(released, stillThere.outputs());

            registry.rollback("churn", "1.1.0", "ops", "bad predictions");
            StepResult afterRollback = step.cachedResult(params, released, ctx);
            assertEquals(StepResult.Outcome.STOPPED, afterRollback.outcome(), "nothing was released this run");
            assertTrue(afterRollback.message().contains("churn 1.1.0 was released by an earlier run and is archived now"
                    + " (production: 1.0.0)"), afterRollback.message());
            assertEquals(Map.of(), afterRollback.outputs());
            assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version(),
                    "the rollback stands");
        }
    }
}
