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

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Compares a DataFrame with a stored {@link DatasetProfile} (usually the training data's) feature by
 * feature: each feature's values go into the profile's own bins ({@link FeatureBins}: the same range edges,
 * the same values) and the shares are compared by PSI; for a feature whose every training value the profile
 * knows, the share of values it never saw is measured too. Nulls are left out on both sides: completeness
 * has its own checks. The training data compared with its own profile therefore has a PSI of 0 (of about
 * (k − 1)/n when the profile came from a sample of n rows).
 *
 * <p>Costs one scan of the data: one aggregation counts every feature's bins and the rows.
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

        // The one scan: each row's bin per feature, then a count per (feature, bin) and of the rows.
        List<Column> binned = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) binned.add(plan.get(i).binOf().as("b" + i));
        List<Column> counts = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            for (int b = 0; b < plan.get(i).bins(); b++) counts.add(count(when(col("b" + i).equalTo(b), true)));
        }
        Dataset<Row> bins = binned.isEmpty() ? data.select(lit(0).as("none")) : data.select(binned.toArray(Column[]::new));
        Row r = bins.agg(count(lit(1)), counts.toArray(Column[]::new)).first();

        long rows = r.getLong(0);
        List<FeatureDrift> out = new ArrayList<>();
        int at = 1;
        for (FeatureBins f : plan) {
            long[] n = new long[f.bins()];
            for (int b = 0; b < n.length; b++) n[b] = r.getLong(at++);
            out.add(judge(f, n, rows));
        }
        return new DriftReport(baseline.dataset(), rows, thresholds.psiWarning(), thresholds.psiError(),
                thresholds.maxUnseenShare(), thresholds.minRows(), out);
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
