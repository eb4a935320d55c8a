package io.pitstop.steps.drift;

import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.drift.DriftReport.FeatureDrift;
import io.pitstop.steps.drift.DriftReport.Kind;
import io.pitstop.steps.drift.DriftReport.Outcome;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfile.CategoricalStats;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Compares a DataFrame with a stored {@link DatasetProfile} (usually the training data's) feature by
 * feature: PSI over the profile's decile bins for numeric features, PSI over the profile's categories
 * for string features (values the profile never saw form one more bin), and the share of unseen
 * categories. Nulls are left out on both sides: completeness has its own checks.
 *
 * <p>Costs two scans of the data: one aggregation counts every numeric feature's bins, one grouped
 * pass counts every categorical feature's values.
 *
 * <pre>
 * DriftReport report = new DriftComparison(trainingProfile, contract.drift())
 *         .compare(scoringInput, List.of("tenure", "monthly_charges", "contract"));
 * </pre>
 */
public final class DriftComparison {

    private final DatasetProfile baseline;
    private final DriftSpec thresholds;

    public DriftComparison(DatasetProfile baseline, DriftSpec thresholds) {
        this.baseline = baseline;
        this.thresholds = thresholds == null ? DriftSpec.defaults() : thresholds;
    }

    /**
     * @param features columns to compare; each must be in the profile with numeric statistics or value
     *                 frequencies, and in {@code data}
     */
    public DriftReport compare(Dataset<Row> data, List<String> features) {
        Map<String, NumericBins> numeric = new LinkedHashMap<>();
        Map<String, CategoricalStats> categorical = new LinkedHashMap<>();
        List<String> columns = List.of(data.columns());
        for (String f : features) {
            ColumnProfile p = baseline.column(f).orElseThrow(() -> new IllegalArgumentException(
                    "feature '" + f + "' is not in the profile of " + baseline.dataset()));
            if (!columns.contains(f)) {
                throw new IllegalArgumentException("feature '" + f + "' is not a column of the compared data " + columns);
            }
            if (p.numeric() != null && !p.numeric().deciles().isEmpty()) numeric.put(f, NumericBins.of(p.numeric()));
            else if (p.categorical() != null) categorical.put(f, p.categorical());
            else throw new IllegalArgumentException("feature '" + f + "' (" + p.type() + ") has neither deciles nor"
                        + " value frequencies in the profile");
        }
        long[] rows = {-1};
        Map<String, double[]> numericShares = numericShares(data, numeric, rows);
        Map<String, Map<String, Long>> valueCounts = valueCounts(data, categorical.keySet());

        List<FeatureDrift> out = new ArrayList<>();
        for (String f : features) {
            if (numeric.containsKey(f)) {
                double psi = Psi.of(numeric.get(f).expected(), numericShares.get(f));
                out.add(judge(f, Kind.NUMERIC, psi, null));
            } else {
                out.add(categorical(f, categorical.get(f), valueCounts.getOrDefault(f, Map.of())));
            }
        }
        if (rows[0] < 0) rows[0] = data.count();
        return new DriftReport(baseline.dataset(), rows[0], thresholds.psiWarning(), thresholds.psiError(),
                thresholds.maxUnseenShare(), out);
    }

    /** Scan 1: every numeric feature's bin counts in one aggregation, as shares of its non-null values. */
    private static Map<String, double[]> numericShares(Dataset<Row> data, Map<String, NumericBins> numeric, long[] rows) {
        Map<String, double[]> shares = new HashMap<>();
        if (numeric.isEmpty()) return shares;
        List<Column> aggs = new ArrayList<>();
        for (var e : numeric.entrySet()) {
            Column x = col(quote(e.getKey())).cast("double");
            aggs.add(count(x));
            List<Double> edges = e.getValue().edges();
            for (int b = 0; b <= edges.size(); b++) {
                Column inBin = b == 0 ? x.leq(edges.get(0))
                        : b == edges.size() ? x.gt(edges.get(b - 1))
                        : x.gt(edges.get(b - 1)).and(x.leq(edges.get(b)));
                aggs.add(sum(when(inBin, 1L).otherwise(0L)));
            }
        }
        Row r = data.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
        rows[0] = r.getLong(0);
        int at = 1;
        for (var e : numeric.entrySet()) {
            long nonNull = r.getLong(at++);
            double[] s = new double[e.getValue().size()];
            for (int b = 0; b < s.length; b++) {
                long n = r.isNullAt(at) ? 0 : r.getLong(at);
                at++;
                s[b] = nonNull == 0 ? 0 : (double) n / nonNull;
            }
            shares.put(e.getKey(), s);
        }
        return shares;
    }

    /** Scan 2: every categorical feature's value counts in one grouped pass over (feature, value) pairs. */
    private static Map<String, Map<String, Long>> valueCounts(Dataset<Row> data, java.util.Set<String> features) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        if (features.isEmpty()) return out;
        Column[] pairs = features.stream()
                .map(f -> struct(lit(f).as("feature"), col(quote(f)).cast("string").as("value")))
                .toArray(Column[]::new);
        List<Row> counted = data.select(explode(array(pairs)).as("p"))
                .select(col("p.feature"), col("p.value"))
                .where(col("value").isNotNull())
                .groupBy("feature", "value").count()
                .collectAsList();
        for (Row r : counted) out.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
        return out;
    }

    /**
     * Bins: the profile's kept values, its "other" (if it had any), and "unseen". When the profile kept
     * every value, anything new is unseen; when it capped them, a value beyond the cap may be one it
     * counted as other, so those go to the other bin and nothing counts as unseen.
     */
    private FeatureDrift categorical(String feature, CategoricalStats profile, Map<String, Long> counts) {
        List<String> kept = List.copyOf(profile.frequencies().keySet());
        long expectedTotal = profile.nonNull();
        long actualTotal = counts.values().stream().mapToLong(Long::longValue).sum();
        double[] expected = new double[kept.size() + 1];
        double[] actual = new double[kept.size() + 1];
        long beyond = actualTotal;
        for (int i = 0; i < kept.size(); i++) {
            long n = counts.getOrDefault(kept.get(i), 0L);
            beyond -= n;
            expected[i] = share(profile.frequencies().get(kept.get(i)), expectedTotal);
            actual[i] = share(n, actualTotal);
        }
        expected[kept.size()] = share(profile.other(), expectedTotal);
        actual[kept.size()] = share(beyond, actualTotal);
        Double unseen = profile.other() == 0 ? share(beyond, actualTotal) : null;
        return judge(feature, Kind.CATEGORICAL, Psi.of(expected, actual), unseen);
    }

    private FeatureDrift judge(String feature, Kind kind, double psi, Double unseenShare) {
        if (unseenShare != null && unseenShare > thresholds.maxUnseenShare()) {
            return new FeatureDrift(feature, kind, psi, unseenShare, Outcome.ERROR,
                    "unseen share " + fmt(unseenShare) + " > max_unseen_share " + fmt(thresholds.maxUnseenShare()));
        }
        if (psi >= thresholds.psiError()) {
            return new FeatureDrift(feature, kind, psi, unseenShare, Outcome.ERROR,
                    "psi " + fmt(psi) + " >= psi_error " + fmt(thresholds.psiError()));
        }
        if (psi >= thresholds.psiWarning()) {
            return new FeatureDrift(feature, kind, psi, unseenShare, Outcome.WARNING,
                    "psi " + fmt(psi) + " >= psi_warning " + fmt(thresholds.psiWarning()));
        }
        return new FeatureDrift(feature, kind, psi, unseenShare, Outcome.OK, "");
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : (double) n / total;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
