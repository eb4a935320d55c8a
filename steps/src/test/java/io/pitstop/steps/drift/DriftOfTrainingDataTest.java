package io.pitstop.steps.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.drift.DriftReport.FeatureDrift;
import io.pitstop.steps.drift.DriftReport.Outcome;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training data scored against its own profile must show no drift, on data sets unlike the demo's:
 * integer codes and small counts, skewed and zero-inflated amounts, missing values, odd spellings, a
 * column with more values than drift compares one by one. Each data set is small and seeded. min_rows is
 * declared 1 so that every feature is judged on these few rows.
 */
class DriftOfTrainingDataTest {

    private static final DriftSpec JUDGE_ALL = new DriftSpec(0.1, 0.25, 0.05, 1, null);
    private static final int ROWS = 200;

    /** One column of a generated data set: its value drawn from the data set's seeded Random (null allowed). */
    private record Generated(String name, DataType type, Function<Random, Object> value) {
    }

    private static Dataset<Row> generate(long seed, List<Generated> columns) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) values[c] = columns.get(c).value().apply(random);
            rows.add(RowFactory.create(values));
        }
        List<StructField> fields = columns.stream().map(c -> DataTypes.createStructField(c.name(), c.type(), true)).toList();
        return TestSpark.session().createDataFrame(rows, DataTypes.createStructType(fields));
    }

    private static int pick(Random r, double... shares) {
        double u = r.nextDouble();
        for (int i = 0; i < shares.length; i++) if ((u -= shares[i]) < 0) return i;
        return shares.length - 1;
    }

    private static int poisson(Random r, double lambda) {
        int k = 0;
        for (double p = Math.exp(-lambda), s = p, u = r.nextDouble(); u > s; s += p) p *= lambda / ++k;
        return Math.min(k, 10);
    }

    static Dataset<Row> integerCodes() {
        return generate(11, List.of(
                new Generated("code", DataTypes.IntegerType, r -> pick(r, 0.5, 0.3, 0.15, 0.05)),
                new Generated("visits", DataTypes.IntegerType, r -> poisson(r, 2)),
                new Generated("rating", DataTypes.IntegerType, r -> 1 + pick(r, 0.05, 0.1, 0.2, 0.4, 0.25)),
                new Generated("flag", DataTypes.IntegerType, r -> r.nextDouble() < 0.12 ? 1 : 0),
                new Generated("month", DataTypes.IntegerType, r -> 1 + r.nextInt(12)),
                new Generated("days", DataTypes.LongType, r -> (long) r.nextInt(31))));
    }

    static Dataset<Row> skewed() {
        return generate(12, List.of(
                new Generated("income", DataTypes.DoubleType, r -> Math.exp(10 + r.nextGaussian())),
                new Generated("capital_gain", DataTypes.DoubleType,
                        r -> r.nextDouble() < 0.7 ? 0.0 : Math.round(-Math.log(r.nextDouble()) * 5000.0) / 1.0),
                new Generated("claims", DataTypes.DoubleType, r -> Math.pow(r.nextDouble(), -1 / 1.5))));
    }

    static Dataset<Row> withNulls() {
        return generate(13, List.of(
                new Generated("balance", DataTypes.DoubleType, r -> r.nextDouble() < 0.3 ? null : r.nextGaussian() * 100),
                new Generated("children", DataTypes.IntegerType, r -> r.nextDouble() < 0.2 ? null : pick(r, 0.4, 0.3, 0.2, 0.1)),
                new Generated("region", DataTypes.StringType,
                        r -> r.nextDouble() < 0.25 ? null : List.of("north", "south", "east").get(pick(r, 0.5, 0.3, 0.2))),
                new Generated("never_filled", DataTypes.DoubleType, r -> null)));
    }

    static Dataset<Row> strings() {
        return generate(14, List.of(
                new Generated("answer", DataTypes.StringType,
                        r -> List.of("yes", "Yes", " YES", "n/a", "Ünïcode, with comma").get(pick(r, 0.4, 0.3, 0.1, 0.15, 0.05))),
                new Generated("city", DataTypes.StringType, r -> "city-" + (int) Math.floor(30 * Math.pow(r.nextDouble(), 2))),
                new Generated("constant", DataTypes.StringType, r -> "same"),
                new Generated("member", DataTypes.BooleanType, r -> r.nextDouble() < 0.3)));
    }

    private static DriftReport againstItself(String name, Dataset<Row> data, List<String> features) {
        DatasetProfile profile = new DatasetProfiler().profile(name, data);
        printFormat1(profile, data, features);
        return new DriftComparison(profile, JUDGE_ALL).compare(data, features);
    }

    /**
     * For docs/data.md: what the same data showed against the format-1 (decile) bins, on the features format 1
     * could compare at all (not an all-null or a boolean column).
     */
    private static DriftReport printFormat1(DatasetProfile profile, Dataset<Row> data, List<String> features) {
        DatasetProfile format1 = asFormat1(profile);
        List<String> comparable = features.stream().filter(f -> {
            var c = format1.column(f).orElseThrow();
            return c.categorical() != null || (c.numeric() != null && !c.numeric().deciles().isEmpty());
        }).toList();
        DriftReport old = new DriftComparison(format1, JUDGE_ALL).compare(data, comparable);
        FeatureDrift worst = old.features().stream().max(java.util.Comparator.comparingDouble(FeatureDrift::psi)).orElseThrow();
        System.out.printf(Locale.ROOT, "format-1 self-PSI %-14s largest %.4f (%s)%n", profile.dataset(), worst.psi(),
                worst.feature());
        return old;
    }

    /** The same profile in format 1, as packages released before drift bins carry it: no drift_bins. */
    private static DatasetProfile asFormat1(DatasetProfile profile) {
        ObjectNode json = (ObjectNode) profile.toJsonNode();
        json.put("format", 1);
        json.withArray("columns").forEach(c -> ((ObjectNode) c).remove("drift_bins"));
        return DatasetProfile.fromJson(json.toString());
    }

    private static void assertNoDrift(DriftReport report) {
        System.out.printf(Locale.ROOT, "self-PSI %-14s rows %4d  largest %.6f  %s%n", report.dataset(), report.rows(),
                report.features().stream().mapToDouble(FeatureDrift::psi).max().orElse(0),
                report.features().stream().map(f -> f.feature() + "=" + String.format(Locale.ROOT, "%.4f", f.psi())).toList());
        for (FeatureDrift f : report.features()) {
            assertTrue(f.psi() < 0.01, report.dataset() + ": " + f.describe());
            assertTrue(f.outcome() == Outcome.OK || f.outcome() == Outcome.NOT_JUDGED, f.describe());
        }
        assertNotEquals(Outcome.WARNING, report.outcome());
        assertNotEquals(Outcome.ERROR, report.outcome());
    }

    @Test
    void telcoFeaturesAgainstTheirOwnProfileShowNoDrift() {
        List<String> features = new ArrayList<>(TelcoData.FEATURES.categorical());
        features.addAll(TelcoData.FEATURES.numeric());
        DriftReport report = againstItself("telco", TelcoData.first(1000).cache(), features);
        assertNoDrift(report);
        assertEquals(Outcome.OK, report.outcome());
    }

    @Test
    void integerColumnsWithFewValuesShowNoDriftAndTheOldDecileBinsDid() {
        Dataset<Row> data = integerCodes().cache();
        List<String> features = List.of(data.columns());
        DatasetProfile profile = new DatasetProfiler().profile("integer-codes", data);
        var bins = profile.column("code").orElseThrow().driftBins();
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), bins.numbers(), "a code is binned by value");
        assertEquals(ROWS, bins.counts().stream().mapToLong(Long::longValue).sum());
        assertNull(profile.column("days").orElseThrow().driftBins().numbers(), "31 values: binned by range");

        DriftReport report = new DriftComparison(profile, JUDGE_ALL).compare(data, features);
        assertNoDrift(report);
        assertEquals(Outcome.OK, report.outcome());
        // What scoring the training file reported before (format 1: shares guessed from ten deciles).
        DriftReport old = printFormat1(profile, data, features);
        assertTrue(old.features().stream().anyMatch(f -> f.psi() >= 0.1), old.toJson().toPrettyString());
    }

    @Test
    void skewedAndZeroInflatedAmountsShowNoDrift() {
        Dataset<Row> data = skewed().cache();
        DriftReport report = againstItself("skewed", data, List.of(data.columns()));
        assertNoDrift(report);
        assertEquals(Outcome.OK, report.outcome());
    }

    @Test
    void columnsWithMissingValuesShowNoDriftAndAnEmptyColumnIsNotJudged() {
        Dataset<Row> data = withNulls().cache();
        DriftReport report = againstItself("with-nulls", data, List.of(data.columns()));
        assertNoDrift(report);
        long nonNullBalance = data.where(col("balance").isNotNull()).count();
        assertEquals(nonNullBalance, report.feature("balance").orElseThrow().nonNull(), "nulls are left out");
        FeatureDrift empty = report.feature("never_filled").orElseThrow();
        assertEquals(Outcome.NOT_JUDGED, empty.outcome());
        assertEquals("0 non-null values < min_rows 1", empty.reason());
        assertEquals(Outcome.OK, report.outcome());
    }

    @Test
    void stringAndBooleanColumnsShowNoDriftWithManyValuesPooled() {
        Dataset<Row> data = strings().cache();
        DatasetProfile profile = new DatasetProfiler().profile("strings", data);
        assertTrue(profile.column("city").orElseThrow().driftBins().values().size() > 20, "more values than compared one by one");
        printFormat1(profile, data, List.of(data.columns()));
        DriftReport report = new DriftComparison(profile, JUDGE_ALL).compare(data, List.of(data.columns()));
        assertNoDrift(report);
        assertEquals(0.0, report.feature("answer").orElseThrow().unseenShare());
        assertEquals(Outcome.OK, report.outcome());
    }

    @Test
    void aNumberNeverSeenInTrainingMovesThePsiNotAnUnseenShare() {
        Dataset<Row> training = integerCodes().cache();
        DatasetProfile profile = new DatasetProfiler().profile("integer-codes", training);
        // About a quarter of the rows (months 1 to 3) get code 7, which training never had. The column is an
        // integer, so the model scales it like any number (a category would be a string): no unseen bucket is
        // involved, and the shift shows as PSI through the pooled bin.
        Dataset<Row> scoring = training.withColumn("code", when(col("month").leq(3), lit(7)).otherwise(col("code")));
        long sevens = scoring.where(col("code").equalTo(7)).count();
        assertTrue(sevens > 20, "enough new codes: " + sevens);

        FeatureDrift code = new DriftComparison(profile, JUDGE_ALL).compare(scoring, List.of("code"))
                .feature("code").orElseThrow();

        assertEquals(Outcome.ERROR, code.outcome());
        assertEquals(null, code.unseenShare(), "no unseen share for a numeric column");
        assertTrue(code.describe().startsWith(String.format(Locale.ROOT, "code: psi %.4f >= psi_error", code.psi())),
                code.describe());
    }
}
