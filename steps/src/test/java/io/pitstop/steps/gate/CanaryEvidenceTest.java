package io.pitstop.steps.gate;

import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.artifact.RealisedPerformance.Estimate;
import io.pitstop.engine.artifact.RealisedPerformance.Group;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.artifact.GateRule;
import io.pitstop.steps.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's canary evidence as the step gathers it: the registered version holding the model under the gate,
 * found by its identity in a real SQLite registry, judged on the realised performance an upstream outcomes
 * join wrote.
 */
class CanaryEvidenceTest {

    private static Group version(String v, long judged, double auc) {
        return new Group(v, null, null, null, null, judged, 10, judged / 4, new Estimate(auc, Double.NaN, Double.NaN,
                "hanley_mcneil"), 0.5, 0.5, new Estimate(0.25, Double.NaN, Double.NaN, "wilson"),
                new Estimate(0.3, Double.NaN, Double.NaN, "wilson"), 0.27, List.of());
    }

    private static Path realised(Path dir, String name, Group... groups) throws Exception {
        Path file = dir.resolve(name);
        new RealisedPerformance(1, "churn", "Yes", "t", "o", 1, 1000, Instant.parse("2026-12-01T00:00:00Z"), 0, List.of(),
                List.of(groups), List.of(), List.of()).write(file);
        return file;
    }

    private static TestStepContext.Builder context(Path dir, SqlRegistry registry) {
        return TestStepContext.builder().projectDir(dir).stateDir(dir.resolve(".pitstop")).outputDir(dir).registry(registry);
    }

    @Test
    void theModelUnderTheGateIsFoundByIdentityAndJudgedOnItsOwnKeys(@TempDir Path dir) throws Exception {
        Path model = TrainedTelcoModel.modelDir();
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + dir.resolve("pitstop.db"))) {
            var registry = new SqlRegistry(store);
            registry.register("churn", "1.0.0", "r1", "p1", "a".repeat(64), "champion-identity", "test");
            ModelVersion champion = registry.transition("churn", "1.0.0", Stage.PRODUCTION, "test", "test", "r1", "");
            var limits = new CanaryLimits(200L, null, null, 0.05);

            var notRegistered = GateStep.canaryRule(limits, context(dir, registry).build(), model, champion);
            assertFalse(notRegistered.passed());
            assertTrue(notRegistered.explanation().startsWith("no registered version of churn holds this model"),
                    notRegistered.explanation());

            registry.register("churn", "1.1.0", "r2", "p2", "b".repeat(64), TrainedModel.identityOf(model), "test");
            GateRule level = GateStep.canaryRule(limits, context(dir, registry)
                    .upstream(RealisedPerformance.ARTIFACT.name(), realised(dir, "level.json", version("1.0.0", 8000, 0.80),
                            version("1.1.0", 8000, 0.81))).build(), model, champion);
            assertTrue(level.passed(), level.explanation());
            assertEquals(0.81, level.challenger());
            assertEquals(0.80, level.champion());

            GateRule worse = GateStep.canaryRule(limits, context(dir, registry)
                    .upstream(RealisedPerformance.ARTIFACT.name(), realised(dir, "worse.json", version("1.0.0", 400, 0.85),
                            version("1.1.0", 300, 0.70))).build(), model, champion);
            assertFalse(worse.passed());
            assertTrue(worse.explanation().startsWith("the canary 1.1.0 is not shown to be no worse"), worse.explanation());

            GateRule unmeasured = GateStep.canaryRule(limits, context(dir, registry)
                    .upstream(RealisedPerformance.ARTIFACT.name(), realised(dir, "none.json", version("1.0.0", 400, 0.85)))
                    .build(), model, champion);
            assertFalse(unmeasured.passed());
            assertEquals("no realised performance of churn 1.1.0 was measured; measured: [1.0.0]", unmeasured.explanation());
        }
    }
}
