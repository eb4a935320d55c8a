package io.pitstop.steps.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What a binary classifier would do at other decision thresholds: the points of its ROC and
 * precision-recall curves, a threshold table, and the threshold with the best F1 on the test split.
 * A fixed 0.5 can be far from useful on imbalanced data (one user's data gave F1 0.195 there), and a
 * person choosing {@code model: { decision_threshold: ... }} needs to see the trade-off, not one number.
 *
 * <p>Bounded whatever the split's size: the curve has at most {@value #CURVE_POINTS} + 1 points (the
 * thresholds at every percentile of the scores, so the curve is evenly dense in rows, plus the decision
 * threshold), the table {@value #TABLE_STEPS} - 1 grid rows plus the decision and best-F1 thresholds.
 *
 * <pre>
 * "operating_points": { "best_f1": { "threshold": 0.31, "flagged": 402, "precision": 0.52, "recall": 0.79, "fpr": 0.27, "f1": 0.63 },
 *                       "curve": [ ... ], "table": [ ... ] }
 * </pre>
 *
 * @param curve  ROC and PR points, by threshold, highest first
 * @param table  the grid 0.05, 0.10, ... 0.95 with the decision and best-F1 thresholds, lowest first
 * @param bestF1 the threshold among the scores that maximises F1 (the lowest such on a tie)
 */
public record OperatingPoints(List<Point> curve, List<Point> table, Point bestF1) {

    public static final int CURVE_POINTS = 100;
    public static final int TABLE_STEPS = 20;

    public OperatingPoints {
        curve = List.copyOf(curve);
        table = List.copyOf(table);
    }

    /**
     * A row is predicted positive when its score is at or above {@code threshold}, as in {@link Metrics#of}.
     *
     * @param flagged rows predicted positive
     * @param recall  also the true positive rate, the ROC's y
     * @param fpr     false positive rate, the ROC's x
     */
    public record Point(double threshold, long flagged, double precision, double recall, double fpr, double f1) {
    }

    /** From every test row's score and 0/1 label. */
    public static OperatingPoints of(double[] scores, int[] labels, double decisionThreshold) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        var sorted = new Sorted(scores, labels);
        var curveThresholds = new TreeSet<Double>();
        int n = scores.length;
        for (int p = 0; p <= CURVE_POINTS && n > 0; p++) {
            // The score at this percentile of rows, counted from the top: flagging it and everything above.
            int rank = Math.min(n - 1, (int) Math.ceil((double) p * n / CURVE_POINTS) - 1);
            curveThresholds.add(sorted.descending[Math.max(0, rank)]);
        }
        curveThresholds.add(decisionThreshold);
        var curve = new ArrayList<Point>();
        for (double t : curveThresholds.descendingSet()) curve.add(sorted.at(t));
        Point best = sorted.bestF1();
        var tableThresholds = new TreeSet<Double>();
        for (int s = 1; s < TABLE_STEPS; s++) tableThresholds.add((double) s / TABLE_STEPS);
        tableThresholds.add(decisionThreshold);
        if (best != null) tableThresholds.add(best.threshold());
        var table = new ArrayList<Point>();
        for (double t : tableThresholds) table.add(sorted.at(t));
        return new OperatingPoints(curve, table, best);
    }

    /** Scores highest first, with the count of positives among the top k for every k. */
    private static final class Sorted {
        final double[] descending;
        final long[] positivesInTop;
        final long positives;

        Sorted(double[] scores, int[] labels) {
            int n = scores.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            descending = new double[n];
            positivesInTop = new long[n + 1];
            for (int i = 0; i < n; i++) {
                descending[i] = scores[order[i]];
                int label = labels[order[i]];
                if (label != 0 && label != 1) throw new IllegalArgumentException("labels must be 0 or 1, found " + label);
                positivesInTop[i + 1] = positivesInTop[i] + label;
            }
            positives = positivesInTop[n];
        }

        /** Rows scored at or above {@code threshold}: the first index whose score is below it. */
        int flagged(double threshold) {
            int lo = 0, hi = descending.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (descending[mid] >= threshold) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        Point at(double threshold) {
            return point(threshold, flagged(threshold));
        }

        Point point(double threshold, int k) {
            long tp = positivesInTop[k];
            long fp = k - tp;
            long negatives = descending.length - positives;
            double precision = k == 0 ? Double.NaN : (double) tp / k;
            double recall = positives == 0 ? Double.NaN : (double) tp / positives;
            double fpr = negatives == 0 ? Double.NaN : (double) fp / negatives;
            double f1 = tp == 0 ? (positives == 0 && fp == 0 ? Double.NaN : 0.0) : 2.0 * tp / (k + positives);
            return new Point(threshold, k, precision, recall, fpr, f1);
        }

        /** The best F1 over every distinct score as the threshold; null with no positive row. */
        Point bestF1() {
            if (positives == 0) return null;
            Point best = null;
            int n = descending.length;
            for (int k = 1; k <= n; k++) {
                // Only where the next row scores lower: a threshold cannot split tied scores.
                if (k < n && descending[k] == descending[k - 1]) continue;
                double f1 = 2.0 * positivesInTop[k] / (k + positives);
                if (best == null || f1 >= best.f1()) best = point(descending[k - 1], k);
            }
            return best;
        }
    }
}
