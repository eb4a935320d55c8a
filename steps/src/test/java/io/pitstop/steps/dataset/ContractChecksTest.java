package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.Severity;
import io.pitstop.steps.TestSpark;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import scala.collection.JavaConverters;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pitstop.engine.contract.Severity.ERROR;
import static io.pitstop.engine.contract.Severity.WARNING;
import static io.pitstop.steps.dataset.TelcoContract.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check kind, passing on the clean Telco slice and failing on a slice or bound made to break it. */
class ContractChecksTest {

    private static final List<String> CONTRACT_TYPES = List.of("Month-to-month", "One year", "Two year");

    private static Dataset<Row> slice(String name) throws Exception {
        return new DatasetReader(TestSpark.session()).read(DatasetReaderTest.csv(name), TelcoContract.with());
    }

    private static VerificationReport check(String csv, CheckSpec... checks) throws Exception {
        return ContractChecks.compile(TelcoContract.with(checks)).run(slice(csv));
    }

    /** The one outcome of the given kind and column (the contract's not_null checks are always there too). */
    private static VerificationReport.CheckOutcome only(VerificationReport report, String kind) {
        var matches = report.checks().stream().filter(c -> c.kind().equals(kind)).toList();
        assertEquals(1, matches.size(), report.toText());
        return matches.get(0);
    }

    @Test
    void everyKindPassesOnTheCleanSliceInOneVerificationRun() throws Exception {
        Contract contract = TelcoContract.with(
                new CheckSpec.Completeness("total_charges", 0.95, ERROR, line(30)),
                new CheckSpec.Unique("customer_id", ERROR, line(31)),
                new CheckSpec.Range("tenure", 0.0, 72.0, ERROR, line(32)),
                new CheckSpec.AllowedValues("contract", CONTRACT_TYPES, ERROR, line(33)),
                new CheckSpec.Pattern("customer_id", "^C[0-9]{6}$", ERROR, line(34)),
                new CheckSpec.RowCount(10L, 100L, ERROR, line(35)),
                new CheckSpec.Predicate("charges_cover_a_month", "total_charges IS NULL OR total_charges >= monthly_charges",
                        ERROR, line(36)));
        ContractChecks checks = ContractChecks.compile(contract);
        Dataset<Row> data = slice("telco-slice.csv");
        data.count(); // warm the file listing so only the verification's own jobs are counted

        // Count the stages that read the file: Spark's adaptive execution adds jobs, but not scans.
        AtomicInteger scans = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                boolean readsFile = JavaConverters.seqAsJavaList(stage.stageInfo().rddInfos()).stream()
                        .anyMatch(rdd -> rdd.name().contains("FileScanRDD"));
                if (readsFile) scans.incrementAndGet();
            }
        };
        TestSpark.session().sparkContext().addSparkListener(counter);
        VerificationReport report;
        try {
            report = checks.run(data);
        } finally {
            TestSpark.session().sparkContext().listenerBus().waitUntilEmpty();
            TestSpark.session().sparkContext().removeSparkListener(counter);
        }

        assertEquals(VerificationReport.Status.PASSED, report.status(), report.toText());
        assertEquals(10, checks.constraintCount(), "2 not_null + 7 declared checks, the range as min and max");
        assertEquals(10, report.checks().size());
        assertEquals(31, report.rows());
        // One shared scan for all simple metrics; uniqueness one more, which reads the key and gathers its hashes
        // (Deequ's frequency table cost two). A scan per constraint would be 10.
        assertEquals(2, scans.get(), "Deequ read the file " + scans.get() + " times for " + checks.constraintCount()
                + " constraints");
        assertEquals(30.0 / 31, only(report, "completeness").measured(), 1e-9);
        assertEquals(31.0, only(report, "row_count").measured());
        var max = report.checks().stream().filter(c -> c.constraint().equals("max(tenure) <= 72")).findFirst().orElseThrow();
        assertEquals(72.0, max.measured());
        assertEquals("data-contracts/telco-churn.yaml:32:5", max.location());
    }

    @Test
    void completenessBelowItsMinimumFailsWithTheMeasuredShare() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.Completeness("total_charges", 0.99, ERROR, line(30)));

        var c = only(report, "completeness");
        assertFalse(c.passed());
        assertEquals(30.0 / 31, c.measured(), 1e-9);
        assertEquals("total_charges", c.column());
        assertEquals(VerificationReport.Status.FAILED, report.status());
        assertTrue(report.toText().contains("completeness(total_charges) >= 0.99"), report.toText());
        assertTrue(report.toText().contains("measured 0.9677"), report.toText());
    }

    @Test
    void aDuplicateCustomerIdFailsUnique() throws Exception {
        var pass = check("telco-slice.csv", new CheckSpec.Unique("customer_id", ERROR, line(31)));
        var fail = check("duplicate-customer-id.csv", new CheckSpec.Unique("customer_id", ERROR, line(31)));

        assertTrue(only(pass, "unique").passed());
        var c = only(fail, "unique");
        assertFalse(c.passed());
        assertEquals(29.0 / 31, c.measured(), 1e-9, "two of 31 rows share an id");
        assertEquals("data-contracts/telco-churn.yaml:31:5", c.location());
    }

    @Test
    void aRangeReportsTheMinimumOrMaximumThatBrokeIt() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.Range("tenure", 1.0, 60.0, ERROR, line(32)));

        var failed = report.failures(ERROR);
        assertEquals(List.of("min(tenure) >= 1", "max(tenure) <= 60"),
                failed.stream().map(VerificationReport.CheckOutcome::constraint).toList());
        assertEquals(0.0, failed.get(0).measured());
        assertEquals(72.0, failed.get(1).measured());
    }

    @Test
    void anUnknownContractValueFailsAllowedValues() throws Exception {
        var pass = check("telco-slice.csv", new CheckSpec.AllowedValues("contract", CONTRACT_TYPES, ERROR, line(33)));
        var fail = check("unknown-contract-value.csv", new CheckSpec.AllowedValues("contract", CONTRACT_TYPES, ERROR, line(33)));

        assertTrue(only(pass, "allowed_values").passed());
        var c = only(fail, "allowed_values");
        assertFalse(c.passed());
        assertEquals(30.0 / 31, c.measured(), 1e-9);
        assertEquals("contract", c.column());
    }

    @Test
    void aPatternMustMatchEveryNonNullValue() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.Pattern("customer_id", "^C00000[0-9]$", ERROR, line(34)));

        var c = only(report, "pattern");
        assertFalse(c.passed());
        assertEquals(9.0 / 31, c.measured(), 1e-9, "C000001..C000009 match");
    }

    @Test
    void aRowCountOutsideItsBoundsFailsWithTheCount() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.RowCount(1000L, null, ERROR, line(35)));

        var c = only(report, "row_count");
        assertFalse(c.passed());
        assertEquals(31.0, c.measured());
        assertEquals("rows in [1000, ∞]", c.constraint());
    }

    @Test
    void aPredicateMustHoldOnEveryRow() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.Predicate("cheap_plans_only", "monthly_charges < 100", ERROR, line(36)));

        var c = only(report, "predicate");
        assertFalse(c.passed());
        assertNull(c.column());
        assertTrue(c.measured() < 1.0 && c.measured() > 0.8, "most rows hold: " + c.measured());
        assertTrue(c.constraint().startsWith("cheap_plans_only"), c.constraint());
    }

    @Test
    void aColumnDeclaredNotNullableFailsOnAnEmptyValue() throws Exception {
        var report = check("missing-customer-id.csv");

        var failed = report.failures(ERROR);
        assertEquals(1, failed.size(), report.toText());
        assertEquals("not_null", failed.get(0).kind());
        assertEquals("customer_id", failed.get(0).column());
        assertEquals(30.0 / 31, failed.get(0).measured(), 1e-9);
        assertEquals("data-contracts/telco-churn.yaml:3:5", failed.get(0).location());
    }

    @Test
    void aFailedWarningIsReportedButDoesNotFail() throws Exception {
        var report = check("unknown-contract-value.csv",
                new CheckSpec.AllowedValues("contract", CONTRACT_TYPES, WARNING, line(33)),
                new CheckSpec.Unique("customer_id", ERROR, line(31)));

        assertEquals(VerificationReport.Status.WARNINGS, report.status(), report.toText());
        assertEquals(1, report.failures(Severity.WARNING).size());
        assertTrue(report.failures(ERROR).isEmpty());
        var json = report.toJson();
        assertEquals("WARNINGS", json.get("status").asText());
        assertEquals(1, json.get("warnings").asInt());
        var allowed = json.get("checks").get(2);
        assertEquals("allowed_values", allowed.get("kind").asText());
        assertEquals("failed", allowed.get("outcome").asText());
        assertEquals("warning", allowed.get("severity").asText());
        assertEquals(30.0 / 31, allowed.get("measured").asDouble(), 1e-9);
    }

    @Test
    void aRangeOnAColumnOfOnlyNullsOrOfTextFailsWithTheReason() throws Exception {
        Contract contract = TelcoContract.with(new CheckSpec.Range("total_charges", 0.0, 100.0, ERROR, line(33)),
                new CheckSpec.Range("churn", 0.0, null, ERROR, line(34)));
        Dataset<Row> noTotals = slice("telco-slice.csv")
                .withColumn("total_charges", org.apache.spark.sql.functions.lit(null).cast("double"));

        var report = ContractChecks.compile(contract).run(noTotals);

        var ranges = report.checks().stream().filter(c -> c.kind().equals("range")).toList();
        assertEquals(List.of("min(total_charges) >= 0", "max(total_charges) <= 100", "min(churn) >= 0"),
                ranges.stream().map(VerificationReport.CheckOutcome::constraint).toList());
        for (var r : ranges) {
            assertFalse(r.passed(), r.constraint());
            assertNull(r.measured(), r.constraint());
        }
        assertTrue(ranges.get(0).message().contains("NULL"), ranges.get(0).message());
        assertTrue(ranges.get(2).message().contains("churn") && ranges.get(2).message().contains("StringType"),
                ranges.get(2).message());
    }

    @Test
    void pitstopsRangeAndUniquenessAnalyzersReportWhatDeequsOwnReport() throws Exception {
        Contract contract = TelcoContract.with(new CheckSpec.Range("tenure", 1.0, 60.0, ERROR, line(31)),
                new CheckSpec.Range("monthly_charges", 0.0, 1000.0, ERROR, line(32)),
                new CheckSpec.Range("total_charges", 0.0, 100.0, ERROR, line(33)),
                new CheckSpec.Range("churn", 0.0, null, ERROR, line(34)),
                new CheckSpec.Range("no_such_column", 0.0, null, ERROR, line(35)),
                new CheckSpec.Unique("customer_id", ERROR, line(36)));
        Dataset<Row> noTotals = slice("telco-slice.csv")
                .withColumn("total_charges", org.apache.spark.sql.functions.lit(null).cast("double"));

        for (Dataset<Row> data : List.of(slice("telco-slice.csv"), slice("duplicate-customer-id.csv"), noTotals)) {
            var ours = ContractChecks.compile(contract).run(data).checks();
            var deequs = deequsOwn(contract, data);
            assertEquals(deequs.size(), ours.size());
            for (int i = 0; i < ours.size(); i++) {
                var o = ours.get(i);
                var d = deequs.get(i);
                assertEquals(d.passed(), o.passed(), o.constraint());
                assertEquals(d.measured(), o.measured(), o.constraint());
                assertEquals(d.message(), o.message(), o.constraint());
            }
        }
    }

    /** The contract's not-null, range and unique constraints with Deequ's own analyzers, in the report's order. */
    private static List<Deequ.Outcome> deequsOwn(Contract contract, Dataset<Row> data) {
        com.amazon.deequ.checks.Check check = Deequ.check(ERROR, "deequ's own");
        for (var column : contract.columns()) if (!column.nullable()) check = Deequ.complete(check, column.name());
        for (CheckSpec spec : contract.checks()) {
            if (spec instanceof CheckSpec.Unique u) {
                check = check.isUnique(u.column(), scala.Option.empty(), scala.Option.empty());
            } else if (spec instanceof CheckSpec.Range r) {
                if (r.min() != null) {
                    scala.Function1<Object, Object> atLeast = v -> (Double) v >= r.min();
                    check = check.hasMin(r.column(), atLeast, scala.Option.empty(), scala.Option.empty());
                }
                if (r.max() != null) {
                    scala.Function1<Object, Object> atMost = v -> (Double) v <= r.max();
                    check = check.hasMax(r.column(), atMost, scala.Option.empty(), scala.Option.empty());
                }
            } else {
                throw new IllegalArgumentException("not compared: " + spec.kind());
            }
        }
        return Deequ.run(data, List.of(check), List.of(), null).outcomes().get(check);
    }

    @Test
    void deequsOwnMinimumStillGoesThroughAStringWhichIsWhyRangesUseColumnExtreme() {
        // If a Deequ upgrade drops the detour, ColumnExtreme has no reason left: this test says so.
        Dataset<Row> tenure = TestSpark.session().range(3).selectExpr("cast(id as int) as tenure");
        var deequs = tenure.agg(new com.amazon.deequ.analyzers.Minimum("tenure", scala.Option.empty(), scala.Option.empty())
                .aggregationFunctions().head()).queryExecution().analyzed().toString().toLowerCase();
        var ours = tenure.agg(JavaConverters.seqAsJavaList(ColumnExtreme.minimum("tenure").aggregationFunctions()).get(0))
                .queryExecution().analyzed().toString().toLowerCase();
        assertTrue(deequs.contains("as string"), deequs);
        assertFalse(ours.contains("as string"), ours);
    }

    @Test
    void sharedAggregatesAreNeverMergedAcrossParts() {
        var values = new SharedScanAggregates.Values("profile", new scala.util.Success<>(org.apache.spark.sql.RowFactory.create(1L)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> values.sum(values));
        assertTrue(e.getMessage().contains("profile"), e.getMessage());
    }

    @Test
    void aPredicateThatFailsWhileRunningFailsTheSharedConstraintsAndLeavesNoAggregates() throws Exception {
        Contract contract = TelcoContract.with(new CheckSpec.Range("tenure", 0.0, 72.0, ERROR, line(31)),
                new CheckSpec.Predicate("never", "assert_true(tenure < 0) IS NULL", ERROR, line(32)));
        Dataset<Row> data = slice("telco-slice.csv");

        var result = ContractChecks.compile(contract).run(data, null, "r1",
                io.pitstop.steps.profile.DatasetProfiler.exactAggregates(data.schema()));

        assertNull(result.aggregates());
        var predicate = only(result.report(), "predicate");
        assertFalse(predicate.passed());
        assertTrue(predicate.message().contains("is not true"), predicate.message());
        assertEquals(VerificationReport.Status.FAILED, result.report().status());
    }

    @Test
    void aggregatesAskedForRideInTheChecksScanWithTheirResultsInOrder() throws Exception {
        Contract contract = TelcoContract.with(new CheckSpec.Range("tenure", 0.0, 72.0, ERROR, line(31)));
        Dataset<Row> data = slice("telco-slice.csv");
        data.count(); // warm the file listing so only the verification's own jobs are counted
        var aggregates = List.of(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                org.apache.spark.sql.functions.sum("tenure"), org.apache.spark.sql.functions.max("churn"));

        var alone = io.pitstop.steps.ScanCounter.measure(() -> ContractChecks.compile(contract).run(data));
        var shared = io.pitstop.steps.ScanCounter.measure(
                () -> ContractChecks.compile(contract).run(data, null, "r1", aggregates));

        assertEquals(alone.scans(), shared.scans(), "the aggregates add no scan");
        Row expected = data.agg(aggregates.get(0), aggregates.get(1), aggregates.get(2)).first();
        Row row = shared.result().aggregates();
        assertEquals(3, row.length());
        for (int i = 0; i < 3; i++) assertEquals(expected.get(i), row.get(i), "aggregate " + i);
        assertEquals(alone.result().checks(), shared.result().report().checks());
        assertNull(ContractChecks.compile(contract).run(data, null, "r2", List.of()).aggregates());
    }

    /** The physical plan of the latest SQL execution that aggregated, as Spark's UI would show it. */
    private static String lastAggregationPlan() {
        var executions = JavaConverters.seqAsJavaList(TestSpark.session().sharedState().statusStore().executionsList());
        for (int i = executions.size() - 1; i >= 0; i--) {
            String plan = executions.get(i).physicalPlanDescription();
            if (plan.contains("HashAggregate")) return plan;
        }
        throw new AssertionError("no aggregation ran");
    }

    @Test
    void theChecksAndTheProfilesAggregatesStayCompiledThoughTheyExceedSparksDefaultFieldLimit() throws Exception {
        Contract contract = TelcoContract.with(new CheckSpec.Range("tenure", 0.0, 72.0, ERROR, line(31)),
                new CheckSpec.AllowedValues("contract", CONTRACT_TYPES, ERROR, line(32)));
        Dataset<Row> data = slice("telco-slice.csv");
        var aggregates = new java.util.ArrayList<>(io.pitstop.steps.profile.DatasetProfiler.exactAggregates(data.schema()));
        // Distinct aggregates (Spark merges equal ones): with their buffers, well over Spark's default of 100 fields.
        for (int i = 0; aggregates.size() <= 100; i++) {
            aggregates.add(org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.col("tenure").plus(i)));
        }
        var conf = TestSpark.session().conf();
        String before = conf.get("spark.sql.codegen.maxFields");

        // The premise: at Spark's default limit, an aggregation this wide is not compiled (no "*" before any
        // of its stages), and Spark interprets it row by row.
        data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(org.apache.spark.sql.Column[]::new))
                .collect();
        assertTrue(Integer.parseInt(before) <= 100, before);
        assertFalse(lastAggregationPlan().contains("* HashAggregate"), lastAggregationPlan());

        var result = ContractChecks.compile(contract).run(data, null, "r1", aggregates);

        assertEquals(aggregates.size(), result.aggregates().length());
        assertTrue(lastAggregationPlan().contains("* HashAggregate"), lastAggregationPlan());
        assertEquals(before, conf.get("spark.sql.codegen.maxFields"), "the session's setting is restored");
    }

    @Test
    void aCheckOnAColumnThatIsNotThereFailsWithDeequsReasonInsteadOfThrowing() throws Exception {
        var report = check("telco-slice.csv", new CheckSpec.Completeness("no_such_column", 0.5, ERROR, line(40)));

        var c = only(report, "completeness");
        assertFalse(c.passed());
        assertNull(c.measured());
        assertTrue(c.message().contains("no_such_column"), c.message());
    }

    @Test
    void metricsWatchedForAnomaliesRideInTheSameScanAsTheChecks() throws Exception {
        var checks = List.<CheckSpec>of(new CheckSpec.Completeness("total_charges", 0.5, ERROR, line(30)),
                new CheckSpec.Range("tenure", 0.0, 72.0, ERROR, line(31)));
        Contract plain = TelcoContract.with(checks.toArray(CheckSpec[]::new));
        Contract watched = new Contract(TelcoContract.FILE, "telco_churn", "", TelcoContract.columns(), checks,
                List.of(new io.pitstop.engine.contract.AnomalySpec(io.pitstop.engine.contract.AnomalyMetric.ROW_COUNT,
                                null, 0.5, ERROR, line(40)),
                        new io.pitstop.engine.contract.AnomalySpec(io.pitstop.engine.contract.AnomalyMetric.COMPLETENESS,
                                "total_charges", 0.1, WARNING, line(41)),
                        new io.pitstop.engine.contract.AnomalySpec(io.pitstop.engine.contract.AnomalyMetric.MEAN,
                                "monthly_charges", 0.1, WARNING, line(42)),
                        new io.pitstop.engine.contract.AnomalySpec(io.pitstop.engine.contract.AnomalyMetric.APPROX_DISTINCT,
                                "payment_method", 0.1, WARNING, line(43))), null);
        Dataset<Row> data = slice("telco-slice.csv");
        data.count(); // warm the file listing so only the verification's own jobs are counted

        var withoutAnomalies = io.pitstop.steps.ScanCounter.measure(() -> ContractChecks.compile(plain).run(data));
        var withAnomalies = io.pitstop.steps.ScanCounter.measure(
                () -> ContractChecks.compile(watched).run(data, null, "r1", List.of()));

        assertEquals(1, withoutAnomalies.scans(), "no uniqueness check: one shared scan");
        assertEquals(withoutAnomalies.scans(), withAnomalies.scans(), "four watched metrics, no extra scan");
        var metrics = withAnomalies.result().metrics();
        assertEquals(4, metrics.size(), "the row count (always kept, and watched here) plus three column metrics");
        assertTrue(metrics.values().stream().allMatch(v -> v != null), metrics.toString());
        var anomalies = withAnomalies.result().report().checks().stream().filter(c -> c.kind().equals("anomaly")).toList();
        assertEquals(4, anomalies.size());
        assertTrue(anomalies.stream().allMatch(VerificationReport.CheckOutcome::passed), "no history: every one passes");
        assertEquals(31.0, anomalies.get(0).measured());
    }
}
