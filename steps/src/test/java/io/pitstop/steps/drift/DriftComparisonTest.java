package io.pitstop.steps.drift;

import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.drift.DriftReport.Outcome;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drift of the Telco data against a profile of a random half of it. */
class DriftComparisonTest {

    private static final List<String> FEATURES = List.of("tenure", "monthly_charges", "total_charges",
            "senior_citizen", "contract", "internet_service", "payment_method");
    private static final DriftSpec THRESHOLDS = new DriftSpec(0.1, 0.25, 0.05, null);

    private static Dataset<Row> training;
    private static Dataset<Row> other;
    private static DatasetProfile profile;

    @BeforeAll
    static void profileOneHalf() {
        Dataset<Row>[] halves = TelcoData.first(7043).randomSplit(new double[]{0.5, 0.5}, 42);
        training = halves[0].cache();
        other = halves[1].cache();
        profile = new DatasetProfiler().profile("telco_churn", training);
    }

    @Test
    void theOtherHalfOfARandomSplitHasNearZeroDrift() {
        DriftReport report = new DriftComparison(profile, THRESHOLDS).compare(other, FEATURES);

        assertEquals(Outcome.OK, report.outcome(), report.toJson().toPrettyString());
        for (var f : report.features()) assertTrue(f.psi() < 0.02, f.feature() + " psi " + f.psi());
        assertEquals(0.0, report.feature("contract").orElseThrow().unseenShare());
        assertNull(report.feature("tenure").orElseThrow().unseenShare());
        assertEquals(other.count(), report.rows());
    }

    @Test
    void shiftedChargesAndARenamedContractTypeAreErrors() {
        Dataset<Row> shifted = other
                .withColumn("monthly_charges", col("monthly_charges").multiply(1.5))
                .withColumn("contract", when(col("contract").equalTo("Two year"), lit("Three year"))
                        .otherwise(col("contract")));
        double twoYearShare = (double) other.where(col("contract").equalTo("Two year")).count() / other.count();

        DriftReport report = new DriftComparison(profile, THRESHOLDS).compare(shifted, FEATURES);

        var charges = report.feature("monthly_charges").orElseThrow();
        assertEquals(Outcome.ERROR, charges.outcome());
        assertTrue(charges.psi() > 1.0, "psi " + charges.psi());
        assertEquals(String.format(java.util.Locale.ROOT, "monthly_charges: psi %.4f >= psi_error 0.25", charges.psi()),
                charges.describe());
        var contract = report.feature("contract").orElseThrow();
        assertEquals(Outcome.ERROR, contract.outcome());
        assertEquals(twoYearShare, contract.unseenShare(), 1e-12);
        assertEquals(String.format(java.util.Locale.ROOT, "contract: unseen share %.4f > max_unseen_share 0.05", twoYearShare),
                contract.describe());
        assertEquals("drifted: " + charges.describe() + "; " + contract.describe(), report.summary());
        assertEquals(Outcome.OK, report.feature("tenure").orElseThrow().outcome(), "untouched features stay calm");
        assertEquals(Outcome.ERROR, report.outcome());
        assertEquals("ERROR", report.toJson().get("outcome").asText());
        assertEquals(2, report.drifted(Outcome.ERROR).size());
    }

    @Test
    void aModestShiftIsAWarningNotAnError() {
        // Raising a tenth of the charges moves mass across a few decile edges: some drift, not a lot.
        Dataset<Row> nudged = other.withColumn("monthly_charges",
                when(col("customer_id").endsWith("1"), col("monthly_charges").multiply(1.6))
                        .otherwise(col("monthly_charges")));

        var charges = new DriftComparison(profile, THRESHOLDS).compare(nudged, List.of("monthly_charges"))
                .feature("monthly_charges").orElseThrow();

        assertTrue(charges.psi() > 0.02 && charges.psi() < 0.25, "psi " + charges.psi());
    }

    @Test
    void belowMinRowsDriftIsNotJudgedEvenWhenItWouldFailAndTheReportSaysWhy() {
        Dataset<Row> fewShifted = other.limit(100).withColumn("monthly_charges", col("monthly_charges").multiply(3));

        DriftReport report = new DriftComparison(profile, THRESHOLDS).compare(fewShifted, FEATURES);

        assertEquals(Outcome.NOT_JUDGED, report.outcome());
        assertEquals(100, report.rows());
        assertEquals("not judged: 100 rows < min_rows 500", report.summary());
        var charges = report.feature("monthly_charges").orElseThrow();
        assertEquals(Outcome.NOT_JUDGED, charges.outcome());
        assertEquals("100 rows < min_rows 500", charges.reason());
        assertTrue(charges.psi() > 1.0, "still measured: " + charges.psi());
        assertTrue(Double.isNaN(report.largestJudgedPsi()));
        assertEquals("NOT_JUDGED", report.toJson().get("outcome").asText());
        assertEquals(500, report.toJson().path("thresholds").path("min_rows").asLong());

        // Declared lower, the same 100 rows are judged.
        var judged = new DriftComparison(profile, new DriftSpec(0.1, 0.25, 0.05, 100, null)).compare(fewShifted, FEATURES);
        assertEquals(Outcome.ERROR, judged.feature("monthly_charges").orElseThrow().outcome());
        // A batch of one row is not judged either.
        assertEquals(Outcome.NOT_JUDGED, new DriftComparison(profile, THRESHOLDS).compare(other.limit(1), FEATURES).outcome());
    }

    @Test
    void aFeatureWithFewerNonNullValuesThanMinRowsIsNotJudgedAndTheOthersAre() {
        // 600 rows, but total_charges kept on about a tenth of them only.
        Dataset<Row> sparse = other.limit(600).withColumn("total_charges",
                when(col("customer_id").endsWith("7"), col("total_charges")));
        long kept = sparse.where(col("total_charges").isNotNull()).count();

        DriftReport report = new DriftComparison(profile, THRESHOLDS).compare(sparse, FEATURES);

        var total = report.feature("total_charges").orElseThrow();
        assertEquals(Outcome.NOT_JUDGED, total.outcome());
        assertEquals(kept + " non-null values < min_rows 500", total.reason());
        assertEquals(Outcome.OK, report.feature("tenure").orElseThrow().outcome());
        assertEquals(Outcome.OK, report.outcome());
        assertTrue(report.summary().endsWith("; not judged: total_charges (" + total.reason() + ")"), report.summary());
    }

    @Test
    void theComparisonReadsTheDataOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Dataset<Row> parquet = io.pitstop.steps.TestSpark.session().read()
                .parquet(TelcoData.validatedParquet(tmp, 800).toString());

        var cost = io.pitstop.steps.ScanCounter.measure(
                () -> new DriftComparison(profile, THRESHOLDS).compare(parquet, FEATURES));

        assertEquals(1, cost.scans(), "scans: " + cost.scans() + ", jobs: " + cost.jobs());
        assertEquals(800, cost.result().rows());
    }

    @Test
    void aFeatureTheProfileDoesNotKnowIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DriftComparison(profile, THRESHOLDS).compare(other, List.of("tenur")));
        assertEquals("feature 'tenur' is not in the profile of telco_churn", e.getMessage());
    }
}
