package io.pitstop.steps.data;

import io.pitstop.engine.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped contract (loaded by the real ContractLoader) against the bundled Telco data: the demo
 * pipeline depends on the two agreeing, so a change to either that breaks the other fails here.
 */
class BundledContractTest {

    @TempDir
    Path tmp;

    @Test
    void theBundledTelcoDataPassesTheShippedContract() throws Exception {
        Path root = PythonTools.repoRoot();
        var ctx = DataStepContext.builder(root).outputDir(tmp.resolve("out"))
                .upstream("dataset", root.resolve("data/landing/telco_churn.csv").toString()).build();
        var step = new DataValidateStep();
        var params = new DataValidateParams("data-contracts/telco-churn.yaml");

        assertEquals(java.util.List.of(), step.validate(params, ctx));
        StepResult result = step.run(params, ctx);

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertEquals(7043.0, result.metrics().get("rows"));
        assertEquals(0.0, result.metrics().get("warnings"), result.message());
        assertEquals("PASSED", result.reports().get("verification").get("status").asText());
        assertTrue(result.reports().get("verification").get("checks").size() > 30);
    }
}
