package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.store.SqlRunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline's promotion whose champion moved since its gate ran exits 4, not 1: nothing was released,
 * the message names who changed production, and the advice is to run again, not to resume.
 */
class CliPromotionConflictTest {

    @TempDir
    Path dir;

    @Test
    void aPromotionOverAChampionThatMovedExitsFourAndNamesWhoMovedIt() throws Exception {
        TestProject project = TestProject.create(dir);
        String pipeline = project.pipeline("promote.yaml", """
                pipeline: promote
                model: { name: churn }
                steps:
                  - id: promote
                    uses: testkit.promote
                    with: { version: "2.0.0", expect: none }
                """);
        var profile = ProfileLoader.load(dir, "local");
        try (var store = SqlRunStore.open(profile)) {
            var registry = new SqlRegistry(store, AuditHeadFile.of(profile));
            registry.register("churn", "1.0.0", "r1", "/pk/1.0.0", "h1", "alice");
            registry.transition("churn", "1.0.0", Stage.PRODUCTION, "alice", "first model", "r1", null);
        }
        CliResult run = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_CONFLICT, run.exitCode(), run.transcript());
        assertTrue(run.transcript().contains("production is now 1.0.0 (changed by alice at "), run.transcript());
        assertTrue(run.transcript().contains("production changed since the gate ran (exit 4); nothing was released"), run.transcript());
        CliResult list = project.cli("models", "list", "churn");
        assertTrue(list.out().contains("1.0.0      PRODUCTION") && list.out().contains("2.0.0      STAGING"), list.transcript());
        assertEquals(RunOutcome.EXIT_OK, project.cli("audit", "verify").exitCode());
    }
}
