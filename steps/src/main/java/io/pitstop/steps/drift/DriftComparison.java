package io.pitstop.steps.drift;

import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.drift.DriftReport.FeatureDrift;
import io.pitstop.steps.drift.DriftReport.Outcome;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.lit;

/**
 * Compares a DataFrame with a stored {@link DatasetProfile} (usually the training data's) feature by
 * feature: each feature's values go into the profile's own bins ({@link FeatureBins}: the same range edges,
 * the same values) and the shares are compared by PSI; for a feature whose every training value the profile
 * knows, the share of values it never saw is measured too. Nulls are left out on both sides: completeness
 * has its own checks. The training data compared with its own profile therefore has a PSI of 0 (of about
 * (k − 1)/n when the profile came from a sample of n rows).
 *
 * <p>Costs one scan of the data: Spark bins every feature of a row in compiled code, and each task counts
 * the bins and the rows in one array of counters, whatever the number of features and bins.
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
     * @param features columns to compare; each must be in the profile with drift bins (or, in a format-1
     *                 profile, deciles or value frequencies), and in {@code data}
     */
    public DriftReport compare(Dataset<Row> data, List<String> features) {
        List<String> columns = List.of(data.columns());
        List<FeatureBins> plan = new ArrayList<>();
        for (String f : features) {
            ColumnProfile p = baseline.column(f).orElseThrow(() -> new IllegalArgumentException(
                    "feature '" + f + "' is not in the profile of " + baseline.dataset()));
            if (!columns.contains(f)) {
                throw new IllegalArgumentException("feature '" + f + "' is not a column of the compared data " + columns);
            }
            plan.add(FeatureBins.of(p, baseline.dataset()));
        }

        // The one scan: Spark computes each row's bin per feature, and each task adds them up in its own
        // counters. One aggregate per (feature, bin) instead would exceed Spark's 100-field limit for
        // compiled code on a few dozen features and run at half the speed.
        Column[] binned = new Column[plan.size() + 1];
        binned[0] = lit(0).as("row");
        for (int i = 0; i < plan.size(); i++) binned[i + 1] = plan.get(i).binOf().as("b" + i);
        int[] bins = plan.stream().mapToInt(FeatureBins::bins).toArray();
        long[] counted = data.select(binned).javaRDD().aggregate(new long[1 + IntStream.of(bins).sum()],
                (long[] c, Row r) -> count(c, r, bins), DriftComparison::add);

        long rows = counted[0];
        List<FeatureDrift> out = new ArrayList<>();
        int at = 1;
        for (FeatureBins f : plan) {
            long[] n = java.util.Arrays.copyOfRange(counted, at, at + f.bins());
            at += f.bins();
            out.add(judge(f, n, rows));
        }
        return new DriftReport(baseline.dataset(), rows, thresholds.psiWarning(), thresholds.psiError(),
                thresholds.maxUnseenShare(), thresholds.minRows(), out);
    }

    /** Counters: the rows, then each feature's bins in turn; a null bin (a null value) counts nowhere. */
    private static long[] count(long[] counters, Row row, int[] bins) {
        counters[0]++;
        int at = 1;
        for (int i = 0; i < bins.length; i++) {
            if (!row.isNullAt(i + 1)) counters[at + row.getInt(i + 1)]++;
            at += bins[i];
        }
        return counters;
    }

    private static long[] add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }

    private FeatureDrift judge(FeatureBins f, long[] counts, long rows) {
        long nonNull = 0;
        for (long n : counts) nonNull += n;
        int psiBins = f.expected().length;
        double[] actual = new double[psiBins];
        for (int b = 0; b < psiBins; b++) actual[b] = share(counts[b], nonNull);
        Double unseen = null;
        if (f.tracksUnseen()) {
            unseen = share(counts[psiBins], nonNull);
            actual[psiBins - 1] += unseen; // never seen in training: pooled with the rest for PSI
        }
        double psi = Psi.of(f.expected(), actual);
        long minRows = thresholds.minRows();
        if (rows < minRows) {
            return drift(f, psi, unseen, nonNull, Outcome.NOT_JUDGED, rows + " rows < min_rows " + minRows);
        }
        if (nonNull < minRows) {
            return drift(f, psi, unseen, nonNull, Outcome.NOT_JUDGED, nonNull + " non-null values < min_rows " + minRows);
        }
        if (unseen != null && unseen > thresholds.maxUnseenShare()) {
            return drift(f, psi, unseen, nonNull, Outcome.ERROR, "unseen share " + DriftReport.value(unseen)
                    + " > max_unseen_share " + DriftReport.limit(thresholds.maxUnseenShare()));
        }
        if (psi >= thresholds.psiError()) {
            return drift(f, psi, unseen, nonNull, Outcome.ERROR,
                    "psi " + DriftReport.value(psi) + " >= psi_error " + DriftReport.limit(thresholds.psiError()));
        }
        if (psi >= thresholds.psiWarning()) {
            return drift(f, psi, unseen, nonNull, Outcome.WARNING,
                    "psi " + DriftReport.value(psi) + " >= psi_warning " + DriftReport.limit(thresholds.psiWarning()));
        }
        return drift(f, psi, unseen, nonNull, Outcome.OK, "");
    }

    private static FeatureDrift drift(FeatureBins f, double psi, Double unseen, long nonNull, Outcome outcome,
                                      String reason) {
        return new FeatureDrift(f.feature(), f.kind(), psi, unseen, nonNull, outcome, reason);
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : (double) n / total;
    }
}
