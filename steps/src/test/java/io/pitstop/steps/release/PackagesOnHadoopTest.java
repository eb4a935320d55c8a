package io.pitstop.steps.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.score.ScoreBatchStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release and scoring steps with the profile's packages on a Hadoop filesystem other than the
 * local one: {@code viewfs:} (Hadoop's ViewFileSystem, a real FileSystem implementation whose mount
 * table, set in the profile's {@code hadoop:} section, links {@code /packages} to a directory here).
 * Only the profile differs from a local run: the package step publishes there, the registry records
 * the URI, and the gate and the scoring job read the package back from it, verified.
 */
class PackagesOnHadoopTest {

    static final ObjectMapper JSON = Json.MAPPER;
    static final Path CONTRACT = Path.of("..", "data-contracts", "telco-churn.yaml").toAbsolutePath().normalize();

    @TempDir
    Path project;

    private TestStepContext.Builder context(SqlRegistry registry, String name, Path disk) throws Exception {
        Path metrics = Files.writeString(project.resolve("metrics.json"),
                "{\"overall\": {\"auc\": 0.84, \"log_loss\": 0.41}, \"slices\": {}}");
        Path validation = io.pitstop.steps.TestArtifacts.passedValidation(project.resolve("validation.json"));
        Path dataVersion = Files.writeString(project.resolve("data-version.json"),
                "{\"path\": \"data/telco_churn.csv\", \"md5\": \"abc\", \"size\": 10}");
        return TestStepContext.builder()
                .projectDir(project)
                .stateDir(project.resolve(".pitstop"))
                .runId("run-" + name)
                .outputDir(Files.createDirectories(project.resolve("out-" + name)))
                .registry(registry)
                .setting("packages.location", "viewfs://team/packages")
                .setting("hadoop.fs.viewfs.mounttable.team.link./packages", disk.toUri().toString())
                .upstream("model", TrainedTelcoModel.modelDir())
                .upstream("test_split", TrainedTelcoModel.split("test"))
                .upstream("metrics", metrics)
                .upstream("validation_report", validation)
                .upstream("contract", CONTRACT)
                .upstream("data_version", dataVersion);
    }

    @Test
    void packagesArePublishedRegisteredAndReadBackThroughTheHadoopFilesystem() throws Exception {
        Path disk = project.resolve("shared-disk");
        try (SqlRunStore store = SqlRunStore.open("jdbc:sqlite:" + project.resolve("pitstop.db"))) {
            SqlRegistry registry = new SqlRegistry(store);
            var gate = new GateStep().run(new GateStep.Params(Map.of("auc", 0.7), null, Map.of("auc", 0.01)),
                    context(registry, "gate", disk).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
            var pkg = new PackageStep().run(new PackageStep.Params(),
                    context(registry, "package", disk).upstream("gate_report", gate.outputs().get("gate_report")).build());
            assertEquals("viewfs://team/packages/churn-1.0.0", pkg.outputs().get("package_location"));
            assertTrue(pkg.message().endsWith("-> viewfs://team/packages/churn-1.0.0"), pkg.message());
            try (Stream<Path> files = Files.walk(disk.resolve("churn-1.0.0"))) {
                assertTrue(files.anyMatch(f -> f.endsWith("model.zip")), "the package's bytes are on the shared disk");
            }
            var promoted = new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"),
                    context(registry, "promote", disk).upstream("package", pkg.outputs().get("package"))
                            .upstream("package_location", pkg.outputs().get("package_location"))
                            .upstream("model_version", "1.0.0").upstream("gate_report", gate.outputs().get("gate_report")).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, promoted.outcome(), promoted.message());
            ModelVersion production = registry.inStage("churn", Stage.PRODUCTION).orElseThrow();
            assertEquals("viewfs://team/packages/churn-1.0.0", production.packagePath());

            // The champion is opened from the filesystem for the next gate, with no local build copy to fall back on.
            FileTree.delete(project.resolve(".pitstop/packages"));
            var next = new GateStep().run(new GateStep.Params(Map.of("auc", 0.7), null, Map.of("auc", 0.0)),
                    context(registry, "gate-2", disk).build());
            assertEquals("churn 1.0.0", JSON.readTree(Path.of(next.outputs().get("gate_report")).toFile())
                    .path("champion").asText(), next.message());

            // The scoring job pins and verifies the registered package from the same URI.
            List<String> lines;
            try (Stream<String> all = Files.lines(TelcoData.CSV)) {
                lines = all.limit(1001).toList();
            }
            Files.write(project.resolve("input.csv"), lines);
            // The prediction table by URI too, as a table on HDFS or S3A is named.
            String table = project.resolve("shared-tables/predictions").toUri().toString();
            var params = new ScoreBatchStep.Params("input.csv", table, null, null);
            StepResult scored = new ScoreBatchStep().run(params, context(registry, "score", disk).build());
            assertEquals(StepResult.Outcome.SUCCEEDED, scored.outcome(), scored.message());
            assertEquals(table, scored.outputs().get("predictions_table"));
            assertEquals(1000, TestSpark.session().read().format("delta").load(table).count());
            var history = new io.pitstop.steps.score.DeltaPredictionTables(TestSpark.session()).history(table);
            assertEquals("run-score", history.get(0).runId());

            // A byte changed on the shared disk: the next scoring run refuses the package before any row is scored,
            // though a verified copy of it is still cached here.
            Path card = disk.resolve("churn-1.0.0/model-card.md");
            Files.writeString(card, Files.readString(card) + "tampered");
            Exception refused = assertThrows(Exception.class,
                    () -> new ScoreBatchStep().run(params, context(registry, "score-2", disk).build()));
            assertTrue(refused.getMessage().contains("viewfs://team/packages/churn-1.0.0 failed verification"), refused.getMessage());
            assertTrue(refused.getMessage().contains("model-card.md"), refused.getMessage());
            assertEquals(1, TestSpark.session().read().format("delta").load(table)
                    .select("run_id").distinct().count(), "the table still holds the first run's rows only");
        }
    }

}
