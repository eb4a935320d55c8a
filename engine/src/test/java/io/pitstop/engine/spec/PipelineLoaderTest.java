package io.pitstop.engine.spec;

import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad file under specs/ shows one kind of mistake; the tests pin what the user is told. */
class PipelineLoaderTest {

    private static final Path SPECS = Path.of("src/test/resources/specs");
    private final PipelineLoader loader = new PipelineLoader(TestSteps.catalog());

    private CheckedPipeline load(String name) {
        return loader.load(SPECS.resolve(name), SPECS);
    }

    /** The problems of a file as {@code line:column: message}, in file order. */
    private List<String> problems(String name) {
        SpecException e = assertThrows(SpecException.class, () -> load(name));
        return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void goodPipelineLoadsBindsAndPlans() throws Exception {
        CheckedPipeline p = load("good.yaml");
        assertEquals("demo", p.spec().name());
        assertEquals(7, p.spec().seed());
        assertEquals("churn", p.spec().model().name());
        assertEquals(new ScheduleSpec("0 3 * * *", java.time.LocalDate.of(2026, 11, 1), false, 2, 5, 120, 480,
                List.of("churn")), p.spec().schedule());
        assertEquals(List.of("source", "train", "evaluate", "package"), p.plan().order());
        assertEquals(List.of("evaluate", "train", "source"), p.plan().ancestors().get("package"));
        var train = (TestSteps.TrainParams) p.step("train").params();
        assertEquals(0.005, train.network().learningRate());
        assertEquals(TestSteps.Activation.TANH, train.network().activation());
        assertEquals(List.of(32, 16), train.network().hidden());
        assertEquals(2.0, train.weights().get("Yes"));
        assertTrue(train.balance());
        assertEquals(List.of("source"), p.step("train").spec().needs());
        // An absent with: binds an empty mapping, so the record fills its defaults.
        var evaluate = (TestSteps.EvaluateParams) p.step("evaluate").params();
        assertEquals(List.of(), evaluate.slices());
        assertEquals(io.pitstop.engine.step.DecisionThreshold.DEFAULT, p.spec().model().threshold());
        assertEquals(18, p.step("train").spec().location().line());
        byte[] bytes = Files.readAllBytes(SPECS.resolve("good.yaml"));
        assertEquals(io.pitstop.engine.pkg.Sha256.of(bytes), p.spec().sha256());
        assertEquals(64, p.spec().sha256().length());
        assertEquals(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), p.spec().text());
    }

    @Test
    void theDecisionThresholdIsDeclaredOnceInTheModelBlock() {
        var p = load("decision-threshold.yaml");
        assertEquals(new io.pitstop.engine.step.DecisionThreshold(0.3), p.spec().model().threshold());
    }

    @Test
    void aDecisionThresholdOutsideZeroOneIsRefusedAtItsValue() {
        assertEquals(List.of("4:23: model: decision_threshold must be in [0, 1], was 1.5"),
                problems("decision-threshold-out-of-range.yaml"));
    }

    @Test
    void aDecisionThresholdForAModelThatIsNotBinaryIsRefusedAtItsValue() {
        assertEquals(List.of("4:23: model: decision_threshold is for binary classifiers; step 'train' trains a"
                + " multiclass model, which decides without a threshold"), problems("decision-threshold-multiclass.yaml"));
    }

    @Test
    void aStepLevelThresholdIsRefusedSayingWhereItMoved() {
        assertEquals(List.of("12:7: step 'evaluate': parameter 'threshold' is no longer a step parameter: it is"
                + " declared in " + io.pitstop.engine.step.DecisionThreshold.DECLARED_AT), problems("moved-threshold.yaml"));
    }

    @Test
    void seedDefaultsTo42() throws Exception {
        Path file = Scratch.dir("seed").resolve("no-seed.yaml");
        Files.writeString(file, "pipeline: p\nmodel: {name: m}\nsteps:\n  - {id: s, uses: data.source, with: {path: a.csv}}\n");
        assertEquals(42, loader.load(file, SPECS).spec().seed());
    }

    @Test
    void problemPrintsAsPathLineColumnMessage() {
        SpecException e = assertThrows(SpecException.class, () -> load("unknown-step-kind.yaml"));
        assertEquals(SPECS.resolve("unknown-step-kind.yaml") + ":8:11: step 'train': unknown step kind 'train.netwrk'"
                + " (did you mean 'train.network'?)", e.problems().get(0).toString());
        assertTrue(e.getMessage().contains(e.problems().get(1).toString()));
    }

    @Test
    void unknownTopLevelKey() {
        assertEquals(List.of(
                "2:1: unknown key 'descripton' (did you mean 'description'?)",
                "4:1: unknown key 'flavour'; expected one of: description, model, pipeline, retrain_when, schedule, seed,"
                        + " steps"),
                problems("unknown-top-level-key.yaml"));
    }

    @Test
    void unknownStepKey() {
        assertEquals(List.of("9:5: step 'train': unknown key 'need' (did you mean 'needs'?)"),
                problems("unknown-step-key.yaml"));
    }

    @Test
    void wrongTypes() {
        assertEquals(List.of(
                "2:7: 'seed' must be an integer, found string \"x\"",
                "10:12: step 'train': 'needs' must be a list of step ids or one step id, found integer 5"),
                problems("wrong-type.yaml"));
    }

    @Test
    void duplicateStepId() {
        assertEquals(List.of("7:9: duplicate step id 'source' (first declared at line 4)"),
                problems("duplicate-step-id.yaml"));
    }

    @Test
    void unknownStepKinds() {
        assertEquals(List.of(
                "8:11: step 'train': unknown step kind 'train.netwrk' (did you mean 'train.network'?)",
                "11:11: step 'score': unknown step kind 'score.batch'; known kinds: data.source, evaluate.classifier,"
                        + " release.package, train.network"),
                problems("unknown-step-kind.yaml"));
    }

    @Test
    void missingNeedsTargets() {
        assertEquals(List.of(
                "9:21: step 'train': needs 'sorce', which is not a step in this pipeline (did you mean 'source'?)",
                "14:12: step 'evaluate': needs 'trian', which is not a step in this pipeline (did you mean 'train'?)"),
                problems("missing-needs-target.yaml"));
    }

    @Test
    void cycleIsNamedAndLocatedAtAStepInIt() {
        assertEquals(List.of("9:5: cycle: train -> evaluate -> train"), problems("cycle.yaml"));
    }

    @Test
    void unknownNestedParameter() {
        assertEquals(List.of("12:9: step 'train': unknown parameter 'network.epochz' (did you mean 'network.epochs'?)"),
                problems("bad-param.yaml"));
    }

    @Test
    void stringForInt() {
        assertEquals(List.of("12:17: step 'train': parameter 'network.epochs' must be an integer, found string \"20\""),
                problems("string-for-int.yaml"));
    }

    @Test
    void recordValidationMessageIsKept() {
        assertEquals(List.of("13:9: step 'train': parameter 'network': epochs must be positive, found 0"),
                problems("record-validation.yaml"));
    }

    @Test
    void stepsOwnValidationIsLocatedInsideWith() {
        assertEquals(List.of("7:13: step 'source': 'path' must name a .csv file, found 'data/a.parquet'"),
                problems("step-validate.yaml"));
    }

    @Test
    void consumedOutputMustBeProducedUpstream() {
        assertEquals(List.of("7:5: step 'evaluate' reads output 'model' but no upstream step produces it"
                + " (add a step that produces it to needs)"), problems("missing-consumed-output.yaml"));
    }

    @Test
    void yamlSyntaxErrorIsOneLocatedProblem() {
        assertEquals(List.of("7:7: invalid YAML: expected ',' or '}', but got : "
                + "(while parsing a flow mapping started at line 6, column 11)"), problems("yaml-syntax-error.yaml"));
    }

    @Test
    void duplicateKey() {
        assertEquals(List.of("7:5: duplicate key 'uses' (first declared at line 5)"), problems("duplicate-key.yaml"));
    }

    @Test
    void everyProblemInOneFileIsReportedInFileOrder() {
        assertEquals(List.of(
                "1:11: pipeline name 'Demo' must match [a-z0-9][a-z0-9-]* (lower-case letters, digits, dashes)",
                "2:7: 'seed' must be an integer, found number 1.5",
                "4:3: model: missing required key 'name'",
                "7:11: step 'source': unknown step kind 'data.sorce' (did you mean 'data.source'?)",
                "12:5: step 'train': unknown key 'descripton' (did you mean 'description'?)",
                "14:41: step 'train': parameter 'network.activation' must be one of: relu, tanh, sigmoid,"
                        + " found string \"rellu\" (did you mean 'relu'?)",
                // Reported in the same pass although the network block above it already refused to bind.
                "15:16: step 'train': parameter 'balance' must be true or false, found integer 1",
                "16:5: step #3: missing required key 'id'"),
                problems("several-problems.yaml"));
    }

    @Test
    void missingFileIsAProblemNotAStackTrace() {
        SpecException e = assertThrows(SpecException.class, () -> load("no-such-file.yaml"));
        Problem p = e.problems().get(0);
        assertTrue(p.message().startsWith("cannot read pipeline file"), p.message());
    }

    @Test
    void aBadScheduleBlockNamesEveryProblemWithItsPlace() throws Exception {
        Path file = Files.createTempFile("bad-schedule", ".yaml");
        Files.writeString(file, """
                pipeline: p
                model: { name: m }
                schedule:
                  cron: "every night"
                  start_date: 2026-13-01
                  retries: 11
                  retrys: 1
                  tags: [nightly, 3]
                steps:
                  - id: train
                    uses: train.network
                """);
        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, SPECS));
        List<String> got = e.problems().stream().filter(p -> p.message().startsWith("schedule: "))
                .map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        assertEquals(List.of(
                "4:9: schedule: 'cron' must be five cron fields (minute hour day month weekday) or one of"
                        + " @daily, @hourly, @monthly, @once, @weekly, @yearly, found 'every night'",
                "5:15: schedule: 'start_date' must be a date such as 2026-11-01, found string \"2026-13-01\"",
                "6:12: schedule: 'retries' must be between 0 and 10, found 11",
                "7:3: schedule: unknown key 'retrys' (did you mean 'retries'?)",
                "8:19: schedule: each tag must be a non-empty string, found integer 3"), got);
        Files.delete(file);
    }

    @Test
    void aBadRetrainPolicyNamesEveryProblemWithItsPlace() throws Exception {
        Path file = Files.createTempFile("bad-policy", ".yaml");
        Files.writeString(file, """
                pipeline: p
                model: { name: m }
                retrain_when:
                  input_psi_above: 0
                  realised_auc_below: 1.5
                  rows_changed_above: lots
                  model_older_than_dayz: 30
                  min_judged: 0
                steps:
                  - id: train
                    uses: train.network
                """);
        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, SPECS));
        List<String> got = e.problems().stream().filter(p -> p.message().startsWith("retrain_when: "))
                .map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        assertEquals(List.of(
                "4:20: retrain_when: 'input_psi_above' must be above 0, found 0",
                "5:23: retrain_when: 'realised_auc_below' must be above 0 and at most 1, found 1.5",
                "6:23: retrain_when: 'rows_changed_above' must be an integer, found string \"lots\"",
                "7:3: retrain_when: unknown key 'model_older_than_dayz' (did you mean 'model_older_than_days'?)",
                "8:15: retrain_when: 'min_judged' must be at least 1, found 0"), got);
        Files.delete(file);
    }

    @Test
    void aRetrainPolicyWithoutAConditionIsRefusedAndAGoodOneIsBound() throws Exception {
        Path file = Files.createTempFile("policy", ".yaml");
        Files.writeString(file, """
                pipeline: p
                model: { name: m }
                retrain_when: { min_judged: 50, always: false }
                steps:
                  - id: train
                    uses: train.network
                """);
        SpecException e = assertThrows(SpecException.class, () -> loader.load(file, SPECS));
        assertEquals(List.of("3:15: retrain_when: 'retrain_when' declares no condition; name at least one of always,"
                        + " input_psi_above, model_older_than_days, prediction_psi_above, realised_auc_below,"
                        + " realised_auc_below_offline_by, rows_changed_above (or leave the block out to retrain on every run)"),
                e.problems().stream().filter(p -> p.message().startsWith("retrain_when: "))
                        .map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList());
        Path good = Files.createTempFile("good-policy", ".yaml");
        Files.writeString(good, Files.readString(SPECS.resolve("good.yaml")) + """
                retrain_when:
                  rows_changed_above: 500
                  model_older_than_days: 30
                  realised_auc_below_offline_by: 0.05
                """);
        CheckedPipeline p;
        try {
            p = loader.load(good, SPECS);
        } finally {
            Files.delete(good);
        }
        assertEquals(new RetrainPolicy(null, null, null, 0.05, RetrainPolicy.DEFAULT_MIN_JUDGED, 500L, 30, false),
                p.spec().retrainWhen());
        Files.delete(file);
        assertTrue(load("good.yaml").spec().retrainPolicy().isEmpty(), "no block: every run retrains, as before");
    }
}
