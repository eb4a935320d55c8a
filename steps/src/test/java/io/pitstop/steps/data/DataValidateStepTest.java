package io.pitstop.steps.data;

import io.pitstop.engine.contract.AnomalyMetric;
import io.pitstop.engine.contract.AnomalySpec;
import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.dataset.DatasetReaderTest;
import io.pitstop.steps.dataset.TelcoContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pitstop.engine.contract.Severity.ERROR;
import static io.pitstop.engine.contract.Severity.WARNING;
import static io.pitstop.steps.dataset.TelcoContract.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataValidateStepTest {

    @TempDir
    Path tmp;

    private static final List<String> CONTRACTS = List.of("Month-to-month", "One year", "Two year");

    private DataStepContext context(String csv) throws Exception {
        Files.writeString(tmp.resolve("contract.yaml"), "# the test builds the contract in Java\n");
        return DataStepContext.builder(tmp).outputDir(tmp.resolve("out"))
                .upstream("dataset", DatasetReaderTest.csv(csv).toString()).build();
    }

    private static DataValidateStep stepWith(Contract contract) {
        return new DataValidateStep(file -> contract);
    }

    private static final DataValidateParams PARAMS = new DataValidateParams("contract.yaml");

    @Test
    void aCleanSliceSucceedsWithWarningsListedAndTypedParquetForTraining() throws Exception {
        Contract contract = TelcoContract.with(
                new CheckSpec.Unique("customer_id", ERROR, line(30)),
                new CheckSpec.Completeness("total_charges", 0.99, WARNING, line(31)));

        StepResult result = stepWith(contract).run(PARAMS, context("telco-slice.csv"));

        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertTrue(result.message().contains("1 warning(s)"), result.message());
        assertTrue(result.message().contains("completeness total_charges: completeness(total_charges) >= 0.99, measured 0.9677"),
                result.message());
        assertEquals(31.0, result.metrics().get("rows"));
        assertEquals(0.0, result.metrics().get("checks_failed"));
        assertEquals(1.0, result.metrics().get("warnings"));
        var typed = TestSpark.session().read().parquet(result.outputs().get("validated"));
        assertEquals(31, typed.count());
        assertEquals("integer", typed.schema().apply("tenure").dataType().typeName());
        var report = Json.MAPPER.readTree(Path.of(result.outputs().get("validation_report")).toFile());
        assertEquals("WARNINGS", report.get("status").asText());
        var profile = io.pitstop.steps.profile.DatasetProfile.read(Path.of(result.outputs().get("profile")));
        assertEquals(31, profile.rows());
        assertEquals(tmp.resolve("out/profile.json").toString(), result.outputs().get("profile"));
        assertTrue(profile.column("tenure").orElseThrow().numeric() != null, "numeric stats of tenure");
    }

    @Test
    void theContractOutputIsACopyThatALaterEditCannotChange() throws Exception {
        var ctx = context("telco-slice.csv");
        Files.writeString(tmp.resolve("contract.yaml"), "dataset: telco_churn  # as validated\n");

        StepResult result = stepWith(TelcoContract.with()).run(PARAMS, ctx);
        Files.writeString(tmp.resolve("contract.yaml"), "dataset: telco_churn  # edited afterwards\n");

        Path recorded = Path.of(result.outputs().get("contract"));
        assertEquals(tmp.resolve("out/contract.yaml"), recorded);
        assertEquals("dataset: telco_churn  # as validated\n", Files.readString(recorded));
    }

    /** A run of the step as run {@code runId} of a pipeline, on {@code csv}, with history under tmp/state. */
    private StepResult validateAsRun(Contract contract, String runId, Path csv) throws Exception {
        var ctx = DataStepContext.builder(tmp).outputDir(tmp.resolve("out-" + runId)).runId(runId)
                .setting("state_dir", "state").upstream("dataset", csv.toString()).build();
        return stepWith(contract).run(PARAMS, ctx);
    }

    @Test
    void anomalyChecksPassTheFirstRunThenCatchARowCountDropAgainstTheLastAcceptedRun() throws Exception {
        Files.writeString(tmp.resolve("contract.yaml"), "# built in Java\n");
        Contract contract = new Contract(TelcoContract.FILE, "telco_churn", "", TelcoContract.columns(), List.of(),
                List.of(new AnomalySpec(AnomalyMetric.ROW_COUNT, null, 0.5, ERROR, line(40)),
                        new AnomalySpec(AnomalyMetric.MEAN, "tenure", 0.01, WARNING, line(41))), null);
        Path full = DatasetReaderTest.csv("telco-slice.csv");
        Path tenRows = tmp.resolve("ten-rows.csv");
        Files.write(tenRows, Files.readAllLines(full).subList(0, 11));

        StepResult first = validateAsRun(contract, "r1", full);
        assertEquals(StepResult.Outcome.SUCCEEDED, first.outcome(), first.message());
        // Checks 0 and 1 are the not-null columns; the anomaly checks follow, in contract order.
        var firstChecks = first.reports().get("verification").get("checks");
        assertEquals("no history yet", firstChecks.get(2).get("expectation").asText());
        assertTrue(firstChecks.get(2).get("message").asText().contains("nothing to compare with, passes"));
        assertTrue(Files.isRegularFile(tmp.resolve("state/metrics/telco_churn.json")));

        StepResult same = validateAsRun(contract, "r2", full);
        assertEquals(StepResult.Outcome.SUCCEEDED, same.outcome(), same.message());
        assertEquals("in [15.5, 46.5] (run r1: 31 ± 50%)",
                same.reports().get("verification").get("checks").get(2).get("expectation").asText());

        StepResult dropped = validateAsRun(contract, "r3", tenRows);
        assertEquals(StepResult.Outcome.FAILED, dropped.outcome());
        assertTrue(dropped.message().contains("anomaly: row_count changes by at most 50% from run r2, measured 10"
                + " (data-contracts/telco-churn.yaml:40:5)"), dropped.message());
        var droppedChecks = dropped.reports().get("verification").get("checks");
        assertEquals("row_count was 31 in run r2 and is 10 now: a change of -67.74%, more than the declared 50%",
                droppedChecks.get(2).get("message").asText());
        assertEquals("failed", droppedChecks.get(3).get("outcome").asText(), "the mean of tenure moved too");
        assertEquals("warning", droppedChecks.get(3).get("severity").asText());

        // The rejected batch did not become the baseline: the next full slice compares with r2, not r3.
        StepResult after = validateAsRun(contract, "r4", full);
        assertEquals(StepResult.Outcome.SUCCEEDED, after.outcome(), after.message());
        assertTrue(after.reports().get("verification").get("checks").get(2).get("constraint").asText()
                .endsWith("from run r2"));
    }

    @Test
    void aFailedErrorCheckFailsTheStepNamingCheckColumnAndValue() throws Exception {
        Contract contract = TelcoContract.with(
                new CheckSpec.Unique("customer_id", ERROR, line(30)),
                new CheckSpec.AllowedValues("contract", CONTRACTS, ERROR, line(31)));

        StepResult result = stepWith(contract).run(PARAMS, context("duplicate-customer-id.csv"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("broke 1 error check(s)"), result.message());
        assertTrue(result.message().contains("unique customer_id: uniqueness(customer_id) == 1, measured 0.9355"
                + " (data-contracts/telco-churn.yaml:30:5)"), result.message());
        assertEquals(1.0, result.metrics().get("checks_failed"));
        assertEquals("FAILED", result.reports().get("verification").get("status").asText());
    }

    @Test
    void aPredicateThatFailsWhileRunningFailsTheStepWithAReportAndAProfile() throws Exception {
        Contract contract = TelcoContract.with(
                new CheckSpec.Predicate("never", "assert_true(tenure < 0) IS NULL", ERROR, line(30)));

        StepResult result = stepWith(contract).run(PARAMS, context("telco-slice.csv"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("predicate: never: share of rows where assert_true(tenure < 0)"), result.message());
        // The checks' scan failed, so the profile read its exact aggregates itself.
        var profile = io.pitstop.steps.profile.DatasetProfile.read(Path.of(result.outputs().get(DataValidateStep.PROFILE)));
        assertEquals(31, profile.rows());
    }

    @Test
    void aSchemaMismatchFailsBeforeAnyCheckNamingEachColumn() throws Exception {
        StepResult result = stepWith(TelcoContract.with()).run(PARAMS, context("bad-number.csv"));

        assertEquals(StepResult.Outcome.FAILED, result.outcome());
        assertTrue(result.message().contains("column tenure: 'twelve' is not an integer"), result.message());
        assertTrue(result.message().contains(":12: column monthly_charges: '12.5.1' is not a double"), result.message());
        assertEquals(2.0, result.metrics().get("schema_problems"));
    }

    @Test
    void validateReportsAMissingContractAndTheContractsOwnProblems() throws Exception {
        var ctx = context("telco-slice.csv");
        var missing = new DataValidateStep(f -> TelcoContract.with()).validate(new DataValidateParams("nope.yaml"), ctx);
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).message().contains("contract file nope.yaml does not exist"), missing.get(0).message());

        Problem bad = new Problem(tmp.resolve("contract.yaml"), 7, 3, "unknown check kind 'uniq'; did you mean unique?");
        var broken = new DataValidateStep(f -> { throw new SpecException(List.of(bad)); }).validate(PARAMS, ctx);
        assertEquals(List.of(bad), broken);
    }

    @Test
    void theCacheKeyIsTheContractsContent() throws Exception {
        var ctx = context("telco-slice.csv");
        var step = stepWith(TelcoContract.with());
        var before = step.externalInputs(PARAMS, ctx);
        Files.writeString(tmp.resolve("contract.yaml"), "# changed\n");
        assertNotEquals(before, step.externalInputs(PARAMS, ctx));
    }
}
