package io.pitstop.steps.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageVerifier;
import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.ChampionChangedException;
import io.pitstop.engine.registry.CleanTreeRule;
import io.pitstop.engine.registry.PromotionDeniedException;
import io.pitstop.engine.registry.SqlRegistry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.SqlRunStore;
import io.pitstop.steps.TestStepContext;
import io.pitstop.steps.TrainedTelcoModel;
import io.pitstop.steps.gate.Budgets;
import io.pitstop.steps.gate.GateStep;
import io.pitstop.steps.gate.SliceLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gate, package and promote on a model trained from the Telco sample, with a real registry on a
 * SQLite file: the first release is judged by floors alone; the next gate scores the champion on
 * the same split; re-packaging the same model is a patch version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseStepsTest {

    static final ObjectMapper JSON = Json.MAPPER;

    @TempDir
    static Path temp;
    static SqlRunStore store;
    static SqlRegistry registry;
    static Path metrics;
    static Path validation;
    static Path dataVersion;
    static Path profile;
    static Path contract = Path.of("..", "data-contracts", "telco-churn.yaml").toAbsolutePath().normalize();
    static Path firstGateReport;
    static Path firstPackage;

    @BeforeAll
    static void setUp() throws Exception {
        store = SqlRunStore.open("jdbc:sqlite:" + temp.resolve("pitstop.db"));
        registry = new SqlRegistry(store);
        // The gate judges the challenger by this evaluation, so it is a real one of the model under test.
        var evaluated = new io.pitstop.steps.evaluate.EvaluateClassifierStep().run(
                new io.pitstop.steps.evaluate.EvaluateParams(List.of("contract")),
                TestStepContext.builder().outputDir(Files.createDirectories(temp.resolve("evaluate")))
                        .upstream("model", TrainedTelcoModel.modelDir())
                        .upstream("test_split", TrainedTelcoModel.split("test")).build());
        metrics = Path.of(evaluated.outputs().get("metrics"));
        validation = io.pitstop.steps.TestArtifacts.passedValidation(temp.resolve("validation.json"));
        dataVersion = Files.writeString(temp.resolve("data-version.json"),
                "{\"path\": \"data/telco_churn.csv\", \"md5\": \"abc\", \"size\": 10}");
        profile = Files.writeString(temp.resolve("profile.json"), "{\"format\": 1, \"dataset\": \"telco_churn\"}");
    }

    @AfterAll
    static void tearDown() {
        store.close();
    }

    static TestStepContext.Builder context(String outputName) throws Exception {
        return TestStepContext.builder()
                .outputDir(Files.createDirectories(temp.resolve(outputName)))
                .stateDir(temp.resolve("state"))
                .registry(registry)
                .upstream("model", TrainedTelcoModel.modelDir())
                .upstream("test_split", TrainedTelcoModel.split("test"))
                .upstream("metrics", metrics)
                .upstream("validation_report", validation)
                .upstream("contract", contract)
                .upstream("data_version", dataVersion);
    }

    /** A gate report of a challenger that passed, judged against {@code championVersion}. */
    static Path passedGate(Path file, String championVersion) throws Exception {
        new io.pitstop.steps.artifact.GateReport(true, "all rules passed", "churn " + championVersion, List.of(), List.of())
                .withEvidence(Map.of("auc", 0.8), Map.of("auc", 0.8), championVersion).write(file);
        return file;
    }

    static PackageKeys keys() throws Exception {
        return PackageKeys.of(context("keys").build().profile());
    }

    @Test
    @Order(1)
    void aFirstModelBelowItsFloorIsStoppedAndTheReportNamesTheRule() throws Exception {
        var params = new GateStep.Params(Map.of("auc", 0.999), null, Map.of("auc", 0.0));
        StepResult result = new GateStep().run(params, context("gate-strict").build());
        assertEquals(StepResult.Outcome.STOPPED, result.outcome());
        var report = JSON.readTree(Path.of(result.outputs().get("gate_report")).toFile());
        assertEquals("floor:auc", report.path("decided_by").asText());
        assertEquals("none", report.path("champion").asText());
        assertTrue(result.message().contains("floor"), result.message());
    }

    @Test
    @Order(2)
    void aFirstModelAboveItsFloorIsPackagedAndPromoted() throws Exception {
        var gate = new GateStep().run(new GateStep.Params(Map.of("auc", 0.7), null, Map.of("auc", 0.01)),
                context("gate").build());
        assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
        firstGateReport = Path.of(gate.outputs().get("gate_report"));

        var pkg = new PackageStep().run(new PackageStep.Params(),
                context("package").upstream("gate_report", firstGateReport).upstream("profile", profile).build());
        assertEquals("1.0.0", pkg.outputs().get("model_version"));
        firstPackage = Path.of(pkg.outputs().get("package"));
        assertTrue(PackageVerifier.verify(firstPackage, keys()).ok());
        for (String file : List.of("model/model.zip", "model/features.json", "model/model.json", "metrics.json",
                "gate-report.json", "contract.yaml", "data-version.json", "model-card.md", "manifest.json",
                "profile.json", "model.onnx", "features.json")) {
            assertTrue(Files.exists(firstPackage.resolve(file)), file);
        }
        String checksums = Files.readString(firstPackage.resolve("checksums.sha256"));
        assertTrue(checksums.contains(" model.onnx\n") && checksums.contains(" features.json\n"),
                "the portable model is covered by the checksums, so by the signature: " + checksums);
        assertEquals(Files.readString(profile), Files.readString(firstPackage.resolve("profile.json")));
        assertTrue(Files.readString(firstPackage.resolve("checksums.sha256")).contains(" profile.json"),
                "the profile is covered by the checksums like every other file");
        var manifest = ModelPackage.open(firstPackage, keys()).manifest();
        assertEquals("abc", manifest.lineage().get("data.md5"));
        assertEquals("0".repeat(40), manifest.lineage().get("git.commit"));
        assertTrue(Files.readString(firstPackage.resolve("model-card.md")).contains("auc"));
        // Signed with the pair the first package created under the state directory, and archived as one file.
        assertTrue(Files.exists(temp.resolve("state/keys/package-signing.key")));
        // ... whose public key is also written in minisign's format beside it, the same key the package carries.
        assertEquals(Files.readString(temp.resolve("state/keys/package-signing.minisign.pub")),
                Files.readString(firstPackage.resolve("signing.pub")));
        assertEquals(firstPackage.resolveSibling("churn-1.0.0.zip").toString(), pkg.outputs().get("package_archive"));

        var promoted = new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"),
                context("promote").upstream("package", firstPackage).upstream("model_version", "1.0.0")
                        .upstream("gate_report", firstGateReport).build());
        assertEquals("1.0.0", promoted.outputs().get("released_version"));
        assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
        // The registry keeps the model's identity, so later runs key on it without opening this package.
        assertEquals(io.pitstop.engine.artifact.ReleaseLineage.of(manifest.lineage()).modelIdentity(),
                registry.inStage("churn", Stage.PRODUCTION).orElseThrow().modelIdentity());
        List<AuditEntry> audit = registry.audit("churn");
        assertEquals(Stage.PRODUCTION, audit.get(audit.size() - 1).to());
        assertEquals("ci", audit.get(audit.size() - 1).actor());
    }

    @Test
    @Order(3)
    void theNextGateScoresTheChampionOnTheSameSplit() throws Exception {
        var gate = new GateStep().run(new GateStep.Params(Map.of("auc", 0.7), null, Map.of("auc", 0.0)),
                context("gate-2").build());
        var report = JSON.readTree(Path.of(gate.outputs().get("gate_report")).toFile());
        assertEquals("churn 1.0.0", report.path("champion").asText());
        // The same model on the same rows: identical metrics, so no regression at all.
        assertEquals(report.path("challenger_metrics").path("auc").asDouble(),
                report.path("champion_metrics").path("auc").asDouble(), 1e-12);
        assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
    }

    @Test
    @Order(3)
    void slicesAndBudgetsAreMeasuredOnBothModelsAndEveryRuleIsInTheReport() throws Exception {
        var params = new GateStep.Params(Map.of("auc", 0.7), null, Map.of("auc", 0.0), Map.of("auc", 0.0),
                new SliceLimits(List.of("contract"), Map.of("auc", 0.0, "log_loss", 0.0), 20),
                new Budgets(50_000_000L, 10_000.0));
        var gate = new GateStep().run(params, context("gate-sliced").build());
        assertEquals(StepResult.Outcome.SUCCEEDED, gate.outcome(), gate.message());
        var report = JSON.readTree(Path.of(gate.outputs().get("gate_report")).toFile());
        var slices = new java.util.TreeSet<String>();
        double bytes = Double.NaN;
        double ms = Double.NaN;
        for (var rule : report.path("rules")) {
            if (rule.path("rule").asText().equals("slice_regression")) slices.add(rule.path("metric").asText());
            if (rule.path("metric").asText().equals("model_bytes")) bytes = rule.path("challenger").asDouble();
            if (rule.path("metric").asText().equals("ms_per_1k_rows")) ms = rule.path("challenger").asDouble();
        }
        // The same model on the same rows: each contract segment judged on two metrics, none regressed.
        assertTrue(slices.contains("auc[contract=Month-to-month]"), slices.toString());
        assertTrue(slices.contains("log_loss[contract=Month-to-month]"), slices.toString());
        assertTrue(bytes > 1000, "the model directory's real size, was " + bytes);
        assertTrue(ms > 0, "a measured latency, was " + ms);
        assertTrue(report.path("rules").toString().contains("max_relative_regression"));
        assertEquals(bytes, gate.metrics().get("challenger.model_bytes"));
    }

    @Test
    @Order(3)
    void aModelOverItsSizeBudgetIsStoppedAndTheRuleNamed() throws Exception {
        var params = new GateStep.Params(Map.of("auc", 0.7), null, null, null, null, new Budgets(1_000L, null));
        var gate = new GateStep().run(params, context("gate-budget").build());
        assertEquals(StepResult.Outcome.STOPPED, gate.outcome());
        var report = JSON.readTree(Path.of(gate.outputs().get("gate_report")).toFile());
        assertEquals("budget:model_bytes", report.path("decided_by").asText());
        assertTrue(gate.message().contains("the budget is 1,000"), gate.message());
    }

    @Test
    @Order(4)
    void repackagingTheSameModelIsAPatchVersion() throws Exception {
        var pkg = new PackageStep().run(new PackageStep.Params(),
                context("package-2").upstream("gate_report", firstGateReport).build());
        assertEquals("1.0.1", pkg.outputs().get("model_version"));
        // The same model gives the same portable model, byte for byte.
        Path patch = Path.of(pkg.outputs().get("package"));
        for (String file : List.of("model.onnx", "features.json")) {
            assertArrayEquals(Files.readAllBytes(firstPackage.resolve(file)), Files.readAllBytes(patch.resolve(file)), file);
        }
        // The signed manifest anchors the audit log's head as it was when the package was built.
        var head = registry.auditHead().orElseThrow();
        var lineage = ModelPackage.open(Path.of(pkg.outputs().get("package")), keys()).manifest().lineage();
        assertEquals(Long.toString(head.sequence()), lineage.get("audit.head.sequence"));
        assertEquals(head.entryHash(), lineage.get("audit.head.entry_hash"));
    }

    @Test
    @Order(5)
    void aPackageWrittenButNeverRegisteredIsReusedForTheSameModelInsteadOfConflicting() throws Exception {
        // 1.0.1 from the test above was written but never registered, as after a kill between package and promote.
        Path orphan = temp.resolve("state/packages/churn-1.0.1");
        String manifestBefore = Files.readString(orphan.resolve("manifest.json"));
        var again = new PackageStep().run(new PackageStep.Params(),
                context("package-3").upstream("gate_report", firstGateReport).build());
        assertEquals(StepResult.Outcome.SUCCEEDED, again.outcome(), again.message());
        assertEquals("1.0.1", again.outputs().get("model_version"));
        assertEquals(orphan.toString(), again.outputs().get("package"));
        assertEquals(manifestBefore, Files.readString(orphan.resolve("manifest.json")), "reused as it was, not rewritten");
    }

    @Test
    @Order(6)
    void aDamagedUnregisteredPackageKeepsItsVersionTakenAndIsNeverOverwritten() throws Exception {
        Path orphan = temp.resolve("state/packages/churn-1.0.1");
        Files.writeString(orphan.resolve("model-card.md"), "damaged");
        var next = new PackageStep().run(new PackageStep.Params(),
                context("package-4").upstream("gate_report", firstGateReport).build());
        assertEquals("1.0.2", next.outputs().get("model_version"));
        assertEquals("damaged", Files.readString(orphan.resolve("model-card.md")));
    }

    @Test
    @Order(7)
    void governanceRefusesAnUnapprovedOrUnpermittedPromotionAndLeavesTheVersionInStaging() throws Exception {
        Path pkg = temp.resolve("state/packages/churn-1.0.2"); // written by the test above, never registered
        for (String actor : List.of("ci", "mallory")) {
            var ctx = context("promote-governed-" + actor).upstream("package", pkg).upstream("model_version", "1.0.2")
                    .upstream("gate_report", firstGateReport)
                    .setting("governance.promoters", "[ci]").setting("governance.approvers", "[bob]")
                    .setting("governance.approval_required", "[churn]").build();
            var e = org.junit.jupiter.api.Assertions.assertThrows(PromotionDeniedException.class,
                    () -> new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, actor), ctx));
            assertTrue(e.getMessage().contains("needs an approval by a second identity from [bob]"), e.getMessage());
            if (actor.equals("mallory")) {
                assertTrue(e.getMessage().contains("'mallory' may not promote to production"), e.getMessage());
            }
        }
        assertEquals(Stage.STAGING, registry.find("churn", "1.0.2").orElseThrow().stage(), "registered, not promoted");
        assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
    }

    @Test
    @Order(8)
    void anApprovedPromotionStillOnlyReplacesTheChampionItsGateSaw() throws Exception {
        registry.approve("churn", "1.0.2", "1.0.0", "bob");
        Path pkg = temp.resolve("state/packages/churn-1.0.2");
        // firstGateReport judged against no champion; 1.0.0 has been in production since: compare-and-set refuses.
        var stale = context("promote-stale").upstream("package", pkg).upstream("model_version", "1.0.2")
                .upstream("gate_report", firstGateReport)
                .setting("governance.approval_required", "[churn]").build();
        var e = org.junit.jupiter.api.Assertions.assertThrows(ChampionChangedException.class,
                () -> new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), stale));
        assertTrue(e.getMessage().contains("1.0.0"), e.getMessage());
        assertEquals("1.0.0", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());

        Path judgedAgainst100 = passedGate(temp.resolve("gate-vs-1.0.0.json"), "1.0.0");
        var fresh = context("promote-fresh").upstream("package", pkg).upstream("model_version", "1.0.2")
                .upstream("gate_report", judgedAgainst100)
                .setting("governance.approval_required", "[churn]").build();
        var promoted = new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), fresh);
        assertEquals("1.0.2", promoted.outputs().get("released_version"), promoted.message());
        assertEquals("1.0.2", registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
        assertEquals(Stage.ARCHIVED, registry.find("churn", "1.0.0").orElseThrow().stage());
    }

    @Test
    @Order(9)
    void aContractThatDropsAColumnMakesTheNextPackageAMajorVersionAndSaysWhy() throws Exception {
        String original = Files.readString(contract);
        String line = "  - { name: total_charges, type: double, nullable: true }\n";
        assertTrue(original.contains(line), "the bundled contract declares total_charges");
        Path narrowed = Files.writeString(temp.resolve("contract-without-total-charges.yaml"), original.replace(line, "")
                .replaceAll("(?m)^.*column: total_charges.*\n", ""));
        var pkg = new PackageStep().run(new PackageStep.Params(), context("package-major")
                .upstream("gate_report", firstGateReport).upstream("contract", narrowed).build());
        assertEquals(StepResult.Outcome.SUCCEEDED, pkg.outcome(), pkg.message());
        assertEquals("2.0.0", pkg.outputs().get("model_version"));
        assertTrue(pkg.message().contains("column 'total_charges' was removed"), pkg.message());
    }

    @Test
    @Order(10)
    void aChangedPackageIsRefusedBeforePromotion() throws Exception {
        Path card = firstPackage.resolve("model-card.md");
        Files.writeString(card, Files.readString(card) + "tampered");
        var ctx = context("promote-2").upstream("package", firstPackage).upstream("model_version", "1.0.0")
                .upstream("gate_report", firstGateReport).build();
        var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), ctx));
        assertTrue(e.getMessage().contains("model-card.md"), e.getMessage());
    }

    @Test
    @Order(11)
    void underTheCleanTreeRuleAPackageBuiltFromADirtyTreeIsRefusedAndACleanRebuildIsReleased() throws Exception {
        String production = registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version();
        Path judged = passedGate(temp.resolve("gate-vs-production.json"), production);
        String untracked = "untracked data-contracts/churn-v2.yaml";
        var dirtyPackaging = context("package-dirty").upstream("gate_report", judged)
                .setting(CleanTreeRule.KEY, "true").dirtyTree("modified pipelines/churn.yaml", untracked).build();
        var cleanPackaging = context("package-clean").upstream("gate_report", judged)
                .setting(CleanTreeRule.KEY, "true").build();
        // The working copy's state is part of the package's cache key under the rule (and only then).
        assertNotEquals(new PackageStep().externalInputs(new PackageStep.Params(), dirtyPackaging),
                new PackageStep().externalInputs(new PackageStep.Params(), cleanPackaging));
        assertEquals(new PackageStep().externalInputs(new PackageStep.Params(), context("x").dirtyTree(untracked).build()),
                new PackageStep().externalInputs(new PackageStep.Params(), context("y").build()));

        var dirty = new PackageStep().run(new PackageStep.Params(), dirtyPackaging);
        String dirtyVersion = dirty.outputs().get("model_version");
        var lineage = ModelPackage.open(Path.of(dirty.outputs().get("package")), keys()).manifest().lineage();
        assertEquals("true", lineage.get("git.dirty"));
        assertEquals("modified pipelines/churn.yaml; " + untracked, lineage.get("git.changes"));

        var refused = org.junit.jupiter.api.Assertions.assertThrows(PromotionDeniedException.class,
                () -> new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), context("promote-dirty")
                        .upstream("package", dirty.outputs().get("package")).upstream("model_version", dirtyVersion)
                        .upstream("gate_report", judged).setting(CleanTreeRule.KEY, "true").build()));
        assertTrue(refused.getMessage().contains("churn " + dirtyVersion + " to production refused"), refused.getMessage());
        assertTrue(refused.getMessage().contains("does not hold (modified pipelines/churn.yaml; " + untracked + ")"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("governance.require_clean_tree (conf/test.yaml)"), refused.getMessage());
        assertTrue(registry.find("churn", dirtyVersion).isEmpty(), "nothing registered");
        assertEquals(production, registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());

        // The tree made clean, the same model is packaged again, not served from the dirty package.
        var clean = new PackageStep().run(new PackageStep.Params(), cleanPackaging);
        assertNotEquals(dirty.outputs().get("package"), clean.outputs().get("package"));
        var cleanLineage = ModelPackage.open(Path.of(clean.outputs().get("package")), keys()).manifest().lineage();
        assertEquals("false", cleanLineage.get("git.dirty"));
        assertFalse(cleanLineage.containsKey("git.changes"));
        String cleanVersion = clean.outputs().get("model_version");
        var promoted = new PromoteStep().run(new PromoteStep.Params(Stage.PRODUCTION, "ci"), context("promote-clean")
                .upstream("package", clean.outputs().get("package")).upstream("model_version", cleanVersion)
                .upstream("gate_report", judged).setting(CleanTreeRule.KEY, "true").build());
        assertEquals(cleanVersion, promoted.outputs().get("released_version"), promoted.message());
        assertEquals(cleanVersion, registry.inStage("churn", Stage.PRODUCTION).orElseThrow().version());
    }
}
