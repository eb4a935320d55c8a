package io.pitstop.steps.train;

import io.pitstop.steps.metrics.Metrics;
import io.pitstop.steps.metrics.MulticlassMetrics;
import io.pitstop.steps.model.ModelTask;
import io.pitstop.steps.model.Target;

import java.util.List;

/**
 * The per-epoch loss and validation metric of a task, from the network's raw outputs and the
 * encoded labels: binary log-loss and AUC, multi-class cross-entropy and accuracy, regression mean
 * squared error (standardised, as trained) and RMSE (in the label's units, as reported).
 */
final class TaskCurves {

    /** What every network was before tasks: the probability that the label is "1". */
    static final Target BINARY_TARGET = new Target(ModelTask.BINARY, "1", List.of(), 0, 1);

    private final Target target;

    TaskCurves(Target target) {
        this.target = target;
    }

    /** The curve's name in the run record: {@code validation_auc}, {@code validation_accuracy}, {@code validation_rmse}. */
    static String metricName(ModelTask task) {
        return "validation_" + switch (task) {
            case BINARY -> "auc";
            case MULTICLASS -> "accuracy";
            case REGRESSION -> "rmse";
        };
    }

    /** Whether a larger metric is a better epoch. */
    static boolean higherIsBetter(ModelTask task) {
        return task != ModelTask.REGRESSION;
    }

    double loss(double[] outputs, EncodedRows rows) {
        return switch (target.task()) {
            case BINARY -> Metrics.logLoss(outputs, rows.intLabels());
            case MULTICLASS -> MulticlassMetrics.logLoss(outputs, rows.intLabels(), target.outputs());
            case REGRESSION -> meanSquaredError(outputs, rows.labels());
        };
    }

    double metric(double[] outputs, EncodedRows rows) {
        return switch (target.task()) {
            case BINARY -> Metrics.auc(outputs, rows.intLabels());
            case MULTICLASS -> MulticlassMetrics.accuracy(outputs, rows.intLabels(), target.outputs());
            case REGRESSION -> Math.sqrt(meanSquaredError(outputs, rows.labels())) * target.scale();
        };
    }

    private static double meanSquaredError(double[] outputs, float[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double d = outputs[i] - labels[i];
            sum += d * d;
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }
}
