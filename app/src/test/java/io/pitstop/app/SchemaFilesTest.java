package io.pitstop.app;

import io.pitstop.engine.schema.SchemaWriter;
import io.pitstop.engine.spec.StepCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON Schemas editors use must match every step kind the CLI ships: a new parameter or step
 * kind without a regenerated schema fails here. Regenerate with {@code ./pitstop schema}.
 */
class SchemaFilesTest {

    @Test
    void thePipelineSchemaMatchesTheShippedStepKinds() throws Exception {
        StepCatalog catalog = StepCatalog.fromServiceLoader();
        assertTrue(catalog.kinds().containsAll(java.util.List.of("data.version", "data.validate", "train.network",
                "evaluate.classifier", "release.gate", "release.package", "release.promote", "score.batch")),
                catalog.kinds().toString());
        assertEquals(SchemaWriter.pipelineSchema(catalog),
                Files.readString(DemoProject.REPO.resolve("pipelines/pipeline.schema.json")),
                "pipelines/pipeline.schema.json is stale: run ./pitstop schema");
    }

    @Test
    void theContractSchemaIsCurrent() throws Exception {
        assertEquals(SchemaWriter.contractSchema(),
                Files.readString(DemoProject.REPO.resolve("data-contracts/contract.schema.json")),
                "data-contracts/contract.schema.json is stale: run ./pitstop schema");
    }

    @Test
    void theDemoPipelineIsValid() {
        var checked = new io.pitstop.engine.spec.PipelineLoader(StepCatalog.fromServiceLoader())
                .load(DemoProject.REPO.resolve("pipelines/telco-churn.yaml"), DemoProject.REPO);
        assertEquals(9, checked.plan().order().size());
    }
}
