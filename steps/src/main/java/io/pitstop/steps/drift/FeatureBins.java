package io.pitstop.steps.drift;

import io.pitstop.steps.drift.DriftReport.Kind;
import io.pitstop.steps.profile.DatasetProfile.CategoricalStats;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import io.pitstop.steps.profile.DatasetProfile.DriftBins;
import io.pitstop.steps.profile.DriftBinIndex;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * How one feature is binned for drift: the Spark expression giving each row's bin, and the profile's share
 * of values in each PSI bin. Bins are the profile's own ({@link DriftBins}: the same range edges, the same
 * values); a format-1 profile has none, and then a numeric feature falls back to its deciles
 * ({@link NumericBins}) and a string feature to its value frequencies.
 *
 * <p>A value feature compares its {@link DriftBins#MAX_VALUE_BINS} most frequent values one by one and pools
 * the rest in one bin, so no feature has more than 21 PSI bins, whatever its cardinality. When the profile saw
 * every value of a categorical column, a value it never saw is counted apart too ({@link #tracksUnseen()}): it
 * joins the pooled bin for PSI and makes the unseen share. A numeric column's new values only join the pooled bin.
 *
 * @param feature      the column
 * @param kind         numeric or categorical, for the report
 * @param expected     the profile's share of non-null values per PSI bin
 * @param tracksUnseen whether bin {@code expected.length} counts values the profile never saw
 * @param binOf        each row's bin, 0 … {@link #bins()} − 1; null for a null (or NaN) value
 */
record FeatureBins(String feature, Kind kind, double[] expected, boolean tracksUnseen, Column binOf) {

    /** Bins counted per feature: the PSI bins, and the unseen bin when tracked. */
    int bins() {
        return expected.length + (tracksUnseen ? 1 : 0);
    }

    static FeatureBins of(ColumnProfile profile, String dataset) {
        String f = profile.name();
        Column x = ColumnNames.column(f);
        DriftBins bins = profile.driftBins();
        if (bins != null && bins.edges() != null) {
            return ranges(f, bins.edges(), shares(bins.counts()), x);
        }
        if (bins != null && bins.numbers() != null) {
            return values(f, Kind.NUMERIC, bins.numbers(), bins.counts(), bins.other(), DriftBinIndex.number(x));
        }
        if (bins != null) {
            return values(f, Kind.CATEGORICAL, bins.values(), bins.counts(), bins.other(), x.cast(DataTypes.StringType));
        }
        // Format 1: no stored bins.
        if (profile.numeric() != null && !profile.numeric().deciles().isEmpty()) {
            NumericBins deciles = NumericBins.of(profile.numeric());
            return ranges(f, deciles.edges(), deciles.expected(), x);
        }
        if (profile.categorical() != null) {
            CategoricalStats c = profile.categorical();
            return values(f, Kind.CATEGORICAL, List.copyOf(c.frequencies().keySet()), List.copyOf(c.frequencies().values()),
                    c.other(), x.cast(DataTypes.StringType));
        }
        throw new IllegalArgumentException("feature '" + f + "' (" + profile.type() + ") has no drift bins in the"
                + " profile of " + dataset);
    }

    private static FeatureBins ranges(String feature, List<Double> edges, double[] expected, Column x) {
        return new FeatureBins(feature, Kind.NUMERIC, expected, false, DriftBinIndex.range(x, edges));
    }

    private static FeatureBins values(String feature, Kind kind, List<?> values, List<Long> counts, long other, Column x) {
        long total = counts.stream().mapToLong(Long::longValue).sum() + other;
        // The most frequent values, each its own bin (ties keep the profile's order); the rest are pooled.
        List<Integer> byCount = IntStream.range(0, values.size()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> counts.get(i)).reversed()).toList();
        List<Integer> own = byCount.subList(0, Math.min(values.size(), DriftBins.MAX_VALUE_BINS));
        List<Object> pooledKnown = new ArrayList<>();
        for (int i : byCount.subList(own.size(), byCount.size())) pooledKnown.add(values.get(i));

        double[] expected = new double[own.size() + 1];
        long ownTotal = 0;
        Column bin = when(x.isNull(), lit(null).cast(DataTypes.IntegerType));
        for (int j = 0; j < own.size(); j++) {
            long n = counts.get(own.get(j));
            expected[j] = total == 0 ? 0 : (double) n / total;
            ownTotal += n;
            bin = bin.when(x.equalTo(lit(values.get(own.get(j)))), j);
        }
        int pooled = own.size();
        expected[pooled] = total == 0 ? 0 : (double) (total - ownTotal) / total;
        // Unseen is knowable only when the profile listed every value it saw (other == 0), and it matters only
        // for a category: the model has one unseen bucket for all of them. A number training never saw (21 in a
        // 0..20 count) is a value the model scales like any other; it moves the PSI through the pooled bin.
        boolean tracksUnseen = other == 0 && kind == Kind.CATEGORICAL;
        if (tracksUnseen) {
            if (!pooledKnown.isEmpty()) bin = bin.when(x.isin(pooledKnown.toArray()), pooled);
            bin = bin.otherwise(pooled + 1);
        } else {
            bin = bin.otherwise(pooled);
        }
        return new FeatureBins(feature, kind, expected, tracksUnseen, bin);
    }

    private static double[] shares(List<Long> counts) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        return counts.stream().mapToDouble(n -> total == 0 ? 0 : (double) n / total).toArray();
    }
}
