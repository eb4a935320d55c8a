package io.pitstop.steps.metrics;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Regression metrics from predictions and actual values: count, rmse, mae, r2, and baseline_rmse —
 * the RMSE of predicting these rows' own mean, which a useful model beats (r2 = 1 - (rmse /
 * baseline_rmse)^2). r2 is NaN when every actual value is the same.
 */
public final class RegressionMetrics {

    private RegressionMetrics() {
    }

    public static SortedMap<String, Double> of(double[] predictions, double[] actual) {
        if (predictions.length != actual.length) {
            throw new IllegalArgumentException(predictions.length + " predictions but " + actual.length + " values");
        }
        int n = actual.length;
        double mean = 0;
        for (double a : actual) mean += a / n;
        double squared = 0, absolute = 0, total = 0;
        for (int i = 0; i < n; i++) {
            double d = predictions[i] - actual[i];
            squared += d * d;
            absolute += Math.abs(d);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        var out = new TreeMap<String, Double>();
        out.put("count", (double) n);
        out.put("rmse", n == 0 ? Double.NaN : Math.sqrt(squared / n));
        out.put("mae", n == 0 ? Double.NaN : absolute / n);
        out.put("r2", n == 0 || total == 0 ? Double.NaN : 1 - squared / total);
        out.put("baseline_rmse", n == 0 ? Double.NaN : Math.sqrt(total / n));
        return out;
    }
}
