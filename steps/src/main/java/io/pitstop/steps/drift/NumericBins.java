package io.pitstop.steps.drift;

import io.pitstop.steps.profile.DatasetProfile.NumericStats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The bins of one numeric feature of a format-1 profile (which stores no drift bins), from its deciles: bin 0 is (−∞, e₁], bin i is (eᵢ, eᵢ₊₁],
 * the last (eₖ, ∞), over the distinct decile values e. The expected share of each bin is read off the
 * profile's quantile function: P(X ≤ e) is the largest p with quantile(p) ≤ e (the max counts as p = 1).
 * For continuous data that is ~10% per bin; for a discrete column (a 0/1 flag) several deciles
 * coincide and the bins merge, and the expected shares are as coarse as ten quantiles can tell — so the
 * training data itself can show a large PSI. Format-2 profiles store exact counts in their own bins instead.
 *
 * @param edges    the distinct decile values, increasing
 * @param expected the profile's share of values in each bin (edges.size() + 1 bins)
 */
record NumericBins(List<Double> edges, double[] expected) {

    static NumericBins of(NumericStats stats) {
        List<Double> deciles = stats.deciles();
        if (deciles.isEmpty()) throw new IllegalArgumentException("the profile has no deciles for this feature");
        List<Double> edges = new ArrayList<>(new TreeSet<>(deciles));
        double[] cdf = new double[edges.size()];
        for (int i = 0; i < edges.size(); i++) cdf[i] = cumulative(stats, edges.get(i));
        double[] expected = new double[edges.size() + 1];
        double previous = 0;
        for (int i = 0; i < edges.size(); i++) {
            expected[i] = cdf[i] - previous;
            previous = cdf[i];
        }
        expected[edges.size()] = 1 - previous;
        return new NumericBins(List.copyOf(edges), expected);
    }

    private static double cumulative(NumericStats stats, double at) {
        if (stats.max() != null && stats.max() <= at) return 1.0;
        double p = 0;
        List<Double> deciles = stats.deciles();
        for (int k = 0; k < deciles.size(); k++) {
            if (deciles.get(k) <= at) p = (k + 1) / 10.0;
        }
        return p;
    }

    int size() {
        return expected.length;
    }
}
