package io.pitstop.steps.reproduce;

import io.pitstop.engine.artifact.ReproductionReport;
import io.pitstop.steps.model.TrainedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two models part by part: the network configuration, the weights (bit for bit, and the largest
 * absolute difference when they are not), the fitted feature transform and the descriptor. Which
 * part differs tells where to look: a transform means different data, weights alone mean the same
 * inputs trained differently (threads, BLAS, hardware).
 *
 * @param maxWeightDifference largest |w1 - w2| over all weights; infinite when the shapes differ
 */
record ModelComparison(String identityA, String identityB, boolean sameConfiguration, boolean sameWeights,
                       double maxWeightDifference, boolean sameTransform, boolean sameDescriptor) {

    static ModelComparison of(TrainedModel a, TrainedModel b) {
        float[] wa = a.parameters();
        float[] wb = b.parameters();
        double max = 0;
        boolean sameBits = wa.length == wb.length;
        if (wa.length != wb.length) {
            max = Double.POSITIVE_INFINITY;
        } else {
            for (int i = 0; i < wa.length; i++) {
                if (Float.floatToIntBits(wa[i]) != Float.floatToIntBits(wb[i])) sameBits = false;
                max = Math.max(max, Math.abs((double) wa[i] - wb[i]));
            }
        }
        return new ModelComparison(a.identity(), b.identity(), a.configurationJson().equals(b.configurationJson()),
                sameBits, max, a.transform().toJson().equals(b.transform().toJson()),
                a.descriptor().equals(b.descriptor()));
    }

    boolean identical() {
        return identityA.equals(identityB);
    }

    /** The parts that differ, in words. */
    String summary() {
        List<String> parts = new ArrayList<>();
        if (!sameConfiguration) parts.add("network configuration");
        if (!sameWeights) {
            parts.add(Double.isInfinite(maxWeightDifference) ? "weights (different shapes)"
                    : String.format(Locale.ROOT, "weights (largest difference %.3g)", maxWeightDifference));
        }
        if (!sameTransform) parts.add("feature transform");
        if (!sameDescriptor) parts.add("descriptor");
        return parts.isEmpty() ? "identity only" : String.join(", ", parts);
    }

    ReproductionReport.ModelParts parts() {
        return new ReproductionReport.ModelParts(identityA, identityB, sameConfiguration, sameWeights,
                Double.isInfinite(maxWeightDifference) ? null : maxWeightDifference, sameTransform, sameDescriptor);
    }
}
