package io.pitstop.steps.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary-classifier metrics from scores (probability of the positive class) and 0/1 labels.
 * Pure Java on arrays: training (per-epoch curves), evaluation and the gate share it, and it is
 * tested on cases small enough to compute by hand.
 */
public final class Metrics {

    /** Log-loss clips probabilities to [EPSILON, 1 - EPSILON] so one confident mistake stays finite. */
    public static final double EPSILON = 1e-15;
    public static final int CALIBRATION_BINS = 10;

    private Metrics() {
    }

    /**
     * Area under the ROC curve, exactly, as the Mann-Whitney statistic: the probability that a random
     * positive scores above a random negative, ties counting one half (mid-ranks). NaN when either
     * class is absent, since the ranking is then undefined.
     */
    public static double auc(double[] scores, int[] labels) {
        requireSameLength(scores, labels);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1.0; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean binary cross-entropy with clipped probabilities; NaN for no rows. */
    public static double logLoss(double[] scores, int[] labels) {
        requireSameLength(scores, labels);
        if (scores.length == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            sum -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum / scores.length;
    }

    /**
     * The sample standard deviation of the rows' cross-entropies ({@link #logLoss} is their mean), so two
     * log-losses measured on different rows can be tested against each other; NaN for fewer than two rows.
     */
    public static double logLossSd(double[] scores, int[] labels) {
        requireSameLength(scores, labels);
        int n = scores.length;
        if (n < 2) return Double.NaN;
        double mean = logLoss(scores, labels);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            double loss = labels[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
            squares += (loss - mean) * (loss - mean);
        }
        return Math.sqrt(squares / (n - 1));
    }

    /** Everything evaluation reports for one set of rows; a row is predicted positive when score >= threshold. */
    public static ClassifierMetrics of(double[] scores, int[] labels, double threshold) {
        requireSameLength(scores, labels);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            boolean actual = labels[i] == 1;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        long n = scores.length;
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = tp == 0 ? (tp + fp + fn == 0 ? Double.NaN : 0.0) : 2 * precision * recall / (precision + recall);
        return new ClassifierMetrics(n, auc(scores, labels), logLoss(scores, labels), ratio(tp + tn, n),
                precision, recall, f1, ratio(tp + fp, n), ratio(tp + fn, n), tp, fp, tn, fn);
    }

    /**
     * Reliability table: {@value #CALIBRATION_BINS} equal-width bins over [0, 1] (a score of exactly
     * 1 falls in the last), each with its row count, mean predicted score and observed positive rate.
     * Every bin is listed, empty ones with count 0 and NaN means, so tables from two models line up.
     */
    public static List<CalibrationBin> calibration(double[] scores, int[] labels) {
        requireSameLength(scores, labels);
        long[] count = new long[CALIBRATION_BINS];
        double[] scoreSum = new double[CALIBRATION_BINS];
        long[] positives = new long[CALIBRATION_BINS];
        for (int i = 0; i < scores.length; i++) {
            int bin = Math.min(CALIBRATION_BINS - 1, Math.max(0, (int) Math.floor(scores[i] * CALIBRATION_BINS)));
            count[bin]++;
            scoreSum[bin] += scores[i];
            positives[bin] += labels[i];
        }
        var bins = new ArrayList<CalibrationBin>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            bins.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, count[b],
                    count[b] == 0 ? Double.NaN : scoreSum[b] / count[b], ratio(positives[b], count[b])));
        }
        return List.copyOf(bins);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    private static void requireSameLength(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, found " + label);
            }
        }
    }
}
