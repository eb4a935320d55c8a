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
        assertTrue(charges.reason().startsWith("psi "), charges.reason());
        var contract = report.feature("contract").orElseThrow();
        assertEquals(Outcome.ERROR, contract.outcome());
        assertEquals(twoYearShare, contract.unseenShare(), 1e-12);
        assertTrue(contract.reason().contains("> max_unseen_share 0.0500"), contract.reason());
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
    void aFeatureTheProfileDoesNotKnowIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DriftComparison(profile, THRESHOLDS).compare(other, List.of("tenur")));
        assertEquals("feature 'tenur' is not in the profile of telco_churn", e.getMessage());
    }
}
