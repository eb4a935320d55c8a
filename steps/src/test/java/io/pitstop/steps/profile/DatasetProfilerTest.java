package io.pitstop.steps.profile;

import io.pitstop.steps.ScanCounter;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetProfilerTest {

    @TempDir
    static Path tmp;

    private static Dataset<Row> telco;
    private static ScanCounter.Cost<DatasetProfile> profiled;

    @BeforeAll
    static void profileFirst500Customers() {
        // Parquet, as data.validate profiles it; counted so the two-scan claim of DatasetProfiler is pinned.
        telco = TestSpark.session().read().parquet(TelcoData.validatedParquet(tmp, 500).toString());
        telco.count();
        profiled = ScanCounter.measure(() -> new DatasetProfiler().profile("telco_churn", telco));
    }

    private static ColumnProfile column(String name) {
        return profiled.result().column(name).orElseThrow();
    }

    @Test
    void allColumnsAreProfiledInTwoScansOfTheData() {
        assertEquals(2, profiled.scans(), "scans: " + profiled.scans() + ", jobs: " + profiled.jobs());
        assertEquals(21, profiled.result().columns().size());
        assertEquals(500, profiled.result().rows());
    }

    @Test
    void givenItsExactAggregatesFromAnotherScanTheProfileIsTheSameAndReadsTheDataOnce() {
        var aggs = DatasetProfiler.exactAggregates(telco.schema());
        Row exact = telco.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(org.apache.spark.sql.Column[]::new)).first();

        var given = ScanCounter.measure(() -> new DatasetProfiler().profile("telco_churn", telco, exact));

        assertEquals(1, given.scans(), "only the sample's read; scans: " + given.scans());
        assertEquals(profiled.result().toJson(), given.result().toJson());
        Row tooShort = org.apache.spark.sql.RowFactory.create(500L);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetProfiler().profile("telco_churn", telco, tooShort));
        assertTrue(e.getMessage().contains("found 1"), e.getMessage());
    }

    @Test
    void givenItsDistributionsFromTheSameScanASmallDatasetIsProfiledInOneMoreJobForItsDriftBins() {
        var exact = DatasetProfiler.exactAggregates(telco.schema());
        var distributions = DatasetProfiler.distributionAggregates(telco.schema());
        var both = new ArrayList<>(exact);
        both.addAll(distributions);
        Row row = telco.agg(both.get(0), both.subList(1, both.size()).toArray(org.apache.spark.sql.Column[]::new)).first();
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) values[i] = row.get(i);
        Row exactRow = org.apache.spark.sql.RowFactory.create(java.util.Arrays.copyOfRange(values, 0, exact.size()));
        Row everyRow = org.apache.spark.sql.RowFactory.create(java.util.Arrays.copyOfRange(values, exact.size(), values.length));

        var given = ScanCounter.measure(() -> new DatasetProfiler().profile("telco_churn", telco, exactRow, everyRow));

        assertEquals(1, given.scans(), "only the drift bins' grouped count; jobs: " + given.jobNames());
        assertEquals(profiled.result().toJson(), given.result().toJson());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetProfiler().profile("telco_churn", telco, exactRow, org.apache.spark.sql.RowFactory.create(500L)));
        assertTrue(e.getMessage().contains("results of distributionAggregates for telco_churn, found 1"), e.getMessage());
    }

    @Test
    void numericStatisticsMatchSparksExactOnes() {
        Row exact = telco.agg(min("tenure"), max("tenure"), avg("tenure"), stddev_samp("tenure")).first();
        var tenure = column("tenure").numeric();
        assertEquals((double) exact.getInt(0), tenure.min());
        assertEquals((double) exact.getInt(1), tenure.max());
        assertEquals(exact.getDouble(2), tenure.mean(), 1e-9);
        assertEquals(exact.getDouble(3), tenure.stddev(), 1e-9);
        assertEquals("integer", column("tenure").type());
        assertEquals(0, column("tenure").nulls());
        assertNull(column("tenure").categorical());
    }

    @Test
    void decilesSplitTheValuesIntoTenthsWithinTheSketchError() {
        List<Double> values = new ArrayList<>();
        for (Row r : telco.select("monthly_charges").collectAsList()) values.add(r.getDouble(0));
        List<Double> deciles = column("monthly_charges").numeric().deciles();
        assertEquals(9, deciles.size());
        for (int k = 0; k < 9; k++) {
            double d = deciles.get(k);
            double p = (k + 1) / 10.0;
            double atOrBelow = values.stream().filter(v -> v <= d).count() / 500.0;
            double below = values.stream().filter(v -> v < d).count() / 500.0;
            assertTrue(atOrBelow >= p - 0.005 && below <= p + 0.005,
                    "decile " + p + " = " + d + " has " + below + ".." + atOrBelow + " of the values at or below it");
        }
    }

    @Test
    void aboveTheSampleSizeDistributionsComeFromASampleAndEverythingElseStaysExact() {
        Dataset<Row> all = TestSpark.session().read().parquet(TelcoData.validatedParquet(tmp.resolve("all"), 7043).toString());
        DatasetProfile full = new DatasetProfiler().profile("telco_churn", all);
        var sampledCost = ScanCounter.measure(() -> new DatasetProfiler(100, 100_000, 2_000).profile("telco_churn", all));
        DatasetProfile sampled = sampledCost.result();
        assertEquals(2, sampledCost.scans(), "one scan for the exact part, one read that samples");
        assertEquals(7043, sampled.rows());
        assertEquals(7043L, full.sampledRows(), "small data: every row is profiled");
        assertTrue(Math.abs(sampled.sampledRows() - 2000) < 200, "a sample of about 2,000 rows: " + sampled.sampledRows());
        for (ColumnProfile f : full.columns()) {
            ColumnProfile s = sampled.column(f.name()).orElseThrow();
            assertEquals(f.nulls(), s.nulls(), f.name());
            assertEquals(f.completeness(), s.completeness(), 1e-12, f.name());
            if (f.numeric() != null) {
                assertEquals(f.numeric().min(), s.numeric().min(), f.name());
                assertEquals(f.numeric().max(), s.numeric().max(), f.name());
                assertEquals(f.numeric().mean(), s.numeric().mean(), 1e-9, f.name());
                assertEquals(f.numeric().stddev(), s.numeric().stddev(), 1e-9, f.name());
            }
        }
        // Shares from the sample: close to the exact ones, and scaled so they still add up to the non-null count.
        var exact = full.column("contract").orElseThrow().categorical();
        var estimate = sampled.column("contract").orElseThrow().categorical();
        assertEquals(exact.nonNull(), estimate.nonNull());
        for (var e : exact.frequencies().entrySet()) {
            double share = e.getValue() / (double) exact.nonNull();
            double sampledShare = estimate.frequencies().get(e.getKey()) / (double) estimate.nonNull();
            assertEquals(share, sampledShare, 0.04, e.getKey());
        }
        // Deciles of the sample split the whole data into tenths within the sample's error.
        List<Double> values = new ArrayList<>();
        for (Row r : all.select("monthly_charges").collectAsList()) values.add(r.getDouble(0));
        List<Double> deciles = sampled.column("monthly_charges").orElseThrow().numeric().deciles();
        for (int k = 0; k < 9; k++) {
            double d = deciles.get(k);
            double p = (k + 1) / 10.0;
            double atOrBelow = values.stream().filter(v -> v <= d).count() / 7043.0;
            double below = values.stream().filter(v -> v < d).count() / 7043.0;
            assertTrue(atOrBelow >= p - 0.04 && below <= p + 0.04, "decile " + p + ": " + below + ".." + atOrBelow);
        }
    }

    @Test
    void nullsAndCompletenessCountMissingTotals() {
        long missing = telco.where(col("total_charges").isNull()).count();
        assertTrue(missing > 0, "the first 500 customers include new ones without a total");
        assertEquals(missing, column("total_charges").nulls());
        assertEquals(1.0 - missing / 500.0, column("total_charges").completeness(), 1e-12);
    }

    @Test
    void stringColumnsKeepTheirValueCountsMostFrequentFirst() {
        Map<String, Long> exact = new TreeMap<>();
        for (Row r : telco.groupBy("contract").count().collectAsList()) exact.put(r.getString(0), r.getLong(1));
        var contract = column("contract").categorical();
        assertEquals(exact, new TreeMap<>(contract.frequencies()));
        assertEquals(0, contract.other());
        List<Long> counts = List.copyOf(contract.frequencies().values());
        for (int i = 1; i < counts.size(); i++) assertTrue(counts.get(i - 1) >= counts.get(i), counts.toString());
        assertEquals("Month-to-month", contract.frequencies().keySet().iterator().next());
        assertEquals(3, column("contract").approxDistinct());
    }

    @Test
    void aHighCardinalityColumnKeepsTheCapAndCountsTheRestAsOther() {
        var ids = column("customer_id");
        assertEquals(100, ids.categorical().frequencies().size());
        assertEquals(400, ids.categorical().other());
        assertEquals(500, ids.approxDistinct(), 25, "HyperLogLog++ within 5%");
    }

    @Test
    void aColumnAboveTheDistinctLimitIsNotCountedAndEverythingElseIsTheSame() {
        // 500 unique ids against a limit of 200: the id keeps no values, the low-cardinality columns
        // (at most a few thousand distinct here) are counted exactly as before.
        ScanCounter.Cost<DatasetProfile> limited =
                ScanCounter.measure(() -> new DatasetProfiler(100, 200).profile("telco_churn", telco));
        assertEquals(2, limited.scans(), "scans: " + limited.scans());
        ColumnProfile ids = limited.result().column("customer_id").orElseThrow();
        assertTrue(ids.categorical().frequencies().isEmpty(), ids.toString());
        assertEquals(500, ids.categorical().other());
        assertEquals(column("customer_id").approxDistinct(), ids.approxDistinct());
        assertEquals(profiled.result().columns().size(), limited.result().columns().size());
        for (ColumnProfile c : profiled.result().columns()) {
            if (!c.name().equals("customer_id")) {
                assertEquals(c, limited.result().column(c.name()).orElseThrow(), c.name());
            }
        }
    }

    @Test
    void aDistinctLimitBelowTheKeptValuesIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DatasetProfiler(100, 99));
        assertTrue(e.getMessage().contains("maxDistinctCounted must be at least maxValues (100), found 99"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetProfiler(0, 100));
        var tooSmall = assertThrows(IllegalArgumentException.class, () -> new DatasetProfiler(100, 100_000, 10));
        assertTrue(tooSmall.getMessage().contains("the sample's floor must be at least 1000 rows, found 10"), tooSmall.getMessage());
    }

    @Test
    void theJsonRoundTripsAndIsStable() {
        String json = profiled.result().toJson();
        DatasetProfile back = DatasetProfile.fromJson(json);
        assertEquals(profiled.result(), back);
        assertEquals(json, back.toJson());
        assertTrue(json.contains("\"approx_distinct\""), json.substring(0, 300));
        assertTrue(json.startsWith("{\n  \"format\" : 2,\n  \"dataset\" : \"telco_churn\""), json.substring(0, 80));
    }

    @Test
    void driftBinsCountEveryProfiledRowInTheBinsDriftUses() {
        // tenure: more than 20 values, binned by range between its distinct deciles; counts exact per bin.
        var tenure = column("tenure").driftBins();
        List<Integer> values = new ArrayList<>();
        for (Row r : telco.select("tenure").collectAsList()) values.add(r.getInt(0));
        assertEquals(List.copyOf(new java.util.TreeSet<>(column("tenure").numeric().deciles())), tenure.edges());
        for (int b = 0; b <= tenure.edges().size(); b++) {
            double low = b == 0 ? Double.NEGATIVE_INFINITY : tenure.edges().get(b - 1);
            double high = b == tenure.edges().size() ? Double.POSITIVE_INFINITY : tenure.edges().get(b);
            long inBin = values.stream().filter(v -> v > low && v <= high).count();
            assertEquals(inBin, tenure.counts().get(b), "tenure bin " + b + " (" + low + ", " + high + "]");
        }
        // A 0/1 column: binned by value, exact counts.
        var senior = column("senior_citizen").driftBins();
        assertEquals(List.of(0.0, 1.0), senior.numbers());
        assertEquals(telco.where(col("senior_citizen").equalTo(1)).count(), senior.counts().get(1));
        assertEquals(0L, senior.other());
        // A string column: every value with its count; nulls left out of a nullable numeric column.
        var contract = column("contract").driftBins();
        assertEquals(List.copyOf(column("contract").categorical().frequencies().keySet()), contract.values());
        assertEquals(List.copyOf(column("contract").categorical().frequencies().values()), contract.counts());
        var total = column("total_charges").driftBins();
        assertEquals(500 - column("total_charges").nulls(), total.counts().stream().mapToLong(Long::longValue).sum());
        // A key: 100 values kept, the rest counted as other.
        assertEquals(100, column("customer_id").driftBins().values().size());
        assertEquals(400L, column("customer_id").driftBins().other());
    }

    @Test
    void aSampledProfilesDriftBinsCountTheSample() {
        Dataset<Row> all = TestSpark.session().read().parquet(TelcoData.validatedParquet(tmp.resolve("sampled"), 7043).toString());
        DatasetProfile sampled = new DatasetProfiler(100, 100_000, 2_000).profile("telco_churn", all);
        assertTrue(sampled.sampledRows() < sampled.rows(), "the profile says the distributions are of a sample");
        for (String name : List.of("monthly_charges", "senior_citizen", "contract")) {
            var bins = sampled.column(name).orElseThrow().driftBins();
            long counted = bins.counts().stream().mapToLong(Long::longValue).sum() + (bins.other() == null ? 0 : bins.other());
            assertEquals((long) sampled.sampledRows(), counted, name + ": counts of the sample, not scaled");
        }
    }

    @Test
    void aFormat1ProfileIsStillReadAndHasNoDriftBins() {
        DatasetProfile old = DatasetProfile.fromJson("""
                {"format": 1, "dataset": "churn", "rows": 10, "columns": [
                  {"name": "tenure", "type": "integer", "nulls": 0, "completeness": 1.0, "approx_distinct": 5,
                   "numeric": {"min": 1.0, "max": 5.0, "mean": 3.0, "stddev": 1.4,
                               "deciles": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0]}}]}
                """);
        assertEquals(1, old.format());
        assertNull(old.column("tenure").orElseThrow().driftBins());
        assertEquals(9, old.column("tenure").orElseThrow().numeric().deciles().size());
    }

    @Test
    void driftBinsOfTheWrongShapeAreRefused() {
        var twoShapes = assertThrows(IllegalArgumentException.class, () -> new DatasetProfile.DriftBins(
                List.of(1.0), List.of(1.0), null, List.of(1L, 2L), null));
        assertEquals("drift bins need exactly one of edges, numbers, values", twoShapes.getMessage());
        var counts = assertThrows(IllegalArgumentException.class,
                () -> DatasetProfile.DriftBins.ranges(List.of(1.0, 2.0), List.of(1L, 2L)));
        assertEquals("drift bins need 3 counts, found 2", counts.getMessage());
    }

    @Test
    void aProfileOfAnotherFormatIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DatasetProfile.fromJson("{\"format\": 99, \"dataset\": \"x\", \"rows\": 0, \"columns\": []}"));
        assertTrue(e.getMessage().contains("profile format 99 is not supported"), e.getMessage());
    }
}
