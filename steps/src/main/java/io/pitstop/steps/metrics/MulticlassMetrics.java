package io.pitstop.steps.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Multi-class metrics from class probabilities ({@code rows × k}, row order, classes in the model's
 * order) and class indices. The predicted class is the most probable (the first on ties). Macro
 * averages weigh every class alike, weighted ones by support; a class never predicted has
 * precision 0 in the averages (as scikit-learn's default does), and NaN in its own row.
 */
public final class MulticlassMetrics {

    private MulticlassMetrics() {
    }

    /** Mean negative log-probability of the true class, clipped like {@link Metrics#logLoss}. */
    public static double logLoss(double[] probabilities, int[] labels, int k) {
        requireShape(probabilities, labels, k);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(1 - Metrics.EPSILON, Math.max(Metrics.EPSILON, probabilities[i * k + labels[i]]));
            sum -= Math.log(p);
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    public static double accuracy(double[] probabilities, int[] labels, int k) {
        requireShape(probabilities, labels, k);
        long right = 0;
        for (int i = 0; i < labels.length; i++) right += predicted(probabilities, i, k) == labels[i] ? 1 : 0;
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    /** {@code [actual][predicted]} counts. */
    public static long[][] confusion(double[] probabilities, int[] labels, int k) {
        requireShape(probabilities, labels, k);
        long[][] m = new long[k][k];
        for (int i = 0; i < labels.length; i++) m[labels[i]][predicted(probabilities, i, k)]++;
        return m;
    }

    /** Per class: precision, recall, f1, support (NaN where undefined). */
    public static SortedMap<String, SortedMap<String, Double>> perClass(long[][] confusion, List<String> classes) {
        var out = new TreeMap<String, SortedMap<String, Double>>();
        for (int c = 0; c < classes.size(); c++) {
            var m = new TreeMap<String, Double>();
            m.put("precision", precision(confusion, c));
            m.put("recall", recall(confusion, c));
            m.put("f1", f1(confusion, c));
            m.put("support", (double) support(confusion, c));
            out.put(classes.get(c), m);
        }
        return out;
    }

    /**
     * The overall metrics: count, accuracy, log_loss, macro_f1, weighted_f1, macro_precision,
     * macro_recall, and majority_rate — the accuracy of always predicting the most frequent class,
     * the baseline a useful model beats.
     */
    public static SortedMap<String, Double> overall(double[] probabilities, int[] labels, int k) {
        long[][] confusion = confusion(probabilities, labels, k);
        var out = new TreeMap<String, Double>();
        out.put("count", (double) labels.length);
        out.put("accuracy", accuracy(probabilities, labels, k));
        out.put("log_loss", logLoss(probabilities, labels, k));
        double macroF1 = 0, weightedF1 = 0, macroP = 0, macroR = 0;
        long largest = 0;
        for (int c = 0; c < k; c++) {
            long support = support(confusion, c);
            largest = Math.max(largest, support);
            macroF1 += orZero(f1(confusion, c)) / k;
            macroP += orZero(precision(confusion, c)) / k;
            macroR += orZero(recall(confusion, c)) / k;
            weightedF1 += labels.length == 0 ? 0 : orZero(f1(confusion, c)) * support / labels.length;
        }
        out.put("macro_f1", macroF1);
        out.put("weighted_f1", weightedF1);
        out.put("macro_precision", macroP);
        out.put("macro_recall", macroR);
        out.put("majority_rate", labels.length == 0 ? Double.NaN : (double) largest / labels.length);
        return out;
    }

    /** The few a slice shows: count, accuracy, macro_f1, log_loss. */
    public static SortedMap<String, Double> slice(double[] probabilities, int[] labels, int k) {
        var all = overall(probabilities, labels, k);
        var out = new TreeMap<String, Double>();
        for (String name : List.of("count", "accuracy", "macro_f1", "log_loss")) out.put(name, all.get(name));
        return out;
    }

    /** The confusion matrix as nested lists, for JSON. */
    public static List<List<Long>> asLists(long[][] confusion) {
        var rows = new ArrayList<List<Long>>();
        for (long[] row : confusion) rows.add(java.util.Arrays.stream(row).boxed().toList());
        return List.copyOf(rows);
    }

    static int predicted(double[] probabilities, int row, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (probabilities[row * k + j] > probabilities[row * k + best]) best = j;
        return best;
    }

    private static double precision(long[][] m, int c) {
        long predicted = 0;
        for (long[] row : m) predicted += row[c];
        return predicted == 0 ? Double.NaN : (double) m[c][c] / predicted;
    }

    private static double recall(long[][] m, int c) {
        long support = support(m, c);
        return support == 0 ? Double.NaN : (double) m[c][c] / support;
    }

    private static double f1(long[][] m, int c) {
        double p = orZero(precision(m, c));
        double r = recall(m, c);
        if (Double.isNaN(r)) return Double.NaN;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static long support(long[][] m, int c) {
        long n = 0;
        for (long v : m[c]) n += v;
        return n;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static void requireShape(double[] probabilities, int[] labels, int k) {
        if (probabilities.length != (long) labels.length * k) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length
                    + " rows of " + k + " classes");
        }
        for (int label : labels) {
            if (label < 0 || label >= k) throw new IllegalArgumentException("class index " + label + " outside 0.." + (k - 1));
        }
    }
}
